#include "shell/format.h"

#include <stdlib.h>
#include <string.h>

#include "parser/lexer.h"

void format_refs(const struct attr *a, const char *ids, ref_handle_fn ref, void *ctx,
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

bool format_value(const struct attr *a, const json_t *obj, ref_handle_fn ref, void *ctx,
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
    bool present = format_value(a, obj, ref, ctx, &text);

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
        if (!format_value(a, obj, ref, ctx, &value))
            continue;
        strbuf_addch(out, ' ');
        strbuf_addstr(out, a->name);
        strbuf_addch(out, ' ');
        lex_quote(out, value.buf);
    }
    strbuf_release(&value);
}

/* ---- tables ---- */

void table_init(struct table *tb, size_t ncols)
{
    memset(tb, 0, sizeof(*tb));
    tb->ncols = ncols ? ncols : 1;
}

void table_add(struct table *tb, const char *cell)
{
    ALLOC_GROW(tb->cells, tb->ncells + 1, tb->alloc);
    tb->cells[tb->ncells++] = xstrdup(cell && *cell ? cell : "-");
}

/* Characters, not bytes: a UTF-8 continuation byte adds nothing to the width. */
static size_t text_width(const char *s)
{
    size_t w = 0;

    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

void table_print(const struct table *tb, struct strbuf *out)
{
    size_t *width = xcalloc(tb->ncols, sizeof(*width));

    for (size_t i = 0; i < tb->ncells; i++) {
        size_t w = text_width(tb->cells[i]);

        if (w > width[i % tb->ncols])
            width[i % tb->ncols] = w;
    }
    for (size_t i = 0; i < tb->ncells; i++) {
        size_t col = i % tb->ncols;
        bool last = col == tb->ncols - 1 || i == tb->ncells - 1;

        strbuf_addstr(out, tb->cells[i]);
        if (last) {
            strbuf_addch(out, '\n');
            continue;
        }
        for (size_t pad = text_width(tb->cells[i]); pad < width[col] + 2; pad++)
            strbuf_addch(out, ' ');
    }
    free(width);
}

void table_release(struct table *tb)
{
    for (size_t i = 0; i < tb->ncells; i++)
        free(tb->cells[i]);
    free(tb->cells);
    memset(tb, 0, sizeof(*tb));
}

void format_table_header(const struct type *t, struct table *tb)
{
    size_t n = 0;

    while (schema_column(t, n))
        n++;
    table_init(tb, n + 1);
    table_add(tb, t->name);
    for (size_t i = 0; i < n; i++)
        table_add(tb, schema_column(t, i)->name);
}

void format_table_row(const struct type *t, const json_t *obj, const char *handle,
                      ref_handle_fn ref, void *ctx, struct table *tb)
{
    const struct type *v = schema_variant(t, obj);
    struct strbuf cell = STRBUF_INIT;

    if (handle)
        strbuf_add_escaped(&cell, handle);
    table_add(tb, cell.buf);
    for (size_t i = 0; schema_column(t, i); i++) {
        const struct attr *a = schema_attr(v, schema_column(t, i)->name);

        strbuf_reset(&cell);
        if (a)
            format_field(a, obj, ref, ctx, &cell);
        table_add(tb, cell.buf);
    }
    strbuf_release(&cell);
}

static bool same_key_before(const struct type *t, const struct attr *a)
{
    for (const struct attr *b = t->attrs; b != a; b++)
        if (a->key && b->key && !strcmp(b->key, a->key))
            return true;
    return false;
}

void format_attrs(const struct type *t, const json_t *obj, ref_handle_fn ref, void *ctx,
                  struct table *tb)
{
    struct strbuf cell = STRBUF_INIT;

    for (const struct attr *a = t->attrs; a->name; a++) {
        /* An attribute the connected server's dialect does not have, or a hidden synonym
         * of an earlier one (a router's as-number: asn). */
        if (!schema_attr_shown(a) || ((a->flags & A_HIDDEN) && same_key_before(t, a)))
            continue;
        strbuf_reset(&cell);
        /* Another tag's attribute (a trace request's bridge while it traces a router). */
        if (!format_field(a, obj, ref, ctx, &cell) && a->tag_key)
            continue;
        table_add(tb, a->name);
        table_add(tb, cell.buf);
    }
    strbuf_release(&cell);
}

void format_json(const json_t *value, struct strbuf *out)
{
    char *text = json_dumps(value, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY);

    strbuf_addstr(out, text ? text : "null");
    strbuf_addch(out, '\n');
    free(text);
}
