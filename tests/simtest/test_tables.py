"""midonet-sim: a bridge's MAC table (per VLAN) and ARP table."""
from simhelp import (bridge, bridge_port, call, create, expect_error, expect_violation, get,
                     router, router_port, zk_children, zk_exists)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"
ON_BRIDGE = "The port must belong to the bridge that owns the mac table."


def delete(h, sim, uri):
    st, _, _ = call(h, sim, "DELETE", uri)
    assert st == 204, (uri, st)


def test_mac_table(h):
    sim = h.sim()
    br = bridge(h, sim)
    p, pv = bridge_port(h, sim, br), bridge_port(h, sim, br, vlanId=10)
    loc = create(h, sim, br["macTable"], {"macAddr": "02:00:00:00:00:0A", "portId": p["id"]}, "MacPort-v2")
    assert loc == br["macTable"] + "/02-00-00-00-00-0a_" + p["id"]
    m = get(h, sim, loc, accept="MacPort-v2")
    assert m == {"macAddr": "02:00:00:00:00:0a", "portId": p["id"], "vlanId": 0, "bridgeId": br["id"],
                 "uri": loc}, m
    assert "vlanId" not in get(h, sim, loc, accept="MacPort-v1")
    assert zk_children(h, sim, "/bridges/%s/mac_ports" % br["id"]) == \
        ["02:00:00:00:00:0a,%s,0000000001" % p["id"]]
    create(h, sim, br["macTable"], {"macAddr": "02:00:00:00:00:0a", "portId": p["id"]}, "MacPort-v1")  # again
    assert len(zk_children(h, sim, "/bridges/%s/mac_ports" % br["id"])) == 1
    # A VLAN's table.
    vt = br["vlanMacTableTemplate"].replace("{vlanId}", "10")
    vloc = create(h, sim, vt, {"macAddr": "02:00:00:00:00:0b", "portId": pv["id"]}, "MacPort-v2")
    assert vloc == vt + "/02-00-00-00-00-0b_" + pv["id"]
    assert get(h, sim, vloc)["vlanId"] == 10
    assert zk_children(h, sim, "/bridges/%s/vlans/10/mac_ports" % br["id"]) == \
        ["02:00:00:00:00:0b,%s,0000000001" % pv["id"]]
    assert [x["vlanId"] for x in get(h, sim, vt, accept="collection.MacPort-v2")] == [10]
    # v1 lists the untagged entries, v2 all of them.
    assert [x["macAddr"] for x in get(h, sim, br["macTable"], accept="collection.MacPort-v1")] == \
        ["02:00:00:00:00:0a"]
    assert [x["macAddr"] for x in get(h, sim, br["macTable"], accept="collection.MacPort-v2")] == \
        ["02:00:00:00:00:0a", "02:00:00:00:00:0b"]
    # Errors.
    other = bridge_port(h, sim, bridge(h, sim, name="b2"))
    expect_violation(h, sim, "POST", br["macTable"], "macPort", ON_BRIDGE,
                     {"macAddr": "02:00:00:00:00:0c", "portId": other["id"]}, "MacPort-v2")
    expect_violation(h, sim, "POST", br["macTable"], "macPort", ON_BRIDGE,
                     {"macAddr": "02:00:00:00:00:0c", "portId": MISSING}, "MacPort-v2")
    expect_violation(h, sim, "POST", br["macTable"], "macPort",
                     "The specified port handles traffic only for VLAN 10.",
                     {"macAddr": "02:00:00:00:00:0c", "portId": pv["id"]}, "MacPort-v2")
    expect_violation(h, sim, "POST", br["macTable"], "macAddr", "may not be null",
                     {"portId": p["id"]}, "MacPort-v2")
    expect_violation(h, sim, "POST", br["macTable"], "portId", "may not be null",
                     {"macAddr": "02:00:00:00:00:0c"}, "MacPort-v2")
    expect_error(h, sim, "GET", br["macTable"] + "/02-00-00-00-00-0c_" + p["id"], 404,
                 "The specified bridge does not have the specified MAC-port mapping.")
    expect_error(h, sim, "GET", br["macTable"] + "/zz_" + p["id"], 400,
                 "MAC address must consist of six pairs of hex digits separated by hyphens, "
                 "e.g., 12-34-56-78-9a-bc.")
    expect_error(h, sim, "GET", br["uri"] + "/vlans/77/mac_table", 404,
                 "The specified bridge has no ports assigned to VLAN 77.")
    expect_error(h, sim, "GET", "/bridges/%s/mac_table" % MISSING, 404,
                 "No bridge with ID %s exists." % MISSING)
    for _ in range(2):
        delete(h, sim, loc)
    delete(h, sim, vloc)
    assert zk_children(h, sim, "/bridges/%s/mac_ports" % br["id"]) == []
    assert get(h, sim, br["macTable"], accept="collection.MacPort-v2") == []
    # The bridge takes its tables with it.
    create(h, sim, br["macTable"], {"macAddr": "02:00:00:00:00:0a", "portId": p["id"]}, "MacPort-v2")
    delete(h, sim, br["uri"])
    assert not zk_exists(h, sim, "/bridges/%s/mac_ports" % br["id"])
    assert sim.stop() == 0


def test_arp_table(h):
    sim = h.sim()
    br = bridge(h, sim)
    loc = create(h, sim, br["arpTable"], {"ip": "10.0.0.1", "mac": "02:00:00:00:00:01"}, "IP4Mac-v1")
    assert loc == br["arpTable"] + "/10.0.0.1_02-00-00-00-00-01"
    assert get(h, sim, loc, accept="IP4Mac-v1") == {"ip": "10.0.0.1", "mac": "02:00:00:00:00:01", "uri": loc}
    assert zk_children(h, sim, "/bridges/%s/ip4_mac_map" % br["id"]) == ["10.0.0.1,02:00:00:00:00:01,0000000001"]
    create(h, sim, br["arpTable"], {"ip": "10.0.0.2", "mac": "02:00:00:00:00:02"}, "application/json")
    assert [x["ip"] for x in get(h, sim, br["arpTable"], accept="collection.IP4Mac-v1")] == ["10.0.0.1", "10.0.0.2"]
    expect_violation(h, sim, "POST", br["arpTable"], "ip", "is an invalid IP format",
                     {"ip": "10.0.0", "mac": "02:00:00:00:00:01"}, "IP4Mac-v1")
    expect_violation(h, sim, "POST", br["arpTable"], "mac", "may not be null", {"ip": "10.0.0.3"}, "IP4Mac-v1")
    expect_error(h, sim, "GET", br["arpTable"] + "/10.0.0.9_02-00-00-00-00-01", 404,
                 "The specified bridge does not have the specified ARP table entry.")
    expect_error(h, sim, "GET", "/bridges/%s/arp_table" % MISSING, 404)
    for _ in range(2):
        delete(h, sim, loc)
    assert zk_children(h, sim, "/bridges/%s/ip4_mac_map" % br["id"]) == ["10.0.0.2,02:00:00:00:00:02,0000000001"]
    assert sim.stop() == 0
