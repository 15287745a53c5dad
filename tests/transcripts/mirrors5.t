@dialect 5
# MidoNet 5.x's references from devices to its own objects: the mirrors that copy a
# router's, a bridge's or a port's traffic (in-mirrors, out-mirrors; on ports also
# post-in-filter-mirrors and pre-out-filter-mirrors), and a bridge's or a port's QoS policy.
$ midosh -c "create router name r1; router r1 add port address 10.0.0.1 net 10.0.0.0/24; create bridge name b1; bridge b1 add port; bridge b1 add port"
{uuid}
{RP=uuid}
{uuid}
{P1=uuid}
{P2=uuid}
$ midosh -c "create mirror to-port ${P2}"
{M1=uuid}
$ midosh -c "create mirror to-port ${P2}"
{M2=uuid}
$ midosh -c "create qos-policy name gold; create qos-policy name silver"
{uuid}
{uuid}

# Mirrors on a router: set, shown by id prefix, filtered, cleared. (Its asn 0 is printed
# before them: the transcripts' 5.x substitution puts it there.)
$ midosh -c "router r1 set in-mirrors ${M1},${M2} out-mirrors ${M2}"
$ midosh -o json -c "router r1 show"
~ {"inboundMirrorIds": ["${M1}", "${M2}"], "outboundMirrorIds": ["${M2}"]}
$ midosh -c "list router"
router r1 name r1 state up in-mirrors {id8},{id8} out-mirrors {id8}
$ midosh -c "router r1 show out-mirrors"
{id8}
$ midosh -c "list router in-mirrors ${M1},${M2}"
router r1 name r1 state up in-mirrors {id8},{id8} out-mirrors {id8}
$ midosh -c "list router in-mirrors ${M2},${M1}"
$ midosh -c "list router out-mirrors ${M1}"
$ midosh -c "router r1 clear in-mirrors"
$ midosh -o json -c "router r1 show"
~ {"inboundMirrorIds": [], "outboundMirrorIds": ["${M2}"]}
$ midosh -c "router r1 set in-mirrors nosuch"
! midosh: no mirror named 'nosuch' (for 'in-mirrors')
? 1

# A bridge's QoS policy (by name) and mirrors; given on create too.
$ midosh -c "bridge b1 set qos-policy gold in-mirrors ${M1} out-mirrors ${M1},${M2}"
$ midosh -c "list bridge"
bridge b1 name b1 state up qos-policy gold in-mirrors {id8} out-mirrors {id8},{id8}
$ midosh -c "list bridge qos-policy gold"
bridge b1 name b1 state up qos-policy gold in-mirrors {id8} out-mirrors {id8},{id8}
$ midosh -c "list bridge qos-policy silver"
$ midosh -c "bridge b1 set qos-policy silver"
# (qos-policy is also a type's name: show follows the reference, as for a load-balancer.)
$ midosh -c "bridge b1 show qos-policy"
qos-policy silver name silver
$ midosh -c "bridge b1 clear qos-policy out-mirrors"
$ midosh -c "list bridge"
bridge b1 name b1 state up in-mirrors {id8}
$ midosh -c "create bridge name b2 qos-policy gold in-mirrors ${M2}"
{uuid}
$ midosh -o json -c "bridge b2 show"
~ {"name": "b2", "qosPolicyId": "{uuid}", "inboundMirrorIds": ["${M2}"]}
$ midosh -c "list bridge qos-policy gold"
bridge b2 name b2 state up qos-policy gold in-mirrors {id8}

