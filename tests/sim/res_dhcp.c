/*
 * res_dhcp: a bridge's DHCP subnets and hosts, v4 (/bridges/{id}/dhcp) and v6
 * (/bridges/{id}/dhcpV6).
 *
 * Stored as BridgeDhcpZkManager does (§6): a v4 subnet at
 * /bridges/<id>/dhcp/<a.b.c.d_len> with its hosts under hosts/<mac>, a v6 subnet at
 * /bridges/<id>/dhcpV6/<prefix_len> with its hosts under hosts/<clientId>. A v4 host
 * also puts its address in the bridge's ARP table (res_table.c).
 */
#include "tests/sim/res.h"
#include "tests/sim/res5.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOT_FOUND_MSG "The requested resource was not found."
#define HOST_NOT_FOUND_MSG "Host was not found."

/* 404 "No bridge with ID" unless the bridge exists; true when it replied. */
static bool no_bridge(struct req *r)
{
    enum zks_rc rc = zks_exists(r->zk, "/bridges/%s", r->arg[0]);

    if (rc == ZKS_NONODE)
        req_not_found(r, "bridge", r->arg[0]);
    else if (rc != ZKS_OK)
        req_zk_error(r, rc);
    return rc != ZKS_OK;
}

/*
 * A subnet path segment ("10.0.0.0_24", "fe80:0:0:0:0:0:0:0_64") in its stored form into
 * key (64 bytes). False (and a 404, as for a JAX-RS parameter that does not convert) when
 * malformed.
 */
static bool subnet_key(struct req *r, const char *seg, bool v6, char *key)
{
    const char *us = strrchr(seg, '_');
    char addr[48], *end;
    long len = us ? strtol(us + 1, &end, 10) : -1;
    unsigned char a6[16];
    uint32_t a4;

    if (us && (size_t)(us - seg) < sizeof(addr) && us[1] && !*end && len >= 0 &&
        len <= (v6 ? 128 : 32)) {
        snprintf(addr, sizeof(addr), "%.*s", (int)(us - seg), seg);
        if (!v6 && val_ipv4(addr, &a4) == 0) {
            val_ipv4_str(a4, addr);
            snprintf(key, 64, "%s_%ld", addr, len);
            return true;
        }
        if (v6 && val_ipv6(addr, a6) == 0) {
            val_ipv6_str(a6, addr);
            snprintf(key, 64, "%s_%ld", addr, len);
            return true;
        }
    }
    req_error(r, 404, NULL);
    return false;
}

/* An IPv4 string array from body[key] (violations name key), or JSON null when absent. */
static json_t *ipv4_array(struct val *v, const json_t *in, const char *key)
{
    const json_t *x = json_object_get(in, key), *one;
    json_t *out;
    uint32_t a;
    size_t i;

    if (!x || json_is_null(x))
        return json_null();
    if (!json_is_array(x)) {
        v->bad = true;
        return json_null();
    }
    out = json_array();
    json_array_foreach(x, i, one) {
        if (!json_is_string(one))
            v->bad = true;
        else if (val_ipv4(json_string_value(one), &a) < 0)
            val_violation(v, key, MSG_BAD_IP);
        else
            json_array_append_new(out, json_string(json_string_value(one)));
    }
    return out;
}

/* opt121Routes [{destinationPrefix, destinationLength, gatewayAddr}], or JSON null. */
static json_t *opt121(struct val *v, const json_t *in)
{
    const json_t *x = json_object_get(in, "opt121Routes"), *one;
    json_t *out;
    size_t i;

    if (!x || json_is_null(x))
        return json_null();
    if (!json_is_array(x)) {
        v->bad = true;
        return json_null();
    }
    out = json_array();
    json_array_foreach(x, i, one) {
        json_t *route = json_object();
        uint32_t a;
        const char *dst = val_ipv4_field(v, one, "destinationPrefix", false, &a);
        long long len = val_int(v, one, "destinationLength", 0, NULL);
        const char *gw = val_ipv4_field(v, one, "gatewayAddr", false, &a);

        if (!json_is_object(one))
            v->bad = true;
        json_object_set_new(route, "destinationPrefix", val_jstr(dst));
        json_object_set_new(route, "destinationLength", json_integer(len));
        json_object_set_new(route, "gatewayAddr", val_jstr(gw));
        json_array_append_new(out, route);
    }
    return out;
}

