"""graph: the VPC topology of test_vpc.py as Graphviz DOT, parsed back and checked node by
node and edge by edge; `dot -Tsvg` draws it without a warning; requests stay at one GET per
collection; `graph router r1` keeps what the router reaches."""
import importlib.util
import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("vpc_script", os.path.join(HERE, "test_vpc.py"))
_vpc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_vpc)

QUOTED = r'"((?:[^"\\]|\\.)*)"'
NODE = re.compile(r"^\s*%s \[(.*)\];$" % QUOTED)
EDGE = re.compile(r"^\s*%s -- %s(?: \[(.*)\])?;$" % (QUOTED, QUOTED))
LABEL = re.compile(r"label=%s" % QUOTED)


def unquote(s):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), s)


def parse_dot(text):
    """{node id: (shape, label)}, [(label a, label b, edge label or None, attrs)]."""
    lines = text.splitlines()
    assert lines[0] == "graph midonet {" and lines[-1] == "}", text
    nodes, edges = {}, []
    for line in lines[1:-1]:
        m = EDGE.match(line)
        if m:
            a, b, attrs = unquote(m.group(1)), unquote(m.group(2)), m.group(3) or ""
            lab = LABEL.search(attrs)
            edges.append((a, b, unquote(lab.group(1)) if lab else None, attrs))
            continue
        m = NODE.match(line)
        if m:
            shape = re.search(r"shape=(\w+)", m.group(2)).group(1)
            nodes[unquote(m.group(1))] = (shape, unquote(LABEL.search(m.group(2)).group(1)))
            continue
        assert re.match(r"^\s*(graph|node|edge) \[.*\];$", line), "unexpected DOT line %r" % line
    # Every edge joins nodes that are declared; name them by their labels.
    named = []
    for a, b, lab, attrs in edges:
        assert a in nodes and b in nodes, (a, b)
        named.append((nodes[a][1], nodes[b][1], lab, attrs))
    return nodes, named


def build_vpc(h):
    sim = h.sim()
    h.agent("node1", sim.root, addresses=["10.111.1.5"], interfaces=["vn_i-0001"])
    path = os.path.join(h.tmp, "vpc.mido")
    with open(path, "w") as f:
        f.write(_vpc.SCRIPT)
    r = h.midosh("-f", path, url=sim.url)
    assert r.rc == 0, r.err
    return sim


def has_edge(edges, a, b, label=None, style=None):
    for x, y, lab, attrs in edges:
        if {x, y} == {a, b} and (label is None or lab == label) and (style is None or style in attrs):
            return True
    return False


