/*
 * res5: the 5.x dialect's layer over the 1.9 resources (see res5.h): the translated
 * route tables, the pre- and post-hooks around 1.9 handlers, the 5.x fields of the
 * representations 1.9 files build, and what the res5_*.c files share.
 */
#include "tests/sim/res5.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sim_dialect = 19;

const struct route *const *d5_tables;
size_t d5_ntables;

/*
 * A port's peering table (RouterPortResource's peering entries): remote peers, MAC and IPv4
 * address pairs, in the port's state table where 5.x keeps it,
 * zoom/0/tables/Port/<port>/peering_table, one node "<mac>,<ip>,<version>" per entry
 * (entries the API adds are persistent: version 2147483647). The router in the path is not
 * looked at, only the port (5.x reads the table by port id).
 */
#define PEERING_DIR "/zoom/0/tables/Port/%s/peering_table"
#define PEERING_VERSION "2147483647"
/* MacIpPair's @Pattern regexps (IPv4.regex, MAC.regex), as their violations quote them. */
#define IPV4_REGEX "^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}" \
                   "([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$"
#define MAC_REGEX "^((([0-9]|[a-f]|[A-F]){2}):){5}([0-9]|[a-f]|[A-F]){2}$"
#define IP_INVALID_MSG "is not a valid IP address"
#define MAC_INVALID_MSG "MAC address string must be 6 words of 1 or 2 hex digits joined with 5 ':'"

/* True when s matches IPV4_REGEX: four decimal octets, no leading zeros. */
static bool peering_ip_ok(const char *s)
{
    for (int part = 0; part < 4; part++) {
        size_t n = strspn(s, "0123456789");

        if (!n || n > 3 || (n > 1 && *s == '0') || atoi(s) > 255)
            return false;
        s += n;
        if (*s != (part < 3 ? '.' : '\0'))
            return false;
        s += part < 3;
    }
    return true;
}

/* True when s matches MAC_REGEX: six pairs of hex digits joined with ':'. */
static bool peering_mac_ok(const char *s)
{
    static const char hex[] = "0123456789abcdefABCDEF";

    if (strlen(s) != 17)
        return false;
    for (int i = 0; i < 17; i++)
        if (i % 3 == 2 ? s[i] != ':' : !s[i] || !strchr(hex, s[i]))
            return false;
    return true;
}

static json_t *peering_dto(struct req *r, const char *mac, const char *ip)
{
    json_t *o = json_object();
    char dashed[18];

    val_mac_uri(mac, dashed);
    json_object_set_new(o, "ip", json_string(ip));
    json_object_set_new(o, "mac", json_string(mac));
    json_object_set_new(o, "uri", req_uri(r, "/routers/%s/ports/%s/peering_table/%s_%s",
                                          r->arg[0], r->arg[1], ip, dashed));
    return o;
}

static bool port_exists(struct req *r)
{
    return zks_exists(r->zk, "/ports/%s", r->arg[1]) == ZKS_OK;
}

static int peering_table_list(struct req *r)
{
    struct zks_names names = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *out;

    if (!port_exists(r))
        return d5_not_found(r, "Port", r->arg[1]);
    rc = zks_children_by_age(r->zk, &names, PEERING_DIR, r->arg[1]);
    if (rc != ZKS_OK && rc != ZKS_NONODE) {
        zks_names_release(&names);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < names.nr; i++) {
        char *mac = names.v[i], *ip = strchr(mac, ','), *ver;

        if (!ip)
            continue;
        *ip++ = '\0';
        if ((ver = strchr(ip, ',')))
            *ver = '\0';
        json_array_append_new(out, peering_dto(r, mac, ip));
    }
    zks_names_release(&names);
    return req_ok(r, out);
}

/* POST: 400 on a violation, 404 when the port has no table, 409 when the entry is there. */
static int peering_table_add(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    const char *ip, *mac;
    char norm[18], dashed[18], *dir, *abs;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    ip = val_str_required(&v, r->in, "ip");
    if (ip && !peering_ip_ok(ip))
        val_violation(&v, "ip", "must match \"" IPV4_REGEX "\"");
    mac = val_str_required(&v, r->in, "mac");
    if (mac && !peering_mac_ok(mac))
        val_violation(&v, "mac", "must match \"" MAC_REGEX "\"");
    if (req_invalid(r, &v))
        return 0;
    if (!port_exists(r))
        return req_error(r, 404, "Resource not found");
    val_mac_norm(mac, norm);
    dir = xasprintf(PEERING_DIR, r->arg[1]);
    abs = zks_abs(r->zk, dir);
    rc = zks_ensure_abs(r->zk, abs);
    free(abs);
    /* A pair already there fails the commit: ZKS_EXISTS, 409 below. */
    zks_txn_create(&t, NULL, "%s/%s,%s," PEERING_VERSION, dir, norm, ip);
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    free(dir);
    if (rc != ZKS_OK)
        return rc == ZKS_EXISTS ? req_error(r, 409, "Conflicting write")
                                    : req_zk_error(r, rc);
    /* The Location names the pair as it was sent, the MAC's colons made dashes. */
    val_mac_uri(mac, dashed);
    return req_created(r, "/routers/%s/ports/%s/peering_table/%s_%s", r->arg[0], r->arg[1], ip,
                       dashed);
}

/*
 * GET and DELETE of one entry, "<ip>_<mac>" with the MAC's colons as dashes: a malformed
 * address or MAC is 400; deleting what is not there is 204.
 */
static int peering_entry(struct req *r)
{
    const char *seg = r->arg[2], *us = strchr(seg, '_');
    char ip[16], raw[32], mac[18], *node;
    size_t n = us ? (size_t)(us - seg) : strlen(seg);
    uint32_t a;
    enum zks_rc rc;

    snprintf(raw, sizeof(raw), "%.*s", (int)(n < sizeof(raw) ? n : sizeof(raw) - 1), seg);
    if (n >= sizeof(raw) || val_ipv4(raw, &a) < 0)
        return req_error(r, 400, IP_INVALID_MSG);
    val_ipv4_str(a, ip);
    n = us ? strcspn(us + 1, "_") : 0;
    snprintf(raw, sizeof(raw), "%.*s", (int)(n < sizeof(raw) ? n : sizeof(raw) - 1),
             us ? us + 1 : "");
    for (char *p = raw; *p; p++)
        if (*p == '-')
            *p = ':';
    if (!us || n >= sizeof(raw) || !val_is_mac(raw))
        return req_error(r, 400, MAC_INVALID_MSG);
    val_mac_norm(raw, mac);
    node = xasprintf(PEERING_DIR "/%s,%s," PEERING_VERSION, r->arg[1], mac, ip);
    rc = zks_exists(r->zk, "%s", node);
    if (r->method == REQ_DELETE) {
        struct zks_txn t = ZKS_TXN_INIT;

        if (rc == ZKS_OK)
            zks_txn_delete(&t, "%s", node);
        free(node);
        return res_delete_reply(r, &t, rc == ZKS_NONODE ? ZKS_OK : rc);
    }
    free(node);
    if (rc == ZKS_OK)
        return req_ok(r, peering_dto(r, mac, ip));
    if (rc != ZKS_NONODE)
        return req_zk_error(r, rc);
    /* 5.x's message key for this is missing from its bundle: the lookup fails, 500. */
    return req_error(r, 500, "Can't find resource for bundle java.util.PropertyResourceBundle, "
                             "key midokura.javarx.PeeringEntryNotFound.message");
}

