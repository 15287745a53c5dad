/*
 * res_vtep: VTEPs (/vteps), their bindings (/vteps/{ip}/bindings) and the VXLAN ports
 * the bindings create (/bridges/{id}/vxlan_port[s], /ports/{id}/vtep_bindings).
 *
 * The real server talks to the VTEP's OVSDB; here that is a `midonet-sim vtep` process's
 * announcement (vtep.c), and without one the VTEP is unreachable, as a real one with no
 * switch behind it: connectionState ERROR, no name, no tunnel IPs, its ports 504, and a
 * network's first binding refused for want of a tunnel IP. A VTEP is stored data (§4):
 * /vteps/<ip> {"managementPort","tunnelZoneId"}, and a binding is the empty node
 * /vteps/<ip>/bindings/<vlan>_<networkId>_<encoded port name> (ZkPathManager's form).
 * The first binding of a bridge to a VTEP creates the bridge's VXLAN port (a VxLanPort
 * at /ports/<id>, listed in the bridge's vxLanPortId(s)); its last binding deletes it.
 */
#include "tests/sim/res.h"
#include "tests/sim/res5.h"
#include "tests/sim/vtep.h"

#include <stdlib.h>
#include <string.h>

#define VTEP_NOT_FOUND_MSG "No VTEP with IP address %s exists."
#define IP_INVALID_MSG "%s is not a valid IP address"
#define VTEP_INACCESSIBLE_MSG "The VTEP at %s:%lld could not be accessed."
#define VTEP_NO_TUNNEL_IP_MSG "The VTEP at %s:%lld does not have a tunnel ip configured"
#define VTEP_NO_PORT_MSG "The VTEP at %s:%lld does not have a port named %s."
/* VtepZkManager's VNI range; the counter is /vniCounter, as Setup creates it. */
#define MIN_VNI 10000
#define MAX_VNI 0xffffff
#define NO_VXLAN_PORT_MSG "The specified bridge does not have any VXLAN port."

/* Percent-encoding of a port name for a node name or a URI segment. */
static char *encode_name(const char *s)
{
    struct strbuf sb = STRBUF_INIT;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~", *p))
            strbuf_addch(&sb, (char)*p);
        else
            strbuf_addf(&sb, "%%%02X", *p);
    }
    return strbuf_detach(&sb);
}

static char *decode_name(const char *s)
{
    struct strbuf sb = STRBUF_INIT;

    for (const char *p = s; *p; p++) {
        unsigned v;

        if (*p == '%' && p[1] && p[2] && sscanf(p + 1, "%2x", &v) == 1) {
            strbuf_addch(&sb, (char)v);
            p += 2;
        } else {
            strbuf_addch(&sb, *p);
        }
    }
    return strbuf_detach(&sb);
}

/* A binding node name split: vlan, network id (37 bytes) and the decoded port name. */
struct binding {
    long vlan;
    char network[UUID_LEN + 1];
    char *port;             /* the caller's */
};

static bool parse_binding(const char *name, struct binding *b)
{
    char *end;

    b->vlan = strtol(name, &end, 10);
    if (end == name || *end != '_' || strlen(end + 1) < UUID_LEN + 1 || end[1 + UUID_LEN] != '_')
        return false;
    snprintf(b->network, sizeof(b->network), "%.*s", UUID_LEN, end + 1);
    b->port = decode_name(end + 2 + UUID_LEN);
    return true;
}

/* The VTEP in a path segment as a canonical dotted quad into ip; false when not one. */
static bool vtep_ip(const char *seg, char *ip)
{
    uint32_t a;

    if (val_ipv4(seg, &a) < 0)
        return false;
    val_ipv4_str(a, ip);
    return true;
}

/*
 * The config of the VTEP in r->arg[0] (ip gets its address), or NULL after a 404, or a
 * 400 when the segment is no IPv4 address (AbstractResource.parseIPv4Addr).
 */
static json_t *vtep_cfg(struct req *r, char *ip)
{
    enum zks_rc rc = ZKS_NONODE;
    json_t *cfg;

    if (!vtep_ip(r->arg[0], ip)) {
        req_error(r, 400, IP_INVALID_MSG, r->arg[0]);
        return NULL;
    }
    cfg = zks_get_json(r->zk, &rc, NULL, "/vteps/%s", ip);
    if (!cfg) {
        if (rc == ZKS_NONODE || rc == ZKS_FAILED)
            req_error(r, 404, VTEP_NOT_FOUND_MSG, r->arg[0]);
        else
            req_zk_error(r, rc);
    }
    return cfg;
}

