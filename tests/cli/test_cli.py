"""midosh end to end against midonet-sim on a real ZooKeeper: modes, requests, auth."""
import json
import os
import re
import stat

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %s\nstderr: %s" % (what, r.rc, r.out, r.err)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


def test_seed_one_liner_needs_no_list(h):
    """The seed's add-member line works in a fresh process: root, two collections, one POST."""
    sim = h.sim()
    h.agent("frontend.euca", sim.root, addresses=["10.1.0.5"], interfaces=["eth0=10.1.0.5"])
    tz = ok(h.midosh("-c", "tunnel-zone create name euca-mido type gre", url=sim.url)).out.strip()
    assert UUID.match(tz), tz
    h.reset_stats(sim)
    ok(h.midosh("-c", "tunnel-zone euca-mido add member host frontend.euca address 10.1.0.5",
                url=sim.url), "add member")
    st = h.stats(sim)
    assert st["POST"] == 1 and st["GET"] <= 3 and st["total"] <= 4, st
    # The member is on the server, seen through the API.
    _, _, members = h.http("GET", "%s/tunnel_zones/%s/hosts" % (sim.url, tz),
                           headers={"Accept": "application/vnd.org.midonet.collection.TunnelZoneHost-v1+json"})
    assert len(members) == 1 and members[0]["ipAddress"] == "10.1.0.5", members


def test_script_of_300_creates_sends_about_300_requests(h):
    sim = h.sim()
    lines = ["create bridge name b%d" % i for i in range(100)]
    lines += ["bridge b%d add port" % i for i in range(100)]
    lines += ["create router name r%d" % i for i in range(50)]
    lines += ["router r%d add port address 10.0.%d.1 net 10.0.%d.0/24" % (i, i, i) for i in range(50)]
    path = os.path.join(h.tmp, "many.mido")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    h.reset_stats(sim)
    ok(h.midosh("-f", path, url=sim.url, timeout=120), "script")
    st = h.stats(sim)
    assert st["POST"] == 300, st
    assert st["total"] <= 300 + 5, st
    _, _, ports = h.http("GET", sim.url + "/ports")
    assert len(ports) == 150, len(ports)


def test_json_output_is_valid_json(h):
    sim = h.sim()
    created = ok(h.midosh("-o", "json", "-c", "create bridge name 'my bridge'", url=sim.url)).json()
    assert created["name"] == "my bridge" and UUID.match(created["id"]), created
    ok(h.midosh("-c", "create bridge name other", url=sim.url))
    listed = ok(h.midosh("-o", "json", "-c", "list bridge", url=sim.url)).json()
    assert sorted(b["name"] for b in listed) == ["my bridge", "other"], listed
    shown = ok(h.midosh("-o", "json", "-c", "show bridge 'my bridge'", url=sim.url)).json()
    assert shown["id"] == created["id"], shown
    empty = ok(h.midosh("-o", "json", "-c", "list router", url=sim.url)).json()
    assert empty == [], empty


def test_token_mode_logs_in_and_refuses_without_credentials(h):
    sim = h.sim(auth="token", token="s3cret-token")
    r = h.midosh("-c", "list bridge", url=sim.url)
    assert r.rc == 3, r
    assert "authentication" in r.err or "401" in r.err, r.err
    env = {"MIDO_USER": "admin", "MIDO_PASSWORD": "pw", "MIDO_PROJECT_ID": "admin"}
    ok(h.midosh("-c", "create bridge name b1", url=sim.url, env=env), "with credentials")
    r = ok(h.midosh("-d", "-c", "list bridge", url=sim.url, env=env), "debug")
    assert "bridge b1" in r.out, r.out
    assert "s3cret-token" not in r.err and "pw" not in re.findall(r"\bpw\b", r.err), r.err
    assert "/login" in r.err, r.err


def test_midonetrc_is_read_and_a_readable_password_warns(h):
    sim = h.sim()
    rc = os.path.join(h.home, ".midonetrc")
    with open(rc, "w") as f:
        f.write("[cli]\napi_url = %s\nusername = admin\npassword = pw\nproject_id = admin\n" % sim.url)
    os.chmod(rc, 0o600)
    r = ok(h.midosh("-c", "create bridge name from-rc"), "rc")
    assert "warning" not in r.err, r.err
    os.chmod(rc, 0o644)
    r = ok(h.midosh("-c", "list bridge"), "rc 644")
    assert "bridge from-rc" in r.out, r.out
    assert "readable by others" in r.err, r.err


