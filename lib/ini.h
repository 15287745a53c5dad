/*
 * ini: an INI file read with Python ConfigParser's rules (midonet-cli read ~/.midonetrc that
 * way, and midolman.conf is written for it): "[section]" lines; "key = value" or "key:
 * value"; comment lines starting with # or ;; a line indented under a key continues its
 * value; keys are case-insensitive; [DEFAULT] values are visible in every section;
 * %(name)s interpolation and %% work (BasicInterpolation).
 *
 * One section is kept (with [DEFAULT]); the rest are skipped. A file larger than
 * INI_MAX_BYTES is refused rather than read: an rc file is a few lines, and a path such as
 * /dev/zero must not grow memory without bound. Values may hold secrets (a password): what
 * the reader frees, it overwrites first.
 */
#ifndef MIDOSH_INI_H
#define MIDOSH_INI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define INI_MAX_BYTES (1024 * 1024)

struct ini_entry {
    char *key;                /* lowercased, as ConfigParser's optionxform does */
    char *value;              /* raw, before interpolation */
    unsigned line;
    bool in_default;          /* from [DEFAULT] rather than the section */
};

struct ini {
    char *path;               /* for error locations */
    struct ini_entry *entries;
    size_t n, alloc;
};

/*
 * Read f (named path) keeping section and [DEFAULT] into a new *ini. Strict: a syntax error
 * or an oversized file is reported at FILE:LINE and -1 returned (*ini is still the
 * caller's to free). Not strict: bad lines are skipped, and an oversized file reads as
 * empty. Returns 0 otherwise.
 */
int ini_read(struct ini **ini, const char *path, FILE *f, const char *section, bool strict);

/*
 * The interpolated value of key, as the caller's string in *value, or NULL when there is no
 * such key. Returns 0, or -1 after reporting a bad interpolation at FILE:LINE.
 */
int ini_get(const struct ini *ini, const char *key, char **value);

/* NULL is allowed. */
void ini_free(struct ini *ini);

#endif
