/*
 * res_table: a bridge's MAC table (/bridges/{id}/mac_table, per VLAN under
 * /bridges/{id}/vlans/{vlan}/mac_table) and ARP table (/bridges/{id}/arp_table).
 *
 * Both are midolman's replicated maps: one node per entry whose name carries the entry,
 * "<mac>,<portId>,<%010d version>" under /bridges/<id>[/vlans/<vlan>]/mac_ports and
 * "<ip>,<mac>,<%010d version>" under /bridges/<id>/ip4_mac_map (§6). Entries the API adds
 * are persistent and have version 1.
 */
#include "tests/sim/res.h"
#include "tests/sim/res5.h"

#include <stdlib.h>
#include <string.h>

#define UNTAGGED 0          /* Bridge.UNTAGGED_VLAN_ID */
#define ENTRY_VERSION "0000000001"
#define MAC_URI_MSG "MAC address must consist of six pairs of hex digits separated by hyphens, " \
    "e.g., 12-34-56-78-9a-bc."
#define NO_MAC_PORT_MSG "The specified bridge does not have the specified MAC-port mapping."
#define NO_VLAN_MSG "The specified bridge has no ports assigned to VLAN %ld."
#define ON_BRIDGE_MSG "The port must belong to the bridge that owns the mac table."
#define PORT_VLAN_MSG "The specified port handles traffic only for VLAN %lld."
#define NO_ARP_MSG "The specified bridge does not have the specified ARP table entry."
#define MAC_MSG "MAC address string must be 6 words of 1 or 2 hex digits joined with 5 ':' " \
    "but was %.40s."

/* The directory of a VLAN's MAC entries. The caller's. */
static char *mac_dir(const char *bridge, long vlan)
{
    if (vlan == UNTAGGED)
        return xasprintf("/bridges/%s/mac_ports", bridge);
    return xasprintf("/bridges/%s/vlans/%ld/mac_ports", bridge, vlan);
}

/* The name of the replicated-map entry "a,b,<version>" with prefix "a,b," in dir, or NULL. */
static char *find_entry(struct req *r, const char *dir, const char *prefix, enum zks_rc *rc)
{
    struct zks_names names = ZKS_NAMES_INIT;
    char *found = NULL;

    *rc = zks_children(r->zk, &names, "%s", dir);
    for (size_t i = 0; *rc == ZKS_OK && i < names.nr && !found; i++)
        if (starts_with(names.v[i], prefix) && !strchr(names.v[i] + strlen(prefix), ','))
            found = xstrdup(names.v[i]);
    if (*rc == ZKS_NONODE)
        *rc = ZKS_OK;
    zks_names_release(&names);
    return found;
}

/* True when a port of the bridge has this VLAN, or its VLAN MAC table exists. */
static bool has_vlan(struct req *r, const char *bridge, long vlan)
{
    static const char *const dirs[] = { "ports", "logical-ports" };
    struct zks_names ports = ZKS_NAMES_INIT;
    bool found = zks_exists(r->zk, "/bridges/%s/vlans/%ld", bridge, vlan) == ZKS_OK;

    for (size_t d = 0; !found && d < ARRAY_SIZE(dirs); d++) {
        if (zks_children(r->zk, &ports, "/bridges/%s/%s", bridge, dirs[d]) != ZKS_OK)
            continue;
        for (size_t i = 0; !found && i < ports.nr; i++) {
            enum zks_rc rc;
            json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", ports.v[i]);
            const json_t *v = json_object_get(cfg, "vlanId");

            found = json_is_integer(v) && json_integer_value(v) == vlan;
            json_decref(cfg);
        }
    }
    zks_names_release(&ports);
    return found;
}

/* The {vlan} segment as a Java short; -1 (and a 404) when it is not one. */
static long path_vlan(struct req *r, const char *seg)
{
    char *end;
    long n = strtol(seg, &end, 10);

    if (!*seg || *end || n < -32768 || n > 32767) {
        req_error(r, 404, NULL);
        return -1;
    }
    return n;
}

/*
 * The checks before a MAC entry's GET or DELETE: the bridge, its VLAN. False when it
 * replied.
 */
