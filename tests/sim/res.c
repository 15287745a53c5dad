#include "tests/sim/res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * §6's list, in Setup's order. The neutron subtrees for LBaaS are left out: nothing
 * here reads or writes them.
 */
const char *const res_top_dirs[] = {
    "/ad_routes", "/bgps", "/bridges", "/vlan-bridges", "/chains", "/filters", "/rules",
    "/gre", "/tunnel_zones", "/ports", "/routers", "/routes", "/agents", "/agents/ports",
    "/port_groups", "/ip_addr_groups", "/hosts", "/tenants", "/versions",
    "/versions/" ZKS_WRITE_VERSION, "/system_state", "/health_monitors", "/load_balancers",
    "/pool_health_monitor_mappings", "/pool_members", "/pools", "/vips", "/hm_leader",
    "/vteps", "/vxlan_port_ids", "/locks", "/licenses", "/nat", "/traces", "/device_status",
    "/device_status/bgp", "/neutron", "/neutron/networks", "/neutron/subnets",
    "/neutron/ports", "/neutron/routers", "/neutron/floating_ips",
    "/neutron/security_groups", "/neutron/security_group_rules",
    NULL,
};

/* res_list and res_list_stat: dto or dto_stat, with stat_fmt. */
static int list(struct req *r, const char *dir, res_dto_fn *dto, res_keep_fn *keep,
                const char *stat_fmt, res_dto_stat_fn *dto_stat)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    struct zks_read *stats = NULL;
    size_t *kept = NULL, nkept = 0;
    enum zks_rc rc;
    json_t *cfgs, *out;
    size_t i;

    cfgs = zks_list_json(r->zk, &rc, &ids, "%s", dir);
    if (!cfgs) {
        zks_names_release(&ids);
        return req_zk_error(r, rc);
    }
    kept = xcalloc(ids.nr ? ids.nr : 1, sizeof(*kept));
    for (i = 0; i < ids.nr; i++)
        if (!keep || keep(r, ids.v[i], json_array_get(cfgs, i)))
            kept[nkept++] = i;
    if (stat_fmt && nkept) {
        char **paths = xcalloc(nkept, sizeof(*paths));

        for (i = 0; i < nkept; i++)
            paths[i] = xasprintf(stat_fmt, ids.v[kept[i]]);
        stats = xcalloc(nkept, sizeof(*stats));
        rc = zks_read_stat(r->zk, paths, nkept, stats);
        for (i = 0; i < nkept; i++)
            free(paths[i]);
        free(paths);
        if (rc != ZKS_OK) {
            zks_reads_release(stats, nkept);
            free(kept);
            json_decref(cfgs);
            zks_names_release(&ids);
            return req_zk_error(r, rc);
        }
    }
    out = json_array();
    for (i = 0; i < nkept; i++) {
        const char *id = ids.v[kept[i]];
        json_t *cfg = json_array_get(cfgs, kept[i]);

        json_array_append_new(out, stat_fmt ? dto_stat(r, id, cfg, &stats[i]) : dto(r, id, cfg));
    }
    zks_reads_release(stats, nkept);
    free(kept);
    json_decref(cfgs);
    zks_names_release(&ids);
    return req_ok(r, out);
}

int res_list(struct req *r, const char *dir, res_dto_fn *dto, res_keep_fn *keep)
{
    return list(r, dir, dto, keep, NULL, NULL);
}

int res_list_stat(struct req *r, const char *dir, const char *stat_fmt, res_dto_stat_fn *dto,
                  res_keep_fn *keep)
{
    return list(r, dir, NULL, keep, stat_fmt, dto);
}

int res_get(struct req *r, const char *dir, const char *id, const char *what, res_dto_fn *dto)
{
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "%s/%s", dir, id);

    if (!cfg)
        return rc == ZKS_NONODE ? req_not_found(r, what, id) : req_zk_error(r, rc);
    req_ok(r, dto(r, id, cfg));
    json_decref(cfg);
    return 0;
}

void res_body_id(struct val *v, const json_t *in, char *id)
{
    json_t *jid = val_uuid(v, in, "id");

    if (json_is_string(jid))
        memcpy(id, json_string_value(jid), UUID_LEN + 1);
    else
        val_uuid_random(id);
    json_decref(jid);
}

json_t *res_copy(const json_t *cfg, const char *key)
{
    const json_t *x = json_object_get(cfg, key);

    return x ? json_deep_copy(x) : json_null();
}