static json_t *binding_dto(struct req *r, const char *ip, const struct binding *b)
{
    json_t *o = json_object();
    char *enc = encode_name(b->port);

    json_object_set_new(o, "mgmtIp", json_string(ip));
    json_object_set_new(o, "portName", json_string(b->port));
    json_object_set_new(o, "vlanId", json_integer(b->vlan));
    json_object_set_new(o, "networkId", json_string(b->network));
    json_object_set_new(o, "uri", req_uri(r, "/vteps/%s/bindings/%s/%ld", ip, enc, b->vlan));
    free(enc);
    return o;
}

static long long mgmt_port(const json_t *cfg)
{
    return json_integer_value(json_object_get(cfg, "managementPort"));
}

/*
 * The switch a `midonet-sim vtep` announces for the VTEP at ip (a new object), or NULL
 * when none answers at its management address and port.
 */
static json_t *vtep_switch(struct req *r, const char *ip, const json_t *cfg)
{
    struct strbuf data = STRBUF_INIT;
    json_t *sw = NULL;

    if (zks_get(r->zk, &data, NULL, VTEP_SWITCH_DIR "/%s", ip) == ZKS_OK)
        sw = json_loadb(data.buf, data.len, 0, NULL);
    strbuf_release(&data);
    if (sw && json_integer_value(json_object_get(sw, "managementPort")) != mgmt_port(cfg)) {
        json_decref(sw);
        sw = NULL;
    }
    return sw;
}

/* Reachable: the switch's name, description and tunnel IP; else ERROR and nothing. */
static json_t *vtep_dto(struct req *r, const char *ip, const json_t *cfg)
{
    json_t *o = json_object(), *sw = vtep_switch(r, ip, cfg), *tips = NULL;

    json_object_set_new(o, "managementIp", json_string(ip));
    json_object_set_new(o, "managementPort", res_copy(cfg, "managementPort"));
    json_object_set_new(o, "tunnelZoneId", res_copy(cfg, "tunnelZoneId"));
    json_object_set_new(o, "name", sw ? res_copy(sw, "name") : json_null());
    json_object_set_new(o, "description", sw ? res_copy(sw, "description") : json_null());
    json_object_set_new(o, "connectionState", json_string(sw ? "CONNECTED" : "ERROR"));
    if (sw) {
        tips = json_array();
        if (json_is_string(json_object_get(sw, "tunnelIp")))
            json_array_append_new(tips, res_copy(sw, "tunnelIp"));
    }
    json_object_set_new(o, "tunnelIpAddrs", tips ? tips : json_null());
    json_decref(sw);
    json_object_set_new(o, "uri", req_uri(r, "/vteps/%s", ip));
    json_object_set_new(o, "bindings", req_uri(r, "/vteps/%s/bindings", ip));
    json_object_set_new(o, "ports", req_uri(r, "/vteps/%s/ports", ip));
    json_object_set_new(o, "vtepBindingTemplate",
                        req_uri(r, "/vteps/%s/bindings/{portName}/{vlanId}", ip));
    return o;
}

static int vteps_list(struct req *r)
{
    return res_list(r, "/vteps", vtep_dto, NULL);
}

static int vtep_get(struct req *r)
{
    char ip[16];
    json_t *cfg = vtep_cfg(r, ip);

    if (cfg)
        req_ok(r, vtep_dto(r, ip, cfg));
    json_decref(cfg);
    return 0;
}

/*
 * True when a host has one of the addresses in ips (a 409 then, VtepHostIpConflict naming
 * the host's address in InetAddress form), as VtepResource.create checks hosts in turn.
 */
static bool host_has_ip(struct req *r, const json_t *ips)
{
    struct zks_names ids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *hosts = zks_list_json(r->zk, &rc, &ids, "/hosts"), *a, *ip;
    const char *found = NULL;

    for (size_t i = 0; hosts && !found && i < ids.nr; i++) {
        size_t j, k;

        json_array_foreach(json_object_get(json_array_get(hosts, i), "addresses"), j, a) {
            json_array_foreach(ips, k, ip)
                if (!found && json_is_string(a) && json_equal(a, ip))
                    found = json_string_value(a);
        }
        if (found)
            req_error(r, 409, "VTEP conflicts with an existing host with IP address /%s.", found);
    }
    json_decref(hosts);
    zks_names_release(&ids);
    return found;
}

