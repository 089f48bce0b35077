"""For fingerprint-changes.test: the fingerprint of struct Root (from
`karmem layout`) in each variant FILE, compared with the one in BASE:
prints "<variant>: same" or "<variant>: differs"."""
import os
import re
import subprocess
import sys


def root_fingerprint(tool, path):
    out = subprocess.run([tool, "layout", path], capture_output=True, text=True, check=True).stdout
    found = re.findall(r"^struct Root .* fingerprint=(0x[0-9a-f]{16})$", out, re.M)
    if len(found) != 1:
        sys.exit(f"{path}: no struct Root in `karmem layout`")
    return found[0]


tool, base, *variants = sys.argv[1:]
expected = root_fingerprint(tool, base)
for path in variants:
    name = os.path.splitext(os.path.basename(path))[0]
    print(f"{name}: {'same' if root_fingerprint(tool, path) == expected else 'differs'}")
