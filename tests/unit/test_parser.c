#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"
#include "tests/unit/unit.h"

/*
 * A parsed command as text:
 *   VERB [STEP / STEP...] [: COLLECTION] [| ATTR=VALUE...] [field=ATTR] [arg=TEXT]
 * where a step is PLURAL[REF], PLURAL{ATTR=VALUE,...} or PLURAL (a singleton), types are
 * shown by their plural ("bridge ports", not "port"), a cleared attribute has no
 * "=VALUE" and an inverted value starts with '!'. A parse error is "error@N: MESSAGE",
 * N being the offending word, or -1 for the end of the line.
 */
static void describe_value(struct strbuf *out, const struct value *v)
{
    strbuf_addstr(out, v->attr->name);
    if (v->text)
        strbuf_addf(out, "=%s%s%s", v->invert ? "!" : "", v->text, v->last ? "(append)" : "");
}

static char *describe(const char *line)
{
    struct lex_result lr = { 0 };
    struct word_list empty = { 0 };
    const struct word_list *words;
    struct command cmd;
    struct parse_error err;
    struct strbuf out = STRBUF_INIT;

    if (lex(line, &lr) != LEX_OK || lr.ncmds > 1) {
        strbuf_addf(&out, "lex error: %s", lr.message ? lr.message : "several commands");
        goto out;
    }
    words = lr.ncmds ? &lr.cmds[0] : &empty;
    if (parse_command(words, &cmd, &err) < 0) {
        strbuf_addf(&out, "error@%d: %s", err.word == WORD_NONE ? -1 : (int)err.word, err.message);
        parse_error_release(&err);
        goto out;
    }
    strbuf_addstr(&out, verb_name(cmd.verb));
    for (size_t i = 0; i < cmd.npath; i++) {
        const struct step *s = &cmd.path[i];

        strbuf_addf(&out, "%s%s", i ? " / " : " ", s->type->plural);
        if (s->ref)
            strbuf_addf(&out, "[%s]", s->ref);
        for (size_t k = 0; k < s->nfilters; k++) {
            strbuf_addch(&out, k ? ',' : '{');
            describe_value(&out, &s->filters[k]);
        }
        if (s->nfilters)
            strbuf_addch(&out, '}');
    }
    if (cmd.type)
        strbuf_addf(&out, " : %s", cmd.type->plural);
    for (size_t k = 0; k < cmd.nvalues; k++) {
        strbuf_addstr(&out, k ? " " : " | ");
        describe_value(&out, &cmd.values[k]);
    }
    if (cmd.field)
        strbuf_addf(&out, " field=%s", cmd.field->name);
    if (cmd.arg)
        strbuf_addf(&out, " arg=%s", cmd.arg);
    command_release(&cmd);
out:
    lex_result_release(&lr);
    return strbuf_detach(&out);
}

struct row {
    const char *line;
    const char *want;
};

static void run_rows(const char *group, const struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *got;

        unit_begin("parser: %s: %s", group, rows[i].line);
        got = describe(rows[i].line);
        CHECK_STR(got, rows[i].want);
        free(got);
        unit_end();
    }
}

#define ROWS(group, rows) run_rows((group), (rows), ARRAY_SIZE(rows))

