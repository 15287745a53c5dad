/*
 * The verb that removes: delete, saying first what else goes with the object.
 *
 * MidoNet cascades (1.9's ZooKeeper managers, 5.x's storage bindings, and midonet-sim
 * after them): an object's children go with it (a bridge's ports, DHCP subnets and MAC and
 * ARP entries; a router's ports and routes; a chain's rules; a port group's or tunnel
 * zone's members; a host's bindings). A port that goes, directly or with its device,
 * unlinks its peer, loses its binding and its port-group memberships, takes its trace
 * requests and the routes through it. Other objects' references are cleared: a chain from
 * the filters of bridges, routers and ports, a load balancer from its router, a health
 * monitor from its pools, and in 5.x a QoS policy or mirror from the devices that name it.
 * The rules of other chains that jump to a deleted chain or match a deleted port group or
 * IP address group go too in 1.9 (5.x keeps them, naming nothing); they are found through
 * ZooKeeper's back-references when connected, else by searching at most SEARCH_MAX chains.
 * Before the DELETE, midosh works this out from the cache, or with one GET per collection
 * it needs, and prints it: at the prompt it then asks [y/N] (not with -y), elsewhere it
 * prints it on standard error and goes on, as midonet-cli scripts expect.
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
    size_t traces;           /* trace requests on the devices and ports that go */
};

static void add_item(struct strbuf *sb, const char *sep, const char *text)
{
    if (sb->len)
        strbuf_addstr(sb, sep);
    strbuf_addstr(sb, text);
}

/* "1 DHCP subnet", "2 ARP table entries", "1 port": n objects of type t, in words. */
static void add_count(struct effects *fx, size_t n, const struct type *t)
{
    const char *plural = t->id == T_BRIDGE_PORT || t->id == T_ROUTER_PORT ? "ports" : t->plural;
    size_t len = strlen(plural);

    strbuf_addf(&fx->deletes, "%s%zu ", fx->deletes.len ? ", " : "", n);
    if (n != 1 || len < 2 || plural[len - 1] != 's') {
        strbuf_addstr(&fx->deletes, plural);
    } else if (len > 3 && !strcmp(plural + len - 3, "ies")) {
        strbuf_add(&fx->deletes, plural, len - 3);
        strbuf_addstr(&fx->deletes, "y");               /* entries, policies */
    } else if (len > 4 && !strcmp(plural + len - 4, "sses")) {
        strbuf_add(&fx->deletes, plural, len - 2);      /* addresses */
    } else {
        strbuf_add(&fx->deletes, plural, len - 1);
    }
}

static bool has(const struct strmap *m, const char *key)
{
    size_t v;

    return strmap_get(m, key, &v);
}

static const char *obj_id(const json_t *o)
{
    return json_string_value(json_object_get(o, "id"));
}

/* The peer of port obj, unless it is among the ports going too. */
static void unlink_peer(struct run *r, const json_t *obj, const struct strmap *going,
                        struct effects *fx)
{
    const char *peer = json_string_value(json_object_get(obj, "peerId"));
    const struct attr *a = schema_attr(schema_type(T_PORT), "peer");
    struct strbuf h = STRBUF_INIT, line = STRBUF_INIT;

    if (!peer || !a || has(going, peer))
        return;
    handle_ref(r, a, peer, &h);
    strbuf_addf(&line, "unlinks port %s", h.buf);
    add_item(&fx->other, "; ", line.buf);
    strbuf_release(&h);
    strbuf_release(&line);
}

/* A port's binding to a host's interface, which goes with it. */
static void unbind(struct run *r, const json_t *port, struct effects *fx)
{
    const char *host = json_string_value(json_object_get(port, "hostId"));
    const char *iface = json_string_value(json_object_get(port, "interfaceName"));
    const struct attr *a = schema_attr(schema_type(T_BRIDGE_PORT), "host");
    struct strbuf h = STRBUF_INIT, line = STRBUF_INIT;

    if (!host || !iface)
        return;
    if (a)
        handle_ref(r, a, host, &h);
    strbuf_addf(&line, "unbinds interface %s of host %s", iface, h.len ? h.buf : host);
    add_item(&fx->other, "; ", line.buf);
    strbuf_release(&h);
    strbuf_release(&line);
}

