/*
 * res5_obj: the objects only 5.x has, one table-driven engine (doc/simulator.md, "The 5.x
 * dialect": removed and added):
 *
 *   BGP peers and networks   /routers/{id}/bgp_peers|bgp_networks, /bgp_peers|bgp_networks/{id}
 *   mirrors                  /mirrors[/{id}]
 *   L2 insertions            /l2insertions[/{id}] (?port=, ?srv_port=)
 *   QoS policies and rules   /qos_policies[/{id}], /qos_policies/{id}/qos_bw_limit_rules|
 *                            qos_dscp_rules, /qos_bw_limit_rules|qos_dscp_rules/{id}
 *   service containers       /service_containers[/{id}], /service_container_groups[/{id}],
 *                            /service_container_groups/{id}/service_containers
 *
 * Each object is one node, D5_MODELS/<ProtoClass>/<id> (res5.h), holding the object's
 * writable fields; the representation adds its id, URIs and computed fields. As 5.x's
 * generic MidonetResource does: POST 201 with Location, PUT 204 (a full replacement), a
 * missing id 404 "There is no <Class> with ID <id>.", DELETE 204 also when missing, a
 * duplicate id 409; references to missing objects 404 (storage bindings).
 */
#include "tests/sim/res5.h"

#include <stdlib.h>
#include <string.h>

enum fkind { F_STR, F_INT, F_BOOL, F_UUID, F_IPV4, F_MAC, F_ENUM, F_CONDS };

struct ofield {
    const char *key;
    enum fkind kind;
    bool required;              /* @NotNull */
    bool nullable;              /* Integer rather than int: absent stays null */
    long long min, max;         /* checked when min < max */
    long long dflt;
    const char *ref;            /* F_UUID: a 5.x class or a 1.9 directory ("/ports") */
    const char *enums;          /* F_ENUM: "|A|B|" */
};

struct otype;
typedef void dto_fn(struct req *r, const struct otype *t, const char *id, const json_t *cfg,
                    json_t *o);
/* Type-specific checks of a new config (old: the stored one on PUT). True when it replied. */
typedef bool check_fn(struct req *r, const struct otype *t, const char *id, const json_t *cfg,
                      const json_t *old);

struct otype {
    const char *cls, *seg, *mt;
    const char *parent_key;     /* the field the parent's URL sets, e.g. "routerId" */
    const char *parent_ref;     /* and what it names: "/routers" or a class */
    const struct ofield *fields;
    dto_fn *dto_extra;
    check_fn *check;
    const char *child_cls[2], *child_key;   /* deleted with it */
};

#define END { NULL, 0, false, false, 0, 0, 0, NULL, NULL }

static const struct ofield bgp_peer_fields[] = {
    { "asNumber", F_INT, false, false, 1, 4294967295LL, 0, NULL, NULL },
    { "address", F_IPV4, true, false, 0, 0, 0, NULL, NULL },
    { "keepAlive", F_INT, false, true, 5, 3600, 0, NULL, NULL },
    { "holdTime", F_INT, false, true, 5, 7200, 0, NULL, NULL },
    { "connectRetry", F_INT, false, true, 5, 3600, 0, NULL, NULL },
    { "password", F_STR, false, false, 0, 0, 0, NULL, NULL },
    END,
};
static const struct ofield bgp_network_fields[] = {
    { "subnetAddress", F_IPV4, true, false, 0, 0, 0, NULL, NULL },
    { "subnetLength", F_INT, false, false, 0, 32, 0, NULL, NULL },
    END,
};
static const struct ofield mirror_fields[] = {
    { "toPortId", F_UUID, true, false, 0, 0, 0, "/ports", NULL },
    { "conditions", F_CONDS, false, false, 0, 0, 0, NULL, NULL },
    END,
};
static const struct ofield l2insertion_fields[] = {
    { "portId", F_UUID, true, false, 0, 0, 0, "/ports", NULL },
    { "srvPortId", F_UUID, true, false, 0, 0, 0, "/ports", NULL },
    { "vlan", F_INT, false, false, 0, 0, 0, NULL, NULL },
    { "position", F_INT, false, false, 0, 0, 0, NULL, NULL },
    { "failOpen", F_BOOL, false, false, 0, 0, 0, NULL, NULL },
    { "mac", F_MAC, true, false, 0, 0, 0, NULL, NULL },
    END,
};
static const struct ofield qos_policy_fields[] = {
    { "name", F_STR, false, false, 0, 0, 0, NULL, NULL },
    { "description", F_STR, false, false, 0, 0, 0, NULL, NULL },
    { "shared", F_BOOL, false, true, 0, 0, 0, NULL, NULL },
    { "tenant_id", F_STR, false, false, 0, 0, 0, NULL, NULL },
    END,
};
static const struct ofield qos_bw_fields[] = {
    { "maxKbps", F_INT, false, false, 0, 0, 0, NULL, NULL },
    { "maxBurstKb", F_INT, false, true, 0, 0, 0, NULL, NULL },
    END,
};
static const struct ofield qos_dscp_fields[] = {
    { "dscpMark", F_INT, false, false, 0, 63, 0, NULL, NULL },
    END,
};
static const struct ofield container_fields[] = {
    { "serviceGroupId", F_UUID, false, false, 0, 0, 0, "ServiceContainerGroup", NULL },
    { "configurationId", F_UUID, false, false, 0, 0, 0, NULL, NULL },
    { "portId", F_UUID, false, false, 0, 0, 0, "/ports", NULL },
    { "serviceType", F_STR, true, false, 0, 0, 0, NULL, NULL },
    END,
};
static const struct ofield group_fields[] = {
    { "policy", F_ENUM, false, false, 0, 0, 0, NULL, "|WEIGHTED|LEAST|" },
    { "hostGroupId", F_UUID, false, false, 0, 0, 0, NULL, NULL },
    { "portGroupId", F_UUID, false, false, 0, 0, 0, "/port_groups", NULL },
    END,
};

