#include "parser/help.h"

#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"
#include "parser/suggest.h"

/* Pad out to column width (at least one blank). */
static void pad(struct strbuf *out, size_t start, size_t width)
{
    size_t used = out->len - start;

    do
        strbuf_addch(out, ' ');
    while (++used < width);
}

/* Each line of text, indented. */
static void indented(struct strbuf *out, const char *indent, const char *text)
{
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);

        strbuf_addstr(out, indent);
        strbuf_add(out, text, len);
        strbuf_addch(out, '\n');
        text += len + (nl != NULL);
    }
}

/* The main entry of a verb: the synonym "add" gives "create". */
static const struct verb_info *main_verb(const struct verb_info *v)
{
    for (const struct verb_info *p = parser_verbs(); p->word; p++)
        if (p->verb == v->verb && p->usage)
            return p;
    return v;
}

/* The first type of each name: "port" is listed once. */
static bool first_of_name(const struct type *t)
{
    for (enum type_id id = 0; id < t->id; id++)
        if (!strcmp(schema_type(id)->name, t->name))
            return false;
    return true;
}

/* The column where a type's help starts: two blanks past the longest type name. */
static size_t type_column(void)
{
    size_t width = 0;

    for (enum type_id id = 0; id < T_COUNT; id++)
        if (strlen(schema_type(id)->name) > width)
            width = strlen(schema_type(id)->name);
    return width + 4;
}

/* " (MidoNet 5.x only)" for what one dialect has; nothing for what both have. */
static void dialect_mark(unsigned d, struct strbuf *out)
{
    if (d != D_ALL)
        strbuf_addf(out, " (MidoNet %s only)", schema_dialect_name(d));
}

static void overview(struct strbuf *out)
{
    strbuf_addstr(out,
                  "commands (keywords may be abbreviated to a unique prefix; as in midonet-cli, "
                       "l, s, desc and del\n  abbreviate list, show, describe and delete):\n");
    for (const struct verb_info *v = parser_verbs(); v->word; v++) {
        size_t start = out->len;

        strbuf_addf(out, "  %s", v->word);
        pad(out, start, 12);
        if (v->help)
            strbuf_addf(out, "%s\n", v->help);
        else
            strbuf_addf(out, "the same as '%s'\n", main_verb(v)->word);
    }
    strbuf_addstr(out, "object types:\n");
    for (enum type_id id = 0; id < T_COUNT; id++) {
        const struct type *t = schema_type(id);
        size_t start = out->len;

        if (!first_of_name(t) || !schema_type_shown(t))
            continue;
        strbuf_addf(out, "  %s", t->name);
        pad(out, start, type_column());
        strbuf_addf(out, "%s", t->help);
        dialect_mark(schema_type_dialects(t), out);
        strbuf_addch(out, '\n');
    }
    strbuf_addstr(out,
        "a PATH names objects from the top down, TYPE NAME at each step: 'router r1 port "
        "10.0.0.1';\n"
        "a step may also be ATTR VALUE pairs that one object matches: 'bridge name br1 list "
        "port',\n"
        "  'tunnel-zone tz member host h1' (objects without an id may be named by their key: "
        "'member h1')\n"
        "a reference may also be written as midonet-cli's object path: 'port router r1 port "
        "10.0.0.1',\n"
        "  'set peer bridge b1 port 5c4a7d1e', 'infilter chain c1'\n"
        "beyond midonet-cli (which sent nothing, and the API refused the line): a route without "
        "src\n"
        "  matches 0.0.0.0/0 and without type is normal; a pool without lb-method is ROUND_ROBIN;\n"
        "  a health monitor without type is TCP. Nothing else is sent that the line did not give\n"
        "  (every other difference from midonet-cli: COMPATIBILITY in midosh(1))\n"
        "@TYPE names the TYPE created last in this run, @last the last object created:\n"
        "  'bridge b1 add port; host h1 add binding interface tap0 port @port' ('@x' quoted is a "
        "name)\n"
        "at a terminal, output taller than the screen goes through $MIDOSH_PAGER, else $PAGER, "
        "else\n  less -FRX ('MIDOSH_PAGER=' or --no-pager: none; never for scripts or pipes)\n"
        "a mistyped verb, type or attribute gets a suggestion: unknown command 'lsit' (did you "
        "mean 'list'?)\n"
        "'help VERB' or 'help TYPE' tells more\n");
}

