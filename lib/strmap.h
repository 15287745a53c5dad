/*
 * strmap: a hash map from strings to size_t values (open addressing, FNV-1a).
 * Keys are copied; the map owns its copies.
 */
#ifndef MIDOSH_STRMAP_H
#define MIDOSH_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
