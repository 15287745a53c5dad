#include "shell/exec.h"

#include <stdlib.h>

#include "shell/fetch.h"
#include "shell/handle.h"
#include "shell/pager.h"
#include "shell/resolve.h"
#include "shell/verb.h"

/* Every verb, and what it needs resolved before it runs. */
const struct verb_entry verb_table[VERB_COUNT] = {
    [VERB_LIST] = { verb_list, NEEDS_PATH },
    [VERB_SHOW] = { verb_show, NEEDS_PATH },
    [VERB_CREATE] = { verb_create, NEEDS_PATH },
    [VERB_SET] = { verb_set, NEEDS_PATH },
    [VERB_CLEAR] = { verb_set, NEEDS_PATH },
    [VERB_DELETE] = { verb_delete, NEEDS_PATH },
    [VERB_DESCRIBE] = { verb_describe, NEEDS_PATH_UNLESS_TYPE },
    [VERB_HELP] = { verb_help, NEEDS_NOTHING },
    [VERB_SETT] = { verb_tenant, NEEDS_NOTHING },
    [VERB_CLEART] = { verb_tenant, NEEDS_NOTHING },
    [VERB_EXIT] = { verb_exit, NEEDS_NOTHING },
    [VERB_WATCH] = { verb_watch, NEEDS_NOTHING },
    [VERB_ZK] = { verb_zk, NEEDS_NOTHING },
    [VERB_DOCTOR] = { verb_doctor, NEEDS_NOTHING },
    [VERB_DEBUG] = { verb_debug, NEEDS_NOTHING },
    [VERB_GRAPH] = { verb_graph, NEEDS_PATH },
};

static void run_release(struct run *r)
{
    for (size_t k = 0; k < r->npath; k++)
        target_release(&r->path[k]);
    free(r->path);
    r->path = NULL;
    r->npath = 0;
}

static enum status run_once(struct run *r)
{
    const struct verb_entry *v = &verb_table[r->cmd->verb];
    enum status st;

    if (v->needs == NEEDS_PATH || (v->needs == NEEDS_PATH_UNLESS_TYPE && !r->cmd->type))
        if ((st = resolve_path(r)) != ST_OK)
            return st;
    return v->fn(r);
}

enum status exec_command(struct session *s, const struct command *cmd)
{
    enum status st = ST_OK;

    session_sync(s);    /* ZooKeeper's news, and its warning, before the command */
    pager_begin(s, cmd->verb == VERB_WATCH);
    for (int attempt = 0; attempt < 2; attempt++) {
        struct run r = { .s = s, .cmd = cmd };

        cache_next_epoch(&s->cache);
        st = run_once(&r);
        run_release(&r);
        /* On the second run nothing comes from an old fetch, so a 404 is reported. */
        if (!r.stale_404)
            break;
        cache_invalidate_all(&s->cache);
    }
    pager_end(s);
    fflush(s->out);
    return st;
}

/* The words TAB offers from entry e: handles, or the values of a (not a reference). */
static void complete_words(struct run *r, struct cache_coll *e, const struct type *t,
                           const struct attr *a, char ***names, size_t *n)
{
    struct strbuf h = STRBUF_INIT;
    size_t alloc = *n;

    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);

        strbuf_reset(&h);
        if (a && !schema_is_ref(a))
            schema_format_value(verb_attr(schema_variant(t, o), a), o, &h);
        else
            handle_in(e, i, handle_ref, r, &h);
        if (!h.len)
            continue;
        ALLOC_GROW(*names, *n + 1, alloc);
        (*names)[(*n)++] = xstrdup(h.buf);
    }
    strbuf_release(&h);
}

enum status exec_complete(struct session *s, const struct step *path, size_t npath,
                          const struct type *t, const struct attr *a, long timeout_ms,
                          char ***names, size_t *n)
{
    struct command cmd = { .verb = VERB_LIST, .path = (struct step *)path, .npath = npath,
                           .type = t };
    struct run r = { .s = s, .cmd = &cmd, .completing = true };
    struct cache_coll *e = NULL;
    enum status st;

    error_set_quiet(true);
    /* A TAB is new work: a ^C typed before it is not meant for it. */
    if (s->interrupt)
        *s->interrupt = 0;
    if (s->ops->limit)
        s->ops->limit(s->backend, timeout_ms);
    st = resolve_path(&r);
    if (st == ST_OK && a && schema_is_ref(a))
        st = fetch_ref_scope(&r, a, &e);
    else if (st == ST_OK)
        st = fetch_under(&r, run_last(&r), t, false, &e);
    if (st == ST_OK)
        complete_words(&r, e, t, a, names, n);
    if (s->ops->limit)
        s->ops->limit(s->backend, 0);
    error_set_quiet(false);
    run_release(&r);
    return st;
}
