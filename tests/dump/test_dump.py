"""dump: a script that rebuilds the topology, tested by a round trip.

A topology with every object type the transcripts make (the VPC of tests/cli/test_vpc.py,
and beside it BGP, load balancing, a VTEP binding, a router-to-router link, objects with
duplicate names and a jump rule) is dumped; the script runs against a fresh sandbox (a
second simulator on its own ZooKeeper root, with the same hosts and VTEP); the second
sandbox is dumped again. The two scripts are the same text after their header, and the two
API states are equal once ids are mapped. With --keep-ids the ids themselves are equal.
"""
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "cli"))
from test_vpc import SCRIPT as VPC  # noqa: E402

EXTRA = """\
# BGP on an edge router, linked to the VPC's router by a router-to-router link.
create router name edge
router edge add port address 198.51.100.2 net 198.51.100.0/30
router edge port 198.51.100.2 add bgp local-AS 65000 peer-AS 65001 peer 198.51.100.1
router edge port 198.51.100.2 bgp @bgp add route net 203.0.113.0/24
router edge add port address 192.168.255.1 net 192.168.255.0/30
router vpc-1 add port address 192.168.255.2 net 192.168.255.0/30 peer edge:192.168.255.1
router edge add route dst 203.0.113.0/24 gw 192.168.255.2 port 192.168.255.1 weight 10

# Two bridges with the same name, told apart by their state, and a port group of both.
create bridge name dup
bridge @bridge add port vlan 7
port-group sg-web add member port @port
create bridge name dup state down
bridge @bridge add port

# A chain that jumps to another, with inverted conditions and in-ports.
create chain name jumper
chain jumper add rule type jump jump-to sg-web-ingress proto !udp pos 1
chain jumper add rule type drop in-ports vpc-1:10.0.1.1 hw-src !d0:0d:00:00:00:02 pos 2

# Load balancing on the VPC's router.
create health-monitor delay 5 timeout 3 max-retries 2 state up
create load-balancer
router vpc-1 set load-balancer @load-balancer
load-balancer @load-balancer add pool health-monitor @health-monitor
pool @pool add member address 10.0.1.10 protocol-port 80 weight 3
pool @pool add vip address 203.0.113.20 protocol-port 80 persistence SOURCE_IP
ip-address-group sg-web-members add ip address 10.0.1.11

# A VTEP and a binding of its port to a bridge.
tunnel-zone create name vtz type vtep
create vtep management-ip 192.0.2.100 management-port 6632 tunnel-zone vtz
vtep 192.0.2.100 add binding physical-port eth0 vlan 10 network-id subnet-2
host node1 set flooding-proxy-weight 3
"""


def sandbox(h):
    sim = h.sim()
    h.agent("node1", sim.root, addresses=["10.111.1.5"], interfaces=["vn_i-0001"])
    h.vtep(sim.root, "192.0.2.100", name="sw1", tunnel_ip="192.0.2.200", ports=["eth0"])
    return sim


def run_script(h, sim, text, name):
    path = os.path.join(h.tmp, name)
    with open(path, "w") as f:
        f.write(text)
    r = h.midosh("-f", path, url=sim.url)
    assert r.rc == 0, (name, r.rc, r.err, text)
    return r


def dump(h, sim, *args):
    r = h.midosh("-c", " ".join(("dump",) + args), url=sim.url)
    assert r.rc == 0, (r.rc, r.err)
    assert r.err == "", r.err
    return r.out


def body(script):
    """The script without its header (the API's URL and the time differ)."""
    return "\n".join(l for l in script.splitlines() if not l.startswith("# midosh dump of ")
                     and not l.startswith("# taken "))


COLLECTIONS = ["routers", "bridges", "ports", "chains", "portGroups", "ipAddrGroups",
               "tunnelZones", "loadBalancers", "pools", "vips", "healthMonitors", "hosts", "vteps"]
VOLATILE = {"uri", "status", "connectionState", "alive", "active", "tunnelKey"}


# 5.x: the same, without 1.9's dropped types, with 5.x's own (walked with Accept: */*,
# which a 5.x server asks of a GET).
COLLECTIONS5 = [c for c in COLLECTIONS if c != "vteps"] + [
    "mirrors", "l2insertions", "qosPolicies", "serviceContainerGroups", "serviceContainers"]


def state(h, sim, collections=COLLECTIONS, headers=None):
    """Every object reachable from the API's root, by following its links (one level of
    sub-collections), as plain JSON without URIs."""
    status, _, root = h.http("GET", sim.url + "/", headers=headers)
    assert status == 200
    objects = []

    def walk(url, depth):
        status, _, got = h.http("GET", url, headers=headers)
        assert status == 200, (url, status, got)
        for o in got if isinstance(got, list) else [got]:
            objects.append({k: v for k, v in o.items() if k not in VOLATILE and
                            not (isinstance(v, str) and v.startswith("http"))})
            if depth < 3:
                for k, v in sorted(o.items()):
                    if isinstance(v, str) and v.startswith("http") and k not in (
                            "uri", "link", "peer", "device", "router", "bridge", "chain", "host",
                            "tunnelZone", "pool", "loadBalancer", "healthMonitor", "macTable",
                            "arpTable", "interfaces", "inboundFilter", "outboundFilter",
                            "jumpChain", "portGroup", "ipAddrGroup", "toPort", "policy",
                            "serviceContainerGroup", "vtep", "peeringTable", "vxLanPorts") and "{" not in v \
                            and "Template" not in k:
                        walk(v, depth + 1)

    for k in collections:
        walk(root[k], 1)
    return objects