/* The routes through port id, which go with it (router: the port's router). */
static void routes_through(struct run *r, const char *id, const struct target *router,
                           struct effects *fx)
{
    struct cache_coll *e;
    size_t n = 0;

    if (!id || !router || router->type->id != T_ROUTER ||
        fetch_under(r, router, schema_type(T_ROUTE), false, &e) != ST_OK)
        return;
    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        const char *hop = json_string_value(json_object_get(json_array_get(e->objects, i),
                                                            "nextHopPort"));
        n += hop && !strcmp(hop, id);
    }
    if (n)
        add_count(fx, n, schema_type(T_ROUTE));
}

/* Root collections searched, at most, where ZooKeeper cannot narrow the search. */
#define SEARCH_MAX 64

/*
 * The port groups the ports going (ids) are members of: the memberships go with them. self:
 * the id of the port deleted, or NULL.
 */
static void port_group_memberships(struct run *r, const struct strmap *going, const char *self,
                                   struct effects *fx)
{
    const struct type *gt = schema_type(T_PORT_GROUP), *mt = schema_type(T_PG_MEMBER);
    const struct attr *pa = schema_attr(schema_type(T_PORT), "peer");
    struct cache_coll *e;
    json_t *groups;
    char *coll;

    if (!going->len || fetch_under(r, NULL, gt, false, &e) != ST_OK ||
        !json_array_size(e->objects))
        return;
    if (json_array_size(e->objects) > SEARCH_MAX) {
        struct strbuf line = STRBUF_INIT;

        strbuf_addf(&line, "takes its ports out of their port groups (%zu port groups: "
                    "not searched)", json_array_size(e->objects));
        add_item(&fx->other, "; ", line.buf);
        strbuf_release(&line);
        return;
    }
    /* Kept: the fetches below may replace the groups' entry. */
    groups = json_incref(e->objects);
    coll = xstrdup(e->uri);
    for (size_t i = 0; i < json_array_size(groups); i++) {
        json_t *group = json_array_get(groups, i);
        struct target parent = { gt, group, coll };
        struct cache_coll *members;
        struct strbuf gh = STRBUF_INIT;
        json_t *list;

        if (fetch_under(r, &parent, mt, false, &members) != ST_OK)
            continue;
        list = json_incref(members->objects);
        for (size_t k = 0; k < json_array_size(list); k++) {
            const char *port = json_string_value(json_object_get(json_array_get(list, k),
                                                                 "portId"));
            struct strbuf ph = STRBUF_INIT, line = STRBUF_INIT;

            if (!port || !has(going, port))
                continue;
            if (!gh.len)
                handle_ref(r, schema_attr(mt, "port-group"), obj_id(group), &gh);
            if (self && !strcmp(port, self))
                strbuf_addf(&line, "takes it out of port group %s", gh.buf);
            else {
                handle_ref(r, pa, port, &ph);
                strbuf_addf(&line, "takes port %s out of port group %s", ph.buf, gh.buf);
            }
            add_item(&fx->other, "; ", line.buf);
            strbuf_release(&ph);
            strbuf_release(&line);
        }
        json_decref(list);
        strbuf_release(&gh);
    }
    json_decref(groups);
    free(coll);
}

/*
 * The objects of root collections that refer to an object deleted (of type gone, its id in
 * ids): what the server does to them, as MidoNet's data layer does (1.9's ZooKeeper
 * managers, 5.x's storage bindings). A trace request on a device or port goes with it;
 * the other references are cleared.
 */
