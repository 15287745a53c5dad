/*
 * graph [PATH]: the virtual topology as Graphviz DOT, for `dot -Tsvg`.
 *
 * Nodes: routers and bridges (boxes), their ports (ellipses, labelled with their handle and
 * a router port's network), hosts (components) and tunnel zones (hexagons). Edges: a device
 * to each of its ports, a port to its peer (bold, once per link), a port to the host it is
 * bound on (dashed, labelled with the interface), a tunnel zone to its members (dotted,
 * labelled with the tunnel address). Filters are labels: "in: CHAIN", "out: CHAIN" on the
 * device or port that has them. Every name in the DOT is a handle (shell/handle.h),
 * escaped for a terminal and quoted for DOT.
 *
 * Requests: one GET each for routers, bridges, ports, hosts, tunnel zones and chains (the
 * filters' names), and one per tunnel zone for its members; the cache serves what it holds.
 *
 * With PATH (a router, bridge, port, host or tunnel zone), only what is reachable from it:
 * from devices and ports through ports, links and bindings; a host reached is drawn with
 * its tunnel zones, and neither is followed further (every host shares a zone: it would
 * reach everything).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "shell/fetch.h"
#include "shell/handle.h"
#include "shell/verb.h"

/* What reachability goes on to from a node (but the start, which reaches its neighbours). */
enum gkind {
    G_DEVICE,           /* routers, bridges, ports: every neighbour */
    G_HOST,             /* its tunnel zones only */
    G_ZONE,             /* nothing */
};

struct gnode {
    char *id;
    const char *type;   /* router, bridge, port, host, tunnel-zone */
    char *label;        /* its lines, escaped for a terminal */
    const char *shape;  /* DOT's */
    enum gkind kind;
    bool reached;
};

/* What an edge stands for, with DOT's look of each. */
enum gedge_kind { E_PORT, E_LINK, E_BINDING, E_MEMBER };

static const struct {
    const char *name, *attrs;
} edge_kinds[] = {
    [E_PORT] = { "port", "" },
    [E_LINK] = { "link", "style=bold, color=\"#1f4e9a\"" },
    [E_BINDING] = { "binding", "style=dashed" },      /* label: the interface */
    [E_MEMBER] = { "member", "style=dotted" },        /* label: the member's address */
};

struct gedge {
    size_t a, b;        /* node indexes */
    enum gedge_kind kind;
    char *label;        /* NULL, or the server's text (not escaped) */
};

struct graph {
    struct run *r;
    struct gnode *nodes;
    size_t n, alloc;
    struct gedge *edges;
    size_t nedges, edges_alloc;
    struct strmap index;    /* id -> node index */
};

/*
 * A DOT string of text whose server parts were escaped already (strbuf_add_escaped()), so
 * that its only newlines are midosh's own line breaks: those become DOT's \n, and '"' and
 * '\' are escaped for DOT.
 */
static void dot_label(struct strbuf *out, const char *text)
{
    strbuf_addch(out, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            strbuf_addstr(out, "\\n");
            continue;
        }
        if (*p == '"' || *p == '\\')
            strbuf_addch(out, '\\');
        strbuf_addch(out, *p);
    }
    strbuf_addch(out, '"');
}

/* A DOT string of a server's text: escaped for a terminal, then for DOT. */
static void dot_quote(struct strbuf *out, const char *text)
{
    struct strbuf safe = STRBUF_INIT;

    strbuf_add_escaped(&safe, text);
    dot_label(out, safe.buf);
    strbuf_release(&safe);
}

/* A handle, escaped, appended to a label (handle_in() or handle_ref() writes it raw). */
static void add_handle(struct strbuf *label, struct strbuf *raw)
{
    strbuf_add_escaped(label, raw->buf);
    strbuf_reset(raw);
}

static size_t node_add(struct graph *g, const char *id, const char *type, const char *shape,
                       const char *label, enum gkind kind)
{
    size_t i;

    if (strmap_get(&g->index, id, &i))
        return i;
    ALLOC_GROW(g->nodes, g->n + 1, g->alloc);
    g->nodes[g->n] = (struct gnode){ .id = xstrdup(id), .type = type, .label = xstrdup(label),
                                     .shape = shape, .kind = kind };
    strmap_put(&g->index, id, g->n);
    return g->n++;
}

