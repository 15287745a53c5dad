/* The verb that removes: delete. */
#include "shell/verb.h"

#include "shell/fetch.h"

enum status verb_delete(struct run *r)
{
    const struct target *t = run_last(r);
    const char *uri = json_string_value(json_object_get(t->obj, "uri"));
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum api_status ast;
    enum status st = ST_OK;

    if ((t->type->flags & TF_NODELETE) || !uri)
        return fail(ST_USAGE, "%s objects cannot be deleted", t->type->name);
    schema_media(t->type, &media);
    ast = r->s->ops->del(r->s->backend, uri, media.buf, &resp);
    if (ast != API_OK)
        st = run_api_failure(r, ast, &resp, "cannot delete %s", t->type->name);
    else
        cache_deleted(&r->s->cache, t->coll_uri, uri, t->obj, schema_object_id(t->type, t->obj));
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}