static const struct row list_rows[] = {
    { "list bridge", "list : bridges" },
    { "list bridge name demo", "list : bridges | name=demo" },
    { "list bridge name demo state up", "list : bridges | name=demo state=up" },
    { "list port plugged yes", "list : ports | plugged=yes" },
    { "list port plugged y", "list : ports | plugged=yes" },
    { "list router r1 route", "list routers[r1] : routes" },
    { "list router r1 port", "list routers[r1] : router ports" },
    { "list bridge b1 port", "list bridges[b1] : bridge ports" },
    { "list host h1 interface", "list hosts[h1] : interfaces" },
    { "list host h1 binding", "list hosts[h1] : bindings" },
    { "list tunnel-zone tz member", "list tunnel zones[tz] : tunnel zone members" },
    { "ip-address-group g list ipv6", "list IP address groups[g] : IP address group addresses" },
    { "list tenant tenant_id t1", "list : tenants | tenant_id=t1" },
    { "list host-versions host_id h1", "list : host versions | host_id=h1" },
    { "list tunnel-zone tz member host h1",
      "list tunnel zones[tz] : tunnel zone members | host=h1" },
    { "bridge demo list port", "list bridges[demo] : bridge ports" },
    { "bridge demo list port vlan 3", "list bridges[demo] : bridge ports | vlan=3" },
    { "bridge demo port list", "list bridges[demo] : bridge ports" },
    { "bridge demo port list vlan 3", "list bridges[demo] : bridge ports | vlan=3" },
    { "bridge list", "list : bridges" },
    { "bridge list name x", "list : bridges | name=x" },
    { "router r1 route list", "list routers[r1] : routes" },
    { "list system-state", "list : system states" },
    { "list host-versions", "list : host versions" },
    { "list tenant", "list : tenants" },
    { "list chain", "list : chains" },
    { "list host", "list : hosts" },
    { "list write-version", "list : write versions" },
    { "list", "error@-1: missing object type after 'list'" },
    { "list bridge b1", "error@-1: missing object type after 'list bridge b1'" },
    { "list bridge b1 prot", "error@2: 'bridge' has no attribute 'b1'" },
    { "list bridge name", "error@-1: missing value for 'name'" },
    { "list bridge state sideways", "error@3: invalid value 'sideways' for 'state': up, down" },
    { "list brige", "error@1: unknown object type 'brige' (did you mean 'bridge'?)" },
    { "list routr", "error@1: unknown object type 'routr' (did you mean 'router'?)" },
    { "lsit bridge", "error@0: unknown command 'lsit' (did you mean 'list'?)" },
    { "ls bridge", "error@0: unknown command 'ls' (did you mean 'list'?)" },
    { "frob bridge", "error@0: unknown command 'frob'" },
    { "router r1 add prot",
      "error@3: unknown object type 'prot' under 'router' (did you mean 'port'?)" },
    { "list rule proto 6", "error@1: 'rule' objects live under a chain" },
    { "chain c list rule proto 6", "list chains[c] : rules | proto=tcp" },
    { "chain c list rule proto tcp", "list chains[c] : rules | proto=tcp" },
    { "chain c list rule proto 7", "list chains[c] : rules | proto=7" },
    { "chain c list rule dst 10.0.0.1", "list chains[c] : rules | dst=10.0.0.1/32" },
    { "chain c list rule pos last",
      "error@5: 'last' is a position for a new object: only 'create' takes it" },
    { "chain c rule pos last show",
      "error@4: 'last' is a position for a new object: only 'create' takes it" },
    { "list router r1 port net 10.0.0.0",
      "error@5: 'net' takes a network with its prefix length, a.b.c.d/n (10.0.0.0/24, "
      "10.0.0.0/32...), not '10.0.0.0'" },
    { "list route", "error@1: 'route' objects live under a router" },
    { "list member", "error@1: 'member' objects live under a tunnel zone" },
    { "list router r1 bridge", "error@3: unknown object type 'bridge' under 'router'" },
    { "bridge b1 list", "error@-1: missing object type after 'bridge b1 list'" },
};

static const struct row show_rows[] = {
    { "show bridge demo", "show bridges[demo]" },
    { "show bridge demo id", "show bridges[demo] field=id" },
    { "show bridge demo name", "show bridges[demo] field=name" },
    { "show bridge demo tenant", "show bridges[demo] field=tenant" },
    { "bridge demo show", "show bridges[demo]" },
    { "bridge demo show name", "show bridges[demo] field=name" },
    { "bridge demo name show", "show bridges[demo] field=name" },
    { "show router r1 port 10.0.0.1", "show routers[r1] / router ports[10.0.0.1]" },
    { "router r1 port 10.0.0.1 show", "show routers[r1] / router ports[10.0.0.1]" },
    { "router r1 port 10.0.0.1 show peer", "show routers[r1] / router ports[10.0.0.1] field=peer" },
    { "router r1 port 10.0.0.1 peer show", "show routers[r1] / router ports[10.0.0.1] field=peer" },
    { "show port 5c4a7d1e", "show ports[5c4a7d1e]" },
    { "show port 5c4a7d1e address", "show ports[5c4a7d1e] field=address" },
    { "show system-state", "show system states" },
    { "show system-state state", "show system states field=state" },
    { "system-state show", "show system states" },
    { "system-state show availability", "show system states field=availability" },
    { "system-state availability show", "show system states field=availability" },
    { "show write-version", "show write versions" },
    { "write-version show version", "show write versions field=version" },
    { "show tunnel-zone tz member host h1",
      "show tunnel zones[tz] / tunnel zone members{host=h1}" },
    { "tunnel-zone tz member host h1 show",
      "show tunnel zones[tz] / tunnel zone members{host=h1}" },
    { "show tunnel-zone tz member host h1 address",
      "show tunnel zones[tz] / tunnel zone members{host=h1} field=address" },
    { "tunnel-zone tz member host h1 address show",
      "show tunnel zones[tz] / tunnel zone members{host=h1} field=address" },
    { "tunnel-zone tz member host h1 show address",
      "show tunnel zones[tz] / tunnel zone members{host=h1} field=address" },
    { "tunnel-zone tz member host h1 address 10.0.0.1 show",
      "show tunnel zones[tz] / tunnel zone members{host=h1,address=10.0.0.1}" },
    { "show tunnel-zone tz member h1 address",
      "show tunnel zones[tz] / tunnel zone members[h1] field=address" },
    { "show host h1 interface eth0", "show hosts[h1] / interfaces[eth0]" },
    { "show host h1 interface iface eth0 mac",
      "show hosts[h1] / interfaces{iface=eth0} field=mac" },
    { "show host h1 binding interface eth0", "show hosts[h1] / bindings{interface=eth0}" },
    { "show host h1 binding eth0 port", "show hosts[h1] / bindings[eth0] field=port" },
    { "show bridge list", "show bridges[list]" },
    { "bridge b1 port list show", "show bridges[b1] / bridge ports[list]" },
    { "show bridge", "error@-1: missing object name after 'bridge'" },
    { "show tunnel-zone tz member", "error@-1: missing object name after 'member'" },
    { "show bridge b1 nmae", "error@3: 'bridge' has no attribute 'nmae' (did you mean 'name'?)" },
    { "show bridge b1 name x", "error@4: unexpected word 'x'" },
    { "show host-versions host h1", "show host versions{host=h1}" },
    { "show host-versions h1", "error@2: 'host-versions' has no attribute 'h1'" },
    { "show", "error@-1: missing object type after 'show'" },
    { "bridge b1 name x", "error@2: expected a verb or an object type after 'bridge b1'" },
    { "tunnel-zone tz member host h1 address", "error@5: expected a verb or an object type after "
                                               "'tunnel-zone tz member host h1'" },
    { "tunnel-zone tz member host", "error@-1: missing value for 'host'" },
};

