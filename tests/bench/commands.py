#!/usr/bin/env python3
"""Benchmark: requests and wall time of common commands, beside midonet-cli's measured counts.

    tests/bench/commands.py [--build DIR] [--runs N]

Builds the topology doc/benchmarks.md describes (3 bridges x 4 ports, 1 router with 3 ports
peered to bridge ports, 2 chains as filters when the simulator has chains), then runs each
command as a fresh one-liner (`midosh -c`), counting the API requests with /_sim/stats and
timing the process. It does so against a MidoNet 1.9 simulator and a 5.x one (--dialect 5),
and prints one table with both dialects' counts and times side by side (5.x's commands
are the same words; BGP, which 5.x keeps on the router, has a row of each dialect's own).
Asserts nothing.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))

import harness  # noqa: E402

# (command, midonet-cli's requests after its 3-request start-up (doc/benchmarks.md),
#  an unmeasured command run before each measurement or None)
COMMANDS = [
    ("list bridge", 7, None),
    ("bridge b0 list port", 9, None),
    ("router r0 list port", 18, None),
    ("list port", 34, None),
    ("show bridge b0", 3, None),
    ("create bridge name x{n}", 3, None),
    ("bridge b0 set name b0", 4, None),
    ("tunnel-zone tz add member host h0 address 10.0.0.1", 7,
     "tunnel-zone tz delete member host h0"),
    ("delete bridge x{n}", 2, "create bridge name x{n}"),
]

# BGP: on a router port in 1.9, on the router in 5.x (midonet-cli counts: none measured).
BGP = {
    "1.9": [("router r0 port 10.0.0.1 list bgp", None, None)],
    "5": [("router r0 list bgp-peer", None, None)],
}
DIALECTS = ("1.9", "5")


def run(h, sim, cmd):
    h.reset_stats(sim)
    start = time.monotonic()
    r = h.midosh("-c", cmd, url=sim.url)
    secs = time.monotonic() - start
    if r.rc != 0:
        raise SystemExit("%s failed: %s" % (cmd, r.err))
    return h.stats(sim)["total"], secs


def topology(h, dialect):
    """A simulator of the dialect with the measured topology; returns it."""
    sim = h.sim(extra=["--dialect", dialect])
    h.agent("h0", sim.root, addresses=["10.0.0.100"])
    setup = ["create router name r0", "tunnel-zone create name tz type gre"]
    for b in range(3):
        setup.append("create bridge name b%d" % b)
        for _ in range(4):
            setup.append("bridge b%d add port" % b)
        setup.append("router r0 add port address 10.0.%d.1 net 10.0.%d.0/24" % (b, b))
    if h.midosh("-c", "create chain name c0; create chain name c1", url=sim.url).rc == 0:
        setup += ["bridge b%d set infilter c0 outfilter c1" % b for b in range(3)]
    if dialect == "5":
        setup += ["router r0 set asn 65000",
                  "router r0 add bgp-peer asn 65001 address 10.0.0.2"]
    else:
        setup += ["router r0 port 10.0.0.1 add bgp local-AS 65000 peer-AS 65001 peer 10.0.0.2"]
    r = h.midosh("-k", "-c", "; ".join(setup), url=sim.url)
    if r.rc != 0:
        raise SystemExit("setup (%s) failed: %s" % (dialect, r.err))
    for b in range(3):
        port = h.midosh("-c", "bridge b%d list port" % b, url=sim.url).out.split()[1]
        h.midosh("-c", "bridge b%d port %s set peer r0:10.0.%d.1" % (b, port, b), url=sim.url)
    return sim


def measure(h, sim, cmd, before, runs, n):
    """(most requests, median ms) of runs fresh runs of cmd; n numbers the names made."""
    reqs, times = [], []
    for _ in range(runs):
        n[0] += 1
        if before:
            h.midosh("-c", before.format(n=n[0]), url=sim.url)
        c, secs = run(h, sim, cmd.format(n=n[0]))
        reqs.append(c)
        times.append(secs * 1000)
    return max(reqs), statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(harness.REPO, "build"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    zkdir = tempfile.mkdtemp(prefix="midosh-bench-zk-")
    zkctl = os.path.join(harness.REPO, "tests", "zkctl")
    hosts = subprocess.run([zkctl, "start", zkdir], capture_output=True, text=True,
                           check=True).stdout.strip()
    h = harness.Harness(hosts, os.path.abspath(args.build), "bench")
    try:
        sims = {d: topology(h, d) for d in DIALECTS}
        print("%-52s %11s %8s %8s %9s %9s" % ("command (fresh process each time)", "midonet-cli",
                                            "1.9 req", "5.x req", "1.9 ms", "5.x ms"))
        n = [0]
        rows = [(cmd, old, before, None) for cmd, old, before in COMMANDS]
        rows += [(cmd, old, before, d) for d in DIALECTS for cmd, old, before in BGP[d]]
        for cmd, old, before, only in rows:
            got = {}
            for d in DIALECTS:
                if only in (None, d):
                    got[d] = measure(h, sims[d], cmd, before, args.runs, n)
            cells = [("%d" % got[d][0]) if d in got else "-" for d in DIALECTS]
            cells += [("%.1f" % got[d][1]) if d in got else "-" for d in DIALECTS]
            print("%-52s %11s %8s %8s %9s %9s" % ((cmd.format(n="N"), "%d" % (old + 3) if old else "-")
                                                 + tuple(cells)))
        print("midonet-cli counts are its measured requests plus its 3 start-up requests "
              "(login, root, system_state), against 1.9.")
    finally:
        h.cleanup()
        subprocess.run([zkctl, "stop", zkdir])


if __name__ == "__main__":
    main()
