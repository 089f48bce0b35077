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
//
// Arguments are checked before anything reaches the module: a value of the
// wrong type (a string for a size, a Uint8Array where an array of patches is
// expected, a callback that is not a function) is a TypeError naming the
// parameter; a number that is not a valid value (NaN, negative, not an
// integer, past wasm32's 4 GiB, a page size that is not a power of two) is a
// SyncError 'invalid_argument'. Either way nothing changed.

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
 * @property {Units} [units='bytes'] how concurrent writes are resolved; every
 *   peer must use the same units (docs/sync-runtime.md, "Which merge rule to use")
 */

/**
 * 'bytes': per byte run (the default); 'region': the whole region is one
 * atomic unit; { record, offset = 0, count = as many as fit }: fixed-size
 * records, one unit each; [[begin, end], ...]: explicit units, sorted and
 * disjoint (bytes outside them stay per run). Offsets are from the region's
 * base and lie inside its initial size.
 * @typedef {'bytes'|'region'|{ record: number, offset?: number, count?: number }|Array<[number, number]>} Units
 */

/**
 * @typedef {Object} ScanStats
 * @property {number} pagesHashed
 * @property {number} pagesDiffed
 * @property {number} pagesChanged
 * @property {number} runs
 * @property {number} tokens runs after merging, as the patch holds them
 * @property {number} bytesChanged
 * @property {number} bytesSent bytesChanged plus the unchanged bytes of the
 *   units they touch
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

const MODES = Object.freeze({ __proto__: null, full: 0, marked: 1 });
const STATS = ['pagesHashed', 'pagesDiffed', 'pagesChanged', 'runs', 'tokens', 'bytesChanged', 'bytesSent'];
const OPTIONS = ['pageSize', 'scanInterval', 'scanMode', 'base', 'size', 'capacity', 'units'];
// karmem_sync_set_units' kinds (c_api.h).
const UNITS = Object.freeze({ __proto__: null, bytes: 0, region: 1, records: 2, ranges: 3 });
const UNIT_KEYS = ['record', 'offset', 'count'];
const decoder = new TextDecoder();

// The runtime's limits (karmem/sync/patch_format.h), checked here as well as
// by the C ABI so that no JavaScript number is wrapped on its way into
// wasm32 (-1 would arrive as 4294967295, 2^32 + 8192 as 8192).
const MIN_PAGE = 1024;
const MAX_PAGE = 65536;
const WASM32_BYTES = 2 ** 32; // every wasm32 address and size is below this
const HEAD_BYTES = 16; // KARMEM_SYNC_HEAD_BYTES (c_api.h): what karmem_sync_check_head reads
const MAX_INTERVAL = 2 ** 31 - 1; // setInterval turns longer delays into 1 ms
// karmem::sync::error numbers (karmem/sync/error.h) that this file raises
// itself; the names are karmem_sync_error_name's.
const INVALID_ARGUMENT = 10;
const OUT_OF_MEMORY = 12;

/** What `v` is, for messages. */
function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v) || isArrayBuffer(v)) return `a ${v.constructor?.name ?? 'buffer'} of ${v.byteLength} bytes`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return typeof v === 'object' ? `an object (${v.constructor?.name ?? 'no prototype'})` : `a ${typeof v}`;
}

/** @param {unknown} v */
function isArrayBuffer(v) {
  const tag = Object.prototype.toString.call(v);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}

/** @param {string} message */
function invalidArgument(message) {
  return new SyncError(INVALID_ARGUMENT, 'invalid_argument', `invalid_argument: ${message}`);
}

/**
 * `v`, which must be an integer from `min` to `max`: a TypeError when it is
 * not a number, invalid_argument when it is not such an integer.
 * @param {string} name @param {unknown} v @param {number} min @param {number} max
 */
function integer(name, v, min, max) {
  if (typeof v !== 'number') throw new TypeError(`${name} must be a number, got ${describe(v)}`);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw invalidArgument(`${name} is ${v}; it must be an integer from ${min} to ${max}`);
  }
  return v;
}

/** @param {string} name @param {unknown} v */
function scanModeOf(name, v) {
  if (typeof v !== 'string') throw new TypeError(`${name} must be 'full' or 'marked', got ${describe(v)}`);
  if (!(v in MODES)) throw invalidArgument(`${name} is ${JSON.stringify(v)}; it must be 'full' or 'marked'`);
  return MODES[v];
}

