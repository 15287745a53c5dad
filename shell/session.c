#include "shell/session.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "shell/dryrun.h"
#include "api/zk_4lw.h"
#include "lib/util.h"
#include "parser/schema.h"

/* How long asking the servers how far they are (srvr) may take before a GET. */
#define ZK_CLOCK_TIMEOUT_MS 250
/* How long name resolution waits for a session coming up, and for its read. */
#define ZK_NAMES_CONNECT_MS 1000
#define ZK_NAMES_READ_MS 10000

/* An entry that depends on a node. */
struct sub {
    char *uri;                  /* the cache entry's key */
    enum zk_role role;
    char *key;                  /* ZKR_NODE, ZKR_ALIVE: the object's key; else NULL */
    int64_t since;              /* > 0: ZooKeeper had applied this much before the entry's
                                 * GET (session_zk_clock), so a first answer showing a later
                                 * change may show one the GET missed */
};

/* A watched node, with what was last heard of it. */
struct znode {
    char *path;
    enum zk_watch_kind kind;
    struct sub *subs;
    size_t nsubs, alloc;
    bool known, exists;
    int32_t version;            /* the data version last heard of */
    int64_t zxid;               /* the last change heard of (zk_event.zxid) */
    int32_t expect;             /* > 0: the version our own write makes (session_wrote) */
    char **children;
    size_t nchildren;
};

struct session_zk {
    struct strmap index;        /* "kind:path" -> index in v */
    struct znode **v;
    size_t n, alloc;
    bool connected;             /* as last seen by session_sync */
    bool ever_connected;
    bool down;                  /* not connected, and given up waiting (zk_state) */
    bool warned;                /* the warning for the current outage was printed */
    bool warned_root;           /* ... for a missing root */
    const char *layout;         /* zk_layout_node(), watched once the dialect is known */
    bool warned_layout;         /* ... for a root without that layout */
    session_listener *listener;
    void *listener_ctx;
    unsigned long events;       /* node events applied (session_zk_applied) */
    int64_t zxid;               /* the greatest zxid among them */
};

void session_init(struct session *s, struct api *api)
{
    memset(s, 0, sizeof(*s));
    s->api = api;
    s->ops = api ? &backend_api : &backend_none;
    s->backend = api;
    cache_init(&s->cache);
    s->output = OUT_TEXT;
    s->max_age = -1;
    s->out = stdout;
}

bool session_ending(const struct session *s)
{
    return s->ending && *s->ending;
}

static struct znode *znode_find(struct session_zk *zs, enum zk_watch_kind kind, const char *path,
                                bool create);

/*
 * Once both ZooKeeper and the dialect are known: watch for the dialect's layout under the
 * root. A root without it (1.9's data left beside 5.x's) follows nothing, and says so.
 */
static void watch_layout(struct session *s)
{
    if (!s->zs || !s->dialect || s->zs->layout)
        return;
    s->zs->layout = zk_layout_node();
    znode_find(s->zs, ZKW_EXISTS, s->zs->layout, true);
    zk_watch(s->zk, ZKW_EXISTS, s->zs->layout);
}

void session_root_seen(struct session *s, const json_t *root)
{
    const char *why = NULL;
    const char *version = json_string_value(json_object_get(root, "version"));

    if (s->dialect)
        return;
    s->root_dialect = schema_root_dialect(root, &why);
    if (s->forced_dialect) {
        s->dialect = s->forced_dialect;
        s->dialect_why = "--api-version";
        if (s->root_dialect && s->root_dialect != s->forced_dialect)
            warning("--api-version %s, but the API's root document is MidoNet %s's (%s)",
                    s->forced_dialect == D_5 ? "5" : "1.9",
                    schema_dialect_name(s->root_dialect), why);
    } else if (s->root_dialect) {
        s->dialect = s->root_dialect;
        s->dialect_why = why;
    } else {
        s->dialect = D_19;
        s->dialect_why = "the root document tells neither: taken as 1.9 (see --api-version)";
    }
    schema_set_dialect(s->dialect);
    watch_layout(s);
    if (s->debug)
        fprintf(stderr, "midosh: the API speaks MidoNet %s (root version %s; from %s)\n",
                schema_dialect_name(s->dialect), version ? version : "none", s->dialect_why);
}

