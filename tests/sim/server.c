/*
 * server: `midonet-sim serve`. libmicrohttpd with a thread per connection; API requests
 * are handled one at a time under one lock (the simulator is a test tool: simple beats
 * fast), after the optional --delay-ms sleep and before the optional --reply-delay-ms
 * one, both taken outside the lock so that a slow request does not hold up the others.
 *
 * What the real server does in servlet filters before Jersey happens here, in the same
 * order: CORS (OPTIONS), /login, authentication, the StateFilter; then route matching
 * and media-type negotiation as Jersey does it (404, 405, 415, 406).
 */
#include "tests/sim/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tests/sim/body.h"
#include "tests/sim/res.h"
#include "tests/sim/res5.h"

#define API_PREFIX "/midonet-api"
#define MAX_BODY (1024 * 1024)
#define MAX_SEGS 16
#define MAX_RECORDED 10000
#define MOCK_ADMIN_TOKEN "999888777666"
#define WWW_AUTH "Basic  realm=\"BASIC_AUTH_REALM\""
#define CORS_METHODS "GET, POST, PUT, DELETE, OPTIONS"

static const struct route *const route_tables[] = {
    res_root_routes,
    res_bridge_routes,
    res_router_routes,
    res_port_routes,
    res_route_routes,
    res_host_routes,
    res_tunnel_routes,
    res_chain_routes,
    res_group_routes,
    res_dhcp_routes,
    res_table_routes,
    res_bgp_routes,
    res_l4lb_routes,
    res_vtep_routes,
    res_trace_routes,
};

const struct route *const *server_route_tables(size_t *n)
{
    *n = ARRAY_SIZE(route_tables);
    return route_tables;
}

enum stat_kind { ST_GET, ST_POST, ST_PUT, ST_DELETE, ST_OTHER, ST_NR };
static const char *const stat_names[ST_NR] = { "GET", "POST", "PUT", "DELETE", "OTHER" };

struct server {
    struct zks zk;
    struct MHD_Daemon *mhd;
    bool token_auth;
    char *token;                /* --token, or NULL */
    char *base_uri;             /* --base-uri, or NULL: from the Host header */
    char *listen_host;          /* for requests without a Host header */
    unsigned port;
    unsigned delay_ms;          /* --delay-ms: before a request is handled */
    unsigned reply_delay_ms;    /* --reply-delay-ms: after it is handled, before the reply */

    pthread_mutex_t api_lock;   /* one API request at a time */

    pthread_mutex_t stop_lock;  /* guards stopping; stop_cond wakes --delay-ms sleepers */
    pthread_cond_t stop_cond;
    bool stopping;

    pthread_mutex_t stats_lock;
    unsigned long counts[ST_NR];
    json_t *recorded;           /* ["GET /bridges", …] since the last reset */
    unsigned long dropped;
};

/* Per-connection request state, across the access handler's calls. */
struct upload {
    struct strbuf body;
    bool too_big;
};

/* The reply being built, with the few headers only the filters set. */
struct reply {
    struct req r;
    const char *cookie;         /* Set-Cookie value */
    bool www_auth;
    char *allow;                /* Allow, for 405 */
};

static void reply_release(struct reply *rep)
{
    json_decref(rep->r.out);
    free(rep->r.out_text);
    free(rep->r.out_ctype);
    free(rep->r.location);
    free(rep->allow);
}

static enum stat_kind stat_kind_of(const char *method)
{
    for (int i = 0; i < ST_OTHER; i++)
        if (!strcmp(method, stat_names[i]))
            return (enum stat_kind)i;
    return ST_OTHER;
}

static void stats_count(struct server *s, const char *method, const char *url)
{
    pthread_mutex_lock(&s->stats_lock);
    s->counts[stat_kind_of(method)]++;
    if (json_array_size(s->recorded) < MAX_RECORDED) {
        char *line = xasprintf("%s %s", method, url + strlen(API_PREFIX));
        json_t *j = json_string(line);

        if (j)
            json_array_append_new(s->recorded, j);
        else
            s->dropped++;
        free(line);
    } else {
        s->dropped++;
    }
    pthread_mutex_unlock(&s->stats_lock);
}

