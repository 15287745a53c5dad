/*
 * dump: the virtual topology as a midosh script that recreates it.
 *
 * The objects are read through the same fetches as `list` (one GET per collection, fresh),
 * then written as create lines in dependency order: hosts (named, never created: they come
 * from their agents), tunnel zones and members, chains (empty), health monitors, load
 * balancers with their pools, members and VIPs, routers with their ports, routes and BGP,
 * bridges with their ports and DHCP, the links the port creates could not make, port groups,
 * IP address groups, the rules of each chain in position order, host bindings, VTEPs and
 * their bindings; from a 5.x server then its own types (doc/dump.md). Which attributes a
 * create line gives, and in which order, is the schema
 * table's (parser/schema.c): every attribute that is not read-only, in print order; links
 * (a port's peer) inline when the peer exists already, else as `set peer` afterwards;
 * what routers, bridges and ports name of 5.x's own types (their mirrors and QoS policy)
 * on `set` lines after those types' creates.
 *
 * Left out: what the server makes by itself (a router port's LOCAL route to its own
 * address, learned routes, a bridge's VXLAN ports, which VTEP bindings make), and what is
 * not configuration (MAC and ARP table entries, trace requests); the script says so in a
 * comment where it leaves something out.
 *
 * Naming: an object is written by its name when that is unique among its kind; otherwise,
 * and for objects without names (load balancers, pools, health monitors, BGP sessions,
 * bridge ports something refers to), the create line ends in `as @TYPE-N` and later lines
 * say @TYPE-N (shell/run.c). N counts in the script's order, and objects are sorted by
 * what they hold, not by id, so that the dump of a restored topology is the same text.
 * --keep-ids adds `id UUID` to the creates of types that take a client-given id
 * (TF_CLIENT_ID). --for writes for the other dialect (doc/dump.md, "Across dialects").
 */
#include "shell/verb.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/strmap.h"
#include "parser/lexer.h"
#include "shell/fetch.h"
#include "shell/handle.h"
#include "shell/resolve.h"

#define NONE ((size_t)-1)

struct dobj {
    const struct type *t;       /* concrete type */
    json_t *o;                  /* a reference of our own */
    size_t parent;              /* index, or NONE */
    char *alias;                /* "port-3" when the script names it `as @port-3`, or NULL */
    char *handle;               /* how later lines name it, once written (NULL before) */
    char *local;                /* how a path under its parent names it */
    char *sortkey;
    size_t order;               /* the API's order, to keep sorting stable */
    bool selected;              /* part of what is dumped */
    bool referenced;            /* some other object refers to it */
    bool linked;                /* its peer link is written already */
    struct strbuf referrers;    /* who names it by a late reference, in order */
};

struct dump {
    struct run *r;
    struct dobj *v;
    size_t n, alloc;
    struct strmap ids;          /* id -> index */
    struct strmap counters;     /* type name -> last N of its aliases */
    bool keep_ids;
    unsigned dialect;           /* what the script is for (enum dialect): its words */
    unsigned server;            /* the API's dialect */
    size_t untranslated;        /* what --for 5 could not say, told on stderr */
    bool part;                  /* dump TYPE REF...: only the parts named */
    struct strbuf out;
};

/* The root types a dump walks, in the order their creates can run (5.x's own last: they
 * name ports and port groups; only read from a 5.x server). */
static const enum type_id roots[] = {
    T_HOST, T_TUNNEL_ZONE, T_CHAIN, T_HEALTH_MONITOR, T_LOAD_BALANCER, T_ROUTER, T_BRIDGE,
    T_PORT_GROUP, T_IP_GROUP, T_VTEP, T_QOS_POLICY, T_MIRROR, T_L2INSERTION, T_CONTAINER_GROUP,
    T_CONTAINER,
};

static const char *id_of(const struct dobj *d)
{
    return schema_object_id(d->t, d->o);
}

static struct dobj *find(struct dump *d, const char *id)
{
    size_t i;

    return id && strmap_get(&d->ids, id, &i) ? &d->v[i] : NULL;
}

/* name, else natural key, else "" */
static void stable_name(struct dump *d, const struct dobj *o, struct strbuf *out)
{
    const char *name = schema_object_name(o->t, o->o);

    if (o->parent != NONE) {
        stable_name(d, &d->v[o->parent], out);
        strbuf_addch(out, ':');
    }
    if (name)
        strbuf_addstr(out, name);
    else
        schema_object_key(o->t, o->o, out);
}

/* A ref_handle_fn writing referenced objects by their stable names (for sorting). */
static void stable_ref(void *ctx, const struct attr *a, const char *id, struct strbuf *out)
{
    struct dump *d = ctx;
    struct dobj *o = find(d, id);

    (void)a;
    if (o)
        stable_name(d, o, out);
    else
        strbuf_addch(out, '?');
}

/* What an object holds, as text with references by ref: the order objects are written in. */
static char *sort_key(struct dump *d, const struct type *t, json_t *o, ref_handle_fn ref)
{
    struct strbuf sb = STRBUF_INIT;
    const char *name = schema_object_name(t, o);
    const json_t *peer = json_object_get(o, "peerId");

    strbuf_addstr(&sb, name ? name : "");
    strbuf_addch(&sb, '\x01');
    for (const struct attr *a = t->attrs; a->name; a++) {
        if (!strcmp(a->name, "id") || (a->flags & A_HIDDEN))
            continue;
        format_field(a, o, ref, d, &sb);
        strbuf_addch(&sb, '\x01');
    }
    if (json_is_string(peer))
        ref(d, NULL, json_string_value(peer), &sb);
    return strbuf_detach(&sb);
}

static size_t add(struct dump *d, const struct type *t, json_t *o, size_t parent, size_t order)
{
    struct dobj *x;
    const char *id;

    ALLOC_GROW(d->v, d->n + 1, d->alloc);
    x = &d->v[d->n];
    memset(x, 0, sizeof(*x));
    strbuf_init(&x->referrers);
    x->t = schema_variant(t, o);
    x->o = json_incref(o);
    x->parent = parent;
    x->order = order;
    x->selected = parent == NONE ? !d->part : d->v[parent].selected;
    if ((id = id_of(x)))
        strmap_put(&d->ids, id, d->n);
    return d->n++;
}

