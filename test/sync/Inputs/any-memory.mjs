// Syncs memories that do not link the sync runtime (two instances of a WAT
// module, through memory-distributor.mjs and the engine) with each other and
// with an in-module peer (sync-module.cpp through sync.mjs): concurrent
// writes made by the modules' own code, shuffled and duplicated delivery,
// local writes not yet scanned, marked scans, memory.grow then
// resizeMemory, a peer's growth, automatic scans over a MessageChannel.
// Prints one line per step; exits 1 on any difference.
//
// Usage: node any-memory.mjs engine.wasm any-memory.wasm sync-module.wasm
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { MessageChannel } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import process from 'node:process';
import { createDistributor } from '../../../runtime/js/sync.mjs';
import {
  applyPatches, createMemoryDistributor, getVectorClock, loadEngine, onDiff, peerIdOf, resizeMemory, scan,
} from '../../../runtime/js/memory-distributor.mjs';

const [enginePath, watPath, cppPath] = process.argv.slice(2);
await loadEngine(enginePath);

function fail(msg) {
  console.log(`FAIL: ${msg}`);
  process.exit(1);
}

let seed = 4242;
function rand(n) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return Math.floor((seed / 2 ** 32) * n);
}

const wat = new WebAssembly.Module(readFileSync(watPath));
const A = new WebAssembly.Instance(wat, {}).exports;
const B = new WebAssembly.Instance(wat, {}).exports;
const wasi = new WASI({ version: 'preview1', args: [], env: {} });
const C = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(cppPath)), wasi.getImportObject());
wasi.initialize(C);

const pageSize = 8192, offset = 65536, size = 256 << 10, capacity = 1 << 20;
const names = ['alice', 'bob', 'in-module'];
const opts = (me) => ({ pageSize, offset, size, capacity, scanInterval: 0, peers: names.filter((n) => n !== me) });
let a = createMemoryDistributor(A.memory, 'alice', opts('alice'));
let b = createMemoryDistributor(B.memory, 'bob', opts('bob'));
const cBase = C.exports.app_reserve(capacity, pageSize) >>> 0;
const c = createDistributor(C, peerIdOf('in-module'), { pageSize, base: cBase, size, capacity, scanInterval: 0 });
console.log(`ids: alice ${a.id}, bob ${b.id}, in-module ${c.peerId}`);

// Each peer writes through its own module's code.
const peers = [
  { name: 'alice', d: a, write: (at, len, s) => A.write(offset + at, len, s) },
  { name: 'bob', d: b, write: (at, len, s) => B.write(offset + at, len, s) },
  { name: 'in-module', d: c, write: (at, len, s) => C.exports.app_write(0, cBase + at, len, s) },
];
const hot = 5 * pageSize + 300;

function writes(p, n) {
  const limit = p.d.region.size;
  for (let i = 0; i < n; i++) {
    const len = 1 + rand(24);
    const at = rand(3) === 0 ? hot + rand(64) : rand(limit - len);
    p.write(at, len, rand(1 << 30));
  }
}

function shuffled(list) {
  const out = [...list, ...list.slice(0, 1)]; // with a duplicate
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Every peer's patches to every other peer, shuffled. */
function exchange() {
  const sent = peers.map((p) => p.d.scan());
  peers.forEach((p, i) => p.d.applyPatches(shuffled(sent.filter((_, j) => j !== i).flat())));
}

function clockById(p) {
  return JSON.stringify(p.d === c ? c.vectorClock() : p.d.vectorClockById());
}

function same(step) {
  const [x, ...rest] = peers.map((p) => p.d.bytes());
  rest.forEach((y, k) => {
    if (x.length !== y.length) fail(`${step}: ${peers[k + 1].name} has ${y.length} bytes, alice ${x.length}`);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) fail(`${step}: byte ${i}: alice ${x[i]}, ${peers[k + 1].name} ${y[i]}`);
  });
  const clocks = peers.map(clockById);
  if (new Set(clocks).size !== 1) fail(`${step}: clocks ${clocks.join(' ')}`);
  console.log(`${step}: identical (${x.length} bytes)`);
}

// 0. The two modules write the same bytes for the same arguments, so the
// engine and in-module peers below can make the same local writes.
A.write(offset + 10, 16, 77);
C.exports.app_write(0, cBase + 10, 16, 77);
if (a.bytes().subarray(10, 26).some((v, i) => v !== c.bytes()[10 + i])) fail('the WAT and C++ writers differ');
B.write(offset + 10, 16, 77);
same('start');

// 1. Concurrent writes from all three, several rounds.
for (let round = 0; round < 6; round++) {
  for (const p of peers) writes(p, 30);
  exchange();
}
same('concurrent writes, three peers');
console.log(`clock: ${JSON.stringify(getVectorClock(a))}`);

