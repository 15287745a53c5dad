#include "shell/dryrun.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parser/schema.h"
#include "shell/session.h"

struct dryrun {
    const struct backend_ops *ops;  /* the real backend */
    void *be;
    FILE *out;
    json_t *made;       /* uri -> object created by this run */
    json_t *made_in;    /* collection uri -> [uri, ...] of the objects created in it */
    json_t *gone;       /* uri -> true: deleted by this run */
    json_t *gone_ids;   /* id -> true: the ids of those */
    json_t *changed;    /* uri -> the object as last PUT */
    unsigned long seq;  /* placeholder ids made */
};

bool dryrun_is_placeholder(const char *id)
{
    return id && starts_with(id, DRYRUN_ID_PREFIX);
}

/* The URI without a query and without a trailing '/'. The caller's. */
static char *bare(const char *uri)
{
    size_t n = strcspn(uri, "?");

    while (n > 1 && uri[n - 1] == '/')
        n--;
    return xstrndup(uri, n);
}

/* uri without the API root's URI, for printing: "/bridges/ID". */
static const char *api_path(struct dryrun *d, const char *uri)
{
    const json_t *root = NULL;
    const char *base;
    size_t n;

    if (d->ops->root(d->be, &root, NULL) != API_OK || !root)
        return uri;
    base = json_string_value(json_object_get(root, "uri"));
    if (!base)
        return uri;
    n = strlen(base);
    while (n && base[n - 1] == '/')
        n--;
    return n && !strncmp(uri, base, n) && (uri[n] == '/' || !uri[n]) ? uri + n : uri;
}

static void print_request(struct dryrun *d, const char *method, const char *uri,
                          const json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

    fprintf(d->out, "dry-run: %s %s%s%s\n", method, api_path(d, uri), text ? " " : "",
            text ? text : "");
    free(text);
}

/* Does the full media type name t's representation (or one of its creates')? */
static bool media_is(const struct type *t, const char *media)
{
    const char *p = media ? strstr(media, "midonet.") : NULL;
    size_t n;

    if (!p)
        return false;
    p += strlen("midonet.");
    n = strcspn(p, "+");
    if (t->media && strlen(t->media) == n && !strncmp(t->media, p, n))
        return true;
    for (const struct media_rule *m = t->create_media; m && m->parent_key; m++)
        if (strlen(m->media) == n && !strncmp(m->media, p, n))
            return true;
    return false;
}

/* The path segment MidoNet gives a link key: "dhcpSubnets" -> "dhcp", "peerPorts" ->
 * "peer_ports". */
static void add_segment(struct strbuf *sb, const char *key)
{
    if (!strcmp(key, "dhcpSubnets")) {
        strbuf_addstr(sb, "dhcp");
    } else if (!strcmp(key, "addrs")) {
        strbuf_addstr(sb, "ip_addrs");
    } else {
        for (const char *p = key; *p; p++) {
            if (isupper((unsigned char)*p)) {
                strbuf_addch(sb, '_');
                strbuf_addch(sb, (char)tolower((unsigned char)*p));
            } else {
                strbuf_addch(sb, *p);
            }
        }
    }
}

static void add_link(json_t *obj, const char *loc, const char *key)
{
    struct strbuf sb = STRBUF_INIT;

    if (json_object_get(obj, key))
        return;
    strbuf_addf(&sb, "%s/", loc);
    add_segment(&sb, key);
    json_object_set_new(obj, key, json_string(sb.buf));
    strbuf_release(&sb);
}

/*
 * Fill the made object t as the API reads a new one back, as far as the schema tells: its
 * parent's id (a port's deviceId: the collection is PARENTS/ID/CHILDREN), up for its
 * state, and each reference not given as null, beside its link ("inboundFilterId" and
 * "inboundFilter"; the link is the referenced object's URI when one is given). Fields the
 * schema does not know (a 1.9 router's peerPorts) are not made up.
 */
