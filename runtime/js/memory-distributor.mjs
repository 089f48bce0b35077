// karmem sync for any WebAssembly.Memory, with wasm-memory-distributor's
// names (createMemoryDistributor, scan, onDiff, applyPatches,
// getVectorClock, resizeMemory, destroy) and string peer ids.
//
// The memory may belong to a module written in any language, or to none.
// The work is done by the sync runtime's own wasm code: a separate engine
// module (karmem_sync_engine.wasm, runtime/sync/engine.cpp) with its own
// memory runs the tracker over a mirror of the user's region, driven by
// sync.mjs's Distributor (this file only moves bytes between the two
// memories):
//   * before a scan, the region (a full scan) or the spans marked with
//     markDirty() (a marked scan) are copied into the mirror;
//   * around an apply, the spans the batch can write (one per page it
//     carries, from its first to its last run) are copied into the mirror,
//     the tracker applies the batch, and the same spans are copied back.
//     Bytes the batch does not win keep the user's value, so local writes
//     not yet scanned survive exactly where they do with the in-module
//     tracker, and bytes outside those spans are never touched;
//   * snapshot() is the engine tracker's (its synced state: what scans and
//     applies left, never the mirror or the user's bytes, so local writes not
//     yet scanned are not in it, as in-module); applySnapshot() copies in,
//     applies and copies back like an apply, with the spans the snapshot can
//     write (karmem_sync_engine_plan_snapshot).
// The patches, the per-byte rule and the checks are the in-module tracker's
// (docs/sync-patch-format.md); engine peers and in-module peers sync with
// each other.
//
//   import { createMemoryDistributor, scan, applyPatches, onDiff } from './memory-distributor.mjs';
//   let state = createMemoryDistributor(memory, 'alice', { pageSize: 8192, scanInterval: 100 });
//   state = onDiff(state, (patches) => channel.postMessage(patches));
//   channel.onmessage = (e) => { state = applyPatches(state, e.data); };
//
// Peer names map to the runtime's u32 ids as the low 32 bits of XXH3-64
// (seed 0) of their UTF-8 bytes (peerIdOf). docs/sync-runtime.md has the
// whole contract; docs/migrating-from-wasm-memory-distributor.md the
// differences from the seed.
import {
  checkDistributorOptions, checkInteger, createDistributor, describeValue, invalidArgument, PatchesRejected, SyncError,
} from './sync.mjs';

export { PatchesRejected, SyncError };

/**
 * @typedef {Object} MemoryDistributorOptions
 * @property {number} [pageSize=8192] power of two, 1024..65536
 * @property {number} [scanInterval=100] ms between the automatic scans that
 *   onDiff() starts (0: none; call scan() yourself)
 * @property {'full'|'marked'} [scanMode='full'] 'marked': scans look only at
 *   the ranges given to markDirty()
 * @property {number} [offset=0] start of the region in the memory (a page
 *   multiple)
 * @property {number} [size] region bytes (a page multiple; default: the
 *   memory from `offset` to its current end)
 * @property {number} [capacity] the most the region may grow to (default:
 *   the size, or 256 MiB if that is more); the engine reserves it up front
 * @property {string[]} [peers] other peers' names, for collision checks and
 *   for the keys of getVectorClock()
 * @property {import('./sync.mjs').Units} [units='bytes'] how concurrent
 *   writes are resolved (sync.mjs's option, offsets from the region's start);
 *   every peer, in-module or not, must use the same units
 * @property {WebAssembly.Module | BufferSource} [engine] the engine module
 *   (default: loadEngine()'s, or in Node karmem_sync_engine.wasm beside
 *   this file)
 */

