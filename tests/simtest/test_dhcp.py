"""midonet-sim: DHCP v4 subnets and hosts (with their ARP entries), DHCPv6 subnets and hosts."""
from simhelp import (bridge, call, create, create_get, expect_error, expect_violation, get,
                     zk_children, zk_data, zk_exists)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"
ISE = "An internal server error has occurred, please try again."


def delete(h, sim, uri):
    st, _, _ = call(h, sim, "DELETE", uri)
    assert st == 204, (uri, st)


def test_dhcp_subnets(h):
    sim = h.sim()
    br = bridge(h, sim)
    body = {"subnetPrefix": "10.0.0.0", "subnetLength": 24, "defaultGateway": "10.0.0.1",
            "serverAddr": "10.0.0.2", "dnsServerAddrs": ["8.8.8.8", "8.8.4.4"], "interfaceMTU": 1450,
            "opt121Routes": [{"destinationPrefix": "169.254.169.254", "destinationLength": 32,
                              "gatewayAddr": "10.0.0.3"}]}
    loc = create(h, sim, br["dhcpSubnets"], body, "DhcpSubnet-v2")
    assert loc == br["dhcpSubnets"] + "/10.0.0.0_24"
    s = get(h, sim, loc, accept="DhcpSubnet-v2")
    for key, want in body.items():
        assert s[key] == want, (key, s[key])
    assert s["enabled"] is True and s["uri"] == loc and s["hosts"] == loc + "/hosts"
    assert "enabled" not in get(h, sim, loc, accept="DhcpSubnet-v1")
    cfg = zk_data(h, sim, "/bridges/%s/dhcp/10.0.0.0_24" % br["id"])
    assert cfg["subnetAddr"] == "10.0.0.0/24" and cfg["dnsServerAddrs"] == ["8.8.8.8", "8.8.4.4"]
    assert zk_exists(h, sim, "/bridges/%s/dhcp/10.0.0.0_24/hosts" % br["id"])
    s2 = create_get(h, sim, br["dhcpSubnets"], {"subnetPrefix": "10.1.0.0", "subnetLength": 16,
                                                "enabled": False}, "DhcpSubnet-v2")
    assert s2["enabled"] is False and s2["dnsServerAddrs"] is None and s2["interfaceMTU"] == 0
    got = get(h, sim, br["dhcpSubnets"], accept="collection.DhcpSubnet-v2")
    assert [x["subnetPrefix"] for x in got] == ["10.0.0.0", "10.1.0.0"]
    # PUT replaces everything but the prefix, which the URI names.
    st, _, _ = call(h, sim, "PUT", loc, body={"subnetPrefix": "192.168.0.0", "subnetLength": 8,
                                              "serverAddr": "10.0.0.9"}, ctype="DhcpSubnet-v2")
    assert st == 204
    s = get(h, sim, loc)
    assert s["subnetPrefix"] == "10.0.0.0" and s["subnetLength"] == 24 and s["serverAddr"] == "10.0.0.9"
    assert s["defaultGateway"] is None and s["opt121Routes"] is None
    # Errors.
    expect_violation(h, sim, "POST", br["dhcpSubnets"], "subnetPrefix", "may not be null", {},
                     "DhcpSubnet-v2")
    expect_violation(h, sim, "POST", br["dhcpSubnets"], "subnetLength", "must be less than or equal to 32",
                     {"subnetPrefix": "10.2.0.0", "subnetLength": 33}, "DhcpSubnet-v2")
    expect_violation(h, sim, "POST", br["dhcpSubnets"], "interfaceMTU",
                     "must be less than or equal to 65536",
                     {"subnetPrefix": "10.2.0.0", "interfaceMTU": 70000}, "DhcpSubnet-v2")
    expect_violation(h, sim, "POST", br["dhcpSubnets"], "defaultGateway", "is an invalid IP format",
                     {"subnetPrefix": "10.2.0.0", "defaultGateway": "x"}, "DhcpSubnet-v2")
    expect_error(h, sim, "POST", br["dhcpSubnets"], 500, ISE,
                 body={"subnetPrefix": "10.0.0.0", "subnetLength": 24}, ctype="DhcpSubnet-v2")
    expect_error(h, sim, "POST", "/bridges/%s/dhcp" % MISSING, 404,
                 "No bridge with ID %s exists." % MISSING, body={"subnetPrefix": "10.0.0.0"},
                 ctype="DhcpSubnet-v2")
    expect_error(h, sim, "GET", br["dhcpSubnets"] + "/10.9.0.0_24", 404,
                 "The requested resource was not found.")
    expect_error(h, sim, "GET", br["dhcpSubnets"] + "/nonsense", 404)
    expect_error(h, sim, "GET", br["dhcpSubnets"], 406, accept="application/json")
    for _ in range(2):
        delete(h, sim, s2["uri"])
    assert zk_children(h, sim, "/bridges/%s/dhcp" % br["id"]) == ["10.0.0.0_24"]
    assert sim.stop() == 0


