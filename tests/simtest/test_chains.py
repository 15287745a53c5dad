"""midonet-sim: chains and rules (types, conditions, positions, fragment policy, cascades)."""
from simhelp import (bridge, bridge_port, call, create, create_get, dialect, expect_error,
                     expect_violation, get, router, zk_children, zk_data, zk_exists)

MISSING = "0b6f4b8e-1111-4222-8333-444455556666"
ISE = "An internal server error has occurred, please try again."
FRAG_L4 = ("For a rule with tpDst or tpSrc constraints, the fragmentPolicy must be 'header' "
           "or 'unfragmented'.")
FRAG_NAT = ("For a NAT rule with port constraints or multiple targets, the fragmentPolicy "
            "must be 'unfragmented'.")
FRAG_UNDEFINED = ("The valid options for fragmentPolicy are: 'any', 'header', 'nonheader', "
                  "and 'unfragmented'.")


def chain(h, sim, name="c0", tenant="admin", **extra):
    body = {"name": name, "tenantId": tenant}
    body.update(extra)
    return create_get(h, sim, "/chains", body, "Chain-v1")


def rule(h, sim, ch, ctype="Rule-v2", **body):
    return create_get(h, sim, ch["rules"], body, ctype)


def delete(h, sim, uri):
    st, _, _ = call(h, sim, "DELETE", uri)
    assert st == 204, (uri, st)


def test_chain_crud(h):
    sim = h.sim()
    c = chain(h, sim, name="in", tenant="t1")
    assert c["name"] == "in" and c["tenantId"] == "t1"
    assert c["uri"] == sim.url + "/chains/" + c["id"] and c["rules"] == c["uri"] + "/rules"
    assert zk_data(h, sim, "/chains/" + c["id"]) == {"name": "in", "properties": {"tenant_id": "t1"}}
    assert zk_data(h, sim, "/chains/%s/rules" % c["id"]) == {"ruleList": []}
    assert zk_exists(h, sim, "/chains/%s/refs" % c["id"]) and zk_exists(h, sim, "/tenants/t1")
    c2 = chain(h, sim, name="in", tenant="t2")      # names need not be unique
    assert [x["id"] for x in get(h, sim, "/chains", accept="collection.Chain-v1")] == [c["id"], c2["id"]]
    assert [x["id"] for x in get(h, sim, "/chains?tenant_id=t2")] == [c2["id"]]
    assert get(h, sim, c["uri"], accept="application/json")["id"] == c["id"]
    expect_violation(h, sim, "POST", "/chains", "name", "may not be null", {"tenantId": "a"}, "Chain-v1")
    expect_violation(h, sim, "POST", "/chains", "tenantId", "may not be null", {"name": "a"}, "Chain-v1")
    expect_violation(h, sim, "POST", "/chains", "name", "size must be between 1 and 255",
                     {"name": "", "tenantId": "a"}, "Chain-v1")
    expect_error(h, sim, "POST", "/chains", 500, ISE, body={"id": c["id"], "name": "x", "tenantId": "a"},
                 ctype="Chain-v1")
    expect_error(h, sim, "GET", "/chains/" + MISSING, 404, "No chain with ID %s exists." % MISSING)
    expect_error(h, sim, "PUT", c["uri"], 405, body={"name": "x", "tenantId": "a"}, ctype="Chain-v1")
    expect_error(h, sim, "GET", "/chains/%s/rules" % MISSING, 404, "No such chain" + MISSING)
    for _ in range(2):
        delete(h, sim, c2["uri"])
    assert not zk_exists(h, sim, "/chains/" + c2["id"])
    assert sim.stop() == 0


