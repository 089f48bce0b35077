// Rewrites fields of a module's karmem.module section (found by its magic and
// version), for modules whose section lies about them.
import { readFileSync } from 'node:fs';

export function patchSection(file, { base, limit, flags, version, magic } = {}) {
  const bytes = new Uint8Array(readFileSync(file));
  const sig = [0x4b, 0x4d, 0x4f, 0x44, 1, 0, 0, 0];
  const hits = [];
  for (let i = 0; i + sig.length <= bytes.length; ++i) if (sig.every((b, j) => bytes[i + j] === b)) hits.push(i);
  if (hits.length !== 1) throw new Error(`${file}: ${hits.length} karmem.module signatures`);
  const dv = new DataView(bytes.buffer, hits[0]);
  if (magic !== undefined) dv.setUint32(0, magic, true);
  if (version !== undefined) dv.setUint32(4, version, true);
  if (base !== undefined) dv.setUint32(8, base, true);
  if (limit !== undefined) dv.setUint32(12, limit, true);
  if (flags !== undefined) dv.setUint32(16, flags, true);
  return bytes;
}
