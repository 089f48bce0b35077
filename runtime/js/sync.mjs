// karmem sync — the JavaScript host side of the sync runtime (karmem/sync.h).
//
// The tracker itself runs inside the WebAssembly module (linked from
// libkarmem_sync_wasm32.a, exported as karmem_sync_*); this module only
// drives it: it creates a distributor over a region of the module's linear
// memory, turns scans into patches (Uint8Array batches you can send anywhere:
// postMessage, BroadcastChannel, a WebSocket...) and feeds received patches
// back in. The transport is yours.
//
//   import { createDistributor } from './sync.mjs';
//   const d = createDistributor(instance, 1, { pageSize: 8192, scanInterval: 50 });
//   d.onDiff((patches) => channel.postMessage(patches));
//   channel.onmessage = (e) => d.applyPatches(e.data);
//
// Every call that can allocate inside the module (scan, applyPatches,
// resize, create) may grow its memory, which detaches earlier views of
// memory.buffer: this module re-reads memory.buffer after each such call, and
// so must callers that keep views (use bytes() afresh).
//
// Batches are all-or-nothing: a malformed one is rejected with an error code
// and message (SyncError) and changes nothing. The patch bytes are specified
// in docs/sync-patch-format.md.

/** @typedef {{ base: number, size: number, capacity: number }} Region */

/**
 * @typedef {Object} DistributorOptions
 * @property {number} [pageSize=8192] power of two, 1024..65536
 * @property {number} [scanInterval=50] milliseconds between the automatic
 *   scans that onDiff() starts; 0 disables them (call scan() yourself)
 * @property {'full'|'marked'} [scanMode='full'] 'full' hashes every page;
 *   'marked' looks only at ranges given to markDirty() (or marked by the
 *   module's own code through karmem_sync_mark_dirty)
 * @property {number} [base] start of the region in the module's memory
 *   (page-aligned); without it a zeroed region is reserved inside the module
 * @property {number} [size=65536] region size in bytes (a page multiple)
 * @property {number} [capacity] the largest size the region may reach
 *   (default: size); nothing else may live in [base + size, base + capacity)
 */

/**
 * @typedef {Object} ScanStats
 * @property {number} pagesHashed
 * @property {number} pagesDiffed
 * @property {number} pagesChanged
 * @property {number} runs
 * @property {number} tokens runs after merging, as the patch holds them
 * @property {number} bytesChanged
 */

/** An error from the sync runtime: `code` is karmem::sync::error's number. */
export class SyncError extends Error {
  /**
   * @param {number} code
   * @param {string} errorName e.g. 'truncated', 'checksum_mismatch'
   * @param {string} message
   */
  constructor(code, errorName, message) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
    this.errorName = errorName;
  }
}

/**
 * Thrown by applyPatches() when some patches were rejected; the others were
 * applied (each patch is independent and all-or-nothing).
 */
export class PatchesRejected extends Error {
  /**
   * @param {number} applied
   * @param {Array<{ index: number, error: SyncError }>} rejected
   */
  constructor(applied, rejected) {
    super(`${rejected.length} patch(es) rejected: ` +
          rejected.map((r) => `#${r.index}: ${r.error.message}`).join('; '));
    this.name = 'PatchesRejected';
    this.applied = applied;
    this.rejected = rejected;
  }
}

const MODES = { full: 0, marked: 1 };
const STATS = ['pagesHashed', 'pagesDiffed', 'pagesChanged', 'runs', 'tokens', 'bytesChanged'];
const decoder = new TextDecoder();

/** @param {WebAssembly.Instance | WebAssembly.Exports} moduleOrExports */
function exportsOf(moduleOrExports) {
  const e = /** @type {any} */ (moduleOrExports).exports ?? moduleOrExports;
  for (const name of ['memory', 'karmem_sync_create', 'karmem_sync_scan', 'karmem_sync_apply']) {
    if (!(name in e)) {
      throw new TypeError(`the module does not export ${name}: link libkarmem_sync_wasm32.a with -Wl,--whole-archive`);
    }
  }
  return e;
}

/**
 * A NUL-terminated string at `ptr` in the module's memory.
 * @param {WebAssembly.Memory} memory
 * @param {number} ptr
 */
