/*
 * fake_backend: a recorded-response backend (shell/backend.h) for unit tests. GETs are
 * answered from a table of URI -> JSON body (an object's URI, by the object of a listed
 * collection whose "uri" it is); POST answers 201 with the given Location;
 * PUT and DELETE answer 204; any request to a URI listed in gone answers 404. Every
 * request is counted, and logged as a line "METHOD URI".
 */
#ifndef MIDOSH_FAKE_BACKEND_H
#define MIDOSH_FAKE_BACKEND_H

#include "shell/session.h"

struct fake_answer {
    const char *uri;            /* with "?query" when the GET has one */
    const char *body;           /* JSON */
};

struct fake_backend {
    const struct fake_answer *answers;   /* ends with { NULL, NULL } */
    json_t *root;               /* the root document: "bridges" -> "http://api/bridges" ... */
    const char *location;       /* what a POST answers */
    const char *const *gone;    /* URIs that answer 404 (NULL-terminated), or NULL */
    unsigned gets, posts, puts, deletes;
    struct strbuf log;          /* "GET http://api/bridges\n"..., the caller resets it */
};

extern const struct backend_ops fake_backend_ops;

/* A session over fb (which must outlive it), printing into a memory buffer. */
void fake_session(struct session *s, struct fake_backend *fb);
/* What the session printed so far (the buffer is cleared). The caller's. */
char *fake_output(struct session *s);
void fake_release(struct session *s, struct fake_backend *fb);

#endif