static json_t *stats_json(struct server *s)
{
    json_t *o = json_object();
    unsigned long total = 0;

    pthread_mutex_lock(&s->stats_lock);
    for (int i = 0; i < ST_NR; i++) {
        json_object_set_new(o, stat_names[i], json_integer((json_int_t)s->counts[i]));
        total += s->counts[i];
    }
    json_object_set_new(o, "total", json_integer((json_int_t)total));
    json_object_set_new(o, "requests", json_deep_copy(s->recorded));
    json_object_set_new(o, "requests_dropped", json_integer((json_int_t)s->dropped));
    pthread_mutex_unlock(&s->stats_lock);
    return o;
}

static void stats_reset(struct server *s)
{
    pthread_mutex_lock(&s->stats_lock);
    memset(s->counts, 0, sizeof(s->counts));
    json_array_clear(s->recorded);
    s->dropped = 0;
    pthread_mutex_unlock(&s->stats_lock);
}

/* Sleep ms milliseconds, or less when the server is stopping. */
static void delay(struct server *s, unsigned ms)
{
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&s->stop_lock);
    while (!s->stopping) {
        if (pthread_cond_timedwait(&s->stop_cond, &s->stop_lock, &until) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&s->stop_lock);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* A media-type token of a route ("Bridge-v3", "json") as a full type. The caller's. */
static char *token_type(const char *tok, size_t len)
{
    if (len == 4 && !memcmp(tok, "json", 4))
        return xstrdup("application/json");
    return xasprintf(MT_PREFIX "%.*s+json", (int)len, tok);
}

/* The version of a token: N of "-vN"; 1 for "json" (as MidoNet's mappers count it). */
static int token_version(const char *tok, size_t len)
{
    int ver = 0, mult = 1;
    size_t i = len;

    while (i > 0 && tok[i - 1] >= '0' && tok[i - 1] <= '9' && mult <= 1000) {
        ver += (tok[i - 1] - '0') * mult;
        mult *= 10;
        i--;
    }
    if (i >= 2 && tok[i - 1] == 'v' && tok[i - 2] == '-' && ver > 0)
        return ver;
    return 1;
}

/* The next token of a space-separated list; false at the end. */
static bool next_token(const char **p, const char **tok, size_t *len)
{
    while (**p == ' ')
        (*p)++;
    if (!**p)
        return false;
    *tok = *p;
    while (**p && **p != ' ')
        (*p)++;
    *len = (size_t)(*p - *tok);
    return true;
}

/* A media type from a header, without parameters and surrounding blanks, lowercased. */
static char *bare_type(const char *s, size_t len)
{
    size_t start = 0, end;
    char *out;

    while (start < len && (s[start] == ' ' || s[start] == '\t'))
        start++;
    end = start;
    while (end < len && s[end] != ';')
        end++;
    while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    out = xstrndup(s + start, end - start);
    for (char *p = out; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return out;
}

/*
 * Pick the route type matching the wanted type (from Accept or Content-Type). The
 * wildcards (any type, any application type) take the first, the newest. On a match,
 * tok and len name the token.
 */
static bool pick_type(const char *types, const char *wanted, const char **tok, size_t *len)
{
    const char *p = types;
    bool any = !strcmp(wanted, "*/*") || !strcmp(wanted, "application/*");

    while (next_token(&p, tok, len)) {
        char *full;
        bool same;

        if (any)
            return true;
        full = token_type(*tok, *len);
        same = !strcasecmp(full, wanted);
        free(full);
        if (same)
            return true;
    }
    return false;
}

/* Negotiate a GET's response type from Accept. False: 406. */
static bool negotiate_accept(const char *types, const char *accept, const char **tok, size_t *len)
{
    const char *p = accept;

    if (!accept || !*accept)
        return pick_type(types, "*/*", tok, len);
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char *want = bare_type(p, n);
        bool ok = *want && pick_type(types, want, tok, len);

        free(want);
        if (ok)
            return true;
        p += n;
        if (*p == ',')
            p++;
    }
    return false;
}

/* Negotiate a POST's or PUT's body type from Content-Type. False: 415. */
static bool negotiate_ctype(const char *types, const char *ctype, const char **tok, size_t *len)
{
    char *want;
    bool ok;

    if (!ctype || !*ctype)
        return pick_type(types, "*/*", tok, len);
    want = bare_type(ctype, strlen(ctype));
    ok = *want && strcmp(want, "*/*") && pick_type(types, want, tok, len);
    free(want);
    return ok;
}

/* Split a path into at most MAX_SEGS segments (in buf, modified). -1 when too many. */
static int split_path(char *buf, char **segs, size_t *nr)
{
    char *p = buf;

    *nr = 0;
    while (*p) {
        char *end;

        while (*p == '/')
            p++;
        if (!*p)
            break;
        if (*nr == MAX_SEGS)
            return -1;
        end = strchr(p, '/');
        segs[(*nr)++] = p;
        if (!end)
            break;
        *end = '\0';
        p = end + 1;
    }
    return 0;
}

enum match { NO_MATCH, MATCH, MATCH_BAD_UUID };

/* Match segs against a pattern, capturing {id} and {s} into r. */
static enum match match_route(const char *pattern, char **segs, size_t nr, struct req *r)
{
    const char *p = pattern;
    size_t i = 0, nargs = 0;
    bool bad_uuid = false;

    while (*p) {
        const char *end;
        size_t len;

        while (*p == '/')
            p++;
        if (!*p)
            break;
        end = strchr(p, '/');
        len = end ? (size_t)(end - p) : strlen(p);
        if (i == nr)
            return NO_MATCH;
        if (len == 4 && !memcmp(p, "{id}", 4)) {
            if (nargs < REQ_MAX_ARGS) {
                if (val_uuid_norm(segs[i], r->argbuf[nargs]) < 0)
                    bad_uuid = true;
                r->arg[nargs] = r->argbuf[nargs];
                nargs++;
            }
        } else if (len == 3 && !memcmp(p, "{s}", 3)) {
            if (nargs < REQ_MAX_ARGS)
                r->arg[nargs++] = segs[i];
        } else if (strlen(segs[i]) != len || memcmp(segs[i], p, len)) {
            return NO_MATCH;
        }
        i++;
        p += len;
    }
    if (i != nr)
        return NO_MATCH;
    return bad_uuid ? MATCH_BAD_UUID : MATCH;
}

static enum req_method method_of(const char *m)
{
    if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
        return REQ_GET;
    if (!strcmp(m, "POST"))
        return REQ_POST;
    if (!strcmp(m, "PUT"))
        return REQ_PUT;
    if (!strcmp(m, "DELETE"))
        return REQ_DELETE;
    return REQ_OTHER;
}

/* Jersey's part: route, negotiate, parse the body, call the handler. */
static void dispatch(struct server *s, struct reply *rep, struct MHD_Connection *c,
                     const char *rel, const struct strbuf *body)
{
    struct req *r = &rep->r;
    char *path = xstrdup(rel);
    char *segs[MAX_SEGS];
    size_t nsegs;
    const struct route *found = NULL;
    struct strbuf allow = STRBUF_INIT;
    bool path_matched = false, bad_uuid = false;
    const char *tok = NULL;
    size_t toklen = 0;
    json_t *in = NULL;
    char *full = NULL;

    const struct route *const *tables = route_tables;
    size_t ntables = ARRAY_SIZE(route_tables);

    if (SIM_DIALECT_5) {
        tables = d5_tables;
        ntables = d5_ntables;
    }
    if (split_path(path, segs, &nsegs) < 0) {
        req_error(r, 404, NULL);
        goto out;
    }
    for (size_t t = 0; t < ntables && !found; t++) {
        for (const struct route *rt = tables[t]; rt->method && !found; rt++) {
            struct req probe = { 0 };
            enum match m = match_route(rt->pattern, segs, nsegs, &probe);

            if (m == NO_MATCH)
                continue;
            path_matched = true;
            if (!allow.len || !strstr(allow.buf, rt->method)) {
                if (allow.len)
                    strbuf_addstr(&allow, ",");
                strbuf_addstr(&allow, rt->method);
            }
            if (method_of(rt->method) != r->method)
                continue;
            found = rt;
            bad_uuid = m == MATCH_BAD_UUID;
            match_route(rt->pattern, segs, nsegs, r);
        }
    }
    if (!path_matched) {
        if (SIM_DIALECT_5 && nsegs && !d5_root_known(segs[0]))
            req_error(r, 404, "Root resource %s not found", segs[0]);
        else
            req_error(r, 404, NULL);
        goto out;
    }
    if (!found) {
        if (allow.len)
            strbuf_addstr(&allow, ",");
        strbuf_addstr(&allow, "OPTIONS");
        rep->allow = strbuf_detach(&allow);
        req_error(r, 405, NULL);
        goto out;
    }
    if (SIM_DIALECT_5 && found->types && r->method != REQ_DELETE &&
        !d5_header_ok(header(c, r->method == REQ_GET ? MHD_HTTP_HEADER_ACCEPT
                                                     : MHD_HTTP_HEADER_CONTENT_TYPE))) {
        req_error(r, 406, NULL);
        goto out;
    }
    if (found->types && (r->method == REQ_POST || r->method == REQ_PUT)) {
        if (!negotiate_ctype(found->types, header(c, MHD_HTTP_HEADER_CONTENT_TYPE), &tok,
                             &toklen)) {
            req_error(r, SIM_DIALECT_5 ? 406 : 415, NULL);
            goto out;
        }
        r->in_ver = token_version(tok, toklen);
        snprintf(r->in_type, sizeof(r->in_type), "%.*s", (int)toklen, tok);
    } else if (found->types && r->method == REQ_GET) {
        if (!negotiate_accept(found->types, header(c, MHD_HTTP_HEADER_ACCEPT), &tok, &toklen)) {
            req_error(r, 406, NULL);
            goto out;
        }
        r->ver = token_version(tok, toklen);
        full = token_type(tok, toklen);
        r->out_type = full;
    }
    if (bad_uuid) {
        req_error(r, 404, NULL);
        goto out;
    }
    if (r->method == REQ_POST || r->method == REQ_PUT) {
        /*
         * Jackson 1.9: the first JSON value is read, a repeated key's last value wins; a
         * syntax error is a JsonParseException, which only the catch-all mapper handles
         * (500), as is an empty body (EOFException) or null (no entity at all); a value
         * that is not an object cannot be mapped to the class (400).
         */
        in = json_loadb(body->buf, body->len, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, NULL);
        if (!in && body->len && body->buf[strspn(body->buf, " \t\r\n")] == '[') {
            /* Jackson stops at the first token, an array's start: not a bean (400). */
            req_error(r, 400, MSG_NOT_DESERIALIZABLE);
            goto out;
        }
        if (!in || json_is_null(in)) {
            req_error(r, 500, "An internal server error has occurred, please try again.");
            goto out;
        }
        if (!json_is_object(in)) {
            req_error(r, 400, MSG_NOT_DESERIALIZABLE);
            goto out;
        }
        r->in = in;
        /*
         * The field table is 1.9's: its classes and the coercions of Jackson 1.9.3. 5.x
         * reads bodies with Jackson 2.5 into other classes (cluster/rest_api/models, with
         * fields 1.9 lacks: asNumber, mirror ids, qosPolicyId, the Host weights), so a 5.x
         * body reaches the 5.x layer as sent, and that layer reads its own fields.
         */
        if (!SIM_DIALECT_5 && body_read(r, found->method, found->pattern) < 0)
            goto out;
    }
    /* 5.x's post-hooks edit r->out: its handlers reply with JSON values only. */
    r->raw_ok = !SIM_DIALECT_5;
    if ((SIM_DIALECT_5 ? d5_call(found, r) : found->fn(r)) < 0 || !r->status)
        req_error(r, 500, "An internal server error has occurred, please try again.");
out:
    /* out_type may point into full; the body has been built by now. */
    r->out_type = NULL;
    r->in = NULL;
    json_decref(in);
    free(full);
    free(path);
    strbuf_release(&allow);
}

/* The /login servlet filter: Basic credentials in, the token in a cookie and a body. */
static void login(struct server *s, struct reply *rep, struct MHD_Connection *c)
{
    const char *auth = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
    const char *token = s->token ? s->token : SIM_DIALECT_5 ? D5_MOCK_TOKEN : MOCK_ADMIN_TOKEN;
    struct strbuf cred = STRBUF_INIT;
    json_t *body;

    if (!auth) {
        rep->www_auth = true;
        req_error(&rep->r, 401, "Authorization header is not set.");
        goto out;
    }
    if (!starts_with(auth, "Basic ")) {
        rep->www_auth = true;
        req_error(&rep->r, 401, "Authorization header does not contain Basic.");
        goto out;
    }
    /* The credentials themselves are not checked: any user and password will do. */
    if (val_base64_decode(auth + 6, &cred) < 0 || !memchr(cred.buf, ':', cred.len)) {
        rep->www_auth = true;
        req_error(&rep->r, 401, "Authorization header is not valid");
        goto out;
    }
    body = json_object();
    json_object_set_new(body, "key", json_string(token));
    json_object_set_new(body, "expires", json_null());
    req_ok_as(&rep->r, body, MT_PREFIX "Token-v1+json;charset=UTF-8");
    rep->cookie = token;
out:
    strbuf_release(&cred);
}

/* The AuthFilter. True when the request may go on. */
static bool authenticate(struct server *s, struct reply *rep, struct MHD_Connection *c)
{
    const char *tok = header(c, "X-Auth-Token");

    /* Mock auth: a missing or unknown token is the admin. */
    if (!s->token_auth)
        return true;
    if (tok && !strcmp(tok, s->token))
        return true;
    rep->www_auth = true;
    req_error(&rep->r, 401, tok && *tok ? "Authentication error" : "No token was passed in.");
    return false;
}

/* The StateFilter's read-only mode. True when the request may go on. */
static bool state_filter(struct server *s, struct reply *rep, struct MHD_Connection *c)
{
    const char *ctype = header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
    static const char *const exempt[] = { "HostVersion", "WriteVersion", "SystemState" };
    enum zks_rc rc;

    if (rep->r.method == REQ_GET || !ctype)
        return true;
    for (size_t i = 0; i < ARRAY_SIZE(exempt); i++)
        if (strstr(ctype, exempt[i]))
            return true;
    rc = zks_exists(&s->zk, "/system_state/CONFIG_READ_ONLY");
    if (rc == ZKS_NONODE)
        return true;
    if (rc == ZKS_OK)
        req_error(&rep->r, 503, "API server currently in restricted mode.");
    else
        req_zk_error(&rep->r, rc);
    return false;
}

static void handle_api(struct server *s, struct reply *rep, struct MHD_Connection *c,
                       const char *url, const char *method, const struct strbuf *body)
{
    const char *rel = url + strlen(API_PREFIX);
    const char *host = header(c, MHD_HTTP_HEADER_HOST);
    char *base;

    if (s->base_uri)
        base = xstrdup(s->base_uri);
    else if (host && *host && strlen(host) < 256 && !strpbrk(host, "/\\\"<> "))
        base = xasprintf("http://%s" API_PREFIX, host);
    else
        base = xasprintf("http://%s:%u" API_PREFIX, s->listen_host, s->port);
    rep->r.base = base;
    rep->r.zk = &s->zk;
    rep->r.conn = c;
    rep->r.method = method_of(method);

    if (!strcmp(method, "OPTIONS")) {
        rep->r.status = 200;
        goto out;
    }
    if (!strcmp(rel, "/login") || !strcmp(rel, "/login/")) {
        login(s, rep, c);
        goto out;
    }
    if (!authenticate(s, rep, c))
        goto out;
    if (!zks_usable(&s->zk)) {
        req_error(&rep->r, 503, "Can not access topology information");
        goto out;
    }
    if (!SIM_DIALECT_5 && !state_filter(s, rep, c))
        goto out;
    if (rep->r.method == REQ_OTHER) {
        req_error(&rep->r, 405, NULL);
        goto out;
    }
    dispatch(s, rep, c, rel, body);
out:
    rep->r.base = NULL;
    free(base);
}

static void handle_sim(struct server *s, struct reply *rep, const char *url, const char *method)
{
    if (!strcmp(url, "/_sim/stats") && !strcmp(method, "GET")) {
        req_ok_as(&rep->r, stats_json(s), "application/json");
    } else if (!strcmp(url, "/_sim/stats/reset") && !strcmp(method, "POST")) {
        stats_reset(s);
        req_ok_as(&rep->r, json_object(), "application/json");
    } else {
        req_error(&rep->r, 404, "no such simulator endpoint");
    }
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct reply *rep)
{
    struct MHD_Response *resp;
    char *text = NULL;
    size_t len = 0;
    enum MHD_Result ret;

    if (rep->r.out_text) {
        text = rep->r.out_text;
        len = rep->r.out_len;
        rep->r.out_text = NULL;
    } else if (rep->r.out) {
        text = json_dumps(rep->r.out, REQ_DUMP_FLAGS);
        if (!text)
            die(1, "cannot serialize JSON");
        len = strlen(text);
    }
    if (text)
        resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    else
        resp = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    if (text && rep->r.out_ctype)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->r.out_ctype);
    if (rep->r.location)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, rep->r.location);
    if (rep->cookie) {
        char *cookie = xasprintf("sessionId=%s", rep->cookie);

        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
        free(cookie);
    }
    if (rep->www_auth)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, WWW_AUTH);
    if (rep->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rep->allow);
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(resp, "Access-Control-Allow-Methods", CORS_METHODS);
    MHD_add_response_header(resp, "Access-Control-Expose-Headers", "Location");
    ret = MHD_queue_response(c, rep->r.status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static bool is_api(const char *url)
{
    size_t n = strlen(API_PREFIX);

    return !strncmp(url, API_PREFIX, n) && (url[n] == '\0' || url[n] == '/');
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **ctx)
{
    struct server *s = cls;
    struct upload *up = *ctx;
    struct reply rep;
    enum MHD_Result ret;

    if (!up) {
        up = xcalloc(1, sizeof(*up));
        strbuf_init(&up->body);
        *ctx = up;
        if (is_api(url))
            stats_count(s, method, url);
        return MHD_YES;
    }
    if (*upload_size) {
        /* Bounded: past MAX_BODY the rest is read and dropped, then refused. */
        if (up->body.len + *upload_size > MAX_BODY)
            up->too_big = true;
        else
            strbuf_add(&up->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }

    memset(&rep, 0, sizeof(rep));
    if (up->too_big) {
        req_error(&rep.r, 413, "Request body too large");
    } else if (is_api(url)) {
        if (s->delay_ms)
            delay(s, s->delay_ms);
        pthread_mutex_lock(&s->api_lock);
        handle_api(s, &rep, c, url, method, &up->body);
        if (SIM_DIALECT_5)
            d5_finish(&rep.r);
        pthread_mutex_unlock(&s->api_lock);
        if (s->reply_delay_ms)
            delay(s, s->reply_delay_ms);
    } else if (starts_with(url, "/_sim/")) {
        handle_sim(s, &rep, url, method);
    } else {
        req_error(&rep.r, 404, NULL);
    }
    ret = send_reply(c, &rep);
    reply_release(&rep);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **ctx,
                         enum MHD_RequestTerminationCode code)
{
    struct upload *up = *ctx;

    if (up) {
        strbuf_release(&up->body);
        free(up);
        *ctx = NULL;
    }
}

/* The top-level directories and /write_version (§6), as the API's Setup does. */
static int setup_tree(struct server *s)
{
    enum zks_rc rc;
    int ret = -1;

    if (*s->zk.root && zks_ensure_abs(&s->zk, s->zk.root) != ZKS_OK)
        goto out;
    for (const char *const *d = res_top_dirs; *d; d++) {
        char *abs = zks_abs(&s->zk, *d);

        rc = zks_ensure_abs(&s->zk, abs);
        free(abs);
        if (rc != ZKS_OK)
            goto out;
    }
    rc = zks_create(&s->zk, ZKS_WRITE_VERSION, 0, NULL, "/write_version");
    if (rc != ZKS_OK && rc != ZKS_EXISTS)
        goto out;
    ret = 0;
out:
    if (ret < 0)
        error("cannot create the MidoNet tree under %s", *s->zk.root ? s->zk.root : "/");
    return ret;
}

static int parse_listen(const char *arg, struct sockaddr_in *sa, char **host, unsigned *port)
{
    const char *colon = strrchr(arg, ':');
    char *name, *end;
    unsigned long p;
    struct addrinfo hints = { 0 }, *res = NULL;

    if (!colon || colon == arg)
        return error("--listen wants ADDR:PORT, not '%s'", arg);
    errno = 0;
    p = strtoul(colon + 1, &end, 10);
    if (errno || *end || !colon[1] || p > 65535)
        return error("bad port in --listen '%s'", arg);
    name = xstrndup(arg, (size_t)(colon - arg));
    hints.ai_family = AF_INET;
    if (getaddrinfo(name, NULL, &hints, &res) || !res) {
        error("cannot resolve '%s'", name);
        free(name);
        return -1;
    }
    memcpy(sa, res->ai_addr, sizeof(*sa));
    sa->sin_port = htons((uint16_t)p);
    freeaddrinfo(res);
    *host = name;
    *port = (unsigned)p;
    return 0;
}

static const char serve_usage[] =
    "usage: midonet-sim serve --listen ADDR:PORT --zookeeper HOSTS [--zk-root PATH]\n"
    "                         [--auth mock|token] [--token TOKEN] [--base-uri URI]\n"
    "                         [--delay-ms N] [--reply-delay-ms N] [--dialect 1.9|5]\n"
    "\n"
    "Serve the MidoNet 1.9 REST API at http://ADDR:PORT/midonet-api, keeping all state in\n"
    "ZooKeeper under PATH (default /midonet/v1). PORT 0 picks a free port; the first line\n"
    "printed gives the API URL. --auth token refuses requests without X-Auth-Token TOKEN;\n"
    "mock (the default) treats everyone as admin. --base-uri sets the base of returned URIs\n"
    "(default: from the request's Host). --delay-ms delays every API request before it is\n"
    "handled; --reply-delay-ms delays the reply after it is handled (what it read may then\n"
    "change before the client has it).\n"
    "--dialect 5 serves MidoNet 5.x's API instead (tests/sim/res5.h).\n"
    "GET /_sim/stats counts API requests; POST /_sim/stats/reset zeroes the counts.\n";

int server_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "listen", required_argument, NULL, 'l' },
        { "zookeeper", required_argument, NULL, 'z' },
        { "zk-root", required_argument, NULL, 'r' },
        { "auth", required_argument, NULL, 'a' },
        { "token", required_argument, NULL, 't' },
        { "base-uri", required_argument, NULL, 'b' },
        { "delay-ms", required_argument, NULL, 'd' },
        { "reply-delay-ms", required_argument, NULL, 'R' },
        { "dialect", required_argument, NULL, 'D' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct server s;
    const char *listen = NULL, *hosts = NULL, *root = "/midonet/v1", *auth = "mock";
    struct sockaddr_in sa;
    const union MHD_DaemonInfo *info;
    sigset_t sigs;
    int opt, sig, ret = 1;
    char *end;

    memset(&s, 0, sizeof(s));
    pthread_mutex_init(&s.api_lock, NULL);
    pthread_mutex_init(&s.stop_lock, NULL);
    pthread_cond_init(&s.stop_cond, NULL);
    pthread_mutex_init(&s.stats_lock, NULL);
    s.recorded = json_array();
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'l': listen = optarg; break;
        case 'z': hosts = optarg; break;
        case 'r': root = optarg; break;
        case 'a': auth = optarg; break;
        case 't':
            free(s.token);
            s.token = xstrdup(optarg);
            break;
        case 'b':
            free(s.base_uri);
            s.base_uri = xstrdup(optarg);
            while (ends_with(s.base_uri, "/"))
                s.base_uri[strlen(s.base_uri) - 1] = '\0';
            break;
        case 'd':
        case 'R': {
            unsigned *ms = opt == 'd' ? &s.delay_ms : &s.reply_delay_ms;

            errno = 0;
            *ms = (unsigned)strtoul(optarg, &end, 10);
            if (errno || *end || !*optarg || *ms > 600000) {
                error("--%s wants 0 to 600000, not '%s'",
                      opt == 'd' ? "delay-ms" : "reply-delay-ms",
                      optarg);
                goto out;
            }
            break;
        }
        case 'D':
            if (strcmp(optarg, "1.9") && strcmp(optarg, "5")) {
                error("--dialect is 1.9 or 5, not '%s'", optarg);
                ret = 2;
                goto out;
            }
            sim_dialect = !strcmp(optarg, "5") ? 5 : 19;
            break;
        case 'h':
            fputs(serve_usage, stdout);
            ret = 0;
            goto out;
        default:
            fputs(serve_usage, stderr);
            ret = 2;
            goto out;
        }
    }
    if (optind < argc || !listen || !hosts) {
        fputs(serve_usage, stderr);
        ret = 2;
        goto out;
    }
    if (!strcmp(auth, "token")) {
        s.token_auth = true;
        if (!s.token || !*s.token) {
            error("--auth token needs --token TOKEN");
            ret = 2;
            goto out;
        }
    } else if (strcmp(auth, "mock")) {
        error("--auth is mock or token, not '%s'", auth);
        ret = 2;
        goto out;
    }
    if (parse_listen(listen, &sa, &s.listen_host, &s.port) < 0) {
        ret = 2;
        goto out;
    }

    /* Signals go to this thread only (sigwait below), never to ZooKeeper's or MHD's. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (zks_open(&s.zk, hosts, root, 15000) < 0 || setup_tree(&s) < 0 ||
        (SIM_DIALECT_5 && d5_init(route_tables, ARRAY_SIZE(route_tables), &s.zk) < 0))
        goto out;
    s.mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
                             0, NULL, NULL, on_request, &s,
                             MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                             MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
                             MHD_OPTION_CONNECTION_LIMIT, 256u,
                             MHD_OPTION_CONNECTION_TIMEOUT, 120u,
                             MHD_OPTION_END);
    if (!s.mhd) {
        error("cannot listen on %s: %s", listen, strerror(errno));
        goto out;
    }
    info = MHD_get_daemon_info(s.mhd, MHD_DAEMON_INFO_BIND_PORT);
    if (info && info->port)
        s.port = info->port;
    printf("midonet-sim: serving http://%s:%u" API_PREFIX " (ZooKeeper %s, root %s)\n",
           s.listen_host, s.port, hosts, *s.zk.root ? s.zk.root : "/");
    fflush(stdout);

    do {
        if (sigwait(&sigs, &sig))
            break;
    } while (sig != SIGINT && sig != SIGTERM);

    pthread_mutex_lock(&s.stop_lock);
    s.stopping = true;
    pthread_cond_broadcast(&s.stop_cond);
    pthread_mutex_unlock(&s.stop_lock);
    ret = 0;
out:
    if (s.mhd)
        MHD_stop_daemon(s.mhd);
    if (s.zk.hosts)
        zks_release(&s.zk);
    json_decref(s.recorded);
    free(s.token);
    free(s.base_uri);
    free(s.listen_host);
    pthread_mutex_destroy(&s.stats_lock);
    pthread_cond_destroy(&s.stop_cond);
    pthread_mutex_destroy(&s.stop_lock);
    pthread_mutex_destroy(&s.api_lock);
    return ret;
}
