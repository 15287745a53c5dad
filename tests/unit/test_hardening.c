/* Hardening: escaping text from a server, and checking ZooKeeper server lists. */
#include <string.h>

#include "api/zk_4lw.h"
#include "lib/util.h"
#include "tests/unit/unit.h"

static void test_escape(void)
{
    static const char *const cases[][2] = {
        { "plain name", "plain name" },
        { "", "" },
        { "tab\tok", "tab\tok" },
        { "a\nb", "a\\x0ab" },
        { "cr\rlf\n", "cr\\x0dlf\\x0a" },
        { "\x1b]0;title\x07", "\\x1b]0;title\\x07" },
        { "\x1b[2J", "\\x1b[2J" },
        { "del\x7f", "del\\x7f" },
        { "csi\xc2\x9b" "2J", "csi\\xc2\\x9b2J" },          /* C1 controls, as UTF-8 */
        { "nbsp\xc2\xa0", "nbsp\xc2\xa0" },
        { "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
          "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
        { "raw\x9b", "raw\\x9b" },                        /* not UTF-8 */
        { "cut\xe2\x82", "cut\\xe2\\x82" },
        { "overlong\xc0\xaf", "overlong\\xc0\\xaf" },
        { "surrogate\xed\xa0\x80", "surrogate\\xed\\xa0\\x80" },
    };
    struct strbuf sb = STRBUF_INIT;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        strbuf_reset(&sb);
        strbuf_add_escaped(&sb, cases[i][0]);
        CHECK_STR(sb.buf, cases[i][1]);
        CHECK_INT(text_needs_escape(cases[i][0]), strcmp(cases[i][0], cases[i][1]) != 0);
        CHECK(!text_needs_escape(sb.buf));
    }
    strbuf_release(&sb);
}

static void test_zk_hosts(void)
{
    static const char *const good[] = {
        "127.0.0.1:2181", "127.0.0.1", "zk1:2181,zk2:2181,zk3", "a.example.org:1",
        "h:65535", " h1:2181 , h2:2181 ", "[::1]:2181", "[::1]", "h:2181/midonet",
    };
    static const char *const bad[][2] = {
        { "127.0.0.1:99999", "port '99999' of '127.0.0.1:99999' is not 1 to 65535" },
        { "a,,b:", "an empty server (two commas, or a comma at an end)" },
        { "a,b:", "port '' of 'b:' is not 1 to 65535" },
        { "h:0", "port '0' of 'h:0' is not 1 to 65535" },
        { "h:21x", "port '21x' of 'h:21x' is not 1 to 65535" },
        { "h:-1", "port '-1' of 'h:-1' is not 1 to 65535" },
        { "h:123456789012345678901",
          "port '123456789012345678901' of 'h:123456789012345678901' is not 1 to 65535" },
        { ",h", "an empty server (two commas, or a comma at an end)" },
        { "h,", "an empty server (two commas, or a comma at an end)" },
        { ":2181", "':2181' has no host name" },
        { "h h:2181", "'h h' is not a host name" },
        { "[::1", "'[::1' is not [IPV6] or [IPV6]:PORT" },
        { "[]:2181", "'[]:2181' is not [IPV6] or [IPV6]:PORT" },
        { "[::1]x", "'[::1]x' is not [IPV6] or [IPV6]:PORT" },
    };
    struct strbuf why = STRBUF_INIT;

    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        strbuf_reset(&why);
        CHECK_MSG(zk_check_hosts(good[i], &why) == 0, "'%s' refused: %s", good[i], why.buf);
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        strbuf_reset(&why);
        CHECK_MSG(zk_check_hosts(bad[i][0], &why) < 0, "'%s' accepted", bad[i][0]);
        CHECK_STR(why.buf, bad[i][1]);
    }
    strbuf_release(&why);
}

int main(void)
{
    unit_run("hardening: text from a server is escaped", test_escape);
    unit_run("hardening: ZooKeeper server lists are checked", test_zk_hosts);
    return unit_done();
}
