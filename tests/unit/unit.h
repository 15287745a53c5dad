/*
 * unit: a tiny unit-test framework. A test program prints one line per test case,
 * "ok - NAME" or "not ok - NAME: file:line: what failed" (the first failure of the
 * case), and exits 1 when any case failed, 0 otherwise.
 *
 *   static void test_foo(void) { CHECK(1 + 1 == 2); CHECK_STR(got, "want"); }
 *   int main(void) { unit_run("foo", test_foo); return unit_done(); }
 *
 * Table-driven tests report one line per row with unit_begin()/unit_end(). Checks do
 * not stop a case; each returns whether it held, so a case can stop itself:
 * `if (!CHECK(p)) return;`.
 */
#ifndef MIDOSH_UNIT_H
#define MIDOSH_UNIT_H

#include <stdbool.h>

#include "lib/util.h"

/* Run fn as the test case name. */
void unit_run(const char *name, void (*fn)(void));

/* Open and close a test case by hand (printf-like name). */
void unit_begin(const char *fmt, ...) PRINTF_LIKE(1, 2);
void unit_end(void);

/* The exit status: 1 when a case failed, else 0. */
int unit_done(void);

/*
 * What the code under test prints on stderr: unit_stderr_begin() sends it to a temporary
 * file, unit_stderr_end() restores stderr and returns the text (the caller's).
 */
void unit_stderr_begin(void);
char *unit_stderr_end(void);

/* Record a failure (the first of a case is printed) unless ok; returns ok. */
bool unit_check(bool ok, const char *file, int line, const char *fmt, ...) PRINTF_LIKE(4, 5);
bool unit_check_str(const char *got, const char *want, const char *expr, const char *file,
                    int line);
bool unit_check_long(long long got, long long want, const char *expr, const char *file,
                     int line);

#define CHECK(cond) unit_check((cond) != 0, __FILE__, __LINE__, "%s", #cond)
#define CHECK_MSG(cond, ...) unit_check((cond) != 0, __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_STR(got, want) unit_check_str((got), (want), #got, __FILE__, __LINE__)
#define CHECK_INT(got, want) \
    unit_check_long((long long)(got), (long long)(want), #got, __FILE__, __LINE__)

#endif
