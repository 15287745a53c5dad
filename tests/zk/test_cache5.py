"""The coherent cache against MidoNet 5.x: its own types (kept, as 5.x keeps them, one node
per object at zoom/0/models/<Class>/<id>) are watched like 1.9's, so a change by someone
else is seen at once instead of after the age limit (doc/cache.md)."""
from zkutil import Shell, caught_up, wait_connected, zk_args

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
