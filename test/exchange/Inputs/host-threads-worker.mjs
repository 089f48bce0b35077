// The Worker half of host-threads.mjs: opens the memory it is sent, and does
// its side of each phase right after both threads meet at the phase's barrier.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createRegion, loadModule, openSharedMemory } from '../../../runtime/js/exchange.mjs';
import { arrive } from './host-threads-barrier.mjs';

const tiny = await WebAssembly.compile(readFileSync(workerData.tiny));
const marker = await WebAssembly.compile(readFileSync(workerData.marker));
let shm, mine;

const phases = {
  async race({ memory, barrier }) {
    const ours = openSharedMemory(memory);
    arrive(barrier);
    try {
      const m = await loadModule(ours, tiny);
      return { won: true, id: m.range.id, touch: m.exports.touch() };
    } catch (e) {
      if (e.code !== 'overlap') throw e;
      return { won: false, message: e.message };
    }
  },
  async load({ memory, barrier }) {
    shm = openSharedMemory(memory);
    arrive(barrier);
    mine = await loadModule(shm, marker);
    return { range: mine.range };
  },
  fill({ barrier }) {
    arrive(barrier);
    for (let i = 0; i < 20; ++i) mine.exports.fill(100, 500);
    return { check: mine.exports.check(), consistent: mine.exports.heap_consistent(), errno: mine.exports.huge() };
  },
  regions({ barrier, count }) {
    arrive(barrier);
    const made = [];
    for (let i = 0; i < count; ++i) {
      const r = createRegion(shm, `w-${i}`, 64 + i, { structId: BigInt(i) });
      shm.bytes(r.offset, r.size).fill(0x77);
      made.push(r.offset);
    }
    return { made };
  },
  grow({ pages }) {
    const old = mine.exports.grow(pages);
    return { old, size: shm.byteLength, check: mine.exports.check() };
  },
  size() {
    return { size: shm.byteLength, check: mine.exports.check(), works: mine.exports.fill(10, 10) > 0 };
  },
};

parentPort.on('message', async (msg) => {
  try {
    parentPort.postMessage({ ok: true, ...(await phases[msg.phase](msg)) });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: `${e.code ?? e.name}: ${e.message}` });
  }
});
parentPort.postMessage({ ready: true });
