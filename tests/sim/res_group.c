/*
 * res_group: port groups (/port_groups, their members, /ports/{id}/port_groups) and IP
 * address groups (/ip_addr_groups and their addresses).
 *
 * A port group is {"name","stateful","properties":{"tenant_id"}} at /port_groups/<id>,
 * with children ports/<portId> (the members; each member port's config also lists the
 * group in portGroupIDs) and rules/<ruleId> (the rules naming it, see res_chain.c).
 * An IP address group is {"id","name"} at /ip_addr_groups/<id>, with children
 * addrs/<canonical address> and rules/<ruleId> (§6).
 */
#include "tests/sim/res.h"
#include "tests/sim/res5.h"

#include <stdlib.h>
#include <string.h>

#define GROUP_ID_MSG "Port group ID is not valid."
#define NOT_FOUND_MSG "The requested resource was not found."

static json_t *port_group_dto(struct req *r, const char *id, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "tenantId", val_jstr(res_tenant(cfg)));
    json_object_set_new(o, "name", res_copy(cfg, "name"));
    json_object_set_new(o, "stateful",
                        json_boolean(json_is_true(json_object_get(cfg, "stateful"))));
    json_object_set_new(o, "uri", req_uri(r, "/port_groups/%s", id));
    json_object_set_new(o, "ports", req_uri(r, "/port_groups/%s/ports", id));
    return o;
}

static json_t *member_dto(struct req *r, const char *group, const char *port)
{
    json_t *o = json_object();

    json_object_set_new(o, "portGroupId", json_string(group));
    json_object_set_new(o, "portId", json_string(port));
    json_object_set_new(o, "uri", req_uri(r, "/port_groups/%s/ports/%s", group, port));
    json_object_set_new(o, "port", req_uri(r, "/ports/%s", port));
    json_object_set_new(o, "portGroup", req_uri(r, "/port_groups/%s", group));
    return o;
}

/* ?port_id= wins over ?tenant_id= (§5). */
static bool keep_port_group(struct req *r, const char *id, const json_t *cfg)
{
    const char *port = req_query(r, "port_id");
    char norm[UUID_LEN + 1];

    if (!port)
        return res_keep_tenant(r, id, cfg);
    return val_uuid_norm(port, norm) == 0 &&
           zks_exists(r->zk, "/port_groups/%s/ports/%s", id, norm) == ZKS_OK;
}

static int port_groups_list(struct req *r)
{
    const char *port = req_query(r, "port_id");

    /* A malformed UUID query parameter is a 404, as JAX-RS has it. */
    if (port && !val_is_uuid(port))
        return req_error(r, 404, NULL);
    return res_list(r, "/port_groups", port_group_dto, keep_port_group);
}

static int port_group_get(struct req *r)
{
    return res_get(r, "/port_groups", r->arg[0], "port group", port_group_dto);
}

static int port_group_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    const char *tenant, *name;
    json_t *cfg;
    bool stateful;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    res_body_id(&v, r->in, id);
    /* 5.x takes a group without a tenant or a name (PortGroup.java drops @NotNull). */
    tenant = SIM_DIALECT_5 ? val_str(&v, r->in, "tenantId")
                           : val_str_required(&v, r->in, "tenantId");
    name = SIM_DIALECT_5 ? d5_name(&v, r->in, "name") : val_str_required(&v, r->in, "name");
    stateful = val_bool(&v, r->in, "stateful", false);
    if (!SIM_DIALECT_5 && name && (!*name || strlen(name) > 255))
        val_violation(&v, "name", "size must be between 1 and 255");
    if (req_invalid(r, &v))
        return 0;
    cfg = json_object();
    json_object_set_new(cfg, "name", val_jstr(name));
    json_object_set_new(cfg, "stateful", json_boolean(stateful));
    json_object_set_new(cfg, "properties", res_props(tenant));
    rc = res_tenant_ops(r, &t, tenant);
    if (rc == ZKS_OK) {
        zks_txn_create(&t, cfg, "/port_groups/%s", id);
        zks_txn_create(&t, NULL, "/port_groups/%s/ports", id);
        zks_txn_create(&t, NULL, "/port_groups/%s/rules", id);
        rc = zks_txn_commit(r->zk, &t);
    }
    zks_txn_release(&t);
    json_decref(cfg);
    return rc == ZKS_OK ? req_created(r, "/port_groups/%s", id) : req_zk_error(r, rc);
}

