/*
 * Unit tests of exec_command() (shell/exec.h) over a recorded-response backend
 * (tests/unit/fake_backend.h): which requests a command makes, the cache rule each write
 * applies (doc/cache.md), the one retry after a 404 on an object named from an older copy,
 * and the one fetch more of a reference's collection that lacks a name. No server.
 */
#include <stdlib.h>
#include <string.h>

#include "parser/lexer.h"
#include "shell/exec.h"
#include "shell/resolve.h"
#include "shell/verb.h"
#include "tests/unit/fake_backend.h"
#include "tests/unit/unit.h"

#define B1 "b1000000-0000-4000-8000-000000000001"
#define B1NEW "b1000000-1111-4000-8000-000000000001"
#define B2 "b2000000-0000-4000-8000-000000000002"
#define B9 "b9000000-0000-4000-8000-000000000009"
#define P1 "e1000000-0000-4000-8000-000000000001"
#define C1 "c1000000-0000-4000-8000-000000000001"

#define BRIDGE(id, name)                                                                       \
    "{\"id\":\"" id "\",\"name\":\"" name "\",\"tenantId\":\"t\",\"uri\":\"http://api/bridges/" \
    id "\",\"ports\":\"http://api/bridges/" id "/ports\"}"

/* The world before: two bridges, b1 with a port; no chain. */
static const struct fake_answer before[] = {
    { "http://api/bridges", "[" BRIDGE(B1, "b1") "," BRIDGE(B2, "b2") "]" },
    { "http://api/bridges/" B1 "/ports",
      "[{\"id\":\"" P1 "\",\"type\":\"Bridge\",\"deviceId\":\"" B1 "\","
      "\"uri\":\"http://api/ports/" P1 "\"}]" },
    { "http://api/bridges/" B2 "/ports", "[]" },
    { "http://api/chains", "[]" },
    { NULL, NULL },
};

/* The world after someone else's changes: b1 deleted and made again (a new id); chain c1. */
static const struct fake_answer after[] = {
    { "http://api/bridges", "[" BRIDGE(B1NEW, "b1") "," BRIDGE(B2, "b2") "]" },
    { "http://api/bridges/" B1NEW "/ports", "[]" },
    { "http://api/bridges/" B2 "/ports", "[]" },
    { "http://api/chains",
      "[{\"id\":\"" C1 "\",\"name\":\"c1\",\"uri\":\"http://api/chains/" C1 "\"}]" },
    { NULL, NULL },
};

static const char *const b1_gone[] = { "http://api/bridges/" B1, NULL };

/* Run line (one command) in s; its status. */
static enum status run_line(struct session *s, const char *line)
{
    struct lex_result lr = { 0 };
    struct parse_error err = { 0 };
    struct command cmd;
    enum status st = ST_USAGE;

    if (lex(line, &lr) == LEX_OK && lr.ncmds == 1 && parse_command(&lr.cmds[0], &cmd, &err) == 0) {
        st = exec_command(s, &cmd);
        command_release(&cmd);
    } else {
        unit_check(false, __FILE__, __LINE__, "cannot parse '%s'", line);
    }
    parse_error_release(&err);
    lex_result_release(&lr);
    return st;
}

/* Does word name an object in the cached entry uri, with no request? */
static bool resolves_cached(struct session *s, struct fake_backend *fb, const char *uri,
                            const char *word)
{
    static const struct command list_cmd = { .verb = VERB_LIST };
    struct run r = { .s = s, .cmd = &list_cmd };
    struct cache_coll *e = cache_find(&s->cache, uri);
    unsigned gets = fb->gets;
    size_t i;
    bool found;

    error_set_quiet(true);
    found = e && !e->stale && resolve_in(&r, e, word, &i) == FOUND;
    error_set_quiet(false);
    return found && fb->gets == gets;
}

