"""Name resolution through ZooKeeper (doc/cache.md): a root collection not cached yet is read
from its nodes in MidoNet's layout, names only, and the one object named is read from the API."""
import json
import os
import subprocess
import time

from zkclient import four_letter
from zkutil import gets, zk_args


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %s\nstderr: %s" % (what, r.rc, r.out, r.err)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


# Every type whose names midosh reads from ZooKeeper: its midosh name, its root collection,
# a create line per object (two tenants where the type has one), and whether it is tenant-owned.
TYPES = [
    ("bridge", "bridges", ["create bridge name b1 tenant t1", "create bridge name b2 tenant t2",
                           "create bridge tenant t1"], True),
    ("router", "routers", ["create router name r1 tenant t1", "create router name r2 tenant t2"],
     True),
    ("chain", "chains", ["create chain name c1 tenant t1", "create chain name c2 tenant t2"], True),
    ("port-group", "port_groups", ["create port-group name g1 tenant t1",
                                   "create port-group name g2 tenant t2 stateful true"], True),
    ("tunnel-zone", "tunnel_zones", ["create tunnel-zone name z1 type gre",
                                     "create tunnel-zone name z2 type vxlan"], False),
    ("ip-address-group", "ip_addr_groups", ["create ip-address-group name i1",
                                            "create ip-address-group name i2"], False),
]


def zknames(h, sim, kind, coll, tenant=None):
    args = [h.bin("zknames"), h.zk_hosts, sim.root, kind, sim.url + "/" + coll]
    if tenant:
        args.append(tenant)
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and "Sanitizer" not in p.stderr, (p.returncode, p.stderr)
    return json.loads(p.stdout)


def test_names_from_zookeeper_equal_the_api(h):
    """For every type named from ZooKeeper: the same objects as the API lists, with the same
    values of every field read there, unfiltered and filtered by tenant."""
    sim = h.sim()
    for kind, coll, lines, tenanted in TYPES:
        args = []
        for line in lines:
            args += ["-c", line]
        ok(h.midosh(*args, url=sim.url), kind)
        for tenant in (None, "t1") if tenanted else (None,):
            url = sim.url + "/" + coll + ("?tenant_id=" + tenant if tenant else "")
            status, _, api = h.http("GET", url)
            assert status == 200, (url, status)
            mine = zknames(h, sim, kind, coll, tenant)
            assert sorted(o["id"] for o in mine) == sorted(o["id"] for o in api), (kind, mine, api)
            expect = len(lines) - (1 if tenant else 0)
            assert len(mine) == expect, (kind, tenant, mine)
            by_id = {o["id"]: o for o in api}
            for o in mine:
                fields = {"id", "name", "uri"} | ({"tenantId"} if tenanted else set())
                assert set(o) == fields, (kind, o)
                assert o == {k: by_id[o["id"]][k] for k in o}, (kind, o, by_id[o["id"]])


def create_bridges(h, sim, n):
    ids = {}
    for i in range(n):
        status, _, _ = h.http("POST", sim.url + "/bridges", {"name": "b%d" % i, "tenantId": "t%d" % (i % 2)},
                              {"Content-Type": "application/vnd.org.midonet.Bridge-v3+json"})
        assert status == 201, status
    _, _, body = h.http("GET", sim.url + "/bridges")
    for b in body:
        ids[b["name"]] = b["id"]
    assert len(ids) == n
    return ids


def test_show_by_name_with_zookeeper_lists_nothing(h):
    """Among 300 bridges, `show bridge b5` with ZooKeeper reads the one bridge from the API,
    not the collection, and prints what it prints without ZooKeeper (which lists them)."""
    sim = h.sim()
    ids = create_bridges(h, sim, 300)
    h.reset_stats(sim)
    plain = ok(h.midosh("-c", "show bridge b5", url=sim.url))
    # show prints the child collections' counts too: one GET each, under the bridge.
    under = "GET /bridges/" + ids["b5"] + "/"
    assert [g for g in gets(h, sim) if not g.startswith(under)] == ["GET /bridges"], h.stats(sim)
    h.reset_stats(sim)
    zk = ok(h.midosh(*zk_args(h, sim.root), "-c", "show bridge b5", "-c", "bridge b7 show name",
                     url=sim.url))
    assert [g for g in gets(h, sim) if not g.startswith(under)] == \
        ["GET /bridges/" + ids["b5"], "GET /bridges/" + ids["b7"]], h.stats(sim)
    assert zk.out.splitlines()[:-1] == plain.out.strip().splitlines(), (zk.out, plain.out)
    assert zk.out.splitlines()[-1] == "b7", zk.out
    # A name that is not there is not found, as without ZooKeeper.
    miss = h.midosh(*zk_args(h, sim.root), "-c", "show bridge nosuch", url=sim.url)
    assert miss.rc == 1 and "no bridge named 'nosuch'" in miss.err, (miss.rc, miss.err)
    # The session tenant's filter holds: b5 belongs to t1, b6 to t0.
    h.reset_stats(sim)
    r = h.midosh(*zk_args(h, sim.root), "-c", "sett t0", "-c", "show bridge b6", "-c",
                 "show bridge b5", url=sim.url)
    assert r.rc == 1 and "b6" in r.out and "no bridge named 'b5'" in r.err, (r.rc, r.out, r.err)
    assert "GET /bridges" not in gets(h, sim), h.stats(sim)
    # `list` still shows what the API holds.
    h.reset_stats(sim)
    out = ok(h.midosh(*zk_args(h, sim.root), "-c", "show bridge b5", "-c", "list bridge",
                      url=sim.url)).out
    assert len(out.splitlines()) == len(plain.out.strip().splitlines()) + 300, out[:500]
    assert [g for g in gets(h, sim) if not g.startswith(under)] == \
        ["GET /bridges/" + ids["b5"], "GET /bridges"], h.stats(sim)


