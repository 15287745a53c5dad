/*
 * res_l4lb: load balancers, pools, pool members, VIPs and health monitors, as plain CRUD
 * (§4, §8: nothing balances anything here).
 *
 * The five kinds share one engine, driven by a table per kind: its fields, the objects
 * it hangs under (a pool under its load balancer and health monitor, a member under its
 * pool, a VIP under its pool and load balancer: index entries /<parent coll>/<id>/<index>/
 * <child id>, as the L4LB ZooKeeper managers keep them) and what deleting it does to the
 * objects under it. Each object is {field: value…} at /<coll>/<id> (§6).
 */
#include "tests/sim/res.h"
#include "tests/sim/res5.h"

#include <string.h>

#define ROUTER_MSG "The load balancers can be assigned to the router only from the router side."

enum field_kind {
    F_BOOL,         /* default dflt (1: true) */
    F_UUID,
    F_INT,
    F_ENUM,         /* one of vals, or null */
    F_IPV4,
    F_SRV,          /* server-set: the constant in vals[0], or null */
};

struct field {
    const char *name;
    enum field_kind kind;
    bool required;
    long long min, max, dflt;
    const char *vals[2];
    const char *ip_msg;
};

/* An object kind hangs under another through one of its UUID fields. */
struct parent {
    const char *field;      /* e.g. "loadBalancerId" */
    const char *link;       /* its dto URI key, e.g. "loadBalancer" */
    const struct kind *kind;
    const char *index;      /* the parent's index child, e.g. "pools" */
};

/* Deleting an object deletes the objects under it, or clears their reference to it. */
struct child {
    const char *index;
    const struct kind *kind;
    const char *clear;      /* NULL: delete them; else the field to null */
};

struct kind {
    const char *coll;       /* "load_balancers" */
    const char *what;       /* "load balancer" */
    const struct field *fields;
    size_t nfields;
    const struct parent *parents;
    size_t nparents;
    const struct child *children;
    size_t nchildren;
    const char *const *links;   /* dto keys of the sub-collections, then their paths */
    size_t nlinks;
};

static const struct kind lb_kind, pool_kind, member_kind, vip_kind, hm_kind;

static const struct field lb_fields[] = {
    { "adminStateUp", F_BOOL, false, 0, 0, 1, { NULL, NULL }, NULL },
};
static const struct field pool_fields[] = {
    { "adminStateUp", F_BOOL, false, 0, 0, 1, { NULL, NULL }, NULL },
    { "healthMonitorId", F_UUID, false, 0, 0, 0, { NULL, NULL }, NULL },
    { "loadBalancerId", F_UUID, true, 0, 0, 0, { NULL, NULL }, NULL },
    { "protocol", F_ENUM, false, 0, 0, 0, { "TCP", "TCP" }, NULL },
    { "lbMethod", F_ENUM, true, 0, 0, 0, { "ROUND_ROBIN", NULL }, NULL },
    { "status", F_SRV, false, 0, 0, 0, { "ACTIVE", NULL }, NULL },
};
static const struct field member_fields[] = {
    { "adminStateUp", F_BOOL, false, 0, 0, 0, { NULL, NULL }, NULL },
    { "status", F_SRV, false, 0, 0, 0, { "ACTIVE", NULL }, NULL },
    { "poolId", F_UUID, true, 0, 0, 0, { NULL, NULL }, NULL },
    { "address", F_IPV4, true, 0, 0, 0, { NULL, NULL }, "is not a valid IP address" },
    { "protocolPort", F_INT, false, 0, 65535, 0, { NULL, NULL }, NULL },
    { "weight", F_INT, false, 1, INT32_MAX, 1, { NULL, NULL }, NULL },
};
static const struct field vip_fields[] = {
    { "adminStateUp", F_BOOL, false, 0, 0, 1, { NULL, NULL }, NULL },
    { "loadBalancerId", F_SRV, false, 0, 0, 0, { NULL, NULL }, NULL },
    { "poolId", F_UUID, true, 0, 0, 0, { NULL, NULL }, NULL },
    { "address", F_IPV4, false, 0, 0, 0, { NULL, NULL }, MSG_BAD_IP },
    { "protocolPort", F_INT, false, 0, 65536, 0, { NULL, NULL }, NULL },
    { "sessionPersistence", F_ENUM, false, 0, 0, 0, { "SOURCE_IP", NULL }, NULL },
};
static const struct field hm_fields[] = {
    { "adminStateUp", F_BOOL, false, 0, 0, 0, { NULL, NULL }, NULL },
    { "type", F_ENUM, true, 0, 0, 0, { "TCP", NULL }, NULL },
    { "delay", F_INT, false, INT32_MIN, INT32_MAX, 0, { NULL, NULL }, NULL },
    { "timeout", F_INT, false, INT32_MIN, INT32_MAX, 0, { NULL, NULL }, NULL },
    { "maxRetries", F_INT, false, INT32_MIN, INT32_MAX, 0, { NULL, NULL }, NULL },
};

