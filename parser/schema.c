#include "parser/schema.h"

#include "lib/strmap.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the table ------------------------------------------------------------------- */

#define ATTR_ID { .name = "id", .key = "id", .kind = K_STRING, .flags = A_RO | A_HIDDEN, \
                  .help = "the object's UUID" }
#define ATTR_TENANT { .name = "tenant", .key = "tenantId", .kind = K_STRING, \
                      .flags = A_HIDDEN | A_CREATE_ONLY, \
                      .help = "the owning tenant (the session tenant by default)" }
/* Routers and bridges take a new tenant on PUT (midonet-cli's set tenant); other types
 * either have no PUT or keep it. */
#define ATTR_TENANT_SET { .name = "tenant", .key = "tenantId", .kind = K_STRING, \
                          .flags = A_HIDDEN, \
                          .help = "the owning tenant (the session tenant by default)" }
#define ATTR_STATE { .name = "state", .key = "adminStateUp", .kind = K_UPDOWN, \
                     .help = "administrative state" }
#define ATTR_FILTER(word, json, what) { .name = word, .key = json, .kind = K_REF, .ref = T_CHAIN, \
                                        .flags = A_CLEAR, \
                                        .help = "the chain that filters " what " traffic" }
#define ATTR_PLUGGED { .name = "plugged", .key = "active", .kind = K_YESNO, .flags = A_RO, \
                       .help = "whether the port is active on a host" }
#define ATTR_PEER { .name = "peer", .key = "peerId", .kind = K_REF, .ref = T_PORT, \
                    .flags = A_CLEAR, \
                    .link_key = "link", .link_body = "peerId", .link_media = "PortLink-v1", \
                    .help = "the port linked to this one (set links, clear unlinks)" }
#define ATTR_PORT_HOST { .name = "host", .key = "hostId", .kind = K_REF, .ref = T_HOST, \
                         .flags = A_RO, \
                         .help = "the host the port is bound on" }
#define ATTR_PORT_IFACE { .name = "interface", .key = "interfaceName", .kind = K_STRING, \
                          .flags = A_RO, \
                          .help = "the host interface the port is bound to" }
/* What the API reports of every port and midonet-cli never printed: shown by `show`. */
#define ATTR_PORT_TYPE { .name = "type", .key = "type", .kind = K_STRING, \
                         .flags = A_RO | A_HIDDEN, \
                         .help = "the API's kind of port (Bridge, Router, Vxlan, ...)" }
#define ATTR_VIF { .name = "vif-id", .key = "vifId", .kind = K_STRING, .flags = A_RO | A_HIDDEN, \
                   .help = "the virtual interface an orchestrator tied the port to" }
#define ATTR_VTEP_MGMT { .name = "management-ip", .key = "mgmtIpAddr", .kind = K_IPV4, \
                         .flags = A_RO, \
                        .dialects = D_19, \
                        .help = "a VXLAN port's VTEP (created by a VTEP binding)" }
#define ATTR_VNI { .name = "vni", .key = "vni", .kind = K_INT, .flags = A_RO, .dialects = D_19, \
                   .help = "a VXLAN port's VXLAN network identifier" }
#define ATTR_VTEP_ID { .name = "vtep", .key = "vtepId", .kind = K_REF, .ref = T_VTEP, \
                       .flags = A_RO, .dialects = D_5, \
                       .help = "a VXLAN port's VTEP (created by a VTEP binding)" }
#define ATTR_VLAN { .name = "vlan", .key = "vlanId", .kind = K_INT, .min = 0, .max = 4095, \
                    .flags = A_CREATE_ONLY | A_ZERO_UNSET, .help = "the VLAN tag of the port" }
#define ATTR_MAC { .name = "mac", .key = "portMac", .kind = K_MAC, .flags = A_CREATE_ONLY, \
                   .help = "the port's MAC address (random when not given)" }
#define ATTR_ADDRESS { .name = "address", .key = "portAddress", .kind = K_IPV4, \
                       .flags = A_REQUIRED | A_CREATE_ONLY, .within = "net", \
                       .unless = "addresses", \
                       .help = "the port's IPv4 address, in its net" }
#define ATTR_NET { .name = "net", .key = "networkAddress", .key2 = "networkLength", \
                   .kind = K_CIDR, \
                   .flags = A_REQUIRED | A_CREATE_ONLY, .unless = "addresses", \
                   .help = "the network the port is on" }
/* 5.x: a router port's addresses, each with its network (portSubnet, v4 and v6). */
#define ATTR_ADDRESSES { .name = "addresses", .key = "portSubnet", .kind = K_CIDR_LIST, \
                         .flags = A_CLEAR, .dialects = D_5, \
                         .help = "the port's addresses with their networks (a.b.c.d/n,...; " \
                                 "v4 or v6), where 5.x takes several" }
/*
 * 5.x: the mirrors that copy a device's traffic, and a bridge's or a port's QoS policy
 * (midonet-cli 5.6's names). 5.x takes them on create and on update alike; a mirror has no
 * name, so it is named by its id (a prefix) or by a script's @name.
 */
#define ATTR_MIRRORS(word, json, what) { .name = word, .key = json, .kind = K_REF_LIST, \
                                         .ref = T_MIRROR, .flags = A_CLEAR, .dialects = D_5, \
                                         .help = "the mirrors that copy " what }
#define ATTR_DEVICE_MIRRORS(what) \
    ATTR_MIRRORS("in-mirrors", "inboundMirrorIds", "the " what "'s inbound traffic"), \
    ATTR_MIRRORS("out-mirrors", "outboundMirrorIds", "the " what "'s outbound traffic")
#define ATTR_PORT_MIRRORS \
    ATTR_DEVICE_MIRRORS("port"), \
    ATTR_MIRRORS("post-in-filter-mirrors", "postInFilterMirrorIds", \
                 "the port's inbound traffic its infilter lets through"), \
    ATTR_MIRRORS("pre-out-filter-mirrors", "preOutFilterMirrorIds", \
                 "the port's outbound traffic before its outfilter")
#define ATTR_QOS_POLICY(what) { .name = "qos-policy", .key = "qosPolicyId", .kind = K_REF, \
                                .ref = T_QOS_POLICY, .flags = A_CLEAR, .dialects = D_5, \
                                .help = "the QoS policy applied to the " what "'s traffic" }
/* 5.x: a router port's VXLAN network identifier, off-ramp and BGP state. */
#define ATTR_ROUTER_PORT5 \
    { .name = "vni", .key = "rtrPortVni", .kind = K_INT, .min = 0, .max = 0xFFFFFF, \
      .dialects = D_5, .help = "a router port's VXLAN network identifier" }, \
    { .name = "vxlan-off-ramp", .key = "offRampVxlan", .kind = K_BOOL, .flags = A_ZERO_UNSET, \
      .dialects = D_5, .help = "whether a router port takes VXLAN traffic off the overlay" }, \
    { .name = "bgp-status", .key = "bgpStatus", .kind = K_STRING, .flags = A_RO | A_HIDDEN, \
      .dialects = D_5, .help = "a router port's BGP sessions, as the BGP daemon reports them" }
#define END_ATTRS { .name = NULL }
#define END_CHILDREN { .uri_key = NULL }

static const struct enum_value route_types[] = {
    { "normal", "Normal", "forward to the next hop" },
    { "blackhole", "BlackHole", "drop silently" },
    { "reject", "Reject", "drop with an ICMP error" },
    { "local", "Local", "to the router itself (5.x makes one per address of a router port)" },
    { NULL, NULL, NULL },
};

static const struct enum_value zone_types[] = {
    { "gre", "gre", "GRE tunnels between midolman hosts" },
    { "vxlan", "vxlan", "VXLAN tunnels between midolman hosts" },
    { "vtep", "vtep", "VXLAN tunnels to hardware VTEPs" },
    { NULL, NULL, NULL },
};

static const struct enum_value rule_types[] = {
    { "accept", "accept", "let the packet through" },
    { "continue", "continue", "go on to the next rule" },
    { "drop", "drop", "drop the packet silently" },
    { "jump", "jump", "go on in the chain given by jump-to" },
    { "reject", "reject", "drop the packet with an ICMP error" },
    { "return", "return", "go back to the chain that jumped here" },
    { "trace", "trace", "trace matching packets (traceid, tracelimit)" },
    { "dnat", "dnat", "rewrite the destination to a target, then action" },
    { "snat", "snat", "rewrite the source to a target, then action" },
    { "rev_dnat", "rev_dnat", "undo a dnat on return traffic, then action" },
    { "rev_snat", "rev_snat", "undo a snat on return traffic, then action" },
    { "l2-transform", "l2_transform", "pop or push a VLAN tag, then action (accept, or "
      "redirect to target-port)" },
    { "redirect", "redirect", "send the packet to target-port (midonet-cli's word: the "
      "API takes l2-transform with action redirect)" },
    { NULL, NULL, NULL },
};

static const struct enum_value flow_actions[] = {
    { "accept", "accept", NULL }, { "continue", "continue", NULL }, { "return", "return", NULL },
    { "redirect", "redirect", "an l2-transform rule's: on to target-port" },
    { NULL, NULL, NULL },
};

/* The values of one dialect only (enum_value has no room for it: a table beside). */
static const struct {
    const struct enum_value *values;
    const char *word;
    unsigned dialects;
} value_dialects[] = {
    { route_types, "local", D_5 },
    { rule_types, "l2-transform", D_5 },
    { rule_types, "redirect", D_5 },
    { flow_actions, "redirect", D_5 },
};

static const struct enum_value flow_flags[] = {
    { "fwd-flow", "matchForwardFlow", "the first packets of a connection" },
    { "return-flow", "matchReturnFlow", "the replies of a connection" },
    { NULL, NULL, NULL },
};

static const struct enum_value fragment_policies[] = {
    { "any", "any", "any packet, fragmented or not" },
    { "header", "header", "unfragmented packets and first fragments" },
    { "nonheader", "nonheader", "fragments after the first" },
    { "unfragmented", "unfragmented", "unfragmented packets only" },
    { NULL, NULL, NULL },
};

static const struct enum_value lb_methods[] = {
    { "ROUND_ROBIN", "ROUND_ROBIN", NULL }, { NULL, NULL, NULL },
};
static const struct enum_value lb_protocols[] = { { "TCP", "TCP", NULL }, { NULL, NULL, NULL } };
static const struct enum_value persistences[] = {
    { "SOURCE_IP", "SOURCE_IP", "a client always reaches the same member" }, { NULL, NULL, NULL },
};

/* Names for numbers (K_INT values[]): the json is the number they stand for. */
static const struct enum_value ip_protocols[] = {
    { "icmp", "1", "ICMP (1)" },
    { "tcp", "6", "TCP (6)" },
    { "udp", "17", "UDP (17)" },
    { "icmpv6", "58", "ICMPv6 (58)" },
    { NULL, NULL, NULL },
};
static const struct enum_value ethertypes[] = {
    { "ipv4", "2048", "IPv4 (0x0800, 2048)" },
    { "arp", "2054", "ARP (0x0806, 2054)" },
    { "ipv6", "34525", "IPv6 (0x86dd, 34525)" },
    { NULL, NULL, NULL },
};
/* A_LAST: the word the executor turns into a number (json NULL). */
static const struct enum_value rule_positions[] = {
    { "last", NULL, "after the chain's last rule (its number of rules + 1)" },
    { NULL, NULL, NULL },
};

/* A host's container limit: -1 is none. */
static const struct enum_value container_limits[] = {
    { "no-limit", "-1", "no limit" },
    { NULL, NULL, NULL },
};

static const struct enum_value bool_words[] = {
    { "true", "true", NULL }, { "false", "false", NULL }, { NULL, NULL, NULL },
};
static const struct enum_value updown_words[] = {
    { "up", "true", NULL }, { "down", "false", NULL }, { NULL, NULL, NULL },
};
static const struct enum_value yesno_words[] = {
    { "yes", "true", NULL }, { "no", "false", NULL }, { NULL, NULL, NULL },
};

static const struct attr tenant_attrs[] = {
    { .name = "id", .key = "id", .kind = K_STRING, .flags = A_RO, .help = "the tenant's id" },
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_RO, .help = "the tenant's name" },
    { .name = "tenant_id", .key = "id", .kind = K_STRING, .flags = A_RO | A_HIDDEN,
      .help = "the same as id (midonet-cli's name)" },
    { .name = "description", .key = "description", .kind = K_STRING, .flags = A_RO,
      .dialects = D_5, .help = "the tenant's description" },
    { .name = "enabled", .key = "enabled", .kind = K_YESNO, .flags = A_RO, .dialects = D_5,
      .help = "whether the tenant is enabled" },
    END_ATTRS,
};

static const struct attr router_attrs[] = {
    ATTR_ID,
    ATTR_TENANT_SET,
    { .name = "name", .key = "name", .kind = K_STRING, .help = "the router's name" },
    ATTR_STATE,
    ATTR_FILTER("infilter", "inboundFilterId", "inbound"),
    ATTR_FILTER("outfilter", "outboundFilterId", "outbound"),
    { .name = "load-balancer", .key = "loadBalancerId", .kind = K_REF, .ref = T_LOAD_BALANCER,
      .flags = A_CLEAR, .help = "the load balancer that serves the router's VIPs" },
    { .name = "local-redirect-chain", .key = "localRedirectChainId", .kind = K_REF, .ref = T_CHAIN,
      .flags = A_CLEAR, .dialects = D_5,
      .help = "the chain whose rules redirect traffic addressed to the router itself" },
    { .name = "forward-chain", .key = "forwardChainId", .kind = K_REF, .ref = T_CHAIN,
      .flags = A_CLEAR, .dialects = D_5, .help = "the chain of the router's forwarded traffic" },
    { .name = "asn", .key = "asNumber", .kind = K_INT, .min = 0, .max = 4294967295L,
      .dialects = D_5, .help = "the router's autonomous system number, for its BGP peers" },
    { .name = "as-number", .key = "asNumber", .kind = K_INT, .min = 0, .max = 4294967295L,
      .flags = A_HIDDEN, .dialects = D_5, .help = "the same as asn" },
    ATTR_DEVICE_MIRRORS("router"),
    END_ATTRS,
};

static const struct attr bridge_attrs[] = {
    ATTR_ID,
    ATTR_TENANT_SET,
    { .name = "name", .key = "name", .kind = K_STRING, .help = "the bridge's name" },
    ATTR_STATE,
    ATTR_FILTER("infilter", "inboundFilterId", "inbound"),
    ATTR_FILTER("outfilter", "outboundFilterId", "outbound"),
    ATTR_QOS_POLICY("bridge"),
    ATTR_DEVICE_MIRRORS("bridge"),
    { .name = "vxlan-ports", .key = "vxLanPortIds", .kind = K_REF_LIST, .ref = T_PORT,
      .flags = A_RO,
      .help = "the bridge's VXLAN ports, one per VTEP it is bound to (listed at the top level)" },
    END_ATTRS,
};

