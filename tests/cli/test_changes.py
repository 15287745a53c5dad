"""Changes an operator can trust (issue 12): --dry-run, --may-exist/--if-exists, deletes
that say what they take, the position of a new rule."""
import json
import os
import re

from test_vpc import SCRIPT, get, one

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
WRITES = ("POST", "PUT", "DELETE")


def normalized(requests):
    """METHOD PATH lines with each id replaced by its order of first appearance."""
    seen = {}

    def sub(m):
        return "<%d>" % seen.setdefault(m.group(0), len(seen))
    return [UUID.sub(sub, r) for r in requests]


def bodies(lines, lead):
    """[(METHOD PATH, body, made)] of the writes in a dry run's output (lead "dry-run: ") or a
    -d run's standard error (lead "> ": a request line, then its body on the next line), with
    ids numbered in order of appearance and the API's address left out; made: the path names
    an object the dry run made itself (its placeholder id)."""
    seen = {}

    def norm(text):
        text = re.sub(r"http://127\.0\.0\.1:\d+/midonet-api", "", text)
        return UUID.sub(lambda m: "<%d>" % seen.setdefault(m.group(0), len(seen)), text)
    out = []
    for i, line in enumerate(lines):
        if not line.startswith(lead) or line[len(lead):].split(" ")[0] not in WRITES:
            continue
        words = line[len(lead):].split(" ", 2)
        if lead == "> ":
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            body = nxt[2:] if nxt.startswith("> {") or nxt.startswith("> [") else None
        else:
            body = words[2] if len(words) > 2 and words[2][:1] in "{[" else None
        out.append((norm(words[0] + " " + words[1]), json.loads(norm(body)) if body else None,
                    "ffffffff-ffff-4fff-bfff-" in words[1]))
    return out


def writes(h, sim):
    return [r for r in h.stats(sim)["requests"] if r.split(" ")[0] in WRITES]


def vpc(h):
    sim = h.sim()
    node = h.agent("node1", sim.root, addresses=["10.111.1.5"], interfaces=["vn_i-0001"])
    path = os.path.join(h.tmp, "vpc.mido")
    with open(path, "w") as f:
        f.write(SCRIPT)
    return sim, node, path


def snapshot(h, url):
    """Everything the VPC script makes, as the API shows it, ids included."""
    state = {}
    for coll in ("routers", "bridges", "chains", "port_groups", "ip_addr_groups",
                 "tunnel_zones", "ports", "hosts"):
        objs = get(h, url + "/" + coll)
        state[coll] = sorted(objs, key=lambda o: o.get("id", ""))
        for o in objs:
            for k in ("routes", "rules", "dhcpSubnets", "addrs", "ports"):
                if coll in ("routers", "bridges", "chains", "ip_addr_groups", "port_groups",
                            "hosts") and isinstance(o.get(k), str):
                    state["%s/%s" % (o["uri"], k)] = get(h, o[k])
            if coll == "tunnel_zones":
                state[o["uri"] + "/hosts"] = get(h, o["hosts"])
    for b in state["bridges"]:
        for s in state["%s/dhcpSubnets" % b["uri"]]:
            state[s["uri"] + "/hosts"] = get(h, s["hosts"])
    return state


