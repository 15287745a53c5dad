#include "api/api.h"
#include "api/http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ROOT_MEDIA "application/vnd.org.midonet.Application-v5+json"
#define DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define DEFAULT_TIMEOUT_MS 30000L

struct api {
    struct api_options opts;   /* its strings are borrowed */
    struct http *http;
    char *base;                /* opts.url without a trailing '/' */
    char *token;               /* from /login; NULL until then */
    json_t *root;              /* the root document, once fetched */
    unsigned long requests;
};

/* The request headers: at most Accept, Content-Type, and two for authentication. */
struct headers {
    char *line[8];             /* "Name: value", NULL-terminated */
    size_t n;
};

/* Secrets (passwords, tokens) do not outlive their use in freed memory: free_secret(). */
static void headers_add(struct headers *h, const char *name, const char *value)
{
    if (h->n + 1 >= ARRAY_SIZE(h->line))
        die(3, "BUG: too many request headers");
    h->line[h->n++] = xasprintf("%s: %s", name, value);
    h->line[h->n] = NULL;
}

static void headers_release(struct headers *h)
{
    for (size_t i = 0; i < h->n; i++)
        free_secret(h->line[i]);
    h->n = 0;
    h->line[0] = NULL;
}

struct api *api_new(const struct api_options *opts)
{
    struct api *api = xcalloc(1, sizeof(*api));
    struct http_options ho = { 0 };
    size_t len;

    api->opts = *opts;
    if (api->opts.connect_timeout_ms <= 0)
        api->opts.connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
    if (api->opts.timeout_ms <= 0)
        api->opts.timeout_ms = DEFAULT_TIMEOUT_MS;
    api->base = xstrdup(opts->url ? opts->url : "");
    len = strlen(api->base);
    while (len && api->base[len - 1] == '/')
        api->base[--len] = '\0';
    ho.connect_timeout_ms = api->opts.connect_timeout_ms;
    ho.timeout_ms = api->opts.timeout_ms;
    ho.interrupt = api->opts.interrupt;
    api->http = http_new(&ho);
    return api;
}

void api_free(struct api *api)
{
    if (!api)
        return;
    http_free(api->http);
    free(api->base);
    free_secret(api->token);
    json_decref(api->root);
    free(api);
}

void api_response_release(struct api_response *resp)
{
    json_decref(resp->body);
    free(resp->location);
    free(resp->message);
    memset(resp, 0, sizeof(*resp));
}

void api_set_debug(struct api *api, bool on)
{
    api->opts.debug = on;
}

unsigned long api_request_count(const struct api *api)
{
    return api->requests;
}

unsigned long api_connection_count(const struct api *api)
{
    return http_connection_count(api->http);
}

/* ---- pure helpers ----------------------------------------------------------------- */

