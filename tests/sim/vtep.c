/*
 * midonet-sim vtep: a hardware VTEP the API can reach, as `agent` is a midolman.
 *
 * The real API talks to a VTEP's OVSDB at its management address and port: when nothing
 * answers, the VTEP reads connectionState ERROR with no name and no tunnel IPs, its ports
 * cannot be listed (504) and a binding fails for want of a tunnel IP. The simulator has
 * no OVSDB; instead this process announces a switch in an ephemeral ZooKeeper node under
 * the root, VTEP_SWITCH_DIR/<management ip>, holding {"managementPort", "name",
 * "description", "tunnelIp", "ports": [names]}; res_vtep.c reads it as the VTEP's OVSDB
 * (reachable when it exists and its port matches). The node is not part of the 1.9 layout.
 */
#include "tests/sim/vtep.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/util.h"
#include "tests/sim/val.h"
#include "tests/sim/zks.h"

static const char vtep_usage[] =
    "usage: midonet-sim vtep --zookeeper HOSTS [--zk-root PATH] --management-ip IP\n"
    "                        --management-port N [--name NAME] [--tunnel-ip IP]\n"
    "                        [--port NAME]...\n"
    "\n"
    "Play a hardware VTEP the API can reach (its OVSDB) until SIGTERM or SIGINT. Without\n"
    "--tunnel-ip, bindings on it fail as the real server's do. Prints one line.\n";

static enum zks_rc announce(struct zks *z, const char *ip, const char *data)
{
    enum zks_rc rc = zks_create(z, NULL, 0, NULL, VTEP_SWITCH_DIR);

    if (rc != ZKS_OK && rc != ZKS_EXISTS)
        return rc;
    rc = zks_create(z, data, ZOO_EPHEMERAL, NULL, VTEP_SWITCH_DIR "/%s", ip);
    if (rc == ZKS_EXISTS) {
        zks_delete(z, VTEP_SWITCH_DIR "/%s", ip);
        rc = zks_create(z, data, ZOO_EPHEMERAL, NULL, VTEP_SWITCH_DIR "/%s", ip);
    }
    return rc;
}

int vtep_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "zookeeper", required_argument, NULL, 'z' },
        { "zk-root", required_argument, NULL, 'r' },
        { "management-ip", required_argument, NULL, 'm' },
        { "management-port", required_argument, NULL, 'p' },
        { "name", required_argument, NULL, 'n' },
        { "tunnel-ip", required_argument, NULL, 't' },
        { "port", required_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *hosts = NULL, *root = "/midonet/v1", *mip = NULL, *name = NULL, *tip = NULL;
    json_t *ports = json_array(), *doc = NULL;
    struct timespec tick = { 1, 0 };
    char ip[16], tunnel[16], *data = NULL, *end;
    long mport = -1;
    struct zks z;
    unsigned session;
    sigset_t sigs;
    uint32_t a;
    int opt, sig, ret = 2;
    bool opened = false;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'z': hosts = optarg; break;
        case 'r': root = optarg; break;
        case 'm': mip = optarg; break;
        case 'n': name = optarg; break;
        case 't': tip = optarg; break;
        case 'P': json_array_append_new(ports, json_string(optarg)); break;
        case 'p':
            mport = strtol(optarg, &end, 10);
            if (*end || end == optarg || mport < 1 || mport > 65535)
                mport = 0;
            break;
        case 'h':
            fputs(vtep_usage, stdout);
            ret = 0;
            goto out;
        default:
            fputs(vtep_usage, stderr);
            goto out;
        }
    }
    if (optind < argc || !hosts || !mip || mport < 0) {
        fputs(vtep_usage, stderr);
        goto out;
    }
    if (val_ipv4(mip, &a) < 0 || !mport || (tip && val_ipv4(tip, &a) < 0)) {
        error("--management-ip and --tunnel-ip want IPv4 addresses, --management-port 1 to 65535");
        goto out;
    }
    val_ipv4(mip, &a);
    val_ipv4_str(a, ip);
    if (tip) {
        val_ipv4(tip, &a);
        val_ipv4_str(a, tunnel);
    }
    doc = json_object();
    json_object_set_new(doc, "managementPort", json_integer(mport));
    json_object_set_new(doc, "name", val_jstr(name));
    json_object_set_new(doc, "description", json_null());
    json_object_set_new(doc, "tunnelIp", tip ? json_string(tunnel) : json_null());
    json_object_set_new(doc, "ports", json_incref(ports));
    data = json_dumps(doc, JSON_COMPACT);

    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    ret = 1;
    if (zks_open(&z, hosts, root, 15000) < 0) {
        opened = z.hosts != NULL;
        goto out;
    }
    opened = true;
    if (announce(&z, ip, data) != ZKS_OK) {
        error("cannot announce the VTEP %s", ip);
        goto out;
    }
    session = z.session;
    printf("midonet-sim: vtep %s:%ld reachable\n", ip, mport);
    fflush(stdout);
    for (;;) {
        sig = sigtimedwait(&sigs, NULL, &tick);
        if (sig == SIGINT || sig == SIGTERM)
            break;
        if (sig < 0 && errno != EAGAIN && errno != EINTR)
            break;
        if (zks_usable(&z) && z.session != session) {
            session = z.session;
            announce(&z, ip, data);
        }
    }
    ret = 0;
out:
    if (opened)
        zks_release(&z);
    free(data);
    json_decref(doc);
    json_decref(ports);
    return ret;
}
