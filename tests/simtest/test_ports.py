"""midonet-sim: ports, links, routes and the cascades of deleting them."""
import re

from simhelp import (bridge, bridge_port, call, create, create_get, expect_error,
                     expect_violation, get, link, router, router_port, zk_children, zk_data,
                     zk_exists)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"
NOT_LINKABLE = ("link", "Ports are not linkable.")
ISE = "An internal server error has occurred, please try again."


def test_bridge_ports(h):
    sim = h.sim()
    br = bridge(h, sim)
    p = bridge_port(h, sim, br)
    assert p["type"] == "Bridge" and p["deviceId"] == br["id"], p
    assert p["uri"] == sim.url + "/ports/" + p["id"] and p["device"] == br["uri"]
    assert p["link"] == p["uri"] + "/link" and p["portGroups"] == p["uri"] + "/port_groups"
    assert p["adminStateUp"] is True and p["active"] is False
    for key in ("peerId", "hostId", "interfaceName", "vifId", "vlanId", "peer", "host",
                "hostInterfacePort", "networkAddress", "portAddress", "portMac", "bgps",
                "inboundFilterId", "outboundFilterId"):
        assert key in p and p[key] is None, (key, p.get(key))
    assert p["networkLength"] == -1
    v1 = get(h, sim, p["uri"], accept="Port-v1")
    assert v1["type"] == "InteriorBridge" and "hostId" not in v1, v1
    assert get(h, sim, p["uri"], accept="application/json")["type"] == "InteriorBridge"
    # v1 creation with a v1 type; the v1 name sticks for unplugged Exterior ports.
    q = create_get(h, sim, br["ports"], {"type": "ExteriorBridge", "vlanId": 7}, "Port-v1",
                   accept="Port-v1")
    assert q["type"] == "ExteriorBridge" and q["vlanId"] == 7, q
    assert get(h, sim, q["uri"], accept="Port-v2")["type"] == "Bridge"
    # ZooKeeper layout.
    cfg = zk_data(h, sim, "/ports/" + p["id"])
    assert cfg["type"] == "BridgePort" and cfg["device_id"] == br["id"], cfg
    for key in ("properties", "adminStateUp", "inboundFilter", "outboundFilter", "portGroupIDs",
                "tunnelKey", "hostId", "interfaceName", "peerId", "v1ApiType", "vlanId"):
        assert key in cfg, key
    assert zk_data(h, sim, "/gre/%010d" % cfg["tunnelKey"]) == {"ownerId": p["id"]}
    assert zk_data(h, sim, "/ports/" + q["id"])["v1ApiType"] == "ExteriorBridge"
    assert zk_children(h, sim, "/bridges/%s/ports" % br["id"]) == sorted([p["id"], q["id"]])
    assert zk_exists(h, sim, "/filters/" + p["id"])
    assert [x["id"] for x in get(h, sim, br["ports"])] == [p["id"], q["id"]]
    assert {x["id"] for x in get(h, sim, "/ports")} == {p["id"], q["id"]}
    # Errors.
    # A port of the other family cannot be made into the resource's BridgePort: Jackson
    # 1.9's narrowBy throws IllegalArgumentException, a 500.
    expect_error(h, sim, "POST", br["ports"], 500, "An internal server error has occurred, please try again.",
                 body={"type": "Router"}, ctype="Port-v2")
    expect_error(h, sim, "POST", br["ports"], 400, "Invalid port type.  Only Bridge type is accepted.",
                 body={"type": "ExteriorBridge"}, ctype="Port-v2")
    expect_error(h, sim, "POST", br["ports"], 400, "Invalid port type.  Only Bridge type is accepted.",
                 body={"type": "Bridge"}, ctype="Port-v1")
    expect_error(h, sim, "POST", br["ports"], 400, body={"type": "Nonsense"}, ctype="Port-v2")
    expect_error(h, sim, "POST", br["ports"], 400, body={}, ctype="Port-v2")
    expect_error(h, sim, "POST", "/bridges/%s/ports" % MISSING, 404,
                 "No bridge with ID %s exists." % MISSING, body={"type": "Bridge"}, ctype="Port-v2")
    out = expect_error(h, sim, "POST", br["ports"], 400, body={"type": "Bridge", "vlanId": 7},
                       ctype="Port-v2")
    assert out["violations"][0]["property"] == "vlanId", out
    expect_error(h, sim, "GET", "/ports/" + MISSING, 404, "No port with ID %s exists." % MISSING)
    expect_error(h, sim, "GET", "/bridges/%s/ports" % MISSING, 404)


