/*
 * req: one API request as the resource handlers see it, and the replies they can give.
 *
 * server.c parses the HTTP request, authenticates it, matches it against the route
 * tables of the res_*.c files and negotiates the media type; then it calls the route's
 * handler with a struct req. A handler reads r->arg (the path's captures), r->in (the
 * JSON body of a POST or PUT), r->ver (the version of the negotiated media type) and
 * r->zk, and sets the reply with one of the req_*() helpers below, all of which return 0
 * so that "return req_error(...)" replies and returns in one statement.
 */
#ifndef SIM_REQ_H
#define SIM_REQ_H

#include <jansson.h>
#include <stdbool.h>

#include "lib/util.h"
#include "tests/sim/val.h"
#include "tests/sim/zks.h"

#define REQ_MAX_ARGS 4

enum req_method { REQ_GET, REQ_POST, REQ_PUT, REQ_DELETE, REQ_OTHER };

struct req {
    /* The request. */
    enum req_method method;
    const char *arg[REQ_MAX_ARGS];  /* path captures in order; UUIDs lowercased */
    char argbuf[REQ_MAX_ARGS][UUID_LEN + 1];
    void *conn;                     /* the MHD connection (query parameters) */
    const char *base;               /* "http://host:port/midonet-api", no trailing slash */
    struct zks *zk;
    json_t *in;                     /* POST/PUT body: a JSON object (borrowed) */
    char in_type[64];               /* matched Content-Type token, e.g. "Port-v2" or "json" */
    int in_ver;                     /* its version (application/json counts as 1) */
    int ver;                        /* version of the response's media type (GET) */
    const char *out_type;           /* full response media type (GET) */
    bool raw_ok;                    /* the reply may be req_ok_text's: nothing edits r->out
                                       after the handler (not so in the 5.x dialect) */

    /* The reply. */
    unsigned status;                /* 0 until a helper sets it */
    json_t *out;                    /* body, or NULL for none */
    char *out_text;                 /* or the body already serialized (req_ok_text) */
    size_t out_len;
    char *out_ctype;                /* Content-Type of the body */
    char *location;                 /* Location header */
};

/* ThrowableMapper's text for any exception no other mapper takes (500). */
#define MSG_INTERNAL "An internal server error has occurred, please try again."
/* How reply bodies are serialized (req_ok_text's text must be the same). */
#define REQ_DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)

/* Media types. */
#define MT_PREFIX "application/vnd.org.midonet."
#define MT_ERROR MT_PREFIX "Error-v1+json"

/* A query parameter (borrowed), or NULL. */
const char *req_query(struct req *r, const char *key);

/* An absolute URI: base + the formatted path. As a new JSON string. */
json_t *req_uri(struct req *r, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* base/coll/id, or JSON null when id (a JSON string or null, borrowed) is null. */
json_t *req_uri_id(struct req *r, const char *coll, const json_t *id);

/* 200 with body (stolen) as r->out_type. */
int req_ok(struct req *r, json_t *body);
/* 200 with body (stolen) as the given media type. */
int req_ok_as(struct req *r, json_t *body, const char *ctype);
/*
 * 200 with a body already serialized with REQ_DUMP_FLAGS (text, len: stolen) as
 * r->out_type; only when r->raw_ok.
 */
int req_ok_text(struct req *r, char *text, size_t len);
/* 201, empty body, Location: base + the formatted path. */
int req_created(struct req *r, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* 204. */
int req_no_content(struct req *r);
/* An Error-v1 body {"message","code"}. A NULL fmt gives "message":null (Jersey's errors). */
int req_error(struct req *r, unsigned status, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* 404 "No <what> with ID <id> exists." */
int req_not_found(struct req *r, const char *what, const char *id);
/* 400 ValidationErrorEntity with one violation. */
int req_violation(struct req *r, const char *property, const char *message);
/* 503 when ZooKeeper is unreachable, else 500, as the real server's exception mappers do. */
int req_zk_error(struct req *r, enum zks_rc rc);
/*
 * When the body failed to deserialize or validate, reply 400 accordingly and return true.
 * v is released either way.
 */
bool req_invalid(struct req *r, struct val *v);

/*
 * A route: an HTTP method and a path pattern under /midonet-api. Pattern segments are
 * literals, "{id}" (a UUID: a malformed one gives 404, as a JAX-RS UUID parameter does)
 * or "{s}" (any segment).
 *
 * types lists the media types, newest first, separated by spaces: for GET those it
 * produces (matched against Accept), for POST and PUT those it consumes (matched against
 * Content-Type). A token "X-vN" stands for application/vnd.org.midonet.X-vN+json; "json"
 * stands for application/json. NULL: no body either way (DELETE).
 */
struct route {
    const char *method;
    const char *pattern;
    const char *types;
    int (*fn)(struct req *r);
};

#endif
