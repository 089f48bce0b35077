// One distributor, several links (BroadcastChannel, NATS) and the history a
// late tab catches up from (catch-up.mjs).
//
// Each link (runtime/js/transports) gets its own view of the distributor
// through view(): the view's scan() — which a link calls to publish local
// writes before it applies a peer's, and when it closes — hands what it found
// to every other link as well, so no batch leaves over one transport only;
// its applyPatches() records what it applied. Every scan's batches and every
// applied patch go into the history, once (a patch that arrives over two
// transports, or from two peers' histories, is applied once).
//
// Automatic scans run only while at least one link is open: a tab that goes
// offline keeps its edits unscanned, and its first scan back online carries
// all of them.
import { PatchesRejected } from '/runtime/js/sync.mjs';

// The history is every patch this tab has seen; a joining tab is sent all of
// it. Bounded so that a long session cannot take the tab's memory (and a
// history message stays a size BroadcastChannel posts in one piece): past
// the bound the history stops growing, is marked incomplete, and a tab that
// catches up from it is told so (catch-up.mjs). At ~40 bytes a click this
// is over 100,000 edits.
export const MAX_HISTORY_BYTES = 8 * 1024 * 1024;

/** FNV-1a (32 bits) of a patch: the history's index key. */
function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class PatchHub {
  /**
   * @param {import('/runtime/js/sync.mjs').Distributor} d
   * @param {{ onChange?: () => void }} [options] onChange: the region's bytes may have changed
   */
  constructor(d, { onChange } = {}) {
    this.d = d;
    this._onChange = onChange ?? (() => {});
    /** @type {Set<(patches: Uint8Array[]) => void>} the open links' senders */
    this._senders = new Set();
    this._offTimer = null;
    /** @type {Uint8Array[]} */
    this._history = [];
    /** @type {Map<number, Uint8Array[]>} */
    this._index = new Map();
    this.historyBytes = 0;
    this.historyComplete = true;
    this.duplicates = 0;
  }

  /** A distributor for one link (syncOverBroadcastChannel(hub.view(), ...)). */
  view() {
    const hub = this;
    let sender = null;
    return {
      onDiff(callback) {
        sender = callback;
        hub._senders.add(sender);
        hub._startScans();
        return () => {
          hub._senders.delete(sender);
          if (hub._senders.size === 0) hub._stopScans();
        };
      },
      scan() {
        return hub._scan(sender);
      },
      applyPatches(patches) {
        return hub.apply(patches);
      },
    };
  }

  /** Scans now; what it finds goes to every open link except `except` (which gets it back). */
  _scan(except) {
    const patches = this.d.scan();
    if (patches.length === 0) return patches;
    this._record(patches);
    for (const send of this._senders) if (send !== except) send(patches);
    return patches;
  }

  /** Publishes local writes not scanned yet over every open link. */
  flush() {
    this._scan(null);
  }

  _startScans() {
    if (this._offTimer === null) this._offTimer = this.d.onDiff((patches) => {
      this._record(patches);
      for (const send of this._senders) send(patches);
    });
  }

  _stopScans() {
    if (this._offTimer !== null) this._offTimer();
    this._offTimer = null;
  }

  /**
   * Applies patches from peers, skipping those already in the history.
   * Throws PatchesRejected (as Distributor.applyPatches does) after applying
   * the others; rejected patches are not recorded. Returns the number applied.
   * @param {Uint8Array[]} patches
   */
  apply(patches) {
    const fresh = patches.filter((p) => !this._has(p));
    this.duplicates += patches.length - fresh.length;
    if (fresh.length === 0) return 0;
    let refused = new Set();
    let error = null;
    try {
      this.d.applyPatches(fresh);
    } catch (e) {
      if (!(e instanceof PatchesRejected)) throw e;
      error = e;
      refused = new Set(e.rejected.map((r) => r.index));
    }
    this._record(fresh.filter((_, i) => !refused.has(i)));
    this._onChange();
    if (error) throw error;
    return fresh.length;
  }

  /** Every patch this tab has seen (its own scans and what it applied). */
  history() {
    return this._history.slice();
  }

  _has(p) {
    return (this._index.get(fnv1a(p)) ?? []).some((q) => equal(p, q));
  }

  _record(patches) {
    for (const p of patches) {
      if (this._has(p)) continue;
      if (this.historyBytes + p.byteLength > MAX_HISTORY_BYTES) {
        this.historyComplete = false;
        continue;
      }
      const key = fnv1a(p);
      const bucket = this._index.get(key);
      if (bucket) bucket.push(p);
      else this._index.set(key, [p]);
      this._history.push(p);
      this.historyBytes += p.byteLength;
    }
  }
}
