"""make install / make uninstall honour PREFIX and DESTDIR."""
import os
import subprocess


def make(h, *args):
    p = subprocess.run(["make", "-s", "--no-print-directory", "O=" + h.build] + list(args),
                       cwd=h.repo, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, "make %s: %s%s" % (" ".join(args), p.stdout, p.stderr)


def test_install_and_uninstall_under_destdir(h):
    dest = os.path.join(h.tmp, "dest")
    make(h, "install", "DESTDIR=" + dest, "PREFIX=/opt/midosh")
    root = os.path.join(dest, "opt", "midosh")
    expected = ["bin/midosh", "share/man/man1/midosh.1",
                "share/bash-completion/completions/midosh",
                "share/zsh/vendor-completions/_midosh"]
    for rel in expected:
        assert os.path.isfile(os.path.join(root, rel)), rel
    binary = os.path.join(root, "bin", "midosh")
    assert os.access(binary, os.X_OK)
    v = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    assert v.returncode == 0 and v.stdout.startswith("midosh "), v
    make(h, "uninstall", "DESTDIR=" + dest, "PREFIX=/opt/midosh")
    for rel in expected:
        assert not os.path.exists(os.path.join(root, rel)), rel
