/* The verb that makes objects: create (and "add"), with the links it asks for. */
#include "shell/verb.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/fetch.h"
#include "shell/format.h"
#include "shell/handle.h"
#include "shell/resolve.h"
#include "shell/dryrun.h"

/* The last segment of a URI (the id in a Location). The caller's string. */
static char *last_segment(const char *uri)
{
    const char *end = uri + strlen(uri);
    const char *p;

    while (end > uri && end[-1] == '/')
        end--;
    p = end;
    while (p > uri && p[-1] != '/')
        p--;
    return xstrndup(p, (size_t)(end - p));
}

/* A create's link attributes (add port peer P) name existing objects: checked before the POST. */
static enum status check_links(struct run *r, const struct type *t)
{
    enum status st = ST_OK;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = verb_attr(t, v->attr);
        char *id = NULL;

        if (a->link_key)
            st = resolve_ref(r, a, v->text, &id);
        free(id);
    }
    return st;
}

/*
 * Link the object just created at location as its link attributes ask. The link URI is
 * the API's, so the object is read back once first.
 */
static enum status create_links(struct run *r, const struct type *t, const char *location)
{
    struct target made = { .type = t };
    struct api_response got = { 0 };
    enum api_status ast;
    enum status st = ST_OK;

    for (size_t k = 0; k < r->cmd->nvalues && st == ST_OK; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = verb_attr(t, v->attr);

        if (!a->link_key)
            continue;
        if (!made.obj) {
            ast = fetch_object(r, location, t, &got);
            if (ast != API_OK) {
                st = run_api_failure(r, ast, &got, "cannot read the new %s", t->name);
                break;
            }
            made.obj = json_incref(got.body);
        }
        st = verb_link(r, &made, v, a);
    }
    json_decref(made.obj);
    api_response_release(&got);
    return st;
}

/*
 * Nothing half-done: an object created only to be linked goes again when the link fails,
 * even when a ^C stopped the link (the ^C still stops the line).
 */
static void undo_create(struct run *r, const struct type *t, const char *location, const char *id)
{
    struct api_response gone = { 0 };
    struct strbuf media = STRBUF_INIT;
    sig_atomic_t stop = r->s->interrupt ? *r->s->interrupt : 0;

    if (stop)
        *r->s->interrupt = 0;
    schema_media(t, &media);
    if (r->s->ops->del(r->s->backend, location, media.buf, &gone) != API_OK)
        error("the new %s %s could not be removed: %s", t->name, id ? id : location,
              gone.message ? gone.message : "unknown error");
    if (stop)
        *r->s->interrupt = stop;
    api_response_release(&gone);
    strbuf_release(&media);
    cache_invalidate_all(&r->s->cache);
}

/* JSON values the same, a missing key being null. */
static bool same_json(const json_t *a, const json_t *b)
{
    if (!a || json_is_null(a))
        return !b || json_is_null(b);
    return b && json_equal(a, b);
}

/*
 * Does attribute a (of a create) hold the same value in want (the body built) as in have
 * (an existing object)? A rule's position is not compared: later rules move it.
 */
static bool same_attr(const struct attr *a, const json_t *want, const json_t *have)
{
    if (a->sub) {
        want = json_object_get(want, a->sub);
        have = json_object_get(have, a->sub);
    }
    if (!strcmp(a->key, "position"))
        return true;
    if (a->kind == K_FLAG_ENUM) {
        for (const struct enum_value *v = a->values; v && v->word; v++)
            if (!same_json(json_object_get(want, v->json), json_object_get(have, v->json)))
                return false;
        return true;
    }
    if (!same_json(json_object_get(want, a->key), json_object_get(have, a->key)))
        return false;
    if (a->key2 && !same_json(json_object_get(want, a->key2), json_object_get(have, a->key2)))
        return false;
    if (a->inv_key &&
        !same_json(json_object_get(want, a->inv_key), json_object_get(have, a->inv_key)))
        return false;
    return true;
}

/*
 * The attributes the command gives that obj holds otherwise, as "ATTR HAVE (not WANT)"
 * joined by ", " into diff; a link (peer) compares the peer's id. Returns how many.
 */
