#include "api/http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

struct http {
    CURL *curl;
    struct http_options opts;
    struct http_reply *reply;   /* the one being filled, for the callbacks */
    const struct http_sink *sink;   /* the request's, or NULL */
    int to_sink;                /* the response's body goes to sink: 1, 0, or -1 (not known) */
    unsigned long connections;
    char errbuf[CURL_ERROR_SIZE];
    /* The body being sent, through on_read, so that a resend is seen (on_seek). */
    const char *upload;
    size_t upload_len, upload_pos;
    bool upload_started, no_resend, too_large;
    bool write;                 /* the request in flight is not a GET */
    unsigned sends;             /* times libcurl was about to send it (on_prereq) */
    bool resend_refused;
    /* The limits in force (http_limit may lower them for a while). */
    long timeout_ms, connect_timeout_ms;
};

/* curl_global_init is not reentrant and must not run per handle: count the handles. */
static unsigned http_handles;

static void header_clear(struct http_reply *reply)
{
    for (size_t i = 0; i < reply->nheaders; i++) {
        free(reply->headers[i].name);
        free(reply->headers[i].value);
    }
    reply->nheaders = 0;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
    struct http *http = arg;
    size_t len = size * nmemb;

    /* libcurl hands over the body decoded: a small gzip bomb is stopped here too. */
    if (http->opts.max_body && len > http->opts.max_body - http->reply->size) {
        http->too_large = true;
        return 0;
    }
    if (http->to_sink < 0) {
        long status = 0;

        curl_easy_getinfo(http->curl, CURLINFO_RESPONSE_CODE, &status);
        http->to_sink = http->sink && status >= 200 && status < 300;
    }
    if (http->to_sink)
        http->sink->fn(http->sink->ctx, data, len);
    else
        strbuf_add(&http->reply->body, data, len);
    http->reply->size += len;
    return len;
}

static size_t on_read(char *buf, size_t size, size_t nitems, void *arg)
{
    struct http *http = arg;
    size_t n = size * nitems, left = http->upload_len - http->upload_pos;

    if (n > left)
        n = left;
    memcpy(buf, http->upload + http->upload_pos, n);
    http->upload_pos += n;
    http->upload_started = true;
    return n;
}

/* libcurl rewinds the body only to send the request again (a kept-alive connection
 * that died under it): refused for a request that must not be repeated blindly. */
static int on_seek(void *arg, curl_off_t offset, int origin)
{
    struct http *http = arg;

    if (http->no_resend && http->upload_started)
        return CURL_SEEKFUNC_CANTSEEK;
    if (origin != SEEK_SET || offset < 0 || (curl_off_t)http->upload_len < offset)
        return CURL_SEEKFUNC_FAIL;
    http->upload_pos = (size_t)offset;
    return CURL_SEEKFUNC_OK;
}

#if LIBCURL_VERSION_NUM >= 0x075000
/* Called each time libcurl is about to send the request on a connection: a second time
 * only to send it again, on a fresh connection, after a kept-alive one died under it with
 * no answer. A write is not sent blindly again (a DELETE has no body for on_seek to see). */
static int on_prereq(void *arg, char *primary_ip, char *local_ip, int primary_port,
                     int local_port)
{
    struct http *http = arg;

    if (http->no_resend && http->sends++) {
        http->resend_refused = true;
        return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
}
#endif

static size_t trimmed_len(const char *s, size_t len)
{
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return len;
}

static size_t on_header(char *data, size_t size, size_t nitems, void *arg)
{
    struct http *http = arg;
    struct http_reply *reply = http->reply;
    size_t len = size * nitems, name_len, skip;
    const char *colon;

    /* A status line starts a response: only the final one's headers count (an
     * interim "100 Continue" has its own). */
    if (len >= 5 && !memcmp(data, "HTTP/", 5)) {
        header_clear(reply);
        http->to_sink = -1;
        return len;
    }
    colon = memchr(data, ':', len);
    if (!colon)
        return len;
    name_len = trimmed_len(data, (size_t)(colon - data));
    skip = (size_t)(colon - data) + 1;
    while (skip < len && (data[skip] == ' ' || data[skip] == '\t'))
        skip++;
    ALLOC_GROW(reply->headers, reply->nheaders + 1, reply->alloc);
    reply->headers[reply->nheaders].name = xstrndup(data, name_len);
    reply->headers[reply->nheaders].value = xstrndup(data + skip,
                                                     trimmed_len(data + skip, len - skip));
    reply->nheaders++;
    return len;
}

/* Is the request in flight to be abandoned (http_options.interrupt)? */
static bool abandon(const struct http *http)
{
    sig_atomic_t v = http->opts.interrupt ? *http->opts.interrupt : 0;

    return v && !(v == HTTP_INTERRUPT_WRITES && http->write);
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    return abandon(arg);
}

struct http *http_new(const struct http_options *opts)
{
    struct http *http = xcalloc(1, sizeof(*http));
    const curl_version_info_data *ver;
    CURL *c;

    if (!http_handles++ && curl_global_init(CURL_GLOBAL_DEFAULT))
        die(3, "cannot initialise libcurl");
    c = http->curl = curl_easy_init();
    if (!c)
        die(3, "cannot initialise libcurl");
    http->opts = *opts;
    http->timeout_ms = opts->timeout_ms;
    http->connect_timeout_ms = opts->connect_timeout_ms;
    ver = curl_version_info(CURLVERSION_NOW);

    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, opts->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, opts->timeout_ms);
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    /* Without zlib, libcurl would ask for gzip and then fail to decode it. */
    if (ver->features & CURL_VERSION_LIBZ)
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    /* URIs come from the server's documents: never let one name a file or another protocol. */
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(c, CURLOPT_USERAGENT, "midosh/" MIDOSH_VERSION);
    /*
     * With signals allowed, libcurl ignores SIGPIPE while it works (a server closing a
     * TLS connection must not kill us) but a synchronous resolver would use SIGALRM,
     * which is unsafe beside ZooKeeper's threads. The threaded resolver needs no signals.
     */
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, (ver->features & CURL_VERSION_ASYNCHDNS) ? 0L : 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, http);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, http);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, http);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, http->errbuf);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(c, CURLOPT_READDATA, http);
    curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, on_seek);
    curl_easy_setopt(c, CURLOPT_SEEKDATA, http);
