"""Every #pragma clang 19 knows, one entry per translation unit, compiled
with and without libkarmem.so (pragma-corpus.test).

The corpus is pragma_corpus.txt (format in its header). Each entry becomes
one TU per language, in two variants:

  plain      the entry's text (at file scope, or in a function body for
             `at=body`) followed by an ordinary struct and function, no
             annotation anywhere. Exit status, stdout and stderr must be
             identical with and without the plugin.
  annotated  the same TU with a [[karmem::struct(inline)]] struct before the
             text and a [[karmem::struct(table)]] one after it, so the
             plugin's own path (token watcher, attribute, schema, outputs)
             runs next to the pragma. Without the plugin clang warns that
             the attribute is unknown; both runs get -Wno-unknown-attributes,
             which silences exactly that and nothing the plugin says, so here
             too exit status, stdout and stderr must be identical. On top of
             that, when the TU compiles, the plugin must have written a .km
             with both structs (the attribute was really seen). Entries with
             annotate=no, and OpenCL, have no annotated variant. C uses
             -std=gnu17 for the plain variant and -std=gnu23 (C23 attributes)
             for the annotated one.

Failures the plugin is known to have are listed in KNOWN_PLUGIN_BUGS: such a
TU is reported, counted apart and does not fail the run, but if it passes it
fails the run ("unexpectedly passed"), so the entry is removed once fixed.

The driver also checks the corpus itself: each entry's pragmas must be among
the handlers listed by `%handler` (read from clang's sources), every listed
handler must be used, and clang must not call an entry's pragma unknown
(-Wunknown-pragmas) unless the entry says unknown=yes.
"""
import argparse
import os
import re
import sys

from plugin_compare import (COMMON_FLAGS, add_common_arguments, compare, driver_for, list_dir, plugin_flags,
                            run_pairs, write_times)

# (entry id, variant, language) -> why the plugin fails it, and where in
# plugin/. Remove an entry when the bug is fixed (the run then says
# UNEXPECTEDLY PASSED and fails).
# None today: the module-build and pragma-in-arguments bugs this corpus found
# are fixed (plugin/AttributeArguments.cpp; modules-nested-build.test,
# attr-args-pragma-inside.cpp). An entry looks like
#   KNOWN_PLUGIN_BUGS[("entry-id", "annotated", "c++")] = "why, and where in plugin/"
KNOWN_PLUGIN_BUGS = {}

CUDA_FLAGS = ["-std=c++20", "-nocudainc", "-nocudalib", "--cuda-host-only", "--cuda-path=/nonexistent-cuda"]
LANG = {
    # language: (driver, suffix, plain flags, annotated flags)
    "c": ("c", "c", ["-std=gnu17"], ["-std=gnu23"]),
    "c++": ("c++", "cpp", ["-std=c++20"], ["-std=c++20"]),
    "cl": ("c", "cl", [], None),
    # CUDA host side only, without a CUDA installation (the same on every
    # machine: --cuda-path points nowhere, nothing is looked up there).
    "cuda": ("c++", "cu", CUDA_FLAGS, CUDA_FLAGS),
}
WARNINGS = ["-Wall", "-Wextra"]
NAMESPACES = ("GCC", "clang", "STDC", "OPENCL")
STDC_KNOWN = ("FP_CONTRACT", "FENV_ACCESS", "FENV_ROUND", "CX_LIMITED_RANGE")

AFTER_TOP = ("struct karmem_corpus_after { char c; int i; };\n"
             "int karmem_corpus_fn(int *a, int n) { int s = 0; for (int i = 0; i < n; ++i) s += a[i]; return s; }\n")
BEFORE_KM = "struct [[karmem::struct(inline)]] KmBefore { int x; };\n"
AFTER_KM = "struct [[karmem::struct(table)]] KmAfter { int x; };\n"


class Entry:
    def __init__(self, ident, options, line):
        self.id = ident
        self.line = line
        self.langs = options.pop("langs", "c,c++").split(",")
        self.at = options.pop("at", "top")
        self.flags = [f for f in options.pop("flags", "").split(",") if f]
        self.annotate = options.pop("annotate", "yes")
        self.schema = [tuple(x.split(":")) for x in options.pop("schema", "").split(",") if x]
        self.unknown = options.pop("unknown", "no") == "yes"
        if (options or self.at not in ("top", "body") or any(l not in LANG for l in self.langs)
                or self.annotate not in ("yes", "no", "only")):
            sys.exit("pragma_corpus: bad entry header at line %d: %s" % (line, ident))
        self.text = ""


