"""No core dumps by default (a core holds the password and the token); MIDOSH_CORE_DUMPS=1
leaves them as they were. Read from /proc while midosh waits in `watch`."""
import os
import resource
import subprocess

from harness import poll


def limits_while_watching(h, sim, env_extra):
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    # The sanitizers' own default lowers the soft limit: not here, so midosh's is what is seen.
    e.update({"HOME": h.home, "MIDO_API_URL": sim.url,
              "ASAN_OPTIONS": e.get("ASAN_OPTIONS", "") + ":disable_coredump=0"})
    e.update(env_extra)

    def allow_cores():
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

    err_path = os.path.join(h.tmp, "watch-%d.err" % len(env_extra))

    def err_text():
        with open(err_path) as f:
            return f.read()
    # -d: watch says on stderr when it follows what it watches, long after the limits are set.
    with open(err_path, "w") as err_file:
        p = subprocess.Popen([h.bin("midosh"), "-d", "--zookeeper", h.zk_hosts, "--zk-root",
                              sim.root, "-c", "watch timeout 20"], stdout=subprocess.PIPE,
                             stderr=err_file, env=e, preexec_fn=allow_cores)
    try:
        poll("watch to start", lambda: "midosh: watch: following " in err_text()
             or p.poll() is not None, 20)
        assert p.poll() is None, (p.communicate(), err_text())
        with open("/proc/%d/limits" % p.pid) as f:
            core = [l for l in f if l.startswith("Max core file size")][0].split()
        st = os.stat("/proc/%d" % p.pid)
        with open("/proc/%d/status" % p.pid) as f:
            status = f.read()
    finally:
        p.kill()
        p.communicate()
    return core[4:6], st, status


def test_core_dumps_are_off_unless_asked_for(h):
    sim = h.sim()
    core, st, _ = limits_while_watching(h, sim, {})
    assert core == ["0", "0"], core
    # Not dumpable: /proc/PID belongs to root (for a process of another user), which is how
    # the kernel shows it; as root itself, the core limit above is the visible sign.
    if os.getuid() != 0:
        assert st.st_uid == 0, st
    core, st, _ = limits_while_watching(h, sim, {"MIDOSH_CORE_DUMPS": "1"})
    assert core == ["unlimited", "unlimited"], core
    assert st.st_uid == os.getuid(), st
