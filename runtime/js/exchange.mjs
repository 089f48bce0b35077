// The host side of the exchange (docs/exchange-layout.md): one
// WebAssembly.Memory that separately compiled wasm32 modules import, the
// region table at 1024 that names the shared regions, and module loading
// that checks each module's range (its `karmem.module` custom section)
// against the table before the module can write a byte.
//
//   const shm = createSharedMemory({ maximumPages: 16384, shared: true });
//   const producer = await loadModule(shm, 'producer.wasm');
//   // in a Worker, after postMessage(shm.memory):
//   const consumer = await loadModule(openSharedMemory(memory), 'consumer.wasm');
//
// Every failure is an ExchangeError with a `code`; a refused operation
// changes nothing in the memory. Node and browsers alike: node:wasi in Node,
// a small wasi_snapshot_preview1 shim elsewhere. Tests: test/exchange/host-*.

/** Numbers of docs/exchange-layout.md (runtime/include/karmem/exchange/layout.h holds the same). */
export const layout = Object.freeze({
  version: 1,
  tableAddress: 1024,
  reservedEnd: 65536,
  tableMagic: 0x54584d4b, // "KMXT"
  headerSize: 64,
  entrySize: 64,
  moduleRecordSize: 16,
  maxEntries: 512,
  maxModules: 64,
  nameCapacity: 32,
  regionAlignment: 64,
  kindRaw: 1,
  kindChannel: 2,
  moduleMagic: 0x444f4d4b, // "KMOD"
  moduleSectionSize: 20,
  moduleFlagThreads: 1,
});

/** Slots of cmake/KarmemExchange.cmake: slot n starts at 64 KiB + n * 16 MiB. */
export const slots = Object.freeze({
  firstBase: 65536,
  unit: 16 * 1024 * 1024,
  count: 16,
  /** Where regions start by default: above the last slot (0x10010000). */
  regionHeapBase: 65536 + 16 * 16 * 1024 * 1024,
});

const PAGE = 65536;
const HOST_LOCK_HOLDER = -1; // 0xFFFFFFFF: the host (modules hold the lock with their own ids)
const T = { magic: 0, version: 4, entryCapacity: 6, lock: 8, count: 12, heapNext: 16, heapLimit: 20,
  moduleCapacity: 24, moduleCount: 26, heapBase: 28 };
const E = { name: 0, offset: 32, size: 36, structId: 40, owner: 48, kind: 52, state: 56 };
const M = { base: 0, limit: 4, id: 8, flags: 12 };

/**
 * @typedef {'corrupt'|'version_mismatch'|'overlap'|'not_linked'|'exists'|'not_found'|'table_full'
 *   |'out_of_memory'|'invalid_argument'|'busy'|'not_isolated'} ExchangeErrorCode
 */

/** What every function here throws; `code` says which rule was broken. */
export class ExchangeError extends Error {
  /** @param {ExchangeErrorCode} code @param {string} message @param {ErrorOptions} [options] */
  constructor(code, message, options) {
    super(`${code}: ${message}`, options);
    this.name = 'ExchangeError';
    /** @type {ExchangeErrorCode} */
    this.code = code;
  }
}

const fail = (code, message, options) => { throw new ExchangeError(code, message, options); };
const hex = (n) => `0x${n.toString(16).padStart(8, '0')}`;
const align = (n, a) => Math.ceil(n / a) * a;
const isShared = (buffer) => typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
const isUint = (n, max) => Number.isInteger(n) && n >= 0 && n <= max;
const utf8 = new TextDecoder('utf-8');

/** A WebAssembly.Memory holding a region table. */
export class ExchangeMemory {
  /** @param {WebAssembly.Memory} memory */
  constructor(memory) {
    /** @type {WebAssembly.Memory} */
    this.memory = memory;
    /** @type {boolean} */
    this.shared = isShared(memory.buffer);
  }
  /** The memory's current size in bytes. */
  get byteLength() { return this.memory.buffer.byteLength; }
  /** A fresh view of [offset, offset + size): views go stale when the memory grows. */
  bytes(offset, size) { return new Uint8Array(this.memory.buffer, offset, size); }
  /** @returns {DataView} */
  view() { return new DataView(this.memory.buffer); }
}

