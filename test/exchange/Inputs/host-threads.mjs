// Two threads, one shared memory: Node's main thread and a worker_threads
// Worker load modules linked with THREADS concurrently (each recorded once,
// never the same range twice), fill their heaps at the same time, create
// regions at the same time under the table lock, and see each other's growth.
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createRegion, createSharedMemory, listModules, listRegions, loadModule } from '../../../runtime/js/exchange.mjs';
import { arrive } from './host-threads-barrier.mjs';
import { hex, sameBytes } from './host-util.mjs';

const [markerMain, markerWorker, tinyFile] = process.argv.slice(2);
// A bound on the whole run: a lost reply must fail the test, not hang it.
setTimeout(() => { console.log('timed out'); process.exit(1); }, 30000).unref();
const worker = new Worker(new URL('./host-threads-worker.mjs', import.meta.url), { workerData: { tiny: tinyFile, marker: markerWorker } });
const replies = [];
let waiting = null;
worker.on('message', (m) => { if (waiting) { const w = waiting; waiting = null; w(m); } else replies.push(m); });
worker.on('error', (e) => { console.log(`worker failed: ${e.stack}`); process.exit(1); });
const reply = () => new Promise((resolve) => { if (replies.length) resolve(replies.shift()); else waiting = resolve; });
await reply(); // ready

// Sends a phase, then does ours once both have arrived at the barrier.
async function together(msg, ours) {
  const barrier = new SharedArrayBuffer(4);
  const theirs = reply();
  worker.postMessage({ ...msg, barrier });
  arrive(barrier);
  const mine = await ours();
  const r = await theirs;
  if (!r.ok) throw new Error(`worker: ${r.error}`);
  return [mine, r];
}

const tiny = await WebAssembly.compile(readFileSync(tinyFile));
const marker = await WebAssembly.compile(readFileSync(markerMain));
const options = { maximumPages: 1400, shared: true, heapBase: 0x04010000 };

// 1. Both threads load the same module (slot 3) into a fresh memory: one wins.
let rounds = 0, single = 0;
for (; rounds < 20; ++rounds) {
  const shm = createSharedMemory(options);
  const [mine, theirs] = await together({ phase: 'race', memory: shm.memory }, async () => {
    try { return { won: (await loadModule(shm, tiny)).exports.touch() > 0 }; } catch (e) { if (e.code !== 'overlap') throw e; return { won: false }; }
  });
  if (mine.won !== theirs.won && listModules(shm).length === 1) ++single;
}
console.log(`race for one slot: ${single} of ${rounds} rounds had exactly one winner and one record`);

// 2. Different slots, loaded at the same moment.
const shm = createSharedMemory(options);
const region = createRegion(shm, 'pattern', 100000);
shm.bytes(region.offset, region.size).fill(0x5c);
const [main, w] = await together({ phase: 'load', memory: shm.memory }, () => loadModule(shm, marker));
const mods = listModules(shm);
console.log(`loaded: main [${hex(main.range.base)}, ${hex(main.range.limit)}) worker [${hex(w.range.base)}, ${hex(w.range.limit)}), ` +
  `records: ${mods.length}, ids: ${mods.map((m) => m.id).sort().join(',')}, threads: ${mods.every((m) => m.threads)}`);

// 3. Both heaps busy at once; the table page and the region do not change.
const table = shm.bytes(0, 65536).slice();
const [, filled] = await together({ phase: 'fill' }, () => { for (let i = 0; i < 20; ++i) main.exports.fill(100, 500); });
console.log(`concurrent fills: main marks ${main.exports.check() === 1}, consistent ${main.exports.heap_consistent() === 1}; ` +
  `worker marks ${filled.check === 1}, consistent ${filled.consistent === 1}, errno ENOMEM seen: ${filled.errno === 1 && main.exports.huge() === 1}; table page unchanged: ${sameBytes(table, shm.bytes(0, 65536))}, ` +
  `region unchanged: ${shm.bytes(region.offset, region.size).every((x) => x === 0x5c)}`);

// 4. Regions created from both threads at once.
const count = 200;
const [made] = await together({ phase: 'regions', count }, () => {
  const offsets = [];
  for (let i = 0; i < count; ++i) {
    const r = createRegion(shm, `m-${i}`, 64 + i, { structId: BigInt(i) });
    shm.bytes(r.offset, r.size).fill(0x33);
    offsets.push(r.offset);
  }
  return offsets;
});
const regions = listRegions(shm).sort((x, y) => x.offset - y.offset);
let disjoint = true;
for (let i = 1; i < regions.length; ++i) if (regions[i - 1].offset + regions[i - 1].size > regions[i].offset) disjoint = false;
const names = new Set(regions.map((r) => r.name));
const contents = regions.every((r) => r.name === 'pattern' || shm.bytes(r.offset, r.size).every((x) => x === (r.name[0] === 'm' ? 0x33 : 0x77)));
console.log(`regions: ${regions.length} listed, ${names.size} names, disjoint: ${disjoint}, 64-aligned: ${regions.every((r) => r.offset % 64 === 0)}, ` +
  `contents intact: ${contents}, main's offsets listed: ${made.every((o) => regions.some((r) => r.offset === o))}`);

// 5. Growth seen across threads.
const before = shm.byteLength;
worker.postMessage({ phase: 'grow', pages: 10 });
const grown = await reply();
console.log(`worker's module grew: old ${grown.old === before / 65536}, main sees ${(shm.byteLength - before) / 65536} new pages, main works: ${main.exports.check() === 1 && main.exports.fill(10, 10) > 0}`);
shm.memory.grow(5);
worker.postMessage({ phase: 'size' });
const seen = await reply();
console.log(`main grew: worker sees ${(seen.size - before) / 65536} new pages, worker works: ${seen.check === 1 && seen.works}`);
await worker.terminate();
