// The envelope of the transports that post structured-cloned objects
// (BroadcastChannel, MessagePort): the patch format has no region id, so the
// posted object names its region and the link that sent it.
//
//   { karmemSync: 1, region: 'board', origin: '<16 hex digits>', patches: [Uint8Array, ...] }
//
// Tests: test/sync-net/broadcast-channel-workers.test, message-port-worker.test.

import { ENVELOPE_VERSION } from './link.mjs';

/** @param {import('./link.mjs').Link} link @param {Uint8Array[]} patches */
export function wrap(link, patches) {
  return { karmemSync: ENVELOPE_VERSION, region: link.region, origin: link.origin, patches };
}

/** What a posted message says, for Link.deliver (anything else: not an envelope). @param {unknown} data */
export function unwrap(data) {
  if (typeof data !== 'object' || data === null) return { version: undefined, region: undefined, origin: undefined, patches: undefined };
  const o = /** @type {Record<string, unknown>} */ (data);
  return { version: o.karmemSync, region: o.region, origin: o.origin, patches: o.patches };
}