static const char *reason_phrase(long status)
{
    static const struct { long status; const char *text; } reasons[] = {
        { 300, "Multiple Choices" }, { 301, "Moved Permanently" }, { 302, "Found" },
        { 303, "See Other" }, { 304, "Not Modified" }, { 307, "Temporary Redirect" },
        { 308, "Permanent Redirect" }, { 400, "Bad Request" }, { 401, "Unauthorized" },
        { 403, "Forbidden" }, { 404, "Not Found" }, { 405, "Method Not Allowed" },
        { 406, "Not Acceptable" }, { 408, "Request Timeout" }, { 409, "Conflict" },
        { 410, "Gone" }, { 413, "Payload Too Large" }, { 415, "Unsupported Media Type" },
        { 429, "Too Many Requests" }, { 500, "Internal Server Error" },
        { 501, "Not Implemented" }, { 502, "Bad Gateway" }, { 503, "Service Unavailable" },
        { 504, "Gateway Timeout" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
        if (reasons[i].status == status)
            return reasons[i].text;
    return NULL;
}

/* Errors are printed on one line, whatever the server put in its message. */
static void flatten(struct strbuf *sb)
{
    for (size_t i = 0; i < sb->len; i++)
        if (iscntrl((unsigned char)sb->buf[i]))
            sb->buf[i] = ' ';
}

char *api_error_message(long status, const json_t *body, const char *location)
{
    struct strbuf sb = STRBUF_INIT;
    const json_t *violations = json_object_get(body, "violations");
    const char *message = json_string_value(json_object_get(body, "message"));
    const char *reason = reason_phrase(status);
    size_t i;
    const json_t *v;

    /* A ValidationErrorEntity's own message is only "Validation error(s) found". */
    json_array_foreach(violations, i, v) {
        const char *property = json_string_value(json_object_get(v, "property"));
        const char *text = json_string_value(json_object_get(v, "message"));

        if (sb.len)
            strbuf_addstr(&sb, "; ");
        if (property && *property)
            strbuf_addf(&sb, "%s: ", property);
        strbuf_addstr(&sb, text ? text : "invalid");
    }
    if (!sb.len && message && *message)
        strbuf_addstr(&sb, message);
    if (!sb.len) {
        strbuf_addf(&sb, "HTTP %ld", status);
        if (reason)
            strbuf_addf(&sb, " %s", reason);
        if (status >= 300 && status < 400 && location)
            strbuf_addf(&sb, ", redirected to %s", location);
    }
    flatten(&sb);
    return strbuf_detach(&sb);
}

char *api_expand_template(const char *tmpl, const char *id)
{
    static const char *const holders[] = { "{id}", "{ipAddr}" };
    const char *at = NULL;
    size_t i;

    for (i = 0; id && !at && i < ARRAY_SIZE(holders); i++)
        at = strstr(tmpl, holders[i]);
    if (!at)
        return xstrdup(tmpl);
    return xasprintf("%.*s%s%s", (int)(at - tmpl), tmpl, id, at + strlen(holders[i - 1]));
}

static void redact(json_t *j)
{
    const char *key;
    json_t *v;
    size_t i;

    if (json_is_object(j)) {
        json_object_foreach(j, key, v) {
            if (!strcasecmp(key, "password"))
                json_object_iter_set_new(j, json_object_key_to_iter(key), json_string("***"));
            else
                redact(v);
        }
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v)
            redact(v);
    }
}

static char *json_text(const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);

    if (!s)
        die(3, "out of memory");
    return s;
}

char *api_redact(const json_t *body)
{
    json_t *copy = json_deep_copy(body);
    char *s;

    redact(copy);
    s = json_text(copy);
    json_decref(copy);
    return s;
}

char *api_escape(struct api *api, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    struct strbuf sb = STRBUF_INIT;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            strbuf_addch(&sb, (char)c);
        } else {
            strbuf_addch(&sb, '%');
            strbuf_addch(&sb, hex[c >> 4]);
            strbuf_addch(&sb, hex[c & 15]);
        }
    }
    return strbuf_detach(&sb);
}

static char *base64(const char *s)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    struct strbuf sb = STRBUF_INIT;

    for (size_t i = 0; i < len; i += 3) {
        unsigned long n = (unsigned long)p[i] << 16;

        if (i + 1 < len)
            n |= (unsigned long)p[i + 1] << 8;
        if (i + 2 < len)
            n |= p[i + 2];
        strbuf_addch(&sb, digits[(n >> 18) & 63]);
        strbuf_addch(&sb, digits[(n >> 12) & 63]);
        strbuf_addch(&sb, i + 1 < len ? digits[(n >> 6) & 63] : '=');
        strbuf_addch(&sb, i + 2 < len ? digits[n & 63] : '=');
    }
    return strbuf_detach(&sb);
}

/* ---- one exchange ----------------------------------------------------------------- */

static void trace_request(const char *method, const char *url, const struct headers *h,
                          const json_t *body)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_addf(&sb, "> %s %s (", method, url);
    for (size_t i = 0; i < h->n; i++) {
        const char *line = h->line[i];

        if (i)
            strbuf_addstr(&sb, ", ");
        /* The scheme of the credentials helps; nothing after it is printed. */
        if (starts_with(line, "Authorization: "))
            strbuf_addf(&sb, "Authorization: %.*s ***", (int)strcspn(line + 15, " "), line + 15);
        else if (starts_with(line, "X-Auth-Token: "))
            strbuf_addstr(&sb, "X-Auth-Token: ***");
        else
            strbuf_addstr(&sb, line);
    }
    strbuf_addstr(&sb, ")");
    fprintf(stderr, "%s\n", sb.buf);
    if (body) {
        char *text = api_redact(body);

        fprintf(stderr, "> %s\n", text);
        free(text);
    }
    strbuf_release(&sb);
}