static void verb_help(const struct verb_info *v, struct strbuf *out)
{
    v = main_verb(v);
    strbuf_addf(out, "%s: %s\nusage:\n", v->word, v->help);
    indented(out, "  ", v->usage);
    for (const struct verb_info *p = parser_verbs(); p->word; p++)
        if (p->verb == v->verb && p != v)
            strbuf_addf(out, "'%s' is the same verb\n", p->word);
    strbuf_addstr(out, "examples:\n");
    indented(out, "  ", v->examples);
}

/* "integer 0-4095", "up|down", "chain": how a value is typed. */
static void kind_text(const struct attr *a, struct strbuf *out)
{
    const struct enum_value *words = schema_value_keywords(a);

    if (words) {
        for (const struct enum_value *w = words; w->word; w++)
            strbuf_addf(out, "%s%s", w == words ? "" : "|", w->word);
        if (a->kind != K_INT)
            return;
        strbuf_addch(out,
                     '|');     /* names of numbers, then the numbers: "tcp|...|integer 0-255" */
    }
    switch (a->kind) {
    case K_STRING:
        strbuf_addstr(out, "string");
        break;
    case K_INT:
        strbuf_addstr(out, "integer");
        if (a->min || a->max)
            strbuf_addf(out, " %ld-%ld", a->min, a->max);
        break;
    case K_IPV4:
        strbuf_addstr(out, "IPv4 address");
        break;
    case K_IP:
        strbuf_addstr(out, "IPv4 or IPv6 address");
        break;
    case K_CIDR:
        strbuf_addstr(out, "network a.b.c.d/n");
        break;
    case K_MAC:
        strbuf_addstr(out, "MAC address");
        break;
    case K_RANGE:
        strbuf_addstr(out, "range a[-b]");
        break;
    case K_REF:
        strbuf_addf(out, "%s", schema_type(a->ref)->name);
        break;
    case K_REF_LIST:
        strbuf_addf(out, "%s,...", schema_type(a->ref)->name);
        break;
    case K_STR_LIST:
        strbuf_addstr(out, "string,...");
        break;
    case K_CIDR_LIST:
        strbuf_addstr(out, "networks a.b.c.d/n,...");
        break;
    case K_INET_LIST:
        strbuf_addstr(out, "address,...");
        break;
    case K_NAT_TARGETS:
        strbuf_addstr(out, "ip[-ip][:port[-port]],...");
        break;
    case K_OPT121:
        strbuf_addstr(out, "a.b.c.d/n:gateway,...");
        break;
    default:
        break;
    }
}

static void flags_text(const struct attr *a, struct strbuf *out)
{
    static const struct {
        unsigned flag;
        const char *word;
    } names[] = {
        { A_REQUIRED, "required" }, { A_RO, "read-only" }, { A_CREATE_ONLY, "create-only" },
        { A_CLEAR, "clearable" }, { A_INVERT, "invertible with !" }, { A_HIDDEN, "hidden" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (a->flags & names[i].flag)
            strbuf_addf(out, ", %s", names[i].word);
    if (schema_attr_dialects(a) != D_ALL)
        strbuf_addf(out, ", MidoNet %s only", schema_dialect_name(schema_attr_dialects(a)));
}

static void type_flags_text(const struct type *t, struct strbuf *out)
{
    static const struct {
        unsigned flag;
        const char *verb;
    } names[] = {
        { TF_NOCREATE, "created" }, { TF_NOSET, "changed" }, { TF_NODELETE, "deleted" },
        { TF_NOLIST, "listed" },
    };
    /* No PUT in one dialect: not changed by the connected server's, said when unknown. */
    unsigned flags = t->flags, d = schema_dialect();
    const char *only = NULL;
    size_t n = 0;

    if ((flags & TF_NOSET19) && d == D_19)
        flags |= TF_NOSET;
    else if ((flags & TF_NOSET5) && d == D_5)
        flags |= TF_NOSET;
    else if (!d && (flags & (TF_NOSET19 | TF_NOSET5)))
        only = flags & TF_NOSET19 ? "cannot be changed in MidoNet 1.9" :
                                    "cannot be changed in MidoNet 5.x";
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!(flags & names[i].flag))
            continue;
        strbuf_addstr(out, n++ ? ", " : "cannot be ");
        strbuf_addstr(out, names[i].verb);
    }
    if (n)
        strbuf_addch(out, '\n');
    if (only)
        strbuf_addf(out, "%s\n", only);
}

