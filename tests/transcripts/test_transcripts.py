"""Transcript tests: every tests/transcripts/*.t file is one test.

A transcript runs midosh against a fresh midonet-sim (its own ZooKeeper root) and
compares what it prints. The format, line by line:

    # comment                     ignored (also blank lines between commands)
    @agent NAME [ARGS...]         start `midonet-sim agent --name NAME ARGS...` on this root
    @stop-agent NAME              stop it (SIGTERM): the host goes dead
    @vtep IP PORT [ARGS...]       start `midonet-sim vtep` (a reachable VTEP at IP:PORT;
                                  ARGS: --name N, --tunnel-ip IP, --port NAME...)
    @sim [ARGS...]                restart the simulator with extra serve ARGS (same root)
    @dialect 1.9|5                the API generation the simulator speaks from here on
                                  (restarted on the same root; 1.9 by default); at the top
                                  of a file, the whole transcript is that dialect's only
    @dialects 1.9                 (at the top) run this transcript against 1.9 only
    @1.9: LINE  /  @5: LINE       LINE (any line: command, directive, expected output) when
                                  the transcript runs against that dialect; dropped otherwise
    @file PATH                    write the following lines, up to @end, to PATH
                                  (relative to the test's directory; ~/ is the test's HOME)
    @chmod MODE PATH              chmod a file written with @file
    @env NAME=VALUE               set an environment variable for the next commands
    @unenv NAME                   unset it
    @reset-stats                  zero the simulator's request counters
    @stats METHOD OP N ...        assert counters since the last reset: GET<=3 POST=1 total<=4
    $ midosh ARGS...              run midosh (shell-like words); "$URL" is the API URL
    < TEXT                        (after $) a line of standard input
    TEXT                          an expected line of standard output
    ! TEXT                        an expected line of standard error
    ~ JSON                        standard output parsed as JSON must contain this
                                  (objects: the given keys match; arrays: same length,
                                  element by element; strings may hold {uuid}, {id8}, {*})
    ? N                           the expected exit status (default 0)
    ...                           (as a stdout line) any number of lines, possibly none

In expected lines and commands: {uuid} matches a UUID, {id8} an 8-digit id prefix,
{*} any text, {NAME=uuid} matches a UUID and remembers it as NAME, and ${NAME}
substitutes a remembered value (also ${URL}, ${ROOT}, ${HOME}, ${DIR}, ${AGENT_NAME}
for an agent's id).

Both dialects: a transcript that does not start with `@dialect` or `@dialects` is one test
against 1.9 (test_NAME) and one against MidoNet 5.x (test_NAME_5: the simulator started with
`--dialect 5`). The 5.x run reads the same file with the `@5:` lines kept and the `@1.9:`
lines dropped; a difference every transcript would otherwise spell out line by line is one
documented substitution instead (SUBST5: what 5.x prints where 1.9 prints something else),
applied to expected output lines only.
"""
import json
import os
import re
import shlex
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


# 5.x prints, for the same objects, a few things 1.9 does not; each entry is a regex over an
# expected stdout line of the 1.9 text and its 5.x replacement. (Keep this short: a difference
# in one place belongs in the transcript as an @5: line.)
SUBST5 = [
    # A router's asNumber is a primitive int in 5.x: 0 on every router not given one (printed
    # before the router's mirrors).
    (r"^(router \S+ name .*?)((?: (?:in|out)-mirrors \S+)*)$", r"\1 asn 0\2"),
    # A router port's portSubnet: 5.x derives it from the address and net 1.9 was given.
    (r"^(port .* address (\S+) net \S+/(\d+))(?= |$)", r"\1 addresses \2/\3"),
]


class TranscriptError(AssertionError):
    pass


def contains(have, want, path="$"):
    """Does JSON value `have` contain `want`? Returns a reason string, or None."""
    if isinstance(want, dict):
        if not isinstance(have, dict):
            return "%s: expected an object, got %r" % (path, have)
        for k, v in want.items():
            if k not in have:
                return "%s: missing key %r" % (path, k)
            why = contains(have[k], v, "%s.%s" % (path, k))
            if why:
                return why
        return None
    if isinstance(want, list):
        if not isinstance(have, list) or len(have) != len(want):
            return "%s: expected a list of %d, got %r" % (path, len(want), have)
        for i, (a, b) in enumerate(zip(have, want)):
            why = contains(a, b, "%s[%d]" % (path, i))
            if why:
                return why
        return None
    if isinstance(want, str) and isinstance(have, str) and re.search(r"\{(uuid|id8|\*)\}", want):
        rx = re.escape(want).replace(r"\{uuid\}", UUID).replace(r"\{id8\}", "[0-9a-f]{8}")
        rx = rx.replace(r"\{\*\}", ".*")
        return None if re.fullmatch(rx, have) else "%s: expected %r, got %r" % (path, want, have)
    return None if have == want else "%s: expected %r, got %r" % (path, want, have)


