/*
 * Unit tests for shell/options.c: the rc file, the environment and the command line.
 * Each case runs options_load() with its own rc file and environment under a private
 * temporary directory and captures what it prints on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "lib/util.h"
#include "shell/options.h"
#include "tests/unit/unit.h"


static char tmpdir[] = "/tmp/midosh-test-options-XXXXXX";
static char *rc;          /* tmpdir/rc, what MIDOSH_RC names */
static char *errfile;     /* tmpdir/stderr */

static const char *const env_names[] = {
    "MIDO_API_URL", "MIDO_USER", "MIDO_PASSWORD", "MIDO_PROJECT_ID", "MIDO_TENANT",
};

/*
 * A fresh environment: no MIDO_* variables, and MIDOSH_RC naming rc, which holds text;
 * without text, MIDOSH_RC is "" (no rc file).
 */
static void setup(const char *text)
{
    for (size_t i = 0; i < ARRAY_SIZE(env_names); i++)
        unsetenv(env_names[i]);
    setenv("HOME", tmpdir, 1);
    setenv("MIDOSH_RC", text ? rc : "", 1);
    unlink(rc);
    if (text) {
        FILE *f = fopen(rc, "w");
        fputs(text, f);
        fclose(f);
        chmod(rc, 0600);
    }
}

static char *slurp(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;
    FILE *f = fopen(path, "r");

    if (!f)
        return xstrdup("");
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(f);
    return strbuf_detach(&sb);
}

/*
 * Runs options_load() on the NULL-terminated arguments after "midosh". Sets *err to what
 * it printed on stderr (the caller frees it). Returns what options_load() returned.
 */