static int vtep_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    const char *mip;
    json_t *tz = NULL, *cfg, *sw, *ips;
    bool conflict;
    long long port;
    char ip[16];
    uint32_t a;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    mip = val_str_required(&v, r->in, "managementIp");
    if (mip && val_ipv4(mip, &a) < 0)
        val_violation(&v, "managementIp", "is not a valid IP address");
    port = val_int(&v, r->in, "managementPort", 0, NULL);
    val_range(&v, "managementPort", port, 1, 65535);
    tz = val_uuid(&v, r->in, "tunnelZoneId");
    if (req_invalid(r, &v))
        goto out;
    if (!json_is_string(tz) ||
        zks_exists(r->zk, "/tunnel_zones/%s", json_string_value(tz)) != ZKS_OK) {
        req_error(r, 400, "Tunnel zone ID is not valid.");
        goto out;
    }
    val_ipv4_str(a, ip);
    cfg = json_object();
    json_object_set_new(cfg, "managementPort", json_integer(port));
    json_object_set(cfg, "tunnelZoneId", tz);
    /* The IPs of the switch when it answers (its management and tunnel IPs), and ip. */
    sw = vtep_switch(r, ip, cfg);
    ips = json_array();
    if (json_is_string(json_object_get(sw, "tunnelIp")))
        json_array_append_new(ips, res_copy(sw, "tunnelIp"));
    json_array_append_new(ips, json_string(ip));
    json_decref(sw);
    conflict = host_has_ip(r, ips);
    json_decref(ips);
    if (conflict) {
        json_decref(cfg);
        goto out;
    }
    zks_txn_create(&t, cfg, "/vteps/%s", ip);
    zks_txn_create(&t, NULL, "/vteps/%s/bindings", ip);
    json_decref(cfg);
    rc = zks_txn_commit(r->zk, &t);
    if (rc == ZKS_EXISTS)
        req_error(r, 409, "A VTEP with IP address %s already exists.", ip);
    else if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/vteps/%s", ip);
out:
    zks_txn_release(&t);
    json_decref(tz);
    return 0;
}

/* Not idempotent, as in MidoNet: a missing VTEP is a 404, one with bindings a 400. */
static int vtep_delete(struct req *r)
{
    struct zks_names names = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    char ip[16];
    json_t *cfg = vtep_cfg(r, ip);
    enum zks_rc rc;

    if (!cfg)
        return 0;
    json_decref(cfg);
    rc = zks_children(r->zk, &names, "/vteps/%s/bindings", ip);
    if (rc == ZKS_OK && names.nr) {
        zks_names_release(&names);
        return req_error(r, 400, "The VTEP with IP address %s cannot be deleted because it still "
                         "has bindings. To delete the VTEP, please delete its bindings and then "
                         "resubmit this request.", ip);
    }
    zks_names_release(&names);
    if (rc == ZKS_OK || rc == ZKS_NONODE)
        rc = zks_txn_delete_tree(r->zk, &t, "/vteps/%s", ip);
    return res_delete_reply(r, &t, rc);
}

/* Without an OVSDB there are no physical ports to list. */
static int vtep_ports(struct req *r)
{
    char ip[16];
    json_t *cfg = vtep_cfg(r, ip);

    json_t *sw = cfg ? vtep_switch(r, ip, cfg) : NULL, *out, *name;
    size_t i;

    if (cfg && !sw)
        req_error(r, 504, VTEP_INACCESSIBLE_MSG, ip, mgmt_port(cfg));
    if (sw) {
        out = json_array();
        json_array_foreach(json_object_get(sw, "ports"), i, name) {
            json_t *p = json_object();

            json_object_set_new(p, "name", json_deep_copy(name));
            json_object_set_new(p, "description", json_null());
            json_array_append_new(out, p);
        }
        req_ok(r, out);
    }
    json_decref(sw);
    json_decref(cfg);
    return 0;
}

