/*
 * --complete's engine: any line, the cursor anywhere in it, and a names callback that
 * answers with awkward names (quotes, blanks, control characters, a prefix of another).
 * TAB's text for every candidate and the common prefix are built too.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "parser/complete.h"
#include "tests/fuzz/fuzz.h"

const char fuzz_name[] = "complete";

static void names(void *ctx, const struct step *path, size_t npath, const struct type *t,
                  const struct attr *a, char ***out, size_t *n)
{
    static const char *const some[] = {
        "b1", "b10", "my bridge", "it's", "a\"b", "semi;colon", "#hash", "", "ev\x1b]0;x\x07",
        "new\nline", "10.0.0.1", "r1:10.0.0.1", "!neg", "a,b", "caf\xc3\xa9", "\xff",
    };
    size_t alloc = 0;

    (void)ctx, (void)path, (void)npath, (void)t, (void)a;
    for (size_t i = 0; i < ARRAY_SIZE(some); i++) {
        ALLOC_GROW(*out, *n + 1, alloc);
        (*out)[(*n)++] = xstrdup(some[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line;
    size_t cursor;
    struct completion c;
    struct strbuf text = STRBUF_INIT;
    char *common;

    if (!size)
        return 0;
    /* The first byte places the cursor; the rest is the line. */
    line = fuzz_text(data + 1, size - 1);
    cursor = strlen(line) ? data[0] % (strlen(line) + 1) : 0;
    error_set_quiet(true);
    complete_line(line, cursor, data[0] & 0x80 ? NULL : names, NULL, &c);
    if (c.start > c.end || c.end > cursor)
        abort();
    for (size_t i = 0; i < c.n; i++) {
        /* A server's name reaches the terminal escaped: a control byte in a candidate
         * can only be one the line itself holds (a list's typed elements are kept). */
        if (text_needs_escape(c.v[i].word) && !text_needs_escape(line))
            abort();
        strbuf_reset(&text);
        completion_text(&c, c.v[i].word, i % 2 == 0, &text);
    }
    common = completion_common(&c);
    free(common);
    strbuf_release(&text);
    completion_release(&c);
    free(line);
    return 0;
}
