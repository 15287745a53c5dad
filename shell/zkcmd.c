/*
 * zkcmd: the verbs that look at the deployment rather than at objects — watch (a stream of
 * topology and liveness changes from ZooKeeper), zk (the servers and the session) and
 * doctor (the checks an operator makes by hand, one line each). They join the verb table
 * (shell/verb.h) like every other verb.
 *
 * Each prints on the session's output, reports errors on stderr, and returns an enum
 * status: doctor fails (1) when a check fails, and any of them returns 3 when what it
 * needs (the API, ZooKeeper) cannot be reached. Their handles are made by shell/handle.h.
 *
 * watch [TYPE...] [count N] [timeout S]: one line per change, "TIME created|changed|deleted
 * TYPE HANDLE" and "TIME alive|dead host HANDLE", until ^C (interactive), N lines, or S
 * seconds; TIME is the local time (2026-01-31T12:00:00), and a "changed" line ends with
 * what changed ("name: a -> b, state: up -> down"), from the object's data before and after,
 * which watch keeps. Handles and values are list's (format_value(), handle_ref()), quoted
 * as list quotes them. Running out of time before N lines is a failure (1).
 * zk: each server's mode, version, latency, outstanding requests and nodes; the session, and
 * how far the events it applied go (their number, the greatest zxid: session_zk_applied).
 * doctor: "ok|warn|fail  CHECK: what; hint: what to do" lines.
 */
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/zk_4lw.h"
#include "parser/lexer.h"
#include "lib/strmap.h"
#include "lib/util.h"
#include "shell/exec.h"
#include "shell/handle.h"
#include "shell/verb.h"

#define FOUR_LETTER_TIMEOUT_MS 3000

/* ---- waiting for the session ------------------------------------------------------ */

static bool interrupted(const struct session *s)
{
    return s->interrupt && *s->interrupt;
}

/* Wait (bounded by the connect timeout, inside zk) until the session is up or down. */
static enum zk_state settle(struct session *s)
{
    enum zk_state st;

    while ((st = zk_state(s->zk)) == ZK_CONNECTING && !interrupted(s)) {
        struct pollfd pfd = { .fd = zk_fd(s->zk), .events = POLLIN };

        poll(&pfd, 1, 50);
        session_sync(s);
    }
    session_sync(s);
    return st;
}

static enum status need_zk(struct session *s, const char *verb)
{
    if (s->zk)
        return ST_OK;
    return fail(ST_USAGE, "%s needs ZooKeeper (use --zookeeper HOSTS, MIDO_ZOOKEEPER_HOSTS, or "
                "zookeeper_hosts in ~/.midonetrc)", verb);
}

static const char *state_word(enum zk_state st)
{
    return st == ZK_CONNECTED ? "connected" : st == ZK_CONNECTING ? "connecting" : "unreachable";
}

/* ---- watch ------------------------------------------------------------------------ */

/*
 * The types watch follows (in the dialects that have them), by the directory that holds
 * all their objects in the connected dialect's layout (zk_type_dir(): /bridges in 1.9's,
 * zoom/0/models/Network in 5.x's). parser/parser.c accepts the same words.
 */
static const enum type_id followed_types[] = {
    T_BRIDGE, T_ROUTER, T_PORT, T_HOST, T_TUNNEL_ZONE, T_CHAIN,
    T_MIRROR, T_L2INSERTION, T_QOS_POLICY, T_CONTAINER, T_CONTAINER_GROUP,
};

/* A followed type, and its directory in the connected dialect's layout (NULL: none). */
struct watched {
    enum type_id type;
    const char *dir;
};

struct wobj {
    const struct watched *w;
    char *id;
    json_t *form;               /* its node's data as last read, in the API's form (api_form()),
                                 * or NULL */
    bool gone;
    bool fresh;                 /* created while watching: "created" waits for its name */
    bool born;                  /* created while watching (fresh or not any more) */
    bool read;                  /* its node's first answer came */
    bool alive_known, alive;
};

/*
 * An event as it came, printed once the session has applied the events at hand
 * (print_events()): its handle and those of the objects its changes name may need a list
 * from ZooKeeper or the API, and reading one delivers the session's events, to this
 * listener too.
 */
struct event {
    const char *what;
    const struct wobj *o;       /* the watch's: objects are kept until it ends */
    time_t when;
    json_t *objects;            /* the objects of its type then, in the API's form */
    json_t *old, *new;          /* "changed": its data before and after, or NULL */
};

struct watch {
    struct run *r;
    struct session *s;
    struct watched wd[ARRAY_SIZE(followed_types)];
    bool on[ARRAY_SIZE(followed_types)];
    bool baseline[ARRAY_SIZE(followed_types)];  /* the directory's children were read once */
    struct wobj **objs;
    size_t n, alloc;
    struct strmap index;        /* "dir/id" -> index in objs */
    struct strmap alive;        /* a host's alive node -> index in objs */
    struct event *events;       /* taken, not printed yet */
    size_t nevents, events_alloc;
    long count, taken;
    bool ready;                 /* the first reading is done (said on stderr with -d) */
};

static struct wobj *wobj_find(struct watch *w, const char *path)
{
    size_t i;

    return strmap_get(&w->index, path, &i) ? w->objs[i] : NULL;
}

static struct wobj *wobj_add(struct watch *w, const struct watched *wd, const char *id)
{
    char *path = xasprintf("%s/%s", wd->dir, id);
    struct wobj *o = wobj_find(w, path);

    if (!o) {
        o = xcalloc(1, sizeof(*o));
        o->w = wd;
        o->id = xstrdup(id);
        ALLOC_GROW(w->objs, w->n + 1, w->alloc);
        strmap_put(&w->index, path, w->n);
        w->objs[w->n++] = o;
    }
    free(path);
    return o;
}

/* The objects of o's type that are there, and o, in the API's form: its handle's peers. */
static json_t *objects_of(struct watch *w, const struct wobj *o)
{
    const struct type *t = schema_type(o->w->type);
    json_t *objects = json_array();

    for (size_t i = 0; i < w->n; i++) {
        const struct wobj *p = w->objs[i];

        if (p->w != o->w || (p->gone && p != o))
            continue;
        if (p->form)
            json_array_append(objects, p->form);
        else
            json_array_append_new(objects, json_pack("{ss}", t->id_key, p->id));
    }
    return objects;
}

/* Take an event (old and new, when given, are borrowed); print_events() prints it. */
static void take(struct watch *w, const char *what, const struct wobj *o, json_t *old,
                 json_t *new)
{
    struct event *ev;

    if (w->count && w->taken >= w->count)
        return;
    ALLOC_GROW(w->events, w->nevents + 1, w->events_alloc);
    ev = &w->events[w->nevents++];
    ev->what = what;
    ev->o = o;
    ev->when = time(NULL);
    ev->objects = objects_of(w, o);
    ev->old = json_incref(old);
    ev->new = json_incref(new);
    w->taken++;
}

