#include "tests/sim/body.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "tests/sim/server.h"

/*
 * The field table. One row per property the class's Jackson deserializer knows: its JSON
 * name; its Java type in the DTO the 1.9 API deserializes (midonet-api's org.midonet.api
 * classes for ports, BGP, DHCP, IP address groups, VTEPs, MAC and ARP entries, system
 * state; cluster/rest_api/models for the others); the bean-validation annotations on it;
 * its default when absent; the media-type version it appears from (@Since, 0: always);
 * for a subtype's own property, the "type" ids that have it; and an example value (JSON)
 * valid in a minimal body, for tests/simtest/test_fields.py ("=": the value the
 * test's fixture gives, a reference to another object it made). Every row has one.
 *
 * @JsonIgnore'd properties (ids lists, IPSubnet helpers) are not rows: Jackson skips them.
 */
struct jfield {
    const char *json, *java, *ann, *dflt;
    int since;
    const char *only;
    const char *example;
};

#define F(json, java, ann, dflt, ex) { json, java, ann, dflt, 0, NULL, ex }
#define FS(json, java, ann, dflt, since, ex) { json, java, ann, dflt, since, NULL, ex }
#define FO(json, java, ann, dflt, only, ex) { json, java, ann, dflt, 0, only, ex }
#define END { NULL, NULL, NULL, NULL, 0, NULL, NULL }

#define IPV4 "@Pattern(IPv4)"
/* An id no object has: a resource's own "id" row (ids are the server's to give). */
#define RANDOM_ID "\"0b6f4b8e-0000-4000-8000-00000000000a\""
#define NN "@NotNull"
/*
 * No annotation upstream, but toData() parses the value (IPv4Addr.fromString,
 * MAC.fromString), which throws on null or bad text: ThrowableMapper's 500.
 */
#define TODATA500 "(none; toData(): null is 500)"

static const struct jfield f_bridge[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("tenantId", "String", NN, "", "\"t1\""),
    F("name", "String", "", "", "\"b1\""),
    F("adminStateUp", "boolean", "", "true", "false"),
    F("inboundFilterId", "UUID", "", "null", "="),
    F("outboundFilterId", "UUID", "", "null", "="),
    FS("vxLanPortId", "UUID", "(not settable: non-null is 400)", "null", 2, "null"),
    FS("vxLanPortIds", "List<UUID>", "(not settable: non-null is 400)", "null", 3, "null"),
    END,
};

static const struct jfield f_router[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("tenantId", "String", NN, "", "\"t1\""),
    F("name", "String", "", "", "\"r1\""),
    F("adminStateUp", "boolean", "", "true", "false"),
    F("inboundFilterId", "UUID", "", "null", "="),
    F("outboundFilterId", "UUID", "", "null", "="),
    FS("loadBalancerId", "UUID", "", "null", 2, "="),
    END,
};

/* org.midonet.api.network.Port and its subtypes (property "type"). */
#define BRIDGE_PORTS "Bridge ExteriorBridge InteriorBridge"
#define ROUTER_PORTS "Router ExteriorRouter InteriorRouter"
/* VxLanPort has no default constructor: Jackson cannot make one (a JsonMappingException). */
#define NO_CTOR "(no default constructor: any body of the type is 400)"
static const struct jfield f_port[] = {
    F("type", "String (type id)", NN, "", "="),
    F("id", "UUID", "", "random", RANDOM_ID),
    F("adminStateUp", "boolean", "", "true", "false"),
    F("deviceId", "UUID", "", "the URI's", RANDOM_ID),
    F("inboundFilterId", "UUID", "", "null", "="),
    F("outboundFilterId", "UUID", "", "null", "="),
    F("vifId", "UUID", "", "null", RANDOM_ID),
    FS("hostId", "UUID", "", "null", 2, "="),
    FS("interfaceName", "String", "", "null", 2, "\"tap9\""),
    F("peerId", "UUID", "", "null", RANDOM_ID),
    F("active", "boolean", "", "false", "true"),
    FO("vlanId", "Short", "", "null", BRIDGE_PORTS, "7"),
    FO("networkAddress", "String", NN " " IPV4, "", ROUTER_PORTS, "\"10.0.0.0\""),
    FO("networkLength", "int", "@Min(0) @Max(32)", "0", ROUTER_PORTS, "24"),
    FO("portAddress", "String", NN " " IPV4, "", ROUTER_PORTS, "\"10.0.0.1\""),
    FO("portMac", "String", "", "random", ROUTER_PORTS, "\"02:00:00:00:00:01\""),
    FO("mgmtIpAddr", "String", NO_CTOR, "", "Vxlan", "\"10.8.0.1\""),
    FO("mgmtPort", "int", NO_CTOR, "", "Vxlan", "6632"),
    FO("vni", "int", NO_CTOR, "", "Vxlan", "10000"),
    END,
};

static const struct jfield f_link[] = {
    F("portId", "UUID", "@IsValidPortId", "the URI's", "="),
    F("peerId", "UUID", "@IsValidPortId", "null", "="),
    END,
};

static const struct jfield f_route[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("routerId", "UUID", "", "the URI's", RANDOM_ID),
    F("nextHopPort", "UUID", "@RouteNextHopPortValid: a Normal route's null is 400", "null", "="),
    F("attributes", "String", "", "null", "\"a\""),
    F("dstNetworkAddr", "String", NN " " IPV4, "", "\"10.2.0.0\""),
    F("dstNetworkLength", "int", "@Min(0) @Max(32)", "0", "16"),
    F("srcNetworkAddr", "String", NN " " IPV4, "", "\"0.0.0.0\""),
    F("srcNetworkLength", "int", "@Min(0) @Max(32)", "0", "0"),
    F("nextHopGateway", "String", IPV4, "null", "\"10.0.0.2\""),
    F("learned", "boolean", "", "false", "true"),
    F("type", "NextHop (enum)", NN " @JsonError", "", "\"Normal\""),
    F("weight", "int", "@Min(0)", "0", "100"),
    END,
};

