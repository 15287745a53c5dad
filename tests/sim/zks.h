/*
 * zks: the simulator's ZooKeeper store. One session, paths relative to the MidoNet root
 * (/midonet/v1 by default), the 1.9 serialization wrapper and multi-op transactions.
 *
 * Nothing is cached: every call goes to ZooKeeper, so two simulators on one ZooKeeper
 * (or one restarted simulator) always see the same topology.
 *
 * Path arguments are printf formats relative to the root and start with '/'.
 */
#ifndef SIM_ZKS_H
#define SIM_ZKS_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <zookeeper/zookeeper.h>

#include "lib/util.h"

/*
 * ZKS_ERROR is "ZooKeeper cannot be reached" (connection loss, timeout, closed session):
 * the API answers it with 503. Anything else that fails is ZKS_FAILED (500).
 */
enum zks_rc {
    ZKS_OK = 0,
    ZKS_NONODE = 1,
    ZKS_EXISTS = 2,
    ZKS_NOTEMPTY = 3,
    ZKS_FAILED = 4,
    ZKS_ERROR = -1,
};

/* The version string written in every wrapper and in /write_version. */
#define ZKS_WRITE_VERSION "1.9"

struct zks {
    zhandle_t *zh;
    char *hosts;
    char *root;                 /* "/midonet/v1": absolute, no trailing slash */
    pthread_mutex_t lock;       /* guards state below; the zhandle is thread-safe */
    pthread_cond_t changed;
    int state;                  /* last session state seen by the watcher */
    bool expired;
    unsigned session;           /* counts sessions: a new one lost every ephemeral node */
    int list_pause_ms;          /* see ZKS_LIST_PAUSE_ENV */
    char *zoom_root;            /* see ZKS_ZOOM_ROOT_ENV; NULL: root */
    bool zoom;                  /* 5.x's layout is kept (zks_zoom_sync): its models
                                 * directory was there at zks_open, or d5_init made it */
};

/*
 * For tests of a collection changing while it is read: the milliseconds zks_list_json and
 * zks_read_json pause between naming the children and reading them (0 or unset: none).
 */
#define ZKS_LIST_PAUSE_ENV "MIDONET_SIM_LIST_PAUSE_MS"

/*
 * For tests of a 5.x root without 1.9's layout: an absolute path under which the nodes of
 * 5.x's layout (/zoom/...) are kept instead of under the root, so that a client pointed at
 * it finds there what a real 5.x server's root holds (unset or empty: the root).
 */
#define ZKS_ZOOM_ROOT_ENV "MIDONET_SIM_ZOOM_ROOT"
/* A list of names (children of a node). */
struct zks_names {
    char **v;
    size_t nr, alloc;
};
#define ZKS_NAMES_INIT { NULL, 0, 0 }
void zks_names_release(struct zks_names *n);

/*
 * Connect and wait (up to timeout_ms) for the session. 0, or -1 with an error printed.
 * root may be "" or "/" for the ZooKeeper root itself.
 */
int zks_open(struct zks *z, const char *hosts, const char *root, int timeout_ms);
/* Close the session (ephemeral nodes go at once) and free everything. */
void zks_release(struct zks *z);
/* True when the session is connected now; an expired session is replaced first (and
 * z->session counts up). */
bool zks_usable(struct zks *z);

/* The absolute ZooKeeper path of a root-relative path. The caller's. */
char *zks_abs(const struct zks *z, const char *rel);

