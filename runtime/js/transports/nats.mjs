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
// id or not) has caught up before its first scan. With snapshots (when the
// distributor has snapshot() and applySnapshot()), a peer stores one every
// `snapshots.every` messages (nats-snapshots.mjs) and trims the stream behind
// it; a joiner applies the latest before it replays the rest.
//
// Sending is nats-outbox.mjs's (acknowledged, in order, retried). Reconnecting
// is the client's, bounded (options.reconnect); once the client gives up the
// link fails: link.error is set, options.onError is called, the patches not
// sent are counted in stats.unsent, and takeUnsent() hands them to a new link.
//
// Tests: test/sync-net/nats-*.test, test/docs/readme-transports.test.

import { Link } from './link.mjs';
import { HEADER_ORIGIN, HEADER_REGION, HEADER_VERSION, RETRY_FIRST_MS, RETRY_LAST_MS, createOutbox, sleep } from './nats-outbox.mjs';
import { BadRecord, openSnapshots } from './nats-snapshots.mjs';
import { SyncError } from '../sync.mjs';

// Reconnect defaults: try every 250 ms (+ up to 250 ms of jitter, so peers
// do not all knock at once), 120 times: 30 to 60 s of outage survived, then
// the link fails instead of retrying for ever.
const RECONNECT = Object.freeze({ attempts: 120, waitMs: 250, jitterMs: 250 });
// How long close() waits for the outbox to be acknowledged.
const CLOSE_TIMEOUT_MS = 5000;
// How long close() waits for the reader to stop.
const CLOSE_READER_MS = 1000;
// Stream messages read between two snapshots of one peer.
const SNAPSHOT_EVERY = 500;

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
 * @property {false | { every?: number, bucket?: string, objectBucket?: string, maxBytes?: number }} [snapshots]
 * @property {number} [publishTimeoutMs=2000] wait for one acknowledgement
 * @property {number} [joinTimeoutMs=30000] wait for the catch-up at join
 * @property {boolean} [scanBeforeApply=true]
 * @property {(error: Error) => void} [onError]
 * @property {Uint8Array[]} [unsent] patches a failed link of this distributor did not
 *   send (its takeUnsent()), published once this link has joined
 */

/**
 * @param {import('../sync.mjs').Distributor} d
 * @param {NatsOptions} options
 */
