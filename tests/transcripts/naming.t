# References: a full UUID, a name, a natural key, a unique id prefix of 4 or more digits.
$ midosh -c "create bridge name alpha"
{A=uuid}
$ midosh -c "show bridge ${A}"
id            ${A}
tenant        -
name          alpha
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
$ midosh -c "create bridge name twin; create bridge name twin"
! midosh: warning: bridge 'twin' exists already: the name now names 2 bridges
{T1=uuid}
{T2=uuid}

# Two objects with one name: an error listing both, exit 1.
$ midosh -c "show bridge twin"
! midosh: several bridges are named 'twin': {id8}, {id8} (use an id)
? 1
$ midosh -c "show bridge ${T1}"
id            ${T1}
tenant        -
name          twin
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
# Printed handles resolve back: the id prefix of a duplicate name.
$ midosh -c "list bridge name twin"
bridge {id8} name twin state up
bridge {id8} name twin state up

# A natural key: a router port by its address; a member by its host.
$ midosh -c "create router name r1; router r1 add port address 10.1.1.1 net 10.1.1.0/24"
{uuid}
{uuid}
$ midosh -c "router r1 port 10.1.1.1 show address"
10.1.1.1
$ midosh -c "router r1 port 10.9.9.9 show"
! midosh: no port '10.9.9.9' in router 'r1'
? 1
$ midosh -c "show bridge nosuch"
! midosh: no bridge named 'nosuch'
? 1
$ midosh -c "show bridge 00000000-0000-0000-0000-000000000000"
! midosh: no bridge named '00000000-0000-0000-0000-000000000000'
? 1

# midonet-cli's selectors, TYPE ATTR VALUE..., work on types with ids too, in a fresh
# process; the name reading comes first, so a bridge named "name" is still reachable.
$ midosh -c "bridge name alpha add port"
{P=uuid}
$ midosh -c "bridge name alpha list port"
port {id8} device alpha state up plugged no
$ midosh -c "router name r1 port address 10.1.1.1 show address"
10.1.1.1
$ midosh -c "show bridge name alpha state up"
id            ${A}
tenant        -
name          alpha
state         up
infilter      -
outfilter     -
@5: qos-policy    -
@5: in-mirrors    -
@5: out-mirrors   -
vxlan-ports   -
ports         1
dhcp-subnets  0
mac-table     0
arp-table     0
$ midosh -c "bridge name twin list port"
! midosh: 2 bridges have name 'twin': {id8}, {id8} (use an id)
? 1
$ midosh -c "delete bridge name nosuch state down"
! midosh: no bridge has name 'nosuch' and state 'down'
? 1
$ midosh -c "create bridge name name; bridge name add port"
{uuid}
{uuid}
$ midosh -c "bridge name list port"
port {id8} device name state up plugged no
