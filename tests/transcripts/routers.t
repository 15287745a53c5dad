# Routers, router ports, routes, and links between ports.
$ midosh -c "create router name r1"
{R1=uuid}
$ midosh -c "router r1 add port address 10.0.0.1 net 10.0.0.0/24"
{RP=uuid}
$ midosh -c "router r1 list port"
port 10.0.0.1 device r1 state up plugged no mac {*} address 10.0.0.1 net 10.0.0.0/24

# A router port gets a LOCAL route to its address.
$ midosh -c "router r1 list route"
@1.9: route {id8} type normal src 0.0.0.0/0 dst 10.0.0.1/32 port 10.0.0.1 weight 0 learned false
@5: route {id8} type local src 0.0.0.0/0 dst 10.0.0.1/32 port 10.0.0.1 weight 0 learned false
$ midosh -c "router r1 add route dst 192.168.0.0/16 gw 10.0.0.254 port 10.0.0.1"
{ROUTE=uuid}
$ midosh -c "router r1 route ${ROUTE} show"
id       ${ROUTE}
type     normal
src      0.0.0.0/0
dst      192.168.0.0/16
gw       10.0.0.254
port     10.0.0.1
weight   0
learned  false
$ midosh -c "router r1 add route type blackhole dst 172.16.0.0/12"
{uuid}
$ midosh -c "router r1 list route type blackhole"
route {id8} type blackhole src 0.0.0.0/0 dst 172.16.0.0/12 weight 0 learned false

# A bridge port linked to the router port, named PARENT:KEY.
$ midosh -c "create bridge name br0"
{uuid}
$ midosh -c "bridge br0 add port"
{BP=uuid}
$ midosh -c "bridge br0 port ${BP} set peer r1:10.0.0.1"
$ midosh -c "bridge br0 list port"
port {id8} device br0 state up plugged no peer r1:10.0.0.1
$ midosh -c "router r1 port 10.0.0.1 show peer"
port {id8} device br0 state up plugged no peer r1:10.0.0.1
$ midosh -c "list port"
port r1:10.0.0.1 device r1 state up plugged no mac {*} peer {id8} address 10.0.0.1 net 10.0.0.0/24
port {id8} device br0 state up plugged no peer r1:10.0.0.1
$ midosh -c "router r1 port 10.0.0.1 clear peer"
$ midosh -c "bridge br0 list port"
port {id8} device br0 state up plugged no

# Linking two ports of one router is refused by the API.
$ midosh -c "router r1 add port address 10.0.1.1 net 10.0.1.0/24"
{uuid}
$ midosh -c "router r1 port 10.0.1.1 set peer r1:10.0.0.1"
! midosh: cannot set peer: {*}
? 1

# Deleting a router deletes its ports and routes.
$ midosh -c "delete router r1"
! midosh: deleting router r1 also deletes 2 ports, 4 routes
$ midosh -c "list port"
port {id8} device br0 state up plugged no