static const struct jfield f_host[] = {
    F("id", "UUID", "", "the URI's", "="),
    F("name", "String", "", "", "\"h1\""),
    F("addresses", "List<String>", "", "", "[\"10.1.0.8\"]"),
    FS("hostInterfaces", "List<Interface>", "", "", 3, "[]"),
    F("alive", "boolean", "", "", "true"),
    /* HostResource.update: "Flooding proxy weight must not be null." */
    F("floodingProxyWeight", "Integer", "@Min(0) @Max(65535); update: null is 400", "null", "3"),
    END,
};

static const struct jfield f_interface[] = {
    F("hostId", "UUID", "", "", RANDOM_ID),
    F("name", "String", "", "", "\"eth0\""),
    F("mac", "String", "", "", "\"02:00:00:00:00:09\""),
    F("mtu", "int", "", "", "1500"),
    F("type", "InterfaceType (enum)", "", "", "\"Physical\""),
    F("endpoint", "Endpoint (enum)", "", "", "\"PHYSICAL\""),
    F("portType", "DpPortType (enum)", "", "", "\"NetDev\""),
    F("addresses", "InetAddress[]", "", "", "[\"10.1.0.8\"]"),
    F("status", "int", "", "", "1"),
    END,
};

static const struct jfield f_binding[] = {
    F("portId", "UUID", NN, "", "="),
    F("hostId", "UUID", NN, "the URI's", "="),
    F("interfaceName", "String", NN, "", "\"eth9\""),
    END,
};

static const struct jfield f_zone[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("name", "String", NN " @Size(1,255)", "", "\"z1\""),
    F("type", "TunnelZoneType (enum)", NN, "", "\"gre\""),
    END,
};

static const struct jfield f_zone_host[] = {
    F("tunnelZoneId", "UUID", "", "the URI's", RANDOM_ID),
    F("hostId", "UUID", "(checked: null is 404)", "null", "="),
    F("ipAddress", "String", NN " " IPV4, "", "\"10.1.0.9\""),
    END,
};

static const struct jfield f_chain[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("tenantId", "String", NN, "", "\"t1\""),
    F("name", "String", NN " @Size(1,255)", "", "\"c1\""),
    END,
};

/* cluster/rest_api/models Condition: a rule's match, and a trace request's. */
#define CONDITION                                                                   \
    F("nwDstAddress", "String", IPV4, "null", "\"10.0.0.0\""),                      \
    F("nwDstLength", "int", "@Min(0) @Max(32)", "0", "8"),                          \
    F("nwSrcAddress", "String", IPV4, "null", "\"10.0.0.0\""),                      \
    F("nwSrcLength", "int", "@Min(0) @Max(32)", "0", "8"),                          \
    F("condInvert", "boolean", "", "false", "true"),                                \
    F("matchForwardFlow", "boolean", "", "false", "true"),                          \
    F("matchReturnFlow", "boolean", "", "false", "true"),                           \
    F("inPorts", "UUID[]", "", "null", "="),                                       \
    F("invInPorts", "boolean", "", "false", "true"),                                \
    F("outPorts", "UUID[]", "", "null", "="),                                      \
    F("invOutPorts", "boolean", "", "false", "true"),                               \
    F("portGroup", "UUID", "", "null", "="),                                       \
    F("invPortGroup", "boolean", "", "false", "true"),                              \
    F("ipAddrGroupSrc", "UUID", "", "null", "="),                                  \
    F("invIpAddrGroupSrc", "boolean", "", "false", "true"),                         \
    F("ipAddrGroupDst", "UUID", "", "null", "="),                                  \
    F("invIpAddrGroupDst", "boolean", "", "false", "true"),                         \
    F("traversedDevice", "UUID", "", "null", RANDOM_ID),                                 \
    F("invTraversedDevice", "boolean", "", "false", "true"),                        \
    F("dlType", "Integer", "@Min(0x0600) @Max(0xFFFF)", "null", "2048"),            \
    F("invDlType", "boolean", "", "false", "true"),                                 \
    F("dlSrc", "String", "", "null", "\"02:00:00:00:00:01\""),                      \
    FS("dlSrcMask", "String", "", "null", 2, "\"ffff.0000.0000\""),                 \
    F("invDlSrc", "boolean", "", "false", "true"),                                  \
    F("dlDst", "String", "", "null", "\"02:00:00:00:00:01\""),                      \
    FS("dlDstMask", "String", "", "null", 2, "\"ffff.0000.0000\""),                 \
    F("invDlDst", "boolean", "", "false", "true"),                                  \
    F("nwTos", "Integer", "", "null", "16"),                                        \
    F("invNwTos", "boolean", "", "false", "true"),                                  \
    F("nwProto", "Integer", "", "null", "6"),                                       \
    F("invNwProto", "boolean", "", "false", "true"),                                \
    F("invNwSrc", "boolean", "", "false", "true"),                                  \
    F("invNwDst", "boolean", "", "false", "true"),                                  \
    FS("fragmentPolicy", "FragmentPolicy (enum)", "@JsonError", "by type", 2, "\"any\""), \
    F("tpSrc", "Range<Integer>", "", "null", "{\"start\": 1000, \"end\": 2000}"),     \
    F("tpDst", "Range<Integer>", "", "null", "{\"start\": 22, \"end\": 22}"),         \
    F("invTpSrc", "boolean", "", "false", "true"),                                  \
    F("invTpDst", "boolean", "", "false", "true")

