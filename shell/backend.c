#include "shell/backend.h"

static enum api_status root(void *be, const json_t **doc, struct api_response *resp)
{
    return api_root(be, doc, resp);
}

static char *root_uri(void *be, const char *key, const char *id)
{
    return api_root_uri(be, key, id);
}

static enum api_status get(void *be, const char *uri, const char *query, const char *media,
                           struct api_response *resp)
{
    return api_get(be, uri, query, media, resp);
}

static enum api_status post(void *be, const char *uri, const char *media, const json_t *body,
                            struct api_response *resp)
{
    return api_post(be, uri, media, body, resp);
}

static enum api_status put(void *be, const char *uri, const char *media, const json_t *body,
                           struct api_response *resp)
{
    return api_put(be, uri, media, body, resp);
}

static enum api_status del(void *be, const char *uri, const char *media,
                           struct api_response *resp)
{
    return api_delete(be, uri, media, resp);
}

static char *escape(void *be, const char *s)
{
    return api_escape(be, s);
}

static void limit(void *be, long timeout_ms)
{
    api_limit(be, timeout_ms);
}

static enum api_status list(void *be, const char *uri, const char *query, const char *media,
                            const struct strmap *keep, api_each_fn *each, void *ctx,
                            struct api_response *resp)
{
    return api_list(be, uri, query, media, keep, each, ctx, resp);
}

const struct backend_ops backend_api = {
    root, root_uri, get, post, put, del, escape, limit, list,
};