static const struct parent pool_parents[] = {
    { "loadBalancerId", "loadBalancer", &lb_kind, "pools" },
    { "healthMonitorId", "healthMonitor", &hm_kind, "pools" },
};
static const struct parent member_parents[] = {
    { "poolId", "pool", &pool_kind, "pool_members" },
};
static const struct parent vip_parents[] = {
    { "poolId", "pool", &pool_kind, "vips" },
    { "loadBalancerId", "loadBalancer", &lb_kind, "vips" },
};

static const struct child lb_children[] = {
    { "pools", &pool_kind, NULL },
    { "vips", &vip_kind, NULL },
};
static const struct child pool_children[] = {
    { "pool_members", &member_kind, NULL },
    { "vips", &vip_kind, NULL },
};
static const struct child hm_children[] = { { "pools", &pool_kind, "healthMonitorId" } };

static const char *const lb_links[] = { "pools", "vips" };
static const char *const pool_links[] = { "vips", "poolMembers" };
static const char *const hm_links[] = { "pools" };

#define KIND(c, w, f, p, np, ch, nch, l, nl) { c, w, f, ARRAY_SIZE(f), p, np, ch, nch, l, nl }

static const struct kind lb_kind = KIND("load_balancers", "load balancer", lb_fields, NULL, 0,
                                        lb_children, 2, lb_links, 2);
static const struct kind pool_kind = KIND("pools", "pool", pool_fields, pool_parents, 2,
                                          pool_children, 2, pool_links, 2);
static const struct kind member_kind = KIND("pool_members", "pool member", member_fields,
                                            member_parents, 1, NULL, 0, NULL, 0);
static const struct kind vip_kind = KIND("vips", "VIP", vip_fields, vip_parents, 2, NULL, 0,
                                         NULL, 0);
static const struct kind hm_kind = KIND("health_monitors", "health monitor", hm_fields, NULL, 0,
                                        hm_children, 1, hm_links, 1);

/* The path of a sub-collection link key: "poolMembers" is /pools/<id>/pool_members. */
static const char *link_path(const char *key)
{
    return strcmp(key, "poolMembers") ? key : "pool_members";
}

/* The router whose loadBalancer is this one (a new JSON string), or JSON null. */
static json_t *lb_router(struct req *r, const char *id)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *cfgs = zks_list_json(r->zk, &rc, &ids, "/routers"), *out = NULL;

    for (size_t i = 0; cfgs && !out && i < ids.nr; i++) {
        const char *lb = val_get_str(json_array_get(cfgs, i), "loadBalancer");

        if (lb && !strcmp(lb, id))
            out = json_string(ids.v[i]);
    }
    json_decref(cfgs);
    zks_names_release(&ids);
    return out ? out : json_null();
}

