"""Defect 4 of issue 13: a signal that ends midosh (SIGTERM, SIGINT, SIGHUP) between the two
writes of `bridge B add port peer R:ADDR` (the POST of the port, then the POST of its link)
must not leave an unlinked port behind: the command finishes its rollback, nothing after it
runs, and midosh exits with 128 + the signal's number (man page, EXIT STATUS). The rollback
is bounded by --timeout, and a second signal abandons it at once."""
import os
import select
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fault"))
from faultutil import hostile  # noqa: E402

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


def run_signalled(h, slow, sig, after, args=()):
    """Run SCRIPT with -d against slow; send sig right after the trace line that the
    predicate `after` (given the lines so far) accepts. Returns (rc, stdout, stderr)."""
    rc, out, err, _ = run_signals(h, slow.url, [(after, sig)], args)
    return rc, out, err


def run_signals(h, url, signals, args=()):
    """Run SCRIPT with -d and args against url; send each (predicate, signal) of signals in
    turn, right after the trace line the predicate accepts. Returns (rc, stdout, stderr,
    the seconds from the last signal to the exit)."""
    path = os.path.join(h.home, "script.mn")
    with open(path, "w") as f:
        f.write(SCRIPT)
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update(HOME=h.home, MIDO_API_URL=url)
    p = subprocess.Popen([h.bin("midosh"), "-d", *args, "-f", path], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e,
                         start_new_session=True)
    err, lines, left, last = b"", [], list(signals), None
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
                while left and left[0][0](lines):
                    p.send_signal(left.pop(0)[1])
                    last = time.monotonic()
            elif p.poll() is not None:
                break
        assert not left, "a signal was never sent; stderr: %s" % err.decode(errors="replace")
        rc = p.wait(30)
        took = time.monotonic() - last
        err += p.stderr.read()
        out = p.stdout.read().decode(errors="replace")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    return rc, out, err.decode(errors="replace"), took


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


def deleting(lines):
    """The rollback's DELETE of the new port was sent."""
    return any(l.startswith("> DELETE ") and "/ports/" in l for l in lines)


def test_rollback_after_a_signal_is_bounded_by_the_timeout(h):
    """The rollback's DELETE meets a server that never answers it: midosh waits no longer
    than --timeout for it, then ends with 143 all the same, and says the port is left."""
    sim, slow = setup(h)
    _, hs = hostile(h, "hang-delete", sim=slow)
    rc, out, err, took = run_signals(h, hs.url, [(posted, signal.SIGTERM)], ["--timeout", "2"])
    assert rc == 128 + signal.SIGTERM, (rc, err)
    assert "Sanitizer" not in err and "runtime error" not in err, err
    assert [q["method"] for q in hs.requests()].count("DELETE") == 1, hs.requests()
    # The POST in flight (700 ms), then at most 2 s of the DELETE, and some slack.
    assert took < 2 + 0.7 + 5, (took, err)
    assert "timed out after 2000 ms" in err, err


def test_second_signal_abandons_the_rollback_at_once(h):
    """A second SIGTERM while the rollback's DELETE hangs ends midosh at once (143), long
    before its --timeout of 60 s."""
    sim, slow = setup(h)
    _, hs = hostile(h, "hang-delete", sim=slow)
    rc, out, err, took = run_signals(h, hs.url, [(posted, signal.SIGTERM),
                                                 (deleting, signal.SIGTERM)],
                                     ["--timeout", "60"])
    assert rc == 128 + signal.SIGTERM, (rc, err)
    assert "Sanitizer" not in err and "runtime error" not in err, err
    assert took < 5, (took, err)