static const struct row create_rows[] = {
    { "create bridge name demo", "create : bridges | name=demo" },
    { "create bridge", "create : bridges" },
    { "add bridge name demo", "create : bridges | name=demo" },
    { "bridge create name demo", "create : bridges | name=demo" },
    { "create bridge name demo tenant t1 state down",
      "create : bridges | name=demo tenant=t1 state=down" },
    { "create bridge name 'my br'", "create : bridges | name=my br" },
    { "create bridge name ''", "create : bridges | name=" },
    { "create bridge name !x", "create : bridges | name=!x" },
    { "bridge demo add port vlan 10", "create bridges[demo] : bridge ports | vlan=10" },
    /* midonet-cli's other names of an IP address group's addresses; "i" still means ip */
    { "ip-address-group g add ipv4 address 10.0.0.1",
      "create IP address groups[g] : IP address group addresses | address=10.0.0.1" },
    { "ip-address-group g ipv6 add address 2001:db8::1",
      "create IP address groups[g] : IP address group addresses | address=2001:db8::1" },
    { "ip-address-group g add i address 10.0.0.1",
      "create IP address groups[g] : IP address group addresses | address=10.0.0.1" },
    { "ip-address-group g add ipv address 10.0.0.1",
      "error@3: unknown object type 'ipv' under 'ip-address-group' (did you mean 'ip'?)" },
    { "router r1 set tenant t2", "set routers[r1] | tenant=t2" },
    { "chain c1 set tenant t2", "error@3: 'tenant' can only be given when creating" },
    { "pool p add member address 10.0.0.1", "create pools[p] : pool members | address=10.0.0.1" },
    { "bridge demo create port", "create bridges[demo] : bridge ports" },
    { "bridge demo port add vlan 10", "create bridges[demo] : bridge ports | vlan=10" },
    { "bridge demo port create", "create bridges[demo] : bridge ports" },
    { "create bridge demo port vlan 10", "create bridges[demo] : bridge ports | vlan=10" },
    { "router r1 add port address 10.0.0.1 net 10.0.0.0/24 mac ac:ca:ba:00:00:01",
      "create routers[r1] : router ports | address=10.0.0.1 net=10.0.0.0/24 "
      "mac=ac:ca:ba:00:00:01" },
    { "create router r1 port address 10.0.0.1 net 10.0.0.0/24",
      "create routers[r1] : router ports | address=10.0.0.1 net=10.0.0.0/24" },
    { "router r1 add route dst 0.0.0.0/0 gw 10.0.0.254 port 10.0.0.1 type bl weight 5",
      "create routers[r1] : routes | dst=0.0.0.0/0 gw=10.0.0.254 port=10.0.0.1 type=blackhole "
      "weight=5" },
    { "router r1 route add dst 10.0.0.0/8 type reject",
      "create routers[r1] : routes | dst=10.0.0.0/8 type=reject" },
    /* midonet-cli's object paths as reference values. */
    { "router r1 add route dst 10.0.0.0/8 port router r1 port 10.0.0.1 gw 10.0.0.2",
      "create routers[r1] : routes | dst=10.0.0.0/8 port=r1:10.0.0.1 gw=10.0.0.2" },
    { "router r1 add route dst 10.0.0.0/8 port port 5c4a7d1e",
      "create routers[r1] : routes | dst=10.0.0.0/8 port=5c4a7d1e" },
    { "host h1 add binding port bridge b1 port 5c4a7d1e interface tap1",
      "create hosts[h1] : bindings | port=b1:5c4a7d1e interface=tap1" },
    { "port-group g add member port bridge b1 port 5c4a7d1e",
      "create port groups[g] : port group members | port=b1:5c4a7d1e" },
    { "bridge b1 port 5c4a set peer router r1 port 10.0.0.1",
      "set bridges[b1] / bridge ports[5c4a] | peer=r1:10.0.0.1" },
    { "bridge b1 set infilter chain c1 outfilter chain c2",
      "set bridges[b1] | infilter=c1 outfilter=c2" },
    { "bridge b1 set infilter chain", "set bridges[b1] | infilter=chain" },
    { "bridge b1 set infilter router r1", "error@4: 'infilter' takes a chain, not a router" },
    { "router r1 add route dst 10.0.0.0/8 port bridge b1 port 5c4a",
      "error@7: 'port' takes a router port, not a bridge port" },
    { "bridge b1 port 5c4a set peer router 'a:b' port 10.0.0.1",
      "error@7: a name with ':' cannot start an object path value (use the id of 'a:b')" },
    { "bridge b1 port 5c4a set peer router r1 port p bgp x",
      "error@10: an object path value has at most two steps ('router r1 port p')" },
    { "bridge b1 set infilter chain c1 infilter chain c2", "error@6: 'infilter' is given twice" },
    { "list router r1 route port router r1 port 10.0.0.1",
      "list routers[r1] : routes | port=r1:10.0.0.1" },
    { "tunnel-zone create name tz type gre", "create : tunnel zones | name=tz type=gre" },
    { "create tunnel-zone name tz type vxlan", "create : tunnel zones | name=tz type=vxlan" },
    { "tunnel-zone tz add member host h1 address 192.168.0.1",
      "create tunnel zones[tz] : tunnel zone members | host=h1 address=192.168.0.1" },
    { "host h1 add binding interface eth0 port 5c4a7d1e",
      "create hosts[h1] : bindings | interface=eth0 port=5c4a7d1e" },
    { "create chain name c1", "create : chains | name=c1" },
    { "create host name x", "error@1: 'host' objects cannot be created" },
    { "create port", "error@1: 'port' objects are created under a bridge or a router" },
    { "create tenant", "error@1: 'tenant' objects cannot be created" },
    { "create system-state", "error@1: 'system-state' objects cannot be created" },
    { "create host-versions", "error@1: 'host-versions' objects cannot be created" },
    { "host h1 add interface iface x", "error@3: 'interface' objects cannot be created" },
    { "create route", "error@1: 'route' objects live under a router" },
    { "router r1 add port address 10.0.0.1",
      "error@-1: missing required attribute 'net' for a router port" },
    { "router r1 add port", "error@-1: missing required attribute 'address' for a router port" },
    { "router r1 add route", "error@-1: missing required attribute 'dst' for a route" },
    { "tunnel-zone create name tz",
      "error@-1: missing required attribute 'type' for a tunnel zone" },
    { "tunnel-zone tz add member host h1",
      "error@-1: missing required attribute 'address' for a tunnel zone member" },
    { "host h1 add binding interface eth0",
      "error@-1: missing required attribute 'port' for a binding" },
    { "create chain", "error@-1: missing required attribute 'name' for a chain" },
    { "create bridge name", "error@-1: missing value for 'name'" },
    { "create bridge nmae x", "error@2: 'bridge' has no attribute 'nmae' (did you mean 'name'?)" },
    { "bridge b1 add dhcp net 10.0.0.0/24",
      "error@4: 'dhcp' has no attribute 'net' (did you mean 'subnet'?)" },
    { "router r1 add port address 10.0.3.1 net 10.0.3.0",
      "error@7: 'net' takes a network with its prefix length, a.b.c.d/n (10.0.3.0/24, "
      "10.0.3.0/32...), not '10.0.3.0'" },
    { "router r1 add port address 10.0.4.1 net 10.0.3.0/24",
      "error@5: 'address' 10.0.4.1 is not in 'net' 10.0.3.0/24" },
    { "router r1 add port net 10.0.3.0/24 address 10.0.3.0",
      "create routers[r1] : router ports | net=10.0.3.0/24 address=10.0.3.0" },
    { "router r1 add port address 10.0.3.255 net 10.0.3.0/24",
      "create routers[r1] : router ports | address=10.0.3.255 net=10.0.3.0/24" },
    { "router r1 add port address 10.9.9.9 net 0.0.0.0/0",
      "create routers[r1] : router ports | address=10.9.9.9 net=0.0.0.0/0" },
    { "router r1 add port address 10.0.3.2 net 10.0.3.1/32",
      "error@5: 'address' 10.0.3.2 is not in 'net' 10.0.3.1/32" },
    { "bridge b1 add dhcp subnet 10.0.0.0",
      "error@5: 'subnet' takes a network with its prefix length, a.b.c.d/n (10.0.0.0/24, "
      "10.0.0.0/32...), not '10.0.0.0'" },
    { "router r1 add route dst 10.0.0.1 gw 10.0.0.254",
      "create routers[r1] : routes | dst=10.0.0.1/32 gw=10.0.0.254" },
    { "chain c add rule type accept proto tcp dst-port 22",
      "create chains[c] : rules | type=accept proto=tcp dst-port=22" },
    { "chain c add rule type accept proto !17 ethertype 2054",
      "create chains[c] : rules | type=accept proto=!udp ethertype=arp" },
    { "chain c add rule type accept ethertype ipv6 proto icmpv6",
      "create chains[c] : rules | type=accept ethertype=ipv6 proto=icmpv6" },
    { "chain c add rule type accept proto 99", "create chains[c] : rules | type=accept proto=99" },
    { "chain c add rule type accept proto i",
      "error@7: ambiguous value 'i' for 'proto': icmp, tcp, udp, icmpv6, or a number 0-255" },
    { "chain c add rule type accept proto tcpp",
      "error@7: invalid value 'tcpp' for 'proto': icmp, tcp, udp, icmpv6, or a number 0-255" },
    { "chain c add rule type accept proto 256",
      "error@7: 'proto' must be between 0 and 255, not 256" },
    { "chain c add rule type drop pos last",
      "create chains[c] : rules | type=drop pos=last(append)" },
    { "chain c add rule type drop pos la",
      "create chains[c] : rules | type=drop pos=last(append)" },
    { "chain c add rule type drop pos 3", "create chains[c] : rules | type=drop pos=3" },
    { "chain c add rule type drop pos first",
      "error@7: invalid value 'first' for 'pos': last, or a number 1-2147483647" },
    { "create tracerequest name t port p1 proto udp",
      "create : trace requests | name=t port=p1 proto=udp" },
    { "create bridge b1", "error@2: 'bridge' has no attribute 'b1'" },
    { "create bridge name a name b", "error@4: 'name' is given twice" },
    /* A client-given id where the API takes one (dump --keep-ids), nowhere else. */
    { "create bridge id 1234", "create : bridges | id=1234" },
    { "create tracerequest name t id 1234", "error@4: 'id' is read-only" },
    { "bridge b set id 1234", "error@3: 'id' is read-only" },
    { "router r1 add route dst 1.2.3.4/33",
      "error@5: invalid network address '1.2.3.4/33' (a.b.c.d/n)" },
    /* midonet-cli sends learned when given. */
    { "router r1 add route dst 0.0.0.0/0 learned true",
      "create routers[r1] : routes | dst=0.0.0.0/0 learned=true" },
    { "router r1 add port address 1.2.3 net 10.0.0.0/24", "error@5: invalid IPv4 address '1.2.3'" },
    { "bridge b1 add port vlan 5000", "error@5: 'vlan' must be between 0 and 4095, not 5000" },
    { "create tunnel-zone name x type v",
      "error@5: ambiguous value 'v' for 'type': gre, vxlan, vtep" },
    { "create", "error@-1: missing object type after 'create'" },
};

