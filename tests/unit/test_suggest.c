#include <stdlib.h>
#include <string.h>

#include "parser/suggest.h"
#include "tests/unit/unit.h"

static void test_distance(void)
{
    static const struct { const char *a, *b; size_t max, want; } rows[] = {
        { "list", "list", 2, 0 },
        { "lsit", "list", 2, 1 },        /* a transposition is one edit */
        { "nmae", "name", 2, 1 },
        { "routr", "router", 2, 1 },     /* an insertion */
        { "brdge", "bridge", 2, 1 },
        { "bridgee", "bridge", 2, 1 },   /* a deletion */
        { "bridge", "brudge", 2, 1 },    /* a substitution */
        { "tunel-zon", "tunnel-zone", 2, 2 },
        { "", "abc", 5, 3 },
        { "abc", "", 5, 3 },
        { "ca", "abc", 5, 3 },           /* optimal string alignment: not 2 */
        { "kitten", "sitting", 5, 3 },
        /* Bounded: anything beyond max is max + 1. */
        { "kitten", "sitting", 2, 3 },
        { "kitten", "sitting", 0, 1 },
        { "a", "abcdefgh", 2, 3 },       /* the lengths alone are too far */
        { "xyzw", "list", 1, 2 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
        CHECK_MSG(edit_distance(rows[i].a, rows[i].b, rows[i].max) == rows[i].want,
                  "edit_distance('%s', '%s', %zu) = %zu, not %zu", rows[i].a, rows[i].b,
                  rows[i].max, edit_distance(rows[i].a, rows[i].b, rows[i].max), rows[i].want);
}

static void test_long_words(void)
{
    char a[SUGGEST_MAX_LEN + 2], b[SUGGEST_MAX_LEN + 2];

    memset(a, 'a', sizeof(a) - 1);
    a[sizeof(a) - 1] = '\0';
    memcpy(b, a, sizeof(b));
    CHECK(edit_distance(a, b, 2) == 3);                 /* too long to be compared */
    a[SUGGEST_MAX_LEN] = '\0';
    b[SUGGEST_MAX_LEN] = '\0';
    b[3] = 'b';
    CHECK(edit_distance(a, b, 2) == 1);                 /* the longest that is */
}

static void test_max_edits(void)
{
    CHECK_INT(suggest_max_edits(""), 0);
    CHECK_INT(suggest_max_edits("ab"), 0);
    CHECK_INT(suggest_max_edits("lst"), 1);
    CHECK_INT(suggest_max_edits("routr"), 1);
    CHECK_INT(suggest_max_edits("tunnel"), 2);
}

/* The text suggested for word among the keywords (NULL-terminated). */
static char *suggest(const char *word, const char *const *keywords)
{
    struct suggest s;
    struct strbuf out = STRBUF_INIT;

    suggest_init(&s, word);
    for (; *keywords; keywords++)
        suggest_try(&s, *keywords);
    suggest_text(&s, &out);
    return strbuf_detach(&out);
}

static void test_suggestions(void)
{
    static const char *const verbs[] = { "list", "show", "create", "add", "set", "clear",
                                         "delete", "describe", "help", "sett", "cleart", "exit",
                                         "quit", NULL };
    /* The types at the top level (a route is not one: "routr" is one edit from it too). */
    static const char *const types[] = { "bridge", "router", "port", "host", "port-group",
                                         "port", NULL };
    static const char *const dhcp[] = { "subnet", "gw", "server", "dns-servers", NULL };
    static const char *const port[] = { "address", "net", "mac", NULL };
    static const struct { const char *word; const char *const *kw; const char *want; } rows[] = {
        { "lsit", verbs, " (did you mean 'list'?)" },
        { "craete", verbs, " (did you mean 'create'?)" },
        { "ls", verbs, " (did you mean 'list'?)" },              /* an alias */
        { "rm", verbs, " (did you mean 'delete'?)" },
        { "frob", verbs, "" },
        { "x", verbs, "" },                                      /* too short to guess */
        { "", verbs, "" },
        { "routr", types, " (did you mean 'router'?)" },         /* not 'route': 2 edits */
        { "prot", types, " (did you mean 'port'?)" },            /* repeats count once */
        { "hots", types, " (did you mean 'host'?)" },
        { "net", dhcp, " (did you mean 'subnet'?)" },            /* DHCP's net is its subnet */
        { "subnet", port, " (did you mean 'net'?)" },
        { "sete", verbs, " (did you mean 'set' or 'sett'?)" },   /* a tie: both */
    };

    for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
        char *got = suggest(rows[i].word, rows[i].kw);

        CHECK_STR(got, rows[i].want);
        free(got);
    }
    CHECK_STR(suggest_alias("net", "subnet"), "subnet");
    CHECK(!suggest_alias("net", "gw"));
}

int main(void)
{
    unit_run("suggest: edit distance", test_distance);
    unit_run("suggest: long words", test_long_words);
    unit_run("suggest: how many edits a word may be from a keyword", test_max_edits);
    unit_run("suggest: did you mean", test_suggestions);
    return unit_done();
}
