"""watch, zk and doctor."""
import json
import os
import re
import signal
import subprocess
import time

from harness import TestFailure, poll
from zkutil import (Shell, caught_up, closed_port, sim5_alone, wait_connected, zk_applied,
                    zk_args, zoom_env)


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %s\nstderr: %s" % (what, r.rc, r.out, r.err)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


def clean(r):
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


READY = "midosh: watch: following "
DEBUG_TALLY = re.compile(r"midosh: \d+ requests over \d+ connections?\n")   # -d's, at the end
# -d's lines of the root document's GET, which tells watch the dialect.
DEBUG_ROOT = re.compile(r"(> GET |< \d{3} |midosh: the API speaks )")


def watch_lines(h, sim, words, *actions, opts=(), root=None):
    """`midosh -d -c "watch WORDS"` while the actions run: (status, stdout, stderr but for
    -d's lines: that watch has read what it follows, the tally of requests). The actions start
    after that line; an action given as (fn, n) is followed by a wait for watch's nth line.
    root: the ZooKeeper root watch is given (the sim's by default)."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update({"HOME": h.home, "MIDO_API_URL": sim.url,
              "ASAN_OPTIONS": e.get("ASAN_OPTIONS", "") + ":detect_leaks=1"})
    out_path, err_path = (os.path.join(h.tmp, "watch-%d.%s" % (id(actions), x)) for x in ("out", "err"))

    def text(path):
        with open(path) as f:
            return f.read()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        p = subprocess.Popen([h.bin("midosh"), "-d"] + zk_args(h, root or sim.root) + list(opts)
                             + ["-c", "watch " + words], stdout=out, stderr=err, text=True, env=e)
    try:
        poll("watch's first reading", lambda: READY in text(err_path) or p.poll() is not None, 20)
        for act in actions:
            fn, n = act if isinstance(act, tuple) else (act, 0)
            fn()
            try:
                poll("watch's line %d" % n,
                     lambda: len(text(out_path).splitlines()) >= n or p.poll() is not None, 20)
            except TestFailure as e:
                raise TestFailure("%s; watch printed:\n%s\nand on stderr:\n%s"
                                  % (e, text(out_path), text(err_path)[-2000:])) from None
        p.wait(30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    out, err = text(out_path), text(err_path)
    assert "Sanitizer" not in err and "runtime error" not in err, err
    assert err.count(READY) == 1, err
    err = "".join(l for l in err.splitlines(True)
                  if not l.startswith(READY) and not DEBUG_TALLY.match(l)
                  and not DEBUG_ROOT.match(l))
    return p.returncode, out, err


STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d ")


def unstamped(out):
    """watch's lines without their timestamps, which every line must have."""
    lines = out.splitlines()
    for l in lines:
        assert STAMP.match(l), "no timestamp on %r" % l
    return [STAMP.sub("", l) for l in lines]


def test_watch_streams_creates_changes_deletes_and_liveness(h):
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name old", "-c", "create router name r", url=sim.url))
    agent = []
    rc, out, err = watch_lines(
        h, sim, "bridge host count 6 timeout 30",
        (lambda: ok(h.midosh("-c", "create bridge name b1", url=sim.url)), 1),
        (lambda: ok(h.midosh("-c", "bridge b1 set name b2", url=sim.url)), 2),
        lambda: ok(h.midosh("-c", "create router name r2", url=sim.url)),    # not watched
        (lambda: agent.append(h.agent("h1", sim.root, addresses=["10.0.0.1"])), 4),
        (lambda: agent[0].stop(), 5),
        (lambda: ok(h.midosh("-c", "delete bridge b2", url=sim.url)), 6))
    assert rc == 0, (rc, out, err)
    assert unstamped(out) == ["created bridge b1", "changed bridge b2 name: b1 -> b2",
                              "created host h1", "alive host h1", "dead host h1",
                              "deleted bridge b2"], out
    assert err == "", err