static const struct ref_user {
    enum type_id gone, user;
} ref_users_of[] = {
    { T_CHAIN, T_BRIDGE }, { T_CHAIN, T_ROUTER }, { T_CHAIN, T_PORT },
    { T_LOAD_BALANCER, T_ROUTER }, { T_HEALTH_MONITOR, T_POOL },
    { T_QOS_POLICY, T_BRIDGE }, { T_QOS_POLICY, T_PORT },
    { T_MIRROR, T_BRIDGE }, { T_MIRROR, T_ROUTER }, { T_MIRROR, T_PORT },
    { T_PORT_GROUP, T_CONTAINER_GROUP },
    { T_BRIDGE, T_TRACE }, { T_ROUTER, T_TRACE }, { T_PORT, T_TRACE },
};

/* Does attribute a of o hold id (a reference, or a list of them)? */
static bool refers_to(const json_t *o, const struct attr *a, const char *id)
{
    const json_t *v = json_object_get(a->sub ? json_object_get(o, a->sub) : o, a->key), *x;
    size_t i;

    if (a->tag_key && !(json_is_string(json_object_get(o, a->tag_key)) &&
                        !strcmp(json_string_value(json_object_get(o, a->tag_key)), a->tag)))
        return false;
    if (json_is_string(v))
        return !strcmp(json_string_value(v), id);
    json_array_foreach(v, i, x)
        if (json_is_string(x) && !strcmp(json_string_value(x), id))
            return true;
    return false;
}

static void ref_users(struct run *r, enum type_id gone, const struct strmap *ids,
                      struct effects *fx)
{
    if (gone == T_BRIDGE_PORT || gone == T_ROUTER_PORT)
        gone = T_PORT;
    for (size_t u = 0; u < ARRAY_SIZE(ref_users_of); u++) {
        const struct type *t = schema_type(ref_users_of[u].user);
        struct cache_coll *e;

        if (ref_users_of[u].gone != gone || !schema_type_shown(t) ||
            fetch_under(r, NULL, t, false, &e) != ST_OK)
            continue;
        for (size_t i = 0; i < json_array_size(e->objects); i++) {
            const json_t *o = json_array_get(e->objects, i);
            const struct type *vt = schema_variant(t, o);

            for (const struct attr *a = vt->attrs; a->name; a++) {
                struct strbuf h = STRBUF_INIT, line = STRBUF_INIT;
                size_t at, v;
                const char *id = NULL;

                if ((a->kind != K_REF && a->kind != K_REF_LIST) || !schema_attr_shown(a))
                    continue;
                if (a->ref != gone && !(gone == T_PORT && (a->ref == T_BRIDGE_PORT ||
                                                           a->ref == T_ROUTER_PORT)))
                    continue;
                for (at = 0; !id && strmap_next(ids, &at, &id, &v);)
                    if (!refers_to(o, a, id))
                        id = NULL;
                if (!id)
                    continue;
                if (t->id == T_TRACE) {
                    fx->traces++;
                    break;
                }
                handle_in(e, i, handle_ref, r, &h);
                strbuf_addf(&line, "clears %s of %s %s", a->name, t->name, h.buf);
                add_item(&fx->other, "; ", line.buf);
                strbuf_release(&h);
                strbuf_release(&line);
            }
        }
    }
}

/*
 * The ids of the chains whose rules refer to object id, from ZooKeeper's back-references
 * (MidoNet 1.9's layout: dir's children, rule ids after prefix) and one GET per such rule.
 * False when ZooKeeper cannot tell.
 */
static bool referring_chains(struct run *r, const char *dir, const char *prefix,
                             struct strmap *out)
{
    size_t n, plen = strlen(prefix);
    char **refs;
    bool ok = schema_dialect() == D_19 && session_zk_children(r->s, dir, &refs, &n);

