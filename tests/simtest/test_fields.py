"""midonet-sim: every writable field of every resource, read as the 1.9 API's Jackson does.

The table is `midonet-sim fields` (tests/sim/body.c): one row per field with its Java type,
validation annotations and an example value valid in a minimal body. For each class with a
fixture below, and each row with an example, the test tries: the example; the example as a
JSON string (numbers and booleans: accepted, stored as the same value); a wrong type (an
object; for numbers and booleans also a non-numeric string); null (a primitive reads as 0 or
false, @NotNull refuses it); and for numbers the @Min/@Max bounds and the Java type's range.
"""
import json
import re
import subprocess

from simhelp import call, create, get

MSG = ("Invalid fields or values were passed in that could not be deserialized into a "
       "known object.  Please check fields such as 'type'.")
E500 = "An internal server error has occurred, please try again."
RANGE = {"int": 2**31, "Integer": 2**31, "long": None, "Long": None, "short": 2**15,
         "Short": 2**15, "byte": 2**7, "Byte": 2**7}


def table(h):
    out = subprocess.run([h.bin("midonet-sim"), "fields"], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    head = out[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in out[1:]]


def post(h, sim, path, body, ctype, status):
    """POST; on 201 GET the new object and delete it. Returns the object or the error."""
    st, hd, out = call(h, sim, "POST", path, body=body, ctype=ctype)
    assert st == status, "POST %s %r: expected %d, got %s %r" % (path, body, status, st, out)
    if st != 201:
        return out
    loc = hd["location"]
    obj = get(h, sim, loc)
    st, _, _ = call(h, sim, "DELETE", loc)
    assert st == 204, (loc, st)
    return obj


def fixtures(h, sim):
    """class -> [(path, media type, minimal body)]: one per subtype where rows differ."""
    def make(path, body, ctype):
        st, hd, out = call(h, sim, "POST", path, body=body, ctype=ctype)
        assert st == 201, (path, body, st, out)
        return get(h, sim, hd["location"])

    b = make("/bridges", {"tenantId": "t1", "name": "fb"}, "Bridge-v3")
    r = make("/routers", {"tenantId": "t1", "name": "fr"}, "Router-v2")
    rp = make(r["ports"], {"type": "Router", "networkAddress": "10.0.0.0", "networkLength": 24,
                           "portAddress": "10.0.0.1"}, "Port-v2")
    rp2 = make(r["ports"], {"type": "Router", "networkAddress": "10.0.1.0",
                            "networkLength": 24, "portAddress": "10.0.1.1"}, "Port-v2")
    bp = make(b["ports"], {"type": "Bridge"}, "Port-v2")
    bgp = make(rp2["bgps"], {"localAS": 1, "peerAS": 2, "peerAddr": "10.0.1.2"}, "Bgp-v1")
    ch = make("/chains", {"tenantId": "t1", "name": "fc"}, "Chain-v1")
    make(b["dhcpSubnets"], {"subnetPrefix": "10.4.0.0", "subnetLength": 24}, "DhcpSubnet-v2")
    host = h.agent("fields-host", root=sim.root, addresses=["10.1.0.8"])
    tz = make("/tunnel_zones", {"name": "fz", "type": "gre"}, "TunnelZone-v1")
    lb = make("/load_balancers", {}, "LoadBalancer-v1")
    pool = make("/pools", {"loadBalancerId": lb["id"], "lbMethod": "ROUND_ROBIN"}, "Pool-v1")
    return {
        "Bridge": [("/bridges", "Bridge-v3", {"tenantId": "t1"})],
        "Router": [("/routers", "Router-v2", {"tenantId": "t1"})],
        "Port": [(b["ports"], "Port-v2", {"type": "Bridge"}),
                 (r["ports"], "Port-v2", {"type": "Router", "networkAddress": "10.0.2.0",
                                          "networkLength": 24, "portAddress": "10.0.2.1"})],
        "Route": [(r["routes"], "Route-v1",
                   {"type": "Normal", "srcNetworkAddr": "0.0.0.0", "srcNetworkLength": 0,
                    "dstNetworkAddr": "10.2.0.0", "dstNetworkLength": 16,
                    "nextHopPort": rp["id"], "weight": 100})],
        "TunnelZone": [("/tunnel_zones", "TunnelZone-v1", {"name": "z1", "type": "gre"})],
        "TunnelZoneHost": [(tz["hosts"], "TunnelZoneHost-v1",
                            {"hostId": host.id, "ipAddress": "10.1.0.9"})],
        "Chain": [("/chains", "Chain-v1", {"tenantId": "t1", "name": "c1"})],
        "Rule": [(ch["rules"], "Rule-v2", {"type": "accept"})],
        "PortGroup": [("/port_groups", "PortGroup-v1", {"tenantId": "t1", "name": "pg1"})],
        "IpAddrGroup": [("/ip_addr_groups", "IpAddrGroup-v1", {"name": "ag1"})],
        "DhcpSubnet": [(b["dhcpSubnets"], "DhcpSubnet-v2",
                        {"subnetPrefix": "10.5.0.0", "subnetLength": 24})],
        "DhcpHost": [(b["dhcpSubnets"] + "/10.4.0.0_24/hosts", "DhcpHost-v2",
                      {"macAddr": "02:00:00:00:00:05", "ipAddr": "10.4.0.5"})],
        "DhcpSubnet6": [(b["dhcpSubnet6s"], "DhcpV6Subnet-v1",
                         {"prefix": "fd00::", "prefixLength": 64})],
        "Bgp": [(rp["bgps"], "Bgp-v1", {"localAS": 65001, "peerAS": 65002,
                                       "peerAddr": "10.0.0.9"})],
        "AdRoute": [(bgp["adRoutes"], "AdRoute-v1", {"nwPrefix": "10.9.0.0",
                                                      "prefixLength": 16})],
        "MacPort": [(b["macTable"], "MacPort-v2", {"macAddr": "02:00:00:00:00:07",
                                                   "portId": bp["id"]})],
        "IP4MacPair": [(b["arpTable"], "IP4Mac-v1", {"ip": "10.6.0.1",
                                                    "mac": "02:00:00:00:00:08"})],
        "VTEP": [("/vteps", "VTEP-v1", {"managementIp": "10.8.0.1", "managementPort": 6632,
                                        "tunnelZoneId": tz["id"]})],
        "LoadBalancer": [("/load_balancers", "LoadBalancer-v1", {})],
        "Pool": [("/pools", "Pool-v1", {"loadBalancerId": lb["id"], "lbMethod": "ROUND_ROBIN"})],
        "PoolMember": [("/pool_members", "PoolMember-v1",
                        {"poolId": pool["id"], "address": "10.7.0.5", "protocolPort": 80})],
        "VIP": [("/vips", "VIP-v1", {"poolId": pool["id"], "address": "10.7.0.9",
                                     "protocolPort": 80})],
        "HealthMonitor": [("/health_monitors", "HealthMonitor-v1",
                           {"type": "TCP", "delay": 5, "timeout": 5, "maxRetries": 3})],
    }


def bound(ann, which):
    m = re.search(r"@%s\((0x[0-9A-Fa-f]+|-?\d+)\)" % which, ann)
    return int(m.group(1), 0) if m else None


def violation(out, field, message):
    found = [(v.get("property"), v.get("message")) for v in (out or {}).get("violations", [])]
    assert (field, message) in found, "violations %r lack %r" % (found, (field, message))


def try_field(h, sim, path, ctype, base, row):
    name, java, ann = row["field"], row["java"], row["validation"]
    example = json.loads(row["example"])
    with_ = lambda v: dict(base, **{name: v})
    good = post(h, sim, path, with_(example), ctype, 201)
    number = java in RANGE
    if number or java in ("boolean", "Boolean"):
        # The value as a string is the same value.
        text = json.dumps(example)
        again = post(h, sim, path, with_(text), ctype, 201)
        assert again.get(name) == good.get(name), (name, text, again.get(name), good.get(name))
        out = post(h, sim, path, with_("x1"), ctype, 400)
        assert out["message"] == MSG, (name, out)
    out = post(h, sim, path, with_({"a": 1}), ctype, 400)
    assert out["message"] == MSG, (name, out)
    out = post(h, sim, path, with_([example]), ctype, 400)
    assert out["message"] == MSG, (name, out)
    # null: a primitive's default, a reference's absence.
    lo, hi = bound(ann, "Min"), bound(ann, "Max")
    if "null is 500" in ann:
        out = post(h, sim, path, with_(None), ctype, 500)
        assert out["message"] == E500, (name, out)
    elif "null is 127.0.0.1" in ann:
        assert post(h, sim, path, with_(None), ctype, 201).get(name) == "127.0.0.1", name
    elif "read as 1" in ann:
        post(h, sim, path, with_(None), ctype, 201)
        lo = None
    elif "@NotNull" in ann:
        violation(post(h, sim, path, with_(None), ctype, 400), name, "may not be null")
    elif java in ("int", "short", "byte", "long") and lo is not None and lo > 0:
        violation(post(h, sim, path, with_(None), ctype, 400), name,
                  "must be greater than or equal to %d" % lo)
    else:
        post(h, sim, path, with_(None), ctype, 201)
    if not number:
        return
    if lo is not None:
        violation(post(h, sim, path, with_(lo - 1), ctype, 400), name,
                  "must be greater than or equal to %d" % lo)
        violation(post(h, sim, path, with_(str(lo - 1)), ctype, 400), name,
                  "must be greater than or equal to %d" % lo)
    if hi is not None and (RANGE[java] is None or hi + 1 < RANGE[java]):
        violation(post(h, sim, path, with_(hi + 1), ctype, 400), name,
                  "must be less than or equal to %d" % hi)
    # A real is truncated.
    if isinstance(example, int):
        again = post(h, sim, path, with_(example + 0.5), ctype, 201)
        assert again.get(name) == good.get(name), (name, again.get(name), good.get(name))
    top = RANGE[java]
    if top:
        # Past the Java type: a string is a mapping error, an int literal a parse error
        # (500) for int; short and byte check their range after reading an int (400).
        post(h, sim, path, with_(str(top)), ctype, 400)
        post(h, sim, path, with_(top), ctype, 500 if top == 2**31 else 400)


def test_field_table(h):
    sim = h.sim()
    rows = table(h)
    fx = fixtures(h, sim)
    tried, failed = 0, []
    # Condition's rows are a Rule's too: tried through rules.
    for cls in sorted({r["class"] for r in rows if r["example"]} - {"Condition"}):
        assert cls in fx, "no fixture for %s, which has example values" % cls
        for path, ctype, base in fx[cls]:
            for row in rows:
                if row["class"] != cls or not row["example"]:
                    continue
                if row["only"] and base.get("type") not in row["only"].split():
                    continue
                try:
                    try_field(h, sim, path, ctype, base, row)
                except AssertionError as e:
                    failed.append("%s.%s: %s" % (cls, row["field"], e))
                tried += 1
    assert not failed, "\n".join(failed)
    assert tried > 60, tried


def test_table_in_readme(h):
    """tests/sim/README.md carries the table as the simulator prints it."""
    md = subprocess.run([h.bin("midonet-sim"), "fields", "--markdown"], capture_output=True,
                        text=True, check=True).stdout
    with open(h.repo + "/tests/sim/README.md") as f:
        assert md in f.read(), "tests/sim/README.md's field table differs from 'midonet-sim fields --markdown'"


def test_numbers_as_strings(h):
    """midonet-cli sends every number an operator types as a JSON string (issue 10)."""
    sim = h.sim()

    def make(path, body, ctype):
        st, hd, out = call(h, sim, "POST", path, body=body, ctype=ctype)
        assert st == 201, (path, body, st, out)
        return get(h, sim, hd["location"])

    r = make("/routers", {"tenantId": "t", "name": "r"}, "Router-v2")
    p = make(r["ports"], {"type": "Router", "networkAddress": "10.0.0.0",
                          "networkLength": "24", "portAddress": "10.0.0.1"}, "Port-v2")
    assert p["networkLength"] == 24
    rt = make(r["routes"], {"type": "Normal", "srcNetworkAddr": "0.0.0.0",
                            "srcNetworkLength": "0", "dstNetworkAddr": "10.1.0.0",
                            "dstNetworkLength": " 16 ", "nextHopPort": p["id"],
                            "weight": "100"}, "Route-v1")
    assert (rt["dstNetworkLength"], rt["weight"]) == (16, 100)
    ch = make("/chains", {"tenantId": "t", "name": "c"}, "Chain-v1")
    rule = make(ch["rules"], {"type": "accept", "nwProto": "6", "position": "1",
                              "tpDst": {"start": "22", "end": "22"}, "dlType": "2048",
                              "nwDstLength": "8", "nwDstAddress": "10.0.0.0",
                              "invNwProto": "true"}, "Rule-v2")
    assert (rule["nwProto"], rule["tpDst"], rule["dlType"], rule["invNwProto"]) == \
        (6, {"start": 22, "end": 22}, 2048, True)
    b = make("/bridges", {"tenantId": "t", "name": "b"}, "Bridge-v3")
    bp = make(b["ports"], {"type": "Bridge", "vlanId": "7"}, "Port-v2")
    assert bp["vlanId"] == 7
    sub = make(b["dhcpSubnets"], {"subnetPrefix": "10.5.0.0", "subnetLength": "24",
                                  "interfaceMTU": "1400"}, "DhcpSubnet-v2")
    assert (sub["subnetLength"], sub["interfaceMTU"]) == (24, 1400)
    bgp = make(p["bgps"], {"localAS": "65001", "peerAS": "65002", "peerAddr": "10.0.0.9"},
               "Bgp-v1")
    assert (bgp["localAS"], bgp["peerAS"]) == (65001, 65002)
    ad = make(bgp["adRoutes"], {"nwPrefix": "10.9.0.0", "prefixLength": "16"}, "AdRoute-v1")
    assert ad["prefixLength"] == 16
    # Not a number: 400; past int as a literal: 500 (a JsonParseException).
    st, _, out = call(h, sim, "POST", r["ports"], body={
        "type": "Router", "networkAddress": "10.0.1.0", "networkLength": "24a",
        "portAddress": "10.0.1.1"}, ctype="Port-v2")
    assert st == 400 and out["message"] == MSG, (st, out)
    st, _, out = call(h, sim, "POST", r["ports"], body={
        "type": "Router", "networkAddress": "10.0.1.0", "networkLength": 2**31,
        "portAddress": "10.0.1.1"}, ctype="Port-v2")
    assert st == 500 and out["message"] == E500, (st, out)