def watched_nodes(h, root):
    """The nodes at and under root whose data or existence some session watches (the
    server's wchp, which leaves out watches on children), relative to root ("" for root)."""
    out = four_letter(h.zk_hosts, "wchp")
    return {line[len(root):] for line in out.splitlines()
            if line == root or line.startswith(root + "/")}


def peak_watches(h, sim, slow, args):
    """Run midosh with args against the slow simulator, sampling the watches on sim's nodes
    until it exits: (bridge nodes ever watched, whether midosh's watch on the root was seen
    while it ran)."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update({"HOME": h.home, "MIDO_API_URL": slow.url,
              "ASAN_OPTIONS": e.get("ASAN_OPTIONS", "") + ":detect_leaks=1"})
    p = subprocess.Popen([h.bin("midosh")] + zk_args(h, sim.root) + args, env=e,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    objects, root = set(), False
    deadline = time.monotonic() + 60
    while p.poll() is None and time.monotonic() < deadline:
        seen = watched_nodes(h, sim.root)
        objects |= {n for n in seen if n.startswith("/bridges/") and n.count("/") == 2}
        root = root or "" in seen
        time.sleep(0.05)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, (p.returncode, out, err)
    assert b"Sanitizer" not in err and b"runtime error" not in err, err
    return objects, root


def test_one_command_watches_no_object(h):
    """A run of one command reads names from ZooKeeper and watches the collection, but not
    each of its objects (no later command will use them); a script running the same command
    watches every bridge. Sampled while the simulator holds each reply for a moment."""
    sim = h.sim()
    ids = create_bridges(h, sim, 20)
    slow = h.sim(root=sim.root, reply_delay_ms=1500)
    h.reset_stats(slow)
    objects, root = peak_watches(h, sim, slow, ["-c", "show bridge b5"])
    under = "GET /bridges/" + ids["b5"] + "/"   # show's child counts
    assert [g for g in gets(h, slow) if not g.startswith(under)] == \
        ["GET /bridges/" + ids["b5"]], h.stats(slow)
    assert root, "no watch of the one-liner was seen while it ran"
    assert objects == set(), sorted(objects)
    script = os.path.join(h.tmp, "show.mido")
    with open(script, "w") as f:
        f.write("show bridge b5\n")
    objects, root = peak_watches(h, sim, slow, ["-f", script])
    assert root and len(objects) == 20, (root, sorted(objects))


def test_deleting_a_chain_names_the_jumps_to_it_from_zookeeper(h):
    """In 1.9 deleting a chain deletes the rules of other chains that jump to it, and the
    delete says so: with ZooKeeper, its back-references name those rules, so only their
    chains' rules are read; without, every chain's are (up to a bound, then it says so)."""
    sim = h.sim()
    lines = ["create chain name target", "create chain name from",
             "chain from add rule type jump jump-to target"]
    lines += ["create chain name quiet%d" % i for i in range(5)]
    r = h.midosh("-c", "; ".join(lines), url=sim.url)
    assert r.rc == 0, r
    jump = json.loads(h.midosh("-o", "json", "-c", "chain from list rule", url=sim.url).out)[0]
    said = "deletes rule %s of chain from (a jump to it)" % jump["id"][:8]
    target = jump["jumpChainId"]
    h.reset_stats(sim)
    r = h.midosh(*zk_args(h, sim.root), "-y", "-c", "delete chain target", url=sim.url)
    assert r.rc == 0 and said in r.err, r
    # The rules of the chain deleted (counted), and of the one chain that jumps to it.
    rule_lists = [g for g in gets(h, sim) if g.endswith("/rules")]
    assert sorted(rule_lists) == sorted(["GET /chains/%s/rules" % target,
                                         "GET /chains/%s/rules" % jump["chainId"]]), h.stats(sim)
    assert h.midosh("-c", "chain from list rule", url=sim.url).out == ""
    # Without ZooKeeper, past the bound: said, not searched.
    many = ["create chain name c%d" % i for i in range(64)] + ["create chain name t2"]
    assert h.midosh("-c", "; ".join(many), url=sim.url).rc == 0
    r = h.midosh("-y", "-c", "delete chain t2", url=sim.url)
    assert r.rc == 0 and "deletes the rules of other chains that jump to it (71 chains: " \
        "not searched)" in r.err, r
