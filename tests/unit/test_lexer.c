#include <stdlib.h>
#include <string.h>

#include "parser/lexer.h"
#include "tests/unit/unit.h"

/* The commands of a lex result as "w1|w2;w1" (words joined by '|', commands by ';'). */
static char *joined(const struct lex_result *r)
{
    struct strbuf sb = STRBUF_INIT;

    for (size_t k = 0; k < r->ncmds; k++) {
        if (k)
            strbuf_addch(&sb, ';');
        for (size_t i = 0; i < r->cmds[k].n; i++) {
            if (i)
                strbuf_addch(&sb, '|');
            strbuf_addstr(&sb, r->cmds[k].v[i].text);
        }
    }
    return strbuf_detach(&sb);
}

/* Lex text, check the status and the words. */
static void check_lex(const char *text, enum lex_status want_status, const char *want,
                      const char *file, int line)
{
    struct lex_result r = { 0 };
    enum lex_status st = lex(text, &r);
    char *got = joined(&r);

    unit_check(st == want_status, file, line, "lex(\"%s\") gives status %d, want %d (%s)", text, st,
               want_status, r.message ? r.message : "no message");
    unit_check_str(got, want, text, file, line);
    free(got);
    lex_result_release(&r);
}

#define LEX(text, status, want) check_lex((text), (status), (want), __FILE__, __LINE__)

static void test_words(void)
{
    LEX("", LEX_OK, "");
    LEX("   \t  ", LEX_OK, "");
    LEX("list bridge", LEX_OK, "list|bridge");
    LEX("  list\t bridge  ", LEX_OK, "list|bridge");
    LEX("a#b c", LEX_OK, "a#b|c");
    LEX("!10.0.0.0/8", LEX_OK, "!10.0.0.0/8");
}

static void test_offsets(void)
{
    struct lex_result r = { 0 };

    CHECK_INT(lex("  create 'my br' x\"y\"", &r), LEX_OK);
    if (!CHECK_INT(r.ncmds, 1) || !CHECK_INT(r.cmds[0].n, 3))
        goto out;
    CHECK_INT(r.cmds[0].v[0].offset, 2);
    CHECK_INT(r.cmds[0].v[0].length, 6);
    CHECK(!r.cmds[0].v[0].quoted);
    CHECK_STR(r.cmds[0].v[1].text, "my br");
    CHECK_INT(r.cmds[0].v[1].offset, 9);
    CHECK_INT(r.cmds[0].v[1].length, 7);
    CHECK(r.cmds[0].v[1].quoted);
    CHECK_STR(r.cmds[0].v[2].text, "xy");
    CHECK_INT(r.cmds[0].v[2].offset, 17);
    CHECK_INT(r.cmds[0].v[2].length, 4);
    CHECK(r.cmds[0].v[2].quoted);
out:
    lex_result_release(&r);
}

static void test_quotes(void)
{
    LEX("'a b' c", LEX_OK, "a b|c");
    LEX("'a \"b\" \\n'", LEX_OK, "a \"b\" \\n");
    LEX("\"a 'b' \\\" \\\\ \\n\"", LEX_OK, "a 'b' \" \\ \\n");
    LEX("x'y'\"z\"", LEX_OK, "xyz");
    LEX("'' x", LEX_OK, "|x");
    LEX("\"\"", LEX_OK, "");
    LEX("a\\ b", LEX_OK, "a b");
    LEX("\\'x", LEX_OK, "'x");
    LEX("'a;b' \"c#d\" e\\;f", LEX_OK, "a;b|c#d|e;f");
    LEX("'line\nbreak'", LEX_OK, "line\nbreak");
}

static void test_empty_quoted_word_counts(void)
{
    struct lex_result r = { 0 };

    lex("create bridge name ''", &r);
    if (CHECK_INT(r.ncmds, 1) && CHECK_INT(r.cmds[0].n, 4)) {
        CHECK_STR(r.cmds[0].v[3].text, "");
        CHECK(r.cmds[0].v[3].quoted);
    }
    lex_result_release(&r);
}

static void test_commands(void)
{
    LEX("a b; c d", LEX_OK, "a|b;c|d");
    LEX("a;b", LEX_OK, "a;b");
    LEX("a b;", LEX_OK, "a|b");
    LEX("a b ;  ", LEX_OK, "a|b");
    LEX("a\nb c\n\n", LEX_OK, "a;b|c");
    LEX("\n\na", LEX_OK, "a");
}

static void test_stray_semicolons(void)
{
    struct lex_result r = { 0 };

    CHECK_INT(lex(";", &r), LEX_ERROR);
    CHECK_INT(r.error_offset, 0);
    CHECK(r.message && strstr(r.message, "';'"));
    lex_result_release(&r);

    CHECK_INT(lex("a;; b", &r), LEX_ERROR);
    CHECK_INT(r.error_offset, 2);
    lex_result_release(&r);

    CHECK_INT(lex("  ; a", &r), LEX_ERROR);
    CHECK_INT(r.error_offset, 2);
    lex_result_release(&r);

    /* What it can, it fills. */
    LEX("a ; ; b", LEX_ERROR, "a;b");
    /* An error outranks a request for more input. */
    LEX(";; 'open", LEX_ERROR, "open");
}

