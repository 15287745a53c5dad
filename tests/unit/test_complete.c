#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/complete.h"
#include "tests/unit/unit.h"

/*
 * A names callback standing in for the shell's cache: every collection holds the
 * objects "TYPE-a", "TYPE-b" and "TYPE x" (a name with a blank), TYPE being the type
 * asked for (or the referenced type, for a value). Each question is recorded as
 * "t=TYPE a=ATTR path=TYPE:REF/..." in asked.
 */
static struct strbuf asked = STRBUF_INIT;

static void fake_names(void *ctx, const struct step *path, size_t npath, const struct type *t,
                       const struct attr *a, char ***names, size_t *n)
{
    bool ref = a && (a->kind == K_REF || a->kind == K_REF_LIST);
    const char *tn = ref ? schema_type(a->ref)->name : a ? a->name : t->name;
    size_t alloc = *n;

    (void)ctx;
    strbuf_addf(&asked, "%st=%s a=%s path=", asked.len ? "; " : "", t ? t->name : "-",
                a ? a->name : "-");
    for (size_t i = 0; i < npath; i++)
        strbuf_addf(&asked, "%s:%s/", path[i].type->name, path[i].ref ? path[i].ref : "()");
    ALLOC_GROW(*names, *n + 3, alloc);
    (*names)[(*n)++] = xasprintf("%s-a", tn);
    (*names)[(*n)++] = xasprintf("%s-b", tn);
    (*names)[(*n)++] = xasprintf("%s x", tn);
}

/* The insertable candidates for the cursor at the end of line, joined by ' '. */
static char *words(const char *line)
{
    struct completion c;
    struct strbuf out = STRBUF_INIT;

    strbuf_reset(&asked);
    complete_line(line, strlen(line), fake_names, NULL, &c);
    for (size_t i = 0; i < c.n; i++) {
        if (c.v[i].kind == CK_PLACEHOLDER)
            continue;
        if (out.len)
            strbuf_addch(&out, ' ');
        strbuf_addstr(&out, c.v[i].word);
    }
    completion_release(&c);
    return strbuf_detach(&out);
}

/* What `?` lists: every candidate with its help, "WORD: help" joined by " | ". */
static char *described(const char *line)
{
    struct completion c;
    struct strbuf out = STRBUF_INIT;

    complete_line(line, strlen(line), NULL, NULL, &c);
    for (size_t i = 0; i < c.n; i++)
        strbuf_addf(&out, "%s%s: %s", i ? " | " : "", c.v[i].word, c.v[i].help ? c.v[i].help : "");
    if (c.runnable)
        strbuf_addstr(&out, " | <cr>");
    completion_release(&c);
    return strbuf_detach(&out);
}

/* The line after pressing TAB once with a single candidate (or the common prefix). */
static char *tab(const char *line)
{
    struct completion c;
    struct strbuf out = STRBUF_INIT;
    char *common;

    complete_line(line, strlen(line), fake_names, NULL, &c);
    strbuf_add(&out, line, c.start);
    if (completion_words(&c) == 1) {
        for (size_t i = 0; i < c.n; i++)
            if (c.v[i].kind != CK_PLACEHOLDER)
                completion_text(&c, c.v[i].word, true, &out);
    } else {
        common = completion_common(&c);
        completion_text(&c, common, false, &out);
        free(common);
    }
    completion_release(&c);
    return strbuf_detach(&out);
}

