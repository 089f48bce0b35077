// Modules whose ranges collide are refused before instantiation: the error
// names the collision, and the memory is byte for byte what it was (no data
// written, no record taken, no growth).
import { createSharedMemory, listModules, loadModule } from '../../../runtime/js/exchange.mjs';
import { expectError, sameBytes, snapshot } from './host-util.mjs';
import { patchSection } from './host-patch.mjs';
import { readFileSync } from 'node:fs';

const [slot1, slot1again, slot0wide, slot2] = process.argv.slice(2);
const shm = createSharedMemory({ maximumPages: 8192 });
const a = await loadModule(shm, slot1);
console.log(`slot 1 loaded: touch ${a.exports.touch()}`);

async function refused(what, code, source, mem = shm) {
  const before = snapshot(mem), modules = JSON.stringify(listModules(mem));
  const message = await expectError(code, () => loadModule(mem, source));
  const same = sameBytes(before, snapshot(mem)) && JSON.stringify(listModules(mem)) === modules;
  console.log(`${what}: ${message} | memory unchanged: ${same}`);
}

await refused('same slot', 'overlap', slot1again);
await refused('same file again', 'overlap', slot1);
await refused('precompiled', 'overlap', await WebAssembly.compile(readFileSync(slot1again)));
await refused('wide slot 0', 'overlap', slot0wide);
await refused('table page', 'overlap', patchSection(slot1again, { base: 0x8000 }));
const low = createSharedMemory({ maximumPages: 8192, heapBase: 0x01810000 });
await refused('region heap', 'overlap', slot1again, low);
const small = createSharedMemory({ maximumPages: 300, heapBase: 0x10000, heapLimit: 0x20000 });
await refused('past the maximum', 'out_of_memory', slot1again, small);

const b = await loadModule(shm, slot2);
console.log(`slot 2 loaded: touch ${b.exports.touch()}, slot 1 still works: touch ${a.exports.touch()}`);
console.log(`records: ${listModules(shm).map((m) => m.id).join(', ')}`);