const OPTIONS = ['pageSize', 'scanInterval', 'scanMode', 'offset', 'size', 'capacity', 'units', 'peers', 'engine'];
const ENGINE_FILE = 'karmem_sync_engine.wasm';
const MIB = 2 ** 20;
const DEFAULT_CAPACITY = 256 * MIB; // virtual room only, until a growth touches it
const WASM32_BYTES = 2 ** 32;
// engine.cpp's max_name_bytes: names are identifiers, not payloads.
const MAX_NAME_BYTES = 1024;
// karmem::sync::error numbers raised here (karmem/sync/error.h).
const GROW_FAILED = 9;
const OUT_OF_MEMORY = 12;
// WASI errno EBADF: the engine imports a few stdio functions it never needs.
const EBADF = 8;
const encoder = new TextEncoder();

/** @type {WebAssembly.Module | null} */
let defaultEngine = null;

/**
 * Compiles the engine module and makes it the default for distributors
 * created without `options.engine`. `source`: a URL or (in Node) a path, the
 * module's bytes, a Response, or a WebAssembly.Module; by default
 * karmem_sync_engine.wasm beside this file. Browsers must call it (or pass
 * options.engine) before createMemoryDistributor, which is synchronous.
 * @param {URL | string | BufferSource | Response | WebAssembly.Module} [source]
 * @returns {Promise<WebAssembly.Module>}
 */
export async function loadEngine(source = new URL(ENGINE_FILE, import.meta.url)) {
  let module;
  if (source instanceof WebAssembly.Module) {
    module = source;
  } else if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
    module = new WebAssembly.Module(source);
  } else if (typeof Response !== 'undefined' && source instanceof Response) {
    module = new WebAssembly.Module(await source.arrayBuffer());
  } else if (typeof source === 'string' || source instanceof URL) {
    const url = source instanceof URL ? source : null;
    const fs = nodeFs();
    if (fs && (!url || url.protocol === 'file:')) {
      module = new WebAssembly.Module(fs.readFileSync(source));
    } else {
      const response = await fetch(source);
      if (!response.ok) throw new TypeError(`loadEngine: ${source}: HTTP ${response.status}`);
      module = new WebAssembly.Module(await response.arrayBuffer());
    }
  } else {
    throw new TypeError(`loadEngine: source must be a URL, a path, bytes, a Response or a WebAssembly.Module, got ${describeValue(source)}`);
  }
  defaultEngine = module;
  return module;
}

/** Node's fs, without a static import (this file also runs in browsers). */
function nodeFs() {
  const p = /** @type {any} */ (globalThis).process;
  return typeof p?.getBuiltinModule === 'function' ? p.getBuiltinModule('node:fs') : null;
}

/** @param {unknown} given */
function engineModule(given) {
  if (given instanceof WebAssembly.Module) return given;
  if (given !== undefined) {
    if (ArrayBuffer.isView(given) || given instanceof ArrayBuffer) return new WebAssembly.Module(given);
    throw new TypeError(`options.engine must be a WebAssembly.Module or its bytes, got ${describeValue(given)}`);
  }
  if (defaultEngine) return defaultEngine;
  const fs = nodeFs();
  const url = new URL(ENGINE_FILE, import.meta.url);
  if (!fs) throw new TypeError('no sync engine: `await loadEngine()` first (or pass options.engine)');
  let bytes;
  try {
    bytes = fs.readFileSync(url);
  } catch (e) {
    throw new TypeError(`no sync engine at ${url.pathname} (${/** @type {Error} */ (e).message}): ` +
                        'install runtime/js with the engine, or call loadEngine(path) first');
  }
  defaultEngine = new WebAssembly.Module(bytes);
  return defaultEngine;
}

/**
 * A new engine instance. Its only imports are a few WASI stdio functions
 * that the runtime never calls on a success path: each answers EBADF.
 * @param {WebAssembly.Module} module
 */