def id_map(a, b):
    """Map the ids of state a onto those of state b by the two dumps' ids (--keep-ids)."""
    ids = {}
    for x, y in zip(a, b):
        if "id" in x and "id" in y:
            ids[x["id"]] = y["id"]
    return ids


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def canon(objects, ids, known):
    """objects as sorted text, ids mapped; an id outside known (what the server made by
    itself: a port's LOCAL route, a VXLAN port) is only "server-made"."""
    def sub(v):
        if isinstance(v, str) and UUID.match(v):
            return ids.get(v, v) if v in known else "server-made"
        if isinstance(v, str) and v.startswith("http"):
            return "uri"
        if isinstance(v, str):
            return v
        if isinstance(v, list):
            return sorted((sub(x) for x in v), key=repr)
        if isinstance(v, dict):
            return {k: sub(x) for k, x in v.items()}
        return v
    return sorted((repr(sorted(sub(o).items())) for o in objects))


def build(h):
    sim = sandbox(h)
    run_script(h, sim, VPC + EXTRA, "topology.mido")
    return sim


def test_round_trip(h):
    a = build(h)
    first = dump(h, a)
    b = sandbox(h)
    run_script(h, b, first, "restore.mido")
    second = dump(h, b)
    assert body(first) == body(second), "dumps differ:\n%s\n----\n%s" % (first, second)
    # Every kind of object made it into the script.
    for word in ("create router name vpc-1", "add bgp", "add route net 203.0.113.0/24",
                 "create load-balancer", "add pool", "add vip", "add member address 10.0.1.10",
                 "create health-monitor", "add dhcp subnet", "add host name i-0001 address 10.0.1.10 mac d0:0d:00:00:00:01",
                 "jump-to sg-web-ingress", "proto !udp", "target 203.0.113.10:1024-65535",
                 "port-group sg-web add member", "ip-address-group sg-web-members add ip",
                 "tunnel-zone mido-tz add member host node1", "host node1 add binding",
                 "vtep 192.0.2.100 add binding", "create bridge name dup", "as @bridge-1",
                 "host node1 set flooding-proxy-weight 3", "peer edge:192.168.255.1"):
        assert word in first, "%r not in the dump:\n%s" % (word, first)
    # The router port's own route is the server's: not in the script.
    assert "dst 10.0.1.1/32" not in first, first
    assert_same_state(h, a, b)


def assert_same_state(h, a, b, five=False):
    """The API states of a and b are equal once ids are mapped."""
    if five:
        sa = state(h, a, COLLECTIONS5, {"Accept": "*/*"})
        sb = state(h, b, COLLECTIONS5, {"Accept": "*/*"})
    else:
        sa, sb = state(h, a), state(h, b)
    ids = {}
    # Ids mapped through the objects' places in a dump taken with ids.
    ka, kb = dump(h, a, "--keep-ids"), dump(h, b, "--keep-ids")
    for la, lb in zip(ka.splitlines(), kb.splitlines()):
        for x, y in zip(re.findall(r" id ([0-9a-f-]{36})", la), re.findall(r" id ([0-9a-f-]{36})", lb)):
            ids[x] = y
    hosts_a = {o["name"]: o["id"] for o in sa if "floodingProxyWeight" in o}
    hosts_b = {o["name"]: o["id"] for o in sb if "floodingProxyWeight" in o}
    for n in hosts_a:
        ids[hosts_a[n]] = hosts_b[n]
    ca = canon(sa, ids, set(ids))
    cb = canon(sb, {}, set(ids.values()))
    assert ca == cb, "API states differ with ids mapped:\n%s\n----\n%s" % (
        "\n".join(x for x in ca if x not in cb)[:3000],
        "\n".join(x for x in cb if x not in ca)[:3000])


def test_keep_ids(h):
    a = build(h)
    first = dump(h, a, "--keep-ids")
    assert " id " in first
    b = sandbox(h)
    run_script(h, b, first, "restore.mido")
    second = dump(h, b, "--keep-ids")
    assert body(first) == body(second), "dumps differ:\n%s\n----\n%s" % (first, second)
    kept = set(re.findall(r" id ([0-9a-f-]{36})", first)) | {
        o["id"] for o in state(h, a) if "floodingProxyWeight" in o}
    assert len(kept) > 20, kept
    ca, cb = canon(state(h, a), {}, kept), canon(state(h, b), {}, kept)
    assert ca == cb, "API states differ:\n%s\n----\n%s" % (
        "\n".join(x for x in ca if x not in cb), "\n".join(x for x in cb if x not in ca))


def test_part(h):
    a = build(h)
    out = dump(h, a, "router", "edge")
    assert "create router name edge" in out and "add bgp" in out, out
    assert "create router name vpc-1" not in out and "create bridge" not in out, out
    out = dump(h, a, "chain", "jumper")
    assert "create chain name jumper" in out and "pos 2" in out, out
    assert "create chain name vpc-1-in" not in out, out
    r = h.midosh("-c", "dump router nosuch", url=a.url)
    assert r.rc == 1 and "not found" in r.err, r
    r = h.midosh("-c", "dump rule x", url=a.url)
    assert r.rc == 2, r