static int load(struct options *o, char **err, ...)
{
    char **argv = NULL;
    size_t argc = 0, alloc = 0;
    const char *arg;
    va_list ap;
    int saved, fd, ret;

    ALLOC_GROW(argv, argc + 1, alloc);
    argv[argc++] = xstrdup("midosh");
    va_start(ap, err);
    while ((arg = va_arg(ap, const char *))) {
        ALLOC_GROW(argv, argc + 1, alloc);
        argv[argc++] = xstrdup(arg);
    }
    va_end(ap);
    ALLOC_GROW(argv, argc + 1, alloc);
    argv[argc] = NULL;

    fflush(stderr);
    saved = dup(2);
    fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    ret = options_load(o, (int)argc, argv);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    *err = slurp(errfile);

    for (size_t i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return ret;
}

#define URL "--midonet-url", "http://api:8080/midonet-api"

static const char full_rc[] =
    "[cli]\n"
    "api_url = http://rc:8080/midonet-api\n"
    "username = rcuser\n"
    "password = rcpass\n"
    "project_id = rcproject\n"
    "tenant = rctenant\n";

static void test_defaults(void)
{
    struct options o;
    char *err;

    setup(NULL);
    CHECK_INT(load(&o, &err, URL, NULL), 0);
    CHECK_STR(err, "");
    CHECK_STR(o.api_url, "http://api:8080/midonet-api");
    CHECK(!o.user && !o.password && !o.project_id && !o.tenant);
    CHECK(!o.no_auth && !o.debug && !o.keep_going);
    CHECK_INT(o.output, OUT_TEXT);
    CHECK_INT(o.connect_timeout_ms, 5000);
    CHECK_INT(o.timeout_ms, 30000);
    CHECK_INT(o.ncommands, 0);
    CHECK(!o.file && !o.rc_path);
    options_release(&o);
    free(err);
}

static void test_flags(void)
{
    struct options o;
    char *err;

    setup(NULL);
    CHECK_INT(load(&o, &err, URL, "-kd", "--output=json", "-f", "-", NULL), 0);
    CHECK(o.keep_going && o.debug);
    CHECK_INT(o.output, OUT_JSON);
    CHECK_STR(o.file, "-");
    options_release(&o);
    free(err);
    CHECK_INT(load(&o, &err, URL, "--keep-going", "--debug", "-o", "text", NULL), 0);
    CHECK(o.keep_going && o.debug);
    CHECK_INT(o.output, OUT_TEXT);
    options_release(&o);
    free(err);
}

static void test_rc_only(void)
{
    struct options o;
    char *err;

    setup(full_rc);
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK_STR(err, "");
    CHECK_STR(o.api_url, "http://rc:8080/midonet-api");
    CHECK_STR(o.user, "rcuser");
    CHECK_STR(o.password, "rcpass");
    CHECK_STR(o.project_id, "rcproject");
    CHECK_STR(o.tenant, "rctenant");
    CHECK_STR(o.rc_path, rc);
    options_release(&o);
    free(err);
}

static void test_env_over_rc(void)
{
    struct options o;
    char *err;

    setup(full_rc);
    setenv("MIDO_API_URL", "http://env:8080/midonet-api", 1);
    setenv("MIDO_USER", "envuser", 1);
    setenv("MIDO_PASSWORD", "envpass", 1);
    setenv("MIDO_PROJECT_ID", "envproject", 1);
    setenv("MIDO_TENANT", "envtenant", 1);
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK_STR(o.api_url, "http://env:8080/midonet-api");
    CHECK_STR(o.user, "envuser");
    CHECK_STR(o.password, "envpass");
    CHECK_STR(o.project_id, "envproject");
    CHECK_STR(o.tenant, "envtenant");
    options_release(&o);
    free(err);
}

static void test_empty_env_does_not_override(void)
{
    struct options o;
    char *err;

    setup(full_rc);
    for (size_t i = 0; i < ARRAY_SIZE(env_names); i++)
        setenv(env_names[i], "", 1);
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK_STR(o.api_url, "http://rc:8080/midonet-api");
    CHECK_STR(o.user, "rcuser");
    CHECK_STR(o.password, "rcpass");
    CHECK_STR(o.project_id, "rcproject");
    CHECK_STR(o.tenant, "rctenant");
    options_release(&o);
    free(err);
}

static void test_argv_over_env(void)
{
    struct options o;
    char *err;

    setup(full_rc);
    setenv("MIDO_API_URL", "http://env:8080/midonet-api", 1);
    setenv("MIDO_USER", "envuser", 1);
    setenv("MIDO_PASSWORD", "envpass", 1);
    setenv("MIDO_PROJECT_ID", "envproject", 1);
    setenv("MIDO_TENANT", "envtenant", 1);
    CHECK_INT(load(&o, &err, "--midonet-url", "https://argv/midonet-api", "-u", "argvuser",
                      "--project-id=argvproject", "--tenant", "argvtenant", NULL), 0);
    CHECK_STR(o.api_url, "https://argv/midonet-api");
    CHECK_STR(o.user, "argvuser");
    CHECK_STR(o.password, "envpass");
    CHECK_STR(o.project_id, "argvproject");
    CHECK_STR(o.tenant, "argvtenant");
    options_release(&o);
    free(err);
    CHECK_INT(load(&o, &err, "--user=u2", "-i", "p2", NULL), 0);
    CHECK_STR(o.user, "u2");
    CHECK_STR(o.project_id, "p2");
    options_release(&o);
    free(err);
}

/* An empty value on the command line unsets what the rc file set. */
static void test_argv_empty_unsets(void)
{
    struct options o;
    char *err;

    setup(full_rc);
    CHECK_INT(load(&o, &err, "-u", "", "--tenant=", NULL), 0);
    CHECK(!o.user && !o.password && !o.tenant);
    CHECK_STR(o.project_id, "rcproject");
    options_release(&o);
    free(err);
}

static void test_commands(void)
{
    struct options o;
    char *err;

    setup(NULL);
    CHECK_INT(load(&o, &err, URL, "-c", "list bridge", "--command=list router; list port",
                      "-c", "", NULL), 0);
    CHECK_INT(o.ncommands, 3);
    CHECK_STR(o.commands[0], "list bridge");
    CHECK_STR(o.commands[1], "list router; list port");
    CHECK_STR(o.commands[2], "");
    options_release(&o);
    free(err);
}

static void test_eval(void)
{
    struct options o;
    char *err;

    setup(NULL);
    CHECK_INT(load(&o, &err, URL, "-c", "first", "-e", "create", "bridge", "name",
                      "\"a b\"", NULL), 0);
    CHECK_INT(o.ncommands, 2);
    CHECK_STR(o.commands[0], "first");
    CHECK_STR(o.commands[1], "create bridge name \"a b\"");
    options_release(&o);
    free(err);

    /* Words before -e are part of the command (optparse collected them all). */
    CHECK_INT(load(&o, &err, "list", URL, "--eval", "bridge", NULL), 0);
    CHECK_INT(o.ncommands, 1);
    CHECK_STR(o.commands[0], "list bridge");
    options_release(&o);
    free(err);

    /* After -e nothing is an option; -- right after it is dropped. */
    CHECK_INT(load(&o, &err, URL, "-e", "--", "list", "-d", "--foo", NULL), 0);
    CHECK(!o.debug);
    CHECK_INT(o.ncommands, 1);
    CHECK_STR(o.commands[0], "list -d --foo");
    options_release(&o);
    free(err);

    /* In a cluster, the letters after e are still options. */
    CHECK_INT(load(&o, &err, URL, "-ed", "list", NULL), 0);
    CHECK(o.debug);
    CHECK_STR(o.commands[0], "list");
    options_release(&o);
    free(err);
    CHECK_INT(load(&o, &err, URL, "-de", "list", NULL), 0);
    CHECK(o.debug);
    CHECK_STR(o.commands[0], "list");
    options_release(&o);
    free(err);

    /* An empty -e is one empty command. */
    CHECK_INT(load(&o, &err, URL, "-e", NULL), 0);
    CHECK_INT(o.ncommands, 1);
    CHECK_STR(o.commands[0], "");
    options_release(&o);
    free(err);
}

static void test_command_and_file(void)
{
    struct options o;
    char *err;

    setup(NULL);
    CHECK_INT(load(&o, &err, URL, "-c", "list bridge", "-f", "x.mido", NULL), -1);
    CHECK_STR(err, "midosh: -c and -f cannot be used together\n");
    options_release(&o);
    free(err);
    CHECK_INT(load(&o, &err, URL, "--file=x.mido", "-e", "list", NULL), -1);
    CHECK_STR(err, "midosh: -e and -f cannot be used together\n");
    options_release(&o);
    free(err);
}

static void test_bad_arguments(void)
{
    static const struct {
        const char *args[3];
        const char *err;
    } cases[] = {
        { { "list", "bridge" }, "midosh: unexpected argument 'list' (use -c to run a command)\n" },
        { { "--", "-d" }, "midosh: unexpected argument '-d' (use -c to run a command)\n" },
        { { "--frobnicate" }, "midosh: unknown option '--frobnicate' (see 'midosh --help')\n" },
        { { "-x" }, "midosh: unknown option '-x' (see 'midosh --help')\n" },
        { { "-dx" }, "midosh: unknown option '-x' (see 'midosh --help')\n" },
        { { "--t", "5" }, "midosh: ambiguous option '--t' (see 'midosh --help')\n" },
        { { "--debug=yes" }, "midosh: option '--debug' takes no value (see 'midosh --help')\n" },
        { { "-c" }, "midosh: option '-c' needs a value (see 'midosh --help')\n" },
        { { "--tenant" }, "midosh: option '--tenant' needs a value (see 'midosh --help')\n" },
        { { "-o", "yaml" },
          "midosh: unknown output format 'yaml' (expected text, json or table)\n" },
        { { "--timeout", "x" },
          "midosh: invalid timeout 'x' (expected seconds, such as 5 or 0.5)\n" },
        { { "--connect-timeout", "0" },
          "midosh: invalid timeout '0' (expected seconds, such as 5 or 0.5)\n" },
        { { "--timeout=" }, "midosh: invalid timeout '' (expected seconds, such as 5 or 0.5)\n" },
        { { "--timeout", "-1" },
          "midosh: invalid timeout '-1' (expected seconds, such as 5 or 0.5)\n" },
        { { "--timeout", "1e3" },
          "midosh: invalid timeout '1e3' (expected seconds, such as 5 or 0.5)\n" },
        { { "--timeout", "." },
          "midosh: invalid timeout '.' (expected seconds, such as 5 or 0.5)\n" },
        { { "--timeout", "0.0004" },
          "midosh: invalid timeout '0.0004' (expected seconds, such as 5 or 0.5)\n" },
        { { "--timeout", "99999999999999999999" },
          "midosh: invalid timeout '99999999999999999999' (expected seconds, such as 5 or 0.5)\n" },
    };

    setup(NULL);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct options o;
        char *err;

        unit_begin("bad arguments: %s%s%s", cases[i].args[0],
                   cases[i].args[1] ? " " : "", cases[i].args[1] ? cases[i].args[1] : "");
        CHECK_INT(load(&o, &err, URL, cases[i].args[0], cases[i].args[1],
                       cases[i].args[2], NULL), -1);
        CHECK_STR(err, cases[i].err);
        options_release(&o);
        free(err);
        unit_end();
    }
}

