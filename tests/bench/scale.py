#!/usr/bin/env python3
"""Benchmark: midosh at 1,000 (and 10,000) objects, each row beside curl as its floor.

    tests/bench/scale.py [--build DIR] [--sizes 1000,10000] [--runs N]

The sizes default to 1000, and to 1000,10000 when MIDOSH_BENCH_LARGE=1 (10,000 bridges
take a few minutes to create and list). For each size, bridges b0, b1, ... are created
straight through the simulator's REST API over a few concurrent keep-alive connections,
then each row is run as a fresh process (median time of --runs, highest peak RSS):

  list bridge            midosh -c 'list bridge'
  show bridge b5         midosh -c 'show bridge b5' (name resolution, nothing cached)
  show b5, zookeeper     the same with --zookeeper on the run's ZooKeeper: the names are
                         read from there (curl's floor replays only the API's requests)
  -o json list bridge    midosh -o json -c 'list bridge'
  script of 300          midosh -f: 100 bridges, a port on each, 50 routers, a port on each

Each row's floor, measured in the same run: curl making the same requests over one
connection (the requests midosh made, from the simulator's /_sim/stats, replayed; for
the script, the same 300 creations in one curl invocation), writing what it receives to
files as midosh writes its output to one. Printed: both times, both request counts, both
peak RSS (/usr/bin/time's %M) and the ratios midosh/curl, and both CPU times (user and
system, the median of the runs): on a busy machine the wall times move with the load, the
CPU times much less. The floor is checked to have done
the same work (every status 2xx; for the list rows, every bridge in curl's reply and in
midosh's output; for the script, as many objects created); nothing else is asserted.
"""
import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))

import harness  # noqa: E402
from zkclient import ZkClient  # noqa: E402

MT = "application/vnd.org.midonet.%s+json"
CONNECTIONS = 4


