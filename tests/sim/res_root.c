/*
 * res_root: the root document, tenants and the system resources (system_state,
 * write_version, versions).
 */
#include "tests/sim/res.h"

#include <stdio.h>
#include <string.h>

/* Collection keys of the root document and their paths; since: the first version with it. */
static const struct {
    const char *key, *path;
    int since;
} root_links[] = {
    { "hosts", "/hosts", 1 },
    { "tenants", "/tenants", 1 },
    { "tunnelZones", "/tunnel_zones", 1 },
    { "bridges", "/bridges", 1 },
    { "loadBalancers", "/load_balancers", 1 },
    { "healthMonitors", "/health_monitors", 1 },
    { "poolMembers", "/pool_members", 1 },
    { "pools", "/pools", 1 },
    { "ports", "/ports", 5 },
    { "vips", "/vips", 1 },
    { "chains", "/chains", 1 },
    { "portGroups", "/port_groups", 1 },
    { "ipAddrGroups", "/ip_addr_groups", 1 },
    { "routers", "/routers", 1 },
    { "vteps", "/vteps", 1 },
    { "writeVersion", "/write_version", 1 },
    { "systemState", "/system_state", 1 },
    { "hostVersions", "/versions", 1 },
    { "traceRequests", "/traces", 1 },
    { "neutron", "/neutron", 5 },
    { "adRouteTemplate", "/ad_routes/{id}", 1 },
    { "bgpTemplate", "/bgps/{id}", 1 },
    { "bridgeTemplate", "/bridges/{id}", 1 },
    { "chainTemplate", "/chains/{id}", 1 },
    { "hostTemplate", "/hosts/{id}", 1 },
    { "portTemplate", "/ports/{id}", 1 },
    { "portGroupTemplate", "/port_groups/{id}", 1 },
    { "ipAddrGroupTemplate", "/ip_addr_groups/{id}", 1 },
    { "routeTemplate", "/routes/{id}", 1 },
    { "routerTemplate", "/routers/{id}", 1 },
    { "ruleTemplate", "/rules/{id}", 1 },
    { "tenantTemplate", "/tenants/{id}", 1 },
    { "tunnelZoneTemplate", "/tunnel_zones/{id}", 1 },
    { "vtepTemplate", "/vteps/{ipAddr}", 1 },
    { "healthMonitorTemplate", "/health_monitors/{id}", 1 },
    { "loadBalancerTemplate", "/load_balancers/{id}", 1 },
    { "poolMemberTemplate", "/pool_members/{id}", 1 },
    { "poolTemplate", "/pools/{id}", 1 },
    { "vipTemplate", "/vips/{id}", 1 },
};

static int root_get(struct req *r)
{
    json_t *o = json_object();

    json_object_set_new(o, "uri", req_uri(r, "/"));
    /*
     * The doc: "v1.10" at v2015.06, "v1.9" on the v1.9.x tags. This simulates the 1.9
     * API, so it says v1.9.
     */
    json_object_set_new(o, "version", json_string("v1.9"));
    for (size_t i = 0; i < ARRAY_SIZE(root_links); i++) {
        if (r->ver < root_links[i].since)
            continue;
        json_object_set_new(o, root_links[i].key, req_uri(r, "%s", root_links[i].path));
        if (!strcmp(root_links[i].key, "neutron")) {
            json_object_set_new(o, "licenses", json_null());
            json_object_set_new(o, "licenseTemplate", json_null());
            json_object_set_new(o, "licenseStatus", json_null());
        }
    }
    return req_ok(r, o);
}

/* Percent-encoding for a query value. */
static void add_query_value(struct strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~", *p))
            strbuf_addch(sb, (char)*p);
        else
            strbuf_addf(sb, "%%%02X", *p);
    }
}

json_t *res_tenant_dto(struct req *r, const char *id)
{
    static const struct { const char *key, *path; } queries[] = {
        { "routers", "/routers" }, { "bridges", "/bridges" },
        { "chains", "/chains" }, { "portGroups", "/port_groups" },
    };
    struct strbuf q = STRBUF_INIT;
    json_t *o = json_object();

    json_object_set_new(o, "id", val_jstr(id));
    json_object_set_new(o, "name", val_jstr(id));
    strbuf_addf(&q, "/tenants/");
    add_query_value(&q, id);
    json_object_set_new(o, "uri", req_uri(r, "%s", q.buf));
    for (size_t i = 0; i < ARRAY_SIZE(queries); i++) {
        strbuf_reset(&q);
        strbuf_addf(&q, "%s?tenant_id=", queries[i].path);
        add_query_value(&q, id);
        json_object_set_new(o, queries[i].key, req_uri(r, "%s", q.buf));
    }
    strbuf_release(&q);
    return o;
}

