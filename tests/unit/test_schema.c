#include <stdlib.h>
#include <string.h>

#include "parser/schema.h"
#include "tests/unit/unit.h"

/* Attributes of kinds no type of this issue has yet (rules will). */
static const struct attr range_attr = { .name = "dst-port", .key = "tpDst", .kind = K_RANGE,
                                        .flags = A_INVERT, .inv_key = "invTpDst", .help = "h" };
static const struct attr ref_list_attr = { .name = "in-ports", .key = "inPorts", .kind = K_REF_LIST,
                                           .ref = T_PORT, .help = "h" };
static const struct attr str_list_attr = { .name = "dns-servers", .key = "dnsServerAddrs",
                                           .kind = K_STR_LIST, .help = "h" };
static const struct attr inet_list_attr = { .name = "addresses", .key = "addresses",
                                            .kind = K_INET_LIST, .help = "h" };
static const struct attr inverted_cidr = { .name = "src", .key = "nwSrcAddress",
                                           .key2 = "nwSrcLength", .inv_key = "invNwSrc",
                                           .kind = K_CIDR, .flags = A_INVERT, .help = "h" };

static const struct attr *attr_of(enum type_id t, const char *name)
{
    return schema_attr(schema_type(t), name);
}

static char *dump(const json_t *obj)
{
    return json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
}

/*
 * text -> JSON -> text: the JSON is want_json (compact, sorted keys) and it formats back
 * as want_text.
 */
static void check_value(const struct attr *a, const char *text, bool invert, const char *want_json,
                        const char *want_text, const char *file, int line)
{
    json_t *obj = json_object();
    struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
    char *got = NULL;

    unit_check(schema_check_value(a, text, &err) == 0, file, line, "check '%s' for %s: %s", text,
               a->name, err.buf);
    if (!unit_check(schema_to_json(a, text, invert, obj, &err) == 0, file, line,
                    "schema_to_json('%s') for %s: %s", text, a->name, err.buf))
        goto out;
    got = dump(obj);
    unit_check_str(got, want_json, text, file, line);
    unit_check(schema_format_value(a, obj, &out), file, line, "%s: formats as absent", text);
    unit_check_str(out.buf, want_text, text, file, line);
out:
    free(got);
    json_decref(obj);
    strbuf_release(&err);
    strbuf_release(&out);
}

/* text is refused with exactly want_err, by the check and by the conversion. */
static void check_bad(const struct attr *a, const char *text, const char *want_err,
                      const char *file, int line)
{
    json_t *obj = json_object();
    struct strbuf err = STRBUF_INIT;

    unit_check(schema_check_value(a, text, &err) < 0, file, line, "'%s' accepted for %s", text,
               a->name);
    unit_check_str(err.buf, want_err, text, file, line);
    strbuf_reset(&err);
    unit_check(schema_to_json(a, text, false, obj, &err) < 0, file, line, "'%s' converted for %s",
               text, a->name);
    unit_check(json_object_size(obj) == 0, file, line, "'%s': the object was changed", text);
    json_decref(obj);
    strbuf_release(&err);
}

#define VALUE(a, text, json, back) \
    check_value((a), (text), false, (json), (back), __FILE__, __LINE__)
#define BAD(a, text, msg) check_bad((a), (text), (msg), __FILE__, __LINE__)

/* Format obj_text's value of a. NULL when absent. The caller's string. */
static char *format(const struct attr *a, const char *obj_text)
{
    json_t *obj = json_loads(obj_text, 0, NULL);
    struct strbuf out = STRBUF_INIT;
    char *ret = NULL;

    strbuf_addstr(&out, "kept:");
    if (obj && schema_format_value(a, obj, &out))
        ret = xstrdup(out.buf + 5);
    else if (strcmp(out.buf, "kept:"))
        ret = xstrdup("(appended although absent)");
    strbuf_release(&out);
    json_decref(obj);
    return ret;
}

static void check_format(const struct attr *a, const char *obj_text, const char *want,
                         const char *file, int line)
{
    char *got = format(a, obj_text);

    unit_check_str(got, want, obj_text, file, line);
    free(got);
}

#define FORMAT(a, obj, want) check_format((a), (obj), (want), __FILE__, __LINE__)

static void test_table(void)
{
    for (enum type_id id = 0; id < T_COUNT; id++) {
        const struct type *t = schema_type(id);

        if (!CHECK_MSG(t && t->id == id && t->name && t->plural && t->help && t->media &&
                           t->attrs && t->children,
                       "type %d is incomplete", id))
            continue;
        CHECK_MSG(!(t->flags & (TF_ROOT | TF_SINGLETON)) || t->root_key, "%s: no root key",
                  t->name);
        CHECK_MSG(!t->key_attr || schema_attr(t, t->key_attr), "%s: no key attribute %s", t->name,
                  t->key_attr ? t->key_attr : "");
        CHECK_MSG(!t->id_key || (attr_of(id, "id") && (attr_of(id, "id")->flags & A_RO)),
                  "%s: no read-only id attribute", t->name);
        if (t->create_defaults) {
            json_t *d = json_loads(t->create_defaults, 0, NULL);

            CHECK_MSG(json_is_object(d), "%s: create_defaults is not a JSON object", t->name);
            json_decref(d);
        }
        for (const struct variant *v = t->variants; v && v->json; v++)
            CHECK_MSG(v->type < T_COUNT, "%s: bad variant %s", t->name, v->json);
        for (const struct child *c = t->children; c->uri_key; c++)
            CHECK_MSG(c->type < T_COUNT, "%s: bad child", t->name);
        if (!(t->flags & (TF_ROOT | TF_SINGLETON))) {
            const struct type *p[T_COUNT];

            CHECK_MSG(schema_parents(id, p, ARRAY_SIZE(p)) > 0, "%s: unreachable", t->plural);
        }
        for (const struct attr *a = t->attrs; a->name; a++) {
            CHECK_MSG(a->key && a->help, "%s %s: no key or help", t->name, a->name);
            /* A name twice only for two dialects (a port's vni: 1.9's VXLAN, 5.x's router). */
            CHECK_MSG(schema_attr(t, a->name) == a ||
                      !(schema_attr_dialects(schema_attr(t, a->name)) & schema_attr_dialects(a)),
                      "%s: attribute %s twice", t->name, a->name);
            CHECK_MSG(a->kind != K_CIDR || a->key2, "%s %s: no key2", t->name, a->name);
            CHECK_MSG(a->kind != K_ENUM || a->values, "%s %s: no values", t->name, a->name);
            CHECK_MSG((a->kind != K_REF && a->kind != K_REF_LIST) || a->ref < T_COUNT,
                      "%s %s: bad ref", t->name, a->name);
            CHECK_MSG(!(a->flags & A_INVERT) || a->inv_key, "%s %s: no inv_key", t->name, a->name);
            CHECK_MSG(!a->link_key || a->link_body, "%s %s: no link_body", t->name, a->name);
            CHECK_MSG(!(a->flags & A_REQUIRED) || !(a->flags & A_RO),
                      "%s %s: required and read-only", t->name, a->name);
        }
    }
}