static void test_comments(void)
{
    LEX("# all of it", LEX_OK, "");
    LEX("list bridge # the bridges", LEX_OK, "list|bridge");
    LEX("list #x\nshow y", LEX_OK, "list;show|y");
    LEX("a '#b' \"#c\" \\#d", LEX_OK, "a|#b|#c|#d");
    LEX("a; # ; b", LEX_OK, "a");
}

static void test_unclosed(void)
{
    struct lex_result r = { 0 };

    CHECK_INT(lex("create bridge name 'my br", &r), LEX_CONTINUE);
    CHECK_STR(r.message, "unclosed quote");
    CHECK_INT(r.error_offset, 19);
    CHECK_INT(r.open_quote, '\'');
    CHECK(r.ends_in_word);
    if (CHECK_INT(r.ncmds, 1) && CHECK_INT(r.cmds[0].n, 4))
        CHECK_STR(r.cmds[0].v[3].text, "my br");
    lex_result_release(&r);

    CHECK_INT(lex("a \"b \\\" c", &r), LEX_CONTINUE);
    CHECK_INT(r.open_quote, '"');
    CHECK_INT(r.error_offset, 2);
    lex_result_release(&r);

    /* The caller appends the next line and lexes again. */
    LEX("name 'a\nb'", LEX_OK, "name|a\nb");
}

static void test_continuation(void)
{
    struct lex_result r = { 0 };

    CHECK_INT(lex("list \\", &r), LEX_CONTINUE);
    CHECK_INT(r.error_offset, 5);
    CHECK_INT(r.open_quote, '\0');
    if (CHECK_INT(r.ncmds, 1))
        CHECK_INT(r.cmds[0].n, 1);
    lex_result_release(&r);

    LEX("list \\\nbridge", LEX_OK, "list|bridge");
    LEX("li\\\nst bridge", LEX_OK, "list|bridge");
    LEX("\"a\\\nb\"", LEX_OK, "ab");
    LEX("'a\\\nb'", LEX_OK, "a\\\nb");
}

static void test_completion_fields(void)
{
    struct lex_result r = { 0 };

    lex("list bri", &r);
    CHECK(r.ends_in_word);
    CHECK_INT(r.last_cmd_offset, 0);
    lex_result_release(&r);

    lex("list ", &r);
    CHECK(!r.ends_in_word);
    lex_result_release(&r);

    lex("show x; list b", &r);
    CHECK(r.ends_in_word);
    CHECK_INT(r.last_cmd_offset, 7);
    lex_result_release(&r);

    lex("list # comment", &r);
    CHECK(!r.ends_in_word);
    lex_result_release(&r);

    lex("", &r);
    CHECK(!r.ends_in_word);
    CHECK_INT(r.ncmds, 0);
    lex_result_release(&r);
}

static void test_long_lines(void)
{
    struct strbuf text = STRBUF_INIT;
    struct lex_result r = { 0 };

    for (int i = 0; i < 20000; i++)
        strbuf_addstr(&text, "word ");
    strbuf_addch(&text, '\'');
    for (int i = 0; i < 200000; i++)
        strbuf_addch(&text, 'x');
    strbuf_addch(&text, '\'');
    CHECK_INT(lex(text.buf, &r), LEX_OK);
    if (CHECK_INT(r.ncmds, 1) && CHECK_INT(r.cmds[0].n, 20001))
        CHECK_INT(strlen(r.cmds[0].v[20000].text), 200000);
    lex_result_release(&r);
    strbuf_release(&text);
}

/*
 * lex_quote(s) lexes back to the one word s; a string with control characters (shown,
 * not typed back) lexes to one word and puts no control byte in the output.
 */
static void check_round_trip(const char *s, const char *file, int line)
{
    struct strbuf q = STRBUF_INIT;
    struct lex_result r = { 0 };
    enum lex_status st;

    lex_quote(&q, s);
    st = lex(q.buf, &r);
    if (text_needs_escape(s)) {
        bool clean = !text_needs_escape(q.buf);

        unit_check(clean && st == LEX_OK && r.ncmds == 1 && r.cmds[0].n == 1, file, line,
                   "lex_quote() of a string with control bytes gives [%s]", q.buf);
        lex_result_release(&r);
        strbuf_release(&q);
        return;
    }
    unit_check(st == LEX_OK && r.ncmds == 1 && r.cmds[0].n == 1 && !strcmp(r.cmds[0].v[0].text, s),
               file, line, "lex_quote(\"%s\") gives [%s], which does not lex back", s, q.buf);
    lex_result_release(&r);
    strbuf_release(&q);
}

