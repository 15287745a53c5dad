/*
 * handle: every handle midosh prints — the word that names an object in a list, a
 * reference, a `watch` event or a `doctor` line — is made here, by one rule, so that what
 * midosh prints resolves back to the same object (resolve.h) in any later run:
 *
 *   1. its name, when no other object of its collection has it (and it is not a UUID);
 *   2. for a child listed at the root (a router port in /ports), PARENT:KEY when its
 *      natural key is unique among its parent's children ("r1:10.0.0.1");
 *   3. its natural key, when unique in the collection and not another object's name (a
 *      key that is a reference, a member's host, prints as that object's handle);
 *   4. else the shortest prefix of its id, 8 digits or more, that no other id of the
 *      collection shares, not ending on a dash and not another object's name.
 */
#ifndef MIDOSH_HANDLE_H
#define MIDOSH_HANDLE_H

#include "api/cache.h"
#include "shell/format.h"

/* The shortest id prefix a handle uses (resolution accepts 4 digits and more). */
#define HANDLE_MIN_PREFIX 8

/*
 * The handle of object i of entry e, appended to out. ref (with ctx) writes the handle of
 * a referenced object (a member's host, a port's device); NULL writes its id.
 */
void handle_in(struct cache_coll *e, size_t i, ref_handle_fn ref, void *ctx, struct strbuf *out);

/*
 * Rule 4 alone: the id prefix by which id (an id in e) resolves back, appended to out.
 * What names each of several objects an ambiguous word matched.
 */
void handle_id_prefix(struct cache_coll *e, const char *id, struct strbuf *out);

/*
 * The handle of the object with id id among objects (a JSON array of objects of type t)
 * that the cache does not hold: watch's ZooKeeper nodes, doctor's lists. ref (with ctx)
 * as for handle_in(). An id missing from objects prints whole.
 */
void handle_among(const struct type *t, const json_t *objects, const char *id,
                  ref_handle_fn ref, void *ctx, struct strbuf *out);

/*
 * A ref_handle_fn for a command's run (ctx is a struct run *): the handle of the object id
 * in the collection attribute a refers into (fetched when needed), or id when not found.
 */
void handle_ref(void *ctx, const struct attr *a, const char *id, struct strbuf *out);

#endif