static int by_key(const void *a, const void *b)
{
    const struct dobj *x = a, *y = b;
    int c = strcmp(x->sortkey, y->sortkey);

    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Read t's collection under parent (NONE: the root), sorted; [*first, d->n) are its objects. */
static enum status collect(struct dump *d, size_t parent, const struct type *t, size_t *first)
{
    struct target pt = { 0 };
    struct cache_coll *e;
    enum status st;

    *first = d->n;
    if (parent != NONE) {
        pt.type = d->v[parent].t;
        pt.obj = d->v[parent].o;
    }
    st = fetch_under(d->r, parent != NONE ? &pt : NULL, t, true, &e);
    if (st != ST_OK)
        return st;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);

        /* A container of a group is its group's child, not a root. */
        if (parent == NONE && t->id == T_CONTAINER &&
            json_is_string(json_object_get(o, "serviceGroupId")))
            continue;
        add(d, t, o, parent, i);
    }
    for (size_t i = *first; i < d->n; i++)
        d->v[i].sortkey = sort_key(d, d->v[i].t, d->v[i].o, stable_ref);
    /* d->v is still NULL when the first collection is empty; objects named by their
     * position (a mirror's conditions) are written in their order. */
    if (d->n > *first && !(t->flags & TF_EMBEDDED))
        qsort(d->v + *first, d->n - *first, sizeof(*d->v), by_key);
    for (size_t i = *first; i < d->n; i++) {
        const char *id = id_of(&d->v[i]);

        if (id)
            strmap_put(&d->ids, id, i);
    }
    return ST_OK;
}

/* Every child collection of object i that a dump writes, recursively. */
static enum status collect_children(struct dump *d, size_t i)
{
    const struct type *t = d->v[i].t;
    enum status st = ST_OK;

    for (const struct child *c = t->children; c->uri_key && st == ST_OK; c++) {
        size_t first, last;

        if (c->list_only || c->type == T_MAC_ENTRY || c->type == T_ARP_ENTRY ||
            (schema_type(c->type)->flags & TF_NOCREATE))
            continue;   /* learned, or what nothing creates (a host's interfaces, a VTEP's
                         * ports) */
        if (!json_is_string(json_object_get(d->v[i].o, c->uri_key)) &&
            !(schema_type(c->type)->flags & TF_EMBEDDED))
            continue;
        if ((st = collect(d, i, schema_type(c->type), &first)) != ST_OK)
            break;
        last = d->n;
        for (size_t k = first; k < last && st == ST_OK; k++)
            st = collect_children(d, k);
    }
    return st;
}

/* ---- names ----------------------------------------------------------------------- */

static bool name_taken(struct dump *d, const struct dobj *o, const char *name)
{
    for (size_t i = 0; i < d->n; i++) {
        const char *other = schema_object_name(d->v[i].t, d->v[i].o);

        if (&d->v[i] != o && d->v[i].t->id == o->t->id && d->v[i].parent == o->parent && other &&
            !strcmp(other, name))
            return true;
    }
    return false;
}

static bool key_taken(struct dump *d, const struct dobj *o, const char *key)
{
    struct strbuf k = STRBUF_INIT;
    bool taken = false;

    for (size_t i = 0; i < d->n && !taken; i++) {
        if (&d->v[i] == o || d->v[i].t->id != o->t->id || d->v[i].parent != o->parent)
            continue;
        strbuf_reset(&k);
        taken = schema_object_key(d->v[i].t, d->v[i].o, &k) && !strcmp(k.buf, key);
    }
    strbuf_release(&k);
    return taken;
}

/* A name a script can use for the object: not empty, not an id, no '@' or ':' to misread. */
static bool usable_name(const char *name)
{
    return name && *name && name[0] != '@' && !strchr(name, ':') && !resolve_is_id_prefix(name);
}

/* Decide how the script names object o, when its create is written. */
static void name_object(struct dump *d, struct dobj *o)
{
    const char *name = schema_object_name(o->t, o->o);
    struct strbuf key = STRBUF_INIT, h = STRBUF_INIT;
    bool has_key = schema_object_key(o->t, o->o, &key);
    bool alias = false;
    struct dobj *p = o->parent != NONE ? &d->v[o->parent] : NULL;

    if (o->handle) {
        strbuf_release(&key);
        return;
    }
    switch (o->t->id) {
    case T_ROUTER_PORT:
        alias = !has_key || key_taken(d, o, key.buf) || (p && p->alias);
        break;
    case T_BRIDGE_PORT:
        alias = o->referenced;
        break;
    case T_BGP:
        alias = json_is_string(json_object_get(o->o, "adRoutes"));
        break;
    default:
        if (o->t->name_key)
            alias = !usable_name(name) || name_taken(d, o, name);
        else if (o->t->id_key && !has_key)
            alias = o->t->flags & TF_ROOT;
        else if (o->t->id_key)
            alias = key_taken(d, o, key.buf);
    }
    if (alias && o->t->id_key) {
        size_t n = 0;

        strmap_get(&d->counters, o->t->name, &n);
        strmap_put(&d->counters, o->t->name, ++n);
        o->alias = xasprintf("%s-%zu", o->t->name, n);
        strbuf_addf(&h, "@%s", o->alias);
        o->local = xstrdup(h.buf);
    } else if (o->t->name_key && usable_name(name)) {
        strbuf_addstr(&h, name);
        o->local = xstrdup(name);
    } else if (has_key) {
        o->local = xstrdup(key.buf);
        if (o->t->id == T_ROUTER_PORT && p)
            strbuf_addf(&h, "%s:", p->handle);
        strbuf_addstr(&h, key.buf);
    } else {
        strbuf_addstr(&h, id_of(o) ? id_of(o) : "");
        o->local = xstrdup(h.buf);
    }
    o->handle = strbuf_detach(&h);
    strbuf_release(&key);
}

/* A word of the script: an @alias as it is (run.c expands only unquoted ones), else quoted. */
static void add_word(struct strbuf *out, const char *word)
{
    if (word[0] == '@')
        strbuf_addstr(out, word);
    else
        lex_quote(out, word);
}

/* The path that names o in a command: "router r1 port 10.0.0.1". */
static void add_path(struct dump *d, const struct dobj *o, struct strbuf *out)
{
    if (o->parent != NONE) {
        add_path(d, &d->v[o->parent], out);
        strbuf_addf(out, " %s ", o->t->name);
        add_word(out, o->local);
    } else {
        strbuf_addf(out, "%s ", o->t->name);
        add_word(out, o->handle);
    }
}

/* How attribute a of the object being written names the object id (a ref_handle_fn). */
static void ref_word(void *ctx, const struct attr *a, const char *id, struct strbuf *out)
{
    struct dump *d = ctx;
    struct dobj *o = find(d, id);

    if (o && o->handle) {
        add_word(out, a && (a->flags & A_PARENT_SCOPE) ? o->local : o->handle);
    } else {
        /* Not in this dump (a part's neighbour): by its handle where it is now. */
        struct strbuf h = STRBUF_INIT;

        handle_ref(d->r, a, id, &h);
        lex_quote(out, h.buf);
        strbuf_release(&h);
    }
}

