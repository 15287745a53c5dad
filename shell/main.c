/*
 * midosh: a fast, scriptable shell for MidoNet.
 *
 * Modes: -c CMDS (one-liners), -f FILE (a script; "-" is standard input), standard
 * input when it is not a terminal, and the interactive prompt otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "api/api.h"
#include "lib/util.h"
#include "parser/lexer.h"
#include "parser/schema.h"
#include "shell/dryrun.h"
#include "shell/options.h"
#include "shell/pager.h"
#include "shell/repl.h"
#include "shell/run.h"
#include "shell/session.h"

/* Set by a signal: the API starts no request, and abandons the one in flight (api.h). */
static volatile sig_atomic_t interrupted;
/* The signal that ends midosh, once one has arrived (session.ending). */
static volatile sig_atomic_t ending;
/* At the interactive prompt, SIGINT stops the command line, not midosh. */
static volatile sig_atomic_t at_prompt;

/* The signals that end midosh the way its EXIT STATUS says. */
static const int ending_signals[] = { SIGINT, SIGTERM, SIGHUP };

/*
 * A signal that ends midosh lets the command running finish its rollback: a GET in flight
 * is abandoned, a write in flight finishes (its outcome must be known to be undone), no
 * other request starts but a rollback's, then midosh exits with 128 + the signal's number.
 * A second one abandons whatever is in flight, the rollback's request too.
 */
static void on_signal(int sig)
{
    if (sig == SIGINT && at_prompt) {
        interrupted = API_INTERRUPT_NOW;
    } else {
        interrupted = ending ? API_INTERRUPT_NOW : API_INTERRUPT_WRITES;
        if (!ending)
            ending = sig;
    }
    if (at_prompt)
        repl_wake();
}

static void catch_signals(bool interactive)
{
    /* No SA_RESTART: a blocking read (a script on a pipe) ends at once. */
    struct sigaction sa = { .sa_handler = on_signal };

    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < ARRAY_SIZE(ending_signals); i++) {
        /*
         * A signal ignored by whoever started midosh (nohup) stays ignored, but for Ctrl-C
         * at the prompt: the terminal's user typed it (a script that starts midosh in the
         * background, as the demo does, has it ignored).
         */
        bool claim = interactive && ending_signals[i] == SIGINT;
        struct sigaction old;

        if (!claim && sigaction(ending_signals[i], NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        sigaction(ending_signals[i], &sa, NULL);
    }
}

static enum status run_file(struct runner *rn, const char *file, enum script_mode mode)
{
    FILE *fp = strcmp(file, "-") ? fopen(file, "r") : stdin;
    enum status st;

    if (!fp) {
        error("cannot open '%s': %s", file, strerror(errno));
        rn->status = ST_USAGE;
        return ST_USAGE;
    }
    rn->file = file;
    st = run_script(rn, fp, mode);
    if (fp != stdin)
        fclose(fp);
    return st;
}

/*
 * A failed write or flush of standard output (a full disk, a closed pipe or descriptor)
 * is an error: said on stderr, with what this run created, whose ids went nowhere.
 */
static bool output_failed(const struct session *s)
{
    struct strbuf made = STRBUF_INIT;
    int err;

    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return false;
    /* Why is known when this flush failed; an earlier one (after a command) kept no errno. */
    err = errno;
    for (size_t i = 0; i < s->nmade; i++) {
        if (i == 20) {
            strbuf_addf(&made, " and %zu more", s->nmade - i);
            break;
        }
        strbuf_addf(&made, "%s%s %s", i ? ", " : "", s->made[i].type, s->made[i].id);
    }
    error("cannot write the output%s%s%s%s", err ? ": " : "", err ? strerror(err) : "",
          made.len ? "; created: " : "", made.buf);
    strbuf_release(&made);
    return true;
}

/*
 * A standard descriptor that is closed would be the next file opened (a connection,
 * whose peer would then read midosh's output): hold it with /dev/null, read-only for
 * output, so that writing it fails as it should.
 */
static void hold_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int nfd = open("/dev/null", fd ? O_RDONLY : O_WRONLY);

            if (nfd >= 0 && nfd != fd) {
                dup2(nfd, fd);
                close(nfd);
            }
        }
    }
}

/*
 * No core dumps, unless MIDOSH_CORE_DUMPS=1: a core would hold the password and the
 * session token. Not dumpable also keeps other processes of the user from reading
 * midosh's memory through /proc or ptrace.
 */
