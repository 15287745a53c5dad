@dialect 5
# A 5.x mirror's match conditions (midonet-cli's matches): held in the mirror itself, named
# by their position from 1; a mirror with none copies everything.
$ midosh -c "create bridge name b1; bridge b1 add port; bridge b1 add port"
{uuid}
{P1=uuid}
{P2=uuid}
$ midosh -c "create mirror to-port ${P2}"
{M=uuid}
$ midosh -c "mirror ${M} list matches"
$ midosh -c "mirror ${M} add matches src 10.0.0.0/24 proto tcp dst-port 80"
1
$ midosh -c "mirror ${M} add matches dst !10.0.1.1 ethertype ipv4 hw-src aa:bb:cc:dd:ee:01"
2
$ midosh -c "mirror ${M} list matches"
matches 1 src 10.0.0.0/24 proto tcp dst-port 80 fragment-policy header
matches 2 hw-src aa:bb:cc:dd:ee:01 ethertype ipv4 dst !10.0.1.1/32 fragment-policy any
$ midosh -c "mirror ${M} matches 2 show"
$ midosh -c "mirror ${M} matches 2 show dst"
$ midosh -o json -c "mirror ${M} show"
$ midosh -o json -c "mirror ${M} list matches"
$ midosh -c "mirror ${M} show"
$ midosh --may-exist -c "mirror ${M} add matches src 10.0.0.0/24 proto tcp dst-port 80"
$ midosh --dry-run -c "mirror ${M} add matches proto udp"
$ midosh -c "mirror ${M} add matches proto udp"
$ midosh -c "mirror ${M} delete matches 1"
$ midosh -c "mirror ${M} list matches"
$ midosh -c "mirror ${M} matches 3 show"
$ midosh -c "mirror ${M} add matches pos 1"
$ midosh -c "mirror ${M} matches 1 set proto udp"
$ midosh -c "mirror ${M} add matches proto nosuch"
$ midosh -c "mirror ${M} add matches in-ports ${P1} port-group nosuch"
$ midosh -c "delete mirror ${M}"
