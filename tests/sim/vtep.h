#ifndef SIM_VTEP_H
#define SIM_VTEP_H

/* midonet-sim vtep: plays a reachable hardware VTEP (vtep.c). */
int vtep_main(int argc, char **argv);

/* The root-relative directory where VTEP players announce themselves. */
#define VTEP_SWITCH_DIR "/_sim_vtep_switches"

#endif
