#include "shell/exec.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "parser/help.h"
#include "shell/format.h"
#include "shell/zkcmd.h"

/* A resolved step of a path: an object, where it was found, and what it is. */
struct target {
    const struct type *type;    /* concrete type (a root "port" becomes a bridge or router port) */
    json_t *obj;                /* a reference of our own */
    char *coll_uri;             /* the cache entry it was found in */
};

/* What one run of a command needs besides the session. */
struct run {
    struct session *s;
    const struct command *cmd;
    struct target *path;        /* resolved cmd->path */
    size_t npath;
    bool completing;            /* TAB: any cached copy will do; no copy and no network: fail */
    bool offline;               /* ...and the network may not be used at all */
    bool used_old;              /* a name was resolved from a collection fetched by an earlier command */
    bool stale_404;             /* ...and the API then answered 404: worth one retry */
};

/* ---- small helpers --------------------------------------------------------------- */

static bool is_uuid(const char *s)
{
    static const int dash[] = { 8, 13, 18, 23 };
    size_t d = 0;

    if (strlen(s) != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        if (d < ARRAY_SIZE(dash) && (int)i == dash[d]) {
            if (s[i] != '-')
                return false;
            d++;
        } else if (!isxdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}

/* 4 or more hex digits, dashes allowed where a UUID has them. */
static bool is_id_prefix(const char *s)
{
    size_t hex = 0;

    for (const char *p = s; *p; p++) {
        if (isxdigit((unsigned char)*p))
            hex++;
        else if (*p != '-')
            return false;
    }
    return hex >= 4 && strlen(s) <= 36;
}

static bool has_prefix_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static const char *what(const struct type *t)
{
    return t->name;
}

static void media_of(const struct type *t, struct strbuf *out)
{
    strbuf_reset(out);
    schema_media(t, out);
}

/* The id of object i of entry e (borrowed), or NULL. */
static const char *entry_id(const struct cache_coll *e, size_t i)
{
    const json_t *o = json_array_get(e->objects, i);

    return schema_object_id(schema_variant(e->type, o), o);
}

static void target_release(struct target *t)
{
    json_decref(t->obj);
    free(t->coll_uri);
}

/*
 * Is the object the command acts on gone from the API? MidoNet answers a PUT on a
 * missing router or bridge with 500, not 404, so a 500 is checked with one GET.
 */
static bool target_gone(struct run *r)
{
    const struct target *t = r->npath ? &r->path[r->npath - 1] : NULL;
    const char *uri = t ? json_string_value(json_object_get(t->obj, "uri")) : NULL;
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    bool gone;

    if (!uri)
        return false;
    schema_media(t->type, &media);
    gone = api_get(r->s->api, uri, NULL, media.buf, &resp) == API_FAILED && resp.status == 404;
    api_response_release(&resp);
    strbuf_release(&media);
    return gone;
}

/*
 * Report an API failure as "DOING: what the API said", DOING given as a format
 * ("cannot create %s"); returns the status for it.
 */
static enum status api_failure(struct run *r, enum api_status st, const struct api_response *resp,
                               const char *fmt, ...) PRINTF_LIKE(4, 5);

static enum status api_failure(struct run *r, enum api_status st, const struct api_response *resp,
                               const char *fmt, ...)
{
    const char *msg = resp->message ? resp->message : "unknown error";
    struct strbuf doing = STRBUF_INIT;
    enum status ret = ST_FAILED;
    va_list ap;

    va_start(ap, fmt);
    strbuf_vaddf(&doing, fmt, ap);
    va_end(ap);

    switch (st) {
    case API_OK:
        ret = ST_OK;
        break;
    case API_UNREACHABLE:
        error("%s: %s", doing.buf, msg);
        ret = ST_UNREACHABLE;
        break;
    case API_AUTH:
        error("%s: authentication failed: %s", doing.buf, msg);
        ret = ST_UNREACHABLE;
        break;
    case API_INTERRUPTED:
        error("%s: interrupted", doing.buf);
        break;
    case API_FAILED:
        if (r->used_old && (resp->status == 404 || (resp->status == 500 && target_gone(r))))
            r->stale_404 = true;   /* named from an older fetch, and gone: retry */
        else
            error("%s: %s", doing.buf, msg);
        break;
    }
    strbuf_release(&doing);
    return ret;
}

/* ---- fetching collections -------------------------------------------------------- */

static enum status root_doc(struct run *r, const json_t **root)
{
    struct api_response resp = { 0 };
    enum api_status st = api_root(r->s->api, root, &resp);
    enum status ret = ST_OK;

    if (st != API_OK)
        ret = api_failure(r, st, &resp, "cannot read the API root");
    api_response_release(&resp);
    return ret;
}

/*
 * The URI of t's collection under parent (NULL: the root), with the tenant filter as
 * a query when the session has a tenant. *uri and *query are the caller's.
 */
static enum status collection_uri(struct run *r, const struct target *parent, const struct type *t,
                                  char **uri, char **query)
{
    const json_t *root;
    enum status st;

    *uri = NULL;
    *query = NULL;
    if (parent) {
        const struct child *c = schema_child(parent->type, t->id);
        const char *u = c ? json_string_value(json_object_get(parent->obj, c->uri_key)) : NULL;

        if (!u) {
            error("%s objects have no %s", what(parent->type), t->plural);
            return ST_FAILED;
        }
        *uri = xstrdup(u);
    } else {
        if (r->offline && !api_root_uri(r->s->api, "uri", NULL))
            return ST_FAILED;
        if ((st = root_doc(r, &root)) != ST_OK)
            return st;
        if (!t->root_key || !(*uri = api_root_uri(r->s->api, t->root_key, NULL))) {
            error("the API offers no %s", t->plural);
            return ST_FAILED;
        }
    }
    if ((t->flags & TF_TENANT) && r->s->tenant && *r->s->tenant) {
        char *v = api_escape(r->s->api, r->s->tenant);

        *query = xasprintf("tenant_id=%s", v);
        free(v);
    }
    return ST_OK;
}

static char *cache_key(const char *uri, const char *query)
{
    return query ? xasprintf("%s?%s", uri, query) : xstrdup(uri);
}

/*
 * The cache entry of a collection, fetched with one GET when it is missing, stale,
 * too old (interactive sessions), or when force is set.
 */
static enum status fetch(struct run *r, const char *uri, const char *query, const struct type *t,
                         bool force, struct cache_coll **out)
{
    struct session *s = r->s;
    char *key = cache_key(uri, query);
    struct cache_coll *e = cache_find(&s->cache, key);
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum status ret = ST_OK;
    enum api_status st;
    json_t *objects;
    int64_t since;
    double max_age = session_max_age(s, e);    /* ZooKeeper's news first: it may mark e stale */

    if (e && ((!e->stale && !force &&
               (max_age < 0 || e->epoch == s->cache.epoch || cache_now() - e->fetched < max_age)) ||
              r->completing)) {
        *out = e;
        goto out;
    }
    if (r->offline) {
        ret = ST_FAILED;
        goto out;
    }
    if (t->flags & TF_SINGLETON)
        schema_media(t, &media);
    else
        schema_list_media(t, &media);
    /* Not for a TAB, which must not wait on ZooKeeper's servers as well as on the API. */
    since = r->completing ? -1 : session_zk_clock(s, e);
    st = api_get(s->api, uri, query, media.buf, &resp);
    if (st != API_OK) {
        ret = api_failure(r, st, &resp, "cannot list %s", t->plural);
        goto out;
    }
    if (t->flags & TF_SINGLETON && json_is_object(resp.body)) {
        objects = json_array();
        json_array_append(objects, resp.body);
    } else if (json_is_array(resp.body)) {
        objects = json_incref(resp.body);
    } else {
        error("cannot list %s: the API answered something that is not a list", t->plural);
        ret = ST_FAILED;
        goto out;
    }
    *out = cache_store(&s->cache, key, t, objects);
    session_watch(s, *out, since);
out:
    api_response_release(&resp);
    strbuf_release(&media);
    free(key);
    return ret;
}

/* ---- handles --------------------------------------------------------------------- */

/*
 * The handle of object i of entry e: its name when unique in e, else its natural key
 * when unique, else the shortest id prefix of 8 or more digits that resolves back to it.
 * A handle never collides with another object's name (names resolve first).
 */
static void handle_in(struct run *r, struct cache_coll *e, size_t i, struct strbuf *out);

static void handle_ref(void *ctx, const struct attr *a, const char *id, struct strbuf *out);

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

/* The read-only reference from a child type to its parent (a port's device), or NULL. */
static const struct attr *parent_attr(const struct type *t)
{
    for (const struct attr *a = t->attrs; a->name; a++)
        if (a->kind == K_REF && (a->flags & A_RO) && schema_child(schema_type(a->ref), t->id))
            return a;
    return NULL;
}

/*
 * A child listed at the root (a router port in /ports) with a natural key unique among
 * its siblings prints as PARENT:KEY ("r1:10.0.0.1"), which resolves back.
 */
static bool qualified_handle(struct run *r, struct cache_coll *e, size_t i, const struct type *t,
                             const char *key, struct strbuf *out)
{
    const struct attr *pa = parent_attr(t);
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
    handle_ref(r, pa, pid, out);
    strbuf_addch(out, ':');
    strbuf_addstr(out, key);
    return true;
}

static void handle_in(struct run *r, struct cache_coll *e, size_t i, struct strbuf *out)
{
    json_t *obj = json_array_get(e->objects, i);
    const struct type *t = schema_variant(e->type, obj);
    const char *name = schema_object_name(t, obj);
    const char *id = schema_object_id(t, obj);
    struct strbuf key = STRBUF_INIT;

    if (name && *name && unique_in(&e->names, name, i) && !is_uuid(name)) {
        strbuf_addstr(out, name);
        goto out;
    }
    if ((e->type->flags & TF_ROOT) && !(t->flags & TF_ROOT) && schema_object_key(t, obj, &key) &&
        qualified_handle(r, e, i, t, key.buf, out))
        goto out;
    strbuf_reset(&key);
    if (schema_object_key(t, obj, &key) && unique_in(&e->keys, key.buf, i)) {
        const struct attr *ka = schema_attr(t, t->key_attr);

        if (ka && ka->kind == K_REF) {
            /* A member is known by its host: print the host's handle. */
            handle_ref(r, ka, key.buf, out);
            goto out;
        }
        if (!names_other(e, key.buf, i)) {
            strbuf_addstr(out, key.buf);
            goto out;
        }
    }
    if (id) {
        size_t n = cache_unique_prefix(e, id, 8), len = strlen(id);

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
out:
    strbuf_release(&key);
}

/* The collection a reference attribute's values live in. */
static enum status ref_scope(struct run *r, const struct attr *a, struct cache_coll **out)
{
    const struct type *t = schema_type(a->ref);
    const struct target *parent = NULL;
    char *uri = NULL, *query = NULL;
    enum status st;

    if (a->flags & A_PARENT_SCOPE) {
        /* The object's parent: the last step of the path when listing or creating
         * under it, the one before it when acting on the object itself. */
        if (r->cmd->type && r->npath)
            parent = &r->path[r->npath - 1];
        else if (r->npath >= 2)
            parent = &r->path[r->npath - 2];
    }
    if (!parent && !(t->flags & TF_ROOT)) {
        /* A child type referenced from elsewhere (a router port): the root /ports. */
        t = schema_type(T_PORT);
    }
    st = collection_uri(r, parent, t, &uri, &query);
    if (st == ST_OK)
        st = fetch(r, uri, query, t, false, out);
    free(uri);
    free(query);
    return st;
}

static void handle_ref(void *ctx, const struct attr *a, const char *id, struct strbuf *out)
{
    struct run *r = ctx;
    struct cache_coll *e;
    size_t i;

    if (ref_scope(r, a, &e) == ST_OK && strmap_get(&e->ids, id, &i))
        handle_in(r, e, i, out);
    else
        strbuf_addstr(out, id);
}

/* ---- resolving names ------------------------------------------------------------- */

static enum status resolve_ref(struct run *r, const struct attr *a, const char *word, char **id);

/* Find word in entry e. Returns the index, or -1 (not found), or -2 (ambiguous, reported). */
static long find_in(struct run *r, struct cache_coll *e, const char *word)
{
    size_t i, n = json_array_size(e->objects);
    const struct type *t = e->type;
    const struct attr *ka = t->key_attr ? schema_attr(t, t->key_attr) : NULL;
    long found = -1;
    struct strbuf many = STRBUF_INIT;

    if (is_uuid(word)) {
        for (i = 0; i < n; i++) {
            const char *id = entry_id(e, i);

            if (id && !strcasecmp(id, word))
                return (long)i;
        }
    }
    if (strmap_get(&e->names, word, &i)) {
        if (i != CACHE_SEVERAL)
            return (long)i;
        for (i = 0; i < n; i++) {
            json_t *o = json_array_get(e->objects, i);
            const char *name = schema_object_name(schema_variant(t, o), o);
            const char *id = entry_id(e, i);

            if (name && !strcmp(name, word))
                strbuf_addf(&many, "%s%.8s", many.len ? ", " : "", id ? id : "?");
        }
        error("several %s are named '%s': %s (use an id)", t->plural, word, many.buf);
        strbuf_release(&many);
        return -2;
    }
    /* Natural keys: a member is named by its host, other keys are typed as printed. */
    if (ka && ka->kind == K_REF) {
        char *id = NULL;
        enum status st = resolve_ref(r, ka, word, &id);

        if (st == ST_OK && strmap_get(&e->keys, id, &i) && i != CACHE_SEVERAL)
            found = (long)i;
        free(id);
        if (found >= 0 || st != ST_OK)
            return found >= 0 ? found : -2;
    } else if (ka) {
        struct strbuf key = STRBUF_INIT;
        bool hit;

        schema_key_form(t, word, &key);
        hit = strmap_get(&e->keys, key.buf, &i);
        strbuf_release(&key);
        if (hit && i != CACHE_SEVERAL)
            return (long)i;
        if (hit) {
            error("several %s have %s '%s' (use an id)", t->plural, t->key_attr, word);
            return -2;
        }
    }
    if (is_id_prefix(word)) {
        for (i = 0; i < n; i++) {
            const char *id = entry_id(e, i);

            if (id && has_prefix_ci(id, word)) {
                strbuf_addf(&many, "%s%.8s", many.len ? ", " : "", id);
                found = found == -1 ? (long)i : -3;
            }
        }
        if (found == -3) {
            error("id prefix '%s' matches several %s: %s", word, t->plural, many.buf);
            found = -2;
        }
    }
    strbuf_release(&many);
    return found;
}

/* Replace a partial object (see cache.h) by what the API holds: one GET of its uri. */
static enum status complete(struct run *r, struct cache_coll *e, size_t i)
{
    json_t *o = json_array_get(e->objects, i);
    const struct type *t = schema_variant(e->type, o);
    char *id = xstrdup(entry_id(e, i));
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum api_status ast;
    enum status st = ST_OK;

    schema_media(t, &media);
    ast = api_get(r->s->api, json_string_value(json_object_get(o, "uri")), NULL, media.buf, &resp);
    if (ast != API_OK) {
        st = api_failure(r, ast, &resp, "cannot read %s '%s'", what(t), id);
    } else if (!json_is_object(resp.body)) {
        st = ST_FAILED;
        error("cannot read %s '%s': the API answered something that is not an object", what(t), id);
    } else {
        json_array_set(e->objects, i, resp.body);
        cache_set_partial(e, id, false);
        cache_reindex(e);
    }
    free(id);
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}

/*
 * Find word in t's collection under parent: fetch the collection if needed, and once
 * more when the word is missing from a copy fetched by an earlier command.
 */
static enum status lookup(struct run *r, const struct target *parent, const struct type *t,
                          const char *word, struct target *out, bool quiet)
{
    char *uri = NULL, *query = NULL;
    struct cache_coll *e;
    enum status st;
    long i = -1;

    if ((st = collection_uri(r, parent, t, &uri, &query)) != ST_OK)
        goto out;
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((st = fetch(r, uri, query, t, attempt > 0, &e)) != ST_OK)
            goto out;
        i = find_in(r, e, word);
        if (i == -2) {
            st = ST_FAILED;
            goto out;
        }
        if (i >= 0 || e->epoch == r->s->cache.epoch)
            break;
    }
    if (i < 0) {
        st = ST_FAILED;
        if (quiet)
            goto out;
        if (parent) {
            struct strbuf h = STRBUF_INIT;
            struct cache_coll *pe = cache_find(&r->s->cache, parent->coll_uri);
            size_t pi;

            if (pe && strmap_get(&pe->ids, schema_object_id(parent->type, parent->obj) ?: "", &pi))
                handle_in(r, pe, pi, &h);
            error("no %s '%s' in %s '%s'", what(t), word, what(parent->type), h.len ? h.buf : "?");
            strbuf_release(&h);
        } else {
            error("no %s named '%s'%s", what(t), word, help_alias_note(word, t));
        }
        goto out;
    }
    if (e->epoch != r->s->cache.epoch)
        r->used_old = true;
    if (cache_is_partial(e, entry_id(e, (size_t)i)) && (st = complete(r, e, (size_t)i)) != ST_OK)
        goto out;
    out->obj = json_incref(json_array_get(e->objects, (size_t)i));
    out->type = schema_variant(t, out->obj);
    out->coll_uri = xstrdup(e->uri);
out:
    free(uri);
    free(query);
    return st;
}

/* The concrete types a reference to t may name: its variants, or t itself. */
static size_t concrete_types(const struct type *t, const struct type **out, size_t max)
{
    size_t n = 0;

    if (!t->variants) {
        out[0] = t;
        return 1;
    }
    for (const struct variant *v = t->variants; v->json && n < max; v++) {
        const struct type *vt = schema_type(v->type);
        bool seen = false;

        for (size_t k = 0; k < n; k++)
            seen |= out[k] == vt;
        if (!seen)
            out[n++] = vt;
    }
    return n;
}

/*
 * A reference written PARENT:CHILD ("r1:10.0.0.1", "br0:e6918cca"): the child named
 * CHILD among the children of the object named PARENT, for every parent type the
 * referenced type can have. It must name exactly one object.
 */
static enum status resolve_qualified(struct run *r, const struct attr *a, const char *word, char **id)
{
    const char *colon = strchr(word, ':');
    char *pword = xstrndup(word, (size_t)(colon - word));
    const struct type *kinds[8], *parents[8];
    size_t nk = concrete_types(schema_type(a->ref), kinds, ARRAY_SIZE(kinds));
    size_t found = 0;
    enum status st = ST_OK;

    *id = NULL;
    for (size_t k = 0; k < nk && st == ST_OK; k++) {
        size_t np = schema_parents(kinds[k]->id, parents, ARRAY_SIZE(parents));

        for (size_t p = 0; p < np && p < ARRAY_SIZE(parents) && st == ST_OK; p++) {
            struct target parent = { 0 }, child = { 0 };

            if (!(parents[p]->flags & TF_ROOT))
                continue;
            if (lookup(r, NULL, parents[p], pword, &parent, true) == ST_OK &&
                lookup(r, &parent, kinds[k], colon + 1, &child, true) == ST_OK) {
                if (!found++)
                    *id = xstrdup(schema_object_id(child.type, child.obj) ?: "");
            }
            target_release(&parent);
            target_release(&child);
        }
    }
    free(pword);
    if (found == 1)
        return ST_OK;
    free(*id);
    *id = NULL;
    if (found)
        error("'%s' names several %s (use an id)", word, schema_type(a->ref)->plural);
    else
        error("no %s named '%s' (for '%s')%s", schema_type(a->ref)->name, word, a->name,
              help_alias_note(word, schema_type(a->ref)));
    return ST_FAILED;
}

/* Resolve a reference value of attribute a to an id (the caller's string). */
static enum status resolve_ref(struct run *r, const struct attr *a, const char *word, char **id)
{
    struct cache_coll *e;
    enum status st;
    long i = -1;

    *id = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((st = ref_scope(r, a, &e)) != ST_OK)
            return st;
        if (attempt && e->epoch != r->s->cache.epoch)
            continue;
        i = find_in(r, e, word);
        if (i == -2)
            return ST_FAILED;
        if (i >= 0 || e->epoch == r->s->cache.epoch)
            break;
        e->stale = true;
    }
    if (i < 0 && strchr(word, ':'))
        return resolve_qualified(r, a, word, id);
    if (i < 0) {
        error("no %s named '%s' (for '%s')%s", schema_type(a->ref)->name, word, a->name,
              help_alias_note(word, schema_type(a->ref)));
        return ST_FAILED;
    }
    *id = xstrdup(entry_id(e, (size_t)i) ?: "");
    return ST_OK;
}

/* Does object o (of type t) match every filter? References compare by resolved id. */
static enum status matches(struct run *r, const struct type *t, json_t *o,
                           const struct value *f, size_t nf, bool *yes)
{
    struct strbuf have = STRBUF_INIT;
    enum status st = ST_OK;

    *yes = true;
    for (size_t k = 0; k < nf && *yes; k++) {
        const struct attr *a = schema_attr(t, f[k].attr->name) ?: f[k].attr;
        char *want = NULL;

        strbuf_reset(&have);
        if (!schema_format_value(a, o, &have)) {
            *yes = false;
            break;
        }
        if (a->kind == K_REF) {
            if ((st = resolve_ref(r, a, f[k].text, &want)) != ST_OK)
                break;
        } else {
            want = xstrdup(f[k].text);
        }
        *yes = !strcmp(have.buf + (have.buf[0] == '!'), want) && (have.buf[0] == '!') == f[k].invert;
        free(want);
    }
    strbuf_release(&have);
    return st;
}

/* A step given by a selector (TYPE ATTR VALUE...): the one object that matches. */
static enum status select_one(struct run *r, const struct target *parent, const struct step *step,
                              struct target *out)
{
    char *uri = NULL, *query = NULL;
    struct cache_coll *e;
    enum status st;
    long found = -1;
    size_t count = 0;
    struct strbuf sel = STRBUF_INIT, ids = STRBUF_INIT;

    if ((st = collection_uri(r, parent, step->type, &uri, &query)) != ST_OK)
        goto out;
    if ((st = fetch(r, uri, query, step->type, false, &e)) != ST_OK)
        goto out;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        bool yes;
        json_t *o = json_array_get(e->objects, i);

        if ((st = matches(r, schema_variant(e->type, o), o, step->filters, step->nfilters, &yes)) != ST_OK)
            goto out;
        if (yes) {
            found = (long)i;
            if (count++ < 8 && entry_id(e, i))
                strbuf_addf(&ids, "%s%.8s", ids.len ? ", " : "", entry_id(e, i));
        }
    }
    if (count != 1) {
        for (size_t k = 0; k < step->nfilters; k++)
            strbuf_addf(&sel, "%s%s '%s%s'", k ? " and " : "", step->filters[k].attr->name,
                        step->filters[k].invert ? "!" : "", step->filters[k].text);
        if (!count)
            error("no %s has %s", what(step->type), sel.buf);
        else if (ids.len)
            error("%zu %s have %s: %s%s (use an id)", count, step->type->plural, sel.buf, ids.buf,
                  count > 8 ? ", ..." : "");
        else
            error("%zu %s have %s (it must name one)", count, step->type->plural, sel.buf);
        st = ST_FAILED;
        goto out;
    }
    out->obj = json_incref(json_array_get(e->objects, (size_t)found));
    out->type = schema_variant(e->type, out->obj);
    out->coll_uri = xstrdup(e->uri);
out:
    strbuf_release(&sel);
    strbuf_release(&ids);
    free(uri);
    free(query);
    return st;
}