def test_as_names(h):
    sim = sandbox(h)
    r = run_script(h, sim, "create bridge name x as @one\ncreate bridge name x as @two\n"
                   "bridge @one add port vlan 5\nbridge @two set state down\n", "as.mido")
    out = h.midosh("-o", "json", "-c", "list bridge", url=sim.url).json()
    assert sorted((b["adminStateUp"]) for b in out) == [False, True]
    r = h.midosh("-c", "list bridge as @x", url=sim.url)
    assert r.rc == 2 and "names what a create makes" in r.err, r
    r = h.midosh("-c", "create bridge name y as @bridge", url=sim.url)
    assert r.rc == 2 and "cannot be a name" in r.err, r


def writes(stats):
    """The write requests a simulator counted, by method."""
    return {m: stats.get(m, 0) for m in ("POST", "PUT", "DELETE")}


def replay_writes_nothing(h, sim, script, name):
    """Run script --may-exist against the deployment it was dumped from: no write is sent."""
    h.reset_stats(sim)
    path = os.path.join(h.tmp, name)
    with open(path, "w") as f:
        f.write(script)
    r = h.midosh("--may-exist", "-f", path, url=sim.url)
    assert r.rc == 0, (r.rc, r.err)
    st = h.stats(sim)
    assert writes(st) == {"POST": 0, "PUT": 0, "DELETE": 0}, (
        [q for q in st["requests"] if not q.startswith("GET ")], r.err)


def test_may_exist_replay_changes_nothing(h):
    a = build(h)
    first = dump(h, a)
    before = state(h, a)
    replay_writes_nothing(h, a, first, "again.mido")
    assert state(h, a) == before
    assert body(dump(h, a)) == body(first)


# The same topology for MidoNet 5.x: BGP through the edge router (its asn, a peer, an
# advertised network) instead of a port's session and its advertised route.
EXTRA5 = EXTRA.replace(
    "create router name edge\n", "create router name edge asn 65000\n").replace(
    "router edge port 198.51.100.2 add bgp local-AS 65000 peer-AS 65001 peer 198.51.100.1\n"
    "router edge port 198.51.100.2 bgp @bgp add route net 203.0.113.0/24\n",
    "router edge add bgp-peer asn 65001 address 198.51.100.1 hold-time 90\n"
    "router edge add bgp-network net 203.0.113.0/24\n")


def sandbox5(h):
    sim = h.sim(extra=["--dialect", "5"])
    h.agent("node1", sim.root, addresses=["10.111.1.5"], interfaces=["vn_i-0001"])
    h.vtep(sim.root, "192.0.2.100", name="sw1", tunnel_ip="192.0.2.200", ports=["eth0"])
    return sim


def test_header_says_the_dialect(h):
    a = build(h)
    one = dump(h, a)
    assert "(MidoNet API 1.9)" in one.splitlines()[0], one.splitlines()[0]
    b = sandbox5(h)
    run_script(h, b, "create router name r1 asn 65000\n", "r.mido")
    five = dump(h, b)
    assert "(MidoNet API 5.x)" in five.splitlines()[0], five.splitlines()[0]


def test_round_trip_5(h):
    assert EXTRA5 != EXTRA and "bgp-peer" in EXTRA5 and "add bgp " not in EXTRA5
    a = sandbox5(h)
    run_script(h, a, VPC + EXTRA5, "topology5.mido")
    first = dump(h, a)
    for word in ("create router name edge state up asn 65000",
                 "router edge add bgp-peer asn 65001 address 198.51.100.1 hold-time 90",
                 "router edge add bgp-network net 203.0.113.0/24", "create bridge name dup",
                 "vtep 192.0.2.100 add binding", "host node1 add binding"):
        assert word in first, "%r not in the dump:\n%s" % (word, first)
    b = sandbox5(h)
    run_script(h, b, first, "restore5.mido")
    second = dump(h, b)
    # The dump says every attribute a create can give, references by handle: equal dumps
    # are equal states with ids mapped (state() walks 1.9's media types only).
    assert body(first) == body(second), "dumps differ:\n%s\n----\n%s" % (first, second)
    # Re-run on the deployment it came from: nothing changes.
    replay_writes_nothing(h, a, first, "again5.mido")


def test_dump_for_5_replays_on_5(h):
    """A 1.9 topology dumped --for 5 rebuilds on a 5.x server: the port's BGP session is
    the router's asn, a peer and its networks; the 5.x state, dumped, is the same script."""
    a = build(h)
    r = h.midosh("-c", "dump --for 5", url=a.url)
    assert r.rc == 0 and r.err == "", (r.rc, r.err)
    script = r.out
    assert "written for MidoNet 5.x" in script, script
    assert "create router name edge state up asn 65000\n" in script, script
    assert "router edge add bgp-peer asn 65001 address 198.51.100.1\n" in script, script
    assert "router edge add bgp-network net 203.0.113.0/24\n" in script, script
    assert "add bgp " not in script and "bgp @" not in script, script
    b = sandbox5(h)
    run_script(h, b, script, "for5.mido")
    again = dump(h, b)

    def five(text):
        # What a 5.x server reports where a 1.9 one says nothing, at its default (a host's
        # container attributes, a router's asn 0, a bridge port's vlan 0), aside.
        return [re.sub(r" (asn|vlan) 0\b", "", l) for l in body(text).splitlines()
                if not l.startswith("# written for") and
                not re.match(r"host \S+ set (container-weight|container-limit|"
                             r"enforce-container-limit) ", l)]
    assert five(script) == five(again), "\n".join(
        difflib.unified_diff(five(script), five(again), lineterm=""))
    # As a 5.x server holds it.
    peers = h.midosh("-o", "json", "-c", "router edge list bgp-peer", url=b.url).json()
    assert [(p["asNumber"], p["address"]) for p in peers] == [(65001, "198.51.100.1")], peers
    nets = h.midosh("-o", "json", "-c", "router edge list bgp-network", url=b.url).json()
    assert [(n["subnetAddress"], n["subnetLength"]) for n in nets] == [("203.0.113.0", 24)], nets
    edge = h.midosh("-o", "json", "-c", "router edge show", url=b.url).json()
    assert edge["asNumber"] == 65000, edge


