"""Prints the target of the README's demo command (the ```sh block after
"Run the demo") and checks it is the one examples/exchange defines."""
import re
import sys

readme, cmakelists = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
block = re.search(r"Run the demo.*?```sh\n(.*?)```", text, re.S)
if not block:
    sys.exit("README.md: no ```sh block after 'Run the demo'")
command = block.group(1).strip()
target = re.search(r"--target (\S+)$", command)
if not target:
    sys.exit(f"README.md: the demo command does not end in --target NAME: {command}")
defined = re.search(r"add_custom_target\(\s*" + re.escape(target.group(1)) + r"\b", open(cmakelists).read())
print(f"demo target: {target.group(1)}, defined by examples/exchange: {bool(defined)}")