static void test_timeouts(void)
{
    static const struct {
        const char *arg;
        long ms;
    } cases[] = {
        { "7", 7000 }, { "0.5", 500 }, { ".25", 250 }, { "2.", 2000 }, { "1.2345", 1234 },
        { "0.001", 1 }, { "2147483", 2147483000L },
    };

    setup(NULL);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct options o;
        char *err;

        unit_begin("timeout %s", cases[i].arg);
        CHECK_INT(load(&o, &err, URL, "--timeout", cases[i].arg,
                       "--connect-timeout", cases[i].arg, NULL), 0);
        CHECK_INT(o.timeout_ms, cases[i].ms);
        CHECK_INT(o.connect_timeout_ms, cases[i].ms);
        options_release(&o);
        free(err);
        unit_end();
    }
}

static void test_rc_syntax(void)
{
    struct options o;
    char *err, *value;

    setup("# a comment\n"
          "; another\n"
          "\n"
          "[DEFAULT]\n"
          "host = h1\n"
          "username = fromdefault\n"
          "Project_ID = p-default\n"
          "\n"
          "[other]\n"
          "api_url = http://other/\n"
          "broken = %(nowhere)s\n"
          "\n"
          "[cli]   # the midonet-cli section\n"
          "   api_url   =   http://%(HOST)s:8080/midonet-api   \n"
          "username: admin\n"
          "password = 100%% %(secret)s\n"
          "secret = x\n"
          "  y\n"
          "zookeeper_hosts = %(host)s:2181\n"
          "tenant = first\n"
          "TENANT = second\n");
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK_STR(err, "");
    CHECK_STR(o.api_url, "http://h1:8080/midonet-api");
    CHECK_STR(o.user, "admin");
    CHECK_STR(o.password, "100% x\ny");
    CHECK_STR(o.project_id, "p-default");
    CHECK_STR(o.tenant, "second");
    CHECK_INT(options_rc_get(&o, "zookeeper_hosts", &value), 0);
    CHECK_STR(value, "h1:2181");
    free(value);
    CHECK_INT(options_rc_get(&o, "no_such_key", &value), 0);
    CHECK(value == NULL);
    options_release(&o);
    free(err);
}