/*
 * A node's config in the API's form, for the schema to format as list does: the keys that
 * ZooKeeper names otherwise by the API's names (a reference without its "Id", a port's
 * device_id, its addresses as numbers), a port's type by the API's variant, the tenant from
 * the properties; other keys as they are.
 */
static json_t *api_form(const struct type *t, const char *id, json_t *config)
{
    static const struct { const char *zk, *api; } renamed[] = {
        { "device_id", "deviceId" }, { "nwAddr", "networkAddress" },
        { "nwLength", "networkLength" }, { "portAddr", "portAddress" }, { "hwAddr", "portMac" },
    };
    const char *tenant = json_string_value(json_object_get(json_object_get(config, "properties"),
                                                           "tenant_id"));
    json_t *form = json_object(), *v;
    const char *key;

    json_object_foreach(config, key, v) {
        struct strbuf api = STRBUF_INIT;
        json_t *value = json_incref(v);

        strbuf_addstr(&api, key);
        for (size_t i = 0; i < ARRAY_SIZE(renamed); i++)
            if (!strcmp(key, renamed[i].zk)) {
                strbuf_reset(&api);
                strbuf_addstr(&api, renamed[i].api);
            }
        for (const struct attr *a = t->attrs; a->name; a++)
            if (schema_is_ref(a) && !strncmp(a->key, key, strlen(key)) &&
                !strcmp(a->key + strlen(key), "Id")) {
                strbuf_reset(&api);
                strbuf_addstr(&api, a->key);
            }
        if (json_is_integer(v) && ends_with(api.buf, "Address")) {
            /* A Java int: the address's 32 bits. */
            uint32_t ip = (uint32_t)json_integer_value(v);

            json_decref(value);
            value = json_sprintf("%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255,
                                 ip & 255);
        }
        /* "RouterPort" and the like: the API's "Router" ("VxLanPort": "Vxlan"). */
        for (const struct variant *var = t->variants;
             var && var->json && t->variant_key && !strcmp(key, t->variant_key); var++) {
            const char *s = json_string_value(v);
            size_t n = strlen(var->json);

            if (s && !strncasecmp(s, var->json, n) && !strcmp(s + n, "Port")) {
                json_decref(value);
                value = json_string(var->json);
                break;
            }
        }
        json_object_set_new(form, api.buf, value);
        strbuf_release(&api);
    }
    if (tenant && (t->flags & TF_TENANT))
        json_object_set_new(form, "tenantId", json_string(tenant));
    json_object_set_new(form, t->id_key, json_string(id));
    return form;
}

/* A node's config: MidoNet wraps configs as {"data": {...}, "version": ...}. */
static json_t *data_config(const char *data)
{
    json_t *doc = data ? json_loads(data, 0, NULL) : NULL;
    json_t *inner = json_object_get(doc, "data");

    if (json_is_object(inner)) {
        json_incref(inner);
        json_decref(doc);
        return inner;
    }
    if (json_is_object(doc))
        return doc;
    json_decref(doc);
    return NULL;
}

/* A change's value: the text of a value that was set (borrowed), or NULL. */
static void add_change(json_t *changes, const char *field, const char *old, const char *new)
{
    json_array_append_new(changes, json_pack("{ss so so}", "field", field,
                                             "old", old ? json_string(old) : json_null(),
                                             "new", new ? json_string(new) : json_null()));
}

static bool is_none(const json_t *v)
{
    return !v || json_is_null(v);
}

/* Do old and new hold the same for key (a missing key the same as null)? */
static bool same_key(const json_t *old, const json_t *new, const char *key)
{
    const json_t *a = key ? json_object_get(old, key) : NULL;
    const json_t *b = key ? json_object_get(new, key) : NULL;

    return (is_none(a) && is_none(b)) || json_equal((json_t *)a, (json_t *)b);
}

