/*
 * Unit tests for the shell's resolution (shell/resolve.h), handles (shell/handle.h) and the
 * cache's coherence rules (api/cache.h), through a recorded-response backend
 * (tests/unit/fake_backend.h): no server.
 */
#include <stdlib.h>
#include <string.h>

#include "shell/fetch.h"
#include "shell/handle.h"
#include "shell/resolve.h"
#include "tests/unit/fake_backend.h"
#include "tests/unit/unit.h"

#define B1 "b1000000-0000-4000-8000-000000000001"
#define TW1 "aaaa0000-0000-4000-8000-000000000002"
#define TW2 "aaaa0000-1111-4000-8000-000000000003"
#define UN "cccccccc-0000-4000-8000-000000000004"
#define NM "cccc0000-0000-4000-8000-000000000005"
#define R1 "d1000000-0000-4000-8000-000000000006"
#define R2 "d2000000-0000-4000-8000-000000000007"
#define P1 "e1000000-0000-4000-8000-000000000008"
#define P2 "e2000000-0000-4000-8000-000000000009"
#define H1 "f1000000-0000-4000-8000-00000000000a"
#define H2 "f2000000-0000-4000-8000-00000000000b"
#define H3 "f2000000-0000-4000-8000-00000000000c"

static const struct fake_answer answers[] = {
    /* twin, twin: one name for two; "cccccccc" is a name that is also UN's first 8 digits;
     * the bridge named like a UUID is not printed by its name. */
    { "http://api/bridges",
      "[{\"id\":\"" B1 "\",\"name\":\"b1\"},"
      "{\"id\":\"" TW1 "\",\"name\":\"twin\"},"
      "{\"id\":\"" TW2 "\",\"name\":\"twin\"},"
      "{\"id\":\"" UN "\",\"name\":\"" R1 "\"},"
      "{\"id\":\"" NM "\",\"name\":\"cccccccc\"}]" },
    { "http://api/routers",
      "[{\"id\":\"" R1 "\",\"name\":\"r1\",\"ports\":\"http://api/routers/r1/ports\"},"
      "{\"id\":\"" R2 "\",\"name\":\"r2\",\"ports\":\"http://api/routers/r2/ports\"}]" },
    { "http://api/routers/r1/ports",
      "[{\"id\":\"" P1 "\",\"type\":\"Router\",\"deviceId\":\"" R1 "\","
      "\"portAddress\":\"10.0.0.1\"}]" },
    { "http://api/routers/r2/ports",
      "[{\"id\":\"" P2 "\",\"type\":\"Router\",\"deviceId\":\"" R2 "\","
      "\"portAddress\":\"10.0.0.1\"}]" },
    { "http://api/ports",
      "[{\"id\":\"" P1 "\",\"type\":\"Router\",\"deviceId\":\"" R1 "\","
      "\"portAddress\":\"10.0.0.1\"},"
      "{\"id\":\"" P2 "\",\"type\":\"Router\",\"deviceId\":\"" R2 "\","
      "\"portAddress\":\"10.0.0.1\"}]" },
    { "http://api/hosts",
      "[{\"id\":\"" H1 "\",\"name\":\"h1\"},{\"id\":\"" H2 "\",\"name\":\"dup\"},"
      "{\"id\":\"" H3 "\",\"name\":\"dup\"}]" },
    { "http://api/tz1/hosts",
      "[{\"hostId\":\"" H1 "\",\"ipAddress\":\"10.1.0.1\"},"
      "{\"hostId\":\"" H2 "\",\"ipAddress\":\"10.1.0.2\"}]" },
    { NULL, NULL },
};

static const struct command list_cmd = { .verb = VERB_LIST };

/* A run, and the entry of uri (listed as type id) in it. */
static struct cache_coll *entry(struct run *r, const char *uri, enum type_id id)
{
    struct cache_coll *e = NULL;

    if (fetch(r, uri, NULL, schema_type(id), false, &e) != ST_OK)
        return NULL;
    return e;
}

