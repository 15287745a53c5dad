"""midonet-sim: the root document, login and auth, negotiation, errors, stats, robustness."""
import base64
import http.client
import json
import signal
import time
import urllib.parse

from harness import alone
from simhelp import (call, create, expect_error, get, mt, zk_exists, UUID_RE)

ROOT_KEYS_V4 = [
    "hosts", "tenants", "tunnelZones", "bridges", "loadBalancers", "healthMonitors",
    "poolMembers", "pools", "vips", "chains", "portGroups", "ipAddrGroups", "routers", "vteps",
    "writeVersion", "systemState", "hostVersions", "traceRequests", "adRouteTemplate",
    "bgpTemplate", "bridgeTemplate", "chainTemplate", "hostTemplate", "portTemplate",
    "portGroupTemplate", "ipAddrGroupTemplate", "routeTemplate", "routerTemplate",
    "ruleTemplate", "tenantTemplate", "tunnelZoneTemplate", "vtepTemplate",
    "healthMonitorTemplate", "loadBalancerTemplate", "poolMemberTemplate", "poolTemplate",
    "vipTemplate",
]
TOP_DIRS = ["bridges", "vlan-bridges", "routers", "ports", "routes", "chains", "rules", "filters",
            "port_groups", "ip_addr_groups", "bgps", "ad_routes", "tunnel_zones", "gre", "hosts",
            "agents", "load_balancers", "pools", "pool_members", "vips", "health_monitors",
            "pool_health_monitor_mappings", "hm_leader", "vteps", "vxlan_port_ids", "tenants",
            "versions", "system_state", "write_version", "locks", "licenses", "nat", "traces",
            "device_status", "neutron"]


def basic(user="admin", password="pw"):
    return "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()


def test_root_document(h):
    sim = h.sim()
    for path in ("", "/"):
        st, hd, root = call(h, sim, "GET", path, accept="Application-v5")
        assert st == 200, st
        assert hd["content-type"].startswith(mt("Application-v5")), hd["content-type"]
        assert root["uri"] == sim.url + "/", root["uri"]
        for key in ROOT_KEYS_V4 + ["ports", "neutron"]:
            assert root.get(key, "").startswith(sim.url + "/"), "root %s: %r" % (key, root.get(key))
        for key in ("licenses", "licenseTemplate", "licenseStatus"):
            assert key in root and root[key] is None, key
    assert root["bridgeTemplate"] == sim.url + "/bridges/{id}"
    assert root["vtepTemplate"] == sim.url + "/vteps/{ipAddr}"
    assert root["hostVersions"] == sim.url + "/versions"
    # v4 has neither ports nor neutron; no Accept gets the newest (v5).
    v4 = get(h, sim, "/", accept="Application-v4")
    assert "ports" not in v4 and "neutron" not in v4 and "bridges" in v4
    st, hd, newest = call(h, sim, "GET", "/")
    assert st == 200 and "ports" in newest and hd["content-type"].startswith(mt("Application-v5"))
    st, hd, _ = call(h, sim, "GET", "/", accept="*/*")
    assert st == 200 and hd["content-type"].startswith(mt("Application-v5"))
    # --base-uri replaces the base of every URI.
    other = h.sim(extra=["--base-uri", "http://api.example:8080/midonet-api/"])
    r = get(h, other, "/")
    assert r["uri"] == "http://api.example:8080/midonet-api/", r["uri"]
    assert r["bridges"] == "http://api.example:8080/midonet-api/bridges"


def test_startup_creates_tree(h):
    sim = h.sim()
    for d in TOP_DIRS:
        assert zk_exists(h, sim, "/" + d), "missing /%s" % d
    assert zk_exists(h, sim, "/versions/1.9") and zk_exists(h, sim, "/agents/ports")
    assert h.zk_get(sim.root + "/write_version") == b"1.9"
    # An existing /write_version is left alone.
    st, _, _ = call(h, sim, "PUT", "/write_version", body={"version": "1.8"}, ctype="WriteVersion-v1")
    assert st == 204
    sim.stop()
    h.sim(root=sim.root)
    assert h.zk_get(sim.root + "/write_version") == b"1.8"


