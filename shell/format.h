/*
 * format: print API objects, as text lines (TYPE HANDLE field value ...) or as JSON.
 * Pure: the caller supplies the handles, including those of referenced objects.
 */
#ifndef MIDOSH_FORMAT_H
#define MIDOSH_FORMAT_H

#include <jansson.h>

#include "lib/util.h"
#include "parser/schema.h"

/* The one output format setting: -o text|json. */
enum out_format { OUT_TEXT, OUT_JSON };

/*
 * Write the handle of the object with id `id` referenced by attribute a into out
 * (the raw id when it cannot be found).
 */
typedef void (*ref_handle_fn)(void *ctx, const struct attr *a, const char *id, struct strbuf *out);

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

/* JSON output: pretty-printed with sorted keys, and a newline. */
void format_json(const json_t *value, struct strbuf *out);

#endif
