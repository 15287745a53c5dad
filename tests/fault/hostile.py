#!/usr/bin/env python3
"""A hostile MidoNet API for the fault-injection tests: a proxy in front of midonet-sim
that misbehaves in one chosen way.

    hostile.py --upstream URL [--fault MODE] [--tls CERT KEY] [--log FILE] [--lifetime SECS]

It listens on a free 127.0.0.1 port and prints its API URL ("http://127.0.0.1:PORT/midonet-api")
as its first line. Requests are passed to the upstream simulator with their Host header, so
the URIs the simulator writes name this proxy. Every request is appended to --log as one JSON
line (method, path, headers). It exits by itself after --lifetime seconds (default 120).

Faults (MODE):
  none               pass everything through
  root-500, root-503 the root document answers that status with an HTML page
  root-html          the root document is an HTML page with status 200
  root-other-origin  the root document's URIs name http://localhost:PORT instead
  root-http          (with --tls) the root document's URIs are http://, not https://
  login-503          POST /login answers 503
  login-401          POST /login answers 401
  login-crlf         the login's token (body "key") holds CR LF and a header
  login-ctl-cookie   the login's cookie holds a control character
  location-file      a 201's Location is file:///etc/passwd
  location-not-id    a 201's Location is under the collection but ends in "passwd"
  post-close-before  the first POST (not /login) is read, then the connection closed
  post-close-after   the first POST (not /login) is carried out, then the connection closed
  put-close-before, put-close-after, delete-close-before, delete-close-after
                     the same for the first PUT or DELETE
  error-c1           a POST (not /login) answers 400 with a message holding C1 controls
                     (U+009B, the one-character CSI) and escapes
  hang-delete        a DELETE is read and never answered
  big-list           a list of bridges answers 2 MiB of JSON
  big-list-close     the same without a Content-Length: its end is the connection's
  cut-list           a list of bridges is 1 MiB of a 2 MiB JSON array, cut in an element
  short-list         a list of bridges says 2 MiB (Content-Length), sends 1 MiB and closes
  garbled-list       a list of bridges is a 2 MiB array with a garbled element in the middle
  object-list        a list of bridges is a JSON object
  gzip-bomb          a list of bridges answers 128 MiB of JSON gzipped into about 128 KiB
  list-500           a list of bridges answers 500 with an HTML page
  list-html          a list of bridges answers 200 with an HTML page
  deep-json          a list of bridges is JSON nested 100,000 deep
  redirect           a list of bridges answers 302 to itself
  hang               a list of bridges is read and never answered
  drip               a list of bridges is answered one byte every half second
  reset              a list of bridges is cut off by a connection reset
  die-after=N        after N replies the proxy stops listening and exits
"""
import argparse
import re
import http.client
import json
import os
import struct
import socket
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse
import zlib

PREFIX = "/midonet-api"


class State:
    lock = threading.Lock()
    writes_faulted = 0
    replies = 0


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--fault", default="none")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--log")
    ap.add_argument("--lifetime", type=float, default=120)
    return ap.parse_args()


ARGS = parse_args()
UP = urllib.parse.urlsplit(ARGS.upstream)
LOG_LOCK = threading.Lock()


def log(entry):
    if not ARGS.log:
        return
    with LOG_LOCK, open(ARGS.log, "a") as f:
        f.write(json.dumps(entry) + "\n")