function instantiateEngine(module) {
  /** @type {Record<string, Record<string, Function>>} */
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== 'function') throw new TypeError(`the sync engine imports ${imp.module}.${imp.name} (a ${imp.kind}): not an engine`);
    (imports[imp.module] ??= {})[imp.name] = imp.name === 'proc_exit'
      ? (status) => { throw new Error(`the sync engine exited with status ${status}`); }
      : () => EBADF;
  }
  const instance = new WebAssembly.Instance(module, imports);
  const e = /** @type {any} */ (instance.exports);
  if (typeof e.karmem_sync_engine_plan !== 'function' || !(e.memory instanceof WebAssembly.Memory)) {
    throw new TypeError('options.engine is not karmem_sync_engine.wasm (no karmem_sync_engine_plan export)');
  }
  e._initialize?.();
  return e;
}

/** One engine instance per module, for peerIdOf(). @type {WeakMap<WebAssembly.Module, any>} */
const idEngines = new WeakMap();

/**
 * The u32 id of a peer name: the low 32 bits of XXH3-64 (seed 0, default
 * secret) of its UTF-8 bytes, the same in every language (an in-module peer,
 * a Go or Rust peer, uses this number as its peer id). Names are 1 to 1024
 * bytes of well-formed Unicode and not a decimal integer of 0..2^32-1 (those
 * are the vector-clock keys of unnamed peers).
 * @param {string} name
 * @param {{ engine?: WebAssembly.Module | BufferSource }} [options]
 */
export function peerIdOf(name, options = {}) {
  const module = engineModule(options.engine);
  let e = idEngines.get(module);
  if (!e) idEngines.set(module, (e = instantiateEngine(module)));
  return idOf(e, 'name', name);
}

/** @param {any} e engine exports @param {string} what @param {unknown} name */
function idOf(e, what, name) {
  if (typeof name !== 'string') throw new TypeError(`${what} must be a string, got ${describeValue(name)}`);
  if (!name.isWellFormed()) throw invalidArgument(`${what} ${JSON.stringify(name)} holds a lone surrogate (not UTF-8)`);
  if (/^(0|[1-9][0-9]*)$/.test(name) && Number(name) < WASM32_BYTES) {
    throw invalidArgument(`${what} ${JSON.stringify(name)} is a decimal number: those are the vector-clock keys of unnamed peers`);
  }
  const bytes = encoder.encode(name);
  if (bytes.length === 0 || bytes.length > MAX_NAME_BYTES) {
    throw invalidArgument(`${what} is ${bytes.length} UTF-8 bytes; it must be 1 to ${MAX_NAME_BYTES}`);
  }
  const ptr = e.karmem_sync_engine_name_buffer(bytes.length) >>> 0;
  new Uint8Array(e.memory.buffer, ptr, bytes.length).set(bytes);
  return e.karmem_sync_engine_peer_id(ptr, bytes.length) >>> 0;
}

/**
 * Every option, checked before anything is allocated: the rules of
 * sync.mjs (pageSize, scanInterval, scanMode, size, capacity) plus where the
 * region lies in the user's memory.
 * @param {WebAssembly.Memory} memory @param {unknown} options
 */
function checkOptions(memory, options) {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`options must be an object, got ${describeValue(options)}`);
  }
  const o = /** @type {Record<string, any>} */ (options);
  for (const key of Object.keys(o)) {
    if (!OPTIONS.includes(key)) throw new TypeError(`options.${key} is not an option (${OPTIONS.join(', ')})`);
  }
  const { pageSize, scanInterval } = checkDistributorOptions({ pageSize: o.pageSize, scanInterval: o.scanInterval ?? 100 });
  const length = memory.buffer.byteLength;
  const offset = checkInteger('options.offset', o.offset ?? 0, 0, WASM32_BYTES);
  if (offset % pageSize !== 0) throw invalidArgument(`options.offset ${offset} is not a multiple of the page size ${pageSize}`);
  if (offset >= length) throw invalidArgument(`options.offset ${offset} is not inside the memory (${length} bytes)`);
  const size = o.size ?? length - offset;
  checkInteger('options.size', size, 1, length - offset);
  const fallback = Math.max(size, Math.min(DEFAULT_CAPACITY, Math.floor((WASM32_BYTES - offset) / pageSize - 1) * pageSize));
  const capacity = o.capacity ?? fallback;
  checkInteger('options.capacity', capacity, size, WASM32_BYTES - offset);
  const checked = checkDistributorOptions({ pageSize, scanInterval, scanMode: o.scanMode, size, capacity, units: o.units });
  const peers = o.peers ?? [];
  if (!Array.isArray(peers)) throw new TypeError(`options.peers must be an array of names, got ${describeValue(peers)}`);
  return { ...checked, offset, peers, engine: o.engine, scanModeName: o.scanMode ?? 'full', unitsOption: o.units };
}

