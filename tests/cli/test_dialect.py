"""One midosh for MidoNet 1.9 and 5.x: the dialect read from the root document, forced
with --api-version, printed by -d and doctor; each request with its dialect's media type;
5.x-only commands refused on 1.9 (and 1.9-only ones on 5.x) before anything is sent; BGP
through router peers on 5.x."""
import re

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def ok(r, what=""):
    assert r.rc == 0, "%s: exit %d\nstdout: %s\nstderr: %s" % (what, r.rc, r.out, r.err)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    return r


def sim5(h):
    return h.sim(extra=["--dialect", "5"])


def test_debug_says_the_dialect_of_each_server(h):
    for sim, name, version in ((h.sim(), "1.9", "v1."), (sim5(h), "5.x", "v5.0")):
        r = ok(h.midosh("-d", "-c", "list bridge", url=sim.url))
        line = [l for l in r.err.splitlines() if "speaks MidoNet" in l]
        assert len(line) == 1, r.err
        assert ("MidoNet %s " % name) in line[0] and ("root version %s" % version) in line[0], line


def test_media_types_follow_the_dialect_one_per_header(h):
    sim = sim5(h)
    r = ok(h.midosh("-d", "-c", "create router name r1; create bridge name b1; list router; "
                    "bridge b1 add port; list host", url=sim.url))
    sent = [l for l in r.err.splitlines() if l.startswith("> ")]
    accepts = re.findall(r"Accept: ([^,)]+)", "\n".join(sent))
    assert accepts, r.err
    for a in accepts:
        assert "," not in a, a
    text = "\n".join(sent)
    assert "Router-v3+json" in text and "Bridge-v4+json" in text and "Port-v3+json" in text, text
    assert "Router-v2" not in text and "Bridge-v3" not in text and "Port-v2" not in text, text
    # 1.9 keeps its own.
    r = ok(h.midosh("-d", "-c", "create router name r1; list router", url=h.sim().url))
    assert "Router-v2+json" in r.err and "Router-v3" not in r.err, r.err


def test_api_version_forces_a_dialect(h):
    sim = h.sim()
    # Forcing 5 on a 1.9 server: warned, and its media types are 5.x's (the 1.9 server refuses them).
    r = h.midosh("--api-version", "5", "-d", "-c", "list router", url=sim.url)
    assert "MidoNet 5.x" in r.err and "--api-version" in r.err, r.err
    assert "Router-v3+json" in r.err, r.err
    r = h.midosh("--api-version", "2", "-c", "list router", url=sim.url)
    assert r.rc == 2 and "invalid API version '2'" in r.err, r
    ok(h.midosh("--api-version", "1.9", "-c", "list router", url=sim.url))


def test_a_command_of_the_other_dialect_fails_and_sends_nothing(h):
    sim = h.sim()
    ok(h.midosh("-c", "create router name r1", url=sim.url))
    h.reset_stats(sim)
    r = h.midosh("-c", "router r1 add bgp-peer asn 65000 address 10.0.0.2", url=sim.url)
    assert r.rc == 1, r
    assert r.err.strip() == ("midosh: 'bgp-peer' objects exist in MidoNet 5.x only; "
                             "the API speaks 1.9"), r.err
    st = h.stats(sim)
    # The root document alone (to learn the dialect); nothing of the command's own.
    assert st["POST"] == 0 and st["total"] <= 1, st
    r = h.midosh("-c", "router r1 set asn 65000", url=sim.url)
    assert r.rc == 1 and "'asn' of router objects exists in MidoNet 5.x only" in r.err, r
    r = h.midosh("-c", "list mirror", url=sim.url)
    assert r.rc == 1 and "'mirror' objects exist in MidoNet 5.x only" in r.err, r
    # And the other way round.
    s5 = sim5(h)
    ok(h.midosh("-c", "create router name r1; router r1 add port address 10.0.0.1 net 10.0.0.0/24",
                url=s5.url))
    h.reset_stats(s5)
    r = h.midosh("-c", "router r1 port 10.0.0.1 add bgp local-AS 1 peer-AS 2 peer 10.0.0.2",
                 url=s5.url)
    assert r.rc == 1 and "'bgp' objects exist in MidoNet 1.9 only; the API speaks 5.x" in r.err, r
    assert h.stats(s5)["POST"] == 0
    r = h.midosh("-c", "list write-version", url=s5.url)
    assert r.rc == 1 and "MidoNet 1.9 only" in r.err, r


