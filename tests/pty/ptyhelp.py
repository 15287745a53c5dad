"""Drive an interactive midosh through a real pseudo-terminal.

    p = Pty(h, url=sim.url)          # midosh on a fresh pty, HOME = the test's home
    p.expect_prompt()
    p.send("list bri\t\r")
    p.expect("bridge alpha")
    p.send("\x04")
    assert p.wait_exit() == 0

Output is matched as a terminal would show it (a small emulator renders libedit's cursor
moves and erases), from the line the cursor was on at the last send() (or mark()). Every wait is
bounded: a hung midosh fails the test instead of hanging it.
"""
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time

from harness import TestFailure

PROMPT = "midosh> "
CSI = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z@])")
OTHER_ESC = re.compile(r"\x1b(?:[()][0-9A-Za-z]|[=>78]|\][^\x07]*\x07)")


def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def render(text, rows, cols):
    """The lines a terminal of rows x cols would show (scrollback included) after text:
    a small emulator of what libedit uses (cursor moves, erases, auto-wrap)."""
    lines = [[]]
    row = col = 0
    wrap = False                # xterm's pending wrap after the last column

    def put(ch):
        nonlocal row, col, wrap
        if wrap:
            row, col, wrap = row + 1, 0, False
        while len(lines) <= row:
            lines.append([])
        line = lines[row]
        while len(line) < col:
            line.append(" ")
        if col < len(line):
            line[col] = ch
        else:
            line.append(ch)
        if col == cols - 1:
            wrap = True
        else:
            col += 1

    i = 0
    while i < len(text):
        c = text[i]
        if c == "\x1b":
            m = CSI.match(text, i) or OTHER_ESC.match(text, i)
            i = m.end() if m else i + 1
            if not m or m.re is OTHER_ESC:
                continue
            args = [int(a) if a.isdigit() else 0 for a in m.group(1).lstrip("?").split(";")]
            n = max(args[0], 1)
            op = m.group(2)
            wrap = False
            while len(lines) <= row:
                lines.append([])
            if op == "G":
                col = min(n, cols) - 1
            elif op == "C":
                col = min(col + n, cols - 1)
            elif op == "D":
                col = max(col - n, 0)
            elif op == "A":
                row = max(row - n, 0)
            elif op == "B":
                row += n
            elif op == "H":
                top = max(len(lines) - rows, 0)
                row = top + max(args[0], 1) - 1
                col = (max(args[1], 1) if len(args) > 1 else 1) - 1
            elif op == "K":
                if args[0] == 0:
                    del lines[row][col:]
                elif args[0] == 2:
                    lines[row] = []
                else:
                    lines[row][:col] = [" "] * min(col, len(lines[row]))
            elif op == "J":
                if args[0] == 0:
                    del lines[row][col:]
                    del lines[row + 1:]
                elif args[0] == 2:
                    top = max(len(lines) - rows, 0)
                    del lines[top:]
                    lines.append([])
            elif op == "P":
                del lines[row][col:col + n]
            elif op == "@":
                lines[row][col:col] = [" "] * n
            continue
        i += 1
        if c == "\r":
            col, wrap = 0, False
        elif c == "\n":
            row, wrap = row + 1, False
            while len(lines) <= row:
                lines.append([])
        elif c == "\b":
            col, wrap = max(col - 1, 0), False
        elif c == "\t":
            for _ in range(8 - col % 8):
                put(" ")
        elif c >= " ":
            put(c)
    return ["".join(l) for l in lines], row