class Transcript:
    def __init__(self, h, path, dialect="1.9"):
        self.h = h
        self.path = path
        self.vars = {}
        self.env = {}
        self.agents = {}
        self.dir = h.tmp
        self.which = dialect    # which @1.9:/@5: lines count
        # extra serve ARGS for the dialect, kept across @sim
        self.dialect = ["--dialect", "5"] if dialect == "5" else []
        self.sim = h.sim(extra=self.dialect)
        self.root = self.sim.root

    # -- substitution and matching ------------------------------------------------
    def subst(self, text):
        def var(m):
            name = m.group(1)
            fixed = {"URL": self.sim.url, "ROOT": self.root, "HOME": self.h.home, "DIR": self.dir}
            if name in fixed:
                return fixed[name]
            if name in self.vars:
                return self.vars[name]
            if name in self.agents:
                return self.agents[name].id
            raise TranscriptError("unknown variable ${%s}" % name)
        return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}", var, text)

    def pattern(self, line):
        """A regex for an expected line, and the names it captures, in order."""
        out, names, pos = [], [], 0
        for m in re.finditer(r"\{(uuid|id8|\*|[A-Za-z_][A-Za-z0-9_]*=uuid)\}", line):
            out.append(re.escape(line[pos:m.start()]))
            tok = m.group(1)
            if tok == "uuid":
                out.append(UUID)
            elif tok == "id8":
                out.append(r"[0-9a-f]{8}")
            elif tok == "*":
                out.append(r".*")
            else:
                names.append(tok.split("=")[0])
                out.append("(" + UUID + ")")
            pos = m.end()
        out.append(re.escape(line[pos:]))
        return "".join(out), names

    def match_lines(self, what, want, have, lineno):
        have_lines = have.split("\n")
        if have_lines and have_lines[-1] == "":
            have_lines.pop()
        i = 0
        for k, w in enumerate(want):
            if w == "...":
                nxt = want[k + 1] if k + 1 < len(want) else None
                if nxt is None:
                    return
                rx, _ = self.pattern(self.subst(nxt))
                while i < len(have_lines) and not re.fullmatch(rx, have_lines[i]):
                    i += 1
                continue
            rx, names = self.pattern(self.subst(w))
            if i >= len(have_lines):
                raise TranscriptError("%s:%d: %s ended; expected %r\n--- got:\n%s"
                                      % (self.path, lineno, what, w, have))
            m = re.fullmatch(rx, have_lines[i])
            if not m:
                raise TranscriptError("%s:%d: %s line %d: expected %r, got %r\n--- got:\n%s"
                                      % (self.path, lineno, what, i + 1, w, have_lines[i], have))
            for n, v in zip(names, m.groups()):
                self.vars[n] = v
            i += 1
        if i < len(have_lines):
            raise TranscriptError("%s:%d: unexpected %s: %r\n--- got:\n%s"
                                  % (self.path, lineno, what, have_lines[i], have))

    # -- actions ---------------------------------------------------------------------
    def file_path(self, p):
        p = self.subst(p)
        if p.startswith("~/"):
            return os.path.join(self.h.home, p[2:])
        return os.path.join(self.dir, p)

    def directive(self, words, body, lineno):
        d = words[0]
        if d == "@agent":
            name = words[1]
            args = words[2:]
            addresses = [args[i + 1] for i in range(len(args)) if args[i] == "--address"]
            ifaces = [args[i + 1] for i in range(len(args)) if args[i] == "--interface"]
            ids = [args[i + 1] for i in range(len(args)) if args[i] == "--id"]
            self.agents[name] = self.h.agent(name, self.root, id=ids[0] if ids else None,
                                             addresses=addresses, interfaces=ifaces)
        elif d == "@vtep":
            args = words[3:]
            opt = lambda o: [args[i + 1] for i in range(len(args)) if args[i] == o]
            self.h.vtep(self.root, words[1], int(words[2]), name=(opt("--name") or [None])[0],
                        tunnel_ip=(opt("--tunnel-ip") or [None])[0], ports=opt("--port"))
        elif d == "@stop-agent":
            self.agents[words[1]].stop()
        elif d == "@sim":
            self.sim.stop()
            self.sim = self.h.sim(root=self.root,
                                  extra=self.dialect + [self.subst(w) for w in words[1:]])
        elif d == "@dialects":
            pass    # read by dialects() below
        elif d == "@dialect":
            if len(words) != 2 or words[1] not in ("1.9", "5"):
                raise TranscriptError("%s:%d: @dialect 1.9|5" % (self.path, lineno))
            self.dialect = ["--dialect", words[1]]
            self.which = words[1]
            self.sim.stop()
            self.sim = self.h.sim(root=self.root, extra=self.dialect)
        elif d == "@file":
            path = self.file_path(words[1])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write("".join(self.subst(l) + "\n" for l in body))
        elif d == "@chmod":
            os.chmod(self.file_path(words[2]), int(words[1], 8))
        elif d == "@env":
            k, v = words[1].split("=", 1)
            self.env[k] = self.subst(v)
        elif d == "@unenv":
            self.env.pop(words[1], None)
        elif d == "@reset-stats":
            self.h.reset_stats(self.sim)
        elif d == "@stats":
            stats = self.h.stats(self.sim)
            for cond in words[1:]:
                m = re.fullmatch(r"(\w+)(<=|>=|=)(\d+)", cond)
                if not m:
                    raise TranscriptError("%s:%d: bad @stats condition %r" % (self.path, lineno, cond))
                key, op, n = m.group(1), m.group(2), int(m.group(3))
                v = stats.get(key, 0)
                ok = {"<=": v <= n, ">=": v >= n, "=": v == n}[op]
                if not ok:
                    raise TranscriptError("%s:%d: requests: %s is %d, expected %s%d (all: %s)"
                                          % (self.path, lineno, key, v, op, n, stats))
        else:
            raise TranscriptError("%s:%d: unknown directive %s" % (self.path, lineno, d))

    def command(self, cmdline, stdin, out, err, jsons, status, lineno):
        words = [self.subst(w) for w in shlex.split(cmdline)]
        if not words or words[0] != "midosh":
            raise TranscriptError("%s:%d: commands must start with midosh" % (self.path, lineno))
        env = {"MIDO_API_URL": self.sim.url}
        env.update(self.env)
        r = self.h.midosh(*words[1:], input="".join(l + "\n" for l in stdin) if stdin else "",
                          env=env)
        where = "%s:%d: $ %s" % (os.path.basename(self.path), lineno, cmdline)
        if r.rc != status:
            raise TranscriptError("%s\nexit status %d, expected %d\n--- stdout:\n%s--- stderr:\n%s"
                                  % (where, r.rc, status, r.out, r.err))
        if "ERROR: AddressSanitizer" in r.err or "runtime error:" in r.err or "LeakSanitizer" in r.err:
            raise TranscriptError("%s\nsanitizer report:\n%s" % (where, r.err))
        if jsons:
            try:
                have = json.loads(r.out)
            except ValueError as e:
                raise TranscriptError("%s\nstdout is not JSON (%s):\n%s" % (where, e, r.out))
            for want in jsons:
                why = contains(have, json.loads(self.subst(want)))
                if why:
                    raise TranscriptError("%s\n%s" % (where, why))
        else:
            self.match_lines("stdout", out, r.out, lineno)
        self.match_lines("stderr", err, r.err, lineno)

    def lines(self):
        """The file's lines for this run's dialect (@1.9:/@5: kept or dropped)."""
        with open(self.path) as f:
            raw = f.read().split("\n")
        out = []
        for line in raw:
            m = re.match(r"@(1\.9|5): ?(.*)$", line)
            if m:
                if m.group(1) != self.which:
                    continue
                line = m.group(2)
            elif self.which == "5" and line and not line.startswith(("$", "@", "#", "<", "!", "~", "?")):
                for rx, rep in SUBST5:
                    line = re.sub(rx, rep, line)
            out.append(line)
        return out

    def run(self):
        lines = self.lines()
        i = 0
        while i < len(lines):
            line, lineno = lines[i], i + 1
            i += 1
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@"):
                words = shlex.split(line)
                body = []
                if words[0] == "@file":
                    while i < len(lines) and lines[i] != "@end":
                        body.append(lines[i])
                        i += 1
                    i += 1
                self.directive(words, body, lineno)
                continue
            if not line.startswith("$ "):
                raise TranscriptError("%s:%d: expected a command ($), got %r" % (self.path, lineno, line))
            stdin, out, err, jsons, status = [], [], [], [], 0
            while i < len(lines) and lines[i].strip() and not lines[i].startswith(("$ ", "@", "#")):
                l = lines[i]
                i += 1
                if l.startswith("< ") or l == "<":
                    stdin.append(l[2:])
                elif l.startswith("! ") or l == "!":
                    err.append(l[2:])
                elif l.startswith("~ "):
                    jsons.append(l[2:])
                elif l.startswith("? "):
                    status = int(l[2:])
                else:
                    out.append(l)
            self.command(line[2:], stdin, out, err, jsons, status, lineno)


def _make(path, dialect):
    def test(h):
        Transcript(h, path, dialect).run()
    return test


def dialects(path):
    """The dialects a transcript runs in: its leading @dialect/@dialects, else both."""
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            words = line.split()
            if words[0] in ("@dialect", "@dialects"):
                return words[1:]
            break
    return ["1.9", "5"]


for _name in sorted(os.listdir(HERE)):
    if _name.endswith(".t"):
        _path = os.path.join(HERE, _name)
        _ds = dialects(_path)
        for _d in _ds:
            _test = "test_" + _name[:-2].replace("-", "_") + ("_5" if _d == "5" and len(_ds) > 1 else "")
            globals()[_test] = _make(_path, _d)