def test_bgp_through_router_peers_on_5x(h):
    sim = sim5(h)
    ok(h.midosh("-c", "create router name r1 asn 65001", url=sim.url))
    r = ok(h.midosh("-c", "show router r1 asn", url=sim.url))
    assert r.out.strip() == "65001", r.out
    ok(h.midosh("-c", "router r1 set as-number 65002", url=sim.url))
    assert ok(h.midosh("-c", "show router r1 asn", url=sim.url)).out.strip() == "65002"
    peer = ok(h.midosh("-c", "router r1 add bgp-peer asn 65000 address 10.0.0.2 keep-alive 30 "
                       "password s3cret", url=sim.url)).out.strip()
    assert UUID.match(peer), peer
    net = ok(h.midosh("-c", "router r1 add bgp-network net 10.1.0.0/16", url=sim.url)).out.strip()
    assert UUID.match(net), net
    r = ok(h.midosh("-c", "router r1 list bgp-peer", url=sim.url))
    assert r.out.strip() == "bgp-peer 10.0.0.2 asn 65000 address 10.0.0.2 keep-alive 30", r.out
    assert "s3cret" not in r.out
    r = ok(h.midosh("-c", "router r1 list bgp-network", url=sim.url))
    assert r.out.strip() == "bgp-network 10.1.0.0/16 net 10.1.0.0/16", r.out
    ok(h.midosh("-c", "router r1 bgp-peer 10.0.0.2 set hold-time 90", url=sim.url))
    r = ok(h.midosh("-o", "json", "-c", "router r1 bgp-peer 10.0.0.2 show", url=sim.url))
    assert '"holdTime": 90' in r.out and '"asNumber": 65000' in r.out, r.out
    r = h.midosh("-c", "router r1 add bgp-peer asn 65000 address 10.0.0.2", url=sim.url)
    assert r.rc == 1 and "already exists" in r.err, r
    ok(h.midosh("-c", "router r1 bgp-network 10.1.0.0/16 delete; router r1 bgp-peer 10.0.0.2 delete",
                url=sim.url))
    assert ok(h.midosh("-c", "router r1 list bgp-peer; router r1 list bgp-network",
                       url=sim.url)).out == ""


def test_router_port_addresses_on_5x(h):
    sim = sim5(h)
    ok(h.midosh("-c", "create router name r1", url=sim.url))
    port = ok(h.midosh("-c", "router r1 add port addresses 10.0.0.1/24,2001:db8::1/64",
                       url=sim.url)).out.strip()
    assert UUID.match(port), port
    r = ok(h.midosh("-c", "show router r1 port 10.0.0.1 addresses", url=sim.url))
    assert r.out.strip() == "10.0.0.1/24,2001:db8::1/64", r.out
    # The 1.9 words still work on 5.x: the server builds portSubnet from them.
    ok(h.midosh("-c", "router r1 add port address 10.0.1.1 net 10.0.1.0/24", url=sim.url))
    r = ok(h.midosh("-c", "show router r1 port 10.0.1.1 addresses", url=sim.url))
    assert r.out.strip() == "10.0.1.1/24", r.out
    r = h.midosh("-c", "router r1 add port addresses 10.0.0.300/24", url=sim.url)
    assert r.rc == 2 and "invalid networks" in r.err, r
    # On 1.9, neither address nor net may be left out.
    r = h.midosh("-n", "-c", "router r1 add port")
    assert r.rc == 2 and "missing required attribute 'address'" in r.err, r


def test_help_describe_and_tab_show_what_the_server_has(h):
    s19, s5 = h.sim(), sim5(h)
    r = ok(h.midosh("-c", "list router; help", url=s5.url))
    assert "  bgp-peer " in r.out and "(MidoNet 5.x only)" in r.out, r.out
    assert "write-version" not in r.out and "host-versions" not in r.out, r.out
    r = ok(h.midosh("-c", "list router; help", url=s19.url))
    assert "bgp-peer" not in r.out and "qos-policy" not in r.out and "write-version" in r.out, r.out
    r = ok(h.midosh("-c", "list router; describe router", url=s19.url))
    assert "asn" not in r.out and "bgp-peer" not in r.out, r.out
    r = ok(h.midosh("-c", "list router; describe router", url=s5.url))
    assert re.search(r"^  asn +integer.*MidoNet 5\.x only", r.out, re.M), r.out
    assert re.search(r"^  bgp-peer ", r.out, re.M), r.out
    # TAB reads the root document first, so it offers the server's words from the start.
    r = ok(h.midosh("--complete", "router r1 add ", url=s19.url))
    assert r.out.split() == ["port", "route"], r.out
    r = ok(h.midosh("--complete", "router r1 add ", url=s5.url))
    assert r.out.split() == ["bgp-network", "bgp-peer", "port", "route"], r.out
    r = ok(h.midosh("--complete", "router r1 add port a", url=s5.url))
    assert r.out.split() == ["address", "addresses"], r.out
    r = ok(h.midosh("--complete", "router r1 add port a", url=s19.url))
    assert r.out.split() == ["address"], r.out


def test_doctor_says_the_dialect(h):
    r = h.midosh("-c", "doctor", url=sim5(h).url)
    assert re.search(r"^ok +api version: v5\.0: MidoNet 5\.x \(from its version, confirmed", r.out,
                     re.M), r.out
    assert "versions:" not in r.out, r.out
    r = h.midosh("--api-version", "5", "-c", "doctor", url=h.sim().url)
    assert re.search(r"^warn +api version: v1\.\d+: MidoNet 1\.9's root document, spoken to as 5\.x",
                     r.out, re.M), r.out