def test_dump_for_5_says_what_5_cannot_hold(h):
    sim = sandbox(h)
    run_script(h, sim, """\
create router name r1
router r1 add port address 10.0.0.1 net 10.0.0.0/30
router r1 add port address 10.0.1.1 net 10.0.1.0/30
router r1 port 10.0.0.1 add bgp local-AS 65000 peer-AS 65001 peer 10.0.0.2
router r1 port 10.0.0.1 bgp @bgp add route net 192.0.2.0/24
router r1 port 10.0.1.1 add bgp local-AS 65000 peer-AS 65002 peer 10.0.1.2
router r1 port 10.0.1.1 bgp @bgp add route net 198.51.100.0/24
create router name r2
router r2 add port address 10.0.2.1 net 10.0.2.0/30
router r2 add port address 10.0.3.1 net 10.0.3.0/30
router r2 port 10.0.2.1 add bgp local-AS 65010 peer-AS 65001 peer 10.0.2.2
router r2 port 10.0.3.1 add bgp local-AS 65011 peer-AS 65001 peer 10.0.3.2
""", "bgps.mido")
    r = h.midosh("-c", "dump --for 5", url=sim.url)
    assert r.rc == 0, (r.rc, r.err)
    out, err = r.out, r.err
    # r1: one AS, two peers, the two sessions' routes merged (and said so).
    assert "create router name r1 state up asn 65000\n" in out, out
    for line in ("router r1 add bgp-peer asn 65001 address 10.0.0.2",
                 "router r1 add bgp-peer asn 65002 address 10.0.1.2",
                 "router r1 add bgp-network net 192.0.2.0/24",
                 "router r1 add bgp-network net 198.51.100.0/24"):
        assert line + "\n" in out, (line, out)
    assert "# not for MidoNet 5.x: router r1's BGP sessions advertise different routes" in out, out
    # r2: two local ASes, which a 5.x router cannot have: left out, in comments and on stderr.
    assert "create router name r2 state up\n" in out, out
    assert "router r2 add bgp-peer" not in out, out
    assert "# not for MidoNet 5.x: router r2 has BGP sessions with different local ASes" in out, out
    assert "#   port 10.0.2.1: local-AS 65010 peer-AS 65001 peer 10.0.2.2" in out, out
    warned = [l for l in err.splitlines() if "dump --for 5" in l]
    assert len(warned) == 2 and "r1" in warned[0] and "r2" in warned[1], err
    # The script still runs on 5.x.
    b = sandbox5(h)
    run_script(h, b, out, "bgps5.mido")
    peers = h.midosh("-o", "json", "-c", "router r1 list bgp-peer", url=b.url).json()
    assert sorted(p["asNumber"] for p in peers) == [65001, 65002], peers
    # Without --for the 1.9 script keeps its sessions.
    plain = dump(h, sim)
    assert "add bgp local-AS 65010" in plain and "bgp-peer" not in plain, plain


def test_dump_for_errors(h):
    r = h.midosh("-c", "dump --for 4", url=h.sim().url)
    assert r.rc == 2 and "invalid value '4' for '--for'" in r.err, r
    r = h.midosh("-c", "dump --for", url=h.sim().url)
    assert r.rc == 2 and "missing value for '--for'" in r.err, r


# MidoNet 5.x's own types, beside the 5.x topology: mirrors (two alike, to one port),
# L2 insertions (two alike), QoS policies (two named alike, one without a name) with their
# bandwidth and DSCP rules, container groups (over a port group) and their containers,
# and a container outside any group. Then what devices name of them: the mirrors of a
# router, of bridges (one given them on create) and of a bridge port and a router port, in
# all four lists, and QoS policies on bridges and ports (one of the mirrors alike is named,
# the other not: only that tells them apart).
TYPES5 = """\
create bridge name mon
bridge mon add port as @tap1
bridge mon add port vlan 20 as @tap2
create mirror to-port @tap1 as @m1
create mirror to-port @tap1 as @m2
create mirror to-port @tap2 as @m3
mirror @m3 add matches src 10.0.0.0/24 proto tcp dst-port 80
mirror @m3 add matches dst !10.0.1.1 ethertype ipv4 in-ports @tap1 port-group sg-web
mirror @m3 add matches proto udp inverted yes
bridge subnet-2 add port as @vm
bridge subnet-2 add port as @svc
create l2insertion port @vm srv-port @svc mac d0:0d:00:00:00:02 vlan 10 pos 1 fail-open true
create l2insertion port @vm srv-port @svc mac d0:0d:00:00:00:02 vlan 10 pos 1 fail-open true
create l2insertion port @vm srv-port @tap2 mac d0:0d:00:00:00:02
create qos-policy name gold description 'for the gold tier' shared true
qos-policy gold add bw-limit-rule max-kbps 1000 max-burst-kb 100
qos-policy gold add dscp-rule dscp-mark 46
create qos-policy name dup description first as @q1
qos-policy @q1 add bw-limit-rule max-kbps 500
create qos-policy name dup shared false as @q2
qos-policy @q2 add dscp-rule dscp-mark 10
qos-policy @q2 add dscp-rule dscp-mark 12
create qos-policy description 'no name'
create container-group policy least port-group sg-web as @g1
container-group @g1 add container type IPSEC port vpc-1:10.0.1.1
container-group @g1 add container type IPSEC
create container-group policy weighted as @g2
container-group @g2 add container type IPSEC configuration 6b9a1f0e-0000-4000-8000-000000000001
create container type IPSEC
router vpc-1 set in-mirrors @m3 out-mirrors @m2
router vpc-1 port 10.0.1.1 set qos-policy @q2 in-mirrors @m2,@m3 out-mirrors @m3
bridge subnet-2 set qos-policy gold in-mirrors @m2 out-mirrors @m3,@m2
bridge subnet-2 port @vm set qos-policy gold post-in-filter-mirrors @m2 pre-out-filter-mirrors @m3
create bridge name qos-b qos-policy @q1 in-mirrors @m3
bridge qos-b add port qos-policy gold out-mirrors @m2
"""