static bool bridge_vlan_ok(struct req *r, const char *bridge, long vlan)
{
    enum zks_rc rc = zks_exists(r->zk, "/bridges/%s", bridge);

    if (rc != ZKS_OK) {
        if (rc == ZKS_NONODE)
            req_not_found(r, "bridge", bridge);
        else
            req_zk_error(r, rc);
        return false;
    }
    if (vlan != UNTAGGED && !has_vlan(r, bridge, vlan)) {
        req_error(r, 404, NO_VLAN_MSG, vlan);
        return false;
    }
    return true;
}

static json_t *mac_dto(struct req *r, const char *bridge, long vlan, const char *mac,
                       const char *port)
{
    json_t *o = json_object();
    char dashed[18];

    val_mac_uri(mac, dashed);
    json_object_set_new(o, "macAddr", json_string(mac));
    json_object_set_new(o, "portId", json_string(port));
    if (r->ver >= 2)
        json_object_set_new(o, "vlanId", json_integer(vlan));
    /* MidoNet leaves bridgeId null on GET (only POST sets it); here it is filled. */
    json_object_set_new(o, "bridgeId", json_string(bridge));
    if (vlan == UNTAGGED)
        json_object_set_new(o, "uri",
                            req_uri(r, "/bridges/%s/mac_table/%s_%s", bridge, dashed, port));
    else
        json_object_set_new(o, "uri", req_uri(r, "/bridges/%s/vlans/%ld/mac_table/%s_%s", bridge,
                                              vlan, dashed, port));
    return o;
}

/* Append the dtos of the entries "<mac>,<port>,<ver>" of one VLAN to out. */
static enum zks_rc list_vlan(struct req *r, const char *bridge, long vlan, json_t *out)
{
    struct zks_names names = ZKS_NAMES_INIT;
    char *dir = mac_dir(bridge, vlan);
    enum zks_rc rc = zks_children_by_age(r->zk, &names, "%s", dir);

    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++) {
        char *mac = names.v[i], *port = strchr(mac, ','), *ver;

        if (!port)
            continue;
        *port++ = '\0';
        ver = strchr(port, ',');
        if (ver)
            *ver = '\0';
        json_array_append_new(out, mac_dto(r, bridge, vlan, mac, port));
    }
    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    free(dir);
    zks_names_release(&names);
    return rc;
}

/* Collection v1 lists the untagged entries only, v2 every VLAN's (§4). */
static int mac_list(struct req *r)
{
    struct zks_names vlans = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *out;

    if (!bridge_vlan_ok(r, r->arg[0], UNTAGGED))
        return 0;
    out = json_array();
    rc = list_vlan(r, r->arg[0], UNTAGGED, out);
    if (rc == ZKS_OK && r->ver >= 2)
        rc = zks_children(r->zk, &vlans, "/bridges/%s/vlans", r->arg[0]);
    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (size_t i = 0; rc == ZKS_OK && i < vlans.nr; i++)
        rc = list_vlan(r, r->arg[0], strtol(vlans.v[i], NULL, 10), out);
    zks_names_release(&vlans);
    if (rc != ZKS_OK) {
        json_decref(out);
        return req_zk_error(r, rc);
    }
    return req_ok(r, out);
}

static int vlan_mac_list(struct req *r)
{
    long vlan = path_vlan(r, r->arg[1]);
    enum zks_rc rc;
    json_t *out;

    if (vlan < 0 || !bridge_vlan_ok(r, r->arg[0], vlan))
        return 0;
    out = json_array();
    rc = list_vlan(r, r->arg[0], vlan, out);
    if (rc != ZKS_OK) {
        json_decref(out);
        return req_zk_error(r, rc);
    }
    return req_ok(r, out);
}