/*
 * 5.x's update (PortGroupResource.updateFilter, PortGroup.update): the body replaces the
 * name, the tenant and stateful; the members stay.
 */
int res_port_group_update(struct req *r)
{
    const char *tenant, *name;
    bool stateful;
    json_t *cfg;
    enum zks_rc rc;
    struct val v;
    struct zks_txn t = ZKS_TXN_INIT;

    cfg = zks_get_json(r->zk, &rc, NULL, "/port_groups/%s", r->arg[0]);
    if (!cfg)
        return rc == ZKS_NONODE ? d5_not_found(r, "PortGroup", r->arg[0]) : req_zk_error(r, rc);
    val_init(&v);
    tenant = val_str(&v, r->in, "tenantId");
    name = d5_name(&v, r->in, "name");
    stateful = val_bool(&v, r->in, "stateful", false);
    if (req_invalid(r, &v)) {
        json_decref(cfg);
        return 0;
    }
    json_object_set_new(cfg, "name", val_jstr(name));
    json_object_set_new(cfg, "stateful", json_boolean(stateful));
    json_object_set_new(cfg, "properties", res_props(tenant));
    rc = res_tenant_ops(r, &t, tenant);
    if (rc == ZKS_OK) {
        zks_txn_set(&t, cfg, "/port_groups/%s", r->arg[0]);
        rc = zks_txn_commit(r->zk, &t);
    }
    zks_txn_release(&t);
    json_decref(cfg);
    return rc == ZKS_OK ? req_no_content(r) : req_zk_error(r, rc);
}

/* Queue setting a port's portGroupIDs with group added (add) or removed. */
static void port_groups_set_ops(struct zks_txn *t, const char *port, json_t *cfg,
                                const char *group, bool add)
{
    json_t *ids = json_object_get(cfg, "portGroupIDs"), *x, *out = json_array();
    size_t i;

    json_array_foreach(ids, i, x)
        if (json_is_string(x) && strcmp(json_string_value(x), group))
            json_array_append(out, x);
    if (add)
        json_array_append_new(out, json_string(group));
    json_object_set_new(cfg, "portGroupIDs", out);
    zks_txn_set(t, cfg, "/ports/%s", port);
}

void port_group_leave_ops(struct req *r, struct zks_txn *t, const char *id, const json_t *cfg)
{
    json_t *g;
    size_t i;

    json_array_foreach(json_object_get(cfg, "portGroupIDs"), i, g) {
        const char *group = json_string_value(g);

        if (group && zks_exists(r->zk, "/port_groups/%s/ports/%s", group, id) == ZKS_OK)
            zks_txn_delete(t, "/port_groups/%s/ports/%s", group, id);
    }
}

/*
 * The rules a group's delete takes with it: those naming it in 1.9 (§5); none in 5.x, whose
 * storage binds no rule to a group (MidoNet 5.6's MidonetBackend), so they keep naming it.
 */
static enum zks_rc group_rules(struct req *r, struct zks_names *names, const char *groups,
                               const char *id)
{
    enum zks_rc rc;

    if (SIM_DIALECT_5)
        return ZKS_OK;
    rc = zks_children(r->zk, names, "%s/%s/rules", groups, id);
    return rc == ZKS_NONODE ? ZKS_OK : rc;
}

/* Deleting a group deletes the rules naming it (1.9) and drops it from its members (§5). */
static int port_group_delete(struct req *r)
{
    struct zks_names names = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    const char *id = r->arg[0];
    struct rule_batch b;
    enum zks_rc rc = zks_exists(r->zk, "/port_groups/%s", id);

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
    rule_batch_init(&b);
    rc = group_rules(r, &names, "/port_groups", id);
    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++)
        rc = rule_delete_ops(r, &t, &b, names.v[i]);
    if (rc == ZKS_OK)
        rc = zks_children(r->zk, &names, "/port_groups/%s/ports", id);
    if (rc == ZKS_NONODE)
        rc = ZKS_OK;
    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++) {
        json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", names.v[i]);

        if (cfg)
            port_groups_set_ops(&t, names.v[i], cfg, id, false);
        else if (rc == ZKS_NONODE || rc == ZKS_FAILED)
            rc = ZKS_OK;
        json_decref(cfg);
    }
    rule_batch_finish(&t, &b);
    if (rc == ZKS_OK)
        rc = zks_txn_delete_tree(r->zk, &t, "/port_groups/%s", id);
    zks_names_release(&names);
    return res_delete_reply(r, &t, rc);
}

