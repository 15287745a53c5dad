#include "shell/fetch.h"

#include <stdlib.h>

static enum status root_doc(struct run *r, const json_t **root)
{
    struct api_response resp = { 0 };
    enum api_status st = r->s->ops->root(r->s->backend, root, &resp);
    enum status ret = ST_OK;

    if (st != API_OK)
        ret = run_api_failure(r, st, &resp, "%s", r->s->api && api_login_failed(r->s->api) ?
                              "cannot log in" : "cannot read the API root");
    else
        session_root_seen(r->s, *root);
    api_response_release(&resp);
    return ret;
}

enum status fetch_dialect(struct run *r)
{
    const json_t *root;

    return r->s->dialect ? ST_OK : root_doc(r, &root);
}

enum status fetch_uri(struct run *r, const struct target *parent, const struct type *t,
                      char **uri, char **query)
{
    const json_t *root;
    enum status st;

    *uri = NULL;
    *query = NULL;
    if (parent) {
        const struct child *c = schema_child(parent->type, t->id);
        const char *u = c ? json_string_value(json_object_get(parent->obj, c->uri_key)) : NULL;

        if (!u)
            return fail(ST_FAILED, "%s objects have no %s", parent->type->name, t->plural);
        *uri = xstrdup(u);
    } else {
        if ((st = root_doc(r, &root)) != ST_OK)
            return st;
        if (!t->root_key || !(*uri = r->s->ops->root_uri(r->s->backend, t->root_key, NULL)))
            return fail(ST_FAILED, "the API offers no %s", t->plural);
    }
    if ((t->flags & TF_TENANT) && r->s->tenant && *r->s->tenant) {
        char *v = r->s->ops->escape(r->s->backend, r->s->tenant);

        *query = xasprintf("tenant_id=%s", v);
        free(v);
    }
    return ST_OK;
}

char *fetch_key(const char *uri, const char *query)
{
    return query ? xasprintf("%s?%s", uri, query) : xstrdup(uri);
}

enum status fetch_each(struct run *r, const char *uri, const char *query, const struct type *t,
                       const struct strmap *keep, api_each_fn *each, void *ctx)
{
    struct session *s = r->s;
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum status ret = ST_OK;
    enum api_status st;
    size_t i;
    json_t *o;

    schema_get_media(t, &media);
    if (s->ops->list)
        st = s->ops->list(s->backend, uri, query, media.buf, keep, each, ctx, &resp);
    else
        st = s->ops->get(s->backend, uri, query, media.buf, &resp);
    if (st != API_OK) {
        ret = run_api_failure(r, st, &resp, "cannot list %s", t->plural);
    } else if (resp.listed) {
        /* every object was handed over as it came */
    } else if (t->flags & TF_SINGLETON && json_is_object(resp.body)) {
        each(ctx, keep ? cache_slim(resp.body, keep) : json_incref(resp.body));
    } else if (json_is_array(resp.body)) {
        json_array_foreach(resp.body, i, o)
            each(ctx, keep ? cache_slim(o, keep) : json_incref(o));
    } else {
        ret = fail(ST_FAILED, "cannot list %s: the API answered something that is not a list",
                   t->plural);
    }
    api_response_release(&resp);
    strbuf_release(&media);
    return ret;
}

void fetch_collect(void *ctx, json_t *obj)
{
    json_array_append_new(ctx, obj);
}

/*
 * fetch(), where names_ok says that objects known by their names alone will do (a names_only
 * entry, see api/cache.h): such an entry may then come from ZooKeeper instead of a GET.
 */
static enum status fetch_as(struct run *r, const char *uri, const char *query,
                            const struct type *t, bool force, bool names_ok,
                            struct cache_coll **out)
{
    struct session *s = r->s;
    char *key = fetch_key(uri, query);
    struct cache_coll *e = cache_find(&s->cache, key);
    enum status ret = ST_OK;
    json_t *objects;
    int64_t since;
    double max_age = session_max_age(s, e);    /* ZooKeeper's news first: it may mark e stale */

