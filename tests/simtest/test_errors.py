"""midonet-sim: the 1.9 errors, table-driven, as the v2015.06 resources raise them.

Each row is one error path (tests/sim/README.md, "Errors", names the upstream source):
method, path, body and media type, then the status, the shape ("plain": {message, code};
"violation": 400 "Validation error(s) found" naming a property; "jersey": Jersey's own
error, message null) and the exact message.
"""
from simhelp import (bridge, bridge_port, call, create, create_get, get, router, router_port,
                     tunnel_zone)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"
E500 = "An internal server error has occurred, please try again."
VALIDATION = "Validation error(s) found"


def objects(h, sim):
    """The objects the rows name."""
    o = {}
    o["br"] = bridge(h, sim, name="ebr")
    o["bp"] = bridge_port(h, sim, o["br"])
    o["rt"] = router(h, sim, name="ert")
    o["rp"] = router_port(h, sim, o["rt"])
    o["rp2"] = router_port(h, sim, o["rt"], addr="10.0.1.1", net="10.0.1.0")
    o["bgp"] = create_get(h, sim, o["rp2"]["bgps"],
                          {"localAS": 1, "peerAS": 2, "peerAddr": "10.0.1.2"}, "Bgp-v1")
    create(h, sim, o["br"]["dhcpSubnets"], {"subnetPrefix": "10.4.0.0", "subnetLength": 24},
           "DhcpSubnet-v2")
    o["hosts"] = o["br"]["dhcpSubnets"] + "/10.4.0.0_24/hosts"
    o["tz"] = tunnel_zone(h, sim, name="etz")
    o["host"] = h.agent("err-host", root=sim.root, addresses=["192.168.7.20"])
    o["lb"] = get(h, sim, create(h, sim, "/load_balancers", {}, "LoadBalancer-v1"))
    o["pool"] = get(h, sim, create(h, sim, "/pools", {"loadBalancerId": o["lb"]["id"],
                                                      "lbMethod": "ROUND_ROBIN"}, "Pool-v1"))
    o["member"] = get(h, sim, create(h, sim, "/pool_members",
                                     {"poolId": o["pool"]["id"], "address": "10.7.0.5"},
                                     "PoolMember-v1"))
    o["vip"] = get(h, sim, create(h, sim, "/vips", {"poolId": o["pool"]["id"],
                                                    "address": "10.7.0.9"}, "VIP-v1"))
    create(h, sim, "/vteps", {"managementIp": "10.8.0.1", "managementPort": 6632,
                              "tunnelZoneId": o["tz"]["id"]}, "VTEP-v1")
    return o


