/*
 * res_route: /routers/{id}/routes and /routes/{id}. Stored as midolman's Route at
 * /routes/<id> (addresses as Java ints, nextHop PORT|BLACKHOLE|REJECT|LOCAL), indexed
 * under the next-hop port (/ports/<p>/routes/<id>) for PORT and LOCAL routes and under
 * the router (/routers/<r>/routes/<id>) otherwise, as RouteZkManager does.
 */
#include "tests/sim/res.h"
#include "tests/sim/res5.h"

#include <stdlib.h>
#include <string.h>

#define NO_GATEWAY (-1)     /* midolman's Route.NO_GATEWAY, 0xffffffff */
#define NEXT_HOP_MSG "This type of route requires a next hop port that is a port on the same " \
    "router."

static const struct {
    const char *api, *zk;
} route_types[] = {
    { "Normal", "PORT" },
    { "BlackHole", "BLACKHOLE" },
    { "Reject", "REJECT" },
    { "Local", "LOCAL" },       /* 5.x's only (Route.NextHop at 5.x) */
};

static bool via_port(const json_t *cfg)
{
    const char *nh = val_get_str(cfg, "nextHop");

    return nh && (!strcmp(nh, "PORT") || !strcmp(nh, "LOCAL"));
}

static json_t *ip_of(const json_t *cfg, const char *key)
{
    char ip[16];

    val_ipv4_str((uint32_t)json_integer_value(json_object_get(cfg, key)), ip);
    return json_string(ip);
}

static json_t *route_dto(struct req *r, const char *id, const json_t *cfg)
{
    const char *nh = val_get_str(cfg, "nextHop");
    const char *type = "Normal";
    const json_t *gw = json_object_get(cfg, "nextHopGateway");
    const json_t *x;
    json_t *o = json_object();

    /* The LOCAL route of a router port is listed as Normal (§4); 5.x says Local. */
    for (size_t i = 0; nh && i < ARRAY_SIZE(route_types); i++)
        if (!strcmp(nh, route_types[i].zk) && (SIM_DIALECT_5 || strcmp(nh, "LOCAL")))
            type = route_types[i].api;
    json_object_set_new(o, "id", json_string(id));
    x = json_object_get(cfg, "routerId");
    json_object_set_new(o, "routerId", x ? json_copy((json_t *)x) : json_null());
    json_object_set_new(o, "type", json_string(type));
    json_object_set_new(o, "srcNetworkAddr", ip_of(cfg, "srcNetworkAddr"));
    json_object_set_new(o, "srcNetworkLength",
                        json_integer(json_integer_value(json_object_get(cfg, "srcNetworkLength"))));
    json_object_set_new(o, "dstNetworkAddr", ip_of(cfg, "dstNetworkAddr"));
    json_object_set_new(o, "dstNetworkLength",
                        json_integer(json_integer_value(json_object_get(cfg, "dstNetworkLength"))));
    x = json_object_get(cfg, "nextHopPort");
    json_object_set_new(o, "nextHopPort", x ? json_copy((json_t *)x) : json_null());
    json_object_set_new(o, "nextHopGateway", !json_is_integer(gw) ||
                        json_integer_value(gw) == NO_GATEWAY ? json_null()
                                                             : ip_of(cfg, "nextHopGateway"));
    json_object_set_new(o, "weight",
                        json_integer(json_integer_value(json_object_get(cfg, "weight"))));
    x = json_object_get(cfg, "attributes");
    json_object_set_new(o, "attributes", x ? json_copy((json_t *)x) : json_null());
    json_object_set_new(o, "learned", json_boolean(json_is_true(json_object_get(cfg, "learned"))));
    json_object_set_new(o, "uri", req_uri(r, "/routes/%s", id));
    json_object_set_new(o, "router", req_uri_id(r, "routers", json_object_get(cfg, "routerId")));
    return o;
}

/* A Route config in midolman's (alphabetical) key order. */
static json_t *route_cfg(const char *attributes, uint32_t dst, long long dstlen, const char *nh,
                         long long gw, const char *port, const char *router, uint32_t src,
                         long long srclen, long long weight)
{
    json_t *cfg = json_object();

    json_object_set_new(cfg, "attributes", val_jstr(attributes));
    json_object_set_new(cfg, "dstNetworkAddr", json_integer((int32_t)dst));
    json_object_set_new(cfg, "dstNetworkLength", json_integer(dstlen));
    json_object_set_new(cfg, "learned", json_false());
    json_object_set_new(cfg, "nextHop", json_string(nh));
    json_object_set_new(cfg, "nextHopGateway", json_integer(gw));
    json_object_set_new(cfg, "nextHopPort", val_jstr(port));
    json_object_set_new(cfg, "routerId", json_string(router));
    json_object_set_new(cfg, "srcNetworkAddr", json_integer((int32_t)src));
    json_object_set_new(cfg, "srcNetworkLength", json_integer(srclen));
    json_object_set_new(cfg, "weight", json_integer(weight));
    return cfg;
}

