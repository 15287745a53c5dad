"""Every handle midosh prints resolves back to the object it was printed for.

One property test over every object type midosh knows: the types come from midosh itself
(`describe <TAB>` and, below each object, `PATH describe CHILD`), so a type added to the
schema without a way to create it here fails the test instead of passing unseen. For each
type the test builds objects whose names look like ids, addresses, id prefixes of each
other and duplicates, then takes every line `list` prints, at the top level and under each
parent, and checks that

  - the handle resolves through `show` to the object listed (same id, or same object where
    the type has no id), at the position it was printed;
  - a harmless `set` (an attribute set to the value printed) PUTs to that object's URI;
  - every reference value printed in the line (a port's device or peer, a filter, a
    member's host) resolves: filtering the same list by it keeps the object;
  - `delete` of the handle sends DELETE to that object's URI (last, children first).

The property holds in both API generations: test_every_printed_handle_resolves runs
against MidoNet 1.9, test_every_printed_handle_resolves_5 against 5.x, whose script puts
BGP on the router (peers and networks) and makes 5.x's own types (SCRIPT5).
"""
import json
import re

# How objects of each creatable type are made. The walk below checks that every type
# midosh lists was made (or came from an agent or a VTEP): a new type needs a line here.
SCRIPT = [
    "create tunnel-zone name tz type gre",
    "create tunnel-zone name vtz type vtep",
    "tunnel-zone tz add member host h1 address 10.1.0.1",
    "tunnel-zone tz add member host %(dup1)s address 10.1.0.2",
    "create router name r1",
    "create router name r2",
    "create router name dup; router @router add port address 10.0.0.1 net 10.0.0.0/24",
    "create router name dup; router @router add port address 10.0.0.1 net 10.0.0.0/24",
    "router r1 add port address 10.0.0.1 net 10.0.0.0/24",
    "router r1 add port address 10.0.1.1 net 10.0.1.0/24",
    "router r2 add port address 10.0.0.1 net 10.0.0.0/24",
    "router r1 add route dst 0.0.0.0/0 gw 10.0.0.2 port 10.0.0.1",
    "router r1 add route dst 10.9.0.0/16 gw 10.0.0.3 port 10.0.0.1",
    "router r1 port 10.0.0.1 add bgp local-AS 65000 peer-AS 65001 peer 10.0.0.9; "
    "router r1 port 10.0.0.1 bgp @bgp add route net 203.0.113.0/24",
    "create bridge name b1",
    "create bridge name 10.0.0.1",
    "create bridge name dup",
    "create bridge name dup",
    "create bridge name tb tenant tenant-1",
    "bridge b1 add port peer r1:10.0.1.1",
    "bridge b1 add port; host h1 add binding interface eth0 port @port; "
    "bridge b1 add mac-table mac 02:00:00:00:00:09 port @port; "
    "create port-group name pg; port-group pg add member port @port",
    "bridge 10.0.0.1 add port",
    "bridge b1 add dhcp subnet 10.0.2.0/24 gw 10.0.2.1",
    "bridge b1 dhcp 10.0.2.0/24 add host name vm1 address 10.0.2.10 mac 02:00:00:00:00:10",
    "bridge b1 add arp-table ip 10.0.2.5 mac 02:00:00:00:00:05",
    "create chain name c1",
    "create chain name dup",
    "create chain name dup",
    "chain c1 add rule type accept",
    "chain c1 add rule type drop",
    "bridge b1 set infilter c1",
    "create port-group name dup",
    "create ip-address-group name ipg",
    "ip-address-group ipg add ip address 10.0.2.10",
    "ip-address-group ipg add ip address 10.0.2.11",
    # Rules whose values are references: a chain to jump to, groups, ports.
    "create chain name c2; chain c2 add rule type jump jump-to c1 port-group pg "
    "ip-address-group-src ipg ip-address-group-dst !ipg in-ports r1:10.0.0.1,r1:10.0.1.1 "
    "out-ports !r2:10.0.0.1",
    "create load-balancer; router r1 set load-balancer @load-balancer; "
    "create health-monitor delay 5 timeout 3 max-retries 2; "
    "load-balancer @load-balancer add pool health-monitor @health-monitor; "
    "load-balancer @load-balancer pool @pool add member address 10.0.1.10 protocol-port 80; "
    "load-balancer @load-balancer pool @pool add vip address 203.0.113.20 protocol-port 80",
    "create vtep management-ip 192.0.2.100 management-port 6632 tunnel-zone vtz",
    "vtep 192.0.2.100 add binding physical-port eth0 vlan 10 network-id b1",
    "create tracerequest name t1 bridge b1",
    "create tracerequest name dup port r1:10.0.0.1",
    "create tracerequest name dup router r2",
]

