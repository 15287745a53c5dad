/*
 * cache: API objects as the API returned them, one entry per collection URI (query
 * included), with indexes by id, name and natural key.
 *
 * A collection is filled by one GET of the whole collection (the shell does the GET;
 * the cache only keeps and indexes). midosh's own writes update entries in place
 * (cache_created, cache_changed, cache_deleted, cache_linked: the coherence rules of
 * doc/cache.md live here, nowhere else); anything else marks them stale, and a stale
 * entry is fetched again the next time it is needed.
 */
#ifndef MIDOSH_CACHE_H
#define MIDOSH_CACHE_H

#include <stdbool.h>
#include <jansson.h>

#include "lib/strmap.h"
#include "parser/schema.h"

#define CACHE_SEVERAL ((size_t)-1)   /* an index value: more than one object has this key */

/*
 * An entry. Callers read its fields and write none of them: an entry changes through the
 * functions below (cache_mark_stale(), the coherence rules, cache_append() and its kin),
 * which keep the indexes true. A member no index reads (a host's "alive") may be set in an
 * object in place.
 */
struct cache_coll {
    char *uri;                  /* collection URI, with its query string */
    const struct type *type;    /* the type its objects were listed as */
    json_t *objects;            /* JSON array, owned */
    struct strmap ids;          /* id -> index */
    struct strmap names;        /* name -> index, or CACHE_SEVERAL */
    struct strmap keys;         /* natural key as typed -> index, or CACHE_SEVERAL */
    /*
     * Ids of objects known only as midosh created them (the body it sent, its id and
     * uri): enough to resolve a name, not to print or to reach its children.
     */
    struct strmap partial;      /* id -> 1 (0: completed, in a names_only entry) */
    /*
     * Filled from ZooKeeper for name resolution, or by a one-command list that keeps of
     * each object only what printing it reads (cache_slim) (doc/cache.md): every object
     * is partial until completed by one GET.
     */
    bool names_only;
    const char **sorted_ids;    /* the ids in order (borrowed from objects), built on demand */
    size_t nsorted;
    double fetched;             /* monotonic seconds of the GET */
    unsigned long epoch;        /* the cache epoch of the GET (see cache_next_epoch) */
    bool stale;
};

struct cache {
    struct cache_coll **v;
    size_t n, alloc;
    unsigned long epoch;        /* bumped once per command: "fetched during this command" */
};

void cache_init(struct cache *c);
void cache_release(struct cache *c);

/* The entry for uri, or NULL. Stale entries are returned too: check ->stale. */
struct cache_coll *cache_find(struct cache *c, const char *uri);

/* Store (or replace) the objects of uri; objects (an array) is stolen. */
struct cache_coll *cache_store(struct cache *c, const char *uri, const struct type *t,
                               json_t *objects);

/* cache_store() for objects read from ZooKeeper's names: a names_only entry. */
struct cache_coll *cache_store_names(struct cache *c, const char *uri, const struct type *t,
                                     json_t *objects);

/*
 * obj cut down to its members whose keys are in keys (schema_line_keys), null ones left
 * out (they print as absent ones do); the values are shared. Anything but an object is
 * kept as it is. A new reference.
 */
json_t *cache_slim(json_t *obj, const struct strmap *keys);

/* Rebuild an entry's indexes after its objects changed. */
void cache_reindex(struct cache_coll *e);

/* Append obj (stolen) to the entry and index it. */
void cache_append(struct cache_coll *e, json_t *obj);
/* Remove the object at index i. */
void cache_remove(struct cache_coll *e, size_t i);

/* Partial objects (see struct cache_coll). */
void cache_set_partial(struct cache_coll *e, const char *id, bool partial);
bool cache_is_partial(const struct cache_coll *e, const char *id);
bool cache_has_partial(const struct cache_coll *e);

/*
 * The length of the shortest prefix of id, at least min, that no other id in e shares
 * (case-insensitively): what a handle needs to resolve back. O(log n) after an O(n log n)
 * sort the first time it is asked after the entry changed.
 */
size_t cache_unique_prefix(struct cache_coll *e, const char *id, size_t min);

/*
 * May e be used as it is? Not when stale or when force is set; else yes when max_age < 0
 * (trusted until news says otherwise), when it was fetched during this command, or when it
 * is younger than max_age seconds.
 */
bool cache_is_fresh(const struct cache *c, const struct cache_coll *e, double max_age, bool force);

/* Replace the object at index i by obj (stolen) and reindex. */
void cache_replace(struct cache_coll *e, size_t i, json_t *obj);

/* ---- the coherence rules: what a write of midosh's own does to the cache ------------ */

/*
 * An object of type t was created in the collection whose entry key is coll_key, under
 * the object whose URI is parent_uri (NULL: at the root). obj is the body sent, with its
 * id (NULL when t has none) and uri set; it is borrowed. It joins its entry, when that is
 * fresh, as a partial object (without an id: the entry is stale instead), and the root
 * list of its family (a bridge port in /ports) as a partial object too, stale; its
 * parent's other children, the other lists of its family and, for tenant-owned types, the
 * tenants are stale.
 */
void cache_created(struct cache *c, const char *coll_key, const char *parent_uri,
                   const struct type *t, const json_t *obj, const char *id);

/*
 * The object with id id (NULL: found by identity, old_obj) in entry coll_uri was changed
 * to obj (borrowed; a reference is taken): it replaces the cached copy, and the other lists
 * of its family are stale. Returns the entry that holds the new copy, or NULL.
 */
struct cache_coll *cache_changed(struct cache *c, const char *coll_uri, const struct type *t,
                                 const json_t *old_obj, const char *id, json_t *obj);

/*
 * The object (id, or old_obj when it has none) of entry coll_uri, at obj_uri, was deleted:
 * it leaves its entry, which stays fresh; its children's entries are dropped, and every
 * other entry is stale (deletes cascade to ports, routes, links, memberships).
 */
void cache_deleted(struct cache *c, const char *coll_uri, const char *obj_uri,
                   const json_t *old_obj, const char *id);

/* A link between two ports was made or cut: every list of ports is stale. */
void cache_linked(struct cache *c);

/*
 * e is to be fetched again before it is used: news of a change made elsewhere, or an older
 * copy that misses a name a command looks for.
 */
void cache_mark_stale(struct cache_coll *e);

/* Mark every entry stale. */
void cache_invalidate_all(struct cache *c);
/* Mark stale every entry fetched before the current command (see cache_next_epoch). */
void cache_invalidate_older(struct cache *c);
/* Mark every entry of the same type family as t stale, but the one whose URI is keep. */
void cache_invalidate_family(struct cache *c, const struct type *t, const char *keep);
/* Forget every entry whose URI starts with prefix (an object's children). */
void cache_drop_prefix(struct cache *c, const char *prefix);

/* Start a new command: entries fetched before it are "old" for retry decisions. */
void cache_next_epoch(struct cache *c);

/* Where an object with this id lives in the cache (any entry), or false. */
bool cache_find_id(struct cache *c, const char *id, struct cache_coll **e, size_t *index);

/*
 * The index in e of the object with id id, or, when id is NULL, of obj itself (the same
 * JSON value, for objects without an id). False when it is not there.
 */
bool cache_index_of(const struct cache_coll *e, const char *id, const json_t *obj, size_t *index);

#endif
