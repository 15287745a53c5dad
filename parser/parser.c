#include "parser/parser.h"
#include "parser/suggest.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * How it works. The grammar is a set of states, one function each: start, a verb's
 * arguments, an object type, what follows a type, what follows a path step, a selector,
 * assignments, filters, attributes to clear. Each state knows the words it accepts at
 * its position (its candidates: verbs, types, children, attributes, or any word for a
 * name) and calls the next state. Where midonet-cli's grammar is ambiguous (is the word
 * after a type a name or a verb? does a selector end here?) a state tries the
 * alternatives in a fixed order, and the first that parses to the end of the command
 * wins, like midonet-cli's "a complete command wins". Alternatives are gated by one
 * word of lookahead so that there are few of them. When nothing parses, the error of
 * the alternative that got furthest is reported (the first of equals).
 *
 * States write the role of each word they consume into slots[]; a successful parse has
 * given every word a role, and the command is built from the slots at the end. So
 * backtracking costs nothing, and a completion function can later run the same states
 * up to a position and collect their candidates there.
 */

enum role {
    R_VERB,
    R_TYPE,         /* a path step's type */
    R_REF,          /* the step's name */
    R_SEL_ATTR,     /* a selector pair, with R_SEL_VALUE after it */
    R_SEL_VALUE,
    R_COLL,         /* the command's collection type (list, create, describe) */
    R_ATTR,         /* an assignment or list filter, with R_VALUE after it */
    R_VALUE,
    R_CLEAR,        /* an attribute to clear */
    R_FIELD,        /* show's field */
    R_ARG,          /* sett's tenant, help's topic */
    R_VPATH,        /* a later word of an object path written as a value (after R_VALUE) */
    R_FLAG,         /* a command flag before the verb (--may-exist, --if-exists) */
};

struct slot {
    enum role role;
    enum verb verb;
    const struct type *type;
    const struct attr *attr;
    const char *text;           /* values: canonical text, without '!' */
    bool invert;
    bool last;                  /* values: the word "last" of an A_LAST attribute */
};

/* Where a state is: the verb so far and the path's last step. Passed by value. */
struct frame {
    bool has_verb;
    enum verb verb;
    const struct type *cur;     /* the last step's type; NULL at the root */
    size_t step_word;           /* the last step's TYPE word */
};

struct pctx {
    const struct word_list *words;
    size_t n;
    struct slot *slots;
    char *err;                  /* the furthest error so far */
    size_t err_word;
    size_t err_rank;            /* err_word, or n for WORD_NONE */
    /*
     * parse_expect(): the word whose candidates are wanted (else WORD_NONE). A state that
     * reaches it reports what it would accept there and fails, so that every reading of
     * the words before it is tried.
     */
    size_t probe;
    expect_fn *expect;
    void *expect_ctx;
    /* Texts made while parsing (an object path value's "R:P"); the command takes them. */
    char **owned;
    size_t nowned, owned_alloc;
    /* The last keyword that matched nothing: its " (did you mean 'list'?)", or "". */
    char *hint;
    size_t hint_word;
};

static const struct verb_info verbs[] = {
    { "list", VERB_LIST, V_START | V_PATH | V_COLL,
      "list [PATH] TYPE [ATTR VALUE...]\nPATH list TYPE [ATTR VALUE...]\n"
      "PATH TYPE list [ATTR VALUE...]",
      "list the objects of a type (those matching every ATTR VALUE); -o table: in columns",
      "list bridge\nlist bridge name demo\nbridge demo list port\nlist router r1 route\n"
      "list port plugged yes" },
    { "show", VERB_SHOW, V_START | V_PATH,
      "show PATH [ATTR]\nPATH show [ATTR]\nPATH ATTR show",
      "show an object whole (every attribute, a count of each kind of child), or one attribute",
      "show bridge demo\nshow bridge demo id\nrouter r1 port 10.0.0.1 show\nshow system-state\n"
      "system-state show availability" },
    { "create", VERB_CREATE, V_START | V_PATH | V_COLL,
      "create [PATH] TYPE [ATTR VALUE...]\nPATH create TYPE [ATTR VALUE...]\n"
      "PATH TYPE create [ATTR VALUE...]",
      "create an object and print its id ('add' is the same verb; a rule without pos goes "
      "first, as the API puts it, pos last appends it: the position it got is printed beside "
      "its id at the prompt, and in a script noted on stderr when it went ahead of the "
      "chain's rules); "
      "@TYPE (or @NAME, after a final 'as @NAME') names it later in the run; --may-exist before "
      "it: an object with the same name, key or values is no error",
      "create bridge name demo\nbridge demo add port vlan 10\n"
      "router r1 add port address 10.0.0.1 net 10.0.0.0/24\n"
      "bridge demo add port peer r1:10.0.0.1\n"
      "router r1 add route dst 0.0.0.0/0 gw 10.0.0.254 port 10.0.0.1\n"
      "tunnel-zone create name tz type gre\ntunnel-zone tz add member host h1 address 192.168.0.1\n"
      "host h1 add binding interface eth0 port 5c4a7d1e\n"
      "port-group web add member port @port\n"
      "chain sg add rule type accept src !10.0.0.0/8 dst-port 22 pos 1\n"
      "chain sg add rule type accept proto tcp dst-port 80 pos last\n"
      "bridge demo add dhcp subnet 10.0.0.0/24 gw 10.0.0.1 dns-servers 8.8.8.8" },
    { "add", VERB_CREATE, V_START | V_PATH | V_COLL, NULL, NULL, NULL },
    { "set", VERB_SET, V_START | V_PATH,
      "set PATH ATTR VALUE...\nPATH set ATTR VALUE...",
      "change attributes of an object ('set peer PORT' links two ports); --if-exists before it: "
      "a missing object is no error",
      "set bridge demo name prod\nbridge demo set state down\n"
      "bridge demo port 5c4a7d1e set peer 9f0e2b44\nset system-state availability READONLY\n"
      "host h1 set flooding-proxy-weight 2" },
    { "clear", VERB_CLEAR, V_START | V_PATH,
      "clear PATH ATTR...\nPATH clear ATTR...",
      "clear attributes of an object ('clear peer' unlinks a port); --if-exists before it: a "
      "missing object is no error",
      "bridge demo clear infilter outfilter\nbridge demo port 5c4a7d1e clear peer" },
    { "delete", VERB_DELETE, V_START | V_PATH,
      "delete PATH\nPATH delete\nPATH delete STEP...",
      "delete an object, saying what else goes with it (asking [y/N] at the prompt unless -y); "
      "--if-exists before it: a missing object is no error",
      "delete bridge demo\nbridge demo delete\ntunnel-zone tz delete member host h1\n"
      "tunnel-zone tz member h1 delete\nhost h1 binding interface eth0 delete" },
    { "describe", VERB_DESCRIBE, V_START | V_PATH | V_COLL,
      "describe [[PATH] TYPE]\nPATH describe [TYPE]",
      "describe an object type: its attributes and the object types under it; "
      "alone, the types at the top level",
      "describe bridge\ndescribe router r1 route\nbridge demo describe port" },
    { "help", VERB_HELP, V_START,
      "help [VERB | TYPE]", "show help", "help\nhelp create\nhelp tunnel-zone" },
    { "sett", VERB_SETT, V_START,
      "sett TENANT", "set the session tenant: lists show its objects, creates are its",
      "sett 6a8b1c2f0d3e4f5a6b7c8d9e0f1a2b3c" },
    { "cleart", VERB_CLEART, V_START, "cleart", "clear the session tenant", "cleart" },
    { "debug", VERB_DEBUG, V_START, "debug on|off",
      "print each API request and reply on stderr (as -d does), or stop printing them",
      "debug on\ndebug off" },
    { "dry-run", VERB_DRYRUN, V_START, "dry-run on|off",
      "resolve names and read, but send no change: print each request instead (as --dry-run does)",
      "dry-run on\ndry-run off" },
    { "watch", VERB_WATCH, V_START, "watch [TYPE...] [count N] [timeout SECONDS]",
      "print changes of bridges, routers, ports, hosts (and liveness), tunnel zones and "
      "chains (with 5.x also mirrors, L2 insertions, QoS policies, containers and container "
      "groups) as ZooKeeper sees them, with the time and what changed, until ^C",
      "watch\nwatch bridge port\nwatch host count 1 timeout 60" },
    { "zk", VERB_ZK, V_START, "zk",
      "show the ZooKeeper servers (mode, version, latency, load, nodes) and midosh's session",
      "zk" },
    { "doctor", VERB_DOCTOR, V_START, "doctor",
      "check the deployment: one ok, warn or fail line per check, with a hint", "doctor" },
    { "dump", VERB_DUMP, V_START, "dump [--keep-ids] [--for 5|1.9] [TYPE NAME...]",
      "print a midosh script that recreates the topology, or the parts named (a router and "
      "what hangs off it, a chain, a tunnel zone...), with 5.x's mirrors, L2 insertions, QoS "
      "policies and containers; --keep-ids keeps the objects' ids; --for 5 writes a 1.9 "
      "server's topology for MidoNet 5.x (its port BGP as router BGP peers and networks), "
      "--for 1.9 a 5.x server's for 1.9 (router BGP peers as port sessions, 5.x's own types "
      "as comments); what the script cannot say is listed in comments and on stderr",
      "dump\ndump router r1\ndump --keep-ids chain sg tunnel-zone tz\ndump --for 5\n"
      "dump --for 1.9" },
    { "graph", VERB_GRAPH, V_START | V_PATH, "graph [PATH]\nPATH graph",
      "print the topology as Graphviz DOT for 'dot -Tsvg' (from PATH: what it reaches); "
      "-o json: its nodes and edges",
      "graph\ngraph router r1\nbridge subnet-a graph" },
    { "exit", VERB_EXIT, V_START, "exit", "leave midosh ('quit' is the same verb)", "exit" },
    { "quit", VERB_EXIT, V_START, NULL, NULL, NULL },
    { NULL, VERB_EXIT, 0, NULL, NULL, NULL },
};

