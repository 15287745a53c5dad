#include "shell/run.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "parser/lexer.h"
#include "parser/parser.h"
#include "shell/exec.h"

/* Point error() at the source line holding byte offset `at` of text. */
static void locate(struct runner *rn, const char *text, unsigned line, size_t at)
{
    if (!rn->file)
        return;
    for (size_t i = 0; i < at && text[i]; i++)
        if (text[i] == '\n')
            line++;
    error_set_location(rn->file, line);
}

/* The source line around byte offset `at`, with a caret line under [at, at + len). */
static void show_caret(const char *text, size_t at, size_t len)
{
    size_t n = strlen(text), start, end;
    struct strbuf sb = STRBUF_INIT;

    if (at > n)
        at = n;
    start = at;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    end = at;
    while (end < n && text[end] != '\n')
        end++;
    strbuf_addstr(&sb, "  ");
    strbuf_add(&sb, text + start, end - start);
    strbuf_addstr(&sb, "\n  ");
    for (size_t i = start; i < at; i++)
        strbuf_addch(&sb, text[i] == '\t' ? '\t' : ' ');
    if (len == 0 || at + len > end)
        len = at < end ? end - at : 1;
    for (size_t i = 0; i < len; i++)
        strbuf_addch(&sb, '^');
    strbuf_addch(&sb, '\n');
    fputs(sb.buf, stderr);
    strbuf_release(&sb);
}

static void syntax_error(struct runner *rn, const char *text, unsigned line, size_t at, size_t len,
                         const char *message)
{
    locate(rn, text, line, at);
    error("%s", message);
    show_caret(text, at, len);
}

/* "last" or a type name: what @name may stand for. */
static bool created_name(const char *name)
{
    if (!strcmp(name, "last"))
        return true;
    for (enum type_id id = 0; id < T_COUNT; id++)
        if (!strcmp(schema_type(id)->name, name))
            return true;
    return false;
}

/*
 * Replace @last and @TYPE in unquoted words — alone, or as elements of a comma-separated
 * list — by the id of the object created last in this run (of that type). Other words
 * that start with '@' are left alone. Returns false, with the error reported, when
 * nothing was created to stand for one of them.
 */
static bool expand_created(struct runner *rn, const char *text, unsigned line, struct word_list *words)
{
    struct strbuf sb = STRBUF_INIT;
    bool ok = true;

    for (size_t i = 0; i < words->n && ok; i++) {
        struct word *w = &words->v[i];
        const char *p = w->text;

        if (w->quoted || !strchr(w->text, '@'))
            continue;
        strbuf_reset(&sb);
        for (;;) {
            const char *comma = strchr(p, ',');
            char *item = xstrndup(p, comma ? (size_t)(comma - p) : strlen(p));
            const char *id = NULL;

            if (item[0] == '@' && created_name(item + 1) && !(id = session_created(rn->s, item + 1))) {
                char *msg = !strcmp(item, "@last")
                                ? xasprintf("nothing was created in this run for '%s' to name", item)
                                : xasprintf("no %s was created in this run for '%s' to name", item + 1, item);

                syntax_error(rn, text, line, w->offset, w->length, msg);
                free(msg);
                ok = false;
            }
            strbuf_addstr(&sb, id ? id : item);
            free(item);
            if (!comma || !ok)
                break;
            strbuf_addch(&sb, ',');
            p = comma + 1;
        }
        if (ok) {
            free(w->text);
            w->text = strbuf_detach(&sb);
        }
    }
    strbuf_release(&sb);
    return ok;
}

static enum status run_words(struct runner *rn, const char *text, unsigned line,
                             struct word_list *words)
{
    struct command cmd = { 0 };
    struct parse_error perr = { 0 };
    enum status st;

    if (!expand_created(rn, text, line, words))
        return ST_FAILED;
    if (parse_command(words, &cmd, &perr) < 0) {
        size_t at, len = 0;

        if (perr.word != WORD_NONE && perr.word < words->n) {
            at = words->v[perr.word].offset;
            len = words->v[perr.word].length;
        } else {
            const struct word *last = &words->v[words->n - 1];

            at = last->offset + last->length;
        }
        syntax_error(rn, text, line, at, len, perr.message ? perr.message : "syntax error");
        parse_error_release(&perr);
        return ST_USAGE;
    }
    locate(rn, text, line, words->v[0].offset);
    st = exec_command(rn->s, &cmd);
    command_release(&cmd);
    return st;
}

enum status run_text(struct runner *rn, const char *text, unsigned line)
{
    struct lex_result lr = { 0 };
    enum lex_status ls = lex(text, &lr);
    enum status worst = ST_OK;

    if (ls != LEX_OK) {
        syntax_error(rn, text, line, lr.error_offset, 1, lr.message ? lr.message : "syntax error");
        worst = ST_USAGE;
        goto out;
    }
    /* A Ctrl-C typed before this line is not meant for it. */
    if (rn->s->interrupt)
        *rn->s->interrupt = 0;
    for (size_t k = 0; k < lr.ncmds && !rn->s->exit_requested; k++) {
        enum status st = run_words(rn, text, line, &lr.cmds[k]);

        if (st > worst)
            worst = st;
        if (st != ST_OK && !rn->keep_going)
            break;
        /* Ctrl-C stops the whole line, not only the command it interrupted. */
        if (rn->s->interrupt && *rn->s->interrupt)
            break;
    }
out:
    error_clear_location();
    lex_result_release(&lr);
    if (worst > rn->status)
        rn->status = worst;
    return worst;
}

enum status run_script(struct runner *rn, FILE *fp)
{
    struct strbuf text = STRBUF_INIT;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned lineno = 0, start = 0;

    while (!rn->s->exit_requested && (n = getline(&line, &cap, fp)) >= 0) {
        struct lex_result lr = { 0 };
        enum lex_status ls;
        enum status st;

        lineno++;
        if (n > 0 && line[n - 1] == '\n')
            line[--n] = '\0';
        if (!text.len)
            start = lineno;
        else
            strbuf_addch(&text, '\n');
        strbuf_add(&text, line, (size_t)n);
        ls = lex(text.buf, &lr);
        lex_result_release(&lr);
        if (ls == LEX_CONTINUE)
            continue;
        st = run_text(rn, text.buf, start);
        strbuf_reset(&text);
        if (st != ST_OK && !rn->keep_going)
            goto out;
    }
    if (text.len)
        run_text(rn, text.buf, start);   /* reports the unclosed quote or continuation */
out:
    free(line);
    strbuf_release(&text);
    return rn->status;
}