# A bridge port's four mirror lists and its QoS policy.
$ midosh -c "bridge b1 port ${P1} set qos-policy gold in-mirrors ${M1} out-mirrors ${M2} post-in-filter-mirrors ${M1},${M2} pre-out-filter-mirrors ${M2}"
$ midosh -o json -c "port ${P1} show"
~ {"qosPolicyId": "{uuid}", "inboundMirrorIds": ["${M1}"], "outboundMirrorIds": ["${M2}"], "postInFilterMirrorIds": ["${M1}", "${M2}"], "preOutFilterMirrorIds": ["${M2}"]}
$ midosh -c "bridge b1 list port qos-policy gold"
port {id8} device b1 state up plugged no qos-policy gold in-mirrors {id8} out-mirrors {id8} post-in-filter-mirrors {id8},{id8} pre-out-filter-mirrors {id8}
$ midosh -c "list port post-in-filter-mirrors ${M1},${M2}"
port {id8} device b1 state up plugged no qos-policy gold in-mirrors {id8} out-mirrors {id8} post-in-filter-mirrors {id8},{id8} pre-out-filter-mirrors {id8}
$ midosh -c "port ${P1} clear post-in-filter-mirrors qos-policy"
$ midosh -c "list port pre-out-filter-mirrors ${M2}"
port {id8} device b1 state up plugged no in-mirrors {id8} out-mirrors {id8} pre-out-filter-mirrors {id8}
$ midosh -c "bridge b1 port ${P1} show post-in-filter-mirrors"
$ midosh -c "bridge b1 port ${P1} show pre-out-filter-mirrors"
{id8}

# A router port's, on set and on add.
$ midosh -c "router r1 port 10.0.0.1 set qos-policy silver pre-out-filter-mirrors ${M1}"
$ midosh -c "router r1 add port address 10.0.1.1 net 10.0.1.0/24 qos-policy gold in-mirrors ${M1},${M2}"
{uuid}
$ midosh -c "router r1 list port"
port 10.0.0.1 device r1 state up plugged no mac {*} address 10.0.0.1 net 10.0.0.0/24 qos-policy silver pre-out-filter-mirrors {id8}
port 10.0.1.1 device r1 state up plugged no mac {*} address 10.0.1.1 net 10.0.1.0/24 qos-policy gold in-mirrors {id8},{id8}

# TAB offers the mirrors, after a comma too, and the QoS policies by name.
$ midosh --complete "bridge b1 set qos-policy "
gold
silver
$ midosh --complete "router r1 set out-mirrors ${M1},"
...
${M1},{id8}
...
$ midosh -c "describe port"
...
  qos-policy              qos-policy, clearable, MidoNet 5.x only: the QoS policy applied to the port's traffic
  in-mirrors              mirror,..., clearable, MidoNet 5.x only: the mirrors that copy the port's inbound traffic
...

# Against MidoNet 1.9 each is refused with the one error naming 5.x.
@dialect 1.9
$ midosh -c "create bridge name b9; create router name r9"
{uuid}
{uuid}
$ midosh -c "bridge b9 set in-mirrors 1234abcd"
! midosh: 'in-mirrors' of bridge objects exists in MidoNet 5.x only; the API speaks 1.9
? 1
$ midosh -c "bridge b9 clear qos-policy"
! midosh: 'qos-policy' of bridge objects exists in MidoNet 5.x only; the API speaks 1.9
? 1
$ midosh -c "list bridge qos-policy gold"
! midosh: 'qos-policy' of bridge objects exists in MidoNet 5.x only; the API speaks 1.9
? 1
$ midosh -c "router r9 show out-mirrors"
! midosh: 'out-mirrors' of router objects exists in MidoNet 5.x only; the API speaks 1.9
? 1
$ midosh -c "create router name r10 in-mirrors 1234abcd"
! midosh: 'in-mirrors' of router objects exists in MidoNet 5.x only; the API speaks 1.9
? 1
$ midosh -c "router r9 add port address 10.0.0.1 net 10.0.0.0/24 pre-out-filter-mirrors 1234abcd"
! midosh: 'pre-out-filter-mirrors' of port objects exists in MidoNet 5.x only; the API speaks 1.9
? 1
$ midosh --complete "bridge b9 set "
arp-table
dhcp
infilter
mac-table
name
outfilter
port
state
tenant
$ midosh -c "describe bridge"
...
  outfilter    chain, clearable: the chain that filters outbound traffic
  vxlan-ports  port,..., read-only: the bridge's VXLAN ports, one per VTEP it is bound to (listed at the top level)
