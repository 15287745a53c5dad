# Chains and their rules: every verb, conditions with '!', ranges, NAT targets, jumps.
$ midosh -c "create chain name sg"
{SG=uuid}
$ midosh -c "chain create name other"
{uuid}
$ midosh -c "list chain"
chain sg name sg
chain other name other
$ midosh -c "show chain sg"
id      {uuid}
tenant  -
name    sg
rules   {*}
$ midosh -c "chain sg set name x"
! midosh: 'chain' objects cannot be changed
!   chain sg set name x
!                ^^^^
? 2

# Rules: new rules go first unless a position is given; lists come in position order.
$ midosh -c "chain sg add rule type drop"
{DROP=uuid}
$ midosh -c "chain sg add rule type accept src !10.0.0.0/8 proto 6 dst-port 22 pos 1"
{SSH=uuid}
$ midosh -c "chain sg rule add type accept dst 192.168.1.0/24 src-port 1024-65535 tos 4 pos 2"
{uuid}
$ midosh -c "chain sg list rule"
rule {id8} src !10.0.0.0/8 proto tcp dst-port 22 fragment-policy header pos 1 type accept
rule {id8} dst 192.168.1.0/24 tos 4 src-port 1024-65535 fragment-policy header pos 2 type accept
rule {id8} fragment-policy any pos 3 type drop
$ midosh -c "chain sg list rule type accept proto 6"
rule {id8} src !10.0.0.0/8 proto tcp dst-port 22 fragment-policy header pos 1 type accept
$ midosh -c "chain sg rule ${SSH} show src"
!10.0.0.0/8
$ midosh -c "chain sg rule ${SSH} show chain"
chain sg name sg
$ midosh -o json -c "chain sg rule ${SSH} show"
~ {"type": "accept", "nwSrcAddress": "10.0.0.0", "nwSrcLength": 8, "invNwSrc": true, "nwProto": 6, "tpDst": {"start": 22, "end": 22}, "position": 1, "chainId": "${SG}"}

# Every condition, inverted where it can be.
$ midosh -c "chain sg add rule type reject hw-src !aa:bb:cc:dd:ee:ff hw-src-mask ffff.ffff.0000 hw-dst 02:00:00:00:00:01 ethertype !2048 dst !10.1.0.0/16 proto !17 tos !8 src-port !80 dst-port 8000-8080 flow return-flow fragment-policy header pos 4"
{uuid}
$ midosh -c "chain sg list rule pos 4"
rule {id8} hw-src !aa:bb:cc:dd:ee:ff hw-src-mask ffff.ffff.0000 hw-dst 02:00:00:00:00:01 ethertype !ipv4 dst !10.1.0.0/16 proto !udp tos !8 src-port !80 dst-port 8000-8080 flow return-flow fragment-policy header pos 4 type reject

# Values are checked before anything is sent.
$ midosh -c "chain sg add rule type accept dst-port 90-80"
! midosh: invalid range '90-80' (a or a-b, 0 to 65535)
! {*}
! {*}
? 2
$ midosh -c "chain sg add rule type dnat target 10.0.1"
! midosh: invalid NAT target '10.0.1' (ip[-ip][:port[-port]],...)
! {*}
! {*}
? 2
$ midosh -c "chain sg add rule src 10.0.0.0/8"
! midosh: missing required attribute 'type' for a rule
! {*}
! {*}
? 2
$ midosh -c "chain sg rule ${SSH} set pos 2"
! midosh: 'rule' objects cannot be changed
! {*}
! {*}
? 2

# NAT: a dnat/snat pair for an elastic IP, and a port-range target.
$ midosh -c "create chain name nat"
{uuid}
$ midosh -c "chain nat add rule type dnat flow fwd-flow dst 200.0.0.5 action accept target 10.0.1.5"
{uuid}
$ midosh -c "chain nat add rule type snat flow fwd-flow src 10.0.1.5 action accept target 200.0.0.5-200.0.0.6:1024-65535 pos 2"
{uuid}
$ midosh -c "chain nat add rule type rev_snat flow return-flow action continue pos 3"
{uuid}
$ midosh -c "chain nat list rule"
rule {id8} dst 200.0.0.5/32 flow fwd-flow fragment-policy any pos 1 type dnat action accept target 10.0.1.5
rule {id8} src 10.0.1.5/32 flow fwd-flow fragment-policy unfragmented pos 2 type snat action accept target 200.0.0.5-200.0.0.6:1024-65535
rule {id8} flow return-flow fragment-policy any pos 3 type rev_snat action continue
$ midosh -o json -c "chain nat list rule type snat"
~ [{"natTargets": [{"addressFrom": "200.0.0.5", "addressTo": "200.0.0.6", "portFrom": 1024, "portTo": 65535}], "flowAction": "accept", "matchForwardFlow": true, "matchReturnFlow": false}]