static void test_resolution(void)
{
    static const struct {
        const char *uri;
        enum type_id type;
        const char *word;
        enum found want;
        const char *id;         /* FOUND: the object's id */
    } rows[] = {
        { "http://api/bridges", T_BRIDGE, B1, FOUND, B1 },
        { "http://api/bridges", T_BRIDGE, "B1000000-0000-4000-8000-000000000001", FOUND, B1 },
        { "http://api/bridges", T_BRIDGE, "b1", FOUND, B1 },
        { "http://api/bridges", T_BRIDGE, "twin", AMBIGUOUS, NULL },
        { "http://api/bridges", T_BRIDGE, "aaaa", AMBIGUOUS, NULL },
        { "http://api/bridges", T_BRIDGE, "aaaa0000-1", FOUND, TW2 },
        { "http://api/bridges", T_BRIDGE, "aaa", NOT_FOUND, NULL },
        { "http://api/bridges", T_BRIDGE, "b100", FOUND, B1 },
        { "http://api/bridges", T_BRIDGE, "cccccccc", FOUND, NM },     /* names first */
        { "http://api/bridges", T_BRIDGE, "cccccccc-0", FOUND, UN },
        { "http://api/bridges", T_BRIDGE, R1, FOUND, UN },     /* a name that is a UUID */
        { "http://api/bridges", T_BRIDGE, "nosuch", NOT_FOUND, NULL },
        { "http://api/routers/r1/ports", T_ROUTER_PORT, "10.0.0.1", FOUND, P1 },
        { "http://api/ports", T_PORT, "10.0.0.1", AMBIGUOUS, NULL },
        { "http://api/ports", T_PORT, "10.0.0.9", NOT_FOUND, NULL },
        { "http://api/tz1/hosts", T_TZ_MEMBER, "h1", FOUND, NULL },    /* a member by host */
        { "http://api/tz1/hosts", T_TZ_MEMBER, "dup", AMBIGUOUS, NULL },
        { "http://api/tz1/hosts", T_TZ_MEMBER, "f1000000", FOUND, NULL },
    };
    struct fake_backend fb = { .answers = answers };
    struct session s;

    fake_session(&s, &fb);
    error_set_quiet(true);
    for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
        struct run r = { .s = &s, .cmd = &list_cmd };
        struct cache_coll *e;
        size_t i = (size_t)-1;
        enum found f;

        unit_begin("resolution: '%s' in %s", rows[k].word, rows[k].uri);
        e = entry(&r, rows[k].uri, rows[k].type);
        if (CHECK(e)) {
            f = resolve_in(&r, e, rows[k].word, &i);
            CHECK_INT(f, rows[k].want);
            if (f == FOUND && rows[k].id) {
                const json_t *o = json_array_get(e->objects, i);

                CHECK_STR(json_string_value(json_object_get(o, "id")), rows[k].id);
            }
        }
        unit_end();
    }
    error_set_quiet(false);
    fake_release(&s, &fb);
}

static void test_qualified_reference(void)
{
    static const struct {
        const char *word;
        enum status want;
        const char *id;
    } rows[] = {
        { "r1:10.0.0.1", ST_OK, P1 },
        { "r2:10.0.0.1", ST_OK, P2 },
        { "r1:e100", ST_OK, P1 },
        { "r3:10.0.0.1", ST_FAILED, NULL },
        { "10.0.0.1", ST_FAILED, NULL },    /* two ports have it */
        { "e2000000", ST_OK, P2 },
    };
    const struct attr *peer = schema_attr(schema_type(T_ROUTER_PORT), "peer");
    struct fake_backend fb = { .answers = answers };
    struct session s;

    fake_session(&s, &fb);
    error_set_quiet(true);
    for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
        struct run r = { .s = &s, .cmd = &list_cmd };
        char *id = NULL;

        unit_begin("reference: peer '%s'", rows[k].word);
        CHECK_INT(resolve_ref(&r, peer, rows[k].word, &id), rows[k].want);
        if (rows[k].id)
            CHECK_STR(id, rows[k].id);
        free(id);
        unit_end();
    }
    error_set_quiet(false);
    fake_release(&s, &fb);
}

