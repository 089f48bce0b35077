// Out of memory in a module's heap: slot 3 allocates until malloc returns
// null. Its arena fills up to its limit and no further: the neighbour at
// slot 4 (adjacent), the table page and everything else are unchanged, and
// both modules keep working. Freeing everything gives the whole arena back.
import { createSharedMemory, loadModule } from '../../../runtime/js/exchange.mjs';
import { assert, changedOutside, hex, snapshot } from './host-util.mjs';

const [fileFull, fileNeighbour] = process.argv.slice(2);
const shm = createSharedMemory({ maximumPages: 8192 });
const full = await loadModule(shm, fileFull);
const next = await loadModule(shm, fileNeighbour);
assert(full.range.limit === next.range.base, 'the two ranges are adjacent');
next.exports.fill(200, 3000);

const e = full.exports, { base, limit } = full.range;
const arena = e.heap_end() - e.heap_begin();
console.log(`arena: [${hex(e.heap_begin())}, ${hex(e.heap_end())}) of range [${hex(base)}, ${hex(limit)})`);
const before = snapshot(shm);
const got = e.exhaust(4096);
const changed = changedOutside(shm, before, [[base, limit]]);
console.log(`exhausted: ${got > 0} (${got} blocks of 4096), clean failures: ${got > 0}`);
console.log(`highest allocation ends at or below the limit: ${e.highest_address() <= limit}, within 4 KiB of the arena end: ${e.heap_end() - e.highest_address() < 4096 + 64}`);
console.log(`no free chunk left that holds a block: ${e.heap_largest() < 4096 + 16}`);
console.log(`bytes changed outside its range: ${changed}`);
console.log(`huge requests fail cleanly: ${e.huge() === 1}`);
console.log(`marks intact: ${e.check() === 1} and neighbour: ${next.exports.check() === 1}`);
e.release_all();
console.log(`after freeing all: one free chunk of the whole arena: ${e.heap_free() === e.heap_largest() && e.heap_free() >= arena - 64}`);
const again = e.exhaust(4096);
console.log(`exhausted again: same count: ${again === got}`);
e.release_all();
const small = e.exhaust(24);
console.log(`small blocks: ${small > 100000}, heap consistent: ${e.heap_consistent()}`);
console.log(`bytes changed outside its range in all: ${changedOutside(shm, before, [[base, limit]])}, neighbour works: ${next.exports.fill(10, 10) > 0 && next.exports.check() === 1}`);
