"""midonet-sim: every writable field of every resource, read as the 1.9 API's Jackson does.

The table is `midonet-sim fields` (tests/sim/body.c): one row per field with its Java type,
validation annotations and an example value valid in a minimal body ("=": the fixture's own
value, a reference to an object it made). Every row has an example, and every class a
fixture (a nested class's is its owner's, the row's value placed inside the owner's field).
For each row the test tries: the example; the example as a JSON string (numbers and
booleans: accepted, stored as the same value); a wrong type (an object; for numbers and
booleans also a non-numeric string); null (a primitive reads as 0 or false, @NotNull
refuses it); for enums a name the enum lacks and an ordinal; and for numbers the @Min/@Max
bounds and the Java type's range.
"""
import json
import re
import subprocess

from simhelp import call, create, create_get, get

MSG = ("Invalid fields or values were passed in that could not be deserialized into a "
       "known object.  Please check fields such as 'type'.")
E500 = "An internal server error has occurred, please try again."
PORT_ID_MSG = "Port ID is not valid."
RANDOM_ID = "0b6f4b8e-0000-4000-8000-00000000000b"
PRIMITIVES = ("int", "long", "short", "byte", "boolean")
RANGE = {"int": 2**31, "Integer": 2**31, "long": None, "Long": None, "short": 2**15,
         "Short": 2**15, "byte": 2**7, "Byte": 2**7}


