/*
 * zk_layout: where MidoNet keeps its objects in ZooKeeper (doc/cache.md), for the dialect
 * the API speaks (schema_dialect(); 1.9's while it is not known): 1.9's layout ("/bridges/
 * <id>") or 5.x's (zoom/0/models/<Class>/<id>). Which nodes stand behind a cache entry, so
 * that watching them tells when the entry goes stale. No session, no network. Paths are
 * relative to the root ("/bridges").
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
 * The nodes behind cache entry e, in the connected dialect's layout: its collection's
 * children and each of its objects' nodes. Appends to *paths (*n long, *alloc allocated); false (nothing
 * appended) for types zk cannot follow, whose entries keep the age rule.
 */
bool zk_entry_paths(const struct cache_coll *e, struct zk_path **paths, size_t *n, size_t *alloc);
/* Would zk_entry_paths() follow e? (Cheap: nothing is built.) */
bool zk_follows(const struct cache_coll *e);
/*
 * zk_entry_paths() but only the nodes that stand for the whole entry, not for one of its
 * objects: its directories, and a parent's node that holds the list (a 5.x tunnel zone's
 * members). While one of them does not exist the entry is not followed: a layout that is
 * not there tells nothing, least of all that a list is empty.
 */
bool zk_entry_dirs(const struct cache_coll *e, struct zk_path **paths, size_t *n, size_t *alloc);
/* A node every root with the connected dialect's layout has ("/bridges" in 1.9's). */
const char *zk_layout_node(void);
/* Does the connected dialect's layout follow type t at all? */
bool zk_type_followed(enum type_id t);
/*
 * The directory whose children are all the objects of type t (its root collection's, or
 * the one directory every parent's share), in the connected dialect's layout; NULL when
 * there is none.
 */
const char *zk_type_dir(enum type_id t);
/* The node whose existence is host host_id's "alive", in the connected dialect's layout.
 * The caller's; NULL when the layout has none. */
char *zk_alive_path(const char *host_id);
void zk_paths_release(struct zk_path *paths, size_t n);

/* The key an object of entry e has in ZKR_IDS children (its id, or a member's host id),
 * or, for a type with no ZKR_IDS rule, in its ZKR_NODE paths (a 5.x BGP peer's id). */
const char *zk_object_key(const struct cache_coll *e, const json_t *obj);

/*
 * Name resolution from ZooKeeper (doc/cache.md): the directory whose children are the
 * objects of t's root collection, when midosh may read their names there (1.9's layout,
 * whose nodes hold JSON), else NULL.
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