/* The next VNI from /vniCounter (VtepZkManager.getNewVni); a write of its own. */
static enum zks_rc new_vni(struct req *r, long long *vni)
{
    struct strbuf data = STRBUF_INIT;
    enum zks_rc rc = zks_get(r->zk, &data, NULL, "/vniCounter");
    char next[24];

    *vni = MIN_VNI;
    if (rc == ZKS_OK)
        *vni = strtoll(data.buf ? data.buf : "", NULL, 10);
    strbuf_release(&data);
    if (rc != ZKS_OK && rc != ZKS_NONODE)
        return rc;
    if (*vni < MIN_VNI || *vni > MAX_VNI)
        *vni = MIN_VNI;
    snprintf(next, sizeof(next), "%lld", *vni < MAX_VNI ? *vni + 1 : MIN_VNI);
    return rc == ZKS_NONODE ? zks_create(r->zk, next, 0, NULL, "/vniCounter")
                            : zks_set(r->zk, next, "/vniCounter");
}

/*
 * The bindings of a VTEP as dtos, those of one network only when network is given.
 * NULL with *rc set when the bindings cannot be read.
 */
static json_t *bindings_of(struct req *r, const char *ip, const char *network, enum zks_rc *rc)
{
    struct zks_names names = ZKS_NAMES_INIT;
    json_t *out;

    *rc = zks_children_by_age(r->zk, &names, "/vteps/%s/bindings", ip);
    if (*rc != ZKS_OK && *rc != ZKS_NONODE) {
        zks_names_release(&names);
        return NULL;
    }
    *rc = ZKS_OK;
    out = json_array();
    for (size_t i = 0; i < names.nr; i++) {
        struct binding b;

        if (!parse_binding(names.v[i], &b))
            continue;
        if (!network || !strcmp(network, b.network))
            json_array_append_new(out, binding_dto(r, ip, &b));
        free(b.port);
    }
    zks_names_release(&names);
    return out;
}

static int bindings_list(struct req *r)
{
    char ip[16];
    json_t *cfg = vtep_cfg(r, ip), *out;
    enum zks_rc rc;

    if (!cfg)
        return 0;
    json_decref(cfg);
    out = bindings_of(r, ip, NULL, &rc);
    return out ? req_ok(r, out) : req_zk_error(r, rc);
}

/*
 * The bridge's VXLAN port to the VTEP at ip (a new string), or NULL. As
 * VtepClusterClient.createBinding walks the bridge's VXLAN ports: *tz gets the tunnel zone of
 * the last one read (up to the VTEP's own), *vni the first one's VNI (-1 without ports).
 */
static char *vxlan_port_scan(struct req *r, const json_t *bcfg, const char *ip, json_t **tz,
                             long long *vni)
{
    const json_t *ids = json_object_get(bcfg, "vxLanPortIds"), *pid;
    char *found = NULL;
    size_t i;

    if (tz)
        *tz = NULL;
    if (vni)
        *vni = -1;
    json_array_foreach(ids, i, pid) {
        enum zks_rc rc;
        json_t *pcfg = json_is_string(pid)
            ? zks_get_json(r->zk, &rc, NULL, "/ports/%s", json_string_value(pid)) : NULL;
        const char *m = val_get_str(pcfg, "mgmtIpAddr");

        if (vni && !i && pcfg)
            *vni = json_integer_value(json_object_get(pcfg, "vni"));
        if (tz && !found && pcfg) {
            json_decref(*tz);
            *tz = json_incref(json_object_get(pcfg, "tunnelZoneId"));
        }
        if (!found && m && !strcmp(m, ip))
            found = xstrdup(json_string_value(pid));
        json_decref(pcfg);
    }
    return found;
}

static char *vxlan_port_of(struct req *r, const json_t *bcfg, const char *ip)
{
    return vxlan_port_scan(r, bcfg, ip, NULL, NULL);
}

/* Set a bridge config's vxLanPortIds (and the legacy vxLanPortId, its first) to list. */
static void set_vxlan_ids(json_t *bcfg, json_t *list)
{
    json_object_set_new(bcfg, "vxLanPortId", json_array_size(list)
                        ? json_copy(json_array_get(list, 0)) : json_null());
    json_object_set_new(bcfg, "vxLanPortIds", json_array_size(list) ? list : json_null());
    if (!json_array_size(list))
        json_decref(list);
}

