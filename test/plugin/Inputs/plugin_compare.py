"""Compile translation units twice, without and with libkarmem.so, and compare.

Shared by real_headers.py (real-headers/shard-*.test) and pragma_corpus.py
(pragma-corpus.test). Each translation unit is its own clang process (one
header or one pragma per TU); a pool of --jobs threads runs them, and every
clang call has a timeout. A run "crashes" when clang dies of a signal (the
driver re-raises the signal of an in-process cc1 crash, so the shell sees
128+N and Python a negative code), exits with 128 or more, or prints clang's
crash banner. A timeout is a failure too.
"""
import concurrent.futures
import difflib
import os
import subprocess
import time

CRASH_MARKERS = (
    b"PLEASE submit a bug report",
    b"Stack dump:",
    b"clang frontend command failed",
    b"Program arguments:",
)

# Flags given to every compilation, with and without the plugin. Without
# -fno-crash-diagnostics a crash would also preprocess the TU again and write
# reproducers into /tmp.
COMMON_FLAGS = ["-fsyntax-only", "-fno-crash-diagnostics", "-fno-color-diagnostics"]


class Run:
    def __init__(self, argv, rc, stdout, stderr, timed_out, seconds):
        self.argv = argv
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out
        self.seconds = seconds

    @property
    def crashed(self):
        if self.timed_out:
            return False
        if self.rc < 0 or self.rc >= 128:
            return True
        return any(m in self.stderr for m in CRASH_MARKERS)

    def outcome(self):
        if self.timed_out:
            return "timeout"
        if self.crashed:
            return "crash (exit %d)" % self.rc
        return "exit %d" % self.rc


def run_clang(argv, timeout, cwd):
    start = time.monotonic()
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, cwd=cwd)
        return Run(argv, p.returncode, p.stdout, p.stderr, False, time.monotonic() - start)
    except subprocess.TimeoutExpired as e:
        # subprocess.run has killed and reaped the child.
        return Run(argv, None, e.stdout or b"", e.stderr or b"", True, time.monotonic() - start)


def add_common_arguments(parser):
    parser.add_argument("--clang", required=True, help="clang (C driver)")
    parser.add_argument("--clangxx", required=True, help="clang++ (C++ driver)")
    parser.add_argument("--plugin", required=True, help="libkarmem.so")
    parser.add_argument("--work", required=True, help="scratch directory (created)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per clang call")
    parser.add_argument("--times", help="write per-TU seconds (plain, plugin) to this file")


def driver_for(args, lang):
    return args.clang if lang == "c" else args.clangxx


def plugin_flags(args, out_dir):
    """What the plugin run adds to the plain run's flags (before the input)."""
    return ["-fplugin=" + args.plugin, "-fplugin-arg-karmem-out-dir=" + out_dir]


def run_pairs(args, pairs, cwd):
    """Runs each (plain argv, plugin argv) pair, --jobs pairs at a time; returns
    their (plain Run, plugin Run) in order."""
    def task(pair):
        return tuple(run_clang(argv, args.timeout, cwd) for argv in pair)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        return list(pool.map(task, pairs))


def compare(label, plain, plugged):
    """None when the two runs agree (same exit status, stdout and stderr, no
    crash, no timeout); otherwise (kind, report lines), kind being "timeouts",
    "crashes" or "differences"."""
    outcomes = "without plugin %s, with plugin %s" % (plain.outcome(), plugged.outcome())
    if plain.timed_out or plugged.timed_out:
        return "timeouts", ["TIMEOUT %s: %s" % (label, outcomes)]
    if plain.crashed or plugged.crashed:
        bad = plugged if plugged.crashed else plain
        return "crashes", ["CRASH %s: %s" % (label, outcomes),
                           "  command: %s" % " ".join(bad.argv),
                           "  " + bad.stderr.decode("utf-8", "replace")[-1500:].replace("\n", "\n  ")]
    if (plain.rc, plain.stdout, plain.stderr) == (plugged.rc, plugged.stdout, plugged.stderr):
        return None
    lines = ["DIFFERENCE %s: %s" % (label, outcomes), "  command: %s" % " ".join(plugged.argv)]
    for name, a, b in (("stdout", plain.stdout, plugged.stdout), ("stderr", plain.stderr, plugged.stderr)):
        if a != b:
            diff = list(difflib.unified_diff(a.decode("utf-8", "replace").splitlines(),
                                             b.decode("utf-8", "replace").splitlines(),
                                             "without-plugin." + name, "with-plugin." + name, lineterm="", n=2))
            lines.extend("  " + line for line in diff[:60])
            if len(diff) > 60:
                lines.append("  [... %d more diff lines]" % (len(diff) - 60))
    return "differences", lines


def write_times(path, rows):
    with open(path, "w") as f:
        for label, plain, plugged in rows:
            f.write("%.3f %.3f %s\n" % (plain.seconds, plugged.seconds, label))


def list_dir(path):
    found = []
    for root, _, files in os.walk(path):
        found.extend(os.path.relpath(os.path.join(root, f), path) for f in files)
    return sorted(found)
