// Drives two wasm32 modules (separate memories, regions at different
// addresses) to identical memory through runtime/js/sync.mjs: manual scans
// with shuffled, duplicated delivery; marked scans; a memory.grow between
// calls; region growth; a damaged patch; then automatic scans (onDiff) over
// a MessageChannel. Prints one line per step; exits 1 on any difference.
//
// Usage: node two-modules.mjs a.wasm b.wasm
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { MessageChannel } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import process from 'node:process';
import { createDistributor, PatchesRejected } from '../../../runtime/js/sync.mjs';

// Synchronous compile and instantiation: awaiting the asynchronous ones with
// nothing else pending can deadlock Node 20 in NodePlatform::DrainTasks
// (nodejs/node#54918).
async function load(path) {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(await readFile(path)), wasi.getImportObject());
  wasi.initialize(instance);
  return instance;
}

function fail(msg) {
  console.log(`FAIL: ${msg}`);
  process.exit(1);
}

// A small seeded PRNG so a failure replays.
let state = 12345;
function rand(n) {
  state = (state * 1103515245 + 12345) >>> 0;
  return Math.floor((state / 2 ** 32) * n);
}

function same(step, a, b) {
  const x = a.bytes(), y = b.bytes();
  if (x.length !== y.length) fail(`${step}: region sizes ${x.length} and ${y.length}`);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) fail(`${step}: byte ${i}: ${x[i]} vs ${y[i]}`);
  }
  const ca = JSON.stringify(a.vectorClock()), cb = JSON.stringify(b.vectorClock());
  if (ca !== cb) fail(`${step}: clocks ${ca} vs ${cb}`);
  console.log(`${step}: identical (${x.length} bytes, clock ${ca})`);
}

// Random small writes through the module's own code; `hot` is a page both
// peers write, at overlapping and at separate bytes.
function writes(inst, d, n, hot, mark) {
  const { base, size } = d.region;
  for (let i = 0; i < n; i++) {
    const len = 1 + rand(16);
    const at = rand(3) === 0 ? hot + rand(64) : rand(size - len);
    inst.exports.app_write(mark ? d.handle : 0, base + at, len, rand(1 << 30));
  }
}

