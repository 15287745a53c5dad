/*
 * repl: the interactive prompt — libedit line editing (~/.editrc is read), history in
 * MIDOSH_HISTFILE or ~/.midosh_history, continuation lines for open quotes.
 */
#ifndef MIDOSH_REPL_H
#define MIDOSH_REPL_H

#include "shell/run.h"

/* Read and run lines until EOF or `exit`. Returns ST_OK: errors are shown, not fatal. */
enum status repl_run(struct runner *rn);

#endif
