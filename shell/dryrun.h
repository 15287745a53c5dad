/*
 * dryrun: a backend (backend.h) that reads through the real one and sends no change.
 *
 * Under --dry-run (or `dry-run on`) every GET goes to the API, so names resolve against
 * what it holds; every POST, PUT and DELETE is printed on the session's output instead,
 * as "dry-run: METHOD PATH BODY" (PATH relative to the API's root, BODY compact JSON with
 * sorted keys), and answered as the API would answer it when it works: a create gets 201
 * and a placeholder Location (the id ffffffff-ffff-4fff-bfff-N, N counting up), with the
 * links a real object has. What the run would have changed is remembered, so that later
 * commands of the same run see it: a GET of an object created here answers with it, a
 * collection lists them besides the API's objects, a deleted object answers 404 and leaves
 * its collections, a changed one reads back as sent. Nothing is written to the API.
 */
#ifndef MIDOSH_DRYRUN_H
#define MIDOSH_DRYRUN_H

#include <stdbool.h>
#include <stdio.h>

#include "shell/backend.h"

struct session;

extern const struct backend_ops backend_dryrun;

/* The id prefix of every placeholder id (a valid UUID, never the API's). */
#define DRYRUN_ID_PREFIX "ffffffff-ffff-4fff-bfff-"

/*
 * Turn dry-run on or off for session s: its backend becomes a dry-run one over the real
 * one, or the real one again. Turning it off forgets what the dry run made (and the
 * cache, which holds it).
 */
void dryrun_set(struct session *s, bool on);

/* Is id a placeholder of a dry run? */
bool dryrun_is_placeholder(const char *id);

#endif
