/*
 * The reply parser: a server's body as JSON into the cache, indexed (ids, names, natural
 * keys), then each object formatted field by field as `list` and `show` do, and looked
 * up by id and id prefix. The first byte picks the type the reply is read as.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/cache.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cache c;
    const struct type *t;
    json_t *body;
    json_error_t jerr;

    if (!size)
        return 0;
    t = schema_type((enum type_id)(data[0] % T_COUNT));
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
