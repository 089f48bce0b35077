// The two designs behind the latency benchmark's RoundPeer (latency-rounds.mjs),
// for Node processes and Chromium pages alike (no Node imports):
//
// * karmem: a distributor (runtime/js/sync.mjs) seen through a wrapper that
//   tells the peer when a scan emitted patches and when a batch was applied;
//   the transport (syncOverNats, syncOverBroadcastChannel) is given the
//   wrapper instead of the distributor (it uses only onDiff, scan and
//   applyPatches).
// * seed: seed-baseline.mjs over a plain WebAssembly.Memory, each scan's
//   patches sent as one JSON text.
import { applyPatches, createMemoryDistributor, destroy, onDiff } from './seed-baseline.mjs';

/** @param {import('../../runtime/js/sync.mjs').Distributor} d */
export function observedDistributor(d, peer) {
  return {
    onDiff: (callback) => d.onDiff((patches) => { peer.emitted(); callback(patches); }),
    scan: (mode) => d.scan(mode),
    applyPatches: (patches) => {
      const n = d.applyPatches(patches);
      peer.applied();
      return n;
    },
  };
}

/**
 * The seed's design as an engine: `send(text)` gets each scan's patches as
 * JSON; `receive(text)` applies a peer's. `payload` counts what was sent.
 */
export function seedEngine({ regionBytes, pageSize, scanInterval, peerId, peer, send }) {
  const memory = new WebAssembly.Memory({ initial: Math.ceil(regionBytes / 65536) });
  const state = createMemoryDistributor(memory, peerId, { pageSize, scanInterval });
  const payload = { bytes: 0, messages: 0 };
  onDiff(state, (patches) => {
    peer.emitted();
    const text = JSON.stringify(patches);
    payload.bytes += text.length; // ASCII: one byte per character
    payload.messages++;
    send(text);
  });
  return {
    state,
    payload,
    bytes: () => new Uint8Array(memory.buffer, 0, regionBytes),
    receive(text) {
      applyPatches(state, JSON.parse(text));
      peer.applied();
    },
    close: () => destroy(state),
  };
}
