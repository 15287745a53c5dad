"""midosh(1): current with the grammar and the schema, with `midosh --help`, renders without
warnings, and every example in it runs against the simulator with the output it shows."""
import os
import re
import shlex
import subprocess

from harness import UUID_RE, Result, TestFailure, poll
from usage import OPTION_RE, help_options

MAN = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "man", "midosh.1")


def man_text():
    with open(MAN) as f:
        return f.read()


def section(text, name):
    """The lines of a .SH section."""
    m = re.search(r"^\.SH %s\n(.*?)(?=^\.SH )" % re.escape(name), text, re.M | re.S)
    assert m, "no .SH %s in man/midosh.1" % name
    return m.group(1)


def unroff(s):
    """A line of roff as the reader sees it (the escapes the page uses)."""
    for a, b in (("\\-", "-"), ("\\e", "\\"), ("\\(aq", "'"), ("\\(dq", '"'), ("\\&", "")):
        s = s.replace(a, b)
    return re.sub(r"\\f[BIRP]", "", s)


def test_generated_blocks_are_current(h):
    p = subprocess.run([h.bin("mangen"), MAN], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    text = man_text()
    if p.stdout != text:
        new, old = p.stdout.split("\n"), text.split("\n")
        i = next(i for i in range(min(len(new), len(old)) + 1)
                 if i >= len(new) or i >= len(old) or new[i] != old[i])
        raise TestFailure("man/midosh.1 does not match the grammar and schema: run `make man`"
                          "\nfirst difference at line %d:\n  page: %r\n  now:  %r"
                          % (i + 1, old[i] if i < len(old) else None,
                             new[i] if i < len(new) else None))
    # The blocks are there and hold every verb and type.
    for block in ("commands", "types"):
        m = re.search(r'^\.\\" BEGIN generated %s\n(.*?)^\.\\" END generated %s$' % (block, block),
                      text, re.M | re.S)
        assert m and m.group(1).count("\n") > 20, "generated block %s is missing or empty" % block
    for word in ("list", "describe", "sett"):
        assert re.search(r"^\.B %s" % word, text, re.M), word
    for t in ("bridge", "router", "tunnel\\-zone", "host"):
        assert re.search(r'^\.SS "%s' % re.escape(t), text, re.M), t


def test_renders_without_warnings(h):
    p = subprocess.run(["groff", "-ww", "-man", "-z", MAN], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0 and not p.stderr.strip(), "groff -ww: %s" % p.stderr
    # mandoc's STYLE level only complains about long source lines; warnings and worse count.
    p = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", MAN], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0 and not (p.stdout + p.stderr).strip(), \
        "mandoc -T lint: %s%s" % (p.stdout, p.stderr)


def test_options_match_help(h):
    opts = help_options(h)
    body = section(man_text(), "OPTIONS")
    man = set()
    for line in body.split("\n"):
        if re.match(r"^\.(B|BI|BR|IR|RB) ", line) and not line.startswith(".BR midonet"):
            man.update(OPTION_RE.findall(unroff(line)))
    missing = sorted(opts - man)
    stale = sorted(man - opts)
    assert not missing, "options in --help but not in man/midosh.1 OPTIONS: %s" % missing
    assert not stale, "options in man/midosh.1 OPTIONS but not in --help: %s" % stale


def examples():
    """(command line, expected stdout lines, expected stderr lines) for each '$ ' line under
    EXAMPLES. A line that starts with "midosh: ", and the indented lines right after it (an
    error's line and caret), are on standard error. A command that ends with " &" runs in
    the background, as in a shell: the lines after the command that follows it are the
    background command's output, and that command itself prints nothing."""
    out = []
    for block in re.findall(r"^\.EX\n(.*?)^\.EE$", section(man_text(), "EXAMPLES"), re.M | re.S):
        for line in block.rstrip("\n").split("\n"):
            line = unroff(line)
            if line.startswith("$ "):
                out.append((line[2:], [], []))
                continue
            assert out, "output before any command in EXAMPLES: %r" % line
            err = out[-1][2]
            if line.startswith("midosh: ") or (line.startswith("  ") and err and
                                                not out[-1][1]):
                err.append(line)
            else:
                out[-1][1].append(line)
    return out


def normalize(text):
    text = UUID_RE.sub("<id>", text)
    # A dump's header: the API's address and the time it was taken.
    text = re.sub(r"http://127\.0\.0\.1:\d+/", "http://<api>/", text)
    # ... and watch's local time.
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?", "<time>", text)
    return re.sub(r"\b[0-9a-f]{8}\b", "<id8>", text)


def test_every_example_runs(h):
    cases = examples()
    assert len(cases) >= 10, cases
    sim = h.sim()
    h.agent("host1", sim.root, addresses=["192.168.0.1"], interfaces=["eth0"])
    zk = {"MIDO_ZOOKEEPER_HOSTS": h.zk_hosts, "MIDO_ZOOKEEPER_ROOT": sim.root}
    background = None
    wrong = []
    for line, want, want_err in cases:
        words = shlex.split(line)
        # ZooKeeper only for the examples of its commands: the others show the API alone.
        env = zk if re.search(r"\b(watch|zk|doctor)\b", line) else None
        if words[-1] == "&":
            assert not want and not background, "example %r: output under a & line" % line
            background = Background(h, words[:-1], env, sim.url)
            continue
        stdin = None
        if "|" in words:
            bar = words.index("|")
            assert words[:1] == ["echo"] and bar == len(words) - len(words[bar:]), line
            stdin = " ".join(words[1:bar]) + "\n"
            words = words[bar + 1:]
        assert words[0] == "midosh", "an example that is not a midosh command: %r" % line
        r = h.midosh(*words[1:], input=stdin, env=env, url=sim.url)
        got_err = normalize(r.err).rstrip("\n").split("\n") if r.err else []
        if got_err != [normalize(w) for w in want_err]:
            wrong.append("example %r printed on stderr:\n%s\nthe man page shows:\n%s" % (
                line, r.err, "\n".join(want_err)))
        # An error's example shows the line and a caret under the word: exit 2.
        usage = any(re.fullmatch(r" *\^+", w) for w in want_err)
        if r.rc != (2 if usage else 0):
            wrong.append("example %r: exit %d: %s" % (line, r.rc, r.err))
        if background:
            if r.out:
                wrong.append("example %r printed %r" % (line, r.out))
            line, r = background.finish()
            background = None
            if r.rc:
                wrong.append("example %r: exit %d: %s" % (line, r.rc, r.err))
        got = normalize(r.out).rstrip("\n").split("\n")
        if want and got != [normalize(w) for w in want]:     # an example may leave it out
            wrong.append("example %r printed:\n%s\nthe man page shows:\n%s" % (
                line, r.out, "\n".join(want)))
    assert not wrong, "\n\n".join(wrong)


class Background:
    """An example's `midosh ... &`: started with -d, whose line on standard error says when
    watch follows everything (so that the next example's change is seen)."""
    READY = "midosh: watch: following "

    def __init__(self, h, words, env, url):
        assert words[0] == "midosh", "an example that is not a midosh command: %r" % words
        e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
        e.update({"HOME": h.home, "MIDO_API_URL": url,
                  "ASAN_OPTIONS": e.get("ASAN_OPTIONS", "") + ":detect_leaks=1"})
        e.update(env or {})
        self.line = " ".join(words)
        self.err_path = os.path.join(h.tmp, "background.err")
        with open(self.err_path, "w") as err:
            self.p = subprocess.Popen([h.bin("midosh"), "-d"] + words[1:], env=e, text=True,
                                      stdout=subprocess.PIPE, stderr=err)
        poll("%r following" % self.line,
             lambda: self.READY in self.stderr() or self.p.poll() is not None, 20)

    def stderr(self):
        with open(self.err_path) as f:
            return f.read()

    def finish(self):
        """(its line, its Result), once it ends; a failure when it does not, in 30 s."""
        try:
            out, _ = self.p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            out, _ = self.p.communicate()
        err = self.stderr()
        assert "Sanitizer" not in err and "runtime error" not in err, err
        return self.line, Result(self.p.returncode, out, err)
