/*
 * zknames: what midosh's name resolution reads from ZooKeeper for a root collection, as
 * JSON on standard output, so that tests/zk/test_names.py can hold it against what the API
 * returns for the same objects. The same functions as midosh's session_zk_names():
 * zk_read_dir() then zk_names_objects().
 *
 *   zknames HOSTS ROOT TYPE COLLECTION-URI [TENANT]
 *
 * Exit 0 with the array printed; 1 when ZooKeeper does not come up or the read fails;
 * 2 on usage errors.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/zk.h"
#include "api/zk_layout.h"
#include "lib/util.h"
#include "parser/schema.h"

int main(int argc, char **argv)
{
    const struct type *t;
    struct zk_child *kids;
    struct zk *z;
    json_t *objects;
    char *text;
    size_t n;
    double until;

    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: zknames HOSTS ROOT TYPE COLLECTION-URI [TENANT]\n");
        return 2;
    }
    t = schema_find_type(argv[3], NULL);
    if (!t || !zk_names_dir(t)) {
        fprintf(stderr, "zknames: '%s' is not named from ZooKeeper\n", argv[3]);
        return 2;
    }
    z = zk_new(argv[1], argv[2], 5000);
    until = monotonic_now() + 10;
    while (zk_state(z) != ZK_CONNECTED && monotonic_now() < until) {
        struct pollfd pfd = { .fd = zk_fd(z), .events = POLLIN };
        struct zk_event ev;

        poll(&pfd, 1, 50);
        while (zk_next(z, &ev))
            zk_event_release(&ev);
    }
    if (!zk_read_dir(z, zk_names_dir(t), 10000, &kids, &n)) {
        fprintf(stderr, "zknames: cannot read %s\n", zk_names_dir(t));
        zk_free(z);
        return 1;
    }
    objects = zk_names_objects(t, argv[4], argc == 6 ? argv[5] : NULL, kids, n);
    text = json_dumps(objects, JSON_INDENT(1) | JSON_SORT_KEYS);
    puts(text);
    free(text);
    json_decref(objects);
    zk_children_release(kids, n);
    free(kids);
    zk_free(z);
    return 0;
}