export class MemoryDistributor {
  /**
   * Use createMemoryDistributor() (the same arguments).
   * @param {WebAssembly.Memory} wasmMemory
   * @param {string} peerId this peer's name
   * @param {MemoryDistributorOptions} [config]
   */
  constructor(wasmMemory, peerId, config = {}) {
    if (!(wasmMemory instanceof WebAssembly.Memory)) {
      throw new TypeError(`wasmMemory must be a WebAssembly.Memory, got ${describeValue(wasmMemory)}`);
    }
    if (typeof peerId !== 'string') throw new TypeError(`peerId must be a string, got ${describeValue(peerId)}`);
    const o = checkOptions(wasmMemory, config);
    const e = instantiateEngine(engineModule(o.engine));
    // Names, mapped and checked for collisions among the peers named here.
    /** @type {Map<number, string>} */
    this._names = new Map();
    const name = (what, n) => {
      const id = idOf(e, what, n);
      const other = this._names.get(id);
      if (other !== undefined && other !== n) {
        throw invalidArgument(`peers ${JSON.stringify(other)} and ${JSON.stringify(n)} both map to id ${id}: rename one`);
      }
      this._names.set(id, n);
      return id;
    };
    this.id = name('peerId', peerId);
    this.peerId = peerId;
    o.peers.forEach((p, i) => name(`options.peers[${i}]`, p));

    this._memory = wasmMemory;
    this._offset = o.offset;
    this._pageSize = o.pageSize;
    this._capacity = o.capacity;
    this._e = e;
    const base = e.karmem_sync_engine_mirror(o.capacity, o.pageSize) >>> 0;
    if (base === 0) {
      throw new SyncError(OUT_OF_MEMORY, 'out_of_memory', `out_of_memory: the engine has no room for a ${o.capacity}-byte mirror (options.capacity)`);
    }
    this._base = base;
    // The user's bytes now are the baseline, as with an in-module tracker.
    this._mirror(0, o.size).set(this._user(0, o.size));
    // Marks for scanMode 'marked': per page, the span [lo, hi) of offsets
    // marked since the last scan (hi 0: none), and the marked pages.
    this._lo = new Uint32Array(0);
    this._hi = new Uint32Array(0);
    /** @type {number[]} */
    this._marked = [];
    this._note = 0; // a host message for the next karmem_sync_last_error
    this._d = createDistributor(this._exports(), this.id, {
      pageSize: o.pageSize, scanInterval: o.scanInterval, scanMode: o.scanModeName, base, size: o.size, capacity: o.capacity,
      units: o.unitsOption,
    });
    /** @type {{ version: number, digest: bigint } | null} this region's snapshot version and units digest */
    this._ownUnits = null;
  }

  /** The user's region bytes [from, to) (a fresh view: the memory may have grown). */
  _user(from, to) {
    return new Uint8Array(this._memory.buffer, this._offset + from, to - from);
  }

  /** The mirror's bytes [from, to). */
  _mirror(from, to) {
    return new Uint8Array(this._e.memory.buffer, this._base + from, to - from);
  }

