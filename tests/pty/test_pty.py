"""The interactive shell through a real pseudo-terminal: TAB completion, `?`, history,
Ctrl-C, Ctrl-D and resizing (issue 5)."""
import json
import os
import signal
import stat
import time

from harness import alone, poll
from ptyhelp import Pty


def setup(h, *commands):
    sim = h.sim()
    for c in commands:
        r = h.midosh("-c", c, url=sim.url)
        assert r.rc == 0, (c, r)
    return sim


def shell(h, *commands, **kw):
    """A simulator holding what commands create, and midosh at its prompt against it."""
    sim = setup(h, *commands)
    p = Pty(h, url=sim.url, **kw)
    p.expect_prompt()
    return sim, p


def leave(p, clear=False):
    """Ctrl-D (after Ctrl-U when the line holds text): midosh exits 0."""
    p.send("\x15\x04" if clear else "\x04")
    assert p.wait_exit() == 0


def history_lines(path):
    """The lines of a libedit history file (spaces and other characters are vis-encoded)."""
    with open(path, "rb") as f:
        raw = f.read().decode().split("\n")
    assert raw[0] == "_HiStOrY_V2_", raw[:1]
    return [l.replace("\\040", " ") for l in raw[1:] if l]


def test_tab_completes_verb_type_and_names(h):
    sim, p = shell(h, "create bridge name alpha", "create bridge name 'my bridge'")
    # A verb and a type: "li<TAB>bri<TAB>" is "list bridge ".
    p.send("li\tbri\t\r")
    p.expect(r"^midosh> list bridge $")
    p.expect(r"bridge alpha name alpha state up")
    p.expect_prompt()
    # A name from the server (the collection is fetched by the TAB itself).
    p.send("show bridge al\t\r")
    p.expect(r"^midosh> show bridge alpha $")
    p.expect(r"^name +alpha$")
    # A name with a blank comes back quoted, in the quote the user opened or in '...'.
    p.expect_prompt()
    p.send("show bridge my\t\r")
    p.expect(r"^midosh> show bridge 'my bridge' $")
    p.expect(r"^name +my bridge$")
    p.expect_prompt()
    p.send('bridge "my\tshow name\r')
    p.expect(r'^midosh> bridge "my bridge" show name$')
    p.expect(r"^my bridge$")
    p.expect_prompt()
    leave(p)


def test_tab_lists_several_and_completes_values(h):
    sim, p = shell(h, "create bridge name b-one", "create bridge name b-two")
    # Two candidates: the common prefix, then the list under the line, which stays.
    p.send("show bridge b\t")
    p.expect(r"show bridge b-")
    p.send("\t")
    p.expect(r"^b-one +b-two$")
    p.expect(r"^midosh> show bridge b-$")
    p.send("o\t\r")
    p.expect(r"^name +b-one$")
    # Enum values.
    p.expect_prompt()
    p.send("create tunnel-zone name tz type vx\t\r")
    p.expect(r"type vxlan $")
    p.expect_prompt()
    r = h.midosh("-c", "show tunnel-zone tz type", url=sim.url)
    assert r.out == "vxlan\n", r
    # A reference value: `add member host <TAB>` offers host names.
    h.agent("hostalpha", sim.root)
    p.send("tunnel-zone tz add member host hosta\t")
    p.expect(r"host hostalpha $")
    leave(p, clear=True)


def test_question_mark_lists_and_keeps_the_line(h):
    sim, p = shell(h, "create bridge name alpha")
    p.send("show bridge ?")
    p.expect(r"^  alpha$")
    p.expect(r"^  BRIDGE +the name, id or id prefix of a bridge$")
    p.expect(r"^midosh> show bridge $")
    p.send("alpha ?")
    p.expect(r"^  name +the bridge's name$")
    p.expect(r"^  port +a port of a bridge$")
    p.expect(r"^  <cr> +run the command$")
    p.expect(r"^midosh> show bridge alpha $")
    # A partial word: the words it may become.
    p.send("st?")
    p.expect(r"^  state +")
    p.expect(r"^midosh> show bridge alpha st$")
    p.send("\r")
    p.expect(r"^up$")
    # Inside quotes '?' is just a character.
    p.expect_prompt()
    p.send("create bridge name 'what?'\r")
    p.expect_prompt()
    r = h.midosh("-c", "show bridge 'what?' name", url=sim.url)
    assert r.out == "what?\n", r
    leave(p)