/* Queue deleting the peering tables of ports that are gone (after a delete took some). */
static enum zks_rc peering_sweep_ops(struct req *r, struct zks_txn *t)
{
    struct zks_names names = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_children(r->zk, &names, "/zoom/0/tables/Port");

    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++)
        if (zks_exists(r->zk, "/ports/%s", names.v[i]) == ZKS_NONODE)
            rc = zks_txn_delete_tree(r->zk, t, "/zoom/0/tables/Port/%s", names.v[i]);
    zks_names_release(&names);
    return rc == ZKS_NONODE ? ZKS_OK : rc;
}

/*
 * What 5.x does to objects 1.9 has that 1.9 did not: change a port group in place, a router
 * port's peering table.
 */
static const struct route own_routes[] = {
    { "PUT", "/port_groups/{id}", "PortGroup-v1 json", res_port_group_update },
    { "GET", "/routers/{id}/ports/{id}/peering_table", "MacIp-v1 json", peering_table_list },
    { "POST", "/routers/{id}/ports/{id}/peering_table", "MacIp-v1", peering_table_add },
    { "GET", "/routers/{id}/ports/{id}/peering_table/{s}", "MacIp-v1 json", peering_entry },
    { "DELETE", "/routers/{id}/ports/{id}/peering_table/{s}", NULL, peering_entry },
    { NULL, NULL, NULL, NULL },
};

/* The 5.x-only tables, first: they win where a 1.9 path is the same. */
static const struct route *const native_tables[] = {
    res5_root_routes, res5_bgp_routes, res5_obj_routes, res5_vtep_routes, own_routes,
};

/* A translated 1.9 route and the route it came from. */
struct xroute {
    struct route rt;
    const struct route *orig;
};
static struct xroute *xroutes;
static size_t nxroutes;

/*
 * The 5.x media types of a 1.9 type name (doc/simulator.md), newest first; NULL: 5.x has no
 * such type and the routes using it are gone. Names not listed keep their newest 1.9
 * version (v1 for all of them).
 */
static const struct {
    const char *name, *types;
} type_map[] = {
    { "Application", "Application-v5" },
    { "Tenant", "Tenant-v2" },
    { "Router", "Router-v3" },
    { "Bridge", "Bridge-v5 Bridge-v4" },
    { "Port", "Port-v4 Port-v3" },
    { "Host", "Host-v3" },
    { "MacPort", "MacPort-v2" },
    { "DhcpHost", "DhcpHost-v2" },
    { "DhcpSubnet", "DhcpSubnet-v2" },
    { "VTEP", "VTEP-v2" },
    { "VTEPBinding", "VTEPBinding-v2" },
    { "Rule", "Rule-v2" },
    { "SystemState", "SystemState-v2" },
    { "Bgp", NULL },
    { "AdRoute", NULL },
    { "WriteVersion", NULL },
    { "HostVersion", NULL },
};

/* 1.9 routes 5.x does not have (beyond those of the removed types) or serves itself. */
static const struct {
    const char *method, *pattern;
} dropped[] = {
    { NULL, "/ports/{id}/vtep_bindings" },
    { NULL, "/bridges/{id}/vxlan_port" },
    { NULL, "/system_state" },
    { NULL, "/tenants" },
    { NULL, "/tenants/{s}" },
    { NULL, "/" },
    { NULL, "/vteps" },
    { NULL, "/vteps/{s}" },
    { NULL, "/vteps/{s}/ports" },
    { NULL, "/vteps/{s}/bindings" },
    { NULL, "/vteps/{s}/bindings/{s}/{s}" },
};

/* Split a type token "collection.Bridge-v3" into prefix length and name (no -vN). */
static void token_name(const char *tok, size_t len, size_t *plen, const char **name,
                       size_t *nlen)
{
    const char *dash;
    static const char coll[] = "collection.";

    *plen = len > sizeof(coll) - 1 && !memcmp(tok, coll, sizeof(coll) - 1) ? sizeof(coll) - 1 : 0;
    *name = tok + *plen;
    *nlen = len - *plen;
    dash = NULL;
    for (const char *p = *name; p < tok + len; p++)
        if (*p == '-')
            dash = p;
    if (dash)
        *nlen = (size_t)(dash - *name);
}

/* The 5.x types of a 1.9 route's types; NULL when the route is gone. The caller's. */
static char *translate(const char *types, bool *gone)
{
    struct strbuf out = STRBUF_INIT, seen = STRBUF_INIT;
    const char *p = types;

    *gone = false;
    while (*p) {
        const char *tok, *name;
        size_t len, plen, nlen;
        char key[96];

        while (*p == ' ')
            p++;
        if (!*p)
            break;
        tok = p;
        while (*p && *p != ' ')
            p++;
        len = (size_t)(p - tok);
        if (len == 4 && !memcmp(tok, "json", 4)) {
            if (!seen.buf || !strstr(seen.buf, " json ")) {
                strbuf_addf(&out, "%sjson", out.len ? " " : "");
                strbuf_addstr(&seen, " json ");
            }
            continue;
        }
        token_name(tok, len, &plen, &name, &nlen);
        snprintf(key, sizeof(key), " %.*s%.*s ", (int)plen, tok, (int)nlen, name);
        if (seen.buf && strstr(seen.buf, key))
            continue;
        strbuf_addstr(&seen, key);
        size_t i;
        for (i = 0; i < ARRAY_SIZE(type_map); i++)
            if (strlen(type_map[i].name) == nlen && !memcmp(type_map[i].name, name, nlen))
                break;
        if (i == ARRAY_SIZE(type_map)) {
            strbuf_addf(&out, "%s%.*s", out.len ? " " : "", (int)len, tok);
            continue;
        }
        if (!type_map[i].types) {
            *gone = true;
            break;
        }
        for (const char *q = type_map[i].types; *q;) {
            const char *t = q;

            while (*q && *q != ' ')
                q++;
            strbuf_addf(&out, "%s%.*s%.*s", out.len ? " " : "", (int)plen, tok, (int)(q - t), t);
            while (*q == ' ')
                q++;
        }
    }
    strbuf_release(&seen);
    if (*gone) {
        strbuf_release(&out);
        return NULL;
    }
    return strbuf_detach(&out);
}

static bool is_dropped(const struct route *rt)
{
    for (size_t i = 0; i < ARRAY_SIZE(dropped); i++)
        if ((!dropped[i].method || !strcmp(dropped[i].method, rt->method)) &&
            !strcmp(dropped[i].pattern, rt->pattern))
            return true;
    return false;
}

/* The 5.x directories. */
static const char *const d5_classes[] = {
    "BgpPeer", "BgpNetwork", "Mirror", "L2Insertion", "QosPolicy", "QosRuleBandwidthLimit",
    "QosRuleDscp", "ServiceContainer", "ServiceContainerGroup",
};