static int members_list(struct req *r)
{
    struct zks_names ports = ZKS_NAMES_INIT;
    enum zks_rc rc = zks_exists(r->zk, "/port_groups/%s", r->arg[0]);
    json_t *out;

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_not_found(r, "port group", r->arg[0]) : req_zk_error(r, rc);
    rc = zks_children_by_age(r->zk, &ports, "/port_groups/%s/ports", r->arg[0]);
    if (rc != ZKS_OK && rc != ZKS_NONODE) {
        zks_names_release(&ports);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < ports.nr; i++)
        json_array_append_new(out, member_dto(r, r->arg[0], ports.v[i]));
    zks_names_release(&ports);
    return req_ok(r, out);
}

static int member_add(struct req *r)
{
    const char *group = r->arg[0], *port;
    struct zks_txn t = ZKS_TXN_INIT;
    json_t *jport, *cfg = NULL;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    jport = val_uuid(&v, r->in, "portId");
    if (json_is_null(jport) && !v.bad)
        val_violation(&v, "portId", MSG_NOT_NULL);
    if (req_invalid(r, &v))
        goto out;
    port = json_string_value(jport);
    rc = zks_exists(r->zk, "/port_groups/%s", group);
    if (rc != ZKS_OK) {
        if (rc == ZKS_NONODE)
            req_error(r, 404, GROUP_ID_MSG);
        else
            req_zk_error(r, rc);
        goto out;
    }
    /*
     * A missing port, or a port already a member, fails in ZooKeeper (NoNode,
     * NodeExists): a 500, as in MidoNet 1.9. 5.x checks both first (PortGroupPortResource
     * .create): 404 for the port, 409 with no body for a member.
     */
    cfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", port);
    if (!cfg && rc == ZKS_NONODE && SIM_DIALECT_5) {
        d5_not_found(r, "Port", port);
        goto out;
    }
    if (cfg && SIM_DIALECT_5 &&
        zks_exists(r->zk, "/port_groups/%s/ports/%s", group, port) == ZKS_OK) {
        r->status = 409;
        goto out;
    }
    if (!cfg) {
        req_zk_error(r, rc == ZKS_NONODE ? ZKS_FAILED : rc);
        goto out;
    }
    zks_txn_create(&t, NULL, "/port_groups/%s/ports/%s", group, port);
    port_groups_set_ops(&t, port, cfg, group, true);
    rc = zks_txn_commit(r->zk, &t);
    if (rc != ZKS_OK)
        req_zk_error(r, rc);
    else
        req_created(r, "/port_groups/%s/ports/%s", group, port);
out:
    zks_txn_release(&t);
    json_decref(jport);
    json_decref(cfg);
    return 0;
}

static int member_get(struct req *r)
{
    enum zks_rc rc = zks_exists(r->zk, "/port_groups/%s/ports/%s", r->arg[0], r->arg[1]);

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_error(r, 404, NOT_FOUND_MSG) : req_zk_error(r, rc);
    return req_ok(r, member_dto(r, r->arg[0], r->arg[1]));
}

/* Idempotent: a missing group, port or membership is a 204. */
static int member_delete(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    enum zks_rc rc;
    json_t *cfg = NULL;

    rc = zks_exists(r->zk, "/port_groups/%s/ports/%s", r->arg[0], r->arg[1]);
    if (rc == ZKS_OK)
        cfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", r->arg[1]);
    if (cfg) {
        zks_txn_delete(&t, "/port_groups/%s/ports/%s", r->arg[0], r->arg[1]);
        port_groups_set_ops(&t, r->arg[1], cfg, r->arg[0], false);
        rc = zks_txn_commit(r->zk, &t);
    }
    zks_txn_release(&t);
    json_decref(cfg);
    if (rc == ZKS_OK || rc == ZKS_NONODE)
        return req_no_content(r);
    return req_zk_error(r, rc);
}

/*
 * The groups of a port: as PortGroupPort objects, or as PortGroup objects when the
 * client asks for collection.PortGroup-v1 (PortPortGroupResource.listV1).
 */
