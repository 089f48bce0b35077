// memory.grow by a module and by the host, and a region that makes the
// memory grow: every region keeps its offset and bytes, both modules keep
// their data and heaps and go on working.
import { createRegion, createSharedMemory, listRegions, loadModule } from '../../../runtime/js/exchange.mjs';

const [fileMarker, fileTiny] = process.argv.slice(2);
// The region heap right above slot 2 keeps the memory small.
const shm = createSharedMemory({ maximumPages: 1200, heapBase: 0x03010000 });
const m = await loadModule(shm, fileMarker);
const t = await loadModule(shm, fileTiny);
m.exports.fill(300, 700);
const r1 = createRegion(shm, 'r1', 70000);
shm.bytes(r1.offset, r1.size).fill(0x31);
let touches = 0;
const touch = () => { const v = t.exports.touch(); return Math.floor(v / 100000) === 8 + touches++ && v % 100000 === 1000 * (7 + touches - 1); };

function state(what, extra = '') {
  const regions = listRegions(shm);
  const kept = regions.every((r) => shm.bytes(r.offset, r.size).every((x) => x === r.name.charCodeAt(1)));
  const same = regions.find((r) => r.name === 'r1').offset === r1.offset;
  console.log(`${what}: ${shm.byteLength / 65536} pages, regions kept: ${kept && same}, marker module: ${m.exports.check() === 1 && m.exports.heap_consistent() === 1 && m.exports.fill(20, 100) > 0}, tiny module: ${touch()}${extra}`);
}
state('start');

const stale = shm.bytes(0, 16);
const before = shm.byteLength / 65536;
const old = t.exports.grow(16);
state('module grew', `, grow returned the old size: ${old === before}, an old view is detached: ${stale.byteLength === 0}`);

shm.memory.grow(32);
state('host grew');

const pages = shm.byteLength / 65536;
const r2 = createRegion(shm, 'r2', 6 << 20);
shm.bytes(r2.offset, r2.size).fill(0x32);
state('region grew it', `, grown: ${shm.byteLength / 65536 > pages}, r2 inside: ${r2.offset + r2.size <= shm.byteLength}`);

const size = shm.byteLength;
console.log(`module growth past the maximum: ${t.exports.grow(100000)}, size unchanged: ${shm.byteLength === size}`);
state('end');