    if (e && (r->completing || cache_is_fresh(&s->cache, e, max_age, force)) &&
        (names_ok || !e->names_only)) {
        *out = e;
        goto out;
    }
    /*
     * A collection not cached yet (or known only by names) may come from ZooKeeper; a
     * stale list is listed again. Not for a TAB, which must not wait on ZooKeeper.
     */
    if (names_ok && (!e || e->names_only) && !r->completing && !(t->flags & TF_SINGLETON) &&
        (*out = session_zk_names(s, key, t, uri, query ? s->tenant : NULL)))
        goto out;
    /* Not for a TAB, which must not wait on ZooKeeper's servers as well as on the API. */
    since = r->completing ? -1 : session_zk_clock(s, e);
    objects = json_array();
    if ((ret = fetch_each(r, uri, query, t, NULL, fetch_collect, objects)) != ST_OK) {
        json_decref(objects);
        goto out;
    }
    *out = cache_store(&s->cache, key, t, objects);
    session_watch(s, *out, since);
out:
    free(key);
    return ret;
}

enum status fetch(struct run *r, const char *uri, const char *query, const struct type *t,
                  bool force, struct cache_coll **out)
{
    return fetch_as(r, uri, query, t, force, false, out);
}

/*
 * An embedded collection (a mirror's conditions): the parent's array as it holds it, each
 * object with its position (from 1) under "position". Made again from the parent each time,
 * and kept under the parent's URI and "#KEY", so that a handle printed from it resolves.
 */
static enum status embedded(struct run *r, const struct target *parent, const struct child *c,
                            const struct type *t, struct cache_coll **out)
{
    const json_t *list = json_object_get(parent->obj, c->uri_key);
    const char *puri = json_string_value(json_object_get(parent->obj, "uri"));
    json_t *objects, *o;
    char *key;
    size_t i;

    if (!puri || (list && !json_is_array(list) && !json_is_null(list)))
        return fail(ST_FAILED, "%s objects have no %s", parent->type->name, t->plural);
    objects = json_array();
    json_array_foreach(list, i, o) {
        json_t *x = json_is_object(o) ? json_deep_copy(o) : json_object();

        json_object_set_new(x, "position", json_integer((json_int_t)i + 1));
        json_array_append_new(objects, x);
    }
    key = xasprintf("%s#%s", puri, c->uri_key);
    *out = cache_store(&r->s->cache, key, t, objects);
    free(key);
    return ST_OK;
}

static enum status under(struct run *r, const struct target *parent, const struct type *t,
                         bool force, bool names_ok, struct cache_coll **out)
{
    bool singleton = t->flags & TF_SINGLETON;
    const struct child *c = parent ? schema_child(parent->type, t->id) : NULL;
    char *uri = NULL, *query = NULL;
    enum status st;

    if (c && (t->flags & TF_EMBEDDED))
        return embedded(r, parent, c, t, out);
    st = fetch_uri(r, singleton ? NULL : parent, t, &uri, &query);

    if (st == ST_OK)
        st = fetch_as(r, uri, singleton ? NULL : query, t, force, names_ok && !parent, out);
    free(uri);
    free(query);
    return st;
}

enum status fetch_under(struct run *r, const struct target *parent, const struct type *t,
                        bool force, struct cache_coll **out)
{
    return under(r, parent, t, force, false, out);
}

enum status fetch_names(struct run *r, const struct target *parent, const struct type *t,
                        bool force, struct cache_coll **out)
{
    return under(r, parent, t, force, true, out);
}

/* The collection of a reference attribute's values; names_ok as for fetch_as(). */
static enum status ref_scope(struct run *r, const struct attr *a, bool names_ok,
                             struct cache_coll **out)
{
    const struct type *t = schema_type(a->ref);
    const struct target *parent = NULL;

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
    return under(r, parent, t, false, names_ok, out);
}

enum status fetch_ref_scope(struct run *r, const struct attr *a, struct cache_coll **out)
{
    return ref_scope(r, a, false, out);
}

enum status fetch_ref_names(struct run *r, const struct attr *a, struct cache_coll **out)
{
    return ref_scope(r, a, true, out);
}

enum api_status fetch_object(struct run *r, const char *uri, const struct type *t,
                             struct api_response *resp)
{
    struct strbuf media = STRBUF_INIT;
    enum api_status st;

    schema_media(t, &media);
    st = r->s->ops->get(r->s->backend, uri, NULL, media.buf, resp);
    strbuf_release(&media);
    return st;
}
