"""Shell completion: `midosh --complete`, completions/midosh.bash and completions/_midosh
(zsh), both called directly and through a real interactive shell in tmux."""
import os
import re
import shutil
import subprocess
import time

from harness import TestFailure, alone, poll
from usage import help_options

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASH_SCRIPT = os.path.join(REPO, "completions", "midosh.bash")
ZSH_SCRIPT = os.path.join(REPO, "completions", "_midosh")


def env_for(h, url):
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update({"HOME": h.home, "PATH": h.build + os.pathsep + e.get("PATH", ""),
              "MIDO_API_URL": url, "ASAN_OPTIONS": e.get("ASAN_OPTIONS", "") + ":detect_leaks=1"})
    return e


def setup(h):
    sim = h.sim()
    r = h.midosh("-c", "create bridge name alpha; create bridge name 'my bridge'", url=sim.url)
    assert r.rc == 0, r
    return sim


@alone
def test_complete_option(h):
    sim = setup(h)
    r = h.midosh("--complete", "list br", url=sim.url)
    assert (r.rc, r.out) == (0, "bridge\n"), r
    r = h.midosh("--complete", "show bridge ", url=sim.url)
    assert (r.rc, r.out) == (0, "alpha\nmy bridge\n"), r
    r = h.midosh("--complete", "create tunnel-zone name tz type ", url=sim.url)
    assert r.out.split() == ["gre", "vtep", "vxlan"], r
    # Where a value is matched against objects (a list filter, a selector), their names.
    r = h.midosh("--complete", "list bridge name ", url=sim.url)
    assert (r.rc, r.out) == (0, "alpha\nmy bridge\n"), r
    r = h.midosh("--complete", "bridge name a", url=sim.url)
    assert (r.rc, r.out) == (0, "add\nalpha\narp-table\n"), r
    r = h.midosh("--complete", "create bridge name ", url=sim.url)
    assert (r.rc, r.out) == (0, ""), r
    # Without any API configured: keywords still, names not, and no error.
    r = h.midosh("--complete", "li", env={"MIDOSH_RC": ""})
    assert (r.rc, r.out, r.err) == (0, "list\n", ""), r
    r = h.midosh("--complete", "show bridge ", env={"MIDOSH_RC": ""})
    assert (r.rc, r.out) == (0, ""), r
    # An API that does not answer: keywords at once, names given up on.
    r = h.midosh("--complete", "show bridge ", url="http://127.0.0.1:9/midonet-api")
    assert (r.rc, r.out) == (0, ""), r
    # A slow one: names are waited for a few hundred milliseconds, no more.
    sim.stop()
    slow = h.sim(root=sim.root, delay_ms=5000)
    t0 = time.monotonic()
    r = h.midosh("--complete", "show bridge ", url=slow.url)
    took = time.monotonic() - t0
    assert (r.rc, r.out) == (0, ""), r
    assert took < 2.5, "--complete waited %.1f s for a slow API" % took


def bash_complete(h, url, words, line=None):
    """COMPREPLY for a command line split into words (the last one being completed)."""
    line = line if line is not None else " ".join(words)
    script = ('source %s\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\nCOMP_LINE=%s\nCOMP_POINT=%d\n'
              '_midosh\nprintf "%%s\\n" "${COMPREPLY[@]}"\n'
              % (quote(BASH_SCRIPT), " ".join(quote(w) for w in words), len(words) - 1,
                 quote(line), len(line)))
    p = subprocess.run(["bash", "--norc", "--noprofile"], input=script, capture_output=True,
                       text=True, env=env_for(h, url), timeout=60)
    assert p.returncode == 0, p
    return [l for l in p.stdout.split("\n") if l]


def quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def test_bash_function(h):
    sim = setup(h)
    u = sim.url
    assert "--timeout" in bash_complete(h, u, ["midosh", "--ti"])
    assert bash_complete(h, u, ["midosh", "-o", ""]) == ["text", "json", "table"]
    assert bash_complete(h, u, ["midosh", "-e", "list", "br"]) == ["bridge"]
    assert bash_complete(h, u, ["midosh", "-e", "show", "bridge", ""]) == ["alpha", "my\\ bridge"]
    assert bash_complete(h, u, ["midosh", "-c", "li"]) == ["list"]
    # Inside -c's quotes: the whole text so far, names quoted for midosh.
    assert bash_complete(h, u, ["midosh", "-c", '"list br']) == ["list bridge "]
    assert bash_complete(h, u, ["midosh", "-c", '"show bridge m']) == ["show bridge 'my bridge' "]
    assert bash_complete(h, u, ["midosh", "-c", "'show bridge m"]) == ['show bridge "my bridge" ']
    assert bash_complete(h, u, ["midosh", "-c", '"show bridge ']) == \
        ["show bridge alpha", "show bridge 'my bridge'"]
    # The API given on the line is the one asked.
    env_url = "http://127.0.0.1:9/midonet-api"
    assert bash_complete(h, env_url, ["midosh", "--midonet-url", u, "-e", "show", "bridge", "a"]) \
        == ["alpha"]
    assert bash_complete(h, env_url, ["midosh", "-e", "show", "bridge", "a"]) == []


class Tmux:
    """An interactive shell in a private tmux server."""

    def __init__(self, h, shell_cmd, env):
        self.sock = "midosh-%d-%d" % (os.getpid(), id(self))
        self.env = env
        self.tmux(["new-session", "-d", "-x", "150", "-y", "40", shell_cmd])
        h._procs.append(self)

    def tmux(self, args, check=True):
        p = subprocess.run(["tmux", "-L", self.sock] + args, capture_output=True, text=True,
                           env=self.env, timeout=20)
        if check and p.returncode != 0:
            raise TestFailure("tmux %s: %s" % (" ".join(args), p.stderr))
        return p.stdout

    def type(self, text, tab=True):
        self.tmux(["send-keys", "-l", text])
        if tab:
            self.tmux(["send-keys", "Tab"])

    def expect(self, pattern, timeout=15):
        screen = [""]

        def shown():
            screen[0] = self.tmux(["capture-pane", "-p", "-N"])   # -N: trailing blanks too
            return re.search(pattern, screen[0], re.M)
        try:
            poll("%r on the screen" % pattern, shown, timeout, 0.1)
        except TestFailure as e:
            raise TestFailure("%s:\n%s" % (e, screen[0]))
        return screen[0]

    def clear_line(self):
        self.tmux(["send-keys", "C-u"])

    def stop(self):
        self.tmux(["kill-server"], check=False)


def interactive(h, shell):
    assert shutil.which("tmux"), "tmux is missing (scripts/install-deps installs it)"
    assert shutil.which(shell), "%s is missing (scripts/install-deps installs it)" % shell
    sim = setup(h)
    env = env_for(h, sim.url)
    if shell == "bash":
        t = Tmux(h, "bash --norc --noprofile", env)
        t.type("PS1='ready$ '; source %s" % quote(BASH_SCRIPT), tab=False)
    else:
        t = Tmux(h, "zsh -f", env)
        t.type("PS1='ready$ '; fpath=(%s $fpath); autoload -U compinit; compinit -u -D"
               % quote(os.path.dirname(ZSH_SCRIPT)), tab=False)
    t.tmux(["send-keys", "Enter"])
    t.expect(r"^ready\$ $")
    t.type("midosh -e li")
    t.expect(r"^ready\$ midosh -e list $")
    t.type("br")
    t.expect(r"^ready\$ midosh -e list bridge $")
    t.clear_line()
    t.type('midosh -c "show bridge al')
    # (bash closes the quote after the only candidate; zsh leaves it open)
    t.expect(r'^ready\$ midosh -c "show bridge alpha ?"? *$')
    t.clear_line()
    t.type("midosh --keep")
    t.expect(r"^ready\$ midosh --keep-going *$")
    t.clear_line()
    return t


def test_bash_interactive(h):
    interactive(h, "bash")


def test_zsh_interactive(h):
    t = interactive(h, "zsh")
    t.type("midosh -c 'create tunnel-zone name x type v")
    t.expect(r"^vtep +vxlan")


def test_zsh_options_match_help(h):
    helped = help_options(h)
    with open(ZSH_SCRIPT) as f:
        text = f.read()
    spec = text[text.index("_arguments"):]
    offered = set(re.findall(r"(?<=[{',])(--?[A-Za-z][\w-]*)(?=[+=\[,}])", spec))
    assert helped - offered == set(), "in --help, not in _midosh: %s" % sorted(helped - offered)
    assert offered - helped == set(), "in _midosh, not in --help: %s" % sorted(offered - helped)
