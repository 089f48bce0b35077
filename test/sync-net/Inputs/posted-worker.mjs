// A worker_threads peer for posted-peers.mjs: runPeer with the workerData it
// was given, driven by its parent ('start', 'dump', 'close').
import { parentPort, workerData } from 'node:worker_threads';
import { runPeer } from './posted-peer.mjs';

const peer = runPeer(workerData, (m) => parentPort.postMessage(m));
parentPort.on('message', async (m) => {
  if (m.type === 'start') peer.start();
  else if (m.type === 'dump') parentPort.postMessage(peer.dump());
  else if (m.type === 'close') {
    await peer.close();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'joined' });
