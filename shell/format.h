/*
 * format: print API objects, as text lines (TYPE HANDLE field value ...), as JSON, as
 * aligned tables (-o table: a header, one row per object, the schema's columns for the
 * type) and as `show`'s one attribute per line. Pure: the caller supplies the handles,
 * including those of referenced objects.
 */
#ifndef MIDOSH_FORMAT_H
#define MIDOSH_FORMAT_H

#include <jansson.h>

#include "lib/util.h"
#include "parser/schema.h"

/* The one output format setting: -o text|json|table. */
enum out_format { OUT_TEXT, OUT_JSON, OUT_TABLE };

/*
 * Write the handle of the object with id `id` referenced by attribute a into out
 * (the raw id when it cannot be found).
 */
typedef void (*ref_handle_fn)(void *ctx, const struct attr *a, const char *id, struct strbuf *out);

/* A reference value, ids separated by commas: each id replaced by what ref makes of it. */
void format_refs(const struct attr *a, const char *ids, ref_handle_fn ref, void *ctx,
                 struct strbuf *out);

/*
 * One object as a line: "TYPE HANDLE field value ...", without the newline. handle may
 * be NULL (singletons print "TYPE field value ..."). Hidden and null fields are skipped;
 * values are quoted when they need it (lex_quote(), which escapes control characters).
 */
void format_line(const struct type *t, const json_t *obj, const char *handle,
                 ref_handle_fn ref, void *ctx, struct strbuf *out);

/*
 * One field's value as `show OBJ FIELD` prints it, control characters escaped
 * (strbuf_add_escaped()); false when it is null or absent.
 */
bool format_field(const struct attr *a, const json_t *obj, ref_handle_fn ref, void *ctx,
                  struct strbuf *out);

/*
 * The same, neither escaped nor quoted: for a JSON string, or for lex_quote() to quote (and
 * so escape) as a line prints a value (format_line(), watch's changes).
 */
bool format_value(const struct attr *a, const json_t *obj, ref_handle_fn ref, void *ctx,
                  struct strbuf *out);

/*
 * Aligned columns: cells added row by row (ncols a row), each already escaped; printed
 * left-aligned, two spaces apart, by the width of their characters (UTF-8 sequences count
 * one), without trailing blanks. An empty cell prints as "-".
 */
struct table {
    size_t ncols, ncells, alloc;
    char **cells;
};

void table_init(struct table *tb, size_t ncols);
void table_add(struct table *tb, const char *cell);
void table_print(const struct table *tb, struct strbuf *out);
void table_release(struct table *tb);

/*
 * -o table: the header row of type t ("bridge" over the handles, then the schema's
 * columns, schema_column()), and one row per object (of t or one of its variants; a
 * column the variant lacks is empty).
 */
void format_table_header(const struct type *t, struct table *tb);
void format_table_row(const struct type *t, const json_t *obj, const char *handle,
                      ref_handle_fn ref, void *ctx, struct table *tb);

/*
 * show: every attribute of obj, hidden ones (id, tenant) included, as rows "name value"
 * of a two-column table; an absent value is "-".
 */
void format_attrs(const struct type *t, const json_t *obj, ref_handle_fn ref, void *ctx,
                  struct table *tb);

/* JSON output: pretty-printed with sorted keys, and a newline. */
void format_json(const json_t *value, struct strbuf *out);

#endif