static void where_text(const struct type *t, struct strbuf *out)
{
    const struct type *parents[T_COUNT + 1];
    size_t n = schema_parents(t->id, parents, ARRAY_SIZE(parents));

    strbuf_addstr(out, "found ");
    if (t->flags & TF_SINGLETON)
        strbuf_addstr(out, "at the top level, one of it");
    else if (t->flags & TF_ROOT)
        strbuf_addstr(out, "at the top level");
    for (size_t i = 0; i < n && i < T_COUNT; i++) {
        strbuf_addstr(out, i || (t->flags & (TF_ROOT | TF_SINGLETON)) ? " and under " : "under ");
        schema_noun(parents[i], out);
        strbuf_addf(out, " ('%s NAME %s')", parents[i]->name, t->name);
    }
    strbuf_addch(out, '\n');
}

static void naming_text(const struct type *t, struct strbuf *out)
{
    if (t->flags & TF_SINGLETON)
        return;
    strbuf_addstr(out, "named by ");
    if (t->name_key)
        strbuf_addstr(out, "its name, ");
    if (t->key_attr)
        strbuf_addf(out, "its %s, ", t->key_attr);
    if (t->id_key)
        strbuf_addstr(out, "its id or an id prefix of 4 or more digits\n");
    else
        strbuf_addstr(out, t->key_attr ? "or ATTR VALUE pairs\n" : "ATTR VALUE pairs\n");
}

void describe_root(struct strbuf *out)
{
    strbuf_addstr(out, "object types at the top level:\n");
    for (enum type_id id = 0; id < T_COUNT; id++) {
        const struct type *t = schema_type(id);
        size_t start = out->len;

        if (!(t->flags & (TF_ROOT | TF_SINGLETON)) || !schema_type_shown(t))
            continue;
        strbuf_addf(out, "  %s", t->name);
        pad(out, start, type_column());
        strbuf_addstr(out, t->help);
        dialect_mark(schema_type_dialects(t), out);
        strbuf_addch(out, '\n');
    }
}

void describe_type(const struct type *t, struct strbuf *out)
{
    size_t width = 0;

    strbuf_addf(out, "%s: %s\n", t->name, t->help);
    if (schema_type_dialects(t) != D_ALL)
        strbuf_addf(out, "in MidoNet %s only\n", schema_dialect_name(schema_type_dialects(t)));
    where_text(t, out);
    naming_text(t, out);
    type_flags_text(t, out);
    if (t->variants) {
        size_t n = 0;

        strbuf_addstr(out, "each one is ");
        for (enum type_id id = 0; id < T_COUNT; id++) {
            bool used = false;

            for (const struct variant *v = t->variants; v->json; v++)
                used = used || v->type == id;
            if (!used)
                continue;
            if (n++)
                strbuf_addstr(out, " or ");
            schema_noun(schema_type(id), out);
        }
        strbuf_addf(out, ", by its %s\n", t->variant_key);
    }
    if (t->children && t->children->uri_key) {
        strbuf_addstr(out, "object types under it:\n");
        for (const struct child *c = t->children; c->uri_key; c++) {
            size_t start = out->len;

            if (!schema_type_shown(schema_type(c->type)))
                continue;
            strbuf_addf(out, "  %s", schema_type(c->type)->name);
            pad(out, start, type_column());
            strbuf_addf(out, "%s", schema_type(c->type)->help);
            dialect_mark(schema_type_dialects(schema_type(c->type)), out);
            strbuf_addch(out, '\n');
        }
    }
    for (const struct attr *a = t->attrs; a->name; a++)
        if (strlen(a->name) > width)
            width = strlen(a->name);
    strbuf_addstr(out, "attributes:\n");
    for (const struct attr *a = t->attrs; a->name; a++) {
        size_t start = out->len;

        if (!schema_attr_shown(a))
            continue;
        strbuf_addf(out, "  %s", a->name);
        pad(out, start, width + 4);
        kind_text(a, out);
        flags_text(a, out);
        strbuf_addf(out, ": %s\n", a->help);
        if (a->kind == K_ENUM)
            for (const struct enum_value *v = a->values; v->word; v++) {
                if (!v->help || !schema_value_shown(a, v))
                    continue;
                strbuf_addf(out, "%*s%s: %s", (int)width + 6, "", v->word, v->help);
                dialect_mark(schema_value_dialects(a, v->word), out);
                strbuf_addch(out, '\n');
            }
    }
}

/*
 * " (did you mean 'list'?)" for a help topic word that names nothing: the verbs and types
 * when it is the first word, else the types under parent.
 */