def read_corpus(path):
    handlers, excluded, entries = [], [], []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if line.startswith("##"):
                continue  # a comment of the corpus file, never part of a TU
            if line.startswith("=== "):
                words = line.split()
                options = dict(w.split("=", 1) for w in words[2:])
                entries.append(Entry(words[1], options, number))
            elif line.startswith("%handler "):
                handlers.append(" ".join(line.split()[1:]))
            elif line.startswith("%excluded "):
                excluded.append(" ".join(line.split()[1:]))
            elif entries:
                entries[-1].text += line
            elif line.strip():
                sys.exit("pragma_corpus: text before the first entry at line %d" % number)
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        sys.exit("pragma_corpus: duplicate entry ids")
    return handlers, excluded, entries


PRAGMA_LINE = re.compile(r"^\s*#\s*pragma\s+(.*)$", re.M)
PRAGMA_OPERATOR = re.compile(r'_Pragma\s*\(\s*(?:u8|L|u|U)?"((?:[^"\\]|\\.)*)"\s*\)')
MS_PRAGMA = re.compile(r"__pragma\s*\(\s*([A-Za-z_]\w*)")


def handler_of(pragma_text):
    words = re.findall(r"[A-Za-z_]\w*", pragma_text)
    if not words:
        return None
    if words[0] not in NAMESPACES or len(words) == 1:
        return words[0]
    if words[0] == "clang" and words[1] == "module" and len(words) > 2:
        # `contents` and `endbuild` belong to `clang module build`.
        return "clang module " + ("build" if words[2] in ("contents", "endbuild") else words[2])
    if words[0] == "STDC" and words[1] not in STDC_KNOWN:
        return "STDC *"
    return words[0] + " " + words[1]


def handlers_used(text):
    used = [handler_of(m) for m in PRAGMA_LINE.findall(text)]
    used += [handler_of(m) for m in PRAGMA_OPERATOR.findall(text)]
    used += MS_PRAGMA.findall(text)
    return {u for u in used if u}