def test_login_mock(h):
    sim = h.sim()
    st, hd, body = call(h, sim, "POST", "/login", body={}, headers={"Authorization": basic()})
    assert st == 200, (st, body)
    assert hd["set-cookie"].startswith("sessionId="), hd
    token = hd["set-cookie"].split(";")[0].split("=", 1)[1]
    assert token and body == {"key": token, "expires": None}, body
    assert hd["content-type"].startswith(mt("Token-v1")), hd["content-type"]
    for method in ("GET", "PUT"):
        st, hd, _ = call(h, sim, method, "/login", headers={"Authorization": basic("x", "y")})
        assert st == 200 and "set-cookie" in hd, method
    expect_error(h, sim, "POST", "/login", 401, "Authorization header is not set.")
    st, hd, _ = call(h, sim, "POST", "/login")
    assert hd.get("www-authenticate", "").startswith("Basic"), hd
    expect_error(h, sim, "POST", "/login", 401, "Authorization header does not contain Basic.",
                 headers={"Authorization": "Bearer abc"})
    expect_error(h, sim, "POST", "/login", 401, "Authorization header is not valid",
                 headers={"Authorization": "Basic !!!"})
    # Mock auth: any token, or none, is the admin.
    assert get(h, sim, "/bridges") == []
    st, _, _ = call(h, sim, "GET", "/bridges", headers={"X-Auth-Token": "nonsense"})
    assert st == 200


def test_token_auth(h):
    sim = h.sim(auth="token", token="s3cret")
    for path in ("/", "/bridges", "/hosts"):
        st, hd, body = call(h, sim, "GET", path)
        assert st == 401, (path, st)
        assert hd.get("www-authenticate", "").startswith("Basic"), hd
        assert body["code"] == 401 and body["message"], body
        st, hd, _ = call(h, sim, "GET", path, headers={"X-Auth-Token": "wrong"})
        assert st == 401 and "www-authenticate" in hd
        st, _, _ = call(h, sim, "GET", path, headers={"X-Auth-Token": "s3cret"})
        assert st == 200, (path, st)
    # /login checks only that Basic credentials are there, and hands out the token.
    st, hd, body = call(h, sim, "POST", "/login", body={}, headers={"Authorization": basic("u", "p")})
    assert st == 200 and body["key"] == "s3cret" and hd["set-cookie"].startswith("sessionId=s3cret")
    expect_error(h, sim, "POST", "/login", 401, "Authorization header is not set.")
    # Writes are refused too, and nothing is written.
    st, _, _ = call(h, sim, "POST", "/bridges", body={"tenantId": "t"}, ctype="Bridge-v3")
    assert st == 401
    assert h.zk_children(sim.root + "/bridges") == []


def test_negotiation(h):
    sim = h.sim()
    # 406: an Accept the resource cannot produce.
    expect_error(h, sim, "GET", "/bridges", 406, accept="Router-v2")
    expect_error(h, sim, "GET", "/bridges", 406, accept="text/html")
    expect_error(h, sim, "GET", "/bridges", 406, accept="Bridge-v3")   # not the collection type
    # The vendor types of the python client, and json.
    for accept in ("collection.Bridge-v3", "collection.Bridge-v2", "collection.Bridge-v1",
                   "application/json", "text/html, application/json;q=0.9"):
        st, hd, _ = call(h, sim, "GET", "/bridges", accept=accept)
        assert st == 200, (accept, st)
    st, hd, _ = call(h, sim, "GET", "/bridges", accept="collection.Bridge-v2")
    assert hd["content-type"].startswith(mt("collection.Bridge-v2")), hd["content-type"]
    st, hd, _ = call(h, sim, "GET", "/bridges")
    assert hd["content-type"].startswith(mt("collection.Bridge-v3")), hd["content-type"]
    # 415: an unsupported Content-Type.
    expect_error(h, sim, "POST", "/bridges", 415, body={"tenantId": "a"}, ctype="Router-v2")
    expect_error(h, sim, "POST", "/bridges", 415, body={"tenantId": "a"}, ctype="text/plain")
    for ctype in ("Bridge-v1", "Bridge-v2", "Bridge-v3", "application/json",
                  "application/vnd.org.midonet.Bridge-v3+json; charset=UTF-8"):
        create(h, sim, "/bridges", {"tenantId": "a"}, ctype)
    # The version selects the fields: Bridge v1 has no vxLanPort* keys.
    br = get(h, sim, "/bridges", accept="collection.Bridge-v1")[0]
    assert "vxLanPortId" not in br and "vxLanPorts" not in br, br
    br = get(h, sim, "/bridges", accept="application/json")[0]
    assert "vxLanPortId" not in br, "application/json counts as v1"


