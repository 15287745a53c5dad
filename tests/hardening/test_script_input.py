"""Scripts of many continuation lines: read in linear work, checked with -n."""
import os
import re


def lexed(r):
    m = re.search(r"the lexer read (\d+) bytes", r.err)
    assert m, r.err
    return int(m.group(1))


def check(h, name, text):
    path = os.path.join(h.tmp, name)
    with open(path, "w") as f:
        f.write(text)
    r = h.midosh("-d", "-n", "-f", path, timeout=60)
    assert "Sanitizer" not in r.err and "runtime error" not in r.err, r.err
    assert r.rc == 0, r
    return lexed(r), len(text)


def test_continuation_lines_are_read_in_linear_work(h):
    """20,000 backslash-continued lines, and 20,000 lines inside one quote: each byte of
    the script is lexed a bounded number of times (it was lexed again for every line): twice,
    and a few bytes of state per line."""
    n = 20000
    work, size = check(h, "backslashes.mido", "list \\\n" + "\\\n" * (n - 2) + "bridge\n")
    assert work <= 2 * size + 4 * n, (work, size)
    work, size = check(h, "quote.mido", "list bridge name 'x\n" + "y\n" * (n - 2) + "z'\n")
    assert work <= 2 * size + 4 * n, (work, size)
    # The work grows with the input, not with its square: 4 times the lines, about 4 times
    # the bytes lexed.
    small, _ = check(h, "small.mido", "list \\\n" + "\\\n" * (n // 4 - 2) + "bridge\n")
    big, _ = check(h, "big.mido", "list \\\n" + "\\\n" * (n - 2) + "bridge\n")
    assert big <= 5 * small, (small, big)
