#include "tests/sim/zks.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ZooKeeper refuses nodes over jute.maxbuffer (1 MiB by default); so do we. */
#define ZKS_MAX_DATA (1024 * 1024)
#define ZKS_SESSION_MS 10000
/* 5.x's layout (ZookeeperObjectMapper's modelPath, version 0), and the simulator's sidecars. */
#define ZOOM_MODELS "/zoom/0/models"
#define ZOOM_EXT "/zoom/0/ext/"

enum zks_op_kind { OP_CREATE, OP_SET, OP_DELETE };

struct zks_op {
    enum zks_op_kind kind;
    char *path;                 /* root-relative */
    char *data;                 /* NULL: empty node */
};

void zks_names_release(struct zks_names *n)
{
    for (size_t i = 0; i < n->nr; i++)
        free(n->v[i]);
    free(n->v);
    n->v = NULL;
    n->nr = n->alloc = 0;
}

static enum zks_rc map_rc(int rc)
{
    switch (rc) {
    case ZOK:
        return ZKS_OK;
    case ZNONODE:
        return ZKS_NONODE;
    case ZNODEEXISTS:
        return ZKS_EXISTS;
    case ZNOTEMPTY:
        return ZKS_NOTEMPTY;
    case ZCONNECTIONLOSS:
    case ZOPERATIONTIMEOUT:
    case ZSESSIONEXPIRED:
    case ZINVALIDSTATE:
    case ZCLOSING:
    case ZSESSIONMOVED:
        return ZKS_ERROR;
    default:
        return ZKS_FAILED;
    }
}

static void watcher(zhandle_t *zh, int type, int state, const char *path, void *ctx)
{
    struct zks *z = ctx;

    if (type != ZOO_SESSION_EVENT)
        return;
    pthread_mutex_lock(&z->lock);
    z->state = state;
    if (state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE)
        z->expired = true;
    pthread_cond_broadcast(&z->changed);
    pthread_mutex_unlock(&z->lock);
}

/* Start a session and wait for it; called with z->lock held. */
static int connect_locked(struct zks *z, int timeout_ms)
{
    struct timespec deadline;

    z->state = 0;
    z->expired = false;
    z->session++;
    z->zh = zookeeper_init(z->hosts, watcher, ZKS_SESSION_MS, NULL, z, 0);
    if (!z->zh)
        return -1;
    /*
     * By default the client resolves the server names again every time its I/O thread
     * wakes (a getaddrinfo, netlink dump included, per wake-up): with reads pipelined by
     * the thousand that was most of the simulator's time. Names are resolved again on a
     * connection loss anyway.
     */
    zoo_set_servers_resolution_delay(z->zh, -1);
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    while (z->state != ZOO_CONNECTED_STATE && !z->expired) {
        if (pthread_cond_timedwait(&z->changed, &z->lock, &deadline) == ETIMEDOUT)
            break;
    }
    return z->state == ZOO_CONNECTED_STATE ? 0 : -1;
}

int zks_open(struct zks *z, const char *hosts, const char *root, int timeout_ms)
{
    size_t len;
    int ret;

    memset(z, 0, sizeof(*z));
    pthread_mutex_init(&z->lock, NULL);
    pthread_cond_init(&z->changed, NULL);
    z->hosts = xstrdup(hosts);
    z->root = xstrdup(root);
    len = strlen(z->root);
    while (len > 0 && z->root[len - 1] == '/')
        z->root[--len] = '\0';
    if (getenv(ZKS_ZOOM_ROOT_ENV) && *getenv(ZKS_ZOOM_ROOT_ENV)) {
        z->zoom_root = xstrdup(getenv(ZKS_ZOOM_ROOT_ENV));
        len = strlen(z->zoom_root);
        while (len > 0 && z->zoom_root[len - 1] == '/')
            z->zoom_root[--len] = '\0';
    }
    if (getenv(ZKS_LIST_PAUSE_ENV))
        z->list_pause_ms = atoi(getenv(ZKS_LIST_PAUSE_ENV));
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    pthread_mutex_lock(&z->lock);
    ret = connect_locked(z, timeout_ms);
    pthread_mutex_unlock(&z->lock);
    if (ret < 0)
        return error("cannot connect to ZooKeeper at %s", hosts);
    /* Once, before any thread writes: a 5.x simulator makes it later (d5_init). */
    z->zoom = zks_exists(z, ZOOM_MODELS) == ZKS_OK;
    return 0;
}

void zks_release(struct zks *z)
{
    if (z->zh)
        zookeeper_close(z->zh);
    z->zh = NULL;
    pthread_cond_destroy(&z->changed);
    pthread_mutex_destroy(&z->lock);
    free(z->hosts);
    free(z->root);
    free(z->zoom_root);
    z->hosts = z->root = z->zoom_root = NULL;
}

bool zks_usable(struct zks *z)
{
    bool ok;

    pthread_mutex_lock(&z->lock);
    if (z->expired || !z->zh) {
        /* A new session: the old one's handle is useless once expired. */
        if (z->zh)
            zookeeper_close(z->zh);
        z->zh = NULL;
        connect_locked(z, 2000);
    }
    ok = z->zh && z->state == ZOO_CONNECTED_STATE;
    pthread_mutex_unlock(&z->lock);
    return ok;
}

/* The root under which rel is kept: 5.x's layout (/zoom/...) may have one of its own. */
static const char *root_of(const struct zks *z, const char *rel)
{
    if (z->zoom_root && starts_with(rel, "/zoom") && (!rel[5] || rel[5] == '/'))
        return z->zoom_root;
    return z->root;
}

