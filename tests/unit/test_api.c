#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/api.h"
#include "api/zk_4lw.h"
#include "tests/unit/unit.h"

/* A loopback socket that listens and never answers; its port in *port. */
static int listener(int *port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 4) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
        die(1, "cannot listen on loopback");
    *port = ntohs(sa.sin_port);
    return fd;
}

/* Has someone connected (a connection waits to be accepted)? */
static bool pending(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };

    return poll(&p, 1, 0) == 1;
}

/* A ^C between two requests of one command: the next request does not start. */
static void test_interrupt_before_request(void)
{
    volatile sig_atomic_t flag = 1;
    int port, fd = listener(&port);
    char *base = xasprintf("http://127.0.0.1:%d/midonet-api", port);
    char *uri = xasprintf("%s/bridges", base);
    struct api_options o = { .url = base, .connect_timeout_ms = 1000, .timeout_ms = 300,
                             .interrupt = &flag };
    struct api *api = api_new(&o);
    struct api_response r;

    CHECK_INT(api_get(api, uri, NULL, "application/json", &r), API_INTERRUPTED);
    CHECK_STR(r.message, "interrupted");
    CHECK(!pending(fd));
    CHECK_INT(api_request_count(api), 0);
    api_response_release(&r);
    /* Cleared, the same request goes out (and times out: nothing answers). */
    flag = 0;
    CHECK_INT(api_get(api, uri, NULL, "application/json", &r), API_UNREACHABLE);
    CHECK(pending(fd));
    CHECK_INT(flag, 0);
    api_response_release(&r);
    api_free(api);
    free(uri);
    free(base);
    close(fd);
}

/* The whole-request limit that fired is named, as it is in force (a TAB's lower one too). */
static void test_timeout_names_the_limit(void)
{
    int port, fd = listener(&port);
    char *base = xasprintf("http://127.0.0.1:%d/midonet-api", port);
    char *uri = xasprintf("%s/bridges", base);
    struct api_options o = { .url = base, .connect_timeout_ms = 5000, .timeout_ms = 400 };
    struct api *api = api_new(&o);
    struct api_response r;

    CHECK_INT(api_get(api, uri, NULL, "application/json", &r), API_UNREACHABLE);
    CHECK(r.message && strstr(r.message, "timed out after 400 ms"));
    api_response_release(&r);
    /* Lowered for a while (a TAB): that limit fired, though the usual one was not reached. */
    api_limit(api, 150);
    CHECK_INT(api_get(api, uri, NULL, "application/json", &r), API_UNREACHABLE);
    CHECK(r.message && strstr(r.message, "timed out after 150 ms"));
    api_response_release(&r);
    api_limit(api, 0);
    api_free(api);
    free(uri);
    free(base);
    close(fd);
}

/*
 * A connection that is never made: the connect limit, when it is the smaller. The
 * listener's queue is full (backlog 0 holds one connection), so the kernel drops the SYNs.
 */
static void test_connect_timeout_names_the_limit(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0), filler[4];
    char *base, *uri;
    struct api_options o = { .connect_timeout_ms = 200, .timeout_ms = 5000 };
    struct api *api;
    struct api_response r;

    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 0) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
        die(1, "cannot listen on loopback");
    for (size_t i = 0; i < 4; i++) {
        filler[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(filler[i], (struct sockaddr *)&sa, sizeof(sa));
    }
    base = xasprintf("http://127.0.0.1:%d/midonet-api", ntohs(sa.sin_port));
    uri = xasprintf("%s/bridges", base);
    o.url = base;
    api = api_new(&o);
    CHECK_INT(api_get(api, uri, NULL, "application/json", &r), API_UNREACHABLE);
    CHECK(r.message && strstr(r.message, "timed out after 200 ms"));
    api_response_release(&r);
    api_free(api);
    for (size_t i = 0; i < 4; i++)
        close(filler[i]);
    free(uri);
    free(base);
    close(fd);
}

/* A server that answers a four-letter word with more than midosh takes: refused, not kept. */
static void test_four_letter_answer_is_bounded(void)
{
    int port, fd = listener(&port);
    char *hostport = xasprintf("127.0.0.1:%d", port);
    struct strbuf out = STRBUF_INIT;
    pid_t pid = fork();

    if (pid == 0) {
        static char chunk[65536];
        int c = accept(fd, NULL, NULL);
        size_t sent = 0;

        /* As a server does: read the word, answer, and close once the client has (a close
         * with the word unread would reset the connection and lose the answer). */
        signal(SIGPIPE, SIG_IGN);
        memset(chunk, 'x', sizeof(chunk));
        if (c < 0 || read(c, chunk, 4) != 4)
            _exit(1);
        while (sent <= 2 * ZK_4LW_MAX_REPLY) {
            ssize_t n = write(c, chunk, sizeof(chunk));

            if (n <= 0)
                break;
            sent += (size_t)n;
        }
        shutdown(c, SHUT_WR);
        while (read(c, chunk, sizeof(chunk)) > 0)
            continue;
        _exit(0);
    }
    strbuf_addstr(&out, "before: ");
    CHECK_INT(zk_four_letter(hostport, "cons", 10000, &out), -1);
    CHECK_MSG(starts_with(out.buf, "before: an answer longer than"), "%.80s", out.buf);
    CHECK_MSG(out.len < 100, "%zu bytes", out.len);
    close(fd);
    waitpid(pid, NULL, 0);
    strbuf_release(&out);
    free(hostport);
}

int main(void)
{
    unit_run("api: no request starts while the interrupt flag is set",
             test_interrupt_before_request);
    unit_run("api: a timeout names the limit in force that fired", test_timeout_names_the_limit);
    unit_run("api: a connect timeout names the connect limit",
             test_connect_timeout_names_the_limit);
    unit_run("zk: a four-letter word's answer is bounded in size",
             test_four_letter_answer_is_bounded);
    return unit_done();
}
