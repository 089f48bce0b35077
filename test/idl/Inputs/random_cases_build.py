"""For random-roundtrip.test: turns the golden cases random_schemas.py wrote
(<schema>_case.json/.bin beside <schema>.km) into C++ through `karmem cpp`
and the plugin, and writes driver.cpp, which runs the golden harness
(test/golden/Inputs/golden_case.h) on every root, and run.sh, which runs it
on every case."""
import glob
import json
import os
import shlex
import subprocess
import sys

karmem, cxx, directory = sys.argv[1], sys.argv[2], sys.argv[3]
cases, roots, includes = [], [], []
for case_json in sorted(glob.glob(os.path.join(directory, "*_case.json"))):
    meta = json.load(open(case_json))
    schema = meta["schema"][:-3]  # rndX.km -> rndX, also its namespace
    header = os.path.join(directory, schema + ".h")
    subprocess.run([karmem, "cpp", os.path.join(directory, meta["schema"]), "-o", directory],
                   check=True)
    subprocess.run(shlex.split(cxx) + [f"-fplugin-arg-karmem-out-dir={directory}",
                                        "-fsyntax-only", "-x", "c++-header", header], check=True)
    includes.append(f'#include "{schema}.karmem.h"')
    roots.append(f"{schema}::{meta['root']}")
    cases.append(os.path.basename(case_json)[:-5])
with open(os.path.join(directory, "driver.cpp"), "w") as f:
    f.write("\n".join(includes) + '\n#include "golden_case.h"\n\n'
            f"int main(int argc, char **argv) {{ return golden::run<{', '.join(roots)}>(argc, argv); }}\n")
with open(os.path.join(directory, "run.sh"), "w") as f:
    f.write(f"cd {shlex.quote(directory)} && ./driver {' '.join(cases)}\n")
print(f"{len(cases)} cases")