    if (!ok)
        return false;
    for (size_t i = 0; i < n; i++) {
        const char *rule = !strncmp(refs[i], prefix, plen) ? refs[i] + plen : NULL;
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
 * The rules of other chains that refer to object id of type gone (a chain they jump to, a
 * port group or IP address group they match): MidoNet 1.9 deletes them with it; 5.x keeps
 * them, naming an object that is gone (it binds no rule to what the rule names).
 */
static void rule_users(struct run *r, const struct type *gone, const char *id,
                       struct effects *fx)
{
    const struct type *ct = schema_type(T_CHAIN), *rt = schema_type(T_RULE);
    const bool jump = gone->id == T_CHAIN, d5 = schema_dialect() == D_5;
    struct strmap only = STRMAP_INIT;
    char *dir = xasprintf(jump ? "/chains/%s/refs" : gone->id == T_PORT_GROUP ?
                          "/port_groups/%s/rules" : "/ip_addr_groups/%s/rules", id);
    bool narrowed = referring_chains(r, dir, jump ? "rule:" : "", &only);
    struct cache_coll *e;
    json_t *chains;
    char *coll;
    size_t n;

    free(dir);
    if ((narrowed && !only.len) || fetch_under(r, NULL, ct, false, &e) != ST_OK) {
        strmap_release(&only);
        return;
    }
    n = json_array_size(e->objects);
    if (!narrowed && n > SEARCH_MAX) {
        struct strbuf line = STRBUF_INIT;

        strbuf_addf(&line, "%s the rules of other chains that %s (%zu chains: not searched)",
                    d5 ? "leaves dangling" : "deletes", jump ? "jump to it" : "use it", n);
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
        const char *cid = obj_id(chain);
        struct target parent = { ct, chain, coll };
        struct cache_coll *rules;
        struct strbuf ch = STRBUF_INIT;

        if (!cid || !strcmp(cid, id) || (narrowed && !has(&only, cid)))
            continue;
        /* The chain's handle first: naming it may fetch, and rules must stay valid. */
        handle_ref(r, schema_attr(rt, "jump-to"), cid, &ch);
        if (fetch_under(r, &parent, rt, false, &rules) != ST_OK) {
            strbuf_release(&ch);
            continue;
        }
        for (size_t k = 0; k < json_array_size(rules->objects); k++) {
            const json_t *rule = json_array_get(rules->objects, k);
            const struct attr *a;
            struct strbuf rh = STRBUF_INIT, line = STRBUF_INIT;

            for (a = rt->attrs; a->name; a++)
                if (a->kind == K_REF && a->ref == gone->id && refers_to(rule, a, id))
                    break;
            if (!a->name)
                continue;
            handle_in(rules, k, handle_ref, r, &rh);
            if (jump && d5)
                strbuf_addf(&line, "leaves rule %s of chain %s jumping to nothing", rh.buf,
                            ch.buf);
            else if (jump)
                strbuf_addf(&line, "deletes rule %s of chain %s (a jump to it)", rh.buf, ch.buf);
            else
                strbuf_addf(&line, "%s rule %s of chain %s (its %s)",
                            d5 ? "leaves dangling" : "deletes", rh.buf, ch.buf, a->name);
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
    const enum type_id tid = t->type->id;
    struct strmap ports = STRMAP_INIT, self = STRMAP_INIT;

    error_set_quiet(true);      /* a list that cannot be read only makes the summary shorter */
    if (id)
        strmap_put(&self, id, 1);
    for (const struct child *c = t->type->children; c && c->uri_key; c++) {
        const struct type *ct = schema_type(c->type);
        struct cache_coll *e;
        json_t *list;
        size_t n;

        /* What nothing creates is not deleted either: a host's interfaces, a VTEP's ports. */
        if (c->list_only || (ct->flags & TF_NOCREATE) ||
            fetch_under(r, t, ct, false, &e) != ST_OK)
            continue;
        n = json_array_size(e->objects);
        if (!n)
            continue;
        add_count(fx, n, ct);
        if (c->type != T_BRIDGE_PORT && c->type != T_ROUTER_PORT)
            continue;
        list = json_incref(e->objects);
        for (size_t i = 0; i < n; i++)
            if (obj_id(json_array_get(list, i)))
                strmap_put(&ports, obj_id(json_array_get(list, i)), 1);
        for (size_t i = 0; i < n; i++) {
            unlink_peer(r, json_array_get(list, i), &ports, fx);
            unbind(r, json_array_get(list, i), fx);
        }
        json_decref(list);
    }
    if ((tid == T_BRIDGE_PORT || tid == T_ROUTER_PORT || tid == T_PORT) && id) {
        strmap_put(&ports, id, 1);
        unlink_peer(r, t->obj, &ports, fx);
        unbind(r, t->obj, fx);
        routes_through(r, id, parent, fx);
    }
    port_group_memberships(r, &ports, tid == T_BRIDGE_PORT || tid == T_ROUTER_PORT ||
                           tid == T_PORT ? id : NULL, fx);
    if (id)
        ref_users(r, tid, &self, fx);
    if (ports.len && tid != T_BRIDGE_PORT && tid != T_ROUTER_PORT && tid != T_PORT)
        ref_users(r, T_PORT, &ports, fx);
    if (fx->traces)
        add_count(fx, fx->traces, schema_type(T_TRACE));
    if ((tid == T_CHAIN || tid == T_PORT_GROUP || tid == T_IP_GROUP) && id)
        rule_users(r, t->type, id, fx);
    strmap_release(&ports);
    strmap_release(&self);
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
    struct effects fx = { STRBUF_INIT, STRBUF_INIT, 0 };
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

/*
 * Take the object at its position out of the array, when the API still holds it there with
 * every value it was resolved with (other objects may have moved it since). The values are
 * compared, not the whole object: one this session added is known as it was sent, without
 * the defaults the API fills in.
 */
static enum status remove_embedded(json_t *list, void *ctx)
{
    const json_t *obj = ctx;
    json_int_t pos = json_integer_value(json_object_get(obj, "position"));
    json_t *have = pos > 0 ? json_array_get(list, (size_t)pos - 1) : NULL;
    const char *k;
    json_t *v;
    bool same = json_is_object(have);

    json_object_foreach((json_t *)obj, k, v)
        if (same && strcmp(k, "position") && !json_equal(v, json_object_get(have, k)))
            same = false;
    if (!same)
        return fail(ST_FAILED, "the object at position %lld changed meanwhile: nothing deleted",
                    (long long)pos);
    json_array_remove(list, (size_t)pos - 1);
    return ST_OK;
}

/* A delete of an object held in its parent (a mirror's condition): a PUT of the parent. */
static enum status delete_embedded(struct run *r, const struct target *t, const struct child *c)
{
    const struct target *parent = &r->path[r->npath - 2];

    if (!announce(r, t))
        return fail(ST_FAILED, "nothing deleted");
    return verb_put_embedded(r, parent, c, remove_embedded, t->obj);
}

enum status verb_delete(struct run *r)
{
    const struct target *t = run_last(r);
    const char *uri = json_string_value(json_object_get(t->obj, "uri"));
    bool if_exists = r->s->if_exists || (r->cmd->flags & CMD_IF_EXISTS);
    struct api_response resp = { 0 };
    struct strbuf media = STRBUF_INIT;
    const struct child *c = r->npath > 1 ? schema_child(r->path[r->npath - 2].type,
                                                          t->type->id) : NULL;
    enum api_status ast;
    enum status st = ST_OK;

    if (c && (t->type->flags & TF_EMBEDDED))
        return delete_embedded(r, t, c);
    if ((t->type->flags & TF_NODELETE) || !uri)
        return fail(ST_USAGE, "%s objects cannot be deleted", t->type->name);
    if (!announce(r, t))
        return fail(ST_FAILED, "nothing deleted");
    schema_media(t->type, &media);
    ast = r->s->ops->del(r->s->backend, uri, media.buf, &resp);
    /* Gone meanwhile (or, read back after a lost answer, gone now): what --if-exists asks
     * for; without it still an error, but the cache forgets the object either way. */
    if (ast == API_FAILED && (resp.status == 404 || resp.gone) && if_exists) {
        ast = API_OK;
        if (resp.gone)
            verb_note("%s", resp.message);
    }
    if (ast != API_OK)
        st = run_api_failure(r, ast, &resp, "cannot delete %s", t->type->name);
    if (ast == API_OK || resp.gone)
        cache_deleted(&r->s->cache, t->coll_uri, uri, t->obj, schema_object_id(t->type, t->obj));
    api_response_release(&resp);
    strbuf_release(&media);
    return st;
}
