/*
 * res5: the MidoNet 5.x dialect of the simulator (`midonet-sim serve --dialect 5`), the
 * differences doc/simulator.md ("The 5.x dialect") lists, on top of the 1.9 resources.
 *
 * How it is layered, so that the 1.9 files stay as they are:
 *   - res5.c builds, once at start, 5.x route tables from the 1.9 ones: each 1.9 route
 *     gets the 5.x media types of its type (Bridge-v1..v3 become Bridge-v4/v5, …), the
 *     routes 5.x dropped (write_version, versions, per-port BGP, …) are left out, and
 *     the 5.x-only tables (res5_*.c) come first so that they win where paths coincide.
 *   - server.c calls d5_call() instead of the route's handler. For a 1.9 route it runs
 *     the 1.9 handler at its newest 1.9 version between a pre-hook (5.x checks and
 *     status codes: 404 on deleting a missing bridge, 409 on a duplicate id, …) and a
 *     post-hook (5.x fields of the representation, the 5.x-only fields a body carried,
 *     cascades into 5.x-only objects, status remaps such as 400 -> 409).
 *   - 5.x-only objects (BGP peers and networks, mirrors, L2 insertions, QoS policies and
 *     rules, service containers and groups) are stored as 5.x's ZOOM stores them, one
 *     node per object at /zoom/0/models/<ProtoClass>/<id> under the simulator's root,
 *     but as the simulator's wrapped JSON rather than protobuf text. 5.x-only fields of
 *     objects that 1.9 also has (a router's asNumber, a port's mirrors, …) are kept in
 *     a sidecar node /zoom/0/ext/<id> next to the object's 1.9 node.
 */
#ifndef SIM_RES5_H
#define SIM_RES5_H

#include "tests/sim/res.h"

/* 19 (the default) or 5, set once by `serve --dialect` before anything is served. */
extern int sim_dialect;
#define SIM_DIALECT_5 (sim_dialect == 5)

/* The mock token 5.x's MockAuthService gives. */
#define D5_MOCK_TOKEN "00000000"
/* Where 5.x keeps objects in ZooKeeper (ZookeeperObjectMapper's modelPath, version 0). */
#define D5_MODELS "/zoom/0/models"
#define D5_EXT "/zoom/0/ext"

/*
 * Build the 5.x route tables from the 1.9 ones (tables, n of them) and create the 5.x
 * directories. 0, or -1 with an error printed.
 */
int d5_init(const struct route *const *tables, size_t n, struct zks *zk);
/* The 5.x route tables, valid after d5_init(). */
extern const struct route *const *d5_tables;
extern size_t d5_ntables;
/* Run route rt (one of d5_tables') for r. */
int d5_call(const struct route *rt, struct req *r);
/* True when the first path segment names a 5.x root resource. */
bool d5_root_known(const char *seg);
/*
 * A request's negotiation header as 5.x's validateMediaType sees it: one type; NULL,
 * empty or a list is refused (406). True when it may go on.
 */
bool d5_header_ok(const char *value);
/* The last touches on any reply: Jersey's 404/405/406/415 carry no body in 5.x. */
void d5_finish(struct req *r);

/* The 5.x-only route tables. */
extern const struct route res5_root_routes[];
extern const struct route res5_bgp_routes[];
extern const struct route res5_obj_routes[];
extern const struct route res5_vtep_routes[];

/*
 * A chain's or a port group's name in 5.x (@Size(min = 0, max = 255), no @NotNull): NULL
 * when absent; a violation when longer. 1.9's handlers call it in the 5.x dialect.
 */
const char *d5_name(struct val *v, const json_t *o, const char *key);
/* PUT /port_groups/{id}, which 5.x has and 1.9 has not (res_group.c). */
int res_port_group_update(struct req *r);

/* Shared by the res5 files (res5.c). */
/* 404 "There is no <cls> with ID <id>." (5.x storage's NotFoundException). */
int d5_not_found(struct req *r, const char *cls, const char *id);
/* The stored 5.x object cls/id, or NULL with *rc set. */
json_t *d5_get(struct req *r, const char *cls, const char *id, enum zks_rc *rc);
/* True when a 5.x object or a 1.9 node (rel, a root-relative path) exists. */
bool d5_exists(struct req *r, const char *rel);
/* The sidecar of 1.9 object id (a new object, {} when none). */
json_t *d5_ext(struct req *r, const char *id);
/* Queue deleting every 5.x object of class cls whose key equals id (a cascade). */
enum zks_rc d5_cascade_ops(struct req *r, struct zks_txn *t, const char *cls, const char *key,
                           const char *id);
/*
 * Queue taking ids (a JSON array), deleted objects of class cls (Mirror, QosPolicy, or
 * "/chains"), out of every sidecar that names them: 5.x's storage clears a device's mirrors,
 * QoS policy and a router's local redirect chain (CLEAR bindings).
 */
enum zks_rc d5_unref_ops(struct req *r, struct zks_txn *t, const char *cls, const json_t *ids);
/* The ids of the 5.x objects of class cls whose key is id, as a JSON array (the caller's). */
json_t *d5_ids_with(struct req *r, const char *cls, const char *key, const char *id);
/* A JSON array of UUID strings from body key, validated; NULL after marking v bad. */
json_t *d5_uuid_list(struct val *v, const json_t *in, const char *key);

#endif