  /**
   * The engine's exports as sync.mjs's Distributor sees them: the same
   * functions, except that a scan first copies the user's bytes into the
   * mirror and an apply copies the spans it can write in and back out.
   */
  _exports() {
    const e = this._e;
    return {
      ...e,
      karmem_sync_scan: (h, mode) => {
        if (mode === 0) this._copyRegionIn(h);
        else if (mode === 1) this._copyMarksIn(h);
        return e.karmem_sync_scan(h, mode);
      },
      karmem_sync_apply: (h, ptr, n) => this._apply(h, ptr, n),
      karmem_sync_apply_snapshot: (h, ptr, n) => this._applySnapshot(h, ptr, n),
      karmem_sync_last_error: (h) => {
        const note = this._note;
        this._note = 0;
        return note || e.karmem_sync_last_error(h);
      },
    };
  }

  _copyRegionIn(h) {
    const size = this._e.karmem_sync_size(h) >>> 0;
    this._mirror(0, size).set(this._user(0, size));
    this._clearMarks();
  }

  _copyMarksIn(h) {
    const ps = this._pageSize;
    for (const p of this._marked) {
      const from = p * ps + this._lo[p], to = p * ps + this._hi[p];
      this._mirror(from, to).set(this._user(from, to));
      this._e.karmem_sync_mark_dirty(h, this._base + from, to - from);
    }
    this._clearMarks();
  }

  _clearMarks() {
    for (const p of this._marked) this._hi[p] = 0;
    this._marked.length = 0;
  }

  /** karmem_sync_apply for the mirror (see the header). */
  _apply(h, ptr, n) {
    const e = this._e, ps = this._pageSize;
    // An unreadable batch, or one for another page size or a larger
    // capacity: the tracker rejects it with its own code and message.
    if (e.karmem_sync_engine_plan(ptr, n) !== 0 || 2 ** e.karmem_sync_engine_plan_page_shift() !== ps) {
      return e.karmem_sync_apply(h, ptr, n);
    }
    return this._applyPlanned(h, () => e.karmem_sync_apply(h, ptr, n));
  }

  /**
   * karmem_sync_apply_snapshot for the mirror: as _apply, with the spans the
   * snapshot's page entries cover. A snapshot the tracker will refuse from
   * its header (unreadable, another page size, past the capacity, other
   * units) goes to it directly, so that the user's memory is not grown for
   * it; the tracker then refuses it with its own code and message.
   */
  _applySnapshot(h, ptr, n) {
    const e = this._e;
    const direct = () => e.karmem_sync_apply_snapshot(h, ptr, n);
    if (e.karmem_sync_engine_plan_snapshot(ptr, n) !== 0 || 2 ** e.karmem_sync_engine_plan_page_shift() !== this._pageSize) {
      return direct();
    }
    const version = e.karmem_sync_engine_plan_version(), digest = e.karmem_sync_engine_plan_units_digest();
    const own = this._units(h);
    if (version !== own.version || digest !== own.digest) return direct();
    // The plan of the incoming snapshot was overwritten by _units(): again.
    if (e.karmem_sync_engine_plan_snapshot(ptr, n) !== 0) return direct();
    return this._applyPlanned(h, direct);
  }

  /**
   * This region's snapshot version and units digest, read once from a
   * snapshot of its own (units are fixed before the first batch or snapshot
   * is applied, which is when this is first needed).
   */
  _units(h) {
    if (this._ownUnits) return this._ownUnits;
    const e = this._e;
    if (e.karmem_sync_snapshot(h) !== 0) return { version: -1, digest: 0n };
    const code = e.karmem_sync_engine_plan_snapshot(e.karmem_sync_snapshot_data(h), e.karmem_sync_snapshot_size(h));
    const own = { version: e.karmem_sync_engine_plan_version(), digest: e.karmem_sync_engine_plan_units_digest() };
    e.karmem_sync_snapshot_free(h);
    if (code === 0) this._ownUnits = own;
    return own;
  }

