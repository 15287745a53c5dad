@dialect 5
# A 5.x mirror's match conditions (midonet-cli's matches): a list held in the mirror itself,
# each named by its position from 1. add appends one and PUTs the mirror; delete takes one
# out (those after it move up); they are a rule's condition attributes.
$ midosh -c "create bridge name b1; bridge b1 add port; bridge b1 add port; create port-group name pg"
{uuid}
{P1=uuid}
{P2=uuid}
{uuid}
$ midosh -c "create mirror to-port ${P2}"
{M=uuid}
$ midosh -c "mirror ${M} list matches"
$ midosh -c "mirror ${M} add matches src 10.0.0.0/24 proto tcp dst-port 80"
1
$ midosh -c "mirror ${M} add matches dst !10.0.1.1 ethertype ipv4 hw-src aa:bb:cc:dd:ee:01 in-ports ${P1} port-group pg"
2
$ midosh -c "mirror ${M} add matches proto udp inverted yes"
3
$ midosh -c "mirror ${M} list matches"
matches 1 src 10.0.0.0/24 proto tcp dst-port 80 fragment-policy header
matches 2 hw-src aa:bb:cc:dd:ee:01 ethertype ipv4 dst !10.0.1.1/32 port-group pg in-ports {id8} fragment-policy any
matches 3 inverted yes proto udp fragment-policy any
$ midosh -c "mirror ${M} list matches proto udp"
matches 3 inverted yes proto udp fragment-policy any
$ midosh -c "mirror ${M} matches 2 show dst"
!10.0.1.1/32
$ midosh -c "mirror ${M} matches 1 show pos"
1
$ midosh -c "mirror ${M} show"
id       ${M}
to-port  {id8}
matches  3
# The mirror holds them as the API does; -o json adds each one's position.
$ midosh -o json -c "mirror ${M} show"
~ {"conditions": [{"nwSrcAddress": "10.0.0.0", "nwSrcLength": 24, "nwProto": 6, "tpDst": {"start": 80, "end": 80}}, {"nwDstAddress": "10.0.1.1", "invNwDst": true, "dlType": 2048, "inPorts": ["${P1}"]}, {"nwProto": 17, "condInvert": true}]}
$ midosh -o json -c "mirror ${M} list matches"
~ [{"position": 1, "nwProto": 6}, {"position": 2, "dlSrc": "aa:bb:cc:dd:ee:01"}, {"position": 3, "nwProto": 17}]

# --may-exist finds the one that is all the line asks for; a dry run says what it would do.
$ midosh --may-exist -c "mirror ${M} add matches src 10.0.0.0/24 proto tcp dst-port 80"
1
! midosh: note: matches 1 is this one already: nothing done
$ midosh --dry-run -c "mirror ${M} add matches proto icmp"
dry-run: PUT /mirrors/${M} {*}
dry-run: new matches 4
$ midosh -c "mirror ${M} list matches proto icmp"

# Delete by position: the ones after it move up.
$ midosh -c "mirror ${M} delete matches 1"
$ midosh -c "mirror ${M} list matches"
matches 1 hw-src aa:bb:cc:dd:ee:01 ethertype ipv4 dst !10.0.1.1/32 port-group pg in-ports {id8} fragment-policy any
matches 2 inverted yes proto udp fragment-policy any
$ midosh -c "mirror ${M} matches 3 show"
! midosh: no matches '3' in mirror '{id8}'
? 1
# One added and deleted by the same script: known as it was sent, it is still found.
$ midosh -c "mirror ${M} add matches proto icmp; mirror ${M} delete matches 3"
3
$ midosh --if-exists -c "mirror ${M} delete matches 3"
! midosh: note: no matches '3': nothing to delete

# The position is theirs to say, and a condition is replaced, not changed.
$ midosh -c "mirror ${M} add matches pos 1"
! midosh: 'pos' is read-only
! {*}
! {*}
? 2
$ midosh -c "mirror ${M} matches 1 set proto udp"
! midosh: 'matches' objects cannot be changed
! {*}
! {*}
? 2
$ midosh -c "mirror ${M} add matches proto nosuch"
! midosh: invalid value 'nosuch' for 'proto': icmp, tcp, udp, icmpv6, or a number 0-255
! {*}
! {*}
? 2
$ midosh -c "mirror ${M} add matches port-group nosuch"
! midosh: no port-group named 'nosuch' (for 'port-group')
? 1
$ midosh -c "mirror ${M} list matches"
...
matches 2 inverted yes proto udp fragment-policy any

# Deleting the mirror takes them with it.
$ midosh -c "delete mirror ${M}"
! midosh: deleting mirror {id8} also deletes 2 match conditions
$ midosh -c "list mirror"
