/*
 * res_port: ports wherever their URIs hang: /ports, /bridges/{id}/ports,
 * /routers/{id}/ports, the peer_ports lists and /ports/{id}/link.
 *
 * Stored as PortConfig at /ports/<id> (§6), "BridgePort" or "RouterPort", with the
 * device's index entry: /routers/<r>/ports/<id>, or for a bridge /bridges/<b>/ports/<id>
 * while unlinked and /bridges/<b>/logical-ports/<id> while linked (interior).
 */
#include "tests/sim/res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINK_MSG "Ports are not linkable."
#define PORT_ID_MSG "Port ID is not valid."

/* Every port subtype name Jackson knows; others cannot be deserialized. */
static const char *const port_types[] = {
    "Bridge", "Router", "Vxlan", "ExteriorBridge", "InteriorBridge", "ExteriorRouter",
    "InteriorRouter",
};

static bool is_router_port(const json_t *cfg)
{
    const char *t = val_get_str(cfg, "type");

    return t && !strcmp(t, "RouterPort");
}

static bool has(const json_t *cfg, const char *key)
{
    return json_is_string(json_object_get(cfg, key));
}

static bool is_bound(const json_t *cfg)
{
    return has(cfg, "hostId") && has(cfg, "interfaceName");
}

static json_t *copy_key(const json_t *cfg, const char *key)
{
    const json_t *x = json_object_get(cfg, key);

    return x ? json_copy((json_t *)x) : json_null();
}

/* The v1 type name: Interior when linked, Exterior when bound or created as Exterior. */
static const char *v1_type(const json_t *cfg)
{
    bool router = is_router_port(cfg);
    const char *v1 = val_get_str(cfg, "v1ApiType");

    if (has(cfg, "peerId"))
        return router ? "InteriorRouter" : "InteriorBridge";
    if (is_bound(cfg) || (v1 && starts_with(v1, "Exterior")))
        return router ? "ExteriorRouter" : "ExteriorBridge";
    return router ? "InteriorRouter" : "InteriorBridge";
}

/* The dto of a port; active: whether /ports/<id>/active has children (an agent runs it). */
static json_t *port_dto_active(struct req *r, const char *id, const json_t *cfg, bool active)
{
    bool router = is_router_port(cfg);
    const char *t = val_get_str(cfg, "type");
    bool vxlan = t && !strcmp(t, "VxLanPort");
    const json_t *props = json_object_get(cfg, "properties");
    const json_t *host = json_object_get(cfg, "hostId");
    json_t *o = json_object();
    char ip[16];

    json_object_set_new(o, "id", json_string(id));
    /* v1 has no VXLAN type name; "Vxlan" either way. */
    json_object_set_new(o, "type", json_string(vxlan ? "Vxlan"
                                               : r->ver >= 2 ? (router ? "Router" : "Bridge")
                                               : v1_type(cfg)));
    json_object_set_new(o, "deviceId", copy_key(cfg, "device_id"));
    json_object_set_new(o, "adminStateUp",
                        json_boolean(!json_is_false(json_object_get(cfg, "adminStateUp"))));
    json_object_set_new(o, "inboundFilterId", copy_key(cfg, "inboundFilter"));
    json_object_set_new(o, "outboundFilterId", copy_key(cfg, "outboundFilter"));
    json_object_set_new(o, "vifId", val_jstr(val_get_str(props, "vif_id")));
    if (r->ver >= 2) {
        json_object_set_new(o, "hostId", copy_key(cfg, "hostId"));
        json_object_set_new(o, "interfaceName", copy_key(cfg, "interfaceName"));
    }
    json_object_set_new(o, "peerId", copy_key(cfg, "peerId"));
    json_object_set_new(o, "active", json_boolean(active));
    if (router) {
        uint32_t nw = (uint32_t)json_integer_value(json_object_get(cfg, "nwAddr"));
        uint32_t pa = (uint32_t)json_integer_value(json_object_get(cfg, "portAddr"));

        val_ipv4_str(nw, ip);
        json_object_set_new(o, "networkAddress", json_string(ip));
        json_object_set_new(o, "networkLength", copy_key(cfg, "nwLength"));
        val_ipv4_str(pa, ip);
        json_object_set_new(o, "portAddress", json_string(ip));
        json_object_set_new(o, "portMac", copy_key(cfg, "hwAddr"));
        json_object_set_new(o, "vlanId", json_integer(-1));
    } else {
        json_object_set_new(o, "vlanId", copy_key(cfg, "vlanId"));
        json_object_set_new(o, "networkAddress", json_null());
        json_object_set_new(o, "networkLength", json_integer(-1));
        json_object_set_new(o, "portAddress", json_null());
        json_object_set_new(o, "portMac", json_null());
    }
    json_object_set_new(o, "uri", req_uri(r, "/ports/%s", id));
    json_object_set_new(o, "device", req_uri_id(r, router ? "routers" : "bridges",
                                                json_object_get(cfg, "device_id")));
    json_object_set_new(o, "inboundFilter",
                        req_uri_id(r, "chains", json_object_get(cfg, "inboundFilter")));
    json_object_set_new(o, "outboundFilter",
                        req_uri_id(r, "chains", json_object_get(cfg, "outboundFilter")));
    json_object_set_new(o, "portGroups", req_uri(r, "/ports/%s/port_groups", id));
    json_object_set_new(o, "host", req_uri_id(r, "hosts", host));
    json_object_set_new(o, "peer", req_uri_id(r, "ports", json_object_get(cfg, "peerId")));
    json_object_set_new(o, "link", req_uri(r, "/ports/%s/link", id));
    json_object_set_new(o, "hostInterfacePort",
                        json_is_string(host) ? req_uri(r, "/hosts/%s/ports/%s",
                                                       json_string_value(host), id)
                                             : json_null());
    json_object_set_new(o, "bgps", router ? req_uri(r, "/ports/%s/bgps", id) : json_null());
    if (vxlan) {
        json_object_set_new(o, "mgmtIpAddr", copy_key(cfg, "mgmtIpAddr"));
        json_object_set_new(o, "mgmtPort", copy_key(cfg, "mgmtPort"));
        json_object_set_new(o, "vni", copy_key(cfg, "vni"));
        json_object_set_new(o, "bindings", req_uri(r, "/ports/%s/vtep_bindings", id));
    }
    return o;
}

