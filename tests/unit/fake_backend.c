#include "tests/unit/fake_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const root_keys[] = {
    "bridges", "routers", "ports", "hosts", "tunnelZones", "tenants", "chains",
};

/* Log the request; true (with resp a 404) when uri is gone. */
static bool logged_gone(struct fake_backend *fb, const char *method, const char *uri,
                        struct api_response *resp)
{
    memset(resp, 0, sizeof(*resp));
    strbuf_addf(&fb->log, "%s %s\n", method, uri);
    for (const char *const *g = fb->gone; g && *g; g++) {
        if (!strcmp(*g, uri)) {
            resp->status = 404;
            resp->message = xasprintf("no such resource: %s", uri);
            return true;
        }
    }
    return false;
}

static enum api_status root(void *be, const json_t **doc, struct api_response *resp)
{
    *doc = ((struct fake_backend *)be)->root;
    return API_OK;
}

static char *root_uri(void *be, const char *key, const char *id)
{
    const char *v = json_string_value(json_object_get(((struct fake_backend *)be)->root, key));

    return v ? xstrdup(v) : NULL;
}

static enum api_status get(void *be, const char *uri, const char *query, const char *media,
                           struct api_response *resp)
{
    struct fake_backend *fb = be;
    char *full = query ? xasprintf("%s?%s", uri, query) : xstrdup(uri);

    fb->gets++;
    if (logged_gone(fb, "GET", full, resp)) {
        free(full);
        return API_FAILED;
    }
    for (const struct fake_answer *a = fb->answers; a && a->uri; a++) {
        if (!strcmp(a->uri, full)) {
            free(full);
            resp->status = 200;
            resp->body = json_loads(a->body, 0, NULL);
            return API_OK;
        }
    }
    /* An object's own URI: the object of a listed collection that has it as its "uri". */
    for (const struct fake_answer *a = fb->answers; a && a->uri; a++) {
        json_t *list = json_loads(a->body, 0, NULL), *o;
        size_t i;

        json_array_foreach(list, i, o) {
            if (json_is_string(json_object_get(o, "uri")) &&
                !strcmp(json_string_value(json_object_get(o, "uri")), full)) {
                free(full);
                resp->status = 200;
                resp->body = json_incref(o);
                json_decref(list);
                return API_OK;
            }
        }
        json_decref(list);
    }
    resp->status = 404;
    resp->message = xasprintf("no such resource: %s", full);
    free(full);
    return API_FAILED;
}

static enum api_status post(void *be, const char *uri, const char *media, const char *list_media,
                            const json_t *body, struct api_response *resp)
{
    struct fake_backend *fb = be;

    fb->posts++;
    if (logged_gone(fb, "POST", uri, resp))
        return API_FAILED;
    resp->status = 201;
    resp->location = fb->location ? xstrdup(fb->location) : NULL;
    return API_OK;
}

static enum api_status put(void *be, const char *uri, const char *media, const json_t *body,
                           struct api_response *resp)
{
    ((struct fake_backend *)be)->puts++;
    if (logged_gone(be, "PUT", uri, resp))
        return API_FAILED;
    resp->status = 204;
    return API_OK;
}

static enum api_status del(void *be, const char *uri, const char *media,
                           struct api_response *resp)
{
    ((struct fake_backend *)be)->deletes++;
    if (logged_gone(be, "DELETE", uri, resp))
        return API_FAILED;
    resp->status = 204;
    return API_OK;
}

static char *escape(void *be, const char *s)
{
    return xstrdup(s);
}

const struct backend_ops fake_backend_ops = {
    root, root_uri, get, post, put, del, escape, NULL, NULL,
};

static char *out_buf;
static size_t out_len, out_read;

void fake_session(struct session *s, struct fake_backend *fb)
{
    strbuf_init(&fb->log);
    fb->root = json_object();
    for (size_t i = 0; i < ARRAY_SIZE(root_keys); i++) {
        char *uri = xasprintf("http://api/%s", root_keys[i]);

        json_object_set_new(fb->root, root_keys[i], json_string(uri));
        free(uri);
    }
    /* An API no request goes through: a session without one refuses what needs the API,
     * and a few verbs ask it about its settings. */
    session_init(s, api_new(&(struct api_options){ .url = "http://api" }));
    s->ops = &fake_backend_ops;
    s->backend = fb;
    s->out = open_memstream(&out_buf, &out_len);
}

char *fake_output(struct session *s)
{
    char *text;

    fflush(s->out);
    text = xstrndup(out_buf + out_read, out_len - out_read);
    out_read = out_len;
    return text;
}

void fake_release(struct session *s, struct fake_backend *fb)
{
    fclose(s->out);
    free(out_buf);
    out_buf = NULL;
    out_len = out_read = 0;
    api_free(s->api);
    session_release(s);
    json_decref(fb->root);
    strbuf_release(&fb->log);
}