char *zks_abs(const struct zks *z, const char *rel)
{
    const char *root = root_of(z, rel);

    if (!*root)
        return xstrdup(*rel ? rel : "/");
    return xasprintf("%s%s", root, rel);
}

static char *vabs(const struct zks *z, const char *fmt, va_list ap)
{
    struct strbuf rel = STRBUF_INIT;
    char *out;

    strbuf_vaddf(&rel, fmt, ap);
    out = zks_abs(z, rel.buf);
    strbuf_release(&rel);
    return out;
}

static char *vrel(const char *fmt, va_list ap)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_vaddf(&sb, fmt, ap);
    return strbuf_detach(&sb);
}

enum zks_rc zks_exists(struct zks *z, const char *fmt, ...)
{
    struct Stat st;
    va_list ap;
    char *path;
    int rc;

    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = zoo_exists(z->zh, path, 0, &st);
    free(path);
    return map_rc(rc);
}

/*
 * Pipelined reads with the client's completion API: requests are sent while earlier
 * answers are still on their way, at most ZKS_WINDOW at once, and the caller waits on a
 * condition variable until every completion has run. A read costs one round trip shared
 * with its neighbours instead of one (or two) of its own. Completions run on the client's
 * completion thread, one at a time; each writes only its own slot, and for
 * zks_read_json_each queues its node once the node's reads are all in, for the caller's
 * thread to hand over between sends: two threads share the work, not one.
 */
#define ZKS_WINDOW 256
#define ZKS_REFILL (ZKS_WINDOW / 2)
/* zks_read_json_each: wake the caller for this many nodes ready, not for each one. */
#define ZKS_READY_BATCH 32

enum slot_kind { SLOT_RAW, SLOT_JSON, SLOT_STAT };

/* zks_read_json_each: the stat reads beside the data reads, and whom to tell. */
struct each {
    char *const *stat_paths;    /* absolute */
    struct zks_read *stats;
    zks_each_fn *fn;
    void *ctx;
    unsigned char *pending;     /* per node: reads not yet answered (under the lock) */
    size_t *ready;              /* nodes whose reads are all in, in the order they were */
    size_t head, tail;          /* ready[head..tail) are not handed over yet */
};

struct batch {
    pthread_mutex_t lock;
    pthread_cond_t done;
    size_t inflight;
    struct each *each;          /* NULL but for zks_read_json_each */
};

struct slot {
    struct batch *b;
    enum slot_kind kind;
    size_t node;                /* index of the node (in paths) this read is for */
    struct zks_read *out;
    struct strbuf *raw;         /* SLOT_RAW: the data */
};

static json_t *unwrap_buf(const char *buf, size_t len, enum zks_rc *rc);

static void slot_finish(struct slot *s)
{
    struct batch *b = s->b;
    struct each *e = b->each;
    bool wake = false;

    pthread_mutex_lock(&b->lock);
    if (e && !--e->pending[s->node]) {
        e->ready[e->tail++] = s->node;
        wake = e->tail - e->head == ZKS_READY_BATCH;
    }
    /* Wake the submitter only when it may be waiting: for room, work, or the last one. */
    if (--b->inflight == ZKS_REFILL || !b->inflight || wake)
        pthread_cond_signal(&b->done);
    pthread_mutex_unlock(&b->lock);
}

static void slot_stat(struct slot *s, int rc, const struct Stat *st)
{
    s->out->rc = map_rc(rc);
    if (rc == ZOK && st) {
        s->out->czxid = st->czxid;
        s->out->num_children = st->numChildren;
    }
}

static void data_done(int rc, const char *value, int len, const struct Stat *st,
                      const void *ctx)
{
    struct slot *s = (struct slot *)ctx;

    slot_stat(s, rc, st);
    if (rc == ZOK && len > ZKS_MAX_DATA)
        s->out->rc = ZKS_FAILED;
    else if (rc == ZOK && s->kind == SLOT_RAW)
        strbuf_add(s->raw, value ? value : "", value && len > 0 ? (size_t)len : 0);
    else if (rc == ZOK) {
        s->out->json = unwrap_buf(value ? value : "", value && len > 0 ? (size_t)len : 0,
                                  &s->out->rc);
        s->out->unreadable = !s->out->json;
    }
    slot_finish(s);
}

static void stat_done(int rc, const struct Stat *st, const void *ctx)
{
    struct slot *s = (struct slot *)ctx;

    slot_stat(s, rc, st);
    slot_finish(s);
}

/* Send one read (room in the window is the caller's business). False when not sent. */
static bool send_read(struct zks *z, struct batch *b, struct slot *s, const char *path)
{
    int zrc;

    memset(s->out, 0, sizeof(*s->out));
    s->out->rc = ZKS_ERROR;
    pthread_mutex_lock(&b->lock);
    b->inflight++;
    pthread_mutex_unlock(&b->lock);
    if (s->kind == SLOT_STAT)
        zrc = zoo_aexists(z->zh, path, 0, stat_done, s);
    else
        zrc = zoo_aget(z->zh, path, 0, data_done, s);
    if (zrc == ZOK)
        return true;
    /* Not sent: no completion will come (nor, for its node, a call of each->fn). */
    s->out->rc = map_rc(zrc);
    pthread_mutex_lock(&b->lock);
    b->inflight--;
    pthread_mutex_unlock(&b->lock);
    return false;
}