# name, method, path(o), body(o), media type, status, shape, message(o) (violation: (prop, msg))
ROWS = [
    # BgpResource: validation first, then toData()'s IPv4Addr.fromString.
    ("bgp one per port", "POST", lambda o: o["rp2"]["bgps"],
     lambda o: {"localAS": 1, "peerAS": 2, "peerAddr": "10.0.1.3"}, "Bgp-v1", 400, "violation",
     lambda o: ("", "Only one BGP can be assigned to a port.")),
    ("bgp null peerAddr", "POST", lambda o: o["rp"]["bgps"], lambda o: {"localAS": 1},
     "Bgp-v1", 500, "plain", lambda o: E500),
    ("bgp bad peerAddr", "POST", lambda o: o["rp"]["bgps"],
     lambda o: {"localAS": 1, "peerAddr": "10.0.0"}, "Bgp-v1", 500, "plain", lambda o: E500),
    ("bgp missing", "GET", lambda o: "/bgps/" + MISSING, None, None, 404, "plain",
     lambda o: "No bgp with ID %s exists." % MISSING),
    # AdRoute.toData(): InetAddress.getByName.
    ("ad route bad nwPrefix", "POST", lambda o: o["bgp"]["adRoutes"],
     lambda o: {"nwPrefix": "10.0.0", "prefixLength": 8}, "AdRoute-v1", 500, "plain",
     lambda o: E500),
    # DhcpHostsResource: no validation; toData() throws.
    ("dhcp host null macAddr", "POST", lambda o: o["hosts"], lambda o: {"ipAddr": "10.4.0.7"},
     "DhcpHost-v1", 500, "plain", lambda o: E500),
    ("dhcp host null ipAddr", "POST", lambda o: o["hosts"],
     lambda o: {"macAddr": "02:00:00:00:00:07"}, "DhcpHost-v1", 500, "plain", lambda o: E500),
    ("dhcp host bad macAddr", "POST", lambda o: o["hosts"],
     lambda o: {"macAddr": "02:00:00", "ipAddr": "10.4.0.7"}, "DhcpHost-v1", 500, "plain",
     lambda o: E500),
    ("dhcp host missing", "GET", lambda o: o["hosts"] + "/02-00-00-00-00-99", None, None, 404,
     "plain", lambda o: "Host was not found."),
    # TunnelZoneResource.
    ("tunnel zone name taken", "POST", lambda o: "/tunnel_zones",
     lambda o: {"name": "ETZ", "type": "gre"}, "TunnelZone-v1", 400, "plain",
     lambda o: "Tunnel zone name already exists."),
    ("tunnel zone used by a VTEP", "DELETE", lambda o: o["tz"]["uri"], None, None, 409, "plain",
     lambda o: "Can't delete tunnel zone: used by VTEP 10.8.0.1"),
    ("tunnel zone missing", "GET", lambda o: "/tunnel_zones/" + MISSING, None, None, 404,
     "plain", lambda o: "No tunnel zone with ID %s exists." % MISSING),
    ("tunnel zone name empty", "POST", lambda o: "/tunnel_zones",
     lambda o: {"name": "", "type": "gre"}, "TunnelZone-v1", 400, "violation",
     lambda o: ("name", "size must be between 1 and 255")),
    # VtepResource.
    ("vtep host ip conflict", "POST", lambda o: "/vteps",
     lambda o: {"managementIp": "192.168.7.20", "managementPort": 1,
                "tunnelZoneId": o["tz"]["id"]}, "VTEP-v1", 409, "plain",
     lambda o: "VTEP conflicts with an existing host with IP address /192.168.7.20."),
    ("vtep exists", "POST", lambda o: "/vteps",
     lambda o: {"managementIp": "10.8.0.1", "managementPort": 6632,
                "tunnelZoneId": o["tz"]["id"]}, "VTEP-v1", 409, "plain",
     lambda o: "A VTEP with IP address 10.8.0.1 already exists."),
    ("vtep tunnel zone invalid", "POST", lambda o: "/vteps",
     lambda o: {"managementIp": "10.8.0.2", "managementPort": 6632, "tunnelZoneId": MISSING},
     "VTEP-v1", 400, "plain", lambda o: "Tunnel zone ID is not valid."),
    ("vtep missing", "GET", lambda o: "/vteps/10.9.9.9", None, None, 404, "plain",
     lambda o: "No VTEP with IP address 10.9.9.9 exists."),
    # InterfaceResource.
    ("interface missing", "GET", lambda o: "/hosts/%s/interfaces/nope" % o["host"].id, None, None,
     404, "plain", lambda o: "The interface 'nope' was not found."),
    ("host missing", "GET", lambda o: "/hosts/" + MISSING, None, None, 404, "plain",
     lambda o: "No host with ID %s exists." % MISSING),
    # L4LB: PoolResource names the health monitor for any missing parent; a VIP's or a
    # member update's pool is a 400 (badReqOrNotFoundException); a member create's a 404.
    ("pool missing load balancer", "POST", lambda o: "/pools",
     lambda o: {"loadBalancerId": MISSING, "lbMethod": "ROUND_ROBIN"}, "Pool-v1", 404, "plain",
     lambda o: "No health monitor with ID null exists."),
    ("pool missing health monitor", "POST", lambda o: "/pools",
     lambda o: {"loadBalancerId": o["lb"]["id"], "lbMethod": "ROUND_ROBIN",
                "healthMonitorId": MISSING}, "Pool-v1", 404, "plain",
     lambda o: "No health monitor with ID %s exists." % MISSING),
    ("vip missing pool", "POST", lambda o: "/vips", lambda o: {"poolId": MISSING}, "VIP-v1", 400,
     "plain", lambda o: "No pool with ID %s exists." % MISSING),
    ("vip update missing pool", "PUT", lambda o: o["vip"]["uri"], lambda o: {"poolId": MISSING},
     "VIP-v1", 400, "plain", lambda o: "No pool with ID %s exists." % MISSING),
    ("member missing pool", "POST", lambda o: "/pool_members",
     lambda o: {"poolId": MISSING, "address": "10.7.0.6"}, "PoolMember-v1", 404, "plain",
     lambda o: "No pool with ID %s exists." % MISSING),
    ("member update missing pool", "PUT", lambda o: o["member"]["uri"],
     lambda o: {"poolId": MISSING, "address": "10.7.0.5"}, "PoolMember-v1", 400, "plain",
     lambda o: "No pool with ID %s exists." % MISSING),
    ("load balancer with router", "POST", lambda o: "/load_balancers",
     lambda o: {"routerId": MISSING}, "LoadBalancer-v1", 400, "plain",
     lambda o: "The load balancers can be assigned to the router only from the router side."),
    ("load balancer exists", "POST", lambda o: "/load_balancers",
     lambda o: {"id": o["lb"]["id"]}, "LoadBalancer-v1", 409, "plain",
     lambda o: "A(n) load balancer with ID %s already exists." % o["lb"]["id"]),
    # Bridges, routers, ports, routes.
    ("bridge vxLanPortId", "POST", lambda o: "/bridges",
     lambda o: {"tenantId": "t", "vxLanPortId": MISSING}, "Bridge-v2", 400, "plain",
     lambda o: "VXLAN port ID cannot be set directly. The VXLAN port is "
               "created or deleted in response to the creation or deletion of VTEP bindings."),
    ("bridge vxLanPortIds empty", "POST", lambda o: "/bridges",
     lambda o: {"tenantId": "t", "vxLanPortIds": []}, "Bridge-v3", 400, "plain",
     lambda o: "VXLAN port ID cannot be set directly. The VXLAN port is "
               "created or deleted in response to the creation or deletion of VTEP bindings."),
    ("bridge missing", "GET", lambda o: "/bridges/" + MISSING, None, None, 404, "plain",
     lambda o: "No bridge with ID %s exists." % MISSING),
    ("bridge no vxlan port", "GET", lambda o: o["br"]["uri"] + "/vxlan_port", None, None, 404,
     "plain", lambda o: "The specified bridge does not have any VXLAN port."),
    ("route type invalid", "POST", lambda o: o["rt"]["routes"],
     lambda o: {"type": "Nope", "srcNetworkAddr": "0.0.0.0", "dstNetworkAddr": "10.0.0.0"},
     "Route-v1", 400, "plain", lambda o: "This type of route is invalid."),
    ("port link not linkable", "POST", lambda o: o["bp"]["uri"] + "/link",
     lambda o: {"peerId": o["bp"]["id"]}, "PortLink-v1", 400, "violation",
     lambda o: ("link", "Ports are not linkable.")),
    # Chains and rules.
    ("rule position", "POST", lambda o: create_chain(o)["rules"],
     lambda o: {"type": "accept", "position": 9}, "Rule-v2", 400, "plain",
     lambda o: "Invalid rule position."),
    # IP address groups.
    ("ip addr group missing", "GET", lambda o: "/ip_addr_groups/" + MISSING, None, None, 404,
     "plain", lambda o: "The requested resource was not found."),
    ("ip addr group version", "GET", lambda o: "/ip_addr_groups/%s/versions/5/ip_addrs" % MISSING,
     None, None, 400, "plain", lambda o: "Invalid IP version: 5"),
    # Trace requests.
    ("trace request missing", "GET", lambda o: "/traces/" + MISSING, None, None, 404, "plain",
     lambda o: "Trace request doesn't exist"),
    # Jersey: no such path.
    ("no route", "GET", lambda o: "/bridges/not-a-uuid", None, None, 404, "jersey",
     lambda o: None),
]

