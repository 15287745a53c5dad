"""midonet-sim: port groups and their members, IP address groups and their addresses."""
from simhelp import (bridge, bridge_port, call, create, create_get, expect_error,
                     expect_violation, get, router, router_port, zk_children, zk_data,
                     zk_exists)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"
ISE = "An internal server error has occurred, please try again."


def delete(h, sim, uri):
    st, _, _ = call(h, sim, "DELETE", uri)
    assert st == 204, (uri, st)


def port_group(h, sim, name="pg", tenant="admin", **extra):
    body = {"name": name, "tenantId": tenant}
    body.update(extra)
    return create_get(h, sim, "/port_groups", body, "PortGroup-v1")


def ip_group(h, sim, name="ipg", **extra):
    body = {"name": name}
    body.update(extra)
    return create_get(h, sim, "/ip_addr_groups", body, "IpAddrGroup-v1")


def test_port_groups(h):
    sim = h.sim()
    g = port_group(h, sim, name="web", tenant="t1", stateful=True)
    assert g["name"] == "web" and g["tenantId"] == "t1" and g["stateful"] is True
    assert g["uri"] == sim.url + "/port_groups/" + g["id"] and g["ports"] == g["uri"] + "/ports"
    assert zk_data(h, sim, "/port_groups/" + g["id"]) == {
        "name": "web", "stateful": True, "properties": {"tenant_id": "t1"}}
    assert zk_exists(h, sim, "/port_groups/%s/rules" % g["id"])
    g2 = port_group(h, sim, name="db", tenant="t2")
    assert g2["stateful"] is False
    assert [x["id"] for x in get(h, sim, "/port_groups", accept="collection.PortGroup-v1")] == \
        [g["id"], g2["id"]]
    assert [x["id"] for x in get(h, sim, "/port_groups?tenant_id=t2")] == [g2["id"]]
    expect_error(h, sim, "GET", g["uri"], 406, accept="application/json")
    expect_error(h, sim, "GET", "/port_groups/" + MISSING, 404,
                 "No port group with ID %s exists." % MISSING, accept="PortGroup-v1")
    expect_violation(h, sim, "POST", "/port_groups", "name", "may not be null", {"tenantId": "a"},
                     "PortGroup-v1")
    expect_violation(h, sim, "POST", "/port_groups", "name", "size must be between 1 and 255",
                     {"tenantId": "a", "name": "x" * 256}, "PortGroup-v1")
    expect_error(h, sim, "POST", "/port_groups", 500, ISE,
                 body={"id": g["id"], "tenantId": "a", "name": "x"}, ctype="PortGroup-v1")
    expect_error(h, sim, "PUT", g["uri"], 405, body={"name": "x"}, ctype="PortGroup-v1")
    for _ in range(2):
        delete(h, sim, g2["uri"])
    assert not zk_exists(h, sim, "/port_groups/" + g2["id"])
    assert sim.stop() == 0


