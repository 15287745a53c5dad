#include "shell/session.h"

#include <stdlib.h>
#include <string.h>

void session_init(struct session *s, struct api *api)
{
    memset(s, 0, sizeof(*s));
    s->api = api;
    cache_init(&s->cache);
    s->output = OUT_TEXT;
    s->max_age = -1;
    s->out = stdout;
}

void session_release(struct session *s)
{
    cache_release(&s->cache);
    free(s->tenant);
    s->tenant = NULL;
}
