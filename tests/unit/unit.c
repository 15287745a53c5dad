#include "tests/unit/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *current;           /* the open case's name */
static char *first_failure;     /* its first failure */
static unsigned failed_cases, cases;

void unit_begin(const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;

    if (current)
        unit_end();
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    current = strbuf_detach(&sb);
}

void unit_end(void)
{
    if (!current)
        return;
    cases++;
    if (first_failure) {
        failed_cases++;
        printf("not ok - %s: %s\n", current, first_failure);
    } else {
        printf("ok - %s\n", current);
    }
    fflush(stdout);
    free(current);
    free(first_failure);
    current = NULL;
    first_failure = NULL;
}

void unit_run(const char *name, void (*fn)(void))
{
    unit_begin("%s", name);
    fn();
    unit_end();
}

int unit_done(void)
{
    unit_end();
    if (!cases) {
        printf("not ok - no test cases ran\n");
        return 1;
    }
    return failed_cases ? 1 : 0;
}

bool unit_check(bool ok, const char *file, int line, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;

    if (ok || first_failure)
        return ok;
    strbuf_addf(&sb, "%s:%d: ", file, line);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    /* One line per case, whatever the message holds. */
    for (char *p = sb.buf; *p; p++)
        if (*p == '\n')
            *p = '|';
    first_failure = strbuf_detach(&sb);
    if (!current) {
        /* A check outside any case is a case of its own. */
        current = xstrdup("(outside a test case)");
        unit_end();
    }
    return false;
}

bool unit_check_str(const char *got, const char *want, const char *expr, const char *file, int line)
{
    bool ok = got && want ? !strcmp(got, want) : got == want;

    return unit_check(ok, file, line, "%s is %s%s%s, want %s%s%s", expr,
                      got ? "'" : "", got ? got : "NULL", got ? "'" : "",
                      want ? "'" : "", want ? want : "NULL", want ? "'" : "");
}

bool unit_check_long(long long got, long long want, const char *expr, const char *file, int line)
{
    return unit_check(got == want, file, line, "%s is %lld, want %lld", expr, got, want);
}

static FILE *captured;
static int saved_stderr = -1;

void unit_stderr_begin(void)
{
    fflush(stderr);
    captured = tmpfile();
    saved_stderr = dup(2);
    if (!captured || saved_stderr < 0 || dup2(fileno(captured), 2) < 0)
        die(1, "cannot capture stderr");
}

char *unit_stderr_end(void)
{
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;

    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    saved_stderr = -1;
    rewind(captured);
    while ((n = fread(buf, 1, sizeof(buf), captured)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(captured);
    captured = NULL;
    return strbuf_detach(&sb);
}