static void test_rc_missing(void)
{
    struct options o;
    char *err, *value;

    /* A missing ~/.midonetrc is fine. */
    setup(NULL);
    unsetenv("MIDOSH_RC");
    CHECK_INT(load(&o, &err, URL, NULL), 0);
    CHECK_STR(err, "");
    CHECK(o.rc_path == NULL);
    CHECK_INT(options_rc_get(&o, "zookeeper_hosts", &value), 0);
    CHECK(value == NULL);
    options_release(&o);
    free(err);

    /* A missing file that MIDOSH_RC names is not. */
    setup(NULL);
    setenv("MIDOSH_RC", rc, 1);
    CHECK_INT(load(&o, &err, URL, NULL), -1);
    CHECK(starts_with(err, "midosh: cannot read '") && strstr(err, "No such file"));
    options_release(&o);
    free(err);
}

static void test_rc_from_home(void)
{
    struct options o;
    char *err, *path = xasprintf("%s/.midonetrc", tmpdir);
    FILE *f;

    setup(NULL);
    unsetenv("MIDOSH_RC");
    f = fopen(path, "w");
    fputs("[cli]\napi_url = http://home/midonet-api\n", f);
    fclose(f);
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK_STR(o.api_url, "http://home/midonet-api");
    CHECK_STR(o.rc_path, path);
    options_release(&o);
    free(err);

    /* MIDOSH_RC="" reads no file at all. */
    setenv("MIDOSH_RC", "", 1);
    CHECK_INT(load(&o, &err, URL, NULL), 0);
    CHECK(o.rc_path == NULL);
    CHECK_STR(o.api_url, "http://api:8080/midonet-api");
    options_release(&o);
    free(err);
    unlink(path);
    free(path);
}

