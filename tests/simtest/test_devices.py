"""midonet-sim: bridges, routers and tenants, over HTTP and in ZooKeeper."""
from simhelp import (bridge, call, create, expect_error, expect_violation, get, router,
                     zk_children, zk_data, zk_exists, UUID_RE)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"
ISE = "An internal server error has occurred, please try again."


def test_bridge_crud(h):
    sim = h.sim()
    br = bridge(h, sim, name="br0", tenant="t1")
    assert UUID_RE.match(br["id"])
    assert br["name"] == "br0" and br["tenantId"] == "t1" and br["adminStateUp"] is True
    assert br["uri"] == sim.url + "/bridges/" + br["id"]
    assert br["ports"] == br["uri"] + "/ports" and br["peerPorts"] == br["uri"] + "/peer_ports"
    assert br["dhcpSubnets"] == br["uri"] + "/dhcp" and br["dhcpSubnet6s"] == br["uri"] + "/dhcpV6"
    assert br["macTable"] == br["uri"] + "/mac_table" and br["arpTable"] == br["uri"] + "/arp_table"
    assert br["vlanMacTableTemplate"] == br["uri"] + "/vlans/{vlanId}/mac_table"
    assert br["macPortTemplate"] == br["uri"] + "/mac_table/{macAddress}_{portId}"
    for key in ("vxLanPorts", "vxLanPortId", "vxLanPortIds", "vxLanPort", "inboundFilterId",
                "outboundFilterId", "inboundFilter", "outboundFilter"):
        assert key in br and br[key] is None, key
    # ZooKeeper: the wrapped BridgeConfig, its children, the tunnel key, filter and tenant.
    cfg = zk_data(h, sim, "/bridges/" + br["id"])
    assert cfg["properties"] == {"tenant_id": "t1"} and cfg["name"] == "br0", cfg
    assert cfg["adminStateUp"] is True and cfg["inboundFilter"] is None
    assert "vxLanPortId" in cfg and "vxLanPortIds" in cfg
    gre = "/gre/%010d" % cfg["tunnelKey"]
    assert zk_data(h, sim, gre) == {"ownerId": br["id"]}
    for d in ("ports", "logical-ports", "dhcp", "dhcpV6", "mac_ports", "ip4_mac_map", "vlans"):
        assert zk_exists(h, sim, "/bridges/%s/%s" % (br["id"], d)), d
    assert zk_exists(h, sim, "/filters/" + br["id"])
    assert zk_children(h, sim, "/tenants") == ["t1"]
    # With an id given.
    given = "7e5f3a52-9d7c-4d1e-8a61-0123456789ab"
    loc = create(h, sim, "/bridges", {"id": given, "tenantId": "t1"}, "Bridge-v3")
    assert loc.endswith("/bridges/" + given)
    # A duplicate id is a ZooKeeper NodeExists: 500.
    expect_error(h, sim, "POST", "/bridges", 500, ISE, body={"id": given, "tenantId": "t1"},
                 ctype="Bridge-v3")
    # PUT is a full replacement: omitted fields become defaults.
    st, _, _ = call(h, sim, "PUT", br["uri"], body={"tenantId": "t1", "adminStateUp": False},
                    ctype="Bridge-v3")
    assert st == 204
    got = get(h, sim, br["uri"])
    assert got["name"] is None and got["adminStateUp"] is False, got
    assert zk_data(h, sim, "/bridges/" + br["id"])["tunnelKey"] == cfg["tunnelKey"]
    # Python PUTs the whole GET representation.
    got["name"] = "renamed"
    st, _, _ = call(h, sim, "PUT", br["uri"], body=got, ctype="Bridge-v3")
    assert st == 204 and get(h, sim, br["uri"])["name"] == "renamed"
    # DELETE, twice.
    for _ in range(2):
        st, _, body = call(h, sim, "DELETE", br["uri"])
        assert st == 204 and body is None
    assert not zk_exists(h, sim, "/bridges/" + br["id"])
    assert not zk_exists(h, sim, "/filters/" + br["id"]) and not zk_exists(h, sim, gre)
    assert zk_children(h, sim, "/tenants") == ["t1"], "tenants are never deleted"
    assert [b["id"] for b in get(h, sim, "/bridges")] == [given]
    assert sim.stop() == 0


