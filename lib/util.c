#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char strbuf_empty[1];

static NORETURN void out_of_memory(size_t size)
{
    fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (!p)
        out_of_memory(nmemb * size);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    return strbuf_detach(&sb);
}

void *xgrow(void *array, size_t elem_size, size_t need, size_t *alloc)
{
    size_t n;

    if (need <= *alloc)
        return array;
    n = *alloc < 8 ? 8 : *alloc;
    while (n < need)
        n = n / 2 * 3;
    if (n > (size_t)-1 / elem_size)
        out_of_memory((size_t)-1);
    *alloc = n;
    return xrealloc(array, n * elem_size);
}

void strbuf_init(struct strbuf *sb)
{
    sb->buf = strbuf_empty;
    sb->len = 0;
    sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
    if (sb->alloc)
        free(sb->buf);
    strbuf_init(sb);
}

char *strbuf_detach(struct strbuf *sb)
{
    char *s = sb->alloc ? sb->buf : xstrdup("");

    strbuf_init(sb);
    return s;
}

void strbuf_reset(struct strbuf *sb)
{
    strbuf_setlen(sb, 0);
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
    bool fresh = !sb->alloc;

    if (sb->len + extra + 1 <= sb->alloc)
        return;
    if (fresh)
        sb->buf = NULL;
    ALLOC_GROW(sb->buf, sb->len + extra + 1, sb->alloc);
    if (fresh)
        sb->buf[0] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
    if (!sb->alloc)
        return;
    sb->len = len;
    sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    strbuf_grow(sb, len);
    memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
    strbuf_add(sb, &c, 1);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    strbuf_grow(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

/*
 * The length of the UTF-8 sequence at s that may be copied as it is, or 0 when its first
 * byte must be escaped (a control, DEL, a C1 control or a byte that is not UTF-8).
 */
static size_t safe_length(const unsigned char *s)
{
    size_t n;
    unsigned cp;

    if ((*s < 0x20 && *s != '\t') || *s == 0x7f)
        return 0;
    if (*s < 0x80)
        return 1;
    if (*s >= 0xc2 && *s <= 0xdf)
        n = 2, cp = *s & 0x1f;
    else if (*s >= 0xe0 && *s <= 0xef)
        n = 3, cp = *s & 0x0f;
    else if (*s >= 0xf0 && *s <= 0xf4)
        n = 4, cp = *s & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    /* Overlong forms, surrogates, beyond U+10FFFF and the C1 controls are escaped. */
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
        return 0;
    return n;
}

bool text_needs_escape(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n;

    for (; *p; p += n)
        if (!(n = safe_length(p)))
            return true;
    return false;
}

void strbuf_add_escaped(struct strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        size_t n = safe_length(p);

        if (n) {
            strbuf_add(sb, p, n);
            p += n;
        } else {
            strbuf_addf(sb, "\\x%02x", *p++);
        }
    }
}

void strbuf_add_oneline(struct strbuf *sb, const char *s)
{
    char *copy = xstrdup(s);

    for (char *p = copy; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    strbuf_add_escaped(sb, copy);
    free(copy);
}

bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);

    return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

void wipe(void *p, size_t n)
{
    volatile char *v = p;

    while (n--)
        *v++ = '\0';
}

void free_secret(char *s)
{
    if (!s)
        return;
    wipe(s, strlen(s));
    free(s);
}

double monotonic_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *program = "midosh";
static char location[512];

void error_set_program(const char *name)
{
    program = name;
}

void error_set_location(const char *file, unsigned line)
{
    snprintf(location, sizeof(location), "%s:%u", file, line);
}

void error_clear_location(void)
{
    location[0] = '\0';
}

const char *error_prefix(void)
{
    return location[0] ? location : program;
}

static bool quiet;

void error_set_quiet(bool q)
{
    quiet = q;
}

static void report(const char *kind, const char *fmt, va_list ap)
{
    struct strbuf sb = STRBUF_INIT, text = STRBUF_INIT;

    if (quiet)
        return;

    strbuf_vaddf(&text, fmt, ap);
    /*
     * One line, whatever the words quoted in it hold (a server's message, a script's
     * stray bytes): no byte of it may move the cursor or drive the terminal, C1 controls
     * (U+009B is a CSI of its own) and bytes that are not UTF-8 included.
     */
    strbuf_addf(&sb, "%s: %s", error_prefix(), kind);
    strbuf_add_oneline(&sb, text.buf);
    strbuf_addch(&sb, '\n');
    fflush(stdout);
    fputs(sb.buf, stderr);
    strbuf_release(&sb);
    strbuf_release(&text);
}

int error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report("", fmt, ap);
    va_end(ap);
    return -1;
}

void warning(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report("warning: ", fmt, ap);
    va_end(ap);
}

void die(int status, const char *fmt, ...)
{
    va_list ap;

    quiet = false;
    va_start(ap, fmt);
    report("", fmt, ap);
    va_end(ap);
    exit(status);
}