/* Every attribute a port of either kind has, for the root collection. */
static const struct attr port_attrs[] = {
    ATTR_ID,
    { .name = "device", .key = "deviceId", .kind = K_REF, .ref = T_BRIDGE, .flags = A_RO,
      .help = "the bridge or router the port belongs to" },
    ATTR_PORT_TYPE,
    ATTR_STATE,
    ATTR_PLUGGED,
    ATTR_FILTER("infilter", "inboundFilterId", "inbound"),
    ATTR_FILTER("outfilter", "outboundFilterId", "outbound"),
    ATTR_VLAN,
    ATTR_MAC,
    ATTR_PEER,
    { .name = "address", .key = "portAddress", .kind = K_IPV4, .flags = A_CREATE_ONLY,
      .help = "a router port's IPv4 address" },
    { .name = "net", .key = "networkAddress", .key2 = "networkLength", .kind = K_CIDR,
      .flags = A_CREATE_ONLY, .help = "the network a router port is on" },
    ATTR_ADDRESSES,
    ATTR_PORT_HOST,
    ATTR_PORT_IFACE,
    /* Before 1.9's read-only vni: a script checked before the server is known names the
     * 5.x router port's, which it can set. */
    ATTR_ROUTER_PORT5,
    ATTR_VTEP_MGMT,
    ATTR_VNI,
    ATTR_VTEP_ID,
    ATTR_QOS_POLICY("port"),
    ATTR_PORT_MIRRORS,
    ATTR_VIF,
    END_ATTRS,
};

static const struct attr bridge_port_attrs[] = {
    ATTR_ID,
    { .name = "device", .key = "deviceId", .kind = K_REF, .ref = T_BRIDGE, .flags = A_RO,
      .help = "the bridge the port belongs to" },
    ATTR_PORT_TYPE,
    ATTR_STATE,
    ATTR_PLUGGED,
    ATTR_FILTER("infilter", "inboundFilterId", "inbound"),
    ATTR_FILTER("outfilter", "outboundFilterId", "outbound"),
    ATTR_VLAN,
    ATTR_PEER,
    ATTR_PORT_HOST,
    ATTR_PORT_IFACE,
    ATTR_VTEP_MGMT,
    ATTR_VNI,
    ATTR_VTEP_ID,
    ATTR_QOS_POLICY("port"),
    ATTR_PORT_MIRRORS,
    ATTR_VIF,
    END_ATTRS,
};

static const struct attr router_port_attrs[] = {
    ATTR_ID,
    { .name = "device", .key = "deviceId", .kind = K_REF, .ref = T_ROUTER, .flags = A_RO,
      .help = "the router the port belongs to" },
    ATTR_PORT_TYPE,
    ATTR_STATE,
    ATTR_PLUGGED,
    ATTR_FILTER("infilter", "inboundFilterId", "inbound"),
    ATTR_FILTER("outfilter", "outboundFilterId", "outbound"),
    ATTR_MAC,
    ATTR_PEER,
    ATTR_ADDRESS,
    ATTR_NET,
    ATTR_ADDRESSES,
    ATTR_PORT_HOST,
    ATTR_PORT_IFACE,
    ATTR_ROUTER_PORT5,
    ATTR_QOS_POLICY("port"),
    ATTR_PORT_MIRRORS,
    ATTR_VIF,
    END_ATTRS,
};

static const struct attr route_attrs[] = {
    ATTR_ID,
    { .name = "type", .key = "type", .kind = K_ENUM, .values = route_types,
      .help = "what the route does with matching traffic (normal when not given, "
              "where midonet-cli sent none)" },
    { .name = "src", .key = "srcNetworkAddr", .key2 = "srcNetworkLength", .kind = K_CIDR,
      .flags = A_BARE_HOST,
      .help = "the source network matched (0.0.0.0/0 when not given, where midonet-cli sent "
              "none; a bare address is one host, /32)" },
    { .name = "dst", .key = "dstNetworkAddr", .key2 = "dstNetworkLength", .kind = K_CIDR,
      .flags = A_REQUIRED | A_BARE_HOST,
      .help = "the destination network matched (a bare address is one host, /32)" },
    { .name = "gw", .key = "nextHopGateway", .kind = K_IPV4, .help = "the next-hop gateway" },
    { .name = "port", .key = "nextHopPort", .kind = K_REF, .ref = T_ROUTER_PORT,
      .flags = A_PARENT_SCOPE, .help = "the next-hop port, a port of the same router" },
    { .name = "weight", .key = "weight", .kind = K_INT, .min = 0, .max = INT_MAX,
      .help = "the route's weight (not sent when not given: the API stores 0)" },
    { .name = "learned", .key = "learned", .kind = K_BOOL,
      .help = "whether the route was learned (by BGP)" },
    END_ATTRS,
};

static const struct attr bgp_attrs[] = {
    ATTR_ID,
    { .name = "local-AS", .key = "localAS", .kind = K_INT, .min = 1, .max = INT_MAX,
      .flags = A_REQUIRED, .help = "the router's autonomous system number" },
    { .name = "peer-AS", .key = "peerAS", .kind = K_INT, .min = 1, .max = INT_MAX,
      .flags = A_REQUIRED, .help = "the peer's autonomous system number" },
    { .name = "peer", .key = "peerAddr", .kind = K_IPV4, .flags = A_REQUIRED,
      .help = "the peer's address" },
    { .name = "status", .key = "status", .kind = K_STRING, .flags = A_RO | A_HIDDEN,
      .help = "the session's state, as the BGP daemon reports it" },
    END_ATTRS,
};

static const struct attr ad_route_attrs[] = {
    ATTR_ID,
    { .name = "net", .key = "nwPrefix", .key2 = "prefixLength", .kind = K_CIDR, .flags = A_REQUIRED,
      .help = "the network advertised" },
    END_ATTRS,
};

static const struct attr host_attrs[] = {
    ATTR_ID,
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_RO, .help = "the host's name" },
    { .name = "alive", .key = "alive", .kind = K_BOOL, .flags = A_RO,
      .help = "whether midolman runs on the host" },
    { .name = "addresses", .key = "addresses", .kind = K_INET_LIST, .flags = A_RO,
      .help = "the host's IP addresses" },
    { .name = "flooding-proxy-weight", .key = "floodingProxyWeight", .kind = K_INT, .min = 0,
      .max = 65535, .help = "the host's weight when choosing the VTEP flooding proxy" },
    { .name = "container-weight", .key = "containerWeight", .kind = K_INT, .min = 0, .max = INT_MAX,
      .flags = A_HIDDEN, .dialects = D_5,
      .help = "the host's weight when placing service containers" },
    { .name = "container-limit", .key = "containerLimit", .kind = K_INT, .min = -1, .max = INT_MAX,
      .values = container_limits, .flags = A_HIDDEN, .dialects = D_5,
      .help = "the most service containers on the host (no-limit, or -1: none)" },
    { .name = "enforce-container-limit", .key = "enforceContainerLimit", .kind = K_BOOL,
      .flags = A_HIDDEN, .dialects = D_5, .help = "whether the container limit is enforced" },
    END_ATTRS,
};

static const struct attr interface_attrs[] = {
    { .name = "iface", .key = "name", .kind = K_STRING, .flags = A_RO,
      .help = "the interface's name" },
    { .name = "host_id", .key = "hostId", .kind = K_REF, .ref = T_HOST, .flags = A_RO,
      .help = "the host of the interface" },
    { .name = "status", .key = "status", .kind = K_INT, .flags = A_RO,
      .help = "bit 1: up, bit 2: carrier" },
    { .name = "addresses", .key = "addresses", .kind = K_INET_LIST, .flags = A_RO,
      .help = "the interface's IP addresses" },
    { .name = "mac", .key = "mac", .kind = K_MAC, .flags = A_RO,
      .help = "the interface's MAC address" },
    { .name = "mtu", .key = "mtu", .kind = K_INT, .flags = A_RO, .help = "the interface's MTU" },
    { .name = "type", .key = "type", .kind = K_STRING, .flags = A_RO,
      .help = "Physical, Virtual, Tunnel or Unknown" },
    { .name = "endpoint", .key = "endpoint", .kind = K_STRING, .flags = A_RO,
      .help = "DATAPATH, PHYSICAL, VM, GRE, CAPWAP, LOCALHOST, TUNTAP or UNKNOWN" },
    END_ATTRS,
};

static const struct attr binding_attrs[] = {
    { .name = "host", .key = "hostId", .kind = K_REF, .ref = T_HOST, .flags = A_RO,
      .help = "the host of the binding" },
    { .name = "interface", .key = "interfaceName", .kind = K_STRING, .flags = A_REQUIRED,
      .help = "the host interface bound", .offer_type = T_INTERFACE, .offer_attr = "iface" },
    { .name = "port", .key = "portId", .kind = K_REF, .ref = T_PORT, .flags = A_REQUIRED,
      .help = "the port bound to the interface" },
    END_ATTRS,
};

static const struct attr tunnel_zone_attrs[] = {
    ATTR_ID,
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_REQUIRED,
      .help = "the zone's name (unique)" },
    { .name = "type", .key = "type", .kind = K_ENUM, .values = zone_types,
      .flags = A_REQUIRED | A_CREATE_ONLY, .help = "the kind of tunnels in the zone" },
    END_ATTRS,
};

static const struct attr member_attrs[] = {
    { .name = "zone", .key = "tunnelZoneId", .kind = K_REF, .ref = T_TUNNEL_ZONE, .flags = A_RO,
      .help = "the tunnel zone" },
    { .name = "host", .key = "hostId", .kind = K_REF, .ref = T_HOST, .flags = A_REQUIRED,
      .help = "the member host" },
    { .name = "address", .key = "ipAddress", .kind = K_IPV4, .flags = A_REQUIRED,
      .help = "the host's tunnel endpoint address", .offer_type = T_HOST,
      .offer_attr = "addresses" },
    END_ATTRS,
};

static const struct attr dhcp_subnet_attrs[] = {
    { .name = "subnet", .key = "subnetPrefix", .key2 = "subnetLength", .kind = K_CIDR,
      .flags = A_REQUIRED | A_CREATE_ONLY, .help = "the subnet served" },
    { .name = "gw", .key = "defaultGateway", .kind = K_IPV4,
      .help = "the default gateway offered" },
    { .name = "server", .key = "serverAddr", .kind = K_IPV4, .help = "the DHCP server's address" },
    { .name = "dns-servers", .key = "dnsServerAddrs", .kind = K_STR_LIST, .flags = A_CLEAR,
      .help = "the DNS servers offered" },
    { .name = "interface-mtu", .key = "interfaceMTU", .kind = K_INT, .min = 0, .max = 65536,
      .help = "the MTU offered (0: none)" },
    { .name = "opt121-routes", .key = "opt121Routes", .kind = K_OPT121, .flags = A_CLEAR,
      .help = "classless static routes offered (option 121)" },
    { .name = "enabled", .key = "enabled", .kind = K_BOOL, .help = "whether the subnet is served" },
    END_ATTRS,
};

static const struct attr dhcp_host_attrs[] = {
    { .name = "name", .key = "name", .kind = K_STRING,
      .help = "the host name offered (option 12)" },
    { .name = "address", .key = "ipAddr", .kind = K_IPV4, .help = "the address the host gets" },
    { .name = "mac", .key = "macAddr", .kind = K_MAC, .flags = A_REQUIRED | A_CREATE_ONLY,
      .help = "the host's MAC address" },
    END_ATTRS,
};

static const struct attr mac_entry_attrs[] = {
    { .name = "mac", .key = "macAddr", .kind = K_MAC, .flags = A_REQUIRED,
      .help = "the MAC address" },
    { .name = "port", .key = "portId", .kind = K_REF, .ref = T_BRIDGE_PORT,
      .flags = A_REQUIRED | A_PARENT_SCOPE, .help = "the port of the same bridge it is behind" },
    { .name = "vlan", .key = "vlanId", .kind = K_INT, .flags = A_RO,
      .help = "the VLAN it is seen on (0: untagged; entries are added untagged)" },
    END_ATTRS,
};

static const struct attr arp_entry_attrs[] = {
    { .name = "ip", .key = "ip", .kind = K_IPV4, .flags = A_REQUIRED, .help = "the IPv4 address" },
    { .name = "mac", .key = "mac", .kind = K_MAC, .flags = A_REQUIRED, .help = "its MAC address" },
    END_ATTRS,
};

/* midonet-cli master's MacIp: mac, then ip. */
static const struct attr remote_peer_attrs[] = {
    { .name = "mac", .key = "mac", .kind = K_MAC, .flags = A_REQUIRED,
      .help = "the remote peer's MAC address" },
    { .name = "ip", .key = "ip", .kind = K_IPV4, .flags = A_REQUIRED,
      .help = "its IPv4 address" },
    END_ATTRS,
};

static const struct attr chain_attrs[] = {
    ATTR_ID,
    ATTR_TENANT,
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_REQUIRED,
      .help = "the chain's name" },
    END_ATTRS,
};

/*
 * The match conditions of rules and trace requests (midonet-cli's names and order): their
 * keys are in the object's sub object (NULL: the object itself), and flags are added to
 * each (A_CREATE_ONLY where the object cannot change them).
 */
