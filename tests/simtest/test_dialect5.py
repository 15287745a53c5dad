"""midonet-sim --dialect 5: what MidoNet 5.x does differently from 1.9 (doc/simulator.md).

The tests that apply to both dialects run in test_dialect5_shared.py; these check the
5.x side of each difference, and most also check that the 1.9 simulator still answers
the 1.9 way, so that a change of one dialect cannot pass for the other.
"""
import json
from simhelp import (Dialect5, call, create, create_get, expect_error, expect_violation, get,
                     mt, zk_data, zk_exists, tunnel_zone)


def sim5(h, **kw):
    return Dialect5(h).sim(**kw)


def router5(h, sim, name="r0", **extra):
    body = {"name": name}
    body.update(extra)
    return create_get(h, sim, "/routers", body, "Router-v3")


def bridge5(h, sim, name="b0", **extra):
    body = {"name": name}
    body.update(extra)
    return create_get(h, sim, "/bridges", body, "Bridge-v4")


def rport5(h, sim, rt, **extra):
    body = {"type": "Router", "networkAddress": "10.0.0.0", "networkLength": 24,
            "portAddress": "10.0.0.1"}
    body.update(extra)
    return create_get(h, sim, "/routers/%s/ports" % rt["id"], body, "Port-v3")


def bport5(h, sim, br, **extra):
    body = {"type": "Bridge"}
    body.update(extra)
    return create_get(h, sim, "/bridges/%s/ports" % br["id"], body, "Port-v3")


def test_root_document_5(h):
    sim = sim5(h)
    root = get(h, sim, "/", accept="Application-v5")
    assert root["version"] == "v5.0", root["version"]
    for key in ("bgpPeerTemplate", "bgpNetworkTemplate", "mirrors", "mirrorTemplate",
                "l2insertions", "qosPolicies", "qosBwLimitRuleTemplate", "serviceContainers",
                "serviceContainerGroups", "traceRequestTemplate", "bridges", "tenants"):
        assert root.get(key, "").startswith(sim.url + "/"), key
    for key in ("writeVersion", "hostVersions", "bgpTemplate", "adRouteTemplate", "licenses"):
        assert key not in root, key
    assert root["vtepTemplate"] == sim.url + "/vteps/{id}"
    assert root["bgpPeerTemplate"] == sim.url + "/bgp_peers/{id}"
    assert all(v.endswith("{id}") for k, v in root.items() if k.endswith("Template"))
    expect_error(h, sim, "GET", "/write_version", 404, "Root resource write_version not found",
                 accept="*/*")
    expect_error(h, sim, "GET", "/ports/%s/bgps" % ("0" * 8 + "-0000-0000-0000-" + "0" * 12),
                 404, accept="*/*")
    # The default dialect is still 1.9.
    old = get(h, h.sim(), "/")
    assert old["version"] == "v1.9" and "writeVersion" in old and "mirrors" not in old


def test_negotiation_5(h):
    sim = sim5(h)
    # 1.9's types that 5.x dropped: 406 with an empty body, GET and POST alike (not 415).
    for accept in ("collection.Bridge-v3", "collection.Router-v2", "Application-v4"):
        path = "/" if accept.startswith("App") else \
            "/bridges" if "Bridge" in accept else "/routers"
        st, hd, body = h.http("GET", sim.url + path, headers={"Accept": mt(accept)})
        assert (st, body) == (406, None), (accept, st, body)
    st, hd, body = h.http("POST", sim.url + "/bridges", body={"name": "x"},
                          headers={"Content-Type": mt("Bridge-v3")})
    assert (st, body) == (406, None), (st, body)
    st, hd, body = h.http("POST", sim.url + "/bridges", body={"name": "x"},
                          headers={"Content-Type": "text/plain"})
    assert (st, body) == (406, None), (st, body)
    # No Accept, or a list of types: 406 (validateMediaType parses one type).
    st, hd, body = h.http("GET", sim.url + "/bridges")
    assert (st, body) == (406, None), (st, body)
    st, hd, body = h.http("GET", sim.url + "/bridges",
                          headers={"Accept": mt("collection.Bridge-v4") + ", application/json"})
    assert st == 406, st
    for accept in ("collection.Bridge-v4", "collection.Bridge-v5", "application/json", "*/*"):
        st, hd, body = h.http("GET", sim.url + "/bridges", headers={"Accept": mt(accept)
                              if not accept.startswith(("app", "*")) else accept})
        assert st == 200 and body == [], (accept, st, body)
    st, hd, _ = h.http("GET", sim.url + "/bridges", headers={"Accept": mt("collection.Bridge-v5")})
    assert hd["content-type"].startswith(mt("collection.Bridge-v5")), hd["content-type"]
    # The same request on 1.9 is served.
    old = h.sim()
    st, hd, body = h.http("GET", old.url + "/bridges", headers={"Accept": mt("collection.Bridge-v3")})
    assert st == 200, st
    st, hd, body = h.http("POST", old.url + "/bridges", body={"name": "x"},
                          headers={"Content-Type": "text/plain"})
    assert st == 415, st


