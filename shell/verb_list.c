/*
 * The verbs that read: list, show, describe.
 *
 * list prints midonet-cli's lines (TYPE HANDLE field value ..., what scripts parse), JSON,
 * or with -o table aligned columns under a header. show prints every attribute of the
 * object, one per line and aligned, hidden ones (id, tenant) included, then how many
 * children of each kind it has (one GET per child collection, from the cache when it is
 * there); `show OBJ FIELD` prints the bare value.
 */
#include "shell/verb.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "shell/exec.h"
#include "shell/fetch.h"
#include "shell/format.h"
#include "shell/handle.h"
#include "shell/resolve.h"
#include "parser/help.h"

/* Print object i of entry e as a line. */
static void print_object(struct run *r, struct cache_coll *e, size_t i, struct strbuf *out)
{
    json_t *o = json_array_get(e->objects, i);
    struct strbuf handle = STRBUF_INIT;

    if (!(e->type->flags & TF_SINGLETON))
        handle_in(e, i, handle_ref, r, &handle);
    format_line(schema_variant(e->type, o), o, handle.len ? handle.buf : NULL, handle_ref, r, out);
    strbuf_addch(out, '\n');
    strbuf_release(&handle);
}

/* Output is written whenever this much of it is ready. */
#define EMIT_CHUNK 65536

/*
 * Object o as element n of a JSON array, exactly as format_json() prints the whole array:
 * "[" before the first, ",\n" between, each line indented by two more spaces.
 */
static void json_item(const json_t *o, size_t n, struct strbuf *out)
{
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY);

    strbuf_addstr(out, n ? ",\n  " : "[\n  ");
    for (const char *p = text ? text : "null"; *p; p++) {
        strbuf_addch(out, *p);
        if (*p == '\n')
            strbuf_addstr(out, "  ");
    }
    free(text);
}

/* Object i of entry e as a row of tb (-o table). */
static void table_object(struct run *r, struct cache_coll *e, size_t i, struct table *tb)
{
    json_t *o = json_array_get(e->objects, i);
    struct strbuf handle = STRBUF_INIT;

    if (!(e->type->flags & TF_SINGLETON))
        handle_in(e, i, handle_ref, r, &handle);
    format_table_row(e->type, o, handle.len ? handle.buf : NULL, handle_ref, r, tb);
    strbuf_release(&handle);
}

/*
 * -o json of a one-command list: each object formatted as it arrives, then let go. The
 * text waits in an unlinked temporary file (in memory if none can be made) and is printed
 * once the list is whole: a reply that breaks off prints no part of a list.
 */
struct json_stream {
    struct run *r;
    struct strbuf out;
    FILE *spill;                /* NULL: none yet, or none could be made (kept in out) */
    bool spill_tried;
    int spill_errno;            /* a write to it failed (why): the list is not printed */
    size_t n;
};

static void json_each(void *ctx, json_t *o)
{
    struct json_stream *js = ctx;

    json_item(o, js->n++, &js->out);
    json_decref(o);
    if (js->out.len < EMIT_CHUNK)
        return;
    if (!js->spill_tried) {
        js->spill_tried = true;
        js->spill = tmpfile();
    }
    if (js->spill) {
        errno = 0;
        if (fwrite(js->out.buf, 1, js->out.len, js->spill) != js->out.len && !js->spill_errno)
            js->spill_errno = errno ? errno : EIO;
        strbuf_reset(&js->out);
    }
}

/* The whole list: what waited in the file, then the rest. */
static enum status json_finish(struct json_stream *js)
{
    char buf[EMIT_CHUNK];
    size_t got;

    strbuf_addstr(&js->out, js->n ? "\n]\n" : "[]\n");
    if (js->spill) {
        errno = 0;
        if (!js->spill_errno && (fflush(js->spill) || fseek(js->spill, 0, SEEK_SET)))
            js->spill_errno = errno ? errno : EIO;
        if (js->spill_errno)
            return fail(ST_FAILED, "cannot list %s: cannot keep the list while it arrives: %s",
                        js->r->cmd->type->plural, strerror(js->spill_errno));
        while ((got = fread(buf, 1, sizeof(buf), js->spill)) > 0)
            fwrite(buf, 1, got, js->r->s->out);
    }
    run_emit(js->r, &js->out);
    return ST_OK;
}

