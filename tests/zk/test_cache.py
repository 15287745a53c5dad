"""The coherent cache: an interactive midosh trusts a cached collection exactly as long as
ZooKeeper says nothing behind it changed, and reads host liveness from the alive nodes."""
import threading
import time

from harness import poll
from zkutil import Shell, caught_up, gets, wait_connected, zk_args


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %s\nstderr: %s" % (what, r.rc, r.out, r.err)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


def bridges(h, sim):
    _, _, body = h.http("GET", sim.url + "/bridges")
    return {b["id"]: b["name"] for b in body}


def test_rename_by_someone_else_is_seen_at_once(h):
    """Someone renames a to c and creates a new a: `bridge a set` changes the new one."""
    sim = h.sim()
    old = ok(h.midosh("-c", "create bridge name a", url=sim.url)).out.strip()
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    assert "bridge a " in sh.run("list bridge")
    # Someone else, well within the five seconds an unwatched session would trust.
    ok(h.midosh("-c", "bridge a set name c", "-c", "create bridge name a", url=sim.url))
    new = [i for i, n in bridges(h, sim).items() if n == "a"][0]
    caught_up(h, sh, sim.root, data=["/bridges/" + old], children=["/bridges"])
    h.reset_stats(sim)
    out = sh.run("bridge a set name x")
    assert out.strip() == "", repr(out)
    st = h.stats(sim)
    assert st["PUT"] == 1 and gets(h, sim) == ["GET /bridges"], st
    assert bridges(h, sim) == {old: "c", new: "x"}, bridges(h, sim)
    err = sh.close()
    assert "warning" not in err, err


def test_a_change_while_the_list_is_on_its_way_is_seen(h):
    """The server read the bridges, then someone renamed one before the reply arrived and
    before midosh watched its node: the node's first answer shows a change after the GET
    began, so the list is fetched again."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name a", url=sim.url))
    slow = h.sim(root=sim.root, reply_delay_ms=1500)
    sh = Shell(h, slow.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    sh.run("list tunnel-zone")      # the root document, before the race
    renamed = []
    rename = threading.Timer(0.7, lambda: renamed.append(
        h.midosh("-c", "bridge a set name b", url=sim.url)))
    rename.start()
    try:
        first = sh.run("list bridge")
    finally:
        rename.join()
    ok(renamed[0], "rename")
    assert "bridge a " in first, first
    caught_up(h, sh, sim.root, data=["/bridges/*"])
    h.reset_stats(slow)
    again = sh.run("list bridge")
    assert "bridge b " in again and "bridge a " not in again, again
    assert gets(h, slow) == ["GET /bridges"], h.stats(slow)
    sh.close()


def test_unchanged_collection_is_not_fetched_again(h):
    """Connected, an interactive session does not re-fetch by age: no request at all."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name a", "-c", "create bridge name b", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    h.reset_stats(sim)
    first = sh.run("list bridge")
    assert gets(h, sim) == ["GET /bridges"], h.stats(sim)
    time.sleep(5.1)    # older than the five seconds after which an unwatched session re-fetches
    h.reset_stats(sim)
    again = sh.run("list bridge")
    assert again == first, (first, again)
    assert sh.run("show bridge a name").strip() == "a"
    assert sh.run("bridge b show name").strip() == "b"
    assert h.stats(sim)["total"] == 0, h.stats(sim)
    # A change by someone else is one GET, once.
    ok(h.midosh("-c", "bridge b set state down", url=sim.url))
    caught_up(h, sh, sim.root, data=["/bridges/*"])
    h.reset_stats(sim)
    assert "bridge b name b state down" in sh.run("list bridge")
    sh.run("list bridge")
    assert gets(h, sim) == ["GET /bridges"], h.stats(sim)
    sh.close()


