/*
 * res5_root: the 5.x root document, tenants and system_state (doc/simulator.md, 5.x).
 *
 * The root document is generated in 5.x from the @ApiResource classes, sorted by path
 * segment, every template with a literal {id}; version is "v5.0" in every 5.x release.
 * Tenants come from the auth service: with mock auth the list is the one admin tenant
 * and any id reads as a tenant of that name; they cannot be written (405).
 */
#include "tests/sim/res5.h"

#include <string.h>

/* Sorted by path segment, as ApplicationResource emits them (the @56 set). */
static const struct {
    const char *seg, *name, *tmpl;
} root5[] = {
    { "bgp_networks", NULL, "bgpNetworkTemplate" },
    { "bgp_peers", NULL, "bgpPeerTemplate" },
    { "bridges", "bridges", "bridgeTemplate" },
    { "chains", "chains", "chainTemplate" },
    { "health_monitors", "healthMonitors", "healthMonitorTemplate" },
    { "hosts", "hosts", "hostTemplate" },
    { "ip_addr_groups", "ipAddrGroups", "ipAddrGroupTemplate" },
    { "l2insertions", "l2insertions", "l2InsertionTemplate" },
    { "load_balancers", "loadBalancers", "loadBalancerTemplate" },
    { "mirrors", "mirrors", "mirrorTemplate" },
    { "neutron", "neutron", NULL },
    { "pool_members", "poolMembers", "poolMemberTemplate" },
    { "pools", "pools", "poolTemplate" },
    { "port_groups", "portGroups", "portGroupTemplate" },
    { "ports", "ports", "portTemplate" },
    { "qos_bw_limit_rules", NULL, "qosBwLimitRuleTemplate" },
    { "qos_dscp_rules", NULL, "qosDscpRuleTemplate" },
    { "qos_policies", "qosPolicies", "qosPolicyTemplate" },
    { "routes", NULL, "routeTemplate" },
    { "routers", "routers", "routerTemplate" },
    { "rules", NULL, "ruleTemplate" },
    { "service_container_groups", "serviceContainerGroups", "serviceContainerGroupTemplate" },
    { "service_containers", "serviceContainers", "serviceContainerTemplate" },
    { "system_state", "systemState", NULL },
    { "tenants", "tenants", "tenantTemplate" },
    { "traces", "traceRequests", "traceRequestTemplate" },
    { "tunnel_zones", "tunnelZones", "tunnelZoneTemplate" },
    { "vips", "vips", "vipTemplate" },
    { "vteps", "vteps", "vtepTemplate" },
};

static int root_get(struct req *r)
{
    json_t *o = json_object();

    json_object_set_new(o, "uri", req_uri(r, "/"));
    json_object_set_new(o, "version", json_string("v5.0"));
    for (size_t i = 0; i < ARRAY_SIZE(root5); i++) {
        if (root5[i].name)
            json_object_set_new(o, root5[i].name, req_uri(r, "/%s", root5[i].seg));
        if (root5[i].tmpl)
            json_object_set_new(o, root5[i].tmpl, req_uri(r, "/%s/{id}", root5[i].seg));
    }
    return req_ok(r, o);
}

/* Tenant-v2: the 1.9 tenant, and MockAuthService's description; always enabled. */
static json_t *tenant_dto(struct req *r, const char *id, const char *desc)
{
    json_t *o = res_tenant_dto(r, id);

    json_object_set_new(o, "description", json_string(desc));
    json_object_set_new(o, "enabled", json_true());
    return o;
}

static int tenants_list(struct req *r)
{
    json_t *out = json_array();

    json_array_append_new(out, tenant_dto(r, "admin", "Admin Tenant"));
    return req_ok(r, out);
}

static int tenant_get(struct req *r)
{
    return req_ok(r, tenant_dto(r, r->arg[0], r->arg[0]));
}

static int tenant_write(struct req *r)
{
    return req_error(r, 405, "Tenants cannot be created, updated or deleted via the REST API.");
}

/* A constant in every 5.x release (SystemStateResource). */
static int system_state_get(struct req *r)
{
    json_t *o = json_object();

    json_object_set_new(o, "state", json_string("ACTIVE"));
    json_object_set_new(o, "availability", json_string("READWRITE"));
    json_object_set_new(o, "version", json_string("5.0.0"));
    json_object_set_new(o, "information", json_null());
    return req_ok(r, o);
}

const struct route res5_root_routes[] = {
    { "GET", "/", "Application-v5 json", root_get },
    { "GET", "/tenants", "collection.Tenant-v2", tenants_list },
    { "POST", "/tenants", NULL, tenant_write },
    { "GET", "/tenants/{s}", "Tenant-v2", tenant_get },
    { "PUT", "/tenants/{s}", NULL, tenant_write },
    { "DELETE", "/tenants/{s}", NULL, tenant_write },
    { "GET", "/system_state", "SystemState-v2 json", system_state_get },
    { NULL, NULL, NULL, NULL },
};