#define NAT_RULES "dnat snat rev_dnat rev_snat"
static const struct jfield f_rule[] = {
    F("type", "String (type id)", NN, "", "="),
    F("id", "UUID", "", "random", RANDOM_ID),
    F("chainId", "UUID", "", "the URI's", RANDOM_ID),
    F("action", "RuleAction (enum)", "", "by type", "\"ACCEPT\""),
    F("meterName", "String", "", "null", "\"m\""),
    F("position", "int", "@Min(1), 0 read as 1 by Rule.create", "1", "1"),
    CONDITION,
    FO("jumpChainName", "String", "", "null", "jump", "\"j\""),
    FO("jumpChainId", "UUID", "", "null", "jump", "="),
    FO("flowAction", "String", NN, "", NAT_RULES, "\"accept\""),
    FO("natTargets", "NatTarget[]", NN " @Size(min=1)", "[]", "dnat snat",
       "[{\"addressFrom\": \"10.0.0.1\", \"addressTo\": \"10.0.0.2\", \"portFrom\": 80, "
       "\"portTo\": 81}]"),
    FO("requestId", "UUID", NN, "", "trace", "="),
    FO("limit", "long", "", "0", "trace", "10"),
    END,
};

static const struct jfield f_condition[] = { CONDITION, END };

static const struct jfield f_range[] = {
    F("start", "Integer", "", "null", "1000"),
    F("end", "Integer", "", "null", "2000"),
    END,
};

static const struct jfield f_nat_target[] = {
    F("addressFrom", "String", NN, "", "\"10.0.0.1\""),
    F("addressTo", "String", NN, "", "\"10.0.0.2\""),
    F("portFrom", "int", "", "0", "80"),
    F("portTo", "int", "", "0", "81"),
    END,
};

static const struct jfield f_port_group[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("tenantId", "String", NN, "", "\"t1\""),
    F("name", "String", NN " @Size(1,255)", "", "\"pg1\""),
    F("stateful", "boolean", "", "false", "true"),
    END,
};

static const struct jfield f_port_group_port[] = {
    F("portGroupId", "UUID", NN, "the URI's", "="),
    F("portId", "UUID", NN, "", "="),
    END,
};

static const struct jfield f_ip_group[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("name", "String", NN " @Size(1,255)", "", "\"ag1\""),
    END,
};

static const struct jfield f_ip_group_addr[] = {
    F("version", "String (type id)", NN, "", "\"4\""),
    /* IpAddrGroupAddrResource.create runs no validate(). */
    F("addr", "String", "(not validated; null is 500)", "", "\"10.3.0.5\""),
    F("ipAddrGroupId", "UUID", "(not validated)", "the URI's", "="),
    END,
};

static const struct jfield f_dhcp_subnet[] = {
    F("subnetPrefix", "String", NN " " IPV4, "", "\"10.5.0.0\""),
    F("subnetLength", "int", "@Min(0) @Max(32)", "0", "24"),
    F("defaultGateway", "String", IPV4, "null", "\"10.5.0.1\""),
    F("serverAddr", "String", IPV4, "the gateway", "\"10.5.0.2\""),
    F("dnsServerAddrs", "List<String>", "", "null", "[\"10.5.0.53\"]"),
    F("interfaceMTU", "int", "@Min(0) @Max(65536)", "0", "1400"),
    F("opt121Routes", "List<DhcpOption121>", "", "null",
      "[{\"destinationPrefix\": \"10.6.0.0\", \"destinationLength\": 16, "
      "\"gatewayAddr\": \"10.5.0.1\"}]"),
    FS("enabled", "Boolean", "", "true", 2, "false"),
    END,
};

static const struct jfield f_opt121[] = {
    F("destinationPrefix", "String", "", "null", "\"10.6.0.0\""),
    F("destinationLength", "int", "", "0", "16"),
    F("gatewayAddr", "String", "", "null", "\"10.5.0.1\""),
    END,
};

static const struct jfield f_dhcp_host[] = {
    F("macAddr", "String", TODATA500, "null", "\"02:00:00:00:00:05\""),
    F("ipAddr", "String", TODATA500, "null", "\"10.5.0.5\""),
    F("name", "String", "", "null", "\"h1\""),
    FS("extraDhcpOpts", "List<ExtraDhcpOpt>", "@Nonnull", "[]", 2,
       "[{\"optName\": \"o\", \"optValue\": \"v\"}]"),
    END,
};

static const struct jfield f_extra_opt[] = {
    F("optName", "String", "", "null", "\"o\""),
    F("optValue", "String", "", "null", "\"v\""),
    END,
};

static const struct jfield f_dhcp_subnet6[] = {
    F("prefix", "String", NN " @Pattern(IPv6)", "", "\"fd00::\""),
    F("prefixLength", "int", "@Min(0) @Max(128)", "0", "64"),
    END,
};

static const struct jfield f_dhcp_host6[] = {
    /* No annotation upstream; the simulator refuses null (README: still different). */
    F("clientId", "String", "(none; null refused here)", "null", "\"c9\""),
    F("fixedAddress", "String", "", "null", "\"fd01::9\""),
    F("name", "String", "", "null", "\"h9\""),
    END,
};

static const struct jfield f_bgp[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("localAS", "int", "", "0", "65001"),
    F("peerAS", "int", "", "0", "65002"),
    F("peerAddr", "String", TODATA500, "null", "\"10.0.0.9\""),
    F("portId", "UUID", "", "the URI's", RANDOM_ID),
    F("status", "String", "", "null", "\"s\""),
    END,
};

static const struct jfield f_ad_route[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("nwPrefix", "String", "(none; InetAddress.getByName: null is 127.0.0.1)", "null",
      "\"10.9.0.0\""),
    F("prefixLength", "byte", "", "0", "16"),
    F("bgpId", "UUID", "", "the URI's", RANDOM_ID),
    END,
};

