// The browser's path, run in Node: syncOverNats with the `nats.ws` client
// through the server's WebSocket listener (Node 20 needs
// --experimental-websocket for a global WebSocket), beside a peer on `nats`
// over TCP — the same adapter, only the injected client differs. Both edit;
// then a third peer joins late over WebSocket and catches up from the stream
// before syncOverNats resolves; then an old patch is published again (a
// duplicate, out of order): every peer skips it as already held. All three end
// equal to the reference.
//
// Usage: node --experimental-websocket nats-websocket.mjs module.wasm [edits]
import process from 'node:process';
import * as nats from 'nats';
import * as natsWs from 'nats.ws';
import { createDistributor } from '../../../runtime/js/sync.mjs';
import { syncOverNats } from '../../../runtime/js/transports/nats.mjs';
import { guard, startNats } from '../../tools/nats-server.mjs';
import { PAGE_SIZE, REGION_SIZE, applyEdit, edits, firstDifference, load, reference } from './region-edits.mjs';

guard(30_000);
const [wasm, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 300);
const region = 'ws';
const server = await startNats({ websocket: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

const peer = (id) => createDistributor(load(wasm), id, { size: REGION_SIZE, pageSize: PAGE_SIZE, scanInterval: 10 });
const tcp = peer(1), ws = peer(2);
const links = [
  await syncOverNats(tcp, { client: nats, servers: server.url, region }),
  await syncOverNats(ws, { client: natsWs, servers: server.wsUrl, region }),
];
console.log(`peer 1 over ${server.url.split(':')[0]}, peer 2 over ${server.wsUrl.split(':')[0]}`);
const lists = [edits(0, 2, count), edits(1, 2, count)];
for (let i = 0; i < count; i++) {
  applyEdit(tcp.bytes(), 0, lists[0], i);
  applyEdit(ws.bytes(), 1, lists[1], i);
  if (i % 10 === 9) await sleep(2);
}
const want = reference(2, count);
const settle = async (ds, what) => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const diffs = ds.map((d) => firstDifference(d.bytes(), want));
    const clocks = ds.map((d) => JSON.stringify(d.vectorClock()));
    if (diffs.every((x) => x === -1) && new Set(clocks).size === 1) return;
    if (Date.now() > deadline) fail(`${what}: first differences ${diffs}, clocks ${clocks.join(' ')}`);
    await sleep(20);
  }
};
await settle([tcp, ws], 'two peers');
console.log(`2 peers converged on the reference of ${2 * count} edits`);

// A late joiner: resolves only once it has replayed the whole stream.
const late = peer(3);
const lateLink = await syncOverNats(late, { client: natsWs, servers: server.wsUrl, region });
const at = firstDifference(late.bytes(), want);
if (at !== -1) fail(`the late joiner resolved before catching up (first difference at ${at})`);
console.log(`late joiner over websocket: caught up on resolving, ${lateLink.stats.sequence} messages replayed, ${lateLink.stats.patchesReceived} applied`);

// An old patch again: the stream's 3rd message. With its message id the
// stream drops it (a retried publish); with the id removed it is delivered.
const before = links.map((l) => [l.stats.sequence, l.stats.skipped]);
const nc = await nats.connect({ servers: server.url });
const old = await (await nc.jetstreamManager()).streams.getMessage(lateLink.stream, { seq: 3 });
const retried = await nc.jetstream().publish(lateLink.subject, old.data, { headers: old.header });
if (!retried.duplicate) fail('the stream kept a publish under an old message id');
const h = nats.headers();
for (const key of ['Karmem-Sync', 'Karmem-Region', 'Karmem-Origin']) h.set(key, old.header.get(key));
await nc.jetstream().publish(lateLink.subject, old.data, { headers: h });
await nc.close();
await sleep(200);
await settle([tcp, ws, late], 'after the duplicate');
const after = links.map((l) => [l.stats.sequence, l.stats.skipped]);
// One more stream message read by each, and skipped as already held (the
// sender's own echo, or a batch the runtime holds already).
if (!after.every(([seq, skipped], i) => seq === before[i][0] + 1 && skipped === before[i][1] + 1)) {
  fail(`the duplicate was not read and skipped once by each peer: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
}
console.log('an old patch published again: dropped by the stream under its message id; without it read and skipped by every peer, nothing changed');
for (const [i, l] of [...links, lateLink].entries()) {
  if (Object.keys(l.stats.rejected).length) fail(`peer ${i + 1} rejected ${JSON.stringify(l.stats.rejected)}`);
}
await Promise.all([...links, lateLink].map((l) => l.close()));
await server.close();
console.log('closed');
