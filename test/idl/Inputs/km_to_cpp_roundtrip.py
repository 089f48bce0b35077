"""For km-to-cpp.test: per golden schema, generate C++ from its .km, run the
plugin on that and on the hand-written header, and say whether the two .km
files the plugin writes are the same (printing the diff when they are not)."""
import argparse
import difflib
import os
import shlex
import shutil
import subprocess
import sys

# (Karmem's .km in test/golden/schemas, the stem of the hand-written header)
SCHEMAS = [
    ("alltypes_packed", "alltypes"),
    ("alltypes_unpacked", "alltypes_unpacked"),
    ("basic", "basic"),
    ("evo_v1", "evo_v1"),
    ("evo_v2", "evo_v2"),
    ("example_packed", "example"),
    ("example_unpacked", "example_unpacked"),
    ("game", "game"),
    ("paths", "paths"),
]


def plugin_km(cxx, header, out_dir, include):
    """Runs the plugin on `header`; returns the .km it writes."""
    os.makedirs(out_dir, exist_ok=True)
    cmd = shlex.split(cxx) + [f"-fplugin-arg-karmem-out-dir={out_dir}", "-fsyntax-only",
                              "-x", "c++-header", f"-I{include}", header]
    subprocess.run(cmd, check=True)
    stem = os.path.splitext(os.path.basename(header))[0]
    with open(os.path.join(out_dir, stem + ".km"), encoding="utf-8") as f:
        return f.read()


def main():
    p = argparse.ArgumentParser()
    for flag in ("--idl", "--cxx", "--golden", "--srcroot", "--out"):
        p.add_argument(flag, required=True)
    a = p.parse_args()
    status = 0
    for km, stem in SCHEMAS:
        gen = os.path.join(a.out, "gen", stem)
        os.makedirs(gen, exist_ok=True)
        header = os.path.join(gen, stem + ".h")
        with open(header, "w", encoding="utf-8") as f:
            # The hand-written headers use a namespace named after the file.
            subprocess.run([a.idl, "cpp", os.path.join(a.golden, "schemas", km + ".km"), stem],
                           stdout=f, check=True)
        inputs = os.path.join(a.golden, "Inputs")
        hand_source = (os.path.join(a.srcroot, "examples", "game", "game.h") if stem == "game"
                       else os.path.join(inputs, stem + ".h"))
        hand = os.path.join(a.out, "hand", stem)
        os.makedirs(hand, exist_ok=True)
        shutil.copy(hand_source, hand)
        from_generated = plugin_km(a.cxx, header, gen, inputs)
        from_hand = plugin_km(a.cxx, os.path.join(hand, stem + ".h"), hand, inputs)
        if from_generated == from_hand:
            print(f"{stem}: same .km")
        else:
            status = 1
            print(f"{stem}: different .km")
            sys.stdout.writelines(difflib.unified_diff(
                from_hand.splitlines(True), from_generated.splitlines(True),
                "hand-written", "generated"))
    return status


if __name__ == "__main__":
    sys.exit(main())
