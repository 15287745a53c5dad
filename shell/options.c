#include "shell/options.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "api/api.h"
#include "api/zk_4lw.h"
#include "lib/ini.h"
#include "lib/util.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 5000
#define DEFAULT_TIMEOUT_MS 30000
/* So that a timeout in milliseconds fits a 32-bit long. */
#define MAX_TIMEOUT_SECONDS 2147483L
#define MAX_PASSWORD 1024

static const char usage_text[] =
    "usage: midosh [OPTION]... [-c COMMANDS | -f FILE | -e WORD...]\n"
    "A shell for MidoNet. Without -c, -e or -f it reads commands from standard input,\n"
    "interactively on a terminal (`help`, TAB); `show`, `graph` (Graphviz DOT) and `watch`\n"
    "(ZooKeeper) look; `-c dump` is a rebuild script (--for 5|1.9); typos get suggestions.\n"
    "Rules go first without pos, last with pos last; names as proto tcp, ethertype ipv4.\n"
    "\n"
    "  -c, --command=COMMANDS      run COMMANDS (';' between commands); repeatable\n"
    "  -e, --eval WORD...          run the remaining arguments as one command\n"
    "  -f, --file=FILE             run the script FILE ('-': standard input)\n"
    "  -k, --keep-going            go on after a failing command\n"
    "  -n, --check                 check the syntax only, running and contacting nothing\n"
    "      --dry-run               resolve names and read, but print each change, not send it\n"
    "      --may-exist, --if-exists  creating what exists, or changing what is missing, is\n"
    "                              no error: for every command (or a command's own flag)\n"
    "  -y, --yes                   delete without asking, at the prompt too\n"
    "      --midonet-url=URL       the API: http://HOST:8080/midonet-api[,URL...]\n"
    "      --cacert=FILE           verify the API's TLS certificate with FILE's CAs\n"
    "      --insecure              do not verify the API's TLS certificate\n"
    "      --max-reply-size=SIZE   refuse larger replies (default 64M; K, M, G)\n"
    "      --allow-other-origin    follow the API's URIs elsewhere, uncredentialed\n"
    "      --api-version=1.9|5     speak MidoNet 1.9 or 5.x (default: as the API says)\n"
    "  -u, --user=USER             log in as USER\n"
    "  -p, --password              ask for the password on the terminal\n"
    "  -i, --project-id=ID         the project to log in to\n"
    "      --tenant=ID             the initial session tenant\n"
    "  -A, --no-auth               send no credentials, even with a user set\n"
    "  -o, --output=FORMAT         print results as text (default), json or table\n"
    "      --no-pager              never page output taller than the terminal\n"
    "      --connect-timeout=SECS  give up connecting after SECS (default 5)\n"
    "      --timeout=SECS          give up on a request after SECS (default 30)\n"
    "      --zookeeper=HOSTS       ZooKeeper (host:port,...; '': none): a coherent cache\n"
    "      --zk-root=PATH          MidoNet's root in ZooKeeper (default /midonet/v1)\n"
    "      --complete=LINE         print the words TAB would offer after LINE\n"
    "  -d, --debug                 print debugging information on stderr\n"
    "  -h, --help, -V, --version   print this help, or the version, and exit\n"
    "\n"
    "Environment (overrides the rc file; options override both):\n"
    "  MIDO_API_URL, MIDO_USER, MIDO_PASSWORD, MIDO_PROJECT_ID, MIDO_TENANT\n"
    "  MIDO_ZOOKEEPER_HOSTS, MIDO_ZOOKEEPER_ROOT\n"
    "  MIDOSH_RC                   the rc file instead of ~/.midonetrc (empty: none)\n"
    "  MIDOSH_HISTFILE, MIDOSH_HISTSIZE  the history file, lines kept (1000; 0: none)\n"
    "  MIDOSH_PAGER, PAGER         the pager at a terminal (default less -FRX; '': none)\n"
    "\n"
    "Files:\n"
    "  ~/.midonetrc                [cli] api_url, username, password, project_id, tenant,\n"
    "                              zookeeper_hosts, zookeeper_root (midonet-cli's INI)\n"
    "  /etc/midolman/midolman.conf zookeeper_hosts in [zookeeper], as a last resort\n"
    "  ~/.midosh_history, ~/.editrc  the history (mode 0600); libedit's bindings (editrc(5))\n"
    "Exit status: 0 ok; 1 a command failed; 2 usage or syntax error; 3 no API or no login\n";

