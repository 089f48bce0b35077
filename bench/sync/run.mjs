// Runs the sync benchmark natively and in wasm32 under Node, and prints, per
// platform and region size, the floors (read bandwidth, memcpy) and for each
// fraction of changed pages: full scan, marked scan, apply and patch size;
// then the targets with the figures that meet or miss them.
//
// Usage: node bench/sync/run.mjs [--build-dir build] [--mib 16,64] [--reps 9]
//                                [--json out.jsonl] [--units bytes|region|records:SIZE]
//
// --units runs both trackers with atomic units (karmem/sync/units.h); the
// default, bytes, is per-run merging.
//
// Columns: "diff/page" is a marked scan's time per changed page (diff of the
// marked 64-byte blocks, encoding, stamps, shadow update); "(full)" is what
// the changed pages add to a full scan, per page (whole-page diff and the
// same work), i.e. (full scan - full scan at 0 %) / changed pages.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const opts = { buildDir: path.join(here, '..', '..', 'build'), mib: '16,64', reps: '9', json: null, units: 'bytes' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in opts) || argv[i + 1] === undefined) {
    console.error('usage: node run.mjs [--build-dir DIR] [--mib 16,64] [--reps 9] [--json FILE] [--units bytes|region|records:SIZE]');
    process.exit(2);
  }
  opts[key] = argv[i + 1];
}
const bin = path.join(opts.buildDir, 'bench', 'sync');
const args = ['--mib', opts.mib, '--reps', opts.reps, '--units', opts.units];
const parse = (out) => out.trim().split('\n').map((l) => JSON.parse(l));
const results = [
  ...parse(execFileSync(path.join(bin, 'bench-sync-native'), args, { encoding: 'utf8' })),
  ...parse(execFileSync(process.execPath, ['--no-warnings', path.join(here, 'wasi_run.mjs'),
    path.join(bin, 'bench-sync.wasm'), ...args], { encoding: 'utf8' })),
];
for (const r of results) if (r.error) throw new Error(r.error);
if (opts.json) writeFileSync(opts.json, results.map((r) => JSON.stringify(r)).join('\n') + '\n');

const f1 = (x) => x.toFixed(1), f2 = (x) => x.toFixed(2);
const floor = (platform, mib) => results.find((r) => r.kind === 'floor' && r.platform === platform && r.mib === mib);
const scans = (platform, mib) => results.filter((r) => r.kind === 'scan' && r.platform === platform && r.mib === mib);
const platforms = ['native', 'wasm32'];
// Bytes per run beyond the data, without the batch's envelope (header, clock,
// checksum: paid once per batch); "all-in" includes it.
const framing = (s) => (s.batch_bytes - s.changed_bytes - s.envelope_bytes) / s.runs;
const sizes = [...new Set(results.map((r) => r.mib))];

for (const p of platforms) {
  for (const mib of sizes) {
    const fl = floor(p, mib);
    console.log(`\n${p}, ${mib} MiB region, 8 KiB pages, units ${opts.units}, hash kernel ${fl.hash_kernel}: ` +
                `read ${f1(fl.read_gbs)} GB/s, memcpy ${f1(fl.memcpy_gbs)} GB/s (fastest of ${opts.reps}; ` +
                `median ${f1(fl.read_gbs_median)} / ${f1(fl.memcpy_gbs_median)})`);
    console.log('changed  pages  runs   full scan       /read  marked    full/marked  diff/page  (full)     apply/page  patch B  B/changed B  B/run all-in  B/run framing');
    const idle = scans(p, mib).find((s) => s.fraction === 0);
    for (const s of scans(p, mib)) {
      const gbs = (mib * 2 ** 20) / s.full_s / 1e9;
      const cp = s.changed_pages;
      console.log(
        `${(s.fraction * 100).toString().padStart(5)} %  ${String(cp).padStart(5)}  ${String(s.runs).padStart(5)}  ` +
        `${f2(s.full_s * 1e3).padStart(6)} ms ${f1(gbs).padStart(5)} GB/s  ${f2(gbs / fl.read_gbs).padStart(4)}  ` +
        `${(s.marked_s * 1e3).toFixed(3).padStart(7)} ms  ${(cp ? f1(s.full_s / s.marked_s) + '×' : '-').padStart(10)}  ` +
        `${(cp ? f2(s.marked_s / cp * 1e6) + ' µs' : '-').padStart(9)}  ` +
        `${(cp ? f2(Math.max(0, s.full_s - idle.full_s) / cp * 1e6) + ' µs' : '-').padStart(9)}  ` +
        `${(cp ? f2(s.apply_s / cp * 1e6) + ' µs' : '-').padStart(10)}  ` +
        `${String(s.batch_bytes).padStart(7)}  ${(cp ? f2(s.batch_bytes / s.changed_bytes) : '-').padStart(11)}  ` +
        `${(cp ? f2((s.batch_bytes - s.changed_bytes) / s.runs) : '-').padStart(12)}  ` +
        `${(cp ? f2(framing(s)) : '-').padStart(13)}`);
    }
  }
}

