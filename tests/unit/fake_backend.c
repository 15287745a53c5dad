#include "tests/unit/fake_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const root_keys[] = {
    "bridges", "routers", "ports", "hosts", "tunnelZones", "tenants", "chains",
};

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

    memset(resp, 0, sizeof(*resp));
    fb->gets++;
    for (const struct fake_answer *a = fb->answers; a && a->uri; a++) {
        if (!strcmp(a->uri, full)) {
            free(full);
            resp->status = 200;
            resp->body = json_loads(a->body, 0, NULL);
            return API_OK;
        }
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

    memset(resp, 0, sizeof(*resp));
    fb->posts++;
    resp->status = 201;
    resp->location = fb->location ? xstrdup(fb->location) : NULL;
    return API_OK;
}

static enum api_status put(void *be, const char *uri, const char *media, const json_t *body,
                           struct api_response *resp)
{
    memset(resp, 0, sizeof(*resp));
    ((struct fake_backend *)be)->puts++;
    resp->status = 204;
    return API_OK;
}

static enum api_status del(void *be, const char *uri, const char *media,
                           struct api_response *resp)
{
    memset(resp, 0, sizeof(*resp));
    ((struct fake_backend *)be)->deletes++;
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
    fb->root = json_object();
    for (size_t i = 0; i < ARRAY_SIZE(root_keys); i++) {
        char *uri = xasprintf("http://api/%s", root_keys[i]);

        json_object_set_new(fb->root, root_keys[i], json_string(uri));
        free(uri);
    }
    session_init(s, NULL);
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
    session_release(s);
    json_decref(fb->root);
}