def test_watch_host_already_alive_at_its_first_reading(h):
    """A host whose agent made it alive before watch's first reading of it (an agent
    quicker than watch: both nodes written back to back) is "created", then "alive"."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name b", url=sim.url))
    hid = "4f1c0d6e-3b7a-4c2e-9d51-0a6b8e2f7c13"
    data = json.dumps({"data": {"name": "h9", "addresses": [], "epoch": 1},
                       "version": "1.9"}).encode()

    def register():
        zk = h.zk()
        zk.create("%s/hosts/%s" % (sim.root, hid), data)
        zk.create("%s/hosts/%s/alive" % (sim.root, hid))
    rc, out, err = watch_lines(h, sim, "host count 2 timeout 30", (register, 2))
    assert rc == 0, (rc, out, err)
    assert unstamped(out) == ["created host h9", "alive host h9"], out


def test_watch_ports_and_json(h):
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name b", url=sim.url))
    rc, out, err = watch_lines(h, sim, "port count 2 timeout 30",
                               (lambda: ok(h.midosh("-c", "bridge b add port", url=sim.url)), 1),
                               (lambda: ok(h.midosh("-c", "delete bridge b", url=sim.url)), 2))
    lines = unstamped(out)
    assert rc == 0 and len(lines) == 2, (rc, out, err)
    assert lines[0].startswith("created port ") and lines[1] == lines[0].replace("created", "deleted")
    r = ok(h.midosh(*zk_args(h, sim.root), "-o", "json", "-c", "watch timeout 1", url=sim.url))
    assert r.out == "", r


def test_watch_says_what_changed(h):
    """Several fields in one line, by their attributes' names and in their order, each value
    as list prints it: state up/down, a chain or a host by its handle, a router port as
    PARENT:KEY; the same as JSON."""
    sim = h.sim()
    agent = h.agent("h1", sim.root, addresses=["10.0.0.1"], interfaces=["eth0=10.0.0.1"])
    ok(h.midosh("-c", "create bridge name b1; create chain name c; create router name r1",
                "-c", "router r1 add port address 10.0.0.1 net 10.0.0.0/24",
                "-c", "tunnel-zone create name tz type gre",
                "-c", "tunnel-zone tz add member host h1 address 10.0.0.1", url=sim.url))
    rc, out, err = watch_lines(
        h, sim, "bridge port count 4 timeout 30",
        (lambda: ok(h.midosh("-c", "bridge b1 set name b2 state down", url=sim.url)), 1),
        (lambda: ok(h.midosh("-c", "bridge b2 set infilter c", url=sim.url)), 2),
        (lambda: ok(h.midosh("-c", "router r1 port 10.0.0.1 set outfilter c", url=sim.url)), 3),
        (lambda: ok(h.midosh("-c", "host h1 add binding interface eth0 port r1:10.0.0.1",
                             url=sim.url)), 4))
    assert rc == 0, (rc, out, err)
    lines = unstamped(out)
    assert lines == ["changed bridge b2 name: b1 -> b2, state: up -> down",
                     "changed bridge b2 infilter: - -> c",
                     "changed port r1:10.0.0.1 outfilter: - -> c",
                     "changed port r1:10.0.0.1 host: - -> h1, interface: - -> eth0"], lines
    # What list prints for the same port: the same handle, the same values.
    listed = ok(h.midosh("-c", "list port", url=sim.url)).out
    assert "port r1:10.0.0.1 device r1 " in listed and " outfilter c " in listed, listed
    assert " host h1 interface eth0" in listed, listed
    rc, out, err = watch_lines(
        h, sim, "bridge count 1 timeout 30",
        (lambda: ok(h.midosh("-c", "bridge b2 set name b3 state up", url=sim.url)), 1),
        opts=("-o", "json"))
    assert rc == 0, (rc, out, err)
    ev = json.loads(out)
    assert ev["event"] == "changed" and ev["handle"] == "b3" and STAMP.match(ev["time"] + " "), ev
    assert ev["changes"] == [{"field": "name", "old": "b2", "new": "b3"},
                             {"field": "state", "old": "down", "new": "up"}], ev
    rc, out, err = watch_lines(
        h, sim, "bridge count 1 timeout 30",
        (lambda: ok(h.midosh("-c", "bridge b3 clear infilter", url=sim.url)), 1),
        opts=("-o", "json"))
    assert rc == 0, (rc, out, err)
    assert json.loads(out)["changes"] == [{"field": "infilter", "old": "c", "new": None}], out
    agent.stop()


def test_watch_handles_resolve_when_pasted(h):
    """The handles watch prints are quoted as list quotes them, and name the same object
    again when pasted into a command: a name with a blank, a name two bridges share (an id
    prefix)."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name dup; create bridge name dup", url=sim.url))
    ids = ok(h.midosh("-o", "json", "-c", "list bridge", url=sim.url)).json()
    first = ids[0]["id"]
    rc, out, err = watch_lines(
        h, sim, "bridge count 2 timeout 30",
        (lambda: ok(h.midosh("-c", "create bridge name 'x y'", url=sim.url)), 1),
        (lambda: ok(h.midosh("-c", "bridge %s set state down" % first, url=sim.url)), 2))
    assert rc == 0, (rc, out, err)
    lines = unstamped(out)
    assert lines[0] == "created bridge 'x y'", lines
    m = re.fullmatch(r"changed bridge (\S+) state: up -> down", lines[1])
    assert m and m.group(1) != "dup", lines
    for line, want in ((lines[0], "x y"), (lines[1], first)):
        handle = line.split(" ", 2)[2].split(" state:")[0]
        r = ok(h.midosh("-o", "json", "-c", "show bridge " + handle, url=sim.url), line)
        assert want in (r.json()["name"], r.json()["id"]), (line, r.out)


