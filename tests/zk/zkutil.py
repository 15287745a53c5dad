"""Helpers for the ZooKeeper tests: an interactive midosh on a real pty, request counts."""
import contextlib
import os
import pty
import re
import select
import signal
import subprocess
import termios
import time

from harness import poll
from zkclient import ZkClient

PROMPT = b"midosh> "
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


def zk_args(h, root, hosts=None):
    return ["--zookeeper", hosts or h.zk_hosts, "--zk-root", root]


class Shell:
    """midosh at its prompt on a pty; stderr goes to a file of its own."""

    def __init__(self, h, url, args=(), env=None, timeout=20):
        self.h = h
        master, slave = pty.openpty()
        attrs = termios.tcgetattr(slave)
        attrs[3] &= ~termios.ECHO          # the test reads what midosh prints, not what it types
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
        e.update({"HOME": h.home, "MIDO_API_URL": url, "TERM": "dumb",
                  "ASAN_OPTIONS": e.get("ASAN_OPTIONS", "") + ":detect_leaks=1"})
        if env:
            e.update(env)
        self.err_path = os.path.join(h.tmp, "shell-%d.err" % id(self))
        self.errf = open(self.err_path, "wb")
        self.proc = subprocess.Popen([h.bin("midosh")] + list(args), stdin=slave, stdout=slave,
                                     stderr=self.errf, env=e, start_new_session=True)
        os.close(slave)
        self.master = master
        self.buf = b""
        self.timeout = timeout
        h._procs.append(self)
        self._until_prompt()

    def _read(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("midosh printed no prompt in time; so far: %r\nstderr: %s"
                                 % (self.buf[-2000:], self.stderr()))
        ready, _, _ = select.select([self.master], [], [], left)
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise AssertionError("midosh exited (%s): %r\nstderr: %s"
                                     % (self.proc.poll(), self.buf[-2000:], self.stderr()))
            self.buf += chunk

    def _until_prompt(self, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while PROMPT not in self.buf:
            self._read(deadline)
        out, self.buf = self.buf.split(PROMPT, 1)
        return ANSI.sub(b"", out).decode(errors="replace")

    def run(self, line, timeout=None):
        """Type line; return what midosh printed before its next prompt."""
        os.write(self.master, line.encode() + b"\n")
        out = self._until_prompt(timeout)
        # The line editor echoes what is typed, sometimes twice (a redraw): drop it.
        while True:
            first, nl, rest = out.partition("\n")
            if not nl or first.strip() != line.strip():
                return out
            out = rest

    def resync(self, quiet=0.5):
        """Forget what was printed so far (a redrawn prompt, after SIGCONT)."""
        while select.select([self.master], [], [], quiet)[0]:
            if not os.read(self.master, 65536):
                break
        self.buf = b""

    def stderr(self):
        if not self.errf.closed:
            self.errf.flush()
        with open(self.err_path, "rb") as f:
            return f.read().decode(errors="replace")

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self):
        """exit; the exit status (sanitizer reports come out on stderr)."""
        if self.proc.poll() is None:
            try:
                os.write(self.master, b"exit\n")
                self.proc.wait(15)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.send_signal(signal.SIGKILL)
                self.proc.wait()
        try:
            os.close(self.master)
        except OSError:
            pass
        self.errf.close()
        return self.proc.returncode

    def close(self):
        rc = self.stop()
        err = self.stderr()
        assert "Sanitizer" not in err and "runtime error" not in err, err
        assert rc == 0, "midosh exited %s: %s" % (rc, err)
        return err


def gets(h, sim):
    """The GET requests since the last reset but the root document's, as "GET /path"."""
    return [r for r in h.stats(sim)["requests"] if r.startswith("GET ") and r != "GET /"]


def wait_connected(h, shell, timeout=10):
    """Until `zk` in the shell reports a connected session; what it printed then."""
    seen = []

    def connected():
        seen[:] = [shell.run("zk")]
        return "session: connected" in seen[0] and seen[0]
    try:
        return poll("a ZooKeeper session", connected, timeout, 0.1)
    except AssertionError as e:
        raise AssertionError("%s: %r\nstderr: %s" % (e, seen, shell.stderr()))


def zk_applied(shell):
    """(events applied, last zxid) as the shell's `zk` prints them."""
    out = shell.run("zk")
    m = re.search(r"^events: (\d+) applied, last zxid (0x[0-9a-f]+)\r?$", out, re.M)
    assert m, "no events line in zk's output: %r" % out
    return int(m.group(1)), int(m.group(2), 16)


def caught_up(h, shell, root, data=(), children=(), hosts=None, timeout=10):
    """Until the shell has applied the latest change of nodes under root that it watches:
    the data of the nodes in data (their mzxid; "/dir/*" is every child of /dir), the
    children of those in children (their pzxid); a node that does not exist is skipped.
    Read from ZooKeeper by the test's own client, then awaited through `zk`'s last zxid,
    which covers every event midosh applied (ZooKeeper delivers them in order)."""
    zk = ZkClient(hosts or h.zk_hosts)
    try:
        want = 0
        for paths, field in ((data, "mzxid"), (children, "pzxid")):
            for p in paths:
                if p.endswith("/*"):
                    nodes = [p[:-1] + k for k in zk.children(root + p[:-2]) or []]
                else:
                    nodes = [p]
                for n in nodes:
                    st = zk.stat(root + n)
                    want = max(want, st[field] if st else 0)
    finally:
        zk.close()
    assert want, "none of %s exists under %s" % (list(data) + list(children), root)
    return poll("midosh to apply zxid 0x%x" % want, lambda: zk_applied(shell)[1] >= want,
                timeout, 0.05)


def closed_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return "127.0.0.1:%d" % port


@contextlib.contextmanager
def zoom_env(zroot):
    """midonet-sim processes started meanwhile keep 5.x's layout (zoom/...) under zroot."""
    was = os.environ.get("MIDONET_SIM_ZOOM_ROOT")
    os.environ["MIDONET_SIM_ZOOM_ROOT"] = zroot
    try:
        yield
    finally:
        if was is None:
            del os.environ["MIDONET_SIM_ZOOM_ROOT"]
        else:
            os.environ["MIDONET_SIM_ZOOM_ROOT"] = was


def sim5_alone(h):
    """A 5.x simulator whose 5.x layout (zoom/...) lies under a root of its own: that root
    holds what a real 5.x server's does, and nothing of 1.9's layout. (sim, that root)."""
    zroot = h.root()
    with zoom_env(zroot):
        sim = h.sim(extra=["--dialect", "5"])
    return sim, zroot