static json_t *subnet_dto(struct req *r, const char *key, const json_t *cfg)
{
    const char *net = val_get_str(cfg, "subnetAddr"), *slash = net ? strchr(net, '/') : NULL;
    json_t *o = json_object();

    json_object_set_new(o, "subnetPrefix", slash ? json_stringn(net, (size_t)(slash - net))
                                                 : json_null());
    json_object_set_new(o, "subnetLength", json_integer(slash ? atoi(slash + 1) : 0));
    json_object_set_new(o, "defaultGateway", res_copy(cfg, "defaultGateway"));
    json_object_set_new(o, "serverAddr", res_copy(cfg, "serverAddr"));
    json_object_set_new(o, "dnsServerAddrs", res_copy(cfg, "dnsServerAddrs"));
    json_object_set_new(o, "interfaceMTU", res_copy(cfg, "interfaceMTU"));
    json_object_set_new(o, "opt121Routes", res_copy(cfg, "opt121Routes"));
    if (r->ver >= 2)
        json_object_set_new(o, "enabled",
                            json_boolean(!json_is_false(json_object_get(cfg, "enabled"))));
    json_object_set_new(o, "uri", req_uri(r, "/bridges/%s/dhcp/%s", r->arg[0], key));
    json_object_set_new(o, "hosts", req_uri(r, "/bridges/%s/dhcp/%s/hosts", r->arg[0], key));
    return o;
}

/*
 * A v4 subnet config from a POST or PUT body, or NULL after a 400. key gets the stored
 * name ("10.0.0.0_24"). On PUT the prefix comes from the URI instead: fixed says so, and
 * key holds the name already.
 */
static json_t *subnet_from_body(struct req *r, bool fixed, char *key)
{
    const char *prefix, *gw, *server;
    long long len, mtu;
    json_t *cfg, *dns, *routes;
    bool enabled;
    uint32_t a;
    char ip[16];
    struct val v;

    val_init(&v);
    if (fixed) {
        prefix = NULL;
        len = 0;
    } else {
        prefix = val_ipv4_field(&v, r->in, "subnetPrefix", true, &a);
        len = val_int(&v, r->in, "subnetLength", 0, NULL);
        val_range(&v, "subnetLength", len, 0, 32);
    }
    gw = val_ipv4_field(&v, r->in, "defaultGateway", false, &a);
    server = val_ipv4_field(&v, r->in, "serverAddr", false, &a);
    mtu = val_int(&v, r->in, "interfaceMTU", 0, NULL);
    val_range(&v, "interfaceMTU", mtu, 0, 65536);
    dns = ipv4_array(&v, r->in, "dnsServerAddrs");
    routes = opt121(&v, r->in);
    enabled = r->in_ver >= 2 ? val_bool(&v, r->in, "enabled", true) : true;
    if (req_invalid(r, &v)) {
        json_decref(dns);
        json_decref(routes);
        return NULL;
    }
    if (!fixed) {
        val_ipv4(prefix, &a);
        val_ipv4_str(a, ip);
        snprintf(key, 64, "%s_%lld", ip, len);
    }
    cfg = json_object();
    json_object_set_new(cfg, "subnetAddr", json_sprintf("%.*s/%s", (int)(strrchr(key, '_') - key),
                                                        key, strrchr(key, '_') + 1));
    json_object_set_new(cfg, "serverAddr", val_jstr(server));
    json_object_set_new(cfg, "defaultGateway", val_jstr(gw));
    json_object_set_new(cfg, "dnsServerAddrs", dns);
    json_object_set_new(cfg, "interfaceMTU", json_integer(mtu));
    json_object_set_new(cfg, "opt121Routes", routes);
    json_object_set_new(cfg, "enabled", json_boolean(enabled));
    return cfg;
}


