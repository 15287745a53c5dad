"""midonet-cli compatibility: its lines run through midosh leave what midonet-cli leaves.

corpus.mnc holds midonet-cli lines (written from its v2015.06 grammar) with the request
body midonet-cli sends for each; every line runs in its own midosh process against one
midonet-sim, with -d, and the body midosh sent is read from the request trace. Also here:
the handle in the second column for scripts that use awk '{print $2}', and `debug on|off`.
"""
import json
import os
import re
import shlex

HERE = os.path.dirname(os.path.abspath(__file__))
PLACEHOLDER = re.compile(r"\{([^{}\"]+)\}")


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %s\nstderr: %s" % (what, r.rc, r.out, r.err)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


def same(want, got):
    """Does midosh's value got carry midonet-cli's want? midonet-cli sends most numbers as it
    read them, as JSON strings ("7"), which the API's JSON reader takes for the number 7:
    such a string matches midosh's number of the same decimal text. Everything else must be
    equal (a boolean is never a number)."""
    if isinstance(want, str) and isinstance(got, int) and not isinstance(got, bool):
        return want == str(got)
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(same(w, g) for w, g in zip(want, got))
    if isinstance(want, dict) and isinstance(got, dict):
        return want.keys() == got.keys() and all(same(want[k], got[k]) for k in want)
    return type(want) is type(got) and want == got


def parse_corpus(path):
    """[(kind, text, lineno)] from the corpus file."""
    entries = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            kind, _, text = line.partition(" ")
            assert kind in "+>=?!" and len(kind) == 1, "%s:%d: bad line %r" % (path, n, line)
            entries.append((kind, text, n))
    return entries


def requests(err):
    """[(method, path, body or None)] from midosh -d's trace on stderr."""
    out = []
    for line in err.splitlines():
        m = re.match(r"> (GET|POST|PUT|DELETE) (\S+) \(", line)
        if m:
            path = re.sub(r"^https?://[^/]+", "", m.group(2))
            out.append([m.group(1), path, None])
        elif line.startswith("> ") and out and out[-1][2] is None and line[2:3] in "{[":
            out[-1][2] = json.loads(line[2:])
    return out