int res_delete_reply(struct req *r, struct zks_txn *t, enum zks_rc rc)
{
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, t);
    zks_txn_release(t);
    if (rc == ZKS_OK || rc == ZKS_NONODE)
        return req_no_content(r);
    return req_zk_error(r, rc);
}

json_t *res_props(const char *tenant)
{
    json_t *props = json_object();

    json_object_set_new(props, "tenant_id", val_jstr(tenant));
    return props;
}

const char *res_tenant(const json_t *cfg)
{
    return val_get_str(json_object_get(cfg, "properties"), "tenant_id");
}

bool res_keep_tenant(struct req *r, const char *id, const json_t *cfg)
{
    const char *want = req_query(r, "tenant_id");
    const char *have = res_tenant(cfg);

    return !want || (have && !strcmp(want, have));
}

enum zks_rc res_tenant_ops(struct req *r, struct zks_txn *t, const char *tenant)
{
    enum zks_rc rc;

    /* A '/' would make it a path; MidoNet would fail too (NoNode), so refuse it here. */
    if (!tenant || !*tenant)
        return ZKS_OK;
    if (strchr(tenant, '/') || !strcmp(tenant, ".") || !strcmp(tenant, ".."))
        return ZKS_FAILED;
    rc = zks_exists(r->zk, "/tenants/%s", tenant);
    if (rc == ZKS_OK)
        return ZKS_OK;
    if (rc != ZKS_NONODE)
        return rc;
    zks_txn_create(t, NULL, "/tenants/%s", tenant);
    return ZKS_OK;
}

enum zks_rc res_tunnel_key(struct req *r, const char *owner, long long *key)
{
    struct strbuf created = STRBUF_INIT;
    json_t *data = json_object();
    const char *slash;
    char *wrapped, *end;
    enum zks_rc rc;

    json_object_set_new(data, "ownerId", json_string(owner));
    wrapped = zks_wrap(data);
    rc = zks_create(r->zk, wrapped, ZOO_SEQUENCE, &created, "/gre/");
    if (rc == ZKS_OK) {
        slash = strrchr(created.buf, '/');
        *key = strtoll(slash ? slash + 1 : created.buf, &end, 10);
        if (*end)
            rc = ZKS_FAILED;
    }
    free(wrapped);
    json_decref(data);
    strbuf_release(&created);
    return rc;
}

void res_tunnel_key_free(struct req *r, long long key)
{
    if (key >= 0)
        zks_delete(r->zk, "/gre/%010lld", key);
}

void res_tunnel_key_ops(struct req *r, struct zks_txn *t, const json_t *cfg)
{
    const json_t *jkey = json_object_get(cfg, "tunnelKey");
    long long key = json_is_integer(jkey) ? json_integer_value(jkey) : -1;

    if (key >= 0 && zks_exists(r->zk, "/gre/%010lld", key) == ZKS_OK)
        zks_txn_delete(t, "/gre/%010lld", key);
}

/* The distinct chain ids among a config's inboundFilter and outboundFilter. */
static size_t filter_chains(const json_t *cfg, const char *out[2])
{
    const char *in = val_get_str(cfg, "inboundFilter");
    const char *ob = val_get_str(cfg, "outboundFilter");
    size_t n = 0;

    if (in)
        out[n++] = in;
    if (ob && (!in || strcmp(in, ob)))
        out[n++] = ob;
    return n;
}

static bool among(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, v[i]))
            return true;
    return false;
}

void res_filter_refs_ops(struct req *r, struct zks_txn *t, const char *kind, const char *id,
                         const json_t *old_cfg, const json_t *new_cfg)
{
    const char *was[2], *now[2];
    size_t nwas = old_cfg ? filter_chains(old_cfg, was) : 0;
    size_t nnow = new_cfg ? filter_chains(new_cfg, now) : 0;

    for (size_t i = 0; i < nwas; i++) {
        if (among(was[i], now, nnow))
            continue;
        /* A chain deleted meanwhile took its refs with it. */
        if (zks_exists(r->zk, "/chains/%s/refs/%s:%s", was[i], kind, id) == ZKS_OK)
            zks_txn_delete(t, "/chains/%s/refs/%s:%s", was[i], kind, id);
    }
    for (size_t i = 0; i < nnow; i++) {
        if (among(now[i], was, nwas))
            continue;
        /* A missing chain fails the transaction (NoNode), hence a 500, as in MidoNet. */
        zks_txn_create(t, NULL, "/chains/%s/refs/%s:%s", now[i], kind, id);
    }
}