int d5_init(const struct route *const *tables, size_t n, struct zks *zk)
{
    size_t total = 0, k = 0, t;
    const struct route **all;

    for (t = 0; t < n; t++)
        for (const struct route *rt = tables[t]; rt->method; rt++)
            total++;
    xroutes = xcalloc(total + 1, sizeof(*xroutes));
    for (t = 0; t < n; t++) {
        for (const struct route *rt = tables[t]; rt->method; rt++) {
            bool gone = false;
            char *types = NULL;

            if (is_dropped(rt))
                continue;
            if (rt->types) {
                types = translate(rt->types, &gone);
                if (gone)
                    continue;
            }
            xroutes[k].rt = *rt;
            xroutes[k].rt.types = types;
            xroutes[k].orig = rt;
            k++;
        }
    }
    nxroutes = k;
    /* One table of the translated routes: a table is a zero-ended array of routes. */
    struct route *flat = xcalloc(k + 1, sizeof(*flat));

    for (size_t i = 0; i < k; i++)
        flat[i] = xroutes[i].rt;
    all = xcalloc(ARRAY_SIZE(native_tables) + 1, sizeof(*all));
    for (t = 0; t < ARRAY_SIZE(native_tables); t++)
        all[t] = native_tables[t];
    all[t] = flat;
    d5_tables = all;
    d5_ntables = t + 1;
    /* 5.x's own classes, and those zks keeps a copy of each 1.9 object in (zks.h). */
    size_t ncopied;
    const char *const *copied = zks_zoom_classes(&ncopied);

    for (size_t i = 0; i < ARRAY_SIZE(d5_classes) + ncopied; i++) {
        const char *cls = i < ARRAY_SIZE(d5_classes) ? d5_classes[i]
                                                     : copied[i - ARRAY_SIZE(d5_classes)];
        char *rel = xasprintf(D5_MODELS "/%s", cls), *abs = zks_abs(zk, rel);
        enum zks_rc rc = zks_ensure_abs(zk, abs);

        free(abs);
        free(rel);
        if (rc != ZKS_OK)
            return error("cannot create the 5.x tree under %s", *zk->root ? zk->root : "/");
    }
    char *ext = zks_abs(zk, D5_EXT);
    enum zks_rc rc = zks_ensure_abs(zk, ext);

    free(ext);
    zk->zoom = true;
    return rc == ZKS_OK ? 0 : error("cannot create %s" D5_EXT, zk->root);
}

static const struct route *orig_of(const struct route *rt)
{
    const struct route *flat = d5_tables[d5_ntables - 1];

    if (rt < flat || rt >= flat + nxroutes)
        return NULL;
    return xroutes[rt - flat].orig;
}

/* The newest 1.9 version among a route's types (1 for json only). */
static int newest_version(const char *types)
{
    const char *p = types ? strstr(types, "-v") : NULL;

    return p ? atoi(p + 2) : 1;
}

bool d5_header_ok(const char *value)
{
    return value && *value && !strchr(value, ',');
}

bool d5_root_known(const char *seg)
{
    static const char *const segs[] = {
        "bgp_networks", "bgp_peers", "bridges", "chains", "conf", "health_monitors", "hosts",
        "ip_addr_groups", "l2insertions", "load_balancers", "mirrors", "neutron",
        "pool_members", "pools", "port_groups", "ports", "qos_policies",
        "qos_bw_limit_rules", "qos_dscp_rules", "routes", "routers", "rules",
        "service_container_groups", "service_containers", "system_state", "tenants",
        "traces", "tunnel_zones", "vips", "vteps",
    };

    for (size_t i = 0; i < ARRAY_SIZE(segs); i++)
        if (!strcmp(seg, segs[i]))
            return true;
    return false;
}

void d5_finish(struct req *r)
{
    const json_t *msg = json_object_get(r->out, "message");

    if ((r->status == 404 || r->status == 405 || r->status == 406 || r->status == 415) &&
        json_is_object(r->out) && json_is_null(msg) &&
        !json_object_get(r->out, "violations")) {
        json_decref(r->out);
        r->out = NULL;
    }
}

const char *d5_name(struct val *v, const json_t *o, const char *key)
{
    const char *s = val_str(v, o, key);

    if (s && strlen(s) > 255)
        val_violation(v, key, "size must be between 0 and 255");
    return s;
}

int d5_not_found(struct req *r, const char *cls, const char *id)
{
    return req_error(r, 404, "There is no %s with ID %s.", cls, id);
}

json_t *d5_get(struct req *r, const char *cls, const char *id, enum zks_rc *rc)
{
    return zks_get_json(r->zk, rc, NULL, D5_MODELS "/%s/%s", cls, id);
}

bool d5_exists(struct req *r, const char *rel)
{
    return zks_exists(r->zk, "%s", rel) == ZKS_OK;
}

json_t *d5_ext(struct req *r, const char *id)
{
    enum zks_rc rc;
    json_t *o = zks_get_json(r->zk, &rc, NULL, D5_EXT "/%s", id);

    if (!json_is_object(o)) {
        json_decref(o);
        o = json_object();
    }
    return o;
}

enum zks_rc d5_cascade_ops(struct req *r, struct zks_txn *t, const char *cls, const char *key,
                           const char *id)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *objs = zks_list_json(r->zk, &rc, &ids, D5_MODELS "/%s", cls);

    if (objs) {
        for (size_t i = 0; i < ids.nr; i++) {
            const char *v = val_get_str(json_array_get(objs, i), key);

            if (v && !strcmp(v, id) && !zks_txn_deletes(t, D5_MODELS "/%s/%s", cls, ids.v[i]))
                zks_txn_delete(t, D5_MODELS "/%s/%s", cls, ids.v[i]);
        }
        rc = ZKS_OK;
    } else if (rc == ZKS_NONODE) {
        rc = ZKS_OK;
    }
    json_decref(objs);
    zks_names_release(&ids);
    return rc;
}

json_t *d5_uuid_list(struct val *v, const json_t *in, const char *key)
{
    const json_t *a = json_object_get(in, key), *x;
    json_t *out = json_array();
    size_t i;

    if (!a || json_is_null(a))
        return out;
    if (!json_is_array(a)) {
        v->bad = true;
        json_decref(out);
        return NULL;
    }
    json_array_foreach(a, i, x) {
        char id[UUID_LEN + 1];

        if (!json_is_string(x) || val_uuid_norm(json_string_value(x), id) < 0) {
            v->bad = true;
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, json_string(id));
    }
    return out;
}

/*
 * The 5.x-only fields of objects 1.9 also has, kept in the sidecar. kind: the 1.9 type
 * name; ref: the class (5.x) or 1.9 directory ("/chains") an id must name.
 */