static const struct {
    const char *line, *want;
} cases[] = {
    /* verbs and root types first */
    { "",
      "add bridge chain clear cleart container container-group create debug delete describe doctor "
      "dry-run dump exit graph health-monitor help host host-versions ip-address-group l2insertion "
      "list load-balancer mirror pool port port-group qos-policy quit router set sett show "
      "system-state "
      "tenant tracerequest tunnel-zone vip vtep watch write-version zk" },
    { "li", "list" },
    { "s", "set sett show system-state" },
    { "list br", "bridge" },
    /* nothing inside a comment */
    { "host #", "" },
    { "list bridge # a b", "" },
    /* an exact type name is no prefix of another where it cannot be ("route") */
    { "list route", "router" },
    { "list bridge; sh", "show" },
    /* object names in object positions, with the scope of the path */
    { "show bridge ", "bridge x bridge-a bridge-b" },
    { "show bridge bridge-", "bridge-a bridge-b" },
    { "bridge bridge-a port ", "add create describe list port x port-a port-b" },
    /* attributes: list filters, create and set assignments, clear */
    { "list bridge ", "bridge x bridge-a bridge-b id in-mirrors infilter name out-mirrors "
                      "outfilter qos-policy state tenant vxlan-ports" },
    { "create bridge name x ",
      "id in-mirrors infilter out-mirrors outfilter qos-policy state tenant" },
    { "bridge b set ", "arp-table dhcp in-mirrors infilter mac-table name out-mirrors outfilter "
                       "port qos-policy state tenant" },
    { "bridge b set name x ", "in-mirrors infilter out-mirrors outfilter qos-policy state tenant" },
    { "bridge b clear ", "arp-table dhcp in-mirrors infilter mac-table out-mirrors outfilter "
                         "port qos-policy" },
    { "bridge b clear infilter ", "in-mirrors out-mirrors outfilter qos-policy" },
    { "bridge b ",
      "add arp-table clear create delete describe dhcp graph list mac-table port set show" },
    { "bridge b name ", "show" },
    { "show bridge b ", "arp-table dhcp id in-mirrors infilter mac-table name out-mirrors "
                        "outfilter port qos-policy state tenant vxlan-ports" },
    /* enum and boolean values */
    { "create tunnel-zone name tz type ", "gre vtep vxlan" },
    { "create tunnel-zone name tz type v", "vtep vxlan" },
    { "bridge b set state ", "down up" },
    { "router r add route type ", "blackhole local normal reject" },
    /* references in value positions */
    { "tunnel-zone tz add member host ", "host x host-a host-b" },
    { "tunnel-zone tz member host ", "host x host-a host-b" },
    { "bridge b set infilter ", "chain x chain-a chain-b" },
    /* the names and keys objects have, where a value is matched: list filters, selectors */
    { "list bridge name ", "name x name-a name-b" },
    { "bridge name ",
      "add arp-table clear create delete describe dhcp graph list mac-table name x name-a name-b "
      "port set show" },
    { "router r port address 10", "" },
    { "router r port address ",
      "add address x address-a address-b bgp clear create delete describe graph list "
      "remote-peer set show" },
    { "create bridge name ", "" },
    { "bridge b set name ", "" },
    { "list bridge state ", "down up" },
    /* routes have no PUT: nothing may be set */
    { "router r route x set ", "" },
    /* help topics; nothing after words that take none */
    { "help tu", "tunnel-zone" },
    /* command flags once a word starts with '-'; after one, only the verbs it goes with */
    { "-", "--if-exists --may-exist" },
    { "--m", "--may-exist" },
    { "--may-exist c", "chain container container-group create" },
    { "--if-exists c", "chain clear container container-group" },
    { "--may-exist bridge b l", "" },
    { "--if-exists bridge b ", "arp-table clear delete dhcp mac-table port set" },
    { "exit ", "" },
    { "frob ", "" },
};

static void test_table(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *got = words(cases[i].line);

        unit_begin("words '%s'", cases[i].line);
        CHECK_STR(got, cases[i].want);
        unit_end();
        free(got);
    }
}

