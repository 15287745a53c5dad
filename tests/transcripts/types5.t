@dialect 5
# MidoNet 5.x's own object types: mirrors, L2 insertions, QoS policies and their rules,
# service containers and their groups.
$ midosh -c "create bridge name b1; bridge b1 add port; bridge b1 add port"
{uuid}
{P1=uuid}
{P2=uuid}

# A mirror sends a copy of traffic to a port.
$ midosh -c "create mirror to-port ${P2}"
{MIRROR=uuid}
$ midosh -o json -c "mirror ${MIRROR} show"
~ {"id": "${MIRROR}", "toPortId": "${P2}"}
$ midosh -c "create mirror"
! midosh: missing required attribute 'to-port' for a mirror
! {*}
! {*}
? 2

# An L2 insertion puts a service port in the path of a VM port.
$ midosh -c "create l2insertion port ${P1} srv-port ${P2} mac aa:bb:cc:dd:ee:01 vlan 10 pos 1 fail-open true"
{INS=uuid}
$ midosh -o json -c "l2insertion ${INS} show"
~ {"portId": "${P1}", "srvPortId": "${P2}", "mac": "aa:bb:cc:dd:ee:01", "vlan": 10, "position": 1, "failOpen": true}
$ midosh -c "l2insertion ${INS} set vlan 20"
$ midosh -c "l2insertion ${INS} show vlan"
20

# QoS policies, with bandwidth limit and DSCP rules under them.
$ midosh -c "create qos-policy name gold description 'for the gold tier' shared true"
{uuid}
$ midosh -c "qos-policy gold add bw-limit-rule max-kbps 1000 max-burst-kb 100"
{BW=uuid}
$ midosh -c "qos-policy gold add dscp-rule dscp-mark 46"
{uuid}
$ midosh -c "qos-policy gold add dscp-rule dscp-mark 64"
! midosh: 'dscp-mark' must be between 0 and 63, not 64
! {*}
! {*}
? 2
$ midosh -c "list qos-policy"
qos-policy gold name gold description 'for the gold tier' shared true
$ midosh -o json -c "qos-policy gold list bw-limit-rule"
~ [{"maxKbps": 1000, "maxBurstKb": 100, "id": "${BW}"}]
$ midosh -o json -c "qos-policy gold list dscp-rule"
~ [{"dscpMark": 46}]
$ midosh -c "qos-policy gold bw-limit-rule ${BW} set max-kbps 2000"
$ midosh -c "qos-policy gold bw-limit-rule ${BW} show max-kbps"
2000

# Service containers and their groups.
$ midosh -c "create container-group policy least"
{GROUP=uuid}
$ midosh -c "container-group ${GROUP} add container type IPSEC"
{CONT=uuid}
$ midosh -o json -c "container ${CONT} show"
~ {"id": "${CONT}", "serviceType": "IPSEC", "serviceGroupId": "${GROUP}"}
$ midosh -o json -c "container-group ${GROUP} show"
~ {"id": "${GROUP}", "policy": "LEAST"}

# The same words against MidoNet 1.9 are refused when they run, naming 5.x.
@dialect 1.9
$ midosh -c "list qos-policy"
! midosh: 'qos-policy' objects exist in MidoNet 5.x only; the API speaks 1.9
? 1
