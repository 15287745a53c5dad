"""TLS options (defect 13) and several API servers: the first that answers, failover on
connection errors before a request was sent, never for a mutation of unknown outcome."""
import os
import subprocess

from faultutil import bridges, clean, closed_port, hostile, one_line


def cert(h):
    crt, key = os.path.join(h.tmp, "c.pem"), os.path.join(h.tmp, "k.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", crt], check=True, capture_output=True, timeout=60)
    return crt, key


def test_tls_verification_and_its_options(h):
    crt, key = cert(h)
    sim, hs = hostile(h, "none", tls=(crt, key))
    no_env = {"SSL_CERT_FILE": "", "CURL_CA_BUNDLE": "", "SSL_CERT_DIR": ""}
    err = one_line(h.midosh("-c", "list bridge", url=hs.url, env=no_env), 3)
    assert "SSL certificate problem" in err, err
    for args, env in [(["--cacert", crt], no_env),
                      ([], dict(no_env, SSL_CERT_FILE=crt)),
                      ([], dict(no_env, CURL_CA_BUNDLE=crt))]:
        r = clean(h.midosh(*args, "-c", "create bridge name b; list bridge", url=hs.url, env=env))
        assert r.rc == 0 and r.err == "" and "bridge b" in r.out, (args, env, r)
        assert r.out.count("\n") == 2, r.out
        h.http("DELETE", sim.url + "/bridges/" + r.out.split()[0])
    r = clean(h.midosh("--insecure", "-c", "list bridge", url=hs.url, env=no_env))
    assert r.rc == 0 and r.err == "midosh: warning: --insecure: the API's TLS certificate is " \
        "not verified\n", r


def test_https_root_naming_http_is_refused_even_when_allowed(h):
    crt, key = cert(h)
    sim, hs = hostile(h, "root-http", tls=(crt, key))
    err = one_line(h.midosh("--cacert", crt, "--allow-other-origin", "-c", "list bridge",
                            url=hs.url), 3)
    assert "not https" in err, err


def test_first_server_down_the_second_answers(h):
    sim = h.sim()
    down = "http://127.0.0.1:%d/midonet-api" % closed_port()
    r = clean(h.midosh("-c", "create bridge name a; list bridge", url=down + "," + sim.url))
    assert r.rc == 0 and "bridge a" in r.out and r.err == "", r
    err = one_line(h.midosh("--connect-timeout", "1", "-c", "list bridge",
                            url=down + "," + down.replace("/midonet", "/x/midonet")), 3)
    assert "cannot reach" in err, err


def test_server_list_in_the_rc_file(h):
    """api_url in ~/.midonetrc takes the same comma-separated list: the first server is
    down, the second answers."""
    sim = h.sim()
    down = "http://127.0.0.1:%d/midonet-api" % closed_port()
    rc = os.path.join(h.home, ".midonetrc")
    with open(rc, "w") as f:
        f.write("[cli]\napi_url = %s,%s\n" % (down, sim.url))
    os.chmod(rc, 0o600)
    r = clean(h.midosh("-c", "create bridge name a; list bridge"))
    assert r.rc == 0 and "bridge a" in r.out and r.err == "", r
    assert bridges(h, sim) == ["a"], bridges(h, sim)
    # Both down: the list is the rc file's, tried whole.
    with open(rc, "w") as f:
        f.write("[cli]\napi_url = %s,%s\n" % (down, down.replace("/midonet", "/x/midonet")))
    err = one_line(h.midosh("--connect-timeout", "1", "-c", "list bridge"), 3)
    assert "cannot reach" in err, err


def test_server_lost_mid_run_fails_over_with_its_uris(h):
    sim, hs = hostile(h, "die-after=2")   # the root and the first list, then gone
    r = clean(h.midosh("-c", "list bridge; create bridge name a; list bridge",
                       url=hs.url + "," + sim.url))
    assert r.rc == 0 and "bridge a" in r.out, r
    assert bridges(h, sim) == ["a"], bridges(h, sim)


def test_mutation_of_unknown_outcome_is_not_failed_over(h):
    sim, hs = hostile(h, "post-close-after")
    sim2 = h.sim(root=sim.root)
    err = one_line(h.midosh("-c", "list bridge; create bridge name a",
                            url=hs.url + "," + sim2.url), 1)
    assert bridges(h, sim) == ["a"], bridges(h, sim)
    assert "not sent again" in err, err
