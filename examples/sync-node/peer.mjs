// One peer of examples/sync-node (started by run.mjs, a process of its own):
// loads particles.wasm, syncs its world region through NATS (syncOverNats:
// a JetStream stream per region, replayed on join), and makes one step of
// its own particles each time run.mjs says 'tick'. Messages over the fork
// IPC channel:
//   in:  { type: 'tick' }     step once; answers { type: 'ticked', steps, bytesSent, patchesSent }
//        { type: 'digest' }   answers { type: 'digest', sha256, steps: [...] }
//        { type: 'close' }    publishes what is left, disconnects, exits 0
//   out: { type: 'joined', ms, replayed, steps, regionBytes, snapshots, snapshotsApplied }  caught up (after the stream replay)
//
// Usage (forked): peer.mjs particles.wasm nats://host:port peerIndex peers region
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { WASI } from 'node:wasi';
import * as nats from 'nats';
import { createDistributor } from '../../runtime/js/sync.mjs';
import { syncOverNats } from '../../runtime/js/transports/nats.mjs';

const [wasm, servers, indexArg, peersArg, region] = process.argv.slice(2);
const index = Number(indexArg), peers = Number(peersArg);
const SCAN_INTERVAL_MS = 25;
const started = performance.now();
process.on('disconnect', () => process.exit(2)); // run.mjs went away

// Synchronous instantiation: the asynchronous one can stall Node 20 when
// nothing else is pending (test/sync/Inputs/two-modules.mjs).
const wasi = new WASI({ version: 'preview1', args: [], env: {} });
const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), wasi.getImportObject());
wasi.initialize(instance);
const app = instance.exports;
const base = app.particles_init(peers) >>> 0;
if (base === 0) throw new Error(`particles_init(${peers}) failed`);

// Peer ids are 1-based and unique; every peer starts from the same seeded world.
const d = createDistributor(instance, index + 1, {
  base, size: app.particles_region_size(), pageSize: app.particles_page_size(), scanInterval: SCAN_INTERVAL_MS,
});
// Where the runtime has snapshots (d.snapshot / d.applySnapshot), the link
// stores one every SNAPSHOT_EVERY stream messages and a joiner starts from
// the latest, then replays only the stream after it.
const SNAPSHOT_EVERY = 16;
const link = await syncOverNats(d, {
  client: nats, servers, region, snapshots: { every: SNAPSHOT_EVERY },
  onError: (e) => { console.error(`peer ${index + 1}: ${e.message}`); process.exit(1); },
});
const steps = () => Array.from({ length: peers }, (_, p) => app.particles_steps(p));
process.send({
  type: 'joined', ms: performance.now() - started, replayed: link.stats.patchesReceived, steps: steps(),
  regionBytes: d.region.size, snapshots: typeof d.snapshot === 'function', snapshotsApplied: link.stats.snapshotsApplied ?? 0,
});

process.on('message', async (m) => {
  if (m.type === 'tick') {
    app.particles_step(index);
    const { bytesSent, patchesSent } = link.stats;
    process.send({ type: 'ticked', steps: app.particles_steps(index), bytesSent, patchesSent });
  } else if (m.type === 'digest') {
    const sha256 = createHash('sha256').update(d.bytes()).digest('hex');
    process.send({ type: 'digest', sha256, steps: steps() });
  } else if (m.type === 'close') {
    await link.close();
    d.destroy();
    process.exit(0);
  }
});
