/*
 * session: what one midosh process keeps between commands — the API connection, the
 * object cache, the session tenant and the output settings — and, with ZooKeeper, what
 * keeps that cache coherent: the nodes behind each cached collection are watched, and a
 * change by anyone marks the collection stale (doc/cache.md).
 */
#ifndef MIDOSH_SESSION_H
#define MIDOSH_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "api/api.h"
#include "api/cache.h"
#include "api/zk.h"
#include "api/zk_layout.h"
#include "shell/backend.h"
#include "shell/format.h"

struct session_zk;

struct session {
    struct api *api;
    /* Every request of a command goes through ops, with backend (the api, in midosh). */
    const struct backend_ops *ops;
    void *backend;
    struct cache cache;
    char *tenant;            /* the session tenant (sett), or NULL */
    enum out_format output;
    /*
     * A collection fetched longer ago than this (seconds) is fetched again before a
     * name is resolved in it; < 0 trusts the cache for the whole run (one-liners and
     * scripts: nothing else is expected to change the topology under them). While
     * ZooKeeper keeps the cache coherent the age does not matter: session_max_age().
     */
    double max_age;
    FILE *out;
    bool exit_requested;     /* `exit` or `quit` was run */
    bool interactive;        /* at the prompt: ^C ends `watch` rather than midosh */
    /*
     * The run is one command (-c with one command): nothing it caches is used by a later
     * command, so session_watch() watches collections but not each of their objects.
     */
    bool one_command;
    /* Set by SIGINT (when a handler is installed), or NULL: api_options.interrupt. */
    volatile sig_atomic_t *interrupt;
    /*
     * The number of a signal that ends midosh (SIGTERM, SIGHUP, and SIGINT but at the
     * prompt), set by its handler, or NULL. The command running finishes its rollback,
     * nothing more runs, and midosh exits with 128 + it: session_ending().
     */
    volatile sig_atomic_t *ending;
    /* How changes are made (options; `dry-run on|off`): doc/architecture.md. */
    struct dryrun *dry;      /* while dry-running: the backend that prints changes (dryrun.h) */
    bool may_exist;          /* --may-exist: every create is "--may-exist create" */
    bool if_exists;          /* --if-exists: every delete, set and clear is "--if-exists ..." */
    bool yes;                /* -y/--yes: a delete at the prompt does not ask */
    json_t *names_seen;      /* collection key -> {name: count}: what creates check
                              * (verb_create.c) */
    struct zk *zk;           /* NULL without ZooKeeper; owned */
    struct session_zk *zs;   /* the watched nodes and who depends on them; owned */
    /* The ids of the objects created last in this run, by type name: session_created(). */
    struct created_id *created;
    size_t ncreated, created_alloc;
    /*
     * The API's generation (enum dialect in parser/schema.h): decided when the root
     * document is first read (session_root_seen()), or forced by --api-version; 0 until
     * then. The schema's media types and what help, describe and TAB offer follow it.
     */
    unsigned dialect;
    unsigned forced_dialect;     /* --api-version, or 0 */
    unsigned root_dialect;       /* what the root document said (0: could not tell) */
    const char *dialect_why;     /* static: how it was decided */
    bool debug;                  /* -d: say the dialect on stderr when it is decided */
    /* Every object created in this run, in order: told when the output cannot be written. */
    struct created_id *made;
    size_t nmade, made_alloc;
    struct strmap made_ids;      /* their ids (session_made()) */
    /* The names a script gave what it created (`create ... as @NAME`): session_alias(). */
    struct script_alias *aliases;
    size_t naliases, aliases_alloc;
};

struct script_alias {
    char *name;              /* without the '@'; owned */
    char *id;                /* owned */
};

struct created_id {
    const char *type;        /* a schema type name ("port"), or "last" for any type; static */
    char *id;                /* owned */
};

/* Exit statuses of a command, the same as the process's (doc/architecture.md). */
enum status {
    ST_OK = 0,
    ST_FAILED = 1,           /* the API refused, or an object was not found or ambiguous */
    ST_USAGE = 2,            /* usage or syntax error */
    ST_UNREACHABLE = 3,      /* the API could not be reached, or authentication failed */
};

