"""midonet-sim: agents, hosts, interfaces, bindings and host versions."""
import json

from simhelp import (add_member, bridge, bridge_port, call, create, expect_error, get,
                     tunnel_zone, zk_children, zk_data, zk_exists, UUID_RE)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"


def test_agent_registration(h):
    sim = h.sim()
    a = h.agent("node1", root=sim.root, addresses=["10.0.0.1"],
                interfaces=["eth0=10.0.0.1", "eth1=192.168.7.7", "lo"])
    assert UUID_RE.match(a.id)
    meta = zk_data(h, sim, "/hosts/" + a.id)
    assert meta["name"] == "node1" and meta["addresses"] == ["10.0.0.1", "192.168.7.7"], meta
    assert isinstance(meta["epoch"], int)
    assert h.zk_get(sim.root + "/hosts/%s/alive" % a.id) == b""
    assert zk_exists(h, sim, "/versions/1.9/" + a.id)
    assert zk_children(h, sim, "/hosts/%s/interfaces" % a.id) == ["eth0", "eth1", "lo"]
    for d in ("vrnMappings/ports", "tunnel_zones"):
        assert zk_exists(h, sim, "/hosts/%s/%s" % (a.id, d)), d
    # Over HTTP.
    hosts = get(h, sim, "/hosts", accept="collection.Host-v3")
    assert [x["id"] for x in hosts] == [a.id]
    host = hosts[0]
    assert host["name"] == "node1" and host["alive"] is True
    assert host["addresses"] == ["/10.0.0.1", "/192.168.7.7"], host["addresses"]
    assert host["floodingProxyWeight"] == 1
    assert host["uri"] == sim.url + "/hosts/" + a.id
    assert host["interfaces"] == host["uri"] + "/interfaces" and host["ports"] == host["uri"] + "/ports"
    assert [i["name"] for i in host["hostInterfaces"]] == ["eth0", "eth1", "lo"]
    v2 = get(h, sim, host["uri"], accept="Host-v2")
    assert "hostInterfaces" not in v2 and v2["interfaces"] == host["interfaces"]
    ifaces = get(h, sim, host["interfaces"], accept="collection.Interface-v1")
    eth0 = [i for i in ifaces if i["name"] == "eth0"][0]
    assert eth0["hostId"] == a.id and eth0["addresses"] == ["10.0.0.1"], eth0
    assert eth0["uri"] == host["uri"] + "/interfaces/eth0" and eth0["mtu"] == 1500
    assert eth0["type"] == "Physical" and eth0["endpoint"] == "PHYSICAL" and eth0["status"] == 3
    assert len(eth0["mac"]) == 17, eth0["mac"]
    assert get(h, sim, eth0["uri"], accept="Interface-v1") == eth0
    expect_error(h, sim, "GET", host["uri"] + "/interfaces/nope", 404)
    expect_error(h, sim, "GET", "/hosts/" + MISSING, 404, "No host with ID %s exists." % MISSING)
    # Host versions.
    vers = get(h, sim, "/versions", accept="HostVersion-v1")
    assert vers == [{"version": "1.9", "hostId": a.id, "host": host["uri"],
                     "uri": sim.url + "/versions"}], vers
    # Liveness ends with the agent's session.
    assert a.stop() == 0
    host = get(h, sim, host["uri"])
    assert host["alive"] is False, host
    assert get(h, sim, host["interfaces"]) == []
    assert get(h, sim, "/versions") == []
    # The same name gives the same host again.
    b = h.agent("node1", root=sim.root)
    assert b.id == a.id
    assert get(h, sim, host["uri"])["alive"] is True
    assert zk_data(h, sim, "/hosts/" + a.id)["epoch"] > meta["epoch"]
    c = h.agent("other", root=sim.root, id="ABCDEF01-2345-4678-9abc-def012345678")
    assert c.id == "abcdef01-2345-4678-9abc-def012345678"
    assert sorted(x["id"] for x in get(h, sim, "/hosts")) == sorted([a.id, c.id])
    assert sim.stop() == 0


def test_host_put_and_delete(h):
    sim = h.sim()
    a = h.agent("node1", root=sim.root, addresses=["10.0.0.1"])
    uri = sim.url + "/hosts/" + a.id
    st, _, body = call(h, sim, "PUT", uri, body={"floodingProxyWeight": 7}, ctype="Host-v2")
    assert st == 200 and body is None, (st, body)
    assert get(h, sim, uri)["floodingProxyWeight"] == 7
    assert zk_data(h, sim, "/hosts/%s/flooding_proxy_weight" % a.id) == 7
    # Python PUTs the whole representation; only the weight changes.
    host = get(h, sim, uri, accept="Host-v3")
    host.update(floodingProxyWeight=0, name="renamed")
    st, _, _ = call(h, sim, "PUT", uri, body=host, ctype="Host-v3")
    assert st == 200
    got = get(h, sim, uri)
    assert got["floodingProxyWeight"] == 0 and got["name"] == "node1"
    expect_error(h, sim, "PUT", uri, 400, "Flooding proxy weight must not be null.",
                 body={"name": "x"}, ctype="Host-v2")
    out = expect_error(h, sim, "PUT", uri, 400, "Validation error(s) found",
                       body={"floodingProxyWeight": 70000}, ctype="Host-v2")
    assert out["violations"][0]["property"] == "floodingProxyWeight"
    expect_error(h, sim, "PUT", "/hosts/" + MISSING, 404, body={"floodingProxyWeight": 1},
                 ctype="Host-v2")
    # DELETE: refused while alive, then while bound; allowed when dead and unbound.
    expect_error(h, sim, "DELETE", uri, 403,
                 "Midolman Agent is still active on this host. You must remove all port "
                 "bindings on this host and shutdown midolman before deleting this host.")
    tz = tunnel_zone(h, sim)
    add_member(h, sim, tz, a.id, "10.0.0.1")
    port = bridge_port(h, sim, bridge(h, sim))
    create(h, sim, uri + "/ports", {"portId": port["id"], "interfaceName": "tap0"},
           "HostInterfacePort-v1")
    a.stop()
    expect_error(h, sim, "DELETE", uri, 403,
                 "Port bindings still exist on this host. You must remove all port bindings "
                 "on this host and shutdown midolman before deleting this host.")
    st, _, _ = call(h, sim, "DELETE", uri + "/ports/" + port["id"])
    assert st == 204
    for _ in range(2):
        st, _, _ = call(h, sim, "DELETE", uri)
        assert st == 204, st
    assert get(h, sim, "/hosts") == [] and not zk_exists(h, sim, "/hosts/" + a.id)
    assert get(h, sim, tz["hosts"], accept="collection.GreTunnelZoneHost-v1") == []
    assert sim.stop() == 0