def build5(h):
    sim = sandbox5(h)
    run_script(h, sim, VPC + EXTRA5 + TYPES5, "types5.mido")
    return sim


def test_round_trip_5_own_types(h):
    a = build5(h)
    first = dump(h, a)
    for word in ("create mirror to-port @port-", "create l2insertion port @port-",
                 "srv-port @port-", "vlan 10 pos 1 fail-open true",
                 "create qos-policy name gold description 'for the gold tier' shared true",
                 "qos-policy gold add bw-limit-rule max-kbps 1000 max-burst-kb 100",
                 "qos-policy gold add dscp-rule dscp-mark 46",
                 "create qos-policy name dup description first as @qos-policy-",
                 "create qos-policy name dup shared false as @qos-policy-",
                 "add dscp-rule dscp-mark 12",
                 "create qos-policy description 'no name' as @qos-policy-",
                 "create container-group policy least port-group sg-web as @container-group-",
                 "add container port vpc-1:10.0.1.1 type IPSEC",
                 "add container configuration 6b9a1f0e-0000-4000-8000-000000000001 type IPSEC",
                 "\ncreate container type IPSEC as @container-"):
        assert word in first, "%r not in the dump:\n%s" % (word, first)
    assert first.count("create mirror ") == 3 and first.count("create l2insertion ") == 3, first
    assert first.count(" add container ") == 3, first
    # Dependency order: ports before what names them, port groups before container groups.
    assert first.index("bridge mon add port") < first.index("create mirror"), first
    assert first.index("create port-group name sg-web") < first.index("create container-group")
    # What devices name of 5.x's own objects is set once those exist; the mirror that is
    # named sorts after its twin that is not.
    for word in ("\nrouter vpc-1 set in-mirrors @mirror-3 out-mirrors @mirror-2\n",
                 "\nrouter vpc-1 port 10.0.1.1 set qos-policy @qos-policy-2 "
                 "in-mirrors @mirror-2,@mirror-3 out-mirrors @mirror-3\n",
                 "\nbridge subnet-2 set qos-policy gold in-mirrors @mirror-2 "
                 "out-mirrors @mirror-3,@mirror-2\n",
                 "\nbridge qos-b set qos-policy @qos-policy-3 in-mirrors @mirror-3\n",
                 "\ncreate bridge name qos-b state up\n"):
        assert word in first, "%r not in the dump:\n%s" % (word, first)
    assert re.search(r"^bridge subnet-2 port @port-\d+ set qos-policy gold "
                     r"post-in-filter-mirrors @mirror-2 pre-out-filter-mirrors @mirror-3$",
                     first, re.M), first
    assert re.search(r"^bridge qos-b port @port-\d+ set qos-policy gold out-mirrors @mirror-2$",
                     first, re.M), first
    assert first.index("create mirror") < first.index("router vpc-1 set in-mirrors"), first
    assert "cannot be set by midosh" not in first, first
    # A mirror's match conditions, in their order (their positions name them).
    conds = re.findall(r"^mirror @mirror-3 add matches (.*)$", first, re.M)
    assert len(conds) == 3, first
    assert conds[0] == "src 10.0.0.0/24 proto tcp dst-port 80 fragment-policy header", conds
    assert re.match(r"ethertype ipv4 dst !10\.0\.1\.1/32 port-group sg-web in-ports @port-\d+ "
                    r"fragment-policy any$", conds[1]), conds
    assert conds[2] == "inverted yes proto udp fragment-policy any", conds
    assert first.index("create mirror to-port @port-") < first.index("add matches"), first
    b = sandbox5(h)
    run_script(h, b, first, "restore5.mido")
    second = dump(h, b)
    assert body(first) == body(second), "dumps differ:\n%s" % "\n".join(
        difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm=""))
    assert_same_state(h, a, b, five=True)


def test_may_exist_replay_5_own_types(h):
    a = build5(h)
    first = dump(h, a)
    before = state(h, a, COLLECTIONS5, {"Accept": "*/*"})
    replay_writes_nothing(h, a, first, "again5.mido")
    assert state(h, a, COLLECTIONS5, {"Accept": "*/*"}) == before
    assert body(dump(h, a)) == body(first)


