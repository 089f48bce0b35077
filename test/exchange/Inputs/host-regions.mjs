// Regions from the host: created at the heap's next 64-byte boundary, zeroed,
// found by name from another view of the same memory, never moved; every
// refusal is typed and changes nothing.
import { createRegion, createSharedMemory, findRegion, listRegions, openSharedMemory } from '../../../runtime/js/exchange.mjs';
import { expectError, hex, sameBytes, snapshot } from './host-util.mjs';

const shm = createSharedMemory({ maximumPages: 64, heapBase: 0x20000, heapLimit: 0x400000, entryCapacity: 4 });
const show = (r) => `${r.name} at ${hex(r.offset)} size ${r.size} struct ${r.structId} owner ${r.owner} kind ${r.kind}`;
console.log(`memory: ${shm.byteLength} bytes`);
const a = createRegion(shm, 'alpha', 100);
shm.bytes(a.offset, a.size).fill(0xaa);
const b = createRegion(shm, 'ring-é', 200000, { structId: 2n ** 64n - 1n, kind: 2 });
shm.bytes(b.offset, b.size).fill(0xbb);
console.log(show(a));
console.log(show(b));
console.log(`memory grew to cover it: ${shm.byteLength >= b.offset + b.size} (${shm.byteLength} bytes)`);
const c = createRegion(shm, 'x'.repeat(31), 1, { structId: 12345 });
console.log(show(c));

const other = openSharedMemory(shm.memory); // what a second host (a Worker) sees
console.log(`found from another view: ${show(findRegion(other, 'ring-é'))}`);
console.log(`listed: ${listRegions(other).map((r) => r.name.length > 10 ? `${r.name.slice(0, 3)}…(${r.name.length})` : r.name).join(', ')}`);

async function refused(code, fn) {
  const before = snapshot(shm);
  const message = await expectError(code, fn);
  console.log(`${message} | memory unchanged: ${sameBytes(before, snapshot(shm))}`);
}
await refused('exists', () => createRegion(shm, 'alpha', 5));
await refused('not_found', () => findRegion(shm, 'beta'));
await refused('invalid_argument', () => createRegion(shm, '', 5));
await refused('invalid_argument', () => createRegion(shm, 'y'.repeat(32), 5));
await refused('invalid_argument', () => createRegion(shm, 'a\0b', 5));
await refused('invalid_argument', () => createRegion(shm, 'zero', 0));
await refused('invalid_argument', () => createRegion(shm, 'huge', 2 ** 32));
await refused('invalid_argument', () => createRegion(shm, 'kind', 5, { kind: 3 }));
await refused('invalid_argument', () => createRegion(shm, 'id', 5, { structId: -1n }));
await refused('invalid_argument', () => createRegion(shm, 'id', 5, { structId: 2n ** 64n }));
await refused('out_of_memory', () => createRegion(shm, 'big', 0x400000));
const d = createRegion(shm, 'delta', 64);
console.log(show(d));
await refused('table_full', () => createRegion(shm, 'epsilon', 64));

shm.memory.grow(3);
console.log(`after growth: regions where they were: ${JSON.stringify(listRegions(shm).map((r) => r.offset)) === JSON.stringify([a, b, c, d].map((r) => r.offset))}, ` +
  `bytes kept: ${shm.bytes(a.offset, a.size).every((x) => x === 0xaa) && shm.bytes(b.offset, b.size).every((x) => x === 0xbb)}, ` +
  `new ones zeroed: ${shm.bytes(c.offset, c.size).every((x) => x === 0) && shm.bytes(d.offset, d.size).every((x) => x === 0)}`);