static void edge_add(struct graph *g, const char *a, const char *b, enum gedge_kind kind,
                     const char *label)
{
    size_t ia, ib;

    if (!a || !b || !strmap_get(&g->index, a, &ia) || !strmap_get(&g->index, b, &ib))
        return;
    ALLOC_GROW(g->edges, g->nedges + 1, g->edges_alloc);
    g->edges[g->nedges++] = (struct gedge){ ia, ib, kind, label ? xstrdup(label) : NULL };
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* "\nin: CHAIN" and "\nout: CHAIN" for the filters of o (a device or a port of type t). */
static void filters(struct graph *g, const struct type *t, const json_t *o, struct strbuf *label)
{
    static const char *const words[] = { "infilter", "outfilter" };

    for (size_t k = 0; k < ARRAY_SIZE(words); k++) {
        const struct attr *a = schema_attr(t, words[k]);
        const char *id = a ? str(o, a->key) : NULL;
        struct strbuf raw = STRBUF_INIT;

        if (!id)
            continue;
        strbuf_addf(label, "\n%s: ", k ? "out" : "in");
        handle_ref(g->r, a, id, &raw);
        add_handle(label, &raw);
        strbuf_release(&raw);
    }
}

/* Routers or bridges: a node each. */
static enum status devices(struct graph *g, enum type_id type)
{
    const struct type *t = schema_type(type);
    struct strbuf raw = STRBUF_INIT;
    struct strbuf label = STRBUF_INIT;
    struct cache_coll *e;
    enum status st;

    if ((st = fetch_under(g->r, NULL, t, false, &e)) != ST_OK)
        return st;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);

        strbuf_reset(&label);
        strbuf_addf(&label, "%s ", t->name);
        handle_in(e, i, handle_ref, g->r, &raw);
        add_handle(&label, &raw);
        filters(g, t, o, &label);
        if (str(o, "id"))
            node_add(g, str(o, "id"), t->name, type == T_ROUTER ? "box3d" : "box", label.buf,
                     G_DEVICE);
    }
    strbuf_release(&raw);
    strbuf_release(&label);
    return ST_OK;
}

/* Ports of the devices drawn, their links, and the hosts they are bound on. */
static enum status ports(struct graph *g)
{
    struct strbuf raw = STRBUF_INIT;
    struct strbuf label = STRBUF_INIT;
    struct cache_coll *e;
    enum status st;
    size_t k;

    if ((st = fetch_under(g->r, NULL, schema_type(T_PORT), false, &e)) != ST_OK)
        return st;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);
        const struct type *t = schema_variant(e->type, o);
        const char *id = str(o, "id"), *device = str(o, "deviceId");
        const char *address = str(o, "portAddress");

        if (!id || !device || !strmap_get(&g->index, device, &k))
            continue;
        strbuf_reset(&label);
        handle_in(e, i, handle_ref, g->r, &raw);
        add_handle(&label, &raw);
        if (address && t->id == T_ROUTER_PORT) {
            struct strbuf net = STRBUF_INIT;

            format_field(schema_attr(t, "net"), o, NULL, NULL, &net);
            strbuf_addf(&label, "\n%s", net.buf);
            strbuf_release(&net);
        }
        if (t->id == T_BRIDGE_PORT && json_integer_value(json_object_get(o, "vlanId")) > 0)
            strbuf_addf(&label, "\nvlan %lld",
                        (long long)json_integer_value(json_object_get(o, "vlanId")));
        filters(g, t, o, &label);
        node_add(g, id, "port", "ellipse", label.buf, G_DEVICE);
        edge_add(g, device, id, E_PORT, NULL);
    }
    /* Links, once each (from the port whose id sorts first), and bindings. */
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);
        const char *id = str(o, "id"), *peer = str(o, "peerId"), *host = str(o, "hostId");

        if (!id || !strmap_get(&g->index, id, &k))
            continue;
        if (peer && strcmp(id, peer) < 0)
            edge_add(g, id, peer, E_LINK, NULL);
        if (host)
            edge_add(g, id, host, E_BINDING,
                     str(o, "interfaceName") ? str(o, "interfaceName") : "");
    }
    strbuf_release(&raw);
    strbuf_release(&label);
    return ST_OK;
}