static int tenants_list(struct req *r)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_children(r->zk, &ids, "/tenants");
    json_t *out;

    if (rc != ZKS_OK) {
        zks_names_release(&ids);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < ids.nr; i++)
        json_array_append_new(out, res_tenant_dto(r, ids.v[i]));
    zks_names_release(&ids);
    return req_ok(r, out);
}

/* MockAuthService.getTenant answers for any id, existing or not. */
static int tenant_get(struct req *r)
{
    return req_ok(r, res_tenant_dto(r, r->arg[0]));
}

static int system_state_get(struct req *r)
{
    struct strbuf wv = STRBUF_INIT;
    enum zks_rc up, ro, rc;
    json_t *o;

    up = zks_exists(r->zk, "/system_state/UPGRADE");
    ro = zks_exists(r->zk, "/system_state/CONFIG_READ_ONLY");
    rc = zks_get(r->zk, &wv, NULL, "/write_version");
    if ((up != ZKS_OK && up != ZKS_NONODE) || (ro != ZKS_OK && ro != ZKS_NONODE) ||
        (rc != ZKS_OK && rc != ZKS_NONODE)) {
        strbuf_release(&wv);
        return req_zk_error(r, up < 0 || ro < 0 ? ZKS_ERROR : rc);
    }
    o = json_object();
    json_object_set_new(o, "state", json_string(up == ZKS_OK ? "UPGRADE" : "ACTIVE"));
    json_object_set_new(o, "availability", json_string(ro == ZKS_OK ? "READONLY" : "READWRITE"));
    if (r->ver >= 2) {
        json_t *v = rc == ZKS_OK ? json_stringn(wv.buf, wv.len) : NULL;

        json_object_set_new(o, "writeVersion", v ? v : json_null());
    }
    json_object_set_new(o, "uri", req_uri(r, "/system_state"));
    strbuf_release(&wv);
    return req_ok(r, o);
}

/* Queue creating or deleting a flag node so that it exists exactly when on. */
static enum zks_rc flag_ops(struct req *r, struct zks_txn *t, const char *name, bool on)
{
    enum zks_rc rc = zks_exists(r->zk, "/system_state/%s", name);

    if (rc != ZKS_OK && rc != ZKS_NONODE)
        return rc;
    if (on && rc == ZKS_NONODE)
        zks_txn_create(t, NULL, "/system_state/%s", name);
    else if (!on && rc == ZKS_OK)
        zks_txn_delete(t, "/system_state/%s", name);
    return ZKS_OK;
}

/* Queue setting /write_version to raw text. */
static void write_version_ops(struct req *r, struct zks_txn *t, const char *version)
{
    if (zks_exists(r->zk, "/write_version") == ZKS_OK)
        zks_txn_delete(t, "/write_version");
    zks_txn_create_raw(t, version, "/write_version");
}

/*
 * MidoNet passes the strings to ZooKeeper as they are (a null one fails with a 500).
 * Here an absent field leaves its flag alone and an unknown value is a 400: the doc is
 * silent and a test tool should say what is wrong.
 */
static int system_state_put(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    struct val v;
    const char *state, *avail, *wv = NULL;
    enum zks_rc rc = ZKS_OK;

    val_init(&v);
    state = val_str(&v, r->in, "state");
    avail = val_str(&v, r->in, "availability");
    if (r->in_ver >= 2)
        wv = val_str(&v, r->in, "writeVersion");
    if (state && strcmp(state, "ACTIVE") && strcmp(state, "UPGRADE"))
        val_violation(&v, "state",
                      "Value specified is not valid. Allowed values are: ACTIVE, UPGRADE.");
    if (avail && strcmp(avail, "READWRITE") && strcmp(avail, "READONLY"))
        val_violation(&v, "availability",
                      "Value specified is not valid. Allowed values are: READWRITE, READONLY.");
    if (wv && (!*wv || strlen(wv) > 64))
        val_violation(&v, "writeVersion", "Value specified is not valid.");
    if (req_invalid(r, &v))
        goto out;
    if (state)
        rc = flag_ops(r, &t, "UPGRADE", !strcmp(state, "UPGRADE"));
    if (rc == ZKS_OK && avail)
        rc = flag_ops(r, &t, "CONFIG_READ_ONLY", !strcmp(avail, "READONLY"));
    if (rc == ZKS_OK && wv)
        write_version_ops(r, &t, wv);
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_no_content(r);
out:
    zks_txn_release(&t);
    return 0;
}

