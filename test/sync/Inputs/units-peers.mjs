// The units option of runtime/js/sync.mjs end to end, on wasm32 instances:
//  1. argument checks: a units value of the wrong shape is a TypeError, one
//     outside its rules a SyncError invalid_argument, and no distributor is made;
//  2. records that cross a page boundary: a one-byte change sends the whole
//     record (scanStats().bytesSent), concurrent changes to its two halves end
//     as one peer's record on both;
//  3. a patch from a region with other units (or per run) is rejected as
//     unit_mismatch and changes nothing;
//  4. random convergence: 2-4 peers rewrite small self-checking records
//     ([length L, L bytes of one value, their sum], the rest zero, so a rewrite
//     shifts the layout), with delivery in random order, duplicates, drops and
//     resends. With units the regions end identical and every record intact;
//     the same schedules with units 'bytes' must tear some records (or the
//     check would prove nothing).
//
// Usage: node units-peers.mjs module.wasm [schedules]
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';
import { createDistributor, SyncError, PatchesRejected } from '../../../runtime/js/sync.mjs';

const [path, countArg = '60'] = process.argv.slice(2);
// Synchronous compile and instantiation (see random-peers.mjs: Node 20 can
// deadlock on the asynchronous ones).
const module = new WebAssembly.Module(await readFile(path));
const fail = (msg) => { console.log(`FAIL: ${msg}`); process.exit(1); };

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

// 1. Argument checks.
{
  const inst = instance();
  const cases = [
    [5, TypeError], [null, TypeError], [{ record: 'a' }, TypeError], [{ record: 8, size: 2 }, TypeError],
    [[[0, 8], 9], TypeError], ['records', SyncError], [{ record: 0 }, SyncError], [{ record: 8, offset: -1 }, SyncError],
    [{ record: 8, count: 10000 }, SyncError], [[[8, 4]], SyncError], [[[0, 10], [5, 20]], SyncError],
    [[[0, 70000]], SyncError], [{ record: 1.5 }, SyncError],
  ];
  const before = inst.exports.memory.buffer.byteLength;
  for (const [units, type] of cases) {
    let error = null;
    try {
      createDistributor(inst, 1, { pageSize: 1024, size: 8192, units });
    } catch (e) {
      error = e;
    }
    if (!(error instanceof type) || (type === SyncError && error.errorName !== 'invalid_argument')) {
      fail(`units ${JSON.stringify(units)}: expected ${type.name}, got ${error}`);
    }
  }
  if (inst.exports.memory.buffer.byteLength !== before) fail('a refused create grew the memory');
  console.log(`arguments: ${cases.length} bad units values refused`);
}

function pair(units, pageSize = 1024, size = 4096) {
  return [1, 2].map((id) => {
    const inst = instance();
    return { inst, d: createDistributor(inst, id, { pageSize, size, scanInterval: 0, units }) };
  });
}

// 2. A record across pages 0 and 1.
{
  const units = { record: 100, offset: 960, count: 10 };
  for (const order of [0, 1]) {
    const [a, b] = pair(units);
    a.d.bytes()[1000] = 0xA1;
    b.d.bytes()[1050] = 0xB2;
    const pa = a.d.scan(), pb = b.d.scan();
    const sent = a.d.scanStats().bytesSent;
    if (sent !== 100) fail(`a one-byte change in a 100-byte record sent ${sent} bytes`);
    if (order === 0) { a.d.applyPatches(pb); b.d.applyPatches(pa); } else { b.d.applyPatches([...pa, ...pa]); a.d.applyPatches(pb); }
    const x = a.d.bytes(), y = b.d.bytes();
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) fail(`order ${order}: byte ${i} differs`);
    if (x[1000] !== 0 || x[1050] !== 0xB2) fail(`order ${order}: record 0 is not peer 2's`);
  }
  console.log('crossing record: 100 bytes sent for 1 changed; both orders hold peer 2\'s record');
}

// 3. Mismatched units.
{
  for (const [mine, theirs] of [['bytes', 'region'], ['region', 'bytes'], [[[0, 64]], [[0, 32]]]]) {
    const [a] = pair(mine), [, b] = pair(theirs);
    b.d.bytes()[10] = 1;
    const before = a.d.bytes().slice();
    let error = null;
    try {
      a.d.applyPatches(b.d.scan());
    } catch (e) {
      error = e;
    }
    if (!(error instanceof PatchesRejected) || error.rejected[0].error.errorName !== 'unit_mismatch') {
      fail(`${JSON.stringify(theirs)} into ${JSON.stringify(mine)}: ${error}`);
    }
    const after = a.d.bytes();
    for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) fail('a rejected patch changed the region');
    if (Object.keys(a.d.vectorClock()).length !== 0) fail('a rejected patch changed the clock');
  }
  console.log('mismatch: 3 patches with other units rejected as unit_mismatch, nothing changed');
}