static void suggest_topic(const char *word, const struct type *parent, struct strbuf *out)
{
    struct suggest sg;

    suggest_init(&sg, word);
    if (!parent)
        for (const struct verb_info *v = parser_verbs(); v->word; v++)
            suggest_try(&sg, v->word);
    for (enum type_id id = 0; id < T_COUNT; id++)
        if (!parent || schema_child(parent, id))
            suggest_try(&sg, schema_type(id)->name);
    suggest_text(&sg, out);
}

/* The type named by topic words: "bridge", "router port". NULL with a message in err. */
static const struct type *topic_type(const char *topic, struct strbuf *err)
{
    const struct type *t = NULL;
    const char *p = topic;

    while (*p) {
        const struct type *prev = t;
        const char *sp = strchr(p, ' ');
        char *word = xstrndup(p, sp ? (size_t)(sp - p) : strlen(p));
        const struct child *c;
        bool amb = false;

        if (!t) {
            t = schema_find_type(word, &amb);
        } else {
            c = schema_find_child(t, word, &amb);
            t = c ? schema_type(c->type) : NULL;
        }
        if (!t) {
            strbuf_addf(err, "%s help topic '%s'", amb ? "ambiguous" : "unknown", topic);
            if (!amb)
                suggest_topic(word, prev, err);
        }
        free(word);
        if (!t)
            return NULL;
        p = sp ? sp + 1 : p + strlen(p);
    }
    return t;
}

/* The verb entry found by a keyword match, or NULL when it found a type. */
static const struct verb_info *found_verb(const void *found)
{
    for (const struct verb_info *v = parser_verbs(); found && v->word; v++)
        if (found == v)
            return v;
    return NULL;
}

/* The prefixes of midonet-cli's session aliases: its type names for objects with an id. */
static const char *const alias_prefixes[] = {
    "ad-route", "bgp", "bridge", "chain", "hm", "host", "ip-address-group", "lb", "pgroup",
    "pm", "pool", "port", "route", "router", "rule", "tzone", "vip", "vtep",
};

/* One alias, a prefix and a counter ("router0", "tzone12"): where it ends, or NULL. */
static const char *alias_end(const char *p)
{
    for (size_t k = 0; k < ARRAY_SIZE(alias_prefixes); k++) {
        size_t len = strlen(alias_prefixes[k]);
        const char *q = p + len;

        if (strncmp(p, alias_prefixes[k], len) || *q < '0' || *q > '9')
            continue;
        while (*q >= '0' && *q <= '9')
            q++;
        if (!*q || *q == ':')
            return q;
    }
    return NULL;
}

const char *help_alias_note(const char *word, const struct type *t)
{
    return help_alias_note_in(word, t, NULL);
}

const char *help_alias_note_in(const char *word, const struct type *t, const char *parent)
{
    static struct strbuf note = STRBUF_INIT;
    const char *p = word;

    for (;;) {
        if (!(p = alias_end(p)))
            return "";
        if (!*p)
            break;
        if (*p++ != ':')
            return "";
    }
    strbuf_reset(&note);
    strbuf_addf(&note, " ('%s' looks like a midonet-cli session alias; midosh has none: name the "
                "%s by its %s or id", word, t->name,
                t->name_key ? "name" : t->key_attr ? t->key_attr : "handle");
    if (parent)
        strbuf_addf(&note, "; '%s list %s' shows them", parent, t->name);
    else if (t->flags & TF_ROOT)
        strbuf_addf(&note, "; 'list %s' shows them", t->name);
    strbuf_addch(&note, ')');
    return note.buf;
}

int help_write(const char *topic, struct strbuf *out)
{
    const struct type *t;

    if (!topic || !*topic) {
        overview(out);
        return 0;
    }
    if (!strchr(topic, ' ')) {
        struct kw_match m;
        const struct verb_info *v;
        bool amb;
        int ret = 1;

        schema_kw_init(&m, topic);
        for (v = parser_verbs(); v->word; v++)
            schema_kw_try(&m, v->word, v);
        for (enum type_id id = 0; id < T_COUNT; id++)
            schema_kw_try(&m, schema_type(id)->name, schema_type(id));
        v = found_verb(schema_kw_result(&m, &amb));
        if (amb) {
            strbuf_addf(out, "ambiguous help topic '%s': ", topic);
            schema_kw_candidates(&m, out);
            ret = -1;
        } else if (v) {
            verb_help(v, out);
            ret = 0;
        }
        schema_kw_release(&m);
        if (ret <= 0)
            return ret;
    }
    t = topic_type(topic, out);
    if (!t)
        return -1;
    describe_type(t, out);
    return 0;
}
