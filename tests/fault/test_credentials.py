"""Credentials go only where they belong: the API's own origin (defect 3), never a URL's
password in a message or a trace, none at all with -A (defect 9), and a token from the
login that could forge a header is refused (defect 10)."""
from faultutil import closed_port, hostile, one_line

LOGIN = {"MIDO_USER": "admin", "MIDO_PASSWORD": "pw", "MIDO_PROJECT_ID": "admin"}


def test_root_naming_another_origin_is_refused_and_gets_no_token(h):
    sim, hs = hostile(h, "root-other-origin", sim=h.sim(auth="token", token="s3cret-token"))
    err = one_line(h.midosh("-c", "list bridge", url=hs.url, env=LOGIN), 3)
    assert "localhost:%d" % hs.port in err and "--allow-other-origin" in err, err
    elsewhere = [r for r in hs.requests() if r["host"].startswith("localhost")]
    assert elsewhere == [], elsewhere
    # Allowed: the requests go there, but never with the token.
    r = h.midosh("--allow-other-origin", "-c", "list bridge", url=hs.url, env=LOGIN)
    elsewhere = [r for r in hs.requests() if r["host"].startswith("localhost")]
    assert elsewhere, hs.requests()
    for req in elsewhere:
        names = [n.lower() for n in req["headers"]]
        assert "x-auth-token" not in names and "authorization" not in names, req


def test_url_password_is_never_shown_and_minus_a_sends_none(h):
    sim, hs = hostile(h, "none")
    url = hs.url.replace("http://", "http://admin:hunter2@")
    r = h.midosh("-d", "-A", "-c", "list bridge", url=url)
    assert r.rc == 0, r
    assert "hunter2" not in r.err and "hunter2" not in r.out, r.err
    for req in hs.requests():
        names = [n.lower() for n in req["headers"]]
        assert "authorization" not in names and "x-auth-token" not in names, req
    # Unreachable, and a bad port: the message names the URL without the password.
    port = closed_port()
    err = one_line(h.midosh("--connect-timeout", "1", "-c", "list bridge",
                            url="http://admin:hunter2@127.0.0.1:%d/midonet-api" % port), 3)
    assert "hunter2" not in err and "127.0.0.1:%d" % port in err, err
    err = one_line(h.midosh("-c", "list bridge",
                            url="http://admin:hunter2@127.0.0.1:99999/midonet-api"), 2)
    assert "hunter2" not in err and "admin:***@" in err, err


def test_url_credentials_log_in_without_minus_a(h):
    sim, hs = hostile(h, "none", sim=h.sim(auth="token", token="tok"))
    url = hs.url.replace("http://", "http://admin:pw@")
    r = h.midosh("-c", "list bridge", url=url, env={"MIDO_PROJECT_ID": "admin"})
    assert r.rc == 0, r
    logins = [q for q in hs.requests() if q["path"].endswith("/login")]
    assert len(logins) == 1 and logins[0]["headers"].get("Authorization", "").startswith("Basic "), logins
    others = [q for q in hs.requests() if not q["path"].endswith("/login")]
    assert all("Authorization" not in q["headers"] for q in others), others


def test_token_with_crlf_is_refused(h):
    sim, hs = hostile(h, "login-crlf", sim=h.sim(auth="token", token="tok"))
    err = one_line(h.midosh("-c", "list bridge", url=hs.url, env=LOGIN), 3)
    assert "token" in err and "cannot log in" in err, err
    after = [q for q in hs.requests() if not q["path"].endswith("/login")]
    assert after == [], after


def test_cookie_with_a_control_character_is_refused(h):
    sim, hs = hostile(h, "login-ctl-cookie", sim=h.sim(auth="token", token="tok"))
    err = one_line(h.midosh("-c", "list bridge", url=hs.url, env=LOGIN), 3)
    assert "token" in err, err
    after = [q for q in hs.requests() if not q["path"].endswith("/login")]
    assert after == [], after