enum xkind { X_INT, X_BOOL, X_UUID, X_UUIDS, X_CIDRS };
static const struct xfield {
    const char *type, *key;
    enum xkind kind;
    const char *ref;
    long long min, max, dflt;
    bool router_port;           /* Port: only on router ports */
    bool kept;                  /* no storage binding: deleting what it names leaves it */
} xfields[] = {
    { "Router", "asNumber", X_INT, NULL, 0, 4294967295LL, 0, false, false },
    { "Router", "inboundMirrorIds", X_UUIDS, "Mirror", 0, 0, 0, false, false },
    { "Router", "outboundMirrorIds", X_UUIDS, "Mirror", 0, 0, 0, false, false },
    { "Router", "localRedirectChainId", X_UUID, "/chains", 0, 0, 0, false, false },
    { "Router", "forwardChainId", X_UUID, "/chains", 0, 0, 0, false, true },
    { "Bridge", "inboundMirrorIds", X_UUIDS, "Mirror", 0, 0, 0, false, false },
    { "Bridge", "outboundMirrorIds", X_UUIDS, "Mirror", 0, 0, 0, false, false },
    { "Bridge", "qosPolicyId", X_UUID, "QosPolicy", 0, 0, 0, false, false },
    { "Port", "inboundMirrorIds", X_UUIDS, "Mirror", 0, 0, 0, false, false },
    { "Port", "outboundMirrorIds", X_UUIDS, "Mirror", 0, 0, 0, false, false },
    { "Port", "postInFilterMirrorIds", X_UUIDS, "Mirror", 0, 0, 0, false, false },
    { "Port", "preOutFilterMirrorIds", X_UUIDS, "Mirror", 0, 0, 0, false, false },
    { "Port", "qosPolicyId", X_UUID, "QosPolicy", 0, 0, 0, false, false },
    { "Port", "portSubnet", X_CIDRS, NULL, 0, 0, 0, true, false },
    { "Port", "rtrPortVni", X_INT, NULL, 0, 0xFFFFFF, -1, true, false },
    { "Port", "offRampVxlan", X_BOOL, NULL, 0, 0, 0, true, false },
    { "Port", "serviceContainerId", X_UUID, "ServiceContainer", 0, 0, 0, true, false },
    { "Host", "containerWeight", X_INT, NULL, 0, 2147483647LL, 1, false, false },
    { "Host", "containerLimit", X_INT, NULL, -1, 2147483647LL, -1, false, false },
    { "Host", "enforceContainerLimit", X_BOOL, NULL, 0, 0, 0, false, false },
};

/* Take id out of sidecar field f of ext: true when it was there. */
static bool unref(const struct xfield *f, json_t *ext, const char *id)
{
    json_t *v = json_object_get(ext, f->key);
    bool changed = false;

    if (f->kind == X_UUID && json_is_string(v) && !strcmp(json_string_value(v), id)) {
        json_object_set_new(ext, f->key, json_null());
        return true;
    }
    for (size_t j = json_array_size(v); f->kind == X_UUIDS && j-- > 0;) {
        const char *s = json_string_value(json_array_get(v, j));

        if (s && !strcmp(s, id)) {
            json_array_remove(v, j);
            changed = true;
        }
    }
    return changed;
}

enum zks_rc d5_unref_ops(struct req *r, struct zks_txn *t, const char *cls, const json_t *ids)
{
    struct zks_names names = ZKS_NAMES_INIT;
    enum zks_rc rc = ZKS_OK;
    json_t *exts = json_array_size(ids) ? zks_list_json(r->zk, &rc, &names, D5_EXT) : NULL;
    const json_t *id;
    size_t j;

    /* Each sidecar written once, without any of them. */
    for (size_t i = 0; exts && i < names.nr; i++) {
        json_t *ext = json_array_get(exts, i);
        bool changed = false;

        for (size_t k = 0; k < ARRAY_SIZE(xfields); k++)
            if (xfields[k].ref && !strcmp(xfields[k].ref, cls) && !xfields[k].kept)
                json_array_foreach(ids, j, id)
                    changed |= unref(&xfields[k], ext, json_string_value(id));
        if (changed)
            zks_txn_set(t, ext, D5_EXT "/%s", names.v[i]);
    }
    if (exts || !json_array_size(ids) || rc == ZKS_NONODE)
        rc = ZKS_OK;
    json_decref(exts);
    zks_names_release(&names);
    return rc;
}

/* The ids of the 5.x objects of class cls whose key is id, as a JSON array. */
json_t *d5_ids_with(struct req *r, const char *cls, const char *key, const char *id)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *objs = zks_list_json(r->zk, &rc, &ids, D5_MODELS "/%s", cls), *out = json_array();

    for (size_t i = 0; objs && i < ids.nr; i++) {
        const char *v = val_get_str(json_array_get(objs, i), key);

        if (v && !strcmp(v, id))
            json_array_append_new(out, json_string(ids.v[i]));
    }
    json_decref(objs);
    zks_names_release(&ids);
    return out;
}

static bool ref_exists(struct req *r, const char *ref, const char *id)
{
    if (ref[0] == '/')
        return zks_exists(r->zk, "%s/%s", ref, id) == ZKS_OK;
    return zks_exists(r->zk, D5_MODELS "/%s/%s", ref, id) == ZKS_OK;
}

static const char *ref_class(const char *ref)
{
    return ref[0] == '/' ? "Chain" : ref;
}

/*
 * The sidecar of a POST or PUT body of type (NULL when the body was refused: the reply
 * is set). Referenced ids must exist (404, as 5.x's storage bindings answer).
 */
static json_t *ext_from_body(struct req *r, const char *type, bool router_port)
{
    struct val v;
    json_t *ext = json_object();
    const char *missing_cls = NULL, *missing_id = NULL;

    val_init(&v);
    for (size_t i = 0; i < ARRAY_SIZE(xfields); i++) {
        const struct xfield *f = &xfields[i];
        json_t *x = NULL;

        if (strcmp(f->type, type) || (f->router_port && !router_port))
            continue;
        switch (f->kind) {
        case X_INT: {
            bool present;
            long long n = val_int(&v, r->in, f->key, f->dflt, &present);

            if (present)
                val_range(&v, f->key, n, f->min, f->max);
            x = present || f->dflt != -1 || strcmp(f->key, "rtrPortVni") ? json_integer(n)
                                                                          : json_null();
            break;
        }
        case X_BOOL:
            x = json_boolean(val_bool(&v, r->in, f->key, f->dflt != 0));
            break;
        case X_UUID:
            x = val_uuid(&v, r->in, f->key);
            if (json_is_string(x) && !missing_cls && !ref_exists(r, f->ref, json_string_value(x))) {
                missing_cls = ref_class(f->ref);
                missing_id = json_string_value(x);
            }
            break;
        case X_UUIDS: {
            const json_t *e;
            size_t j;

            x = d5_uuid_list(&v, r->in, f->key);
            json_array_foreach(x, j, e)
                if (!missing_cls && !ref_exists(r, f->ref, json_string_value(e))) {
                    missing_cls = ref_class(f->ref);
                    missing_id = json_string_value(e);
                }
            break;
        }
        case X_CIDRS: {
            const json_t *a = json_object_get(r->in, f->key), *e;
            size_t j;

            x = json_array();
            if (a && !json_is_null(a) && !json_is_array(a))
                v.bad = true;
            json_array_foreach(a, j, e) {
                const char *s = json_is_string(e) ? json_string_value(e) : NULL;
                const char *slash = s ? strchr(s, '/') : NULL;
                unsigned char a6[16];
                uint32_t a4;
                char *addr = slash ? xstrndup(s, (size_t)(slash - s)) : NULL;
                char *end = NULL;
                long len = slash ? strtol(slash + 1, &end, 10) : -1;
                bool v4 = addr && val_ipv4(addr, &a4) == 0;
                bool ok = addr && (v4 || val_ipv6(addr, a6) == 0) && end && !*end &&
                          end != slash + 1 && len >= 0 && len <= (v4 ? 32 : 128);

                free(addr);
                if (!ok)
                    val_violation(&v, f->key, "is not a valid CIDR");
                else
                    json_array_append_new(x, json_string(s));
            }
            break;
        }
        }
        if (x)
            json_object_set_new(ext, f->key, x);
    }
    if (req_invalid(r, &v)) {
        json_decref(ext);
        return NULL;
    }
    if (missing_cls) {
        d5_not_found(r, missing_cls, missing_id);
        json_decref(ext);
        return NULL;
    }
    return ext;
}