static void read_back(struct dryrun *d, const struct type *t, const char *coll, json_t *obj)
{
    const char *end = strrchr(coll, '/'), *start = end;
    char *pid = NULL;

    while (start && start > coll && start[-1] != '/')
        start--;
    if (end && start && start < end)
        pid = xstrndup(start, (size_t)(end - start));
    for (const struct attr *a = t->attrs; a->name; a++) {
        const json_t *v;
        size_t n = strlen(a->key);

        if (a->sub || a->tag_key || (a->flags & A_HIDDEN) || !schema_attr_shown(a))
            continue;
        if (a->kind == K_UPDOWN && !json_object_get(obj, a->key))
            json_object_set_new(obj, a->key, json_true());
        if (a->kind != K_REF)
            continue;
        if (!json_object_get(obj, a->key)) {
            bool parent = a == schema_parent_attr(t) && pid && api_is_uuid(pid);

            json_object_set_new(obj, a->key, parent ? json_string(pid) : json_null());
        }
        v = json_object_get(obj, a->key);
        if (n > 2 && !strcmp(a->key + n - 2, "Id")) {
            char *link = xstrndup(a->key, n - 2);
            const struct type *rt = schema_type(a->ref);
            char *uri = json_is_string(v) && rt->template_key ?
                        d->ops->root_uri(d->be, rt->template_key, json_string_value(v)) : NULL;

            if (!json_object_get(obj, link))
                json_object_set_new(obj, link, uri ? json_string(uri) : json_null());
            free(uri);
            free(link);
        }
    }
    free(pid);
}

/*
 * What the API would answer a create in collection coll with: a Location, and the new
 * object as it would read back (the body, its id, its uri and its links). The caller's.
 */
static char *invent(struct dryrun *d, const char *coll, const char *media, json_t *obj)
{
    const struct type *made = NULL;
    char *loc = NULL;

    for (int i = 0; i < T_COUNT && !made; i++)
        if (media_is(schema_type((enum type_id)i), media))
            made = schema_type((enum type_id)i);
    if (made && made->id_key) {
        char *id = xasprintf(DRYRUN_ID_PREFIX "%012lx", ++d->seq);

        if (made->template_key)
            loc = d->ops->root_uri(d->be, made->template_key, id);
        if (!loc)
            loc = xasprintf("%s/%s", coll, id);
        json_object_set_new(obj, made->id_key, json_string(id));
        free(id);
    } else if (made && made->key_attr) {
        const struct attr *a = schema_attr(made, made->key_attr);
        const json_t *k = a ? json_object_get(obj, a->key) : NULL;

        if (a && a->kind == K_CIDR && json_is_string(k))
            loc = xasprintf("%s/%s_%lld", coll, json_string_value(k),
                            (long long)json_integer_value(json_object_get(obj, a->key2)));
        else if (json_is_string(k))
            loc = xasprintf("%s/%s", coll, json_string_value(k));
    }
    if (!loc)
        loc = xasprintf("%s/dry-run-%lu", coll, ++d->seq);
    json_object_set_new(obj, "uri", json_string(loc));
    if (made)
        read_back(d, schema_variant(made, obj), coll, obj);
    /* The links of the type made (a bridge port's, not a router port's), else of every type
     * sent with this media, as far as the connected dialect has them. */
    for (int i = 0; i < T_COUNT; i++) {
        const struct type *t = schema_type((enum type_id)i);

        if (made ? t != schema_variant(made, obj) : !media_is(t, media))
            continue;
        for (const struct child *c = t->children; c && c->uri_key; c++)
            if (!(schema_type(c->type)->flags & TF_EMBEDDED) &&
                schema_type_shown(schema_type(c->type)))
                add_link(obj, loc, c->uri_key);
        for (const struct attr *a = t->attrs; a && a->name; a++)
            if (a->link_key && schema_attr_shown(a))
                add_link(obj, loc, a->link_key);
    }
    return loc;
}