static enum status resolve_path(struct run *r)
{
    const struct command *cmd = r->cmd;
    enum status st = ST_OK;

    r->path = xcalloc(cmd->npath ? cmd->npath : 1, sizeof(*r->path));
    for (size_t k = 0; k < cmd->npath; k++) {
        const struct step *step = &cmd->path[k];
        const struct target *parent = k ? &r->path[k - 1] : NULL;
        struct target *t = &r->path[k];

        if (step->type->flags & TF_SINGLETON) {
            char *uri = NULL, *query = NULL;
            struct cache_coll *e;

            st = collection_uri(r, NULL, step->type, &uri, &query);
            if (st == ST_OK)
                st = fetch(r, uri, NULL, step->type, false, &e);
            if (st == ST_OK) {
                t->obj = json_incref(json_array_get(e->objects, 0));
                t->type = step->type;
                t->coll_uri = xstrdup(e->uri);
            }
            free(uri);
            free(query);
        } else if (step->ref) {
            st = lookup(r, parent, step->type, step->ref, t, false);
        } else {
            st = select_one(r, parent, step, t);
        }
        if (st != ST_OK)
            return st;
        r->npath = k + 1;
    }
    return ST_OK;
}

/* ---- output ---------------------------------------------------------------------- */

static void emit(struct run *r, const struct strbuf *sb)
{
    fwrite(sb->buf, 1, sb->len, r->s->out);
}

