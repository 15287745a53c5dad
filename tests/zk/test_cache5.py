"""The coherent cache against MidoNet 5.x: its own types (kept, as 5.x keeps them, one node
per object at zoom/0/models/<Class>/<id>) are watched like 1.9's, so a change by someone
else is seen at once instead of after the age limit (doc/cache.md)."""
from harness import poll
from zkclient import ZkClient
from zkutil import Shell, caught_up, gets, sim5_alone, wait_connected, zk_args, zoom_env

MODELS = "/zoom/0/models/"


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %s\nstderr: %s" % (what, r.rc, r.out, r.err)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


def get(h, url):
    status, _, body = h.http("GET", url, headers={"Accept": "*/*"})
    assert status == 200, (url, status, body)
    return body


def test_5x_root_type_renamed_by_someone_else_is_seen_at_once(h):
    """Someone renames QoS policy a to c and makes a new a: `qos-policy a set` changes the
    new one (a root collection: zoom/0/models/QosPolicy and each policy's node)."""
    sim = h.sim(extra=["--dialect", "5"])
    old = ok(h.midosh("-c", "create qos-policy name a", url=sim.url)).out.strip()
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    assert "qos-policy a " in sh.run("list qos-policy")
    # Someone else, well within the five seconds an unwatched session would trust.
    ok(h.midosh("-c", "qos-policy a set name c", "-c", "create qos-policy name a", url=sim.url))
    caught_up(h, sh, sim.root, data=[MODELS + "QosPolicy/*"], children=[MODELS + "QosPolicy"])
    h.reset_stats(sim)
    out = sh.run("qos-policy a set description gold")
    assert out.strip() == "", repr(out)
    st = h.stats(sim)
    assert st["PUT"] == 1, st
    byname = {p["name"]: p for p in get(h, sim.url + "/qos_policies")}
    assert byname["c"]["id"] == old and byname["c"]["description"] in (None, ""), byname
    assert byname["a"]["description"] == "gold", byname
    err = sh.close()
    assert "warning" not in err, err