static const struct jfield f_mac_port[] = {
    F("macAddr", "String", NN " @Pattern(MAC)", "", "\"02:00:00:00:00:07\""),
    F("portId", "UUID", NN, "", "="),
    FS("vlanId", "Short", "", "null", 2, "0"),
    F("bridgeId", "UUID", "", "the URI's", RANDOM_ID),
    END,
};

/* setMac() writes the field macAddr: both names are properties. */
static const struct jfield f_ip4mac[] = {
    F("ip", "String", NN " " IPV4, "", "\"10.6.0.1\""),
    F("mac", "String", NN " @Pattern(MAC) (field macAddr)", "", "\"02:00:00:00:00:08\""),
    F("macAddr", "String", NN " @Pattern(MAC); wins over mac", "", "\"02:00:00:00:00:08\""),
    END,
};

static const struct jfield f_vtep[] = {
    F("managementIp", "String", NN " " IPV4, "", "="),
    F("managementPort", "int", "@Min(1) @Max(65535)", "0", "6632"),
    F("name", "String", "", "null", "\"v\""),
    F("description", "String", "", "null", "\"d\""),
    F("connectionState", "VtepConnectionState (enum)", "", "null", "\"CONNECTED\""),
    F("tunnelZoneId", "UUID", "(checked: null is 400)", "null", "="),
    F("tunnelIpAddrs", "List<String>", "", "null", "[\"10.8.0.9\"]"),
    END,
};

static const struct jfield f_vtep_binding[] = {
    F("mgmtIp", "String", "", "the URI's", "\"10.8.0.2\""),
    F("portName", "String", NN, "", "\"eth0\""),
    F("vlanId", "short", "@Min(0) @Max(4095)", "0", "7"),
    F("networkId", "UUID", NN, "", "="),
    END,
};

static const struct jfield f_trace[] = {
    F("id", "UUID", NN, "random", "\"5e7ace00-0000-4000-8000-000000000001\""),
    F("name", "String", NN, "", "\"t9\""),
    F("deviceType", "DeviceType (enum)", NN, "", "\"BRIDGE\""),
    F("deviceId", "UUID", NN, "", "="),
    F("condition", "Condition", NN, "", "{}"),
    F("creationTimestampMs", "long", "", "now", "1000"),
    F("limit", "long", "", "Long.MAX_VALUE", "10"),
    F("enabled", "boolean", NN, "false", "true"),
    END,
};

static const struct jfield f_load_balancer[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("routerId", "UUID", "(set: 400)", "null", "null"),
    F("adminStateUp", "boolean", "", "true", "false"),
    END,
};

static const struct jfield f_pool[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("adminStateUp", "boolean", "", "true", "false"),
    F("healthMonitorId", "UUID", "", "null", "="),
    F("loadBalancerId", "UUID", NN, "", "="),
    F("protocol", "PoolProtocol (enum)", "", "TCP", "\"TCP\""),
    F("lbMethod", "PoolLBMethod (enum)", NN, "", "\"ROUND_ROBIN\""),
    F("status", "LBStatus (enum)", "", "ACTIVE", "\"INACTIVE\""),
    END,
};

static const struct jfield f_pool_member[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("adminStateUp", "boolean", "", "false", "true"),
    F("status", "LBStatus (enum)", "", "ACTIVE", "\"INACTIVE\""),
    F("poolId", "UUID", NN, "", "="),
    F("address", "String", NN " " IPV4, "", "\"10.7.0.5\""),
    F("protocolPort", "int", "@Min(0) @Max(65535)", "0", "80"),
    F("weight", "int", "@Min(1)", "1", "3"),
    END,
};

static const struct jfield f_vip[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("adminStateUp", "boolean", "", "true", "false"),
    F("loadBalancerId", "UUID", "", "the pool's", RANDOM_ID),
    F("poolId", "UUID", NN, "", "="),
    F("address", "String", IPV4, "null", "\"10.7.0.9\""),
    F("protocolPort", "int", "@Min(0) @Max(65536)", "0", "80"),
    F("sessionPersistence", "VipSessionPersistence (enum)", "", "null", "\"SOURCE_IP\""),
    END,
};

static const struct jfield f_health_monitor[] = {
    F("id", "UUID", "", "random", RANDOM_ID),
    F("adminStateUp", "boolean", "", "false", "true"),
    F("type", "HealthMonitorType (enum)", NN, "", "\"TCP\""),
    F("delay", "int", "", "0", "5"),
    F("timeout", "int", "", "0", "5"),
    F("maxRetries", "int", "", "0", "3"),
    END,
};

static const struct jfield f_system_state[] = {
    F("state", "String", "", "null", "\"ACTIVE\""),
    F("availability", "String", "", "null", "\"READWRITE\""),
    FS("writeVersion", "String", "", "null", 2, "\"1.9\""),
    END,
};

static const struct jfield f_write_version[] = {
    /* ZkSystemDataProvider.setWriteVersion: version.getBytes(). */
    F("version", "String", "(none; null is 500)", "null", "\"1.9\""),
    END,
};

struct jclass {
    const char *name;
    const struct jfield *fields;
};