enum status fail(enum status st, const char *fmt, ...)
{
    struct strbuf msg = STRBUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    strbuf_vaddf(&msg, fmt, ap);
    va_end(ap);
    error("%s", msg.buf);
    strbuf_release(&msg);
    return st;
}

static void free_children(struct znode *zn)
{
    for (size_t i = 0; i < zn->nchildren; i++)
        free(zn->children[i]);
    free(zn->children);
    zn->children = NULL;
    zn->nchildren = 0;
}

void session_release(struct session *s)
{
    struct session_zk *zs = s->zs;

    dryrun_set(s, false);
    json_decref(s->names_seen);
    s->names_seen = NULL;
    schema_set_dialect(0);
    zk_free(s->zk);
    s->zk = NULL;
    if (zs) {
        for (size_t i = 0; i < zs->n; i++) {
            struct znode *zn = zs->v[i];

            for (size_t j = 0; j < zn->nsubs; j++) {
                free(zn->subs[j].uri);
                free(zn->subs[j].key);
            }
            free(zn->subs);
            free_children(zn);
            free(zn->path);
            free(zn);
        }
        free(zs->v);
        strmap_release(&zs->index);
        free(zs);
        s->zs = NULL;
    }
    cache_release(&s->cache);
    free(s->tenant);
    s->tenant = NULL;
    for (size_t i = 0; i < s->nmade; i++)
        free(s->made[i].id);
    free(s->made);
    s->made = NULL;
    s->nmade = s->made_alloc = 0;
    strmap_release(&s->made_ids);
    for (size_t i = 0; i < s->ncreated; i++)
        free(s->created[i].id);
    free(s->created);
    s->created = NULL;
    s->ncreated = s->created_alloc = 0;
    for (size_t i = 0; i < s->naliases; i++) {
        free(s->aliases[i].name);
        free(s->aliases[i].id);
    }
    free(s->aliases);
    s->aliases = NULL;
    s->naliases = s->aliases_alloc = 0;
}

static void remember(struct session *s, const char *name, const char *id)
{
    size_t i;

    for (i = 0; i < s->ncreated && strcmp(s->created[i].type, name); i++)
        ;
    if (i == s->ncreated) {
        ALLOC_GROW(s->created, s->ncreated + 1, s->created_alloc);
        s->created[s->ncreated++].type = name;
    } else {
        free(s->created[i].id);
    }
    s->created[i].id = xstrdup(id);
}

void session_set_created(struct session *s, const char *type_name, const char *id)
{
    remember(s, type_name, id);
    remember(s, "last", id);
    ALLOC_GROW(s->made, s->nmade + 1, s->made_alloc);
    s->made[s->nmade].type = type_name;
    s->made[s->nmade++].id = xstrdup(id);
    strmap_put(&s->made_ids, id, 1);
}

bool session_made(const struct session *s, const char *id)
{
    return strmap_get(&s->made_ids, id, &(size_t){ 0 });
}

const char *session_created(const struct session *s, const char *name)
{
    for (size_t i = 0; i < s->ncreated; i++)
        if (!strcmp(s->created[i].type, name))
            return s->created[i].id;
    return NULL;
}

void session_set_alias(struct session *s, const char *name, const char *id)
{
    size_t i;

    for (i = 0; i < s->naliases && strcmp(s->aliases[i].name, name); i++)
        ;
    if (i == s->naliases) {
        ALLOC_GROW(s->aliases, s->naliases + 1, s->aliases_alloc);
        s->aliases[s->naliases++].name = xstrdup(name);
    } else {
        free(s->aliases[i].id);
    }
    s->aliases[i].id = xstrdup(id);
}

const char *session_alias(const struct session *s, const char *name)
{
    for (size_t i = 0; i < s->naliases; i++)
        if (!strcmp(s->aliases[i].name, name))
            return s->aliases[i].id;
    return NULL;
}

