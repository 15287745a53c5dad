#include "shell/exec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/fetch.h"
#include "shell/handle.h"
#include "shell/options.h"
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
    [VERB_DESCRIBE] = { verb_describe, NEEDS_PATH_UNLESS_TYPE, .offline = true },
    [VERB_HELP] = { verb_help, NEEDS_NOTHING, .offline = true },
    [VERB_SETT] = { verb_tenant, NEEDS_NOTHING, .offline = true },
    [VERB_CLEART] = { verb_tenant, NEEDS_NOTHING, .offline = true },
    [VERB_EXIT] = { verb_exit, NEEDS_NOTHING, .offline = true },
    [VERB_WATCH] = { verb_watch, NEEDS_NOTHING },
    [VERB_ZK] = { verb_zk, NEEDS_NOTHING },
    [VERB_DOCTOR] = { verb_doctor, NEEDS_NOTHING },
    [VERB_DEBUG] = { verb_debug, NEEDS_NOTHING, .offline = true },
    [VERB_DRYRUN] = { verb_dryrun, NEEDS_NOTHING, .offline = true },
    [VERB_DUMP] = { verb_dump, NEEDS_NOTHING },
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

/* A type the connected server does not have: the one error, naming the dialect that has it. */
static enum status not_here(const struct type *t, const struct attr *a)
{
    unsigned d = a ? schema_attr_dialects(a) : schema_type_dialects(t);

    if (a)
        return fail(ST_FAILED, "'%s' of %s objects exists in MidoNet %s only; the API speaks %s",
                    a->name, t->name, schema_dialect_name(d),
                    schema_dialect_name(schema_dialect()));
    return fail(ST_FAILED, "'%s' objects exist in MidoNet %s only; the API speaks %s", t->name,
                schema_dialect_name(d), schema_dialect_name(schema_dialect()));
}

/* A value of one dialect (a rule's type l2-transform) the connected server does not have. */
static enum status value_here(const struct type *t, const struct value *v)
{
    unsigned d;

    if (!v->text || !schema_dialect() ||
        ((d = schema_value_dialects(v->attr, v->text)) & schema_dialect()))
        return ST_OK;
    return fail(ST_FAILED, "%s '%s %s' exists in MidoNet %s only; the API speaks %s", t->name,
                v->attr->name, v->text, schema_dialect_name(d),
                schema_dialect_name(schema_dialect()));
}

/*
 * Does the connected server have every type and attribute the command names? The parser
 * accepts both dialects' words; a command for the other one is refused here, before any
 * request of its own (only the root document, read once, tells the dialect).
 */
static enum status check_dialect(struct run *r)
{
    const struct command *cmd = r->cmd;
    enum status st;

    if ((st = fetch_dialect(r)) != ST_OK)
        return st;
    for (size_t i = 0; i < cmd->npath; i++) {
        const struct step *p = &cmd->path[i];

        if (!schema_type_shown(p->type))
            return not_here(p->type, NULL);
        for (size_t k = 0; k < p->nfilters; k++) {
            if (!schema_attr_shown(p->filters[k].attr))
                return not_here(p->type, p->filters[k].attr);
            if ((st = value_here(p->type, &p->filters[k])) != ST_OK)
                return st;
        }
    }
    if (cmd->type && !schema_type_shown(cmd->type))
        return not_here(cmd->type, NULL);
    for (size_t k = 0; k < cmd->nvalues; k++) {
        const struct type *t = cmd->type ? cmd->type
                               : cmd->npath ? cmd->path[cmd->npath - 1].type : NULL;

        if (t && !schema_attr_shown(cmd->values[k].attr))
            return not_here(t, cmd->values[k].attr);
        if (t && (st = value_here(t, &cmd->values[k])) != ST_OK)
            return st;
    }
    if (cmd->field && cmd->npath && !schema_attr_shown(cmd->field))
        return not_here(cmd->path[cmd->npath - 1].type, cmd->field);
    if (cmd->verb == VERB_SET || cmd->verb == VERB_CLEAR) {
        const struct type *t = cmd->type ? cmd->type
                               : cmd->npath ? cmd->path[cmd->npath - 1].type : NULL;
        unsigned d = schema_dialect();

        /* No PUT in the server's dialect (system-state in 5.x, port groups in 1.9). */
        if (t && ((d == D_5 && (t->flags & TF_NOSET5)) || (d == D_19 && (t->flags & TF_NOSET19))))
            return fail(ST_FAILED,
                        "%s objects can be changed in MidoNet %s only; the API speaks %s",
                        t->name, schema_dialect_name(D_ALL & ~d), schema_dialect_name(d));
    }
    return ST_OK;
}

