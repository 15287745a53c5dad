/*
 * res_bgp: BGP sessions of ports (/ports/{id}/bgps, /bgps/{id}) and their advertised
 * routes (/bgps/{id}/ad_routes, /ad_routes/{id}).
 *
 * Stored as BgpZkManager and AdRouteZkManager do (§6): BGP.Data at /bgps/<id> with the
 * port's index entry /ports/<port>/bgps/<id>; AdRoute.Data at /ad_routes/<id> with the
 * BGP's index entry /bgps/<bgp>/ad_routes/<id>.
 */
#include "tests/sim/res.h"

#include <string.h>

#define ONE_PER_PORT_MSG "Only one BGP can be assigned to a port."

static json_t *bgp_dto(struct req *r, const char *id, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "localAS", res_copy(cfg, "localAS"));
    json_object_set_new(o, "peerAS", res_copy(cfg, "peerAS"));
    json_object_set_new(o, "peerAddr", res_copy(cfg, "peerAddr"));
    json_object_set_new(o, "portId", res_copy(cfg, "portId"));
    json_object_set_new(o, "status", res_copy(cfg, "status"));
    json_object_set_new(o, "uri", req_uri(r, "/bgps/%s", id));
    json_object_set_new(o, "port", req_uri_id(r, "ports", json_object_get(cfg, "portId")));
    json_object_set_new(o, "adRoutes", req_uri(r, "/bgps/%s/ad_routes", id));
    return o;
}

static json_t *ad_route_dto(struct req *r, const char *id, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "nwPrefix", res_copy(cfg, "nwPrefix"));
    json_object_set_new(o, "prefixLength", res_copy(cfg, "prefixLength"));
    json_object_set_new(o, "bgpId", res_copy(cfg, "bgpId"));
    json_object_set_new(o, "uri", req_uri(r, "/ad_routes/%s", id));
    json_object_set_new(o, "bgp", req_uri_id(r, "bgps", json_object_get(cfg, "bgpId")));
    return o;
}

/*
 * The objects named by the children of an index node (e.g. /ports/<p>/bgps), read from
 * dir/<name>, as dtos in creation order. 404 "No <what> with ID" when owner is missing.
 */
static int index_list(struct req *r, const char *owner_dir, const char *what, const char *index,
                      const char *dir, res_dto_fn *dto)
{
    struct zks_names names = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_exists(r->zk, "%s/%s", owner_dir, r->arg[0]);
    json_t *out;

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, what, r->arg[0]) : req_zk_error(r, rc);
    rc = zks_children_by_age(r->zk, &names, "%s/%s/%s", owner_dir, r->arg[0], index);
    if (rc != ZKS_OK && rc != ZKS_NONODE) {
        zks_names_release(&names);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < names.nr; i++) {
        json_t *cfg = zks_get_json(r->zk, &rc, NULL, "%s/%s", dir, names.v[i]);

        if (cfg)
            json_array_append_new(out, dto(r, names.v[i], cfg));
        json_decref(cfg);
    }
    zks_names_release(&names);
    return req_ok(r, out);
}

static int port_bgps(struct req *r)
{
    return index_list(r, "/ports", "port", "bgps", "/bgps", bgp_dto);
}

static int bgp_ad_routes(struct req *r)
{
    return index_list(r, "/bgps", "bgp", "ad_routes", "/ad_routes", ad_route_dto);
}

static int bgp_get(struct req *r)
{
    return res_get(r, "/bgps", r->arg[0], "bgp", bgp_dto);
}

static int ad_route_get(struct req *r)
{
    return res_get(r, "/ad_routes", r->arg[0], "ad route", ad_route_dto);
}

/*
 * MidoNet does not validate a BGP (its one-per-port constraint is declared but never
 * run) and fails on a bad peer address while converting; here both are 400s, the
 * constraint as a class-level violation. A missing port is a 404 (MidoNet: 500).
 */
static int bgp_create(struct req *r)
{
    struct zks_names others = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    const char *peer;
    long long local_as, peer_as;
    json_t *cfg;
    uint32_t a;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    res_body_id(&v, r->in, id);
    local_as = val_int(&v, r->in, "localAS", 0, NULL);
    peer_as = val_int(&v, r->in, "peerAS", 0, NULL);
    peer = val_str(&v, r->in, "peerAddr");
    if (v.bad && req_invalid(r, &v))
        return 0;
    rc = zks_children(r->zk, &others, "/ports/%s/bgps", r->arg[0]);
    if (rc == ZKS_NONODE || zks_exists(r->zk, "/ports/%s", r->arg[0]) == ZKS_NONODE) {
        val_release(&v);
        zks_names_release(&others);
        return req_not_found(r, "port", r->arg[0]);
    }
    if (rc == ZKS_OK && others.nr)
        val_violation(&v, "", ONE_PER_PORT_MSG);
    zks_names_release(&others);
    if (rc != ZKS_OK) {
        val_release(&v);
        return req_zk_error(r, rc);
    }
    if (req_invalid(r, &v))
        return 0;
    /* Bgp has no annotation on peerAddr: toData()'s IPv4Addr.fromString throws (500). */
    if (!peer || val_ipv4(peer, &a))
        return req_error(r, 500, MSG_INTERNAL);
    cfg = json_object();
    json_object_set_new(cfg, "status", json_string(""));
    json_object_set_new(cfg, "localAS", json_integer(local_as));
    json_object_set_new(cfg, "peerAddr", json_string(peer));
    json_object_set_new(cfg, "peerAS", json_integer(peer_as));
    json_object_set_new(cfg, "portId", json_string(r->arg[0]));
    json_object_set_new(cfg, "properties", json_object());
    zks_txn_create(&t, cfg, "/bgps/%s", id);
    zks_txn_create(&t, NULL, "/bgps/%s/ad_routes", id);
    zks_txn_create(&t, NULL, "/ports/%s/bgps/%s", r->arg[0], id);
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    json_decref(cfg);
    return rc == ZKS_OK ? req_created(r, "/bgps/%s", id) : req_zk_error(r, rc);
}

