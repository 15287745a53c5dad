@dialects 1.9
# BGP on router ports is MidoNet 1.9's; bgp5.t covers 5.x's BGP through routers.
# BGP sessions of router ports and the routes they advertise; a router's load balancer.
$ midosh -c "create router name edge; router edge add port address 198.51.100.2 net 198.51.100.0/30"
{uuid}
{uuid}
$ midosh -c "router edge port 198.51.100.2 add bgp local-AS 65000 peer-AS 65001 peer 198.51.100.1"
{BGP=uuid}
$ midosh -c "router edge port 198.51.100.2 list bgp"
bgp {id8} local-AS 65000 peer-AS 65001 peer 198.51.100.1
$ midosh -c "router edge port 198.51.100.2 bgp ${BGP} show peer-AS"
65001
$ midosh -o json -c "router edge port 198.51.100.2 bgp ${BGP} show"
~ {"localAS": 65000, "peerAS": 65001, "peerAddr": "198.51.100.1", "id": "${BGP}"}
$ midosh -c "router edge port 198.51.100.2 add bgp local-AS 65000 peer-AS 65002"
! midosh: missing required attribute 'peer' for a BGP session
! {*}
! {*}
? 2
$ midosh -c "router edge port 198.51.100.2 bgp ${BGP} set peer-AS 65009"
! midosh: 'bgp' objects cannot be changed
! {*}
! {*}
? 2
$ midosh -c "router edge port 198.51.100.2 add bgp local-AS 65000 peer-AS 0 peer 198.51.100.1"
! midosh: 'peer-AS' must be between 1 and 2147483647, not 0
! {*}
! {*}
? 2

# Advertised routes: "route" under a BGP session (midonet-cli's ad-route).
$ midosh -c "router edge port 198.51.100.2 bgp ${BGP} add route net 203.0.113.0/24"
{AD=uuid}
$ midosh -c "router edge port 198.51.100.2 bgp @bgp route create net 192.0.2.0/25"
! midosh: no bgp was created in this run for '@bgp' to name
! {*}
! {*}
? 1
$ midosh -c "router edge port 198.51.100.2 bgp ${BGP} route create net 192.0.2.0/25"
{uuid}
$ midosh -c "router edge port 198.51.100.2 bgp ${BGP} list route"
route {id8} net 203.0.113.0/24
route {id8} net 192.0.2.0/25
$ midosh -c "router edge port 198.51.100.2 bgp ${BGP} route ${AD} delete"
$ midosh -c "router edge port 198.51.100.2 bgp ${BGP} list route"
route {id8} net 192.0.2.0/25
$ midosh -c "help router port bgp route"
route: a network a BGP session advertises (an ad-route)
...

# Only router ports have BGP.
$ midosh -c "create bridge name b1; bridge b1 add port"
{uuid}
{P=uuid}
$ midosh -c "bridge b1 port ${P} list bgp"
! midosh: unknown object type 'bgp' under 'port'
! {*}
! {*}
? 2

# Deleting the session deletes its routes; deleting the port deletes the session.
$ midosh -c "router edge port 198.51.100.2 delete bgp ${BGP}; router edge port 198.51.100.2 list bgp"
! midosh: deleting bgp {id8} also deletes 1 advertised route
$ midosh -c "router edge port 198.51.100.2 add bgp local-AS 65000 peer-AS 65001 peer 198.51.100.1; router edge delete port 198.51.100.2; router edge list port"
! midosh: deleting port 198.51.100.2 also deletes 1 BGP session, 1 route
{uuid}
