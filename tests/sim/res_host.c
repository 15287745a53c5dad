/*
 * res_host: /hosts, their interfaces and their port bindings (/hosts/{id}/ports).
 *
 * Hosts are midolman's (here: `midonet-sim agent`'s): /hosts/<id> holds the Metadata,
 * "alive" and the interfaces are ephemeral nodes of the agent's session. The API only
 * reads them, sets the flooding-proxy weight, binds ports and deletes dead hosts.
 */
#include "tests/sim/res.h"

#include <stdio.h>
#include <string.h>

#define NOT_IN_ZONE_MSG "The specified host is not in any tunnel zone."
#define DEFAULT_FLOODING_WEIGHT 1

static json_t *interface_dto(struct req *r, const char *host, const char *name, const json_t *cfg)
{
    struct strbuf raw = STRBUF_INIT;
    const char *mac64 = val_get_str(cfg, "mac");
    json_t *o = json_object(), *mac = json_null();
    static const char *const copied[] = { "mtu", "status", "type", "endpoint", "portType" };

    /* midolman stores the MAC as Jackson's byte[]: base64 of its six bytes. */
    if (mac64 && !val_base64_decode(mac64, &raw) && raw.len == 6) {
        const unsigned char *b = (const unsigned char *)raw.buf;

        mac = json_sprintf("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
    }
    json_object_set_new(o, "hostId", json_string(host));
    json_object_set_new(o, "name", val_jstr(name));
    json_object_set_new(o, "mac", mac);
    for (size_t i = 0; i < ARRAY_SIZE(copied); i++) {
        const json_t *x = json_object_get(cfg, copied[i]);

        json_object_set_new(o, copied[i], x ? json_copy((json_t *)x) : json_null());
    }
    json_object_set_new(o, "addresses", json_is_array(json_object_get(cfg, "addresses"))
                        ? json_deep_copy(json_object_get(cfg, "addresses")) : json_array());
    json_object_set_new(o, "uri", req_uri(r, "/hosts/%s/interfaces/%s", host, name));
    strbuf_release(&raw);
    return o;
}

static json_t *interfaces_of(struct req *r, const char *host)
{
    struct zks_names names = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *cfgs = zks_list_json(r->zk, &rc, &names, "/hosts/%s/interfaces", host);
    json_t *out = json_array();

    for (size_t i = 0; cfgs && i < names.nr; i++)
        json_array_append_new(out, interface_dto(r, host, names.v[i], json_array_get(cfgs, i)));
    json_decref(cfgs);
    zks_names_release(&names);
    return out;
}

static long long flooding_weight(struct req *r, const char *id)
{
    enum zks_rc rc;
    json_t *w = zks_get_json(r->zk, &rc, NULL, "/hosts/%s/flooding_proxy_weight", id);
    long long n = json_is_integer(w) ? json_integer_value(w) : DEFAULT_FLOODING_WEIGHT;

    json_decref(w);
    return n;
}

static json_t *host_dto(struct req *r, const char *id, const json_t *cfg)
{
    const json_t *addrs = json_object_get(cfg, "addresses"), *a;
    json_t *o = json_object(), *list = json_array();
    size_t i;

    /* InetAddress.toString(): "/10.0.0.1" (no host name part). */
    json_array_foreach(addrs, i, a)
        if (json_is_string(a))
            json_array_append_new(list, json_sprintf("/%s", json_string_value(a)));
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "name", val_jstr(val_get_str(cfg, "name")));
    json_object_set_new(o, "addresses", list);
    if (r->ver >= 3)
        json_object_set_new(o, "hostInterfaces", interfaces_of(r, id));
    json_object_set_new(o, "alive",
                        json_boolean(zks_exists(r->zk, "/hosts/%s/alive", id) == ZKS_OK));
    json_object_set_new(o, "floodingProxyWeight", json_integer(flooding_weight(r, id)));
    json_object_set_new(o, "uri", req_uri(r, "/hosts/%s", id));
    json_object_set_new(o, "interfaces", req_uri(r, "/hosts/%s/interfaces", id));
    json_object_set_new(o, "ports", req_uri(r, "/hosts/%s/ports", id));
    return o;
}

