# The singletons, host versions, tenants and the session tenant. MidoNet 5.x has no
# write version, no host versions and no PUT on the system state: each is refused, naming
# 1.9, with nothing sent.
@agent h1
$ midosh -c "show system-state"
@1.9: state          ACTIVE
@1.9: availability   READWRITE
@1.9: write-version  1.9
@5: state         ACTIVE
@5: availability  READWRITE
@5: version       5.0.0
@reset-stats
$ midosh -c "system-state set availability READONLY"
@5: ! midosh: system-state objects can be changed in MidoNet 1.9 only; the API speaks 5.x
@5: ? 1
@5: @stats PUT=0
@1.9: $ midosh -c "create bridge name b"
@1.9: ! midosh: cannot create bridge: API server currently in restricted mode.
@1.9: ? 1
$ midosh -c "set system-state availability READWRITE"
@5: ! midosh: system-state objects can be changed in MidoNet 1.9 only; the API speaks 5.x
@5: ? 1
$ midosh -c "show system-state availability"
READWRITE
$ midosh -c "show write-version"
@1.9: version  1.9
@5: ! midosh: 'write-version' objects exist in MidoNet 1.9 only; the API speaks 5.x
@5: ? 1
$ midosh -c "list host-versions"
@1.9: host-versions version 1.9 host h1
@5: ! midosh: 'host-versions' objects exist in MidoNet 1.9 only; the API speaks 5.x
@5: ? 1

# Tenants appear when something is created for them; the session tenant filters lists.
$ midosh --tenant acme -c "create bridge name a1"
{uuid}
$ midosh -c "sett other; create bridge name o1; list bridge"
tenant_id: other
{uuid}
bridge o1 name o1 state up
# (5.x lists the tenants of its auth service: the mock one has admin only.)
$ midosh -c "list tenant"
@1.9: tenant acme id acme name acme
@1.9: tenant other id other name other
@5: tenant admin id admin name admin description 'Admin Tenant' enabled yes
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