const struct verb_info *parser_verbs(void)
{
    return verbs;
}

const char *verb_name(enum verb v)
{
    for (const struct verb_info *p = verbs; p->word; p++)
        if (p->verb == v)
            return p->word;
    return "?";
}

/* ---- errors and words ------------------------------------------------------------ */

static const char *word_at(const struct pctx *c, size_t i)
{
    return c->words->v[i].text;
}

static bool fail(struct pctx *c, size_t word, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Record an error unless an alternative already failed further on; always false. */
static bool fail(struct pctx *c, size_t word, const char *fmt, ...)
{
    size_t rank = word == WORD_NONE ? c->n : word;
    struct strbuf sb = STRBUF_INIT;
    va_list ap;

    if (c->err && rank <= c->err_rank)
        return false;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    free(c->err);
    c->err = strbuf_detach(&sb);
    c->err_word = word;
    c->err_rank = rank;
    return false;
}

/* The words before i, as typed: for "after 'bridge b1'" messages. The caller's string. */
static char *before(const struct pctx *c, size_t i)
{
    struct strbuf sb = STRBUF_INIT;

    for (size_t k = 0; k < i; k++) {
        if (k)
            strbuf_addch(&sb, ' ');
        lex_quote(&sb, word_at(c, k));
    }
    return strbuf_detach(&sb);
}

static bool fail_after(struct pctx *c, size_t word, size_t i, const char *what)
{
    char *text = before(c, i);

    fail(c, word, "%s after '%s'", what, text);
    free(text);
    return false;
}

/* "a bridge or a router": where objects of t live (through its variants for ports). */
static void parents_text(const struct type *t, struct strbuf *out)
{
    bool seen[T_COUNT] = { false };
    size_t printed = 0;

    for (const struct variant *v = t->variants; ; v++) {
        const struct type *p[T_COUNT + 1];
        size_t k = schema_parents(v ? v->type : t->id, p, ARRAY_SIZE(p));

        for (size_t j = 0; j < k && j < T_COUNT; j++) {
            if (seen[p[j]->id])
                continue;
            seen[p[j]->id] = true;
            if (printed++)
                strbuf_addstr(out, " or ");
            schema_noun(p[j], out);
        }
        if (!v || !v[1].json)
            break;
    }
}

/* The first type named exactly word, or NULL. */
static const struct type *type_named(const char *word)
{
    for (enum type_id id = 0; id < T_COUNT; id++)
        if (!strcmp(schema_type(id)->name, word))
            return schema_type(id);
    return NULL;
}

/*
 * A type name typed exactly at the root, where no type of that name can be: "route" is
 * not an abbreviation of "router". NULL otherwise.
 */
static const struct type *misplaced_type(const char *word)
{
    for (enum type_id id = 0; id < T_COUNT; id++) {
        const struct type *t = schema_type(id);

        if (!strcmp(t->name, word) && (t->flags & (TF_ROOT | TF_SINGLETON)))
            return NULL;
    }
    return type_named(word);
}

/* A type that is not reachable where it was typed. */
static bool fail_not_here(struct pctx *c, size_t word, const struct type *t)
{
    struct strbuf where = STRBUF_INIT;

    parents_text(t, &where);
    fail(c, word, "'%s' objects live under %s", t->name, where.len ? where.buf : "another object");
    strbuf_release(&where);
    return false;
}

/* ---- candidates ------------------------------------------------------------------ */

enum cand_kind { C_NONE, C_VERB, C_TYPE, C_ATTR };

struct cand {
    enum cand_kind kind;
    const struct verb_info *verb;
    const struct type *type;
    const struct attr *attr;
};

/* The keywords acceptable at a position, in priority order. */
struct cands {
    struct cand *v;
    size_t n, alloc;
};

#define CANDS_INIT { NULL, 0, 0 }

static void add_cand(struct cands *cs, enum cand_kind kind, const void *p)
{
    struct cand *c;

    ALLOC_GROW(cs->v, cs->n + 1, cs->alloc);
    c = &cs->v[cs->n++];
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    if (kind == C_VERB)
        c->verb = p;
    else if (kind == C_TYPE)
        c->type = p;
    else
        c->attr = p;
}

static void add_verbs(struct cands *cs, unsigned use)
{
    for (const struct verb_info *p = verbs; p->word; p++)
        if (p->use & use)
            add_cand(cs, C_VERB, p);
}

/* Types typed at the root: root collections and singletons (all types when `all`). */
static void add_root_types(struct cands *cs, bool all)
{
    for (enum type_id id = 0; id < T_COUNT; id++) {
        const struct type *t = schema_type(id);

        if (all || (t->flags & (TF_ROOT | TF_SINGLETON)))
            add_cand(cs, C_TYPE, t);
    }
}

static bool has_children(const struct type *t)
{
    return t->children && t->children[0].uri_key;
}

static void add_children(struct cands *cs, const struct type *t)
{
    for (const struct child *ch = t->children; ch && ch->uri_key; ch++)
        add_cand(cs, C_TYPE, schema_type(ch->type));
}

static void add_attrs(struct cands *cs, const struct type *t)
{
    for (const struct attr *a = t->attrs; a->name; a++)
        add_cand(cs, C_ATTR, a);
}

static const char *cand_word(const struct cand *c)
{
    switch (c->kind) {
    case C_VERB:
        return c->verb->word;
    case C_TYPE:
        return c->type->name;
    default:
        return c->attr->name;
    }
}

/* ---- completion probes (parse_expect) ------------------------------------------ */

static void build(const struct pctx *c, struct command *cmd);

static void expect_item(struct pctx *c, enum expect_kind kind, const void *p)
{
    struct expect e = { .kind = kind };

    /* What the connected server has: its dialect's types and attributes (all when not
     * known yet). Parsing itself accepts both; running refuses the other's. */
    if ((kind == EX_TYPE && !schema_type_shown(p)) || (kind == EX_ATTR && !schema_attr_shown(p)))
        return;
    if (kind == EX_VERB)
        e.verb = p;
    else if (kind == EX_TYPE)
        e.type = p;
    else
        e.attr = p;
    c->expect(c->expect_ctx, &e);
}

static void expect_cand(struct pctx *c, const struct cand *cd)
{
    if (cd->kind == C_VERB)
        expect_item(c, EX_VERB, cd->verb);
    else if (cd->kind == C_TYPE)
        expect_item(c, EX_TYPE, cd->type);
    else
        expect_item(c, EX_ATTR, cd->attr);
}

/*
 * A name or a value, with the path that words 0..upto-1 describe in the reading being
 * tried: the states that led here wrote their slots, so build() reads them as it reads
 * a whole command's.
 */
static void expect_at(struct pctx *c, enum expect_kind kind, size_t upto, const struct type *t,
                      const struct attr *a)
{
    struct pctx sub = *c;
    struct command cmd;
    struct expect e = { .kind = kind, .type = t, .attr = a };

    memset(&cmd, 0, sizeof(cmd));
    sub.n = upto;
    build(&sub, &cmd);
    e.path = cmd.path;
    e.npath = cmd.npath;
    if (kind == EX_VALUE && !t) {
        e.type = cmd.type;
        /* A list's filter: the verb is among the words before. */
        for (size_t k = 0; k < upto; k++)
            if (c->slots[k].role == R_VERB)
                e.matching = c->slots[k].verb == VERB_LIST && cmd.type;
    } else if (kind == EX_VALUE) {
        e.matching = true;      /* a selector's pair */
    }
    c->expect(c->expect_ctx, &e);
    command_release(&cmd);
}

/* A value of a at word i (the probe): in a selector, its type is the collection. */
static void expect_value(struct pctx *c, size_t i, const struct attr *a)
{
    size_t w = i - 1;

    if (c->slots[i - 1].role != R_SEL_ATTR) {
        expect_at(c, EX_VALUE, i - 1, NULL, a);
        return;
    }
    while (w > 0 && c->slots[w].role != R_TYPE)
        w--;
    expect_at(c, EX_VALUE, w, c->slots[w].type, a);
}

/*
 * midonet-cli's abbreviations of its verbs (its help writes them l[ist], s[how],
 * desc[ribe], del[ete]): a prefix of the verb at least as long as the shortest form.
 * Other verbs (create, add, set, clear, sett, cleart, debug) were exact there; here
 * they keep the unique-prefix rule of every keyword.
 */
static const struct { enum verb verb; const char *word, *min; } verb_abbrevs[] = {
    { VERB_LIST, "list", "l" },
    { VERB_SHOW, "show", "s" },
    { VERB_DESCRIBE, "describe", "desc" },
    { VERB_DELETE, "delete", "del" },
};

/* The candidate verb that word abbreviates the way midonet-cli did, or NULL. */
static const struct cand *verb_abbrev(const char *word, const struct cands *cs)
{
    size_t len = strlen(word);

    for (size_t a = 0; a < ARRAY_SIZE(verb_abbrevs); a++) {
        if (len < strlen(verb_abbrevs[a].min) || strncmp(word, verb_abbrevs[a].word, len))
            continue;
        for (size_t k = 0; k < cs->n; k++)
            if (cs->v[k].kind == C_VERB && cs->v[k].verb->verb == verb_abbrevs[a].verb &&
                !strcmp(cs->v[k].verb->word, verb_abbrevs[a].word))
                return &cs->v[k];
    }
    return NULL;
}

/* What word i, which matched none of cs, may have meant: c->hint. */
static void set_hint(struct pctx *c, size_t i, const struct cands *cs)
{
    struct suggest sg;
    struct strbuf sb = STRBUF_INIT;

    suggest_init(&sg, word_at(c, i));
    /* A word that is a verb or a type is misplaced, not misspelled ("set" is not "net"). */
    for (const struct verb_info *v = verbs; v->word; v++)
        if (!strcmp(v->word, sg.word))
            sg.word = "";
    if (type_named(sg.word))
        sg.word = "";
    for (size_t k = 0; k < cs->n; k++)
        suggest_try(&sg, cand_word(&cs->v[k]));
    suggest_text(&sg, &sb);
    free(c->hint);
    c->hint = strbuf_detach(&sb);
    c->hint_word = i;
}

/* The hint for word i, when the last keyword that matched nothing was word i; else "". */
static const char *hint(const struct pctx *c, size_t i)
{
    return c->hint && c->hint_word == i ? c->hint : "";
}

/* The dialects that have what candidate k names (a verb: every one). */
static unsigned cand_dialects(const struct cand *k)
{
    if (k->kind == C_ATTR && k->attr)
        return schema_attr_dialects(k->attr);
    if (k->kind == C_TYPE && k->type)
        return schema_type_dialects(k->type);
    return D_ALL;
}

/*
 * An abbreviation that the words of every dialect make unique keeps its meaning where a
 * dialect adds a word it also abbreviates: "in" stays infilter beside 5.x's in-mirrors, so
 * that a line means the same whatever the server speaks (the dialect is not known when a
 * script is parsed). The one such candidate, or NULL.
 */
static const struct cand *common_abbrev(const char *word, const struct cands *cs)
{
    const struct cand *one = NULL;
    size_t len = strlen(word);

    for (size_t k = 0; k < cs->n; k++) {
        const char *w = cand_word(&cs->v[k]);

        if (strncmp(w, word, len) || cand_dialects(&cs->v[k]) != D_ALL)
            continue;
        if (one && strcmp(cand_word(one), w))
            return NULL;
        one = &cs->v[k];
    }
    return one;
}

/*
 * Match word i against the candidates, and release them. Kind C_NONE when none
 * matches; when several do and report is set, the ambiguity is recorded as the error
 * (*ambiguous tells which).
 */
static struct cand match(struct pctx *c, size_t i, struct cands *cs, bool report, bool *ambiguous)
{
    struct cand none = { .kind = C_NONE }, ret;
    const struct cand *found;
    struct kw_match m;
    bool amb;

    if (i == c->probe) {
        for (size_t k = 0; k < cs->n; k++)
            expect_cand(c, &cs->v[k]);
        free(cs->v);
        if (ambiguous)
            *ambiguous = false;
        return none;
    }
    schema_kw_init(&m, word_at(c, i));
    for (size_t k = 0; k < cs->n; k++) {
        schema_kw_try(&m, cand_word(&cs->v[k]), &cs->v[k]);
        if (cs->v[k].kind == C_TYPE && schema_type_synonym(cs->v[k].type, word_at(c, i)))
            schema_kw_try(&m, word_at(c, i), &cs->v[k]);
    }
    found = schema_kw_result(&m, &amb);
    if (!m.exact) {
        /* midonet-cli's own abbreviations of its verbs win over other prefixes. */
        const struct cand *abbr = verb_abbrev(word_at(c, i), cs);

        if (abbr) {
            found = abbr;
            amb = false;
        } else if (amb && (abbr = common_abbrev(word_at(c, i), cs))) {
            found = abbr;
            amb = false;
        }
    }
    if (!found && !amb && report)
        set_hint(c, i, cs);
    if (amb && report) {
        struct strbuf list = STRBUF_INIT;

        schema_kw_candidates(&m, &list);
        fail(c, i, "ambiguous keyword '%s': %s", word_at(c, i), list.buf);
        strbuf_release(&list);
    }
    schema_kw_release(&m);
    if (ambiguous)
        *ambiguous = amb;
    ret = found ? *found : none;
    free(cs->v);
    return ret;
}

/* Word i as one of the verbs in use, without reporting anything. */
static const struct verb_info *match_verb(struct pctx *c, size_t i, unsigned use)
{
    struct cands cs = CANDS_INIT;
    struct cand m;

    if (i >= c->n)
        return NULL;
    add_verbs(&cs, use);
    m = match(c, i, &cs, false, NULL);
    return m.verb;
}

static const struct attr *match_attr(struct pctx *c, size_t i, const struct type *t)
{
    if (i == c->probe) {
        for (const struct attr *a = t->attrs; a->name; a++)
            expect_item(c, EX_ATTR, a);
        return NULL;
    }
    return i < c->n ? schema_find_attr(t, word_at(c, i), NULL) : NULL;
}

static bool is_child_word(struct pctx *c, size_t i, const struct type *t)
{
    bool amb = false;

    if (i == c->probe)
        return !schema_find_attr(t, word_at(c, i - 1), NULL);
    return i < c->n && (schema_find_child(t, word_at(c, i), &amb) || amb);
}

/*
 * Word i as the verb show, without reporting anything (PATH ATTR show). At the probe,
 * show is expected when word i - 1 is an attribute of t.
 */
static const struct verb_info *match_show(struct pctx *c, size_t i, const struct type *t)
{
    const struct verb_info *v;

    if (i == c->probe) {
        if (match_attr(c, i - 1, t))
            for (v = verbs; v->word; v++)
                if (v->verb == VERB_SHOW)
                    expect_item(c, EX_VERB, v);
        return NULL;
    }
    v = match_verb(c, i, V_PATH);
    return v && v->verb == VERB_SHOW ? v : NULL;
}

/* ---- the states ------------------------------------------------------------------ */

static bool st_type(struct pctx *c, size_t i, struct frame f);
static bool st_after_type(struct pctx *c, size_t i, struct frame f, const struct type *t);
static bool st_after_step(struct pctx *c, size_t i, struct frame f);
static bool st_verb_args(struct pctx *c, size_t i, struct frame f);

static void set_slot(struct pctx *c, size_t i, enum role role)
{
    memset(&c->slots[i], 0, sizeof(c->slots[i]));
    c->slots[i].role = role;
}

static bool set_verb(struct pctx *c, size_t i, struct frame *f, const struct verb_info *v)
{
    set_slot(c, i, R_VERB);
    c->slots[i].verb = v->verb;
    f->has_verb = true;
    f->verb = v->verb;
    return true;
}

/* A type named exactly word among t's children (the root types when t is NULL), or NULL. */
static const struct type *type_exact(const struct type *t, const char *word)
{
    if (!t) {
        const struct type *r = type_named(word);

        return r && (r->flags & TF_ROOT) ? r : NULL;
    }
    for (const struct child *ch = t->children; ch && ch->uri_key; ch++)
        if (!strcmp(schema_type(ch->type)->name, word))
            return schema_type(ch->type);
    return NULL;
}

/* Can a reference to type `ref` name an object of type t (a port is a bridge port)? */
static bool ref_accepts(enum type_id ref, const struct type *t)
{
    const struct type *r = schema_type(ref);

    if (t->id == ref)
        return true;
    for (const struct variant *v = r->variants; v && v->json; v++)
        if (v->type == t->id)
            return true;
    for (const struct variant *v = t->variants; v && v->json; v++)
        if (v->type == ref)
            return true;
    return false;
}

/*
 * midonet-cli's object path as a reference value: "port router r1 port 10.0.0.1",
 * "infilter chain c1", TYPE REF [TYPE REF] from the root. Word i is the value's first
 * word. Returns the number of words the path takes (its text, "REF" or "PARENT:CHILD"
 * as the executor resolves references, in *text), 0 when word i does not start one
 * (then it is an ordinary value), or (size_t)-1 on an error (recorded).
 */
static size_t path_value(struct pctx *c, size_t i, const struct attr *a, const char **text)
{
    struct step steps[2];
    const struct type *t = NULL, *next;
    size_t j = i, n = 0;

    if (a->kind != K_REF)
        return 0;
    while (j < c->n && j != c->probe && (next = type_exact(t, word_at(c, j)))) {
        if (j + 1 == c->probe) {
            /* Completing the name of a step: the objects of that type there. */
            struct expect e = { .kind = EX_NAME, .type = next, .path = steps, .npath = n };

            c->expect(c->expect_ctx, &e);
            return 0;
        }
        if (j + 1 >= c->n)
            break;          /* a type word with no name after it: not a path */
        if (n == ARRAY_SIZE(steps)) {
            fail(c, j, "an object path value has at most two steps ('%s %s %s %s')",
                 steps[0].type->name, steps[0].ref, steps[1].type->name, steps[1].ref);
            return (size_t)-1;
        }
        memset(&steps[n], 0, sizeof(steps[n]));
        steps[n].type = next;
        steps[n].ref = word_at(c, j + 1);
        steps[n].word = j;
        n++;
        t = next;
        j += 2;
        if (j == c->probe)
            for (const struct child *ch = t->children; ch && ch->uri_key; ch++)
                expect_item(c, EX_TYPE, schema_type(ch->type));
    }
    if (!n)
        return 0;
    if (!ref_accepts(a->ref, t)) {
        struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;

        schema_noun(schema_type(a->ref), &want);
        schema_noun(t, &got);
        fail(c, i, "'%s' takes %s, not %s", a->name, want.buf, got.buf);
        strbuf_release(&want);
        strbuf_release(&got);
        return (size_t)-1;
    }
    if (n == 1) {
        *text = steps[0].ref;
    } else if (strchr(steps[0].ref, ':')) {
        fail(c, i + 1, "a name with ':' cannot start an object path value (use the id of '%s')",
             steps[0].ref);
        return (size_t)-1;
    } else {
        ALLOC_GROW(c->owned, c->nowned + 1, c->owned_alloc);
        c->owned[c->nowned] = xasprintf("%s:%s", steps[0].ref, steps[1].ref);
        *text = c->owned[c->nowned++];
    }
    return j - i;
}

/* A checked value in the form it prints in (schema_canonical_value()); kept by c. */
static const char *canonical(struct pctx *c, const struct attr *a, const char *text)
{
    char *owned;
    const char *out = schema_canonical_value(a, text, &owned);

    if (owned) {
        ALLOC_GROW(c->owned, c->nowned + 1, c->owned_alloc);
        c->owned[c->nowned++] = owned;
    }
    return out;
}

/*
 * The value of attribute a at word i into slots[i]: a leading '!' inverts an invertible
 * attribute; keyword values become their canonical word; others are syntax-checked
 * (references are names, resolved later: any text goes). Where paths are allowed, a
 * reference may be written as an object path (path_value()). Returns the number of
 * words the value takes, 0 on an error.
 */
static size_t value(struct pctx *c, size_t i, const struct attr *a, bool paths)
{
    const char *text = word_at(c, i);
    struct strbuf err = STRBUF_INIT;
    bool invert = false;
    size_t w;

    if (i == c->probe) {
        expect_value(c, i, a);
        return 0;
    }
    if (paths && (w = path_value(c, i, a, &text)) != 0) {
        if (w == (size_t)-1)
            return 0;
        set_slot(c, i, R_VALUE);
        c->slots[i].attr = a;
        c->slots[i].text = text;
        for (size_t k = i + 1; k < i + w; k++)
            set_slot(c, k, R_VPATH);
        return w;
    }
    if ((a->flags & A_INVERT) && text[0] == '!') {
        invert = true;
        text++;
    }
    if (schema_check_value(a, text, &err) < 0) {
        fail(c, i, "%s", err.buf);
        strbuf_release(&err);
        return 0;
    }
    set_slot(c, i, R_VALUE);
    c->slots[i].attr = a;
    c->slots[i].text = canonical(c, a, text);
    c->slots[i].invert = invert;
    c->slots[i].last = (a->flags & A_LAST) && !strcmp(c->slots[i].text, "last");
    return 1;
}

/* An attribute keyword of t at word i, or an error. */
static const struct attr *want_attr(struct pctx *c, size_t i, const struct type *t)
{
    struct cands cs = CANDS_INIT;
    struct cand m;
    bool amb;

    add_attrs(&cs, t);
    m = match(c, i, &cs, true, &amb);
    if (m.kind == C_NONE && !amb)
        fail(c, i, "'%s' has no attribute '%s'%s", t->name, word_at(c, i), hint(c, i));
    return m.attr;
}

/* May attribute a be given to f.verb on type t (at word j)? */
static bool assignable(struct pctx *c, size_t j, struct frame f, const struct type *t,
                       const struct attr *a)
{
    if (f.verb == VERB_LIST)
        return true;
    if ((a->flags & A_RO) && !(f.verb == VERB_CREATE && (t->flags & TF_CLIENT_ID) && t->id_key &&
                               !strcmp(a->key, t->id_key)))
        return fail(c, j, "'%s' is read-only", a->name);
    if (f.verb == VERB_SET && (a->flags & A_CREATE_ONLY))
        return fail(c, j, "'%s' can only be given when creating", a->name);
    if (f.verb == VERB_SET && (t->flags & TF_NOSET) && !a->link_key)
        return fail(c, j, "'%s' objects cannot be changed", t->name);
    return true;
}

/* At the probe (word j of pairs from word i): the attributes that may still be given. */
static bool expect_pairs(struct pctx *c, size_t i, size_t j, struct frame f, const struct type *t)
{
    for (const struct attr *a = t->attrs; a->name; a++) {
        bool given = false;

        for (size_t k = i; k < j && f.verb != VERB_LIST; k++)
            given = given || (c->slots[k].role == R_ATTR && c->slots[k].attr == a);
        if (!given && assignable(c, j, f, t, a))
            expect_item(c, EX_ATTR, a);
    }
    return false;
}

/* ATTR VALUE pairs to the end: list filters, or create and set assignments. */
static bool st_pairs(struct pctx *c, size_t i, struct frame f, const struct type *t)
{
    for (size_t j = i, w; j < c->n; j += 1 + w) {
        const struct attr *a;

        if (j == c->probe)
            return expect_pairs(c, i, j, f, t);
        a = want_attr(c, j, t);
        if (!a || !assignable(c, j, f, t, a))
            return false;
        for (size_t k = i; k < j && f.verb != VERB_LIST; k++)
            if (c->slots[k].role == R_ATTR && c->slots[k].attr == a)
                return fail(c, j, "'%s' is given twice", a->name);
        if (j + 1 >= c->n)
            return fail(c, WORD_NONE, "missing value for '%s'", a->name);
        set_slot(c, j, R_ATTR);
        c->slots[j].attr = a;
        if (!(w = value(c, j + 1, a, true)))
            return false;
    }
    if (f.verb != VERB_CREATE)
        return true;
    for (const struct attr *a = t->attrs; a->name; a++) {
        struct strbuf noun = STRBUF_INIT;
        bool given = false;

        if (!(a->flags & A_REQUIRED))
            continue;
        for (size_t k = i; k < c->n && !given; k++)
            given = c->slots[k].role == R_ATTR && (c->slots[k].attr == a ||
                    (a->unless && !strcmp(c->slots[k].attr->name, a->unless)));
        if (!given) {
            schema_noun(t, &noun);
            fail(c, WORD_NONE, "missing required attribute '%s' for %s", a->name, noun.buf);
            strbuf_release(&noun);
            return false;
        }
    }
    return true;
}

/* ATTR... to the end, for clear. */
static bool clearable(struct pctx *c, size_t j, const struct type *t, const struct attr *a)
{
    if (a->flags & A_RO)
        return fail(c, j, "'%s' is read-only", a->name);
    if (!(a->flags & A_CLEAR))
        return fail(c, j, "'%s' cannot be cleared", a->name);
    if ((t->flags & TF_NOSET) && !a->link_key)
        return fail(c, j, "'%s' objects cannot be changed", t->name);
    return true;
}

/* At the probe: the attributes that may be cleared and are not cleared yet. */
static bool expect_clear(struct pctx *c, size_t j, const struct type *t)
{
    for (const struct attr *a = t->attrs; a->name; a++) {
        bool given = false;

        for (size_t k = j; k > 0 && c->slots[k - 1].role == R_CLEAR; k--)
            given = given || c->slots[k - 1].attr == a;
        if (!given && clearable(c, j, t, a))
            expect_item(c, EX_ATTR, a);
    }
    return false;
}

static bool st_clear(struct pctx *c, size_t i, const struct type *t)
{
    for (size_t j = i; j < c->n; j++) {
        const struct attr *a;

        if (j == c->probe)
            return expect_clear(c, j, t);
        a = want_attr(c, j, t);
        if (!a || !clearable(c, j, t, a))
            return false;
        set_slot(c, j, R_CLEAR);
        c->slots[j].attr = a;
    }
    return true;
}

/*
 * The type t typed at word tw is the command's collection (list, create, describe);
 * its filters or assignments start at word i.
 */
static bool st_collection(struct pctx *c, size_t tw, size_t i, struct frame f, const struct type *t)
{
    set_slot(c, tw, R_COLL);
    c->slots[tw].type = t;
    switch (f.verb) {
    case VERB_LIST:
        if (t->flags & TF_NOLIST)
            return fail(c, tw, "'%s' objects cannot be listed", t->name);
        return st_pairs(c, i, f, t);
    case VERB_CREATE:
        if (t->variants && !f.cur) {
            struct strbuf where = STRBUF_INIT;

            parents_text(t, &where);
            fail(c, tw, "'%s' objects are created under %s", t->name, where.buf);
            strbuf_release(&where);
            return false;
        }
        if (t->flags & TF_NOCREATE)
            return fail(c, tw, "'%s' objects cannot be created", t->name);
        if (f.cur && schema_child(f.cur, t->id) && schema_child(f.cur, t->id)->list_only) {
            /* midonet-cli offered it and the API refused the POST (it lists them there). */
            struct strbuf where = STRBUF_INIT;
            const struct type *p[T_COUNT + 1];
            size_t k = schema_parents(t->id, p, ARRAY_SIZE(p));

            for (size_t j = 0; j < k && j < T_COUNT; j++) {
                if (schema_child(p[j], t->id)->list_only)
                    continue;
                strbuf_addf(&where, "%s'%s %s add %s'", where.len ? " or " : "", p[j]->name,
                            p[j]->name_key ? "NAME" : "ID", t->name);
            }
            fail(c, tw, "'%s' objects are not created under a %s, which only lists them: "
                 "use %s", t->name, f.cur->name, where.buf);
            strbuf_release(&where);
            return false;
        }
        return st_pairs(c, i, f, t);
    default:
        return i == c->n || fail(c, i, "unexpected word '%s'", word_at(c, i));
    }
}

/* A selector: ATTR VALUE pairs naming the one object of t whose fields match. */
static bool st_selector(struct pctx *c, size_t i, struct frame f, const struct type *t)
{
    size_t j = i;
    struct frame g = f;

    g.cur = t;
    for (;;) {
        const struct attr *a = match_attr(c, j, t);
        const struct verb_info *v;

        if (!a || (j > i && j + 1 >= c->n))
            break;          /* the end, or a trailing ATTR: show's field */
        if (j + 1 >= c->n)
            return fail(c, WORD_NONE, "missing value for '%s'", a->name);
        /* PATH ATTR show: the last pair may be show's field and the verb. */
        v = j > i && !f.has_verb && j + 2 == c->n ? match_show(c, j + 1, t) : NULL;
        if (v && v->verb == VERB_SHOW && st_after_step(c, j, g))
            return true;
        set_slot(c, j, R_SEL_ATTR);
        c->slots[j].attr = a;
        if (!value(c, j + 1, a, false))
            return false;
        c->slots[j + 1].role = R_SEL_VALUE;
        j += 2;
    }
    return st_after_step(c, j, g);
}

/*
 * Can word i start a selector on t, a type with ids (midonet-cli's "bridge name br1 list
 * port")? Only when it is exactly one of t's attributes with a word after it: this
 * reading is tried after the name reading, so a bridge named "name" keeps its meaning.
 */
static bool id_selector_at(const struct pctx *c, size_t i, const struct type *t)
{
    return t->id_key && i != c->probe && i + 1 < c->n && schema_attr(t, word_at(c, i));
}

/* list/create: does a selector at word i lead to a type (list bridge name b1 port)? */
static bool selector_then_type(struct pctx *c, size_t i, const struct type *t)
{
    size_t j = i;

    if (!id_selector_at(c, i, t))
        return false;
    while (j + 1 < c->n && j != c->probe && schema_attr(t, word_at(c, j)))
        j += 2;
    return j < c->n && j != c->probe && (is_child_word(c, j, t) || type_named(word_at(c, j)));
}

/* Type t at word i - 1 as a path step: TYPE REF, TYPE selector, or a singleton. */
static bool st_step(struct pctx *c, size_t i, struct frame f, const struct type *t)
{
    struct frame g;

    if (!f.cur && !(t->flags & (TF_ROOT | TF_SINGLETON)))
        return fail_not_here(c, i - 1, t);
    set_slot(c, i - 1, R_TYPE);
    c->slots[i - 1].type = t;
    f.step_word = i - 1;
    if (t->flags & TF_SINGLETON) {
        f.cur = t;
        return st_after_step(c, i, f);
    }
    if (i >= c->n)
        return fail(c, WORD_NONE, "missing object name after '%s'", t->name);
    if (!t->id_key) {
        /* No id: an attribute word starts a selector, any other is the natural key. */
        if (match_attr(c, i, t))
            return st_selector(c, i, f, t);
        if (!t->key_attr)
            return want_attr(c, i, t) != NULL;
    }
    if (i == c->probe) {
        expect_at(c, EX_NAME, i - 1, t, NULL);
        return false;
    }
    g = f;
    set_slot(c, i, R_REF);
    g.cur = t;
    if (st_after_step(c, i + 1, g))
        return true;
    /* In list and create the pairs would be filters or assignments without a type after. */
    if (f.has_verb && (f.verb == VERB_LIST || f.verb == VERB_CREATE) ? !selector_then_type(c, i, t)
                                                                     : !id_selector_at(c, i, t))
        return false;
    return st_selector(c, i, f, t);
}

/* After TYPE (at word i - 1): the collection of the command, or a path step. */
static bool st_after_type(struct pctx *c, size_t i, struct frame f, const struct type *t)
{
    const struct verb_info *v;

    if (!f.has_verb) {
        /* PATH TYPE list|create|add|describe ... */
        struct frame g = f;

        v = match_verb(c, i, V_COLL);
        if (v && set_verb(c, i, &g, v) && st_collection(c, i - 1, i + 1, g, t))
            return true;
        return st_step(c, i, f, t);
    }
    switch (f.verb) {
    case VERB_LIST:
    case VERB_CREATE:
        if (st_collection(c, i - 1, i, f, t))
            return true;
        /*
         * A step too, when a type follows its name (list bridge b1 port), or when a
         * list ends with a word that is no attribute (list bridge b1).
         */
        if (has_children(t) &&
            (i == c->probe || is_child_word(c, i + 1, t) ||
             (i + 1 < c->n && type_named(word_at(c, i + 1))) ||
             (f.verb == VERB_LIST && i + 1 == c->n && !match_attr(c, i, t)) ||
                 selector_then_type(c, i, t)))
            return st_step(c, i, f, t);
        return false;
    case VERB_DESCRIBE:
        if (i == c->n)
            return st_collection(c, i - 1, i, f, t);
        return st_step(c, i, f, t);
    default:
        return st_step(c, i, f, t);
    }
}

/* A TYPE at word i: a root type, or a child of the path's last step. */
static bool st_type(struct pctx *c, size_t i, struct frame f)
{
    struct cands cs = CANDS_INIT;
    struct cand m;
    const struct type *t;
    bool amb;

    if (i >= c->n)
        return fail_after(c, WORD_NONE, i, "missing object type");
    if (f.cur) {
        add_children(&cs, f.cur);
    } else {
        if (f.verb != VERB_DESCRIBE && i != c->probe && (t = misplaced_type(word_at(c, i))))
            return fail_not_here(c, i, t);
        add_root_types(&cs, f.verb == VERB_DESCRIBE);
    }
    m = match(c, i, &cs, true, &amb);
    if (amb)
        return false;
    if (m.kind == C_NONE && f.cur)
        return fail(c, i, "unknown object type '%s' under '%s'%s", word_at(c, i), f.cur->name,
                    hint(c, i));
    if (m.kind == C_NONE) {
        t = schema_find_type(word_at(c, i), NULL);
        if (t)
            return fail_not_here(c, i, t);
        return fail(c, i, "unknown object type '%s'%s", word_at(c, i), hint(c, i));
    }
    return st_after_type(c, i + 1, f, m.type);
}

/* After a path step, once the verb is known. */
static bool st_verb_args(struct pctx *c, size_t i, struct frame f)
{
    struct cands cs = CANDS_INIT;
    struct cand m;
    bool amb;

    if (i == c->n) {
        switch (f.verb) {
        case VERB_SHOW:
        case VERB_DESCRIBE:
        case VERB_GRAPH:
            return true;
        case VERB_DELETE:
            if (f.cur->flags & TF_NODELETE)
                return fail(c, f.step_word, "'%s' objects cannot be deleted", f.cur->name);
            return true;
        case VERB_SET:
        case VERB_CLEAR:
            return fail_after(c, WORD_NONE, i, "missing attribute");
        default:
            return fail_after(c, WORD_NONE, i, "missing object type");
        }
    }
    if (f.verb == VERB_LIST || f.verb == VERB_CREATE || f.verb == VERB_DESCRIBE)
        return st_type(c, i, f);
    if (i == c->probe && (f.verb == VERB_SET || f.verb == VERB_CLEAR)) {
        add_children(&cs, f.cur);
        match(c, i, &cs, false, NULL);
        return f.verb == VERB_SET ? expect_pairs(c, i, i, f, f.cur) : expect_clear(c, i, f.cur);
    }
    add_children(&cs, f.cur);
    if (f.verb != VERB_DELETE && f.verb != VERB_GRAPH)
        add_attrs(&cs, f.cur);
    m = match(c, i, &cs, true, &amb);
    if (amb)
        return false;
    if (m.kind == C_NONE && (f.verb == VERB_DELETE || f.verb == VERB_GRAPH))
        return fail(c, i, "unexpected word '%s'", word_at(c, i));
    if (m.kind == C_NONE)
        return fail(c, i, "'%s' has no attribute '%s'%s", f.cur->name, word_at(c, i), hint(c, i));
    if (m.kind == C_TYPE)
        return st_after_type(c, i + 1, f, m.type);
    switch (f.verb) {
    case VERB_SHOW:
        set_slot(c, i, R_FIELD);
        c->slots[i].attr = m.attr;
        return i + 1 == c->n || fail(c, i + 1, "unexpected word '%s'", word_at(c, i + 1));
    case VERB_SET:
        return st_pairs(c, i, f, f.cur);
    default:
        return st_clear(c, i, f.cur);
    }
}

/* After a path step. Without a verb yet: a verb, a child type, or ATTR show. */
static bool st_after_step(struct pctx *c, size_t i, struct frame f)
{
    struct cands cs = CANDS_INIT;
    const struct verb_info *show;
    struct cand m;
    bool amb;

    if (f.has_verb)
        return st_verb_args(c, i, f);
    if (i >= c->n)
        return fail_after(c, WORD_NONE, i, "expected a verb or an object type");
    add_verbs(&cs, V_PATH);
    add_children(&cs, f.cur);
    show = i + 2 == c->n ? match_show(c, i + 1, f.cur) : NULL;
    if (show && show->verb == VERB_SHOW)
        add_attrs(&cs, f.cur);
    m = match(c, i, &cs, true, &amb);
    if (amb)
        return false;
    if (m.kind == C_NONE)
        return fail_after(c, i, i, "expected a verb or an object type");
    switch (m.kind) {
    case C_VERB:
        set_verb(c, i, &f, m.verb);
        return st_verb_args(c, i + 1, f);
    case C_TYPE:
        return st_after_type(c, i + 1, f, m.type);
    default:
        set_slot(c, i, R_FIELD);
        c->slots[i].attr = m.attr;
        return set_verb(c, i + 1, &f, show);
    }
}

/* ---- the words after a verb typed first (watch, dump) ---------------------------- */

/* The types `watch` follows (shell/zkcmd.c knows their ZooKeeper nodes). */
static const enum type_id watch_types[] = { T_BRIDGE, T_ROUTER, T_PORT, T_HOST, T_TUNNEL_ZONE,
                                            T_CHAIN, T_MIRROR, T_L2INSERTION, T_QOS_POLICY,
                                            T_CONTAINER, T_CONTAINER_GROUP };

/* watch's options, as attributes so that their values are checked like any. */
static const struct attr watch_attrs[] = {
    { .name = "count", .key = "count", .kind = K_INT, .min = 1, .max = INT_MAX,
      .help = "stop after this many events" },
    { .name = "timeout", .key = "timeout", .kind = K_INT, .min = 1, .max = INT_MAX,
      .help = "stop after this many seconds" },
    { .name = NULL },
};

/* watch [TYPE...] [count N] [timeout SECONDS], in any order. */
static bool st_watch(struct pctx *c, size_t i)
{
    for (size_t j = i; j < c->n; j++) {
        struct cands cs = CANDS_INIT;
        struct cand m;
        bool amb;

        for (size_t k = 0; k < ARRAY_SIZE(watch_types); k++)
            add_cand(&cs, C_TYPE, schema_type(watch_types[k]));
        for (const struct attr *a = watch_attrs; a->name; a++)
            add_cand(&cs, C_ATTR, a);
        m = match(c, j, &cs, true, &amb);
        if (j == c->probe || amb)
            return false;
        if (m.kind == C_NONE)
            return fail(c, j, "watch cannot follow '%s' (types: bridge router port host "
                        "tunnel-zone chain, and in MidoNet 5.x mirror l2insertion qos-policy "
                        "container container-group; count N; timeout SECONDS)", word_at(c, j));
        if (m.kind == C_TYPE) {
            set_slot(c, j, R_TYPE);
            c->slots[j].type = m.type;
            continue;
        }
        for (size_t k = i; k < j; k++)
            if (c->slots[k].role == R_ATTR && c->slots[k].attr == m.attr)
                return fail(c, j, "'%s' is given twice", m.attr->name);
        if (j + 1 >= c->n)
            return fail(c, WORD_NONE, "missing value for '%s'", m.attr->name);
        set_slot(c, j, R_ATTR);
        c->slots[j].attr = m.attr;
        if (!value(c, ++j, m.attr, false))
            return false;
    }
    return true;
}

/* dump's options, as attributes so that completion offers them. */
static const struct enum_value dump_dialects[] = {
    { "5", "5", "write MidoNet 5.x's words (a 1.9 port's BGP as its router's peers and networks)" },
    { "1.9", "1.9", "write MidoNet 1.9's words (a 1.9 server's own)" },
    { NULL, NULL, NULL },
};
static const struct attr dump_attrs[] = {
    { .name = "--keep-ids", .key = "keepIds", .kind = K_BOOL,
      .help = "create the objects with the ids they have now, where the API takes them" },
    { .name = "--for", .key = "for", .kind = K_ENUM, .values = dump_dialects,
      .help = "the MidoNet the script is for (5 or 1.9; the server's own when not given)" },
    { .name = NULL },
};

/* dump [--keep-ids] [--for 5|1.9] [TYPE REF...]: root objects, each a path of one step. */
static bool st_dump(struct pctx *c, size_t i)
{
    bool given[2] = { false, false };

    for (size_t j = i; j < c->n; j++) {
        struct cands cs = CANDS_INIT;
        struct cand m;
        bool amb;

        add_root_types(&cs, false);
        for (size_t k = 0; k < 2; k++)
            if (!given[k])
                add_cand(&cs, C_ATTR, &dump_attrs[k]);
        m = match(c, j, &cs, true, &amb);
        if (j == c->probe || amb)
            return false;
        if (m.kind == C_ATTR) {
            size_t k = m.attr == &dump_attrs[1];

            given[k] = true;
            set_slot(c, j, R_ARG);
            c->slots[j].text = dump_attrs[k].name;
            if (k == 1) {
                if (++j == c->probe) {
                    expect_at(c, EX_VALUE, j, NULL, m.attr);
                    return false;
                }
                if (j >= c->n)
                    return fail(c, WORD_NONE, "missing value for '--for' (5 or 1.9)");
                if (strcmp(word_at(c, j), "5") && strcmp(word_at(c, j), "1.9"))
                    return fail(c, j, "invalid value '%s' for '--for' (5 or 1.9)",
                                word_at(c, j));
                set_slot(c, j, R_ARG);
            }
            continue;
        }
        if (m.kind != C_TYPE || m.type->flags & (TF_SINGLETON | TF_NOCREATE) ||
            m.type->id == T_TRACE)
            return fail(c, j, "dump cannot follow '%s' (a router, bridge, chain, tunnel-zone, "
                        "port-group, ip-address-group, load-balancer, health-monitor or vtep "
                        "and its name; or --keep-ids, --for)", word_at(c, j));
        set_slot(c, j, R_TYPE);
        c->slots[j].type = m.type;
        if (++j == c->probe) {
            expect_at(c, EX_NAME, j, m.type, NULL);
            return false;
        }
        if (j >= c->n)
            return fail(c, WORD_NONE, "missing name after '%s'", m.type->name);
        set_slot(c, j, R_REF);
    }
    return true;
}

/* debug's argument, as an attribute so that completion offers its words. */
static const struct enum_value on_off[] = {
    { "on", "on", "print each request and reply on stderr" },
    { "off", "off", "stop printing them" },
    { NULL, NULL, NULL },
};
static const struct attr debug_attr = {
    .name = "debug", .key = "debug", .kind = K_ENUM, .values = on_off,
    .help = "print the API requests or not",
};

/* dry-run's argument, likewise. */
static const struct enum_value dry_on_off[] = {
    { "on", "on", "print the changes instead of making them" },
    { "off", "off", "make the changes again" },
    { NULL, NULL, NULL },
};
static const struct attr dryrun_attr = {
    .name = "dry-run", .key = "dry-run", .kind = K_ENUM, .values = dry_on_off,
    .help = "send changes or only print them",
};

static bool st_verb_first(struct pctx *c, size_t i, struct frame f)
{
    const struct attr *onoff = f.verb == VERB_DRYRUN ? &dryrun_attr : &debug_attr;

    switch (f.verb) {
    case VERB_HELP:
        if (i == c->probe) {
            struct cands cs = CANDS_INIT;

            add_verbs(&cs, V_START | V_PATH | V_COLL);
            add_root_types(&cs, true);
            match(c, i, &cs, false, NULL);
            return false;
        }
        for (size_t j = i; j < c->n; j++)
            set_slot(c, j, R_ARG);
        return true;
    case VERB_SETT:
        if (i == c->probe && schema_attr(schema_type(T_TENANT), "id")) {
            /* A tenant id: a value of the tenant's id attribute, for its help. */
            expect_at(c, EX_VALUE, i, NULL, schema_attr(schema_type(T_TENANT), "id"));
            return false;
        }
        if (i >= c->n)
            return fail(c, WORD_NONE, "missing tenant id after 'sett'");
        if (i + 1 < c->n)
            return fail(c, i + 1, "unexpected word '%s'", word_at(c, i + 1));
        set_slot(c, i, R_ARG);
        return true;
    case VERB_DEBUG:
    case VERB_DRYRUN:
        if (i == c->probe) {
            expect_at(c, EX_VALUE, i, NULL, onoff);
            return false;
        }
        if (i >= c->n)
            return fail(c, WORD_NONE, "missing 'on' or 'off' after '%s'", onoff->name);
        if (!schema_value_word(onoff, word_at(c, i), NULL))
            return fail(c, i, "'%s' takes 'on' or 'off', not '%s'", onoff->name,
                        word_at(c, i));
        if (i + 1 < c->n)
            return fail(c, i + 1, "unexpected word '%s'", word_at(c, i + 1));
        set_slot(c, i, R_ARG);
        c->slots[i].text = schema_value_word(onoff, word_at(c, i), NULL);
        return true;
    case VERB_CLEART:
    case VERB_EXIT:
    case VERB_ZK:
    case VERB_DOCTOR:
        return i == c->n || fail(c, i, "unexpected word '%s'", word_at(c, i));
    case VERB_WATCH:
        return st_watch(c, i);
    case VERB_DUMP:
        return st_dump(c, i);
    case VERB_GRAPH:
    case VERB_DESCRIBE:         /* describe alone: the top level, as midonet-cli's */
        if (i == c->n)
            return true;
        return st_type(c, i, f);
    default:
        return st_type(c, i, f);
    }
}

/* A command flag's bit, or 0 for any other word. */
static unsigned command_flag(const char *w)
{
    return !strcmp(w, "--may-exist") ? CMD_MAY_EXIST : !strcmp(w, "--if-exists")
        ? CMD_IF_EXISTS : 0;
}

/*
 * The flags must suit the verb: --may-exist creates, --if-exists deletes, sets, clears.
 * Checked once a reading has parsed, so the error replaces any other reading's.
 */
static bool check_flags(struct pctx *c, const struct command *cmd)
{
    for (size_t i = 0; i < c->n && c->slots[i].role == R_FLAG; i++) {
        unsigned f = command_flag(word_at(c, i));
        const char *msg = NULL;

        if (f == CMD_MAY_EXIST && cmd->verb != VERB_CREATE)
            msg = "'--may-exist' goes with create or add only";
        if (f == CMD_IF_EXISTS && cmd->verb != VERB_DELETE && cmd->verb != VERB_SET &&
            cmd->verb != VERB_CLEAR)
            msg = "'--if-exists' goes with delete, set or clear only";
        if (msg) {
            free(c->err);
            c->err = xstrdup(msg);
            c->err_word = i;
            c->err_rank = i;
            return false;
        }
    }
    return true;
}

static bool st_start(struct pctx *c)
{
    struct cands cs = CANDS_INIT;
    struct frame f = { .has_verb = false };
    struct cand m;
    const struct type *t;
    bool amb;

    size_t i = 0;

    if (!c->n)
        return fail(c, WORD_NONE, "empty command");
    while (i < c->n && i != c->probe && command_flag(word_at(c, i))) {
        set_slot(c, i, R_FLAG);
        i++;
    }
    if (i >= c->n)
        return fail(c, WORD_NONE, "missing command after '%s'", word_at(c, i - 1));
    if (c->probe != i && (t = misplaced_type(word_at(c, i))))
        return fail_not_here(c, i, t);
    add_verbs(&cs, V_START);
    add_root_types(&cs, false);
    m = match(c, i, &cs, true, &amb);
    if (amb)
        return false;
    if (m.kind == C_NONE) {
        t = schema_find_type(word_at(c, i), NULL);
        if (t)
            return fail_not_here(c, i, t);
        return fail(c, i, "unknown command '%s'%s", word_at(c, i), hint(c, i));
    }
    if (m.kind == C_TYPE)
        return st_after_type(c, i + 1, f, m.type);
    set_verb(c, i, &f, m.verb);
    return st_verb_first(c, i + 1, f);
}

/* ---- the command ----------------------------------------------------------------- */

static void push_value(struct value **v, size_t *n, size_t *alloc, const struct slot *s,
                       const struct slot *val, size_t word)
{
    ALLOC_GROW(*v, *n + 1, *alloc);
    (*v)[*n].attr = s->attr;
    (*v)[*n].text = val ? val->text : NULL;
    (*v)[*n].invert = val ? val->invert : false;
    (*v)[*n].last = val ? val->last : false;
    (*v)[*n].word = word;
    (*n)++;
}

static void build(const struct pctx *c, struct command *cmd)
{
    size_t path_alloc = 0, values_alloc = 0, filters_alloc = 0;
    struct strbuf topic = STRBUF_INIT;
    struct step *step = NULL;

    cmd->words = c->words;
    cmd->type_word = WORD_NONE;
    for (size_t i = 0; i < c->n; i++) {
        const struct slot *s = &c->slots[i];

        switch (s->role) {
        case R_VERB:
            cmd->verb = s->verb;
            break;
        case R_TYPE:
            ALLOC_GROW(cmd->path, cmd->npath + 1, path_alloc);
            step = &cmd->path[cmd->npath++];
            memset(step, 0, sizeof(*step));
            step->type = s->type;
            step->word = i;
            filters_alloc = 0;
            break;
        case R_REF:
            step->ref = word_at(c, i);
            break;
        case R_SEL_ATTR:
            push_value(&step->filters, &step->nfilters, &filters_alloc, s, &c->slots[i + 1], i);
            i++;
            break;
        case R_COLL:
            cmd->type = s->type;
            cmd->type_word = i;
            break;
        case R_ATTR:
            push_value(&cmd->values, &cmd->nvalues, &values_alloc, s, &c->slots[i + 1], i);
            i++;
            break;
        case R_CLEAR:
            push_value(&cmd->values, &cmd->nvalues, &values_alloc, s, NULL, i);
            break;
        case R_FIELD:
            cmd->field = s->attr;
            break;
        case R_ARG:
            if (topic.len)
                strbuf_addch(&topic, ' ');
            strbuf_addstr(&topic, s->text ? s->text : word_at(c, i));
            break;
        case R_FLAG:
            cmd->flags |= command_flag(word_at(c, i));
            break;
        case R_SEL_VALUE:
        case R_VALUE:
        case R_VPATH:
            break;
        }
    }
    if (cmd->verb == VERB_SETT) {
        cmd->arg = word_at(c, c->n - 1);
    } else if (cmd->verb == VERB_DEBUG || cmd->verb == VERB_DRYRUN) {
        cmd->arg = c->slots[c->n - 1].text;
    } else if (topic.len) {
        cmd->arg_buf = strbuf_detach(&topic);
        cmd->arg = cmd->arg_buf;
    }
    strbuf_release(&topic);
}

/* The value of v, if the same value list gives the attribute named name, else NULL. */
static const struct value *value_named(const struct value *v, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(v[k].attr->name, name))
            return &v[k];
    return NULL;
}