def test_keep_ids_5_own_types(h):
    a = build5(h)
    first = dump(h, a, "--keep-ids")
    ids = {}
    for kind, path in (("mirror", "/mirrors"), ("l2insertion", "/l2insertions"),
                       ("qos-policy", "/qos_policies"),
                       ("container-group", "/service_container_groups"),
                       ("container", "/service_containers")):
        status, _, got = h.http("GET", a.url + path, headers={"Accept": "*/*"})
        assert status == 200 and got, (path, status, got)
        ids[kind] = {o["id"] for o in got}
        for i in ids[kind]:
            assert " id %s" % i in first, (kind, i, first)
    b = sandbox5(h)
    run_script(h, b, first, "restore5.mido")
    for kind, path in (("mirror", "/mirrors"), ("l2insertion", "/l2insertions"),
                       ("qos-policy", "/qos_policies"),
                       ("container-group", "/service_container_groups"),
                       ("container", "/service_containers")):
        status, _, got = h.http("GET", b.url + path, headers={"Accept": "*/*"})
        assert {o["id"] for o in got} == ids[kind], kind
    assert body(dump(h, b, "--keep-ids")) == body(first)


def test_dump_5_sets_what_devices_name(h):
    """A bridge's mirrors and QoS policy are set by the dump once the mirror and the policy
    exist, and replay; a mirror's match conditions, made through the API, are written as
    matches lines and replay."""
    a = sandbox5(h)
    run_script(h, a, "create bridge name b1\nbridge b1 add port as @p\n"
                     "create mirror to-port @p as @m\ncreate qos-policy name gold\n"
                     "bridge b1 set in-mirrors @m qos-policy gold\n", "m.mido")
    hdr = {"Accept": "*/*"}
    _, _, mirrors = h.http("GET", a.url + "/mirrors", headers=hdr)
    m = mirrors[0]
    m["conditions"] = [{"nwProto": 6}]
    status, _, got = h.http("PUT", m["uri"], body=m,
                            headers={"Content-Type": "application/vnd.org.midonet.Mirror-v1+json"})
    assert status == 204, (status, got)
    r = h.midosh("-c", "dump", url=a.url)
    assert r.rc == 0, (r.rc, r.err)
    assert "\nbridge b1 set qos-policy gold in-mirrors @mirror-1\n" in r.out, r.out
    assert "# bridge b1" in r.out and "bridge b1: " not in r.out, r.out
    assert "\nmirror @mirror-1 add matches proto tcp fragment-policy any\n" in r.out, r.out
    assert "cannot be set" not in r.out + r.err, (r.out, r.err)
    b = sandbox5(h)
    run_script(h, b, r.out, "m5.mido")
    bridge = h.midosh("-o", "json", "-c", "bridge b1 show", url=b.url).json()
    pol = h.midosh("-o", "json", "-c", "qos-policy gold show", url=b.url).json()
    _, _, mirrors_b = h.http("GET", b.url + "/mirrors", headers=hdr)
    assert bridge["qosPolicyId"] == pol["id"], (bridge, pol)
    assert bridge["inboundMirrorIds"] == [mirrors_b[0]["id"]], (bridge, mirrors_b)
    assert [c["nwProto"] for c in mirrors_b[0]["conditions"]] == [6], mirrors_b


def test_dump_5_on_a_1_9_server(h):
    """A 5.x dump says its dialect; replayed on 1.9, each line 5.x's own fails with one
    clear error (-k goes on past them). dump --for 1.9 comments those lines out instead,
    with the reason, and says so on stderr: that script runs on 1.9."""
    a = build5(h)
    five = dump(h, a)
    assert "(MidoNet API 5.x)" in five.splitlines()[0]
    old = sandbox(h)
    path = os.path.join(h.tmp, "five.mido")
    with open(path, "w") as f:
        f.write(five)
    r = h.midosh("-k", "-f", path, url=old.url)
    assert r.rc == 1, (r.rc, r.err)
    errs = [l for l in r.err.splitlines() if "exist in MidoNet 5.x only" in l]
    assert errs and all(re.match(r"^.*five\.mido:\d+: ", l) for l in errs), r.err
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    r = h.midosh("-c", "dump --for 1.9", url=a.url)
    assert r.rc == 0, (r.rc, r.err)
    out = r.out
    assert "written for MidoNet 1.9" in out, out
    for kind in ("mirror", "l2insertion", "qos-policy", "container-group", "container"):
        assert "\ncreate %s " % kind not in out, (kind, out)
        assert "# not for MidoNet 1.9: %s " % kind in out, (kind, out)
    assert "#   create mirror to-port @port-" in out, out
    assert "#   qos-policy gold add dscp-rule dscp-mark 46" in out, out
    # The router's BGP peer is a session of the port on its network again, advertising
    # the router's networks; its hold time has no 1.9 word.
    assert "create router name edge state up\n" in out, out
    assert ("router edge port 198.51.100.2 add bgp local-AS 65000 peer-AS 65001 "
            "peer 198.51.100.1 as @bgp-1\n") in out, out
    assert "router edge port 198.51.100.2 bgp @bgp-1 add route net 203.0.113.0/24\n" in out
    assert "# not for MidoNet 1.9: router edge's BGP peer 198.51.100.1: hold-time 90" in out
    assert "bgp-peer" not in out.replace("BGP peer", ""), out
    assert "dump --for 1.9: " in r.err, r.err
    # What devices name of 5.x's objects has no 1.9 equivalent either: said, not set.
    for what in ("router vpc-1's in-mirrors", "router vpc-1's out-mirrors",
                 "port vpc-1:10.0.1.1's qos-policy", "bridge subnet-2's qos-policy",
                 "bridge subnet-2's out-mirrors", "bridge qos-b's in-mirrors"):
        assert "# not for MidoNet 1.9: %s has no equivalent: left out\n" % what in out, (what, out)
        assert "dump --for 1.9: %s has no equivalent" % what in r.err, (what, r.err)
    assert re.search(r"^# not for MidoNet 1\.9: port @port-\d+'s post-in-filter-mirrors has no "
                     r"equivalent: left out$", out, re.M), out
    assert not re.search(r"^[^#].*(mirrors|qos-policy) ", out, re.M), out
    # Nothing is said lost that is not: a port's one address, a router's asn 0.
    assert "addresses has no equivalent" not in out and "vpc-1's asn" not in out, out
    b = sandbox(h)
    run_script(h, b, out, "for19.mido")
    again = dump(h, b)
    assert "create router name vpc-1" in again and "create mirror" not in again, again
    assert "add bgp local-AS 65000 peer-AS 65001 peer 198.51.100.1" in again, again


