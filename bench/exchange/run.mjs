// Runs the exchange benchmark: several measuring processes (host.mjs, one
// at a time), then per figure the median of the per-process values and
// their spread [min–max over processes]; ratios are taken inside each
// process, then the same. Prints Markdown tables and the targets of issue 8
// item 9, and writes bench/results/exchange.{json,md} (not with --quick).
// bench/run.sh exchange builds the modules and calls this; see bench/README.md.
//
// Usage: node run.mjs --build-dir <cmake build dir> [--quick] [--processes 3]
//        [--out results.json] [--md results.md]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';
import process from 'node:process';

const here = dirname(fileURLToPath(import.meta.url));
const srcRoot = resolve(here, '..', '..');
const { values: opt } = parseArgs({
  options: {
    'build-dir': { type: 'string' },
    quick: { type: 'boolean', default: false },
    processes: { type: 'string' },
    golden: { type: 'string', default: join(srcRoot, 'test', 'golden', 'game_bench1000.bin') },
    out: { type: 'string' },
    md: { type: 'string' },
  },
});
if (!opt['build-dir']) {
  console.error('usage: node run.mjs --build-dir <cmake build dir> [--quick] [--processes N] [--out file.json] [--md file.md]');
  process.exit(2);
}
const quick = opt.quick;
const processes = Number(opt.processes ?? (quick ? 1 : 3));
if (!Number.isInteger(processes) || processes < 1) {
  console.error(`run.mjs: bad --processes ${opt.processes}`);
  process.exit(2);
}
const modules = join(resolve(opt['build-dir']), 'bench', 'exchange');
for (const f of ['producer', 'consumer'].map((n) => join(modules, `bench-exchange-${n}.wasm`)))
  if (!existsSync(f)) {
    console.error(`run.mjs: ${f} is missing: build the bench-exchange target first (bench/run.sh exchange does)`);
    process.exit(2);
  }

