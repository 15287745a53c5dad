#include "api/zk.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zookeeper/zookeeper.h>

#include "api/zk_4lw.h"
#include "lib/strmap.h"
#include "parser/schema.h"

/* Long enough to ride out a server restart, short enough that a dead client's ephemeral
 * nodes (none today) would not linger. The server clamps it to its own bounds; the tests
 * shorten it with $MIDOSH_ZK_SESSION_MS to make a session expire. */
#define ZK_SESSION_MS 10000

/* A registered watch. Records live until zk_free, so the client's callbacks may hold them. */
struct zk_watch {
    struct zk *z;
    enum zk_watch_kind kind;
    char *path;                 /* absolute */
    bool armed;                 /* a watch is set, or a request setting one is in flight */
    bool fired;                 /* the watch fired: the next answer is a change */
    double due;                 /* > 0: first arming held back until then (arm_delay) */
};

struct zk_queued {
    struct zk_event ev;
    struct zk_queued *next;
};

struct zk {
    char *hosts, *root;
    long connect_timeout_ms;
    pthread_mutex_t lock;       /* everything below; the client's threads take it in callbacks */
    zhandle_t *zh;
    int zstate;                 /* the last session state the client reported (0: none yet) */
    bool ever_connected;
    bool expired;               /* the session expired: zk_state() replaces it */
    bool closing;               /* no new requests: the handle is about to be closed */
    int inflight;               /* requests whose answer has not come back */
    pthread_cond_t idle;        /* signalled when inflight drops */
    double started;             /* monotonic seconds: when the current handle was created */
    unsigned long errors_at_start;
    unsigned long nhosts;       /* servers in hosts: each may refuse once before it is "down" */
    int session_ms;
    double arm_delay;           /* seconds a new watch's first arming is held back (tests) */
    struct zk_watch **watches;
    size_t nwatches, walloc;
    struct strmap index;        /* "kind:path" -> index in watches */
    struct zk_queued *head, *tail;
    int pipe[2];
    FILE *devnull;              /* the client library's log stream */
};

/*
 * The client library's log callback has no context argument, and midosh has one session
 * at a time: connection errors are counted here. The callback runs on the client's I/O
 * thread, maybe inside our own calls into the library, so it takes no lock: atomics and
 * write() only.
 */
static atomic_ulong log_errors;
static atomic_int log_pipe = -1;

/*
 * The waits on a condition variable (a pipelined read, the close) keep their deadlines on
 * the monotonic clock, as everything else does (lib/util.h): the variables are made to
 * measure time by it, and a deadline is a struct timespec of that clock.
 */
static void cond_init_monotonic(pthread_cond_t *c)
{
    pthread_condattr_t attr;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(c, &attr);
    pthread_condattr_destroy(&attr);
}

/* ms milliseconds from now on the monotonic clock. */
static struct timespec deadline_in(long ms)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

static void on_log(const char *message)
{
    int fd = atomic_load(&log_pipe);

    (void)message;
    atomic_fetch_add(&log_errors, 1);
    if (fd >= 0 && write(fd, "l", 1) < 0) {
        /* A full pipe already wakes the reader. */
    }
}

/* ---- the event queue (z->lock held) ---------------------------------------------- */

static void post(struct zk *z, struct zk_event *ev)
{
    struct zk_queued *q = xcalloc(1, sizeof(*q));

    q->ev = *ev;
    if (z->tail)
        z->tail->next = q;
    else
        z->head = q;
    z->tail = q;
    if (write(z->pipe[1], "e", 1) < 0) {
        /* Full: the reader is awake anyway. */
    }
}

static void post_node(struct zk_watch *w, bool exists, const struct Stat *stat)
{
    struct zk_event ev = { .kind = ZKE_NODE, .watch = w->kind, .exists = exists };
    size_t rootlen = strlen(w->z->root);

    ev.path = xstrdup(w->path[rootlen] ? w->path + rootlen : "/");
    ev.changed = w->fired;
    ev.mtime = exists && stat ? stat->mtime : 0;
    ev.zxid = exists && stat ? (w->kind == ZKW_CHILDREN ? stat->pzxid : stat->mzxid) : 0;
    ev.version = exists && stat ? stat->version : 0;
    w->fired = false;
    post(w->z, &ev);
}

