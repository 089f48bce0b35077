// One measuring process of the exchange benchmark (run.mjs starts several
// and aggregates them; bench/README.md describes the method). Node's main
// thread is the producer, a worker_threads Worker (worker.mjs) the consumer.
// For each message size, in this order, one phase at a time:
//   exchange   producer.wasm and consumer.wasm, both linked THREADS, import
//              one shared memory (createSharedMemory/openSharedMemory +
//              loadModule); loan -> memcpy of the pre-encoded message ->
//              publish; the consumer polls receive() and reads in place
//   host copy  Karmem's model: the bytes are copied by the host from the
//              producer's own memory into the consumer's (two separate
//              WebAssembly.Memory objects; the consumer's is shared so that
//              its thread sees it), then a word is set that the consumer polls
//   transfer   postMessage of an ArrayBuffer in the transfer list
//   clone      postMessage of a Uint8Array, structured clone
// first latency (one message in flight: each waits for the consumer's
// answer), then throughput (streaming, up to the ring's slot count in
// flight), then the blocking receive's wake-up (receive_wait).
// Prints one JSON object on stdout.
//
// Usage: node --expose-gc host.mjs --modules <build>/bench/exchange --golden game_bench1000.bin [--quick]
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSharedMemory, createRegion, loadModule } from '../../runtime/js/exchange.mjs';

const { values: opt } = parseArgs({
  options: { modules: { type: 'string' }, golden: { type: 'string' }, quick: { type: 'boolean', default: false },
    only: { type: 'string' }, debug: { type: 'boolean', default: false } },
});
const quick = opt.quick;
const golden = readFileSync(opt.golden);
const E = ['ok', 'invalid_argument', 'not_found', 'exists', 'table_full', 'out_of_memory', 'corrupt', 'version_mismatch',
  'type_mismatch', 'too_large', 'full', 'busy', 'no_subscriber_slot', 'empty', 'timeout'];
const die = (what) => { console.error(`host.mjs: ${what}`); process.exit(1); };

// The five points of the sweep: kind = channel "bench.k<kind>" (ctl.h).
// slots: the ring (and the throughput window of every method).
// latN / tputN: messages measured per phase (a tenth more as warm-up first).
const Q = quick ? 0.03 : 1;
const SIZES = [
  { kind: 0, label: '64 B', nominal: 64, slots: 1024, latN: 10000, tputN: 200000 },
  { kind: 1, label: '4 KiB', nominal: 4096, slots: 256, latN: 10000, tputN: 50000 },
  { kind: 2, label: '64 KiB', nominal: 65536, slots: 64, latN: 3000, tputN: 10000 },
  { kind: 3, label: '1.5 MiB (game)', nominal: golden.length, slots: 8, latN: 600, tputN: 300 },
  { kind: 4, label: '16 MiB', nominal: 16 << 20, slots: 4, latN: 100, tputN: 30 },
].map((s) => ({ ...s, latN: Math.max(20, Math.round(s.latN * Q)), tputN: Math.max(8, Math.round(s.tputN * Q)) }));
const WAKE = { kind: 0, n: quick ? 50 : 1000, gapMs: 0.2 };
const phaseMs = {};

// The memory map of bench/exchange/CMakeLists.txt: modules in slots 0-3,
// regions from 0x04010000, 2560 pages (the modules' MAX_MEMORY).
const shm = createSharedMemory({ maximumPages: 2560, shared: true, heapBase: 0x04010000 });
const clock = { bench: { now: () => performance.now() } };
const p = (await loadModule(shm, join(opt.modules, 'bench-exchange-producer.wasm'), { imports: clock })).exports;
const control = createRegion(shm, 'bench.ctl', 64 + 65536 * 16).offset; // ctl.h
const latencies = createRegion(shm, 'bench.lat', 65536 * 8).offset;
p.set_control(control);
const roundup8 = (n) => Math.ceil(n / 8) * 8;
for (const s of SIZES) {
  const e = p.open(s.kind, s.slots, roundup8(s.nominal));
  if (e) die(`open channel ${s.kind}: ${E[e] ?? e}`);
  if (s.kind === 3) {
    const at = p.set_game(golden.length);
    shm.bytes(at, golden.length).set(golden); // Karmem's own encoding of the 1000 monsters
  } else if (!p.prepare_blob(s.kind, s.nominal)) die(`prepare_blob ${s.kind}`);
  s.size = p.source_size(s.kind);
  s.expect = p.expect(s.kind);
  s.bytes = shm.bytes(p.source(s.kind), s.size).slice(); // the same message, for the baselines
  s.last = s.bytes[s.size - 1];
  s.stride = Math.ceil(s.size / 64) * 64;
}

