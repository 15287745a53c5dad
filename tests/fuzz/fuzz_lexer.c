/*
 * The lexer and the parser: any text is lexed; each command's words are parsed. Beside
 * not crashing: lex_quote() of every word lexes back to that word (or, for a word with
 * control characters, to one word with none left), and the lexer's LEX_CONTINUE reading
 * line by line (lex_more) agrees with lex() on the whole text.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "parser/lexer.h"
#include "parser/parser.h"
#include "tests/fuzz/fuzz.h"

const char fuzz_name[] = "lexer";

static void check_quote(const char *word)
{
    struct strbuf q = STRBUF_INIT;
    struct lex_result r = { 0 };
    enum lex_status st;

    lex_quote(&q, word);
    st = lex(q.buf, &r);
    if (*word && (st != LEX_OK || r.ncmds != 1 || r.cmds[0].n != 1))
        abort();
    if (*word && !text_needs_escape(word) && strcmp(r.cmds[0].v[0].text, word))
        abort();
    if (text_needs_escape(q.buf))
        abort();
    lex_result_release(&r);
    strbuf_release(&q);
}

/* Line by line, as a script is read: each status is lex()'s of the text so far. */
static void check_more(const char *text)
{
    struct lex_more more = { 0 };
    const char *p = text;

    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *upto = xstrndup(text, (size_t)(p - text) + len);
        struct lex_result r = { 0 };
        enum lex_status whole = lex(upto, &r);

        lex_result_release(&r);
        free(upto);
        if (whole != lex_more(&more, p, len))
            abort();
        if (whole != LEX_CONTINUE || !nl)
            return;
        p = nl + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    struct lex_result r = { 0 };

    error_set_quiet(true);
    lex(text, &r);
    for (size_t k = 0; k < r.ncmds; k++) {
        struct command cmd = { 0 };
        struct parse_error err = { 0 };

        for (size_t i = 0; i < r.cmds[k].n; i++)
            check_quote(r.cmds[k].v[i].text);
        if (parse_command(&r.cmds[k], &cmd, &err) == 0)
            command_release(&cmd);
        parse_error_release(&err);
    }
    lex_result_release(&r);
    if (size < 4096)
        check_more(text);
    free(text);
    return 0;
}
