/*
 * res_chain: /chains and their rules (/chains/{id}/rules, /rules/{id}).
 *
 * A chain is ChainConfig {"name","properties":{"tenant_id"}} at /chains/<id> with two
 * children (§6): "rules", the RuleList {"ruleList":[ids]} that orders the chain (a rule's
 * position is its index + 1), and "refs", the back-references "<kind>:<id>" of the
 * devices whose filters name the chain (res_filter_refs_ops) and of the jump rules that
 * target it.
 *
 * A rule is midolman's Rule at /rules/<id>: "type" (Literal, Jump, ForwardNat, ReverseNat
 * or Trace), "action", "chainId", "meterName", the "condition" under midolman's field
 * names, and per type jumpToChainID/jumpToChainName, dnat/natTargets or requestId/limit.
 * A rule that names a port group or an IP address group is indexed under it
 * (…/rules/<id>), as RuleZkManager does, so that deleting the group deletes the rule.
 */
#include "tests/sim/res.h"
#include "tests/sim/res5.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POSITION_MSG "Invalid rule position."
#define FRAG_UNDEFINED_MSG \
    "The valid options for fragmentPolicy are: 'any', 'header', 'nonheader', and 'unfragmented'."
#define FRAG_L4_MSG \
    "For a rule with tpDst or tpSrc constraints, the fragmentPolicy must be 'header' or " \
    "'unfragmented'."
#define FRAG_NAT_MSG \
    "For a NAT rule with port constraints or multiple targets, the fragmentPolicy must be " \
    "'unfragmented'."
#define MAC_MSG "MAC address string must be 6 words of 1 or 2 hex digits joined with 5 ':' " \
    "but was %.40s."
#define MASK_MSG "MAC mask must consist of three sets of four hexadecimal digits separated " \
    "by periods, e.g. \"ffff.ff00.0000\"."
#define FLOW_ACTION_MSG "Value specified is not valid. Allowed values are: accept, continue, " \
    "return."
#define NO_MASK (-1LL)

/* The API's rule types and how midolman stores each. */
static const struct rule_type {
    const char *api;
    const char *zk;
    const char *action;     /* the stored action; NULL: the rule's flowAction */
    bool dnat;
} rule_types[] = {
    { "accept", "Literal", "ACCEPT", false },
    { "drop", "Literal", "DROP", false },
    { "reject", "Literal", "REJECT", false },
    { "return", "Literal", "RETURN", false },
    { "jump", "Jump", "JUMP", false },
    { "dnat", "ForwardNat", NULL, true },
    { "snat", "ForwardNat", NULL, false },
    { "rev_dnat", "ReverseNat", NULL, true },
    { "rev_snat", "ReverseNat", NULL, false },
    { "trace", "Trace", "CONTINUE", false },
};

static const char *const flow_actions[] = { "accept", "continue", "return" };
static const char *const frag_policies[] = { "any", "header", "nonheader", "unfragmented" };
static const char *const frag_stored[] = { "ANY", "HEADER", "NONHEADER", "UNFRAGMENTED" };

enum cond_kind { C_BOOL, C_UUID, C_UUIDS, C_DLTYPE, C_BYTE, C_MAC, C_MASK, C_RANGE };

/* The condition fields but the nw addresses: API name, midolman name, kind, @Since. */
static const struct cond_field {
    const char *api, *zk;
    enum cond_kind kind;
    int since;
} cond_fields[] = {
    { "condInvert", "conjunctionInv", C_BOOL, 1 },
    { "matchForwardFlow", "matchForwardFlow", C_BOOL, 1 },
    { "matchReturnFlow", "matchReturnFlow", C_BOOL, 1 },
    { "inPorts", "inPortIds", C_UUIDS, 1 },
    { "invInPorts", "inPortInv", C_BOOL, 1 },
    { "outPorts", "outPortIds", C_UUIDS, 1 },
    { "invOutPorts", "outPortInv", C_BOOL, 1 },
    { "portGroup", "portGroup", C_UUID, 1 },
    { "invPortGroup", "invPortGroup", C_BOOL, 1 },
    { "ipAddrGroupSrc", "ipAddrGroupIdSrc", C_UUID, 1 },
    { "invIpAddrGroupSrc", "invIpAddrGroupIdSrc", C_BOOL, 1 },
    { "ipAddrGroupDst", "ipAddrGroupIdDst", C_UUID, 1 },
    { "invIpAddrGroupDst", "invIpAddrGroupIdDst", C_BOOL, 1 },
    { "traversedDevice", "traversedDevice", C_UUID, 1 },
    { "invTraversedDevice", "traversedDeviceInv", C_BOOL, 1 },
    { "dlType", "etherType", C_DLTYPE, 1 },
    { "invDlType", "invDlType", C_BOOL, 1 },
    { "dlSrc", "ethSrc", C_MAC, 1 },
    { "dlSrcMask", "ethSrcMask", C_MASK, 2 },
    { "invDlSrc", "invDlSrc", C_BOOL, 1 },
    { "dlDst", "ethDst", C_MAC, 1 },
    { "dlDstMask", "dlDstMask", C_MASK, 2 },
    { "invDlDst", "invDlDst", C_BOOL, 1 },
    { "nwTos", "nwTos", C_BYTE, 1 },
    { "invNwTos", "nwTosInv", C_BOOL, 1 },
    { "nwProto", "nwProto", C_BYTE, 1 },
    { "invNwProto", "nwProtoInv", C_BOOL, 1 },
    { "invNwSrc", "nwSrcInv", C_BOOL, 1 },
    { "invNwDst", "nwDstInv", C_BOOL, 1 },
    { "tpSrc", "tpSrc", C_RANGE, 1 },
    { "tpDst", "tpDst", C_RANGE, 1 },
    { "invTpSrc", "tpSrcInv", C_BOOL, 1 },
    { "invTpDst", "tpDstInv", C_BOOL, 1 },
};