def test_auth_tenants_system_state_5(h):
    sim = sim5(h)
    import base64
    st, hd, body = h.http("POST", sim.url + "/login", body={}, headers={
        "Authorization": "Basic " + base64.b64encode(b"anyone:anything").decode()})
    assert st == 200 and body["key"] == "00000000", (st, body)
    assert hd["set-cookie"].startswith("sessionId=00000000"), hd["set-cookie"]
    tenants = get(h, sim, "/tenants", accept="collection.Tenant-v2")
    assert [(t["id"], t["description"], t["enabled"]) for t in tenants] == \
        [("admin", "Admin Tenant", True)], tenants
    # A router of another tenant does not make a tenant (tenants come from the auth service).
    router5(h, sim, tenantId="t1")
    assert len(get(h, sim, "/tenants", accept="collection.Tenant-v2")) == 1
    t = get(h, sim, "/tenants/t1", accept="Tenant-v2")
    assert t["name"] == "t1" and t["routers"] == sim.url + "/routers?tenant_id=t1"
    expect_error(h, sim, "GET", "/tenants", 406, accept=mt("collection.Tenant-v1"))
    expect_error(h, sim, "POST", "/tenants", 405,
                 "Tenants cannot be created, updated or deleted via the REST API.",
                 body={"id": "x"}, ctype="Tenant-v2")
    state = get(h, sim, "/system_state", accept="SystemState-v2")
    assert state == {"state": "ACTIVE", "availability": "READWRITE", "version": "5.0.0",
                     "information": None}, state
    st, _, body = call(h, sim, "PUT", "/system_state", body={"availability": "READONLY"},
                       ctype="SystemState-v2")
    assert (st, body) == (405, None), (st, body)


