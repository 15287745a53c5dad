/* zk_layout: where MidoNet 1.9 keeps each object in ZooKeeper (see api/zk_layout.h). */
#include "api/zk_layout.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
 * {p}: the parent object's id (from the entry's URI), {g} its parent's (a DHCP host's
 * bridge); {k}: the value of key in each
 * object (a rule with {k} gives one path per object), where key "@uri" stands for the
 * last segment of the object's uri (a DHCP subnet's "10.0.0.0_24"). For ZKR_IDS, key
 * names what the children are called by.
 */
struct zk_rule {
    enum type_id type;
    enum zk_role role;
    const char *tmpl;
    const char *key;
    unsigned dialects;      /* enum dialect: the API generations it holds for; 0: both */
};

/* MidoNet 5.x's own types: one node per object at zoom/0/models/<Class>/<id>. A type
 * listed under a parent (a router's BGP peers) has all its objects in one directory: any
 * change there may be the parent's (ZKR_ANY); one listed at the root only, ZKR_IDS. */
#define MODELS "/zoom/0/models/"
#define ROOT5(t, cls) { t, ZKR_IDS, MODELS cls, "id", D_5 }, \
                      { t, ZKR_NODE, MODELS cls "/{k}", "id", D_5 }
#define CHILD5(t, cls) { t, ZKR_ANY, MODELS cls, NULL, D_5 }, \
                       { t, ZKR_NODE, MODELS cls "/{k}", "id", D_5 }
/* Against 5.x, midonet-sim keeps the 5.x-only fields of objects 1.9 also has (a router's
 * asNumber, a port's portSubnet, a host's container fields) in a node of their own,
 * zoom/0/ext/<id>, created when first set. */
#define EXT5(t) { t, ZKR_NODE, "/zoom/0/ext/{k}", "id", D_5 }