static bool among(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (!strcmp(s, v[i]))
            return true;
    return false;
}

static const struct rule_type *type_by_api(const char *api)
{
    for (size_t i = 0; api && i < ARRAY_SIZE(rule_types); i++)
        if (!strcmp(api, rule_types[i].api))
            return &rule_types[i];
    return NULL;
}

static const struct rule_type *type_of(const json_t *cfg)
{
    const char *zk = val_get_str(cfg, "type"), *action = val_get_str(cfg, "action");
    bool dnat = json_is_true(json_object_get(cfg, "dnat"));

    for (size_t i = 0; zk && i < ARRAY_SIZE(rule_types); i++) {
        const struct rule_type *t = &rule_types[i];

        if (strcmp(zk, t->zk))
            continue;
        if (!strcmp(zk, "Literal") ? action && !strcmp(action, t->action)
                                   : t->action || t->dnat == dnat)
            return t;
    }
    return NULL;
}

static bool is_forward_nat(const struct rule_type *t)
{
    return !strcmp(t->zk, "ForwardNat");
}

static bool is_nat(const struct rule_type *t)
{
    return !t->action;
}

/* "ffff.ff00.0000" as a 48-bit number; -1 when malformed. */
static long long parse_mask(const char *s)
{
    long long mask = 0;

    for (int group = 0; group < 3; group++) {
        if (group && *s++ != '.')
            return -1;
        for (int i = 0; i < 4; i++, s++) {
            int d = *s >= '0' && *s <= '9' ? *s - '0'
                  : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
                  : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;

            if (d < 0)
                return -1;
            mask = mask << 4 | d;
        }
    }
    return *s ? -1 : mask;
}

static json_t *mask_str(long long mask)
{
    return json_sprintf("%04llx.%04llx.%04llx", (mask >> 32) & 0xffff, (mask >> 16) & 0xffff,
                        mask & 0xffff);
}

/* A UUID array (normalized) from body[key]; [] when absent, as midolman's empty sets. */
static json_t *uuid_array(struct val *v, const json_t *in, const char *key)
{
    const json_t *x = json_object_get(in, key), *one;
    json_t *out = json_array();
    char id[UUID_LEN + 1];
    size_t i;

    if (!x || json_is_null(x))
        return out;
    if (!json_is_array(x)) {
        v->bad = true;
        return out;
    }
    json_array_foreach(x, i, one) {
        if (val_uuid_norm(json_string_value(one), id) < 0)
            v->bad = true;
        else
            json_array_append_new(out, json_string(id));
    }
    return out;
}

/* A Range {"start","end"} from body[key] (either end may be null), or JSON null. */
static json_t *range(struct val *v, const json_t *in, const char *key)
{
    const json_t *x = json_object_get(in, key);
    json_t *out;
    bool has;
    long long n;

    if (!x || json_is_null(x))
        return json_null();
    if (!json_is_object(x)) {
        v->bad = true;
        return json_null();
    }
    out = json_object();
    n = val_int(v, x, "start", 0, &has);
    json_object_set_new(out, "start", has ? json_integer(n) : json_null());
    n = val_int(v, x, "end", 0, &has);
    json_object_set_new(out, "end", has ? json_integer(n) : json_null());
    return out;
}

