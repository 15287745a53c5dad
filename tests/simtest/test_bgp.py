"""midonet-sim: BGP on router ports and their advertised routes."""
from simhelp import (bridge, bridge_port, call, create, create_get, expect_error,
                     expect_violation, get, router, router_port, zk_children, zk_data,
                     zk_exists)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"


def delete(h, sim, uri):
    st, _, _ = call(h, sim, "DELETE", uri)
    assert st == 204, (uri, st)


def test_bgp(h):
    sim = h.sim()
    rt = router(h, sim)
    p = router_port(h, sim, rt)
    b = create_get(h, sim, p["bgps"], {"localAS": 65000, "peerAS": 65001, "peerAddr": "10.0.0.254"}, "Bgp-v1")
    assert b["localAS"] == 65000 and b["peerAS"] == 65001 and b["peerAddr"] == "10.0.0.254"
    assert b["portId"] == p["id"] and b["port"] == p["uri"] and b["status"] == ""
    assert b["uri"] == sim.url + "/bgps/" + b["id"] and b["adRoutes"] == b["uri"] + "/ad_routes"
    assert zk_data(h, sim, "/bgps/" + b["id"])["portId"] == p["id"]
    assert zk_children(h, sim, "/ports/%s/bgps" % p["id"]) == [b["id"]]
    assert [x["id"] for x in get(h, sim, p["bgps"], accept="collection.Bgp-v1")] == [b["id"]]
    # One per port.
    expect_violation(h, sim, "POST", p["bgps"], "", "Only one BGP can be assigned to a port.",
                     {"localAS": 1, "peerAS": 2, "peerAddr": "10.0.0.253"}, "Bgp-v1")
    # Validation (one per port) comes before toData() parses peerAddr.
    expect_violation(h, sim, "POST", p["bgps"], "", "Only one BGP can be assigned to a port.",
                     {"localAS": 1, "peerAS": 2, "peerAddr": "10.0.0"}, "Bgp-v1")
    expect_error(h, sim, "POST", "/ports/%s/bgps" % MISSING, 404, "No port with ID %s exists." % MISSING,
                 body={"localAS": 1, "peerAS": 2, "peerAddr": "10.0.0.1"}, ctype="Bgp-v1")
    expect_error(h, sim, "GET", "/bgps/" + MISSING, 404, "No bgp with ID %s exists." % MISSING)
    expect_error(h, sim, "GET", "/ports/%s/bgps" % MISSING, 404)
    # Advertised routes.
    a = create_get(h, sim, b["adRoutes"], {"nwPrefix": "192.168.0.0", "prefixLength": 16}, "AdRoute-v1")
    assert a["nwPrefix"] == "192.168.0.0" and a["prefixLength"] == 16 and a["bgpId"] == b["id"]
    assert a["bgp"] == b["uri"] and a["uri"] == sim.url + "/ad_routes/" + a["id"]
    assert zk_children(h, sim, "/bgps/%s/ad_routes" % b["id"]) == [a["id"]]
    a2 = create_get(h, sim, b["adRoutes"], {"nwPrefix": "172.16.0.0", "prefixLength": 12}, "AdRoute-v1")
    assert [x["id"] for x in get(h, sim, b["adRoutes"], accept="collection.AdRoute-v1")] == [a["id"], a2["id"]]
    # No annotation: InetAddress.getByName(null) is the loopback address.
    a3 = create_get(h, sim, b["adRoutes"], {"prefixLength": 8}, "AdRoute-v1")
    assert a3["nwPrefix"] == "127.0.0.1", a3
    delete(h, sim, a3["uri"])
    expect_error(h, sim, "POST", "/bgps/%s/ad_routes" % MISSING, 404, "No bgp with ID %s exists." % MISSING,
                 body={"nwPrefix": "1.0.0.0", "prefixLength": 8}, ctype="AdRoute-v1")
    expect_error(h, sim, "GET", "/ad_routes/" + MISSING, 404, "No ad route with ID %s exists." % MISSING)
    for _ in range(2):
        delete(h, sim, a2["uri"])
    assert zk_children(h, sim, "/bgps/%s/ad_routes" % b["id"]) == [a["id"]]
    # Deleting the BGP deletes its routes; a new one may then be added.
    for _ in range(2):
        delete(h, sim, b["uri"])
    assert not zk_exists(h, sim, "/ad_routes/" + a["id"]) and zk_children(h, sim, "/ports/%s/bgps" % p["id"]) == []
    b2 = create_get(h, sim, p["bgps"], {"localAS": 1, "peerAS": 2, "peerAddr": "10.0.0.9"}, "Bgp-v1")
    a3 = create_get(h, sim, b2["adRoutes"], {"nwPrefix": "10.10.0.0", "prefixLength": 16}, "AdRoute-v1")
    # Deleting the port deletes its BGP; deleting a router deletes it through its ports.
    delete(h, sim, p["uri"])
    assert not zk_exists(h, sim, "/bgps/" + b2["id"]) and not zk_exists(h, sim, "/ad_routes/" + a3["id"])
    p2 = router_port(h, sim, rt, addr="10.0.1.1", net="10.0.1.0")
    b3 = create_get(h, sim, p2["bgps"], {"localAS": 1, "peerAS": 2, "peerAddr": "10.0.1.9"}, "Bgp-v1")
    delete(h, sim, rt["uri"])
    assert not zk_exists(h, sim, "/bgps/" + b3["id"]) and zk_children(h, sim, "/bgps") == []
    assert sim.stop() == 0