static int port_port_groups(struct req *r)
{
    bool as_groups = strstr(r->out_type, "collection.PortGroup-v1") != NULL;
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/ports/%s", r->arg[0]), *out, *g;
    size_t i;

    if (!cfg)
        return rc == ZKS_NONODE ? req_not_found(r, "port", r->arg[0]) : req_zk_error(r, rc);
    out = json_array();
    json_array_foreach(json_object_get(cfg, "portGroupIDs"), i, g) {
        const char *group = json_string_value(g);
        json_t *gcfg;

        if (!group)
            continue;
        if (!as_groups) {
            json_array_append_new(out, member_dto(r, group, r->arg[0]));
            continue;
        }
        gcfg = zks_get_json(r->zk, &rc, NULL, "/port_groups/%s", group);
        if (gcfg)
            json_array_append_new(out, port_group_dto(r, group, gcfg));
        json_decref(gcfg);
    }
    json_decref(cfg);
    return req_ok(r, out);
}

/* IP address groups. */

static json_t *ip_group_dto(struct req *r, const char *id, const json_t *cfg)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "name", res_copy(cfg, "name"));
    json_object_set_new(o, "uri", req_uri(r, "/ip_addr_groups/%s", id));
    json_object_set_new(o, "addrs", req_uri(r, "/ip_addr_groups/%s/ip_addrs", id));
    return o;
}

/* The version of a canonical address: 6 when it has a ':'. */
static int addr_version(const char *addr)
{
    return strchr(addr, ':') ? 6 : 4;
}

/*
 * MidoNet's canonical form of an address of the given version into out (40 bytes): the
 * dotted quad, or eight groups without "::". -1 when addr is not one.
 */
static int canonical_addr(const char *addr, int version, char *out)
{
    unsigned char a6[16];
    uint32_t a4;

    if (version == 4 && val_ipv4(addr, &a4) == 0) {
        val_ipv4_str(a4, out);
        return 0;
    }
    if (version == 6 && val_ipv6(addr, a6) == 0) {
        val_ipv6_str(a6, out);
        return 0;
    }
    return -1;
}

/*
 * MidoNet lists IPv6 addresses as version 4 and IPv4 as 6 (its test of ':' is reversed);
 * here each address has its own version.
 */
static json_t *addr_dto(struct req *r, const char *group, const char *addr)
{
    json_t *o = json_object();
    int version = addr_version(addr);

    json_object_set_new(o, "addr", json_string(addr));
    json_object_set_new(o, "ipAddrGroupId", json_string(group));
    json_object_set_new(o, "version", json_integer(version));
    json_object_set_new(o, "uri", req_uri(r, "/ip_addr_groups/%s/versions/%d/ip_addrs/%s",
                                          group, version, addr));
    json_object_set_new(o, "ipAddrGroup", req_uri(r, "/ip_addr_groups/%s", group));
    return o;
}

static int ip_groups_list(struct req *r)
{
    return res_list(r, "/ip_addr_groups", ip_group_dto, NULL);
}

static int ip_group_get(struct req *r)
{
    enum zks_rc rc;
    json_t *cfg = zks_get_json(r->zk, &rc, NULL, "/ip_addr_groups/%s", r->arg[0]);

    if (!cfg)
        return rc == ZKS_NONODE ? req_error(r, 404, NOT_FOUND_MSG) : req_zk_error(r, rc);
    req_ok(r, ip_group_dto(r, r->arg[0], cfg));
    json_decref(cfg);
    return 0;
}

static int ip_group_create(struct req *r)
{
    struct zks_txn t = ZKS_TXN_INIT;
    char id[UUID_LEN + 1];
    const char *name;
    json_t *cfg;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    res_body_id(&v, r->in, id);
    name = val_name(&v, r->in, "name");
    if (req_invalid(r, &v))
        return 0;
    rc = zks_exists(r->zk, "/ip_addr_groups/%s", id);
    if (rc == ZKS_OK)
        return req_error(r, 400, "An IP address group with the ID %s already exists.", id);
    if (rc != ZKS_NONODE)
        return req_zk_error(r, rc);
    cfg = json_object();
    json_object_set_new(cfg, "id", json_string(id));
    json_object_set_new(cfg, "name", json_string(name));
    zks_txn_create(&t, cfg, "/ip_addr_groups/%s", id);
    zks_txn_create(&t, NULL, "/ip_addr_groups/%s/addrs", id);
    zks_txn_create(&t, NULL, "/ip_addr_groups/%s/rules", id);
    rc = zks_txn_commit(r->zk, &t);
    zks_txn_release(&t);
    json_decref(cfg);
    return rc == ZKS_OK ? req_created(r, "/ip_addr_groups/%s", id) : req_zk_error(r, rc);
}

