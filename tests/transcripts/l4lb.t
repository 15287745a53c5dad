# L4 load balancing: a load balancer on a router, health monitors, pools, their members and VIPs.
$ midosh -c "create router name r1"
{uuid}
$ midosh -c "create load-balancer"
{LB=uuid}
$ midosh -c "router r1 set load-balancer ${LB}"
$ midosh -c "list router"
router r1 name r1 state up load-balancer {id8}
$ midosh -c "list load-balancer"
load-balancer {id8} router r1 state up
$ midosh -c "load-balancer ${LB} set router r1"
! midosh: 'router' is read-only
! {*}
! {*}
? 2

$ midosh -c "create health-monitor delay 5 timeout 3 max-retries 2 state up"
{HM=uuid}
$ midosh -c "list health-monitor"
health-monitor {id8} type TCP delay 5 timeout 3 max-retries 2 state up{*}
$ midosh -c "health-monitor ${HM} set delay 10"
$ midosh -c "health-monitor ${HM} show delay"
10

# Pools under the load balancer; members and VIPs under a pool.
$ midosh -c "load-balancer ${LB} add pool health-monitor ${HM}"
{POOL=uuid}
$ midosh -c "load-balancer ${LB} list pool"
pool {id8} load-balancer {id8} health-monitor {id8} lb-method ROUND_ROBIN protocol TCP state up{*}
$ midosh -c "list pool"
pool {id8} load-balancer {id8} health-monitor {id8} lb-method ROUND_ROBIN protocol TCP state up{*}
$ midosh -c "load-balancer ${LB} pool ${POOL} add member address 10.0.1.10 protocol-port 80"
{PM=uuid}
$ midosh -c "load-balancer ${LB} pool ${POOL} member create address 10.0.1.11 protocol-port 80 weight 3"
{uuid}
$ midosh -c "load-balancer ${LB} pool ${POOL} list member"
member {id8} address 10.0.1.10 protocol-port 80 weight 1{*}
member {id8} address 10.0.1.11 protocol-port 80 weight 3{*}
$ midosh -c "load-balancer ${LB} pool ${POOL} member ${PM} set weight 2"
$ midosh -c "load-balancer ${LB} pool ${POOL} list member weight 2"
member {id8} address 10.0.1.10 protocol-port 80 weight 2{*}
$ midosh -c "load-balancer ${LB} pool ${POOL} add member protocol-port 80"
! midosh: missing required attribute 'address' for a pool member
! {*}
! {*}
? 2

$ midosh -c "load-balancer ${LB} pool ${POOL} add vip address 203.0.113.20 protocol-port 80 persistence SOURCE_IP"
{VIP=uuid}
$ midosh -c "list vip"
vip 203.0.113.20 load-balancer {id8} pool {id8} address 203.0.113.20 protocol-port 80 persistence SOURCE_IP state up
$ midosh -c "load-balancer ${LB} pool ${POOL} vip 203.0.113.20 clear persistence"
$ midosh -c "load-balancer ${LB} pool ${POOL} list vip"
vip 203.0.113.20 load-balancer {id8} pool {id8} address 203.0.113.20 protocol-port 80 state up
$ midosh -o json -c "show vip 203.0.113.20"
~ {"poolId": "${POOL}", "loadBalancerId": "${LB}", "protocolPort": 80, "sessionPersistence": null}

# A load balancer lists its VIPs and a health monitor its pools, as midonet-cli did;
# both are created elsewhere (a VIP under its pool, a pool under its load balancer).
$ midosh -c "load-balancer ${LB} list vip"
vip 203.0.113.20 load-balancer {id8} pool {id8} address 203.0.113.20 protocol-port 80 state up
$ midosh -c "health-monitor ${HM} list pool"
pool {id8} load-balancer {id8} health-monitor {id8} {*}
$ midosh -c "load-balancer ${LB} add vip address 203.0.113.21 protocol-port 80"
! midosh: 'vip' objects are not created under a load-balancer, which only lists them: use 'pool ID add vip'
! {*}
! {*}
? 2

# A pool's health monitor is cleared; deletes, in both orders.
$ midosh -c "load-balancer ${LB} pool ${POOL} clear health-monitor"
$ midosh -o json -c "show pool ${POOL}"
~ {"healthMonitorId": null, "lbMethod": "ROUND_ROBIN"}
$ midosh -c "load-balancer ${LB} pool ${POOL} delete vip 203.0.113.20"
$ midosh -c "load-balancer ${LB} pool ${POOL} member ${PM} delete"
$ midosh -c "load-balancer ${LB} pool ${POOL} list member"
member {id8} address 10.0.1.11 protocol-port 80 weight 3{*}
$ midosh -c "delete pool ${POOL}; delete health-monitor ${HM}; list pool; list health-monitor"
! midosh: deleting pool {id8} also deletes 1 pool member
$ midosh -c "router r1 clear load-balancer; delete load-balancer ${LB}; list load-balancer"
