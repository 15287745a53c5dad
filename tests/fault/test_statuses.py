"""Defect 12: each fault gives the exit status and the wording of the man page's table
(EXIT STATUS): one row, one case here."""
import re

from faultutil import closed_port, hostile, one_line

LOGIN = {"MIDO_USER": "admin", "MIDO_PASSWORD": "pw", "MIDO_PROJECT_ID": "admin"}

# (fault, exit status, what the line says, what it must not say)
ROOT_ROWS = [
    ("root-500", 3, "cannot read the API root: HTTP 500 Internal Server Error", None),
    ("root-503", 3, "cannot read the API root: HTTP 503 Service Unavailable", None),
    ("root-html", 3, "is not a MidoNet API", None),
]


def test_root_faults(h):
    sim = h.sim()
    for fault, rc, says, _ in ROOT_ROWS:
        _, hs = hostile(h, fault, sim=sim)
        err = one_line(h.midosh("-c", "list bridge", url=hs.url), rc)
        assert says in err, (fault, err)


def test_login_faults(h):
    sim = h.sim(auth="token", token="tok")
    _, hs = hostile(h, "login-503", sim=sim)
    err = one_line(h.midosh("-c", "list bridge", url=hs.url, env=LOGIN), 3)
    assert "cannot log in: the login at" in err and "HTTP 503" in err, err
    assert "authentication failed" not in err and "API root" not in err, err
    _, hs = hostile(h, "login-401", sim=sim)
    err = one_line(h.midosh("-c", "list bridge", url=hs.url, env=LOGIN), 3)
    assert "cannot log in: authentication failed: HTTP 401" in err, err
    assert "API root" not in err, err


def test_unreachable_is_3(h):
    port = closed_port()
    err = one_line(h.midosh("-c", "list bridge", url="http://127.0.0.1:%d/midonet-api" % port), 3)
    assert "cannot reach http://127.0.0.1:%d/midonet-api/: connection refused" % port in err, err


def test_bad_urls_are_usage_errors(h):
    for url, says in [("http://127.0.0.1:99999/midonet-api", "bad port number"),
                      ("http://127.0.0.1:8080/a b", "malformed"),
                      ("ftp://127.0.0.1/midonet-api", "not http"),
                      ("http://127.0.0.1:1/midonet-api,,", "empty")]:
        err = one_line(h.midosh("-c", "list bridge", url=url), 2)
        assert "invalid API URL" in err and says in err, (url, err)
        # No word of libcurl's with its first letter lowered ("uRL using bad...").
        assert not re.search(r"\b[a-z][A-Z]{2}", err), err