@alone
def test_tab_does_not_wait_for_a_slow_server(h):
    root = h.root()
    fast = h.sim(root=root)
    r = h.midosh("-c", "create bridge name alpha", url=fast.url)
    assert r.rc == 0, r
    fast.stop()
    slow = h.sim(root=root, delay_ms=3000)
    p = Pty(h, url=slow.url)
    p.expect_prompt()
    # Nothing cached, every response takes 3 s: TAB gives up after a few hundred ms.
    t0 = time.monotonic()
    p.send("show bridge al\t")
    p.send("?")
    p.expect(r"BRIDGE +the name")
    assert time.monotonic() - t0 < 2.5, "TAB waited %.1f s" % (time.monotonic() - t0)
    leave(p, clear=True)


def test_history_recall_dedup_and_file(h):
    sim = setup(h, "create bridge name alpha")
    hist = os.path.join(h.home, ".midosh_history")
    p = Pty(h, url=sim.url)
    p.expect_prompt()
    for line in ("list bridge", "show bridge alpha", "list bridge"):
        p.send(line + "\r")
        p.expect(r"bridge alpha name alpha|^name +alpha$")
        p.expect_prompt()
    # The repeated line was moved, not added: three steps back reach the oldest entry,
    # "show bridge alpha" (with duplicates kept it would be "list bridge").
    p.send("\x10\x10\x10\r")
    p.expect(r"^midosh> show bridge alpha$")
    p.expect_prompt()
    leave(p)
    assert history_lines(hist) == ["list bridge", "show bridge alpha"], history_lines(hist)
    assert stat.S_IMODE(os.stat(hist).st_mode) == 0o600, oct(os.stat(hist).st_mode)

    # The next session recalls the file.
    p = Pty(h, url=sim.url)
    p.expect_prompt()
    p.send("\x10\r")
    p.expect(r"^midosh> show bridge alpha$")
    p.expect(r"^name +alpha$")
    p.expect_prompt()
    leave(p)


def test_history_size_file_and_secrets(h):
    sim = setup(h)
    hist = os.path.join(h.tmp, "hist")
    p = Pty(h, url=sim.url, env={"MIDOSH_HISTFILE": hist, "MIDOSH_HISTSIZE": "2"})
    p.expect_prompt()
    for line in ("create bridge name a", "create bridge name b",
                 "create bridge name c", "frob --password hunter2"):
        p.send(line + "\r")
        p.expect_prompt()
    leave(p)
    assert history_lines(hist) == ["create bridge name b", "create bridge name c"], \
        history_lines(hist)
    assert stat.S_IMODE(os.stat(hist).st_mode) == 0o600
    assert not os.path.exists(os.path.join(h.home, ".midosh_history"))

    # MIDOSH_HISTSIZE=0: no history file at all.
    none = os.path.join(h.tmp, "none")
    p = Pty(h, url=sim.url, env={"MIDOSH_HISTFILE": none, "MIDOSH_HISTSIZE": "0"})
    p.expect_prompt()
    p.send("list bridge\r")
    p.expect_prompt()
    leave(p)
    assert not os.path.exists(none)


@alone
def test_ctrl_c_aborts_a_slow_request(h):
    root = h.root()
    slow = h.sim(root=root, delay_ms=20000)
    p = Pty(h, url=slow.url)
    p.expect_prompt()
    p.send("list bridge\r")
    p.expect(r"^midosh> list bridge$")
    h.wait_for("the request at the simulator", lambda: h.stats(slow)["total"])
    p.send("\x03")
    took = p.expect_prompt(timeout=5)
    assert took < 1.0, "the prompt came back after %.2f s" % took
    assert "interrupted" in p.text() or "interrupted" in p.raw.decode(errors="replace")
    # The shell is still there and still edits.
    p.send("show bri\t")
    p.expect(r"show bridge $")
    leave(p, clear=True)


