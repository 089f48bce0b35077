// The Worker of one observer: loads its module into the shared memory it is
// sent, joins the channel, then observes the ticks it is told to.
import { parentPort, workerData } from 'node:worker_threads';
import { loadModule, openSharedMemory } from '../../runtime/js/exchange.mjs';

const shm = openSharedMemory(workerData.memory);
const o = (await loadModule(shm, workerData.module)).exports;
parentPort.postMessage({ joined: o.join() });
parentPort.once('message', ({ ticks }) => {
  const t0 = performance.now();
  const observed = o.observe(ticks);
  parentPort.postMessage({ observed, seen: o.seen(), firstAddress: o.first_address(), ms: performance.now() - t0 });
});