# MidoNet 5.x: BGP is the router's, not its ports' (BGP_19 is left out), a router port's
# remote peers, and its own types: mirrors, L2 insertions, QoS policies and their rules,
# containers and their groups, and the mirrors and QoS policies of routers, bridges and ports.
BGP_19 = SCRIPT.index("router r1 port 10.0.0.1 add bgp local-AS 65000 peer-AS 65001 peer 10.0.0.9; "
                      "router r1 port 10.0.0.1 bgp @bgp add route net 203.0.113.0/24")
SCRIPT5 = SCRIPT[:BGP_19] + SCRIPT[BGP_19 + 1:] + [
    "router r1 set asn 65000; router r1 add bgp-peer asn 65001 address 10.0.0.9; "
    "router r1 add bgp-peer asn 65002 address 10.0.0.10",
    "router r1 add bgp-network net 203.0.113.0/24",
    "router r1 port 10.0.0.1 add remote-peer mac 02:00:00:00:0a:01 ip 10.0.0.9; "
    "router r1 port 10.0.0.1 add remote-peer mac 02:00:00:00:0a:02 ip 10.0.0.10",
    # (with match conditions, named by their positions)
    "create bridge name svc; bridge svc add port; create mirror to-port @port; "
    "mirror @mirror add matches proto tcp; mirror @mirror add matches dst 10.0.0.0/24",
    "create qos-policy name gold shared true; qos-policy gold add bw-limit-rule max-kbps 1000; "
    "qos-policy gold add dscp-rule dscp-mark 46",
    "create qos-policy name dup; create qos-policy name dup",
    "create container-group policy least; container-group @container-group add container type IPSEC",
    # What devices name of those: mirrors (lists, by id prefix) and QoS policies (by name),
    # on a router, bridges, a router port and a bridge port given them on create.
    "create mirror to-port r1:10.0.0.1 as @ma; create mirror to-port r1:10.0.1.1 as @mb; "
    "router r1 set in-mirrors @ma,@mb out-mirrors @mb; "
    "bridge b1 set qos-policy gold in-mirrors @mb out-mirrors @ma,@mb; "
    "router r1 port 10.0.0.1 set qos-policy gold post-in-filter-mirrors @ma "
    "pre-out-filter-mirrors @ma,@mb; "
    "bridge b1 add port qos-policy gold in-mirrors @ma out-mirrors @mb",
]

# Made by something else than a create: agents, VTEPs, the tenant ids of objects, the API.
NOT_CREATED = {"host", "interface", "tenant", "port", "host-versions"}


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %s\nstderr: %s" % (what, r.rc, r.out, r.err)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


class Describe:
    """What `describe` says of a type: where it lives, what it may do, its attributes."""

    def __init__(self, text):
        self.text = text
        lines = text.splitlines()
        self.singleton = any("one of it" in l for l in lines)
        cannot = next((l for l in lines if l.startswith("cannot be ")), "")
        self.settable = "changed" not in cannot
        self.deletable = "deleted" not in cannot
        self.root = any(l.startswith("found at the top level") for l in lines)
        self.children, self.attrs = [], {}
        section = None
        for l in lines:
            if l.startswith("object types under it"):
                section = "children"
            elif l.startswith("attributes"):
                section = "attrs"
            elif section and re.match(r"^  \S", l):
                word, rest = l.split(None, 1)
                if section == "children":
                    self.children.append(word)
                else:
                    kind = rest.split(":")[0]
                    self.attrs[word] = [k.strip() for k in kind.split(",")]


def parse_line(line, desc):
    """(type word, handle, {attr: value}) of a list line."""
    words = line.split()
    pairs = {}
    k = 2
    while k + 1 < len(words):
        if words[k] in desc.attrs:
            pairs[words[k]] = words[k + 1]
            k += 2
        else:
            k += 1
    return words[0], words[1], pairs


def ident(obj):
    return obj.get("uri") or obj.get("id") or json.dumps(obj, sort_keys=True)


def test_every_printed_handle_resolves(h):
    every_handle(h, "1.9")


def test_every_printed_handle_resolves_5(h):
    every_handle(h, "5")