def test_unreachable_api_exits_3(h):
    r = h.midosh("--connect-timeout", "1", "-c", "list bridge", url="http://127.0.0.1:9/midonet-api")
    assert r.rc == 3, r
    assert r.err.count("\n") == 1 and "127.0.0.1:9" in r.err, r.err


def test_without_an_api_url_help_and_describe_run_and_the_rest_says_why(h):
    """A new operator's first `midosh -c help` works before anything is configured; a
    command that needs the API says what to configure, exit 2, where it stands."""
    for cmd in ("help", "help list", "describe bridge", "bridge b1 describe port",
                "sett t1; describe router", "debug on; help"):
        r = h.midosh("-c", cmd)
        assert r.rc == 0 and r.out and r.err == "", (cmd, r)
    none = "no API URL (use --midonet-url, MIDO_API_URL, or api_url in ~/.midonetrc)"
    for cmd in ("list bridge", "zk", "doctor", "dump", "show bridge b1"):
        r = h.midosh("-c", cmd)
        assert r.rc == 2 and r.out == "" and r.err == "midosh: %s\n" % none, (cmd, r)
    # The commands before it ran; in a script, the error has its line.
    r = h.midosh("-c", "help list; list bridge")
    assert r.rc == 2 and r.out.startswith("list:") and none in r.err, r
    path = os.path.join(h.tmp, "s.mido")
    with open(path, "w") as f:
        f.write("describe chain\nlist chain\n")
    r = h.midosh("-f", path)
    assert r.rc == 2 and r.err == "%s:2: %s\n" % (path, none), r
    r = h.midosh("-f", "-", input="help\n")
    assert r.rc == 0 and r.out.startswith("commands"), r


def test_help_suggests_and_names_what_the_options_do(h):
    """`help` with a mistyped topic suggests one, as commands do; `help` says so, and
    `help clear` names --if-exists, which clear takes as set and delete do."""
    for topic, said in (("lsit", "(did you mean 'list'?)"),
                        ("routr", "(did you mean 'router' or 'route'?)"),
                        ("router prot", "(did you mean 'port'?)")):
        r = h.midosh("-c", "help " + topic)
        assert r.rc == 2 and r.err == "midosh: unknown help topic '%s' %s\n" % (topic, said), r
    r = h.midosh("-c", "help")
    assert "gets a suggestion" in r.out and "did you mean" in r.out, r.out
    for verb in ("clear", "set", "delete"):
        r = h.midosh("-c", "help " + verb)
        assert r.rc == 0 and "--if-exists" in r.out.splitlines()[0], (verb, r.out)
    r = h.midosh("--help")
    for word in ("pos last", "proto tcp", "ethertype ipv4", "suggestion", "`show`", "`graph`",
                 "`watch`"):
        assert word in r.out, (word, r.out)
    assert len(r.out.splitlines()) < 50, r.out


def test_script_stops_at_first_error_with_file_line(h):
    sim = h.sim()
    path = os.path.join(h.tmp, "s.mido")
    with open(path, "w") as f:
        f.write("create bridge name a\n# a comment\nshow bridge nope\ncreate bridge name c\n")
    r = h.midosh("-f", path, url=sim.url)
    assert r.rc == 1, r
    assert r.err.startswith("%s:3: " % path) and "nope" in r.err, r.err
    names = [b["name"] for b in h.http("GET", sim.url + "/bridges")[2]]
    assert names == ["a"], names
    r = h.midosh("--keep-going", "-f", path, url=sim.url)
    assert r.rc == 1, r
    names = sorted(b["name"] for b in h.http("GET", sim.url + "/bridges")[2])
    assert names == ["a", "a", "c"], names


def test_a_script_that_does_not_parse_runs_nothing(h):
    """A script file is checked whole first: every syntax error is reported, nothing runs."""
    sim = h.sim()
    path = os.path.join(h.tmp, "bad.mido")
    with open(path, "w") as f:
        f.write("create bridge name a\nbridge a add port\nlist brige\n# a comment\n"
                "create chain name c; chain c add rule type bogus\ncreate router name 'r1\n")
    for args in (["-f", path], ["--keep-going", "-f", path]):
        r = h.midosh(*args, url=sim.url)
        assert r.rc == 2, r
        lines = r.err.splitlines()
        located = [ln.split(": ")[0] for ln in lines if ln.startswith(path)]
        assert located == ["%s:3" % path, "%s:5" % path, "%s:6" % path], r.err
        assert "brige" in r.err and "bogus" in r.err and r.err.count("^") >= 3, r.err
        assert r.out == "", r.out
    assert h.http("GET", sim.url + "/bridges")[2] == [], "a bridge was created"


