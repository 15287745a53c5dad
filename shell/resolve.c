#include "shell/resolve.h"

#include "parser/help.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell/fetch.h"
#include "shell/handle.h"

bool resolve_is_uuid(const char *s)
{
    static const int dash[] = { 8, 13, 18, 23 };
    size_t d = 0;

    if (strlen(s) != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        if (d < ARRAY_SIZE(dash) && (int)i == dash[d]) {
            if (s[i] != '-')
                return false;
            d++;
        } else if (!isxdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}

bool resolve_is_id_prefix(const char *s)
{
    size_t hex = 0;

    for (const char *p = s; *p; p++) {
        if (isxdigit((unsigned char)*p))
            hex++;
        else if (*p != '-')
            return false;
    }
    return hex >= 4 && strlen(s) <= 36;
}

/* The id of object i of entry e (borrowed), or NULL. */
static const char *entry_id(const struct cache_coll *e, size_t i)
{
    const json_t *o = json_array_get(e->objects, i);

    return schema_object_id(schema_variant(e->type, o), o);
}

/* Append ", 1234abcd" (8 digits of id) to a list of candidates. */
static void add_candidate(struct strbuf *many, const char *id)
{
    strbuf_addf(many, "%s%.8s", many->len ? ", " : "", id ? id : "?");
}

static enum found by_uuid(struct cache_coll *e, const char *word, size_t *index)
{
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        const char *id = entry_id(e, i);

        if (id && !strcasecmp(id, word)) {
            *index = i;
            return FOUND;
        }
    }
    return NOT_FOUND;
}

static enum found by_name(struct cache_coll *e, const char *word, size_t *index)
{
    struct strbuf many = STRBUF_INIT;
    size_t i;

    if (!strmap_get(&e->names, word, &i))
        return NOT_FOUND;
    if (i != CACHE_SEVERAL) {
        *index = i;
        return FOUND;
    }
    for (i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);
        const char *name = schema_object_name(schema_variant(e->type, o), o);

        if (name && !strcmp(name, word))
            add_candidate(&many, entry_id(e, i));
    }
    error("several %s are named '%s': %s (use an id)", e->type->plural, word, many.buf);
    strbuf_release(&many);
    return AMBIGUOUS;
}

/* Natural keys: a member is named by its host, other keys are typed as printed. */
static enum found by_key(struct run *r, struct cache_coll *e, const char *word, size_t *index)
{
    const struct type *t = e->type;
    const struct attr *ka = t->key_attr ? schema_attr(t, t->key_attr) : NULL;
    struct strbuf key = STRBUF_INIT;
    enum found found = NOT_FOUND;
    size_t i;

    if (ka && ka->kind == K_REF) {
        char *id = NULL;

        if (resolve_ref(r, ka, word, &id) != ST_OK)
            found = AMBIGUOUS;
        else if (strmap_get(&e->keys, id, &i) && i != CACHE_SEVERAL)
            found = FOUND;
        free(id);
    } else if (ka) {
        schema_key_form(t, word, &key);
        if (strmap_get(&e->keys, key.buf, &i)) {
            found = i != CACHE_SEVERAL ? FOUND : AMBIGUOUS;
            if (found == AMBIGUOUS)
                error("several %s have %s '%s' (use an id)", t->plural, t->key_attr, word);
        }
    }
    if (found == FOUND)
        *index = i;
    strbuf_release(&key);
    return found;
}

static enum found by_prefix(struct cache_coll *e, const char *word, size_t *index)
{
    struct strbuf many = STRBUF_INIT;
    size_t count = 0;

    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        const char *id = entry_id(e, i);

        if (id && !strncasecmp(id, word, strlen(word))) {
            add_candidate(&many, id);
            if (!count++)
                *index = i;
        }
    }
    if (count > 1)
        error("id prefix '%s' matches several %s: %s", word, e->type->plural, many.buf);
    strbuf_release(&many);
    return count == 1 ? FOUND : count ? AMBIGUOUS : NOT_FOUND;
}

