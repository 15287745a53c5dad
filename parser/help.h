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

/* `describe` alone: the object types at the top level, as midonet-cli's describes its root. */
void describe_root(struct strbuf *out);

/* `describe TYPE`: its children (collections) and attributes with kinds and flags. */
void describe_type(const struct type *t, struct strbuf *out);

/*
 * A word that looks like one of midonet-cli's session aliases ("router0", "tzone1",
 * "bridge1:port0") and named no object of type t: what to write instead, for the end
 * of a "no router named 'router0'" message: " ('router0' looks like a midonet-cli
 * session alias ...; 'list router' shows them)". "" for other words. Static storage,
 * valid until the next call.
 */
const char *help_alias_note(const char *word, const struct type *t);
/* The same for an object under parent, the words that name it ("router r1"): the note
 * ends "; 'router r1 list port' shows them)". */
const char *help_alias_note_in(const char *word, const struct type *t, const char *parent);

#endif