def test_one_liners_run_only_when_they_all_parse(h):
    sim = h.sim()
    r = h.midosh("-c", "create bridge name a", "-c", "bridge a add port; list brige", url=sim.url)
    assert r.rc == 2, r
    assert "brige" in r.err and r.out == "", (r.out, r.err)
    assert h.http("GET", sim.url + "/bridges")[2] == [], "a bridge was created"
    # @last and @TYPE stand for any id while checking; they are substituted when run.
    r = ok(h.midosh("-c", "create chain name c; create bridge name b infilter @chain", url=sim.url))
    bridges = h.http("GET", sim.url + "/bridges")[2]
    chains = h.http("GET", sim.url + "/chains")[2]
    assert bridges[0]["inboundFilterId"] == chains[0]["id"], (bridges, chains)


def test_check_option_contacts_nothing(h):
    """-n checks syntax without an API: the URL here is a closed port, and no URL at all works."""
    path = os.path.join(h.tmp, "s.mido")
    with open(path, "w") as f:
        f.write("create bridge name a\nbridge a add port\nhost h add binding interface tap0 port @port\n")
    dead = "http://127.0.0.1:9/midonet-api"
    ok(h.midosh("-n", "-f", path, url=dead), "a good script")
    ok(h.midosh("--check", "-f", path), "no API configured")
    ok(h.midosh("-n", input="list bridge\nlist router\n"), "standard input")
    r = h.midosh("-n", "-c", "list bridge; show bridge a nonsense", url=dead)
    assert r.rc == 2 and "nonsense" in r.err and "127.0.0.1" not in r.err, r
    r = h.midosh("-n", input="list bridge\nlist brige\n", url=dead)
    assert r.rc == 2 and r.err.startswith("-:2: "), r


def test_scripts_that_are_not_text(h):
    """A NUL byte or an unreadable script is an error, never a silent partial run."""
    sim = h.sim()
    path = os.path.join(h.tmp, "nul.mido")
    with open(path, "wb") as f:
        f.write(b"create bridge name a\nlist bridge\0create bridge name hidden\n")
    r = h.midosh("-f", path, url=sim.url)
    assert r.rc == 2 and r.err == "%s:2: a NUL byte: this is not a text file\n" % path, r
    assert h.http("GET", sim.url + "/bridges")[2] == [], "a bridge was created"
    r = h.midosh("-f", h.tmp, url=sim.url)
    assert r.rc == 2 and "cannot read" in r.err and "directory" in r.err, r


def test_error_lines_cannot_drive_the_terminal(h):
    """Control characters in an error line are escaped (\\xHH) and in echoed input replaced;
    carets count characters, not bytes."""
    r = h.midosh("-n", "-c", "list \x1b[2Jred")
    assert r.rc == 2 and "\x1b" not in r.err, r
    assert r.err.splitlines()[0] == "midosh: unknown object type '\\x1b[2Jred'", r.err
    assert r.err.splitlines()[1] == "  list ?[2Jred", r.err
    # A C1 control (CSI, U+009B) in the script's line is one '?' too, under its caret.
    r = h.midosh("-n", "-c", "list \u009b2Jred")
    assert r.rc == 2 and "\u009b" not in r.err, r
    echo, caret = r.err.splitlines()[1:3]
    assert echo == "  list ?2Jred" and caret.index("^") == echo.index("?"), r.err
    # A stray byte that is not UTF-8 (Latin-1's degree sign, 0xb0) is a '?' and a column.
    r = h.midosh("-n", "-c", "create bridge name x\udcb0 y")
    assert r.rc == 2, r
    echo, caret = r.err.splitlines()[1:3]
    assert echo == "  create bridge name x? y", r.err
    assert caret.index("^") == echo.index("x?") and caret.count("^") == 2, r.err
    r = h.midosh("-n", "-c", "create bridge name \u00fcn\u00ef n\u00e4me")
    assert r.rc == 2, r
    echo, caret = r.err.splitlines()[1:3]
    assert caret.index("^") == echo.index("n\u00e4me") and caret.count("^") == 4, r.err


