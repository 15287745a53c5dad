"""Defect 2 of issue 13, the lost update: a long-running midosh without ZooKeeper must not
send back its old copy of an object on `set` or `clear`, undoing what another client changed
meanwhile. It reads the object first (the cache cannot vouch for it) and changes only the
attributes named."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "pty"))
from ptyhelp import Pty  # noqa: E402


def setup(h):
    sim = h.sim()
    for c in ("create bridge name b", "create chain name c1"):
        r = h.midosh("-c", c, url=sim.url)
        assert r.rc == 0, (c, r)
    return sim


def check_both_changes(h, sim):
    r = h.midosh("-o", "json", "-c", "show bridge b", url=sim.url)
    assert r.rc == 0, r
    # The other client's change survived, and the session's own is there.
    assert '"adminStateUp": false' in r.out, r.out
    assert '"inboundFilterId": null' not in r.out and '"inboundFilterId"' in r.out, r.out


def test_interactive_set_keeps_another_clients_change(h):
    sim = setup(h)
    p = Pty(h, url=sim.url)
    p.expect_prompt()
    p.send("list bridge\r")
    p.expect(r"bridge b name b state up")
    p.expect_prompt()
    other = h.midosh("-c", "bridge b set state down", url=sim.url)
    assert other.rc == 0, other
    p.send("bridge b set infilter c1\r")
    p.expect_prompt()
    p.send("\x04")
    assert p.wait_exit() == 0
    check_both_changes(h, sim)


def test_streamed_script_set_and_clear_keep_another_clients_change(h):
    """Standard input as a conversation: the cache is trusted for the whole run, the
    longest-lived copy of all."""
    sim = setup(h)
    r = h.midosh("-c", "bridge b set outfilter c1", url=sim.url)
    assert r.rc == 0, r
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update(HOME=h.home, MIDO_API_URL=sim.url)
    p = subprocess.Popen([h.bin("midosh")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=e, text=True)
    try:
        p.stdin.write("list bridge\n")
        p.stdin.flush()
        assert p.stdout.readline().startswith("bridge b name b"), "no listing"
        other = h.midosh("-c", "bridge b set state down", url=sim.url)
        assert other.rc == 0, other
        p.stdin.write("bridge b set infilter c1\nbridge b clear outfilter\n")
        p.stdin.close()
        assert p.wait(60) == 0, p.stderr.read()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.stderr.read() == ""
    check_both_changes(h, sim)
    r = h.midosh("-o", "json", "-c", "show bridge b", url=sim.url)
    assert '"outboundFilterId": null' in r.out or '"outboundFilterId"' not in r.out, r.out
