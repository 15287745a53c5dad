#include "api/zk.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zookeeper/zookeeper.h>

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
    pthread_cond_t idle;        /* signalled when inflight drops to 0 */
    double started;             /* monotonic seconds: when the current handle was created */
    unsigned long errors_at_start;
    unsigned long nhosts;       /* servers in hosts: each may refuse once before it is "down" */
    int session_ms;
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

bool zk_next(struct zk *z, struct zk_event *ev)
{
    struct zk_queued *q;
    char buf[256];

    pthread_mutex_lock(&z->lock);
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
    if (z->inflight > 0 && --z->inflight == 0)
        pthread_cond_broadcast(&z->idle);
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
    w->armed = z->zh && !z->closing && sent(z, zoo_awexists(z->zh, w->path, on_watch, w, on_missing, w));
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

static void watch(struct zk *z, enum zk_watch_kind kind, const char *path, bool reread)
{
    char *key = xasprintf("%d:%s", (int)kind, path);
    struct zk_watch *w;
    size_t i;

    pthread_mutex_lock(&z->lock);
    if (strmap_get(&z->index, key, &i)) {
        /* The library keeps one watch per path and callback: asking again only answers. */
        if (reread && z->watches[i]->armed)
            arm(z, z->watches[i]);
        goto out;
    }
    w = xcalloc(1, sizeof(*w));
    w->z = z;
    w->kind = kind;
    w->path = strcmp(path, "/") ? xasprintf("%s%s", z->root, path) : xstrdup(z->root);
    ALLOC_GROW(z->watches, z->nwatches + 1, z->walloc);
    strmap_put(&z->index, key, z->nwatches);
    z->watches[z->nwatches++] = w;
    arm(z, w);
out:
    pthread_mutex_unlock(&z->lock);
    free(key);
}

void zk_watch(struct zk *z, enum zk_watch_kind kind, const char *path)
{
    watch(z, kind, path, false);
}

void zk_reread(struct zk *z, enum zk_watch_kind kind, const char *path)
{
    watch(z, kind, path, true);
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
                if (!z->watches[i]->armed)
                    arm(z, z->watches[i]);
        } else if (state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE) {
            z->expired = true;
        }
        post(z, &ev);
    }
    pthread_mutex_unlock(&z->lock);
}

/* A new handle (z->lock held, so that its first events wait for z->zh). */
static void start_locked(struct zk *z)
{
    z->zstate = 0;
    z->expired = false;
    z->started = monotonic_now();
    z->errors_at_start = atomic_load(&log_errors);
    z->zh = zookeeper_init2(z->hosts, on_session, z->session_ms, NULL, z, 0, on_log);
}

/*
 * Close the handle. The client library leaks the bookkeeping of requests still in
 * flight when it is closed, so their answers (or errors) are awaited first, briefly.
 */
