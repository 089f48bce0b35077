// The page's main thread: creates the shared memory with runtime/js/exchange.mjs,
// starts two module Workers and posts the memory to both. The producer Worker
// loads producer.wasm and creates the channel "packets"; the consumer Worker
// loads consumer.wasm and subscribes. Then the consumer blocks in receive_wait
// (memory.atomic.wait32, allowed in a Worker) while the producer publishes
// COUNT messages of random sizes (0-1500 bytes, a checksum each); the consumer
// checks that each arrives once, in order and intact. The main thread never
// runs a module or copies a message: it only reads the region table.
// Everything is written into #result, whose data-state becomes "done" (or
// "error", with the ExchangeError's code when there is one).
import { createSharedMemory, listModules, listRegions } from '/runtime/js/exchange.mjs';

const out = document.getElementById('result');
const lines = [];
const say = (line) => { lines.push(line); console.log(line); out.textContent = lines.join('\n'); };
const end = (state) => { out.dataset.state = state; };
const params = new URLSearchParams(location.search);
const COUNT = Number(params.get('count') ?? 20000);
const E = ['ok', 'invalid_argument', 'not_found', 'exists', 'table_full', 'out_of_memory', 'corrupt', 'version_mismatch',
  'type_mismatch', 'too_large', 'full', 'busy', 'no_subscriber_slot', 'empty', 'timeout'];
const said = (r) => (r < 0 ? E[-r] ?? `error ${-r}` : `${r}`);
const wasm = (name) => new URL(`/wasm/${name}`, location.href).href;

// A Worker and a way to await its next reply; a failure in it rejects.
function start(role) {
  const worker = new Worker(new URL('./exchange-worker.mjs', import.meta.url), { type: 'module', name: role });
  const replies = [], waiters = [];
  let failure = null;
  const settle = () => {
    while (waiters.length && (replies.length || failure)) {
      const w = waiters.shift();
      if (replies.length) w.resolve(replies.shift()); else w.reject(failure);
    }
  };
  worker.onmessage = ({ data }) => {
    if (data.error) failure = new Error(`${role} Worker: ${data.error}`); else replies.push(data);
    settle();
  };
  worker.onerror = (e) => { failure = new Error(`${role} Worker: ${e.message || 'failed to start'}`); settle(); };
  const reply = () => new Promise((resolve, reject) => { waiters.push({ resolve, reject }); settle(); });
  return { worker, reply, ask: (msg) => { worker.postMessage(msg); return reply(); } };
}

try {
  say(`crossOriginIsolated: ${globalThis.crossOriginIsolated}`);
  const shm = createSharedMemory({ maximumPages: 1200, shared: true, heapBase: 0x03010000 });
  say(`shared memory: ${shm.shared}, ${shm.byteLength} bytes`);

  const producer = start('producer');
  let r = await producer.ask({ memory: shm.memory, load: wasm('producer.wasm'), role: 'producer' });
  say(`producer (worker): ${E[r.open]}`);
  const consumer = start('consumer');
  r = await consumer.ask({ memory: shm.memory, load: wasm('consumer.wasm'), role: 'consumer' });
  say(`consumer (worker): ${E[r.open]}`);
  const mods = listModules(shm), regions = listRegions(shm);
  say(`modules: ${mods.length}, all linked THREADS: ${mods.every((m) => m.threads)}`);
  say(`regions: ${regions.map((g) => `${g.name} (${g.kind === 2 ? 'channel' : 'raw'})`).join(', ')}`);

  const t0 = performance.now();
  const received = consumer.ask({ receive: { first: 1, count: COUNT, timeoutMs: 10000 } });
  const sent = producer.ask({ send: { first: 1, count: COUNT, maxSize: 1500 } });
  const [s, g] = await Promise.all([sent, received]);
  const ms = performance.now() - t0;
  say(`sent: ${said(s.sent)}`);
  say(`received: ${said(g.got)} in order, torn ${g.bad}`);
  console.log(`${COUNT} messages in ${ms.toFixed(0)} ms (${(COUNT / ms * 1000).toFixed(0)} msg/s)`);
  await Promise.all([producer.ask({ close: true }), consumer.ask({ close: true })]);
  producer.worker.terminate();
  consumer.worker.terminate();
  end(s.sent === COUNT && g.got === COUNT && g.bad === 0 ? 'done' : 'error');
} catch (e) {
  say(`error: ${e.name}: ${e.message}`);
  end('error');
}