/* The settings that the rc file, the environment and the command line all give. */
enum setting_id { S_API_URL, S_USER, S_PASSWORD, S_PROJECT_ID, S_TENANT, NSETTINGS };

static const struct setting {
    const char *rc_key;
    const char *env;
    size_t offset;            /* of the char * in struct options */
} settings[NSETTINGS] = {
    [S_API_URL] = { "api_url", "MIDO_API_URL", offsetof(struct options, api_url) },
    [S_USER] = { "username", "MIDO_USER", offsetof(struct options, user) },
    [S_PASSWORD] = { "password", "MIDO_PASSWORD", offsetof(struct options, password) },
    [S_PROJECT_ID] = { "project_id", "MIDO_PROJECT_ID", offsetof(struct options, project_id) },
    [S_TENANT] = { "tenant", "MIDO_TENANT", offsetof(struct options, tenant) },
};

static char **setting_field(struct options *o, enum setting_id id)
{
    return (char **)((char *)o + settings[id].offset);
}

/* ---- the rc file ---- */

static int rc_get(const struct ini *rc, const char *key, char **value)
{
    return ini_get(rc, key, value);
}

int options_rc_get(const struct options *o, const char *key, char **value)
{
    return rc_get(o->rc, key, value);
}

/* The rc file's path: $MIDOSH_RC, else ~/.midonetrc; NULL for none. */
static char *rc_file_path(bool *explicit)
{
    const char *env = getenv("MIDOSH_RC");
    const char *home = getenv("HOME");

    *explicit = env != NULL;
    if (env)
        return *env ? xstrdup(env) : NULL;
    if (!home || !*home) {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : NULL;
    }
    return home ? xasprintf("%s/.midonetrc", home) : NULL;
}

/*
 * Reads the rc file into o->rc. A missing ~/.midonetrc is no error; a missing file that
 * $MIDOSH_RC names is.
 */
static int rc_load(struct options *o)
{
    bool explicit;
    char *path = rc_file_path(&explicit);
    char *password = NULL;
    struct stat st;
    FILE *f;
    int ret = -1;

    if (!path)
        return 0;
    f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT && !explicit) {
            free(path);
            return 0;
        }
        error("cannot read '%s': %s", path, strerror(errno));
        free(path);
        return -1;
    }
    o->rc_path = xstrdup(path);
    if (ini_read(&o->rc, path, f, "cli", true) < 0 || rc_get(o->rc, "password", &password) < 0)
        goto out;
    if (password && *password && !fstat(fileno(f), &st) && (st.st_mode & (S_IRGRP | S_IROTH)))
        warning("%s holds a password and is readable by others (chmod 600 it)", path);
    ret = 0;
out:
    free(path);
    free_secret(password);
    fclose(f);
    return ret;
}

/* ---- the command line ---- */

enum {
    OPT_MIDONET_URL = 256,
    OPT_TENANT,
    OPT_CONNECT_TIMEOUT,
    OPT_TIMEOUT,
    OPT_ZOOKEEPER,
    OPT_ZK_ROOT,
    OPT_COMPLETE,
    OPT_CACERT,
    OPT_INSECURE,
    OPT_MAX_REPLY,
    OPT_OTHER_ORIGIN,
    OPT_DRY_RUN,
    OPT_MAY_EXIST,
    OPT_IF_EXISTS,
    OPT_API_VERSION,
    OPT_NO_PAGER,
};

