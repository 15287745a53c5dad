/*
 * res5_vtep: VTEPs addressed by id (doc/simulator.md, "The 5.x dialect": VTEPs).
 *
 * The VTEPs themselves stay res_vtep.c's (stored by management IP at /vteps/<ip>). A
 * VTEP's 5.x id is derived from its IP (val_uuid_from_name), so that it is stable and
 * needs no index: a request naming /vteps/{id} is turned into the 1.9 request naming
 * the IP, handled by the 1.9 handler (found through res_vtep_routes), and its reply is
 * turned back: ids, URIs by id, lower-case connectionState, bindings with vtepId.
 */
#include "tests/sim/res5.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The 1.9 handler of a route of res_vtep.c. */
static int (*handler19(const char *method, const char *pattern))(struct req *)
{
    for (const struct route *rt = res_vtep_routes; rt->method; rt++)
        if (!strcmp(rt->method, method) && !strcmp(rt->pattern, pattern))
            return rt->fn;
    return NULL;
}

/* The management IP of VTEP id into ip (16 bytes); false when there is none. */
static bool vtep_ip(struct req *r, const char *id, char *ip)
{
    struct zks_names ips = ZKS_NAMES_INIT;
    bool found = false;

    if (zks_children(r->zk, &ips, "/vteps") == ZKS_OK) {
        for (size_t i = 0; i < ips.nr && !found; i++) {
            char u[UUID_LEN + 1];

            val_uuid_from_name(ips.v[i], u);
            if (!strcmp(u, id) && strlen(ips.v[i]) < 16) {
                strcpy(ip, ips.v[i]);
                found = true;
            }
        }
    }
    zks_names_release(&ips);
    return found;
}

static void fix_binding(struct req *r, json_t *o, const char *id)
{
    const char *port = val_get_str(o, "portName");
    struct strbuf enc = STRBUF_INIT;
    json_int_t vlan;

    json_object_del(o, "mgmtIp");
    json_object_set_new(o, "vtepId", json_string(id));
    for (const unsigned char *p = (const unsigned char *)(port ? port : ""); *p; p++) {
        if (isalnum(*p) || strchr("-_.~", *p))
            strbuf_addch(&enc, (char)*p);
        else
            strbuf_addf(&enc, "%%%02X", *p);
    }
    vlan = json_integer_value(json_object_get(o, "vlanId"));
    json_object_set_new(o, "uri", req_uri(r, "/vteps/%s/bindings/%s/%lld", id, enc.buf,
                                          (long long)vlan));
    strbuf_release(&enc);
}

/*
 * VtepResource.initVtep (5.x): name, description and tunnel IPs come from the VTEP's
 * configuration in the state store, the connection state from its state key, both written
 * by the cluster's VTEP synchronizer. For a VTEP nothing answers for, the synchronizer is
 * still connecting (VTEP_DISCONNECTED) and has written no configuration, whose default
 * instance has an empty name and description and no tunnel IPs: "disconnected", "", "",
 * []. 1.9's ERROR, nulls and all, is that case; a reachable switch keeps its values.
 */
