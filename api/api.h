/*
 * api: the MidoNet 1.9 REST backend. One libcurl handle with keep-alive for the whole
 * process, the root document fetched once, login and token handling, and the four
 * methods. It knows HTTP, media types and MidoNet's error bodies; it knows nothing of
 * the schema or the command line.
 *
 * Every URI it is given comes from the root document or from an object the API
 * returned: callers never piece paths together.
 */
#ifndef MIDOSH_API_H
#define MIDOSH_API_H

#include <signal.h>
#include <stdbool.h>
#include <jansson.h>

#include "lib/util.h"

struct api_options {
    /* API base, e.g. "http://h:8080/midonet-api" (borrowed); or several, comma-separated,
     * the API servers of one deployment: the first that answers is used, and a request
     * goes to the next when the connection fails before it was sent (a GET also when it
     * was sent: it can be repeated). user:password@ in a URL is never sent as it is:
     * it is the login's credentials when user is NULL and no_auth is false. */
    const char *url;
    const char *user;         /* NULL: send no credentials, never log in */
    const char *password;
    const char *project;      /* sent as X-Auth-Project at login when not NULL */
    long connect_timeout_ms;  /* 0: the default (5000) */
    long timeout_ms;          /* whole request; 0: the default (30000) */
    bool debug;               /* trace requests and statuses to stderr, secrets redacted */
    /* When not NULL and set non-zero (by a signal handler), no request starts while it
     * stays set (API_INTERRUPTED): a ^C between two requests of one command stops it
     * too. API_INTERRUPT_NOW (a ^C at the prompt) also abandons the request in flight;
     * API_INTERRUPT_WRITES (a signal that ends midosh) abandons a GET but lets a write
     * in flight finish, so that its outcome is known and can be undone. Whoever begins
     * new work (a command line, a TAB) clears it first. */
    volatile sig_atomic_t *interrupt;
    bool no_auth;             /* -A: no credentials at all, not even a URL's user:password */
    /* TLS: a CA bundle (NULL: $CURL_CA_BUNDLE, else $SSL_CERT_FILE, else libcurl's),
     * and no verification at all (the caller warns). */
    const char *cacert;
    bool insecure;
    size_t max_reply;         /* the largest reply body, decoded; 0: API_DEFAULT_MAX_REPLY */
    /* The root document may name other origins (scheme, host, port) than the API's:
     * requests go there without credentials, and never from https to http. Without it,
     * such a root document is an error. */
    bool allow_other_origin;
};

#define API_INTERRUPT_NOW 1
#define API_INTERRUPT_WRITES 2

enum api_status {
    API_OK = 0,
    API_FAILED,        /* the API answered with an error status: see status and message */
    API_UNREACHABLE,   /* no answer: connection refused, timeout, DNS, TLS, bad reply */
    API_AUTH,          /* login failed, or 401 after one re-login */
    API_INTERRUPTED,   /* *interrupt was set */
};

#define API_DEFAULT_MAX_REPLY ((size_t)64 << 20)

struct api_response {
    long status;       /* HTTP status, 0 when none */
    json_t *body;      /* parsed JSON body, or NULL (empty or not JSON); owned */
    char *location;    /* Location header, or NULL; owned */
    char *message;     /* for errors: one line, e.g. "No bridge with ID ... exists." or
                        * "name: may not be null" or "connection refused"; owned */
    bool listed;       /* api_list(): the body, an array, went element by element to its
                        * callback (body is NULL) */
    bool gone;         /* a write whose outcome was unknown: the object read back is gone */
};

struct api;

struct api *api_new(const struct api_options *opts);
void api_free(struct api *api);
/* Turn the request trace (api_options.debug) on or off: midonet-cli's `debug on|off`. */
void api_set_debug(struct api *api, bool on);

/*
 * The root document, fetched on first use and kept for the process. *root is
 * borrowed. Returns the status; on failure resp (if not NULL) holds the details.
 */
enum api_status api_root(struct api *api, const json_t **root, struct api_response *resp);

/*
 * A URI from the root document: the value of key ("bridges"), or of a template key
 * ("bridgeTemplate") with "{id}" (or "{ipAddr}") replaced by id. NULL when the key is
 * missing or null, or the root document cannot be read. The returned string is the caller's.
 */
char *api_root_uri(struct api *api, const char *key, const char *id);