def test_rule_types(h):
    sim = h.sim()
    c, target = chain(h, sim), chain(h, sim, name="target")
    a = rule(h, sim, c, type="accept")
    assert a["type"] == "accept" and a["action"] == "ACCEPT" and a["position"] == 1
    assert a["chainId"] == c["id"] and a["uri"] == sim.url + "/rules/" + a["id"]
    assert a["fragmentPolicy"] == "any" and a["meterName"] is None
    for key in ("nwSrcAddress", "nwDstAddress", "dlType", "dlSrc", "dlDst", "dlSrcMask",
                "dlDstMask", "nwProto", "nwTos", "tpSrc", "tpDst", "portGroup", "ipAddrGroupSrc",
                "ipAddrGroupDst", "traversedDevice"):
        assert key in a and a[key] is None, (key, a.get(key))
    for key in ("condInvert", "invNwSrc", "invNwDst", "invTpSrc", "invTpDst", "invDlType",
                "invDlSrc", "invDlDst", "invNwProto", "invNwTos", "invInPorts", "invOutPorts",
                "invPortGroup", "invIpAddrGroupSrc", "invIpAddrGroupDst", "invTraversedDevice",
                "matchForwardFlow", "matchReturnFlow"):
        assert a[key] is False, key
    assert a["inPorts"] == [] and a["outPorts"] == [] and a["nwSrcLength"] == 0
    cfg = zk_data(h, sim, "/rules/" + a["id"])
    assert cfg["type"] == "Literal" and cfg["action"] == "ACCEPT" and cfg["chainId"] == c["id"]
    assert cfg["condition"]["fragmentPolicy"] == "ANY"
    for t, action in (("drop", "DROP"), ("reject", "REJECT"), ("return", "RETURN")):
        x = rule(h, sim, c, type=t)
        assert x["type"] == t and x["action"] == action
    j = rule(h, sim, c, type="jump", jumpChainId=target["id"], jumpChainName="target")
    assert j["jumpChainId"] == target["id"] and j["jumpChainName"] == "target" and j["action"] == "JUMP"
    assert zk_data(h, sim, "/rules/" + j["id"])["jumpToChainID"] == target["id"]
    assert zk_children(h, sim, "/chains/%s/refs" % target["id"]) == ["rule:" + j["id"]]
    # NAT rules echo flowAction and natTargets (1.9, not v2015.06's regression).
    tg = [{"addressFrom": "10.0.0.1", "addressTo": "10.0.0.9", "portFrom": 80, "portTo": 90}]
    d = rule(h, sim, c, type="dnat", flowAction="accept", natTargets=tg)
    assert d["flowAction"] == "accept" and d["natTargets"] == tg and d["action"] == "ACCEPT"
    assert d["fragmentPolicy"] == "unfragmented"
    dcfg = zk_data(h, sim, "/rules/" + d["id"])
    assert dcfg["type"] == "ForwardNat" and dcfg["dnat"] is True
    assert dcfg["natTargets"] == [{"nwStart": "10.0.0.1", "nwEnd": "10.0.0.9", "tpStart": 80, "tpEnd": 90}]
    fip = [{"addressFrom": "1.2.3.4", "addressTo": "1.2.3.4", "portFrom": 0, "portTo": 0}]
    s = rule(h, sim, c, type="snat", flowAction="continue", natTargets=fip)
    assert s["type"] == "snat" and s["flowAction"] == "continue" and s["action"] == "CONTINUE"
    assert s["fragmentPolicy"] == "any"     # a floating IP: any
    rd = rule(h, sim, c, type="rev_dnat", flowAction="return")
    assert rd["type"] == "rev_dnat" and rd["flowAction"] == "return" and "natTargets" not in rd
    rs = rule(h, sim, c, type="rev_snat", flowAction="accept")
    assert rs["type"] == "rev_snat"
    assert zk_data(h, sim, "/rules/" + rs["id"])["type"] == "ReverseNat"
    tr = rule(h, sim, c, type="trace", requestId=MISSING, limit=5)
    assert tr["type"] == "trace" and tr["requestId"] == MISSING and tr["limit"] == 5
    # Errors.
    expect_error(h, sim, "POST", c["rules"], 400, body={"type": "bogus"}, ctype="Rule-v2")
    expect_error(h, sim, "POST", c["rules"], 400, body={}, ctype="Rule-v2")
    expect_violation(h, sim, "POST", c["rules"], "flowAction", "may not be null",
                     {"type": "rev_snat"}, "Rule-v2")
    expect_violation(h, sim, "POST", c["rules"], "natTargets", "may not be null",
                     {"type": "dnat", "flowAction": "accept"}, "Rule-v2")
    expect_violation(h, sim, "POST", c["rules"], "natTargets", "size must be between 1 and 2147483647",
                     {"type": "dnat", "flowAction": "accept", "natTargets": []}, "Rule-v2")
    expect_violation(h, sim, "POST", c["rules"], "requestId", "may not be null",
                     {"type": "trace"}, "Rule-v2")
    # Referential integrity fails in ZooKeeper: 500 (§5).
    expect_error(h, sim, "POST", "/chains/%s/rules" % MISSING, 500, ISE, body={"type": "accept"},
                 ctype="Rule-v2")
    expect_error(h, sim, "POST", c["rules"], 500, ISE,
                 body={"type": "jump", "jumpChainId": MISSING}, ctype="Rule-v2")
    expect_error(h, sim, "POST", c["rules"], 500, ISE, body={"type": "accept", "id": a["id"]},
                 ctype="Rule-v2")
    expect_error(h, sim, "PUT", a["uri"], 405, body={"type": "accept"}, ctype="Rule-v2")
    expect_error(h, sim, "GET", "/rules/" + MISSING, 404, "No rule with ID %s exists." % MISSING)
    for _ in range(2):
        delete(h, sim, j["uri"])
    assert zk_children(h, sim, "/chains/%s/refs" % target["id"]) == []
    assert j["id"] not in zk_data(h, sim, "/chains/%s/rules" % c["id"])["ruleList"]
    assert sim.stop() == 0