/* Only UUID-named children of /hosts are hosts. */
static bool keep_host(struct req *r, const char *id, const json_t *cfg)
{
    return val_is_uuid(id);
}

static int hosts_list(struct req *r)
{
    return res_list(r, "/hosts", host_dto, keep_host);
}

static int host_get(struct req *r)
{
    return res_get(r, "/hosts", r->arg[0], "host", host_dto);
}

/* Only floodingProxyWeight changes; success is a 200, unlike every other PUT. */
static int host_update(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    enum zks_rc rc;
    long long w;
    bool given;
    json_t *jw;
    struct val v;

    val_init(&v);
    w = val_int(&v, r->in, "floodingProxyWeight", 0, &given);
    if (!v.bad && given)
        val_range(&v, "floodingProxyWeight", w, 0, 65535);
    if (req_invalid(r, &v))
        return 0;
    rc = zks_exists(r->zk, "/hosts/%s", r->arg[0]);
    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "host", r->arg[0]) : req_zk_error(r, rc);
    if (!given)
        return req_error(r, 400, "Flooding proxy weight must not be null.");
    jw = json_integer(w);
    rc = zks_exists(r->zk, "/hosts/%s/flooding_proxy_weight", r->arg[0]);
    if (rc == ZKS_OK)
        zks_txn_set(&t, jw, "/hosts/%s/flooding_proxy_weight", r->arg[0]);
    else
        zks_txn_create(&t, jw, "/hosts/%s/flooding_proxy_weight", r->arg[0]);
    json_decref(jw);
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    return rc == ZKS_OK ? req_ok(r, NULL) : req_zk_error(r, rc);
}

/*
 * Refused while the agent is alive or ports are bound (§4). Beyond MidoNet, which leaves
 * them behind, the host's tunnel-zone memberships go with it.
 */
static int host_delete(struct req *r)
{
    struct zks_names names = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    const char *id = r->arg[0];
    enum zks_rc rc = zks_exists(r->zk, "/hosts/%s", id);

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
    if (zks_exists(r->zk, "/hosts/%s/alive", id) == ZKS_OK)
        return req_error(r, 403, "Midolman Agent is still active on this host. You must remove "
                         "all port bindings on this host and shutdown midolman before deleting "
                         "this host.");
    rc = zks_children(r->zk, &names, "/hosts/%s/vrnMappings/ports", id);
    if (rc == ZKS_OK && names.nr) {
        zks_names_release(&names);
        return req_error(r, 403, "Port bindings still exist on this host. You must remove all "
                         "port bindings on this host and shutdown midolman before deleting "
                         "this host.");
    }
    rc = zks_children(r->zk, &names, "/hosts/%s/tunnel_zones", id);
    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++)
        if (zks_exists(r->zk, "/tunnel_zones/%s/memberships/%s", names.v[i], id) == ZKS_OK)
            zks_txn_delete(&t, "/tunnel_zones/%s/memberships/%s", names.v[i], id);
    rc = zks_txn_delete_tree(r->zk, &t, "/hosts/%s", id);
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    zks_names_release(&names);
    return rc == ZKS_OK || rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
}

static int interfaces_list(struct req *r)
{
    enum zks_rc rc = zks_exists(r->zk, "/hosts/%s", r->arg[0]);

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "host", r->arg[0]) : req_zk_error(r, rc);
    return req_ok(r, interfaces_of(r, r->arg[0]));
}