/* Attribute a's value in o as a script word; false when it has none. */
static bool value_word(struct dump *d, const struct attr *a, json_t *o, struct strbuf *out)
{
    struct strbuf raw = STRBUF_INIT;
    bool present = schema_format_value(a, o, &raw);

    if (present && schema_is_ref(a)) {
        const char *p = raw.buf;

        if (*p == '!') {
            strbuf_addch(out, '!');
            p++;
        }
        format_refs(a, p, ref_word, d, out);
    } else if (present) {
        lex_quote(out, raw.buf);
    }
    strbuf_release(&raw);
    return present;
}

/* The referenced object of a link attribute, when its create was written already. */
static struct dobj *written_peer(struct dump *d, const struct dobj *o, const struct attr *a)
{
    struct dobj *peer = find(d, json_string_value(schema_json_value(a, o->o)));

    return peer && peer->handle ? peer : NULL;
}

static void untranslated(struct dump *d, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* A second name of an attribute written under its first (as-number for asn). */
static bool alias_attr(const struct type *t, const struct attr *a)
{
    if (!(a->flags & A_HIDDEN))
        return false;
    for (const struct attr *b = t->attrs; b != a; b++)
        if (!strcmp(b->key, a->key))
            return true;
    return false;
}

/* Does o hold a late reference (set later, or said to have no equivalent by --for 1.9)? */
static bool holds_late_ref(const struct dobj *o)
{
    struct strbuf raw = STRBUF_INIT;
    bool any = false;

    for (const struct attr *a = o->t->attrs; a->name && !any; a++)
        any = schema_is_late_ref(o->t, a) && schema_format_value(a, o->o, &raw);
    strbuf_release(&raw);
    return any;
}

/*
 * A 5.x router port holds its address twice: portAddress/networkAddress and portSubnet.
 * One address is written as address and net, several as addresses alone.
 */
static bool addresses_written(const struct dobj *o, const struct attr *a)
{
    const json_t *list = json_object_get(o->o, "portSubnet");
    bool several = json_array_size(list) > 1;

    if (!strcmp(a->name, "addresses") && a->kind == K_CIDR_LIST)
        return several;
    return !(several && a->unless && !strcmp(a->unless, "addresses"));
}

/*
 * An attribute the other dialect's line cannot say, told after it: set in a script for the
 * other dialect, and not none (a 5.x router's asn 0 is none, an empty list of mirrors none;
 * one address is address and net).
 */
static bool left_out(const struct dump *d, const struct dobj *o, const struct attr *a)
{
    const json_t *v = schema_json_value(a, o->o);

    return !(schema_attr_dialects(a) & d->dialect) && schema_attr_dialects(a) != D_ALL &&
           d->dialect != d->server && !(a->flags & A_HIDDEN) && !(a->flags & A_RO) &&
           v && !json_is_null(v) && addresses_written(o, a) &&
           !(json_is_integer(v) && !json_integer_value(v)) &&
           !(json_is_array(v) && !json_array_size(v));
}

/* The create line of object i (named first), with its attributes in the schema's order. */
static void write_create(struct dump *d, size_t i)
{
    struct dobj *o = &d->v[i];
    const struct dobj *p = o->parent != NONE ? &d->v[o->parent] : NULL;
    const char *pid = p ? id_of(p) : NULL;
    struct strbuf *out = &d->out, foreign = STRBUF_INIT;
    size_t mark;

    name_object(d, o);
    mark = out->len;
    if (p) {
        add_path(d, p, out);
        strbuf_addf(out, " add %s", o->t->name);
    } else {
        strbuf_addf(out, "create %s", o->t->name);
    }
    for (const struct attr *a = o->t->attrs; a->name; a++) {
        bool is_id = o->t->id_key && !strcmp(a->key, o->t->id_key);
        struct strbuf w = STRBUF_INIT;
        const json_t *v = schema_json_value(a, o->o);
        struct dobj *peer;

        if (is_id ? !(d->keep_ids && (o->t->flags & TF_CLIENT_ID)) : (a->flags & A_RO) != 0)
            continue;
        if (!(schema_attr_dialects(a) & d->dialect) || alias_attr(o->t, a) ||
            !addresses_written(o, a) || schema_is_late_ref(o->t, a))
            continue;   /* the other dialect's, a second name of one written, said twice,
                         * or set once what it names exists (write_late_refs()) */
        if (a->kind == K_REF && pid && json_is_string(v) && !strcmp(json_string_value(v), pid))
            continue;   /* its parent: the path says it */
        if (json_is_string(v) && !*json_string_value(v) && !(a->flags & A_REQUIRED))
            continue;   /* an empty tenant */
        if (a->link_key) {
            if (!(peer = written_peer(d, o, a)))
                continue;
            peer->linked = o->linked = true;
        }
        if (value_word(d, a, o->o, &w)) {
            strbuf_addf(out, " %s %s", a->name, w.buf);
            if (!foreign.len && !(schema_value_dialects(a, w.buf) & d->dialect))
                strbuf_addf(&foreign, "%s %s", a->name, w.buf);
        }
        strbuf_release(&w);
    }
    if (o->alias)
        strbuf_addf(out, " as @%s", o->alias);
    strbuf_addch(out, '\n');
    if (foreign.len) {
        /* A value of the other dialect (an l2-transform rule for 1.9): the line, said. */
        char *line = xstrdup(out->buf + mark);

        strbuf_setlen(out, mark);
        untranslated(d, "%s %s's %s exists in MidoNet %s only: left out, as a comment below",
                     o->t->name, o->handle, foreign.buf,
                     schema_dialect_name(d->dialect == D_5 ? D_19 : D_5));
        strbuf_addf(out, "#   %s", line);
        free(line);
    }
    strbuf_release(&foreign);
    for (const struct attr *a = o->t->attrs; a->name; a++)
        if (left_out(d, o, a))
            untranslated(d, "%s %s's %s has no equivalent: left out", o->t->name, o->handle,
                         a->name);
}

/* ---- what is left out ------------------------------------------------------------ */

/*
 * A route the server made: learned, or a router port's LOCAL route to its own address
 * (5.x says Local, one per address of the port; 1.9 lists it as Normal).
 */
static bool server_route(struct dump *d, const struct dobj *o)
{
    const json_t *r = o->o;
    const char *type = json_string_value(json_object_get(r, "type"));
    struct dobj *port = find(d, json_string_value(json_object_get(r, "nextHopPort")));
    const char *dst = json_string_value(json_object_get(r, "dstNetworkAddr"));
    const char *paddr = port ? json_string_value(json_object_get(port->o, "portAddress")) : NULL;

    if (json_is_true(json_object_get(r, "learned")) || (type && !strcmp(type, "Local")))
        return true;
    return port && port->parent == o->parent && dst && paddr && !strcmp(dst, paddr) &&
           json_integer_value(json_object_get(r, "dstNetworkLength")) == 32 &&
           json_integer_value(json_object_get(r, "srcNetworkLength")) == 0 &&
           json_integer_value(json_object_get(r, "weight")) == 0 &&
           !json_is_string(json_object_get(r, "nextHopGateway"));
}

/* ---- the script ------------------------------------------------------------------ */

/* The children of i of type t, in order: [*first, *last) of d->v (empty when none). */
static void children_of(struct dump *d, size_t i, enum type_id t, size_t *first, size_t *last)
{
    *first = *last = d->n;
    for (size_t k = 0; k < d->n; k++) {
        if (d->v[k].parent != i || d->v[k].t->id != t)
            continue;
        if (*first == d->n)
            *first = k;
        *last = k + 1;
    }
}

static void comment_out(struct dump *d, size_t mark, const struct type *t, size_t n);

/* Write the creates of i's children of type t, and what hangs off each (depth first). */
static void write_children(struct dump *d, size_t i, enum type_id t)
{
    size_t first, last, mark = d->out.len, n = 0;
    /* A type the script's dialect lacks under a parent it has. */
    bool foreign = !(schema_type_dialects(schema_type(t)) & d->dialect) &&
                   (schema_type_dialects(d->v[i].t) & d->dialect);

    if (foreign && t != T_REMOTE_PEER)
        return;         /* 1.9's port BGP in a script for 5.x: its router says it (a 5.x
                         * type's children under it are written, to be commented out) */
    children_of(d, i, t, &first, &last);
    for (size_t k = first; k < last; k++) {
        if (d->v[k].t->id != t)
            continue;
        write_create(d, k);
        n++;
        for (const struct child *c = d->v[k].t->children; c->uri_key; c++)
            if (!c->list_only)
                write_children(d, k, c->type);
    }
    if (foreign && n)
        comment_out(d, mark, schema_type(t), n);    /* a router port's remote peers */
}

/* "# router r1": the comment that starts an object's section (the object is named first). */
static void section(struct dump *d, struct dobj *o, const char *what)
{
    name_object(d, o);
    strbuf_addf(&d->out, "\n# %s %s%s\n", o->t->name, o->handle, what);
}

/* ---- 1.9 to 5.x ------------------------------------------------------------------ */

/* A line the script for another dialect cannot say: a comment, and a warning on stderr. */
static void untranslated(struct dump *d, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void untranslated(struct dump *d, const char *fmt, ...)
{
    char line[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    strbuf_addf(&d->out, "# not for MidoNet %s: %s\n", schema_dialect_name(d->dialect), line);
    warning("dump --for %s: %s", d->dialect == D_5 ? "5" : "1.9", line);
    d->untranslated++;
}

/* The 1.9 BGP sessions on the ports of router i, as indexes into d->v. */
static size_t router_bgps(struct dump *d, size_t i, size_t *out, size_t max)
{
    size_t n = 0;

    for (size_t k = 0; k < d->n; k++) {
        size_t port = d->v[k].parent;

        if (d->v[k].t->id == T_BGP && port != NONE && d->v[port].parent == i && n < max)
            out[n++] = k;
    }
    return n;
}

/*
 * --for 5 from a 1.9 server: 5.x holds BGP on the router, one AS for all its peers and
 * one set of advertised networks for all of them (as MidoNet's own 1.9 to 5.0 migrator
 * does: a router whose sessions have different local ASes is left out, and the
 * sessions' advertised routes are merged). Before the router's create: its asn.
 */
static bool translate_router_asn(struct dump *d, size_t i)
{
    size_t bgps[64], n = router_bgps(d, i, bgps, ARRAY_SIZE(bgps));
    json_int_t as;
    json_t *copy;

    if (!n || d->server != D_19 || d->dialect != D_5)
        return true;
    as = json_integer_value(json_object_get(d->v[bgps[0]].o, "localAS"));
    for (size_t k = 1; k < n; k++)
        if (json_integer_value(json_object_get(d->v[bgps[k]].o, "localAS")) != as)
            return false;
    copy = json_deep_copy(d->v[i].o);
    json_object_set_new(copy, "asNumber", json_integer(as));
    json_decref(d->v[i].o);
    d->v[i].o = copy;
    return true;
}

/* ... and after its ports and routes: a peer per session, a network per advertised route. */
static void translate_router_bgp(struct dump *d, size_t i, bool one_as)
{
    size_t bgps[64], n = router_bgps(d, i, bgps, ARRAY_SIZE(bgps));
    const struct attr *net = schema_attr(schema_type(T_AD_ROUTE), "net");
    struct strbuf seen = STRBUF_INIT, w = STRBUF_INIT, first = STRBUF_INIT;
    bool differ = false;

    if (!n || d->server != D_19 || d->dialect != D_5)
        return;
    if (!one_as) {
        untranslated(d, "router %s has BGP sessions with different local ASes; a 5.x router "
                     "has one AS: its %zu session%s left out", d->v[i].handle, n,
                     n == 1 ? "" : "s");
        for (size_t k = 0; k < n; k++)
            strbuf_addf(&d->out, "#   port %s: local-AS %lld peer-AS %lld peer %s\n",
                        d->v[d->v[bgps[k]].parent].local,
                        (long long)json_integer_value(json_object_get(d->v[bgps[k]].o, "localAS")),
                        (long long)json_integer_value(json_object_get(d->v[bgps[k]].o, "peerAS")),
                        json_string_value(json_object_get(d->v[bgps[k]].o, "peerAddr")));
        return;
    }
    strbuf_addch(&seen, '\n');
    for (size_t k = 0; k < n; k++) {
        const json_t *b = d->v[bgps[k]].o;
        size_t rf, rl;
        struct strbuf mine = STRBUF_INIT;

        add_path(d, &d->v[i], &d->out);
        strbuf_addstr(&d->out, " add bgp-peer");
        /* --keep-ids: the peer keeps the session's id (a 5.x BgpPeer takes a given id). */
        if (d->keep_ids && (schema_type(T_BGP_PEER)->flags & TF_CLIENT_ID) &&
            id_of(&d->v[bgps[k]]))
            strbuf_addf(&d->out, " id %s", id_of(&d->v[bgps[k]]));
        strbuf_addf(&d->out, " asn %lld address ",
                    (long long)json_integer_value(json_object_get(b, "peerAS")));
        lex_quote(&d->out, json_string_value(json_object_get(b, "peerAddr")));
        strbuf_addch(&d->out, '\n');
        children_of(d, bgps[k], T_AD_ROUTE, &rf, &rl);
        for (size_t r = rf; r < rl; r++) {
            char *needle;

            strbuf_reset(&w);
            if (d->v[r].t->id != T_AD_ROUTE || !schema_format_value(net, d->v[r].o, &w))
                continue;
            strbuf_addf(&mine, "%s\n", w.buf);
            needle = xasprintf("\n%s\n", w.buf);
            if (!strstr(seen.buf, needle))
                strbuf_addf(&seen, "%s\n", w.buf);
            free(needle);
        }
        if (!k)
            strbuf_addstr(&first, mine.buf);
        else if (strcmp(first.buf, mine.buf))
            differ = true;
        strbuf_release(&mine);
    }
    if (differ)
        untranslated(d, "router %s's BGP sessions advertise different routes; a 5.x router "
                     "advertises the same networks to all its peers: they are merged",
                     d->v[i].handle);
    for (const char *p = seen.buf + 1; *p;) {
        const char *nl = strchr(p, '\n');

        add_path(d, &d->v[i], &d->out);
        strbuf_addstr(&d->out, " add bgp-network net ");
        strbuf_add(&d->out, p, (size_t)(nl - p));
        strbuf_addch(&d->out, '\n');
        p = nl + 1;
    }
    strbuf_release(&seen);
    strbuf_release(&w);
    strbuf_release(&first);
}

/* ---- 5.x to 1.9 ------------------------------------------------------------------ */

/*
 * --for 1.9 from a 5.x server: a 1.9 BGP session is a router port's, its local AS the
 * router's. Before the router's create: its AS, taken off the router when its peers will
 * carry it (0 when there is nothing to translate).
 */
static json_int_t take_router_asn(struct dump *d, size_t i)
{
    size_t first, last;
    json_int_t as = json_integer_value(json_object_get(d->v[i].o, "asNumber"));
    json_t *copy;

    if (d->server != D_5 || d->dialect != D_19)
        return 0;
    children_of(d, i, T_BGP_PEER, &first, &last);
    if (first == last || !as)
        return 0;
    copy = json_deep_copy(d->v[i].o);
    json_object_del(copy, "asNumber");
    json_decref(d->v[i].o);
    d->v[i].o = copy;
    return as;
}

/* The port of router i whose network holds IPv4 address addr, or NONE. */
static size_t port_on(struct dump *d, size_t i, const char *addr)
{
    struct in_addr a, n;

    if (!addr || inet_pton(AF_INET, addr, &a) != 1)
        return NONE;
    for (size_t k = 0; k < d->n; k++) {
        const json_t *p = d->v[k].o;
        const char *net = json_string_value(json_object_get(p, "networkAddress"));
        json_int_t len = json_integer_value(json_object_get(p, "networkLength"));
        uint32_t mask = len <= 0 ? 0 : len >= 32 ? 0xffffffffu : ~(0xffffffffu >> len);

        if (d->v[k].parent != i || d->v[k].t->id != T_ROUTER_PORT || !net ||
            inet_pton(AF_INET, net, &n) != 1)
            continue;
        if (((ntohl(a.s_addr) ^ ntohl(n.s_addr)) & mask) == 0)
            return k;
    }
    return NONE;
}

/*
 * ... and after its ports: a session per peer, on the port whose network holds the peer,
 * each advertising every network the router advertises. A 5.x peer's timers and password
 * have no 1.9 equivalent: said, and left out.
 */
static void translate_router_peers(struct dump *d, size_t i, json_int_t as)
{
    static const char *const timers[] = { "keep-alive", "hold-time", "connect-retry",
                                          "password" };
    const struct type *pt = schema_type(T_BGP_PEER);
    const struct attr *net = schema_attr(schema_type(T_BGP_NETWORK), "net");
    size_t first, last, nf, nl;
    struct strbuf w = STRBUF_INIT, lost = STRBUF_INIT;

    if (d->server != D_5 || d->dialect != D_19)
        return;
    children_of(d, i, T_BGP_PEER, &first, &last);
    children_of(d, i, T_BGP_NETWORK, &nf, &nl);
    if (first < last && !as)
        untranslated(d, "router %s has BGP peers but no AS number: they are left out",
                     d->v[i].handle);
    for (size_t k = first; k < last && as; k++) {
        const json_t *b = d->v[k].o;
        const char *addr = json_string_value(json_object_get(b, "address"));
        size_t port = d->v[k].t->id == T_BGP_PEER ? port_on(d, i, addr) : NONE;
        size_t n = 0;
        char *alias;

        if (d->v[k].t->id != T_BGP_PEER)
            continue;
        if (port == NONE) {
            untranslated(d, "router %s's BGP peer %s is on none of its ports' networks: left "
                         "out", d->v[i].handle, addr ? addr : "?");
            continue;
        }
        strbuf_reset(&lost);
        for (size_t t = 0; t < ARRAY_SIZE(timers); t++) {
            strbuf_reset(&w);
            if (value_word(d, schema_attr(pt, timers[t]), d->v[k].o, &w))
                strbuf_addf(&lost, "%s%s %s", lost.len ? ", " : "", timers[t],
                            strcmp(timers[t], "password") ? w.buf : "(not shown)");
        }
        if (lost.len)
            untranslated(d, "router %s's BGP peer %s: %s: left out", d->v[i].handle, addr,
                         lost.buf);
        strmap_get(&d->counters, "bgp", &n);
        strmap_put(&d->counters, "bgp", ++n);
        alias = xasprintf("@bgp-%zu", n);
        add_path(d, &d->v[port], &d->out);
        strbuf_addstr(&d->out, " add bgp");
        if (d->keep_ids && id_of(&d->v[k]))
            strbuf_addf(&d->out, " id %s", id_of(&d->v[k]));
        strbuf_addf(&d->out, " local-AS %lld peer-AS %lld peer %s as %s\n", (long long)as,
                    (long long)json_integer_value(json_object_get(b, "asNumber")), addr, alias);
        for (size_t r = nf; r < nl; r++) {
            strbuf_reset(&w);
            if (d->v[r].t->id != T_BGP_NETWORK || !schema_format_value(net, d->v[r].o, &w))
                continue;
            add_path(d, &d->v[port], &d->out);
            strbuf_addf(&d->out, " bgp %s add route net %s\n", alias, w.buf);
        }
        free(alias);
    }
    strbuf_release(&w);
    strbuf_release(&lost);
}

static void write_router(struct dump *d, size_t i)
{
    size_t first, last, skipped = 0;
    bool one_as;
    json_int_t as;

    section(d, &d->v[i], "");
    one_as = translate_router_asn(d, i);
    as = take_router_asn(d, i);
    write_create(d, i);
    write_children(d, i, T_ROUTER_PORT);
    children_of(d, i, T_ROUTE, &first, &last);
    for (size_t k = first; k < last; k++) {
        if (d->v[k].t->id != T_ROUTE)
            continue;
        if (server_route(d, &d->v[k]))
            skipped++;
        else
            write_create(d, k);
    }
    if (skipped)
        strbuf_addf(&d->out, "# %zu route%s the server made (its ports' own addresses, learned "
                    "routes) left out\n", skipped, skipped == 1 ? "" : "s");
    /* 1.9's BGP sessions hang off the ports, written above with them; 5.x's are the
     * router's peers and networks. */
    write_children(d, i, T_BGP_PEER);
    write_children(d, i, T_BGP_NETWORK);
    translate_router_bgp(d, i, one_as);
    translate_router_peers(d, i, as);
}

static void write_bridge(struct dump *d, size_t i)
{
    size_t first, last, vxlan = 0;

    section(d, &d->v[i], "");
    write_create(d, i);
    children_of(d, i, T_BRIDGE_PORT, &first, &last);
    for (size_t k = first; k < last; k++) {
        const char *type = json_string_value(json_object_get(d->v[k].o, "type"));

        if (d->v[k].t->id != T_BRIDGE_PORT)
            continue;
        if (type && !strcmp(type, "Vxlan"))
            vxlan++;
        else
            write_create(d, k);
    }
    if (vxlan)
        strbuf_addf(&d->out, "# %zu VXLAN port%s left out: the VTEP bindings below make them\n",
                    vxlan, vxlan == 1 ? "" : "s");
    write_children(d, i, T_DHCP_SUBNET);
}

/* Links neither port's create could make (router to router, bridge to bridge). */
static void write_links(struct dump *d)
{
    const struct attr *peer = schema_attr(schema_type(T_BRIDGE_PORT), "peer");
    bool any = false;

    for (size_t i = 0; i < d->n; i++) {
        struct dobj *o = &d->v[i], *q;

        if (!o->selected || o->linked || !o->handle ||
            (o->t->id != T_BRIDGE_PORT && o->t->id != T_ROUTER_PORT))
            continue;
        if (!(q = find(d, json_string_value(json_object_get(o->o, "peerId")))))
            continue;
        if (!any)
            strbuf_addstr(&d->out, "\n# links between ports\n");
        any = true;
        if (!q->handle) {
            struct strbuf h = STRBUF_INIT;

            handle_ref(d->r, peer, id_of(q), &h);
            strbuf_addf(&d->out, "# port %s is linked to port %s, outside this dump\n",
                        o->handle, h.buf);
            strbuf_release(&h);
            continue;
        }
        o->linked = q->linked = true;
        strbuf_addstr(&d->out, "port ");
        add_word(&d->out, o->handle);
        strbuf_addstr(&d->out, " set peer ");
        ref_word(d, peer, id_of(q), &d->out);
        strbuf_addch(&d->out, '\n');
    }
}

/* Mark what other objects refer to (bridge ports are named for them only then). */
static void mark_referenced(struct dump *d)
{
    struct strbuf raw = STRBUF_INIT;

    for (size_t i = 0; i < d->n; i++) {
        /* Named by the line that sets its late references (write_late_refs()), or by
         * the comment that says a script for 1.9 cannot. */
        if (holds_late_ref(&d->v[i]))
            d->v[i].referenced = true;
        for (const struct attr *a = d->v[i].t->attrs; a->name; a++) {
            const char *p;

            if (!schema_is_ref(a) || (a->flags & A_RO))
                continue;
            strbuf_reset(&raw);
            if (!schema_format_value(a, d->v[i].o, &raw))
                continue;
            for (p = raw.buf[0] == '!' ? raw.buf + 1 : raw.buf; *p;) {
                const char *comma = strchr(p, ',');
                char *id = xstrndup(p, comma ? (size_t)(comma - p) : strlen(p));
                struct dobj *o = find(d, id);

                /* A bridge port's peer is written by the bridge port itself. */
                if (o && !(a->link_key && d->v[i].t->id == T_BRIDGE_PORT))
                    o->referenced = true;
                free(id);
                if (!comma)
                    break;
                p = comma + 1;
            }
        }
    }
    strbuf_release(&raw);
}

static void write_header(struct dump *d)
{
    struct session *s = d->r->s;
    const char *url = s->api ? api_server_url(s->api, api_server_current(s->api)) : NULL;
    char *shown = url ? api_redact_url(url) : NULL;
    char when[32] = "";
    time_t now = time(NULL);
    struct tm tm;

    if (gmtime_r(&now, &tm))
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    strbuf_addf(&d->out, "# midosh dump of %s (MidoNet API %s)\n# taken %s\n",
                shown ? shown : "the API", schema_dialect_name(d->server), when);
    if (d->dialect != d->server)
        strbuf_addf(&d->out, "# written for MidoNet %s (dump --for): what it cannot hold "
                    "is said in comments\n", schema_dialect_name(d->dialect));
    strbuf_addstr(&d->out, "# midosh -f FILE rebuilds it; as @NAME names an object for the "
                  "lines after it\n");
    if (d->keep_ids)
        strbuf_addstr(&d->out, "# --keep-ids: objects are created with the ids they have here.\n");
    if (d->keep_ids && d->server == D_19 && d->dialect == D_5)
        strbuf_addstr(&d->out, "# a BGP peer keeps its port session's id; a BGP network, which "
                      "merges the sessions' advertised routes, gets a new one\n");
    free(shown);
}

static void write_hosts(struct dump *d)
{
    struct strbuf other = STRBUF_INIT;    /* the other dialect's settings of a host */
    bool any = false;

    for (size_t i = 0; i < d->n; i++) {
        struct dobj *o = &d->v[i];
        struct strbuf w = STRBUF_INIT;

        if (o->t->id != T_HOST || o->parent != NONE)
            continue;
        name_object(d, o);
        if (!any)
            strbuf_addstr(&d->out, "\n# hosts come from their agents: named here, not created\n");
        any = true;
        strbuf_reset(&other);
        for (const struct attr *a = o->t->attrs; a->name; a++) {
            strbuf_reset(&w);
            if ((a->flags & A_RO) || !value_word(d, a, o->o, &w))
                continue;
            if (!(schema_attr_dialects(a) & d->dialect)) {
                strbuf_addf(&other, "%s%s %s", other.len ? ", " : "", a->name, w.buf);
                continue;
            }
            strbuf_addstr(&d->out, "host ");
            add_word(&d->out, o->handle);
            strbuf_addf(&d->out, " set %s %s\n", a->name, w.buf);
        }
        if (other.len)
            untranslated(d, "host %s's %s: left out", o->handle, other.buf);
        strbuf_release(&w);
    }
    strbuf_release(&other);
}

/* Write every selected top-level object of type t, one section each. */
static void write_roots(struct dump *d, enum type_id t)
{
    size_t chains = 0;

    for (size_t i = 0; i < d->n; i++) {
        struct dobj *o = &d->v[i];

        if (o->parent != NONE || o->t->id != t || !o->selected)
            continue;
        switch (t) {
        case T_ROUTER:
            write_router(d, i);
            break;
        case T_BRIDGE:
            write_bridge(d, i);
            break;
        case T_CHAIN:
            if (!chains++)
                strbuf_addstr(&d->out, "\n# chains (their rules follow, once what they "
                              "match exists)\n");
            write_create(d, i);
            break;
        default:
            section(d, o, "");
            write_create(d, i);
            for (const struct child *c = o->t->children; c->uri_key; c++)
                if (!c->list_only && c->type != T_BINDING)
                    write_children(d, i, c->type);
        }
    }
}

/* ---- 5.x's own types ------------------------------------------------------------ */

/* A ref_handle_fn for ordering: an object by its handle once written, else by its name. */
static void written_ref(void *ctx, const struct attr *a, const char *id, struct strbuf *out)
{
    struct dump *d = ctx;
    struct dobj *o = find(d, id);

    if (o && o->handle)
        strbuf_addstr(out, o->handle);
    else
        stable_ref(ctx, a, id, out);
}

static int by_sortkey(const void *a, const void *b)
{
    const struct dobj *const *x = a, *const *y = b;
    int c = strcmp((*x)->sortkey, (*y)->sortkey);

    return c ? c : ((*x)->order > (*y)->order) - ((*x)->order < (*y)->order);
}

/*
 * 5.x's types are named by what they refer to (a mirror by its port), and two bridge
 * ports alike have the same name until the script gives them @names: these objects are
 * ordered again once what they name is written, by its handles, and by their children.
 */
static size_t order_written(struct dump *d, enum type_id t, struct dobj ***out)
{
    struct dobj **v = NULL;
    size_t n = 0, alloc = 0;

    for (size_t i = 0; i < d->n; i++) {
        struct dobj *o = &d->v[i];
        struct strbuf key = STRBUF_INIT;
        char *own;

        if (o->parent != NONE || o->t->id != t || !o->selected)
            continue;
        own = sort_key(d, o->t, o->o, written_ref);
        strbuf_addstr(&key, own);
        strbuf_addstr(&key, o->referrers.buf);
        free(own);
        for (size_t k = i + 1; k < d->n; k++)
            if (d->v[k].parent == i)
                strbuf_addf(&key, "\x02%s", d->v[k].sortkey);
        free(o->sortkey);
        o->sortkey = strbuf_detach(&key);
        ALLOC_GROW(v, n + 1, alloc);
        v[n++] = o;
    }
    if (n)
        qsort(v, n, sizeof(*v), by_sortkey);
    *out = v;
    return n;
}

/* A script for 1.9 holds no 5.x type: the lines from mark on become comments. */
static void comment_out(struct dump *d, size_t mark, const struct type *t, size_t n)
{
    char *text = xstrdup(d->out.buf + mark);

    strbuf_setlen(&d->out, mark);
    untranslated(d, "%s objects exist in MidoNet 5.x only: %zu left out, as comments below",
                 t->name, n);
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);

        if (len)
            strbuf_addf(&d->out, "#   %.*s\n", (int)len, p);
        p += len + (nl != NULL);
    }
    free(text);
}

/* Who names an object by a late reference, noted on it (a ref_handle_fn; out unused). */
struct referrer {
    struct dump *d;
    const struct dobj *from;
    size_t nth;                 /* its place in the list that names it */
};

static void note_referrer(void *ctx, const struct attr *a, const char *id, struct strbuf *out)
{
    struct referrer *r = ctx;
    struct dobj *o = find(r->d, id);

    (void)out;
    if (o)
        strbuf_addf(&o->referrers, "\x03%s %s %zu", r->from->handle, a->name, r->nth);
    r->nth++;
}

/*
 * Note on each 5.x object who names it by a late reference (a mirror by the bridges and
 * ports it copies the traffic of): objects alike are told apart by it (order_written()).
 */
static void note_referrers(struct dump *d)
{
    struct strbuf raw = STRBUF_INIT, sink = STRBUF_INIT;

    for (size_t i = 0; i < d->n; i++) {
        const struct dobj *o = &d->v[i];

        if (!o->selected || !o->handle)
            continue;
        for (const struct attr *a = o->t->attrs; a->name; a++) {
            struct referrer r = { d, o, 0 };

            strbuf_reset(&raw);
            if (schema_is_late_ref(o->t, a) && schema_format_value(a, o->o, &raw))
                format_refs(a, raw.buf, note_referrer, &r, &sink);
        }
    }
    strbuf_release(&raw);
    strbuf_release(&sink);
}

/*
 * The late references of routers, bridges and ports (schema_is_late_ref()), set once the 5.x
 * objects they name exist: one set line per object, in the order they were read.
 */
static void write_late_refs(struct dump *d)
{
    struct strbuf line = STRBUF_INIT, w = STRBUF_INIT;
    bool any = false;

    for (size_t i = 0; i < d->n; i++) {
        struct dobj *o = &d->v[i];

        if (!o->selected || !o->handle)
            continue;
        strbuf_reset(&line);
        for (const struct attr *a = o->t->attrs; a->name; a++) {
            strbuf_reset(&w);
            if (schema_is_late_ref(o->t, a) && (schema_attr_dialects(a) & d->dialect) &&
                value_word(d, a, o->o, &w))
                strbuf_addf(&line, " %s %s", a->name, w.buf);
        }
        if (!line.len)
            continue;
        if (!any)
            strbuf_addstr(&d->out, "\n# the mirrors and QoS policies of routers, bridges and "
                          "ports, now that they exist\n");
        any = true;
        add_path(d, o, &d->out);
        strbuf_addf(&d->out, " set%s\n", line.buf);
    }
    strbuf_release(&line);
    strbuf_release(&w);
}

/*
 * 5.x's own top-level objects, after everything they may name: QoS policies with their
 * rules, mirrors, L2 insertions, container groups with their containers, and the
 * containers of no group. In a script for 1.9 they are comments.
 */
static void write_roots5(struct dump *d)
{
    static const struct {
        enum type_id t;
        const char *title;      /* one comment for all, or NULL: a section each */
    } kinds[] = {
        { T_QOS_POLICY, NULL },
        { T_MIRROR, "mirrors: copies of traffic sent to a port" },
        { T_L2INSERTION, "L2 insertions: service ports in the path of a port's traffic" },
        { T_CONTAINER_GROUP, NULL },
        { T_CONTAINER, "service containers of no group" },
    };
    bool containers = false;

    for (size_t i = 0; i < d->n; i++)
        containers |= d->v[i].t->id == T_CONTAINER && d->v[i].selected;
    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
        struct dobj **v;
        size_t n = order_written(d, kinds[k].t, &v), mark = d->out.len;

        if (n && kinds[k].t == T_CONTAINER_GROUP && containers)
            strbuf_addstr(&d->out, "\n# where a container runs (its host, namespace and "
                          "interface) and its status are the scheduler's: not written\n");
        if (n && kinds[k].title)
            strbuf_addf(&d->out, "\n# %s\n", kinds[k].title);
        for (size_t j = 0; j < n; j++) {
            size_t i = (size_t)(v[j] - d->v);

            if (!kinds[k].title)
                section(d, v[j], "");
            write_create(d, i);
            for (const struct child *c = v[j]->t->children; c->uri_key; c++)
                if (!c->list_only)
                    write_children(d, i, c->type);
        }
        if (n && !(schema_type_dialects(schema_type(kinds[k].t)) & d->dialect))
            comment_out(d, mark, schema_type(kinds[k].t), n);
        free(v);
    }
}