def test_router_ports_and_routes(h):
    sim = h.sim()
    rt = router(h, sim)
    p = router_port(h, sim, rt, addr="10.0.0.1", net="10.0.0.0", length=24)
    assert p["type"] == "Router" and p["deviceId"] == rt["id"]
    assert p["networkAddress"] == "10.0.0.0" and p["networkLength"] == 24
    assert p["portAddress"] == "10.0.0.1" and p["vlanId"] == -1
    assert re.match(r"^ac:ca:ba(:[0-9a-f]{2}){3}$", p["portMac"]), p["portMac"]
    assert p["bgps"] == p["uri"] + "/bgps"
    assert get(h, sim, p["uri"], accept="Port-v1")["type"] == "InteriorRouter"
    cfg = zk_data(h, sim, "/ports/" + p["id"])
    assert cfg["type"] == "RouterPort" and cfg["nwAddr"] == 0x0A000000 and cfg["portAddr"] == 0x0A000001
    assert cfg["nwLength"] == 24 and cfg["hwAddr"] == p["portMac"]
    assert zk_children(h, sim, "/routers/%s/ports" % rt["id"]) == [p["id"]]
    # Java ints: a 192.168 address is negative.
    q = router_port(h, sim, rt, addr="192.168.1.1", net="192.168.1.0", length=24,
                    portMac="02:00:00:00:00:01")
    assert zk_data(h, sim, "/ports/" + q["id"])["portAddr"] == 0xC0A80101 - (1 << 32)
    assert q["portMac"] == "02:00:00:00:00:01" and q["portAddress"] == "192.168.1.1"
    # The automatic LOCAL route, listed as Normal.
    routes = get(h, sim, rt["routes"], accept="collection.Route-v1")
    assert len(routes) == 2, routes
    local = [r for r in routes if r["nextHopPort"] == p["id"]][0]
    assert local["type"] == "Normal" and local["dstNetworkAddr"] == "10.0.0.1"
    assert local["dstNetworkLength"] == 32 and local["srcNetworkAddr"] == "0.0.0.0"
    assert local["srcNetworkLength"] == 0 and local["weight"] == 0 and local["routerId"] == rt["id"]
    assert zk_data(h, sim, "/routes/" + local["id"])["nextHop"] == "LOCAL"
    assert zk_children(h, sim, "/ports/%s/routes" % p["id"]) == [local["id"]]
    # Router port validation.
    expect_violation(h, sim, "POST", rt["ports"], "networkAddress", "may not be null",
                     {"type": "Router", "portAddress": "10.0.0.1"}, "Port-v2")
    expect_violation(h, sim, "POST", rt["ports"], "portAddress", "is an invalid IP format",
                     {"type": "Router", "networkAddress": "10.0.0.0", "portAddress": "10.0.0.300"},
                     "Port-v2")
    expect_violation(h, sim, "POST", rt["ports"], "networkLength",
                     "must be less than or equal to 32",
                     {"type": "Router", "networkAddress": "10.0.0.0", "networkLength": 33,
                      "portAddress": "10.0.0.1"}, "Port-v2")
    expect_error(h, sim, "POST", rt["ports"], 500, "An internal server error has occurred, please try again.",
                 body={"type": "Bridge"}, ctype="Port-v2")
    expect_error(h, sim, "POST", rt["ports"], 400, "Invalid port type.  Only Router type is accepted.",
                 body={"type": "InteriorRouter", "networkAddress": "10.0.0.0", "networkLength": 24,
                       "portAddress": "10.0.0.1"}, ctype="Port-v2")
    expect_error(h, sim, "POST", "/routers/%s/ports" % MISSING, 404,
                 "Cannot create port for non existent router",
                 body={"type": "Router", "networkAddress": "10.0.0.0", "portAddress": "10.0.0.1"},
                 ctype="Port-v2")
    # Routes: Normal needs a next-hop port on this router.
    r1 = create_get(h, sim, rt["routes"], {
        "type": "Normal", "srcNetworkAddr": "0.0.0.0", "srcNetworkLength": 0,
        "dstNetworkAddr": "172.16.0.0", "dstNetworkLength": 16, "nextHopPort": p["id"],
        "nextHopGateway": "10.0.0.254", "weight": 100}, "Route-v1")
    assert r1["nextHopGateway"] == "10.0.0.254" and r1["weight"] == 100 and r1["learned"] is False
    assert r1["router"] == rt["uri"] and r1["uri"] == sim.url + "/routes/" + r1["id"]
    assert zk_data(h, sim, "/routes/" + r1["id"])["nextHop"] == "PORT"
    bh = create_get(h, sim, rt["routes"], {
        "type": "BlackHole", "srcNetworkAddr": "0.0.0.0", "dstNetworkAddr": "1.2.3.0",
        "dstNetworkLength": 24}, "Route-v1")
    assert bh["type"] == "BlackHole" and bh["nextHopGateway"] is None
    assert zk_children(h, sim, "/routers/%s/routes" % rt["id"]) == [bh["id"]]
    other = router(h, sim, name="other")
    op = router_port(h, sim, other)
    nh_msg = "This type of route requires a next hop port that is a port on the same router."
    base = {"type": "Normal", "srcNetworkAddr": "0.0.0.0", "dstNetworkAddr": "1.0.0.0"}
    expect_violation(h, sim, "POST", rt["routes"], "nextHopPort", nh_msg, base, "Route-v1")
    expect_violation(h, sim, "POST", rt["routes"], "nextHopPort", nh_msg,
                     dict(base, nextHopPort=op["id"]), "Route-v1")
    expect_error(h, sim, "POST", rt["routes"], 400, "This type of route is invalid.",
                 body=dict(base, type="Sideways"), ctype="Route-v1")
    expect_violation(h, sim, "POST", rt["routes"], "dstNetworkAddr", "may not be null",
                     {"type": "Reject", "srcNetworkAddr": "0.0.0.0"}, "Route-v1")
    expect_violation(h, sim, "POST", rt["routes"], "weight", "must be greater than or equal to 0",
                     dict(base, type="Reject", weight=-1), "Route-v1")
    expect_error(h, sim, "POST", "/routers/%s/routes" % MISSING, 404, body=base, ctype="Route-v1")
    expect_error(h, sim, "PUT", r1["uri"], 405, body={}, ctype="Route-v1")
    assert len(get(h, sim, rt["routes"])) == 4
    # Deleting a route; deleting a port deletes its routes, the LOCAL one included.
    st, _, _ = call(h, sim, "DELETE", bh["uri"])
    assert st == 204 and not zk_exists(h, sim, "/routes/" + bh["id"])
    assert zk_children(h, sim, "/routers/%s/routes" % rt["id"]) == []
    st, _, _ = call(h, sim, "DELETE", p["uri"])
    assert st == 204
    assert not zk_exists(h, sim, "/routes/" + r1["id"]) and not zk_exists(h, sim, "/routes/" + local["id"])
    assert [r["nextHopPort"] for r in get(h, sim, rt["routes"])] == [q["id"]]
    # Deleting the router deletes its ports and their routes.
    st, _, _ = call(h, sim, "DELETE", rt["uri"])
    assert st == 204
    expect_error(h, sim, "GET", q["uri"], 404)
    assert sorted(zk_children(h, sim, "/ports")) == [op["id"]]
    assert len(zk_children(h, sim, "/routes")) == 1
    assert sim.stop() == 0


