// Snapshots and atomic units over any WebAssembly.Memory: engine peers (WAT
// module instances through memory-distributor.mjs) and an in-module peer
// (sync-module.cpp through sync.mjs) take and apply each other's snapshots.
// Checked byte for byte against the in-module peer: the snapshots
// themselves after the same history; a joiner's region; unscanned local
// writes surviving an applySnapshot where the snapshot does not win; growth;
// refused snapshots (damaged, another page size, past the capacity, other
// units) changing nothing in the user's memory, its length included; and the
// `units` option: a torn-message case (one peer rewrites a whole record,
// another changes one field of it concurrently) that mixes the two writes
// per byte run and keeps the record whole per unit, on every peer.
// Prints one line per step; exits 1 on any difference.
//
// Usage: node any-memory-snapshot.mjs engine.wasm any-memory.wasm sync-module.wasm
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';
import { createDistributor, SyncError } from '../../../runtime/js/sync.mjs';
import {
  applySnapshot, createMemoryDistributor, loadEngine, peerIdOf, snapshot,
} from '../../../runtime/js/memory-distributor.mjs';

const [enginePath, watPath, cppPath] = process.argv.slice(2);
await loadEngine(enginePath);

function fail(msg) {
  console.log(`FAIL: ${msg}`);
  process.exit(1);
}

const wat = new WebAssembly.Module(readFileSync(watPath));
const cppModule = new WebAssembly.Module(readFileSync(cppPath));
const watInstance = () => new WebAssembly.Instance(wat, {}).exports;
function cppInstance() {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const C = new WebAssembly.Instance(cppModule, wasi.getImportObject());
  wasi.initialize(C);
  return C.exports;
}

const pageSize = 8192, offset = 65536, size = 128 << 10, capacity = 1 << 20;
const common = { pageSize, offset, size, capacity, scanInterval: 0 };
/** An engine peer on a fresh WAT instance. */
function enginePeer(name, extra = {}) {
  const M = watInstance();
  const d = createMemoryDistributor(M.memory, name, { ...common, ...extra });
  return { name, M, d, write: (at, len, seed) => M.write(offset + at, len, seed), poke: (at, bytes) => new Uint8Array(M.memory.buffer).set(bytes, offset + at) };
}
/** An in-module peer on a fresh sync-module instance. */
function modulePeer(name, extra = {}) {
  const C = cppInstance();
  const base = C.app_reserve(capacity, pageSize) >>> 0;
  const d = createDistributor(C, peerIdOf(name), { pageSize, base, size, capacity, scanInterval: 0, ...extra });
  return { name, d, write: (at, len, seed) => C.app_write(0, base + at, len, seed), poke: (at, bytes) => new Uint8Array(C.memory.buffer).set(bytes, base + at) };
}

function sameBytes(step, x, y) {
  if (x.length !== y.length) fail(`${step}: ${x.length} bytes and ${y.length}`);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) fail(`${step}: byte ${i}: ${x[i]} and ${y[i]}`);
}
const clockOf = (p) => JSON.stringify(p.d.vectorClockById?.() ?? p.d.vectorClock());

let seed = 99;
function rand(n) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return Math.floor((seed / 2 ** 32) * n);
}

// 1. Same history, same snapshot: alice (engine) and the in-module peer
// write, exchange, and snapshot the same bytes.
const alice = enginePeer('alice'), cpp = modulePeer('in-module');
for (let round = 0; round < 4; round++) {
  for (const p of [alice, cpp]) for (let i = 0; i < 20; i++) p.write(rand(size - 32), 1 + rand(31), rand(1 << 30));
  const fromA = alice.d.scan(), fromC = cpp.d.scan();
  alice.d.applyPatches(fromC);
  cpp.d.applyPatches(fromA);
}
sameBytes('history', alice.d.bytes(), cpp.d.bytes());
const snapA = snapshot(alice.state ?? alice.d).snapshot, snapC = cpp.d.snapshot();
sameBytes('snapshots', snapA, snapC);
console.log(`same history: engine and in-module snapshots identical (${snapA.length} bytes, version ${snapA[4]})`);

