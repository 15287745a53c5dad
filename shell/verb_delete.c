/*
 * The verb that removes: delete, saying first what else goes with the object.
 *
 * MidoNet cascades (1.9's data layer, and midonet-sim after it): an object's children go
 * with it (a bridge's ports, DHCP subnets and MAC and ARP entries; a router's ports and
 * routes; a chain's rules; a port group's or tunnel zone's members; a host's bindings); a
 * deleted port unlinks its peer, loses its binding and takes the routes through it; a
 * deleted chain is cleared from the filters of every bridge, router and port that used it.
 * Before the DELETE, midosh works this out from the cache, or with one GET per collection
 * it needs (the object's child lists; for a chain the root bridges, routers and ports), and
 * prints it: at the prompt it then asks [y/N] (not with -y), elsewhere it prints it on
 * standard error and goes on, as midonet-cli scripts expect. Rules of other chains that
 * jump to a deleted chain, and rules that use a deleted port group or IP address group,
 * also go, but are not looked for (that would be a GET per chain).
 */
#include "shell/verb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/fetch.h"
#include "shell/handle.h"
#include "shell/resolve.h"

/* The parts of a summary: "2 ports", "unlinks port r1:10.0.0.1". */
struct effects {
    struct strbuf deletes;   /* "2 ports, 1 DHCP subnet" */
    struct strbuf other;     /* "unlinks port X; clears infilter of bridge b1" */
};

static void add_item(struct strbuf *sb, const char *sep, const char *text)
{
    if (sb->len)
        strbuf_addstr(sb, sep);
    strbuf_addstr(sb, text);
}

/* The peer of port obj, unless it is among the ports going too (ids, a JSON array). */
static void unlink_peer(struct run *r, const json_t *obj, const json_t *going,
                        struct effects *fx)
{
    const char *peer = json_string_value(json_object_get(obj, "peerId"));
    const struct attr *a = schema_attr(schema_type(T_PORT), "peer");
    struct strbuf h = STRBUF_INIT, line = STRBUF_INIT;
    const json_t *g;
    size_t i;

    if (!peer || !a)
        return;
    json_array_foreach(going, i, g)
        if (!strcmp(json_string_value(g), peer))
            return;
    handle_ref(r, a, peer, &h);
    strbuf_addf(&line, "unlinks port %s", h.buf);
    add_item(&fx->other, "; ", line.buf);
    strbuf_release(&h);
    strbuf_release(&line);
}

/* A port's own effects: its peer, its binding, the routes through it (via router). */
static void port_effects(struct run *r, const json_t *port, const struct target *router,
                         const json_t *going, struct effects *fx)
{
    const char *id = json_string_value(json_object_get(port, "id"));
    const char *host = json_string_value(json_object_get(port, "hostId"));
    const char *iface = json_string_value(json_object_get(port, "interfaceName"));
    struct cache_coll *e;

    unlink_peer(r, port, going, fx);
    if (host && iface) {
        const struct attr *a = schema_attr(schema_type(T_BRIDGE_PORT), "host");
        struct strbuf h = STRBUF_INIT, line = STRBUF_INIT;

        if (a)
            handle_ref(r, a, host, &h);
        strbuf_addf(&line, "unbinds interface %s of host %s", iface, h.len ? h.buf : host);
        add_item(&fx->other, "; ", line.buf);
        strbuf_release(&h);
        strbuf_release(&line);
    }
    if (id && router && router->type->id == T_ROUTER &&
        fetch_under(r, router, schema_type(T_ROUTE), false, &e) == ST_OK) {
        size_t n = 0;

        for (size_t i = 0; i < json_array_size(e->objects); i++) {
            const char *hop = json_string_value(json_object_get(json_array_get(e->objects, i),
                                                                "nextHopPort"));
            n += hop && !strcmp(hop, id);
        }
        if (n)
            strbuf_addf(&fx->deletes, "%s%zu route%s", fx->deletes.len ? ", " : "", n,
                        n == 1 ? "" : "s");
    }
}

/* The filters that use chain id: bridges', routers' and ports' infilter and outfilter. */
static void chain_users(struct run *r, const char *id, struct effects *fx)
{
    static const enum type_id users[] = { T_BRIDGE, T_ROUTER, T_PORT };

    for (size_t u = 0; u < ARRAY_SIZE(users); u++) {
        const struct type *t = schema_type(users[u]);
        struct cache_coll *e;

        if (fetch_under(r, NULL, t, false, &e) != ST_OK)
            continue;
        for (size_t i = 0; i < json_array_size(e->objects); i++) {
            const json_t *o = json_array_get(e->objects, i);
            const struct type *vt = schema_variant(t, o);

            for (const struct attr *a = vt->attrs; a->name; a++) {
                const char *v = json_string_value(json_object_get(o, a->key));
                struct strbuf h = STRBUF_INIT, line = STRBUF_INIT;

                if (a->kind != K_REF || a->ref != T_CHAIN || !v || strcmp(v, id))
                    continue;
                handle_in(e, i, handle_ref, r, &h);
                strbuf_addf(&line, "clears %s of %s %s", a->name, t->name, h.buf);
                add_item(&fx->other, "; ", line.buf);
                strbuf_release(&h);
                strbuf_release(&line);
            }
        }
    }
}