/* Is uri under (or at) one of the keys of map? The key, or NULL. */
static const char *under(json_t *map, const char *uri)
{
    const char *k;
    json_t *v;

    json_object_foreach(map, k, v) {
        size_t n = strlen(k);

        if (!strncmp(uri, k, n) && (!uri[n] || uri[n] == '/'))
            return k;
    }
    return NULL;
}

static void answer(struct api_response *resp, long status, json_t *body)
{
    memset(resp, 0, sizeof(*resp));
    resp->status = status;
    resp->body = body;
    if (status == 404)
        resp->message = xstrdup("not found (deleted earlier in this dry run)");
}

/*
 * Is o the child of an object this run deleted (its parent's id in a parent reference: a
 * port's deviceId, a rule's chainId)? The API deletes children with their parent.
 */
static bool orphan(struct dryrun *d, const json_t *o)
{
    for (int i = 0; i < T_COUNT && json_object_size(d->gone_ids); i++) {
        const struct type *t = schema_type((enum type_id)i);

        const struct attr *a = schema_parent_attr(t);
        const char *v = a && !a->sub ? json_string_value(json_object_get(o, a->key)) : NULL;

        if (v && json_object_get(d->gone_ids, v))
            return true;
    }
    return false;
}

/*
 * The objects created in collection uri, as a new array: those POSTed to it, and those
 * whose URI is in it (a bridge's port is in the root /ports too).
 */
static json_t *made_list(struct dryrun *d, const char *uri)
{
    json_t *list = json_array(), *u, *o;
    const char *loc;
    size_t i, n = strlen(uri);

    json_array_foreach(json_object_get(d->made_in, uri), i, u)
        if ((o = json_object_get(d->made, json_string_value(u))) && !orphan(d, o))
            json_array_append_new(list, json_deep_copy(o));
    json_object_foreach(d->made, loc, o) {
        bool listed = false;

        if (strncmp(loc, uri, n) || loc[n] != '/' || strchr(loc + n + 1, '/'))
            continue;
        json_array_foreach(json_object_get(d->made_in, uri), i, u)
            listed = listed || !strcmp(json_string_value(u), loc);
        if (!listed && !orphan(d, o))
            json_array_append_new(list, json_deep_copy(o));
    }
    return list;
}

/* The API's answer corrected by what this run did. */
static void amend(struct dryrun *d, const char *uri, json_t *body)
{
    if (json_is_array(body)) {
        json_t *made;

        for (size_t i = json_array_size(body); i-- > 0;) {
            json_t *o = json_array_get(body, i);
            const char *ou = json_string_value(json_object_get(o, "uri"));
            json_t *now;

            if (!ou)
                continue;
            if (under(d->gone, ou) || orphan(d, o))
                json_array_remove(body, i);
            else if ((now = json_object_get(d->changed, ou)))
                json_object_update(o, now);
        }
        made = made_list(d, uri);
        json_array_extend(body, made);
        json_decref(made);
    } else if (json_is_object(body) && json_object_get(d->changed, uri)) {
        json_object_update(body, json_object_get(d->changed, uri));
    }
}

static enum api_status dr_get(void *be, const char *uri, const char *query, const char *media,
                              struct api_response *resp)
{
    struct dryrun *d = be;
    char *u = bare(uri);
    const char *in;
    enum api_status st = API_OK;
    json_t *o;

    if (under(d->gone, u)) {
        answer(resp, 404, NULL);
        st = API_FAILED;
    } else if ((o = json_object_get(d->made, u))) {
        answer(resp, 200, json_deep_copy(o));
    } else if ((in = under(d->made, u))) {
        /* A collection of an object made here: what was made in it, nothing else. */
        (void)in;
        answer(resp, 200, made_list(d, u));
    } else {
        st = d->ops->get(d->be, uri, query, media, resp);
        if (st == API_OK)
            amend(d, u, resp->body);
    }
    free(u);
    return st;
}