#define COND_ATTRS(sub_, flags_) \
    { .name = "inverted", .key = "condInvert", .kind = K_YESNO, .sub = sub_, \
      .flags = A_ZERO_UNSET | (flags_), \
      .help = "whether the packets matched are those the other conditions do not match" }, \
    { .name = "hw-src", .key = "dlSrc", .inv_key = "invDlSrc", .kind = K_MAC, .sub = sub_, \
      .flags = A_INVERT | (flags_), .help = "the source MAC address matched" }, \
    { .name = "hw-src-mask", .key = "dlSrcMask", .kind = K_STRING, .sub = sub_, .flags = (flags_), \
      .help = "the bits of hw-src compared (ffff.ffff.ffff)" }, \
    { .name = "hw-dst", .key = "dlDst", .inv_key = "invDlDst", .kind = K_MAC, .sub = sub_, \
      .flags = A_INVERT | (flags_), .help = "the destination MAC address matched" }, \
    { .name = "hw-dst-mask", .key = "dlDstMask", .kind = K_STRING, .sub = sub_, .flags = (flags_), \
      .help = "the bits of hw-dst compared (ffff.ffff.ffff)" }, \
    { .name = "ethertype", .key = "dlType", .inv_key = "invDlType", .kind = K_INT, .min = 0, \
      .max = 65535, \
      .values = ethertypes, .sub = sub_, .flags = A_INVERT | (flags_), \
      .help = "the ethertype matched: ipv4, arp, ipv6 or a number in decimal (printed by name)" }, \
    { .name = "src", .key = "nwSrcAddress", .key2 = "nwSrcLength", .inv_key = "invNwSrc", \
      .kind = K_CIDR, \
      .sub = sub_, .flags = A_INVERT | A_BARE_HOST | (flags_), \
      .help = "the source network matched (a bare address is one host, /32)" }, \
    { .name = "dst", .key = "nwDstAddress", .key2 = "nwDstLength", .inv_key = "invNwDst", \
      .kind = K_CIDR, \
      .sub = sub_, .flags = A_INVERT | A_BARE_HOST | (flags_), \
      .help = "the destination network matched (a bare address is one host, /32)" }, \
    { .name = "proto", .key = "nwProto", .inv_key = "invNwProto", .kind = K_INT, .min = 0, \
      .max = 255, \
      .values = ip_protocols, .sub = sub_, .flags = A_INVERT | (flags_), \
      .help = "the IP protocol matched: tcp, udp, icmp, icmpv6 or a number (printed by name)" }, \
    { .name = "tos", .key = "nwTos", .inv_key = "invNwTos", .kind = K_INT, .min = 0, .max = 255, \
      .sub = sub_, .flags = A_INVERT | (flags_), .help = "the IP type of service matched" }, \
    { .name = "src-port", .key = "tpSrc", .inv_key = "invTpSrc", .kind = K_RANGE, .sub = sub_, \
      .flags = A_INVERT | (flags_), .help = "the source ports matched" }, \
    { .name = "dst-port", .key = "tpDst", .inv_key = "invTpDst", .kind = K_RANGE, .sub = sub_, \
      .flags = A_INVERT | (flags_), .help = "the destination ports matched" }, \
    { .name = "flow", .key = "matchForwardFlow", .kind = K_FLAG_ENUM, .values = flow_flags, \
      .sub = sub_, \
      .flags = (flags_), .help = "which packets of a connection are matched" }, \
    { .name = "port-group", .key = "portGroup", .inv_key = "invPortGroup", .kind = K_REF, \
      .ref = T_PORT_GROUP, .sub = sub_, .flags = A_INVERT | (flags_), \
      .help = "the port group the packet came in on" }, \
    { .name = "in-port-group", .key = "inPortGroup", .inv_key = "invInPortGroup", .kind = K_REF, \
      .ref = T_PORT_GROUP, .sub = sub_, .flags = A_INVERT | (flags_), .dialects = D_5, \
      .help = "the port group of the port the packet came in on" }, \
    { .name = "out-port-group", .key = "outPortGroup", .inv_key = "invOutPortGroup", \
      .kind = K_REF, .ref = T_PORT_GROUP, .sub = sub_, .flags = A_INVERT | (flags_), \
      .dialects = D_5, .help = "the port group of the port the packet goes out on" }, \
    { .name = "ip-address-group-src", .key = "ipAddrGroupSrc", .inv_key = "invIpAddrGroupSrc", \
      .kind = K_REF, .ref = T_IP_GROUP, .sub = sub_, .flags = A_INVERT | (flags_), \
      .help = "the IP address group the source is in" }, \
    { .name = "ip-address-group-dst", .key = "ipAddrGroupDst", .inv_key = "invIpAddrGroupDst", \
      .kind = K_REF, .ref = T_IP_GROUP, .sub = sub_, .flags = A_INVERT | (flags_), \
      .help = "the IP address group the destination is in" }, \
    { .name = "in-ports", .key = "inPorts", .inv_key = "invInPorts", .kind = K_REF_LIST, \
      .ref = T_PORT, \
      .sub = sub_, .flags = A_INVERT | (flags_), .help = "the ports the packet came in on" }, \
    { .name = "out-ports", .key = "outPorts", .inv_key = "invOutPorts", .kind = K_REF_LIST, \
      .ref = T_PORT, \
      .sub = sub_, .flags = A_INVERT | (flags_), .help = "the ports the packet goes out on" }, \
    { .name = "fragment-policy", .key = "fragmentPolicy", .kind = K_ENUM, \
      .values = fragment_policies, \
      .sub = sub_, .flags = (flags_), \
      .help = "which fragments are matched (by default header with ports, else any)" }, \
    { .name = "no-vlan", .key = "noVlan", .kind = K_BOOL, .sub = sub_, \
      .flags = A_ZERO_UNSET | (flags_), .dialects = D_5, \
      .help = "whether only packets without a VLAN tag are matched" }, \
    { .name = "vlan", .key = "vlan", .kind = K_INT, .min = 0, .max = 4095, .sub = sub_, \
      .flags = (flags_), .dialects = D_5, .help = "the VLAN tag matched" }, \
    { .name = "icmp-data-src", .key = "icmpDataSrcIpAddress", .key2 = "icmpDataSrcIpLength", \
      .inv_key = "invIcmpDataSrcIp", .kind = K_CIDR, .sub = sub_, \
      .flags = A_INVERT | A_BARE_HOST | (flags_), .dialects = D_5, \
      .help = "the source network of the packet an ICMP error quotes" }, \
    { .name = "icmp-data-dst", .key = "icmpDataDstIpAddress", .key2 = "icmpDataDstIpLength", \
      .inv_key = "invIcmpDataDstIp", .kind = K_CIDR, .sub = sub_, \
      .flags = A_INVERT | A_BARE_HOST | (flags_), .dialects = D_5, \
      .help = "the destination network of the packet an ICMP error quotes" }, \
    { .name = "match-nw-dst-rewritten", .key = "matchNwDstRewritten", .kind = K_BOOL, \
      .sub = sub_, .flags = A_ZERO_UNSET | (flags_), .dialects = D_5, \
      .help = "whether only packets whose destination a dnat rewrote are matched" }

/* A rule: its match conditions, then what it does. */
static const struct attr rule_attrs[] = {
    ATTR_ID,
    COND_ATTRS(NULL, 0),
    { .name = "chain", .key = "chainId", .kind = K_REF, .ref = T_CHAIN, .flags = A_RO | A_HIDDEN,
      .help = "the chain of the rule" },
    { .name = "pos", .key = "position", .kind = K_INT, .min = 1, .max = INT_MAX,
      .values = rule_positions, .flags = A_LAST,
      .help = "the rule's position in its chain, from 1, or last (without pos a new rule goes "
              "first, as the API puts it; pos last appends it after the chain's last rule)" },
    { .name = "type", .key = "type", .kind = K_ENUM, .values = rule_types, .flags = A_REQUIRED,
      .help = "what the rule does with a matching packet" },
    { .name = "action", .key = "flowAction", .kind = K_ENUM, .values = flow_actions,
      .help = "what a NAT rule does after rewriting" },
    { .name = "jump-to", .key = "jumpChainId", .kind = K_REF, .ref = T_CHAIN,
      .help = "the chain a jump rule goes to" },
    { .name = "target", .key = "natTargets", .kind = K_NAT_TARGETS,
      .help = "where dnat and snat rules rewrite to" },
    { .name = "traceid", .key = "requestId", .kind = K_STRING,
      .help = "the trace request a trace rule reports to" },
    { .name = "tracelimit", .key = "limit", .kind = K_INT, .min = 0, .max = INT_MAX,
      .help = "how many packets a trace rule traces" },
    { .name = "target-port", .key = "targetPortId", .kind = K_REF, .ref = T_PORT, .dialects = D_5,
      .help = "the port an l2-transform rule redirects to" },
    { .name = "ingress", .key = "ingress", .kind = K_BOOL, .flags = A_ZERO_UNSET, .dialects = D_5,
      .help = "whether the redirected packet enters target-port (else leaves by it)" },
    { .name = "fail-open", .key = "failOpen", .kind = K_BOOL, .flags = A_ZERO_UNSET,
      .dialects = D_5, .help = "whether the packet goes on when target-port is down" },
    { .name = "pop-vlan", .key = "popVlan", .kind = K_BOOL, .flags = A_ZERO_UNSET,
      .dialects = D_5, .help = "whether an l2-transform rule pops the packet's VLAN tag" },
    { .name = "push-vlan", .key = "pushVlan", .kind = K_INT, .min = 0, .max = 65535,
      .flags = A_ZERO_UNSET, .dialects = D_5,
      .help = "the VLAN tag an l2-transform rule pushes (0: none)" },
    END_ATTRS,
};

static const struct attr port_group_attrs[] = {
    ATTR_ID,
    ATTR_TENANT,
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_REQUIRED,
      .help = "the group's name" },
    { .name = "stateful", .key = "stateful", .kind = K_BOOL,
      .help = "whether connections are tracked across the group's ports" },
    END_ATTRS,
};

static const struct attr pg_member_attrs[] = {
    { .name = "port-group", .key = "portGroupId", .kind = K_REF, .ref = T_PORT_GROUP, .flags = A_RO,
      .help = "the port group" },
    { .name = "port", .key = "portId", .kind = K_REF, .ref = T_PORT, .flags = A_REQUIRED,
      .help = "the member port" },
    END_ATTRS,
};

static const struct attr ip_group_attrs[] = {
    ATTR_ID,
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_REQUIRED,
      .help = "the group's name" },
    END_ATTRS,
};

static const struct attr ip_group_addr_attrs[] = {
    { .name = "address", .key = "addr", .key2 = "version", .kind = K_IP, .flags = A_REQUIRED,
      .help = "the IPv4 or IPv6 address" },
    END_ATTRS,
};

static const struct attr load_balancer_attrs[] = {
    ATTR_ID,
    { .name = "router", .key = "routerId", .kind = K_REF, .ref = T_ROUTER, .flags = A_RO,
      .help = "the router it serves (set the router's load-balancer)" },
    ATTR_STATE,
    END_ATTRS,
};

static const struct attr pool_attrs[] = {
    ATTR_ID,
    { .name = "load-balancer", .key = "loadBalancerId", .kind = K_REF, .ref = T_LOAD_BALANCER,
      .help = "the load balancer (given when created at the top level; set moves the pool)" },
    { .name = "health-monitor", .key = "healthMonitorId", .kind = K_REF, .ref = T_HEALTH_MONITOR,
      .flags = A_CLEAR, .help = "the health monitor that checks the members" },
    { .name = "lb-method", .key = "lbMethod", .kind = K_ENUM, .values = lb_methods,
      .help = "how members are chosen" },
    { .name = "protocol", .key = "protocol", .kind = K_ENUM, .values = lb_protocols, .flags = A_RO,
      .help = "the protocol balanced" },
    ATTR_STATE,
    { .name = "status", .key = "status", .kind = K_STRING, .flags = A_RO,
      .help = "ACTIVE or INACTIVE" },
    END_ATTRS,
};

static const struct attr pool_member_attrs[] = {
    ATTR_ID,
    { .name = "pool", .key = "poolId", .kind = K_REF, .ref = T_POOL, .flags = A_RO | A_HIDDEN,
      .help = "the pool" },
    { .name = "address", .key = "address", .kind = K_IPV4, .flags = A_REQUIRED,
      .help = "the member's address" },
    { .name = "protocol-port", .key = "protocolPort", .kind = K_INT, .min = 0, .max = 65535,
      .help = "the member's port (0 when not given)" },
    { .name = "weight", .key = "weight", .kind = K_INT, .min = 1, .max = INT_MAX,
      .help = "the member's share of connections (1 by default)" },
    ATTR_STATE,
    { .name = "status", .key = "status", .kind = K_STRING, .flags = A_RO,
      .help = "ACTIVE or INACTIVE, as the health monitor sees it" },
    END_ATTRS,
};

static const struct attr vip_attrs[] = {
    ATTR_ID,
    { .name = "load-balancer", .key = "loadBalancerId", .kind = K_REF, .ref = T_LOAD_BALANCER,
      .flags = A_CREATE_ONLY,
      .help = "the load balancer: always its pool's (the API ignores one given)" },
    { .name = "pool", .key = "poolId", .kind = K_REF, .ref = T_POOL, .flags = A_CREATE_ONLY,
      .help = "the pool (when created at the top level)" },
    { .name = "address", .key = "address", .kind = K_IPV4,
      .help = "the virtual address" },
    { .name = "protocol-port", .key = "protocolPort", .kind = K_INT, .min = 0, .max = 65535,
      .help = "the virtual port (0 when not given)" },
    { .name = "persistence", .key = "sessionPersistence", .kind = K_ENUM, .values = persistences,
      .flags = A_CLEAR, .help = "session persistence (none when cleared)" },
    ATTR_STATE,
    END_ATTRS,
};

static const struct attr health_monitor_attrs[] = {
    ATTR_ID,
    { .name = "type", .key = "type", .kind = K_ENUM, .values = lb_protocols,
      .help = "the kind of check" },
    { .name = "delay", .key = "delay", .kind = K_INT, .min = 0, .max = INT_MAX,
      .help = "seconds between checks" },
    { .name = "timeout", .key = "timeout", .kind = K_INT, .min = 0, .max = INT_MAX,
      .help = "seconds a check may take" },
    { .name = "max-retries", .key = "maxRetries", .kind = K_INT, .min = 0, .max = INT_MAX,
      .help = "failed checks before a member is down" },
    ATTR_STATE,
    { .name = "status", .key = "status", .kind = K_STRING, .flags = A_RO,
      .help = "ACTIVE or INACTIVE" },
    END_ATTRS,
};

static const struct attr vtep_attrs[] = {
    { .name = "id", .key = "id", .kind = K_STRING, .flags = A_RO | A_HIDDEN, .dialects = D_5,
      .help = "the VTEP's UUID (5.x names VTEPs by it)" },
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_RO,
      .help = "the VTEP's name (from OVSDB)" },
    { .name = "description", .key = "description", .kind = K_STRING, .flags = A_RO,
      .help = "the VTEP's description (from OVSDB)" },
    { .name = "management-ip", .key = "managementIp", .kind = K_IPV4,
      .flags = A_REQUIRED | A_CREATE_ONLY,
      .help = "the VTEP's OVSDB address" },
    { .name = "management-port", .key = "managementPort", .kind = K_INT, .min = 1, .max = 65535,
      .flags = A_REQUIRED | A_CREATE_ONLY, .help = "the VTEP's OVSDB port" },
    { .name = "tunnel-zone", .key = "tunnelZoneId", .kind = K_REF, .ref = T_TUNNEL_ZONE,
      .flags = A_REQUIRED | A_CREATE_ONLY, .help = "the tunnel zone (of type vtep) it joins" },
    { .name = "connection-state", .key = "connectionState", .kind = K_STRING, .flags = A_RO,
      .help = "CONNECTED, DISCONNECTED or ERROR" },
    { .name = "tunnel-ips", .key = "tunnelIpAddrs", .kind = K_STR_LIST, .flags = A_RO | A_HIDDEN,
      .help = "the VTEP's tunnel endpoint addresses" },
    END_ATTRS,
};

