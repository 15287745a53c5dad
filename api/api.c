#include "api/api.h"
#include "api/http.h"
#include "api/listread.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#define ROOT_MEDIA "application/vnd.org.midonet.Application-v5+json"
#define DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define DEFAULT_TIMEOUT_MS 30000L

/* Where a URL points: what credentials are bound to (RFC 6454's origin). */
struct origin {
    char *scheme, *host, *port;    /* lowercase; the port always given */
};

struct server {
    char *base;                /* a URL of opts.url: no user:password@, no trailing '/' */
    struct origin origin;
};

struct api {
    struct api_options opts;   /* its strings are borrowed */
    struct http *http;
    struct server *servers;    /* opts.url's, in order; at least one */
    size_t nservers, cur;      /* cur: the one in use */
    char *base;                /* servers[cur].base */
    char *url_user, *url_password;   /* from the first URL with user:password@ */
    char *token;               /* from /login; NULL until then */
    json_t *root;              /* the root document, once fetched */
    unsigned long requests;
    /* The last exchange: whether its request may have reached the server, and whether
     * its reply was cut at max_reply. */
    bool sent, too_large;
    bool login_failed;         /* the last request failed in its login */
    bool secret_reply;         /* the reply in exchange() holds a token: wiped when freed */
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

/* ---- URLs and origins ------------------------------------------------------------- */

/* The user:password@ of url: where it starts and ends (both NULL when none). */
static void userinfo_span(const char *url, const char **start, const char **end)
{
    const char *auth = strstr(url, "://");
    const char *at = NULL;
    size_t n;

    *start = *end = NULL;
    if (!auth)
        return;
    auth += 3;
    n = strcspn(auth, "/?#");
    for (size_t i = 0; i < n; i++)
        if (auth[i] == '@')
            at = auth + i;
    if (at) {
        *start = auth;
        *end = at + 1;
    }
}

char *api_redact_url(const char *url)
{
    const char *start, *end, *colon;

    userinfo_span(url, &start, &end);
    if (!start)
        return xstrdup(url);
    colon = memchr(start, ':', (size_t)(end - start));
    if (!colon)
        return xstrdup(url);
    return xasprintf("%.*s:***%s", (int)(colon - url), url, end - 1);
}

/* url without its user:password@ and trailing '/'; the credentials, percent-decoded,
 * in *user and *password when wanted (NULL when absent). */
static char *strip_userinfo(const char *url, char **user, char **password)
{
    const char *start, *end;
    char *out;
    size_t len;

    userinfo_span(url, &start, &end);
    if (start && user && password) {
        const char *colon = memchr(start, ':', (size_t)(end - 1 - start));
        const char *uend = colon ? colon : end - 1;
        char *u = xstrndup(start, (size_t)(uend - start));
        char *pw = colon ? xstrndup(colon + 1, (size_t)(end - 2 - colon)) : xstrdup("");
        int n;

        char *cu = curl_easy_unescape(NULL, u, 0, &n), *cp = curl_easy_unescape(NULL, pw, 0, &n);

        if (!cu || !cp)
            die(3, "out of memory");
        *user = xstrdup(cu);
        *password = xstrdup(cp);
        explicit_bzero(cp, strlen(cp));
        curl_free(cu);
        curl_free(cp);
        explicit_bzero(pw, strlen(pw));
        free(pw);
        free(u);
    }
    out = start ? xasprintf("%.*s%s", (int)(start - url), url, end) : xstrdup(url);
    len = strlen(out);
    while (len && out[len - 1] == '/')
        out[--len] = '\0';
    return out;
}

static void origin_release(struct origin *o)
{
    curl_free(o->scheme);
    curl_free(o->host);
    curl_free(o->port);
    memset(o, 0, sizeof(*o));
}

static void lowercase(char *s)
{
    for (; s && *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* Parse url's origin: 0, or a CURLUcode (o is then empty). */
static int parse_origin(const char *url, struct origin *o)
{
    CURLU *u = curl_url();
    CURLUcode rc;

    memset(o, 0, sizeof(*o));
    if (!u)
        die(3, "out of memory");
    rc = curl_url_set(u, CURLUPART_URL, url, 0);
    if (!rc)
        rc = curl_url_get(u, CURLUPART_SCHEME, &o->scheme, 0);
    if (!rc)
        rc = curl_url_get(u, CURLUPART_HOST, &o->host, 0);
    if (!rc)
        rc = curl_url_get(u, CURLUPART_PORT, &o->port, CURLU_DEFAULT_PORT);
    curl_url_cleanup(u);
    if (rc) {
        origin_release(o);
        return rc ? (int)rc : -1;
    }
    lowercase(o->scheme);
    lowercase(o->host);
    return 0;
}

static bool same_origin(const struct origin *a, const struct origin *b)
{
    return a->scheme && b->scheme && !strcmp(a->scheme, b->scheme) &&
           !strcmp(a->host, b->host) && !strcmp(a->port, b->port);
}

/* A printable, bounded copy of text from the server, for a message. */
static char *printable(const char *s)
{
    struct strbuf sb = STRBUF_INIT;

    for (size_t i = 0; s[i] && i < 200; i++)
        strbuf_addch(&sb, (unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f ? '?' : s[i]);
    if (strlen(s) > 200)
        strbuf_addstr(&sb, "...");
    return strbuf_detach(&sb);
}

static bool starts_with_nocase(const char *s, const char *prefix)
{
    return !strncasecmp(s, prefix, strlen(prefix));
}

int api_check_urls(const char *list, char **message)
{
    const char *p = list;

    *message = NULL;
    for (;;) {
        size_t n = strcspn(p, ",");
        char *one = xstrndup(p, n), *url = one, *shown;
        const char *why = NULL;
        struct origin o = { 0 };
        int rc;

        while (*url == ' ' || *url == '\t')
            url++;
        for (size_t len = strlen(url); len && (url[len - 1] == ' ' || url[len - 1] == '\t'); )
            url[--len] = '\0';
        if (!*url)
            why = "empty";
        else if (!starts_with_nocase(url, "http://") && !starts_with_nocase(url, "https://"))
            why = "scheme";
        else if ((rc = parse_origin(url, &o)) != 0)
            why = rc == CURLUE_BAD_PORT_NUMBER ? "bad port number" : "malformed";
        else if (!*o.host)
            why = "no host";
        origin_release(&o);
        if (why) {
            shown = api_redact_url(url);
            *message = !strcmp(why, "scheme") ?
                       xasprintf("invalid API URL '%s' (expected http://HOST:8080/midonet-api)",
                                 shown) :
                       xasprintf("invalid API URL '%s' (%s; expected "
                                 "http://HOST:8080/midonet-api)", shown, why);
            free(shown);
        }
        explicit_bzero(one, strlen(one));
        free(one);
        if (why)
            return -1;
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

bool api_is_uuid(const char *s)
{
    static const char form[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    for (size_t i = 0; i < sizeof(form) - 1; i++)
        if (form[i] == 'x' ? !isxdigit((unsigned char)s[i]) : s[i] != '-')
            return false;
    return s[sizeof(form) - 1] == '\0';
}

/* Which configured server url is under: its index, *rest what follows the base; -1. */
static long server_of(const struct api *api, const char *url, const char **rest)
{
    for (size_t i = 0; i < api->nservers; i++) {
        size_t len = strlen(api->servers[i].base);

        if (!strncmp(url, api->servers[i].base, len) &&
            (!url[len] || url[len] == '/' || url[len] == '?')) {
            *rest = url + len;
            return (long)i;
        }
    }
    return -1;
}

/*
 * May url, not under a configured base, be asked, and with credentials? 0 with
 * *creds set, or -1 with a message: another origin needs --allow-other-origin and
 * gets no credentials; https to http never.
 */
static int other_origin(const struct api *api, const char *url, bool *creds, char **message)
{
    const struct origin *mine = &api->servers[api->cur].origin;
    struct origin o;
    char *shown;
    int ret = 0;

    *creds = false;
    *message = NULL;
    if (parse_origin(url, &o)) {
        shown = printable(url);
        *message = xasprintf("the API named a malformed URL: %s", shown);
        free(shown);
        return -1;
    }
    for (size_t i = 0; i < api->nservers; i++)
        if (same_origin(&o, &api->servers[i].origin))
            *creds = true;
    if (!*creds) {
        shown = printable(url);
        if (!strcmp(mine->scheme, "https") && strcmp(o.scheme, "https"))
            *message = xasprintf("the API named %s: not https, as the API is", shown);
        else if (!api->opts.allow_other_origin)
            *message = xasprintf("the API named %s, outside its own origin %s://%s:%s "
                                 "(see --allow-other-origin)", shown, mine->scheme,
                                 mine->host, mine->port);
        free(shown);
        ret = *message ? -1 : 0;
    }
    origin_release(&o);
    return ret;
}

struct api *api_new(const struct api_options *opts)
{
    struct api *api = xcalloc(1, sizeof(*api));
    struct http_options ho = { 0 };
    const char *p = opts->url ? opts->url : "";
    size_t alloc = 0;
    const char *env;

    api->opts = *opts;
    if (api->opts.connect_timeout_ms <= 0)
        api->opts.connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
    if (api->opts.timeout_ms <= 0)
        api->opts.timeout_ms = DEFAULT_TIMEOUT_MS;
    if (!api->opts.max_reply)
        api->opts.max_reply = API_DEFAULT_MAX_REPLY;
    for (;;) {
        size_t n = strcspn(p, ",");
        char *one = xstrndup(p, n), *url = one, *user = NULL, *password = NULL;
        struct server *sv;

        while (*url == ' ' || *url == '\t')
            url++;
        for (size_t len = strlen(url); len && (url[len - 1] == ' ' || url[len - 1] == '\t'); )
            url[--len] = '\0';
        if (*url || !api->nservers) {
            ALLOC_GROW(api->servers, api->nservers + 1, alloc);
            sv = &api->servers[api->nservers++];
            sv->base = strip_userinfo(url, &user, &password);
            parse_origin(sv->base, &sv->origin);   /* checked by api_check_urls() */
            if (user && !api->url_user) {
                api->url_user = user;
                api->url_password = password;
            } else {
                free_secret(user);
                free_secret(password);
            }
        }
        explicit_bzero(one, strlen(one));
        free(one);
        if (!p[n])
            break;
        p += n + 1;
    }
    api->base = api->servers[0].base;
    ho.connect_timeout_ms = api->opts.connect_timeout_ms;
    ho.timeout_ms = api->opts.timeout_ms;
    ho.interrupt = api->opts.interrupt;
    ho.max_body = api->opts.max_reply;
    ho.insecure = api->opts.insecure;
    /* As curl(1) does: the option, then CURL_CA_BUNDLE, then SSL_CERT_FILE/SSL_CERT_DIR. */
    ho.cacert = api->opts.cacert;
    if (!ho.cacert && (env = getenv("CURL_CA_BUNDLE")) && *env)
        ho.cacert = env;
    if (!ho.cacert && (env = getenv("SSL_CERT_FILE")) && *env)
        ho.cacert = env;
    if (!ho.cacert && (env = getenv("SSL_CERT_DIR")) && *env)
        ho.capath = env;
    api->http = http_new(&ho);
    return api;
}

void api_free(struct api *api)
{
    if (!api)
        return;
    http_free(api->http);
    for (size_t i = 0; i < api->nservers; i++) {
        free(api->servers[i].base);
        origin_release(&api->servers[i].origin);
    }
    free(api->servers);
    free_secret(api->url_user);
    free_secret(api->url_password);
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

size_t api_server_count(const struct api *api)
{
    return api->nservers;
}

const char *api_server_url(const struct api *api, size_t i)
{
    return i < api->nservers ? api->servers[i].base : NULL;
}

enum api_status api_probe(struct api *api, size_t i, char **version, struct api_response *resp)
{
    struct api_options o = api->opts;
    const json_t *root = NULL;
    struct api *one;
    enum api_status st;

    *version = NULL;
    memset(resp, 0, sizeof(*resp));
    if (i >= api->nservers) {
        resp->message = xstrdup("no such server");
        return API_FAILED;
    }
    o.url = api->servers[i].base;
    if (!o.user && !o.no_auth && api->url_user) {
        o.user = api->url_user;
        o.password = api->url_password;
    }
    o.debug = api->opts.debug;
    one = api_new(&o);
    st = api_root(one, &root, resp);
    if (st == API_OK && json_is_string(json_object_get(root, "version")))
        *version = xstrdup(json_string_value(json_object_get(root, "version")));
    api_free(one);
    return st;
}

size_t api_server_current(const struct api *api)
{
    return api->cur;
}

bool api_login_failed(const struct api *api)
{
    return api->login_failed;
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

/* Errors are printed on one line, whatever the server put in its message, and no byte of
 * it drives a terminal (doctor prints them on standard output). */
static void flatten(struct strbuf *sb)
{
    struct strbuf out = STRBUF_INIT;

    strbuf_add_oneline(&out, sb->buf);
    strbuf_release(sb);
    *sb = out;
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
            reply->size);
    /* The cookie's name and attributes help; its value is the session token. */
    for (size_t i = 0; (cookie = http_reply_header(reply, "Set-Cookie", i)); i++)
        fprintf(stderr, " Set-Cookie: %.*s=***%s", (int)strcspn(cookie, "=;"), cookie,
                cookie + strcspn(cookie, ";"));
    fputc('\n', stderr);
}

/* A body as JSON when it says it is JSON, or looks like it; else NULL. */
static json_t *parse_body(const char *type, const char *text, size_t len)
{
    const char *p;

    for (p = text; isspace((unsigned char)*p); p++)
        ;
    if ((type && strcasestr(type, "json")) || *p == '{' || *p == '[')
        return json_loadb(text, len, 0, NULL);
    return NULL;
}

static void to_reader(void *ctx, const char *data, size_t len)
{
    listread_feed(ctx, data, len);
}

/*
 * Send one request and turn the reply into resp. body_text is what is sent (NULL:
 * no body); body is its JSON, for the trace. With lr, a 2xx reply's body is read as it
 * arrives (api_list()).
 */
static enum api_status exchange(struct api *api, const char *method, const char *url,
                                const struct headers *h, const json_t *body,
                                const char *body_text, struct listread *lr,
                                struct api_response *resp, struct http_reply *reply)
{
    struct http_sink sink = { to_reader, lr };
    const char *type, *location;
    enum http_result res;

    api->requests++;
    if (api->opts.debug)
        trace_request(method, url, h, body);
    /* A new reply: nothing of an earlier one (an error, a 401) was handed over. */
    if (lr)
        listread_reset(lr);
    res = http_request(api->http, method, url, (const char *const *)h->line, body_text,
                       body_text ? strlen(body_text) : 0, lr ? &sink : NULL, reply);
    if (api->opts.debug)
        trace_reply(res, reply);

    memset(resp, 0, sizeof(*resp));
    api->sent = reply->sent;
    api->too_large = reply->too_large;
    switch (res) {
    case HTTP_INTERRUPTED:
        resp->message = xstrdup("interrupted");
        return API_INTERRUPTED;
    case HTTP_UNREACHABLE:
        if (reply->too_large) {
            /* The API answered, too much: a failure of this request, not an outage. */
            resp->message = xasprintf("the reply from %.*s is larger than %zu bytes (see "
                                      "--max-reply-size)", (int)strcspn(url, "?"), url,
                                      api->opts.max_reply);
            return API_FAILED;
        }
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
    if (lr && resp->status >= 200 && resp->status < 300) {
        /* The body went to lr: an array element by element, anything else whole. An
         * array that breaks off is no JSON, as it would be read whole: no body. */
        enum listread_result got = listread_finish(lr);

        if (got == LISTREAD_ARRAY)
            resp->listed = true;
        else if (got == LISTREAD_OTHER)
            resp->body = parse_body(type, lr->text.buf, lr->text.len);
        /* The text read whole is parsed; the count of elements handed over stays. */
        strbuf_release(&lr->text);
        strbuf_init(&lr->text);
    } else {
        resp->body = parse_body(type, reply->body.buf, reply->body.len);
    }
    /* Parsed: the text is not needed any more, and a long list's is large. */
    if (resp->body) {
        if (api->secret_reply)
            wipe(reply->body.buf, reply->body.alloc);
        strbuf_release(&reply->body);
        strbuf_init(&reply->body);
    }
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
            return xstrndup(cookie + 10, strcspn(cookie + 10, ";"));
    return NULL;
}

/* A token goes into a header of every request: printable ASCII, no spaces, or refused. */
static bool token_ok(const char *t)
{
    if (!*t || strlen(t) > 8192)
        return false;
    for (; *t; t++)
        if ((unsigned char)*t <= 0x20 || (unsigned char)*t >= 0x7f)
            return false;
    return true;
}

static const char *login_user(const struct api *api)
{
    return api->opts.user ? api->opts.user : api->opts.no_auth ? NULL : api->url_user;
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
    const char *password = api->opts.user ? api->opts.password : api->url_password;
    char *cred = xasprintf("%s:%s", login_user(api), password ? password : "");
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
    api->secret_reply = true;
    st = exchange(api, "POST", url, &h, empty, text, NULL, resp, &reply);
    api->secret_reply = false;
    if (st == API_FAILED && (resp->status == 401 || resp->status == 403)) {
        st = API_AUTH;
    } else if (st == API_FAILED) {
        /* A server error at /login is no verdict on the credentials. */
        char *msg = xasprintf("the login at %s failed: %s", url, resp->message);

        free(resp->message);
        resp->message = msg;
        st = API_UNREACHABLE;
    }
    if (st != API_OK)
        goto out;
    /* The cookie is what the server documents; the Token body says the same. */
    api->token = cookie_token(&reply);
    key = json_string_value(json_object_get(resp->body, "key"));
    if (!api->token && key)
        api->token = xstrdup(key);
    /* The body's copy of the token, in memory the JSON library frees. */
    if (key)
        wipe((char *)key, strlen(key));
    api_response_release(resp);
    if (!api->token) {
        resp->status = reply.status;
        resp->message = xasprintf("the login at %s returned no token", url);
        st = API_AUTH;
    } else if (!token_ok(api->token)) {
        free_secret(api->token);
        api->token = NULL;
        resp->status = reply.status;
        resp->message = xasprintf("the login at %s returned a token with spaces or control "
                                  "characters", url);
        st = API_AUTH;
    }
out:
    /* The reply's copies of the token: its Set-Cookie, and its body when not parsed. */
    for (size_t i = 0; i < reply.nheaders; i++)
        wipe(reply.headers[i].value, strlen(reply.headers[i].value));
    wipe(reply.body.buf, reply.body.alloc);
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
                                 const char *media, const json_t *body, const char *body_text,
                                 bool creds, struct listread *lr, struct api_response *resp)
{
    struct headers h = { 0 };
    struct http_reply reply = { 0 };
    enum api_status st;

    if (media)
        headers_add(&h, "Accept", media);
    if (media && body_text)
        headers_add(&h, "Content-Type", media);
    /* An empty token (MockAuthService without one) is the same as none. */
    if (creds && api->token && *api->token)
        headers_add(&h, "X-Auth-Token", api->token);
    st = exchange(api, method, url, &h, body, body_text, lr, resp, &reply);
    http_reply_release(&reply);
    headers_release(&h);
    return st;
}

/* Log in; a failure is remembered (api->login_failed). */
static enum api_status relogin(struct api *api, struct api_response *resp)
{
    enum api_status st = login(api, resp);

    api->login_failed = st != API_OK;
    return st;
}

/*
 * A request with authentication (creds: to the API's origin): log in before the first
 * one, and once more on a 401 (the token may have expired), retrying the request once.
 */
static enum api_status attempt(struct api *api, const char *method, const char *url,
                               const char *media, const json_t *body, const char *text,
                               bool creds, struct listread *lr, struct api_response *resp)
{
    bool user = creds && login_user(api);
    enum api_status st;

    api->login_failed = false;
    if (user && !api->token && (st = relogin(api, resp)) != API_OK)
        return st;
    st = send_once(api, method, url, media, body, text, creds, lr, resp);
    if (st == API_AUTH && user) {
        api_response_release(resp);
        if ((st = relogin(api, resp)) != API_OK)
            return st;
        st = send_once(api, method, url, media, body, text, creds, lr, resp);
    }
    return st;
}

/*
 * One request to uri, on the server in use: a URI under any configured server's base
 * is asked of the one in use. When the connection fails before the request was sent
 * (a GET: at all), the next server is tried, each once; but not once elements of a list
 * were handed over (lr: api_list()), as they cannot be taken back. with_body: send body,
 * or an empty body when it is NULL.
 */
static enum api_status request(struct api *api, const char *method, const char *uri,
                               const char *query, const char *media, const json_t *body,
                               bool with_body, struct listread *lr, struct api_response *resp)
{
    char *text = !with_body ? NULL : body ? json_text(body) : xstrdup("");
    enum api_status st;
    size_t tried = 0;

    memset(resp, 0, sizeof(*resp));
    api->sent = api->too_large = api->login_failed = false;
    for (;;) {
        const char *rest = NULL;
        long k = server_of(api, uri, &rest);
        bool creds = true;
        char *target, *url;

        if (api->opts.interrupt && *api->opts.interrupt) {
            resp->message = xstrdup("interrupted");
            st = API_INTERRUPTED;
            break;
        }
        if (k >= 0) {
            target = xasprintf("%s%s", api->base, rest);
        } else if (other_origin(api, uri, &creds, &resp->message) < 0) {
            st = API_UNREACHABLE;
            break;
        } else {
            target = xstrdup(uri);
        }
        url = query ? xasprintf("%s?%s", target, query) : xstrdup(target);
        st = attempt(api, method, url, media, body, text, creds, lr, resp);
        free(url);
        free(target);
        if (st != API_UNREACHABLE || k < 0 || ++tried >= api->nservers || api->too_large ||
            (api->sent && strcmp(method, "GET") && !api->login_failed) || (lr && lr->count))
            break;
        /* Nothing reached that server (or a GET, which may be repeated): the next one. */
        if (api->opts.debug)
            fprintf(stderr, "midosh: %s; trying %s\n", resp->message,
                    api->servers[(api->cur + 1) % api->nservers].base);
        api_response_release(resp);
        api->cur = (api->cur + 1) % api->nservers;
        api->base = api->servers[api->cur].base;
    }
    free(text);
    return st;
}

/* ---- the interface ---------------------------------------------------------------- */

/* The first URI of the root document (a JSON string member, at any depth) that may
 * not be asked with the API's credentials, with why in *message; NULL when none. */
static bool root_uris_ok(const struct api *api, const json_t *j, char **message)
{
    const char *key, *rest;
    json_t *v;
    size_t i;
    bool creds;

    if (json_is_string(j)) {
        const char *s = json_string_value(j);

        if (!starts_with_nocase(s, "http://") && !starts_with_nocase(s, "https://"))
            return true;
        if (server_of(api, s, &rest) >= 0)
            return true;
        if (other_origin(api, s, &creds, message) < 0)
            return false;
        return true;
    }
    if (json_is_object(j)) {
        json_object_foreach((json_t *)j, key, v)
            if (!root_uris_ok(api, v, message))
                return false;
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v)
            if (!root_uris_ok(api, v, message))
                return false;
    }
    return true;
}

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
        st = request(api, "GET", url, NULL, ROOT_MEDIA, NULL, false, NULL, resp);
        /* The server in use may have changed. */
        free(url);
        url = xasprintf("%s/", api->base);
        if (st == API_FAILED) {
            /* Without the root document nothing can be done: the API is not there,
             * whatever the status (500, 503, 404 alike). */
            st = API_UNREACHABLE;
        } else if (st == API_OK && !json_is_object(resp->body)) {
            /* Something answers there, but it is not a MidoNet API. */
            resp->message = xasprintf("%s is not a MidoNet API (no root document)", url);
            st = API_UNREACHABLE;
        } else if (st == API_OK && !root_uris_ok(api, resp->body, &resp->message)) {
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
    return request(api, "GET", uri, query, media, NULL, false, NULL, resp);
}

enum api_status api_list(struct api *api, const char *uri, const char *query,
                         const char *media, const struct strmap *keep, api_each_fn *each,
                         void *ctx, struct api_response *resp)
{
    struct listread lr;
    enum api_status st;

    listread_init(&lr, each, ctx);
    listread_keep(&lr, keep);
    st = request(api, "GET", uri, query, media, NULL, false, &lr, resp);
    listread_release(&lr);
    return st;
}

/*
 * A POST that may or may not have been carried out (the connection closed after it was
 * sent): it is not sent again (http_request()). Look for what it would have created, by
 * its name, in the collection (list_media), and say what was found in resp's message.
 */
static enum api_status find_out(struct api *api, const char *uri, const char *list_media,
                                const json_t *body, struct api_response *resp)
{
    const char *name = json_string_value(json_object_get(body, "name"));
    struct strbuf sb = STRBUF_INIT;
    struct api_response got = { 0 };
    enum api_status st = API_FAILED;
    const json_t *v, *match = NULL;
    size_t i, n = 0;

    strbuf_addf(&sb, "%s; not sent again, as it may have been carried out", resp->message);
    if (!name || !list_media) {
        strbuf_addstr(&sb, ": check before trying again");
        goto out;
    }
    if (request(api, "GET", uri, NULL, list_media, NULL, false, NULL, &got) != API_OK ||
        !json_is_array(got.body)) {
        strbuf_addf(&sb, ", and it could not be looked up (%s): check before trying again",
                    got.message ? got.message : "not a list");
        st = API_UNREACHABLE;
    } else {
        json_array_foreach(got.body, i, v) {
            if (json_is_string(json_object_get(v, "name")) &&
                !strcmp(json_string_value(json_object_get(v, "name")), name)) {
                match = v;
                n++;
            }
        }
        if (!n) {
            strbuf_addf(&sb, ": nothing named '%s' exists, so it was not", name);
        } else if (n == 1) {
            const char *id = json_string_value(json_object_get(match, "id"));
            char *shown = printable(id ? id : "without an id");

            strbuf_addf(&sb, ": '%s' exists now (%s), most likely created by it", name, shown);
            free(shown);
        } else {
            strbuf_addf(&sb, ": %zu objects named '%s' exist now", n, name);
        }
    }
out:
    api_response_release(&got);
    free(resp->message);
    resp->message = strbuf_detach(&sb);
    return st;
}

/*
 * Is a 201's Location one the API would give for a POST to uri? On the API's server, and
 * under uri's parent object (POST .../ip_addrs answers .../versions/4/ip_addrs/ADDR), or
 * under the root collection of uri's name (POST /routers/ID/ports answers /ports/ID);
 * path segments of plain characters only. An id taken from it is checked by the caller.
 */
static bool location_ok(const struct api *api, const char *uri, const char *location)
{
    const char *rest, *lrest, *slash, *p;
    long k = server_of(api, uri, &rest), lk = server_of(api, location, &lrest);
    char *parent, *root_coll;
    bool ok;

    if (k < 0 || lk < 0 || !*lrest)
        return false;
    for (p = lrest; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/-._:", *p))
            return false;
    if (strstr(lrest, "//") || strstr(lrest, "/./") || strstr(lrest, "/../") ||
        ends_with(lrest, "/..") || ends_with(lrest, "/."))
        return false;
    slash = strrchr(rest, '/');
    if (!slash)
        return false;
    parent = xstrndup(rest, (size_t)(slash - rest));
    root_coll = xstrdup(slash);
    ok = (starts_with(lrest, parent) && lrest[strlen(parent)] == '/') ||
         (starts_with(lrest, root_coll) && lrest[strlen(root_coll)] == '/') ||
         !strcmp(lrest, rest);
    free(parent);
    free(root_coll);
    return ok;
}

enum api_status api_post(struct api *api, const char *uri, const char *media,
                         const char *list_media, const json_t *body, struct api_response *resp)
{
    enum api_status st = request(api, "POST", uri, NULL, media, body, true, NULL, resp);

    if (st == API_UNREACHABLE && api->sent && !api->login_failed)
        return find_out(api, uri, list_media, body, resp);
    if (st == API_OK && resp->location && !location_ok(api, uri, resp->location)) {
        char *shown = printable(resp->location);

        resp->message = xasprintf("the API answered with a Location outside the collection: "
                                  "%s", shown);
        free(shown);
        return API_FAILED;
    }
    return st;
}

/*
 * Does have hold what was sent: every member of an object that it has at all (a server may
 * leave some out, or add its defaults, as 5.x does to a mirror's conditions), the elements
 * of an array one by one, a value equal?
 */
static bool holds_values(const json_t *have, const json_t *sent)
{
    const char *key;
    json_t *v, *h;
    size_t i;

    if (json_is_object(sent) && json_is_object(have)) {
        json_object_foreach((json_t *)sent, key, v)
            if ((h = json_object_get(have, key)) && !holds_values(h, v))
                return false;
        return true;
    }
    if (json_is_array(sent) && json_is_array(have)) {
        if (json_array_size(sent) != json_array_size(have))
            return false;
        json_array_foreach(sent, i, v)
            if (!holds_values(json_array_get(have, i), v))
                return false;
        return true;
    }
    return json_equal(have, sent);
}

/*
 * A PUT (body) or DELETE (body NULL) of uri that may or may not have been carried out
 * (the connection closed after it was sent): it is not sent again. Read the object back,
 * and say what it shows in resp's message.
 */
static enum api_status find_out_object(struct api *api, const char *uri, const char *media,
                                       const json_t *body, struct api_response *resp)
{
    struct strbuf sb = STRBUF_INIT;
    struct api_response got = { 0 };
    enum api_status st = API_FAILED;
    enum api_status gs = request(api, "GET", uri, NULL, media, NULL, false, NULL, &got);

    strbuf_addf(&sb, "%s; not sent again, as it may have been carried out", resp->message);
    if (gs == API_FAILED && got.status == 404) {
        resp->gone = true;
        strbuf_addstr(&sb, body ? ": the object is gone" :
                      ": the object is gone now, most likely deleted by it");
    } else if (gs != API_OK || !json_is_object(got.body)) {
        strbuf_addf(&sb, ", and it could not be read back (%s): check before trying again",
                    got.message ? got.message : "not an object");
        st = API_UNREACHABLE;
    } else if (!body) {
        strbuf_addstr(&sb, ": the object still exists, so it was not deleted");
    } else if (holds_values(got.body, body)) {
        strbuf_addstr(&sb, ": the object holds the values sent now, most likely set by it");
    } else {
        strbuf_addstr(&sb, ": the object does not hold the values sent, so it was not "
                      "changed by it (or was changed again since)");
    }
    api_response_release(&got);
    free(resp->message);
    resp->message = strbuf_detach(&sb);
    return st;
}

enum api_status api_put(struct api *api, const char *uri, const char *media,
                        const json_t *body, struct api_response *resp)
{
    enum api_status st = request(api, "PUT", uri, NULL, media, body, true, NULL, resp);

    if (st == API_UNREACHABLE && api->sent && !api->login_failed)
        return find_out_object(api, uri, media, body, resp);
    return st;
}

enum api_status api_delete(struct api *api, const char *uri, const char *media,
                           struct api_response *resp)
{
    enum api_status st = request(api, "DELETE", uri, NULL, media, NULL, false, NULL, resp);

    if (st == API_UNREACHABLE && api->sent && !api->login_failed)
        return find_out_object(api, uri, media, NULL, resp);
    return st;
}

void api_limit(struct api *api, long timeout_ms)
{
    http_limit(api->http, timeout_ms);
}
