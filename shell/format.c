#include "shell/format.h"

#include <stdlib.h>
#include <string.h>

#include "parser/lexer.h"

/* A reference value: each id of a K_REF or K_REF_LIST replaced by its handle. */
static void format_refs(const struct attr *a, const char *ids, ref_handle_fn ref, void *ctx,
                        struct strbuf *out)
{
    const char *p = ids;

    for (;;) {
        const char *comma = strchr(p, ',');
        char *id = xstrndup(p, comma ? (size_t)(comma - p) : strlen(p));

        ref(ctx, a, id, out);
        free(id);
        if (!comma)
            break;
        strbuf_addch(out, ',');
        p = comma + 1;
    }
}

/* format_field() before escaping: format_line() quotes (and so escapes) it itself. */
static bool field_text(const struct attr *a, const json_t *obj, ref_handle_fn ref, void *ctx,
                       struct strbuf *out)
{
    struct strbuf raw = STRBUF_INIT;
    bool present = schema_format_value(a, obj, &raw);

    if (present) {
        if (schema_is_ref(a) && ref) {
            const char *ids = raw.buf;

            if (*ids == '!') {
                strbuf_addch(out, '!');
                ids++;
            }
            format_refs(a, ids, ref, ctx, out);
        } else {
            strbuf_addstr(out, raw.buf);
        }
    }
    strbuf_release(&raw);
    return present;
}

bool format_field(const struct attr *a, const json_t *obj, ref_handle_fn ref, void *ctx,
                  struct strbuf *out)
{
    struct strbuf text = STRBUF_INIT;
    bool present = field_text(a, obj, ref, ctx, &text);

    strbuf_add_escaped(out, text.buf);
    strbuf_release(&text);
    return present;
}

void format_line(const struct type *t, const json_t *obj, const char *handle,
                 ref_handle_fn ref, void *ctx, struct strbuf *out)
{
    struct strbuf value = STRBUF_INIT;

    strbuf_addstr(out, t->name);
    if (handle) {
        strbuf_addch(out, ' ');
        lex_quote(out, handle);
    }
    for (const struct attr *a = t->attrs; a->name; a++) {
        if (a->flags & A_HIDDEN)
            continue;
        strbuf_reset(&value);
        if (!field_text(a, obj, ref, ctx, &value))
            continue;
        strbuf_addch(out, ' ');
        strbuf_addstr(out, a->name);
        strbuf_addch(out, ' ');
        lex_quote(out, value.buf);
    }
    strbuf_release(&value);
}

void format_json(const json_t *value, struct strbuf *out)
{
    char *text = json_dumps(value, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY);

    strbuf_addstr(out, text ? text : "null");
    strbuf_addch(out, '\n');
    free(text);
}
