// One peer of the latency benchmark in a Chromium page (latency-browser.mjs
// drives it): the karmem design (bench-sync-peer.wasm, sync.mjs,
// syncOverBroadcastChannel) or the seed's (seed-baseline.mjs, JSON text on a
// BroadcastChannel). The same messages as latency-nats-peer.mjs, through
// window.benchMessage(message) in and window.benchReport(message) out.
import { createDistributor } from '/runtime/js/sync.mjs';
import { syncOverBroadcastChannel } from '/runtime/js/transports/broadcast-channel.mjs';
import { observedDistributor, seedEngine } from '/bench/sync/latency-engines.mjs';
import { RoundPeer } from '/bench/sync/latency-rounds.mjs';

const now = () => performance.timeOrigin + performance.now();
let peer, index, payload, close;

// The module is a WASI reactor that never does I/O on this path: its
// wasi_snapshot_preview1 imports answer ENOSYS.
async function instantiate() {
  const module = await WebAssembly.compileStreaming(fetch('/peer.wasm'));
  const imports = {};
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    (imports[from] ??= {})[name] = () => 52;
  }
  const instance = await WebAssembly.instantiate(module, imports);
  instance.exports._initialize?.();
  return instance;
}

window.benchStart = async ({ design, index: i, region, regionBytes, pageSize, scanInterval }) => {
  index = i;
  const engine = { bytes: null };
  peer = new RoundPeer({ engine, regionBytes, pageSize, now, report: (m) => window.benchReport(m) });
  if (design === 'karmem') {
    const d = createDistributor(await instantiate(), i + 1, { size: regionBytes, pageSize, scanInterval });
    engine.bytes = () => d.bytes();
    const link = syncOverBroadcastChannel(observedDistributor(d, peer), { region });
    payload = () => ({ bytes: link.stats.bytesSent, messages: link.stats.patchesSent });
    close = () => link.close();
  } else {
    const channel = new BroadcastChannel(`seed.${region}`);
    const seed = seedEngine({ regionBytes, pageSize, scanInterval, peerId: `peer-${i + 1}`, peer, send: (t) => channel.postMessage(t) });
    channel.onmessage = (e) => seed.receive(e.data);
    engine.bytes = seed.bytes;
    payload = () => seed.payload;
    close = () => { seed.close(); channel.close(); };
  }
};

window.benchMessage = (m) => {
  if (m.type === 'prepare') {
    window.benchReport({ type: 'prepared', round: m.round, ...peer.prepare({ ...m, self: index }) });
  } else if (m.type === 'write') {
    peer.write();
  } else if (m.type === 'counters') {
    const p = payload();
    window.benchReport({ type: 'counters', payloadBytes: p.bytes, payloadMessages: p.messages });
  } else if (m.type === 'identical') {
    window.benchReport({ type: 'identical', ok: peer.identical() });
  }
};

window.benchClose = async () => { await close?.(); };

// The pages' clocks against page 1's: page 1 pings, the others answer with
// their time; per page the offset of the reply with the shortest round trip
// (its error is at most half that round trip).
const SKEW_CHANNEL = 'bench.clock';
window.benchClockAnswer = () => {
  const channel = new BroadcastChannel(SKEW_CHANNEL);
  channel.onmessage = (e) => { if (e.data.ping !== undefined) channel.postMessage({ pong: e.data.ping, from: index, t: now() }); };
};
window.benchClockProbe = async (answering, samples) => {
  const channel = new BroadcastChannel(SKEW_CHANNEL);
  const best = {};
  for (let s = 0; s < samples; s++) {
    const t0 = now();
    const replies = await new Promise((resolve) => {
      const got = {};
      channel.onmessage = (e) => {
        if (e.data.pong !== s) return;
        got[e.data.from] = { t: e.data.t, t1: now() };
        if (Object.keys(got).length === answering) resolve(got);
      };
      channel.postMessage({ ping: s });
    });
    for (const [from, { t, t1 }] of Object.entries(replies)) {
      const roundTrip = t1 - t0;
      if (!best[from] || roundTrip < best[from].roundTripMs) best[from] = { roundTripMs: roundTrip, offsetMs: t - (t0 + t1) / 2 };
    }
  }
  channel.close();
  return best;
};