/**
 * @typedef {object} SharedMemoryOptions
 * @property {number} [initialPages] 64 KiB pages at first (default 1: the table page)
 * @property {number} [maximumPages] default 16384 (1 GiB); required by a shared memory
 * @property {boolean} [shared] a shared memory, for modules on several threads (linked THREADS)
 * @property {number} [entryCapacity] region entries, 1..512 (default 512)
 * @property {number} [moduleCapacity] module records, 0..64 (default 64)
 * @property {number} [heapBase] where regions start (default slots.regionHeapBase)
 * @property {number} [heapLimit] where they end (default: the maximum size, below 4 GiB)
 */

/**
 * Creates the memory and writes an empty region table at 1024.
 * @param {SharedMemoryOptions} [options]
 * @returns {ExchangeMemory}
 * @throws {ExchangeError} 'not_isolated' when `shared` is asked for where there is no
 *   SharedArrayBuffer: a browser page or Worker whose `crossOriginIsolated` is false (serve
 *   it with COOP same-origin and COEP require-corp), or a shared memory cannot be made
 *   and SharedArrayBuffer is undefined (test/browser/exchange-workers.test)
 */
export function createSharedMemory(options = {}) {
  const { initialPages = 1, maximumPages = 16384, shared = false, entryCapacity = layout.maxEntries,
    moduleCapacity = layout.maxModules, heapBase = slots.regionHeapBase } = options;
  if (!isUint(maximumPages, 65536) || !isUint(initialPages, maximumPages) || initialPages < 1)
    fail('invalid_argument', `pages: initial ${initialPages}, maximum ${maximumPages} (1 <= initial <= maximum <= 65536)`);
  const { heapLimit = Math.min(maximumPages * PAGE, 2 ** 32 - PAGE) } = options;
  if (!isUint(entryCapacity, layout.maxEntries) || entryCapacity < 1 || !isUint(moduleCapacity, layout.maxModules))
    fail('invalid_argument', `capacities: ${entryCapacity} entries (1..512), ${moduleCapacity} modules (0..64)`);
  if (options.heapBase === undefined && heapLimit < heapBase)
    fail('invalid_argument', `the maximum of ${maximumPages} pages ends below the default region heap base ${hex(heapBase)} (above the ${slots.count} module slots): raise maximumPages or pass heapBase and heapLimit`);
  if (!isUint(heapBase, 2 ** 32 - 1) || heapBase < layout.reservedEnd || heapBase % layout.regionAlignment ||
      !isUint(heapLimit, 2 ** 32 - 1) || heapLimit % layout.regionAlignment || heapLimit < heapBase ||
      heapLimit > maximumPages * PAGE)
    fail('invalid_argument', `region heap [${heapBase}, ${heapLimit}): 64-aligned, above 64 KiB, inside the maximum ${maximumPages * PAGE}`);
  const notIsolated = 'a shared memory needs SharedArrayBuffer, which is unavailable because this page is not cross-origin isolated: serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp';
  if (shared && globalThis.crossOriginIsolated === false) fail('not_isolated', notIsolated);
  let memory;
  try {
    memory = new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages, shared });
  } catch (e) {
    if (shared && typeof SharedArrayBuffer === 'undefined') fail('not_isolated', `${notIsolated} (${e.message})`, { cause: e });
    fail(shared ? 'invalid_argument' : 'out_of_memory', `cannot create the memory: ${e.message}`, { cause: e });
  }
  if (shared && !isShared(memory.buffer)) fail('not_isolated', notIsolated);
  const shm = new ExchangeMemory(memory);
  const dv = shm.view(), t = layout.tableAddress;
  shm.bytes(t, tableEnd(entryCapacity, moduleCapacity) - t).fill(0);
  dv.setUint16(t + T.version, layout.version, true);
  dv.setUint16(t + T.entryCapacity, entryCapacity, true);
  dv.setUint32(t + T.heapNext, heapBase, true);
  dv.setUint32(t + T.heapLimit, heapLimit, true);
  dv.setUint16(t + T.moduleCapacity, moduleCapacity, true);
  dv.setUint32(t + T.heapBase, heapBase, true);
  Atomics.store(new Int32Array(memory.buffer), (t + T.magic) / 4, layout.tableMagic | 0); // last: the table exists
  return shm;
}

/**
 * The exchange in a memory made elsewhere (a Worker receiving it): validates
 * the table, or throws 'corrupt' / 'version_mismatch'.
 * @param {WebAssembly.Memory|ExchangeMemory} memory
 * @returns {ExchangeMemory}
 */