def test_dry_run_sends_no_change_and_prints_what_the_real_run_sends(h):
    sim, node, path = vpc(h)
    h.reset_stats(sim)
    dry = h.midosh("--dry-run", "-f", path, url=sim.url)
    assert dry.rc == 0, dry
    assert writes(h, sim) == [], writes(h, sim)       # nothing was sent
    assert get(h, sim.url + "/routers") == [] and get(h, sim.url + "/bridges") == []
    printed = [l[len("dry-run: "):].split(" ")[0] + " " + l[len("dry-run: "):].split(" ")[1]
               for l in dry.out.splitlines() if l.startswith("dry-run: ") and
               l.split(" ")[1] in WRITES]
    assert len(printed) > 30, dry.out
    # Each printed request has its body: the bridge's name is in it.
    assert 'dry-run: POST /bridges {"name":"subnet-1","tenantId":""}' in dry.out.splitlines(), dry.out
    # The would-be objects are named in later lines: @port, subnet-1's DHCP subnet, vpc-1's ports.
    assert "dry-run: new bridge subnet-1" in dry.out.splitlines(), dry.out
    h.reset_stats(sim)
    real = h.midosh("-d", "-f", path, url=sim.url)
    assert real.rc == 0, real
    sent = writes(h, sim)
    assert normalized(sent) == normalized(printed), "\n".join(
        "%-60s %s" % (a, b) for a, b in zip(normalized(sent), normalized(printed)))
    # And the bodies: the same JSON, ids numbered in order of appearance on each side. A PUT
    # to an object the dry run made itself holds what midosh knows of it: every field it
    # prints is the real one's, and no other (the API adds fields of its own, such as a 1.9
    # router's peerPorts link).
    dry_bodies = bodies(dry.out.splitlines(), "dry-run: ")
    real_bodies = bodies(real.err.splitlines(), "> ")
    assert len(dry_bodies) == len(real_bodies) == len(printed), (dry_bodies, real_bodies)
    for (dm, db, made), (rm, rb, _) in zip(dry_bodies, real_bodies):
        assert dm == rm, (dm, rm)
        if made and dm.startswith("PUT "):
            assert db.items() <= rb.items(), "%s\ndry run: %s\nreal run: %s" % (dm, db, rb)
        else:
            assert db == rb, "%s\ndry run: %s\nreal run: %s" % (dm, db, rb)


def test_dry_run_at_the_prompt_and_its_summary(h):
    sim = h.sim()
    r = h.midosh("-c", "create bridge name keep; create chain name c; chain c add rule type drop; "
                 "bridge keep set infilter c", url=sim.url)
    assert r.rc == 0, r
    h.reset_stats(sim)
    r = h.midosh("-c", "dry-run on; create bridge name gone; bridge gone add port; "
                 "list bridge; delete chain c; dry-run off; list bridge", url=sim.url)
    assert r.rc == 0, r
    assert writes(h, sim) == []
    lines = r.out.splitlines()
    assert "dry-run: new bridge gone" in lines, lines
    assert any(l.startswith("bridge gone name gone") for l in lines), lines    # seen in the dry run
    assert lines[-1].startswith("bridge keep name keep"), lines                 # and forgotten after
    assert "deleting chain c also deletes 1 rule; clears infilter of bridge keep" in r.err, r.err
    assert [b["name"] for b in get(h, sim.url + "/bridges")] == ["keep"]


def test_may_exist_twice_leaves_the_state_of_once(h):
    sim, node, path = vpc(h)
    first = h.midosh("--may-exist", "-f", path, url=sim.url)
    assert first.rc == 0 and first.err == "", first
    once = snapshot(h, sim.url)
    h.reset_stats(sim)
    again = h.midosh("--may-exist", "-f", path, url=sim.url)
    assert again.rc == 0, again
    assert snapshot(h, sim.url) == once
    # It says so, for each create, and creates nothing.
    assert again.err.count("exists already: nothing done") == SCRIPT.count(" add ") + \
        SCRIPT.count("create "), again.err
    assert not [w for w in writes(h, sim) if w.startswith("POST")], writes(h, sim)
    # Without --may-exist a second run stops at the tunnel zone (the API keeps their names
    # unique), and says why before sending it; a dry run of it fails the same way.
    for args in (("--dry-run",), ()):
        h.reset_stats(sim)
        bad = h.midosh(*args, "-f", path, url=sim.url)
        assert bad.rc == 1, bad
        assert "tunnel-zone 'mido-tz' exists already (the API keeps tunnel zone names " \
            "unique)" in bad.err and "warning" not in bad.err, bad.err
        assert not [w for w in writes(h, sim) if "tunnel_zones" in w], writes(h, sim)