static void test_handles(void)
{
    static const struct {
        const char *uri;
        enum type_id type;
        const char *id;         /* the object's id, or for members its host's */
        const char *want;
    } rows[] = {
        { "http://api/bridges", T_BRIDGE, B1, "b1" },                     /* a unique name */
        { "http://api/bridges", T_BRIDGE, TW1, "aaaa0000-0" },          /* prefix, no dash end */
        { "http://api/bridges", T_BRIDGE, TW2, "aaaa0000-1" },
        { "http://api/bridges", T_BRIDGE, UN, "cccccccc-0" },           /* not NM's name */
        { "http://api/bridges", T_BRIDGE, NM, "cccccccc" },
        { "http://api/routers", T_ROUTER, R1, "r1" },
        { "http://api/routers/r1/ports", T_ROUTER_PORT, P1, "10.0.0.1" },   /* natural key */
        { "http://api/ports", T_PORT, P1, "r1:10.0.0.1" },                  /* PARENT:KEY */
        { "http://api/ports", T_PORT, P2, "r2:10.0.0.1" },
        { "http://api/hosts", T_HOST, H2, "f2000000-0000-4000-8000-00000000000b" },
        { "http://api/tz1/hosts", T_TZ_MEMBER, H1, "h1" },    /* a member by its host's handle */
    };
    struct fake_backend fb = { .answers = answers };
    struct session s;

    fake_session(&s, &fb);
    for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
        struct run r = { .s = &s, .cmd = &list_cmd };
        struct strbuf h = STRBUF_INIT;
        struct cache_coll *e;
        size_t i;

        unit_begin("handle: %s in %s", rows[k].want, rows[k].uri);
        e = entry(&r, rows[k].uri, rows[k].type);
        if (CHECK(e)) {
            i = strmap_get(&e->ids, rows[k].id, &i) ? i : 0;
            if (rows[k].type == T_TZ_MEMBER)
                CHECK(strmap_get(&e->keys, rows[k].id, &i));
            handle_in(e, i, handle_ref, &r, &h);
            CHECK_STR(h.buf, rows[k].want);
        }
        strbuf_release(&h);
        unit_end();
    }
    fake_release(&s, &fb);
}

/* Every handle printed resolves back to its object. */
static void test_handles_resolve_back(void)
{
    static const struct {
        const char *uri;
        enum type_id type;
    } colls[] = {
        { "http://api/bridges", T_BRIDGE }, { "http://api/hosts", T_HOST },
        { "http://api/routers/r1/ports", T_ROUTER_PORT },
    };
    struct fake_backend fb = { .answers = answers };
    struct session s;

    fake_session(&s, &fb);
    for (size_t k = 0; k < ARRAY_SIZE(colls); k++) {
        struct run r = { .s = &s, .cmd = &list_cmd };
        struct cache_coll *e = entry(&r, colls[k].uri, colls[k].type);

        unit_begin("handles resolve back in %s", colls[k].uri);
        for (size_t i = 0; e && i < json_array_size(e->objects); i++) {
            struct strbuf h = STRBUF_INIT;
            size_t back = (size_t)-1;

            handle_in(e, i, handle_ref, &r, &h);
            CHECK_MSG(resolve_in(&r, e, h.buf, &back) == FOUND && back == i,
                      "'%s' does not name object %zu", h.buf, i);
            strbuf_release(&h);
        }
        unit_end();
    }
    fake_release(&s, &fb);
}