def translation_unit(entry, annotated):
    body = entry.text
    if entry.at == "body":
        body = "int karmem_corpus_body(int *a, int n) {\n  int s = 0;\n" + body + "  return s;\n}\n"
    head = "// pragma corpus entry %s%s\n" % (entry.id, ", annotated" if annotated else "")
    if annotated:
        return head + BEFORE_KM + body + AFTER_KM + AFTER_TOP
    return head + body + AFTER_TOP


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_common_arguments(parser)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--runtime-include", required=True, help="runtime/include, for @RUNTIME_INCLUDE@")
    args = parser.parse_args()

    handlers, excluded, entries = read_corpus(args.corpus)
    problems = []
    covered = set()
    for e in entries:
        used = handlers_used(e.text)
        if not used:
            problems.append("entry %s (line %d) has no pragma" % (e.id, e.line))
        for u in sorted(used):
            if u in excluded:
                problems.append("entry %s uses the excluded pragma %s" % (e.id, u))
            elif u in handlers:
                covered.add(u)
            elif not e.unknown:
                problems.append("entry %s uses '%s', which is not a listed handler" % (e.id, u))
    for h in handlers:
        if h not in covered:
            problems.append("no entry uses the handler '%s'" % h)
    by_id = {e.id: e for e in entries}
    for (ident, variant, lang) in KNOWN_PLUGIN_BUGS:
        if ident not in by_id or lang not in by_id[ident].langs:
            problems.append("KNOWN_PLUGIN_BUGS names %s (%s), which the corpus does not have" % (ident, lang))

    work = os.path.abspath(args.work)
    for sub in ("tu", "out", "cache"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    cases, pairs = [], []  # (entry, variant, lang, tu, out dir), (plain argv, plugin argv)
    for number, e in enumerate(entries):
        for lang in e.langs:
            driver, suffix, plain_flags, km_flags = LANG[lang]
            for variant in ("plain", "annotated"):
                if variant == "annotated" and (e.annotate == "no" or km_flags is None):
                    continue
                if variant == "plain" and e.annotate == "only":
                    continue
                stem = "%03d-%s-%s%s" % (number, e.id, suffix, "-km" if variant == "annotated" else "")
                tu = os.path.join("tu", stem + "." + suffix)
                with open(os.path.join(work, tu), "w") as f:
                    f.write(translation_unit(e, variant == "annotated").replace("@TU@", os.path.basename(tu)))
                lang_flags = plain_flags if variant == "plain" else km_flags
                extra = ["-Wno-unknown-attributes"] if variant == "annotated" else []
                out_dir = os.path.join(work, "out", stem)
                os.makedirs(out_dir, exist_ok=True)

                def argv(run, e=e, lang_flags=lang_flags, extra=extra, stem=stem, driver=driver):
                    cache = os.path.join(work, "cache", stem + "-" + run)
                    flags = [f.replace("@CACHE@", cache).replace("@RUNTIME_INCLUDE@", args.runtime_include)
                             for f in e.flags]
                    return ([driver_for(args, driver)] + COMMON_FLAGS + lang_flags
                            + WARNINGS + extra + flags)
                cases.append((e, variant, lang, tu, out_dir))
                pairs.append((argv("plain") + [tu], argv("plugin") + plugin_flags(args, out_dir) + [tu]))

    results = run_pairs(args, pairs, work)

    report = []
    stats = {v: {"tus": 0, "crashes": 0, "timeouts": 0, "differences": 0, "exit0": 0, "missing": 0,
                 "written": 0, "known": 0} for v in ("plain", "annotated")}
    unknown_pragma_warnings = 0
    bugs_seen = set()
    for (e, variant, lang, tu, out_dir), (plain, plugged) in zip(cases, results):
        st = stats[variant]
        st["tus"] += 1
        label = "%s [%s, %s] %s" % (e.id, lang, variant, tu)
        failure = compare(label, plain, plugged)  # None or (kind, report lines)
        written = list_dir(out_dir)
        if not failure:
            if plain.rc == 0:
                st["exit0"] += 1
            if variant == "plain" and written:
                failure = ("written", ["WROTE %s: the plugin wrote %s for a TU without annotations"
                                       % (label, ", ".join(written))])
            if variant == "annotated" and plugged.rc == 0:
                km = os.path.join(out_dir, os.path.splitext(os.path.basename(tu))[0] + ".km")
                text = open(km).read() if os.path.exists(km) else ""
                wanted = [("KmBefore", "inline"), ("KmAfter", "table")] + e.schema
                absent = ["%s %s" % w for w in wanted
                          if not re.search(r"^struct %s %s( @\S+)* \{$" % w, text, re.M)]
                if absent:
                    failure = ("missing", ["MISSING SCHEMA %s: %s does not declare %s; outputs: %s"
                                           % (label, km, ", ".join("struct " + a for a in absent),
                                              ", ".join(written) or "none"),
                                           "  " + text.replace("\n", "\n  ")])
        if variant == "plain" and not e.unknown and b"[-Wunknown-pragmas]" in plain.stderr:
            unknown_pragma_warnings += 1
            problems.append("clang 19 calls a pragma of entry %s unknown (%s):\n  %s" % (
                e.id, lang, plain.stderr.decode("utf-8", "replace").replace("\n", "\n  ")))
        key = (e.id, variant, lang)
        if key in KNOWN_PLUGIN_BUGS:
            if failure:
                # Counted apart, one line each; the bug is described once, at the end.
                st["known"] += 1
                report.append("KNOWN PLUGIN BUG: %s" % failure[1][0])
                bugs_seen.add(KNOWN_PLUGIN_BUGS[key])
            else:
                problems.append("UNEXPECTEDLY PASSED %s: remove it from KNOWN_PLUGIN_BUGS (%s)"
                                % (label, KNOWN_PLUGIN_BUGS[key]))
        elif failure:
            st[failure[0]] += 1
            report.extend(failure[1])

    if args.times:
        write_times(args.times, [("%s %s %s" % (c[0].id, c[1], c[2]), a, b) for c, (a, b) in zip(cases, results)])
    for line in report + problems:
        print(line)
    for why in sorted(bugs_seen):
        print("known plugin bug: %s" % why)
    print("corpus: %d entries, %d handlers listed from clang 19's Lex/Pragma.cpp and Parse/ParsePragma.cpp, "
          "%d covered, %d excluded (%s)" % (len(entries), len(handlers), len(covered & set(handlers)),
                                          len(excluded), ", ".join(excluded)))
    print("unknown to clang: %d entries outside unknown=yes" % unknown_pragma_warnings)
    failed = bool(problems)
    for variant in ("plain", "annotated"):
        st = stats[variant]
        line = ("%s: %d translation units (%d exit 0), %d crashes, %d timeouts, %d differences"
                % (variant, st["tus"], st["exit0"], st["crashes"], st["timeouts"], st["differences"]))
        line += (", %d files written" % st["written"]) if variant == "plain" else (", %d missing schemas" % st["missing"])
        line += ", %d known plugin bugs" % st["known"]
        print(line)
        failed = failed or any(st[k] for k in ("crashes", "timeouts", "differences", "missing", "written"))
    total = {k: sum(stats[v][k] for v in stats) for k in ("tus", "crashes", "timeouts", "differences")}
    print("checked %d pragma entries in %d translation units, %d crashes, %d timeouts, %d differences"
          % (len(entries), total["tus"], total["crashes"], total["timeouts"], total["differences"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