@alone
def test_ctrl_c_stops_the_whole_line(h):
    root = h.root()
    slow = h.sim(root=root, delay_ms=20000)
    p = Pty(h, url=slow.url)
    p.expect_prompt()
    p.send("list bridge; create bridge name after\r")
    p.expect(r"create bridge name after$")
    h.wait_for("the request at the simulator", lambda: h.stats(slow)["total"])
    p.send("\x03")
    took = p.expect_prompt(timeout=5)
    assert took < 1.0, "the prompt came back after %.2f s" % took
    leave(p, clear=True)
    fast = h.sim(root=root)
    r = h.midosh("-c", "list bridge", url=fast.url)
    assert r.rc == 0 and r.out == "", r


def test_ctrl_c_at_the_prompt_clears_the_line(h):
    sim, p = shell(h, "create bridge name alpha")
    p.send("delete bridge alpha")
    p.expect(r"alpha$")
    p.send("\x03")
    p.expect_prompt()
    p.send("list bridge\r")
    p.expect(r"bridge alpha name alpha")
    # An open quote's continuation is dropped too.
    p.expect_prompt()
    p.send("create bridge name 'x\r")
    p.expect(r"\.\.\.\.> ")
    p.send("\x03")
    p.expect_prompt()
    leave(p)
    r = h.midosh("-c", "list bridge", url=sim.url)
    assert r.out == "bridge alpha name alpha state up\n", r


@alone
def test_ctrl_c_while_tab_waits_clears_the_line(h):
    """^C that arrives while libedit is not reading a key (here: TAB waiting for a slow
    server) still drops the line and brings a fresh prompt back, and the next TAB asks the
    server again (the ^C is spent)."""
    root = h.root()
    fast = h.sim(root=root)
    r = h.midosh("-c", "create bridge name alpha", url=fast.url)
    assert r.rc == 0, r
    slow = h.sim(root=root, delay_ms=1500)
    p = Pty(h, url=slow.url)
    p.expect_prompt()
    h.reset_stats(slow)
    p.send("show bridge al\t")
    # TAB has sent its request and waits up to a few hundred ms for it.
    h.wait_for("TAB's request at the simulator", lambda: h.stats(slow)["total"], interval=0.01)
    p.send("\x03")
    took = p.expect_prompt(timeout=5)
    assert took < 2.0, "the prompt came back after %.2f s" % took
    # The line is gone: ^D on an empty line ends midosh.
    p.send("\x04")
    assert p.wait_exit() == 0


def test_tab_after_ctrl_c_at_the_prompt_still_fetches(h):
    sim, p = shell(h, "create bridge name alpha")
    p.send("list bri")
    p.expect(r"bri$")
    p.send("\x03")
    p.expect_prompt()
    # Nothing is cached yet: TAB fetches the names, which a spent ^C must not stop.
    p.send("show bridge al\t\r")
    p.expect(r"^midosh> show bridge alpha $")
    p.expect(r"^name +alpha$")
    p.expect_prompt()
    leave(p)


def test_sigterm_at_the_prompt_ends_midosh(h):
    sim, p = shell(h)
    p.send("list bri")
    p.expect(r"bri$")
    os.kill(p.proc.pid, signal.SIGTERM)
    assert p.wait_exit() == 128 + signal.SIGTERM


def test_non_ascii_typed_at_the_prompt_arrives_whole(h):
    """A name typed with an accent is the name sent, whether the locale says UTF-8 or
    nothing at all (LANG unset on a server: the terminal still sends UTF-8)."""
    sim = h.sim()
    for n, env in enumerate(({"LANG": "C.UTF-8", "LC_ALL": ""},
                             {"LANG": "", "LC_ALL": "", "LC_CTYPE": ""})):
        p = Pty(h, url=sim.url, env=env)
        p.expect_prompt()
        p.send("create bridge name caf\u00e9%d\r" % n)
        p.expect_prompt()
        leave(p)
    r = h.midosh("-o", "json", "-c", "list bridge", url=sim.url)
    assert r.rc == 0, r
    names = sorted(b["name"] for b in json.loads(r.out))
    assert names == ["caf\u00e90", "caf\u00e91"], names


def test_prompt_without_an_api_url(h):
    """No API configured: the prompt still starts, TAB completes keywords, help answers, and
    a command that needs the API says what to configure."""
    p = Pty(h)
    p.expect_prompt()
    p.send("li\tbri\t\r")
    p.expect(r"^midosh> list bridge $")
    p.expect(r"no API URL \(use --midonet-url, MIDO_API_URL, or api_url in ~/.midonetrc\)")
    p.expect_prompt()
    p.send("help list\r")
    p.expect(r"^list: list the objects of a type")
    p.expect_prompt()
    leave(p)