def test_routers_bgp_5(h):
    sim = sim5(h)
    rt = router5(h, sim, asNumber=65001)
    assert rt["asNumber"] == 65001 and rt["tenantId"] == ""
    assert rt["bgpPeers"] == rt["uri"] + "/bgp_peers" and rt["inboundMirrorIds"] == []
    assert router5(h, sim, name="r1")["asNumber"] == 0
    peers = rt["bgpPeers"]
    peer = create_get(h, sim, peers, {"asNumber": 65002, "address": "10.0.0.2", "keepAlive": 30},
                      "BgpPeer-v1")
    assert peer["router"] == rt["uri"] and peer["routerId"] == rt["id"]
    assert (peer["asNumber"], peer["address"], peer["keepAlive"], peer["holdTime"]) == \
        (65002, "10.0.0.2", 30, None), peer
    assert zk_exists(h, sim, "/zoom/0/models/BgpPeer/" + peer["id"])
    expect_error(h, sim, "POST", peers, 400,
                 "A BGP peer with address 10.0.0.2 and AS number 65002 already exists.",
                 body={"asNumber": 65002, "address": "10.0.0.2"}, ctype="BgpPeer-v1")
    expect_violation(h, sim, "POST", peers, "asNumber", "must be greater than or equal to 1",
                     {"address": "10.0.0.3"}, "BgpPeer-v1")
    expect_violation(h, sim, "POST", peers, "keepAlive", "must be less than or equal to 3600",
                     {"asNumber": 1, "address": "10.0.0.3", "keepAlive": 4000}, "BgpPeer-v1")
    st, _, _ = call(h, sim, "PUT", peer["uri"], body=dict(peer, holdTime=90), ctype="BgpPeer-v1")
    assert st == 204, st
    assert get(h, sim, peer["uri"], accept="BgpPeer-v1")["holdTime"] == 90
    net = create_get(h, sim, rt["bgpNetworks"], {"subnetAddress": "192.168.0.0",
                                                 "subnetLength": 16}, "BgpNetwork-v1")
    assert (net["subnetAddress"], net["subnetLength"], net["routerId"]) == \
        ("192.168.0.0", 16, rt["id"])
    assert [x["id"] for x in get(h, sim, rt["bgpNetworks"],
                                 accept="collection.BgpNetwork-v1")] == [net["id"]]
    st, _, _ = call(h, sim, "PUT", net["uri"], body=net, ctype="BgpNetwork-v1")
    assert st == 405, st
    # Router ports: bgpStatus and portSubnet, no bgps; the address may come from portSubnet.
    port = rport5(h, sim, rt)
    assert "bgps" not in port and "vlanId" not in port and port["type"] == "Router"
    assert "bgpStatus" in port and port["portSubnet"] == ["10.0.0.1/24"], port
    p2 = create_get(h, sim, "/routers/%s/ports" % rt["id"],
                    {"type": "Router", "portSubnet": ["10.9.0.1/16", "fd00::1/64"]}, "Port-v3")
    assert (p2["portAddress"], p2["networkAddress"], p2["networkLength"]) == \
        ("10.9.0.1", "10.9.0.0", 16), p2
    assert p2["portSubnet"] == ["10.9.0.1/16", "fd00::1/64"]
    # Deleting a missing peer is 204; deleting the router takes its peers and networks.
    st, _, _ = call(h, sim, "DELETE", "/bgp_peers/00000000-0000-0000-0000-000000000001")
    assert st == 204, st
    st, _, _ = call(h, sim, "DELETE", rt["uri"])
    assert st == 204, st
    expect_error(h, sim, "GET", peer["uri"], 404, "There is no BgpPeer with ID %s." % peer["id"],
                 accept="BgpPeer-v1")
    assert not zk_exists(h, sim, "/zoom/0/models/BgpNetwork/" + net["id"])


def test_devices_and_codes_5(h):
    sim = sim5(h)
    br = bridge5(h, sim)
    assert "vxLanPortId" not in br and br["vxLanPorts"] == br["uri"] + "/vxlan_ports"
    assert br["vxLanPortIds"] == [] and br["qosPolicyId"] is None and br["outboundMirrorIds"] == []
    expect_error(h, sim, "POST", "/bridges", 400, body={"name": "x", "vxLanPortIds": []},
                 ctype="Bridge-v4")
    bp = bport5(h, sim, br)
    assert bp["type"] == "Bridge" and bp["vlanId"] == 0 and isinstance(bp["tunnelKey"], int)
    assert "networkAddress" not in bp and "bgps" not in bp and bp["insertionIds"] == []
    expect_error(h, sim, "POST", "/bridges/%s/ports" % br["id"], 400, "Not a bridge port.",
                 body={"type": "Router"}, ctype="Port-v3")
    missing = "11111111-2222-3333-4444-555555555555"
    # DELETE of a missing object: 404 for bridges, ports, chains, rules, hosts; 204 for routers.
    for coll, cls in (("bridges", "Network"), ("ports", "Port"), ("chains", "Chain"),
                      ("rules", "Rule"), ("hosts", "Host")):
        expect_error(h, sim, "DELETE", "/%s/%s" % (coll, missing), 404,
                     "There is no %s with ID %s." % (cls, missing))
    for coll in ("routers", "routes", "port_groups", "tunnel_zones", "mirrors"):
        st, _, _ = call(h, sim, "DELETE", "/%s/%s" % (coll, missing))
        assert st == 204, (coll, st)
    expect_error(h, sim, "PUT", "/routers/" + missing, 404,
                 "There is no Router with ID %s." % missing, body={"name": "x"}, ctype="Router-v3")
    expect_error(h, sim, "POST", "/bridges", 409,
                 "A(n) Network with ID %s already exists." % br["id"],
                 body={"id": br["id"], "name": "again"}, ctype="Bridge-v4")
    tunnel_zone(h, sim, name="tz")
    expect_error(h, sim, "POST", "/tunnel_zones", 409, "Tunnel zone name already exists.",
                 body={"name": "tz", "type": "gre"}, ctype="TunnelZone-v1")
    # 1.9 answers the same requests the 1.9 way.
    old = h.sim()
    st, _, _ = call(h, old, "DELETE", "/bridges/" + missing)
    assert st == 204, st
    tunnel_zone(h, old, name="tz")
    expect_error(h, old, "POST", "/tunnel_zones", 400, body={"name": "tz", "type": "gre"},
                 ctype="TunnelZone-v1")