static void close_handle(struct zk *z)
{
    struct timespec deadline;
    zhandle_t *old;

    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 2;
    pthread_mutex_lock(&z->lock);
    z->closing = true;
    while (z->inflight > 0 && z->zh)
        if (pthread_cond_timedwait(&z->idle, &z->lock, &deadline) != 0)
            break;
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
    close_handle(z);
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
    z->session_ms = getenv("MIDOSH_ZK_SESSION_MS") ? atoi(getenv("MIDOSH_ZK_SESSION_MS")) : 0;
    if (z->session_ms <= 0)
        z->session_ms = ZK_SESSION_MS;
    pthread_mutex_init(&z->lock, NULL);
    pthread_cond_init(&z->idle, NULL);
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
    close_handle(z);
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
    else if (z->ever_connected || !z->zh || atomic_load(&log_errors) - z->errors_at_start >= z->nhosts ||
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

/* ---- four-letter words ---------------------------------------------------------- */

size_t zk_split_hosts(const char *hosts, char ***out)
{
    size_t n = 0, alloc = 0;
    const char *p = hosts;
    const char *chroot = strchr(hosts, '/');
    const char *end = chroot ? chroot : hosts + strlen(hosts);

    *out = NULL;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        char *one;

        while (p < stop && (*p == ' ' || *p == '\t'))
            p++;
        one = xstrndup(p, (size_t)(stop - p));
        for (size_t len = strlen(one); len && (one[len - 1] == ' ' || one[len - 1] == '\t'); len--)
            one[len - 1] = '\0';
        if (*one) {
            const char *close = one[0] == '[' ? strchr(one, ']') : NULL;
            bool has_port = close ? close[1] == ':' : strchr(one, ':') != NULL;

            ALLOC_GROW(*out, n + 1, alloc);
            (*out)[n++] = has_port ? xstrdup(one) : xasprintf("%s:%d", one, ZK_DEFAULT_PORT);
        }
        free(one);
        p = stop + 1;
    }
    return n;
}

static long ms_left(double deadline)
{
    double left = (deadline - monotonic_now()) * 1000;

    return left > 0 ? (long)left + 1 : 0;
}

/* strerror() in the lowercase of midosh's messages. */
static void add_errno(struct strbuf *out, int err)
{
    const char *msg = strerror(err);

    strbuf_addch(out, (char)tolower((unsigned char)msg[0]));
    strbuf_addstr(out, msg + 1);
}

int zk_four_letter(const char *hostport, const char *word, long timeout_ms, struct strbuf *out)
{
    double deadline = monotonic_now() + timeout_ms / 1000.0;
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
    struct addrinfo *ai = NULL;
    const char *colon = strrchr(hostport, ':');
    char *host = NULL, *port = NULL;
    int fd = -1, ret = -1, rc, err = 0;
    socklen_t errlen = sizeof(err);
    struct pollfd pfd;
    char buf[4096];
    ssize_t n;

    if (colon && (hostport[0] != '[' || colon > strchr(hostport, ']'))) {
        host = xstrndup(hostport, (size_t)(colon - hostport));
        port = xstrdup(colon + 1);
    } else {
        host = xstrdup(hostport);
        port = xasprintf("%d", ZK_DEFAULT_PORT);
    }
    if (host[0] == '[') {
        char *bare = xstrndup(host + 1, strlen(host) - 2);

        free(host);
        host = bare;
    }
    if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0) {
        strbuf_addf(out, "cannot resolve '%s': %s", host, gai_strerror(rc));
        goto out;
    }
    fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        add_errno(out, errno);
        goto out;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
        add_errno(out, errno);
        goto out;
    }
    pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
    if (poll(&pfd, 1, (int)ms_left(deadline)) <= 0) {
        strbuf_addstr(out, "connection timed out");
        goto out;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0 || err) {
        add_errno(out, err ? err : errno);
        goto out;
    }
    if (write(fd, word, strlen(word)) != (ssize_t)strlen(word)) {
        add_errno(out, errno);
        goto out;
    }
    for (;;) {
        pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
        if (poll(&pfd, 1, (int)ms_left(deadline)) <= 0) {
            strbuf_reset(out);
            strbuf_addstr(out, "no answer in time");
            goto out;
        }
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0)
            break;
        strbuf_add(out, buf, (size_t)n);
    }
    ret = 0;
out:
    if (fd >= 0)
        close(fd);
    if (ai)
        freeaddrinfo(ai);
    free(host);
    free(port);
    return ret;
}

int64_t zk_applied_zxid(const struct zk *z, long timeout_ms)
{
    double deadline = monotonic_now() + timeout_ms / 1000.0;
    struct strbuf ans = STRBUF_INIT;
    char **servers = NULL;
    size_t n = zk_split_hosts(z->hosts, &servers);
    int64_t least = -1;

    for (size_t i = 0; i < n; i++) {
        long left = ms_left(deadline);
        const char *p;
        unsigned long long zxid;

        strbuf_reset(&ans);
        if (left > 0 && zk_four_letter(servers[i], "srvr", left, &ans) == 0 &&
            (p = strstr(ans.buf, "Zxid: ")) && sscanf(p + 6, "%llx", &zxid) == 1 &&
            zxid <= INT64_MAX && (least < 0 || (int64_t)zxid < least))
            least = (int64_t)zxid;
        free(servers[i]);
    }
    free(servers);
    strbuf_release(&ans);
    return least;
}