static json_t *l4_dto(struct req *r, const struct kind *k, const char *id, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    /*
     * A load balancer's routerId is set from the router side (Router.loadBalancerId);
     * here it is read from there rather than copied into the load balancer's config.
     */
    if (k == &lb_kind) {
        json_t *router = lb_router(r, id);

        json_object_set_new(o, "routerId", router);
        json_object_set_new(o, "router", req_uri_id(r, "routers", router));
    }
    for (size_t i = 0; i < k->nfields; i++)
        json_object_set_new(o, k->fields[i].name, res_copy(cfg, k->fields[i].name));
    json_object_set_new(o, "uri", req_uri(r, "/%s/%s", k->coll, id));
    for (size_t i = 0; i < k->nparents; i++)
        json_object_set_new(o, k->parents[i].link, req_uri_id(r, k->parents[i].kind->coll,
                                       json_object_get(cfg, k->parents[i].field)));
    for (size_t i = 0; i < k->nlinks; i++)
        json_object_set_new(o, k->links[i], req_uri(r, "/%s/%s/%s", k->coll, id,
                                                    link_path(k->links[i])));
    return o;
}

/*
 * An object config from a POST or PUT body, or NULL after a 400. old: the stored config
 * (PUT), whose server-set fields it keeps.
 */
static json_t *l4_from_body(struct req *r, const struct kind *k, const json_t *old)
{
    json_t *cfg = json_object();
    struct val v;

    val_init(&v);
    for (size_t i = 0; i < k->nfields; i++) {
        const struct field *f = &k->fields[i];
        const char *s;
        bool has;
        long long n;
        uint32_t a;

        switch (f->kind) {
        case F_BOOL:
            /*
             * PoolMember's and HealthMonitor's field has no initializer and the v2015.06
             * resources never call the models' create(): false. 5.x's models say true.
             */
            json_object_set_new(cfg, f->name, json_boolean(val_bool(&v, r->in, f->name,
                                                                    f->dflt || SIM_DIALECT_5)));
            break;
        case F_UUID:
            json_object_set_new(cfg, f->name, val_uuid(&v, r->in, f->name));
            break;
        case F_INT:
            n = val_int(&v, r->in, f->name, f->dflt, &has);
            val_range(&v, f->name, n, f->min, f->max);
            json_object_set_new(cfg, f->name, json_integer(n));
            break;
        case F_ENUM:
            s = val_str(&v, r->in, f->name);
            if (s && strcmp(s, f->vals[0]))
                v.bad = true;       /* not an enum constant */
            json_object_set_new(cfg, f->name, val_jstr(s ? s : f->vals[1]));
            break;
        case F_IPV4:
            s = val_str(&v, r->in, f->name);
            if (s && val_ipv4(s, &a) < 0)
                val_violation(&v, f->name, f->ip_msg);
            json_object_set_new(cfg, f->name, val_jstr(s));
            break;
        case F_SRV:
            json_object_set_new(cfg, f->name, old ? res_copy(old, f->name) : val_jstr(f->vals[0]));
            break;
        }
        if (f->required && json_is_null(json_object_get(cfg, f->name)) && !v.bad)
            val_violation(&v, f->name, MSG_NOT_NULL);
    }
    if (req_invalid(r, &v)) {
        json_decref(cfg);
        return NULL;
    }
    return cfg;
}

/*
 * Check the parents a config names, and queue its index entries (moving them from
 * old's parents on PUT). False when it replied 404 "No <parent> with ID …".
 */