def test_doctor_handles_resolve_when_pasted(h):
    """A tunnel zone's name with a blank: doctor quotes it, and its hint runs as pasted."""
    sim = h.sim()
    agent = h.agent("h1", sim.root, addresses=["10.0.0.1"])
    ok(h.midosh("-c", "tunnel-zone create name 'two words' type gre", url=sim.url))
    r = clean(h.midosh(*zk_args(h, sim.root), "-c", "doctor", url=sim.url))
    line = [l for l in r.out.splitlines() if l.startswith("warn  tunnel zones:")]
    assert len(line) == 1, r.out
    assert "tunnel zone 'two words' has no members" in line[0], line
    hint = line[0].split("; hint: ")[1]
    assert hint == "tunnel-zone 'two words' add member host HOST address IP", hint
    ok(h.midosh("-c", hint.replace("HOST", "h1").replace("IP", "10.0.0.1"), url=sim.url), hint)
    members = ok(h.midosh("-c", "tunnel-zone 'two words' list member", url=sim.url)).out
    assert "host h1" in members, members
    agent.stop()


def test_watch_follows_5x_in_5x_layout(h):
    """Against a root with 5.x's layout alone, watch follows 5.x's own types and those 1.9
    also has in zoom/0/models, and a host's liveness in 5.x's state."""
    sim, zroot = sim5_alone(h)
    ok(h.midosh("-c", "create bridge name b1", "-c", "bridge b1 add port", url=sim.url))
    port = ok(h.midosh("-c", "bridge b1 list port", url=sim.url)).out.split()[1]
    agent = []

    def start_agent():
        with zoom_env(zroot):
            agent.append(h.agent("h1", sim.root, addresses=["10.0.0.1"]))
    rc, out, err = watch_lines(
        h, sim, "mirror qos-policy bridge host count 7 timeout 30",
        (lambda: ok(h.midosh("-c", "create qos-policy name q1", url=sim.url)), 1),
        (lambda: ok(h.midosh("-c", "create mirror to-port " + port, url=sim.url)), 2),
        (lambda: ok(h.midosh("-c", "bridge b1 set name b2", url=sim.url)), 3),
        (start_agent, 5),
        (lambda: agent[0].stop(), 6),
        (lambda: ok(h.midosh("-c", "delete qos-policy q1", url=sim.url)), 7),
        root=zroot)
    assert rc == 0, (rc, out, err)
    lines = unstamped(out)
    assert lines[0] == "created qos-policy q1", lines
    assert re.fullmatch(r"created mirror \S+", lines[1]), lines
    assert lines[2].startswith("changed bridge b2 ") and "name: b1 -> b2" in lines[2], lines
    assert lines[3:] == ["created host h1", "alive host h1", "dead host h1",
                         "deleted qos-policy q1"], lines
    assert err == "", err


