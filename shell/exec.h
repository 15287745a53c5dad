/*
 * exec: run one parsed command: resolve its references through the cache, send the
 * requests, update the cache and print the result.
 */
#ifndef MIDOSH_EXEC_H
#define MIDOSH_EXEC_H

#include "parser/parser.h"
#include "shell/session.h"

/*
 * Run cmd. Errors are reported on stderr (one line each) before returning. A command
 * that resolved a name from a collection fetched by an earlier command and then met a
 * 404 is run once more on a fresh cache. Returns an enum status.
 */
enum status exec_command(struct session *s, const struct command *cmd);

#endif
