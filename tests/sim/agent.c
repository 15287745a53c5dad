/*
 * agent: `midonet-sim agent`, a stand-in for midolman's host registration
 * (HostService.createInV1, §6): the host's metadata, its ephemeral "alive" and
 * /versions/1.9/<id> nodes and its ephemeral interfaces, kept for as long as the
 * process runs. Stopping it closes the ZooKeeper session, so the host is dead at once.
 */
#include "tests/sim/agent.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/sim/val.h"
#include "tests/sim/zks.h"

#define MAX_ITEMS 64

struct agent {
    struct zks zk;
    const char *name;
    char id[UUID_LEN + 1];
    const char *addresses[MAX_ITEMS];
    size_t naddresses;
    struct {
        char *name;
        const char *ip;     /* NULL: none */
    } ifaces[MAX_ITEMS];
    size_t nifaces;
};

static const char agent_usage[] =
    "usage: midonet-sim agent --zookeeper HOSTS [--zk-root PATH] --name NAME [--id UUID]\n"
    "                         [--address IP]... [--interface NAME[=IP]]...\n"
    "\n"
    "Register a host the way midolman does and keep it alive until SIGTERM or SIGINT,\n"
    "which closes the ZooKeeper session: the host then reads alive: false at once.\n"
    "Without --id the host id is derived from NAME, so an agent restarted with the same\n"
    "name is the same host. The host's addresses are the --address values followed by\n"
    "the interfaces' addresses. Prints one line with the host id.\n";

/* A create that replaces a node left by an earlier session of ours (or a stale one). */
static enum zks_rc create_fresh(struct zks *z, const char *data, int flags, const char *path)
{
    enum zks_rc rc = zks_create(z, data, flags, NULL, "%s", path);

    if (rc == ZKS_EXISTS) {
        zks_delete(z, "%s", path);
        rc = zks_create(z, data, flags, NULL, "%s", path);
    }
    return rc;
}

static enum zks_rc ensure(struct zks *z, const char *path)
{
    enum zks_rc rc = zks_create(z, NULL, 0, NULL, "%s", path);

    return rc == ZKS_EXISTS ? ZKS_OK : rc;
}

static void add_address(json_t *list, const char *ip)
{
    size_t i;
    json_t *x;

    json_array_foreach(list, i, x)
        if (!strcmp(json_string_value(x), ip))
            return;
    json_array_append_new(list, json_string(ip));
}

/* The interface node's data: midolman's HostDirectory.Interface. The caller's. */
static char *interface_data(const struct agent *a, size_t i)
{
    struct strbuf mac64 = STRBUF_INIT;
    unsigned char mac[6];
    char seed[UUID_LEN + 1];
    json_t *o = json_object(), *addrs = json_array();
    char *name_seed, *out;

    /* A stable, locally administered MAC per host and interface. */
    name_seed = xasprintf("%s/%s", a->id, a->ifaces[i].name);
    val_uuid_from_name(name_seed, seed);
    free(name_seed);
    mac[0] = 0x02;
    for (int k = 1; k < 6; k++) {
        unsigned hi = (unsigned)(seed[2 * k] <= '9' ? seed[2 * k] - '0' : seed[2 * k] - 'a' + 10);
        unsigned lo = (unsigned)(seed[2 * k + 1] <= '9' ? seed[2 * k + 1] - '0'
                                                        : seed[2 * k + 1] - 'a' + 10);

        mac[k] = (unsigned char)(hi << 4 | lo);
    }
    val_base64_encode(mac, sizeof(mac), &mac64);
    if (a->ifaces[i].ip)
        json_array_append_new(addrs, json_string(a->ifaces[i].ip));
    json_object_set_new(o, "name", json_string(a->ifaces[i].name));
    json_object_set_new(o, "type", json_string("Physical"));
    json_object_set_new(o, "endpoint", json_string("PHYSICAL"));
    json_object_set_new(o, "mac", json_string(mac64.buf));
    json_object_set_new(o, "status", json_integer(3));     /* up, carrier */
    json_object_set_new(o, "mtu", json_integer(1500));
    json_object_set_new(o, "portType", json_null());
    json_object_set_new(o, "addresses", addrs);
    json_object_set_new(o, "properties", json_object());
    out = zks_wrap(o);
    json_decref(o);
    strbuf_release(&mac64);
    return out;
}