/*
 * 409 when (port, vlan) is already bound on this VTEP, to any network (tryStoreBinding).
 * v2015.06 lets a network be bound to several VTEPs (one VXLAN port each); the 5.x dialect
 * keeps the simulator's earlier refusal of that.
 */
static bool binding_conflict(struct req *r, const char *ip, const json_t *vcfg, const char *port,
                             long vlan, const char *network)
{
    struct zks_names vteps = ZKS_NAMES_INIT;
    bool conflict = false;

    if (zks_children(r->zk, &vteps, "/vteps") != ZKS_OK)
        return false;
    for (size_t i = 0; !conflict && i < vteps.nr; i++) {
        enum zks_rc rc;
        json_t *list, *b;
        size_t j;

        if (strcmp(vteps.v[i], ip) && !SIM_DIALECT_5)
            continue;
        list = bindings_of(r, vteps.v[i], NULL, &rc);
        json_array_foreach(list, j, b) {
            const char *net = val_get_str(b, "networkId");

            if (conflict)
                break;
            if (strcmp(vteps.v[i], ip) && !strcmp(net, network)) {
                req_error(r, 409, "Network %s is already bound to the VTEP at %s and may not be "
                          "bound to another VTEP.", network, vteps.v[i]);
                conflict = true;
            } else if (!strcmp(vteps.v[i], ip) &&
                       !strcmp(val_get_str(b, "portName"), port) &&
                       json_integer_value(json_object_get(b, "vlanId")) == vlan) {
                req_error(r, 409, "The VTEP at %s:%lld already has a binding for port %s on vlan "
                          "%ld to network %s", ip, mgmt_port(vcfg), port, vlan, net);
                conflict = true;
            }
        }
        json_decref(list);
    }
    zks_names_release(&vteps);
    return conflict;
}

/* Whether the switch sw has a port named name. */
static bool switch_has_port(const json_t *sw, const char *name)
{
    const json_t *pn;
    size_t i;

    json_array_foreach(json_object_get(sw, "ports"), i, pn)
        if (json_is_string(pn) && !strcmp(json_string_value(pn), name))
            return true;
    return false;
}

/* The bridge's VXLAN port to the VTEP (BridgeZkManager.createVxLanPort), queued in t. */
static void vxlan_port_ops(struct zks_txn *t, const char *ip, const json_t *vcfg,
                           const char *network, json_t *bcfg, long long vni)
{
    json_t *pcfg = json_object(), *ids = json_array();
    const json_t *old = json_object_get(bcfg, "vxLanPortIds");
    char id[UUID_LEN + 1];

    val_uuid_random(id);
    json_object_set_new(pcfg, "type", json_string("VxLanPort"));
    json_object_set_new(pcfg, "properties", json_object());
    json_object_set_new(pcfg, "device_id", json_string(network));
    json_object_set_new(pcfg, "adminStateUp", json_true());
    json_object_set_new(pcfg, "inboundFilter", json_null());
    json_object_set_new(pcfg, "outboundFilter", json_null());
    json_object_set_new(pcfg, "portGroupIDs", json_null());
    json_object_set_new(pcfg, "hostId", json_null());
    json_object_set_new(pcfg, "interfaceName", json_null());
    json_object_set_new(pcfg, "peerId", json_null());
    json_object_set_new(pcfg, "mgmtIpAddr", json_string(ip));
    json_object_set_new(pcfg, "mgmtPort", res_copy(vcfg, "managementPort"));
    json_object_set_new(pcfg, "tunnelZoneId", res_copy(vcfg, "tunnelZoneId"));
    json_object_set_new(pcfg, "vni", json_integer(vni));
    zks_txn_create(t, pcfg, "/ports/%s", id);
    zks_txn_create(t, NULL, "/ports/%s/routes", id);
    zks_txn_create(t, NULL, "/ports/%s/bgps", id);
    json_decref(pcfg);
    if (json_is_array(old))
        json_array_extend(ids, (json_t *)old);
    json_array_append_new(ids, json_string(id));
    set_vxlan_ids(bcfg, ids);
    zks_txn_set(t, bcfg, "/bridges/%s", network);
}

