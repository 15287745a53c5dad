#include "parser/complete.h"

#include <stdlib.h>
#include <string.h>

#include "parser/lexer.h"

/*
 * How it works. The text before the cursor is lexed with the same lexer the executor
 * uses; the last command's words up to the one being typed are handed to
 * parse_expect(), which runs the parser's own states up to that word and reports what
 * each reading of the line would accept there. Keywords come straight from those
 * reports; names and reference values are asked of the callback, once per distinct
 * question. Everything is filtered by the typed prefix, sorted and deduplicated.
 */

struct collector {
    struct completion *out;
    const char *prefix;         /* what is matched: the prefix, after a '!' or a list's comma */
    const char *lead;           /* put back before each value: "!" or "a,b," (or "") */
    complete_names_fn *names;
    void *ctx;
    char **asked;               /* the questions already put to the callback */
    size_t nasked, asked_alloc;
    const struct word_list *words;  /* the command's words before the one being typed */
};

static void add_item(struct completion *out, char *word, char *help, enum compl_kind kind)
{
    struct compl_item *it;

    ALLOC_GROW(out->v, out->n + 1, out->alloc);
    it = &out->v[out->n++];
    it->word = word;
    it->help = help;
    it->kind = kind;
}

static void add_keyword(struct collector *col, const char *word, const char *help)
{
    if (starts_with(word, col->prefix))
        add_item(col->out, xstrdup(word), help ? xstrdup(help) : NULL, CK_KEYWORD);
}

/* A synonym's help: the help of the verb it stands for ("add": create's). */
static const char *verb_help(const struct verb_info *v)
{
    for (const struct verb_info *p = parser_verbs(); !v->help && p->word; p++)
        if (p->verb == v->verb && p->help)
            return p->help;
    return v->help;
}

