"""midonet-cli master's grammar against MidoNet 5.x: every line of corpus5.mnc runs through
midosh against midonet-sim --dialect 5 and must send the body midonet-cli master sends (the
corpus format and its runner are test_compat.py's)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from test_compat import Corpus, parse_corpus  # noqa: E402


def test_corpus5_lines_send_what_midonet_cli_master_sends(h):
    sim = h.sim(extra=["--dialect", "5"])
    h.agent("node1", sim.root, addresses=["10.9.0.5"], interfaces=["tap1", "eth0=10.9.0.5"])
    c = Corpus(h, sim)
    entries = parse_corpus(os.path.join(HERE, "corpus5.mnc"))
    assert sum(1 for e in entries if e[0] == ">") >= 40, "the corpus is too small"
    c.go(entries)
    assert not c.failures, "\n".join(c.failures)