static const struct attr vtep_binding_attrs[] = {
    { .name = "management-ip", .key = "mgmtIp", .kind = K_IPV4, .flags = A_RO, .dialects = D_19,
      .help = "the VTEP" },
    { .name = "vtep", .key = "vtepId", .kind = K_REF, .ref = T_VTEP, .flags = A_RO, .dialects = D_5,
      .help = "the VTEP" },
    { .name = "physical-port", .key = "portName", .kind = K_STRING, .flags = A_REQUIRED,
      .help = "the VTEP's port" },
    { .name = "vlan", .key = "vlanId", .kind = K_INT, .min = 0, .max = 4095, .flags = A_REQUIRED,
      .help = "the VLAN on that port (0: untagged)" },
    { .name = "network-id", .key = "networkId", .kind = K_REF, .ref = T_BRIDGE, .flags = A_REQUIRED,
      .help = "the bridge the port and VLAN join" },
    END_ATTRS,
};

static const struct attr vtep_port_attrs[] = {
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_RO,
      .help = "the physical port's name (from OVSDB)" },
    { .name = "description", .key = "description", .kind = K_STRING, .flags = A_RO,
      .help = "the physical port's description (from OVSDB)" },
    END_ATTRS,
};

#define ATTR_TRACE_DEVICE(word, type, tag_) { .name = word, .key = "deviceId", .kind = K_REF, \
                                              .ref = type, \
        .tag_key = "deviceType", .tag = tag_, .flags = A_CREATE_ONLY, \
        .help = "the " word " traced (give one of router, bridge and port)" }

/* A trace request: a device, what to match there, and whether to trace now. */
static const struct attr trace_attrs[] = {
    ATTR_ID,
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_REQUIRED | A_CREATE_ONLY,
      .help = "the request's name" },
    ATTR_TRACE_DEVICE("router", T_ROUTER, "ROUTER"),
    ATTR_TRACE_DEVICE("bridge", T_BRIDGE, "BRIDGE"),
    ATTR_TRACE_DEVICE("port", T_PORT, "PORT"),
    COND_ATTRS("condition", A_CREATE_ONLY),
    { .name = "limit", .key = "limit", .kind = K_INT, .min = 0, .max = LONG_MAX,
      .flags = A_CREATE_ONLY,
      .help = "how many packets are traced (no limit by default)" },
    { .name = "enabled", .key = "enabled", .kind = K_BOOL,
      .help = "whether packets are traced now" },
    END_ATTRS,
};

static const struct attr system_state_attrs[] = {
    { .name = "state", .key = "state", .kind = K_STRING, .help = "ACTIVE or UPGRADE" },
    { .name = "availability", .key = "availability", .kind = K_STRING,
      .help = "READWRITE or READONLY" },
    { .name = "write-version", .key = "writeVersion", .kind = K_STRING, .flags = A_RO,
      .dialects = D_19, .help = "the data version written to ZooKeeper" },
    { .name = "version", .key = "version", .kind = K_STRING, .flags = A_RO, .dialects = D_5,
      .help = "the API's version (5.0.0 in every 5.x)" },
    END_ATTRS,
};

static const struct attr write_version_attrs[] = {
    { .name = "version", .key = "version", .kind = K_STRING, .help = "the data version to write" },
    END_ATTRS,
};

static const struct attr host_version_attrs[] = {
    { .name = "version", .key = "version", .kind = K_STRING, .flags = A_RO,
      .help = "the data version the host's midolman runs" },
    { .name = "host", .key = "hostId", .kind = K_REF, .ref = T_HOST, .flags = A_RO,
      .help = "the host" },
    { .name = "host_id", .key = "hostId", .kind = K_REF, .ref = T_HOST, .flags = A_RO | A_HIDDEN,
      .help = "the same as host (midonet-cli's name)" },
    END_ATTRS,
};

/* ---- MidoNet 5.x only ---- */

static const struct attr bgp_peer_attrs[] = {
    ATTR_ID,
    { .name = "asn", .key = "asNumber", .kind = K_INT, .min = 1, .max = 4294967295L,
      .flags = A_REQUIRED, .help = "the peer's autonomous system number" },
    { .name = "address", .key = "address", .kind = K_IPV4, .flags = A_REQUIRED,
      .help = "the peer's address" },
    { .name = "keep-alive", .key = "keepAlive", .kind = K_INT, .min = 5, .max = 3600,
      .help = "the keep-alive interval, in seconds" },
    { .name = "hold-time", .key = "holdTime", .kind = K_INT, .min = 5, .max = 7200,
      .help = "the hold time, in seconds" },
    { .name = "connect-retry", .key = "connectRetry", .kind = K_INT, .min = 5, .max = 3600,
      .help = "the connect retry interval, in seconds" },
    { .name = "password", .key = "password", .kind = K_STRING, .flags = A_HIDDEN | A_CLEAR,
      .help = "the TCP MD5 password of the session (never printed in a list)" },
    END_ATTRS,
};

static const struct attr bgp_network_attrs[] = {
    ATTR_ID,
    { .name = "net", .key = "subnetAddress", .key2 = "subnetLength", .kind = K_CIDR,
      .flags = A_REQUIRED | A_CREATE_ONLY, .help = "the network advertised" },
    END_ATTRS,
};

static const struct attr mirror_attrs[] = {
    ATTR_ID,
    { .name = "to-port", .key = "toPortId", .kind = K_REF, .ref = T_PORT, .flags = A_REQUIRED,
      .help = "the port mirrored traffic is sent to" },
    END_ATTRS,
};

/*
 * A mirror's match condition (5.x keeps them in the mirror's conditions): the attributes
 * of a rule's, and its position among the mirror's, which names it (midonet-cli numbers
 * them from 1). A traffic copy is made of what any one of them matches.
 */
static const struct attr mirror_match_attrs[] = {
    { .name = "pos", .key = "position", .kind = K_INT, .min = 1, .max = INT_MAX,
      .flags = A_RO | A_HIDDEN, .help = "the condition's position among the mirror's, from 1" },
    COND_ATTRS(NULL, 0),
    END_ATTRS,
};

static const struct attr l2insertion_attrs[] = {
    ATTR_ID,
    { .name = "port", .key = "portId", .kind = K_REF, .ref = T_PORT, .flags = A_REQUIRED,
      .help = "the protected port (a VM's)" },
    { .name = "srv-port", .key = "srvPortId", .kind = K_REF, .ref = T_PORT, .flags = A_REQUIRED,
      .help = "the service port the traffic goes through" },
    { .name = "vlan", .key = "vlan", .kind = K_INT, .min = 0, .max = 4095,
      .help = "the VLAN tag the service port sees" },
    { .name = "pos", .key = "position", .kind = K_INT, .min = 0, .max = INT_MAX,
      .help = "the insertion's position among the port's insertions" },
    { .name = "fail-open", .key = "failOpen", .kind = K_BOOL,
      .help = "whether traffic passes while the service is down" },
    { .name = "mac", .key = "mac", .kind = K_MAC, .flags = A_REQUIRED,
      .help = "the MAC address of the protected port" },
    END_ATTRS,
};

static const struct attr qos_policy_attrs[] = {
    ATTR_ID,
    { .name = "tenant", .key = "tenant_id", .kind = K_STRING, .flags = A_HIDDEN | A_CREATE_ONLY,
      .help = "the owning tenant" },
    { .name = "name", .key = "name", .kind = K_STRING, .flags = A_CLEAR,
      .help = "the policy's name" },
    { .name = "description", .key = "description", .kind = K_STRING, .flags = A_CLEAR,
      .help = "what the policy is for" },
    { .name = "shared", .key = "shared", .kind = K_BOOL,
      .help = "whether other tenants may use it" },
    END_ATTRS,
};

static const struct attr qos_bw_rule_attrs[] = {
    ATTR_ID,
    { .name = "max-kbps", .key = "maxKbps", .kind = K_INT, .min = 0, .max = INT_MAX,
      .flags = A_REQUIRED, .help = "the bandwidth limit, in kbit/s" },
    { .name = "max-burst-kb", .key = "maxBurstKb", .kind = K_INT, .min = 0, .max = INT_MAX,
      .flags = A_CLEAR, .help = "the largest burst, in kbit" },
    END_ATTRS,
};

static const struct attr qos_dscp_rule_attrs[] = {
    ATTR_ID,
    { .name = "dscp-mark", .key = "dscpMark", .kind = K_INT, .min = 0, .max = 63,
      .flags = A_REQUIRED, .help = "the DSCP value packets are marked with" },
    END_ATTRS,
};

static const struct enum_value container_policies[] = {
    { "weighted", "WEIGHTED", "hosts chosen by their container weight" },
    { "least", "LEAST", "the host with the fewest containers" },
    { NULL, NULL, NULL },
};

static const struct attr container_attrs[] = {
    ATTR_ID,
    { .name = "container-group", .key = "serviceGroupId", .kind = K_REF, .ref = T_CONTAINER_GROUP,
      .flags = A_CREATE_ONLY, .help = "the group the container belongs to" },
    { .name = "configuration", .key = "configurationId", .kind = K_STRING, .flags = A_CREATE_ONLY,
      .help = "the id of the service's configuration" },
    { .name = "port", .key = "portId", .kind = K_REF, .ref = T_PORT,
      .help = "the router port the container serves" },
    { .name = "type", .key = "serviceType", .kind = K_STRING, .flags = A_REQUIRED,
      .help = "the service the container runs (IPSEC, ...)" },
    { .name = "status", .key = "statusCode", .kind = K_STRING, .flags = A_RO,
      .help = "STARTING, RUNNING, STOPPING, STOPPED or ERROR" },
    { .name = "host", .key = "hostId", .kind = K_REF, .ref = T_HOST, .flags = A_RO,
      .help = "the host the container runs on" },
    { .name = "namespace", .key = "namespaceName", .kind = K_STRING, .flags = A_RO,
      .help = "the container's network namespace" },
    { .name = "interface", .key = "interfaceName", .kind = K_STRING, .flags = A_RO,
      .help = "the container's interface" },
    { .name = "status-message", .key = "statusMessage", .kind = K_STRING, .flags = A_RO | A_HIDDEN,
      .help = "why the container is in its state" },
    END_ATTRS,
};

static const struct attr container_group_attrs[] = {
    ATTR_ID,
    { .name = "policy", .key = "policy", .kind = K_ENUM, .values = container_policies,
      .help = "how the group's containers are placed on hosts" },
    { .name = "port-group", .key = "portGroupId", .kind = K_REF, .ref = T_PORT_GROUP,
      .flags = A_CLEAR, .help = "the port group whose ports the containers serve" },
    { .name = "host-group", .key = "hostGroupId", .kind = K_STRING, .flags = A_CLEAR,
      .help = "the id of the host group the containers run on" },
    END_ATTRS,
};

static const struct child router_children[] = {
    { T_ROUTER_PORT, "ports", false }, { T_ROUTE, "routes", false },
    { T_BGP_PEER, "bgpPeers", false }, { T_BGP_NETWORK, "bgpNetworks", false }, END_CHILDREN,
};
static const struct child qos_policy_children[] = {
    { T_QOS_BW_RULE, "bwLimitRules", false }, { T_QOS_DSCP_RULE, "dscpRules", false }, END_CHILDREN,
};
static const struct child container_group_children[] = {
    { T_CONTAINER, "serviceContainers", false }, END_CHILDREN,
};
static const struct child bridge_children[] = {
    { T_BRIDGE_PORT, "ports", false }, { T_DHCP_SUBNET, "dhcpSubnets", false },
    { T_MAC_ENTRY, "macTable", false },
    { T_ARP_ENTRY, "arpTable", false }, END_CHILDREN,
};
static const struct child router_port_children[] = {
    { T_BGP, "bgps", false }, { T_REMOTE_PEER, "peeringTable", false }, END_CHILDREN,
};
static const struct child bgp_children[] = { { T_AD_ROUTE, "adRoutes", false }, END_CHILDREN };
static const struct child dhcp_subnet_children[] = { { T_DHCP_HOST, "hosts", false },
                                                     END_CHILDREN };
static const struct child chain_children[] = { { T_RULE, "rules", false }, END_CHILDREN };
static const struct child port_group_children[] = { { T_PG_MEMBER, "ports", false }, END_CHILDREN };
static const struct child ip_group_children[] = { { T_IP_GROUP_ADDR, "addrs", false },
                                                  END_CHILDREN };
static const struct child load_balancer_children[] = {
    { T_POOL, "pools", false }, { T_VIP, "vips", .list_only = true }, END_CHILDREN,
};
static const struct child health_monitor_children[] = {
    { T_POOL, "pools", .list_only = true }, END_CHILDREN,
};
static const struct child pool_children[] = {
    { T_POOL_MEMBER, "poolMembers", false }, { T_VIP, "vips", false }, END_CHILDREN,
};
static const struct child vtep_children[] = {
    { T_VTEP_BINDING, "bindings", false }, { T_VTEP_PORT, "ports", false }, END_CHILDREN,
};
static const struct child host_children[] = {
    { T_INTERFACE, "interfaces", false }, { T_BINDING, "ports", false }, END_CHILDREN,
};
static const struct child tunnel_zone_children[] = { { T_TZ_MEMBER, "hosts", false },
                                                     END_CHILDREN };
static const struct child mirror_children[] = {
    { T_MIRROR_MATCH, "conditions", false }, END_CHILDREN };
static const struct child no_children[] = { END_CHILDREN };

static const struct variant port_variants[] = {
    { "Bridge", T_BRIDGE_PORT }, { "ExteriorBridge", T_BRIDGE_PORT },
    { "InteriorBridge", T_BRIDGE_PORT },
    { "Vxlan", T_BRIDGE_PORT },
    { "Router", T_ROUTER_PORT }, { "ExteriorRouter", T_ROUTER_PORT },
    { "InteriorRouter", T_ROUTER_PORT },
    { NULL, T_COUNT },
};

static const struct media_rule member_media[] = {
    { "type", "gre", "GreTunnelZoneHost-v1" },
    { "type", NULL, "TunnelZoneHost-v1" },
    { NULL, NULL, NULL },
};

