"""Helpers of the fault-injection tests: a hostile proxy (hostile.py) in front of a
midonet-sim, started and stopped with the test."""
import json
import os
import socket
import subprocess
import sys

from harness import TestFailure, _read_line, _stop

HERE = os.path.dirname(os.path.abspath(__file__))


class Hostile:
    def __init__(self, h, upstream, fault, tls=None, lifetime=90):
        self.log = os.path.join(h.tmp, "hostile-%d.log" % len(h._procs))
        cmd = [sys.executable, os.path.join(HERE, "hostile.py"), "--upstream", upstream,
               "--fault", fault, "--log", self.log, "--lifetime", str(lifetime)]
        if tls:
            cmd += ["--tls"] + list(tls)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=h.log_file("hostile"),
                                     stdin=subprocess.DEVNULL)
        self.url = _read_line(self.proc, 20, "hostile.py")
        if "/midonet-api" not in self.url:
            raise TestFailure("no URL from hostile.py: %r" % self.url)
        self.port = int(self.url.split(":")[2].split("/")[0])
        h._procs.append(self)

    def stop(self):
        _stop(self.proc)

    def requests(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return [json.loads(l) for l in f]


def hostile(h, fault, sim=None, **kw):
    sim = sim or h.sim()
    return sim, Hostile(h, sim.base, fault, **kw)


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def clean(r):
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


def one_line(r, rc):
    clean(r)
    assert r.rc == rc, "expected exit %d, got %r" % (rc, r)
    assert r.err.count("\n") == 1, "expected one line on stderr: %r" % r.err
    return r.err


def bridges(h, sim):
    _, _, body = h.http("GET", sim.url + "/bridges")
    return [b["name"] for b in body]