static void test_issue_types(void)
{
    const struct type *t;

    t = schema_type(T_BRIDGE);
    CHECK_STR(t->root_key, "bridges");
    CHECK_STR(t->template_key, "bridgeTemplate");
    CHECK(t->flags & TF_TENANT);
    CHECK_STR(schema_child(t, T_BRIDGE_PORT)->uri_key, "ports");
    CHECK_STR(attr_of(T_BRIDGE, "infilter")->key, "inboundFilterId");
    CHECK_INT(attr_of(T_BRIDGE, "outfilter")->ref, T_CHAIN);
    CHECK(attr_of(T_BRIDGE, "tenant")->flags & A_HIDDEN);

    t = schema_type(T_ROUTER);
    CHECK_STR(schema_child(t, T_ROUTER_PORT)->uri_key, "ports");
    CHECK_STR(schema_child(t, T_ROUTE)->uri_key, "routes");
    CHECK_STR(t->media, "Router-v2");

    CHECK_STR(schema_type(T_ROUTER_PORT)->key_attr, "address");
    CHECK_INT(attr_of(T_ROUTER_PORT, "net")->flags & (A_REQUIRED | A_CREATE_ONLY),
              A_REQUIRED | A_CREATE_ONLY);
    CHECK_STR(attr_of(T_ROUTER_PORT, "peer")->link_key, "link");
    CHECK_STR(attr_of(T_BRIDGE_PORT, "peer")->link_body, "peerId");
    CHECK_STR(schema_type(T_BRIDGE_PORT)->create_defaults, "{\"type\":\"Bridge\"}");
    CHECK_STR(schema_type(T_ROUTER_PORT)->create_defaults, "{\"type\":\"Router\"}");

    CHECK(schema_type(T_ROUTE)->flags & TF_NOSET);
    CHECK(attr_of(T_ROUTE, "port")->flags & A_PARENT_SCOPE);
    CHECK_INT(attr_of(T_ROUTE, "port")->ref, T_ROUTER_PORT);
    /* midonet-cli sends learned when a line gives it; no weight unless given. */
    CHECK(!(attr_of(T_ROUTE, "learned")->flags & A_RO));
    CHECK(!strstr(schema_type(T_ROUTE)->create_defaults, "weight"));
    CHECK(!strstr(schema_type(T_POOL)->create_defaults, "protocol"));

    t = schema_type(T_HOST);
    CHECK(t->flags & TF_NOCREATE);
    CHECK_STR(schema_child(t, T_INTERFACE)->uri_key, "interfaces");
    CHECK_STR(schema_child(t, T_BINDING)->uri_key, "ports");
    CHECK(!(attr_of(T_HOST, "flooding-proxy-weight")->flags & A_RO));

    CHECK_STR(schema_child(schema_type(T_TUNNEL_ZONE), T_TZ_MEMBER)->uri_key, "hosts");
    CHECK(!schema_type(T_TZ_MEMBER)->id_key);
    CHECK_STR(schema_type(T_TZ_MEMBER)->key_attr, "host");
    CHECK(!schema_type(T_BINDING)->id_key);
    CHECK(schema_type(T_SYSTEM_STATE)->flags & TF_SINGLETON);
    CHECK(schema_type(T_WRITE_VERSION)->flags & TF_SINGLETON);
    CHECK_STR(schema_type(T_HOST_VERSION)->name, "host-versions");
    CHECK(schema_type(T_CHAIN)->flags & TF_NOSET);
    CHECK_STR(schema_type(T_CHAIN)->root_key, "chains");
}

/* The types of issue 4: rules, groups, DHCP, BGP, tables, L4LB and VTEPs. */
static void test_whole_topology_types(void)
{
    const struct type *t;

    CHECK_STR(schema_child(schema_type(T_CHAIN), T_RULE)->uri_key, "rules");
    CHECK_STR(schema_type(T_RULE)->media, "Rule-v2");
    CHECK(schema_type(T_RULE)->flags & TF_NOSET);
    CHECK(attr_of(T_RULE, "type")->flags & A_REQUIRED);
    CHECK_STR(attr_of(T_RULE, "action")->key, "flowAction");
    CHECK_STR(attr_of(T_RULE, "jump-to")->key, "jumpChainId");
    CHECK_INT(attr_of(T_RULE, "jump-to")->ref, T_CHAIN);
    CHECK_STR(attr_of(T_RULE, "pos")->key, "position");
    CHECK_STR(attr_of(T_RULE, "src")->inv_key, "invNwSrc");
    CHECK_STR(attr_of(T_RULE, "in-ports")->inv_key, "invInPorts");
    CHECK_INT(attr_of(T_RULE, "port-group")->ref, T_PORT_GROUP);
    CHECK_INT(attr_of(T_RULE, "ip-address-group-dst")->ref, T_IP_GROUP);
    CHECK(attr_of(T_RULE, "chain")->flags & A_HIDDEN);
    /* Conditions print before what the rule does, as midonet-cli printed them. */
    CHECK(attr_of(T_RULE, "fragment-policy") < attr_of(T_RULE, "pos"));
    CHECK(attr_of(T_RULE, "pos") < attr_of(T_RULE, "type"));

    t = schema_type(T_PORT_GROUP);
    CHECK(t->flags & TF_ROOT && t->flags & TF_TENANT);
    CHECK_STR(t->root_key, "portGroups");
    CHECK_STR(schema_child(t, T_PG_MEMBER)->uri_key, "ports");
    CHECK_STR(schema_type(T_PG_MEMBER)->key_attr, "port");
    CHECK_STR(schema_type(T_IP_GROUP)->root_key, "ipAddrGroups");
    CHECK_STR(schema_child(schema_type(T_IP_GROUP), T_IP_GROUP_ADDR)->uri_key, "addrs");
    {
        const struct attr *a = schema_attr(schema_type(T_IP_GROUP_ADDR), "address");
        struct strbuf err = STRBUF_INIT;
        json_t *o = json_object();

        /* The version the API wants beside the address follows from the address. */
        CHECK(a->kind == K_IP);
        CHECK_STR(a->key2, "version");
        CHECK(schema_to_json(a, "fe80::1", false, o, &err) == 0);
        CHECK_INT(json_integer_value(json_object_get(o, "version")), 6);
        CHECK(schema_to_json(a, "10.0.0.1", false, o, &err) == 0);
        CHECK_INT(json_integer_value(json_object_get(o, "version")), 4);
        CHECK(schema_check_value(a, "10.0.1", &err) < 0);
        CHECK(schema_check_value(a, "fe80::1::2", &err) < 0);
        json_decref(o);
        strbuf_release(&err);
    }

    t = schema_type(T_BRIDGE);
    CHECK_STR(schema_child(t, T_DHCP_SUBNET)->uri_key, "dhcpSubnets");
    CHECK_STR(schema_child(t, T_MAC_ENTRY)->uri_key, "macTable");
    CHECK_STR(schema_child(t, T_ARP_ENTRY)->uri_key, "arpTable");
    CHECK_STR(schema_type(T_DHCP_SUBNET)->key_attr, "subnet");
    CHECK_STR(schema_type(T_DHCP_HOST)->key_attr, "mac");
    CHECK_STR(schema_child(schema_type(T_DHCP_SUBNET), T_DHCP_HOST)->uri_key, "hosts");
    CHECK(attr_of(T_MAC_ENTRY, "port")->flags & A_PARENT_SCOPE);

    CHECK_STR(schema_child(schema_type(T_ROUTER_PORT), T_BGP)->uri_key, "bgps");
    CHECK(!schema_child(schema_type(T_BRIDGE_PORT), T_BGP));
    CHECK_STR(schema_child(schema_type(T_BGP), T_AD_ROUTE)->uri_key, "adRoutes");
    CHECK_STR(schema_type(T_AD_ROUTE)->name, "route");
    CHECK_STR(attr_of(T_BGP, "local-AS")->key, "localAS");

    CHECK_STR(attr_of(T_ROUTER, "load-balancer")->key, "loadBalancerId");
    CHECK_STR(schema_child(schema_type(T_LOAD_BALANCER), T_POOL)->uri_key, "pools");
    CHECK_STR(schema_child(schema_type(T_POOL), T_POOL_MEMBER)->uri_key, "poolMembers");
    CHECK_STR(schema_child(schema_type(T_POOL), T_VIP)->uri_key, "vips");
    CHECK(attr_of(T_LOAD_BALANCER, "router")->flags & A_RO);
    CHECK(attr_of(T_POOL, "health-monitor")->flags & A_CLEAR);

    t = schema_type(T_VTEP);
    CHECK(!t->id_key);
    CHECK_STR(t->key_attr, "management-ip");
    CHECK_STR(schema_child(t, T_VTEP_BINDING)->uri_key, "bindings");
    CHECK_INT(attr_of(T_VTEP_BINDING, "network-id")->ref, T_BRIDGE);

    /* Same-named types: the root one comes first, so help and describe find it. */
    CHECK(schema_find_type("host", NULL) == schema_type(T_HOST));
    CHECK(schema_find_type("member", NULL) == schema_type(T_TZ_MEMBER));
    CHECK(schema_find_type("route", NULL) == schema_type(T_ROUTE));
    CHECK(schema_find_type("binding", NULL) == schema_type(T_BINDING));
    CHECK(schema_find_child(schema_type(T_DHCP_SUBNET), "host", NULL)->type == T_DHCP_HOST);
    CHECK(schema_find_child(schema_type(T_POOL), "member", NULL)->type == T_POOL_MEMBER);
}