def test_without_zookeeper_the_age_rule_holds(h):
    """The control: unwatched, the same session re-fetches a list older than five seconds."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name a", url=sim.url))
    sh = Shell(h, sim.url, ["--zookeeper", ""])
    sh.run("list bridge")
    time.sleep(5.1)    # the age rule is the point: older than five seconds
    h.reset_stats(sim)
    sh.run("list bridge")
    assert gets(h, sim) == ["GET /bridges"], h.stats(sim)
    sh.close()


def test_own_writes_need_no_fetch(h):
    """What midosh itself created is in its cache: ZooKeeper's news of it is no news."""
    sim = h.sim()
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    sh.run("create bridge name a")
    sh.run("list bridge")
    caught_up(h, sh, sim.root, data=["/bridges/*"], children=["/bridges"])
    h.reset_stats(sim)
    sh.run("create bridge name b")
    sh.run("bridge b add port")
    sh.run("bridge b list port")
    sh.run("list bridge")
    # POSTs, and the new objects read back once (midosh's own writes are partial).
    assert h.stats(sim)["POST"] == 2 and len(gets(h, sim)) <= 2, h.stats(sim)
    b = [i for i, n in bridges(h, sim).items() if n == "b"][0]
    caught_up(h, sh, sim.root, data=["/bridges/*", "/ports/*"],
              children=["/bridges", "/bridges/%s/ports" % b])
    h.reset_stats(sim)
    out = sh.run("list bridge")
    assert "bridge a " in out and "bridge b " in out, out
    assert len(sh.run("bridge b list port").strip().splitlines()) == 1
    assert h.stats(sim)["total"] == 0, h.stats(sim)
    # A change of our own is one PUT, and the node's one new version is no news.
    sh.run("bridge b set state down")
    caught_up(h, sh, sim.root, data=["/bridges/" + b])
    assert "bridge b name b state down" in sh.run("list bridge")
    assert h.stats(sim)["total"] == 1 and h.stats(sim)["PUT"] == 1, h.stats(sim)
    sh.close()


def test_child_collections_follow_their_nodes(h):
    """Ports of a bridge and members of a tunnel zone: changed elsewhere, fetched again."""
    sim = h.sim()
    agent = h.agent("h1", sim.root, addresses=["10.0.0.1"])
    ok(h.midosh("-c", "create bridge name b", "-c", "tunnel-zone create name tz type gre", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    out = sh.run("bridge b list port")
    assert out.strip() == "", repr(out)
    out = sh.run("tunnel-zone tz list member")
    assert out.strip() == "", repr(out)
    b = [i for i, n in bridges(h, sim).items() if n == "b"][0]
    _, _, zones = h.http("GET", sim.url + "/tunnel_zones")
    kids = ["/bridges/%s/ports" % b, "/tunnel_zones/%s/memberships" % zones[0]["id"]]
    caught_up(h, sh, sim.root, children=kids)
    h.reset_stats(sim)
    sh.run("bridge b list port")
    sh.run("tunnel-zone tz list member")
    assert h.stats(sim)["total"] == 0, h.stats(sim)
    ok(h.midosh("-c", "bridge b add port", "-c", "tunnel-zone tz add member host h1 address 10.0.0.1",
                url=sim.url))
    caught_up(h, sh, sim.root, children=kids)
    assert len(sh.run("bridge b list port").strip().splitlines()) == 1
    assert "h1" in sh.run("tunnel-zone tz list member")
    sh.close()
    assert agent


def seen_with_one_get(h, sim, sh, change, listing, suffix, **nodes):
    """Someone else runs change, which the shell sees (caught_up() with nodes); the shell's
    listing after it costs one GET, of a path ending in suffix. Returns what it printed."""
    ok(h.midosh("-c", change, url=sim.url))
    caught_up(h, sh, sim.root, **nodes)
    h.reset_stats(sim)
    out = sh.run(listing)
    assert [g.endswith(suffix) for g in gets(h, sim)] == [True], h.stats(sim)
    return out


def test_dhcp_subnets_follow_their_nodes(h):
    """A bridge's DHCP subnets and their hosts: trusted while unchanged, fetched again once
    when someone else adds or changes one; midosh's own change is no news."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name b; bridge b add dhcp subnet 10.0.0.0/24 gw 10.0.0.1",
                url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    assert "gw 10.0.0.1 " in sh.run("bridge b list dhcp")
    hosts = "bridge b dhcp 10.0.0.0/24 list host"
    assert sh.run(hosts).strip() == ""
    time.sleep(5.1)     # past the interactive age rule: only ZooKeeper can keep it fresh
    h.reset_stats(sim)
    sh.run("bridge b list dhcp")
    sh.run(hosts)
    assert h.stats(sim)["total"] == 0, h.stats(sim)
    dhcp = "/bridges/%s/dhcp" % list(bridges(h, sim))[0]
    host_dir = dhcp + "/10.0.0.0_24/hosts"
    nodes = {"data": [dhcp + "/*", host_dir + "/*"], "children": [dhcp, host_dir]}
    out = seen_with_one_get(h, sim, sh, "bridge b dhcp 10.0.0.0/24 add host mac 02:00:00:00:00:01 "
                            "address 10.0.0.5", hosts, "/hosts", **nodes)
    assert "address 10.0.0.5 " in out, out
    out = seen_with_one_get(h, sim, sh, "bridge b dhcp 10.0.0.0/24 host 02:00:00:00:00:01 set "
                            "address 10.0.0.6", hosts, "/hosts", **nodes)
    assert "address 10.0.0.6 " in out, out
    out = seen_with_one_get(h, sim, sh, "bridge b dhcp 10.0.0.0/24 set gw 10.0.0.254",
                            "bridge b list dhcp", "/dhcp", **nodes)
    assert "gw 10.0.0.254 " in out, out
    out = seen_with_one_get(h, sim, sh, "bridge b add dhcp subnet 10.1.0.0/24", "bridge b list dhcp",
                            "/dhcp", **nodes)
    assert len(out.strip().splitlines()) == 2, out
    h.reset_stats(sim)
    sh.run("bridge b dhcp 10.1.0.0/24 set gw 10.1.0.1")
    caught_up(h, sh, sim.root, data=[dhcp + "/*"])
    assert "gw 10.1.0.1 " in sh.run("bridge b list dhcp")
    assert h.stats(sim)["total"] == 1 and h.stats(sim)["PUT"] == 1, h.stats(sim)
    # The same for an object listed, not created, here: its node's later zxid is ours.
    # (Listed: resolving `bridge b` alone reads only the bridges' names from ZooKeeper.)
    sh.run("list bridge")
    h.reset_stats(sim)
    sh.run("bridge b set state down")
    caught_up(h, sh, sim.root, data=["/bridges/*"])
    assert "bridge b name b state down" in sh.run("list bridge")
    assert h.stats(sim)["total"] == 1 and h.stats(sim)["PUT"] == 1, h.stats(sim)
    sh.close()


def test_own_write_before_the_first_answer_is_no_news(h):
    """midosh writes an object whose node watch has not answered yet (held back here by a
    test-only delay of the first arming, as a loaded machine may): it waits for that answer
    first, so that the change its write makes is known as its own and the list stays fresh."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name b; create tunnel-zone name tz type gre", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, sim.root), env={"MIDOSH_ZK_ARM_DELAY_MS": "600"})
    wait_connected(h, sh)
    assert "bridge b name b" in sh.run("list bridge")   # arms the watches, held back 600 ms
    h.reset_stats(sim)
    sh.run("bridge b set state down")   # without waiting, the PUT beats the first answer
    caught_up(h, sh, sim.root, data=["/bridges/*"])
    sh.run("list tunnel-zone")          # its watches, held back too, answer next
    caught_up(h, sh, sim.root, data=["/tunnel_zones/*"], children=["/tunnel_zones"])
    assert "bridge b name b state down" in sh.run("list bridge")
    reqs = h.stats(sim)["requests"]
    assert "GET /midonet-api/bridges" not in reqs and "GET /bridges" not in reqs, reqs
    assert sum(r.startswith("PUT ") for r in reqs) == 1, reqs
    sh.close()