/* watch and doctor: the same rule over a list the cache does not hold. */
static void test_handle_among(void)
{
    json_t *hosts = json_loads("[{\"id\":\"" H1 "\",\"name\":\"h1\"},"
                               "{\"id\":\"" H2 "\",\"name\":\"dup\"},"
                               "{\"id\":\"" H3 "\",\"name\":\"dup\"}]", 0, NULL);
    static const struct {
        const char *id, *want;
    } rows[] = {
        { H1, "h1" },
        { H2, "f2000000-0000-4000-8000-00000000000b" },   /* 8 digits would be ambiguous */
        { "f9000000-0000-4000-8000-000000000000", "f9000000-0000-4000-8000-000000000000" },
    };

    for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
        struct strbuf h = STRBUF_INIT;

        unit_begin("handle among hosts: %s", rows[k].want);
        handle_among(schema_type(T_HOST), hosts, rows[k].id, NULL, NULL, &h);
        CHECK_STR(h.buf, rows[k].want);
        strbuf_release(&h);
        unit_end();
    }
    json_decref(hosts);
}

/* A word that names several objects lists them by handles that resolve back to each. */
static void test_ambiguous_words_list_handles(void)
{
    static const struct {
        const char *uri;
        enum type_id type;
        const char *word, *want;
    } rows[] = {
        { "http://api/bridges", T_BRIDGE, "twin",
          "several bridges are named 'twin': aaaa0000-0, aaaa0000-1 (use an id)" },
        { "http://api/bridges", T_BRIDGE, "aaaa0000",
          "id prefix 'aaaa0000' matches several bridges: aaaa0000-0, aaaa0000-1" },
        { "http://api/hosts", T_HOST, "dup", "several hosts are named 'dup': " H2 ", " H3 },
    };
    struct fake_backend fb = { .answers = answers };
    struct session s;

    fake_session(&s, &fb);
    for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
        struct run r = { .s = &s, .cmd = &list_cmd };
        struct cache_coll *e = entry(&r, rows[k].uri, rows[k].type);
        size_t i;
        char *err;

        unit_begin("ambiguous '%s' in %s", rows[k].word, rows[k].uri);
        if (!CHECK(e))
            continue;
        unit_stderr_begin();
        CHECK_INT(resolve_in(&r, e, rows[k].word, &i), AMBIGUOUS);
        err = unit_stderr_end();
        CHECK_MSG(strstr(err, rows[k].want), "got: %s", err);
        /* Each handle listed (after "'WORD': ") resolves to one object. */
        for (const char *p = strstr(err, "': "); p; ) {
            size_t n;
            char *h;

            p += strspn(p, "': ,");
            n = strcspn(p, ", \n");
            if (!n)
                break;
            h = xstrndup(p, n);
            error_set_quiet(true);
            CHECK_MSG(resolve_in(&r, e, h, &i) == FOUND, "'%s' does not resolve", h);
            error_set_quiet(false);
            free(h);
            p += n;
            if (*p != ',')
                break;
        }
        free(err);
        unit_end();
    }
    fake_release(&s, &fb);
}

/* ---- the cache's coherence rules ---------------------------------------------------- */

static const struct {
    const char *uri;
    enum type_id type;
} rule_entries[] = {
    { "/bridges", T_BRIDGE },
    { "/bridges/b1/ports", T_BRIDGE_PORT },
    { "/ports", T_PORT },
    { "/routers", T_ROUTER },
    { "/tenants", T_TENANT },
    { "/bridges/b1/ports/p1/x", T_HOST },
};

static void fill(struct cache *c)
{
    cache_init(c);
    for (size_t i = 0; i < ARRAY_SIZE(rule_entries); i++) {
        json_t *objs = json_pack("[{ssss}]", "id", "00000000-0000-4000-8000-000000000001",
                                 "uri", "/obj");

        cache_store(c, rule_entries[i].uri, schema_type(rule_entries[i].type), objs);
    }
    cache_store(c, "/bridges", schema_type(T_BRIDGE),
                json_pack("[{ssss}]", "id", B1, "uri", "/bridges/b1"));
    cache_store(c, "/bridges/b1/ports", schema_type(T_BRIDGE_PORT),
                json_pack("[{ssss}]", "id", P1, "uri", "/bridges/b1/ports/p1"));
}

