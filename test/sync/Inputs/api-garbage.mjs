// Throws garbage at every public function of runtime/js/sync.mjs: wrong
// types, NaN, negative, fractional, huge and wrapping numbers, unknown
// options, lists that are not lists, random / truncated / oversized /
// damaged patches, patches that claim to be huge (and 2 and 4 GiB buffers),
// and a region growth the module has no memory for. Every call must raise a
// TypeError or a SyncError (PatchesRejected for patches) whose errorName is
// the module's own name for its code, and leave the region, its size, the
// clock (and, where nothing may be allocated, the module's memory) as they
// were. Afterwards the distributors must still sync. Prints one line per
// group; exits 1 on the first failure.
//
// Usage: node api-garbage.mjs module.wasm small-memory-module.wasm
//   (the second: the same module linked with a 32 MiB --max-memory)
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';
import { createDistributor, Distributor, PatchesRejected, SyncError } from '../../../runtime/js/sync.mjs';

// Synchronous instantiation (see two-modules.mjs: nodejs/node#54918).
function load(path) {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), wasi.getImportObject());
  wasi.initialize(inst);
  return inst;
}

function fail(msg) {
  console.log(`FAIL: ${msg}`);
  process.exit(1);
}

const [modulePath, smallPath] = process.argv.slice(2);
const A = load(modulePath), B = load(modulePath), C = load(modulePath), S = load(smallPath);
let checks = 0;

// The module's name for an error code (karmem_sync_error_name).
function moduleName(inst, code) {
  const mem = new Uint8Array(inst.exports.memory.buffer);
  let p = inst.exports.karmem_sync_error_name(code) >>> 0, s = '';
  while (mem[p]) s += String.fromCharCode(mem[p++]);
  return s;
}

// What an error is, as the checks below spell it: 'TypeError', a SyncError's
// errorName, or 'rejected:<name>,...' for PatchesRejected.
function kind(inst, e) {
  const named = (se) => {
    if (!(se instanceof SyncError)) fail(`not a SyncError: ${se}`);
    if (moduleName(inst, se.code) !== se.errorName) fail(`errorName ${se.errorName} for code ${se.code}, the module says ${moduleName(inst, se.code)}`);
    if (!se.message.startsWith(`${se.errorName}`)) fail(`message "${se.message}" does not start with ${se.errorName}`);
    return se.errorName;
  };
  if (e instanceof PatchesRejected) return `rejected:${e.rejected.map((r) => named(r.error)).join(',')}`;
  if (e instanceof SyncError) return named(e);
  if (e instanceof TypeError) return 'TypeError';
  return `unexpected ${e?.name}: ${e?.message}`;
}

// Runs fn, which must throw `want`; returns the error.
function expect(inst, what, want, fn) {
  let e = null;
  try {
    fn();
  } catch (x) {
    e = x;
  }
  if (e === null) fail(`${what}: no error (want ${want})`);
  const got = kind(inst, e);
  if (want instanceof RegExp ? !want.test(got) : got !== want) fail(`${what}: ${got} (${e.message}); want ${want}`);
  checks++;
  return e;
}

// Region bytes, size, clock; optionally the module's memory size.
function state(d, inst, withMemory) {
  return {
    bytes: d.bytes().slice(),
    meta: JSON.stringify({ region: d.region, clock: d.vectorClock(), memory: withMemory ? inst.exports.memory.buffer.byteLength : 0 }),
  };
}
function unchanged(what, before, after) {
  if (before.meta !== after.meta) fail(`${what} changed ${before.meta} to ${after.meta}`);
  if (Buffer.compare(before.bytes, after.bytes) !== 0) fail(`${what} changed the region's bytes`);
}
// expect() on distributor d, then the state must be as it was.
function refused(d, inst, what, want, fn, withMemory = false) {
  const before = state(d, inst, withMemory);
  const e = expect(inst, what, want, fn);
  unchanged(what, before, state(d, inst, withMemory));
  return e;
}

// A seeded PRNG so a failure replays.
let seed = 7;
function rand(n) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return Math.floor((seed / 2 ** 32) * n);
}
function varint(v) {
  const out = [];
  for (; v >= 0x80; v = Math.floor(v / 128)) out.push((v % 128) | 0x80);
  out.push(v);
  return out;
}

