# DHCP subnets (named by their CIDR) and hosts (named by their MAC), and the bridge's
# MAC and ARP tables.
$ midosh -c "create bridge name b1"
{uuid}
$ midosh -c "bridge b1 add dhcp subnet 10.0.1.0/24 gw 10.0.1.1 server 10.0.1.2 dns-servers 8.8.8.8,8.8.4.4 interface-mtu 1450 opt121-routes 169.254.169.254:10.0.1.2,10.8.0.0/16:10.0.1.3"
10.0.1.0/24
$ midosh -c "bridge b1 dhcp create subnet 10.0.2.0/24 gw 10.0.2.1"
10.0.2.0/24
$ midosh -c "bridge b1 list dhcp"
dhcp 10.0.1.0/24 subnet 10.0.1.0/24 gw 10.0.1.1 server 10.0.1.2 dns-servers 8.8.8.8,8.8.4.4 interface-mtu 1450 opt121-routes 169.254.169.254/32:10.0.1.2,10.8.0.0/16:10.0.1.3 enabled true
dhcp 10.0.2.0/24 subnet 10.0.2.0/24 gw 10.0.2.1 {*}enabled true
$ midosh -c "bridge b1 show dhcp 10.0.1.0/24 dns-servers"
8.8.8.8,8.8.4.4
$ midosh -o json -c "bridge b1 dhcp 10.0.1.0/24 show"
~ {"subnetPrefix": "10.0.1.0", "subnetLength": 24, "defaultGateway": "10.0.1.1", "dnsServerAddrs": ["8.8.8.8", "8.8.4.4"], "opt121Routes": [{"destinationPrefix": "169.254.169.254", "destinationLength": 32, "gatewayAddr": "10.0.1.2"}, {"destinationPrefix": "10.8.0.0", "destinationLength": 16, "gatewayAddr": "10.0.1.3"}]}

# A subnet changes in place (PUT); its CIDR cannot.
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 set gw 10.0.1.254 enabled false"
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 clear opt121-routes dns-servers"
$ midosh -c "bridge b1 list dhcp gw 10.0.1.254"
dhcp 10.0.1.0/24 subnet 10.0.1.0/24 gw 10.0.1.254 server 10.0.1.2 interface-mtu 1450 enabled false
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 set subnet 10.0.3.0/24"
! midosh: 'subnet' can only be given when creating
! {*}
! {*}
? 2
$ midosh -c "bridge b1 add dhcp subnet 10.0.1.0/24 opt121-routes 10.8.0.0/16"
! midosh: invalid routes '10.8.0.0/16' (a.b.c.d/n:gateway,...)
! {*}
! {*}
? 2
$ midosh -c "bridge b1 dhcp 10.0.9.0/24 show"
! midosh: no dhcp '10.0.9.0/24' in bridge 'b1'
? 1

# Hosts, by MAC; adding one also teaches the bridge's ARP table.
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 add host mac 02:00:00:00:00:05 address 10.0.1.5 name vm1"
02:00:00:00:00:05
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 host create mac 02:00:00:00:00:06 address 10.0.1.6"
02:00:00:00:00:06
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 list host"
host 02:00:00:00:00:05 name vm1 address 10.0.1.5 mac 02:00:00:00:00:05
host 02:00:00:00:00:06 address 10.0.1.6 mac 02:00:00:00:00:06
$ midosh -c "bridge b1 list arp-table"
arp-table 10.0.1.5 ip 10.0.1.5 mac 02:00:00:00:00:05
arp-table 10.0.1.6 ip 10.0.1.6 mac 02:00:00:00:00:06
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 host 02:00:00:00:00:06 set name vm2"
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 list host name vm2"
host 02:00:00:00:00:06 name vm2 address 10.0.1.6 mac 02:00:00:00:00:06
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 delete host mac 02:00:00:00:00:05"
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 host 02:00:00:00:00:06 delete"
$ midosh -c "bridge b1 dhcp 10.0.1.0/24 list host"
$ midosh -c "help bridge dhcp host"
host: a static DHCP host: a MAC address and what it gets
found under a DHCP subnet ('dhcp NAME host')
named by its mac, or ATTR VALUE pairs
...

# Deleting a subnet deletes its hosts; deleting the bridge, its subnets.
$ midosh -c "bridge b1 dhcp 10.0.2.0/24 add host mac 02:00:00:00:00:07 address 10.0.2.7"
02:00:00:00:00:07
$ midosh -c "bridge b1 dhcp 10.0.2.0/24 delete"
! midosh: deleting dhcp 10.0.2.0/24 also deletes 1 DHCP host
$ midosh -c "bridge b1 list dhcp"
dhcp 10.0.1.0/24 {*}

# MAC table entries: a MAC behind a port of the same bridge; ARP entries.
$ midosh -c "bridge b1 add port"
{P=uuid}
$ midosh -c "bridge b1 add mac-table mac 02:00:00:00:00:09 port ${P}"
02:00:00:00:00:09
$ midosh -c "bridge b1 mac-table add mac 02:00:00:00:00:0a port ${P}"
02:00:00:00:00:0a
$ midosh -c "bridge b1 list mac-table"
mac-table 02:00:00:00:00:09 mac 02:00:00:00:00:09 port {id8} vlan 0
mac-table 02:00:00:00:00:0a mac 02:00:00:00:00:0a port {id8} vlan 0
$ midosh -o json -c "bridge b1 list mac-table mac 02:00:00:00:00:09"
~ [{"macAddr": "02:00:00:00:00:09", "portId": "${P}"}]
$ midosh -c "bridge b1 add mac-table mac 02:00:00:00:00:0b port nosuch"
! midosh: no port named 'nosuch' (for 'port')
? 1
$ midosh -c "bridge b1 mac-table 02:00:00:00:00:09 delete"
$ midosh -c "bridge b1 add arp-table ip 10.0.1.9 mac 02:00:00:00:00:09"
10.0.1.9
$ midosh -c "bridge b1 delete arp-table ip 10.0.1.9; bridge b1 list arp-table ip 10.0.1.9"
$ midosh -c "bridge b1 list mac-table"
mac-table 02:00:00:00:00:0a mac 02:00:00:00:00:0a port {id8} vlan 0
$ midosh -c "bridge b1 mac-table mac 02:00:00:00:00:0a port ${P} delete; bridge b1 list mac-table"

# A MAC names its DHCP host in either case.
$ midosh -c "create bridge name macs; bridge macs add dhcp subnet 10.9.0.0/24; bridge macs dhcp 10.9.0.0/24 add host mac AA:BB:CC:00:00:09 address 10.9.0.9"
{uuid}
10.9.0.0/24
aa:bb:cc:00:00:09
$ midosh -c "bridge macs dhcp 10.9.0.0/24 host AA:BB:CC:00:00:09 show address"
10.9.0.9
