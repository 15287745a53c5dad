#include "tests/sim/zks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ZooKeeper refuses nodes over jute.maxbuffer (1 MiB by default); so do we. */
#define ZKS_MAX_DATA (1024 * 1024)
#define ZKS_SESSION_MS 10000

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
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    pthread_mutex_lock(&z->lock);
    ret = connect_locked(z, timeout_ms);
    pthread_mutex_unlock(&z->lock);
    if (ret < 0)
        return error("cannot connect to ZooKeeper at %s", hosts);
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
    z->hosts = z->root = NULL;
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

char *zks_abs(const struct zks *z, const char *rel)
{
    if (!*z->root)
        return xstrdup(*rel ? rel : "/");
    return xasprintf("%s%s", z->root, rel);
}

static char *vabs(const struct zks *z, const char *fmt, va_list ap)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_addstr(&sb, z->root);
    strbuf_vaddf(&sb, fmt, ap);
    if (!sb.len)
        strbuf_addch(&sb, '/');
    return strbuf_detach(&sb);
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

static enum zks_rc get_abs(struct zks *z, const char *path, struct strbuf *data, int64_t *czxid)
{
    struct Stat st;
    int rc, len;

    strbuf_reset(data);
    for (int tries = 0; tries < 3; tries++) {
        rc = zoo_exists(z->zh, path, 0, &st);
        if (rc != ZOK)
            return map_rc(rc);
        if (st.dataLength > ZKS_MAX_DATA)
            return ZKS_FAILED;
        /* One spare byte tells us when the node grew between the two calls. */
        size_t room = (size_t)st.dataLength + 1;

        strbuf_grow(data, room + 1);
        len = (int)room;
        rc = zoo_get(z->zh, path, 0, data->buf, &len, &st);
        if (rc != ZOK)
            return map_rc(rc);
        if ((size_t)st.dataLength >= room)
            continue;
        strbuf_setlen(data, len < 0 ? 0 : (size_t)len);
        if (czxid)
            *czxid = st.czxid;
        return ZKS_OK;
    }
    return ZKS_FAILED;
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

enum zks_rc zks_children_by_age(struct zks *z, struct zks_names *out, const char *fmt, ...)
{
    struct zks_names names = ZKS_NAMES_INIT;
    struct aged *items = NULL;
    size_t nr = 0, alloc = 0;
    enum zks_rc rc;
    va_list ap;
    char *path;

    zks_names_release(out);
    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = children_abs(z, path, &names);
    for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++) {
        char *child = xasprintf("%s/%s", path, names.v[i]);
        struct Stat st;
        int zrc = zoo_exists(z->zh, child, 0, &st);

        free(child);
        if (zrc == ZNONODE)
            continue;
        if (zrc != ZOK) {
            rc = map_rc(zrc);
            break;
        }
        ALLOC_GROW(items, nr + 1, alloc);
        items[nr].czxid = st.czxid;
        items[nr].name = names.v[i];
        nr++;
    }
    if (rc == ZKS_OK && nr)
        qsort(items, nr, sizeof(*items), cmp_aged);
    for (size_t i = 0; rc == ZKS_OK && i < nr; i++) {
        ALLOC_GROW(out->v, out->nr + 1, out->alloc);
        out->v[out->nr++] = xstrdup(items[i].name);
    }
    free(items);
    free(path);
    zks_names_release(&names);
    return rc;
}

static json_t *unwrap(const struct strbuf *data, enum zks_rc *rc)
{
    json_t *doc, *inner;

    doc = json_loadb(data->buf, data->len, 0, NULL);
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
    struct strbuf data = STRBUF_INIT;
    struct listed *items = NULL;
    size_t nr = 0, alloc = 0;
    json_t *out = NULL;
    va_list ap;
    char *path, *child = NULL;

    zks_names_release(ids);
    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    *rc = children_abs(z, path, &names);
    if (*rc != ZKS_OK)
        goto out;
    for (size_t i = 0; i < names.nr; i++) {
        int64_t czxid = 0;
        json_t *one;

        free(child);
        child = xasprintf("%s/%s", path, names.v[i]);
        *rc = get_abs(z, child, &data, &czxid);
        if (*rc == ZKS_NONODE)
            continue;
        if (*rc != ZKS_OK)
            goto out;
        one = unwrap(&data, rc);
        if (!one)
            continue;       /* not ours to judge: skip what we cannot read */
        ALLOC_GROW(items, nr + 1, alloc);
        items[nr].czxid = czxid;
        items[nr].name = names.v[i];
        items[nr].data = one;
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
    for (size_t i = 0; i < nr; i++)
        json_decref(items[i].data);
    free(items);
    free(child);
    free(path);
    strbuf_release(&data);
    zks_names_release(&names);
    return out;
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

enum zks_rc zks_create(struct zks *z, const char *data, int flags, struct strbuf *created,
                       const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    char *path;
    int rc;

    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = zoo_create(z->zh, path, data, data ? (int)strlen(data) : -1, &ZOO_OPEN_ACL_UNSAFE,
                    flags, buf, sizeof(buf));
    if (rc == ZOK && created) {
        strbuf_reset(created);
        strbuf_addstr(created, buf);
    }
    free(path);
    return map_rc(rc);
}

enum zks_rc zks_set(struct zks *z, const char *data, const char *fmt, ...)
{
    va_list ap;
    char *path;
    int rc;

    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = zoo_set(z->zh, path, data, data ? (int)strlen(data) : -1, -1);
    free(path);
    return map_rc(rc);
}

enum zks_rc zks_delete(struct zks *z, const char *fmt, ...)
{
    va_list ap;
    char *path;
    int rc;

    va_start(ap, fmt);
    path = vabs(z, fmt, ap);
    va_end(ap);
    rc = zoo_delete(z->zh, path, -1);
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