static size_t differences(struct run *r, const struct type *t, const json_t *body,
                          const json_t *obj, struct strbuf *diff)
{
    const struct type *vt = schema_variant(t, obj);
    size_t n = 0;

    for (size_t k = 0; k < r->cmd->nvalues; k++) {
        const struct value *v = &r->cmd->values[k];
        const struct attr *a = verb_attr(vt, v->attr);
        struct strbuf have = STRBUF_INIT;
        bool same;

        if (a->link_key) {
            char *id = NULL;

            json_t *want = NULL;

            if (resolve_ref(r, a, v->text, &id) == ST_OK)
                want = json_string(id);
            same = want && same_json(want, json_object_get(obj, a->link_body));
            json_decref(want);
            free(id);
        } else {
            same = same_attr(a, body, obj);
        }
        if (!same) {
            if (!format_field(a, obj, handle_ref, r, &have))
                strbuf_addstr(&have, "none");
            strbuf_addf(diff, "%s%s %s (not %s%s)", n ? ", " : "", a->name, have.buf,
                        v->invert ? "!" : "", v->text);
            n++;
        }
        strbuf_release(&have);
    }
    return n;
}

/* What names an object of t in a create: its name, else its natural key (JSON keys). */
static const char *naming_key(const struct type *t, const json_t *body, const struct attr **ka)
{
    *ka = NULL;
    if (t->name_key && json_is_string(json_object_get(body, t->name_key)))
        return t->name_key;
    if (t->key_attr && (*ka = schema_attr(t, t->key_attr)) && json_object_get(body, (*ka)->key))
        return (*ka)->key;
    *ka = NULL;
    return NULL;
}

/*
 * Whether an earlier create of this run made o, or found it under --may-exist: a script
 * that makes two objects alike (two mirrors of one port) finds one each, not one twice.
 */
static bool claimed(const struct session *s, const struct type *t, const json_t *o)
{
    const char *id = schema_object_id(schema_variant(t, o), o);

    return id && session_made(s, id);
}

/* The settings o has that the create does not give: of two objects alike in what it gives,
 * the one with fewer is its (a port linked already, a container serving a port, is the
 * last choice of a create that names neither: the next line may be the one that does).
 * A late reference (schema_is_late_ref(): a port's mirrors) weighs less than any other
 * setting: a dump never gives one on a create, but sets it on a later line, so a port
 * with mirrors is still the one a create of a plain port describes before a linked one. */
static size_t unasked(struct run *r, const struct type *t, const json_t *o)
{
    const struct type *vt = schema_variant(t, o);
    size_t n = 0;
    enum { LATE = 1, OTHER = 1000 };    /* more than a type's attributes */

    for (const struct attr *a = vt->attrs; a->name; a++) {
        const json_t *v = schema_json_value(a, o);
        bool asked = false;

        if ((a->flags & A_RO) || !v || json_is_null(v) || (json_is_array(v) && !json_array_size(v)))
            continue;
        for (size_t k = 0; k < r->cmd->nvalues && !asked; k++)
            asked = verb_attr(vt, r->cmd->values[k].attr) == a;
        if (!asked)
            n += schema_is_late_ref(vt, a) ? LATE : OTHER;
    }
    return n;
}

/*
 * The object the create would make, if one exists already under the same parent: one
 * with the same name, else the same natural key, else (types named by neither, such as
 * rules, routes and unnamed ports) one whose every given attribute is the same, and that
 * no earlier create of the run made or found (claimed()), with the fewest settings more
 * (unasked()). *index
 * is its place in *e; *ndiff counts the attributes it differs in (described in diff),
 * and *several is set when the name or key names more than one (unless only one of those
 * has every given attribute: that one is found). Returns FOUND or
 * NOT_FOUND (or AMBIGUOUS after an error, with *st set).
 */
static enum found find_existing(struct run *r, const struct target *parent, const struct type *t,
                                const json_t *body, bool may_exist, struct cache_coll **e,
                                size_t *index,
                                size_t *ndiff, size_t *several, struct strbuf *diff,
                                enum status *st)
{
    const struct attr *ka;
    const char *key = naming_key(t, body, &ka);
    const json_t *want = key ? json_object_get(body, key) : NULL;
    enum found found = NOT_FOUND;
    size_t exact = 0, exact_at = 0, extra = 0;

