/*
 * util: the few things every part of midosh and midonet-sim needs: allocation that
 * cannot fail, one growable string type, and one way to report an error.
 *
 * Allocation failure aborts the program: there is no sensible recovery from it in an
 * interactive tool, and NULL checks after every allocation hide the real logic.
 */
#ifndef MIDOSH_UTIL_H
#define MIDOSH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF_LIKE(f, a)
#define NORETURN
#endif

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Grow *array (of *alloc elements of elem_size) so that it holds at least need elements. */
void *xgrow(void *array, size_t elem_size, size_t need, size_t *alloc);
#define ALLOC_GROW(array, need, alloc) \
    ((array) = xgrow((array), sizeof(*(array)), (need), &(alloc)))

/*
 * A growable, always NUL-terminated string. STRBUF_INIT or strbuf_init() sets one up;
 * buf is never NULL after that (it points at a shared "" until the first write).
 */
struct strbuf {
    char *buf;
    size_t len;
    size_t alloc;
};
extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Returns the buffer, now the caller's, and leaves sb empty. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_setlen(struct strbuf *sb, size_t len);

/*
 * Text from elsewhere (a server's names and values) made safe for a terminal and for
 * line-oriented output: C0 controls but tab (newline, carriage return and escape included),
 * DEL, C1 controls (U+0080 to U+009F) and bytes that are not UTF-8 are written as \xHH,
 * one per byte; everything else is copied. text_needs_escape() says whether s has any.
 */
bool text_needs_escape(const char *s);
void strbuf_add_escaped(struct strbuf *sb, const char *s);
/* The same on one line: newline, carriage return and tab become a blank (error messages). */
void strbuf_add_oneline(struct strbuf *sb, const char *s);

/* Overwrite memory that held a secret (the stores are not elided); free_secret: then free. */
void wipe(void *p, size_t n);
void free_secret(char *s);

bool starts_with(const char *s, const char *prefix);
bool ends_with(const char *s, const char *suffix);

/*
 * The monotonic clock, in seconds: the one clock for ages, deadlines and timeouts. (The
 * waits on a condition variable in api/zk.c read the same clock as a struct timespec.)
 */
double monotonic_now(void);

/*
 * Error reporting. error() prints one line to stderr, "PREFIX: message", and returns -1
 * (control characters in the message are printed as ' ' or '?', so it stays one line),
 * so that "return error(...)" reports and fails in one statement. PREFIX is the program
 * name, or the script position set with error_set_location() ("setup.mido:3").
 * warning() is the same with "warning: " before the message and returns nothing.
 * die() prints like error() and exits with the given status.
 */
void error_set_program(const char *name);
void error_set_location(const char *file, unsigned line);
void error_clear_location(void);
int error(const char *fmt, ...) PRINTF_LIKE(1, 2);
void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);
NORETURN void die(int status, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* While quiet, error() and warning() print nothing (completion resolves names silently). */
void error_set_quiet(bool quiet);
/* The prefix error() would print now ("midosh" or "file:line"). Borrowed. */
const char *error_prefix(void);

#endif
