/*
 * zkcmd: the commands that look at the deployment rather than at objects — watch (a
 * stream of topology and liveness changes from ZooKeeper), zk (the servers and the
 * session) and doctor (the checks an operator makes by hand, one line each).
 *
 * Each prints on the session's output, reports errors on stderr, and returns an enum
 * status (design.md): doctor fails (1) when a check fails, and any of them returns 3 when
 * what it needs (the API, ZooKeeper) cannot be reached.
 */
#ifndef MIDOSH_ZKCMD_H
#define MIDOSH_ZKCMD_H

#include "parser/parser.h"
#include "shell/session.h"

/*
 * watch [TYPE...] [count N] [timeout S]: one line per change, "created|changed|deleted
 * TYPE HANDLE" and "alive|dead host HANDLE", until ^C (interactive), N lines, or S
 * seconds. Running out of time before N lines is a failure (1).
 */
enum status zkcmd_watch(struct session *s, const struct command *cmd);

/* zk: each server's mode, version, latency, outstanding requests and nodes; the session. */
enum status zkcmd_zk(struct session *s, const struct command *cmd);

/* doctor: "ok|warn|fail  CHECK: what; hint: what to do" lines. */
enum status zkcmd_doctor(struct session *s, const struct command *cmd);

#endif
