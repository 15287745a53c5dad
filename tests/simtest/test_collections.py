"""midonet-sim: collections, read pipelined, equal their objects read one by one (order and
content; in the 1.9 dialect byte for byte, as the simulator writes a collection from its
objects' texts), and an object vanishing while its collection is read is left out, not an
error."""
import http.client
import os
import threading
import time
import urllib.parse

from simhelp import call, create, dialect, get, link, mt

PAUSE_ENV = "MIDONET_SIM_LIST_PAUSE_MS"


def post(h, sim, path, body, ctype):
    """Create; the new object's id (from its Location)."""
    return create(h, sim, path, body, ctype).rsplit("/", 1)[1]


def ids(listed):
    return [x["id"] for x in listed] if isinstance(listed, list) else listed


def same_as_one_by_one(h, sim, path, accept, one_accept, want):
    """GET path lists exactly the ids want, in that order, each as its own GET shows it."""
    listed = get(h, sim, path, accept=accept)
    assert [x["id"] for x in listed] == want, "%s: %r" % (path, [x["id"] for x in listed])
    for x in listed:
        one = get(h, sim, x["uri"], accept=one_accept)
        assert x == one, "%s: listed %r, alone %r" % (path, x, one)


def test_collections_equal_per_object_gets(h):
    sim = h.sim()
    zk = h.zk()
    bridges, tenants = [], {}
    for i in range(240):
        tenant = "t%d" % (i % 3)
        b = post(h, sim, "/bridges", {"name": "b%03d" % i, "tenantId": tenant}, "Bridge-v3")
        bridges.append(b)
        tenants[b] = tenant
    # Gaps in the creation order.
    for b in bridges[5:60:7]:
        assert call(h, sim, "DELETE", "/bridges/" + b)[0] == 204
    bridges = [b for b in bridges if b not in bridges[5:60:7]]
    rt = post(h, sim, "/routers", {"name": "r0", "tenantId": "t0"}, "Router-v2")
    b0, b1 = bridges[0], bridges[1]
    ports, b0_ports, b1_ports, r0_ports = [], [], [], []
    for i in range(30):
        p = post(h, sim, "/bridges/%s/ports" % (b0 if i % 2 else b1), {"type": "Bridge"},
                 "Port-v2")
        (b0_ports if i % 2 else b1_ports).append(p)
        ports.append(p)
        if i % 3 == 0:
            q = post(h, sim, "/routers/%s/ports" % rt,
                     {"type": "Router", "networkAddress": "10.0.%d.0" % i, "networkLength": 24,
                      "portAddress": "10.0.%d.1" % i}, "Port-v2")
            r0_ports.append(q)
            ports.append(q)
    # Peers: router ports linked to bridge ports; linked bridge ports are "logical".
    for q, p in zip(r0_ports, b0_ports):
        link(h, sim, {"id": q}, {"id": p})
    # Some ports active, as an agent running them makes them.
    for p in ports[::4]:
        zk.create("%s/ports/%s/active" % (sim.root, p))
        zk.create("%s/ports/%s/active/%s" % (sim.root, p, "host-" + p[:8]))
    for ver in ("3", "2", "1"):
        same_as_one_by_one(h, sim, "/bridges", "collection.Bridge-v" + ver, "Bridge-v" + ver,
                           bridges)
    same_as_one_by_one(h, sim, "/bridges?tenant_id=t1", "collection.Bridge-v3", "Bridge-v3",
                       [b for b in bridges if tenants[b] == "t1"])
    for ver in ("2", "1"):
        same_as_one_by_one(h, sim, "/ports", "collection.Port-v" + ver, "Port-v" + ver, ports)
    same_as_one_by_one(h, sim, "/routers", "collection.Router-v2", "Router-v2", [rt])
    actives = [x["id"] for x in get(h, sim, "/ports") if x["active"]]
    assert actives == ports[::4], actives
    # A device's ports: the unlinked ones, then the logical ones, each in creation order
    # (as MidoNet's two index directories are read), or all by age: what one GET shows.
    for path, want in (("/bridges/%s/ports" % b0, None), ("/bridges/%s/ports" % b1, b1_ports),
                       ("/routers/%s/ports" % rt, r0_ports)):
        order = want or ids(get(h, sim, path))
        assert sorted(order) == sorted(b0_ports if want is None else want), path
        same_as_one_by_one(h, sim, path, "collection.Port-v2", "Port-v2", order)
    peers = [x["id"] for x in get(h, sim, "/routers/%s/peer_ports" % rt)]
    assert sorted(peers) == sorted(b0_ports[:len(r0_ports)]), peers
    same_as_one_by_one(h, sim, "/routers/%s/peer_ports" % rt, "collection.Port-v2", "Port-v2",
                       peers)
    same_as_one_by_one(h, sim, "/bridges/%s/peer_ports" % b0, "collection.Port-v2", "Port-v2",
                       [x["id"] for x in get(h, sim, "/bridges/%s/peer_ports" % b0)])
    assert sorted(x["id"] for x in get(h, sim, "/bridges/%s/peer_ports" % b0)) == sorted(r0_ports)