  /**
   * The copies around an apply of a batch or snapshot the engine just
   * planned (karmem_sync_engine_plan*): grows the user's memory if the
   * plan's region needs it, copies the planned spans of the pages the
   * region has into the mirror, runs `apply`, and on success copies them
   * back, with the pages the apply grew the region by.
   * @param {number} h @param {() => number} apply
   */
  _applyPlanned(h, apply) {
    const e = this._e, ps = this._pageSize;
    const oldSize = e.karmem_sync_size(h) >>> 0;
    const regionBytes = (e.karmem_sync_engine_plan_region_pages() >>> 0) * ps;
    if (regionBytes > this._capacity) return apply();
    if (regionBytes > oldSize && !this._reach(regionBytes)) return GROW_FAILED;
    const count = e.karmem_sync_engine_plan_pages() >>> 0;
    const spans = new Uint32Array(e.memory.buffer, e.karmem_sync_engine_plan_spans() >>> 0, 3 * count).slice();
    const oldPages = oldSize / ps;
    const each = (copy) => {
      for (let i = 0; i < 3 * count; i += 3) {
        if (spans[i] < oldPages) copy(spans[i] * ps + spans[i + 1], spans[i] * ps + spans[i + 2]);
      }
    };
    each((from, to) => this._mirror(from, to).set(this._user(from, to)));
    const code = apply();
    if (code !== 0) return code;
    // The apply may have grown the engine's memory: fresh views.
    each((from, to) => this._user(from, to).set(this._mirror(from, to)));
    // Pages the batch grew the region by: zero, then its writes, as an
    // in-module region's growth (the bytes past a region belong to it).
    const newSize = e.karmem_sync_size(h) >>> 0;
    if (newSize > oldSize) this._user(oldSize, newSize).set(this._mirror(oldSize, newSize));
    return 0;
  }

  /**
   * Makes the user's memory hold the region at `bytes` (memory.grow, as an
   * in-module tracker grows its module's memory); false, with a note for
   * the error message, when it cannot.
   * @param {number} bytes
   */
  _reach(bytes) {
    const need = this._offset + bytes - this._memory.buffer.byteLength;
    if (need <= 0) return true;
    try {
      this._memory.grow(Math.ceil(need / 65536));
      return true;
    } catch (err) {
      const message = `grow_failed: the WebAssembly.Memory could not grow to hold a region of ${bytes} bytes ` +
                      `at offset ${this._offset} (${/** @type {Error} */ (err).message})`;
      const note = this._e.karmem_sync_engine_note() >>> 0;
      const text = encoder.encode(message).subarray(0, 255);
      const out = new Uint8Array(this._e.memory.buffer, note, 256);
      out.set(text);
      out[text.length] = 0;
      this._note = note;
      return false;
    }
  }

  /** @returns {{ offset: number, size: number, capacity: number }} */
  get region() {
    const { size, capacity } = this._d.region;
    return { offset: this._offset, size, capacity };
  }

  get pageSize() {
    return this._d.pageSize;
  }

  get scanInterval() {
    return this._d.scanInterval;
  }

  set scanInterval(ms) {
    this._d.scanInterval = ms;
  }

  /** A view of the region in the user's memory (taken afresh: memory.grow detaches views). */
  bytes() {
    return this._user(0, this.region.size);
  }