def test_port_group_members(h):
    sim = h.sim()
    g, g2 = port_group(h, sim), port_group(h, sim, name="other")
    br, rt = bridge(h, sim), router(h, sim)
    bp, rp = bridge_port(h, sim, br), router_port(h, sim, rt)
    loc = create(h, sim, g["ports"], {"portId": bp["id"]}, "PortGroupPort-v1")
    assert loc == g["ports"] + "/" + bp["id"]
    m = get(h, sim, loc, accept="PortGroupPort-v1")
    assert m == {"portGroupId": g["id"], "portId": bp["id"], "uri": loc, "port": bp["uri"],
                 "portGroup": g["uri"]}, m
    create(h, sim, g["ports"], {"portId": rp["id"]}, "application/json")
    create(h, sim, g2["ports"], {"portId": bp["id"]}, "PortGroupPort-v1")
    assert zk_children(h, sim, "/port_groups/%s/ports" % g["id"]) == sorted([bp["id"], rp["id"]])
    assert zk_data(h, sim, "/ports/" + bp["id"])["portGroupIDs"] == [g["id"], g2["id"]]
    assert [x["portId"] for x in get(h, sim, g["ports"], accept="collection.PortGroupPort-v1")] == \
        [bp["id"], rp["id"]]
    # The port's side: PortGroupPort objects, or PortGroup objects for the v1 group type.
    mine = get(h, sim, bp["portGroups"], accept="collection.PortGroupPort-v1")
    assert [x["portGroupId"] for x in mine] == [g["id"], g2["id"]]
    assert [x["name"] for x in get(h, sim, bp["portGroups"], accept="collection.PortGroup-v1")] == \
        ["pg", "other"]
    assert [x["id"] for x in get(h, sim, "/port_groups?port_id=%s&tenant_id=nobody" % rp["id"])] == \
        [g["id"]]
    expect_error(h, sim, "GET", "/port_groups?port_id=nope", 404)
    # Errors.
    expect_error(h, sim, "POST", "/port_groups/%s/ports" % MISSING, 404, "Port group ID is not valid.",
                 body={"portId": bp["id"]}, ctype="PortGroupPort-v1")
    expect_violation(h, sim, "POST", g["ports"], "portId", "may not be null", {}, "PortGroupPort-v1")
    expect_error(h, sim, "POST", g["ports"], 500, ISE, body={"portId": MISSING},
                 ctype="PortGroupPort-v1")
    expect_error(h, sim, "GET", g["ports"] + "/" + MISSING, 404, "The requested resource was not found.")
    expect_error(h, sim, "GET", "/ports/%s/port_groups" % MISSING, 404)
    # Removing a member; deleting a port drops its memberships.
    for _ in range(2):
        delete(h, sim, g["ports"] + "/" + rp["id"])
    assert zk_data(h, sim, "/ports/" + rp["id"])["portGroupIDs"] == []
    delete(h, sim, bp["uri"])
    assert zk_children(h, sim, "/port_groups/%s/ports" % g["id"]) == []
    assert zk_children(h, sim, "/port_groups/%s/ports" % g2["id"]) == []
    # Deleting a group drops it from its members and deletes the rules naming it.
    create(h, sim, g2["ports"], {"portId": rp["id"]}, "PortGroupPort-v1")
    ch = create_get(h, sim, "/chains", {"name": "c", "tenantId": "admin"}, "Chain-v1")
    keep = create_get(h, sim, ch["rules"], {"type": "accept"}, "Rule-v2")
    r = create_get(h, sim, ch["rules"], {"type": "drop", "portGroup": g2["id"], "invPortGroup": True},
                   "Rule-v2")
    assert r["portGroup"] == g2["id"] and r["invPortGroup"] is True
    assert zk_children(h, sim, "/port_groups/%s/rules" % g2["id"]) == [r["id"]]
    expect_error(h, sim, "POST", ch["rules"], 500, ISE, body={"type": "drop", "portGroup": MISSING},
                 ctype="Rule-v2")
    delete(h, sim, g2["uri"])
    assert not zk_exists(h, sim, "/rules/" + r["id"])
    assert [x["id"] for x in get(h, sim, ch["rules"])] == [keep["id"]]
    assert zk_data(h, sim, "/ports/" + rp["id"])["portGroupIDs"] == []
    assert sim.stop() == 0