/*
 * A run of one command (-c with one command) whose list nothing later reads: the list is
 * not kept whole (doc/cache.md, "Long lists"). -o json formats each object as it arrives
 * and prints the list once it is whole (*done); text and tables need every object before
 * the first line (a handle is unique in its collection, and a table aligns its columns),
 * so *e is an entry of the objects cut down to what their lines read (names_only, as the
 * ones from ZooKeeper). ST_OK with neither when the list is cached already, or the
 * command is not such a run.
 */
static enum status list_streamed(struct run *r, struct cache_coll **e, bool *done)
{
    struct session *s = r->s;
    const struct type *t = r->cmd->type;
    struct cache_coll *cached;
    char *uri, *query, *key;
    enum status st;

    *e = NULL;
    *done = false;
    if (!s->one_command || r->cmd->nvalues || !s->ops->list ||
        (t->flags & (TF_SINGLETON | TF_EMBEDDED)))
        return ST_OK;
    if ((st = fetch_uri(r, run_last(r), t, &uri, &query)) != ST_OK)
        return st;
    key = fetch_key(uri, query);
    cached = cache_find(&s->cache, key);
    if (cached && !cached->names_only) {
        /* listed already, by the resolution of a name in it: printed from the cache */
    } else if (s->output == OUT_JSON) {
        struct json_stream js = { .r = r, .out = STRBUF_INIT };

        st = fetch_each(r, uri, query, t, NULL, json_each, &js);
        if (st == ST_OK)
            st = json_finish(&js);
        if (js.spill)
            fclose(js.spill);
        strbuf_release(&js.out);
        *done = true;
    } else {
        /* Of each object, what printing it reads, and the uri a partial one is completed
         * from. */
        struct strmap keys = STRMAP_INIT;
        json_t *objects = json_array();

        schema_line_keys(t, &keys);
        strmap_put(&keys, "uri", 1);
        st = fetch_each(r, uri, query, t, &keys, fetch_collect, objects);
        if (st == ST_OK)
            *e = cache_store_names(&s->cache, key, t, objects);
        else
            json_decref(objects);
        strmap_release(&keys);
    }
    free(key);
    free(uri);
    free(query);
    return st;
}

enum status verb_list(struct run *r)
{
    const struct command *cmd = r->cmd;
    struct cache_coll *e;
    struct strbuf out = STRBUF_INIT;
    struct table tb = { 0 };
    size_t rows = 0;
    enum status st;
    size_t n = 0;
    bool done;

    if ((st = list_streamed(r, &e, &done)) != ST_OK || done)
        goto out;
    if (!e && (st = fetch_under(r, run_last(r), cmd->type, false, &e)) != ST_OK)
        goto out;
    /* Objects midosh created are known only as it sent them: list what the API holds. */
    if (!e->names_only && cache_has_partial(e) &&
        (st = fetch_under(r, run_last(r), cmd->type, true, &e)) != ST_OK)
        goto out;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);
        bool yes = true;

        if (cmd->nvalues && (st = resolve_matches(r, schema_variant(e->type, o), o, cmd->values,
                                                  cmd->nvalues, &yes)) != ST_OK)
            goto out;
        if (!yes)
            continue;
        /* Written as it is made, in pieces: no second copy of the whole list (a table
         * must see every row to align its columns). */
        if (r->s->output == OUT_JSON) {
            json_item(o, n++, &out);
        } else if (r->s->output == OUT_TABLE) {
            if (!rows++)
                format_table_header(e->type, &tb);
            table_object(r, e, i, &tb);
        } else {
            print_object(r, e, i, &out);
        }
        if (out.len >= EMIT_CHUNK) {
            run_emit(r, &out);
            strbuf_reset(&out);
        }
    }
    if (r->s->output == OUT_JSON)
        strbuf_addstr(&out, n ? "\n]\n" : "[]\n");
    else if (rows)
        table_print(&tb, &out);
    run_emit(r, &out);
