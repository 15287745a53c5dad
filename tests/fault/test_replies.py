"""Replies that must not be taken at their word: a POST whose connection dies (defect 6),
replies too large once decoded (defect 7), a Location that is not an object's (defect 14)."""
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
