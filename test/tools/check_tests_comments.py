#!/usr/bin/env python3
"""Checks that every `Tests:` comment in the sources names existing tests.

A source file says which tests cover it with a comment such as

    // Tests: test/plugin/attr-placement.cpp, attr-args-*.cpp,
    // attr-c23-spelling.c.

The list runs from `Tests:` to the first period that ends a sentence (a
period followed by a blank or the end of the comment), across comment
lines. Items are separated by commas. An item with a `/` is a path from the
source root and must start with `test/`; a bare name is in the directory of
the item before it. An item may be a glob (`*`, `?`, `[...]`), which must
match at least one file. Every item must name a file under test/.

Usage: check_tests_comments.py --root <source root> [<dir> ...]
(default directories: plugin idl runtime). Prints one line per bad reference
and exits 1 if there is any; otherwise prints a summary and exits 0.
"""
import argparse
import glob
import os
import re
import sys

# Comment markers at the start of a line: //, /*, *, #.
_MARKER = re.compile(r"^\s*(?://+|/\*+|\*+(?!/)|#+)\s?")
_IN_COMMENT = re.compile(r"//|/\*|^\s*\*|#")
_END = re.compile(r"\.(?=\s|$)|\*/")
_SUFFIXES = (".cpp", ".c", ".h", ".hpp", ".cc", ".mjs", ".js", ".py", ".cmake", ".txt", ".md")


def comment_text(lines, start, column):
    """The `Tests:` list beginning at lines[start][column:], joined across
    the following comment lines up to its closing period."""
    text = lines[start][column:]
    i = start
    while not _END.search(text):
        i += 1
        if i >= len(lines) or not _MARKER.match(lines[i]):
            break
        text += " " + _MARKER.sub("", lines[i], count=1)
    end = _END.search(text)
    return text[: end.start()] if end else text


def references(path):
    """(line number, item) for every item of every `Tests:` list in path."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (UnicodeDecodeError, OSError):
        return
    for n, line in enumerate(lines):
        at = line.find("Tests:")
        if at < 0 or not _IN_COMMENT.search(line[:at]):
            continue
        listed = comment_text(lines, n, at + len("Tests:"))
        for item in listed.split(","):
            item = item.strip()
            if item.startswith("and "):
                item = item[4:].strip()
            yield n + 1, item


def check(root, dirs):
    bad, count, files = [], 0, 0
    for d in dirs:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames[:] = sorted(x for x in dirnames if x not in ("node_modules", "build"))
            for name in sorted(filenames):
                if not name.endswith(_SUFFIXES) and name != "CMakeLists.txt":
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                directory = None
                seen = False
                for line, item in references(path):
                    seen = True
                    count += 1
                    where = f"{rel}:{line}: '{item}'"
                    if not item:
                        bad.append(f"{where}: empty item")
                        continue
                    if "/" in item:
                        if not item.startswith("test/"):
                            bad.append(f"{where}: not a path under test/")
                            continue
                        directory = os.path.dirname(item)
                        pattern = item
                    elif directory is None:
                        bad.append(f"{where}: a bare name before any test/ path")
                        continue
                    else:
                        pattern = os.path.join(directory, item)
                    matches = [m for m in glob.glob(os.path.join(root, pattern)) if os.path.isfile(m)]
                    if not matches:
                        bad.append(f"{where}: {pattern} matches no file")
                files += seen
    return bad, count, files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("dirs", nargs="*", default=["plugin", "idl", "runtime"])
    args = parser.parse_args()
    bad, count, files = check(args.root, args.dirs)
    for b in bad:
        print(b)
    if bad:
        print(f"{len(bad)} of {count} Tests: references name no existing test")
        return 1
    if count == 0:
        print("no Tests: references found")
        return 1
    print(f"{count} Tests: references in {files} files, every one names an existing test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
