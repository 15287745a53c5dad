#include <stdlib.h>
#include <string.h>

#include "parser/help.h"
#include "parser/parser.h"
#include "tests/unit/unit.h"

static char *help(const char *topic, int want_ret)
{
    struct strbuf out = STRBUF_INIT;

    CHECK_INT(help_write(topic, &out), want_ret);
    return strbuf_detach(&out);
}

static char *describe(enum type_id id)
{
    struct strbuf out = STRBUF_INIT;

    describe_type(schema_type(id), &out);
    return strbuf_detach(&out);
}

/* Does text hold a line equal to line once blanks are squeezed? */
static bool has_line(const char *text, const char *line)
{
    struct strbuf cur = STRBUF_INIT;
    bool found = false;

    for (const char *p = text; *p && !found; p++) {
        if (*p == '\n') {
            found = !strcmp(cur.buf, line);
            strbuf_reset(&cur);
        } else if (*p != ' ' || (cur.len && cur.buf[cur.len - 1] != ' ')) {
            if (*p != ' ' || cur.len)
                strbuf_addch(&cur, *p);
        }
    }
    strbuf_release(&cur);
    return found;
}

static void test_overview(void)
{
    char *text = help(NULL, 0);
    char *empty = help("", 0);

    CHECK_STR(empty, text);
    for (const struct verb_info *v = parser_verbs(); v->word; v++) {
        char *want = xasprintf("  %s ", v->word);

        CHECK_MSG(strstr(text, want), "no line for verb %s", v->word);
        free(want);
    }
    /* Every type's help starts in bridge's column, the longest name included. */
    const char *bridge = strstr(text, "\n  bridge ");
    int col = (int)strlen("  bridge");

    CHECK(bridge);
    while (bridge && bridge[1 + col] == ' ')
        col++;
    for (enum type_id id = 0; id < T_COUNT; id++) {
        const struct type *t = schema_type(id);
        char *want;

        /* A name is listed once, with its first type's help. */
        for (enum type_id j = 0; j < id; j++)
            if (!strcmp(schema_type(j)->name, t->name)) {
                t = schema_type(j);
                break;
            }
        /* What one dialect has is marked so (no dialect is known here). */
        if (schema_type_dialects(t) != D_ALL)
            want = xasprintf("\n  %-*s%s (MidoNet %s only)\n", col - 2, t->name, t->help,
                             schema_dialect_name(schema_type_dialects(t)));
        else
            want = xasprintf("\n  %-*s%s\n", col - 2, t->name, t->help);

        CHECK_MSG(strstr(text, want), "no line for type %s in column %d", t->name, col);
        free(want);
    }
    CHECK(has_line(text, "add the same as 'create'"));
    CHECK(has_line(text, "bridge a virtual L2 switch"));
    free(text);
    free(empty);
}

static void test_verbs(void)
{
    char *text = help("create", 0);
    char *abbrev = help("cr", 0);
    char *synonym = help("add", 0);

    CHECK(starts_with(text, "create: create an object"));
    CHECK(has_line(text, "usage:"));
    CHECK(has_line(text, "PATH TYPE create [ATTR VALUE...]"));
    CHECK(has_line(text, "examples:"));
    CHECK(has_line(text, "create bridge name demo"));
    CHECK(has_line(text, "'add' is the same verb"));
    CHECK_STR(abbrev, text);
    CHECK_STR(synonym, text);
    free(text);
    free(abbrev);
    free(synonym);
}

/* Every example of every verb parses. */
static void test_examples_parse(void)
{
    for (const struct verb_info *v = parser_verbs(); v->word; v++) {
        struct lex_result r = { 0 };

        if (!v->examples)
            continue;
        CHECK_INT(lex(v->examples, &r), LEX_OK);
        for (size_t k = 0; k < r.ncmds; k++) {
            struct command cmd;
            struct parse_error err;

            if (parse_command(&r.cmds[k], &cmd, &err) < 0) {
                CHECK_MSG(false, "example of %s (command %zu): %s", v->word, k, err.message);
                parse_error_release(&err);
                continue;
            }
            CHECK_MSG(cmd.verb == v->verb, "an example of %s is a %s", v->word,
                      verb_name(cmd.verb));
            command_release(&cmd);
        }
        lex_result_release(&r);
    }
}