/* The UUID a reply's Location ends with, into id; false when there is none. */
static bool location_id(const struct req *r, char *id)
{
    const char *slash = r->location ? strrchr(r->location, '/') : NULL;

    return slash && val_uuid_norm(slash + 1, id) == 0;
}

/* What 1.9's collections of objects are stored as, for the 404/409 checks. */
static const struct {
    const char *coll, *dir, *cls;
    bool delete_404;            /* DELETE of a missing one is 404 (else 204) */
} stores[] = {
    { "/bridges", "/bridges", "Network", true },
    { "/ports", "/ports", "Port", true },
    { "/chains", "/chains", "Chain", true },
    { "/rules", "/rules", "Rule", true },
    { "/hosts", "/hosts", "Host", true },
    { "/routers", "/routers", "Router", false },
    { "/routes", "/routes", "Route", false },
    { "/port_groups", "/port_groups", "PortGroup", false },
    { "/ip_addr_groups", "/ip_addr_groups", "IPAddrGroup", false },
    { "/tunnel_zones", "/tunnel_zones", "TunnelZone", false },
    { "/traces", "/traces", "TraceRequest", false },
};

static int store_of(const char *pattern)
{
    for (size_t i = 0; i < ARRAY_SIZE(stores); i++) {
        size_t n = strlen(stores[i].coll);

        if (!strncmp(pattern, stores[i].coll, n) &&
            (!pattern[n] || !strcmp(pattern + n, "/{id}")))
            return (int)i;
    }
    return -1;
}

static bool is(const struct route *rt, const char *method, const char *pattern)
{
    return !strcmp(rt->method, method) && !strcmp(rt->pattern, pattern);
}

/* A body default: key set to val when absent (r->in is ours until dispatch ends). */
static void body_default(struct req *r, const char *key, json_t *val)
{
    if (r->in && !json_object_get(r->in, key))
        json_object_set(r->in, key, val);
    json_decref(val);
}

/* Derive a router port's networkAddress, networkLength and portAddress from portSubnet. */
static void derive_port_address(struct req *r)
{
    const json_t *a = json_object_get(r->in, "portSubnet"), *e;
    size_t i;

    if (json_object_get(r->in, "portAddress") &&
        !json_is_null(json_object_get(r->in, "portAddress")))
        return;
    json_array_foreach(a, i, e) {
        const char *s = json_string_value(e), *slash = s ? strchr(s, '/') : NULL;
        char addr[64], net[16];
        uint32_t a4;
        long len;

        if (!slash || (size_t)(slash - s) >= sizeof(addr))
            continue;
        memcpy(addr, s, (size_t)(slash - s));
        addr[slash - s] = '\0';
        len = strtol(slash + 1, NULL, 10);
        if (val_ipv4(addr, &a4) < 0 || len < 0 || len > 32)
            continue;
        val_ipv4_str(len ? a4 & (uint32_t)(0xffffffffu << (32 - len)) : 0, net);
        json_object_set_new(r->in, "portAddress", json_string(addr));
        json_object_set_new(r->in, "networkAddress", json_string(net));
        json_object_set_new(r->in, "networkLength", json_integer(len));
        return;
    }
}

/*
 * A 5.x condition field 1.9's rules do not have (Condition.java at 5.x): the in- and
 * out-port groups, VLANs, the addresses an ICMP error quotes, packets a dnat rewrote.
 */
static const struct {
    const char *key;
    enum { R_BOOL, R_UUID, R_INT, R_IPV4, R_LEN } kind;
} rule5_fields[] = {
    { "inPortGroup", R_UUID }, { "invInPortGroup", R_BOOL },
    { "outPortGroup", R_UUID }, { "invOutPortGroup", R_BOOL },
    { "noVlan", R_BOOL }, { "vlan", R_INT },
    { "icmpDataSrcIpAddress", R_IPV4 }, { "icmpDataSrcIpLength", R_LEN },
    { "invIcmpDataSrcIp", R_BOOL },
    { "icmpDataDstIpAddress", R_IPV4 }, { "icmpDataDstIpLength", R_LEN },
    { "invIcmpDataDstIp", R_BOOL },
    { "matchNwDstRewritten", R_BOOL },
};

/* The 5.x condition fields of a rule body into ext (their defaults when absent). */
static void rule5_conditions(struct val *v, const json_t *in, json_t *ext)
{
    for (size_t i = 0; i < ARRAY_SIZE(rule5_fields); i++) {
        const char *key = rule5_fields[i].key, *s;
        json_t *x = NULL;
        bool present;
        long long n;
        uint32_t a4;

        switch (rule5_fields[i].kind) {
        case R_BOOL:
            x = json_boolean(val_bool(v, in, key, false));
            break;
        case R_UUID:
            x = val_uuid(v, in, key);
            break;
        case R_INT:
            n = val_int(v, in, key, 0, &present);
            x = present ? json_integer(n) : json_null();
            break;
        case R_IPV4:
            s = val_str(v, in, key);
            if (s && val_ipv4(s, &a4) < 0)
                val_violation(v, key, "is an invalid IP format");
            x = val_jstr(s);
            break;
        case R_LEN:
            n = val_int(v, in, key, 0, &present);
            val_range(v, key, n, 0, 32);
            x = json_integer(n);
            break;
        }
        json_object_set_new(ext, key, x ? x : json_null());
    }
}

/*
 * A rule's 5.x fields (Rule.java and its L2TransformRule at 5.x): the 1.9 handler stores
 * the rule with its 1.9 condition (an l2_transform rule as an accept rule), and the rest
 * goes to the sidecar, which fix_rule() reads back. NULL for a body that is no object;
 * JSON null after a 400 or 404.
 */
static json_t *rule_ext(struct req *r)
{
    const char *type = val_get_str(r->in, "type"), *flow;
    struct val v;
    json_t *ext, *target = NULL;
    long long pop, push;
    bool present, l2 = type && !strcmp(type, "l2_transform");

    if (!json_is_object(r->in))
        return NULL;
    val_init(&v);
    ext = json_object();
    rule5_conditions(&v, r->in, ext);
    if (l2) {
        flow = val_str(&v, r->in, "flowAction");
        if (flow && strcmp(flow, "accept") && strcmp(flow, "redirect"))
            val_violation(&v, "flowAction", "must match \"accept|redirect\"");
        push = val_int(&v, r->in, "pushVlan", 0, &present);
        if (present)
            val_range(&v, "pushVlan", push, 0, 65535);
        pop = val_bool(&v, r->in, "popVlan", false);
        target = val_uuid(&v, r->in, "targetPortId");
        json_object_set_new(ext, "type", json_string("l2_transform"));
        json_object_set_new(ext, "flowAction", val_jstr(flow));
        json_object_set_new(ext, "popVlan", json_boolean(pop));
        json_object_set_new(ext, "pushVlan", json_integer(push));
        json_object_set_new(ext, "targetPortId", target);
        json_object_set_new(ext, "ingress",
                            json_boolean(val_bool(&v, r->in, "ingress", false)));
        json_object_set_new(ext, "failOpen",
                            json_boolean(val_bool(&v, r->in, "failOpen", false)));
    }
    if (req_invalid(r, &v)) {
        json_decref(ext);
        return json_null();
    }
    if (json_is_string(target) &&
        zks_exists(r->zk, "/ports/%s", json_string_value(target)) != ZKS_OK) {
        d5_not_found(r, "Port", json_string_value(target));
        json_decref(ext);
        return json_null();
    }
    if (l2)
        json_object_set_new(r->in, "type", json_string("accept"));
    return ext;
}

