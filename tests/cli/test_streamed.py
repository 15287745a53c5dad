"""A one-command list reads its collection as it arrives and keeps of it only what its lines
need (doc/cache.md, "Long lists"): what it prints must be, byte for byte, what a list out of
a run of several commands prints, where the whole collection is kept in the cache."""

SCRIPT = """\
create router name r1
router r1 add port address 10.0.0.1 net 10.0.0.0/24
router r1 add port address 10.0.1.1 net 10.0.1.0/24
router r1 add route src 0.0.0.0/0 dst 10.8.0.0/16 type normal port r1:10.0.1.1 gw 10.0.1.254
create bridge name b1
bridge b1 add port
bridge b1 add port vlan 5
bridge b1 add port peer r1:10.0.0.1
bridge b1 add dhcp subnet 10.0.1.0/24 gw 10.0.1.1 server 10.0.1.2 dns-servers 8.8.8.8,8.8.4.4 \
interface-mtu 1450 opt121-routes 169.254.169.254:10.0.1.2,10.8.0.0/16:10.0.1.3
bridge b1 dhcp 10.0.1.0/24 add host mac 02:00:00:00:00:05 address 10.0.1.5 name vm1
create bridge name "two words"
create bridge name dup
create bridge name dup
create chain name sg
chain sg add rule type reject hw-src !aa:bb:cc:dd:ee:ff hw-src-mask ffff.ffff.0000 \
hw-dst 02:00:00:00:00:01 ethertype !2048 dst !10.1.0.0/16 proto !17 tos !8 src-port !80 \
dst-port 8000-8080 flow return-flow fragment-policy header
chain sg add rule type snat flow fwd-flow src 10.0.1.5 action accept \
target 200.0.0.5-200.0.0.6:1024-65535
chain sg add rule type accept src !10.0.0.0/8 proto 6 dst-port 22
create chain name nat
chain nat add rule type jump jump-to sg
bridge b1 set infilter sg
create port-group name web
port-group web add member port r1:10.0.1.1
create ip-address-group name ips
ip-address-group ips add ip address 10.0.0.7
create tunnel-zone name tz type vxlan
"""

LISTS = ["list bridge", "list router", "list port", "list chain", "chain sg list rule",
         "chain nat list rule", "router r1 list port", "router r1 list route",
         "bridge b1 list port", "bridge b1 list dhcp", "bridge b1 dhcp 10.0.1.0/24 list host",
         "list port-group", "port-group web list member", "list ip-address-group",
         "ip-address-group ips list ip", "list tunnel-zone"]


def test_one_command_list_prints_what_a_longer_run_prints(h):
    sim = h.sim()
    path = h.tmp + "/topology.mido"
    with open(path, "w") as f:
        f.write(SCRIPT)
    r = h.midosh("-f", path, url=sim.url)
    assert r.rc == 0, r
    for fmt in ("text", "json", "table"):
        for line in LISTS:
            one = h.midosh("-o", fmt, "-c", line, url=sim.url)
            # Two commands: the list is kept whole in the cache, as it always was.
            two = h.midosh("-o", fmt, "-c", "debug off; " + line, url=sim.url)
            assert one.rc == 0 and two.rc == 0, (one, two)
            assert one.err == "" and two.err == "", (one, two)
            assert one.out == two.out, (fmt, line, one.out, two.out)
            assert one.out.strip() not in ("", "[]"), (fmt, line, one.out)