/* "a.b.c.d/len" from the body's <pfx>Address and <pfx>Length, or JSON null. */
static json_t *subnet(struct val *v, const json_t *in, const char *pfx)
{
    char akey[32], lkey[32];
    const char *addr;
    uint32_t a;
    long long len;

    snprintf(akey, sizeof(akey), "%sAddress", pfx);
    snprintf(lkey, sizeof(lkey), "%sLength", pfx);
    addr = val_ipv4_field(v, in, akey, false, &a);
    len = val_int(v, in, lkey, 0, NULL);
    val_range(v, lkey, len, 0, 32);
    return addr ? json_sprintf("%s/%lld", addr, len) : json_null();
}

/*
 * The condition of a rule body (a body of version ver) in midolman's names. A bad MAC or MAC mask
 * is a plain 400 with its own message (MidoNet throws it while converting, after validation): *msg
 * gets the first one (the caller's).
 */
static json_t *cond_from_body(struct val *v, const json_t *in, int ver, char **msg)
{
    json_t *c = json_object();

    json_object_set_new(c, "nwSrcIp", subnet(v, in, "nwSrc"));
    json_object_set_new(c, "nwDstIp", subnet(v, in, "nwDst"));
    for (size_t i = 0; i < ARRAY_SIZE(cond_fields); i++) {
        const struct cond_field *f = &cond_fields[i];
        bool old = ver < f->since, has;
        const char *s;
        long long n;
        char mac[18];

        switch (f->kind) {
        case C_BOOL:
            json_object_set_new(c, f->zk, json_boolean(!old && val_bool(v, in, f->api, false)));
            break;
        case C_UUID:
            json_object_set_new(c, f->zk, val_uuid(v, in, f->api));
            break;
        case C_UUIDS:
            json_object_set_new(c, f->zk, uuid_array(v, in, f->api));
            break;
        case C_DLTYPE:
            n = val_int(v, in, f->api, 0, &has);
            if (has)
                val_range(v, f->api, n, 0x0600, 0xffff);
            json_object_set_new(c, f->zk, has ? json_integer(n) : json_null());
            break;
        case C_BYTE:
            /* A Java Byte: 0 means unset, the rest wraps (300 is stored as 44). */
            n = val_int(v, in, f->api, 0, NULL);
            json_object_set_new(c, f->zk, n ? json_integer((int8_t)(n & 0xff)) : json_null());
            break;
        case C_MAC:
            s = val_str(v, in, f->api);
            if (s && !val_is_mac(s)) {
                if (!*msg)
                    *msg = xasprintf(MAC_MSG, s);
                s = NULL;
            }
            if (s)
                val_mac_norm(s, mac);
            json_object_set_new(c, f->zk, s ? json_string(mac) : json_null());
            break;
        case C_MASK:
            s = old ? NULL : val_str(v, in, f->api);
            n = s ? parse_mask(s) : NO_MASK;
            if (s && n < 0 && !*msg)
                *msg = xstrdup(MASK_MSG);
            json_object_set_new(c, f->zk, json_integer(n < 0 ? NO_MASK : n));
            break;
        case C_RANGE:
            json_object_set_new(c, f->zk, range(v, in, f->api));
            break;
        }
    }
    return c;
}

