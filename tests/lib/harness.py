"""Test harness for midosh: real processes on loopback, one ZooKeeper per run.

Every test function receives a Harness `h`. Each test gets its own ZooKeeper root
(h.root()) and temporary directory (h.tmp), so tests never see each other's topology and
may run side by side (tests/run -j N); a test that stops or restarts ZooKeeper starts a
server of its own (h.zookeeper()). Everything a test starts is stopped when it ends,
whatever happens. A test that asserts on how long something takes is marked @alone: the
runner gives it the machine to itself.

Waiting is polling for a condition (poll(), h.wait_for()), never a bare sleep, unless the
passing of time is what the test is about.
"""
import http.client
import json
import os
import re
import select
import signal
import subprocess
import tempfile
import time
import urllib.parse

from zkclient import ZkClient

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class TestFailure(AssertionError):
    pass


class Skip(Exception):
    """Raised by a test that cannot run here (tests/run reports it as skipped)."""


def alone(test):
    """Mark a test that asserts on elapsed time: tests/run runs it when nothing else runs."""
    test.alone = True
    return test


def poll(what, pred, timeout=10.0, interval=0.05):
    """pred()'s first true value, calling it every interval seconds; TestFailure naming
    what was awaited once timeout seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise TestFailure("timed out after %.1f s waiting for %s" % (timeout, what))
        time.sleep(interval)


def _read_line(proc, timeout, what):
    """First line of proc's stdout within timeout seconds."""
    deadline = time.monotonic() + timeout
    buf = b""
    fd = proc.stdout.fileno()
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TestFailure("%s printed no line within %.0f s" % (what, timeout))
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise TestFailure("%s exited (status %s) before printing a line: %s"
                              % (what, proc.wait(), err.strip()))
        buf += chunk
    return buf.split(b"\n", 1)[0].decode()


def _stop(proc, sig=signal.SIGTERM, timeout=10):
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for f in (proc.stdout, proc.stderr, proc.stdin):
        if f:
            f.close()
    return proc.returncode


class Sim:
    """A running `midonet-sim serve`."""

    def __init__(self, h, root, args, zk_hosts):
        self.h = h
        self.root = root
        cmd = [h.bin("midonet-sim"), "serve", "--listen", "127.0.0.1:0",
               "--zookeeper", zk_hosts, "--zk-root", root] + args
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=h.log_file("sim"),
                                     stdin=subprocess.DEVNULL)
        line = _read_line(self.proc, 20, "midonet-sim serve")
        m = re.search(r"(http://[^\s/]+)(/\S*)", line)
        if not m:
            raise TestFailure("no API URL in midonet-sim's first line: %r" % line)
        self.base = m.group(1)
        self.url = (m.group(1) + m.group(2)).rstrip("/")

    def stop(self):
        return _stop(self.proc)

    @property
    def running(self):
        return self.proc.poll() is None


class Agent:
    """A running `midonet-sim agent`: a host registered the way midolman does."""

    def __init__(self, h, name, root, host_id, addresses, interfaces, zk_hosts):
        cmd = [h.bin("midonet-sim"), "agent", "--zookeeper", zk_hosts, "--zk-root", root,
               "--name", name]
        if host_id:
            cmd += ["--id", host_id]
        for a in addresses:
            cmd += ["--address", a]
        for i in interfaces:
            cmd += ["--interface", i]
        self.name = name
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=h.log_file("agent"),
                                     stdin=subprocess.DEVNULL)
        line = _read_line(self.proc, 20, "midonet-sim agent")
        m = UUID_RE.search(line)
        if not m:
            raise TestFailure("no host id in midonet-sim agent's first line: %r" % line)
        self.id = m.group(0)

    def stop(self):
        return _stop(self.proc)


class ZooKeeper:
    """A ZooKeeper server of the test's own (tests/zkctl), for tests that stop it: the
    run's server is shared by every test running at the same time."""

    def __init__(self, h):
        self.zkctl = os.path.join(REPO, "tests", "zkctl")
        self.dir = os.path.join(h.tmp, "zk-%d" % len(h._procs))
        # Stopped after the test even when the start itself is interrupted (the server
        # runs in a session of its own, out of reach of the test's process group).
        h._procs.append(self)
        self.hosts = self._ctl("start")

    def _ctl(self, action):
        p = subprocess.run([self.zkctl, action, self.dir], capture_output=True, text=True,
                           timeout=60)
        if p.returncode != 0:
            raise TestFailure("tests/zkctl %s: %s" % (action, p.stderr.strip()))
        return p.stdout.strip()

    def start(self):
        """Start it again, at the same address."""
        self._ctl("start")

    def stop(self):
        self._ctl("stop")


class Vtep:
    """A running `midonet-sim vtep`: a hardware VTEP the API can reach."""

    def __init__(self, h, root, ip, port, name, tunnel_ip, ports):
        cmd = [h.bin("midonet-sim"), "vtep", "--zookeeper", h.zk_hosts, "--zk-root", root,
               "--management-ip", ip, "--management-port", str(port)]
        if name:
            cmd += ["--name", name]
        if tunnel_ip:
            cmd += ["--tunnel-ip", tunnel_ip]
        for p in ports:
            cmd += ["--port", p]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=h.log_file("vtep"),
                                     stdin=subprocess.DEVNULL)
        _read_line(self.proc, 20, "midonet-sim vtep")

    def stop(self):
        return _stop(self.proc)


class Result:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def __repr__(self):
        return "Result(rc=%r, out=%r, err=%r)" % (self.rc, self.out, self.err)

    def json(self):
        return json.loads(self.out)


