"""midonet-sim --dialect 5: the status codes and checks where 5.x answers otherwise than 1.9
(DhcpSubnetResource, HostInterfacePortResource, PortGroupPortResource,
IpAddrGroupAddrResource, the router's load balancer binding, Chain and PortGroup without
@NotNull, RouterPortResource's LOCAL routes at stable/v5.6.0). Each test also checks that the
1.9 simulator still answers the 1.9 way.
"""
from simhelp import Dialect5, call, create, create_get, expect_error, get


def sims(h):
    """A 1.9 simulator and a 5.x one."""
    return h.sim(), Dialect5(h).sim()


def a_bridge(h, sim, name="b0"):
    return create_get(h, sim, "/bridges", {"name": name, "tenantId": "admin"}, "Bridge-v3")


def a_port(h, sim, br):
    return create_get(h, sim, "/bridges/%s/ports" % br["id"], {"type": "Bridge"}, "Port-v2")


SUBNET = {"subnetPrefix": "10.0.0.0", "subnetLength": 24}


def test_dhcp_subnet_codes_5(h):
    """5.x: deleting a subnet the bridge has not is 404, a second one of the same prefix 409;
    1.9: 204, and 500 (the NodeExists of its ZooKeeper create)."""
    for sim in sims(h):
        five = getattr(sim, "dialect", "1.9") == "5"
        br = a_bridge(h, sim)
        path = "/bridges/%s/dhcp" % br["id"]
        create(h, sim, path, SUBNET, "DhcpSubnet-v2")
        st, _, out = call(h, sim, "POST", path, body=SUBNET, ctype="DhcpSubnet-v2")
        if five:
            assert st == 409, (st, out)
            assert out["message"] == \
                "The specified DHCP subnet(10.0.0.0/24) already exists on this bridge.", out
        else:
            assert st == 500, (st, out)
        st, _, out = call(h, sim, "DELETE", path + "/10.9.0.0_24")
        if five:
            assert st == 404, (st, out)
            assert out["message"] == "Network %s does not have a subnet with address " \
                "10.9.0.0_24." % br["id"], out
        else:
            assert st == 204, (st, out)
        st, _, _ = call(h, sim, "DELETE", path + "/10.0.0.0_24")
        assert st == 204


def test_binding_delete_of_a_missing_port_5(h):
    missing = "6b9a1f0e-0000-4000-8000-00000000dead"
    for sim in sims(h):
        h.agent("node1", sim.root)
        host = get(h, sim, "/hosts")[0]["id"]
        path = "/hosts/%s/ports/%s" % (host, missing)
        if getattr(sim, "dialect", "1.9") == "5":
            expect_error(h, sim, "DELETE", path, 404, "There is no Port with ID %s." % missing)
        else:
            st, _, _ = call(h, sim, "DELETE", path)
            assert st == 204, st


def test_port_group_member_codes_5(h):
    """5.x: a member twice is 409 with no body, a port that is not there 404; 1.9: 500."""
    missing = "6b9a1f0e-0000-4000-8000-00000000dead"
    for sim in sims(h):
        five = getattr(sim, "dialect", "1.9") == "5"
        br = a_bridge(h, sim)
        port = a_port(h, sim, br)
        pg = create_get(h, sim, "/port_groups", {"name": "pg", "tenantId": "admin"},
                        "PortGroup-v1")
        members = "/port_groups/%s/ports" % pg["id"]
        create(h, sim, members, {"portId": port["id"]}, "PortGroupPort-v1")
        st, _, out = call(h, sim, "POST", members, body={"portId": port["id"]},
                          ctype="PortGroupPort-v1")
        assert (st, out) == ((409, None) if five else (500, out)), (st, out)
        st, _, out = call(h, sim, "POST", members, body={"portId": missing},
                          ctype="PortGroupPort-v1")
        if five:
            assert st == 404 and out["message"] == "There is no Port with ID %s." % missing, \
                (st, out)
        else:
            assert st == 500, (st, out)
        assert [m["portId"] for m in get(h, sim, members)] == [port["id"]]


def test_ip_address_group_address_twice_5(h):
    for sim in sims(h):
        g = create_get(h, sim, "/ip_addr_groups", {"name": "g"}, "IpAddrGroup-v1")
        path = "/ip_addr_groups/%s/ip_addrs" % g["id"]
        body = {"addr": "10.0.0.5", "version": 4}
        create(h, sim, path, body, "IpAddrGroupAddr-v1")
        if getattr(sim, "dialect", "1.9") == "5":
            expect_error(h, sim, "POST", path, 409, "IP address group already contains IP "
                         "10.0.0.5.", body=body, ctype="IpAddrGroupAddr-v1")
        else:
            create(h, sim, path, body, "IpAddrGroupAddr-v1")
        assert len(get(h, sim, path)) == 1