def test_links(h):
    sim = h.sim()
    br, rt, rt2 = bridge(h, sim), router(h, sim), router(h, sim, name="r2")
    bp = bridge_port(h, sim, br)
    rp = router_port(h, sim, rt)
    loc = link(h, sim, rp, bp)
    assert loc == rp["uri"] + "/link", loc
    rp, bp = get(h, sim, rp["uri"]), get(h, sim, bp["uri"])
    assert rp["peerId"] == bp["id"] and bp["peerId"] == rp["id"]
    assert rp["peer"] == bp["uri"]
    assert get(h, sim, bp["uri"], accept="Port-v1")["type"] == "InteriorBridge"
    # A linked bridge port moves to logical-ports.
    assert zk_children(h, sim, "/bridges/%s/logical-ports" % br["id"]) == [bp["id"]]
    assert zk_children(h, sim, "/bridges/%s/ports" % br["id"]) == []
    assert zk_data(h, sim, "/ports/" + bp["id"])["peerId"] == rp["id"]
    assert [p["id"] for p in get(h, sim, br["peerPorts"])] == [rp["id"]]
    assert [p["id"] for p in get(h, sim, rt["peerPorts"])] == [bp["id"]]
    assert [p["id"] for p in get(h, sim, br["ports"])] == [bp["id"]]
    # Linkability.
    bp2 = bridge_port(h, sim, br)
    rp1b = router_port(h, sim, rt, addr="10.0.1.1", net="10.0.1.0")
    rp2 = router_port(h, sim, rt2, addr="10.0.2.1", net="10.0.2.0")
    lk = lambda a, b: expect_violation(h, sim, "POST", "/ports/%s/link" % a["id"], NOT_LINKABLE[0],
                                       NOT_LINKABLE[1], {"peerId": b["id"]}, "PortLink-v1")
    lk(bp2, rp)             # rp already linked
    lk(bp2, bp2)            # itself
    lk(rp1b, router_port(h, sim, rt, addr="10.0.3.1", net="10.0.3.0"))    # same router
    lk(bp2, bridge_port(h, sim, bridge(h, sim, name="b2")))                # no vlan on either
    b3 = bridge(h, sim, name="b3")
    lk(bridge_port(h, sim, b3, vlanId=5), bridge_port(h, sim, b3, vlanId=6))   # both vlans
    expect_violation(h, sim, "POST", "/ports/%s/link" % bp2["id"], "peerId", "Port ID is not valid.",
                     {"peerId": MISSING}, "PortLink-v1")
    # PortIdValidator refuses a null id with its own message (no @NotNull on Link).
    expect_violation(h, sim, "POST", "/ports/%s/link" % bp2["id"], "peerId", "Port ID is not valid.",
                     {}, "PortLink-v1")
    # Two bridge ports with exactly one vlanId link; so do two routers' ports.
    b4 = bridge(h, sim, name="b4")
    link(h, sim, bp2, bridge_port(h, sim, b4, vlanId=10))
    link(h, sim, rp1b, rp2)
    # Python posts the whole port DTO as the link body.
    b5p = bridge_port(h, sim, bridge(h, sim, name="b5"))
    r3p = router_port(h, sim, router(h, sim, name="r3"))
    full = dict(r3p, peerId=b5p["id"])
    create(h, sim, "/ports/%s/link" % r3p["id"], full, "PortLink-v1")
    # Unlink clears both sides, idempotently.
    for _ in range(2):
        st, _, _ = call(h, sim, "DELETE", rp["link"])
        assert st == 204
    rp, bp = get(h, sim, rp["uri"]), get(h, sim, bp["uri"])
    assert rp["peerId"] is None and bp["peerId"] is None
    assert zk_children(h, sim, "/bridges/%s/ports" % br["id"]) == [bp["id"]]
    st, _, _ = call(h, sim, "DELETE", "/ports/%s/link" % MISSING)
    assert st == 204
    assert sim.stop() == 0


