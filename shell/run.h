/*
 * run: text through the lexer, the parser and the executor — one line from -c or the
 * prompt, or a whole script — with errors located (FILE:LINE) and syntax errors shown
 * with a caret under the bad word.
 *
 * Before a command is parsed, an unquoted word @TYPE ("@port", "@chain") or @last, alone
 * or as an element of a comma-separated list, is replaced by the id of the object of
 * that type (of any type) created last in this run, so a script can build a topology
 * without copying ids: "bridge b1 add port; host h1 add binding interface tap0 port @port".
 * Objects without an id (members, bindings) leave them as they were.
 */
#ifndef MIDOSH_RUN_H
#define MIDOSH_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "shell/session.h"

struct runner {
    struct session *s;
    bool keep_going;     /* go on after a failing command (scripts; -c) */
    const char *file;    /* script name for error locations ("-" for standard input), or NULL */
    enum status status;  /* the most severe status so far */
    size_t checked;      /* commands run_check() has read, syntax errors or not */
};

/*
 * Run the commands of text, whose first line is line `line` of the source: none of them
 * when one has a syntax error (run_check), else in order, stopping at the first failing
 * command unless keep_going. Returns the most severe status of the
 * commands run; a LEX_CONTINUE text (an unclosed quote) is a syntax error here.
 */
enum status run_text(struct runner *rn, const char *text, unsigned line);

/*
 * Run the -c commands, each text starting on line 1: none of them when one has a syntax
 * error (every one reported), else in order, stopping at the first failing text unless
 * keep_going. check_only: only check them (rn->s may then be NULL). Returns rn->status.
 */
enum status run_commands(struct runner *rn, char *const *texts, size_t n, bool check_only);

/*
 * Check the syntax of text's commands without running them, @last and @TYPE standing for
 * any id. Reports every syntax error (located as run_text does); returns how many.
 */
unsigned run_check(struct runner *rn, const char *text, unsigned line);

enum script_mode {
    SCRIPT_STREAM,      /* run each command as soon as it is complete (standard input) */
    SCRIPT_WHOLE,       /* read and check it all first: a syntax error anywhere runs nothing */
    SCRIPT_CHECK,       /* only check it (-n) */
};

/*
 * Run a script read from fp, joining continuation lines. Reports every syntax error
 * when the script is checked first. Returns the most severe status (ST_USAGE for a
 * syntax error).
 */
enum status run_script(struct runner *rn, FILE *fp, enum script_mode mode);

#endif