    *several = 0;
    *ndiff = 0;
    if ((*st = fetch_under(r, parent, t, false, e)) != ST_OK)
        return AMBIGUOUS;
    /* Objects created earlier in this run are held as sent: compare what the API holds. */
    if (may_exist && cache_has_partial(*e) && (*st = fetch_under(r, parent, t, true, e)) != ST_OK)
        return AMBIGUOUS;
    for (size_t i = 0; i < json_array_size((*e)->objects); i++) {
        const json_t *o = json_array_get((*e)->objects, i);
        struct strbuf d = STRBUF_INIT;
        size_t n;

        if (key && !same_json(want, json_object_get(o, key)))
            continue;
        if (ka && ka->key2 && !same_json(json_object_get(body, ka->key2),
                                         json_object_get(o, ka->key2)))
            continue;
        n = differences(r, t, body, o, &d);
        if (key && !n && !exact++)
            exact_at = i;
        if (key) {
            if (found == NOT_FOUND || (n < *ndiff)) {
                *index = i;
                *ndiff = n;
                strbuf_reset(diff);
                strbuf_addstr(diff, d.buf);
            }
            found = FOUND;
            (*several)++;
        } else if (!n && !claimed(r->s, t, o)) {
            size_t more = unasked(r, t, o);

            if (found == NOT_FOUND || more < extra) {
                *index = i;
                extra = more;
                found = FOUND;
            }
        }
        strbuf_release(&d);
    }
    /* A name several objects share, and only one of them is all the create asks for. */
    if (*several > 1 && exact == 1) {
        *several = 1;
        *index = exact_at;
        *ndiff = 0;
        strbuf_reset(diff);
    }
    return found;
}

/* Its handle in entry e, as `list` prints it. */
static void handle_of(struct run *r, struct cache_coll *e, size_t i, struct strbuf *out)
{
    handle_in(e, i, handle_ref, r, out);
}

/*
 * The position a new rule got: the one asked for, else 1, where the API puts a rule
 * without one (midonet-cli's scripts rely on it). Printed after its id at the prompt and
 * in a dry run; a script's output stays the id alone, for the programs that read it.
 */
static long long rule_position(const json_t *body)
{
    const json_t *pos = json_object_get(body, "position");

    return json_is_integer(pos) && json_integer_value(pos) > 0 ? json_integer_value(pos) : 1;
}

/*
 * Outside the prompt standard output stays the bare id (scripts read it). A rule added
 * without pos to a chain that has rules goes ahead of them, not where the script wrote it:
 * a note on standard error says where it went.
 */
static void note_rule_position(struct run *r, const char *id, const json_t *body)
{
    const struct target *chain = run_last(r);
    struct cache_coll *e;
    size_t n;

    if (json_object_get(body, "position") || !chain || chain->type->id != T_CHAIN)
        return;
    error_set_quiet(true);
    if (fetch_under(r, chain, schema_type(T_RULE), false, &e) == ST_OK &&
        (n = json_array_size(e->objects)) > 1)
        verb_note("rule %.8s went to pos 1, ahead of the chain's %zu other rule%s "
                  "(pos last appends)", id, n - 1, n == 2 ? "" : "s");
    error_set_quiet(false);
}

/* What create prints: the new id, or its natural key, or (-o json) the object. */
static void print_created(struct run *r, const struct type *t, const char *location,
                          const json_t *body, const char *id, struct strbuf *out)
{
    if (r->s->output == OUT_JSON) {
        struct api_response got = { 0 };

        if (fetch_object(r, location, t, &got) == API_OK && got.body)
            format_json(got.body, out);
        else
            format_json(body, out);
        api_response_release(&got);
    } else if (id) {
        strbuf_add_escaped(out, id);
        if (t->id == T_RULE && r->s->interactive)
            strbuf_addf(out, " pos %lld", rule_position(body));
        strbuf_addch(out, '\n');
    } else {
        struct strbuf h = STRBUF_INIT;
        const struct attr *ka = t->key_attr ? schema_attr(t, t->key_attr) : NULL;

        if (ka && format_field(ka, body, handle_ref, r, &h))
            strbuf_addf(out, "%s\n", h.buf);
        strbuf_release(&h);
    }
    if (id && t->id == T_RULE && !r->s->interactive)
        note_rule_position(r, id, body);
}