/* The condition fields of a dto of version ver, from the stored condition c. */
static void cond_dto(struct req *r, json_t *o, const json_t *c, int ver)
{
    static const struct { const char *zk, *addr, *len; } nets[] = {
        { "nwDstIp", "nwDstAddress", "nwDstLength" },
        { "nwSrcIp", "nwSrcAddress", "nwSrcLength" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(nets); i++) {
        const char *net = val_get_str(c, nets[i].zk), *slash = net ? strchr(net, '/') : NULL;

        json_object_set_new(o, nets[i].addr,
                            slash ? json_stringn(net, (size_t)(slash - net)) : json_null());
        json_object_set_new(o, nets[i].len, json_integer(slash ? atoi(slash + 1) : 0));
    }
    for (size_t i = 0; i < ARRAY_SIZE(cond_fields); i++) {
        const struct cond_field *f = &cond_fields[i];
        const json_t *x = json_object_get(c, f->zk);

        if (ver < f->since)
            continue;
        switch (f->kind) {
        case C_BOOL:
            json_object_set_new(o, f->api, json_boolean(json_is_true(x)));
            break;
        case C_BYTE:
            json_object_set_new(o, f->api, json_is_integer(x)
                                ? json_integer(json_integer_value(x) & 0xff) : json_null());
            break;
        case C_MASK:
            json_object_set_new(o, f->api, json_is_integer(x) && json_integer_value(x) != NO_MASK
                                ? mask_str(json_integer_value(x)) : json_null());
            break;
        default:
            json_object_set_new(o, f->api, x ? json_deep_copy(x) : json_null());
            break;
        }
    }
    if (ver >= 2) {
        const char *fp = val_get_str(c, "fragmentPolicy");
        char low[16] = "";

        for (size_t i = 0; fp && fp[i] && i + 1 < sizeof(low); i++)
            low[i] = (char)(fp[i] >= 'A' && fp[i] <= 'Z' ? fp[i] - 'A' + 'a' : fp[i]);
        json_object_set_new(o, "fragmentPolicy", fp ? json_string(low) : json_null());
    }
}

static json_t *rule_dto(struct req *r, const char *id, const json_t *cfg, long long position)
{
    const struct rule_type *t = type_of(cfg);
    const char *action = val_get_str(cfg, "action");
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "chainId", res_copy(cfg, "chainId"));
    json_object_set_new(o, "type", val_jstr(t ? t->api : NULL));
    json_object_set_new(o, "action", val_jstr(action));
    json_object_set_new(o, "position", json_integer(position));
    json_object_set_new(o, "meterName", res_copy(cfg, "meterName"));
    cond_dto(r, o, json_object_get(cfg, "condition"), r->ver);
    if (t && !strcmp(t->zk, "Jump")) {
        json_object_set_new(o, "jumpChainId", res_copy(cfg, "jumpToChainID"));
        json_object_set_new(o, "jumpChainName", res_copy(cfg, "jumpToChainName"));
    } else if (t && is_nat(t)) {
        /* 1.9 echoes both (v2015.06 lost them, §4 ⚠). */
        char low[16] = "";

        for (size_t i = 0; action && action[i] && i + 1 < sizeof(low); i++)
            low[i] = (char)(action[i] - 'A' + 'a');
        json_object_set_new(o, "flowAction", action ? json_string(low) : json_null());
        if (is_forward_nat(t)) {
            json_t *out = json_array(), *nt;
            size_t i;

            json_array_foreach(json_object_get(cfg, "natTargets"), i, nt) {
                json_t *one = json_object();

                json_object_set_new(one, "addressFrom", res_copy(nt, "nwStart"));
                json_object_set_new(one, "addressTo", res_copy(nt, "nwEnd"));
                json_object_set_new(one, "portFrom", res_copy(nt, "tpStart"));
                json_object_set_new(one, "portTo", res_copy(nt, "tpEnd"));
                json_array_append_new(out, one);
            }
            json_object_set_new(o, "natTargets", out);
        }
    } else if (t && !strcmp(t->zk, "Trace")) {
        json_object_set_new(o, "requestId", res_copy(cfg, "requestId"));
        json_object_set_new(o, "limit", res_copy(cfg, "limit"));
    }
    json_object_set_new(o, "uri", req_uri(r, "/rules/%s", id));
    return o;
}

/* A chain's RuleList array (a new reference), or NULL with *rc set. */
static json_t *rule_list(struct req *r, const char *chain, enum zks_rc *rc)
{
    json_t *doc = zks_get_json(r->zk, rc, NULL, "/chains/%s/rules", chain);
    json_t *list = json_incref(json_object_get(doc, "ruleList"));

    if (doc && !json_is_array(list)) {
        json_decref(list);
        list = json_array();
    }
    json_decref(doc);
    return list;
}

static void set_rule_list_ops(struct zks_txn *t, const char *chain, json_t *list)
{
    json_t *doc = json_object();

    json_object_set(doc, "ruleList", list);
    zks_txn_set(t, doc, "/chains/%s/rules", chain);
    json_decref(doc);
}

static long long index_of(const json_t *list, const char *id)
{
    size_t i;
    json_t *x;

    json_array_foreach(list, i, x)
        if (json_is_string(x) && !strcmp(json_string_value(x), id))
            return (long long)i;
    return -1;
}

void rule_batch_init(struct rule_batch *b)
{
    b->lists = json_object();
}

