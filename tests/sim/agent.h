/*
 * agent: `midonet-sim agent`, a simulated midolman host (see agent.c).
 */
#ifndef SIM_AGENT_H
#define SIM_AGENT_H

/* Run `midonet-sim agent ARGS` until SIGTERM or SIGINT. Returns the exit status. */
int agent_main(int argc, char **argv);

#endif