/* The classes, nested ones included ("Range<Integer>" is a Range). */
static const struct jclass classes[] = {
    { "Bridge", f_bridge }, { "Router", f_router }, { "Port", f_port }, { "Link", f_link },
    { "Route", f_route }, { "Host", f_host }, { "Interface", f_interface },
    { "HostInterfacePort", f_binding }, { "TunnelZone", f_zone },
    { "TunnelZoneHost", f_zone_host }, { "Chain", f_chain }, { "Rule", f_rule },
    { "Condition", f_condition }, { "Range", f_range }, { "NatTarget", f_nat_target },
    { "PortGroup", f_port_group }, { "PortGroupPort", f_port_group_port },
    { "IpAddrGroup", f_ip_group }, { "IpAddrGroupAddr", f_ip_group_addr },
    { "DhcpSubnet", f_dhcp_subnet }, { "DhcpOption121", f_opt121 },
    { "DhcpHost", f_dhcp_host }, { "ExtraDhcpOpt", f_extra_opt },
    { "DhcpSubnet6", f_dhcp_subnet6 }, { "DhcpV6Host", f_dhcp_host6 }, { "Bgp", f_bgp },
    { "AdRoute", f_ad_route }, { "MacPort", f_mac_port }, { "IP4MacPair", f_ip4mac },
    { "VTEP", f_vtep }, { "VtepBinding", f_vtep_binding }, { "TraceRequest", f_trace },
    { "LoadBalancer", f_load_balancer }, { "Pool", f_pool }, { "PoolMember", f_pool_member },
    { "VIP", f_vip }, { "HealthMonitor", f_health_monitor },
    { "SystemState", f_system_state }, { "WriteVersion", f_write_version },
};

/*
 * Which class each POST and PUT route's body is, and for a resource whose parameter is a
 * subclass (BridgePort, RouterPort) the type ids it can take: Jackson 1.9 narrows the
 * parameter's type to the named subtype, and one of another family fails there with an
 * IllegalArgumentException ("not assignable"), which ThrowableMapper answers 500.
 */
static const struct {
    const char *method, *pattern, *class, *types;
} route_classes[] = {
    { "POST", "/bridges", "Bridge", NULL },
    { "PUT", "/bridges/{id}", "Bridge", NULL },
    { "POST", "/routers", "Router", NULL },
    { "PUT", "/routers/{id}", "Router", NULL },
    { "POST", "/bridges/{id}/ports", "Port", BRIDGE_PORTS },
    { "POST", "/routers/{id}/ports", "Port", ROUTER_PORTS },
    { "PUT", "/ports/{id}", "Port", NULL },
    { "POST", "/ports/{id}/link", "Link", NULL },
    { "POST", "/routers/{id}/routes", "Route", NULL },
    { "PUT", "/hosts/{id}", "Host", NULL },
    { "POST", "/hosts/{id}/ports", "HostInterfacePort", NULL },
    { "POST", "/tunnel_zones", "TunnelZone", NULL },
    { "PUT", "/tunnel_zones/{id}", "TunnelZone", NULL },
    { "POST", "/tunnel_zones/{id}/hosts", "TunnelZoneHost", NULL },
    { "POST", "/chains", "Chain", NULL },
    { "POST", "/chains/{id}/rules", "Rule", NULL },
    { "POST", "/port_groups", "PortGroup", NULL },
    { "POST", "/port_groups/{id}/ports", "PortGroupPort", NULL },
    { "POST", "/ip_addr_groups", "IpAddrGroup", NULL },
    { "POST", "/ip_addr_groups/{id}/ip_addrs", "IpAddrGroupAddr", NULL },
    { "POST", "/ip_addr_groups/{id}/versions/{s}/ip_addrs", "IpAddrGroupAddr", NULL },
    { "POST", "/bridges/{id}/dhcp", "DhcpSubnet", NULL },
    { "PUT", "/bridges/{id}/dhcp/{s}", "DhcpSubnet", NULL },
    { "POST", "/bridges/{id}/dhcp/{s}/hosts", "DhcpHost", NULL },
    { "PUT", "/bridges/{id}/dhcp/{s}/hosts/{s}", "DhcpHost", NULL },
    { "POST", "/bridges/{id}/dhcpV6", "DhcpSubnet6", NULL },
    { "PUT", "/bridges/{id}/dhcpV6/{s}", "DhcpSubnet6", NULL },
    { "POST", "/bridges/{id}/dhcpV6/{s}/hostsV6", "DhcpV6Host", NULL },
    { "PUT", "/bridges/{id}/dhcpV6/{s}/hostsV6/{s}", "DhcpV6Host", NULL },
    { "POST", "/ports/{id}/bgps", "Bgp", NULL },
    { "POST", "/bgps/{id}/ad_routes", "AdRoute", NULL },
    { "POST", "/bridges/{id}/mac_table", "MacPort", NULL },
    { "POST", "/bridges/{id}/vlans/{s}/mac_table", "MacPort", NULL },
    { "POST", "/bridges/{id}/arp_table", "IP4MacPair", NULL },
    { "POST", "/vteps", "VTEP", NULL },
    { "POST", "/vteps/{s}/bindings", "VtepBinding", NULL },
    { "POST", "/traces", "TraceRequest", NULL },
    { "PUT", "/traces/{id}", "TraceRequest", NULL },
    { "POST", "/load_balancers", "LoadBalancer", NULL },
    { "PUT", "/load_balancers/{id}", "LoadBalancer", NULL },
    { "POST", "/pools", "Pool", NULL },
    { "PUT", "/pools/{id}", "Pool", NULL },
    { "POST", "/load_balancers/{id}/pools", "Pool", NULL },
    { "POST", "/pool_members", "PoolMember", NULL },
    { "PUT", "/pool_members/{id}", "PoolMember", NULL },
    { "POST", "/pools/{id}/pool_members", "PoolMember", NULL },
    { "POST", "/vips", "VIP", NULL },
    { "PUT", "/vips/{id}", "VIP", NULL },
    { "POST", "/pools/{id}/vips", "VIP", NULL },
    { "POST", "/health_monitors", "HealthMonitor", NULL },
    { "PUT", "/health_monitors/{id}", "HealthMonitor", NULL },
    { "PUT", "/system_state", "SystemState", NULL },
    { "PUT", "/write_version", "WriteVersion", NULL },
};