/* Deleting a group deletes the rules naming it (1.9) and its addresses (§5). */
static int ip_group_delete(struct req *r)
{
    struct zks_names rules = ZKS_NAMES_INIT;
    struct zks_txn t = ZKS_TXN_INIT;
    struct rule_batch b;
    enum zks_rc rc = zks_exists(r->zk, "/ip_addr_groups/%s", r->arg[0]);

    if (rc != ZKS_OK)
        return rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
    rule_batch_init(&b);
    rc = group_rules(r, &rules, "/ip_addr_groups", r->arg[0]);
    for (size_t i = 0; rc == ZKS_OK && i < rules.nr; i++)
        rc = rule_delete_ops(r, &t, &b, rules.v[i]);
    rule_batch_finish(&t, &b);
    if (rc == ZKS_OK)
        rc = zks_txn_delete_tree(r->zk, &t, "/ip_addr_groups/%s", r->arg[0]);
    zks_names_release(&rules);
    return res_delete_reply(r, &t, rc);
}

/* 404 "IP address group does not exist: <id>" unless group exists; true when it replied. */
static bool no_ip_group(struct req *r, const char *group)
{
    enum zks_rc rc = zks_exists(r->zk, "/ip_addr_groups/%s", group);

    if (rc == ZKS_NONODE)
        req_error(r, 404, "IP address group does not exist: %s", group);
    else if (rc != ZKS_OK)
        req_zk_error(r, rc);
    return rc != ZKS_OK;
}

static int addrs_list(struct req *r)
{
    struct zks_names addrs = ZKS_NAMES_INIT;
    enum zks_rc rc;
    json_t *out;

    if (no_ip_group(r, r->arg[0]))
        return 0;
    rc = zks_children_by_age(r->zk, &addrs, "/ip_addr_groups/%s/addrs", r->arg[0]);
    if (rc != ZKS_OK && rc != ZKS_NONODE) {
        zks_names_release(&addrs);
        return req_zk_error(r, rc);
    }
    out = json_array();
    for (size_t i = 0; i < addrs.nr; i++)
        json_array_append_new(out, addr_dto(r, r->arg[0], addrs.v[i]));
    zks_names_release(&addrs);
    return req_ok(r, out);
}

/* Adding an address twice is no error (IpAddrGroupZkManager.addAddr). */
static int addr_add(struct req *r)
{
    const char *addr;
    char canon[40];
    long long version;
    bool has;
    enum zks_rc rc;
    struct val v;

    val_init(&v);
    /*
     * version is the subtype key, read as its text (AsPropertyTypeDeserializer's getText):
     * 4 and "4" alike; anything but 4 or 6 cannot be deserialized.
     */
    {
        const json_t *x = json_object_get(r->in, "version");
        const char *t = json_is_string(x) ? json_string_value(x) : NULL;

        has = x != NULL;
        version = t ? (!strcmp(t, "4") ? 4 : !strcmp(t, "6") ? 6 : 0)
                    : json_is_integer(x) ? json_integer_value(x) : 0;
    }
    if (!has || (version != 4 && version != 6))
        v.bad = true;
    if (req_invalid(r, &v))
        return 0;
    /*
     * IpAddrGroupAddrResource.create runs no validate(): a null addr fails in
     * IPAddr.canonicalize, a 500; a bad one is the 400 of its IllegalArgumentException.
     */
    addr = val_get_str(r->in, "addr");
    if (!addr)
        return req_error(r, 500, MSG_INTERNAL);
    /* A v6 address under version 4 (or the reverse) is refused, as MidoNet does not. */
    if (canonical_addr(addr, (int)version, canon) < 0)
        return req_error(r, 400, "%s is not a valid IP address", addr);
    if (no_ip_group(r, r->arg[0]))
        return 0;
    rc = zks_create(r->zk, NULL, 0, NULL, "/ip_addr_groups/%s/addrs/%s", r->arg[0], canon);
    if (rc != ZKS_OK && rc != ZKS_EXISTS)
        return req_zk_error(r, rc);
    /* 1.9 adds an address twice as once; 5.x refuses (IpAddrGroupAddrResource.create). */
    if (rc == ZKS_EXISTS && SIM_DIALECT_5)
        return req_error(r, 409, "IP address group already contains IP %s.", canon);
    return req_created(r, "/ip_addr_groups/%s/versions/%d/ip_addrs/%s", r->arg[0],
                       (int)version, canon);
}

/* The {version} path segment: 4 or 6; else it replied (404 not a number, 400 other). */
static int path_version(struct req *r, const char *seg)
{
    char *end;
    long n = strtol(seg, &end, 10);

    if (!*seg || *end) {
        req_error(r, 404, NULL);
        return -1;
    }
    if (n != 4 && n != 6) {
        req_error(r, 400, "Invalid IP version: %ld", n);
        return -1;
    }
    return (int)n;
}

