# Runs `karmem-idl check` on every .km file of a directory and compares the
# verdicts with the directory's VALIDITY.txt (what Karmem's own parser said).
# Accepted files must print "ok"; rejected files must be rejected at the same
# character as Karmem's parser. Karmem counts lines from 0, karmem-idl from 1,
# so Karmem's "file:L:C" must be karmem-idl's "file:L+1:C". Files that
# VALIDITY.txt does not list are reported with our verdict only.
# Usage: check_validity.py KARMEM_IDL DIR
import pathlib
import re
import subprocess
import sys

tool, directory = sys.argv[1], pathlib.Path(sys.argv[2])
verdict_re = re.compile(r"^(\S+\.km) (accepted|rejected: .*error on \S+?:(\d+):(\d+): .*)$")

expected = {}
for line in (directory / "VALIDITY.txt").read_text(encoding="utf-8").splitlines():
    if not line.strip():
        continue
    m = verdict_re.match(line.rstrip())
    if not m:
        sys.exit(f"unparsed VALIDITY.txt line: {line!r}")
    name = m.group(1)
    if m.group(2) == "accepted":
        expected[name] = None
    else:
        expected[name] = (int(m.group(3)) + 1, int(m.group(4)))

files = sorted(p.name for p in directory.glob("*.km"))
missing = sorted(set(expected) - set(files))
if missing:
    sys.exit(f"VALIDITY.txt lists files that are not in {directory}: {missing}")

failures = 0
for name in files:
    run = subprocess.run([tool, "check", str(directory / name)], capture_output=True, text=True)
    if name not in expected:
        # Reported, not judged: the caller's FileCheck states what it expects.
        verdict = "accepted" if run.returncode == 0 else f"rejected: {run.stderr.strip()}"
        print(f"{name}: not in VALIDITY.txt, {verdict}")
        continue
    want = expected[name]
    if want is None:
        good = run.returncode == 0 and run.stdout.strip() == "ok"
        got = "accepted" if good else f"rejected: {run.stderr.strip()}"
        print(f"{name}: expected accepted, got {got}")
    else:
        m = re.match(r"^.*?([^/]+\.km):(\d+):(\d+): error: ", run.stderr)
        at = (int(m.group(2)), int(m.group(3))) if m else None
        good = run.returncode == 1 and at == want
        print(f"{name}: expected rejected at {want[0]}:{want[1]}, got "
              f"{'rejected at %d:%d' % at if at else 'exit %d %r' % (run.returncode, run.stdout + run.stderr)}")
    if not good:
        failures += 1
        print(f"  MISMATCH for {name}")

print(f"{len(expected)} files in VALIDITY.txt, {failures} mismatches")
sys.exit(1 if failures else 0)