/* Chains searched for jump rules, at most, where ZooKeeper cannot name them. */
#define JUMP_SEARCH_MAX 64

/* The ids of the chains whose jump rules target chain id, from ZooKeeper's back-references
 * (MidoNet 1.9's layout) and one GET per such rule. False when ZooKeeper cannot tell. */
static bool jumping_chains(struct run *r, const char *id, struct strmap *out)
{
    char *dir = xasprintf("/chains/%s/refs", id), **refs;
    size_t n;
    bool ok = schema_dialect() == D_19 && session_zk_children(r->s, dir, &refs, &n);

    free(dir);
    if (!ok)
        return false;
    for (size_t i = 0; i < n; i++) {
        const char *rule = !strncmp(refs[i], "rule:", 5) ? refs[i] + 5 : NULL;
        char *uri = rule ? r->s->ops->root_uri(r->s->backend, "ruleTemplate", rule) : NULL;
        struct api_response resp = { 0 };
        const char *chain;

        if (uri && fetch_object(r, uri, schema_type(T_RULE), &resp) == API_OK &&
            (chain = json_string_value(json_object_get(resp.body, "chainId"))))
            strmap_put(out, chain, 1);
        api_response_release(&resp);
        free(uri);
        free(refs[i]);
    }
    free(refs);
    return true;
}

/*
 * The rules of other chains that jump to chain id: MidoNet 1.9 deletes them with it; 5.x
 * keeps them, jumping to a chain that is gone (it binds no jump rule to its chain).
 */
static void jump_users(struct run *r, const char *id, struct effects *fx)
{
    const struct type *ct = schema_type(T_CHAIN);
    struct strmap only = STRMAP_INIT;
    bool narrowed = jumping_chains(r, id, &only);
    struct cache_coll *e;
    json_t *chains;
    char *coll;
    size_t n;

    if ((narrowed && !only.len) || fetch_under(r, NULL, ct, false, &e) != ST_OK) {
        strmap_release(&only);
        return;
    }
    n = json_array_size(e->objects);
    if (!narrowed && n > JUMP_SEARCH_MAX) {
        struct strbuf line = STRBUF_INIT;

        strbuf_addf(&line, "%s the rules of other chains that jump to it (%zu chains: "
                    "not searched)", schema_dialect() == D_5 ? "leaves dangling" : "deletes",
                    n);
        add_item(&fx->other, "; ", line.buf);
        strbuf_release(&line);
        strmap_release(&only);
        return;
    }
    /* Kept: the fetches below may replace the chains' entry. */
    chains = json_incref(e->objects);
    coll = xstrdup(e->uri);
    for (size_t i = 0; i < json_array_size(chains); i++) {
        json_t *chain = json_array_get(chains, i);
        const char *cid = json_string_value(json_object_get(chain, "id"));
        struct target parent = { ct, chain, coll };
        struct cache_coll *rules;
        struct strbuf ch = STRBUF_INIT;

        if (!cid || !strcmp(cid, id) || (narrowed && !strmap_get(&only, cid, &(size_t){ 0 })))
            continue;
        /* The chain's handle first: naming it may fetch, and rules must stay valid. */
        handle_ref(r, schema_attr(schema_type(T_RULE), "jump-to"), cid, &ch);
        if (fetch_under(r, &parent, schema_type(T_RULE), false, &rules) != ST_OK) {
            strbuf_release(&ch);
            continue;
        }
        for (size_t k = 0; k < json_array_size(rules->objects); k++) {
            const char *to = json_string_value(json_object_get(
                json_array_get(rules->objects, k), "jumpChainId"));
            struct strbuf rh = STRBUF_INIT, line = STRBUF_INIT;

            if (!to || strcmp(to, id))
                continue;
            handle_in(rules, k, handle_ref, r, &rh);
            if (schema_dialect() == D_5)
                strbuf_addf(&line, "leaves rule %s of chain %s jumping to nothing", rh.buf,
                            ch.buf);
            else
                strbuf_addf(&line, "deletes rule %s of chain %s (a jump to it)", rh.buf, ch.buf);
            add_item(&fx->other, "; ", line.buf);
            strbuf_release(&rh);
            strbuf_release(&line);
        }
        strbuf_release(&ch);
    }
    json_decref(chains);
    free(coll);
    strmap_release(&only);
}

