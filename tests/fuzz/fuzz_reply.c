/*
 * The reply parser: a server's body as JSON into the cache, indexed (ids, names, natural
 * keys), then each object formatted field by field as `list` and `show` do, and looked
 * up by id and id prefix. The first byte picks the type the reply is read as, and the size
 * of the pieces the body is also read in as it would arrive (api/listread.c), which must
 * read it as jansson reads it whole.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/cache.h"
#include "api/listread.h"
#include "lib/util.h"
#include "parser/lexer.h"
#include "parser/schema.h"
#include "tests/fuzz/fuzz.h"

const char fuzz_name[] = "reply";

static void format_object(const struct type *t, const json_t *obj)
{
    const struct type *v = schema_variant(t, obj);
    struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;

    schema_object_id(v, obj);
    schema_object_name(v, obj);
    schema_object_key(v, obj, &sb);
    for (const struct attr *a = v->attrs; a->name; a++) {
        strbuf_reset(&sb);
        if (schema_format_value(a, obj, &sb))
            lex_quote(&line, sb.buf);
    }
    if (text_needs_escape(line.buf))
        abort();            /* what `list` prints holds no control character */
    strbuf_release(&sb);
    strbuf_release(&line);
}

static void collect(void *ctx, json_t *element)
{
    json_array_append_new(ctx, element);
}

/* The body read in pieces of `piece` bytes, the members of t's lines kept or not: the
 * elements of the array jansson reads whole (cut as cache_slim() cuts them), or a refusal
 * when jansson refuses an array. */
static void read_in_pieces(const struct type *t, const char *body, size_t len, size_t piece,
                           bool cut)
{
    json_t *whole = json_loadb(body, len, 0, NULL), *got = json_array(), *want, *v;
    struct strmap keys = STRMAP_INIT;
    enum listread_result res;
    struct listread lr;
    size_t i;

    schema_line_keys(t, &keys);
    listread_init(&lr, collect, got);
    listread_keep(&lr, cut ? &keys : NULL);
    for (size_t at = 0; at < len; at += piece)
        listread_feed(&lr, body + at, piece < len - at ? piece : len - at);
    res = listread_finish(&lr);
    if (json_is_array(whole)) {
        want = json_array();
        json_array_foreach(whole, i, v)
            json_array_append_new(want, cut ? cache_slim(v, &keys) : json_incref(v));
        if (res != LISTREAD_ARRAY || !json_equal(got, want))
            abort();
        json_decref(want);
    } else if (res == LISTREAD_ARRAY) {
        abort();
    }
    listread_release(&lr);
    strmap_release(&keys);
    json_decref(whole);
    json_decref(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cache c;
    const struct type *t;
    json_t *body;
    json_error_t jerr;

    if (!size)
        return 0;
    t = schema_type((enum type_id)(data[0] % T_COUNT));
    read_in_pieces(t, (const char *)data + 1, size - 1, (size_t)(data[0] % 7) + 1, data[0] & 8);
    body = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, &jerr);
    if (!body)
        return 0;
    if (!json_is_array(body)) {
        json_t *one = json_array();

        json_array_append_new(one, body);
        body = one;
    }
    cache_init(&c);
    struct cache_coll *e = cache_store(&c, "http://h/midonet-api/things", t, body);

    for (size_t i = 0; i < json_array_size(e->objects); i++) {
        const json_t *obj = json_array_get(e->objects, i);
        const char *id = json_is_object(obj) ? schema_object_id(schema_variant(t, obj), obj) : NULL;

        if (!json_is_object(obj))
            continue;
        format_object(t, obj);
        if (id) {
            struct cache_coll *found;
            size_t at;

            cache_find_id(&c, id, &found, &at);
            cache_unique_prefix(e, id, 4);
        }
    }
    if (json_array_size(e->objects))
        cache_remove(e, 0);
    cache_reindex(e);
    cache_release(&c);
    return 0;
}
