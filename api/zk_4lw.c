/* zk_4lw: ZooKeeper's four-letter words over a plain TCP connection (see api/zk_4lw.h). */
#include "api/zk_4lw.h"

#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* One "HOST[:PORT]" of a hosts string, blanks around it trimmed. */
static int check_server(const char *one, struct strbuf *why)
{
    const char *host_end, *port = NULL;

    if (!*one) {
        strbuf_addstr(why, "an empty server (two commas, or a comma at an end)");
        return -1;
    }
    if (*one == '[') {
        host_end = strchr(one, ']');
        if (!host_end || host_end == one + 1 || (host_end[1] && host_end[1] != ':')) {
            strbuf_addf(why, "'%s' is not [IPV6] or [IPV6]:PORT", one);
            return -1;
        }
        if (host_end[1])
            port = host_end + 2;
    } else {
        host_end = strchr(one, ':');
        if (host_end)
            port = host_end + 1;
        else
            host_end = one + strlen(one);
        if (host_end == one) {
            strbuf_addf(why, "'%s' has no host name", one);
            return -1;
        }
        for (const char *p = one; p < host_end; p++) {
            if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_') {
                strbuf_addf(why, "'%.*s' is not a host name", (int)(host_end - one), one);
                return -1;
            }
        }
    }
    if (port) {
        long v = 0;
        const char *p = port;

        for (; *p >= '0' && *p <= '9' && v <= 65535; p++)
            v = v * 10 + (*p - '0');
        if (p == port || *p || v < 1 || v > 65535) {
            strbuf_addf(why, "port '%s' of '%s' is not 1 to 65535", port, one);
            return -1;
        }
    }
    return 0;
}

/*
 * The host list's element at *p (before end), without its blanks; *p moves to the next
 * element, or to NULL after the last. The caller's.
 */
static char *next_host(const char **p, const char *end)
{
    const char *comma = memchr(*p, ',', (size_t)(end - *p));
    const char *stop = comma ? comma : end, *q = *p;
    char *one;

    while (q < stop && (*q == ' ' || *q == '\t'))
        q++;
    one = xstrndup(q, (size_t)(stop - q));
    for (size_t len = strlen(one); len && (one[len - 1] == ' ' || one[len - 1] == '\t'); len--)
        one[len - 1] = '\0';
    *p = comma ? comma + 1 : NULL;
    return one;
}

/* Where the host list ends: at the chroot suffix ("h1,h2/chroot"), if any. */
static const char *hosts_end(const char *hosts)
{
    const char *chroot = strchr(hosts, '/');

    return chroot ? chroot : hosts + strlen(hosts);
}

int zk_check_hosts(const char *hosts, struct strbuf *why)
{
    const char *end = hosts_end(hosts);

    for (const char *p = hosts; p;) {
        char *one = next_host(&p, end);
        int ret = check_server(one, why);

        free(one);
        if (ret < 0)
            return -1;
    }
    return 0;
}

size_t zk_split_hosts(const char *hosts, char ***out)
{
    size_t n = 0, alloc = 0;
    const char *end = hosts_end(hosts);

    *out = NULL;
    for (const char *p = hosts; p && p < end;) {
        char *one = next_host(&p, end);

        if (*one) {
            const char *close = one[0] == '[' ? strchr(one, ']') : NULL;
            bool has_port = close ? close[1] == ':' : strchr(one, ':') != NULL;

            ALLOC_GROW(*out, n + 1, alloc);
            (*out)[n++] = has_port ? xstrdup(one) : xasprintf("%s:%d", one, ZK_DEFAULT_PORT);
        }
        free(one);
    }
    return n;
}

static long ms_left(double deadline)
{
    double left = (deadline - monotonic_now()) * 1000;

    return left > 0 ? (long)left + 1 : 0;
}

/* strerror() in the lowercase of midosh's messages. */
static void add_errno(struct strbuf *out, int err)
{
    const char *msg = strerror(err);

    strbuf_addch(out, (char)tolower((unsigned char)msg[0]));
    strbuf_addstr(out, msg + 1);
}

int zk_four_letter(const char *hostport, const char *word, long timeout_ms, struct strbuf *out)
{
    double deadline = monotonic_now() + timeout_ms / 1000.0;
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
    struct addrinfo *ai = NULL;
    const char *colon = strrchr(hostport, ':');
    char *host = NULL, *port = NULL;
    int fd = -1, ret = -1, rc, err = 0;
    socklen_t errlen = sizeof(err);
    struct pollfd pfd;
    char buf[4096];
    ssize_t n;
    size_t mark = out->len;

    if (colon && (hostport[0] != '[' || colon > strchr(hostport, ']'))) {
        host = xstrndup(hostport, (size_t)(colon - hostport));
        port = xstrdup(colon + 1);
    } else {
        host = xstrdup(hostport);
        port = xasprintf("%d", ZK_DEFAULT_PORT);
    }
    if (host[0] == '[') {
        char *bare = xstrndup(host + 1, strlen(host) - 2);

        free(host);
        host = bare;
    }
    if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0) {
        strbuf_addf(out, "cannot resolve '%s': %s", host, gai_strerror(rc));
        goto out;
    }
    fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        add_errno(out, errno);
        goto out;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
        add_errno(out, errno);
        goto out;
    }
    pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
    if (poll(&pfd, 1, (int)ms_left(deadline)) <= 0) {
        strbuf_addstr(out, "connection timed out");
        goto out;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0 || err) {
        add_errno(out, err ? err : errno);
        goto out;
    }
    if (write(fd, word, strlen(word)) != (ssize_t)strlen(word)) {
        add_errno(out, errno);
        goto out;
    }
    for (;;) {
        pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
        if (poll(&pfd, 1, (int)ms_left(deadline)) <= 0) {
            strbuf_setlen(out, mark);
            strbuf_addstr(out, "no answer in time");
            goto out;
        }
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0)
            break;
        if (out->len - mark + (size_t)n > ZK_4LW_MAX_REPLY) {
            strbuf_setlen(out, mark);
            strbuf_addf(out, "an answer longer than %zu KiB", ZK_4LW_MAX_REPLY >> 10);
            goto out;
        }
        strbuf_add(out, buf, (size_t)n);
    }
    ret = 0;
out:
    if (fd >= 0)
        close(fd);
    if (ai)
        freeaddrinfo(ai);
    free(host);
    free(port);
    return ret;
}

int64_t zk_applied_zxid(const struct zk *z, long timeout_ms)
{
    double deadline = monotonic_now() + timeout_ms / 1000.0;
    struct strbuf ans = STRBUF_INIT;
    char **servers = NULL;
    size_t n = zk_split_hosts(zk_hosts(z), &servers);
    int64_t least = -1;

    for (size_t i = 0; i < n; i++) {
        long left = ms_left(deadline);
        const char *p;
        unsigned long long zxid;

        strbuf_reset(&ans);
        if (left > 0 && zk_four_letter(servers[i], "srvr", left, &ans) == 0 &&
            (p = strstr(ans.buf, "Zxid: ")) && sscanf(p + 6, "%llx", &zxid) == 1 &&
            zxid <= INT64_MAX && (least < 0 || (int64_t)zxid < least))
            least = (int64_t)zxid;
        free(servers[i]);
    }
    free(servers);
    strbuf_release(&ans);
    return least;
}

