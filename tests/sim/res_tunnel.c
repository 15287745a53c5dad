/*
 * res_tunnel: /tunnel_zones and their members (/tunnel_zones/{id}/hosts).
 *
 * A zone is /tunnel_zones/<id> {"name","@type"}; a member is
 * /tunnel_zones/<id>/memberships/<hostId> {"ip","@type"} plus the host's marker
 * /hosts/<hostId>/tunnel_zones/<id>, which bindings check (§4).
 */
#include "tests/sim/res.h"

#include <strings.h>
#include <string.h>

static const char *const zone_types[] = { "gre", "vxlan", "vtep" };

static json_t *zone_dto(struct req *r, const char *id, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "name", val_jstr(val_get_str(cfg, "name")));
    json_object_set_new(o, "type", val_jstr(val_get_str(cfg, "@type")));
    json_object_set_new(o, "uri", req_uri(r, "/tunnel_zones/%s", id));
    json_object_set_new(o, "hosts", req_uri(r, "/tunnel_zones/%s/hosts", id));
    return o;
}

static int zones_list(struct req *r)
{
    return res_list(r, "/tunnel_zones", zone_dto, NULL);
}

static int zone_get(struct req *r)
{
    return res_get(r, "/tunnel_zones", r->arg[0], "tunnel zone", zone_dto);
}

/*
 * A zone config from a POST or PUT body, or NULL after a 400. The name must not match
 * any zone's, case-insensitively, the zone being updated included: MidoNet's PUT runs
 * the same check, so PUTting a zone's own name back fails (§4 ⚠), and so it does here.
 */
static json_t *zone_from_body(struct req *r)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    const char *name, *type;
    json_t *cfg = NULL, *zones = NULL;
    enum zks_rc rc;
    struct val v;
    bool dup = false;
    bool known = false;

    val_init(&v);
    name = val_str_required(&v, r->in, "name");
    type = val_str_required(&v, r->in, "type");
    for (size_t i = 0; type && i < ARRAY_SIZE(zone_types); i++)
        known = known || !strcmp(type, zone_types[i]);
    if (type && !known)
        v.bad = true;       /* not a TunnelZoneType */
    if (name && (!*name || strlen(name) > 255))
        val_violation(&v, "name", "size must be between 1 and 255");
    if (name && !v.bad) {
        zones = zks_list_json(r->zk, &rc, &ids, "/tunnel_zones");
        if (!zones) {
            val_release(&v);
            req_zk_error(r, rc);
            goto out;
        }
        for (size_t i = 0; i < ids.nr; i++) {
            const char *other = val_get_str(json_array_get(zones, i), "name");

            if (other && !strcasecmp(other, name)) {
                dup = true;
                break;
            }
        }
    }
    if (req_invalid(r, &v))
        goto out;
    /* throwIfNameUsed runs after validation: a plain BadRequestHttpException. */
    if (dup) {
        req_error(r, 400, "Tunnel zone name already exists.");
        goto out;
    }
    cfg = json_object();
    json_object_set_new(cfg, "name", json_string(name));
    json_object_set_new(cfg, "@type", json_string(type));
out:
    json_decref(zones);
    zks_names_release(&ids);
    return cfg;
}

static int zone_create(struct req *r)
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
        return 0;
    cfg = zone_from_body(r);
    if (!cfg)
        return 0;
    zks_txn_create(&t, cfg, "/tunnel_zones/%s", id);
    zks_txn_create(&t, NULL, "/tunnel_zones/%s/memberships", id);
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    json_decref(cfg);
    return rc == ZKS_OK ? req_created(r, "/tunnel_zones/%s", id) : req_zk_error(r, rc);
}

static int zone_update(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    enum zks_rc rc = zks_exists(r->zk, "/tunnel_zones/%s", r->arg[0]);
    json_t *cfg;

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "tunnel zone", r->arg[0]) : req_zk_error(r, rc);
    cfg = zone_from_body(r);
    if (!cfg)
        return 0;
    zks_txn_set(&t, cfg, "/tunnel_zones/%s", r->arg[0]);
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    json_decref(cfg);
    return rc == ZKS_OK ? req_no_content(r) : req_zk_error(r, rc);
}

