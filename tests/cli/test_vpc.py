"""A small VPC built by one midosh script, then checked object by object through the API.

The topology is what a Eucalyptus VPCMIDO cloud asks of MidoNet for one VPC: a router
with an uplink and two subnets (bridges linked to it, each serving DHCP), a security
group (a chain whose rules use an IP address group, and a port group of its members),
an elastic IP (a dnat/snat pair on the router's filters) and an instance's port bound to
an interface of a host. The script names nothing by id: peers are linked on create,
and @port names the instance's port.

It runs against both API generations: test_vpc_from_one_script on MidoNet 1.9 and
test_vpc_from_one_script_5 on 5.x, where the uplink also peers by BGP through the router
(its asn, a BGP peer and the network it advertises: SCRIPT5).
"""
import os

SCRIPT = """\
# The host the instance runs on joins the tunnel zone.
tunnel-zone create name mido-tz type gre
tunnel-zone mido-tz add member host node1 address 10.111.1.5

# The VPC's router: an uplink with a default route, and one port per subnet.
create router name vpc-1
router vpc-1 add port address 203.0.113.2 net 203.0.113.0/24
router vpc-1 add route dst 0.0.0.0/0 gw 203.0.113.1 port 203.0.113.2
router vpc-1 add port address 10.0.1.1 net 10.0.1.0/24
router vpc-1 add port address 10.0.2.1 net 10.0.2.0/24

# Two subnets: a bridge each, linked to the router as it is created, serving DHCP.
create bridge name subnet-1
bridge subnet-1 add port peer vpc-1:10.0.1.1
bridge subnet-1 add dhcp subnet 10.0.1.0/24 gw 10.0.1.1 server 10.0.1.2 dns-servers 8.8.8.8 \\
    opt121-routes 169.254.169.254:10.0.1.2
create bridge name subnet-2
bridge subnet-2 add port peer vpc-1:10.0.2.1
bridge subnet-2 add dhcp subnet 10.0.2.0/24 gw 10.0.2.1 server 10.0.2.2 dns-servers 8.8.8.8

# The security group: its members' addresses, and the chain that admits traffic to them.
create ip-address-group name sg-web-members
ip-address-group sg-web-members add ip address 10.0.1.10
create chain name sg-web-ingress
chain sg-web-ingress add rule type drop pos 1
chain sg-web-ingress add rule type accept flow return-flow pos 1
chain sg-web-ingress add rule type accept proto 6 dst-port 22 src !10.0.2.0/24 pos 2
chain sg-web-ingress add rule type accept ip-address-group-src sg-web-members pos 3
create port-group name sg-web stateful true

# The instance: its port, filtered by the security group, known to DHCP, bound on node1.
bridge subnet-1 add port outfilter sg-web-ingress
port-group sg-web add member port @port
host node1 add binding interface vn_i-0001 port @port
bridge subnet-1 dhcp 10.0.1.0/24 add host mac d0:0d:00:00:00:01 address 10.0.1.10 name i-0001

# The elastic IP 203.0.113.10: dnat on the way in, snat on the way out.
create chain name vpc-1-in
chain vpc-1-in add rule type dnat flow fwd-flow dst 203.0.113.10 action accept target 10.0.1.10
chain vpc-1-in add rule type rev_snat flow return-flow action accept pos 2
create chain name vpc-1-out
chain vpc-1-out add rule type snat flow fwd-flow src 10.0.1.10 action accept \\
    target 203.0.113.10:1024-65535
chain vpc-1-out add rule type rev_dnat flow return-flow action accept pos 2
router vpc-1 set infilter vpc-1-in outfilter vpc-1-out
"""

# MidoNet 5.x: the uplink's BGP session is the router's (1.9 had it on the port).
SCRIPT5 = """\
router vpc-1 set asn 65000
router vpc-1 add bgp-peer asn 65001 address 203.0.113.1 keep-alive 30 hold-time 90
router vpc-1 add bgp-network net 10.0.0.0/16
"""


