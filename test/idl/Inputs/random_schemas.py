"""Random Karmem schemas and values for random-roundtrip.test.

For each of COUNT schemas (seeded; the seed is printed with every failure):
every field kind -- all primitives, enums, inline structs nested at offset 0
and deeper, tables, fixed arrays, slices and limited slices of scalars,
strings and inline structs (wrapping tables), sequences of strings (through
the plugin's wrapper KarmemString, which `karmem cpp` turns into sequences of
std::string), empty and full-to-the-limit
sequences -- in packed, unpacked and mixed layouts, with random values
(64-bit extremes, -0.0, exact float32s, UTF-8 text). Each value goes through
`karmem encode`, `decode` (which must give the value back), `encode` again
(the same bytes) and `verify`. The first CASES schemas are also written as
golden cases (<case>.km, .json, .bin) for the plugin path of the test.
"""
import argparse
import json
import os
import random
import struct
import subprocess
import sys

PRIMS = ["uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
         "float32", "float64", "bool", "byte"]
INTS = {"uint8": (0, 2**8 - 1), "uint16": (0, 2**16 - 1), "uint32": (0, 2**32 - 1),
        "uint64": (0, 2**64 - 1), "int8": (-2**7, 2**7 - 1), "int16": (-2**15, 2**15 - 1),
        "int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1), "byte": (0, 255)}
# The plugin's wrapper for sequences of strings (idl/include/karmem/idl/schema.h).
STRING_WRAPPER = "KarmemString"
ENUM_TYPES = ["uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64"]


def letters(n):
    """0 -> 'A', 25 -> 'Z', 26 -> 'BA': enum names are letters only."""
    out = ""
    while True:
        out = chr(ord("A") + n % 26) + out
        n //= 26
        if n == 0:
            return out


class Schema:
    def __init__(self, rng, index):
        self.rng, self.prefix = rng, "R" + letters(index)
        self.packed = rng.random() < 0.5
        self.decls = []      # text of each declaration, in order
        self.enums = {}      # name -> (type, [values])
        self.structs = {}    # name -> (kind, [(field, type)])
        for _ in range(rng.randint(0, 2)):
            self.add_enum()
        if rng.random() < 0.3:  # always packed, so a mixed struct in an unpacked schema
            self.decls.append(f"struct {STRING_WRAPPER} inline @packed(true) {{\n    Value []char;\n}}\n")
            self.structs[STRING_WRAPPER] = ("inline", [("Value", "[]char")])
        for _ in range(rng.randint(1, 4)):
            self.add_struct(rng.choice(["inline", "table"]))
        self.root = self.add_struct("table")

    def name(self, what):
        return f"{self.prefix}{what}{len(self.decls)}"

    def add_enum(self):
        name = letters(len(self.decls) + 26 * 27) + self.prefix[1:]
        base = self.rng.choice(ENUM_TYPES)
        values = sorted({0} | {self.rng.randint(1, 100) for _ in range(self.rng.randint(0, 3))})
        body = "".join(f"    M{i} = {v};\n" if v else f"    M{i};\n" for i, v in enumerate(values))
        self.decls.append(f"enum {name} {base} {{\n{body}}}\n")
        self.enums[name] = (base, values)

    def element(self):
        """A random element type a sequence may hold."""
        inline = [n for n, (k, _) in self.structs.items() if k == "inline"]
        choices = PRIMS + ["char"] * 3 + inline * 3
        return self.rng.choice(choices)

    def field_type(self):
        r = self.rng.random()
        tables = [n for n, (k, _) in self.structs.items() if k == "table"]
        if r < 0.35:
            singles = [n for n in self.structs if n != STRING_WRAPPER]  # only ever an element
            return self.rng.choice(PRIMS + list(self.enums) + singles + tables)
        element = self.element()
        if r < 0.55 and element != "char":
            return f"[{self.rng.randint(1, 4)}]{element}"
        if r < 0.8:
            return f"[]{element}"
        return f"[<{self.rng.randint(1, 5)}]{element}"

    def add_struct(self, kind):
        name = self.name("S")
        fields = [(f"F{i}", self.field_type()) for i in range(self.rng.randint(1, 6))]
        tag = ""
        if self.rng.random() < 0.25:  # mixed: a struct against the header's mode
            tag = " @packed(false)" if self.packed else " @packed(true)"
        body = "".join(f"    {f} {t};\n" for f, t in fields)
        self.decls.append(f"struct {name} {kind}{tag} {{\n{body}}}\n")
        self.structs[name] = (kind, fields)
        return name

    def text(self, schema_name):
        header = f"karmem {schema_name} @packed({'true' if self.packed else 'false'});\n\n"
        return header + "\n".join(self.decls)

    # --- values ---
    def scalar(self, t):
        rng = self.rng
        if t == "bool":
            return rng.random() < 0.5
        if t in INTS:
            lo, hi = INTS[t]
            return rng.choice([lo, hi, 0, rng.randint(lo, hi)])
        special = [0.0, -0.0, 1.5, -2.25, 1e-30, 3.4e38]
        v = rng.choice(special + [rng.uniform(-1e6, 1e6)])
        if t == "float32":  # the shortest decimal of the nearest float32, as karmem prints it
            f32 = struct.pack("<f", v)
            v = struct.unpack("<f", f32)[0]
            v = next(float(f"{v:.{p}g}") for p in range(1, 18)
                     if struct.pack("<f", float(f"{v:.{p}g}")) == f32)
        return v

    def text_value(self, limit):
        alphabet = "abcXYZ 019é€😀"
        out = ""
        while len(out.encode()) < (limit if limit is not None else 6) and self.rng.random() < 0.8:
            c = self.rng.choice(alphabet)
            if limit is not None and len((out + c).encode()) > limit:
                break
            out += c
        return out

    def value(self, t, depth=0):
        if t.startswith("["):
            close = t.index("]")
            inner, element = t[1:close], t[close + 1:]
            if element == "char" and not inner.isdigit():
                return self.text_value(int(inner[1:]) if inner.startswith("<") else None)
            if inner.isdigit():
                n = int(inner)
            else:
                limit = int(inner[1:]) if inner.startswith("<") else 4
                n = self.rng.choice([0, limit, self.rng.randint(0, limit)])
            return [self.value(element, depth + 1) for _ in range(n)]
        if t in self.enums:
            return self.rng.choice(self.enums[t][1])
        if t in self.structs:
            return {f: self.value(ft, depth + 1) for f, ft in self.structs[t][1]}
        return self.scalar(t)


def run(karmem, args, data=None):
    return subprocess.run([karmem] + args, input=data, capture_output=True, timeout=60)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--karmem", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--cases", type=int, default=0)
    a = p.parse_args()
    failures = 0
    modes = {"packed": 0, "unpacked": 0, "mixed": 0}
    for i in range(a.count):
        rng = random.Random(a.seed * 100003 + i)
        s = Schema(rng, i)
        name = "rnd" + letters(i).lower()
        km = os.path.join(a.out, name + ".km")
        text = s.text(name)
        open(km, "w").write(text)
        against = "@packed(false)" if s.packed else "@packed(true)"
        modes["mixed" if against in text.split("\n", 1)[1] else
              "packed" if s.packed else "unpacked"] += 1
        value = s.value(s.root)
        common = ["--schema", km, "--root", s.root]
        enc = run(a.karmem, ["encode"] + common, json.dumps(value).encode())
        dec = run(a.karmem, ["decode"] + common, enc.stdout) if enc.returncode == 0 else None
        back = dec and dec.returncode == 0 and json.loads(dec.stdout)
        again = run(a.karmem, ["encode"] + common, dec.stdout) if back == value else None
        ver = run(a.karmem, ["verify"] + common, enc.stdout) if again else None
        ok = again is not None and again.stdout == enc.stdout and ver.returncode == 0
        if not ok:
            failures += 1
            why = (enc.stderr or (dec and dec.stderr) or (ver and ver.stderr) or b"").decode()
            print(f"FAIL seed={a.seed} schema={i} ({km}): {why.strip() or 'value changed'}")
            continue
        if i < a.cases:
            case = os.path.join(a.out, name + "_case")
            open(case + ".bin", "wb").write(enc.stdout)
            json.dump({"schema": name + ".km", "root": s.root, "size": len(enc.stdout),
                       "value": value}, open(case + ".json", "w"))
    print(f"seed {a.seed}: {a.count} schemas ({modes['packed']} packed, {modes['unpacked']} "
          f"unpacked, {modes['mixed']} mixed), {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
