#include "shell/repl.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "lib/util.h"
#include "parser/complete.h"
#include "parser/lexer.h"
#include "parser/parser.h"
#include "shell/exec.h"

/* How long TAB may wait for a collection that is not cached yet. */
#define COMPLETE_TIMEOUT_MS 300
/* History lines kept when MIDOSH_HISTSIZE is not set. */
#define HISTSIZE_DEFAULT 1000
/* TAB and `?` list at most this many names; the rest are counted. */
#define LIST_MAX 200

struct repl {
    struct runner *rn;
    EditLine *el;
    History *hist;
    char *hist_path;          /* NULL: no history file */
    int hist_size;            /* 0: no history at all */
    bool continuing;          /* the text so far ends inside quotes or after a '\' */
};

static char *prompt(EditLine *el)
{
    struct repl *r;

    el_get(el, EL_CLIENTDATA, &r);
    return r->continuing ? "....> " : "midosh> ";
}

/* ---- completion ------------------------------------------------------------------ */

static void names_from_cache(void *ctx, const struct step *path, size_t npath,
                             const struct type *t, const struct attr *a, char ***names,
                             size_t *n)
{
    struct repl *r = ctx;

    exec_complete(r->rn->s, path, npath, t, a, COMPLETE_TIMEOUT_MS, names, n);
}

