/* The verbs that change an object: set and clear, of attributes and of links. */
#include "shell/verb.h"

#include <stdlib.h>
#include <string.h>

#include "shell/fetch.h"
#include "shell/resolve.h"

/* A list of references ("p1,p2"), resolved to ids joined by commas, the caller's. */
static enum status resolve_list(struct run *r, const struct attr *a, const char *text,
                                char **out)
{
    struct strbuf ids = STRBUF_INIT;
    enum status st = ST_OK;

    for (const char *p = text; st == ST_OK && *p;) {
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
    *out = strbuf_detach(&ids);
    return st;
}

/*
 * pos last (struct value's `last`): the position after the last object of the collection
 * being created in, its number of objects + 1, from a fresh list of it (positions move
 * whenever a rule is added or deleted, so the cache is not trusted for this).
 */
static enum status last_position(struct run *r, const struct type *t, char **text)
{
    const struct target *parent = r->npath ? &r->path[r->npath - 1] : NULL;
    struct cache_coll *e;
    enum status st = fetch_under(r, parent, t, true, &e);

    if (st == ST_OK)
        *text = xasprintf("%zu", json_array_size(e->objects) + 1);
    return st;
}

enum status verb_apply_values(struct run *r, const struct type *t, json_t *obj)
{
    struct strbuf err = STRBUF_INIT;
    enum status st = ST_OK;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = verb_attr(t, v->attr);
        char *text = NULL;

        if (a->link_key)
            continue;
        if (r->cmd->verb == VERB_CLEAR) {
            schema_clear_json(a, obj);
            continue;
        }
        if (a->kind == K_REF)
            st = resolve_ref(r, a, v->text, &text);
        else if (a->kind == K_REF_LIST)
            st = resolve_list(r, a, v->text, &text);
        else if (v->last)
            st = last_position(r, t, &text);
        else
            text = xstrdup(v->text);
        if (st == ST_OK && schema_to_json(a, text, v->invert, obj, &err) < 0)
            st = fail(ST_USAGE, "%s", err.buf);
        free(text);
    }
    strbuf_release(&err);
    return st;
}

enum status verb_link(struct run *r, const struct target *t, const struct value *v,
                      const struct attr *a)
{
    const char *link = json_string_value(json_object_get(t->obj, a->link_key));
    bool clear = r->cmd->verb == VERB_CLEAR;
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum api_status ast;
    enum status st = ST_OK;
    char *peer = NULL;
    json_t *body = NULL;

    if (!link)
        return fail(ST_FAILED, "%s has no %s link", t->type->name, a->name);
    schema_link_media(a, &media);
    if (clear) {
        ast = r->s->ops->del(r->s->backend, link, media.buf, &resp);
    } else {
        if ((st = resolve_ref(r, a, v->text, &peer)) != ST_OK)
            goto out;
        if ((r->s->may_exist || (r->cmd->flags & CMD_MAY_EXIST)) &&
            json_is_string(json_object_get(t->obj, a->key)) &&
            !strcmp(peer, json_string_value(json_object_get(t->obj, a->key)))) {
            verb_note("%s is linked to it already: nothing done", t->type->name);
            goto out;   /* --may-exist: the link is there */
        }
        body = json_pack("{ss}", a->link_body, peer);
        ast = r->s->ops->post(r->s->backend, link, media.buf, NULL, body, &resp);
    }
    if (ast != API_OK)
        st = run_api_failure(r, ast, &resp, "cannot %s %s", clear ? "clear" : "set", a->name);
    cache_linked(&r->s->cache);     /* both ports changed */
out:
    json_decref(body);
    free(peer);
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}

/*
 * Does the cache vouch that t's copy is the API's current one? Only while ZooKeeper
 * follows its entry and nothing changed it since (doc/cache.md), or when the entry was
 * fetched by this very command (as new as a GET now would be); and not for a partial
 * object (one midosh created, known only by the body it sent).
 */
static bool copy_is_current(struct run *r, const struct target *t)
{
    struct cache_coll *e = t->coll_uri ? cache_find(&r->s->cache, t->coll_uri) : NULL;
    const char *id = schema_object_id(t->type, t->obj);

    if (!e || e->stale || (id && cache_is_partial(e, id)))
        return false;
    return session_coherent(r->s, e) || e->epoch == r->s->cache.epoch;
}

