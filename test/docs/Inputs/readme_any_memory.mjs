// Runs the README's "Sync any WebAssembly.Memory" example as written (only
// its import paths made absolute and loadEngine given the built engine),
// with a second peer, bob, in the same thread on the example's
// BroadcastChannel: bob must receive alice's byte 0 = 42 and alice's clock
// must count her batch. Prints what bob got.
//
// Usage: node readme_any_memory.mjs README.md karmem_sync_engine.wasm work-dir
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import process from 'node:process';

const [readme, engine, work] = process.argv.slice(2);
const text = readFileSync(readme, 'utf8');
const start = text.indexOf('## Sync any WebAssembly.Memory');
if (start < 0) throw new Error('README.md: no "Sync any WebAssembly.Memory" section');
const block = /```js\n([\s\S]*?)```/.exec(text.slice(start));
if (!block) throw new Error('README.md: no ```js block in "Sync any WebAssembly.Memory"');
const srcRoot = new URL('../../../', import.meta.url);
if (!block[1].includes('await loadEngine();')) throw new Error('README.md: the example does not call loadEngine()');
const example = block[1]
  .replaceAll("from './", `from '${srcRoot.href}`)
  .replace('await loadEngine();', `await loadEngine(${JSON.stringify(engine)});`);

// Bob, after the example (its scans start 100 ms after onDiff).
const checker = `
import * as md from '${srcRoot.href}runtime/js/memory-distributor.mjs';
const bobMemory = new WebAssembly.Memory({ initial: 10 });
let bob = md.createMemoryDistributor(bobMemory, 'bob', { peers: ['alice'], scanInterval: 0 });
const bobChannel = new BroadcastChannel('board');
bobChannel.onmessage = (e) => { bob = md.applyPatches(bob, e.data); };
const deadline = Date.now() + 10000;
while (new Uint8Array(bobMemory.buffer)[0] !== 42 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
const got = new Uint8Array(bobMemory.buffer)[0];
const clock = md.getVectorClock(state);
console.log(\`bob has byte 0 = \${got}; alice's clock \${JSON.stringify(clock)}; bob's \${JSON.stringify(md.getVectorClock(bob))}\`);
md.destroy(state);
md.destroy(bob);
channel.close();
bobChannel.close();
`;
const file = join(work, 'readme-any-memory.mjs');
writeFileSync(file, `${example}\n${checker}`);
await import(pathToFileURL(file).href);
