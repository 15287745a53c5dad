/* format.c's tables: -o table and show. */
#include <string.h>

#include "shell/format.h"
#include "tests/unit/unit.h"

static void test_table_alignment(void)
{
    struct table tb;
    struct strbuf out = STRBUF_INIT;

    table_init(&tb, 3);
    table_add(&tb, "bridge");
    table_add(&tb, "name");
    table_add(&tb, "state");
    table_add(&tb, "b\xc3\xa9");    /* two bytes, one column */
    table_add(&tb, "");
    table_add(&tb, "up");
    table_add(&tb, "long-name");
    table_add(&tb, NULL);
    table_add(&tb, "down");
    table_print(&tb, &out);
    CHECK_STR(out.buf, "bridge     name  state\n"
                       "b\xc3\xa9         -     up\n"
                       "long-name  -     down\n");
    table_release(&tb);
    strbuf_release(&out);
}

static void test_show_rows_hold_hidden_attributes(void)
{
    const struct type *t = schema_type(T_BRIDGE);
    json_t *o = json_pack("{sssssssbss?}", "id", "0f0f0f0f-0000-0000-0000-000000000001",
                          "tenantId", "acme", "name", "b1", "adminStateUp", 1,
                          "inboundFilterId", NULL);
    struct table tb;
    struct strbuf out = STRBUF_INIT;

    table_init(&tb, 2);
    format_attrs(t, o, NULL, NULL, &tb);
    table_print(&tb, &out);
    /* Every attribute, the hidden id and tenant first, aligned on the longest name. */
    CHECK_STR(out.buf, "id           0f0f0f0f-0000-0000-0000-000000000001\n"
                       "tenant       acme\n"
                       "name         b1\n"
                       "state        up\n"
                       "infilter     -\n"
                       "outfilter    -\n"
                       "qos-policy   -\n"
                       "in-mirrors   -\n"
                       "out-mirrors  -\n"
                       "vxlan-ports  -\n");
    table_release(&tb);
    strbuf_release(&out);
    json_decref(o);
}

static void test_table_rows_escape_and_use_the_schema(void)
{
    const struct type *t = schema_type(T_BRIDGE);
    json_t *o = json_pack("{sssb}", "name", "ev\x1bil", "adminStateUp", 0);
    struct table tb;
    struct strbuf out = STRBUF_INIT;

    format_table_header(t, &tb);
    format_table_row(t, o, "ev\x1bil", NULL, NULL, &tb);
    table_print(&tb, &out);
    CHECK_STR(out.buf, "bridge    name      state  infilter  outfilter\n"
                       "ev\\x1bil  ev\\x1bil  down   -         -\n");
    table_release(&tb);
    strbuf_release(&out);
    json_decref(o);
}

int main(void)
{
    unit_run("format: tables align by characters, empty cells are -", test_table_alignment);
    unit_run("format: show's rows hold the id and tenant", test_show_rows_hold_hidden_attributes);
    unit_run("format: table rows escape and follow the schema's columns",
             test_table_rows_escape_and_use_the_schema);
    return unit_done();
}