def every_handle(h, dialect):
    sim = h.sim(extra=["--dialect", dialect])
    h.agent("h1", sim.root, addresses=["10.1.0.1"], interfaces=["eth0=10.1.0.1", "eth1"])
    dup1 = h.agent("dup", sim.root, addresses=["10.1.0.2"], interfaces=["eth0"])
    h.agent("dup", sim.root, addresses=["10.1.0.3"], interfaces=["eth0"])
    h.vtep(sim.root, "192.0.2.100", 6632, name="sw1", tunnel_ip="192.0.2.200", ports=["eth0"])

    def mido(*args):
        return h.midosh(*args, url=sim.url)

    for line in SCRIPT5 if dialect == "5" else SCRIPT:
        ok(mido("-c", line % {"dup1": dup1.id}), line)
    if dialect == "5":
        # An L2 insertion joins two ports named by id.
        vm, srv = [p["id"] for p in ok(mido("-o", "json", "-c", "bridge 10.0.0.1 list port")).json()
                   + ok(mido("-o", "json", "-c", "bridge svc list port")).json()]
        ok(mido("-c", "create l2insertion port %s srv-port %s mac 02:00:00:00:00:20 vlan 10 pos 1"
                % (vm, srv)))
    # Names that are other objects' ids and id prefixes (of the same collection).
    bridges = ok(mido("-o", "json", "-c", "list bridge")).json()
    by_name = {b["name"]: b["id"] for b in bridges}
    ok(mido("-c", "create bridge name %s" % by_name["b1"][:8]))
    ok(mido("-c", "create bridge name %s" % by_name["tb"]))
    ok(mido("-c", "create chain name %s" % by_name["b1"][:8]))

    types = ok(mido("--complete=describe ")).out.split()
    assert "router" in types and "port" in types, types
    descs = {t: Describe(ok(mido("-c", "describe %s" % t)).out) for t in types}

    failures = []
    seen = set()            # type words listed with at least one object
    positions = []          # (prefix, type, desc, depth) in walk order
    filtered = set()        # (type, attribute) of the references checked

    def check(cond, what):
        if not cond:
            failures.append(what)
        return cond

    def json_docs(text):
        """The JSON documents one run printed, one after another (one per -c)."""
        docs, dec, k = [], json.JSONDecoder(), 0
        while True:
            while k < len(text) and text[k].isspace():
                k += 1
            if k == len(text):
                return docs
            doc, k = dec.raw_decode(text, k)
            docs.append(doc)

    def batch(commands, *opts):
        """The commands in one midosh run (-k: each runs whatever the others do)."""
        args = ["-k"] + list(opts)
        for c in commands:
            args += ["-c", c]
        return mido(*args)

    def shown_all(prefix, t, handles):
        """`show` of each handle, in one run; one run each where a show fails, to say which."""
        cmds = ["%sshow %s %s" % (prefix, t, hd) for hd in handles]
        r = batch(cmds, "-o", "json")
        if r.rc == 0:
            docs = json_docs(r.out)
            if len(docs) == len(cmds):
                return [(c, d, "") for c, d in zip(cmds, docs)]
        out = []
        for c in cmds:
            one = mido("-o", "json", "-c", c)
            out.append((c, one.json() if one.rc == 0 else None, one.err.strip()))
        return out

    described = {}          # (types of the path, child type): its Describe

    def walk(prefix, path_types, t, desc, depth):
        """Check every line of `PREFIX list T`, then walk under each object."""
        listed = mido("-c", "%slist %s" % (prefix, t))
        if not check(listed.rc == 0, "%slist %s: %s" % (prefix, t, listed.err.strip())):
            return
        objs = ok(mido("-o", "json", "-c", "%slist %s" % (prefix, t))).json()
        lines = listed.out.splitlines()
        if not check(len(lines) == len(objs), "%slist %s: %d lines, %d objects"
                     % (prefix, t, len(lines), len(objs))):
            return
        positions.append((prefix, t, desc, depth))
        rows = []           # (handle, pairs, obj) of the objects that have a handle
        for line, obj in zip(lines, objs):
            seen.add(t)
            _, handle, pairs = parse_line(line, desc)
            if handle in desc.attrs:
                continue    # no handle: named by ATTR VALUE pairs (a VTEP binding)
            rows.append((handle, pairs, obj))
        # Each handle shows the object listed.
        for (handle, _, obj), (cmd, doc, err) in zip(rows, shown_all(prefix, t, [r[0] for r in rows])):
            if check(doc is not None, "%s: %s" % (cmd, err)):
                check(ident(doc) == ident(obj), "%s: %s, not %s" % (cmd, ident(doc), ident(obj)))
        # A harmless set per object (an attribute to the value it has) PUTs to its URI.
        sets = []
        for handle, pairs, obj in rows:
            if not (desc.settable and "uri" in obj):
                continue
            for attr, kind in desc.attrs.items():
                if attr in pairs and not {"read-only", "create-only"} & set(kind) \
                        and attr != "peer":
                    sets.append(("%s%s %s set %s %s" % (prefix, t, handle, attr, pairs[attr]),
                                 obj["uri"]))
                    break
        if sets:
            r = batch([c for c, _ in sets], "-d")
            puts = re.findall(r"^> PUT (\S+) ", r.err, re.M)
            check(puts == [u for _, u in sets],
                  "%sset on each %s: PUT %s, not %s: %s"
                  % (prefix, t, puts, [u for _, u in sets], r.err.strip()[-300:]))
        # Every reference printed in a line keeps the object when the list is filtered by it.
        filters = [(handle, obj, attr, value) for handle, pairs, obj in rows
                   for attr, value in pairs.items() if desc.attrs[attr][0] in descs]
        filtered.update((t, attr) for _, _, attr, _ in filters)
        if filters:
            cmds = ["%slist %s %s %s" % (prefix, t, attr, value) for _, _, attr, value in filters]
            r = batch(cmds, "-o", "json")
            docs = json_docs(r.out) if r.rc == 0 else []
            if check(len(docs) == len(cmds), "%s...: exit %d, %s"
                     % (cmds[0], r.rc, r.err.strip()[-300:])):
                for (handle, obj, _, _), cmd, doc in zip(filters, cmds, docs):
                    check(any(ident(o) == ident(obj) for o in doc),
                          "%s does not list %s" % (cmd, handle))
        if depth < 4:
            for handle, _, _ in rows:
                path = "%s%s %s " % (prefix, t, handle)
                for child in desc.children:
                    key = (path_types + (t,), child)
                    if key not in described:
                        described[key] = Describe(
                            ok(mido("-c", "%sdescribe %s" % (path, child))).out)
                    walk(path, path_types + (t,), child, described[key], depth + 1)

    for t in types:
        d = descs[t]
        if d.root and not d.singleton:
            walk("", (), t, d, 0)

    # The references a rule prints were among those checked.
    want = {("rule", a) for a in ("jump-to", "port-group", "ip-address-group-src",
                                  "ip-address-group-dst", "in-ports", "out-ports")}
    check(want <= filtered, "references not checked: %s" % sorted(want - filtered))
    if dialect == "5":
        # The references of devices to 5.x's own objects were among those checked.
        want = {("router", "in-mirrors"), ("router", "out-mirrors"), ("bridge", "qos-policy"),
                ("bridge", "in-mirrors"), ("bridge", "out-mirrors")} | {
            ("port", a) for a in ("qos-policy", "in-mirrors", "out-mirrors",
                                  "post-in-filter-mirrors", "pre-out-filter-mirrors")}
        check(want <= filtered, "references not checked: %s" % sorted(want - filtered))
    missing = [t for t in types if not descs[t].singleton and t not in seen]
    check(not missing, "types no object was listed for: %s" % missing)
    unmade = [t for t in types if t not in NOT_CREATED and not descs[t].singleton and
              "cannot be created" in descs[t].text]
    check(not unmade, "types that cannot be created and come from nothing here: %s" % unmade)

    # delete, children first: each handle as a fresh list prints it, at its first position
    # under each kind of parent. Types listed at the top level and under a parent (ports)
    # go first at the top level, every other one, so that both their PARENT:KEY handles and
    # their handles under the parent ('router r1 delete port 10.0.0.1') are deleted by.
    nested = {p[1] for p in positions if p[3] > 0}
    done, deletes = set(), []
    for prefix, t, desc, depth in sorted(positions, key=lambda p: (not (p[3] == 0 and p[1] in nested), -p[3])):
        where = (t, depth, prefix.split(" ")[0])
        if not desc.deletable or where in done:
            continue
        done.add(where)
        r = mido("-o", "json", "-c", "%slist %s" % (prefix, t))
        if r.rc != 0:
            continue        # its parent went with an earlier delete
        objs = r.json()
        lines = ok(mido("-c", "%slist %s" % (prefix, t))).out.splitlines()
        for k, (line, obj) in enumerate(zip(lines, objs)):
            handle = line.split()[1]
            if "uri" not in obj or handle in desc.attrs:
                continue
            if depth == 0 and t in nested and k % 2:
                continue    # left for its parent's list
            deletes.append("%sdelete %s %s" % (prefix, t, handle))
            r = mido("-d", "-c", deletes[-1])
            check(("> DELETE %s " % obj["uri"]) in r.err,
                  "%sdelete %s %s: %s" % (prefix, t, handle, r.err.strip()[-300:]))

    for form in (r"^delete port \S+:", r"^router \S+ delete port ", r"^bridge \S+ delete port "):
        check(any(re.match(form, d) for d in deletes), "no delete like %r: %s" % (form, deletes))
    assert not failures, "%d failures:\n%s" % (len(failures), "\n".join(failures))


test_every_printed_handle_resolves.timeout = 600
test_every_printed_handle_resolves_5.timeout = 600
