"""The Debian package (debian/): its version, its build dependencies, its example rc file,
and the package itself, built from a copy of the tree, installed, checked, lintian-clean,
and removed.

The package test runs only as root with dpkg-buildpackage present (scripts/install-deps
installs the packaging tools); otherwise it is reported as skipped. It installs midosh
system-wide for a few seconds and removes it whatever happens; a lock file keeps two runs on
one machine from installing and removing it under each other.
"""
import errno
import fcntl
import os
import re
import shutil
import subprocess
import time

from harness import REPO, Skip

EXAMPLE = os.path.join(REPO, "doc", "examples", "midonetrc")
LOCK = "/tmp/midosh-deb-test.lock"
# Where the package puts each file, and the file of the tree it must be.
INSTALLED = {
    "/usr/share/bash-completion/completions/midosh": "completions/midosh.bash",
    "/usr/share/zsh/vendor-completions/_midosh": "completions/_midosh",
    "/usr/share/doc/midosh/examples/midonetrc": "doc/examples/midonetrc",
}


def makefile_version():
    with open(os.path.join(REPO, "Makefile")) as f:
        m = re.search(r"^VERSION\s*:=\s*(\S+)\s*$", f.read(), re.M)
    assert m, "no VERSION := in the Makefile"
    return m.group(1)


def run(cmd, timeout=60, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                          timeout=timeout, **kw)


def test_changelog_version_is_the_makefiles(h):
    p = run(["dpkg-parsechangelog", "-l", os.path.join(REPO, "debian", "changelog"),
             "-S", "Version"]) if shutil.which("dpkg-parsechangelog") else None
    if p is not None:
        assert p.returncode == 0, p.stderr
        version = p.stdout.strip()
    else:
        with open(os.path.join(REPO, "debian", "changelog")) as f:
            version = re.match(r"midosh \(([^)]+)\)", f.readline()).group(1)
    assert version == makefile_version(), \
        "debian/changelog has %s, the Makefile %s" % (version, makefile_version())


def test_build_depends_are_install_deps_libraries_without_the_simulators(h):
    with open(os.path.join(REPO, "debian", "control")) as f:
        control = f.read()
    m = re.search(r"^Build-Depends:(.*?)^(?=\S)", control, re.M | re.S)
    assert m, "no Build-Depends in debian/control"
    build_deps = {re.sub(r"\s*\(.*\)", "", d).strip() for d in m.group(1).split(",")}
    with open(os.path.join(REPO, "scripts", "install-deps")) as f:
        listed = set(re.search(r"^packages=\((.*?)^\)", f.read(), re.M | re.S).group(1).split())
    libs = {d for d in build_deps if d.startswith("lib") and d.endswith("-dev")}
    assert libs, build_deps
    assert libs <= listed, "not in scripts/install-deps: %s" % sorted(libs - listed)
    # libmicrohttpd is the simulator's alone and libclang-rt the fuzzer's (make fuzz);
    # midosh links the other four.
    assert libs == {p for p in listed if p.startswith("lib") and p.endswith("-dev")} \
        - {"libmicrohttpd-dev", "libclang-rt-14-dev"}, libs
    for tool in ("dpkg-dev", "debhelper", "lintian"):
        assert tool in listed, "scripts/install-deps does not install %s" % tool


def test_example_rc_holds_the_keys_midosh_reads(h):
    """Every commented setting of the example, uncommented, is one midosh reads."""
    sim = h.sim(auth="token", token="example-token")
    with open(EXAMPLE) as f:
        text = f.read()
    keys = re.findall(r"^#(\w+) = ", text, re.M)
    for key in ("api_url", "username", "password", "project_id", "zookeeper_hosts"):
        assert key in keys, "the example does not show %s" % key
    help_text = h.midosh("--help").out
    for key in keys:
        assert key in help_text, "midosh --help names no rc key %s" % key
    values = {"api_url": sim.url, "username": "admin", "password": "pw", "project_id": "admin",
              "zookeeper_hosts": h.zk_hosts, "zookeeper_root": sim.root}
    rc = re.sub(r"^#(\w+) = .*$",
                lambda m: "%s = %s" % (m.group(1), values.get(m.group(1), "admin")), text,
                flags=re.M)
    path = os.path.join(h.home, "midonetrc")
    with open(path, "w") as f:
        f.write(rc)
    os.chmod(path, 0o600)
    env = {"MIDOSH_RC": path}
    # Commented out, the example sets nothing: no API URL.
    r = h.midosh("-c", "list bridge", env={"MIDOSH_RC": EXAMPLE})
    assert r.rc == 2 and "no API URL" in r.err, r
    # Uncommented: the URL and the credentials log in (token mode refuses without them) ...
    r = h.midosh("-c", "create bridge name from-example; list bridge", env=env)
    assert r.rc == 0 and "bridge from-example" in r.out and r.err == "", r
    # ... and zookeeper_hosts is the ZooKeeper that `zk` reports on.
    r = h.midosh("-c", "zk", env=env)
    assert r.rc == 0 and "server: %s" % h.zk_hosts.split(",")[0] in r.out, r


