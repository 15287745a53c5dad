/*
 * res: the resource families of the simulated API, one file each (res_bridge.c owns
 * bridges, res_port.c owns ports wherever their URIs hang, …), and the few helpers they
 * share (res.c).
 *
 * Each res_*.c exports a route table ending with a zeroed entry; server.c lists the
 * tables. Adding a resource family is adding a file with its table and one line there.
 *
 * Every handler reads ZooKeeper afresh (see zks.h) and writes with one transaction.
 * Stored objects are the configs of MidoNet 1.9's ZooKeeper layout (doc/cache.md; "cfg" below:
 * the wrapper's "data"); the representation a client sees ("dto") is built from them per request.
 */
#ifndef SIM_RES_H
#define SIM_RES_H

#include "tests/sim/req.h"

extern const struct route res_root_routes[];
extern const struct route res_bridge_routes[];
extern const struct route res_router_routes[];
extern const struct route res_port_routes[];
extern const struct route res_route_routes[];
extern const struct route res_host_routes[];
extern const struct route res_tunnel_routes[];
extern const struct route res_chain_routes[];
extern const struct route res_group_routes[];
extern const struct route res_dhcp_routes[];
extern const struct route res_table_routes[];
extern const struct route res_bgp_routes[];
extern const struct route res_l4lb_routes[];
extern const struct route res_vtep_routes[];
extern const struct route res_trace_routes[];

/* The top-level directories of §6, created at start when missing. */
extern const char *const res_top_dirs[];

/* Builds a client representation of one stored object. Returns a new object. */
typedef json_t *res_dto_fn(struct req *r, const char *id, const json_t *cfg);
/* Keeps an object in a list (e.g. a ?tenant_id= filter). */
typedef bool res_keep_fn(struct req *r, const char *id, const json_t *cfg);

/*
 * GET of a collection: every child of dir (a root-relative path) that res_keep_fn keeps
 * (NULL: all), as dtos, in creation order.
 */
int res_list(struct req *r, const char *dir, res_dto_fn *dto, res_keep_fn *keep);
/*
 * res_list for a dto and a keep that read nothing but their arguments and the request
 * (no ZooKeeper): each object is kept, built and serialized as soon as it is read, while
 * the next reads are on their way (zks_read_json_each), so that a large collection costs
 * little more than its reads.
 */
int res_list_cfg(struct req *r, const char *dir, res_dto_fn *dto, res_keep_fn *keep);
/*
 * res_list_cfg for dtos that need one more node of each object (e.g. a port's "active"
 * is whether /ports/<id>/active has children): stat_fmt (a root-relative path with one
 * %s, the id) is read beside every object, pipelined with it, and its stat given to dto
 * (rc ZKS_NONODE when missing). dto and keep read nothing else, as for res_list_cfg.
 */
typedef json_t *res_dto_stat_fn(struct req *r, const char *id, const json_t *cfg,
                                const struct zks_read *st);
int res_list_stat(struct req *r, const char *dir, const char *stat_fmt, res_dto_stat_fn *dto,
                  res_keep_fn *keep);
/* GET of dir/id, or 404 "No <what> with ID <id> exists.". */
int res_get(struct req *r, const char *dir, const char *id, const char *what, res_dto_fn *dto);
/* A res_keep_fn: the object's properties.tenant_id equals ?tenant_id= when given. */
bool res_keep_tenant(struct req *r, const char *id, const json_t *cfg);

/*
 * The "id" of a POST body, normalized, into id (UUID_LEN + 1 bytes); a random one when
 * absent. A malformed one marks v undeserializable.
 */
void res_body_id(struct val *v, const json_t *in, char *id);
/* A copy of cfg[key]; JSON null when missing. */
json_t *res_copy(const json_t *cfg, const char *key);

/*
 * The end of a DELETE: commit t when rc (how queueing went) is ZKS_OK, release t, and
 * reply 204, also when something was already gone, or the error. Returns 0.
 */
int res_delete_reply(struct req *r, struct zks_txn *t, enum zks_rc rc);
/* A new {"tenant_id": tenant} for a config's "properties". */
json_t *res_props(const char *tenant);
/* properties.tenant_id of a device config (borrowed), or NULL. */
const char *res_tenant(const json_t *cfg);
/* Queue the creation of /tenants/<tenant> unless it exists or tenant is empty. */
enum zks_rc res_tenant_ops(struct req *r, struct zks_txn *t, const char *tenant);
/*
 * Allocate a tunnel key: a persistent-sequential /gre/<%010d> node holding {"ownerId"}.
 * It is a write of its own, before the owner's transaction, because the owner's config
 * must carry the number; res_tunnel_key_free() undoes it when that transaction fails.
 */