out:
    table_release(&tb);
    strbuf_release(&out);
    return st;
}

/* show OBJ FIELD: one field; a reference shows the object it refers to. */
static void show_field(struct run *r, const struct target *t, struct strbuf *out)
{
    const struct attr *a = schema_attr(t->type, r->cmd->field->name);
    const char *ref_id;
    struct cache_coll *e;
    size_t i;

    if (!a)
        a = r->cmd->field;
    ref_id = a->kind == K_REF ? json_string_value(schema_json_value(a, t->obj)) : NULL;
    if (r->s->output == OUT_JSON) {
        json_t *v = schema_json_value(a, t->obj);

        format_json(v ? v : json_null(), out);
    } else if (ref_id && fetch_ref_scope(r, a, &e) == ST_OK && strmap_get(&e->ids, ref_id, &i)) {
        print_object(r, e, i, out);
    } else if (format_field(a, t->obj, handle_ref, r, out)) {
        strbuf_addch(out, '\n');
    }
}

/*
 * A child collection's label in show: one that begins with the word list takes for them,
 * so that the count names what to list next. The API's name for the collection, in words,
 * when it does ("ports", "dhcp-subnets": `list dhcp`), else that word in the plural (a
 * host's "ports" are "bindings", a tunnel zone's "hosts" its "members").
 */
static void child_label(const struct child *c, struct strbuf *out)
{
    const char *word = schema_type(c->type)->name;
    struct strbuf api = STRBUF_INIT;

    for (const char *p = c->uri_key; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            strbuf_addch(&api, '-');
            strbuf_addch(&api, (char)(*p - 'A' + 'a'));
        } else {
            strbuf_addch(&api, *p);
        }
    }
    if (starts_with(api.buf, word))
        strbuf_addstr(out, api.buf);
    else if (*word && word[strlen(word) - 1] == 's')
        strbuf_addstr(out, word);   /* a plural already (a mirror's matches) */
    else
        strbuf_addf(out, "%ss", word);
    strbuf_release(&api);
}

/*
 * show OBJ: its attributes, then a count of each kind of child. A child collection that
 * cannot be read is counted "?" (the command still succeeds: the object was shown).
 */
static void show_all(struct run *r, const struct target *t, struct strbuf *out)
{
    struct table tb;
    struct strbuf label = STRBUF_INIT;

    table_init(&tb, 2);
    format_attrs(t->type, t->obj, handle_ref, r, &tb);
    for (const struct child *c = t->type->children; c->uri_key; c++) {
        const struct type *ct = schema_type(c->type);
        struct cache_coll *e;
        char count[32] = "?";

        if ((ct->flags & TF_NOLIST) || !schema_type_shown(ct))
            continue;
        error_set_quiet(true);
        if (fetch_under(r, t, ct, false, &e) == ST_OK)
            snprintf(count, sizeof(count), "%zu", json_array_size(e->objects));
        error_set_quiet(false);
        strbuf_reset(&label);
        child_label(c, &label);
        table_add(&tb, label.buf);
        table_add(&tb, count);
    }
    table_print(&tb, out);
    table_release(&tb);
    strbuf_release(&label);
}

enum status verb_show(struct run *r)
{
    const struct target *t = run_last(r);
    struct strbuf out = STRBUF_INIT;

    if (r->cmd->field)
        show_field(r, t, &out);
    else if (r->s->output == OUT_JSON)
        format_json(t->obj, &out);
    else
        show_all(r, t, &out);
    run_emit(r, &out);
    strbuf_release(&out);
    return ST_OK;
}

enum status verb_describe(struct run *r)
{
    bool root = !r->cmd->type && !r->cmd->npath;
    const struct type *t = r->cmd->type || root ? r->cmd->type : run_last(r)->type;
    struct strbuf out = STRBUF_INIT;

    /* What the connected server has (its children, its attributes): the root document
     * tells, if it answers soon; unreachable, every dialect's is described. */
    exec_learn_dialect(r->s, LEARN_DIALECT_MS);
    if (root)
        describe_root(&out);
    else
        describe_type(t, &out);
    run_emit(r, &out);
    strbuf_release(&out);
    return ST_OK;
}
