# -o table: a header, one aligned row per object, the schema's columns for the type.
$ midosh -c "create router name r1; router r1 add port address 10.0.0.1 net 10.0.0.0/24"
{R1=uuid}
{RP=uuid}
$ midosh -c "create bridge name subnet-a; bridge subnet-a add port; bridge subnet-a add port"
{uuid}
{BP=uuid}
{uuid}
$ midosh -c "bridge subnet-a port ${BP} set peer r1:10.0.0.1; create bridge name 'a long name' state down"
{uuid}
$ midosh -o table -c "list bridge"
bridge       name         state  infilter  outfilter
subnet-a     subnet-a     up     -         -
a long name  a long name  down   -         -
$ midosh -o table -c "list router"
router  name  state  infilter  outfilter
r1      r1    up     -         -
$ midosh -o table -c "router r1 list port"
port      state  plugged  address   net          mac                peer      host  interface
10.0.0.1  up     no       10.0.0.1  10.0.0.0/24  {*}  {id8}  -     -
# No objects: no header either.
$ midosh -o table -c "list tunnel-zone"
# The default text form stays midonet-cli's.
$ midosh -c "list router"
router r1 name r1 state up
$ midosh -o yaml -c "list router"
! midosh: unknown output format 'yaml' (expected text, json or table)
? 2

# show: every attribute, the id and tenant included, then the children as counts.
$ midosh -c "show bridge subnet-a"
id            {uuid}
tenant        -
name          subnet-a
state         up
infilter      -
outfilter     -
@5: qos-policy    -
@5: in-mirrors    -
@5: out-mirrors   -
vxlan-ports   -
ports         2
dhcp-subnets  0
mac-table     0
arp-table     0
$ midosh -c "show router r1"
@1.9: id             ${R1}
@1.9: tenant         -
@1.9: name           r1
@1.9: state          up
@1.9: infilter       -
@1.9: outfilter      -
@1.9: load-balancer  -
@1.9: ports          1
@1.9: routes         {*}
@5: id                    ${R1}
@5: tenant                -
@5: name                  r1
@5: state                 up
@5: infilter              -
@5: outfilter             -
@5: load-balancer         -
@5: local-redirect-chain  -
@5: forward-chain         -
@5: asn                   0
@5: in-mirrors            -
@5: out-mirrors           -
@5: ports                 1
@5: routes                {*}
@5: bgp-peers             0
@5: bgp-networks          0
$ midosh -c "show router r1 name"
r1
$ midosh -c "show port r1:10.0.0.1"
id{*}
device{*}r1
type{*}Router
state{*}up
...
vif-id{*}-
@1.9: bgps{*}0
@5: remote-peers{*}0
$ midosh -c "show port ${BP} type"
Bridge

# A count is labelled with the word that lists them: a host's bindings, a zone's members.
@agent h1 --address 10.1.0.9 --interface eth0=10.1.0.9
$ midosh -c "tunnel-zone create name tz type gre; tunnel-zone tz add member host h1 address 10.1.0.9"
{uuid}
h1
$ midosh -c "host h1 add binding interface eth0 port ${BP}"
eth0
$ midosh -c "show host h1"
id{*}
...
interfaces {*}1
bindings {*}1
$ midosh -c "show tunnel-zone tz"
id       {uuid}
name     tz
type     gre
members  1
$ midosh -c "host h1 list binding; tunnel-zone tz list member"
binding eth0 host h1 interface eth0 port {id8}
member h1 zone tz host h1 address 10.1.0.9
