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
                      ("ftp://127.0.0.1/midonet-api", "expected http://"),
                      ("http://127.0.0.1:1/midonet-api,,", "empty")]:
        err = one_line(h.midosh("-c", "list bridge", url=url), 2)
        assert "invalid API URL" in err and says in err, (url, err)
        # No word of libcurl's with its first letter lowered ("uRL using bad...").
        assert not re.search(r"\b[a-z][A-Z]{2}", err), err


def man_rows():
    """(fault, status) for each row of the fault table under EXIT STATUS in the man page."""
    import os
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "man", "midosh.1")) as f:
        text = f.read()
    body = text.split(".SH EXIT STATUS", 1)[1].split(".SH ", 1)[0]
    return [(m.group(1).replace("\\-", "-"), int(m.group(2)))
            for m in re.finditer(r'^\.RB "(.*?): "(?: \\-\\-[a-z\\-]+ ": ")? (\d)$',
                                 body, re.M)]


def test_man_fault_table_matches(h):
    """Every row of the man page's table is run here, each fault class of it that a hostile
    server can play, and gives the status it says, on one line that says what it says."""
    sim = h.sim()
    auth = h.sim(auth="token", token="tok")
    assert h.midosh("-c", "create bridge name b1", url=sim.url).rc == 0

    def run(fault, *args, s=sim, env=None):
        _, hs = hostile(h, fault, sim=s)
        return h.midosh(*args, url=hs.url, env=env)

    def lst(fault, *opts):
        return lambda: run(fault, *opts, "-c", "list bridge")

    reach = "cannot list bridges: cannot reach http://127.0.0.1:"
    not_list = "cannot list bridges: the API answered something that is not a list"
    # A row's beginning: [(what runs it, what its line says)].
    scenarios = {
        "Connection refused": [(lambda: h.midosh(
            "-c", "list bridge", url="http://127.0.0.1:%d/midonet-api" % closed_port()),
            "connection refused")],
        "A request that outlasts": [(lst("hang", "--timeout", "1"), "timed out after 1000 ms"),
                                    (lst("drip", "--timeout", "2"), "timed out after 2000 ms")],
        "A reply cut off": [(lst("short-list"), reach), (lst("short-list"), "transfer closed"),
                            (lst("reset"), "connection reset by peer")],
        "The root document answers an error status": [(lst("root-503"), "HTTP 503")],
        "The root document is not JSON": [(lst("root-html"), "is not a MidoNet API")],
        "The root document names another origin": [(lst("root-other-origin"),
                                                    "outside its own origin")],
        "The login is refused": [(lambda: run("login-401", "-c", "list bridge", s=auth,
                                              env=LOGIN), "authentication failed: HTTP 401")],
        "The login fails otherwise": [(lambda: run("login-503", "-c", "list bridge", s=auth,
                                                   env=LOGIN), "failed: HTTP 503")],
        "The login's token holds": [(lambda: run("login-crlf", "-c", "list bridge", s=auth,
                                                 env=LOGIN), "control characters")],
        "A reply larger than": [(lst("big-list", "--max-reply-size", "1M"),
                                 "larger than 1048576 bytes")],
        "A request answered with an error status": [
            (lst("list-500"), "cannot list bridges: HTTP 500 Internal Server Error"),
            (lambda: run("error-c1", "-c", "create bridge name e"), "cannot create bridge: bad")],
        "A reply that is not JSON": [(lst("list-html"), not_list), (lst("object-list"), not_list),
                                     (lst("cut-list"), not_list), (lst("deep-json"), not_list)],
        "A redirect": [(lst("redirect"), "HTTP 302 Found, redirected to http://127.0.0.1:")],
        "A POST, PUT or DELETE whose connection": [
            (lambda f=fault, c=command: run(f, "-c", "list bridge; " + c), "not sent again")
            for fault, command in (("post-close-after", "create bridge name p"),
                                   ("put-close-after", "bridge b1 set state down"),
                                   ("delete-close-after", "delete bridge b1"))],
        "A 201 with a Location": [(lambda: run("location-file", "-c", "create bridge name l"),
                                   "Location")],
        "An API URL that is malformed": [(lambda: h.midosh(
            "-c", "list bridge", url="http://127.0.0.1:99999/midonet-api"), "bad port number")],
        "No API URL configured": [(lambda: h.midosh("-c", "list bridge"), "no API URL")],
    }
    rows = man_rows()
    assert len(rows) == len(scenarios), rows
    for fault, status in rows:
        key = [k for k in scenarios if fault.startswith(k)]
        assert len(key) == 1, (fault, key)
        for go, says in scenarios[key[0]]:
            err = one_line(go(), status)
            assert says in err, (fault, says, err)
