/*
 * midonet-sim: a MidoNet 1.9 REST API simulator for midosh's tests, with its state in a
 * real ZooKeeper (see doc/simulator.md). Subcommands:
 *
 *   serve    the API (server.c)
 *   agent    a simulated midolman host (agent.c)
 *   vtep     a reachable hardware VTEP (vtep.c)
 *   fields   (not in the usage) print the body reader's field table (body.c)
 *   zkcat, zkls   (not in the usage) print a ZooKeeper node's data or children, for
 *            test harnesses that want to look at ZooKeeper without a client of their own
 */
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "tests/sim/agent.h"
#include "tests/sim/body.h"
#include "tests/sim/server.h"
#include "tests/sim/vtep.h"
#include "tests/sim/zks.h"

static const char usage[] =
    "usage: midonet-sim serve --listen ADDR:PORT --zookeeper HOSTS [options]\n"
    "       midonet-sim agent --zookeeper HOSTS --name NAME [options]\n"
    "       midonet-sim vtep --zookeeper HOSTS --management-ip IP --management-port N [options]\n"
    "Run 'midonet-sim serve --help' or 'midonet-sim agent --help' for the options.\n";

/* zkcat|zkls --zookeeper HOSTS PATH: absolute paths, no MidoNet root. */
static int zk_tool(int argc, char **argv, bool list)
{
    struct zks_names names = ZKS_NAMES_INIT;
    struct strbuf data = STRBUF_INIT;
    struct zks z;
    enum zks_rc rc;

    if (argc != 4 || strcmp(argv[1], "--zookeeper") || argv[3][0] != '/') {
        fprintf(stderr, "usage: midonet-sim %s --zookeeper HOSTS /PATH\n", argv[0]);
        return 2;
    }
    if (zks_open(&z, argv[2], "", 15000) < 0) {
        zks_release(&z);
        return 3;
    }
    if (list) {
        rc = zks_children(&z, &names, "%s", argv[3]);
        for (size_t i = 0; rc == ZKS_OK && i < names.nr; i++)
            printf("%s\n", names.v[i]);
    } else {
        rc = zks_get(&z, &data, NULL, "%s", argv[3]);
        if (rc == ZKS_OK)
            fwrite(data.buf, 1, data.len, stdout);
    }
    zks_names_release(&names);
    strbuf_release(&data);
    zks_release(&z);
    if (rc == ZKS_NONODE)
        return 1;
    return rc == ZKS_OK ? 0 : error("cannot read %s", argv[3]) + 4;
}

int main(int argc, char **argv)
{
    error_set_program("midonet-sim");
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    if (!strcmp(argv[1], "serve"))
        return server_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "agent"))
        return agent_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "vtep"))
        return vtep_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "fields")) {
        /* The body reader's field table (body.c), for tests and the README. */
        if (argc > 2 && !strcmp(argv[2], "--routes"))
            body_print_routes(stdout);
        else
            body_print_table(stdout, argc > 2 && !strcmp(argv[2], "--markdown"));
        return 0;
    }
    if (!strcmp(argv[1], "zkcat") || !strcmp(argv[1], "zkls"))
        return zk_tool(argc - 1, argv + 1, !strcmp(argv[1], "zkls"));
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, stdout);
        return 0;
    }
    fputs(usage, stderr);
    return 2;
}
