// Regions created by the host are found by the module (through the core's
// region_table) at the same offsets, and the module's are found by the host;
// damage the host reports as corrupt, the module reports as corrupt too.
import { createRegion, createSharedMemory, findRegion, listRegions, loadModule } from '../../../runtime/js/exchange.mjs';
import { hex } from './host-util.mjs';

const shm = createSharedMemory({ maximumPages: 8192, heapBase: 0x02010000 });
const m = await loadModule(shm, process.argv[2]);
const e = m.exports;
const put = (s) => { const b = new TextEncoder().encode(s); shm.bytes(e.name_buffer(), 32).fill(0); shm.bytes(e.name_buffer(), b.length).set(b); return b.length; };
const said = (code) => (code >= 0n ? hex(Number(code)) : new TextDecoder().decode(shm.bytes(e.name_buffer(), e.error_name(Number(code))).slice()));

const h = createRegion(shm, 'from-host', 1000, { structId: 5n });
console.log(`host created 'from-host' at ${hex(h.offset)}; module finds it at ${said(e.find(put('from-host')))}, size ${e.found_size(put('from-host'))}`);
const made = e.create(put('from-module'), 5000, m.range.id);
const r = findRegion(shm, 'from-module');
console.log(`module created 'from-module' at ${said(made)}; host finds it at ${hex(r.offset)}, size ${r.size}, struct ${hex(Number(r.structId))}, owner ${r.owner} (module id ${m.range.id}), zeroed: ${shm.bytes(r.offset, r.size).every((x) => x === 0)}`);
const after = createRegion(shm, 'after', 10);
console.log(`host's next region starts after it: ${after.offset >= r.offset + r.size && after.offset % 64 === 0}`);
console.log(`module: 'from-host' again ${said(e.create(put('from-host'), 10, 1))}, 'missing' ${said(e.find(put('missing')))}`);
console.log(`listed: ${listRegions(shm).map((x) => x.name).join(', ')}`);
shm.view().setUint32(1024 + 12, 600, true); // count above capacity
console.log(`damaged: module says ${said(e.find(put('from-host')))}`);
shm.view().setUint32(1024 + 12, 3, true);
shm.view().setUint16(1024 + 4, 2, true); // version 2
console.log(`version 2: module says ${said(e.find(put('from-host')))}`);
