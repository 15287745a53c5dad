/* zk_layout: where MidoNet 1.9 and 5.x keep each object in ZooKeeper (see api/zk_layout.h). */
#include "api/zk_layout.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
 * {p}: the parent object's id (from the entry's URI), {g} its parent's (a DHCP host's
 * bridge); {k}: the value of key in each
 * object (a rule with {k} gives one path per object), where key "@uri" stands for the
 * last segment of the object's uri (a DHCP subnet's "10.0.0.0_24"). For ZKR_IDS, key
 * names what the children are called by. {h}: the value of owner in each object (a 5.x
 * port's host, whose agent keeps its state); an object without one has no such path.
 */
struct zk_rule {
    enum type_id type;
    enum zk_role role;
    const char *tmpl;
    const char *key;
    unsigned dialects;      /* enum dialect: the API generations it holds for; 0: both */
    const char *owner;      /* {h}'s key */
};

/*
 * MidoNet 5.x keeps every object as one node, zoom/0/models/<Class>/<id>, <Class> being its
 * protobuf message (ZookeeperObjectMapper's classPath): a bridge is a Network. The data is
 * protobuf text, which midosh does not read: any change of a node makes its entries stale.
 * A type listed at the root only compares the class directory's children with the list
 * (ROOT5); one listed under a parent (a router's ports, a policy's rules) shares the
 * directory with every parent's, where any change may be the parent's (CHILD5). What 5.x
 * keeps inside its parent's node (a tunnel zone's members, a port group's ports) makes the
 * parent's node the one to watch (IN5).
 */
#define MODELS "/zoom/0/models/"
#define ROOT5(t, cls) { t, ZKR_IDS, MODELS cls, "id", D_5, NULL }, \
                      { t, ZKR_NODE, MODELS cls "/{k}", "id", D_5, NULL }
#define CHILD5(t, cls) { t, ZKR_ANY, MODELS cls, NULL, D_5, NULL }, \
                       { t, ZKR_NODE, MODELS cls "/{k}", "id", D_5, NULL }
#define IN5(t, cls) { t, ZKR_NODE, MODELS cls "/{p}", NULL, D_5, NULL }
/* 5.x's state of object <id> of <Class>, kept by the agent of host <owner> (its namespace):
 * zoom/0/state/<owner>/<Class>/<id>/<key> (ZookeeperObjectState's keyPath). A host is its
 * own namespace; its "alive" key exists while its agent runs (MidonetBackend.AliveKey). */
#define HOST_ALIVE5 { T_HOST, ZKR_ALIVE, "/zoom/0/state/{k}/Host/{k}/alive", "id", D_5, NULL }
/* A port's "active" is kept by the agent of the host it is bound to (PortResource). */
#define PORT_ACTIVE5(t) { t, ZKR_NODE, "/zoom/0/state/{h}/Port/{k}/active", "id", D_5, "hostId" }

static const struct zk_rule rules[] = {
    { T_TENANT, ZKR_ANY, "/tenants", NULL, D_19, NULL },
    { T_ROUTER, ZKR_IDS, "/routers", "id", D_19, NULL },
    { T_ROUTER, ZKR_NODE, "/routers/{k}", "id", D_19, NULL },
    { T_BRIDGE, ZKR_IDS, "/bridges", "id", D_19, NULL },
    { T_BRIDGE, ZKR_NODE, "/bridges/{k}", "id", D_19, NULL },
    { T_PORT, ZKR_IDS, "/ports", "id", D_19, NULL },
    { T_PORT, ZKR_NODE, "/ports/{k}", "id", D_19, NULL },
    { T_PORT, ZKR_ANY, "/ports/{k}/active", "id", D_19, NULL },
    /* Unlinked and exterior ports in one directory, interior ones in the other. */
    { T_BRIDGE_PORT, ZKR_IDS, "/bridges/{p}/ports", "id", D_19, NULL },
    { T_BRIDGE_PORT, ZKR_IDS, "/bridges/{p}/logical-ports", "id", D_19, NULL },
    { T_BRIDGE_PORT, ZKR_NODE, "/ports/{k}", "id", D_19, NULL },
    { T_BRIDGE_PORT, ZKR_ANY, "/ports/{k}/active", "id", D_19, NULL },
    { T_ROUTER_PORT, ZKR_IDS, "/routers/{p}/ports", "id", D_19, NULL },
    { T_ROUTER_PORT, ZKR_NODE, "/ports/{k}", "id", D_19, NULL },
    { T_ROUTER_PORT, ZKR_ANY, "/ports/{k}/active", "id", D_19, NULL },
    /* A router's routes hang off the router and off each of its ports: every route
     * also has its node in /routes, which is simpler to follow. */
    { T_ROUTE, ZKR_ANY, "/routes", NULL, D_19, NULL },
    { T_HOST, ZKR_IDS, "/hosts", "id", D_19, NULL },
    { T_HOST, ZKR_NODE, "/hosts/{k}", "id", D_19, NULL },
    { T_HOST, ZKR_NODE, "/hosts/{k}/flooding_proxy_weight", "id", D_19, NULL },
    { T_HOST, ZKR_ALIVE, "/hosts/{k}/alive", "id", D_19, NULL },
    { T_INTERFACE, ZKR_IDS, "/hosts/{p}/interfaces", "name", D_19, NULL },
    { T_INTERFACE, ZKR_NODE, "/hosts/{p}/interfaces/{k}", "name", D_19, NULL },
    { T_BINDING, ZKR_IDS, "/hosts/{p}/vrnMappings/ports", "portId", D_19, NULL },
    { T_TUNNEL_ZONE, ZKR_IDS, "/tunnel_zones", "id", D_19, NULL },
    { T_TUNNEL_ZONE, ZKR_NODE, "/tunnel_zones/{k}", "id", D_19, NULL },
    { T_TZ_MEMBER, ZKR_IDS, "/tunnel_zones/{p}/memberships", "hostId", D_19, NULL },
    { T_TZ_MEMBER, ZKR_NODE, "/tunnel_zones/{p}/memberships/{k}", "hostId", D_19, NULL },
    { T_CHAIN, ZKR_IDS, "/chains", "id", D_19, NULL },
    { T_CHAIN, ZKR_NODE, "/chains/{k}", "id", D_19, NULL },
    { T_BGP, ZKR_IDS, "/ports/{p}/bgps", "id", D_19, NULL },
    { T_BGP, ZKR_NODE, "/bgps/{k}", "id", D_19, NULL },
    { T_AD_ROUTE, ZKR_ANY, "/ad_routes", NULL, D_19, NULL },
    { T_DHCP_SUBNET, ZKR_IDS, "/bridges/{p}/dhcp", "@uri", D_19, NULL },
    { T_DHCP_SUBNET, ZKR_NODE, "/bridges/{p}/dhcp/{k}", "@uri", D_19, NULL },
    { T_DHCP_HOST, ZKR_IDS, "/bridges/{g}/dhcp/{p}/hosts", "macAddr", D_19, NULL },
    { T_DHCP_HOST, ZKR_NODE, "/bridges/{g}/dhcp/{p}/hosts/{k}", "macAddr", D_19, NULL },
    { T_ARP_ENTRY, ZKR_ANY, "/bridges/{p}/ip4_mac_map", NULL, D_19, NULL },
    /* A chain's rules, in order, are its "rules" node's data; rules never change. */
    { T_RULE, ZKR_NODE, "/chains/{p}/rules", NULL, D_19, NULL },
    { T_PORT_GROUP, ZKR_IDS, "/port_groups", "id", D_19, NULL },
    { T_PORT_GROUP, ZKR_NODE, "/port_groups/{k}", "id", D_19, NULL },
    { T_PG_MEMBER, ZKR_IDS, "/port_groups/{p}/ports", "portId", D_19, NULL },
    { T_IP_GROUP, ZKR_IDS, "/ip_addr_groups", "id", D_19, NULL },
    { T_IP_GROUP, ZKR_NODE, "/ip_addr_groups/{k}", "id", D_19, NULL },
    { T_IP_GROUP_ADDR, ZKR_ANY, "/ip_addr_groups/{p}/addrs", NULL, D_19, NULL },
    /* L4LB objects are listed at the root and under each other: ZKR_ANY, not ZKR_IDS. */
    { T_LOAD_BALANCER, ZKR_ANY, "/load_balancers", NULL, D_19, NULL },
    { T_LOAD_BALANCER, ZKR_NODE, "/load_balancers/{k}", "id", D_19, NULL },
    { T_POOL, ZKR_ANY, "/pools", NULL, D_19, NULL },
    { T_POOL, ZKR_NODE, "/pools/{k}", "id", D_19, NULL },
    { T_POOL_MEMBER, ZKR_ANY, "/pool_members", NULL, D_19, NULL },
    { T_POOL_MEMBER, ZKR_NODE, "/pool_members/{k}", "id", D_19, NULL },
    { T_VIP, ZKR_ANY, "/vips", NULL, D_19, NULL },
    { T_VIP, ZKR_NODE, "/vips/{k}", "id", D_19, NULL },
    { T_HEALTH_MONITOR, ZKR_ANY, "/health_monitors", NULL, D_19, NULL },
    { T_HEALTH_MONITOR, ZKR_NODE, "/health_monitors/{k}", "id", D_19, NULL },
    { T_SYSTEM_STATE, ZKR_ANY, "/system_state", NULL, D_19, NULL },
    { T_SYSTEM_STATE, ZKR_NODE, "/write_version", NULL, D_19, NULL },
    { T_WRITE_VERSION, ZKR_NODE, "/write_version", NULL, D_19, NULL },
    { T_HOST_VERSION, ZKR_ANY, "/versions", NULL, D_19, NULL },
    { T_HOST_VERSION, ZKR_ANY, "/versions/{k}", "version", D_19, NULL },
    /* 5.x: what its layout holds of the types 1.9 also has (DHCP, interfaces, ARP and
     * MAC entries are kept where midosh cannot tell one object from another: age rule). */
    ROOT5(T_BRIDGE, "Network"),
    ROOT5(T_ROUTER, "Router"),
    ROOT5(T_PORT, "Port"),
    CHILD5(T_BRIDGE_PORT, "Port"),
    CHILD5(T_ROUTER_PORT, "Port"),
    PORT_ACTIVE5(T_PORT), PORT_ACTIVE5(T_BRIDGE_PORT), PORT_ACTIVE5(T_ROUTER_PORT),
    { T_ROUTE, ZKR_ANY, MODELS "Route", NULL, D_5, NULL },
    ROOT5(T_HOST, "Host"),
    HOST_ALIVE5,
    /* A port bound to a host is in the host's port_ids, and names the host itself. */
    IN5(T_BINDING, "Host"),
    { T_BINDING, ZKR_NODE, MODELS "Port/{k}", "portId", D_5, NULL },
    ROOT5(T_TUNNEL_ZONE, "TunnelZone"),
    IN5(T_TZ_MEMBER, "TunnelZone"),
    ROOT5(T_CHAIN, "Chain"),
    /* A chain's rule_ids give the order of its rules. */
    { T_RULE, ZKR_ANY, MODELS "Rule", NULL, D_5, NULL },
    IN5(T_RULE, "Chain"),
    ROOT5(T_PORT_GROUP, "PortGroup"),
    IN5(T_PG_MEMBER, "PortGroup"),
    ROOT5(T_IP_GROUP, "IPAddrGroup"),
    IN5(T_IP_GROUP_ADDR, "IPAddrGroup"),
    CHILD5(T_LOAD_BALANCER, "LoadBalancer"),
    CHILD5(T_POOL, "Pool"),
    CHILD5(T_POOL_MEMBER, "PoolMember"),
    CHILD5(T_VIP, "Vip"),
    CHILD5(T_HEALTH_MONITOR, "HealthMonitor"),
    ROOT5(T_VTEP, "Vtep"),
    ROOT5(T_TRACE, "TraceRequest"),
    /* 5.x's own types. */
    CHILD5(T_BGP_PEER, "BgpPeer"),
    CHILD5(T_BGP_NETWORK, "BgpNetwork"),
    ROOT5(T_MIRROR, "Mirror"),
    ROOT5(T_L2INSERTION, "L2Insertion"),
    ROOT5(T_QOS_POLICY, "QosPolicy"),
    CHILD5(T_QOS_BW_RULE, "QosRuleBandwidthLimit"),
    CHILD5(T_QOS_DSCP_RULE, "QosRuleDscp"),
    CHILD5(T_CONTAINER, "ServiceContainer"),
    ROOT5(T_CONTAINER_GROUP, "ServiceContainerGroup"),
};

/* Does rule r hold for the connected server's dialect? (Not known yet: 1.9's.) */
static bool rule_here(const struct zk_rule *r)
{
    unsigned d = schema_dialect() ? schema_dialect() : D_19;

    return !r->dialects || (r->dialects & d);
}

/*
 * The segment of uri's path `back` places before its last one: 1 is the parent object's
 * id (".../bridges/ID/ports"), 3 its parent's (".../bridges/ID/dhcp/SUBNET/hosts"). NULL
 * when there is none.
 */
static char *uri_segment(const char *uri, int back)
{
    const char *end = uri + strcspn(uri, "?#");
    const char *start;

    while (end > uri && end[-1] == '/')
        end--;
    for (int i = 0; i <= back; i++) {
        start = end;
        while (start > uri && start[-1] != '/')
            start--;
        if (i == back)
            return start < end ? xstrndup(start, (size_t)(end - start)) : NULL;
        if (start <= uri)
            return NULL;
        end = start - 1;
    }
    return NULL;
}

/* A path segment must not climb or nest: ids, names and versions are single segments. */
static bool plain_segment(const char *s)
{
    return s && *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

static void expand(const char *tmpl, const char *parent, const char *grand, const char *key,
                   const char *owner, struct strbuf *out)
{
    strbuf_reset(out);
    for (const char *p = tmpl; *p; p++) {
        if (starts_with(p, "{p}")) {
            strbuf_addstr(out, parent);
            p += 2;
        } else if (starts_with(p, "{g}")) {
            strbuf_addstr(out, grand);
            p += 2;
        } else if (starts_with(p, "{k}")) {
            strbuf_addstr(out, key);
            p += 2;
        } else if (starts_with(p, "{h}")) {
            strbuf_addstr(out, owner);
            p += 2;
        } else {
            strbuf_addch(out, *p);
        }
    }
}

static void add_path(struct zk_path **paths, size_t *n, size_t *alloc, enum zk_role role,
                     const char *path, const char *key)
{
    ALLOC_GROW(*paths, *n + 1, *alloc);
    (*paths)[*n].role = role;
    (*paths)[*n].path = xstrdup(path);
    (*paths)[*n].key = key ? xstrdup(key) : NULL;
    (*n)++;
}

static const struct zk_rule *ids_rule(enum type_id t)
{
    for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
        if (rules[i].type == t && rules[i].role == ZKR_IDS && rule_here(&rules[i]))
            return &rules[i];
    return NULL;
}

/* The value of rule r's key in obj (borrowed), or NULL. */
static const char *rule_key(const struct zk_rule *r, const json_t *obj)
{
    const char *uri, *slash;

    if (strcmp(r->key, "@uri"))
        return json_string_value(json_object_get(obj, r->key));
    uri = json_string_value(json_object_get(obj, "uri"));
    slash = uri ? strrchr(uri, '/') : NULL;
    return slash && slash[1] ? slash + 1 : NULL;
}

const char *zk_object_key(const struct cache_coll *e, const json_t *obj)
{
    const struct zk_rule *r = ids_rule(e->type->id);

    if (!r) {
        /* A type with no ZKR_IDS rule whose nodes are named by id (5.x's BGP peers). */
        for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
            if (rules[i].type == e->type->id && rules[i].role == ZKR_NODE && rules[i].key &&
                rule_here(&rules[i]))
                return rule_key(&rules[i], obj);
    }
    return r ? rule_key(r, obj) : NULL;
}

/* Can rule r's template be filled from an entry with these parent and grandparent ids? */
static bool rule_fits(const struct zk_rule *r, const char *parent, const char *grand)
{
    return (!strstr(r->tmpl, "{p}") || plain_segment(parent)) &&
           (!strstr(r->tmpl, "{g}") || plain_segment(grand));
}

bool zk_follows(const struct cache_coll *e)
{
    char *parent = uri_segment(e->uri, 1), *grand = uri_segment(e->uri, 3);
    bool found = false, ok = true;

    for (size_t i = 0; i < ARRAY_SIZE(rules) && ok; i++) {
        if (rules[i].type != e->type->id || !rule_here(&rules[i]))
            continue;
        found = true;
        ok = rule_fits(&rules[i], parent, grand);
    }
    free(parent);
    free(grand);
    return found && ok;
}

/* zk_entry_paths(), or with dirs_only the nodes that stand for the whole entry (no {k}). */
static bool entry_paths(const struct cache_coll *e, bool dirs_only, struct zk_path **paths,
                        size_t *n, size_t *alloc)
{
    char *parent = uri_segment(e->uri, 1), *grand = uri_segment(e->uri, 3);
    bool filtered = strchr(e->uri, '?') != NULL;
    bool found = false, ok = true;
    struct strbuf path = STRBUF_INIT;
    size_t first = *n;

    for (size_t i = 0; i < ARRAY_SIZE(rules) && ok; i++) {
        const struct zk_rule *r = &rules[i];
        enum zk_role role = r->role;

        if (r->type != e->type->id || !rule_here(r))
            continue;
        found = true;
        if (!(ok = rule_fits(r, parent, grand)))
            break;
        if (dirs_only && (strstr(r->tmpl, "{k}") || role == ZKR_ALIVE))
            continue;
        /* A filtered list (?tenant_id=) holds some of the children, not all. */
        if (role == ZKR_IDS && filtered)
            role = ZKR_ANY;
        if (!strstr(r->tmpl, "{k}")) {
            expand(r->tmpl, parent ? parent : "", grand ? grand : "", "", "", &path);
            add_path(paths, n, alloc, role, path.buf, NULL);
            continue;
        }
        for (size_t j = 0; j < json_array_size(e->objects); j++) {
            const json_t *obj = json_array_get(e->objects, j);
            const char *key = rule_key(r, obj);
            const char *owner = r->owner ? json_string_value(json_object_get(obj, r->owner))
                                         : "";

            if (!plain_segment(key) || (r->owner && !plain_segment(owner)))
                continue;
            expand(r->tmpl, parent ? parent : "", grand ? grand : "", key, owner, &path);
            add_path(paths, n, alloc, role, path.buf, key);
        }
    }
    if (!ok || !found) {
        zk_paths_release(*paths + first, *n - first);
        *n = first;
    }
    strbuf_release(&path);
    free(parent);
    free(grand);
    return ok && found;
}

bool zk_entry_paths(const struct cache_coll *e, struct zk_path **paths, size_t *n, size_t *alloc)
{
    return entry_paths(e, false, paths, n, alloc);
}

bool zk_entry_dirs(const struct cache_coll *e, struct zk_path **paths, size_t *n, size_t *alloc)
{
    return entry_paths(e, true, paths, n, alloc);
}

const char *zk_type_dir(enum type_id t)
{
    for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
        if (rules[i].type == t && (rules[i].role == ZKR_IDS || rules[i].role == ZKR_ANY) &&
            rule_here(&rules[i]) && !strchr(rules[i].tmpl, '{'))
            return rules[i].tmpl;
    return NULL;
}

const char *zk_layout_node(void)
{
    return schema_dialect() == D_5 ? "/zoom/0/models" : "/bridges";
}

bool zk_type_followed(enum type_id t)
{
    for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
        if (rules[i].type == t && rule_here(&rules[i]))
            return true;
    return false;
}

char *zk_alive_path(const char *host_id)
{
    struct strbuf path = STRBUF_INIT;

    for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
        if (rules[i].role == ZKR_ALIVE && rule_here(&rules[i])) {
            expand(rules[i].tmpl, "", "", host_id, "", &path);
            return strbuf_detach(&path);
        }
    return NULL;
}

void zk_paths_release(struct zk_path *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(paths[i].path);
        free(paths[i].key);
    }
}

/*
 * The root collections whose objects are named from ZooKeeper: one node per object under
 * the directory, named by its id, whose config ("data" in MidoNet's wrapper) holds the
 * name and, for tenant-owned types, properties.tenant_id. Nothing else of the object is
 * taken from there: the API computes the rest (links, defaults, versions of the media
 * type), so the object itself is read from the API when it is used.
 */
static const struct {
    enum type_id type;
    const char *dir;
} names_dirs[] = {
    { T_BRIDGE, "/bridges" },
    { T_ROUTER, "/routers" },
    { T_CHAIN, "/chains" },
    { T_PORT_GROUP, "/port_groups" },
    { T_TUNNEL_ZONE, "/tunnel_zones" },
    { T_IP_GROUP, "/ip_addr_groups" },
};

const char *zk_names_dir(const struct type *t)
{
    /* 5.x's nodes hold protobuf text, not 1.9's configs. */
    if (schema_dialect() == D_5)
        return NULL;
    for (size_t i = 0; i < ARRAY_SIZE(names_dirs); i++)
        if (names_dirs[i].type == t->id)
            return t->key_attr || t->variants ? NULL : names_dirs[i].dir;
    return NULL;
}

static bool is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (size_t i = 0; i < 36; i++)
        if ((i == 8 || i == 13 || i == 18 || i == 23)
            ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

json_t *zk_names_objects(const struct type *t, const char *coll_uri, const char *tenant,
                         const struct zk_child *kids, size_t n)
{
    json_t *out = json_array();
    size_t ulen = strcspn(coll_uri, "?#");
    bool slash = ulen && coll_uri[ulen - 1] == '/';

    for (size_t i = 0; i < n; i++) {
        json_t *doc, *cfg, *o;
        const json_t *name;
        const char *owner;

        if (!is_uuid(kids[i].name) || !kids[i].data)
            continue;
        doc = json_loadb(kids[i].data, kids[i].len, 0, NULL);
        cfg = json_object_get(doc, "data");
        if (!json_is_object(cfg)) {
            json_decref(doc);
            continue;
        }
        owner = json_string_value(json_object_get(json_object_get(cfg, "properties"),
                                                  "tenant_id"));
        if (tenant && (!owner || strcmp(owner, tenant))) {
            json_decref(doc);
            continue;
        }
        name = json_object_get(cfg, "name");
        o = json_object();
        json_object_set_new(o, "id", json_string(kids[i].name));
        json_object_set_new(o, "name", json_is_string(name) ? json_copy((json_t *)name)
                                                            : json_null());
        if (t->flags & TF_TENANT)
            json_object_set_new(o, "tenantId", owner ? json_string(owner) : json_null());
        json_object_set_new(o, "uri", json_sprintf("%.*s%s%s", (int)ulen, coll_uri,
                                                   slash ? "" : "/", kids[i].name));
        json_array_append_new(out, o);
        json_decref(doc);
    }
    return out;
}