// 2. Joiners: a fresh engine peer and a fresh in-module peer apply it.
const bob = enginePeer('bob'), cpp2 = modulePeer('in-module-2');
applySnapshot(bob.d, snapA);
cpp2.d.applySnapshot(snapA);
sameBytes('joiners', bob.d.bytes(), cpp2.d.bytes());
sameBytes('joiner and source', bob.d.bytes(), alice.d.bytes());
if (clockOf(bob) !== clockOf(cpp2)) fail(`joiner clocks ${clockOf(bob)} ${clockOf(cpp2)}`);
console.log('joiners: engine and in-module regions identical to the source');

// 3. Unscanned local writes and applySnapshot: bob and cpp2 (the same
// state) make the same local writes, unscanned; then both apply xavier's
// snapshot, which overlaps some of them. Engine and in-module must agree,
// and the writes the snapshot does not cover must survive.
const xavier = enginePeer('xavier');
applySnapshot(xavier.d, snapA);
for (const [at, len] of [[3000, 40], [5 * pageSize + 100, 64], [9 * pageSize, 16]]) xavier.write(at, len, at);
xavier.d.scan();
const snapX = xavier.d.snapshot();
const local = [[3020, 40], [5 * pageSize + 500, 30], [12 * pageSize + 7, 20]];
for (const [at, len] of local) {
  const bytes = Uint8Array.from({ length: len }, (_, i) => (at + i * 7) & 255 | 1);
  bob.poke(at, bytes);
  cpp2.poke(at, bytes);
}
applySnapshot(bob.d, snapX);
cpp2.d.applySnapshot(snapX);
sameBytes('unscanned writes after applySnapshot', bob.d.bytes(), cpp2.d.bytes());
const kept = bob.d.bytes().subarray(12 * pageSize + 7, 12 * pageSize + 27);
if (kept.some((v, i) => v !== ((12 * pageSize + 7 + i * 7) & 255 | 1))) fail('an unscanned write outside the snapshot was lost');
if (bob.d.bytes()[3030] !== xavier.d.bytes()[3030]) fail("xavier's newer bytes did not win over bob's unscanned write");
// Published, they reach everyone the same way.
bob.d.scan();
cpp2.d.scan();
const statsOf = (p) => JSON.stringify(p.d.scanStats());
if (statsOf(bob) !== statsOf(cpp2) || bob.d.scanStats().bytesChanged === 0) fail(`the scans of those writes: ${statsOf(bob)} ${statsOf(cpp2)}`);
console.log('unscanned local writes: kept where the snapshot does not win, exactly as in-module');

// 4. Growth: xavier's region grows; his snapshot grows bob's memory.
const memBefore = bob.M.memory.buffer.byteLength;
xavier.M.grow(8);
xavier.d.resize();
xavier.write(size + 2 * pageSize + 3, 50, 1234);
xavier.d.scan();
const snapGrown = xavier.d.snapshot();
applySnapshot(bob.d, snapGrown);
cpp2.d.applySnapshot(snapGrown);
if (bob.d.region.size !== xavier.d.region.size || bob.M.memory.buffer.byteLength <= memBefore) fail('bob did not grow');
const bx = bob.d.bytes(), xx = xavier.d.bytes();
for (let i = size; i < bx.length; i++) if (bx[i] !== xx[i]) fail(`grown byte ${i}`);
sameBytes('after growth', bob.d.bytes(), cpp2.d.bytes());
console.log(`growth: bob's region ${size} -> ${bob.d.region.size} bytes, as the in-module peer's`);

// 5. Refused snapshots change nothing in the user's memory (bytes, length).
function refused(step, p, bytes, want) {
  const memory = p.M.memory;
  const before = new Uint8Array(memory.buffer).slice(), clock = clockOf(p), regionSize = p.d.region.size;
  let error = null;
  try {
    p.d.applySnapshot(bytes);
  } catch (e) {
    error = e;
  }
  if (!(error instanceof SyncError) || error.errorName !== want) fail(`${step}: ${error ? error.message : 'accepted'}`);
  const after = new Uint8Array(memory.buffer);
  if (after.length !== before.length) fail(`${step}: the memory grew`);
  sameBytes(`${step}: memory`, after, before);
  if (clockOf(p) !== clock || p.d.region.size !== regionSize) fail(`${step}: clock or size changed`);
  console.log(`${step}: ${want}, memory unchanged`);
}
const damaged = snapGrown.slice();
damaged[damaged.length - 10] ^= 4;
const carol = enginePeer('carol');
refused('damaged', carol, damaged, 'checksum_mismatch');
const small = enginePeer('small', { pageSize: 4096 });
small.write(100, 8, 1);
small.d.scan();
refused('other page size', carol, small.d.snapshot(), 'page_size_mismatch');
const tight = enginePeer('tight', { capacity: size });
refused('past the capacity', tight, snapGrown, 'region_too_large');
if (tight.M.memory.buffer.byteLength !== 8 * 65536) fail("the tight peer's memory grew");

