# A VTEP's physical ports, as its OVSDB reports them: listed under the VTEP (midonet-cli's
# `vtep ID list port`), read-only, and left out of a dump.
$ midosh -c "tunnel-zone create name vtz type vtep"
{uuid}
@vtep 192.0.2.100 6632 --name sw1 --tunnel-ip 192.0.2.200 --port eth0 --port eth1
$ midosh -c "create vtep management-ip 192.0.2.100 management-port 6632 tunnel-zone vtz"
192.0.2.100
$ midosh -c "vtep 192.0.2.100 list port"
port eth0 name eth0
port eth1 name eth1
$ midosh -c "vtep 192.0.2.100 port eth1 show name"
eth1
$ midosh -c "vtep 192.0.2.100 add port name eth9"
! midosh: 'port' objects cannot be created
!   vtep 192.0.2.100 add port name eth9
!                        ^^^^
? 2
$ midosh -c "dump"
...
