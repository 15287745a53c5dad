"""midonet-sim: VTEPs and their bindings (stored as data, no OVSDB) and VXLAN ports."""
from simhelp import (bridge, call, create, create_get, expect_error, expect_violation, get,
                     tunnel_zone, zk_children, zk_data, zk_exists)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"
E500 = "An internal server error has occurred, please try again."
VX_MSG = ("VXLAN port ID cannot be set directly. The VXLAN port is created or deleted in response to "
          "the creation or deletion of VTEP bindings.")


def delete(h, sim, uri, status=204):
    st, _, _ = call(h, sim, "DELETE", uri)
    assert st == status, (uri, st)


def test_vteps(h):
    sim = h.sim()
    tz = tunnel_zone(h, sim, name="vt", type="vtep")
    loc = create(h, sim, "/vteps", {"managementIp": "192.168.0.10", "managementPort": 6632,
                                    "tunnelZoneId": tz["id"]}, "VTEP-v1")
    assert loc == sim.url + "/vteps/192.168.0.10"
    v = get(h, sim, loc, accept="VTEP-v1")
    assert v["managementIp"] == "192.168.0.10" and v["managementPort"] == 6632 and v["tunnelZoneId"] == tz["id"]
    assert v["bindings"] == loc + "/bindings" and v["ports"] == loc + "/ports"
    assert v["vtepBindingTemplate"] == loc + "/bindings/{portName}/{vlanId}"
    # Nothing answers at 192.168.0.10:6632: the real server reads the VTEP as ERROR, with
    # no name and no tunnel IPs, and cannot list its ports.
    assert v["connectionState"] == "ERROR" and v["tunnelIpAddrs"] is None and v["name"] is None
    expect_error(h, sim, "GET", loc + "/ports", 504,
                 "The VTEP at 192.168.0.10:6632 could not be accessed.", accept="collection.VTEPPort-v1")
    br = create_get(h, sim, "/bridges", {"tenantId": "t"}, "Bridge-v3")
    expect_error(h, sim, "POST", v["bindings"], 404,
                 "The VTEP at 192.168.0.10:6632 does not have a tunnel ip configured",
                 body={"portName": "eth0", "vlanId": 0, "networkId": br["id"]}, ctype="VTEPBinding-v1")
    call(h, sim, "DELETE", br["uri"])
    # A switch answering there (another port does not count).
    h.vtep(sim.root, "192.168.0.10", 6633, name="other")
    assert get(h, sim, loc, accept="VTEP-v1")["connectionState"] == "ERROR"
    h.vtep(sim.root, "192.168.0.10", 6632, name="sw1", tunnel_ip="10.9.9.9", ports=["eth0"])
    v = get(h, sim, loc, accept="VTEP-v1")
    assert v["connectionState"] == "CONNECTED" and v["tunnelIpAddrs"] == ["10.9.9.9"], v
    assert v["name"] == "sw1", v
    assert get(h, sim, loc + "/ports", accept="collection.VTEPPort-v1") == [
        {"name": "eth0", "description": None}]
    assert zk_data(h, sim, "/vteps/192.168.0.10") == {"managementPort": 6632, "tunnelZoneId": tz["id"]}
    assert [x["managementIp"] for x in get(h, sim, "/vteps", accept="collection.VTEP-v1")] == ["192.168.0.10"]
    # Errors.
    expect_error(h, sim, "POST", "/vteps", 409, "A VTEP with IP address 192.168.0.10 already exists.",
                 body={"managementIp": "192.168.0.10", "managementPort": 6632, "tunnelZoneId": tz["id"]},
                 ctype="VTEP-v1")
    expect_error(h, sim, "POST", "/vteps", 400, "Tunnel zone ID is not valid.",
                 body={"managementIp": "192.168.0.11", "managementPort": 6632, "tunnelZoneId": MISSING},
                 ctype="VTEP-v1")
    expect_violation(h, sim, "POST", "/vteps", "managementPort", "must be less than or equal to 65535",
                     {"managementIp": "192.168.0.11", "managementPort": 70000, "tunnelZoneId": tz["id"]}, "VTEP-v1")
    expect_violation(h, sim, "POST", "/vteps", "managementIp", "may not be null",
                     {"managementPort": 1, "tunnelZoneId": tz["id"]}, "VTEP-v1")
    a = h.agent("node1", root=sim.root, addresses=["192.168.0.20"])
    expect_error(h, sim, "POST", "/vteps", 409, "VTEP conflicts with an existing host with IP address /192.168.0.20.",
                 body={"managementIp": "192.168.0.20", "managementPort": 1, "tunnelZoneId": tz["id"]},
                 ctype="VTEP-v1")
    # A switch that answers has its tunnel IP checked against the hosts' too.
    h.vtep(sim.root, "192.168.0.30", 6632, tunnel_ip="192.168.0.21")
    h.agent("node2", root=sim.root, addresses=["192.168.0.21"])
    expect_error(h, sim, "POST", "/vteps", 409, "VTEP conflicts with an existing host with IP address /192.168.0.21.",
                 body={"managementIp": "192.168.0.30", "managementPort": 6632, "tunnelZoneId": tz["id"]},
                 ctype="VTEP-v1")
    expect_error(h, sim, "GET", "/vteps/10.9.9.9", 404, "No VTEP with IP address 10.9.9.9 exists.")
    # The zone is in use.
    expect_error(h, sim, "DELETE", tz["uri"], 409)
    assert a.id
    assert sim.stop() == 0


