# Checks the copies of Karmem's golden vectors in test/golden against their
# index (index.json): every case's .bin has the recorded size and SHA-256, its
# .json and schema exist, and the .json agrees on schema, root, mode and size.
# Prints one line per case and exits 1 on the first kind of mismatch found.
import hashlib
import json
import os
import sys

golden = sys.argv[1]
with open(os.path.join(golden, "index.json"), encoding="utf-8") as f:
    index = json.load(f)

failures = 0
for case in index["cases"]:
    name = case["name"]
    problems = []
    path = os.path.join(golden, case["bin"])
    if not os.path.exists(path):
        problems.append("missing " + case["bin"])
    else:
        data = open(path, "rb").read()
        if len(data) != case["bytes"]:
            problems.append("%d bytes, index says %d" % (len(data), case["bytes"]))
        if hashlib.sha256(data).hexdigest() != case["sha256"]:
            problems.append("SHA-256 differs from the index")
    if not os.path.exists(os.path.join(golden, case["schema"])):
        problems.append("missing " + case["schema"])
    values = os.path.join(golden, case["values"])
    if not os.path.exists(values):
        problems.append("missing " + case["values"])
    else:
        with open(values, encoding="utf-8") as f:
            doc = json.load(f)
        for key, want in (("schema", os.path.basename(case["schema"])), ("root", case["root"]),
                          ("mode", case["mode"]), ("size", case["bytes"])):
            if doc.get(key) != want:
                problems.append("%s.%s is %r, index says %r" % (name, key, doc.get(key), want))
    if case["padding"] and not os.path.exists(os.path.join(golden, case["padding"])):
        problems.append("missing " + case["padding"])
    if problems:
        failures += 1
        print("FAIL: %s: %s" % (name, "; ".join(problems)))
    else:
        print("%s: %d bytes, sha256 ok" % (name, case["bytes"]))
for schema, info in index["schemas"].items():
    if "license" in info and not os.path.exists(os.path.join(golden, "schemas", "LICENSE-karmem.md")):
        failures += 1
        print("FAIL: %s is Karmem's but schemas/LICENSE-karmem.md is missing" % schema)
sys.exit(1 if failures else 0)