/* Print object i of entry e as a line, or collect it for JSON. */
static void print_object(struct run *r, struct cache_coll *e, size_t i, struct strbuf *out)
{
    json_t *o = json_array_get(e->objects, i);
    const struct type *t = schema_variant(e->type, o);
    struct strbuf handle = STRBUF_INIT;
    bool singleton = e->type->flags & TF_SINGLETON;

    if (!singleton)
        handle_in(r, e, i, &handle);
    format_line(t, o, handle.len ? handle.buf : NULL, handle_ref, r, out);
    strbuf_addch(out, '\n');
    strbuf_release(&handle);
}

/* The index of target t in its cache entry, or false. */
static bool target_index(struct run *r, const struct target *t, struct cache_coll **e, size_t *i)
{
    const char *id = schema_object_id(t->type, t->obj);

    *e = cache_find(&r->s->cache, t->coll_uri);
    if (!*e)
        return false;
    if (!id) {
        for (*i = 0; *i < json_array_size((*e)->objects); (*i)++)
            if (json_array_get((*e)->objects, *i) == t->obj)
                return true;
        return false;
    }
    return strmap_get(&(*e)->ids, id, i);
}

/* ---- the verbs ------------------------------------------------------------------- */

static enum status do_list(struct run *r)
{
    const struct command *cmd = r->cmd;
    const struct target *parent = r->npath ? &r->path[r->npath - 1] : NULL;
    char *uri = NULL, *query = NULL;
    struct cache_coll *e;
    struct strbuf out = STRBUF_INIT;
    json_t *arr = json_array();
    enum status st;