static void test_nat_targets(void)
{
    const struct attr *target = attr_of(T_RULE, "target");

    VALUE(target, "10.0.1.5",
          "{\"natTargets\":[{\"addressFrom\":\"10.0.1.5\",\"addressTo\":\"10.0.1.5\","
          "\"portFrom\":0,"
          "\"portTo\":0}]}",
          "10.0.1.5");
    VALUE(target, "10.0.1.5-10.0.1.9:1024-65535",
          "{\"natTargets\":[{\"addressFrom\":\"10.0.1.5\",\"addressTo\":\"10.0.1.9\","
          "\"portFrom\":1024,\"portTo\":65535}]}",
          "10.0.1.5-10.0.1.9:1024-65535");
    VALUE(target, "10.0.1.5:80,10.0.1.6:8080-8081",
          "{\"natTargets\":[{\"addressFrom\":\"10.0.1.5\",\"addressTo\":\"10.0.1.5\","
          "\"portFrom\":80,"
          "\"portTo\":80},{\"addressFrom\":\"10.0.1.6\",\"addressTo\":\"10.0.1.6\","
          "\"portFrom\":8080,"
          "\"portTo\":8081}]}",
          "10.0.1.5:80,10.0.1.6:8080-8081");
    BAD(target, "", "invalid NAT target '' (ip[-ip][:port[-port]],...)");
    BAD(target, "10.0.1", "invalid NAT target '10.0.1' (ip[-ip][:port[-port]],...)");
    BAD(target, "10.0.1.5:", "invalid NAT target '10.0.1.5:' (ip[-ip][:port[-port]],...)");
    BAD(target, "10.0.1.5:90-80",
        "invalid NAT target '10.0.1.5:90-80' (ip[-ip][:port[-port]],...)");
    BAD(target, "10.0.1.5-", "invalid NAT target '10.0.1.5-' (ip[-ip][:port[-port]],...)");
    BAD(target, "10.0.1.5,,10.0.1.6",
        "invalid NAT target '10.0.1.5,,10.0.1.6' (ip[-ip][:port[-port]],...)");
    BAD(target, "10.0.1.5:1:2", "invalid NAT target '10.0.1.5:1:2' (ip[-ip][:port[-port]],...)");
    /* What the API may send: a port range from 0, an empty list. */
    FORMAT(target,
           "{\"natTargets\":[{\"addressFrom\":\"1.1.1.1\",\"addressTo\":\"1.1.1.1\",\"portFrom\":0,"
           "\"portTo\":80}]}",
           "1.1.1.1:0-80");
    FORMAT(target, "{\"natTargets\":[]}", NULL);
    FORMAT(target, "{\"natTargets\":null}", NULL);
}

static void test_opt121_and_flags(void)
{
    const struct attr *routes = attr_of(T_DHCP_SUBNET, "opt121-routes");
    const struct attr *flow = attr_of(T_RULE, "flow");
    json_t *obj = json_object();
    char *got;

    VALUE(routes, "169.254.169.254:10.0.0.2,0.0.0.0/0:10.0.0.1",
          "{\"opt121Routes\":[{\"destinationLength\":32,\"destinationPrefix\":\"169.254.169.254\","
          "\"gatewayAddr\":\"10.0.0.2\"},{\"destinationLength\":0,"
          "\"destinationPrefix\":\"0.0.0.0\","
          "\"gatewayAddr\":\"10.0.0.1\"}]}",
          "169.254.169.254/32:10.0.0.2,0.0.0.0/0:10.0.0.1");
    BAD(routes, "10.0.0.0/8", "invalid routes '10.0.0.0/8' (a.b.c.d/n:gateway,...)");
    BAD(routes, "10.0.0.0/33:10.0.0.1",
        "invalid routes '10.0.0.0/33:10.0.0.1' (a.b.c.d/n:gateway,...)");
    BAD(routes, "10.0.0.0/8:gw", "invalid routes '10.0.0.0/8:gw' (a.b.c.d/n:gateway,...)");

    VALUE(flow, "fwd-flow", "{\"matchForwardFlow\":true,\"matchReturnFlow\":false}", "fwd-flow");
    VALUE(flow, "ret", "{\"matchForwardFlow\":false,\"matchReturnFlow\":true}", "return-flow");
    BAD(flow, "both", "invalid value 'both' for 'flow': fwd-flow, return-flow");
    FORMAT(flow, "{\"matchForwardFlow\":false,\"matchReturnFlow\":false}", NULL);
    FORMAT(flow, "{}", NULL);
    CHECK(schema_value_keywords(flow) == flow->values);
    json_object_set_new(obj, "matchReturnFlow", json_true());
    schema_clear_json(flow, obj);
    got = dump(obj);
    CHECK_STR(got, "{\"matchForwardFlow\":false,\"matchReturnFlow\":false}");
    free(got);
    json_decref(obj);
}

/* Every network-valued attribute prints its prefix length, /32 included. */
static void test_every_cidr_prints_its_length(void)
{
    size_t seen = 0;

    for (enum type_id id = 0; id < T_COUNT; id++) {
        for (const struct attr *a = schema_type(id)->attrs; a->name; a++) {
            json_t *top = json_object(), *obj = top;
            struct strbuf out = STRBUF_INIT;

            if (a->kind != K_CIDR && a->kind != K_OPT121) {
                json_decref(top);
                continue;
            }
            seen++;
            if (a->sub) {
                obj = json_object();
                json_object_set_new(top, a->sub, obj);
            }
            if (a->kind == K_CIDR) {
                json_object_set_new(obj, a->key, json_string("172.19.0.2"));
                json_object_set_new(obj, a->key2, json_integer(32));
            } else {
                json_object_set_new(obj, a->key,
                                    json_pack("[{sssIss}]", "destinationPrefix", "172.19.0.2",
                                              "destinationLength", (json_int_t)32, "gatewayAddr",
                                              "10.0.0.1"));
            }
            CHECK_MSG(schema_format_value(a, top, &out), "%s %s: absent", schema_type(id)->name,
                      a->name);
            CHECK_MSG(starts_with(out.buf, "172.19.0.2/32"), "%s %s prints '%s'",
                      schema_type(id)->name, a->name, out.buf);
            strbuf_release(&out);
            json_decref(top);
        }
    }
    CHECK_INT(seen, 20);    /* with 5.x's bgp-network net, icmp-data-src and -dst (rules,
                             * trace requests and mirror matches) */
}

