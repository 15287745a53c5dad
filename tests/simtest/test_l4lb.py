"""midonet-sim: load balancers, pools, pool members, VIPs and health monitors."""
from simhelp import (call, create, create_get, dialect, expect_error, expect_violation, get, router,
                     zk_children, zk_data, zk_exists)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"


def delete(h, sim, uri):
    st, _, _ = call(h, sim, "DELETE", uri)
    assert st == 204, (uri, st)


def test_l4lb_objects(h):
    sim = h.sim()
    lb = create_get(h, sim, "/load_balancers", {}, "LoadBalancer-v1")
    assert lb["adminStateUp"] is True and lb["routerId"] is None and lb["router"] is None
    assert lb["uri"] == sim.url + "/load_balancers/" + lb["id"]
    assert lb["pools"] == lb["uri"] + "/pools" and lb["vips"] == lb["uri"] + "/vips"
    assert zk_data(h, sim, "/load_balancers/" + lb["id"]) == {"adminStateUp": True}
    hm = create_get(h, sim, "/health_monitors", {"type": "TCP", "delay": 5, "timeout": 3, "maxRetries": 2},
                    "HealthMonitor-v1")
    assert hm["type"] == "TCP" and hm["delay"] == 5 and hm["maxRetries"] == 2 and hm["pools"] == hm["uri"] + "/pools"
    pool = create_get(h, sim, lb["pools"], {"lbMethod": "ROUND_ROBIN", "healthMonitorId": hm["id"]}, "Pool-v1")
    assert pool["loadBalancerId"] == lb["id"] and pool["protocol"] == "TCP" and pool["status"] == "ACTIVE"
    assert pool["healthMonitor"] == hm["uri"] and pool["loadBalancer"] == lb["uri"]
    assert pool["poolMembers"] == pool["uri"] + "/pool_members" and pool["vips"] == pool["uri"] + "/vips"
    assert zk_children(h, sim, "/load_balancers/%s/pools" % lb["id"]) == [pool["id"]]
    assert [p["id"] for p in get(h, sim, hm["pools"], accept="collection.Pool-v1")] == [pool["id"]]
    m = create_get(h, sim, pool["poolMembers"], {"address": "10.0.0.10", "protocolPort": 80}, "PoolMember-v1")
    assert m["poolId"] == pool["id"] and m["weight"] == 1 and m["status"] == "ACTIVE"
    # v2015.06's PoolMember and HealthMonitor have no initializer for adminStateUp and their
    # resources never call the models' create(): false. 5.x's models start true.
    five = dialect(sim) == "5"
    assert m["adminStateUp"] is five and hm["adminStateUp"] is five, (m, hm)
    assert pool["adminStateUp"] is True and lb["adminStateUp"] is True
    assert m["pool"] == pool["uri"]
    m2 = create_get(h, sim, "/pool_members", {"poolId": pool["id"], "address": "10.0.0.11", "weight": 3},
                    "PoolMember-v1")
    assert [x["id"] for x in get(h, sim, pool["poolMembers"], accept="collection.PoolMember-v1")] == [m["id"], m2["id"]]
    vip = create_get(h, sim, "/vips", {"poolId": pool["id"], "address": "1.2.3.4", "protocolPort": 80,
                                       "sessionPersistence": "SOURCE_IP"}, "VIP-v1")
    assert vip["loadBalancerId"] == lb["id"] and vip["sessionPersistence"] == "SOURCE_IP"
    assert vip["loadBalancer"] == lb["uri"] and vip["pool"] == pool["uri"]
    assert [x["id"] for x in get(h, sim, lb["vips"], accept="collection.VIP-v1")] == [vip["id"]]
    assert [x["id"] for x in get(h, sim, pool["vips"])] == [vip["id"]]
    for coll, n in (("/load_balancers", 1), ("/pools", 1), ("/pool_members", 2), ("/vips", 1),
                    ("/health_monitors", 1)):
        assert len(get(h, sim, coll)) == n, coll
    # PUT.
    st, _, _ = call(h, sim, "PUT", m["uri"], body=dict(m, weight=5, adminStateUp=False), ctype="PoolMember-v1")
    assert st == 204
    m = get(h, sim, m["uri"])
    assert m["weight"] == 5 and m["adminStateUp"] is False and m["status"] == "ACTIVE"
    # Errors.
    expect_error(h, sim, "POST", "/load_balancers", 409,
                 "A(n) load balancer with ID %s already exists." % lb["id"], body={"id": lb["id"]},
                 ctype="LoadBalancer-v1")
    expect_error(h, sim, "POST", "/load_balancers", 400,
                 "The load balancers can be assigned to the router only from the router side.",
                 body={"routerId": MISSING}, ctype="LoadBalancer-v1")
    expect_violation(h, sim, "POST", "/pools", "loadBalancerId", "may not be null",
                     {"lbMethod": "ROUND_ROBIN"}, "Pool-v1")
    expect_violation(h, sim, "POST", lb["pools"], "lbMethod", "may not be null", {}, "Pool-v1")
    expect_error(h, sim, "POST", lb["pools"], 400, body={"lbMethod": "RANDOM"}, ctype="Pool-v1")
    # PoolResource answers any missing parent with the health monitor's id.
    expect_error(h, sim, "POST", "/pools", 404, "No health monitor with ID null exists.",
                 body={"lbMethod": "ROUND_ROBIN", "loadBalancerId": MISSING}, ctype="Pool-v1")
    expect_error(h, sim, "POST", lb["pools"], 404, "No health monitor with ID %s exists." % MISSING,
                 body={"lbMethod": "ROUND_ROBIN", "healthMonitorId": MISSING}, ctype="Pool-v1")
    expect_violation(h, sim, "POST", pool["poolMembers"], "address", "is not a valid IP address",
                     {"address": "10.0.0"}, "PoolMember-v1")
    expect_violation(h, sim, "POST", pool["poolMembers"], "weight", "must be greater than or equal to 1",
                     {"address": "10.0.0.12", "weight": 0}, "PoolMember-v1")
    expect_violation(h, sim, "POST", "/vips", "poolId", "may not be null", {"address": "1.2.3.5"}, "VIP-v1")
    expect_error(h, sim, "POST", "/vips", 400, "No pool with ID %s exists." % MISSING,
                 body={"poolId": MISSING}, ctype="VIP-v1")
    expect_error(h, sim, "POST", "/vips", 400, body={"poolId": pool["id"], "sessionPersistence": "COOKIE"},
                 ctype="VIP-v1")
    expect_violation(h, sim, "POST", "/health_monitors", "type", "may not be null", {}, "HealthMonitor-v1")
    expect_error(h, sim, "GET", "/vips/" + MISSING, 404, "No VIP with ID %s exists." % MISSING)
    expect_error(h, sim, "GET", "/pools/%s/pool_members" % MISSING, 404, "No pool with ID %s exists." % MISSING)
    expect_error(h, sim, "PUT", "/pools/" + MISSING, 404, body={"lbMethod": "ROUND_ROBIN"}, ctype="Pool-v1")
    # Deleting a health monitor detaches its pools.
    delete(h, sim, hm["uri"])
    assert get(h, sim, pool["uri"])["healthMonitorId"] is None
    # Deleting a load balancer deletes its pools, their members and the VIPs.
    for _ in range(2):
        delete(h, sim, lb["uri"])
    for coll in ("/load_balancers", "/pools", "/pool_members", "/vips", "/health_monitors"):
        assert zk_children(h, sim, coll) == [], coll
    assert sim.stop() == 0


def test_router_load_balancer(h):
    sim = h.sim()
    lb = create_get(h, sim, "/load_balancers", {}, "LoadBalancer-v1")
    rt = router(h, sim, loadBalancerId=lb["id"])
    assert rt["loadBalancer"] == lb["uri"]
    lb = get(h, sim, lb["uri"])
    assert lb["routerId"] == rt["id"] and lb["router"] == rt["uri"]
    # PUTting the representation back is fine; changing routerId is not.
    st, _, _ = call(h, sim, "PUT", lb["uri"], body=dict(lb, adminStateUp=False), ctype="LoadBalancer-v1")
    assert st == 204 and get(h, sim, lb["uri"])["adminStateUp"] is False
    expect_error(h, sim, "PUT", lb["uri"], 400,
                 "The load balancers can be assigned to the router only from the router side.",
                 body={"routerId": MISSING}, ctype="LoadBalancer-v1")
    delete(h, sim, lb["uri"])
    assert get(h, sim, rt["uri"])["loadBalancerId"] is None
    assert sim.stop() == 0