/* "s" stale, "f" fresh, "-" gone, one letter per rule_entries row. */
static void check_states(struct cache *c, const char *want)
{
    char got[ARRAY_SIZE(rule_entries) + 1] = { 0 };

    for (size_t i = 0; i < ARRAY_SIZE(rule_entries); i++) {
        const struct cache_coll *e = cache_find(c, rule_entries[i].uri);

        got[i] = !e ? '-' : e->stale ? 's' : 'f';
    }
    CHECK_STR(got, want);
}

static void test_coherence_rules(void)
{
    struct cache c;
    struct cache_coll *e;
    json_t *obj;
    size_t i;

    unit_begin("rule: a bridge port created under b1");
    fill(&c);
    obj = json_pack("{ssss}", "id", P2, "uri", "/ports/p2");
    cache_created(&c, "/bridges/b1/ports", "/bridges/b1", schema_type(T_BRIDGE_PORT), obj, P2);
    check_states(&c, "ffsffs");
    e = cache_find(&c, "/bridges/b1/ports");
    CHECK(strmap_get(&e->ids, P2, &i) && cache_is_partial(e, P2));
    json_decref(obj);
    cache_release(&c);
    unit_end();

    unit_begin("rule: a bridge created (tenant-owned)");
    fill(&c);
    obj = json_pack("{ssss}", "id", B1 "x", "uri", "/bridges/x");
    cache_created(&c, "/bridges", NULL, schema_type(T_BRIDGE), obj, NULL);
    check_states(&c, "sfffsf");   /* no id: its own list is listed again; tenants stale */
    json_decref(obj);
    cache_release(&c);
    unit_end();

    unit_begin("rule: a port changed");
    fill(&c);
    obj = json_pack("{ssssss}", "id", P1, "uri", "/bridges/b1/ports/p1", "name", "new");
    e = cache_changed(&c, "/bridges/b1/ports", schema_type(T_BRIDGE_PORT), NULL, P1, obj);
    CHECK(e && json_array_get(e->objects, 0) == obj);
    check_states(&c, "ffsfff");
    json_decref(obj);
    cache_release(&c);
    unit_end();

    unit_begin("rule: a bridge deleted");
    fill(&c);
    cache_deleted(&c, "/bridges", "/bridges/b1", NULL, B1);
    check_states(&c, "f-sss-");
    CHECK_INT(json_array_size(cache_find(&c, "/bridges")->objects), 0);
    cache_release(&c);
    unit_end();

    unit_begin("rule: ports linked");
    fill(&c);
    cache_linked(&c);
    check_states(&c, "fssfff");
    cache_release(&c);
    unit_end();
}

static void test_freshness(void)
{
    struct cache c;
    struct cache_coll *e;

    cache_init(&c);
    e = cache_store(&c, "/bridges", schema_type(T_BRIDGE), json_array());
    unit_begin("fresh: fetched during this command");
    CHECK(cache_is_fresh(&c, e, 5, false));
    CHECK(!cache_is_fresh(&c, e, 5, true));
    unit_end();
    unit_begin("fresh: an earlier command's copy, by age");
    cache_next_epoch(&c);
    CHECK(cache_is_fresh(&c, e, 5, false));
    e->fetched -= 10;
    CHECK(!cache_is_fresh(&c, e, 5, false));
    CHECK(cache_is_fresh(&c, e, -1, false));
    unit_end();
    unit_begin("fresh: never when stale");
    cache_invalidate_older(&c);
    CHECK(e->stale && !cache_is_fresh(&c, e, -1, false));
    unit_end();
    cache_release(&c);
}

/* One GET per collection: what was fetched during a command is not fetched again. */
static void test_one_get_per_collection(void)
{
    struct fake_backend fb = { .answers = answers };
    struct session s;
    struct run r = { .s = &s, .cmd = &list_cmd };

    fake_session(&s, &fb);
    s.max_age = 5;
    CHECK(entry(&r, "http://api/bridges", T_BRIDGE));
    CHECK(entry(&r, "http://api/bridges", T_BRIDGE));
    CHECK_INT(fb.gets, 1);
    fake_release(&s, &fb);
}