static void test_types(void)
{
    char *bridge = help("bridge", 0);
    char *d = describe(T_BRIDGE);
    char *rp = help("router port", 0);
    char *drp = describe(T_ROUTER_PORT);

    CHECK_STR(bridge, d);
    CHECK_STR(rp, drp);
    CHECK(starts_with(d, "bridge: a virtual L2 switch\n"));
    CHECK(has_line(d, "found at the top level"));
    CHECK(has_line(d, "named by its name, its id or an id prefix of 4 or more digits"));
    CHECK(has_line(d, "object types under it:"));
    CHECK(has_line(d, "port a port of a bridge"));
    CHECK(has_line(d, "name string: the bridge's name"));
    CHECK(has_line(d, "state up|down: administrative state"));
    CHECK(has_line(d, "infilter chain, clearable: the chain that filters inbound traffic"));
    CHECK(has_line(d, "tenant string, hidden: the owning tenant (the session tenant by default)"));
    CHECK(has_line(d, "id string, read-only, hidden: the object's UUID"));

    CHECK(has_line(drp, "found under a router ('router NAME port')"));
    CHECK(has_line(drp, "named by its address, its id or an id prefix of 4 or more digits"));
    CHECK(has_line(
        drp, "address IPv4 address, required, create-only: the port's IPv4 address, in its net"));
    CHECK(
        has_line(drp, "net network a.b.c.d/n, required, create-only: the network the port is on"));
    CHECK(has_line(drp,
                   "peer port, clearable: the port linked to this one (set links, clear unlinks)"));
    free(bridge);
    free(d);
    free(rp);
    free(drp);
}

static void test_type_details(void)
{
    char *port = describe(T_PORT);
    char *route = describe(T_ROUTE);
    char *member = describe(T_TZ_MEMBER);
    char *host = describe(T_HOST);
    char *sys = describe(T_SYSTEM_STATE);

    CHECK(has_line(port, "each one is a bridge port or a router port, by its type"));
    CHECK(has_line(port, "cannot be created"));
    CHECK(has_line(route, "cannot be changed"));
    CHECK(has_line(route, "type normal|blackhole|reject|local: what the route does with matching "
                          "traffic (normal when not given, where midonet-cli sent none)"));
    CHECK(has_line(route, "local: to the router itself (5.x makes one per address of a router "
                          "port) (MidoNet 5.x only)"));
    CHECK(has_line(route, "blackhole: drop silently"));
    CHECK(has_line(route,
                   "weight integer 0-2147483647: the route's weight (not sent when not given: "
                   "the API stores 0)"));
    CHECK(has_line(member, "named by its host, or ATTR VALUE pairs"));
    CHECK(has_line(member, "found under a tunnel zone ('tunnel-zone NAME member')"));
    CHECK(has_line(host, "addresses address,..., read-only: the host's IP addresses"));
    CHECK(has_line(host, "flooding-proxy-weight integer 0-65535: the host's weight when choosing "
                         "the VTEP flooding proxy"));
    CHECK(has_line(host, "interface a network interface of a host"));
    CHECK(has_line(sys, "found at the top level, one of it"));
    CHECK(has_line(sys, "cannot be created, deleted"));
    free(port);
    free(route);
    free(member);
    free(host);
    free(sys);
}

/* Everything in the table is in some describe text. */
static void test_every_attribute_described(void)
{
    for (enum type_id id = 0; id < T_COUNT; id++) {
        char *d = describe(id);

        for (const struct attr *a = schema_type(id)->attrs; a->name; a++)
            CHECK_MSG(strstr(d, a->help), "%s %s: help missing", schema_type(id)->name, a->name);
        free(d);
    }
}

static void test_bad_topics(void)
{
    char *unknown = help("frob", -1);
    char *ambiguous = help("h", -1);
    char *child = help("bridge route", -1);

    CHECK_STR(unknown, "unknown help topic 'frob'");
    CHECK_STR(ambiguous, "ambiguous help topic 'h': help, host, health-monitor, host-versions");
    CHECK_STR(child, "unknown help topic 'bridge route'");
    free(unknown);
    free(ambiguous);
    free(child);
}

int main(void)
{
    unit_run("help: overview lists every verb and type", test_overview);
    unit_run("help: verbs, abbreviated verbs and synonyms", test_verbs);
    unit_run("help: every example parses as its verb", test_examples_parse);
    unit_run("help: types and describe", test_types);
    unit_run("help: type flags, variants, enum values, places", test_type_details);
    unit_run("help: every attribute is described", test_every_attribute_described);
    unit_run("help: unknown and ambiguous topics", test_bad_topics);
    return unit_done();
}