def test_watch_says_what_it_cannot_follow(h):
    """A directory that is not under the root is said, not silently watched; a type the
    server's dialect does not have is refused as any command refuses it."""
    sim5, zroot = sim5_alone(h)
    r = clean(h.midosh(*zk_args(h, sim5.root), "-c", "watch bridge mirror timeout 1",
                       url=sim5.url))
    assert r.rc == 0 and r.out == "", r
    for d, what in (("Network", "bridges"), ("Mirror", "mirrors")):
        assert ("midosh: warning: watch: no /zoom/0/models/%s under '%s': %s are not followed"
                % (d, sim5.root, what)) in r.err, r
    r = clean(h.midosh(*zk_args(h, zroot), "-c", "watch mirror timeout 1", url=sim5.url))
    assert r.rc == 0 and "warning" not in r.err, r
    sim = h.sim()
    r = clean(h.midosh(*zk_args(h, sim.root), "-c", "watch mirror timeout 1", url=sim.url))
    assert r.rc == 1, r
    assert "'mirror' objects exist in MidoNet 5.x only; the API speaks 1.9" in r.err, r
    r = clean(h.midosh(*zk_args(h, sim.root), "-c", "watch frob", url=sim.url))
    assert r.rc == 2 and "and in MidoNet 5.x mirror l2insertion qos-policy" in r.err, r


def test_watch_limits_and_errors(h):
    sim = h.sim()
    start = time.monotonic()
    r = ok(h.midosh(*zk_args(h, sim.root), "-c", "watch timeout 1", url=sim.url))
    assert r.out == "" and time.monotonic() - start < 10, r
    r = clean(h.midosh(*zk_args(h, sim.root), "-c", "watch bridge count 1 timeout 1", url=sim.url))
    assert r.rc == 1 and r.err == "midosh: watch: 0 of 1 events in 1 s\n", r
    r = clean(h.midosh(*zk_args(h, sim.root), "-c", "watch frob", url=sim.url))
    assert r.rc == 2 and "watch cannot follow 'frob'" in r.err, r
    r = clean(h.midosh(*zk_args(h, sim.root), "-c", "watch count 0", url=sim.url))
    assert r.rc == 2, r
    r = clean(h.midosh(*zk_args(h, sim.root), "-c", "watch count", url=sim.url))
    assert r.rc == 2 and "missing value for 'count'" in r.err, r
    r = clean(h.midosh("-c", "watch", url=sim.url))
    assert r.rc == 2 and "watch needs ZooKeeper" in r.err, r
    r = clean(h.midosh(*zk_args(h, sim.root, closed_port()), "--connect-timeout", "1",
                       "-c", "watch timeout 5", url=sim.url))
    assert r.rc == 3 and "cannot watch: zookeeper at '127.0.0.1:" in r.err, r


def test_zk_reports_server_and_session(h):
    sim = h.sim()
    r = ok(h.midosh(*zk_args(h, sim.root), "-c", "zk", url=sim.url))
    fields = dict(line.split(": ", 1) for line in r.out.splitlines())
    assert fields["server"] == h.zk_hosts and fields["mode"] == "standalone", r.out
    assert fields["version"].startswith("3."), r.out
    assert fields["latency"].endswith("ms (min/avg/max)"), r.out
    # As the server counts them: ZooKeeper 3.8 has been seen to report -1 under load.
    assert re.fullmatch(r"-?\d+", fields["outstanding"]) and int(fields["nodes"]) > 10, r.out
    assert fields["session"].startswith("connected (id 0x"), r.out
    assert fields["root"] == sim.root, r.out
    assert re.fullmatch(r"\d+ applied, last zxid 0x[0-9a-f]+", fields["events"]), r.out
    j = ok(h.midosh(*zk_args(h, sim.root), "-o", "json", "-c", "zk", url=sim.url)).json()
    assert j["servers"][0]["mode"] == "standalone" and j["session"]["state"] == "connected", j
    assert isinstance(j["session"]["events"], int) and j["session"]["zxid"].startswith("0x"), j
    # At the prompt: a listing's watches answer, and `zk` counts them up to the list's zxid.
    ok(h.midosh("-c", "create bridge name b", url=sim.url))
    sh = Shell(h, sim.url, zk_args(h, sim.root))
    wait_connected(h, sh)
    before = poll("the root's first answer", lambda: zk_applied(sh)[0] == 1 and zk_applied(sh))
    sh.run("list bridge")
    caught_up(h, sh, sim.root, data=["/bridges/*"], children=["/bridges"])
    events, zxid = zk_applied(sh)
    # The layout's first answer (asked once the API's dialect is known, before the GET), the
    # directory's and the bridge's, all later than the root's.
    assert events == before[0] + 3 and zxid > before[1], (before, sh.run("zk"))
    sh.close()
    down = closed_port()
    r = clean(h.midosh(*zk_args(h, sim.root, down), "--connect-timeout", "1", "-c", "zk", url=sim.url))
    assert r.rc == 3, r
    assert "server: %s\nstate: unreachable (" % down in r.out and "session: unreachable" in r.out, r