static const struct row set_rows[] = {
    { "set bridge demo name prod", "set bridges[demo] | name=prod" },
    { "bridge demo set name prod state down", "set bridges[demo] | name=prod state=down" },
    { "bridge demo set infilter c1", "set bridges[demo] | infilter=c1" },
    /* An abbreviation unique among the words of every dialect keeps its meaning beside
     * a 5.x word it also abbreviates (in-mirrors, out-mirrors); whole words still reach them. */
    { "bridge demo set in c1 out c2", "set bridges[demo] | infilter=c1 outfilter=c2" },
    { "port p1 set o c2", "set ports[p1] | outfilter=c2" },
    { "bridge demo set in-m m1", "set bridges[demo] | in-mirrors=m1" },
    { "bridge demo clear in out-mirrors", "clear bridges[demo] | infilter out-mirrors" },
    { "bridge demo port 5c4a7d1e set peer 9f0e2b44",
      "set bridges[demo] / bridge ports[5c4a7d1e] | peer=9f0e2b44" },
    { "set bridge demo port 5c4a7d1e state up",
      "set bridges[demo] / bridge ports[5c4a7d1e] | state=up" },
    { "set port 5c4a peer 9f0e", "set ports[5c4a] | peer=9f0e" },
    { "set port 5c4a set peer 9f0e", "error@3: 'port' has no attribute 'set'" },
    { "port 5c4a set infilter c1", "set ports[5c4a] | infilter=c1" },
    { "set system-state availability READONLY", "set system states | availability=READONLY" },
    { "system-state set availability READONLY", "set system states | availability=READONLY" },
    { "set write-version version 1.9", "set write versions | version=1.9" },
    { "host h1 set flooding-proxy-weight 2", "set hosts[h1] | flooding-proxy-weight=2" },
    { "set tunnel-zone tz name tz2", "set tunnel zones[tz] | name=tz2" },
    { "set bridge demo", "error@-1: missing attribute after 'set bridge demo'" },
    { "bridge demo set", "error@-1: missing attribute after 'bridge demo set'" },
    { "set bridge demo name", "error@-1: missing value for 'name'" },
    { "bridge demo port p set vlan 3", "error@5: 'vlan' can only be given when creating" },
    { "router r1 route r set type normal", "error@5: 'route' objects cannot be changed" },
    { "set host h1 name x", "error@3: 'name' is read-only" },
    { "set tunnel-zone tz type vxlan", "error@3: 'type' can only be given when creating" },
    { "set system-state write-version 2", "error@2: 'write-version' is read-only" },
    { "set chain c1 name x", "error@3: 'chain' objects cannot be changed" },
    { "set bridge b1 nmae x", "error@3: 'bridge' has no attribute 'nmae' (did you mean 'name'?)" },
    { "set host h1 flooding-proxy-weight -1",
      "error@4: 'flooding-proxy-weight' must be between 0 and 65535, not -1" },
};

