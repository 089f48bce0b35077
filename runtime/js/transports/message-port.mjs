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

import { Link } from './link.mjs';
import { wrap, unwrap } from './posted-envelope.mjs';

/**
 * @param {import('../sync.mjs').Distributor} d
 * @param {MessagePort} port
 * @param {{ region: string, scanBeforeApply?: boolean }} options
 */
export function syncOverMessagePort(d, port, options) {
  if (typeof port?.postMessage !== 'function' || typeof port?.addEventListener !== 'function') {
    throw new TypeError('port must be a MessagePort (postMessage and addEventListener)');
  }
  const { region, scanBeforeApply } = options ?? {};
  const link = new Link(d, {
    region,
    scanBeforeApply,
    send: (patches) => {
      port.postMessage(wrap(link, patches));
      link.countSent(patches);
    },
  });
  const onMessage = (event) => link.deliver(unwrap(event.data));
  const onMessageError = () => link.reject('undeliverable');
  port.addEventListener('message', onMessage);
  port.addEventListener('messageerror', onMessageError);
  // A port listened to through addEventListener delivers only once started.
  if (typeof port.start === 'function') port.start();
  link.start();
  return {
    region: link.region,
    get stats() { return link.stats; },
    flush: () => link.flush(),
    /** Sends what changed since the last scan, then stops listening. */
    async close() {
      if (link.closed) return;
      link.flush();
      link.stop();
      port.removeEventListener('message', onMessage);
      port.removeEventListener('messageerror', onMessageError);
    },
  };
}