def test_hosts_5(h):
    root = h.root()
    sim = sim5(h, root=root)
    agent = h.agent("node1", root, addresses=["10.0.0.5"])
    host = None
    for _ in range(100):
        hosts = get(h, sim, "/hosts", accept="collection.Host-v3")
        if hosts:
            host = hosts[0]
            break
        import time
        time.sleep(0.05)
    assert host and host["id"] == agent.id, hosts
    assert host["addresses"] == ["10.0.0.5"], host["addresses"]
    assert (host["floodingProxyWeight"], host["containerWeight"], host["containerLimit"],
            host["enforceContainerLimit"]) == (1, 1, -1, False), host
    # PUT needs all four; success is 200.
    out = expect_violation(h, sim, "PUT", host["uri"], "containerWeight", "may not be null",
                           {"floodingProxyWeight": 3}, "Host-v3")
    assert len(out["violations"]) == 3, out
    st, _, _ = call(h, sim, "PUT", host["uri"], body={
        "floodingProxyWeight": 3, "containerWeight": 5, "containerLimit": 2,
        "enforceContainerLimit": True}, ctype="Host-v3")
    assert st == 200, st
    host = get(h, sim, host["uri"], accept="Host-v3")
    assert (host["floodingProxyWeight"], host["containerWeight"], host["containerLimit"],
            host["enforceContainerLimit"]) == (3, 5, 2, True), host
    expect_violation(h, sim, "PUT", host["uri"], "containerLimit",
                     "must be greater than or equal to -1",
                     {"floodingProxyWeight": 3, "containerWeight": 5, "containerLimit": -2,
                      "enforceContainerLimit": True}, "Host-v3")