static bool parents_ops(struct req *r, const struct kind *k, struct zks_txn *t, const char *id,
                        const json_t *cfg, const json_t *old)
{
    for (size_t i = 0; i < k->nparents; i++) {
        const struct parent *p = &k->parents[i];
        const char *now = val_get_str(cfg, p->field), *was = val_get_str(old, p->field);
        enum zks_rc rc;

        if (now && was && !strcmp(now, was))
            continue;
        if (was && zks_exists(r->zk, "/%s/%s/%s/%s", p->kind->coll, was, p->index, id) == ZKS_OK)
            zks_txn_delete(t, "/%s/%s/%s/%s", p->kind->coll, was, p->index, id);
        if (!now)
            continue;
        rc = zks_exists(r->zk, "/%s/%s", p->kind->coll, now);
        if (rc != ZKS_OK) {
            if (rc == ZKS_NONODE && k == &pool_kind) {
                /* PoolResource answers any missing parent with the health monitor's id. */
                const char *hm = val_get_str(cfg, "healthMonitorId");

                req_not_found(r, "health monitor", hm ? hm : "null");
            } else if (rc == ZKS_NONODE && (k == &vip_kind || (k == &member_kind && old))) {
                /* badReqOrNotFoundException: a parent the body names is a 400. */
                req_error(r, 400, "No %s with ID %s exists.", p->kind->what, now);
            } else if (rc == ZKS_NONODE) {
                req_not_found(r, p->kind->what, now);
            } else
                req_zk_error(r, rc);
            return false;
        }
        zks_txn_create(t, NULL, "/%s/%s/%s/%s", p->kind->coll, now, p->index, id);
    }
    return true;
}

/* A VIP belongs to its pool's load balancer. */
static void vip_lb(struct req *r, json_t *cfg)
{
    enum zks_rc rc;
    json_t *pool = zks_get_json(r->zk, &rc, NULL, "/pools/%s", val_get_str(cfg, "poolId"));

    json_object_set_new(cfg, "loadBalancerId", res_copy(pool, "loadBalancerId"));
    json_decref(pool);
}

/* POST; parent_field: the field a sub-collection URI fixes to r->arg[0] (NULL: none). */
static int l4_create(struct req *r, const struct kind *k, const char *parent_field)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    json_t *cfg = NULL;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    res_body_id(&v, r->in, id);
    if (req_invalid(r, &v))
        goto out;
    if (k == &lb_kind && json_object_get(r->in, "routerId") &&
        !json_is_null(json_object_get(r->in, "routerId"))) {
        req_error(r, 400, ROUTER_MSG);
        goto out;
    }
    /* The parent the URI names wins over the body's. */
    if (parent_field)
        json_object_set_new(r->in, parent_field, json_string(r->arg[0]));
    cfg = l4_from_body(r, k, NULL);
    if (!cfg)
        goto out;
    rc = zks_exists(r->zk, "/%s/%s", k->coll, id);
    if (rc == ZKS_OK) {
        req_error(r, 409, "A(n) %s with ID %s already exists.", k->what, id);
        goto out;
    }
    if (k == &vip_kind)
        vip_lb(r, cfg);
    if (!parents_ops(r, k, &t, id, cfg, NULL))
        goto out;
    zks_txn_create(&t, cfg, "/%s/%s", k->coll, id);
    for (size_t i = 0; i < k->nchildren; i++)
        if (!zks_txn_creates(&t, "/%s/%s/%s", k->coll, id, k->children[i].index))
            zks_txn_create(&t, NULL, "/%s/%s/%s", k->coll, id, k->children[i].index);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/%s/%s", k->coll, id);
out:
    zks_txn_release(&t);
    json_decref(cfg);
    return 0;
}

static int l4_update(struct req *r, const struct kind *k)
{
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *old, *cfg = NULL;
    enum zks_rc rc;

    old = zks_get_json(r->zk, &rc, NULL, "/%s/%s", k->coll, r->arg[0]);
    if (!old)
        return rc == ZKS_NONODE ? req_not_found(r, k->what, r->arg[0]) : req_zk_error(r, rc);
    if (k == &lb_kind) {
        json_t *now = lb_router(r, r->arg[0]);
        const json_t *given = json_object_get(r->in, "routerId");

        rc = given && !json_is_null(given) && !json_equal(given, now) ? ZKS_FAILED : ZKS_OK;
        json_decref(now);
        if (rc != ZKS_OK) {
            req_error(r, 400, ROUTER_MSG);
            goto out;
        }
    }
    cfg = l4_from_body(r, k, old);
    if (!cfg)
        goto out;
    if (k == &vip_kind)
        vip_lb(r, cfg);
    if (!parents_ops(r, k, &t, r->arg[0], cfg, old))
        goto out;
    zks_txn_set(&t, cfg, "/%s/%s", k->coll, r->arg[0]);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_no_content(r);
out:
    zks_txn_release(&t);
    json_decref(cfg);
    json_decref(old);
    return 0;
}

