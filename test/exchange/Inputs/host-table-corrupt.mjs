// A damaged region table is an error, never a wild read: each damage below is
// reported by openSharedMemory, listRegions, findRegion, createRegion and
// loadModule alike, as 'corrupt' (or 'version_mismatch'), and the refused
// operations leave the memory as it was.
import { createRegion, createSharedMemory, findRegion, layout, listRegions, loadModule, openSharedMemory } from '../../../runtime/js/exchange.mjs';
import { expectError, sameBytes, snapshot } from './host-util.mjs';

const module = process.argv[2];
const T = layout.tableAddress, entry = (i) => T + 64 + 64 * i;
const moduleRecord = (i) => T + 64 + 64 * layout.maxEntries + 16 * i;

async function damaged(what, code, damage) {
  // A region heap below slot 1 keeps the memory small (quick snapshots).
  const shm = createSharedMemory({ maximumPages: 8192, heapBase: 0x100000, heapLimit: 0x200000 });
  createRegion(shm, 'first', 100);
  createRegion(shm, 'second', 5000, { structId: 7n });
  const dv = shm.view();
  damage(dv, shm);
  const before = snapshot(shm);
  const messages = new Set();
  messages.add(await expectError(code, () => openSharedMemory(shm.memory)));
  messages.add(await expectError(code, () => listRegions(shm)));
  messages.add(await expectError(code, () => findRegion(shm, 'first')));
  messages.add(await expectError(code, () => createRegion(shm, 'third', 10)));
  messages.add(await expectError(code, () => loadModule(shm, module)));
  console.log(`${what}: ${[...messages].join(' / ')} | memory unchanged: ${sameBytes(before, snapshot(shm))}`);
}

await damaged('magic', 'corrupt', (dv) => dv.setUint8(T, dv.getUint8(T) ^ 0x20));
await damaged('version', 'version_mismatch', (dv) => dv.setUint16(T + 4, 2, true));
await damaged('count', 'corrupt', (dv) => dv.setUint32(T + 12, 513, true));
await damaged('capacity 0', 'corrupt', (dv) => dv.setUint16(T + 6, 0, true));
await damaged('capacity 1000', 'corrupt', (dv) => dv.setUint16(T + 6, 1000, true));
await damaged('count above capacity', 'corrupt', (dv) => dv.setUint16(T + 6, 1, true));
await damaged('module capacity', 'corrupt', (dv) => dv.setUint16(T + 24, 65, true));
await damaged('heap order', 'corrupt', (dv) => dv.setUint32(T + 16, dv.getUint32(T + 28, true) - 64, true));
await damaged('heap limit', 'corrupt', (dv) => dv.setUint32(T + 20, dv.getUint32(T + 28, true), true));
await damaged('heap base', 'corrupt', (dv) => dv.setUint32(T + 28, 4096, true));
await damaged('entry past heap next', 'corrupt', (dv) => dv.setUint32(entry(1) + 32, dv.getUint32(T + 16, true), true));
await damaged('entry past the memory', 'corrupt', (dv) => { dv.setUint32(T + 16, 0xfffff000, true); dv.setUint32(T + 20, 0xffffff00, true); dv.setUint32(entry(1) + 36, 0x7fffffff, true); });
await damaged('entry below heap base', 'corrupt', (dv) => dv.setUint32(entry(0) + 32, 65536, true));
await damaged('name unterminated', 'corrupt', (dv, shm) => shm.bytes(entry(0), 32).fill(0x41));
await damaged('name empty', 'corrupt', (dv, shm) => shm.bytes(entry(1), 32).fill(0));
await damaged('entry not ready', 'corrupt', (dv) => dv.setUint32(entry(1) + 56, 0, true));
await damaged('entry kind', 'corrupt', (dv) => dv.setUint32(entry(0) + 52, 3, true));
await damaged('module count', 'corrupt', (dv) => dv.setUint16(T + 26, 65, true));
await damaged('module id 0', 'corrupt', (dv) => {
  dv.setUint16(T + 26, 1, true);
  dv.setUint32(moduleRecord(0), 0x01010000, true);
  dv.setUint32(moduleRecord(0) + 4, 0x02010000, true);
});
await damaged('modules overlapping', 'corrupt', (dv) => {
  dv.setUint16(T + 26, 2, true);
  for (const [i, id] of [[0, 1], [1, 2]]) {
    dv.setUint32(moduleRecord(i), 0x01010000 + i * 0x1000, true);
    dv.setUint32(moduleRecord(i) + 4, 0x02010000, true);
    dv.setUint32(moduleRecord(i) + 8, id, true);
  }
});
await damaged('module in the region heap', 'corrupt', (dv) => {
  dv.setUint16(T + 26, 1, true);
  dv.setUint32(moduleRecord(0), dv.getUint32(T + 28, true), true);
  dv.setUint32(moduleRecord(0) + 4, dv.getUint32(T + 28, true) + 0x10000, true);
  dv.setUint32(moduleRecord(0) + 8, 1, true);
});

// A lock left held on an unshared memory: nobody can release it.
const stuck = createSharedMemory({ maximumPages: 8192 });
stuck.view().setUint32(T + 8, 5, true);
const before = snapshot(stuck);
console.log(`${await expectError('busy', () => createRegion(stuck, 'x', 1))} | memory unchanged: ${sameBytes(before, snapshot(stuck))}`);
console.log(`${await expectError('busy', () => loadModule(stuck, module))} | memory unchanged: ${sameBytes(before, snapshot(stuck))}`);

// No table at all: a memory that was never given one.
console.log(await expectError('corrupt', () => openSharedMemory(new WebAssembly.Memory({ initial: 1 }))));