/** @param {string} name @param {unknown} v */
function intervalOf(name, v) {
  if (typeof v !== 'number') throw new TypeError(`${name} must be a number of milliseconds, got ${describe(v)}`);
  if (!(v >= 0 && v <= MAX_INTERVAL)) throw invalidArgument(`${name} is ${v}; it must be from 0 to ${MAX_INTERVAL} ms`);
  return v;
}

/** @param {string} name @param {number} v @param {number} pageSize */
function pageMultiple(name, v, pageSize) {
  if (v % pageSize !== 0) throw invalidArgument(`${name} ${v} is not a multiple of the page size ${pageSize}`);
  return v;
}

/**
 * The units option as karmem_sync_set_units' arguments: { kind, offset,
 * record, count, ranges }, checked against the region's size (the rules of
 * karmem/sync/units.h): a value of the wrong shape is a TypeError, a number
 * outside its rule a SyncError invalid_argument.
 * @param {unknown} v @param {number} size
 */
function unitsOf(v, size) {
  const none = { offset: 0, record: 0, count: 0, ranges: null };
  if (typeof v === 'string') {
    if (v !== 'bytes' && v !== 'region') {
      throw invalidArgument(`options.units is ${JSON.stringify(v)}; it must be 'bytes', 'region', { record, offset, count } or [[begin, end], ...]`);
    }
    return { kind: UNITS[v], ...none };
  }
  if (Array.isArray(v)) {
    const ranges = [];
    let prevEnd = 0;
    v.forEach((u, i) => {
      if (!Array.isArray(u) || u.length !== 2) throw new TypeError(`options.units[${i}] must be [begin, end], got ${describe(u)}`);
      const begin = integer(`options.units[${i}][0]`, u[0], 0, size);
      const end = integer(`options.units[${i}][1]`, u[1], 0, size);
      if (begin >= end) throw invalidArgument(`options.units[${i}] [${begin}, ${end}) is empty`);
      if (begin < prevEnd) throw invalidArgument(`options.units[${i}] [${begin}, ${end}) starts before the previous unit ends (${prevEnd}): units are sorted and disjoint`);
      ranges.push(begin, end);
      prevEnd = end;
    });
    return { kind: UNITS.ranges, offset: 0, record: 0, count: v.length, ranges };
  }
  if (typeof v !== 'object' || v === null) {
    throw new TypeError(`options.units must be 'bytes', 'region', { record, offset, count } or [[begin, end], ...], got ${describe(v)}`);
  }
  const o = /** @type {Record<string, unknown>} */ (v);
  for (const key of Object.keys(o)) {
    if (!UNIT_KEYS.includes(key)) throw new TypeError(`options.units.${key} is not a records field (${UNIT_KEYS.join(', ')})`);
  }
  const record = integer('options.units.record', o.record, 1, size);
  const offset = integer('options.units.offset', o.offset ?? 0, 0, size - record);
  const count = integer('options.units.count', o.count ?? Math.floor((size - offset) / record), 1, size);
  if (offset + record * count > size) {
    throw invalidArgument(`options.units: ${count} records of ${record} bytes from offset ${offset} do not fit the region of ${size} bytes`);
  }
  return { kind: UNITS.records, offset, record, count, ranges: null };
}

/**
 * Every option, checked (the same rules as karmem_sync_create and
 * karmem_sync_reserve) before the module is called.
 * @param {unknown} options
 */
function checkOptions(options) {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  const o = /** @type {Record<string, unknown>} */ (options);
  for (const key of Object.keys(o)) {
    if (!OPTIONS.includes(key)) throw new TypeError(`options.${key} is not an option (${OPTIONS.join(', ')})`);
  }
  const given = (key, fallback) => (o[key] === undefined ? fallback : o[key]);
  const pageSize = integer('options.pageSize', given('pageSize', 8192), MIN_PAGE, MAX_PAGE);
  if ((pageSize & (pageSize - 1)) !== 0) {
    throw invalidArgument(`options.pageSize ${pageSize} is not a power of two from ${MIN_PAGE} to ${MAX_PAGE}`);
  }
  // The region lies in [base, base + capacity), base >= one page (not null).
  const size = pageMultiple('options.size', integer('options.size', given('size', 65536), 1, WASM32_BYTES - pageSize), pageSize);
  const capacity = pageMultiple('options.capacity',
    integer('options.capacity', given('capacity', size), size, WASM32_BYTES - pageSize), pageSize);
  const base = o.base === undefined ? undefined
    : pageMultiple('options.base', integer('options.base', o.base, pageSize, WASM32_BYTES - capacity), pageSize);
  return {
    pageSize, size, capacity, base,
    scanInterval: intervalOf('options.scanInterval', given('scanInterval', 50)),
    mode: scanModeOf('options.scanMode', given('scanMode', 'full')),
    units: unitsOf(given('units', 'bytes'), size),
  };
}

