// A group of 3 peers for latency-driver.mjs: Node processes
// (latency-nats-peer.mjs) synced through a nats-server with JetStream on a
// loopback port (test/tools/nats-server.mjs starts it). Each configuration
// gets a region (and for the seed a stream) of its own.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nats from 'nats';

const here = path.dirname(fileURLToPath(import.meta.url));
const PEERS = 3;

/**
 * @param {{ url: string }} server
 * @param {{ design: 'karmem'|'seed', wasm: string, region: string, regionBytes: number,
 *           pageSize: number, scanInterval: number }} o
 * @param {import('./latency-driver.mjs').Inbox} inbox
 */
export async function natsGroup(server, o, inbox) {
  if (o.design === 'seed') {
    const nc = await nats.connect({ servers: server.url });
    await (await nc.jetstreamManager()).streams.add({ name: `SEED_${o.region}`, subjects: [`seed.${o.region}`], storage: 'file' });
    await nc.close();
  }
  const children = [];
  const failed = new Promise((_, reject) => {
    for (let i = 0; i < PEERS; i++) {
      const child = fork(path.join(here, 'latency-nats-peer.mjs'),
        [o.design, o.wasm, server.url, String(i), String(o.regionBytes), String(o.pageSize), String(o.scanInterval), o.region],
        { execArgv: ['--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('message', (m) => inbox.put(i, m));
      child.on('exit', (code, signal) => {
        if (!child.closing) reject(new Error(`${o.design} peer ${i + 1} exited (${code ?? signal})`));
      });
      children.push(child);
    }
  });
  failed.catch(() => {});
  await Promise.race([Promise.all(children.map((_, i) => inbox.take(i, 'ready', '', 30_000))), failed]);
  return {
    peers: PEERS,
    failed,
    send: (i, m) => children[i].send(m),
    async close() {
      await Promise.all(children.map((c) => new Promise((resolve) => {
        c.closing = true;
        if (c.exitCode !== null) return resolve();
        c.once('exit', resolve);
        c.send({ type: 'close' });
      })));
    },
  };
}