def test_conditions(h):
    sim = h.sim()
    br = bridge(h, sim)
    p1, p2 = bridge_port(h, sim, br), bridge_port(h, sim, br)
    c = chain(h, sim)
    body = {
        "type": "drop", "nwSrcAddress": "10.0.0.0", "nwSrcLength": 8, "invNwSrc": True,
        "nwDstAddress": "192.168.1.1", "nwDstLength": 32, "invNwDst": True,
        "nwProto": 6, "invNwProto": True, "nwTos": 16, "invNwTos": True,
        "tpSrc": {"start": 1000, "end": 2000}, "invTpSrc": True,
        "tpDst": {"start": 80, "end": 80}, "invTpDst": True,
        "dlType": 0x0800, "invDlType": True, "dlSrc": "0A:0:0:0:0:1", "dlSrcMask": "ffff.ff00.0000",
        "invDlSrc": True, "dlDst": "02:00:00:00:00:02", "dlDstMask": "FFFF.FFFF.FFFF", "invDlDst": True,
        "inPorts": [p1["id"].upper()], "invInPorts": True, "outPorts": [p2["id"]], "invOutPorts": True,
        "traversedDevice": br["id"], "invTraversedDevice": True, "condInvert": True,
        "matchForwardFlow": True, "matchReturnFlow": True, "fragmentPolicy": "unfragmented",
        "meterName": "m1",
    }
    r = rule(h, sim, c, **body)
    expect = dict(body, dlSrc="0a:00:00:00:00:01", dlDstMask="ffff.ffff.ffff", inPorts=[p1["id"]])
    for key, want in expect.items():
        assert r[key] == want, (key, r[key], want)
    cond = zk_data(h, sim, "/rules/" + r["id"])["condition"]
    assert cond["nwSrcIp"] == "10.0.0.0/8" and cond["etherType"] == 0x0800
    assert cond["ethSrcMask"] == 0xffffff000000 and cond["fragmentPolicy"] == "UNFRAGMENTED"
    assert cond["inPortIds"] == [p1["id"]] and cond["conjunctionInv"] is True
    # v1 hides the @Since("2") fields; json counts as v1.
    v1 = get(h, sim, r["uri"], accept="Rule-v1")
    assert "fragmentPolicy" not in v1 and "dlSrcMask" not in v1 and v1["dlSrc"] == "0a:00:00:00:00:01"
    assert "fragmentPolicy" not in get(h, sim, r["uri"], accept="application/json")
    # A Rule-v1 body cannot set them either: the defaults apply.
    r1 = rule(h, sim, c, ctype="Rule-v1", type="accept", tpDst={"start": 22, "end": 22},
              fragmentPolicy="any", dlSrcMask="ffff.0000.0000")
    got = get(h, sim, r1["uri"], accept="Rule-v2")
    assert got["fragmentPolicy"] == "header" and got["dlSrcMask"] is None
    # Byte fields: 0 is unset, the rest wraps as a Java byte.
    assert rule(h, sim, c, type="accept", nwProto=0)["nwProto"] is None
    assert rule(h, sim, c, type="accept", nwProto=300)["nwProto"] == 44
    # Validation.
    bad = lambda prop, msg, **kw: expect_violation(h, sim, "POST", c["rules"], prop, msg,
                                                   dict({"type": "accept"}, **kw), "Rule-v2")
    bad("nwSrcAddress", "is an invalid IP format", nwSrcAddress="10.0.0")
    bad("nwDstLength", "must be less than or equal to 32", nwDstAddress="1.0.0.0", nwDstLength=33)
    bad("dlType", "must be greater than or equal to 1536", dlType=0x05ff)
    bad("dlType", "must be less than or equal to 65535", dlType=0x10000)
    bad("position", "must be greater than or equal to 1", position=-1)
    expect_error(h, sim, "POST", c["rules"], 400,
                 "MAC address string must be 6 words of 1 or 2 hex digits joined with 5 ':' but was 1:2:3.",
                 body={"type": "accept", "dlSrc": "1:2:3"}, ctype="Rule-v2")
    expect_error(h, sim, "POST", c["rules"], 400,
                 'MAC mask must consist of three sets of four hexadecimal digits separated by periods, '
                 'e.g. "ffff.ff00.0000".', body={"type": "accept", "dlDstMask": "ff.ff.ff"}, ctype="Rule-v2")
    expect_error(h, sim, "POST", c["rules"], 400, body={"type": "accept", "inPorts": ["nope"]},
                 ctype="Rule-v2")
    expect_error(h, sim, "POST", c["rules"], 400, body={"type": "accept", "tpSrc": 80}, ctype="Rule-v2")
    assert sim.stop() == 0