// --- createDistributor ------------------------------------------------------
const memoryBefore = A.exports.memory.buffer.byteLength;
const ok = { size: 65536, scanInterval: 0 };
const creates = [
  ['no module', 'TypeError', []],
  ['null module', 'TypeError', [null, 1]],
  ['number module', 'TypeError', [42, 1]],
  ['object without memory', 'TypeError', [{}, 1]],
  ['memory without exports', 'TypeError', [{ memory: A.exports.memory }, 1]],
  ['no peer', 'TypeError', [A]],
  ['string peer', 'TypeError', [A, '1']],
  ['bigint peer', 'TypeError', [A, 1n]],
  ['NaN peer', 'invalid_argument', [A, NaN]],
  ['negative peer', 'invalid_argument', [A, -1]],
  ['fractional peer', 'invalid_argument', [A, 1.5]],
  ['2^32 peer', 'invalid_argument', [A, 2 ** 32]],
  ['number options', 'TypeError', [A, 1, 5]],
  ['null options', 'TypeError', [A, 1, null]],
  ['array options', 'TypeError', [A, 1, []]],
  ['unknown option', 'TypeError', [A, 1, { pagesize: 4096 }]],
];
for (const pageSize of [3, 0, -8192, 1000, 512, 131072, 2 ** 31, NaN, Infinity, 8192.5]) {
  creates.push([`pageSize ${pageSize}`, 'invalid_argument', [A, 1, { ...ok, pageSize }]]);
}
creates.push(['string pageSize', 'TypeError', [A, 1, { ...ok, pageSize: '8192' }]]);
creates.push(['null pageSize', 'TypeError', [A, 1, { ...ok, pageSize: null }]]);
for (const size of [0, -1, -65536, NaN, 1.5, 5000, 2 ** 32, 2 ** 53, -(2 ** 32) + 65536]) {
  creates.push([`size ${size}`, 'invalid_argument', [A, 1, { ...ok, size }]]);
}
creates.push(['string size', 'TypeError', [A, 1, { ...ok, size: '65536' }]]);
for (const capacity of [32768, 65536 + 1, -65536, NaN, 2 ** 32, Infinity]) {
  creates.push([`capacity ${capacity}`, 'invalid_argument', [A, 1, { ...ok, capacity }]]);
}
for (const base of [0, 8193, -8192, 2 ** 32, NaN]) {
  creates.push([`base ${base}`, 'invalid_argument', [A, 1, { ...ok, base }]]);
}
creates.push(['string base', 'TypeError', [A, 1, { ...ok, base: '8192' }]]);
for (const scanInterval of [-1, NaN, Infinity, 2 ** 31]) {
  creates.push([`scanInterval ${scanInterval}`, 'invalid_argument', [A, 1, { ...ok, scanInterval }]]);
}
creates.push(['string scanInterval', 'TypeError', [A, 1, { ...ok, scanInterval: '50' }]]);
for (const scanMode of ['toString', 'FULL', '', '__proto__']) {
  creates.push([`scanMode ${JSON.stringify(scanMode)}`, 'invalid_argument', [A, 1, { ...ok, scanMode }]]);
}
creates.push(['number scanMode', 'TypeError', [A, 1, { ...ok, scanMode: 1 }]]);
for (const [what, want, args] of creates) {
  expect(A, `createDistributor: ${what}`, want, () => createDistributor(...args));
  expect(A, `new Distributor: ${what}`, want, () => new Distributor(...args));
}
if (A.exports.memory.buffer.byteLength !== memoryBefore) fail('refused createDistributor calls grew the memory');
// Rules only the module can check come back with the module's code.
const outside = (Math.ceil(memoryBefore / 65536) + 16) * 65536;
expect(A, 'base outside linear memory', 'invalid_argument', () => createDistributor(A, 1, { ...ok, base: outside }));
expect(S, 'region larger than the memory can grow', 'out_of_memory', () => createDistributor(S, 1, { ...ok, size: 64 << 20 }));
console.log(`createDistributor: ${creates.length} kinds of garbage refused before the module was called`);

// --- two distributors that sync ---------------------------------------------
const pageSize = 8192, capacity = 256 << 10;
const a = createDistributor(A, 1, { pageSize, size: 65536, capacity, scanInterval: 0 });
const b = createDistributor(B, 2, { pageSize, size: 65536, capacity, scanInterval: 0 });
function writeA(n) {
  const { base, size } = a.region;
  for (let i = 0; i < n; i++) A.exports.app_write(0, base + rand(size - 16), 1 + rand(16), rand(1 << 30));
}
writeA(20);
const [good] = a.scan();
b.applyPatches([good]); // also makes b's input buffer exist
if (Buffer.compare(a.bytes(), b.bytes()) !== 0) fail('a and b differ after a good patch');
writeA(5);
const [fresh] = a.scan(); // not applied yet: garbage around it must not apply it

// --- applyPatches: arguments that are not a list of patches -----------------
const lists = [
  ['no argument', []], ['null', [null]], ['a number', [5]], ['a string', ['KSYN']],
  ['a Uint8Array', [fresh]], ['an ArrayBuffer', [fresh.buffer]], ['a plain object', [{}]],
  ['[number]', [[5]]], ['[null]', [[null]]], ['[string]', [['abc']]], ['[object]', [[{}]]],
  ['[array of bytes]', [[[75, 83, 89, 78]]]], ['[patch, number]', [[fresh, 7]]], ['[number, patch]', [[7, fresh]]],
];
for (const [what, args] of lists) refused(b, B, `applyPatches(${what})`, 'TypeError', () => b.applyPatches(...args));
console.log(`applyPatches: ${lists.length} non-lists refused, nothing applied`);

