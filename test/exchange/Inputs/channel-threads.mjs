// Two threads, one shared memory: the producer module on Node's main thread,
// the consumer module in a worker_threads Worker, both linked THREADS. The
// consumer blocks in receive_wait (memory.atomic.wait32) and is woken by the
// publish (memory.atomic.notify); a stress run sends COUNT messages of random
// sizes, each with a checksum, and the consumer checks that every one arrives
// once, in order, intact.
import { Worker } from 'node:worker_threads';
import { createSharedMemory, loadModule } from '../../../runtime/js/exchange.mjs';

const [producerFile, consumerFile, countArg] = process.argv.slice(2);
const COUNT = Number(countArg);
setTimeout(() => { console.log('timed out'); process.exit(1); }, 120000).unref();
const E = ['ok', 'invalid_argument', 'not_found', 'exists', 'table_full', 'out_of_memory', 'corrupt', 'version_mismatch',
  'type_mismatch', 'too_large', 'full', 'busy', 'no_subscriber_slot', 'empty', 'timeout'];
const said = (r) => (r < 0 ? E[-r] : `${r}`);

const shm = createSharedMemory({ maximumPages: 1200, shared: true, heapBase: 0x03010000 });
const p = (await loadModule(shm, producerFile)).exports;
console.log(`producer: ${E[p.open(64, 2048, 0)]}`);
const worker = new Worker(new URL('./channel-threads-worker.mjs', import.meta.url), { workerData: { memory: shm.memory, consumer: consumerFile } });
worker.on('error', (e) => { console.log(`worker failed: ${e.stack}`); process.exit(1); });
const replies = [];
let waiting = null;
worker.on('message', (m) => { if (waiting) { const w = waiting; waiting = null; w(m); } else replies.push(m); });
const reply = () => new Promise((resolve) => { if (replies.length) resolve(replies.shift()); else waiting = resolve; });
console.log(`consumer (worker): ${E[(await reply()).open]}`);

// 1. Nothing published: the blocking receive gives up after its timeout.
worker.postMessage({ first: 1, count: 1, timeoutMs: 50 });
let r = await reply();
console.log(`nothing sent: ${said(r.got)} after ${r.ms >= 45 ? 'at least' : 'less than'} 50 ms`);

// 2. The consumer is asleep when the message comes: the publish wakes it.
worker.postMessage({ first: 1, count: 1, timeoutMs: 10000 });
await new Promise((resolve) => setTimeout(resolve, 100));
const sent = p.send(1n, 100);
r = await reply();
console.log(`woken by a publish: ${sent > 0n ? 'sent' : said(Number(sent))}, received ${said(r.got)}, torn ${r.bad}`);

// 3. The stress run, two threads at full speed on a 64-slot ring.
worker.postMessage({ first: 2, count: COUNT, timeoutMs: 10000 });
const t0 = performance.now();
const s = p.send_many(2n, COUNT, 1500);
r = await reply();
const ms = performance.now() - t0;
console.log(`stress: ${said(Number(s))} sent, ${said(r.got)} received in order, torn ${r.bad}`);
console.error(`stress: ${COUNT} messages in ${ms.toFixed(0)} ms (${(COUNT / ms * 1000).toFixed(0)} msg/s)`);
worker.postMessage({ close: true });
p.close();