typedef json_t *dhcp_dto_fn(struct req *r, const char *key, const json_t *cfg);

/*
 * GET of the children of dir (under the bridge: "dhcp", "dhcpV6", or a subnet's hosts) as
 * dtos. key: the subnet's name for hosts; NULL for subnets, each named by its child.
 */
static int dhcp_list(struct req *r, const char *dir, const char *key, dhcp_dto_fn *dto)
{
    struct zks_names names = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *cfgs = zks_list_json(r->zk, &rc, &names, "/bridges/%s/%s", r->arg[0], dir), *out;

    if (!cfgs) {
        zks_names_release(&names);
        return rc == ZKS_NONODE ? req_ok(r, json_array()) : req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < names.nr; i++)
        json_array_append_new(out, dto(r, key ? key : names.v[i], json_array_get(cfgs, i)));
    json_decref(cfgs);
    zks_names_release(&names);
    return req_ok(r, out);
}

static json_t *subnet_get_cfg(struct req *r, bool v6, char *key);

/* The hosts of the subnet in r->arg[1]. */
static int dhcp_hosts_list(struct req *r, bool v6, dhcp_dto_fn *dto)
{
    char key[64], *dir;
    json_t *sub = subnet_get_cfg(r, v6, key);

    if (!sub)
        return 0;
    json_decref(sub);
    dir = xasprintf("%s/%s/hosts", v6 ? "dhcpV6" : "dhcp", key);
    dhcp_list(r, dir, key, dto);
    free(dir);
    return 0;
}

static int subnets_list(struct req *r)
{
    return no_bridge(r) ? 0 : dhcp_list(r, "dhcp", NULL, subnet_dto);
}

static int subnet_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char key[64];
    json_t *cfg;
    enum zks_rc rc;

    cfg = subnet_from_body(r, false, key);
    if (!cfg || no_bridge(r))
        goto out;
    /* A subnet that exists already is a NodeExists: 500, as in MidoNet 1.9; 5.x checks
     * first (DhcpSubnetResource.createFilter): 409. */
    if (SIM_DIALECT_5 && zks_exists(r->zk, "/bridges/%s/dhcp/%s", r->arg[0], key) == ZKS_OK) {
        char *slash = strrchr(key, '_');

        *slash = '/';
        req_error(r, 409, "The specified DHCP subnet(%s) already exists on this bridge.", key);
        goto out;
    }
    zks_txn_create(&t, cfg, "/bridges/%s/dhcp/%s", r->arg[0], key);
    zks_txn_create(&t, NULL, "/bridges/%s/dhcp/%s/hosts", r->arg[0], key);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/bridges/%s/dhcp/%s", r->arg[0], key);
out:
    zks_txn_release(&t);
    json_decref(cfg);
    return 0;
}

/* The stored config of the subnet in r->arg[1] (key gets its name), or NULL after a 404. */
static json_t *subnet_get_cfg(struct req *r, bool v6, char *key)
{
    enum zks_rc rc;
    json_t *cfg;

    if (!subnet_key(r, r->arg[1], v6, key) || no_bridge(r))
        return NULL;
    cfg = zks_get_json(r->zk, &rc, NULL, "/bridges/%s/%s/%s", r->arg[0], v6 ? "dhcpV6" : "dhcp",
                       key);
    if (!cfg) {
        if (rc == ZKS_NONODE || rc == ZKS_FAILED)
            req_error(r, 404, NOT_FOUND_MSG);
        else
            req_zk_error(r, rc);
    }
    return cfg;
}

static int subnet_get(struct req *r)
{
    char key[64];
    json_t *cfg = subnet_get_cfg(r, false, key);

    if (cfg)
        req_ok(r, subnet_dto(r, key, cfg));
    json_decref(cfg);
    return 0;
}