static enum status hosts(struct graph *g)
{
    struct strbuf raw = STRBUF_INIT;
    struct strbuf label = STRBUF_INIT;
    struct cache_coll *e;
    enum status st;

    if ((st = fetch_under(g->r, NULL, schema_type(T_HOST), false, &e)) != ST_OK)
        return st;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);

        strbuf_reset(&label);
        strbuf_addstr(&label, "host ");
        handle_in(e, i, handle_ref, g->r, &raw);
        add_handle(&label, &raw);
        if (json_is_false(json_object_get(o, "alive")))
            strbuf_addstr(&label, "\n(dead)");
        if (str(o, "id"))
            node_add(g, str(o, "id"), "host", "component", label.buf, G_HOST);
    }
    strbuf_release(&raw);
    strbuf_release(&label);
    return ST_OK;
}

/* Tunnel zones and their members: one GET per zone. */
static enum status zones(struct graph *g)
{
    const struct type *zt = schema_type(T_TUNNEL_ZONE), *mt = schema_type(T_TZ_MEMBER);
    struct strbuf raw = STRBUF_INIT;
    struct strbuf label = STRBUF_INIT;
    struct cache_coll *e, *m;
    enum status st;

    if ((st = fetch_under(g->r, NULL, zt, false, &e)) != ST_OK)
        return st;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        json_t *o = json_array_get(e->objects, i);
        struct target zone = { .type = zt, .obj = o };
        const char *id = str(o, "id");

        if (!id)
            continue;
        strbuf_reset(&label);
        strbuf_addstr(&label, "tunnel-zone ");
        handle_in(e, i, handle_ref, g->r, &raw);
        add_handle(&label, &raw);
        if (str(o, "type")) {
            strbuf_addch(&label, '\n');
            strbuf_add_escaped(&label, str(o, "type"));
        }
        node_add(g, id, zt->name, "hexagon", label.buf, G_ZONE);
        if ((st = fetch_under(g->r, &zone, mt, false, &m)) != ST_OK)
            break;
        for (size_t j = 0; j < json_array_size(m->objects); j++) {
            json_t *mo = json_array_get(m->objects, j);

            edge_add(g, id, str(mo, "hostId"), E_MEMBER,
                     str(mo, "ipAddress") ? str(mo, "ipAddress") : "");
        }
    }
    strbuf_release(&raw);
    strbuf_release(&label);
    return st;
}

/* Mark what start reaches (enum gkind). */
static void reach(struct graph *g, size_t start)
{
    size_t *queue = xcalloc(g->n, sizeof(*queue)), head = 0, tail = 0;

    g->nodes[start].reached = true;
    queue[tail++] = start;
    while (head < tail) {
        size_t v = queue[head++];

        enum gkind kind = v == start ? G_DEVICE : g->nodes[v].kind;

        if (kind == G_ZONE)
            continue;
        for (size_t k = 0; k < g->nedges; k++) {
            size_t w = g->edges[k].a == v ? g->edges[k].b : g->edges[k].b == v ? g->edges[k].a : v;

            if (w != v && !g->nodes[w].reached &&
                (kind == G_DEVICE || g->nodes[w].kind == G_ZONE)) {
                g->nodes[w].reached = true;
                queue[tail++] = w;
            }
        }
    }
    free(queue);
}

