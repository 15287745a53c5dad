/*
 * cache: API objects as the API returned them, one entry per collection URI (query
 * included), with indexes by id, name and natural key.
 *
 * A collection is filled by one GET of the whole collection (the executor does the GET;
 * the cache only keeps and indexes). midosh's own writes update entries in place;
 * anything else marks them stale, and a stale entry is fetched again the next time it
 * is needed.
 */
#ifndef MIDOSH_CACHE_H
#define MIDOSH_CACHE_H

#include <stdbool.h>
#include <jansson.h>

#include "lib/strmap.h"
#include "parser/schema.h"

#define CACHE_SEVERAL ((size_t)-1)   /* an index value: more than one object has this key */

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
    struct strmap partial;      /* id -> 1 */
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

/* Monotonic clock, seconds. */
double cache_now(void);

/* The entry for uri, or NULL. Stale entries are returned too: check ->stale. */
struct cache_coll *cache_find(struct cache *c, const char *uri);

/* Store (or replace) the objects of uri; objects (an array) is stolen. */
struct cache_coll *cache_store(struct cache *c, const char *uri, const struct type *t,
                               json_t *objects);

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

/* Mark every entry stale. */
void cache_invalidate_all(struct cache *c);
/* Forget every entry whose URI starts with prefix (an object's children). */
void cache_drop_prefix(struct cache *c, const char *prefix);

/* Start a new command: entries fetched before it are "old" for retry decisions. */
void cache_next_epoch(struct cache *c);

/* Where an object with this id lives in the cache (any entry), or false. */
bool cache_find_id(struct cache *c, const char *id, struct cache_coll **e, size_t *index);

#endif
