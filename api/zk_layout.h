/*
 * zk_layout: MidoNet 1.9's layout of its objects in ZooKeeper (doc/cache.md): which nodes
 * stand behind a cache entry, so that watching them tells when the entry goes stale; and,
 * when the API speaks 5.x (schema_dialect()), where 5.x keeps its own types
 * (zoom/0/models/<Class>/<id>). No session, no network. Paths are relative to the root
 * ("/bridges").
 */
#ifndef MIDOSH_ZK_LAYOUT_H
#define MIDOSH_ZK_LAYOUT_H

#include "api/cache.h"
#include "api/zk.h"

enum zk_role {
    ZKR_IDS,            /* children named by the entry's object keys: the set must match */
    ZKR_ANY,            /* children: any change makes the entry stale */
    ZKR_NODE,           /* one object's node: any change makes the entry stale */
    ZKR_ALIVE,          /* a host's alive node: its existence is the host's "alive" */
};

struct zk_path {
    enum zk_role role;
    char *path;         /* root-relative, owned */
    char *key;          /* ZKR_NODE, ZKR_ALIVE: the key of the object it stands for (its
                         * id, or its natural key), owned; NULL otherwise */
};

/*
 * The nodes behind cache entry e, in the 1.9 layout: its collection's children and each
 * of its objects' nodes. Appends to *paths (*n long, *alloc allocated); false (nothing
 * appended) for types zk cannot follow, whose entries keep the age rule.
 */
bool zk_entry_paths(const struct cache_coll *e, struct zk_path **paths, size_t *n, size_t *alloc);
/* Would zk_entry_paths() follow e? (Cheap: nothing is built.) */
bool zk_follows(const struct cache_coll *e);
void zk_paths_release(struct zk_path *paths, size_t n);

/* The key an object of entry e has in ZKR_IDS children (its id, or a member's host id),
 * or, for a type with no ZKR_IDS rule, in its ZKR_NODE paths (a 5.x BGP peer's id). */
const char *zk_object_key(const struct cache_coll *e, const json_t *obj);

/*
 * Name resolution from ZooKeeper (doc/cache.md): the directory whose children are the
 * objects of t's root collection, when midosh may read their names there, else NULL.
 */
const char *zk_names_dir(const struct type *t);

/*
 * The objects of t's root collection at coll_uri, from the children of zk_names_dir(t)
 * as read (the children's names are their ids, their data MidoNet's wrapped configs):
 * for each, what the API would show of it for names, and nothing more: "id", "uri",
 * "name" and, for tenant-owned types, "tenantId". Only those of tenant when tenant is set.
 * Children that are not objects (not a UUID, no config) are left out. A new array.
 */
json_t *zk_names_objects(const struct type *t, const char *coll_uri, const char *tenant,
                         const struct zk_child *kids, size_t n);

#endif