/* Protocol and ethertype names beside numbers; pos last; the forms values print in. */
static void test_named_numbers(void)
{
    const struct attr *proto = attr_of(T_RULE, "proto"), *eth = attr_of(T_RULE, "ethertype");
    const struct attr *pos = attr_of(T_RULE, "pos");
    const struct attr *tproto = attr_of(T_TRACE, "proto");
    json_t *obj = json_object();
    struct strbuf err = STRBUF_INIT;
    char *owned;

    VALUE(proto, "tcp", "{\"invNwProto\":false,\"nwProto\":6}", "tcp");
    VALUE(proto, "udp", "{\"invNwProto\":false,\"nwProto\":17}", "udp");
    VALUE(proto, "icmp", "{\"invNwProto\":false,\"nwProto\":1}", "icmp");
    VALUE(proto, "icmpv6", "{\"invNwProto\":false,\"nwProto\":58}", "icmpv6");
    VALUE(proto, "6", "{\"invNwProto\":false,\"nwProto\":6}", "tcp");
    VALUE(proto, "132", "{\"invNwProto\":false,\"nwProto\":132}", "132");
    VALUE(proto, "0", "{\"invNwProto\":false,\"nwProto\":0}", "0");
    BAD(proto, "sctp",
        "invalid value 'sctp' for 'proto': icmp, tcp, udp, icmpv6, or a number 0-255");
    BAD(proto, "256", "'proto' must be between 0 and 255, not 256");
    VALUE(eth, "ipv4", "{\"dlType\":2048,\"invDlType\":false}", "ipv4");
    VALUE(eth, "arp", "{\"dlType\":2054,\"invDlType\":false}", "arp");
    VALUE(eth, "ipv6", "{\"dlType\":34525,\"invDlType\":false}", "ipv6");
    VALUE(eth, "2048", "{\"dlType\":2048,\"invDlType\":false}", "ipv4");
    VALUE(eth, "35020", "{\"dlType\":35020,\"invDlType\":false}", "35020");
    BAD(eth, "ip", "ambiguous value 'ip' for 'ethertype': ipv4, arp, ipv6, or a number 0-65535");
    /* A trace request's conditions are the same. */
    CHECK(tproto->values == proto->values);

    /* pos takes "last", which only the executor can turn into a number. */
    CHECK(pos->flags & A_LAST);
    CHECK(schema_check_value(pos, "last", &err) == 0);
    CHECK(schema_to_json(pos, "last", false, obj, &err) < 0);
    CHECK_STR(err.buf, "'pos last' must be worked out before it is sent");
    CHECK(json_object_size(obj) == 0);
    VALUE(pos, "3", "{\"position\":3}", "3");
    BAD(pos, "0", "'pos' must be between 1 and 2147483647, not 0");

    /* The forms values print in, which list filters compare with. */
    CHECK_STR(schema_canonical_value(proto, "6", &owned), "tcp");
    CHECK(!owned);
    CHECK_STR(schema_canonical_value(proto, "t", &owned), "tcp");
    CHECK_STR(schema_canonical_value(proto, "99", &owned), "99");
    CHECK_STR(schema_canonical_value(attr_of(T_ROUTE, "dst"), "10.0.0.1", &owned), "10.0.0.1/32");
    CHECK(owned != NULL);
    free(owned);
    CHECK_STR(schema_canonical_value(attr_of(T_ROUTE, "dst"), "10.0.0.0/8", &owned), "10.0.0.0/8");
    CHECK_STR(schema_canonical_value(attr_of(T_BRIDGE, "state"), "d", &owned), "down");
    json_decref(obj);
    strbuf_release(&err);
}

/* A router port's address lies in its net. */
static void test_address_within_net(void)
{
    const struct attr *addr = attr_of(T_ROUTER_PORT, "address"),
                      *net = attr_of(T_ROUTER_PORT, "net");
    static const struct { const char *addr, *net; bool in; } rows[] = {
        { "10.0.3.1", "10.0.3.0/24", true },
        { "10.0.3.255", "10.0.3.0/24", true },
        { "10.0.4.1", "10.0.3.0/24", false },
        { "10.0.3.1", "10.0.3.1/32", true },
        { "10.0.3.2", "10.0.3.1/32", false },
        { "192.168.7.7", "0.0.0.0/0", true },
        { "10.128.0.1", "10.0.0.0/9", false },
        { "10.127.255.254", "10.0.0.0/9", true },
    };

    CHECK_STR(addr->within, "net");
    for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
        struct strbuf err = STRBUF_INIT;
        int ret = schema_check_within(addr, rows[i].addr, net, rows[i].net, &err);

        CHECK_MSG((ret == 0) == rows[i].in, "%s in %s: %d %s", rows[i].addr, rows[i].net, ret,
                  err.buf);
        if (!rows[i].in)
            CHECK_MSG(strstr(err.buf, "is not in 'net'"), "%s", err.buf);
        strbuf_release(&err);
    }
}

static void test_rule_conditions(void)
{
    json_t *obj = json_object();
    struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
    char *got;

    CHECK(schema_to_json(attr_of(T_RULE, "dst-port"), "1024-65535", true, obj, &err) == 0);
    CHECK(schema_to_json(attr_of(T_RULE, "port-group"), "pg-id", true, obj, &err) == 0);
    CHECK(schema_to_json(attr_of(T_RULE, "proto"), "6", false, obj, &err) == 0);
    got = dump(obj);
    CHECK_STR(got, "{\"invNwProto\":false,\"invPortGroup\":true,\"invTpDst\":true,\"nwProto\":6,"
                   "\"portGroup\":\"pg-id\",\"tpDst\":{\"end\":65535,\"start\":1024}}");
    free(got);
    CHECK(schema_format_value(attr_of(T_RULE, "port-group"), obj, &out));
    CHECK_STR(out.buf, "!pg-id");
    strbuf_reset(&out);
    CHECK(schema_format_value(attr_of(T_RULE, "dst-port"), obj, &out));
    CHECK_STR(out.buf, "!1024-65535");
    json_decref(obj);
    strbuf_release(&err);
    strbuf_release(&out);
}

/* A trace request's conditions live in its "condition" object; its device is tagged. */
static void test_sub_and_tagged(void)
{
    const struct attr *src = attr_of(T_TRACE, "src");
    const struct attr *router = attr_of(T_TRACE, "router");
    const struct attr *bridge = attr_of(T_TRACE, "bridge");
    json_t *obj = json_object();
    struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
    char *got;

    CHECK(schema_to_json(src, "10.0.0.0/8", true, obj, &err) == 0);
    CHECK(schema_to_json(router, "r-id", false, obj, &err) == 0);
    got = dump(obj);
    CHECK_STR(got,
              "{\"condition\":{\"invNwSrc\":true,\"nwSrcAddress\":\"10.0.0.0\",\"nwSrcLength\":8},"
              "\"deviceId\":\"r-id\",\"deviceType\":\"ROUTER\"}");
    free(got);
    CHECK(schema_format_value(src, obj, &out));
    CHECK_STR(out.buf, "!10.0.0.0/8");
    strbuf_reset(&out);
    CHECK(schema_format_value(router, obj, &out));
    CHECK_STR(out.buf, "r-id");
    strbuf_reset(&out);
    CHECK(!schema_format_value(bridge, obj, &out));
    CHECK_INT(out.len, 0);
    CHECK(!schema_format_value(attr_of(T_RULE, "src"), obj, &out));
    schema_clear_json(src, obj);
    got = dump(obj);
    CHECK_STR(got, "{\"condition\":{\"invNwSrc\":false,\"nwSrcAddress\":null,\"nwSrcLength\":null},"
                   "\"deviceId\":\"r-id\",\"deviceType\":\"ROUTER\"}");
    free(got);
    json_object_clear(obj);
    CHECK(!schema_format_value(src, obj, &out));
    json_object_set_new(obj, "condition", json_string("not an object"));
    CHECK(!schema_format_value(src, obj, &out));
    CHECK_INT(out.len, 0);
    CHECK_STR(schema_type(T_TRACE)->root_key, "traceRequests");
    CHECK(attr_of(T_TRACE, "dst-port")->flags & A_CREATE_ONLY);
    CHECK(!(attr_of(T_TRACE, "enabled")->flags & A_CREATE_ONLY));
    json_decref(obj);
    strbuf_release(&err);
    strbuf_release(&out);
}