static void check_rc_error(const char *what, const char *text, unsigned line, const char *msg)
{
    struct options o;
    char *err, *want = xasprintf("%s:%u: %s\n", rc, line, msg);

    unit_begin("rc error: %s", what);
    setup(text);
    CHECK_INT(load(&o, &err, URL, NULL), -1);
    CHECK_STR(err, want);
    CHECK(strstr(err, "s3cret") == NULL);
    options_release(&o);
    free(err);
    free(want);
    unit_end();
}

static void test_rc_errors(void)
{
    check_rc_error("a key without a value", "[cli]\n# fine\napi_url\n", 3,
                   "expected 'key = value'");
    check_rc_error("a value without a key", "[cli]\n= value\n", 2,
                   "expected 'key = value'");
    check_rc_error("a bad line in another section", "[other]\njunk\n", 2,
                   "expected 'key = value'");
    check_rc_error("no section", "api_url = http://x\n", 1,
                   "expected a section header such as '[cli]' first");
    check_rc_error("an unclosed section", "[cli\n", 1, "expected '[section]'");
    check_rc_error("an empty section", "[]\n", 1, "expected '[section]'");
    check_rc_error("junk after a section", "[cli] x\n", 1, "expected '[section]'");
    check_rc_error("a reference to nothing", "[cli]\nuser = u\npassword = s3cret%(nope)s\n", 3,
                   "'password' refers to 'nope', which is not set");
    check_rc_error("a reference loop", "[cli]\npassword = s3cret%(a)s\na = %(password)s\n", 2,
                   "cannot interpolate 'password': references nest too deep (a loop?)");
    check_rc_error("a lone %", "[cli]\npassword = s3cret 100%\n", 2,
                   "bad '%' in the value of 'password' (write %% for a literal %)");
    check_rc_error("a reference without s", "[cli]\npassword = s3cret %(x)d\nx = 1\n", 2,
                   "bad reference in the value of 'password' (expected %(name)s)");
}

static void test_rc_get_error(void)
{
    struct options o;
    char *err, *value = NULL, *want;

    setup("[cli]\nzookeeper_hosts = %(zk)s\n");
    CHECK_INT(load(&o, &err, URL, NULL), 0);
    free(err);
    fflush(stderr);
    {
        int saved = dup(2), fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 2);
        close(fd);
        CHECK_INT(options_rc_get(&o, "ZooKeeper_Hosts", &value), -1);
        dup2(saved, 2);
        close(saved);
    }
    CHECK(value == NULL);
    err = slurp(errfile);
    want = xasprintf("%s:2: 'zookeeper_hosts' refers to 'zk', which is not set\n", rc);
    CHECK_STR(err, want);
    free(want);
    free(err);
    options_release(&o);
}

