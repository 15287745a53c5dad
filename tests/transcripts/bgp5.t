@dialect 5
# MidoNet 5.x: BGP through the router (its asn, its peers and networks), router ports'
# addresses; the 1.9 per-port session is refused, nothing sent.
$ midosh -c "create router name edge asn 65000; router edge add port address 198.51.100.2 net 198.51.100.0/30"
{uuid}
{uuid}
$ midosh -c "router edge show asn"
65000
$ midosh -c "router edge add bgp-peer asn 65001 address 198.51.100.1 hold-time 90"
{PEER=uuid}
$ midosh -c "router edge add bgp-network net 203.0.113.0/24"
{NET=uuid}
$ midosh -c "router edge list bgp-peer; router edge list bgp-network"
bgp-peer 198.51.100.1 asn 65001 address 198.51.100.1 hold-time 90
bgp-network 203.0.113.0/24 net 203.0.113.0/24
$ midosh -o json -c "router edge bgp-peer 198.51.100.1 show"
~ {"asNumber": 65001, "address": "198.51.100.1", "holdTime": 90, "id": "${PEER}"}
$ midosh -c "router edge bgp-peer ${PEER} set keep-alive 30"
$ midosh -c "router edge bgp-peer 198.51.100.1 show keep-alive"
30
$ midosh -c "router edge add bgp-peer asn 65001"
! midosh: missing required attribute 'address' for a BGP peer
! {*}
! {*}
? 2
$ midosh -c "router edge bgp-network ${NET} set net 10.0.0.0/8"
! midosh: 'net' can only be given when creating
! {*}
! {*}
? 2
@reset-stats
$ midosh -c "router edge port 198.51.100.2 add bgp local-AS 65000 peer-AS 65001 peer 198.51.100.1"
! midosh: 'bgp' objects exist in MidoNet 1.9 only; the API speaks 5.x
? 1
@stats POST=0 total<=1

# Several addresses on one router port (portSubnet), v4 and v6.
$ midosh -c "router edge add port addresses 10.0.0.1/24,2001:db8::1/64"
{uuid}
$ midosh -c "router edge port 10.0.0.1 show addresses"
10.0.0.1/24,2001:db8::1/64

# Deleting the router takes its peers and networks with it.
$ midosh -c "router edge delete"
! midosh: deleting router edge also deletes 2 ports, 2 routes, 1 BGP peer, 1 BGP network
$ midosh -o json -c "list router"
~ []
