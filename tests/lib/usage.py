"""What `midosh --help` offers, for the tests that check documents against it."""
import re

OPTION_RE = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def help_options(h):
    """Every option (-c, --command, ...) in the option lines of `midosh --help`."""
    r = h.midosh("--help")
    assert r.rc == 0, r
    opts = set()
    for line in r.out.split("\n"):
        if re.match(r"^  +-", line):
            opts.update(OPTION_RE.findall(line.strip().split("  ")[0]))
    assert "--help" in opts and "-c" in opts, opts
    return opts
