"""Names from a hostile server never drive the terminal nor forge output lines.

The objects are made through the simulator's REST API directly (midosh itself would
refuse nothing here, but the point is what it prints of what a server holds): a name
with an OSC title sequence, a carriage return and a newline followed by a forged line.
Text output, tables, `show` and `show FIELD`, --complete and watch show them escaped (\\xHH);
JSON output keeps them exact.
"""
import json
import os
import subprocess

from harness import poll

EVIL = "ev\x1b]0;owned\x07il\r\nbridge forged"
SHOWN = "ev\\x1b]0;owned\\x07il\\x0d\\x0abridge forged"
BRIDGE = "application/vnd.org.midonet.Bridge-v3+json"


def clean(r):
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %r\nstderr: %r" % (what, r.rc, r.out, r.err)
    return clean(r)


def no_controls(text, what):
    bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f]
    assert not bad, "%s: control characters %r in %r" % (what, bad, text)


def evil_bridge(h, sim, name=EVIL):
    st, hd, _ = h.http("POST", sim.url + "/bridges", body={"name": name, "tenantId": "admin"},
                       headers={"Content-Type": BRIDGE})
    assert st == 201, st
    return hd["location"].rsplit("/", 1)[1]


def test_list_and_show_escape_server_names(h):
    sim = h.sim()
    evil_bridge(h, sim)
    r = ok(h.midosh("-c", "list bridge", url=sim.url))
    no_controls(r.out, "list")
    lines = r.out.splitlines()
    assert len(lines) == 1 and SHOWN in lines[0], r.out
    # show of the object by its id, and one field of it.
    r = ok(h.midosh("-o", "json", "-c", "list bridge", url=sim.url))
    objs = r.json()
    assert [o["name"] for o in objs] == [EVIL], objs      # JSON stays exact
    bid = objs[0]["id"]
    r = ok(h.midosh("-c", "show bridge %s" % bid, url=sim.url))
    no_controls(r.out, "show")
    names = [l for l in r.out.splitlines() if l.startswith("name ")]
    assert len(names) == 1 and SHOWN in names[0], r.out
    assert "bridge forged" not in r.out.replace(SHOWN, ""), r.out
    # -o table: the handle and the name column, escaped, one row.
    r = ok(h.midosh("-o", "table", "-c", "list bridge", url=sim.url))
    no_controls(r.out, "table")
    lines = r.out.splitlines()
    assert len(lines) == 2 and lines[1].count(SHOWN) == 2, r.out
    r = ok(h.midosh("-c", "show bridge %s name" % bid, url=sim.url))
    assert r.out == SHOWN + "\n", r.out
    r = ok(h.midosh("-o", "json", "-c", "show bridge %s name" % bid, url=sim.url))
    assert json.loads(r.out) == EVIL, r.out


def test_references_to_an_evil_name_are_escaped(h):
    """A port's device prints as its bridge's name: escaped too."""
    sim = h.sim()
    bid = evil_bridge(h, sim)
    st, _, _ = h.http("POST", "%s/bridges/%s/ports" % (sim.url, bid), body={"type": "Bridge"},
                      headers={"Content-Type": "application/vnd.org.midonet.Port-v2+json"})
    assert st == 201, st
    r = ok(h.midosh("-c", "list port", url=sim.url))
    no_controls(r.out, "list port")
    assert len(r.out.splitlines()) == 1 and SHOWN in r.out, r.out


def test_complete_escapes_server_names(h):
    sim = h.sim()
    evil_bridge(h, sim)
    evil_bridge(h, sim, "plain")
    r = ok(h.midosh("--complete", "bridge ", url=sim.url))
    no_controls(r.out, "--complete")
    words = r.out.splitlines()
    assert "plain" in words and SHOWN in words, words
    assert "bridge forged" not in words and "il\r" not in r.out, words


def test_watch_escapes_server_names(h):
    sim = h.sim()
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update({"HOME": h.home, "MIDO_API_URL": sim.url,
              "ASAN_OPTIONS": e.get("ASAN_OPTIONS", "") + ":detect_leaks=1"})
    err_path = os.path.join(h.tmp, "watch.err")

    def err_text():
        with open(err_path) as f:
            return f.read()
    # -d: watch says on stderr when it follows what it watches; the bridge is made after that.
    with open(err_path, "w") as err_file:
        p = subprocess.Popen([h.bin("midosh"), "-d", "--zookeeper", h.zk_hosts, "--zk-root",
                              sim.root, "-c", "watch bridge count 1 timeout 30"],
                             stdout=subprocess.PIPE, stderr=err_file, text=True, env=e)
    try:
        poll("watch to follow the bridges",
             lambda: "midosh: watch: following " in err_text() or p.poll() is not None, 20)
        evil_bridge(h, sim)
        out, _ = p.communicate(timeout=40)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    err = err_text()
    assert "Sanitizer" not in err and "runtime error" not in err, err
    assert p.returncode == 0, (p.returncode, out, err)
    no_controls(out, "watch")
    stamp, rest = out.split(" ", 1)
    # Quoted as list quotes it.
    listed = ok(h.midosh("-c", "list bridge", url=sim.url)).out.split(" name ")[0]
    assert rest == "created %s\n" % listed and SHOWN in rest and len(stamp) == 19, out