def test_errors_and_paths(h):
    sim = h.sim()
    expect_error(h, sim, "GET", "/nonsense", 404)
    expect_error(h, sim, "GET", "/bridges/not-a-uuid", 404)
    expect_error(h, sim, "GET", "/bridges/not-a-uuid/ports", 404)
    expect_error(h, sim, "DELETE", "/bridges/1234", 404)
    missing = "2f1d1c58-6b5f-4d0b-9a7d-000000000001"
    expect_error(h, sim, "GET", "/bridges/" + missing, 404,
                 "No bridge with ID %s exists." % missing)
    # An upper-case UUID is the same UUID.
    expect_error(h, sim, "GET", "/bridges/" + missing.upper(), 404,
                 "No bridge with ID %s exists." % missing)
    st, hd, _ = call(h, sim, "PATCH", "/bridges")
    assert st == 405, st
    st, hd, _ = call(h, sim, "PUT", "/bridges", body={}, ctype="Bridge-v3")
    assert st == 405 and "GET" in hd.get("allow", ""), (st, hd)
    expect_error(h, sim, "GET", "/../../etc/passwd", 404)
    expect_error(h, sim, "GET", "/" + "a/" * 40, 404)
    st, _, _ = call(h, sim, "GET", "/bridges?tenant_id=x&unknown=1")
    assert st == 200
    # Outside /midonet-api.
    st, _, _ = h.http("GET", sim.base + "/elsewhere")
    assert st == 404
    # CORS preflight.
    st, hd, _ = call(h, sim, "OPTIONS", "/bridges")
    assert st == 200 and hd.get("access-control-allow-origin") == "*", hd


def test_bodies(h):
    sim = h.sim()
    # Bodies are tolerated on GET and DELETE (httplib2 sends {}).
    st, _, _ = call(h, sim, "GET", "/bridges", body={})
    assert st == 200
    st, _, _ = call(h, sim, "DELETE", "/bridges/2f1d1c58-6b5f-4d0b-9a7d-000000000001", body={})
    assert st == 204
    # Unknown fields are ignored.
    loc = create(h, sim, "/bridges", {"tenantId": "a", "bogus": [1, 2], "name": "x"}, "Bridge-v3")
    assert get(h, sim, loc)["name"] == "x"
    msg = ("Invalid fields or values were passed in that could not be deserialized into a "
           "known object.  Please check fields such as 'type'.")
    # Jackson 1.9: what is not JSON (or is no entity) is a JsonParseException, which only the
    # catch-all mapper handles (500); JSON that is not an object is a mapping error (400).
    for bad in (b"{", b"null", b"", b"\xff\xfe"):
        expect_error(h, sim, "POST", "/bridges", 500,
                     "An internal server error has occurred, please try again.", body=bad,
                     ctype="Bridge-v3")
    for bad in (b"[]", b"42", b'"x"'):
        expect_error(h, sim, "POST", "/bridges", 400, msg, body=bad, ctype="Bridge-v3")
    # A repeated key: the last one wins; a number for a String is its text.
    loc = create(h, sim, "/bridges", b'{"tenantId": "a", "tenantId": "b"}', "Bridge-v3")
    assert get(h, sim, loc)["tenantId"] == "b"
    loc = create(h, sim, "/bridges", {"tenantId": 5}, "Bridge-v3")
    assert get(h, sim, loc)["tenantId"] == "5"
    call(h, sim, "DELETE", loc)
    # Only the first JSON value is read.
    loc = create(h, sim, "/bridges", b'{"tenantId": "c"} trailing', "Bridge-v3")
    assert get(h, sim, loc)["tenantId"] == "c"
    expect_error(h, sim, "POST", "/bridges", 400, msg, body={"tenantId": ["a"]}, ctype="Bridge-v3")
    deep = b"[" * 100000 + b"]" * 100000
    st, _, _ = call(h, sim, "POST", "/bridges", body=deep, ctype="Bridge-v3")
    assert st == 400, st
    big = b'{"tenantId":"' + b"a" * (2 * 1024 * 1024) + b'"}'
    st, _, _ = call(h, sim, "POST", "/bridges", body=big, ctype="Bridge-v3")
    assert st == 413, st
    # Still serving.
    assert len(get(h, sim, "/bridges")) == 3