static enum status run_once(struct run *r)
{
    const struct verb_entry *v = &verb_table[r->cmd->verb];
    enum status st;

    /* Without an API: what needs none runs; describe, when it names no path to resolve. */
    if (!r->s->api && (!v->offline || (v->needs == NEEDS_PATH_UNLESS_TYPE && !r->cmd->type &&
                                       r->cmd->npath)))
        return fail(ST_USAGE, "%s", OPTIONS_NO_API_URL);
    r->missing_ok = (r->cmd->flags & CMD_IF_EXISTS) ||
                    (r->s->if_exists && (r->cmd->verb == VERB_DELETE || r->cmd->verb == VERB_SET ||
                                         r->cmd->verb == VERB_CLEAR));
    if (v->needs == NEEDS_PATH ||
        (v->needs == NEEDS_PATH_UNLESS_TYPE && !r->cmd->type && r->cmd->npath))
        if ((st = check_dialect(r)) != ST_OK || (st = resolve_path(r)) != ST_OK) {
            if (r->missing && r->missing_ok) {
                /* --if-exists: nothing to act on is no error; the step that named nothing */
                const struct step *step = &r->cmd->path[r->npath];
                struct strbuf what = STRBUF_INIT;

                if (step->ref)
                    strbuf_addf(&what, "'%s'", step->ref);
                else if (!step->nfilters)
                    strbuf_addstr(&what, "as selected");
                else
                    strbuf_addstr(&what, "with");
                for (size_t k = 0; !step->ref && k < step->nfilters; k++)
                    strbuf_addf(&what, "%s %s %s", k ? " and" : "",
                                step->filters[k].attr->name,
                                step->filters[k].text ? step->filters[k].text : "");
                fprintf(stderr, "%s: note: no %s %s: nothing to %s\n", error_prefix(),
                        step->type->name, what.buf, verb_name(r->cmd->verb));
                strbuf_release(&what);
                return ST_OK;
            }
            return st;
        }
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

void exec_learn_dialect(struct session *s, long timeout_ms)
{
    struct command cmd = { .verb = VERB_LIST };
    struct run r = { .s = s, .cmd = &cmd, .completing = true };

    if (s->dialect)
        return;
    error_set_quiet(true);
    if (s->interrupt)
        *s->interrupt = 0;
    if (s->ops->limit)
        s->ops->limit(s->backend, timeout_ms);
    fetch_dialect(&r);
    if (s->ops->limit)
        s->ops->limit(s->backend, 0);
    error_set_quiet(false);
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

/*
 * The words TAB offers for a value of a, an attribute that offers the values of another
 * type's attribute (schema.h, offer_attr): of the objects under the path's last object
 * when it has them, else of all of them; a list's elements one by one.
 */
static void offer_words(struct run *r, const struct attr *a, char ***names, size_t *n)
{
    const struct type *ot = schema_type(a->offer_type);
    const struct attr *oa = schema_attr(ot, a->offer_attr);
    const struct target *last = run_last(r);
    struct strbuf v = STRBUF_INIT;
    struct cache_coll *e;
    json_t *one = NULL, *objects;
    size_t alloc = *n;

    if (!oa)
        return;
    if (last && last->type == ot) {
        /* The line named the object already ('host h1 address'): its values only. */
        one = json_array();
        json_array_append(one, last->obj);
        objects = one;
    } else {
        if (last && !schema_child(last->type, ot->id))
            last = NULL;
        if ((!last && !(ot->flags & TF_ROOT)) || fetch_under(r, last, ot, false, &e) != ST_OK)
            return;
        objects = e->objects;
    }
    for (size_t i = 0; i < json_array_size(objects); i++) {
        const json_t *o = json_array_get(objects, i);

        strbuf_reset(&v);
        if (!schema_format_value(verb_attr(schema_variant(ot, o), oa), o, &v))
            continue;
        for (const char *p = v.buf; *p;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);

            if (len) {
                ALLOC_GROW(*names, *n + 1, alloc);
                (*names)[(*n)++] = xstrndup(p, len);
            }
            p += len + (comma != NULL);
        }
    }
    json_decref(one);
    strbuf_release(&v);
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
    if (st == ST_OK && a && a->offer_attr && !schema_is_ref(a)) {
        offer_words(&r, a, names, n);
        goto out;
    }
    if (st == ST_OK && a && schema_is_ref(a))
        st = fetch_ref_scope(&r, a, &e);
    else if (st == ST_OK)
        st = fetch_under(&r, run_last(&r), t, false, &e);
    if (st == ST_OK)
        complete_words(&r, e, t, a, names, n);
out:
    if (s->ops->limit)
        s->ops->limit(s->backend, 0);
    error_set_quiet(false);
    run_release(&r);
    return st;
}
