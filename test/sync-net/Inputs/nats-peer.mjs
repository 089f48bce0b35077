// One peer of nats-three-peers.mjs, a process of its own: a wasm32 module's
// region synced through syncOverNats, making its seeded edits (region-edits.mjs)
// a few per tick. It reports to its parent over the fork IPC channel:
//   { type: 'joined', resumedAt, stats }     caught up; resumes at that edit
//   { type: 'progress', n }                  every 50 edits
//   { type: 'edited' }                       all edits made
//   { type: 'dump', bytes, stats, clock }    answer to { type: 'dump' }
// { type: 'close' } closes the link and exits 0. The parent going away ends it too.
//
// Usage (forked): nats-peer.mjs module.wasm nats://... peerId region peers edits snapshot-every
import process from 'node:process';
import * as nats from 'nats';
import { createDistributor } from '../../../runtime/js/sync.mjs';
import { syncOverNats } from '../../../runtime/js/transports/nats.mjs';
import { PAGE_SIZE, REGION_SIZE, applyEdit, edits, load, progress } from './region-edits.mjs';

const [wasm, servers, peerArg, region, peersArg, countArg, snapshotEvery] = process.argv.slice(2);
const peerId = Number(peerArg), peers = Number(peersArg), count = Number(countArg);
const index = peerId - 1;
const EDITS_PER_TICK = 4;
const TICK_MS = 20;
process.on('disconnect', () => process.exit(2));

const d = createDistributor(load(wasm), peerId, { size: REGION_SIZE, pageSize: PAGE_SIZE, scanInterval: 20 });
const link = await syncOverNats(d, {
  client: nats, servers, region,
  snapshots: { every: Number(snapshotEvery) },
  onError: (e) => process.send({ type: 'error', message: e.message }),
});
const list = edits(index, peers, count);
let next = progress(d.bytes(), index);
process.send({ type: 'joined', resumedAt: next, stats: link.stats });

const timer = setInterval(() => {
  const bytes = d.bytes();
  for (let k = 0; k < EDITS_PER_TICK && next < count; k++) {
    applyEdit(bytes, index, list, next++);
    if (next % 50 === 0) process.send({ type: 'progress', n: next });
  }
  if (next === count) {
    clearInterval(timer);
    process.send({ type: 'edited' });
  }
}, TICK_MS);

process.on('message', async (m) => {
  if (m.type === 'dump') {
    process.send({ type: 'dump', bytes: Buffer.from(d.bytes()).toString('base64'), stats: link.stats, clock: d.vectorClock() });
  } else if (m.type === 'close') {
    await link.close();
    d.destroy();
    process.exit(0);
  }
});
