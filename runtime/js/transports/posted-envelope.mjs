// The envelope of the transports that post structured-cloned objects
// (BroadcastChannel, MessagePort): the patch format has no region id, so the
// posted object names its region and the link that sent it.
//
//   { karmemSync: 1, region: 'board', origin: '<16 hex digits>', patches: [Uint8Array, ...] }
//
// Also the link both of them run (openPostedLink): envelopes out through
// `post`, envelopes in through the listeners `listen` installs.
//
// Tests: test/sync-net/broadcast-channel-workers.test, message-port-worker.test.

import { ENVELOPE_VERSION, Link } from './link.mjs';

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

/**
 * Starts a Link of `d` that posts its batches as envelopes and delivers the
 * envelopes it is given; returns the handle syncOverBroadcastChannel and
 * syncOverMessagePort return.
 * @param {import('../sync.mjs').Distributor} d
 * @param {{ region: string, scanBeforeApply?: boolean }} options
 * @param {{
 *   post: (envelope: object) => void,
 *   listen: (link: Link, onMessage: (event: MessageEvent) => void, onMessageError: () => void) => () => void,
 * }} endpoint
 *   post: sends one envelope (it may throw once the endpoint is closed: the
 *   link is closing then, so nothing is lost that close() did not flush).
 *   listen: installs the two listeners and returns what close() runs, after
 *   the last flush, to detach them.
 */
export function openPostedLink(d, { region, scanBeforeApply }, { post, listen }) {
  const link = new Link(d, {
    region,
    scanBeforeApply,
    send: (patches) => {
      post(wrap(link, patches));
      link.countSent(patches);
    },
  });
  const detach = listen(
    link,
    (event) => link.deliver(unwrap(event.data)),
    // A message that could not be deserialized in this context.
    () => link.reject('undeliverable'),
  );
  link.start();
  return {
    region: link.region,
    get stats() { return link.stats; },
    flush: () => link.flush(),
    /** Sends what changed since the last scan, then detaches from the endpoint. */
    async close() {
      if (link.closed) return;
      link.flush();
      link.stop();
      detach();
    },
  };
}
