#include "shell/run.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "parser/lexer.h"
#include "parser/parser.h"
#include "shell/exec.h"

/* The runner's status is the most severe one seen. */
static void raise_status(struct runner *rn, enum status st)
{
    if (st > rn->status)
        rn->status = st;
}

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

/*
 * The bytes of the character at text[i] (before end), and whether it may be echoed as it
 * is: a control (C0, DEL or C1) or a byte that is not UTF-8, with the continuation bytes
 * after it, is one '?' instead, so that a script's stray bytes cannot drive the terminal.
 */
static size_t glyph(const char *text, size_t i, size_t end, bool *safe)
{
    size_t k = utf8_safe_length(text + i);

    *safe = k != 0;
    if (!k)
        for (k = 1; i + k < end && ((unsigned char)text[i + k] & 0xc0) == 0x80; k++)
            ;
    return k;
}

/*
 * The source line around byte offset `at`, with a caret line under [at, at + len); columns
 * are counted in characters as glyph() shows them.
 */
static void show_caret(const char *text, size_t at, size_t len)
{
    size_t n = strlen(text), start, end, k;
    struct strbuf sb = STRBUF_INIT, caret = STRBUF_INIT;
    bool safe;

    if (at > n)
        at = n;
    start = at;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    end = at;
    while (end < n && text[end] != '\n')
        end++;
    if (len == 0 || at + len > end)
        len = at < end ? end - at : 1;
    for (size_t i = start; i < end; i += k) {
        k = glyph(text, i, end, &safe);
        if (safe)
            strbuf_add(&sb, text + i, k);
        else
            strbuf_addch(&sb, '?');
        if (i < at)
            strbuf_addch(&caret, text[i] == '\t' ? '\t' : ' ');
        else if (i < at + len)
            strbuf_addch(&caret, '^');
    }
    if (at >= end)
        strbuf_addch(&caret, '^');      /* at the end of the line */
    fprintf(stderr, "  %s\n  %s\n", sb.buf, caret.buf);
    strbuf_release(&sb);
    strbuf_release(&caret);
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

/* What @last and @TYPE stand for while a script is only checked: any well-formed id. */
#define CHECK_ID "00000000-0000-0000-0000-000000000000"

/*
 * Replace @last and @TYPE in unquoted words — alone, or as elements of a comma-separated
 * list — by the id of the object created last in this run (of that type); when running
 * (not checking), @NAME by the id a `create ... as @NAME` gave it. Other words that start
 * with '@' are left alone (an object's name may start with one). Returns false, with the error
 * reported, when nothing was created to stand for one of them.
 */
static bool expand_created(struct runner *rn, const char *text, unsigned line,
                           struct word_list *words,
                           bool checking)
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

            if (item[0] == '@' && created_name(item + 1) && checking)
                id = CHECK_ID;
            else if (item[0] == '@' && !created_name(item + 1) && !checking)
                id = session_alias(rn->s, item + 1);  /* `as @NAME`; else left alone */
            else if (item[0] == '@' && created_name(item + 1) &&
                     !(id = session_created(rn->s, item + 1))) {
                char *msg = !strcmp(item, "@last")
                                ? xasprintf("nothing was created in this run for '%s' to name",
                                            item)
                                : xasprintf("no %s was created in this run for '%s' to name",
                                            item + 1, item);

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

/* A name `as @NAME` may give: letters, digits, '-', '_' and '.', not @last nor a @TYPE. */
static bool alias_name(const char *name)
{
    if (!*name || created_name(name))
        return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("-_.", *p))
            return false;
    return true;
}

/*
 * A create ending in `as @NAME` (both words unquoted): NAME is taken off the words into
 * *alias (the caller's), for run_words() to remember what the create made under it.
 * Returns false, with the error reported, when the words cannot be such a name.
 */
static bool take_alias(struct runner *rn, const char *text, unsigned line, struct word_list *words,
                       char **alias)
{
    struct word *as, *at;

    *alias = NULL;
    if (words->n < 3)
        return true;
    as = &words->v[words->n - 2];
    at = &words->v[words->n - 1];
    if (as->quoted || at->quoted || strcmp(as->text, "as") || at->text[0] != '@')
        return true;
    if (!alias_name(at->text + 1)) {
        char *msg = xasprintf("'%s' cannot be a name for a script: letters, digits, '-', '_' "
                              "or '.', and not @last or @TYPE", at->text);

        syntax_error(rn, text, line, at->offset, at->length, msg);
        free(msg);
        return false;
    }
    *alias = xstrdup(at->text + 1);
    free(as->text);
    free(at->text);
    words->n -= 2;
    return true;
}

/*
 * Parse words into cmd, reporting a syntax error. When checking, @last and @TYPE stand
 * for any id. A create's `as @NAME` goes to *alias (the caller's, NULL when none).
 * Returns ST_OK (cmd is the caller's to release), or the failure.
 */
static enum status parse_words(struct runner *rn, const char *text, unsigned line,
                               struct word_list *words, struct command *cmd, bool checking,
                               char **alias)
{
    struct parse_error perr = { 0 };

    *alias = NULL;
    if (!take_alias(rn, text, line, words, alias))
        return ST_USAGE;
    if (!expand_created(rn, text, line, words, checking))
        return ST_FAILED;
    if (parse_command(words, cmd, &perr) < 0) {
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
        free(*alias);
        *alias = NULL;
        return ST_USAGE;
    }
    if (*alias && (cmd->verb != VERB_CREATE || !cmd->type->id_key)) {
        /* The name's word, past the words now: its text is freed, its place is not. */
        const struct word *at = &words->v[words->n + 1];

        syntax_error(rn, text, line, at->offset, at->length,
                     "'as @NAME' names what a create makes (an object with an id)");
        free(*alias);
        *alias = NULL;
        return ST_USAGE;
    }
    return ST_OK;
}

static enum status run_words(struct runner *rn, const char *text, unsigned line,
                             struct word_list *words)
{
    struct command cmd = { 0 };
    char *alias = NULL;
    enum status st = parse_words(rn, text, line, words, &cmd, false, &alias);
    const char *id;

    if (st != ST_OK)
        return st;
    locate(rn, text, line, words->v[0].offset);
    st = exec_command(rn->s, &cmd);
    if (st == ST_OK && alias && (id = session_created(rn->s, cmd.type->name)))
        session_set_alias(rn->s, alias, id);
    free(alias);
    command_release(&cmd);
    return st;
}

unsigned run_check(struct runner *rn, const char *text, unsigned line)
{
    struct lex_result lr = { 0 };
    enum lex_status ls = lex(text, &lr);
    unsigned errors = 0;

    if (ls != LEX_OK) {
        syntax_error(rn, text, line, lr.error_offset, 1, lr.message ? lr.message : "syntax error");
        errors++;
    }
    if (ls == LEX_OK)
        rn->checked += lr.ncmds;
    for (size_t k = 0; ls == LEX_OK && k < lr.ncmds; k++) {
        struct command cmd = { 0 };
        char *alias = NULL;

        if (parse_words(rn, text, line, &lr.cmds[k], &cmd, true, &alias) != ST_OK)
            errors++;
        free(alias);
        command_release(&cmd);
    }
    error_clear_location();
    lex_result_release(&lr);
    return errors;
}

/* run_text() for a text run_check() found clean. */
static enum status run_checked(struct runner *rn, const char *text, unsigned line)
{
    struct lex_result lr = { 0 };
    enum status worst = ST_OK;

    lex(text, &lr);
    /* A Ctrl-C typed before this line is not meant for it; a signal ending midosh is. */
    if (rn->s->interrupt && !session_ending(rn->s))
        *rn->s->interrupt = 0;
    for (size_t k = 0; k < lr.ncmds && !rn->s->exit_requested && !session_ending(rn->s); k++) {
        enum status st = run_words(rn, text, line, &lr.cmds[k]);

        if (st > worst)
            worst = st;
        if (st != ST_OK && !rn->keep_going)
            break;
        /* Ctrl-C stops the whole line, not only the command it interrupted. */
        if (rn->s->interrupt && *rn->s->interrupt)
            break;
    }
    error_clear_location();
    lex_result_release(&lr);
    raise_status(rn, worst);
    return worst;
}

enum status run_text(struct runner *rn, const char *text, unsigned line)
{
    /* A line runs only when all of it parses. */
    if (run_check(rn, text, line)) {
        raise_status(rn, ST_USAGE);
        return ST_USAGE;
    }
    return run_checked(rn, text, line);
}

enum status run_commands(struct runner *rn, char *const *texts, size_t n, bool check_only)
{
    unsigned errors = 0;

    rn->checked = 0;
    for (size_t i = 0; i < n; i++)
        errors += run_check(rn, texts[i], 1);
    if (errors)
        raise_status(rn, ST_USAGE);
    /* One command: nothing it caches serves a later one (session_watch()). */
    if (rn->s)
        rn->s->one_command = rn->checked == 1;
    for (size_t i = 0; i < n && !errors && !check_only && !rn->s->exit_requested &&
                       !session_ending(rn->s); i++)
        if (run_checked(rn, texts[i], 1) != ST_OK && !rn->keep_going)
            break;
    return rn->status;
}

/* The commands of a script, each with the line it starts on, continuation lines joined. */
struct chunk {
    char *text;
    unsigned line;
    unsigned nul_line;  /* the first line holding a NUL byte, or 0 */
};

/*
 * Read fp up to its next complete command (or its end). Returns false at the end of the
 * input with nothing read; an unclosed quote at the end is returned as it is, for
 * run_text or run_check to report.
 */
static bool read_chunk(FILE *fp, unsigned *lineno, char **line, size_t *cap, struct chunk *out)
{
    struct strbuf text = STRBUF_INIT;
    unsigned start = 0;
    ssize_t len;

    struct lex_more more = { 0 };

    out->nul_line = 0;
    while ((len = getline(line, cap, fp)) >= 0) {

        ++*lineno;
        if (!out->nul_line && memchr(*line, '\0', (size_t)len))
            out->nul_line = *lineno;
        if (len > 0 && (*line)[len - 1] == '\n')
            len--;
        if (start)
            strbuf_addch(&text, '\n');
        else
            start = *lineno;
        strbuf_add(&text, *line, (size_t)len);
        /* Only the new line is lexed: a long run of continuation lines stays linear. */
        if (lex_more(&more, *line, (size_t)len) != LEX_CONTINUE)
            break;
    }
    if (!start) {
        strbuf_release(&text);
        return false;
    }
    out->line = start;
    out->text = strbuf_detach(&text);
    return true;
}

/*
 * Check a chunk: its syntax, and that it is text (a NUL byte would hide the rest of its
 * line from the lexer). Reports every error; returns how many.
 */
static unsigned check_chunk(struct runner *rn, const struct chunk *c)
{
    if (c->nul_line) {
        error_set_location(rn->file, c->nul_line);
        error("a NUL byte: this is not a text file");
        error_clear_location();
        return 1;
    }
    return run_check(rn, c->text, c->line);
}

/* A read error (a directory given as a script) is an error, not the end of the script. */
static unsigned check_read(struct runner *rn, FILE *fp)
{
    /* A signal that ends midosh may end a read too: that is no read error. */
    if (!ferror(fp) || (rn->s && session_ending(rn->s)))
        return 0;
    error("cannot read '%s': %s", rn->file, strerror(errno));
    return 1;
}

enum status run_script(struct runner *rn, FILE *fp, enum script_mode mode)
{
    char *line = NULL;
    struct chunk *v = NULL, c;
    size_t cap = 0, n = 0, alloc = 0;
    unsigned lineno = 0, errors = 0;

    if (mode == SCRIPT_STREAM) {
        enum status st = ST_OK;

        while ((st == ST_OK || rn->keep_going) && !rn->s->exit_requested &&
               !session_ending(rn->s) && read_chunk(fp, &lineno, &line, &cap, &c)) {
            if (c.nul_line) {
                errors += check_chunk(rn, &c);
                st = ST_USAGE;
            } else {
                st = run_text(rn, c.text, c.line);
            }
            free(c.text);
        }
        errors += check_read(rn, fp);
    } else {
        while (read_chunk(fp, &lineno, &line, &cap, &c)) {
            ALLOC_GROW(v, n + 1, alloc);
            v[n++] = c;
            errors += check_chunk(rn, &c);
        }
        errors += check_read(rn, fp);
        for (size_t i = 0; i < n && !errors && mode == SCRIPT_WHOLE && !rn->s->exit_requested &&
                           !session_ending(rn->s); i++)
            if (run_checked(rn, v[i].text, v[i].line) != ST_OK && !rn->keep_going)
                break;
    }
    /* run_text records its own statuses; these are the errors found here. */
    if (errors)
        raise_status(rn, ST_USAGE);
    for (size_t i = 0; i < n; i++)
        free(v[i].text);
    free(v);
    free(line);
    return rn->status;
}
