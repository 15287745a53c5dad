# Hosts come from agents; their interfaces and bindings live under them.
@agent h1 --address 192.168.0.1 --interface eth0=192.168.0.1 --interface eth1
@agent h2 --address 192.168.0.2

$ midosh -c "list host name h1"
host h1 name h1 alive true addresses 192.168.0.1 flooding-proxy-weight 1
$ midosh -c "host h1 list interface iface eth0"
interface eth0 iface eth0 host_id h1 status {*} addresses 192.168.0.1 mac {*} mtu 1500 type Physical endpoint PHYSICAL
$ midosh -c "host h1 set flooding-proxy-weight 7"
$ midosh -c "show host h1 flooding-proxy-weight"
7
$ midosh -c "host h1 set alive false"
! midosh: 'alive' is read-only
!   host h1 set alive false
!               ^^^^^
? 2
$ midosh -c "create host name h3"
! midosh: {*}
! {*}
! {*}
? 2

# A binding needs the host in a tunnel zone (the API's precondition).
$ midosh -c "create bridge name br0"
{uuid}
$ midosh -c "bridge br0 add port"
{P=uuid}
$ midosh -c "host h1 add binding interface eth1 port ${P}"
! midosh: cannot create binding: The specified host is not in any tunnel zone.
? 1
$ midosh -c "tunnel-zone create name tz type vxlan; tunnel-zone tz add member host h1 address 192.168.0.1"
{uuid}
h1
$ midosh -c "host h1 add binding interface eth1 port br0:${P}"
eth1
$ midosh -c "host h1 list binding"
binding eth1 host h1 interface eth1 port {id8}
$ midosh -c "bridge br0 list port"
port {id8} device br0 state up plugged no host h1 interface eth1

# A bound or alive host cannot be deleted.
$ midosh -c "delete host h1"
! midosh: deleting host h1 also deletes 1 binding
! midosh: cannot delete host: {*}
? 1
$ midosh -c "host h1 delete binding interface eth1"
$ midosh -c "host h1 list binding"

# When its agent stops, a host reads dead at once.
@stop-agent h2
$ midosh -c "show host h2 alive"
false
$ midosh -c "delete host h2"
$ midosh -c "list host"
host h1 name h1 alive true addresses 192.168.0.1 flooding-proxy-weight 7
