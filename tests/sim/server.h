/*
 * server: `midonet-sim serve`, the HTTP side of the simulator (see server.c).
 */
#ifndef SIM_SERVER_H
#define SIM_SERVER_H

/* Run `midonet-sim serve ARGS` until SIGTERM or SIGINT. Returns the exit status. */
int server_main(int argc, char **argv);

#endif
