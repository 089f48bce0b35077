// Sync a distributor's region through a NATS server with JetStream
// (docs/sync-transports.md): processes and machines, and browsers through
// the server's WebSocket listener. The same code runs on both; only the
// client module differs (`nats` in Node, `nats.ws` in a browser).
//
//   import * as nats from 'nats';                     // or 'nats.ws'
//   const link = await syncOverNats(d, { client: nats, servers: 'nats://127.0.0.1:4222', region: 'board' });
//
// Each patch is one message on the region's subject (`karmem.sync.<region>`),
// its envelope in headers (Karmem-Sync: 1, Karmem-Region, Karmem-Origin).
// The region's JetStream stream (`KARMEM_SYNC_<region>`) keeps them: a peer
// that joins, or comes back, replays the stream from the sequence it had, and
// syncOverNats resolves only once it has replayed everything the stream held
// when it joined — so a peer that restarts from its initial bytes (same peer
// id or not) has caught up before its first scan.
//
// Sending: patches queue in an outbox and are published one at a time with
// JetStream's acknowledgement; one that is not acknowledged (the server is
// restarting, a timeout) is retried with back-off, under the same message id
// (the stream drops the duplicate if the first attempt did land), so no scan
// is lost while the connection lives. Reconnecting is the client's, bounded
// (options.reconnect); once the client gives up, the link fails: link.error
// is set, options.onError is called, and the outbox's patches are kept in
// link.stats.unsent.

import { Link, ENVELOPE_VERSION } from './link.mjs';

const HEADER_VERSION = 'Karmem-Sync';
const HEADER_REGION = 'Karmem-Region';
const HEADER_ORIGIN = 'Karmem-Origin';

// Reconnect defaults: try every 250 ms (+ up to 250 ms of jitter, so peers
// do not all knock at once), 120 times: 30 to 60 s of outage survived, then
// the link fails instead of retrying for ever.
const RECONNECT = Object.freeze({ attempts: 120, waitMs: 250, jitterMs: 250 });
// Publish retry back-off (ms): doubles from the first to the last.
const RETRY_FIRST_MS = 25;
const RETRY_LAST_MS = 1000;
// How long close() waits for the outbox to be acknowledged.
const CLOSE_TIMEOUT_MS = 5000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {Object} NatsOptions
 * @property {string} region the region's name (subject token)
 * @property {string | string[]} [servers] where to connect (ignored with `connection`)
 * @property {{ connect: Function, headers: Function }} [client] the client module
 *   (`import * as nats from 'nats'` or `'nats.ws'`); default: import('nats')
 * @property {any} [connection] an open NatsConnection to use (not closed by close())
 * @property {Object} [connectOptions] more options for client.connect (user, token...)
 * @property {{ attempts?: number, waitMs?: number, jitterMs?: number }} [reconnect]
 * @property {string} [subjectPrefix='karmem.sync']
 * @property {string} [stream] the stream's name (default KARMEM_SYNC_<region>)
 * @property {Object} [streamConfig] more stream settings (max_bytes, max_age, ...)
 * @property {number} [fromSequence=1] the first stream sequence to replay
 * @property {number} [publishTimeoutMs=2000] wait for one acknowledgement
 * @property {number} [joinTimeoutMs=30000] wait for the catch-up at join
 * @property {boolean} [scanBeforeApply=true]
 * @property {(error: Error) => void} [onError]
 */

/**
 * @param {import('../sync.mjs').Distributor} d
 * @param {NatsOptions} options
 */
