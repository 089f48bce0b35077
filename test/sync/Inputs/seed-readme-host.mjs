// Runs the usage example of wasm-memory-distributor's README
// (seed-readme-example.mjs: its text as published, line for line) against
// memory-distributor.mjs. The example imports 'wasm-memory-distributor': a
// package of that name in <dir>/node_modules re-exports our module. Its free
// names come from here: receivedPatches are a second peer's patches,
// received through a MessageChannel; sendToOtherPeers posts to that channel.
// One line is appended to the copy that runs (an export of the example's
// results), so that this host can check them.
//
// Usage: node seed-readme-host.mjs engine.wasm <scratch dir>
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMemoryDistributor, loadEngine, peerIdOf, SyncError } from '../../../runtime/js/memory-distributor.mjs';

const [enginePath, dir] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const ours = pathToFileURL(path.join(here, '..', '..', '..', 'runtime', 'js', 'memory-distributor.mjs')).href;
const pkg = path.join(dir, 'node_modules', 'wasm-memory-distributor');
mkdirSync(pkg, { recursive: true });
writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'wasm-memory-distributor', type: 'module', exports: './index.mjs' }));
writeFileSync(path.join(pkg, 'index.mjs'),
  `import { loadEngine } from ${JSON.stringify(ours)};\n` +
  `await loadEngine(${JSON.stringify(path.resolve(enginePath))});\n` +
  `export * from ${JSON.stringify(ours)};\n`);
const example = path.join(dir, 'example.mjs');
copyFileSync(path.join(here, 'seed-readme-example.mjs'), example);
appendFileSync(example, 'export { wasmMemory, distributorState, patches, clock };\n');

function fail(msg) {
  console.log(`FAIL: ${msg}`);
  process.exit(1);
}

// The other peer: the same memory as the example's, written to, scanned.
await loadEngine(enginePath);
const otherMemory = new WebAssembly.Memory({ initial: 10 });
const other = createMemoryDistributor(otherMemory, 'peer-b', { scanInterval: 0 });
new Uint8Array(otherMemory.buffer).set([1, 2, 3, 4], 8192 * 3 + 17);
new Uint8Array(otherMemory.buffer).fill(0xab, 600000, 600100);
const { port1, port2 } = new MessageChannel();
const received = new Promise((resolve) => port1.once('message', resolve));
port2.postMessage(other.scan());
globalThis.receivedPatches = await received;
let sent = 0;
globalThis.sendToOtherPeers = (p) => { sent += p.length; port1.postMessage(p); };
console.log(`received through a MessageChannel: ${globalThis.receivedPatches.length} patch, ${globalThis.receivedPatches[0].length} bytes`);

const run = await import(pathToFileURL(example).href);
const mine = new Uint8Array(run.wasmMemory.buffer), theirs = new Uint8Array(otherMemory.buffer);
for (let i = 0; i < theirs.length; i++) if (mine[i] !== theirs[i]) fail(`byte ${i}: ${mine[i]} vs ${theirs[i]}`);
console.log(`example: its scan made ${run.patches.length} patches; after applyPatches its memory holds the other peer's bytes`);
const idB = String(peerIdOf('peer-b'));
if (JSON.stringify(run.clock) !== JSON.stringify({ [idB]: 1 })) fail(`clock ${JSON.stringify(run.clock)}`);
console.log(`clock: {"<id of peer-b>":1} (peer-b is not named to it, so the key is its u32 id)`);
console.log(`memory grown to ${run.wasmMemory.buffer.byteLength / 65536} pages; onDiff sent ${sent} patches before destroy`);
try {
  run.distributorState.scan();
  fail('scan after destroy worked');
} catch (e) {
  if (!(e instanceof SyncError)) throw e;
  console.log(`after destroy: ${e.errorName}`);
}
other.destroy();
port1.close();
