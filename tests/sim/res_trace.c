/*
 * res_trace: trace requests (/traces).
 *
 * Stored as TraceRequestZkManager's TraceRequestConfig at /traces/<id>: name, deviceType,
 * deviceId, condition (a rule condition, see res_chain.c), creationTimestampMs, limit,
 * enabledRule. MidoNet enables a trace by adding a trace rule to the device's inbound
 * chain and records that rule in enabledRule; nothing here traces packets, so enabling
 * records an "enabled" flag instead and enabledRule stays null.
 */
#include "tests/sim/res.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOT_FOUND_MSG "Trace request doesn't exist"

static const struct {
    const char *type, *coll, *what;
} device_types[] = {
    { "ROUTER", "routers", "router" },
    { "BRIDGE", "bridges", "bridge" },
    { "PORT", "ports", "port" },
};

static json_t *trace_dto(struct req *r, const char *id, const json_t *cfg)
{
    json_t *o = json_object(), *cond = json_object();

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "name", res_copy(cfg, "name"));
    json_object_set_new(o, "deviceType", res_copy(cfg, "deviceType"));
    json_object_set_new(o, "deviceId", res_copy(cfg, "deviceId"));
    rule_condition_dto(r, cond, json_object_get(cfg, "condition"));
    json_object_set_new(o, "condition", cond);
    json_object_set_new(o, "creationTimestampMs", res_copy(cfg, "creationTimestampMs"));
    json_object_set_new(o, "limit", res_copy(cfg, "limit"));
    json_object_set_new(o, "enabled", json_boolean(json_is_true(json_object_get(cfg, "enabled"))));
    json_object_set_new(o, "uri", req_uri(r, "/traces/%s", id));
    return o;
}

/*
 * A trace config from a POST or PUT body, or NULL after a 400 (or a 404 for a missing
 * device). The timestamp is the server's on POST, whatever the body says.
 */
static json_t *trace_from_body(struct req *r)
{
    const char *name, *type;
    json_t *cfg = NULL, *dev = NULL, *cond = NULL;
    const json_t *jcond = json_object_get(r->in, "condition");
    bool undefined = false, enabled;
    size_t kind = ARRAY_SIZE(device_types);
    char *msg = NULL;
    long long limit;
    struct timespec now;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    name = val_str_required(&v, r->in, "name");
    type = val_str_required(&v, r->in, "deviceType");
    for (size_t i = 0; type && i < ARRAY_SIZE(device_types); i++)
        if (!strcmp(type, device_types[i].type))
            kind = i;
    if (type && kind == ARRAY_SIZE(device_types))
        v.bad = true;       /* not a DeviceType */
    dev = val_uuid(&v, r->in, "deviceId");
    if (json_is_null(dev) && !v.bad)
        val_violation(&v, "deviceId", MSG_NOT_NULL);
    if (!jcond || json_is_null(jcond))
        val_violation(&v, "condition", MSG_NOT_NULL);
    else if (!json_is_object(jcond))
        v.bad = true;
    else
        cond = rule_condition(&v, jcond, &msg, &undefined);
    /* A long; Long.MAX_VALUE by default. */
    limit = json_is_integer(json_object_get(r->in, "limit"))
        ? json_integer_value(json_object_get(r->in, "limit")) : INT64_MAX;
    enabled = val_bool(&v, r->in, "enabled", false);
    if (undefined && !v.bad) {
        val_release(&v);
        req_error(r, 400, "The valid options for fragmentPolicy are: 'any', 'header', "
                  "'nonheader', and 'unfragmented'.");
        goto out;
    }
    if (req_invalid(r, &v))
        goto out;
    if (msg) {
        req_error(r, 400, "%s", msg);
        goto out;
    }
    rc = zks_exists(r->zk, "/%s/%s", device_types[kind].coll, json_string_value(dev));
    if (rc != ZKS_OK) {
        if (rc == ZKS_NONODE)
            req_not_found(r, device_types[kind].what, json_string_value(dev));
        else
            req_zk_error(r, rc);
        goto out;
    }
    clock_gettime(CLOCK_REALTIME, &now);
    cfg = json_object();
    json_object_set_new(cfg, "name", json_string(name));
    json_object_set_new(cfg, "deviceType", json_string(type));
    json_object_set(cfg, "deviceId", dev);
    json_object_set(cfg, "condition", cond);
    json_object_set_new(cfg, "creationTimestampMs",
                        json_integer((json_int_t)now.tv_sec * 1000 + now.tv_nsec / 1000000));
    json_object_set_new(cfg, "limit", json_integer(limit));
    json_object_set_new(cfg, "enabledRule", json_null());
    json_object_set_new(cfg, "enabled", json_boolean(enabled));
out:
    free(msg);
    json_decref(dev);
    json_decref(cond);
    return cfg;
}