    if ((st = collection_uri(r, cmd->type->flags & TF_SINGLETON ? NULL : parent, cmd->type, &uri, &query)) != ST_OK)
        goto out;
    if ((st = fetch(r, uri, cmd->type->flags & TF_SINGLETON ? NULL : query, cmd->type, false, &e)) != ST_OK)
        goto out;
    /* Objects midosh created are known only as it sent them: list what the API holds. */
    if (cache_has_partial(e) && (st = fetch(r, uri, cmd->type->flags & TF_SINGLETON ? NULL : query,
                                            cmd->type, true, &e)) != ST_OK)
        goto out;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);
        bool yes = true;

        if (cmd->nvalues &&
            (st = matches(r, schema_variant(e->type, o), o, cmd->values, cmd->nvalues, &yes)) != ST_OK)
            goto out;
        if (!yes)
            continue;
        if (r->s->output == OUT_JSON)
            json_array_append(arr, o);
        else
            print_object(r, e, i, &out);
    }
    if (r->s->output == OUT_JSON)
        format_json(arr, &out);
    emit(r, &out);
out:
    json_decref(arr);
    strbuf_release(&out);
    free(uri);
    free(query);
    return st;
}

static enum status do_show(struct run *r)
{
    const struct target *t = &r->path[r->npath - 1];
    struct strbuf out = STRBUF_INIT;
    struct cache_coll *e;
    size_t i;

