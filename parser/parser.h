/*
 * parser: turn one command's words into a struct command, from the grammar and the
 * schema alone. Pure: no I/O, no cache, no network. Names are not resolved here (that
 * is the executor's job); values are syntax-checked against their attribute's kind.
 *
 * Grammar (midonet-cli compatible; keywords — verbs, types, attributes, enum words —
 * may be abbreviated to a unique prefix, object names and references never are):
 *
 *   PATH    := { STEP }                       from the root down
 *   STEP    := TYPE REF                       a named object: name, id, id prefix, natural key
 *            | TYPE ATTR VALUE {ATTR VALUE}   a selector (the one object whose fields match)
 *   ASSIGN  := ATTR VALUE                     VALUE may start with '!' when ATTR is invertible
 *
 *   list     [PATH] TYPE [ASSIGN…]            also: PATH list TYPE …, PATH TYPE list …
 *   show     PATH [ATTR]                      also: PATH show [ATTR], PATH ATTR show
 *   create   [PATH] TYPE [ASSIGN…]            "add" is the same verb; also: PATH add TYPE …,
 *                                             PATH TYPE add …
 *   set      PATH ASSIGN…                     also: PATH set ASSIGN…
 *   clear    PATH ATTR…                       also: PATH clear ATTR…
 *   delete   PATH                             also: PATH delete, PATH delete STEP… (a child)
 *   describe [PATH] [TYPE]                    also: PATH describe [TYPE]
 *   help     [WORD…]
 *   sett TENANT | cleart | exit | quit
 *
 * Singletons (system-state, write-version) are a STEP with no REF:
 *   show system-state, system-state show state, set system-state availability READONLY,
 *   system-state set availability READONLY.
 */
#ifndef MIDOSH_PARSER_H
#define MIDOSH_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "parser/lexer.h"
#include "parser/schema.h"

enum verb {
    VERB_LIST,
    VERB_SHOW,
    VERB_CREATE,
    VERB_SET,
    VERB_CLEAR,
    VERB_DELETE,
    VERB_DESCRIBE,
    VERB_HELP,
    VERB_SETT,
    VERB_CLEART,
    VERB_EXIT,
};

#define WORD_NONE ((size_t)-1)

/* One "ATTR VALUE" pair as typed. */
struct value {
    const struct attr *attr;
    const char *text;       /* the value with any leading '!' removed; NULL for clear;
                             * borrowed from the word list */
    bool invert;            /* the value had a leading '!' (only for A_INVERT attributes) */
    size_t word;            /* index of the ATTR word, for error carets */
};

/* One step of an object path. */
struct step {
    const struct type *type;  /* the type as reached: under a bridge, "port" is T_BRIDGE_PORT;
                               * at the root it is T_PORT */
    const char *ref;          /* borrowed; NULL for a selector or a singleton */
    struct value *filters;    /* selector: the ATTR VALUE pairs (owned array) */
    size_t nfilters;
    size_t word;              /* index of the TYPE word */
};

struct command {
    enum verb verb;
    struct step *path;        /* owned array, from the root down; may be empty */
    size_t npath;
    /*
     * LIST, CREATE, DESCRIBE: the collection's type (a child of the last step, or a root
     * type when the path is empty). DESCRIBE may leave it NULL to describe the last step.
     * SHOW, SET, CLEAR, DELETE: NULL; the object is the path's last step.
     */
    const struct type *type;
    size_t type_word;
    struct value *values;     /* owned array: CREATE/SET assignments, LIST filters,
                               * CLEAR attributes (text NULL) */
    size_t nvalues;
    const struct attr *field; /* SHOW ATTR: print only that field */
    const char *arg;          /* SETT: the tenant; HELP: the topic words joined by ' ' (owned
                               * copy in arg_buf), or NULL */
    char *arg_buf;
    const struct word_list *words;  /* the words parsed (borrowed), for carets */
};

struct parse_error {
    char *message;            /* owned: "unknown object type 'brige'", "missing value for 'name'" */
    size_t word;              /* index of the offending word, or WORD_NONE: the end of the line */
};

/*
 * Parse one command. Returns 0 with cmd filled (release it with command_release()), or
 * -1 with err filled (release it with parse_error_release()). cmd borrows from words,
 * which must outlive it.
 */
int parse_command(const struct word_list *words, struct command *cmd, struct parse_error *err);
void command_release(struct command *cmd);
void parse_error_release(struct parse_error *err);

/* The verb's CLI word ("list", "create"...). */
const char *verb_name(enum verb v);

#endif
