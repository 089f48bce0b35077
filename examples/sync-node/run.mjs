// examples/sync-node: three peers, each a Node process running particles.wasm,
// keep its world region identical through a nats-server with JetStream that
// this script starts on a free loopback port (and stops at the end). Every
// tick (100 ms) each running peer moves its own particles once; the line
// printed per tick is what each peer published during it. Peer 3 is killed
// (SIGKILL) at tick 8 and started again at tick 12, from the module's
// initial bytes: it catches up from the region's stream (and, where the
// runtime has snapshots, from the latest snapshot stored beside it first),
// then moves on from the step its replayed world records. After the last tick the
// script measures how long the peers take to hold identical bytes.
//
//   cmake --build build --target sync-node-particles
//   node examples/sync-node/run.mjs [--wasm build/examples/sync-node/sync-node-particles.wasm]
//                                   [--ticks 24] [--kill-at 8] [--restart-at 12]
import { fork } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { guard, startNats } from '../../test/tools/nats-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const opts = {
  wasm: path.join(here, '..', '..', 'build', 'examples', 'sync-node', 'sync-node-particles.wasm'),
  ticks: '24', killAt: '8', restartAt: '12',
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in opts) || argv[i + 1] === undefined) {
    console.error('usage: node run.mjs [--wasm FILE] [--ticks 24] [--kill-at 8] [--restart-at 12]');
    process.exit(2);
  }
  opts[key] = argv[i + 1];
}
const TICKS = Number(opts.ticks), KILL_AT = Number(opts.killAt), RESTART_AT = Number(opts.restartAt);
if (!(KILL_AT >= 1 && RESTART_AT > KILL_AT && TICKS > RESTART_AT)) {
  console.error('need 1 <= --kill-at < --restart-at < --ticks');
  process.exit(2);
}
const PEERS = 3;
const TICK_MS = 100;
const CONVERGE_TIMEOUT_MS = 10_000;
const REGION = 'particles';

guard(60_000 + TICKS * TICK_MS);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const server = await startNats();
console.log(`nats-server (JetStream) on ${server.url}`);
const peerScript = path.join(here, 'peer.mjs');
const peers = new Array(PEERS).fill(null);

function fail(message) {
  console.log(`FAIL: ${message}`);
  for (const p of peers) p?.child.kill('SIGKILL');
  process.exit(1);
}

/** Asks peer `p` a question; resolves with the first answer of type `answer`. */
function ask(p, type, answer) {
  return new Promise((resolve) => {
    p.child.once(`peer:${answer}`, resolve);
    p.child.send({ type });
  });
}

/** Starts peer `index`; resolves once it has joined (replayed the stream). */
function startPeer(index) {
  const child = fork(peerScript, [opts.wasm, server.url, String(index), String(PEERS), REGION],
                     { execArgv: ['--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const peer = { child, sent: 0 };
  child.on('message', (m) => child.emit(`peer:${m.type}`, m));
  child.on('exit', (code, signal) => {
    if (peers[index] === peer && signal !== 'SIGKILL' && code !== 0) fail(`peer ${index + 1} exited (${code ?? signal})`);
  });
  peers[index] = peer;
  return new Promise((resolve) => child.once('peer:joined', (m) => resolve({ peer, ...m })));
}

const joined = await Promise.all([0, 1, 2].map(startPeer));
console.log(`peers 1, 2, 3 joined (${joined.map((j) => `${j.ms.toFixed(0)} ms`).join(', ')}); ` +
            (joined[0].snapshots ? 'snapshots on: a joiner starts from the latest stored one'
                                 : 'this runtime has no snapshots: a joiner replays the whole stream'));

let peer3StepsAtKill = 0;
for (let tick = 1; tick <= TICKS; tick++) {
  const t0 = performance.now();
  if (tick === KILL_AT) {
    const victim = peers[2];
    peer3StepsAtKill = victim.steps;
    const exited = new Promise((r) => victim.child.once('exit', r));
    victim.child.kill('SIGKILL');
    await exited;
    peers[2] = null;
    console.log(`tick ${String(tick).padStart(2)}: peer 3 killed (SIGKILL) after ${peer3StepsAtKill} steps`);
  }
  if (tick === RESTART_AT) {
    const back = await startPeer(2);
    const resumed = back.steps[2];
    console.log(`tick ${String(tick).padStart(2)}: peer 3 restarted from its initial bytes: caught up in ${back.ms.toFixed(0)} ms ` +
                `${back.snapshotsApplied ? 'from a stored snapshot and ' : 'by replaying '}${back.replayed} patches ` +
                `from the stream; resumes at step ${resumed} ` +
                `(it had made ${peer3StepsAtKill}; unpublished steps died with it)`);
    if (back.replayed + back.snapshotsApplied < 1 || resumed < 1 || resumed > peer3StepsAtKill) fail(`peer 3 resumed at step ${resumed}`);
  }
  const answers = await Promise.all(peers.map((p) => p && ask(p, 'tick', 'ticked')));
  const line = answers.map((a, i) => {
    if (!a) return `peer ${i + 1}      down`;
    const p = peers[i];
    const delta = a.bytesSent - p.sent;
    p.sent = a.bytesSent;
    p.steps = a.steps;
    p.patches = a.patchesSent;
    return `peer ${i + 1} ${String(delta).padStart(6)} B`;
  });
  console.log(`tick ${String(tick).padStart(2)}: sent ${line.join('  ')}`);
  await sleep(Math.max(0, TICK_MS - (performance.now() - t0)));
}

// Converged: every peer holds the same bytes. Measured from the last tick's
// steps (the next automatic scans publish them) to identical digests.
const lastEdit = performance.now();
let digests;
for (;;) {
  digests = await Promise.all(peers.map((p) => ask(p, 'digest', 'digest')));
  if (new Set(digests.map((x) => x.sha256)).size === 1) break;
  if (performance.now() - lastEdit > CONVERGE_TIMEOUT_MS) {
    fail(`not converged after ${CONVERGE_TIMEOUT_MS} ms: ${digests.map((x) => x.sha256.slice(0, 12)).join(' ')}`);
  }
  await sleep(2);
}
const convergedMs = performance.now() - lastEdit;
const steps = digests[0].steps.slice(0, PEERS);
const expected = peers.map((p) => p.steps);
if (steps.some((s, i) => s !== expected[i])) fail(`converged on steps ${steps}, the peers made ${expected}`);
console.log(`converged ${convergedMs.toFixed(1)} ms after the last tick: 3 peers hold identical bytes ` +
            `(sha256 ${digests[0].sha256.slice(0, 16)}), steps per peer ${steps.join(', ')}`);
const total = peers.reduce((n, p) => n + p.sent, 0);
console.log(`published since each peer's (re)start: ${total} bytes (the region is ${joined[0].regionBytes} bytes)`);

await Promise.all(peers.map((p) => new Promise((r) => { p.child.once('exit', r); p.child.send({ type: 'close' }); })));
await server.close();
console.log('done');