static void trace_reply(enum http_result res, const struct http_reply *reply)
{
    const char *cookie;

    switch (res) {
    case HTTP_INTERRUPTED:
        fprintf(stderr, "< interrupted (%ld ms)\n", reply->elapsed_ms);
        return;
    case HTTP_UNREACHABLE:
        fprintf(stderr, "< no response: %s (%ld ms)\n", reply->error, reply->elapsed_ms);
        return;
    case HTTP_DONE:
        break;
    }
    fprintf(stderr, "< %ld (%ld ms, %zu bytes)", reply->status, reply->elapsed_ms,
            reply->body.len);
    /* The cookie's name and attributes help; its value is the session token. */
    for (size_t i = 0; (cookie = http_reply_header(reply, "Set-Cookie", i)); i++)
        fprintf(stderr, " Set-Cookie: %.*s=***%s", (int)strcspn(cookie, "=;"), cookie,
                cookie + strcspn(cookie, ";"));
    fputc('\n', stderr);
}

/*
 * Send one request and turn the reply into resp. body_text is what is sent (NULL:
 * no body); body is its JSON, for the trace.
 */
static enum api_status exchange(struct api *api, const char *method, const char *url,
                                const struct headers *h, const json_t *body,
                                const char *body_text, struct api_response *resp,
                                struct http_reply *reply)
{
    const char *type, *location;
    enum http_result res;
    const char *p;

    api->requests++;
    if (api->opts.debug)
        trace_request(method, url, h, body);
    res = http_request(api->http, method, url, (const char *const *)h->line, body_text,
                       body_text ? strlen(body_text) : 0, reply);
    if (api->opts.debug)
        trace_reply(res, reply);

    memset(resp, 0, sizeof(*resp));
    switch (res) {
    case HTTP_INTERRUPTED:
        resp->message = xstrdup("interrupted");
        return API_INTERRUPTED;
    case HTTP_UNREACHABLE:
        resp->message = xasprintf("cannot reach %.*s: %s", (int)strcspn(url, "?"), url,
                                  reply->error);
        return API_UNREACHABLE;
    case HTTP_DONE:
        break;
    }
    resp->status = reply->status;
    location = http_reply_header(reply, "Location", 0);
    if (location)
        resp->location = xstrdup(location);
    type = http_reply_header(reply, "Content-Type", 0);
    for (p = reply->body.buf; isspace((unsigned char)*p); p++)
        ;
    if ((type && strcasestr(type, "json")) || *p == '{' || *p == '[')
        resp->body = json_loadb(reply->body.buf, reply->body.len, 0, NULL);
    if (resp->status >= 200 && resp->status < 300)
        return API_OK;
    resp->message = api_error_message(resp->status, resp->body, resp->location);
    return resp->status == 401 ? API_AUTH : API_FAILED;
}

/* The session token from "Set-Cookie: sessionId=<token>[; ...]", or NULL. */
static char *cookie_token(const struct http_reply *reply)
{
    const char *cookie;

    for (size_t i = 0; (cookie = http_reply_header(reply, "Set-Cookie", i)); i++)
        if (starts_with(cookie, "sessionId="))
            return xstrndup(cookie + 10, strcspn(cookie + 10, "; \t"));
    return NULL;
}

/*
 * POST /login and keep the token. On success resp is left empty; otherwise it says
 * why (a refusal is API_AUTH whatever its status).
 */
static enum api_status login(struct api *api, struct api_response *resp)
{
    struct headers h = { 0 };
    struct http_reply reply = { 0 };
    json_t *empty = json_object();
    char *url = xasprintf("%s/login", api->base);
    char *cred = xasprintf("%s:%s", api->opts.user, api->opts.password ? api->opts.password : "");
    char *encoded = base64(cred);
    char *basic = xasprintf("Basic %s", encoded);
    char *text = json_text(empty);
    const char *key;
    enum api_status st;

    free_secret(api->token);
    api->token = NULL;
    headers_add(&h, "Authorization", basic);
    if (api->opts.project)
        headers_add(&h, "X-Auth-Project", api->opts.project);
    headers_add(&h, "Content-Type", "application/json");
    st = exchange(api, "POST", url, &h, empty, text, resp, &reply);
    if (st == API_FAILED)
        st = API_AUTH;
    if (st != API_OK)
        goto out;
    /* The cookie is what the server documents; the Token body says the same. */
    api->token = cookie_token(&reply);
    key = json_string_value(json_object_get(resp->body, "key"));
    if (!api->token && key)
        api->token = xstrdup(key);
    api_response_release(resp);
    if (!api->token) {
        resp->status = reply.status;
        resp->message = xasprintf("the login at %s returned no token", url);
        st = API_AUTH;
    }
out:
    http_reply_release(&reply);
    headers_release(&h);
    json_decref(empty);
    free(text);
    free_secret(basic);
    free_secret(encoded);
    free_secret(cred);
    free(url);
    return st;
}