/* A value no attribute shows, as ZooKeeper holds it: strings bare, other JSON compact. */
static char *raw_text(const json_t *v)
{
    if (is_none(v))
        return NULL;
    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * What differs between two forms of an object: each attribute by its name, its values as
 * list prints them (format_value(): up/down, references by their handles), in the
 * schema's order; then the keys no attribute shows, by ZooKeeper's names, in key order.
 */
static json_t *form_changes(struct run *r, const struct type *type, const json_t *old,
                            const json_t *new)
{
    const struct type *t = schema_variant(type, new);
    json_t *changes = json_array();
    struct strmap shown = STRMAP_INIT;
    struct strbuf was = STRBUF_INIT, now = STRBUF_INIT;
    const char **keys = NULL, *key;
    size_t nkeys = 0, alloc = 0;
    json_t *v;

    for (const struct attr *a = t->attrs; a->name; a++) {
        bool had, has, dup = a->key && strmap_get(&shown, a->key, &(size_t){ 0 });

        if (a->sub)
            continue;
        strmap_put(&shown, a->key, 1);
        if (a->key2)
            strmap_put(&shown, a->key2, 1);
        if (a->inv_key)
            strmap_put(&shown, a->inv_key, 1);
        /* A synonym of an earlier attribute (asn), or the same values. */
        if (dup || (same_key(old, new, a->key) && same_key(old, new, a->key2) &&
                    same_key(old, new, a->inv_key)))
            continue;
        strbuf_reset(&was);
        strbuf_reset(&now);
        had = format_value(a, old, handle_ref, r, &was);
        has = format_value(a, new, handle_ref, r, &now);
        if (had != has || strcmp(was.buf, now.buf))
            add_change(changes, a->name, had ? was.buf : NULL, has ? now.buf : NULL);
    }
    json_object_foreach((json_t *)new, key, v) {
        ALLOC_GROW(keys, nkeys + 1, alloc);
        keys[nkeys++] = key;
    }
    json_object_foreach((json_t *)old, key, v)
        if (!json_object_get(new, key)) {
            ALLOC_GROW(keys, nkeys + 1, alloc);
            keys[nkeys++] = key;
        }
    if (nkeys)
        qsort(keys, nkeys, sizeof(*keys), cmp_key);
    for (size_t i = 0; i < nkeys; i++) {
        char *a, *b;

        if (strmap_get(&shown, keys[i], &(size_t){ 0 }) || same_key(old, new, keys[i]))
            continue;
        a = raw_text(json_object_get(old, keys[i]));
        b = raw_text(json_object_get(new, keys[i]));
        add_change(changes, keys[i], a, b);
        free(a);
        free(b);
    }
    free(keys);
    strmap_release(&shown);
    strbuf_release(&was);
    strbuf_release(&now);
    return changes;
}

/* A change's value on a line: as a line of list quotes it, "-" for none. */
static void change_value(struct strbuf *line, const json_t *v)
{
    if (json_is_string(v))
        lex_quote(line, json_string_value(v));
    else
        strbuf_addch(line, '-');
}

/*
 * One event: "TIME what TYPE HANDLE[ field: old -> new, ...]"; as JSON, its changes are
 * {"field", "old", "new"} objects, a value null when it was not set.
 */
static void print_event(struct watch *w, const struct event *ev)
{
    const struct type *t = schema_type(ev->o->w->type);
    struct strbuf h = STRBUF_INIT, line = STRBUF_INIT;
    json_t *changes = NULL;
    char stamp[32];
    struct tm tm;

    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", localtime_r(&ev->when, &tm));
    /* A reference that cannot be looked up prints as its id, without a word on stderr. */
    error_set_quiet(true);
    handle_among(t, ev->objects, ev->o->id, handle_ref, w->r, &h);
    if (ev->old && ev->new)
        changes = form_changes(w->r, t, ev->old, ev->new);
    error_set_quiet(false);
    if (w->s->output == OUT_JSON) {
        json_t *j = json_pack("{ssssssssss}", "time", stamp, "event", ev->what, "type", t->name,
                              "id", ev->o->id, "handle", h.buf);
        char *text;

        if (json_array_size(changes))
            json_object_set(j, "changes", changes);
        text = json_dumps(j, JSON_COMPACT);
        fprintf(w->s->out, "%s\n", text);
        free(text);
        json_decref(j);
    } else {
        size_t k;
        json_t *c;

        strbuf_addf(&line, "%s %s %s ", stamp, ev->what, t->name);
        lex_quote(&line, h.buf);
        json_array_foreach(changes, k, c) {
            strbuf_addstr(&line, k ? ", " : " ");
            strbuf_addstr(&line, json_string_value(json_object_get(c, "field")));
            strbuf_addstr(&line, ": ");
            change_value(&line, json_object_get(c, "old"));
            strbuf_addstr(&line, " -> ");
            change_value(&line, json_object_get(c, "new"));
        }
        fprintf(w->s->out, "%s\n", line.buf);
    }
    fflush(w->s->out);
    json_decref(changes);
    strbuf_release(&line);
    strbuf_release(&h);
}

/* Print the events taken, those taken while printing included. */
static void print_events(struct watch *w)
{
    for (size_t i = 0; i < w->nevents; i++) {
        /* A copy: printing may take more events, and move the array. */
        struct event ev = w->events[i];

        print_event(w, &ev);
        json_decref(ev.objects);
        json_decref(ev.old);
        json_decref(ev.new);
    }
    w->nevents = 0;
}

static void follow(struct watch *w, struct wobj *o)
{
    char *path = xasprintf("%s/%s", o->w->dir, o->id);
    size_t at;

    zk_reread(w->s->zk, ZKW_DATA, path);
    if (o->w->type == T_HOST && strmap_get(&w->index, path, &at)) {
        char *alive = zk_alive_path(o->id);

        if (alive) {
            strmap_put(&w->alive, alive, at);
            zk_reread(w->s->zk, ZKW_EXISTS, alive);
        }
        free(alive);
    }
    free(path);
}

static void on_children(struct watch *w, size_t k, const struct zk_event *ev)
{
    const struct watched *wd = &w->wd[k];
    struct strmap now = STRMAP_INIT;

    if (!ev->exists && !w->baseline[k])
        warning("watch: no %s under '%s': %s are not followed (see doctor)", wd->dir,
                zk_root(w->s->zk), schema_type(wd->type)->plural);

    for (size_t i = 0; i < ev->nchildren; i++) {
        struct wobj *o;
        char *path = xasprintf("%s/%s", wd->dir, ev->children[i]);

        strmap_put(&now, ev->children[i], 1);
        o = wobj_find(w, path);
        free(path);
        if (o && !o->gone)
            continue;
        o = wobj_add(w, wd, ev->children[i]);
        o->gone = false;
        o->fresh = o->born = w->baseline[k];
        o->alive_known = false;
        o->read = false;
        follow(w, o);
    }
    for (size_t i = 0; i < w->n; i++) {
        struct wobj *o = w->objs[i];

        if (o->w != wd || o->gone || strmap_get(&now, o->id, &(size_t){ 0 }))
            continue;
        o->gone = true;
        if (!o->fresh)
            take(w, "deleted", o, NULL, NULL);
    }
    w->baseline[k] = true;
    strmap_release(&now);
}

static void on_event(void *ctx, const struct zk_event *ev)
{
    struct watch *w = ctx;
    struct wobj *o;

    if (ev->kind != ZKE_NODE)
        return;
    if (ev->watch == ZKW_CHILDREN) {
        for (size_t k = 0; k < ARRAY_SIZE(followed_types); k++)
            if (w->on[k] && !strcmp(ev->path, w->wd[k].dir))
                on_children(w, k, ev);
        return;
    }
    o = ev->watch == ZKW_DATA ? wobj_find(w, ev->path) : NULL;
    if (o)
        o->read = true;
    if (o && !o->gone && ev->exists) {
        const struct type *t = schema_type(o->w->type);
        json_t *config = data_config(ev->data);
        json_t *form = config ? api_form(t, o->id, config) : NULL;

        if (o->fresh) {
            o->fresh = false;
            json_decref(o->form);
            o->form = form;
            take(w, "created", o, NULL, NULL);
            if (o->alive_known && o->alive)
                take(w, "alive", o, NULL, NULL);
        } else {
            json_t *was = o->form;

            /* Its handle is the one it has now (a new name). */
            o->form = form;
            if (ev->changed)
                take(w, "changed", o, was, form);
            json_decref(was);
        }
        json_decref(config);
        return;
    }
    if (ev->watch == ZKW_EXISTS) {
        size_t at;

        o = strmap_get(&w->alive, ev->path, &at) ? w->objs[at] : NULL;
        if (!o || o->gone || (o->alive_known && o->alive == ev->exists))
            return;
        o->alive = ev->exists;
        /*
         * A host registered while watching comes alive after its "created": when its agent
         * was quicker than the first answer, that answer already finds it alive.
         */
        if ((o->alive_known || ev->changed || (o->born && ev->exists)) && !o->fresh)
            take(w, ev->exists ? "alive" : "dead", o, NULL, NULL);
        o->alive_known = true;
    }
}

/*
 * Once every directory followed and every object in them has given its first answer, from
 * when on every change is reported: with -d, say so on stderr, with how far the session's
 * events go (what `zk` prints), so that whoever changes the topology next knows that watch
 * will see it.
 */
static void check_ready(struct watch *w)
{
    unsigned long events;
    int64_t zxid;
    size_t live = 0;

    if (w->ready)
        return;
    for (size_t k = 0; k < ARRAY_SIZE(followed_types); k++)
        if (w->on[k] && !w->baseline[k])
            return;
    for (size_t i = 0; i < w->n; i++) {
        const struct wobj *o = w->objs[i];

        if (o->gone)
            continue;
        if (!o->read || (o->w->type == T_HOST && !o->alive_known))
            return;
        live++;
    }
    w->ready = true;
    if (!w->s->debug)
        return;
    session_zk_applied(w->s, &events, &zxid);
    fprintf(stderr, "midosh: watch: following %zu objects; events: %lu applied, last zxid "
            "0x%llx\n", live, events, (unsigned long long)zxid);
}

static long value_of(const struct command *cmd, const char *name)
{
    for (size_t i = 0; i < cmd->nvalues; i++)
        if (!strcmp(cmd->values[i].attr->name, name))
            return strtol(cmd->values[i].text, NULL, 10);
    return 0;
}

/*
 * The dialect decides where watch looks: learn it from the API (when there is one; else
 * 1.9's layout), and refuse a type the server does not have, as any command does.
 */
static enum status watch_dialect(struct session *s, const struct command *cmd)
{
    if (s->api && !s->dialect)
        exec_learn_dialect(s, 3000);
    for (size_t i = 0; i < cmd->npath; i++) {
        const struct type *t = cmd->path[i].type;

        if (s->dialect && !schema_type_shown(t))
            return fail(ST_FAILED, "'%s' objects exist in MidoNet %s only; the API speaks %s",
                        t->name, schema_dialect_name(schema_type_dialects(t)),
                        schema_dialect_name(s->dialect));
    }
    return ST_OK;
}

/*
 * Which of followed_types w follows: those cmd names, else all of the dialect's, each by
 * its directory in the dialect's layout. A type named that the layout does not keep is
 * warned about. False when nothing at all is followed.
 */
static bool choose_types(struct watch *w, const struct command *cmd)
{
    unsigned dialect = schema_dialect() ? schema_dialect() : D_19;
    bool named = false, any = false;

    for (size_t k = 0; k < ARRAY_SIZE(followed_types); k++) {
        w->wd[k].type = followed_types[k];
        w->wd[k].dir = zk_type_dir(followed_types[k]);
        for (size_t i = 0; i < cmd->npath; i++)
            if (cmd->path[i].type->id == followed_types[k])
                named = w->on[k] = true;
    }
    for (size_t k = 0; k < ARRAY_SIZE(followed_types); k++) {
        const struct type *t = schema_type(followed_types[k]);

        if (!named)
            w->on[k] = (schema_type_dialects(t) & dialect) != 0;
        if (w->on[k] && !w->wd[k].dir) {
            if (named)
                warning("watch: MidoNet %s's layout keeps no %s: not followed",
                        schema_dialect_name(dialect), t->plural);
            w->on[k] = false;
        }
        any |= w->on[k];
    }
    return any;
}

enum status verb_watch(struct run *r)
{
    struct session *s = r->s;
    const struct command *cmd = r->cmd;
    struct watch w = { .r = r, .s = s, .index = STRMAP_INIT, .alive = STRMAP_INIT };
    long timeout_ms = value_of(cmd, "timeout") * 1000;
    double deadline = monotonic_now() + timeout_ms / 1000.0;
    enum status st = ST_OK;

    if ((st = need_zk(s, "watch")) != ST_OK)
        return st;
    w.count = value_of(cmd, "count");
    if ((st = watch_dialect(s, cmd)) != ST_OK)
        return st;
    if (settle(s) != ZK_CONNECTED)
        return fail(ST_UNREACHABLE, "cannot watch: zookeeper at '%s' is unreachable",
                    zk_hosts(s->zk));
    if (!choose_types(&w, cmd))
        return fail(ST_FAILED, "cannot watch: MidoNet %s's layout keeps none of the types "
                    "asked for", schema_dialect_name(schema_dialect() ? schema_dialect() : D_19));
    session_listen(s, on_event, &w);
    for (size_t k = 0; k < ARRAY_SIZE(followed_types); k++)
        if (w.on[k])
            zk_reread(s->zk, ZKW_CHILDREN, w.wd[k].dir);
    if (s->interrupt)
        *s->interrupt = 0;
    while (!(w.count && w.taken >= w.count) && !interrupted(s)) {
        struct pollfd pfd = { .fd = zk_fd(s->zk), .events = POLLIN };
        long wait = 200;

        if (timeout_ms) {
            double left = (deadline - monotonic_now()) * 1000;

            if (left <= 0)
                break;
            if (left < wait)
                wait = (long)left + 1;
        }
        poll(&pfd, 1, (int)wait);
        session_sync(s);
        check_ready(&w);
        print_events(&w);
    }
    session_listen(s, NULL, NULL);
    print_events(&w);
    if (w.count && w.taken < w.count && !interrupted(s)) {
        error("watch: %ld of %ld events in %ld s", w.taken, w.count, timeout_ms / 1000);
        st = ST_FAILED;
    }
    if (s->interrupt)
        *s->interrupt = 0;
    for (size_t i = 0; i < w.n; i++) {
        free(w.objs[i]->id);
        json_decref(w.objs[i]->form);
        free(w.objs[i]);
    }
    free(w.objs);
    free(w.events);
    strmap_release(&w.index);
    strmap_release(&w.alive);
    return st;
}

/* ---- zk ---------------------------------------------------------------------------- */

/* The value of "key: value" (srvr) or "key\tvalue" (mntr) lines, or NULL. The caller's. */
static char *field(const char *text, const char *key)
{
    size_t len = strlen(key);

    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (!strncmp(p, key, len) && (p[len] == ':' || p[len] == '\t')) {
            const char *v = p + len + 1;

            v += strspn(v, " \t");
            return xstrndup(v, strcspn(v, "\r\n"));
        }
    }
    return NULL;
}

