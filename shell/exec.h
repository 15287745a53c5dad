/*
 * exec: run one parsed command: the verb table (shell/verb.h) says what the verb needs
 * resolved first; the verb sends the requests, updates the cache and prints the result.
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

/*
 * What TAB and ? offer is the connected server's: learn its dialect first (the root
 * document, bounded by timeout_ms, silently) when it is not known yet.
 */
void exec_learn_dialect(struct session *s, long timeout_ms);
/* How long help and describe wait for the root document to learn the dialect. */
#define LEARN_DIALECT_MS 2000

/*
 * For TAB completion: the handles of the objects a word could name — objects of type t
 * under the objects named by path, or, when a reference attribute a is given, the
 * objects a may refer to; for another attribute a, the values it has among the objects
 * of type t under path. Cached collections answer at once, even old ones; a missing one is
 * filled by one GET bounded by timeout_ms (> 0). Nothing is printed. The handles are
 * appended to *names (a NULL-free array of the caller's strings, *n long).
 */
enum status exec_complete(struct session *s, const struct step *path, size_t npath,
                          const struct type *t, const struct attr *a, long timeout_ms,
                          char ***names, size_t *n);

#endif