static const struct type types[T_COUNT] = {
    [T_TENANT] = {
        .id = T_TENANT, .name = "tenant", .plural = "tenants",
        .help = "a tenant (project) that owns routers, bridges and chains",
        .flags = TF_ROOT | TF_NOCREATE | TF_NODELETE | TF_NOSET,
        .root_key = "tenants", .template_key = "tenantTemplate", .media = "Tenant-v1",
        .media5 = "Tenant-v2",
        .id_key = "id", .name_key = "name", .attrs = tenant_attrs, .children = no_children,
    },
    [T_ROUTER] = {
        .id = T_ROUTER, .name = "router", .plural = "routers", .help = "a virtual IPv4 router",
        .flags = TF_ROOT | TF_TENANT | TF_CLIENT_ID, .root_key = "routers",
        .template_key = "routerTemplate",
        .media = "Router-v2", .media5 = "Router-v3", .id_key = "id", .name_key = "name",
        .attrs = router_attrs, .children = router_children,
        .columns = "name state infilter outfilter",
    },
    [T_BRIDGE] = {
        .id = T_BRIDGE, .name = "bridge", .plural = "bridges", .help = "a virtual L2 switch",
        .flags = TF_ROOT | TF_TENANT | TF_CLIENT_ID, .root_key = "bridges",
        .template_key = "bridgeTemplate",
        .media = "Bridge-v3", .media5 = "Bridge-v4", .id_key = "id", .name_key = "name",
        .attrs = bridge_attrs, .children = bridge_children,
        .columns = "name state infilter outfilter",
    },
    [T_PORT] = {
        .id = T_PORT, .name = "port", .plural = "ports",
        .help = "any port: a bridge port or a router port (create them under their device)",
        .flags = TF_ROOT | TF_NOCREATE, .root_key = "ports", .template_key = "portTemplate",
        .media = "Port-v2", .media5 = "Port-v3", .id_key = "id", .key_attr = "address",
        .variant_key = "type", .variants = port_variants,
        .attrs = port_attrs, .children = no_children,
        .columns = "device state plugged peer address net host interface",
    },
    [T_BRIDGE_PORT] = {
        .id = T_BRIDGE_PORT, .flags = TF_CLIENT_ID, .name = "port", .plural = "bridge ports",
        .help = "a port of a bridge",
        .template_key = "portTemplate", .media = "Port-v2", .media5 = "Port-v3",
        .create_defaults = "{\"type\":\"Bridge\"}",
        .id_key = "id", .attrs = bridge_port_attrs, .children = no_children,
        .columns = "state plugged vlan peer host interface",
    },
    [T_ROUTER_PORT] = {
        .id = T_ROUTER_PORT, .flags = TF_CLIENT_ID, .name = "port", .plural = "router ports",
        .help = "a port of a router",
        .template_key = "portTemplate", .media = "Port-v2", .media5 = "Port-v3",
        .create_defaults = "{\"type\":\"Router\"}",
        .id_key = "id", .key_attr = "address", .attrs = router_port_attrs,
        .children = router_port_children,
        .columns = "state plugged address net mac peer host interface",
    },
    [T_ROUTE] = {
        .id = T_ROUTE, .name = "route", .plural = "routes", .help = "a route of a router",
        .flags = TF_NOSET | TF_CLIENT_ID, .template_key = "routeTemplate", .media = "Route-v1",
        .create_defaults = "{\"type\":\"Normal\",\"srcNetworkAddr\":\"0.0.0.0\","
                           "\"srcNetworkLength\":0}",
        .id_key = "id", .attrs = route_attrs, .children = no_children,
        .columns = "type src dst gw port weight",
    },
    [T_BGP] = {
        .id = T_BGP, .dialects = D_19, .name = "bgp", .plural = "BGP sessions",
        .help = "a BGP session of a router port",
        .flags = TF_NOSET | TF_CLIENT_ID, .template_key = "bgpTemplate", .media = "Bgp-v1",
        .id_key = "id", .attrs = bgp_attrs, .children = bgp_children,
    },
    [T_AD_ROUTE] = {
        .id = T_AD_ROUTE, .dialects = D_19, .name = "route", .plural = "advertised routes",
        .help = "a network a BGP session advertises (an ad-route)",
        .flags = TF_NOSET | TF_CLIENT_ID, .template_key = "adRouteTemplate", .media = "AdRoute-v1",
        .id_key = "id", .attrs = ad_route_attrs, .children = no_children,
    },
    [T_HOST] = {
        .id = T_HOST, .name = "host", .plural = "hosts", .help = "a host running midolman",
        .flags = TF_ROOT | TF_NOCREATE, .root_key = "hosts", .template_key = "hostTemplate",
        .media = "Host-v2", .media5 = "Host-v3", .id_key = "id", .name_key = "name",
        .attrs = host_attrs, .children = host_children,
        .columns = "name alive addresses",
    },
    [T_INTERFACE] = {
        .id = T_INTERFACE, .name = "interface", .plural = "interfaces",
        .help = "a network interface of a host",
        .flags = TF_NOCREATE | TF_NODELETE | TF_NOSET, .media = "Interface-v1",
        .name_key = "name", .key_attr = "iface", .attrs = interface_attrs, .children = no_children,
    },
    [T_BINDING] = {
        .id = T_BINDING, .name = "binding", .plural = "bindings",
        .help = "a port bound to an interface of a host",
        .flags = TF_NOSET, .media = "HostInterfacePort-v1",
        .key_attr = "interface", .attrs = binding_attrs, .children = no_children,
        .columns = "interface port",
    },
    [T_TUNNEL_ZONE] = {
        .id = T_TUNNEL_ZONE, .name = "tunnel-zone", .plural = "tunnel zones",
        .help = "a set of hosts that tunnel traffic to each other",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "tunnelZones",
        .template_key = "tunnelZoneTemplate",
        .media = "TunnelZone-v1", .id_key = "id", .name_key = "name",
        .attrs = tunnel_zone_attrs, .children = tunnel_zone_children,
        .columns = "name type",
    },
    [T_TZ_MEMBER] = {
        .id = T_TZ_MEMBER, .name = "member", .plural = "tunnel zone members",
        .help = "a host in a tunnel zone, with its tunnel address",
        .flags = TF_NOSET, .media = "TunnelZoneHost-v1", .create_media = member_media,
        .key_attr = "host", .attrs = member_attrs, .children = no_children,
        .columns = "host address",
    },
    [T_DHCP_SUBNET] = {
        .id = T_DHCP_SUBNET, .name = "dhcp", .plural = "DHCP subnets",
        .help = "a subnet a bridge serves DHCP on",
        .media = "DhcpSubnet-v2", .key_attr = "subnet", .attrs = dhcp_subnet_attrs,
        .children = dhcp_subnet_children,
    },
    [T_DHCP_HOST] = {
        .id = T_DHCP_HOST, .name = "host", .plural = "DHCP hosts",
        .help = "a static DHCP host: a MAC address and what it gets",
        .media = "DhcpHost-v1", .media5 = "DhcpHost-v2", .key_attr = "mac",
        .attrs = dhcp_host_attrs, .children = no_children,
    },
    [T_MAC_ENTRY] = {
        .id = T_MAC_ENTRY, .name = "mac-table", .plural = "MAC table entries",
        .help = "an entry of a bridge's MAC table: a MAC address behind a port",
        .flags = TF_NOSET, .media = "MacPort-v2", .key_attr = "mac",
        .attrs = mac_entry_attrs, .children = no_children,
    },
    [T_ARP_ENTRY] = {
        .id = T_ARP_ENTRY, .name = "arp-table", .plural = "ARP table entries",
        .help = "an entry of a bridge's ARP table: an address and its MAC",
        .flags = TF_NOSET, .media = "IP4Mac-v1", .key_attr = "ip",
        .attrs = arp_entry_attrs, .children = no_children,
    },
    [T_REMOTE_PEER] = {
        .id = T_REMOTE_PEER, .dialects = D_5, .name = "remote-peer", .plural = "remote peers",
        .help = "an entry of a router port's peering table: a remote peer's MAC and address",
        .flags = TF_NOSET, .media = "MacIp-v1", .list_media = "MacIp-v1", .key_attr = "mac",
        .attrs = remote_peer_attrs, .children = no_children,
    },
    [T_CHAIN] = {
        .id = T_CHAIN, .name = "chain", .plural = "chains", .help = "a chain of filtering rules",
        .flags = TF_ROOT | TF_NOSET | TF_TENANT | TF_CLIENT_ID, .root_key = "chains",
        .template_key = "chainTemplate",
        .media = "Chain-v1", .id_key = "id", .name_key = "name",
        .attrs = chain_attrs, .children = chain_children,
        .columns = "name",
    },
    [T_RULE] = {
        .id = T_RULE, .name = "rule", .plural = "rules",
        .help = "a rule of a chain: what it matches and what it does",
        .flags = TF_NOSET | TF_CLIENT_ID, .template_key = "ruleTemplate", .media = "Rule-v2",
        .id_key = "id", .attrs = rule_attrs, .children = no_children,
        .columns = "pos type proto src dst src-port dst-port action jump-to target",
    },
    [T_PORT_GROUP] = {
        .id = T_PORT_GROUP, .name = "port-group", .plural = "port groups",
        .help = "a set of ports that rules can match as one",
        .flags = TF_ROOT | TF_NOSET19 | TF_TENANT | TF_CLIENT_ID, .root_key = "portGroups",
        .template_key = "portGroupTemplate", .media = "PortGroup-v1", .id_key = "id",
        .name_key = "name",
        .attrs = port_group_attrs, .children = port_group_children,
    },
    [T_PG_MEMBER] = {
        .id = T_PG_MEMBER, .name = "member", .plural = "port group members",
        .help = "a port in a port group",
        .flags = TF_NOSET, .media = "PortGroupPort-v1",
        .key_attr = "port", .attrs = pg_member_attrs, .children = no_children,
    },
    [T_IP_GROUP] = {
        .id = T_IP_GROUP, .name = "ip-address-group", .plural = "IP address groups",
        .help = "a set of addresses that rules can match as one",
        .flags = TF_ROOT | TF_NOSET | TF_CLIENT_ID, .root_key = "ipAddrGroups",
        .template_key = "ipAddrGroupTemplate",
        .media = "IpAddrGroup-v1", .id_key = "id", .name_key = "name",
        .attrs = ip_group_attrs, .children = ip_group_children,
    },
    [T_IP_GROUP_ADDR] = {
        .id = T_IP_GROUP_ADDR, .name = "ip", .plural = "IP address group addresses",
        .help = "an address in an IP address group",
        .flags = TF_NOSET, .media = "IpAddrGroupAddr-v1",
        .key_attr = "address", .attrs = ip_group_addr_attrs, .children = no_children,
    },
    [T_LOAD_BALANCER] = {
        .id = T_LOAD_BALANCER, .name = "load-balancer", .plural = "load balancers",
        .help = "an L4 load balancer, attached to a router",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "loadBalancers",
        .template_key = "loadBalancerTemplate",
        .media = "LoadBalancer-v1", .id_key = "id",
        .attrs = load_balancer_attrs, .children = load_balancer_children,
    },
    [T_POOL] = {
        .id = T_POOL, .name = "pool", .plural = "pools",
        .help = "a pool of servers behind a load balancer",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "pools", .template_key = "poolTemplate",
        .media = "Pool-v1",
        .create_defaults = "{\"lbMethod\":\"ROUND_ROBIN\"}",
        .id_key = "id", .attrs = pool_attrs, .children = pool_children,
    },
    [T_POOL_MEMBER] = {
        .id = T_POOL_MEMBER, .flags = TF_CLIENT_ID, .name = "member", .plural = "pool members",
        .help = "a server of a pool",
        .template_key = "poolMemberTemplate", .media = "PoolMember-v1", .id_key = "id",
        .attrs = pool_member_attrs, .children = no_children,
    },
    [T_VIP] = {
        .id = T_VIP, .name = "vip", .plural = "VIPs",
        .help = "a virtual address and port a pool serves",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "vips", .template_key = "vipTemplate",
        .media = "VIP-v1",
        .id_key = "id", .key_attr = "address", .attrs = vip_attrs, .children = no_children,
    },
    [T_HEALTH_MONITOR] = {
        .id = T_HEALTH_MONITOR, .name = "health-monitor", .plural = "health monitors",
        .help = "how a pool's members are checked",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "healthMonitors",
        .template_key = "healthMonitorTemplate",
        .media = "HealthMonitor-v1", .create_defaults = "{\"type\":\"TCP\"}", .id_key = "id",
        .attrs = health_monitor_attrs, .children = health_monitor_children,
    },
    [T_VTEP] = {
        .id = T_VTEP, .name = "vtep", .plural = "VTEPs",
        .help = "a hardware VXLAN tunnel end point",
        .flags = TF_ROOT | TF_NOSET, .root_key = "vteps", .media = "VTEP-v1", .media5 = "VTEP-v2",
        .key_attr = "management-ip", .attrs = vtep_attrs, .children = vtep_children,
    },
    [T_VTEP_BINDING] = {
        .id = T_VTEP_BINDING, .name = "binding", .plural = "VTEP bindings",
        .help = "a VTEP port and VLAN joined to a bridge",
        .flags = TF_NOSET, .media = "VTEPBinding-v1", .media5 = "VTEPBinding-v2",
        .attrs = vtep_binding_attrs, .children = no_children,
    },
    [T_VTEP_PORT] = {
        .id = T_VTEP_PORT, .name = "port", .plural = "VTEP ports",
        .help = "a physical port of a VTEP, as its OVSDB reports it",
        .flags = TF_NOCREATE | TF_NODELETE | TF_NOSET, .media = "VTEPPort-v1",
        .name_key = "name", .key_attr = "name", .attrs = vtep_port_attrs,
        .children = no_children,
    },
    [T_TRACE] = {
        .id = T_TRACE, .name = "tracerequest", .plural = "trace requests",
        .help = "a request to trace the packets a device sees that match a condition",
        .flags = TF_ROOT, .root_key = "traceRequests", .media = "TraceRequest-v1",
        .create_defaults = "{\"condition\":{}}", .id_key = "id", .name_key = "name",
        .attrs = trace_attrs, .children = no_children,
    },
    [T_SYSTEM_STATE] = {
        .id = T_SYSTEM_STATE, .name = "system-state", .plural = "system states",
        .help = "the deployment's upgrade state and availability",
        .flags = TF_SINGLETON | TF_NOCREATE | TF_NODELETE | TF_NOSET5, .root_key = "systemState",
        .media = "SystemState-v2", .attrs = system_state_attrs, .children = no_children,
    },
    [T_WRITE_VERSION] = {
        .id = T_WRITE_VERSION, .dialects = D_19, .name = "write-version",
        .plural = "write versions",
        .help = "the data version the API writes",
        .flags = TF_SINGLETON | TF_NOCREATE | TF_NODELETE, .root_key = "writeVersion",
        .media = "WriteVersion-v1", .attrs = write_version_attrs, .children = no_children,
    },
    [T_HOST_VERSION] = {
        .id = T_HOST_VERSION, .dialects = D_19, .name = "host-versions", .plural = "host versions",
        .help = "the data version each host's midolman runs",
        .flags = TF_ROOT | TF_NOCREATE | TF_NODELETE | TF_NOSET, .root_key = "hostVersions",
        .media = "HostVersion-v1", .list_media = "HostVersion-v1",
        .attrs = host_version_attrs, .children = no_children,
    },
    [T_BGP_PEER] = {
        .id = T_BGP_PEER, .dialects = D_5, .name = "bgp-peer", .plural = "BGP peers",
        .help = "a BGP peer of a router", .flags = TF_CLIENT_ID, .template_key = "bgpPeerTemplate",
        .media = "BgpPeer-v1",
        .id_key = "id", .key_attr = "address", .attrs = bgp_peer_attrs, .children = no_children,
    },
    [T_BGP_NETWORK] = {
        .id = T_BGP_NETWORK, .dialects = D_5, .name = "bgp-network", .plural = "BGP networks",
        .help = "a network a router advertises to its BGP peers",
        .flags = TF_NOSET | TF_CLIENT_ID, .template_key = "bgpNetworkTemplate",
        .media = "BgpNetwork-v1",
        .id_key = "id", .key_attr = "net", .attrs = bgp_network_attrs, .children = no_children,
    },
    [T_MIRROR] = {
        .id = T_MIRROR, .dialects = D_5, .name = "mirror", .plural = "mirrors",
        .help = "a copy of a device's traffic sent to a port",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "mirrors", .template_key = "mirrorTemplate",
        .media = "Mirror-v1", .create_defaults = "{\"conditions\":[]}", .id_key = "id",
        .attrs = mirror_attrs, .children = mirror_children,
    },
    [T_MIRROR_MATCH] = {
        .id = T_MIRROR_MATCH, .dialects = D_5, .name = "matches", .plural = "match conditions",
        .help = "a condition of the traffic a mirror copies (midonet-cli's matches)",
        .flags = TF_NOSET | TF_EMBEDDED, .media = "Mirror-v1", .key_attr = "pos",
        .attrs = mirror_match_attrs, .children = no_children,
    },
    [T_L2INSERTION] = {
        .id = T_L2INSERTION, .dialects = D_5, .name = "l2insertion", .plural = "L2 insertions",
        .help = "a service port inserted in the path of a port's traffic",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "l2insertions",
        .template_key = "l2InsertionTemplate",
        .media = "L2Insertion-v1", .id_key = "id", .attrs = l2insertion_attrs,
        .children = no_children,
    },
    [T_QOS_POLICY] = {
        .id = T_QOS_POLICY, .dialects = D_5, .name = "qos-policy", .plural = "QoS policies",
        .help = "a quality of service policy: bandwidth limits and DSCP marks",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "qosPolicies",
        .template_key = "qosPolicyTemplate",
        .media = "QOSPolicy-v1", .id_key = "id", .name_key = "name",
        .attrs = qos_policy_attrs, .children = qos_policy_children,
    },
    [T_QOS_BW_RULE] = {
        .id = T_QOS_BW_RULE, .dialects = D_5, .name = "bw-limit-rule",
        .plural = "bandwidth limit rules",
        .help = "a QoS policy's bandwidth limit", .flags = TF_CLIENT_ID,
        .template_key = "qosBwLimitRuleTemplate",
        .media = "QOSRuleBWLimit-v1", .id_key = "id", .attrs = qos_bw_rule_attrs,
        .children = no_children,
    },
    [T_QOS_DSCP_RULE] = {
        .id = T_QOS_DSCP_RULE, .dialects = D_5, .name = "dscp-rule", .plural = "DSCP marking rules",
        .help = "a QoS policy's DSCP mark", .flags = TF_CLIENT_ID,
        .template_key = "qosDscpRuleTemplate",
        .media = "QOSRuleDSCP-v1", .id_key = "id", .attrs = qos_dscp_rule_attrs,
        .children = no_children,
    },
    [T_CONTAINER] = {
        .id = T_CONTAINER, .dialects = D_5, .name = "container", .plural = "service containers",
        .help = "a service container (a VPN service's, for instance)",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "serviceContainers",
        .template_key = "serviceContainerTemplate",
        .media = "ServiceContainer-v1", .id_key = "id", .attrs = container_attrs,
        .children = no_children,
    },
    [T_CONTAINER_GROUP] = {
        .id = T_CONTAINER_GROUP, .dialects = D_5, .name = "container-group",
        .plural = "service container groups",
        .help = "a group of service containers and where they run",
        .flags = TF_ROOT | TF_CLIENT_ID, .root_key = "serviceContainerGroups",
        .template_key = "serviceContainerGroupTemplate", .media = "ServiceContainerGroup-v1",
        .id_key = "id", .attrs = container_group_attrs, .children = container_group_children,
    },
};