enum zks_rc res_tunnel_key(struct req *r, const char *owner, long long *key);
void res_tunnel_key_free(struct req *r, long long key);
/* Queue the deletion of the /gre node of a config's tunnelKey, when there is one. */
void res_tunnel_key_ops(struct req *r, struct zks_txn *t, const json_t *cfg);

/*
 * Queue the chain back-references (/chains/<chain>/refs/<kind>:<id>) for a device whose
 * filters change from old_cfg to new_cfg (either may be NULL: created, deleted). kind is
 * "bridge", "router" or "port".
 */
void res_filter_refs_ops(struct req *r, struct zks_txn *t, const char *kind, const char *id,
                         const json_t *old_cfg, const json_t *new_cfg);

/* Ports (res_port.c), for bridges, routers and hosts. */
/* The dto of a port config. */
json_t *port_dto(struct req *r, const char *id, const json_t *cfg);
/*
 * Queue everything deleting port id does (§5): unlink its peer, drop its binding, its
 * routes, its filter node, its tunnel key and its device's reference to it.
 */
enum zks_rc port_delete_ops(struct req *r, struct zks_txn *t, const char *id);

/* Routes (res_route.c), for ports and routers. */
/* Queue deleting route id and its index entries (port or router). */
enum zks_rc route_delete_ops(struct req *r, struct zks_txn *t, const char *id);
/* Queue the LOCAL route of a new router port (portAddr/32 via the port). */
void route_local_ops(struct req *r, struct zks_txn *t, const char *router, const char *port,
                     uint32_t port_addr);

/*
 * Rules (res_chain.c), for chains, port groups and IP address groups. Deleting rules edits
 * their chains' rule lists, several perhaps in one chain: a rule_batch collects the edited
 * lists, and rule_batch_finish() queues them (except for chains the transaction deletes)
 * and releases the batch.
 */
struct rule_batch {
    json_t *lists;          /* chain id -> its RuleList array, as edited */
};
void rule_batch_init(struct rule_batch *b);
/* Queue deleting rule id, its index entries and its back-reference; a missing one is OK. */
enum zks_rc rule_delete_ops(struct req *r, struct zks_txn *t, struct rule_batch *b,
                            const char *id);
void rule_batch_finish(struct zks_txn *t, struct rule_batch *b);
/*
 * A rule condition (all fields, as Rule-v2 has them) from a JSON object in, for trace
 * requests: as a rule's, with its fragmentPolicy default. *msg: as for a rule, the first
 * MAC error (the caller's); *undefined: an unknown fragmentPolicy.
 */
json_t *rule_condition(struct val *v, const json_t *in, char **msg, bool *undefined);
/* The condition fields of stored condition c into dto o. */
void rule_condition_dto(struct req *r, json_t *o, const json_t *c);

/* ARP tables (res_table.c), for DHCP hosts: queue adding or deleting one entry. */
enum zks_rc arp_add_ops(struct req *r, struct zks_txn *t, const char *bridge, const char *ip,
                        const char *mac);
enum zks_rc arp_delete_ops(struct req *r, struct zks_txn *t, const char *bridge, const char *ip,
                           const char *mac);

/* BGP (res_bgp.c), for ports: queue deleting every BGP of port id and its ad routes. */
enum zks_rc bgp_port_delete_ops(struct req *r, struct zks_txn *t, const char *id);

/*
 * VTEPs (res_vtep.c), for bridges: queue deleting every VTEP binding of bridge id (config
 * cfg) and its VXLAN ports.
 */
enum zks_rc vtep_bridge_delete_ops(struct req *r, struct zks_txn *t, const char *id,
                                   const json_t *cfg);

/* Trace requests (res_trace.c), for bridges: queue deleting those tracing device id. */
enum zks_rc trace_device_delete_ops(struct req *r, struct zks_txn *t, const char *id);

/* Port groups (res_group.c), for ports. */
/* Queue removing port id (config cfg) from every port group it is a member of. */
void port_group_leave_ops(struct req *r, struct zks_txn *t, const char *id, const json_t *cfg);

/* A tenant as GET /tenants/ID shows it: id, name (both the id) and its collections' URIs. */
json_t *res_tenant_dto(struct req *r, const char *id);

#endif
