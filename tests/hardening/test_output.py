"""A failed write of standard output is an error (exit 1, one line), and what was created
is not lost: the message names it."""
import os
import re
import subprocess

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def run(h, sim, args, stdout):
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update({"HOME": h.home, "MIDO_API_URL": sim.url})
    p = subprocess.run([h.bin("midosh")] + args, stdout=stdout, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, env=e, timeout=60, text=True)
    assert "Sanitizer" not in p.stderr and "runtime error" not in p.stderr, p.stderr
    return p


def bridges(h, sim):
    _, _, body = h.http("GET", sim.url + "/bridges",
                        headers={"Accept": "application/vnd.org.midonet.collection.Bridge-v3+json"})
    return body


def test_output_to_a_full_disk_is_an_error_naming_what_was_created(h):
    sim = h.sim()
    with open("/dev/full", "w") as full:
        p = run(h, sim, ["-c", "create bridge name b1", "-c", "list bridge"], full)
    assert p.returncode == 1, (p.returncode, p.stderr)
    made = [b["id"] for b in bridges(h, sim)]
    assert len(made) == 1, made
    assert re.fullmatch(r"midosh: cannot write the output(: No space left on device)?; "
                        r"created: bridge %s\n" % made[0], p.stderr), p.stderr
    # Nothing created: the error alone.
    with open("/dev/full", "w") as full:
        p = run(h, sim, ["-c", "list bridge"], full)
    assert p.returncode == 1 and re.fullmatch(
        r"midosh: cannot write the output(: No space left on device)?\n", p.stderr), (p.returncode, p.stderr)


def test_closed_output_is_an_error(h):
    sim = h.sim()
    e = {k: v for k, v in os.environ.items() if not k.startswith("MIDO")}
    e.update({"HOME": h.home, "MIDO_API_URL": sim.url})
    p = subprocess.run(["sh", "-c", 'exec "$0" -c "create bridge name b2" >&-', h.bin("midosh")],
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=e, timeout=60, text=True)
    assert "Sanitizer" not in p.stderr, p.stderr
    assert p.returncode == 1, (p.returncode, p.stderr)
    assert re.fullmatch(r"midosh: cannot write the output(: Bad file descriptor)?; created: bridge %s\n"
                        % UUID, p.stderr), p.stderr
    assert [b["name"] for b in bridges(h, sim)] == ["b2"]


def test_output_that_fits_is_still_fine(h):
    sim = h.sim()
    with open(os.path.join(h.tmp, "out"), "w") as f:
        p = run(h, sim, ["-c", "create bridge name b3"], f)
    assert p.returncode == 0 and p.stderr == "", p.stderr