/* A value of one dialect is offered by that dialect's server only (and while unknown). */
static void test_dialect_values(void)
{
    static const struct {
        unsigned dialect;
        const char *line, *want;
    } rows[] = {
        { D_19, "chain c add rule type r", "reject return rev_dnat rev_snat" },
        { D_5, "chain c add rule type r", "redirect reject return rev_dnat rev_snat" },
        { 0, "chain c add rule type r", "redirect reject return rev_dnat rev_snat" },
        { D_19, "chain c add rule type accept action ", "accept continue return" },
        { D_5, "chain c add rule type accept action ", "accept continue redirect return" },
        { D_19, "router r add route type ", "blackhole normal reject" },
        { D_5, "router r add route type ", "blackhole local normal reject" },
        { D_5, "host h set container-limit ", "no-limit" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
        char *got;

        schema_set_dialect(rows[i].dialect);
        got = words(rows[i].line);
        unit_begin("words '%s' (%s)", rows[i].line, schema_dialect_name(rows[i].dialect));
        CHECK_STR(got, rows[i].want);
        unit_end();
        free(got);
    }
    schema_set_dialect(0);
}

/* Names and references are asked of the callback with the right scope, once. */
static void test_scope(void)
{
    static const struct { const char *line, *asked; } rows[] = {
        { "bridge b1 port ", "t=port a=- path=bridge:b1/" },
        { "router r1 add route dst 0.0.0.0/0 port ", "t=route a=port path=router:r1/" },
        { "router r1 route 5c4a set weight 1 port ", "" },
        { "tunnel-zone tz member host ", "t=member a=host path=tunnel-zone:tz/" },
        { "show bridge ", "t=bridge a=- path=" },
        { "list bridge b1 port p1 ", "" },
        { "list bridge b1 port vlan ", "" },
        { "router r1 port address ", "t=port a=address path=router:r1/" },
        /* a member's address: the addresses of the host the line names */
        { "tunnel-zone tz add member host h1 address ", "t=member a=address path=host:h1/" },
        { "tunnel-zone tz add member address ", "t=member a=address path=tunnel-zone:tz/" },
        { "bridge b1 list port device ", "t=port a=device path=bridge:b1/" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
        unit_begin("scope of '%s'", rows[i].line);
        free(words(rows[i].line));
        CHECK_STR(asked.buf, rows[i].asked);
        unit_end();
    }
}

static void test_insert(void)
{
    char *s;

    CHECK_STR(s = tab("li"), "list "); free(s);
    CHECK_STR(s = tab("list bri"), "list bridge "); free(s);
    CHECK_STR(s = tab("show bridge bridge-"), "show bridge bridge-"); free(s);
    CHECK_STR(s = tab("show bridge bridge-a"), "show bridge bridge-a "); free(s);
    /* names that need quotes come back quoted, in the quote the user opened */
    CHECK_STR(s = tab("show bridge \"bridge "), "show bridge \"bridge x\" "); free(s);
    CHECK_STR(s = tab("show bridge 'bridge "), "show bridge 'bridge x' "); free(s);
    CHECK_STR(s = tab("show bridge bridge\\ "), "show bridge 'bridge x' "); free(s);
    /* an invertible value keeps its '!'; a list completes after its last comma */
    CHECK_STR(s = tab("tunnel-zone tz add member host host-"),
              "tunnel-zone tz add member host host-");
    free(s);
    CHECK_STR(s = tab("create tunnel-zone name tz type g"), "create tunnel-zone name tz type gre ");
    free(s);
    CHECK_STR(s = tab("bridge b set state u"), "bridge b set state up "); free(s);
}

static void test_quote_text(void)
{
    struct completion c;
    struct strbuf out = STRBUF_INIT;

    complete_line("show bridge ", 12, NULL, NULL, &c);
    completion_text(&c, "it's", true, &out);
    CHECK_STR(out.buf, "\"it's\" ");
    strbuf_reset(&out);
    completion_text(&c, "a b", false, &out);
    CHECK_STR(out.buf, "'a b");
    completion_release(&c);
    complete_line("show bridge 'x", 14, NULL, NULL, &c);
    CHECK(c.in_quote);
    CHECK_INT(c.quote, '\'');
    CHECK_INT(c.start, 12);
    CHECK_STR(c.prefix, "x");
    strbuf_reset(&out);
    completion_text(&c, "x'y", true, &out);
    CHECK_STR(out.buf, "'x'\\''y' ");
    completion_release(&c);
    strbuf_release(&out);
}

/* The cursor may be anywhere: only the text before it counts. */
static void test_cursor(void)
{
    struct completion c;
    const char *line = "list br name x";

    complete_line(line, 7, NULL, NULL, &c);
    CHECK_INT(c.start, 5);
    CHECK_INT(c.end, 7);
    CHECK_STR(c.prefix, "br");
    CHECK_INT(c.n, 1);
    CHECK_STR(c.v[0].word, "bridge");
    completion_release(&c);
}

static void test_help(void)
{
    char *s;

    CHECK_STR(s = described("create tunnel-zone name tz type "),
              "gre: GRE tunnels between midolman hosts | vtep: VXLAN tunnels to hardware VTEPs | "
              "vxlan: VXLAN tunnels between midolman hosts");
    free(s);
    CHECK_STR(s = described("list bridge name "), "TEXT: the bridge's name");
    free(s);
    s = described("list bridge ");
    CHECK(strstr(s, "BRIDGE: the name, id or id prefix of a bridge"));
    CHECK(strstr(s, "name: the bridge's name"));
    CHECK(ends_with(s, " | <cr>"));
    free(s);
    s = described("bridge b set vlan");
    CHECK_STR(s, "");
    free(s);
    /* a synonym has the help of the verb it stands for */
    s = described("ad");
    CHECK(starts_with(s, "add: create an object"));
    free(s);
    s = described("router r set port x address ");
    free(s);
    s = described("router r add port address ");
    CHECK(starts_with(s, "A.B.C.D: "));
    free(s);
}

/*
 * Every word of every example in `help` is offered at its place: as a keyword, or
 * under a placeholder (a name or a free value). So completion and the parser agree.
 */
static void test_examples(void)
{
    for (const struct verb_info *v = parser_verbs(); v->word; v++) {
        const char *ex = v->examples;

        while (ex && *ex) {
            size_t len = strcspn(ex, "\n");
            char *line = xstrndup(ex, len);
            struct lex_result lr = { 0 };

            lex(line, &lr);
            for (size_t k = 0; lr.ncmds && k < lr.cmds[0].n; k++) {
                const struct word *w = &lr.cmds[0].v[k];
                struct completion c;
                bool found = false;

                complete_line(line, w->offset + w->length, NULL, NULL, &c);
                for (size_t i = 0; i < c.n && !found; i++)
                    found = c.v[i].kind == CK_PLACEHOLDER || !strcmp(c.v[i].word, w->text);
                unit_begin("example '%s' word %zu", line, k);
                CHECK_MSG(found, "'%s' not offered", w->text);
                unit_end();
                completion_release(&c);
            }
            lex_result_release(&lr);
            free(line);
            ex += len + (ex[len] == '\n');
        }
    }
}

/* ---- random lines ---------------------------------------------------------------- */

#define SEED 0x2545f4914f6cdd1du

static uint64_t rng = SEED;

static unsigned next(unsigned bound)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % bound);
}

