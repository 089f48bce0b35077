// The consumer's thread of channel-threads.mjs: loads the consumer module
// into the memory it is sent, joins the channel, then receives what it is
// told to, blocking in the module (memory.atomic.wait32).
import { parentPort, workerData } from 'node:worker_threads';
import { loadModule, openSharedMemory } from '../../../runtime/js/exchange.mjs';

const shm = openSharedMemory(workerData.memory);
const c = (await loadModule(shm, workerData.consumer)).exports;
parentPort.postMessage({ open: c.open() });
parentPort.on('message', ({ first, count, timeoutMs, close }) => {
  if (close) { c.close(); parentPort.close(); return; }
  const t0 = performance.now();
  const got = c.receive_many(BigInt(first), count, timeoutMs);
  parentPort.postMessage({ got: Number(got), bad: Number(c.bad()), lastSize: c.last_size(), ms: performance.now() - t0 });
});
