"""Turns the README's example into files a test compiles, so the README
cannot drift from what works. Usage: readme_example.py README.md OUT_DIR

The first ```cpp block becomes OUT_DIR/game.h. The ```sh block that runs the
plugin is checked to name game.h and out-dir=gen. The next ```cpp block
becomes the body of a function in OUT_DIR/main.cpp (its #include lines go to
the top), given a `monster` with 8 path points to encode; main prints what
the snippet's variables hold."""
import re
import sys

readme, out = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
example = text.split("## Example", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```(\w+)\n(.*?)```", example, re.S)
cpp = [body for lang, body in blocks if lang == "cpp"]
sh = [body for lang, body in blocks if lang == "sh"]
if len(cpp) != 2 or len(sh) != 1:
    sys.exit("README example: expected two cpp blocks and one sh block")
if "-fplugin-arg-karmem-out-dir=gen" not in sh[0] or "game.h" not in sh[0]:
    sys.exit("README example: the command no longer writes gen/ from game.h")

open(f"{out}/game.h", "w").write("#pragma once\n" + cpp[0])
includes = [l for l in cpp[1].splitlines() if l.startswith("#include")]
body = [l for l in cpp[1].splitlines() if not l.startswith("#include")]
main = "\n".join(includes) + """
#include <cstdio>
int main() {
  Monster monster{};
  monster.name = "Orc";
  monster.team = Team::Orcs;
  for (int i = 0; i < 8; ++i)
    monster.path.push_back({float(i), 0.5f, -1.0f});
  monster.is_alive = true;
""" + "\n".join("  " + l for l in body) + """
  std::printf("bytes=%zu x=%.1f name=%.*s back.path=%zu back.alive=%d\\n", w.bytes().size(),
              double(x), int(name.size()), name.data(), back.path.size(), int(back.is_alive));
}
"""
open(f"{out}/main.cpp", "w").write(main)