#define ACTIVE_PATH "/ports/%s/active"

static bool stat_active(const struct zks_read *st)
{
    return st->rc == ZKS_OK && st->num_children > 0;
}

/* A res_dto_stat_fn: st is ACTIVE_PATH's. */
static json_t *port_dto_stat(struct req *r, const char *id, const json_t *cfg,
                             const struct zks_read *st)
{
    return port_dto_active(r, id, cfg, stat_active(st));
}

json_t *port_dto(struct req *r, const char *id, const json_t *cfg)
{
    struct zks_names active = ZKS_NAMES_INIT;
    bool on = zks_children(r->zk, &active, ACTIVE_PATH, id) == ZKS_OK && active.nr > 0;

    zks_names_release(&active);
    return port_dto_active(r, id, cfg, on);
}

/* The index entry of a port in its device: "/bridges/<b>/ports/<id>" etc. The caller's. */
static char *index_path(const char *id, const json_t *cfg, bool linked)
{
    const char *dev = val_get_str(cfg, "device_id");

    if (!dev)
        return NULL;
    if (is_router_port(cfg))
        return xasprintf("/routers/%s/ports/%s", dev, id);
    return xasprintf("/bridges/%s/%s/%s", dev, linked ? "logical-ports" : "ports", id);
}

/* Queue a port's new peerId (JSON string or null), moving a bridge port's index entry. */
static void set_peer_ops(struct req *r, struct zks_txn *t, const char *id, json_t *cfg,
                         json_t *peer)
{
    bool was = has(cfg, "peerId"), now = json_is_string(peer);

    json_object_set_new(cfg, "peerId", peer);
    zks_txn_set(t, cfg, "/ports/%s", id);
    if (was != now && !is_router_port(cfg)) {
        char *from = index_path(id, cfg, was), *to = index_path(id, cfg, now);

        if (from && to) {
            if (zks_exists(r->zk, "%s", from) == ZKS_OK || zks_txn_creates(t, "%s", from))
                zks_txn_delete(t, "%s", from);
            zks_txn_create(t, NULL, "%s", to);
        }
        free(from);
        free(to);
    }
}