/* The state a pre-hook hands its post-hook. */
struct hook {
    const char *type;           /* the sidecar's type, or NULL */
    json_t *ext;                /* the sidecar to write after a 201/204 */
};

/* 5.x's checks before a 1.9 handler. True when it replied. */
static bool pre_hook(struct req *r, const struct route *rt, struct hook *h)
{
    int s = store_of(rt->pattern);
    const char *id = r->arg[0];

    if (s >= 0 && r->method == REQ_POST && !strchr(rt->pattern + 1, '/') && r->in) {
        char bid[UUID_LEN + 1];
        const char *x = val_get_str(r->in, "id");

        if (x && val_uuid_norm(x, bid) == 0 &&
            zks_exists(r->zk, "%s/%s", stores[s].dir, bid) == ZKS_OK) {
            req_error(r, 409, "A(n) %s with ID %s already exists.", stores[s].cls, bid);
            return true;
        }
    }
    if (s >= 0 && id &&
        (r->method == REQ_PUT || (r->method == REQ_DELETE && stores[s].delete_404)) &&
        zks_exists(r->zk, "%s/%s", stores[s].dir, id) == ZKS_NONODE) {
        d5_not_found(r, stores[s].cls, id);
        return true;
    }
    if (r->method == REQ_DELETE && (is(rt, "DELETE", "/tunnel_zones/{id}/hosts/{id}") ||
                                    is(rt, "DELETE", "/port_groups/{id}/ports/{id}"))) {
        const char *fmt = rt->pattern[1] == 't' ? "/tunnel_zones/%s/memberships/%s"
                                                : "/port_groups/%s/ports/%s";

        if (zks_exists(r->zk, fmt, r->arg[0], r->arg[1]) == ZKS_NONODE) {
            r->status = 404;
            return true;
        }
    }
    /* Unbinding reads the port first (HostInterfacePortResource.delete): 404 without it. */
    if (is(rt, "DELETE", "/hosts/{id}/ports/{id}") &&
        zks_exists(r->zk, "/ports/%s", r->arg[1]) == ZKS_NONODE) {
        d5_not_found(r, "Port", r->arg[1]);
        return true;
    }
    /*
     * A router's load balancer binding is ERROR on the router's side (MidonetBackend's
     * bindings): deleting a router that has one is refused, 409 (ObjectReferencedException,
     * whose message names the referencing id twice).
     */
    if (is(rt, "DELETE", "/routers/{id}")) {
        enum zks_rc rc;
        json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/routers/%s", id);
        const char *lb = val_get_str(cfg, "loadBalancer");

        if (lb) {
            req_error(r, 409, "Cannot delete the Router with ID %s because it is still "
                      "referenced by the LoadBalancer with ID %s.", lb, lb);
            json_decref(cfg);
            return true;
        }
        json_decref(cfg);
    }
    if (r->method != REQ_POST && r->method != REQ_PUT)
        return false;
    if (is(rt, "POST", "/chains/{id}/rules") && (h->ext = rule_ext(r)) != NULL) {
        if (json_is_null(h->ext)) {
            json_decref(h->ext);
            h->ext = NULL;
            return true;
        }
        h->type = "Rule";
        return false;
    }
    if (is(rt, "POST", "/routers") || is(rt, "PUT", "/routers/{id}")) {
        h->type = "Router";
        body_default(r, "tenantId", json_string(""));
    } else if (is(rt, "POST", "/bridges") || is(rt, "PUT", "/bridges/{id}")) {
        const json_t *vx = json_object_get(r->in, "vxLanPortIds");

        if (r->method == REQ_POST && vx && !json_is_null(vx)) {
            req_error(r, 400, "VXLAN port ID cannot be set directly, use bindings instead.");
            return true;
        }
        h->type = "Bridge";
        body_default(r, "tenantId", json_string(""));
    } else if (is(rt, "POST", "/routers/{id}/ports") || is(rt, "POST", "/bridges/{id}/ports") ||
               is(rt, "PUT", "/ports/{id}")) {
        const char *t = val_get_str(r->in, "type");

        if (rt->pattern[1] == 'b' && t && strcmp(t, "Bridge") && strcmp(t, "ExteriorBridge") &&
            strcmp(t, "InteriorBridge")) {
            req_error(r, 400, "Not a bridge port.");
            return true;
        }
        h->type = "Port";
        if (rt->pattern[1] == 'r')
            derive_port_address(r);
    } else if (is(rt, "PUT", "/hosts/{id}")) {
        static const char *const four[] = { "floodingProxyWeight", "containerWeight",
                                            "containerLimit", "enforceContainerLimit" };
        struct val v;

        val_init(&v);
        for (size_t i = 0; i < ARRAY_SIZE(four); i++) {
            const json_t *x = json_object_get(r->in, four[i]);

            if (!x || json_is_null(x))
                val_violation(&v, four[i], MSG_NOT_NULL);
        }
        if (req_invalid(r, &v))
            return true;
        h->type = "Host";
    }
    if (h->type) {
        bool rp = rt->pattern[1] == 'r' ||
                  (r->method == REQ_PUT && !strcmp(h->type, "Port") &&
                   json_object_get(r->in, "portAddress"));

        h->ext = ext_from_body(r, h->type, rp);
        if (!h->ext)
            return true;
    }
    return false;
}

/*
 * 5.x makes a LOCAL route for each IPv4 address of a new router port's portSubnet
 * (RouterPortResource.createFilter); the 1.9 handler made the one of its portAddress.
 */
static void more_local_routes(struct req *r)
{
    const char *paddr = val_get_str(r->in, "portAddress");
    const json_t *e;
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    size_t i, n = 0;

    if (!location_id(r, id))
        return;
    json_array_foreach(json_object_get(r->in, "portSubnet"), i, e) {
        const char *s = json_string_value(e), *slash = s ? strchr(s, '/') : NULL;
        char addr[16];
        uint32_t a4;

        if (!slash || (size_t)(slash - s) >= sizeof(addr))
            continue;
        memcpy(addr, s, (size_t)(slash - s));
        addr[slash - s] = '\0';
        if (val_ipv4(addr, &a4) < 0 || (paddr && !strcmp(addr, paddr)))
            continue;
        route_local_ops(r, &t, r->arg[0], id, a4);
        n++;
    }
    if (n && zks_txn_commit(r->zk, &t) != ZKS_OK)
        req_error(r, 500, "cannot store the port's local routes");
    zks_txn_release(&t);
}