const runs = [];
const load = [];
for (let i = 0; i < processes; i++) {
  process.stderr.write(`exchange bench: process ${i + 1}/${processes} (load average ${os.loadavg()[0].toFixed(2)})\n`);
  load.push(os.loadavg()[0]);
  const args = ['--expose-gc', '--no-warnings', join(here, 'host.mjs'), '--modules', modules, '--golden', opt.golden];
  if (quick) args.push('--quick');
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    console.error(`run.mjs: process ${i + 1} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  runs.push(JSON.parse(r.stdout));
}
load.push(os.loadavg()[0]);

const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y), m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};
const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const METHODS = ['exchange', 'hostCopy', 'transfer', 'clone'];
const NAMES = { exchange: 'exchange', hostCopy: 'host copy', transfer: 'transfer', clone: 'clone', exchangePublishOnly: 'exchange, publish only' };
const sizes = runs[0].sizes.map((row, k) => {
  const per = (f) => spread(runs.map((r) => f(r.sizes[k])));
  const latency = Object.fromEntries(METHODS.map((m) => [m, { p50: per((s) => s.latency[m].p50), p99: per((s) => s.latency[m].p99), n: row.latency[m].n }]));
  const throughput = Object.fromEntries(Object.keys(row.throughput).map((m) => [m, per((s) => s.throughput[m])]));
  const over = Object.fromEntries(METHODS.slice(1).map((m) => [m, per((s) => s.latency[m].p50 / s.latency.exchange.p50)]));
  return { label: row.label, bytes: row.bytes, slots: row.slots, latency, throughput, p50OverExchange: over };
});
const first = 0, game = sizes.findIndex((s) => s.label.includes('game')), last = sizes.length - 1;
const p50s = (r) => r.sizes.map((s) => s.latency.exchange.p50);
const summary = {
  runtime: runs[0].runtime,
  sizes,
  wake: { p50: spread(runs.map((r) => r.wake.p50)), p99: spread(runs.map((r) => r.wake.p99)), n: runs[0].wake.n, bytes: runs[0].wake.bytes, gapMs: runs[0].wake.gapMs },
  sizeIndependence: {
    largestOverSmallest: spread(runs.map((r) => p50s(r)[last] / p50s(r)[first])),
    maxOverMin: spread(runs.map((r) => Math.max(...p50s(r)) / Math.min(...p50s(r)))),
  },
  clockSkewNs: spread(runs.map((r) => r.clockSkewNs)),
  checked: runs.reduce((n, r) => n + r.checked, 0),
  bad: runs.reduce((n, r) => n + r.bad, 0),
};
const worstP50 = Math.max(...sizes.map((s) => s.latency.exchange.p50.median));
const targets = [
  { what: 'exchange handoff p50 ≤ 2 µs at every size', value: `${f(worstP50)} µs at worst`, met: worstP50 <= 2 },
  { what: 'p50 independent of size: ≤ 1.5× from 64 B to 16 MiB (judged on the largest ÷ smallest p50 of the five sizes)',
    value: `largest ÷ smallest ${cell(summary.sizeIndependence.maxOverMin)}; 16 MiB ÷ 64 B ${cell(summary.sizeIndependence.largestOverSmallest)}`,
    met: summary.sizeIndependence.maxOverMin.median <= 1.5 },
  { what: '≥ 1,000,000 small (64 B) messages/s one way', value: `${cell(sizes[first].throughput.exchange, 0)} msg/s (memcpy into each loan), ${cell(sizes[first].throughput.exchangePublishOnly, 0)} (publish only)`,
    met: sizes[first].throughput.exchange.median >= 1e6 },
  { what: '≥ 20× faster than the host copy at 1.5 MiB (p50)', value: `host copy ÷ exchange ${cell(sizes[game].p50OverExchange.hostCopy)}`, met: sizes[game].p50OverExchange.hostCopy.median >= 20 },
];
summary.targets = targets;

function f(x) {
  return x >= 1000 ? x.toFixed(0) : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}
function big(x) {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0);
}
function cell(s, kind) {
  const g = kind === 0 ? big : f;
  return `${g(s.median)} [${g(s.min)}–${g(s.max)}]`;
}

const L = [];
const perSize = (s) => `${s.label} (${s.bytes} B)`;
L.push(`### Handoff latency, one message in flight, polling consumer (${summary.runtime})`, '');
L.push(`${processes} process(es); Node's main thread publishes, a worker_threads Worker receives. ` +
  'µs from the producer\'s stamp (performance.now(), just before publish() / the copy / postMessage) to the consumer holding usable bytes ' +
  '(receive() returned and the view read the root\'s first field / the copied bytes checked / the message event). ' +
  'p50: median over processes of each process\'s p50 [min–max over processes]; ratios taken inside each process.', '');
L.push('| size | exchange p50 | host copy p50 | transfer p50 | clone p50 | host copy ÷ exchange | transfer ÷ exchange | clone ÷ exchange |');
L.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const s of sizes)
  L.push(`| ${perSize(s)} | ${METHODS.map((m) => cell(s.latency[m].p50)).join(' | ')} | ${METHODS.slice(1).map((m) => cell(s.p50OverExchange[m])).join(' | ')} |`);
L.push('', 'p99 (µs, same method; the samples per process are ' + sizes.map((s) => `${s.latency.exchange.n}`).join(' / ') + ' per size and method):', '');
L.push('| size | exchange p99 | host copy p99 | transfer p99 | clone p99 |');
L.push('|---|---:|---:|---:|---:|');
for (const s of sizes) L.push(`| ${perSize(s)} | ${METHODS.map((m) => cell(s.latency[m].p99)).join(' | ')} |`);
L.push('', '### Throughput, one way, streaming (messages/s)', '');
L.push('Up to the ring\'s slot count in flight (' + sizes.map((s) => `${s.label}: ${s.slots}`).join(', ') + '; the same window for every method). ' +
  'exchange: loan → memcpy of the pre-encoded message → publish; publish only: the slot still holds the message from an earlier pass; ' +
  'host copy: the copy from the producer\'s memory into a ring in the consumer\'s; transfer: the window\'s ArrayBuffers circulate, the consumer hands each back; clone: one clone per message.', '');
const TP = ['exchange', 'exchangePublishOnly', 'hostCopy', 'transfer', 'clone'];
L.push(`| size | ${TP.map((m) => NAMES[m]).join(' | ')} |`);
L.push(`|---|${TP.map(() => '---:').join('|')}|`);
for (const s of sizes) L.push(`| ${perSize(s)} | ${TP.map((m) => cell(s.throughput[m], 0)).join(' | ')} |`);
L.push('', `### Blocking receive (receive_wait: memory.atomic.wait32 / notify), ${summary.wake.bytes} B`, '');
L.push(`The consumer is asleep on the channel's wake word (the producer waits ${summary.wake.gapMs} ms after each answer before publishing): ` +
  `wake-up latency p50 ${cell(summary.wake.p50)} µs, p99 ${cell(summary.wake.p99)} µs (${summary.wake.n} messages per process).`, '');
L.push('### Targets (issue 8 item 9, judged on the medians)', '');
L.push('| target | measured | |', '|---|---|---|');
for (const t of targets) L.push(`| ${t.what} | ${t.value} | ${t.met ? 'met' : '**missed**'} |`);
L.push('', `Load average during the run: ${load.map((x) => x.toFixed(2)).join(' → ')} (2 cores; both threads spin). ` +
  `Clock skew between the two threads' performance.now(): ${cell(summary.clockSkewNs)} ns. ` +
  `${summary.checked} messages, every one checked by its consumer (${summary.bad} failed).`, '');
const markdown = L.join('\n');
console.log(markdown);
if (summary.bad) {
  console.error(`exchange bench: ${summary.bad} messages failed their checks`);
  process.exit(1);
}
console.log(`verified: ${summary.checked} messages, every one checked`);

const record = {
  benchmark: 'exchange (zero-copy handoff between two Workers)',
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, os: `${os.type()} ${os.release()}`, loadAverage: load },
  method: { processes, quick },
  summary,
  processes: runs,
};
const out = opt.out ?? (quick ? null : join(srcRoot, 'bench', 'results', 'exchange.json'));
if (out) {
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, JSON.stringify(record, null, 1) + '\n');
  console.error(`exchange bench: wrote ${out}`);
}
const md = opt.md ?? (out ? out.replace(/\.json$/, '.md') : null);
if (md) {
  writeFileSync(md, `# Exchange benchmark results (${record.date.slice(0, 10)}, ${record.machine.cpu})\n\n${markdown}\n`);
  console.error(`exchange bench: wrote ${md}`);
}