const struct type *schema_type(enum type_id id)
{
    return (unsigned)id < T_COUNT ? &types[id] : NULL;
}

/* ---- dialects -------------------------------------------------------------------- */

static unsigned current_dialect;

void schema_set_dialect(unsigned d)
{
    current_dialect = d & D_ALL;
}

unsigned schema_dialect(void)
{
    return current_dialect;
}

const char *schema_dialect_name(unsigned d)
{
    switch (d & D_ALL) {
    case D_19:
        return "1.9";
    case D_5:
        return "5.x";
    case D_ALL:
        return "1.9 and 5.x";
    default:
        return "unknown";
    }
}

unsigned schema_type_dialects(const struct type *t)
{
    return t->dialects ? t->dialects : D_ALL;
}

unsigned schema_attr_dialects(const struct attr *a)
{
    return a->dialects ? a->dialects : D_ALL;
}

bool schema_type_shown(const struct type *t)
{
    return !current_dialect || (schema_type_dialects(t) & current_dialect);
}

bool schema_attr_shown(const struct attr *a)
{
    return !current_dialect || (schema_attr_dialects(a) & current_dialect);
}

static unsigned enum_dialects(const struct enum_value *values, const struct enum_value *v)
{
    for (size_t i = 0; i < ARRAY_SIZE(value_dialects); i++)
        if (value_dialects[i].values == values && !strcmp(value_dialects[i].word, v->word))
            return value_dialects[i].dialects;
    return D_ALL;
}

bool schema_value_shown(const struct attr *a, const struct enum_value *v)
{
    return !current_dialect || (enum_dialects(schema_value_keywords(a), v) & current_dialect);
}

unsigned schema_root_dialect(const json_t *root, const char **why)
{
    static const char *const keys5[] = { "bgpPeerTemplate", "bgpNetworkTemplate", "mirrors" };
    static const char *const keys19[] = { "writeVersion", "hostVersions", "bgpTemplate" };
    const char *version = json_string_value(json_object_get(root, "version"));
    unsigned by_version = 0, by_keys = 0;
    const char *dummy;

    if (!why)
        why = &dummy;
    if (version && starts_with(version, "v5."))
        by_version = D_5;
    else if (version && starts_with(version, "v1."))
        by_version = D_19;
    for (size_t i = 0; i < ARRAY_SIZE(keys5); i++)
        if (json_object_get(root, keys5[i]))
            by_keys |= D_5;
    for (size_t i = 0; i < ARRAY_SIZE(keys19); i++)
        if (json_object_get(root, keys19[i]))
            by_keys |= D_19;
    if (by_version && by_keys == by_version) {
        *why = by_version == D_5 ? "its version, confirmed by 5.x's keys" :
               "its version, confirmed by 1.9's keys";
        return by_version;
    }
    if (by_version && (by_keys == 0 || by_keys == D_ALL)) {
        *why = "its version alone (the keys tell neither)";
        return by_version;
    }
    if (by_version) {
        /* The keys are what requests follow: they win over a version that contradicts them. */
        *why = by_keys == D_5 ? "5.x's keys (its version says otherwise)" :
               "1.9's keys (its version says otherwise)";
        return by_keys;
    }
    if (by_keys == D_5 || by_keys == D_19) {
        *why = by_keys == D_5 ? "5.x's keys (no known version)" : "1.9's keys (no known version)";
        return by_keys;
    }
    *why = "neither its version nor its keys";
    return 0;
}

/* ---- keywords -------------------------------------------------------------------- */

void schema_kw_init(struct kw_match *m, const char *word)
{
    memset(m, 0, sizeof(*m));
    m->word = word;
}

void schema_kw_try(struct kw_match *m, const char *keyword, const void *item)
{
    if (!*m->word)
        return;
    if (!strcmp(keyword, m->word)) {
        if (!m->exact)
            m->exact = item;
        return;
    }
    if (!starts_with(keyword, m->word))
        return;
    for (size_t i = 0; i < m->nnames; i++)
        if (!strcmp(m->names[i], keyword))
            return;
    if (!m->prefix)
        m->prefix = item;
    ALLOC_GROW(m->names, m->nnames + 1, m->alloc);
    m->names[m->nnames++] = keyword;
}

const void *schema_kw_result(const struct kw_match *m, bool *ambiguous)
{
    bool amb = !m->exact && m->nnames > 1;

    if (ambiguous)
        *ambiguous = amb;
    if (m->exact)
        return m->exact;
    return amb ? NULL : m->prefix;
}

void schema_kw_candidates(const struct kw_match *m, struct strbuf *out)
{
    for (size_t i = 0; i < m->nnames; i++) {
        if (i)
            strbuf_addstr(out, ", ");
        strbuf_addstr(out, m->names[i]);
    }
}

void schema_kw_release(struct kw_match *m)
{
    free(m->names);
    m->names = NULL;
    m->nnames = m->alloc = 0;
}

const struct type *schema_find_type(const char *word, bool *ambiguous)
{
    struct kw_match m;
    const struct type *t;

    schema_kw_init(&m, word);
    for (size_t i = 0; i < T_COUNT; i++)
        schema_kw_try(&m, types[i].name, &types[i]);
    t = schema_kw_result(&m, ambiguous);
    schema_kw_release(&m);
    return t;
}

/*
 * Does another attribute of a's name stand for it in the connected server's dialect (a
 * port's vni: a 1.9 VXLAN port's, a 5.x router port's)?
 */
static bool stood_for(const struct type *t, const struct attr *a)
{
    if (schema_attr_shown(a))
        return false;
    for (const struct attr *p = t->attrs; p->name; p++)
        if (p != a && !strcmp(p->name, a->name) && schema_attr_shown(p))
            return true;
    return false;
}

const struct attr *schema_find_attr(const struct type *t, const char *word, bool *ambiguous)
{
    struct kw_match m;
    const struct attr *a;

    schema_kw_init(&m, word);
    for (const struct attr *p = t->attrs; p->name; p++)
        if (!stood_for(t, p))
            schema_kw_try(&m, p->name, p);
    a = schema_kw_result(&m, ambiguous);
    schema_kw_release(&m);
    return a;
}

bool schema_is_ref(const struct attr *a)
{
    return a->kind == K_REF || a->kind == K_REF_LIST;
}

bool schema_is_late_ref(const struct type *t, const struct attr *a)
{
    return schema_is_ref(a) && !(a->flags & A_RO) &&
           schema_type_dialects(schema_type(a->ref)) == D_5 && schema_type_dialects(t) != D_5;
}

const struct attr *schema_attr(const struct type *t, const char *name)
{
    for (const struct attr *p = t->attrs; p->name; p++)
        if (!strcmp(p->name, name) && !stood_for(t, p))
            return p;
    return NULL;
}

const struct attr *schema_column(const struct type *t, size_t i)
{
    const char *p = t->columns;

    if (!p) {
        for (const struct attr *a = t->attrs; a->name; a++)
            if (!(a->flags & A_HIDDEN) && schema_attr_shown(a) && !i--)
                return a;
        return NULL;
    }
    for (;;) {
        size_t len;

        p += strspn(p, " ");
        len = strcspn(p, " ");
        if (!len)
            return NULL;
        if (!i--) {
            for (const struct attr *a = t->attrs; a->name; a++)
                if (strlen(a->name) == len && !strncmp(a->name, p, len))
                    return a;
            return NULL;
        }
        p += len;
    }
}

/*
 * Other words for a child type, as midonet-cli has them: an IP address group's ipv4 and
 * ipv6 collections are its ip one (the same addresses; the version follows the address);
 * a router port's remote-peers are its remote-peer entries.
 * Only the whole word matches (so "i" still abbreviates ip), and they are not offered.
 */
static const struct {
    enum type_id type;
    const char *word;
} child_synonyms[] = {
    { T_IP_GROUP_ADDR, "ipv4" },
    { T_IP_GROUP_ADDR, "ipv6" },
    { T_REMOTE_PEER, "remote-peers" },     /* a router port's remote-peers collection */
};

bool schema_type_synonym(const struct type *t, const char *word)
{
    for (size_t i = 0; i < ARRAY_SIZE(child_synonyms); i++)
        if (child_synonyms[i].type == t->id && !strcmp(word, child_synonyms[i].word))
            return true;
    return false;
}

const struct child *schema_find_child(const struct type *parent, const char *word, bool *ambiguous)
{
    struct kw_match m;
    const struct child *c;

    schema_kw_init(&m, word);
    for (const struct child *p = parent->children; p && p->uri_key; p++) {
        schema_kw_try(&m, types[p->type].name, p);
        if (schema_type_synonym(&types[p->type], word))
            schema_kw_try(&m, word, p);
    }
    c = schema_kw_result(&m, ambiguous);
    schema_kw_release(&m);
    return c;
}

const struct child *schema_child(const struct type *parent, enum type_id child)
{
    for (const struct child *p = parent->children; p && p->uri_key; p++)
        if (p->type == child)
            return p;
    return NULL;
}

const struct attr *schema_parent_attr(const struct type *t)
{
    for (const struct attr *a = t->attrs; a->name; a++)
        if (a->kind == K_REF && (a->flags & A_RO) && schema_child(schema_type(a->ref), t->id))
            return a;
    return NULL;
}

size_t schema_parents(enum type_id child, const struct type **out, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < T_COUNT; i++) {
        if (!schema_child(&types[i], child))
            continue;
        if (n < max)
            out[n] = &types[i];
        n++;
    }
    if (n < max)
        out[n] = NULL;
    return n;
}

void schema_noun(const struct type *t, struct strbuf *out)
{
    size_t len = strlen(t->plural);

    if (len > 1 && t->plural[len - 1] == 's')
        len--;
    strbuf_addstr(out, strchr("aeiouAEIOU", t->plural[0]) ? "an " : "a ");
    strbuf_add(out, t->plural, len);
}

/* ---- objects and media ----------------------------------------------------------- */

const struct type *schema_variant(const struct type *t, const json_t *obj)
{
    const char *v;

    if (!t->variant_key)
        return t;
    v = json_string_value(json_object_get(obj, t->variant_key));
    for (const struct variant *p = t->variants; v && p->json; p++)
        if (!strcmp(p->json, v))
            return &types[p->type];
    return t;
}

static void add_media(struct strbuf *out, const char *collection, const char *name)
{
    strbuf_addf(out, "application/vnd.org.midonet.%s%s+json", collection, name);
}

/* The type's media type name for the connected server. */
static const char *media_name(const struct type *t)
{
    return current_dialect == D_5 && t->media5 ? t->media5 : t->media;
}

void schema_media(const struct type *t, struct strbuf *out)
{
    add_media(out, "", media_name(t));
}

void schema_list_media(const struct type *t, struct strbuf *out)
{
    if (t->list_media)
        add_media(out, "", t->list_media);
    else
        add_media(out, "collection.", media_name(t));
}