#if LIBCURL_VERSION_NUM >= 0x075000
    curl_easy_setopt(c, CURLOPT_PREREQFUNCTION, on_prereq);
    curl_easy_setopt(c, CURLOPT_PREREQDATA, http);
#endif
    if (opts->max_body)
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)opts->max_body);
    if (opts->cacert)
        curl_easy_setopt(c, CURLOPT_CAINFO, opts->cacert);
    if (opts->capath)
        curl_easy_setopt(c, CURLOPT_CAPATH, opts->capath);
    if (opts->insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    return http;
}

void http_free(struct http *http)
{
    if (!http)
        return;
    curl_easy_cleanup(http->curl);
    free(http);
    if (!--http_handles)
        curl_global_cleanup();
}

/* "Connection refused" -> "connection refused": errors are lowercase; an acronym
 * ("SSL certificate problem", "URL using bad/illegal format") stays as it is. */
static char *lowercase_first(const char *s)
{
    char *t = xstrdup(s);

    if (isupper((unsigned char)t[0]) && !isupper((unsigned char)t[1]))
        t[0] = (char)tolower((unsigned char)t[0]);
    return t;
}

/*
 * The limit that ended a request that timed out, told by the state of the connection
 * rather than by the clock (the time libcurl reports and the time its timers fire on need
 * not agree, least of all on a loaded machine): libcurl bounds the connection by the
 * whole-request limit too, so the connect limit is the one that fired only when it is the
 * smaller and no connection was made (a reused one was: it reached the pre-transfer stage).
 */
static long fired_limit(struct http *http)
{
    curl_off_t connect_us = 0, pre_us = 0;

    curl_easy_getinfo(http->curl, CURLINFO_CONNECT_TIME_T, &connect_us);
    curl_easy_getinfo(http->curl, CURLINFO_PRETRANSFER_TIME_T, &pre_us);
    if (http->timeout_ms <= http->connect_timeout_ms)
        return http->timeout_ms;
    return connect_us > 0 || pre_us > 0 ? http->timeout_ms : http->connect_timeout_ms;
}

/* One line for a request that got no response. */
static char *failure_text(struct http *http, CURLcode rc)
{
    long os_errno = 0;

    curl_easy_getinfo(http->curl, CURLINFO_OS_ERRNO, &os_errno);
    if (http->too_large || rc == CURLE_FILESIZE_EXCEEDED)
        return xasprintf("the reply is larger than %zu bytes", http->opts.max_body);
    if (http->resend_refused)
        rc = CURLE_SEND_FAIL_REWIND;
    switch (rc) {
    case CURLE_SEND_FAIL_REWIND:
        return xstrdup("the connection closed after the request was sent");
    case CURLE_OPERATION_TIMEDOUT:
        return xasprintf("timed out after %ld ms", fired_limit(http));
    case CURLE_COULDNT_RESOLVE_HOST:
        return xstrdup("unknown host");
    case CURLE_GOT_NOTHING:
        return xstrdup("empty reply from server");
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
        if (os_errno)
            return lowercase_first(strerror((int)os_errno));
        break;
    default:
        break;
    }
    return lowercase_first(http->errbuf[0] ? http->errbuf : curl_easy_strerror(rc));
}