static const struct option long_options[] = {
    { "command", required_argument, NULL, 'c' },
    { "eval", no_argument, NULL, 'e' },
    { "file", required_argument, NULL, 'f' },
    { "keep-going", no_argument, NULL, 'k' },
    { "check", no_argument, NULL, 'n' },
    { "midonet-url", required_argument, NULL, OPT_MIDONET_URL },
    { "user", required_argument, NULL, 'u' },
    { "password", no_argument, NULL, 'p' },
    { "project-id", required_argument, NULL, 'i' },
    { "tenant", required_argument, NULL, OPT_TENANT },
    { "no-auth", no_argument, NULL, 'A' },
    { "output", required_argument, NULL, 'o' },
    { "connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT },
    { "timeout", required_argument, NULL, OPT_TIMEOUT },
    { "zookeeper", required_argument, NULL, OPT_ZOOKEEPER },
    { "zk-root", required_argument, NULL, OPT_ZK_ROOT },
    { "complete", required_argument, NULL, OPT_COMPLETE },
    { "cacert", required_argument, NULL, OPT_CACERT },
    { "insecure", no_argument, NULL, OPT_INSECURE },
    { "max-reply-size", required_argument, NULL, OPT_MAX_REPLY },
    { "allow-other-origin", no_argument, NULL, OPT_OTHER_ORIGIN },
    { "dry-run", no_argument, NULL, OPT_DRY_RUN },
    { "may-exist", no_argument, NULL, OPT_MAY_EXIST },
    { "if-exists", no_argument, NULL, OPT_IF_EXISTS },
    { "yes", no_argument, NULL, 'y' },
    { "api-version", required_argument, NULL, OPT_API_VERSION },
    { "no-pager", no_argument, NULL, OPT_NO_PAGER },
    { "debug", no_argument, NULL, 'd' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
};

/* '-': non-options come back in order as 1, so that -e can take the words before it too.
 * ':': no messages from getopt; ours are below. */
static const char short_options[] = "-:c:ef:knu:pi:Ao:dyhV";

/* A size in bytes: digits and an optional K, M or G (powers of 1024), at least 1K. */
static int parse_size(const char *s, size_t *bytes)
{
    unsigned long long n = 0;
    const char *p = s;
    int shift = 0;

    for (; isdigit((unsigned char)*p) && n < (1ULL << 40); p++)
        n = n * 10 + (unsigned long long)(*p - '0');
    if (*p && !p[1])
        shift = *p == 'K' || *p == 'k' ? 10 : *p == 'M' || *p == 'm' ? 20 :
                *p == 'G' || *p == 'g' ? 30 : -1;
    if (p == s || (*p && shift <= 0) || (*p && p[1]) || n >= (1ULL << 40) ||
        (n << shift) < 1024 || (n << shift) > ((unsigned long long)SIZE_MAX >> 1))
        return error("invalid size '%s' (expected bytes, at least 1K, such as 64M)", s);
    *bytes = (size_t)(n << shift);
    return 0;
}

/* Seconds, with up to millisecond decimals, without strtod (the locale may want ','). */
static int parse_seconds(const char *s, long *ms)
{
    const char *p = s;
    long whole = 0, frac = 0;
    int ndigits = 0, nfrac = 0;

    for (; isdigit((unsigned char)*p); p++, ndigits++) {
        whole = whole * 10 + (*p - '0');
        if (whole > MAX_TIMEOUT_SECONDS)
            goto bad;
    }
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++, nfrac++)
            if (nfrac < 3)
                frac = frac * 10 + (*p - '0');
    if (*p || (!ndigits && !nfrac))
        goto bad;
    for (int i = nfrac; i < 3; i++)
        frac *= 10;
    *ms = whole * 1000 + frac;
    if (*ms < 1)
        goto bad;
    return 0;
bad:
    return error("invalid timeout '%s' (expected seconds, such as 5 or 0.5)", s);
}

/* How the user spelled the option getopt just complained about. */
static const char *failed_option(char **argv, int optopt_value)
{
    static char shortopt[3];
    const char *arg = argv[optind - 1];

    if (optopt_value > 0 && optopt_value < 256 && !starts_with(arg, "--")) {
        shortopt[0] = '-';
        shortopt[1] = (char)optopt_value;
        return shortopt;
    }
    return arg;
}

static int option_error(char **argv, int c)
{
    const char *opt = failed_option(argv, optopt);

    if (c == ':')
        return error("option '%s' needs a value (see 'midosh --help')", opt);
    if (starts_with(opt, "--")) {
        int len = (int)strcspn(opt, "="), matches = 0;

        if (optopt)
            return error("option '%.*s' takes no value (see 'midosh --help')", len, opt);
        for (const struct option *lo = long_options; lo->name; lo++)
            matches += !strncmp(lo->name, opt + 2, (size_t)len - 2);
        if (matches > 1)
            return error("ambiguous option '%.*s' (see 'midosh --help')", len, opt);
    }
    return error("unknown option '%s' (see 'midosh --help')", opt);
}

static void join_words(struct strbuf *sb, char **words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (sb->len)
            strbuf_addch(sb, ' ');
        strbuf_addstr(sb, words[i]);
    }
}

static void add_command(struct options *o, char *command, size_t *alloc)
{
    ALLOC_GROW(o->commands, o->ncommands + 1, *alloc);
    o->commands[o->ncommands++] = command;
}