/* ---- the nodes behind cache entries --------------------------------------------- */

/*
 * {p}: the parent object's id (from the entry's URI), {g} its parent's (a DHCP host's
 * bridge); {k}: the value of key in each
 * object (a rule with {k} gives one path per object), where key "@uri" stands for the
 * last segment of the object's uri (a DHCP subnet's "10.0.0.0_24"). For ZKR_IDS, key
 * names what the children are called by.
 */
struct zk_rule {
    enum type_id type;
    enum zk_role role;
    const char *tmpl;
    const char *key;
};

static const struct zk_rule rules[] = {
    { T_TENANT, ZKR_ANY, "/tenants", NULL },
    { T_ROUTER, ZKR_IDS, "/routers", "id" },
    { T_ROUTER, ZKR_NODE, "/routers/{k}", "id" },
    { T_BRIDGE, ZKR_IDS, "/bridges", "id" },
    { T_BRIDGE, ZKR_NODE, "/bridges/{k}", "id" },
    { T_PORT, ZKR_IDS, "/ports", "id" },
    { T_PORT, ZKR_NODE, "/ports/{k}", "id" },
    { T_PORT, ZKR_ANY, "/ports/{k}/active", "id" },
    /* Unlinked and exterior ports in one directory, interior ones in the other. */
    { T_BRIDGE_PORT, ZKR_IDS, "/bridges/{p}/ports", "id" },
    { T_BRIDGE_PORT, ZKR_IDS, "/bridges/{p}/logical-ports", "id" },
    { T_BRIDGE_PORT, ZKR_NODE, "/ports/{k}", "id" },
    { T_BRIDGE_PORT, ZKR_ANY, "/ports/{k}/active", "id" },
    { T_ROUTER_PORT, ZKR_IDS, "/routers/{p}/ports", "id" },
    { T_ROUTER_PORT, ZKR_NODE, "/ports/{k}", "id" },
    { T_ROUTER_PORT, ZKR_ANY, "/ports/{k}/active", "id" },
    /* A router's routes hang off the router and off each of its ports: every route
     * also has its node in /routes, which is simpler to follow. */
    { T_ROUTE, ZKR_ANY, "/routes", NULL },
    { T_HOST, ZKR_IDS, "/hosts", "id" },
    { T_HOST, ZKR_NODE, "/hosts/{k}", "id" },
    { T_HOST, ZKR_NODE, "/hosts/{k}/flooding_proxy_weight", "id" },
    { T_HOST, ZKR_ALIVE, "/hosts/{k}/alive", "id" },
    { T_INTERFACE, ZKR_IDS, "/hosts/{p}/interfaces", "name" },
    { T_INTERFACE, ZKR_NODE, "/hosts/{p}/interfaces/{k}", "name" },
    { T_BINDING, ZKR_IDS, "/hosts/{p}/vrnMappings/ports", "portId" },
    { T_TUNNEL_ZONE, ZKR_IDS, "/tunnel_zones", "id" },
    { T_TUNNEL_ZONE, ZKR_NODE, "/tunnel_zones/{k}", "id" },
    { T_TZ_MEMBER, ZKR_IDS, "/tunnel_zones/{p}/memberships", "hostId" },
    { T_TZ_MEMBER, ZKR_NODE, "/tunnel_zones/{p}/memberships/{k}", "hostId" },
    { T_CHAIN, ZKR_IDS, "/chains", "id" },
    { T_CHAIN, ZKR_NODE, "/chains/{k}", "id" },
    { T_BGP, ZKR_IDS, "/ports/{p}/bgps", "id" },
    { T_BGP, ZKR_NODE, "/bgps/{k}", "id" },
    { T_AD_ROUTE, ZKR_ANY, "/ad_routes", NULL },
    { T_DHCP_SUBNET, ZKR_IDS, "/bridges/{p}/dhcp", "@uri" },
    { T_DHCP_SUBNET, ZKR_NODE, "/bridges/{p}/dhcp/{k}", "@uri" },
    { T_DHCP_HOST, ZKR_IDS, "/bridges/{g}/dhcp/{p}/hosts", "macAddr" },
    { T_DHCP_HOST, ZKR_NODE, "/bridges/{g}/dhcp/{p}/hosts/{k}", "macAddr" },
    { T_ARP_ENTRY, ZKR_ANY, "/bridges/{p}/ip4_mac_map", NULL },
    /* A chain's rules, in order, are its "rules" node's data; rules never change. */
    { T_RULE, ZKR_NODE, "/chains/{p}/rules", NULL },
    { T_PORT_GROUP, ZKR_IDS, "/port_groups", "id" },
    { T_PORT_GROUP, ZKR_NODE, "/port_groups/{k}", "id" },
    { T_PG_MEMBER, ZKR_IDS, "/port_groups/{p}/ports", "portId" },
    { T_IP_GROUP, ZKR_IDS, "/ip_addr_groups", "id" },
    { T_IP_GROUP, ZKR_NODE, "/ip_addr_groups/{k}", "id" },
    { T_IP_GROUP_ADDR, ZKR_ANY, "/ip_addr_groups/{p}/addrs", NULL },
    /* L4LB objects are listed at the root and under each other: ZKR_ANY, not ZKR_IDS. */
    { T_LOAD_BALANCER, ZKR_ANY, "/load_balancers", NULL },
    { T_LOAD_BALANCER, ZKR_NODE, "/load_balancers/{k}", "id" },
    { T_POOL, ZKR_ANY, "/pools", NULL },
    { T_POOL, ZKR_NODE, "/pools/{k}", "id" },
    { T_POOL_MEMBER, ZKR_ANY, "/pool_members", NULL },
    { T_POOL_MEMBER, ZKR_NODE, "/pool_members/{k}", "id" },
    { T_VIP, ZKR_ANY, "/vips", NULL },
    { T_VIP, ZKR_NODE, "/vips/{k}", "id" },
    { T_HEALTH_MONITOR, ZKR_ANY, "/health_monitors", NULL },
    { T_HEALTH_MONITOR, ZKR_NODE, "/health_monitors/{k}", "id" },
    { T_SYSTEM_STATE, ZKR_ANY, "/system_state", NULL },
    { T_SYSTEM_STATE, ZKR_NODE, "/write_version", NULL },
    { T_WRITE_VERSION, ZKR_NODE, "/write_version", NULL },
    { T_HOST_VERSION, ZKR_ANY, "/versions", NULL },
    { T_HOST_VERSION, ZKR_ANY, "/versions/{k}", "version" },
};