static void test_permission_warning(void)
{
    static const char text[] = "[cli]\napi_url = http://x/\nusername = u\npassword = pw\n";
    struct options o;
    char *err, *want = xasprintf("midosh: warning: %s holds a password and is readable by "
                                 "others (chmod 600 it)\n", rc);

    setup(text);
    chmod(rc, 0644);
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK_STR(err, want);
    options_release(&o);
    free(err);

    chmod(rc, 0640);
    CHECK_INT(load(&o, &err, "-A", NULL), 0);
    CHECK_STR(err, want);
    options_release(&o);
    free(err);

    chmod(rc, 0600);
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK_STR(err, "");
    options_release(&o);
    free(err);

    setup("[cli]\napi_url = http://x/\n");
    chmod(rc, 0644);
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK_STR(err, "");
    options_release(&o);
    free(err);
    free(want);
}

static void test_missing_url(void)
{
    struct options o;
    char *err;

    /* No URL is no error yet: help and describe need none (the commands that do say so). */
    setup("[cli]\nusername = u\npassword = p\n");
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK_STR(err, "");
    CHECK(o.api_url == NULL);
    options_release(&o);
    free(err);

    CHECK_INT(load(&o, &err, "--midonet-url", "api:8080", NULL), -1);
    CHECK_STR(err, "midosh: invalid API URL 'api:8080' (expected "
                 "http://HOST:8080/midonet-api)\n");
    options_release(&o);
    free(err);
}

static void test_missing_password(void)
{
    struct options o;
    char *err;

    setup("[cli]\napi_url = http://x/\nusername = admin\n");
    CHECK_INT(load(&o, &err, NULL), -1);
    CHECK_STR(err, "midosh: no password for user 'admin' (use -p, MIDO_PASSWORD, or "
                 "password in ~/.midonetrc)\n");
    options_release(&o);
    free(err);

    setup("[cli]\napi_url = http://x/\npassword =\n");
    CHECK_INT(load(&o, &err, "-u", "bob", NULL), -1);
    CHECK_STR(err, "midosh: no password for user 'bob' (use -p, MIDO_PASSWORD, or "
                 "password in ~/.midonetrc)\n");
    options_release(&o);
    free(err);
}

static void test_no_auth(void)
{
    struct options o;
    char *err;

    setup(full_rc);
    CHECK_INT(load(&o, &err, "-A", NULL), 0);
    CHECK(o.no_auth);
    CHECK(!o.user && !o.password);
    CHECK_STR(o.project_id, "rcproject");
    options_release(&o);
    free(err);

    /* -A needs no password, and -p with -A does not prompt. */
    setup("[cli]\napi_url = http://x/\nusername = admin\n");
    CHECK_INT(load(&o, &err, "--no-auth", "-p", NULL), 0);
    CHECK_STR(err, "");
    CHECK(!o.user && !o.password);
    options_release(&o);
    free(err);

    /* Without a user, no credentials, even with a password. */
    setup("[cli]\napi_url = http://x/\npassword = p\n");
    CHECK_INT(load(&o, &err, NULL), 0);
    CHECK(!o.no_auth && !o.user && !o.password);
    options_release(&o);
    free(err);

    CHECK_INT(load(&o, &err, "-p", NULL), -1);
    CHECK_STR(err, "midosh: -p needs a user (use -u, MIDO_USER, or username in "
                 "~/.midonetrc)\n");
    options_release(&o);
    free(err);
}

/* Runs fn in a child process with stdout and stderr in files; returns its wait status. */
static int in_child(void (*fn)(void), char **out, char **err)
{
    char *outfile = xasprintf("%s/stdout", tmpdir);
    int status = -1;
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid == 0) {
        int fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        close(fd);
        fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 2);
        close(fd);
        fn();
        _exit(99);
    }
    waitpid(pid, &status, 0);
    *out = slurp(outfile);
    *err = slurp(errfile);
    free(outfile);
    return status;
}

