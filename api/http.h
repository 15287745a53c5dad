/*
 * http: the libcurl layer under api. One easy handle for the life of the struct, so
 * the connection is kept alive from one request to the next; connect and whole-request
 * timeouts, TCP keepalive, HTTP/1.1, gzip, no redirects followed. It knows nothing of
 * MidoNet, JSON or tokens: api.c builds the headers and reads the reply.
 */
#ifndef MIDOSH_HTTP_H
#define MIDOSH_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

struct http_options {
    long connect_timeout_ms;  /* > 0 */
    long timeout_ms;          /* > 0, the whole request */
    /* When not NULL and non-zero during a request, the request is abandoned; but a
     * request other than a GET is not when it is HTTP_INTERRUPT_WRITES. */
    volatile sig_atomic_t *interrupt;
    const char *cacert;       /* CA bundle file to verify TLS servers with, or NULL */
    const char *capath;       /* CA directory (c_rehash'ed), or NULL */
    bool insecure;            /* do not verify TLS servers at all */
    size_t max_body;          /* a reply body larger than this once decoded fails; 0: none */
};

#define HTTP_INTERRUPT_WRITES 2     /* = API_INTERRUPT_WRITES */

enum http_result {
    HTTP_DONE,         /* a response arrived, whatever its status */
    HTTP_UNREACHABLE,  /* none did: see reply->error */
    HTTP_INTERRUPTED,
};

struct http_header {
    char *name;
    char *value;
};

struct http_reply {
    long status;                 /* 0 when no response */
    struct strbuf body;          /* decoded (gunzipped) body, but what went to a sink */
    size_t size;                 /* the body's length, decoded, sink or not */
    struct http_header *headers; /* of the final response, in order */
    size_t nheaders, alloc;
    long elapsed_ms;
    char *error;                 /* HTTP_UNREACHABLE: one line, e.g. "connection
                                  * refused", "timed out after 5000 ms" (lowercase but
                                  * for acronyms: "SSL certificate problem: ...") */
    bool sent;                   /* some of the request may have reached the server */
    bool too_large;              /* HTTP_UNREACHABLE: the body passed max_body */
};

struct http *http_new(const struct http_options *opts);
void http_free(struct http *http);

/*
 * Where the body of a 2xx response goes as it arrives, instead of into reply->body: fn is
 * called with each piece, in order (the reply's headers and status are known by then).
 * Other responses are kept in reply->body as usual.
 */
struct http_sink {
    void (*fn)(void *ctx, const char *data, size_t len);
    void *ctx;
};

/*
 * One request. No write (POST, PUT, DELETE) is sent twice: when a kept-alive connection
 * dies after the request went out, libcurl would send it again on a new one; here it fails
 * instead (HTTP_UNREACHABLE, reply->sent) and the caller finds out what happened.
 * headers is a NULL-terminated list of "Name: value" lines, all borrowed.
 * body (len bytes, borrowed) is sent when not NULL; GET and DELETE normally send none.
 * sink, when not NULL, takes a 2xx response's body (struct http_sink).
 * The reply is filled in every case (its previous contents are ignored) and must be
 * released with http_reply_release().
 */
enum http_result http_request(struct http *http, const char *method, const char *url,
                              const char *const *headers, const char *body, size_t len,
                              const struct http_sink *sink, struct http_reply *reply);

/* The value of the nth (from 0) header called name (any case), or NULL. Borrowed. */
const char *http_reply_header(const struct http_reply *reply, const char *name, size_t nth);

void http_reply_release(struct http_reply *reply);

/* New connections opened so far: 1 for any number of requests when keep-alive works. */
unsigned long http_connection_count(const struct http *http);

/* Limit the following requests to timeout_ms (> 0) for the whole request and for the
 * connection; 0 restores the limits the handle was created with. */
void http_limit(struct http *http, long timeout_ms);

#endif