class Corpus:
    def __init__(self, h, sim):
        self.h = h
        self.sim = sim
        self.vars = {}
        self.failures = []

    def run(self, *args):
        return self.h.midosh(*args, url=self.sim.url)

    def fill(self, text, n):
        """Placeholders replaced: {VAR} by a captured id, {PATH} by the id of what PATH names."""
        def one(m):
            key = m.group(1)
            if key in self.vars:
                return self.vars[key]
            var, _, width = key.partition("/")     # {VAR/8}: the id's first 8 digits
            if var in self.vars and width.isdigit():
                return self.vars[var][:int(width)]
            r = self.run("-c", "show %s id" % self.fill(key, n))
            if r.rc != 0:
                raise AssertionError("line %d: {%s} names nothing: %s" % (n, key, r.err.strip()))
            return r.out.strip()
        return PLACEHOLDER.sub(one, text)

    def fill_json(self, v, n):
        if isinstance(v, str):
            return self.fill(v, n)
        if isinstance(v, list):
            return [self.fill_json(x, n) for x in v]
        if isinstance(v, dict):
            return {k: self.fill_json(x, n) for k, x in v.items()}
        return v

    def fail(self, n, msg):
        self.failures.append("line %d: %s" % (n, msg))

    def go(self, entries):
        last = None         # (lineno, requests) of the last line run
        for kind, text, n in entries:
            if kind in "+>":
                var = None
                if " -> " in text:
                    text, var = text.rsplit(" -> ", 1)
                line = self.fill(text, n)
                r = self.run("-d", "-c", line)
                if r.rc != 0 or "Sanitizer" in r.err or "runtime error" in r.err:
                    self.fail(n, "%r failed (exit %d): %s" % (line, r.rc, "\n".join(
                        l for l in r.err.splitlines() if not l.startswith(("> ", "< ")))))
                    last = (n, [])
                    continue
                if var:
                    self.vars[var] = r.out.strip().split()[0]
                last = (n, requests(r.err))
            elif kind == "=":
                method, _, body = text.partition(" ")
                want = self.fill_json(json.loads(body), n)
                sent = [b for m, _, b in (last[1] if last else []) if m == method and b is not None]
                if not sent:
                    self.fail(n, "line %d sent no %s with a body" % (last[0] if last else 0, method))
                    continue
                got = sent[-1]
                if method == "POST" and not same(want, got):
                    self.fail(n, "POST body %s, midonet-cli sends %s" % (json.dumps(got, sort_keys=True),
                                                                      json.dumps(want, sort_keys=True)))
                elif method == "PUT" and any(k not in got or not same(v, got[k])
                                             for k, v in want.items()):
                    self.fail(n, "PUT body %s lacks %s" % (json.dumps(got, sort_keys=True), json.dumps(want)))
            elif kind == "?":
                contains = " ~> " in text
                line, _, expect = text.partition(" ~> " if contains else " => ")
                r = self.run("-c", self.fill(line, n))
                expect = self.fill(expect, n)
                if r.rc != 0:
                    self.fail(n, "%r failed: %s" % (line, r.err.strip()))
                elif (expect not in r.out) if contains else (r.out.strip() != expect.strip()):
                    self.fail(n, "%r printed %r, expected %s%r" % (line, r.out, "text with " if contains else "", expect))
            elif kind == "!":
                line, _, expect = text.partition(" => ")
                r = self.run("-c", self.fill(line, n))
                if r.rc == 0:
                    self.fail(n, "%r succeeded, expected an error" % line)
                elif (r.err.strip() != expect if expect.startswith("midosh: ") else expect not in r.err) \
                        or len(r.err.strip().splitlines()) != 1:
                    self.fail(n, "%r: error %r does not say %r in one line" % (line, r.err, expect))


def test_corpus_lines_send_what_midonet_cli_sends(h):
    sim = h.sim()
    h.agent("node1", sim.root, addresses=["10.9.0.5"], interfaces=["tap1", "tap2", "eth0=10.9.0.5"])
    h.vtep(sim.root, "192.0.2.101", name="sw1", tunnel_ip="192.0.2.201", ports=["eth0"])
    c = Corpus(h, sim)
    entries = parse_corpus(os.path.join(HERE, "corpus.mnc"))
    assert sum(1 for e in entries if e[0] == ">") >= 40, "the corpus is too small"
    c.go(entries)
    assert not c.failures, "\n".join(c.failures)


def awk2(text):
    """awk '{print $2}': the second blank-separated field of each line."""
    return [f.split()[1] for f in text.splitlines() if len(f.split()) > 1]