static void write_rules(struct dump *d)
{
    for (size_t i = 0; i < d->n; i++) {
        struct dobj *o = &d->v[i];
        size_t first, last;

        if (o->parent != NONE || o->t->id != T_CHAIN || !o->selected)
            continue;
        children_of(d, i, T_RULE, &first, &last);
        if (first == last)
            continue;
        section(d, o, ": its rules, in position order");
        write_children(d, i, T_RULE);
    }
}

static void write_bindings(struct dump *d)
{
    bool any = false;

    for (size_t i = 0; i < d->n; i++) {
        struct dobj *o = &d->v[i], *port;

        if (o->t->id != T_BINDING)
            continue;
        port = find(d, json_string_value(json_object_get(o->o, "portId")));
        if (!port || !port->handle)
            continue;   /* a part without the port */
        if (!any)
            strbuf_addstr(&d->out, "\n# ports bound to interfaces of hosts\n");
        any = true;
        write_create(d, i);
    }
}

/* Rules sort by position, not by what they hold. */
static int by_position(const void *a, const void *b)
{
    const struct dobj *x = a, *y = b;
    json_int_t p = json_integer_value(json_object_get(x->o, "position"));
    json_int_t q = json_integer_value(json_object_get(y->o, "position"));

    return (p > q) - (p < q);
}

