"""ZooKeeper faults: down at start, lost and back, a session that expires. Each warns once,
goes on through the API alone, and watches again once ZooKeeper is back, with the cache
revalidated. A server of the test's own is stopped and restarted (the run's is shared)."""
import os
import signal
import subprocess
import time

from harness import poll
from zkclient import four_letter
from zkutil import Shell, caught_up, closed_port, gets, wait_connected, zk_args


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %s\nstderr: %s" % (what, r.rc, r.out, r.err)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


def warnings(text):
    return [l for l in text.splitlines() if "warning:" in l]


def bridges(h, sim):
    _, _, body = h.http("GET", sim.url + "/bridges")
    return {b["id"]: b["name"] for b in body}


def rename_and_replace(h, sim):
    """Someone renames a to c and creates a new a. Returns (old id, new id)."""
    old = [i for i, n in bridges(h, sim).items() if n == "a"][0]
    ok(h.midosh("-c", "bridge a set name c", "-c", "create bridge name a", url=sim.url))
    new = [i for i, n in bridges(h, sim).items() if n == "a"][0]
    return old, new


def test_zookeeper_down_at_start(h):
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name a", url=sim.url))
    down = closed_port()
    r = ok(h.midosh(*zk_args(h, sim.root, down), "-c", "list bridge", "-c", "create bridge name b",
                    "-c", "list bridge", url=sim.url))
    assert r.out.count("bridge a ") == 2 and "bridge b " in r.out, r
    assert len(warnings(r.err)) <= 1, r.err
    sh = Shell(h, sim.url, zk_args(h, sim.root, down))
    for _ in range(3):
        out = sh.run("list bridge")
        assert "bridge a " in out and "bridge b " in out, out
    assert "session: unreachable" in sh.run("zk")
    err = sh.close()
    assert warnings(err) == ["midosh: warning: zookeeper at '%s' is unreachable; using the API alone "
                             "until it is back" % down], err


def test_zookeeper_lost_and_back(h):
    zk = h.zookeeper()
    sim = h.sim(zk=zk.hosts)
    ok(h.midosh("-c", "create bridge name a", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, sim.root, zk.hosts))
    wait_connected(h, sh)
    assert "bridge a " in sh.run("list bridge")
    zk.stop()
    poll("midosh's warning that ZooKeeper is lost",
         lambda: sh.run("zk") is not None and warnings(sh.stderr()), 15, 0.2)
    zk.start()
    h.wait_for("the simulator back", lambda: h.http("GET", sim.url + "/bridges")[0] == 200, 30)
    wait_connected(h, sh, 30)
    # Revalidated: fetched again once, then trusted.
    h.reset_stats(sim)
    assert "bridge a " in sh.run("list bridge")
    sh.run("list bridge")
    assert gets(h, sim) == ["GET /bridges"], h.stats(sim)
    # Watched again: someone's rename is seen by the next command.
    old, new = rename_and_replace(h, sim)
    caught_up(h, sh, sim.root, data=["/bridges/" + old], children=["/bridges"], hosts=zk.hosts)
    sh.run("bridge a set name x")
    assert bridges(h, sim) == {old: "c", new: "x"}, bridges(h, sim)
    err = sh.close()
    assert len(warnings(err)) == 1 and "is unreachable" in err, err


def test_expired_session_is_replaced(h):
    """midosh stopped past its session timeout: the session expires; a new one watches."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name a", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, sim.root), env={"MIDOSH_ZK_SESSION_MS": "2000"})
    first = wait_connected(h, sh)
    assert "bridge a " in sh.run("list bridge")
    sid = first.split("session: ")[1].split()[2].rstrip(",")
    sh.signal(signal.SIGSTOP)
    try:
        # The server expires the stopped session and drops its connection.
        poll("session %s to expire" % sid,
             lambda: "sid=%s," % sid not in four_letter(h.zk_hosts, "cons"), 20, 0.2)
        old, new = rename_and_replace(h, sim)
    finally:
        sh.signal(signal.SIGCONT)
    sh.resync(1)    # the line editor redraws its prompt when continued
    again = wait_connected(h, sh, 30)
    assert again.split("session: ")[1].split()[2] != first.split("session: ")[1].split()[2], again
    out = sh.run("bridge a set name x")
    assert out.strip() == "", (out, sh.stderr())
    assert bridges(h, sim) == {old: "c", new: "x"}, bridges(h, sim)
    # The new session watches too: x becomes z and c becomes x; x is the old one now.
    ok(h.midosh("-c", "bridge x set name z", "-c", "bridge c set name x", url=sim.url))
    caught_up(h, sh, sim.root, data=["/bridges/*"])
    sh.run("bridge x set name w")
    assert bridges(h, sim) == {old: "w", new: "z"}, bridges(h, sim)
    err = sh.close()
    assert len(warnings(err)) == 1, err


def test_a_wrong_root_warns_and_falls_back_to_the_age_rule(h):
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name a", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, "/nowhere/midonet/v1"))
    wait_connected(h, sh)
    sh.run("list bridge")
    ok(h.midosh("-c", "bridge a set name c", "-c", "create bridge name a", url=sim.url))
    time.sleep(5.1)    # the age rule is the point: five seconds
    h.reset_stats(sim)
    sh.run("bridge a set name x")    # older than five seconds: fetched again
    assert gets(h, sim) == ["GET /bridges"], h.stats(sim)
    err = sh.close()
    assert warnings(err) == ["midosh: warning: zookeeper at '%s' has no '/nowhere/midonet/v1' "
                             "(see --zk-root); using the API alone" % h.zk_hosts], err


def test_one_server_of_two_down_is_no_outage(h):
    """An ensemble with a server down: the session comes up on the other, without a warning."""
    sim = h.sim()
    down = closed_port()
    sh = Shell(h, sim.url, zk_args(h, sim.root, "%s,%s" % (down, h.zk_hosts)))
    out = wait_connected(h, sh)
    assert "server: %s\nstate: unreachable" % down in out and "mode: standalone" in out, out
    sh.run("list bridge")
    err = sh.close()
    assert warnings(err) == [], err


def test_exits_while_the_session_is_being_made_leak_nothing(h):
    """A one-liner that ends at once (here a usage error) while ZooKeeper is still
    answering its session handshake leaves nothing behind: the client library leaks an
    event it has queued but not delivered, so midosh lets a handshake under way finish.
    Many at once keep the server busy enough for the handshake to be under way at exit."""
    sim = h.sim()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    env.update({"HOME": h.home, "MIDO_API_URL": sim.url,
                "ASAN_OPTIONS": env.get("ASAN_OPTIONS", "") + ":detect_leaks=1"})
    argv = [h.bin("midosh")] + zk_args(h, sim.root) + ["-c", "watch count"]
    for _ in range(2):
        procs = [subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(50)]
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 2 and b"missing value for 'count'" in err, (p.returncode, err)
            assert b"Sanitizer" not in err, err.decode(errors="replace")
