/* The verbs that touch no object: help, sett and cleart, exit, debug, dry-run. */
#include "shell/verb.h"

#include <stdlib.h>
#include <string.h>

#include "parser/help.h"
#include "shell/dryrun.h"
#include "shell/exec.h"

enum status verb_help(struct run *r)
{
    struct strbuf out = STRBUF_INIT;
    enum status st = ST_OK;

    exec_learn_dialect(r->s, LEARN_DIALECT_MS);     /* help shows what the server has */
    if (help_write(r->cmd->arg, &out) < 0)
        st = fail(ST_USAGE, "%s", out.buf);
    else
        run_emit(r, &out);
    strbuf_release(&out);
    return st;
}

enum status verb_tenant(struct run *r)
{
    struct session *s = r->s;

    free(s->tenant);
    s->tenant = r->cmd->verb == VERB_SETT ? xstrdup(r->cmd->arg) : NULL;
    /* Lists are filtered by tenant: what was cached belongs to another view. */
    cache_invalidate_all(&s->cache);
    if (s->output != OUT_JSON)
        fprintf(s->out, "tenant_id: %s\n", s->tenant ? s->tenant : "None");
    return ST_OK;
}

enum status verb_exit(struct run *r)
{
    r->s->exit_requested = true;
    return ST_OK;
}

enum status verb_debug(struct run *r)
{
    if (r->s->api)
        api_set_debug(r->s->api, !strcmp(r->cmd->arg, "on"));
    return ST_OK;
}

enum status verb_dryrun(struct run *r)
{
    dryrun_set(r->s, !strcmp(r->cmd->arg, "on"));
    return ST_OK;
}