static void sort_rules(struct dump *d)
{
    for (size_t i = 0; i < d->n; i++) {
        size_t first, last;

        if (d->v[i].t->id != T_CHAIN)
            continue;
        children_of(d, i, T_RULE, &first, &last);
        if (last > first) {
            qsort(d->v + first, last - first, sizeof(*d->v), by_position);
            for (size_t k = first; k < last; k++)
                strmap_put(&d->ids, id_of(&d->v[k]), k);
        }
    }
}

/* dump TYPE REF...: mark the objects named (and so what hangs off them). */
static enum status select_parts(struct dump *d)
{
    const struct command *cmd = d->r->cmd;

    for (size_t k = 0; k < cmd->npath; k++) {
        const struct step *s = &cmd->path[k];
        struct cache_coll *e;
        size_t idx;
        enum status st = fetch_under(d->r, NULL, s->type, false, &e);
        const char *id;

        if (st != ST_OK)
            return st;
        switch (resolve_in(d->r, e, s->ref, &idx)) {
        case FOUND:
            break;
        case NOT_FOUND:
            return fail(ST_FAILED, "%s '%s' not found", s->type->name, s->ref);
        default:
            return ST_FAILED;
        }
        id = schema_object_id(s->type, json_array_get(e->objects, idx));
        for (size_t i = 0; i < d->n; i++)
            if (d->v[i].parent == NONE && id && id_of(&d->v[i]) && !strcmp(id_of(&d->v[i]), id))
                d->v[i].selected = true;
    }
    /* Children follow their parents: they were added after them. */
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].parent != NONE)
            d->v[i].selected = d->v[d->v[i].parent].selected;
    return ST_OK;
}