    if (r->cmd->field) {
        const struct attr *a = schema_attr(t->type, r->cmd->field->name) ?: r->cmd->field;

        const char *ref_id = a->kind == K_REF ? json_string_value(schema_json_value(a, t->obj)) : NULL;

        if (r->s->output == OUT_JSON) {
            json_t *v = schema_json_value(a, t->obj);

            format_json(v ? v : json_null(), &out);
        } else if (ref_id && ref_scope(r, a, &e) == ST_OK && strmap_get(&e->ids, ref_id, &i)) {
            /* A reference shows the object it refers to. */
            print_object(r, e, i, &out);
        } else if (format_field(a, t->obj, handle_ref, r, &out)) {
            strbuf_addch(&out, '\n');
        }
    } else if (r->s->output == OUT_JSON) {
        format_json(t->obj, &out);
    } else if (target_index(r, t, &e, &i)) {
        print_object(r, e, i, &out);
    } else {
        format_line(t->type, t->obj, NULL, handle_ref, r, &out);
        strbuf_addch(&out, '\n');
    }
    emit(r, &out);
    strbuf_release(&out);
    return ST_OK;
}

/*
 * pos last (struct value's `last`): the position after the last object of the collection
 * being created in, its number of objects + 1, from a fresh list of it (positions move
 * whenever a rule is added or deleted, so the cache is not trusted for this).
 */
static enum status last_position(struct run *r, const struct type *t, char **text)
{
    const struct target *parent = r->npath ? &r->path[r->npath - 1] : NULL;
    char *uri = NULL, *query = NULL;
    struct cache_coll *e;
    enum status st;

