// The sync latency benchmark (bench/sync/README.md, "Write to converged"):
// the time from a write in one peer to the moment the other two hold it,
// p50 and p99, and the bytes sent per changed byte, for karmem
// (runtime/js/sync.mjs + runtime/js/transports) and, in the same run, the
// seed's design (seed-baseline.mjs), through
//   nats:              3 Node processes, a loopback nats-server with JetStream;
//   broadcast-channel: 3 pages of one headless Chromium (/usr/bin/chromium).
//
// Usage: node bench/sync/latency.mjs [--build-dir build] [--transports nats,broadcast-channel]
//          [--designs karmem,seed] [--fractions 0.01,0.1] [--mib 4] [--page-size 8192]
//          [--scan-interval 20] [--rounds 200] [--warmup 10] [--out bench/results | none] [--wasm FILE]
// Needs the bench-sync-peer target (cmake --build build --target bench-sync-peer),
// or --wasm: a module of bench/sync/sync_peer.cpp built elsewhere.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { guard, startNats } from '../../test/tools/nats-server.mjs';
import { browserGroup, launchBrowser } from './latency-browser.mjs';
import { Inbox, runRounds } from './latency-driver.mjs';
import { natsGroup } from './latency-nats.mjs';
import { markdown } from './latency-report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const opts = {
  buildDir: path.join(here, '..', '..', 'build'), transports: 'nats,broadcast-channel', designs: 'karmem,seed',
  fractions: '0.01,0.1', mib: '4', pageSize: '8192', scanInterval: '20', rounds: '200', warmup: '10',
  out: path.join(here, '..', 'results'), wasm: '',
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in opts) || argv[i + 1] === undefined) {
    console.error(`usage: node latency.mjs ${Object.keys(opts).map((k) => `[--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ...]`).join(' ')}`);
    process.exit(2);
  }
  opts[key] = argv[i + 1];
}
const list = (s) => s.split(',').filter(Boolean);
const transports = list(opts.transports), designs = list(opts.designs), fractions = list(opts.fractions).map(Number);
const regionBytes = Number(opts.mib) * 2 ** 20, pageSize = Number(opts.pageSize);
const scanInterval = Number(opts.scanInterval), rounds = Number(opts.rounds), warmup = Number(opts.warmup);
for (const t of transports) if (!['nats', 'broadcast-channel'].includes(t)) throw new Error(`unknown transport ${t}`);
for (const d of designs) if (!['karmem', 'seed'].includes(d)) throw new Error(`unknown design ${d}`);
if (!(regionBytes >= 65536 && regionBytes % 65536 === 0)) throw new Error('--mib must give a multiple of 64 KiB');
const whole = (x, min) => Number.isInteger(x) && x >= min;
if (!whole(rounds, 1) || !whole(warmup, 0) || !whole(scanInterval, 1)) throw new Error('--rounds ≥ 1, --warmup ≥ 0 and --scan-interval ≥ 1 are integers');
if (!fractions.every((f) => f > 0 && f <= 1)) throw new Error('--fractions are in (0, 1]');
if (!(whole(pageSize, 1024) && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0)) throw new Error('--page-size is a power of two from 1024 to 65536');
const wasm = opts.wasm ? path.resolve(opts.wasm) : path.join(path.resolve(opts.buildDir), 'bench', 'sync', 'bench-sync-peer.wasm');

// Bounded: every configuration is rounds × (scan interval + a few ms), plus start-up.
guard(120_000 + transports.length * designs.length * fractions.length * (rounds + warmup) * (scanInterval * 3 + 200));
const results = [];
let firstRound = 0;
// A region (stream, channel) per configuration, with a name as short as a
// user's would be: NATS carries it in a header of every message.
let configs = 0;
const nextRegion = () => `r${configs++}`;

async function measure(transport, design, fraction, makeGroup) {
  const inbox = new Inbox();
  const group = await makeGroup(inbox);
  try {
    const r = await Promise.race([
      runRounds(group, inbox, { fraction, rounds, warmup, scanInterval, firstRound }),
      group.failed,
    ]);
    const clocks = group.clocks && Object.values(group.clocks);
    const clockOffsetMs = clocks && Math.max(...clocks.map((c) => Math.abs(c.offsetMs)));
    const clockErrorMs = clocks && Math.max(...clocks.map((c) => c.roundTripMs / 2));
    results.push({ transport, design, peers: group.peers, regionBytes, pageSize, scanIntervalMs: scanInterval,
                   ...(clocks ? { clockOffsetMs, clockErrorMs } : {}), ...r });
    const l = r.latencyMs;
    console.log(`${transport.padEnd(17)} ${design.padEnd(6)} ${String(fraction * 100).padStart(3)} % ` +
                `(${String(r.pagesChanged).padStart(4)} pages): write→converged p50 ${l.p50.toFixed(2)} ms, ` +
                `p99 ${l.p99.toFixed(2)} ms; sent ${(r.payloadBytes / r.changedBytes).toFixed(2)} B per changed byte` +
                (transport === 'nats' ? `, broker in ${(r.brokerInBytes / r.changedBytes).toFixed(2)}` : ''));
  } finally {
    firstRound += warmup + rounds;
    await group.close();
  }
}

const config = { wasm, regionBytes, pageSize, scanInterval };
if (transports.includes('nats')) {
  const server = await startNats();
  for (const fraction of fractions) {
    for (const design of designs) {
      await measure('nats', design, fraction, (inbox) => natsGroup(server, { ...config, design, region: nextRegion() }, inbox));
    }
  }
  await server.close();
}
if (transports.includes('broadcast-channel')) {
  const browser = await launchBrowser(wasm);
  try {
    for (const fraction of fractions) {
      for (const design of designs) {
        await measure('broadcast-channel', design, fraction, (inbox) => browserGroup(browser, { ...config, design, region: nextRegion() }, inbox));
      }
    }
  } finally {
    await browser.close();
  }
}

const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg(), node: process.version, date: new Date().toISOString() };
const md = markdown(results, { machine, command: `node bench/sync/latency.mjs ${argv.join(' ')}`.trim() });
console.log(`\n${md}`);
if (opts.out !== 'none') {
  writeFileSync(path.join(opts.out, 'sync-latency.json'), JSON.stringify({ machine, options: opts, results }, null, 1) + '\n');
  writeFileSync(path.join(opts.out, 'sync-latency.md'), md);
}
process.exit(0);