def test_vtep_bindings(h):
    sim = h.sim()
    tz = tunnel_zone(h, sim, name="vt", type="vtep")
    players = []
    for ip in ("10.1.0.1", "10.1.0.2"):
        create(h, sim, "/vteps", {"managementIp": ip, "managementPort": 6632, "tunnelZoneId": tz["id"]}, "VTEP-v1")
        players.append(h.vtep(sim.root, ip, 6632, tunnel_ip="10.2.0." + ip[-1], ports=["eth 1", "eth2", "p"]))
    vt = get(h, sim, "/vteps/10.1.0.1")
    br, br2 = bridge(h, sim), bridge(h, sim, name="b2")
    expect_error(h, sim, "GET", br["uri"] + "/vxlan_port", 404, "The specified bridge does not have any VXLAN port.")
    loc = create(h, sim, vt["bindings"], {"portName": "eth 1", "vlanId": 10, "networkId": br["id"]},
                 "VTEPBinding-v1")
    assert loc == vt["bindings"] + "/eth%201/10"
    b = get(h, sim, loc, accept="VTEPBinding-v1")
    assert b == {"mgmtIp": "10.1.0.1", "portName": "eth 1", "vlanId": 10, "networkId": br["id"], "uri": loc}, b
    assert zk_children(h, sim, "/vteps/10.1.0.1/bindings") == ["10_%s_eth%%201" % br["id"]]
    # The first binding made the bridge's VXLAN port.
    br = get(h, sim, br["uri"], accept="Bridge-v3")
    assert br["vxLanPortId"] and br["vxLanPortIds"] == [br["vxLanPortId"]]
    # A PUT must carry the bound bridge's VXLAN port ids as they are; a Bridge-v2 body
    # cannot (vxLanPortIds is v3's), so BridgeResource.update refuses it: a plain 400.
    put = {"tenantId": "t", "name": "b1"}
    expect_error(h, sim, "PUT", br["uri"], 400, VX_MSG, body=put, ctype="Bridge-v2")
    expect_error(h, sim, "PUT", br["uri"], 400, VX_MSG, body=dict(put, vxLanPortId=br["vxLanPortId"]),
                 ctype="Bridge-v2")
    st, _, _ = call(h, sim, "PUT", br["uri"], body=dict(put, vxLanPortId=br["vxLanPortId"],
                                                        vxLanPortIds=br["vxLanPortIds"]), ctype="Bridge-v3")
    assert st == 204, st
    vx = get(h, sim, br["uri"] + "/vxlan_port", accept="Port-v1")
    assert vx["type"] == "Vxlan" and vx["mgmtIpAddr"] == "10.1.0.1" and vx["mgmtPort"] == 6632
    assert vx["deviceId"] == br["id"] and vx["bindings"] == vx["uri"] + "/vtep_bindings"
    expect_error(h, sim, "POST", vt["bindings"], 404, "The VTEP at 10.1.0.1:6632 does not have a port named nope.",
                 body={"portName": "nope", "vlanId": 3, "networkId": br2["id"]}, ctype="VTEPBinding-v1")
    # VNIs come from the API's own counter (VtepZkManager: from 10000), not the tunnel key.
    assert vx["vni"] == 10000, vx
    assert h.zk_get(sim.root + "/vniCounter") == b"10001"
    assert [p["id"] for p in get(h, sim, br["uri"] + "/vxlan_ports")] == [vx["id"]]
    create(h, sim, vt["bindings"], {"portName": "eth2", "vlanId": 0, "networkId": br["id"]}, "VTEPBinding-v1")
    assert get(h, sim, br["uri"])["vxLanPortIds"] == [vx["id"]]
    assert len(get(h, sim, vx["bindings"], accept="collection.VTEPBinding-v1")) == 2
    assert len(get(h, sim, vt["bindings"], accept="collection.VTEPBinding-v1")) == 2
    # Errors.
    expect_error(h, sim, "POST", vt["bindings"], 409,
                 "The VTEP at 10.1.0.1:6632 already has a binding for port eth2 on vlan 0 to network %s" % br["id"],
                 body={"portName": "eth2", "vlanId": 0, "networkId": br2["id"]}, ctype="VTEPBinding-v1")
    # br2's refused first binding above took a VNI all the same (createFirstNetworkBinding
    # allocates before it stores the binding).
    assert h.zk_get(sim.root + "/vniCounter") == b"10002"
    # A network may be bound to several VTEPs of one tunnel zone (VtepClusterClient), one
    # VXLAN port each, all with the VNI of its first.
    loc2 = create(h, sim, "/vteps/10.1.0.2/bindings", {"portName": "p", "vlanId": 5, "networkId": br["id"]},
                  "VTEPBinding-v1")
    ids = get(h, sim, br["uri"], accept="Bridge-v3")["vxLanPortIds"]
    assert len(ids) == 2 and ids[0] == vx["id"], ids
    vx2 = get(h, sim, "/ports/" + ids[1], accept="Port-v1")
    assert vx2["vni"] == vx["vni"] and vx2["mgmtIpAddr"] == "10.1.0.2", vx2
    assert h.zk_get(sim.root + "/vniCounter") == b"10002"
    # Not to a VTEP of another tunnel zone.
    tz2 = tunnel_zone(h, sim, name="vt2", type="vtep")
    create(h, sim, "/vteps", {"managementIp": "10.1.0.3", "managementPort": 6632, "tunnelZoneId": tz2["id"]},
           "VTEP-v1")
    h.vtep(sim.root, "10.1.0.3", 6632, tunnel_ip="10.2.0.3", ports=["p"])
    expect_error(h, sim, "POST", "/vteps/10.1.0.3/bindings", 400,
                 "VTEP was expected to use tunnel zone %s" % tz["id"],
                 body={"portName": "p", "vlanId": 1, "networkId": br["id"]}, ctype="VTEPBinding-v1")
    # A further binding to a VTEP checks the switch's port too; with no switch answering,
    # that check fails on a null client: a 500.
    expect_error(h, sim, "POST", vt["bindings"], 404, "The VTEP at 10.1.0.1:6632 does not have a port named nope.",
                 body={"portName": "nope", "vlanId": 3, "networkId": br["id"]}, ctype="VTEPBinding-v1")
    players[1].stop()
    expect_error(h, sim, "POST", "/vteps/10.1.0.2/bindings", 500, E500,
                 body={"portName": "p", "vlanId": 6, "networkId": br["id"]}, ctype="VTEPBinding-v1")
    players[1] = h.vtep(sim.root, "10.1.0.2", 6632, tunnel_ip="10.2.0.2", ports=["p"])
    delete(h, sim, loc2)
    assert get(h, sim, br["uri"], accept="Bridge-v3")["vxLanPortIds"] == [vx["id"]]
    expect_violation(h, sim, "POST", vt["bindings"], "vlanId", "must be less than or equal to 4095",
                     {"portName": "p", "vlanId": 4096, "networkId": br["id"]}, "VTEPBinding-v1")
    expect_violation(h, sim, "POST", vt["bindings"], "networkId", "may not be null",
                     {"portName": "p", "vlanId": 1}, "VTEPBinding-v1")
    # The bridge and the VTEP are looked up for a bad request: 400 (as a bad IP).
    expect_error(h, sim, "POST", vt["bindings"], 400, "No bridge with ID %s exists." % MISSING,
                 body={"portName": "p", "vlanId": 1, "networkId": MISSING}, ctype="VTEPBinding-v1")
    expect_error(h, sim, "POST", "/vteps/10.1.0.9/bindings", 400, "No VTEP with IP address 10.1.0.9 exists.",
                 body={"portName": "p", "vlanId": 1, "networkId": br["id"]}, ctype="VTEPBinding-v1")
    expect_error(h, sim, "POST", "/vteps/10.1.0/bindings", 400, "10.1.0 is not a valid IP address",
                 body={"portName": "p", "vlanId": 1, "networkId": br["id"]}, ctype="VTEPBinding-v1")
    expect_error(h, sim, "GET", "/vteps/nope", 400, "nope is not a valid IP address")
    expect_error(h, sim, "GET", vt["bindings"] + "/eth9/3", 404,
                 "The VTEP at 10.1.0.1 does not have a binding to a Midonet network for VLAN 3 at port eth9.")
    # A VTEP with bindings cannot go.
    expect_error(h, sim, "DELETE", vt["uri"], 400)
    # The last binding's deletion takes the VXLAN port with it.
    delete(h, sim, loc)
    assert zk_exists(h, sim, "/ports/" + vx["id"])
    delete(h, sim, vt["bindings"] + "/eth2/0")
    assert not zk_exists(h, sim, "/ports/" + vx["id"])
    br = get(h, sim, br["uri"], accept="Bridge-v3")
    assert br["vxLanPortId"] is None and br["vxLanPortIds"] is None
    expect_error(h, sim, "DELETE", loc, 404)
    # Deleting a bound bridge deletes its bindings and VXLAN port.
    create(h, sim, "/vteps/10.1.0.2/bindings", {"portName": "p", "vlanId": 1, "networkId": br2["id"]},
           "VTEPBinding-v1")
    vx2 = get(h, sim, br2["uri"])["vxLanPortId"]
    delete(h, sim, br2["uri"])
    assert zk_children(h, sim, "/vteps/10.1.0.2/bindings") == [] and not zk_exists(h, sim, "/ports/" + vx2)
    delete(h, sim, vt["uri"])
    delete(h, sim, vt["uri"], status=404)
    assert sim.stop() == 0