    if ((st = collection_uri(r, parent, t, &uri, &query)) == ST_OK &&
        (st = fetch(r, uri, query, t, true, &e)) == ST_OK)
        *text = xasprintf("%zu", json_array_size(e->objects) + 1);
    free(uri);
    free(query);
    return st;
}

/*
 * Set the values of cmd on obj (a copy being built for POST or PUT). Links are left
 * out: they are not part of the object's representation.
 */
static enum status apply_values(struct run *r, const struct type *t, json_t *obj)
{
    struct strbuf err = STRBUF_INIT;
    enum status st = ST_OK;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = schema_attr(t, v->attr->name) ?: v->attr;
        char *text = NULL;

        if (a->link_key)
            continue;
        if (r->cmd->verb == VERB_CLEAR) {
            schema_clear_json(a, obj);
            continue;
        }
        if (a->kind == K_REF) {
            st = resolve_ref(r, a, v->text, &text);
        } else if (a->kind == K_REF_LIST) {
            struct strbuf ids = STRBUF_INIT;
            const char *p = v->text;

            while (st == ST_OK && *p) {
                const char *comma = strchr(p, ',');
                char *word = xstrndup(p, comma ? (size_t)(comma - p) : strlen(p));
                char *id = NULL;

                st = resolve_ref(r, a, word, &id);
                if (st == ST_OK)
                    strbuf_addf(&ids, "%s%s", ids.len ? "," : "", id);
                free(word);
                free(id);
                p = comma ? comma + 1 : p + strlen(p);
            }
            text = strbuf_detach(&ids);
        } else if (v->last) {
            st = last_position(r, t, &text);
        } else {
            text = xstrdup(v->text);
        }
        if (st == ST_OK && schema_to_json(a, text, v->invert, obj, &err) < 0) {
            error("%s", err.buf);
            st = ST_USAGE;
        }
        free(text);
    }
    strbuf_release(&err);
    return st;
}

/* After a write, entries that may now be out of date are marked stale. */
static void invalidate_family(struct cache *c, const struct type *t, const char *keep)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct type *et = c->v[i]->type;
        bool family = et == t;

        for (const struct variant *v = et->variants; v && v->json && !family; v++)
            family = v->type == t->id;
        for (const struct variant *v = t->variants; v && v->json && !family; v++)
            family = v->type == et->id;
        if (family && (!keep || strcmp(c->v[i]->uri, keep)))
            c->v[i]->stale = true;
    }
}

static void invalidate_prefix(struct cache *c, const char *prefix, const char *keep)
{
    for (size_t i = 0; i < c->n; i++)
        if (starts_with(c->v[i]->uri, prefix) && (!keep || strcmp(c->v[i]->uri, keep)))
            c->v[i]->stale = true;
}

static void invalidate_type(struct cache *c, enum type_id id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i]->type->id == id)
            c->v[i]->stale = true;
}

/* The last segment of a URI (the id in a Location). The caller's string. */
static char *last_segment(const char *uri)
{
    const char *end = uri + strlen(uri);
    const char *p;

    while (end > uri && end[-1] == '/')
        end--;
    p = end;
    while (p > uri && p[-1] != '/')
        p--;
    return xstrndup(p, (size_t)(end - p));
}

static enum status do_link(struct run *r, const struct target *t, const struct value *v, const struct attr *a);

/* A create's link attributes (add port peer P) name existing objects: checked before the POST. */
static enum status check_links(struct run *r, const struct type *t)
{
    enum status st = ST_OK;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = schema_attr(t, v->attr->name) ?: v->attr;
        char *id = NULL;

        if (a->link_key)
            st = resolve_ref(r, a, v->text, &id);
        free(id);
    }
    return st;
}

/*
 * Link the object just created at location as its link attributes ask. The link URI is
 * the API's, so the object is read back once first.
 */
static enum status create_links(struct run *r, const struct type *t, const char *location)
{
    struct target made = { .type = t };
    struct api_response got = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum api_status ast;
    enum status st = ST_OK;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = schema_attr(t, v->attr->name) ?: v->attr;

        if (!a->link_key)
            continue;
        if (!made.obj) {
            media_of(t, &media);
            ast = api_get(r->s->api, location, NULL, media.buf, &got);
            if (ast != API_OK) {
                st = api_failure(r, ast, &got, "cannot read the new %s", what(t));
                break;
            }
            made.obj = json_incref(got.body);
        }
        st = do_link(r, &made, v, a);
    }
    json_decref(made.obj);
    api_response_release(&got);
    strbuf_release(&media);
    return st;
}

static enum status do_create(struct run *r)
{
    const struct type *t = r->cmd->type;
    const struct target *parent = r->npath ? &r->path[r->npath - 1] : NULL;
    char *uri = NULL, *query = NULL, *key = NULL, *id = NULL;
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT, out = STRBUF_INIT;
    json_t *body = NULL;
    enum status st;
    enum api_status ast;
    struct cache_coll *e;

    if ((st = collection_uri(r, parent, t, &uri, &query)) != ST_OK)
        goto out;
    body = t->create_defaults ? json_loads(t->create_defaults, 0, NULL) : NULL;
    if (!body)
        body = json_object();
    if (t->flags & TF_TENANT)
        json_object_set_new(body, "tenantId", json_string(r->s->tenant ? r->s->tenant : ""));
    if ((st = apply_values(r, t, body)) != ST_OK || (st = check_links(r, t)) != ST_OK)
        goto out;
    schema_create_media(t, parent ? parent->obj : NULL, &media);
    ast = api_post(r->s->api, uri, media.buf, body, &resp);
    if (ast != API_OK) {
        st = api_failure(r, ast, &resp, "cannot create %s", what(t));
        goto out;
    }
    if (!resp.location) {
        error("cannot create %s: the API answered without a Location", what(t));
        st = ST_FAILED;
        goto out;
    }
    if (t->id_key) {
        id = last_segment(resp.location);
        json_object_set_new(body, t->id_key, json_string(id));
        session_set_created(r->s, t->name, id);
    }
    json_object_set_new(body, "uri", json_string(resp.location));

