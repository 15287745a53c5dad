/*
 * verb: what the commands share — one run of a command (struct run), the objects its path
 * names (struct target), the dispatch table's entry, and the way a failure is reported.
 *
 * The rooms (doc/architecture.md): exec.c dispatches through one table indexed by verb;
 * resolve.c turns words into objects, fetch.c fills the cache one collection at a time,
 * handle.c makes every handle midosh prints, and the verbs live by family in verb_*.c and
 * zkcmd.c. Every request goes through the session's backend (backend.h); every change to
 * the cache after a write through the cache's coherence rules (api/cache.h).
 */
#ifndef MIDOSH_VERB_H
#define MIDOSH_VERB_H

#include <stdbool.h>

#include "parser/parser.h"
#include "shell/session.h"

/* A resolved step of a path: an object, where it was found, and what it is. */
struct target {
    const struct type *type;    /* concrete type (a root "port" becomes a bridge or router port) */
    json_t *obj;                /* a reference of our own */
    char *coll_uri;             /* the cache entry it was found in */
};

/* What one run of a command needs besides the session. */
struct run {
    struct session *s;
    const struct command *cmd;
    struct target *path;        /* resolved cmd->path */
    size_t npath;
    bool completing;            /* TAB: any cached copy will do */
    bool used_old;              /* a name was resolved from a collection fetched by an earlier
                                 * command */
    bool stale_404;             /* ...and the API then answered 404: worth one retry */
    bool missing_ok;            /* --if-exists: a path step that names nothing is no error... */
    bool missing;               /* ...and resolve_path() found one (it said nothing) */
};

/* How the dispatcher prepares a run before calling the verb. */
enum verb_needs {
    NEEDS_NOTHING,              /* the verb reads cmd alone */
    NEEDS_PATH,                 /* cmd->path resolved into run->path first */
    NEEDS_PATH_UNLESS_TYPE,     /* the same, but not when the command names a type */
};

typedef enum status verb_fn(struct run *r);

struct verb_entry {
    verb_fn *fn;
    enum verb_needs needs;
    bool offline;               /* runs where no API is configured (describe: naming a type) */
};

/* The table, indexed by enum verb (exec.c). */
extern const struct verb_entry verb_table[VERB_COUNT];

/* The verbs, by family. */
verb_fn verb_list, verb_show, verb_describe;     /* verb_list.c */
verb_fn verb_create;                             /* verb_create.c */
verb_fn verb_set;                                /* verb_set.c: set and clear */
verb_fn verb_delete;                             /* verb_delete.c */
verb_fn verb_help, verb_tenant, verb_exit, verb_debug, verb_dryrun;  /* verb_misc.c */
verb_fn verb_watch, verb_zk, verb_doctor;        /* zkcmd.c */
verb_fn verb_dump;                               /* verb_dump.c */
verb_fn verb_graph;                              /* verb_graph.c */

/* set/clear of the link attribute a (a port's peer) of t, as value v asks (verb_set.c). */
enum status verb_link(struct run *r, const struct target *t, const struct value *v,
                      const struct attr *a);

/*
 * Set the values of r's command on obj (a copy being built for POST or PUT) as attributes
 * of t, resolving references; cleared for clear. Links are left out: they are not part of
 * the object's representation (verb_link). verb_set.c.
 */
enum status verb_apply_values(struct run *r, const struct type *t, json_t *obj);

/*
 * A write to the embedded collection c of parent (a mirror's conditions, schema.h's struct
 * child): the parent is read afresh, edit changes its array (it fails, reported, to send
 * nothing), and the parent is PUT back and kept in the cache as sent. verb_set.c.
 */
typedef enum status embedded_edit_fn(json_t *list, void *ctx);
enum status verb_put_embedded(struct run *r, const struct target *parent, const struct child *c,
                              embedded_edit_fn *edit, void *ctx);

/* A line on stderr that is neither an error nor a warning: "FILE:LINE: note: ...". */
void verb_note(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* The schema's attribute of t named like a (a variant may refine it), else a. */
const struct attr *verb_attr(const struct type *t, const struct attr *a);

/* The last step of the resolved path, or NULL. */
const struct target *run_last(const struct run *r);

void target_release(struct target *t);

/* Write sb on the session's output. */
void run_emit(struct run *r, const struct strbuf *sb);

/*
 * Report an API failure as "DOING: what the API said", DOING given as a format ("cannot
 * create %s"); returns the status for it. A 404 (or MidoNet's 500 for a missing router or
 * bridge) after a name was resolved from an older fetch is not reported: it sets
 * r->stale_404 so that the command is run once more on a fresh cache.
 */
enum status run_api_failure(struct run *r, enum api_status st, const struct api_response *resp,
                            const char *fmt, ...) PRINTF_LIKE(4, 5);

#endif
