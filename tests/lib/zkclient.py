"""A minimal ZooKeeper client (get, children, exists, stat; create and delete) speaking the wire protocol.

The tests check what midonet-sim wrote to ZooKeeper with this independent client rather
than with the simulator's own code; create and delete change the store behind the
simulator's back (a node appearing or vanishing while it reads).
"""
import socket
import struct

NO_NODE = -101


class ZkError(Exception):
    pass


class ZkClient:
    def __init__(self, hosts, timeout=10.0):
        self.hosts, self.timeout = hosts, timeout
        self._connect()

    def _connect(self):
        """A new session. This client never pings, so a session left idle longer than its
        timeout (a test busy with the API meanwhile, a loaded machine) is closed by the
        server; _call then starts a new one. No node it makes is ephemeral, so nothing is
        lost with the old session."""
        host, port = self.hosts.split(",")[0].rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), self.timeout)
        self.xid = 0
        req = struct.pack(">iqiq", 0, 0, 10000, 0) + struct.pack(">i", 16) + b"\0" * 16 + b"\0"
        self._send(req)
        self._recv()

    def _send(self, payload):
        self.sock.sendall(struct.pack(">i", len(payload)) + payload)

    def _recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ZkError("connection closed")
            buf += chunk
        return buf

    def _recv(self):
        (n,) = struct.unpack(">i", self._recv_exact(4))
        return self._recv_exact(n)

    @staticmethod
    def _string(s):
        b = s.encode()
        return struct.pack(">i", len(b)) + b

    def _call(self, op, body):
        try:
            return self._call_once(op, body)
        except (ZkError, OSError) as e:
            if isinstance(e, ZkError) and str(e) != "connection closed":
                raise
        # The server ended an idle session before the request was read (it answers nothing
        # of an expired session's requests): the request was not carried out; send it again
        # in a new session.
        self.sock.close()
        self._connect()
        return self._call_once(op, body)

    def _call_once(self, op, body):
        self.xid += 1
        self._send(struct.pack(">ii", self.xid, op) + body)
        while True:
            reply = self._recv()
            xid, _zxid, err = struct.unpack(">iqi", reply[:16])
            if xid == -1:        # a watch event: none are set, but skip anything unexpected
                continue
            if xid != self.xid:
                raise ZkError("reply for xid %d, expected %d" % (xid, self.xid))
            return err, reply[16:]

    def get(self, path):
        """Node data as bytes (b"" for an empty node), or None when the node does not exist."""
        err, body = self._call(4, self._string(path) + b"\0")
        if err == NO_NODE:
            return None
        if err:
            raise ZkError("getData %s: error %d" % (path, err))
        (n,) = struct.unpack(">i", body[:4])
        return b"" if n < 0 else body[4:4 + n]

    def children(self, path):
        """Sorted child names, or None when the node does not exist."""
        err, body = self._call(8, self._string(path) + b"\0")
        if err == NO_NODE:
            return None
        if err:
            raise ZkError("getChildren %s: error %d" % (path, err))
        (count,) = struct.unpack(">i", body[:4])
        off, out = 4, []
        for _ in range(count):
            (n,) = struct.unpack(">i", body[off:off + 4])
            out.append(body[off + 4:off + 4 + n].decode())
            off += 4 + n
        return sorted(out)

    def create(self, path, data=b""):
        """Create a persistent node open to everyone."""
        acl = struct.pack(">ii", 1, 31) + self._string("world") + self._string("anyone")
        body = self._string(path) + struct.pack(">i", len(data)) + data + acl + struct.pack(">i", 0)
        err, _ = self._call(1, body)
        if err:
            raise ZkError("create %s: error %d" % (path, err))

    def delete(self, path):
        """Delete a node (it must have no children); False when it did not exist."""
        err, _ = self._call(2, self._string(path) + struct.pack(">i", -1))
        if err == NO_NODE:
            return False
        if err:
            raise ZkError("delete %s: error %d" % (path, err))
        return True

    def delete_tree(self, path):
        """Delete a node and its descendants; False when it did not exist."""
        kids = self.children(path)
        if kids is None:
            return False
        for k in kids:
            self.delete_tree(path + "/" + k)
        return self.delete(path)

    def stat(self, path):
        """The node's stat as a dict (czxid, mzxid, pzxid, version, ...), or None when the
        node does not exist."""
        err, body = self._call(3, self._string(path) + b"\0")
        if err == NO_NODE:
            return None
        if err:
            raise ZkError("exists %s: error %d" % (path, err))
        names = ("czxid", "mzxid", "ctime", "mtime", "version", "cversion", "aversion",
                 "ephemeralOwner", "dataLength", "numChildren", "pzxid")
        return dict(zip(names, struct.unpack(">qqqqiiiqiiq", body[:68])))

    def exists(self, path):
        return self.children(path) is not None

    def close(self):
        try:
            self._send(struct.pack(">ii", self.xid + 1, -11))
        except OSError:
            pass
        self.sock.close()


def four_letter(hosts, word, timeout=5.0):
    """A four-letter word's answer from the first server of hosts (tests/zkctl allows ruok,
    stat, srvr, mntr, cons and wchp)."""
    host, port = hosts.split(",")[0].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout) as s:
        s.sendall(word.encode())
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out.decode(errors="replace")
            out += chunk