/* Queue deleting object id of kind k, its index entries and what hangs under it. */
static enum zks_rc l4_delete_ops(struct req *r, const struct kind *k, struct zks_txn *t,
                                 const char *id)
{
    struct zks_names kids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/%s/%s", k->coll, id);

    if (!cfg || zks_txn_deletes(t, "/%s/%s", k->coll, id)) {
        json_decref(cfg);
        return !cfg && rc != ZKS_NONODE && rc != ZKS_FAILED ? rc : ZKS_OK;
    }
    for (size_t i = 0; i < k->nparents; i++) {
        const struct parent *p = &k->parents[i];
        const char *pid = val_get_str(cfg, p->field);

        if (pid && zks_exists(r->zk, "/%s/%s/%s/%s", p->kind->coll, pid, p->index, id) == ZKS_OK)
            zks_txn_delete(t, "/%s/%s/%s/%s", p->kind->coll, pid, p->index, id);
    }
    rc = ZKS_OK;
    for (size_t i = 0; rc == ZKS_OK && i < k->nchildren; i++) {
        const struct child *c = &k->children[i];

        rc = zks_children(r->zk, &kids, "/%s/%s/%s", k->coll, id, c->index);
        if (rc == ZKS_NONODE)
            rc = ZKS_OK;
        for (size_t j = 0; rc == ZKS_OK && j < kids.nr; j++) {
            json_t *kcfg;

            if (!c->clear) {
                rc = l4_delete_ops(r, c->kind, t, kids.v[j]);
                continue;
            }
            kcfg = zks_get_json(r->zk, &rc, NULL, "/%s/%s", c->kind->coll, kids.v[j]);
            if (kcfg) {
                json_object_set_new(kcfg, c->clear, json_null());
                zks_txn_set(t, kcfg, "/%s/%s", c->kind->coll, kids.v[j]);
            } else if (rc == ZKS_NONODE || rc == ZKS_FAILED) {
                rc = ZKS_OK;
            }
            json_decref(kcfg);
        }
    }
    if (rc == ZKS_OK && k == &lb_kind) {
        /* The router that uses it uses none now. */
        json_t *router = lb_router(r, id);

        if (json_is_string(router)) {
            json_t *rcfg = zks_get_json(r->zk, &rc, NULL, "/routers/%s", json_string_value(router));

            if (rcfg) {
                json_object_set_new(rcfg, "loadBalancer", json_null());
                zks_txn_set(t, rcfg, "/routers/%s", json_string_value(router));
            }
            json_decref(rcfg);
        }
        json_decref(router);
    }
    if (rc == ZKS_OK)
        rc = zks_txn_delete_tree(r->zk, t, "/%s/%s", k->coll, id);
    zks_names_release(&kids);
    json_decref(cfg);
    return rc;
}

static int l4_delete(struct req *r, const struct kind *k)
{
    struct zks_txn t = ZKS_TXN_INIT;

    return res_delete_reply(r, &t, l4_delete_ops(r, k, &t, r->arg[0]));
}

static int l4_get(struct req *r, const struct kind *k)
{
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/%s/%s", k->coll, r->arg[0]);

    if (!cfg)
        return rc == ZKS_NONODE ? req_not_found(r, k->what, r->arg[0]) : req_zk_error(r, rc);
    req_ok(r, l4_dto(r, k, r->arg[0], cfg));
    json_decref(cfg);
    return 0;
}

