"""Changes an operator can trust (issue 12): --dry-run, --may-exist/--if-exists, deletes
that say what they take, the position of a new rule."""
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
    real = h.midosh("-f", path, url=sim.url)
    assert real.rc == 0, real
    sent = writes(h, sim)
    assert normalized(sent) == normalized(printed), "\n".join(
        "%-60s %s" % (a, b) for a, b in zip(normalized(sent), normalized(printed)))


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
    # Without --may-exist a second run is refused (the tunnel zone member exists), and says why.
    bad = h.midosh("-f", path, url=sim.url)
    assert bad.rc == 1, bad
    assert "tunnel-zone 'mido-tz' exists already: the name now names 2 tunnel zones" in bad.err, bad.err


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
    assert r.err == "midosh: deleting bridge b1 also deletes 1 port, 1 dhcp; " \
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


def test_rule_position_printed(h):
    sim = h.sim()
    r = h.midosh("--dry-run", "-c", "create chain name c; chain c add rule type accept; "
                 "chain c add rule type drop pos 2", url=sim.url)
    assert r.rc == 0, r
    lines = [l for l in r.out.splitlines() if l.startswith("dry-run: new rule")]
    assert [l.split(" ")[-2:] for l in lines] == [["pos", "1"], ["pos", "2"]], r.out