def test_ctrl_d_exits_zero_and_exit_works(h):
    sim, p = shell(h)
    leave(p)
    p = Pty(h, url=sim.url)
    p.expect_prompt()
    p.send("show bridge nosuch\r")
    p.expect(r"no bridge named 'nosuch'")
    p.expect_prompt()
    p.send("exit\r")
    assert p.wait_exit() == 0


def resize_taken(p, rows, cols):
    """Resize p's terminal and wait until midosh has taken the SIGWINCH: it is pending no
    more (/proc), so its handler has run and the editor reads the new width before the next
    key. (A resize prints nothing until the line changes: there is no screen to wait on.)"""
    bit = 1 << (signal.SIGWINCH - 1)

    def taken():
        with open("/proc/%d/status" % p.proc.pid) as f:
            fields = dict(l.split(":", 1) for l in f if ":" in l)
        return not (int(fields["SigPnd"], 16) | int(fields["ShdPnd"], 16)) & bit
    p.resize(rows, cols)
    poll("midosh to take the resize to %d columns" % cols, taken, 10, 0.01)


def test_resize_redraws(h):
    sim = setup(h, "create bridge name alpha")
    p = Pty(h, url=sim.url, cols=100)
    p.expect_prompt()
    p.send("list bri")
    p.expect(r"bri$")
    resize_taken(p, 30, 40)
    # Editing goes on at the new width: a line longer than the terminal still runs.
    p.send("dge name alpha" + " " * 40 + "\r")
    p.expect(r"bridge alpha name alpha state up")
    p.expect_prompt()
    p.resize(30, 120)
    p.send("show bridge alpha name\r")
    p.expect(r"^alpha$")
    p.expect_prompt()
    leave(p)


def test_resizes_keep_the_line_with_zookeeper_connected(h):
    """With ZooKeeper's threads running, window changes while one line is edited redraw it
    and drop nothing: the second one too, after libedit's own handler has passed on."""
    sim = setup(h, "create bridge name alpha")
    p = Pty(h, url=sim.url, cols=100,
            env={"MIDO_ZOOKEEPER_HOSTS": h.zk_hosts, "MIDO_ZOOKEEPER_ROOT": sim.root})
    p.expect_prompt()
    p.send("list bri")
    p.expect(r"bri$")
    for cols in (60, 90, 70):
        resize_taken(p, 30, cols)
    p.send("dge\r")
    p.expect(r"bridge alpha name alpha state up")
    p.expect_prompt()
    leave(p)


def test_ctrl_z_and_fg_keep_the_line(h):
    """Under a shell with job control, ^Z stops midosh at its prompt and fg brings it back
    with the line redrawn once, editing on; the second time in the same line too."""
    sim = setup(h, "create bridge name alpha")
    p = Pty(h, env={"PS1": "sh$ ", "MIDO_API_URL": sim.url, "LC_ALL": "C"},
            command=["bash", "--norc", "--noprofile", "-i"])
    p.expect(r"^sh\$ $")
    p.send(h.bin("midosh") + "\r")
    p.expect_prompt()
    p.send("list br")
    p.expect(r"list br$")
    for typed, line in (("i", "list bri"), ("dge", "list bridge")):
        p.send("\x1a")
        p.expect(r"Stopped")
        p.expect(r"^sh\$ $")
        p.send("fg\r")
        p.expect(r"^midosh> %s$" % line[:-len(typed)])
        h.wait_for("raw mode again", p.editing, timeout=10)
        p.send(typed)
        p.expect(r"^midosh> %s$" % line)
    p.send("\r")
    p.expect(r"bridge alpha name alpha state up")
    p.expect_prompt()
    p.send("\x04")
    p.expect(r"^sh\$ $")
    p.send("exit\r")
    assert p.wait_exit() == 0


def test_editrc_is_read(h):
    # ~/.editrc's lines for midosh apply after midosh's own bindings: TAB rebound to
    # insert itself. (libedit leaks `bind -s` macros, so none here: ASan would object.)
    with open(os.path.join(h.home, ".editrc"), "w") as f:
        f.write("midosh:bind ^I ed-insert\n")
        f.write("other:bind ^L ed-insert\n")
    sim, p = shell(h, "create bridge name alpha")
    p.send("show bridge al\t\r")
    p.expect(r"no bridge named 'al'")
    p.expect_prompt()
    leave(p)