/* Cascades of a delete into 5.x-only objects; queued and committed on their own. */
static void delete_cascades(struct req *r, const struct route *rt)
{
    struct zks_txn t = ZKS_TXN_INIT;
    const char *id = r->arg[0];
    enum zks_rc rc = ZKS_OK;

    if (is(rt, "DELETE", "/routers/{id}")) {
        rc = d5_cascade_ops(r, &t, "BgpPeer", "routerId", id);
        if (rc == ZKS_OK)
            rc = d5_cascade_ops(r, &t, "BgpNetwork", "routerId", id);
    } else if (is(rt, "DELETE", "/ports/{id}")) {
        rc = d5_cascade_ops(r, &t, "L2Insertion", "portId", id);
        if (rc == ZKS_OK)
            rc = d5_cascade_ops(r, &t, "L2Insertion", "srvPortId", id);
        if (rc == ZKS_OK) {
            /* Its mirrors go, and the devices that name them forget them. */
            json_t *mirrors = d5_ids_with(r, "Mirror", "toPortId", id);

            rc = d5_unref_ops(r, &t, "Mirror", mirrors);
            json_decref(mirrors);
        }
        if (rc == ZKS_OK)
            rc = d5_cascade_ops(r, &t, "Mirror", "toPortId", id);
    } else if (is(rt, "DELETE", "/chains/{id}")) {
        /* A router's local redirect chain is cleared (its forward chain is not). */
        json_t *ids = json_pack("[s]", id);

        rc = d5_unref_ops(r, &t, "/chains", ids);
        json_decref(ids);
    }
    /* A deleted port's peering table goes with it (a router's or bridge's ports too). */
    if (rc == ZKS_OK && (is(rt, "DELETE", "/ports/{id}") || is(rt, "DELETE", "/routers/{id}") ||
                         is(rt, "DELETE", "/bridges/{id}")))
        rc = peering_sweep_ops(r, &t);
    if (rc == ZKS_OK && id && zks_exists(r->zk, D5_EXT "/%s", id) == ZKS_OK)
        zks_txn_delete(&t, D5_EXT "/%s", id);
    if (rc == ZKS_OK)
        zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
}

/* Per-request facts the representation fixes read once. */
struct fixctx {
    json_t *insertions;         /* the L2Insertion objects, or NULL before the first port */
};

static void set_default(json_t *o, const char *key, json_t *val)
{
    if (!json_object_get(o, key))
        json_object_set_new(o, key, val);
    else
        json_decref(val);
}

static void merge_ext(json_t *o, const char *type, const json_t *ext, bool router_port)
{
    for (size_t i = 0; i < ARRAY_SIZE(xfields); i++) {
        const struct xfield *f = &xfields[i];
        const json_t *x = json_object_get(ext, f->key);

        if (strcmp(f->type, type) || (f->router_port && !router_port))
            continue;
        if (x) {
            json_object_set(o, f->key, (json_t *)x);
            continue;
        }
        switch (f->kind) {
        case X_INT:
            json_object_set_new(o, f->key, f->dflt == -1 && !strcmp(f->key, "rtrPortVni")
                                               ? json_null() : json_integer(f->dflt));
            break;
        case X_BOOL: json_object_set_new(o, f->key, json_boolean(f->dflt)); break;
        case X_UUID: json_object_set_new(o, f->key, json_null()); break;
        case X_UUIDS:
        case X_CIDRS: json_object_set_new(o, f->key, json_array()); break;
        }
    }
}

static void fix_router(struct req *r, json_t *o)
{
    const char *id = val_get_str(o, "id");
    json_t *ext = d5_ext(r, id);

    merge_ext(o, "Router", ext, false);
    json_object_set_new(o, "bgpNetworks", req_uri(r, "/routers/%s/bgp_networks", id));
    json_object_set_new(o, "bgpPeers", req_uri(r, "/routers/%s/bgp_peers", id));
    json_object_set_new(o, "localRedirectChain",
                        req_uri_id(r, "chains", json_object_get(o, "localRedirectChainId")));
    json_object_set_new(o, "forwardChain",
                        req_uri_id(r, "chains", json_object_get(o, "forwardChainId")));
    json_decref(ext);
}

static void fix_bridge(struct req *r, json_t *o)
{
    const char *id = val_get_str(o, "id");
    json_t *ext = d5_ext(r, id);

    json_object_del(o, "vxLanPortId");
    json_object_del(o, "vxLanPort");
    json_object_set_new(o, "vxLanPorts", req_uri(r, "/bridges/%s/vxlan_ports", id));
    if (!json_is_array(json_object_get(o, "vxLanPortIds")))
        json_object_set_new(o, "vxLanPortIds", json_array());
    merge_ext(o, "Bridge", ext, false);
    json_decref(ext);
}

static void fix_port(struct req *r, json_t *o, struct fixctx *c)
{
    const char *id = val_get_str(o, "id"), *type = val_get_str(o, "type");
    bool router = type && strstr(type, "Router"), vxlan = type && !strcmp(type, "Vxlan");
    json_t *ext = d5_ext(r, id), *cfg, *ins;
    enum zks_rc rc;
    const json_t *e;
    size_t i;

    json_object_set_new(o, "type", json_string(router ? "Router" : vxlan ? "Vxlan" : "Bridge"));
    json_object_del(o, "bgps");
    cfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", id);
    json_object_set_new(o, "tunnelKey", res_copy(cfg, "tunnelKey"));
    if (router) {
        json_object_del(o, "vlanId");
        merge_ext(o, "Port", ext, true);
        if (!json_array_size(json_object_get(o, "portSubnet")) &&
            json_is_string(json_object_get(o, "portAddress"))) {
            json_t *l = json_array();
            json_int_t len = json_integer_value(json_object_get(o, "networkLength"));

            json_array_append_new(l, json_sprintf("%s/%d", val_get_str(o, "portAddress"),
                                                  (int)len));
            json_object_set_new(o, "portSubnet", l);
        }
        /* bgpStatus is agent state; the simulated agent keeps it at device_status/bgp. */
        struct strbuf st = STRBUF_INIT;

        json_object_set_new(o, "bgpStatus",
                            zks_get(r->zk, &st, NULL, "/device_status/bgp/%s", id) == ZKS_OK &&
                                    st.len ? json_stringn(st.buf, st.len) : json_null());
        strbuf_release(&st);
        json_object_set_new(o, "peeringTable",
                            req_uri(r, "/routers/%s/ports/%s/peering_table",
                                    val_get_str(o, "deviceId") ? val_get_str(o, "deviceId") : "",
                                    id));
        json_object_set_new(o, "serviceContainer",
                            req_uri_id(r, "service_containers",
                                       json_object_get(o, "serviceContainerId")));
    } else {
        static const char *const router_keys[] = { "networkAddress", "networkLength",
                                                   "portAddress", "portMac" };

        for (i = 0; i < ARRAY_SIZE(router_keys); i++)
            json_object_del(o, router_keys[i]);
        if (!json_is_integer(json_object_get(o, "vlanId")))
            json_object_set_new(o, "vlanId", json_integer(0));
        merge_ext(o, "Port", ext, false);
    }
    if (vxlan) {
        json_object_del(o, "mgmtIpAddr");
        json_object_del(o, "mgmtPort");
        json_object_del(o, "vni");
        json_object_del(o, "bindings");
        json_t *vid = json_null();
        const char *ip = val_get_str(cfg, "mgmtIpAddr");

        if (ip) {
            char u[UUID_LEN + 1];

            val_uuid_from_name(ip, u);
            json_decref(vid);
            vid = json_string(u);
        }
        json_object_set_new(o, "vtepId", vid);
    }
    if (!c->insertions) {
        struct zks_names ids = ZKS_NAMES_INIT;
        json_t *objs = zks_list_json(r->zk, &rc, &ids, D5_MODELS "/L2Insertion");

        c->insertions = json_object();
        for (i = 0; objs && i < ids.nr; i++)
            json_object_set(c->insertions, ids.v[i], json_array_get(objs, i));
        json_decref(objs);
        zks_names_release(&ids);
    }
    ins = json_array();
    const char *k;
    json_object_foreach(c->insertions, k, e) {
        const char *p = val_get_str(e, "portId");

        if (p && !strcmp(p, id))
            json_array_append_new(ins, json_string(k));
    }
    json_object_set_new(o, "insertionIds", ins);
    json_decref(cfg);
    json_decref(ext);
}

