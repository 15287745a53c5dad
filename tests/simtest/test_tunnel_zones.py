"""midonet-sim: tunnel zones and their members."""
from simhelp import (add_member, call, create, expect_error, expect_violation, get,
                     tunnel_zone, zk_children, zk_data, zk_exists)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"


def test_tunnel_zone_crud(h):
    sim = h.sim()
    tz = tunnel_zone(h, sim, name="Zone-A", type="gre")
    assert tz["name"] == "Zone-A" and tz["type"] == "gre"
    assert tz["uri"] == sim.url + "/tunnel_zones/" + tz["id"] and tz["hosts"] == tz["uri"] + "/hosts"
    assert zk_data(h, sim, "/tunnel_zones/" + tz["id"]) == {"name": "Zone-A", "@type": "gre"}
    vx = tunnel_zone(h, sim, name="vx", type="vxlan")
    tunnel_zone(h, sim, name="vt", type="vtep")
    assert [z["name"] for z in get(h, sim, "/tunnel_zones", accept="collection.TunnelZone-v1")] == \
        ["Zone-A", "vx", "vt"]
    # Names are unique case-insensitively, on PUT too (even the zone's own name).
    # A plain BadRequestHttpException, not a violation (issue 10).
    out = expect_error(h, sim, "POST", "/tunnel_zones", 400, "Tunnel zone name already exists.",
                       body={"name": "zone-a", "type": "vxlan"}, ctype="TunnelZone-v1")
    assert out == {"message": "Tunnel zone name already exists.", "code": 400}, out
    out = expect_error(h, sim, "PUT", tz["uri"], 400, "Tunnel zone name already exists.",
                       body={"name": "Zone-A", "type": "gre"}, ctype="TunnelZone-v1")
    assert "violations" not in out, out
    expect_violation(h, sim, "POST", "/tunnel_zones", "name", "may not be null",
                     {"type": "gre"}, "TunnelZone-v1")
    expect_violation(h, sim, "POST", "/tunnel_zones", "name", "size must be between 1 and 255",
                     {"name": "", "type": "gre"}, "TunnelZone-v1")
    expect_violation(h, sim, "POST", "/tunnel_zones", "type", "may not be null",
                     {"name": "t"}, "TunnelZone-v1")
    expect_error(h, sim, "POST", "/tunnel_zones", 400, body={"name": "t", "type": "ipsec"},
                 ctype="TunnelZone-v1")
    st, _, _ = call(h, sim, "PUT", tz["uri"], body={"name": "zone-b", "type": "gre"},
                    ctype="TunnelZone-v1")
    assert st == 204 and get(h, sim, tz["uri"])["name"] == "zone-b"
    expect_error(h, sim, "PUT", "/tunnel_zones/" + MISSING, 404, body={"name": "q", "type": "gre"},
                 ctype="TunnelZone-v1")
    expect_error(h, sim, "GET", "/tunnel_zones/" + MISSING, 404)
    for _ in range(2):
        st, _, _ = call(h, sim, "DELETE", vx["uri"])
        assert st == 204
    assert not zk_exists(h, sim, "/tunnel_zones/" + vx["id"])
    assert sim.stop() == 0


def test_members(h):
    sim = h.sim()
    a = h.agent("node1", root=sim.root, addresses=["10.0.0.1"])
    b = h.agent("node2", root=sim.root, addresses=["10.0.0.2"])
    tz = tunnel_zone(h, sim, name="gz", type="gre")
    members = tz["hosts"]
    loc = add_member(h, sim, tz, a.id, "10.0.0.1")
    assert loc == members + "/" + a.id
    m = get(h, sim, loc, accept="GreTunnelZoneHost-v1")
    assert m == {"tunnelZoneId": tz["id"], "hostId": a.id, "ipAddress": "10.0.0.1", "uri": loc}, m
    assert zk_data(h, sim, "/tunnel_zones/%s/memberships/%s" % (tz["id"], a.id)) == \
        {"ip": "10.0.0.1", "@type": "gre"}
    assert zk_exists(h, sim, "/hosts/%s/tunnel_zones/%s" % (a.id, tz["id"]))
    expect_error(h, sim, "POST", members, 409, "Tunnel zone membership already exists.",
                 body={"hostId": a.id, "ipAddress": "10.0.0.9"}, ctype="GreTunnelZoneHost-v1")
    expect_error(h, sim, "POST", members, 404, "Host ID is not valid.",
                 body={"hostId": MISSING, "ipAddress": "10.0.0.9"}, ctype="GreTunnelZoneHost-v1")
    expect_error(h, sim, "POST", "/tunnel_zones/%s/hosts" % MISSING, 400,
                 "Tunnel zone ID is not valid.", body={"hostId": b.id, "ipAddress": "10.0.0.2"},
                 ctype="GreTunnelZoneHost-v1")
    expect_violation(h, sim, "POST", members, "ipAddress", "is an invalid IP format",
                     {"hostId": b.id, "ipAddress": "10.0.0"}, "GreTunnelZoneHost-v1")
    expect_violation(h, sim, "POST", members, "ipAddress", "may not be null",
                     {"hostId": b.id}, "GreTunnelZoneHost-v1")
    # Only the two vendor types: not application/json.
    expect_error(h, sim, "POST", members, 415, body={"hostId": b.id, "ipAddress": "10.0.0.2"},
                 ctype="application/json")
    create(h, sim, members, {"hostId": b.id, "ipAddress": "10.0.0.2"}, "TunnelZoneHost-v1")
    got = get(h, sim, members, accept="collection.GreTunnelZoneHost-v1")
    assert sorted(x["hostId"] for x in got) == sorted([a.id, b.id])
    assert len(get(h, sim, members, accept="collection.TunnelZoneHost-v1")) == 2
    expect_error(h, sim, "GET", members, 406, accept="application/json")
    expect_error(h, sim, "GET", members + "/" + MISSING, 404, "Tunnel zone member was not found")
    for _ in range(2):
        st, _, _ = call(h, sim, "DELETE", members + "/" + b.id)
        assert st == 204
    assert not zk_exists(h, sim, "/hosts/%s/tunnel_zones/%s" % (b.id, tz["id"]))
    # Deleting the zone deletes its memberships and the hosts' markers.
    st, _, _ = call(h, sim, "DELETE", tz["uri"])
    assert st == 204
    assert zk_children(h, sim, "/tunnel_zones") == []
    assert zk_children(h, sim, "/hosts/%s/tunnel_zones" % a.id) == []
    expect_error(h, sim, "GET", members, 404)
    assert sim.stop() == 0

