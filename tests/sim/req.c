#include "tests/sim/req.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *req_query(struct req *r, const char *key)
{
    if (!r->conn)
        return NULL;
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

json_t *req_uri(struct req *r, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    json_t *j;
    va_list ap;

    strbuf_addstr(&sb, r->base);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    /* Path pieces come from clients (interface names): keep the JSON valid regardless. */
    j = json_string(sb.buf);
    strbuf_release(&sb);
    return j ? j : json_null();
}

json_t *req_uri_id(struct req *r, const char *coll, const json_t *id)
{
    if (!json_is_string(id))
        return json_null();
    return req_uri(r, "/%s/%s", coll, json_string_value(id));
}

static void set_body(struct req *r, unsigned status, json_t *body, const char *ctype)
{
    json_decref(r->out);
    free(r->out_ctype);
    free(r->out_text);
    r->out_text = NULL;
    r->out_len = 0;
    r->status = status;
    r->out = body;
    r->out_ctype = ctype ? xstrdup(ctype) : NULL;
}

int req_ok(struct req *r, json_t *body)
{
    set_body(r, 200, body, r->out_type ? r->out_type : "application/json");
    return 0;
}

int req_ok_text(struct req *r, char *text, size_t len)
{
    set_body(r, 200, NULL, r->out_type ? r->out_type : "application/json");
    r->out_text = text;
    r->out_len = len;
    return 0;
}

int req_ok_as(struct req *r, json_t *body, const char *ctype)
{
    set_body(r, 200, body, ctype);
    return 0;
}

int req_created(struct req *r, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;

    strbuf_addstr(&sb, r->base);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    set_body(r, 201, NULL, NULL);
    free(r->location);
    r->location = strbuf_detach(&sb);
    return 0;
}

int req_no_content(struct req *r)
{
    set_body(r, 204, NULL, NULL);
    return 0;
}

int req_error(struct req *r, unsigned status, const char *fmt, ...)
{
    json_t *body = json_object();

    if (fmt) {
        struct strbuf sb = STRBUF_INIT;
        json_t *msg;
        va_list ap;

        va_start(ap, fmt);
        strbuf_vaddf(&sb, fmt, ap);
        va_end(ap);
        msg = json_string(sb.buf);
        json_object_set_new(body, "message", msg ? msg : json_string("(invalid text)"));
        strbuf_release(&sb);
    } else {
        json_object_set_new(body, "message", json_null());
    }
    json_object_set_new(body, "code", json_integer(status));
    set_body(r, status, body, MT_ERROR);
    return 0;
}

int req_not_found(struct req *r, const char *what, const char *id)
{
    return req_error(r, 404, "No %s with ID %s exists.", what, id);
}

static int reply_violations(struct req *r, json_t *violations)
{
    json_t *body = json_object();

    json_object_set_new(body, "message", json_string("Validation error(s) found"));
    json_object_set_new(body, "code", json_integer(400));
    json_object_set_new(body, "violations", violations);
    set_body(r, 400, body, MT_ERROR);
    return 0;
}

int req_violation(struct req *r, const char *property, const char *message)
{
    json_t *list = json_array(), *one = json_object();

    json_object_set_new(one, "property", json_string(property));
    json_object_set_new(one, "message", json_string(message));
    json_array_append_new(list, one);
    return reply_violations(r, list);
}

int req_zk_error(struct req *r, enum zks_rc rc)
{
    if (rc == ZKS_ERROR)
        return req_error(r, 503, "Can not access topology information");
    return req_error(r, 500, "An internal server error has occurred, please try again.");
}

bool req_invalid(struct req *r, struct val *v)
{
    bool failed = true;

    if (v->bad)
        req_error(r, 400, MSG_NOT_DESERIALIZABLE);
    else if (json_array_size(v->violations))
        reply_violations(r, json_incref(v->violations));
    else
        failed = false;
    val_release(v);
    return failed;
}
