# VTEPs (named by their management address) and their bindings of a port and VLAN to a bridge.
$ midosh -c "tunnel-zone create name vtz type vtep; create bridge name b1"
{uuid}
{B1=uuid}
$ midosh -c "create vtep management-ip 192.0.2.100 management-port 6632 tunnel-zone vtz"
192.0.2.100
$ midosh -c "list vtep"
vtep 192.0.2.100 {*}management-ip 192.0.2.100 management-port 6632 tunnel-zone vtz{*}
$ midosh -c "show vtep 192.0.2.100 management-port"
6632
$ midosh -c "create vtep management-ip 192.0.2.101"
! midosh: missing required attribute 'management-port' for a VTEP
! {*}
! {*}
? 2
$ midosh -c "vtep 192.0.2.100 set management-port 6633"
! midosh: 'management-port' can only be given when creating
! {*}
! {*}
? 2

# A VTEP nothing answers for (the real server's view of one with no switch behind it).
$ midosh -o json -c "show vtep 192.0.2.100"
@1.9: ~ {"connectionState": "ERROR"}
@5: ~ {"connectionState": "disconnected"}
$ midosh -c "vtep 192.0.2.100 add binding physical-port eth0 vlan 10 network-id b1"
! midosh: cannot create binding: The VTEP at 192.0.2.100:6632 does not have a tunnel ip configured
? 1

# Bindings: no id and no key, so they are named by ATTR VALUE pairs (on a reachable VTEP).
@vtep 192.0.2.100 6632 --name sw1 --tunnel-ip 192.0.2.200 --port eth0 --port eth1
$ midosh -c "vtep 192.0.2.100 add binding physical-port eth0 vlan 10 network-id b1"
$ midosh -c "vtep 192.0.2.100 binding create physical-port eth1 vlan 0 network-id b1"
$ midosh -c "vtep 192.0.2.100 list binding"
@1.9: binding management-ip 192.0.2.100 physical-port eth0 vlan 10 network-id b1
@1.9: binding management-ip 192.0.2.100 physical-port eth1 vlan 0 network-id b1
@5: binding vtep 192.0.2.100 physical-port eth0 vlan 10 network-id b1
@5: binding vtep 192.0.2.100 physical-port eth1 vlan 0 network-id b1
$ midosh -o json -c "vtep 192.0.2.100 list binding vlan 10"
~ [{"portName": "eth0", "vlanId": 10, "networkId": "${B1}"}]
# The first binding of a bridge gives it a VXLAN port, listed with the bridge and at the top level.
$ midosh -c "list bridge"
bridge b1 name b1 state up vxlan-ports {id8}
@1.9: $ midosh -c "list port management-ip 192.0.2.100"
@1.9: port {id8} device b1 state up plugged no management-ip 192.0.2.100 vni {*}
@5: $ midosh -c "list port vtep 192.0.2.100"
@5: port {id8} device b1 state up plugged no vtep 192.0.2.100
$ midosh -c "bridge b1 show vxlan-ports"
{id8}
$ midosh -c "vtep 192.0.2.100 delete binding physical-port eth0 vlan 10"
$ midosh -c "vtep 192.0.2.100 binding physical-port eth1 vlan 0 delete"
$ midosh -c "vtep 192.0.2.100 list binding"
$ midosh -c "delete vtep 192.0.2.100; list vtep"
