"""Writes a Karmem message (schema bomb.km of karmem-verify.test) of 145,560
bytes whose 20,000 Refs all point at one table holding a 64 KiB blob: it
describes 1.3 GB of values (spec §7.5)."""
import struct
import sys

n, blob = 20000, 65536
root = struct.pack("<III", 12, 12, 4 * n)          # size word, Refs slice header
blob_table = 12 + 4 * n                              # where the one Blob table is
refs = struct.pack("<I", blob_table) * n
table = struct.pack("<III", 12, blob_table + 12, blob)  # size word, Data slice header
open(sys.argv[1], "wb").write(root + refs + table + bytes(blob))
