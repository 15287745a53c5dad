/*
 * listread: a body fed in pieces of every size reads as json_loadb() reads it whole: the
 * same elements for an array (cut to the kept members with listread_keep, as cache_slim()
 * cuts them), LISTREAD_BAD for an array that is not valid JSON, the body itself for
 * anything else.
 */
#include <stdlib.h>
#include <string.h>

#include "api/cache.h"
#include "api/listread.h"
#include "tests/unit/unit.h"

static void collect(void *ctx, json_t *element)
{
    json_array_append_new(ctx, element);
}

/* Does the whole body, read with listread in pieces of `piece` bytes (the first one `first`
 * bytes long), read as json_loadb() reads it? */
static bool reads_as_jansson(const char *body, size_t len, size_t first, size_t piece,
                             const struct strmap *keep)
{
    json_t *whole = json_loadb(body, len, 0, NULL), *got = json_array(), *want = NULL;
    struct listread lr;
    enum listread_result res;
    size_t at = 0, i, skip = strspn(body, " \t\r\n");
    json_t *v;
    bool ok;

    listread_init(&lr, collect, got);
    listread_keep(&lr, keep);
    for (size_t n = first; at < len; n = piece) {
        if (n > len - at)
            n = len - at;
        listread_feed(&lr, body + at, n);
        at += n;
    }
    res = listread_finish(&lr);
    if (skip < len && body[skip] != '[') {
        ok = res == LISTREAD_OTHER && lr.text.len == len && !memcmp(lr.text.buf, body, len);
    } else if (skip == len) {
        ok = res == LISTREAD_OTHER;
    } else if (!json_is_array(whole)) {
        ok = res == LISTREAD_BAD;
    } else {
        want = json_array();
        json_array_foreach(whole, i, v)
            json_array_append_new(want, keep ? cache_slim(v, keep) : json_incref(v));
        ok = res == LISTREAD_ARRAY && json_equal(got, want);
    }
    listread_release(&lr);
    json_decref(whole);
    json_decref(got);
    json_decref(want);
    return ok;
}

static const char *const bodies[] = {
    /* arrays */
    "[]", " \r\n\t[ ]\n", "[1]", "[1,\"a\",null,true,false,-1.5e3,{},[]]",
    "[{\"a\":[1,{\"b\":\"]\"}]},{\"c\":\"},{\"}]",
    "[{\"id\":\"x\",\"name\":\"a\\\"b,]}\",\"uri\":\"u\"},{\"id\":\"y\"}]",
    "\n[{\"name\":\"\\u00e9t\\u00e9\",\"k\":\"\\\\\"}]\r\n", "[[1,2],[3,[4]]]",
    "[\"a\\\\\",\"\\\\\"]", "[{\"name\":\"a\",\"name\":null}]", "[{\"name\":null,\"name\":\"b\"}]",
    "[{\"n\\u00e4me\":1,\"name\":\"\xc3\xa9\",\"id\":{\"name\":[\"x\"]}}]",
    "[ { \"name\" : \"sp\" , \"id\" : 7 } , { } ]", "[{\"id\":true,\"name\":false,\"x\":null}]",
    /* arrays that are no JSON */
    "[", "[1", "[1,", "[1,]", "[,1]", "[1 2]", "[{\"a\":1}", "[{\"a\":1]", "[{\"a\":}]",
    "[{\"a\" 1}]", "[{a:1}]", "[1]x", "[1]]", "[1}", "[{\"a\":\"\x01\"}]", "[{\"name\":\"\x01\"}]",
    "[{\"a\":\"\\u0000\"}]", "[{\"\\u0000\":1}]", "[{\"a\":tru}]", "[{\"name\":tru}]",
    "[{\"a\":01}]", "[{\"a\":1,}]", "[{,\"a\":1}]", "[\"unterminated]", "[{\"a\":\"b\"}}]",
    "[{\"a\":\"\xff\"}]", "[{\"\xff\":1}]", "[{\"a\":1e999}]", "[{\"a\":99999999999999999999}]",
    "[{\"a\":\"\\x\"}]", "[{\"name\":\"\\ud800\"}]", "[{\"a\":[1}]", "[{\"name\":[1,]}]",
    "[{\"a\":1 \"b\":2}]", "[{\"a\":1}, {\"b\":2}", "[{\"a\":1}]\v",
    /* anything else */
    "{\"a\":1}", "\"x\"", "", "  ", "\v[1]", "<html>[1]</html>", "null",
};

static void test_pieces(void)
{
    struct strmap keep = STRMAP_INIT;

    strmap_put(&keep, "name", 1);
    strmap_put(&keep, "id", 1);
    for (size_t b = 0; b < ARRAY_SIZE(bodies); b++) {
        const char *body = bodies[b];
        size_t len = strlen(body);
        char *shown = xstrdup(body);

        for (char *p = shown; *p; p++)
            if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
                *p = '?';
        unit_begin("listread: %s", shown);
        free(shown);
        for (int k = 0; k < 2; k++) {
            const struct strmap *kp = k ? &keep : NULL;

            /* Two pieces cut at every place, and one byte at a time. */
            for (size_t cut = 0; cut <= len; cut++)
                CHECK_MSG(reads_as_jansson(body, len, cut, len ? len : 1, kp),
                          "cut at %zu%s", cut, k ? ", kept members" : "");
            CHECK_MSG(reads_as_jansson(body, len, 1, 1, kp), "byte by byte%s",
                      k ? ", kept members" : "");
        }
        unit_end();
    }
    strmap_release(&keep);
}

/* Each element is handed over as soon as its last byte is in, not at the end of the body. */
static void test_elements_come_as_they_end(void)
{
    json_t *got = json_array();
    struct listread lr;

    listread_init(&lr, collect, got);
    listread_feed(&lr, "[{\"id\":\"a\"},{\"id\":", 18);
    CHECK_INT(json_array_size(got), 1);
    CHECK_INT(lr.text.len, 6);     /* only the element being read is held */
    listread_feed(&lr, "\"b\"}", 4);
    CHECK_INT(json_array_size(got), 1);
    listread_feed(&lr, "]", 1);
    CHECK_INT(json_array_size(got), 2);
    CHECK_INT(listread_finish(&lr), LISTREAD_ARRAY);
    listread_release(&lr);
    json_decref(got);
}

int main(void)
{
    test_pieces();
    unit_run("listread: an element is handed over when it ends", test_elements_come_as_they_end);
    return unit_done();
}
