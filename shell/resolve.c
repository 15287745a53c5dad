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

/* Append ", 1234abcd" (the id prefix that resolves back to id in e) to a list of candidates. */
static void add_candidate(struct strbuf *many, struct cache_coll *e, const char *id)
{
    if (many->len)
        strbuf_addstr(many, ", ");
    if (id)
        handle_id_prefix(e, id, many);
    else
        strbuf_addch(many, '?');
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
            add_candidate(&many, e, entry_id(e, i));
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
            add_candidate(&many, e, id);
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

static size_t qualified_find(struct run *r, const struct type *t, const char *word, char **id);

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
    if (h.len && (parent->type->flags & TF_ROOT)) {
        /* The words that name the parent, for the alias note's listing command. */
        struct strbuf words = STRBUF_INIT;

        strbuf_addf(&words, "%s ", parent->type->name);
        lex_quote(&words, h.buf);
        error("no %s '%s' in %s '%s'%s", t->name, word, parent->type->name, h.buf,
              help_alias_note_in(word, t, words.buf));
        strbuf_release(&words);
    } else {
        error("no %s '%s' in %s '%s'%s", t->name, word, parent->type->name,
              h.len ? h.buf : "?", help_alias_note(word, t));
    }
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
        if ((st = fetch_names(r, parent, t, attempt > 0, &e)) != ST_OK)
            return st;
        f = resolve_in(r, e, word, &i);
        if (f == AMBIGUOUS)
            return ST_FAILED;
        if (f == FOUND || e->epoch == r->s->cache.epoch)
            break;
    }
    if (f != FOUND && !parent && t->variants && strchr(word, ':')) {
        /* A child listed at the root by PARENT:KEY ("port r1:10.0.0.1"). */
        char *id = NULL;
        size_t n = qualified_find(r, t, word, &id);

        if ((st = fetch_under(r, NULL, t, false, &e)) != ST_OK) {
            free(id);
            return st;
        }
        if (n > 1) {
            free(id);
            return fail(ST_FAILED, "'%s' names several %s (use an id)", word, t->plural);
        }
        if (n == 1 && strmap_get(&e->ids, id, &i))
            f = FOUND;
        free(id);
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
 * Children of type t named PARENT:KEY: the child named KEY among the children of the
 * object named PARENT, for every root parent type each concrete type of t can have. Every
 * colon of word is tried as the separator (a name or a key may hold one). How many objects
 * match; *id is the first one's (the caller's).
 */
static size_t qualified_find(struct run *r, const struct type *t, const char *word, char **id)
{
    const struct type *kinds[8], *parents[8];
    size_t nk = concrete_types(t, kinds, ARRAY_SIZE(kinds));
    size_t found = 0;

    *id = NULL;
    for (const char *colon = strchr(word, ':'); colon && !found; colon = strchr(colon + 1, ':')) {
        char *pword = xstrndup(word, (size_t)(colon - word));

        for (size_t k = 0; k < nk; k++) {
            size_t np = schema_parents(kinds[k]->id, parents, ARRAY_SIZE(parents));

            for (size_t p = 0; p < np && p < ARRAY_SIZE(parents); p++) {
                struct target parent = { 0 }, child = { 0 };

                if (!(parents[p]->flags & TF_ROOT))
                    continue;
                if (lookup(r, NULL, parents[p], pword, &parent, true) == ST_OK &&
                    lookup(r, &parent, kinds[k], colon + 1, &child, true) == ST_OK) {
                    char *cid = id_of(child.type, child.obj);

                    /* The same child found through two parent types counts once. */
                    if (!found++)
                        *id = cid;
                    else if (!strcmp(*id, cid))
                        found--, free(cid);
                    else
                        free(cid);
                }
                target_release(&parent);
                target_release(&child);
            }
        }
        free(pword);
    }
    return found;
}

/*
 * Find word among the objects attribute a refers to, once more in a fresh copy when it is
 * missing from an older one, then as PARENT:KEY. NOT_FOUND is quiet; AMBIGUOUS (and a
 * failed fetch, *st) is reported. FOUND sets *id (the caller's).
 */
static enum found ref_find(struct run *r, const struct attr *a, const char *word, char **id,
                           enum status *st)
{
    struct cache_coll *e;
    enum found f = NOT_FOUND;
    size_t i = 0;

    *id = NULL;
    *st = ST_OK;
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((*st = fetch_ref_names(r, a, &e)) != ST_OK)
            return AMBIGUOUS;
        if (attempt && e->epoch != r->s->cache.epoch)
            continue;
        f = resolve_in(r, e, word, &i);
        if (f == AMBIGUOUS) {
            *st = ST_FAILED;
            return f;
        }
        if (f == FOUND || e->epoch == r->s->cache.epoch)
            break;
        cache_mark_stale(e);
    }
    if (f == FOUND) {
        *id = id_of(schema_variant(e->type, json_array_get(e->objects, i)),
                    json_array_get(e->objects, i));
        return FOUND;
    }
    if (strchr(word, ':')) {
        size_t n = qualified_find(r, schema_type(a->ref), word, id);

        if (n == 1)
            return FOUND;
        free(*id);
        *id = NULL;
        if (n) {
            *st = fail(ST_FAILED, "'%s' names several %s (use an id)", word,
                       schema_type(a->ref)->plural);
            return AMBIGUOUS;
        }
    }
    return NOT_FOUND;
}