def test_mirrors_l2insertions_5(h):
    sim = sim5(h)
    br = bridge5(h, sim)
    p1, p2, p3 = bport5(h, sim, br), bport5(h, sim, br), bport5(h, sim, br)
    expect_violation(h, sim, "POST", "/mirrors", "toPortId", "may not be null", {}, "Mirror-v1")
    missing = "11111111-2222-3333-4444-555555555555"
    expect_error(h, sim, "POST", "/mirrors", 404, "There is no Port with ID %s." % missing,
                 body={"toPortId": missing}, ctype="Mirror-v1")
    m = create_get(h, sim, "/mirrors", {"toPortId": p1["id"], "conditions": [
        {"nwProto": 6, "tpDst": {"start": 80, "end": 80}}]}, "Mirror-v1")
    assert m["toPortId"] == p1["id"] and len(m["conditions"]) == 1
    assert m["conditions"][0]["nwProto"] == 6, m["conditions"]
    assert zk_data(h, sim, "/zoom/0/models/Mirror/" + m["id"])["toPortId"] == p1["id"]
    st, _, _ = call(h, sim, "PUT", m["uri"], body={"toPortId": p2["id"]}, ctype="Mirror-v1")
    assert st == 204
    assert get(h, sim, m["uri"], accept="Mirror-v1")["toPortId"] == p2["id"]
    # Devices name mirrors; a missing one is 404.
    rt = router5(h, sim, inboundMirrorIds=[m["id"]])
    assert rt["inboundMirrorIds"] == [m["id"]]
    expect_error(h, sim, "POST", "/routers", 404, "There is no Mirror with ID %s." % missing,
                 body={"name": "x", "outboundMirrorIds": [missing]}, ctype="Router-v3")
    st, _, _ = call(h, sim, "PUT", br["uri"], body={"name": "b0", "inboundMirrorIds": [m["id"]]},
                    ctype="Bridge-v4")
    assert st == 204, st
    assert get(h, sim, br["uri"], accept="Bridge-v4")["inboundMirrorIds"] == [m["id"]]
    # L2 insertions.
    expect_violation(h, sim, "POST", "/l2insertions", "mac", "may not be null",
                     {"portId": p1["id"], "srvPortId": p3["id"]}, "L2Insertion-v1")
    ins = create_get(h, sim, "/l2insertions", {"portId": p1["id"], "srvPortId": p3["id"],
                                               "mac": "AA:BB:CC:00:11:22", "vlan": 7,
                                               "position": 1, "failOpen": True},
                     "L2Insertion-v1")
    assert (ins["mac"], ins["vlan"], ins["failOpen"]) == ("aa:bb:cc:00:11:22", 7, True), ins
    assert [x["id"] for x in get(h, sim, "/l2insertions?port=" + p1["id"],
                                 accept="collection.L2Insertion-v1")] == [ins["id"]]
    assert get(h, sim, "/l2insertions?srv_port=" + p1["id"],
               accept="collection.L2Insertion-v1") == []
    assert get(h, sim, p1["uri"], accept="Port-v3")["insertionIds"] == [ins["id"]]
    # The l2_transform rule type.
    ch = create_get(h, sim, "/chains", {"name": "c", "tenantId": "admin"}, "Chain-v1")
    rule = create_get(h, sim, ch["rules"], {"type": "l2_transform", "flowAction": "redirect",
                                            "targetPortId": p3["id"], "pushVlan": 10,
                                            "ingress": True}, "Rule-v2")
    assert (rule["type"], rule["flowAction"], rule["targetPortId"], rule["pushVlan"],
            rule["ingress"], rule["failOpen"]) == \
        ("l2_transform", "redirect", p3["id"], 10, True, False), rule
    # 5.x's copy of the rule holds its 5.x fields (the sidecar, written after the rule).
    copy = json.loads(h.zk().get("%s/zoom/0/models/Rule/%s" % (sim.root, rule["id"])))
    assert copy.get("ext", {}).get("targetPortId") == p3["id"], copy
    expect_violation(h, sim, "POST", ch["rules"], "pushVlan",
                     "must be less than or equal to 65535",
                     {"type": "l2_transform", "pushVlan": 70000}, "Rule-v2")
    # Deleting a port deletes its insertions and the mirrors to it.
    st, _, _ = call(h, sim, "DELETE", p1["uri"])
    assert st == 204
    expect_error(h, sim, "GET", ins["uri"], 404, accept="L2Insertion-v1")
    st, _, _ = call(h, sim, "DELETE", p2["uri"])
    assert st == 204
    expect_error(h, sim, "GET", m["uri"], 404, "There is no Mirror with ID %s." % m["id"],
                 accept="Mirror-v1")


def test_qos_5(h):
    sim = sim5(h)
    pol = create_get(h, sim, "/qos_policies", {
        "name": "gold", "shared": True, "tenant_id": "t1",
        "rules": [{"type": "bandwidth_limit", "max_kbps": 1000, "max_burst_kbps": 100},
                  {"type": "dscp_marking", "dscp_mark": 10}]}, "QOSPolicy-v1")
    assert (pol["name"], pol["shared"], pol["tenant_id"], pol["rules"]) == \
        ("gold", True, "t1", None), pol
    assert len(pol["bandwidthLimitRuleIds"]) == 1 and len(pol["dscpMarkingRuleIds"]) == 1
    bw = get(h, sim, pol["bwLimitRules"], accept="collection.QOSRuleBWLimit-v1")
    assert [(r["maxKbps"], r["maxBurstKb"], r["policyId"]) for r in bw] == \
        [(1000, 100, pol["id"])], bw
    d = create_get(h, sim, pol["dscpRules"], {"dscpMark": 46}, "QOSRuleDSCP-v1")
    assert d["dscpMark"] == 46 and d["policyId"] == pol["id"]
    expect_violation(h, sim, "POST", pol["dscpRules"], "dscpMark",
                     "must be less than or equal to 63", {"dscpMark": 64}, "QOSRuleDSCP-v1")
    st, _, _ = call(h, sim, "PUT", d["uri"], body={"dscpMark": 8}, ctype="QOSRuleDSCP-v1")
    assert st == 204
    assert get(h, sim, d["uri"], accept="QOSRuleDSCP-v1")["dscpMark"] == 8
    expect_error(h, sim, "POST", "/qos_policies", 400,
                 body={"name": "x", "rules": [{"type": "nope"}]}, ctype="QOSPolicy-v1")
    br = bridge5(h, sim, qosPolicyId=pol["id"])
    assert br["qosPolicyId"] == pol["id"]
    st, _, _ = call(h, sim, "DELETE", pol["uri"])
    assert st == 204
    expect_error(h, sim, "GET", d["uri"], 404, accept="QOSRuleDSCP-v1")
    expect_error(h, sim, "GET", bw[0]["uri"], 404, accept="QOSRuleBWLimit-v1")


