/*
 * fetch: the collections a command needs, from the cache or with one GET each. A
 * collection is found from the root document (root types) or from its parent object's
 * link (children), filtered by the session tenant where the type is tenant-owned, and kept
 * in the cache under its URI with the query.
 */
#ifndef MIDOSH_FETCH_H
#define MIDOSH_FETCH_H

#include "shell/verb.h"

/*
 * The URI of t's collection under parent (NULL: the root), with the tenant filter as a
 * query when the session has a tenant. *uri and *query are the caller's (NULL on failure).
 */
enum status fetch_uri(struct run *r, const struct target *parent, const struct type *t,
                      char **uri, char **query);

/*
 * The API's dialect, known: the root document read (once per process) unless it was
 * already. ST_OK, or the root's failure (reported).
 */
enum status fetch_dialect(struct run *r);

/* The cache key of a collection: uri, and ?query when there is one. The caller's. */
char *fetch_key(const char *uri, const char *query);

/*
 * One GET of t's collection at uri (query: NULL or the tenant filter), nothing cached: each
 * object is handed to each (it is the callee's) as it arrives when the backend reads lists
 * that way (api_list), else once the reply is in; a singleton's object is its one element.
 * ST_OK, or the failure, reported ("cannot list bridges: ..."); on failure the objects
 * already handed over are the caller's to drop. each must make no request. keep, when not
 * NULL, cuts each object to the members whose keys it holds, null ones left out
 * (cache_slim(); api_list() cuts them as it reads).
 */
enum status fetch_each(struct run *r, const char *uri, const char *query, const struct type *t,
                       const struct strmap *keep, api_each_fn *each, void *ctx);
/* An api_each_fn that appends each object to ctx, a JSON array. */
void fetch_collect(void *ctx, json_t *obj);

/*
 * The cache entry of a collection, fetched with one GET when it is missing, stale, too old
 * (session_max_age), or when force is set. While completing, any cached copy will do.
 */
enum status fetch(struct run *r, const char *uri, const char *query, const struct type *t,
                  bool force, struct cache_coll **out);

/*
 * fetch_uri() then fetch(): t's collection under parent. A singleton is always the root's,
 * without a query.
 */
enum status fetch_under(struct run *r, const struct target *parent, const struct type *t,
                        bool force, struct cache_coll **out);

/*
 * fetch_under() for resolving a name: the objects need only be known by their names
 * (id, name, key, uri), so with ZooKeeper a root collection not cached yet is read from
 * its nodes rather than listed by the API (a names_only entry: see api/cache.h, and
 * doc/cache.md). An object used from it is completed by one GET (resolve.c).
 */
enum status fetch_names(struct run *r, const struct target *parent, const struct type *t,
                        bool force, struct cache_coll **out);

/*
 * The collection a reference attribute's values live in: the object's parent's children
 * for a parent-scoped attribute (a route's next-hop port), else the root collection of the
 * referenced type (the root /ports for a port of any device).
 */
enum status fetch_ref_scope(struct run *r, const struct attr *a, struct cache_coll **out);
/* fetch_ref_scope() for resolving a name to an id: as fetch_names(). */
enum status fetch_ref_names(struct run *r, const struct attr *a, struct cache_coll **out);

/* One object by its uri, as type t (its full media type). */
enum api_status fetch_object(struct run *r, const char *uri, const struct type *t,
                             struct api_response *resp);

#endif
