// The part every transport shares (docs/sync-transports.md): a link between a
// distributor (runtime/js/sync.mjs) and one transport. It sends what the
// distributor's scans find, and applies what arrives, after checking the
// envelope: the region it names, the link that sent it, the patch list. What
// it refuses is counted by reason in `stats.rejected` and never applied.
//
// Each transport (broadcast-channel.mjs, message-port.mjs, nats.mjs) only
// turns its own frames into { region, origin, patches } and back; the rules
// live here, once.
//
// Tests: test/sync-net/broadcast-channel-workers.test, message-port-worker.test,
// nats-three-peers.test.

import { PatchesRejected, SyncError } from '../sync.mjs';

/** Version of the envelope (the posted object, or the NATS headers). */
export const ENVELOPE_VERSION = 1;

// A region name is a NATS subject token and a stream-name part: letters,
// digits, '_' and '-' only, so no name can reach another region's subject
// through '.', '*' or '>'.
const REGION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

// One scan yields at most one patch; a sender that batches a few scans in a
// message stays far below this. The bound stops a message of a million
// (tiny) entries from costing a million apply calls before it is refused.
export const MAX_PATCHES_PER_MESSAGE = 64;

/** The reasons (besides the runtime's own error names) a message is refused. */
export const REJECTED = Object.freeze({
  notAnEnvelope: 'not-an-envelope',   // not our shape, or another envelope version
  otherRegion: 'other-region',        // an envelope of another region
  tooManyPatches: 'too-many-patches', // more than MAX_PATCHES_PER_MESSAGE
});

/** @param {unknown} region */
export function checkRegion(region) {
  if (typeof region !== 'string') throw new TypeError(`options.region must be a string, got ${typeof region}`);
  if (!REGION_NAME.test(region)) {
    throw new RangeError(`options.region ${JSON.stringify(region)} must be 1 to 64 of A-Z a-z 0-9 _ -`);
  }
  return region;
}

/** A random id for this link, so that it recognises its own echoes. */
export function newOrigin() {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @typedef {Object} LinkStats
 * @property {number} patchesSent
 * @property {number} bytesSent
 * @property {number} patchesReceived patches from other links that were not rejected
 *   (applied, or found already held)
 * @property {number} bytesReceived their bytes
 * @property {Record<string, number>} rejected refused messages or patches, by reason
 * @property {number} skipped patches this peer already held, so nothing was applied:
 *   its own echoes, and received ones the runtime skipped (duplicates, or covered
 *   by an applied snapshot: Distributor.skippedPatches, where the runtime has it)
 */

export class Link {
  /**
   * @param {import('../sync.mjs').Distributor} d
   * @param {{ region: string, send: (patches: Uint8Array[]) => void, scanBeforeApply?: boolean }} options
   */
  constructor(d, { region, send, scanBeforeApply = true }) {
    if (typeof d?.applyPatches !== 'function' || typeof d?.onDiff !== 'function') {
      throw new TypeError('the first argument must be a distributor (createDistributor)');
    }
    this.d = d;
    this.region = checkRegion(region);
    this.origin = newOrigin();
    this._send = send;
    this._scanBeforeApply = scanBeforeApply;
    /** @type {LinkStats} */
    this._stats = { patchesSent: 0, bytesSent: 0, patchesReceived: 0, bytesReceived: 0, rejected: {}, skipped: 0 };
    this._off = null;
    this.closed = false;
    this.halted = false;
  }

  /** Starts sending what the distributor's automatic scans find. */
  start() {
    this._off = this.d.onDiff((patches) => this._send(patches));
  }

  /** A copy of the counters. @returns {LinkStats} */
  get stats() {
    return { ...this._stats, rejected: { ...this._stats.rejected } };
  }

  /** Scans now and sends what changed (without waiting for the scan timer). */
  flush() {
    if (this.closed || this.halted) return;
    const patches = this.d.scan();
    if (patches.length) this._send(patches);
  }

  /** Counts patches handed to the transport. @param {Uint8Array[]} patches */
  countSent(patches) {
    this._stats.patchesSent += patches.length;
    for (const p of patches) this._stats.bytesSent += p.byteLength;
  }

  /** Counts patches not applied because this peer has them already. @param {number} n */
  skip(n) {
    this._stats.skipped += n;
  }

  /** @param {string} reason @param {number} [n] */
  reject(reason, n = 1) {
    this._stats.rejected[reason] = (this._stats.rejected[reason] ?? 0) + n;
  }

  /**
   * A message that arrived, as its transport read it: the region and origin
   * it names (undefined when it names none) and its patches. Applies them
   * unless the envelope is refused.
   * @param {{ version: unknown, region: unknown, origin: unknown, patches: unknown }} message
   */
  deliver({ version, region, origin, patches }) {
    if (this.closed) return;
    if (version !== ENVELOPE_VERSION || typeof region !== 'string' || typeof origin !== 'string' || !Array.isArray(patches)) {
      this.reject(REJECTED.notAnEnvelope);
      return;
    }
    if (region !== this.region) {
      this.reject(REJECTED.otherRegion);
      return;
    }
    // The bound before any per-entry work.
    if (patches.length > MAX_PATCHES_PER_MESSAGE) {
      this.reject(REJECTED.tooManyPatches);
      return;
    }
    if (!patches.every((p) => p instanceof Uint8Array)) {
      this.reject(REJECTED.notAnEnvelope);
      return;
    }
    if (origin === this.origin) {
      this.skip(patches.length);
      return;
    }
    // Local writes not yet scanned would be overwritten where a received
    // patch wins (docs/sync-runtime.md): publish them first.
    if (this._scanBeforeApply) this.flush();
    const refused = new Set();
    const heldBefore = this._held();
    try {
      this.d.applyPatches(patches);
    } catch (e) {
      if (e instanceof PatchesRejected) {
        for (const { index, error } of e.rejected) {
          this.reject(error.errorName);
          refused.add(index);
        }
      } else if (e instanceof SyncError) {
        // The distributor refused the call itself (destroyed): nothing applied.
        this.reject(e.errorName, patches.length);
        return;
      } else {
        throw e;
      }
    }
    patches.forEach((p, i) => {
      if (refused.has(i)) return;
      this._stats.patchesReceived++;
      this._stats.bytesReceived += p.byteLength;
    });
    this.skip(this._held() - heldBefore);
  }

  /** How many valid patches the runtime skipped as already held (0 where it does not say). */
  _held() {
    const n = this.d.skippedPatches;
    return typeof n === 'number' ? n : 0;
  }

  /**
   * Stops scanning for this link after its transport failed: writes stay
   * unscanned in the region, for the next link's scan to find, instead of
   * going to a transport that cannot send them. Received patches are still
   * applied (without the scan before).
   */
  halt() {
    if (this._off) this._off();
    this._off = null;
    this.halted = true;
  }

  /** Stops sending and receiving; the transport closes itself after this. */
  stop() {
    this.halt();
    this.closed = true;
  }
}