/* srvr's field, else mntr's name for it. The caller's, or NULL. */
static char *either(const char *srvr, const char *key, const char *mntr, const char *mkey)
{
    char *v = field(srvr, key);

    return v ? v : field(mntr, mkey);
}

static void put(json_t *o, const char *key, char *value)
{
    if (value)
        json_object_set_new(o, key, json_string(value));
    free(value);
}

/* One server's figures, from srvr, with mntr's names where srvr has none. */
static json_t *server_info(const char *server, struct strbuf *why)
{
    struct strbuf srvr = STRBUF_INIT, mntr = STRBUF_INIT;
    json_t *o = json_object();
    char *version, *lat;

    json_object_set_new(o, "server", json_string(server));
    if (zk_four_letter(server, "srvr", FOUR_LETTER_TIMEOUT_MS, &srvr) < 0) {
        strbuf_addstr(why, srvr.buf);
        goto out;
    }
    if (zk_four_letter(server, "mntr", FOUR_LETTER_TIMEOUT_MS, &mntr) < 0)
        strbuf_reset(&mntr);
    if (!strstr(srvr.buf, "Mode:") && !strstr(mntr.buf, "zk_server_state")) {
        strbuf_addstr(why, "no answer to srvr or mntr (are they in 4lw.commands.whitelist?)");
        goto out;
    }
    put(o, "mode", either(srvr.buf, "Mode", mntr.buf, "zk_server_state"));
    version = either(srvr.buf, "Zookeeper version", mntr.buf, "zk_version");
    if (version && strstr(version, ", built on"))
        *strstr(version, ", built on") = '\0';
    put(o, "version", version);
    lat = field(srvr.buf, "Latency min/avg/max");
    if (!lat) {
        char *mn = field(mntr.buf, "zk_min_latency"), *av = field(mntr.buf, "zk_avg_latency");
        char *mx = field(mntr.buf, "zk_max_latency");

        if (mn && av && mx)
            lat = xasprintf("%s/%s/%s", mn, av, mx);
        free(mn);
        free(av);
        free(mx);
    }
    put(o, "latency", lat);
    put(o, "outstanding", either(srvr.buf, "Outstanding", mntr.buf, "zk_outstanding_requests"));
    put(o, "nodes", either(srvr.buf, "Node count", mntr.buf, "zk_znode_count"));
    put(o, "connections", either(srvr.buf, "Connections", mntr.buf, "zk_num_alive_connections"));
out:
    if (why->len)
        json_object_set_new(o, "error", json_string(why->buf));
    strbuf_release(&srvr);
    strbuf_release(&mntr);
    return o;
}

