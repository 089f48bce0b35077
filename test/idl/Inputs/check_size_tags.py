# Karmem's size tests annotate structs with the sizes Karmem computes:
# `struct X inline @total(`8`) @padding(`4`) @content(`4`) {`. This runs
# `karmem-idl layout` on such a file and compares every annotated struct.
# Usage: check_size_tags.py KARMEM_IDL FILE.km
import re
import subprocess
import sys

tool, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
expected = {}
for m in re.finditer(r"^struct (\w+) (?:inline|table)([^{\n]*)\{", text, re.M):
    tags = dict(re.findall(r"@(total|padding|content)\(`(\d+)`\)", m.group(2)))
    if tags:
        expected[m.group(1)] = {k: int(v) for k, v in tags.items()}

run = subprocess.run([tool, "layout", path], capture_output=True, text=True, check=True)
actual = {}
for m in re.finditer(r"^struct (\w+) \w+ \w+ content=(\d+) padding=(\d+) total=(\d+)",
                     run.stdout, re.M):
    actual[m.group(1)] = {"content": int(m.group(2)), "padding": int(m.group(3)),
                          "total": int(m.group(4))}

mismatches = 0
for name, want in expected.items():
    got = {k: actual.get(name, {}).get(k) for k in want}
    if got != want:
        mismatches += 1
        print(f"MISMATCH {name}: Karmem {want}, karmem-idl {got}")
print(f"{len(expected)} annotated structs, {mismatches} mismatches")
sys.exit(1 if mismatches or not expected else 0)
