// How a tab that opens late (or comes back online) gets the board over
// BroadcastChannel, where no broker keeps anything: it asks, and every tab
// that hears the request answers with its history (patch-hub.mjs: every
// patch it has seen). The joiner applies them like live patches; the sync
// runtime takes them in any order and more than once, and converges to the
// same bytes as the tabs that saw them live (docs/sync-patch-format.md §5.2).
// Every tab answers, not one elected tab: a tab that missed a patch (it was
// offline) cannot leave a gap another tab's history fills.
//
// Messages on the channel `karmem.sync.<region>.catch-up`:
//   { karmemCatchUp: 1, type: 'request', from }
//   { karmemCatchUp: 1, type: 'history', from, to, complete, patches: Uint8Array[] }
// Anything else is counted in stats.rejected and ignored.
import { PatchesRejected } from '/runtime/js/sync.mjs';
import { MAX_HISTORY_BYTES } from './patch-hub.mjs';

const VERSION = 1;
// The most patches a history may hold: MAX_HISTORY_BYTES of the smallest
// patch (a batch's header and one run are over 32 bytes). Checked before any
// is applied, so a message of millions of tiny arrays is refused whole.
const MAX_HISTORY_PATCHES = MAX_HISTORY_BYTES / 32;
const ID = /^[0-9a-f]{16}$/;

function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function reason(m) {
  if (typeof m !== 'object' || m === null || m.karmemCatchUp !== VERSION) return 'not-a-catch-up-message';
  if (typeof m.from !== 'string' || !ID.test(m.from)) return 'bad-sender';
  if (m.type === 'request') return null;
  if (m.type !== 'history') return 'unknown-type';
  if (typeof m.to !== 'string' || typeof m.complete !== 'boolean' || !Array.isArray(m.patches)) return 'bad-history';
  if (m.patches.length > MAX_HISTORY_PATCHES) return 'too-many-patches';
  let bytes = 0;
  for (const p of m.patches) {
    if (!(p instanceof Uint8Array)) return 'bad-history';
    bytes += p.byteLength;
  }
  return bytes > MAX_HISTORY_BYTES ? 'history-too-large' : null;
}

/**
 * Answers other tabs' requests, and asks for the board with request().
 * @param {import('./patch-hub.mjs').PatchHub} hub
 * @param {{ region: string, onHistory?: (from: string, applied: number, complete: boolean) => void }} options
 */
export function catchUpOverBroadcastChannel(hub, { region, onHistory }) {
  const id = newId();
  const channel = new BroadcastChannel(`karmem.sync.${region}.catch-up`);
  const stats = { requestsSent: 0, requestsAnswered: 0, historiesReceived: 0, patchesReplayed: 0,
                  incompleteHistories: 0, rejected: {} };
  const reject = (why, n = 1) => { stats.rejected[why] = (stats.rejected[why] ?? 0) + n; };
  let open = true;

  channel.onmessage = ({ data: m }) => {
    if (!open) return;
    const why = reason(m);
    if (why) { reject(why); return; }
    if (m.from === id) return;
    if (m.type === 'request') {
      hub.flush(); // what this tab wrote but has not scanned is part of its answer
      channel.postMessage({ karmemCatchUp: VERSION, type: 'history', from: id, to: m.from,
                            complete: hub.historyComplete, patches: hub.history() });
      stats.requestsAnswered++;
      return;
    }
    if (m.to !== id) return; // an answer to another tab
    stats.historiesReceived++;
    if (!m.complete) stats.incompleteHistories++;
    hub.flush(); // publish local writes before a peer's patches can win over them
    let applied = 0;
    try {
      applied = hub.apply(m.patches);
    } catch (e) {
      if (!(e instanceof PatchesRejected)) throw e;
      applied = e.applied;
      for (const { error } of e.rejected) reject(error.errorName);
    }
    stats.patchesReplayed += applied;
    onHistory?.(m.from, applied, m.complete);
  };
  channel.onmessageerror = () => reject('undeliverable');

  return {
    get stats() { return { ...stats, rejected: { ...stats.rejected } }; },
    /** Asks every tab on the channel for its history. */
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