enum zks_rc port_delete_ops(struct req *r, struct zks_txn *t, const char *id)
{
    struct zks_names routes = ZKS_NAMES_INIT;
    json_t *cfg, *peer_cfg = NULL;
    const char *peer, *host;
    enum zks_rc rc;

    cfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", id);
    if (!cfg)
        return rc == ZKS_NONODE ? ZKS_OK : rc;
    /* The peer is unlinked, not deleted, unless this same transaction deletes it. */
    peer = val_get_str(cfg, "peerId");
    if (peer && !zks_txn_deletes(t, "/ports/%s", peer)) {
        peer_cfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", peer);
        if (peer_cfg)
            set_peer_ops(r, t, peer, peer_cfg, json_null());
        else if (rc != ZKS_NONODE)
            goto out;
    }
    host = val_get_str(cfg, "hostId");
    if (host && zks_exists(r->zk, "/hosts/%s/vrnMappings/ports/%s", host, id) == ZKS_OK)
        zks_txn_delete(t, "/hosts/%s/vrnMappings/ports/%s", host, id);
    rc = zks_children(r->zk, &routes, "/ports/%s/routes", id);
    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (size_t i = 0; rc == ZKS_OK && i < routes.nr; i++)
        rc = route_delete_ops(r, t, routes.v[i]);
    if (rc != ZKS_OK)
        goto out;
    res_filter_refs_ops(r, t, "port", id, cfg, NULL);
    port_group_leave_ops(r, t, id, cfg);
    rc = bgp_port_delete_ops(r, t, id);
    if (rc == ZKS_OK)
        rc = trace_device_delete_ops(r, t, id);     /* both generations cascade */
    if (rc != ZKS_OK)
        goto out;
    if (zks_exists(r->zk, "/filters/%s", id) == ZKS_OK)
        zks_txn_delete(t, "/filters/%s", id);
    res_tunnel_key_ops(r, t, cfg);
    for (int linked = 0; linked < 2; linked++) {
        char *idx = index_path(id, cfg, linked);

        if (idx && (zks_exists(r->zk, "%s", idx) == ZKS_OK || zks_txn_creates(t, "%s", idx)))
            zks_txn_delete(t, "%s", idx);
        free(idx);
    }
    rc = zks_txn_delete_tree(r->zk, t, "/ports/%s", id);
out:
    zks_names_release(&routes);
    json_decref(peer_cfg);
    json_decref(cfg);
    return rc;
}

struct port_item {
    int64_t czxid;
    char *id;
    json_t *cfg;
};

static int cmp_items(const void *a, const void *b)
{
    const struct port_item *x = a, *y = b;

    return x->czxid < y->czxid ? -1 : x->czxid > y->czxid;
}

/*
 * Read the configs of n ports (ids, borrowed) pipelined into got (n of them, the caller's
 * to release). ZKS_OK, or the error that stops the listing.
 */
static enum zks_rc read_ports(struct req *r, char *const *ids, size_t n, struct zks_read *got)
{
    char **paths = xcalloc(n ? n : 1, sizeof(*paths));
    enum zks_rc rc;

    for (size_t i = 0; i < n; i++)
        paths[i] = xasprintf("/ports/%s", ids[i]);
    rc = zks_read_json(r->zk, paths, n, got);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    /* A node that cannot be read (too large) is left out, as one deleted meanwhile. */
    return rc == ZKS_FAILED ? ZKS_OK : rc;
}

/*
 * The ports of a device (kind "bridges" or "routers"), in creation order. 404 when the
 * device is missing; peers: list the peers of its linked ports instead. A port (or peer)
 * deleted or unreadable meanwhile is left out. Every read of a stage (the ports, their
 * peers, their "active" nodes) is pipelined.
 */
