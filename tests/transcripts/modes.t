# -c, -f, standard input: comments, quoting, continuation lines, file:line errors.
@file setup.mido
# a comment line
create bridge name 'br one'   # a trailing comment
create bridge \
  name "br two"
bridge 'br one' add port; bridge "br two" add port
list bridge
@end
$ midosh -f ${DIR}/setup.mido
{uuid}
{uuid}
{uuid}
{uuid}
bridge 'br one' name 'br one' state up
bridge 'br two' name 'br two' state up

@file bad.mido
list bridge
show bridge 'br one'

list brige
create bridge name never
@end
$ midosh -f ${DIR}/bad.mido
! ${DIR}/bad.mido:4: unknown object type 'brige' (did you mean 'bridge'?)
!   list brige
!        ^^^^^
? 2

$ midosh
< list bridge name 'br two'
< show bridge nope
< list bridge
bridge 'br two' name 'br two' state up
! -:2: no bridge named 'nope'
? 1

$ midosh -f -
< create bridge name "with \"quotes\""
< list bridge name 'with "quotes"'
{uuid}
bridge 'with "quotes"' name 'with "quotes"' state up

$ midosh -f ${DIR}/missing.mido
! midosh: cannot open '${DIR}/missing.mido': No such file or directory
? 2

# midonet-cli's -e: the remaining words are joined and split again, so quotes nest.
$ midosh -e list bridge name "'br one'"
bridge 'br one' name 'br one' state up
$ midosh -e list bridge name 'br one'
! midosh: {*}
! {*}
! {*}
? 2