/* GET of a collection: all of kind k, or (owner != NULL) those under r->arg[0]'s index. */
static int l4_list(struct req *r, const struct kind *k, const struct kind *owner, const char *index)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc = ZKS_OK;
    json_t *out;

    if (owner) {
        rc = zks_exists(r->zk, "/%s/%s", owner->coll, r->arg[0]);
        if (rc == ZKS_OK)
            rc = zks_children_by_age(r->zk, &ids, "/%s/%s/%s", owner->coll, r->arg[0], index);
        if (rc == ZKS_NONODE)
            return req_not_found(r, owner->what, r->arg[0]);
    } else {
        rc = zks_children_by_age(r->zk, &ids, "/%s", k->coll);
    }
    if (rc != ZKS_OK) {
        zks_names_release(&ids);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < ids.nr; i++) {
        json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/%s/%s", k->coll, ids.v[i]);

        if (cfg)
            json_array_append_new(out, l4_dto(r, k, ids.v[i], cfg));
        json_decref(cfg);
    }
    zks_names_release(&ids);
    return req_ok(r, out);
}

#define CRUD(name, kind)                                                              \
    static int name##_list(struct req *r) { return l4_list(r, &kind, NULL, NULL); }  \
    static int name##_create(struct req *r) { return l4_create(r, &kind, NULL); }    \
    static int name##_get(struct req *r) { return l4_get(r, &kind); }                \
    static int name##_update(struct req *r) { return l4_update(r, &kind); }          \
    static int name##_delete(struct req *r) { return l4_delete(r, &kind); }

CRUD(lb, lb_kind)
CRUD(pool, pool_kind)
CRUD(member, member_kind)
CRUD(vip, vip_kind)
CRUD(hm, hm_kind)

static int lb_pools(struct req *r)
{
    return l4_list(r, &pool_kind, &lb_kind, "pools");
}

static int lb_pool_create(struct req *r)
{
    return l4_create(r, &pool_kind, "loadBalancerId");
}

static int lb_vips(struct req *r)
{
    return l4_list(r, &vip_kind, &lb_kind, "vips");
}

static int pool_members(struct req *r)
{
    return l4_list(r, &member_kind, &pool_kind, "pool_members");
}

static int pool_member_create(struct req *r)
{
    return l4_create(r, &member_kind, "poolId");
}

static int pool_vips(struct req *r)
{
    return l4_list(r, &vip_kind, &pool_kind, "vips");
}

static int pool_vip_create(struct req *r)
{
    return l4_create(r, &vip_kind, "poolId");
}

static int hm_pools(struct req *r)
{
    return l4_list(r, &pool_kind, &hm_kind, "pools");
}

#define ROUTES(path, type, name)                                                    \
    { "GET", path, "collection." type " json", name##_list },                     \
    { "POST", path, type " json", name##_create },                                \
    { "GET", path "/{id}", type " json", name##_get },                            \
    { "PUT", path "/{id}", type " json", name##_update },                         \
    { "DELETE", path "/{id}", NULL, name##_delete }

const struct route res_l4lb_routes[] = {
    ROUTES("/load_balancers", "LoadBalancer-v1", lb),
    ROUTES("/pools", "Pool-v1", pool),
    ROUTES("/pool_members", "PoolMember-v1", member),
    ROUTES("/vips", "VIP-v1", vip),
    ROUTES("/health_monitors", "HealthMonitor-v1", hm),
    { "GET", "/load_balancers/{id}/pools", "collection.Pool-v1 json", lb_pools },
    { "POST", "/load_balancers/{id}/pools", "Pool-v1 json", lb_pool_create },
    { "GET", "/load_balancers/{id}/vips", "collection.VIP-v1 json", lb_vips },
    { "GET", "/pools/{id}/pool_members", "collection.PoolMember-v1 json", pool_members },
    { "POST", "/pools/{id}/pool_members", "PoolMember-v1 json", pool_member_create },
    { "GET", "/pools/{id}/vips", "collection.VIP-v1 json", pool_vips },
    { "POST", "/pools/{id}/vips", "VIP-v1 json", pool_vip_create },
    { "GET", "/health_monitors/{id}/pools", "collection.Pool-v1 json", hm_pools },
    { NULL, NULL, NULL, NULL },
};
