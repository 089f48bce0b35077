// Runs the README's "Sync transports" example as written, in a worker (it
// is a module: its imports, then `instance` and `peerId` from a prelude),
// twice: as it stands (BroadcastChannel), with a peer in this thread
// listening on the same region; and with its transport line swapped for the
// commented NATS line, against a nats-server started here, checked by a
// peer that joins afterwards and replays the stream. Prints what each peer got.
//
// Usage: node readme_transports.mjs README.md module.wasm work-dir
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import process from 'node:process';
import * as nats from 'nats';
import { createDistributor } from '../../../runtime/js/sync.mjs';
import { syncOverBroadcastChannel } from '../../../runtime/js/transports/broadcast-channel.mjs';
import { syncOverNats } from '../../../runtime/js/transports/nats.mjs';
import { guard, startNats } from '../../tools/nats-server.mjs';
import { load } from '../../sync-net/Inputs/region-edits.mjs';

guard(30_000);
const [readme, wasm, work] = process.argv.slice(2);
const text = readFileSync(readme, 'utf8');
const section = text.slice(text.indexOf('## Sync transports'));
const block = /```js\n([\s\S]*?)```/.exec(section);
if (!block) throw new Error('README.md: no ```js block in "Sync transports"');
const srcRoot = new URL('../../../', import.meta.url);
const natsLine = /^\/\/ (const link = await syncOverNats\(.*)$/m;
if (!natsLine.test(block[1])) throw new Error('README.md: no commented syncOverNats line in the example');

/** The example as a module file: runnable paths, and the prelude first. */
function write(name, code) {
  const prelude = join(work, 'prelude.mjs');
  writeFileSync(prelude, `import { WASI } from 'node:wasi';\nimport { readFileSync } from 'node:fs';\n` +
    `const wasi = new WASI({ version: 'preview1', args: [], env: {} });\n` +
    `export const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(${JSON.stringify(wasm)})), wasi.getImportObject());\n` +
    `wasi.initialize(instance);\nexport const peerId = 1;\n`);
  const runnable = code
    .replaceAll("from './", `from '${srcRoot.href}`)
    .replace("from 'nats'", `from '${import.meta.resolve('nats')}'`);
  const file = join(work, name);
  writeFileSync(file, `import { instance, peerId } from ${JSON.stringify(pathToFileURL(prelude).href)};\n${runnable}`);
  return file;
}

function run(file) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { stdout: true });
    let out = '';
    worker.stdout.on('data', (d) => { out += d; });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`the example exited ${code}: ${out}`))));
  });
}

const peer = (id) => createDistributor(load(wasm), id, { scanInterval: 10 });

// As written: BroadcastChannel, with a listener on region 'board'.
const listener = peer(2);
const heard = syncOverBroadcastChannel(listener, { region: 'board' });
const printed = await run(write('example-broadcast.mjs', block[1]));
const deadline = Date.now() + 5000;
while (listener.bytes()[0] !== 42 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
console.log(`broadcast: the example printed "${printed}"; the listening peer has byte 0 = ${listener.bytes()[0]}`);
await heard.close();

// The transport line swapped for the NATS one.
const server = await startNats();
const swapped = block[1]
  .replace(/^const link = syncOverBroadcastChannel\(.*$/m, '')
  .replace(natsLine, '$1')
  .replace('nats://127.0.0.1:4222', server.url);
const printedNats = await run(write('example-nats.mjs', swapped));
const late = peer(3);
const lateLink = await syncOverNats(late, { client: nats, servers: server.url, region: 'board' });
console.log(`nats: the example printed "${printedNats}"; a peer joining afterwards has byte 0 = ${late.bytes()[0]}`);
await lateLink.close();
await server.close();
