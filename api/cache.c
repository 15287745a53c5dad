#include "api/cache.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

void cache_init(struct cache *c)
{
    memset(c, 0, sizeof(*c));
}

static void coll_free(struct cache_coll *e)
{
    free(e->uri);
    json_decref(e->objects);
    strmap_release(&e->ids);
    strmap_release(&e->names);
    strmap_release(&e->keys);
    strmap_release(&e->partial);
    free(e->sorted_ids);
    free(e);
}

void cache_release(struct cache *c)
{
    for (size_t i = 0; i < c->n; i++)
        coll_free(c->v[i]);
    free(c->v);
    cache_init(c);
}

struct cache_coll *cache_find(struct cache *c, const char *uri)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i]->uri, uri))
            return c->v[i];
    return NULL;
}

static void index_put(struct strmap *m, const char *key, size_t i)
{
    size_t old;

    if (strmap_get(m, key, &old) && old != i)
        i = CACHE_SEVERAL;
    strmap_put(m, key, i);
}

static void forget_order(struct cache_coll *e)
{
    free(e->sorted_ids);
    e->sorted_ids = NULL;
    e->nsorted = 0;
}

static void index_one(struct cache_coll *e, size_t i)
{
    json_t *obj = json_array_get(e->objects, i);
    const struct type *t = schema_variant(e->type, obj);
    const char *s;
    struct strbuf key = STRBUF_INIT;

    forget_order(e);
    if ((s = schema_object_id(t, obj)))
        strmap_put(&e->ids, s, i);
    if ((s = schema_object_name(t, obj)) && *s)
        index_put(&e->names, s, i);
    if (schema_object_key(t, obj, &key))
        index_put(&e->keys, key.buf, i);
    strbuf_release(&key);
}

void cache_reindex(struct cache_coll *e)
{
    forget_order(e);
    strmap_release(&e->ids);
    strmap_release(&e->names);
    strmap_release(&e->keys);
    for (size_t i = 0; i < json_array_size(e->objects); i++)
        index_one(e, i);
}

struct cache_coll *cache_store(struct cache *c, const char *uri, const struct type *t,
                               json_t *objects)
{
    struct cache_coll *e = cache_find(c, uri);

    if (!e) {
        e = xcalloc(1, sizeof(*e));
        e->uri = xstrdup(uri);
        ALLOC_GROW(c->v, c->n + 1, c->alloc);
        c->v[c->n++] = e;
    } else {
        json_decref(e->objects);
    }
    e->type = t;
    e->objects = objects;
    e->fetched = monotonic_now();
    e->epoch = c->epoch;
    e->stale = false;
    e->names_only = false;
    strmap_release(&e->partial);
    cache_reindex(e);
    return e;
}

struct cache_coll *cache_store_names(struct cache *c, const char *uri, const struct type *t,
                                     json_t *objects)
{
    struct cache_coll *e = cache_store(c, uri, t, objects);

    e->names_only = true;
    return e;
}

json_t *cache_slim(json_t *obj, const struct strmap *keys)
{
    const char *key;
    json_t *v, *slim;

    if (!json_is_object(obj))
        return json_incref(obj);
    slim = json_object();
    json_object_foreach(obj, key, v)
        if (!json_is_null(v) && strmap_get(keys, key, &(size_t){ 0 }))
            json_object_set(slim, key, v);
    return slim;
}

void cache_set_partial(struct cache_coll *e, const char *id, bool partial)
{
    size_t v;

    if (partial)
        strmap_put(&e->partial, id, 1);
    else if (e->names_only || (strmap_get(&e->partial, id, &v) && v))
        strmap_put(&e->partial, id, 0);
}

bool cache_is_partial(const struct cache_coll *e, const char *id)
{
    size_t v;

    if (!id)
        return false;
    if (strmap_get(&e->partial, id, &v))
        return v;
    return e->names_only;
}

bool cache_has_partial(const struct cache_coll *e)
{
    size_t it = 0, v;
    const char *id;

    if (e->names_only)
        return true;
    while (strmap_next(&e->partial, &it, &id, &v))
        if (v)
            return true;
    return false;
}

void cache_append(struct cache_coll *e, json_t *obj)
{
    json_array_append_new(e->objects, obj);
    index_one(e, json_array_size(e->objects) - 1);
}

void cache_remove(struct cache_coll *e, size_t i)
{
    json_array_remove(e->objects, i);
    cache_reindex(e);
}

void cache_replace(struct cache_coll *e, size_t i, json_t *obj)
{
    json_array_set_new(e->objects, i, obj);
    cache_reindex(e);
}

bool cache_is_fresh(const struct cache *c, const struct cache_coll *e, double max_age, bool force)
{
    return !e->stale && !force &&
           (max_age < 0 || e->epoch == c->epoch || monotonic_now() - e->fetched < max_age);
}

void cache_mark_stale(struct cache_coll *e)
{
    e->stale = true;
}

void cache_invalidate_all(struct cache *c)
{
    for (size_t i = 0; i < c->n; i++)
        c->v[i]->stale = true;
}

void cache_invalidate_older(struct cache *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i]->epoch != c->epoch)
            c->v[i]->stale = true;
}

static bool kept(const struct cache_coll *e, const char *keep)
{
    return keep && !strcmp(e->uri, keep);
}

/* The same type, or one a variant of the other (a bridge port and the root ports). */
static bool same_family(const struct type *a, const struct type *b)
{
    bool family = a == b;

    for (const struct variant *v = a->variants; v && v->json && !family; v++)
        family = v->type == b->id;
    for (const struct variant *v = b->variants; v && v->json && !family; v++)
        family = v->type == a->id;
    return family;
}

