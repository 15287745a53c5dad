/*
 * repl: the interactive prompt — libedit line editing (~/.editrc is read), history in
 * MIDOSH_HISTFILE or ~/.midosh_history, continuation lines for open quotes.
 */
#ifndef MIDOSH_REPL_H
#define MIDOSH_REPL_H

#include "shell/run.h"

/* Read and run lines until EOF or `exit`. Returns ST_OK: errors are shown, not fatal. */
enum status repl_run(struct runner *rn);

/*
 * For a signal handler (async-signal-safe): a signal arrived that the prompt must answer
 * (SIGINT drops the line; SIGTERM and SIGHUP end the session). The key being waited for
 * is abandoned at once, however the signal and the wait fall in time.
 */
void repl_wake(void);

/*
 * `midosh --complete LINE`: print the words TAB would offer at the end of LINE, one per
 * line, names included (from one GET bounded as for TAB) unless rn is NULL (no API
 * configured: keywords only). Returns ST_OK.
 */
enum status repl_print_completions(struct runner *rn, const char *line);

#endif