/**
 * The list applyPatches() was given, as Uint8Arrays: a TypeError, before any
 * patch is applied, when it is not a list or holds something not a patch.
 * @param {unknown} patches
 */
function patchList(patches) {
  const bytes = ArrayBuffer.isView(patches) || isArrayBuffer(patches);
  if (typeof patches !== 'object' || patches === null || bytes || typeof patches[Symbol.iterator] !== 'function') {
    throw new TypeError(`applyPatches: patches must be an array of Uint8Array or ArrayBuffer, got ${describe(patches)}` +
                        (bytes ? ' (for one patch, pass [patch])' : ''));
  }
  return Array.from(/** @type {Iterable<unknown>} */ (patches), (p, i) => {
    if (p instanceof Uint8Array) return p;
    if (ArrayBuffer.isView(p)) return new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
    if (isArrayBuffer(p)) return new Uint8Array(/** @type {ArrayBuffer} */ (p));
    throw new TypeError(`applyPatches: patches[${i}] must be a Uint8Array or an ArrayBuffer, got ${describe(p)}`);
  });
}

/** @param {unknown} moduleOrExports */
function exportsOf(moduleOrExports) {
  if ((typeof moduleOrExports !== 'object' && typeof moduleOrExports !== 'function') || moduleOrExports === null) {
    throw new TypeError(`moduleOrExports must be a WebAssembly.Instance or its exports, got ${describe(moduleOrExports)}`);
  }
  const e = /** @type {any} */ (moduleOrExports).exports ?? moduleOrExports;
  if (!(e.memory instanceof WebAssembly.Memory)) {
    throw new TypeError('moduleOrExports must be a WebAssembly.Instance or its exports, with a memory export');
  }
  for (const name of ['karmem_sync_create', 'karmem_sync_create_error_code', 'karmem_sync_scan',
    'karmem_sync_check_head', 'karmem_sync_input_buffer', 'karmem_sync_apply']) {
    if (typeof e[name] !== 'function') {
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
   * Use createDistributor() (the same arguments).
   * @param {WebAssembly.Instance | WebAssembly.Exports} moduleOrExports
   * @param {number} peerId
   * @param {DistributorOptions} [options]
   */
  constructor(moduleOrExports, peerId, options = {}) {
    const exports = exportsOf(moduleOrExports);
    this.peerId = integer('peerId', peerId, 0, 0xFFFFFFFF);
    const o = checkOptions(options);
    if (o.units.kind !== UNITS.bytes && typeof exports.karmem_sync_set_units !== 'function') {
      throw new TypeError('options.units needs a module that exports karmem_sync_set_units: link a newer libkarmem_sync_wasm32.a');
    }
    this._e = exports;
    /** @type {WebAssembly.Memory} */
    this._memory = exports.memory;
    this._interval = o.scanInterval;
    this._mode = o.mode;
    this._reserved = 0;
    let base = o.base;
    if (base === undefined) {
      base = exports.karmem_sync_reserve(o.capacity, o.pageSize) >>> 0;
      if (base === 0) throw this._createError();
      this._reserved = base;
    }
    this._h = exports.karmem_sync_create(this.peerId, base, o.size, o.capacity, o.pageSize);
    if (this._h === 0) {
      const error = this._createError();
      if (this._reserved) exports.karmem_sync_release(this._reserved);
      throw error;
    }
    if (o.units.kind !== UNITS.bytes) {
      const error = this._setUnits(o.units);
      if (error) {
        exports.karmem_sync_destroy(this._h);
        this._h = 0;
        if (this._reserved) exports.karmem_sync_release(this._reserved);
        throw error;
      }
    }
    /** @type {Set<(patches: Uint8Array[]) => void>} */
    this._listeners = new Set();
    this._timer = null;
  }

  /**
   * Gives the new tracker its units (karmem_sync_set_units); ranges travel
   * through the tracker's input buffer as wasm32 size_t pairs. The SyncError,
   * or null.
   */
  _setUnits(u) {
    let ptr = 0;
    if (u.ranges) {
      ptr = this._e.karmem_sync_input_buffer(this._h, Math.max(4, u.ranges.length * 4)) >>> 0;
      if (ptr === 0) return this._error(OUT_OF_MEMORY);
      new Uint32Array(this._memory.buffer, ptr, u.ranges.length).set(u.ranges);
    }
    const code = this._e.karmem_sync_set_units(this._h, u.kind, u.offset, u.record, u.count, ptr);
    return code === 0 ? null : this._error(code);
  }

  /** Why the last karmem_sync_reserve / karmem_sync_create failed. */
  _createError() {
    const code = this._e.karmem_sync_create_error_code();
    return new SyncError(code, cString(this._memory, this._e.karmem_sync_error_name(code)),
                         cString(this._memory, this._e.karmem_sync_create_error()));
  }

  /**
   * Milliseconds between automatic scans while onDiff() callbacks are
   * registered (0: none). Setting it restarts a running timer.
   */
  get scanInterval() {
    return this._interval;
  }

  set scanInterval(ms) {
    this._interval = intervalOf('scanInterval', ms);
    if (this._timer !== null) {
      this._stop();
      this._start();
    }
  }

  _live() {
    if (this._h === 0) throw invalidArgument('the distributor was destroyed');
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
    const { base, size } = this.region;
    integer('offset', offset, 0, size);
    integer('length', length, 0, size - offset);
    this._e.karmem_sync_mark_dirty(this._h, base + offset, length);
  }

  /**
   * Finds what changed since the last scan. Returns the patches to send
   * (an empty array when nothing changed); they are copies, safe to transfer.
   * @param {'full'|'marked'} [mode] defaults to the distributor's scanMode
   * @returns {Uint8Array[]}
   */
  scan(mode) {
    this._live();
    const m = mode === undefined ? this._mode : scanModeOf('mode', mode);
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
    if (typeof callback !== 'function') throw new TypeError(`onDiff: callback must be a function, got ${describe(callback)}`);
    this._listeners.add(callback);
    if (this._timer === null) this._start();
    return () => {
      this._listeners.delete(callback);
      if (this._listeners.size === 0) this._stop();
    };
  }

  _start() {
    if (this._interval > 0) this._timer = setInterval(() => this._tick(), this._interval);
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
   * Returns the number applied. A list that is not a list of patches is a
   * TypeError, and then nothing is applied.
   * @param {Iterable<Uint8Array | ArrayBuffer | ArrayBufferView>} patches
   */
  applyPatches(patches) {
    this._live();
    const list = patchList(patches);
    let applied = 0;
    /** @type {Array<{ index: number, error: SyncError }>} */
    const rejected = [];
    list.forEach((bytes, index) => {
      const error = this._applyOne(bytes);
      if (error) rejected.push({ index, error });
      else applied++;
    });
    if (rejected.length) throw new PatchesRejected(applied, rejected);
    return applied;
  }

  /**
   * One patch: its head is checked (karmem_sync_check_head) before room for
   * the rest is allocated, so a patch that says it is huge, or a huge buffer
   * that is no patch, is refused without allocating. Returns the SyncError
   * or null.
   * @param {Uint8Array} bytes
   */
  _applyOne(bytes) {
    const n = bytes.length;
    if (n >= WASM32_BYTES) {
      return new SyncError(OUT_OF_MEMORY, 'out_of_memory', `out_of_memory: a ${n}-byte patch cannot fit wasm32 memory; nothing was allocated for it`);
    }
    // A view of this module's memory would be detached by the allocations
    // below (they may grow the memory): take a copy first.
    if (bytes.buffer === this._memory.buffer) bytes = bytes.slice();
    const head = bytes.subarray(0, HEAD_BYTES);
    let ptr = this._copyIn(head);
    if (ptr === 0) return this._error(OUT_OF_MEMORY);
    let code = this._e.karmem_sync_check_head(this._h, ptr, head.length, n);
    if (code !== 0) return this._error(code);
    ptr = this._copyIn(bytes);
    if (ptr === 0) return this._error(OUT_OF_MEMORY);
    code = this._e.karmem_sync_apply(this._h, ptr, n);
    return code === 0 ? null : this._error(code);
  }

  /**
   * A snapshot of the synced state (docs/sync-snapshot-format.md): the bytes
   * peers wrote with their stamps, the vector clock, the batches it covers
   * and the region size, as a Uint8Array copy. Local writes not yet scanned
   * are not in it (scan first). A peer that joins late, or restarts from
   * its initial bytes, calls applySnapshot() with it before the live
   * patches; patches the snapshot covers are then skipped (skippedPatches).
   * @returns {Uint8Array}
   */
  snapshot() {
    this._live();
    this._needsSnapshots();
    const code = this._e.karmem_sync_snapshot(this._h);
    if (code !== 0) throw this._error(code);
    const n = this._e.karmem_sync_snapshot_size(this._h) >>> 0;
    const ptr = this._e.karmem_sync_snapshot_data(this._h) >>> 0;
    const copy = new Uint8Array(this._memory.buffer, ptr, n).slice();
    this._e.karmem_sync_snapshot_free(this._h);
    return copy;
  }

  /**
   * Merges a snapshot (from snapshot(), any peer of the same page size) into
   * the region, byte by byte by stamps; the region grows to the snapshot's
   * size. A snapshot of another page size, a damaged or truncated one, or
   * one longer than any this region accepts (refused from its first 16
   * bytes, before anything is allocated for it) throws a SyncError and
   * changes nothing. A value that is not bytes (an array of snapshots, a
   * string) is a TypeError.
   * @param {Uint8Array | ArrayBuffer | ArrayBufferView} snapshot
   */
  applySnapshot(snapshot) {
    this._live();
    this._needsSnapshots();
    if (Array.isArray(snapshot) || !(ArrayBuffer.isView(snapshot) || isArrayBuffer(snapshot))) {
      throw new TypeError(`applySnapshot: snapshot must be a Uint8Array or an ArrayBuffer, got ${describe(snapshot)}` +
                          (Array.isArray(snapshot) ? ' (one snapshot, not a list)' : ''));
    }
    let bytes = snapshot instanceof Uint8Array ? snapshot
      : ArrayBuffer.isView(snapshot) ? new Uint8Array(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength)
        : new Uint8Array(/** @type {ArrayBuffer} */ (snapshot));
    const n = bytes.length;
    if (n >= WASM32_BYTES) {
      throw new SyncError(OUT_OF_MEMORY, 'out_of_memory', `out_of_memory: a ${n}-byte snapshot cannot fit wasm32 memory; nothing was allocated for it`);
    }
    if (bytes.buffer === this._memory.buffer) bytes = bytes.slice();
    const head = bytes.subarray(0, HEAD_BYTES);
    let ptr = this._copyIn(head, 'karmem_sync_snapshot_input');
    if (ptr === 0) throw this._error(OUT_OF_MEMORY);
    let code = this._e.karmem_sync_check_snapshot_head(this._h, ptr, head.length, n);
    if (code !== 0) throw this._error(code);
    ptr = this._copyIn(bytes, 'karmem_sync_snapshot_input');
    if (ptr === 0) throw this._error(OUT_OF_MEMORY);
    code = this._e.karmem_sync_apply_snapshot(this._h, ptr, n);
    if (code !== 0) throw this._error(code);
  }

  _needsSnapshots() {
    if (typeof this._e.karmem_sync_apply_snapshot !== 'function') {
      throw new TypeError('the module does not export karmem_sync_snapshot: relink it with this libkarmem_sync_wasm32.a');
    }
  }

  /**
   * Valid patches applyPatches() skipped since create because the region
   * already held them: duplicates, and patches covered by an applied
   * snapshot. (They count as applied in applyPatches' result.)
   */
  get skippedPatches() {
    this._live();
    return Number(this._e.karmem_sync_skipped(this._h));
  }

  /**
   * Copies `bytes` into the module's input buffer (through `buffer`, the
   * export that sizes it for a patch or a snapshot); its address, or 0 when
   * the module refused the buffer (karmem_sync_last_error says why).
   * @param {Uint8Array} bytes
   * @param {string} [buffer]
   */
  _copyIn(bytes, buffer = 'karmem_sync_input_buffer') {
    const ptr = this._e[buffer](this._h, bytes.length) >>> 0;
    // The buffer may have grown the memory: view memory.buffer only now.
    if (ptr !== 0) new Uint8Array(this._memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
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
    if (newSize !== undefined) integer('newSize', newSize, 0, WASM32_BYTES - 1);
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
  return new Distributor(moduleOrExports, peerId, options);
}

// For memory-distributor.mjs, which checks its own options by the same rules.
export { checkOptions as checkDistributorOptions, describe as describeValue, integer as checkInteger, invalidArgument };