/*
 * Parses argv into o's flags, commands and file, and into given[] the settings it gives
 * (borrowed from argv). -e ends the options: the words after it, after any words before
 * it, are one command.
 */
static int parse_argv(struct options *o, int argc, char **argv, const char **given,
                      bool *prompt)
{
    char **words = NULL;
    size_t nwords = 0, words_alloc = 0, commands_alloc = 0;
    const char *command_option = NULL;
    bool eval = false;
    int eval_arg = 0, c, ret = -1;

    optind = 0;     /* glibc: start afresh, even after an earlier call stopped mid-cluster */
    while (!(eval && optind > eval_arg)) {
        int before = optind ? optind : 1;

        c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1)
            break;
        switch (c) {
        case 1:
            ALLOC_GROW(words, nwords + 1, words_alloc);
            words[nwords++] = optarg;
            break;
        case 'c':
            add_command(o, xstrdup(optarg), &commands_alloc);
            command_option = "-c";
            break;
        case 'e':
            eval = true;
            /* optind has not moved in a cluster such as -ed: d is still an option. */
            eval_arg = optind > before ? optind - 1 : optind;
            command_option = "-e";
            break;
        case 'f':
            free(o->file);
            o->file = xstrdup(optarg);
            break;
        case 'k': o->keep_going = true; break;
        case 'n': o->check = true; break;
        case OPT_MIDONET_URL: given[S_API_URL] = optarg; break;
        case 'u': given[S_USER] = optarg; break;
        case 'p': *prompt = true; break;
        case 'i': given[S_PROJECT_ID] = optarg; break;
        case OPT_TENANT: given[S_TENANT] = optarg; break;
        case OPT_ZOOKEEPER:
            free(o->zk_hosts);
            o->zk_hosts = xstrdup(optarg);
            break;
        case OPT_ZK_ROOT:
            free(o->zk_root);
            o->zk_root = xstrdup(optarg);
            break;
        case OPT_COMPLETE:
            free(o->complete);
            o->complete = xstrdup(optarg);
            break;
        case 'A': o->no_auth = true; break;
        case 'o':
            if (!strcmp(optarg, "text"))
                o->output = OUT_TEXT;
            else if (!strcmp(optarg, "json"))
                o->output = OUT_JSON;
            else if (!strcmp(optarg, "table"))
                o->output = OUT_TABLE;
            else {
                error("unknown output format '%s' (expected text, json or table)", optarg);
                goto out;
            }
            break;
        case OPT_CONNECT_TIMEOUT:
            if (parse_seconds(optarg, &o->connect_timeout_ms) < 0)
                goto out;
            break;
        case OPT_TIMEOUT:
            if (parse_seconds(optarg, &o->timeout_ms) < 0)
                goto out;
            break;
        case OPT_CACERT:
            free(o->cacert);
            o->cacert = xstrdup(optarg);
            break;
        case OPT_INSECURE: o->insecure = true; break;
        case OPT_OTHER_ORIGIN: o->allow_other_origin = true; break;
        case OPT_API_VERSION:
            if (!strcmp(optarg, "1.9"))
                o->api_version = 19;
            else if (!strcmp(optarg, "5") || !strcmp(optarg, "5.x"))
                o->api_version = 5;
            else {
                error("invalid API version '%s' (expected 1.9 or 5)", optarg);
                goto out;
            }
            break;
        case OPT_NO_PAGER: o->no_pager = true; break;
        case OPT_MAX_REPLY:
            if (parse_size(optarg, &o->max_reply) < 0)
                goto out;
            break;
        case 'd': o->debug = true; break;
        case 'y': o->yes = true; break;
        case OPT_DRY_RUN: o->dry_run = true; break;
        case OPT_MAY_EXIST: o->may_exist = true; break;
        case OPT_IF_EXISTS: o->if_exists = true; break;
        case 'h':
            options_usage(stdout);
            exit(0);
        case 'V':
            printf("midosh %s\n", MIDOSH_VERSION);
            exit(0);
        default:
            option_error(argv, c);
            goto out;
        }
    }
    if (eval) {
        struct strbuf sb = STRBUF_INIT;
        if (optind < argc && !strcmp(argv[optind], "--"))
            optind++;
        join_words(&sb, words, nwords);
        join_words(&sb, argv + optind, (size_t)(argc - optind));
        add_command(o, strbuf_detach(&sb), &commands_alloc);
    } else {
        for (; optind < argc; optind++) {
            ALLOC_GROW(words, nwords + 1, words_alloc);
            words[nwords++] = argv[optind];
        }
        if (nwords) {
            error("unexpected argument '%s' (use -c to run a command)", words[0]);
            goto out;
        }
    }
    if (command_option && o->file) {
        error("%s and -f cannot be used together", command_option);
        goto out;
    }
    ret = 0;