// 6. Units. A record of 64 bytes at 4096 holds a message: one peer rewrites
// all of it, another concurrently changes one field in it. Per byte run, the
// result is a mix neither wrote; per unit, the whole record of the winner.
const records = { record: 64, offset: 4096, count: 16 };
function torn(units) {
  const extra = units ? { units } : {};
  const p = [enginePeer('u-alice', extra), enginePeer('u-bob', extra), modulePeer('u-module', extra)];
  const whole = Uint8Array.from({ length: 64 }, (_, i) => 0xa0 + (i & 15));
  p[0].poke(4096, whole);                 // alice rewrites the record (stamp time 1)
  const sent = p.map((q) => q.d.scan());
  // The in-module peer, concurrently, writes elsewhere and then one field
  // of the record: that batch has time 2, so it wins where it overlaps.
  p[2].poke(100, [9]);
  sent[2].push(...p[2].d.scan());
  p[2].poke(4096 + 40, [1, 2, 3, 4]);
  sent[2].push(...p[2].d.scan());
  p.forEach((q, i) => q.d.applyPatches(sent.filter((_, j) => j !== i).flat()));
  const rec = p.map((q) => q.d.bytes().slice(4096, 4160));
  sameBytes('torn: engine and engine', rec[0], rec[1]);
  sameBytes('torn: engine and in-module', rec[0], rec[2]);
  const isAlice = rec[0].every((v, i) => v === whole[i]);
  const isModule = rec[0].every((v, i) => v === (i >= 40 && i < 44 ? i - 39 : 0));
  return { peers: p, verdict: isAlice ? "alice's whole record" : isModule ? "the module's whole record" : 'a mix neither wrote' };
}
console.log(`per byte run: ${torn(null).verdict}`);
const u = torn(records);
console.log(`records of 64 bytes: ${u.verdict}`);
if (u.verdict === 'a mix neither wrote') fail('units tore the record');
// A snapshot from a peer with units, and one with other units, and one
// without, are refused by the others (unit_mismatch), changing nothing.
const snapUnits = u.peers[0].d.snapshot();
if (snapUnits[4] !== 2) fail(`a region with units wrote snapshot version ${snapUnits[4]}`);
sameBytes('units snapshots', snapUnits, u.peers[2].d.snapshot());
refused('units snapshot to a per-run peer', enginePeer('plain'), snapUnits, 'unit_mismatch');
refused('other units', enginePeer('other', { units: { record: 32, offset: 4096, count: 32 } }), snapUnits, 'unit_mismatch');
refused('per-run snapshot to a units peer', enginePeer('units', { units: records }), snapA, 'unit_mismatch');
const joiner = enginePeer('u-joiner', { units: records });
applySnapshot(joiner.d, snapUnits);
sameBytes('units joiner', joiner.d.bytes(), u.peers[2].d.bytes());
console.log('units joiner: identical');
// The option's checks are sync.mjs's.
for (const [units, kind] of [[{ record: 0 }, 'invalid_argument'], [{ record: 64, offset: size }, 'invalid_argument'], [[[10, 5]], 'invalid_argument'], ['pages', 'invalid_argument'], [42, 'TypeError']]) {
  let error = null;
  try {
    createMemoryDistributor(watInstance().memory, 'bad', { ...common, units });
  } catch (e) {
    error = e;
  }
  const got = error instanceof SyncError ? error.errorName : error?.name;
  if (got !== kind) fail(`units ${JSON.stringify(units)}: ${got} (${error?.message})`);
}
console.log('units option: bad values refused as sync.mjs refuses them');