static size_t term_width(void)
{
    struct winsize ws;

    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

/* UTF-8 characters in s[0, len): libedit counts characters, el_line() gives bytes. */
static int chars(const char *s, size_t len)
{
    int n = 0;

    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

/* The line as typed and the cursor's byte offset in it, from libedit's (unterminated) buffer. */
static char *current_line(EditLine *el, size_t *cursor)
{
    const LineInfo *li = el_line(el);

    *cursor = (size_t)(li->cursor - li->buffer);
    return xstrndup(li->buffer, (size_t)(li->lastchar - li->buffer));
}

/* The insertable candidates in columns, under the line being edited. */
static void list_words(const struct completion *c, FILE *out)
{
    size_t width = 0, n = 0, cols, rows, shown;

    for (size_t i = 0; i < c->n; i++) {
        if (c->v[i].kind == CK_PLACEHOLDER)
            continue;
        n++;
        if (strlen(c->v[i].word) > width)
            width = strlen(c->v[i].word);
    }
    shown = n > LIST_MAX ? LIST_MAX : n;
    width += 2;
    cols = term_width() / width;
    if (!cols)
        cols = 1;
    rows = (shown + cols - 1) / cols;
    fputc('\n', out);
    for (size_t row = 0; row < rows; row++) {
        for (size_t col = 0; col < cols; col++) {
            size_t k = col * rows + row;
            bool last = col + 1 == cols || k + rows >= shown;

            if (k >= shown)
                break;
            fprintf(out, "%-*s", last ? 0 : (int)width, c->v[k].word);
        }
        fputc('\n', out);
    }
    if (n > shown)
        fprintf(out, "(%zu more)\n", n - shown);
}

static unsigned char on_tab(EditLine *el, int ch)
{
    struct repl *r;
    struct completion c;
    struct strbuf text = STRBUF_INIT;
    size_t cursor, words;
    char *line, *common = NULL;
    unsigned char ret = CC_ERROR;

    (void)ch;
    el_get(el, EL_CLIENTDATA, &r);
    line = current_line(el, &cursor);
    exec_learn_dialect(r->rn->s, COMPLETE_TIMEOUT_MS);
    complete_line(line, cursor, names_from_cache, r, &c);
    words = completion_words(&c);
    if (words == 1) {
        for (size_t i = 0; i < c.n; i++)
            if (c.v[i].kind != CK_PLACEHOLDER)
                completion_text(&c, c.v[i].word, true, &text);
    } else if (words > 1) {
        common = completion_common(&c);
        if (strlen(common) > strlen(c.prefix))
            completion_text(&c, common, false, &text);
    }
    if (text.len) {
        el_deletestr(el, chars(line + c.start, c.end - c.start));
        ret = el_insertstr(el, text.buf) == 0 ? CC_REFRESH : CC_ERROR;
    } else if (words > 1) {
        list_words(&c, stdout);
        ret = CC_REDISPLAY;
    }
    free(common);
    strbuf_release(&text);
    completion_release(&c);
    free(line);
    return ret;
}

/* `?`: the words that may come next, one per line with its help; the line stays as it is. */
static unsigned char on_help(EditLine *el, int ch)
{
    struct repl *r;
    struct completion c;
    struct strbuf out = STRBUF_INIT;
    size_t cursor, width = 0, names = 0;
    char *line;

    (void)ch;
    el_get(el, EL_CLIENTDATA, &r);
    line = current_line(el, &cursor);
    /* Inside quotes a '?' is part of a name: find out without asking for names. */
    complete_line(line, cursor, NULL, NULL, &c);
    if (c.in_quote) {
        completion_release(&c);
        free(line);
        return el_insertstr(el, "?") == 0 ? CC_REFRESH : CC_ERROR;
    }
    completion_release(&c);
    exec_learn_dialect(r->rn->s, COMPLETE_TIMEOUT_MS);
    complete_line(line, cursor, names_from_cache, r, &c);
    free(line);
    for (size_t i = 0; i < c.n; i++)
        if (strlen(c.v[i].word) > width)
            width = strlen(c.v[i].word);
    strbuf_addch(&out, '\n');
    for (size_t i = 0; i < c.n; i++) {
        if (c.v[i].kind == CK_NAME && names++ >= LIST_MAX)
            continue;
        if (c.v[i].help)
            strbuf_addf(&out, "  %-*s  %s\n", (int)width, c.v[i].word, c.v[i].help);
        else
            strbuf_addf(&out, "  %s\n", c.v[i].word);
    }
    if (names > LIST_MAX)
        strbuf_addf(&out, "  (%zu more names)\n", names - LIST_MAX);
    if (c.runnable)
        strbuf_addf(&out, "  %-*s  %s\n", (int)width, "<cr>", "run the command");
    if (!c.n && !c.runnable)
        strbuf_addstr(&out, "  (nothing may follow here)\n");
    fputs(out.buf, stdout);
    strbuf_release(&out);
    completion_release(&c);
    return CC_REDISPLAY;
}

/* ---- history --------------------------------------------------------------------- */

/* The history file: MIDOSH_HISTFILE, else ~/.midosh_history; NULL without a home. */
static char *history_path(void)
{
    const char *env = getenv("MIDOSH_HISTFILE");
    const char *home = getenv("HOME");

    if (env && *env)
        return xstrdup(env);
    return home && *home ? xasprintf("%s/.midosh_history", home) : NULL;
}

/* MIDOSH_HISTSIZE: lines kept, 0 for none; anything else than a number gives the default. */
static int history_size(void)
{
    const char *env = getenv("MIDOSH_HISTSIZE");
    char *end;
    long n;

    if (!env || !*env)
        return HISTSIZE_DEFAULT;
    errno = 0;
    n = strtol(env, &end, 10);
    if (errno || *end || n < 0 || n > 1000000) {
        warning("MIDOSH_HISTSIZE '%s' is not a number of lines; keeping %d", env, HISTSIZE_DEFAULT);
        return HISTSIZE_DEFAULT;
    }
    return (int)n;
}

static bool mentions_password(const char *s)
{
    return strcasestr(s, "passw") != NULL;
}

/*
 * Whether a line carries a password, and so must stay out of the history file: a
 * value given to an attribute whose name or JSON key says password (keywords may be
 * abbreviated, so the parse decides), or, for a line that does not parse, any word
 * that says it.
 */
static bool history_secret(const char *text)
{
    struct lex_result lr = { 0 };
    bool secret = false;

    lex(text, &lr);
    for (size_t i = 0; i < lr.ncmds && !secret; i++) {
        struct command cmd;
        struct parse_error err;

        if (parse_command(&lr.cmds[i], &cmd, &err) < 0) {
            parse_error_release(&err);
            for (size_t k = 0; k < lr.cmds[i].n && !secret; k++)
                secret = mentions_password(lr.cmds[i].v[k].text);
            continue;
        }
        for (size_t k = 0; k < cmd.nvalues && !secret; k++)
            secret = cmd.values[k].text && (mentions_password(cmd.values[k].attr->name) ||
                                            mentions_password(cmd.values[k].attr->key));
        for (size_t s = 0; s < cmd.npath && !secret; s++)
            for (size_t k = 0; k < cmd.path[s].nfilters && !secret; k++)
                secret = mentions_password(cmd.path[s].filters[k].attr->key);
        command_release(&cmd);
    }
    if (lr.ncmds == 0)
        secret = mentions_password(text);
    lex_result_release(&lr);
    return secret;
}

/*
 * Enter a line, dropping any earlier copy of it (libedit's H_SETUNIQUE only drops an
 * adjacent one). The history is rebuilt without the copy: libedit has no portable way
 * to delete one entry.
 */
static void history_add(struct repl *r, const char *text)
{
    HistEvent ev;
    char **lines = NULL;
    size_t n = 0, alloc = 0;
    bool dup = false;

    for (int rc = history(r->hist, &ev, H_LAST); rc != -1; rc = history(r->hist, &ev, H_PREV)) {
        if (!strcmp(ev.str, text)) {
            dup = true;
            continue;
        }
        ALLOC_GROW(lines, n + 1, alloc);
        lines[n++] = xstrdup(ev.str);
    }
    if (dup) {
        history(r->hist, &ev, H_CLEAR);
        for (size_t i = 0; i < n; i++)
            history(r->hist, &ev, H_ENTER, lines[i]);
    }
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    history(r->hist, &ev, H_ENTER, text);
}

static void history_save(struct repl *r)
{
    HistEvent ev;
    int fd;

    if (!r->hist_path)
        return;
    /* Created 0600: commands name things an operator may not want others to read. */
    fd = open(r->hist_path, O_WRONLY | O_CREAT, 0600);
    if (fd < 0) {
        warning("cannot write history file '%s': %s", r->hist_path, strerror(errno));
        free(r->hist_path);
        r->hist_path = NULL;
        return;
    }
    close(fd);
    history(r->hist, &ev, H_SAVE, r->hist_path);
}

static void history_setup(struct repl *r)
{
    HistEvent ev;

    r->hist_size = history_size();
    r->hist = history_init();
    history(r->hist, &ev, H_SETSIZE, r->hist_size ? r->hist_size : 1);
    history(r->hist, &ev, H_SETUNIQUE, 1);
    if (!r->hist_size)
        return;
    r->hist_path = history_path();
    if (r->hist_path)
        history(r->hist, &ev, H_LOAD, r->hist_path);
}

/* ---- reading keys ---------------------------------------------------------------- */

/*
 * libedit's own key reader is a blocking read(): a signal that arrives while it is not
 * in that read (TAB waiting for names, the line being redrawn) interrupts nothing, and
 * the read that follows waits with the line neither dropped nor, the terminal being back
 * in cooked mode, editable. Keys are therefore read here, with poll() on the terminal
 * and on a pipe that the signal handlers write to: a signal before the wait leaves the
 * pipe readable, so no timing loses it.
 */
static int wake_pipe[2] = { -1, -1 };
static volatile sig_atomic_t woken, resized, continued;

static void wake(volatile sig_atomic_t *flag)
{
    int saved = errno;

    *flag = 1;
    if (wake_pipe[1] >= 0) {
        ssize_t n = write(wake_pipe[1], "", 1);

        (void)n;    /* full: a wake-up is pending already */
    }
    errno = saved;
}

void repl_wake(void)
{
    wake(&woken);
}

/*
 * libedit handles SIGWINCH and SIGCONT the first time in a line and then passes them on
 * to whatever handled them before, which its reader re-arms but this one cannot: these
 * handlers catch the next ones, and read_key() does what libedit would have done.
 */
static void on_tty_signal(int sig)
{
    wake(sig == SIGWINCH ? &resized : &continued);
}

static void drain_wake_pipe(void)
{
    char buf[64];

    while (read(wake_pipe[0], buf, sizeof(buf)) > 0)
        ;
}

static void tty_signals(struct sigaction *old, bool install)
{
    static const int sigs[] = { SIGWINCH, SIGCONT };
    struct sigaction sa = { .sa_handler = on_tty_signal };

    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
        sigaction(sigs[i], install ? &sa : &old[i], install ? &old[i] : NULL);
}

/* The character that buf[0, *len) holds (1), or 0 to read one more byte. Bytes that
 * cannot begin a character in the locale are dropped, as libedit's own reader does. */
static int decode_key(char *buf, size_t *len, wchar_t *wc)
{
    for (;;) {
        mbstate_t st = { 0 };
        size_t r = mbrtowc(wc, buf, *len, &st);

        if (r == (size_t)-2 && *len < MB_LEN_MAX)
            return 0;
        if (r < (size_t)-2)
            return 1;
        /* No character: its last byte may still begin one. */
        if (*len == 1) {
            *len = 0;
            return 0;
        }
        buf[0] = buf[*len - 1];
        *len = 1;
    }
}

/* EL_GETCFN: the next character typed (1), end of input (0), or -1 with errno EINTR once
 * repl_wake() is called or another signal ends the wait. */
static int read_key(EditLine *el, wchar_t *wc)
{
    char buf[MB_LEN_MAX];
    size_t len = 0;

    *wc = L'\0';
    for (;;) {
        struct pollfd fds[2] = {
            { .fd = STDIN_FILENO, .events = POLLIN },
            { .fd = wake_pipe[0], .events = POLLIN },
        };
        ssize_t got;

        if (woken) {
            woken = 0;
            errno = EINTR;
            return -1;
        }
        if (resized) {
            resized = 0;
            el_resize(el);
        }
        if (continued) {
            /* Back from a stop: whoever ran meanwhile may have reset the terminal. */
            continued = 0;
            el_set(el, EL_PREP_TERM, 0);
            el_set(el, EL_PREP_TERM, 1);
            el_set(el, EL_REFRESH);
        }
        /* A signal from here on leaves the pipe readable. */
        if (poll(fds, 2, -1) < 0) {
            if (errno != EINTR)
                return -1;
            /*
             * Handlers run on this thread (api/zk.c) before poll() returns: no flag
             * means a signal that libedit caught and passed on to a handler not ours
             * (one ignored: SIGTERM under nohup). The line ends, as libedit's reader
             * would have ended it, and the terminal is made raw again.
             */
            if (!woken && !resized && !continued)
                return -1;
        }
        if (fds[1].revents)
            drain_wake_pipe();
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
            continue;
        got = read(STDIN_FILENO, buf + len, 1);
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got <= 0)
            return (int)got;
        len++;
        if (decode_key(buf, &len, wc))
            return 1;
    }
}

/* ---- the loop -------------------------------------------------------------------- */

static void editline_setup(struct repl *r)
{
    EditLine *el = el_init("midosh", stdin, stdout, stderr);

    r->el = el;
    el_set(el, EL_CLIENTDATA, r);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_PROMPT, prompt);
    el_set(el, EL_HIST, history, r->hist);
    /*
     * libedit restores the terminal and resizes on signals while it reads, and passes
     * them on to main's handler; SIGINT then ends el_gets() (count -1, EINTR) through
     * read_key().
     */
    el_set(el, EL_SIGNAL, 1);
    el_set(el, EL_GETCFN, read_key);
    /* el_wset: el_set's EL_ADDFN copies the strings and never frees them. */
    el_wset(el, EL_ADDFN, L"midosh-complete", L"complete the word at the cursor", on_tab);
    el_wset(el, EL_ADDFN, L"midosh-help", L"list the words that may come next", on_help);
    el_set(el, EL_BIND, "^I", "midosh-complete", NULL);
    el_set(el, EL_BIND, "?", "midosh-help", NULL);
    /* Last, so that ~/.editrc may rebind any of the above. */
    el_source(el, NULL);
}

