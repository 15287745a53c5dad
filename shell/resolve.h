/*
 * resolve: the words of a command turned into objects and ids, through the cache (fetch.h).
 * An object is named, in this order of trust, by its full id (a UUID), its name, its
 * natural key (a router port's address; a member by its host), PARENT:KEY for a child
 * referenced from elsewhere ("r1:10.0.0.1"), or a prefix of its id of 4 digits or more
 * (dashes allowed where a UUID has them). A word that names several objects is an error
 * that lists them. A word missing from a copy fetched by an earlier command is looked up
 * once more in a fresh copy.
 */
#ifndef MIDOSH_RESOLVE_H
#define MIDOSH_RESOLVE_H

#include "shell/verb.h"

/* What looking a word up in one collection found. */
enum found {
    FOUND,                      /* exactly one object: *index */
    NOT_FOUND,
    AMBIGUOUS,                  /* several, or the word's reference failed: reported */
};

bool resolve_is_uuid(const char *s);
/* 4 or more hex digits, dashes allowed where a UUID has them. */
bool resolve_is_id_prefix(const char *s);

/* Find word in entry e (see above; PARENT:KEY is resolve_ref's). */
enum found resolve_in(struct run *r, struct cache_coll *e, const char *word, size_t *index);

/* Resolve every step of r->cmd's path into r->path (r->npath of them so far). */
enum status resolve_path(struct run *r);

/* A reference value of attribute a, resolved to an id (the caller's string). */
enum status resolve_ref(struct run *r, const struct attr *a, const char *word, char **id);

/* Does object o (of type t) match every filter? References compare by resolved id. */
enum status resolve_matches(struct run *r, const struct type *t, json_t *o,
                            const struct value *f, size_t nf, bool *yes);

/* The index of target t in its cache entry, and the entry; false when it is not there. */
bool resolve_target_index(struct run *r, const struct target *t, struct cache_coll **e,
                          size_t *i);

#endif
