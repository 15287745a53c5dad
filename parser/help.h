/*
 * help: the text of `help` and `describe`, generated from the grammar and the schema.
 * Pure: it only writes into a strbuf.
 */
#ifndef MIDOSH_HELP_H
#define MIDOSH_HELP_H

#include "lib/util.h"
#include "parser/schema.h"

/*
 * `help` (topic NULL), `help VERB`, `help TYPE`. Returns 0, or -1 with a one-line
 * message in out when the topic is unknown.
 */
int help_write(const char *topic, struct strbuf *out);

/* `describe TYPE`: its children (collections) and attributes with kinds and flags. */
void describe_type(const struct type *t, struct strbuf *out);

#endif
