"""Scripts of many continuation lines, and as many typed at the prompt: read in linear
work (defect 11), counted by the lexer, not by the clock."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "pty"))
from ptyhelp import Pty  # noqa: E402


def lexed(r):
    err = r if isinstance(r, str) else r.err
    m = re.search(r"the lexer read (\d+) bytes", err)
    assert m, err[-2000:]
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


def pasted(h, sim, n):
    """`list \\`, n - 2 lines of a lone backslash and `bridge`, typed at the prompt of
    midosh -d: the bytes its lexer read in the session, and the bytes typed."""
    p = Pty(h, url=sim.url, args=("-d",))
    p.expect_prompt()
    lines = ["list \\"] + ["\\"] * (n - 2) + ["bridge"]
    for i in range(0, n, 100):
        # A hundred lines at a time: the terminal's input queue is not flooded.
        p.send("".join(l + "\r" for l in lines[i:i + 100]))
    p.expect(r"^bridge b name b state up$", timeout=60)
    p.expect_prompt()
    p.send("\x04")
    assert p.wait_exit() == 0
    return lexed(p.raw.decode(errors="replace")), sum(len(l) + 1 for l in lines)


def test_continuation_lines_at_the_prompt_are_read_in_linear_work(h):
    """The same at the interactive prompt: each line typed is lexed once as it comes (with a
    few bytes of state), and the whole command a bounded number of times once it is
    complete (to run it, and to see whether history may keep it); the text so far is not
    lexed again for every line."""
    sim = h.sim()
    assert h.midosh("-c", "create bridge name b", url=sim.url).rc == 0
    n = 2000
    work, size = pasted(h, sim, n)
    assert work <= 4 * size + 4 * n, (work, size)
    small, _ = pasted(h, sim, n // 4)
    assert work <= 5 * small, (small, work)
