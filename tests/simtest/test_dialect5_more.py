"""midonet-sim --dialect 5: the 5.x versions of the 1.9 simulator tests whose checks are 1.9's
own (messages, media-type versions, the ZooKeeper layout): port and IP address groups,
tunnel-zone members, DHCP subnets and hosts, the MAC table, and every link an object
advertises. test_dialect5_shared.py runs the 1.9 tests that apply unchanged.

Not repeated here: test_seed (the operator session is tests/transcripts/seed.t, run in both
dialects) and test_collections' byte-for-byte collection text, which is how the 1.9
dialect writes a list (the 5.x dialect writes each object's fixed representation instead;
test_collections_equal_per_object_gets runs in both).
"""
from simhelp import Dialect5, call, create, create_get, expect_error, get
from test_links import walk

MISSING = "6b9a1f0e-0000-4000-8000-00000000dead"


def sim5(h):
    return Dialect5(h).sim()


def bridge5(h, sim, name="b0"):
    return create_get(h, sim, "/bridges", {"name": name}, "Bridge-v4")


def bport5(h, sim, br, **extra):
    body = {"type": "Bridge"}
    body.update(extra)
    return create_get(h, sim, "/bridges/%s/ports" % br["id"], body, "Port-v3")


def delete(h, sim, uri, status=204):
    st, _, out = call(h, sim, "DELETE", uri)
    assert st == status, "DELETE %s: %s %r" % (uri, st, out)


def test_groups_5(h):
    sim = sim5(h)
    br = bridge5(h, sim)
    p1, p2 = bport5(h, sim, br), bport5(h, sim, br)
    pg = create_get(h, sim, "/port_groups", {"name": "web", "stateful": True}, "PortGroup-v1")
    assert (pg["name"], pg["stateful"]) == ("web", True) and pg["ports"].endswith("/ports")
    other = create_get(h, sim, "/port_groups", {"name": "db", "tenantId": "t1"}, "PortGroup-v1")
    assert sorted(g["name"] for g in get(h, sim, "/port_groups")) == ["db", "web"]
    assert [g["name"] for g in get(h, sim, "/port_groups?tenant_id=t1")] == ["db"]
    # Members: added, listed, read one by one, and by port.
    for p in (p1, p2):
        loc = create(h, sim, pg["ports"], {"portId": p["id"]}, "PortGroupPort-v1")
        m = get(h, sim, loc)
        assert (m["portGroupId"], m["portId"]) == (pg["id"], p["id"]), m
    assert sorted(m["portId"] for m in get(h, sim, pg["ports"])) == sorted([p1["id"], p2["id"]])
    assert [g["id"] for g in get(h, sim, "/port_groups?port_id=" + p1["id"])] == [pg["id"]]
    assert [m["portGroupId"] for m in get(h, sim, "/ports/%s/port_groups" % p1["id"])] == \
        [pg["id"]]
    # A member removed is gone; removed again, 404 with no body.
    delete(h, sim, pg["ports"] + "/" + p2["id"])
    st, _, out = call(h, sim, "DELETE", pg["ports"] + "/" + p2["id"])
    assert (st, out) == (404, None), (st, out)
    # Deleting a member port takes it out of the group; deleting the group, 404 after.
    delete(h, sim, "/ports/" + p1["id"])
    assert get(h, sim, pg["ports"]) == []
    delete(h, sim, pg["uri"])
    delete(h, sim, other["uri"])
    assert get(h, sim, "/port_groups") == []
    # IP address groups and their addresses, v4 and v6.
    g = create_get(h, sim, "/ip_addr_groups", {"name": "g"}, "IpAddrGroup-v1")
    loc4 = create(h, sim, g["addrs"], {"addr": "10.0.0.5", "version": 4}, "IpAddrGroupAddr-v1")
    loc6 = create(h, sim, g["addrs"], {"addr": "fd00::5", "version": 6}, "IpAddrGroupAddr-v1")
    assert loc4.endswith("/versions/4/ip_addrs/10.0.0.5"), loc4
    assert get(h, sim, loc4)["addr"] == "10.0.0.5"
    assert sorted(a["version"] for a in get(h, sim, g["addrs"])) == [4, 6]
    delete(h, sim, loc6)
    assert [a["addr"] for a in get(h, sim, g["addrs"])] == ["10.0.0.5"]
    delete(h, sim, g["uri"])
    expect_error(h, sim, "GET", g["uri"], 404)
    assert sim.stop() == 0


