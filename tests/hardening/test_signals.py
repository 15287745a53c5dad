"""Defect 4 of issue 13: a signal that ends midosh (SIGTERM, SIGINT, SIGHUP) between the two
writes of `bridge B add port peer R:ADDR` (the POST of the port, then the POST of its link)
must not leave an unlinked port behind: the command finishes its rollback, nothing after it
runs, and midosh exits with 128 + the signal's number (man page, EXIT STATUS)."""
import os
import select
import signal
import subprocess
import time

SCRIPT = "bridge b add port peer r:10.0.0.1\ncreate bridge name after\n"


def setup(h):
    sim = h.sim()
    for c in ("create router name r", "router r add port address 10.0.0.1 net 10.0.0.0/24",
              "create bridge name b"):
        r = h.midosh("-c", c, url=sim.url)
        assert r.rc == 0, (c, r)
    # The same topology behind a simulator slow to answer: each reply waits 700 ms after
    # the request was carried out, so that a signal lands while a write is in flight.
    slow = h.sim(root=sim.root, reply_delay_ms=700)
    return sim, slow


def run_signalled(h, slow, sig, after):
    """Run SCRIPT with -d against slow; send sig right after the trace line that the
    predicate `after` (given the lines so far) accepts. Returns (rc, stdout, stderr)."""
    path = os.path.join(h.home, "script.mn")
    with open(path, "w") as f:
        f.write(SCRIPT)
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update(HOME=h.home, MIDO_API_URL=slow.url)
    p = subprocess.Popen([h.bin("midosh"), "-d", "-f", path], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e,
                         start_new_session=True)
    err, lines, sent = b"", [], False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([p.stderr], [], [], 0.2)
            if ready:
                chunk = os.read(p.stderr.fileno(), 65536)
                if not chunk:
                    break
                err += chunk
                lines = err.decode(errors="replace").split("\n")[:-1]
                if not sent and after(lines):
                    p.send_signal(sig)
                    sent = True
            elif p.poll() is not None:
                break
        assert sent, "the signal was never sent; stderr: %s" % err.decode(errors="replace")
        rc = p.wait(30)
        err += p.stderr.read()
        out = p.stdout.read().decode(errors="replace")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    return rc, out, err.decode(errors="replace")


def check_nothing_half_done(h, sim, rc, out, err, sig):
    assert rc == 128 + sig, (rc, err)
    assert "Sanitizer" not in err and "runtime error" not in err, err
    r = h.midosh("-c", "bridge b list port", url=sim.url)
    assert r.rc == 0 and r.out == "", ("an orphan port is left", r, err)
    r = h.midosh("-c", "list bridge", url=sim.url)
    assert r.out == "bridge b name b state up\n", ("the script went on", r.out)
    r = h.midosh("-c", "router r list port", url=sim.url)
    assert r.rc == 0 and "peer" not in r.out, r
    # No id of a port that is gone.
    assert out == "", out


def posted(lines):
    return any(l.startswith("> POST ") and "/ports" in l for l in lines)


def read_back(lines):
    """The GET of the new port, between the two writes."""
    for i, l in enumerate(lines):
        if l.startswith("> POST ") and "/ports" in l:
            return any(m.startswith("> GET ") for m in lines[i + 1:])
    return False


def test_sigterm_during_the_first_write(h):
    sim, slow = setup(h)
    rc, out, err = run_signalled(h, slow, signal.SIGTERM, posted)
    check_nothing_half_done(h, sim, rc, out, err, signal.SIGTERM)


def test_sigint_between_the_writes(h):
    sim, slow = setup(h)
    rc, out, err = run_signalled(h, slow, signal.SIGINT, read_back)
    check_nothing_half_done(h, sim, rc, out, err, signal.SIGINT)


def test_sighup_during_the_first_write(h):
    sim, slow = setup(h)
    rc, out, err = run_signalled(h, slow, signal.SIGHUP, posted)
    check_nothing_half_done(h, sim, rc, out, err, signal.SIGHUP)


def test_sigterm_while_reading_a_script_from_a_pipe(h):
    """Nothing in flight: midosh waits for its next command, and ends with 128 + N, quietly."""
    sim = h.sim()
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update(HOME=h.home, MIDO_API_URL=sim.url)
    p = subprocess.Popen([h.bin("midosh")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=e, text=True)
    try:
        p.stdin.write("create bridge name x\n")
        p.stdin.flush()
        assert len(p.stdout.readline().strip()) == 36
        p.send_signal(signal.SIGTERM)
        assert p.wait(30) == 128 + signal.SIGTERM
        assert p.stderr.read() == ""
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        p.stdin.close()
