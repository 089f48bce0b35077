// Sync a distributor's region with every other peer on a BroadcastChannel:
// tabs, iframes and workers of one origin in a browser; worker_threads in
// Node (Node 18+ has a global BroadcastChannel). docs/sync-transports.md.
//
//   const link = syncOverBroadcastChannel(d, { region: 'board' });
//   ...
//   await link.close();
//
// Tests: test/sync-net/broadcast-channel-workers.test, test/docs/readme-transports.test.

import { openPostedLink } from './posted-envelope.mjs';

/**
 * @param {import('../sync.mjs').Distributor} d
 * @param {{ region: string, channel?: string, scanBeforeApply?: boolean }} options
 *   channel: the BroadcastChannel name (default `karmem.sync.<region>`)
 * close() sends what changed since the last scan, then closes the channel.
 */
export function syncOverBroadcastChannel(d, options) {
  const { region, channel: name, scanBeforeApply } = options ?? {};
  let channel = null;
  return openPostedLink(d, { region, scanBeforeApply }, {
    post: (envelope) => channel.postMessage(envelope),
    listen: (link, onMessage, onMessageError) => {
      channel = new BroadcastChannel(name ?? `karmem.sync.${link.region}`);
      channel.onmessage = onMessage;
      channel.onmessageerror = onMessageError;
      return () => channel.close();
    },
  });
}