def test_host_liveness_without_api_calls(h):
    """An agent stops: `list host` says so at once, from the alive node, without a request."""
    sim = h.sim()
    a1 = h.agent("h1", sim.root, addresses=["10.0.0.1"])
    h.agent("h2", sim.root, addresses=["10.0.0.2"])
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    out = sh.run("list host")
    assert "host h1 name h1 alive true" in out and "host h2 name h2 alive true" in out, out
    _, _, hosts = h.http("GET", sim.url + "/hosts")
    caught_up(h, sh, sim.root, data=["/hosts/*"] + ["/hosts/%s/alive" % x["id"] for x in hosts],
              children=["/hosts"])
    h.reset_stats(sim)
    a1.stop()
    out = poll("h1 seen dead", lambda: (lambda o: "host h1 name h1 alive false" in o and o)(
        sh.run("list host")), 10, 0.1)
    assert "host h2 name h2 alive true" in out, out
    assert h.stats(sim)["total"] == 0, h.stats(sim)
    sh.close()


def test_one_liner_with_zookeeper_stays_quiet(h):
    """-c with ZooKeeper: the same output and requests as without, no stray lines."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name a", url=sim.url))
    h.reset_stats(sim)
    r = ok(h.midosh(*zk_args(h, sim.root), "-c", "list bridge", "-c", "show bridge a state",
                    url=sim.url))
    assert r.err == "" and r.out == "bridge a name a state up\nup\n", r
    assert gets(h, sim) == ["GET /bridges"], h.stats(sim)