def test_stdin_script_reports_dash_line(h):
    sim = h.sim()
    r = h.midosh(input="create bridge name x\nlist brige\n", url=sim.url)
    assert r.rc == 2, r
    assert r.err.startswith("-:2: "), r.err
    assert "brige" in r.err and "^" in r.err, r.err
    assert "midosh>" not in r.out, r.out


class Piped:
    """A midosh reading commands from a pipe (script mode), driven line by line."""

    def __init__(self, h, url):
        import subprocess
        env = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
        env.update(HOME=h.home, MIDO_API_URL=url)
        self.p = subprocess.Popen([h.bin("midosh"), "-k"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)

    def run(self, line, lines_out):
        """Send one command and read the lines it prints (bounded by the pipe's EOF)."""
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        return [self.p.stdout.readline().rstrip("\n") for _ in range(lines_out)]

    def close(self):
        self.p.stdin.close()
        rc = self.p.wait(30)
        err = self.p.stderr.read()
        self.p.stdout.close()
        self.p.stderr.close()
        return rc, err


def bridges_now(h, sim):
    return h.http("GET", sim.url + "/bridges")[2][0]["id"]


def test_stale_id_is_retried_once_on_a_fresh_cache(h):
    """A script trusts its cache; when a name's object is gone (404), midosh re-fetches and retries."""
    sim = h.sim()
    ok(h.midosh("-c", "create bridge name a", url=sim.url))
    m = Piped(h, sim.url)
    try:
        assert m.run("list bridge", 1) == ["bridge a name a state up"]
        # Someone else replaces bridge a.
        old = h.http("GET", sim.url + "/bridges")[2][0]
        assert h.http("DELETE", old["uri"])[0] == 204
        ok(h.midosh("-c", "create bridge name a", url=sim.url))
        h.reset_stats(sim)
        m.run("bridge a set name x", 0)
        assert m.run("list bridge", 1) == ["bridge x name x state up"]
    finally:
        rc, err = m.close()
    assert rc == 0 and err == "", (rc, err)
    st = h.stats(sim)
    # GET of the object before the PUT (the copy is from an earlier command: set reads the
    # object first), 404; GET of the bridges, then the PUT from that copy, fetched by this
    # very command: the retry costs one collection GET, and no PUT goes to the old id.
    assert st["requests"] == ["GET /bridges/%s" % old["id"], "GET /bridges",
                              "PUT /bridges/%s" % bridges_now(h, sim)], st
    bridges = h.http("GET", sim.url + "/bridges")[2]
    assert [b["name"] for b in bridges] == ["x"] and bridges[0]["id"] != old["id"], bridges


def test_one_connection_for_the_whole_process(h):
    sim = h.sim()
    r = ok(h.midosh("-d", "-c", "create bridge name a; create bridge name b; list bridge; "
                    "bridge a add port; list port", url=sim.url))
    assert "requests over 1 connection" in r.err, r.err


def test_request_timeout_exits_3(h):
    sim = h.sim(delay_ms=3000)
    r = h.midosh("--timeout", "0.5", "-c", "list bridge", url=sim.url)
    assert r.rc == 3, r
    assert "timed out after 500 ms" in r.err and r.err.count("\n") == 1, r.err


def test_expired_token_means_one_login_and_one_retry(h):
    """The server forgets the token (a restart with another one): midosh logs in again once."""
    sim = h.sim(auth="token", token="first")
    port = int(sim.base.rsplit(":", 1)[1])
    import subprocess
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    env.update(HOME=h.home, MIDO_API_URL=sim.url, MIDO_USER="admin", MIDO_PASSWORD="pw")
    p = subprocess.Popen([h.bin("midosh")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, text=True)
    try:
        p.stdin.write("create bridge name a\n")
        p.stdin.flush()
        assert UUID.match(p.stdout.readline().strip())
        sim.stop()
        sim2 = h.sim(root=sim.root, auth="token", token="second",
                     extra=["--listen", "127.0.0.1:%d" % port])
        h.reset_stats(sim2)
        p.stdin.write("create bridge name b\n")
        p.stdin.flush()
        assert UUID.match(p.stdout.readline().strip())
        p.stdin.close()
        assert p.wait(30) == 0, p.stderr.read()
        st = h.stats(sim2)
        # POST (401), POST /login, POST (201).
        assert st["POST"] == 3 and st["total"] == 3, st
        assert st["requests"][1].startswith("POST") and "login" in st["requests"][1], st
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        for f in (p.stdin, p.stdout, p.stderr):
            f.close()