def test_dhcp_hosts(h):
    sim = h.sim()
    br = bridge(h, sim)
    sub = create_get(h, sim, br["dhcpSubnets"], {"subnetPrefix": "10.0.0.0", "subnetLength": 24},
                     "DhcpSubnet-v2")
    loc = create(h, sim, sub["hosts"], {"macAddr": "02:AA:bb:0:0:1", "ipAddr": "10.0.0.5", "name": "vm1"},
                 "DhcpHost-v1")
    assert loc == sub["hosts"] + "/02-aa-bb-00-00-01"
    host = get(h, sim, loc, accept="DhcpHost-v2")
    assert host == {"macAddr": "02:aa:bb:00:00:01", "ipAddr": "10.0.0.5", "name": "vm1",
                    "extraDhcpOpts": [], "uri": loc}, host
    assert "extraDhcpOpts" not in get(h, sim, loc, accept="DhcpHost-v1")
    assert zk_data(h, sim, "/bridges/%s/dhcp/10.0.0.0_24/hosts/02:aa:bb:00:00:01" % br["id"])["ip"] == \
        "10.0.0.5"
    # The ARP side effect.
    assert zk_children(h, sim, "/bridges/%s/ip4_mac_map" % br["id"]) == \
        ["10.0.0.5,02:aa:bb:00:00:01,0000000001"]
    assert [(x["ip"], x["mac"]) for x in get(h, sim, br["arpTable"])] == [("10.0.0.5", "02:aa:bb:00:00:01")]
    opts = [{"optName": "mtu", "optValue": "1400"}]
    h2 = create_get(h, sim, sub["hosts"], {"macAddr": "02:00:00:00:00:02", "ipAddr": "10.0.0.6",
                                           "extraDhcpOpts": opts}, "DhcpHost-v2")
    assert h2["extraDhcpOpts"] == opts and h2["name"] is None
    assert [x["macAddr"] for x in get(h, sim, sub["hosts"], accept="collection.DhcpHost-v2")] == \
        ["02:aa:bb:00:00:01", "02:00:00:00:00:02"]
    # PUT answers 200 and moves the ARP entry.
    st, _, out = call(h, sim, "PUT", loc, body={"ipAddr": "10.0.0.50", "name": "vm1b"}, ctype="DhcpHost-v1")
    assert st == 200 and out is None
    assert get(h, sim, loc)["ipAddr"] == "10.0.0.50"
    assert sorted(zk_children(h, sim, "/bridges/%s/ip4_mac_map" % br["id"])) == \
        ["10.0.0.50,02:aa:bb:00:00:01,0000000001", "10.0.0.6,02:00:00:00:00:02,0000000001"]
    # Errors.
    # No validation: toData() throws on a missing or bad address (500).
    expect_error(h, sim, "POST", sub["hosts"], 500, ISE, body={"ipAddr": "10.0.0.7"},
                 ctype="DhcpHost-v1")
    expect_error(h, sim, "POST", sub["hosts"], 500, ISE,
                 body={"macAddr": "02:00:00:00:00:09", "ipAddr": "10.0.0"}, ctype="DhcpHost-v1")
    expect_error(h, sim, "POST", sub["hosts"], 500, ISE,
                 body={"macAddr": "02:00:00:00:00:02", "ipAddr": "10.0.0.8"}, ctype="DhcpHost-v1")
    expect_error(h, sim, "POST", br["dhcpSubnets"] + "/10.9.0.0_24/hosts", 404,
                 "The requested resource was not found.",
                 body={"macAddr": "02:00:00:00:00:03", "ipAddr": "10.9.0.8"}, ctype="DhcpHost-v1")
    expect_error(h, sim, "GET", sub["hosts"] + "/02-00-00-00-00-99", 404, "Host was not found.")
    # DELETE drops the host and its ARP entry.
    for _ in range(2):
        delete(h, sim, loc)
    assert zk_children(h, sim, "/bridges/%s/ip4_mac_map" % br["id"]) == \
        ["10.0.0.6,02:00:00:00:00:02,0000000001"]
    # Deleting the subnet deletes its hosts; deleting the bridge deletes its DHCP and tables.
    delete(h, sim, sub["uri"])
    assert zk_children(h, sim, "/bridges/%s/dhcp" % br["id"]) == []
    create(h, sim, br["dhcpSubnets"], {"subnetPrefix": "10.0.0.0", "subnetLength": 24}, "DhcpSubnet-v2")
    create(h, sim, br["dhcpSubnet6s"], {"prefix": "fd00::", "prefixLength": 64}, "DhcpV6Subnet-v1")
    delete(h, sim, br["uri"])
    assert not zk_exists(h, sim, "/bridges/" + br["id"])
    assert sim.stop() == 0