out:
    free(words);
    return ret;
}

/* ---- the password prompt ---- */

static volatile sig_atomic_t prompt_signal;

static void on_prompt_signal(int sig)
{
    prompt_signal = sig;
}

static const int prompt_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/*
 * Reads a password from /dev/tty without echo. The signals that end a process (^C) are
 * blocked except while waiting for input, and are delivered again once the terminal is
 * restored: the process still dies of ^C, but with the echo back on.
 */
static int prompt_password(char **password)
{
    static const char prompt[] = "Password: ";
    struct sigaction sa, saved_sa[ARRAY_SIZE(prompt_signals)];
    struct termios saved, quiet;
    sigset_t block, saved_mask;
    char buf[MAX_PASSWORD];
    size_t len = 0;
    bool overflow = false;
    int fd, ret = -1;
    ssize_t n = 0;

    fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || tcgetattr(fd, &saved) < 0) {
        if (fd >= 0)
            close(fd);
        return error("cannot prompt for a password: no terminal");
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_prompt_signal;
    sigemptyset(&sa.sa_mask);
    sigemptyset(&block);
    for (size_t i = 0; i < ARRAY_SIZE(prompt_signals); i++)
        sigaddset(&block, prompt_signals[i]);
    sigprocmask(SIG_BLOCK, &block, &saved_mask);
    prompt_signal = 0;
    for (size_t i = 0; i < ARRAY_SIZE(prompt_signals); i++)
        sigaction(prompt_signals[i], &sa, &saved_sa[i]);
    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    quiet.c_lflag |= ECHONL;
    /* Echo off first: what is typed before the prompt appears is dropped, not shown. */
    if (tcsetattr(fd, TCSAFLUSH, &quiet) < 0 || write(fd, prompt, sizeof(prompt) - 1) < 0) {
        error("cannot prompt for a password: %s", strerror(errno));
        goto restore;
    }
    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        char ch;

        /* ppoll unblocks the signals only while it waits: none is missed. */
        if (ppoll(&pfd, 1, NULL, &saved_mask) < 0) {
            if (errno == EINTR && !prompt_signal)
                continue;
            n = -1;
            break;
        }
        n = read(fd, &ch, 1);
        if (n <= 0 || ch == '\n')
            break;
        if (len < sizeof(buf) - 1)
            buf[len++] = ch;
        else
            overflow = true;
    }
    buf[len] = '\0';
    if (!prompt_signal) {
        if (n < 0)
            error("cannot read the password: %s", strerror(errno));
        else if (overflow)
            error("the password is too long");
        else if (!len)
            error("no password given");
        else {
            *password = xstrdup(buf);
            ret = 0;
        }
    }
restore:
    tcsetattr(fd, TCSAFLUSH, &saved);
    close(fd);
    wipe(buf, sizeof(buf));
    for (size_t i = 0; i < ARRAY_SIZE(prompt_signals); i++)
        sigaction(prompt_signals[i], &saved_sa[i], NULL);
    if (prompt_signal)
        raise(prompt_signal);
    sigprocmask(SIG_SETMASK, &saved_mask, NULL);
    if (prompt_signal)      /* and we are still alive: the signal was handled or ignored */
        error("password prompt interrupted");
    return ret;
}

/* ---- ZooKeeper from the agent's configuration ---- */

/*
 * zookeeper_hosts in [zookeeper] of midolman's configuration ($MIDOSH_MIDOLMAN_CONF,
 * else /etc/midolman/midolman.conf): on a MidoNet host that is where ZooKeeper is
 * written down. An unreadable file is no error: the file is a convenience.
 */
static char *midolman_conf_hosts(void)
{
    const char *env = getenv("MIDOSH_MIDOLMAN_CONF");
    const char *path = env ? env : "/etc/midolman/midolman.conf";
    struct ini *conf = NULL;
    char *hosts = NULL;
    FILE *f;

    if (!*path || !(f = fopen(path, "r")))
        return NULL;
    error_set_quiet(true);
    if (ini_read(&conf, path, f, "zookeeper", false) < 0 ||
        ini_get(conf, "zookeeper_hosts", &hosts) < 0 || (hosts && !*hosts)) {
        free(hosts);
        hosts = NULL;
    }
    error_set_quiet(false);
    ini_free(conf);
    fclose(f);
    return hosts;
}