// 4. Random convergence of self-checking records.
const RECORD = 24;
function intact(bytes, r) {
  const rec = bytes.subarray(r * RECORD, (r + 1) * RECORD);
  const len = rec[0];
  if (len === 0) return rec.every((v) => v === 0); // never written
  if (len > RECORD - 2) return false;
  let sum = len;
  for (let i = 1; i <= len; i++) { if (rec[i] !== rec[1]) return false; sum += rec[i]; }
  if (rec[len + 1] !== (sum & 255)) return false;
  for (let i = len + 2; i < RECORD; i++) if (rec[i] !== 0) return false;
  return true;
}

function schedule(seed, units, totals) {
  const r = rng(seed);
  const pageSize = [1024, 2048][r(2)];
  const size = pageSize * (1 + r(3));
  const records = Math.floor(size / RECORD);
  const n = 2 + r(3);
  const peers = [];
  for (let i = 0; i < n; i++) {
    const inst = instance();
    const u = units === 'bytes' ? 'bytes' : { record: RECORD, count: records };
    peers.push({ d: createDistributor(inst, 10 * i + r(10), { pageSize, size, scanInterval: 0, units: u }), inbox: [], dropped: [] });
  }
  const hot = r(records - 2);
  const write = (p) => {
    const view = p.d.bytes();
    const rec = r(3) === 0 ? hot + r(2) : r(records);
    const len = 1 + r(RECORD - 2), v = 1 + r(255);
    const at = rec * RECORD;
    view.fill(0, at, at + RECORD);
    view[at] = len;
    view.fill(v, at + 1, at + 1 + len);
    view[at + len + 1] = (len + len * v) & 255;
  };
  const log = [];
  const scan = (p) => {
    for (const patch of p.d.scan()) {
      log.push(patch);
      for (const q of peers) if (q !== p) (r(10) === 0 ? q.dropped : q.inbox).push(patch);
    }
  };
  const deliver = (p) => {
    if (p.inbox.length === 0) return;
    const k = r(p.inbox.length);
    const patch = p.inbox[k];
    if (r(6) !== 0) p.inbox.splice(k, 1); // otherwise delivered again later
    p.d.applyPatches([patch]);
  };
  for (let step = 0, steps = 20 + r(60); step < steps; step++) {
    const p = peers[r(n)];
    const what = r(100);
    if (what < 40) write(p);
    else if (what < 65) scan(p);
    else if (what < 95) deliver(p);
    else { p.inbox.push(...p.dropped); p.dropped = []; }
  }
  for (let round = 0; ; round++) {
    if (round > 10) fail(`seed ${seed}: no quiescence`);
    const before = log.length;
    for (const p of peers) scan(p);
    for (const p of peers) { p.inbox.push(...p.dropped); p.dropped = []; }
    for (let busy; (busy = peers.filter((p) => p.inbox.length)).length;) deliver(busy[r(busy.length)]);
    if (log.length === before) break;
  }
  const ref = peers[0].d.bytes(), clock = JSON.stringify(peers[0].d.vectorClock());
  for (const p of peers) {
    const b = p.d.bytes();
    for (let i = 0; i < b.length; i++) if (b[i] !== ref[i]) fail(`seed ${seed} (${units}): byte ${i} differs`);
    if (JSON.stringify(p.d.vectorClock()) !== clock) fail(`seed ${seed}: clocks differ`);
  }
  for (let rec = 0; rec < records; rec++) if (!intact(ref, rec)) totals.torn++;
  for (const p of peers) p.d.destroy();
  totals.patches += log.length;
}

const count = Number(countArg);
const withUnits = { patches: 0, torn: 0 }, perRun = { patches: 0, torn: 0 };
for (let s = 1; s <= count; s++) {
  schedule(s, 'records', withUnits);
  schedule(s, 'bytes', perRun);
}
if (withUnits.torn !== 0) fail(`${withUnits.torn} records torn with units`);
if (perRun.torn === 0) fail('per-run merging tore no record: the schedules do not exercise concurrent rewrites');
console.log(`random: ${count} schedules converged; records: ${withUnits.patches} patches, no record torn; ` +
            `bytes: every region identical too, but ${perRun.torn} records torn`);
