/*
 * res_bridge: /bridges. Stored as BridgeConfig at /bridges/<id> (§6); the ports' side
 * (/bridges/{id}/ports, peer_ports) is res_port.c's.
 */
#include "tests/sim/res.h"
#include "tests/sim/res5.h"

#include <string.h>

#define VXLAN_PORT_MSG \
    "VXLAN port ID cannot be set directly. The VXLAN port is created or deleted in " \
    "response to the creation or deletion of VTEP bindings."

/* Children MidoNet's BridgeZkManager creates with every bridge. */
static const char *const bridge_dirs[] = {
    "ports", "logical-ports", "dhcp", "dhcpV6", "mac_ports", "ip4_mac_map", "vlans",
};

static json_t *bridge_dto(struct req *r, const char *id, const json_t *cfg)
{
    json_t *o = json_object(), *uri = req_uri(r, "/bridges/%s", id);
    const char *u = json_string_value(uri);
    const json_t *in = json_object_get(cfg, "inboundFilter");
    const json_t *out = json_object_get(cfg, "outboundFilter");
    const json_t *vx = json_object_get(cfg, "vxLanPortId");
    const json_t *vxs = json_object_get(cfg, "vxLanPortIds");

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "tenantId", val_jstr(res_tenant(cfg)));
    json_object_set_new(o, "name", val_jstr(val_get_str(cfg, "name")));
    json_object_set_new(o, "adminStateUp",
                        json_boolean(!json_is_false(json_object_get(cfg, "adminStateUp"))));
    json_object_set_new(o, "inboundFilterId",
                        json_is_string(in) ? json_copy((json_t *)in) : json_null());
    json_object_set_new(o, "outboundFilterId",
                        json_is_string(out) ? json_copy((json_t *)out) : json_null());
    if (r->ver >= 2)
        json_object_set_new(o, "vxLanPortId",
                            json_is_string(vx) ? json_copy((json_t *)vx) : json_null());
    if (r->ver >= 3)
        json_object_set_new(o, "vxLanPortIds",
                            json_is_array(vxs) ? json_deep_copy(vxs) : json_null());
    json_object_set_new(o, "uri", uri);
    json_object_set_new(o, "inboundFilter", req_uri_id(r, "chains", in));
    json_object_set_new(o, "outboundFilter", req_uri_id(r, "chains", out));
    json_object_set_new(o, "ports", req_uri(r, "/bridges/%s/ports", id));
    json_object_set_new(o, "peerPorts", req_uri(r, "/bridges/%s/peer_ports", id));
    if (r->ver >= 3) {
        /* Null without VXLAN ports, as in v2015.06; python reads the key unconditionally. */
        json_t *list = json_null();

        if (json_array_size(vxs)) {
            size_t i;
            json_t *pid;

            list = json_array();
            json_array_foreach(vxs, i, pid)
                json_array_append_new(list, req_uri_id(r, "vxlan_ports", pid));
        }
        json_object_set_new(o, "vxLanPorts", list);
    }
    if (r->ver >= 2)
        json_object_set_new(o, "vxLanPort", req_uri_id(r, "ports", vx));
    json_object_set_new(o, "macTable", req_uri(r, "/bridges/%s/mac_table", id));
    json_object_set_new(o, "arpTable", req_uri(r, "/bridges/%s/arp_table", id));
    json_object_set_new(o, "dhcpSubnets", req_uri(r, "/bridges/%s/dhcp", id));
    json_object_set_new(o, "dhcpSubnet6s", req_uri(r, "/bridges/%s/dhcpV6", id));
    json_object_set_new(o, "vlanMacTableTemplate",
                        json_sprintf("%s/vlans/{vlanId}/mac_table", u ? u : ""));
    json_object_set_new(o, "macPortTemplate",
                        json_sprintf("%s/mac_table/{macAddress}_{portId}", u ? u : ""));
    json_object_set_new(o, "vlanMacPortTemplate",
                        json_sprintf("%s/vlans/{vlanId}/mac_table/{macAddress}_{portId}",
                                     u ? u : ""));
    return o;
}

/*
 * The settable fields of a POST or PUT body into cfg (a BridgeConfig). old is the
 * stored config for a PUT, NULL for a POST. False when it replied 400.
 */