@alone
def test_demo_keeps_its_sandbox_through_ctrl_c(h):
    """make demo's sandbox on a real terminal: ^C at midosh's prompt clears the line and
    stops nothing (the terminal's SIGINT reaches its whole process group); ^D ends midosh,
    and the sandbox with it."""
    def sandbox_processes():
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    if h.tmp.encode() in f.read():
                        found.append(pid)
            except OSError:
                pass
        return found

    p = Pty(h, env={"BUILD": h.build, "TMPDIR": h.tmp},
            command=[os.path.join(h.repo, "scripts", "demo")])
    p.expect_prompt(timeout=60)
    p.send("list bri")
    p.expect(r"list bri$")
    p.send("\x03")
    p.expect_prompt()
    p.send("list host\r")
    p.expect(r"^host frontend\.euca name frontend\.euca alive true")
    p.expect_prompt()
    p.send("\x04")
    assert p.wait_exit(30) == 0
    h.wait_for("the sandbox's processes to exit", lambda: not sandbox_processes())


def test_tab_offers_what_the_session_created_and_host_values(h):
    """Issue 12: a port this session created is offered for a binding without a `list port`
    first (the root port list was cached before the create); a host's interfaces and
    addresses are offered where a binding or a tunnel-zone member names them."""
    sim = setup(h, "create bridge name b", "create tunnel-zone name tz type gre",
                "create router name rt8")
    h.agent("hh", sim.root, addresses=["10.7.0.5"], interfaces=["ethq0", "tapq1"])
    h.agent("h2", sim.root, addresses=["10.7.0.9"])     # another host's address: not offered
    p = Pty(h, url=sim.url)
    p.expect_prompt()
    # The root port list is cached (empty) by a TAB, then a port is created.
    p.send("host hh add binding port \t\r")
    p.expect_prompt()
    p.send("bridge b add port\r")
    p.expect_prompt()
    port = h.midosh("-o", "json", "-c", "list port", url=sim.url).json()[0]["id"]
    p.send("host hh add binding port %s\t" % port[:4])
    p.expect(r"^midosh> host hh add binding port %s $" % port[:8])
    p.send("\r")
    p.expect_prompt()
    # A router port made here is offered as list prints it: ROUTER:ADDRESS.
    p.send("router rt8 add port address 10.8.0.1 net 10.8.0.0/24\r")
    p.expect_prompt()
    p.send("host hh add binding port rt8\t")
    p.expect(r"^midosh> host hh add binding port rt8:10\.8\.0\.1 $")
    p.send("\x15")         # ^U: the line goes
    p.send("host hh add binding interface et\t")
    p.expect(r"^midosh> host hh add binding interface ethq0 $")
    p.send("\r")
    p.expect_prompt()
    p.send("tunnel-zone tz add member host hh address 10.7\t")
    p.expect(r"^midosh> tunnel-zone tz add member host hh address 10.7.0.5 $")
    p.send("\r")
    p.expect_prompt()
    leave(p)


def test_tab_escapes_a_hostile_name(h):
    """TAB over a server's name holding an OSC title sequence, a carriage return and a
    newline inserts it escaped (\\xHH, as --complete offers it): nothing of it reaches the
    terminal raw, and no line is forged."""
    sim = h.sim()
    st, hd, _ = h.http("POST", sim.url + "/bridges",
                       body={"name": "ev\x1b]0;owned\x07il\r\nbridge forged", "tenantId": "admin"},
                       headers={"Content-Type": "application/vnd.org.midonet.Bridge-v3+json"})
    assert st == 201, st
    p = Pty(h, url=sim.url)
    p.expect_prompt()
    p.send("show bridge ev\t")
    p.expect(r"^midosh> show bridge 'ev\\x1b\]0;owned\\x07il\\x0d\\x0abridge forged' ?$")
    assert b"\x1b]0;" not in p.raw and b"owned\x07" not in p.raw, p.raw[-500:]
    assert not any(l.startswith("bridge forged") for l in p.screen()[0]), p.text()
    leave(p, clear=True)