/*
 * The address is looked up in canonical form, so "::1" finds what MidoNet stored as
 * "0:0:0:0:0:0:0:1" (MidoNet itself compares the raw path segment).
 */
/* /versions/{v}/ip_addrs: IpAddrGroupAddrVersionResource checks v, then lists or adds. */
static int version_addrs_list(struct req *r)
{
    return path_version(r, r->arg[1]) < 0 ? 0 : addrs_list(r);
}

static int version_addr_add(struct req *r)
{
    return path_version(r, r->arg[1]) < 0 ? 0 : addr_add(r);
}

static int addr_get(struct req *r)
{
    int version = path_version(r, r->arg[1]);
    char canon[40];
    enum zks_rc rc;

    if (version < 0 || no_ip_group(r, r->arg[0]))
        return 0;
    rc = canonical_addr(r->arg[2], version, canon) < 0 ? ZKS_NONODE
         : zks_exists(r->zk, "/ip_addr_groups/%s/addrs/%s", r->arg[0], canon);
    if (rc == ZKS_NONODE)
        return req_error(r, 404, "The IP address group does not contain the specified "
                         "address: %s", r->arg[2]);
    if (rc != ZKS_OK)
        return req_zk_error(r, rc);
    return req_ok(r, addr_dto(r, r->arg[0], canon));
}

static int addr_delete(struct req *r)
{
    int version = path_version(r, r->arg[1]);
    char canon[40];
    enum zks_rc rc = ZKS_OK;

    if (version < 0)
        return 0;
    if (canonical_addr(r->arg[2], version, canon) == 0 &&
        zks_exists(r->zk, "/ip_addr_groups/%s/addrs/%s", r->arg[0], canon) == ZKS_OK)
        rc = zks_delete(r->zk, "/ip_addr_groups/%s/addrs/%s", r->arg[0], canon);
    return rc == ZKS_OK || rc == ZKS_NONODE ? req_no_content(r) : req_zk_error(r, rc);
}

const struct route res_group_routes[] = {
    { "GET", "/port_groups", "collection.PortGroup-v1 json", port_groups_list },
    { "POST", "/port_groups", "PortGroup-v1 json", port_group_create },
    /* MidoNet's GET of one group produces its vendor type only. */
    { "GET", "/port_groups/{id}", "PortGroup-v1", port_group_get },
    { "DELETE", "/port_groups/{id}", NULL, port_group_delete },
    { "GET", "/port_groups/{id}/ports", "collection.PortGroupPort-v1 json", members_list },
    { "POST", "/port_groups/{id}/ports", "PortGroupPort-v1 json", member_add },
    { "GET", "/port_groups/{id}/ports/{id}", "PortGroupPort-v1 json", member_get },
    { "DELETE", "/port_groups/{id}/ports/{id}", NULL, member_delete },
    { "GET", "/ports/{id}/port_groups", "collection.PortGroupPort-v1 collection.PortGroup-v1",
      port_port_groups },
    /* The IP address group resources know their vendor types only. */
    { "GET", "/ip_addr_groups", "collection.IpAddrGroup-v1", ip_groups_list },
    { "POST", "/ip_addr_groups", "IpAddrGroup-v1", ip_group_create },
    { "GET", "/ip_addr_groups/{id}", "IpAddrGroup-v1", ip_group_get },
    { "DELETE", "/ip_addr_groups/{id}", NULL, ip_group_delete },
    { "GET", "/ip_addr_groups/{id}/ip_addrs", "collection.IpAddrGroupAddr-v1", addrs_list },
    { "POST", "/ip_addr_groups/{id}/ip_addrs", "IpAddrGroupAddr-v1", addr_add },
    { "GET", "/ip_addr_groups/{id}/versions/{s}/ip_addrs", "collection.IpAddrGroupAddr-v1",
      version_addrs_list },
    { "POST", "/ip_addr_groups/{id}/versions/{s}/ip_addrs", "IpAddrGroupAddr-v1",
      version_addr_add },
    { "GET", "/ip_addr_groups/{id}/versions/{s}/ip_addrs/{s}", "IpAddrGroupAddr-v1", addr_get },
    { "DELETE", "/ip_addr_groups/{id}/versions/{s}/ip_addrs/{s}", NULL, addr_delete },
    { NULL, NULL, NULL, NULL },
};