static int mac_add(struct req *r, long vlan)
{
    const char *bridge = r->arg[0], *mac, *dev;
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *jport = NULL, *pcfg = NULL;
    char norm[18], *dir = NULL, *prefix = NULL, *found = NULL;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    mac = val_str_required(&v, r->in, "macAddr");
    jport = val_uuid(&v, r->in, "portId");
    /* @Pattern's own message is a regular expression; the MAC parser's says more. */
    if (mac && !val_is_mac(mac)) {
        char msg[160];

        snprintf(msg, sizeof(msg), MAC_MSG, mac);
        val_violation(&v, "macAddr", msg);
    }
    if (json_is_null(jport)) {
        if (!v.bad)
            val_violation(&v, "portId", MSG_NOT_NULL);
    } else {
        const json_t *pv;

        pcfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", json_string_value(jport));
        dev = val_get_str(pcfg, "device_id");
        pv = json_object_get(pcfg, "vlanId");
        if (!dev || strcmp(dev, bridge))
            val_violation(&v, "macPort", ON_BRIDGE_MSG);
        else if (json_is_integer(pv) && json_integer_value(pv) != vlan) {
            char msg[80];

            snprintf(msg, sizeof(msg), PORT_VLAN_MSG, (long long)json_integer_value(pv));
            val_violation(&v, "macPort", msg);
        }
    }
    if (req_invalid(r, &v))
        goto out;
    val_mac_norm(mac, norm);
    dir = mac_dir(bridge, vlan);
    prefix = xasprintf("%s,%s,", norm, json_string_value(jport));
    found = find_entry(r, dir, prefix, &rc);
    if (rc != ZKS_OK) {
        req_zk_error(r, rc);
        goto out;
    }
    if (vlan != UNTAGGED && zks_exists(r->zk, "%s", dir) == ZKS_NONODE) {
        if (zks_exists(r->zk, "/bridges/%s/vlans/%ld", bridge, vlan) == ZKS_NONODE)
            zks_txn_create(&t, NULL, "/bridges/%s/vlans/%ld", bridge, vlan);
        zks_txn_create(&t, NULL, "%s", dir);
    }
    /* Adding an entry that is there already changes nothing. */
    if (!found)
        zks_txn_create(&t, NULL, "%s/%s" ENTRY_VERSION, dir, prefix);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK) {
        req_zk_error(r, rc);
        goto out;
    }
    val_mac_uri(norm, norm);
    if (vlan == UNTAGGED)
        req_created(r, "/bridges/%s/mac_table/%s_%s", bridge, norm, json_string_value(jport));
    else
        req_created(r, "/bridges/%s/vlans/%ld/mac_table/%s_%s", bridge, vlan, norm,
                    json_string_value(jport));
out:
    zks_txn_release(&t);
    json_decref(jport);
    json_decref(pcfg);
    free(dir);
    free(prefix);
    free(found);
    return 0;
}

static int untagged_mac_add(struct req *r)
{
    return mac_add(r, UNTAGGED);
}

static int vlan_mac_add(struct req *r)
{
    long vlan = path_vlan(r, r->arg[1]);

    return vlan < 0 ? 0 : mac_add(r, vlan);
}

/*
 * A "<aa-bb-cc-dd-ee-ff>_<portId>" segment into mac (colons) and port. False when it
 * replied: 400 for the MAC, 404 for the port id (a JAX-RS UUID).
 */
static bool parse_mac_port(struct req *r, const char *seg, char *mac, char *port)
{
    const char *us = strchr(seg, '_');
    char raw[18];
    size_t n = us ? (size_t)(us - seg) : strlen(seg);

    if (!us || val_uuid_norm(us + 1, port) < 0) {
        req_error(r, 404, NULL);
        return false;
    }
    snprintf(raw, sizeof(raw), "%.*s", (int)(n < sizeof(raw) ? n : sizeof(raw) - 1), seg);
    for (char *p = raw; *p; p++)
        if (*p == '-')
            *p = ':';
    if (n >= sizeof(raw) || strchr(raw, '-') || !val_is_mac(raw) || strchr(seg, ':')) {
        req_error(r, 400, MAC_URI_MSG);
        return false;
    }
    val_mac_norm(raw, mac);
    return true;
}