def table(h):
    out = subprocess.run([h.bin("midonet-sim"), "fields"], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    head = out[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in out[1:]]


class Fx:
    """How a class is written: method, path, media type, a minimal body, the status of
    success; what to GET afterwards (default: the new object's Location) and what to
    DELETE to undo it (default: the Location; None: nothing)."""

    def __init__(self, path, ctype, base, method="POST", ok=201, read=None, undo="location",
                 refs=None, inner=None):
        self.path, self.ctype, self.base, self.method, self.ok = path, ctype, base, method, ok
        self.read, self.undo, self.refs = read, undo, refs or {}
        # A nested class: (the owner's field, its minimal value, whether it is a list).
        self.inner = inner

    def body(self, name, value, drop=False):
        """The fixture's body with the row's field set to value (or left out)."""
        if not self.inner:
            b = dict(self.base)
            if drop:
                b.pop(name, None)
            else:
                b[name] = value
            return b
        field, ibase, is_list = self.inner
        one = dict(ibase, **({} if drop else {name: value}))
        return dict(self.base, **{field: [one] if is_list else one})

    def pick(self, obj):
        """The nested object (or the object itself) in what was read back."""
        if not self.inner or not obj:
            return obj
        v = obj.get(self.inner[0])
        if self.inner[2]:
            v = v[0] if v else {}
        return v or {}

    def prop(self, name):
        """The property a violation of the row's field names."""
        if not self.inner:
            return name
        return "%s%s.%s" % (self.inner[0], "[0]" if self.inner[2] else "", name)

    def ref(self, name):
        if self.inner:
            return self.inner[1][name]
        return self.base[name] if name in self.base else self.refs[name]


def as_fx(f):
    return f if isinstance(f, Fx) else Fx(*f)


def send(h, sim, fx, body, status):
    """Write body as fx says; on success read the object back and undo the write. Returns
    the object (or {} when there is nothing to read) or the error."""
    if status == "ok":
        status = fx.ok
    st, hd, out = call(h, sim, fx.method, fx.path, body=body, ctype=fx.ctype)
    assert st == status, "%s %s %r: expected %d, got %s %r" % (fx.method, fx.path, body, status,
                                                               st, out)
    if st != fx.ok:
        return out
    loc = hd.get("location")
    read = fx.read or loc
    obj = fx.pick(get(h, sim, read)) if read else {}
    undo = loc if fx.undo == "location" else fx.undo
    if undo:
        st, _, _ = call(h, sim, "DELETE", undo)
        assert st == 204, (undo, st)
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
    # A host in a tunnel zone takes bindings; a second bridge port links to a router port.
    tz2 = make("/tunnel_zones", {"name": "fz2", "type": "gre"}, "TunnelZone-v1")
    st, _, _ = call(h, sim, "POST", tz2["hosts"],
                    body={"hostId": host.id, "ipAddress": "10.1.0.8"}, ctype="TunnelZoneHost-v1")
    assert st == 201, st
    bp2 = make(b["ports"], {"type": "Bridge"}, "Port-v2")
    pg = make("/port_groups", {"tenantId": "t1", "name": "fpg"}, "PortGroup-v1")
    ag = make("/ip_addr_groups", {"name": "fag"}, "IpAddrGroup-v1")
    make(b["dhcpSubnet6s"], {"prefix": "fd01::", "prefixLength": 64}, "DhcpV6Subnet-v1")
    # References the rows' "=" examples name; a played VTEP takes bindings.
    ch2 = make("/chains", {"tenantId": "t1", "name": "fc2"}, "Chain-v1")
    hm = make("/health_monitors", {"type": "TCP", "delay": 5, "timeout": 5, "maxRetries": 3},
              "HealthMonitor-v1")
    lb2 = make("/load_balancers", {}, "LoadBalancer-v1")
    trace = make("/traces", {"name": "ft", "deviceType": "BRIDGE", "deviceId": b["id"],
                             "condition": {}}, "TraceRequest-v1")
    vtz = make("/tunnel_zones", {"name": "fvz", "type": "vtep"}, "TunnelZone-v1")
    vtep = make("/vteps", {"managementIp": "10.8.0.2", "managementPort": 6632,
                           "tunnelZoneId": vtz["id"]}, "VTEP-v1")
    h.vtep(sim.root, "10.8.0.2", 6632, tunnel_ip="10.8.0.3", ports=["eth0"])
    filters = {"inboundFilterId": ch["id"], "outboundFilterId": ch2["id"]}
    cond_refs = {"inPorts": [bp["id"]], "outPorts": [bp2["id"]], "portGroup": pg["id"],
                 "ipAddrGroupSrc": ag["id"], "ipAddrGroupDst": ag["id"]}
    rule = lambda base: Fx(ch["rules"], "Rule-v2", base, refs=cond_refs)
    nat = {"addressFrom": "10.0.0.1", "addressTo": "10.0.0.2", "portFrom": 80, "portTo": 81}
    dnat = {"type": "dnat", "flowAction": "accept", "natTargets": [nat]}
    host_fx = dict(path=sim.url + "/hosts/" + host.id, ctype="Host-v3", method="PUT", ok=200,
                   read=sim.url + "/hosts/" + host.id, undo=None)
    sub_path = b["dhcpSubnets"]
    host_path = b["dhcpSubnets"] + "/10.4.0.0_24/hosts"
    return {
        "Bridge": [Fx("/bridges", "Bridge-v3", {"tenantId": "t1"}, refs=filters)],
        "Router": [Fx("/routers", "Router-v2", {"tenantId": "t1"},
                      refs=dict(filters, loadBalancerId=lb2["id"]))],
        "Port": [Fx(b["ports"], "Port-v2", {"type": "Bridge"}, refs=dict(filters, hostId=host.id)),
                 Fx(r["ports"], "Port-v2", {"type": "Router", "networkAddress": "10.0.2.0",
                                            "networkLength": 24, "portAddress": "10.0.2.1"},
                    refs=dict(filters, hostId=host.id)),
                 # VxLanPort has no default constructor: any Vxlan body is 400.
                 Fx(bp2["uri"], "Port-v2", {"type": "Vxlan"}, method="PUT", ok=204)],
        "Route": [(r["routes"], "Route-v1",
                   {"type": "Normal", "srcNetworkAddr": "0.0.0.0", "srcNetworkLength": 0,
                    "dstNetworkAddr": "10.2.0.0", "dstNetworkLength": 16,
                    "nextHopPort": rp["id"], "weight": 100})],
        "TunnelZone": [("/tunnel_zones", "TunnelZone-v1", {"name": "z1", "type": "gre"})],
        "TunnelZoneHost": [(tz["hosts"], "TunnelZoneHost-v1",
                            {"hostId": host.id, "ipAddress": "10.1.0.9"})],
        "Chain": [("/chains", "Chain-v1", {"tenantId": "t1", "name": "c1"})],
        "Rule": [rule({"type": "accept"}), rule(dnat),
                 rule({"type": "jump", "jumpChainId": ch2["id"]}),
                 rule({"type": "trace", "requestId": trace["id"]})],
        "Range": [Fx(ch["rules"], "Rule-v2", {"type": "accept"},
                     inner=("tpDst", {"start": 22, "end": 22}, False))],
        "NatTarget": [Fx(ch["rules"], "Rule-v2", {"type": "dnat", "flowAction": "accept"},
                         inner=("natTargets", nat, True))],
        "DhcpOption121": [Fx(sub_path, "DhcpSubnet-v2",
                             {"subnetPrefix": "10.5.0.0", "subnetLength": 24},
                             inner=("opt121Routes", {"destinationPrefix": "10.6.0.0",
                                                     "destinationLength": 16,
                                                     "gatewayAddr": "10.5.0.1"}, True))],
        "ExtraDhcpOpt": [Fx(host_path, "DhcpHost-v2",
                            {"macAddr": "02:00:00:00:00:05", "ipAddr": "10.4.0.5"},
                            inner=("extraDhcpOpts", {"optName": "o", "optValue": "v"}, True))],
        "Interface": [Fx(base={"id": host.id, "floodingProxyWeight": 3},
                         inner=("hostInterfaces", {"name": "eth0"}, True), **host_fx)],
        "VtepBinding": [(vtep["bindings"], "VTEPBinding-v1",
                         {"portName": "eth0", "vlanId": 7, "networkId": b["id"]})],
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
        "Pool": [Fx("/pools", "Pool-v1", {"loadBalancerId": lb["id"], "lbMethod": "ROUND_ROBIN"},
                    refs={"healthMonitorId": hm["id"]})],
        "PoolMember": [("/pool_members", "PoolMember-v1",
                        {"poolId": pool["id"], "address": "10.7.0.5", "protocolPort": 80})],
        "VIP": [("/vips", "VIP-v1", {"poolId": pool["id"], "address": "10.7.0.9",
                                     "protocolPort": 80})],
        "HealthMonitor": [("/health_monitors", "HealthMonitor-v1",
                           {"type": "TCP", "delay": 5, "timeout": 5, "maxRetries": 3})],
        "Host": [Fx(sim.url + "/hosts/" + host.id, "Host-v3",
                    {"id": host.id, "floodingProxyWeight": 3}, method="PUT",
                    ok=200, read=sim.url + "/hosts/" + host.id, undo=None)],
        "HostInterfacePort": [Fx(sim.url + "/hosts/%s/ports" % host.id, "HostInterfacePort-v1",
                                 {"portId": bp2["id"], "hostId": host.id,
                                  "interfaceName": "eth9"})],
        "TraceRequest": [("/traces", "TraceRequest-v1",
                          {"name": "t9", "deviceType": "BRIDGE", "deviceId": b["id"],
                           "condition": {}})],
        "DhcpV6Host": [(b["dhcpSubnet6s"] + "/fd01::_64/hostsV6", "DhcpV6Host-v1",
                        {"clientId": "c9", "fixedAddress": "fd01::9"})],
        "Link": [Fx(rp2["link"], "PortLink-v1", {"portId": rp2["id"], "peerId": bp2["id"]},
                    read=rp2["uri"], undo=rp2["link"])],
        "PortGroupPort": [(pg["ports"], "PortGroupPort-v1",
                           {"portGroupId": pg["id"], "portId": bp2["id"]})],
        "IpAddrGroupAddr": [(ag["uri"] + "/ip_addrs", "IpAddrGroupAddr-v1",
                             {"version": "4", "addr": "10.3.0.5", "ipAddrGroupId": ag["id"]})],
        "SystemState": [Fx("/system_state", "SystemState-v2", {}, method="PUT", ok=204,
                           read="/system_state", undo=None)],
        "WriteVersion": [Fx("/write_version", "WriteVersion-v1", {}, method="PUT", ok=204,
                            read="/write_version", undo=None)],
    }


def bound(ann, which):
    m = re.search(r"@%s\((0x[0-9A-Fa-f]+|-?\d+)\)" % which, ann)
    return int(m.group(1), 0) if m else None


def violation(out, field, message):
    found = [(v.get("property"), v.get("message")) for v in (out or {}).get("violations", [])]
    assert (field, message) in found, "violations %r lack %r" % (found, (field, message))


def try_field(h, sim, fx, row):
    name, java, ann = row["field"], row["java"], row["validation"]
    if row["example"] == "=":
        try:
            example = fx.ref(name)
        except KeyError:
            raise AssertionError("%s: '=' example, but the fixture gives no %s" % (fx.path, name))
    else:
        example = json.loads(row["example"])
    with_ = lambda v: fx.body(name, v)
    def write(body, status):
        return send(h, sim, fx, body, status)
    if "no default constructor" in ann:
        # Jackson cannot make the subtype at all.
        for v in (example, None, {"a": 1}):
            out = write(with_(v), 400)
            assert out["message"] == MSG, (name, out)
        return
    if "not settable" in ann or "(set: 400)" in ann:
        # The resource refuses any value but null (the reader takes one as a UUID).
        write(with_(None), "ok")
        out = write(with_(RANDOM_ID if not java.startswith("List") else [RANDOM_ID]), 400)
        assert "violations" not in out, (name, out)
        out = write(with_({"a": 1}), 400)
        assert out["message"] == MSG, (name, out)
        return
    good = write(with_(example), "ok")
    number = java in RANGE
    if number or java in ("boolean", "Boolean"):
        # The value as a string is the same value.
        text = json.dumps(example)
        again = write(with_(text), "ok")
        assert row["default"] == "now" or again.get(name) == good.get(name), (name, text, again.get(name), good.get(name))
        out = write(with_("x1"), 400)
        assert out["message"] == MSG, (name, out)
    # A wrong type: an object, or for a field that is an object itself, a string.
    scalar = java.split()[0] in RANGE or java.split()[0] in ("boolean", "Boolean", "String",
                                                            "UUID") \
        or java.startswith("List<") or "(enum)" in java or "(type id)" in java
    out = write(with_({"a": 1} if scalar else "x1"), 400)
    assert out["message"] == MSG, (name, out)
    out = write(with_([example]), 400)
    assert out["message"] == MSG, (name, out)
    if "(enum)" in java and "@JsonError" not in ann:
        # A name the enum lacks (or in another case) is 400; an integer is an ordinal.
        for bad in ("FOO", example.swapcase(), 99, -1, 1.0, True):
            out = write(with_(bad), 400)
            assert out["message"] == MSG, (name, bad, out)
        write(with_(0), "ok")
    # null: a primitive's default, a reference's absence.
    lo, hi = bound(ann, "Min"), bound(ann, "Max")
    if "null is 500" in ann:
        out = write(with_(None), 500)
        assert out["message"] == E500, (name, out)
    elif "null is 127.0.0.1" in ann:
        assert write(with_(None), "ok").get(name) == "127.0.0.1", name
    elif "read as 1" in ann:
        write(with_(None), "ok")
        lo = None
    elif row["default"] in ("random", "the URI's"):
        # The resource sets it before validating: the body's value does not count.
        write(with_(None), "ok")
    elif "update: null is 400" in ann:
        out = write(with_(None), 400)
        assert "must not be null" in out["message"], (name, out)
    elif "null is 400" in ann or "null is 404" in ann:
        # The resource checks the reference itself.
        write(with_(None), 400 if "null is 400" in ann else 404)
    elif "null refused here" in ann:
        violation(write(with_(None), 400), fx.prop(name), "may not be null")
    elif "(type id)" in java:
        # No subtype to map to: a JsonMappingException.
        out = write(with_(None), 400)
        assert out["message"] == MSG, (name, out)
    elif "@IsValidPortId" in ann:
        violation(write(with_(None), 400), fx.prop(name), PORT_ID_MSG)
    elif "@NotNull" in ann and java not in PRIMITIVES:
        violation(write(with_(None), 400), fx.prop(name), "may not be null")
    elif java in ("int", "short", "byte", "long") and lo is not None and lo > 0:
        violation(write(with_(None), 400), fx.prop(name),
                  "must be greater than or equal to %d" % lo)
    else:
        write(with_(None), "ok")
    if not number:
        return
    if lo is not None:
        violation(write(with_(lo - 1), 400), fx.prop(name),
                  "must be greater than or equal to %d" % lo)
        violation(write(with_(str(lo - 1)), 400), fx.prop(name),
                  "must be greater than or equal to %d" % lo)
    if hi is not None and (RANGE[java] is None or hi + 1 < RANGE[java]):
        violation(write(with_(hi + 1), 400), fx.prop(name),
                  "must be less than or equal to %d" % hi)
    # A real is truncated.
    if isinstance(example, int):
        again = write(with_(example + 0.5), "ok")
        assert row["default"] == "now" or again.get(name) == good.get(name), (name, again.get(name), good.get(name))
    top = RANGE[java]
    if top:
        # Past the Java type: a string is a mapping error (400), a literal a parse error
        # (500): JsonParser.getIntValue/getShortValue/getByteValue throw one.
        write(with_(str(top)), 400)
        write(with_(top), 500)
        write(with_(-top - 1), 500)


def test_field_table(h):
    sim = h.sim()
    rows = table(h)
    fx = fixtures(h, sim)
    tried, failed = set(), []
    assert not [r for r in rows if not r["example"]], \
        "rows without an example: %s" % [(r["class"], r["field"]) for r in rows if not r["example"]]
    # Condition's rows are a Rule's too: tried through rules.
    for cls in sorted({r["class"] for r in rows} - {"Condition"}):
        assert cls in fx, "no fixture for %s" % cls
        for i, f in enumerate(map(as_fx, fx[cls])):
            for row in rows:
                if row["class"] != cls:
                    continue
                if row["only"] and f.base.get("type") not in row["only"].split():
                    continue
                # A further subtype's fixture tries its own rows only.
                if not row["only"] and i:
                    continue
                try:
                    try_field(h, sim, f, row)
                except AssertionError as e:
                    failed.append("%s.%s (%s): %s" % (cls, row["field"], f.base.get("type"), e))
                tried.add((cls, row["field"]))
    assert not failed, "\n".join(failed)
    missed = [(r["class"], r["field"]) for r in rows
              if r["class"] != "Condition" and (r["class"], r["field"]) not in tried]
    assert not missed, "rows the walk did not try: %s" % missed


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


def test_every_body_route_has_a_class(h):
    """Every 1.9 POST and PUT route reads its body through the field table."""
    routes = subprocess.run([h.bin("midonet-sim"), "fields", "--routes"], capture_output=True,
                            text=True, check=True).stdout.splitlines()
    assert len(routes) > 40 and not [r for r in routes if r.endswith("\t-")], routes
    sim = h.sim()
    # The versioned IP address route too: a number for a UUID is 400 there.
    ag = create_get(h, sim, "/ip_addr_groups", {"name": "g"}, "IpAddrGroup-v1")
    st, _, out = call(h, sim, "POST", ag["uri"] + "/versions/4/ip_addrs",
                      body={"version": 4, "addr": "10.0.0.1", "ipAddrGroupId": 5},
                      ctype="IpAddrGroupAddr-v1")
    assert st == 400 and out["message"] == MSG, (st, out)
    # IpAddrGroupAddrResource.create validates nothing: a null addr is a 500.
    st, _, out = call(h, sim, "POST", ag["uri"] + "/ip_addrs", body={"version": 4},
                      ctype="IpAddrGroupAddr-v1")
    assert st == 500 and out["message"] == E500, (st, out)
    assert sim.stop() == 0


def test_uuids_as_java_reads_them(h):
    """Java 7/8's UUID.fromString: split("-") drops trailing empty groups; Long.decode takes
    leading zeros past 16 digits and refuses 2^63; groups are OR'ed into place unmasked."""
    sim = h.sim()

    def bridge_id(given, status=201):
        st, hd, out = call(h, sim, "POST", "/bridges", body={"tenantId": "t", "id": given},
                           ctype="Bridge-v3")
        assert st == status, (given, st, out)
        if st == 201:
            return hd["location"].rsplit("/", 1)[1]
        assert out["message"] == MSG, out
        return None

    assert bridge_id("0-0-0-0-1-") == "00000000-0000-0000-0000-000000000001"
    assert bridge_id("00000000000000000002-0-0-0-2") == "00000002-0000-0000-0000-000000000002"
    assert bridge_id("0-10000-0-0-3") == "00000001-0000-0000-0000-000000000003"
    bridge_id("8000000000000000-0-0-0-4", 400)
    bridge_id("-1-2-3-4", 400)
    bridge_id("1-2-3-4-5-6", 400)
    bridge_id("1--2-3-4", 400)
    assert sim.stop() == 0


def test_empty_boolean(h):
    """A Boolean's "" is null (DhcpSubnet.enabled then takes its default); a boolean's false."""
    sim = h.sim()
    b = create_get(h, sim, "/bridges", {"tenantId": "t", "name": "c"}, "Bridge-v3")
    st, hd, _ = call(h, sim, "POST", b["dhcpSubnets"], body={
        "subnetPrefix": "10.5.0.0", "subnetLength": 24, "enabled": ""}, ctype="DhcpSubnet-v2")
    assert st == 201, st
    assert get(h, sim, hd["location"], accept="DhcpSubnet-v2")["enabled"] is True
    st, hd, _ = call(h, sim, "POST", "/bridges", body={"tenantId": "t", "adminStateUp": ""},
                     ctype="Bridge-v3")
    assert st == 201 and get(h, sim, hd["location"])["adminStateUp"] is False
    assert sim.stop() == 0


def test_enums_no_handler_reads(h):
    """Enums the handlers never read are read all the same: an unknown name is 400, an
    ordinal its constant."""
    sim = h.sim()
    ch = create_get(h, sim, "/chains", {"tenantId": "t", "name": "c"}, "Chain-v1")
    for body in ({"type": "accept", "action": "FOO"},
                 {"type": "snat", "action": "FOO", "flowAction": "accept",
                  "natTargets": [{"addressFrom": "1.1.1.1", "addressTo": "1.1.1.1"}]}):
        st, _, out = call(h, sim, "POST", ch["rules"], body=body, ctype="Rule-v2")
        assert st == 400 and out["message"] == MSG, (body, st, out)
    tz = create_get(h, sim, "/tunnel_zones", {"name": "z", "type": 2}, "TunnelZone-v1")
    assert tz["type"] == "vtep", tz
    st, _, out = call(h, sim, "POST", "/vteps", body={
        "managementIp": "10.8.0.1", "managementPort": 6632, "tunnelZoneId": tz["id"],
        "connectionState": "FOO"}, ctype="VTEP-v1")
    assert st == 400 and out["message"] == MSG, (st, out)
    lb = create_get(h, sim, "/load_balancers", {}, "LoadBalancer-v1")
    st, _, out = call(h, sim, "POST", "/pools", body={
        "loadBalancerId": lb["id"], "lbMethod": "ROUND_ROBIN", "status": "FOO"}, ctype="Pool-v1")
    assert st == 400 and out["message"] == MSG, (st, out)
    assert sim.stop() == 0


def test_short_literal_out_of_range(h):
    """A short literal out of range is a JsonParseException (500), its string a 400."""
    sim = h.sim()
    b = create_get(h, sim, "/bridges", {"tenantId": "t", "name": "c"}, "Bridge-v3")
    for v, status in ((40000, 500), ("40000", 400), (-40000, 500)):
        st, _, _ = call(h, sim, "POST", b["ports"], body={"type": "Bridge", "vlanId": v},
                        ctype="Port-v2")
        assert st == status, (v, st)
    assert sim.stop() == 0