def verdicts(out):
    return [(line.split()[0], line.split()[1].rstrip(":")) for line in out.splitlines()]


def healthy(h):
    sim = h.sim()
    agent = h.agent("h1", sim.root, addresses=["10.0.0.1"], interfaces=["eth0=10.0.0.1"])
    ok(h.midosh("-c", "tunnel-zone create name tz type gre",
                "-c", "tunnel-zone tz add member host h1 address 10.0.0.1",
                "-c", "create bridge name b", "-c", "bridge b add port", url=sim.url))
    port = ok(h.midosh("-c", "bridge b list port", url=sim.url)).out.split()[1]
    ok(h.midosh("-c", "host h1 add binding interface eth0 port %s" % port, url=sim.url), "bind")
    return sim, agent


def test_doctor_on_a_healthy_deployment(h):
    sim, _ = healthy(h)
    r = ok(h.midosh(*zk_args(h, sim.root), "-c", "doctor", url=sim.url))
    v = verdicts(r.out)
    assert all(status == "ok" for status, _ in v), r.out
    assert [c for _, c in v] == ["api", "api", "system", "zookeeper", "hosts", "tunnel", "membership",
                                 "bindings", "cache", "versions"], r.out
    assert "1 bound port, every host alive" in r.out, r.out
    j = ok(h.midosh(*zk_args(h, sim.root), "-o", "json", "-c", "doctor", url=sim.url)).json()
    assert {x["status"] for x in j} == {"ok"}, j


def test_doctor_on_a_broken_deployment(h):
    sim, agent = healthy(h)
    h.agent("h2", sim.root, addresses=["10.0.0.2"])                 # in no tunnel zone
    ok(h.midosh("-c", "tunnel-zone create name empty type gre", url=sim.url))
    agent.stop()                                                   # h1 dead, its port bound
    status, _, _ = h.http("PUT", sim.url + "/system_state",
                          {"state": "ACTIVE", "availability": "READONLY"},
                          {"Content-Type": "application/vnd.org.midonet.SystemState-v2+json"})
    assert status in (200, 204), status
    status, _, _ = h.http("PUT", sim.url + "/write_version", {"version": "1.10"},
                          {"Content-Type": "application/vnd.org.midonet.WriteVersion-v1+json"})
    assert status in (200, 204), status
    r = clean(h.midosh(*zk_args(h, sim.root, closed_port()), "--connect-timeout", "1", "-c", "doctor",
                       url=sim.url))
    assert r.rc == 1, r
    lines = r.out.splitlines()
    want = [
        ("warn", "system state: the topology is read-only"),
        ("fail", "zookeeper: '127.0.0.1:"),
        ("warn", "hosts: host h1 is not alive; hint: start midolman on h1"),
        ("warn", "tunnel zones: tunnel zone empty has no members; hint: tunnel-zone empty add member"),
        ("fail", "membership: host h2 is in no tunnel zone"),
        ("fail", "bindings: port "),
        ("fail", "versions: host h2 runs 1.9, the write version is 1.10"),
    ]
    for status, text in want:
        assert any(l.startswith(status) and text in l for l in lines), (status, text, r.out)
    assert any("is bound to dead host h1" in l for l in lines), r.out
    # The API unreachable: exit 3, and ZooKeeper is still checked.
    sim.stop()
    r = clean(h.midosh(*zk_args(h, sim.root), "--connect-timeout", "1", "-c", "doctor", url=sim.url))
    assert r.rc == 3 and verdicts(r.out) == [("fail", "api"), ("ok", "zookeeper")], r


