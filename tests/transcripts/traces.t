# Trace requests: a device (router, bridge or port), a condition, a limit; only enabled changes.
$ midosh -c "create router name r1; create bridge name b1; bridge b1 add port"
{R1=uuid}
{uuid}
{uuid}
$ midosh -c "create tracerequest name web router r1 src !10.0.0.0/8 proto 6 dst-port 80 limit 100"
{uuid}
$ midosh -c "create tracerequest name vm port @port"
! midosh: no port was created in this run for '@port' to name
! {*}
! {*}
? 1
$ midosh -c "bridge b1 add port; create tracerequest name vm port @port flow fwd-flow"
{P=uuid}
{uuid}
$ midosh -c "list tracerequest"
tracerequest web name web router r1 src !10.0.0.0/8 proto tcp dst-port 80 fragment-policy header limit 100 enabled false
tracerequest vm name vm port {id8} flow fwd-flow fragment-policy any limit {*} enabled false
$ midosh -o json -c "show tracerequest web"
~ {"deviceType": "ROUTER", "deviceId": "${R1}", "condition": {"nwSrcAddress": "10.0.0.0", "nwSrcLength": 8, "invNwSrc": true, "nwProto": 6, "tpDst": {"start": 80, "end": 80}}, "limit": 100}
$ midosh -c "show tracerequest web router"
router r1 name r1 state up
$ midosh -o json -c "show tracerequest web src"
"10.0.0.0"
$ midosh -o json -c "show tracerequest web router"
"${R1}"
$ midosh -o json -c "show tracerequest web bridge"
null
$ midosh -c "show tracerequest vm port id"
! midosh: {*}
! {*}
! {*}
? 2
$ midosh -c "list tracerequest proto 6"
tracerequest web {*}
$ midosh -c "tracerequest web set enabled true; list tracerequest enabled true"
tracerequest web name web router r1 src !10.0.0.0/8 proto tcp dst-port 80 fragment-policy header limit 100 enabled true
$ midosh -c "tracerequest web set proto 17"
! midosh: 'proto' can only be given when creating
! {*}
! {*}
? 2
$ midosh -c "create tracerequest name none"
! midosh: cannot create tracerequest: {*}
? 1
$ midosh -c "tracerequest vm delete; delete tracerequest web; list tracerequest"
