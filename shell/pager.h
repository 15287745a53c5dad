/*
 * pager: at a terminal, a command's output taller than the screen goes through a pager,
 * as git and psql do: $MIDOSH_PAGER, else $PAGER, else "less -FRX" (run with /bin/sh -c).
 * An empty MIDOSH_PAGER (or PAGER, when MIDOSH_PAGER is unset) turns it off, and so does
 * --no-pager. main.c allows it only for the prompt and -c, and only when standard output
 * is a terminal: never for scripts, pipes (JSON to a pipe included) or files.
 *
 * Each command's output is held in memory while it runs (pager_begin), then written to
 * standard output, or to the pager when it has more lines than the terminal less one
 * (pager_end). watch is never held: its lines come as they happen.
 */
#ifndef MIDOSH_PAGER_H
#define MIDOSH_PAGER_H

#include <stdbool.h>

#include "shell/session.h"

/* Allow the pager (or not) for the rest of the run; reads the environment. */
void pager_setup(bool allowed);

/* Start holding s's output (when the pager is allowed and stream is false). */
void pager_begin(struct session *s, bool stream);

/* Show what was held: on standard output, or through the pager when it is taller than the
 * terminal. Restores s->out. */
void pager_end(struct session *s);

#endif
