#!/usr/bin/env python3
"""What the karmem-clang plugin costs at compile time.

1. `-fsyntax-only` of a header with 200 annotated structs (gen_structs.py),
   as karmem_generate() compiles it, without and with the plugin; runs
   alternate, medians of --reps runs each. Target: the plugin adds at most
   10 % to that translation unit.
2. The size of what the plugin generates (`<stem>.karmem.h`, `.km`), and the
   `-fsyntax-only` time of a translation unit that includes the generated
   header (what users of the types pay, for information).
3. wasm32 code per struct: modules that encode / decode / read through views
   every one of the structs, against one that includes the same header and
   uses none of it; sizes as built (-O3) and after `wasm-opt -O3`.

Prints a Markdown table and writes JSON (and the table) to --out.
Usage: compile_bench.py --build-dir <cmake build dir> [--quick] [--count 200]
       [--reps 15] [--out bench/results/compile.json]"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_structs  # noqa: E402

WASM_FLAGS = ["--target=wasm32-wasi", "-std=c++20", "-O3", "-fno-exceptions", "-msimd128",
              "-mbulk-memory", "-mexec-model=reactor", "-DNDEBUG"]
TARGET_OVERHEAD = 0.10


def fail(message):
    print(f"compile_bench: {message}", file=sys.stderr)
    sys.exit(1)


def run(cmd, cwd=None):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"command failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-4000:]}")
    return r


def timed(cmd):
    t0 = time.perf_counter()
    run(cmd)
    return (time.perf_counter() - t0) * 1000.0


def spread(xs):
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "runs": len(xs)}


def export(name):
    return f'extern "C" __attribute__((export_name("{name}")))'


def module_sources(structs):
    """The C++ of the five modules: baseline, encode, decode, view, all."""
    head = '#include "structs.karmem.h"\n#include <span>\n\n'
    enc, dec, view = [], [], []
    for name, fields in structs:
        t = f"cb::{name}"
        enc.append(f"{export('enc_' + name)} uint32_t enc_{name}(const {t} *v, std::byte *out, uint32_t cap) {{\n"
                   f"  karmem::fixed_writer w{{std::span<std::byte>(out, cap)}};\n"
                   f"  return karmem::encode(w, *v) ? uint32_t(w.size()) : 0;\n}}\n")
        dec.append(f"{export('dec_' + name)} uint32_t dec_{name}(const std::byte *p, uint32_t n, {t} *out) {{\n"
                   f"  return karmem::decode(std::span<const std::byte>(p, n), *out);\n}}\n")
        reads = []
        for field, _, kind in fields:
            if kind == "scalar":
                reads.append(f"  acc += double(v.{field}());")
            elif kind == "enum":
                reads.append(f"  acc += double(static_cast<int64_t>(v.{field}()));")
            elif kind == "sequence":
                reads.append(f"  acc += double(v.{field}().size());")
            else:
                reads.append(f"  acc += v.{field}().karmem_present();")
        view.append(f"{export('view_' + name)} double view_{name}(const std::byte *p, uint32_t n) {{\n"
                    f"  const auto v = karmem::view_root<{t}>(std::span<const std::byte>(p, n));\n"
                    f"  double acc = 0;\n" + "\n".join(reads) + "\n  return acc;\n}\n")
    base = head + f"{export('baseline')} int baseline() {{ return 0; }}\n"
    return {
        "baseline": base,
        "encode": head + "\n".join(enc),
        "decode": head + "\n".join(dec),
        "view": head + "\n".join(view),
        "all": head + "\n".join(enc + dec + view),
    }


def main():
    ap = argparse.ArgumentParser(description="karmem-clang plugin compile-time cost")
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--quick", action="store_true", help="3 runs each, fewer structs for code size")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--reps", type=int)
    ap.add_argument("--out")
    a = ap.parse_args()
    reps = a.reps or (3 if a.quick else 15)
    if reps < 1 or a.count < 1:
        ap.error("--reps and --count must be at least 1")

    build = os.path.abspath(a.build_dir)
    site_path = os.path.join(build, "test", "lit-site.json")
    if not os.path.exists(site_path):
        fail(f"{site_path} is missing: configure the build first (bench/run.sh does)")
    with open(site_path) as f:
        site = json.load(f)
    clangxx, plugin = site["clangxx"], site["plugin"]
    if not os.path.exists(plugin):
        fail(f"{plugin} is missing: build the karmem target first (bench/run.sh does)")
    wasm_opt = shutil.which("wasm-opt")

    work = os.path.join(build, "bench", "compile", "work")
    gen = os.path.join(work, "gen")
    os.makedirs(gen, exist_ok=True)
    text, structs = gen_structs.generate(a.count, 1)
    header = os.path.join(work, "structs.h")
    with open(header, "w") as f:
        f.write(text)

    runtime_inc = os.path.join(SRC_ROOT, "runtime", "include")
    syntax = [clangxx, "-std=c++20", "-x", "c++-header", "-fsyntax-only", f"-I{runtime_inc}", header]
    with_plugin = syntax[:-1] + [f"-fplugin={plugin}", f"-fplugin-arg-karmem-out-dir={gen}", header]

    # Once each, untimed: warms the file cache and produces the generated header.
    run(syntax)
    run(with_plugin)
    generated = os.path.join(gen, "structs.karmem.h")
    km = os.path.join(gen, "structs.km")
    if not os.path.exists(generated):
        fail(f"the plugin did not write {generated}")

    without_ms, with_ms = [], []
    for i in range(reps):
        # Alternate which goes first so drift of the machine hits both alike.
        order = [(syntax, without_ms), (with_plugin, with_ms)]
        for cmd, into in (order if i % 2 == 0 else order[::-1]):
            into.append(timed(cmd))
    overhead = [w / wo - 1 for w, wo in zip(with_ms, without_ms)]

    user_tu = os.path.join(work, "user.cpp")
    with open(user_tu, "w") as f:
        f.write('#include "structs.karmem.h"\n')
    user_cmd = [clangxx, "-std=c++20", "-fsyntax-only", f"-I{runtime_inc}", f"-I{work}", f"-I{gen}", user_tu]
    run(user_cmd)
    user_ms = [timed(user_cmd) for _ in range(reps)]

    sizes = {}
    compile_ms = {}
    for label, source in module_sources(structs).items():
        cpp = os.path.join(work, f"module_{label}.cpp")
        wasm = os.path.join(work, f"module_{label}.wasm")
        with open(cpp, "w") as f:
            f.write(source)
        compile_ms[label] = timed([clangxx, *WASM_FLAGS, f"-I{runtime_inc}", f"-I{work}", f"-I{gen}", cpp, "-o", wasm])
        sizes[label] = {"built": os.path.getsize(wasm)}
        if wasm_opt:
            opt = os.path.join(work, f"module_{label}.opt.wasm")
            run([wasm_opt, "-O3", "--enable-simd", "--enable-bulk-memory", "--enable-sign-ext",
                 "--enable-nontrapping-float-to-int", "--enable-mutable-globals", wasm, "-o", opt])
            sizes[label]["wasm_opt"] = os.path.getsize(opt)
    per_struct = {}
    for label in ("encode", "decode", "view", "all"):
        per_struct[label] = {k: (sizes[label][k] - sizes["baseline"][k]) / a.count for k in sizes[label]}

    with open(generated, "rb") as f:
        gen_bytes = f.read()
    record = {
        "benchmark": "compile (karmem-clang plugin cost)",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "structs": a.count,
        "fields": sum(len(fs) for _, fs in structs),
        "reps": reps,
        "clang": run([clangxx, "--version"]).stdout.splitlines()[0],
        "syntax_only_ms": {"without_plugin": spread(without_ms), "with_plugin": spread(with_ms)},
        "plugin_overhead": spread(overhead),
        "target_overhead_at_most": TARGET_OVERHEAD,
        "met": statistics.median(overhead) <= TARGET_OVERHEAD,
        "generated_header": {"bytes": len(gen_bytes), "lines": gen_bytes.count(b"\n"),
                             "bytes_per_struct": len(gen_bytes) / a.count},
        "generated_km_bytes": os.path.getsize(km) if os.path.exists(km) else None,
        "user_tu_syntax_only_ms": spread(user_ms),
        "wasm_module_bytes": sizes,
        "wasm_bytes_per_struct": per_struct,
        "wasm_compile_ms": compile_ms,
    }

    def ms(s):
        return f"{s['median']:.0f} ms [{s['min']:.0f}–{s['max']:.0f}]"

    o = record["plugin_overhead"]
    opt_col = "wasm-opt -O3" if wasm_opt else "wasm-opt (not installed)"
    lines = [
        f"### Plugin cost: {a.count} annotated structs ({record['fields']} fields), {record['clang']}",
        "",
        f"Medians of {reps} runs each (runs alternate) [min–max].",
        "",
        "| measure | value |",
        "|---|---|",
        f"| `-fsyntax-only` of the header, no plugin | {ms(record['syntax_only_ms']['without_plugin'])} |",
        f"| the same with the plugin (writes `.karmem.h` and `.km`) | {ms(record['syntax_only_ms']['with_plugin'])} |",
        f"| plugin overhead (per run pair) | {o['median'] * 100:+.1f} % [{o['min'] * 100:+.1f}–{o['max'] * 100:+.1f}] "
        f"(target ≤ {TARGET_OVERHEAD * 100:.0f} %: {'met' if record['met'] else '**missed**'}) |",
        f"| generated header | {len(gen_bytes)} bytes, {record['generated_header']['lines']} lines "
        f"({record['generated_header']['bytes_per_struct']:.0f} bytes per struct) |",
        f"| generated `.km` | {record['generated_km_bytes']} bytes |",
        f"| `-fsyntax-only` of a TU including the generated header | {ms(record['user_tu_syntax_only_ms'])} |",
        "",
        f"wasm32 code per struct (bytes; module minus a baseline that includes the header and uses none of it, ÷ {a.count}):",
        "",
        f"| module exports, for every struct | as built (-O3) | {opt_col} |",
        "|---|---:|---:|",
    ]
    for label in ("encode", "decode", "view", "all"):
        p = per_struct[label]
        lines.append(f"| {label} | {p['built']:.0f} | {p.get('wasm_opt', float('nan')):.0f} |")
    lines += ["", f"Baseline module: {sizes['baseline']['built']} bytes as built."]
    markdown = "\n".join(lines)
    print(markdown)

    out = a.out or (None if a.quick else os.path.join(SRC_ROOT, "bench", "results", "compile.json"))
    if out:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        with open(out, "w") as f:
            json.dump(record, f, indent=1)
            f.write("\n")
        md = out[:-5] + ".md" if out.endswith(".json") else out + ".md"
        with open(md, "w") as f:
            f.write(f"# Compile-time results ({record['date'][:10]})\n\n{markdown}\n")
        print(f"compile_bench: wrote {out} and {md}", file=sys.stderr)


if __name__ == "__main__":
    main()