enum found resolve_in(struct run *r, struct cache_coll *e, const char *word, size_t *index)
{
    enum found f = NOT_FOUND;

    if (resolve_is_uuid(word) && (f = by_uuid(e, word, index)) != NOT_FOUND)
        return f;
    if ((f = by_name(e, word, index)) != NOT_FOUND)
        return f;
    if ((f = by_key(r, e, word, index)) != NOT_FOUND)
        return f;
    if (resolve_is_id_prefix(word))
        f = by_prefix(e, word, index);
    return f;
}

/* Replace a partial object (see cache.h) by what the API holds: one GET of its uri. */
static enum status complete_partial(struct run *r, struct cache_coll *e, size_t i)
{
    json_t *o = json_array_get(e->objects, i);
    const struct type *t = schema_variant(e->type, o);
    char *id = xstrdup(entry_id(e, i));
    struct api_response resp = { 0 };
    enum api_status ast;
    enum status st = ST_OK;

    ast = fetch_object(r, json_string_value(json_object_get(o, "uri")), t, &resp);
    if (ast != API_OK) {
        st = run_api_failure(r, ast, &resp, "cannot read %s '%s'", t->name, id);
    } else if (!json_is_object(resp.body)) {
        st = fail(ST_FAILED, "cannot read %s '%s': the API answered something that is not an "
                  "object", t->name, id);
    } else {
        cache_set_partial(e, id, false);
        cache_replace(e, i, json_incref(resp.body));
    }
    free(id);
    api_response_release(&resp);
    return st;
}

static void set_target(struct target *out, struct cache_coll *e, size_t i, const struct type *t)
{
    out->obj = json_incref(json_array_get(e->objects, i));
    out->type = schema_variant(t, out->obj);
    out->coll_uri = xstrdup(e->uri);
}

static void not_found(struct run *r, const struct target *parent, const struct type *t,
                      const char *word)
{
    struct strbuf h = STRBUF_INIT;
    struct cache_coll *pe;
    const char *pid;
    size_t pi;

    r->missing = true;
    if (r->missing_ok)
        return;         /* --if-exists: exec.c says so */
    if (!parent) {
        error("no %s named '%s'%s", t->name, word, help_alias_note(word, t));
        return;
    }
    pe = cache_find(&r->s->cache, parent->coll_uri);
    pid = schema_object_id(parent->type, parent->obj);
    if (pe && pid && strmap_get(&pe->ids, pid, &pi))
        handle_in(pe, pi, handle_ref, r, &h);
    error("no %s '%s' in %s '%s'", t->name, word, parent->type->name, h.len ? h.buf : "?");
    strbuf_release(&h);
}

/*
 * Find word in t's collection under parent: fetch the collection if needed, and once
 * more when the word is missing from a copy fetched by an earlier command.
 */
static enum status lookup(struct run *r, const struct target *parent, const struct type *t,
                          const char *word, struct target *out, bool quiet)
{
    struct cache_coll *e;
    enum status st;
    enum found f = NOT_FOUND;
    size_t i = 0;

    for (int attempt = 0; attempt < 2; attempt++) {
        if ((st = fetch_under(r, parent, t, attempt > 0, &e)) != ST_OK)
            return st;
        f = resolve_in(r, e, word, &i);
        if (f == AMBIGUOUS)
            return ST_FAILED;
        if (f == FOUND || e->epoch == r->s->cache.epoch)
            break;
    }
    if (f != FOUND) {
        if (!quiet)
            not_found(r, parent, t, word);
        return ST_FAILED;
    }
    if (e->epoch != r->s->cache.epoch)
        r->used_old = true;
    if (cache_is_partial(e, entry_id(e, i)) && (st = complete_partial(r, e, i)) != ST_OK)
        return st;
    set_target(out, e, i, t);
    return ST_OK;
}

