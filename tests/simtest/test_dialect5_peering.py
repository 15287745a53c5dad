"""midonet-sim --dialect 5: a router port's peering table (RouterPortResource's peering
entries at stable/v5.6.0): MAC and IPv4 address pairs added, listed, read and removed, the
checks and status codes 5.x gives, and the state table in ZooKeeper where 5.x keeps it.
"""
from simhelp import Dialect5, call, create, create_get, expect_error, expect_violation, get, \
    zk_children, zk_exists

MISSING = "6b9a1f0e-0000-4000-8000-00000000dead"
IP_RE = "^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}" \
        "([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$"
MAC_RE = "^((([0-9]|[a-f]|[A-F]){2}):){5}([0-9]|[a-f]|[A-F]){2}$"


def setup(h):
    sim = Dialect5(h).sim()
    rt = create_get(h, sim, "/routers", {"name": "r0"}, "Router-v3")
    rp = create_get(h, sim, "/routers/%s/ports" % rt["id"],
                    {"type": "Router", "portSubnet": ["10.0.0.1/24"]}, "Port-v3")
    return sim, rt, rp


def table_dir(rp):
    return "/zoom/0/tables/Port/%s/peering_table" % rp["id"]


def test_peering_table_add_list_delete_5(h):
    sim, rt, rp = setup(h)
    table = rp["peeringTable"]
    assert get(h, sim, table) == []
    # The Location names the pair as sent, the MAC's colons as dashes.
    loc = create(h, sim, table, {"mac": "02:AA:00:00:00:01", "ip": "10.0.0.9"}, "MacIp-v1")
    assert loc == table + "/10.0.0.9_02-AA-00-00-00-01", loc
    create(h, sim, table, {"mac": "02:00:00:00:00:02", "ip": "10.0.0.10"}, "MacIp-v1")
    # Listed in the order added, the MAC as 5.x prints one (lower case).
    got = get(h, sim, table)
    assert [(e["mac"], e["ip"]) for e in got] == \
        [("02:aa:00:00:00:01", "10.0.0.9"), ("02:00:00:00:00:02", "10.0.0.10")], got
    assert got[0]["uri"] == table + "/10.0.0.9_02-aa-00-00-00-01", got
    assert get(h, sim, got[0]["uri"]) == got[0]
    # Kept as 5.x's state table keeps persistent entries.
    assert sorted(zk_children(h, sim, table_dir(rp))) == \
        ["02:00:00:00:00:02,10.0.0.10,2147483647", "02:aa:00:00:00:01,10.0.0.9,2147483647"]
    # The same pair again: the state table's node exists, 409.
    expect_error(h, sim, "POST", table, 409, "Conflicting write",
                 body={"mac": "02:aa:00:00:00:01", "ip": "10.0.0.9"}, ctype="MacIp-v1")
    # Removed; removing it again (or what never was) is still 204.
    for _ in range(2):
        st, _, out = call(h, sim, "DELETE", got[0]["uri"])
        assert (st, out) == (204, None), (st, out)
    assert [e["ip"] for e in get(h, sim, table)] == ["10.0.0.10"]
    # Deleting the router takes its ports' tables with it.
    st, _, _ = call(h, sim, "DELETE", rt["uri"])
    assert st == 204
    assert not zk_exists(h, sim, "/zoom/0/tables/Port/" + rp["id"])
    assert sim.stop() == 0


def test_peering_table_checks_5(h):
    sim, rt, rp = setup(h)
    table = rp["peeringTable"]
    # MacIpPair's @NotNull and @Pattern: both fields, IPv4 and MAC as 5.x's regexps read them.
    expect_violation(h, sim, "POST", table, "ip", "may not be null", {"mac": "02:00:00:00:00:01"},
                     "MacIp-v1")
    expect_violation(h, sim, "POST", table, "mac", "may not be null", {"ip": "10.0.0.9"},
                     "MacIp-v1")
    for ip in ("10.0.0.256", "10.0.0", "010.0.0.1", "10.0.0.1.1"):
        expect_violation(h, sim, "POST", table, "ip", 'must match "%s"' % IP_RE,
                         {"mac": "02:00:00:00:00:01", "ip": ip}, "MacIp-v1")
    for mac in ("2:0:0:0:0:1", "02-00-00-00-00-01", "02:00:00:00:00:0g"):
        expect_violation(h, sim, "POST", table, "mac", 'must match "%s"' % MAC_RE,
                         {"mac": mac, "ip": "10.0.0.9"}, "MacIp-v1")
    # Only MacIp-v1 is consumed (what 5.x does not take is 406, doc/simulator.md).
    st, _, _ = call(h, sim, "POST", table, body={"mac": "02:00:00:00:00:01", "ip": "10.0.0.9"},
                    ctype="application/json")
    assert st == 406, st
    # A port that is not there has no table to write: 404.
    gone = table.replace(rp["id"], MISSING)
    expect_error(h, sim, "POST", gone, 404, "Resource not found",
                 body={"mac": "02:00:00:00:00:01", "ip": "10.0.0.9"}, ctype="MacIp-v1")
    st, _, _ = call(h, sim, "DELETE", gone + "/10.0.0.9_02-00-00-00-00-01")
    assert st == 204, st
    # An entry's key: the address, then the MAC; either malformed is 400.
    expect_error(h, sim, "DELETE", table + "/10.0.0.x_02-00-00-00-00-01", 400,
                 "is not a valid IP address")
    expect_error(h, sim, "DELETE", table + "/10.0.0.9_02-00-00", 400,
                 "MAC address string must be 6 words of 1 or 2 hex digits joined with 5 ':'")
    expect_error(h, sim, "GET", table + "/10.0.0.9", 400,
                 "MAC address string must be 6 words of 1 or 2 hex digits joined with 5 ':'")
    assert get(h, sim, table) == []
    # Deleting the port takes its table with it.
    create(h, sim, table, {"mac": "02:00:00:00:00:01", "ip": "10.0.0.9"}, "MacIp-v1")
    assert zk_exists(h, sim, table_dir(rp))
    st, _, _ = call(h, sim, "DELETE", rp["uri"])
    assert st == 204
    assert not zk_exists(h, sim, "/zoom/0/tables/Port/" + rp["id"])
    assert sim.stop() == 0