def gzip_bomb():
    """128 MiB of a JSON list of spaces, gzipped, made in 1 MiB pieces."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [z.compress(b"[")]
    chunk = b" " * (1 << 20)
    for _ in range(128):
        parts.append(z.compress(chunk))
    parts.append(z.compress(b"]"))
    parts.append(z.flush())
    return b"".join(parts)


BOMB = gzip_bomb() if ARGS.fault == "gzip-bomb" else None


def read_request(rfile):
    line = rfile.readline(65536)
    if not line:
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers = []
    while True:
        h = rfile.readline(65536)
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    length = int(next((v for n, v in headers if n.lower() == "content-length"), "0"))
    body = rfile.read(length) if length else b""
    return method, target, headers, body


def big_list():
    """2 MiB of JSON: 2048 bridges of 1000-character names."""
    return json.dumps([{"name": "x" * 1000, "id": str(i)} for i in range(2048)]).encode()


def reply(wfile, status, headers, body):
    reason = http.client.responses.get(status, "Unknown")
    out = ["HTTP/1.1 %d %s" % (status, reason)]
    for n, v in headers:
        out.append("%s: %s" % (n, v))
    out.append("Content-Length: %d" % len(body))
    wfile.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
    wfile.flush()


def upstream(method, target, headers, body):
    conn = http.client.HTTPConnection(UP.hostname, UP.port, timeout=30)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for n, v in headers:
            if n.lower() not in ("connection", "content-length", "accept-encoding"):
                conn.putheader(n, v)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        data = r.read()
        hs = [(n, v) for n, v in r.getheaders()
              if n.lower() not in ("content-length", "transfer-encoding", "connection")]
        return r.status, hs, data
    finally:
        conn.close()


def set_header(headers, name, value):
    return [(n, v) for n, v in headers if n.lower() != name.lower()] + [(name, value)]


def hang(conn):
    """Say nothing until the client gives up (or the proxy's lifetime ends)."""
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


def close_mode(fault):
    """'put' for put-close-before and put-close-after, and so on; None for other modes."""
    m = re.match(r"(post|put|delete)-close-(before|after)$", fault)
    return m.group(1).upper() if m else None


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            try:
                req = read_request(self.rfile)
            except (OSError, ValueError):
                return
            if req is None:
                return
            if not self.one(*req):
                return

    def one(self, method, target, headers, body):
        """Serve one request; False: the connection is to be closed."""
        fault = ARGS.fault
        path = urllib.parse.urlsplit(target).path
        host = next((v for n, v in headers if n.lower() == "host"), "")
        log({"method": method, "path": path, "host": host, "headers": dict(headers)})
        is_root = path in (PREFIX, PREFIX + "/")
        is_login = path == PREFIX + "/login"
        status = None
        if is_root and fault in ("root-500", "root-503"):
            status, hs, data = int(fault[5:]), [("Content-Type", "text/html")], \
                b"<html><body>Service down</body></html>"
        elif is_root and fault == "root-html":
            status, hs, data = 200, [("Content-Type", "text/html")], b"<html>hello</html>"
        elif is_login and fault in ("login-503", "login-401"):
            status, hs, data = int(fault[6:]), [("Content-Type", "text/html")], b"<html>no</html>"
        elif is_login and fault == "login-crlf":
            status, hs = 200, [("Content-Type", "application/json")]
            data = json.dumps({"key": "abc\r\nX-Injected: yes", "expires": None}).encode()
        elif is_login and fault == "login-ctl-cookie":
            status, hs, data = 200, [("Set-Cookie", "sessionId=abc\x01def; Path=/"),
                                     ("Content-Type", "application/json")], b"{}"
        elif method == close_mode(fault) and not is_login:
            with State.lock:
                first = State.writes_faulted == 0
                State.writes_faulted += 1
            if first:
                if fault.endswith("-close-after"):
                    upstream(method, target, headers, body)
                self.connection.shutdown(socket.SHUT_RDWR)
                return False
        elif method == "GET" and path.endswith("/bridges") and fault == "big-list":
            status, hs, data = 200, [("Content-Type", "application/json")], big_list()
        elif method == "GET" and path.endswith("/bridges") and fault == "cut-list":
            data = big_list()
            status, hs, data = 200, [("Content-Type", "application/json")], data[:len(data) // 2]
        elif method == "GET" and path.endswith("/bridges") and fault == "garbled-list":
            data = big_list()
            at = data.index(b'"name"', len(data) // 2)
            status, hs = 200, [("Content-Type", "application/json")]
            data = data[:at] + b'"name": x' + data[at + 9:]
        elif method == "GET" and path.endswith("/bridges") and fault == "object-list":
            status, hs, data = 200, [("Content-Type", "application/json")], b'{"bridges": []}'
        elif method == "GET" and path.endswith("/bridges") and fault in ("short-list",
                                                                          "big-list-close"):
            data = big_list()
            head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            if fault == "short-list":
                head += "Content-Length: %d\r\n" % len(data)
                data = data[:len(data) // 2]
            self.wfile.write((head + "Connection: close\r\n\r\n").encode("latin-1") + data)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return False
        elif method == "POST" and not is_login and fault == "error-c1":
            status, hs = 400, [("Content-Type", "application/json")]
            data = json.dumps({"message": "bad \u009b2J\u001b]0;owned\u0007 \u0085name\u009d",
                               "code": 400}).encode()
        elif method == "DELETE" and fault == "hang-delete":
            hang(self.connection)
            return False
        elif method == "GET" and path.endswith("/bridges") and fault == "hang":
            hang(self.connection)
            return False
        elif method == "GET" and path.endswith("/bridges") and fault == "list-500":
            status, hs, data = 500, [("Content-Type", "text/html")], \
                b"<html><body><h1>Internal Server Error</h1></body></html>"
        elif method == "GET" and path.endswith("/bridges") and fault == "list-html":
            status, hs, data = 200, [("Content-Type", "text/html")], b"<html>bridges</html>"
        elif method == "GET" and path.endswith("/bridges") and fault == "deep-json":
            status, hs = 200, [("Content-Type", "application/json")]
            data = b"[" * 100000 + b"]" * 100000
        elif method == "GET" and path.endswith("/bridges") and fault == "redirect":
            status, hs, data = 302, [("Location", "http://%s%s" % (host, target))], b""
        elif method == "GET" and path.endswith("/bridges") and fault in ("drip", "reset"):
            data = big_list()
            head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    "Content-Length: %d\r\n\r\n" % len(data)).encode("latin-1")
            if fault == "reset":
                self.wfile.write(head + data[:len(data) // 2])
                self.wfile.flush()
                # Closed with a zero linger: the peer gets a reset, not an end.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.close()
                return False
            self.wfile.write(head)
            self.wfile.flush()
            try:
                for b in data:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            return False
        elif method == "GET" and path.endswith("/bridges") and fault == "gzip-bomb":
            status, hs, data = 200, [("Content-Type", "application/json"),
                                     ("Content-Encoding", "gzip")], BOMB
        if status is None:
            status, hs, data = upstream(method, target, headers, body)
            if is_root and fault == "root-other-origin":
                port = host.rsplit(":", 1)[1]
                data = data.replace(("127.0.0.1:%s" % port).encode(),
                                    ("localhost:%s" % port).encode())
            if ARGS.tls and not (is_root and fault == "root-http"):
                # The simulator speaks plain HTTP behind us: its URIs name https here.
                data = data.replace(b"http://127.0.0.1", b"https://127.0.0.1")
                hs = [(n, v.replace("http://127.0.0.1", "https://127.0.0.1")) for n, v in hs]
            if status == 201 and fault == "location-file":
                hs = set_header(hs, "Location", "file:///etc/passwd")
            if status == 201 and fault == "location-not-id":
                loc = dict((n.lower(), v) for n, v in hs)["location"]
                hs = set_header(hs, "Location", loc.rsplit("/", 1)[0] + "/passwd")
        done = False
        if fault.startswith("die-after="):
            with State.lock:
                State.replies += 1
                done = State.replies >= int(fault.split("=", 1)[1])
        if done:
            # Stop listening first, and say the connection ends: the next request finds
            # nothing to connect to, before anything of it was sent.
            self.server.socket.shutdown(socket.SHUT_RDWR)
            self.server.socket.close()
            hs = hs + [("Connection", "close")]
        reply(self.wfile, status, hs, data)
        if done:
            self.connection.shutdown(socket.SHUT_RDWR)
            os._exit(0)
        return True


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def get_request(self):
        sock, addr = super().get_request()
        if ARGS.tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(ARGS.tls[0], ARGS.tls[1])
            sock.settimeout(10)
            try:
                sock = ctx.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError):
                sock.close()
                raise OSError("TLS handshake failed")
            sock.settimeout(None)
        return sock, addr


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    port = srv.server_address[1]
    timer = threading.Timer(ARGS.lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    print("%s://127.0.0.1:%d%s" % ("https" if ARGS.tls else "http", port, PREFIX), flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