def test_port_put_and_delete_cascade(h):
    sim = h.sim()
    br, rt = bridge(h, sim), router(h, sim)
    bp = bridge_port(h, sim, br, vlanId=3)
    rp = router_port(h, sim, rt)
    link(h, sim, rp, bp)
    # PUT changes only filters, adminStateUp and vifId; the rest is kept.
    vif = "5a4d2c1b-0000-4000-8000-00000000abcd"
    st, _, _ = call(h, sim, "PUT", bp["uri"], body={"type": "Bridge", "adminStateUp": False,
                                                    "vifId": vif, "vlanId": 99,
                                                    "peerId": None}, ctype="Port-v2")
    assert st == 204
    got = get(h, sim, bp["uri"])
    assert got["adminStateUp"] is False and got["vifId"] == vif, got
    assert got["vlanId"] == 3 and got["peerId"] == rp["id"], got
    assert zk_data(h, sim, "/ports/" + bp["id"])["properties"] == {"vif_id": vif}
    expect_error(h, sim, "PUT", "/ports/" + MISSING, 404, body={"type": "Bridge"}, ctype="Port-v2")
    # A filter naming a missing chain: 500, as in MidoNet.
    expect_error(h, sim, "PUT", bp["uri"], 500, ISE,
                 body={"type": "Bridge", "inboundFilterId": MISSING}, ctype="Port-v2")
    # Deleting a port unlinks its peer, which stays.
    st, _, _ = call(h, sim, "DELETE", rp["uri"])
    assert st == 204
    got = get(h, sim, bp["uri"])
    assert got["peerId"] is None
    assert zk_children(h, sim, "/bridges/%s/ports" % br["id"]) == [bp["id"]]
    assert zk_children(h, sim, "/bridges/%s/logical-ports" % br["id"]) == []
    assert zk_children(h, sim, "/routers/%s/ports" % rt["id"]) == []
    assert not zk_exists(h, sim, "/filters/" + rp["id"])
    for _ in range(2):
        st, _, _ = call(h, sim, "DELETE", rp["uri"])
        assert st == 204
    # Deleting a bridge deletes its ports and unlinks their peers elsewhere.
    rp2 = router_port(h, sim, rt)
    link(h, sim, bp, rp2)
    bp2 = bridge_port(h, sim, br)
    gre_before = len(zk_children(h, sim, "/gre"))
    st, _, _ = call(h, sim, "DELETE", br["uri"])
    assert st == 204
    for p in (bp, bp2):
        expect_error(h, sim, "GET", p["uri"], 404)
    assert get(h, sim, rp2["uri"])["peerId"] is None
    assert zk_children(h, sim, "/ports") == [rp2["id"]]
    assert len(zk_children(h, sim, "/gre")) == gre_before - 3
    # A bridge whose two ports are linked to each other goes in one piece.
    b2 = bridge(h, sim, name="b2")
    x, y = bridge_port(h, sim, b2), bridge_port(h, sim, b2, vlanId=1)
    link(h, sim, x, y)
    st, _, _ = call(h, sim, "DELETE", b2["uri"])
    assert st == 204 and not zk_exists(h, sim, "/bridges/" + b2["id"])
    assert zk_children(h, sim, "/ports") == [rp2["id"]]
    assert sim.stop() == 0
