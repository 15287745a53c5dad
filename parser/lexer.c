#include "parser/lexer.h"

#include <stdlib.h>
#include <string.h>

static size_t bytes_read;

size_t lex_bytes_read(void)
{
    return bytes_read;
}

/* The lexer's position and the word being built. */
struct lexer {
    const char *text;
    size_t p;
    struct lex_result *r;
    struct word_list cur;       /* the command being built */
    struct strbuf w;            /* the word being built */
    bool in_word, quoted;
    size_t word_start;
    enum lex_status status;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Record the first problem; an error outranks a request for more input. */
static void problem(struct lexer *lx, enum lex_status st, size_t at, const char *message)
{
    if (lx->status == LEX_ERROR || (lx->status == LEX_CONTINUE && st == LEX_CONTINUE))
        return;
    free(lx->r->message);
    lx->r->message = xstrdup(message);
    lx->r->error_offset = at;
    lx->status = st;
}

static void finish_word(struct lexer *lx)
{
    struct word *wd;

    if (!lx->in_word)
        return;
    lx->in_word = false;
    if (!lx->w.len && !lx->quoted)
        return;         /* only a continuation or a trailing backslash */
    ALLOC_GROW(lx->cur.v, lx->cur.n + 1, lx->cur.alloc);
    wd = &lx->cur.v[lx->cur.n++];
    wd->text = strbuf_detach(&lx->w);
    wd->offset = lx->word_start;
    wd->length = lx->p - lx->word_start;
    wd->quoted = lx->quoted;
}

static void finish_command(struct lexer *lx)
{
    struct lex_result *r = lx->r;

    finish_word(lx);
    if (!lx->cur.n)
        return;
    ALLOC_GROW(r->cmds, r->ncmds + 1, r->alloc);
    r->cmds[r->ncmds++] = lx->cur;
    memset(&lx->cur, 0, sizeof(lx->cur));
}

/* '...': everything up to the next quote, literally. */
static void single_quoted(struct lexer *lx)
{
    const char *start = lx->text + lx->p + 1;
    const char *close = strchr(start, '\'');

    lx->quoted = true;
    if (!close) {
        problem(lx, LEX_CONTINUE, lx->p, "unclosed quote");
        lx->r->open_quote = '\'';
        strbuf_addstr(&lx->w, start);
        lx->p += 1 + strlen(start);
        return;
    }
    strbuf_add(&lx->w, start, (size_t)(close - start));
    lx->p = (size_t)(close - lx->text) + 1;
}

/* "...": \" and \\ are escapes, backslash-newline continues the line. */
static void double_quoted(struct lexer *lx)
{
    const char *t = lx->text;
    size_t open = lx->p++;

    lx->quoted = true;
    for (;;) {
        char c = t[lx->p];

        if (!c) {
            problem(lx, LEX_CONTINUE, open, "unclosed quote");
            lx->r->open_quote = '"';
            return;
        }
        if (c == '"') {
            lx->p++;
            return;
        }
        if (c == '\\' && (t[lx->p + 1] == '"' || t[lx->p + 1] == '\\')) {
            strbuf_addch(&lx->w, t[lx->p + 1]);
            lx->p += 2;
        } else if (c == '\\' && t[lx->p + 1] == '\n') {
            lx->p += 2;
        } else {
            strbuf_addch(&lx->w, c);
            lx->p++;
        }
    }
}

/* A backslash outside quotes: escape the next character, or continue the line. */
static void backslash(struct lexer *lx)
{
    char next = lx->text[lx->p + 1];

    if (!next) {
        problem(lx, LEX_CONTINUE, lx->p, "the line ends with a backslash");
        lx->p++;
    } else if (next == '\n') {
        lx->p += 2;
    } else {
        lx->quoted = true;
        strbuf_addch(&lx->w, next);
        lx->p += 2;
    }
}

enum lex_status lex(const char *text, struct lex_result *result)
{
    struct lexer lx = { .text = text, .r = result, .w = STRBUF_INIT, .status = LEX_OK };