static int interface_get(struct req *r)
{
    enum zks_rc rc;
    json_t *cfg;

    if (strchr(r->arg[1], '/') || !strcmp(r->arg[1], ".") || !strcmp(r->arg[1], ".."))
        return req_error(r, 404, NULL);
    cfg = zks_get_json(r->zk, &rc, NULL, "/hosts/%s/interfaces/%s", r->arg[0], r->arg[1]);
    if (!cfg)
        return rc == ZKS_NONODE || rc == ZKS_FAILED
                   ? req_error(r, 404, "The interface '%s' was not found.", r->arg[1])
                   : req_zk_error(r, rc);
    req_ok(r, interface_dto(r, r->arg[0], r->arg[1], cfg));
    json_decref(cfg);
    return 0;
}

static json_t *binding_dto(struct req *r, const char *host, const char *port, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "hostId", json_string(host));
    json_object_set_new(o, "portId", json_string(port));
    json_object_set_new(o, "interfaceName", val_jstr(val_get_str(cfg, "localDeviceName")));
    json_object_set_new(o, "uri", req_uri(r, "/hosts/%s/ports/%s", host, port));
    json_object_set_new(o, "host", req_uri(r, "/hosts/%s", host));
    json_object_set_new(o, "port", req_uri(r, "/ports/%s", port));
    return o;
}

static int bindings_list(struct req *r)
{
    struct zks_names names = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_exists(r->zk, "/hosts/%s", r->arg[0]);
    json_t *cfgs, *out;

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "host", r->arg[0]) : req_zk_error(r, rc);
    cfgs = zks_list_json(r->zk, &rc, &names, "/hosts/%s/vrnMappings/ports", r->arg[0]);
    if (!cfgs && rc != ZKS_NONODE) {
        zks_names_release(&names);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; cfgs && i < names.nr; i++)
        json_array_append_new(out, binding_dto(r, r->arg[0], names.v[i], json_array_get(cfgs, i)));
    json_decref(cfgs);
    zks_names_release(&names);
    return req_ok(r, out);
}

static int binding_get(struct req *r)
{
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/hosts/%s/vrnMappings/ports/%s", r->arg[0],
                               r->arg[1]);

    if (!cfg)
        return rc == ZKS_ERROR ? req_zk_error(r, rc) : req_error(r, 404, "Mapping does not exist");
    req_ok(r, binding_dto(r, r->arg[0], r->arg[1], cfg));
    json_decref(cfg);
    return 0;
}

/* Queue a node's creation unless it exists (the agent normally made it). */
static void ensure_ops(struct req *r, struct zks_txn *t, const char *path)
{
    if (zks_exists(r->zk, "%s", path) == ZKS_NONODE && !zks_txn_creates(t, "%s", path))
        zks_txn_create(t, NULL, "%s", path);
}

