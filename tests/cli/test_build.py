"""The Makefile's promises to a developer: a plain optimized build with DEVELOPER=1 has no
warning (make check's own build is at -O1, where gcc's flow warnings stay quiet), and a
missing ZooKeeper header is named with its package instead of ending in a compile error."""
import os
import stat
import subprocess


def make(h, *args):
    # A make of its own, not a part of the one that may have started the tests.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "-s", "--no-print-directory"] + list(args), cwd=h.repo,
                          capture_output=True, text=True, timeout=600, env=env)


def test_a_plain_optimized_developer_build_has_no_warning(h):
    # The build directory lives in the tested one and is kept: after the first run only what
    # changed is compiled again (a few seconds), and the first runs beside the other tests.
    out = os.path.join(os.path.abspath(h.build), "developer-O2")
    p = make(h, "O=" + out, "DEVELOPER=1", "SAN=", "CFLAGS=-O2", "all")
    assert p.returncode == 0, "make DEVELOPER=1 at -O2 failed:\n%s%s" % (p.stdout, p.stderr)


test_a_plain_optimized_developer_build_has_no_warning.timeout = 600


def test_a_missing_zookeeper_header_is_named_with_its_package(h):
    # A compiler that finds no system header stands for a machine without
    # libzookeeper-mt-dev; the other libraries are found by pkg-config.
    cc = os.path.join(h.tmp, "cc")
    with open(cc, "w") as f:
        f.write('#!/bin/sh\nexec cc -nostdinc "$@"\n')
    os.chmod(cc, os.stat(cc).st_mode | stat.S_IXUSR)
    out = os.path.join(h.tmp, "build")
    p = make(h, "O=" + out, "CC=" + cc, out + "/obj/api/zk.o")
    assert p.returncode != 0
    assert "libzookeeper-mt-dev" in p.stderr, p.stderr
    assert "zookeeper/zookeeper.h" in p.stderr, p.stderr
    assert not os.path.exists(os.path.join(out, "obj", "api", "zk.o"))