enum status verb_dump(struct run *r)
{
    struct dump d = { .r = r, .out = STRBUF_INIT };
    enum status st = ST_OK;
    size_t traces = 0;
    const char *want;

    d.keep_ids = r->cmd->arg && strstr(r->cmd->arg, "--keep-ids");
    d.part = r->cmd->npath > 0;
    strmap_init(&d.ids);
    strmap_init(&d.counters);
    if ((st = fetch_dialect(r)) == ST_OK)
        d.server = d.dialect = r->s->dialect ? r->s->dialect : D_19;
    if (st == ST_OK && (want = r->cmd->arg ? strstr(r->cmd->arg, "--for ") : NULL))
        d.dialect = !strncmp(want + 6, "5", 1) ? D_5 : D_19;
    for (size_t k = 0; k < ARRAY_SIZE(roots) && st == ST_OK; k++) {
        size_t first, last;

        if (!(schema_type_dialects(schema_type(roots[k])) & d.server))
            continue;
        if ((st = collect(&d, NONE, schema_type(roots[k]), &first)) != ST_OK)
            break;
        last = d.n;
        for (size_t i = first; i < last && st == ST_OK; i++)
            if (roots[k] != T_HOST || !d.part)
                st = collect_children(&d, i);
    }
    if (st == ST_OK && !d.part) {
        struct cache_coll *e;

        if (fetch_under(r, NULL, schema_type(T_TRACE), true, &e) == ST_OK)
            traces = json_array_size(e->objects);
    }
    if (st == ST_OK && d.part)
        st = select_parts(&d);
    if (st != ST_OK)
        goto out;
    /* Hosts are always named by the script, selected or not. */
    sort_rules(&d);
    mark_referenced(&d);
    write_header(&d);
    if (!d.part)
        write_hosts(&d);
    else
        for (size_t i = 0; i < d.n; i++)
            if (d.v[i].t->id == T_HOST)
                name_object(&d, &d.v[i]);
    write_roots(&d, T_TUNNEL_ZONE);
    write_roots(&d, T_CHAIN);
    write_roots(&d, T_HEALTH_MONITOR);
    write_roots(&d, T_LOAD_BALANCER);
    write_roots(&d, T_ROUTER);
    write_roots(&d, T_BRIDGE);
    write_links(&d);
    write_roots(&d, T_PORT_GROUP);
    write_roots(&d, T_IP_GROUP);
    write_rules(&d);
    write_bindings(&d);
    write_roots(&d, T_VTEP);
    note_referrers(&d);
    write_roots5(&d);
    write_late_refs(&d);
    if (traces)
        strbuf_addf(&d.out, "\n# %zu trace request%s left out: they are diagnostics, not "
                    "topology\n", traces, traces == 1 ? "" : "s");
    if (!d.part)
        strbuf_addstr(&d.out, "\n# MAC and ARP table entries are left out: the bridges learn "
                      "them\n");
    run_emit(r, &d.out);
out:
    for (size_t i = 0; i < d.n; i++) {
        json_decref(d.v[i].o);
        free(d.v[i].alias);
        free(d.v[i].handle);
        free(d.v[i].local);
        free(d.v[i].sortkey);
        strbuf_release(&d.v[i].referrers);
    }
    free(d.v);
    strmap_release(&d.ids);
    strmap_release(&d.counters);
    strbuf_release(&d.out);
    return st;
}