def raw_get(sim, path, accept):
    """GET path (relative or absolute) as accept; (Content-Type, the body's bytes as sent)."""
    u = urllib.parse.urlsplit(path if path.startswith("http") else sim.url + path)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    try:
        c.request("GET", u.path + ("?" + u.query if u.query else ""),
                  headers={"Accept": mt(accept)})
        r = c.getresponse()
        body = r.read()
        assert r.status == 200, (path, r.status, body)
        return r.getheader("Content-Type"), body
    finally:
        c.close()


def test_collection_text_is_its_objects_texts(h):
    """In the 1.9 dialect a collection's body is written from its objects' texts: it must be
    what one JSON array of them would be, "[" the objects as their own GETs write them,
    separated by "," "]", byte for byte, with the collection's media type."""
    sim = h.sim()
    assert dialect(sim) == "1.9"
    colls = (("/bridges", "Bridge-v3"), ("/bridges?tenant_id=t1", "Bridge-v3"),
             ("/bridges", "Bridge-v1"), ("/routers", "Router-v2"), ("/ports", "Port-v2"),
             ("/ports", "Port-v1"))

    def check():
        for path, one in colls:
            ctype, body = raw_get(sim, path, "collection." + one)
            assert ctype == mt("collection." + one), (path, ctype)
            objs = get(h, sim, path, accept="collection." + one)
            want = b"[" + b",".join(raw_get(sim, x["uri"], one)[1] for x in objs) + b"]"
            assert body == want, "%s as %s:\n%r\n%r" % (path, one, body[:300], want[:300])
        return len(objs)

    assert check() == 0     # empty: "[]"
    # Names that need escaping, and text beyond ASCII.
    names = ["plain", 'quote"d', "back\\slash", "sl/ash", "tab\there", "caf\u00e9 \u2603", ""]
    bridges = [create(h, sim, "/bridges", {"name": n, "tenantId": "t%d" % (i % 2)}, "Bridge-v3")
               for i, n in enumerate(names)]
    create(h, sim, "/routers", {"name": "r\"0", "tenantId": "t1"}, "Router-v2")
    for b in bridges[:3]:
        create(h, sim, b + "/ports", {"type": "Bridge"}, "Port-v2")
    assert check() == 3


def pausing(sim):
    """Is a thread of the simulator in its list pause (asleep in nanosleep), having named the
    children it is about to read?"""
    tasks = "/proc/%d/task" % sim.proc.pid
    shown = False
    for tid in os.listdir(tasks):
        try:
            with open("%s/%s/wchan" % (tasks, tid)) as f:
                wchan = f.read()
        except OSError:         # the thread ended meanwhile
            continue
        if "nanosleep" in wchan:
            return True
        shown = shown or wchan not in ("", "0")
    if not shown:
        # A kernel that hides where threads wait (wchan reads "0"): the GET has arrived and
        # the pause is 3 s, so a short wait lands inside it.
        time.sleep(0.5)
        return True
    return False


def list_while_deleting(h, sim, path, victims):
    """GET path while the ZooKeeper trees victims (absolute) are deleted behind the
    simulator's back, between its listing of the children and its reads of them."""
    box = []
    h.reset_stats(sim)
    t = threading.Thread(target=lambda: box.append(call(h, sim, "GET", path)))
    t.start()
    try:
        h.wait_for("GET %s to arrive" % path, lambda: h.stats(sim)["GET"] >= 1)
        # The simulator pauses 3 s after naming the children: delete within it.
        h.wait_for("the simulator to pause in its list of %s" % path, lambda: pausing(sim))
        zk = h.zk()
        for v in victims:
            assert zk.delete_tree(v), v
    finally:
        t.join(60)
    assert box, "GET %s did not finish" % path
    return box[0]


def test_objects_deleted_during_a_list_are_left_out(h):
    os.environ[PAUSE_ENV] = "3000"
    try:
        sim = h.sim()
    finally:
        del os.environ[PAUSE_ENV]
    bridges = [post(h, sim, "/bridges", {"name": "b%d" % i, "tenantId": "t"}, "Bridge-v3")
               for i in range(60)]
    gone = bridges[1::3]
    st, _, body = list_while_deleting(h, sim, "/bridges",
                                      ["%s/bridges/%s" % (sim.root, b) for b in gone])
    assert st == 200, (st, body)
    assert ids(body) == [b for b in bridges if b not in gone], ids(body)
    # A device's ports whose configs vanish while its index still names them.
    b0 = bridges[0]
    ports = [post(h, sim, "/bridges/%s/ports" % b0, {"type": "Bridge"}, "Port-v2")
             for _ in range(20)]
    gone = ports[::4]
    st, _, body = list_while_deleting(h, sim, "/bridges/%s/ports" % b0,
                                      ["%s/ports/%s" % (sim.root, p) for p in gone])
    assert st == 200, (st, body)
    assert ids(body) == [p for p in ports if p not in gone], ids(body)
    st, _, body = call(h, sim, "GET", "/ports")
    assert st == 200, (st, body)
    assert ids(body) == [p for p in ports if p not in gone], ids(body)
