# Bridges: every verb, in both orders (verb first, object first).
$ midosh -c "create bridge name br0"
{BR0=uuid}
$ midosh -c "bridge create name br1 state down"
{uuid}
$ midosh -c "list bridge"
bridge br0 name br0 state up
bridge br1 name br1 state down
$ midosh -c "bridge list"
bridge br0 name br0 state up
bridge br1 name br1 state down
$ midosh -c "list bridge state down"
bridge br1 name br1 state down

$ midosh -c "show bridge br0"
id            ${BR0}
tenant        -
name          br0
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
$ midosh -c "bridge br0 show"
id            ${BR0}
tenant        -
name          br0
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
$ midosh -c "bridge br0 show name"
br0
$ midosh -c "show bridge br0 id"
${BR0}

$ midosh -c "bridge br0 set name 'my bridge'"
$ midosh -c "set bridge 'my bridge' state down"
$ midosh -c "bridge 'my bridge' show"
id            ${BR0}
tenant        -
name          my bridge
state         down
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

# Keywords abbreviate; names do not.
$ midosh -c "li br"
bridge 'my bridge' name 'my bridge' state down
bridge br1 name br1 state down
$ midosh -c "show bridge my"
! midosh: no bridge named 'my'
? 1

$ midosh -c "bridge br1 delete"
$ midosh -c "delete bridge 'my bridge'"
$ midosh -c "list bridge"

# Ports of a bridge.
$ midosh -c "create bridge name br2"
{uuid}
$ midosh -c "bridge br2 add port"
{P1=uuid}
$ midosh -c "bridge br2 port create vlan 10"
{uuid}
$ midosh -c "bridge br2 list port vlan 10"
port {id8} device br2 state up plugged no vlan 10
$ midosh -c "bridge br2 port ${P1} set state down"
$ midosh -c "bridge br2 list port state down"
port {id8} device br2 state down plugged no
$ midosh -c "bridge br2 port ${P1} delete"
$ midosh -c "bridge br2 list port"
port {id8} device br2 state up plugged no vlan 10

# -o json: the API's objects, parsed, not compared as text.
$ midosh -o json -c "show bridge br2"
~ {"name": "br2", "adminStateUp": true, "id": "{*}"}
$ midosh -o json -c "list bridge"
~ [{"name": "br2"}]