    /* Keep the cache true without a GET: the new object in its collection, and
     * whatever else its creation changes (its parent's other children, the root
     * list of its family, the tenants) marked stale. */
    key = cache_key(uri, query);
    if ((e = cache_find(&r->s->cache, key)) && !e->stale) {
        cache_append(e, json_incref(body));
        if (id)
            cache_set_partial(e, id, true);
        else
            e->stale = true;   /* no id to complete it by: list it again when needed */
    }
    if (parent) {
        char *prefix = xasprintf("%s/", json_string_value(json_object_get(parent->obj, "uri")) ?: "\x01");

        invalidate_prefix(&r->s->cache, prefix, key);
        free(prefix);
    }
    invalidate_family(&r->s->cache, t, key);
    if (t->flags & TF_TENANT)
        invalidate_type(&r->s->cache, T_TENANT);
    if ((st = create_links(r, t, resp.location)) != ST_OK) {
        /* Nothing half-done: the object exists only to be linked, so it goes again,
         * even when a ^C stopped the link (the ^C still stops the line). */
        struct api_response gone = { 0 };
        sig_atomic_t stop = r->s->interrupt ? *r->s->interrupt : 0;

        if (stop)
            *r->s->interrupt = 0;
        media_of(t, &media);
        if (api_delete(r->s->api, resp.location, media.buf, &gone) != API_OK)
            error("the new %s %s could not be removed: %s", what(t), id ? id : resp.location,
                  gone.message ? gone.message : "unknown error");
        if (stop)
            *r->s->interrupt = stop;
        api_response_release(&gone);
        cache_invalidate_all(&r->s->cache);
        goto out;
    }

    if (r->s->output == OUT_JSON) {
        struct api_response got = { 0 };

        media_of(t, &media);
        ast = api_get(r->s->api, resp.location, NULL, media.buf, &got);
        if (ast == API_OK && got.body)
            format_json(got.body, &out);
        else
            format_json(body, &out);
        api_response_release(&got);
    } else if (id) {
        strbuf_add_escaped(&out, id);
        strbuf_addch(&out, '\n');
    } else {
        struct strbuf h = STRBUF_INIT;
        const struct attr *ka = t->key_attr ? schema_attr(t, t->key_attr) : NULL;

        if (ka && format_field(ka, body, handle_ref, r, &h))
            strbuf_addf(&out, "%s\n", h.buf);
        strbuf_release(&h);
    }
    emit(r, &out);
out:
    json_decref(body);
    api_response_release(&resp);
    strbuf_release(&media);
    strbuf_release(&out);
    free(uri);
    free(query);
    free(key);
    free(id);
    return st;
}

/* set/clear of a link attribute (a port's peer): POST or DELETE the link URI. */
static enum status do_link(struct run *r, const struct target *t, const struct value *v, const struct attr *a)
{
    const char *link = json_string_value(json_object_get(t->obj, a->link_key));
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum api_status ast;
    enum status st = ST_OK;
    char *peer = NULL;
    json_t *body = NULL;

    if (!link) {
        error("%s has no %s link", what(t->type), a->name);
        return ST_FAILED;
    }
    strbuf_addf(&media, "application/vnd.org.midonet.%s+json", a->link_media ? a->link_media : "PortLink-v1");
    if (r->cmd->verb == VERB_CLEAR) {
        ast = api_delete(r->s->api, link, media.buf, &resp);
    } else {
        if ((st = resolve_ref(r, a, v->text, &peer)) != ST_OK)
            goto out;
        body = json_pack("{ss}", a->link_body, peer);
        ast = api_post(r->s->api, link, media.buf, body, &resp);
    }
    if (ast != API_OK) {
        st = api_failure(r, ast, &resp, "cannot %s %s", r->cmd->verb == VERB_CLEAR ? "clear" : "set", a->name);
    }
    /* Both ports changed. */
    invalidate_family(&r->s->cache, schema_type(T_PORT), NULL);
out:
    json_decref(body);
    free(peer);
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}

static enum status do_set(struct run *r)
{
    const struct target *t = &r->path[r->npath - 1];
    const char *uri = json_string_value(json_object_get(t->obj, "uri"));
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    json_t *copy = json_deep_copy(t->obj);
    bool put = false;
    enum status st = ST_OK;
    enum api_status ast;
    struct cache_coll *e;
    size_t i;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = schema_attr(t->type, v->attr->name) ?: v->attr;

        if (a->link_key)
            st = do_link(r, t, v, a);
        else
            put = true;
    }
    if (st != ST_OK || !put)
        goto out;
    if ((t->type->flags & TF_NOSET) || !uri) {
        error("%s objects cannot be changed", what(t->type));
        st = ST_USAGE;
        goto out;
    }
    if ((st = apply_values(r, t->type, copy)) != ST_OK)
        goto out;
    media_of(t->type, &media);
    ast = api_put(r->s->api, uri, media.buf, copy, &resp);
    if (ast != API_OK) {
        st = api_failure(r, ast, &resp, "cannot change %s", what(t->type));
        goto out;
    }
    /* The object as we sent it is what the API now holds; other lists of it are stale. */
    if (target_index(r, t, &e, &i)) {
        json_array_set(e->objects, i, copy);
        cache_reindex(e);
        session_wrote(r->s, e, copy);
    }
    invalidate_family(&r->s->cache, t->type, t->coll_uri);
out:
    json_decref(copy);
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}

static enum status do_delete(struct run *r)
{
    const struct target *t = &r->path[r->npath - 1];
    const char *uri = json_string_value(json_object_get(t->obj, "uri"));
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum api_status ast;
    enum status st = ST_OK;
    struct cache_coll *e;
    size_t i;
    char *prefix = NULL;

