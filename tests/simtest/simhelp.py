"""Helpers for the midonet-sim HTTP tests (tests/simtest/test_*.py).

Every helper takes the harness `h` (tests/lib/harness.py) and a running simulator `sim`
(from h.sim()); paths are relative to the API base, e.g. "/bridges".
"""
import json
import re

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def mt(name):
    """The vendor media type of a name such as "Bridge-v3" or "collection.Bridge-v3"."""
    return "application/vnd.org.midonet.%s+json" % name


# The 1.9 media types a test names and what a 5.x client sends instead (doc/simulator.md):
# on a simulator started with --dialect 5 (sim.dialect == "5") call() sends these.
TYPES_5 = {
    "Application-v4": "Application-v5", "Tenant-v1": "Tenant-v2", "Router-v1": "Router-v3",
    "Router-v2": "Router-v3", "Bridge-v1": "Bridge-v4", "Bridge-v2": "Bridge-v4",
    "Bridge-v3": "Bridge-v4", "Port-v1": "Port-v3", "Port-v2": "Port-v3", "Host-v2": "Host-v3",
    "MacPort-v1": "MacPort-v2", "DhcpHost-v1": "DhcpHost-v2", "DhcpSubnet-v1": "DhcpSubnet-v2",
    "VTEP-v1": "VTEP-v2", "VTEPBinding-v1": "VTEPBinding-v2", "Rule-v1": "Rule-v2",
    "SystemState-v1": "SystemState-v2",
}


def dialect(sim):
    """"1.9" or "5": what the simulator was started to speak."""
    return getattr(sim, "dialect", "1.9")


def type_for(sim, name):
    """A media-type name ("Bridge-v3", "collection.Port-v2") as sim's dialect has it."""
    if dialect(sim) != "5" or not name or name.startswith(("application/", "*")):
        return name
    coll = name.startswith("collection.")
    base = name[len("collection."):] if coll else name
    base = TYPES_5.get(base, base)
    return ("collection." if coll else "") + base


class Dialect5:
    """A harness whose simulators speak 5.x: h.sim() adds --dialect 5. Everything else is
    the wrapped harness's, so a test written for 1.9 runs unchanged against 5.x."""

    def __init__(self, h):
        self._h = h

    def __getattr__(self, name):
        return getattr(self._h, name)

    def sim(self, *args, **kw):
        kw["extra"] = list(kw.get("extra", ())) + ["--dialect", "5"]
        s = self._h.sim(*args, **kw)
        s.dialect = "5"
        return s


def call(h, sim, method, path, body=None, ctype=None, accept=None, headers=None):
    """One API request; path may also be an absolute URL. Returns (status, headers, body)."""
    hdrs = dict(headers or {})
    ctype, accept = type_for(sim, ctype), type_for(sim, accept)
    if dialect(sim) == "5" and method == "GET" and not accept and "Accept" not in hdrs:
        accept = "*/*"      # as curl and the clients send; 5.x refuses a GET without Accept
    if ctype:
        hdrs["Content-Type"] = mt(ctype) if not ctype.startswith("application/") else ctype
    if accept:
        hdrs["Accept"] = mt(accept) if not accept.startswith(("application/", "*")) else accept
    url = path if path.startswith("http") else sim.url + path
    return h.http(method, url, body=body, headers=hdrs)


def get(h, sim, path, accept=None, status=200):
    st, hd, body = call(h, sim, "GET", path, accept=accept)
    assert st == status, "GET %s: %s %r" % (path, st, body)
    return body


def create(h, sim, path, body, ctype):
    """POST, check the 201 contract (empty body, absolute Location), GET the Location."""
    st, hd, out = call(h, sim, "POST", path, body=body, ctype=ctype)
    assert st == 201, "POST %s: %s %r" % (path, st, out)
    assert out is None, "POST %s answered a body: %r" % (path, out)
    loc = hd.get("location")
    assert loc and loc.startswith(sim.url + "/"), "POST %s: Location %r" % (path, loc)
    return loc


def create_get(h, sim, path, body, ctype, accept=None):
    loc = create(h, sim, path, body, ctype)
    return get(h, sim, loc, accept=accept or ctype)


def expect_error(h, sim, method, path, status, message=None, body=None, ctype=None,
                 accept=None, headers=None):
    """A request that must fail with status and (when given) that Error message."""
    st, hd, out = call(h, sim, method, path, body=body, ctype=ctype, accept=accept,
                       headers=headers)
    assert st == status, "%s %s: expected %d, got %s %r" % (method, path, status, st, out)
    if out is not None:
        assert isinstance(out, dict) and out.get("code") == status, \
            "%s %s: bad Error body %r" % (method, path, out)
        assert hd.get("content-type", "").startswith(mt("Error-v1")), \
            "%s %s: error Content-Type %r" % (method, path, hd.get("content-type"))
    if message is not None:
        assert out and out.get("message") == message, \
            "%s %s: message %r, expected %r" % (method, path, out and out.get("message"), message)
    return out


def expect_violation(h, sim, method, path, prop, message, body, ctype):
    """A 400 ValidationErrorEntity naming prop with message."""
    out = expect_error(h, sim, method, path, 400, "Validation error(s) found", body=body,
                       ctype=ctype)
    found = [(v.get("property"), v.get("message")) for v in out.get("violations", [])]
    assert (prop, message) in found, "%s %s: violations %r lack %r" % (
        method, path, found, (prop, message))
    return out


def zk_data(h, sim, rel):
    """The wrapped data of a node under the simulator's root, checked to be 1.9-wrapped."""
    raw = h.zk_get(sim.root + rel)
    assert raw is not None, "no ZooKeeper node %s%s" % (sim.root, rel)
    doc = json.loads(raw)
    assert set(doc) == {"data", "version"} and doc["version"] == "1.9", \
        "%s%s not wrapped as 1.9: %r" % (sim.root, rel, doc)
    return doc["data"]


def zk_exists(h, sim, rel):
    return h.zk_get(sim.root + rel) is not None


def zk_children(h, sim, rel):
    return h.zk_children(sim.root + rel)


def bridge(h, sim, name="br0", tenant="admin", **extra):
    body = {"name": name, "tenantId": tenant}
    body.update(extra)
    return create_get(h, sim, "/bridges", body, "Bridge-v3")


def router(h, sim, name="r0", tenant="admin", **extra):
    body = {"name": name, "tenantId": tenant}
    body.update(extra)
    return create_get(h, sim, "/routers", body, "Router-v2")


def bridge_port(h, sim, br, **extra):
    body = {"type": "Bridge"}
    body.update(extra)
    return create_get(h, sim, "/bridges/%s/ports" % br["id"], body, "Port-v2")


def router_port(h, sim, rt, addr="10.0.0.1", net="10.0.0.0", length=24, **extra):
    body = {"type": "Router", "networkAddress": net, "networkLength": length,
            "portAddress": addr}
    body.update(extra)
    return create_get(h, sim, "/routers/%s/ports" % rt["id"], body, "Port-v2")


def tunnel_zone(h, sim, name="tz", type="gre"):
    return create_get(h, sim, "/tunnel_zones", {"name": name, "type": type}, "TunnelZone-v1")


def add_member(h, sim, tz, host_id, ip, ctype="GreTunnelZoneHost-v1"):
    return create(h, sim, "/tunnel_zones/%s/hosts" % tz["id"],
                  {"hostId": host_id, "ipAddress": ip}, ctype)


def link(h, sim, a, b):
    return create(h, sim, "/ports/%s/link" % a["id"], {"peerId": b["id"]}, "PortLink-v1")