void route_local_ops(struct req *r, struct zks_txn *t, const char *router, const char *port,
                     uint32_t port_addr)
{
    char id[UUID_LEN + 1];
    json_t *cfg;

    val_uuid_random(id);
    cfg = route_cfg(NULL, port_addr, 32, "LOCAL", NO_GATEWAY, port, router, 0, 0, 0);
    zks_txn_create(t, cfg, "/routes/%s", id);
    zks_txn_create(t, NULL, "/ports/%s/routes/%s", port, id);
    json_decref(cfg);
}

enum zks_rc route_delete_ops(struct req *r, struct zks_txn *t, const char *id)
{
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/routes/%s", id);
    const char *port, *router;

    if (!cfg)
        return rc == ZKS_NONODE || rc == ZKS_FAILED ? ZKS_OK : rc;
    port = val_get_str(cfg, "nextHopPort");
    router = val_get_str(cfg, "routerId");
    if (via_port(cfg) && port) {
        if (zks_exists(r->zk, "/ports/%s/routes/%s", port, id) == ZKS_OK)
            zks_txn_delete(t, "/ports/%s/routes/%s", port, id);
    } else if (router) {
        if (zks_exists(r->zk, "/routers/%s/routes/%s", router, id) == ZKS_OK)
            zks_txn_delete(t, "/routers/%s/routes/%s", router, id);
    }
    zks_txn_delete(t, "/routes/%s", id);
    json_decref(cfg);
    return ZKS_OK;
}

struct route_item {
    int64_t czxid;
    char *id;
    json_t *cfg;
};

static int cmp_items(const void *a, const void *b)
{
    const struct route_item *x = a, *y = b;

    return x->czxid < y->czxid ? -1 : x->czxid > y->czxid;
}

/* Add the routes named by the children of an index node to items. */
static enum zks_rc collect(struct req *r, const char *index, struct route_item **items,
                           size_t *nr, size_t *alloc)
{
    struct zks_names names = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_children(r->zk, &names, "%s", index);

    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++) {
        int64_t czxid = 0;
        json_t *cfg = zks_get_json(r->zk, &rc, &czxid, "/routes/%s", names.v[i]);

        if (!cfg) {
            if (rc == ZKS_NONODE || rc == ZKS_FAILED)
                rc = ZKS_OK;
            continue;
        }
        ALLOC_GROW(*items, *nr + 1, *alloc);
        (*items)[*nr].czxid = czxid;
        (*items)[*nr].id = xstrdup(names.v[i]);
        (*items)[*nr].cfg = cfg;
        (*nr)++;
    }
    zks_names_release(&names);
    return rc;
}

static int routes_list(struct req *r)
{
    struct zks_names ports = ZKS_NAMES_INIT;
    struct route_item *items = NULL;
    size_t nr = 0, alloc = 0;
    enum zks_rc rc = zks_exists(r->zk, "/routers/%s", r->arg[0]);
    char *index = NULL;
    json_t *out;

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "router", r->arg[0]) : req_zk_error(r, rc);
    index = xasprintf("/routers/%s/routes", r->arg[0]);
    rc = collect(r, index, &items, &nr, &alloc);
    if (rc == ZKS_OK)
        rc = zks_children(r->zk, &ports, "/routers/%s/ports", r->arg[0]);
    for (size_t i = 0; rc == ZKS_OK && i < ports.nr; i++) {
        free(index);
        index = xasprintf("/ports/%s/routes", ports.v[i]);
        rc = collect(r, index, &items, &nr, &alloc);
    }
    if (nr)
        qsort(items, nr, sizeof(*items), cmp_items);
    out = json_array();
    for (size_t i = 0; i < nr; i++) {
        json_array_append_new(out, route_dto(r, items[i].id, items[i].cfg));
        free(items[i].id);
        json_decref(items[i].cfg);
    }
    free(items);
    free(index);
    zks_names_release(&ports);
    if (rc != ZKS_OK) {
        json_decref(out);
        return req_zk_error(r, rc);
    }
    return req_ok(r, out);
}

static int route_get(struct req *r)
{
    return res_get(r, "/routes", r->arg[0], "route", route_dto);
}