void schema_get_media(const struct type *t, struct strbuf *out)
{
    if (t->flags & TF_SINGLETON)
        schema_media(t, out);
    else
        schema_list_media(t, out);
}

void schema_link_media(const struct attr *a, struct strbuf *out)
{
    add_media(out, "", a->link_media ? a->link_media : "PortLink-v1");
}

void schema_create_media(const struct type *t, const json_t *parent, struct strbuf *out)
{
    for (const struct media_rule *r = t->create_media; parent && r && r->media; r++) {
        const char *v = json_string_value(json_object_get(parent, r->parent_key));

        if (!r->value || (v && !strcmp(v, r->value))) {
            add_media(out, "", r->media);
            return;
        }
    }
    schema_media(t, out);
}

const char *schema_object_id(const struct type *t, const json_t *obj)
{
    /* A 1.9 VTEP has no id (its management IP names it); a 5.x one has, and bindings and
     * VXLAN ports refer to it by that id (vtepId). */
    if (t->id == T_VTEP)
        return json_string_value(json_object_get(obj, "id"));
    return t->id_key ? json_string_value(json_object_get(obj, t->id_key)) : NULL;
}

const char *schema_object_name(const struct type *t, const json_t *obj)
{
    return t->name_key ? json_string_value(json_object_get(obj, t->name_key)) : NULL;
}

bool schema_object_key(const struct type *t, const json_t *obj, struct strbuf *out)
{
    const struct attr *a = t->key_attr ? schema_attr(t, t->key_attr) : NULL;
    struct strbuf raw = STRBUF_INIT;
    bool present = a && schema_format_value(a, obj, &raw);

    if (present)
        schema_key_form(t, raw.buf, out);
    strbuf_release(&raw);
    return present;
}

static void add_key(struct strmap *keys, const char *key)
{
    if (key)
        strmap_put(keys, key, 1);
}

/* The keys one type's own attributes read (schema_format_value, holder_of, format_flag). */
static void type_line_keys(const struct type *t, struct strmap *keys)
{
    add_key(keys, t->id_key);
    add_key(keys, t->name_key);
    add_key(keys, t->variant_key);
    if (t->id == T_VTEP)
        add_key(keys, "id");        /* schema_object_id() */
    for (const struct attr *a = t->attrs; a->name; a++) {
        if (a->sub) {
            add_key(keys, a->sub);  /* the sub object is kept whole */
            continue;
        }
        add_key(keys, a->key);
        add_key(keys, a->key2);
        add_key(keys, a->inv_key);
        add_key(keys, a->tag_key);
        for (const struct enum_value *v = a->kind == K_FLAG_ENUM ? a->values : NULL; v && v->word;
             v++)
            add_key(keys, v->json);
    }
}

void schema_line_keys(const struct type *t, struct strmap *keys)
{
    type_line_keys(t, keys);
    for (const struct variant *v = t->variants; v && v->json; v++)
        type_line_keys(&types[v->type], keys);
}

void schema_key_form(const struct type *t, const char *text, struct strbuf *out)
{
    const struct attr *a = t->key_attr ? schema_attr(t, t->key_attr) : NULL;
    char buf[INET6_ADDRSTRLEN];
    struct in6_addr a6;

    if (a && a->kind == K_IP && strchr(text, ':') && inet_pton(AF_INET6, text, &a6) == 1 &&
        inet_ntop(AF_INET6, &a6, buf, sizeof(buf))) {
        strbuf_addstr(out, buf);
    } else if (a && a->kind == K_MAC) {
        for (const char *p = text; *p; p++)
            strbuf_addch(out, (char)tolower((unsigned char)*p));
    } else {
        strbuf_addstr(out, text);
    }
}

/* ---- values ---------------------------------------------------------------------- */

const struct enum_value *schema_value_keywords(const struct attr *a)
{
    switch (a->kind) {
    case K_ENUM:
    case K_FLAG_ENUM:
        return a->values;
    case K_BOOL:
        return bool_words;
    case K_UPDOWN:
        return updown_words;
    case K_YESNO:
        return yesno_words;
    case K_INT:
        return a->values;
    default:
        return NULL;
    }
}

static const struct enum_value *find_keyword(const struct enum_value *v, const char *text,
                                             bool *ambiguous)
{
    struct kw_match m;
    const struct enum_value *found;

    schema_kw_init(&m, text);
    for (; v->word; v++)
        schema_kw_try(&m, v->word, v);
    found = schema_kw_result(&m, ambiguous);
    schema_kw_release(&m);
    return found;
}

static bool parse_long(const char *s, long min, long max, long *out);

unsigned schema_value_dialects(const struct attr *a, const char *text)
{
    const struct enum_value *v = schema_value_keywords(a), *found;
    long n;

    if (!v || (a->kind == K_INT && parse_long(text, LONG_MIN, LONG_MAX, &n)))
        return D_ALL;
    found = find_keyword(v, text, NULL);
    return found ? enum_dialects(v, found) : D_ALL;
}

const char *schema_value_word(const struct attr *a, const char *text, bool *ambiguous)
{
    const struct enum_value *v = schema_value_keywords(a);
    long n;

    if (ambiguous)
        *ambiguous = false;
    /* A number where names stand for numbers is itself. */
    if (!v || (a->kind == K_INT && parse_long(text, LONG_MIN, LONG_MAX, &n)))
        return text;
    v = find_keyword(v, text, ambiguous);
    return v ? v->word : NULL;
}

/* Decimal digits only, within [min, max]; min == max == 0 allows any long. */
static bool parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    if (!*s || !(isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))))
        return false;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end)
        return false;
    if ((min || max) && (v < min || v > max))
        return false;
    *out = v;
    return true;
}

/*
 * Parse n decimal digits (1 to maxdigits) as a number up to max; advance *s. A leading
 * zero ("010") is refused: other tools read it as octal, and the server got it verbatim.
 */
static bool parse_part(const char **s, int maxdigits, long max, long *out)
{
    long v = 0;
    int n = 0;

    if ((*s)[0] == '0' && isdigit((unsigned char)(*s)[1]))
        return false;

    while (isdigit((unsigned char)**s) && n < maxdigits) {
        v = v * 10 + (**s - '0');
        (*s)++;
        n++;
    }
    *out = v;
    return n > 0 && !isdigit((unsigned char)**s) && v <= max;
}

/* Strictly four dotted parts; *end is where the address stops. */
static bool parse_ipv4_prefix(const char *s, const char **end)
{
    long part;

    for (int i = 0; i < 4; i++) {
        if (i && *s++ != '.')
            return false;
        if (!parse_part(&s, 3, 255, &part))
            return false;
    }
    *end = s;
    return true;
}

static bool parse_ipv4(const char *s);

/* 4 or 6 for an IPv4 (four parts, strictly) or IPv6 address, else 0. */
static int ip_version(const char *s)
{
    struct in6_addr a6;

    if (parse_ipv4(s))
        return 4;
    return strchr(s, ':') && inet_pton(AF_INET6, s, &a6) == 1 ? 6 : 0;
}

static bool parse_ipv4(const char *s)
{
    const char *end;

    return parse_ipv4_prefix(s, &end) && !*end;
}

/* a.b.c.d/n, or a.b.c.d (*len 32) when bare is set. */
static bool parse_cidr(const char *s, bool bare, char **addr, long *len)
{
    const char *end;

    if (!parse_ipv4_prefix(s, &end))
        return false;
    *len = 32;
    if (*end == '/') {
        const char *p = end + 1;

        if (!parse_part(&p, 2, 32, len) || *p)
            return false;
    } else if (*end || !bare) {
        return false;
    }
    if (addr)
        *addr = xstrndup(s, (size_t)(end - s));
    return true;
}

/* A part of an address or a prefix length written with a leading zero ("010.0.0.1", "/08"). */
static bool leading_zero(const char *s)
{
    for (const char *p = s; *p; p++)
        if (*p == '0' && isdigit((unsigned char)p[1]) && (p == s || p[-1] == '.' || p[-1] == '/'))
            return true;
    return false;
}

#define ZERO_HINT(text) (leading_zero(text) \
                         ? " (no leading zeros: other tools read them as octal)" : "")

static bool parse_mac(const char *s)
{
    for (int i = 0; i < 17; i++) {
        if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return s[17] == '\0';
}

static bool parse_range(const char *s, long *start, long *end)
{
    const char *dash = strchr(s, '-');
    char *first = xstrndup(s, dash ? (size_t)(dash - s) : strlen(s));
    bool ok = parse_long(first, 0, 65535, start) &&
              (dash ? parse_long(dash + 1, 0, 65535, end) : (*end = *start, true)) &&
              *start <= *end;

    free(first);
    return ok;
}

/* A comma-separated list with no empty element (an empty text is an empty list). */
static bool parse_list(const char *s)
{
    if (!*s)
        return true;
    if (*s == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,"))
        return false;
    return true;
}

/* The next element of a comma-separated list at *p (the caller's string); advances *p. */
static char *next_element(const char **p)
{
    const char *comma = strchr(*p, ',');
    size_t len = comma ? (size_t)(comma - *p) : strlen(*p);
    char *item = xstrndup(*p, len);

    *p += len + (comma != NULL);
    return item;
}

/* A NAT target: ip[-ip][:port[-port]]. Ports are 0 when not given. */
static bool parse_nat_target(const char *s, char **from, char **to, long *pfrom, long *pto)
{
    const char *colon = strchr(s, ':');
    char *addrs = xstrndup(s, colon ? (size_t)(colon - s) : strlen(s));
    const char *dash = strchr(addrs, '-');
    char *first = xstrndup(addrs, dash ? (size_t)(dash - addrs) : strlen(addrs));
    const char *second = dash ? dash + 1 : first;
    bool ok = parse_ipv4(first) && parse_ipv4(second);

    *pfrom = *pto = 0;
    if (ok && colon)
        ok = parse_range(colon + 1, pfrom, pto);
    if (ok && from) {
        *from = xstrdup(first);
        *to = xstrdup(second);
    }
    free(first);
    free(addrs);
    return ok;
}

/* An option 121 route: a.b.c.d/n:gw. */
static bool parse_opt121(const char *s, char **dst, long *len, char **gw)
{
    const char *colon = strchr(s, ':');
    char *net = colon ? xstrndup(s, (size_t)(colon - s)) : NULL;
    bool ok = net && parse_cidr(net, true, NULL, len) && parse_ipv4(colon + 1);

    if (ok && dst) {
        parse_cidr(net, true, dst, len);
        *gw = xstrdup(colon + 1);
    }
    free(net);
    return ok;
}

/* Does every element of a non-empty comma-separated list parse as kind k? */
static bool parse_elements(const char *s, enum value_kind k)
{
    const char *p = s;
    bool ok = *s && parse_list(s);

    while (ok && *p) {
        char *item = next_element(&p);
        long n, m;

        ok = k == K_NAT_TARGETS ? parse_nat_target(item, NULL, NULL, &n, &m)
                                : parse_opt121(item, NULL, &n, NULL);
        free(item);
    }
    return ok;
}

static void keyword_error(const struct attr *a, const char *text, bool ambiguous,
                          struct strbuf *err)
{
    strbuf_addf(err, "%s value '%s' for '%s': ", ambiguous ? "ambiguous" : "invalid", text,
                a->name);
    for (const struct enum_value *v = schema_value_keywords(a); v->word; v++)
        strbuf_addf(err, "%s%s", v == schema_value_keywords(a) ? "" : ", ", v->word);
}

/* JSON strings are UTF-8. */
static bool is_utf8(const char *text)
{
    json_t *s = json_string(text);

    json_decref(s);
    return s != NULL;
}

/* a.b.c.d/n or an IPv6 address /n, comma-separated, none empty. */
static bool parse_cidr_list(const char *text)
{
    const char *p = text;

    if (!parse_list(text))
        return false;
    while (*p) {
        size_t len = strcspn(p, ",");
        char *one = xstrndup(p, len), *slash = strchr(one, '/');
        long n;
        int v = 0;

        if (slash) {
            *slash = '\0';
            v = ip_version(one);
        }
        if (!slash || !v || !parse_long(slash + 1, 0, v == 4 ? 32 : 128, &n)) {
            free(one);
            return false;
        }
        free(one);
        p += len + (p[len] == ',');
    }
    return true;
}

int schema_check_value(const struct attr *a, const char *text, struct strbuf *err)
{
    bool ambiguous;
    long n, m;

    if (!is_utf8(text)) {
        strbuf_addf(err, "invalid text in '%s' (not UTF-8)", a->name);
        return -1;
    }
    switch (a->kind) {
    case K_STRING:
    case K_REF:
        break;
    case K_INT:
        if (a->values && !parse_long(text, LONG_MIN, LONG_MAX, &n)) {
            if (schema_value_word(a, text, &ambiguous))
                break;
            strbuf_addf(err, "%s value '%s' for '%s': ", ambiguous ? "ambiguous" : "invalid", text,
                        a->name);
            for (const struct enum_value *v = a->values; v->word; v++)
                strbuf_addf(err, "%s, ", v->word);
            if (a->min || a->max)
                strbuf_addf(err, "or a number %ld-%ld", a->min, a->max);
            else
                strbuf_addstr(err, "or a number");
            return -1;
        }
        if (!parse_long(text, LONG_MIN, LONG_MAX, &n)) {
            strbuf_addf(err, "invalid number '%s' for '%s'", text, a->name);
            return -1;
        }
        if ((a->min || a->max) && (n < a->min || n > a->max)) {
            strbuf_addf(err, "'%s' must be between %ld and %ld, not %s", a->name, a->min, a->max,
                        text);
            return -1;
        }
        break;
    case K_BOOL:
    case K_UPDOWN:
    case K_YESNO:
    case K_ENUM:
    case K_FLAG_ENUM:
        if (!schema_value_word(a, text, &ambiguous)) {
            keyword_error(a, text, ambiguous, err);
            return -1;
        }
        break;
    case K_IPV4:
        if (!parse_ipv4(text)) {
            strbuf_addf(err, "invalid IPv4 address '%s'%s", text, ZERO_HINT(text));
            return -1;
        }
        break;
    case K_IP:
        if (!ip_version(text)) {
            strbuf_addf(err, "invalid IP address '%s'%s", text, ZERO_HINT(text));
            return -1;
        }
        break;
    case K_CIDR:
        if (!(a->flags & A_BARE_HOST) && parse_ipv4(text)) {
            strbuf_addf(err, "'%s' takes a network with its prefix length, a.b.c.d/n "
                        "(%s/24, %s/32...), not '%s'", a->name, text, text, text);
            return -1;
        }
        if (!parse_cidr(text, a->flags & A_BARE_HOST, NULL, &n)) {
            strbuf_addf(err, "invalid network address '%s' (a.b.c.d/n)%s", text, ZERO_HINT(text));
            return -1;
        }
        break;
    case K_MAC:
        if (!parse_mac(text)) {
            strbuf_addf(err, "invalid MAC address '%s'", text);
            return -1;
        }
        break;
    case K_RANGE:
        if (!parse_range(text, &n, &m)) {
            strbuf_addf(err, "invalid range '%s' (a or a-b, 0 to 65535)", text);
            return -1;
        }
        break;
    case K_CIDR_LIST:
        if (!parse_cidr_list(text)) {
            strbuf_addf(err, "invalid networks '%s' (a.b.c.d/n or an IPv6 address/n, "
                        "comma-separated)%s", text, ZERO_HINT(text));
            return -1;
        }
        break;
    case K_REF_LIST:
    case K_STR_LIST:
    case K_INET_LIST:
        if (!parse_list(text)) {
            strbuf_addf(err, "invalid list '%s' (comma-separated, no empty element)", text);
            return -1;
        }
        break;
    case K_NAT_TARGETS:
        if (!parse_elements(text, K_NAT_TARGETS)) {
            strbuf_addf(err, "invalid NAT target '%s' (ip[-ip][:port[-port]],...)", text);
            return -1;
        }
        break;
    case K_OPT121:
        if (!parse_elements(text, K_OPT121)) {
            strbuf_addf(err, "invalid routes '%s' (a.b.c.d/n:gateway,...)", text);
            return -1;
        }
        break;
    }
    return 0;
}

/* The JSON array of a checked list. */
static json_t *list_json(const char *text)
{
    json_t *arr = json_array();
    const char *p = text;

    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);

        json_array_append_new(arr, json_stringn(p, len));
        p += len + (comma != NULL);
    }
    return arr;
}

