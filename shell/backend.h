/*
 * backend: the seam between the commands and the MidoNet API. Every request a command
 * makes goes through a session's backend_ops: in midosh they are the API's own functions
 * (backend_api, over struct api); the unit tests give a table of recorded answers instead,
 * so that resolution, handles and the cache rules are tested without a server.
 *
 * The functions have the contracts of their api_* namesakes in api/api.h.
 */
#ifndef MIDOSH_BACKEND_H
#define MIDOSH_BACKEND_H

#include "api/api.h"

struct backend_ops {
    enum api_status (*root)(void *be, const json_t **root, struct api_response *resp);
    char *(*root_uri)(void *be, const char *key, const char *id);
    enum api_status (*get)(void *be, const char *uri, const char *query, const char *media,
                           struct api_response *resp);
    enum api_status (*post)(void *be, const char *uri, const char *media, const char *list_media,
                            const json_t *body, struct api_response *resp);
    enum api_status (*put)(void *be, const char *uri, const char *media, const json_t *body,
                           struct api_response *resp);
    enum api_status (*del)(void *be, const char *uri, const char *media,
                           struct api_response *resp);
    char *(*escape)(void *be, const char *s);
    /* Bound the following requests by timeout_ms (0: back to the defaults). May be NULL. */
    void (*limit)(void *be, long timeout_ms);
    /* A collection read as it arrives (api_list). May be NULL: get, then its elements. */
    enum api_status (*list)(void *be, const char *uri, const char *query, const char *media,
                            const struct strmap *keep, api_each_fn *each, void *ctx,
                            struct api_response *resp);
};

/* The real thing: be is a struct api. */
extern const struct backend_ops backend_api;

/* Where no API URL is configured: every request fails, unreachable, saying so. */
extern const struct backend_ops backend_none;

#endif