void zk_event_release(struct zk_event *ev)
{
    free(ev->path);
    for (size_t i = 0; i < ev->nchildren; i++)
        free(ev->children[i]);
    free(ev->children);
    free(ev->data);
    memset(ev, 0, sizeof(*ev));
}

static void arm_due(struct zk *z);

bool zk_next(struct zk *z, struct zk_event *ev)
{
    struct zk_queued *q;
    char buf[256];

    pthread_mutex_lock(&z->lock);
    arm_due(z);
    q = z->head;
    if (q) {
        z->head = q->next;
        if (!z->head)
            z->tail = NULL;
    } else {
        while (read(z->pipe[0], buf, sizeof(buf)) > 0)
            ;
    }
    pthread_mutex_unlock(&z->lock);
    if (!q)
        return false;
    *ev = q->ev;
    free(q);
    return true;
}

int zk_fd(const struct zk *z)
{
    return z->pipe[0];
}

/* ---- watches ------------------------------------------------------------------------ */

static void arm(struct zk *z, struct zk_watch *w);

/* A request's answer came back (z->lock held). */
static void answered(struct zk *z)
{
    /* Every answer: close_handle() counts them. */
    if (z->inflight > 0) {
        z->inflight--;
        pthread_cond_broadcast(&z->idle);
    }
}

/* A request was sent if rc says so (z->lock held). */
static bool sent(struct zk *z, int rc)
{
    if (rc == ZOK)
        z->inflight++;
    return rc == ZOK;
}

/* A one-shot watch fired: set it again; its answer is the node as it is now. */
static void on_watch(zhandle_t *zh, int type, int state, const char *path, void *ctx)
{
    struct zk_watch *w = ctx;
    struct zk *z = w->z;

    (void)state;
    (void)path;
    /* The library hands session events to every watcher too; zk follows them elsewhere. */
    if (type == ZOO_SESSION_EVENT)
        return;
    pthread_mutex_lock(&z->lock);
    if (zh == z->zh) {
        w->fired = true;
        arm(z, w);
    }
    pthread_mutex_unlock(&z->lock);
}

/* An answer that sets nothing: the watch is re-armed after the next connection. */
static bool failed(struct zk_watch *w, int rc)
{
    if (rc == ZOK || rc == ZNONODE)
        return false;
    w->armed = false;
    return true;
}

/* The existence watch set on a missing node (for its creation). */
static void on_missing(int rc, const struct Stat *stat, const void *data)
{
    struct zk_watch *w = (struct zk_watch *)data;
    struct zk *z = w->z;

    (void)stat;
    pthread_mutex_lock(&z->lock);
    answered(z);
    /* Created meanwhile: read it now; the existence watch fires as well, harmlessly. */
    if (!failed(w, rc) && rc == ZOK)
        arm(z, w);
    pthread_mutex_unlock(&z->lock);
}

static void watch_missing(struct zk *z, struct zk_watch *w)
{
    w->armed = z->zh && !z->closing &&
        sent(z, zoo_awexists(z->zh, w->path, on_watch, w, on_missing, w));
}

/*
 * The common part of an answer (z->lock held): post the node's event, or watch a missing
 * node for its creation. The event, when it is one with contents, is z->tail's; NULL
 * otherwise.
 */
static struct zk_event *answer(struct zk_watch *w, int rc, const struct Stat *stat)
{
    struct zk *z = w->z;

    answered(z);
    if (failed(w, rc))
        return NULL;
    post_node(w, rc == ZOK, stat);
    if (rc == ZNONODE) {
        watch_missing(z, w);
        return NULL;
    }
    return &z->tail->ev;
}