def test_fragment_policy(h):
    sim = h.sim()
    c = chain(h, sim)
    tp = {"start": 80, "end": 80}
    assert rule(h, sim, c, type="accept")["fragmentPolicy"] == "any"
    assert rule(h, sim, c, type="accept", tpDst=tp)["fragmentPolicy"] == "header"
    assert rule(h, sim, c, type="accept", tpSrc=tp, fragmentPolicy="unfragmented")["fragmentPolicy"] == \
        "unfragmented"
    assert rule(h, sim, c, type="accept", fragmentPolicy="nonheader")["fragmentPolicy"] == "nonheader"
    for fp in ("any", "nonheader"):
        expect_violation(h, sim, "POST", c["rules"], "", FRAG_L4,
                         {"type": "accept", "tpSrc": tp, "fragmentPolicy": fp}, "Rule-v2")
    expect_error(h, sim, "POST", c["rules"], 400, FRAG_UNDEFINED,
                 body={"type": "accept", "fragmentPolicy": "some"}, ctype="Rule-v2")
    # NAT: unfragmented unless one target of a single address without ports.
    fip = [{"addressFrom": "1.1.1.1", "addressTo": "1.1.1.1"}]
    rng = [{"addressFrom": "1.1.1.1", "addressTo": "1.1.1.5"}]
    nat = lambda **kw: dict({"type": "dnat", "flowAction": "accept"}, **kw)
    assert rule(h, sim, c, **nat(natTargets=rng))["fragmentPolicy"] == "unfragmented"
    assert rule(h, sim, c, **nat(natTargets=fip))["fragmentPolicy"] == "any"
    assert rule(h, sim, c, **nat(natTargets=fip, fragmentPolicy="header"))["fragmentPolicy"] == "header"
    assert rule(h, sim, c, **nat(natTargets=fip, tpDst=tp))["fragmentPolicy"] == "unfragmented"
    expect_violation(h, sim, "POST", c["rules"], "", FRAG_NAT,
                     nat(natTargets=rng, fragmentPolicy="any"), "Rule-v2")
    expect_violation(h, sim, "POST", c["rules"], "", FRAG_NAT,
                     nat(natTargets=fip, tpDst=tp, fragmentPolicy="header"), "Rule-v2")
    expect_violation(h, sim, "POST", c["rules"], "natTargets[0].addressTo", "is an invalid IP format",
                     nat(natTargets=[{"addressFrom": "1.1.1.1", "addressTo": "x"}]), "Rule-v2")
    expect_violation(h, sim, "POST", c["rules"], "flowAction",
                     "Value specified is not valid. Allowed values are: accept, continue, return.",
                     nat(natTargets=fip, flowAction="drop"), "Rule-v2")
    assert sim.stop() == 0