/* GET or DELETE of one MAC entry of a VLAN. */
static int mac_entry(struct req *r, long vlan, const char *seg)
{
    char mac[18], port[UUID_LEN + 1], *dir, *prefix, *found;
    enum zks_rc rc;

    if (vlan < 0 || !bridge_vlan_ok(r, r->arg[0], vlan) || !parse_mac_port(r, seg, mac, port))
        return 0;
    dir = mac_dir(r->arg[0], vlan);
    prefix = xasprintf("%s,%s,", mac, port);
    found = find_entry(r, dir, prefix, &rc);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else if (r->method == REQ_DELETE) {
        if (found)
            rc = zks_delete(r->zk, "%s/%s", dir, found);
        if (rc == ZKS_OK || rc == ZKS_NONODE)
            req_no_content(r);
        else
            req_zk_error(r, rc);
    } else if (!found)
        req_error(r, 404, NO_MAC_PORT_MSG);
    else
        req_ok(r, mac_dto(r, r->arg[0], vlan, mac, port));
    free(dir);
    free(prefix);
    free(found);
    return 0;
}

static int untagged_mac_entry(struct req *r)
{
    return mac_entry(r, UNTAGGED, r->arg[1]);
}

static int vlan_mac_entry(struct req *r)
{
    return mac_entry(r, path_vlan(r, r->arg[1]), r->arg[2]);
}

/* ARP table. */

static json_t *arp_dto(struct req *r, const char *bridge, const char *ip, const char *mac)
{
    json_t *o = json_object();
    char dashed[18];

    val_mac_uri(mac, dashed);
    json_object_set_new(o, "ip", json_string(ip));
    json_object_set_new(o, "mac", json_string(mac));
    json_object_set_new(o, "uri", req_uri(r, "/bridges/%s/arp_table/%s_%s", bridge, ip, dashed));
    return o;
}

enum zks_rc arp_add_ops(struct req *r, struct zks_txn *t, const char *bridge, const char *ip,
                        const char *mac)
{
    char *prefix = xasprintf("%s,%s,", ip, mac),
         *dir = xasprintf("/bridges/%s/ip4_mac_map", bridge);
    enum zks_rc rc;
    char *found = find_entry(r, dir, prefix, &rc);

    if (rc == ZKS_OK && !found && !zks_txn_creates(t, "%s/%s" ENTRY_VERSION, dir, prefix))
        zks_txn_create(t, NULL, "%s/%s" ENTRY_VERSION, dir, prefix);
    free(found);
    free(prefix);
    free(dir);
    return rc;
}

enum zks_rc arp_delete_ops(struct req *r, struct zks_txn *t, const char *bridge, const char *ip,
                           const char *mac)
{
    char *prefix = xasprintf("%s,%s,", ip, mac),
         *dir = xasprintf("/bridges/%s/ip4_mac_map", bridge);
    enum zks_rc rc;
    char *found = find_entry(r, dir, prefix, &rc);

    if (found)
        zks_txn_delete(t, "%s/%s", dir, found);
    free(found);
    free(prefix);
    free(dir);
    return rc;
}

static int arp_list(struct req *r)
{
    struct zks_names names = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_exists(r->zk, "/bridges/%s", r->arg[0]);
    json_t *out;

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "bridge", r->arg[0]) : req_zk_error(r, rc);
    rc = zks_children_by_age(r->zk, &names, "/bridges/%s/ip4_mac_map", r->arg[0]);
    if (rc != ZKS_OK && rc != ZKS_NONODE) {
        zks_names_release(&names);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < names.nr; i++) {
        char *ip = names.v[i], *mac = strchr(ip, ','), *ver;

        if (!mac)
            continue;
        *mac++ = '\0';
        ver = strchr(mac, ',');
        if (ver)
            *ver = '\0';
        json_array_append_new(out, arp_dto(r, r->arg[0], ip, mac));
    }
    zks_names_release(&names);
    return req_ok(r, out);
}

static int arp_add(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    const char *mac;
    char norm[18], ipbuf[16], dashed[18];
    uint32_t a;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    val_ipv4_field(&v, r->in, "ip", true, &a);
    /*
     * setMac() writes the field macAddr, so both are properties and the later one read
     * counts: macAddr, in the order the body reader leaves them (its table's).
     */
    if (!SIM_DIALECT_5 && json_object_get(r->in, "macAddr"))
        mac = val_str_required(&v, r->in, "macAddr");
    else
        mac = val_str_required(&v, r->in, "mac");
    if (mac && !val_is_mac(mac)) {
        char msg[160];

        snprintf(msg, sizeof(msg), MAC_MSG, mac);
        val_violation(&v, "mac", msg);
    }
    if (req_invalid(r, &v))
        return 0;
    rc = zks_exists(r->zk, "/bridges/%s", r->arg[0]);
    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "bridge", r->arg[0]) : req_zk_error(r, rc);
    val_ipv4_str(a, ipbuf);
    val_mac_norm(mac, norm);
    rc = arp_add_ops(r, &t, r->arg[0], ipbuf, norm);
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    if (rc != ZKS_OK)
        return req_zk_error(r, rc);
    val_mac_uri(norm, dashed);
    return req_created(r, "/bridges/%s/arp_table/%s_%s", r->arg[0], ipbuf, dashed);
}