export async function syncOverNats(d, options) {
  const o = options ?? /** @type {NatsOptions} */ ({});
  const outbox = [];
  let nextId = 0;
  const link = new Link(d, {
    region: o.region,
    scanBeforeApply: o.scanBeforeApply,
    send: (patches) => {
      for (const bytes of patches) outbox.push({ bytes, id: `${link.origin}-${nextId++}` });
      pump();
    },
  });
  const client = o.client ?? await import('nats');
  const reconnect = { ...RECONNECT, ...o.reconnect };
  const subject = `${o.subjectPrefix ?? 'karmem.sync'}.${link.region}`;
  const streamName = o.stream ?? `KARMEM_SYNC_${link.region}`;
  const publishTimeout = o.publishTimeoutMs ?? 2000;
  const ownConnection = o.connection === undefined;
  const nc = o.connection ?? await client.connect({
    servers: o.servers,
    name: `karmem-sync ${link.region}`,
    maxReconnectAttempts: reconnect.attempts,
    reconnectTimeWait: reconnect.waitMs,
    reconnectJitter: reconnect.jitterMs,
    ...o.connectOptions,
  });

  let error = null;
  const fail = (e) => {
    if (error) return;
    error = e;
    if (o.onError) o.onError(e);
  };

  const js = nc.jetstream();
  const start = o.fromSequence ?? 1;
  let target; // the last sequence at join: replayed before syncOverNats resolves
  try {
    const state = await ensureStream(await nc.jetstreamManager(), streamName, subject, o.streamConfig);
    target = state.last_seq;
    if (state.messages > 0 && state.first_seq > start) {
      throw new Error(`stream ${streamName} starts at sequence ${state.first_seq}: the sequences from ${start} were trimmed`);
    }
  } catch (e) {
    if (ownConnection) await nc.close();
    throw e;
  }

  // The last stream sequence this link has read (applied, skipped or rejected).
  let sequence = start - 1;
  let caughtUp;
  const ready = new Promise((resolve) => { caughtUp = resolve; });
  if (sequence >= target) caughtUp();

  /** @param {any} m a JetStream message */
  function onMessage(m) {
    if (m.seq <= sequence) {
      link.skip(1); // delivered again after a consumer reset
      return;
    }
    const h = m.headers;
    link.deliver({
      version: h ? Number(h.get(HEADER_VERSION)) : undefined,
      region: h?.has(HEADER_REGION) ? h.get(HEADER_REGION) : undefined,
      origin: h?.has(HEADER_ORIGIN) ? h.get(HEADER_ORIGIN) : undefined,
      patches: [m.data],
    });
    sequence = m.seq;
    if (sequence >= target) caughtUp();
  }

  let messages = null;
  const consuming = (async () => {
    let backoff = RETRY_FIRST_MS;
    while (!link.closed && !nc.isClosed()) {
      try {
        // An ordered consumer: it re-creates itself from the last sequence
        // it delivered when the server restarts or a message goes missing.
        const consumer = await js.consumers.get(streamName, {
          filterSubjects: subject, deliver_policy: 'by_start_sequence', opt_start_seq: sequence + 1,
        });
        messages = await consumer.consume({ max_messages: 256 });
        if (link.closed) messages.stop();
        for await (const m of messages) {
          onMessage(m);
          backoff = RETRY_FIRST_MS;
        }
      } catch (e) {
        if (link.closed) break;
      }
      if (link.closed) break;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, RETRY_LAST_MS);
    }
  })();

  let pumping = null;
  function pump() {
    if (pumping || error) return;
    pumping = (async () => {
      let backoff = RETRY_FIRST_MS;
      while (outbox.length) {
        if (nc.isClosed()) {
          fail(new Error(`the connection to NATS is closed; ${outbox.length} patch(es) not sent`));
          break;
        }
        const { bytes, id } = outbox[0];
        const h = client.headers();
        h.set(HEADER_VERSION, String(ENVELOPE_VERSION));
        h.set(HEADER_REGION, link.region);
        h.set(HEADER_ORIGIN, link.origin);
        try {
          await js.publish(subject, bytes, { headers: h, msgID: id, timeout: publishTimeout });
          outbox.shift();
          link.countSent([bytes]);
          backoff = RETRY_FIRST_MS;
        } catch (e) {
          if (bytes.byteLength > (nc.info?.max_payload ?? Infinity)) {
            fail(new Error(`a ${bytes.byteLength}-byte patch is over the server's max_payload ` +
                           `(${nc.info.max_payload}); raise max_payload or use smaller regions`));
            break;
          }
          await sleep(backoff);
          backoff = Math.min(backoff * 2, RETRY_LAST_MS);
        }
      }
      pumping = null;
    })();
  }

  // The client gives up reconnecting: closed() resolves (with an error, if any).
  nc.closed().then((e) => {
    if (link.closed) return;
    const why = ownConnection
      ? `the client gave up reconnecting (${reconnect.attempts} attempts, ${reconnect.waitMs} ms apart)`
      : 'the connection given as options.connection closed';
    fail(new Error(`NATS link of region ${link.region}: ${why}${e ? `: ${e.message}` : ''}; ` +
                   `${outbox.length} patch(es) not sent`, { cause: e }));
  });

  const joinTimeout = o.joinTimeoutMs ?? 30000;
  let timer;
  const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve(true), joinTimeout); });
  const late = await Promise.race([ready.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    link.stop();
    messages?.stop();
    if (ownConnection) await nc.close();
    throw new Error(`joining ${subject}: replayed to sequence ${sequence} of ${target} in ${joinTimeout} ms`);
  }
  link.start();

  return {
    region: link.region,
    subject,
    stream: streamName,
    get stats() {
      return { ...link.stats, sequence, unsent: outbox.length };
    },
    /** Null, or why the link stopped working (the client gave up reconnecting). */
    get error() { return error; },
    flush: () => link.flush(),
    /** Publishes what changed since the last scan, waits for the outbox (bounded), and disconnects. */
    async close() {
      if (link.closed) return;
      link.flush();
      link.stop();
      const deadline = Date.now() + CLOSE_TIMEOUT_MS;
      while ((outbox.length || pumping) && !error && Date.now() < deadline) await (pumping ?? sleep(10));
      messages?.stop();
      if (ownConnection) await nc.close();
      await consuming;
    },
  };
}

/**
 * The region's stream, created when missing. Returns its state.
 * @param {any} jsm @param {string} name @param {string} subject @param {Object} [extra]
 */
async function ensureStream(jsm, name, subject, extra) {
  try {
    const info = await jsm.streams.info(name);
    if (!info.config.subjects?.includes(subject)) {
      throw new Error(`stream ${name} exists without subject ${subject} (it has ${info.config.subjects})`);
    }
    return info.state;
  } catch (e) {
    if (!/not found/i.test(String(e?.message))) throw e;
  }
  const info = await jsm.streams.add({
    name, subjects: [subject], storage: 'file', retention: 'limits', discard: 'old',
    duplicate_window: 120e9, // ns: a retried publish within 2 min is dropped as a duplicate
    ...extra,
  });
  return info.state;
}
