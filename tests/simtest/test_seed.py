"""midonet-sim: the seed scenario, over HTTP alone.

The operator of a Eucalyptus 4.1 cloud in VPCMIDO mode, with one midolman host
(frontend.euca), set up its tunnel zone with midonet-cli like this (the address is the
host's; ids abbreviated by the CLI's session aliases):

    midonet> list host
    host host0 name frontend.euca alive true
    midonet> tunnel-zone create name euca-mido type gre
    tzone0
    midonet> tunnel-zone tzone0 add member host host0 address 10.111.1.5
    zone tzone0 host host0 address 10.111.1.5
    midonet> tunnel-zone tzone0 list member
    zone tzone0 host host0 address 10.111.1.5

python-midonetclient turns that into these requests, which the simulator must answer as
MidoNet 1.9 does, with the host played by `midonet-sim agent`:

    GET  /midonet-api/                            Accept: Application-v5
    GET  /hosts                                   Accept: collection.Host-v2
    POST /tunnel_zones {"name","type"}            Content-Type: TunnelZone-v1  → 201 + Location
    GET  <Location>                               Accept: TunnelZone-v1
    POST /tunnel_zones/{id}/hosts {"hostId","ipAddress"}
                                                  Content-Type: GreTunnelZoneHost-v1 → 201
    GET  /tunnel_zones/{id}/hosts                 Accept: collection.GreTunnelZoneHost-v1
"""
from simhelp import call, get, mt

ADDRESS = "10.111.1.5"


def test_seed_operator_session(h):
    sim = h.sim()
    agent = h.agent("frontend.euca", root=sim.root, addresses=[ADDRESS],
                    interfaces=["eth0=" + ADDRESS])
    root = get(h, sim, "/", accept="Application-v5")

    # list host
    hosts = get(h, sim, root["hosts"], accept="collection.Host-v2")
    assert [(x["name"], x["alive"]) for x in hosts] == [("frontend.euca", True)], hosts
    host = hosts[0]
    assert host["id"] == agent.id and host["addresses"] == ["/" + ADDRESS]

    # tunnel-zone create name euca-mido type gre
    st, hd, body = call(h, sim, "POST", root["tunnelZones"], body={"name": "euca-mido", "type": "gre"},
                        ctype="TunnelZone-v1", accept="TunnelZone-v1")
    assert st == 201 and body is None, (st, body)
    tz = get(h, sim, hd["location"], accept="TunnelZone-v1")
    assert tz["name"] == "euca-mido" and tz["type"] == "gre", tz
    assert tz == get(h, sim, root["tunnelZoneTemplate"].replace("{id}", tz["id"]))

    # tunnel-zone tzone0 add member host host0 address 10.111.1.5
    st, hd, body = call(h, sim, "POST", tz["hosts"], body={"hostId": host["id"], "ipAddress": ADDRESS},
                        ctype="GreTunnelZoneHost-v1", accept="GreTunnelZoneHost-v1")
    assert st == 201 and body is None and hd["location"] == tz["hosts"] + "/" + host["id"], (st, hd)

    # tunnel-zone tzone0 list member
    st, hd, members = call(h, sim, "GET", tz["hosts"], accept="collection.GreTunnelZoneHost-v1")
    assert st == 200 and hd["content-type"].startswith(mt("collection.GreTunnelZoneHost-v1"))
    assert members == [{"tunnelZoneId": tz["id"], "hostId": host["id"], "ipAddress": ADDRESS,
                        "uri": tz["hosts"] + "/" + host["id"]}], members
    assert sim.stop() == 0