    for (;;) {
        char c = text[lx.p];

        if (!lx.in_word) {
            if (!c)
                break;
            if (is_blank(c)) {
                lx.p++;
            } else if (c == '\\' && text[lx.p + 1] == '\n') {
                lx.p += 2;
            } else if (c == ';' || c == '\n') {
                if (c == ';' && !lx.cur.n)
                    problem(&lx, LEX_ERROR, lx.p, "unexpected ';' (no command before it)");
                finish_command(&lx);
                lx.p++;
                result->last_cmd_offset = lx.p;
            } else if (c == '#') {
                while (text[lx.p] && text[lx.p] != '\n')
                    lx.p++;
                result->ends_in_comment = !text[lx.p];
            } else {
                lx.in_word = true;
                lx.quoted = false;
                lx.word_start = lx.p;
            }
            continue;
        }
        if (!c || is_blank(c) || c == ';' || c == '\n') {
            result->ends_in_word = !c && (lx.w.len || lx.quoted);
            finish_word(&lx);
            continue;
        }
        if (c == '\'')
            single_quoted(&lx);
        else if (c == '"')
            double_quoted(&lx);
        else if (c == '\\')
            backslash(&lx);
        else {
            strbuf_addch(&lx.w, c);
            lx.p++;
        }
    }
    result->cmd_open = lx.cur.n > 0;
    finish_command(&lx);
    strbuf_release(&lx.w);
    bytes_read += lx.p;
    return lx.status;
}

/*
 * The text so far is LEX_CONTINUE and error-free (an error would have ended it), so its
 * state is one of: inside '...', inside "...", or a trailing backslash — in a word, after
 * a command's words, or with no word in the command. A two- or three-byte text in the
 * same state stands for it; what follows lexes the same after either.
 */
enum lex_status lex_more(struct lex_more *st, const char *line, size_t len)
{
    struct strbuf text = STRBUF_INIT;
    struct lex_result lr = { 0 };
    enum lex_status ls;

    if (st->started) {
        strbuf_addstr(&text, st->carry);
        strbuf_addch(&text, '\n');
    }
    strbuf_add(&text, line, len);
    ls = lex(text.buf, &lr);
    st->started = true;
    if (ls == LEX_CONTINUE) {
        const char *carry = lr.open_quote == '\'' ? "'"
                          : lr.open_quote == '"'  ? "\""
                          : lr.ends_in_word       ? "x\\"
                          : lr.cmd_open           ? "x \\"
                                                  : "\\";

        strcpy(st->carry, carry);
    }
    lex_result_release(&lr);
    strbuf_release(&text);
    return ls;
}

void word_list_release(struct word_list *words)
{
    for (size_t i = 0; i < words->n; i++)
        free(words->v[i].text);
    free(words->v);
    memset(words, 0, sizeof(*words));
}

void lex_result_release(struct lex_result *result)
{
    for (size_t i = 0; i < result->ncmds; i++)
        word_list_release(&result->cmds[i]);
    free(result->cmds);
    free(result->message);
    memset(result, 0, sizeof(*result));
}

/* Characters that make a word need quotes. */
static bool needs_quotes(const char *s)
{
    if (!*s || *s == '#')
        return true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == 0x7f || strchr("'\"\\;#", *p))
            return true;
    return false;
}

void lex_quote(struct strbuf *out, const char *s)
{
    if (text_needs_escape(s)) {
        /* Shown, not typed back: a control byte must not reach the terminal. */
        strbuf_addch(out, '"');
        for (; *s; s++) {
            struct strbuf one = STRBUF_INIT;
            const char *end = s;

            if (*s == '"' || *s == '\\') {
                strbuf_addch(out, '\\');
                strbuf_addch(out, *s);
                continue;
            }
            while (end[1] && ((unsigned char)end[1] & 0xc0) == 0x80)
                end++;
            strbuf_add(&one, s, (size_t)(end - s) + 1);
            strbuf_add_escaped(out, one.buf);
            strbuf_release(&one);
            s = end;
        }
        strbuf_addch(out, '"');
        return;
    }
    if (!needs_quotes(s)) {
        strbuf_addstr(out, s);
        return;
    }
    if (!strchr(s, '\'')) {
        strbuf_addch(out, '\'');
        strbuf_addstr(out, s);
        strbuf_addch(out, '\'');
        return;
    }
    strbuf_addch(out, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            strbuf_addch(out, '\\');
        strbuf_addch(out, *s);
    }
    strbuf_addch(out, '"');
}