def test_awk_second_field_names_the_object(h):
    """midonet-cli scripts take $2 of a list line as the object; midosh's $2 names it too."""
    sim = h.sim()
    h.agent("node1", sim.root, addresses=["10.9.0.5"], interfaces=["eth0=10.9.0.5"])
    run = lambda line: ok(h.midosh("-c", line, url=sim.url), line).out
    br = run("create bridge name br1").strip()
    rt = run("create router name r1").strip()
    tz = run("create tunnel-zone name tz1 type gre").strip()
    run("create bridge name br2")
    bp = run("bridge br1 add port").strip()
    run("router r1 add port address 10.0.0.1 net 10.0.0.0/24")
    run("create chain name c1")
    cases = [
        # (the listing a script parses, how it uses $2, the id it must reach)
        ("list bridge name br1", "show bridge %s id", br),
        ("list router", "show router %s id", rt),
        ("list tunnel-zone", "show tunnel-zone %s id", tz),
        ("bridge br1 list port", "show bridge br1 port %s id", bp),
        ("list host", "show host %s id", None),
        ("router r1 list port", "show router r1 port %s peer", None),
    ]
    for listing, use, want in cases:
        fields = awk2(run(listing))
        assert len(fields) == 1, (listing, fields)
        got = run(use % fields[0]).strip()
        if want:
            assert got == want, (listing, fields, got, want)
    # create prints the new object's id alone: awk '{print $1}' (or the whole line).
    out = run("create bridge name br3")
    assert out.strip().split() == [out.strip()] and run("show bridge br3 id").strip() == out.strip()
    # A name with blanks is quoted: read as the shell reads words, the second names the
    # object; awk's $2 holds only its first part, as the man page's COMPATIBILITY says.
    spaced = run("create bridge name 'my br'").strip()
    line = run("list bridge name 'my br'")
    assert awk2(line) == ["'my"], line
    assert run("show bridge %s id" % shlex.quote(shlex.split(line)[1])).strip() == spaced, line
    # An object without an id: the second field is its key, the host (midonet-cli's line
    # began with the zone).
    run("tunnel-zone tz1 add member host node1 address 10.9.0.5")
    line = run("tunnel-zone tz1 list member")
    assert line.split()[:4] == ["member", "node1", "zone", "tz1"], line


def test_debug_on_off_toggles_the_request_trace(h):
    """midonet-cli's debug on|off: the requests between them are traced, as with -d."""
    sim = h.sim()
    r = ok(h.midosh("-c", "list router; debug on; list bridge; debug off; list chain", url=sim.url))
    traced = [l for l in r.err.splitlines() if l.startswith("> GET")]
    assert any("/bridges" in l for l in traced), r.err
    assert not any("/routers" in l or "/chains" in l for l in traced), r.err
    # -d and then debug off: nothing after it.
    r = ok(h.midosh("-d", "-c", "list router; debug off; list chain", url=sim.url))
    assert "/routers" in r.err and "/chains" not in r.err, r.err
    bad = h.midosh("-c", "debug maybe", url=sim.url)
    assert bad.rc == 2 and "'debug' takes 'on' or 'off'" in bad.err, bad


def test_man_page_lists_the_differences(h):
    """The COMPATIBILITY section names what midosh does beyond or apart from midonet-cli."""
    with open(os.path.join(os.path.dirname(os.path.dirname(HERE)), "man", "midosh.1")) as f:
        text = f.read()
    m = re.search(r"^\.SH COMPATIBILITY\n(.*?)(?=^\.SH )", text, re.M | re.S)
    assert m, "no COMPATIBILITY section"
    sec = m.group(1).replace("\\-", "-")
    for what in ("router0", "0.0.0.0/0", "lb-method", "weight", "awk '{print $2}'", "debug on",
                 "port router r1 port 10.0.0.1", "desc",
                 # the lines it refuses, each with the reason
                 "set tenant", "set vlan", "set load-balancer", "set type", "set subnet",
                 "set mac", "router\nof a load balancer", "chain\nof a new rule",
                 "objects the API has no update for", "load-balancer LB add vip",
                 "health-monitor HM add pool", "pool-statistic", "as a command",
                 # the words it takes that are easy to miss
                 "tenant_id", "host_id", "ipv4", "ipv6", "describe\nalone",
                 # output: the type words, a name with blanks, objects without an id, show,
                 # show FIELD, create, describe, debug, and cleart's tenant
                 "tzone, pgroup, lb, hm, pm", "'my br'", "two places further right",
                 "show OBJ", "show OBJ FIELD", "its key", "two columns of names",
                 "turned on debug mode", "cleart"):
        assert what in sec.replace("\\(aq", "'"), "COMPATIBILITY does not mention %r" % what
    # It makes no promise the refusals above would break.
    assert "Every line it accepts is still accepted" not in sec
    # help says the same about the defaults it adds and the abbreviations.
    out = ok(h.midosh("-c", "help", url="http://127.0.0.1:9/midonet-api")).out
    assert "0.0.0.0/0" in out and "l, s, desc and del" in out, out
