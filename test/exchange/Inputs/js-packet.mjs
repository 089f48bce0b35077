// Packet (test/exchange/Inputs/packet.h) by hand in JavaScript, from the
// Karmem format (packed table: size u32 @0, Seq u64 @4, Checksum u32 @12,
// Payload []byte @16 as offset u32 + byte length u32; content 24), read and
// written over views of the slot itself.
export const PACKET_ID = 6799584335970905654n; // Karmem's id of `Packet` (BLAKE2b-64 of the name)
export const ROOT = 24;

/** packet.h's payload byte generator and checksum. */
export function payloadByte(seq, st) {
  if (!st.s) st.s = (Number(BigInt.asUintN(32, seq * 2654435761n)) | 1) >>> 0;
  let s = st.s;
  s = (s ^ (s << 13)) >>> 0; s = (s ^ (s >>> 17)) >>> 0; s = (s ^ (s << 5)) >>> 0;
  st.s = s;
  return s & 0xff;
}
export function checksum(seq, bytes) {
  let h = (2166136261 ^ Number(seq & 0xffffffffn) ^ Math.imul(Number(seq >> 32n) >>> 0, 31)) >>> 0;
  for (let i = 0; i < bytes.length; ++i) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
  return h;
}

/**
 * Reads a Packet over `dv` (a DataView over the message, not a copy),
 * bounds-checked like a Karmem viewer: {seq, checksum, payload (a view into
 * the same bytes), intact}.
 */
export function readPacket(dv) {
  if (dv.byteLength < ROOT || dv.getUint32(0, true) < ROOT) return { seq: 0n, checksum: 0, payload: new Uint8Array(0), intact: false };
  const seq = dv.getBigUint64(4, true), sum = dv.getUint32(12, true);
  const off = dv.getUint32(16, true), len = dv.getUint32(20, true);
  const ok = off + len <= dv.byteLength;
  const payload = ok ? new Uint8Array(dv.buffer, dv.byteOffset + off, len) : new Uint8Array(0);
  return { seq, checksum: sum, payload, intact: ok && checksum(seq, payload) === sum };
}

/** Writes Packet `seq` with `size` payload bytes into `bytes` (a loan); returns its size. */
export function writePacket(bytes, seq, size) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const st = { s: 0 };
  for (let i = 0; i < size; ++i) bytes[ROOT + i] = payloadByte(seq, st);
  dv.setUint32(0, ROOT, true);
  dv.setBigUint64(4, seq, true);
  dv.setUint32(12, checksum(seq, bytes.subarray(ROOT, ROOT + size)), true);
  dv.setUint32(16, ROOT, true);
  dv.setUint32(20, size, true);
  return ROOT + size;
}