static void test_media(void)
{
    struct strbuf sb = STRBUF_INIT;
    json_t *gre = json_pack("{ss}", "type", "gre"), *vxlan = json_pack("{ss}", "type", "vxlan");

    schema_media(schema_type(T_BRIDGE), &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.Bridge-v3+json");
    strbuf_reset(&sb);
    schema_list_media(schema_type(T_BRIDGE), &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.collection.Bridge-v3+json");
    strbuf_reset(&sb);
    schema_list_media(schema_type(T_HOST_VERSION), &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.HostVersion-v1+json");
    strbuf_reset(&sb);
    schema_create_media(schema_type(T_TZ_MEMBER), gre, &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.GreTunnelZoneHost-v1+json");
    strbuf_reset(&sb);
    schema_create_media(schema_type(T_TZ_MEMBER), vxlan, &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.TunnelZoneHost-v1+json");
    strbuf_reset(&sb);
    schema_create_media(schema_type(T_BRIDGE), NULL, &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.Bridge-v3+json");
    strbuf_reset(&sb);
    schema_create_media(schema_type(T_BINDING), gre, &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.HostInterfacePort-v1+json");
    json_decref(gre);
    json_decref(vxlan);
    strbuf_release(&sb);
}

static void test_lookup(void)
{
    bool amb;

    CHECK(schema_find_type("bridge", &amb) == schema_type(T_BRIDGE) && !amb);
    CHECK(!schema_find_type("b", &amb) && amb);
    CHECK(schema_find_type("br", &amb) == schema_type(T_BRIDGE));
    CHECK(schema_find_type("port", &amb) == schema_type(T_PORT) && !amb);
    CHECK(!schema_find_type("po", &amb) && amb);
    CHECK(schema_find_type("port-", &amb) == schema_type(T_PORT_GROUP) && !amb);
    CHECK(schema_find_type("host", &amb) == schema_type(T_HOST) && !amb);
    CHECK(!schema_find_type("h", &amb) && amb);
    CHECK(!schema_find_type("t", &amb) && amb);
    CHECK(schema_find_type("tu", &amb) == schema_type(T_TUNNEL_ZONE));
    CHECK(!schema_find_type("brige", &amb) && !amb);
    CHECK(!schema_find_type("", &amb) && !amb);
    CHECK(schema_find_type("bridge", NULL));

    CHECK(schema_find_attr(schema_type(T_BRIDGE), "n", &amb) == attr_of(T_BRIDGE, "name"));
    CHECK(!schema_find_attr(schema_type(T_BRIDGE), "i", &amb) && amb);
    CHECK(schema_find_attr(schema_type(T_BRIDGE), "inf", &amb) == attr_of(T_BRIDGE, "infilter"));
    CHECK(schema_find_attr(schema_type(T_BRIDGE), "id", &amb) == attr_of(T_BRIDGE, "id") && !amb);
    CHECK(!schema_find_attr(schema_type(T_BRIDGE), "nmae", &amb) && !amb);
    CHECK(!schema_attr(schema_type(T_BRIDGE), "nam"));

    CHECK(schema_find_child(schema_type(T_ROUTER), "p", &amb)->type == T_ROUTER_PORT);
    CHECK(schema_find_child(schema_type(T_ROUTER), "route", &amb)->type == T_ROUTE);
    CHECK(schema_find_child(schema_type(T_ROUTER), "rout", &amb)->type == T_ROUTE);
    CHECK(!schema_find_child(schema_type(T_ROUTER), "x", &amb) && !amb);
    CHECK(schema_find_child(schema_type(T_BRIDGE), "port", &amb)->type == T_BRIDGE_PORT);
    CHECK(!schema_find_child(schema_type(T_BRIDGE), "route", &amb));
    CHECK(!schema_child(schema_type(T_BRIDGE), T_ROUTE));
}

static void test_parents(void)
{
    const struct type *p[4];

    CHECK_INT(schema_parents(T_ROUTE, p, ARRAY_SIZE(p)), 1);
    CHECK(p[0] == schema_type(T_ROUTER) && !p[1]);
    CHECK_INT(schema_parents(T_BRIDGE_PORT, p, ARRAY_SIZE(p)), 1);
    CHECK(p[0] == schema_type(T_BRIDGE));
    CHECK_INT(schema_parents(T_TZ_MEMBER, p, ARRAY_SIZE(p)), 1);
    CHECK(p[0] == schema_type(T_TUNNEL_ZONE));
    CHECK_INT(schema_parents(T_BRIDGE, p, ARRAY_SIZE(p)), 0);
    CHECK(!p[0]);
    CHECK_INT(schema_parents(T_ROUTE, p, 1), 1);
}

static void test_variants(void)
{
    const struct type *port = schema_type(T_PORT);
    json_t *o = json_object();

    CHECK(schema_variant(port, o) == port);
    json_object_set_new(o, "type", json_string("Bridge"));
    CHECK(schema_variant(port, o) == schema_type(T_BRIDGE_PORT));
    json_object_set_new(o, "type", json_string("Vxlan"));
    CHECK(schema_variant(port, o) == schema_type(T_BRIDGE_PORT));
    json_object_set_new(o, "type", json_string("InteriorRouter"));
    CHECK(schema_variant(port, o) == schema_type(T_ROUTER_PORT));
    json_object_set_new(o, "type", json_string("Router"));
    CHECK(schema_variant(port, o) == schema_type(T_ROUTER_PORT));
    json_object_set_new(o, "type", json_string("Martian"));
    CHECK(schema_variant(port, o) == port);
    json_object_set_new(o, "type", json_integer(3));
    CHECK(schema_variant(port, o) == port);
    CHECK(schema_variant(schema_type(T_BRIDGE), o) == schema_type(T_BRIDGE));
    json_decref(o);
}

static void test_strings_and_ints(void)
{
    const struct attr *vlan = attr_of(T_BRIDGE_PORT, "vlan");

    VALUE(attr_of(T_BRIDGE, "name"), "my br", "{\"name\":\"my br\"}", "my br");
    VALUE(attr_of(T_BRIDGE, "name"), "", "{\"name\":\"\"}", "");
    VALUE(vlan, "10", "{\"vlanId\":10}", "10");
    /* 0 is untagged: sent as given, printed as no VLAN (5.x sends 0 where 1.9 sends none). */
    {
        char *shown = format(vlan, "{\"vlanId\":0}");

        CHECK(shown == NULL);
        free(shown);
    }
    VALUE(vlan, "4095", "{\"vlanId\":4095}", "4095");
    BAD(vlan, "4096", "'vlan' must be between 0 and 4095, not 4096");
    BAD(vlan, "-1", "'vlan' must be between 0 and 4095, not -1");
    BAD(vlan, "ten", "invalid number 'ten' for 'vlan'");
    BAD(vlan, "10x", "invalid number '10x' for 'vlan'");
    BAD(vlan, "", "invalid number '' for 'vlan'");
    BAD(vlan, " 1", "invalid number ' 1' for 'vlan'");
    BAD(vlan, "99999999999999999999999", "invalid number '99999999999999999999999' for 'vlan'");
    VALUE(attr_of(T_ROUTE, "weight"), "100", "{\"weight\":100}", "100");
    BAD(attr_of(T_HOST, "flooding-proxy-weight"), "65536",
        "'flooding-proxy-weight' must be between 0 and 65535, not 65536");
    BAD(attr_of(T_BRIDGE, "name"), "\xff\xfe", "invalid text in 'name' (not UTF-8)");
}

static void test_keywords(void)
{
    const struct attr *type = attr_of(T_ROUTE, "type");
    const struct attr *ztype = attr_of(T_TUNNEL_ZONE, "type");
    bool amb;

    VALUE(attr_of(T_ROUTE, "learned"), "true", "{\"learned\":true}", "true");
    VALUE(attr_of(T_ROUTE, "learned"), "f", "{\"learned\":false}", "false");
    VALUE(attr_of(T_BRIDGE, "state"), "up", "{\"adminStateUp\":true}", "up");
    VALUE(attr_of(T_BRIDGE, "state"), "d", "{\"adminStateUp\":false}", "down");
    VALUE(attr_of(T_BRIDGE_PORT, "plugged"), "yes", "{\"active\":true}", "yes");
    VALUE(attr_of(T_BRIDGE_PORT, "plugged"), "no", "{\"active\":false}", "no");
    VALUE(type, "normal", "{\"type\":\"Normal\"}", "normal");
    VALUE(type, "blackhole", "{\"type\":\"BlackHole\"}", "blackhole");
    VALUE(type, "bl", "{\"type\":\"BlackHole\"}", "blackhole");
    VALUE(type, "reject", "{\"type\":\"Reject\"}", "reject");
    VALUE(ztype, "gre", "{\"type\":\"gre\"}", "gre");
    VALUE(ztype, "vt", "{\"type\":\"vtep\"}", "vtep");
    BAD(type, "sideways", "invalid value 'sideways' for 'type': normal, blackhole, reject, local");
    BAD(type, "Normal", "invalid value 'Normal' for 'type': normal, blackhole, reject, local");
    BAD(ztype, "v", "ambiguous value 'v' for 'type': gre, vxlan, vtep");
    BAD(attr_of(T_BRIDGE, "state"), "", "invalid value '' for 'state': up, down");
    BAD(attr_of(T_BRIDGE, "state"), "true", "invalid value 'true' for 'state': up, down");

    CHECK_STR(schema_value_word(type, "b", &amb), "blackhole");
    CHECK(!amb);
    CHECK(!schema_value_word(ztype, "v", &amb) && amb);
    CHECK(!schema_value_word(type, "x", &amb) && !amb);
    CHECK_STR(schema_value_word(attr_of(T_BRIDGE, "state"), "u", NULL), "up");
    CHECK_STR(schema_value_word(attr_of(T_BRIDGE, "name"), "u", NULL), "u");
    CHECK(schema_value_keywords(attr_of(T_BRIDGE, "name")) == NULL);
    CHECK_STR(schema_value_keywords(attr_of(T_BRIDGE_PORT, "plugged"))[0].word, "yes");

    /* Unknown API values print as they are. */
    FORMAT(type, "{\"type\":\"Fip64\"}", "Fip64");
    FORMAT(type, "{\"type\":\"Local\"}", "local");    /* 5.x's, a word now */
    FORMAT(attr_of(T_BRIDGE, "state"), "{\"adminStateUp\":\"maybe\"}", "maybe");
}

static void test_addresses(void)
{
    const struct attr *gw = attr_of(T_ROUTE, "gw");
    const struct attr *net = attr_of(T_ROUTER_PORT, "net");
    const struct attr *mac = attr_of(T_ROUTER_PORT, "mac");

    VALUE(gw, "10.0.0.1", "{\"nextHopGateway\":\"10.0.0.1\"}", "10.0.0.1");
    VALUE(gw, "255.255.255.255", "{\"nextHopGateway\":\"255.255.255.255\"}", "255.255.255.255");
    VALUE(gw, "0.0.0.0", "{\"nextHopGateway\":\"0.0.0.0\"}", "0.0.0.0");
    BAD(gw, "1.2.3", "invalid IPv4 address '1.2.3'");
    BAD(gw, "1.2.3.4.5", "invalid IPv4 address '1.2.3.4.5'");
    BAD(gw, "256.0.0.1", "invalid IPv4 address '256.0.0.1'");
    BAD(gw, "1..2.3", "invalid IPv4 address '1..2.3'");
    BAD(gw, "1.2.3.4/24", "invalid IPv4 address '1.2.3.4/24'");
    BAD(gw, "a.b.c.d", "invalid IPv4 address 'a.b.c.d'");
    BAD(gw, "1.2.3.0004",
        "invalid IPv4 address '1.2.3.0004' (no leading zeros: other tools read them as octal)");
    /* Leading zeros: octal to inet_aton() and others, sent verbatim before. */
    BAD(gw, "010.0.0.1",
        "invalid IPv4 address '010.0.0.1' (no leading zeros: other tools read them as octal)");
    BAD(gw, "10.0.0.01",
        "invalid IPv4 address '10.0.0.01' (no leading zeros: other tools read them as octal)");
    BAD(gw, "10.00.0.1",
        "invalid IPv4 address '10.00.0.1' (no leading zeros: other tools read them as octal)");
    VALUE(gw, "10.0.0.100", "{\"nextHopGateway\":\"10.0.0.100\"}", "10.0.0.100");
    BAD(gw, "", "invalid IPv4 address ''");

    VALUE(net, "10.0.0.0/24", "{\"networkAddress\":\"10.0.0.0\",\"networkLength\":24}",
          "10.0.0.0/24");
    VALUE(net, "10.0.0.0/0", "{\"networkAddress\":\"10.0.0.0\",\"networkLength\":0}", "10.0.0.0/0");
    /* A network is written and printed with its length: "10.0.3.0" is not "10.0.3.0/32". */
    VALUE(net, "10.0.0.1/32", "{\"networkAddress\":\"10.0.0.1\",\"networkLength\":32}",
          "10.0.0.1/32");
    BAD(net, "10.0.3.0", "'net' takes a network with its prefix length, a.b.c.d/n (10.0.3.0/24, "
                         "10.0.3.0/32...), not '10.0.3.0'");
    BAD(attr_of(T_DHCP_SUBNET, "subnet"), "10.0.3.0", "'subnet' takes a network with its prefix "
        "length, a.b.c.d/n (10.0.3.0/24, 10.0.3.0/32...), not '10.0.3.0'");
    BAD(attr_of(T_AD_ROUTE, "net"), "10.0.3.0", "'net' takes a network with its prefix length, "
        "a.b.c.d/n (10.0.3.0/24, 10.0.3.0/32...), not '10.0.3.0'");
    /* A match condition's bare address is one host, as midonet-cli read it; printed /32. */
    VALUE(attr_of(T_ROUTE, "dst"), "172.19.0.2",
          "{\"dstNetworkAddr\":\"172.19.0.2\",\"dstNetworkLength\":32}", "172.19.0.2/32");
    VALUE(attr_of(T_RULE, "src"), "172.19.0.2",
          "{\"invNwSrc\":false,\"nwSrcAddress\":\"172.19.0.2\",\"nwSrcLength\":32}",
          "172.19.0.2/32");
    BAD(net, "10.0.0.0/33", "invalid network address '10.0.0.0/33' (a.b.c.d/n)");
    BAD(net, "10.0.0.0/", "invalid network address '10.0.0.0/' (a.b.c.d/n)");
    BAD(net, "10.0.0/8", "invalid network address '10.0.0/8' (a.b.c.d/n)");
    BAD(net, "10.0.0.0/8x", "invalid network address '10.0.0.0/8x' (a.b.c.d/n)");
    BAD(net, "10.0.0.0/08",
        "invalid network address '10.0.0.0/08' (a.b.c.d/n) (no leading zeros: other tools read "
        "them as octal)");
    BAD(net, "010.0.0.0/8",
        "invalid network address '010.0.0.0/8' (a.b.c.d/n) (no leading zeros: other tools read "
        "them as octal)");
    BAD(attr_of(T_IP_GROUP_ADDR, "address"), "010.0.0.1",
        "invalid IP address '010.0.0.1' (no leading zeros: other tools read them as octal)");
    FORMAT(net, "{\"networkAddress\":\"10.0.0.0\"}", "10.0.0.0");
    FORMAT(net, "{\"networkAddress\":null,\"networkLength\":24}", NULL);

    VALUE(mac, "ac:ca:ba:00:00:0f", "{\"portMac\":\"ac:ca:ba:00:00:0f\"}", "ac:ca:ba:00:00:0f");
    VALUE(mac, "AC:CA:BA:00:00:0F", "{\"portMac\":\"ac:ca:ba:00:00:0f\"}", "ac:ca:ba:00:00:0f");
    BAD(mac, "ac:ca:ba:00:00", "invalid MAC address 'ac:ca:ba:00:00'");
    BAD(mac, "ac-ca-ba-00-00-0f", "invalid MAC address 'ac-ca-ba-00-00-0f'");
    BAD(mac, "ac:ca:ba:00:00:0g", "invalid MAC address 'ac:ca:ba:00:00:0g'");
    BAD(mac, "ac:ca:ba:00:00:0f:", "invalid MAC address 'ac:ca:ba:00:00:0f:'");
}

static void test_ranges_refs_lists(void)
{
    const struct attr *infilter = attr_of(T_BRIDGE, "infilter");

    VALUE(&range_attr, "80", "{\"invTpDst\":false,\"tpDst\":{\"end\":80,\"start\":80}}", "80");
    VALUE(&range_attr, "80-90", "{\"invTpDst\":false,\"tpDst\":{\"end\":90,\"start\":80}}",
          "80-90");
    VALUE(&range_attr, "0-65535", "{\"invTpDst\":false,\"tpDst\":{\"end\":65535,\"start\":0}}",
          "0-65535");
    BAD(&range_attr, "90-80", "invalid range '90-80' (a or a-b, 0 to 65535)");
    BAD(&range_attr, "80-", "invalid range '80-' (a or a-b, 0 to 65535)");
    BAD(&range_attr, "65536", "invalid range '65536' (a or a-b, 0 to 65535)");
    BAD(&range_attr, "http", "invalid range 'http' (a or a-b, 0 to 65535)");

    VALUE(infilter, "3f2c0a10-0000-4000-8000-000000000001",
          "{\"inboundFilterId\":\"3f2c0a10-0000-4000-8000-000000000001\"}",
          "3f2c0a10-0000-4000-8000-000000000001");
    VALUE(infilter, "any name at all", "{\"inboundFilterId\":\"any name at all\"}",
          "any name at all");

    VALUE(&ref_list_attr, "a,b", "{\"inPorts\":[\"a\",\"b\"]}", "a,b");
    VALUE(&ref_list_attr, "a", "{\"inPorts\":[\"a\"]}", "a");
    BAD(&ref_list_attr, "a,,b", "invalid list 'a,,b' (comma-separated, no empty element)");
    BAD(&ref_list_attr, ",a", "invalid list ',a' (comma-separated, no empty element)");
    BAD(&ref_list_attr, "a,", "invalid list 'a,' (comma-separated, no empty element)");
    VALUE(&str_list_attr, "8.8.8.8,1.1.1.1", "{\"dnsServerAddrs\":[\"8.8.8.8\",\"1.1.1.1\"]}",
          "8.8.8.8,1.1.1.1");
    FORMAT(&str_list_attr, "{\"dnsServerAddrs\":[]}", NULL);

    FORMAT(attr_of(T_HOST, "addresses"),
           "{\"addresses\":[\"/10.0.0.1\",\"h1/192.168.0.1\",\"10.1.1.1\"]}",
           "10.0.0.1,192.168.0.1,10.1.1.1");
    FORMAT(attr_of(T_HOST, "addresses"), "{\"addresses\":[]}", NULL);
    VALUE(&inet_list_attr, "10.0.0.1,10.0.0.2", "{\"addresses\":[\"10.0.0.1\",\"10.0.0.2\"]}",
          "10.0.0.1,10.0.0.2");
    FORMAT(attr_of(T_HOST, "addresses"), "{\"addresses\":[\"/fe80:0:0:0:0:0:0:1%eth0\"]}",
           "fe80:0:0:0:0:0:0:1%eth0");
}

static void test_invert_and_clear(void)
{
    json_t *obj = json_object();
    struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
    char *got;

    CHECK(schema_to_json(&inverted_cidr, "10.0.0.0/8", true, obj, &err) == 0);
    got = dump(obj);
    CHECK_STR(got, "{\"invNwSrc\":true,\"nwSrcAddress\":\"10.0.0.0\",\"nwSrcLength\":8}");
    free(got);
    CHECK(schema_format_value(&inverted_cidr, obj, &out));
    CHECK_STR(out.buf, "!10.0.0.0/8");

    schema_clear_json(&inverted_cidr, obj);
    got = dump(obj);
    CHECK_STR(got, "{\"invNwSrc\":false,\"nwSrcAddress\":null,\"nwSrcLength\":null}");
    free(got);
    strbuf_reset(&out);
    CHECK(!schema_format_value(&inverted_cidr, obj, &out));
    CHECK_INT(out.len, 0);

    json_object_clear(obj);
    json_object_set_new(obj, "inboundFilterId", json_string("x"));
    schema_clear_json(attr_of(T_BRIDGE, "infilter"), obj);
    got = dump(obj);
    CHECK_STR(got, "{\"inboundFilterId\":null}");
    free(got);
    json_decref(obj);
    strbuf_release(&err);
    strbuf_release(&out);
}

static void test_format_scalars(void)
{
    const struct attr *name = attr_of(T_BRIDGE, "name");
    const struct attr *version = attr_of(T_WRITE_VERSION, "version");

    FORMAT(name, "{}", NULL);
    FORMAT(name, "{\"name\":null}", NULL);
    FORMAT(version, "{\"version\":\"1.9\"}", "1.9");
    FORMAT(version, "{\"version\":2}", "2");
    FORMAT(version, "{\"version\":1.5}", "1.5");
    FORMAT(version, "{\"version\":true}", "true");
    FORMAT(version, "{\"version\":{\"a\":1}}", NULL);
    FORMAT(attr_of(T_INTERFACE, "mtu"), "{\"mtu\":1500}", "1500");
}

static void test_objects(void)
{
    json_t *rp = json_pack("{ssssss}", "id", "7e0c", "type", "Router", "portAddress", "10.0.0.1");
    json_t *member = json_pack("{ssss}", "hostId", "h-id", "ipAddress", "10.0.0.2");
    json_t *br = json_pack("{ssss}", "id", "b-id", "name", "br0");
    struct strbuf key = STRBUF_INIT;

    CHECK_STR(schema_object_id(schema_type(T_ROUTER_PORT), rp), "7e0c");
    CHECK(!schema_object_name(schema_type(T_ROUTER_PORT), rp));
    CHECK(schema_object_key(schema_type(T_ROUTER_PORT), rp, &key));
    CHECK_STR(key.buf, "10.0.0.1");
    strbuf_reset(&key);
    CHECK(!schema_object_key(schema_type(T_BRIDGE_PORT), rp, &key));
    CHECK(!schema_object_id(schema_type(T_TZ_MEMBER), member));
    CHECK(schema_object_key(schema_type(T_TZ_MEMBER), member, &key));
    CHECK_STR(key.buf, "h-id");
    CHECK_STR(schema_object_name(schema_type(T_BRIDGE), br), "br0");
    CHECK_STR(schema_object_id(schema_type(T_BRIDGE), br), "b-id");
    json_decref(rp);
    json_decref(member);
    json_decref(br);
    strbuf_release(&key);
}

static void test_kw_and_noun(void)
{
    static const char *const words[] = { "set", "sett", "show", "port", "port", "port-group" };
    struct strbuf sb = STRBUF_INIT;
    struct kw_match m;
    bool amb;

    schema_kw_init(&m, "set");
    for (size_t i = 0; i < ARRAY_SIZE(words); i++)
        schema_kw_try(&m, words[i], words[i]);
    CHECK(schema_kw_result(&m, &amb) == words[0] && !amb);
    schema_kw_release(&m);

    schema_kw_init(&m, "p");
    for (size_t i = 0; i < ARRAY_SIZE(words); i++)
        schema_kw_try(&m, words[i], words[i]);
    CHECK(!schema_kw_result(&m, &amb) && amb);
    schema_kw_candidates(&m, &sb);
    CHECK_STR(sb.buf, "port, port-group");
    schema_kw_release(&m);

    schema_kw_init(&m, "po");
    for (size_t i = 0; i < 5; i++)
        schema_kw_try(&m, words[i], words[i]);
    CHECK(schema_kw_result(&m, &amb) == words[3] && !amb);
    schema_kw_release(&m);

    schema_kw_init(&m, "");
    schema_kw_try(&m, "set", words[0]);
    CHECK(!schema_kw_result(&m, &amb) && !amb);
    schema_kw_release(&m);

    strbuf_reset(&sb);
    schema_noun(schema_type(T_ROUTER_PORT), &sb);
    CHECK_STR(sb.buf, "a router port");
    strbuf_reset(&sb);
    schema_noun(schema_type(T_INTERFACE), &sb);
    CHECK_STR(sb.buf, "an interface");
    strbuf_reset(&sb);
    schema_noun(schema_type(T_TZ_MEMBER), &sb);
    CHECK_STR(sb.buf, "a tunnel zone member");
    strbuf_reset(&sb);
    schema_noun(schema_type(T_IP_GROUP), &sb);
    CHECK_STR(sb.buf, "an IP address group");
    strbuf_release(&sb);
}

/* The dialect of a root document, and the media types that follow it. */
static void test_dialects(void)
{
    json_t *r19 = json_pack("{ssssssss}", "version", "v1.9", "writeVersion", "u", "bgpTemplate",
                            "u/{id}", "routers", "u");
    json_t *r5 = json_pack("{ssssssss}", "version", "v5.0", "bgpPeerTemplate", "u/{id}", "mirrors",
                           "u", "routers", "u");
    json_t *bare5 = json_pack("{ss}", "version", "v5.0");
    json_t *keys5 = json_pack("{ss}", "bgpPeerTemplate", "u/{id}");
    json_t *liar = json_pack("{ssss}", "version", "v5.0", "writeVersion", "u");
    json_t *none = json_pack("{ss}", "routers", "u");
    struct strbuf sb = STRBUF_INIT;
    const char *why;

    CHECK(schema_root_dialect(r19, &why) == D_19);
    CHECK(strstr(why, "confirmed") != NULL);
    CHECK(schema_root_dialect(r5, NULL) == D_5);
    CHECK(schema_root_dialect(bare5, &why) == D_5);
    CHECK(strstr(why, "alone") != NULL);
    CHECK(schema_root_dialect(keys5, NULL) == D_5);
    /* The keys are what requests follow: they win over a version that contradicts them. */
    CHECK(schema_root_dialect(liar, &why) == D_19);
    CHECK(strstr(why, "says otherwise") != NULL);
    CHECK(schema_root_dialect(none, NULL) == 0);

    CHECK(schema_dialect() == 0);
    CHECK(schema_type_shown(schema_type(T_BGP)) && schema_type_shown(schema_type(T_BGP_PEER)));
    schema_media(schema_type(T_ROUTER), &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.Router-v2+json");
    schema_set_dialect(D_5);
    strbuf_reset(&sb);
    schema_media(schema_type(T_ROUTER), &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.Router-v3+json");
    strbuf_reset(&sb);
    schema_list_media(schema_type(T_BRIDGE), &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.collection.Bridge-v4+json");
    strbuf_reset(&sb);
    schema_media(schema_type(T_ROUTE), &sb);
    CHECK_STR(sb.buf, "application/vnd.org.midonet.Route-v1+json");
    CHECK(!schema_type_shown(schema_type(T_BGP)) && schema_type_shown(schema_type(T_BGP_PEER)));
    CHECK(schema_attr_shown(schema_attr(schema_type(T_ROUTER), "asn")));
    schema_set_dialect(D_19);
    CHECK(schema_type_shown(schema_type(T_BGP)) && !schema_type_shown(schema_type(T_MIRROR)));
    CHECK(!schema_attr_shown(schema_attr(schema_type(T_ROUTER), "asn")));
    CHECK(!schema_attr_shown(schema_attr(schema_type(T_ROUTER_PORT), "addresses")));
    schema_set_dialect(0);
    CHECK_STR(schema_dialect_name(D_5), "5.x");
    CHECK_STR(schema_dialect_name(D_19), "1.9");

    /* 5.x router ports' networks: v4 and v6, each with its length. */
    {
        const struct attr *a = schema_attr(schema_type(T_ROUTER_PORT), "addresses");
        json_t *o = json_object();

        strbuf_reset(&sb);
        CHECK(schema_check_value(a, "10.0.0.1/24,2001:db8::1/64", &sb) == 0);
        CHECK(schema_check_value(a, "10.0.0.1", &sb) < 0);
        CHECK(schema_check_value(a, "10.0.0.1/33", &sb) < 0);
        CHECK(schema_check_value(a, "2001:db8::1/129", &sb) < 0);
        CHECK(schema_check_value(a, "10.0.0.1/24,", &sb) < 0);
        CHECK(schema_to_json(a, "10.0.0.1/24,2001:db8::1/64", false, o, &sb) == 0);
        strbuf_reset(&sb);
        CHECK(schema_format_value(a, o, &sb));
        CHECK_STR(sb.buf, "10.0.0.1/24,2001:db8::1/64");
        json_decref(o);
    }
    strbuf_release(&sb);
    json_decref(r19);
    json_decref(r5);
    json_decref(bare5);
    json_decref(keys5);
    json_decref(liar);
    json_decref(none);
}

/* -o table's columns: every name in a type's columns is one of its attributes. */
static void test_columns(void)
{
    for (int id = 0; id < T_COUNT; id++) {
        const struct type *t = schema_type((enum type_id)id);
        size_t words = 0, n = 0;

        if (t->columns) {
            for (const char *p = t->columns; *p; p++)
                words += *p != ' ' && (p == t->columns || p[-1] == ' ');
            while (schema_column(t, n))
                n++;
            if (n != words)
                fprintf(stderr, "%s: %zu of %zu columns are attributes\n", t->name, n, words);
            CHECK(n == words);
        } else {
            for (const struct attr *a = t->attrs; a->name; a++)
                words += !(a->flags & A_HIDDEN);
            while (schema_column(t, n))
                CHECK(!(schema_column(t, n++)->flags & A_HIDDEN));
            CHECK(n == words);
        }
    }
    CHECK_STR(schema_column(schema_type(T_BRIDGE), 0)->name, "name");
    CHECK(schema_column(schema_type(T_BRIDGE), 4) == NULL);
    CHECK_STR(schema_column(schema_type(T_PORT), 3)->name, "peer");
}

int main(void)
{
    unit_run("schema: every entry is complete", test_table);
    unit_run("schema: the types of this issue", test_issue_types);
    unit_run("schema: the types of the whole topology", test_whole_topology_types);
    unit_run("schema: NAT targets both ways", test_nat_targets);
    unit_run("schema: option 121 routes and flag enums both ways", test_opt121_and_flags);
    unit_run("schema: rule conditions and their inversion", test_rule_conditions);
    unit_run("schema: sub-object and tagged attributes (trace requests)", test_sub_and_tagged);
    unit_run("schema: media types", test_media);
    unit_run("schema: type, attribute and child lookup", test_lookup);
    unit_run("schema: parents", test_parents);
    unit_run("schema: port variants", test_variants);
    unit_run("schema: strings and integers both ways", test_strings_and_ints);
    unit_run("schema: booleans and enums both ways", test_keywords);
    unit_run("schema: IPv4, CIDR and MAC both ways", test_addresses);
    unit_run("schema: ranges, references and lists both ways", test_ranges_refs_lists);
    unit_run("schema: inversion and clearing", test_invert_and_clear);
    unit_run("schema: formatting scalars and absent values", test_format_scalars);
    unit_run("schema: object id, name and key", test_objects);
    unit_run("schema: keyword matching and nouns", test_kw_and_noun);
    unit_run("schema: every network prints its prefix length", test_every_cidr_prints_its_length);
    unit_run("schema: protocol and ethertype names, pos last", test_named_numbers);
    unit_run("schema: a router port's address in its net", test_address_within_net);
    unit_run("schema: dialects of root documents, their media types and words", test_dialects);
    unit_run("schema: -o table's columns", test_columns);
    return unit_done();
}