// The host-copy baseline: the producer's own memory (holding every
// pre-encoded message) and the consumer's, separate from each other and
// from the exchange's.
const page = 65536;
let srcAt = 0;
for (const s of SIZES) s.srcAt = srcAt, srcAt += s.stride;
const copySrc = new WebAssembly.Memory({ initial: Math.ceil(srcAt / page) });
for (const s of SIZES) new Uint8Array(copySrc.buffer, s.srcAt, s.size).set(s.bytes);
const copyPages = Math.ceil(Math.max(...SIZES.map((s) => s.slots * s.stride)) / page) + 1;
const copyDst = new WebAssembly.Memory({ initial: copyPages, maximum: copyPages, shared: true });
const copyControl = new SharedArrayBuffer(64 + 8 * 1024);
const words = new Int32Array(copyControl), stamps = new Float64Array(copyControl, 64);
const PUB = 0, CONS = 1;

const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
  workerData: { memory: shm.memory, consumerFile: join(opt.modules, 'bench-exchange-consumer.wasm'), copyMemory: copyDst,
    copyControl, control, latencies, kinds: SIZES.map((s) => s.kind) },
});
worker.on('error', (e) => die(`worker failed: ${e.stack}`));
// Replies from the worker: r (a buffer or credit handed back), the rest in order.
const inbox = [], returns = [];
let waitInbox = null, waitReturn = null;
worker.on('message', (m) => {
  if (m.r !== undefined) {
    if (waitReturn) { const w = waitReturn; waitReturn = null; w(m.r); } else returns.push(m.r);
  } else if (waitInbox) { const w = waitInbox; waitInbox = null; w(m); } else inbox.push(m);
});
const reply = () => new Promise((res) => (inbox.length ? res(inbox.shift()) : (waitInbox = res)));
const returned = () => new Promise((res) => (returns.length ? res(returns.shift()) : (waitReturn = res)));

const hello = await reply();
hello.opened.forEach((e, i) => e && die(`consumer open ${i}: ${E[e] ?? e}`));
const clockSkewNs = (hello.clock - calibrate()) * 1e6;
const latView = () => new Float64Array(shm.memory.buffer, latencies, 65536);

let bad = 0, checked = 0;
function stats(lat) {
  const a = Float64Array.from(lat).sort();
  const q = (f) => a[Math.min(a.length - 1, Math.floor(f * a.length))];
  return { p50: q(0.5), p99: q(0.99), min: a[0], max: a[a.length - 1], n: a.length };
}

// ---- the four methods; each returns latencies (µs) or a rate (msg/s) ------
async function exchange(s, n, mode) { // mode: 0 latency, 1 stream + memcpy, 2 stream publish-only, 3 blocking
  const cmode = mode === 0 ? 0 : mode === 3 ? 3 : 1;
  new Int32Array(shm.memory.buffer, control, 2)[1] = 0; // bad
  worker.postMessage({ op: 'xchg', kind: s.kind, n, mode: cmode, expect: s.expect });
  await reply(); // ready
  const sent = Number(p.run(s.kind, n, mode, WAKE.gapMs));
  if (sent !== n) die(`exchange ${s.label}: producer ${sent < 0 ? E[-sent] : sent}`);
  const r = await reply();
  if (r.got !== n) die(`exchange ${s.label}: consumer ${r.got < 0 ? E[-r.got] : r.got}`);
  const ctl = new Float64Array(shm.memory.buffer, control, 3);
  const b = new Int32Array(shm.memory.buffer, control, 2)[1];
  bad += b, checked += n;
  if (b) die(`exchange ${s.label}: ${b} messages failed the consumer's checks`);
  return cmode === 1 ? n / ((ctl[2] - ctl[1]) / 1000) : latView().slice(0, n);
}

async function hostCopy(s, n, latency) {
  const window = latency ? 1 : s.slots;
  Atomics.store(words, PUB, 0), Atomics.store(words, CONS, 0);
  worker.postMessage({ op: 'copy', n, window, base: 0, stride: s.stride, size: s.size, last: s.last, latency });
  await reply();
  const src = new Uint8Array(copySrc.buffer, s.srcAt, s.size);
  const dst = new Uint8Array(copyDst.buffer);
  const views = Array.from({ length: window }, (_, k) => dst.subarray(k * s.stride, k * s.stride + s.size));
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    while (Atomics.load(words, CONS) < i - window + 1) {}
    stamps[i % window] = performance.now();
    views[i % window].set(src);
    Atomics.store(words, PUB, i + 1);
  }
  const r = await reply();
  bad += r.bad, checked += n;
  if (r.bad) die(`host copy ${s.label}: ${r.bad} bad`);
  return latency ? r.lat : n / ((r.tEnd - t0) / 1000);
}

