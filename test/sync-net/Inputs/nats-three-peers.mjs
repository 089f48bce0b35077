// Three peers in three Node processes (nats-peer.mjs) keep a wasm32 region in
// sync through a nats-server with JetStream, each making `edits` seeded edits.
// Mid-run peer 3 is killed (SIGKILL: its unsent scans die with it) and
// restarted from its initial bytes: it catches up from the stream and
// resumes at the edit its replayed progress word names. Then the broker is
// restarted (same port and store_dir) while every peer keeps editing. Then
// malformed traffic is published on the region's subject. Then peer 2 is
// paused (SIGSTOP) for 2 s while the others go on, storing snapshots and
// trimming the stream behind them (snapshot-every messages apart, when the
// runtime has snapshots): it comes back to a stream whose next messages are
// gone, and catches up from the latest snapshot. In the end every
// peer must hold exactly the reference region (all edits of all peers, none
// lost), and the malformed messages must be counted as rejected, by reason,
// on every peer that was running.
//
// Usage: node nats-three-peers.mjs module.wasm [edits [snapshot-every]]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import * as nats from 'nats';
import { createDistributor } from '../../../runtime/js/sync.mjs';
import { guard, startNats } from '../../tools/nats-server.mjs';
import { PAGE_SIZE, REGION_SIZE, firstDifference, load, reference } from './region-edits.mjs';

guard(55_000);
const [wasm, countArg, everyArg] = process.argv.slice(2);
const count = Number(countArg ?? 1000);
const snapshotEvery = Number(everyArg ?? 50); // stream messages between a peer's snapshots
const PEERS = 3;
const region = 'three';
const peerScript = fileURLToPath(new URL('./nats-peer.mjs', import.meta.url));
const started = Date.now();
const server = await startNats();
const children = new Map();

function fail(message) {
  console.log(`FAIL: ${message}`);
  for (const c of children.values()) c.kill('SIGKILL');
  process.exit(1);
}