function cString(memory, ptr) {
  const bytes = new Uint8Array(memory.buffer);
  let end = ptr >>> 0;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return decoder.decode(bytes.subarray(ptr >>> 0, end));
}

export class Distributor {
  /**
   * Use createDistributor().
   * @param {any} exports
   * @param {number} peerId
   * @param {DistributorOptions} options
   */
  constructor(exports, peerId, options) {
    this._e = exports;
    /** @type {WebAssembly.Memory} */
    this._memory = exports.memory;
    this.peerId = peerId >>> 0;
    if (this.peerId !== peerId) throw new RangeError(`peer id ${peerId} is not a 32-bit unsigned integer`);
    const pageSize = options.pageSize ?? 8192;
    const size = options.size ?? 65536;
    const capacity = options.capacity ?? size;
    this.scanInterval = options.scanInterval ?? 50;
    this._mode = MODES[options.scanMode ?? 'full'];
    if (this._mode === undefined) throw new RangeError(`scanMode must be 'full' or 'marked'`);
    this._reserved = 0;
    let base = options.base;
    if (base === undefined) {
      base = exports.karmem_sync_reserve(capacity, pageSize) >>> 0;
      if (base === 0) throw new SyncError(12, 'out_of_memory', `out_of_memory: no room for a ${capacity}-byte region`);
      this._reserved = base;
    }
    this._h = exports.karmem_sync_create(this.peerId, base, size, capacity, pageSize);
    if (this._h === 0) {
      const message = cString(this._memory, exports.karmem_sync_create_error());
      if (this._reserved) exports.karmem_sync_release(this._reserved);
      throw new SyncError(10, 'invalid_argument', message);
    }
    /** @type {Set<(patches: Uint8Array[]) => void>} */
    this._listeners = new Set();
    this._timer = null;
  }

  _live() {
    if (this._h === 0) throw new Error('the distributor was destroyed');
  }

  _error(code) {
    const name = cString(this._memory, this._e.karmem_sync_error_name(code));
    return new SyncError(code, name, cString(this._memory, this._e.karmem_sync_last_error(this._h)));
  }

  /** @returns {Region} */
  get region() {
    this._live();
    return {
      base: this._e.karmem_sync_base(this._h) >>> 0,
      size: this._e.karmem_sync_size(this._h) >>> 0,
      capacity: this._e.karmem_sync_capacity(this._h) >>> 0,
    };
  }

  /** The module-side karmem_sync* (for module code that marks its writes). */
  get handle() {
    this._live();
    return this._h;
  }

  get pageSize() {
    this._live();
    return this._e.karmem_sync_page_size(this._h) >>> 0;
  }

  /**
   * A view of the region's current bytes. It is detached by the next call
   * that grows the module's memory: take a new one after such calls.
   */
  bytes() {
    const { base, size } = this.region;
    return new Uint8Array(this._memory.buffer, base, size);
  }

  /**
   * Notes that region bytes [offset, offset + length) may have changed, for
   * scanMode 'marked'.
   * @param {number} offset from the region's base
   * @param {number} length
   */
  markDirty(offset, length) {
    this._live();
    this._e.karmem_sync_mark_dirty(this._h, this.region.base + offset, length);
  }

  /**
   * Finds what changed since the last scan. Returns the patches to send
   * (an empty array when nothing changed); they are copies, safe to transfer.
   * @param {'full'|'marked'} [mode] defaults to the distributor's scanMode
   * @returns {Uint8Array[]}
   */
  scan(mode) {
    this._live();
    const m = mode === undefined ? this._mode : MODES[mode];
    if (m === undefined) throw new RangeError(`mode must be 'full' or 'marked'`);
    const code = this._e.karmem_sync_scan(this._h, m);
    if (code !== 0) throw this._error(code);
    const n = this._e.karmem_sync_batch_size(this._h) >>> 0;
    if (n === 0) return [];
    const ptr = this._e.karmem_sync_batch_data(this._h) >>> 0;
    return [new Uint8Array(this._memory.buffer, ptr, n).slice()];
  }

  /** What the last scan did. @returns {ScanStats} */
  scanStats() {
    this._live();
    /** @type {any} */
    const s = {};
    STATS.forEach((key, i) => { s[key] = Number(this._e.karmem_sync_scan_stat(this._h, i)); });
    return s;
  }