class Pty:
    def __init__(self, h, url=None, env=None, args=(), rows=30, cols=100, command=None):
        """midosh with args on a new terminal, or command (an argv) instead of midosh."""
        master, slave = os.openpty()
        set_size(slave, rows, cols)
        e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
        # No pager unless the test asks for one (test_pager.py): a pager would wait for keys.
        e.update({"HOME": h.home, "TERM": "xterm", "MIDOSH_PAGER": "",
                  "ASAN_OPTIONS": e.get("ASAN_OPTIONS", "") + ":detect_leaks=1"})
        if url:
            e["MIDO_API_URL"] = url
        if env:
            e.update(env)

        def controlling_tty():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        argv = list(command) if command else [h.bin("midosh")] + list(args)
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave,
                                     stderr=slave, env=e, start_new_session=True,
                                     preexec_fn=controlling_tty, close_fds=True)
        os.close(slave)
        self.fd = master
        self.raw = b""
        self.rows, self.cols = rows, cols
        self.start = 0          # the first screen line searched by expect()
        self.typed = False      # keys were sent since the last prompt
        self.rc = None
        h._procs.append(self)   # stopped by the harness whatever happens

    # -- output ----------------------------------------------------------------------
    def _read(self, timeout):
        """Read what is there within timeout seconds; False at end of output."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:         # EIO: the child closed the terminal
            return False
        if not data:
            return False
        self.raw += data
        return True

    def screen(self):
        """The rendered lines so far and the cursor's line."""
        return render(self.raw.decode(errors="replace"), self.rows, self.cols)

    def text(self):
        """The rendered lines from the mark on."""
        return "\n".join(self.screen()[0][self.start:])

    def mark(self):
        """Search only from the cursor's line on."""
        while select.select([self.fd], [], [], 0)[0] and self._read(0):
            pass
        self.start = self.screen()[1]

    def expect(self, pattern, timeout=10.0):
        """Wait until the rendered lines from the mark on match pattern (a regex, ^ and $
        at line ends). Returns the seconds it took; the mark moves to the match's end."""
        t0 = time.monotonic()
        rx = re.compile(pattern, re.M)
        while True:
            text = self.text()
            m = rx.search(text)
            if m:
                self.start += text[:m.end()].count("\n")
                return time.monotonic() - t0
            left = t0 + timeout - time.monotonic()
            if left <= 0:
                raise TestFailure("no %r within %.1f s; the terminal showed:\n%s"
                                  % (pattern, timeout, text[-3000:]))
            if not self._read(min(left, 0.1)) and not rx.search(self.text()):
                raise TestFailure("midosh closed the terminal before %r; it showed:\n%s"
                                  % (pattern, self.text()[-3000:]))

    def editing(self):
        """libedit has the terminal in raw mode (no ICANON): keys reach it one by one."""
        return not termios.tcgetattr(self.fd)[3] & termios.ICANON

    def expect_prompt(self, timeout=10.0):
        """Wait for a fresh, empty prompt and for libedit to be reading: keys typed while
        the terminal is still in cooked mode would be echoed by the kernel, and ^C or ^D
        would mean something else."""
        if self.typed:
            # Not the prompt the keys were typed at, before their echo arrives.
            self.start += 1
        took = self.expect("^" + re.escape(PROMPT) + "$", timeout)
        self.typed = False
        end = time.monotonic() + timeout
        while not self.editing():
            if time.monotonic() > end:
                raise TestFailure("the prompt is shown but the terminal stays in cooked mode")
            self._read(0.01)
        return took

    # -- input -----------------------------------------------------------------------
    def send(self, text):
        """Type text (str or bytes); the mark moves to the end of the output so far."""
        self.mark()
        self.typed = True
        os.write(self.fd, text.encode() if isinstance(text, str) else text)

    def resize(self, rows, cols):
        self.rows, self.cols = rows, cols
        set_size(self.fd, rows, cols)
        os.killpg(self.proc.pid, signal.SIGWINCH)

    # -- the end -----------------------------------------------------------------------
    def wait_exit(self, timeout=10.0):
        """The exit status; fails the test if midosh does not exit in time."""
        end = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() > end:
                raise TestFailure("midosh did not exit within %.0f s; it showed:\n%s"
                                  % (timeout, self.text()[-3000:]))
            self._read(0.05)
        while self._read(0):
            if not select.select([self.fd], [], [], 0)[0]:
                break
        self.rc = self.proc.returncode
        return self.rc

    def stop(self):
        """SIGTERM first, so that a script (the demo) stops what it started; then SIGKILL."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        try:
            os.close(self.fd)
        except OSError:
            pass