def test_containers_5(h):
    sim = sim5(h)
    rt = router5(h, sim)
    port = rport5(h, sim, rt)
    grp = create_get(h, sim, "/service_container_groups", {"policy": "WEIGHTED"},
                     "ServiceContainerGroup-v1")
    assert grp["policy"] == "WEIGHTED" and grp["serviceContainerIds"] == []
    expect_error(h, sim, "POST", "/service_container_groups", 400, body={"policy": "RANDOM"},
                 ctype="ServiceContainerGroup-v1")
    expect_violation(h, sim, "POST", grp["serviceContainers"], "serviceType", "may not be null",
                     {}, "ServiceContainer-v1")
    c = create_get(h, sim, grp["serviceContainers"], {"serviceType": "IPSEC",
                                                      "portId": port["id"]},
                   "ServiceContainer-v1")
    assert (c["serviceType"], c["serviceGroupId"], c["portId"]) == \
        ("IPSEC", grp["id"], port["id"]), c
    assert c["serviceContainerGroup"] == grp["uri"] and c["port"] == port["uri"]
    assert "statusCode" in c and "hostId" in c
    assert get(h, sim, grp["uri"], accept="ServiceContainerGroup-v1")["serviceContainerIds"] == \
        [c["id"]]
    expect_error(h, sim, "PUT", c["uri"], 406, body={"serviceType": "IPSEC"},
                 ctype="ServiceContainer-v1")
    st, _, _ = call(h, sim, "DELETE", grp["uri"])
    assert st == 204
    expect_error(h, sim, "GET", c["uri"], 404, accept="ServiceContainer-v1")


def test_vteps_5(h):
    sim = sim5(h)
    tz = tunnel_zone(h, sim, name="vt", type="vtep")
    loc = create(h, sim, "/vteps", {"managementIp": "192.168.0.10", "managementPort": 6632,
                                    "tunnelZoneId": tz["id"]}, "VTEP-v2")
    vid = loc.rsplit("/", 1)[1]
    assert len(vid) == 36 and loc == sim.url + "/vteps/" + vid, loc
    v = get(h, sim, loc, accept="VTEP-v2")
    assert v["id"] == vid and v["uri"] == loc, v
    # Nothing answers at 192.168.0.10:6632: the synchronizer is still connecting and has
    # written no configuration (VtepResource.initVtep, VtepStateStorage).
    assert (v["connectionState"], v["name"], v["description"], v["tunnelIpAddrs"]) == \
        ("disconnected", "", "", []), v
    assert v["vtepBindingTemplate"] == loc + "/{portName}/{vlanId}"
    h.vtep(sim.root, "192.168.0.10", 6632, name="sw1", tunnel_ip="10.9.9.9", ports=["eth0"])
    v = get(h, sim, loc, accept="VTEP-v2")
    assert (v["connectionState"], v["name"], v["tunnelIpAddrs"]) == \
        ("connected", "sw1", ["10.9.9.9"]), v
    assert [x["id"] for x in get(h, sim, "/vteps", accept="collection.VTEP-v2")] == [vid]
    expect_error(h, sim, "GET", "/vteps/192.168.0.10", 404, accept="VTEP-v2")
    expect_error(h, sim, "GET", "/vteps", 406, accept=mt("collection.VTEP-v1"))
    st, _, _ = call(h, sim, "DELETE", loc)
    assert st == 204, st
    expect_error(h, sim, "GET", loc, 404, "There is no Vtep with ID %s." % vid, accept="VTEP-v2")


