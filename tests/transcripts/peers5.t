@dialect 5
# A router port's remote peers (5.x's peering table, midonet-cli's remote-peers): MAC and
# IPv4 address pairs, added, listed, shown and deleted; named by their MAC.
$ midosh -c "create router name r1; router r1 add port address 10.0.0.1 net 10.0.0.0/24"
{uuid}
{RP=uuid}
$ midosh -c "router r1 port ${RP} add remote-peer mac 02:AA:00:00:00:01 ip 10.0.0.9"
02:aa:00:00:00:01
$ midosh -c "router r1 port ${RP} add remote-peer mac 02:00:00:00:00:02 ip 10.0.0.10"
02:00:00:00:00:02
$ midosh -c "router r1 port ${RP} list remote-peer"
remote-peer 02:aa:00:00:00:01 mac 02:aa:00:00:00:01 ip 10.0.0.9
remote-peer 02:00:00:00:00:02 mac 02:00:00:00:00:02 ip 10.0.0.10
$ midosh -c "router r1 port ${RP} remote-peer 02:aa:00:00:00:01 show"
mac  02:aa:00:00:00:01
ip   10.0.0.9
$ midosh -c "router r1 port ${RP} remote-peer 02:00:00:00:00:02 show ip"
10.0.0.10
$ midosh -c "router r1 port ${RP} list remote-peer ip 10.0.0.10"
remote-peer 02:00:00:00:00:02 mac 02:00:00:00:00:02 ip 10.0.0.10

# The same pair twice is refused by the server; both attributes are required and checked;
# an entry cannot be changed, only deleted and added again.
$ midosh -c "router r1 port ${RP} add remote-peer mac 02:aa:00:00:00:01 ip 10.0.0.9"
! midosh: cannot create remote-peer: Conflicting write
? 1
$ midosh -c "router r1 port ${RP} add remote-peer mac 02:aa:00:00:00:03 ip 10.0.0.256"
! midosh: invalid IPv4 address '10.0.0.256'
! {*}
! {*}
? 2
$ midosh -c "router r1 port ${RP} add remote-peer mac 02:aa:00:00:00:03"
! midosh: missing required attribute 'ip' for a remote peer
! {*}
! {*}
? 2
$ midosh -c "router r1 port ${RP} remote-peer 02:aa:00:00:00:01 set ip 10.0.0.11"
! midosh: 'remote-peer' objects cannot be changed
! {*}
! {*}
? 2

# Deleted by MAC, or by attributes.
$ midosh -c "router r1 port ${RP} remote-peer 02:aa:00:00:00:01 delete"
$ midosh -c "router r1 port ${RP} delete remote-peer mac 02:00:00:00:00:02 ip 10.0.0.10"
$ midosh -c "router r1 port ${RP} list remote-peer"
$ midosh -c "help router port remote-peer"
remote-peer: an entry of a router port's peering table: a remote peer's MAC and address
in MidoNet 5.x only
found under a router port ('port NAME remote-peer')
named by its mac, or ATTR VALUE pairs
cannot be changed
attributes:
  mac  MAC address, required: the remote peer's MAC address
  ip   IPv4 address, required: its IPv4 address
