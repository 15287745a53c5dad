/*
 * zk: midosh's ZooKeeper client. One session, brought up in the background (creating a
 * struct zk never waits for the network), one-shot watches that zk re-arms itself each
 * time they fire, and a queue of events that the ZooKeeper client's threads fill and the
 * main thread drains (zk_next), with a self-pipe (zk_fd) to poll on.
 *
 * A lost session (expiry) is replaced by a new one, and every registered watch is armed
 * again on it; events of other sessions never reach the queue. The client library's own
 * log lines never reach the terminal: zk reports through zk_state() and its events.
 *
 * It also knows the MidoNet 1.9 layout (api-1.9.md §6) well enough to say which nodes
 * stand behind a cache entry (zk_entry_paths), and speaks ZooKeeper's four-letter words
 * over a plain TCP connection (zk_four_letter) for diagnostics.
 *
 * Paths given to and returned by zk are relative to the root ("/bridges"), except
 * zk_four_letter's, which takes a "host:port".
 */
#ifndef MIDOSH_ZK_H
#define MIDOSH_ZK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/cache.h"
#include "lib/util.h"

#define ZK_DEFAULT_ROOT "/midonet/v1"
#define ZK_DEFAULT_PORT 2181

struct zk;

enum zk_state {
    ZK_CONNECTING,      /* no session yet, and no sign of trouble so far */
    ZK_CONNECTED,
    ZK_DOWN,            /* unreachable: connecting failed, timed out, or the session was lost */
};

enum zk_watch_kind {
    ZKW_CHILDREN,       /* a node's children: created or deleted children */
    ZKW_EXISTS,         /* a node's existence and stat: created, changed or deleted */
    ZKW_DATA,           /* a node's data: the same events as ZKW_EXISTS, with the data */
};

enum zk_event_kind {
    ZKE_SESSION,        /* the session's state changed: ask zk_state() */
    ZKE_NODE,           /* a watched node, as it is now */
};

struct zk_event {
    enum zk_event_kind kind;
    enum zk_watch_kind watch;   /* ZKE_NODE: the kind of the watch */
    char *path;                 /* ZKE_NODE: root-relative, owned */
    /*
     * Set when the watch fired (something changed since it was armed); clear for the
     * first answer after zk_watch() or after a new session, which only tells how the
     * node is.
     */
    bool changed;
    bool exists;
    char **children;            /* ZKW_CHILDREN: the children's names, owned */
    size_t nchildren;
    char *data;                 /* ZKW_DATA: the data, NUL-terminated, owned (NULL when empty) */
    size_t len;
    int64_t mtime;              /* when it exists: the last change, ms since the epoch (server clock) */
    int64_t zxid;               /* when it exists: the transaction of the last change the watch
                                 * covers: its data (mzxid), or its children (pzxid) */
    int32_t version;            /* when it exists: its data version (+1 per write of its data) */
};

/*
 * Start a session with the servers in hosts ("h1:2181,h2:2181") under root (NULL: the
 * default). Returns at once; the session comes up in the background. A session that is
 * not up within connect_timeout_ms (or whose servers refuse) is ZK_DOWN, and keeps being
 * retried. The strings are copied.
 */
struct zk *zk_new(const char *hosts, const char *root, long connect_timeout_ms);
/* Close the session, join the client's threads and free everything. NULL is allowed. */
void zk_free(struct zk *z);

const char *zk_hosts(const struct zk *z);
const char *zk_root(const struct zk *z);

/* The state now. A session found expired is replaced here (never on another thread). */
enum zk_state zk_state(struct zk *z);

/* The session's id and negotiated timeout (ms), when connected; false otherwise. */
bool zk_session_info(struct zk *z, int64_t *id, int *timeout_ms);

/*
 * Watch path for kind until zk_free: the first answer comes as an event with changed
 * clear, and every change after it as an event with changed set, with the node as it is
 * after the change. Watching the same path for the same kind again does nothing. A
 * missing node is watched for its creation.
 */
void zk_watch(struct zk *z, enum zk_watch_kind kind, const char *path);
/* zk_watch(), and when path was watched already, a fresh first answer all the same. */
void zk_reread(struct zk *z, enum zk_watch_kind kind, const char *path);

/*
 * The next event, or false when the queue is empty. *ev is the caller's: release it
 * with zk_event_release().
 */
bool zk_next(struct zk *z, struct zk_event *ev);
void zk_event_release(struct zk_event *ev);

/* A file descriptor that polls readable while events are queued (zk_next drains it). */
int zk_fd(const struct zk *z);

/*
 * Send a four-letter word ("ruok", "srvr", "mntr") to hostport ("h:2181"; the port
 * defaults to 2181) and append the answer to out. Bounded by timeout_ms in all.
 * Returns 0, or -1 with a one-line reason in out ("connection refused").
 */
int zk_four_letter(const char *hostport, const char *word, long timeout_ms, struct strbuf *out);

/*
 * A lower bound of the last transaction every server has applied: the least "Zxid" that
 * the servers' srvr answers give, asked within timeout_ms in all. A change with a greater
 * zxid may be missing from what anyone read after this call. -1 when no server tells
 * (four-letter words refused, or none answers).
 */
int64_t zk_applied_zxid(const struct zk *z, long timeout_ms);

/*
 * Check a hosts string: "HOST[:PORT],..." (a "/chroot" after the last one is left alone),
 * HOST a name, an IPv4 address or "[IPv6]", PORT 1 to 65535. Returns 0, or -1 with what
 * is wrong in why ("an empty server between two commas", "port 99999 of
 * 127.0.0.1:99999 is not 1 to 65535").
 */
int zk_check_hosts(const char *hosts, struct strbuf *why);

/* The servers of a hosts string, one "host:port" each (the caller's strings). */
size_t zk_split_hosts(const char *hosts, char ***out);

/* ---- the cache's nodes ---------------------------------------------------------- */

enum zk_role {
    ZKR_IDS,            /* children named by the entry's object keys: the set must match */
    ZKR_ANY,            /* children: any change makes the entry stale */
    ZKR_NODE,           /* one object's node: any change makes the entry stale */
    ZKR_ALIVE,          /* a host's alive node: its existence is the host's "alive" */
};

struct zk_path {
    enum zk_role role;
    char *path;         /* root-relative, owned */
    char *key;          /* ZKR_NODE, ZKR_ALIVE: the key of the object it stands for (its
                         * id, or its natural key), owned; NULL otherwise */
};

/*
 * The nodes behind cache entry e, in the 1.9 layout: its collection's children and each
 * of its objects' nodes. Appends to *paths (*n long, *alloc allocated); false (nothing
 * appended) for types zk cannot follow, whose entries keep the age rule.
 */
bool zk_entry_paths(const struct cache_coll *e, struct zk_path **paths, size_t *n, size_t *alloc);
/* Would zk_entry_paths() follow e? (Cheap: nothing is built.) */
bool zk_follows(const struct cache_coll *e);
void zk_paths_release(struct zk_path *paths, size_t n);

/* The key an object of entry e has in ZKR_IDS children (its id, or a member's host id). */
const char *zk_object_key(const struct cache_coll *e, const json_t *obj);

#endif