def test_help_describes_the_new_commands(h):
    sim = h.sim()
    r = ok(h.midosh("-c", "help", url=sim.url))
    for verb in ("watch", "zk", "doctor"):
        assert verb in r.out, r.out
    r = ok(h.midosh("-c", "help watch", url=sim.url))
    assert "watch [TYPE...] [count N] [timeout SECONDS]" in r.out and "watch bridge port" in r.out, r.out
    r = ok(h.midosh("--help", url=sim.url))
    assert "--zookeeper=HOSTS" in r.out and "--zk-root=PATH" in r.out, r.out


def test_watch_at_the_prompt_ends_with_ctrl_c(h):
    sim = h.sim()
    sh = Shell(h, sim.url, ["-d"] + zk_args(h, sim.root))
    wait_connected(h, sh)
    os.write(sh.master, b"watch bridge\n")
    poll("watch's first reading", lambda: READY in sh.stderr(), 20)
    ok(h.midosh("-c", "create bridge name b1", url=sim.url))
    poll("watch's line", lambda: sh._read(time.monotonic() + 0.1) or b"created bridge b1" in sh.buf,
         20)
    sh.signal(signal.SIGINT)
    out = sh._until_prompt()
    assert re.search(r"^\S+ created bridge b1\r?$", out, re.M), out
    assert "bridge b1 " in sh.run("list bridge")
    sh.close()


def test_where_zookeeper_is_configured(h):
    sim = h.sim()
    root = ["--zk-root", sim.root]

    def server(r):
        assert r.rc == 0, r
        return r.out.splitlines()[0]

    want = "server: " + h.zk_hosts
    assert server(h.midosh(*root, "-c", "zk", url=sim.url,
                           env={"MIDO_ZOOKEEPER_HOSTS": h.zk_hosts})) == want
    rc = os.path.join(h.home, ".midonetrc")
    with open(rc, "w") as f:
        f.write("[cli]\nzookeeper_hosts = %s\nzookeeper_root = %s\n" % (h.zk_hosts, sim.root))
    r = ok(h.midosh("-c", "zk", url=sim.url))
    assert server(r) == want and ("root: " + sim.root) in r.out, r
    os.unlink(rc)
    conf = os.path.join(h.tmp, "midolman.conf")
    with open(conf, "w") as f:
        f.write("[midolman]\nzookeeper_hosts = 10.9.9.9:1\n[zookeeper]\nzookeeper_hosts = %s\n"
                "session_timeout = 30000\n" % h.zk_hosts)
    assert server(h.midosh(*root, "-c", "zk", url=sim.url, env={"MIDOSH_MIDOLMAN_CONF": conf})) == want
    # The command line wins, and an empty --zookeeper turns ZooKeeper off.
    r = clean(h.midosh(*root, "--zookeeper", "", "-c", "zk", url=sim.url,
                       env={"MIDOSH_MIDOLMAN_CONF": conf, "MIDO_ZOOKEEPER_HOSTS": h.zk_hosts}))
    assert r.rc == 2 and "zk needs ZooKeeper" in r.err, r


def cache_line(r):
    lines = [l for l in r.out.splitlines() if l.split()[1:2] == ["cache:"]]
    assert len(lines) <= 1, r.out
    return lines[0] if lines else None