static int device_ports(struct req *r, const char *kind, const char *what, bool peers)
{
    static const char *const bridge_dirs[] = { "ports", "logical-ports" };
    static const char *const router_dirs[] = { "ports" };
    const char *const *dirs = strcmp(kind, "bridges") ? router_dirs : bridge_dirs;
    size_t ndirs = strcmp(kind, "bridges") ? 1 : 2;
    struct zks_names names = ZKS_NAMES_INIT, all = ZKS_NAMES_INIT;
    struct port_item *items = NULL;
    struct zks_read *got = NULL, *pgot = NULL, *act = NULL;
    char **pids = NULL, **apaths = NULL;
    size_t nr = 0, npeers = 0;
    enum zks_rc rc = zks_exists(r->zk, "/%s/%s", kind, r->arg[0]);
    json_t *out = NULL;

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, what, r->arg[0]) : req_zk_error(r, rc);
    for (size_t d = 0; rc == ZKS_OK && d < ndirs; d++) {
        rc = zks_children(r->zk, &names, "/%s/%s/%s", kind, r->arg[0], dirs[d]);
        if (rc == ZKS_NONODE) {
            rc = ZKS_OK;
            continue;
        }
        for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++) {
            ALLOC_GROW(all.v, all.nr + 1, all.alloc);
            all.v[all.nr++] = xstrdup(names.v[i]);
        }
    }
    if (rc != ZKS_OK || !all.nr)
        goto out;
    got = xcalloc(all.nr, sizeof(*got));
    rc = read_ports(r, all.v, all.nr, got);
    if (rc != ZKS_OK)
        goto out;
    if (peers) {
        pids = xcalloc(all.nr, sizeof(*pids));
        for (size_t i = 0; i < all.nr; i++) {
            const char *peer = got[i].json ? val_get_str(got[i].json, "peerId") : NULL;

            if (peer)
                pids[npeers++] = xstrdup(peer);
        }
        pgot = xcalloc(npeers ? npeers : 1, sizeof(*pgot));
        rc = read_ports(r, pids, npeers, pgot);
        if (rc != ZKS_OK)
            goto out;
    }
    items = xcalloc(all.nr, sizeof(*items));
    for (size_t i = 0; i < (peers ? npeers : all.nr); i++) {
        struct zks_read *g = peers ? &pgot[i] : &got[i];

        if (!g->json)
            continue;
        items[nr].czxid = g->czxid;
        items[nr].id = peers ? pids[i] : all.v[i];
        items[nr].cfg = g->json;
        nr++;
    }
    if (nr)
        qsort(items, nr, sizeof(*items), cmp_items);
    apaths = xcalloc(nr ? nr : 1, sizeof(*apaths));
    for (size_t i = 0; i < nr; i++)
        apaths[i] = xasprintf(ACTIVE_PATH, items[i].id);
    act = xcalloc(nr ? nr : 1, sizeof(*act));
    rc = zks_read_stat(r->zk, apaths, nr, act);
    if (rc != ZKS_OK)
        goto out;
    out = json_array();
    for (size_t i = 0; i < nr; i++)
        json_array_append_new(out, port_dto_active(r, items[i].id, items[i].cfg,
                                                   stat_active(&act[i])));
out:
    for (size_t i = 0; apaths && i < nr; i++)
        free(apaths[i]);
    free(apaths);
    free(act);
    free(items);
    for (size_t i = 0; pids && i < npeers; i++)
        free(pids[i]);
    free(pids);
    zks_reads_release(pgot, npeers);
    zks_reads_release(got, all.nr);
    zks_names_release(&all);
    zks_names_release(&names);
    if (rc != ZKS_OK)
        return req_zk_error(r, rc);
    return req_ok(r, out ? out : json_array());
}

static int bridge_ports(struct req *r)
{
    return device_ports(r, "bridges", "bridge", false);
}

static int bridge_peer_ports(struct req *r)
{
    return device_ports(r, "bridges", "bridge", true);
}

static int router_ports(struct req *r)
{
    return device_ports(r, "routers", "router", false);
}

static int router_peer_ports(struct req *r)
{
    return device_ports(r, "routers", "router", true);
}

static int ports_list(struct req *r)
{
    return res_list_stat(r, "/ports", ACTIVE_PATH, port_dto_stat, NULL);
}

static int port_get(struct req *r)
{
    return res_get(r, "/ports", r->arg[0], "port", port_dto);
}

static bool known_type(const char *type)
{
    for (size_t i = 0; i < ARRAY_SIZE(port_types); i++)
        if (!strcmp(type, port_types[i]))
            return true;
    return false;
}

/* A port's properties with vif_id set from the body (a UUID string or null). */
static json_t *props_with_vif(const json_t *old, json_t *vif)
{
    json_t *props = json_is_object(old) ? json_deep_copy(old) : json_object();

    if (json_is_string(vif))
        json_object_set(props, "vif_id", vif);
    else
        json_object_del(props, "vif_id");
    return props;
}