/* Send one read, waiting for room in the window first. */
static void send_one(struct zks *z, struct batch *b, struct slot *s, const char *path)
{
    pthread_mutex_lock(&b->lock);
    if (b->inflight >= ZKS_WINDOW) {
        /* Full: wait for room for a burst, not for one request at a time. */
        while (b->inflight > ZKS_REFILL)
            pthread_cond_wait(&b->done, &b->lock);
    }
    pthread_mutex_unlock(&b->lock);
    send_read(z, b, s, path);
}

/* The first error in v[n] that is not the node's own (FAILED from unwrapping is). */
static enum zks_rc first_error(const struct zks_read *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        if (v[i].rc == ZKS_ERROR || (v[i].rc == ZKS_FAILED && !v[i].unreadable))
            return v[i].rc;
    }
    return ZKS_OK;
}

/* Hand the ready nodes ready[from..to) over to e->fn (on the caller's thread). */
static void hand_over(struct each *e, struct zks_read *out, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++) {
        size_t i = e->ready[k];

        if (out[i].rc == ZKS_OK)
            e->fn(e->ctx, i, &out[i], e->stats ? &e->stats[i] : NULL);
        json_decref(out[i].json);
        out[i].json = NULL;
    }
}

/*
 * zks_read_json_each's loop: send while there is room, hand over what is ready, sleep
 * when there is neither, until every read is answered and every node handed over.
 */
static void read_each(struct zks *z, struct batch *b, struct slot *slots, char *const *paths,
                      size_t n, size_t per, struct zks_read *out)
{
    struct each *e = b->each;
    size_t next = 0;

    pthread_mutex_lock(&b->lock);
    while (next < n || b->inflight || e->head < e->tail) {
        if (e->head < e->tail) {
            size_t from = e->head, to = e->tail;

            e->head = to;
            pthread_mutex_unlock(&b->lock);
            hand_over(e, out, from, to);
            pthread_mutex_lock(&b->lock);
            continue;
        }
        if (next < n && b->inflight < ZKS_WINDOW) {
            size_t room = (ZKS_WINDOW - b->inflight + per - 1) / per;

            pthread_mutex_unlock(&b->lock);
            for (; room && next < n; room--, next++) {
                struct slot *sl = &slots[next * per];

                /* Both of a node's reads are counted before either can be answered. */
                pthread_mutex_lock(&b->lock);
                e->pending[next] = (unsigned char)per;
                pthread_mutex_unlock(&b->lock);
                send_read(z, b, sl, paths[next]);
                if (per == 2)
                    send_read(z, b, &sl[1], e->stat_paths[next]);
            }
            pthread_mutex_lock(&b->lock);
            continue;
        }
        pthread_cond_wait(&b->done, &b->lock);
    }
    pthread_mutex_unlock(&b->lock);
}

/*
 * Read n absolute paths into out[] (reset first), and with e, e->stat_paths[] into
 * e->stats[] beside them, each node handed to e->fn once its reads are in. The worst
 * transport error (one that is not "no such node") is returned; each out[i].rc has its
 * own outcome.
 */
static enum zks_rc read_many(struct zks *z, char *const *paths, size_t n, enum slot_kind kind,
                             struct zks_read *out, struct strbuf *raw, struct each *e)
{
    size_t per = e && e->stat_paths ? 2 : 1;
    struct batch b = { .inflight = 0, .each = e };
    struct slot *slots = xcalloc(n ? n * per : 1, sizeof(*slots));
    enum zks_rc ret;

    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.done, NULL);
    for (size_t i = 0; i < n; i++) {
        struct slot *s = &slots[i * per];

        s->b = &b;
        s->kind = kind;
        s->node = i;
        s->out = &out[i];
        s->raw = raw;
        if (per == 2) {
            s[1].b = &b;
            s[1].kind = SLOT_STAT;
            s[1].node = i;
            s[1].out = &e->stats[i];
        }
    }
    if (e) {
        e->pending = xcalloc(n ? n : 1, 1);
        e->ready = xcalloc(n ? n : 1, sizeof(*e->ready));
        e->head = e->tail = 0;
        read_each(z, &b, slots, paths, n, per, out);
    } else {
        for (size_t i = 0; i < n; i++)
            send_one(z, &b, &slots[i], paths[i]);
        /* The client answers every sent request, with an error when the session is lost. */
        pthread_mutex_lock(&b.lock);
        while (b.inflight)
            pthread_cond_wait(&b.done, &b.lock);
        pthread_mutex_unlock(&b.lock);
    }
    pthread_cond_destroy(&b.done);
    pthread_mutex_destroy(&b.lock);
    free(slots);
    ret = first_error(out, n);
    if (ret == ZKS_OK && per == 2)
        ret = first_error(e->stats, n);
    if (e) {
        free(e->pending);
        free(e->ready);
        e->pending = NULL;
        e->ready = NULL;
    }
    return ret;
}