static const struct row clear_rows[] = {
    { "bridge demo clear infilter outfilter", "clear bridges[demo] | infilter outfilter" },
    { "clear bridge demo infilter", "clear bridges[demo] | infilter" },
    { "bridge demo port p clear peer", "clear bridges[demo] / bridge ports[p] | peer" },
    { "clear port p peer", "clear ports[p] | peer" },
    { "router r1 clear outf", "clear routers[r1] | outfilter" },
    { "bridge b1 clear name", "error@3: 'name' cannot be cleared" },
    { "clear router r1 route r learned", "error@5: 'learned' cannot be cleared" },
    { "clear bridge b1", "error@-1: missing attribute after 'clear bridge b1'" },
    { "clear bridge b1 infilter x", "error@4: 'bridge' has no attribute 'x'" },
};

static const struct row delete_rows[] = {
    { "delete bridge demo", "delete bridges[demo]" },
    { "bridge demo delete", "delete bridges[demo]" },
    { "del bridge demo", "delete bridges[demo]" },
    { "delete router r1 route 1234abcd", "delete routers[r1] / routes[1234abcd]" },
    { "router r1 delete route 1234abcd", "delete routers[r1] / routes[1234abcd]" },
    { "delete port 12345678", "delete ports[12345678]" },
    { "tunnel-zone tz delete member host h1",
      "delete tunnel zones[tz] / tunnel zone members{host=h1}" },
    { "tunnel-zone tz member host h1 delete",
      "delete tunnel zones[tz] / tunnel zone members{host=h1}" },
    { "tunnel-zone tz member h1 delete", "delete tunnel zones[tz] / tunnel zone members[h1]" },
    { "delete tunnel-zone tz member host h1",
      "delete tunnel zones[tz] / tunnel zone members{host=h1}" },
    { "delete tunnel-zone tz member h1", "delete tunnel zones[tz] / tunnel zone members[h1]" },
    { "tunnel-zone tz member host h1 address 10.0.0.1 delete",
      "delete tunnel zones[tz] / tunnel zone members{host=h1,address=10.0.0.1}" },
    { "host h1 binding interface eth0 delete", "delete hosts[h1] / bindings{interface=eth0}" },
    { "host h1 delete binding eth0", "delete hosts[h1] / bindings[eth0]" },
    { "delete host h1", "delete hosts[h1]" },
    { "delete system-state", "error@1: 'system-state' objects cannot be deleted" },
    { "delete tenant t", "error@1: 'tenant' objects cannot be deleted" },
    { "delete host h1 interface eth0", "error@3: 'interface' objects cannot be deleted" },
    { "delete bridge b1 extra", "error@3: unexpected word 'extra'" },
    { "delete bridge", "error@-1: missing object name after 'bridge'" },
    { "delete", "error@-1: missing object type after 'delete'" },
};

