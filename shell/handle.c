#include "shell/handle.h"

#include <stdlib.h>
#include <string.h>

#include "shell/fetch.h"
#include "shell/resolve.h"

static bool unique_in(const struct strmap *m, const char *key, size_t i)
{
    size_t v;

    return strmap_get(m, key, &v) && v == i;
}

static bool names_other(struct cache_coll *e, const char *word, size_t i)
{
    size_t v;

    return strmap_get(&e->names, word, &v) && v != i;
}

static void ref_or_id(ref_handle_fn ref, void *ctx, const struct attr *a, const char *id,
                      struct strbuf *out)
{
    if (ref)
        ref(ctx, a, id, out);
    else
        strbuf_addstr(out, id);
}

/* Rule 2: PARENT:KEY, when the key is unique among the parent's children in e. */
static bool qualified_handle(struct cache_coll *e, size_t i, const struct type *t, const char *key,
                             ref_handle_fn ref, void *ctx, struct strbuf *out)
{
    const struct attr *pa = schema_parent_attr(t);
    const json_t *obj = json_array_get(e->objects, i);
    const char *pid = pa ? json_string_value(json_object_get(obj, pa->key)) : NULL;
    struct strbuf other = STRBUF_INIT;
    bool unique = pid != NULL;

    for (size_t j = 0; unique && j < json_array_size(e->objects); j++) {
        const json_t *o = json_array_get(e->objects, j);
        const char *opid = json_string_value(json_object_get(o, pa->key));

        strbuf_reset(&other);
        if (j != i && opid && !strcmp(opid, pid) &&
            schema_object_key(schema_variant(e->type, o), o, &other) && !strcmp(other.buf, key))
            unique = false;
    }
    strbuf_release(&other);
    if (!unique)
        return false;
    ref_or_id(ref, ctx, pa, pid, out);
    strbuf_addch(out, ':');
    strbuf_add_escaped(out, key);
    return true;
}

void handle_id_prefix(struct cache_coll *e, const char *id, struct strbuf *out)
{
    size_t n = cache_unique_prefix(e, id, HANDLE_MIN_PREFIX), len = strlen(id);

    /* Not ending on a dash, and not another object's name (names resolve first). */
    for (; n < len; n++) {
        char *p;
        bool named;

        if (id[n - 1] == '-')
            continue;
        p = xstrndup(id, n);
        named = strmap_get(&e->names, p, &(size_t){ 0 });
        free(p);
        if (!named)
            break;
    }
    strbuf_add(out, id, n);
}

void handle_in(struct cache_coll *e, size_t i, ref_handle_fn ref, void *ctx, struct strbuf *out)
{
    json_t *obj = json_array_get(e->objects, i);
    const struct type *t = schema_variant(e->type, obj);
    const char *name = schema_object_name(t, obj);
    const char *id = schema_object_id(t, obj);
    struct strbuf key = STRBUF_INIT;

    if (name && *name && unique_in(&e->names, name, i) && !resolve_is_uuid(name)) {
        strbuf_add_escaped(out, name);
        goto out;
    }
    if ((e->type->flags & TF_ROOT) && !(t->flags & TF_ROOT) && schema_object_key(t, obj, &key) &&
        qualified_handle(e, i, t, key.buf, ref, ctx, out))
        goto out;
    strbuf_reset(&key);
    if (schema_object_key(t, obj, &key) && unique_in(&e->keys, key.buf, i)) {
        const struct attr *ka = schema_attr(t, t->key_attr);

        if (ka && ka->kind == K_REF) {
            /* A member is known by its host: print the host's handle. */
            ref_or_id(ref, ctx, ka, key.buf, out);
            goto out;
        }
        if (!names_other(e, key.buf, i)) {
            strbuf_add_escaped(out, key.buf);
            goto out;
        }
    }
    if (id)
        handle_id_prefix(e, id, out);
out:
    strbuf_release(&key);
}

void handle_among(const struct type *t, const json_t *objects, const char *id,
                  ref_handle_fn ref, void *ctx, struct strbuf *out)
{
    struct cache c;
    struct cache_coll *e;
    size_t i;

    cache_init(&c);
    e = cache_store(&c, "", t, json_deep_copy(objects));
    if (strmap_get(&e->ids, id, &i))
        handle_in(e, i, ref, ctx, out);
    else
        strbuf_addstr(out, id);
    cache_release(&c);
}

void handle_ref(void *ctx, const struct attr *a, const char *id, struct strbuf *out)
{
    struct run *r = ctx;
    struct cache_coll *e;
    size_t i;

    if (fetch_ref_names(r, a, &e) == ST_OK && strmap_get(&e->ids, id, &i))
        handle_in(e, i, handle_ref, r, out);
    else
        strbuf_addstr(out, id);
}
