"""For fingerprint-every-path.test: per golden schema, the layout fingerprint
of every struct of Karmem's own .km (`karmem layout`) must be what the plugin
records in the .km it writes from the hand-written C++ header and from the
C++ that `karmem cpp` generates from that .km, and what the generated
header's karmem::fingerprint_of<T> holds (a program compiled against it
prints them). Prints one line per schema, and every difference."""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys

# (Karmem's .km in test/golden/schemas, the hand-written header's stem)
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


def tool_fingerprints(tool, km):
    out = subprocess.run([tool, "layout", km], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^struct (\w+) .* fingerprint=(0x[0-9a-f]{16})$", out, re.M))


def recorded_fingerprints(km_path):
    with open(km_path, encoding="utf-8") as f:
        text = f.read()
    return dict(re.findall(r"^struct (\w+) (?:inline|table).*@karmem\.fingerprint\((0x[0-9a-f]{16})\)",
                           text, re.M))


def run_plugin(cxx, header, out_dir, include):
    os.makedirs(out_dir, exist_ok=True)
    subprocess.run(shlex.split(cxx) + [f"-fplugin-arg-karmem-out-dir={out_dir}", "-fsyntax-only",
                                       "-x", "c++-header", f"-I{include}", header], check=True)
    return os.path.join(out_dir, os.path.splitext(os.path.basename(header))[0])


def header_fingerprints(native_cxx, generated_h, include, work):
    """Compiles a program that prints fingerprint_of<T> for every type with a
    schema specialisation in the generated header."""
    with open(generated_h, encoding="utf-8") as f:
        text = f.read()
    types = re.findall(r"^template <> struct schema<(.+)> \{$", text, re.M)
    main = os.path.join(work, "print_fingerprints.cpp")
    with open(main, "w", encoding="utf-8") as f:
        f.write(f'#include "{os.path.basename(generated_h)}"\n#include <cstdio>\n')
        f.write("int main() {\n")
        for t in types:
            f.write(f'  std::printf("%s 0x%016llx\\n", std::string(karmem::schema<{t}>::name).c_str(), '
                    f"(unsigned long long)karmem::fingerprint_of<{t}>);\n")
        f.write("}\n")
    exe = os.path.join(work, "print_fingerprints")
    subprocess.run(shlex.split(native_cxx) + [f"-I{os.path.dirname(generated_h)}", f"-I{include}",
                                              "-include", "string", main, "-o", exe], check=True)
    out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout
    return dict(line.split() for line in out.splitlines())


def main():
    p = argparse.ArgumentParser()
    for flag in ("--tool", "--cxx", "--native-cxx", "--golden", "--srcroot", "--out"):
        p.add_argument(flag, required=True)
    a = p.parse_args()
    inputs = os.path.join(a.golden, "Inputs")
    status = 0
    for km, stem in SCHEMAS:
        karmem_km = os.path.join(a.golden, "schemas", km + ".km")
        expected = tool_fingerprints(a.tool, karmem_km)

        hand = os.path.join(a.out, "hand", stem)
        os.makedirs(hand, exist_ok=True)
        source = (os.path.join(a.srcroot, "examples", "game", "game.h") if stem == "game"
                  else os.path.join(inputs, stem + ".h"))
        shutil.copy(source, hand)
        hand_out = run_plugin(a.cxx, os.path.join(hand, stem + ".h"), hand, inputs)

        gen = os.path.join(a.out, "gen", stem)
        os.makedirs(gen, exist_ok=True)
        with open(os.path.join(gen, stem + ".h"), "w", encoding="utf-8") as f:
            subprocess.run([a.tool, "cpp", karmem_km, stem], stdout=f, check=True)
        gen_out = run_plugin(a.cxx, os.path.join(gen, stem + ".h"), gen, inputs)

        paths = {
            "hand-written C++ .km": recorded_fingerprints(hand_out + ".km"),
            "karmem cpp .km": recorded_fingerprints(gen_out + ".km"),
            "hand-written C++ header": header_fingerprints(a.native_cxx, hand_out + ".karmem.h",
                                                           inputs, hand),
            "karmem cpp header": header_fingerprints(a.native_cxx, gen_out + ".karmem.h",
                                                     inputs, gen),
        }
        problems = []
        for path, got in paths.items():
            for name, fp in got.items():
                if name not in expected:
                    problems.append(f"  {path}: struct {name} is not in {km}.km")
                elif fp != expected[name]:
                    problems.append(f"  {path}: {name} {fp}, {km}.km says {expected[name]}")
            if path.endswith(".km") and set(got) != set(expected):
                problems.append(f"  {path}: structs {sorted(got)}, {km}.km has {sorted(expected)}")
        checked = sum(len(got) for got in paths.values())
        if problems:
            status = 1
            print(f"{stem}: DIFFERENT")
            print("\n".join(problems))
        else:
            print(f"{stem}: {len(expected)} structs, {checked} fingerprints on 4 paths, all as {km}.km")
    return status


if __name__ == "__main__":
    sys.exit(main())