// --- applyPatches: bytes that are not a valid patch -------------------------
refused(b, B, 'empty patch', 'rejected:truncated', () => b.applyPatches([new Uint8Array(0)]));
refused(b, B, 'three bytes', 'rejected:bad_magic', () => b.applyPatches([new Uint8Array([1, 2, 3])]));
refused(b, B, 'the region itself', /^rejected:/, () => b.applyPatches([b.bytes()]));
for (let len = 0; len < fresh.length; len++) {
  refused(b, B, `cut at ${len}`, /^rejected:(truncated|bad_magic)$/, () => b.applyPatches([fresh.slice(0, len)]));
}
for (const extra of [1, 7, 1000]) {
  const longer = new Uint8Array(fresh.length + extra);
  longer.set(fresh);
  refused(b, B, `${extra} trailing bytes`, 'rejected:malformed', () => b.applyPatches([longer]));
}
for (let i = 0; i < fresh.length * 8; i += 3) {
  const flipped = fresh.slice();
  flipped[i >> 3] ^= 1 << (i & 7);
  refused(b, B, `bit ${i} flipped`, /^rejected:[a-z_]+$/, () => b.applyPatches([flipped]));
}
for (let k = 0; k < 200; k++) {
  const junk = new Uint8Array(1 + rand(300));
  for (let i = 0; i < junk.length; i++) junk[i] = rand(256);
  if (rand(2)) junk.set([0x4b, 0x53, 0x59, 0x4e, 1, 13].slice(0, junk.length)); // past the magic sometimes
  refused(b, B, `random patch ${k}`, /^rejected:[a-z_]+$/, () => b.applyPatches([junk]));
}
// A region beyond b's capacity, from a peer whose capacity is larger.
const c = createDistributor(C, 3, { pageSize, size: 65536, capacity: 1 << 20, scanInterval: 0 });
c.resize(512 << 10);
const [tooLarge] = c.scan();
refused(b, B, 'region past the capacity', 'rejected:region_too_large', () => b.applyPatches([tooLarge]));
console.log('applyPatches: empty, cut, oversized, damaged, random and too-large patches rejected, nothing changed');

// --- patches that claim to be huge ------------------------------------------
// Nothing may be allocated for these: the module's memory must not grow.
const headOf = (p) => Array.from(p.subarray(0, 6));
const claim = (n, total) => {
  const bytes = new Uint8Array(n); // lazily zeroed: costs nothing until written
  bytes.set([...headOf(fresh), ...varint(total)]);
  return bytes;
};
refused(b, B, 'a short buffer claiming 2^40 bytes', 'rejected:truncated', () => b.applyPatches([claim(20, 2 ** 40)]), true);
// 1 GiB used to be allocated in the module (its memory grew by 1 GiB) and
// 2 GiB - 1 aborted it (bad_alloc under -fno-exceptions): issue 7.7.
refused(b, B, '1 GiB claiming 1 GiB', 'rejected:out_of_memory', () => b.applyPatches([claim(2 ** 30, 2 ** 30)]), true);
refused(b, B, '2 GiB - 1 claiming as much', 'rejected:out_of_memory', () => b.applyPatches([claim(2 ** 31 - 1, 2 ** 31 - 1)]), true);
refused(b, B, '2 GiB claiming 2 GiB', 'rejected:out_of_memory', () => b.applyPatches([claim(2 ** 31, 2 ** 31)]), true);
refused(b, B, '4 GiB - 1 claiming as much', 'rejected:out_of_memory', () => b.applyPatches([claim(2 ** 32 - 1, 2 ** 32 - 1)]), true);
refused(b, B, '4 GiB', 'rejected:out_of_memory', () => b.applyPatches([claim(2 ** 32, 2 ** 32)]), true);
const bigGarbage = new Uint8Array(2 ** 31);
bigGarbage[0] = 0x7b;
refused(b, B, '2 GiB of garbage', 'rejected:bad_magic', () => b.applyPatches([bigGarbage]), true);
const bigTail = new Uint8Array(2 ** 31);
bigTail.set(fresh);
refused(b, B, 'a patch followed by 2 GiB', 'rejected:malformed', () => b.applyPatches([bigTail]), true);
// Beside a good patch: the good one applies, the huge one is refused.
const e = expect(B, 'huge beside good', 'rejected:out_of_memory', () => b.applyPatches([claim(2 ** 31, 2 ** 31), fresh]));
if (e.applied !== 1 || e.rejected[0].index !== 0 || Buffer.compare(a.bytes(), b.bytes()) !== 0) fail('the good patch beside a huge one');
console.log(`huge patches: refused before allocating (${e.rejected[0].error.message.slice(0, 58)}...)`);

