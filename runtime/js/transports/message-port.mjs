// Sync a distributor's region with the one peer at the other end of a
// MessagePort (a MessageChannel's port, or anything with postMessage and
// addEventListener('message'): a browser Worker, a worker's `self`).
// docs/sync-transports.md.
//
//   const { port1, port2 } = new MessageChannel();   // port2 goes to the other peer
//   const link = syncOverMessagePort(d, port1, { region: 'board' });
//
// Patches are copied, not transferred: other links of the same distributor
// get the same scan's patches. close() stops listening but leaves the port open: it is the caller's.
//
// Tests: test/sync-net/message-port-worker.test.

import { openPostedLink } from './posted-envelope.mjs';

/**
 * @param {import('../sync.mjs').Distributor} d
 * @param {MessagePort} port
 * @param {{ region: string, scanBeforeApply?: boolean }} options
 * close() sends what changed since the last scan, then stops listening.
 */
export function syncOverMessagePort(d, port, options) {
  if (typeof port?.postMessage !== 'function' || typeof port?.addEventListener !== 'function') {
    throw new TypeError('port must be a MessagePort (postMessage and addEventListener)');
  }
  const { region, scanBeforeApply } = options ?? {};
  return openPostedLink(d, { region, scanBeforeApply }, {
    post: (envelope) => port.postMessage(envelope),
    listen: (_link, onMessage, onMessageError) => {
      port.addEventListener('message', onMessage);
      port.addEventListener('messageerror', onMessageError);
      // A port listened to through addEventListener delivers only once started.
      if (typeof port.start === 'function') port.start();
      return () => {
        port.removeEventListener('message', onMessage);
        port.removeEventListener('messageerror', onMessageError);
      };
    },
  });
}
