// The worker of js-threads.mjs: a JS subscriber blocking in receiveWait
// (Atomics.wait on the wake word), then the C++ consumer module blocking in
// receive_wait (memory.atomic.wait32) woken by the host's JS publishes.
import { parentPort, workerData } from 'node:worker_threads';
import { loadModule, openSharedMemory } from '../../../runtime/js/exchange.mjs';
import { openChannel } from '../../../runtime/js/channel.mjs';
import { PACKET_ID, readPacket } from './js-packet.mjs';

const shm = openSharedMemory(workerData.memory);
const sub = openChannel(shm, 'packets', { structId: PACKET_ID }).subscribe();
let consumer = null;
parentPort.postMessage({ open: 'ok' });
parentPort.on('message', async (m) => {
  if (m.wait !== undefined) { // one receiveWait
    const t0 = performance.now();
    const msg = sub.receiveWait(m.wait);
    const pk = msg && readPacket(msg.view());
    msg?.release();
    parentPort.postMessage({ got: pk ? `${pk.seq}${pk.intact ? '' : ' torn'}` : 'null', ms: performance.now() - t0 });
  } else if (m.many !== undefined) { // receive `many` in order from `first`
    let inOrder = 0, torn = 0;
    for (let i = 0; i < m.many; ++i) {
      const msg = sub.receiveWait(10000);
      if (!msg) break;
      const pk = readPacket(msg.view());
      msg.release();
      if (!pk.intact) ++torn;
      if (pk.seq !== BigInt(m.first + i)) break;
      ++inOrder;
    }
    parentPort.postMessage({ inOrder, torn });
  } else if (m.consumer) { // leave; the C++ consumer joins instead
    sub.close();
    consumer = (await loadModule(shm, m.consumer)).exports;
    parentPort.postMessage({ open: consumer.open() });
  } else if (m.cxx !== undefined) {
    const got = consumer.receive_many(BigInt(m.first), m.cxx, 10000);
    parentPort.postMessage({ got: Number(got), bad: Number(consumer.bad()) });
  } else if (m.close) {
    consumer?.close();
    parentPort.close();
  }
});
