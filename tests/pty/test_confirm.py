"""A delete at the prompt that takes more than its object asks first (issue 12)."""
from ptyhelp import Pty


def test_delete_asks_at_the_prompt(h):
    sim = h.sim()
    r = h.midosh("-c", "create bridge name b1; bridge b1 add port; create bridge name lone",
                 url=sim.url)
    assert r.rc == 0, r
    p = Pty(h, url=sim.url)
    p.expect_prompt()
    p.send("delete bridge b1\r")
    p.expect(r"deleting bridge b1 also deletes 1 port")
    p.expect(r"delete\? \[y/N\] ")
    p.send("n\r")
    p.expect(r"nothing deleted")
    p.expect_prompt()
    p.send("delete bridge lone\r")     # nothing beyond itself: no question
    p.expect_prompt()
    p.send("delete bridge b1\r")
    p.expect(r"delete\? \[y/N\] ")
    p.send("y\r")
    p.expect_prompt()
    p.send("\x04")
    assert p.wait_exit() == 0
    assert get_names(h, sim) == []


def test_yes_does_not_ask(h):
    sim = h.sim()
    r = h.midosh("-c", "create bridge name b1; bridge b1 add port", url=sim.url)
    assert r.rc == 0, r
    p = Pty(h, url=sim.url, args=("-y",))
    p.expect_prompt()
    p.send("delete bridge b1\r")
    p.expect(r"deleting bridge b1 also deletes 1 port")
    p.expect_prompt()
    p.send("\x04")
    assert p.wait_exit() == 0
    assert get_names(h, sim) == []


def get_names(h, sim):
    status, _, body = h.http("GET", sim.url + "/bridges")
    assert status == 200, status
    return [b["name"] for b in body]


def test_new_rule_position_at_the_prompt(h):
    sim = h.sim()
    r = h.midosh("-c", "create chain name c", url=sim.url)
    assert r.rc == 0, r
    p = Pty(h, url=sim.url)
    p.expect_prompt()
    p.send("chain c add rule type accept\r")
    p.expect(r"^[0-9a-f-]{36} pos 1$")
    p.expect_prompt()
    p.send("chain c add rule type drop pos 2\r")
    p.expect(r"^[0-9a-f-]{36} pos 2$")
    p.expect_prompt()
    p.send("\x04")
    assert p.wait_exit() == 0