function exchange(from, to) {
  const patches = from.scan();
  // Shuffled, with a duplicate.
  const list = [...patches, ...patches.slice(0, 1)];
  for (let i = list.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  to.applyPatches(list);
  return patches;
}

const [pathA, pathB] = process.argv.slice(2);
const A = await load(pathA), B = await load(pathB);
const pageSize = 8192, size = 256 << 10, capacity = 1 << 20;
const baseA = A.exports.app_reserve(capacity, pageSize) >>> 0;
const baseB = B.exports.app_reserve(capacity, pageSize) >>> 0;
if (baseA === baseB) fail('both regions at the same address');
console.log(`regions: at ${baseA === baseB ? 'the same' : 'different'} addresses`);
const a = createDistributor(A, 1, { base: baseA, size, capacity, pageSize, scanInterval: 0 });
const b = createDistributor(B, 2, { base: baseB, size, capacity, pageSize, scanInterval: 0 });
same('start', a, b);
const hot = 3 * pageSize + 100;

// 1. Full scans, both sides concurrently, several rounds.
for (let round = 0; round < 5; round++) {
  writes(A, a, 40, hot, false);
  writes(B, b, 40, hot, false);
  const pa = a.scan(), pb = b.scan();
  b.applyPatches([...pa, ...pa]); // with a duplicate
  a.applyPatches(pb);
}
same('full scans', a, b);

// 2. Marked scans hash nothing.
writes(A, a, 30, hot, true);
writes(B, b, 30, hot, true);
const ma = a.scan('marked');
const stats = a.scanStats();
if (stats.pagesHashed !== 0 || stats.pagesChanged === 0) fail(`marked scan stats ${JSON.stringify(stats)}`);
const mb = b.scan('marked');
a.applyPatches(mb);
b.applyPatches(ma);
same('marked scans', a, b);
console.log(`marked: ${stats.pagesHashed} pages hashed, ${stats.pagesChanged} changed`);

// 3. The module grows its memory between calls: earlier views detach.
const before = A.exports.memory.buffer.byteLength;
const view = a.bytes();
A.exports.app_allocate(8 << 20);
if (A.exports.memory.buffer.byteLength <= before || view.length !== 0) fail('memory did not grow');
writes(B, b, 20, hot, false);
exchange(b, a);
same('after memory.grow', a, b);

// 4. Region growth reaches the peer.
a.resize(512 << 10);
writes(A, a, 20, (size + pageSize) + 7, false);
exchange(a, b);
if (b.region.size !== 512 << 10) fail(`b did not grow: ${b.region.size}`);
same('after resize', a, b);
// Without an argument: as far as memory reaches, here the whole capacity.
b.resize();
writes(B, b, 10, capacity - pageSize + 5, false);
exchange(b, a);
if (a.region.size !== capacity) fail(`a did not grow to the capacity: ${a.region.size}`);
same('after resize()', a, b);

// 5. A damaged patch is rejected whole; the good one beside it applies.
writes(A, a, 10, hot, false);
const [good] = a.scan();
const bad = good.slice();
bad[bad.length - 10] ^= 0x40;
const snapshot = b.bytes().slice();
try {
  b.applyPatches([bad]);
  fail('a damaged patch was applied');
} catch (e) {
  if (!(e instanceof PatchesRejected)) throw e;
  const err = e.rejected[0].error;
  console.log(`damaged: ${err.errorName} (code ${err.code}): ${err.message}`);
  if (b.bytes().some((v, i) => v !== snapshot[i])) fail('the damaged patch changed memory');
}
try {
  b.applyPatches([new Uint8Array([1, 2, 3]), good]);
  fail('garbage was applied');
} catch (e) {
  if (!(e instanceof PatchesRejected) || e.applied !== 1) throw e;
  console.log(`garbage: ${e.rejected[0].error.errorName}, ${e.applied} other applied`);
}
same('after bad patches', a, b);

// 6. Automatic scans (onDiff) over a MessageChannel, both peers writing.
a.scanInterval = b.scanInterval = 5;
const { port1, port2 } = new MessageChannel();
const count = { sentA: 0, sentB: 0, gotA: 0, gotB: 0 };
const offA = a.onDiff((patches) => { count.sentA += patches.length; port1.postMessage(patches); });
const offB = b.onDiff((patches) => { count.sentB += patches.length; port2.postMessage(patches); });
port1.on('message', (patches) => { count.gotA += patches.length; a.applyPatches(patches); });
port2.on('message', (patches) => { count.gotB += patches.length; b.applyPatches(patches); });
for (let i = 0; i < 20; i++) {
  writes(A, a, 5, hot, false);
  writes(B, b, 5, hot, false);
  await sleep(3);
}
// Settled: everything sent has arrived and no scan found anything for a few
// intervals (waits longer on a loaded machine, fails after 20 s).
const deadline = Date.now() + 20000;
for (let quiet = 0, last = ''; quiet < 4;) {
  await sleep(20);
  if (Date.now() > deadline) fail(`onDiff did not settle: ${JSON.stringify(count)}`);
  const now = JSON.stringify(count);
  quiet = count.sentA === count.gotB && count.sentB === count.gotA && now === last ? quiet + 1 : 0;
  last = now;
}
offA();
offB();
port1.close();
const sent = count.sentA + count.sentB;
same('onDiff over MessageChannel', a, b);
console.log(`onDiff: ${sent > 0 ? 'patches flowed' : 'NOTHING SENT'}`);
if (sent === 0) fail('onDiff sent nothing');
a.destroy();
b.destroy();
console.log('destroyed');
