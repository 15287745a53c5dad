/*
 * strmap: a hash map from strings to size_t values (open addressing, FNV-1a).
 * Keys are copied; the map owns its copies.
 */
#ifndef MIDOSH_STRMAP_H
#define MIDOSH_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

/* The slots are the map's own: read a map with strmap_get() and strmap_next() only. */
struct strmap_slot {
    char *key;            /* NULL: empty */
    size_t value;
};

struct strmap {
    struct strmap_slot *slots;
    size_t cap;           /* a power of two, or 0 */
    size_t len;
};

#define STRMAP_INIT { NULL, 0, 0 }

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Insert or replace. */
void strmap_put(struct strmap *m, const char *key, size_t value);
/* True and *value set when key is present. */
bool strmap_get(const struct strmap *m, const char *key, size_t *value);

/*
 * Iterate over the entries in no particular order:
 *     size_t it = 0; const char *key; size_t value;
 *     while (strmap_next(m, &it, &key, &value)) ...
 * *key is borrowed, valid until the map changes. False when there are no more.
 */
bool strmap_next(const struct strmap *m, size_t *it, const char **key, size_t *value);

#endif
