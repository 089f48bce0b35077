// Snapshots of a region kept beside its NATS stream (docs/sync-transports.md,
// "Snapshots"), so that a joiner does not replay the stream from the start
// and the stream can be trimmed behind the latest one.
//
// One record per region in a JetStream KV bucket, under the region's name:
//
//   offset size
//   0      4    magic "KSNR"
//   4      1    version 1
//   5      1    where the snapshot is: 0 = bytes 16.. of this record;
//                 1 = the object store, object "<region>.<covered>"
//   6      2    0
//   8      8    covered: u64le, the last stream sequence the snapshot covers
//   16     ..   the snapshot (docs/sync-snapshot-format.md) when where = 0
//
// A snapshot that does not fit a KV value (the server's max_payload, less
// room for the record's framing) goes to a JetStream object store instead.
// Records are replaced by compare-and-set on the KV revision, and only by a
// snapshot that covers more, so two peers that snapshot at once cannot put
// an older one back.
//
// Tests: test/sync-net/nats-snapshot-join.test, nats-three-peers.test.

const MAGIC = [0x4b, 0x53, 0x4e, 0x52]; // "KSNR"
const VERSION = 1;
const HEADER = 16;
const INLINE = 0;
const OBJECT = 1;
// Room kept under max_payload for the KV message's subject and headers.
const KV_FRAMING = 1024;
// The largest snapshot a joiner downloads from the object store. Stops a
// forged record (or object) from making every joiner fetch gigabytes before
// applySnapshot could refuse it; the sync runtime's own bound (the region's
// capacity) applies after this one.
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/** Why a stored record was refused, counted in stats.rejected. */
export class BadRecord extends Error {
  /** @param {string} reason @param {string} message */
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
}

/**
 * @param {any} js a JetStreamClient
 * @param {string} region
 * @param {{ bucket?: string, objectBucket?: string, maxBytes?: number }} [options]
 */
export async function openSnapshots(js, region, options = {}) {
  const kv = await js.views.kv(options.bucket ?? 'karmem-sync-snapshots', { history: 1 });
  const objectBucket = options.objectBucket ?? 'karmem-sync-snapshot-objects';
  const maxBytes = options.maxBytes ?? MAX_SNAPSHOT_BYTES;
  let os = null;
  const objects = async () => (os ??= await js.views.os(objectBucket));
  const objectName = (covered) => `${region}.${covered}`;

  /**
   * The stored snapshot: { covered, bytes }, or null when there is
   * none. Throws BadRecord when the record (or its object) is not one of ours.
   * @param {number} lastSequence the stream's last sequence: no snapshot can cover more
   */
  async function read(lastSequence) {
    // A writer deletes the object of the record it replaced: an object gone
    // under a record that has since changed is read again from the new one.
    for (let attempt = 0; ; attempt++) {
      const entry = await kv.get(region);
      if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return null;
      const record = parse(entry.value, lastSequence);
      if (record.where === INLINE) return { covered: record.covered, bytes: record.inline };
      const store = await objects();
      const name = objectName(record.covered);
      const info = await store.info(name);
      if (info && info.size > maxBytes) {
        throw new BadRecord('snapshot-too-large', `snapshot object ${name} is ${info.size} bytes, over the ${maxBytes}-byte bound`);
      }
      const bytes = info ? await store.getBlob(name) : null;
      if (bytes) return { covered: record.covered, bytes };
      const now = await kv.get(region);
      if (attempt === 2 || !now || now.revision === entry.revision) {
        throw new BadRecord('snapshot-missing', `snapshot object ${name} is missing`);
      }
    }
  }

  /**
   * Stores a snapshot unless the stored one is recent enough. `take(stored)`
   * is given the sequence the stored snapshot covers (0: none) and returns
   * { bytes, covered } to store, or null to keep the stored one. Returns
   * true when it stored one.
   * @param {(stored: number) => ({ bytes: Uint8Array, covered: number } | null)} take
   * @param {number} maxPayload the server's max_payload
   */
  async function write(take, maxPayload) {
    const entry = await kv.get(region);
    let previous = null;
    if (entry && entry.operation === 'PUT' && entry.value.length) {
      try {
        previous = parse(entry.value, Number.MAX_SAFE_INTEGER);
      } catch (e) {
        if (!(e instanceof BadRecord)) throw e;
        // A record that is not ours is replaced.
      }
    }
    const snapshot = take(previous?.covered ?? 0);
    if (!snapshot || (previous && previous.covered >= snapshot.covered)) return false;
    const { bytes, covered } = snapshot;
    const inline = HEADER + bytes.length <= maxPayload - KV_FRAMING;
    if (!inline) await (await objects()).putBlob({ name: objectName(covered) }, bytes);
    const record = new Uint8Array(HEADER + (inline ? bytes.length : 0));
    record.set(MAGIC, 0);
    record[4] = VERSION;
    record[5] = inline ? INLINE : OBJECT;
    new DataView(record.buffer).setBigUint64(8, BigInt(covered), true);
    if (inline) record.set(bytes, HEADER);
    try {
      if (entry) await kv.update(region, record, entry.revision);
      else await kv.create(region, record);
    } catch (e) {
      if (!inline) await (await objects()).delete(objectName(covered)).catch(() => {});
      // Another peer stored one first (the revision moved): keep theirs.
      if (/wrong last sequence/i.test(String(e?.message))) return false;
      throw e;
    }
    if (previous?.where === OBJECT) await (await objects()).delete(objectName(previous.covered)).catch(() => {});
    return true;
  }

  return { read, write };
}

/**
 * @param {Uint8Array} value @param {number} lastSequence
 * @returns {{ where: number, covered: number, inline: Uint8Array }}
 */
function parse(value, lastSequence) {
  if (value.length < HEADER || MAGIC.some((b, i) => value[i] !== b)) {
    throw new BadRecord('snapshot-not-ours', 'the snapshot record does not start with "KSNR"');
  }
  if (value[4] !== VERSION) throw new BadRecord('snapshot-version', `snapshot record version ${value[4]} (this reader knows ${VERSION})`);
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const where = value[5];
  if ((where !== INLINE && where !== OBJECT) || view.getUint16(6, true) !== 0 || (where === OBJECT && value.length !== HEADER)) {
    throw new BadRecord('snapshot-malformed', 'the snapshot record has an unknown kind or stray bytes');
  }
  const covered = view.getBigUint64(8, true);
  // A snapshot cannot cover sequences the stream has not reached: taking it
  // at its word would skip real messages.
  if (covered < 1n || covered > BigInt(lastSequence)) {
    throw new BadRecord('snapshot-malformed', `the snapshot record covers sequence ${covered}, past the stream's last (${lastSequence})`);
  }
  return { where, covered: Number(covered), inline: value.subarray(HEADER) };
}