static const struct zk_rule rules[] = {
    { T_TENANT, ZKR_ANY, "/tenants", NULL, 0 },
    { T_ROUTER, ZKR_IDS, "/routers", "id", 0 },
    { T_ROUTER, ZKR_NODE, "/routers/{k}", "id", 0 },
    { T_BRIDGE, ZKR_IDS, "/bridges", "id", 0 },
    { T_BRIDGE, ZKR_NODE, "/bridges/{k}", "id", 0 },
    { T_PORT, ZKR_IDS, "/ports", "id", 0 },
    { T_PORT, ZKR_NODE, "/ports/{k}", "id", 0 },
    { T_PORT, ZKR_ANY, "/ports/{k}/active", "id", 0 },
    /* Unlinked and exterior ports in one directory, interior ones in the other. */
    { T_BRIDGE_PORT, ZKR_IDS, "/bridges/{p}/ports", "id", 0 },
    { T_BRIDGE_PORT, ZKR_IDS, "/bridges/{p}/logical-ports", "id", 0 },
    { T_BRIDGE_PORT, ZKR_NODE, "/ports/{k}", "id", 0 },
    { T_BRIDGE_PORT, ZKR_ANY, "/ports/{k}/active", "id", 0 },
    { T_ROUTER_PORT, ZKR_IDS, "/routers/{p}/ports", "id", 0 },
    { T_ROUTER_PORT, ZKR_NODE, "/ports/{k}", "id", 0 },
    { T_ROUTER_PORT, ZKR_ANY, "/ports/{k}/active", "id", 0 },
    /* A router's routes hang off the router and off each of its ports: every route
     * also has its node in /routes, which is simpler to follow. */
    { T_ROUTE, ZKR_ANY, "/routes", NULL, 0 },
    { T_HOST, ZKR_IDS, "/hosts", "id", 0 },
    { T_HOST, ZKR_NODE, "/hosts/{k}", "id", 0 },
    { T_HOST, ZKR_NODE, "/hosts/{k}/flooding_proxy_weight", "id", 0 },
    { T_HOST, ZKR_ALIVE, "/hosts/{k}/alive", "id", 0 },
    { T_INTERFACE, ZKR_IDS, "/hosts/{p}/interfaces", "name", 0 },
    { T_INTERFACE, ZKR_NODE, "/hosts/{p}/interfaces/{k}", "name", 0 },
    { T_BINDING, ZKR_IDS, "/hosts/{p}/vrnMappings/ports", "portId", 0 },
    { T_TUNNEL_ZONE, ZKR_IDS, "/tunnel_zones", "id", 0 },
    { T_TUNNEL_ZONE, ZKR_NODE, "/tunnel_zones/{k}", "id", 0 },
    { T_TZ_MEMBER, ZKR_IDS, "/tunnel_zones/{p}/memberships", "hostId", 0 },
    { T_TZ_MEMBER, ZKR_NODE, "/tunnel_zones/{p}/memberships/{k}", "hostId", 0 },
    { T_CHAIN, ZKR_IDS, "/chains", "id", 0 },
    { T_CHAIN, ZKR_NODE, "/chains/{k}", "id", 0 },
    { T_BGP, ZKR_IDS, "/ports/{p}/bgps", "id", 0 },
    { T_BGP, ZKR_NODE, "/bgps/{k}", "id", 0 },
    { T_AD_ROUTE, ZKR_ANY, "/ad_routes", NULL, 0 },
    { T_DHCP_SUBNET, ZKR_IDS, "/bridges/{p}/dhcp", "@uri", 0 },
    { T_DHCP_SUBNET, ZKR_NODE, "/bridges/{p}/dhcp/{k}", "@uri", 0 },
    { T_DHCP_HOST, ZKR_IDS, "/bridges/{g}/dhcp/{p}/hosts", "macAddr", 0 },
    { T_DHCP_HOST, ZKR_NODE, "/bridges/{g}/dhcp/{p}/hosts/{k}", "macAddr", 0 },
    { T_ARP_ENTRY, ZKR_ANY, "/bridges/{p}/ip4_mac_map", NULL, 0 },
    /* A chain's rules, in order, are its "rules" node's data; rules never change. */
    { T_RULE, ZKR_NODE, "/chains/{p}/rules", NULL, 0 },
    { T_PORT_GROUP, ZKR_IDS, "/port_groups", "id", 0 },
    { T_PORT_GROUP, ZKR_NODE, "/port_groups/{k}", "id", 0 },
    { T_PG_MEMBER, ZKR_IDS, "/port_groups/{p}/ports", "portId", 0 },
    { T_IP_GROUP, ZKR_IDS, "/ip_addr_groups", "id", 0 },
    { T_IP_GROUP, ZKR_NODE, "/ip_addr_groups/{k}", "id", 0 },
    { T_IP_GROUP_ADDR, ZKR_ANY, "/ip_addr_groups/{p}/addrs", NULL, 0 },
    /* L4LB objects are listed at the root and under each other: ZKR_ANY, not ZKR_IDS. */
    { T_LOAD_BALANCER, ZKR_ANY, "/load_balancers", NULL, 0 },
    { T_LOAD_BALANCER, ZKR_NODE, "/load_balancers/{k}", "id", 0 },
    { T_POOL, ZKR_ANY, "/pools", NULL, 0 },
    { T_POOL, ZKR_NODE, "/pools/{k}", "id", 0 },
    { T_POOL_MEMBER, ZKR_ANY, "/pool_members", NULL, 0 },
    { T_POOL_MEMBER, ZKR_NODE, "/pool_members/{k}", "id", 0 },
    { T_VIP, ZKR_ANY, "/vips", NULL, 0 },
    { T_VIP, ZKR_NODE, "/vips/{k}", "id", 0 },
    { T_HEALTH_MONITOR, ZKR_ANY, "/health_monitors", NULL, 0 },
    { T_HEALTH_MONITOR, ZKR_NODE, "/health_monitors/{k}", "id", 0 },
    { T_SYSTEM_STATE, ZKR_ANY, "/system_state", NULL, 0 },
    { T_SYSTEM_STATE, ZKR_NODE, "/write_version", NULL, 0 },
    { T_WRITE_VERSION, ZKR_NODE, "/write_version", NULL, 0 },
    { T_HOST_VERSION, ZKR_ANY, "/versions", NULL, 0 },
    { T_HOST_VERSION, ZKR_ANY, "/versions/{k}", "version", 0 },
    CHILD5(T_BGP_PEER, "BgpPeer"),
    CHILD5(T_BGP_NETWORK, "BgpNetwork"),
    ROOT5(T_MIRROR, "Mirror"),
    ROOT5(T_L2INSERTION, "L2Insertion"),
    ROOT5(T_QOS_POLICY, "QosPolicy"),
    CHILD5(T_QOS_BW_RULE, "QosRuleBandwidthLimit"),
    CHILD5(T_QOS_DSCP_RULE, "QosRuleDscp"),
    CHILD5(T_CONTAINER, "ServiceContainer"),
    ROOT5(T_CONTAINER_GROUP, "ServiceContainerGroup"),
    EXT5(T_ROUTER), EXT5(T_BRIDGE), EXT5(T_HOST),
    EXT5(T_PORT), EXT5(T_BRIDGE_PORT), EXT5(T_ROUTER_PORT),
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
                   struct strbuf *out)
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

bool zk_entry_paths(const struct cache_coll *e, struct zk_path **paths, size_t *n, size_t *alloc)
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
        /* A filtered list (?tenant_id=) holds some of the children, not all. */
        if (role == ZKR_IDS && filtered)
            role = ZKR_ANY;
        if (!strstr(r->tmpl, "{k}")) {
            expand(r->tmpl, parent ? parent : "", grand ? grand : "", "", &path);
            add_path(paths, n, alloc, role, path.buf, NULL);
            continue;
        }
        for (size_t j = 0; j < json_array_size(e->objects); j++) {
            const char *key = rule_key(r, json_array_get(e->objects, j));

            if (!plain_segment(key))
                continue;
            expand(r->tmpl, parent ? parent : "", grand ? grand : "", key, &path);
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