static void text_field(struct strbuf *out, const json_t *o, const char *key, const char *label,
                       const char *unit)
{
    const char *v = json_string_value(json_object_get(o, key));

    if (v)
        strbuf_addf(out, "%s: %s%s\n", label, v, unit);
}

enum status verb_zk(struct run *r)
{
    struct session *s = r->s;
    struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
    json_t *doc = json_object(), *servers = json_array(), *session = json_object();
    char **hosts = NULL;
    size_t n = 0;
    enum status st;
    enum zk_state zs;
    int64_t id, zxid;
    unsigned long events;
    char *hex;
    int timeout;
    bool answered = false, all = true;

    if ((st = need_zk(s, "zk")) != ST_OK)
        goto out;
    n = zk_split_hosts(zk_hosts(s->zk), &hosts);
    for (size_t i = 0; i < n; i++) {
        json_t *o;

        strbuf_reset(&why);
        o = server_info(hosts[i], &why);
        json_array_append_new(servers, o);
        answered |= !why.len;
        all &= !why.len;
        strbuf_addf(&out, "server: %s\n", hosts[i]);
        if (why.len) {
            strbuf_addf(&out, "state: unreachable (%s)\n", why.buf);
            continue;
        }
        text_field(&out, o, "mode", "mode", "");
        text_field(&out, o, "version", "version", "");
        text_field(&out, o, "latency", "latency", " ms (min/avg/max)");
        text_field(&out, o, "outstanding", "outstanding", "");
        text_field(&out, o, "nodes", "nodes", "");
        text_field(&out, o, "connections", "connections", "");
    }
    /* Only now: the servers' answers took time the session may have used to come up. */
    zs = settle(s);
    json_object_set_new(session, "state", json_string(state_word(zs)));
    strbuf_addf(&out, "session: %s", state_word(zs));
    if (zk_session_info(s->zk, &id, &timeout)) {
        hex = xasprintf("0x%llx", (unsigned long long)id);

        json_object_set_new(session, "id", json_string(hex));
        json_object_set_new(session, "timeout_ms", json_integer(timeout));
        strbuf_addf(&out, " (id %s, timeout %d ms)", hex, timeout);
        free(hex);
    }
    session_zk_applied(s, &events, &zxid);
    hex = xasprintf("0x%llx", (unsigned long long)zxid);
    json_object_set_new(session, "events", json_integer((json_int_t)events));
    json_object_set_new(session, "zxid", json_string(hex));
    strbuf_addf(&out, "\nevents: %lu applied, last zxid %s", events, hex);
    free(hex);
    strbuf_addf(&out, "\nroot: %s\n", zk_root(s->zk));
    json_object_set_new(doc, "servers", json_incref(servers));
    json_object_set_new(doc, "session", json_incref(session));
    json_object_set_new(doc, "root", json_string(zk_root(s->zk)));
    if (s->output == OUT_JSON) {
        char *text = json_dumps(doc, JSON_INDENT(2));

        fprintf(s->out, "%s\n", text);
        free(text);
    } else {
        fputs(out.buf, s->out);
    }
    if (!all)
        st = fail(ST_UNREACHABLE, "zookeeper at '%s': %s", zk_hosts(s->zk),
                  answered ? "some servers are unreachable" : "no server answers");
out:
    for (size_t i = 0; hosts && i < n; i++)
        free(hosts[i]);
    free(hosts);
    json_decref(doc);
    json_decref(servers);
    json_decref(session);
    strbuf_release(&out);
    strbuf_release(&why);
    return st;
}

/* ---- doctor ------------------------------------------------------------------------- */

enum verdict { V_OK, V_WARN, V_FAIL };

struct doctor {
    struct run *r;
    struct session *s;
    json_t *lines;              /* for -o json */
    bool failed;
};

static void say(struct doctor *d, enum verdict v, const char *check, const char *hint,
                const char *fmt, ...) PRINTF_LIKE(5, 6);
static void say(struct doctor *d, enum verdict v, const char *check, const char *hint,
                const char *fmt, ...)
{
    static const char *const words[] = { "ok", "warn", "fail" };
    struct strbuf msg = STRBUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    strbuf_vaddf(&msg, fmt, ap);
    va_end(ap);
    if (v == V_FAIL)
        d->failed = true;
    if (d->s->output == OUT_JSON) {
        json_t *o = json_pack("{ssssss}", "status", words[v], "check", check, "message", msg.buf);

        if (hint)
            json_object_set_new(o, "hint", json_string(hint));
        json_array_append_new(d->lines, o);
    } else {
        fprintf(d->s->out, "%-4s  %s: %s%s%s\n", words[v], check, msg.buf, hint ? "; hint: " : "",
                hint ? hint : "");
    }
    strbuf_release(&msg);
}

