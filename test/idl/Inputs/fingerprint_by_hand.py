"""For fingerprint-byte-string.test: builds the byte string that
idl/include/karmem/idl/fingerprint.h (and docs/evolution.md) define for each
struct of the schema below, by hand from the documented format and from
offsets worked out from spec section 4 (not from the tool), hashes each with
a standalone XXH3 program, and compares with what `karmem layout` prints."""
import re
import struct
import subprocess
import sys

tool, xxh3, path = sys.argv[1:4]

SCHEMA = """karmem fp @packed(true);

enum Kind int16 {
    A;
    B;
}

struct Point inline @packed(false) {
    X    float64;
    Flag bool;
}

struct Leaf table {
    Name [<16]char;
    K    Kind;
}

struct Root table @id(7) {
    P   Point;
    Ps  []Point;
    L   Leaf;
    Ids [3]uint32;
    B   []byte;
}
"""

CODES = {"uint8": 1, "byte": 1, "char": 1, "uint16": 2, "uint32": 3, "uint64": 4,
         "int8": 5, "int16": 6, "int32": 7, "int64": 8, "float32": 9, "float64": 10, "bool": 11}
SINGLE, ARRAY, SLICE, LIMITED = 0, 1, 2, 3


def head(mode, packed, total, count):
    return b"KMF1" + struct.pack("<BBII", mode, packed, total, count)


def field(shape, length, element, offset, slot):
    return struct.pack("<BI", shape, length) + element + struct.pack("<II", offset, slot)


def primitive(name):
    return struct.pack("<BB", 0, CODES[name])


def enum(underlying):
    return struct.pack("<BB", 1, CODES[underlying])


def inline(fp):
    return struct.pack("<BQ", 2, fp)


def table(fp):
    return struct.pack("<BQ", 3, fp)


def xxh3_64(data):
    out = subprocess.run([xxh3], input=data, capture_output=True, check=True).stdout
    return int(out.decode().strip(), 16)


with open(path, "w") as f:
    f.write(SCHEMA)

# Point: unpacked inline, X at 0 (8 bytes), Flag at 8 (1): content 9, padded
# to 16 (the next multiple of 8 strictly above).
point = xxh3_64(head(0, 0, 16, 2) +
                field(SINGLE, 0, primitive("float64"), 0, 8) +
                field(SINGLE, 0, primitive("bool"), 8, 1))
# Leaf: packed table, size word then Name (slice header, 8 packed) at 4, K at 12.
leaf = xxh3_64(head(1, 1, 14, 2) +
               field(LIMITED, 16, primitive("char"), 4, 8) +
               field(SINGLE, 0, enum("int16"), 12, 2))
# Root: P at 4 (16), Ps at 20 (8), L at 28 (4, an offset), Ids at 32 (12),
# B at 44 (8): 52 bytes. @id is not hashed.
root = xxh3_64(head(1, 1, 52, 5) +
               field(SINGLE, 0, inline(point), 4, 16) +
               field(SLICE, 0, inline(point), 20, 8) +
               field(SINGLE, 0, table(leaf), 28, 4) +
               field(ARRAY, 3, primitive("uint32"), 32, 12) +
               field(SLICE, 0, primitive("byte"), 44, 8))

layout = subprocess.run([tool, "layout", path], capture_output=True, text=True, check=True).stdout
printed = dict(re.findall(r"^struct (\w+) .* fingerprint=(0x[0-9a-f]{16})$", layout, re.M))
status = 0
for name, fp in (("Point", point), ("Leaf", leaf), ("Root", root)):
    by_hand = f"0x{fp:016x}"
    verdict = "same" if printed.get(name) == by_hand else "DIFFERENT"
    status |= verdict != "same"
    print(f"{name}: by hand {by_hand}, karmem layout {printed.get(name)}: {verdict}")
sys.exit(status)