static void load_help(void)
{
    char *argv[] = { "midosh", "-d", "--help", "stray", NULL };
    struct options o;

    options_load(&o, 4, argv);
}

static void load_version(void)
{
    char *argv[] = { "midosh", "-V", NULL };
    struct options o;

    options_load(&o, 2, argv);
}

static void test_help_and_version(void)
{
    char *out, *err, *p;
    int status, lines = 0;

    /* Without any API URL, and with a broken rc file: neither is read. */
    setup("broken\n");
    status = in_child(load_help, &out, &err);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_STR(err, "");
    CHECK(starts_with(out, "usage: midosh"));
    for (p = out; *p; p++)
        lines += *p == '\n';
    CHECK(lines < 50);
    {
        static const char *const mentions[] = {
            "--command", "--eval", "--file", "--midonet-url", "--user", "--password",
            "--project-id", "--tenant", "--no-auth", "--output", "--keep-going", "--debug",
            "--connect-timeout", "--timeout", "--help", "--version", "MIDO_API_URL",
            "MIDO_USER", "MIDO_PASSWORD", "MIDO_PROJECT_ID", "MIDO_TENANT", "MIDOSH_RC",
            "~/.midonetrc", "[cli]", "Exit status", "; 3 no API", "pos last", "proto tcp",
            "ethertype ipv4", "suggestions", "`show`", "`graph`", "`watch`",
        };
        for (size_t i = 0; i < ARRAY_SIZE(mentions); i++)
            CHECK(strstr(out, mentions[i]) != NULL);
    }
    {
        FILE *f = fopen(errfile, "w");
        options_usage(f);
        fclose(f);
        free(err);
        err = slurp(errfile);
        CHECK_STR(err, out);
    }
    free(out);
    free(err);

    status = in_child(load_version, &out, &err);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_STR(out, "midosh " MIDOSH_VERSION "\n");
    CHECK_STR(err, "");
    free(out);
    free(err);
}

static void load_prompt(void)
{
    char *argv[] = { "midosh", "-u", "admin", "-p", NULL };
    struct options o;
    int ret = options_load(&o, 4, argv);

    printf("%d %s\n", ret, ret == 0 && o.password ? o.password : "-");
    options_release(&o);
    exit(0);
}

static void prompt_without_terminal(void)
{
    setsid();
    load_prompt();
}

static void test_prompt_no_terminal(void)
{
    char *out, *err;
    int status;

    setup("[cli]\napi_url = http://x/\npassword = frommrc\n");
    status = in_child(prompt_without_terminal, &out, &err);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_STR(out, "-1 -\n");
    CHECK_STR(err, "midosh: cannot prompt for a password: no terminal\n");
    free(out);
    free(err);
}

static int pty_master = -1;

static void prompt_on_pty(void)
{
    char *name = ptsname(pty_master);
    int fd;

    setsid();
    fd = open(name, O_RDWR);    /* becomes the controlling terminal */
    if (fd < 0)
        _exit(98);
    load_prompt();
}

/*
 * Starts load_prompt() in a child whose terminal is a new pty, its standard output and
 * error in errfile; returns once the child has written the prompt, with what it wrote in screen.
 * *slave is the pty's slave side, kept open here to read its settings.
 */
static pid_t spawn_on_pty(struct strbuf *screen, int *slave)
{
    char buf[256];
    pid_t pid;

    pty_master = posix_openpt(O_RDWR | O_NOCTTY);
    if (pty_master < 0 || grantpt(pty_master) < 0 || unlockpt(pty_master) < 0)
        return -1;
    *slave = open(ptsname(pty_master), O_RDWR | O_NOCTTY);
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid == 0) {
        int fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
        prompt_on_pty();
    }
    while (!strstr(screen->buf, "Password: ")) {
        ssize_t n = read(pty_master, buf, sizeof(buf));
        if (n <= 0)
            break;
        strbuf_add(screen, buf, (size_t)n);
    }
    return pid;
}