_chain = {}


def create_chain(o):
    return _chain["c"]


def test_errors(h):
    sim = h.sim()
    o = objects(h, sim)
    _chain["c"] = create_get(h, sim, "/chains", {"tenantId": "t", "name": "ec"}, "Chain-v1")
    failed = []
    for name, method, path, body, ctype, status, shape, message in ROWS:
        st, hd, out = call(h, sim, method, path(o), body=body(o) if body else None, ctype=ctype)
        want = message(o)
        why = None
        if st != status:
            why = "status %s, expected %d (%r)" % (st, status, out)
        elif not isinstance(out, dict) or out.get("code") != status:
            why = "not an Error body: %r" % (out,)
        elif not hd.get("content-type", "").startswith("application/vnd.org.midonet.Error-v1"):
            why = "Content-Type %r" % hd.get("content-type")
        elif shape == "violation":
            found = [(v.get("property"), v.get("message")) for v in out.get("violations", [])]
            if out.get("message") != VALIDATION or want not in found:
                why = "violations %r lack %r" % (found, want)
        elif "violations" in out:
            why = "has violations: %r" % (out,)
        elif out.get("message") != want:
            why = "message %r, expected %r" % (out.get("message"), want)
        if why:
            failed.append("%s: %s %s: %s" % (name, method, path(o), why))
    assert not failed, "\n".join(failed)