/* A full replacement but for the prefix, which the URI fixes; a missing subnet is a 404. */
static int subnet_update(struct req *r)
{
    char key[64];
    json_t *old = subnet_get_cfg(r, false, key), *cfg = NULL;
    enum zks_rc rc;

    if (old)
        cfg = subnet_from_body(r, true, key);
    if (cfg) {
        struct zks_txn t = ZKS_TXN_INIT;

        zks_txn_set(&t, cfg, "/bridges/%s/dhcp/%s", r->arg[0], key);
        rc = zks_txn_commit(r->zk, &t);
        zks_txn_release(&t);
        if (rc != ZKS_OK)
            req_zk_error(r, rc);
        else
            req_no_content(r);
    }
    json_decref(old);
    json_decref(cfg);
    return 0;
}

/* Deleting a subnet deletes its hosts (their ARP entries stay, as in MidoNet). */
static int subnet_delete(struct req *r, bool v6)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char key[64];
    enum zks_rc rc;

    if (!subnet_key(r, r->arg[1], v6, key))
        return 0;
    /* 5.x answers a missing subnet 404 (DhcpSubnetResource.delete); 1.9 204. */
    if (SIM_DIALECT_5 && !v6 &&
        zks_exists(r->zk, "/bridges/%s/dhcp/%s", r->arg[0], key) == ZKS_NONODE)
        return req_error(r, 404, "Network %s does not have a subnet with address %s.",
                         r->arg[0], r->arg[1]);
    rc = zks_txn_delete_tree(r->zk, &t, "/bridges/%s/%s/%s", r->arg[0], v6 ? "dhcpV6" : "dhcp",
                             key);
    return res_delete_reply(r, &t, rc);
}

static int subnet4_delete(struct req *r)
{
    return subnet_delete(r, false);
}

static int subnet6_delete(struct req *r)
{
    return subnet_delete(r, true);
}

/* v4 hosts. */

static json_t *host_dto(struct req *r, const char *key, const json_t *cfg)
{
    json_t *o = json_object();
    char dashed[18];

    val_mac_uri(val_get_str(cfg, "mac") ? val_get_str(cfg, "mac") : "", dashed);
    json_object_set_new(o, "macAddr", res_copy(cfg, "mac"));
    json_object_set_new(o, "ipAddr", res_copy(cfg, "ip"));
    json_object_set_new(o, "name", res_copy(cfg, "name"));
    if (r->ver >= 2) {
        const json_t *opts = json_object_get(cfg, "extraDhcpOpts");

        json_object_set_new(o, "extraDhcpOpts", json_is_array(opts) ? json_deep_copy(opts)
                                                                     : json_array());
    }
    json_object_set_new(o, "uri",
                        req_uri(r, "/bridges/%s/dhcp/%s/hosts/%s", r->arg[0], key, dashed));
    return o;
}

/*
 * A host config from a body, or NULL after an error reply. MidoNet validates none of the
 * fields: toData() parses ipAddr and macAddr and throws on a missing or bad one, which
 * ThrowableMapper makes a 500. On PUT (mac != NULL) the MAC comes from the URI.
 */
