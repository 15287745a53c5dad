"""midonet-sim: trace requests."""
from simhelp import (bridge, bridge_port, call, create_get, expect_error, expect_violation, get,
                     router, router_port, zk_children, zk_data)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"


def test_traces(h):
    sim = h.sim()
    br = bridge(h, sim)
    body = {"name": "t1", "deviceType": "BRIDGE", "deviceId": br["id"],
            "condition": {"nwSrcAddress": "10.0.0.1", "nwSrcLength": 32, "tpDst": {"start": 80, "end": 80}},
            "limit": 100}
    t = create_get(h, sim, "/traces", body, "TraceRequest-v1")
    assert t["name"] == "t1" and t["deviceType"] == "BRIDGE" and t["deviceId"] == br["id"]
    assert t["limit"] == 100 and t["enabled"] is False and t["creationTimestampMs"] > 0
    assert t["condition"]["nwSrcAddress"] == "10.0.0.1" and t["condition"]["fragmentPolicy"] == "header"
    assert t["uri"] == sim.url + "/traces/" + t["id"]
    cfg = zk_data(h, sim, "/traces/" + t["id"])
    assert cfg["deviceType"] == "BRIDGE" and cfg["condition"]["nwSrcIp"] == "10.0.0.1/32"
    rt = router(h, sim)
    t2 = create_get(h, sim, "/traces", {"name": "t2", "deviceType": "ROUTER", "deviceId": rt["id"],
                                        "condition": {}, "enabled": True}, "TraceRequest-v1")
    assert t2["enabled"] is True and t2["limit"] == 2 ** 63 - 1
    assert [x["id"] for x in get(h, sim, "/traces", accept="collection.TraceRequest-v1")] == [t["id"], t2["id"]]
    # PUT toggles enabled only.
    st, _, _ = call(h, sim, "PUT", t["uri"], body=dict(body, enabled=True), ctype="TraceRequest-v1")
    assert st == 204 and get(h, sim, t["uri"])["enabled"] is True
    expect_error(h, sim, "PUT", t["uri"], 409, "Trace request mismatch. Only 'enabled' can be updated",
                 body=dict(body, name="other"), ctype="TraceRequest-v1")
    # Errors.
    expect_violation(h, sim, "POST", "/traces", "name", "may not be null",
                     {"deviceType": "PORT", "deviceId": MISSING, "condition": {}}, "TraceRequest-v1")
    expect_violation(h, sim, "POST", "/traces", "condition", "may not be null",
                     {"name": "x", "deviceType": "PORT", "deviceId": MISSING}, "TraceRequest-v1")
    expect_error(h, sim, "POST", "/traces", 400, body={"name": "x", "deviceType": "HOST", "deviceId": MISSING,
                                                       "condition": {}}, ctype="TraceRequest-v1")
    expect_error(h, sim, "POST", "/traces", 404, "No port with ID %s exists." % MISSING,
                 body={"name": "x", "deviceType": "PORT", "deviceId": MISSING, "condition": {}},
                 ctype="TraceRequest-v1")
    expect_error(h, sim, "GET", "/traces/" + MISSING, 404, "Trace request doesn't exist")
    for _ in range(2):
        st, _, _ = call(h, sim, "DELETE", t2["uri"])
        assert st == 204
    # Deleting the bridge deletes its trace requests.
    st, _, _ = call(h, sim, "DELETE", br["uri"])
    assert st == 204 and zk_children(h, sim, "/traces") == []
    assert sim.stop() == 0


def test_deleting_a_port_or_a_router_deletes_their_traces(h):
    """As a bridge's: 1.9's port and router deletes, and 5.x's CASCADE bindings, take the
    trace requests of the device with it."""
    sim = h.sim()
    br, rt = bridge(h, sim), router(h, sim)
    bp, rp = bridge_port(h, sim, br), router_port(h, sim, rt)

    def trace(kind, dev):
        return create_get(h, sim, "/traces", {"name": "t-" + dev["id"][:8], "deviceType": kind,
                                              "deviceId": dev["id"], "condition": {}},
                          "TraceRequest-v1")["id"]

    on_bp, on_rp, on_rt, on_br = (trace("PORT", bp), trace("PORT", rp), trace("ROUTER", rt),
                                  trace("BRIDGE", br))
    st, _, _ = call(h, sim, "DELETE", bp["uri"])
    assert st == 204
    assert [x["id"] for x in get(h, sim, "/traces", accept="collection.TraceRequest-v1")] == \
        [on_rp, on_rt, on_br]
    st, _, _ = call(h, sim, "DELETE", rt["uri"])
    assert st == 204
    assert [x["id"] for x in get(h, sim, "/traces", accept="collection.TraceRequest-v1")] == \
        [on_br]
    assert sim.stop() == 0