def test_may_exist_differs_and_names_warn(h):
    sim = h.sim()
    r = h.midosh("-c", "create bridge name b; --may-exist create bridge name b state down",
                 url=sim.url)
    assert r.rc == 1, r
    assert "bridge b exists with other attributes: state up (not down)" in r.err, r.err
    r = h.midosh("-c", "--may-exist create bridge name b", url=sim.url)
    assert r.rc == 0 and r.out.strip() == get(h, sim.url + "/bridges")[0]["id"], r
    r = h.midosh("-c", "create bridge name b", url=sim.url)
    assert r.rc == 0, r
    assert "warning: bridge 'b' exists already: the name now names 2 bridges" in r.err, r.err
    assert len(get(h, sim.url + "/bridges")) == 2


def test_if_exists(h):
    sim = h.sim()
    r = h.midosh("-c", "delete bridge nope", url=sim.url)
    assert r.rc == 1, r
    r = h.midosh("-c", "--if-exists delete bridge nope; --if-exists set bridge nope state down; "
                 "--if-exists clear bridge nope infilter", url=sim.url)
    assert r.rc == 0, r
    assert r.err.count("note: no bridge 'nope': nothing to") == 3, r.err
    r = h.midosh("--if-exists", "-c", "delete bridge nope", url=sim.url)
    assert r.rc == 0, r
    # A member named by its host: the note names it so.
    h.agent("h1", sim.root, addresses=["10.1.0.1"])
    r = h.midosh("-c", "create tunnel-zone name tz type gre; "
                 "--if-exists tunnel-zone tz delete member host h1", url=sim.url)
    assert r.rc == 0 and r.err == "midosh: note: no member with host h1: nothing to delete\n", r
    r = h.midosh("-c", "--if-exists list bridge", url=sim.url)
    assert r.rc == 2 and "'--if-exists' goes with delete, set or clear only" in r.err, r
    r = h.midosh("-c", "--may-exist delete bridge b", url=sim.url)
    assert r.rc == 2 and "'--may-exist' goes with create or add only" in r.err, r


def test_delete_says_what_it_takes(h):
    sim = h.sim()
    r = h.midosh("-c", "create router name r1; router r1 add port address 10.0.0.1 net 10.0.0.0/24; "
                 "create bridge name b1; bridge b1 add port peer r1:10.0.0.1; "
                 "bridge b1 add dhcp subnet 10.0.0.0/24 gw 10.0.0.1; "
                 "router r1 add route dst 10.9.0.0/16 port 10.0.0.1", url=sim.url)
    assert r.rc == 0, r
    r = h.midosh("-c", "delete bridge b1", url=sim.url)
    assert r.rc == 0, r
    assert r.err == "midosh: deleting bridge b1 also deletes 1 port, 1 DHCP subnet; " \
        "unlinks port r1:10.0.0.1\n", r.err
    one(get(h, sim.url + "/ports"), "ports", peerId=None, portAddress="10.0.0.1")
    router = one(get(h, sim.url + "/routers"), "routers", name="r1")
    port = one(get(h, router["ports"]), "router ports", portAddress="10.0.0.1")
    through = [x for x in get(h, router["routes"]) if x["nextHopPort"] == port["id"]]
    assert len(through) == 2, through       # ours, and the one to the port's own address
    r = h.midosh("-c", "router r1 port 10.0.0.1 delete", url=sim.url)
    assert r.rc == 0 and "deleting port 10.0.0.1 also deletes 2 routes\n" in r.err, r
    assert get(h, router["routes"]) == []
    r = h.midosh("-c", "create bridge name lone; delete bridge lone", url=sim.url)
    assert r.rc == 0 and r.err == "", r