static json_t *host_from_body(struct req *r, const char *mac)
{
    const json_t *opts = r->in_ver >= 2 ? json_object_get(r->in, "extraDhcpOpts") : NULL, *one;
    const char *ip, *name;
    json_t *cfg, *list = json_array();
    char norm[18];
    uint32_t a;
    size_t i;
    struct val v;

    val_init(&v);
    if (!mac)
        mac = val_str(&v, r->in, "macAddr");
    ip = val_str(&v, r->in, "ipAddr");
    name = val_str(&v, r->in, "name");
    if (opts && !json_is_null(opts) && !json_is_array(opts))
        v.bad = true;
    json_array_foreach(json_is_array(opts) ? opts : NULL, i, one) {
        json_t *opt = json_object();

        json_object_set_new(opt, "optName", val_jstr(val_str(&v, one, "optName")));
        json_object_set_new(opt, "optValue", val_jstr(val_str(&v, one, "optValue")));
        json_array_append_new(list, opt);
    }
    if (req_invalid(r, &v)) {
        json_decref(list);
        return NULL;
    }
    if (!ip || val_ipv4(ip, &a) || !mac || !val_is_mac(mac)) {
        json_decref(list);
        req_error(r, 500, MSG_INTERNAL);
        return NULL;
    }
    val_mac_norm(mac, norm);
    cfg = json_object();
    json_object_set_new(cfg, "mac", json_string(norm));
    json_object_set_new(cfg, "ip", json_string(ip));
    json_object_set_new(cfg, "name", val_jstr(name));
    json_object_set_new(cfg, "extraDhcpOpts", list);
    return cfg;
}


static int hosts_list(struct req *r)
{
    return dhcp_hosts_list(r, false, host_dto);
}

static int host_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char key[64], dashed[18];
    json_t *sub = NULL, *cfg = host_from_body(r, NULL);
    const char *mac;
    enum zks_rc rc;

    if (!cfg)
        goto out;
    sub = subnet_get_cfg(r, false, key);
    if (!sub)
        goto out;
    mac = val_get_str(cfg, "mac");
    /* A host that exists already is a NodeExists: 500, as in MidoNet. */
    zks_txn_create(&t, cfg, "/bridges/%s/dhcp/%s/hosts/%s", r->arg[0], key, mac);
    rc = arp_add_ops(r, &t, r->arg[0], val_get_str(cfg, "ip"), mac);
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK) {
        req_zk_error(r, rc);
        goto out;
    }
    val_mac_uri(mac, dashed);
    req_created(r, "/bridges/%s/dhcp/%s/hosts/%s", r->arg[0], key, dashed);
out:
    zks_txn_release(&t);
    json_decref(sub);
    json_decref(cfg);
    return 0;
}

/* The MAC of a host path segment (dashes) into mac; false (404) when malformed. */
static bool host_mac(struct req *r, const char *seg, char *mac)
{
    char raw[18];

    snprintf(raw, sizeof(raw), "%s", seg);
    for (char *p = raw; *p; p++)
        if (*p == '-')
            *p = ':';
    if (strlen(seg) >= sizeof(raw) || !val_is_mac(raw)) {
        req_error(r, 404, HOST_NOT_FOUND_MSG);
        return false;
    }
    val_mac_norm(raw, mac);
    return true;
}

/* GET, PUT (200, §4) or DELETE of one v4 host; PUT and DELETE keep the ARP table in step. */
static int host_one(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char key[64], mac[18];
    json_t *cfg = NULL, *newcfg = NULL;
    enum zks_rc rc = ZKS_OK;

    if (!subnet_key(r, r->arg[1], false, key) || !host_mac(r, r->arg[2], mac))
        goto out;
    cfg = zks_get_json(r->zk, &rc, NULL, "/bridges/%s/dhcp/%s/hosts/%s", r->arg[0], key, mac);
    if (!cfg && r->method == REQ_DELETE) {
        res_delete_reply(r, &t, rc == ZKS_FAILED ? ZKS_OK : rc);
        goto out;
    }
    if (!cfg) {
        if (rc == ZKS_NONODE || rc == ZKS_FAILED)
            req_error(r, 404, HOST_NOT_FOUND_MSG);
        else
            req_zk_error(r, rc);
        goto out;
    }
    if (r->method == REQ_GET) {
        req_ok(r, host_dto(r, key, cfg));
        goto out;
    }
    rc = arp_delete_ops(r, &t, r->arg[0], val_get_str(cfg, "ip"), mac);
    if (r->method == REQ_DELETE) {
        zks_txn_delete(&t, "/bridges/%s/dhcp/%s/hosts/%s", r->arg[0], key, mac);
        res_delete_reply(r, &t, rc);
        goto out;
    }
    newcfg = host_from_body(r, mac);
    if (!newcfg)
        goto out;
    zks_txn_set(&t, newcfg, "/bridges/%s/dhcp/%s/hosts/%s", r->arg[0], key, mac);
    if (rc == ZKS_OK)
        rc = arp_add_ops(r, &t, r->arg[0], val_get_str(newcfg, "ip"), mac);
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_ok_as(r, NULL, NULL);
out:
    zks_txn_release(&t);
    json_decref(cfg);
    json_decref(newcfg);
    return 0;
}

