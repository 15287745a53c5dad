# Syntax errors: exit 2, one line, and a caret under the bad word.
$ midosh -c "list brige"
! midosh: unknown object type 'brige' (did you mean 'bridge'?)
!   list brige
!        ^^^^^
? 2
$ midosh -c "frob bridge"
! midosh: {*}'frob'{*}
!   frob bridge
!   ^^^^
? 2
$ midosh -c "create bridge nmae x"
! midosh: 'bridge' has no attribute 'nmae' (did you mean 'name'?)
!   create bridge nmae x
!                 ^^^^
? 2
$ midosh -c "create bridge name"
! midosh: missing value for 'name'
!   create bridge name
!                     ^
? 2
# A syntax error anywhere in the line: nothing of it runs.
$ midosh -c "create router name r; router r add port address 10.0.1 net 10.0.1.0/24"
! midosh: invalid IPv4 address '10.0.1'
!   create router name r; router r add port address 10.0.1 net 10.0.1.0/24
!                                                   ^^^^^^
? 2
$ midosh -c "create bridge name 'unclosed"
! midosh: {*}quote{*}
! {*}
! {*}
? 2
$ midosh -c "router r add port address 10.0.2.1"
! midosh: {*}'net'{*}
! {*}
! {*}
? 2

# Not found and refused by the API: exit 1.
$ midosh -c "delete bridge ghost"
! midosh: no bridge named 'ghost'
? 1
$ midosh -c "tunnel-zone create name tz type gre; tunnel-zone create name TZ type vxlan"
{uuid}
! midosh: cannot create tunnel-zone: Tunnel zone name already exists.
? 1

# Several commands: the first failure stops the line; -k goes on.
$ midosh -c "show bridge ghost; create bridge name after"
! midosh: no bridge named 'ghost'
? 1
$ midosh -c "list bridge"
$ midosh -k -c "show bridge ghost; create bridge name after"
{uuid}
! midosh: no bridge named 'ghost'
? 1
$ midosh -c "list bridge"
bridge after name after state up

# A line read from standard input runs only when all of it parses.
$ midosh -k
< create bridge name half; list brige
< list bridge name half
! -:1: unknown object type 'brige' (did you mean 'bridge'?)
!   create bridge name half; list brige
!                                 ^^^^^
? 2