/* Report fmt on stderr, one line (error()), and return st: "return fail(ST_USAGE, ...)". */
enum status fail(enum status st, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Has a signal that ends midosh arrived (session.ending)? */
bool session_ending(const struct session *s);

/* With the API's own backend (backend_api over api). */
void session_init(struct session *s, struct api *api);
void session_release(struct session *s);

/*
 * The root document has been read: decide the dialect (once), from its version and
 * keys unless forced, and tell the schema. Prints it on stderr with -d; warns once when
 * --api-version contradicts the root document.
 */
void session_root_seen(struct session *s, const json_t *root);

/*
 * Remember id as the object of type type_name (a schema type name) created last, and
 * as the last object created: what @TYPE and @last stand for in later commands.
 */
void session_set_created(struct session *s, const char *type_name, const char *id);
/* Was id made (or found by --may-exist) by a create of this run? */
bool session_made(const struct session *s, const char *id);
/* The id @name stands for ("last" or a type name), or NULL when none was created. */
const char *session_created(const struct session *s, const char *name);
/* `create ... as @name`: @name stands for id in later commands of the run. */
void session_set_alias(struct session *s, const char *name, const char *id);
/* The id @name stands for when a create named it, or NULL. */
const char *session_alias(const struct session *s, const char *name);

/*
 * Follow ZooKeeper at hosts under root (NULL: /midonet/v1). Returns at once: the session
 * comes up in the background, and until it is up everything goes through the API alone.
 */
void session_zk_start(struct session *s, const char *hosts, const char *root,
                      long connect_timeout_ms);

/*
 * Apply what ZooKeeper reported since the last call: entries behind changed nodes become
 * stale, hosts' "alive" follows their alive nodes, and after a (re)connection entries
 * from earlier commands are revalidated. Prints one warning line when ZooKeeper cannot be
 * reached or is lost (exec_command calls it first). Cheap when nothing happened; does
 * nothing without ZooKeeper.
 */
void session_sync(struct session *s);

/*
 * session_sync() but for the warning, then: does ZooKeeper keep entry e coherent now
 * (connected, and following e's nodes)? While it does, a change by anyone marks e stale.
 */
bool session_coherent(struct session *s, const struct cache_coll *e);

/*
 * session_sync() but for the warning (this runs while completing a word too), then the
 * age limit in effect for entry e (seconds; e may be NULL):
 * < 0 while ZooKeeper is connected and follows e's nodes (a cached collection is trusted
 * exactly as long as nothing changed), else max_age.
 */
double session_max_age(struct session *s, const struct cache_coll *e);

/*
 * Before the GET of a collection (its entry e, or NULL when there is none yet): how far
 * ZooKeeper's servers are (zk_applied_zxid), for session_watch(); -1 when ZooKeeper does
 * not follow the entry or cannot tell. Costs a four-letter word per server.
 */
int64_t session_zk_clock(struct session *s, const struct cache_coll *e);

/*
 * For name resolution in t's root collection at uri, not cached yet (doc/cache.md): its
 * objects' names read from ZooKeeper's nodes (tenant: the session tenant's filter, or
 * NULL), stored in the cache under key as a names_only entry and watched like a list the
 * API gave. NULL when ZooKeeper cannot give them (none, not up within a second, no such
 * layout for t, a failed or slow read): the caller lists the collection from the API.
 */
struct cache_coll *session_zk_names(struct session *s, const char *key, const struct type *t,
                                    const char *uri, const char *tenant);

/*
 * The children of dir (below the root; MidoNet 1.9's layout: "/chains/ID/refs" holds
 * "rule:ID" for each jump rule to the chain), read once from ZooKeeper without watches.
 * False when ZooKeeper cannot tell (none, not up within a second, a failed or slow read);
 * else *names (*n of them) is the caller's, each string too.
 */
bool session_zk_children(struct session *s, const char *dir, char ***names, size_t *n);

/*
 * Watch the nodes behind entry e, just stored or refreshed. since is session_zk_clock()
 * from before its GET: a node whose first answer shows a later change makes e stale, as
 * the GET may have missed that change (-1: no such check, for objects midosh created).
 * Nothing without ZooKeeper.
 */
void session_watch(struct session *s, struct cache_coll *e, int64_t since);

/*
 * Before a write to obj (an object of e): while ZooKeeper is connected and the first
 * answer of obj's node watch has not come yet, wait for it, a second at most, so that
 * session_wrote() can tell the change the write makes from anyone else's. Without that
 * answer the write's own change would arrive as news and make e stale.
 */
void session_before_write(struct session *s, const struct cache_coll *e, const json_t *obj);

/*
 * midosh itself has just written obj (its new state is in entry e): the one change of
 * its node that this write makes is no news. Any other change still is.
 */
void session_wrote(struct session *s, const struct cache_coll *e, const json_t *obj);

/*
 * Also hand every ZooKeeper event to fn (after the cache has seen it), until called
 * again with NULL: `watch` follows its own nodes this way. ev is borrowed.
 */
typedef void session_listener(void *ctx, const struct zk_event *ev);
void session_listen(struct session *s, session_listener *fn, void *ctx);

/*
 * How far the events applied so far go: how many node events the session has applied
 * (first answers and changes, of every watch, `watch`'s too) and the greatest zxid among
 * them (0 before the first). `zk` prints both, so that an operator (or a test) can tell
 * that a change made elsewhere has reached midosh: its mzxid is at most that zxid.
 */
void session_zk_applied(const struct session *s, unsigned long *events, int64_t *zxid);

#endif