static void fix_host(struct req *r, json_t *o)
{
    const char *id = val_get_str(o, "id");
    json_t *ext = d5_ext(r, id), *addrs = json_object_get(o, "addresses"), *a;
    size_t i;

    json_array_foreach(addrs, i, a) {
        const char *s = json_string_value(a);

        if (s && s[0] == '/')
            json_array_set_new(addrs, i, json_string(s + 1));
    }
    set_default(o, "hostInterfaces", json_array());
    merge_ext(o, "Host", ext, false);
    json_decref(ext);
}

static void fix_rule(struct req *r, json_t *o)
{
    const char *id = val_get_str(o, "id");
    json_t *ext = id ? d5_ext(r, id) : json_object();
    const char *k;
    json_t *x;

    json_object_del(o, "action");
    /* 5.x's condition fields, on every rule (with their defaults on one made without). */
    for (size_t i = 0; i < ARRAY_SIZE(rule5_fields); i++) {
        const char *key = rule5_fields[i].key;

        if (json_object_get(o, key))
            continue;
        json_object_set_new(o, key, rule5_fields[i].kind == R_BOOL ? json_false()
                                    : rule5_fields[i].kind == R_LEN ? json_integer(0)
                                    : json_null());
    }
    json_object_foreach(ext, k, x)
        if (strcmp(k, "type") || !strcmp(json_string_value(x) ? json_string_value(x) : "",
                                         "l2_transform"))
            json_object_set(o, k, x);
    json_decref(ext);
}

static void fix_one(struct req *r, const char *type, json_t *o, struct fixctx *c)
{
    if (!json_is_object(o))
        return;
    if (!strcmp(type, "Router"))
        fix_router(r, o);
    else if (!strcmp(type, "Bridge"))
        fix_bridge(r, o);
    else if (!strcmp(type, "Port"))
        fix_port(r, o, c);
    else if (!strcmp(type, "Host"))
        fix_host(r, o);
    else if (!strcmp(type, "Rule"))
        fix_rule(r, o);
}

/* The type name of a route's first media type ("Bridge" of "collection.Bridge-v3 …"). */
static void route_type(const struct route *rt, char *out, size_t size)
{
    const char *tok = rt->types ? rt->types : "", *end = tok, *name;
    size_t plen, nlen;

    while (*end && *end != ' ')
        end++;
    token_name(tok, (size_t)(end - tok), &plen, &name, &nlen);
    snprintf(out, size, "%.*s", (int)nlen, name);
}

/* Status codes 5.x gives where 1.9 gave others, after a 1.9 handler. */
static void remap_status(struct req *r, const struct route *rt)
{
    const char *msg = val_get_str(r->out, "message");
    const char *vmsg = val_get_str(json_array_get(json_object_get(r->out, "violations"), 0),
                                   "message");

    if (r->status == 400 && ((msg && strstr(msg, "already exists")) ||
                             (vmsg && strstr(vmsg, "already exists"))) &&
        (is(rt, "POST", "/tunnel_zones") || is(rt, "PUT", "/tunnel_zones/{id}"))) {
        req_error(r, 409, "Tunnel zone name already exists.");
    } else if (r->status == 400 && !json_object_get(r->out, "violations") &&
               is(rt, "POST", "/hosts/{id}/ports")) {
        req_error(r, 409, "%s", msg ? msg : "Conflict");
    } else if (r->status == 400 && !json_object_get(r->out, "violations") &&
               is(rt, "POST", "/ports/{id}/link")) {
        req_error(r, 409, "Ports are not linkable.");
    } else if ((r->status == 400 || r->status == 409) &&
               is(rt, "POST", "/tunnel_zones/{id}/hosts") && msg && strstr(msg, "already")) {
        json_decref(r->out);
        r->out = NULL;
        r->status = 409;
    } else if (r->status == 204 &&
               (is(rt, "PUT", "/hosts/{id}") || is(rt, "DELETE", "/hosts/{id}"))) {
        r->status = 200;
    } else if (r->status == 200 && is(rt, "PUT", "/bridges/{id}/dhcp/{s}/hosts/{s}")) {
        /* DhcpHostResource.update: OkNoContentResponse. */
        json_decref(r->out);
        r->out = NULL;
        r->status = 204;
    }
}

int d5_call(const struct route *found, struct req *r)
{
    const struct route *rt = orig_of(found);
    struct hook h = { NULL, NULL };
    struct fixctx c = { NULL };
    char type[64];
    int ret;

    if (!rt)
        return found->fn(r);
    if (r->method == REQ_GET)
        r->ver = newest_version(rt->types);
    else if (r->method == REQ_POST || r->method == REQ_PUT)
        r->in_ver = newest_version(rt->types);
    if (pre_hook(r, rt, &h)) {
        json_decref(h.ext);
        return 0;
    }
    ret = rt->fn(r);
    if (ret < 0 || !r->status)
        goto out;
    route_type(rt, type, sizeof(type));
    if (h.ext && (r->status == 201 || r->status == 204 ||
                  (r->method == REQ_PUT && r->status == 200))) {
        char id[UUID_LEN + 1];
        struct zks_txn t = ZKS_TXN_INIT;

        if (r->status != 201 && r->arg[0])
            memcpy(id, r->arg[0], sizeof(id));
        else if (!location_id(r, id))
            id[0] = '\0';
        if (id[0]) {
            if (zks_exists(r->zk, D5_EXT "/%s", id) == ZKS_OK)
                zks_txn_set(&t, h.ext, D5_EXT "/%s", id);
            else
                zks_txn_create(&t, h.ext, D5_EXT "/%s", id);
            if (zks_txn_commit(r->zk, &t) != ZKS_OK)
                req_error(r, 500, "cannot store the 5.x fields");
        }
        zks_txn_release(&t);
    }
    if (r->status == 201 && is(rt, "POST", "/routers/{id}/ports"))
        more_local_routes(r);
    if (r->method == REQ_DELETE && r->status == 204)
        delete_cascades(r, rt);
    if (r->method == REQ_GET && r->status == 200) {
        if (json_is_array(r->out)) {
            json_t *e;
            size_t i;

            json_array_foreach(r->out, i, e)
                fix_one(r, type, e, &c);
        } else {
            fix_one(r, type, r->out, &c);
        }
    }
    remap_status(r, rt);
out:
    json_decref(c.insertions);
    json_decref(h.ext);
    return ret;
}