# Jumps name a chain; deleting the target chain deletes the jump in 1.9, and leaves it
# jumping to nothing in 5.x (deleted by hand).
$ midosh -c "chain other add rule type jump jump-to nat"
{JUMP=uuid}
$ midosh -c "chain other list rule"
rule {id8} fragment-policy any pos 1 type jump jump-to nat
$ midosh -c "chain other rule ${JUMP} show jump-to"
chain nat name nat
$ midosh -c "delete chain nat"
@1.9: ! midosh: deleting chain nat also deletes 3 rules; deletes rule {id8} of chain other (a jump to it)
@5: ! midosh: deleting chain nat also deletes 3 rules; leaves rule {id8} of chain other jumping to nothing
$ midosh -c "chain other list rule"
@5: rule {id8} fragment-policy any pos 1 type jump jump-to {*}
@5: $ midosh -c "chain other delete rule ${JUMP}"

# Rules are deleted by id prefix, in both orders.
$ midosh -c "chain sg delete rule ${DROP}"
$ midosh -c "chain sg rule ${SSH} delete"
$ midosh -c "chain sg list rule"
rule {id8} dst 192.168.1.0/24 tos 4 src-port 1024-65535 fragment-policy header pos 1 type accept
rule {id8} hw-src !aa:bb:cc:dd:ee:ff {*} pos 2 type reject

# Filters: set and clear infilter/outfilter on routers, bridges and ports.
$ midosh -c "create router name r1; router r1 add port address 10.0.0.1 net 10.0.0.0/24; create bridge name b1; bridge b1 add port"
{uuid}
{uuid}
{uuid}
{BP=uuid}
$ midosh -c "router r1 set infilter sg outfilter other; bridge b1 set infilter other; router r1 port 10.0.0.1 set outfilter sg; bridge b1 port ${BP} set infilter sg"
$ midosh -c "list router; list bridge; router r1 list port; bridge b1 list port"
router r1 name r1 state up infilter sg outfilter other
bridge b1 name b1 state up infilter other
port 10.0.0.1 device r1 state up plugged no outfilter sg mac {*} address 10.0.0.1 net 10.0.0.0/24
port {id8} device b1 state up plugged no infilter sg
$ midosh -c "router r1 show infilter"
chain sg name sg
$ midosh -c "router r1 clear infilter outfilter; bridge b1 clear infilter; router r1 port 10.0.0.1 clear outfilter"
$ midosh -c "list router; list bridge; router r1 list port"
router r1 name r1 state up
bridge b1 name b1 state up
port 10.0.0.1 device r1 state up plugged no mac {*} address 10.0.0.1 net 10.0.0.0/24
# Deleting a chain clears the filters that name it; in 1.9 it deletes the rules that jump to
# it too, and says so.
$ midosh -c "chain other add rule type jump jump-to sg"
{uuid}
$ midosh -c "delete chain sg; bridge b1 list port"
@1.9: ! midosh: deleting chain sg also deletes 2 rules; clears infilter of port {id8}; deletes rule {id8} of chain other (a jump to it)
@5: ! midosh: deleting chain sg also deletes 2 rules; clears infilter of port {id8}; leaves rule {id8} of chain other jumping to nothing
port {id8} device b1 state up plugged no
$ midosh -c "describe rule"
rule: a rule of a chain: what it matches and what it does
...
  target{*}ip[-ip][:port[-port]],...: where dnat and snat rules rewrite to
...

# In one run: rules created after a listing are listed again in the API's order.
$ midosh -c "create chain name ord; chain ord list rule; chain ord add rule type drop; chain ord add rule type accept pos 1; chain ord add rule type reject pos 2; chain ord list rule"
{uuid}
{uuid}
{uuid}
{uuid}
rule {id8} fragment-policy any pos 1 type accept
rule {id8} fragment-policy any pos 2 type reject
rule {id8} fragment-policy any pos 3 type drop