def test_tunnel_zone_members_5(h):
    sim = sim5(h)
    a = h.agent("node1", root=sim.root, addresses=["10.0.0.1"])
    b = h.agent("node2", root=sim.root, addresses=["10.0.0.2"])
    tz = create_get(h, sim, "/tunnel_zones", {"name": "gz", "type": "gre"}, "TunnelZone-v1")
    members = tz["hosts"]
    loc = create(h, sim, members, {"hostId": a.id, "ipAddress": "10.0.0.1"},
                 "GreTunnelZoneHost-v1")
    m = get(h, sim, loc, accept="GreTunnelZoneHost-v1")
    assert (m["tunnelZoneId"], m["hostId"], m["ipAddress"]) == (tz["id"], a.id, "10.0.0.1"), m
    # A host twice: 409, no body.
    st, _, out = call(h, sim, "POST", members, body={"hostId": a.id, "ipAddress": "10.0.0.9"},
                      ctype="GreTunnelZoneHost-v1")
    assert (st, out) == (409, None), (st, out)
    create(h, sim, members, {"hostId": b.id, "ipAddress": "10.0.0.2"}, "TunnelZoneHost-v1")
    assert sorted(x["hostId"] for x in get(h, sim, members)) == sorted([a.id, b.id])
    # Removed, then removed again: 404 with no body (1.9: 204 both times).
    delete(h, sim, members + "/" + b.id)
    st, _, out = call(h, sim, "DELETE", members + "/" + b.id)
    assert (st, out) == (404, None), (st, out)
    assert [x["hostId"] for x in get(h, sim, members)] == [a.id]
    delete(h, sim, tz["uri"])
    assert get(h, sim, "/tunnel_zones") == []
    assert sim.stop() == 0


def test_dhcp_5(h):
    sim = sim5(h)
    br = bridge5(h, sim)
    body = {"subnetPrefix": "10.0.0.0", "subnetLength": 24, "defaultGateway": "10.0.0.1",
            "serverAddr": "10.0.0.2", "dnsServerAddrs": ["8.8.8.8"], "interfaceMTU": 1450,
            "opt121Routes": [{"destinationPrefix": "169.254.169.254", "destinationLength": 32,
                              "gatewayAddr": "10.0.0.3"}]}
    loc = create(h, sim, br["dhcpSubnets"], body, "DhcpSubnet-v2")
    assert loc == br["dhcpSubnets"] + "/10.0.0.0_24"
    s = get(h, sim, loc, accept="DhcpSubnet-v2")
    for key, want in body.items():
        assert s[key] == want, (key, s[key])
    assert s["enabled"] is True and s["hosts"] == loc + "/hosts"
    s["defaultGateway"] = "10.0.0.254"
    st, _, _ = call(h, sim, "PUT", loc, body=s, ctype="DhcpSubnet-v2")
    assert st == 204, st
    assert get(h, sim, loc)["defaultGateway"] == "10.0.0.254"
    # Hosts: made, read, changed, listed, deleted.
    hloc = create(h, sim, s["hosts"], {"macAddr": "02:AA:bb:0:0:1", "ipAddr": "10.0.0.5",
                                       "name": "vm1"}, "DhcpHost-v2")
    assert hloc == s["hosts"] + "/02-aa-bb-00-00-01"
    host = get(h, sim, hloc, accept="DhcpHost-v2")
    assert (host["macAddr"], host["ipAddr"], host["name"]) == ("02:aa:bb:00:00:01", "10.0.0.5",
                                                                "vm1"), host
    host["ipAddr"] = "10.0.0.6"
    st, _, _ = call(h, sim, "PUT", hloc, body=host, ctype="DhcpHost-v2")
    assert st == 204, st
    assert [x["ipAddr"] for x in get(h, sim, s["hosts"])] == ["10.0.0.6"]
    delete(h, sim, hloc)
    assert get(h, sim, s["hosts"]) == []
    # A subnet deleted takes its hosts; deleted again: 404.
    create(h, sim, s["hosts"], {"macAddr": "02:00:00:00:00:02", "ipAddr": "10.0.0.7"},
           "DhcpHost-v2")
    delete(h, sim, loc)
    delete(h, sim, loc, status=404)
    assert get(h, sim, br["dhcpSubnets"]) == []
    assert sim.stop() == 0


def test_mac_table_5(h):
    sim = sim5(h)
    br = bridge5(h, sim)
    p, pv = bport5(h, sim, br), bport5(h, sim, br, vlanId=10)
    loc = create(h, sim, br["macTable"], {"macAddr": "02:00:00:00:00:0A", "portId": p["id"]},
                 "MacPort-v2")
    assert loc == br["macTable"] + "/02-00-00-00-00-0a_" + p["id"]
    m = get(h, sim, loc, accept="MacPort-v2")
    assert (m["macAddr"], m["portId"], m["vlanId"], m["bridgeId"]) == \
        ("02:00:00:00:00:0a", p["id"], 0, br["id"]), m
    vt = br["vlanMacTableTemplate"].replace("{vlanId}", "10")
    vloc = create(h, sim, vt, {"macAddr": "02:00:00:00:00:0b", "portId": pv["id"]}, "MacPort-v2")
    assert get(h, sim, vloc)["vlanId"] == 10
    assert [x["macAddr"] for x in get(h, sim, br["macTable"], accept="collection.MacPort-v2")] == \
        ["02:00:00:00:00:0a", "02:00:00:00:00:0b"]
    expect_error(h, sim, "GET", br["macTable"] + "/02-00-00-00-00-0c_" + p["id"], 404)
    delete(h, sim, loc)
    delete(h, sim, vloc)
    assert get(h, sim, br["macTable"], accept="collection.MacPort-v2") == []
    # The bridge takes its table with it.
    create(h, sim, br["macTable"], {"macAddr": "02:00:00:00:00:0a", "portId": p["id"]},
           "MacPort-v2")
    delete(h, sim, br["uri"])
    expect_error(h, sim, "GET", br["macTable"], 404)
    assert sim.stop() == 0


