/*
 * res_router: /routers. Stored as RouterConfig at /routers/<id> (§6); ports and routes
 * under a router are res_port.c's and res_route.c's.
 */
#include "tests/sim/res.h"

#include <string.h>

/* Children MidoNet's RouterZkManager creates with every router. */
static const char *const router_dirs[] = { "ports", "routes", "routing_table", "arp_table" };

static json_t *copy_id(const json_t *cfg, const char *key)
{
    const json_t *x = json_object_get(cfg, key);

    return json_is_string(x) ? json_copy((json_t *)x) : json_null();
}

static json_t *router_dto(struct req *r, const char *id, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "tenantId", val_jstr(res_tenant(cfg)));
    json_object_set_new(o, "name", val_jstr(val_get_str(cfg, "name")));
    json_object_set_new(o, "adminStateUp",
                        json_boolean(!json_is_false(json_object_get(cfg, "adminStateUp"))));
    json_object_set_new(o, "inboundFilterId", copy_id(cfg, "inboundFilter"));
    json_object_set_new(o, "outboundFilterId", copy_id(cfg, "outboundFilter"));
    if (r->ver >= 2)
        json_object_set_new(o, "loadBalancerId", copy_id(cfg, "loadBalancer"));
    json_object_set_new(o, "uri", req_uri(r, "/routers/%s", id));
    json_object_set_new(o, "inboundFilter",
                        req_uri_id(r, "chains", json_object_get(cfg, "inboundFilter")));
    json_object_set_new(o, "outboundFilter",
                        req_uri_id(r, "chains", json_object_get(cfg, "outboundFilter")));
    json_object_set_new(o, "ports", req_uri(r, "/routers/%s/ports", id));
    json_object_set_new(o, "peerPorts", req_uri(r, "/routers/%s/peer_ports", id));
    json_object_set_new(o, "routes", req_uri(r, "/routers/%s/routes", id));
    if (r->ver >= 2)
        json_object_set_new(o, "loadBalancer",
                            req_uri_id(r, "load_balancers", json_object_get(cfg, "loadBalancer")));
    return o;
}

/*
 * A RouterConfig from a POST or PUT body, in §6's key order. old: the stored config
 * (PUT), whose loadBalancer a v1 body (which cannot carry it) keeps. NULL after a 400.
 */
static json_t *router_from_body(struct req *r, const json_t *old)
{
    struct val v;
    const char *tenant, *name;
    json_t *cfg, *props, *in, *out, *lb = NULL;
    bool up;

    val_init(&v);
    tenant = val_str_required(&v, r->in, "tenantId");
    name = val_str(&v, r->in, "name");
    up = val_bool(&v, r->in, "adminStateUp", true);
    in = val_uuid(&v, r->in, "inboundFilterId");
    out = val_uuid(&v, r->in, "outboundFilterId");
    if (r->in_ver >= 2)
        lb = val_uuid(&v, r->in, "loadBalancerId");
    else if (old && json_object_get(old, "loadBalancer"))
        lb = json_copy(json_object_get(old, "loadBalancer"));
    if (req_invalid(r, &v)) {
        json_decref(in);
        json_decref(out);
        json_decref(lb);
        return NULL;
    }
    cfg = json_object();
    props = json_object();
    json_object_set_new(props, "tenant_id", json_string(tenant));
    json_object_set_new(cfg, "properties", props);
    json_object_set_new(cfg, "name", val_jstr(name));
    json_object_set_new(cfg, "adminStateUp", json_boolean(up));
    json_object_set_new(cfg, "inboundFilter", in);
    json_object_set_new(cfg, "outboundFilter", out);
    json_object_set_new(cfg, "loadBalancer", lb ? lb : json_null());
    return cfg;
}

static int routers_list(struct req *r)
{
    return res_list_cfg(r, "/routers", router_dto, res_keep_tenant);
}

static int router_get(struct req *r)
{
    return res_get(r, "/routers", r->arg[0], "router", router_dto);
}