/*
 * How many objects of collection key (t's under parent) are named name. The collection is
 * read once per run for this (a cached fresh copy does without the GET): the names are then
 * kept in the session and counted on as creates add to them, and the copy read is left
 * stale, so that objects created after it are read back whole, once, when they are named.
 */
static size_t name_count(struct run *r, const struct target *parent, const struct type *t,
                         const char *key, const char *name)
{
    struct cache_coll *e = cache_find(&r->s->cache, key);
    json_t *names = r->s->names_seen ? json_object_get(r->s->names_seen, key) : NULL;

    if (r->s->interactive && !(e && !e->stale && !cache_has_partial(e)) &&
        fetch_under(r, parent, t, false, &e) != ST_OK)
        return 0;       /* at the prompt the cache's own age rule decides */
    if (e && ((!e->stale && !cache_has_partial(e)) || r->s->interactive)) {
        size_t n = 0;

        for (size_t i = 0; i < json_array_size(e->objects); i++) {
            const char *o = schema_object_name(t, json_array_get(e->objects, i));
            n += o && !strcmp(o, name);
        }
        return n;
    }
    if (!names) {
        if (fetch_under(r, parent, t, false, &e) != ST_OK)
            return 0;
        names = json_object();
        for (size_t i = 0; i < json_array_size(e->objects); i++) {
            const char *o = schema_object_name(t, json_array_get(e->objects, i));

            if (o)
                json_object_set_new(names, o, json_integer(
                    json_integer_value(json_object_get(names, o)) + 1));
        }
        if (!r->s->names_seen)
            r->s->names_seen = json_object();
        json_object_set_new(r->s->names_seen, key, names);
        /* The run keeps the names and counts its creates on them (doc/cache.md): e is left
         * stale, and the objects created after it are read back whole, once, when named. */
        cache_mark_stale(e);
    }
    return (size_t)json_integer_value(json_object_get(names, name));
}

/* A create of name in collection key worked: count it where the names are kept. */
static void name_created(struct run *r, const char *key, const char *name)
{
    json_t *names = r->s->names_seen ? json_object_get(r->s->names_seen, key) : NULL;

    if (names && name)
        json_object_set_new(names, name, json_integer(
            json_integer_value(json_object_get(names, name)) + 1));
}

/*
 * Before a create: with --may-exist, an object that is already what the command asks
 * for is printed into out (as create prints a new one) and the create is skipped; one
 * that differs fails. Without it, a name that exists already is a warning: it will then
 * name several objects.
 */
static enum status before_create(struct run *r, const struct target *parent,
                                 const struct type *t, const json_t *body, const char *key,
                                 struct strbuf *out)
{
    bool may_exist = r->s->may_exist || (r->cmd->flags & CMD_MAY_EXIST);
    const char *name = t->name_key ? json_string_value(json_object_get(body, t->name_key)) : NULL;
    struct strbuf diff = STRBUF_INIT, h = STRBUF_INIT;
    struct cache_coll *e;
    size_t i = 0, ndiff, several;
    enum status st = ST_OK;
    enum found f;

    if (!may_exist) {
        several = name ? name_count(r, parent, t, key, name) : 0;
        /* MidoNet 1.9 and 5.x refuse a second tunnel zone of a name: say so first (a dry
         * run then fails as the run would). Other names may repeat, and are warned of. */
        if (several && t->id == T_TUNNEL_ZONE)
            return fail(ST_FAILED, "%s '%s' exists already (the API keeps tunnel zone names "
                        "unique)", t->name, name);
        if (several)
            warning("%s '%s' exists already: the name now names %zu %s", t->name, name,
                    several + 1, t->plural);
        return ST_OK;
    }
    f = find_existing(r, parent, t, body, may_exist, &e, &i, &ndiff, &several, &diff, &st);
    if (f != FOUND)
        goto done;
    handle_of(r, e, i, &h);
    if (several > 1) {
        st = fail(ST_FAILED, "%zu %s are named '%s' already: --may-exist cannot tell which",
                  several, t->plural, h.buf);
    } else if (ndiff) {
        st = fail(ST_FAILED, "%s %s exists with other attributes: %s", t->name, h.buf, diff.buf);
    } else {
        const json_t *o = json_array_get(e->objects, i);
        const char *id = schema_object_id(schema_variant(t, o), o);

        verb_note("%s %s exists already: nothing done", t->name, h.buf);
        if (id)
            session_set_created(r->s, t->name, id);
        if (r->s->output == OUT_JSON)
            format_json(o, out);
        else if (id)
            strbuf_addf(out, "%s\n", id);
        else
            strbuf_addf(out, "%s\n", h.buf);
    }
done:
    strbuf_release(&diff);
    strbuf_release(&h);
    return st;
}

