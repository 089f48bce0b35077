// The transports over a MemoryDistributor (a WAT module's memory synced
// through the engine) and an in-module peer, under Node, with the
// transports' interface unchanged: syncOverMessagePort over a
// MessageChannel; syncOverNats through a real broker, where an engine peer
// joins late from the stored snapshot (the stream trimmed behind it), then
// stores snapshots itself, from which an in-module peer joins. Every peer
// ends byte-identical. Prints one line per step; exits 1 on any difference.
//
// Usage: node any-memory-transports.mjs engine.wasm any-memory.wasm sync-module.wasm
import { readFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import process from 'node:process';
import * as nats from 'nats';
import { createDistributor } from '../../../runtime/js/sync.mjs';
import { createMemoryDistributor, loadEngine, peerIdOf } from '../../../runtime/js/memory-distributor.mjs';
import { syncOverMessagePort } from '../../../runtime/js/transports/message-port.mjs';
import { syncOverNats } from '../../../runtime/js/transports/nats.mjs';
import { guard, startNats } from '../../tools/nats-server.mjs';
import { firstDifference, load, PAGE_SIZE, REGION_SIZE } from './region-edits.mjs';

guard(60_000);
const [enginePath, watPath, cppPath] = process.argv.slice(2);
await loadEngine(enginePath);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

const wat = new WebAssembly.Module(readFileSync(watPath));
const OFFSET = 65536;
/** An engine peer: a fresh WAT instance, its region at OFFSET. */
function enginePeer(name) {
  const M = new WebAssembly.Instance(wat, {}).exports;
  return createMemoryDistributor(M.memory, name, { pageSize: PAGE_SIZE, offset: OFFSET, size: REGION_SIZE, scanInterval: 10 });
}
const modulePeer = (name) => createDistributor(load(cppPath), peerIdOf(name), { size: REGION_SIZE, pageSize: PAGE_SIZE, scanInterval: 10 });

let seed = 11;
function random(bytes) {
  for (let i = 0; i < bytes.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
}
/** `ticks` writes of `chunk` random bytes, one per scan interval and a bit. */
async function edit(d, ticks, chunk, start = 0) {
  for (let t = 0; t < ticks; t++) {
    const at = (start + t * chunk * 3) % (REGION_SIZE - chunk);
    random(d.bytes().subarray(at, at + chunk));
    await sleep(15);
  }
}
async function converge(step, peers, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const [x, ...rest] = peers.map((d) => d.bytes());
    const diff = rest.map((y) => firstDifference(x, y)).find((k) => k !== -1);
    if (diff === undefined) break;
    if (Date.now() > deadline) fail(`${step}: not converged (byte ${diff})`);
    await sleep(20);
  }
  console.log(`${step}: identical`);
}

// 1. MessagePort: an engine peer and an in-module peer, both writing.
{
  const engine = enginePeer('port-engine'), module = modulePeer('port-module');
  const { port1, port2 } = new MessageChannel();
  const l1 = syncOverMessagePort(engine, port1, { region: 'any' });
  const l2 = syncOverMessagePort(module, port2, { region: 'any' });
  await Promise.all([edit(engine, 30, 200, 0), edit(module, 30, 150, 7000)]);
  await converge('message port: engine and in-module', [engine, module]);
  if (l1.stats.patchesReceived === 0 || l2.stats.patchesReceived === 0) fail(`no traffic ${JSON.stringify([l1.stats, l2.stats])}`);
  await l1.close();
  await l2.close();
  port1.close();
  engine.destroy();
  module.destroy();
}

// 2. NATS with snapshots.
const server = await startNats();
const options = { client: nats, servers: server.url, region: 'anymem', snapshots: { every: 20 } };
const first = modulePeer('nats-module');
const l1 = await syncOverNats(first, options);
await edit(first, 60, 512);
await sleep(500); // the last snapshot and its purge
if (l1.stats.snapshotsStored < 1) fail(`the in-module peer stored ${l1.stats.snapshotsStored} snapshots`);
const nc = await nats.connect({ servers: server.url });
const info = await (await nc.jetstreamManager()).streams.info(l1.stream);
if (info.state.first_seq <= 1) fail(`stream not trimmed: ${JSON.stringify(info.state)}`);
console.log('nats: the in-module peer stored snapshots, the stream was trimmed behind them');

const late = enginePeer('nats-engine');
const l2 = await syncOverNats(late, options);
if (l2.stats.snapshotsApplied !== 1) fail(`the engine joiner applied ${l2.stats.snapshotsApplied} snapshots`);
await converge('nats: the engine peer joined late from the snapshot', [first, late]);
await Promise.all([edit(first, 40, 256, 3), edit(late, 60, 300, 11)]);
await sleep(500);
await converge('nats: both writing', [first, late]);
if (l2.stats.snapshotsStored < 1) fail(`the engine peer stored ${l2.stats.snapshotsStored} snapshots`);
const third = modulePeer('nats-module-2');
const l3 = await syncOverNats(third, options);
if (l3.stats.snapshotsApplied !== 1) fail(`the third peer applied ${l3.stats.snapshotsApplied} snapshots`);
await converge('nats: an in-module peer joined from the stored snapshot', [first, late, third]);
for (const [name, l] of [['in-module', l1], ['engine', l2], ['third', l3]]) {
  const rejected = Object.keys(l.stats.rejected);
  if (rejected.length) fail(`${name} rejected ${JSON.stringify(l.stats.rejected)}`);
}
console.log(`nats: snapshots stored by the engine peer ${l2.stats.snapshotsStored}, nothing rejected`);
await Promise.all([l1.close(), l2.close(), l3.close()]);
await nc.close();
await server.stop();
console.log('closed');