/* The object that holds a's keys: obj, or its a->sub object (made when create is set). */
static json_t *holder(const struct attr *a, json_t *obj, bool create)
{
    json_t *sub;

    if (!a->sub)
        return obj;
    sub = json_object_get(obj, a->sub);
    if (!json_is_object(sub) && create) {
        sub = json_object();
        json_object_set_new(obj, a->sub, sub);
    }
    return json_is_object(sub) ? sub : NULL;
}

/* The JSON array of checked NAT targets or option 121 routes. */
static json_t *elements_json(const char *text, enum value_kind k)
{
    json_t *arr = json_array();
    const char *p = text;

    while (*p) {
        char *item = next_element(&p), *x = NULL, *y = NULL;
        long n, m;

        if (k == K_NAT_TARGETS) {
            parse_nat_target(item, &x, &y, &n, &m);
            json_array_append_new(arr, json_pack("{sssssIsI}", "addressFrom", x, "addressTo", y,
                                                 "portFrom", (json_int_t)n, "portTo",
                                                 (json_int_t)m));
        } else {
            parse_opt121(item, &x, &n, &y);
            json_array_append_new(arr, json_pack("{sssIss}", "destinationPrefix", x,
                                                 "destinationLength", (json_int_t)n, "gatewayAddr",
                                                 y));
        }
        free(x);
        free(y);
        free(item);
    }
    return arr;
}

int schema_to_json(const struct attr *a, const char *text, bool invert, json_t *obj,
                   struct strbuf *err)
{
    json_t *v = NULL;
    char *addr = NULL;
    long n, m;

    if (schema_check_value(a, text, err) < 0)
        return -1;
    obj = holder(a, obj, true);
    if (a->tag_key)
        json_object_set_new(obj, a->tag_key, json_string(a->tag));
    switch (a->kind) {
    case K_STRING:
    case K_REF:
    case K_IPV4:
        v = json_string(text);
        break;
    case K_IP:
        if (a->key2)
            json_object_set_new(obj, a->key2, json_integer(ip_version(text)));
        v = json_string(text);
        break;
    case K_INT:
        if (!parse_long(text, LONG_MIN, LONG_MAX, &n)) {
            /* A name: the number it stands for, or a word only the executor can turn
             * into one (pos last). */
            const char *num = find_keyword(a->values, text, NULL)->json;

            if (!num) {
                strbuf_addf(err, "'%s %s' must be worked out before it is sent", a->name, text);
                return -1;
            }
            parse_long(num, LONG_MIN, LONG_MAX, &n);
        }
        v = json_integer(n);
        break;
    case K_BOOL:
    case K_UPDOWN:
    case K_YESNO:
        v = json_boolean(!strcmp(find_keyword(schema_value_keywords(a), text, NULL)->json, "true"));
        break;
    case K_ENUM:
        v = json_string(find_keyword(a->values, text, NULL)->json);
        break;
    case K_FLAG_ENUM: {
        const struct enum_value *chosen = find_keyword(a->values, text, NULL);

        for (const struct enum_value *p = a->values; p->word; p++)
            if (p != chosen)
                json_object_set_new(obj, p->json, json_false());
        json_object_set_new(obj, chosen->json, json_true());
        return 0;
    }
    case K_NAT_TARGETS:
    case K_OPT121:
        v = elements_json(text, a->kind);
        break;
    case K_CIDR:
        parse_cidr(text, true, &addr, &n);
        json_object_set_new(obj, a->key2, json_integer(n));
        v = json_string(addr);
        free(addr);
        break;
    case K_MAC: {
        char lower[18];

        for (int i = 0; i < 18; i++)
            lower[i] = (char)tolower((unsigned char)text[i]);
        v = json_string(lower);
        break;
    }
    case K_RANGE:
        parse_range(text, &n, &m);
        v = json_pack("{sIsI}", "start", (json_int_t)n, "end", (json_int_t)m);
        break;
    case K_REF_LIST:
    case K_STR_LIST:
    case K_CIDR_LIST:
    case K_INET_LIST:
        v = list_json(text);
        break;
    }
    json_object_set_new(obj, a->key, v);
    if ((a->flags & A_INVERT) && a->inv_key)
        json_object_set_new(obj, a->inv_key, json_boolean(invert));
    return 0;
}

void schema_clear_json(const struct attr *a, json_t *obj)
{
    obj = holder(a, obj, true);
    if (a->kind == K_FLAG_ENUM) {
        for (const struct enum_value *p = a->values; p->word; p++)
            json_object_set_new(obj, p->json, json_false());
        return;
    }
    json_object_set_new(obj, a->key, json_null());
    if (a->key2)
        json_object_set_new(obj, a->key2, json_null());
    if (a->inv_key)
        json_object_set_new(obj, a->inv_key, json_false());
}

/* A JSON scalar as text; false for objects and arrays. */
static bool format_scalar(const json_t *v, struct strbuf *out)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        strbuf_add(out, json_string_value(v), json_string_length(v));
        return true;
    case JSON_INTEGER:
        strbuf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return true;
    case JSON_REAL:
        strbuf_addf(out, "%g", json_real_value(v));
        return true;
    case JSON_TRUE:
        strbuf_addstr(out, "true");
        return true;
    case JSON_FALSE:
        strbuf_addstr(out, "false");
        return true;
    default:
        return false;
    }
}

static bool format_keyword(const struct attr *a, const json_t *v, struct strbuf *out)
{
    const char *json = json_is_boolean(v)
        ? (json_is_true(v) ? "true" : "false") : json_string_value(v);

    for (const struct enum_value *p = schema_value_keywords(a); json && p->word; p++) {
        if (!strcmp(p->json, json)) {
            strbuf_addstr(out, p->word);
            return true;
        }
    }
    return format_scalar(v, out);
}

static bool format_list(const struct attr *a, const json_t *v, struct strbuf *out)
{
    size_t n = json_array_size(v), printed = 0;
    struct strbuf item = STRBUF_INIT;

    if (!json_is_array(v))
        return format_scalar(v, out);
    for (size_t i = 0; i < n; i++) {
        const char *s;

        strbuf_reset(&item);
        if (!format_scalar(json_array_get(v, i), &item))
            continue;
        s = item.buf;
        /* InetAddress.toString(): "host/10.0.0.1" or "/10.0.0.1". */
        if (a->kind == K_INET_LIST && strrchr(s, '/'))
            s = strrchr(s, '/') + 1;
        if (printed++)
            strbuf_addch(out, ',');
        strbuf_addstr(out, s);
    }
    strbuf_release(&item);
    return printed > 0;
}

static bool format_range(const json_t *v, struct strbuf *out)
{
    json_t *start = json_object_get(v, "start"), *end = json_object_get(v, "end");

    if (!json_is_integer(start) || !json_is_integer(end))
        return format_scalar(v, out);
    strbuf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(start));
    if (json_integer_value(end) != json_integer_value(start))
        strbuf_addf(out, "-%" JSON_INTEGER_FORMAT, json_integer_value(end));
    return true;
}

/* NAT targets and option 121 routes, the way they are typed. */
static bool format_elements(const struct attr *a, const json_t *v, struct strbuf *out)
{
    size_t printed = 0;

    if (!json_is_array(v))
        return format_scalar(v, out);
    for (size_t i = 0; i < json_array_size(v); i++) {
        const json_t *e = json_array_get(v, i);

        if (printed++)
            strbuf_addch(out, ',');
        if (a->kind == K_NAT_TARGETS) {
            const char *from = json_string_value(json_object_get(e, "addressFrom"));
            const char *to = json_string_value(json_object_get(e, "addressTo"));
            json_int_t pfrom = json_integer_value(json_object_get(e, "portFrom"));
            json_int_t pto = json_integer_value(json_object_get(e, "portTo"));

            strbuf_addstr(out, from ? from : "?");
            if (to && from && strcmp(to, from))
                strbuf_addf(out, "-%s", to);
            if (pfrom || pto)
                strbuf_addf(out, ":%" JSON_INTEGER_FORMAT, pfrom);
            if (pto != pfrom)
                strbuf_addf(out, "-%" JSON_INTEGER_FORMAT, pto);
        } else {
            const char *dst = json_string_value(json_object_get(e, "destinationPrefix"));
            const char *gw = json_string_value(json_object_get(e, "gatewayAddr"));
            json_int_t len = json_integer_value(json_object_get(e, "destinationLength"));

            strbuf_addstr(out, dst ? dst : "?");
            strbuf_addf(out, "/%" JSON_INTEGER_FORMAT, len);
            strbuf_addf(out, ":%s", gw ? gw : "?");
        }
    }
    return printed > 0;
}

/* A K_INT: the name of its number when values[] has one, else the number. */
static bool format_named_number(const struct attr *a, const json_t *v, struct strbuf *out)
{
    char num[32];

    if (a->values && json_is_integer(v)) {
        snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        for (const struct enum_value *p = a->values; p->word; p++) {
            if (p->json && !strcmp(p->json, num)) {
                strbuf_addstr(out, p->word);
                return true;
            }
        }
    }
    return format_scalar(v, out);
}

/* The word of the K_FLAG_ENUM value whose key is true. */
static bool format_flag(const struct attr *a, const json_t *obj, struct strbuf *out)
{
    for (const struct enum_value *p = a->values; p->word; p++) {
        if (json_is_true(json_object_get(obj, p->json))) {
            strbuf_addstr(out, p->word);
            return true;
        }
    }
    return false;
}

/* The object holding a's keys in top, or NULL when there is none or top's tag is another's. */
static const json_t *holder_of(const struct attr *a, const json_t *top)
{
    /* holder() changes nothing when it is not asked to create. */
    const json_t *obj = holder(a, (json_t *)top, false);
    const char *tag = a->tag_key ? json_string_value(json_object_get(obj, a->tag_key)) : NULL;

    if (a->tag_key && strcmp(tag ? tag : "", a->tag))
        return NULL;
    return obj;
}

json_t *schema_json_value(const struct attr *a, const json_t *top)
{
    return json_object_get(holder_of(a, top), a->key);
}

bool schema_format_value(const struct attr *a, const json_t *top, struct strbuf *out)
{
    const json_t *obj = holder_of(a, top);
    const json_t *v = json_object_get(obj, a->key);
    size_t mark = out->len;
    bool present;

    if (!obj)
        return false;
    if (a->kind == K_FLAG_ENUM)
        return format_flag(a, obj, out);
    if (!v || json_is_null(v))
        return false;
    if ((a->flags & A_ZERO_UNSET) &&
        ((json_is_integer(v) && json_integer_value(v) == 0) || json_is_false(v)))
        return false;
    if ((a->flags & A_INVERT) && a->inv_key && json_is_true(json_object_get(obj, a->inv_key)))
        strbuf_addch(out, '!');
    switch (a->kind) {
    case K_BOOL:
    case K_UPDOWN:
    case K_YESNO:
    case K_ENUM:
        present = format_keyword(a, v, out);
        break;
    case K_CIDR: {
        const json_t *len = a->key2 ? json_object_get(obj, a->key2) : NULL;

        /* Always with its length: "10.0.0.1/32" says it is one host. */
        present = format_scalar(v, out);
        if (present && json_is_integer(len))
            strbuf_addf(out, "/%" JSON_INTEGER_FORMAT, json_integer_value(len));
        break;
    }
    case K_INT:
        present = format_named_number(a, v, out);
        break;
    case K_RANGE:
        present = format_range(v, out);
        break;
    case K_NAT_TARGETS:
    case K_OPT121:
        present = format_elements(a, v, out);
        break;
    case K_REF_LIST:
    case K_STR_LIST:
    case K_CIDR_LIST:
    case K_INET_LIST:
        present = format_list(a, v, out);
        break;
    default:
        present = format_scalar(v, out);
        break;
    }
    if (!present)
        strbuf_setlen(out, mark);
    return present;
}

const char *schema_canonical_value(const struct attr *a, const char *text, char **owned)
{
    *owned = NULL;
    if (a->kind == K_CIDR && !strchr(text, '/')) {
        *owned = xasprintf("%s/32", text);
        return *owned;
    }
    if (a->kind == K_INT && a->values) {
        long n;

        if (parse_long(text, LONG_MIN, LONG_MAX, &n)) {
            for (const struct enum_value *p = a->values; p->word; p++)
                if (p->json && !strcmp(p->json, text))
                    return p->word;
            return text;
        }
    }
    const char *word = schema_value_word(a, text, NULL);

    return word ? word : text;
}

/* An IPv4 address in host order; the text is checked. */
static uint32_t ipv4_bits(const char *text)
{
    struct in_addr in;

    if (inet_pton(AF_INET, text, &in) != 1)
        return 0;
    return ntohl(in.s_addr);
}

int schema_check_within(const struct attr *a, const char *addr, const struct attr *net_attr,
                        const char *net, struct strbuf *err)
{
    char *base = NULL;
    long len = 32;
    uint32_t mask;

    if (!parse_cidr(net, true, &base, &len))
        return 0;       /* not checked here: its own check reports it */
    mask = len ? ~(uint32_t)0 << (32 - len) : 0;
    if ((ipv4_bits(addr) & mask) != (ipv4_bits(base) & mask)) {
        strbuf_addf(err, "'%s' %s is not in '%s' %s", a->name, addr, net_attr->name, net);
        free(base);
        return -1;
    }
    free(base);
    return 0;
}
