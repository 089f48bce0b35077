// Peers that post patches to each other keep a wasm32 region in sync:
//   broadcast  3 worker_threads on one BroadcastChannel (syncOverBroadcastChannel)
//   port       the main thread and a worker at the two ends of a MessageChannel
//              (syncOverMessagePort)
// Each peer makes `edits` seeded edits (region-edits.mjs) while the others
// do. Midway, malformed messages are posted on the same channel (or port):
// not an envelope, another envelope version, another region's patch, garbage
// and truncated patch bytes, too many patches, a list of non-bytes. Every
// peer must end equal to the reference of all edits, and every peer the
// malformed messages reached must count each of them by reason.
//
// Usage: node posted-peers.mjs module.wasm broadcast|port [edits]
import { MessageChannel, Worker } from 'node:worker_threads';
import process from 'node:process';
import { createDistributor } from '../../../runtime/js/sync.mjs';
import { runPeer } from './posted-peer.mjs';
import { PAGE_SIZE, REGION_SIZE, firstDifference, load, reference } from './region-edits.mjs';

const [wasm, mode, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 500);
const region = 'board';
const started = Date.now();
const hardStop = setTimeout(() => fail('timed out after 30 s'), 30_000);
hardStop.unref();

function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

/** A peer in a worker: talks like runPeer's object, through messages. */
function workerPeer(data, transferList = []) {
  const worker = new Worker(new URL('./posted-worker.mjs', import.meta.url), { workerData: data, transferList });
  worker.on('error', (e) => fail(`worker ${data.index + 1}: ${e.stack}`));
  const next = (type) => new Promise((resolve) => {
    const on = (m) => { if (m.type === type) { worker.off('message', on); resolve(m); } };
    worker.on('message', on);
  });
  const joined = next('joined');
  const edited = next('edited');
  return {
    joined, edited, remote: true,
    start: () => worker.postMessage({ type: 'start' }),
    dump: () => { const p = next('dump'); worker.postMessage({ type: 'dump' }); return p; },
    close: async () => { const p = next('closed'); worker.postMessage({ type: 'close' }); await p; await worker.terminate(); },
  };
}

/** The main thread's own peer, with the same shape as workerPeer's. */
function localPeer(data) {
  let markEdited;
  const edited = new Promise((r) => { markEdited = r; });
  const peer = runPeer(data, (m) => { if (m.type === 'edited') markEdited(); });
  return { joined: Promise.resolve(), edited, remote: false, start: () => peer.start(), dump: async () => peer.dump(), close: () => peer.close() };
}

let peers, inject, hit, closeInjector;
const base = { wasm, count, region };
if (mode === 'broadcast') {
  peers = [0, 1, 2].map((index) => workerPeer({ ...base, transport: 'broadcast', index, peers: 3 }));
  const channel = new BroadcastChannel(`karmem.sync.${region}`);
  inject = (m) => channel.postMessage(m);
  hit = [0, 1, 2]; // every worker hears the injected messages
  closeInjector = () => channel.close();
} else if (mode === 'port') {
  const { port1, port2 } = new MessageChannel();
  peers = [localPeer({ ...base, transport: 'port', port: port1, index: 0, peers: 2 }),
           workerPeer({ ...base, transport: 'port', port: port2, index: 1, peers: 2 }, [port2])];
  inject = (m) => port1.postMessage(m); // what the main thread posts reaches the worker
  hit = [1];
  closeInjector = () => port1.close();
} else {
  fail(`mode ${mode}: expected broadcast or port`);
}
await Promise.all(peers.map((p) => p.joined));
peers.forEach((p) => p.start());

// Malformed traffic, while the peers edit.
await new Promise((r) => setTimeout(r, 100));
const other = createDistributor(load(wasm), 99, { size: REGION_SIZE, pageSize: PAGE_SIZE, scanInterval: 0 });
other.bytes().fill(0xEE, 0, 4096);
const [foreign] = other.scan();
const envelope = (patches, r = region, version = 1) => ({ karmemSync: version, region: r, origin: 'feedfacefeedface', patches });
inject('a string, not an envelope');                                    // not-an-envelope
inject(envelope([foreign], region, 2));                                  // not-an-envelope (version 2)
inject(envelope(['not bytes']));                                         // not-an-envelope
inject(envelope([foreign], 'elsewhere'));                                // other-region
inject(envelope([new TextEncoder().encode('garbage bytes')]));           // bad_magic
inject(envelope([foreign.subarray(0, foreign.length - 9)]));             // truncated
inject(envelope(Array.from({ length: 65 }, () => foreign)));             // too-many-patches
const injected = { 'bad_magic': 1, 'not-an-envelope': 3, 'other-region': 1, 'too-many-patches': 1, 'truncated': 1 };

await Promise.all(peers.map((p) => p.edited));
const want = reference(peers.length, count);
const deadline = Date.now() + 10_000;
let dumps, clocks;
for (;;) {
  dumps = await Promise.all(peers.map((p) => p.dump()));
  const diffs = dumps.map((m) => firstDifference(m.bytes, want));
  clocks = dumps.map((m) => JSON.stringify(m.clock));
  // Equal bytes first, equal clocks too: a peer's last scan may still be on its way.
  if (diffs.every((i) => i === -1) && new Set(clocks).size === 1) break;
  if (Date.now() > deadline) fail(`not converged: first differences from the reference ${diffs}, clocks ${clocks.join(' ')}`);
  await new Promise((r) => setTimeout(r, 50));
}
console.log(`${mode}: ${peers.length} peers converged on the reference of ${peers.length * count} edits`);
dumps.forEach((m, i) => {
  const got = JSON.stringify(Object.fromEntries(Object.entries(m.stats.rejected).sort()));
  const expected = hit.includes(i) ? JSON.stringify(injected) : '{}';
  if (got !== expected) fail(`peer ${i + 1} rejected ${got}, expected ${expected}`);
  if (m.stats.patchesSent === 0 || m.stats.patchesReceived === 0) fail(`peer ${i + 1}: ${JSON.stringify(m.stats)}`);
});
console.log(`rejected: ${JSON.stringify(injected)}, never applied`);
await Promise.all(peers.map((p) => p.close()));
other.destroy();
closeInjector();
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