def test_graph_of_the_vpc(h):
    sim = build_vpc(h)
    h.reset_stats(sim)
    r = h.midosh("-c", "graph", url=sim.url)
    assert r.rc == 0 and r.err == "", (r.rc, r.err)
    # One GET each: root, routers, bridges, hosts, ports, tunnel zones, the zone's members,
    # chains (the filters' names).
    stats = h.stats(sim)
    assert stats["total"] <= 8, stats
    nodes, edges = parse_dot(r.out)
    labels = sorted(lab for _, lab in nodes.values())
    router = "router vpc-1\nin: vpc-1-in\nout: vpc-1-out"
    assert router in labels, labels
    assert "bridge subnet-1" in labels and "bridge subnet-2" in labels, labels
    assert "host node1" in labels and "tunnel-zone mido-tz\ngre" in labels, labels
    rports = ["vpc-1:203.0.113.2\n203.0.113.0/24", "vpc-1:10.0.1.1\n10.0.1.0/24",
              "vpc-1:10.0.2.1\n10.0.2.0/24"]
    for p in rports:
        assert p in labels, labels
        assert has_edge(edges, router, p), (p, edges)
    vm = [lab for _, lab in nodes.values() if lab.endswith("\nout: sg-web-ingress")]
    assert len(vm) == 1, labels
    # Devices hold their ports; peers are linked, once; the VM's port is bound on node1.
    bports = [b for a, b, _, _ in edges if a == "bridge subnet-1"]
    assert len(bports) == 2 and vm[0] in bports, edges
    links = [(a, b) for a, b, _, attrs in edges if "bold" in attrs]
    assert len(links) == 2, links
    assert any(set(l) & {rports[1]} for l in links) and any(set(l) & {rports[2]} for l in links)
    assert has_edge(edges, vm[0], "host node1", label="vn_i-0001", style="dashed"), edges
    assert has_edge(edges, "tunnel-zone mido-tz\ngre", "host node1", label="10.111.1.5"), edges
    shapes = {lab: shape for shape, lab in nodes.values()}
    assert shapes[router] == "box3d" and shapes["bridge subnet-1"] == "box", shapes
    assert len(nodes) == 3 + 3 + 3 + 1 + 1, labels    # devices, ports, host, zone

    # Debian's graphviz draws it, without a warning.
    dot = shutil.which("dot")
    assert dot, "graphviz is missing (scripts/install-deps installs it)"
    p = subprocess.run([dot, "-Tsvg"], input=r.out, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    assert "<svg" in p.stdout and "bridge subnet" in p.stdout, p.stdout[:500]


def test_graph_from_a_router(h):
    sim = build_vpc(h)
    r = h.midosh("-c", "create router name lonely; router lonely add port address 10.9.0.1 "
                 "net 10.9.0.0/24; create bridge name island", url=sim.url)
    assert r.rc == 0, r.err
    r = h.midosh("-c", "graph router vpc-1", url=sim.url)
    assert r.rc == 0, r.err
    nodes, edges = parse_dot(r.out)
    labels = [lab for _, lab in nodes.values()]
    assert "bridge subnet-1" in labels and "host node1" in labels, labels
    # The host's zone is drawn; neither is followed further.
    assert "tunnel-zone mido-tz\ngre" in labels, labels
    assert not [l for l in labels if "lonely" in l or "island" in l], labels
    # A router alone: its port.
    r = h.midosh("-c", "graph router lonely", url=sim.url)
    nodes, edges = parse_dot(r.out)
    assert sorted(lab for _, lab in nodes.values()) == ["lonely:10.9.0.1\n10.9.0.0/24", "router lonely"]
    assert len(edges) == 1
    # The same from the object-first order, and errors.
    assert h.midosh("-c", "bridge island graph", url=sim.url).out.count("--") == 0
    r = h.midosh("-c", "graph chain vpc-1-in", url=sim.url)
    assert r.rc == 2 and "graph starts at a router" in r.err, r.err
    r = h.midosh("-c", "graph router nosuch", url=sim.url)
    assert r.rc == 1 and "no router named 'nosuch'" in r.err, r.err
    r = h.midosh("-c", "graph router vpc-1 state", url=sim.url)
    assert r.rc == 2, (r.rc, r.err)


KINDS = {"": "port", "style=bold": "link", "style=dashed": "binding", "style=dotted": "member"}


def test_graph_as_json_says_what_the_dot_says(h):
    """-o json graph: the same nodes (id, type, label) and edges (kind, label) as the DOT,
    without its looks; from a router too."""
    import json
    sim = build_vpc(h)
    for words in ("graph", "graph router vpc-1"):
        dot = h.midosh("-c", words, url=sim.url)
        r = h.midosh("-o", "json", "-c", words, url=sim.url)
        assert r.rc == 0 and dot.rc == 0 and r.err == "", r
        doc = json.loads(r.out)
        nodes, edges = parse_dot(dot.out)
        assert {n["id"]: n["label"] for n in doc["nodes"]} == \
            {i: label for i, (_, label) in nodes.items()}, words
        for n in doc["nodes"]:
            assert n["label"].startswith(n["type"] + " ") or n["type"] == "port", n
        label = {n["id"]: n["label"] for n in doc["nodes"]}
        want = sorted((a, b, lab, KINDS[attrs.split(",")[0]]) for a, b, lab, attrs in edges)
        got = sorted((label[e["from"]], label[e["to"]], e.get("label"), e["kind"])
                     for e in doc["edges"])
        assert got == want, words
        assert {e["kind"] for e in doc["edges"]} >= {"port", "link"}, words