enum zks_rc zks_exists(struct zks *z, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Raw data of a node into *data (reset first); *czxid (may be NULL) gets its creation zxid. */
enum zks_rc zks_get(struct zks *z, struct strbuf *data, int64_t *czxid, const char *fmt, ...)
    PRINTF_LIKE(4, 5);
/* Children names, sorted by name. */
enum zks_rc zks_children(struct zks *z, struct zks_names *out, const char *fmt, ...)
    PRINTF_LIKE(3, 4);
/*
 * Children names in creation order (by czxid), for index nodes whose children are empty
 * (memberships, table entries). Children that vanish meanwhile are skipped.
 */
enum zks_rc zks_children_by_age(struct zks *z, struct zks_names *out, const char *fmt, ...)
    PRINTF_LIKE(3, 4);
/*
 * The "data" member of a wrapped node ({"data":…,"version":"1.9"}), a new reference.
 * NULL with *rc set when the node is missing (ZKS_NONODE), unreadable (ZKS_ERROR) or not
 * wrapped JSON (ZKS_FAILED). czxid may be NULL.
 */
json_t *zks_get_json(struct zks *z, enum zks_rc *rc, int64_t *czxid, const char *fmt, ...)
    PRINTF_LIKE(4, 5);
/*
 * Children of a node that hold wrapped JSON, in creation order: *ids gets the child names,
 * the returned array their "data" (same order). Children that vanish meanwhile are skipped.
 * The children are read pipelined (zks_read_json below), not one after another.
 */
json_t *zks_list_json(struct zks *z, enum zks_rc *rc, struct zks_names *ids, const char *fmt, ...)
    PRINTF_LIKE(4, 5);

/*
 * Pipelined reads of many nodes (root-relative paths, already formatted): the requests
 * go out while earlier answers are on their way, a bounded number at once, so n reads
 * cost about one round trip each shared with their neighbours. out[i] (n of them, set
 * here) gets each node's outcome: rc is ZKS_OK, ZKS_NONODE (missing), ZKS_FAILED with
 * unreadable set (zks_read_json: not wrapped JSON) or the read's error. The return is
 * the first error that is not the node's own (ZKS_ERROR, a ZKS_FAILED read), else ZKS_OK.
 */
struct zks_read {
    enum zks_rc rc;
    bool unreadable;
    json_t *json;               /* zks_read_json: the wrapper's "data", a new reference */
    int64_t czxid;
    int num_children;
};
/* The "data" of each wrapped node, its czxid and number of children. */
enum zks_rc zks_read_json(struct zks *z, char *const *paths, size_t n, struct zks_read *out);
/* Only the stat: czxid and number of children (e.g. how many /ports/<id>/active). */
enum zks_rc zks_read_stat(struct zks *z, char *const *paths, size_t n, struct zks_read *out);
/*
 * zks_read_json, each node handed over as soon as it is in: fn(ctx, i, &out[i], stat) runs
 * on the calling thread between sends, while later reads are still on their way (the
 * client's completion thread parses, this one builds), once for every node read with rc
 * ZKS_OK, in the order their reads completed. With stat_paths (NULL: none), stat_paths[i]
 * is read beside paths[i], its outcome goes to stats[i] and fn runs once both are in
 * (stat: &stats[i], rc ZKS_NONODE when missing; NULL without stat_paths). fn borrows
 * got->json: it is released when fn returns (out[i].json is left NULL). fn should not read
 * ZooKeeper itself: no read is sent meanwhile. All calls have returned when
 * zks_read_json_each does. The return is as for zks_read_json, the stat reads' errors
 * included.
 */
typedef void zks_each_fn(void *ctx, size_t i, const struct zks_read *got,
                         const struct zks_read *stat);
enum zks_rc zks_read_json_each(struct zks *z, char *const *paths, char *const *stat_paths,
                               size_t n, struct zks_read *out, struct zks_read *stats,
                               zks_each_fn *fn, void *ctx);
/* Release an array of n reads (its JSON) allocated with malloc. */
void zks_reads_release(struct zks_read *v, size_t n);

/* Serialize data (borrowed) in the 1.9 wrapper. The caller's. */
char *zks_wrap(const json_t *data);

/* Single writes, for the agent and setup (the API uses transactions). */
enum zks_rc zks_create(struct zks *z, const char *data, int flags, struct strbuf *created,
                       const char *fmt, ...) PRINTF_LIKE(5, 6);
enum zks_rc zks_set(struct zks *z, const char *data, const char *fmt, ...) PRINTF_LIKE(3, 4);
enum zks_rc zks_delete(struct zks *z, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Create every missing node of an absolute path (mkdir -p), empty. */
enum zks_rc zks_ensure_abs(struct zks *z, const char *abspath);

/*
 * A multi-op transaction: all its writes happen, or none. Ops are queued in order and
 * sent by zks_txn_commit(). JSON arguments are borrowed and serialized in the wrapper at
 * once; a NULL json means an empty node.
 */
struct zks_op;
struct zks_txn {
    struct zks_op *ops;
    size_t nr, alloc;
};
#define ZKS_TXN_INIT { NULL, 0, 0 }
void zks_txn_release(struct zks_txn *t);
void zks_txn_create(struct zks_txn *t, const json_t *data, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Create with raw bytes rather than wrapped JSON (e.g. /write_version). */
void zks_txn_create_raw(struct zks_txn *t, const char *data, const char *fmt, ...) PRINTF_LIKE(3,
                                                                                               4);
void zks_txn_set(struct zks_txn *t, const json_t *data, const char *fmt, ...) PRINTF_LIKE(3, 4);
void zks_txn_delete(struct zks_txn *t, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Queue deletes for a node and all its descendants, deepest first (reads the tree now). */
enum zks_rc zks_txn_delete_tree(struct zks *z, struct zks_txn *t, const char *fmt, ...)
    PRINTF_LIKE(3, 4);
/* True when the transaction already deletes this node (cascades use it to skip it). */
bool zks_txn_deletes(const struct zks_txn *t, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* True when the transaction already creates this node. */
bool zks_txn_creates(const struct zks_txn *t, const char *fmt, ...) PRINTF_LIKE(2, 3);
/*
 * 5.x's layout beside 1.9's: once zoom/0/models exists (d5_init makes it), every write of an
 * object 1.9 keeps at /<dir>/<id> (or of anything under it, or of its 5.x sidecar) is followed
 * by one of its copy at zoom/0/models/<Class>/<id>, created, rewritten or deleted as the 1.9
 * node is; a host's alive node is copied to 5.x's state path, zoom/0/state/<id>/Host/<id>/
 * alive (ephemeral, of the writer's session). The single writes and zks_txn_commit() call it
 * on the paths they wrote (root-relative).
 */
void zks_zoom_sync(struct zks *z, const char *const *rels, size_t n);
/* The classes of zoom/0/models zks_zoom_sync() writes (a static array, n long). */
const char *const *zks_zoom_classes(size_t *n);
/* Commit. An empty transaction succeeds. The first failing op's error is returned. */
enum zks_rc zks_txn_commit(struct zks *z, struct zks_txn *t);

#endif