/* v6 subnets and hosts. */

static json_t *subnet6_dto(struct req *r, const char *key, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "prefix", res_copy(cfg, "prefix"));
    json_object_set_new(o, "prefixLength", res_copy(cfg, "prefixLength"));
    json_object_set_new(o, "uri", req_uri(r, "/bridges/%s/dhcpV6/%s", r->arg[0], key));
    json_object_set_new(o, "hosts", req_uri(r, "/bridges/%s/dhcpV6/%s/hostsV6", r->arg[0], key));
    return o;
}


static int subnets6_list(struct req *r)
{
    return no_bridge(r) ? 0 : dhcp_list(r, "dhcpV6", NULL, subnet6_dto);
}

/* POST (fixed NULL) or PUT (fixed: the URI's key, which wins over the body's prefix). */
static int subnet6_write(struct req *r, const char *fixed)
{
    char key[64], addr[40];
    unsigned char a6[16];
    const char *prefix;
    long long len;
    json_t *cfg;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    if (fixed) {
        /* The URI names the subnet: the body's prefix is ignored. */
        snprintf(key, sizeof(key), "%s", fixed);
        snprintf(addr, sizeof(addr), "%.*s", (int)(strrchr(fixed, '_') - fixed), fixed);
        len = atoi(strrchr(fixed, '_') + 1);
    } else {
        prefix = val_str_required(&v, r->in, "prefix");
        if (prefix && val_ipv6(prefix, a6) < 0) {
            val_violation(&v, "prefix", MSG_BAD_IP);
            prefix = NULL;
        }
        len = val_int(&v, r->in, "prefixLength", 0, NULL);
        val_range(&v, "prefixLength", len, 0, 128);
        if (prefix) {
            val_ipv6_str(a6, addr);
            snprintf(key, sizeof(key), "%s_%lld", addr, len);
        }
    }
    if (req_invalid(r, &v) || no_bridge(r))
        return 0;
    cfg = json_object();
    json_object_set_new(cfg, "prefix", json_string(addr));
    json_object_set_new(cfg, "prefixLength", json_integer(len));
    if (fixed) {
        char *data = zks_wrap(cfg);

        rc = zks_exists(r->zk, "/bridges/%s/dhcpV6/%s", r->arg[0], key);
        if (rc == ZKS_OK)
            rc = zks_set(r->zk, data, "/bridges/%s/dhcpV6/%s", r->arg[0], key);
        free(data);
        json_decref(cfg);
        if (rc == ZKS_NONODE)
            return req_error(r, 404, NOT_FOUND_MSG);
        return rc == ZKS_OK ? req_ok_as(r, NULL, NULL) : req_zk_error(r, rc);
    } else {
        struct zks_txn t = ZKS_TXN_INIT;

        zks_txn_create(&t, cfg, "/bridges/%s/dhcpV6/%s", r->arg[0], key);
        zks_txn_create(&t, NULL, "/bridges/%s/dhcpV6/%s/hosts", r->arg[0], key);
        rc = zks_txn_commit(r->zk, &t);
        zks_txn_release(&t);
        json_decref(cfg);
        return rc == ZKS_OK ? req_created(r, "/bridges/%s/dhcpV6/%s", r->arg[0], key)
                            : req_zk_error(r, rc);
    }
}

static int subnet6_create(struct req *r)
{
    return subnet6_write(r, NULL);
}