/* The attribute of t that names the object it was created under (a port's device). */
static const struct attr *parent_ref(const struct target *parent, const struct type *t)
{
    const struct attr *a = parent ? schema_parent_attr(t) : NULL;

    return a && a->ref == parent->type->id ? a : NULL;
}

/*
 * The new object names its parent as the API reads it back (a port's deviceId), so that
 * what the cache keeps of it has its PARENT:KEY handle (a router port's rt8:10.8.0.1).
 */
static void set_parent_ref(const struct target *parent, const struct type *t, json_t *body)
{
    const struct attr *a = parent_ref(parent, t);
    const char *pid = parent ? schema_object_id(parent->type, parent->obj) : NULL;

    if (a && pid && !a->sub && !json_object_get(body, a->key))
        json_object_set_new(body, a->key, json_string(pid));
}

/* Under --dry-run: the handle the new object would have, where it is known before the API
 * gives it an id. */
static void print_dry_created(struct run *r, const struct type *t, const char *key,
                              const char *id, const json_t *body)
{
    struct cache_coll *e = cache_find(&r->s->cache, key);
    struct strbuf h = STRBUF_INIT;
    const struct attr *pa;
    size_t i;

    const char *name = t->name_key ? json_string_value(json_object_get(body, t->name_key)) : NULL;

    if (e && !e->stale && id && strmap_get(&e->ids, id, &i))
        handle_of(r, e, i, &h);
    else if (name && !text_needs_escape(name))
        strbuf_addstr(&h, name);
    else if (!id && t->key_attr && schema_attr(t, t->key_attr))
        format_field(schema_attr(t, t->key_attr), body, handle_ref, r, &h);
    else if (t->key_attr && schema_attr(t, t->key_attr) && (pa = parent_ref(run_last(r), t)) &&
             json_is_string(json_object_get(body, pa->key))) {
        /* An object with an id and a key (a router port): PARENT:KEY, as list prints it. */
        struct strbuf k = STRBUF_INIT;

        if (format_field(schema_attr(t, t->key_attr), body, handle_ref, r, &k) && k.len) {
            handle_ref(r, pa, json_string_value(json_object_get(body, pa->key)), &h);
            strbuf_addch(&h, ':');
            strbuf_add(&h, k.buf, k.len);
        }
        strbuf_release(&k);
    }
    if (h.len && !dryrun_is_placeholder(h.buf))
        fprintf(r->s->out, "dry-run: new %s %s", t->name, h.buf);
    else
        fprintf(r->s->out, "dry-run: new %s (its id is the API's to give)", t->name);
    if (t->id == T_RULE)
        fprintf(r->s->out, " pos %lld", rule_position(body));
    fputc('\n', r->s->out);
    strbuf_release(&h);
}

/* What a create of an object held in its parent appends (create_embedded()). */
struct embedded_add {
    struct run *r;
    const struct type *t;
    json_t *body;
    bool may_exist;
    bool found;                 /* --may-exist found it: nothing sent */
    long long pos;              /* where it is: the new one's, or the one found under
                                 * --may-exist */
};

static enum status append_embedded(json_t *list, void *ctx)
{
    struct embedded_add *add = ctx;
    struct strbuf diff = STRBUF_INIT;
    size_t i;
    json_t *o;

    json_array_foreach(list, i, o) {
        strbuf_reset(&diff);
        if (add->may_exist && !differences(add->r, add->t, add->body, o, &diff)) {
            add->pos = (long long)i + 1;
            add->found = true;
            strbuf_release(&diff);
            verb_note("%s %lld is this one already: nothing done", add->t->name, add->pos);
            return ST_FAILED;   /* nothing to send; verb_put_embedded() reports nothing */
        }
    }
    strbuf_release(&diff);
    json_array_append(list, add->body);
    add->pos = (long long)json_array_size(list);
    return ST_OK;
}

