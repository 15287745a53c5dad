/*
 * session: what one midosh process keeps between commands — the API connection, the
 * object cache, the session tenant and the output settings.
 */
#ifndef MIDOSH_SESSION_H
#define MIDOSH_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "api/api.h"
#include "api/cache.h"

enum out_format { OUT_TEXT, OUT_JSON };

struct session {
    struct api *api;
    struct cache cache;
    char *tenant;            /* the session tenant (sett), or NULL */
    enum out_format output;
    /*
     * A collection fetched longer ago than this (seconds) is fetched again before a
     * name is resolved in it; < 0 trusts the cache for the whole run (one-liners and
     * scripts: nothing else is expected to change the topology under them).
     */
    double max_age;
    FILE *out;
    bool exit_requested;     /* `exit` or `quit` was run */
};

/* Exit statuses of a command, the same as the process's (design.md). */
enum status {
    ST_OK = 0,
    ST_FAILED = 1,           /* the API refused, or an object was not found or ambiguous */
    ST_USAGE = 2,            /* usage or syntax error */
    ST_UNREACHABLE = 3,      /* the API could not be reached, or authentication failed */
};

void session_init(struct session *s, struct api *api);
void session_release(struct session *s);

#endif