/*
 * The methods. media is a full media type ("application/vnd.org.midonet.Bridge-v3+json"):
 * sent as Accept for GET and DELETE, as Content-Type (and Accept) for POST and PUT.
 * query, when not NULL, is appended as "?query" (e.g. "tenant_id=abc", already escaped).
 * body is borrowed. A 2xx status is API_OK; resp is filled in every case (its previous
 * contents are ignored, not freed) and must be released with api_response_release().
 */
enum api_status api_get(struct api *api, const char *uri, const char *query,
                        const char *media, struct api_response *resp);
/*
 * list_media (a POST's): the media type of the collection posted to, for looking the new
 * object up by its name when the connection closed after the POST was sent and its outcome
 * is unknown (NULL: it is not looked up).
 */
enum api_status api_post(struct api *api, const char *uri, const char *media,
                         const char *list_media, const json_t *body, struct api_response *resp);
enum api_status api_put(struct api *api, const char *uri, const char *media,
                        const json_t *body, struct api_response *resp);
enum api_status api_delete(struct api *api, const char *uri, const char *media,
                           struct api_response *resp);

/*
 * api_get() of a collection, read as it arrives (doc/cache.md, "Long lists"): when a 2xx
 * reply is a JSON array, each element is handed to each (it is the callee's) as soon as it
 * is in, resp->body stays NULL and resp->listed is set. Any other reply fills resp as
 * api_get() does. A 2xx array that is not valid JSON to its end (cut short, garbled) gives
 * API_OK with neither body nor listed, as api_get() gives for any body that is no JSON;
 * elements before the fault were handed over all the same, and are the caller's to drop.
 * each runs inside the transfer: it must make no request. The GET is not repeated on
 * another server once an element was handed over. keep, when not NULL, cuts each object
 * to the members whose keys it holds (listread_keep() in api/listread.h).
 */
typedef void api_each_fn(void *ctx, json_t *element);
struct strmap;
enum api_status api_list(struct api *api, const char *uri, const char *query,
                         const char *media, const struct strmap *keep, api_each_fn *each,
                         void *ctx, struct api_response *resp);

void api_response_release(struct api_response *resp);

/* Request counts of this process, for --debug summaries and tests. */
unsigned long api_request_count(const struct api *api);

/*
 * Bound the following requests by timeout_ms (TAB completion must never wait long);
 * 0 restores the configured timeouts.
 */
void api_limit(struct api *api, long timeout_ms);

/* Percent-encode s for a query value. The caller's string. */
char *api_escape(struct api *api, const char *s);

/* Connections opened so far: 1 for the whole process while keep-alive works. */
unsigned long api_connection_count(const struct api *api);

/* The configured API servers (credentials removed), and the one in use. Borrowed. */
size_t api_server_count(const struct api *api);
const char *api_server_url(const struct api *api, size_t i);
size_t api_server_current(const struct api *api);

/*
 * Ask configured server i alone for its root document, on a connection of its own (the
 * one in use and the server in use are left as they are): what `doctor` checks of each
 * server. *version is the caller's (the root's "version", or NULL); on failure resp says
 * why.
 */
enum api_status api_probe(struct api *api, size_t i, char **version, struct api_response *resp);

/* True when the last request failed in its login (not in the request itself). */
bool api_login_failed(const struct api *api);

/*
 * Check a comma-separated list of API URLs before anything is contacted: each one
 * http:// or https://, with a host and a port in range. Returns 0, or -1 with *message
 * (the caller's) saying what is wrong, with any password replaced by "***".
 */
int api_check_urls(const char *list, char **message);

/* url with the password of any user:password@ replaced by "***". The caller's. */
char *api_redact_url(const char *url);

/* True when s is a UUID in MidoNet's form: 8-4-4-4-12 hex digits. */
bool api_is_uuid(const char *s);

/*
 * Pure helpers, exposed for the unit tests. Each returns a string that is the caller's.
 *
 * api_error_message: the one-line message for an error response: the violations of a
 * ValidationErrorEntity ("name: may not be null; tenantId: may not be null"), else the
 * Error body's message as the server wrote it, else the status ("HTTP 405 Method Not
 * Allowed"; for a redirect, "HTTP 302 Found, redirected to <location>"). body and
 * location may be NULL.
 *
 * api_expand_template: tmpl with "{id}" (or else "{ipAddr}") replaced by id; a copy of
 * tmpl when id is NULL or there is no such placeholder.
 *
 * api_redact: body as compact JSON, every "password" member shown as "***": what
 * --debug prints.
 */
char *api_error_message(long status, const json_t *body, const char *location);
char *api_expand_template(const char *tmpl, const char *id);
char *api_redact(const json_t *body);

#endif
