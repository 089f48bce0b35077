// What every peer of the latency benchmark shares (Node processes and
// Chromium pages alike, so no Node imports): the rounds' writes, the mirror
// of the region every peer keeps to know what "converged" means, and the
// peer's side of a round.
//
// Round r: one peer (the writer) changes a seeded set of pages — `fraction`
// of them, at least one — with 4 small writes per page (1..16 bytes each,
// one per quarter of the page). Every written byte gets a value different
// from the one it had, so no receiver is "converged" before the patch
// arrives. Every peer computes the same writes and the bytes they leave in
// its mirror; a receiver is converged on round r when its region holds the
// mirror's bytes at every written offset.

/** A small seeded PRNG (xorshift32); `n` → an integer in [0, n). */
function prng(seed) {
  let s = (seed * 2654435761 + 0x9e3779b9) >>> 0 || 1;
  return (n) => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s % n;
  };
}

/**
 * The writes of round `round`: [{ offset, length }], sorted, and how many
 * pages they touch.
 */
export function roundWrites(round, regionBytes, pageSize, fraction) {
  const pages = regionBytes / pageSize;
  const count = Math.max(1, Math.round(pages * fraction));
  const rand = prng(round + 1);
  const chosen = new Set();
  while (chosen.size < count) chosen.add(rand(pages));
  const quarter = pageSize / 4;
  const writes = [];
  for (const page of [...chosen].sort((a, b) => a - b)) {
    for (let q = 0; q < 4; q++) {
      const length = 1 + rand(16);
      writes.push({ offset: page * pageSize + q * quarter + rand(quarter - length), length });
    }
  }
  return { writes, pages: count, bytes: writes.reduce((n, w) => n + w.length, 0) };
}

/** Updates `mirror` with round `round`'s new values at `writes`. */
export function advanceMirror(mirror, round, writes) {
  const rand = prng(round + 7919);
  for (const { offset, length } of writes) {
    for (let i = offset; i < offset + length; i++) mirror[i] = (mirror[i] + 1 + rand(255)) & 255;
  }
}

/** Whether `bytes` holds the mirror's values at every written offset. */
export function holds(bytes, mirror, writes) {
  for (const { offset, length } of writes) {
    for (let i = offset; i < offset + length; i++) if (bytes[i] !== mirror[i]) return false;
  }
  return true;
}

/**
 * A peer's side of the rounds, whatever the design and transport.
 * `engine`: { bytes(): Uint8Array (the region now) }; the engine calls
 * peer.applied() after every batch it applied and peer.emitted() whenever
 * its scan handed patches to the transport. `now()` is a clock all peers
 * share (ms); `report(message)` goes to the coordinator.
 */
export class RoundPeer {
  constructor({ engine, regionBytes, pageSize, now, report }) {
    Object.assign(this, { engine, regionBytes, pageSize, now, report });
    this.mirror = new Uint8Array(regionBytes);
    this.round = null; // { round, writes, writer, converged, emitted }
  }

  /** Round `round` will be written by `writer` (this peer or another). */
  prepare({ round, fraction, writer, self }) {
    const { writes, bytes, pages } = roundWrites(round, this.regionBytes, this.pageSize, fraction);
    advanceMirror(this.mirror, round, writes);
    this.round = { round, writes, writer: writer === self, converged: false, emitted: false };
    return { bytes, pages };
  }

  /** The writer's part: writes the round's bytes into the region now. */
  write() {
    const r = this.round;
    const t = this.now();
    const bytes = this.engine.bytes();
    for (const { offset, length } of r.writes) bytes.set(this.mirror.subarray(offset, offset + length), offset);
    this.report({ type: 'wrote', round: r.round, t });
  }

  emitted() {
    const r = this.round;
    if (!r || !r.writer || r.emitted) return;
    r.emitted = true;
    this.report({ type: 'emitted', round: r.round, t: this.now() });
  }

  applied() {
    const r = this.round;
    if (!r || r.writer || r.converged) return;
    if (!holds(this.engine.bytes(), this.mirror, r.writes)) return;
    r.converged = true;
    this.report({ type: 'converged', round: r.round, t: this.now() });
  }

  /** Whether the whole region equals the mirror (checked after each configuration). */
  identical() {
    const bytes = this.engine.bytes();
    for (let i = 0; i < this.regionBytes; i++) if (bytes[i] !== this.mirror[i]) return false;
    return true;
  }
}
