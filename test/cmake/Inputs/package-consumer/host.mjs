// Two instances of peer.wasm kept in sync by the installed runtime/js/sync.mjs:
// peer 1 encodes a Scene into its region, its scan's patches go to peer 2,
// which reads the message back from its own memory.
// Usage: node host.mjs <share/karmem/js> peer.wasm
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { pathToFileURL } from 'node:url';
import process from 'node:process';

const [jsDir, wasmPath] = process.argv.slice(2);
const { createDistributor } = await import(pathToFileURL(`${jsDir}/sync.mjs`).href);
const module = new WebAssembly.Module(readFileSync(wasmPath));

function load() {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const instance = new WebAssembly.Instance(module, wasi.getImportObject());
  wasi.initialize(instance);
  return instance;
}
function cstring(instance, ptr) {
  const bytes = new Uint8Array(instance.exports.memory.buffer, ptr >>> 0);
  return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
}

const A = load(), B = load();
const pageSize = 4096, size = 4 * pageSize;
const baseA = A.exports.app_reserve(size, pageSize) >>> 0;
const baseB = B.exports.app_reserve(size, pageSize) >>> 0;
const a = createDistributor(A, 1, { base: baseA, size, pageSize, scanInterval: 0 });
const b = createDistributor(B, 2, { base: baseB, size, pageSize, scanInterval: 0 });
const n = A.exports.app_write(baseA, 9);
const patches = a.scan();
b.applyPatches(patches);
const x = a.bytes(), y = b.bytes();
const same = x.length === y.length && x.every((v, i) => v === y[i]);
console.log(`js: ${n}-byte message, ${patches.length} patch, regions ${same ? 'identical' : 'DIFFER'}: ${cstring(B, B.exports.app_describe(baseB))}`);
a.destroy();
b.destroy();
if (!same) process.exit(1);