def test_5x_child_type_replaced_by_someone_else_is_seen_at_once(h):
    """Someone deletes a router's BGP peer and adds another at the same address: the
    peer the session names by that address is the new one (zoom/0/models/BgpPeer)."""
    sim = h.sim(extra=["--dialect", "5"])
    ok(h.midosh("-c", "create router name r asn 65000; "
                "router r add bgp-peer asn 65001 address 10.0.0.1", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    assert "bgp-peer 10.0.0.1 " in sh.run("router r list bgp-peer")
    ok(h.midosh("-c", "router r bgp-peer 10.0.0.1 delete; "
                "router r add bgp-peer asn 65002 address 10.0.0.1", url=sim.url))
    caught_up(h, sh, sim.root, data=[MODELS + "BgpPeer/*"], children=[MODELS + "BgpPeer"])
    out = sh.run("router r bgp-peer 10.0.0.1 set keep-alive 30")
    assert out.strip() == "", repr(out)
    assert "asn 65002 " in sh.run("router r list bgp-peer"), "a stale list"
    router = [r for r in get(h, sim.url + "/routers") if r["name"] == "r"][0]
    peers = get(h, router["bgpPeers"])
    assert [(p["asNumber"], p["keepAlive"]) for p in peers] == [(65002, 30)], peers
    err = sh.close()
    assert "warning" not in err and "error" not in err, err


def test_5x_field_of_a_1_9_type_set_by_someone_else_is_seen(h):
    """A router's asNumber (5.x's, kept beside the router's 1.9 node) set by someone else:
    the session's cached router list goes stale, and `show asn` tells the new number."""
    sim = h.sim(extra=["--dialect", "5"])
    ok(h.midosh("-c", "create router name r", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    assert "router r " in sh.run("list router")
    ok(h.midosh("-c", "router r set asn 65010", url=sim.url))
    caught_up(h, sh, sim.root, data=["/zoom/0/ext/*"], children=["/zoom/0/ext"])
    assert "asn 65010" in sh.run("list router")
    sh.close()


def mkdirs(h, path):
    """Create path and its missing parents in ZooKeeper, empty."""
    zk = ZkClient(h.zk_hosts)
    try:
        parts = path.strip("/").split("/")
        for i in range(len(parts)):
            if not zk.exists("/" + "/".join(parts[:i + 1])):
                zk.create("/" + "/".join(parts[:i + 1]))
    finally:
        zk.close()


def test_5x_root_without_1_9_layout_is_followed_in_5x_layout(h):
    """Against a root that holds 5.x's layout only: an empty list of tunnel zones, and a
    list of bridges, are followed in zoom/0/models; another process's create and rename are
    seen at once, and while nothing changes the lists are used without a GET."""
    sim, zroot = sim5_alone(h)
    ok(h.midosh("-c", "create bridge name b1", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, zroot))
    wait_connected(h, sh)
    assert sh.run("list tunnel-zone").strip() == ""
    assert "bridge b1 " in sh.run("list bridge")
    caught_up(h, sh, zroot, data=[MODELS + "Network/*"],
              children=[MODELS + "Network", MODELS + "TunnelZone"])
    h.reset_stats(sim)
    assert sh.run("list tunnel-zone").strip() == ""
    assert "bridge b1 " in sh.run("list bridge")
    assert gets(h, sim) == [], h.stats(sim)
    ok(h.midosh("-c", "create tunnel-zone name tz1 type gre", "-c", "bridge b1 set name b2",
                url=sim.url))
    caught_up(h, sh, zroot, data=[MODELS + "Network/*"], children=[MODELS + "TunnelZone"])
    assert "tunnel-zone tz1 " in sh.run("list tunnel-zone")
    out = sh.run("list bridge")
    assert "bridge b2 " in out and "b1" not in out, out
    err = sh.close()
    assert "warning" not in err, err


def test_5x_host_alive_is_followed_in_5x_state(h):
    """A host's alive comes from 5.x's state node (zoom/0/state/<id>/Host/<id>/alive): its
    agent stopping is seen without a GET."""
    sim, zroot = sim5_alone(h)
    with zoom_env(zroot):
        agent = h.agent("h1", sim.root, addresses=["10.0.0.1"])
    sh = Shell(h, sim.url, zk_args(h, zroot))
    wait_connected(h, sh)
    poll("h1 alive", lambda: "alive true" in sh.run("list host"), 10)
    caught_up(h, sh, zroot, data=[MODELS + "Host/*"], children=[MODELS + "Host"])
    agent.stop()
    h.reset_stats(sim)
    poll("h1 dead", lambda: "alive false" in sh.run("list host"), 10)
    assert gets(h, sim) == [], h.stats(sim)
    sh.close()


def test_a_layout_that_is_not_there_is_not_followed(h):
    """Under a root that has neither layout, an empty list is not trusted for good: the age
    rule applies, so a tunnel zone another process creates is seen within it."""
    sim = h.sim(extra=["--dialect", "5"])
    empty = h.root()
    ok(h.midosh("-c", "create bridge name b1", url=sim.url))   # the sim is up
    mkdirs(h, empty)
    sh = Shell(h, sim.url, zk_args(h, empty))
    wait_connected(h, sh)
    assert sh.run("list tunnel-zone").strip() == ""
    ok(h.midosh("-c", "create tunnel-zone name tz1 type gre", url=sim.url))
    poll("the new tunnel zone, after the age limit",
         lambda: "tunnel-zone tz1 " in sh.run("list tunnel-zone"), 15, 0.5)
    sh.close()


def test_5x_port_active_is_followed_in_its_hosts_state(h):
    """A port's active is kept by the agent of its host, zoom/0/state/<host>/Port/<id>/active:
    that node appearing makes the cached list of ports stale."""
    sim, zroot = sim5_alone(h)
    with zoom_env(zroot):
        h.agent("h1", sim.root, addresses=["10.0.0.1"], interfaces=["eth0=10.0.0.1"])
    ok(h.midosh("-c", "create bridge name b", "-c", "bridge b add port",
                "-c", "tunnel-zone create name tz type gre",
                "-c", "tunnel-zone tz add member host h1 address 10.0.0.1", url=sim.url))
    port = ok(h.midosh("-c", "bridge b list port", url=sim.url)).out.split()[1]
    ok(h.midosh("-c", "host h1 add binding interface eth0 port " + port, url=sim.url))
    ports = [p for p in get(h, sim.url + "/ports") if p["hostId"]]
    assert len(ports) == 1, ports
    active = "/zoom/0/state/%s/Port/%s/active" % (ports[0]["hostId"], ports[0]["id"])
    sh = Shell(h, sim.url, zk_args(h, zroot))
    wait_connected(h, sh)
    assert len(sh.run("bridge b list port").strip().splitlines()) == 1
    caught_up(h, sh, zroot, data=[MODELS + "Port/*"], children=[MODELS + "Port"])
    h.reset_stats(sim)
    sh.run("bridge b list port")
    assert gets(h, sim) == [], h.stats(sim)
    mkdirs(h, zroot + active)       # as the host's agent does when it runs the port
    caught_up(h, sh, zroot, data=[active])
    sh.run("bridge b list port")
    assert len(gets(h, sim)) == 1, h.stats(sim)
    sh.close()


def test_a_root_without_the_dialects_layout_is_warned_about(h):
    """A 5.x API with a root that holds only 1.9's layout (1.9's data left beside 5.x's,
    whose own root is elsewhere): one warning, and the age rule."""
    sim, zroot = sim5_alone(h)
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    sh.run("list bridge")
    warn = ("midosh: warning: zookeeper at '%s' has no MidoNet 5.x layout under '%s' (no "
            "/zoom/0/models; see --zk-root, and doctor): lists are trusted for the age limit "
            "only" % (h.zk_hosts, sim.root))
    poll("the warning", lambda: sh.run("zk") is not None and warn in sh.stderr(), 10, 0.1)
    sh.run("list bridge")
    err = sh.close()
    assert err.count("warning") == 1, err
    # Its own root: no warning.
    sh = Shell(h, sim.url, zk_args(h, zroot))
    wait_connected(h, sh)
    sh.run("list bridge")
    caught_up(h, sh, zroot, children=[MODELS + "Network"])
    sh.run("list bridge")
    err = sh.close()
    assert "warning" not in err, err