/** Starts peer `id`; resolves with it once it has caught up ('joined'). */
function spawnPeer(id) {
  const child = fork(peerScript, [wasm, server.url, String(id), region, String(PEERS), String(count), String(snapshotEvery)],
                     { execArgv: ['--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.progress = 0;
  child.edited = false;
  child.on('message', (m) => {
    if (m.type === 'progress') child.progress = m.n;
    else if (m.type === 'edited') child.edited = true;
    else if (m.type === 'error') fail(`peer ${id}: ${m.message}`);
    child.emit(`karmem:${m.type}`, m);
  });
  child.on('exit', (code, signal) => {
    if (children.get(id) === child && signal !== 'SIGKILL' && code !== 0) fail(`peer ${id} exited (${code ?? signal})`);
  });
  children.set(id, child);
  return new Promise((resolve) => child.once('karmem:joined', (m) => resolve({ child, ...m })));
}

const until = async (what, test) => {
  while (!test()) await new Promise((r) => setTimeout(r, 10));
  return what;
};
const ask = (child) => new Promise((resolve) => {
  child.once('karmem:dump', resolve);
  child.send({ type: 'dump' });
});

await Promise.all([1, 2, 3].map(spawnPeer));

// Kill peer 3 a fifth of the way through, and restart it.
await until('peer 3 at 20%', () => children.get(3).progress >= count / 5);
const victim = children.get(3);
const killedAt = victim.progress;
const exited = new Promise((r) => victim.once('exit', r));
victim.kill('SIGKILL');
await exited;
const back = await spawnPeer(3);
const via = back.stats.snapshotsApplied ? 'a snapshot and the stream' : 'the stream';
console.log(`peer 3 killed after edit ${killedAt}, restarted: caught up from ${via} to sequence ${back.stats.sequence}, resumed at edit ${back.resumedAt}`);
if (back.resumedAt < 1 || back.resumedAt > killedAt + 8) fail(`peer 3 resumed at ${back.resumedAt}, killed after ${killedAt}`);

// Restart the broker while the peers are editing; it stays down long enough
// for every peer to scan (and queue patches) while it is away.
const before = children.get(1).progress;
await server.stop();
await new Promise((r) => setTimeout(r, 600));
await server.start();
const after = children.get(1).progress;
console.log(`broker restarted: down while peer 1 went from edit ${before} to ${after}`);
if (after <= before) fail('no edit was made while the broker was down');
if (children.get(1).edited) fail('peer 1 had finished before the broker restart: the restart tested nothing');

// Malformed traffic on the region's subject, through the stream.
const nc = await nats.connect({ servers: server.url });
const js = nc.jetstream();
const other = createDistributor(load(wasm), 99, { size: REGION_SIZE, pageSize: PAGE_SIZE, scanInterval: 0 });
other.bytes().fill(0xEE, 0, 4096);
const [foreign] = other.scan();
const snapshotsOn = typeof other.snapshot === 'function';
const envelope = (r) => {
  const h = nats.headers();
  h.set('Karmem-Sync', '1'); h.set('Karmem-Region', r); h.set('Karmem-Origin', 'feedfacefeedface');
  return h;
};
const subject = `karmem.sync.${region}`;
const beforeInjection = await Promise.all([1, 2, 3].map((id) => ask(children.get(id))));
await js.publish(subject, new TextEncoder().encode('garbage, no envelope'));          // not-an-envelope
await js.publish(subject, new TextEncoder().encode('garbage bytes'), { headers: envelope(region) }); // bad_magic
await js.publish(subject, foreign.subarray(0, foreign.length - 9), { headers: envelope(region) });   // truncated
await js.publish(subject, foreign, { headers: envelope('elsewhere') });                             // other-region
const injected = { 'bad_magic': 1, 'not-an-envelope': 1, 'other-region': 1, 'truncated': 1 };
await nc.close();
// Every peer reads them before the stream is trimmed behind a snapshot.
await new Promise((r) => setTimeout(r, 300));

// Then peer 2 goes away (SIGSTOP) for 2 s while the others edit, snapshot and
// trim the stream behind it; when it comes back it finds the messages it
// missed gone, and catches up from the latest snapshot.
const paused = children.get(2);
process.kill(paused.pid, 'SIGSTOP');
await new Promise((r) => setTimeout(r, 2000));
process.kill(paused.pid, 'SIGCONT');
console.log('peer 2 paused for 2 s and resumed');

await until('all edited', () => [...children.values()].every((c) => c.edited));
const want = reference(PEERS, count);
const deadline = Date.now() + 15_000;
let dumps, clocks;
for (;;) {
  dumps = await Promise.all([1, 2, 3].map((id) => ask(children.get(id))));
  const diffs = dumps.map((m) => firstDifference(Buffer.from(m.bytes, 'base64'), want));
  clocks = dumps.map((m) => JSON.stringify(m.clock));
  // Equal bytes first, equal clocks too: a peer's last scan may still be on its way.
  if (diffs.every((i) => i === -1) && new Set(clocks).size === 1) break;
  if (Date.now() > deadline) fail(`not converged: first differences from the reference ${diffs}, clocks ${clocks.join(' ')}`);
  await new Promise((r) => setTimeout(r, 100));
}
console.log(`converged: ${PEERS} peers, ${REGION_SIZE} bytes identical, equal to the reference of ${PEERS * count} edits`);
// Each peer counted every malformed message, unless it fell behind the
// trimmed stream afterwards and filled the gap from a snapshot (then it never
// read some of them, and must have counted no more than were sent).
let exact = 0;
dumps.forEach((m, i) => {
  const got = JSON.stringify(Object.fromEntries(Object.entries(m.stats.rejected).sort()));
  const jumped = m.stats.gapsFilled > beforeInjection[i].stats.gapsFilled;
  if (got === JSON.stringify(injected)) exact++;
  else if (!jumped || Object.entries(m.stats.rejected).some(([k, n]) => !(n <= (injected[k] ?? 0)))) {
    fail(`peer ${i + 1} rejected ${got}, expected ${JSON.stringify(injected)}`);
  }
  if (m.stats.unsent !== 0) fail(`peer ${i + 1} has ${m.stats.unsent} unsent patches`);
});
if (exact === 0) fail('no peer counted the malformed messages');
console.log(`rejected: ${JSON.stringify(injected)} (by every peer that read them)`);
if (snapshotsOn) {
  const stored = dumps.reduce((n, m) => n + m.stats.snapshotsStored, 0);
  const check = await nats.connect({ servers: server.url });
  const info = await (await check.jetstreamManager()).streams.info(`KARMEM_SYNC_${region}`);
  await check.close();
  if (stored < 2 || info.state.first_seq <= 1) fail(`${stored} snapshots stored, stream ${JSON.stringify(info.state)}`);
  if (dumps[1].stats.snapshotsApplied < 1) fail(`peer 2 came back without a snapshot: ${JSON.stringify(dumps[1].stats)}`);
  console.log('snapshots: stored and the stream trimmed behind them; peer 2 caught up from one after its pause');
}
const sent = dumps.reduce((n, m) => n + m.stats.bytesSent, 0);
const patches = dumps.reduce((n, m) => n + m.stats.patchesSent, 0);
console.log(`traffic: ${patches} patches, ${sent} bytes published (after the restart of peer 3)`);

await Promise.all([...children.values()].map((c) => new Promise((r) => { c.once('exit', r); c.send({ type: 'close' }); })));
await server.close();
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