def test_may_exist_alike_objects_each_find_one(h):
    """Two creates alike (two mirrors of one port) make two objects under --may-exist, and
    a second run finds one each: it sends no write."""
    sim = sandbox5(h)
    path = os.path.join(h.tmp, "alike.mido")
    with open(path, "w") as f:
        f.write("create bridge name b\nbridge b add port as @p\n"
                "create mirror to-port @p\ncreate mirror to-port @p\n")
    for run in range(2):
        h.reset_stats(sim)
        r = h.midosh("--may-exist", "-f", path, url=sim.url)
        assert r.rc == 0, (r.rc, r.err)
        st = h.stats(sim)
        assert writes(st)["POST"] == (4 if run == 0 else 0), (run, st["requests"])
        status, _, got = h.http("GET", sim.url + "/mirrors", headers={"Accept": "*/*"})
        assert len(got) == 2, got


def test_dump_for_5_keep_ids_keeps_bgp_ids(h):
    """A 5.x BGP peer takes a client's id (MidoNet 5.6's BgpPeer keeps a given id): a 1.9
    dump --for 5 --keep-ids gives each router peer the id of the port session it was."""
    a = build(h)
    sessions = h.midosh("-o", "json", "-c", "router edge port 198.51.100.2 list bgp",
                        url=a.url).json()
    assert len(sessions) == 1, sessions
    r = h.midosh("-c", "dump --for 5 --keep-ids", url=a.url)
    assert r.rc == 0 and r.err == "", (r.rc, r.err)
    assert ("router edge add bgp-peer id %s asn 65001 address 198.51.100.1\n"
            % sessions[0]["id"]) in r.out, r.out
    assert "# a BGP peer keeps its port session's id; a BGP network" in r.out, r.out
    b = sandbox5(h)
    run_script(h, b, r.out, "keep5.mido")
    peers = h.midosh("-o", "json", "-c", "router edge list bgp-peer", url=b.url).json()
    assert [p["id"] for p in peers] == [sessions[0]["id"]], peers
    # The router, its ports and the rest keep theirs too.
    for kind in ("router", "bridge"):
        ids_a = {o["id"] for o in h.midosh("-o", "json", "-c", "list " + kind,
                                           url=a.url).json()}
        ids_b = {o["id"] for o in h.midosh("-o", "json", "-c", "list " + kind,
                                           url=b.url).json()}
        assert ids_a == ids_b, kind


# 5.x's rule and device words (midonet-cli master's): an l2-transform rule redirecting to a
# port, 5.x's conditions, a router's local redirect and forward chains, a router port's VNI.
RULES5 = """\
create bridge name svc
bridge svc add port as @svc-port
create chain name redirects
chain redirects add rule type l2-transform action redirect target-port @svc-port pop-vlan true push-vlan 10 ingress true fail-open true pos 1
create port-group name pg5
create chain name conds5
chain conds5 add rule type drop inverted yes in-port-group pg5 out-port-group !pg5 vlan 7 pos 1
chain conds5 add rule type accept no-vlan true icmp-data-src 10.0.0.0/8 icmp-data-dst !10.1.0.1 match-nw-dst-rewritten true pos 2
create router name lr local-redirect-chain redirects forward-chain conds5
router lr add port address 10.9.0.1 net 10.9.0.0/24 vni 5000 vxlan-off-ramp true
"""


def test_round_trip_5_l2_transform_and_conditions(h):
    """5.x's rule, condition, router and router port words are dumped as words midosh reads
    back: the script is checked whole (-n) without an error, and rebuilds the same."""
    a = sandbox5(h)
    run_script(h, a, RULES5, "rules5.mido")
    first = dump(h, a)
    for word in ("type l2-transform action redirect target-port @port-",
                 "ingress true fail-open true pop-vlan true push-vlan 10",
                 "inverted yes in-port-group pg5 out-port-group !pg5",
                 "vlan 7", "no-vlan true", "icmp-data-src 10.0.0.0/8",
                 "icmp-data-dst !10.1.0.1/32 match-nw-dst-rewritten true",
                 "local-redirect-chain redirects forward-chain conds5",
                 "vni 5000 vxlan-off-ramp true"):
        assert word in first, "%r not in the dump:\n%s" % (word, first)
    assert "l2_transform" not in first, first
    path = os.path.join(h.tmp, "check5.mido")
    with open(path, "w") as f:
        f.write(first)
    r = h.midosh("-n", "-f", path, url=a.url)
    assert r.rc == 0 and r.err == "", (r.rc, r.err)
    b = sandbox5(h)
    run_script(h, b, first, "restore-rules5.mido")
    second = dump(h, b)
    assert body(first) == body(second), "dumps differ:\n%s" % "\n".join(
        difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm=""))
    replay_writes_nothing(h, a, first, "again-rules5.mido")


