@dialect 5
# MidoNet 5.x's rule and device fields in midonet-cli master's words: the l2-transform
# rule (action redirect to a target port, VLAN pop and push), 5.x's match conditions, a
# router's local redirect and forward chains, a router port's VNI and off-ramp, a host's
# container limit, and port groups changed in place.
$ midosh -c "create bridge name b1; bridge b1 add port; create chain name c1; create chain name c2"
{uuid}
{P1=uuid}
{uuid}
{uuid}

# An l2-transform rule keeps its target port, its VLAN work and its action.
$ midosh -c "chain c1 add rule type l2-transform action redirect target-port ${P1} pop-vlan true push-vlan 10 ingress true fail-open true"
{R1=uuid}
$ midosh -o json -c "chain c1 rule ${R1} show"
~ {"type": "l2_transform", "flowAction": "redirect", "targetPortId": "${P1}", "popVlan": true, "pushVlan": 10, "ingress": true, "failOpen": true}
$ midosh -c "chain c1 list rule"
rule {id8} fragment-policy any pos 1 type l2-transform action redirect target-port {id8} ingress true fail-open true pop-vlan true push-vlan 10
$ midosh -c "chain c1 list rule type l2-transform"
rule {id8} fragment-policy any pos 1 type l2-transform action redirect target-port {id8} ingress true fail-open true pop-vlan true push-vlan 10

# 5.x's conditions: inverted, in- and out-port groups, VLANs, the addresses an ICMP error
# quotes, and packets a dnat rewrote.
$ midosh -c "create port-group name pg1"
{uuid}
$ midosh -c "chain c2 add rule type drop inverted yes in-port-group pg1 out-port-group !pg1 vlan 7 icmp-data-src 10.0.0.0/8 icmp-data-dst !10.1.0.1 match-nw-dst-rewritten true"
{R2=uuid}
$ midosh -o json -c "chain c2 rule ${R2} show"
~ {"condInvert": true, "vlan": 7, "icmpDataSrcIpAddress": "10.0.0.0", "icmpDataSrcIpLength": 8, "icmpDataDstIpAddress": "10.1.0.1", "icmpDataDstIpLength": 32, "invIcmpDataDstIp": true, "invOutPortGroup": true, "matchNwDstRewritten": true}
$ midosh -c "chain c2 add rule type drop no-vlan true pos last"
{uuid}
$ midosh -c "chain c2 list rule"
rule {id8} inverted yes in-port-group pg1 out-port-group !pg1 fragment-policy any vlan 7 icmp-data-src 10.0.0.0/8 icmp-data-dst !10.1.0.1/32 match-nw-dst-rewritten true pos 1 type drop
rule {id8} fragment-policy any no-vlan true pos 2 type drop

# A router's local redirect and forward chains; a router port's VNI and off-ramp.
$ midosh -c "create router name r1 local-redirect-chain c1 forward-chain c2"
{uuid}
$ midosh -c "router r1 show local-redirect-chain; router r1 show forward-chain"
chain c1 name c1
chain c2 name c2
$ midosh -c "router r1 clear forward-chain; list router"
router r1 name r1 state up local-redirect-chain c1
$ midosh -c "router r1 add port address 10.0.0.1 net 10.0.0.0/24 vni 5000 vxlan-off-ramp true"
{RP=uuid}
$ midosh -o json -c "router r1 port ${RP} show"
~ {"rtrPortVni": 5000, "offRampVxlan": true}
$ midosh -c "router r1 port ${RP} show vni"
5000

# A host's container limit: no-limit is -1.
@agent h1
$ midosh -c "host h1 set container-limit 3; host h1 show container-limit"
3
$ midosh -c "host h1 set container-limit no-limit; host h1 show container-limit"
no-limit
$ midosh -o json -c "host h1 show"
~ {"containerLimit": -1}

# 5.x changes a port group in place.
$ midosh -c "port-group pg1 set stateful true; port-group pg1 show stateful"
true

# The tenant's description and whether it is enabled, read only.
$ midosh -c "list tenant"
...

# A script is checked before the server is known; a port's vni in it is 5.x's (1.9's is
# a VXLAN port's, read-only).
@file vni.mido
create router name rv
router rv add port address 10.5.0.1 net 10.5.0.0/24
port rv:10.5.0.1 set vni 7000
@end
$ midosh -f ${DIR}/vni.mido
{uuid}
{uuid}
$ midosh -c "show port rv:10.5.0.1 vni"
7000

# A 1.9 server has no l2-transform rule, no redirect action and no Local route: refused,
# naming the dialect that has them, before anything is sent.
@dialect 1.9
$ midosh -c "create chain name c9"
{uuid}
$ midosh -c "chain c9 add rule type l2-transform action redirect"
! midosh: rule 'type l2-transform' exists in MidoNet 5.x only; the API speaks 1.9
? 1
$ midosh -c "chain c9 add rule type accept action redirect"
! midosh: rule 'action redirect' exists in MidoNet 5.x only; the API speaks 1.9
? 1
$ midosh -c "chain c9 list rule type l2-transform"
! midosh: rule 'type l2-transform' exists in MidoNet 5.x only; the API speaks 1.9
? 1
$ midosh -c "chain c9 list rule"