/* What else deleting t takes or changes, from the cache or a few GETs. */
static void delete_effects(struct run *r, const struct target *t, struct effects *fx)
{
    const char *id = schema_object_id(t->type, t->obj);
    const struct target *parent = r->npath > 1 ? &r->path[r->npath - 2] : NULL;

    error_set_quiet(true);      /* a list that cannot be read only makes the summary shorter */
    for (const struct child *c = t->type->children; c && c->uri_key; c++) {
        const struct type *ct = schema_type(c->type);
        struct cache_coll *e;
        json_t *going;
        size_t n;

        /* What nothing creates is not deleted either: a host's interfaces, a VTEP's ports. */
        if (c->list_only || (ct->flags & TF_NOCREATE) ||
            fetch_under(r, t, ct, false, &e) != ST_OK)
            continue;
        n = json_array_size(e->objects);
        if (!n)
            continue;
        strbuf_addf(&fx->deletes, "%s%zu %s", fx->deletes.len ? ", " : "", n,
                    n == 1 ? ct->name : ct->plural);
        if (c->type != T_BRIDGE_PORT && c->type != T_ROUTER_PORT)
            continue;
        going = json_array();
        for (size_t i = 0; i < n; i++) {
            const char *pid = json_string_value(json_object_get(json_array_get(e->objects, i),
                                                                "id"));

            if (pid)
                json_array_append_new(going, json_string(pid));
        }
        for (size_t i = 0; i < n; i++)
            unlink_peer(r, json_array_get(e->objects, i), going, fx);
        json_decref(going);
    }
    if ((t->type->id == T_BRIDGE_PORT || t->type->id == T_ROUTER_PORT ||
         t->type->id == T_PORT) && id) {
        json_t *going = json_array();

        json_array_append_new(going, json_string(id));
        port_effects(r, t->obj, parent, going, fx);
        json_decref(going);
    }
    if (t->type->id == T_CHAIN && id) {
        chain_users(r, id, fx);
        jump_users(r, id, fx);
    }
    error_set_quiet(false);
}

/* Ask on the terminal; true for y or yes. */
static bool confirm(void)
{
    char *line = NULL;
    size_t cap = 0;
    bool yes;

    fputs("delete? [y/N] ", stderr);
    fflush(stderr);
    if (getline(&line, &cap, stdin) < 0) {
        free(line);
        fputc('\n', stderr);
        return false;
    }
    line[strcspn(line, "\r\n")] = '\0';
    yes = !strcasecmp(line, "y") || !strcasecmp(line, "yes");
    free(line);
    return yes;
}

/*
 * Say what else the delete takes; at the prompt (not -y, not a dry run) ask when it
 * takes anything. false: not confirmed.
 */
static bool announce(struct run *r, const struct target *t)
{
    struct effects fx = { STRBUF_INIT, STRBUF_INIT };
    struct strbuf h = STRBUF_INIT;
    struct cache_coll *e;
    size_t i;
    bool go = true;

    delete_effects(r, t, &fx);
    if (fx.deletes.len || fx.other.len) {
        if (resolve_target_index(r, t, &e, &i))
            handle_in(e, i, handle_ref, r, &h);
        fprintf(stderr, "%s: deleting %s %s also %s%s%s%s\n", error_prefix(), t->type->name,
                h.len ? h.buf : "", fx.deletes.len ? "deletes " : "", fx.deletes.buf,
                fx.deletes.len && fx.other.len ? "; " : "", fx.other.buf);
        if (r->s->interactive && !r->s->yes && !r->s->dry)
            go = confirm();
    }
    strbuf_release(&fx.deletes);
    strbuf_release(&fx.other);
    strbuf_release(&h);
    return go;
}

enum status verb_delete(struct run *r)
{
    const struct target *t = run_last(r);
    const char *uri = json_string_value(json_object_get(t->obj, "uri"));
    bool if_exists = r->s->if_exists || (r->cmd->flags & CMD_IF_EXISTS);
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    enum api_status ast;
    enum status st = ST_OK;

    if ((t->type->flags & TF_NODELETE) || !uri)
        return fail(ST_USAGE, "%s objects cannot be deleted", t->type->name);
    if (!announce(r, t))
        return fail(ST_FAILED, "nothing deleted");
    schema_media(t->type, &media);
    ast = r->s->ops->del(r->s->backend, uri, media.buf, &resp);
    if (ast == API_FAILED && resp.status == 404 && if_exists)
        ast = API_OK;       /* gone meanwhile: what --if-exists asks for */
    if (ast != API_OK)
        st = run_api_failure(r, ast, &resp, "cannot delete %s", t->type->name);
    else
        cache_deleted(&r->s->cache, t->coll_uri, uri, t->obj, schema_object_id(t->type, t->obj));
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}
