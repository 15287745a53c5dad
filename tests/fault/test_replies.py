"""Replies that must not be taken at their word: a write whose connection dies (defect 6),
replies too large once decoded (defect 7), a Location that is not an object's (defect 14), a
message holding C1 controls (defect 1)."""
import json

from faultutil import bridges, clean, hostile, one_line


def posts(hs):
    return [q for q in hs.requests() if q["method"] == "POST"]


def test_post_lost_after_it_was_carried_out_is_not_sent_again(h):
    sim, hs = hostile(h, "post-close-after")
    # The list first, so that the POST goes over a kept-alive connection.
    err = one_line(h.midosh("-c", "list bridge; create bridge name b1", url=hs.url), 1)
    assert len(posts(hs)) == 1, posts(hs)
    assert bridges(h, sim) == ["b1"], bridges(h, sim)
    assert "not sent again" in err and "'b1' exists now" in err, err


def test_post_lost_before_it_was_carried_out_is_reported_not_created(h):
    sim, hs = hostile(h, "post-close-before")
    err = one_line(h.midosh("-c", "list bridge; create bridge name b1", url=hs.url), 1)
    assert len(posts(hs)) == 1, posts(hs)
    assert bridges(h, sim) == [], bridges(h, sim)
    assert "nothing named 'b1' exists" in err, err


def test_reply_larger_than_the_cap_fails(h):
    sim, hs = hostile(h, "big-list")
    err = one_line(h.midosh("--max-reply-size", "1M", "-c", "list bridge", url=hs.url), 1)
    assert "larger than 1048576 bytes" in err and "--max-reply-size" in err, err
    r = clean(h.midosh("--max-reply-size", "4M", "-o", "json", "-c", "list bridge", url=hs.url))
    assert r.rc == 0, r
    err = one_line(h.midosh("--max-reply-size", "12x", "-c", "list bridge", url=hs.url), 2)
    assert "invalid size" in err, err


def test_gzip_bomb_is_stopped_at_the_decoded_cap(h):
    sim, hs = hostile(h, "gzip-bomb")
    err = one_line(h.midosh("-c", "list bridge", url=hs.url), 1)
    assert "larger than 67108864 bytes" in err, err


def test_location_outside_the_collection_is_refused(h):
    sim, hs = hostile(h, "location-file")
    err = one_line(h.midosh("-c", "create bridge name b1", url=hs.url), 1)
    assert "Location" in err and "file:///etc/passwd" in err, err
    sim2, hs2 = hostile(h, "location-not-id")
    r = h.midosh("-c", "create bridge name b2", url=hs2.url)
    err = one_line(r, 1)
    assert "passwd" not in r.out and "Location" in err, r


def broken_list(h, fault, args, rc, words):
    """`list bridge` over a reply that breaks off or is garbled: one line saying so, the exit
    status rc, and no part of a list printed, in text as in JSON (whose objects are formatted
    as they come, and wait until the list is whole)."""
    sim, hs = hostile(h, fault)
    for fmt in ("text", "json"):
        r = h.midosh("-o", fmt, *args, "-c", "list bridge", url=hs.url)
        err = one_line(r, rc)
        assert all(w in err for w in words), (fault, fmt, err)
        assert r.out == "", (fault, fmt, r.out[:200])


def test_list_cut_in_an_element_fails(h):
    broken_list(h, "cut-list", [], 1, ["cannot list bridges", "not a list"])


def test_list_garbled_in_the_middle_fails(h):
    broken_list(h, "garbled-list", [], 1, ["cannot list bridges", "not a list"])


def test_list_that_is_an_object_fails(h):
    broken_list(h, "object-list", [], 1, ["cannot list bridges", "not a list"])


def test_list_whose_connection_closes_early_fails(h):
    broken_list(h, "short-list", [], 3, ["cannot list bridges", "cannot reach", "transfer closed"])


def test_list_without_a_length_is_stopped_at_the_cap(h):
    broken_list(h, "big-list-close", ["--max-reply-size", "1M"], 1,
                ["larger than 1048576 bytes", "--max-reply-size"])
    sim, hs = hostile(h, "big-list-close")
    r = clean(h.midosh("--max-reply-size", "4M", "-o", "json", "-c", "list bridge", url=hs.url))
    assert r.rc == 0 and len(json.loads(r.out)) == 2048, r.err


def writes(hs, method):
    return [q for q in hs.requests() if q["method"] == method]


def state(h, sim, name):
    r = h.midosh("-c", "show bridge %s state" % name, url=sim.url)
    assert r.rc == 0, r
    return r.out.strip()


def lost_write(h, fault, command):
    """A bridge b1 on a simulator, and command run (after a list, so that the write goes
    over a kept-alive connection) through a proxy that closes the connection of the first
    write of fault's kind: the one line it gives, with the write sent once."""
    sim = h.sim()
    assert h.midosh("-c", "create bridge name b1", url=sim.url).rc == 0
    sim, hs = hostile(h, fault, sim=sim)
    err = one_line(h.midosh("-c", "list bridge; " + command, url=hs.url), 1)
    method = fault.split("-")[0].upper()
    assert len(writes(hs, method)) == 1, writes(hs, method)
    assert "not sent again" in err, err
    return sim, err


def test_put_lost_after_it_was_carried_out_is_not_sent_again(h):
    sim, err = lost_write(h, "put-close-after", "bridge b1 set state down")
    assert "holds the values sent now" in err, err
    assert state(h, sim, "b1") == "down"


def test_put_lost_before_it_was_carried_out_is_reported_not_done(h):
    sim, err = lost_write(h, "put-close-before", "bridge b1 set state down")
    assert "does not hold the values sent, so it was not changed" in err, err
    assert state(h, sim, "b1") == "up"


def test_delete_lost_after_it_was_carried_out_is_not_sent_again(h):
    sim, err = lost_write(h, "delete-close-after", "delete bridge b1")
    assert "gone now, most likely deleted by it" in err, err
    assert bridges(h, sim) == [], bridges(h, sim)


def test_delete_lost_after_it_was_carried_out_is_done_for_if_exists(h):
    """Read back and gone: what --if-exists asks for, so no error; and the run's cache
    forgets the bridge either way (the list after it does not show it)."""
    sim = h.sim()
    assert h.midosh("-c", "create bridge name b1", url=sim.url).rc == 0
    sim, hs = hostile(h, "delete-close-after", sim=sim)
    r = h.midosh("-c", "list bridge; --if-exists delete bridge b1; list bridge", url=hs.url)
    assert r.rc == 0 and r.out.splitlines() == ["bridge b1 name b1 state up"], r
    assert "gone now, most likely deleted by it" in r.err, r
    assert len(writes(hs, "DELETE")) == 1, writes(hs, "DELETE")


def test_delete_lost_before_it_was_carried_out_is_reported_not_done(h):
    sim, err = lost_write(h, "delete-close-before", "delete bridge b1")
    assert "still exists, so it was not deleted" in err, err
    assert bridges(h, sim) == ["b1"], bridges(h, sim)


def test_error_message_with_c1_controls_is_escaped(h):
    """A server's message holding U+009B (a CSI of its own), U+0085 (a next line) and ESC
    reaches standard error as \\xHH, on one line."""
    sim, hs = hostile(h, "error-c1")
    err = one_line(h.midosh("-c", "create bridge name b1", url=hs.url), 1)
    assert not any(0x80 <= ord(c) <= 0x9f or ord(c) < 0x20 and c != "\n" for c in err), err
    assert "bad \\xc2\\x9b2J\\x1b]0;owned\\x07 \\xc2\\x85name" in err, err