void cache_invalidate_family(struct cache *c, const struct type *t, const char *keep)
{
    for (size_t i = 0; i < c->n; i++)
        if (same_family(c->v[i]->type, t) && !kept(c->v[i], keep))
            c->v[i]->stale = true;
}

static void invalidate_prefix(struct cache *c, const char *prefix, const char *keep)
{
    for (size_t i = 0; i < c->n; i++)
        if (starts_with(c->v[i]->uri, prefix) && !kept(c->v[i], keep))
            c->v[i]->stale = true;
}

static void invalidate_type(struct cache *c, enum type_id id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i]->type->id == id)
            c->v[i]->stale = true;
}

void cache_created(struct cache *c, const char *coll_key, const char *parent_uri,
                   const struct type *t, const json_t *obj, const char *id)
{
    struct cache_coll *e = cache_find(c, coll_key);

    if (e && !e->stale) {
        cache_append(e, json_deep_copy(obj));
        if (id)
            cache_set_partial(e, id, true);
        else
            e->stale = true;   /* no id to complete it by: list it again when needed */
    }
    /* The root list of its family holds it too (a bridge port in /ports): it joins that
     * list, partial, so that a TAB (which takes any copy) offers it; the list is stale. */
    for (size_t k = 0; id && k < c->n; k++) {
        struct cache_coll *o = c->v[k];
        size_t at;

        if (o != e && o->type != t && same_family(o->type, t) && o->type->variants &&
            !strmap_get(&o->ids, id, &at)) {
            cache_append(o, json_deep_copy(obj));
            cache_set_partial(o, id, true);
        }
    }
    if (parent_uri) {
        char *prefix = xasprintf("%s/", parent_uri);

        invalidate_prefix(c, prefix, coll_key);
        free(prefix);
    }
    cache_invalidate_family(c, t, coll_key);
    if (t->flags & TF_TENANT)
        invalidate_type(c, T_TENANT);
}

struct cache_coll *cache_changed(struct cache *c, const char *coll_uri, const struct type *t,
                                 const json_t *old_obj, const char *id, json_t *obj)
{
    struct cache_coll *e = cache_find(c, coll_uri);
    size_t i;

    if (e && cache_index_of(e, id, old_obj, &i))
        cache_replace(e, i, json_incref(obj));
    else
        e = NULL;
    cache_invalidate_family(c, t, coll_uri);
    return e;
}

void cache_deleted(struct cache *c, const char *coll_uri, const char *obj_uri,
                   const json_t *old_obj, const char *id)
{
    struct cache_coll *e = cache_find(c, coll_uri);
    char *prefix = xasprintf("%s/", obj_uri);
    size_t i;

    if (e && cache_index_of(e, id, old_obj, &i)) {
        cache_remove(e, i);
        e->stale = false;
    }
    for (size_t k = 0; k < c->n; k++)
        if (strcmp(c->v[k]->uri, coll_uri))
            c->v[k]->stale = true;
    cache_drop_prefix(c, prefix);
    free(prefix);
}

void cache_linked(struct cache *c)
{
    cache_invalidate_family(c, schema_type(T_PORT), NULL);
}

void cache_drop_prefix(struct cache *c, const char *prefix)
{
    size_t j = 0;

    for (size_t i = 0; i < c->n; i++) {
        if (starts_with(c->v[i]->uri, prefix))
            coll_free(c->v[i]);
        else
            c->v[j++] = c->v[i];
    }
    c->n = j;
}

void cache_next_epoch(struct cache *c)
{
    c->epoch++;
}

bool cache_find_id(struct cache *c, const char *id, struct cache_coll **e, size_t *index)
{
    for (size_t i = 0; i < c->n; i++) {
        if (!c->v[i]->stale && strmap_get(&c->v[i]->ids, id, index)) {
            *e = c->v[i];
            return true;
        }
    }
    return false;
}

bool cache_index_of(const struct cache_coll *e, const char *id, const json_t *obj, size_t *index)
{
    if (id)
        return strmap_get(&e->ids, id, index);
    for (*index = 0; *index < json_array_size(e->objects); (*index)++)
        if (json_array_get(e->objects, *index) == obj)
            return true;
    return false;
}

static int compare_ids(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t common_prefix(const char *a, const char *b)
{
    size_t n = 0;

    while (a[n] && b[n] && tolower((unsigned char)a[n]) == tolower((unsigned char)b[n]))
        n++;
    return n;
}

size_t cache_unique_prefix(struct cache_coll *e, const char *id, size_t min)
{
    size_t lo = 0, hi, need = 0, len = strlen(id);

    if (!e->sorted_ids) {
        size_t n = json_array_size(e->objects);

        e->sorted_ids = xcalloc(n ? n : 1, sizeof(*e->sorted_ids));
        for (size_t i = 0; i < n; i++) {
            const json_t *o = json_array_get(e->objects, i);
            const char *s = schema_object_id(schema_variant(e->type, o), o);

            if (s)
                e->sorted_ids[e->nsorted++] = s;
        }
        qsort(e->sorted_ids, e->nsorted, sizeof(*e->sorted_ids), compare_ids);
    }
    /* The neighbours in order share the longest prefixes with id. */
    hi = e->nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcasecmp(e->sorted_ids[mid], id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0)
        need = common_prefix(e->sorted_ids[lo - 1], id) + 1;
    if (lo + 1 < e->nsorted && !strcasecmp(e->sorted_ids[lo], id))
        lo++;
    if (lo < e->nsorted && strcasecmp(e->sorted_ids[lo], id)) {
        size_t c = common_prefix(e->sorted_ids[lo], id) + 1;

        need = c > need ? c : need;
    }
    need = need > min ? need : min;
    return need < len ? need : len;
}