static void print(const struct graph *g, struct strbuf *out)
{
    strbuf_addstr(out, "graph midonet {\n"
                       "    graph [rankdir=LR, fontname=\"Helvetica\"];\n"
                       "    node [fontname=\"Helvetica\", fontsize=10];\n"
                       "    edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (size_t i = 0; i < g->n; i++) {
        if (!g->nodes[i].reached)
            continue;
        strbuf_addstr(out, "    ");
        dot_quote(out, g->nodes[i].id);
        strbuf_addf(out, " [shape=%s, label=", g->nodes[i].shape);
        dot_label(out, g->nodes[i].label);
        strbuf_addstr(out, "];\n");
    }
    for (size_t k = 0; k < g->nedges; k++) {
        const struct gedge *ed = &g->edges[k];
        const char *attrs = edge_kinds[ed->kind].attrs;

        if (!g->nodes[ed->a].reached || !g->nodes[ed->b].reached)
            continue;
        strbuf_addstr(out, "    ");
        dot_quote(out, g->nodes[ed->a].id);
        strbuf_addstr(out, " -- ");
        dot_quote(out, g->nodes[ed->b].id);
        if (*attrs) {
            strbuf_addf(out, " [%s", attrs);
            if (ed->label) {
                strbuf_addstr(out, ", label=");
                dot_quote(out, ed->label);
            }
            strbuf_addch(out, ']');
        }
        strbuf_addstr(out, ";\n");
    }
    strbuf_addstr(out, "}\n");
}

/*
 * -o json: {"nodes": [{"id", "type", "label"}], "edges": [{"from", "to", "kind"[, "label"]}]},
 * what the DOT says without its looks; kind is port (a device's port), link (two peer
 * ports), binding (a port bound on a host; label: the interface) or member (a host in a
 * tunnel zone; label: its address).
 */
static void print_json(const struct graph *g, struct strbuf *out)
{
    json_t *doc = json_object(), *nodes = json_array(), *edges = json_array();

    for (size_t i = 0; i < g->n; i++)
        if (g->nodes[i].reached)
            json_array_append_new(nodes, json_pack("{s:s, s:s, s:s}", "id", g->nodes[i].id,
                                                   "type", g->nodes[i].type,
                                                   "label", g->nodes[i].label));
    for (size_t k = 0; k < g->nedges; k++) {
        const struct gedge *ed = &g->edges[k];
        json_t *e;

        if (!g->nodes[ed->a].reached || !g->nodes[ed->b].reached)
            continue;
        e = json_pack("{s:s, s:s, s:s}", "from", g->nodes[ed->a].id, "to", g->nodes[ed->b].id,
                      "kind", edge_kinds[ed->kind].name);
        if (ed->label)
            json_object_set_new(e, "label", json_string(ed->label));
        json_array_append_new(edges, e);
    }
    json_object_set_new(doc, "nodes", nodes);
    json_object_set_new(doc, "edges", edges);
    format_json(doc, out);
    json_decref(doc);
}

enum status verb_graph(struct run *r)
{
    const struct target *from = run_last(r);
    struct graph g = { .r = r, .index = STRMAP_INIT };
    struct strbuf out = STRBUF_INIT;
    enum status st;
    size_t start = 0;

    if (from && from->type->id != T_ROUTER && from->type->id != T_BRIDGE &&
        from->type->id != T_PORT && from->type->id != T_BRIDGE_PORT &&
        from->type->id != T_ROUTER_PORT && from->type->id != T_HOST &&
        from->type->id != T_TUNNEL_ZONE)
        return fail(ST_USAGE, "graph starts at a router, bridge, port, host or tunnel-zone, "
                    "not a %s", from->type->name);
    if ((st = devices(&g, T_ROUTER)) != ST_OK || (st = devices(&g, T_BRIDGE)) != ST_OK ||
        (st = hosts(&g)) != ST_OK || (st = ports(&g)) != ST_OK || (st = zones(&g)) != ST_OK)
        goto out;
    if (from && (!str(from->obj, "id") || !strmap_get(&g.index, str(from->obj, "id"), &start))) {
        st = fail(ST_FAILED, "%s is not in the topology (another tenant's?)", from->type->name);
        goto out;
    }
    if (from)
        reach(&g, start);
    else
        for (size_t i = 0; i < g.n; i++)
            g.nodes[i].reached = true;
    if (r->s->output == OUT_JSON)
        print_json(&g, &out);
    else
        print(&g, &out);
    run_emit(r, &out);
out:
    for (size_t i = 0; i < g.n; i++) {
        free(g.nodes[i].id);
        free(g.nodes[i].label);
    }
    for (size_t k = 0; k < g.nedges; k++)
        free(g.edges[k].label);
    free(g.nodes);
    free(g.edges);
    strmap_release(&g.index);
    strbuf_release(&out);
    return st;
}