/* Queue deleting ad route id and its index entry; a missing one is OK. */
static enum zks_rc ad_route_delete_ops(struct req *r, struct zks_txn *t, const char *id)
{
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/ad_routes/%s", id);
    const char *bgp = val_get_str(cfg, "bgpId");

    if (!cfg)
        return rc == ZKS_NONODE || rc == ZKS_FAILED ? ZKS_OK : rc;
    if (bgp && zks_exists(r->zk, "/bgps/%s/ad_routes/%s", bgp, id) == ZKS_OK)
        zks_txn_delete(t, "/bgps/%s/ad_routes/%s", bgp, id);
    zks_txn_delete(t, "/ad_routes/%s", id);
    json_decref(cfg);
    return ZKS_OK;
}

/* Queue deleting BGP id, its ad routes and its port's index entry. */
static enum zks_rc bgp_delete_ops(struct req *r, struct zks_txn *t, const char *id)
{
    struct zks_names routes = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/bgps/%s", id);
    const char *port = val_get_str(cfg, "portId");

    if (!cfg)
        return rc == ZKS_NONODE || rc == ZKS_FAILED ? ZKS_OK : rc;
    rc = zks_children(r->zk, &routes, "/bgps/%s/ad_routes", id);
    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (size_t i = 0; rc == ZKS_OK && i < routes.nr; i++)
        rc = ad_route_delete_ops(r, t, routes.v[i]);
    if (rc == ZKS_OK && port && zks_exists(r->zk, "/ports/%s/bgps/%s", port, id) == ZKS_OK)
        zks_txn_delete(t, "/ports/%s/bgps/%s", port, id);
    if (rc == ZKS_OK)
        rc = zks_txn_delete_tree(r->zk, t, "/bgps/%s", id);
    zks_names_release(&routes);
    json_decref(cfg);
    return rc;
}

enum zks_rc bgp_port_delete_ops(struct req *r, struct zks_txn *t, const char *id)
{
    struct zks_names bgps = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_children(r->zk, &bgps, "/ports/%s/bgps", id);

    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (size_t i = 0; rc == ZKS_OK && i < bgps.nr; i++)
        rc = bgp_delete_ops(r, t, bgps.v[i]);
    zks_names_release(&bgps);
    return rc;
}

static int bgp_delete(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;

    return res_delete_reply(r, &t, bgp_delete_ops(r, &t, r->arg[0]));
}

/* As for BGP: MidoNet fails later (500) on a bad prefix or a missing BGP; 400 and 404 here. */
static int ad_route_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    const char *prefix;
    long long len;
    json_t *cfg;
    uint32_t a;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    res_body_id(&v, r->in, id);
    /*
     * AdRoute has no annotation; toData() reads nwPrefix with InetAddress.getByName,
     * which gives the loopback address for null and fails (500) on text that is not an
     * address (a host name would be looked up; here it is not).
     */
    prefix = val_str(&v, r->in, "nwPrefix");
    len = val_int(&v, r->in, "prefixLength", 0, NULL);
    if (req_invalid(r, &v))
        return 0;
    if (!prefix)
        prefix = "127.0.0.1";
    else if (val_ipv4(prefix, &a))
        return req_error(r, 500, MSG_INTERNAL);
    rc = zks_exists(r->zk, "/bgps/%s", r->arg[0]);
    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "bgp", r->arg[0]) : req_zk_error(r, rc);
    cfg = json_object();
    json_object_set_new(cfg, "nwPrefix", json_string(prefix));
    json_object_set_new(cfg, "prefixLength", json_integer(len));
    json_object_set_new(cfg, "bgpId", json_string(r->arg[0]));
    json_object_set_new(cfg, "properties", json_object());
    zks_txn_create(&t, cfg, "/ad_routes/%s", id);
    zks_txn_create(&t, NULL, "/bgps/%s/ad_routes/%s", r->arg[0], id);
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    json_decref(cfg);
    return rc == ZKS_OK ? req_created(r, "/ad_routes/%s", id) : req_zk_error(r, rc);
}

static int ad_route_delete(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;

    return res_delete_reply(r, &t, ad_route_delete_ops(r, &t, r->arg[0]));
}

const struct route res_bgp_routes[] = {
    { "GET", "/ports/{id}/bgps", "collection.Bgp-v1 json", port_bgps },
    { "POST", "/ports/{id}/bgps", "Bgp-v1 json", bgp_create },
    { "GET", "/bgps/{id}", "Bgp-v1 json", bgp_get },
    { "DELETE", "/bgps/{id}", NULL, bgp_delete },
    { "GET", "/bgps/{id}/ad_routes", "collection.AdRoute-v1 json", bgp_ad_routes },
    { "POST", "/bgps/{id}/ad_routes", "AdRoute-v1 json", ad_route_create },
    { "GET", "/ad_routes/{id}", "AdRoute-v1 json", ad_route_get },
    { "DELETE", "/ad_routes/{id}", NULL, ad_route_delete },
    { NULL, NULL, NULL, NULL },
};