/*
 * What the line as a whole must satisfy once a reading is chosen: a word "last" only
 * where something is created (pos last), and an address inside the network given with
 * it (A_CREATE_ONLY both, for router ports: so the line is the only place they meet,
 * and checking it here refuses the command before anything is sent, also in a script's
 * whole-file check). Returns 0, or -1 with err filled.
 */
static int check_line(const struct command *cmd, struct parse_error *err)
{
    struct strbuf sb = STRBUF_INIT;
    size_t word = WORD_NONE;

    for (size_t s = 0; s < cmd->npath && word == WORD_NONE; s++)
        for (size_t k = 0; k < cmd->path[s].nfilters && word == WORD_NONE; k++)
            if (cmd->path[s].filters[k].last)
                word = cmd->path[s].filters[k].word + 1;
    for (size_t k = 0; k < cmd->nvalues && word == WORD_NONE; k++)
        if (cmd->values[k].last && cmd->verb != VERB_CREATE)
            word = cmd->values[k].word + 1;
    if (word != WORD_NONE) {
        strbuf_addf(&sb, "'%s' is a position for a new object: only 'create' takes it",
                    cmd->words->v[word].text);
    }
    for (size_t k = 0; k < cmd->nvalues && word == WORD_NONE; k++) {
        const struct value *v = &cmd->values[k], *net;

        if (cmd->verb == VERB_LIST || !v->attr->within || !v->text ||
            !(net = value_named(cmd->values, cmd->nvalues, v->attr->within)))
            continue;
        if (schema_check_within(v->attr, v->text, net->attr, net->text, &sb) < 0)
            word = v->word + 1;
    }
    if (word == WORD_NONE) {
        strbuf_release(&sb);
        return 0;
    }
    err->message = strbuf_detach(&sb);
    err->word = word;
    return -1;
}