static void on_children(int rc, const struct String_vector *strings, const struct Stat *stat,
                        const void *data)
{
    struct zk_watch *w = (struct zk_watch *)data;
    struct zk_event *ev;

    pthread_mutex_lock(&w->z->lock);
    if ((ev = answer(w, rc, stat)) && strings && strings->count > 0) {
        ev->children = xcalloc((size_t)strings->count, sizeof(*ev->children));
        for (int32_t i = 0; i < strings->count; i++)
            ev->children[ev->nchildren++] = xstrdup(strings->data[i]);
    }
    pthread_mutex_unlock(&w->z->lock);
}

static void on_data(int rc, const char *value, int len, const struct Stat *stat, const void *data)
{
    struct zk_watch *w = (struct zk_watch *)data;
    struct zk_event *ev;

    pthread_mutex_lock(&w->z->lock);
    if ((ev = answer(w, rc, stat)) && value && len > 0) {
        ev->data = xstrndup(value, (size_t)len);
        ev->len = strlen(ev->data);
    }
    pthread_mutex_unlock(&w->z->lock);
}

static void on_stat(int rc, const struct Stat *stat, const void *data)
{
    struct zk_watch *w = (struct zk_watch *)data;
    struct zk *z = w->z;

    pthread_mutex_lock(&z->lock);
    answered(z);
    if (!failed(w, rc))
        post_node(w, rc == ZOK, stat);
    pthread_mutex_unlock(&z->lock);
}

/* Set w's watch with a request whose answer comes as an event (z->lock held). */
static void arm(struct zk *z, struct zk_watch *w)
{
    int rc = ZINVALIDSTATE;

    if (z->zh && !z->closing && z->zstate == ZOO_CONNECTED_STATE) {
        switch (w->kind) {
        case ZKW_CHILDREN:
            rc = zoo_awget_children2(z->zh, w->path, on_watch, w, on_children, w);
            break;
        case ZKW_EXISTS:
            rc = zoo_awexists(z->zh, w->path, on_watch, w, on_stat, w);
            break;
        case ZKW_DATA:
            rc = zoo_awget(z->zh, w->path, on_watch, w, on_data, w);
            break;
        }
    }
    w->armed = sent(z, rc);
}

/* path ("/bridges/ID", or "/" for the root itself) under MidoNet's root: what zoo_* take
 * (an empty root, --zk-root=/, makes "/" of the root). The caller's. */
static char *abs_path(const struct zk *z, const char *path)
{
    if (strcmp(path, "/"))
        return xasprintf("%s%s", z->root, path);
    return xstrdup(*z->root ? z->root : "/");
}

static void watch(struct zk *z, enum zk_watch_kind kind, const char *path, bool reread)
{
    char *key = xasprintf("%d:%s", (int)kind, path);
    struct zk_watch *w;
    size_t i;

    pthread_mutex_lock(&z->lock);
    if (strmap_get(&z->index, key, &i)) {
        /* The library keeps one watch per path and callback: asking again only answers. */
        if (reread && z->watches[i]->armed && !z->watches[i]->due)
            arm(z, z->watches[i]);
        goto out;
    }
    w = xcalloc(1, sizeof(*w));
    w->z = z;
    w->kind = kind;
    w->path = abs_path(z, path);
    ALLOC_GROW(z->watches, z->nwatches + 1, z->walloc);
    strmap_put(&z->index, key, z->nwatches);
    z->watches[z->nwatches++] = w;
    if (z->arm_delay > 0)
        w->due = monotonic_now() + z->arm_delay;
    else
        arm(z, w);
out:
    pthread_mutex_unlock(&z->lock);
    free(key);
}

/* New watches whose held-back first arming is due (z->lock held; arm_delay only). */
static void arm_due(struct zk *z)
{
    double now;

    if (z->arm_delay <= 0)
        return;
    now = monotonic_now();
    for (size_t i = 0; i < z->nwatches; i++) {
        if (z->watches[i]->due > 0 && z->watches[i]->due <= now) {
            z->watches[i]->due = 0;
            arm(z, z->watches[i]);
        }
    }
}