def test_bindings(h):
    sim = h.sim()
    a = h.agent("node1", root=sim.root, interfaces=["eth0=10.0.0.1"])
    uri = sim.url + "/hosts/" + a.id
    br = bridge(h, sim)
    p1, p2 = bridge_port(h, sim, br), bridge_port(h, sim, br)
    body = {"portId": p1["id"], "interfaceName": "tap1"}
    # Check order: the port first, then the host's tunnel zone, then the interface.
    expect_error(h, sim, "POST", uri + "/ports", 400, "Port ID is not valid.",
                 body={"portId": MISSING, "interfaceName": "tap1"}, ctype="HostInterfacePort-v1")
    expect_error(h, sim, "POST", uri + "/ports", 400, "The specified host is not in any tunnel zone.",
                 body=body, ctype="HostInterfacePort-v1")
    expect_error(h, sim, "POST", "/hosts/%s/ports" % MISSING, 400,
                 "The specified host is not in any tunnel zone.", body=body,
                 ctype="HostInterfacePort-v1")
    out = expect_error(h, sim, "POST", uri + "/ports", 400, "Validation error(s) found",
                       body={"portId": p1["id"]}, ctype="HostInterfacePort-v1")
    assert out["violations"][0]["property"] == "interfaceName"
    tz = tunnel_zone(h, sim)
    add_member(h, sim, tz, a.id, "10.0.0.1")
    loc = create(h, sim, uri + "/ports", body, "HostInterfacePort-v1")
    assert loc == uri + "/ports/" + p1["id"]
    b = get(h, sim, loc, accept="HostInterfacePort-v1")
    assert b == {"hostId": a.id, "portId": p1["id"], "interfaceName": "tap1", "uri": loc,
                 "host": uri, "port": p1["uri"]}, b
    assert get(h, sim, uri + "/ports", accept="collection.HostInterfacePort-v1") == [b]
    port = get(h, sim, p1["uri"])
    assert port["hostId"] == a.id and port["interfaceName"] == "tap1"
    assert port["hostInterfacePort"] == loc and port["host"] == uri
    assert get(h, sim, p1["uri"], accept="Port-v1")["type"] == "ExteriorBridge"
    assert zk_data(h, sim, "/hosts/%s/vrnMappings/ports/%s" % (a.id, p1["id"])) == {
        "virtualPortId": p1["id"], "localDeviceName": "tap1"}
    expect_error(h, sim, "POST", uri + "/ports", 400, "Interface is already bound to a port.",
                 body={"portId": p2["id"], "interfaceName": "tap1"}, ctype="HostInterfacePort-v1")
    # A bound port cannot be linked.
    rp = create(h, sim, "/routers", {"tenantId": "t"}, "Router-v2")
    rport = create(h, sim, rp + "/ports", {"type": "Router", "networkAddress": "10.1.0.0",
                                            "networkLength": 24, "portAddress": "10.1.0.1"},
                   "Port-v2")
    out = expect_error(h, sim, "POST", p1["uri"] + "/link", 400, body={"peerId": rport.rsplit("/", 1)[1]},
                       ctype="PortLink-v1")
    assert out["violations"] == [{"property": "link", "message": "Ports are not linkable."}]
    expect_error(h, sim, "GET", uri + "/ports/" + p2["id"], 404, "Mapping does not exist")
    # Deleting the port removes its binding.
    st, _, _ = call(h, sim, "DELETE", p1["uri"])
    assert st == 204
    assert get(h, sim, uri + "/ports") == []
    # Unbinding clears the port's host and interface.
    create(h, sim, uri + "/ports", {"portId": p2["id"], "interfaceName": "tap1"},
           "HostInterfacePort-v1")
    for _ in range(2):
        st, _, _ = call(h, sim, "DELETE", uri + "/ports/" + p2["id"])
        assert st == 204
    port = get(h, sim, p2["uri"])
    assert port["hostId"] is None and port["interfaceName"] is None
    assert sim.stop() == 0


def test_host_media_types(h):
    sim = h.sim()
    a = h.agent("n", root=sim.root)
    st, hd, _ = call(h, sim, "GET", "/hosts/" + a.id)
    assert st == 200 and hd["content-type"].startswith("application/vnd.org.midonet.Host-v3+json")
    expect_error(h, sim, "GET", "/hosts", 406, accept="collection.Host-v1")
    body = get(h, sim, "/hosts/" + a.id, accept="application/json")
    assert "hostInterfaces" not in body and body["alive"] is True
    expect_error(h, sim, "POST", "/hosts", 405, body={}, ctype="Host-v2")
    json.dumps(body)