def test_doctor_says_what_the_cache_follows(h):
    """doctor's cache line probes the connected dialect's layout under the root: what is
    watched there, what is not there and so falls back to the age rule; none without
    ZooKeeper."""
    def part(line, label):
        return line.split(label)[1].split(";")[0].split(", ") if label in line else []
    sim = h.sim()
    line = cache_line(ok(h.midosh(*zk_args(h, sim.root), "-c", "doctor", url=sim.url)))
    assert line.startswith("ok") and "1.9's layout under %s: watched: " % sim.root in line, line
    assert {"bridges", "tunnel zones", "chains"} <= set(part(line, "watched: ")), line
    assert "not there" not in line, line
    assert cache_line(ok(h.midosh("-c", "doctor", url=sim.url))) is None
    # 5.x, against a root with 5.x's layout alone: its classes are watched there.
    sim5, zroot = sim5_alone(h)
    r = h.midosh(*zk_args(h, zroot), "-c", "doctor", url=sim5.url)
    line = cache_line(r)
    assert line, r.out
    assert "5.x's (zoom/0/models) layout under %s: watched: " % zroot in line, line
    assert {"bridges", "routers", "ports", "hosts", "chains", "tunnel zones", "mirrors",
            "QoS policies", "service containers"} <= set(part(line, "watched: ")), line
    # The sim keeps no VTEPs in 5.x's layout: that one is not there, and says so.
    assert line.startswith("warn") and "not there (/zoom/0/models/Vtep)" in line, line
    assert part(line, "so the age rule (trusted for the whole run): ") == ["VTEPs"], line
    assert "DHCP subnets" in part(line, "not in that layout, so the age rule: "), line
    # 5.x against its 1.9-layout root: 5.x's layout is not there, nothing is watched.
    r = h.midosh(*zk_args(h, sim5.root), "-c", "doctor", url=sim5.url)
    line = cache_line(r)
    assert line.startswith("warn") and "watched: nothing" in line, line
    assert "/zoom/0/models/Network" in line and "hint: --zk-root" in line, line
    # 1.9 against a root with neither: the same, for 1.9's layout.
    r = h.midosh(*zk_args(h, zroot), "-c", "doctor", url=sim.url)
    line = cache_line(r)
    assert line.startswith("warn") and "1.9's layout" in line and "watched: nothing" in line, line
    assert "/bridges" in line, line


def test_doctor_checks_each_api_server(h):
    """--midonet-url A,B: doctor asks each server, not only the one in use; one down of two
    is a warning naming it (midosh fails over), both up is ok."""
    sim, _ = healthy(h)
    down = h.sim(root=sim.root)
    down_url = down.url
    down.stop()
    urls = "%s,%s" % (down_url, sim.url)
    r = ok(h.midosh(*zk_args(h, sim.root), "--connect-timeout", "1", "--midonet-url", urls,
                    "-c", "doctor"))
    lines = [l for l in r.out.splitlines() if ": " in l and l.split()[1] == "api"
             and l.split()[2] == "servers:"]
    assert len(lines) == 1 and lines[0].startswith("warn"), r.out
    assert "1 of 2 servers answer; not %s (" % down_url in lines[0], lines
    assert sim.url not in lines[0].split("; not ")[1], lines
    # Both up: one ok line, naming both.
    up = h.sim(root=sim.root)
    r = ok(h.midosh(*zk_args(h, sim.root), "--midonet-url", "%s,%s" % (sim.url, up.url),
                    "-c", "doctor"))
    line = [l for l in r.out.splitlines() if "api servers:" in l]
    assert len(line) == 1 and line[0].startswith("ok") and "2 of 2 servers answer" in line[0], r.out
    assert sim.url in line[0] and up.url in line[0], line
    # Only the second down: the one in use answers, the check still sees the other.
    r = ok(h.midosh(*zk_args(h, sim.root), "--connect-timeout", "1", "--midonet-url",
                    "%s,%s" % (sim.url, down_url), "-c", "doctor"))
    line = [l for l in r.out.splitlines() if "api servers:" in l]
    assert len(line) == 1 and line[0].startswith("warn") and down_url in line[0], r.out
    # None answers: the api check fails (3), and this one too.
    up.stop()
    sim.stop()
    r = clean(h.midosh(*zk_args(h, sim.root), "--connect-timeout", "1", "--midonet-url",
                       "%s,%s" % (sim.url, down_url), "-c", "doctor"))
    assert r.rc == 3, r
    assert any(l.startswith("fail") and "api servers: none of 2 servers answers" in l
               for l in r.out.splitlines()), r.out