static int subnet6_update(struct req *r)
{
    char key[64];

    return subnet_key(r, r->arg[1], true, key) ? subnet6_write(r, key) : 0;
}

static int subnet6_get(struct req *r)
{
    char key[64];
    json_t *cfg = subnet_get_cfg(r, true, key);

    if (cfg)
        req_ok(r, subnet6_dto(r, key, cfg));
    json_decref(cfg);
    return 0;
}

/* A client id in its URI form: ':' becomes '-'. The caller's. */
static char *client_uri(const char *id)
{
    char *s = xstrdup(id ? id : "");

    for (char *p = s; *p; p++)
        if (*p == ':')
            *p = '-';
    return s;
}

static json_t *host6_dto(struct req *r, const char *key, const json_t *cfg)
{
    json_t *o = json_object();
    char *cid = client_uri(val_get_str(cfg, "clientId"));

    json_object_set_new(o, "clientId", res_copy(cfg, "clientId"));
    json_object_set_new(o, "fixedAddress", res_copy(cfg, "fixedAddress"));
    json_object_set_new(o, "name", res_copy(cfg, "name"));
    json_object_set_new(o, "uri",
                        req_uri(r, "/bridges/%s/dhcpV6/%s/hostsV6/%s", r->arg[0], key, cid));
    free(cid);
    return o;
}


static int hosts6_list(struct req *r)
{
    return dhcp_hosts_list(r, true, host6_dto);
}

/*
 * A v6 host config from a body, or NULL after a 400. The client id names a ZooKeeper
 * node, so it must be given and hold no '/'; MidoNet checks neither.
 */
static json_t *host6_from_body(struct req *r, const char *client)
{
    const char *addr, *name;
    unsigned char a6[16];
    json_t *cfg;
    struct val v;

    val_init(&v);
    if (!client) {
        client = val_str_required(&v, r->in, "clientId");
        if (client && (!*client || strchr(client, '/') || strchr(client, '-')))
            val_violation(&v, "clientId", "Value specified is not valid.");
    }
    addr = val_str(&v, r->in, "fixedAddress");
    if (addr && val_ipv6(addr, a6) < 0)
        val_violation(&v, "fixedAddress", MSG_BAD_IP);
    name = val_str(&v, r->in, "name");
    if (req_invalid(r, &v))
        return NULL;
    cfg = json_object();
    json_object_set_new(cfg, "clientId", json_string(client));
    json_object_set_new(cfg, "fixedAddress", val_jstr(addr));
    json_object_set_new(cfg, "name", val_jstr(name));
    return cfg;
}

static int host6_create(struct req *r)
{
    char key[64], *cid;
    json_t *sub = NULL, *cfg = host6_from_body(r, NULL);
    struct zks_txn t = ZKS_TXN_INIT;
    enum zks_rc rc;

    if (cfg)
        sub = subnet_get_cfg(r, true, key);
    if (sub) {
        zks_txn_create(&t, cfg, "/bridges/%s/dhcpV6/%s/hosts/%s", r->arg[0], key,
                       val_get_str(cfg, "clientId"));
        rc = zks_txn_commit(r->zk, &t);
        cid = client_uri(val_get_str(cfg, "clientId"));
        if (rc == ZKS_OK)
            req_created(r, "/bridges/%s/dhcpV6/%s/hostsV6/%s", r->arg[0], key, cid);
        else
            req_zk_error(r, rc);
        free(cid);
    }
    zks_txn_release(&t);
    json_decref(sub);
    json_decref(cfg);
    return 0;
}