static void fix_vtep(struct req *r, json_t *o)
{
    const char *ip = val_get_str(o, "managementIp"), *st = val_get_str(o, "connectionState");
    char id[UUID_LEN + 1];
    json_t *lower;

    if (!ip)
        return;
    val_uuid_from_name(ip, id);
    json_object_set_new(o, "id", json_string(id));
    if (!st || !strcmp(st, "ERROR")) {
        lower = json_string("disconnected");
        json_object_set_new(o, "name", json_string(""));
        json_object_set_new(o, "description", json_string(""));
        json_object_set_new(o, "tunnelIpAddrs", json_array());
    } else {
        char *s = xstrdup(st);

        for (char *p = s; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        lower = json_string(s);
        free(s);
    }
    json_object_set_new(o, "connectionState", lower);
    json_object_set_new(o, "uri", req_uri(r, "/vteps/%s", id));
    json_object_set_new(o, "bindings", req_uri(r, "/vteps/%s/bindings", id));
    json_object_set_new(o, "ports", req_uri(r, "/vteps/%s/ports", id));
    /* Vtep.java: the template has no /bindings segment. */
    json_object_set_new(o, "vtepBindingTemplate",
                        req_uri(r, "/vteps/%s/{portName}/{vlanId}", id));
}

/* Call the 1.9 handler with arg[0] turned from id to IP, then fix the reply. */
static int call19(struct req *r, const char *method, const char *pattern, bool by_id)
{
    int (*fn)(struct req *) = handler19(method, pattern);
    char id[UUID_LEN + 1], ip[16];
    json_t *e;
    size_t i;

    if (!fn)
        return req_error(r, 500, "no 1.9 route %s %s", method, pattern);
    r->ver = 1;
    r->in_ver = 1;
    if (by_id) {
        memcpy(id, r->arg[0], sizeof(id));
        if (!vtep_ip(r, id, ip)) {
            if (r->method == REQ_DELETE && !strcmp(pattern, "/vteps/{s}/bindings/{s}/{s}"))
                return req_no_content(r);
            return d5_not_found(r, "Vtep", id);
        }
        r->arg[0] = ip;
    }
    fn(r);
    if (by_id)
        r->arg[0] = r->argbuf[0];
    if (r->status == 200 && json_is_array(r->out)) {
        json_array_foreach(r->out, i, e) {
            if (!strcmp(pattern, "/vteps"))
                fix_vtep(r, e);
            else if (strstr(pattern, "bindings"))
                fix_binding(r, e, id);
            else if (strstr(pattern, "ports"))
                json_object_set_new(e, "vtep", req_uri(r, "/vteps/%s", id));
        }
    } else if (r->status == 200 && json_is_object(r->out)) {
        if (strstr(pattern, "bindings"))
            fix_binding(r, r->out, id);
        else
            fix_vtep(r, r->out);
    } else if (r->status == 201 && r->location) {
        /* Location /vteps/<ip>[/…] becomes /vteps/<id>[/…]. */
        const char *p = strstr(r->location, "/vteps/");

        if (p) {
            const char *ipstart = p + 7, *rest = strchr(ipstart, '/');
            char *theip = xstrndup(ipstart, rest ? (size_t)(rest - ipstart) : strlen(ipstart));
            char u[UUID_LEN + 1];
            char *loc;

            val_uuid_from_name(theip, u);
            loc = xasprintf("%.*s%s%s", (int)(ipstart - r->location), r->location, u,
                            rest ? rest : "");
            free(r->location);
            r->location = loc;
            free(theip);
        }
    }
    return 0;
}

static int vteps_list(struct req *r) { return call19(r, "GET", "/vteps", false); }
static int vtep_create(struct req *r) { return call19(r, "POST", "/vteps", false); }
static int vtep_get(struct req *r) { return call19(r, "GET", "/vteps/{s}", true); }
static int vtep_delete(struct req *r) { return call19(r, "DELETE", "/vteps/{s}", true); }
static int vtep_ports(struct req *r) { return call19(r, "GET", "/vteps/{s}/ports", true); }
static int bindings_list(struct req *r)
{
    return call19(r, "GET", "/vteps/{s}/bindings", true);
}
static int binding_create(struct req *r)
{
    return call19(r, "POST", "/vteps/{s}/bindings", true);
}
static int binding_get(struct req *r)
{
    return call19(r, "GET", "/vteps/{s}/bindings/{s}/{s}", true);
}
static int binding_delete(struct req *r)
{
    return call19(r, "DELETE", "/vteps/{s}/bindings/{s}/{s}", true);
}

const struct route res5_vtep_routes[] = {
    { "GET", "/vteps", "collection.VTEP-v2 json", vteps_list },
    { "POST", "/vteps", "VTEP-v2 json", vtep_create },
    { "GET", "/vteps/{id}", "VTEP-v2 json", vtep_get },
    { "DELETE", "/vteps/{id}", NULL, vtep_delete },
    { "GET", "/vteps/{id}/ports", "collection.VTEPPort-v1 json", vtep_ports },
    { "GET", "/vteps/{id}/bindings", "collection.VTEPBinding-v2 json", bindings_list },
    { "POST", "/vteps/{id}/bindings", "VTEPBinding-v2 json", binding_create },
    { "GET", "/vteps/{id}/bindings/{s}/{s}", "VTEPBinding-v2 json", binding_get },
    { "DELETE", "/vteps/{id}/bindings/{s}/{s}", NULL, binding_delete },
    { NULL, NULL, NULL, NULL },
};
