// Sync a distributor's region with every other peer on a BroadcastChannel:
// tabs, iframes and workers of one origin in a browser; worker_threads in
// Node (Node 18+ has a global BroadcastChannel). docs/sync-transports.md.
//
//   const link = syncOverBroadcastChannel(d, { region: 'board' });
//   ...
//   await link.close();
//
// Tests: test/sync-net/broadcast-channel-workers.test, test/docs/readme-transports.test.

import { Link } from './link.mjs';
import { wrap, unwrap } from './posted-envelope.mjs';

/**
 * @param {import('../sync.mjs').Distributor} d
 * @param {{ region: string, channel?: string, scanBeforeApply?: boolean }} options
 *   channel: the BroadcastChannel name (default `karmem.sync.<region>`)
 */
export function syncOverBroadcastChannel(d, options) {
  const { region, channel: name, scanBeforeApply } = options ?? {};
  let channel = null;
  const link = new Link(d, {
    region,
    scanBeforeApply,
    send: (patches) => {
      // A closed channel throws; the link is closing then, so nothing is lost
      // that close() did not already flush.
      channel.postMessage(wrap(link, patches));
      link.countSent(patches);
    },
  });
  channel = new BroadcastChannel(name ?? `karmem.sync.${link.region}`);
  channel.onmessage = (event) => link.deliver(unwrap(event.data));
  // A message that could not be deserialized in this context.
  channel.onmessageerror = () => link.reject('undeliverable');
  link.start();
  return {
    region: link.region,
    get stats() { return link.stats; },
    flush: () => link.flush(),
    /** Sends what changed since the last scan, then closes the channel. */
    async close() {
      if (link.closed) return;
      link.flush();
      link.stop();
      channel.close();
    },
  };
}