/*
 * The constants of each enum a body may carry, in declaration order (Jackson 1.9 takes a
 * constant's name, or its ordinal as a JSON integer). Route.type and fragmentPolicy are
 * @JsonError fields: their handlers give MidonetObjectMapper's messages instead.
 */
static const struct {
    const char *name, *values;
} enums[] = {
    { "RuleAction", "ACCEPT CONTINUE DROP JUMP REJECT RETURN" },
    { "NextHop", "Normal BlackHole Reject Local" },
    { "FragmentPolicy", "any nonheader header unfragmented" },
    { "TunnelZoneType", "gre vxlan vtep" },
    { "DeviceType", "BRIDGE PORT ROUTER" },
    { "PoolProtocol", "TCP" },
    { "PoolLBMethod", "ROUND_ROBIN" },
    { "LBStatus", "ACTIVE INACTIVE" },
    { "VipSessionPersistence", "SOURCE_IP" },
    { "HealthMonitorType", "TCP" },
    { "VtepConnectionState", "CONNECTED DISCONNECTED ERROR" },
    { "InterfaceType", "Physical Virtual Tunnel Unknown" },
    { "Endpoint", "DATAPATH PHYSICAL VM GRE CAPWAP LOCALHOST TUNTAP UNKNOWN" },
    { "DpPortType", "NetDev Internal Gre VXLan Gre64 Lisp" },
};

static const struct jfield *class_fields(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
        if (!strcmp(classes[i].name, name))
            return classes[i].fields;
    return NULL;
}

/* How a Java type reads. */
enum kind { K_INT, K_SHORT, K_BYTE, K_LONG, K_BOOL, K_STRING, K_UUID, K_ENUM, K_OBJECT };

struct jtype {
    enum kind kind;
    bool primitive;             /* null reads as 0 / false */
    bool list;                  /* List<T> or T[] */
    char obj[64];               /* K_OBJECT: the class; K_ENUM: the enum ("": a type id) */
};

static void parse_type(const char *java, struct jtype *t)
{
    static const struct {
        const char *name;
        enum kind kind;
        bool primitive;
    } scalars[] = {
        { "int", K_INT, true }, { "Integer", K_INT, false }, { "short", K_SHORT, true },
        { "Short", K_SHORT, false }, { "byte", K_BYTE, true }, { "Byte", K_BYTE, false },
        { "long", K_LONG, true }, { "Long", K_LONG, false }, { "boolean", K_BOOL, true },
        { "Boolean", K_BOOL, false }, { "String", K_STRING, false },
        { "InetAddress", K_STRING, false }, { "UUID", K_UUID, false },
    };
    char base[64];
    size_t n;

    memset(t, 0, sizeof(*t));
    snprintf(base, sizeof(base), "%s", java);
    if (starts_with(base, "List<")) {
        t->list = true;
        memmove(base, base + 5, strlen(base + 5) + 1);
        base[strcspn(base, ">")] = '\0';
    }
    n = strlen(base);
    if (n > 2 && !strcmp(base + n - 2, "[]")) {
        t->list = true;
        base[n - 2] = '\0';
    }
    if (strstr(base, "(enum)")) {
        t->kind = K_ENUM;
        base[strcspn(base, " ")] = '\0';
        snprintf(t->obj, sizeof(t->obj), "%s", base);
        return;
    }
    if (strstr(base, "(type id)")) {
        t->kind = K_ENUM;       /* the subtype's name, looked up as given (a number's text) */
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(scalars); i++) {
        if (!strcmp(base, scalars[i].name)) {
            t->kind = scalars[i].kind;
            t->primitive = scalars[i].primitive;
            return;
        }
    }
    t->kind = K_OBJECT;
    base[strcspn(base, "<")] = '\0';
    snprintf(t->obj, sizeof(t->obj), "%s", base);
}

/* Whether word is one of the space-separated words of list. */
static bool word_in(const char *word, const char *list)
{
    size_t n = strlen(word);

    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return true;
    return false;
}

/* What went wrong: 400 for a JsonMappingException, 500 for a JsonParseException. */
struct rd {
    unsigned status;
};

static void mapping_error(struct rd *d)
{
    if (!d->status)
        d->status = 400;
}

static void parse_error(struct rd *d)
{
    if (!d->status)
        d->status = 500;
}

/* Java's String.trim: drop characters <= ' ' at both ends. */
static char *java_trim(const char *s)
{
    size_t len = strlen(s), b = 0;

    while (b < len && (unsigned char)s[b] <= ' ')
        b++;
    while (len > b && (unsigned char)s[len - 1] <= ' ')
        len--;
    return xstrndup(s + b, len - b);
}

/* Long.parseLong / Integer.parseInt: an optional sign, then decimal digits only. */
static bool java_parse_long(const char *s, long long lo, long long hi, long long *out)
{
    const char *p = s;
    bool neg = false;
    unsigned long long n = 0, limit;

    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    if (!*p)
        return false;
    limit = neg ? (unsigned long long)(-(lo + 1)) + 1 : (unsigned long long)hi;
    for (; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return false;
        if (n > (limit - (unsigned long long)(*p - '0')) / 10)
            return false;
        n = n * 10 + (unsigned long long)(*p - '0');
    }
    *out = neg ? (n ? -(long long)(n - 1) - 1 : 0) : (long long)n;
    return true;
}

