"""For readme-km-to-cpp.test: writes the README's "From a .km" snippet to
OUT/shop.km and its command, with the built karmem, to OUT/command.sh."""
import re
import sys

readme, out, idl = sys.argv[1:4]
text = open(readme, encoding="utf-8").read()
section = text.split("## From a `.km`", 1)[1].split("\n## ", 1)[0]
km = re.search(r"```km\n(.*?)```", section, re.S).group(1)
command = re.search(r"```sh\n(.*?)```", section, re.S).group(1).strip()
if not command.startswith("build/idl/karmem "):
    sys.exit("the README's command no longer starts with build/idl/karmem: update this test")
with open(f"{out}/shop.km", "w", encoding="utf-8") as f:
    f.write(km)
with open(f"{out}/command.sh", "w", encoding="utf-8") as f:
    f.write(idl + command[len("build/idl/karmem"):] + "\n")