def said(r, what):
    """The summary of a delete that succeeded: 'deleting WHAT also ...'."""
    assert r.rc == 0, r
    lines = [l for l in r.err.splitlines() if l.startswith("midosh: deleting %s also " % what)]
    assert len(lines) == 1, r.err
    return lines[0].split(" also ", 1)[1]


def test_delete_says_what_the_server_clears_and_takes(h):
    """The cascades beyond a type's own children (MidoNet 1.9's data layer): the rules that
    use a group, a load balancer's router, a health monitor's pools, the bindings, the
    port-group memberships and the trace requests of a device's ports."""
    sim = h.sim()
    h.agent("node1", sim.root, addresses=["10.1.0.1"], interfaces=["eth9"])
    r = h.midosh("-c", "create tunnel-zone name tz type gre; "
                 "tunnel-zone tz add member host node1 address 10.1.0.1; create chain name c; create chain name keep; "
                 "chain keep add rule type accept; "
                 "create port-group name pg; create ip-address-group name ig; "
                 "chain c add rule type accept port-group pg; "
                 "chain c add rule type drop ip-address-group-dst ig; "
                 "chain c add rule type drop ip-address-group-src ig; "
                 "create bridge name b1; bridge b1 add port as @bp; bridge b1 add port as @lone; "
                 "port-group pg add member port @bp; create port-group name pg2; "
                 "port-group pg2 add member port @lone; "
                 "host node1 add binding interface eth9 port @bp; "
                 "create tracerequest name t1 bridge b1; create tracerequest name t2 port @bp; "
                 "create router name r1; create load-balancer; "
                 "router r1 set load-balancer @load-balancer; "
                 "create health-monitor delay 5 timeout 3 max-retries 2; "
                 "load-balancer @load-balancer add pool health-monitor @health-monitor",
                 url=sim.url)
    assert r.rc == 0, r
    rules = get(h, one(get(h, sim.url + "/chains"), "chains", name="c")["rules"])
    rule = {k: [x["id"][:8] for x in rules if x.get(k)][0]
            for k in ("portGroup", "ipAddrGroupSrc", "ipAddrGroupDst")}
    r = h.midosh("-c", "delete ip-address-group ig", url=sim.url)     # rules go in list order
    assert said(r, "ip-address-group ig") == \
        "deletes rule %s of chain c (its ip-address-group-src); " \
        "deletes rule %s of chain c (its ip-address-group-dst)" % (
            rule["ipAddrGroupSrc"], rule["ipAddrGroupDst"]), r.err
    r = h.midosh("-c", "delete port-group pg", url=sim.url)
    assert said(r, "port-group pg") == "deletes 1 port group member; " \
        "deletes rule %s of chain c (its port-group)" % rule["portGroup"], r.err
    assert get(h, one(get(h, sim.url + "/chains"), "chains", name="c")["rules"]) == []
    hm = get(h, sim.url + "/health_monitors")[0]["id"]
    pool = get(h, sim.url + "/pools")[0]["id"]
    r = h.midosh("-c", "delete health-monitor " + hm, url=sim.url)
    assert said(r, "health-monitor " + hm[:8]) == "clears health-monitor of pool " + pool[:8]
    lb = get(h, sim.url + "/load_balancers")[0]["id"]
    r = h.midosh("-c", "delete load-balancer " + lb, url=sim.url)
    assert said(r, "load-balancer " + lb[:8]) == "deletes 1 pool; clears load-balancer of router r1"
    assert one(get(h, sim.url + "/routers"), "routers", name="r1")["loadBalancerId"] is None
    ports = {p["id"]: p for p in get(h, sim.url + "/ports")}
    bp = [p for p in ports.values() if p.get("interfaceName")][0]["id"]
    lone = [p for p in ports if p != bp][0]
    r = h.midosh("-c", "delete port " + lone, url=sim.url)
    assert said(r, "port " + lone[:8]) == "takes it out of port group pg2"
    r = h.midosh("-c", "delete bridge b1", url=sim.url)
    assert said(r, "bridge b1") == "deletes 1 port, 2 trace requests; " \
        "unbinds interface eth9 of host node1", r.err
    # the bridge's own trace request goes (the simulator keeps the port's)
    assert [t["name"] for t in get(h, sim.url + "/traces")] in ([], ["t2"])