export async function syncOverNats(d, options) {
  const o = options ?? /** @type {NatsOptions} */ ({});
  let outbox = null;
  const link = new Link(d, { region: o.region, scanBeforeApply: o.scanBeforeApply, send: (patches) => outbox.push(patches) });
  const client = o.client ?? await import('nats');
  const reconnect = { ...RECONNECT, ...o.reconnect };
  const subject = `${o.subjectPrefix ?? 'karmem.sync'}.${link.region}`;
  const streamName = o.stream ?? `KARMEM_SYNC_${link.region}`;
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
    link.halt();
    if (o.onError) o.onError(e);
  };
  const js = nc.jetstream();
  outbox = createOutbox({ js, nc, client, link, subject, timeout: o.publishTimeoutMs ?? 2000, fail });

  // The last stream sequence this link has read (applied, skipped or
  // rejected), or that an applied snapshot covers.
  let sequence = (o.fromSequence ?? 1) - 1;
  let target; // the last sequence at join: replayed before syncOverNats resolves
  let jsm, snapshots = null;
  const withSnapshots = o.snapshots !== false && typeof d.snapshot === 'function' && typeof d.applySnapshot === 'function';
  const snapshotEvery = (o.snapshots && o.snapshots.every) || SNAPSHOT_EVERY;
  let snapshotsApplied = 0, snapshotsStored = 0, snapshotsFailed = 0, gapsFilled = 0;
  let refusedSnapshot = null; // why the last stored snapshot was refused
  try {
    jsm = await nc.jetstreamManager();
    const state = await ensureStream(jsm, streamName, subject, o.streamConfig);
    target = state.last_seq;
    if (withSnapshots) {
      snapshots = await openSnapshots(js, link.region, o.snapshots || {});
      await applyStoredSnapshot(target);
    }
    // Messages after `sequence` were trimmed (an empty stream that has been
    // purged has first_seq = last_seq + 1).
    if (state.last_seq > sequence && state.first_seq > sequence + 1) {
      throw new Error(`stream ${streamName} starts at sequence ${state.first_seq}; sequences ${sequence + 1} to ` +
                      `${state.first_seq - 1} were trimmed and no stored snapshot covers them` +
                      (refusedSnapshot ? ` (the stored one was refused: ${refusedSnapshot})` : ''));
    }
  } catch (e) {
    if (ownConnection) await nc.close();
    throw e;
  }

  /**
   * Applies the stored snapshot if it covers more than `sequence`; true if it
   * did. A record or snapshot that is refused is counted, and changes nothing.
   * @param {number} last the highest sequence a snapshot may cover now
   */
  async function applyStoredSnapshot(last) {
    let stored;
    try {
      stored = await snapshots.read(last);
    } catch (e) {
      if (!(e instanceof BadRecord)) throw e;
      link.reject(e.reason);
      refusedSnapshot = e.message;
      return false;
    }
    if (!stored || stored.covered <= sequence) return false;
    // Local writes not yet scanned would be lost where the snapshot wins.
    if (!link.closed && sequence >= target) link.flush();
    try {
      d.applySnapshot(stored.bytes);
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      link.reject(`snapshot-${e.errorName}`);
      refusedSnapshot = `applySnapshot: ${e.message}`;
      return false;
    }
    snapshotsApplied++;
    sequence = stored.covered;
    return true;
  }

  let caughtUp;
  const ready = new Promise((resolve) => { caughtUp = resolve; });
  if (sequence >= target) caughtUp();

  let sinceSnapshot = 0, snapshotting = false;
  /** Stores a snapshot covering `sequence` (unless a peer stored a recent one) and trims the stream behind it. */
  async function storeSnapshot() {
    snapshotting = true;
    sinceSnapshot = 0;
    try {
      let covered = 0;
      const stored = await snapshots.write((previous) => {
        if (previous + snapshotEvery / 2 > sequence || link.closed) return null;
        link.flush(); // scanned writes go to the outbox; the snapshot holds them too
        covered = sequence;
        return { bytes: d.snapshot(), covered };
      }, nc.info?.max_payload ?? 1 << 20);
      if (stored) {
        snapshotsStored++;
        await jsm.streams.purge(streamName, { seq: covered + 1 }); // keeps covered + 1 onwards
      }
    } catch (e) {
      // The next attempt comes after another `snapshotEvery` messages.
      snapshotsFailed++;
    } finally {
      snapshotting = false;
    }
  }

  /** @param {any} m a JetStream message */
  async function onMessage(m) {
    if (m.seq <= sequence) {
      link.skip(1); // already covered (a snapshot, or delivered again after a consumer reset)
      return;
    }
    if (m.seq > sequence + 1) {
      // The stream was trimmed behind a snapshot while this peer was away.
      // (No snapshot may claim more than the stream's last sequence.)
      const covered = snapshots !== null &&
        await applyStoredSnapshot((await jsm.streams.info(streamName)).state.last_seq) && sequence >= m.seq - 1;
      if (covered) gapsFilled++;
      else fail(new Error(`stream ${streamName}: sequences ${sequence + 1} to ${m.seq - 1} were trimmed and no stored snapshot covers them`));
      if (m.seq <= sequence) {
        link.skip(1);
        return;
      }
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
    if (snapshots && ++sinceSnapshot >= snapshotEvery && !snapshotting) storeSnapshot();
  }

  let messages = null;
  let readerStarted;
  const started = new Promise((resolve) => { readerStarted = resolve; });
  const consuming = (async () => {
    let backoff = RETRY_FIRST_MS;
    while (!link.closed && !nc.isClosed()) {
      try {
        // An ordered consumer: it re-creates itself from the last sequence
        // it delivered when the server restarts or a message goes missing.
        const consumer = await js.consumers.get(streamName, {
          filterSubjects: subject, deliver_policy: 'by_start_sequence', opt_start_seq: sequence + 1,
        });
        messages = await consumer.consume();
        readerStarted();
        if (link.closed) messages.stop();
        for await (const m of messages) {
          await onMessage(m);
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

  // The client gave up reconnecting (or the given connection was closed).
  nc.closed().then((e) => {
    if (link.closed) return;
    const why = ownConnection
      ? `the client gave up reconnecting (${reconnect.attempts} attempts, ${reconnect.waitMs} ms apart)`
      : 'the connection given as options.connection closed';
    fail(new Error(`NATS link of region ${link.region}: ${why}${e ? `: ${e.message}` : ''}; ` +
                   `${outbox.size} patch(es) not sent`, { cause: e }));
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
  if (o.unsent?.length) outbox.push(o.unsent);
  link.start();

  return {
    region: link.region,
    subject,
    stream: streamName,
    get stats() {
      return { ...link.stats, sequence, unsent: outbox.size, snapshotsApplied, snapshotsStored, snapshotsFailed, gapsFilled };
    },
    /** Null, or why the link stopped working (the client gave up reconnecting). */
    get error() { return error; },
    /**
     * After a failure: removes and returns the patches that were never
     * acknowledged, to give to a new link (options.unsent) on the same
     * distributor, which publishes them once it has joined.
     */
    takeUnsent() {
      if (!error) throw new Error('takeUnsent: the link has not failed (close() sends what is queued)');
      return outbox.take();
    },
    flush: () => link.flush(),
    /** Publishes what changed since the last scan, waits for the outbox (bounded), and disconnects. */
    async close() {
      if (link.closed) return;
      link.flush();
      link.stop();
      await outbox.drain(Date.now() + CLOSE_TIMEOUT_MS);
      // Stop the reader before the connection goes: an ordered consumer
      // still being set up when it closes retries its creation for many
      // seconds (inside the client), keeping the process alive.
      await Promise.race([started, sleep(CLOSE_READER_MS)]);
      messages?.stop();
      if (ownConnection) await nc.close();
      await Promise.race([consuming, sleep(CLOSE_READER_MS)]);
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