static bool bridge_from_body(struct req *r, json_t *cfg, const json_t *old)
{
    struct val v;
    const char *tenant, *name;
    json_t *props, *vx, *vxs;
    bool up;

    val_init(&v);
    tenant = val_str_required(&v, r->in, "tenantId");
    name = val_str(&v, r->in, "name");
    up = val_bool(&v, r->in, "adminStateUp", true);
    json_object_set_new(cfg, "inboundFilter", val_uuid(&v, r->in, "inboundFilterId"));
    json_object_set_new(cfg, "outboundFilter", val_uuid(&v, r->in, "outboundFilterId"));
    vx = val_uuid(&v, r->in, "vxLanPortId");
    vxs = json_object_get(r->in, "vxLanPortIds");
    if (SIM_DIALECT_5) {
        /* Read-only: a value other than the stored one (none for a new bridge) is refused. */
        if (!json_is_null(vx) &&
            !json_equal(vx, old ? json_object_get(old, "vxLanPortId") : NULL))
            val_violation(&v, "vxLanPortId", VXLAN_PORT_MSG);
        if (r->in_ver >= 3 && vxs && !json_is_null(vxs)) {
            const json_t *had = old ? json_object_get(old, "vxLanPortIds") : NULL;

            if (!json_is_array(vxs))
                v.bad = true;
            else if (json_array_size(vxs) && (!had || !json_equal(vxs, had)))
                val_violation(&v, "vxLanPortIds", VXLAN_PORT_MSG);
        }
    } else if (!v.bad && !json_array_size(v.violations)) {
        /*
         * BridgeResource: after validate(), a POST with either set (an empty list too), or
         * a PUT whose values (null when absent or of a later version) differ from the
         * stored ones, is a plain 400.
         */
        const json_t *ovx = old ? json_object_get(old, "vxLanPortId") : NULL;
        const json_t *ovxs = old ? json_object_get(old, "vxLanPortIds") : NULL;
        json_t *nvxs = vxs ? (json_t *)vxs : json_null();

        if (!old ? !json_is_null(vx) || !json_is_null(nvxs)
                 : !json_equal(vx, ovx ? ovx : json_null()) ||
                       !json_equal(nvxs, ovxs ? ovxs : json_null())) {
            json_decref(vx);
            val_release(&v);
            req_error(r, 400, VXLAN_PORT_MSG);
            return false;
        }
    }
    json_decref(vx);
    if (req_invalid(r, &v))
        return false;
    props = json_object();
    json_object_set_new(props, "tenant_id", json_string(tenant));
    json_object_set_new(cfg, "properties", props);
    json_object_set_new(cfg, "name", val_jstr(name));
    json_object_set_new(cfg, "adminStateUp", json_boolean(up));
    return true;
}

static int bridges_list(struct req *r)
{
    return res_list_cfg(r, "/bridges", bridge_dto, res_keep_tenant);
}

static int bridge_get(struct req *r)
{
    return res_get(r, "/bridges", r->arg[0], "bridge", bridge_dto);
}

static int bridge_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    json_t *cfg = json_object(), *jid;
    long long key = -1;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    jid = val_uuid(&v, r->in, "id");
    if (json_is_string(jid))
        memcpy(id, json_string_value(jid), sizeof(id));
    else
        val_uuid_random(id);
    json_decref(jid);
    if (req_invalid(r, &v) || !bridge_from_body(r, cfg, NULL))
        goto out;
    rc = res_tunnel_key(r, id, &key);
    if (rc != ZKS_OK) {
        req_zk_error(r, rc);
        goto out;
    }
    /* §6's key order: properties, tunnelKey, filters, vxlan ids, name, adminStateUp. */
    {
        json_t *ordered = json_object();

        json_object_set(ordered, "properties", json_object_get(cfg, "properties"));
        json_object_set_new(ordered, "tunnelKey", json_integer(key));
        json_object_set(ordered, "inboundFilter", json_object_get(cfg, "inboundFilter"));
        json_object_set(ordered, "outboundFilter", json_object_get(cfg, "outboundFilter"));
        json_object_set_new(ordered, "vxLanPortId", json_null());
        json_object_set_new(ordered, "vxLanPortIds", json_null());
        json_object_set(ordered, "name", json_object_get(cfg, "name"));
        json_object_set(ordered, "adminStateUp", json_object_get(cfg, "adminStateUp"));
        json_decref(cfg);
        cfg = ordered;
    }
    rc = res_tenant_ops(r, &t, res_tenant(cfg));
    if (rc == ZKS_OK) {
        zks_txn_create(&t, cfg, "/bridges/%s", id);
        for (size_t i = 0; i < ARRAY_SIZE(bridge_dirs); i++)
            zks_txn_create(&t, NULL, "/bridges/%s/%s", id, bridge_dirs[i]);
        zks_txn_create(&t, NULL, "/filters/%s", id);
        res_filter_refs_ops(r, &t, "bridge", id, NULL, cfg);
        rc = zks_txn_commit(r->zk, &t);
    }
    if (rc != ZKS_OK) {
        res_tunnel_key_free(r, key);
        req_zk_error(r, rc);
        goto out;
    }
    req_created(r, "/bridges/%s", id);
