"""The pager: at a terminal, output taller than the screen goes through
$MIDOSH_PAGER, else $PAGER, else less -FRX; --no-pager and MIDOSH_PAGER= turn it off;
never for scripts, for -c piped, or for JSON to a pipe. The pager here is a script that
records what it is given."""
import os
import shutil
import stat

from harness import Skip

from ptyhelp import Pty


def fake_pager(h, name="pager"):
    """A pager that appends its input to a file, and says it ran; returns (command, file)."""
    log = os.path.join(h.tmp, name + ".log")
    path = os.path.join(h.tmp, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\ncat >> '%s'\necho '--paged--' >> '%s'\necho PAGER-RAN\n" % (log, log))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path, log


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def bridges(h, n):
    sim = h.sim()
    r = h.midosh("-c", "; ".join("create bridge name b%02d" % i for i in range(n)), url=sim.url)
    assert r.rc == 0, r.err
    return sim


def test_tall_output_goes_through_the_pager(h):
    sim = bridges(h, 30)
    cmd, log = fake_pager(h)
    p = Pty(h, url=sim.url, args=["-c", "list bridge"], env={"MIDOSH_PAGER": cmd}, rows=20)
    p.expect("PAGER-RAN")
    assert p.wait_exit(timeout=30) == 0
    got = read(log)
    assert got.count("\nbridge b") + got.startswith("bridge b") == 30, got
    assert got.endswith("--paged--\n"), got
    # The terminal shows the pager's output, not the list.
    assert "bridge b05" not in p.text(), p.text()


def test_short_output_and_no_pager(h):
    sim = bridges(h, 30)
    cmd, log = fake_pager(h)
    # Shorter than the screen: printed directly.
    p = Pty(h, url=sim.url, args=["-c", "list bridge name b01"], env={"MIDOSH_PAGER": cmd}, rows=20)
    p.expect("bridge b01 name b01")
    assert p.wait_exit(timeout=30) == 0
    # --no-pager; MIDOSH_PAGER= (even with PAGER set); PAGER when MIDOSH_PAGER is unset.
    p = Pty(h, url=sim.url, args=["--no-pager", "-c", "list bridge"], env={"MIDOSH_PAGER": cmd}, rows=20)
    p.expect("bridge b29 name b29")
    assert p.wait_exit(timeout=30) == 0
    p = Pty(h, url=sim.url, args=["-c", "list bridge"], env={"MIDOSH_PAGER": "", "PAGER": cmd}, rows=20)
    p.expect("bridge b29 name b29")
    assert p.wait_exit(timeout=30) == 0
    assert read(log) == "", read(log)
    pcmd, plog = fake_pager(h, "pager2")
    p = Pty(h, url=sim.url, env={"PAGER": pcmd}, rows=20,
            command=["env", "-u", "MIDOSH_PAGER", h.bin("midosh"), "-c", "list bridge"])
    p.expect("PAGER-RAN")
    assert p.wait_exit(timeout=30) == 0
    assert read(plog).count("bridge b") == 30, read(plog)


def test_no_pager_in_scripts_or_pipes(h):
    sim = bridges(h, 30)
    cmd, log = fake_pager(h)
    env = {"MIDOSH_PAGER": cmd}
    # Piped: -c, JSON, and a script file (standard output not a terminal).
    r = h.midosh("-c", "list bridge", url=sim.url, env=env)
    assert r.rc == 0 and r.out.count("\n") == 30
    r = h.midosh("-o", "json", "-c", "list bridge", url=sim.url, env=env)
    assert r.rc == 0 and len(r.json()) == 30
    # A script at a terminal: never paged.
    script = os.path.join(h.tmp, "s.mido")
    with open(script, "w") as f:
        f.write("list bridge\n")
    p = Pty(h, url=sim.url, args=["-f", script], env=env, rows=20)
    p.expect("bridge b29 name b29")
    assert p.wait_exit(timeout=30) == 0
    assert read(log) == "", read(log)


def test_the_prompt_pages_each_tall_command(h):
    sim = bridges(h, 30)
    cmd, log = fake_pager(h)
    p = Pty(h, url=sim.url, env={"MIDOSH_PAGER": cmd}, rows=20)
    p.expect_prompt()
    p.send("list bridge\r")
    p.expect("PAGER-RAN")
    p.expect_prompt()
    p.send("list bridge name b03\r")
    p.expect("bridge b03 name b03")
    p.expect_prompt()
    p.send("\x04")
    assert p.wait_exit() == 0
    got = read(log)
    assert got.count("--paged--") == 1 and "bridge b29" in got and got.count("bridge b03") == 1, got


def test_ctrl_c_in_the_pager_is_the_pagers(h):
    """^C while the pager shows the output goes to the pager (less redraws on it); midosh
    waits for it and exits 0 instead of dying and leaving it on the terminal."""
    sim = bridges(h, 30)
    log = os.path.join(h.tmp, "int.log")
    path = os.path.join(h.tmp, "slow-pager")
    with open(path, "w") as f:
        f.write("#!/bin/sh\ntrap 'echo INT >> %s' INT\ncat > /dev/null\necho READY\n"
                "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.1; done\necho PAGER-DONE\n" % log)
    os.chmod(path, 0o755)
    p = Pty(h, url=sim.url, args=["-c", "list bridge"], env={"MIDOSH_PAGER": path}, rows=20)
    p.expect("READY")
    p.send("\x03")
    p.expect("PAGER-DONE")
    assert p.wait_exit(timeout=30) == 0
    assert read(log) == "INT\n", read(log)


def test_the_default_pager_is_less_FRX(h):
    """Neither MIDOSH_PAGER nor PAGER set: `less -FRX` shows a tall output a screen at a
    time, and q leaves it; midosh then exits 0."""
    less = shutil.which("less")
    if not less:
        raise Skip("no less installed")
    sim = bridges(h, 30)
    bindir = os.path.join(h.tmp, "bin")
    os.mkdir(bindir)
    args = os.path.join(h.tmp, "less.args")
    with open(os.path.join(bindir, "less"), "w") as f:
        f.write("#!/bin/sh\necho \"$@\" > '%s'\nexec '%s' \"$@\"\n" % (args, less))
    os.chmod(os.path.join(bindir, "less"), 0o755)
    p = Pty(h, url=sim.url, rows=20, command=[
        "env", "-u", "MIDOSH_PAGER", "-u", "PAGER", "-u", "LESS",
        "PATH=%s:%s" % (bindir, os.environ.get("PATH", "/usr/bin:/bin")),
        h.bin("midosh"), "-c", "list bridge"])
    p.expect("^bridge b18 name b18")
    p.expect("^:", timeout=10)          # less's prompt: it waits for a key
    assert p.proc.poll() is None and "bridge b29" not in p.text(), p.text()
    p.send("q")
    assert p.wait_exit(timeout=30) == 0, p.text()
    assert read(args) == "-FRX\n", read(args)


def test_help_names_the_pager(h):
    """`help` says where tall output goes, and how to turn it off."""
    r = h.midosh("-c", "help")
    assert r.rc == 0, r.err
    text = " ".join(r.out.split())
    for words in ("$MIDOSH_PAGER, else $PAGER, else less -FRX", "--no-pager", "'MIDOSH_PAGER='"):
        assert words in text, (words, r.out)