def test_dump_for_1_9_says_an_l2_transform_rule(h):
    """1.9 has no l2-transform rule: dump --for 1.9 comments its line out and says why."""
    a = sandbox5(h)
    run_script(h, a, RULES5, "rules5.mido")
    r = h.midosh("-c", "dump --for 1.9", url=a.url)
    assert r.rc == 0, (r.rc, r.err)
    assert re.search(r"^# not for MidoNet 1\.9: rule \S+'s type l2-transform exists in MidoNet "
                     r"5\.x only: left out, as a comment below\n#   chain redirects add rule "
                     r".*type l2-transform action redirect", r.out, re.M), r.out
    assert not re.search(r"^[^#].*l2-transform", r.out, re.M), r.out
    assert "dump --for 1.9: rule " in r.err, r.err
    b = sandbox(h)
    run_script(h, b, r.out, "rules19.mido")


# A router port's remote peers (5.x's peering table): two on one port, one MAC with two
# addresses (the MAC does not tell those apart), and one on another port.
PEERS5 = """\
router vpc-1 port 10.0.1.1 add remote-peer mac 02:00:00:00:0a:01 ip 10.0.1.101
router vpc-1 port 10.0.1.1 add remote-peer mac 02:00:00:00:0a:02 ip 10.0.1.102
router vpc-1 port 10.0.1.1 add remote-peer mac 02:00:00:00:0a:02 ip 10.0.1.103
router edge add port address 198.51.100.9 net 198.51.100.0/24
router edge port 198.51.100.9 add remote-peer mac 02:00:00:00:0b:01 ip 198.51.100.200
"""


def peering_tables(h, sim):
    """Every router port's peering table as (router, port address, mac, ip), sorted."""
    out = []
    hdr = {"Accept": "*/*"}
    _, _, routers = h.http("GET", sim.url + "/routers", headers=hdr)
    for rt in routers:
        _, _, ports = h.http("GET", rt["ports"], headers=hdr)
        for p in ports:
            st, _, peers = h.http("GET", p["peeringTable"], headers=hdr)
            assert st == 200, (p["peeringTable"], st, peers)
            out += [(rt["name"], p.get("portAddress"), e["mac"], e["ip"]) for e in peers]
    return sorted(out)


def test_round_trip_5_remote_peers(h):
    a = sandbox5(h)
    run_script(h, a, VPC + EXTRA5 + PEERS5, "peers5.mido")
    want = peering_tables(h, a)
    assert len(want) == 4, want
    first = dump(h, a)
    for word in ("\nrouter vpc-1 port 10.0.1.1 add remote-peer mac 02:00:00:00:0a:01 "
                 "ip 10.0.1.101\n",
                 "\nrouter vpc-1 port 10.0.1.1 add remote-peer mac 02:00:00:00:0a:02 "
                 "ip 10.0.1.103\n",
                 "\nrouter edge port 198.51.100.9 add remote-peer mac 02:00:00:00:0b:01 "
                 "ip 198.51.100.200\n"):
        assert word in first, "%r not in the dump:\n%s" % (word, first)
    # A port's peers follow the port.
    port = re.search(r"^router edge add port .*198\.51\.100\.9\b", first, re.M)
    assert port and port.start() < first.index("router edge port 198.51.100.9 add remote-peer"), \
        first
    b = sandbox5(h)
    run_script(h, b, first, "restore5.mido")
    assert peering_tables(h, b) == want
    second = dump(h, b)
    assert body(first) == body(second), "dumps differ:\n%s" % "\n".join(
        difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm=""))
    replay_writes_nothing(h, a, first, "again5.mido")


def test_dump_5_remote_peers_for_1_9(h):
    """1.9 has no peering table: dump --for 1.9 writes a port's remote peers as comments,
    after saying why there and on stderr, and the script runs on 1.9."""
    a = sandbox5(h)
    run_script(h, a, VPC + EXTRA5 + PEERS5, "peers5.mido")
    r = h.midosh("-c", "dump --for 1.9", url=a.url)
    assert r.rc == 0, (r.rc, r.err)
    out = r.out
    assert not re.search(r"^[^#].*remote-peer", out, re.M), out
    assert "\n# not for MidoNet 1.9: remote-peer objects exist in MidoNet 5.x only: 3 left " \
        "out, as comments below\n#   router vpc-1 port 10.0.1.1 add remote-peer mac " \
        "02:00:00:00:0a:01 ip 10.0.1.101\n" in out, out
    assert "#   router edge port 198.51.100.9 add remote-peer mac 02:00:00:00:0b:01 " \
        "ip 198.51.100.200\n" in out, out
    assert "dump --for 1.9: remote-peer objects exist in MidoNet 5.x only" in r.err, r.err
    b = sandbox(h)
    run_script(h, b, out, "peers19.mido")
    assert "router edge add port" in dump(h, b)