  /**
   * Notes that region bytes [offset, offset + length) may have changed, for
   * marked scans. Cost: O(1) per page touched; a marked scan copies, per
   * page, the span from its first to its last marked byte.
   * @param {number} offset from the region's start
   * @param {number} length
   */
  markDirty(offset, length) {
    const { size } = this.region;
    checkInteger('offset', offset, 0, size);
    checkInteger('length', length, 0, size - offset);
    const ps = this._pageSize, pages = size / ps;
    if (this._hi.length < pages) {
      const lo = new Uint32Array(pages), hi = new Uint32Array(pages);
      lo.set(this._lo);
      hi.set(this._hi);
      this._lo = lo;
      this._hi = hi;
    }
    for (let at = offset, end = offset + length; at < end;) {
      const p = Math.floor(at / ps), stop = Math.min(end, (p + 1) * ps);
      const lo = at - p * ps, hi = stop - p * ps;
      if (this._hi[p] === 0) {
        this._marked.push(p);
        this._lo[p] = lo;
        this._hi[p] = hi;
      } else {
        this._lo[p] = Math.min(this._lo[p], lo);
        this._hi[p] = Math.max(this._hi[p], hi);
      }
      at = stop;
    }
  }

  /**
   * Finds what changed since the last scan: the patches to send (Uint8Array
   * batches, copies; an empty array when nothing changed).
   * @param {'full'|'marked'} [mode]
   */
  scan(mode) {
    return this._d.scan(mode);
  }

  scanStats() {
    return this._d.scanStats();
  }

  /**
   * A snapshot of the synced state (docs/sync-snapshot-format.md), as
   * sync.mjs's: what this peer's scans and applies left. Local writes not yet
   * scanned are not in it, exactly as with an in-module tracker: scan first
   * to include them (the transports do).
   * @returns {Uint8Array}
   */
  snapshot() {
    return this._d.snapshot();
  }

  /**
   * Merges a snapshot from any peer of the same page size and units
   * (in-module or not) into the region, byte by byte by stamps; the region
   * (and, if needed, the memory) grows to the snapshot's size. Local writes
   * not yet scanned survive where the snapshot does not win, as in-module. A
   * refused snapshot throws a SyncError and changes nothing in the user's
   * memory.
   * @param {Uint8Array | ArrayBuffer | ArrayBufferView} snapshot
   */
  applySnapshot(snapshot) {
    this._d.applySnapshot(snapshot);
  }

  /** Valid patches skipped as already held (duplicates, or covered by an applied snapshot). */
  get skippedPatches() {
    return this._d.skippedPatches;
  }

  /**
   * Calls `callback(patches)` after each automatic scan that found changes
   * (every scanInterval ms while a callback is registered). Returns a
   * function that unregisters it.
   * @param {(patches: Uint8Array[]) => void} callback
   */
  onDiff(callback) {
    return this._d.onDiff(callback);
  }

  /**
   * Applies patches from peers (any order, duplicates allowed); throws
   * PatchesRejected after applying the valid ones if some were not.
   * @param {Iterable<Uint8Array | ArrayBuffer | ArrayBufferView>} patches
   */
  applyPatches(patches) {
    return this._d.applyPatches(patches);
  }

  /**
   * The vector clock: per peer, how many of its batches this peer has seen.
   * Keys are the peer's name when this distributor knows it (its own, and
   * options.peers), else its decimal u32 id.
   * @returns {Record<string, number>}
   */
  vectorClock() {
    /** @type {Record<string, number>} */
    const clock = {};
    for (const [id, counter] of Object.entries(this._d.vectorClock())) {
      clock[this._names.get(Number(id)) ?? id] = counter;
    }
    return clock;
  }

  /** The vector clock keyed by u32 id, as sync.mjs gives it. */
  vectorClockById() {
    return this._d.vectorClock();
  }

  /** The name this distributor knows for a u32 id, or undefined. @param {number} id */
  peerName(id) {
    return this._names.get(id);
  }