void zk_watch(struct zk *z, enum zk_watch_kind kind, const char *path)
{
    watch(z, kind, path, false);
}

void zk_reread(struct zk *z, enum zk_watch_kind kind, const char *path)
{
    watch(z, kind, path, true);
}

/* ---- reading a directory ------------------------------------------------------------ */

/* Requests of one zk_read_dir() in flight at once: the server queues no more than it must. */
#define ZK_READ_WINDOW 256

struct dir_read;

struct dir_get {
    struct dir_read *d;
    size_t i;
};

/*
 * One directory read. Freed by the reader, or, when the reader gave up waiting, by the
 * last answer (the client answers every request, with an error when it is closed).
 */
struct dir_read {
    struct zk *z;
    zhandle_t *zh;
    char *base;                 /* the directory's absolute path */
    struct zk_child *kids;
    struct dir_get *gets;
    bool *gone;
    size_t n, next, pending;
    bool failed, abandoned;
    pthread_cond_t cond;
};

static void dir_read_free(struct dir_read *d)
{
    zk_children_release(d->kids, d->n);
    free(d->kids);
    free(d->gets);
    free(d->gone);
    free(d->base);
    pthread_cond_destroy(&d->cond);
    free(d);
}

void zk_children_release(struct zk_child *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        free(c[i].name);
        free(c[i].data);
    }
}

static void on_dir_get(int rc, const char *value, int len, const struct Stat *stat,
                       const void *data);

/* Send reads until the window is full (z->lock held). */
static void dir_send(struct dir_read *d)
{
    struct zk *z = d->z;

    while (!d->failed && !d->abandoned && d->next < d->n && d->pending < ZK_READ_WINDOW) {
        size_t i = d->next++;
        char *path = xasprintf("%s/%s", d->base, d->kids[i].name);
        int rc = ZINVALIDSTATE;

        d->gets[i].d = d;
        d->gets[i].i = i;
        if (z->zh == d->zh && !z->closing && z->zstate == ZOO_CONNECTED_STATE)
            rc = zoo_aget(d->zh, path, 0, on_dir_get, &d->gets[i]);
        free(path);
        if (sent(z, rc))
            d->pending++;
        else
            d->failed = true;
    }
}

static void on_dir_get(int rc, const char *value, int len, const struct Stat *stat,
                       const void *data)
{
    const struct dir_get *g = data;
    struct dir_read *d = g->d;
    struct zk *z = d->z;

    (void)stat;
    pthread_mutex_lock(&z->lock);
    answered(z);
    d->pending--;
    if (rc == ZOK && value && len > 0) {
        d->kids[g->i].data = xstrndup(value, (size_t)len);
        d->kids[g->i].len = (size_t)len;
    } else if (rc == ZNONODE) {
        d->gone[g->i] = true;           /* deleted since the directory was read */
    } else if (rc != ZOK) {
        d->failed = true;
    }
    if (d->abandoned) {
        if (!d->pending)
            dir_read_free(d);
    } else {
        dir_send(d);
        if (!d->pending)
            pthread_cond_signal(&d->cond);
    }
    pthread_mutex_unlock(&z->lock);
}

