// The consumer's thread of host.mjs (a worker_threads Worker). It runs one
// phase at a time, as the main thread asks:
//   xchg: the consumer module receives n messages from a channel of the
//         shared memory (polling receive() or blocking receive_wait), in place
//   copy: the JavaScript consumer of the host-copy baseline polls a word of
//         its own memory (another WebAssembly.Memory) and checks the bytes the
//         producer's thread copied there
//   msg:  the next n postMessage messages (transferred or cloned) are taken
//         in the event loop, checked and answered
// Every phase replies {done} with what it measured; latencies are in µs
// from the producer's stamp to the moment the bytes are usable here.
import { parentPort, workerData } from 'node:worker_threads';
import { loadModule, openSharedMemory } from '../../runtime/js/exchange.mjs';

const { memory, consumerFile, copyMemory, copyControl, kinds } = workerData;
const shm = openSharedMemory(memory);
const c = (await loadModule(shm, consumerFile, { imports: { bench: { now: () => performance.now() } } })).exports;
c.set_control(workerData.control, workerData.latencies);
const opened = kinds.map((k) => c.open(k));

// The host-copy baseline's words (copyControl, a SharedArrayBuffer):
// Int32 [0] published, [1] consumed; Float64 from byte 64: t0 per ring slot.
const words = new Int32Array(copyControl);
const stamps = new Float64Array(copyControl, 64);
const PUB = 0, CONS = 1;
const copyBytes = new Uint8Array(copyMemory.buffer);

let phase = null; // the msg phase in progress
function onData(m) {
  const t1Ready = performance.now();
  const bytes = new Uint8Array(m.buf ?? m.u8.buffer);
  const ok = bytes.length === phase.size && bytes[phase.size - 1] === phase.last;
  const t1 = ok ? performance.now() : t1Ready;
  if (!ok) phase.bad++;
  if (phase.lat) phase.lat[phase.i] = (t1 - m.t0) * 1000;
  phase.i++;
  if (m.buf) parentPort.postMessage({ r: m.buf }, [m.buf]);
  else parentPort.postMessage({ r: true });
  if (phase.i === phase.n) {
    const p = phase;
    phase = null;
    parentPort.postMessage({ done: true, lat: p.lat, tEnd: performance.now(), bad: p.bad });
  }
}

parentPort.on('message', (m) => {
  if (m.t0 !== undefined) return onData(m);
  if (m.op === 'xchg') {
    parentPort.postMessage({ ready: true });
    const got = Number(c.run(m.kind, m.n, m.mode, m.expect));
    parentPort.postMessage({ done: true, got });
  } else if (m.op === 'copy') {
    const { n, window, base, stride, size, last, latency } = m;
    const views = Array.from({ length: window }, (_, s) => copyBytes.subarray(base + s * stride, base + s * stride + size));
    const lat = latency ? new Float64Array(n) : null;
    let bad = 0;
    parentPort.postMessage({ ready: true });
    for (let i = 0; i < n; i++) {
      while (Atomics.load(words, PUB) <= i) {}
      const v = views[i % window];
      if (v.length !== size || v[size - 1] !== last) bad++;
      const t1 = performance.now();
      if (lat) lat[i] = (t1 - stamps[i % window]) * 1000;
      Atomics.store(words, CONS, i + 1);
    }
    parentPort.postMessage({ done: true, lat, tEnd: performance.now(), bad });
  } else if (m.op === 'msg') {
    phase = { n: m.n, i: 0, size: m.size, last: m.last, bad: 0, lat: m.latency ? new Float64Array(m.n) : null };
    parentPort.postMessage({ ready: true });
  } else if (m.op === 'gc') {
    globalThis.gc?.();
    parentPort.postMessage({ gc: true });
  } else if (m.op === 'close') {
    parentPort.close();
  }
});
parentPort.postMessage({ opened, clock: calibrate() });

// This thread's performance.now() against process.hrtime (one clock for the
// whole process): the main thread compares it with its own.
function calibrate() {
  let best = Infinity, off = 0;
  for (let i = 0; i < 200; i++) {
    const a = performance.now(), h = process.hrtime.bigint(), b = performance.now();
    if (b - a < best) best = b - a, off = Number(h) / 1e6 - (a + b) / 2;
  }
  return off;
}