export function openSharedMemory(memory) {
  if (!(memory instanceof ExchangeMemory) && !(memory instanceof WebAssembly.Memory))
    fail('invalid_argument', 'openSharedMemory takes a WebAssembly.Memory');
  const shm = memory instanceof ExchangeMemory ? memory : new ExchangeMemory(memory);
  readTable(shm);
  return shm;
}

// ---- the table ---------------------------------------------------------

function tableEnd(entries, modules) {
  return layout.tableAddress + layout.headerSize + entries * layout.entrySize + modules * layout.moduleRecordSize;
}
const entryAt = (i) => layout.tableAddress + layout.headerSize + i * layout.entrySize;
const moduleAt = (h, i) => entryAt(h.entryCapacity) + i * layout.moduleRecordSize;

/** Reads and checks the header (§1 "A reader validates before use"). */
function readHeader(shm) {
  const t = layout.tableAddress;
  if (shm.byteLength < layout.reservedEnd)
    fail('corrupt', `memory of ${shm.byteLength} bytes cannot hold the region table page`);
  const dv = shm.view(), i32 = new Int32Array(shm.memory.buffer);
  const magic = Atomics.load(i32, (t + T.magic) / 4) >>> 0;
  if (magic !== layout.tableMagic)
    fail('corrupt', `no region table at ${t}: magic ${hex(magic)}, expected ${hex(layout.tableMagic)} ("KMXT")`);
  const version = dv.getUint16(t + T.version, true);
  if (version !== layout.version)
    fail('version_mismatch', `region table version ${version}; this host reads version ${layout.version}`);
  const h = {
    entryCapacity: dv.getUint16(t + T.entryCapacity, true),
    moduleCapacity: dv.getUint16(t + T.moduleCapacity, true),
    count: Atomics.load(i32, (t + T.count) / 4) >>> 0,
    moduleCount: Atomics.load(new Uint16Array(shm.memory.buffer), (t + T.moduleCount) / 2),
    heapBase: dv.getUint32(t + T.heapBase, true),
    heapNext: dv.getUint32(t + T.heapNext, true),
    heapLimit: dv.getUint32(t + T.heapLimit, true),
  };
  const why =
    h.entryCapacity < 1 || h.entryCapacity > layout.maxEntries ? `entry capacity ${h.entryCapacity} (1..512)`
    : h.moduleCapacity > layout.maxModules ? `module capacity ${h.moduleCapacity} (0..64)`
    : tableEnd(h.entryCapacity, h.moduleCapacity) > layout.reservedEnd ? 'table ends past 64 KiB'
    : h.count > h.entryCapacity ? `entry count ${h.count} above capacity ${h.entryCapacity}`
    : h.moduleCount > h.moduleCapacity ? `module count ${h.moduleCount} above capacity ${h.moduleCapacity}`
    : h.heapBase < layout.reservedEnd || h.heapBase % layout.regionAlignment ? `heap base ${hex(h.heapBase)}`
    : h.heapNext < h.heapBase || h.heapLimit < h.heapNext
      ? `heap [base ${hex(h.heapBase)}, next ${hex(h.heapNext)}, limit ${hex(h.heapLimit)}] out of order` : null;
  if (why) fail('corrupt', `region table: ${why}`);
  return h;
}

/** The entries below the count, each checked; a list of regions. */
function readEntries(shm, h) {
  const dv = shm.view(), i32 = new Int32Array(shm.memory.buffer), size = shm.byteLength;
  const regions = [];
  for (let i = 0; i < h.count; ++i) {
    const e = entryAt(i);
    const state = Atomics.load(i32, (e + E.state) / 4);
    if (state !== 1) fail('corrupt', `entry ${i} below the count is not ready (state ${state >>> 0})`);
    const raw = shm.bytes(e + E.name, layout.nameCapacity).slice(); // a copy: TextDecoder refuses shared views
    const len = raw.indexOf(0);
    if (len < 1) fail('corrupt', `entry ${i}: name ${len === 0 ? 'empty' : 'not NUL-terminated'}`);
    const r = {
      name: utf8.decode(raw.subarray(0, len)),
      offset: dv.getUint32(e + E.offset, true),
      size: dv.getUint32(e + E.size, true),
      structId: dv.getBigUint64(e + E.structId, true),
      owner: dv.getUint32(e + E.owner, true),
      kind: dv.getUint32(e + E.kind, true),
    };
    if (r.offset < h.heapBase || r.offset + r.size > h.heapNext || r.offset + r.size > size)
      fail('corrupt', `entry ${i} ('${r.name}'): [${hex(r.offset)}, +${r.size}) lies outside the region heap [${hex(h.heapBase)}, ${hex(h.heapNext)}) or the memory (${size} bytes)`);
    if (r.kind !== layout.kindRaw && r.kind !== layout.kindChannel)
      fail('corrupt', `entry ${i} ('${r.name}'): kind ${r.kind}`);
    regions.push(r);
  }
  return regions;
}

