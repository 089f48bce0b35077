"""Prints the command of the README's "Sync between browser tabs" section (its
```sh block), whether examples/sync-browser defines that target and runs
server.mjs from it, and whether the section's picture exists."""
import os
import re
import sys

readme, cmakelists = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
section = re.search(r"^## Sync between browser tabs\n(.*?)(?=^## )", text, re.S | re.M)
if not section:
    sys.exit("README.md: no section 'Sync between browser tabs'")
block = re.search(r"```sh\n(.*?)```", section.group(1), re.S)
if not block:
    sys.exit("README.md: no ```sh block in 'Sync between browser tabs'")
command = block.group(1).strip()
target = re.search(r"--target (\S+)$", command)
if not target:
    sys.exit(f"README.md: the command does not end in --target NAME: {command}")
cmake = open(cmakelists, encoding="utf-8").read()
defined = re.search(r"add_custom_target\(\s*" + re.escape(target.group(1)) + r"\b(.*?)\)\n", cmake, re.S)
print(f"command: {command}")
print(f"target {target.group(1)} defined: {bool(defined)}, runs server.mjs: {bool(defined and 'server.mjs' in defined.group(1))}")
for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", section.group(1)):
    path = os.path.join(os.path.dirname(readme), picture)
    print(f"picture {picture}: {'exists' if os.path.isfile(path) else 'MISSING'}")
