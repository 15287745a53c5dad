/*
 * midosh: a fast, scriptable shell for MidoNet.
 *
 * Modes: -c CMDS (one-liners), -f FILE (a script; "-" is standard input), standard
 * input when it is not a terminal, and the interactive prompt otherwise.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "lib/util.h"
#include "shell/options.h"
#include "shell/repl.h"
#include "shell/run.h"
#include "shell/session.h"

/* Set by SIGINT while a request is in flight: the API abandons it. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
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

int main(int argc, char **argv)
{
    struct options o = { 0 };
    struct api_options ao = { 0 };
    struct api *api = NULL;
    struct session s;
    struct runner rn = { 0 };
    char *zk_hosts = NULL, *zk_root = NULL;
    int status;

    error_set_program("midosh");
    if (options_load(&o, argc, argv) < 0) {
        options_release(&o);
        return ST_USAGE;
    }
    if (o.check) {
        /* Nothing is contacted: the parser alone decides. */
        status = o.ncommands ? run_commands(&rn, o.commands, o.ncommands, true)
                             : run_file(&rn, o.file ? o.file : "-", SCRIPT_CHECK);
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
    api = api_new(&ao);

    session_init(&s, api);
    s.output = o.output == OUTPUT_JSON ? OUT_JSON : OUT_TEXT;
    if (o.tenant && *o.tenant)
        s.tenant = xstrdup(o.tenant);
    s.interrupt = &interrupted;
    if (options_zookeeper(&o, &zk_hosts, &zk_root) < 0) {
        status = ST_USAGE;
        goto out;
    }
    /* In the background: the first command does not wait for ZooKeeper. */
    session_zk_start(&s, zk_hosts, zk_root, o.connect_timeout_ms);
    rn.s = &s;
    rn.keep_going = o.keep_going;

    if (o.complete) {
        rn.status = repl_print_completions(&rn, o.complete);
    } else if (o.ncommands) {
        run_commands(&rn, o.commands, o.ncommands, false);
    } else if (o.file && strcmp(o.file, "-")) {
        run_file(&rn, o.file, SCRIPT_WHOLE);
    } else if (!o.file && isatty(STDIN_FILENO)) {
        struct sigaction sa = { .sa_handler = on_sigint };

        sigaction(SIGINT, &sa, NULL);
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
    status = rn.status;
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