/*
 * True when some VTEP (/vteps/<ip> {"tunnelZoneId"…}) uses the zone; its management IP
 * (a VTEP's id in 1.9) goes to ip (16 bytes).
 */
static bool zone_used_by_vtep(struct req *r, const char *id, char *ip)
{
    struct zks_names ips = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *vteps = zks_list_json(r->zk, &rc, &ips, "/vteps");
    bool used = false;

    for (size_t i = 0; vteps && i < ips.nr && !used; i++) {
        const char *tz = val_get_str(json_array_get(vteps, i), "tunnelZoneId");

        used = tz && !strcmp(tz, id);
        if (used)
            snprintf(ip, 16, "%s", ips.v[i]);
    }
    json_decref(vteps);
    zks_names_release(&ips);
    return used;
}

static int zone_delete(struct req *r)
{
    struct zks_names hosts = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    const char *id = r->arg[0];
    enum zks_rc rc = zks_exists(r->zk, "/tunnel_zones/%s", id);
    char vtep[16];

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
    if (zone_used_by_vtep(r, id, vtep))
        return req_error(r, 409, "Can't delete tunnel zone: used by VTEP %s", vtep);
    rc = zks_children(r->zk, &hosts, "/tunnel_zones/%s/memberships", id);
    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (size_t i = 0; rc == ZKS_OK && i < hosts.nr; i++)
        if (zks_exists(r->zk, "/hosts/%s/tunnel_zones/%s", hosts.v[i], id) == ZKS_OK)
            zks_txn_delete(&t, "/hosts/%s/tunnel_zones/%s", hosts.v[i], id);
    if (rc == ZKS_OK)
        rc = zks_txn_delete_tree(r->zk, &t, "/tunnel_zones/%s", id);
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    zks_names_release(&hosts);
    return rc == ZKS_OK || rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
}

static json_t *member_dto(struct req *r, const char *zone, const char *host, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "tunnelZoneId", json_string(zone));
    json_object_set_new(o, "hostId", json_string(host));
    json_object_set_new(o, "ipAddress", val_jstr(val_get_str(cfg, "ip")));
    json_object_set_new(o, "uri", req_uri(r, "/tunnel_zones/%s/hosts/%s", zone, host));
    return o;
}

static int members_list(struct req *r)
{
    struct zks_names hosts = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_exists(r->zk, "/tunnel_zones/%s", r->arg[0]);
    json_t *cfgs, *out;

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "tunnel zone", r->arg[0]) : req_zk_error(r, rc);
    cfgs = zks_list_json(r->zk, &rc, &hosts, "/tunnel_zones/%s/memberships", r->arg[0]);
    if (!cfgs && rc != ZKS_NONODE) {
        zks_names_release(&hosts);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; cfgs && i < hosts.nr; i++)
        json_array_append_new(out, member_dto(r, r->arg[0], hosts.v[i], json_array_get(cfgs, i)));
    json_decref(cfgs);
    zks_names_release(&hosts);
    return req_ok(r, out);
}

static int member_get(struct req *r)
{
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/tunnel_zones/%s/memberships/%s", r->arg[0],
                               r->arg[1]);

    if (!cfg)
        return rc == ZKS_ERROR ? req_zk_error(r, rc)
                               : req_error(r, 404, "Tunnel zone member was not found");
    req_ok(r, member_dto(r, r->arg[0], r->arg[1], cfg));
    json_decref(cfg);
    return 0;
}