bool zk_read_dir(struct zk *z, const char *path, long timeout_ms, struct zk_child **out,
                 size_t *n)
{
    struct String_vector names = { 0, NULL };
    struct dir_read *d;
    struct timespec deadline;
    zhandle_t *zh;
    bool ok;
    size_t k = 0;

    *out = NULL;
    *n = 0;
    pthread_mutex_lock(&z->lock);
    zh = z->zh && !z->closing && z->zstate == ZOO_CONNECTED_STATE ? z->zh : NULL;
    pthread_mutex_unlock(&z->lock);
    if (!zh)
        return false;
    d = xcalloc(1, sizeof(*d));
    d->z = z;
    d->zh = zh;
    d->base = abs_path(z, path);
    cond_init_monotonic(&d->cond);
    /* The handle is only ever replaced or closed on this thread: it outlives the call. */
    if (zoo_get_children(zh, d->base, 0, &names) != ZOK) {
        dir_read_free(d);
        return false;
    }
    d->n = names.count > 0 ? (size_t)names.count : 0;
    d->kids = xcalloc(d->n ? d->n : 1, sizeof(*d->kids));
    d->gets = xcalloc(d->n ? d->n : 1, sizeof(*d->gets));
    d->gone = xcalloc(d->n ? d->n : 1, sizeof(*d->gone));
    for (size_t i = 0; i < d->n; i++)
        d->kids[i].name = xstrdup(names.data[i]);
    deallocate_String_vector(&names);

    deadline = deadline_in(timeout_ms);
    pthread_mutex_lock(&z->lock);
    dir_send(d);
    while (d->pending)
        if (pthread_cond_timedwait(&d->cond, &z->lock, &deadline) != 0)
            break;
    if (d->pending) {
        d->abandoned = true;            /* the last answer frees it */
        pthread_mutex_unlock(&z->lock);
        return false;
    }
    pthread_mutex_unlock(&z->lock);
    ok = !d->failed && d->next == d->n;
    if (ok) {
        *out = xcalloc(d->n ? d->n : 1, sizeof(**out));
        for (size_t i = 0; i < d->n; i++) {
            if (d->gone[i])
                continue;
            (*out)[k++] = d->kids[i];
            memset(&d->kids[i], 0, sizeof(d->kids[i]));
        }
        *n = k;
    }
    dir_read_free(d);
    return ok;
}

int zk_exists_now(struct zk *z, const char *path)
{
    zhandle_t *zh;
    struct Stat st;
    char *abs;
    int rc;

    pthread_mutex_lock(&z->lock);
    zh = z->zh && !z->closing && z->zstate == ZOO_CONNECTED_STATE ? z->zh : NULL;
    pthread_mutex_unlock(&z->lock);
    if (!zh)
        return -1;
    abs = abs_path(z, path);
    /* The handle is only ever replaced or closed on this thread: it outlives the call. */
    rc = zoo_exists(zh, abs, 0, &st);
    free(abs);
    return rc == ZOK ? 1 : rc == ZNONODE ? 0 : -1;
}

/* ---- the session -------------------------------------------------------------------- */

static void on_session(zhandle_t *zh, int type, int state, const char *path, void *ctx)
{
    struct zk *z = ctx;
    struct zk_event ev = { .kind = ZKE_SESSION };

    (void)path;
    if (type != ZOO_SESSION_EVENT)
        return;
    pthread_mutex_lock(&z->lock);
    if (zh == z->zh) {
        z->zstate = state;
        if (state == ZOO_CONNECTED_STATE) {
            z->ever_connected = true;
            /* Watches set before survive a reconnection; the others are set now. */
            for (size_t i = 0; i < z->nwatches; i++)
                if (!z->watches[i]->armed && !z->watches[i]->due)
                    arm(z, z->watches[i]);
        } else if (state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE) {
            z->expired = true;
        }
        post(z, &ev);
        pthread_cond_broadcast(&z->idle);   /* close_handle() may wait for this one */
    }
    pthread_mutex_unlock(&z->lock);
}

/* A new handle (z->lock held, so that its first events wait for z->zh). */
static void start_locked(struct zk *z)
{
    sigset_t all, old;

    z->zstate = 0;
    z->expired = false;
    z->started = monotonic_now();
    z->errors_at_start = atomic_load(&log_errors);
    /*
     * The client's threads inherit this thread's signal mask: with every signal blocked
     * there, the program's handlers run on its own thread, in the order signals arrive
     * (the prompt's reader counts on it: shell/repl.c).
     */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    z->zh = zookeeper_init2(z->hosts, on_session, z->session_ms, NULL, z, 0, on_log);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    /*
     * By default the client resolves the servers' names again at every wake-up of its I/O
     * thread (getaddrinfo, a netlink dump of the interfaces): thousands of times in one
     * pipelined read. -1 resolves them when a connection is lost, not in normal operation.
     */
    if (z->zh)
        zoo_set_servers_resolution_delay(z->zh, -1);
}