int parse_command(const struct word_list *words, struct command *cmd, struct parse_error *err)
{
    struct pctx c = { .words = words, .n = words->n, .probe = WORD_NONE };
    int ret = -1;

    memset(cmd, 0, sizeof(*cmd));
    memset(err, 0, sizeof(*err));
    c.slots = xcalloc(c.n ? c.n : 1, sizeof(*c.slots));
    if (st_start(&c)) {
        build(&c, cmd);
        if (!check_flags(&c, cmd))
            command_release(cmd);
    }
    if (cmd->words) {
        cmd->owned = c.owned;
        cmd->nowned = c.nowned;
        c.owned = NULL;
        c.nowned = 0;
        ret = 0;
        if (check_line(cmd, err) < 0) {
            command_release(cmd);
            ret = -1;
        }
    } else {
        err->message = c.err ? c.err : xstrdup("syntax error");
        err->word = c.err ? c.err_word : WORD_NONE;
        c.err = NULL;
    }
    for (size_t k = 0; k < c.nowned; k++)
        free(c.owned[k]);
    free(c.owned);
    free(c.err);
    free(c.hint);
    free(c.slots);
    return ret;
}

void command_release(struct command *cmd)
{
    for (size_t i = 0; i < cmd->npath; i++)
        free(cmd->path[i].filters);
    free(cmd->path);
    free(cmd->values);
    free(cmd->arg_buf);
    for (size_t k = 0; k < cmd->nowned; k++)
        free(cmd->owned[k]);
    free(cmd->owned);
    memset(cmd, 0, sizeof(*cmd));
}

void parse_error_release(struct parse_error *err)
{
    free(err->message);
    err->message = NULL;
}

void parse_expect(const struct word_list *words, size_t k, expect_fn *fn, void *ctx)
{
    struct pctx c = { .words = words, .n = k + 1, .probe = k, .expect = fn, .expect_ctx = ctx };

    c.slots = xcalloc(c.n, sizeof(*c.slots));
    st_start(&c);
    for (size_t o = 0; o < c.nowned; o++)
        free(c.owned[o]);
    free(c.owned);
    free(c.err);
    free(c.hint);
    free(c.slots);
}