/* The 1.9 ZooKeeper encoding of an IPv4 address: a Java (signed) int. */
static json_t *java_int(uint32_t addr)
{
    return json_integer((json_int_t)(int32_t)addr);
}

static int port_create(struct req *r, bool router)
{
    const char *dev = r->arg[0], *what = router ? "Router" : "Bridge";
    struct zks_names siblings = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1], mac[18];
    json_t *cfg = NULL, *jid = NULL, *in = NULL, *out = NULL, *vif = NULL, *dcfg = NULL;
    const char *type, *portmac = NULL;
    uint32_t nwaddr = 0, paddr = 0;
    long long vlan = 0, nwlen = 0, key = -1;
    bool up, has_vlan = false, v2 = r->in_ver >= 2;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    type = val_str(&v, r->in, "type");
    if (!type || !known_type(type))
        v.bad = true;
    jid = val_uuid(&v, r->in, "id");
    up = val_bool(&v, r->in, "adminStateUp", true);
    in = val_uuid(&v, r->in, "inboundFilterId");
    out = val_uuid(&v, r->in, "outboundFilterId");
    vif = val_uuid(&v, r->in, "vifId");
    if (router) {
        val_ipv4_field(&v, r->in, "networkAddress", true, &nwaddr);
        nwlen = val_int(&v, r->in, "networkLength", 0, NULL);
        val_range(&v, "networkLength", nwlen, 0, 32);
        val_ipv4_field(&v, r->in, "portAddress", true, &paddr);
        portmac = val_str(&v, r->in, "portMac");
    } else {
        vlan = val_int(&v, r->in, "vlanId", 0, &has_vlan);
        if (has_vlan && (vlan < -32768 || vlan > 32767))
            v.bad = true;   /* a Java short */
    }
    if (v.bad) {
        req_invalid(r, &v);
        goto out;
    }
    /* The real server accepts the version's own type names only (§1, §4). */
    if (v2 ? strcmp(type, what) : !(ends_with(type, what) && strcmp(type, what))) {
        val_release(&v);
        req_error(r, 400, "Invalid port type.  Only %s type is accepted.", what);
        goto out;
    }
    dcfg = zks_get_json(r->zk, &rc, NULL, "/%s/%s", router ? "routers" : "bridges", dev);
    if (!dcfg) {
        val_release(&v);
        if (rc != ZKS_NONODE)
            req_zk_error(r, rc);
        else if (router)
            req_error(r, 404, "Cannot create port for non existent router");
        else
            req_not_found(r, "bridge", dev);
        goto out;
    }
    if (portmac && !val_is_mac(portmac)) {
        char msg[160];

        snprintf(msg, sizeof(msg), "MAC address string must be 6 words of 1 or 2 hex digits "
                 "joined with 5 ':' but was %.40s.", portmac);
        val_violation(&v, "portMac", msg);
    }
    if (!router && has_vlan) {
        /* Not in the doc's words: MidoNet's message for a duplicate VLAN is not recorded. */
        rc = zks_children(r->zk, &siblings, "/bridges/%s/ports", dev);
        for (size_t i = 0; rc == ZKS_OK && i < siblings.nr; i++) {
            enum zks_rc prc;
            json_t *p = zks_get_json(r->zk, &prc, NULL, "/ports/%s", siblings.v[i]);

            if (p && json_is_integer(json_object_get(p, "vlanId")) &&
                json_integer_value(json_object_get(p, "vlanId")) == vlan)
                val_violation(&v, "vlanId",
                              "A port with this VLAN ID already exists on the bridge.");
            json_decref(p);
        }
    }
    if (req_invalid(r, &v))
        goto out;

    if (json_is_string(jid))
        memcpy(id, json_string_value(jid), sizeof(id));
    else
        val_uuid_random(id);
    rc = res_tunnel_key(r, id, &key);
    if (rc != ZKS_OK) {
        req_zk_error(r, rc);
        goto out;
    }
    cfg = json_object();
    json_object_set_new(cfg, "type", json_string(router ? "RouterPort" : "BridgePort"));
    json_object_set_new(cfg, "properties", props_with_vif(NULL, vif));
    json_object_set_new(cfg, "device_id", json_string(dev));
    json_object_set_new(cfg, "adminStateUp", json_boolean(up));
    json_object_set(cfg, "inboundFilter", in);
    json_object_set(cfg, "outboundFilter", out);
    json_object_set_new(cfg, "portGroupIDs", json_null());
    json_object_set_new(cfg, "tunnelKey", json_integer(key));
    json_object_set_new(cfg, "hostId", json_null());
    json_object_set_new(cfg, "interfaceName", json_null());
    json_object_set_new(cfg, "peerId", json_null());
    json_object_set_new(cfg, "v1ApiType", v2 ? json_null() : json_string(type));
    if (router) {
        if (!portmac) {
            unsigned char b[3];

            val_random(b, sizeof(b));
            snprintf(mac, sizeof(mac), "ac:ca:ba:%02x:%02x:%02x", b[0], b[1], b[2]);
            portmac = mac;
        }
        json_object_set_new(cfg, "nwAddr", java_int(nwaddr));
        json_object_set_new(cfg, "nwLength", json_integer(nwlen));
        json_object_set_new(cfg, "portAddr", java_int(paddr));
        json_object_set_new(cfg, "hwAddr", json_string(portmac));
    } else {
        json_object_set_new(cfg, "vlanId", has_vlan ? json_integer(vlan) : json_null());
    }
    zks_txn_create(&t, cfg, "/ports/%s", id);
    zks_txn_create(&t, NULL, "/ports/%s/routes", id);
    zks_txn_create(&t, NULL, "/ports/%s/bgps", id);
    zks_txn_create(&t, NULL, "/filters/%s", id);
    zks_txn_create(&t, NULL, "/%s/%s/ports/%s", router ? "routers" : "bridges", dev, id);
    res_filter_refs_ops(r, &t, "port", id, NULL, cfg);
    if (router)
        route_local_ops(r, &t, dev, id, paddr);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK) {
        res_tunnel_key_free(r, key);
        req_zk_error(r, rc);
        goto out;
    }
    req_created(r, "/ports/%s", id);