/* Names that need every kind of quoting. */
static const char *const odd_names[] = {
    "plain", "a b", "it's", "say \"hi\"", "#hash", "semi;colon", "back\\slash", "tab\tname",
    "\xc3\xbc" "n\xc3\xaf" "c\xc3\xb6" "de", "!bang", "a,b",
};

static void odd_names_fn(void *ctx, const struct step *path, size_t npath, const struct type *t,
                         const struct attr *a, char ***names, size_t *n)
{
    size_t alloc = *n;

    (void)ctx, (void)path, (void)npath, (void)t, (void)a;
    for (size_t i = 0; i < ARRAY_SIZE(odd_names); i++) {
        ALLOC_GROW(*names, *n + 1, alloc);
        (*names)[(*n)++] = xstrdup(odd_names[i]);
    }
}

/* Every keyword of the tables, and some quoting and garbage. */
static void vocabulary(const char ***v, size_t *n)
{
    static const char *const extra[] = {
        "'", "\"", "\\", ";", "#", "!", "'a b'", "\"x", "10.0.0.1", "a,", "\xff", "",
    };
    size_t alloc = 0;

    for (const struct verb_info *vi = parser_verbs(); vi->word; vi++) {
        ALLOC_GROW(*v, *n + 1, alloc);
        (*v)[(*n)++] = vi->word;
    }
    for (enum type_id id = 0; id < T_COUNT; id++) {
        const struct type *t = schema_type(id);

        ALLOC_GROW(*v, *n + 1, alloc);
        (*v)[(*n)++] = t->name;
        for (const struct attr *a = t->attrs; a->name; a++) {
            const struct enum_value *w = schema_value_keywords(a);

            ALLOC_GROW(*v, *n + 1, alloc);
            (*v)[(*n)++] = a->name;
            for (; w && w->word; w++) {
                ALLOC_GROW(*v, *n + 1, alloc);
                (*v)[(*n)++] = w->word;
            }
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(extra); i++) {
        ALLOC_GROW(*v, *n + 1, alloc);
        (*v)[(*n)++] = extra[i];
    }
}

/* A word the connected server's dialect has not, which completion must never offer. */
static bool foreign_word(const char *word)
{
    static const char *const only19[] = { "write-version", "host-versions", "local-AS" };
    static const char *const only5[] = { "l2-transform", "bgp-peer", "mirror", "qos-policy",
                                         "local-redirect-chain", "match-nw-dst-rewritten",
                                         "remote-peer" };
    const char *const *v = schema_dialect() == D_19 ? only5 : only19;
    size_t n = schema_dialect() == D_19 ? ARRAY_SIZE(only5) : ARRAY_SIZE(only19);

    for (size_t i = 0; schema_dialect() && i < n; i++)
        if (!strcmp(word, v[i]))
            return true;
    return false;
}

/*
 * Random lines, completed at every byte: nothing crashes, every candidate starts with
 * the word typed, and putting one in as TAB does gives back that very word. Run with
 * the dialect unknown, then as for each dialect's server (which offers its words only).
 */
static void test_random(void)
{
    const char **vocab = NULL;
    size_t nvocab = 0, checked = 0;
    struct strbuf line = STRBUF_INIT, text = STRBUF_INIT;

    vocabulary(&vocab, &nvocab);
    for (int round = 0; round < 400; round++) {
        unsigned words = 1 + next(8);

        strbuf_reset(&line);
        for (unsigned i = 0; i < words; i++) {
            if (i)
                strbuf_addch(&line, ' ');
            strbuf_addstr(&line, vocab[next((unsigned)nvocab)]);
        }
        for (size_t cur = 0; cur <= line.len; cur++) {
            struct completion c;

            complete_line(line.buf, cur, odd_names_fn, NULL, &c);
            for (size_t i = 0; i < c.n; i++) {
                struct lex_result lr = { 0 };
                const struct word_list *last;

                if (c.v[i].kind == CK_PLACEHOLDER)
                    continue;
                if (!CHECK_MSG(starts_with(c.v[i].word, c.prefix), "'%s' offered for '%s' in '%s'",
                               c.v[i].word, c.prefix, line.buf))
                    break;
                CHECK_MSG(!foreign_word(c.v[i].word), "'%s' offered to a %s server in '%s'",
                          c.v[i].word, schema_dialect_name(schema_dialect()), line.buf);
                strbuf_reset(&text);
                strbuf_add(&text, line.buf, c.start);
                completion_text(&c, c.v[i].word, true, &text);
                if (lex(text.buf, &lr) == LEX_OK && lr.ncmds) {
                    last = &lr.cmds[lr.ncmds - 1];
                    CHECK_MSG(last->n && !strcmp(last->v[last->n - 1].text, c.v[i].word),
                              "inserting '%s' into '%.*s' gives '%s'", c.v[i].word, (int)cur,
                              line.buf, text.buf);
                    checked++;
                }
                lex_result_release(&lr);
            }
            completion_release(&c);
        }
    }
    CHECK(checked > 1000);
    free(vocab);
    strbuf_release(&line);
    strbuf_release(&text);
}

int main(void)
{
    unit_run("complete table", test_table);
    unit_run("complete values by dialect", test_dialect_values);
    unit_run("complete scope", test_scope);
    unit_run("complete insert", test_insert);
    unit_run("complete quote text", test_quote_text);
    unit_run("complete cursor", test_cursor);
    unit_run("complete help", test_help);
    unit_run("complete random lines", test_random);
    rng = SEED;
    schema_set_dialect(D_19);
    unit_run("complete random lines (1.9)", test_random);
    rng = SEED;
    schema_set_dialect(D_5);
    unit_run("complete random lines (5.x)", test_random);
    schema_set_dialect(0);
    test_examples();
    strbuf_release(&asked);
    return unit_done();
}