    if ((t->type->flags & TF_NODELETE) || !uri) {
        error("%s objects cannot be deleted", what(t->type));
        return ST_USAGE;
    }
    media_of(t->type, &media);
    ast = api_delete(r->s->api, uri, media.buf, &resp);
    if (ast != API_OK) {
        st = api_failure(r, ast, &resp, "cannot delete %s", what(t->type));
        goto out;
    }
    /* Deletes cascade (ports, routes, links, memberships): everything else is stale. */
    prefix = xasprintf("%s/", uri);
    if (target_index(r, t, &e, &i)) {
        cache_remove(e, i);
        e->stale = false;
    }
    for (size_t k = 0; k < r->s->cache.n; k++)
        if (strcmp(r->s->cache.v[k]->uri, t->coll_uri))
            r->s->cache.v[k]->stale = true;
    cache_drop_prefix(&r->s->cache, prefix);
out:
    free(prefix);
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}

static enum status do_describe(struct run *r)
{
    const struct type *t = r->cmd->type ? r->cmd->type : r->path[r->npath - 1].type;
    struct strbuf out = STRBUF_INIT;

    describe_type(t, &out);
    emit(r, &out);
    strbuf_release(&out);
    return ST_OK;
}

static enum status do_help(struct run *r)
{
    struct strbuf out = STRBUF_INIT;
    enum status st = ST_OK;

    if (help_write(r->cmd->arg, &out) < 0) {
        error("%s", out.buf);
        st = ST_USAGE;
    } else {
        emit(r, &out);
    }
    strbuf_release(&out);
    return st;
}

static enum status do_tenant(struct run *r)
{
    struct session *s = r->s;

    free(s->tenant);
    s->tenant = r->cmd->verb == VERB_SETT ? xstrdup(r->cmd->arg) : NULL;
    /* Lists are filtered by tenant: what was cached belongs to another view. */
    cache_invalidate_all(&s->cache);
    if (s->output == OUT_TEXT)
        fprintf(s->out, "tenant_id: %s\n", s->tenant ? s->tenant : "None");
    return ST_OK;
}

static enum status run_once(struct run *r)
{
    const struct command *cmd = r->cmd;
    enum status st;

    switch (cmd->verb) {
    case VERB_HELP:
        return do_help(r);
    case VERB_SETT:
    case VERB_CLEART:
        return do_tenant(r);
    case VERB_EXIT:
        r->s->exit_requested = true;
        return ST_OK;
    case VERB_WATCH:
        return zkcmd_watch(r->s, cmd);
    case VERB_ZK:
        return zkcmd_zk(r->s, cmd);
    case VERB_DOCTOR:
        return zkcmd_doctor(r->s, cmd);
    case VERB_DEBUG:
        api_set_debug(r->s->api, !strcmp(cmd->arg, "on"));
        return ST_OK;
    case VERB_DESCRIBE:
        if (cmd->type)
            return do_describe(r);
        break;
    default:
        break;
    }
    if ((st = resolve_path(r)) != ST_OK)
        return st;
    switch (cmd->verb) {
    case VERB_LIST:
        return do_list(r);
    case VERB_SHOW:
        return do_show(r);
    case VERB_CREATE:
        return do_create(r);
    case VERB_SET:
    case VERB_CLEAR:
        return do_set(r);
    case VERB_DELETE:
        return do_delete(r);
    case VERB_DESCRIBE:
        return do_describe(r);
    default:
        return ST_OK;
    }
}

enum status exec_command(struct session *s, const struct command *cmd)
{
    enum status st = ST_OK;

    session_sync(s);    /* ZooKeeper's news, and its warning, before the command */
    for (int attempt = 0; attempt < 2; attempt++) {
        struct run r = { .s = s, .cmd = cmd };

        cache_next_epoch(&s->cache);
        st = run_once(&r);
        for (size_t k = 0; k < r.npath; k++)
            target_release(&r.path[k]);
        free(r.path);
        /* On the second run nothing comes from an old fetch, so a 404 is reported. */
        if (!r.stale_404)
            break;
        cache_invalidate_all(&s->cache);
    }
    fflush(s->out);
    return st;
}

enum status exec_complete(struct session *s, const struct step *path, size_t npath,
                          const struct type *t, const struct attr *a, long timeout_ms,
                          char ***names, size_t *n)
{
    struct command cmd = { .verb = VERB_LIST, .path = (struct step *)path, .npath = npath, .type = t };
    struct run r = { .s = s, .cmd = &cmd, .completing = true, .offline = timeout_ms <= 0 };
    const struct target *parent;
    char *uri = NULL, *query = NULL;
    struct cache_coll *e = NULL;
    struct strbuf h = STRBUF_INIT;
    size_t alloc = *n;
    enum status st;

    error_set_quiet(true);
    /* A TAB is new work: a ^C typed before it is not meant for it. */
    if (s->interrupt)
        *s->interrupt = 0;
    if (timeout_ms > 0)
        api_limit(s->api, timeout_ms);
    if ((st = resolve_path(&r)) != ST_OK)
        goto out;
    parent = r.npath ? &r.path[r.npath - 1] : NULL;
    if (a && schema_is_ref(a)) {
        st = ref_scope(&r, a, &e);
    } else {
        st = collection_uri(&r, t->flags & TF_SINGLETON ? NULL : parent, t, &uri, &query);
        if (st == ST_OK)
            st = fetch(&r, uri, query, t, false, &e);
    }
    for (size_t i = 0; st == ST_OK && i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);

        strbuf_reset(&h);
        if (a && !schema_is_ref(a))
            schema_format_value(schema_attr(schema_variant(t, o), a->name) ?: a, o, &h);
        else
            handle_in(&r, e, i, &h);
        if (!h.len)
            continue;
        ALLOC_GROW(*names, *n + 1, alloc);
        (*names)[(*n)++] = xstrdup(h.buf);
    }
out:
    if (timeout_ms > 0)
        api_limit(s->api, 0);
    error_set_quiet(false);
    for (size_t k = 0; k < r.npath; k++)
        target_release(&r.path[k]);
    free(r.path);
    strbuf_release(&h);
    free(uri);
    free(query);
    return st;
}