def test_chain_delete_keeps_the_jumps_to_it_5(h):
    """5.x binds a chain to its own rules and to the devices it filters, not to the rules
    of other chains that jump to it (MidonetBackend's bindings): those stay, jumping to a
    chain that is gone. 1.9 deletes them with it (ChainZkManager.prepareDelete)."""
    for dialect, sim, ctype in (("5", sim5(h), "Chain-v1"), ("1.9", h.sim(), "Chain-v1")):
        target = create_get(h, sim, "/chains", {"name": "target", "tenantId": "t"}, ctype)
        other = create_get(h, sim, "/chains", {"name": "other", "tenantId": "t"}, ctype)
        jump = create_get(h, sim, other["rules"], {"type": "jump", "position": 1,
                                                   "jumpChainId": target["id"]}, "Rule-v2")
        st, _, _ = call(h, sim, "DELETE", "/chains/" + target["id"])
        assert st == 204, (dialect, st)
        st, _, rules = call(h, sim, "GET", other["rules"], accept="collection.Rule-v2")
        assert st == 200, (dialect, st)
        if dialect == "5":
            assert [r["id"] for r in rules] == [jump["id"]], rules
            assert rules[0]["jumpChainId"] == target["id"], rules
        else:
            assert rules == [], rules


def test_deleting_a_mirror_or_qos_policy_clears_the_devices_naming_it_5(h):
    """5.x binds a device's mirrors and QoS policy with CLEAR on both sides
    (MidonetBackend): deleting the mirror or the policy takes it out of the devices."""
    sim = sim5(h)
    br = bridge5(h, sim)
    p1, p2 = bport5(h, sim, br), bport5(h, sim, br)
    m1 = create_get(h, sim, "/mirrors", {"toPortId": p1["id"]}, "Mirror-v1")
    m2 = create_get(h, sim, "/mirrors", {"toPortId": p1["id"]}, "Mirror-v1")
    pol = create_get(h, sim, "/qos_policies", {"name": "gold"}, "QOSPolicy-v1")
    rt = router5(h, sim, inboundMirrorIds=[m1["id"], m2["id"]], outboundMirrorIds=[m1["id"]])
    for uri, body, ctype in ((br["uri"], {"name": "b0", "outboundMirrorIds": [m1["id"]],
                                          "qosPolicyId": pol["id"]}, "Bridge-v4"),
                             (p2["uri"], {"type": "Bridge", "postInFilterMirrorIds": [m1["id"]],
                                          "qosPolicyId": pol["id"]}, "Port-v3")):
        st, _, _ = call(h, sim, "PUT", uri, body=body, ctype=ctype)
        assert st == 204, (uri, st)
    st, _, _ = call(h, sim, "DELETE", m1["uri"])
    assert st == 204, st
    rt = get(h, sim, rt["uri"], accept="Router-v3")
    assert (rt["inboundMirrorIds"], rt["outboundMirrorIds"]) == ([m2["id"]], []), rt
    assert get(h, sim, br["uri"], accept="Bridge-v4")["outboundMirrorIds"] == []
    assert get(h, sim, p2["uri"], accept="Port-v3")["postInFilterMirrorIds"] == []
    st, _, _ = call(h, sim, "DELETE", pol["uri"])
    assert st == 204, st
    assert get(h, sim, br["uri"], accept="Bridge-v4")["qosPolicyId"] is None
    assert get(h, sim, p2["uri"], accept="Port-v3")["qosPolicyId"] is None
    # A port deleted takes the mirrors to it (CASCADE), and those leave the devices too.
    st, _, _ = call(h, sim, "DELETE", p1["uri"])
    assert st == 204, st
    st, _, _ = call(h, sim, "GET", m2["uri"], accept="Mirror-v1")
    assert st == 404, st
    assert get(h, sim, rt["uri"], accept="Router-v3")["inboundMirrorIds"] == []


def test_chain_delete_clears_a_routers_redirect_chain_5(h):
    """A router's local redirect chain is bound to the chain (CLEAR): deleting the chain
    clears it. Its forward chain has no binding, and keeps the id."""
    sim = sim5(h)
    c1 = create_get(h, sim, "/chains", {"name": "redirect", "tenantId": "t"}, "Chain-v1")
    c2 = create_get(h, sim, "/chains", {"name": "forward", "tenantId": "t"}, "Chain-v1")
    rt = router5(h, sim, localRedirectChainId=c1["id"], forwardChainId=c2["id"])
    assert (rt["localRedirectChainId"], rt["forwardChainId"]) == (c1["id"], c2["id"]), rt
    for c in (c1, c2):
        st, _, _ = call(h, sim, "DELETE", c["uri"])
        assert st == 204, st
    rt = get(h, sim, rt["uri"], accept="Router-v3")
    assert (rt["localRedirectChainId"], rt["forwardChainId"]) == (None, c2["id"]), rt