/*
 * POST /vteps/{ip}/bindings, as VtepBindingResource.create and
 * VtepClusterClient.createBinding check it: the body; the IP; the bridge, then the VTEP
 * (400 for either missing). The bridge's first binding to this VTEP must use the tunnel
 * zone of its other VXLAN ports; the switch, when it answers, must have the port, and a
 * tunnel IP is needed; the VXLAN port takes the VNI of the bridge's first VXLAN port, or
 * a new one. A further binding checks the port again, and with no switch answering that
 * check fails on a null client (a 500). Last, the port and VLAN must be free on the VTEP.
 */
static int binding_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    const char *port, *network;
    json_t *vcfg = NULL, *jnet = NULL, *bcfg = NULL, *sw = NULL, *tz = NULL;
    char ip[16], *enc = NULL, *vxlan = NULL;
    long long vlan, vni = -1;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    port = val_str_required(&v, r->in, "portName");
    vlan = val_int(&v, r->in, "vlanId", 0, NULL);
    val_range(&v, "vlanId", vlan, 0, 4095);
    jnet = val_uuid(&v, r->in, "networkId");
    if (json_is_null(jnet) && !v.bad)
        val_violation(&v, "networkId", MSG_NOT_NULL);
    if (req_invalid(r, &v))
        goto out;
    network = json_string_value(jnet);
    if (!vtep_ip(r->arg[0], ip)) {
        req_error(r, 400, IP_INVALID_MSG, r->arg[0]);
        goto out;
    }
    bcfg = zks_get_json(r->zk, &rc, NULL, "/bridges/%s", network);
    if (!bcfg) {
        if (rc == ZKS_NONODE || rc == ZKS_FAILED)
            req_error(r, SIM_DIALECT_5 ? 404 : 400, "No bridge with ID %s exists.", network);
        else
            req_zk_error(r, rc);
        goto out;
    }
    vcfg = zks_get_json(r->zk, &rc, NULL, "/vteps/%s", ip);
    if (!vcfg) {
        if (rc == ZKS_NONODE || rc == ZKS_FAILED)
            req_error(r, 400, VTEP_NOT_FOUND_MSG, ip);
        else
            req_zk_error(r, rc);
        goto out;
    }
    if (SIM_DIALECT_5 && binding_conflict(r, ip, vcfg, port, (long)vlan, network))
        goto out;
    vxlan = vxlan_port_scan(r, bcfg, ip, &tz, &vni);
    sw = vtep_switch(r, ip, vcfg);
    if (!vxlan) {
        const json_t *own = json_object_get(vcfg, "tunnelZoneId");

        if (json_is_string(tz) && !json_equal(tz, own))
            req_error(r, 400, "VTEP was expected to use tunnel zone %s", json_string_value(tz));
        else if (sw && !switch_has_port(sw, port))
            req_error(r, 404, VTEP_NO_PORT_MSG, ip, mgmt_port(vcfg), port);
        else if (!sw || !json_is_string(json_object_get(sw, "tunnelIp")))
            req_error(r, 404, VTEP_NO_TUNNEL_IP_MSG, ip, mgmt_port(vcfg));
        else if (vni < 0 && (rc = new_vni(r, &vni)) != ZKS_OK)
            req_zk_error(r, rc);
    } else if (!SIM_DIALECT_5) {
        if (!sw)
            req_error(r, 500, MSG_INTERNAL);
        else if (!switch_has_port(sw, port))
            req_error(r, 404, VTEP_NO_PORT_MSG, ip, mgmt_port(vcfg), port);
    }
    if (r->status || (!SIM_DIALECT_5 && binding_conflict(r, ip, vcfg, port, (long)vlan, network)))
        goto out;
    enc = encode_name(port);
    zks_txn_create(&t, NULL, "/vteps/%s/bindings/%lld_%s_%s", ip, vlan, network, enc);
    if (!vxlan)
        vxlan_port_ops(&t, ip, vcfg, network, bcfg, vni);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/vteps/%s/bindings/%s/%lld", ip, enc, vlan);
out:
    zks_txn_release(&t);
    json_decref(vcfg);
    json_decref(jnet);
    json_decref(bcfg);
    json_decref(sw);
    json_decref(tz);
    free(enc);
    free(vxlan);
    return 0;
}

