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

/* res_list for dtos and filters that read ZooKeeper themselves: built after the reads. */
static int list_after(struct req *r, const char *dir, res_dto_fn *dto, res_keep_fn *keep)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *cfgs, *out;

    cfgs = zks_list_json(r->zk, &rc, &ids, "%s", dir);
    if (!cfgs) {
        zks_names_release(&ids);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < ids.nr; i++) {
        const char *id = ids.v[i];
        json_t *cfg = json_array_get(cfgs, i);

        if (!keep || keep(r, id, cfg))
            json_array_append_new(out, dto(r, id, cfg));
    }
    json_decref(cfgs);
    zks_names_release(&ids);
    return req_ok(r, out);
}

/*
 * A collection built as it is read (res_list_cfg, res_list_stat): each object is kept or
 * not, built and, when the reply may be text, serialized as soon as its reads are in
 * (build_one, from zks_read_json_each), while later reads are still on their way. Only
 * the order is left for the end: creation order is known once every object's czxid is.
 */
struct built {
    bool kept;
    json_t *dto;                /* !raw */
    size_t off, len;            /* raw: its text in listing.text */
};

struct listing {
    struct req *r;
    char **ids;
    res_dto_fn *dto;
    res_dto_stat_fn *dto_stat;
    res_keep_fn *keep;
    bool raw;
    struct built *v;
    struct strbuf text;         /* raw: the kept objects' texts, in the order built */
};

static int dump_to_strbuf(const char *buf, size_t len, void *data)
{
    strbuf_add(data, buf, len);
    return 0;
}

static void build_one(void *ctx, size_t i, const struct zks_read *got,
                      const struct zks_read *stat)
{
    struct listing *l = ctx;
    const char *id = l->ids[i];
    json_t *o;

    if (l->keep && !l->keep(l->r, id, got->json))
        return;
    o = l->dto_stat ? l->dto_stat(l->r, id, got->json, stat) : l->dto(l->r, id, got->json);
    l->v[i].kept = true;
    if (!l->raw) {
        l->v[i].dto = o;
        return;
    }
    l->v[i].off = l->text.len;
    if (json_dump_callback(o, dump_to_strbuf, &l->text, REQ_DUMP_FLAGS))
        die(1, "cannot serialize JSON");
    l->v[i].len = l->text.len - l->v[i].off;
    json_decref(o);
}

struct ordered {
    int64_t czxid;
    const char *id;
    size_t i;
};

/* Creation order; equal czxids (never, in one ZooKeeper) by name, as zks_list_json. */
static int cmp_ordered(const void *a, const void *b)
{
    const struct ordered *x = a, *y = b;

    if (x->czxid != y->czxid)
        return x->czxid < y->czxid ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int list_built(struct req *r, const char *dir, res_dto_fn *dto, res_keep_fn *keep,
                      const char *stat_fmt, res_dto_stat_fn *dto_stat)
{
    struct listing l = { .r = r, .dto = dto, .dto_stat = dto_stat, .keep = keep,
                         .raw = r->raw_ok, .text = STRBUF_INIT };
    struct zks_names ids = ZKS_NAMES_INIT;
    struct zks_read *got = NULL, *stats = NULL;
    struct ordered *order = NULL;
    char **paths = NULL, **spaths = NULL;
    size_t n, nr = 0, len;
    enum zks_rc rc;

    rc = zks_children(r->zk, &ids, "%s", dir);
    if (rc != ZKS_OK) {
        zks_names_release(&ids);
        return req_zk_error(r, rc);
    }
    n = ids.nr;
    l.ids = ids.v;
    l.v = xcalloc(n ? n : 1, sizeof(*l.v));
    paths = xcalloc(n ? n : 1, sizeof(*paths));
    got = xcalloc(n ? n : 1, sizeof(*got));
    if (stat_fmt) {
        spaths = xcalloc(n ? n : 1, sizeof(*spaths));
        stats = xcalloc(n ? n : 1, sizeof(*stats));
    }
    for (size_t i = 0; i < n; i++) {
        paths[i] = xasprintf("%s/%s", dir, ids.v[i]);
        if (spaths)
            spaths[i] = xasprintf(stat_fmt, ids.v[i]);
    }
    if (n)
        rc = zks_read_json_each(r->zk, paths, spaths, n, got, stats, build_one, &l);
    if (rc != ZKS_OK) {
        req_zk_error(r, rc);
        goto out;
    }
    /*
     * A child deleted between the listing and its read is left out, as MidoNet's getAll
     * skipped an id whose node no longer existed; so is one that is not wrapped JSON.
     */
    order = xcalloc(n ? n : 1, sizeof(*order));
    for (size_t i = 0; i < n; i++) {
        if (got[i].rc != ZKS_OK || !l.v[i].kept)
            continue;
        order[nr].czxid = got[i].czxid;
        order[nr].id = ids.v[i];
        order[nr].i = i;
        nr++;
    }
    if (nr)
        qsort(order, nr, sizeof(*order), cmp_ordered);
    if (l.raw) {
        /* The array as json_dumps writes it: "[" a "," b "]". */
        struct strbuf body = STRBUF_INIT;

        strbuf_grow(&body, l.text.len + nr + 2);
        strbuf_addch(&body, '[');
        for (size_t k = 0; k < nr; k++) {
            const struct built *b = &l.v[order[k].i];

            if (k)
                strbuf_addch(&body, ',');
            strbuf_add(&body, l.text.buf + b->off, b->len);
        }
        strbuf_addch(&body, ']');
        len = body.len;
        req_ok_text(r, strbuf_detach(&body), len);
    } else {
        json_t *out = json_array();

        for (size_t k = 0; k < nr; k++) {
            json_array_append_new(out, l.v[order[k].i].dto);
            l.v[order[k].i].dto = NULL;
        }
        req_ok(r, out);
    }
out:
    for (size_t i = 0; i < n; i++) {
        json_decref(l.v[i].dto);
        free(paths[i]);
        if (spaths)
            free(spaths[i]);
    }
    free(order);
    free(paths);
    free(spaths);
    zks_reads_release(got, n);
    zks_reads_release(stats, stat_fmt ? n : 0);
    free(l.v);
    strbuf_release(&l.text);
    zks_names_release(&ids);
    return 0;
}

int res_list(struct req *r, const char *dir, res_dto_fn *dto, res_keep_fn *keep)
{
    return list_after(r, dir, dto, keep);
}

int res_list_cfg(struct req *r, const char *dir, res_dto_fn *dto, res_keep_fn *keep)
{
    return list_built(r, dir, dto, keep, NULL, NULL);
}

int res_list_stat(struct req *r, const char *dir, const char *stat_fmt, res_dto_stat_fn *dto,
                  res_keep_fn *keep)
{
    return list_built(r, dir, NULL, keep, stat_fmt, dto);
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