static int traces_list(struct req *r)
{
    return res_list(r, "/traces", trace_dto, NULL);
}

static int trace_get(struct req *r)
{
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/traces/%s", r->arg[0]);

    if (!cfg)
        return rc == ZKS_NONODE ? req_error(r, 404, NOT_FOUND_MSG) : req_zk_error(r, rc);
    req_ok(r, trace_dto(r, r->arg[0], cfg));
    json_decref(cfg);
    return 0;
}

static int trace_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    json_t *cfg;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    res_body_id(&v, r->in, id);
    if (req_invalid(r, &v))
        return 0;
    cfg = trace_from_body(r);
    if (!cfg)
        return 0;
    zks_txn_create(&t, cfg, "/traces/%s", id);
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    json_decref(cfg);
    return rc == ZKS_OK ? req_created(r, "/traces/%s", id) : req_zk_error(r, rc);
}

/* PUT toggles enabled only: any other difference is a 409 (§4). */
static int trace_update(struct req *r)
{
    static const char *const same[] = { "name", "deviceType", "deviceId", "condition" };
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *old, *cfg = NULL;
    enum zks_rc rc;

    old = zks_get_json(r->zk, &rc, NULL, "/traces/%s", r->arg[0]);
    if (!old)
        return rc == ZKS_NONODE ? req_error(r, 404, NOT_FOUND_MSG) : req_zk_error(r, rc);
    cfg = trace_from_body(r);
    if (!cfg)
        goto out;
    for (size_t i = 0; i < ARRAY_SIZE(same); i++) {
        if (!json_equal(json_object_get(cfg, same[i]), json_object_get(old, same[i]))) {
            req_error(r, 409, "Trace request mismatch. Only 'enabled' can be updated");
            goto out;
        }
    }
    json_object_set(old, "enabled", json_object_get(cfg, "enabled"));
    zks_txn_set(&t, old, "/traces/%s", r->arg[0]);
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

static int trace_delete(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    enum zks_rc rc = zks_exists(r->zk, "/traces/%s", r->arg[0]);

    if (rc == ZKS_OK)
        zks_txn_delete(&t, "/traces/%s", r->arg[0]);
    return res_delete_reply(r, &t, rc);
}

enum zks_rc trace_device_delete_ops(struct req *r, struct zks_txn *t, const char *id)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *cfgs = zks_list_json(r->zk, &rc, &ids, "/traces");

    for (size_t i = 0; cfgs && i < ids.nr; i++) {
        const char *dev = val_get_str(json_array_get(cfgs, i), "deviceId");

        if (dev && !strcmp(dev, id))
            zks_txn_delete(t, "/traces/%s", ids.v[i]);
    }
    json_decref(cfgs);
    zks_names_release(&ids);
    return cfgs || rc == ZKS_NONODE ? ZKS_OK : rc;
}

const struct route res_trace_routes[] = {
    { "GET", "/traces", "collection.TraceRequest-v1 json", traces_list },
    { "POST", "/traces", "TraceRequest-v1 json", trace_create },
    { "GET", "/traces/{id}", "TraceRequest-v1 json", trace_get },
    { "PUT", "/traces/{id}", "TraceRequest-v1 json", trace_update },
    { "DELETE", "/traces/{id}", NULL, trace_delete },
    { NULL, NULL, NULL, NULL },
};
