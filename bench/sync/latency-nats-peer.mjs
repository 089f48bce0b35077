// One peer of the latency benchmark over NATS (forked by latency.mjs), a
// Node process of its own: the karmem design (a wasm32 module, sync.mjs and
// syncOverNats) or the seed's (seed-baseline.mjs, JSON through a JetStream
// stream the coordinator created), on one NATS connection whose client-side
// counters give the bytes this peer published to the broker.
//
// IPC in:  { type: 'prepare', round, fraction, writer } → { type: 'prepared', round, bytes, pages }
//          { type: 'write' }  (the writer only) → { type: 'wrote', round, t }
//          { type: 'counters' } → { type: 'counters', outBytes, outMsgs, payloadBytes, payloadMessages }
//          { type: 'identical' } → { type: 'identical', ok }
//          { type: 'close' }
// IPC out: { type: 'ready' }, { type: 'emitted', round, t }, { type: 'converged', round, t }
//
// Times are process.hrtime (CLOCK_MONOTONIC), the same clock in every
// process of the machine, in ms.
//
// Usage (forked): latency-nats-peer.mjs design wasm servers index regionBytes pageSize scanInterval region
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { WASI } from 'node:wasi';
import * as nats from 'nats';
import { createDistributor } from '../../runtime/js/sync.mjs';
import { syncOverNats } from '../../runtime/js/transports/nats.mjs';
import { observedDistributor, seedEngine } from './latency-engines.mjs';
import { RoundPeer } from './latency-rounds.mjs';

const [design, wasm, servers, indexArg, regionArg, pageArg, intervalArg, region] = process.argv.slice(2);
const index = Number(indexArg), regionBytes = Number(regionArg), pageSize = Number(pageArg);
const scanInterval = Number(intervalArg);
process.on('disconnect', () => process.exit(2));

const now = () => Number(process.hrtime.bigint()) / 1e6;
const report = (m) => process.send(m);
const engine = { bytes: null };
const peer = new RoundPeer({ engine, regionBytes, pageSize, now, report });
const nc = await nats.connect({ servers, name: `latency ${design} ${index}` });
let payload, close;

if (design === 'karmem') {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), wasi.getImportObject());
  wasi.initialize(instance);
  const d = createDistributor(instance, index + 1, { size: regionBytes, pageSize, scanInterval });
  engine.bytes = () => d.bytes();
  const link = await syncOverNats(observedDistributor(d, peer), {
    client: nats, connection: nc, region,
    onError: (e) => { console.error(`peer ${index}: ${e.message}`); process.exit(1); },
  });
  payload = () => ({ bytes: link.stats.bytesSent, messages: link.stats.patchesSent });
  close = () => link.close();
} else if (design === 'seed') {
  const js = nc.jetstream();
  const subject = `seed.${region}`;
  let sending = Promise.resolve();
  const seed = seedEngine({
    regionBytes, pageSize, scanInterval, peerId: `peer-${index + 1}`, peer,
    // One publish at a time, each acknowledged, like syncOverNats's outbox.
    send: (text) => { sending = sending.then(() => js.publish(subject, text)); },
  });
  engine.bytes = seed.bytes;
  const consumer = await js.consumers.get(`SEED_${region}`, { filterSubjects: subject });
  const messages = await consumer.consume();
  (async () => { for await (const m of messages) seed.receive(m.string()); })();
  payload = () => seed.payload;
  close = async () => { seed.close(); await sending; messages.stop(); };
} else {
  throw new Error(`unknown design ${design}`);
}

process.on('message', async (m) => {
  if (m.type === 'prepare') {
    report({ type: 'prepared', round: m.round, ...peer.prepare({ ...m, self: index }) });
  } else if (m.type === 'write') {
    peer.write();
  } else if (m.type === 'counters') {
    const s = nc.stats();
    const p = payload();
    report({ type: 'counters', outBytes: s.outBytes, outMsgs: s.outMsgs, payloadBytes: p.bytes, payloadMessages: p.messages });
  } else if (m.type === 'identical') {
    report({ type: 'identical', ok: peer.identical() });
  } else if (m.type === 'close') {
    await close();
    await nc.close();
    process.exit(0);
  }
});
report({ type: 'ready' });
