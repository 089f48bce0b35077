"""For karmem-encode-decode.test: runs `karmem encode` and `karmem decode` on
every case of test/golden (index.json's conventions) and prints one line per
check: an encode case must give Karmem's bytes (padding bytes, listed in
<case>.padding.txt, may differ), a decode must give the case's 'decoded' (or
'value'), and decoding then encoding an encode case must give its bytes back."""
import json
import os
import subprocess
import sys

karmem, golden = sys.argv[1:3]
os.chdir(golden)


def run(args, data=None):
    return subprocess.run([karmem] + args, input=data, capture_output=True, timeout=60)


def same_bytes(got, want, case):
    pads = set()
    if os.path.exists(case + ".padding.txt"):
        pads = {int(w) for w in open(case + ".padding.txt").read().split() if w.isdigit()}
    return len(got) == len(want) and all(a == b or i in pads for i, (a, b) in
                                         enumerate(zip(got, want)))


for name in sorted(f for f in os.listdir(".") if f.endswith(".json") and f != "index.json"):
    case = name[:-5]
    meta = json.load(open(name))
    common = ["--schema", "schemas/" + meta["schema"], "--root", meta["root"]]
    want = open(case + ".bin", "rb").read()
    if "value" in meta:
        r = run(["encode"] + common, json.dumps(meta["value"]).encode())
        ok = r.returncode == 0 and same_bytes(r.stdout, want, case)
        print(f"{case} encode: {'identical' if ok else 'FAIL ' + r.stderr.decode()}")
    r = run(["decode"] + common + [case + ".bin"])
    expected = meta.get("decoded", meta.get("value"))
    if expected is not None:
        ok = r.returncode == 0 and json.loads(r.stdout) == expected
        print(f"{case} decode: {'equal' if ok else 'FAIL ' + r.stderr.decode()}")
    if "value" in meta or "generator" in meta:
        again = run(["encode"] + common, r.stdout)
        ok = again.returncode == 0 and same_bytes(again.stdout, want, case)
        print(f"{case} decode then encode: {'identical' if ok else 'FAIL ' + again.stderr.decode()}")
