// Scan and apply cost of the engine distributor (memory-distributor.mjs:
// the tracker in karmem_sync_engine.wasm over a mirror of a bare
// WebAssembly.Memory) against the in-module tracker (sync.mjs over a module
// linking the runtime), in one process, on the same writes.
//
// Usage: node bench/sync/engine_vs_module.mjs [--build-dir build] [--mib 16,64]
//                                             [--percent 1,10] [--reps 15]
//
// Each repetition picks that many distinct random pages and makes 4 small
// writes on each (1-16 bytes, one per quarter page), the same in both
// regions, then times a full scan on each, then applies each batch to a
// second peer of its kind (timed). The same with marked writes and a marked
// scan. Medians over the repetitions; the patches must have the same length
// (the same runs), and the receivers must equal their senders at the end.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { WASI } from 'node:wasi';
import { createDistributor } from '../../runtime/js/sync.mjs';
import { createMemoryDistributor, loadEngine, peerIdOf } from '../../runtime/js/memory-distributor.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const opts = { buildDir: path.join(here, '..', '..', 'build'), mib: '16,64', percent: '1,10', reps: '15' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in opts) || argv[i + 1] === undefined) {
    console.error('usage: node engine_vs_module.mjs [--build-dir DIR] [--mib 16,64] [--percent 1,10] [--reps 15]');
    process.exit(2);
  }
  opts[key] = argv[i + 1];
}
await loadEngine(path.join(opts.buildDir, 'runtime', 'sync', 'karmem_sync_engine.wasm'));
const moduleBytes = readFileSync(path.join(opts.buildDir, 'bench', 'sync', 'bench-sync-module.wasm'));
const reps = Number(opts.reps);
const pageSize = 8192;

function loadModule() {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes), wasi.getImportObject());
  wasi.initialize(instance);
  return instance;
}

let seed = 99;
function rand(n) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; // exact: a double product would lose the low bits
  return Math.floor((seed / 2 ** 32) * n);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const time = (f) => { const t = performance.now(); const r = f(); return [performance.now() - t, r]; };

function equal(x, y, what) {
  if (x.length !== y.length) throw new Error(`${what}: ${x.length} vs ${y.length} bytes`);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) throw new Error(`${what}: byte ${i} differs`);
}

const rows = [];
for (const mib of opts.mib.split(',').map(Number)) {
  const size = mib * 2 ** 20, pages = size / pageSize;
  // In-module: two modules, regions reserved inside them.
  const M1 = loadModule(), M2 = loadModule();
  const m1 = createDistributor(M1, 1, { pageSize, size, scanInterval: 0 });
  const m2 = createDistributor(M2, 2, { pageSize, size, scanInterval: 0 });
  // Engine: two bare memories of exactly the region's size.
  const mem1 = new WebAssembly.Memory({ initial: size / 65536 }), mem2 = new WebAssembly.Memory({ initial: size / 65536 });
  // Touched once, as the in-module regions are (karmem_sync_reserve zeroes
  // them): a first write to a fresh page is a page fault, not sync work.
  new Uint8Array(mem1.buffer).fill(0);
  new Uint8Array(mem2.buffer).fill(0);
  const e1 = createMemoryDistributor(mem1, 'bench-1', { pageSize, scanInterval: 0, capacity: size });
  const e2 = createMemoryDistributor(mem2, 'bench-2', { pageSize, scanInterval: 0, capacity: size });
  for (const percent of opts.percent.split(',').map(Number)) {
    const changed = Math.max(1, Math.round((pages * percent) / 100));
    const t = { mFull: [], eFull: [], mApply: [], eApply: [], mMarked: [], eMarked: [] };
    let patchBytes = 0;
    for (let r = 0; r < reps + 1; r++) { // the first repetition warms up
      for (const mode of ['full', 'marked']) {
        const picked = new Set();
        while (picked.size < changed) picked.add(rand(pages));
        const mView = m1.bytes(), eView = e1.bytes();
        for (const p of picked) {
          for (let q = 0; q < 4; q++) {
            const len = 1 + rand(16), at = p * pageSize + q * (pageSize / 4) + rand(pageSize / 4 - 16);
            for (let i = 0; i < len; i++) {
              const v = (mView[at + i] + 1 + rand(255)) & 255; // every byte changes
              mView[at + i] = v;
              eView[at + i] = v;
            }
            if (mode === 'marked') {
              m1.markDirty(at, len);
              e1.markDirty(at, len);
            }
          }
        }
        const [ms, mp] = time(() => m1.scan(mode));
        const [es, ep] = time(() => e1.scan(mode));
        if (mp.length !== 1 || ep.length !== 1 || Math.abs(mp[0].length - ep[0].length) > 8) {
          throw new Error(`patches differ: in-module ${mp[0]?.length}, engine ${ep[0]?.length} bytes`);
        }
        const [ma] = time(() => m2.applyPatches(mp));
        const [ea] = time(() => e2.applyPatches(ep));
        if (r === 0) continue;
        if (mode === 'full') {
          t.mFull.push(ms); t.eFull.push(es); t.mApply.push(ma); t.eApply.push(ea);
          patchBytes = ep[0].length;
        } else {
          t.mMarked.push(ms); t.eMarked.push(es);
        }
      }
    }
    equal(m1.bytes(), m2.bytes(), 'in-module receiver');
    equal(e1.bytes(), e2.bytes(), 'engine receiver');
    equal(m1.bytes(), e1.bytes(), 'in-module and engine regions');
    const row = { mib, percent, changed, patchBytes, fastest: {} };
    for (const [k, v] of Object.entries(t)) {
      row[k] = median(v);
      row.fastest[k] = Math.min(...v);
    }
    rows.push(row);
  }
  for (const d of [m1, m2, e1, e2]) d.destroy();
}

const f = (ms) => `${ms.toFixed(3)} ms`;
console.log(`engine distributor vs in-module tracker, 8 KiB pages, median of ${reps} (one process, Node ${process.versions.node})`);
console.log('region  changed        full scan: in-module  engine      ratio  | marked: in-module  engine     ratio | apply: in-module  engine     ratio | patch B');
for (const r of rows) {
  console.log(`${String(r.mib).padStart(3)} MiB  ${String(r.percent).padStart(3)} % ${String(r.changed).padStart(5)} pages  ` +
    `${f(r.mFull).padStart(10)}  ${f(r.eFull).padStart(10)}  ${(r.eFull / r.mFull).toFixed(2).padStart(5)}× | ` +
    `${f(r.mMarked).padStart(10)}  ${f(r.eMarked).padStart(10)}  ${(r.eMarked / r.mMarked).toFixed(2).padStart(5)}× | ` +
    `${f(r.mApply).padStart(10)}  ${f(r.eApply).padStart(10)}  ${(r.eApply / r.mApply).toFixed(2).padStart(5)}× | ${r.patchBytes}`);
}
// The fastest repetition, less sensitive to a shared machine's preemptions.
console.log(`fastest of ${reps}:`);
for (const r of rows) {
  const x = r.fastest;
  console.log(`${String(r.mib).padStart(3)} MiB  ${String(r.percent).padStart(3)} %  full ${f(x.mFull)} / ${f(x.eFull)} ` +
    `(${(x.eFull / x.mFull).toFixed(2)}×), marked ${f(x.mMarked)} / ${f(x.eMarked)} (${(x.eMarked / x.mMarked).toFixed(2)}×), ` +
    `apply ${f(x.mApply)} / ${f(x.eApply)} (${(x.eApply / x.mApply).toFixed(2)}×)`);
}