enum zks_rc rule_delete_ops(struct req *r, struct zks_txn *t, struct rule_batch *b,
                            const char *id)
{
    static const char *const group_keys[][2] = {
        { "portGroup", "port_groups" },
        { "ipAddrGroupIdSrc", "ip_addr_groups" },
        { "ipAddrGroupIdDst", "ip_addr_groups" },
    };
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/rules/%s", id);
    const json_t *cond = json_object_get(cfg, "condition");
    const char *chain = val_get_str(cfg, "chainId"), *jump = val_get_str(cfg, "jumpToChainID");

    if (!cfg)
        return rc == ZKS_NONODE ? ZKS_OK : rc;
    if (chain) {
        json_t *list = json_object_get(b->lists, chain);
        long long at;

        if (!list) {
            list = rule_list(r, chain, &rc);
            if (!list && rc != ZKS_NONODE)
                goto out;
            if (list)
                json_object_set_new(b->lists, chain, list);
        }
        at = list ? index_of(list, id) : -1;
        if (at >= 0)
            json_array_remove(list, (size_t)at);
    }
    if (jump && zks_exists(r->zk, "/chains/%s/refs/rule:%s", jump, id) == ZKS_OK)
        zks_txn_delete(t, "/chains/%s/refs/rule:%s", jump, id);
    for (size_t i = 0; i < ARRAY_SIZE(group_keys); i++) {
        const char *g = val_get_str(cond, group_keys[i][0]);

        if (g && zks_exists(r->zk, "/%s/%s/rules/%s", group_keys[i][1], g, id) == ZKS_OK)
            zks_txn_delete(t, "/%s/%s/rules/%s", group_keys[i][1], g, id);
    }
    zks_txn_delete(t, "/rules/%s", id);
    rc = ZKS_OK;
out:
    json_decref(cfg);
    return rc;
}

void rule_batch_finish(struct zks_txn *t, struct rule_batch *b)
{
    const char *chain;
    json_t *list;

    json_object_foreach(b->lists, chain, list)
        if (!zks_txn_deletes(t, "/chains/%s/rules", chain))
            set_rule_list_ops(t, chain, list);
    json_decref(b->lists);
    b->lists = NULL;
}

static int rules_list(struct req *r)
{
    enum zks_rc rc;
    json_t *list = rule_list(r, r->arg[0], &rc), *out, *rid;
    size_t i;

    /* RuleResource's own words, without a space before the id. */
    if (!list)
        return rc == ZKS_NONODE ? req_error(r, 404, "No such chain%s", r->arg[0])
                                : req_zk_error(r, rc);
    out = json_array();
    json_array_foreach(list, i, rid) {
        const char *id = json_string_value(rid);
        json_t *cfg = id ? zks_get_json(r->zk, &rc, NULL, "/rules/%s", id) : NULL;

        if (cfg)
            json_array_append_new(out, rule_dto(r, id, cfg, (long long)i + 1));
        else if (id && rc != ZKS_NONODE && rc != ZKS_FAILED)
            break;
        json_decref(cfg);
        rc = ZKS_OK;
    }
    json_decref(list);
    if (rc != ZKS_OK) {
        json_decref(out);
        return req_zk_error(r, rc);
    }
    return req_ok(r, out);
}

static int rule_get(struct req *r)
{
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/rules/%s", r->arg[0]), *list = NULL;
    const char *chain = val_get_str(cfg, "chainId");

    if (!cfg)
        return rc == ZKS_NONODE ? req_not_found(r, "rule", r->arg[0]) : req_zk_error(r, rc);
    if (chain)
        list = rule_list(r, chain, &rc);
    req_ok(r, rule_dto(r, r->arg[0], cfg, list ? index_of(list, r->arg[0]) + 1 : 0));
    json_decref(list);
    json_decref(cfg);
    return 0;
}

/* The natTargets of a dnat or snat body in midolman's form; *floating: one address, no ports. */
static json_t *nat_targets(struct val *v, const json_t *in, bool *floating)
{
    const json_t *x = json_object_get(in, "natTargets"), *one;
    json_t *out = json_array();
    char key[64];
    size_t i;

    *floating = false;
    if (!x || json_is_null(x)) {
        val_violation(v, "natTargets", MSG_NOT_NULL);
        return out;
    }
    if (!json_is_array(x)) {
        v->bad = true;
        return out;
    }
    if (!json_array_size(x))
        val_violation(v, "natTargets", "size must be between 1 and 2147483647");
    json_array_foreach(x, i, one) {
        json_t *nt = json_object();
        const char *from, *to;
        uint32_t a;
        long long pf, pt;

        if (!json_is_object(one)) {
            v->bad = true;
            json_decref(nt);
            continue;
        }
        /*
         * MidoNet does not validate the targets (no @Valid) and fails on a bad address
         * while converting, a 500; a violation per field says more.
         */
        snprintf(key, sizeof(key), "natTargets[%zu].addressFrom", i);
        from = val_str(v, one, "addressFrom");
        if (!from)
            val_violation(v, key, MSG_NOT_NULL);
        else if (val_ipv4(from, &a) < 0)
            val_violation(v, key, MSG_BAD_IP);
        snprintf(key, sizeof(key), "natTargets[%zu].addressTo", i);
        to = val_str(v, one, "addressTo");
        if (!to)
            val_violation(v, key, MSG_NOT_NULL);
        else if (val_ipv4(to, &a) < 0)
            val_violation(v, key, MSG_BAD_IP);
        pf = val_int(v, one, "portFrom", 0, NULL);
        pt = val_int(v, one, "portTo", 0, NULL);
        json_object_set_new(nt, "nwStart", val_jstr(from));
        json_object_set_new(nt, "nwEnd", val_jstr(to));
        json_object_set_new(nt, "tpStart", json_integer(pf));
        json_object_set_new(nt, "tpEnd", json_integer(pt));
        json_array_append_new(out, nt);
        *floating = json_array_size(x) == 1 && from && to && !strcmp(from, to) && !pf && !pt;
    }
    return out;
}