def lock(timeout):
    """An exclusive lock on LOCK, waited for at most timeout seconds."""
    f = open(LOCK, "a")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return f
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                f.close()
                raise AssertionError("another run holds %s (installing midosh's package)" % LOCK)
            time.sleep(0.5)


def dpkg(*args, wait=60):
    """dpkg ARGS, again while another dpkg or apt holds dpkg's lock (for at most wait s)."""
    deadline = time.monotonic() + wait
    while True:
        p = run(["dpkg"] + list(args), timeout=120)
        if p.returncode == 0 or "lock" not in p.stderr or time.monotonic() > deadline:
            return p
        time.sleep(1)


def installed():
    p = run(["dpkg-query", "-W", "-f=${Status}", "midosh"])
    return p.returncode == 0 and p.stdout.endswith(" installed")


def build_env():
    """The environment without what a calling make or a developer's shell would pass on."""
    drop = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "O", "SAN", "CC",
            "CFLAGS", "CPPFLAGS", "LDFLAGS", "PREFIX", "DESTDIR")
    return {k: v for k, v in os.environ.items()
            if k not in drop and not k.startswith("DEB_") and not k.startswith("DH_")}


def check_hardening(binary):
    """dpkg-buildflags' hardening reached the binary: PIE, bind-now, fortified calls."""
    header = run(["readelf", "-h", binary]).stdout
    assert re.search(r"Type:\s+DYN", header), "not PIE:\n" + header
    dynamic = run(["readelf", "-d", binary]).stdout
    assert "BIND_NOW" in dynamic or re.search(r"FLAGS_1.*\bNOW\b", dynamic), dynamic
    syms = run(["readelf", "--dyn-syms", "-W", binary]).stdout
    assert re.search(r"__\w+_chk\b", syms), "no fortified (_chk) function: CPPFLAGS not used"


def test_package_builds_installs_and_is_lintian_clean(h):
    if os.geteuid() != 0:
        raise Skip("installing a package needs root")
    if not shutil.which("dpkg-buildpackage"):
        raise Skip("no dpkg-buildpackage (scripts/install-deps installs dpkg-dev)")
    for tool in ("dh", "lintian", "readelf"):
        assert shutil.which(tool), "no %s: run scripts/install-deps" % tool
    version = makefile_version()
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()

    # Build in a copy: the work tree (and its build/) stays as it is.
    src = os.path.join(h.tmp, "pkg", "midosh")
    shutil.copytree(REPO, src, symlinks=True, ignore=lambda d, names: [
        n for n in names
        if n in ("__pycache__", ".git") or (n == "build" and d in (REPO, os.path.join(REPO, "debian")))])
    p = run(["dpkg-buildpackage", "-us", "-uc", "-b"], timeout=240, cwd=src, env=build_env())
    assert p.returncode == 0, "dpkg-buildpackage failed:\n" + (p.stdout + p.stderr)[-4000:]
    out = os.path.dirname(src)
    deb = os.path.join(out, "midosh_%s_%s.deb" % (version, arch))
    changes = os.path.join(out, "midosh_%s_%s.changes" % (version, arch))
    assert os.path.isfile(deb), sorted(os.listdir(out))

    files = run(["dpkg-deb", "-c", deb]).stdout
    assert "midonet-sim" not in files, files
    depends = run(["dpkg-deb", "-f", deb, "Depends"]).stdout
    for lib in ("libcurl", "libjansson", "libedit", "libzookeeper-mt"):
        assert lib in depends, "Depends lacks %s: %s" % (lib, depends)

    # lintian on the .changes checks the .deb and the .buildinfo.
    p = run(["lintian", changes], timeout=120)
    bad = [l for l in p.stdout.splitlines() if re.match(r"[EW]: ", l)]
    assert not bad and p.returncode == 0, "lintian:\n" + p.stdout + p.stderr

    held = lock(60)
    try:
        assert not installed(), "midosh's package is installed already: dpkg -r midosh first"
        try:
            p = dpkg("-i", deb)
            assert p.returncode == 0, "dpkg -i: " + p.stdout + p.stderr
            check_hardening("/usr/bin/midosh")
            env = {"PATH": "/usr/bin:/bin", "HOME": h.home, "LANG": "C"}
            v = run(["/usr/bin/midosh", "--version"], env=env)
            assert v.returncode == 0 and v.stdout.strip() == "midosh " + version, v
            m = run(["man", "-w", "midosh"], env=env)
            assert m.returncode == 0 and m.stdout.strip() == "/usr/share/man/man1/midosh.1.gz", m
            for path, rel in INSTALLED.items():
                with open(path, "rb") as a, open(os.path.join(REPO, rel), "rb") as b:
                    assert a.read() == b.read(), "%s is not %s" % (path, rel)
            c = run(["bash", "-c", "source /usr/share/bash-completion/completions/midosh && "
                     "complete -p midosh"], env=env)
            assert c.returncode == 0 and c.stdout.strip().endswith(" midosh"), c
        finally:
            r = dpkg("-r", "midosh")
        assert r.returncode == 0 and not installed(), "dpkg -r: " + r.stdout + r.stderr
        assert not os.path.exists("/usr/bin/midosh")
    finally:
        held.close()


test_package_builds_installs_and_is_lintian_clean.timeout = 300