/** The module records, each checked (no overlaps, unique ids). */
function readModules(shm, h) {
  const dv = shm.view(), mods = [];
  for (let i = 0; i < h.moduleCount; ++i) {
    const m = moduleAt(h, i);
    const r = { id: dv.getUint32(m + M.id, true), base: dv.getUint32(m + M.base, true),
      limit: dv.getUint32(m + M.limit, true), flags: dv.getUint32(m + M.flags, true) };
    const why = r.id === 0 ? 'id 0' : r.base < layout.reservedEnd || r.limit <= r.base ? `range [${hex(r.base)}, ${hex(r.limit)})`
      : r.base < h.heapLimit && h.heapBase < r.limit ? 'range overlaps the region heap'
      : mods.find((o) => o.id === r.id) ? `id ${r.id} twice`
      : mods.find((o) => o.base < r.limit && r.base < o.limit) ? 'range overlaps another module' : null;
    if (why) fail('corrupt', `module record ${i}: ${why}`);
    mods.push({ ...r, threads: (r.flags & layout.moduleFlagThreads) !== 0 });
  }
  return mods;
}

/** Header, entries and module records, all validated. */
function readTable(shm) {
  const h = readHeader(shm);
  return { h, regions: readEntries(shm, h), modules: readModules(shm, h) };
}

/**
 * Runs fn holding the table lock (a spin lock: Atomics.compareExchange on the
 * lock word). On an unshared memory nobody else can release a held lock, so
 * that is 'busy' at once; on a shared one, after `timeoutMs`.
 */
function withLock(shm, fn, timeoutMs = 2000) {
  const i32 = new Int32Array(shm.memory.buffer), at = (layout.tableAddress + T.lock) / 4;
  readTable(shm); // never spin on a word that is not a table's lock
  let deadline = 0;
  for (let spins = 0; ; ++spins) {
    const holder = Atomics.compareExchange(i32, at, 0, HOST_LOCK_HOLDER);
    if (holder === 0) break;
    if (!shm.shared) fail('busy', `the table lock is held (by ${holder >>> 0}) on an unshared memory: nobody can release it`);
    if (spins === 1000) deadline = Date.now() + timeoutMs;
    if (spins > 1000) {
      if (Date.now() > deadline) fail('busy', `the table lock stayed held (by ${holder >>> 0}) for ${timeoutMs} ms`);
      try { Atomics.wait(i32, at, holder, 0.05); } catch { /* a browser main thread cannot wait: spin */ }
    }
  }
  try {
    return fn(readTable(shm));
  } finally {
    Atomics.store(new Int32Array(shm.memory.buffer), at, 0);
  }
}

