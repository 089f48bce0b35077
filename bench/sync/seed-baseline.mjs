// The seed's design (../shared/seeds/wasm-memory-distributor-README.txt),
// re-implemented from its README for the latency benchmark's comparison; not
// used by the runtime. Its API as the README gives it: createMemoryDistributor,
// scan, onDiff, applyPatches, getVectorClock, resizeMemory, destroy, each
// taking and returning the state, string peer ids. What the README leaves
// open is filled in the way a careful implementation would:
//
// * Pages of `pageSize` bytes (8 KiB); a scan hashes every page with a fast
//   non-cryptographic hash in JS (MurmurHash3's 32-bit mixing over 32-bit
//   words: faster than a byte-at-a-time FNV, so the baseline is not slowed
//   by the hash it picks) and diffs a page whose hash changed against a copy
//   of the page taken at the previous scan, byte by byte.
// * A patch is { pageIndex, patchData, vectorClock, peerId }; patchData is
//   an array of changes { offset, data } (offset inside the page, data the
//   changed bytes as numbers): the "binary delta" of the README in a form
//   JSON can carry. A scan that changed something ticks this peer's counter
//   once; each of its patches carries the whole vector clock.
// * Conflicts, per page: each page remembers the clock and peer id of the
//   patch (or scan) that last wrote it. An incoming patch whose clock is
//   newer applies; older or equal is skipped; concurrent applies if its peer
//   id is lexicographically higher (last writer wins). Received clocks are
//   merged into this peer's.
// * A malformed patch (a page outside the memory, a change past the page's
//   end, a value that is not a byte) is skipped whole and counted in
//   state.rejected; it changes nothing.

const DEFAULTS = Object.freeze({ pageSize: 8192, scanInterval: 100 });

