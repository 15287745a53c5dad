/*
 * options: midosh's settings, from ~/.midonetrc, the environment and the command line,
 * in increasing precedence — the same sources, keys and order as midonet-cli.
 *
 * The rc file is an INI file (lib/ini.h: Python ConfigParser's rules, as midonet-cli read
 * it): section [cli], keys api_url, username, password, project_id, tenant, zookeeper_hosts,
 * zookeeper_root. $MIDOSH_RC, if set, names the file to read instead of $HOME/.midonetrc;
 * a file over 1 MiB is refused.
 */
#ifndef MIDOSH_OPTIONS_H
#define MIDOSH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "shell/format.h"


struct ini;

/* Every string is owned by the struct and freed by options_release(). */
/* Where no API URL is configured: the error of a command that needs the API. */
#define OPTIONS_NO_API_URL \
    "no API URL (use --midonet-url, MIDO_API_URL, or api_url in ~/.midonetrc)"

struct options {
    char *api_url;            /* NULL when not configured anywhere: only the commands that
                               * need no API run (help, describe TYPE, ...) */
    char *user, *password, *project_id, *tenant;   /* NULL when not set (never "") */
    bool no_auth;             /* -A: send no credentials even when a user is configured */
    char *cacert;             /* --cacert FILE, or NULL */
    bool insecure;            /* --insecure: TLS servers are not verified */
    bool allow_other_origin;  /* --allow-other-origin */
    size_t max_reply;         /* --max-reply-size, bytes; 0: the default */
    int api_version;          /* --api-version: 19 (1.9) or 5 (5.x); 0: the root document's */
    bool debug;               /* -d/--debug */
    bool keep_going;          /* -k/--keep-going: a script goes on after a failing command */
    bool check;               /* -n/--check: check the syntax only */
    bool dry_run;             /* --dry-run: read, but print each change instead of sending it */
    bool may_exist, if_exists;  /* --may-exist, --if-exists: for every command */
    bool yes;                 /* -y/--yes: deletes do not ask */
    enum out_format output;   /* -o text|json|table */
    bool no_pager;            /* --no-pager */
    /* --connect-timeout SECONDS (default 5), --timeout SECONDS (default 30); decimals allowed */
    long connect_timeout_ms, timeout_ms;
    /* each -c CMDS, in order; -e/--eval: the remaining arguments joined with spaces as one
     * more command (midonet-cli compatibility) */
    char **commands; size_t ncommands;
    char *file;               /* -f FILE ("-" = standard input) */
    /* --zookeeper, --zk-root as given, or NULL: see options_zookeeper() */
    char *zk_hosts, *zk_root;
    char *complete;           /* --complete LINE: print the words TAB offers after LINE (shell
                               * completion scripts), or NULL */
    char *rc_path;            /* the rc file read, or NULL */
    struct ini *rc;           /* its [cli] section, for options_rc_get(); NULL without a file */
};

/*
 * Fill o from ~/.midonetrc, then the environment, then argv (increasing precedence).
 * o need not be initialized; options_release() must be called on it afterwards whatever
 * this returns. Handles --help (prints usage to stdout, exit 0) and --version (exit 0)
 * itself, before reading any file. With a user and -p, prompts for the password on
 * /dev/tty. With -A, or without a user, user and password are NULL on return.
 * Returns 0, or -1 after printing a one-line error (the caller exits 2).
 */
int options_load(struct options *o, int argc, char **argv);

/* Frees what o holds (wiping the password) and leaves it zeroed. */
void options_release(struct options *o);

/* The usage text (the same that --help prints). */
void options_usage(FILE *out);

/*
 * The value of key in the rc file's [cli] section (or [DEFAULT]), interpolated, for
 * keys options_load() does not read itself (zookeeper_hosts). Keys are case-insensitive.
 * Sets *value to a string the caller frees, or to NULL when there is no such key.
 * Returns 0, or -1 after printing an error (a bad interpolation, with the file name).
 */
int options_rc_get(const struct options *o, const char *key, char **value);

/*
 * ZooKeeper's servers and MidoNet's root in it: --zookeeper, else MIDO_ZOOKEEPER_HOSTS,
 * else zookeeper_hosts in the rc file, else zookeeper_hosts in [zookeeper] of
 * $MIDOSH_MIDOLMAN_CONF or /etc/midolman/midolman.conf (when readable); the root from
 * --zk-root, MIDO_ZOOKEEPER_ROOT or zookeeper_root. An empty value means none (an empty
 * --zookeeper turns ZooKeeper off). Sets *hosts and *root to the caller's strings or NULL.
 * Returns 0, or -1 after printing an error (a bad interpolation in the rc file, a server
 * list zk_check_hosts() refuses: a usage error).
 */
int options_zookeeper(const struct options *o, char **hosts, char **root);

#endif
