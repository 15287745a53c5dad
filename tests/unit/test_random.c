/*
 * Random input for the lexer, the parser, value conversion and help: a fixed seed, a
 * bounded number of lines of keywords, names, quotes and garbage. Nothing may crash or
 * leak (run it under the sanitizers), and what the parser accepts the schema must
 * convert. It runs with the dialect unknown, then as for a 1.9 server and a 5.x one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/help.h"
#include "parser/parser.h"
#include "tests/unit/unit.h"

#define LINES 20000

#define SEED 0x9e3779b97f4a7c15u

static uint64_t rng = SEED;

static unsigned next(unsigned bound)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % bound);
}

static const char *const pieces[] = {
    "list", "show", "create", "add", "set", "clear", "delete", "describe", "help", "sett", "cleart",
    "exit", "quit", "l", "s", "sh", "cr", "del", "de", "desc",
    "tenant", "router", "bridge", "port", "route", "host", "interface", "binding", "tunnel-zone",
    "member", "chain", "system-state", "write-version", "host-versions", "b", "r", "p", "t", "tu",
    "h",
    "name", "state", "infilter", "outfilter", "tenant", "id", "i", "n", "peer", "vlan", "mac",
    "address", "net", "device", "plugged", "type", "src", "dst", "gw", "weight", "learned", "alive",
    "addresses", "flooding-proxy-weight", "iface", "host_id", "zone", "availability", "version",
    "up", "down", "yes", "no", "true", "false", "normal", "blackhole", "reject", "gre", "vxlan",
    "vtep",
    "10.0.0.1", "10.0.0.0/24", "1.2.3", "256.0.0.1", "0.0.0.0/0", "ac:ca:ba:00:00:01", "80-90",
    "4095", "4096", "-1", "demo", "b1", "r1", "tz", "h1", "eth0", "5c4a7d1e",
    "'my br'", "\"a \\\" b\"", "'", "\"", "\\", ";", ";;", "#", "# c", "!", "!x", "''", "\\\n",
    "\n",
    "\t", "a#b", "\xff", "\xc3\xa9t\xc3\xa9",
    /* MidoNet 5.x's words (and 1.9's that 5.x has not) */
    "bgp-peer", "bgp-network", "mirror", "l2insertion", "qos-policy", "bw-limit-rule",
    "dscp-rule", "container", "container-group", "rule", "bgp", "asn", "as-number", "to-port",
    "in-mirrors", "out-mirrors", "qos-policy", "srv-port", "fail-open", "max-kbps", "dscp-mark",
    "l2-transform", "redirect", "action", "target-port", "ingress", "pop-vlan", "push-vlan",
    "inverted", "in-port-group", "out-port-group", "no-vlan", "icmp-data-src", "icmp-data-dst",
    "match-nw-dst-rewritten", "local-redirect-chain", "forward-chain", "vni", "vxlan-off-ramp",
    "bgp-status", "container-limit", "no-limit", "local", "addresses", "10.0.0.1/24,fd00::1/64",
    "description", "enabled", "policy", "least", "port-group", "local-AS", "peer-AS",
};

static void random_line(struct strbuf *line)
{
    unsigned n = next(14);

    strbuf_reset(line);
    for (unsigned i = 0; i < n; i++) {
        unsigned kind = next(20);

        if (i)
            strbuf_addch(line, next(8) ? ' ' : '\t');
        if (kind < 16) {
            strbuf_addstr(line, pieces[next(ARRAY_SIZE(pieces))]);
        } else if (kind < 19) {
            unsigned len = 1 + next(12);

            for (unsigned k = 0; k < len; k++)
                strbuf_addch(line, (char)(1 + next(255)));
        } else {
            unsigned len = 100 + next(3000);

            for (unsigned k = 0; k < len; k++)
                strbuf_addch(line, (char)('a' + next(26)));
        }
    }
}

static unsigned parsed, refused;

/* What the parser accepted converts to JSON and formats back. */
static void check_values(const struct value *v, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
        json_t *obj = json_object();

        if (v[k].text) {
            CHECK_MSG(schema_to_json(v[k].attr, v[k].text, v[k].invert, obj, &err) == 0,
                      "accepted '%s' for %s, but: %s", v[k].text, v[k].attr->name, err.buf);
            CHECK_MSG(schema_format_value(v[k].attr, obj, &out) || v[k].attr->kind == K_STR_LIST ||
                      v[k].attr->kind == K_REF_LIST || v[k].attr->kind == K_INET_LIST,
                      "'%s' for %s does not format", v[k].text, v[k].attr->name);
        } else {
            schema_clear_json(v[k].attr, obj);
            CHECK(!schema_format_value(v[k].attr, obj, &out));
        }
        json_decref(obj);
        strbuf_release(&err);
        strbuf_release(&out);
    }
}