static const struct row describe_rows[] = {
    { "describe bridge", "describe : bridges" },
    { "desc bridge", "describe : bridges" },
    { "describe member", "describe : tunnel zone members" },
    { "describe route", "describe : routes" },
    { "describe router r1 route", "describe routers[r1] : routes" },
    { "bridge demo describe", "describe bridges[demo]" },
    { "bridge demo describe port", "describe bridges[demo] : bridge ports" },
    { "bridge describe", "describe : bridges" },
    { "describe", "describe" },
    { "describe member x", "error@1: 'member' objects live under a tunnel zone" },
    { "bridge describe x", "error@2: unexpected word 'x'" },
};

static const struct row session_rows[] = {
    { "help", "help" },
    { "help create", "help arg=create" },
    { "help router port", "help arg=router port" },
    { "sett 6a8b1c2f", "sett arg=6a8b1c2f" },
    { "sett", "error@-1: missing tenant id after 'sett'" },
    { "sett a b", "error@2: unexpected word 'b'" },
    { "cleart", "cleart" },
    { "cleart x", "error@1: unexpected word 'x'" },
    { "debug on", "debug arg=on" },
    { "debug off", "debug arg=off" },
    { "debug", "error@-1: missing 'on' or 'off' after 'debug'" },
    { "debug yes", "error@1: 'debug' takes 'on' or 'off', not 'yes'" },
    { "debug on now", "error@2: unexpected word 'now'" },
    { "exit", "exit" },
    { "quit", "exit" },
    { "exit now", "error@1: unexpected word 'now'" },
    { "", "error@-1: empty command" },
};