/** Grows the memory until it holds `end` bytes; false when it cannot. */
function ensureSize(shm, end) {
  const have = shm.byteLength;
  if (end <= have) return true;
  try {
    shm.memory.grow(Math.ceil((end - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}

// ---- regions -------------------------------------------------------------

/**
 * @typedef {object} Region
 * @property {string} name
 * @property {number} offset
 * @property {number} size
 * @property {bigint} structId
 * @property {number} owner the creating module's id, 0 for the host
 * @property {number} kind 1 raw, 2 channel
 */

function encodeName(name) {
  if (typeof name !== 'string') fail('invalid_argument', 'a region name is a string');
  const bytes = new TextEncoder().encode(name);
  if (bytes.length < 1 || bytes.length >= layout.nameCapacity || bytes.includes(0))
    fail('invalid_argument', `region name '${name}': 1 to 31 bytes of UTF-8, no NUL`);
  return bytes;
}

/** The ready regions of the table. @param {ExchangeMemory} shm @returns {Region[]} */
export function listRegions(shm) {
  return readTable(shm).regions;
}

/** The region named `name`, or 'not_found'. @param {ExchangeMemory} shm @param {string} name @returns {Region} */
export function findRegion(shm, name) {
  encodeName(name);
  const found = listRegions(shm).find((r) => r.name === name);
  return found ?? fail('not_found', `no region named '${name}'`);
}

/**
 * Creates a zeroed region of `size` bytes at the region heap's next 64-byte
 * boundary, growing the memory when needed; it never moves.
 * @param {ExchangeMemory} shm
 * @param {string} name
 * @param {number} size
 * @param {{structId?: bigint|number, kind?: number}} [options]
 * @returns {Region}
 */
export function createRegion(shm, name, size, options = {}) {
  const bytes = encodeName(name);
  const { kind = layout.kindRaw } = options;
  let { structId = 0n } = options;
  if (!isUint(size, 2 ** 32 - 1) || size === 0) fail('invalid_argument', `region size ${size}: 1 to 2^32-1 bytes`);
  if (kind !== layout.kindRaw && kind !== layout.kindChannel) fail('invalid_argument', `region kind ${kind}: 1 raw, 2 channel`);
  if (typeof structId === 'number' && Number.isSafeInteger(structId)) structId = BigInt(structId);
  if (typeof structId !== 'bigint' || structId < 0n || structId >= 2n ** 64n)
    fail('invalid_argument', `struct id ${structId}: a u64`);
  return withLock(shm, ({ h, regions }) => {
    if (regions.some((r) => r.name === name)) fail('exists', `a region named '${name}' exists`);
    if (h.count >= h.entryCapacity) fail('table_full', `all ${h.entryCapacity} entries are taken`);
    const offset = align(h.heapNext, layout.regionAlignment), end = offset + size;
    if (end > h.heapLimit)
      fail('out_of_memory', `'${name}' (${size} bytes at ${hex(offset)}) ends past the region heap limit ${hex(h.heapLimit)}`);
    if (!ensureSize(shm, end)) fail('out_of_memory', `the memory cannot grow to ${end} bytes for '${name}'`);
    shm.bytes(offset, size).fill(0);
    const e = entryAt(h.count), dv = shm.view();
    shm.bytes(e, layout.entrySize).fill(0);
    shm.bytes(e + E.name, bytes.length).set(bytes);
    dv.setUint32(e + E.offset, offset, true);
    dv.setUint32(e + E.size, size, true);
    dv.setBigUint64(e + E.structId, structId, true);
    dv.setUint32(e + E.kind, kind, true);
    dv.setUint32(layout.tableAddress + T.heapNext, Math.min(align(end, layout.regionAlignment), h.heapLimit), true);
    const i32 = new Int32Array(shm.memory.buffer);
    Atomics.store(i32, (e + E.state) / 4, 1); // the entry is complete
    Atomics.store(i32, (layout.tableAddress + T.count) / 4, h.count + 1); // and now counted
    return { name, offset, size, structId, owner: 0, kind };
  });
}

// ---- modules -------------------------------------------------------------

/**
 * @typedef {object} ModuleRange
 * @property {number} id 1-based, recorded in the table
 * @property {number} base
 * @property {number} limit exclusive
 * @property {number} flags
 * @property {boolean} threads linked with --shared-memory
 */

/** The module records of the table. @param {ExchangeMemory} shm @returns {ModuleRange[]} */
export function listModules(shm) {
  return readTable(shm).modules;
}

/** The `karmem.module` section of a compiled module: its range and flags. */
export function readModuleInfo(module, label = 'module') {
  const sections = WebAssembly.Module.customSections(module, 'karmem.module');
  if (sections.length === 0)
    fail('not_linked', `${label} has no karmem.module section: it was not linked for the exchange (build it with karmem_add_exchange_module)`);
  if (sections.length > 1 || sections[0].byteLength !== layout.moduleSectionSize)
    fail('not_linked', `${label}: its karmem.module section holds ${sections.reduce((n, s) => n + s.byteLength, 0)} bytes in ${sections.length} section(s), expected one of 20 (two module_info objects linked?)`);
  const dv = new DataView(sections[0]);
  const [magic, version, base, limit, flags] = [0, 4, 8, 12, 16].map((o) => dv.getUint32(o, true));
  if (magic !== layout.moduleMagic) fail('not_linked', `${label}: karmem.module magic ${hex(magic)}, expected ${hex(layout.moduleMagic)} ("KMOD")`);
  if (version !== layout.version) fail('version_mismatch', `${label}: karmem.module version ${version}; this host reads version ${layout.version}`);
  if (base >= limit || flags & ~layout.moduleFlagThreads)
    fail('not_linked', `${label}: karmem.module holds range [${hex(base)}, ${hex(limit)}) and flags ${flags}`);
  return { base, limit, flags, threads: (flags & layout.moduleFlagThreads) !== 0 };
}

// A few facts from the binary that the JS API does not give: the memory
// import's limits and the active data segments (where instantiation writes).
function scanBinary(bytes) {
  let p = 8;
  const u8 = () => bytes[p++];
  const leb = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return r; };
  const sleb = () => { let r = 0n, s = 0n, b; do { b = bytes[p++]; r |= BigInt(b & 0x7f) << s; s += 7n; } while (b & 0x80);
    return Number(b & 0x40 ? r - (1n << s) : r); };
  const name = () => { const n = leb(); p += n; };
  const limits = () => { const f = u8(); const min = leb(); const max = f & 1 ? leb() : null; return { shared: (f & 2) !== 0, min, max }; };
  const out = { memory: null, segments: [] };
  while (p < bytes.length) {
    const id = u8(), size = leb(), end = p + size;
    if (id === 2) {
      for (let n = leb(); n > 0; --n) {
        name(); name();
        const kind = u8();
        if (kind === 0) leb();
        else if (kind === 1) { u8(); limits(); }
        else if (kind === 2) out.memory = limits();
        else if (kind === 3) { u8(); u8(); }
        else if (kind === 4) { u8(); leb(); }
      }
    } else if (id === 11) {
      for (let n = leb(); n > 0; --n) {
        const flags = leb();
        if (flags === 1) { p += leb(); continue; } // passive: written by code, not checked here
        if (flags === 2) leb();
        const op = u8();
        const offset = op === 0x41 ? sleb() : null; // i32.const; anything else (PIC) is not checked
        if (op !== 0x41) while (bytes[p] !== 0x0b) ++p;
        ++p; // end
        const len = leb();
        p += len;
        if (offset !== null) out.segments.push({ offset: offset >>> 0, size: len });
      }
    }
    p = end;
  }
  return out;
}

async function toBytes(source) {
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (typeof Response !== 'undefined' && source instanceof Response) return new Uint8Array(await source.arrayBuffer());
  if (typeof source === 'string' || source instanceof URL) {
    const url = String(source);
    if (isNode() && !/^(https?|data|blob):/.test(url)) {
      const { readFile } = await import('node:fs/promises');
      const { fileURLToPath } = await import('node:url');
      return new Uint8Array(await readFile(url.startsWith('file:') ? fileURLToPath(url) : url));
    }
    const response = await fetch(url);
    if (!response.ok) fail('invalid_argument', `fetching ${url}: ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  fail('invalid_argument', 'loadModule takes a path or URL, bytes, a Response or a WebAssembly.Module');
}

const labelOf = (source, options) => options.name ?? (typeof source === 'string' || source instanceof URL
  ? String(source).split(/[\\/]/).pop() : 'module');

/** Every check that needs no table: what the module is and whether it fits this memory. */
function checkModule(shm, module, bytes, label) {
  const info = readModuleInfo(module, label);
  const imports = WebAssembly.Module.imports(module).filter((i) => i.kind === 'memory');
  if (imports.length !== 1)
    fail('not_linked', `${label} imports ${imports.length} memories: an exchange module imports one (--import-memory)`);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  if (exports.includes('_start')) fail('not_linked', `${label} is a WASI command (exports _start): exchange modules are reactors`);
  if (!exports.includes('memory')) fail('not_linked', `${label} does not export its memory (--export-memory)`);
  if (info.threads !== shm.shared)
    fail('not_linked', info.threads
      ? `${label} is linked for threads (--shared-memory) but the memory is not shared`
      : `${label} is linked single-threaded (no --shared-memory) but the memory is shared: link it with THREADS`);
  const range = `[${hex(info.base)}, ${hex(info.limit)})`;
  if (bytes) {
    const { memory, segments } = scanBinary(bytes);
    if (memory && memory.shared !== shm.shared)
      fail('not_linked', `${label}: its memory import is ${memory.shared ? '' : 'not '}shared but its karmem.module flags say otherwise`);
    if (memory && memory.min * PAGE > align(info.limit, PAGE))
      fail('not_linked', `${label} needs ${memory.min} pages at instantiation, more than its range ${range} covers`);
    for (const s of segments)
      if (s.offset < info.base || s.offset + s.size > info.limit)
        fail('not_linked', `${label}: a data segment at [${hex(s.offset)}, +${s.size}) lies outside its declared range ${range}`);
  }
  if (info.base < layout.reservedEnd) fail('overlap', `${label} ${range} overlaps the region table page [0, 64 KiB)`);
  return { ...info, memoryImport: imports[0], range };
}

function isNode() {
  return typeof process !== 'undefined' && !!process.versions?.node;
}

/**
 * Compiles (when given bytes or a URL), checks the module's range against the
 * table and records it, grows the memory over the range, and instantiates the
 * module with WASI. Nothing is recorded or written when a check fails.
 * @param {ExchangeMemory} shm
 * @param {string|URL|ArrayBuffer|ArrayBufferView|Response|WebAssembly.Module} source
 * @param {{imports?: object, wasi?: object|'shim', name?: string}} [options]
 *   imports: more import modules; wasi: options of node:wasi's WASI, a WASI
 *   object of your own (getImportObject/initialize), or 'shim' for the
 *   built-in minimal one (the default outside Node)
 * @returns {Promise<{instance: WebAssembly.Instance, exports: any, range: ModuleRange}>}
 */
export async function loadModule(shm, source, options = {}) {
  if (!(shm instanceof ExchangeMemory)) fail('invalid_argument', 'loadModule takes the ExchangeMemory of createSharedMemory/openSharedMemory');
  const label = labelOf(source, options);
  const bytes = source instanceof WebAssembly.Module ? null : await toBytes(source);
  const module = bytes ? await WebAssembly.compile(bytes) : source;
  const info = checkModule(shm, module, bytes, label);
  const wasi = await makeWasi(shm, options.wasi);

  const range = withLock(shm, ({ h, modules: mods }) => {
    if (info.base < h.heapLimit && h.heapBase < info.limit)
      fail('overlap', `${label} ${info.range} overlaps the region heap [${hex(h.heapBase)}, ${hex(h.heapLimit)})`);
    const other = mods.find((m) => m.base < info.limit && info.base < m.limit);
    if (other) fail('overlap', `${label} ${info.range} overlaps module ${other.id} [${hex(other.base)}, ${hex(other.limit)})`);
    if (h.moduleCount >= h.moduleCapacity) fail('table_full', `all ${h.moduleCapacity} module records are taken`);
    if (!ensureSize(shm, info.limit)) fail('out_of_memory', `the memory cannot grow to ${label}'s limit ${hex(info.limit)}`);
    const id = mods.reduce((n, m) => Math.max(n, m.id), 0) + 1, m = moduleAt(h, h.moduleCount), dv = shm.view();
    dv.setUint32(m + M.base, info.base, true);
    dv.setUint32(m + M.limit, info.limit, true);
    dv.setUint32(m + M.id, id, true);
    dv.setUint32(m + M.flags, info.flags, true);
    Atomics.store(new Uint16Array(shm.memory.buffer), (layout.tableAddress + T.moduleCount) / 2, h.moduleCount + 1);
    return { id, base: info.base, limit: info.limit, flags: info.flags, threads: info.threads };
  });

  try {
    const imports = { ...wasi.getImportObject() };
    for (const [k, v] of Object.entries(options.imports ?? {})) imports[k] = { ...imports[k], ...v };
    const { module: mm, name: mn } = info.memoryImport;
    imports[mm] = { ...imports[mm], [mn]: shm.memory };
    const instance = await WebAssembly.instantiate(module, imports);
    wasi.initialize(instance);
    return { instance, exports: instance.exports, range };
  } catch (e) {
    forgetModule(shm, range.id); // it never ran: give its range back
    throw e;
  }
}

function forgetModule(shm, id) {
  withLock(shm, ({ h }) => {
    const dv = shm.view();
    for (let i = 0; i < h.moduleCount; ++i) {
      if (dv.getUint32(moduleAt(h, i) + M.id, true) !== id) continue;
      const last = moduleAt(h, h.moduleCount - 1);
      shm.bytes(moduleAt(h, i), layout.moduleRecordSize).set(shm.bytes(last, layout.moduleRecordSize).slice());
      shm.bytes(last, layout.moduleRecordSize).fill(0);
      Atomics.store(new Uint16Array(shm.memory.buffer), (layout.tableAddress + T.moduleCount) / 2, h.moduleCount - 1);
      return;
    }
  });
}

// ---- WASI --------------------------------------------------------------

async function makeWasi(shm, wasi) {
  if (wasi && typeof wasi.getImportObject === 'function' && typeof wasi.initialize === 'function') return wasi;
  if (wasi === 'shim' || !isNode()) return wasiShim(shm);
  const { WASI } = await import('node:wasi');
  return new WASI({ version: 'preview1', returnOnExit: true, ...(wasi ?? {}) });
}

/** Raised by the shim's proc_exit. */
export class WasiExit extends Error {
  constructor(code) { super(`proc_exit(${code})`); this.name = 'WasiExit'; this.code = code; }
}

// The few wasi_snapshot_preview1 calls a reactor makes: stdout/stderr to the
// console (by line), clocks, random bytes, no arguments, no environment, no
// files. Any other call answers ENOSYS.
function wasiShim(shm) {
  const ERRNO = { success: 0, badf: 8, nosys: 52, spipe: 70 };
  const lines = { 1: '', 2: '' };
  const decoders = { 1: new TextDecoder(), 2: new TextDecoder() }; // streaming: a character may span writes
  const dv = () => shm.view();
  const now = () => BigInt(Math.round((globalThis.performance?.timeOrigin ?? 0) * 1e6 + (globalThis.performance?.now() ?? Date.now()) * 1e6));
  const calls = {
    fd_write(fd, iovs, count, written) {
      if (fd !== 1 && fd !== 2) return ERRNO.badf;
      const v = dv();
      let text = '', total = 0;
      for (let i = 0; i < count; ++i) {
        const ptr = v.getUint32(iovs + 8 * i, true), len = v.getUint32(iovs + 8 * i + 4, true);
        text += decoders[fd].decode(shm.bytes(ptr, len).slice(), { stream: true });
        total += len;
      }
      const parts = (lines[fd] + text).split('\n');
      lines[fd] = parts.pop();
      for (const line of parts) (fd === 1 ? console.log : console.error)(line);
      v.setUint32(written, total, true);
      return ERRNO.success;
    },
    fd_close: (fd) => (fd <= 2 ? ERRNO.success : ERRNO.badf),
    fd_seek: (fd) => (fd <= 2 ? ERRNO.spipe : ERRNO.badf),
    fd_fdstat_get(fd, out) {
      if (fd > 2) return ERRNO.badf;
      shm.bytes(out, 24).fill(0);
      dv().setUint8(out, 2); // character device
      dv().setBigUint64(out + 8, 0xffffffffffffffffn, true);
      dv().setBigUint64(out + 16, 0xffffffffffffffffn, true);
      return ERRNO.success;
    },
    fd_prestat_get: () => ERRNO.badf, // no preopened directories
    clock_time_get(id, precision, out) {
      dv().setBigUint64(out, id === 0 ? BigInt(Date.now()) * 1000000n : now(), true);
      return ERRNO.success;
    },
    clock_res_get(id, out) { dv().setBigUint64(out, 1000n, true); return ERRNO.success; },
    random_get(buf, len) {
      for (let done = 0; done < len; done += 65536) {
        const chunk = new Uint8Array(Math.min(65536, len - done));
        globalThis.crypto.getRandomValues(chunk); // into a private buffer: it refuses shared views
        shm.bytes(buf + done, chunk.length).set(chunk);
      }
      return ERRNO.success;
    },
    environ_sizes_get(count, size) { dv().setUint32(count, 0, true); dv().setUint32(size, 0, true); return ERRNO.success; },
    environ_get: () => ERRNO.success,
    args_sizes_get(count, size) { dv().setUint32(count, 0, true); dv().setUint32(size, 0, true); return ERRNO.success; },
    args_get: () => ERRNO.success,
    sched_yield: () => ERRNO.success,
    proc_exit(code) { throw new WasiExit(code); },
  };
  const preview1 = new Proxy(calls, { get: (target, key) => target[key] ?? (() => ERRNO.nosys) });
  return {
    getImportObject: () => ({ wasi_snapshot_preview1: preview1 }),
    initialize(instance) { instance.exports._initialize?.(); },
  };
}