static void check_command(const struct word_list *words, const struct command *cmd)
{
    struct strbuf out = STRBUF_INIT;

    parsed++;
    CHECK(cmd->words == words);
    for (size_t i = 0; i < cmd->npath; i++) {
        CHECK(cmd->path[i].type && cmd->path[i].word < words->n);
        check_values(cmd->path[i].filters, cmd->path[i].nfilters);
    }
    check_values(cmd->values, cmd->nvalues);
    CHECK(cmd->type_word == WORD_NONE || cmd->type_word < words->n);
    if (cmd->verb == VERB_HELP)
        help_write(cmd->arg, &out);
    if (cmd->verb == VERB_DESCRIBE && !cmd->type && !cmd->npath)
        describe_root(&out);    /* describe alone */
    else if (cmd->verb == VERB_DESCRIBE)
        describe_type(cmd->type ? cmd->type : cmd->path[cmd->npath - 1].type, &out);
    if (cmd->verb == VERB_SHOW || cmd->verb == VERB_SET || cmd->verb == VERB_CLEAR ||
        cmd->verb == VERB_DELETE)
        CHECK(cmd->npath > 0 && !cmd->type);
    if (cmd->verb == VERB_LIST || cmd->verb == VERB_CREATE)
        CHECK(cmd->type != NULL);
    strbuf_release(&out);
}

static void check_error(const struct word_list *words, const struct parse_error *err)
{
    const char *m = err->message;

    refused++;
    if (!CHECK(m && *m))
        return;
    CHECK_MSG(err->word == WORD_NONE || err->word < words->n, "error word %zu of %zu", err->word,
              words->n);
    CHECK_MSG(m[strlen(m) - 1] != '.', "message ends with a period: %s", m);
    CHECK_MSG(!(m[0] >= 'A' && m[0] <= 'Z'), "message starts in upper case: %s", m);
}

/* Parse the command, and each of its prefixes as completion will. */
static void parse_all_prefixes(const struct word_list *words)
{
    struct word_list prefix = *words;

    for (size_t n = words->n + 1; n-- > 0;) {
        struct command cmd;
        struct parse_error err;

        prefix.n = n;
        if (parse_command(&prefix, &cmd, &err) == 0) {
            check_command(&prefix, &cmd);
            command_release(&cmd);
        } else {
            check_error(&prefix, &err);
            parse_error_release(&err);
        }
    }
}

static void test_random_lines(void)
{
    struct strbuf line = STRBUF_INIT, q = STRBUF_INIT;

    for (int i = 0; i < LINES; i++) {
        struct lex_result r = { 0 };
        enum lex_status st;

        random_line(&line);
        st = lex(line.buf, &r);
        CHECK(st == LEX_OK || r.message);
        CHECK(r.error_offset <= line.len && r.last_cmd_offset <= line.len);
        for (size_t k = 0; k < r.ncmds; k++) {
            const struct word_list *w = &r.cmds[k];

            CHECK(w->n > 0);
            for (size_t j = 0; j < w->n; j++) {
                CHECK(w->v[j].offset + w->v[j].length <= line.len);
                strbuf_reset(&q);
                lex_quote(&q, w->v[j].text);
            }
            parse_all_prefixes(w);
        }
        lex_result_release(&r);
    }
    /* The generator is useful only if both outcomes are common. */
    CHECK_MSG(parsed > 1000 && refused > 1000, "%u parsed, %u refused", parsed, refused);
    strbuf_release(&line);
    strbuf_release(&q);
}

/* The third word's stride in test_all_short_sequences (a third of the words by default). */
static size_t third_stride;

/* Every word sequence of up to three vocabulary words. */
static void test_all_short_sequences(void)
{
    struct word v[3];
    struct word_list words = { .v = v };
    size_t n = ARRAY_SIZE(pieces);

    memset(v, 0, sizeof(v));
    for (size_t a = 0; a < n; a++) {
        for (size_t b = 0; b < n; b++) {
            for (size_t c = 0; c < n; c += third_stride ? third_stride : n / 3) {
                v[0].text = (char *)pieces[a];
                v[1].text = (char *)pieces[b];
                v[2].text = (char *)pieces[(c + a + b) % n];
                words.n = 3;
                parse_all_prefixes(&words);
            }
        }
    }
}

int main(void)
{
    static const struct {
        unsigned dialect;
        const char *lines, *short_seqs;
    } runs[] = {
        { 0, "random: 20000 random lines through lexer, parser, values and help",
          "random: all short keyword sequences" },
        { D_19, "random (1.9): 20000 random lines", "random (1.9): all short keyword sequences" },
        { D_5, "random (5.x): 20000 random lines", "random (5.x): all short keyword sequences" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
        schema_set_dialect(runs[i].dialect);
        rng = SEED;
        parsed = refused = 0;
        third_stride = runs[i].dialect ? ARRAY_SIZE(pieces) : 0;    /* one third word */
        unit_run(runs[i].lines, test_random_lines);
        unit_run(runs[i].short_seqs, test_all_short_sequences);
    }
    schema_set_dialect(0);
    return unit_done();
}