static int route_create(struct req *r)
{
    const char *router = r->arg[0], *type, *zk_type = NULL, *port_s = NULL, *attrs;
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    uint32_t src = 0, dst = 0, gw = 0;
    long long srclen, dstlen, weight;
    json_t *jid, *port = NULL, *cfg = NULL, *pcfg = NULL;
    bool has_gw;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    jid = val_uuid(&v, r->in, "id");
    type = val_str(&v, r->in, "type");
    for (size_t i = 0; type && i < ARRAY_SIZE(route_types); i++)
        if (!strcmp(type, route_types[i].api) &&
            (SIM_DIALECT_5 || strcmp(route_types[i].zk, "LOCAL")))
            zk_type = route_types[i].zk;
    if (type && !zk_type) {
        /* type carries @JsonError: its own message, not the generic one. */
        val_release(&v);
        req_error(r, 400, "This type of route is invalid.");
        goto out;
    }
    val_ipv4_field(&v, r->in, "srcNetworkAddr", true, &src);
    val_ipv4_field(&v, r->in, "dstNetworkAddr", true, &dst);
    srclen = val_int(&v, r->in, "srcNetworkLength", 0, NULL);
    dstlen = val_int(&v, r->in, "dstNetworkLength", 0, NULL);
    has_gw = val_ipv4_field(&v, r->in, "nextHopGateway", false, &gw) != NULL;
    weight = val_int(&v, r->in, "weight", 0, NULL);
    attrs = val_str(&v, r->in, "attributes");
    port = val_uuid(&v, r->in, "nextHopPort");
    if (!type && !v.bad)
        val_violation(&v, "type", MSG_NOT_NULL);
    val_range(&v, "srcNetworkLength", srclen, 0, 32);
    val_range(&v, "dstNetworkLength", dstlen, 0, 32);
    val_range(&v, "weight", weight, 0, INT32_MAX);
    if (v.bad) {
        req_invalid(r, &v);
        goto out;
    }
    rc = zks_exists(r->zk, "/routers/%s", router);
    if (rc != ZKS_OK) {
        val_release(&v);
        if (rc == ZKS_NONODE)
            req_not_found(r, "router", router);
        else
            req_zk_error(r, rc);
        goto out;
    }
    port_s = json_string_value(port);
    if (zk_type && !strcmp(zk_type, "PORT")) {
        const char *dev = NULL;

        if (port_s) {
            pcfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", port_s);
            if (!pcfg && rc != ZKS_NONODE) {
                val_release(&v);
                req_zk_error(r, rc);
                goto out;
            }
            dev = val_get_str(pcfg, "device_id");
        }
        if (!dev || strcmp(dev, router))
            val_violation(&v, "nextHopPort", NEXT_HOP_MSG);
    }
    if (req_invalid(r, &v))
        goto out;
    if (json_is_string(jid))
        memcpy(id, json_string_value(jid), sizeof(id));
    else
        val_uuid_random(id);
    cfg = route_cfg(attrs, dst, dstlen, zk_type, has_gw ? (int32_t)gw : NO_GATEWAY, port_s,
                    router, src, srclen, weight);
    zks_txn_create(&t, cfg, "/routes/%s", id);
    if (!strcmp(zk_type, "PORT") || (!strcmp(zk_type, "LOCAL") && port_s))
        zks_txn_create(&t, NULL, "/ports/%s/routes/%s", port_s, id);
    else
        zks_txn_create(&t, NULL, "/routers/%s/routes/%s", router, id);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/routes/%s", id);
out:
    zks_txn_release(&t);
    json_decref(jid);
    json_decref(port);
    json_decref(cfg);
    json_decref(pcfg);
    return 0;
}

static int route_delete(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    enum zks_rc rc = ZKS_OK;

    if (zks_exists(r->zk, "/routes/%s", r->arg[0]) == ZKS_OK) {
        rc = route_delete_ops(r, &t, r->arg[0]);
        if (rc == ZKS_OK)
            rc = zks_txn_commit(r->zk, &t);
    }
    zks_txn_release(&t);
    if (rc == ZKS_OK || rc == ZKS_NONODE)
        return req_no_content(r);
    return req_zk_error(r, rc);
}

const struct route res_route_routes[] = {
    { "GET", "/routers/{id}/routes", "collection.Route-v1 json", routes_list },
    { "POST", "/routers/{id}/routes", "Route-v1 json", route_create },
    { "GET", "/routes/{id}", "Route-v1 json", route_get },
    { "DELETE", "/routes/{id}", NULL, route_delete },
    { NULL, NULL, NULL, NULL },
};
