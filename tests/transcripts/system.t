# The singletons, host versions, tenants and the session tenant.
@agent h1
$ midosh -c "show system-state"
state          ACTIVE
availability   READWRITE
write-version  1.9
$ midosh -c "system-state set availability READONLY"
$ midosh -c "create bridge name b"
! midosh: cannot create bridge: API server currently in restricted mode.
? 1
$ midosh -c "set system-state availability READWRITE"
$ midosh -c "show system-state availability"
READWRITE
$ midosh -c "show write-version"
version  1.9
$ midosh -c "list host-versions"
host-versions version 1.9 host h1

# Tenants appear when something is created for them; the session tenant filters lists.
$ midosh --tenant acme -c "create bridge name a1"
{uuid}
$ midosh -c "sett other; create bridge name o1; list bridge"
tenant_id: other
{uuid}
bridge o1 name o1 state up
$ midosh -c "list tenant"
tenant acme id acme name acme
tenant other id other name other
$ midosh -c "list bridge"
bridge a1 name a1 state up
bridge o1 name o1 state up
$ midosh -c "show bridge a1 tenant"
acme
$ midosh -c "sett acme; cleart; list bridge"
tenant_id: acme
tenant_id: None
bridge a1 name a1 state up
bridge o1 name o1 state up
