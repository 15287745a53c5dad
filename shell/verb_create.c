/* The verb that makes objects: create (and "add"), with the links it asks for. */
#include "shell/verb.h"

#include <stdlib.h>
#include <string.h>

#include "shell/fetch.h"
#include "shell/format.h"
#include "shell/handle.h"
#include "shell/resolve.h"

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

/* A create's link attributes (add port peer P) name existing objects: checked before the POST. */
static enum status check_links(struct run *r, const struct type *t)
{
    enum status st = ST_OK;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = verb_attr(t, v->attr);
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
    enum api_status ast;
    enum status st = ST_OK;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = verb_attr(t, v->attr);

        if (!a->link_key)
            continue;
        if (!made.obj) {
            ast = fetch_object(r, location, t, &got);
            if (ast != API_OK) {
                st = run_api_failure(r, ast, &got, "cannot read the new %s", t->name);
                break;
            }
            made.obj = json_incref(got.body);
        }
        st = verb_link(r, &made, v, a);
    }
    json_decref(made.obj);
    api_response_release(&got);
    return st;
}

/*
 * Nothing half-done: an object created only to be linked goes again when the link fails,
 * even when a ^C stopped the link (the ^C still stops the line).
 */
static void undo_create(struct run *r, const struct type *t, const char *location, const char *id)
{
    struct api_response gone = { 0 };
    struct strbuf media = STRBUF_INIT;
    sig_atomic_t stop = r->s->interrupt ? *r->s->interrupt : 0;

    if (stop)
        *r->s->interrupt = 0;
    schema_media(t, &media);
    if (r->s->ops->del(r->s->backend, location, media.buf, &gone) != API_OK)
        error("the new %s %s could not be removed: %s", t->name, id ? id : location,
              gone.message ? gone.message : "unknown error");
    if (stop)
        *r->s->interrupt = stop;
    api_response_release(&gone);
    strbuf_release(&media);
    cache_invalidate_all(&r->s->cache);
}

/* What create prints: the new id, or its natural key, or (-o json) the object. */
static void print_created(struct run *r, const struct type *t, const char *location,
                          const json_t *body, const char *id, struct strbuf *out)
{
    if (r->s->output == OUT_JSON) {
        struct api_response got = { 0 };

        if (fetch_object(r, location, t, &got) == API_OK && got.body)
            format_json(got.body, out);
        else
            format_json(body, out);
        api_response_release(&got);
    } else if (id) {
        strbuf_add_escaped(out, id);
        strbuf_addch(out, '\n');
    } else {
        struct strbuf h = STRBUF_INIT;
        const struct attr *ka = t->key_attr ? schema_attr(t, t->key_attr) : NULL;

        if (ka && format_field(ka, body, handle_ref, r, &h))
            strbuf_addf(out, "%s\n", h.buf);
        strbuf_release(&h);
    }
}

enum status verb_create(struct run *r)
{
    const struct type *t = r->cmd->type;
    const struct target *parent = run_last(r);
    char *uri = NULL, *query = NULL, *key = NULL, *id = NULL;
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT, out = STRBUF_INIT;
    json_t *body = NULL;
    enum status st;
    enum api_status ast;

    if ((st = fetch_uri(r, parent, t, &uri, &query)) != ST_OK)
        goto out;
    body = t->create_defaults ? json_loads(t->create_defaults, 0, NULL) : NULL;
    if (!body)
        body = json_object();
    if (t->flags & TF_TENANT)
        json_object_set_new(body, "tenantId", json_string(r->s->tenant ? r->s->tenant : ""));
    if ((st = verb_apply_values(r, t, body)) != ST_OK || (st = check_links(r, t)) != ST_OK)
        goto out;
    schema_create_media(t, parent ? parent->obj : NULL, &media);
    ast = r->s->ops->post(r->s->backend, uri, media.buf, body, &resp);
    if (ast != API_OK) {
        st = run_api_failure(r, ast, &resp, "cannot create %s", t->name);
        goto out;
    }
    if (!resp.location) {
        st = fail(ST_FAILED, "cannot create %s: the API answered without a Location", t->name);
        goto out;
    }
    if (t->id_key) {
        id = last_segment(resp.location);
        if (!api_is_uuid(id)) {
            st = fail(ST_FAILED, "cannot create %s: the API answered with a Location not "
                      "ending in an id", t->name);
            goto out;
        }
        json_object_set_new(body, t->id_key, json_string(id));
        session_set_created(r->s, t->name, id);
    }
    json_object_set_new(body, "uri", json_string(resp.location));
    /* The cache kept true without a GET (api/cache.h, cache_created). */
    key = fetch_key(uri, query);
    cache_created(&r->s->cache, key,
                  parent ? json_string_value(json_object_get(parent->obj, "uri")) : NULL,
                  t, body, id);
    if ((st = create_links(r, t, resp.location)) != ST_OK) {
        undo_create(r, t, resp.location, id);
        goto out;
    }
    print_created(r, t, resp.location, body, id, &out);
    run_emit(r, &out);
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
