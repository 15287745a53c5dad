#include "lib/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static uint64_t hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

void strmap_init(struct strmap *m)
{
    m->slots = NULL;
    m->cap = 0;
    m->len = 0;
}

void strmap_release(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    strmap_init(m);
}

static struct strmap_slot *find(const struct strmap *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);

    while (m->slots[i].key && strcmp(m->slots[i].key, key))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

static void rehash(struct strmap *m)
{
    struct strmap old = *m;

    m->cap = old.cap ? old.cap * 2 : 16;
    m->slots = xcalloc(m->cap, sizeof(*m->slots));
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].key)
            *find(m, old.slots[i].key) = old.slots[i];
    free(old.slots);
}

void strmap_put(struct strmap *m, const char *key, size_t value)
{
    struct strmap_slot *s;

    if ((m->len + 1) * 4 > m->cap * 3)
        rehash(m);
    s = find(m, key);
    if (!s->key) {
        s->key = xstrdup(key);
        m->len++;
    }
    s->value = value;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *value)
{
    const struct strmap_slot *s;

    if (!m->cap)
        return false;
    s = find(m, key);
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

bool strmap_next(const struct strmap *m, size_t *it, const char **key, size_t *value)
{
    for (; *it < m->cap; (*it)++) {
        if (m->slots[*it].key) {
            *key = m->slots[*it].key;
            *value = m->slots[(*it)++].value;
            return true;
        }
    }
    return false;
}