static int write_version_get(struct req *r)
{
    struct strbuf wv = STRBUF_INIT;
    enum zks_rc rc = zks_get(r->zk, &wv, NULL, "/write_version");
    json_t *o, *v;

    if (rc != ZKS_OK && rc != ZKS_NONODE) {
        strbuf_release(&wv);
        return req_zk_error(r, rc);
    }
    o = json_object();
    v = rc == ZKS_OK ? json_stringn(wv.buf, wv.len) : NULL;
    json_object_set_new(o, "version", v ? v : json_null());
    json_object_set_new(o, "uri", req_uri(r, "/write_version"));
    strbuf_release(&wv);
    return req_ok(r, o);
}

static int write_version_put(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    struct val v;
    const char *wv;
    enum zks_rc rc;

    val_init(&v);
    wv = val_str(&v, r->in, "version");
    if (!wv && !v.bad) {
        /* No validation upstream: setWriteVersion(null) throws (ThrowableMapper's 500). */
        val_release(&v);
        return req_error(r, 500, "An internal server error has occurred, please try again.");
    }
    if (wv && (!*wv || strlen(wv) > 64))
        val_violation(&v, "version", "Value specified is not valid.");
    if (req_invalid(r, &v))
        return 0;
    write_version_ops(r, &t, wv);
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    return rc == ZKS_OK ? req_no_content(r) : req_zk_error(r, rc);
}

/* /versions/<version>/<hostId>, every version, as HostVersion objects. */
static int versions_list(struct req *r)
{
    struct zks_names vers = ZKS_NAMES_INIT, hosts = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_children(r->zk, &vers, "/versions");
    json_t *out = json_array();

    for (size_t i = 0; rc == ZKS_OK && i < vers.nr; i++) {
        rc = zks_children(r->zk, &hosts, "/versions/%s", vers.v[i]);
        if (rc == ZKS_NONODE) {
            rc = ZKS_OK;
            continue;
        }
        for (size_t j = 0; rc == ZKS_OK && j < hosts.nr; j++) {
            json_t *o = json_object();

            json_object_set_new(o, "version", val_jstr(vers.v[i]));
            json_object_set_new(o, "hostId", val_jstr(hosts.v[j]));
            json_object_set_new(o, "host", req_uri(r, "/hosts/%s", hosts.v[j]));
            json_object_set_new(o, "uri", req_uri(r, "/versions"));
            json_array_append_new(out, o);
        }
    }
    zks_names_release(&vers);
    zks_names_release(&hosts);
    if (rc != ZKS_OK) {
        json_decref(out);
        return req_zk_error(r, rc);
    }
    return req_ok(r, out);
}

/*
 * The Neutron plugin API is out of scope; its root answers (with its own URI only) so
 * that every link of the root document resolves.
 */
static int neutron_get(struct req *r)
{
    json_t *o = json_object();

    json_object_set_new(o, "uri", req_uri(r, "/neutron"));
    return req_ok(r, o);
}

const struct route res_root_routes[] = {
    { "GET", "/", "Application-v5 Application-v4 json", root_get },
    { "GET", "/tenants", "collection.Tenant-v1 json", tenants_list },
    { "GET", "/tenants/{s}", "Tenant-v1 json", tenant_get },
    { "GET", "/system_state", "SystemState-v2 SystemState-v1 json", system_state_get },
    { "PUT", "/system_state", "SystemState-v2 SystemState-v1 json", system_state_put },
    { "GET", "/write_version", "WriteVersion-v1 json", write_version_get },
    { "PUT", "/write_version", "WriteVersion-v1 json", write_version_put },
    /* The list is sent as plain HostVersion-v1, not a collection type (§1). */
    { "GET", "/versions", "HostVersion-v1 json", versions_list },
    { "GET", "/neutron", "Neutron-v3 Neutron-v2 Neutron-v1 json", neutron_get },
    { NULL, NULL, NULL, NULL },
};
