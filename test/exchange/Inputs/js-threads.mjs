// The host on a channel across threads (test/exchange/js-threads.test): a JS
// subscriber in a Worker sleeps in receiveWait and is woken by the C++
// producer's publish; COUNT messages cross a 64-slot ring C++ -> JS, then
// JS -> C++ (the host's publishes wake the module's memory.atomic.wait32).
import { Worker } from 'node:worker_threads';
import { createSharedMemory, loadModule } from '../../../runtime/js/exchange.mjs';
import { openChannel } from '../../../runtime/js/channel.mjs';
import { PACKET_ID, writePacket } from './js-packet.mjs';

const [producerFile, consumerFile, countArg] = process.argv.slice(2);
const COUNT = Number(countArg);
setTimeout(() => { console.log('timed out'); process.exit(1); }, 120000).unref();
const E = ['ok', 'invalid_argument', 'not_found', 'exists', 'table_full', 'out_of_memory', 'corrupt', 'version_mismatch',
  'type_mismatch', 'too_large', 'full', 'busy', 'no_subscriber_slot', 'empty', 'timeout'];

const shm = createSharedMemory({ maximumPages: 1200, shared: true, heapBase: 0x03010000 });
const p = (await loadModule(shm, producerFile)).exports;
console.log(`producer: ${E[p.open(64, 2048, 0)]}`);
const worker = new Worker(new URL('./js-threads-worker.mjs', import.meta.url), { workerData: { memory: shm.memory } });
worker.on('error', (e) => { console.log(`worker failed: ${e.stack}`); process.exit(1); });
const replies = [];
let waiting = null;
worker.on('message', (m) => { if (waiting) { const w = waiting; waiting = null; w(m); } else replies.push(m); });
const reply = () => new Promise((resolve) => { if (replies.length) resolve(replies.shift()); else waiting = resolve; });
console.log(`JS subscriber (worker): ${(await reply()).open}`);

worker.postMessage({ wait: 50 });
let r = await reply();
console.log(`nothing sent: ${r.got} after ${r.ms >= 45 ? 'at least' : 'less than'} 50 ms`);
worker.postMessage({ wait: 10000 });
await new Promise((resolve) => setTimeout(resolve, 100));
p.send(1n, 100);
r = await reply();
console.log(`asleep in Atomics.wait, woken by the C++ publish: got ${r.got} after ${r.ms >= 90 && r.ms < 5000 ? '~100 ms' : `${r.ms} ms`}`);

worker.postMessage({ many: COUNT, first: 2 });
const s = p.send_many(2n, COUNT, 1500);
r = await reply();
console.log(`C++ -> JS: ${s} sent, ${r.inOrder} received in order, torn ${r.torn}`);

p.close();
worker.postMessage({ consumer: consumerFile });
console.log(`C++ consumer (worker): ${E[(await reply()).open]}`);
const pub = openChannel(shm, 'packets', { structId: PACKET_ID }).publish();
worker.postMessage({ cxx: COUNT, first: 1000000 });
let sizes = 12345, fulls = 0;
for (let i = 0; i < COUNT; ++i) {
  sizes ^= sizes << 13; sizes ^= sizes >>> 17; sizes ^= sizes << 5;
  const size = (sizes >>> 0) % 1501;
  let slot;
  while (!(slot = pub.loan(24 + size))) ++fulls; // the ring is full: the worker is behind
  pub.publish(writePacket(slot, BigInt(1000000 + i), size));
}
r = await reply();
console.log(`JS -> C++: ${COUNT} sent, ${r.got} received in order, torn ${r.bad}`);
console.error(`the JS publisher found the ring full ${fulls} times`);
worker.postMessage({ close: true });
pub.close();
