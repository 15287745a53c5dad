#include "shell/backend.h"

#include <string.h>

#include "lib/util.h"
#include "shell/options.h"

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

static enum api_status post(void *be, const char *uri, const char *media, const char *list_media,
                            const json_t *body, struct api_response *resp)
{
    return api_post(be, uri, media, list_media, body, resp);
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

/* ---- no API configured ------------------------------------------------------------ */

static enum api_status none(struct api_response *resp)
{
    if (resp) {
        memset(resp, 0, sizeof(*resp));
        resp->message = xstrdup(OPTIONS_NO_API_URL);
    }
    return API_UNREACHABLE;
}

static enum api_status none_root(void *be, const json_t **doc, struct api_response *resp)
{
    *doc = NULL;
    return none(resp);
}

static char *none_root_uri(void *be, const char *key, const char *id)
{
    return NULL;
}

static enum api_status none_get(void *be, const char *uri, const char *query,
                                const char *media, struct api_response *resp)
{
    return none(resp);
}

static enum api_status none_post(void *be, const char *uri, const char *media,
                                 const char *list_media, const json_t *body,
                                 struct api_response *resp)
{
    return none(resp);
}

static enum api_status none_put(void *be, const char *uri, const char *media,
                                const json_t *body, struct api_response *resp)
{
    return none(resp);
}

static enum api_status none_del(void *be, const char *uri, const char *media,
                                struct api_response *resp)
{
    return none(resp);
}

static char *none_escape(void *be, const char *s)
{
    return xstrdup(s);
}

const struct backend_ops backend_none = {
    none_root, none_root_uri, none_get, none_post, none_put, none_del, none_escape, NULL, NULL
};