static enum api_status dr_post(void *be, const char *uri, const char *media,
                               const char *list_media, const json_t *body,
                               struct api_response *resp)
{
    struct dryrun *d = be;
    char *u = bare(uri);
    json_t *obj = json_is_object(body) ? json_deep_copy(body) : json_object();
    json_t *list;
    char *loc;

    print_request(d, "POST", uri, body);
    answer(resp, 201, NULL);
    if (strlen(u) > 5 && !strcmp(u + strlen(u) - 5, "/link")) {
        /* A port's link: no new object. */
        json_decref(obj);
        free(u);
        return API_OK;
    }
    loc = invent(d, u, media, obj);
    json_object_set_new(d->made, loc, obj);
    list = json_object_get(d->made_in, u);
    if (!list) {
        list = json_array();
        json_object_set_new(d->made_in, u, list);
    }
    json_array_append_new(list, json_string(loc));
    resp->location = loc;
    free(u);
    return API_OK;
}

static enum api_status dr_put(void *be, const char *uri, const char *media, const json_t *body,
                              struct api_response *resp)
{
    struct dryrun *d = be;
    char *u = bare(uri);
    json_t *o = json_object_get(d->made, u);

    (void)media;
    print_request(d, "PUT", uri, body);
    if (o && json_is_object(body))
        json_object_update(o, (json_t *)body);
    else if (json_is_object(body))
        json_object_set_new(d->changed, u, json_deep_copy(body));
    answer(resp, 204, NULL);
    free(u);
    return API_OK;
}

static enum api_status dr_del(void *be, const char *uri, const char *media,
                              struct api_response *resp)
{
    struct dryrun *d = be;
    char *u = bare(uri);

    (void)media;
    print_request(d, "DELETE", uri, NULL);
    if (!(strlen(u) > 5 && !strcmp(u + strlen(u) - 5, "/link"))) {
        const char *id = strrchr(u, '/');

        json_object_del(d->made, u);
        json_object_set_new(d->gone, u, json_true());
        if (id && api_is_uuid(id + 1))
            json_object_set_new(d->gone_ids, id + 1, json_true());
    }
    answer(resp, 204, NULL);
    free(u);
    return API_OK;
}

static enum api_status dr_root(void *be, const json_t **root, struct api_response *resp)
{
    struct dryrun *d = be;

    return d->ops->root(d->be, root, resp);
}

static char *dr_root_uri(void *be, const char *key, const char *id)
{
    struct dryrun *d = be;

    return d->ops->root_uri(d->be, key, id);
}

static char *dr_escape(void *be, const char *s)
{
    struct dryrun *d = be;

    return d->ops->escape(d->be, s);
}

static void dr_limit(void *be, long timeout_ms)
{
    struct dryrun *d = be;

    if (d->ops->limit)
        d->ops->limit(d->be, timeout_ms);
}

const struct backend_ops backend_dryrun = {
    /* No list: what a dry run made joins a list once it is in (amend). */
    dr_root, dr_root_uri, dr_get, dr_post, dr_put, dr_del, dr_escape, dr_limit, NULL,
};

void dryrun_set(struct session *s, bool on)
{
    struct dryrun *d;

    if (on == (s->dry != NULL))
        return;
    if (on) {
        d = xcalloc(1, sizeof(*d));
        d->ops = s->ops;
        d->be = s->backend;
        d->out = s->out;
        d->made = json_object();
        d->made_in = json_object();
        d->gone = json_object();
        d->gone_ids = json_object();
        d->changed = json_object();
        s->dry = d;
        s->ops = &backend_dryrun;
        s->backend = d;
        return;
    }
    d = s->dry;
    s->ops = d->ops;
    s->backend = d->be;
    json_decref(d->made);
    json_decref(d->made_in);
    json_decref(d->gone);
    json_decref(d->gone_ids);
    json_decref(d->changed);
    free(d);
    s->dry = NULL;
    /* The cache, and the names creates count, hold what only the dry run made. */
    json_decref(s->names_seen);
    s->names_seen = NULL;
    cache_invalidate_all(&s->cache);
}