// 2. Local writes not yet scanned survive an apply exactly as in the
// in-module tracker: bob (engine) and the in-module peer make the same
// unscanned writes, then apply the same patch from alice, which overlaps
// some of them and writes elsewhere in the same pages.
for (const at of [hot - 40, hot + 2000, 9 * pageSize + 1]) {
  B.write(offset + at, 30, at);
  C.exports.app_write(0, cBase + at, 30, at);
}
const untouched = b.bytes().slice(9 * pageSize + 1, 9 * pageSize + 31); // alice writes nothing there
A.write(offset + hot - 20, 30, 5);
A.write(offset + hot + 2010, 4, 6);
A.write(offset + 20 * pageSize, 8, 7);
const fromAlice = a.scan();
b.applyPatches(fromAlice);
c.applyPatches(fromAlice);
const bb = b.bytes(), cb = c.bytes();
for (let i = 0; i < bb.length; i++) if (bb[i] !== cb[i]) fail(`unscanned writes: byte ${i}: engine ${bb[i]}, in-module ${cb[i]}`);
if (untouched.some((v, i) => B.peek(offset + 9 * pageSize + 1 + i) !== v)) fail('bob lost an unscanned write');
if (bb[hot - 20] === cb[hot - 20] && B.peek(offset + hot - 20) !== A.peek(offset + hot - 20)) fail("alice's write did not win");
console.log('unscanned local writes: engine and in-module peer hold the same bytes after the same apply');
exchange();
same('after publishing them');

// 3. Marked scans: only the marked ranges are copied, nothing is hashed.
for (let i = 0; i < 20; i++) {
  const at = rand(size - 16);
  A.write(offset + at, 16, i);
  a.markDirty(at, 16);
}
const marked = a.scan('marked');
const stats = a.scanStats();
if (stats.pagesHashed !== 0 || stats.pagesChanged === 0) fail(`marked stats ${JSON.stringify(stats)}`);
b.applyPatches(marked);
c.applyPatches(marked);
same('marked scan');

// 4. The module grows its own memory; resizeMemory takes the new bytes in.
const before = A.memory.buffer.byteLength;
if (A.grow(8) < 0) fail('memory.grow failed');
a = resizeMemory(a, A.memory.buffer);
const grown = A.memory.buffer.byteLength - offset;
if (a.region.size !== grown || grown <= size) fail(`alice's region is ${a.region.size}, memory reaches ${grown}`);
A.write(offset + size + 3 * pageSize + 9, 40, 99); // in the new pages
A.write(offset + grown - 7, 7, 98);
const pb = B.memory.buffer.byteLength;
let result = scan(a);
a = result.state;
b = applyPatches(b, result.patches);
c.applyPatches(result.patches);
if (B.memory.buffer.byteLength <= pb) fail("bob's memory did not grow for alice's region");
console.log(`after memory.grow: alice ${before} -> ${A.memory.buffer.byteLength} bytes; bob's memory grew to ${B.memory.buffer.byteLength}`);
same('after resizeMemory');
exchange();
same('after growth, all writing');

// 5. Automatic scans (onDiff) between the two engine peers over a MessageChannel.
a.scanInterval = b.scanInterval = 5;
const { port1, port2 } = new MessageChannel();
const count = { sentA: 0, sentB: 0, gotA: 0, gotB: 0 };
a = onDiff(a, (patches) => { count.sentA += patches.length; port1.postMessage(patches); });
b = onDiff(b, (patches) => { count.sentB += patches.length; port2.postMessage(patches); });
port1.on('message', (patches) => { count.gotA += patches.length; a = applyPatches(a, patches); });
port2.on('message', (patches) => { count.gotB += patches.length; b = applyPatches(b, patches); });
for (let i = 0; i < 20; i++) {
  writes(peers[0], 4);
  writes(peers[1], 4);
  await sleep(3);
}
const deadline = Date.now() + 20000;
for (let quiet = 0, last = ''; quiet < 4;) {
  await sleep(20);
  if (Date.now() > deadline) fail(`onDiff did not settle: ${JSON.stringify(count)}`);
  const now = JSON.stringify(count);
  quiet = count.sentA === count.gotB && count.sentB === count.gotA && now === last ? quiet + 1 : 0;
  last = now;
}
a.scanInterval = b.scanInterval = 0;
port1.close();
if (count.sentA === 0 || count.sentB === 0) fail(`onDiff sent nothing: ${JSON.stringify(count)}`);
const ab = a.bytes(), bb2 = b.bytes();
for (let i = 0; i < ab.length; i++) if (ab[i] !== bb2[i]) fail(`onDiff: byte ${i}`);
console.log('onDiff over MessageChannel: alice and bob identical, patches flowed');
a.destroy();
b.destroy();
c.destroy();
console.log('destroyed');
