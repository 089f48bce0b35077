// A late joiner catches up through runtime/js/sync.mjs: peers A and B (two
// wasm32 modules, regions at different addresses) sync for a while, growing
// the region; C (a third instance) joins late: it applies A's snapshot, then
// every patch ever sent, shuffled (the covered ones are skipped), then the
// live traffic. B restarts from a new instance under its old id and catches
// up the same way. Then rejections that change nothing: a snapshot of another
// page size, a damaged one, a truncated one, a patch passed as a snapshot, a
// head claiming a huge snapshot, and values that are not bytes.
//
// Usage: node snapshot-late-joiner.mjs a.wasm b.wasm
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';
import { createDistributor, SyncError } from '../../../runtime/js/sync.mjs';

function load(bytes) {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), wasi.getImportObject());
  wasi.initialize(instance);
  return instance;
}

function fail(msg) {
  console.log(`FAIL: ${msg}`);
  process.exit(1);
}

let state = 4242;
function rand(n) {
  state = (state * 1103515245 + 12345) >>> 0;
  return Math.floor((state / 2 ** 32) * n);
}

function shuffle(list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

function same(step, ...ds) {
  const first = ds[0].bytes(), clock = JSON.stringify(ds[0].vectorClock());
  for (const d of ds.slice(1)) {
    const x = d.bytes();
    if (x.length !== first.length) fail(`${step}: region sizes ${first.length} and ${x.length}`);
    for (let i = 0; i < x.length; i++) if (x[i] !== first[i]) fail(`${step}: byte ${i}: ${first[i]} vs ${x[i]}`);
    if (JSON.stringify(d.vectorClock()) !== clock) fail(`${step}: clocks ${clock} vs ${JSON.stringify(d.vectorClock())}`);
  }
  console.log(`${step}: identical (${first.length} bytes, clock ${clock})`);
}

function writes(inst, d, n) {
  const { base, size } = d.region;
  for (let i = 0; i < n; i++) {
    const len = 1 + rand(16);
    const at = rand(3) === 0 ? 3 * 8192 + rand(64) : rand(size - len);
    inst.exports.app_write(0, base + at, len, rand(1 << 30));
  }
}

const [pathA, pathB] = process.argv.slice(2);
const [codeA, codeB] = [await readFile(pathA), await readFile(pathB)];
const pageSize = 8192, size = 128 << 10, capacity = 512 << 10;
const peer = (code, id) => {
  const inst = load(code);
  const base = inst.exports.app_reserve(capacity, pageSize) >>> 0;
  return { inst, d: createDistributor(inst, id, { base, size, capacity, pageSize, scanInterval: 0 }) };
};
const A = peer(codeA, 1);
let B = peer(codeB, 2);
const sent = []; // every patch ever sent, for late joiners

function round(from, ...to) {
  writes(from.inst, from.d, 30);
  const patches = from.d.scan();
  sent.push(...patches);
  for (const t of to) t.d.applyPatches(shuffle([...patches]));
}

for (let i = 0; i < 6; i++) {
  round(A, B);
  round(B, A);
}
A.d.resize(256 << 10);
round(A, B);
same('before the joiner', A.d, B.d);

// C joins late, from a fresh instance of the other build.
const C = peer(codeB, 3);
const snap = A.d.snapshot();
if (!(snap instanceof Uint8Array) || snap.length === 0) fail('snapshot() is not bytes');
C.d.applySnapshot(snap);
same('joiner after applySnapshot', A.d, C.d);
console.log(`snapshot: ${snap.length} bytes for a ${A.d.region.size}-byte region`);
const applied = C.d.applyPatches(shuffle([...sent]));
if (applied !== sent.length) fail(`applyPatches accepted ${applied} of ${sent.length}`);
if (C.d.skippedPatches !== sent.length) fail(`skipped ${C.d.skippedPatches} of ${sent.length} covered patches`);
console.log(`replayed: ${sent.length} patches, ${C.d.skippedPatches} skipped as covered`);

// Live traffic among the three, then B restarts (a new instance, its old id)
// and catches up from C's snapshot plus the whole log.
for (let i = 0; i < 4; i++) {
  round(A, B, C);
  round(C, A, B);
  round(B, A, C);
}
same('three peers', A.d, B.d, C.d);
B.d.destroy();
B = peer(codeB, 2);
B.d.applySnapshot(C.d.snapshot());
B.d.applyPatches(shuffle([...sent]));
console.log(`restarted: ${B.d.skippedPatches} of ${sent.length} skipped`);
round(B, A, C);
round(A, B, C);
same('after the restart', A.d, B.d, C.d);

// Rejections: each throws a SyncError and leaves memory, size and clock.
function rejected(step, value, want) {
  const before = C.d.bytes().slice(), clock = JSON.stringify(C.d.vectorClock()), skipped = C.d.skippedPatches;
  try {
    C.d.applySnapshot(value);
  } catch (e) {
    const name = e instanceof SyncError ? e.errorName : e.constructor.name;
    if (name !== want) fail(`${step}: ${name} (${e.message}), want ${want}`);
    const after = C.d.bytes();
    if (after.length !== before.length || after.some((v, i) => v !== before[i])) fail(`${step}: memory changed`);
    if (JSON.stringify(C.d.vectorClock()) !== clock || C.d.skippedPatches !== skipped) fail(`${step}: state changed`);
    console.log(`${step}: ${name}: ${e.message}`);
    return;
  }
  fail(`${step}: accepted`);
}
const other = load(codeA);
const otherBase = other.exports.app_reserve(capacity, 4096) >>> 0;
const small = createDistributor(other, 9, { base: otherBase, size, capacity, pageSize: 4096, scanInterval: 0 });
writes(other, small, 10);
small.scan();
rejected('other page size', small.snapshot(), 'page_size_mismatch');
const good = A.d.snapshot();
const damaged = good.slice();
damaged[damaged.length >> 1] ^= 0x20;
rejected('damaged', damaged, 'checksum_mismatch');
rejected('truncated', good.subarray(0, good.length - 3), 'truncated');
writes(A.inst, A.d, 5);
rejected('a patch', A.d.scan()[0], 'bad_magic');
const huge = good.slice(0, 16);
huge.set([0xff, 0xff, 0xff, 0xff, 0x0f], 6); // total length 2^32 - 1
rejected('claims 4 GiB', new Uint8Array(huge.buffer, 0, 16).slice(), 'truncated');
const long = new Uint8Array(64 << 20);
long.set(good.subarray(0, 6));
long.set([0x80, 0x80, 0x80, 0x20], 6); // total length 64 MiB: longer than any for this capacity
rejected('longer than any', long, 'out_of_memory');
rejected('a list', [good], 'TypeError');
rejected('a string', 'KSNP', 'TypeError');
C.d.destroy();
try {
  C.d.applySnapshot(good);
  fail('applySnapshot after destroy');
} catch (e) {
  console.log(`after destroy: ${e.errorName}`);
}