  /**
   * Calls `callback(patches)` after every automatic scan that found changes
   * (every scanInterval ms while at least one callback is registered).
   * Returns a function that unregisters it.
   * @param {(patches: Uint8Array[]) => void} callback
   */
  onDiff(callback) {
    this._live();
    this._listeners.add(callback);
    if (this._timer === null && this.scanInterval > 0) {
      this._timer = setInterval(() => this._tick(), this.scanInterval);
    }
    return () => {
      this._listeners.delete(callback);
      if (this._listeners.size === 0) this._stop();
    };
  }

  _tick() {
    if (this._h === 0) return;
    const patches = this.scan();
    if (patches.length === 0) return;
    for (const cb of this._listeners) cb(patches);
  }

  _stop() {
    if (this._timer !== null) clearInterval(this._timer);
    this._timer = null;
  }

  /**
   * Applies patches from peers, in any order, duplicates allowed. Each patch
   * is checked whole before it touches memory. Rejected ones change nothing;
   * if any was rejected, throws PatchesRejected after applying the others.
   * Returns the number applied.
   * @param {Iterable<Uint8Array | ArrayBuffer>} patches
   */
  applyPatches(patches) {
    this._live();
    let applied = 0;
    /** @type {Array<{ index: number, error: SyncError }>} */
    const rejected = [];
    let index = 0;
    for (const p of patches) {
      const bytes = p instanceof Uint8Array ? p : new Uint8Array(p);
      // The input buffer may grow the memory: view the buffer only afterwards.
      const ptr = this._e.karmem_sync_input_buffer(this._h, bytes.length) >>> 0;
      if (ptr === 0 && bytes.length > 0) {
        rejected.push({ index, error: new SyncError(12, 'out_of_memory', `out_of_memory: no room for a ${bytes.length}-byte patch`) });
      } else {
        new Uint8Array(this._memory.buffer, ptr, bytes.length).set(bytes);
        const code = this._e.karmem_sync_apply(this._h, ptr, bytes.length);
        if (code === 0) applied++;
        else rejected.push({ index, error: this._error(code) });
      }
      index++;
    }
    if (rejected.length) throw new PatchesRejected(applied, rejected);
    return applied;
  }

  /**
   * The vector clock: for each peer id, how many of its batches this peer
   * has seen.
   * @returns {Record<number, number>}
   */
  vectorClock() {
    this._live();
    /** @type {Record<number, number>} */
    const clock = {};
    const n = this._e.karmem_sync_clock_count(this._h);
    for (let i = 0; i < n; i++) {
      clock[this._e.karmem_sync_clock_peer(this._h, i) >>> 0] = Number(this._e.karmem_sync_clock_counter(this._h, i));
    }
    return clock;
  }

  /**
   * Grows the region to `newSize` bytes (a page multiple, at most the
   * capacity). Without an argument, after memory.grow: as far as the
   * module's memory now reaches, up to the capacity (whole pages). New bytes
   * are reported by the next scan; peers grow when they apply it.
   * @param {number} [newSize]
   */
  resize(newSize) {
    this._live();
    const { base, size: current, capacity } = this.region;
    const page = this.pageSize;
    const reach = Math.floor((this._memory.buffer.byteLength - base) / page) * page;
    const size = newSize ?? Math.max(current, Math.min(capacity, reach));
    const code = this._e.karmem_sync_resize(this._h, size);
    if (code !== 0) throw this._error(code);
  }

  /** Stops automatic scans and frees the tracker (and a reserved region). */
  destroy() {
    if (this._h === 0) return;
    this._stop();
    this._listeners.clear();
    this._e.karmem_sync_destroy(this._h);
    this._h = 0;
    if (this._reserved) this._e.karmem_sync_release(this._reserved);
    this._reserved = 0;
  }
}

/**
 * Creates a distributor: peer `peerId` keeps a region of the module's memory
 * in sync with the other peers that use the same page size and start from
 * the same bytes.
 * @param {WebAssembly.Instance | WebAssembly.Exports} moduleOrExports an
 *   instance (or its exports) linked with the sync runtime
 * @param {number} peerId unique among the peers, 0 .. 2^32-1
 * @param {DistributorOptions} [options]
 * @returns {Distributor}
 */
export function createDistributor(moduleOrExports, peerId, options = {}) {
  return new Distributor(exportsOf(moduleOrExports), peerId, options);
}
