/* Unit tests for api/cache.c: indexes, partial objects, unique id prefixes. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/cache.h"
#include "tests/unit/unit.h"

static json_t *bridge(const char *id, const char *name)
{
    return json_pack("{ssss}", "id", id, "name", name);
}

static struct cache_coll *store(struct cache *c, json_t *objects)
{
    return cache_store(c, "http://api/bridges", schema_type(T_BRIDGE), objects);
}

static void test_indexes(void)
{
    struct cache c;
    struct cache_coll *e;
    size_t i;

    cache_init(&c);
    e = store(&c, json_pack("[ooo]", bridge("aaaa0000-0000-0000-0000-000000000001", "a"),
                            bridge("bbbb0000-0000-0000-0000-000000000002", "twin"),
                            bridge("cccc0000-0000-0000-0000-000000000003", "twin")));
    CHECK(strmap_get(&e->ids, "bbbb0000-0000-0000-0000-000000000002", &i) && i == 1);
    CHECK(strmap_get(&e->names, "a", &i) && i == 0);
    CHECK(strmap_get(&e->names, "twin", &i) && i == CACHE_SEVERAL);
    cache_remove(e, 1);
    CHECK(strmap_get(&e->names, "twin", &i) && i == 1);
    cache_append(e, bridge("dddd0000-0000-0000-0000-000000000004", "d"));
    CHECK(strmap_get(&e->names, "d", &i) && i == 2);
    CHECK(cache_find(&c, "http://api/bridges") == e);
    cache_drop_prefix(&c, "http://api/b");
    CHECK(cache_find(&c, "http://api/bridges") == NULL);
    cache_release(&c);
}

static void test_partial(void)
{
    struct cache c;
    struct cache_coll *e;

    cache_init(&c);
    e = store(&c, json_array());
    cache_append(e, bridge("aaaa0000-0000-0000-0000-000000000001", "new"));
    cache_set_partial(e, "aaaa0000-0000-0000-0000-000000000001", true);
    CHECK(cache_is_partial(e, "aaaa0000-0000-0000-0000-000000000001"));
    CHECK(cache_has_partial(e));
    cache_set_partial(e, "aaaa0000-0000-0000-0000-000000000001", false);
    CHECK(!cache_has_partial(e));
    cache_set_partial(e, "aaaa0000-0000-0000-0000-000000000001", true);
    e = store(&c, json_array());   /* a fresh GET: nothing partial any more */
    CHECK(!cache_has_partial(e));
    cache_release(&c);
}

/* The reference: the shortest prefix (>= min) no other id starts with. */
static size_t brute_prefix(char ids[][37], size_t n, size_t k, size_t min)
{
    size_t len = strlen(ids[k]);

    for (size_t p = min; p < len; p++) {
        bool clash = false;

        for (size_t j = 0; j < n && !clash; j++)
            clash = j != k && !strncasecmp(ids[j], ids[k], p);
        if (!clash)
            return p;
    }
    return len;
}

static void test_unique_prefix(void)
{
    static char ids[400][37];
    struct cache c;
    struct cache_coll *e;
    json_t *arr = json_array();
    unsigned seed = 7;

    /* Ids crowded into a few leading digits, so that long shared prefixes occur. */
    for (size_t k = 0; k < ARRAY_SIZE(ids); k++) {
        char hex[33];

        for (size_t d = 0; d < 32; d++) {
            seed = seed * 1103515245u + 12345u;
            hex[d] = "0123456789abcdef"[d < 6 ? (seed >> 16) % 2 : (seed >> 16) % 16];
        }
        snprintf(ids[k], sizeof(ids[k]), "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12,
                 hex + 16, hex + 20);
        json_array_append_new(arr, bridge(ids[k], ""));
    }
    cache_init(&c);
    e = store(&c, arr);
    for (size_t k = 0; k < ARRAY_SIZE(ids); k++) {
        size_t got = cache_unique_prefix(e, ids[k], 8),
               want = brute_prefix(ids, ARRAY_SIZE(ids), k, 8);

        if (!CHECK_MSG(got == want, "%s: %zu, expected %zu", ids[k], got, want))
            break;
    }
    /* Never longer than the id itself. */
    CHECK_INT(cache_unique_prefix(e, ids[0], 36), 36);
    cache_release(&c);
}

int main(void)
{
    unit_run("cache: id, name and duplicate-name indexes follow changes", test_indexes);
    unit_run("cache: partial objects until a fresh fetch", test_partial);
    unit_run("cache: unique id prefixes match a brute-force count", test_unique_prefix);
    return unit_done();
}