enum http_result http_request(struct http *http, const char *method, const char *url,
                              const char *const *headers, const char *body, size_t len,
                              const struct http_sink *sink, struct http_reply *reply)
{
    CURL *c = http->curl;
    struct curl_slist *list = NULL, *tmp;
    enum http_result res = HTTP_DONE;
    curl_off_t elapsed_us = 0;
    long connects = 0;
    CURLcode rc;

    memset(reply, 0, sizeof(*reply));
    strbuf_init(&reply->body);
    http->reply = reply;
    http->sink = sink;
    http->to_sink = -1;
    http->errbuf[0] = '\0';
    http->upload = body;
    http->upload_len = body ? len : 0;
    http->upload_pos = 0;
    http->upload_started = false;
    /* No write is sent twice (a POST would create twice; a PUT or DELETE may undo
     * another client's change made meanwhile): its outcome is found out instead. */
    http->write = strcmp(method, "GET") != 0;
    http->no_resend = http->write;
    http->sends = 0;
    http->resend_refused = false;
    http->too_large = false;

    /* Without "Expect:", libcurl waits for a 100 Continue before larger bodies. */
    for (; ; headers++) {
        tmp = curl_slist_append(list, *headers ? *headers : "Expect:");
        if (!tmp)
            die(3, "out of memory");
        list = tmp;
        if (!*headers)
            break;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM < 0x075000
    /* Without on_prereq, a write with no body (no on_seek either) takes a connection of
     * its own: there is no kept-alive one to die under it and be resent on. */
    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, (long)(http->write && !body));
#endif
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, NULL);
    if (body) {
        /* Through on_read rather than CURLOPT_POSTFIELDS, which libcurl would resend. */
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
        if (strcmp(method, "POST"))
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        if (strcmp(method, "GET"))
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    }

    rc = curl_easy_perform(c);

    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &elapsed_us);
    reply->elapsed_ms = (long)(elapsed_us / 1000);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);
    http->connections += (unsigned long)connects;
    {
        long request_size = 0;

        /* A failure to connect sent nothing (the size may be the previous request's). */
        bool connecting = rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
                          rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_SSL_CONNECT_ERROR ||
                          rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
                          rc == CURLE_SSL_CERTPROBLEM;

        curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_size);
        reply->sent = http->upload_started || (!connecting && request_size > 0);
    }
    reply->too_large = http->too_large || rc == CURLE_FILESIZE_EXCEEDED;
    if (http->resend_refused)
        reply->sent = true;
    if (!http->resend_refused &&
        (rc == CURLE_ABORTED_BY_CALLBACK || (rc != CURLE_OK && abandon(http)))) {
        res = HTTP_INTERRUPTED;
    } else if (rc != CURLE_OK) {
        res = HTTP_UNREACHABLE;
        reply->error = failure_text(http, rc);
    } else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply->status);
    }
    if (res != HTTP_DONE) {
        reply->status = 0;
        header_clear(reply);
        strbuf_reset(&reply->body);
    }

    /* The handle keeps pointers to both until the next request sets new ones. The list's
     * copies of the headers (a token, the login's Authorization) are wiped first. */
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    for (tmp = list; tmp; tmp = tmp->next)
        wipe(tmp->data, strlen(tmp->data));
    curl_slist_free_all(list);
    http->reply = NULL;
    http->sink = NULL;
    http->upload = NULL;
    http->upload_len = 0;
    return res;
}

const char *http_reply_header(const struct http_reply *reply, const char *name, size_t nth)
{
    for (size_t i = 0; i < reply->nheaders; i++)
        if (!strcasecmp(reply->headers[i].name, name) && !nth--)
            return reply->headers[i].value;
    return NULL;
}

void http_reply_release(struct http_reply *reply)
{
    header_clear(reply);
    free(reply->headers);
    strbuf_release(&reply->body);
    free(reply->error);
    memset(reply, 0, sizeof(*reply));
    strbuf_init(&reply->body);
}

unsigned long http_connection_count(const struct http *http)
{
    return http->connections;
}

void http_limit(struct http *http, long timeout_ms)
{
    long total = timeout_ms > 0 ? timeout_ms : http->opts.timeout_ms;
    long connect = timeout_ms > 0 && timeout_ms < http->opts.connect_timeout_ms ?
                   timeout_ms : http->opts.connect_timeout_ms;

    curl_easy_setopt(http->curl, CURLOPT_CONNECTTIMEOUT_MS, connect);
    curl_easy_setopt(http->curl, CURLOPT_TIMEOUT_MS, total);
    http->timeout_ms = total;
    http->connect_timeout_ms = connect;
}