def test_delete_says_what_5x_clears(h):
    """5.x's storage bindings: a QoS policy and a mirror are cleared from the devices that
    name them."""
    sim = h.sim(extra=["--dialect", "5"])
    r = h.midosh("-c", "create bridge name svc; bridge svc add port as @to; create bridge name b1; "
                 "bridge b1 add port as @p; create mirror to-port @to; "
                 "bridge b1 set in-mirrors @mirror out-mirrors @mirror; "
                 "create qos-policy name gold; bridge b1 set qos-policy gold; "
                 "port @p set qos-policy gold", url=sim.url)
    assert r.rc == 0, r
    gold = get(h, sim.url + "/qos_policies")[0]["id"]
    port = one(get(h, sim.url + "/ports"), "ports", qosPolicyId=gold)
    r = h.midosh("-c", "delete qos-policy gold", url=sim.url)
    assert said(r, "qos-policy gold") == "clears qos-policy of bridge b1; " \
        "clears qos-policy of port %s" % port["id"][:8], r.err
    mirror = get(h, sim.url + "/mirrors")[0]["id"]
    r = h.midosh("-c", "delete mirror " + mirror, url=sim.url)
    assert said(r, "mirror " + mirror[:8]) == "clears in-mirrors of bridge b1; " \
        "clears out-mirrors of bridge b1", r.err


def test_dry_run_forgets_the_children_of_what_it_deletes(h):
    """A dry run's later commands see the ports of a deleted bridge gone, as the API deletes
    them with it (so that a later command fails as it would)."""
    sim = h.sim()
    assert h.midosh("-c", "create bridge name gone1; bridge gone1 add port; "
                    "create bridge name keep; bridge keep add port", url=sim.url).rc == 0
    r = h.midosh("--dry-run", "-c", "create bridge name gone2; bridge gone2 add port; "
                 "delete bridge gone1; delete bridge gone2; list port", url=sim.url)
    assert r.rc == 0, r
    ports = [l for l in r.out.splitlines() if l.startswith("port ")]
    keep = get(h, one(get(h, sim.url + "/bridges"), "bridges", name="keep")["ports"])[0]
    assert len(ports) == 1 and ports[0].split()[1] == keep["id"][:8], r.out
    assert len(get(h, sim.url + "/ports")) == 2        # nothing was deleted


def test_dry_run_names_a_new_router_port_as_list_will(h):
    sim = h.sim()
    assert h.midosh("-c", "create router name r1", url=sim.url).rc == 0
    r = h.midosh("--dry-run", "-c", "router r1 add port address 10.0.5.1 net 10.0.5.0/24; "
                 "create router name r2; router r2 add port address 10.0.6.1 net 10.0.6.0/24; list port",
                 url=sim.url)
    assert r.rc == 0, r
    lines = r.out.splitlines()
    assert "dry-run: new port r1:10.0.5.1" in lines and "dry-run: new port r2:10.0.6.1" in lines, r
    assert any(l.startswith("port r1:10.0.5.1 device r1 ") for l in lines), r


def test_rule_position_printed(h):
    sim = h.sim()
    r = h.midosh("--dry-run", "-c", "create chain name c; chain c add rule type accept; "
                 "chain c add rule type drop pos 2", url=sim.url)
    assert r.rc == 0, r
    lines = [l for l in r.out.splitlines() if l.startswith("dry-run: new rule")]
    assert [l.split(" ")[-2:] for l in lines] == [["pos", "1"], ["pos", "2"]], r.out