class Harness:
    _roots = 0

    def __init__(self, zk_hosts, build, name):
        self.zk_hosts = zk_hosts
        self.build = build
        self.repo = REPO
        self.name = name
        self.tmp = tempfile.mkdtemp(prefix="midosh-test-")
        self.home = os.path.join(self.tmp, "home")
        os.mkdir(self.home)
        self._procs = []
        self._logs = []
        self._zk = None

    # -- processes ---------------------------------------------------------------
    def bin(self, name):
        return os.path.join(self.build, name)

    def log_file(self, what):
        f = open(os.path.join(self.tmp, "%s-%d.log" % (what, len(self._logs))), "wb")
        self._logs.append(f)
        return f

    def root(self):
        Harness._roots += 1
        return "/t%d-%d/midonet/v1" % (os.getpid(), Harness._roots)

    def sim(self, root=None, auth=None, token=None, delay_ms=None, reply_delay_ms=None, extra=(),
            zk=None):
        """midonet-sim serve on the run's ZooKeeper, or on zk (h.zookeeper()'s hosts)."""
        args = []
        if reply_delay_ms is not None:
            args += ["--reply-delay-ms", str(reply_delay_ms)]
        if auth:
            args += ["--auth", auth]
        if token:
            args += ["--token", token]
        if delay_ms is not None:
            args += ["--delay-ms", str(delay_ms)]
        s = Sim(self, root or self.root(), args + list(extra), zk or self.zk_hosts)
        self._procs.append(s)
        return s

    def agent(self, name, root, id=None, addresses=(), interfaces=(), zk=None):
        a = Agent(self, name, root, id, addresses, interfaces, zk or self.zk_hosts)
        self._procs.append(a)
        return a

    def zookeeper(self):
        """A private ZooKeeper server (its .hosts, .stop(), .start()), stopped after the test."""
        return ZooKeeper(self)

    def vtep(self, root, ip, port=6632, name=None, tunnel_ip=None, ports=()):
        """A reachable VTEP at ip:port (without one, a VTEP reads unreachable)."""
        v = Vtep(self, root, ip, port, name, tunnel_ip, ports)
        self._procs.append(v)
        return v

    def midosh(self, *args, input=None, env=None, timeout=60, url=None):
        """Run build/midosh with args; HOME is the test's private home. Returns a Result."""
        e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
        e["HOME"] = self.home
        e["ASAN_OPTIONS"] = e.get("ASAN_OPTIONS", "") + ":detect_leaks=1"
        if url:
            e["MIDO_API_URL"] = url
        if env:
            e.update(env)
        p = subprocess.run([self.bin("midosh")] + list(args), input=input, env=e,
                           capture_output=True, text=True, errors="replace", timeout=timeout)
        return Result(p.returncode, p.stdout, p.stderr)

    def cleanup(self):
        for p in reversed(self._procs):
            try:
                p.stop()
            except Exception:
                pass
        for f in self._logs:
            f.close()
        if self._zk is not None:
            self._zk.close()
        self._kill_strays()

    def _kill_strays(self):
        """Whatever still runs from the test's directory (a ZooKeeper the demo script started,
        when the script itself had to be killed) is killed: no test outlives its run."""
        mark = self.tmp.encode()
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    if mark in f.read():
                        os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass

    def logs(self):
        """The tail of every log this test's processes wrote (for failure reports)."""
        out = []
        for f in self._logs:
            try:
                with open(f.name, "rb") as r:
                    text = r.read()[-2000:].decode(errors="replace").strip()
                if text:
                    out.append("--- %s\n%s" % (os.path.basename(f.name), text))
            except OSError:
                pass
        return "\n".join(out)

    # -- HTTP ----------------------------------------------------------------------
    def http(self, method, url, body=None, headers=None):
        """One request. Returns (status, headers with lowercase keys, JSON or text or None)."""
        u = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        path = u.path or "/"
        if u.query:
            path += "?" + u.query
        hdrs = dict(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode()
            hdrs.setdefault("Content-Type", "application/json")
        try:
            conn.request(method, path, body=data, headers=hdrs)
            r = conn.getresponse()
            raw = r.read()
            rh = {k.lower(): v for k, v in r.getheaders()}
            status = r.status
        finally:
            conn.close()
        payload = None
        if raw:
            text = raw.decode(errors="replace")
            try:
                payload = json.loads(text)
            except ValueError:
                payload = text
        return status, rh, payload

    def stats(self, sim):
        status, _, body = self.http("GET", sim.base + "/_sim/stats")
        assert status == 200, "GET /_sim/stats: %s" % status
        return body

    def reset_stats(self, sim):
        status, _, _ = self.http("POST", sim.base + "/_sim/stats/reset")
        assert status in (200, 204), "POST /_sim/stats/reset: %s" % status

    # -- ZooKeeper -------------------------------------------------------------------
    def zk(self):
        """A client of the run's ZooKeeper (tests/lib/zkclient.py), closed after the test."""
        if self._zk is None:
            self._zk = ZkClient(self.zk_hosts)
        return self._zk

    def zk_get(self, path):
        """The data of a ZooKeeper node (bytes), or None when it does not exist."""
        return self.zk().get(path)

    def zk_children(self, path):
        """The children of a ZooKeeper node (sorted list), or None when it does not exist."""
        return self.zk().children(path)

    def zk_json(self, path):
        """A node's data parsed as JSON, or None when the node does not exist."""
        data = self.zk_get(path)
        return None if data is None else json.loads(data)

    def wait_for(self, what, pred, timeout=10.0, interval=0.05):
        """poll(): pred()'s first true value within timeout seconds."""
        return poll(what, pred, timeout, interval)
