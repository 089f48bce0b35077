// The sending half of syncOverNats: patches wait here until JetStream has
// acknowledged them, published one at a time in scan order. One that is not
// acknowledged (the server restarting, a timeout) is retried with back-off
// under the same message id, so that the stream drops the copy if the first
// attempt did land. The order matters: the stream then always holds a prefix
// of this peer's scans, so a peer that restarts and replays it resumes from
// a state it really had.
//
// Tests: test/sync-net/nats-three-peers.test, nats-reconnect-bounded.test.

import { ENVELOPE_VERSION } from './link.mjs';

export const HEADER_VERSION = 'Karmem-Sync';
export const HEADER_REGION = 'Karmem-Region';
export const HEADER_ORIGIN = 'Karmem-Origin';

// Retry back-off (ms): doubles from the first to the last.
export const RETRY_FIRST_MS = 25;
export const RETRY_LAST_MS = 1000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {{ js: any, nc: any, client: { headers: Function }, link: import('./link.mjs').Link,
 *           subject: string, timeout: number, fail: (e: Error) => void }} o
 */
export function createOutbox({ js, nc, client, link, subject, timeout, fail }) {
  /** @type {Array<{ bytes: Uint8Array, id: string }>} */
  const queue = [];
  let nextId = 0;
  let pumping = null;
  let failed = false;

  async function pump() {
    let backoff = RETRY_FIRST_MS;
    while (queue.length && !failed) {
      if (nc.isClosed()) break; // the connection's end is reported by syncOverNats
      const { bytes, id } = queue[0];
      const h = client.headers();
      h.set(HEADER_VERSION, String(ENVELOPE_VERSION));
      h.set(HEADER_REGION, link.region);
      h.set(HEADER_ORIGIN, link.origin);
      try {
        await js.publish(subject, bytes, { headers: h, msgID: id, timeout });
        queue.shift();
        link.countSent([bytes]);
        backoff = RETRY_FIRST_MS;
      } catch (e) {
        const max = nc.info?.max_payload;
        if (max !== undefined && bytes.byteLength > max) {
          failed = true;
          fail(new Error(`a ${bytes.byteLength}-byte patch is over the server's max_payload (${max}); ` +
                         'raise max_payload in the server configuration, or sync smaller regions'));
          break;
        }
        await sleep(backoff);
        backoff = Math.min(backoff * 2, RETRY_LAST_MS);
      }
    }
    pumping = null;
  }

  return {
    /** @param {Uint8Array[]} patches */
    push(patches) {
      for (const bytes of patches) queue.push({ bytes, id: `${link.origin}-${nextId++}` });
      if (!pumping && !failed) pumping = pump();
    },
    get size() { return queue.length; },
    /** Removes and returns the patches not yet acknowledged (for another link, after a failure). */
    take() {
      return queue.splice(0).map((entry) => entry.bytes);
    },
    /** Waits until every queued patch is acknowledged, or the deadline, or a failure. */
    async drain(deadline) {
      while (queue.length && !failed && !nc.isClosed() && Date.now() < deadline) await (pumping ?? sleep(10));
    },
  };
}
