/*
 * zk_4lw: ZooKeeper's four-letter words ("ruok", "srvr", "mntr"), sent over a plain TCP
 * connection to one server: what `zk` and `doctor` show, and how far the servers are before a
 * GET (zk_applied_zxid). Each call is bounded by its timeout; none needs a session.
 */
#ifndef MIDOSH_ZK_4LW_H
#define MIDOSH_ZK_4LW_H

#include <stdint.h>

#include "api/zk.h"

/* The longest answer taken (a server's "cons" with every connection listed is far less). */
#define ZK_4LW_MAX_REPLY ((size_t)512 << 10)

/*
 * Send a four-letter word ("ruok", "srvr", "mntr") to hostport ("h:2181"; the port
 * defaults to 2181) and append the answer to out. Bounded by timeout_ms in all, and by
 * ZK_4LW_MAX_REPLY bytes. Returns 0, or -1 with a one-line reason in out ("connection
 * refused").
 */
int zk_four_letter(const char *hostport, const char *word, long timeout_ms, struct strbuf *out);

/*
 * A lower bound of the last transaction every server has applied: the least "Zxid" that
 * the servers' srvr answers give, asked within timeout_ms in all. A change with a greater
 * zxid may be missing from what anyone read after this call. -1 when no server tells
 * (four-letter words refused, or none answers).
 */
int64_t zk_applied_zxid(const struct zk *z, long timeout_ms);

/*
 * Check a hosts string: "HOST[:PORT],..." (a "/chroot" after the last one is left alone),
 * HOST a name, an IPv4 address or "[IPv6]", PORT 1 to 65535. Returns 0, or -1 with what
 * is wrong in why ("an empty server between two commas", "port 99999 of
 * 127.0.0.1:99999 is not 1 to 65535").
 */
int zk_check_hosts(const char *hosts, struct strbuf *why);

/* The servers of a hosts string, one "host:port" each (the caller's strings). */
size_t zk_split_hosts(const char *hosts, char ***out);

#endif