/* The first of a command-line value, an environment variable and an rc key; NULL if none. */
static int zk_setting(const struct options *o, const char *given, const char *env,
                      const char *key, char **value)
{
    const char *e = getenv(env);

    *value = NULL;
    if (given)
        *value = xstrdup(given);
    else if (e && *e)
        *value = xstrdup(e);
    else if (rc_get(o->rc, key, value) < 0)
        return -1;
    return 0;
}

int options_zookeeper(const struct options *o, char **hosts, char **root)
{
    *root = NULL;
    if (zk_setting(o, o->zk_hosts, "MIDO_ZOOKEEPER_HOSTS", "zookeeper_hosts", hosts) < 0)
        return -1;
    if (!*hosts)
        *hosts = midolman_conf_hosts();
    if (*hosts && !**hosts) {
        free(*hosts);
        *hosts = NULL;
    }
    if (*hosts) {
        struct strbuf why = STRBUF_INIT;
        int bad = zk_check_hosts(*hosts, &why);

        if (bad)
            error("invalid ZooKeeper servers '%s': %s", *hosts, why.buf);
        strbuf_release(&why);
        if (bad) {
            free(*hosts);
            *hosts = NULL;
            return -1;
        }
    }
    if (zk_setting(o, o->zk_root, "MIDO_ZOOKEEPER_ROOT", "zookeeper_root", root) < 0) {
        free(*hosts);
        *hosts = NULL;
        return -1;
    }
    if (*root && !**root) {
        free(*root);
        *root = NULL;
    }
    return 0;
}

/* ---- putting it together ---- */

static void set_setting(struct options *o, enum setting_id id, char *value)
{
    char **field = setting_field(o, id);

    free_secret(*field);
    *field = value;
}

int options_load(struct options *o, int argc, char **argv)
{
    const char *given[NSETTINGS] = { NULL };
    bool prompt = false;

    memset(o, 0, sizeof(*o));
    o->output = OUT_TEXT;
    o->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
    o->timeout_ms = DEFAULT_TIMEOUT_MS;
    if (parse_argv(o, argc, argv, given, &prompt) < 0 || rc_load(o) < 0)
        return -1;
    for (int id = 0; id < NSETTINGS; id++) {
        const char *env = getenv(settings[id].env);
        char *value;

        if (rc_get(o->rc, settings[id].rc_key, &value) < 0)
            return -1;
        set_setting(o, id, value);
        if (env && *env)
            set_setting(o, id, xstrdup(env));
        if (given[id])
            set_setting(o, id, xstrdup(given[id]));
        if (*setting_field(o, id) && !**setting_field(o, id))
            set_setting(o, id, NULL);
    }
    if (o->check)
        return 0;       /* checking syntax contacts nothing */
    if (!o->api_url)
        return 0;       /* the commands that need one say so (OPTIONS_NO_API_URL) */
    {
        char *why;

        if (api_check_urls(o->api_url, &why) < 0) {
            error("%s", why);
            free(why);
            return -1;
        }
    }
    if (o->insecure)
        warning("--insecure: the API's TLS certificate is not verified");
    if (o->no_auth || !o->user) {
        if (prompt && !o->no_auth)
            return error("-p needs a user (use -u, MIDO_USER, or username in ~/.midonetrc)");
        set_setting(o, S_USER, NULL);
        set_setting(o, S_PASSWORD, NULL);
        return 0;
    }
    if (prompt) {
        char *password = NULL;
        if (prompt_password(&password) < 0)
            return -1;
        set_setting(o, S_PASSWORD, password);
    }
    if (!o->password)
        return error("no password for user '%s' (use -p, MIDO_PASSWORD, or password in "
                     "~/.midonetrc)", o->user);
    return 0;
}

void options_release(struct options *o)
{
    for (int id = 0; id < NSETTINGS; id++)
        set_setting(o, id, NULL);
    for (size_t i = 0; i < o->ncommands; i++)
        free(o->commands[i]);
    free(o->commands);
    free(o->file);
    free(o->zk_hosts);
    free(o->zk_root);
    free(o->complete);
    free(o->cacert);
    free(o->rc_path);
    ini_free(o->rc);
    memset(o, 0, sizeof(*o));
}

void options_usage(FILE *out)
{
    fputs(usage_text, out);
}
