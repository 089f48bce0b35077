"""Every header of some installed Debian packages, each in its own translation
unit, compiled with and without libkarmem.so: same exit status, same output.

The headers are the files a package installs under an include directory
(`dpkg-query -L`), so the corpus is whatever the machine has, not a list kept
here. --set NAME:PACKAGE:LANGS[:TARGET[:DIRS]], or a line of --sets-file,
adds a package (LANGS is c, c++ or c,c++; TARGET a --target triple, empty for
the host; DIRS comma-separated -I directories its headers need, as its
pkg-config --cflags would give). A TU is
`#include <name>` when that name, looked up on the compiler's own search path
(asked from clang -v for that language and target), finds this very file,
otherwise `#include "/abs/path"` (e.g. glibc's <math.h> in C++, where
libstdc++'s wrapper comes first).

--shard K/N checks every N-th header (in all its languages) from the K-th, so
N test files running K = 1..N together check the whole corpus; each prints
the size of the whole corpus too, which the tests check against a lower bound.
Many headers are not self-contained and fail to compile: that is fine, the
failure must be the same with the plugin. The plugin also gets an output
directory, which must stay empty (no header here has an annotation).
"""
import argparse
import os
import re
import subprocess
import sys

from plugin_compare import (COMMON_FLAGS, add_common_arguments, compare, driver_for, list_dir, plugin_flags,
                            run_pairs, write_times)

HEADER_SUFFIXES = (".h", ".hpp", ".hh", ".tcc")
PACK_RE = re.compile(rb"^[ \t]*#[ \t]*pragma[ \t]+pack\b", re.M)
STD = {"c": "-std=gnu17", "c++": "-std=c++20"}


def package_headers(package):
    p = subprocess.run(["dpkg-query", "-L", package], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit("real_headers: package %s is not installed (scripts/install-deps.sh installs it): %s"
                 % (package, p.stderr.strip()))
    headers = []
    for path in p.stdout.splitlines():
        if "/include/" not in path or not os.path.isfile(path) or os.path.islink(path):
            continue
        base = os.path.basename(path)
        # libstdc++'s standard headers have no suffix (<vector>); skip data files
        # such as bits/stab.def, nssck.api and wasi-libc's include-all.c.
        if base.endswith(HEADER_SUFFIXES) or "." not in base:
            headers.append(path)
    return sorted(set(headers))


def flags_for(lang, target):
    flags = [STD[lang], "-Wall"]
    if target:
        flags.append("--target=" + target)
        if lang == "c++" and target.startswith("wasm32"):
            flags.append("-fno-exceptions")  # as the project's wasm32 builds
    return flags


def search_path(args, lang, target):
    argv = [driver_for(args, lang), "-x", "c" if lang == "c" else "c++"] + flags_for(lang, target) + ["-E", "-v", os.devnull]
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=args.timeout)
    dirs, inside = [], False
    for line in p.stderr.splitlines():
        if line.startswith("#include <...> search starts here:"):
            inside = True
        elif line.startswith("End of search list."):
            inside = False
        elif inside:
            dirs.append(os.path.realpath(line.strip()))
    if not dirs:
        sys.exit("real_headers: no include search path from: %s\n%s" % (" ".join(argv), p.stderr))
    return dirs