/* Checks in TunnelZoneHostResource's order: body, host (404), zone (400), member (409). */
static int member_create(struct req *r)
{
    const char *zone = r->arg[0], *host;
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *jhost, *zcfg = NULL, *m = NULL;
    const char *ip;
    uint32_t addr;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    jhost = val_uuid(&v, r->in, "hostId");
    ip = val_ipv4_field(&v, r->in, "ipAddress", true, &addr);
    if (req_invalid(r, &v))
        goto out;
    host = json_string_value(jhost);
    rc = host ? zks_exists(r->zk, "/hosts/%s", host) : ZKS_NONODE;
    if (rc != ZKS_OK) {
        if (rc == ZKS_ERROR)
            req_zk_error(r, rc);
        else
            req_error(r, 404, "Host ID is not valid.");
        goto out;
    }
    zcfg = zks_get_json(r->zk, &rc, NULL, "/tunnel_zones/%s", zone);
    if (!zcfg) {
        if (rc == ZKS_ERROR)
            req_zk_error(r, rc);
        else
            req_error(r, 400, "Tunnel zone ID is not valid.");
        goto out;
    }
    rc = zks_exists(r->zk, "/tunnel_zones/%s/memberships/%s", zone, host);
    if (rc == ZKS_OK) {
        req_error(r, 409, "Tunnel zone membership already exists.");
        goto out;
    }
    m = json_object();
    json_object_set_new(m, "ip", json_string(ip));
    json_object_set_new(m, "@type", val_jstr(val_get_str(zcfg, "@type")));
    if (zks_exists(r->zk, "/tunnel_zones/%s/memberships", zone) == ZKS_NONODE)
        zks_txn_create(&t, NULL, "/tunnel_zones/%s/memberships", zone);
    zks_txn_create(&t, m, "/tunnel_zones/%s/memberships/%s", zone, host);
    if (zks_exists(r->zk, "/hosts/%s/tunnel_zones", host) == ZKS_NONODE)
        zks_txn_create(&t, NULL, "/hosts/%s/tunnel_zones", host);
    if (zks_exists(r->zk, "/hosts/%s/tunnel_zones/%s", host, zone) == ZKS_NONODE)
        zks_txn_create(&t, NULL, "/hosts/%s/tunnel_zones/%s", host, zone);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/tunnel_zones/%s/hosts/%s", zone, host);
out:
    zks_txn_release(&t);
    json_decref(jhost);
    json_decref(zcfg);
    json_decref(m);
    return 0;
}

static int member_delete(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    const char *zone = r->arg[0], *host = r->arg[1];
    enum zks_rc rc = zks_exists(r->zk, "/tunnel_zones/%s/memberships/%s", zone, host);

    if (rc != ZKS_OK)
        return rc == ZKS_ERROR ? req_zk_error(r, rc) : req_no_content(r);
    zks_txn_delete(&t, "/tunnel_zones/%s/memberships/%s", zone, host);
    if (zks_exists(r->zk, "/hosts/%s/tunnel_zones/%s", host, zone) == ZKS_OK)
        zks_txn_delete(&t, "/hosts/%s/tunnel_zones/%s", host, zone);
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    return rc == ZKS_OK || rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
}

#define ZONE_TYPES "TunnelZone-v1 json"
/* Members: the two vendor types only, never application/json (§1). */
#define MEMBER_TYPES "GreTunnelZoneHost-v1 TunnelZoneHost-v1"

const struct route res_tunnel_routes[] = {
    { "GET", "/tunnel_zones", "collection.TunnelZone-v1 json", zones_list },
    { "POST", "/tunnel_zones", ZONE_TYPES, zone_create },
    { "GET", "/tunnel_zones/{id}", ZONE_TYPES, zone_get },
    { "PUT", "/tunnel_zones/{id}", ZONE_TYPES, zone_update },
    { "DELETE", "/tunnel_zones/{id}", NULL, zone_delete },
    { "GET", "/tunnel_zones/{id}/hosts",
      "collection.GreTunnelZoneHost-v1 collection.TunnelZoneHost-v1", members_list },
    { "POST", "/tunnel_zones/{id}/hosts", MEMBER_TYPES, member_create },
    { "GET", "/tunnel_zones/{id}/hosts/{id}", MEMBER_TYPES, member_get },
    { "DELETE", "/tunnel_zones/{id}/hosts/{id}", NULL, member_delete },
    { NULL, NULL, NULL, NULL },
};