def test_stats(h):
    sim = h.sim()
    h.reset_stats(sim)
    s = h.stats(sim)
    assert s["total"] == 0 and s["GET"] == 0, s
    get(h, sim, "/")
    get(h, sim, "/bridges")
    loc = create(h, sim, "/bridges", {"tenantId": "a"}, "Bridge-v3")
    call(h, sim, "PUT", loc, body={"tenantId": "a"}, ctype="Bridge-v3")
    call(h, sim, "DELETE", loc)
    call(h, sim, "POST", "/login", headers={"Authorization": basic()})
    s = h.stats(sim)
    assert (s["GET"], s["POST"], s["PUT"], s["DELETE"], s["total"]) == (2, 2, 1, 1, 6), s
    assert s["requests"][:2] == ["GET /", "GET /bridges"], s["requests"]
    # /_sim requests are not counted.
    assert h.stats(sim)["total"] == 6
    h.reset_stats(sim)
    assert h.stats(sim)["total"] == 0


@alone
def test_delay_and_sigterm(h):
    sim = h.sim(delay_ms=700)
    start = time.monotonic()
    get(h, sim, "/")
    took = time.monotonic() - start
    assert took >= 0.6, "delay not applied: %.2fs" % took
    # /_sim is not delayed.
    start = time.monotonic()
    h.stats(sim)
    assert time.monotonic() - start < 0.5
    # SIGTERM during a slow request: a clean, prompt exit 0.
    conn = http.client.HTTPConnection(urllib.parse.urlsplit(sim.base).hostname,
                                      urllib.parse.urlsplit(sim.base).port, timeout=10)
    conn.request("GET", "/midonet-api/bridges")
    h.wait_for("the request at the simulator",
               lambda: "GET /bridges" in h.stats(sim)["requests"])
    start = time.monotonic()
    rc = sim.stop()
    assert rc == 0, "exit status %s" % rc
    assert time.monotonic() - start < 5
    conn.close()
    other = h.sim()
    assert other.proc.send_signal(signal.SIGINT) is None
    assert other.proc.wait(10) == 0


def test_two_simulators_share_zookeeper(h):
    a = h.sim()
    b = h.sim(root=a.root)
    br = json.loads(json.dumps(get(h, a, create(h, a, "/bridges", {"tenantId": "t", "name": "x"},
                                               "Bridge-v3"))))
    seen = get(h, b, "/bridges/" + br["id"])
    assert seen["name"] == "x" and seen["uri"].startswith(b.url), seen
    st, _, _ = call(h, b, "DELETE", "/bridges/" + br["id"])
    assert st == 204
    expect_error(h, a, "GET", "/bridges/" + br["id"], 404)
    assert UUID_RE.match(br["id"])


def test_no_crash_on_odd_requests(h):
    """A deterministic spray of odd requests: every answer is an HTTP status, never a crash."""
    import random
    sim = h.sim()
    br = create(h, sim, "/bridges", {"tenantId": "t"}, "Bridge-v3").rsplit("/", 1)[1]
    rng = random.Random(1906)
    segs = ["bridges", "routers", "ports", "hosts", "tunnel_zones", "routes", "link", "ports",
            "peer_ports", "interfaces", "versions", "system_state", br, br.upper(), "%00", "..",
            "%2F", "{id}", "x" * 300, "\u00e9", "tenants", "write_version", "login"]
    bodies = [None, {}, [], "", "{", {"type": "Bridge"}, {"peerId": br}, {"tenantId": None},
              {"name": "\u0000"}, {"type": "Router", "networkAddress": "1.2.3.4",
                                   "portAddress": "1.2.3.5", "networkLength": 99},
              {"hostId": br, "ipAddress": "1.1.1.1"}, {"portId": br, "interfaceName": "a/b"}]
    types = [None, "Bridge-v3", "Port-v2", "application/json", "text/plain", "*/*",
             "GreTunnelZoneHost-v1", "PortLink-v1"]
    for _ in range(300):
        path = "/" + "/".join(rng.choice(segs) for _ in range(rng.randint(0, 5)))
        method = rng.choice(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE"])
        body = rng.choice(bodies)
        ctype = rng.choice(types)
        try:
            st, _, _ = call(h, sim, method, path.encode("utf-8").decode("latin-1"), body=body,
                            ctype=ctype if body is not None else None, accept=rng.choice(types))
        except UnicodeError:
            continue
        assert 200 <= st < 600, (method, path, st)
    assert sim.running
    assert isinstance(get(h, sim, "/bridges"), list)
    assert sim.stop() == 0