out:
    zks_txn_release(&t);
    json_decref(cfg);
    return 0;
}

/* A full replacement of the settable fields (§5); a missing bridge is a 500 (§3). */
static int bridge_update(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *old, *cfg = NULL;
    enum zks_rc rc;

    old = zks_get_json(r->zk, &rc, NULL, "/bridges/%s", r->arg[0]);
    if (!old)
        return req_zk_error(r, rc == ZKS_NONODE ? ZKS_FAILED : rc);
    cfg = json_deep_copy(old);
    if (!bridge_from_body(r, cfg, old))
        goto out;
    res_filter_refs_ops(r, &t, "bridge", r->arg[0], old, cfg);
    zks_txn_set(&t, cfg, "/bridges/%s", r->arg[0]);
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

static int bridge_delete(struct req *r)
{
    struct zks_names ports = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    const char *id = r->arg[0];
    static const char *const port_dirs[] = { "ports", "logical-ports" };
    json_t *cfg;
    enum zks_rc rc;

    cfg = zks_get_json(r->zk, &rc, NULL, "/bridges/%s", id);
    if (!cfg) {
        zks_names_release(&ports);
        return rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
    }
    for (size_t d = 0; rc == ZKS_OK && d < ARRAY_SIZE(port_dirs); d++) {
        rc = zks_children(r->zk, &ports, "/bridges/%s/%s", id, port_dirs[d]);
        if (rc == ZKS_NONODE)
            rc = ZKS_OK;
        for (size_t i = 0; rc == ZKS_OK && i < ports.nr; i++)
            rc = port_delete_ops(r, &t, ports.v[i]);
    }
    if (rc == ZKS_OK)
        rc = vtep_bridge_delete_ops(r, &t, id, cfg);
    if (rc == ZKS_OK)
        rc = trace_device_delete_ops(r, &t, id);
    if (rc == ZKS_OK) {
        res_filter_refs_ops(r, &t, "bridge", id, cfg, NULL);
        res_tunnel_key_ops(r, &t, cfg);
        if (zks_exists(r->zk, "/filters/%s", id) == ZKS_OK)
            zks_txn_delete(&t, "/filters/%s", id);
        rc = zks_txn_delete_tree(r->zk, &t, "/bridges/%s", id);
    }
    if (rc == ZKS_OK)
        rc = zks_txn_commit(r->zk, &t);
    if (rc == ZKS_OK || rc == ZKS_NONODE)
        req_no_content(r);
    else
        req_zk_error(r, rc);
    zks_txn_release(&t);
    zks_names_release(&ports);
    json_decref(cfg);
    return 0;
}

#define BRIDGE_TYPES "Bridge-v3 Bridge-v2 Bridge-v1 json"

const struct route res_bridge_routes[] = {
    { "GET", "/bridges", "collection.Bridge-v3 collection.Bridge-v2 collection.Bridge-v1 json",
      bridges_list },
    { "POST", "/bridges", BRIDGE_TYPES, bridge_create },
    { "GET", "/bridges/{id}", BRIDGE_TYPES, bridge_get },
    { "PUT", "/bridges/{id}", BRIDGE_TYPES, bridge_update },
    { "DELETE", "/bridges/{id}", NULL, bridge_delete },
    { NULL, NULL, NULL, NULL },
};