static const struct row keyword_rows[] = {
    { "li br", "list : bridges" },
    { "lis b", "list : bridges" },
    /* midonet-cli's abbreviations: l[ist], s[how], desc[ribe], del[ete]. */
    { "l b", "list : bridges" },
    { "l bridge name br1", "list : bridges | name=br1" },
    { "s bridge b1", "show bridges[b1]" },
    { "sho bridge b1 name", "show bridges[b1] field=name" },
    { "bridge b1 l port", "list bridges[b1] : bridge ports" },
    { "bridge b1 port l", "list bridges[b1] : bridge ports" },
    { "descr bridge", "describe : bridges" },
    { "del bridge b1", "delete bridges[b1]" },
    { "bridge b1 dele", "delete bridges[b1]" },
    { "listx bridge", "error@0: unknown command 'listx' (did you mean 'list'?)" },
    { "lo", "error@-1: missing object name after 'load-balancer'" },
    { "se bridge b1 name x", "error@0: ambiguous keyword 'se': set, sett" },
    { "sh br b1", "show bridges[b1]" },
    { "cr br name x", "create : bridges | name=x" },
    { "desc br", "describe : bridges" },
    { "tun tz mem h 10.0.0.1 del", "delete tunnel zones[tz] / tunnel zone members{host=10.0.0.1}" },
    { "router r1 p 10.0.0.1 sh", "show routers[r1] / router ports[10.0.0.1]" },
    { "list router r1 r", "list routers[r1] : routes" },
    { "list router r1 rout", "list routers[r1] : routes" },
    { "set bridge b1 state d", "set bridges[b1] | state=down" },
    { "list port pl y", "list : ports | plugged=yes" },
    { "sy sh av", "show system states field=availability" },
    { "'list' \"bridge\"", "list : bridges" },
    { "bridge br list port", "list bridges[br] : bridge ports" },
    { "bridge b1 s", "show bridges[b1]" },
    { "s", "error@-1: missing object type after 's'" },
    { "sy sh", "show system states" },
    { "c",
      "error@0: ambiguous keyword 'c': create, clear, cleart, chain, container, container-group" },
    { "de bridge b1", "error@0: ambiguous keyword 'de': delete, describe, debug" },
    { "h", "error@0: ambiguous keyword 'h': help, host, health-monitor, host-versions" },
    { "t", "error@0: ambiguous keyword 't': tenant, tunnel-zone, tracerequest" },
    { "show bridge b1 i", "error@3: ambiguous keyword 'i': id, infilter, in-mirrors" },
    { "set", "error@-1: missing object type after 'set'" },
    { "sett", "error@-1: missing tenant id after 'sett'" },
    { "LIST bridge", "error@0: unknown command 'LIST'" },
    { "frob", "error@0: unknown command 'frob'" },
    { "route", "error@0: 'route' objects live under a router" },
    { "bridge b1 frob", "error@2: expected a verb or an object type after 'bridge b1'" },
    { "bridge b1", "error@-1: expected a verb or an object type after 'bridge b1'" },
    { "bridge 'my br'", "error@-1: expected a verb or an object type after 'bridge 'my br''" },
    { "'' bridge", "error@0: unknown command ''" },
    { "list bridge name port", "list : bridges | name=port" },
    { "bridge name list port", "list bridges[name] : bridge ports" },
    /* midonet-cli's selectors on types with ids, where the name reading does not parse. */
    { "bridge name b1 list port", "list bridges{name=b1} : bridge ports" },
    { "bridge name b1 state up port list", "list bridges{name=b1,state=up} : bridge ports" },
    { "show bridge name b1", "show bridges{name=b1}" },
    { "show bridge name state", "show bridges[name] field=state" },
    { "delete bridge name b1", "delete bridges{name=b1}" },
    { "list bridge name b1 port", "list bridges{name=b1} : bridge ports" },
    { "list bridge name b1", "list : bridges | name=b1" },
    { "create bridge name b1 port", "create bridges{name=b1} : bridge ports" },
    { "create bridge name b1 port vlan 5", "create bridges{name=b1} : bridge ports | vlan=5" },
    { "router name r1 port address 10.0.0.1 show",
      "show routers{name=r1} / router ports{address=10.0.0.1}" },
    { "bridge nam b1 list port", "error@2: expected a verb or an object type after 'bridge nam'" },
    { "bridge name b1", "error@-1: expected a verb or an object type after 'bridge name b1'" },
    { "bridge b1 set infilter '\xff'", "error@4: invalid text in 'infilter' (not UTF-8)" },
    { "list bridge state up state down", "list : bridges | state=up state=down" },
};