  /**
   * Grows the region after the memory grew: to `newSize` bytes (a page
   * multiple), or without it to as far as the memory now reaches. Past the
   * capacity it is invalid_argument and nothing changes. New bytes go out
   * with the next scan.
   * @param {number} [newSize]
   */
  resize(newSize) {
    const { size, capacity } = this.region;
    const ps = this._pageSize;
    const reach = Math.floor((this._memory.buffer.byteLength - this._offset) / ps) * ps;
    const target = newSize === undefined ? reach : checkInteger('newSize', newSize, 0, WASM32_BYTES - 1);
    if (target > reach) throw invalidArgument(`newSize ${target} is past the memory's end (${reach} bytes from offset ${this._offset})`);
    if (target > capacity) {
      throw invalidArgument(`the memory now reaches ${target} bytes past offset ${this._offset}, beyond this distributor's ` +
                            `capacity of ${capacity} (create it with a larger options.capacity)`);
    }
    this._d.resize(newSize === undefined ? Math.max(target, size) : target);
    if (target > size) this.markDirty(size, target - size);
  }

  /** Stops automatic scans and frees the engine's tracker. */
  destroy() {
    this._d.destroy();
    this._clearMarks();
  }
}

/** @param {unknown} state @param {string} fn @returns {MemoryDistributor} */
function distributorOf(state, fn) {
  if (!(state instanceof MemoryDistributor)) {
    throw new TypeError(`${fn}: state must be what createMemoryDistributor returned, got ${describeValue(state)}`);
  }
  return state;
}

/**
 * Creates a distributor for `wasmMemory` (the seed's entry point). The state
 * it returns is the MemoryDistributor object itself; the functions below
 * return it again, so `state = f(state, ...)` works as with the seed.
 * @param {WebAssembly.Memory} wasmMemory
 * @param {string} peerId this peer's name (unique among the peers)
 * @param {MemoryDistributorOptions} [config]
 */
export function createMemoryDistributor(wasmMemory, peerId, config = {}) {
  return new MemoryDistributor(wasmMemory, peerId, config);
}

/** @param {MemoryDistributor} state @returns {{ state: MemoryDistributor, patches: Uint8Array[] }} */
export function scan(state) {
  const d = distributorOf(state, 'scan');
  return { state: d, patches: d.scan() };
}

/** @param {MemoryDistributor} state @param {(patches: Uint8Array[]) => void} callback */
export function onDiff(state, callback) {
  const d = distributorOf(state, 'onDiff');
  d.onDiff(callback);
  return d;
}

/** @param {MemoryDistributor} state @param {Iterable<Uint8Array>} patches */
export function applyPatches(state, patches) {
  const d = distributorOf(state, 'applyPatches');
  d.applyPatches(patches);
  return d;
}

/**
 * A snapshot of the state's synced region (MemoryDistributor.snapshot).
 * @param {MemoryDistributor} state @returns {{ state: MemoryDistributor, snapshot: Uint8Array }}
 */
export function snapshot(state) {
  const d = distributorOf(state, 'snapshot');
  return { state: d, snapshot: d.snapshot() };
}

/** @param {MemoryDistributor} state @param {Uint8Array} bytes */
export function applySnapshot(state, bytes) {
  const d = distributorOf(state, 'applySnapshot');
  d.applySnapshot(bytes);
  return d;
}

/** @param {MemoryDistributor} state */
export function getVectorClock(state) {
  return distributorOf(state, 'getVectorClock').vectorClock();
}

/**
 * After wasmMemory.grow(): `newBuffer` must be the memory's current buffer.
 * @param {MemoryDistributor} state @param {ArrayBuffer} newBuffer
 */
export function resizeMemory(state, newBuffer) {
  const d = distributorOf(state, 'resizeMemory');
  const isBuffer = newBuffer instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && newBuffer instanceof SharedArrayBuffer);
  if (!isBuffer) throw new TypeError(`resizeMemory: newBuffer must be an ArrayBuffer, got ${describeValue(newBuffer)}`);
  if (newBuffer !== d._memory.buffer) {
    throw invalidArgument("resizeMemory: newBuffer is not the memory's current buffer (pass wasmMemory.buffer after grow)");
  }
  d.resize();
  return d;
}

/** @param {MemoryDistributor} state */
export function destroy(state) {
  distributorOf(state, 'destroy').destroy();
  return state;
}