/* "A.B.C.D", "BRIDGE", "<0-4095>": what goes in a value's place, for `?`. */
static void placeholder(const struct attr *a, struct strbuf *out)
{
    const struct enum_value *words = schema_value_keywords(a);

    if (words && a->kind != K_INT)
        return;         /* its words are listed themselves (a number's names beside it) */
    switch (a->kind) {
    case K_INT:
        if (a->min || a->max)
            strbuf_addf(out, "<%ld-%ld>", a->min, a->max);
        else
            strbuf_addstr(out, "NUMBER");
        break;
    case K_IPV4:
        strbuf_addstr(out, "A.B.C.D");
        break;
    case K_IP:
        strbuf_addstr(out, "A.B.C.D|X:X::X:X");
        break;
    case K_CIDR:
        strbuf_addstr(out, "A.B.C.D/N");
        break;
    case K_MAC:
        strbuf_addstr(out, "XX:XX:XX:XX:XX:XX");
        break;
    case K_RANGE:
        strbuf_addstr(out, "N[-M]");
        break;
    case K_REF:
    case K_REF_LIST:
        for (const char *p = schema_type(a->ref)->name; *p; p++)
            strbuf_addch(out, *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
        if (a->kind == K_REF_LIST)
            strbuf_addstr(out, ",...");
        break;
    case K_STR_LIST:
        strbuf_addstr(out, "TEXT,...");
        break;
    case K_CIDR_LIST:
        strbuf_addstr(out, "A.B.C.D/N,...");
        break;
    default:
        strbuf_addstr(out, "TEXT");
        break;
    }
}

/*
 * A key for one question to the callback, so that readings that reach the same
 * position ask once: the type, the attribute and the path's words.
 */
static bool asked_before(struct collector *col, const struct expect *e)
{
    struct strbuf key = STRBUF_INIT;

    strbuf_addf(&key, "%s|%s", e->type ? e->type->name : "", e->attr ? e->attr->name : "");
    for (size_t i = 0; i < e->npath; i++) {
        strbuf_addf(&key, "|%s=%s", e->path[i].type->name, e->path[i].ref ? e->path[i].ref : "");
        for (size_t k = 0; k < e->path[i].nfilters; k++)
            strbuf_addf(&key, ",%s=%s", e->path[i].filters[k].attr->name,
                        e->path[i].filters[k].text ? e->path[i].filters[k].text : "");
    }
    for (size_t i = 0; i < col->nasked; i++) {
        if (!strcmp(col->asked[i], key.buf)) {
            strbuf_release(&key);
            return true;
        }
    }
    ALLOC_GROW(col->asked, col->nasked + 1, col->asked_alloc);
    col->asked[col->nasked++] = strbuf_detach(&key);
    return false;
}

static void add_names(struct collector *col, const struct expect *e, const struct attr *a)
{
    char **names = NULL;
    size_t n = 0;

    if (!col->names || asked_before(col, e))
        return;
    col->names(col->ctx, e->path, e->npath, e->type, a, &names, &n);
    for (size_t i = 0; i < n; i++) {
        if (text_needs_escape(names[i])) {
            /* A server's name must not drive the terminal or split a --complete line. */
            struct strbuf safe = STRBUF_INIT;

            strbuf_add_escaped(&safe, names[i]);
            free(names[i]);
            names[i] = strbuf_detach(&safe);
        }
        if (!*names[i] || !starts_with(names[i], col->prefix)) {
            free(names[i]);
        } else if (*col->lead) {
            add_item(col->out, xasprintf("%s%s", col->lead, names[i]), NULL, CK_NAME);
            free(names[i]);
        } else {
            /* The string is ours already: no copy (a TAB may see 10,000 names). */
            add_item(col->out, names[i], NULL, CK_NAME);
        }
    }
    free(names);
}

static void add_placeholder(struct collector *col, const char *word, const char *help)
{
    add_item(col->out, xstrdup(word), help ? xstrdup(help) : NULL, CK_PLACEHOLDER);
}

/* The part of the typed value that is matched: after a '!' (A_INVERT) or a list's last comma. */
static void value_prefix(struct collector *col, const struct attr *a, char **lead_buf)
{
    const char *p = col->out->prefix;
    const char *comma;

    col->prefix = p;
    col->lead = "";
    if ((a->flags & A_INVERT) && p[0] == '!') {
        col->prefix = p + 1;
        col->lead = "!";
    }
    if ((a->kind == K_REF_LIST || a->kind == K_STR_LIST || a->kind == K_CIDR_LIST) &&
        (comma = strrchr(p, ','))) {
        *lead_buf = xstrndup(p, (size_t)(comma - p) + 1);
        col->prefix = comma + 1;
        col->lead = *lead_buf;
    }
}

/* Does a name objects of t (its name, its natural key), so that its values are worth offering? */
static bool naming_attr(const struct type *t, const struct attr *a)
{
    return t && ((t->name_key && !strcmp(a->key, t->name_key)) ||
                 (t->key_attr && !strcmp(a->name, t->key_attr)));
}

/*
 * A value offered from other objects' attribute (a tunnel-zone member's address: the
 * hosts' addresses) when the line has named the object already ('host h1 address'):
 * only that object's values, asked with a path of that object alone. False when the
 * line names none.
 */
static bool offer_owner(struct collector *col, const struct expect *e, const struct attr *a)
{
    const struct word_list *w = col->words;
    struct expect one = *e;
    struct step step = { 0 };

    for (size_t i = w ? w->n : 0; i-- > 1;) {
        const struct attr *ra = e->type ? schema_attr(e->type, w->v[i - 1].text) : NULL;

        if (!ra || ra->kind != K_REF || ra->ref != a->offer_type || w->v[i - 1].quoted)
            continue;
        step.type = schema_type(ra->ref);
        step.ref = w->v[i].text;
        step.word = i;
        one.path = &step;
        one.npath = 1;
        add_names(col, &one, a);
        return true;
    }
    return false;
}

static void on_value(struct collector *col, const struct expect *e)
{
    const struct attr *a = e->attr;
    const struct enum_value *words = schema_value_keywords(a);
    struct strbuf ph = STRBUF_INIT;
    char *lead_buf = NULL;

    value_prefix(col, a, &lead_buf);
    for (const struct enum_value *w = words; w && w->word; w++) {
        if (starts_with(w->word, col->prefix) && schema_value_shown(a, w))
            add_item(col->out, xasprintf("%s%s", col->lead, w->word),
                     w->help ? xstrdup(w->help) : NULL, CK_KEYWORD);
    }
    if (!e->matching && a->offer_attr && offer_owner(col, e, a))
        ;       /* the values of the object the line names already */
    else if (schema_is_ref(a) || (e->matching && naming_attr(e->type, a)) ||
             (!e->matching && a->offer_attr))
        add_names(col, e, a);
    placeholder(a, &ph);
    if (ph.len)
        add_placeholder(col, ph.buf, a->help);
    strbuf_release(&ph);
    free(lead_buf);
    col->prefix = col->out->prefix;
    col->lead = "";
}

static void on_name(struct collector *col, const struct expect *e)
{
    const struct type *t = e->type;
    struct strbuf ph = STRBUF_INIT, help = STRBUF_INIT;

    add_names(col, e, NULL);
    for (const char *p = t->name; *p; p++)
        strbuf_addch(&ph, *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
    strbuf_addstr(&help, "the name, id or id prefix of ");
    schema_noun(t, &help);
    if (t->key_attr)
        strbuf_addf(&help, ", or its %s", t->key_attr);
    add_placeholder(col, ph.buf, help.buf);
    strbuf_release(&ph);
    strbuf_release(&help);
}

/* The command flags a line may begin with, and the verbs each goes with. */
static const struct {
    const char *word, *help;
    size_t nverbs;
    enum verb verbs[3];
} flags[] = {
    { "--may-exist", "creating what exists is no error: nothing is done", 1, { VERB_CREATE } },
    { "--if-exists", "acting on what is missing is no error", 3,
      { VERB_DELETE, VERB_SET, VERB_CLEAR } },
};

/* Does verb v go with the flags the line begins with ('--may-exist': create only)? */
static bool verb_suits_flags(const struct collector *col, const struct verb_info *v)
{
    for (size_t i = 0; col->words && i < col->words->n; i++) {
        size_t f;
        bool ok = false;

        for (f = 0; f < ARRAY_SIZE(flags) && strcmp(col->words->v[i].text, flags[f].word); f++)
            ;
        if (f == ARRAY_SIZE(flags))
            break;
        for (size_t k = 0; k < flags[f].nverbs; k++)
            ok |= flags[f].verbs[k] == v->verb;
        if (!ok)
            return false;
    }
    return true;
}

static void on_expect(void *ctx, const struct expect *e)
{
    struct collector *col = ctx;

    switch (e->kind) {
    case EX_VERB:
        if (verb_suits_flags(col, e->verb))
            add_keyword(col, e->verb->word, verb_help(e->verb));
        break;
    case EX_TYPE:
        add_keyword(col, e->type->name, e->type->help);
        break;
    case EX_ATTR:
        add_keyword(col, e->attr->name, e->attr->help);
        break;
    case EX_NAME:
        on_name(col, e);
        break;
    case EX_VALUE:
        on_value(col, e);
        break;
    }
}

static int item_cmp(const void *pa, const void *pb)
{
    const struct compl_item *a = pa, *b = pb;

    if ((a->kind == CK_PLACEHOLDER) != (b->kind == CK_PLACEHOLDER))
        return a->kind == CK_PLACEHOLDER ? 1 : -1;
    return strcmp(a->word, b->word);
}

/* Sort, and keep the first of equal words (a keyword before a name spelled the same). */
static void sort_unique(struct completion *c)
{
    size_t k = 0;

    if (!c->n)
        return;
    qsort(c->v, c->n, sizeof(*c->v), item_cmp);
    for (size_t i = 0; i < c->n; i++) {
        if (k && !strcmp(c->v[k - 1].word, c->v[i].word)) {
            if (!c->v[k - 1].help && c->v[i].help) {
                c->v[k - 1].help = c->v[i].help;
                c->v[i].help = NULL;
            }
            free(c->v[i].word);
            free(c->v[i].help);
            continue;
        }
        c->v[k++] = c->v[i];
    }
    c->n = k;
}

void complete_line(const char *line, size_t cursor, complete_names_fn *names, void *ctx,
                   struct completion *out)
{
    char *text = xstrndup(line, cursor);
    struct lex_result lr = { 0 };
    struct word_list wl = { 0 }, before_words = { 0 };
    const struct word_list *cmd = NULL;
    struct collector col = { .out = out, .names = names, .ctx = ctx, .lead = "" };
    size_t k;

    memset(out, 0, sizeof(*out));
    out->start = out->end = cursor;
    if ((lex(text, &lr) == LEX_ERROR && !lr.open_quote) || lr.ends_in_comment)
        goto out;       /* nothing to offer inside a comment */
    /* The lexer drops empty commands: the last one is ours only if it starts after the last ';'. */
    if (lr.ncmds && lr.cmds[lr.ncmds - 1].n &&
        lr.cmds[lr.ncmds - 1].v[0].offset >= lr.last_cmd_offset)
        cmd = &lr.cmds[lr.ncmds - 1];
    k = cmd ? cmd->n : 0;
    if (lr.ends_in_word && k) {
        const struct word *w = &cmd->v[--k];

        out->start = w->offset;
        out->prefix = xstrdup(w->text);
        if (text[w->offset] == '\'' || text[w->offset] == '"')
            out->quote = text[w->offset];
        out->in_quote = lr.open_quote != '\0';
        if (out->in_quote)
            out->quote = lr.open_quote;
    } else if (lr.ends_in_word) {
        goto out;       /* inside a comment */
    } else {
        out->prefix = xstrdup("");
    }
    /* The words before the one being typed, then that one (parse_expect() reads k + 1). */
    wl.v = xcalloc(k + 1, sizeof(*wl.v));
    if (k)
        memcpy(wl.v, cmd->v, k * sizeof(*wl.v));
    wl.v[k].text = out->prefix;
    wl.v[k].offset = out->start;
    wl.n = k + 1;
    col.prefix = out->prefix;
    before_words.v = wl.v;
    before_words.n = k;
    col.words = &before_words;
    parse_expect(&wl, k, on_expect, &col);
    if (!k && out->prefix[0] == '-')        /* offered once a word starts with '-' */
        for (size_t f = 0; f < ARRAY_SIZE(flags); f++)
            add_keyword(&col, flags[f].word, flags[f].help);
    if (!*out->prefix) {
        struct word_list before = { wl.v, k, 0 };
        struct command c;
        struct parse_error err;

        if (k && parse_command(&before, &c, &err) == 0) {
            out->runnable = true;
            command_release(&c);
        } else if (k) {
            parse_error_release(&err);
        }
    }
    sort_unique(out);
out:
    if (!out->prefix)
        out->prefix = xstrdup("");
    for (size_t i = 0; i < col.nasked; i++)
        free(col.asked[i]);
    free(col.asked);
    free(wl.v);
    lex_result_release(&lr);
    free(text);
}

void completion_release(struct completion *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].word);
        free(c->v[i].help);
    }
    free(c->v);
    free(c->prefix);
    memset(c, 0, sizeof(*c));
}