/*
 * fragmentPolicy (v2) with its defaults and checks (Condition and FragmentTypeValidator).
 * The checks are class-level constraints, so their violations name no property.
 */
static const char *frag_policy(struct val *v, const json_t *in, int ver, bool forward_nat,
                               bool floating, bool *undefined)
{
    const char *fp = ver >= 2 ? val_str(v, in, "fragmentPolicy") : NULL;
    const json_t *src = json_object_get(in, "tpSrc"), *dst = json_object_get(in, "tpDst");
    bool l4 = (src && !json_is_null(src)) || (dst && !json_is_null(dst));

    *undefined = fp && !among(fp, frag_policies, ARRAY_SIZE(frag_policies));
    if (*undefined)
        return NULL;
    if (forward_nat) {
        bool unfragmented_only = !floating || l4;

        if (!fp)
            return unfragmented_only ? "UNFRAGMENTED" : "ANY";
        if (unfragmented_only && strcmp(fp, "unfragmented"))
            val_violation(v, "", FRAG_NAT_MSG);
    } else {
        if (!fp)
            return l4 ? "HEADER" : "ANY";
        if (l4 && (!strcmp(fp, "any") || !strcmp(fp, "nonheader")))
            val_violation(v, "", FRAG_L4_MSG);
    }
    for (size_t i = 0; i < ARRAY_SIZE(frag_policies); i++)
        if (!strcmp(fp, frag_policies[i]))
            return frag_stored[i];
    return NULL;
}

json_t *rule_condition(struct val *v, const json_t *in, char **msg, bool *undefined)
{
    json_t *c = cond_from_body(v, in, 2, msg);

    json_object_set_new(c, "fragmentPolicy",
                        val_jstr(frag_policy(v, in, 2, false, false, undefined)));
    return c;
}

void rule_condition_dto(struct req *r, json_t *o, const json_t *c)
{
    cond_dto(r, o, c, 2);
}

/* A rule config from a POST body, or NULL after a 400; *position gets the position. */
static json_t *rule_from_body(struct req *r, const char *chain, long long *position)
{
    const struct rule_type *t;
    const char *type, *meter, *action, *flow = NULL;
    json_t *cfg = NULL, *cond = NULL, *targets = NULL;
    bool floating = false, undefined = false;
    char *msg = NULL;
    struct val v;

    val_init(&v);
    type = val_str(&v, r->in, "type");
    t = type_by_api(type);
    if (!t)
        v.bad = true;   /* an unknown subtype: not deserializable */
    *position = val_int(&v, r->in, "position", 0, NULL);
    if (!*position)
        *position = 1;
    val_range(&v, "position", *position, 1, INT32_MAX);
    meter = val_str(&v, r->in, "meterName");
    cond = cond_from_body(&v, r->in, r->in_ver, &msg);
    cfg = json_object();
    if (t && is_nat(t)) {
        flow = val_str_required(&v, r->in, "flowAction");
        if (flow && !among(flow, flow_actions, ARRAY_SIZE(flow_actions)))
            val_violation(&v, "flowAction", FLOW_ACTION_MSG);
        if (is_forward_nat(t))
            targets = nat_targets(&v, r->in, &floating);
    }
    if (t) {
        json_object_set_new(cond, "fragmentPolicy",
                            val_jstr(frag_policy(&v, r->in, r->in_ver, is_forward_nat(t),
                                                 floating, &undefined)));
    }
    json_object_set_new(cfg, "type", json_string(t ? t->zk : ""));
    json_object_set_new(cfg, "condition", cond);
    cond = NULL;
    if (t && !strcmp(t->zk, "Jump")) {
        json_object_set_new(cfg, "jumpToChainID", val_uuid(&v, r->in, "jumpChainId"));
        json_object_set_new(cfg, "jumpToChainName", val_jstr(val_str(&v, r->in, "jumpChainName")));
    } else if (t && !strcmp(t->zk, "Trace")) {
        json_t *req_id = val_uuid(&v, r->in, "requestId");

        if (json_is_null(req_id) && !v.bad)
            val_violation(&v, "requestId", MSG_NOT_NULL);
        json_object_set_new(cfg, "requestId", req_id);
        json_object_set_new(cfg, "limit", json_integer(val_int(&v, r->in, "limit", 0, NULL)));
    } else if (t && is_nat(t)) {
        json_object_set_new(cfg, "dnat", json_boolean(t->dnat));
        if (targets)
            json_object_set_new(cfg, "natTargets", json_incref(targets));
    }
    if (undefined && !v.bad) {
        /* @JsonError: its own message, at deserialization, before any validation. */
        val_release(&v);
        req_error(r, 400, FRAG_UNDEFINED_MSG);
        goto fail;
    }
    if (req_invalid(r, &v))
        goto fail;
    if (msg) {
        req_error(r, 400, "%s", msg);
        goto fail;
    }
    action = t->action;
    if (!action) {
        /* NAT rules store their flowAction as the action, upper-cased. */
        action = !strcmp(flow, "accept") ? "ACCEPT" : !strcmp(flow, "continue") ? "CONTINUE"
                                                                                 : "RETURN";
    }
    json_object_set_new(cfg, "action", json_string(action));
    json_object_set_new(cfg, "chainId", json_string(chain));
    json_object_set_new(cfg, "meterName", val_jstr(meter));
    json_object_set_new(cfg, "properties", json_object());
    json_decref(targets);
    return cfg;
fail:
    free(msg);
    json_decref(cond);
    json_decref(targets);
    json_decref(cfg);
    return NULL;
}