static void test_quote(void)
{
    static const char *const cases[][2] = {
        { "bridge0", "bridge0" },
        { "10.0.0.0/24", "10.0.0.0/24" },
        { "!10.0.0.0/8", "!10.0.0.0/8" },
        { "ac:ca:ba:00:00:01", "ac:ca:ba:00:00:01" },
        { "", "''" },
        { "my br", "'my br'" },
        { "a;b", "'a;b'" },
        { "#x", "'#x'" },
        { "it's", "\"it's\"" },
        { "it's \"x\" \\", "\"it's \\\"x\\\" \\\\\"" },
        { "tab\there", "'tab\there'" },
        /* A hostile server's names: shown escaped, on one line, nothing for the terminal. */
        { "a\nb", "\"a\\x0ab\"" },
        { "ev\x1b]0;t\x07il", "\"ev\\x1b]0;t\\x07il\"" },
        { "cr\r\"q\"", "\"cr\\x0d\\\"q\\\"\"" },
        { "c1\xc2\x9b" "2J", "\"c1\\xc2\\x9b2J\"" },
        { "bad\xff", "\"bad\\xff\"" },
        { "caf\xc3\xa9\n", "\"caf\xc3\xa9\\x0a\"" },
        { "caf\xc3\xa9", "caf\xc3\xa9" },
    };
    struct strbuf sb = STRBUF_INIT;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        strbuf_reset(&sb);
        lex_quote(&sb, cases[i][0]);
        CHECK_STR(sb.buf, cases[i][1]);
        if (*cases[i][0])
            check_round_trip(cases[i][0], __FILE__, __LINE__);
    }
    strbuf_release(&sb);
}

static void test_quote_random(void)
{
    char s[24];

    srand(7);
    for (int n = 0; n < 5000; n++) {
        size_t len = 1 + (size_t)(rand() % 20);

        for (size_t i = 0; i < len; i++)
            s[i] = (char)(1 + rand() % 255);
        s[len] = '\0';
        check_round_trip(s, __FILE__, __LINE__);
    }
}

/* Split a text at its newlines and feed it to lex_more(): the status after every line is
 * what lex() says of the text up to that line. */
static void check_more(const char *text)
{
    struct lex_more more = { 0 };
    const char *p = text;

    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *upto = xstrndup(text, (size_t)(p - text) + len);
        struct lex_result r = { 0 };
        enum lex_status whole = lex(upto, &r), part = lex_more(&more, p, len);

        lex_result_release(&r);
        if (!CHECK_MSG(whole == part, "[%s]: lex says %d, lex_more %d", upto, whole, part) ||
            whole != LEX_CONTINUE || !nl) {
            free(upto);
            return;
        }
        free(upto);
        p = nl + 1;
    }
}

static void test_more_agrees(void)
{
    static const char *const cases[] = {
        "list bridge", "a \\\nb", "a\\\nb\\\nc", "\\\n;", "a \\\n;", "a;\\\n;",
        "'x\ny'", "\"x\\\ny\"", "\"x\ny\" z \\\n#c\nd", "ab\\\n#c", "ab \\\n#c",
        "'a\n\n\nb' ;;", "\\\n\\\n\\\nx", "\"a\\\"\n\"", "x \\\n'\n'",
    };
    char s[32];

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        check_more(cases[i]);
    /* Random texts of the characters that matter. */
    srand(11);
    for (int n = 0; n < 20000; n++) {
        static const char alphabet[] = "ab \\\n;#'\"\t";
        size_t len = (size_t)(rand() % 30);

        for (size_t i = 0; i < len; i++)
            s[i] = alphabet[rand() % (int)(sizeof(alphabet) - 1)];
        s[len] = '\0';
        check_more(s);
    }
}

/* 40,000 continuation lines: the lexer reads each byte a bounded number of times. */
static void test_more_linear(void)
{
    struct lex_more more = { 0 };
    size_t before = lex_bytes_read(), input = 0, lines = 40000;
    enum lex_status st = LEX_CONTINUE;

    for (size_t i = 0; i < lines && st == LEX_CONTINUE; i++) {
        const char *line = i + 1 < lines ? "bridge b1 add port \\" : "x";

        input += strlen(line) + 1;
        st = lex_more(&more, line, strlen(line));
    }
    CHECK_INT(st, LEX_OK);
    CHECK_MSG(lex_bytes_read() - before <= 2 * input, "%zu bytes read for %zu of input",
              lex_bytes_read() - before, input);
}

int main(void)
{
    unit_run("lexer: words and blanks", test_words);
    unit_run("lexer: offsets, lengths and the quoted flag", test_offsets);
    unit_run("lexer: single quotes, double quotes, backslashes", test_quotes);
    unit_run("lexer: an empty quoted word is a word", test_empty_quoted_word_counts);
    unit_run("lexer: ';' and newlines separate commands", test_commands);
    unit_run("lexer: stray ';' is an error", test_stray_semicolons);
    unit_run("lexer: '#' comments", test_comments);
    unit_run("lexer: unclosed quotes ask for more", test_unclosed);
    unit_run("lexer: trailing backslash continues the line", test_continuation);
    unit_run("lexer: completion fields", test_completion_fields);
    unit_run("lexer: very long lines", test_long_lines);
    unit_run("lexer: lex_quote", test_quote);
    unit_run("lexer: lex_quote round trip of random bytes", test_quote_random);
    unit_run("lexer: lex_more agrees with lex on the whole text", test_more_agrees);
    unit_run("lexer: lex_more reads continuation lines in linear time", test_more_linear);
    return unit_done();
}
