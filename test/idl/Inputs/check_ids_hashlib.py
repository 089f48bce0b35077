# Compares karmem-idl's struct ids with Python's hashlib BLAKE2b for struct
# names of 1 to 300 bytes (so names span several 128-byte blocks), with no key
# and with keys of several lengths (including the empty key `@key()`).
# Usage: check_ids_hashlib.py KARMEM_IDL WORKDIR
import hashlib
import os
import subprocess
import sys

tool, workdir = sys.argv[1], sys.argv[2]
os.makedirs(workdir, exist_ok=True)
letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
names = ["S" + "".join(letters[(i * 7 + n) % len(letters)] for i in range(n - 1))
         for n in range(1, 301)]
keys = [None, "", "k", "a key with spaces", "x" * 200]

checked = mismatches = 0
for key in keys:
    header = "karmem ids" + ("" if key is None else f" @key(`{key}`)") + ";\n"
    body = "".join(f"\nstruct {n} inline {{\n    X uint8;\n}}\n" for n in names)
    path = os.path.join(workdir, f"ids{keys.index(key)}.km")
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + body)
    run = subprocess.run([tool, "ids", path], capture_output=True, text=True, check=True)
    got = dict(line.split()[:2] for line in run.stdout.splitlines())
    hash_key = b"" if key is None else hashlib.blake2b(key.encode(), digest_size=32).digest()
    for n in names:
        want = int.from_bytes(hashlib.blake2b(n.encode(), digest_size=8, key=hash_key).digest(),
                              "little")
        checked += 1
        if got.get(n) != str(want):
            mismatches += 1
            print(f"MISMATCH key={key!r} name={n}: hashlib {want}, karmem-idl {got.get(n)}")
print(f"{checked} ids, {mismatches} mismatches")
sys.exit(1 if mismatches else 0)