/* The concrete types a reference to t may name: its variants, or t itself. */
static size_t concrete_types(const struct type *t, const struct type **out, size_t max)
{
    size_t n = 0;

    if (!t->variants) {
        out[0] = t;
        return 1;
    }
    for (const struct variant *v = t->variants; v->json && n < max; v++) {
        const struct type *vt = schema_type(v->type);
        bool seen = false;

        for (size_t k = 0; k < n; k++)
            seen |= out[k] == vt;
        if (!seen)
            out[n++] = vt;
    }
    return n;
}

static char *id_of(const struct type *t, const json_t *obj)
{
    const char *id = schema_object_id(t, obj);

    return xstrdup(id ? id : "");
}

/*
 * A reference written PARENT:CHILD ("r1:10.0.0.1", "br0:e6918cca"): the child named
 * CHILD among the children of the object named PARENT, for every parent type the
 * referenced type can have. It must name exactly one object.
 */
static enum status resolve_qualified(struct run *r, const struct attr *a, const char *word,
                                     char **id)
{
    const char *colon = strchr(word, ':');
    char *pword = xstrndup(word, (size_t)(colon - word));
    const struct type *kinds[8], *parents[8];
    size_t nk = concrete_types(schema_type(a->ref), kinds, ARRAY_SIZE(kinds));
    size_t found = 0;

    *id = NULL;
    for (size_t k = 0; k < nk; k++) {
        size_t np = schema_parents(kinds[k]->id, parents, ARRAY_SIZE(parents));

        for (size_t p = 0; p < np && p < ARRAY_SIZE(parents); p++) {
            struct target parent = { 0 }, child = { 0 };

            if (!(parents[p]->flags & TF_ROOT))
                continue;
            if (lookup(r, NULL, parents[p], pword, &parent, true) == ST_OK &&
                lookup(r, &parent, kinds[k], colon + 1, &child, true) == ST_OK && !found++)
                *id = id_of(child.type, child.obj);
            target_release(&parent);
            target_release(&child);
        }
    }
    free(pword);
    if (found == 1)
        return ST_OK;
    free(*id);
    *id = NULL;
    if (found)
        return fail(ST_FAILED, "'%s' names several %s (use an id)", word,
                    schema_type(a->ref)->plural);
    return fail(ST_FAILED, "no %s named '%s' (for '%s')%s", schema_type(a->ref)->name, word,
                a->name, help_alias_note(word, schema_type(a->ref)));
}

enum status resolve_ref(struct run *r, const struct attr *a, const char *word, char **id)
{
    struct cache_coll *e;
    enum status st;
    enum found f = NOT_FOUND;
    size_t i = 0;

    *id = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((st = fetch_ref_scope(r, a, &e)) != ST_OK)
            return st;
        if (attempt && e->epoch != r->s->cache.epoch)
            continue;
        f = resolve_in(r, e, word, &i);
        if (f == AMBIGUOUS)
            return ST_FAILED;
        if (f == FOUND || e->epoch == r->s->cache.epoch)
            break;
        e->stale = true;
    }
    if (f != FOUND && strchr(word, ':'))
        return resolve_qualified(r, a, word, id);
    if (f != FOUND)
        return fail(ST_FAILED, "no %s named '%s' (for '%s')%s", schema_type(a->ref)->name,
                    word, a->name, help_alias_note(word, schema_type(a->ref)));
    *id = id_of(schema_variant(e->type, json_array_get(e->objects, i)),
                json_array_get(e->objects, i));
    return ST_OK;
}

