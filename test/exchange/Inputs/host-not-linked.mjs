// Modules that were not linked for the exchange, or not for this memory, are
// refused before instantiation with a message saying what is missing.
import { createSharedMemory, listModules, loadModule } from '../../../runtime/js/exchange.mjs';
import { expectError, sameBytes, snapshot } from './host-util.mjs';
import { patchSection } from './host-patch.mjs';

const dir = process.argv[2];
const plain = createSharedMemory({ maximumPages: 8192 });
const shared = createSharedMemory({ maximumPages: 8192, shared: true });

async function refused(what, code, source, mem = plain) {
  const before = snapshot(mem);
  const message = await expectError(code, () => loadModule(mem, source, { name: what }));
  console.log(`${message} | memory unchanged: ${sameBytes(before, snapshot(mem)) && listModules(mem).length === 0}`);
}

await refused('plain', 'not_linked', `${dir}/plain.wasm`);
await refused('own-memory', 'not_linked', `${dir}/own.wasm`);
await refused('command', 'not_linked', `${dir}/command.wasm`);
await refused('no-export', 'not_linked', `${dir}/noexport.wasm`);
await refused('threads', 'not_linked', `${dir}/threads.wasm`);
await refused('single', 'not_linked', `${dir}/single.wasm`, shared);
await refused('magic', 'not_linked', patchSection(`${dir}/single.wasm`, { magic: 0x12345678 }));
await refused('version', 'version_mismatch', patchSection(`${dir}/single.wasm`, { version: 2 }));
await refused('flags', 'not_linked', patchSection(`${dir}/single.wasm`, { flags: 4 }));
await refused('empty-range', 'not_linked', patchSection(`${dir}/single.wasm`, { limit: 0x01010000 }));
await refused('claims-threads', 'not_linked', patchSection(`${dir}/single.wasm`, { flags: 1 }), shared);
await refused('lies', 'not_linked', patchSection(`${dir}/single.wasm`, { base: 0x03010000, limit: 0x04010000 }));
const ok = await loadModule(plain, `${dir}/single.wasm`);
const okShared = await loadModule(shared, `${dir}/threads.wasm`);
console.log(`the same modules load where they fit: ${ok.exports.touch() > 0 && okShared.exports.touch() > 0}`);
