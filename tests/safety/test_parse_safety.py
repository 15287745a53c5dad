"""Issue 12's parser-level parts, end to end against the simulator: networks need their
prefix length and print it, a router port's address lies in its net, protocol and ethertype
names, rules in the order written with `pos last`, and "did you mean" in the one-line error."""


def usage_error(r, *words):
    """One line (and its caret), exit 2, naming every word."""
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    assert r.rc == 2, r
    first = r.err.splitlines()[0]
    for w in words:
        assert w in first, (w, r.err)
    return r


def ok(r):
    assert r.rc == 0, r
    return r


def caret_under(r, word):
    """The caret line marks exactly `word` in the echoed line."""
    lines = r.err.splitlines()
    assert len(lines) == 3, r.err
    line, caret = lines[1], lines[2]
    start = caret.index("^")
    assert line[start:start + len(word)] == word and caret.strip() == "^" * len(word), r.err


def test_a_network_needs_its_prefix_length(h):
    sim = h.sim()
    ok(h.midosh("-c", "create router name r1; create bridge name b1", url=sim.url))
    h.reset_stats(sim)
    for line, word in [("router r1 add port address 10.0.3.1 net 10.0.3.0", "10.0.3.0"),
                       ("bridge b1 add dhcp subnet 10.0.3.0", "10.0.3.0")]:
        r = usage_error(h.midosh("-c", line, url=sim.url), "prefix length", "'%s'" % word)
        caret_under(r, word)
        # Checked without a server too.
        usage_error(h.midosh("-n", "-c", line), "prefix length")
    # An address outside its network: refused before anything is sent, caret under it.
    r = usage_error(h.midosh("-c", "router r1 add port address 10.0.4.1 net 10.0.3.0/24", url=sim.url),
                    "'address' 10.0.4.1 is not in 'net' 10.0.3.0/24")
    caret_under(r, "10.0.4.1")
    assert h.stats(sim)["POST"] == 0, h.stats(sim)
    ok(h.midosh("-c", "router r1 add port address 10.0.3.1 net 10.0.3.0/24", url=sim.url))
    # A route to one host: midonet-cli's bare address is /32, and it prints so.
    ok(h.midosh("-c", "router r1 add route dst 172.19.0.2 src 0.0.0.0/0 port 10.0.3.1", url=sim.url))
    out = ok(h.midosh("-c", "router r1 list route", url=sim.url)).out
    mine = [l for l in out.splitlines() if "172.19.0.2" in l]
    assert len(mine) == 1 and " dst 172.19.0.2/32 " in mine[0], out
    # Every route prints its networks with their lengths.
    for l in out.splitlines():
        for w in ("src", "dst"):
            assert "/" in l.split(" %s " % w)[1].split()[0], l
    # The printed form and the bare form find it as a filter.
    for v in ("172.19.0.2/32", "172.19.0.2"):
        got = ok(h.midosh("-c", "router r1 list route dst %s" % v, url=sim.url)).out
        assert got.splitlines() == mine, (v, got)
    # JSON keeps the API's fields.
    routes = ok(h.midosh("-o", "json", "-c", "router r1 list route dst 172.19.0.2", url=sim.url)).json()
    assert [(x["dstNetworkAddr"], x["dstNetworkLength"]) for x in routes] == [("172.19.0.2", 32)], routes


def test_protocol_and_ethertype_names(h):
    sim = h.sim()
    ok(h.midosh("-c", "create chain name c", url=sim.url))
    ok(h.midosh("-c", "chain c add rule type accept ethertype ipv4 proto tcp dst-port 22; "
                "chain c add rule type accept proto 17; "
                "chain c add rule type drop ethertype !2054 proto 132", url=sim.url))
    out = ok(h.midosh("-c", "chain c list rule", url=sim.url)).out.splitlines()
    assert any("ethertype ipv4 " in l and "proto tcp " in l for l in out), out
    assert any("proto udp " in l for l in out), out
    assert any("ethertype !arp " in l and "proto 132 " in l for l in out), out
    # A name or its number selects the same rules.
    by_name = ok(h.midosh("-c", "chain c list rule proto tcp", url=sim.url)).out
    by_number = ok(h.midosh("-c", "chain c list rule proto 6", url=sim.url)).out
    assert by_name == by_number and by_name.count("\n") == 1, (by_name, by_number)
    # JSON output stays the API's numbers.
    rules = ok(h.midosh("-o", "json", "-c", "chain c list rule", url=sim.url)).json()
    assert sorted(r["nwProto"] for r in rules) == [6, 17, 132], rules
    assert sorted(r["dlType"] for r in rules if r.get("dlType") is not None) == [2048, 2054], rules
    usage_error(h.midosh("-c", "chain c add rule type accept proto sctp", url=sim.url),
                "invalid value 'sctp' for 'proto'", "tcp", "or a number 0-255")


def test_rules_in_the_order_written_with_pos_last(h):
    sim = h.sim()
    ok(h.midosh("-c", "create chain name sg; create chain name dflt", url=sim.url))
    script = ("chain sg add rule type accept proto tcp dst-port 22 pos last\n"
              "chain sg add rule type accept proto icmp pos last\n"
              "chain sg add rule type drop pos last\n")
    r = ok(h.midosh(input=script, url=sim.url))
    out = ok(h.midosh("-c", "chain sg list rule", url=sim.url)).out.splitlines()
    order = [(l.split(" pos ")[1].split()[0], l.split(" type ")[1].split()[0]) for l in out]
    assert sorted(order) == [("1", "accept"), ("2", "accept"), ("3", "drop")], out
    assert any("proto tcp" in l and " pos 1 " in l for l in out), out
    assert any("proto icmp" in l and " pos 2 " in l for l in out), out
    assert r.err == "", r                  # with pos, the rules go where the script says
    assert [len(l) for l in r.out.splitlines()] == [36] * 3, r    # stdout: the bare ids
    # Without pos, the API's default is kept: the new rule goes first, and a script is told
    # on standard error when that puts it ahead of the rules written before it.
    r = ok(h.midosh(input=script.replace(" pos last", "").replace("sg", "dflt"), url=sim.url))
    ids = r.out.splitlines()
    assert [len(i) for i in ids] == [36] * 3, r
    assert r.err.splitlines() == [
        "-:2: note: rule %s went to pos 1, ahead of the chain's 1 other rule (pos last appends)"
        % ids[1][:8],
        "-:3: note: rule %s went to pos 1, ahead of the chain's 2 other rules (pos last appends)"
        % ids[2][:8]], r.err
    out = ok(h.midosh("-c", "chain dflt list rule", url=sim.url)).out.splitlines()
    assert any(" pos 1 type drop" in l for l in out), out
    # Only a create takes it.
    usage_error(h.midosh("-c", "chain sg list rule pos last", url=sim.url), "only 'create' takes it")


def test_did_you_mean(h):
    for line, want in [("lsit bridge", "unknown command 'lsit' (did you mean 'list'?)"),
                       ("list routr", "unknown object type 'routr' (did you mean 'router'?)"),
                       ("create bridge nmae b", "'bridge' has no attribute 'nmae' (did you mean 'name'?)"),
                       ("bridge b add dhcp net 10.0.0.0/24",
                        "'dhcp' has no attribute 'net' (did you mean 'subnet'?)"),
                       ("frobnicate bridge", "unknown command 'frobnicate'")]:
        r = usage_error(h.midosh("-n", "-c", line), want)
        assert r.err.splitlines()[0].endswith(want), r.err