def test_positions(h):
    sim = h.sim()
    c = chain(h, sim)
    ids = lambda: [x["id"] for x in get(h, sim, c["rules"], accept="collection.Rule-v2")]
    a = rule(h, sim, c, type="accept")
    b = rule(h, sim, c, type="drop")                    # default: the top
    assert ids() == [b["id"], a["id"]]
    d = rule(h, sim, c, type="reject", position=3)      # count + 1: the end
    e = rule(h, sim, c, type="return", position=2)      # later rules shift down
    assert ids() == [b["id"], e["id"], a["id"], d["id"]]
    assert [x["position"] for x in get(h, sim, c["rules"])] == [1, 2, 3, 4]
    assert get(h, sim, a["uri"])["position"] == 3
    assert rule(h, sim, c, type="accept", position=0)["position"] == 1
    expect_error(h, sim, "POST", c["rules"], 400, "Invalid rule position.",
                 body={"type": "accept", "position": 7}, ctype="Rule-v2")
    assert zk_data(h, sim, "/chains/%s/rules" % c["id"])["ruleList"] == ids()
    delete(h, sim, e["uri"])
    assert get(h, sim, a["uri"])["position"] == 3 and e["id"] not in ids()
    assert not zk_exists(h, sim, "/rules/" + e["id"])
    assert sim.stop() == 0


def test_chain_delete_cascades(h):
    sim = h.sim()
    c, other = chain(h, sim, name="victim"), chain(h, sim, name="other")
    r1, r2 = rule(h, sim, c, type="accept"), rule(h, sim, c, type="jump", jumpChainId=other["id"])
    keep = rule(h, sim, other, type="drop")
    j1 = rule(h, sim, other, type="jump", jumpChainId=c["id"], position=2)
    j2 = rule(h, sim, other, type="jump", jumpChainId=c["id"])
    br = bridge(h, sim, inboundFilterId=c["id"], outboundFilterId=other["id"])
    rt = router(h, sim, inboundFilterId=c["id"], outboundFilterId=c["id"])
    bp = bridge_port(h, sim, br, outboundFilterId=c["id"])
    assert sorted(zk_children(h, sim, "/chains/%s/refs" % c["id"])) == sorted(
        ["bridge:" + br["id"], "router:" + rt["id"], "port:" + bp["id"], "rule:" + j1["id"],
         "rule:" + j2["id"]])
    delete(h, sim, c["uri"])
    assert not zk_exists(h, sim, "/chains/" + c["id"])
    for x in (r1, r2):
        assert not zk_exists(h, sim, "/rules/" + x["id"]), x["type"]
    if dialect(sim) == "5":
        # 5.x keeps the jumps of other chains to it, jumping to nothing (test_dialect5.py).
        assert sorted(x["id"] for x in get(h, sim, other["rules"])) == sorted(
            [keep["id"], j1["id"], j2["id"]])
        for x in (j1, j2):
            delete(h, sim, x["uri"])
    for x in (j1, j2):
        assert not zk_exists(h, sim, "/rules/" + x["id"]), x["type"]
    assert [x["id"] for x in get(h, sim, other["rules"])] == [keep["id"]]
    assert zk_children(h, sim, "/chains/%s/refs" % other["id"]) == ["bridge:" + br["id"]]
    b2, r2_, p2 = get(h, sim, br["uri"]), get(h, sim, rt["uri"]), get(h, sim, bp["uri"])
    assert b2["inboundFilterId"] is None and b2["outboundFilterId"] == other["id"]
    assert r2_["inboundFilterId"] is None and r2_["outboundFilterId"] is None
    assert p2["outboundFilterId"] is None and p2["outboundFilter"] is None
    # A filter naming a missing chain is a 500 (§5).
    expect_error(h, sim, "POST", "/bridges", 500, ISE,
                 body={"name": "x", "tenantId": "a", "inboundFilterId": c["id"]}, ctype="Bridge-v3")
    assert sim.stop() == 0