/* The prompt reads a password from the terminal (a pty here) with the echo off. */
static void test_prompt_on_pty(void)
{
    struct strbuf screen = STRBUF_INIT;
    struct termios t;
    char *out, buf[256];
    int status, slave;
    pid_t pid;

    setup("[cli]\napi_url = http://x/\npassword = fromrc\n");
    pid = spawn_on_pty(&screen, &slave);
    if (!CHECK(pid > 0))
        return;
    CHECK_STR(screen.buf, "Password: ");
    CHECK(tcgetattr(slave, &t) == 0 && !(t.c_lflag & ECHO));
    CHECK(write(pty_master, "s3cret\n", 7) == 7);
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(tcgetattr(slave, &t) == 0 && (t.c_lflag & ECHO));
    close(slave);
    for (;;) {
        ssize_t n = read(pty_master, buf, sizeof(buf));
        if (n <= 0)
            break;
        strbuf_add(&screen, buf, (size_t)n);
    }
    close(pty_master);
    CHECK_STR(screen.buf, "Password: \r\n");
    out = slurp(errfile);
    CHECK_STR(out, "0 s3cret\n");
    free(out);
    strbuf_release(&screen);
}

/* ^C at the prompt kills midosh as usual, but with the echo back on. */
static void test_prompt_interrupted(void)
{
    struct strbuf screen = STRBUF_INIT;
    struct termios t;
    char *out;
    int status, slave;
    pid_t pid;

    setup("[cli]\napi_url = http://x/\n");
    pid = spawn_on_pty(&screen, &slave);
    if (!CHECK(pid > 0))
        return;
    CHECK(tcgetattr(slave, &t) == 0 && !(t.c_lflag & ECHO));
    CHECK(write(pty_master, "s3c\x03", 4) == 4);
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
    CHECK(tcgetattr(slave, &t) == 0 && (t.c_lflag & ECHO));
    close(slave);
    close(pty_master);
    out = slurp(errfile);
    CHECK_STR(out, "");
    free(out);
    strbuf_release(&screen);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    rc = xasprintf("%s/rc", tmpdir);
    errfile = xasprintf("%s/stderr", tmpdir);

    unit_run("defaults with only --midonet-url", test_defaults);
    unit_run("-k -d -o -f and their long forms", test_flags);
    unit_run("the rc file gives every setting", test_rc_only);
    unit_run("the environment overrides the rc file", test_env_over_rc);
    unit_run("an empty variable does not override", test_empty_env_does_not_override);
    unit_run("options override the environment", test_argv_over_env);
    unit_run("an empty option value unsets", test_argv_empty_unsets);
    unit_run("-c repeated, in order", test_commands);
    unit_run("-e joins the remaining arguments", test_eval);
    unit_run("-c or -e with -f is an error", test_command_and_file);
    test_bad_arguments();
    test_timeouts();
    unit_run("rc syntax: comments, DEFAULT, interpolation, %%, continuation", test_rc_syntax);
    unit_run("a missing rc file", test_rc_missing);
    unit_run("the rc file in HOME, and MIDOSH_RC empty", test_rc_from_home);
    test_rc_errors();
    unit_run("options_rc_get reports a bad interpolation", test_rc_get_error);
    unit_run("a password in a readable rc file warns", test_permission_warning);
    unit_run("no API URL", test_missing_url);
    unit_run("a user without a password", test_missing_password);
    unit_run("-A, or no user: no credentials", test_no_auth);
    unit_run("--help and --version exit 0 before reading anything", test_help_and_version);
    unit_run("-p without a terminal", test_prompt_no_terminal);
    unit_run("-p prompts on the terminal without echo", test_prompt_on_pty);
    unit_run("^C at the prompt restores the echo", test_prompt_interrupted);

    {
        char *out = xasprintf("%s/stdout", tmpdir);
        unlink(rc);
        unlink(errfile);
        unlink(out);
        rmdir(tmpdir);
        free(out);
    }
    free(rc);
    free(errfile);
    return unit_done();
}