def timed(cmd, env=None):
    """Run cmd; (seconds, peak RSS in KiB, stdout bytes, CPU seconds). The RSS and the CPU
    time (user and system) are /usr/bin/time's (its wait4): a child forked from this Python
    process would count Python's pages too."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        start = time.monotonic()
        p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", rss.name] + cmd, env=env,
                           stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE)
        secs = time.monotonic() - start
        if p.returncode != 0:
            raise SystemExit("%s failed (%d): %s" % (" ".join(cmd[:4]), p.returncode,
                                                     p.stderr.decode(errors="replace")[-2000:]))
        out.seek(0)
        kib, user, system = rss.read().split()[-3:]
        return secs, int(kib), out.read(), float(user) + float(system)


def post_many(url, items):
    """POST (path, media, body) items over CONNECTIONS keep-alive connections; ids created."""
    u = urllib.parse.urlsplit(url)
    failures = []

    def work(k):
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        for path, media, body in items[k::CONNECTIONS]:
            c.request("POST", u.path + path, body=json.dumps(body),
                      headers={"Content-Type": MT % media})
            r = c.getresponse()
            r.read()
            if r.status != 201:
                failures.append((path, r.status))
        c.close()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit("setup: %d POSTs failed, e.g. %r" % (len(failures), failures[0]))


def delete_many(url, paths):
    u = urllib.parse.urlsplit(url)

    def work(k):
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        for path in paths[k::CONNECTIONS]:
            c.request("DELETE", u.path + path)
            c.getresponse().read()
        c.close()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def curl_config(url, requests, outdir):
    """A curl -K config making requests [(method, path, media or None, body or None)] in
    order, one transfer each, printing each status on a line; the body of request i is
    written to outdir/i, as midosh writes its output to a file."""
    blocks = []
    for i, (method, path, media, body) in enumerate(requests):
        b = ['url = "%s%s"' % (url, path), 'request = "%s"' % method,
             'output = "%s"' % os.path.join(outdir, str(i)),
             'write-out = "%{http_code}\\n"', "silent"]
        if body is not None:
            b.append('header = "Content-Type: %s"' % (MT % media))
            b.append("data = %s" % json.dumps(json.dumps(body)))
        blocks.append("\n".join(b))
    return "\nnext\n".join(blocks) + "\n"


def run_curl(h, sim, url, requests):
    """One curl process over one connection; (seconds, RSS KiB, statuses, requests seen,
    the last reply's body, CPU seconds)."""
    path = os.path.join(h.tmp, "curl.cfg")
    outdir = tempfile.mkdtemp(dir=h.tmp)
    with open(path, "w") as f:
        f.write(curl_config(url, requests, outdir))
    h.reset_stats(sim)
    secs, rss, out, cpu = timed(["curl", "--keepalive", "-K", path])
    seen = h.stats(sim)["total"]
    last = os.path.join(outdir, str(len(requests) - 1))
    with open(last, "rb") as f:
        body = f.read()
    subprocess.run(["rm", "-rf", outdir])
    return secs, rss, out.decode().split(), seen, body, cpu


def replayed(sim, recorded):
    """midosh's requests ("METHOD /path") as curl requests. The simulator records paths
    without query strings; none of the rows here sends one. curl's Accept (*/*) gets the
    newest representation, the one midosh asks for."""
    out = []
    for line in recorded:
        method, _, path = line.partition(" ")
        if method != "GET":
            raise SystemExit("cannot replay %r (not a GET)" % line)
        out.append(("GET", path, None, None))
    return out


def counts(h, sim):
    """Objects in the store: bridges, routers, ports. A connection of its own: the minimal
    client sends no pings, so a session kept across the rows would expire."""
    zk = ZkClient(h.zk_hosts)
    try:
        return tuple(len(zk.children(sim.root + d) or [])
                     for d in ("/bridges", "/routers", "/ports"))
    finally:
        zk.close()


class Row:
    def __init__(self, size, name):
        self.size, self.name = size, name
        self.m_secs, self.c_secs, self.m_rss, self.c_rss = [], [], 0, 0
        self.m_cpu, self.c_cpu = [], []
        self.m_reqs = self.c_reqs = 0

    def print(self):
        ms, cs = statistics.median(self.m_secs), statistics.median(self.c_secs)
        print("%7d  %-22s %9.2f %8.2f %6.2f  %7d %6d  %8.1f %7.1f %6.2f  %6.3f %6.3f" % (
            self.size, self.name, ms, cs, ms / cs if cs else float("inf"), self.m_reqs,
            self.c_reqs, self.m_rss / 1024, self.c_rss / 1024,
            self.m_rss / self.c_rss if self.c_rss else float("inf"),
            statistics.median(self.m_cpu), statistics.median(self.c_cpu)), flush=True)


def listed(out, json_output):
    """How many objects a list printed (text: one line each)."""
    return len(json.loads(out)) if json_output else len(out.splitlines())


def one_liner_row(h, sim, size, name, args, runs, objects=None):
    """objects: the row lists, and both sides must show that many objects (midosh in its
    output, -o json or text; curl in the collection's reply). The two sides take turns at
    going first, after a run of midosh that is not counted (it says what curl replays)."""
    row = Row(size, name)

    def midosh():
        h.reset_stats(sim)
        secs, rss, out, cpu = timed([h.bin("midosh")] + args, env=h_env(h, sim))
        st = h.stats(sim)
        if objects is not None and listed(out, "json" in args) != objects:
            raise SystemExit("%s: midosh listed %d objects, not %d"
                             % (name, listed(out, "json" in args), objects))
        return secs, rss, cpu, st

    def curl(recorded):
        secs, rss, codes, seen, body, cpu = run_curl(h, sim, sim.url, replayed(sim, recorded))
        if len(codes) != len(recorded) or any(not c.startswith("2") for c in codes):
            raise SystemExit("%s: curl's replay answered %r" % (name, codes))
        if objects is not None and len(json.loads(body)) != objects:
            raise SystemExit("%s: curl's list held %d objects, not %d"
                             % (name, len(json.loads(body)), objects))
        row.c_secs.append(secs)
        row.c_cpu.append(cpu)
        row.c_rss = max(row.c_rss, rss)
        row.c_reqs = seen

    recorded = midosh()[3]["requests"]
    for i in range(runs):
        if i % 2:
            curl(recorded)
        secs, rss, cpu, st = midosh()
        row.m_secs.append(secs)
        row.m_cpu.append(cpu)
        row.m_rss = max(row.m_rss, rss)
        row.m_reqs = st["total"]
        recorded = st["requests"]
        if not i % 2:
            curl(recorded)
    row.print()


def h_env(h, sim):
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e["HOME"] = h.home
    e["MIDO_API_URL"] = sim.url
    return e


def script_lines(tag):
    lines = ["create bridge name %s%d" % (tag, i) for i in range(100)]
    lines += ["bridge %s%d add port" % (tag, i) for i in range(100)]
    lines += ["create router name %sr%d" % (tag, i) for i in range(50)]
    lines += ["router %sr%d add port address 10.0.%d.1 net 10.0.%d.0/24" % (tag, i, i, i)
              for i in range(50)]
    return lines


def script_requests(tag):
    """The script's 300 creations as REST requests, with ids chosen here."""
    bridges = [str(uuid.uuid4()) for _ in range(100)]
    routers = [str(uuid.uuid4()) for _ in range(50)]
    reqs = [("POST", "/bridges", "Bridge-v3",
             {"id": b, "name": "%s%d" % (tag, i), "tenantId": "admin"})
            for i, b in enumerate(bridges)]
    reqs += [("POST", "/bridges/%s/ports" % b, "Port-v2", {"type": "Bridge"}) for b in bridges]
    reqs += [("POST", "/routers", "Router-v2",
              {"id": r, "name": "%sr%d" % (tag, i), "tenantId": "admin"})
             for i, r in enumerate(routers)]
    reqs += [("POST", "/routers/%s/ports" % r, "Port-v2",
              {"type": "Router", "networkAddress": "10.0.%d.0" % i, "networkLength": 24,
               "portAddress": "10.0.%d.1" % i}) for i, r in enumerate(routers)]
    return reqs


def created_devices(h, sim, tag):
    """DELETE paths of the script's bridges and routers (their ports go with them)."""
    out = []
    for kind, media in (("bridges", "Bridge-v3"), ("routers", "Router-v2")):
        _, _, items = h.http("GET", "%s/%s" % (sim.url, kind),
                             headers={"Accept": MT % ("collection." + media)})
        out += ["/%s/%s" % (kind, x["id"]) for x in items
                if (x.get("name") or "").startswith(tag)]
    return out


def script_row(h, sim, size, runs):
    row = Row(size, "script of 300")
    path = os.path.join(h.tmp, "script.mido")
    with open(path, "w") as f:
        f.write("\n".join(script_lines("m")) + "\n")
    for _ in range(runs):
        before = counts(h, sim)
        h.reset_stats(sim)
        secs, rss, _, cpu = timed([h.bin("midosh"), "-f", path], env=h_env(h, sim))
        row.m_reqs = h.stats(sim)["total"]
        row.m_secs.append(secs)
        row.m_cpu.append(cpu)
        row.m_rss = max(row.m_rss, rss)
        made = [a - b for a, b in zip(counts(h, sim), before)]
        delete_many(sim.url, created_devices(h, sim, "m"))
        before = counts(h, sim)
        secs, rss, codes, seen, _, cpu = run_curl(h, sim, sim.url, script_requests("c"))
        if len(codes) != 300 or any(not c.startswith("2") for c in codes):
            raise SystemExit("script: curl answered %r" % sorted(set(codes)))
        floor_made = [a - b for a, b in zip(counts(h, sim), before)]
        if made != floor_made:
            raise SystemExit("script: midosh created %r (bridges, routers, ports), curl %r"
                             % (made, floor_made))
        delete_many(sim.url, created_devices(h, sim, "c"))
        row.c_secs.append(secs)
        row.c_cpu.append(cpu)
        row.c_rss = max(row.c_rss, rss)
        row.c_reqs = seen
    row.print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(harness.REPO, "build"))
    large = os.environ.get("MIDOSH_BENCH_LARGE") == "1"
    ap.add_argument("--sizes", default="1000,10000" if large else "1000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    zkdir = tempfile.mkdtemp(prefix="midosh-bench-zk-")
    zkctl = os.path.join(harness.REPO, "tests", "zkctl")
    hosts = subprocess.run([zkctl, "start", zkdir], capture_output=True, text=True,
                           check=True).stdout.strip()
    h = harness.Harness(hosts, os.path.abspath(args.build), "bench-scale")
    try:
        sim = h.sim()
        have = 0
        print("%7s  %-22s %9s %8s %6s  %7s %6s  %8s %7s %6s  %6s %6s" % (
            "objects", "row (fresh process)", "midosh s", "curl s", "ratio", "m reqs",
            "c reqs", "m RSS MB", "c RSS MB", "ratio", "m cpu", "c cpu"), flush=True)
        for size in sizes:
            t0 = time.monotonic()
            post_many(sim.url, [("/bridges", "Bridge-v3", {"name": "b%d" % i, "tenantId": "admin"})
                                for i in range(have, size)])
            print("# created bridges b%d..b%d in %.1f s" % (have, size - 1, time.monotonic() - t0),
                  flush=True)
            have = size
            one_liner_row(h, sim, size, "list bridge", ["-c", "list bridge"], args.runs,
                          objects=size)
            one_liner_row(h, sim, size, "show bridge b5", ["-c", "show bridge b5"], args.runs)
            one_liner_row(h, sim, size, "show b5, zookeeper",
                          ["--zookeeper", hosts, "--zk-root", sim.root, "-c", "show bridge b5"],
                          args.runs)
            one_liner_row(h, sim, size, "-o json list bridge",
                          ["-o", "json", "-c", "list bridge"], args.runs, objects=size)
            script_row(h, sim, size, args.runs)
        print("# curl: the same requests over one connection (the script: the same 300 "
              "creations), its replies written to files; ratios are midosh/curl. The list rows "
              "check that both sides listed every bridge.")
    finally:
        h.cleanup()
        subprocess.run([zkctl, "stop", zkdir])


if __name__ == "__main__":
    main()
