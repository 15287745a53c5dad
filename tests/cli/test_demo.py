"""scripts/demo (make demo): a working sandbox that stops everything it started."""
import os
import signal
import subprocess
import time


def processes_under(path):
    """PIDs of processes whose command line mentions path."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if path.encode() in f.read():
                    pids.append(int(pid))
        except OSError:
            pass
    return pids


def demo(h, dialect=None, **kw):
    env = dict(os.environ, BUILD=h.build, TMPDIR=h.tmp, HOME=h.home)
    env = {k: v for k, v in env.items() if not k.startswith("MIDO_") and k != "DIALECT"}
    if dialect:
        env["DIALECT"] = dialect
    return subprocess.Popen([os.path.join(h.repo, "scripts", "demo")], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def test_demo_runs_the_seed_steps_and_cleans_up(h):
    p = demo(h, stdin=subprocess.PIPE)
    out, err = p.communicate(
        "tunnel-zone create name euca-mido type gre\n"
        "list host\n"
        "tunnel-zone euca-mido add member host frontend.euca address 10.1.0.5\n"
        "tunnel-zone euca-mido list member\n", timeout=90)
    assert p.returncode == 0, (p.returncode, out, err)
    assert "host frontend.euca name frontend.euca alive true" in out, out
    assert "member frontend.euca zone euca-mido host frontend.euca address 10.1.0.5" in out, out
    h.wait_for("the sandbox's processes to exit", lambda: not processes_under(h.tmp))
    assert not [d for d in os.listdir(h.tmp) if d.startswith("midosh-demo")], os.listdir(h.tmp)


def test_demo_in_the_5x_dialect(h):
    p = demo(h, dialect="5", stdin=subprocess.PIPE)
    out, err = p.communicate("create router name r1 asn 65000\n"
                             "router r1 add bgp-peer asn 65001 address 10.0.0.2\n"
                             "router r1 list bgp-peer\n", timeout=90)
    assert p.returncode == 0, (p.returncode, out, err)
    assert "simulated, MidoNet 5" in out, out
    assert "bgp-peer 10.0.0.2 asn 65001 address 10.0.0.2" in out, out
    h.wait_for("the sandbox's processes to exit", lambda: not processes_under(h.tmp))


def test_demo_stops_everything_when_killed(h):
    p = demo(h, stdin=subprocess.PIPE)
    try:
        p.stdin.write("list host\n")
        p.stdin.flush()
        deadline = time.monotonic() + 60
        line = ""
        while "frontend.euca" not in line and time.monotonic() < deadline:
            line = p.stdout.readline()
            assert line, "the demo ended early: %s" % p.stderr.read()
        assert processes_under(h.tmp), "no sandbox process seen while it runs"
        p.send_signal(signal.SIGTERM)
        p.wait(60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        for f in (p.stdin, p.stdout, p.stderr):
            f.close()
    h.wait_for("the sandbox's processes to exit", lambda: not processes_under(h.tmp))