static void test_word_indices(void)
{
    struct lex_result lr = { 0 };
    struct command cmd;
    struct parse_error err;

    lex("tunnel-zone tz member host h1 address 10.0.0.1 delete", &lr);
    if (!CHECK(parse_command(&lr.cmds[0], &cmd, &err) == 0))
        goto out;
    CHECK(cmd.words == &lr.cmds[0]);
    CHECK_INT(cmd.type_word, WORD_NONE);
    if (CHECK_INT(cmd.npath, 2)) {
        CHECK_INT(cmd.path[0].word, 0);
        CHECK_INT(cmd.path[1].word, 2);
        CHECK_INT(cmd.path[1].filters[0].word, 3);
        CHECK_INT(cmd.path[1].filters[1].word, 5);
        CHECK(cmd.path[1].type == schema_type(T_TZ_MEMBER));
    }
    command_release(&cmd);
    lex_result_release(&lr);

    lex("router r1 port add address 10.0.0.1 net 10.0.0.0/24", &lr);
    if (!CHECK(parse_command(&lr.cmds[0], &cmd, &err) == 0))
        goto out;
    CHECK_INT(cmd.type_word, 2);
    CHECK(cmd.type == schema_type(T_ROUTER_PORT));
    if (CHECK_INT(cmd.nvalues, 2)) {
        CHECK_INT(cmd.values[0].word, 4);
        CHECK_INT(cmd.values[1].word, 6);
        CHECK(!cmd.values[0].invert);
    }
    command_release(&cmd);
out:
    lex_result_release(&lr);
}

static void test_types_as_reached(void)
{
    struct lex_result lr = { 0 };
    struct command cmd;
    struct parse_error err;

    lex("show port abcd; show bridge b port abcd; show router r port abcd", &lr);
    for (size_t k = 0; k < lr.ncmds && k < 3; k++) {
        static const enum type_id want[] = { T_PORT, T_BRIDGE_PORT, T_ROUTER_PORT };

        if (!CHECK(parse_command(&lr.cmds[k], &cmd, &err) == 0))
            break;
        CHECK(cmd.path[cmd.npath - 1].type == schema_type(want[k]));
        command_release(&cmd);
    }
    lex_result_release(&lr);
}

/* Keyword values are the schema's own strings; others borrow the words. */
static void test_value_storage(void)
{
    struct lex_result lr = { 0 };
    struct command cmd;
    struct parse_error err;

    lex("router r add route type bl dst 10.0.0.0/8", &lr);
    if (CHECK(parse_command(&lr.cmds[0], &cmd, &err) == 0)) {
        CHECK(cmd.values[0].text == schema_value_word(cmd.values[0].attr, "blackhole", NULL));
        CHECK(cmd.values[1].text == lr.cmds[0].v[7].text);
        command_release(&cmd);
    }
    lex_result_release(&lr);
}

static void test_long_command(void)
{
    struct strbuf line = STRBUF_INIT;
    char *got;

    strbuf_addstr(&line, "list port");
    for (int i = 0; i < 5000; i++)
        strbuf_addstr(&line, " state up");
    got = describe(line.buf);
    CHECK(starts_with(got, "list : ports | state=up state=up"));
    free(got);

    strbuf_reset(&line);
    strbuf_addstr(&line, "create bridge name ");
    for (int i = 0; i < 100000; i++)
        strbuf_addch(&line, 'x');
    got = describe(line.buf);
    CHECK(starts_with(got, "create : bridges | name=xxxx") && strlen(got) == 100000 + 24);
    free(got);

    strbuf_reset(&line);
    strbuf_addstr(&line, "bridge b1");
    for (int i = 0; i < 5000; i++)
        strbuf_addstr(&line, " port p1");
    got = describe(line.buf);
    CHECK_STR(got, "error@4: expected a verb or an object type after 'bridge b1 port p1'");
    free(got);
    strbuf_release(&line);
}

static void test_verbs_table(void)
{
    const struct verb_info *v = parser_verbs();
    size_t n = 0;

    for (; v->word; v++, n++) {
        CHECK_MSG(!strcmp(verb_name(v->verb), v->word) || !v->usage, "%s: synonym with usage",
                  v->word);
        CHECK_MSG(v->use, "%s: used nowhere", v->word);
    }
    CHECK_INT(n, 20);
    CHECK_STR(verb_name(VERB_CREATE), "create");
    CHECK_STR(verb_name(VERB_EXIT), "exit");
}

int main(void)
{
    ROWS("list", list_rows);
    ROWS("show", show_rows);
    ROWS("create", create_rows);
    ROWS("set", set_rows);
    ROWS("clear", clear_rows);
    ROWS("delete", delete_rows);
    ROWS("describe", describe_rows);
    ROWS("session", session_rows);
    ROWS("keywords", keyword_rows);
    unit_run("parser: word indices for carets", test_word_indices);
    unit_run("parser: port types as reached", test_types_as_reached);
    unit_run("parser: value storage", test_value_storage);
    unit_run("parser: very long commands", test_long_command);
    unit_run("parser: the verb table", test_verbs_table);
    return unit_done();
}