static void no_core_dumps(void)
{
    const char *want = getenv("MIDOSH_CORE_DUMPS");
    struct rlimit none = { 0, 0 };

    if (want && !strcmp(want, "1"))
        return;
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/*
 * The character set the prompt decodes keys with (libedit follows LC_CTYPE). Names are
 * UTF-8 on the wire; where the locale names no multibyte set (LANG unset over ssh, a
 * "C" locale), the terminal is taken to send UTF-8 too, or an accent typed at the
 * prompt would be dropped from the name. Only LC_CTYPE: numbers stay as the API has them.
 */
static void pick_ctype(void)
{
    setlocale(LC_CTYPE, "");
    if (MB_CUR_MAX == 1 && strcmp(nl_langinfo(CODESET), "UTF-8"))
        setlocale(LC_CTYPE, "C.UTF-8");
}

int main(int argc, char **argv)
{
    struct options o = { 0 };
    struct api_options ao = { 0 };
    struct api *api = NULL;
    struct session s;
    struct runner rn = { 0 };
    char *zk_hosts = NULL, *zk_root = NULL;
    bool interactive;
    int status;

    no_core_dumps();
    hold_std_fds();
    pick_ctype();
    error_set_program("midosh");
    if (options_load(&o, argc, argv) < 0) {
        options_release(&o);
        return ST_USAGE;
    }
    if (o.check) {
        /* Nothing is contacted: the parser alone decides. */
        status = o.ncommands ? run_commands(&rn, o.commands, o.ncommands, true)
                             : run_file(&rn, o.file ? o.file : "-", SCRIPT_CHECK);
        if (o.debug)
            fprintf(stderr, "midosh: the lexer read %zu bytes\n", lex_bytes_read());
        options_release(&o);
        return status;
    }
    if (o.complete && !o.api_url) {
        status = repl_print_completions(NULL, o.complete);
        options_release(&o);
        return status;
    }
    ao.url = o.api_url;
    if (!o.no_auth && o.user) {
        ao.user = o.user;
        ao.password = o.password;
        ao.project = o.project_id;
    }
    ao.connect_timeout_ms = o.connect_timeout_ms;
    ao.timeout_ms = o.timeout_ms;
    ao.debug = o.debug;
    ao.interrupt = &interrupted;
    ao.no_auth = o.no_auth;
    ao.cacert = o.cacert;
    ao.insecure = o.insecure;
    ao.max_reply = o.max_reply;
    ao.allow_other_origin = o.allow_other_origin;
    api = o.api_url ? api_new(&ao) : NULL;

    session_init(&s, api);
    s.output = o.output;
    if (o.tenant && *o.tenant)
        s.tenant = xstrdup(o.tenant);
    s.interrupt = &interrupted;
    s.ending = &ending;
    interactive = !o.complete && !o.ncommands && !o.file && isatty(STDIN_FILENO);
    catch_signals(interactive);
    s.may_exist = o.may_exist;
    s.if_exists = o.if_exists;
    s.yes = o.yes;
    if (o.dry_run)
        dryrun_set(&s, true);
    s.debug = o.debug;
    s.forced_dialect = o.api_version == 5 ? D_5 : o.api_version == 19 ? D_19 : 0;
    if (options_zookeeper(&o, &zk_hosts, &zk_root) < 0) {
        status = ST_USAGE;
        goto out;
    }
    /* In the background: the first command does not wait for ZooKeeper. */
    session_zk_start(&s, zk_hosts, zk_root, o.connect_timeout_ms);
    rn.s = &s;
    rn.keep_going = o.keep_going;
    /* At a terminal, for -c and the prompt; never for a script (pager.h). */
    pager_setup(!o.no_pager && !o.complete &&
                (o.ncommands || (!o.file && isatty(STDIN_FILENO))));

    if (o.complete) {
        rn.status = repl_print_completions(&rn, o.complete);
    } else if (o.ncommands) {
        run_commands(&rn, o.commands, o.ncommands, false);
    } else if (o.file && strcmp(o.file, "-")) {
        run_file(&rn, o.file, SCRIPT_WHOLE);
    } else if (interactive) {
        at_prompt = 1;
        /* People type slowly and others change the topology meanwhile. */
        s.max_age = 5;
        s.interactive = true;
        rn.keep_going = true;
        repl_run(&rn);
        rn.status = ST_OK;
    } else {
        /* Standard input runs as it comes: it may be a conversation with a program. */
        run_file(&rn, "-", SCRIPT_STREAM);
    }
    status = output_failed(&s) && rn.status < ST_FAILED ? ST_FAILED : rn.status;
    if (ending)
        status = 128 + ending;
    if (o.debug)
        fprintf(stderr, "midosh: %lu requests over %lu connection%s\n", api_request_count(api),
                api_connection_count(api), api_connection_count(api) == 1 ? "" : "s");
out:
    free(zk_hosts);
    free(zk_root);
    session_release(&s);
    api_free(api);
    options_release(&o);
    return status;
}