static void list_pause(const struct zks *z)
{
    struct timespec ts;

    if (z->list_pause_ms <= 0)
        return;
    ts.tv_sec = z->list_pause_ms / 1000;
    ts.tv_nsec = (long)(z->list_pause_ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static enum zks_rc get_abs(struct zks *z, const char *path, struct strbuf *data, int64_t *czxid)
{
    struct zks_read one;
    char *paths[1] = { (char *)path };

    strbuf_reset(data);
    read_many(z, paths, 1, SLOT_RAW, &one, data, NULL);
    if (one.rc != ZKS_OK)
        strbuf_reset(data);
    else if (czxid)
        *czxid = one.czxid;
    return one.rc;
}

enum zks_rc zks_get(struct zks *z, struct strbuf *data, int64_t *czxid, const char *fmt, ...)
{
    va_list ap;
    char *path;
    enum zks_rc rc;

    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = get_abs(z, path, data, czxid);
    free(path);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum zks_rc children_abs(struct zks *z, const char *path, struct zks_names *out)
{
    struct String_vector sv = { 0, NULL };
    int rc;

    zks_names_release(out);
    rc = zoo_get_children(z->zh, path, 0, &sv);
    if (rc != ZOK)
        return map_rc(rc);
    for (int i = 0; i < sv.count; i++) {
        ALLOC_GROW(out->v, out->nr + 1, out->alloc);
        out->v[out->nr++] = xstrdup(sv.data[i]);
    }
    deallocate_String_vector(&sv);
    if (out->nr)
        qsort(out->v, out->nr, sizeof(*out->v), cmp_names);
    return ZKS_OK;
}

enum zks_rc zks_children(struct zks *z, struct zks_names *out, const char *fmt, ...)
{
    va_list ap;
    char *path;
    enum zks_rc rc;

    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = children_abs(z, path, out);
    free(path);
    return rc;
}

struct aged {
    int64_t czxid;
    char *name;
};

static int cmp_aged(const void *a, const void *b)
{
    const struct aged *x = a, *y = b;

    if (x->czxid != y->czxid)
        return x->czxid < y->czxid ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The absolute paths of the children of path. The caller frees each and the array. */
static char **child_paths(const char *path, const struct zks_names *names)
{
    char **v = xcalloc(names->nr ? names->nr : 1, sizeof(*v));

    for (size_t i = 0; i < names->nr; i++)
        v[i] = xasprintf("%s/%s", path, names->v[i]);
    return v;
}

static void free_paths(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

enum zks_rc zks_children_by_age(struct zks *z, struct zks_names *out, const char *fmt, ...)
{
    struct zks_names names = ZKS_NAMES_INIT;
    struct zks_read *got = NULL;
    struct aged *items = NULL;
    char **paths = NULL;
    size_t nr = 0;
    enum zks_rc rc;
    va_list ap;
    char *path;

    zks_names_release(out);
    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = children_abs(z, path, &names);
    if (rc == ZKS_OK && names.nr) {
        paths = child_paths(path, &names);
        got = xcalloc(names.nr, sizeof(*got));
        rc = read_many(z, paths, names.nr, SLOT_STAT, got, NULL, NULL);
        items = xcalloc(names.nr, sizeof(*items));
    }
    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++) {
        if (got[i].rc == ZKS_NONODE)
            continue;       /* deleted meanwhile */
        if (got[i].rc != ZKS_OK) {
            rc = got[i].rc;
            break;
        }
        items[nr].czxid = got[i].czxid;
        items[nr].name = names.v[i];
        nr++;
    }
    if (rc == ZKS_OK && nr)
        qsort(items, nr, sizeof(*items), cmp_aged);
    for (size_t i = 0; rc == ZKS_OK && i < nr; i++) {
        ALLOC_GROW(out->v, out->nr + 1, out->alloc);
        out->v[out->nr++] = xstrdup(items[i].name);
    }
    free_paths(paths, paths ? names.nr : 0);
    free(got);
    free(items);
    free(path);
    zks_names_release(&names);
    return rc;
}

static json_t *unwrap_buf(const char *buf, size_t len, enum zks_rc *rc)
{
    json_t *doc, *inner;

    doc = json_loadb(buf, len, 0, NULL);
    inner = json_is_object(doc) ? json_object_get(doc, "data") : NULL;
    if (!inner) {
        json_decref(doc);
        *rc = ZKS_FAILED;
        return NULL;
    }
    json_incref(inner);
    json_decref(doc);
    *rc = ZKS_OK;
    return inner;
}

static json_t *unwrap(const struct strbuf *data, enum zks_rc *rc)
{
    return unwrap_buf(data->buf, data->len, rc);
}

json_t *zks_get_json(struct zks *z, enum zks_rc *rc, int64_t *czxid, const char *fmt, ...)
{
    struct strbuf data = STRBUF_INIT;
    json_t *out = NULL;
    va_list ap;
    char *path;

    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    *rc = get_abs(z, path, &data, czxid);
    if (*rc == ZKS_OK)
        out = unwrap(&data, rc);
    free(path);
    strbuf_release(&data);
    return out;
}

struct listed {
    int64_t czxid;
    char *name;
    json_t *data;
};

static int cmp_listed(const void *a, const void *b)
{
    const struct listed *x = a, *y = b;

    if (x->czxid != y->czxid)
        return x->czxid < y->czxid ? -1 : 1;
    return strcmp(x->name, y->name);
}

json_t *zks_list_json(struct zks *z, enum zks_rc *rc, struct zks_names *ids, const char *fmt, ...)
{
    struct zks_names names = ZKS_NAMES_INIT;
    struct zks_read *got = NULL;
    struct listed *items = NULL;
    json_t *out = NULL;
    char **paths = NULL;
    size_t nr = 0;
    va_list ap;
    char *path;

    zks_names_release(ids);
    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    *rc = children_abs(z, path, &names);
    if (*rc != ZKS_OK)
        goto out;
    if (names.nr) {
        paths = child_paths(path, &names);
        got = xcalloc(names.nr, sizeof(*got));
        list_pause(z);
        *rc = read_many(z, paths, names.nr, SLOT_JSON, got, NULL, NULL);
        if (*rc != ZKS_OK)
            goto out;
        items = xcalloc(names.nr, sizeof(*items));
    }
    for (size_t i = 0; i < names.nr; i++) {
        /*
         * A child deleted between the listing and its read is skipped, as MidoNet's
         * getAll skipped an id whose node no longer existed; so is one that is not
         * wrapped JSON (not ours to judge).
         */
        if (got[i].rc != ZKS_OK)
            continue;
        items[nr].czxid = got[i].czxid;
        items[nr].name = names.v[i];
        items[nr].data = got[i].json;
        got[i].json = NULL;
        nr++;
    }
    *rc = ZKS_OK;
    if (nr)
        qsort(items, nr, sizeof(*items), cmp_listed);
    out = json_array();
    for (size_t i = 0; i < nr; i++) {
        ALLOC_GROW(ids->v, ids->nr + 1, ids->alloc);
        ids->v[ids->nr++] = xstrdup(items[i].name);
        json_array_append_new(out, items[i].data);
        items[i].data = NULL;
    }
out:
    for (size_t i = 0; got && i < names.nr; i++)
        json_decref(got[i].json);
    free(got);
    free(items);
    free_paths(paths, paths ? names.nr : 0);
    free(path);
    zks_names_release(&names);
    return out;
}

enum zks_rc zks_read_json(struct zks *z, char *const *paths, size_t n, struct zks_read *out)
{
    char **abs = xcalloc(n ? n : 1, sizeof(*abs));
    enum zks_rc rc;

    for (size_t i = 0; i < n; i++)
        abs[i] = zks_abs(z, paths[i]);
    list_pause(z);
    rc = read_many(z, abs, n, SLOT_JSON, out, NULL, NULL);
    free_paths(abs, n);
    return rc;
}

enum zks_rc zks_read_stat(struct zks *z, char *const *paths, size_t n, struct zks_read *out)
{
    char **abs = xcalloc(n ? n : 1, sizeof(*abs));
    enum zks_rc rc;

    for (size_t i = 0; i < n; i++)
        abs[i] = zks_abs(z, paths[i]);
    rc = read_many(z, abs, n, SLOT_STAT, out, NULL, NULL);
    free_paths(abs, n);
    return rc;
}

enum zks_rc zks_read_json_each(struct zks *z, char *const *paths, char *const *stat_paths,
                               size_t n, struct zks_read *out, struct zks_read *stats,
                               zks_each_fn *fn, void *ctx)
{
    char **abs = xcalloc(n ? n : 1, sizeof(*abs));
    char **sabs = stat_paths ? xcalloc(n ? n : 1, sizeof(*sabs)) : NULL;
    struct each e = { .stat_paths = sabs, .stats = stat_paths ? stats : NULL, .fn = fn,
                      .ctx = ctx };
    enum zks_rc rc;

    for (size_t i = 0; i < n; i++) {
        abs[i] = zks_abs(z, paths[i]);
        if (sabs)
            sabs[i] = zks_abs(z, stat_paths[i]);
    }
    list_pause(z);
    rc = read_many(z, abs, n, SLOT_JSON, out, NULL, &e);
    free_paths(abs, n);
    if (sabs)
        free_paths(sabs, n);
    return rc;
}

void zks_reads_release(struct zks_read *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        json_decref(v[i].json);
    free(v);
}

char *zks_wrap(const json_t *data)
{
    json_t *doc = json_object();
    char *s, *out;

    json_object_set(doc, "data", (json_t *)data);
    json_object_set_new(doc, "version", json_string(ZKS_WRITE_VERSION));
    s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(doc);
    if (!s)
        die(1, "cannot serialize JSON");
    out = xstrdup(s);
    free(s);
    return out;
}

/* ---- 5.x's layout beside 1.9's ---------------------------------------------------- */

/*
 * Where 5.x keeps what 1.9 keeps at /<dir>/<id>: zoom/0/models/<Class>/<id>, <Class> being
 * the protobuf message (ZookeeperObjectMapper's classPath). The simulator keeps a copy of
 * each such object there, written after each write of it (doc/simulator.md): its data is
 * the 1.9 node's, and a write anywhere under the object (a membership, a sidecar of
 * 5.x fields) writes it again, as 5.x's storage rewrites an object whose lists change.
 */
static const struct {
    const char *dir, *cls;
} zoom_classes[] = {
    { "bridges", "Network" },
    { "routers", "Router" },
    { "ports", "Port" },
    { "hosts", "Host" },
    { "tunnel_zones", "TunnelZone" },
    { "chains", "Chain" },
    { "rules", "Rule" },
    { "routes", "Route" },
    { "port_groups", "PortGroup" },
    { "ip_addr_groups", "IPAddrGroup" },
    { "load_balancers", "LoadBalancer" },
    { "pools", "Pool" },
    { "pool_members", "PoolMember" },
    { "vips", "Vip" },
    { "health_monitors", "HealthMonitor" },
    { "traces", "TraceRequest" },
};


const char *const *zks_zoom_classes(size_t *n)
{
    static const char *names[ARRAY_SIZE(zoom_classes)];

    for (size_t i = 0; i < ARRAY_SIZE(zoom_classes); i++)
        names[i] = zoom_classes[i].cls;
    *n = ARRAY_SIZE(zoom_classes);
    return names;
}

/* An object a write touched: the index of its class in zoom_classes (-1: find it), its id. */
struct touched {
    int cls;
    char id[40];
    bool alive;                 /* its 1.9 "alive" node (a host's), not the object */
    bool below;                 /* a node below the object's own was written */
};

static bool is_id(const char *s, size_t len)
{
    if (len != 36)
        return false;
    for (size_t i = 0; i < len; i++)
        if (i == 8 || i == 13 || i == 18 || i == 23 ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

/*
 * The nodes below a 1.9 object whose children 5.x keeps in the object itself (a host's
 * port_ids and tunnel_zone_ids, a tunnel zone's hosts...): writing one of their children
 * changes the object. What else lies below an object (interfaces, a port's "active", a
 * router's routing table) is 5.x's state or not kept at all.
 */
static const struct {
    const char *dir, *sub;
} zoom_lists[] = {
    { "hosts", "vrnMappings/ports/" },
    { "hosts", "tunnel_zones/" },
    { "hosts", "flooding_proxy_weight" },
    { "tunnel_zones", "memberships/" },
    { "port_groups", "ports/" },
    { "ip_addr_groups", "addrs/" },
    { "chains", "rules" },
    { "bridges", "ports/" },
    { "bridges", "logical-ports/" },
    { "bridges", "dhcp/" },
    { "bridges", "dhcpV6/" },
    { "routers", "ports/" },
};

static bool same_dir(const char *dir, const char *s, size_t len)
{
    return strlen(dir) == len && !strncmp(dir, s, len);
}

/* The object that root-relative path rel is (or lies under), if 5.x keeps one for it. */
static bool touched_by(const char *rel, struct touched *t)
{
    const char *dir = rel + 1, *id, *end;
    size_t dirlen;
    bool kept;

    memset(t, 0, sizeof(*t));
    if (starts_with(rel, ZOOM_EXT)) {
        id = rel + strlen(ZOOM_EXT);
        if (!is_id(id, strlen(id)))
            return false;
        t->cls = -1;            /* a sidecar: the object is any of zoom_classes */
        memcpy(t->id, id, 36);
        return true;
    }
    if (*rel != '/' || !(id = strchr(dir, '/')))
        return false;
    dirlen = (size_t)(id - dir);
    id++;
    end = id + strcspn(id, "/");
    if (!is_id(id, (size_t)(end - id)))
        return false;
    /* A host's liveness is 5.x's state, kept at a path of its own. */
    t->alive = same_dir("hosts", dir, dirlen) && !strcmp(end, "/alive");
    t->below = *end && !t->alive;
    kept = !t->below;
    for (size_t i = 0; i < ARRAY_SIZE(zoom_lists) && !kept; i++)
        kept = same_dir(zoom_lists[i].dir, dir, dirlen) && starts_with(end + 1, zoom_lists[i].sub);
    for (size_t i = 0; i < ARRAY_SIZE(zoom_classes) && kept; i++)
        if (same_dir(zoom_classes[i].dir, dir, dirlen)) {
            t->cls = (int)i;
            memcpy(t->id, id, 36);
            return true;
        }
    return false;
}

/* Write ZooKeeper node abs with data, creating it (and its parents) when it is missing. */
static void zoom_put(struct zks *z, const char *abs, const char *data, int len, int flags)
{
    int rc = flags ? ZNONODE : zoo_set(z->zh, abs, data, len, -1);

    if (rc == ZNONODE) {
        rc = zoo_create(z->zh, abs, data, len, &ZOO_OPEN_ACL_UNSAFE, flags, NULL, 0);
        if (rc == ZNONODE) {
            char *parent = xstrndup(abs, (size_t)(strrchr(abs, '/') - abs));

            zks_ensure_abs(z, parent);
            free(parent);
            rc = zoo_create(z->zh, abs, data, len, &ZOO_OPEN_ACL_UNSAFE, flags, NULL, 0);
        }
        if (rc == ZNODEEXISTS && !flags)
            zoo_set(z->zh, abs, data, len, -1);
    }
}

/*
 * What 5.x's copy of object cls/id holds: its 1.9 node's data, with its sidecar of 5.x
 * fields, when it has one, as "ext" beside "data". ZKS_OK, or why not.
 */
static enum zks_rc zoom_data(struct zks *z, int cls, const char *id, struct strbuf *out)
{
    struct strbuf ext = STRBUF_INIT;
    enum zks_rc rc = zks_get(z, out, NULL, "/%s/%s", zoom_classes[cls].dir, id);

    if (rc == ZKS_OK && zks_get(z, &ext, NULL, ZOOM_EXT "%s", id) == ZKS_OK) {
        json_t *doc = json_loadb(out->buf, out->len, 0, NULL);
        json_t *side = json_loadb(ext.buf, ext.len, 0, NULL);
        char *text;

        if (json_is_object(doc) && json_is_object(side)) {
            json_object_set(doc, "ext", json_object_get(side, "data"));
            if ((text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
                strbuf_reset(out);
                strbuf_addstr(out, text);
                free(text);
            }
        }
        json_decref(doc);
        json_decref(side);
    }
    strbuf_release(&ext);
    return rc;
}

/* Bring 5.x's copy of object t in line with its 1.9 node (or host's alive node). */
static void zoom_sync_one(struct zks *z, const struct touched *t)
{
    struct strbuf data = STRBUF_INIT, was = STRBUF_INIT;
    int cls = t->cls;
    char *dst, *abs;
    enum zks_rc rc = ZKS_NONODE;

    /* A sidecar's object is whichever of the kept objects holds its id (devices, hosts,
     * and rules with their 5.x fields). */
    for (int i = 0; cls < 0 && i < (int)ARRAY_SIZE(zoom_classes); i++)
        if (zks_exists(z, "/%s/%s", zoom_classes[i].dir, t->id) == ZKS_OK)
            cls = i;
    if (cls < 0)
        return;
    if (t->alive) {
        rc = zks_exists(z, "/hosts/%s/alive", t->id);
        dst = xasprintf("/zoom/0/state/%s/Host/%s/alive", t->id, t->id);
    } else {
        rc = zoom_data(z, cls, t->id, &data);
        dst = xasprintf(ZOOM_MODELS "/%s/%s", zoom_classes[cls].cls, t->id);
    }
    abs = zks_abs(z, dst);
    if (rc == ZKS_OK && t->alive) {
        zoom_put(z, abs, NULL, -1, ZOO_EPHEMERAL);
    } else if (rc == ZKS_OK) {
        /* The object rewritten as it was (a sidecar written again) is no change; a write
         * below it (a membership) changes what 5.x keeps in the object. */
        if (t->below || zks_get(z, &was, NULL, "%s", dst) != ZKS_OK || was.len != data.len ||
            memcmp(was.buf, data.buf, data.len))
            zoom_put(z, abs, data.buf, (int)data.len, 0);
    } else if (rc == ZKS_NONODE) {
        zoo_delete(z->zh, abs, -1);
    }
    free(abs);
    free(dst);
    strbuf_release(&data);
    strbuf_release(&was);
}

void zks_zoom_sync(struct zks *z, const char *const *rels, size_t n)
{
    struct touched *done = NULL;
    size_t ndone = 0, alloc = 0;

    for (size_t i = 0; z->zoom && i < n; i++) {
        struct touched t;
        size_t j;

        if (!touched_by(rels[i], &t))
            continue;
        for (j = 0; j < ndone; j++)
            if (done[j].cls == t.cls && done[j].alive == t.alive && !strcmp(done[j].id, t.id))
                break;
        if (j < ndone) {
            done[j].below |= t.below;
            continue;
        }
        ALLOC_GROW(done, ndone + 1, alloc);
        done[ndone++] = t;
    }
    for (size_t i = 0; i < ndone; i++)
        zoom_sync_one(z, &done[i]);
    free(done);
}

/* zks_zoom_sync() of one path written with a single write (its format and arguments). */
static void zoom_sync_path(struct zks *z, const char *fmt, va_list ap)
{
    char *rel = vrel(fmt, ap);

    zks_zoom_sync(z, (const char *const *)&rel, 1);
    free(rel);
}

enum zks_rc zks_create(struct zks *z, const char *data, int flags, struct strbuf *created,
                       const char *fmt, ...)
{
    char buf[1024];
    va_list ap, again;
    char *path;
    int rc;

    va_start(ap, fmt);
    va_copy(again, ap);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = zoo_create(z->zh, path, data, data ? (int)strlen(data) : -1, &ZOO_OPEN_ACL_UNSAFE,
                    flags, buf, sizeof(buf));
    if (rc == ZOK)
        zoom_sync_path(z, fmt, again);
    va_end(again);
    if (rc == ZOK && created) {
        strbuf_reset(created);
        strbuf_addstr(created, buf);
    }
    free(path);
    return map_rc(rc);
}

enum zks_rc zks_set(struct zks *z, const char *data, const char *fmt, ...)
{
    va_list ap, again;
    char *path;
    int rc;

    va_start(ap, fmt);
    va_copy(again, ap);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = zoo_set(z->zh, path, data, data ? (int)strlen(data) : -1, -1);
    if (rc == ZOK)
        zoom_sync_path(z, fmt, again);
    va_end(again);
    free(path);
    return map_rc(rc);
}

enum zks_rc zks_delete(struct zks *z, const char *fmt, ...)
{
    va_list ap, again;
    char *path;
    int rc;

    va_start(ap, fmt);
    va_copy(again, ap);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = zoo_delete(z->zh, path, -1);
    if (rc == ZOK)
        zoom_sync_path(z, fmt, again);
    va_end(again);
    free(path);
    return map_rc(rc);
}

enum zks_rc zks_ensure_abs(struct zks *z, const char *abspath)
{
    struct strbuf sb = STRBUF_INIT;
    enum zks_rc ret = ZKS_OK;
    const char *p = abspath;

    while (*p) {
        const char *slash;
        int rc;

        while (*p == '/')
            p++;
        if (!*p)
            break;
        slash = strchr(p, '/');
        if (!slash)
            slash = p + strlen(p);
        strbuf_addch(&sb, '/');
        strbuf_add(&sb, p, (size_t)(slash - p));
        p = slash;
        rc = zoo_create(z->zh, sb.buf, NULL, -1, &ZOO_OPEN_ACL_UNSAFE, 0, NULL, 0);
        if (rc != ZOK && rc != ZNODEEXISTS) {
            ret = map_rc(rc);
            break;
        }
    }
    strbuf_release(&sb);
    return ret;
}

void zks_txn_release(struct zks_txn *t)
{
    for (size_t i = 0; i < t->nr; i++) {
        free(t->ops[i].path);
        free(t->ops[i].data);
    }
    free(t->ops);
    t->ops = NULL;
    t->nr = t->alloc = 0;
}

/* A node deleted twice in one transaction is deleted once: cascades overlap. */
static void txn_add(struct zks_txn *t, enum zks_op_kind kind, char *path, char *data)
{
    if (kind == OP_DELETE && zks_txn_deletes(t, "%s", path)) {
        free(path);
        free(data);
        return;
    }
    ALLOC_GROW(t->ops, t->nr + 1, t->alloc);
    t->ops[t->nr].kind = kind;
    t->ops[t->nr].path = path;
    t->ops[t->nr].data = data;
    t->nr++;
}

void zks_txn_create(struct zks_txn *t, const json_t *data, const char *fmt, ...)
{
    va_list ap;
    char *path;

    va_start(ap, fmt);
    path = vrel(fmt, ap);
    va_end(ap);
    txn_add(t, OP_CREATE, path, data ? zks_wrap(data) : NULL);
}

void zks_txn_create_raw(struct zks_txn *t, const char *data, const char *fmt, ...)
{
    va_list ap;
    char *path;

    va_start(ap, fmt);
    path = vrel(fmt, ap);
    va_end(ap);
    txn_add(t, OP_CREATE, path, data ? xstrdup(data) : NULL);
}

void zks_txn_set(struct zks_txn *t, const json_t *data, const char *fmt, ...)
{
    va_list ap;
    char *path;

    va_start(ap, fmt);
    path = vrel(fmt, ap);
    va_end(ap);
    txn_add(t, OP_SET, path, data ? zks_wrap(data) : NULL);
}

void zks_txn_delete(struct zks_txn *t, const char *fmt, ...)
{
    va_list ap;
    char *path;

    va_start(ap, fmt);
    path = vrel(fmt, ap);
    va_end(ap);
    txn_add(t, OP_DELETE, path, NULL);
}

/* Bounded recursion: MidoNet trees are a handful of levels deep. */
static enum zks_rc delete_tree(struct zks *z, struct zks_txn *t, const char *rel, int depth)
{
    struct zks_names kids = ZKS_NAMES_INIT;
    enum zks_rc rc;
    char *abs = zks_abs(z, rel);

    if (depth > 32) {
        rc = ZKS_FAILED;
        goto out;
    }
    rc = children_abs(z, abs, &kids);
    if (rc == ZKS_NONODE) {
        rc = ZKS_OK;
        goto out;
    }
    if (rc != ZKS_OK)
        goto out;
    for (size_t i = 0; i < kids.nr; i++) {
        char *child = xasprintf("%s/%s", rel, kids.v[i]);

        rc = delete_tree(z, t, child, depth + 1);
        free(child);
        if (rc != ZKS_OK)
            goto out;
    }
    txn_add(t, OP_DELETE, xstrdup(rel), NULL);
out:
    free(abs);
    zks_names_release(&kids);
    return rc;
}

enum zks_rc zks_txn_delete_tree(struct zks *z, struct zks_txn *t, const char *fmt, ...)
{
    va_list ap;
    char *rel;
    enum zks_rc rc;

    va_start(ap, fmt);
    rel = vrel(fmt, ap);
    va_end(ap);
    rc = delete_tree(z, t, rel, 0);
    free(rel);
    return rc;
}

static bool txn_has(const struct zks_txn *t, enum zks_op_kind kind, const char *fmt, va_list ap)
{
    char *rel = vrel(fmt, ap);
    bool found = false;

    for (size_t i = 0; i < t->nr && !found; i++)
        found = t->ops[i].kind == kind && !strcmp(t->ops[i].path, rel);
    free(rel);
    return found;
}

bool zks_txn_deletes(const struct zks_txn *t, const char *fmt, ...)
{
    va_list ap;
    bool found;

    va_start(ap, fmt);
    found = txn_has(t, OP_DELETE, fmt, ap);
    va_end(ap);
    return found;
}

bool zks_txn_creates(const struct zks_txn *t, const char *fmt, ...)
{
    va_list ap;
    bool found;

    va_start(ap, fmt);
    found = txn_has(t, OP_CREATE, fmt, ap);
    va_end(ap);
    return found;
}

enum zks_rc zks_txn_commit(struct zks *z, struct zks_txn *t)
{
    zoo_op_t *ops;
    zoo_op_result_t *results;
    char **paths;
    enum zks_rc ret = ZKS_OK;
    int rc;

    if (!t->nr)
        return ZKS_OK;
    ops = xcalloc(t->nr, sizeof(*ops));
    results = xcalloc(t->nr, sizeof(*results));
    paths = xcalloc(t->nr, sizeof(*paths));
    for (size_t i = 0; i < t->nr; i++) {
        struct zks_op *op = &t->ops[i];
        int len = op->data ? (int)strlen(op->data) : -1;

        paths[i] = zks_abs(z, op->path);
        switch (op->kind) {
        case OP_CREATE:
            zoo_create_op_init(&ops[i], paths[i], op->data, len, &ZOO_OPEN_ACL_UNSAFE, 0,
                               NULL, 0);
            break;
        case OP_SET:
            zoo_set_op_init(&ops[i], paths[i], op->data, len, -1, NULL);
            break;
        case OP_DELETE:
            zoo_delete_op_init(&ops[i], paths[i], -1);
            break;
        }
    }
    rc = zoo_multi(z->zh, (int)t->nr, ops, results);
    if (rc == ZOK) {
        const char **rels = xcalloc(t->nr, sizeof(*rels));

        for (size_t i = 0; i < t->nr; i++)
            rels[i] = t->ops[i].path;
        zks_zoom_sync(z, rels, t->nr);
        free(rels);
    }
    if (rc != ZOK) {
        ret = map_rc(rc);
        /* The multi's own error is that of its first failing op; report that one. */
        for (size_t i = 0; i < t->nr; i++) {
            if (results[i].err != ZOK && results[i].err != ZRUNTIMEINCONSISTENCY) {
                ret = map_rc(results[i].err);
                break;
            }
        }
    }
    for (size_t i = 0; i < t->nr; i++)
        free(paths[i]);
    free(paths);
    free(results);
    free(ops);
    return ret;
}
