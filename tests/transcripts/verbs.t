# The verbs and types the other transcripts leave out.
$ midosh -c "create router name r1"
{uuid}
$ midosh -c "router r1 set name r2 state down"
$ midosh -c "list router"
router r2 name r2 state down
$ midosh -c "router r2 clear name"
! midosh: 'name' cannot be cleared
!   router r2 clear name
!                   ^^^^
? 2

# Routes are deleted by id prefix; a route cannot be changed.
$ midosh -c "router r2 add port address 10.2.0.1 net 10.2.0.0/16"
{uuid}
$ midosh -c "router r2 add route dst 10.9.0.0/16 port 10.2.0.1"
{ROUTE=uuid}
$ midosh -c "router r2 route ${ROUTE} set weight 5"
! midosh: {*}
! {*}
! {*}
? 2
$ midosh -c "router r2 delete route ${ROUTE}"
$ midosh -c "router r2 list route dst 10.9.0.0/16"

# Object-first delete of a child; tunnel-zone rename.
$ midosh -c "create bridge name b; bridge b add port"
{uuid}
{P=uuid}
$ midosh -c "bridge b delete port ${P}"
$ midosh -c "bridge b list port"
$ midosh -c "tunnel-zone create name tz1 type gre; tunnel-zone tz1 set name tz2; list tunnel-zone"
{uuid}
tunnel-zone tz2 name tz2 type gre

# The write version, describe and help.
$ midosh -c "set write-version version 1.9; show write-version"
@1.9: version  1.9
@5: ! midosh: 'write-version' objects exist in MidoNet 1.9 only; the API speaks 5.x
@5: ? 1
$ midosh -c "describe member"
member: {*}
...
$ midosh -c "help tunnel-zone"
tunnel-zone: {*}
...
$ midosh -c "help frob"
! midosh: {*}'frob'{*}
? 2

# exit ends a script; what follows it does not run.
$ midosh
< list router
< exit
< create bridge name never
router r2 name r2 state down
$ midosh -c "list bridge name never"

# An object created in this run is known as midosh sent it: naming it as a parent or
# listing it reads what the API holds.
$ midosh -c "list bridge name nothing; create bridge name fresh; bridge fresh add port; list bridge name fresh; bridge fresh list port"
{uuid}
{uuid}
bridge fresh name fresh state up
port {id8} device fresh state up plugged no