def test_ip_addr_groups(h):
    sim = h.sim()
    g = ip_group(h, sim, name="hosts")
    assert g["name"] == "hosts" and g["uri"] == sim.url + "/ip_addr_groups/" + g["id"]
    assert g["addrs"] == g["uri"] + "/ip_addrs"
    assert zk_data(h, sim, "/ip_addr_groups/" + g["id"]) == {"id": g["id"], "name": "hosts"}
    g2 = ip_group(h, sim, name="two", id=MISSING)
    assert g2["id"] == MISSING
    assert [x["id"] for x in get(h, sim, "/ip_addr_groups", accept="collection.IpAddrGroup-v1")] == \
        [g["id"], g2["id"]]
    expect_error(h, sim, "POST", "/ip_addr_groups", 400,
                 "An IP address group with the ID %s already exists." % MISSING,
                 body={"id": MISSING, "name": "again"}, ctype="IpAddrGroup-v1")
    expect_violation(h, sim, "POST", "/ip_addr_groups", "name", "may not be null", {},
                     "IpAddrGroup-v1")
    expect_error(h, sim, "POST", "/ip_addr_groups", 415, body={"name": "x"}, ctype="application/json")
    # Addresses, v4 and v6.
    loc = create(h, sim, g["addrs"], {"version": 4, "addr": "10.0.0.1"}, "IpAddrGroupAddr-v1")
    assert loc == g["uri"] + "/versions/4/ip_addrs/10.0.0.1"
    a = get(h, sim, loc, accept="IpAddrGroupAddr-v1")
    assert a == {"addr": "10.0.0.1", "ipAddrGroupId": g["id"], "version": 4, "uri": loc,
                 "ipAddrGroup": g["uri"]}, a
    loc6 = create(h, sim, g["addrs"], {"version": 6, "addr": "fe80::1"}, "IpAddrGroupAddr-v1")
    assert loc6 == g["uri"] + "/versions/6/ip_addrs/fe80:0:0:0:0:0:0:1"
    assert get(h, sim, g["uri"] + "/versions/6/ip_addrs/fe80::1")["addr"] == "fe80:0:0:0:0:0:0:1"
    create(h, sim, g["addrs"], {"version": 4, "addr": "10.0.0.1"}, "IpAddrGroupAddr-v1")   # again: fine
    assert zk_children(h, sim, "/ip_addr_groups/%s/addrs" % g["id"]) == ["10.0.0.1", "fe80:0:0:0:0:0:0:1"]
    got = get(h, sim, g["addrs"], accept="collection.IpAddrGroupAddr-v1")
    assert [(x["addr"], x["version"]) for x in got] == [("10.0.0.1", 4), ("fe80:0:0:0:0:0:0:1", 6)]
    # Errors.
    expect_error(h, sim, "POST", g["addrs"], 400, body={"version": 5, "addr": "10.0.0.2"},
                 ctype="IpAddrGroupAddr-v1")
    expect_error(h, sim, "POST", g["addrs"], 400, body={"addr": "10.0.0.2"}, ctype="IpAddrGroupAddr-v1")
    expect_error(h, sim, "POST", g["addrs"], 400, "10.0.0.256 is not a valid IP address",
                 body={"version": 4, "addr": "10.0.0.256"}, ctype="IpAddrGroupAddr-v1")
    other = "1b6f4b8e-1111-4222-8333-444455556666"
    expect_error(h, sim, "POST", "/ip_addr_groups/%s/ip_addrs" % other, 404,
                 "IP address group does not exist: " + other,
                 body={"version": 4, "addr": "10.0.0.2"}, ctype="IpAddrGroupAddr-v1")
    expect_error(h, sim, "GET", "/ip_addr_groups/%s/ip_addrs" % other, 404,
                 "IP address group does not exist: " + other)
    expect_error(h, sim, "GET", "/ip_addr_groups/" + other, 404, "The requested resource was not found.")
    expect_error(h, sim, "GET", g["uri"] + "/versions/5/ip_addrs/10.0.0.1", 400, "Invalid IP version: 5")
    expect_error(h, sim, "GET", g["uri"] + "/versions/x/ip_addrs/10.0.0.1", 404)
    expect_error(h, sim, "GET", g["uri"] + "/versions/4/ip_addrs/10.0.0.9", 404,
                 "The IP address group does not contain the specified address: 10.0.0.9")
    for _ in range(2):
        delete(h, sim, loc)
    assert zk_children(h, sim, "/ip_addr_groups/%s/addrs" % g["id"]) == ["fe80:0:0:0:0:0:0:1"]
    # Rules naming a group are indexed under it and deleted with it.
    ch = create_get(h, sim, "/chains", {"name": "c", "tenantId": "admin"}, "Chain-v1")
    r = create_get(h, sim, ch["rules"], {"type": "drop", "ipAddrGroupSrc": g["id"],
                                         "ipAddrGroupDst": g["id"], "invIpAddrGroupDst": True},
                   "Rule-v2")
    assert r["ipAddrGroupSrc"] == g["id"] and r["invIpAddrGroupDst"] is True
    r2 = create_get(h, sim, ch["rules"], {"type": "drop", "ipAddrGroupDst": g2["id"]}, "Rule-v2")
    assert zk_children(h, sim, "/ip_addr_groups/%s/rules" % g["id"]) == [r["id"]]
    delete(h, sim, g["uri"])
    assert not zk_exists(h, sim, "/ip_addr_groups/" + g["id"]) and not zk_exists(h, sim, "/rules/" + r["id"])
    assert [x["id"] for x in get(h, sim, ch["rules"])] == [r2["id"]]
    delete(h, sim, g["uri"])
    # Deleting the rule drops its index entry.
    delete(h, sim, r2["uri"])
    assert zk_children(h, sim, "/ip_addr_groups/%s/rules" % g2["id"]) == []
    assert sim.stop() == 0