size_t completion_words(const struct completion *c)
{
    size_t n = 0;

    for (size_t i = 0; i < c->n; i++)
        n += c->v[i].kind != CK_PLACEHOLDER;
    return n;
}

char *completion_common(const struct completion *c)
{
    const char *first = NULL;
    size_t len = 0;

    for (size_t i = 0; i < c->n; i++) {
        const char *w = c->v[i].word;
        size_t k = 0;

        if (c->v[i].kind == CK_PLACEHOLDER)
            continue;
        if (!first) {
            first = w;
            len = strlen(w);
            continue;
        }
        while (k < len && first[k] == w[k])
            k++;
        len = k;
    }
    return first ? xstrndup(first, len) : xstrdup("");
}

/* Does word need quotes to come back from the lexer as one word? */
static bool needs_quotes(const char *word)
{
    struct strbuf q = STRBUF_INIT;
    bool needs;

    lex_quote(&q, word);
    needs = strcmp(q.buf, word) != 0;
    strbuf_release(&q);
    return needs;
}

void completion_text(const struct completion *c, const char *word, bool final,
                     struct strbuf *out)
{
    char q = c->quote;

    if (!q && needs_quotes(word) && *word)
        q = strchr(word, '\'') ? '"' : '\'';
    if (!q) {
        strbuf_addstr(out, word);
    } else {
        strbuf_addch(out, q);
        for (const char *p = word; *p; p++) {
            if (q == '"' && (*p == '"' || *p == '\\'))
                strbuf_addch(out, '\\');
            if (q == '\'' && *p == '\'') {
                /* A single quote cannot appear inside '...': close, escape it, reopen. */
                strbuf_addstr(out, "'\\''");
                continue;
            }
            strbuf_addch(out, *p);
        }
        if (final)
            strbuf_addch(out, q);
    }
    if (final)
        strbuf_addch(out, ' ');
}
