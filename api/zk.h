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
 * MidoNet's layout of its nodes is api/zk_layout.h's; the four-letter words, api/zk_4lw.h's.
 *
 * Paths given to and returned by zk are relative to the root ("/bridges").
 */
#ifndef MIDOSH_ZK_H
#define MIDOSH_ZK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
    int64_t mtime;              /* when it exists: the last change, ms since the epoch (the
                                 * server's clock) */
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

/* Does path exist now? 1 yes, 0 no, -1 not known (the session is not up, or the read
 * failed). One synchronous request, no watch. */
int zk_exists_now(struct zk *z, const char *path);

/* One child of a directory read by zk_read_dir(). */
struct zk_child {
    char *name;                 /* owned */
    char *data;                 /* NUL-terminated, owned; NULL when the node has no data */
    size_t len;
};

/*
 * Read the children of path and the data of each, without watches: the children's reads
 * are pipelined (the client's asynchronous API, a bounded number in flight). Children
 * deleted during the read are left out. False (nothing returned) when the session is not
 * up, a read fails, or the whole read takes longer than timeout_ms. *out (*n long) is the
 * caller's: release it with zk_children_release().
 */
bool zk_read_dir(struct zk *z, const char *path, long timeout_ms, struct zk_child **out,
                 size_t *n);
void zk_children_release(struct zk_child *c, size_t n);

#endif
