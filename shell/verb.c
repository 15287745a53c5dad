#include "shell/verb.h"

#include <stdarg.h>
#include <stdlib.h>

#include "shell/fetch.h"

const struct target *run_last(const struct run *r)
{
    return r->npath ? &r->path[r->npath - 1] : NULL;
}

const struct attr *verb_attr(const struct type *t, const struct attr *a)
{
    const struct attr *own = schema_attr(t, a->name);

    return own ? own : a;
}

void target_release(struct target *t)
{
    json_decref(t->obj);
    free(t->coll_uri);
}

void run_emit(struct run *r, const struct strbuf *sb)
{
    fwrite(sb->buf, 1, sb->len, r->s->out);
}

/*
 * Is the object the command acts on gone from the API? MidoNet answers a PUT on a
 * missing router or bridge with 500, not 404, so a 500 is checked with one GET.
 */
static bool target_gone(struct run *r)
{
    const struct target *t = run_last(r);
    const char *uri = t ? json_string_value(json_object_get(t->obj, "uri")) : NULL;
    struct api_response resp = { 0 };
    bool gone;

    if (!uri)
        return false;
    gone = fetch_object(r, uri, t->type, &resp) == API_FAILED && resp.status == 404;
    api_response_release(&resp);
    return gone;
}

enum status run_api_failure(struct run *r, enum api_status st, const struct api_response *resp,
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
        ret = fail(ST_UNREACHABLE, "%s: %s", doing.buf, msg);
        break;
    case API_AUTH:
        ret = fail(ST_UNREACHABLE, "%s: authentication failed: %s", doing.buf, msg);
        break;
    case API_INTERRUPTED:
        ret = fail(ST_FAILED, "%s: interrupted", doing.buf);
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

/* A line on stderr that is neither an error nor a warning: "FILE:LINE: note: ...". */
void verb_note(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: note: ", error_prefix());
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