/* A number field. Returns the new value (integer or null), NULL on error. */
static json_t *read_number(struct rd *d, const json_t *x, const struct jtype *t)
{
    long long lo = t->kind == K_LONG ? LLONG_MIN : INT_MIN;
    long long hi = t->kind == K_LONG ? LLONG_MAX : INT_MAX;
    long long v;

    if (json_is_null(x))
        return t->primitive ? json_integer(0) : json_null();
    if (json_is_integer(x)) {
        v = json_integer_value(x);
        if (v < lo || v > hi) {
            parse_error(d);     /* "Numeric value (...) out of range of int" */
            return NULL;
        }
    } else if (json_is_real(x)) {
        double r = json_real_value(x);

        if (!(r >= (double)lo && r <= (double)hi)) {
            parse_error(d);
            return NULL;
        }
        v = (long long)r;
    } else if (json_is_string(x)) {
        char *s = java_trim(json_string_value(x));
        bool ok = true;

        if (!*s) {
            free(s);
            return t->primitive ? json_integer(0) : json_null();
        }
        ok = java_parse_long(s, lo, hi, &v);
        free(s);
        if (!ok) {
            mapping_error(d);   /* "not a valid int value" / "Overflow: ..." */
            return NULL;
        }
    } else {
        mapping_error(d);
        return NULL;
    }
    if ((t->kind == K_SHORT && (v < -32768 || v > 32767)) ||
        (t->kind == K_BYTE && (v < -128 || v > 127))) {
        /*
         * A literal: JsonParser.getShortValue()/getByteValue() throw a JsonParseException
         * (500); a string: "overflow, value can not be represented as 16-bit value" (400).
         */
        if (json_is_string(x))
            mapping_error(d);
        else
            parse_error(d);
        return NULL;
    }
    return json_integer(v);
}

static json_t *read_bool(struct rd *d, const json_t *x, const struct jtype *t)
{
    if (json_is_boolean(x))
        return json_boolean(json_is_true(x));
    if (json_is_null(x))
        return t->primitive ? json_false() : json_null();
    if (json_is_integer(x)) {
        if (json_integer_value(x) < INT_MIN || json_integer_value(x) > INT_MAX) {
            parse_error(d);
            return NULL;
        }
        return json_boolean(json_integer_value(x) != 0);
    }
    if (json_is_string(x)) {
        char *s = java_trim(json_string_value(x));
        /* "" is the empty value: false for boolean, null for Boolean. */
        json_t *b = !strcmp(s, "true") ? json_true()
                    : !strcmp(s, "false") ? json_false()
                    : !*s ? (t->primitive ? json_false() : json_null()) : NULL;

        free(s);
        if (b)
            return b;
    }
    mapping_error(d);
    return NULL;
}

/* StringDeserializer: a string, or any scalar's text. */
static json_t *read_string(struct rd *d, const json_t *x)
{
    if (json_is_string(x) || json_is_null(x))
        return json_deep_copy(x);
    if (json_is_number(x) || json_is_boolean(x)) {
        char *text = json_dumps(x, JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
        json_t *s = json_string(text ? text : "");

        free(text);
        return s;
    }
    mapping_error(d);
    return NULL;
}

/*
 * Long.decode("0x" + group): one or more hex digits (no sign), less than 2^63 as a
 * signed long must be.
 */
static bool java_decode_hex(const char *p, size_t len, unsigned long long *out)
{
    unsigned long long n = 0;

    if (!len)
        return false;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)p[i];

        if (!isxdigit(c) || n > (0x7fffffffffffffffULL >> 4))
            return false;
        n = n << 4 | (unsigned long long)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
        if (n > 0x7fffffffffffffffULL)
            return false;
    }
    *out = n;
    return true;
}

/*
 * UUID.fromString (Java 7/8): String.split("-") (trailing empty groups dropped) must give
 * five groups, each read by Long.decode and OR'ed into place unmasked, as Java does.
 */
static json_t *read_uuid(struct rd *d, const json_t *x)
{
    unsigned long long g[5] = { 0 }, msb, lsb;
    char *s, out[UUID_LEN + 1];
    size_t len, n = 0, start = 0;
    bool ok = true;

    if (json_is_null(x))
        return json_null();
    if (!json_is_string(x)) {
        mapping_error(d);
        return NULL;
    }
    s = java_trim(json_string_value(x));
    if (!*s) {
        free(s);
        return json_null();
    }
    len = strlen(s);
    while (len && s[len - 1] == '-')
        len--;
    for (size_t i = 0; ok && i <= len; i++) {
        if (i < len && s[i] != '-')
            continue;
        ok = n < 5 && java_decode_hex(s + start, i - start, &g[n]);
        n++;
        start = i + 1;
    }
    free(s);
    if (!ok || n != 5) {
        mapping_error(d);       /* "not a valid textual representation" */
        return NULL;
    }
    msb = ((g[0] << 16 | g[1]) << 16) | g[2];
    lsb = g[3] << 48 | g[4];
    snprintf(out, sizeof(out), "%08llx-%04llx-%04llx-%04llx-%012llx", msb >> 32,
             (msb >> 16) & 0xffff, msb & 0xffff, lsb >> 48, lsb & 0xffffffffffffULL);
    return json_string(out);
}

/*
 * EnumDeserializer: a constant's name (exactly), or a JSON integer as its ordinal; else
 * 400. A type id (no constants listed) goes to the subtype lookup as given.
 */
static json_t *read_enum(struct rd *d, const json_t *x, const struct jtype *t)
{
    const char *values = NULL;
    char word[64];

    for (size_t i = 0; i < ARRAY_SIZE(enums) && t->obj[0]; i++)
        if (!strcmp(enums[i].name, t->obj))
            values = enums[i].values;
    if (!values || json_is_null(x))
        return json_deep_copy(x);
    if (json_is_string(x) && strlen(json_string_value(x)) < sizeof(word) &&
        !strchr(json_string_value(x), ' ') && *json_string_value(x) &&
        word_in(json_string_value(x), values))
        return json_deep_copy(x);
    if (json_is_integer(x) && json_integer_value(x) >= 0) {
        long long n = json_integer_value(x);
        const char *p = values;

        for (; n > 0 && (p = strchr(p, ' ')); n--)
            p++;
        if (p) {
            snprintf(word, sizeof(word), "%.*s", (int)strcspn(p, " "), p);
            return json_string(word);
        }
    }
    mapping_error(d);
    return NULL;
}

