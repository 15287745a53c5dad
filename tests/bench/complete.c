/*
 * complete: TAB-completion latency with a filled cache (a benchmark: it prints figures
 * and asserts nothing).
 *
 *   complete URL [ROUNDS]
 *
 * Against the API at URL (tests/bench/run fills it with 10,000 bridges), one GET fills
 * the session's cache the way the REPL's first TAB or `list bridge` would; then every
 * line below is completed ROUNDS times (default 200) exactly as a TAB at the end of it
 * is: complete_line() with the REPL's names callback (exec_complete() on the cache), and
 * the text TAB would insert. Prints p50, p99 and the maximum per line, in milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "lib/util.h"
#include "parser/complete.h"
#include "shell/exec.h"
#include "shell/session.h"

static const char *const lines[] = {
    "show bridge ",             /* every name: nothing to insert, the whole list */
    "show bridge b0",           /* 1,000 names share the prefix */
    "show bridge b0999",        /* one name */
    "bridge b04242 set state ", /* an enum value, after resolving nothing */
    "list bridge ",             /* names and attributes */
    "li",                       /* a keyword: the cache is not asked */
};

static void names(void *ctx, const struct step *path, size_t npath, const struct type *t,
                  const struct attr *a, char ***out, size_t *n)
{
    exec_complete(ctx, path, npath, t, a, 300, out, n);
}

static double now_ms(void)
{
    return monotonic_now() * 1e3;
}

/* One TAB: the candidates, and what would be inserted. Returns the candidates' count. */
static size_t tab(struct session *s, const char *line)
{
    struct completion c;
    struct strbuf text = STRBUF_INIT;
    char *common;
    size_t n;

    complete_line(line, strlen(line), names, s, &c);
    n = completion_words(&c);
    common = completion_common(&c);
    completion_text(&c, common, n == 1, &text);
    free(common);
    strbuf_release(&text);
    completion_release(&c);
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    struct api_options ao = { 0 };
    struct session s;
    struct api *api;
    int rounds = argc > 2 ? atoi(argv[2]) : 200;
    double *t;

    error_set_program("bench/complete");
    if (argc < 2 || rounds < 1) {
        fputs("usage: complete URL [ROUNDS]\n", stderr);
        return 2;
    }
    ao.url = argv[1];
    ao.connect_timeout_ms = 5000;
    ao.timeout_ms = 60000;
    api = api_new(&ao);
    session_init(&s, api);
    s.max_age = 5;
    s.interactive = true;
    t = xcalloc((size_t)rounds, sizeof(*t));

    /* The first TAB fetches the collection (not timed: it is the network's time). */
    {
        char **v = NULL;
        size_t n = 0;

        exec_complete(&s, NULL, 0, schema_find_type("bridge", NULL), NULL, 60000, &v, &n);
        printf("cached bridges: %zu\n", n);
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        free(v);
    }
    printf("%-28s %10s %8s %8s %8s\n", "TAB after", "candidates", "p50 ms", "p99 ms", "max ms");
    for (size_t l = 0; l < ARRAY_SIZE(lines); l++) {
        size_t n = 0;

        for (int r = 0; r < rounds; r++) {
            double t0 = now_ms();

            n = tab(&s, lines[l]);
            t[r] = now_ms() - t0;
        }
        qsort(t, (size_t)rounds, sizeof(*t), cmp_double);
        printf("%-28s %10zu %8.3f %8.3f %8.3f\n", lines[l], n, t[rounds / 2],
               t[(size_t)(rounds * 0.99) < (size_t)rounds ? (size_t)(rounds * 0.99) : (size_t)rounds - 1],
               t[rounds - 1]);
    }
    free(t);
    session_release(&s);
    api_free(api);
    return 0;
}