def test_router_with_a_load_balancer_is_not_deleted_5(h):
    for sim in sims(h):
        rt = create_get(h, sim, "/routers", {"name": "r", "tenantId": "admin"}, "Router-v2")
        lb = create_get(h, sim, "/load_balancers", {"adminStateUp": True}, "LoadBalancer-v1")
        rt["loadBalancerId"] = lb["id"]
        st, _, _ = call(h, sim, "PUT", "/routers/" + rt["id"], body=rt, ctype="Router-v2")
        assert st in (200, 204), st
        if getattr(sim, "dialect", "1.9") == "5":
            expect_error(h, sim, "DELETE", "/routers/" + rt["id"], 409,
                         "Cannot delete the Router with ID %s because it is still referenced "
                         "by the LoadBalancer with ID %s." % (lb["id"], lb["id"]))
            get(h, sim, "/routers/" + rt["id"])
            rt["loadBalancerId"] = None
            st, _, _ = call(h, sim, "PUT", "/routers/" + rt["id"], body=rt, ctype="Router-v2")
            assert st in (200, 204), st
        st, _, _ = call(h, sim, "DELETE", "/routers/" + rt["id"])
        assert st == 204, st


def test_chain_and_port_group_without_tenant_or_name_5(h):
    """5.x dropped @NotNull from a chain's and a port group's tenant and name."""
    for sim in sims(h):
        five = getattr(sim, "dialect", "1.9") == "5"
        for path, ctype in (("/chains", "Chain-v1"), ("/port_groups", "PortGroup-v1")):
            st, _, out = call(h, sim, "POST", path, body={}, ctype=ctype)
            if not five:
                assert st == 400 and "violations" in out, (path, st, out)
                continue
            assert st == 201, (path, st, out)
            made = [o for o in get(h, sim, path) if o.get("name") is None]
            assert len(made) == 1 and not made[0].get("tenantId"), made
            expect_error(h, sim, "POST", path, 400, body={"name": "n" * 256}, ctype=ctype)


def test_port_group_changed_in_place_5(h):
    """5.x has PUT on a port group (name, tenant, stateful; its members stay); 1.9 405."""
    for sim in sims(h):
        br = a_bridge(h, sim)
        port = a_port(h, sim, br)
        pg = create_get(h, sim, "/port_groups", {"name": "pg", "tenantId": "admin"},
                        "PortGroup-v1")
        create(h, sim, "/port_groups/%s/ports" % pg["id"], {"portId": port["id"]},
               "PortGroupPort-v1")
        body = {"name": "pg2", "tenantId": "t2", "stateful": True}
        st, _, _ = call(h, sim, "PUT", "/port_groups/" + pg["id"], body=body,
                        ctype="PortGroup-v1")
        if getattr(sim, "dialect", "1.9") != "5":
            assert st == 405, st
            continue
        assert st == 204, st
        now = get(h, sim, "/port_groups/" + pg["id"])
        assert (now["name"], now["tenantId"], now["stateful"]) == ("pg2", "t2", True), now
        assert len(get(h, sim, "/port_groups/%s/ports" % pg["id"])) == 1
        missing = "6b9a1f0e-0000-4000-8000-00000000dead"
        expect_error(h, sim, "PUT", "/port_groups/" + missing, 404,
                     "There is no PortGroup with ID %s." % missing, body=body,
                     ctype="PortGroup-v1")


def test_local_routes_5(h):
    """5.x makes a Local route per IPv4 address of a router port; 1.9 one, listed Normal."""
    for sim in sims(h):
        five = getattr(sim, "dialect", "1.9") == "5"
        rt = create_get(h, sim, "/routers", {"name": "r", "tenantId": "admin"}, "Router-v2")
        body = {"type": "Router", "networkAddress": "10.0.0.0", "networkLength": 24,
                "portAddress": "10.0.0.1"}
        if five:
            body["portSubnet"] = ["10.0.0.1/24", "10.1.0.1/16", "2001:db8::1/64"]
        port = create_get(h, sim, "/routers/%s/ports" % rt["id"], body, "Port-v2")
        routes = get(h, sim, "/routers/%s/routes" % rt["id"])
        local = sorted((r["type"], r["dstNetworkAddr"], r["dstNetworkLength"], r["nextHopPort"])
                       for r in routes)
        if five:
            assert local == [("Local", "10.0.0.1", 32, port["id"]),
                             ("Local", "10.1.0.1", 32, port["id"])], local
        else:
            assert local == [("Normal", "10.0.0.1", 32, port["id"])], local
        # 5.x also takes a Local route from a client; 1.9 has no such type.
        r = {"type": "Local", "srcNetworkAddr": "0.0.0.0", "srcNetworkLength": 0,
             "dstNetworkAddr": "10.2.0.1", "dstNetworkLength": 32, "nextHopPort": port["id"]}
        st, _, out = call(h, sim, "POST", "/routers/%s/routes" % rt["id"], body=r,
                          ctype="Route-v1")
        assert st == (201 if five else 400), (st, out)
        # Deleting the port takes its local routes.
        st, _, _ = call(h, sim, "DELETE", "/ports/" + port["id"])
        assert st == 204
        assert get(h, sim, "/routers/%s/routes" % rt["id"]) == []
