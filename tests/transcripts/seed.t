# The seed's operator, replayed as one-liners in fresh processes: no `list` is needed
# before a name, and the add-member line costs the root document, two collections and
# one POST.
@agent frontend.euca --address 10.1.0.5 --interface eth0=10.1.0.5

$ midosh -c "list host"
host frontend.euca name frontend.euca alive true addresses 10.1.0.5 flooding-proxy-weight 1

$ midosh -c "tunnel-zone create name euca-mido type gre"
{TZ=uuid}

@reset-stats
$ midosh -c "tunnel-zone euca-mido add member host frontend.euca address 10.1.0.5"
frontend.euca
@stats GET<=3 POST=1 total<=4

$ midosh -c "tunnel-zone euca-mido list member"
member frontend.euca zone euca-mido host frontend.euca address 10.1.0.5

$ midosh -c "list tunnel-zone"
tunnel-zone euca-mido name euca-mido type gre

# The same member twice is refused by the API: exit 1, one line.
$ midosh -c "tunnel-zone euca-mido add member host frontend.euca address 10.1.0.5"
! midosh: cannot create member: {*}
? 1

# A name resolves in a later run as it was printed.
$ midosh -c "show tunnel-zone ${TZ}"
id       {uuid}
name     euca-mido
type     gre
members  {*}