static int rule_create(struct req *r)
{
    const char *chain = r->arg[0];
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    json_t *cfg = NULL, *list = NULL;
    const json_t *cond;
    const char *jump, *pg, *src, *dst;
    long long position;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    res_body_id(&v, r->in, id);
    if (req_invalid(r, &v))
        goto out;
    cfg = rule_from_body(r, chain, &position);
    if (!cfg)
        goto out;
    /* A missing chain fails at the ZooKeeper level in MidoNet: a 500 (§5). */
    list = rule_list(r, chain, &rc);
    if (!list) {
        req_zk_error(r, rc == ZKS_NONODE ? ZKS_FAILED : rc);
        goto out;
    }
    if (position > (long long)json_array_size(list) + 1) {
        req_error(r, 400, POSITION_MSG);
        goto out;
    }
    json_array_insert_new(list, (size_t)position - 1, json_string(id));
    cond = json_object_get(cfg, "condition");
    jump = val_get_str(cfg, "jumpToChainID");
    pg = val_get_str(cond, "portGroup");
    src = val_get_str(cond, "ipAddrGroupIdSrc");
    dst = val_get_str(cond, "ipAddrGroupIdDst");
    zks_txn_create(&t, cfg, "/rules/%s", id);
    set_rule_list_ops(&t, chain, list);
    /* Missing targets fail the transaction (NoNode), a 500 as in MidoNet. */
    if (jump)
        zks_txn_create(&t, NULL, "/chains/%s/refs/rule:%s", jump, id);
    if (pg)
        zks_txn_create(&t, NULL, "/port_groups/%s/rules/%s", pg, id);
    if (src)
        zks_txn_create(&t, NULL, "/ip_addr_groups/%s/rules/%s", src, id);
    if (dst && (!src || strcmp(src, dst)))
        zks_txn_create(&t, NULL, "/ip_addr_groups/%s/rules/%s", dst, id);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/rules/%s", id);
out:
    zks_txn_release(&t);
    json_decref(list);
    json_decref(cfg);
    return 0;
}

static int rule_delete(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    struct rule_batch b;
    enum zks_rc rc;

    rule_batch_init(&b);
    rc = rule_delete_ops(r, &t, &b, r->arg[0]);
    rule_batch_finish(&t, &b);
    return res_delete_reply(r, &t, rc);
}

static json_t *chain_dto(struct req *r, const char *id, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "tenantId", val_jstr(res_tenant(cfg)));
    json_object_set_new(o, "name", res_copy(cfg, "name"));
    json_object_set_new(o, "uri", req_uri(r, "/chains/%s", id));
    json_object_set_new(o, "rules", req_uri(r, "/chains/%s/rules", id));
    return o;
}

static int chains_list(struct req *r)
{
    return res_list(r, "/chains", chain_dto, res_keep_tenant);
}

static int chain_get(struct req *r)
{
    return res_get(r, "/chains", r->arg[0], "chain", chain_dto);
}