/*
 * A create of an object held in its parent (a mirror's condition): appended to the
 * parent's array, which is PUT back; it is named by its position, which is printed.
 */
static enum status create_embedded(struct run *r, const struct target *parent,
                                   const struct child *c, const struct type *t)
{
    struct embedded_add add = { .r = r, .t = t, .body = json_object(),
                                .may_exist = r->s->may_exist || (r->cmd->flags & CMD_MAY_EXIST) };
    struct strbuf out = STRBUF_INIT;
    enum status st;

    if ((st = verb_apply_values(r, t, add.body)) == ST_OK)
        st = verb_put_embedded(r, parent, c, append_embedded, &add);
    if (st == ST_OK || add.found) {
        st = ST_OK;
        json_object_set_new(add.body, "position", json_integer(add.pos));
        if (r->s->output == OUT_JSON)
            format_json(add.body, &out);
        else if (r->s->dry)
            strbuf_addf(&out, "dry-run: new %s %lld\n", t->name, add.pos);
        else
            strbuf_addf(&out, "%lld\n", add.pos);
        run_emit(r, &out);
    }
    json_decref(add.body);
    strbuf_release(&out);
    return st;
}

enum status verb_create(struct run *r)
{
    const struct type *t = r->cmd->type;
    const struct target *parent = run_last(r);
    char *uri = NULL, *query = NULL, *key = NULL, *id = NULL;
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT, list_media = STRBUF_INIT, out = STRBUF_INIT;
    json_t *body = NULL;
    const struct child *c = parent ? schema_child(parent->type, t->id) : NULL;
    enum status st;
    enum api_status ast;

    if (c && (t->flags & TF_EMBEDDED))
        return create_embedded(r, parent, c, t);
    if ((st = fetch_uri(r, parent, t, &uri, &query)) != ST_OK)
        goto out;
    body = t->create_defaults ? json_loads(t->create_defaults, 0, NULL) : NULL;
    if (!body)
        body = json_object();
    if (t->flags & TF_TENANT)
        json_object_set_new(body, "tenantId", json_string(r->s->tenant ? r->s->tenant : ""));
    if ((st = verb_apply_values(r, t, body)) != ST_OK || (st = check_links(r, t)) != ST_OK)
        goto out;
    key = fetch_key(uri, query);
    if ((st = before_create(r, parent, t, body, key, &out)) != ST_OK || out.len) {
        run_emit(r, &out);      /* --may-exist: it exists, nothing done */
        goto out;
    }
    schema_create_media(t, parent ? parent->obj : NULL, &media);
    schema_list_media(t, &list_media);
    ast = r->s->ops->post(r->s->backend, uri, media.buf, list_media.buf, body, &resp);
    if (ast != API_OK) {
        st = run_api_failure(r, ast, &resp, "cannot create %s", t->name);
        goto out;
    }
    if (!resp.location) {
        st = fail(ST_FAILED, "cannot create %s: the API answered without a Location", t->name);
        goto out;
    }
    if (t->id_key) {
        id = last_segment(resp.location);
        if (!api_is_uuid(id)) {
            st = fail(ST_FAILED, "cannot create %s: the API answered with a Location not "
                      "ending in an id", t->name);
            goto out;
        }
        json_object_set_new(body, t->id_key, json_string(id));
        session_set_created(r->s, t->name, id);
    }
    json_object_set_new(body, "uri", json_string(resp.location));
    set_parent_ref(parent, t, body);
    /* The cache kept true without a GET (api/cache.h, cache_created). */
    name_created(r, key,
                 t->name_key ? json_string_value(json_object_get(body, t->name_key)) : NULL);
    cache_created(&r->s->cache, key,
                  parent ? json_string_value(json_object_get(parent->obj, "uri")) : NULL,
                  t, body, id);
    if ((st = create_links(r, t, resp.location)) != ST_OK) {
        undo_create(r, t, resp.location, id);
        goto out;
    }
    if (r->s->dry)
        print_dry_created(r, t, key, id, body);
    else
        print_created(r, t, resp.location, body, id, &out);
    run_emit(r, &out);
out:
    json_decref(body);
    api_response_release(&resp);
    strbuf_release(&media);
    strbuf_release(&list_media);
    strbuf_release(&out);
    free(uri);
    free(query);
    free(key);
    free(id);
    return st;
}