/* "<ip>_<aa-bb-cc-dd-ee-ff>" into ip and mac; false when malformed. */
static bool parse_ip_mac(const char *seg, char *ip, char *mac)
{
    const char *us = strchr(seg, '_');
    char raw[32];
    uint32_t a;

    if (!us || (size_t)(us - seg) >= 16 || strlen(us + 1) >= sizeof(raw))
        return false;
    snprintf(raw, sizeof(raw), "%.*s", (int)(us - seg), seg);
    if (val_ipv4(raw, &a) < 0)
        return false;
    val_ipv4_str(a, ip);
    snprintf(raw, sizeof(raw), "%s", us + 1);
    for (char *p = raw; *p; p++)
        if (*p == '-')
            *p = ':';
    if (!val_is_mac(raw))
        return false;
    val_mac_norm(raw, mac);
    return true;
}

static int arp_entry(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char ip[16], mac[18], *prefix, *dir, *found;
    enum zks_rc rc = zks_exists(r->zk, "/bridges/%s", r->arg[0]);

    if (rc != ZKS_OK && !(rc == ZKS_NONODE && r->method == REQ_DELETE))
        return rc == ZKS_NONODE ? req_not_found(r, "bridge", r->arg[0]) : req_zk_error(r, rc);
    if (!parse_ip_mac(r->arg[1], ip, mac))
        return r->method == REQ_DELETE ? req_no_content(r) : req_error(r, 404, NO_ARP_MSG);
    if (r->method == REQ_DELETE) {
        rc = arp_delete_ops(r, &t, r->arg[0], ip, mac);
        return res_delete_reply(r, &t, rc);
    }
    prefix = xasprintf("%s,%s,", ip, mac);
    dir = xasprintf("/bridges/%s/ip4_mac_map", r->arg[0]);
    found = find_entry(r, dir, prefix, &rc);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else if (!found)
        req_error(r, 404, NO_ARP_MSG);
    else
        req_ok(r, arp_dto(r, r->arg[0], ip, mac));
    free(found);
    free(prefix);
    free(dir);
    return 0;
}

const struct route res_table_routes[] = {
    { "GET", "/bridges/{id}/mac_table", "collection.MacPort-v2 collection.MacPort-v1", mac_list },
    { "POST", "/bridges/{id}/mac_table", "MacPort-v2 MacPort-v1 json", untagged_mac_add },
    { "GET", "/bridges/{id}/mac_table/{s}", "MacPort-v2 MacPort-v1 json", untagged_mac_entry },
    { "DELETE", "/bridges/{id}/mac_table/{s}", NULL, untagged_mac_entry },
    { "GET", "/bridges/{id}/vlans/{s}/mac_table", "collection.MacPort-v2", vlan_mac_list },
    { "POST", "/bridges/{id}/vlans/{s}/mac_table", "MacPort-v2 json", vlan_mac_add },
    { "GET", "/bridges/{id}/vlans/{s}/mac_table/{s}", "MacPort-v2 json", vlan_mac_entry },
    { "DELETE", "/bridges/{id}/vlans/{s}/mac_table/{s}", NULL, vlan_mac_entry },
    { "GET", "/bridges/{id}/arp_table", "collection.IP4Mac-v1", arp_list },
    { "POST", "/bridges/{id}/arp_table", "IP4Mac-v1 json", arp_add },
    { "GET", "/bridges/{id}/arp_table/{s}", "IP4Mac-v1 json", arp_entry },
    { "DELETE", "/bridges/{id}/arp_table/{s}", NULL, arp_entry },
    { NULL, NULL, NULL, NULL },
};