out:
    zks_names_release(&siblings);
    zks_txn_release(&t);
    json_decref(cfg);
    json_decref(dcfg);
    json_decref(jid);
    json_decref(in);
    json_decref(out);
    json_decref(vif);
    return 0;
}

static int bridge_port_create(struct req *r)
{
    return port_create(r, false);
}

static int router_port_create(struct req *r)
{
    return port_create(r, true);
}

/*
 * PUT changes the filters, adminStateUp and the vifId property only (§4); the rest of
 * the body is ignored. A type, when given, must still be a known one.
 */
static int port_update(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *old, *cfg = NULL, *vif;
    const char *type;
    enum zks_rc rc;
    struct val v;

    old = zks_get_json(r->zk, &rc, NULL, "/ports/%s", r->arg[0]);
    if (!old)
        return rc == ZKS_NONODE ? req_not_found(r, "port", r->arg[0]) : req_zk_error(r, rc);
    cfg = json_deep_copy(old);
    val_init(&v);
    type = val_str(&v, r->in, "type");
    if (type && !known_type(type))
        v.bad = true;
    json_object_set_new(cfg, "adminStateUp",
                        json_boolean(val_bool(&v, r->in, "adminStateUp", true)));
    json_object_set_new(cfg, "inboundFilter", val_uuid(&v, r->in, "inboundFilterId"));
    json_object_set_new(cfg, "outboundFilter", val_uuid(&v, r->in, "outboundFilterId"));
    vif = val_uuid(&v, r->in, "vifId");
    json_object_set_new(cfg, "properties", props_with_vif(json_object_get(old, "properties"), vif));
    json_decref(vif);
    if (req_invalid(r, &v))
        goto out;
    res_filter_refs_ops(r, &t, "port", r->arg[0], old, cfg);
    zks_txn_set(&t, cfg, "/ports/%s", r->arg[0]);
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

static int port_delete(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    enum zks_rc rc = port_delete_ops(r, &t, r->arg[0]);

    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    if (rc == ZKS_OK || rc == ZKS_NONODE)
        return req_no_content(r);
    return req_zk_error(r, rc);
}

static bool has_vlan_id(const json_t *cfg)
{
    return json_is_integer(json_object_get(cfg, "vlanId"));
}

static bool linkable(const char *id, const json_t *a, const char *peer, const json_t *b)
{
    bool ra = is_router_port(a), rb = is_router_port(b);

    if (!strcmp(id, peer))
        return false;
    if (has(a, "peerId") || has(b, "peerId") || is_bound(a) || is_bound(b))
        return false;
    if (ra && rb) {
        const char *da = val_get_str(a, "device_id"), *db = val_get_str(b, "device_id");

        return !da || !db || strcmp(da, db);
    }
    if (!ra && !rb)
        return has_vlan_id(a) != has_vlan_id(b);
    return true;
}

static int port_link(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *peer = NULL, *a = NULL, *b = NULL;
    enum zks_rc rc = ZKS_OK;
    struct val v;

    val_init(&v);
    peer = val_uuid(&v, r->in, "peerId");
    /* @IsValidPortId: PortIdValidator refuses null with its own message. */
    if (!v.bad && json_is_null(peer))
        val_violation(&v, "peerId", PORT_ID_MSG);
    if (req_invalid(r, &v))
        goto out;
    val_init(&v);
    a = zks_get_json(r->zk, &rc, NULL, "/ports/%s", r->arg[0]);
    if (!a && rc == ZKS_NONODE)
        val_violation(&v, "portId", PORT_ID_MSG);
    if (rc == ZKS_OK || rc == ZKS_NONODE)
        b = zks_get_json(r->zk, &rc, NULL, "/ports/%s", json_string_value(peer));
    if (rc != ZKS_OK && rc != ZKS_NONODE) {
        val_release(&v);
        req_zk_error(r, rc);
        goto out;
    }
    if (!b)
        val_violation(&v, "peerId", PORT_ID_MSG);
    if (a && b && !linkable(r->arg[0], a, json_string_value(peer), b))
        val_violation(&v, "link", LINK_MSG);
    if (req_invalid(r, &v))
        goto out;
    set_peer_ops(r, &t, r->arg[0], a, json_copy(peer));
    set_peer_ops(r, &t, json_string_value(peer), b, json_string(r->arg[0]));
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/ports/%s/link", r->arg[0]);
out:
    zks_txn_release(&t);
    json_decref(peer);
    json_decref(a);
    json_decref(b);
    return 0;
}

/* Idempotent: a missing or unlinked port is a 204 too. */
static int port_unlink(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *a, *b = NULL;
    const char *peer;
    enum zks_rc rc;

    a = zks_get_json(r->zk, &rc, NULL, "/ports/%s", r->arg[0]);
    if (!a)
        return rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
    peer = val_get_str(a, "peerId");
    if (peer) {
        char *pid = xstrdup(peer);

        b = zks_get_json(r->zk, &rc, NULL, "/ports/%s", pid);
        set_peer_ops(r, &t, r->arg[0], a, json_null());
        if (b)
            set_peer_ops(r, &t, pid, b, json_null());
        free(pid);
    }
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    json_decref(a);
    json_decref(b);
    return rc == ZKS_OK ? req_no_content(r) : req_zk_error(r, rc);
}

#define PORT_TYPES "Port-v2 Port-v1 json"
#define PORT_LIST_TYPES "collection.Port-v2 collection.Port-v1 json"

const struct route res_port_routes[] = {
    { "GET", "/ports", PORT_LIST_TYPES, ports_list },
    { "GET", "/ports/{id}", PORT_TYPES, port_get },
    { "PUT", "/ports/{id}", PORT_TYPES, port_update },
    { "DELETE", "/ports/{id}", NULL, port_delete },
    { "POST", "/ports/{id}/link", "PortLink-v1 json", port_link },
    { "DELETE", "/ports/{id}/link", NULL, port_unlink },
    { "GET", "/bridges/{id}/ports", PORT_LIST_TYPES, bridge_ports },
    { "POST", "/bridges/{id}/ports", PORT_TYPES, bridge_port_create },
    { "GET", "/bridges/{id}/peer_ports", PORT_LIST_TYPES, bridge_peer_ports },
    { "GET", "/routers/{id}/ports", PORT_LIST_TYPES, router_ports },
    { "POST", "/routers/{id}/ports", PORT_TYPES, router_port_create },
    { "GET", "/routers/{id}/peer_ports", PORT_LIST_TYPES, router_peer_ports },
    { NULL, NULL, NULL, NULL },
};