void session_zk_start(struct session *s, const char *hosts, const char *root,
                      long connect_timeout_ms)
{
    if (!hosts || !*hosts || s->zk)
        return;
    s->zk = zk_new(hosts, root, connect_timeout_ms);
    s->zs = xcalloc(1, sizeof(*s->zs));
    strmap_init(&s->zs->index);
    /* A root that is not there (a wrong --zk-root) would make every watched list differ. */
    znode_find(s->zs, ZKW_EXISTS, "/", true);
    zk_watch(s->zk, ZKW_EXISTS, "/");
    watch_layout(s);
}

static enum zk_watch_kind kind_of(enum zk_role role)
{
    return role == ZKR_IDS || role == ZKR_ANY ? ZKW_CHILDREN : ZKW_EXISTS;
}

static struct znode *znode_find(struct session_zk *zs, enum zk_watch_kind kind, const char *path,
                                bool create)
{
    char *key = xasprintf("%d:%s", (int)kind, path);
    struct znode *zn = NULL;
    size_t i;

    if (strmap_get(&zs->index, key, &i)) {
        zn = zs->v[i];
    } else if (create) {
        zn = xcalloc(1, sizeof(*zn));
        zn->path = xstrdup(path);
        zn->kind = kind;
        ALLOC_GROW(zs->v, zs->n + 1, zs->alloc);
        strmap_put(&zs->index, key, zs->n);
        zs->v[zs->n++] = zn;
    }
    free(key);
    return zn;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* The index of the object whose key (as zk names it) is key, or -1. */
static long find_key(const struct cache_coll *e, const char *key)
{
    size_t at;

    /* Most keys are ids: the index answers without a walk over every object. */
    if (key && strmap_get(&e->ids, key, &at) &&
        same(zk_object_key(e, json_array_get(e->objects, at)), key))
        return (long)at;
    for (size_t i = 0; key && i < json_array_size(e->objects); i++)
        if (same(zk_object_key(e, json_array_get(e->objects, i)), key))
            return (long)i;
    return -1;
}

static void set_alive(struct cache_coll *e, const char *key, bool alive)
{
    long i = find_key(e, key);

    if (i >= 0)
        json_object_set_new(json_array_get(e->objects, (size_t)i), "alive", json_boolean(alive));
}

/*
 * A node's news for one dependent entry: changed by someone else, or its first answer
 * (first), which is news when the node's last change came after the moment before the
 * entry's GET (sub->since): the GET may have missed it. (Created and deleted objects
 * ZKR_IDS compares exactly.)
 */
static void node_news(struct cache_coll *e, const struct sub *sub, const struct znode *zn,
                      bool changed, bool first)
{
    if (first && sub->since > 0 && zn->exists && zn->zxid > sub->since)
        changed = true;
    switch (sub->role) {
    case ZKR_ALIVE:
        set_alive(e, sub->key, zn->exists);
        break;
    case ZKR_NODE:
        /* Only while the object is still in the entry: a deleted one's news is old. */
        if (sub->key && find_key(e, sub->key) < 0)
            break;
        if (changed)
            cache_mark_stale(e);
        break;
    case ZKR_ANY:
        if (changed)
            cache_mark_stale(e);
        break;
    case ZKR_IDS:
        break;
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Do the entry's objects match the children of its ZKR_IDS nodes (two directories for a
 * bridge's ports)? 1 yes, 0 no, -1 not known (yet, or a directory is missing).
 */
static int ids_match(struct session *s, struct cache_coll *e)
{
    struct zk_path *paths = NULL;
    size_t n = 0, alloc = 0, nz = 0, zalloc = 0, ne = 0;
    const char **have = NULL, **want = NULL;
    int ret = 1;

    if (!zk_entry_paths(e, &paths, &n, &alloc))
        return -1;
    for (size_t i = 0; i < n && ret == 1; i++) {
        struct znode *zn;

        if (paths[i].role != ZKR_IDS)
            continue;
        zn = znode_find(s->zs, ZKW_CHILDREN, paths[i].path, false);
        /* A directory that is not there has no children to compare: it tells nothing. */
        if (!zn || !zn->known || !zn->exists) {
            ret = -1;
            break;
        }
        for (size_t j = 0; j < zn->nchildren; j++) {
            ALLOC_GROW(have, nz + 1, zalloc);
            have[nz++] = zn->children[j];
        }
    }
    if (ret == 1 && nz != json_array_size(e->objects))
        ret = 0;
    if (ret == 1) {
        want = xcalloc(nz ? nz : 1, sizeof(*want));
        for (size_t i = 0; i < json_array_size(e->objects); i++) {
            const char *k = zk_object_key(e, json_array_get(e->objects, i));

            if (!k) {
                ret = 0;
                break;
            }
            want[ne++] = k;
        }
        if (ret == 1 && nz) {
            qsort(have, nz, sizeof(*have), cmp_str);
            qsort(want, ne, sizeof(*want), cmp_str);
            for (size_t i = 0; i < nz && ret == 1; i++)
                if (strcmp(have[i], want[i]))
                    ret = 0;
        }
    }
    free(have);
    free(want);
    zk_paths_release(paths, n);
    free(paths);
    return ret;
}

static void apply(struct session *s, const struct zk_event *ev)
{
    struct znode *zn = znode_find(s->zs, ev->watch, ev->path, false);
    bool ours;

    if (!zn)
        return;
    /* Exactly the version our own write made: nothing else changed the node. */
    ours = ev->changed && zn->expect && ev->exists && ev->version == zn->expect;
    zn->known = true;
    zn->exists = ev->exists;
    zn->version = ev->version;
    zn->zxid = ev->zxid;
    zn->expect = 0;
    if (ev->watch == ZKW_CHILDREN) {
        free_children(zn);
        if (ev->nchildren)
            zn->children = xcalloc(ev->nchildren, sizeof(*zn->children));
        for (size_t i = 0; i < ev->nchildren; i++)
            zn->children[zn->nchildren++] = xstrdup(ev->children[i]);
    }
    for (size_t i = 0; i < zn->nsubs; i++) {
        struct cache_coll *e = cache_find(&s->cache, zn->subs[i].uri);
        int match;

        if (!e)
            continue;
        if (zn->subs[i].role != ZKR_IDS) {
            node_news(e, &zn->subs[i], zn, ev->changed && !ours, !ev->changed);
            continue;
        }
        /* Our own creates are in the entry already: only a difference is news. */
        match = ids_match(s, e);
        if (match == 0 || (match < 0 && ev->changed))
            cache_mark_stale(e);
        else if (match == 1)
            session_watch(s, e, -1);    /* objects appended by our own creates */
    }
}

void session_watch(struct session *s, struct cache_coll *e, int64_t since)
{
    struct zk_path *paths = NULL;
    size_t n = 0, alloc = 0;

    if (!s->zk || !zk_entry_paths(e, &paths, &n, &alloc))
        return;
    for (size_t i = 0; i < n; i++) {
        enum zk_watch_kind kind = kind_of(paths[i].role);
        struct znode *zn;
        struct sub *sub = NULL;

        /* One command: thousands of watches on objects no later command will use. */
        if (s->one_command && paths[i].key)
            continue;
        zn = znode_find(s->zs, kind, paths[i].path, true);
        for (size_t j = 0; j < zn->nsubs && !sub; j++)
            if (zn->subs[j].role == paths[i].role && same(zn->subs[j].key, paths[i].key) &&
                !strcmp(zn->subs[j].uri, e->uri))
                sub = &zn->subs[j];
        if (sub) {
            if (since > 0)
                sub->since = since;     /* fetched again: as new as that */
            continue;
        }
        ALLOC_GROW(zn->subs, zn->nsubs + 1, zn->alloc);
        sub = &zn->subs[zn->nsubs++];
        sub->uri = xstrdup(e->uri);
        sub->role = paths[i].role;
        sub->key = paths[i].key ? xstrdup(paths[i].key) : NULL;
        sub->since = since;
        if (zn->known && sub->role != ZKR_IDS)
            node_news(e, sub, zn, false, true);
        zk_watch(s->zk, kind, paths[i].path);
    }
    zk_paths_release(paths, n);
    free(paths);
}

/*
 * The watched nodes behind obj in e (ZKR_NODE, existence watches): up to max of them into
 * out; returns how many.
 */
static size_t object_nodes(struct session *s, const struct cache_coll *e, const json_t *obj,
                           struct znode **out, size_t max)
{
    struct zk_path *paths = NULL;
    size_t n = 0, alloc = 0, found = 0;
    const char *key = e ? zk_object_key(e, obj) : NULL;

    if (!s->zk || !key || !zk_entry_paths(e, &paths, &n, &alloc))
        return 0;
    for (size_t i = 0; i < n && found < max; i++) {
        struct znode *zn;

        if (paths[i].role != ZKR_NODE || !paths[i].key || strcmp(paths[i].key, key))
            continue;
        if ((zn = znode_find(s->zs, ZKW_EXISTS, paths[i].path, false)))
            out[found++] = zn;
    }
    zk_paths_release(paths, n);
    free(paths);
    return found;
}

void session_wrote(struct session *s, const struct cache_coll *e, const json_t *obj)
{
    struct znode *zn[8];
    size_t n = object_nodes(s, e, obj, zn, ARRAY_SIZE(zn));

    /* Only a node whose version we know: else the change is news, as it may be. */
    for (size_t i = 0; i < n; i++)
        if (zn[i]->known && zn[i]->exists)
            zn[i]->expect = zn[i]->version + 1;
}

static void drain(struct session *s);

void session_before_write(struct session *s, const struct cache_coll *e, const json_t *obj)
{
    struct znode *zn[8];
    size_t n;
    double until = monotonic_now() + 1.0;

    if (!s->zk)
        return;
    drain(s);
    n = object_nodes(s, e, obj, zn, ARRAY_SIZE(zn));
    for (size_t i = 0; i < n; i++) {
        while (!zn[i]->known && s->zs->connected && monotonic_now() < until) {
            struct pollfd p = { .fd = zk_fd(s->zk), .events = POLLIN };

            if (poll(&p, 1, 20) < 0 && errno != EINTR)
                return;
            drain(s);
        }
    }
}

/*
 * The events since the last call, and the session's state: what session_sync() does but
 * the warning, so that it may run where nothing may be printed (TAB completion).
 */
static void drain(struct session *s)
{
    struct session_zk *zs = s->zs;
    struct zk_event ev;
    enum zk_state st;

    if (!s->zk)
        return;
    while (zk_next(s->zk, &ev)) {
        apply(s, &ev);
        if (ev.kind == ZKE_NODE) {
            zs->events++;
            if (ev.zxid > zs->zxid)
                zs->zxid = ev.zxid;
        }
        if (zs->listener)
            zs->listener(zs->listener_ctx, &ev);
        zk_event_release(&ev);
    }
    st = zk_state(s->zk);
    if (st == ZK_CONNECTED && !zs->connected) {
        /*
         * What was fetched while nothing watched it may have changed unseen; what this
         * command fetched is as new as the watches. Scripts and one-liners trust their
         * cache for the run anyway: the first connection changes nothing for them.
         */
        if (zs->ever_connected || s->max_age >= 0)
            cache_invalidate_older(&s->cache);
        zs->connected = zs->ever_connected = true;
        zs->warned = false;
    } else if (st != ZK_CONNECTED) {
        zs->connected = false;
        zs->down = st == ZK_DOWN;
    }
}

/* Does the root exist? (Unknown yet counts as yes: the watches will tell.) */
static bool root_there(struct session *s)
{
    struct znode *zn = znode_find(s->zs, ZKW_EXISTS, "/", false);

    return !zn->known || zn->exists;
}

void session_sync(struct session *s)
{
    drain(s);
    if (s->zk && !s->zs->connected && s->zs->down && !s->zs->warned) {
        warning("zookeeper at '%s' is unreachable; using the API alone until it is back",
                zk_hosts(s->zk));
        s->zs->warned = true;
    }
    if (s->zk && s->zs->connected && !root_there(s) && !s->zs->warned_root) {
        warning("zookeeper at '%s' has no '%s' (see --zk-root); using the API alone",
                zk_hosts(s->zk), zk_root(s->zk));
        s->zs->warned_root = true;
    } else if (s->zk && s->zs->connected && root_there(s) && s->zs->layout &&
               !s->zs->warned_layout) {
        const struct znode *zn = znode_find(s->zs, ZKW_EXISTS, s->zs->layout, false);

        if (zn->known && !zn->exists) {
            warning("zookeeper at '%s' has no MidoNet %s layout under '%s' (no %s; see "
                    "--zk-root, and doctor): lists are trusted for the age limit only",
                    zk_hosts(s->zk), schema_dialect_name(s->dialect), zk_root(s->zk),
                    s->zs->layout);
            s->zs->warned_layout = true;
        }
    }
}

/*
 * Are the nodes behind e as a whole there, as far as their answers tell? One that is not
 * is a layout this server does not keep (1.9's under a 5.x root, or the reverse): the entry
 * is not followed, whatever its children would say.
 */
static bool dirs_there(struct session *s, const struct cache_coll *e)
{
    struct zk_path *paths = NULL;
    size_t n = 0, alloc = 0;
    bool there = true;

    if (!zk_entry_dirs(e, &paths, &n, &alloc))
        return false;
    for (size_t i = 0; i < n && there; i++) {
        const struct znode *zn = znode_find(s->zs, kind_of(paths[i].role), paths[i].path,
                                            false);

        there = !zn || !zn->known || zn->exists;
    }
    zk_paths_release(paths, n);
    free(paths);
    return there;
}

/* Is e followed: ZooKeeper up, MidoNet's root there, a layout that holds e there? */
static bool followed(struct session *s, const struct cache_coll *e)
{
    return s->zk && s->zs->connected && root_there(s) && zk_follows(e) && dirs_there(s, e);
}

bool session_coherent(struct session *s, const struct cache_coll *e)
{
    drain(s);
    return e && followed(s, e);
}

double session_max_age(struct session *s, const struct cache_coll *e)
{
    return session_coherent(s, e) ? -1 : s->max_age;
}

int64_t session_zk_clock(struct session *s, const struct cache_coll *e)
{
    drain(s);
    if (!s->zk || !s->zs->connected || !root_there(s) || (e && !followed(s, e)))
        return -1;
    return zk_applied_zxid(s->zk, ZK_CLOCK_TIMEOUT_MS);
}

/* ZooKeeper up with MidoNet's root there, after a moment for a session coming up (a
 * one-liner's): a moment on it beats what the API would cost instead. */
static bool zk_ready(struct session *s)
{
    double until = monotonic_now() + ZK_NAMES_CONNECT_MS / 1000.0;

    if (!s->zk)
        return false;
    while (zk_state(s->zk) == ZK_CONNECTING && monotonic_now() < until) {
        struct pollfd pfd = { .fd = zk_fd(s->zk), .events = POLLIN };

        poll(&pfd, 1, 20);
        drain(s);
    }
    drain(s);
    return s->zs->connected && root_there(s);
}

bool session_zk_children(struct session *s, const char *dir, char ***names, size_t *n)
{
    struct zk_child *kids;

    if (!zk_ready(s) || !zk_read_dir(s->zk, dir, ZK_NAMES_READ_MS, &kids, n))
        return false;
    *names = xcalloc(*n ? *n : 1, sizeof(**names));
    for (size_t i = 0; i < *n; i++) {
        (*names)[i] = kids[i].name;
        kids[i].name = NULL;
    }
    zk_children_release(kids, *n);
    free(kids);
    return true;
}

struct cache_coll *session_zk_names(struct session *s, const char *key, const struct type *t,
                                    const char *uri, const char *tenant)
{
    const char *dir = zk_names_dir(t);
    struct zk_child *kids;
    struct cache_coll *e;
    int64_t since;
    size_t n;

    if (!dir || !zk_ready(s))
        return NULL;
    since = zk_applied_zxid(s->zk, ZK_CLOCK_TIMEOUT_MS);
    if (!zk_read_dir(s->zk, dir, ZK_NAMES_READ_MS, &kids, &n))
        return NULL;
    e = cache_store_names(&s->cache, key, t, zk_names_objects(t, uri, tenant, kids, n));
    zk_children_release(kids, n);
    free(kids);
    session_watch(s, e, since);
    return e;
}

void session_listen(struct session *s, session_listener *fn, void *ctx)
{
    if (!s->zs)
        return;
    s->zs->listener = fn;
    s->zs->listener_ctx = ctx;
}

void session_zk_applied(const struct session *s, unsigned long *events, int64_t *zxid)
{
    *events = s->zs ? s->zs->events : 0;
    *zxid = s->zs ? s->zs->zxid : 0;
}
