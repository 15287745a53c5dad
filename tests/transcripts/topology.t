# Building a topology in one run without copying ids: a port linked when it is created
# (peer on add), and @TYPE / @last for the object of that type created last in the run.
@agent h1 --address 192.168.0.1 --interface tap1 --interface tap2
@file topo.mido
tunnel-zone create name tz type gre
tunnel-zone tz add member host h1 address 192.168.0.1
create router name vpc
router vpc add port address 10.0.1.1 net 10.0.1.0/24
create bridge name subnet1
# the bridge side of the link, created linked
bridge subnet1 add port peer vpc:10.0.1.1
# a VM port: bound, and put in a port group, by @port
bridge subnet1 add port
host h1 add binding interface tap1 port @port
create port-group name web
port-group web add member port @port
# @last is the port group now; a list of references takes @names too
create chain name sg
chain sg add rule type accept in-ports @port,vpc:10.0.1.1 port-group @port-group
bridge subnet1 port @port set infilter @chain
@end
$ midosh -f ${DIR}/topo.mido
{uuid}
h1
{VPC=uuid}
{RP=uuid}
{uuid}
{LINK=uuid}
{VM=uuid}
tap1
{uuid}
{id8}
{uuid}
{uuid}
$ midosh -c "bridge subnet1 list port"
port {id8} device subnet1 state up plugged no peer vpc:10.0.1.1
port {id8} device subnet1 state up plugged no infilter sg host h1 interface tap1
$ midosh -o json -c "router vpc port 10.0.1.1 show"
~ {"peerId": "${LINK}"}
$ midosh -o json -c "port-group web list member"
~ [{"portId": "${VM}"}]
$ midosh -o json -c "chain sg list rule"
~ [{"inPorts": ["${VM}", "${RP}"]}]

# @last names the last object created, of any type; quoting keeps '@' literal.
$ midosh -c "create bridge name b2; bridge @last add port; show bridge '@last'"
{uuid}
{uuid}
! midosh: no bridge named '@last'
? 1
$ midosh -c "create bridge name b3; show bridge @last; show bridge @bridge id"
{B3=uuid}
id            ${B3}
tenant        -
name          b3
state         up
infilter      -
outfilter     -
@5: qos-policy    -
@5: in-mirrors    -
@5: out-mirrors   -
vxlan-ports   -
ports         0
dhcp-subnets  0
mac-table     0
arp-table     0
${B3}
? 0

# Nothing created yet: an error with a caret, exit 1.
$ midosh -c "show bridge @bridge"
! midosh: no bridge was created in this run for '@bridge' to name
!   show bridge @bridge
!               ^^^^^^^
? 1
$ midosh -c "show bridge @last"
! midosh: nothing was created in this run for '@last' to name
! {*}
! {*}
? 1
# '@' words that are no type are names like any other.
$ midosh -c "create bridge name @home; show bridge @home"
{H=uuid}
id            ${H}
tenant        -
name          @home
state         up
infilter      -
outfilter     -
@5: qos-policy    -
@5: in-mirrors    -
@5: out-mirrors   -
vxlan-ports   -
ports         0
dhcp-subnets  0
mac-table     0
arp-table     0

# A link that fails on create leaves nothing behind: the new port is removed again.
$ midosh -c "create bridge name b4; bridge b4 add port peer vpc:10.0.1.1"
{uuid}
! midosh: cannot set peer: {*}
? 1
$ midosh -c "bridge b4 list port"
# A peer that does not exist is refused before anything is created.
$ midosh -c "bridge b4 add port peer vpc:10.9.9.9"
! midosh: no port named 'vpc:10.9.9.9' (for 'peer')
? 1
$ midosh -c "bridge b4 list port"
