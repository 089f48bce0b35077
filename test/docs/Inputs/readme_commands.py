"""Prints the ```sh block of a README section (the first '## ' heading that
contains WORDS, backquotes ignored) as a shell script, with
build/idl/karmem replaced by the built tool and files the commands write
(a bare name after '>') placed in OUT."""
import re
import sys

readme, words, tool, out = sys.argv[1:5]
text = open(readme, encoding="utf-8").read()
sections = text.split("\n## ")
section = next(s for s in sections if words in s.splitlines()[0].replace("`", ""))
block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
for line in block.strip().splitlines():
    if not line.startswith("build/idl/karmem "):
        sys.exit(f"unexpected README command: {line}")
    line = tool + line[len("build/idl/karmem"):]
    line = re.sub(r"> (\w+\.json)", rf"> {out}/\1", line)
    line = re.sub(r"(--root \w+) (\w+\.json)", rf"\1 {out}/\2", line)
    print(line)
