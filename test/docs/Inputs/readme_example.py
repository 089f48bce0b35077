"""Turns the README's example into files a test compiles, so the README
cannot drift from what works. Usage:
readme_example.py README.md OUT_DIR CLANGXX PLUGIN RUNTIME_INCLUDE

The first ```cpp block becomes OUT_DIR/game.h. The ```sh block that runs the
plugin is checked to name game.h and out-dir=gen, and becomes
OUT_DIR/generate.sh, the same command with the README's `clang++-19`,
`build/plugin/libkarmem.so` and `runtime/include` replaced by CLANGXX, PLUGIN
and RUNTIME_INCLUDE (each must be there as the README spells it). The next ```cpp block
becomes the body of a function in OUT_DIR/main.cpp (its #include lines go to
the top), given a `monster` with 8 path points to encode; main prints what
the snippet's variables hold."""
import re
import shlex
import sys

readme, out, clangxx, plugin, runtime_include = sys.argv[1:6]
text = open(readme, encoding="utf-8").read()
example = text.split("## Example", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```(\w+)\n(.*?)```", example, re.S)
cpp = [body for lang, body in blocks if lang == "cpp"]
sh = [body for lang, body in blocks if lang == "sh"]
if len(cpp) != 2 or len(sh) != 1:
    sys.exit("README example: expected two cpp blocks and one sh block")
if "-fplugin-arg-karmem-out-dir=gen" not in sh[0] or "game.h" not in sh[0]:
    sys.exit("README example: the command no longer writes gen/ from game.h")

# The command as a shell would run it: continuations joined, the comment
# dropped, then the README's paths replaced by the build's.
words = shlex.split(sh[0].replace("\\\n", " "), comments=True)


def replace(readme_word, actual, prefix=""):
    if prefix + readme_word not in words:
        sys.exit(f"README example: the command no longer has {prefix + readme_word!r}")
    words[words.index(prefix + readme_word)] = prefix + actual


if words[:1] != ["clang++-19"] or "-I" not in words:
    sys.exit("README example: the command no longer runs clang++-19 -I runtime/include")
replace("clang++-19", clangxx)
replace("runtime/include", runtime_include)
replace("build/plugin/libkarmem.so", plugin, prefix="-fplugin=")
open(f"{out}/generate.sh", "w").write(" ".join(shlex.quote(w) for w in words) + "\n")

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