def spelling(header, dirs):
    """`<name>` if the search path resolves name to header, else the absolute path."""
    real = os.path.realpath(header)
    for d in dirs:
        if not real.startswith(d + os.sep):
            continue
        name = os.path.relpath(real, d)
        for lookup in dirs:
            candidate = os.path.join(lookup, name)
            if os.path.isfile(candidate):
                if os.path.samefile(candidate, real):
                    return "<%s>" % name
                break
    return '"%s"' % header


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_common_arguments(parser)
    parser.add_argument("--set", action="append", default=[], help="NAME:PACKAGE:LANGS[:TARGET[:DIRS]]")
    parser.add_argument("--sets-file", help="more --set values, one a line (# comments)")
    parser.add_argument("--shard", default="1/1", help="K/N")
    args = parser.parse_args()
    if args.sets_file:
        with open(args.sets_file) as f:
            args.set += [l.split("#")[0].strip() for l in f if l.split("#")[0].strip()]
    if not args.set:
        sys.exit("real_headers: no --set")
    k, n = (int(x) for x in args.shard.split("/"))
    if not 1 <= k <= n:
        sys.exit("real_headers: bad --shard " + args.shard)

    # The whole corpus: (set, header, lang, target), in a fixed order.
    corpus, set_sizes, pack_headers = [], [], 0
    for spec in args.set:
        fields = spec.split(":")
        name, package, langs = fields[0], fields[1], fields[2].split(",")
        target = fields[3] if len(fields) > 3 else ""
        dirs = tuple("-I" + d for d in fields[4].split(",") if d) if len(fields) > 4 else ()
        headers = package_headers(package)
        set_sizes.append("%s %d" % (name, len(headers)))
        for h in headers:
            with open(h, "rb") as f:
                if PACK_RE.search(f.read()):
                    pack_headers += 1
            corpus.append((name, h, langs, target, dirs))
    print("corpus: %d headers in %d translation units (%s), %d of them use #pragma pack"
          % (len(corpus), sum(len(c[2]) for c in corpus), ", ".join(set_sizes), pack_headers))

    mine = [(s, h, lang, t, d) for i, (s, h, langs, t, d) in enumerate(corpus) if i % n == k - 1 for lang in langs]
    work = os.path.abspath(args.work)
    out_dir = os.path.join(work, "out")
    os.makedirs(out_dir, exist_ok=True)
    os.makedirs(os.path.join(work, "tu"), exist_ok=True)
    paths = {}
    pairs, labels = [], []
    by_name = 0
    for i, (set_name, header, lang, target, dirs) in enumerate(mine):
        if (lang, target) not in paths:
            paths[lang, target] = search_path(args, lang, target)
        include = spelling(header, paths[lang, target])
        by_name += include.startswith("<")
        suffix = "c" if lang == "c" else "cpp"
        tu = os.path.join("tu", "%s-%s-%04d.%s" % (set_name, "c" if lang == "c" else "cxx", i, suffix))
        with open(os.path.join(work, tu), "w") as f:
            f.write("#include %s\n" % include)
        plain = [driver_for(args, lang)] + COMMON_FLAGS + flags_for(lang, target) + list(dirs)
        pairs.append((plain + [tu], plain + plugin_flags(args, out_dir) + [tu]))
        labels.append("%s [%s%s] %s (%s)" % (header, lang, " " + target if target else "", tu, include))

    results = run_pairs(args, pairs, work)
    report = []
    counts = {"crashes": 0, "timeouts": 0, "differences": 0, "compile": 0, "fail": 0}
    for label, (plain, plugged) in zip(labels, results):
        failure = compare(label, plain, plugged)
        if failure:
            counts[failure[0]] += 1
            report.extend(failure[1])
        else:
            counts["compile" if plain.rc == 0 else "fail"] += 1
    if args.times:
        write_times(args.times, [(l, a, b) for l, (a, b) in zip(labels, results)])
    written = list_dir(out_dir)
    for line in report:
        print(line)
    if written:
        print("the plugin wrote files for headers without annotations: %s" % ", ".join(written))
    shard_headers = len({(s, h) for s, h, _, _, _ in mine})
    print("shard %d/%d: %d translation units (%d include by name, %d by path): %d compile, %d fail identically"
          % (k, n, len(mine), by_name, len(mine) - by_name, counts["compile"], counts["fail"]))
    print("checked %d headers, %d crashes, %d timeouts, %d differences, %d files written"
          % (shard_headers, counts["crashes"], counts["timeouts"], counts["differences"], len(written)))
    return 1 if report or written or not mine else 0


if __name__ == "__main__":
    sys.exit(main())