/* The node name of binding (port, vlan) on the VTEP at ip (a new string), or NULL. */
static char *find_binding(struct req *r, const char *ip, const char *port, long vlan,
                          struct binding *out)
{
    struct zks_names names = ZKS_NAMES_INIT;
    char *found = NULL;

    zks_children(r->zk, &names, "/vteps/%s/bindings", ip);
    for (size_t i = 0; !found && i < names.nr; i++) {
        struct binding b;

        if (!parse_binding(names.v[i], &b))
            continue;
        if (b.vlan == vlan && !strcmp(b.port, port)) {
            found = xstrdup(names.v[i]);
            *out = b;
        } else {
            free(b.port);
        }
    }
    zks_names_release(&names);
    return found;
}

/*
 * Queue deleting one binding of network on the VTEP at ip; when it was the network's
 * last there, its VXLAN port goes too.
 */
static enum zks_rc unbind_ops(struct req *r, struct zks_txn *t, const char *ip, const char *name,
                              const char *network, json_t *bcfg)
{
    enum zks_rc rc;
    json_t *left = bindings_of(r, ip, network, &rc), *ids, *pid;
    char *vxlan;
    size_t i;

    zks_txn_delete(t, "/vteps/%s/bindings/%s", ip, name);
    if (!left || json_array_size(left) > 1 || !bcfg) {
        json_decref(left);
        return left ? ZKS_OK : rc;
    }
    json_decref(left);
    vxlan = vxlan_port_of(r, bcfg, ip);
    if (!vxlan)
        return ZKS_OK;
    rc = port_delete_ops(r, t, vxlan);
    ids = json_array();
    json_array_foreach(json_object_get(bcfg, "vxLanPortIds"), i, pid)
        if (json_is_string(pid) && strcmp(json_string_value(pid), vxlan))
            json_array_append(ids, pid);
    set_vxlan_ids(bcfg, ids);
    free(vxlan);
    return rc;
}

/* GET or DELETE /vteps/{ip}/bindings/{portName}/{vlanId}: a missing one is a 404. */
static int binding_one(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    struct binding b = { 0, "", NULL };
    char ip[16], *name = NULL, *end;
    long vlan = strtol(r->arg[2], &end, 10);
    json_t *vcfg, *bcfg = NULL;
    enum zks_rc rc;

    if (!*r->arg[2] || *end)
        return req_error(r, 404, NULL);
    vcfg = vtep_cfg(r, ip);
    if (!vcfg)
        return 0;
    name = find_binding(r, ip, r->arg[1], vlan, &b);
    if (!name) {
        req_error(r, 404, "The VTEP at %s does not have a binding to a Midonet network for VLAN "
                  "%ld at port %s.", ip, vlan, r->arg[1]);
    } else if (r->method == REQ_GET) {
        req_ok(r, binding_dto(r, ip, &b));
    } else {
        bcfg = zks_get_json(r->zk, &rc, NULL, "/bridges/%s", b.network);
        rc = unbind_ops(r, &t, ip, name, b.network, bcfg);
        if (bcfg && rc == ZKS_OK)
            zks_txn_set(&t, bcfg, "/bridges/%s", b.network);
        res_delete_reply(r, &t, rc);
    }
    zks_txn_release(&t);
    json_decref(vcfg);
    json_decref(bcfg);
    free(b.port);
    free(name);
    return 0;
}

enum zks_rc vtep_bridge_delete_ops(struct req *r, struct zks_txn *t, const char *id,
                                   const json_t *cfg)
{
    struct zks_names vteps = ZKS_NAMES_INIT, names = ZKS_NAMES_INIT;
    const json_t *ids = json_object_get(cfg, "vxLanPortIds"), *pid;
    enum zks_rc rc = zks_children(r->zk, &vteps, "/vteps");
    size_t i;

    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (i = 0; rc == ZKS_OK && i < vteps.nr; i++) {
        if (zks_children(r->zk, &names, "/vteps/%s/bindings", vteps.v[i]) != ZKS_OK)
            continue;
        for (size_t j = 0; j < names.nr; j++) {
            struct binding b;

            if (!parse_binding(names.v[j], &b))
                continue;
            if (!strcmp(b.network, id))
                zks_txn_delete(t, "/vteps/%s/bindings/%s", vteps.v[i], names.v[j]);
            free(b.port);
        }
    }
    json_array_foreach(ids, i, pid)
        if (rc == ZKS_OK && json_is_string(pid))
            rc = port_delete_ops(r, t, json_string_value(pid));
    zks_names_release(&vteps);
    zks_names_release(&names);
    return rc;
}