static void test_commands(void)
{
    static const struct {
        const char *name;
        const char *pre[3];             /* run first, on the world before */
        bool changed;                   /* then the world is the one after */
        const char *const *gone;
        const char *line;
        enum status want;
        const char *log;                /* the requests line makes */
        const char *err;                /* a part of what it prints on stderr, or "" */
        const char *cached;             /* "URI WORD": resolves then from the cache alone */
        const char *dropped;            /* an entry no longer cached after line */
    } rows[] = {
        { "create: the new name resolves from the cache, no GET",
          { "list bridge" }, false, NULL, "create bridge name b9", ST_OK,
          "POST http://api/bridges\n", "", "http://api/bridges b9", NULL },
        { "set: the new copy replaces the cached one, no refetch",
          { "list bridge" }, false, NULL, "set bridge b1 name b1x", ST_OK,
          "GET http://api/bridges/" B1 "\nPUT http://api/bridges/" B1 "\n", "",
          "http://api/bridges b1x", NULL },
        { "delete: the object leaves its entry, its children's entries are dropped",
          { "list bridge", "list bridge b1 port" }, false, NULL, "delete bridge b1", ST_OK,
          "DELETE http://api/bridges/" B1 "\n", "", "http://api/bridges b2",
          "http://api/bridges/" B1 "/ports" },
        { "a 404 on an object named from an older copy: one retry on a fresh cache",
          { "list bridge" }, true, b1_gone, "set bridge b1 name z", ST_OK,
          "GET http://api/bridges/" B1 "\nGET http://api/bridges\n"
          "PUT http://api/bridges/" B1NEW "\n", "", "http://api/bridges z", NULL },
        { "a 404 on an object named from a copy of this command: no retry",
          { NULL }, false, b1_gone, "set bridge b1 name z", ST_FAILED,
          "GET http://api/bridges\nPUT http://api/bridges/" B1 "\n", "no such resource",
          NULL, NULL },
        { "a reference missing from an older copy: its collection is fetched once more",
          { "list bridge", "list chain" }, true, NULL, "set bridge b2 infilter c1", ST_OK,
          "GET http://api/bridges/" B2 "\nGET http://api/chains\n"
          "PUT http://api/bridges/" B2 "\n", "", NULL, NULL },
        { "a reference missing from a fresh copy too: fetched once, not again",
          { "list bridge", "list chain" }, false, NULL, "set bridge b2 infilter c9",
          ST_FAILED, "GET http://api/bridges/" B2 "\nGET http://api/chains\n", "c9", NULL, NULL },
    };

    for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
        struct fake_backend fb = { .answers = before, .location = "http://api/bridges/" B9 };
        struct session s;
        enum status st;
        char *err, *out;

        unit_begin("exec: %s", rows[k].name);
        fake_session(&s, &fb);
        for (size_t p = 0; p < ARRAY_SIZE(rows[k].pre) && rows[k].pre[p]; p++)
            CHECK_MSG(run_line(&s, rows[k].pre[p]) == ST_OK, "%s", rows[k].pre[p]);
        if (rows[k].changed)
            fb.answers = after;
        fb.gone = rows[k].gone;
        strbuf_reset(&fb.log);
        free(fake_output(&s));
        unit_stderr_begin();
        st = run_line(&s, rows[k].line);
        err = unit_stderr_end();
        out = fake_output(&s);
        CHECK_MSG(st == rows[k].want, "status %d, want %d; stderr: %s", st, rows[k].want, err);
        CHECK_STR(fb.log.buf, rows[k].log);
        if (*rows[k].err)
            CHECK_MSG(strstr(err, rows[k].err), "stderr: %s", err);
        else
            CHECK_MSG(!strstr(err, "error") && !strstr(err, "cannot"), "stderr: %s", err);
        if (rows[k].cached) {
            const char *space = strchr(rows[k].cached, ' ');
            char *uri = xstrndup(rows[k].cached, (size_t)(space - rows[k].cached));

            CHECK_MSG(resolves_cached(&s, &fb, uri, space + 1), "%s", rows[k].cached);
            free(uri);
        }
        if (rows[k].dropped)
            CHECK_MSG(!cache_find(&s.cache, rows[k].dropped), "%s is cached", rows[k].dropped);
        free(err);
        free(out);
        fake_release(&s, &fb);
        unit_end();
    }
}

static void test_every_verb_has_a_function(void)
{
    for (int v = 0; v < VERB_COUNT; v++) {
        unit_begin("verb table: %s", verb_name((enum verb)v));
        CHECK(verb_table[v].fn != NULL);
        unit_end();
    }
}

int main(void)
{
    unit_run("commands", test_commands);
    unit_run("verb table", test_every_verb_has_a_function);
    return unit_done();
}