/* The checks and their order are §4's; all three are plain 400s, not violations. */
static int binding_create(struct req *r)
{
    const char *host = r->arg[0], *iface, *old_host;
    struct zks_names names = ZKS_NAMES_INIT, zones = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *jport, *pcfg = NULL, *map = NULL;
    char *path = NULL;
    const char *port;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    jport = val_uuid(&v, r->in, "portId");
    iface = val_str(&v, r->in, "interfaceName");
    if (!v.bad && json_is_null(jport))
        val_violation(&v, "portId", MSG_NOT_NULL);
    if (!v.bad && !iface)
        val_violation(&v, "interfaceName", MSG_NOT_NULL);
    if (req_invalid(r, &v))
        goto out;
    port = json_string_value(jport);
    pcfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", port);
    if (!pcfg) {
        if (rc == ZKS_ERROR)
            req_zk_error(r, rc);
        else
            req_error(r, 400, "Port ID is not valid.");
        goto out;
    }
    rc = zks_children(r->zk, &zones, "/hosts/%s/tunnel_zones", host);
    if (rc == ZKS_ERROR) {
        req_zk_error(r, rc);
        goto out;
    }
    if (rc != ZKS_OK || !zones.nr) {
        req_error(r, 400, NOT_IN_ZONE_MSG);
        goto out;
    }
    rc = zks_children(r->zk, &names, "/hosts/%s/vrnMappings/ports", host);
    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++) {
        enum zks_rc mrc;
        json_t *m = zks_get_json(r->zk, &mrc, NULL, "/hosts/%s/vrnMappings/ports/%s", host,
                                 names.v[i]);
        const char *dev = val_get_str(m, "localDeviceName");
        bool taken = dev && !strcmp(dev, iface) && strcmp(names.v[i], port);

        json_decref(m);
        if (taken) {
            req_error(r, 400, "Interface is already bound to a port.");
            goto out;
        }
    }
    /* Rebinding moves the port: its old mapping, here or on another host, goes. */
    old_host = val_get_str(pcfg, "hostId");
    if (old_host && zks_exists(r->zk, "/hosts/%s/vrnMappings/ports/%s", old_host, port) == ZKS_OK)
        zks_txn_delete(&t, "/hosts/%s/vrnMappings/ports/%s", old_host, port);
    path = xasprintf("/hosts/%s/vrnMappings", host);
    ensure_ops(r, &t, path);
    free(path);
    path = xasprintf("/hosts/%s/vrnMappings/ports", host);
    ensure_ops(r, &t, path);
    map = json_object();
    json_object_set_new(map, "virtualPortId", json_string(port));
    json_object_set_new(map, "localDeviceName", json_string(iface));
    zks_txn_create(&t, map, "/hosts/%s/vrnMappings/ports/%s", host, port);
    json_object_set_new(pcfg, "hostId", json_string(host));
    json_object_set_new(pcfg, "interfaceName", json_string(iface));
    zks_txn_set(&t, pcfg, "/ports/%s", port);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/hosts/%s/ports/%s", host, port);
out:
    free(path);
    zks_txn_release(&t);
    zks_names_release(&names);
    zks_names_release(&zones);
    json_decref(jport);
    json_decref(pcfg);
    json_decref(map);
    return 0;
}

static int binding_delete(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    const char *host = r->arg[0], *port = r->arg[1], *bound;
    enum zks_rc rc = zks_exists(r->zk, "/hosts/%s/vrnMappings/ports/%s", host, port);
    json_t *pcfg;

    if (rc != ZKS_OK)
        return rc == ZKS_ERROR ? req_zk_error(r, rc) : req_no_content(r);
    zks_txn_delete(&t, "/hosts/%s/vrnMappings/ports/%s", host, port);
    pcfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", port);
    bound = val_get_str(pcfg, "hostId");
    if (bound && !strcmp(bound, host)) {
        json_object_set_new(pcfg, "hostId", json_null());
        json_object_set_new(pcfg, "interfaceName", json_null());
        zks_txn_set(&t, pcfg, "/ports/%s", port);
    }
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    json_decref(pcfg);
    return rc == ZKS_OK || rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
}

#define HOST_TYPES "Host-v3 Host-v2 json"

const struct route res_host_routes[] = {
    { "GET", "/hosts", "collection.Host-v3 collection.Host-v2 json", hosts_list },
    { "GET", "/hosts/{id}", HOST_TYPES, host_get },
    { "PUT", "/hosts/{id}", HOST_TYPES, host_update },
    { "DELETE", "/hosts/{id}", NULL, host_delete },
    { "GET", "/hosts/{id}/interfaces", "collection.Interface-v1 json", interfaces_list },
    { "GET", "/hosts/{id}/interfaces/{s}", "Interface-v1 json", interface_get },
    { "GET", "/hosts/{id}/ports", "collection.HostInterfacePort-v1 json", bindings_list },
    { "POST", "/hosts/{id}/ports", "HostInterfacePort-v1 json", binding_create },
    { "GET", "/hosts/{id}/ports/{id}", "HostInterfacePort-v1 json", binding_get },
    { "DELETE", "/hosts/{id}/ports/{id}", NULL, binding_delete },
    { NULL, NULL, NULL, NULL },
};