static int chain_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    const char *tenant, *name;
    json_t *cfg = NULL, *list;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    res_body_id(&v, r->in, id);
    /* 5.x takes a chain without a tenant or a name (Chain.java drops @NotNull). */
    tenant = SIM_DIALECT_5 ? val_str(&v, r->in, "tenantId")
                           : val_str_required(&v, r->in, "tenantId");
    name = SIM_DIALECT_5 ? d5_name(&v, r->in, "name") : val_name(&v, r->in, "name");
    if (req_invalid(r, &v))
        return 0;
    cfg = json_object();
    json_object_set_new(cfg, "name", val_jstr(name));
    json_object_set_new(cfg, "properties", res_props(tenant));
    list = json_object();
    json_object_set_new(list, "ruleList", json_array());
    rc = res_tenant_ops(r, &t, tenant);
    if (rc == ZKS_OK) {
        /* A duplicate id is a NodeExists: 500, as in MidoNet (§5). */
        zks_txn_create(&t, cfg, "/chains/%s", id);
        zks_txn_create(&t, list, "/chains/%s/rules", id);
        zks_txn_create(&t, NULL, "/chains/%s/refs", id);
        rc = zks_txn_commit(r->zk, &t);
    }
    zks_txn_release(&t);
    json_decref(list);
    json_decref(cfg);
    return rc == ZKS_OK ? req_created(r, "/chains/%s", id) : req_zk_error(r, rc);
}

/* Queue nulling the filters of device kind:id that name chain. */
static enum zks_rc unfilter_ops(struct req *r, struct zks_txn *t, const char *chain,
                                const char *kind, const char *id)
{
    static const char *const keys[] = { "inboundFilter", "outboundFilter" };
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/%ss/%s", kind, id);

    if (!cfg)
        return rc == ZKS_NONODE || rc == ZKS_FAILED ? ZKS_OK : rc;
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        const char *f = val_get_str(cfg, keys[i]);

        if (f && !strcmp(f, chain))
            json_object_set_new(cfg, keys[i], json_null());
    }
    zks_txn_set(t, cfg, "/%ss/%s", kind, id);
    json_decref(cfg);
    return ZKS_OK;
}

/*
 * Deleting a chain deletes its rules and the jump rules that target it, and nulls the
 * filters that name it (§5); its refs go with its tree. MidoNet 5.x binds a chain to its
 * own rules and to the devices it filters, not to the rules that jump to it: those stay,
 * jumping to a chain that is gone.
 */
static int chain_delete(struct req *r)
{
    struct zks_names refs = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    const char *id = r->arg[0];
    struct rule_batch b;
    json_t *list, *rid;
    enum zks_rc rc = zks_exists(r->zk, "/chains/%s", id);
    size_t i;

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
    rule_batch_init(&b);
    list = rule_list(r, id, &rc);
    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    json_array_foreach(list, i, rid)
        if (rc == ZKS_OK && json_is_string(rid))
            rc = rule_delete_ops(r, &t, &b, json_string_value(rid));
    if (rc == ZKS_OK)
        rc = zks_children(r->zk, &refs, "/chains/%s/refs", id);
    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (i = 0; rc == ZKS_OK && i < refs.nr; i++) {
        char *colon = strchr(refs.v[i], ':');

        if (!colon)
            continue;
        *colon = '\0';
        if (!strcmp(refs.v[i], "rule") && !SIM_DIALECT_5)
            rc = rule_delete_ops(r, &t, &b, colon + 1);
        else if (!strcmp(refs.v[i], "router") || !strcmp(refs.v[i], "bridge") ||
                 !strcmp(refs.v[i], "port"))
            rc = unfilter_ops(r, &t, id, refs.v[i], colon + 1);
    }
    if (rc == ZKS_OK)
        rc = zks_txn_delete_tree(r->zk, &t, "/chains/%s", id);
    rule_batch_finish(&t, &b);
    zks_names_release(&refs);
    json_decref(list);
    return res_delete_reply(r, &t, rc);
}

#define RULE_TYPES "Rule-v2 Rule-v1 json"

const struct route res_chain_routes[] = {
    { "GET", "/chains", "collection.Chain-v1 json", chains_list },
    { "POST", "/chains", "Chain-v1 json", chain_create },
    { "GET", "/chains/{id}", "Chain-v1 json", chain_get },
    { "DELETE", "/chains/{id}", NULL, chain_delete },
    { "GET", "/chains/{id}/rules", "collection.Rule-v2 collection.Rule-v1 json", rules_list },
    { "POST", "/chains/{id}/rules", RULE_TYPES, rule_create },
    { "GET", "/rules/{id}", RULE_TYPES, rule_get },
    { "DELETE", "/rules/{id}", NULL, rule_delete },
    { NULL, NULL, NULL, NULL },
};