static json_t *read_object(struct rd *d, struct req *r, const json_t *in, const char *class);

static json_t *read_one(struct rd *d, struct req *r, const json_t *x, const struct jtype *t)
{
    switch (t->kind) {
    case K_INT:
    case K_SHORT:
    case K_BYTE:
    case K_LONG:
        return read_number(d, x, t);
    case K_BOOL:
        return read_bool(d, x, t);
    case K_STRING:
        return read_string(d, x);
    case K_UUID:
        return read_uuid(d, x);
    case K_ENUM:
        return read_enum(d, x, t);
    case K_OBJECT:
        if (json_is_null(x))
            return json_null();
        if (!json_is_object(x)) {
            mapping_error(d);
            return NULL;
        }
        return read_object(d, r, x, t->obj);
    }
    return NULL;
}

static json_t *read_value(struct rd *d, struct req *r, const json_t *x, const char *java)
{
    struct jtype t;
    json_t *out, *one;
    size_t i;
    const json_t *e;

    parse_type(java, &t);
    if (!t.list)
        return read_one(d, r, x, &t);
    if (json_is_null(x))
        return json_null();
    if (!json_is_array(x)) {
        mapping_error(d);       /* no ACCEPT_SINGLE_VALUE_AS_ARRAY */
        return NULL;
    }
    t.primitive = false;
    out = json_array();
    json_array_foreach(x, i, e) {
        one = read_one(d, r, e, &t);
        if (!one) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, one);
    }
    return out;
}

static json_t *read_object(struct rd *d, struct req *r, const json_t *in, const char *class)
{
    const struct jfield *f = class_fields(class);
    const char *type = val_get_str(in, "type");
    json_t *out;

    for (const struct jfield *g = f; type && g && g->json; g++) {
        if (g->only && word_in(type, g->only) && strstr(g->ann, NO_CTOR)) {
            mapping_error(d);
            return NULL;
        }
    }
    out = json_object();
    for (; f && f->json; f++) {
        const json_t *x = json_object_get(in, f->json);
        json_t *v;

        if (!x || (f->since && r->in_ver < f->since))
            continue;
        if (f->only && (!type || !word_in(type, f->only)))
            continue;
        /* MidonetObjectMapper answers a bad @JsonError field itself: the handler does. */
        v = strstr(f->ann, "@JsonError") ? json_deep_copy(x) : read_value(d, r, x, f->java);
        if (!v) {
            json_decref(out);
            return NULL;
        }
        json_object_set_new(out, f->json, v);
    }
    return out;
}

static const char *route_class(const char *method, const char *pattern, const char **types)
{
    for (size_t i = 0; i < ARRAY_SIZE(route_classes); i++) {
        if (!strcmp(route_classes[i].method, method) &&
            !strcmp(route_classes[i].pattern, pattern)) {
            if (types)
                *types = route_classes[i].types;
            return route_classes[i].class;
        }
    }
    return NULL;
}

/* Whether type is a subtype id of the class (a word of one of its rows' "only"). */
static bool class_has_type(const char *class, const char *type)
{
    for (const struct jfield *f = class_fields(class); f && f->json; f++)
        if (f->only && word_in(type, f->only))
            return true;
    return false;
}

int body_read(struct req *r, const char *method, const char *pattern)
{
    struct rd d = { 0 };
    const char *types = NULL, *class = route_class(method, pattern, &types), *type;
    json_t *out;

    if (!class || !r->in)
        return 0;
    type = val_get_str(r->in, "type");
    if (types && type && class_has_type(class, type) && !word_in(type, types)) {
        req_error(r, 500, MSG_INTERNAL);
        return -1;
    }
    out = read_object(&d, r, r->in, class);
    if (!out) {
        if (d.status == 500)
            req_error(r, 500, "An internal server error has occurred, please try again.");
        else
            req_error(r, 400, MSG_NOT_DESERIALIZABLE);
        return -1;
    }
    json_object_clear(r->in);
    json_object_update(r->in, out);
    json_decref(out);
    return 0;
}

void body_print_table(FILE *out, bool markdown)
{
    if (markdown)
        fputs("| class | field | Java type | validation | default | since | only for type |\n"
              "|---|---|---|---|---|---|---|\n", out);
    else
        fputs("class\tfield\tjava\tvalidation\tdefault\tsince\tonly\texample\n", out);
    for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
        for (const struct jfield *f = classes[i].fields; f->json; f++) {
            if (markdown)
                fprintf(out, "| %s | `%s` | `%s` | %s | %s | %s | %s |\n", classes[i].name,
                        f->json, f->java, f->ann, f->dflt,
                        f->since ? (f->since == 2 ? "v2" : "v3") : "",
                        f->only ? f->only : "");
            else
                fprintf(out, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", classes[i].name, f->json,
                        f->java, f->ann, f->dflt, f->since, f->only ? f->only : "",
                        f->example ? f->example : "");
        }
    }
}

void body_print_routes(FILE *out)
{
    size_t n;
    const struct route *const *tables = server_route_tables(&n);

    for (size_t t = 0; t < n; t++) {
        for (const struct route *rt = tables[t]; rt->method; rt++) {
            const char *class = route_class(rt->method, rt->pattern, NULL);

            if (!strcmp(rt->method, "POST") || !strcmp(rt->method, "PUT"))
                fprintf(out, "%s\t%s\t%s\n", rt->method, rt->pattern, class ? class : "-");
        }
    }
}