/* Is it still before t (CLOCK_MONOTONIC)? */
static bool still_before(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec < t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec < t->tv_nsec);
}

/*
 * Close the handle. The client library leaks the bookkeeping of requests still in
 * flight when it is closed, so their answers (or errors) are awaited first: by count,
 * for as long as they keep coming, each within stall_ms of the one before, and all
 * within bound_ms. The library completes every request it sent, with its answer or with
 * a connection loss once the server has been silent too long, so at exit (zk_free) the
 * bounds are the session's; a reconnection (restart) waits briefly.
 */
static void close_handle(struct zk *z, long stall_ms, long bound_ms)
{
    struct timespec bound, stall;
    zhandle_t *old;

    bound = deadline_in(bound_ms);
    stall = deadline_in(stall_ms);
    pthread_mutex_lock(&z->lock);
    z->closing = true;
    while (z->inflight > 0 && z->zh) {
        int before = z->inflight;
        const struct timespec *until =
            stall.tv_sec < bound.tv_sec ||
            (stall.tv_sec == bound.tv_sec && stall.tv_nsec < bound.tv_nsec) ? &stall : &bound;

        if (pthread_cond_timedwait(&z->idle, &z->lock, until) != 0 && z->inflight >= before)
            break;
        if (z->inflight < before) {
            /* An answer came: the next one has stall_ms again. */
            stall = deadline_in(stall_ms);
        }
    }
    /*
     * The library also leaks an event it has queued and not yet delivered: the session's
     * "connected", when the server's answer to the handshake comes as midosh exits. A
     * handshake under way (the connection made, the answer awaited) is let finish and its
     * event delivered, within the same bound; a connection still being made is not waited
     * for (a server that is down would hold every exit).
     */
    while (z->zh && still_before(&bound)) {
        int state = zoo_state(z->zh);
        struct timespec slice = deadline_in(10);

        if (state != ZOO_ASSOCIATING_STATE &&
            (state != ZOO_CONNECTED_STATE || z->zstate == ZOO_CONNECTED_STATE))
            break;
        pthread_cond_timedwait(&z->idle, &z->lock, &slice);
    }
    old = z->zh;
    z->zh = NULL;
    for (size_t i = 0; i < z->nwatches; i++)
        z->watches[i]->armed = false;
    pthread_mutex_unlock(&z->lock);
    /* Outside the lock: closing joins the threads that take it. */
    if (old)
        zookeeper_close(old);
    pthread_mutex_lock(&z->lock);
    z->closing = false;
    z->inflight = 0;
    pthread_mutex_unlock(&z->lock);
}

static void restart(struct zk *z)
{
    close_handle(z, 2000, 2000);
    pthread_mutex_lock(&z->lock);
    start_locked(z);
    pthread_mutex_unlock(&z->lock);
}

static unsigned long count_hosts(const char *hosts)
{
    char **servers;
    size_t n = zk_split_hosts(hosts, &servers);

    for (size_t i = 0; i < n; i++)
        free(servers[i]);
    free(servers);
    return n ? n : 1;
}

struct zk *zk_new(const char *hosts, const char *root, long connect_timeout_ms)
{
    struct zk *z = xcalloc(1, sizeof(*z));
    size_t len;

