// How a tab that opens late (or comes back online) gets the board over
// BroadcastChannel, where no broker keeps anything: it asks, and every tab
// that hears the request answers with a snapshot of its region
// (d.snapshot(): the stamped bytes, the vector clock and the batches it
// covers; docs/sync-snapshot-format.md). The joiner merges each one
// (d.applySnapshot, byte by byte by stamps, so its own edits made offline
// stay where they are newer), and live patches the snapshots cover are then
// skipped. Every tab answers, not one elected tab: a tab that missed a patch
// (it was offline) cannot leave a gap another tab's snapshot fills, and
// merging a snapshot twice changes nothing.
//
// Messages on the channel `karmem.sync.<region>.catch-up`:
//   { karmemCatchUp: 1, type: 'request', from }
//   { karmemCatchUp: 1, type: 'snapshot', from, to, snapshot: Uint8Array }
// (from, to: a tab's 16-hex-digit catch-up id). A message of another shape is
// counted in stats.rejected by reason and ignored; a snapshot the runtime
// refuses (damaged, another page size, longer than any this region accepts —
// refused from its head before anything is allocated) is counted by the
// runtime's error name and changes nothing.
import { SyncError } from '/runtime/js/sync.mjs';

const VERSION = 1;
const ID = /^[0-9a-f]{16}$/;

function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why a message is not one of ours, or null. */
function malformed(m) {
  if (typeof m !== 'object' || m === null || m.karmemCatchUp !== VERSION) return 'not-a-catch-up-message';
  if (typeof m.from !== 'string' || !ID.test(m.from)) return 'bad-sender';
  if (m.type === 'request') return null;
  if (m.type !== 'snapshot') return 'unknown-type';
  if (typeof m.to !== 'string' || !(m.snapshot instanceof Uint8Array)) return 'bad-snapshot-message';
  return null;
}

/**
 * Answers other tabs' requests, and asks for their snapshots with request().
 * @param {import('./patch-hub.mjs').PatchHub} hub
 * @param {{ region: string }} options
 */
export function catchUpOverBroadcastChannel(hub, { region }) {
  const id = newId();
  const channel = new BroadcastChannel(`karmem.sync.${region}.catch-up`);
  const stats = { requestsSent: 0, requestsAnswered: 0, snapshotsApplied: 0, snapshotBytes: 0, rejected: {} };
  const reject = (why) => { stats.rejected[why] = (stats.rejected[why] ?? 0) + 1; };
  let open = true;

  channel.onmessage = ({ data: m }) => {
    if (!open) return;
    const why = malformed(m);
    if (why) { reject(why); return; }
    if (m.from === id) return;
    if (m.type === 'request') {
      hub.flush(); // the snapshot holds scanned writes only: scan (and publish) first
      channel.postMessage({ karmemCatchUp: VERSION, type: 'snapshot', from: id, to: m.from, snapshot: hub.d.snapshot() });
      stats.requestsAnswered++;
      return;
    }
    if (m.to !== id) return; // an answer to another tab
    hub.flush(); // publish local writes before a peer's bytes can win over them
    try {
      hub.d.applySnapshot(m.snapshot);
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      reject(e.errorName);
      return;
    }
    stats.snapshotsApplied++;
    stats.snapshotBytes += m.snapshot.byteLength;
    hub.onChange();
  };
  channel.onmessageerror = () => reject('undeliverable');

  return {
    id,
    get stats() { return { ...stats, rejected: { ...stats.rejected } }; },
    /** Asks every tab on the channel for a snapshot. */
    request() {
      channel.postMessage({ karmemCatchUp: VERSION, type: 'request', from: id });
      stats.requestsSent++;
    },
    close() {
      open = false;
      channel.close();
    },
  };
}
