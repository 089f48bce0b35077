// The exchange demo: three separately compiled wasm32 modules share one
// memory. The world module simulates 1000 monsters on this thread and
// publishes the whole state (1.5 MB) every tick; two observer modules, each
// on its own Worker, read every tick in place and compute its figures. The
// host moves no message byte: it only compares, at the end, the figures each
// side left in the shared memory. Exit code 1 if any disagree.
//
// Usage: node host.mjs world.wasm observer-a.wasm observer-b.wasm [ticks]
import { Worker } from 'node:worker_threads';
import { createSharedMemory, findRegion, loadModule } from '../../runtime/js/exchange.mjs';

const [worldFile, observerA, observerB, ticksArg] = process.argv.slice(2);
const ticks = Number(ticksArg ?? 60);
const errors = ['ok', 'invalid_argument', 'not_found', 'exists', 'table_full', 'out_of_memory', 'corrupt', 'version_mismatch',
  'type_mismatch', 'too_large', 'full', 'busy', 'no_subscriber_slot', 'empty', 'timeout'];
const check = (what, code) => { if (code < 0 || (what !== 'run' && code > 0)) throw new Error(`${what}: ${errors[Math.abs(code)]}`); return code; };
setTimeout(() => { console.log('timed out'); process.exit(1); }, 60000).unref();

// Modules in slots 1-3 of the memory map end at 0x04010000: regions go there.
const shm = createSharedMemory({ maximumPages: 1200, shared: true, heapBase: 0x04010000 });
const world = (await loadModule(shm, worldFile)).exports;
check('world start', world.start());

function startObserver(name, file) {
  const w = new Worker(new URL('./observer-worker.mjs', import.meta.url), { workerData: { memory: shm.memory, module: file } });
  const inbox = [];
  let waiting = null;
  w.on('message', (m) => (waiting ? (waiting(m), (waiting = null)) : inbox.push(m)));
  w.on('error', (e) => { console.log(`${name} failed: ${e.stack}`); process.exit(1); });
  const next = () => new Promise((resolve) => (inbox.length ? resolve(inbox.shift()) : (waiting = resolve)));
  return { name, worker: w, next };
}
const observers = [startObserver('observer A', observerA), startObserver('observer B', observerB)];
for (const o of observers) check(`${o.name} join`, (await o.next()).joined);

const done = observers.map((o) => { o.worker.postMessage({ ticks }); return o.next(); });
const t0 = performance.now();
check('run', world.run(ticks));
const ms = performance.now() - t0;
const results = await Promise.all(done);
for (const o of observers) o.worker.terminate();

// GameSums (examples/game/sums.h) in wasm32: 4 × u32, u64, i64, f64 = 40 bytes.
const dv = shm.view();
const sumsAt = (p, t) => {
  const a = p + 40 * t;
  return [dv.getUint32(a, true), dv.getUint32(a + 4, true), dv.getUint32(a + 8, true), dv.getUint32(a + 12, true),
    dv.getBigUint64(a + 16, true), dv.getBigInt64(a + 24, true), dv.getFloat64(a + 32, true)];
};
const names = ['monsters', 'alive', 'path_points', 'name_bytes', 'inventory_sum', 'damage_sum', 'path_sum'];
const channel = findRegion(shm, 'world');
console.log(`world: ${ticks} ticks of 1000 monsters, ${world.message_size()} bytes each, published in place on channel 'world' ` +
  `(${channel.size} bytes at 0x${channel.offset.toString(16)}) in ${ms.toFixed(0)} ms`);
let agree = true;
for (const [i, o] of observers.entries()) {
  const r = results[i];
  check(`${o.name} observe`, r.observed < 0 ? r.observed : 0);
  let same = 0;
  for (let t = 0; t < ticks; ++t) same += sumsAt(world.expected(), t).every((v, k) => v === sumsAt(r.seen, t)[k]) ? 1 : 0;
  const inPlace = r.firstAddress >= channel.offset && r.firstAddress < channel.offset + channel.size;
  agree &&= same === ticks && r.observed === ticks && inPlace;
  console.log(`${o.name} (its own Worker): read ${r.observed} ticks in place (in the channel: ${inPlace}), ` +
    `${same} of ${ticks} agree with the world's own figures`);
}
const last = sumsAt(world.expected(), ticks - 1);
console.log(`tick ${ticks - 1}: ${names.map((n, k) => `${n} ${last[k]}`).join(', ')}`);
console.log(agree ? 'the world and both observers agree on every tick; the host copied 0 message bytes' : 'the sides DISAGREE');
if (!agree) process.exitCode = 1;