// Snapshots (catch-up for late joiners): size and time to make and apply one.
const snaps = results.filter((r) => r.kind === 'snapshot');
if (snaps.length) {
  console.log('\nsnapshots (a fresh joiner from the same baseline; re-apply: onto a peer that holds it already):');
  console.log('platform  MiB  changed  writes        changed B  snapshot B  B/changed B  snapshot   apply      re-apply');
  for (const s of snaps) {
    console.log(
      `${s.platform.padEnd(8)}  ${String(s.mib).padStart(3)}  ${(s.fraction * 100).toString().padStart(5)} %  ` +
      `${(s.whole ? 'whole pages' : '4 per page').padEnd(12)}  ${String(s.changed_bytes).padStart(9)}  ` +
      `${String(s.snapshot_bytes).padStart(10)}  ${f2(s.snapshot_bytes / s.changed_bytes).padStart(11)}  ` +
      `${(s.snapshot_s * 1e3).toFixed(3).padStart(6)} ms  ${(s.apply_snapshot_s * 1e3).toFixed(3).padStart(6)} ms  ` +
      `${(s.reapply_snapshot_s * 1e3).toFixed(3).padStart(6)} ms`);
  }
}

// The targets (issue 3), on the largest region.
const big = Math.max(...sizes);
const w = (f) => scans('wasm32', big).find((s) => s.fraction === f);
const n = (f) => scans('native', big).find((s) => s.fraction === f);
const wasmGbs = (big * 2 ** 20) / w(0).full_s / 1e9, nativeGbs = (big * 2 ** 20) / n(0).full_s / 1e9;
const perPage = (s, key) => s[key] / s.changed_pages * 1e6;
const small = scans('wasm32', big).filter((s) => s.changed_pages > 0);
const worst = (fn) => Math.max(...small.map(fn));
const check = (ok, text) => console.log(`${ok ? 'met   ' : 'MISSED'}  ${text}`);
console.log(`\ntargets (wasm32 unless said, ${big} MiB region, fastest of ${opts.reps}):`);
check(wasmGbs >= 12, `full scan ≥ 12 GB/s: ${f1(wasmGbs)} GB/s`);
check(wasmGbs >= 0.7 * floor('wasm32', big).read_gbs, `full scan ≥ 0.7 × read bandwidth: ${f2(wasmGbs / floor('wasm32', big).read_gbs)} × ${f1(floor('wasm32', big).read_gbs)} GB/s`);
check(nativeGbs <= 1.5 * wasmGbs, `within 1.5× of native: native ${f1(nativeGbs)} GB/s = ${f2(nativeGbs / wasmGbs)} × wasm32`);
check(w(0.01).full_s / w(0.01).marked_s >= 20, `marked scan at 1 % ≥ 20× faster than full: ${f1(w(0.01).full_s / w(0.01).marked_s)}×`);
check(worst(framing) <= 4, `patch overhead ≤ 4 B per run (page headers included, batch envelope not): worst ${f2(worst(framing))} B; all-in, envelope spread over the runs: worst ${f2(worst((s) => (s.batch_bytes - s.changed_bytes) / s.runs))} B`);
check(worst((s) => s.batch_bytes / s.changed_bytes) <= 1.5, `patch ≤ 1.5 × changed bytes (1-16-byte writes): worst ${f2(worst((s) => s.batch_bytes / s.changed_bytes))}×`);
check(worst((s) => perPage(s, 'marked_s')) <= 3, `diff ≤ 3 µs per changed page: worst ${f2(worst((s) => perPage(s, 'marked_s')))} µs`);
check(worst((s) => perPage(s, 'apply_s')) <= 1.5, `apply ≤ 1.5 µs per changed page: worst ${f2(worst((s) => perPage(s, 'apply_s')))} µs`);