/* The id before the last segment of a collection URI (".../bridges/ID/ports"), or NULL. */
/*
 * The segment of uri's path `back` places before its last one: 1 is the parent object's
 * id (".../bridges/ID/ports"), 3 its parent's (".../bridges/ID/dhcp/SUBNET/hosts"). NULL
 * when there is none.
 */
static char *uri_segment(const char *uri, int back)
{
    const char *end = uri + strcspn(uri, "?#");
    const char *start;

    while (end > uri && end[-1] == '/')
        end--;
    for (int i = 0; i <= back; i++) {
        start = end;
        while (start > uri && start[-1] != '/')
            start--;
        if (i == back)
            return start < end ? xstrndup(start, (size_t)(end - start)) : NULL;
        if (start <= uri)
            return NULL;
        end = start - 1;
    }
    return NULL;
}

/* A path segment must not climb or nest: ids, names and versions are single segments. */
static bool plain_segment(const char *s)
{
    return s && *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

static void expand(const char *tmpl, const char *parent, const char *grand, const char *key,
                   struct strbuf *out)
{
    strbuf_reset(out);
    for (const char *p = tmpl; *p; p++) {
        if (starts_with(p, "{p}")) {
            strbuf_addstr(out, parent);
            p += 2;
        } else if (starts_with(p, "{g}")) {
            strbuf_addstr(out, grand);
            p += 2;
        } else if (starts_with(p, "{k}")) {
            strbuf_addstr(out, key);
            p += 2;
        } else {
            strbuf_addch(out, *p);
        }
    }
}

static void add_path(struct zk_path **paths, size_t *n, size_t *alloc, enum zk_role role,
                     const char *path, const char *key)
{
    ALLOC_GROW(*paths, *n + 1, *alloc);
    (*paths)[*n].role = role;
    (*paths)[*n].path = xstrdup(path);
    (*paths)[*n].key = key ? xstrdup(key) : NULL;
    (*n)++;
}

static const struct zk_rule *ids_rule(enum type_id t)
{
    for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
        if (rules[i].type == t && rules[i].role == ZKR_IDS)
            return &rules[i];
    return NULL;
}

/* The value of rule r's key in obj (borrowed), or NULL. */
static const char *rule_key(const struct zk_rule *r, const json_t *obj)
{
    const char *uri, *slash;

    if (strcmp(r->key, "@uri"))
        return json_string_value(json_object_get(obj, r->key));
    uri = json_string_value(json_object_get(obj, "uri"));
    slash = uri ? strrchr(uri, '/') : NULL;
    return slash && slash[1] ? slash + 1 : NULL;
}

const char *zk_object_key(const struct cache_coll *e, const json_t *obj)
{
    const struct zk_rule *r = ids_rule(e->type->id);

    return r ? rule_key(r, obj) : NULL;
}

/* Can rule r's template be filled from an entry with these parent and grandparent ids? */
static bool rule_fits(const struct zk_rule *r, const char *parent, const char *grand)
{
    return (!strstr(r->tmpl, "{p}") || plain_segment(parent)) &&
           (!strstr(r->tmpl, "{g}") || plain_segment(grand));
}

bool zk_follows(const struct cache_coll *e)
{
    char *parent = uri_segment(e->uri, 1), *grand = uri_segment(e->uri, 3);
    bool found = false, ok = true;

    for (size_t i = 0; i < ARRAY_SIZE(rules) && ok; i++) {
        if (rules[i].type != e->type->id)
            continue;
        found = true;
        ok = rule_fits(&rules[i], parent, grand);
    }
    free(parent);
    free(grand);
    return found && ok;
}

bool zk_entry_paths(const struct cache_coll *e, struct zk_path **paths, size_t *n, size_t *alloc)
{
    char *parent = uri_segment(e->uri, 1), *grand = uri_segment(e->uri, 3);
    bool filtered = strchr(e->uri, '?') != NULL;
    bool found = false, ok = true;
    struct strbuf path = STRBUF_INIT;
    size_t first = *n;

    for (size_t i = 0; i < ARRAY_SIZE(rules) && ok; i++) {
        const struct zk_rule *r = &rules[i];
        enum zk_role role = r->role;

        if (r->type != e->type->id)
            continue;
        found = true;
        if (!(ok = rule_fits(r, parent, grand)))
            break;
        /* A filtered list (?tenant_id=) holds some of the children, not all. */
        if (role == ZKR_IDS && filtered)
            role = ZKR_ANY;
        if (!strstr(r->tmpl, "{k}")) {
            expand(r->tmpl, parent ? parent : "", grand ? grand : "", "", &path);
            add_path(paths, n, alloc, role, path.buf, NULL);
            continue;
        }
        for (size_t j = 0; j < json_array_size(e->objects); j++) {
            const char *key = rule_key(r, json_array_get(e->objects, j));

            if (!plain_segment(key))
                continue;
            expand(r->tmpl, parent ? parent : "", grand ? grand : "", key, &path);
            add_path(paths, n, alloc, role, path.buf, key);
        }
    }
    if (!ok || !found) {
        zk_paths_release(*paths + first, *n - first);
        *n = first;
    }
    strbuf_release(&path);
    free(parent);
    free(grand);
    return ok && found;
}

void zk_paths_release(struct zk_path *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(paths[i].path);
        free(paths[i].key);
    }
}