enum status repl_run(struct runner *rn)
{
    struct repl r = { .rn = rn };
    struct strbuf text = STRBUF_INIT;
    const char *line;
    int count;
    struct sigaction old_tty[2];
    struct lex_more more = { 0 };

    if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
        wake_pipe[0] = wake_pipe[1] = -1;
    tty_signals(old_tty, true);
    history_setup(&r);
    editline_setup(&r);
    for (;;) {
        size_t n;

        if (rn->s->exit_requested || session_ending(rn->s))
            break;
        /* A Ctrl-C typed while a command ran has stopped that command. */
        woken = 0;
        if (wake_pipe[0] >= 0)
            drain_wake_pipe();
        errno = 0;
        line = el_gets(r.el, &count);
        if (session_ending(rn->s))
            break;
        if (count < 0 && errno == EINTR) {
            /* Ctrl-C at the prompt: drop the line (and any continuation) and start over. */
            fputc('\n', stdout);
            strbuf_reset(&text);
            memset(&more, 0, sizeof(more));
            r.continuing = false;
            continue;
        }
        if (!line)
            break;
        n = strlen(line);
        if (n && line[n - 1] == '\n')
            n--;
        if (text.len)
            strbuf_addch(&text, '\n');
        strbuf_add(&text, line, n);
        /* Only the new line is lexed: a long paste of continuation lines stays linear. */
        if (lex_more(&more, line, n) == LEX_CONTINUE) {
            r.continuing = true;
            continue;
        }
        memset(&more, 0, sizeof(more));
        r.continuing = false;
        if (strspn(text.buf, " \t") != text.len) {
            if (r.hist_size && !history_secret(text.buf)) {
                history_add(&r, text.buf);
                history_save(&r);
            }
            run_text(rn, text.buf, 1);
        }
        strbuf_reset(&text);
    }
    if (!rn->s->exit_requested)
        fputc('\n', stdout);
    if (rn->s->debug)
        fprintf(stderr, "midosh: the lexer read %zu bytes\n", lex_bytes_read());
    strbuf_release(&text);
    free(r.hist_path);
    el_end(r.el);
    history_end(r.hist);
    tty_signals(old_tty, false);
    for (int i = 0; i < 2; i++) {
        int fd = wake_pipe[i];

        wake_pipe[i] = -1;    /* before the close: a handler may still write */
        if (fd >= 0)
            close(fd);
    }
    return ST_OK;
}

enum status repl_print_completions(struct runner *rn, const char *line)
{
    struct repl r = { .rn = rn };
    struct completion c;

    if (rn)
        exec_learn_dialect(rn->s, COMPLETE_TIMEOUT_MS);
    complete_line(line, strlen(line), rn ? names_from_cache : NULL, &r, &c);
    for (size_t i = 0; i < c.n; i++)
        if (c.v[i].kind != CK_PLACEHOLDER)
            printf("%s\n", c.v[i].word);
    completion_release(&c);
    return ST_OK;
}