/** MurmurHash3 x86_32 body and finalisation over the 32-bit words of `words`. */
function hashWords(words, from, to) {
  let h = 0x9747b28c;
  for (let i = from; i < to; i++) {
    let k = Math.imul(words[i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= (to - from) * 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** 'before', 'after', 'equal' or 'concurrent': how clock `a` relates to `b`. */
function compareClocks(a, b) {
  let less = false, greater = false;
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[id] ?? 0, y = b[id] ?? 0;
    if (x < y) less = true;
    if (x > y) greater = true;
  }
  if (less && greater) return 'concurrent';
  if (less) return 'before';
  if (greater) return 'after';
  return 'equal';
}

function pageHash(state, page) {
  const words = state.pageSize / 4;
  return hashWords(state.words, page * words, (page + 1) * words);
}

/** Re-reads the memory's buffer (after a grow) and sizes the per-page state. */
function track(state, buffer) {
  const bytes = new Uint8Array(buffer);
  const pages = Math.floor(bytes.length / state.pageSize);
  const shadow = new Uint8Array(pages * state.pageSize);
  shadow.set(state.shadow.subarray(0, Math.min(state.shadow.length, shadow.length)));
  shadow.set(bytes.subarray(state.shadow.length, shadow.length), state.shadow.length);
  const hashes = new Uint32Array(pages);
  hashes.set(state.hashes.subarray(0, Math.min(state.hashes.length, pages)));
  state.bytes = bytes;
  state.words = new Uint32Array(buffer, 0, (pages * state.pageSize) / 4);
  state.shadow = shadow;
  for (let p = state.hashes.length; p < pages; p++) hashes[p] = pageHash(state, p);
  state.hashes = hashes;
  while (state.pageWriters.length < pages) state.pageWriters.push({ clock: {}, peerId: '' });
  return state;
}

/**
 * @param {WebAssembly.Memory} wasmMemory
 * @param {string} peerId
 * @param {{ pageSize?: number, scanInterval?: number }} [config]
 */
export function createMemoryDistributor(wasmMemory, peerId, config = {}) {
  const { pageSize, scanInterval } = { ...DEFAULTS, ...config };
  if (typeof peerId !== 'string' || peerId === '') throw new TypeError('peerId must be a non-empty string');
  if (!Number.isInteger(pageSize) || pageSize < 4 || pageSize % 4 !== 0) throw new RangeError('pageSize must be a multiple of 4');
  const state = {
    memory: wasmMemory, peerId, pageSize, scanInterval,
    bytes: null, words: null, shadow: new Uint8Array(0), hashes: new Uint32Array(0), pageWriters: [],
    vectorClock: { [peerId]: 0 }, listeners: [], timer: null, rejected: 0, destroyed: false,
  };
  return track(state, wasmMemory.buffer);
}

/** Byte runs where page `page` differs from its copy; updates the copy. */
function diffPage(state, page) {
  const start = page * state.pageSize, end = start + state.pageSize;
  const { bytes, shadow } = state;
  const changes = [];
  for (let i = start; i < end; i++) {
    if (bytes[i] === shadow[i]) continue;
    let j = i + 1;
    while (j < end && bytes[j] !== shadow[j]) j++;
    changes.push({ offset: i - start, data: Array.from(bytes.subarray(i, j)) });
    shadow.set(bytes.subarray(i, j), i);
    i = j;
  }
  return changes;
}

/** @returns {{ state: object, patches: object[] }} */
export function scan(state) {
  if (state.destroyed) return { state, patches: [] };
  if (state.bytes.buffer !== state.memory.buffer) track(state, state.memory.buffer);
  const changed = [];
  for (let p = 0; p < state.hashes.length; p++) {
    const h = pageHash(state, p);
    if (h === state.hashes[p]) continue;
    state.hashes[p] = h;
    const changes = diffPage(state, p);
    if (changes.length) changed.push({ p, changes });
  }
  if (changed.length === 0) return { state, patches: [] };
  state.vectorClock[state.peerId] = (state.vectorClock[state.peerId] ?? 0) + 1;
  const patches = changed.map(({ p, changes }) => {
    const vectorClock = { ...state.vectorClock };
    state.pageWriters[p] = { clock: vectorClock, peerId: state.peerId };
    return { pageIndex: p, patchData: changes, vectorClock, peerId: state.peerId };
  });
  return { state, patches };
}

/** Registers `callback(patches)` for the automatic scans (every scanInterval ms). */
export function onDiff(state, callback) {
  state.listeners.push(callback);
  if (state.timer === null && state.scanInterval > 0 && !state.destroyed) {
    state.timer = setInterval(() => {
      const { patches } = scan(state);
      if (patches.length) for (const cb of state.listeners) cb(patches);
    }, state.scanInterval);
  }
  return state;
}

function wellFormed(state, patch) {
  if (typeof patch !== 'object' || patch === null) return false;
  const { pageIndex, patchData, vectorClock, peerId } = patch;
  if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= state.hashes.length) return false;
  if (typeof peerId !== 'string' || typeof vectorClock !== 'object' || vectorClock === null) return false;
  if (!Object.values(vectorClock).every((n) => Number.isInteger(n) && n >= 0)) return false;
  if (!Array.isArray(patchData)) return false;
  return patchData.every((c) => c && Number.isInteger(c.offset) && c.offset >= 0 && Array.isArray(c.data) &&
    c.offset + c.data.length <= state.pageSize && c.data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255));
}

/** Applies patches from other peers (vector clocks, then last writer wins). */
export function applyPatches(state, patches) {
  if (state.destroyed) return state;
  if (state.bytes.buffer !== state.memory.buffer) track(state, state.memory.buffer);
  for (const patch of patches) {
    if (!wellFormed(state, patch)) {
      state.rejected++;
      continue;
    }
    const page = patch.pageIndex;
    const last = state.pageWriters[page];
    const order = compareClocks(patch.vectorClock, last.clock);
    const wins = order === 'after' || (order === 'concurrent' && patch.peerId > last.peerId);
    if (wins) {
      const start = page * state.pageSize;
      for (const { offset, data } of patch.patchData) {
        state.bytes.set(data, start + offset);
        state.shadow.set(data, start + offset);
      }
      state.hashes[page] = pageHash(state, page);
      state.pageWriters[page] = { clock: patch.vectorClock, peerId: patch.peerId };
    }
    for (const [id, n] of Object.entries(patch.vectorClock)) {
      if (n > (state.vectorClock[id] ?? 0)) state.vectorClock[id] = n;
    }
  }
  return state;
}

export function getVectorClock(state) {
  return { ...state.vectorClock };
}

/** After wasmMemory.grow(): tracks the new pages. */
export function resizeMemory(state, newBuffer) {
  return track(state, newBuffer);
}

export function destroy(state) {
  if (state.timer !== null) clearInterval(state.timer);
  state.timer = null;
  state.listeners = [];
  state.destroyed = true;
  return state;
}