enum status resolve_ref(struct run *r, const struct attr *a, const char *word, char **id)
{
    enum status st;

    if (ref_find(r, a, word, id, &st) == NOT_FOUND)
        return fail(ST_FAILED, "no %s named '%s' (for '%s')%s", schema_type(a->ref)->name,
                    word, a->name, help_alias_note(word, schema_type(a->ref)));
    return st;
}

/*
 * The attributes named like a that objects listed with t may have: t's own, and those of
 * the other concrete types of t's family (a port's device is a bridge or a router).
 */
static size_t family_attrs(const struct type *t, const struct attr *a, const struct attr **out,
                           size_t max)
{
    const struct type *base = t, *kinds[8];
    size_t n = 0, nk;

    for (int id = 0; id < T_COUNT && base == t; id++) {
        const struct type *b = schema_type((enum type_id)id);

        for (const struct variant *v = b->variants; v && v->json; v++)
            if (v->type == t->id)
                base = b;
    }
    out[n++] = verb_attr(t, a);
    nk = concrete_types(base, kinds, ARRAY_SIZE(kinds));
    for (size_t k = 0; k < nk && n < max; k++) {
        const struct attr *ka = schema_attr(kinds[k], a->name);
        bool seen = !ka || ka->kind != out[0]->kind;

        for (size_t j = 0; j < n && !seen; j++)
            seen = out[j]->ref == ka->ref;
        if (!seen)
            out[n++] = ka;
    }
    return n;
}

/*
 * A reference filter's value: word resolved among every type attribute a may refer to in
 * t's family, the ids it names added to *ids (one per line). Not found in any: an error
 * naming them all.
 */
static enum status filter_ids(struct run *r, const struct type *t, const struct attr *a,
                              const char *word, struct strbuf *ids)
{
    const struct attr *as[8];
    size_t n = family_attrs(t, a, as, ARRAY_SIZE(as)), found = 0;
    struct strbuf kinds = STRBUF_INIT;
    enum status st = ST_OK;

    for (size_t k = 0; k < n && st == ST_OK; k++) {
        char *id = NULL;

        if (ref_find(r, as[k], word, &id, &st) == FOUND) {
            strbuf_addf(ids, "%s\n", id);
            found++;
        }
        free(id);
        strbuf_addf(&kinds, "%s%s", k ? " or " : "", schema_type(as[k]->ref)->name);
    }
    if (st == ST_OK && !found)
        st = fail(ST_FAILED, "no %s named '%s' (for '%s')%s", kinds.buf, word, a->name,
                  help_alias_note(word, schema_type(as[0]->ref)));
    strbuf_release(&kinds);
    return st;
}

/* Is id one of the lines of ids? */
static bool among(const char *ids, const char *id, size_t len)
{
    for (const char *p = ids; *p; p = strchr(p, '\n') + 1)
        if (!strncasecmp(p, id, len) && p[len] == '\n')
            return true;
    return false;
}

/* Does a reference value as formatted (an id, or ids joined by commas) match a filter's? */
static enum status ref_matches(struct run *r, const struct type *t, const struct attr *a,
                               const char *have, const char *text, bool *yes)
{
    struct strbuf ids = STRBUF_INIT;
    enum status st = ST_OK;
    const char *p = have, *q = text;

    *yes = true;
    /* Element by element: a list filter is the whole list, in its order. */
    while (*yes && st == ST_OK && *p && *q) {
        const char *pc = a->kind == K_REF_LIST ? strchr(p, ',') : NULL;
        const char *qc = a->kind == K_REF_LIST ? strchr(q, ',') : NULL;
        size_t plen = pc ? (size_t)(pc - p) : strlen(p);
        char *word = xstrndup(q, qc ? (size_t)(qc - q) : strlen(q));

        strbuf_reset(&ids);
        if ((st = filter_ids(r, t, a, word, &ids)) == ST_OK)
            *yes = among(ids.buf, p, plen);
        free(word);
        p += plen + (pc != NULL);
        q = qc ? qc + 1 : q + strlen(q);
    }
    if (*p || *q)
        *yes = false;
    strbuf_release(&ids);
    return st;
}

enum status resolve_matches(struct run *r, const struct type *t, json_t *o,
                            const struct value *f, size_t nf, bool *yes)
{
    struct strbuf have = STRBUF_INIT;
    enum status st = ST_OK;

    *yes = true;
    for (size_t k = 0; k < nf && *yes; k++) {
        const struct attr *a = verb_attr(t, f[k].attr);
        bool inverted;

        strbuf_reset(&have);
        if (!schema_format_value(a, o, &have)) {
            *yes = false;
            break;
        }
        inverted = have.buf[0] == '!';
        if (inverted != f[k].invert) {
            *yes = false;
        } else if (a->kind == K_REF || a->kind == K_REF_LIST) {
            if ((st = ref_matches(r, t, a, have.buf + inverted, f[k].text, yes)) != ST_OK)
                break;
        } else {
            *yes = !strcmp(have.buf + inverted, f[k].text);
        }
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
                add_candidate(&ids, e, entry_id(e, i));
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
