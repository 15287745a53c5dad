/*
 * server: `midonet-sim serve`, the HTTP side of the simulator (see server.c).
 */
#ifndef SIM_SERVER_H
#define SIM_SERVER_H

#include <stddef.h>

struct route;

/* Run `midonet-sim serve ARGS` until SIGTERM or SIGINT. Returns the exit status. */
int server_main(int argc, char **argv);

/* The 1.9 route tables, in the order requests are matched against them. */
const struct route *const *server_route_tables(size_t *n);

#endif