static int router_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    json_t *cfg = NULL, *jid;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    jid = val_uuid(&v, r->in, "id");
    if (json_is_string(jid))
        memcpy(id, json_string_value(jid), sizeof(id));
    else
        val_uuid_random(id);
    json_decref(jid);
    if (req_invalid(r, &v))
        goto out;
    cfg = router_from_body(r, NULL);
    if (!cfg)
        goto out;
    rc = res_tenant_ops(r, &t, res_tenant(cfg));
    if (rc == ZKS_OK) {
        zks_txn_create(&t, cfg, "/routers/%s", id);
        for (size_t i = 0; i < ARRAY_SIZE(router_dirs); i++)
            zks_txn_create(&t, NULL, "/routers/%s/%s", id, router_dirs[i]);
        zks_txn_create(&t, NULL, "/filters/%s", id);
        res_filter_refs_ops(r, &t, "router", id, NULL, cfg);
        rc = zks_txn_commit(r->zk, &t);
    }
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/routers/%s", id);
out:
    zks_txn_release(&t);
    json_decref(cfg);
    return 0;
}

/* A full replacement (§5); a missing router is a 500 (§3). */
static int router_update(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *old, *cfg;
    enum zks_rc rc;

    old = zks_get_json(r->zk, &rc, NULL, "/routers/%s", r->arg[0]);
    if (!old)
        return req_zk_error(r, rc == ZKS_NONODE ? ZKS_FAILED : rc);
    cfg = router_from_body(r, old);
    if (cfg) {
        res_filter_refs_ops(r, &t, "router", r->arg[0], old, cfg);
        zks_txn_set(&t, cfg, "/routers/%s", r->arg[0]);
        rc = zks_txn_commit(r->zk, &t);
        if (rc != ZKS_OK)
            req_zk_error(r, rc);
        else
            req_no_content(r);
    }
    zks_txn_release(&t);
    json_decref(cfg);
    json_decref(old);
    return 0;
}

static int router_delete(struct req *r)
{
    struct zks_names names = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    const char *id = r->arg[0];
    json_t *cfg;
    enum zks_rc rc;

    cfg = zks_get_json(r->zk, &rc, NULL, "/routers/%s", id);
    if (!cfg)
        return rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
    rc = zks_children(r->zk, &names, "/routers/%s/routes", id);
    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++)
        rc = route_delete_ops(r, &t, names.v[i]);
    if (rc == ZKS_OK) {
        rc = zks_children(r->zk, &names, "/routers/%s/ports", id);
        if (rc == ZKS_NONODE)
            rc = ZKS_OK;
    }
    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++)
        rc = port_delete_ops(r, &t, names.v[i]);
    if (rc == ZKS_OK)
        rc = trace_device_delete_ops(r, &t, id);
    if (rc == ZKS_OK) {
        res_filter_refs_ops(r, &t, "router", id, cfg, NULL);
        if (zks_exists(r->zk, "/filters/%s", id) == ZKS_OK)
            zks_txn_delete(&t, "/filters/%s", id);
        rc = zks_txn_delete_tree(r->zk, &t, "/routers/%s", id);
    }
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    if (rc == ZKS_OK || rc == ZKS_NONODE)
        req_no_content(r);
    else
        req_zk_error(r, rc);
    zks_txn_release(&t);
    zks_names_release(&names);
    json_decref(cfg);
    return 0;
}

#define ROUTER_TYPES "Router-v2 Router-v1 json"

const struct route res_router_routes[] = {
    { "GET", "/routers", "collection.Router-v2 collection.Router-v1 json", routers_list },
    { "POST", "/routers", ROUTER_TYPES, router_create },
    { "GET", "/routers/{id}", ROUTER_TYPES, router_get },
    { "PUT", "/routers/{id}", ROUTER_TYPES, router_update },
    { "DELETE", "/routers/{id}", NULL, router_delete },
    { NULL, NULL, NULL, NULL },
};