/* The bridge's VXLAN port (one: the first) or ports, as Port objects; 404 without any. */
static int vxlan_ports(struct req *r, bool one)
{
    enum zks_rc rc;
    json_t *bcfg = zks_get_json(r->zk, &rc, NULL, "/bridges/%s", r->arg[0]), *ids, *pid, *out;
    size_t i;

    if (!bcfg)
        return rc == ZKS_NONODE ? req_not_found(r, "bridge", r->arg[0]) : req_zk_error(r, rc);
    ids = json_object_get(bcfg, "vxLanPortIds");
    /* 5.x lists a bridge's VXLAN ports, none as an empty list (BridgeVxlanPortResource). */
    if (!json_array_size(ids) && !one && SIM_DIALECT_5) {
        json_decref(bcfg);
        return req_ok(r, json_array());
    }
    if (!json_array_size(ids)) {
        json_decref(bcfg);
        return req_error(r, 404, NO_VXLAN_PORT_MSG);
    }
    out = json_array();
    json_array_foreach(ids, i, pid) {
        json_t *pcfg = json_is_string(pid)
            ? zks_get_json(r->zk, &rc, NULL, "/ports/%s", json_string_value(pid)) : NULL;

        if (pcfg)
            json_array_append_new(out, port_dto(r, json_string_value(pid), pcfg));
        json_decref(pcfg);
    }
    json_decref(bcfg);
    if (one) {
        json_t *first = json_incref(json_array_get(out, 0));

        json_decref(out);
        return first ? req_ok(r, first) : req_error(r, 404, NO_VXLAN_PORT_MSG);
    }
    return req_ok(r, out);
}

static int bridge_vxlan_port(struct req *r)
{
    return vxlan_ports(r, true);
}

static int bridge_vxlan_ports(struct req *r)
{
    return vxlan_ports(r, false);
}

/* The bindings behind a VXLAN port: its VTEP's bindings of its bridge. */
static int port_vtep_bindings(struct req *r)
{
    enum zks_rc rc;
    json_t *pcfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", r->arg[0]), *out;
    const char *ip = val_get_str(pcfg, "mgmtIpAddr"), *bridge = val_get_str(pcfg, "device_id");

    if (!pcfg)
        return rc == ZKS_NONODE ? req_not_found(r, "port", r->arg[0]) : req_zk_error(r, rc);
    if (!ip || !bridge) {
        json_decref(pcfg);
        return req_error(r, 400, "Port %s is not a VXLAN port.", r->arg[0]);
    }
    out = bindings_of(r, ip, bridge, &rc);
    json_decref(pcfg);
    return out ? req_ok(r, out) : req_zk_error(r, rc);
}

const struct route res_vtep_routes[] = {
    { "GET", "/vteps", "collection.VTEP-v1 json", vteps_list },
    { "POST", "/vteps", "VTEP-v1 json", vtep_create },
    { "GET", "/vteps/{s}", "VTEP-v1 json", vtep_get },
    { "DELETE", "/vteps/{s}", NULL, vtep_delete },
    { "GET", "/vteps/{s}/ports", "collection.VTEPPort-v1 json", vtep_ports },
    { "GET", "/vteps/{s}/bindings", "collection.VTEPBinding-v1 json", bindings_list },
    { "POST", "/vteps/{s}/bindings", "VTEPBinding-v1 json", binding_create },
    { "GET", "/vteps/{s}/bindings/{s}/{s}", "VTEPBinding-v1 json", binding_one },
    { "DELETE", "/vteps/{s}/bindings/{s}/{s}", NULL, binding_one },
    { "GET", "/ports/{id}/vtep_bindings", "collection.VTEPBinding-v1 json", port_vtep_bindings },
    /* MidoNet sends both as Port-v1, the list too. */
    { "GET", "/bridges/{id}/vxlan_port", "Port-v1 json", bridge_vxlan_port },
    { "GET", "/bridges/{id}/vxlan_ports", "Port-v1 json", bridge_vxlan_ports },
    { NULL, NULL, NULL, NULL },
};
