// What the transport tests share: loading the wasm32 test module
// (test/sync/Inputs/sync-module.cpp), and seeded edits whose end result is
// known in advance.
//
// The region is cut into 4-byte cells. Cell p (p < PROGRESS_CELLS) is peer
// p's progress word: how many of its edits it has made. Every other cell
// belongs to one peer (cell % peers), so no two peers write the same byte and
// the final region is fixed by the edits alone: `reference()` computes it
// without any sync, and every peer must end equal to it. Because the
// progress word travels in the same scan as the edits before it, a peer that
// restarts from its initial bytes and catches up knows where to resume.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

export const REGION_SIZE = 64 * 1024;
export const PAGE_SIZE = 8192;
const CELL = 4;
const PROGRESS_CELLS = 16;
const CELLS = REGION_SIZE / CELL;

// Synchronous compile and instantiation (see test/sync/Inputs/two-modules.mjs:
// the asynchronous ones can deadlock Node 20 with nothing else pending).
export function load(path) {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), wasi.getImportObject());
  wasi.initialize(instance);
  return instance;
}

/** Peer `index`'s edits: [cell, value] pairs, the same on every run. */
export function edits(index, peers, count) {
  let state = (index + 1) * 2654435761 >>> 0;
  const rand = (n) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  const own = Math.floor((CELLS - PROGRESS_CELLS - index - 1) / peers) + 1;
  return Array.from({ length: count }, (_, i) => {
    const cell = PROGRESS_CELLS + index + peers * rand(own);
    return [cell, ((index + 1) << 24 | (i + 1)) >>> 0];
  });
}

/** Makes edit `i` of `list` in `bytes` (a region view), and records the progress. */
export function applyEdit(bytes, index, list, i) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [cell, value] = list[i];
  view.setUint32(cell * CELL, value, true);
  view.setUint32(index * CELL, i + 1, true);
}

/** How many edits peer `index` had made, as `bytes` say. */
export function progress(bytes, index) {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(index * CELL, true);
}

/** The region after every peer made all its `count` edits. */
export function reference(peers, count) {
  const bytes = new Uint8Array(REGION_SIZE);
  for (let p = 0; p < peers; p++) {
    const list = edits(p, peers, count);
    for (let i = 0; i < count; i++) applyEdit(bytes, p, list, i);
  }
  return bytes;
}

/** Where `a` and `b` first differ, or -1. */
export function firstDifference(a, b) {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}
