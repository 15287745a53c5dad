"""Odd input refused with one clear line and exit 2: addresses with leading zeros,
ZooKeeper server lists that do not parse, an rc file without end."""
import os


def usage_error(r, *words):
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    assert r.rc == 2, r
    first = r.err.splitlines()[0]
    for w in words:
        assert w in first, (w, r.err)
    return r


def test_addresses_with_leading_zeros_are_refused(h):
    # Checked without a server (-n), and refused before any request with one.
    usage_error(h.midosh("-n", "-c", "router r1 add port address 010.0.0.1 net 10.0.0.0/24"),
                "invalid IPv4 address '010.0.0.1'", "leading zeros")
    usage_error(h.midosh("-n", "-c", "router r1 add port address 10.0.0.1 net 10.0.0.0/08"),
                "invalid network address '10.0.0.0/08'", "leading zeros")
    usage_error(h.midosh("-n", "-c", "router r1 add route dst 10.0.0.0/8 gw 10.0.0.001"),
                "'10.0.0.001'", "leading zeros")
    sim = h.sim()
    assert h.midosh("-c", "create router name r1", url=sim.url).rc == 0
    h.reset_stats(sim)
    usage_error(h.midosh("-c", "router r1 add port address 010.0.0.1 net 10.0.0.0/24", url=sim.url),
                "'010.0.0.1'")
    assert h.stats(sim)["POST"] == 0, h.stats(sim)
    r = h.midosh("-c", "router r1 add port address 10.0.0.1 net 10.0.0.0/24", url=sim.url)
    assert r.rc == 0, r


def test_bad_zookeeper_server_lists_are_usage_errors(h):
    for hosts, why in [("127.0.0.1:99999", "port '99999'"), ("a,,b:", "an empty server"),
                       ("zk:2181,", "an empty server"), ("zk:0", "port '0'")]:
        for how in (["--zookeeper", hosts], []):
            env = {} if how else {"MIDO_ZOOKEEPER_HOSTS": hosts}
            r = usage_error(h.midosh(*how, "-c", "list bridge", url="http://127.0.0.1:1/", env=env),
                            "invalid ZooKeeper servers '%s'" % hosts, why)
            assert len(r.err.splitlines()) == 1, r.err


def test_an_endless_rc_file_is_refused(h):
    # /dev/zero never ends: reading it whole would grow memory until the machine gives up.
    r = h.midosh("-c", "help", env={"MIDOSH_RC": "/dev/zero"}, timeout=20)
    assert r.rc == 2, r
    assert r.err.count("\n") == 1 and "/dev/zero" in r.err and "larger than" in r.err, r.err
    big = os.path.join(h.tmp, "big.rc")
    with open(big, "w") as f:
        f.write("[cli]\n" + "# padding\n" * 200000)
    r = h.midosh("-c", "help", env={"MIDOSH_RC": big})
    assert r.rc == 2 and "larger than" in r.err, r