/* GET, PUT (200) or DELETE of one v6 host. */
static int host6_one(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char key[64], *client = NULL;
    json_t *cfg = NULL, *newcfg = NULL;
    enum zks_rc rc;

    if (!subnet_key(r, r->arg[1], true, key))
        goto out;
    client = xstrdup(r->arg[2]);
    for (char *p = client; *p; p++)
        if (*p == '-')
            *p = ':';
    cfg = strchr(client, '/') ? NULL
        : zks_get_json(r->zk, &rc, NULL, "/bridges/%s/dhcpV6/%s/hosts/%s", r->arg[0], key, client);
    if (!cfg) {
        if (r->method == REQ_DELETE)
            req_no_content(r);
        else
            req_error(r, 404, HOST_NOT_FOUND_MSG);
        goto out;
    }
    if (r->method == REQ_GET) {
        req_ok(r, host6_dto(r, key, cfg));
        goto out;
    }
    if (r->method == REQ_DELETE) {
        zks_txn_delete(&t, "/bridges/%s/dhcpV6/%s/hosts/%s", r->arg[0], key, client);
        res_delete_reply(r, &t, ZKS_OK);
        goto out;
    }
    newcfg = host6_from_body(r, client);
    if (!newcfg)
        goto out;
    zks_txn_set(&t, newcfg, "/bridges/%s/dhcpV6/%s/hosts/%s", r->arg[0], key, client);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_ok_as(r, NULL, NULL);
out:
    zks_txn_release(&t);
    free(client);
    json_decref(cfg);
    json_decref(newcfg);
    return 0;
}

#define SUBNET_TYPES "DhcpSubnet-v2 DhcpSubnet-v1 json"
#define HOST_TYPES "DhcpHost-v2 DhcpHost-v1 json"

const struct route res_dhcp_routes[] = {
    { "GET", "/bridges/{id}/dhcp", "collection.DhcpSubnet-v2 collection.DhcpSubnet-v1",
      subnets_list },
    { "POST", "/bridges/{id}/dhcp", SUBNET_TYPES, subnet_create },
    { "GET", "/bridges/{id}/dhcp/{s}", SUBNET_TYPES, subnet_get },
    { "PUT", "/bridges/{id}/dhcp/{s}", SUBNET_TYPES, subnet_update },
    { "DELETE", "/bridges/{id}/dhcp/{s}", NULL, subnet4_delete },
    { "GET", "/bridges/{id}/dhcp/{s}/hosts", "collection.DhcpHost-v2 collection.DhcpHost-v1",
      hosts_list },
    { "POST", "/bridges/{id}/dhcp/{s}/hosts", HOST_TYPES, host_create },
    { "GET", "/bridges/{id}/dhcp/{s}/hosts/{s}", HOST_TYPES, host_one },
    { "PUT", "/bridges/{id}/dhcp/{s}/hosts/{s}", HOST_TYPES, host_one },
    { "DELETE", "/bridges/{id}/dhcp/{s}/hosts/{s}", NULL, host_one },
    { "GET", "/bridges/{id}/dhcpV6", "collection.DhcpV6Subnet-v1", subnets6_list },
    { "POST", "/bridges/{id}/dhcpV6", "DhcpV6Subnet-v1 json", subnet6_create },
    { "GET", "/bridges/{id}/dhcpV6/{s}", "DhcpV6Subnet-v1 json", subnet6_get },
    { "PUT", "/bridges/{id}/dhcpV6/{s}", "DhcpV6Subnet-v1 json", subnet6_update },
    { "DELETE", "/bridges/{id}/dhcpV6/{s}", NULL, subnet6_delete },
    { "GET", "/bridges/{id}/dhcpV6/{s}/hostsV6", "collection.DhcpV6Host-v1", hosts6_list },
    { "POST", "/bridges/{id}/dhcpV6/{s}/hostsV6", "DhcpV6Host-v1 json", host6_create },
    { "GET", "/bridges/{id}/dhcpV6/{s}/hostsV6/{s}", "DhcpV6Host-v1 json", host6_one },
    { "PUT", "/bridges/{id}/dhcpV6/{s}/hostsV6/{s}", "DhcpV6Host-v1 json", host6_one },
    { "DELETE", "/bridges/{id}/dhcpV6/{s}/hostsV6/{s}", NULL, host6_one },
    { NULL, NULL, NULL, NULL },
};
