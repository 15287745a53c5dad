"""midonet-sim: every URI the root document and the objects advertise is served."""
from simhelp import (bridge, bridge_port, call, create, create_get, get, router, router_port,
                     tunnel_zone)


# A port's "link" takes POST and DELETE only, as in MidoNet.
NOT_GETTABLE = {"link"}


def walk(h, sim, obj, seen):
    """GET every absolute URI among obj's values (templates aside); 200 each time."""
    for key, val in sorted(obj.items()):
        if key in NOT_GETTABLE or not isinstance(val, str) or not val.startswith(sim.url) or "{" in val or val in seen:
            continue
        seen.add(val)
        st, _, body = call(h, sim, "GET", val, accept="*/*")
        assert st == 200, "%s: GET %s gave %s %r" % (key, val, st, body)


def test_every_link_resolves(h):
    sim = h.sim()
    seen = set()
    root = get(h, sim, "/", accept="Application-v5")
    walk(h, sim, root, seen)
    for key, val in root.items():
        if key.endswith("Template"):
            assert val is None or "{id}" in val or "{ipAddr}" in val, (key, val)
    # One object of each kind, and each of its links.
    br, rt = bridge(h, sim), router(h, sim)
    ch = create_get(h, sim, "/chains", {"name": "c", "tenantId": "admin"}, "Chain-v1")
    rule = create_get(h, sim, ch["rules"], {"type": "accept"}, "Rule-v2")
    bp = bridge_port(h, sim, br, inboundFilterId=ch["id"])
    rp = router_port(h, sim, rt)
    pg = create_get(h, sim, "/port_groups", {"name": "pg", "tenantId": "admin"}, "PortGroup-v1")
    member = get(h, sim, create(h, sim, pg["ports"], {"portId": bp["id"]}, "PortGroupPort-v1"))
    ipg = create_get(h, sim, "/ip_addr_groups", {"name": "g"}, "IpAddrGroup-v1")
    addr = get(h, sim, create(h, sim, ipg["addrs"], {"version": 4, "addr": "10.0.0.1"}, "IpAddrGroupAddr-v1"))
    sub = create_get(h, sim, br["dhcpSubnets"], {"subnetPrefix": "10.0.0.0", "subnetLength": 24}, "DhcpSubnet-v2")
    dh = create_get(h, sim, sub["hosts"], {"macAddr": "02:00:00:00:00:01", "ipAddr": "10.0.0.2"}, "DhcpHost-v2")
    sub6 = create_get(h, sim, br["dhcpSubnet6s"], {"prefix": "fd00::", "prefixLength": 64}, "DhcpV6Subnet-v1")
    dh6 = create_get(h, sim, sub6["hosts"], {"clientId": "01:02"}, "DhcpV6Host-v1")
    bgp = create_get(h, sim, rp["bgps"], {"localAS": 1, "peerAS": 2, "peerAddr": "10.0.0.9"}, "Bgp-v1")
    ad = create_get(h, sim, bgp["adRoutes"], {"nwPrefix": "10.9.0.0", "prefixLength": 16}, "AdRoute-v1")
    mac = get(h, sim, create(h, sim, br["macTable"], {"macAddr": "02:00:00:00:00:05", "portId": bp["id"]},
                             "MacPort-v2"))
    arp = get(h, sim, create(h, sim, br["arpTable"], {"ip": "10.0.0.7", "mac": "02:00:00:00:00:07"}, "IP4Mac-v1"))
    lb = create_get(h, sim, "/load_balancers", {}, "LoadBalancer-v1")
    hm = create_get(h, sim, "/health_monitors", {"type": "TCP"}, "HealthMonitor-v1")
    pool = create_get(h, sim, lb["pools"], {"lbMethod": "ROUND_ROBIN", "healthMonitorId": hm["id"]}, "Pool-v1")
    pm = create_get(h, sim, pool["poolMembers"], {"address": "10.0.0.3"}, "PoolMember-v1")
    vip = create_get(h, sim, pool["vips"], {"address": "10.0.0.4"}, "VIP-v1")
    tz = tunnel_zone(h, sim, name="vt", type="vtep")
    vt = get(h, sim, create(h, sim, "/vteps", {"managementIp": "10.2.0.1", "managementPort": 1,
                                               "tunnelZoneId": tz["id"]}, "VTEP-v1"))
    h.vtep(sim.root, "10.2.0.1", 1, tunnel_ip="10.2.0.9", ports=["p1"])
    br2 = bridge(h, sim, name="b2")
    bind = get(h, sim, create(h, sim, vt["bindings"], {"portName": "p1", "vlanId": 1, "networkId": br2["id"]},
                              "VTEPBinding-v1"))
    br2 = get(h, sim, br2["uri"], accept="Bridge-v2")
    vx = get(h, sim, br2["vxLanPort"])
    tr = create_get(h, sim, "/traces", {"name": "t", "deviceType": "ROUTER", "deviceId": rt["id"],
                                        "condition": {}}, "TraceRequest-v1")
    tenant = get(h, sim, "/tenants/admin")
    for obj in (get(h, sim, br["uri"], accept="Bridge-v2"), get(h, sim, rt["uri"]), ch, rule,
                get(h, sim, bp["uri"]), get(h, sim, rp["uri"]), pg, member, ipg, addr, sub, dh, sub6,
                dh6, bgp, ad, mac, arp, get(h, sim, lb["uri"]), hm, pool, pm, vip, vt, bind, br2, vx,
                tr, tenant):
        walk(h, sim, obj, seen)
    assert sim.stop() == 0
