// A Worker of exchange-workers.mjs: opens the shared memory it is posted,
// loads its module into it (runtime/js/exchange.mjs, with the built-in WASI
// shim), and runs what it is asked; each call blocks this Worker only.
import { loadModule, openSharedMemory } from '/runtime/js/exchange.mjs';

let mod = null;
self.onmessage = async ({ data }) => {
  try {
    if (data.load) {
      const shm = openSharedMemory(data.memory);
      mod = (await loadModule(shm, data.load, { name: data.role })).exports;
      postMessage({ open: data.role === 'producer' ? mod.open(64, 2048, 0) : mod.open() });
    } else if (data.send) {
      const { first, count, maxSize } = data.send;
      postMessage({ sent: Number(mod.send_many(BigInt(first), count, maxSize)) });
    } else if (data.receive) {
      const { first, count, timeoutMs } = data.receive;
      const got = Number(mod.receive_many(BigInt(first), count, timeoutMs));
      postMessage({ got, bad: Number(mod.bad()) });
    } else if (data.close) {
      mod.close();
      postMessage({ closed: true });
    }
  } catch (e) {
    postMessage({ error: `${e.name}: ${e.message}` });
  }
};