def test_dhcp_v6(h):
    sim = h.sim()
    br = bridge(h, sim)
    loc = create(h, sim, br["dhcpSubnet6s"], {"prefix": "fd00::", "prefixLength": 64}, "DhcpV6Subnet-v1")
    assert loc == br["dhcpSubnet6s"] + "/fd00:0:0:0:0:0:0:0_64"
    s = get(h, sim, loc, accept="DhcpV6Subnet-v1")
    assert s == {"prefix": "fd00:0:0:0:0:0:0:0", "prefixLength": 64, "uri": loc, "hosts": loc + "/hostsV6"}, s
    assert zk_exists(h, sim, "/bridges/%s/dhcpV6/fd00:0:0:0:0:0:0:0_64/hosts" % br["id"])
    assert [x["uri"] for x in get(h, sim, br["dhcpSubnet6s"], accept="collection.DhcpV6Subnet-v1")] == [loc]
    assert get(h, sim, br["dhcpSubnet6s"] + "/fd00::_64")["uri"] == loc
    st, _, _ = call(h, sim, "PUT", loc, body={"prefix": "fe80::", "prefixLength": 10}, ctype="DhcpV6Subnet-v1")
    assert st == 200 and get(h, sim, loc)["prefixLength"] == 64
    expect_violation(h, sim, "POST", br["dhcpSubnet6s"], "prefix", "may not be null", {}, "DhcpV6Subnet-v1")
    expect_violation(h, sim, "POST", br["dhcpSubnet6s"], "prefixLength", "must be less than or equal to 128",
                     {"prefix": "fd01::", "prefixLength": 129}, "DhcpV6Subnet-v1")
    expect_violation(h, sim, "POST", br["dhcpSubnet6s"], "prefix", "is an invalid IP format",
                     {"prefix": "10.0.0.0"}, "DhcpV6Subnet-v1")
    # Hosts: the client id's ':' become '-' in URIs.
    hl = create(h, sim, s["hosts"], {"clientId": "00:01:00:01:aa", "fixedAddress": "fd00::5", "name": "v6"},
                "DhcpV6Host-v1")
    assert hl == s["hosts"] + "/00-01-00-01-aa"
    host = get(h, sim, hl, accept="DhcpV6Host-v1")
    assert host == {"clientId": "00:01:00:01:aa", "fixedAddress": "fd00::5", "name": "v6", "uri": hl}, host
    assert zk_children(h, sim, "/bridges/%s/dhcpV6/fd00:0:0:0:0:0:0:0_64/hosts" % br["id"]) == ["00:01:00:01:aa"]
    assert len(get(h, sim, s["hosts"], accept="collection.DhcpV6Host-v1")) == 1
    st, _, _ = call(h, sim, "PUT", hl, body={"fixedAddress": "fd00::6"}, ctype="DhcpV6Host-v1")
    assert st == 200 and get(h, sim, hl)["fixedAddress"] == "fd00::6"
    expect_violation(h, sim, "POST", s["hosts"], "clientId", "may not be null", {}, "DhcpV6Host-v1")
    expect_error(h, sim, "GET", s["hosts"] + "/ff", 404, "Host was not found.")
    for _ in range(2):
        delete(h, sim, hl)
    for _ in range(2):
        delete(h, sim, loc)
    assert zk_children(h, sim, "/bridges/%s/dhcpV6" % br["id"]) == []
    assert sim.stop() == 0
