# Port groups and their members; IP address groups and their addresses; rules that use them.
$ midosh -c "create bridge name b1; bridge b1 add port; bridge b1 add port"
{uuid}
{P1=uuid}
{P2=uuid}
$ midosh -c "create port-group name web stateful true"
{PG=uuid}
$ midosh -c "port-group create name db"
{uuid}
$ midosh -c "list port-group"
port-group web name web stateful true
port-group db name db stateful false
# 5.x changes a port group in place; 1.9 cannot.
$ midosh -c "port-group web set name www"
@1.9: ! midosh: port-group objects can be changed in MidoNet 5.x only; the API speaks 1.9
@1.9: ? 1
@5: $ midosh -c "port-group www set name web"

# Members are ports, named by the port; a bridge port by its id prefix.
$ midosh -c "port-group web add member port ${P1}"
{id8}
$ midosh -c "port-group web member create port b1:${P2}"
{id8}
$ midosh -c "port-group web list member"
member {id8} port-group web port {id8}
member {id8} port-group web port {id8}
$ midosh -c "port-group web list member port ${P2}"
member {id8} port-group web port {id8}
$ midosh -c "port-group web add member port nosuchport"
! midosh: no port named 'nosuchport' (for 'port')
? 1
$ midosh -c "port-group web member ${P1} delete"
$ midosh -c "port-group web delete member port ${P2}"
$ midosh -c "port-group web list member"

# A member is removed with its port.
$ midosh -c "port-group db add member port ${P1}"
{id8}
$ midosh -c "bridge b1 delete port ${P1}"
! midosh: deleting port {id8} also takes it out of port group db
$ midosh -c "port-group db list member"

# IP address groups: addresses by value.
$ midosh -c "create ip-address-group name admins"
{uuid}
$ midosh -c "ip-address-group admins add ip address 10.0.0.5"
10.0.0.5
$ midosh -c "ip-address-group admins ip add address 10.0.0.6"
10.0.0.6
$ midosh -c "ip-address-group admins list ip"
ip 10.0.0.5 address 10.0.0.5
ip 10.0.0.6 address 10.0.0.6
$ midosh -c "ip-address-group admins add ip address 10.0.0"
! midosh: invalid IP address '10.0.0'
! {*}
! {*}
? 2
$ midosh -c "ip-address-group admins ip 10.0.0.5 delete"
$ midosh -c "ip-address-group admins delete ip address 10.0.0.6"
$ midosh -c "ip-address-group admins list ip"
$ midosh -c "list ip-address-group"
ip-address-group admins name admins

# Rules match groups, inverted or not; a group shows as its name.
$ midosh -c "create chain name sg; chain sg add rule type accept port-group web ip-address-group-src !admins in-ports ${P2}"
{uuid}
{uuid}
$ midosh -c "chain sg list rule"
rule {id8} port-group web ip-address-group-src !admins in-ports {id8} fragment-policy any pos 1 type accept
$ midosh -c "chain sg add rule type drop ip-address-group-dst admins out-ports !b1:${P2}"
{uuid}
! midosh: note: rule {id8} went to pos 1, ahead of the chain's 1 other rule (pos last appends)
$ midosh -c "chain sg list rule pos 1"
rule {id8} ip-address-group-dst admins out-ports !{id8} fragment-policy any pos 1 type drop
$ midosh -o json -c "chain sg list rule pos 1"
~ [{"outPorts": ["${P2}"], "invOutPorts": true, "ipAddrGroupDst": "{uuid}", "invIpAddrGroupDst": false}]
$ midosh -c "delete port-group web; delete ip-address-group admins; list port-group"
@1.9: ! midosh: deleting port-group web also deletes rule {id8} of chain sg (its port-group)
@1.9: ! midosh: deleting ip-address-group admins also deletes rule {id8} of chain sg (its ip-address-group-dst)
@5: ! midosh: deleting port-group web also leaves dangling rule {id8} of chain sg (its port-group)
@5: ! midosh: deleting ip-address-group admins also leaves dangling rule {id8} of chain sg (its ip-address-group-dst); leaves dangling rule {id8} of chain sg (its ip-address-group-src)
port-group db name db stateful false
$ midosh -c "chain sg list rule"
@5: rule {*} pos 1 type drop
@5: rule {*} pos 2 type accept

# IPv6 addresses too; a natural key matches in any spelling of the same address.
$ midosh -c "create ip-address-group name v6; ip-address-group v6 add ip address fe80::1"
{uuid}
fe80::1
$ midosh -c "ip-address-group v6 list ip"
ip fe80::1 address {*}
$ midosh -c "ip-address-group v6 ip FE80:0:0:0:0:0:0:1 show address"
{*}
$ midosh -c "ip-address-group v6 delete ip fe80::1; ip-address-group v6 list ip"
$ midosh -c "ip-address-group v6 add ip address fe80::1::2"
! midosh: invalid IP address 'fe80::1::2'
!   ip-address-group v6 add ip address fe80::1::2
!                                      ^^^^^^^^^^
? 2
