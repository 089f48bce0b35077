# lit configuration for karmem-clang. The build writes lit-site.json (paths to
# clang-19, the plugin, node, ...); ctest passes it as --param karmem_site=...
import json
import os
import shutil

import lit.formats

config.name = "karmem-clang"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs", "tools", "golden-gen", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)

site_path = lit_config.params.get("karmem_site")
if not site_path:
    lit_config.fatal("run through ctest, or pass --param karmem_site=<build>/test/lit-site.json")
with open(site_path) as f:
    site = json.load(f)
# ctest runs each test file in its own exec root (test/CMakeLists.txt).
exec_subdir = lit_config.params.get("karmem_exec_subdir")
config.test_exec_root = os.path.join(site["exec_root"], exec_subdir) if exec_subdir else site["exec_root"]

src = site["source_root"]
tools = site["llvm_tools_dir"]
config.environment["PATH"] = os.pathsep.join([tools, config.environment.get("PATH", os.environ.get("PATH", ""))])
for var in ("HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

runtime_inc = os.path.join(src, "runtime", "include")
clangxx = site["clangxx"]
common = f"-std=c++20 -I{runtime_inc}"
wasm = f"{clangxx} --target=wasm32-wasi -fno-exceptions -O2 -msimd128 -mbulk-memory {common}"
# The stack goes below the data, so an overflow traps instead of silently
# overwriting static data (wasm-ld's default stack is only 64 KiB).
wasm_link = f"{wasm} -Wl,--stack-first"

config.karmem_site = site
# The golden drivers built by test/golden/CMakeLists.txt (see its lit.local.cfg).
config.karmem_golden_bin = site.get("golden_bin", os.path.join(site["binary_root"], "test", "golden"))
# test/golden/CMakeLists.txt builds the golden drivers with the flags of
# %native-cxx, %wasm-link and %asan-cxx: keep the two in step.
subs = [
    ("%karmem-cxx", f"{clangxx} {common} -fplugin={site['plugin']}"),
    ("%native-cxx", f"{clangxx} {common} -O1 -g"),
    ("%asan-cxx", f"{clangxx} {common} -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"),
    ("%wasm-cxx", wasm),
    ("%wasm-link", wasm_link),
    ("%run-wasm", f"{site['node']} --no-warnings {os.path.join(src, 'test', 'tools', 'run-wasm.mjs')}"),
    ("%plugin", site["plugin"]),
    ("%idl", site["idl_tool"]),
    ("%karmem-tool", site["karmem_tool"]),
    ("%clangxx", clangxx),
    ("%clang", site["clang"]),
    ("%node", site["node"] + " --no-warnings"),
    ("%python", site["python"]),
    ("%runtime-include", runtime_inc),
    ("%{binary_root}", site["binary_root"]),
    ("%srcroot", src),
    ("%golden-bin", config.karmem_golden_bin),  # before %golden, its prefix
    ("%golden", os.path.join(src, "test", "golden")),
]
# The sync runtime's libraries (runtime/sync/CMakeLists.txt). A wasm32 module
# takes the whole archive so the karmem_sync_* exports survive.
sync_dir = os.path.join(site["binary_root"], "runtime", "sync")
subs += [
    ("%sync-lib-native", os.path.join(sync_dir, "libkarmem_sync.a")),
    ("%sync-lib-asan", os.path.join(sync_dir, "libkarmem_sync_asan.a")),
    ("%sync-lib-wasm", "-Wl,--whole-archive " + os.path.join(sync_dir, "libkarmem_sync_wasm32.a") + " -Wl,--no-whole-archive"),
    # The sync tests' compilers: -O1 without -g (their code is small and
    # links prebuilt -O3 libraries; this keeps the suite's time down).
    ("%sync-cxx-native", f"{clangxx} {common} -O1"),
    ("%sync-cxx-wasm", f"{clangxx} --target=wasm32-wasi -fno-exceptions -O1 -msimd128 -mbulk-memory {common} -Wl,--stack-first"),
]
config.substitutions.extend(subs)

# A clang other than clang-19, for test/plugin/wrong-clang.test: Debian's
# default clang++ is clang 14, which scripts/install-deps.sh does not install,
# so the test runs where one is there (wrong-clang-simulated.test always runs).
for major in range(30, 9, -1):
    other = shutil.which(f"clang++-{major}")
    if other and os.path.realpath(other) != os.path.realpath(clangxx):
        config.available_features.add("wrong-clang")
        config.substitutions.insert(0, ("%wrong-clangxx", other))
        break

# The sync engine (runtime/sync/engine.cpp) that runtime/js/memory-distributor.mjs
# drives, and wabt's wat2wasm for the tests' modules written in WAT (a module in
# a language other than C++). scripts/install-deps.sh installs wabt.
config.substitutions.append(("%sync-engine", os.path.join(sync_dir, "karmem_sync_engine.wasm")))
wat2wasm = shutil.which("wat2wasm")
if wat2wasm:
    config.available_features.add("wat2wasm")
    config.substitutions.append(("%wat2wasm", wat2wasm))