/* Write everything midolman would; callable again after a session expired. */
static int agent_register(struct agent *a)
{
    static const char *const dirs[] = {
        "interfaces", "vrnMappings", "vrnMappings/ports", "tunnel_zones", "commands", "errors",
    };
    struct zks *z = &a->zk;
    json_t *meta = json_object(), *addrs = json_array(), *old;
    enum zks_rc rc;
    long long epoch = 0;
    char *data = NULL, *path = NULL, *abs = NULL;
    int ret = -1;

    for (size_t i = 0; i < a->naddresses; i++)
        add_address(addrs, a->addresses[i]);
    for (size_t i = 0; i < a->nifaces; i++)
        if (a->ifaces[i].ip)
            add_address(addrs, a->ifaces[i].ip);
    old = zks_get_json(z, &rc, NULL, "/hosts/%s", a->id);
    if (json_is_integer(json_object_get(old, "epoch")))
        epoch = json_integer_value(json_object_get(old, "epoch"));
    json_decref(old);
    json_object_set_new(meta, "name", json_string(a->name));
    json_object_set_new(meta, "addresses", addrs);
    json_object_set_new(meta, "epoch", json_integer(epoch + 1));
    data = zks_wrap(meta);

    abs = zks_abs(z, "/versions/" ZKS_WRITE_VERSION);
    if (zks_ensure_abs(z, abs) != ZKS_OK)
        goto out;
    free(abs);
    abs = zks_abs(z, "/hosts");
    if (zks_ensure_abs(z, abs) != ZKS_OK)
        goto out;
    rc = zks_create(z, data, 0, NULL, "/hosts/%s", a->id);
    if (rc == ZKS_EXISTS)
        rc = zks_set(z, data, "/hosts/%s", a->id);
    if (rc != ZKS_OK)
        goto out;
    for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
        free(path);
        path = xasprintf("/hosts/%s/%s", a->id, dirs[i]);
        if (ensure(z, path) != ZKS_OK)
            goto out;
    }
    for (size_t i = 0; i < a->nifaces; i++) {
        char *idata = interface_data(a, i);

        free(path);
        path = xasprintf("/hosts/%s/interfaces/%s", a->id, a->ifaces[i].name);
        rc = create_fresh(z, idata, ZOO_EPHEMERAL, path);
        free(idata);
        if (rc != ZKS_OK)
            goto out;
    }
    free(path);
    path = xasprintf("/versions/" ZKS_WRITE_VERSION "/%s", a->id);
    if (create_fresh(z, NULL, ZOO_EPHEMERAL, path) != ZKS_OK)
        goto out;
    /* alive last: a live host is a complete one. */
    free(path);
    path = xasprintf("/hosts/%s/alive", a->id);
    if (create_fresh(z, NULL, ZOO_EPHEMERAL, path) != ZKS_OK)
        goto out;
    ret = 0;
out:
    if (ret < 0)
        error("cannot register host %s in ZooKeeper", a->id);
    free(abs);
    free(path);
    free(data);
    json_decref(meta);
    return ret;
}

static bool valid_iface_name(const char *s, size_t len)
{
    if (!len || len > 64)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '/' || (unsigned char)s[i] <= ' ')
            return false;
    return !(len == 1 && s[0] == '.') && !(len == 2 && s[0] == '.' && s[1] == '.');
}

int agent_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "zookeeper", required_argument, NULL, 'z' },
        { "zk-root", required_argument, NULL, 'r' },
        { "name", required_argument, NULL, 'n' },
        { "id", required_argument, NULL, 'i' },
        { "address", required_argument, NULL, 'a' },
        { "interface", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct agent a;
    const char *hosts = NULL, *root = "/midonet/v1", *id = NULL;
    struct timespec tick = { 1, 0 };
    sigset_t sigs;
    uint32_t ip;
    int opt, sig, ret = 1;
    unsigned session;
    bool opened = false;

    memset(&a, 0, sizeof(a));
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'z': hosts = optarg; break;
        case 'r': root = optarg; break;
        case 'n': a.name = optarg; break;
        case 'i': id = optarg; break;
        case 'a':
            if (val_ipv4(optarg, &ip) < 0 || a.naddresses == MAX_ITEMS) {
                error("bad or too many --address '%s'", optarg);
                ret = 2;
                goto out;
            }
            a.addresses[a.naddresses++] = optarg;
            break;
        case 'f': {
            const char *eq = strchr(optarg, '=');
            size_t len = eq ? (size_t)(eq - optarg) : strlen(optarg);

            if (!valid_iface_name(optarg, len) || (eq && val_ipv4(eq + 1, &ip) < 0) ||
                a.nifaces == MAX_ITEMS) {
                error("bad or too many --interface '%s' (NAME or NAME=IP)", optarg);
                ret = 2;
                goto out;
            }
            a.ifaces[a.nifaces].name = xstrndup(optarg, len);
            a.ifaces[a.nifaces].ip = eq ? eq + 1 : NULL;
            a.nifaces++;
            break;
        }
        case 'h':
            fputs(agent_usage, stdout);
            ret = 0;
            goto out;
        default:
            fputs(agent_usage, stderr);
            ret = 2;
            goto out;
        }
    }
    if (optind < argc || !hosts || !a.name || !*a.name) {
        fputs(agent_usage, stderr);
        ret = 2;
        goto out;
    }
    if (id) {
        if (val_uuid_norm(id, a.id) < 0) {
            error("--id wants a UUID, not '%s'", id);
            ret = 2;
            goto out;
        }
    } else {
        val_uuid_from_name(a.name, a.id);
    }

    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);

    if (zks_open(&a.zk, hosts, root, 15000) < 0) {
        opened = a.zk.hosts != NULL;
        goto out;
    }
    opened = true;
    if (agent_register(&a) < 0)
        goto out;
    session = a.zk.session;
    printf("midonet-sim: agent host %s (%s) registered\n", a.id, a.name);
    fflush(stdout);

    for (;;) {
        sig = sigtimedwait(&sigs, NULL, &tick);
        if (sig == SIGINT || sig == SIGTERM)
            break;
        if (sig < 0 && errno != EAGAIN && errno != EINTR)
            break;
        /* A lost session took our ephemerals with it: register again, as midolman would. */
        if (zks_usable(&a.zk) && a.zk.session != session) {
            session = a.zk.session;
            agent_register(&a);
        }
    }
    ret = 0;
out:
    if (opened)
        zks_release(&a.zk);
    for (size_t i = 0; i < a.nifaces; i++)
        free(a.ifaces[i].name);
    return ret;
}
