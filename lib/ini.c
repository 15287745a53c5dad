#include "lib/ini.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/util.h"

/* Python ConfigParser's MAX_INTERPOLATION_DEPTH. */
#define MAX_INTERPOLATION_DEPTH 10

void ini_free(struct ini *ini)
{
    if (!ini)
        return;
    for (size_t i = 0; i < ini->n; i++) {
        free(ini->entries[i].key);
        free_secret(ini->entries[i].value);
    }
    free(ini->entries);
    free(ini->path);
    free(ini);
}

/* The section hides [DEFAULT]. */
static struct ini_entry *find(const struct ini *ini, const char *key, size_t keylen)
{
    struct ini_entry *found = NULL;

    for (size_t i = 0; i < ini->n; i++) {
        struct ini_entry *e = &ini->entries[i];

        if (strlen(e->key) != keylen || strncasecmp(e->key, key, keylen))
            continue;
        if (!e->in_default)
            return e;
        found = e;
    }
    return found;
}

/* Replaces an earlier value of the same key in the same section, as ConfigParser does. */
static struct ini_entry *set(struct ini *ini, char *key, char *value, unsigned line,
                             bool in_default)
{
    struct ini_entry *e;

    for (size_t i = 0; i < ini->n; i++) {
        e = &ini->entries[i];
        if (e->in_default == in_default && !strcmp(e->key, key)) {
            free(key);
            free_secret(e->value);
            e->value = value;
            e->line = line;
            return e;
        }
    }
    ALLOC_GROW(ini->entries, ini->n + 1, ini->alloc);
    e = &ini->entries[ini->n++];
    e->key = key;
    e->value = value;
    e->line = line;
    e->in_default = in_default;
    return e;
}

/* Reports an error at FILE:LINE; returns -1. */
static int ini_error(const struct ini *ini, unsigned line, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int ini_error(const struct ini *ini, unsigned line, const char *fmt, ...)
{
    struct strbuf msg = STRBUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    strbuf_vaddf(&msg, fmt, ap);
    va_end(ap);
    error_set_location(ini->path, line);
    error("%s", msg.buf);
    error_clear_location();
    strbuf_release(&msg);
    return -1;
}

/* BasicInterpolation: %% is %, %(name)s is name's value. */
static int interpolate(const struct ini *ini, const struct ini_entry *top, const char *raw,
                       int depth, struct strbuf *out)
{
    const char *p = raw;

    if (depth > MAX_INTERPOLATION_DEPTH)
        return ini_error(ini, top->line, "cannot interpolate '%s': references nest too deep "
                         "(a loop?)", top->key);
    while (*p) {
        const char *name, *end;
        const struct ini_entry *ref;

        if (*p != '%') {
            strbuf_addch(out, *p++);
            continue;
        }
        if (p[1] == '%') {
            strbuf_addch(out, '%');
            p += 2;
            continue;
        }
        if (p[1] != '(')
            return ini_error(ini, top->line, "bad '%%' in the value of '%s' "
                             "(write %%%% for a literal %%)", top->key);
        name = p + 2;
        end = strchr(name, ')');
        if (!end || end == name || end[1] != 's')
            return ini_error(ini, top->line, "bad reference in the value of '%s' "
                             "(expected %%(name)s)", top->key);
        ref = find(ini, name, (size_t)(end - name));
        if (!ref)
            return ini_error(ini, top->line, "'%s' refers to '%.*s', which is not set",
                             top->key, (int)(end - name), name);
        if (interpolate(ini, top, ref->value, depth + 1, out) < 0)
            return -1;
        p = end + 2;
    }
    return 0;
}

int ini_get(const struct ini *ini, const char *key, char **value)
{
    struct strbuf sb = STRBUF_INIT;
    const struct ini_entry *e;

    *value = NULL;
    if (!ini || !(e = find(ini, key, strlen(key))))
        return 0;
    if (interpolate(ini, e, e->value, 1, &sb) < 0) {
        free_secret(strbuf_detach(&sb));
        return -1;
    }
    *value = strbuf_detach(&sb);
    return 0;
}

static char *trim(char *s)
{
    char *end = s + strlen(s);

    while (isspace((unsigned char)*s))
        s++;
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    *end = '\0';
    return s;
}

static void lowercase(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* The whole of f, at most INI_MAX_BYTES, NUL-terminated, in *text. */
static int slurp(struct ini *ini, FILE *f, struct strbuf *text, bool strict)
{
    char buf[8192];
    size_t got;

    while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
        if (text->len + got > INI_MAX_BYTES) {
            strbuf_reset(text);
            if (!strict)
                return 0;
            return error("cannot read '%s': larger than %d bytes", ini->path, INI_MAX_BYTES);
        }
        strbuf_add(text, buf, got);
    }
    wipe(buf, sizeof(buf));
    if (ferror(f))
        return strict ? error("cannot read '%s': %s", ini->path, strerror(errno)) : 0;
    return 0;
}

enum section { NO_SECTION, KEPT, DEFAULT, OTHER };

static int parse(struct ini *ini, char *text, const char *keep, bool strict)
{
    enum section section = NO_SECTION;
    struct ini_entry *last = NULL;   /* the value an indented line continues */
    bool in_value = false;
    unsigned lineno = 0;

    for (char *line = text, *next; line && *line; line = next) {
        char *s, *delim, *key;
        bool indented = isspace((unsigned char)line[0]) && line[0] != '\n';

        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        s = lineno == 1 && starts_with(line, "\xEF\xBB\xBF") ? line + 3 : line;
        s = trim(s);
        if (!*s || *s == '#' || *s == ';')
            continue;
        if (indented && in_value) {
            if (last) {
                char *joined = xasprintf("%s\n%s", last->value, s);

                free_secret(last->value);
                last->value = joined;
            }
            continue;
        }
        in_value = false;
        last = NULL;
        if (*s == '[') {
            char *end = strchr(s, ']'), *rest = end ? trim(end + 1) : NULL;

            if (!end || end == s + 1 || (*rest && *rest != '#' && *rest != ';')) {
                if (strict)
                    return ini_error(ini, lineno, "expected '[section]'");
                section = OTHER;
                continue;
            }
            *end = '\0';
            s++;
            section = !strcmp(s, keep) ? KEPT : !strcmp(s, "DEFAULT") ? DEFAULT : OTHER;
            continue;
        }
        delim = s + strcspn(s, "=:");
        if (!*delim || delim == s) {
            if (strict)
                return ini_error(ini, lineno, "expected 'key = value'");
            continue;
        }
        if (section == NO_SECTION) {
            if (strict)
                return ini_error(ini, lineno, "expected a section header such as '[%s]' first",
                                 keep);
            continue;
        }
        *delim = '\0';
        in_value = true;
        if (section == OTHER)
            continue;
        key = xstrdup(trim(s));
        lowercase(key);
        last = set(ini, key, xstrdup(trim(delim + 1)), lineno, section == DEFAULT);
    }
    return 0;
}

int ini_read(struct ini **out, const char *path, FILE *f, const char *section, bool strict)
{
    struct ini *ini = xcalloc(1, sizeof(*ini));
    struct strbuf text = STRBUF_INIT;
    int ret;

    ini->path = xstrdup(path);
    *out = ini;
    ret = slurp(ini, f, &text, strict);
    if (ret == 0 && text.len)
        ret = parse(ini, text.buf, section, strict);
    wipe(text.buf, text.len);
    strbuf_release(&text);
    return ret;
}