def test_bridge_validation(h):
    sim = h.sim()
    expect_violation(h, sim, "POST", "/bridges", "tenantId", "may not be null", {"name": "x"},
                     "Bridge-v3")
    # BridgeResource refuses vxLanPortId(s) with a plain 400, after validate().
    vx_msg = ("VXLAN port ID cannot be set directly. The VXLAN port is created or "
              "deleted in response to the creation or deletion of VTEP bindings.")
    expect_error(h, sim, "POST", "/bridges", 400, vx_msg,
                 body={"tenantId": "a", "vxLanPortId": MISSING}, ctype="Bridge-v3")
    expect_error(h, sim, "POST", "/bridges", 400, vx_msg,
                 body={"tenantId": "a", "vxLanPortIds": []}, ctype="Bridge-v3")
    expect_violation(h, sim, "POST", "/bridges", "tenantId", "may not be null",
                     {"vxLanPortIds": []}, "Bridge-v3")
    # A Bridge-v1 body has no vxLanPortId: it is dropped, not refused.
    st, hd, _ = call(h, sim, "POST", "/bridges", body={"tenantId": "", "vxLanPortId": MISSING},
                     ctype="Bridge-v1")
    assert st == 201, st
    assert call(h, sim, "DELETE", hd["location"])[0] == 204
    # An empty tenant is allowed, and creates no tenant node.
    br = bridge(h, sim, tenant="")
    assert br["tenantId"] == "" and zk_children(h, sim, "/tenants") == []
    # PUT on a missing bridge is a 500; PUT without tenantId a 400.
    expect_error(h, sim, "PUT", "/bridges/" + MISSING, 500, ISE, body={"tenantId": "a"},
                 ctype="Bridge-v3")
    expect_violation(h, sim, "PUT", br["uri"], "tenantId", "may not be null", {"name": "x"},
                     "Bridge-v3")
    # A filter naming a missing chain fails in ZooKeeper (NoNode): 500, nothing written.
    expect_error(h, sim, "POST", "/bridges", 500, ISE,
                 body={"tenantId": "a", "inboundFilterId": MISSING}, ctype="Bridge-v3")
    assert len(get(h, sim, "/bridges")) == 1
    assert len(zk_children(h, sim, "/gre")) == 1, "a failed create leaves no tunnel key"
    expect_error(h, sim, "GET", "/bridges/" + MISSING, 404,
                 "No bridge with ID %s exists." % MISSING)


def test_tenant_filter_and_tenants(h):
    sim = h.sim()
    a = bridge(h, sim, name="a", tenant="alpha")
    bridge(h, sim, name="b", tenant="beta")
    ra = router(h, sim, name="ra", tenant="alpha")
    router(h, sim, name="rb", tenant="beta")
    assert [b["name"] for b in get(h, sim, "/bridges")] == ["a", "b"], "creation order"
    assert [b["id"] for b in get(h, sim, "/bridges?tenant_id=alpha")] == [a["id"]]
    assert [r["id"] for r in get(h, sim, "/routers?tenant_id=alpha")] == [ra["id"]]
    assert get(h, sim, "/bridges?tenant_id=nobody") == []
    tenants = get(h, sim, "/tenants", accept="collection.Tenant-v1")
    assert sorted(t["id"] for t in tenants) == ["alpha", "beta"]
    t = get(h, sim, "/tenants/alpha", accept="Tenant-v1")
    assert t["id"] == "alpha" and t["name"] == "alpha"
    assert t["uri"] == sim.url + "/tenants/alpha"
    assert t["bridges"] == sim.url + "/bridges?tenant_id=alpha"
    assert t["routers"] == sim.url + "/routers?tenant_id=alpha"
    assert t["chains"] == sim.url + "/chains?tenant_id=alpha"
    assert t["portGroups"] == sim.url + "/port_groups?tenant_id=alpha"
    # Any tenant id answers, as MockAuthService does.
    assert get(h, sim, "/tenants/whoever")["id"] == "whoever"
    assert [b["id"] for b in get(h, sim, t["bridges"])] == [a["id"]]


def test_router_crud(h):
    sim = h.sim()
    rt = router(h, sim, name="r0", tenant="t")
    assert rt["name"] == "r0" and rt["tenantId"] == "t" and rt["adminStateUp"] is True
    assert rt["uri"] == sim.url + "/routers/" + rt["id"]
    assert rt["ports"] == rt["uri"] + "/ports" and rt["routes"] == rt["uri"] + "/routes"
    assert rt["peerPorts"] == rt["uri"] + "/peer_ports"
    assert rt["loadBalancerId"] is None and rt["loadBalancer"] is None
    v1 = get(h, sim, rt["uri"], accept="Router-v1")
    assert "loadBalancerId" not in v1 and "loadBalancer" not in v1
    cfg = zk_data(h, sim, "/routers/" + rt["id"])
    assert cfg["properties"] == {"tenant_id": "t"} and cfg["name"] == "r0", cfg
    for key in ("inboundFilter", "outboundFilter", "loadBalancer"):
        assert key in cfg and cfg[key] is None, key
    for d in ("ports", "routes", "routing_table", "arp_table"):
        assert zk_exists(h, sim, "/routers/%s/%s" % (rt["id"], d)), d
    assert zk_exists(h, sim, "/filters/" + rt["id"])
    expect_violation(h, sim, "POST", "/routers", "tenantId", "may not be null", {}, "Router-v2")
    expect_error(h, sim, "PUT", "/routers/" + MISSING, 500, ISE, body={"tenantId": "t"},
                 ctype="Router-v2")
    st, _, _ = call(h, sim, "PUT", rt["uri"], body={"tenantId": "t", "name": "r1"}, ctype="Router-v2")
    assert st == 204 and get(h, sim, rt["uri"])["name"] == "r1"
    expect_error(h, sim, "GET", "/routers/" + MISSING, 404, "No router with ID %s exists." % MISSING)
    for _ in range(2):
        st, _, _ = call(h, sim, "DELETE", rt["uri"])
        assert st == 204
    assert not zk_exists(h, sim, "/routers/" + rt["id"])
    assert not zk_exists(h, sim, "/filters/" + rt["id"])
    assert get(h, sim, "/routers") == []
    assert sim.stop() == 0
