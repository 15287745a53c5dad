#include "shell/repl.h"

#include <fcntl.h>
#include <histedit.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "parser/lexer.h"

static bool continuing;

static char *prompt(EditLine *el)
{
    (void)el;
    return continuing ? "....> " : "midosh> ";
}

/* The history file: MIDOSH_HISTFILE, else ~/.midosh_history; NULL without a home. */
static char *history_path(void)
{
    const char *env = getenv("MIDOSH_HISTFILE");
    const char *home = getenv("HOME");

    if (env && *env)
        return xstrdup(env);
    return home && *home ? xasprintf("%s/.midosh_history", home) : NULL;
}

static void history_save(History *h, const char *path)
{
    HistEvent ev;
    int fd;

    if (!path)
        return;
    /* Created 0600: commands may name things an operator does not want others to read. */
    fd = open(path, O_WRONLY | O_CREAT, 0600);
    if (fd >= 0)
        close(fd);
    history(h, &ev, H_SAVE, path);
}

enum status repl_run(struct runner *rn)
{
    EditLine *el = el_init("midosh", stdin, stdout, stderr);
    History *hist = history_init();
    HistEvent ev;
    char *path = history_path();
    struct strbuf text = STRBUF_INIT;
    const char *line;
    int count;

    history(hist, &ev, H_SETSIZE, 1000);
    history(hist, &ev, H_SETUNIQUE, 1);
    if (path)
        history(hist, &ev, H_LOAD, path);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_PROMPT, prompt);
    el_set(el, EL_HIST, history, hist);
    el_set(el, EL_SIGNAL, 1);
    el_source(el, NULL);

    while (!rn->s->exit_requested && (line = el_gets(el, &count)) != NULL) {
        struct lex_result lr = { 0 };
        enum lex_status ls;
        size_t n = strlen(line);

        if (n && line[n - 1] == '\n')
            n--;
        if (text.len)
            strbuf_addch(&text, '\n');
        strbuf_add(&text, line, n);
        ls = lex(text.buf, &lr);
        lex_result_release(&lr);
        if (ls == LEX_CONTINUE) {
            continuing = true;
            continue;
        }
        continuing = false;
        if (strspn(text.buf, " \t") != text.len) {
            history(hist, &ev, H_ENTER, text.buf);
            history_save(hist, path);
            run_text(rn, text.buf, 1);
        }
        strbuf_reset(&text);
    }
    if (!rn->s->exit_requested)
        fputc('\n', stdout);
    strbuf_release(&text);
    free(path);
    history_end(hist);
    el_end(el);
    return ST_OK;
}