static enum api_status send_once(struct api *api, const char *method, const char *url,
                                 const char *media, const json_t *body,
                                 const char *body_text, struct api_response *resp)
{
    struct headers h = { 0 };
    struct http_reply reply = { 0 };
    enum api_status st;

    if (media)
        headers_add(&h, "Accept", media);
    if (media && body_text)
        headers_add(&h, "Content-Type", media);
    /* An empty token (MockAuthService without one) is the same as none. */
    if (api->token && *api->token)
        headers_add(&h, "X-Auth-Token", api->token);
    st = exchange(api, method, url, &h, body, body_text, resp, &reply);
    http_reply_release(&reply);
    headers_release(&h);
    return st;
}

/*
 * A request with authentication: log in before the first one, and once more on a 401
 * (the token may have expired), retrying the request once. with_body: send body, or an
 * empty body when it is NULL.
 */
static enum api_status request(struct api *api, const char *method, const char *uri,
                               const char *query, const char *media, const json_t *body,
                               bool with_body, struct api_response *resp)
{
    char *url = query ? xasprintf("%s?%s", uri, query) : xstrdup(uri);
    char *text = !with_body ? NULL : body ? json_text(body) : xstrdup("");
    enum api_status st;

    memset(resp, 0, sizeof(*resp));
    if (api->opts.interrupt && *api->opts.interrupt) {
        resp->message = xstrdup("interrupted");
        st = API_INTERRUPTED;
        goto out;
    }
    if (api->opts.user && !api->token) {
        st = login(api, resp);
        if (st != API_OK)
            goto out;
    }
    st = send_once(api, method, url, media, body, text, resp);
    if (st == API_AUTH && api->opts.user) {
        api_response_release(resp);
        st = login(api, resp);
        if (st == API_OK)
            st = send_once(api, method, url, media, body, text, resp);
    }
out:
    free(text);
    free(url);
    return st;
}

/* ---- the interface ---------------------------------------------------------------- */

enum api_status api_root(struct api *api, const json_t **root, struct api_response *resp)
{
    struct api_response local = { 0 };
    enum api_status st = API_OK;
    char *url = NULL;

    if (!resp)
        resp = &local;
    memset(resp, 0, sizeof(*resp));
    if (!api->root) {
        url = xasprintf("%s/", api->base);
        st = request(api, "GET", url, NULL, ROOT_MEDIA, NULL, false, resp);
        if (st == API_OK && !json_is_object(resp->body)) {
            /* Something answers there, but it is not a MidoNet API. */
            resp->message = xasprintf("%s is not a MidoNet API (no root document)", url);
            st = API_UNREACHABLE;
        } else if (st == API_OK) {
            api->root = resp->body;
            resp->body = NULL;
            api_response_release(resp);
        }
    }
    if (root)
        *root = api->root;
    api_response_release(&local);
    free(url);
    return st;
}

char *api_root_uri(struct api *api, const char *key, const char *id)
{
    const json_t *root = NULL;
    const char *value;

    if (api_root(api, &root, NULL) != API_OK)
        return NULL;
    value = json_string_value(json_object_get(root, key));
    return value ? api_expand_template(value, id) : NULL;
}

enum api_status api_get(struct api *api, const char *uri, const char *query,
                        const char *media, struct api_response *resp)
{
    return request(api, "GET", uri, query, media, NULL, false, resp);
}

enum api_status api_post(struct api *api, const char *uri, const char *media,
                         const json_t *body, struct api_response *resp)
{
    return request(api, "POST", uri, NULL, media, body, true, resp);
}

enum api_status api_put(struct api *api, const char *uri, const char *media,
                        const json_t *body, struct api_response *resp)
{
    return request(api, "PUT", uri, NULL, media, body, true, resp);
}

enum api_status api_delete(struct api *api, const char *uri, const char *media,
                           struct api_response *resp)
{
    return request(api, "DELETE", uri, NULL, media, NULL, false, resp);
}

void api_limit(struct api *api, long timeout_ms)
{
    http_limit(api->http, timeout_ms);
}