async function post(s, n, latency, transfer) {
  const window = latency ? 1 : s.slots;
  worker.postMessage({ op: 'msg', n, size: s.size, last: s.last, latency });
  await reply();
  // transfer: `window` buffers circulate (the consumer hands each back);
  // clone: one buffer, cloned at every postMessage, `window` credits.
  const pool = Array.from({ length: window }, () => (transfer ? s.bytes.slice().buffer : true));
  const u8 = s.bytes;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (!pool.length) pool.push(await returned());
    const b = pool.pop();
    if (transfer) worker.postMessage({ t0: performance.now(), buf: b }, [b]);
    else worker.postMessage({ t0: performance.now(), u8 });
  }
  const r = await reply();
  while (returns.length < window - pool.length) await new Promise((res) => setImmediate(res));
  returns.length = 0;
  bad += r.bad, checked += n;
  if (r.bad) die(`${transfer ? 'transfer' : 'clone'} ${s.label}: ${r.bad} bad`);
  return latency ? r.lat : n / ((r.tEnd - t0) / 1000);
}

const METHODS = {
  exchange: (s, n, lat) => exchange(s, n, lat ? 0 : 1),
  exchangePublishOnly: (s, n) => exchange(s, n, 2),
  hostCopy: (s, n, lat) => hostCopy(s, n, lat),
  transfer: (s, n, lat) => post(s, n, lat, true),
  clone: (s, n, lat) => post(s, n, lat, false),
};
const warm = (n) => Math.max(5, Math.round(n / 10));
// Before each measured phase: a full garbage collection on both threads
// (node --expose-gc; the clone phases leave megabytes behind) and a pause
// for V8's background threads to finish, since on 2 cores any third busy
// thread preempts one of the two spinning ones.
async function settle() {
  worker.postMessage({ op: 'gc' });
  await reply();
  globalThis.gc?.();
  await new Promise((res) => setTimeout(res, quick ? 2 : 20));
}

const out = { runtime: `Node ${process.version}, V8 ${process.versions.v8}`, clockSkewNs, sizes: [], wake: null };
const only = opt.only ? opt.only.split(',').map(Number) : null;
for (const s of SIZES) {
  if (only && !only.includes(s.kind)) continue;
  const row = { kind: s.kind, label: s.label, bytes: s.size, slots: s.slots, latency: {}, throughput: {} };
  for (const [name, f] of Object.entries(METHODS)) {
    if (name === 'exchangePublishOnly') continue;
    let t = performance.now();
    await f(s, warm(s.latN), true);
    await settle();
    const lat = await f(s, s.latN, true);
    if (opt.debug) process.stderr.write(`${name} ${s.label}: ${Array.from(lat.slice(0, 40), (x) => x.toFixed(1)).join(' ')}\n`);
    row.latency[name] = stats(lat);
    phaseMs[`${name} latency ${s.label}`] = Math.round(performance.now() - t);
  }
  for (const [name, f] of Object.entries(METHODS)) {
    const t = performance.now();
    await f(s, warm(s.tputN), false);
    await settle();
    row.throughput[name] = await f(s, s.tputN, false);
    phaseMs[`${name} throughput ${s.label}`] = Math.round(performance.now() - t);
  }
  out.sizes.push(row);
  process.stderr.write(`  ${s.label}: exchange p50 ${row.latency.exchange.p50.toFixed(2)} µs, host copy ${row.latency.hostCopy.p50.toFixed(2)} µs\n`);
}
{
  const s = SIZES[WAKE.kind];
  await exchange(s, warm(WAKE.n), 3);
  await settle();
  out.wake = { bytes: s.size, gapMs: WAKE.gapMs, ...stats(await exchange(s, WAKE.n, 3)) };
}
out.checked = checked;
out.phaseMs = phaseMs;
out.bad = bad;
worker.postMessage({ op: 'close' });
console.log(JSON.stringify(out));
process.exit(0);

function calibrate() {
  let best = Infinity, off = 0;
  for (let i = 0; i < 200; i++) {
    const a = performance.now(), h = process.hrtime.bigint(), b = performance.now();
    if (b - a < best) best = b - a, off = Number(h) / 1e6 - (a + b) / 2;
  }
  return off;
}