static dto_fn bgp_dto, mirror_dto, qos_policy_dto, qos_rule_dto, container_dto, group_dto;
static check_fn bgp_peer_check, qos_policy_check, container_check;

enum { T_PEER, T_NETWORK, T_MIRROR, T_L2INS, T_QOS, T_QOS_BW, T_QOS_DSCP, T_CONT, T_GROUP };

static const struct otype types[] = {
    [T_PEER] = { "BgpPeer", "bgp_peers", "BgpPeer-v1", "routerId", "/routers", bgp_peer_fields,
                 bgp_dto, bgp_peer_check, { NULL, NULL }, NULL },
    [T_NETWORK] = { "BgpNetwork", "bgp_networks", "BgpNetwork-v1", "routerId", "/routers",
                    bgp_network_fields, bgp_dto, NULL, { NULL, NULL }, NULL },
    [T_MIRROR] = { "Mirror", "mirrors", "Mirror-v1", NULL, NULL, mirror_fields, mirror_dto, NULL,
                   { NULL, NULL }, NULL },
    [T_L2INS] = { "L2Insertion", "l2insertions", "L2Insertion-v1", NULL, NULL,
                  l2insertion_fields, NULL, NULL, { NULL, NULL }, NULL },
    [T_QOS] = { "QosPolicy", "qos_policies", "QOSPolicy-v1", NULL, NULL, qos_policy_fields,
                qos_policy_dto, qos_policy_check,
                { "QosRuleBandwidthLimit", "QosRuleDscp" }, "policyId" },
    [T_QOS_BW] = { "QosRuleBandwidthLimit", "qos_bw_limit_rules", "QOSRuleBWLimit-v1",
                   "policyId", "QosPolicy", qos_bw_fields, qos_rule_dto, NULL, { NULL, NULL },
                   NULL },
    [T_QOS_DSCP] = { "QosRuleDscp", "qos_dscp_rules", "QOSRuleDSCP-v1", "policyId", "QosPolicy",
                     qos_dscp_fields, qos_rule_dto, NULL, { NULL, NULL }, NULL },
    [T_CONT] = { "ServiceContainer", "service_containers", "ServiceContainer-v1",
                 "serviceGroupId", "ServiceContainerGroup", container_fields, container_dto,
                 container_check, { NULL, NULL }, NULL },
    [T_GROUP] = { "ServiceContainerGroup", "service_container_groups",
                  "ServiceContainerGroup-v1", NULL, NULL, group_fields, group_dto, NULL,
                  { "ServiceContainer", NULL }, "serviceGroupId" },
};

static bool ref_exists(struct req *r, const char *ref, const char *id)
{
    if (ref[0] == '/')
        return zks_exists(r->zk, "%s/%s", ref, id) == ZKS_OK;
    return zks_exists(r->zk, D5_MODELS "/%s/%s", ref, id) == ZKS_OK;
}

