#include "shell/pager.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"

#define DEFAULT_PAGER "less -FRX"

static char *pager;           /* the command, or NULL: no pager */
static FILE *held;            /* the memory stream of the command running, or NULL */
static FILE *saved;           /* the session's output while held */
static char *buf;
static size_t len;

void pager_setup(bool allowed)
{
    const char *p = getenv("MIDOSH_PAGER");

    free(pager);
    pager = NULL;
    if (!p)
        p = getenv("PAGER");
    if (!p)
        p = DEFAULT_PAGER;
    if (allowed && *p && isatty(STDOUT_FILENO))
        pager = xstrdup(p);
}

void pager_begin(struct session *s, bool stream)
{
    if (!pager || stream || held)
        return;
    held = open_memstream(&buf, &len);
    if (!held)
        return;
    saved = s->out;
    s->out = held;
}

/* The terminal rows text takes, lines wrapped at cols (UTF-8 sequences one column). */
static size_t rows_of(const char *text, size_t n, size_t cols)
{
    size_t rows = 0, width = 0;

    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n') {
            rows += width ? (width + cols - 1) / cols : 1;
            width = 0;
        } else if (((unsigned char)text[i] & 0xc0) != 0x80) {
            width += text[i] == '\t' ? 8 - width % 8 : 1;
        }
    }
    return rows + (width ? (width + cols - 1) / cols : 0);
}

/* Write text to the pager; false when it could not be started. */
static bool page(const char *text, size_t n)
{
    struct sigaction ign = { .sa_handler = SIG_IGN }, old, old_int;
    int fd[2], status = 0;
    pid_t pid;

    fflush(stdout);
    if (pipe(fd) < 0)
        return false;
    /* The pager has the terminal: ^C is its (less redraws), not a reason for midosh to
     * die and leave it reading keys in the background. */
    sigaction(SIGINT, &ign, &old_int);
    pid = fork();
    if (pid < 0) {
        sigaction(SIGINT, &old_int, NULL);
        close(fd[0]);
        close(fd[1]);
        return false;
    }
    if (pid == 0) {
        dup2(fd[0], STDIN_FILENO);
        close(fd[0]);
        close(fd[1]);
        signal(SIGINT, SIG_DFL);
        execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
        _exit(127);
    }
    close(fd[0]);
    /* A pager left early ("q") closes the pipe: the rest is not wanted, and no error. */
    sigaction(SIGPIPE, &ign, &old);
    for (size_t off = 0; off < n;) {
        ssize_t w = write(fd[1], text + off, n - off);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd[1]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGPIPE, &old, NULL);
    sigaction(SIGINT, &old_int, NULL);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        /* The shell found no such command, and read nothing: the text goes to stdout. */
        warning("cannot run the pager '%s' (MIDOSH_PAGER, PAGER)", pager);
        return false;
    }
    return true;
}

void pager_end(struct session *s)
{
    struct winsize ws;

    if (!held)
        return;
    s->out = saved;
    fclose(held);
    held = NULL;
    if (len && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 1 && ws.ws_col &&
        rows_of(buf, len, ws.ws_col) > (size_t)ws.ws_row - 1 && page(buf, len)) {
        /* ^C in the pager reached midosh too: it is not meant for the next command. */
        if (s->interrupt)
            *s->interrupt = 0;
    } else {
        fwrite(buf, 1, len, s->out);
    }
    free(buf);
    buf = NULL;
    len = 0;
}
