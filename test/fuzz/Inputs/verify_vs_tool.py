"""For verify-matches-tool.test: runs `karmem verify` and karmem::verify (the
driver) on the same messages and prints each verdict once when they agree,
or both with MISMATCH when they do not."""
import subprocess
import sys

karmem, driver, golden = sys.argv[1:4]
cases = [a.split(":") for a in sys.argv[4:]]  # schema.km:Root:DriverRoot:file
for schema, root, driver_root, path in cases:
    tool = subprocess.run([karmem, "verify", "--schema", schema, "--root", root, path],
                          capture_output=True, text=True, timeout=60)
    said = "ok" if tool.returncode == 0 else tool.stderr.strip().split(path + ": ", 1)[1]
    cpp = subprocess.run([driver, driver_root, path], capture_output=True, text=True,
                         timeout=60).stdout.strip().split(path + ": ", 1)[1]
    name = path.rsplit("/", 1)[-1]
    if said == cpp:
        print(f"{name}: {said}")
    else:
        print(f"{name}: MISMATCH tool '{said}' vs karmem::verify '{cpp}'")