/* The 5.x class name of a reference, for 404 texts. */
static const char *ref_class(const char *ref)
{
    static const struct { const char *dir, *cls; } names[] = {
        { "/ports", "Port" }, { "/routers", "Router" }, { "/port_groups", "PortGroup" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (!strcmp(ref, names[i].dir))
            return names[i].cls;
    return ref;
}

/* The representation: id, the fields in table order, the parent key, uri, extras. */
static json_t *obj_dto(struct req *r, const struct otype *t, const char *id, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    for (const struct ofield *f = t->fields; f->key; f++) {
        if (f->kind == F_CONDS) {
            const json_t *c;
            json_t *list = json_array();
            size_t i;

            json_array_foreach(json_object_get(cfg, f->key), i, c) {
                json_t *x = json_object();

                rule_condition_dto(r, x, c);
                json_array_append_new(list, x);
            }
            json_object_set_new(o, f->key, list);
            continue;
        }
        json_object_set_new(o, f->key, res_copy(cfg, f->key));
    }
    if (t->parent_key && !json_object_get(o, t->parent_key))
        json_object_set_new(o, t->parent_key, res_copy(cfg, t->parent_key));
    json_object_set_new(o, "uri", req_uri(r, "/%s/%s", t->seg, id));
    if (t->dto_extra)
        t->dto_extra(r, t, id, cfg, o);
    return o;
}

/* A config from r->in by t's fields; NULL after a reply (400 or 404). */
static json_t *obj_from_body(struct req *r, const struct otype *t)
{
    struct val v;
    json_t *cfg = json_object();
    const char *miss_cls = NULL;
    char miss_id[UUID_LEN + 1] = "";
    char *msg = NULL;
    bool undefined = false;

    val_init(&v);
    for (const struct ofield *f = t->fields; f->key; f++) {
        json_t *x = NULL;

        switch (f->kind) {
        case F_STR: {
            const char *s = f->required ? val_str_required(&v, r->in, f->key)
                                        : val_str(&v, r->in, f->key);

            x = val_jstr(s);
            break;
        }
        case F_INT: {
            bool present;
            long long n = val_int(&v, r->in, f->key, f->dflt, &present);

            if ((present || !f->nullable) && f->min < f->max)
                val_range(&v, f->key, n, f->min, f->max);
            x = present || !f->nullable ? json_integer(n) : json_null();
            break;
        }
        case F_BOOL: {
            const json_t *b = json_object_get(r->in, f->key);

            x = f->nullable && (!b || json_is_null(b))
                    ? json_null() : json_boolean(val_bool(&v, r->in, f->key, f->dflt != 0));
            break;
        }
        case F_UUID:
            x = val_uuid(&v, r->in, f->key);
            if (json_is_null(x) && f->required)
                val_violation(&v, f->key, MSG_NOT_NULL);
            if (json_is_string(x) && f->ref && !miss_cls &&
                !ref_exists(r, f->ref, json_string_value(x))) {
                miss_cls = ref_class(f->ref);
                snprintf(miss_id, sizeof(miss_id), "%s", json_string_value(x));
            }
            break;
        case F_IPV4: {
            uint32_t a;
            const char *s = val_ipv4_field(&v, r->in, f->key, f->required, &a);

            x = val_jstr(s);
            break;
        }
        case F_MAC: {
            const char *s = f->required ? val_str_required(&v, r->in, f->key)
                                        : val_str(&v, r->in, f->key);
            char mac[18];

            if (s && !val_is_mac(s)) {
                val_violation(&v, f->key, "is not a valid MAC address");
                s = NULL;
            }
            if (s)
                val_mac_norm(s, mac);
            x = s ? json_string(mac) : json_null();
            break;
        }
        case F_ENUM: {
            const char *s = val_str(&v, r->in, f->key);
            char key[64];

            snprintf(key, sizeof(key), "|%s|", s ? s : "");
            if (s && (strchr(s, '|') || !strstr(f->enums, key)))
                v.bad = true;
            x = val_jstr(s);
            break;
        }
        case F_CONDS: {
            const json_t *a = json_object_get(r->in, f->key), *c;
            size_t i;

            x = json_array();
            if (a && !json_is_null(a) && !json_is_array(a))
                v.bad = true;
            json_array_foreach(a, i, c) {
                if (!json_is_object(c)) {
                    v.bad = true;
                    break;
                }
                json_array_append_new(x, rule_condition(&v, c, &msg, &undefined));
            }
            break;
        }
        }
        if (x)
            json_object_set_new(cfg, f->key, x);
    }
    if (undefined && !v.bad)
        v.bad = true;
    if (req_invalid(r, &v))
        goto fail;
    if (msg) {
        req_error(r, 400, "%s", msg);
        goto fail;
    }
    if (miss_cls) {
        d5_not_found(r, miss_cls, miss_id);
        goto fail;
    }
    free(msg);
    return cfg;
fail:
    free(msg);
    json_decref(cfg);
    return NULL;
}

static int obj_list(struct req *r, const struct otype *t, const char *parent)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *cfgs, *out;
    const char *port = t == &types[T_L2INS] ? req_query(r, "port") : NULL;
    const char *srv = t == &types[T_L2INS] ? req_query(r, "srv_port") : NULL;

    if (parent && !ref_exists(r, t->parent_ref, parent))
        return d5_not_found(r, ref_class(t->parent_ref), parent);
    cfgs = zks_list_json(r->zk, &rc, &ids, D5_MODELS "/%s", t->cls);
    if (!cfgs) {
        zks_names_release(&ids);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < ids.nr; i++) {
        const json_t *cfg = json_array_get(cfgs, i);
        const char *p = parent ? val_get_str(cfg, t->parent_key) : NULL;
        const char *pp = val_get_str(cfg, "portId"), *sp = val_get_str(cfg, "srvPortId");

        if (parent && (!p || strcmp(p, parent)))
            continue;
        if ((port && (!pp || strcasecmp(pp, port))) || (srv && (!sp || strcasecmp(sp, srv))))
            continue;
        json_array_append_new(out, obj_dto(r, t, ids.v[i], cfg));
    }
    json_decref(cfgs);
    zks_names_release(&ids);
    return req_ok(r, out);
}

static int obj_get(struct req *r, const struct otype *t)
{
    enum zks_rc rc;
    json_t *cfg = d5_get(r, t->cls, r->arg[0], &rc);

    if (!cfg)
        return rc == ZKS_NONODE ? d5_not_found(r, t->cls, r->arg[0]) : req_zk_error(r, rc);
    req_ok(r, obj_dto(r, t, r->arg[0], cfg));
    json_decref(cfg);
    return 0;
}

/* POST; parent: the id the URL names (then t->parent_key is set from it). */
static int obj_create(struct req *r, const struct otype *t, const char *parent)
{
    struct zks_txn tx = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    struct val v;
    json_t *cfg;
    enum zks_rc rc;

    if (parent && !ref_exists(r, t->parent_ref, parent))
        return d5_not_found(r, ref_class(t->parent_ref), parent);
    val_init(&v);
    res_body_id(&v, r->in, id);
    if (req_invalid(r, &v))
        return 0;
    if (zks_exists(r->zk, D5_MODELS "/%s/%s", t->cls, id) == ZKS_OK)
        return req_error(r, 409, "A(n) %s with ID %s already exists.", t->cls, id);
    cfg = obj_from_body(r, t);
    if (!cfg)
        return 0;
    if (t->parent_key) {
        if (parent)
            json_object_set_new(cfg, t->parent_key, json_string(parent));
        else if (!json_object_get(cfg, t->parent_key))
            json_object_set_new(cfg, t->parent_key, json_null());
    }
    if (t->check && t->check(r, t, id, cfg, NULL))
        goto out;
    zks_txn_create(&tx, cfg, D5_MODELS "/%s/%s", t->cls, id);
    if (t == &types[T_QOS]) {
        /* QosPolicy.rules, write-side: each one created with the policy. */
        const json_t *rule;
        size_t i;

        json_array_foreach(json_object_get(r->in, "rules"), i, rule) {
            const char *type = val_get_str(rule, "type");
            bool bw = type && !strcmp(type, "bandwidth_limit");
            json_t *rc2 = json_object();
            char rid[UUID_LEN + 1];

            val_uuid_random(rid);
            if (bw) {
                json_t *kbps = json_object_get(rule, "max_kbps");
                json_t *burst = json_object_get(rule, "max_burst_kbps");

                json_object_set_new(rc2, "maxKbps", kbps ? json_incref(kbps) : json_integer(0));
                json_object_set_new(rc2, "maxBurstKb", burst ? json_incref(burst) : json_null());
            } else {
                json_t *mark = json_object_get(rule, "dscp_mark");

                json_object_set_new(rc2, "dscpMark", mark ? json_incref(mark) : json_integer(0));
            }
            json_object_set_new(rc2, "policyId", json_string(id));
            zks_txn_create(&tx, rc2, D5_MODELS "/%s/%s",
                           bw ? "QosRuleBandwidthLimit" : "QosRuleDscp", rid);
            json_decref(rc2);
        }
    }
    rc = zks_txn_commit(r->zk, &tx);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/%s/%s", t->seg, id);
out:
    zks_txn_release(&tx);
    json_decref(cfg);
    return 0;
}

static int obj_update(struct req *r, const struct otype *t)
{
    struct zks_txn tx = ZKS_TXN_INIT;
    enum zks_rc rc;
    json_t *old = d5_get(r, t->cls, r->arg[0], &rc), *cfg;

    if (!old)
        return rc == ZKS_NONODE ? d5_not_found(r, t->cls, r->arg[0]) : req_zk_error(r, rc);
    cfg = obj_from_body(r, t);
    if (cfg) {
        if (t->parent_key && !json_is_string(json_object_get(cfg, t->parent_key)))
            json_object_set_new(cfg, t->parent_key, res_copy(old, t->parent_key));
        if (!t->check || !t->check(r, t, r->arg[0], cfg, old)) {
            zks_txn_set(&tx, cfg, D5_MODELS "/%s/%s", t->cls, r->arg[0]);
            rc = zks_txn_commit(r->zk, &tx);
            if (rc != ZKS_OK)
                req_zk_error(r, rc);
            else
                req_no_content(r);
        }
    }
    zks_txn_release(&tx);
    json_decref(cfg);
    json_decref(old);
    return 0;
}

/* 5.x's generic delete ignores a missing id (204). */
static int obj_delete(struct req *r, const struct otype *t)
{
    struct zks_txn tx = ZKS_TXN_INIT;
    enum zks_rc rc = zks_exists(r->zk, D5_MODELS "/%s/%s", t->cls, r->arg[0]);

    if (rc == ZKS_NONODE)
        return req_no_content(r);
    if (rc != ZKS_OK)
        return req_zk_error(r, rc);
    for (size_t i = 0; i < 2 && rc == ZKS_OK; i++)
        if (t->child_cls[i])
            rc = d5_cascade_ops(r, &tx, t->child_cls[i], t->child_key, r->arg[0]);
    /* The devices that name it forget it. */
    if (rc == ZKS_OK) {
        json_t *ids = json_pack("[s]", r->arg[0]);

        rc = d5_unref_ops(r, &tx, t->cls, ids);
        json_decref(ids);
    }
    if (rc == ZKS_OK)
        zks_txn_delete(&tx, D5_MODELS "/%s/%s", t->cls, r->arg[0]);
    return res_delete_reply(r, &tx, rc);
}

static void bgp_dto(struct req *r, const struct otype *t, const char *id, const json_t *cfg,
                    json_t *o)
{
    json_object_set_new(o, "router", req_uri_id(r, "routers", json_object_get(cfg, "routerId")));
}

static bool bgp_peer_check(struct req *r, const struct otype *t, const char *id,
                           const json_t *cfg, const json_t *old)
{
    const char *router = val_get_str(cfg, "routerId"), *addr = val_get_str(cfg, "address");
    json_int_t as = json_integer_value(json_object_get(cfg, "asNumber"));
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *peers = zks_list_json(r->zk, &rc, &ids, D5_MODELS "/BgpPeer");
    bool dup = false;

    for (size_t i = 0; peers && i < ids.nr && !dup; i++) {
        const json_t *p = json_array_get(peers, i);
        const char *pr = val_get_str(p, "routerId"), *pa = val_get_str(p, "address");

        dup = strcmp(ids.v[i], id) && pr && router && !strcmp(pr, router) && pa && addr &&
              !strcmp(pa, addr) && json_integer_value(json_object_get(p, "asNumber")) == as;
    }
    json_decref(peers);
    zks_names_release(&ids);
    if (dup)
        req_error(r, 400, "A BGP peer with address %s and AS number %lld already exists.", addr,
                  (long long)as);
    return dup;
}

static void mirror_dto(struct req *r, const struct otype *t, const char *id, const json_t *cfg,
                       json_t *o)
{
    json_object_set_new(o, "toPort", req_uri_id(r, "ports", json_object_get(cfg, "toPortId")));
}

static void qos_policy_dto(struct req *r, const struct otype *t, const char *id,
                           const json_t *cfg, json_t *o)
{
    json_object_set_new(o, "rules", json_null());
    json_object_set_new(o, "bandwidthLimitRuleIds",
                        d5_ids_with(r, "QosRuleBandwidthLimit", "policyId", id));
    json_object_set_new(o, "dscpMarkingRuleIds", d5_ids_with(r, "QosRuleDscp", "policyId", id));
    json_object_set_new(o, "bwLimitRules", req_uri(r, "/qos_policies/%s/qos_bw_limit_rules", id));
    json_object_set_new(o, "dscpRules", req_uri(r, "/qos_policies/%s/qos_dscp_rules", id));
}

/* The rules of a POST body must have known types (Jackson would refuse the body). */
static bool qos_policy_check(struct req *r, const struct otype *t, const char *id,
                             const json_t *cfg, const json_t *old)
{
    const json_t *rules = json_object_get(r->in, "rules"), *rule;
    size_t i;

    if (rules && !json_is_null(rules) && !json_is_array(rules))
        goto bad;
    json_array_foreach(rules, i, rule) {
        const char *type = val_get_str(rule, "type");

        if (!type || (strcmp(type, "bandwidth_limit") && strcmp(type, "dscp_marking")))
            goto bad;
    }
    return false;
bad:
    req_error(r, 400, "%s", MSG_NOT_DESERIALIZABLE);
    return true;
}

static void qos_rule_dto(struct req *r, const struct otype *t, const char *id,
                         const json_t *cfg, json_t *o)
{
    json_object_set_new(o, "policy",
                        req_uri_id(r, "qos_policies", json_object_get(cfg, "policyId")));
}

/* Computed from the port (the host it is bound to, its interface) and agent state. */
static void container_dto(struct req *r, const struct otype *t, const char *id,
                          const json_t *cfg, json_t *o)
{
    const json_t *port = json_object_get(cfg, "portId");
    json_t *pcfg = NULL;
    enum zks_rc rc;

    if (json_is_string(port))
        pcfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", json_string_value(port));
    json_object_set_new(o, "statusCode", json_null());
    json_object_set_new(o, "statusMessage", json_null());
    json_object_set_new(o, "hostId", res_copy(pcfg, "hostId"));
    json_object_set_new(o, "namespaceName", json_null());
    json_object_set_new(o, "interfaceName", res_copy(pcfg, "interfaceName"));
    json_object_set_new(o, "port", req_uri_id(r, "ports", port));
    json_object_set_new(o, "serviceContainerGroup",
                        req_uri_id(r, "service_container_groups",
                                   json_object_get(cfg, "serviceGroupId")));
    json_decref(pcfg);
}

static bool container_check(struct req *r, const struct otype *t, const char *id,
                            const json_t *cfg, const json_t *old)
{
    if (old && !json_is_string(json_object_get(cfg, "portId"))) {
        req_error(r, 406, "Container %s cannot be changed because it is not connected to a port",
                  id);
        return true;
    }
    return false;
}

static void group_dto(struct req *r, const struct otype *t, const char *id, const json_t *cfg,
                      json_t *o)
{
    json_object_set_new(o, "serviceContainerIds",
                        d5_ids_with(r, "ServiceContainer", "serviceGroupId", id));
    json_object_set_new(o, "serviceContainers",
                        req_uri(r, "/service_container_groups/%s/service_containers", id));
}

/* The handlers of type T: top-level and, with a parent, under it. */
#define HANDLERS(n, T)                                                                     \
    static int n##_list(struct req *r) { return obj_list(r, &types[T], NULL); }            \
    static int n##_plist(struct req *r) { return obj_list(r, &types[T], r->arg[0]); }      \
    static int n##_create(struct req *r) { return obj_create(r, &types[T], NULL); }        \
    static int n##_pcreate(struct req *r) { return obj_create(r, &types[T], r->arg[0]); }  \
    static int n##_get(struct req *r) { return obj_get(r, &types[T]); }                    \
    static int n##_update(struct req *r) { return obj_update(r, &types[T]); }              \
    static int n##_delete(struct req *r) { return obj_delete(r, &types[T]); }

HANDLERS(peer, T_PEER)
HANDLERS(network, T_NETWORK)
HANDLERS(mirror, T_MIRROR)
HANDLERS(l2ins, T_L2INS)
HANDLERS(qos, T_QOS)
HANDLERS(qbw, T_QOS_BW)
HANDLERS(qdscp, T_QOS_DSCP)
HANDLERS(cont, T_CONT)
HANDLERS(group, T_GROUP)

/* Unused combinations, referenced once so that -Wunused-function stays quiet. */
static int (*const unused_handlers[])(struct req *) = {
    peer_list, peer_create, network_list, network_create, network_update, mirror_plist,
    mirror_pcreate, l2ins_plist, l2ins_pcreate, qos_plist, qos_pcreate, qbw_list, qbw_create,
    qdscp_list, qdscp_create, cont_plist, group_plist, group_pcreate,
};

#define CRUD(seg, mt, n)                                                                   \
    { "GET", "/" seg, "collection." mt " json", n##_list },                                \
    { "POST", "/" seg, mt " json", n##_create },                                           \
    { "GET", "/" seg "/{id}", mt " json", n##_get },                                       \
    { "PUT", "/" seg "/{id}", mt " json", n##_update },                                    \
    { "DELETE", "/" seg "/{id}", NULL, n##_delete }

const struct route res5_bgp_routes[] = {
    { "GET", "/routers/{id}/bgp_peers", "collection.BgpPeer-v1 json", peer_plist },
    { "POST", "/routers/{id}/bgp_peers", "BgpPeer-v1 json", peer_pcreate },
    { "GET", "/bgp_peers/{id}", "BgpPeer-v1 json", peer_get },
    { "PUT", "/bgp_peers/{id}", "BgpPeer-v1 json", peer_update },
    { "DELETE", "/bgp_peers/{id}", NULL, peer_delete },
    { "GET", "/routers/{id}/bgp_networks", "collection.BgpNetwork-v1 json", network_plist },
    { "POST", "/routers/{id}/bgp_networks", "BgpNetwork-v1 json", network_pcreate },
    { "GET", "/bgp_networks/{id}", "BgpNetwork-v1 json", network_get },
    { "DELETE", "/bgp_networks/{id}", NULL, network_delete },
    { NULL, NULL, NULL, NULL },
};

const struct route res5_obj_routes[] = {
    CRUD("mirrors", "Mirror-v1", mirror),
    CRUD("l2insertions", "L2Insertion-v1", l2ins),
    CRUD("qos_policies", "QOSPolicy-v1", qos),
    { "GET", "/qos_policies/{id}/qos_bw_limit_rules", "collection.QOSRuleBWLimit-v1 json",
      qbw_plist },
    { "POST", "/qos_policies/{id}/qos_bw_limit_rules", "QOSRuleBWLimit-v1 json", qbw_pcreate },
    { "GET", "/qos_bw_limit_rules/{id}", "QOSRuleBWLimit-v1 json", qbw_get },
    { "PUT", "/qos_bw_limit_rules/{id}", "QOSRuleBWLimit-v1 json", qbw_update },
    { "DELETE", "/qos_bw_limit_rules/{id}", NULL, qbw_delete },
    { "GET", "/qos_policies/{id}/qos_dscp_rules", "collection.QOSRuleDSCP-v1 json", qdscp_plist },
    { "POST", "/qos_policies/{id}/qos_dscp_rules", "QOSRuleDSCP-v1 json", qdscp_pcreate },
    { "GET", "/qos_dscp_rules/{id}", "QOSRuleDSCP-v1 json", qdscp_get },
    { "PUT", "/qos_dscp_rules/{id}", "QOSRuleDSCP-v1 json", qdscp_update },
    { "DELETE", "/qos_dscp_rules/{id}", NULL, qdscp_delete },
    CRUD("service_containers", "ServiceContainer-v1", cont),
    { "POST", "/service_container_groups/{id}/service_containers", "ServiceContainer-v1 json",
      cont_pcreate },
    { "GET", "/service_container_groups/{id}/service_containers",
      "collection.ServiceContainer-v1 json", cont_plist },
    CRUD("service_container_groups", "ServiceContainerGroup-v1", group),
    { NULL, NULL, NULL, NULL },
};

/* Keeps unused_handlers referenced. */
size_t res5_obj_handler_count(void);
size_t res5_obj_handler_count(void)
{
    return ARRAY_SIZE(unused_handlers);
}