/*
 * The object a PUT starts from: the cached copy when the cache vouches for it, else the
 * API's current one, read now, so that a change someone else made since the copy was
 * fetched is not undone by sending the old copy back. The caller's reference.
 */
static enum status current_copy(struct run *r, const struct target *t, const char *uri,
                                json_t **out)
{
    struct api_response resp = { 0 };
    enum api_status ast;
    enum status st = ST_OK;

    *out = NULL;
    if (copy_is_current(r, t)) {
        *out = json_deep_copy(t->obj);
        return ST_OK;
    }
    ast = fetch_object(r, uri, t->type, &resp);
    if (ast != API_OK)
        st = run_api_failure(r, ast, &resp, "cannot read %s", t->type->name);
    else if (!json_is_object(resp.body))
        st = fail(ST_FAILED, "cannot read %s: the API answered something that is not an object",
                  t->type->name);
    else
        *out = json_deep_copy(resp.body);
    api_response_release(&resp);
    return st;
}

/*
 * PUT copy as object t's new state, and keep it in the cache: the object as we sent it is
 * what the API now holds; other lists of it are stale.
 */
static enum status put_object(struct run *r, const struct target *t, const char *uri,
                              json_t *copy)
{
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum status st = ST_OK;
    enum api_status ast;
    struct cache_coll *e;

    schema_media(t->type, &media);
    session_before_write(r->s, cache_find(&r->s->cache, t->coll_uri), t->obj);
    ast = r->s->ops->put(r->s->backend, uri, media.buf, copy, &resp);
    if (ast != API_OK) {
        st = run_api_failure(r, ast, &resp, "cannot change %s", t->type->name);
    } else {
        e = cache_changed(&r->s->cache, t->coll_uri, t->type, t->obj,
                          schema_object_id(t->type, t->obj), copy);
        if (e)
            session_wrote(r->s, e, copy);
    }
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}

enum status verb_set(struct run *r)
{
    const struct target *t = run_last(r);
    const char *uri = json_string_value(json_object_get(t->obj, "uri"));
    json_t *copy = NULL, *before = NULL;
    bool put = false;
    enum status st = ST_OK;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = verb_attr(t->type, v->attr);

        if (a->link_key)
            st = verb_link(r, t, v, a);
        else
            put = true;
    }
    if (st != ST_OK || !put)
        goto out;
    if ((t->type->flags & TF_NOSET) || !uri) {
        st = fail(ST_USAGE, "%s objects cannot be changed", t->type->name);
        goto out;
    }
    if ((st = current_copy(r, t, uri, &copy)) != ST_OK)
        goto out;
    /* Only the attributes named change: the rest is sent as the API holds it. */
    before = json_deep_copy(copy);
    if ((st = verb_apply_values(r, t->type, copy)) != ST_OK)
        goto out;
    if ((r->s->may_exist || (r->cmd->flags & CMD_MAY_EXIST)) && json_equal(copy, before)) {
        verb_note("%s holds these values already: nothing done", t->type->name);
        goto out;       /* --may-exist: a set that changes nothing sends nothing */
    }
    st = put_object(r, t, uri, copy);
out:
    json_decref(copy);
    json_decref(before);
    return st;
}

enum status verb_put_embedded(struct run *r, const struct target *parent, const struct child *c,
                              embedded_edit_fn *edit, void *ctx)
{
    const char *uri = json_string_value(json_object_get(parent->obj, "uri"));
    struct api_response got = { 0 };
    json_t *copy = NULL, *list;
    enum api_status ast;
    enum status st;

    if (!uri)
        return fail(ST_FAILED, "%s objects cannot be changed", parent->type->name);
    /* Positions name the objects: they are counted in what the API holds now. */
    ast = fetch_object(r, uri, parent->type, &got);
    if (ast != API_OK) {
        st = run_api_failure(r, ast, &got, "cannot read %s", parent->type->name);
        goto out;
    }
    if (!json_is_object(got.body)) {
        st = fail(ST_FAILED, "cannot read %s: the API answered something that is not an object",
                  parent->type->name);
        goto out;
    }
    copy = json_deep_copy(got.body);
    list = json_object_get(copy, c->uri_key);
    if (!json_is_array(list)) {
        list = json_array();
        json_object_set_new(copy, c->uri_key, list);
    }
    if ((st = edit(list, ctx)) != ST_OK)
        goto out;
    st = put_object(r, parent, uri, copy);
out:
    json_decref(copy);
    api_response_release(&got);
    return st;
}
