// Randomized convergence through runtime/js/sync.mjs: 2-4 wasm32 module
// instances (one memory each) with distributors, random writes (by the
// module's code, or from JavaScript through bytes() + markDirty), full and
// marked scans, region growth, and patches delivered in random order with
// duplicates, drops and resends. After each schedule all regions and clocks
// must be identical. A failure prints its seed.
//
// Usage: node random-peers.mjs module.wasm [first-seed] [count]
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';
import { createDistributor } from '../../../runtime/js/sync.mjs';

const [path, firstArg = '1', countArg = '40'] = process.argv.slice(2);
// Synchronous compile and instantiation: awaiting the asynchronous ones with
// nothing else pending lets Node 20's event loop go idle and enter
// NodePlatform::DrainTasks, which can deadlock with V8's compile tasks
// (nodejs/node#54918); this script then hung about one run in five.
const module = new WebAssembly.Module(await readFile(path));

function instance() {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const inst = new WebAssembly.Instance(module, wasi.getImportObject());
  wasi.initialize(inst);
  return inst;
}

function rng(seed) {
  let s = BigInt(seed) * 0x9E3779B97F4A7C15n & 0xFFFFFFFFFFFFFFFFn;
  return (n) => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xFFFFFFFFFFFFFFFFn;
    return Number((s >> 33n) % BigInt(n));
  };
}

let totals = { schedules: 0, patches: 0, grown: 0 };

async function schedule(seed) {
  const r = rng(seed);
  const fail = (msg) => { console.log(`FAIL seed ${seed}: ${msg}`); process.exit(1); };
  const pageSize = [1024, 4096, 8192][r(3)];
  const size = pageSize * (2 + r(4)), capacity = size + pageSize * (1 + r(4));
  const n = 2 + r(3);
  const peers = [];
  for (let i = 0; i < n; i++) {
    const inst = instance();
    const base = inst.exports.app_reserve(capacity, pageSize) >>> 0;
    const d = createDistributor(inst, 10 * i + r(10), { base, size, capacity, pageSize, scanInterval: 0 });
    peers.push({ inst, d, inbox: [], dropped: [] });
  }
  const hot = r(size - 64);
  const log = [];
  const write = (p) => {
    const { base, size: sz } = p.d.region;
    for (let k = 0, m = 1 + r(5); k < m; k++) {
      const len = 1 + r(16);
      const at = r(3) === 0 ? hot + r(48) : r(sz - len);
      if (r(2) === 0) {
        p.inst.exports.app_write(p.d.handle, base + at, len, r(1 << 30));
      } else {
        const view = p.d.bytes(); // fresh view: the memory may have grown
        for (let j = 0; j < len; j++) view[at + j] = r(256);
        p.d.markDirty(at, len);
      }
    }
  };
  const scan = (p) => {
    for (const patch of p.d.scan(r(2) ? 'full' : 'marked')) {
      log.push(patch);
      for (const q of peers) if (q !== p) (r(10) === 0 ? q.dropped : q.inbox).push(patch);
    }
  };
  const deliver = (p) => {
    if (p.inbox.length === 0) return;
    const k = r(p.inbox.length);
    const patch = p.inbox[k];
    if (r(6) !== 0) p.inbox.splice(k, 1); // otherwise it is delivered again later
    p.d.applyPatches([patch]);
  };
  for (let step = 0, steps = 20 + r(60); step < steps; step++) {
    const p = peers[r(n)];
    const what = r(100);
    if (what < 40) write(p);
    else if (what < 60) scan(p);
    else if (what < 90) deliver(p);
    else if (what < 95) { p.inbox.push(...p.dropped); p.dropped = []; }
    else if (p.d.region.size < capacity) {
      p.d.resize(p.d.region.size + pageSize);
      totals.grown++;
    }
  }
  for (let round = 0; ; round++) {
    if (round > 10) fail('no quiescence');
    const before = log.length;
    for (const p of peers) scan(p);
    for (const p of peers) { p.inbox.push(...p.dropped); p.dropped = []; }
    for (let busy; (busy = peers.filter((p) => p.inbox.length)).length;) deliver(busy[r(busy.length)]);
    if (log.length === before) break;
  }
  const ref = peers[0].d.bytes(), clock = JSON.stringify(peers[0].d.vectorClock());
  for (const p of peers) {
    const b = p.d.bytes();
    if (b.length !== ref.length) fail(`sizes ${b.length} and ${ref.length}`);
    for (let i = 0; i < b.length; i++) if (b[i] !== ref[i]) fail(`byte ${i}: ${b[i]} vs ${ref[i]}`);
    if (JSON.stringify(p.d.vectorClock()) !== clock) fail('clocks differ');
  }
  for (const p of peers) p.d.destroy();
  totals.schedules++;
  totals.patches += log.length;
}

const first = Number(firstArg), count = Number(countArg);
for (let s = first; s < first + count; s++) await schedule(s);
console.log(`converged: ${totals.schedules} schedules, ${totals.patches} patches, ${totals.grown} growths`);
