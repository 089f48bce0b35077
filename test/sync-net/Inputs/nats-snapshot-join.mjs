// Snapshots beside the NATS stream (runtime/js/transports/nats-snapshots.mjs):
// a peer stores one every 20 stream messages and trims the stream behind it;
// a joiner applies it and replays only the rest. A snapshot over the KV value
// limit (the server runs with max_payload 64 KiB) goes to the object store,
// a small one stays in the KV record. A stored record that is not ours, one
// that claims to cover sequences the stream never reached, and a damaged
// snapshot are each refused with the reason, and the joiner's region stays
// as it was (the stream is trimmed, so it cannot join without one).
//
// Usage: node nats-snapshot-join.mjs module.wasm
import process from 'node:process';
import * as nats from 'nats';
import { createDistributor } from '../../../runtime/js/sync.mjs';
import { syncOverNats } from '../../../runtime/js/transports/nats.mjs';
import { guard, startNats } from '../../tools/nats-server.mjs';
import { firstDifference, load } from './region-edits.mjs';

guard(40_000);
const [wasm] = process.argv.slice(2);
const server = await startNats({ maxPayload: 64 * 1024 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}
const peer = (id, size) => createDistributor(load(wasm), id, { size, pageSize: 8192, scanInterval: 10 });
const options = (region) => ({ client: nats, servers: server.url, region, snapshots: { every: 20 } });
let seed = 7;
const random = (bytes) => {
  for (let i = 0; i < bytes.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
};

/** Writes `ticks` chunks of `chunk` random bytes, one per scan, then waits for the stream to settle. */
async function edit(d, link, ticks, chunk) {
  for (let t = 0; t < ticks; t++) {
    const at = (t * chunk) % d.region.size;
    random(d.bytes().subarray(at, at + chunk));
    await sleep(15);
  }
  const deadline = Date.now() + 10_000;
  while ((link.stats.unsent || link.stats.patchesSent + link.stats.skipped < ticks) && Date.now() < deadline) await sleep(20);
  await sleep(300); // the last snapshot and its purge
}

const nc = await nats.connect({ servers: server.url });
const jsm = await nc.jetstreamManager();
const kv = await nc.jetstream().views.kv('karmem-sync-snapshots');

// A large region: its snapshot is over the KV limit.
const a = peer(1, 256 * 1024);
const linkA = await syncOverNats(a, options('big'));
await edit(a, linkA, 60, 4096);
const big = await jsm.streams.info(linkA.stream);
const bigRecord = (await kv.get('big')).value;
if (linkA.stats.snapshotsStored < 2) fail(`${linkA.stats.snapshotsStored} snapshots stored`);
if (bigRecord[5] !== 1) fail('the large snapshot is not in the object store');
if (big.state.first_seq <= 1) fail(`stream not trimmed: ${JSON.stringify(big.state)}`);
const covered = Number(new DataView(bigRecord.buffer, bigRecord.byteOffset).getBigUint64(8, true));
if (big.state.first_seq !== covered + 1) fail(`stream starts at ${big.state.first_seq}, the snapshot covers ${covered}`);
console.log(`big: snapshot in the object store, the stream trimmed behind it (it starts at the sequence after the one the snapshot covers)`);

const b = peer(2, 256 * 1024);
const linkB = await syncOverNats(b, options('big'));
if (firstDifference(a.bytes(), b.bytes()) !== -1) fail('the joiner differs after joining');
if (linkB.stats.snapshotsApplied !== 1) fail(`joiner applied ${linkB.stats.snapshotsApplied} snapshots`);
const replayed = linkB.stats.patchesReceived;
if (replayed !== big.state.messages) fail(`joiner replayed ${replayed} patches, the stream held ${big.state.messages}`);
console.log(`big: a joiner applied the snapshot and replayed only the ${replayed < 60 ? 'messages after it' : `${replayed} messages`}; identical`);

// A small region: its snapshot fits the KV record.
const c = peer(3, 16 * 1024);
const linkC = await syncOverNats(c, options('small'));
await edit(c, linkC, 30, 64);
const smallRecord = (await kv.get('small')).value;
if (smallRecord[5] !== 0) fail('the small snapshot is not inline');
console.log('small: snapshot inline in the KV record');

// Bad records: the joiner refuses each, says why, and its region is unchanged.
async function refusedJoin(region, record, what) {
  await kv.put(region, record);
  const d = peer(9, region === 'big' ? 256 * 1024 : 16 * 1024);
  try {
    await syncOverNats(d, options(region));
    fail(`${what}: joined`);
  } catch (e) {
    if (!d.bytes().every((x) => x === 0)) fail(`${what}: the joiner's region changed`);
    console.log(`${what}: refused: ${e.message.replace(/sequences \d+ to \d+/, 'sequences N to M')}`);
  }
  d.destroy();
}
await refusedJoin('small', new TextEncoder().encode('not a record at all'), 'not ours');
// Copies: the client's values may be Node Buffers, whose slice() is a view.
const future = new Uint8Array(smallRecord);
new DataView(future.buffer).setBigUint64(8, 1n << 40n, true);
await refusedJoin('small', future, 'covers the future');
const damaged = new Uint8Array(smallRecord);
damaged[damaged.length - 100] ^= 0x40;
await refusedJoin('small', damaged, 'damaged snapshot');
await kv.put('small', smallRecord);
const d = peer(9, 16 * 1024);
const linkD = await syncOverNats(d, options('small'));
if (firstDifference(c.bytes(), d.bytes()) !== -1) fail('the joiner differs after the good record came back');
console.log('small: with the good record back, a joiner catches up');

for (const l of [linkA, linkB, linkC, linkD]) await l.close();
await nc.close();
await server.close();
console.log('closed');