// --- a growth the module has no memory for ----------------------------------
// S may grow to 32 MiB: a 20 MiB region fits, a 20 MiB shadow beside it not.
const big = 20 << 20;
const s = createDistributor(S, 4, { pageSize, size: 65536, capacity: big, scanInterval: 0 });
const g = createDistributor(C, 5, { pageSize, size: 65536, capacity: big, scanInterval: 0 });
g.resize(5 << 20);
const [grow5] = g.scan();
g.resize(big);
const [grow20] = g.scan();
refused(s, S, 'growth past the memory', 'rejected:out_of_memory', () => s.applyPatches([grow20]));
if (s.applyPatches([grow5]) !== 1 || s.region.size !== 5 << 20) fail(`the smaller growth did not apply: ${s.region.size}`);
S.exports.app_write(s.handle, s.region.base + (5 << 20) - 100, 50, 9);
const [fromS] = s.scan('marked');
if (!fromS) fail('s made no patch after its growth');
console.log(`growth without memory: out_of_memory, nothing changed; a smaller growth then applied (${s.region.size} bytes)`);

// --- every other method -----------------------------------------------------
const { size } = b.region;
const marks = [
  [['1', 2], 'TypeError'], [[0, '2'], 'TypeError'], [[], 'TypeError'], [[NaN, 1], 'invalid_argument'],
  [[-1, 1], 'invalid_argument'], [[0, -1], 'invalid_argument'], [[1.5, 1], 'invalid_argument'],
  [[0, 2 ** 40], 'invalid_argument'], [[size, 1], 'invalid_argument'], [[2 ** 32, 8], 'invalid_argument'],
];
for (const [args, want] of marks) refused(b, B, `markDirty(${args.join(', ')})`, want, () => b.markDirty(...args));
for (const [arg, want] of [['x', 'invalid_argument'], ['toString', 'invalid_argument'], [1, 'TypeError'], [null, 'TypeError']]) {
  refused(b, B, `scan(${JSON.stringify(arg)})`, want, () => b.scan(arg));
}
for (const cb of [undefined, 5, 'f', {}, null]) refused(b, B, `onDiff(${String(cb)})`, 'TypeError', () => b.onDiff(cb));
for (const [ms, want] of [['5', 'TypeError'], [-5, 'invalid_argument'], [NaN, 'invalid_argument'], [2 ** 31, 'invalid_argument']]) {
  refused(b, B, `scanInterval = ${String(ms)}`, want, () => { b.scanInterval = ms; });
}
if (b.scanInterval !== 0) fail(`scanInterval changed to ${b.scanInterval}`);
const resizes = [
  ['1', 'TypeError'], [null, 'TypeError'], [NaN, 'invalid_argument'], [-8192, 'invalid_argument'], [1.5, 'invalid_argument'],
  [2 ** 32, 'invalid_argument'], [2 ** 32 + 131072, 'invalid_argument'], // would wrap to a valid size
  [5000, 'invalid_argument'], [8192, 'invalid_argument'], [1 << 20, 'invalid_argument'],
];
for (const [n, want] of resizes) refused(b, B, `resize(${String(n)})`, want, () => b.resize(n));
console.log('markDirty, scan, onDiff, scanInterval, resize: garbage refused, nothing changed');

// --- still usable ------------------------------------------------------------
writeA(30);
b.applyPatches(a.scan());
if (Buffer.compare(a.bytes(), b.bytes()) !== 0) fail('a and b differ after the garbage');
b.resize(2 * 65536);
a.applyPatches(b.scan());
if (a.region.size !== 2 * 65536 || Buffer.compare(a.bytes(), b.bytes()) !== 0) fail('growth after the garbage');
console.log(`still in sync: ${a.region.size} bytes, clock ${JSON.stringify(b.vectorClock())}`);

// --- after destroy ------------------------------------------------------------
b.destroy();
b.destroy(); // twice is fine
const calls = {
  region: () => b.region, bytes: () => b.bytes(), scan: () => b.scan(), markDirty: () => b.markDirty(0, 1),
  applyPatches: () => b.applyPatches([fresh]), vectorClock: () => b.vectorClock(), resize: () => b.resize(),
  onDiff: () => b.onDiff(() => {}), scanStats: () => b.scanStats(), handle: () => b.handle,
};
for (const [name, fn] of Object.entries(calls)) expect(B, `${name} after destroy`, 'invalid_argument', fn);
console.log(`destroyed: every call refused`);
console.log(`checks: ${checks}`);
