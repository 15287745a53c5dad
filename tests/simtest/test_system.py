"""midonet-sim: system_state, write_version, the StateFilter, and persistence."""
from simhelp import (bridge, bridge_port, call, create, expect_error, get, link, router,
                     router_port, tunnel_zone, add_member, zk_data, zk_exists)


def test_system_state(h):
    sim = h.sim()
    st = get(h, sim, "/system_state", accept="SystemState-v2")
    assert st == {"state": "ACTIVE", "availability": "READWRITE", "writeVersion": "1.9",
                  "uri": sim.url + "/system_state"}, st
    v1 = get(h, sim, "/system_state", accept="SystemState-v1")
    assert "writeVersion" not in v1 and v1["state"] == "ACTIVE"
    code, _, _ = call(h, sim, "PUT", "/system_state", body={"state": "UPGRADE",
                                                          "availability": "READWRITE"},
                      ctype="SystemState-v2")
    assert code == 204
    assert zk_exists(h, sim, "/system_state/UPGRADE")
    assert get(h, sim, "/system_state")["state"] == "UPGRADE"
    code, _, _ = call(h, sim, "PUT", "/system_state", body={"state": "ACTIVE"}, ctype="SystemState-v1")
    assert code == 204 and not zk_exists(h, sim, "/system_state/UPGRADE")
    out = expect_error(h, sim, "PUT", "/system_state", 400, body={"state": "SLEEPING"},
                       ctype="SystemState-v2")
    assert out["violations"][0]["property"] == "state"


def test_read_only_mode(h):
    sim = h.sim()
    br = bridge(h, sim)
    code, _, _ = call(h, sim, "PUT", "/system_state", body={"availability": "READONLY"},
                      ctype="SystemState-v2")
    assert code == 204 and zk_exists(h, sim, "/system_state/CONFIG_READ_ONLY")
    assert get(h, sim, "/system_state")["availability"] == "READONLY"
    msg = "API server currently in restricted mode."
    expect_error(h, sim, "POST", "/bridges", 503, msg, body={"tenantId": "t"}, ctype="Bridge-v3")
    expect_error(h, sim, "PUT", br["uri"], 503, msg, body={"tenantId": "t"}, ctype="Bridge-v3")
    # Reads, requests without a Content-Type and the system types go through.
    assert len(get(h, sim, "/bridges")) == 1
    code, _, _ = call(h, sim, "PUT", "/write_version", body={"version": "1.9"},
                      ctype="WriteVersion-v1")
    assert code == 204
    code, _, _ = call(h, sim, "PUT", "/system_state", body={"availability": "READWRITE"},
                      ctype="SystemState-v2")
    assert code == 204
    create(h, sim, "/bridges", {"tenantId": "t"}, "Bridge-v3")


def test_write_version(h):
    sim = h.sim()
    wv = get(h, sim, "/write_version", accept="WriteVersion-v1")
    assert wv == {"version": "1.9", "uri": sim.url + "/write_version"}, wv
    code, _, _ = call(h, sim, "PUT", "/write_version", body={"version": "1.8"},
                      ctype="WriteVersion-v1")
    assert code == 204 and h.zk_get(sim.root + "/write_version") == b"1.8"
    assert get(h, sim, "/write_version")["version"] == "1.8"
    assert get(h, sim, "/system_state")["writeVersion"] == "1.8"
    # WriteVersion has no @NotNull; setWriteVersion(null) throws (version.getBytes()): 500.
    expect_error(h, sim, "PUT", "/write_version", 500,
                 "An internal server error has occurred, please try again.", body={},
                 ctype="WriteVersion-v1")
    assert get(h, sim, "/write_version")["version"] == "1.8"


def test_persistence_across_restart(h):
    """Everything lives in ZooKeeper: a new simulator on the same root serves it all."""
    sim = h.sim()
    a = h.agent("node1", root=sim.root, addresses=["10.0.0.1"])
    br, rt = bridge(h, sim, name="br"), router(h, sim, name="rt")
    bp, rp = bridge_port(h, sim, br), router_port(h, sim, rt)
    link(h, sim, bp, rp)
    tz = tunnel_zone(h, sim, name="tz")
    add_member(h, sim, tz, a.id, "10.0.0.1")
    bp2 = bridge_port(h, sim, br)
    create(h, sim, "/hosts/%s/ports" % a.id, {"portId": bp2["id"], "interfaceName": "tap0"},
           "HostInterfacePort-v1")
    before = {p: get(h, sim, p) for p in ("/bridges", "/routers", "/ports", "/tunnel_zones",
                                           "/hosts", "/tenants", "/routers/%s/routes" % rt["id"],
                                           "/tunnel_zones/%s/hosts" % tz["id"],
                                           "/hosts/%s/ports" % a.id)}
    assert sim.stop() == 0
    # What ZooKeeper holds on its own.
    assert zk_data(h, sim, "/bridges/" + br["id"])["name"] == "br"
    assert zk_data(h, sim, "/ports/" + bp["id"])["peerId"] == rp["id"]
    again = h.sim(root=sim.root)
    for path, old in before.items():
        new = get(h, again, path, accept="collection.GreTunnelZoneHost-v1" if "tunnel_zones/" in path else None)
        assert json_norm(new, again.url) == json_norm(old, sim.url), path
    assert again.stop() == 0


def json_norm(value, base):
    """value with base URIs replaced, for comparing what two simulators answer."""
    import json
    return json.loads(json.dumps(value).replace(base, "BASE"))


def test_zookeeper_outage(h):
    """ZooKeeper down: 503 "Can not access topology information"; back up: all is there."""
    zk = h.zookeeper()
    sim = h.sim(zk=zk.hosts)
    br = bridge(h, sim)
    zk.stop()
    expect_error(h, sim, "GET", "/bridges", 503, "Can not access topology information")
    expect_error(h, sim, "POST", "/bridges", 503, "Can not access topology information",
                 body={"tenantId": "t"}, ctype="Bridge-v3")
    zk.start()
    h.wait_for("the simulator to reconnect",
               lambda: call(h, sim, "GET", "/bridges")[0] == 200, timeout=30, interval=0.2)
    assert [b["id"] for b in get(h, sim, "/bridges")] == [br["id"]]
    assert sim.stop() == 0