/*
 * A handle printed in the root list of a type whose objects are children elsewhere (a
 * router port in /ports: "r1:10.0.0.1") names the object as a path step there too.
 */
static void test_root_handles_resolve_as_steps(void)
{
    struct fake_backend fb = { .answers = answers };
    struct session s;
    struct run lr = { .s = &s, .cmd = &list_cmd };
    struct cache_coll *e;

    fake_session(&s, &fb);
    e = entry(&lr, "http://api/ports", T_PORT);
    for (size_t i = 0; e && i < json_array_size(e->objects); i++) {
        const char *id = json_string_value(json_object_get(json_array_get(e->objects, i), "id"));
        struct strbuf h = STRBUF_INIT;
        struct step step = { .type = schema_type(T_PORT) };
        struct command cmd = { .verb = VERB_SHOW, .path = &step, .npath = 1 };
        struct run r = { .s = &s, .cmd = &cmd };

        handle_in(e, i, handle_ref, &lr, &h);
        step.ref = h.buf;
        unit_begin("root handle: show port %s", h.buf);
        if (CHECK_INT(resolve_path(&r), ST_OK))
            CHECK_STR(json_string_value(json_object_get(r.path[0].obj, "id")), id);
        for (size_t k = 0; k < r.npath; k++)
            target_release(&r.path[k]);
        free(r.path);
        strbuf_release(&h);
        unit_end();
    }
    fake_release(&s, &fb);
}

/* A filter on a reference that may be of several types (a port's device) tries each. */
static void test_filters_of_several_types(void)
{
    static const struct {
        const char *value;
        const char *port;       /* the port matched */
        bool yes;
        enum status want;
    } rows[] = {
        { "r1", P1, true, ST_OK },              /* a router, for a router port */
        { "r2", P1, false, ST_OK },
        { R1, P1, true, ST_OK },                /* a full id */
        { "b1", P1, false, ST_OK },             /* a bridge: not this port's device */
        { "nosuch", P1, false, ST_FAILED },     /* neither a bridge nor a router */
    };
    const struct type *pt = schema_type(T_PORT);
    struct fake_backend fb = { .answers = answers };
    struct session s;

    fake_session(&s, &fb);
    error_set_quiet(true);
    for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
        struct run r = { .s = &s, .cmd = &list_cmd };
        struct cache_coll *e = entry(&r, "http://api/ports", T_PORT);
        struct value v = { .attr = schema_attr(pt, "device"), .text = rows[k].value };
        size_t i;
        bool yes = !rows[k].yes;

        unit_begin("filter: list port device %s", rows[k].value);
        if (CHECK(e) && CHECK(strmap_get(&e->ids, rows[k].port, &i))) {
            json_t *o = json_array_get(e->objects, i);

            CHECK_INT(resolve_matches(&r, schema_variant(pt, o), o, &v, 1, &yes), rows[k].want);
            if (rows[k].want == ST_OK)
                CHECK_INT(yes, rows[k].yes);
        }
        unit_end();
    }
    error_set_quiet(false);
    fake_release(&s, &fb);
}

int main(void)
{
    unit_run("resolution", test_resolution);
    unit_run("qualified references", test_qualified_reference);
    unit_run("handles", test_handles);
    unit_run("handles resolve back", test_handles_resolve_back);
    unit_run("root handles resolve as steps", test_root_handles_resolve_as_steps);
    unit_run("filters of several types", test_filters_of_several_types);
    unit_run("handle among a list", test_handle_among);
    unit_run("ambiguous words list handles", test_ambiguous_words_list_handles);
    unit_run("coherence rules", test_coherence_rules);
    unit_run("freshness", test_freshness);
    unit_run("one GET per collection", test_one_get_per_collection);
    return unit_done();
}