    z->hosts = xstrdup(hosts);
    z->root = xstrdup(root && *root ? root : ZK_DEFAULT_ROOT);
    len = strlen(z->root);
    while (len > 1 && z->root[len - 1] == '/')
        z->root[--len] = '\0';
    if (!strcmp(z->root, "/"))
        z->root[0] = '\0';
    z->connect_timeout_ms = connect_timeout_ms > 0 ? connect_timeout_ms : 5000;
    z->nhosts = count_hosts(hosts);
    /*
     * For the tests only (tests/zk), undocumented to users: a short session timeout, so that
     * an expiry can be provoked in seconds. Not a setting: nothing else reads it.
     */
    z->session_ms = getenv("MIDOSH_ZK_SESSION_MS") ? atoi(getenv("MIDOSH_ZK_SESSION_MS")) : 0;
    if (z->session_ms <= 0)
        z->session_ms = ZK_SESSION_MS;
    /*
     * For the tests only (tests/zk/test_cache.py), undocumented to users: hold back the
     * first arming of every new watch this many ms (it goes out at the next zk_next() past
     * then), so that a write can reach the server before a watch's first answer is made.
     */
    if (getenv("MIDOSH_ZK_ARM_DELAY_MS"))
        z->arm_delay = atoi(getenv("MIDOSH_ZK_ARM_DELAY_MS")) / 1000.0;
    pthread_mutex_init(&z->lock, NULL);
    cond_init_monotonic(&z->idle);
    strmap_init(&z->index);
    if (pipe2(z->pipe, O_CLOEXEC | O_NONBLOCK) < 0)
        die(1, "cannot create a pipe: %s", strerror(errno));
    atomic_store(&log_pipe, z->pipe[1]);
    /* Lines the library logs without a handle go nowhere; the handle's go to on_log. */
    z->devnull = fopen("/dev/null", "w");
    if (z->devnull)
        zoo_set_log_stream(z->devnull);
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    pthread_mutex_lock(&z->lock);
    start_locked(z);
    pthread_mutex_unlock(&z->lock);
    return z;
}

void zk_free(struct zk *z)
{
    struct zk_event ev;

    if (!z)
        return;
    close_handle(z, z->session_ms, z->session_ms + z->connect_timeout_ms);
    atomic_store(&log_pipe, -1);
    while (zk_next(z, &ev))
        zk_event_release(&ev);
    for (size_t i = 0; i < z->nwatches; i++) {
        free(z->watches[i]->path);
        free(z->watches[i]);
    }
    free(z->watches);
    strmap_release(&z->index);
    close(z->pipe[0]);
    close(z->pipe[1]);
    zoo_set_log_stream(NULL);
    if (z->devnull)
        fclose(z->devnull);
    pthread_cond_destroy(&z->idle);
    pthread_mutex_destroy(&z->lock);
    free(z->hosts);
    free(z->root);
    free(z);
}

const char *zk_hosts(const struct zk *z)
{
    return z->hosts;
}

const char *zk_root(const struct zk *z)
{
    return z->root[0] ? z->root : "/";
}

enum zk_state zk_state(struct zk *z)
{
    enum zk_state st;
    bool expired;

    pthread_mutex_lock(&z->lock);
    /* Not a handle that failed to start (hosts that do not parse): that stays down. */
    expired = z->expired && z->zh;
    pthread_mutex_unlock(&z->lock);
    if (expired)
        restart(z);
    pthread_mutex_lock(&z->lock);
    if (z->zstate == ZOO_CONNECTED_STATE)
        st = ZK_CONNECTED;
    else if (z->ever_connected || !z->zh ||
             atomic_load(&log_errors) - z->errors_at_start >= z->nhosts ||
             (monotonic_now() - z->started) * 1000 >= z->connect_timeout_ms)
        st = ZK_DOWN;
    else
        st = ZK_CONNECTING;
    pthread_mutex_unlock(&z->lock);
    return st;
}

bool zk_session_info(struct zk *z, int64_t *id, int *timeout_ms)
{
    bool ok;

    pthread_mutex_lock(&z->lock);
    ok = z->zh && z->zstate == ZOO_CONNECTED_STATE;
    if (ok) {
        *id = zoo_client_id(z->zh)->client_id;
        *timeout_ms = zoo_recv_timeout(z->zh);
    }
    pthread_mutex_unlock(&z->lock);
    return ok;
}
