# Round trip of `karmem-idl format`: for every .km file given that karmem-idl
# accepts, the formatted text must be accepted again, give the same layout
# (enum values, struct sizes, offsets) and the same ids, and format to itself.
# Usage: check_roundtrip.py KARMEM_IDL WORKDIR FILE.km...
import os
import subprocess
import sys

tool, workdir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(workdir, exist_ok=True)


def run(*args):
    return subprocess.run([tool, *args], capture_output=True, text=True)


failures = 0
for path in files:
    name = os.path.basename(path)
    if run("check", path).returncode != 0:
        print(f"{name}: rejected, skipped")
        continue
    formatted = run("format", path).stdout
    again = os.path.join(workdir, name)
    with open(again, "w", encoding="utf-8") as f:
        f.write(formatted)
    problems = []
    if run("check", again).returncode != 0:
        problems.append("formatted text rejected: " + run("check", again).stderr.strip())
    else:
        for command in ("layout", "ids"):
            if run(command, path).stdout != run(command, again).stdout:
                problems.append(f"{command} differs")
        if run("format", again).stdout != formatted:
            problems.append("format is not idempotent")
    print(f"{name}: {'; '.join(problems) if problems else 'round trip ok'}")
    failures += bool(problems)
sys.exit(1 if failures else 0)