def test_every_link_resolves_5(h):
    """Every URI the 5.x root document and one object of each 5.x kind advertise is served
    (a router port's peeringTable too)."""
    sim = sim5(h)
    seen = set()
    root = get(h, sim, "/")
    walk(h, sim, root, seen)
    h.agent("node1", root=sim.root, addresses=["10.0.0.1"])
    br = bridge5(h, sim)
    rt = create_get(h, sim, "/routers", {"name": "r0", "asNumber": 65000}, "Router-v3")
    ch = create_get(h, sim, "/chains", {"name": "c"}, "Chain-v1")
    rule = create_get(h, sim, ch["rules"], {"type": "accept"}, "Rule-v2")
    bp = bport5(h, sim, br, inboundFilterId=ch["id"])
    rp = create_get(h, sim, "/routers/%s/ports" % rt["id"],
                    {"type": "Router", "portSubnet": ["10.0.0.1/24"]}, "Port-v3")
    pg = create_get(h, sim, "/port_groups", {"name": "pg"}, "PortGroup-v1")
    member = get(h, sim, create(h, sim, pg["ports"], {"portId": bp["id"]}, "PortGroupPort-v1"))
    ipg = create_get(h, sim, "/ip_addr_groups", {"name": "g"}, "IpAddrGroup-v1")
    addr = get(h, sim, create(h, sim, ipg["addrs"], {"version": 4, "addr": "10.0.0.1"},
                              "IpAddrGroupAddr-v1"))
    sub = create_get(h, sim, br["dhcpSubnets"], {"subnetPrefix": "10.0.0.0", "subnetLength": 24},
                     "DhcpSubnet-v2")
    dh = create_get(h, sim, sub["hosts"], {"macAddr": "02:00:00:00:00:01", "ipAddr": "10.0.0.2"},
                    "DhcpHost-v2")
    peer = create_get(h, sim, rt["bgpPeers"], {"asNumber": 65001, "address": "10.0.0.9"},
                      "BgpPeer-v1")
    net = create_get(h, sim, rt["bgpNetworks"], {"subnetAddress": "10.9.0.0", "subnetLength": 16},
                     "BgpNetwork-v1")
    mac = get(h, sim, create(h, sim, br["macTable"], {"macAddr": "02:00:00:00:00:05",
                                                      "portId": bp["id"]}, "MacPort-v2"))
    lb = create_get(h, sim, "/load_balancers", {}, "LoadBalancer-v1")
    hm = create_get(h, sim, "/health_monitors", {"type": "TCP"}, "HealthMonitor-v1")
    pool = create_get(h, sim, lb["pools"], {"lbMethod": "ROUND_ROBIN", "healthMonitorId": hm["id"]},
                      "Pool-v1")
    pm = create_get(h, sim, pool["poolMembers"], {"address": "10.0.0.3"}, "PoolMember-v1")
    vip = create_get(h, sim, pool["vips"], {"address": "10.0.0.4"}, "VIP-v1")
    mirror = create_get(h, sim, "/mirrors", {"toPortId": bp["id"], "conditions": []}, "Mirror-v1")
    bp2 = bport5(h, sim, br)
    ins = create_get(h, sim, "/l2insertions", {"portId": bp2["id"], "srvPortId": bp["id"],
                                               "mac": "02:00:00:00:00:09"}, "L2Insertion-v1")
    qos = create_get(h, sim, "/qos_policies", {"name": "q"}, "QOSPolicy-v1")
    bw = create_get(h, sim, qos["bwLimitRules"], {"maxKbps": 10}, "QOSRuleBWLimit-v1")
    cg = create_get(h, sim, "/service_container_groups", {}, "ServiceContainerGroup-v1")
    cont = create_get(h, sim, cg["serviceContainers"], {"serviceType": "IPSEC"},
                      "ServiceContainer-v1")
    tr = create_get(h, sim, "/traces", {"name": "t", "deviceType": "ROUTER", "deviceId": rt["id"],
                                        "condition": {}}, "TraceRequest-v1")
    host = get(h, sim, "/hosts")[0]
    tenant = get(h, sim, "/tenants/admin")
    assert rp.get("peeringTable"), rp
    assert get(h, sim, rp["peeringTable"]) == []
    for obj in (get(h, sim, br["uri"]), get(h, sim, rt["uri"]), ch, rule, get(h, sim, bp["uri"]),
                get(h, sim, rp["uri"]), pg, member, ipg, addr, sub, dh, peer, net, mac,
                get(h, sim, lb["uri"]), hm, pool, pm, vip, mirror, ins, qos, bw, cg, cont, tr,
                host, tenant):
        walk(h, sim, obj, seen)
    assert sim.stop() == 0
