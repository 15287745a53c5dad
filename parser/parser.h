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
 *   describe [[PATH] TYPE]                    also: PATH describe [TYPE]; at the top any type
 *                                             may be described (describe member); alone,
 *                                             the top level (cmd->type NULL, no path)
 *   help     [WORD…]
 *   sett TENANT | cleart | debug on|off | dry-run on|off | exit | quit
 *
 * Flags come before the verb: --may-exist (create/add only), --if-exists (delete, set,
 * clear only): "--may-exist bridge b1 add port", "--if-exists delete bridge b1".
 *   watch [TYPE…] [count N] [timeout SECONDS]   in any order; TYPEs become path steps
 *   zk | doctor
 *   dump [--keep-ids] [TYPE REF...]         TYPE a root type; each TYPE REF a part to dump
 *
 * Singletons (system-state, write-version) are a STEP with no REF:
 *   show system-state, system-state show state, set system-state availability READONLY,
 *   system-state set availability READONLY.
 *
 * How ambiguities are settled (the grammar is midonet-cli's, which tried every reading):
 *   - Keywords match exactly, else by unique prefix among the words acceptable at that
 *     position; several prefixes give "ambiguous keyword 'p': port, port-group". The
 *     abbreviations midonet-cli documents win over other prefixes: l[ist], s[how],
 *     desc[ribe], del[ete] ("l" is list, not load-balancer). A word
 *     that is exactly a type name is never an abbreviation of another type ("list route"
 *     is not "list router").
 *   - The word after TYPE in a path is its REF (name, id, id prefix, natural key). For
 *     types without an id (members, bindings, interfaces) a word that is an attribute
 *     keyword starts a selector, TYPE ATTR VALUE {ATTR VALUE}, and any other word is the
 *     natural key: tunnel-zone tz delete member host h1 / tunnel-zone tz member h1 delete.
 *     A selector takes pairs while the next word is an attribute of the type and has a
 *     value after it; "PATH ... ATTR show" at the end is read as show's field.
 *     For types with ids, a word that is exactly an attribute name starts a selector
 *     when reading it as the REF does not parse (midonet-cli's bridge name br1 list
 *     port); "bridge name list port" still lists the ports of a bridge named "name".
 *   - In object-first form, PATH TYPE followed by list/create/add/describe is that verb
 *     on the collection when the rest parses that way (bridge b1 port list); otherwise
 *     the word is the REF (a port named "list": bridge b1 port list show).
 *   - list/create: the first type whose next word is an attribute keyword (or the end)
 *     is the collection, and the pairs after it are filters or assignments
 *     (list bridge name demo); a type is a path step when its REF is followed by one of
 *     its child types or by any type name (list bridge b1 port), or, for list, when its
 *     REF ends the line (list bridge b1: "missing object type after 'list bridge b1'").
 *     So "list bridge name port" lists bridges named "port"; "bridge name list port"
 *     lists the ports of a bridge named "name".
 *   - After a path, without a verb yet: a verb, a child type, or ATTR show.
 *   - A reference value (not in a selector) may be midonet-cli's object path from the
 *     root, TYPE REF [CHILD-TYPE REF], when its first word is exactly a root type with a
 *     word after it: "port router r1 port 10.0.0.1". Its last type must be one the
 *     attribute refers to; the value's text is then "r1:10.0.0.1" (or "REF" for one
 *     step), which the executor resolves as any PARENT:KEY reference.
 *   - Values: enum and boolean values are keywords (abbreviable); a leading '!' inverts
 *     only A_INVERT attributes (elsewhere it is part of the value); references are names
 *     and are not checked (beyond being UTF-8); other values are checked against their
 *     kind. An attribute is given once per create or set; list filters may repeat.
 *   - create checks A_REQUIRED attributes; set refuses A_RO and A_CREATE_ONLY ones, and
 *     any but link attributes on TF_NOSET types; clear accepts only A_CLEAR ones; delete
 *     refuses TF_NODELETE types; create refuses TF_NOCREATE types, and ports at the root.
 *
 *   - Once a reading parses, the line as a whole is checked (check_line() in parser.c):
 *     "last" (pos last) only in a create's assignments, and an address with a `within`
 *     attribute inside the network given beside it (a router port's address in its net).
 *     That check is here, not in the executor, because both values are create-only and
 *     required on the line that creates the port: the line is the only place they meet,
 *     and refusing it here sends nothing and works in `midosh -n` and a script's
 *     whole-file check. A network needs its prefix length unless the attribute is
 *     A_BARE_HOST (the schema's value check).
 *
 * Errors are one line, lowercase, the subject quoted, with the index of the offending
 * word: "unknown command 'frob'", "'bridge' has no attribute 'nmae'", "missing value for
 * 'name'". When no reading parses, the error of the reading that got furthest is given.
 * An unknown verb, type or attribute near a candidate of its position (parser/suggest.h)
 * ends with " (did you mean 'name'?)"; a word that is itself a verb or a type is taken
 * as misplaced and gets none.
 *
 * Quoting does not matter to the grammar: a quoted word is still a keyword ('list'
 * bridge). An empty word is never a keyword.
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
    VERB_WATCH,             /* the types as path steps without a ref; count and timeout as values */
    VERB_ZK,
    VERB_DOCTOR,
    VERB_DEBUG,             /* debug on|off: arg is "on" or "off" */
    VERB_DRYRUN,            /* dry-run on|off: arg is "on" or "off" */
    VERB_DUMP,              /* dump [--keep-ids] [TYPE REF...]: path holds the parts (each a
                             * root object, not a path), arg is "--keep-ids" or NULL */
    VERB_GRAPH,             /* graph [PATH]: the topology, or what is reachable from PATH */
    VERB_COUNT              /* not a verb: the number of them */
};

#define WORD_NONE ((size_t)-1)

/* One "ATTR VALUE" pair as typed. */
struct value {
    const struct attr *attr;
    const char *text;       /* the value with any leading '!' removed; NULL for clear;
                             * in the form it prints in (schema_canonical_value()): borrowed
                             * from the word list, or for keyword values (enum, bool, a
                             * named number) the schema's canonical word ("bl" ->
                             * "blackhole", "6" -> "tcp"), or for a network typed bare
                             * (where A_BARE_HOST allows it) "a.b.c.d/32" in cmd->owned */
    bool invert;            /* the value had a leading '!' (only for A_INVERT attributes) */
    /*
     * "pos last": the value is the word "last" of an A_LAST attribute (text "last"). It
     * stands for a number the parser cannot know: the count of the collection's objects
     * (a chain's rules) + 1, so that the new object goes after the last one. The
     * executor must replace it with that number before building the request
     * (schema_to_json() refuses "last"). Only a create's assignments have it; the parser
     * refuses it in filters, selectors and set.
     */
    bool last;
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

/* Command flags: words before the verb ("--may-exist create bridge name b"). */
enum command_flag {
    CMD_MAY_EXIST = 1 << 0,   /* create: an object with the same name or key is no error */
    CMD_IF_EXISTS = 1 << 1,   /* delete, set, clear: a missing object is no error */
};

struct command {
    enum verb verb;
    unsigned flags;           /* enum command_flag */
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
    const char *arg;          /* SETT: the tenant; DEBUG, DRYRUN: "on" or "off"; HELP: the
                               * topic words joined by ' ' (owned copy in arg_buf), or NULL */
    char *arg_buf;
    char **owned;             /* texts the values borrow that are not words (an object path
                               * value's "PARENT:CHILD") */
    size_t nowned;
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

/* Where a verb word is accepted. */
enum verb_use {
    V_START = 1 << 0,       /* as the first word: list bridge */
    V_PATH = 1 << 1,        /* after an object path: bridge b1 list port */
    V_COLL = 1 << 2,        /* after a collection's type: bridge b1 port list */
};

/* A verb word, for help and completion. */
struct verb_info {
    const char *word;       /* "list", "add", "quit" */
    enum verb verb;
    unsigned use;           /* enum verb_use */
    const char *usage;      /* its forms, one per line; NULL for a synonym ("add", "quit") */
    const char *help;       /* one line; NULL for a synonym */
    const char *examples;   /* one per line; NULL for a synonym */
};
/* Every verb word in help order, synonyms included, terminated by { NULL }. Static. */
const struct verb_info *parser_verbs(void);

/* What the grammar accepts at a position, for completion (parse_expect()). */
enum expect_kind {
    EX_VERB,        /* the verb word `verb` */
    EX_TYPE,        /* the object type `type` */
    EX_ATTR,        /* the attribute keyword `attr` */
    EX_NAME,        /* a reference to an object of `type` under `path` */
    EX_VALUE,       /* a value of `attr`; `type` is the collection the command works on (a
                     * list's, a create's, a selector's type), or NULL when it acts on the
                     * path's last object — what a reference's scope depends on */
};

struct expect {
    enum expect_kind kind;
    const struct verb_info *verb;
    const struct type *type;
    const struct attr *attr;
    const struct step *path;  /* EX_NAME, EX_VALUE: the objects above, from the root down
                               * (borrowed: valid during the callback only) */
    size_t npath;
    bool matching;            /* EX_VALUE: the value is matched against existing objects of
                               * `type` (a list filter, a selector), so the values they have
                               * are candidates */
};

typedef void expect_fn(void *ctx, const struct expect *e);

/*
 * For completion and `?`: call fn with everything some reading of words 0..k-1 accepts
 * as word k. words->n must be more than k; word k (the one being typed) is not matched
 * (the caller filters by it) and later words are ignored. The same thing may be reported
 * more than once. Pure, like parse_command().
 */
void parse_expect(const struct word_list *words, size_t k, expect_fn *fn, void *ctx);

#endif