enum status resolve_matches(struct run *r, const struct type *t, json_t *o,
                            const struct value *f, size_t nf, bool *yes)
{
    struct strbuf have = STRBUF_INIT;
    enum status st = ST_OK;

    *yes = true;
    for (size_t k = 0; k < nf && *yes; k++) {
        const struct attr *a = verb_attr(t, f[k].attr);
        char *want = NULL;
        bool inverted;

        strbuf_reset(&have);
        if (!schema_format_value(a, o, &have)) {
            *yes = false;
            break;
        }
        if (a->kind == K_REF) {
            if ((st = resolve_ref(r, a, f[k].text, &want)) != ST_OK)
                break;
        } else {
            want = xstrdup(f[k].text);
        }
        inverted = have.buf[0] == '!';
        *yes = !strcmp(have.buf + inverted, want) && inverted == f[k].invert;
        free(want);
    }
    strbuf_release(&have);
    return st;
}

/* "ATTR 'VALUE' and ATTR '!VALUE'": a selector as an error message shows it. */
static void describe_selector(const struct step *step, struct strbuf *sel)
{
    for (size_t k = 0; k < step->nfilters; k++)
        strbuf_addf(sel, "%s%s '%s%s'", k ? " and " : "", step->filters[k].attr->name,
                    step->filters[k].invert ? "!" : "", step->filters[k].text);
}

/* A step given by a selector (TYPE ATTR VALUE...): the one object that matches. */
static enum status select_one(struct run *r, const struct target *parent, const struct step *step,
                              struct target *out)
{
    struct cache_coll *e;
    enum status st;
    size_t found = 0, count = 0;
    struct strbuf sel = STRBUF_INIT, ids = STRBUF_INIT;

    if ((st = fetch_under(r, parent, step->type, false, &e)) != ST_OK)
        return st;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);
        bool yes;

        st = resolve_matches(r, schema_variant(e->type, o), o, step->filters, step->nfilters, &yes);
        if (st != ST_OK)
            goto out;
        if (yes) {
            found = i;
            if (count++ < 8 && entry_id(e, i))
                add_candidate(&ids, entry_id(e, i));
        }
    }
    if (count != 1) {
        describe_selector(step, &sel);
        if (!count && (r->missing = true) && r->missing_ok)
            st = ST_FAILED;     /* --if-exists: exec.c says so */
        else if (!count)
            st = fail(ST_FAILED, "no %s has %s", step->type->name, sel.buf);
        else if (ids.len)
            st = fail(ST_FAILED, "%zu %s have %s: %s%s (use an id)", count, step->type->plural,
                      sel.buf, ids.buf, count > 8 ? ", ..." : "");
        else
            st = fail(ST_FAILED, "%zu %s have %s (it must name one)", count, step->type->plural,
                      sel.buf);
        goto out;
    }
    set_target(out, e, found, e->type);
out:
    strbuf_release(&sel);
    strbuf_release(&ids);
    return st;
}

enum status resolve_path(struct run *r)
{
    const struct command *cmd = r->cmd;
    enum status st = ST_OK;

    r->path = xcalloc(cmd->npath ? cmd->npath : 1, sizeof(*r->path));
    for (size_t k = 0; k < cmd->npath; k++) {
        const struct step *step = &cmd->path[k];
        const struct target *parent = k ? &r->path[k - 1] : NULL;
        struct target *t = &r->path[k];
        struct cache_coll *e;

        if (step->type->flags & TF_SINGLETON) {
            st = fetch_under(r, NULL, step->type, false, &e);
            if (st == ST_OK) {
                t->obj = json_incref(json_array_get(e->objects, 0));
                t->type = step->type;
                t->coll_uri = xstrdup(e->uri);
            }
        } else if (step->ref) {
            st = lookup(r, parent, step->type, step->ref, t, false);
        } else {
            st = select_one(r, parent, step, t);
        }
        if (st != ST_OK)
            return st;
        r->npath = k + 1;
    }
    return ST_OK;
}

bool resolve_target_index(struct run *r, const struct target *t, struct cache_coll **e,
                          size_t *i)
{
    *e = cache_find(&r->s->cache, t->coll_uri);
    return *e && cache_index_of(*e, schema_object_id(t->type, t->obj), t->obj, i);
}
