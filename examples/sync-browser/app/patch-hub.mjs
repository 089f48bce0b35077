// One distributor, several links (BroadcastChannel, NATS).
//
// Each link (runtime/js/transports) gets its own view of the distributor
// through view(): the view's scan() — which a link calls to publish local
// writes before it applies a peer's, and when it closes — hands what it found
// to every other open link as well, so no batch leaves over one transport
// only. A patch that arrives over both transports is applied once: the
// runtime skips a batch it already holds (d.skippedPatches).
//
// Automatic scans run only while at least one link is open: a tab that goes
// offline keeps its edits unscanned, and its first scan back online carries
// all of them.

export class PatchHub {
  /**
   * @param {import('/runtime/js/sync.mjs').Distributor} d
   * @param {{ onChange?: () => void }} [options] onChange: the region's bytes may have changed
   */
  constructor(d, { onChange } = {}) {
    this.d = d;
    this.onChange = onChange ?? (() => {});
    /** @type {Set<(patches: Uint8Array[]) => void>} the open links' senders */
    this._senders = new Set();
    this._stopTimer = null;
  }

  /** A distributor for one link (syncOverBroadcastChannel(hub.view(), ...)). */
  view() {
    const hub = this;
    let sender = null;
    return {
      onDiff(callback) {
        sender = callback;
        hub._senders.add(sender);
        if (hub._stopTimer === null) hub._stopTimer = hub.d.onDiff((patches) => hub._send(patches, null));
        return () => {
          hub._senders.delete(sender);
          if (hub._senders.size === 0 && hub._stopTimer !== null) {
            hub._stopTimer();
            hub._stopTimer = null;
          }
        };
      },
      scan: () => hub._scan(sender),
      applyPatches(patches) {
        try {
          return hub.d.applyPatches(patches);
        } finally {
          hub.onChange(); // also when some were rejected: the others were applied
        }
      },
    };
  }

  /** Publishes local writes not scanned yet over every open link. */
  flush() {
    this._scan(null);
  }

  /** Scans now; the batch goes to every open link but `except`, which gets it back. */
  _scan(except) {
    const patches = this.d.scan();
    if (patches.length) this._send(patches, except);
    return patches;
  }

  _send(patches, except) {
    for (const send of this._senders) if (send !== except) send(patches);
  }
}
