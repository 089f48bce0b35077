// Helpers of the host tests: byte snapshots of the memory, and errors that
// must be ExchangeErrors with a given code.
import { ExchangeError } from '../../../runtime/js/exchange.mjs';

export const hex = (n) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export function snapshot(shm) {
  return shm.bytes(0, shm.byteLength).slice();
}

// Bytes that differ between `before` and the memory now, outside `ranges`
// ([begin, end) pairs), over the length of `before`.
export function changedOutside(shm, before, ranges = []) {
  const now = shm.bytes(0, before.length);
  let changed = 0;
  const spans = [];
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  let at = 0;
  for (const [b, e] of [...sorted, [before.length, before.length]]) {
    if (b > at) spans.push([at, Math.min(b, before.length)]);
    at = Math.max(at, e);
  }
  for (const [b, e] of spans) {
    for (let p = b; p < e; p += 65536) {
      const q = Math.min(e, p + 65536);
      if (Buffer.compare(Buffer.from(before.buffer, p, q - p), Buffer.from(now.buffer, now.byteOffset + p, q - p)) === 0) continue;
      for (let i = p; i < q; ++i) if (before[i] !== now[i]) ++changed;
    }
  }
  return changed;
}

export function sameBytes(a, b) {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

// Runs fn (sync or async); it must throw an ExchangeError of `code`.
export async function expectError(code, fn) {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof ExchangeError)) throw new Error(`expected ExchangeError ${code}, got ${e?.stack ?? e}`);
    if (e.code !== code) throw new Error(`expected code ${code}, got ${e.code}: ${e.message}`);
    return e.message;
  }
  throw new Error(`expected ExchangeError ${code}, nothing was thrown`);
}

export function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}