/* GET a root collection (or singleton) of type t. *out is the caller's, NULL on failure. */
static enum api_status get_root(struct doctor *d, enum type_id id, json_t **out,
                                struct api_response *resp)
{
    const struct type *t = schema_type(id);
    char *uri = d->s->ops->root_uri(d->s->backend, t->root_key, NULL);
    struct strbuf media = STRBUF_INIT;
    enum api_status st;

    *out = NULL;
    if (!uri) {
        resp->message = xasprintf("the API offers no %s", t->plural);
        return API_FAILED;
    }
    schema_get_media(t, &media);
    st = d->s->ops->get(d->s->backend, uri, NULL, media.buf, resp);
    if (st == API_OK)
        *out = json_incref(resp->body);
    strbuf_release(&media);
    free(uri);
    return st;
}

static enum api_status get_uri(struct doctor *d, const char *uri, enum type_id id, json_t **out)
{
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum api_status st;

    schema_list_media(schema_type(id), &media);
    st = d->s->ops->get(d->s->backend, uri, NULL, media.buf, &resp);
    *out = st == API_OK ? json_incref(resp.body) : NULL;
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The string member key of o, or def when it has none. */
static const char *str_or(const json_t *o, const char *key, const char *def)
{
    const char *v = str(o, key);

    return v ? v : def;
}

/*
 * The handle of the object id among list (objects of type id), as list prints it: quoted
 * when it needs it, so that a line's hint runs as it is pasted.
 */
static void doctor_handle(struct doctor *d, enum type_id type, const json_t *list,
                          const char *id, struct strbuf *out)
{
    struct strbuf raw = STRBUF_INIT;

    error_set_quiet(true);
    handle_among(schema_type(type), list, id, handle_ref, d->r, &raw);
    error_set_quiet(false);
    lex_quote(out, raw.buf);
    strbuf_release(&raw);
}

static const json_t *host_by_id(const json_t *hosts, const char *id)
{
    const json_t *o;
    size_t i;

    json_array_foreach(hosts, i, o)
        if (id && str(o, "id") && !strcmp(str(o, "id"), id))
            return o;
    return NULL;
}

static void check_zookeeper(struct doctor *d)
{
    struct session *s = d->s;
    char **hosts = NULL;
    size_t n, good = 0;
    struct strbuf bad = STRBUF_INIT;

    if (!s->zk) {
        say(d, V_WARN, "zookeeper",
            "give --zookeeper HOSTS for a coherent cache, liveness and watch",
            "not configured");
        return;
    }
    n = zk_split_hosts(zk_hosts(s->zk), &hosts);
    for (size_t i = 0; i < n; i++) {
        struct strbuf ans = STRBUF_INIT;

        if (zk_four_letter(hosts[i], "ruok", FOUR_LETTER_TIMEOUT_MS, &ans) == 0 &&
            !strcmp(ans.buf, "imok"))
            good++;
        else
            strbuf_addf(&bad, "%s%s (%s)", bad.len ? ", " : "", hosts[i],
                        ans.len ? ans.buf : "no answer to ruok");
        strbuf_release(&ans);
        free(hosts[i]);
    }
    free(hosts);
    if (!good)
        say(d, V_FAIL, "zookeeper", "start ZooKeeper, or check --zookeeper",
            "'%s' is unreachable: %s", zk_hosts(s->zk), bad.buf);
    else if (bad.len)
        say(d, V_WARN, "zookeeper", "restart the servers that do not answer",
            "%zu of %zu servers answer; not %s", good, n, bad.buf);
    else
        say(d, V_OK, "zookeeper", NULL, "%zu of %zu server%s answer%s ruok", good, n,
            n == 1 ? "" : "s", n == 1 ? "s" : "");
    strbuf_release(&bad);
}

/* The API: reachable, authenticated, its version and the system state. False: stop here. */
static bool check_api(struct doctor *d)
{
    struct api_response resp = { 0 };
    const json_t *root;
    json_t *state = NULL;
    enum api_status st = d->s->ops->root(d->s->backend, &root, &resp);
    const char *doing = "cannot read the API root";
    const char *version;
    bool ok = false;

    if (st == API_OK) {
        api_response_release(&resp);
        session_root_seen(d->s, root);
        st = get_root(d, T_SYSTEM_STATE, &state, &resp);
        doing = "cannot read the system state";
    }
    if (st == API_UNREACHABLE || st == API_INTERRUPTED) {
        say(d, V_FAIL, "api", "is the API server up? check --midonet-url",
            "cannot reach the API: %s",
            resp.message ? resp.message : "no answer");
        goto out;
    }
    if (st == API_AUTH || resp.status == 401 || resp.status == 403) {
        say(d, V_FAIL, "api", "check the user, password and project (-u, -p, -i)",
            "authentication failed: %s", resp.message ? resp.message : "refused");
        goto out;
    }
    if (st != API_OK) {
        say(d, V_FAIL, "api", "check --midonet-url", "%s: %s", doing,
            resp.message ? resp.message : "refused");
        goto out;
    }
    say(d, V_OK, "api", NULL, "%s answers, authenticated", str_or(root, "uri", "the API"));
    version = str(root, "version");
    if (d->s->root_dialect && d->s->root_dialect != d->s->dialect)
        say(d, V_WARN, "api version", "leave out --api-version, or give the one the API speaks",
            "%s: MidoNet %s's root document, spoken to as %s (%s)", version ? version : "unknown",
            schema_dialect_name(d->s->root_dialect), schema_dialect_name(d->s->dialect),
            d->s->dialect_why);
    else if (d->s->root_dialect)
        say(d, V_OK, "api version", NULL, "%s: MidoNet %s (from %s)", version ? version : "unknown",
            schema_dialect_name(d->s->dialect), d->s->dialect_why);
    else
        say(d, V_WARN, "api version", "give --api-version 1.9 or 5", "%s: %s",
            version ? version : "unknown", d->s->dialect_why);
    if (str(state, "availability") && !strcmp(str(state, "availability"), "READONLY"))
        say(d, V_WARN, "system state", "set system-state availability READWRITE when done",
            "the topology is read-only");
    else if (str(state, "state") && !strcmp(str(state, "state"), "UPGRADE"))
        say(d, V_WARN, "system state", "set system-state state ACTIVE when the upgrade is done",
            "an upgrade is in progress");
    else
        say(d, V_OK, "system state", NULL, "%s, %s", str_or(state, "state", "?"),
            str_or(state, "availability", "?"));
    ok = true;
out:
    json_decref(state);
    api_response_release(&resp);
    return ok;
}

/*
 * Each configured API server, when there are several (--midonet-url A,B): midosh fails
 * over to the next one, so one that does not answer is a warning, none a failure (the
 * "api" check has said so already when the one in use does not answer either).
 */
static void check_api_servers(struct doctor *d)
{
    struct api *api = d->s->api;
    struct strbuf bad = STRBUF_INIT, versions = STRBUF_INIT;
    size_t n = api ? api_server_count(api) : 0, good = 0;

    if (n < 2)
        return;
    for (size_t i = 0; i < n; i++) {
        struct api_response resp = { 0 };
        char *version = NULL;

        if (api_probe(api, i, &version, &resp) == API_OK) {
            good++;
            strbuf_addf(&versions, "%s%s %s", versions.len ? ", " : "", api_server_url(api, i),
                        version ? version : "(no version)");
        } else {
            strbuf_addf(&bad, "%s%s (%s)", bad.len ? ", " : "", api_server_url(api, i),
                        resp.message ? resp.message : "no answer");
        }
        free(version);
        api_response_release(&resp);
    }
    if (!good)
        say(d, V_FAIL, "api servers", "is any API server up? check --midonet-url",
            "none of %zu servers answers: %s", n, bad.buf);
    else if (bad.len)
        say(d, V_WARN, "api servers", "start the servers that do not answer, or drop them from "
            "--midonet-url", "%zu of %zu servers answer; not %s", good, n, bad.buf);
    else
        say(d, V_OK, "api servers", NULL, "%zu of %zu servers answer: %s", good, n, versions.buf);
    strbuf_release(&bad);
    strbuf_release(&versions);
}

/* A list the doctor needs; a failure to read it is a failed check. */
static json_t *need_list(struct doctor *d, enum type_id id, const char *check)
{
    struct api_response resp = { 0 };
    json_t *list = NULL;

    if (get_root(d, id, &list, &resp) != API_OK || !json_is_array(list)) {
        say(d, V_FAIL, check, NULL, "cannot list %s: %s", schema_type(id)->plural,
            resp.message ? resp.message : "not a list");
        json_decref(list);
        list = NULL;
    }
    api_response_release(&resp);
    return list;
}

static void check_hosts(struct doctor *d, const json_t *hosts, const json_t *zones)
{
    struct strbuf h = STRBUF_INIT, hint = STRBUF_INIT;
    const json_t *host, *zone;
    size_t i, j, alive = 0, problems = 0;
    json_t **members = xcalloc(json_array_size(zones) + 1, sizeof(*members));

    json_array_foreach(hosts, i, host) {
        if (json_is_true(json_object_get(host, "alive"))) {
            alive++;
            continue;
        }
        strbuf_reset(&h);
        doctor_handle(d, T_HOST, hosts, str_or(host, "id", "?"), &h);
        strbuf_reset(&hint);
        strbuf_addf(&hint, "start midolman on %s, or delete host %s if it is gone", h.buf, h.buf);
        say(d, V_WARN, "hosts", hint.buf, "host %s is not alive", h.buf);
    }
    if (!json_array_size(hosts))
        say(d, V_WARN, "hosts", "start midolman on the hosts", "no host is registered");
    else if (alive == json_array_size(hosts))
        say(d, V_OK, "hosts", NULL, "%zu of %zu alive", alive, json_array_size(hosts));

    json_array_foreach(zones, j, zone) {
        const char *uri = str(zone, "hosts");

        if (uri)
            get_uri(d, uri, T_TZ_MEMBER, &members[j]);
        if (!json_array_size(members[j])) {
            strbuf_reset(&h);
            doctor_handle(d, T_TUNNEL_ZONE, zones, str_or(zone, "id", "?"), &h);
            strbuf_reset(&hint);
            strbuf_addf(&hint, "tunnel-zone %s add member host HOST address IP", h.buf);
            say(d, V_WARN, "tunnel zones", hint.buf, "tunnel zone %s has no members", h.buf);
            problems++;
        }
    }
    if (json_array_size(zones) && !problems)
        say(d, V_OK, "tunnel zones", NULL, "%zu, each with members", json_array_size(zones));
    if (!json_array_size(zones))
        say(d, V_WARN, "tunnel zones", "tunnel-zone create name NAME type gre", "none");
    problems = 0;
    json_array_foreach(hosts, i, host) {
        bool member = false;

        if (!json_is_true(json_object_get(host, "alive")))
            continue;
        for (j = 0; j < json_array_size(zones) && !member; j++) {
            const json_t *m;
            size_t k;

            json_array_foreach(members[j], k, m)
                member = member || (str(m, "hostId") && str(host, "id") &&
                                    !strcmp(str(m, "hostId"), str(host, "id")));
        }
        if (member)
            continue;
        strbuf_reset(&h);
        doctor_handle(d, T_HOST, hosts, str_or(host, "id", "?"), &h);
        strbuf_reset(&hint);
        strbuf_addf(&hint, "tunnel-zone ZONE add member host %s address IP", h.buf);
        say(d, V_FAIL, "membership", hint.buf,
            "host %s is in no tunnel zone: its ports cannot be bound",
            h.buf);
        problems++;
    }
    if (alive && !problems)
        say(d, V_OK, "membership", NULL, "every alive host is in a tunnel zone");
    for (j = 0; j < json_array_size(zones); j++)
        json_decref(members[j]);
    free(members);
    strbuf_release(&h);
    strbuf_release(&hint);
}

static void check_bindings(struct doctor *d, const json_t *hosts, const json_t *ports)
{
    struct strbuf h = STRBUF_INIT, hint = STRBUF_INIT, ph = STRBUF_INIT;
    const json_t *port;
    size_t i, bound = 0, problems = 0;

    json_array_foreach(ports, i, port) {
        const char *hid = str(port, "hostId");
        const json_t *host = host_by_id(hosts, hid);
        const char *id = str_or(port, "id", "?");

        if (!hid)
            continue;
        bound++;
        if (host && json_is_true(json_object_get(host, "alive")))
            continue;
        strbuf_reset(&h);
        doctor_handle(d, T_HOST, hosts, hid, &h);
        strbuf_reset(&hint);
        strbuf_addf(&hint, "start midolman on %s, or host %s binding interface %s delete", h.buf,
                    h.buf,
                    str_or(port, "interfaceName", "IFACE"));
        strbuf_reset(&ph);
        doctor_handle(d, T_PORT, ports, id, &ph);
        say(d, V_FAIL, "bindings", hint.buf, "port %s is bound to %s host %s", ph.buf,
            host ? "dead" : "unknown", h.buf);
        problems++;
    }
    if (!problems)
        say(d, V_OK, "bindings", NULL, "%zu bound port%s, every host alive", bound,
            bound == 1 ? "" : "s");
    strbuf_release(&h);
    strbuf_release(&hint);
    strbuf_release(&ph);
}

static void check_versions(struct doctor *d, const json_t *hosts)
{
    struct api_response resp = { 0 };
    json_t *wv = NULL, *versions = NULL;
    const json_t *v;
    const char *want;
    size_t i, problems = 0;
    struct strbuf h = STRBUF_INIT;

    if (get_root(d, T_WRITE_VERSION, &wv, &resp) != API_OK || !(want = str(wv, "version"))) {
        say(d, V_FAIL, "versions", NULL, "cannot read the write version: %s",
            resp.message ? resp.message : "no version");
        goto out;
    }
    api_response_release(&resp);
    if (!(versions = need_list(d, T_HOST_VERSION, "versions")))
        goto out;
    json_array_foreach(versions, i, v) {
        if (str(v, "version") && !strcmp(str(v, "version"), want))
            continue;
        strbuf_reset(&h);
        doctor_handle(d, T_HOST, hosts, str_or(v, "hostId", "?"), &h);
        say(d, V_FAIL, "versions", "upgrade midolman on the host, or set write-version",
            "host %s runs %s, the write version is %s", h.buf, str_or(v, "version", "?"), want);
        problems++;
    }
    if (!problems)
        say(d, V_OK, "versions", NULL, "write version %s, and %zu host%s at it", want,
            json_array_size(versions), json_array_size(versions) == 1 ? "" : "s");
out:
    api_response_release(&resp);
    json_decref(wv);
    json_decref(versions);
    strbuf_release(&h);
}

/* Append item to a list of them, comma-separated. */
static void add_item(struct strbuf *list, const char *item)
{
    strbuf_addf(list, "%s%s", list->len ? ", " : "", item);
}

/* Where MidoNet keeps its root: midosh's default is 1.9's, whatever the dialect. */
#define ROOT_HINT "--zk-root names MidoNet's root (midosh's default: /midonet/v1, 1.9's; " \
                  "MidoNet 5.x keeps /midonet by default)"

/*
 * The coherent cache: for each type of the connected dialect, whether ZooKeeper follows it
 * (its directory in that dialect's layout is there under the root) or the age rule applies
 * (doc/cache.md). Only with ZooKeeper: without it, the zookeeper line says so.
 */
static void check_cache(struct doctor *d)
{
    struct session *s = d->s;
    struct strbuf seen = STRBUF_INIT, missing = STRBUF_INIT, absent = STRBUF_INIT;
    struct strbuf never = STRBUF_INIT, age = STRBUF_INIT, msg = STRBUF_INIT;
    struct strmap probed = STRMAP_INIT;     /* directory -> 1 there, 0 not, 2 not known */
    const char *layout = s->dialect == D_5 ? "5.x's (zoom/0/models)" : "1.9's";
    unsigned dialect = s->dialect ? s->dialect : D_19;
    bool unknown = false;
    int root = -1;

    if (!s->zk)
        return;
    if (s->max_age < 0)
        strbuf_addstr(&age, "for the whole run");
    else
        strbuf_addf(&age, "for %g s", s->max_age);
    if (settle(s) != ZK_CONNECTED || (root = zk_exists_now(s->zk, "/")) != 1) {
        say(d, V_WARN, "cache", ROOT_HINT, "nothing is followed (%s): every list is trusted %s "
            "(the age rule)", zk_state(s->zk) != ZK_CONNECTED ? "ZooKeeper unreachable" :
            root == 0 ? "no such root" : "the root could not be read", age.buf);
        goto out;
    }
    for (int id = 0; id < T_COUNT; id++) {
        const struct type *t = schema_type((enum type_id)id);
        const char *dir = zk_type_dir(t->id);
        size_t there;

        if (!(schema_type_dialects(t) & dialect))
            continue;
        if (!zk_type_followed(t->id)) {
            add_item(&never, t->plural);
            continue;
        }
        /* A child type (a bridge's DHCP subnets) goes with its parent's directory. */
        if (!dir)
            continue;
        if (!strmap_get(&probed, dir, &there)) {
            int rc = zk_exists_now(s->zk, dir);

            there = rc < 0 ? 2 : (size_t)rc;
            strmap_put(&probed, dir, there);
            if (there == 0)
                add_item(&absent, dir);
        }
        unknown |= there == 2;
        add_item(there == 1 ? &seen : &missing, t->plural);
    }
    strbuf_addf(&msg, "%s layout under %s: watched: %s", layout, zk_root(s->zk),
                seen.len ? seen.buf : "nothing");
    if (missing.len)
        strbuf_addf(&msg, "; not there (%s), so the age rule (trusted %s): %s",
                    absent.len ? absent.buf : "not known", age.buf, missing.buf);
    if (never.len)
        strbuf_addf(&msg, "; not in that layout, so the age rule: %s", never.buf);
    if (missing.len || unknown)
        say(d, V_WARN, "cache", ROOT_HINT, "%s", msg.buf);
    else
        say(d, V_OK, "cache", NULL, "%s", msg.buf);
out:
    strmap_release(&probed);
    strbuf_release(&seen);
    strbuf_release(&missing);
    strbuf_release(&absent);
    strbuf_release(&never);
    strbuf_release(&age);
    strbuf_release(&msg);
}

enum status verb_doctor(struct run *r)
{
    struct session *s = r->s;
    struct doctor d = { .r = r, .s = s, .lines = json_array() };
    json_t *hosts = NULL, *zones = NULL, *ports = NULL;
    enum status st = ST_OK;
    bool api_ok;

    api_ok = check_api(&d);
    check_api_servers(&d);
    check_zookeeper(&d);
    if (!api_ok) {
        st = ST_UNREACHABLE;
        goto out;
    }
    if ((hosts = need_list(&d, T_HOST, "hosts")) &&
        (zones = need_list(&d, T_TUNNEL_ZONE, "tunnel zones")))
        check_hosts(&d, hosts, zones);
    if (hosts && (ports = need_list(&d, T_PORT, "bindings")))
        check_bindings(&d, hosts, ports);
    check_cache(&d);
    /* 5.x has no write version and no host versions. */
    if (hosts && s->dialect != D_5)
        check_versions(&d, hosts);
    st = d.failed ? ST_FAILED : ST_OK;
out:
    if (s->output == OUT_JSON) {
        char *text = json_dumps(d.lines, JSON_INDENT(2));

        fprintf(s->out, "%s\n", text);
        free(text);
    }
    if (st == ST_OK && d.failed)
        st = ST_FAILED;
    json_decref(hosts);
    json_decref(zones);
    json_decref(ports);
    json_decref(d.lines);
    return st;
}
