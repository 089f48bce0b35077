// Two separately built modules in one ordinary memory, slots 1 and 2: each
// allocates (std::string, malloc, new[]) and marks what it allocated; after
// each call nothing outside the caller's range (the table page, the other
// module, the region heap) has changed, and every allocation lies inside the
// caller's arena.
import { createSharedMemory, createRegion, listModules, loadModule } from '../../../runtime/js/exchange.mjs';
import { assert, changedOutside, hex, snapshot } from './host-util.mjs';

const [fileA, fileB] = process.argv.slice(2);
const shm = createSharedMemory({ maximumPages: 8192 });
const region = createRegion(shm, 'shared-bytes', 100000);
shm.bytes(region.offset, region.size).fill(0x77);
const a = await loadModule(shm, fileA);
const b = await loadModule(shm, fileB);
console.log(`modules: ${listModules(shm).map((m) => `${m.id} [${hex(m.base)}, ${hex(m.limit)})`).join(', ')}`);

for (const [name, m] of [['a', a], ['b', b], ['a', a], ['b', b]]) {
  const { base, limit } = m.range;
  const e = m.exports;
  assert(e.range_base() === base && e.range_limit() === limit, 'the module knows its own range');
  const before = snapshot(shm);
  const bytes = e.fill(500, 1000);
  const changed = changedOutside(shm, before, [[base, limit]]);
  const lo = e.lowest_address(), hi = e.highest_address();
  const inArena = e.heap_begin() <= lo && hi <= e.heap_end() && e.heap_end() <= limit && e.heap_begin() > base;
  // The host sees the marker where the module says it wrote it.
  const marked = shm.bytes(e.heap_begin(), e.heap_end() - e.heap_begin()).filter((x) => x === e.mark()).length;
  console.log(`${name} (mark ${hex(e.mark())}): ${bytes} bytes allocated, all inside its arena: ${inArena}, ` +
    `marker bytes in its arena >= allocated: ${marked >= bytes}, bytes changed outside its range: ${changed}, heap consistent: ${e.heap_consistent()}`);
}
console.log(`both still hold their marks: ${a.exports.check() === 1 && b.exports.check() === 1}`);
console.log(`region intact: ${shm.bytes(region.offset, region.size).every((x) => x === 0x77)}`);