def get(h, url):
    # 5.x refuses a GET without Accept (406); curl and the clients send */*.
    status, _, body = h.http("GET", url, headers={"Accept": "*/*"})
    assert status == 200, (url, status, body)
    return body


def one(items, what, **match):
    """The one item with all of match's key/value pairs."""
    found = [i for i in items if all(i.get(k) == v for k, v in match.items())]
    assert len(found) == 1, "%s: %d match %r in %r" % (what, len(found), match, items)
    return found[0]


def test_vpc_from_one_script(h):
    vpc(h, "1.9")


def test_vpc_from_one_script_5(h):
    vpc(h, "5")


def vpc(h, dialect):
    sim = h.sim(extra=["--dialect", dialect])
    node = h.agent("node1", sim.root, addresses=["10.111.1.5"], interfaces=["vn_i-0001"])
    path = os.path.join(h.tmp, "vpc.mido")
    with open(path, "w") as f:
        f.write(SCRIPT + (SCRIPT5 if dialect == "5" else ""))
    r = h.midosh("-f", path, url=sim.url)
    assert r.rc == 0, "exit %d\nstdout:\n%s\nstderr:\n%s" % (r.rc, r.out, r.err)
    assert r.err == "", r.err
    url = sim.url

    # The router, its filters, ports and routes.
    router = one(get(h, url + "/routers"), "routers", name="vpc-1")
    chains = get(h, url + "/chains")
    chain_in = one(chains, "chains", name="vpc-1-in")
    chain_out = one(chains, "chains", name="vpc-1-out")
    sg = one(chains, "chains", name="sg-web-ingress")
    assert router["inboundFilterId"] == chain_in["id"], router
    assert router["outboundFilterId"] == chain_out["id"], router
    rports = get(h, router["ports"])
    assert sorted(p["portAddress"] for p in rports) == ["10.0.1.1", "10.0.2.1", "203.0.113.2"], rports
    uplink = one(rports, "router ports", portAddress="203.0.113.2")
    default = one(get(h, router["routes"]), "routes", dstNetworkAddr="0.0.0.0", dstNetworkLength=0)
    assert default["nextHopGateway"] == "203.0.113.1" and default["nextHopPort"] == uplink["id"], default

    # The subnets: linked bridges serving DHCP.
    bridges = get(h, url + "/bridges")
    for name, gw, cidr in (("subnet-1", "10.0.1.1", "10.0.1.0"), ("subnet-2", "10.0.2.1", "10.0.2.0")):
        bridge = one(bridges, "bridges", name=name)
        rport = one(rports, "router ports", portAddress=gw)
        bport = one(get(h, bridge["ports"]), "%s ports" % name, peerId=rport["id"])
        assert rport["peerId"] == bport["id"], (rport, bport)
        subnet = one(get(h, bridge["dhcpSubnets"]), "%s DHCP" % name, subnetPrefix=cidr)
        assert subnet["subnetLength"] == 24 and subnet["defaultGateway"] == gw, subnet
        assert subnet["dnsServerAddrs"] == ["8.8.8.8"], subnet
    subnet1 = one(bridges, "bridges", name="subnet-1")
    dhcp1 = one(get(h, subnet1["dhcpSubnets"]), "subnet-1 DHCP", subnetPrefix="10.0.1.0")
    assert dhcp1["opt121Routes"] == [{"destinationPrefix": "169.254.169.254", "destinationLength": 32,
                                      "gatewayAddr": "10.0.1.2"}], dhcp1
    dhcp_host = one(get(h, dhcp1["hosts"]), "DHCP hosts", macAddr="d0:0d:00:00:00:01")
    assert dhcp_host["ipAddr"] == "10.0.1.10" and dhcp_host["name"] == "i-0001", dhcp_host

    # The instance's port: filtered, bound, in the port group.
    vm = one(get(h, subnet1["ports"]), "subnet-1 ports", peerId=None)
    assert vm["outboundFilterId"] == sg["id"], vm
    assert vm["hostId"] == node.id and vm["interfaceName"] == "vn_i-0001", vm
    binding = one(get(h, "%s/hosts/%s/ports" % (url, node.id)), "bindings", portId=vm["id"])
    assert binding["interfaceName"] == "vn_i-0001", binding
    tz = one(get(h, url + "/tunnel_zones"), "tunnel zones", name="mido-tz")
    one(get(h, tz["hosts"]), "tunnel zone members", hostId=node.id, ipAddress="10.111.1.5")
    group = one(get(h, url + "/port_groups"), "port groups", name="sg-web")
    assert group["stateful"] is True, group
    one(get(h, group["ports"]), "port group members", portId=vm["id"])

    # The security group's rules, in order, and its IP address group.
    ipg = one(get(h, url + "/ip_addr_groups"), "IP address groups", name="sg-web-members")
    assert [a["addr"] for a in get(h, ipg["addrs"])] == ["10.0.1.10"]
    rules = get(h, sg["rules"])
    assert [(x["position"], x["type"]) for x in rules] == [
        (1, "accept"), (2, "accept"), (3, "accept"), (4, "drop")], rules
    assert rules[0]["matchReturnFlow"] is True, rules[0]
    ssh = rules[1]
    assert (ssh["nwProto"], ssh["tpDst"], ssh["nwSrcAddress"], ssh["nwSrcLength"], ssh["invNwSrc"]) == \
        (6, {"start": 22, "end": 22}, "10.0.2.0", 24, True), ssh
    assert rules[2]["ipAddrGroupSrc"] == ipg["id"] and rules[2]["invIpAddrGroupSrc"] is False, rules[2]

    # The elastic IP's NAT pair.
    dnat = one(get(h, chain_in["rules"]), "inbound rules", type="dnat")
    assert (dnat["nwDstAddress"], dnat["nwDstLength"], dnat["flowAction"], dnat["matchForwardFlow"]) == \
        ("203.0.113.10", 32, "accept", True), dnat
    assert dnat["natTargets"] == [{"addressFrom": "10.0.1.10", "addressTo": "10.0.1.10",
                                   "portFrom": 0, "portTo": 0}], dnat
    one(get(h, chain_in["rules"]), "inbound rules", type="rev_snat", position=2)
    snat = one(get(h, chain_out["rules"]), "outbound rules", type="snat")
    assert snat["nwSrcAddress"] == "10.0.1.10" and snat["natTargets"] == [
        {"addressFrom": "203.0.113.10", "addressTo": "203.0.113.10", "portFrom": 1024, "portTo": 65535}], snat
    one(get(h, chain_out["rules"]), "outbound rules", type="rev_dnat", position=2)

    if dialect == "5":
        assert router["asNumber"] == 65000, router
        peer = one(get(h, router["bgpPeers"]), "BGP peers", address="203.0.113.1")
        assert (peer["asNumber"], peer["keepAlive"], peer["holdTime"]) == (65001, 30, 90), peer
        net = one(get(h, router["bgpNetworks"]), "BGP networks", subnetAddress="10.0.0.0")
        assert net["subnetLength"] == 16, net
        assert uplink["portSubnet"] == ["203.0.113.2/24"], uplink

    # And midosh reads it all back by name.
    r = h.midosh("-c", "bridge subnet-1 list port; router vpc-1 show infilter", url=sim.url)
    assert r.rc == 0, r
    assert r.out.splitlines() == [
        "port %.8s device subnet-1 state up plugged no peer vpc-1:10.0.1.1" % one(
            get(h, subnet1["ports"]), "ports", peerId=one(rports, "p", portAddress="10.0.1.1")["id"])["id"],
        "port %.8s device subnet-1 state up plugged no outfilter sg-web-ingress host node1 "
        "interface vn_i-0001" % vm["id"],
        "chain vpc-1-in name vpc-1-in",
    ], r.out
