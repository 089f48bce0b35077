// Drives the rounds of one configuration (a design, a transport, a fraction
// of pages) on a group of peers and turns their reports into figures.
// A group is { peers, send(index, message), counters(index) } whose reports
// reach inbox.put(index, message); latency-nats.mjs and latency-browser.mjs
// make the two kinds.

const ROUND_TIMEOUT_MS = 10_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Reports by peer, type and round; take() waits for one (bounded). */
export class Inbox {
  constructor() {
    this.arrived = new Map();
    this.waiting = new Map();
  }

  put(index, m) {
    const key = `${index}:${m.type}:${m.round ?? ''}`;
    const w = this.waiting.get(key);
    if (w) {
      this.waiting.delete(key);
      w(m);
    } else {
      this.arrived.set(key, m);
    }
  }

  take(index, type, round = '', timeoutMs = ROUND_TIMEOUT_MS) {
    const key = `${index}:${type}:${round}`;
    if (this.arrived.has(key)) {
      const m = this.arrived.get(key);
      this.arrived.delete(key);
      return Promise.resolve(m);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`peer ${index + 1}: no '${type}' for round ${round} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(key, (m) => { clearTimeout(timer); resolve(m); });
    });
  }
}

/** The q-quantile (nearest rank) of `xs`. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

const summary = (xs) => ({ p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), min: Math.min(...xs), max: Math.max(...xs) });

async function counters(group, inbox) {
  const all = [];
  for (let i = 0; i < group.peers; i++) {
    group.send(i, { type: 'counters' });
    all.push(await inbox.take(i, 'counters'));
  }
  const sum = (k) => all.reduce((n, c) => n + (c[k] ?? 0), 0);
  return { outBytes: sum('outBytes'), outMsgs: sum('outMsgs'), payloadBytes: sum('payloadBytes'), payloadMessages: sum('payloadMessages') };
}

/**
 * Runs `warmup` + `rounds` rounds; round r is written by peer r % peers at a
 * random moment of its scan period. Returns the figures of the measured ones.
 */
export async function runRounds(group, inbox, { fraction, rounds, warmup, scanInterval, firstRound }) {
  const latency = [], emitToConverged = [], writeToEmit = [];
  let changedBytes = 0, pages = 0, before = null;
  for (let k = 0; k < warmup + rounds; k++) {
    const round = firstRound + k;
    const writer = round % group.peers;
    if (k === warmup) {
      await sleep(3 * scanInterval); // let the warm-up's acknowledgements finish
      before = await counters(group, inbox);
    }
    for (let i = 0; i < group.peers; i++) group.send(i, { type: 'prepare', round, fraction, writer });
    let prepared;
    for (let i = 0; i < group.peers; i++) prepared = await inbox.take(i, 'prepared', round);
    await sleep(Math.random() * scanInterval);
    group.send(writer, { type: 'write' });
    const wrote = await inbox.take(writer, 'wrote', round);
    const emitted = await inbox.take(writer, 'emitted', round);
    let last = -Infinity;
    for (let i = 0; i < group.peers; i++) {
      if (i !== writer) last = Math.max(last, (await inbox.take(i, 'converged', round)).t);
    }
    if (k < warmup) continue;
    latency.push(last - wrote.t);
    emitToConverged.push(last - emitted.t);
    writeToEmit.push(emitted.t - wrote.t);
    changedBytes += prepared.bytes;
    pages = prepared.pages;
  }
  await sleep(3 * scanInterval);
  const after = await counters(group, inbox);
  const identical = [];
  for (let i = 0; i < group.peers; i++) {
    group.send(i, { type: 'identical' });
    identical.push((await inbox.take(i, 'identical')).ok);
  }
  if (!identical.every(Boolean)) throw new Error(`regions differ from the mirror after the rounds: ${identical}`);
  const delta = (k) => after[k] - before[k];
  return {
    fraction, pagesChanged: pages, rounds, warmup,
    latencyMs: summary(latency), emitToConvergedMs: summary(emitToConverged), writeToEmitMs: summary(writeToEmit),
    changedBytes,
    payloadBytes: delta('payloadBytes'), payloadMessages: delta('payloadMessages'),
    brokerInBytes: delta('outBytes'), brokerInMessages: delta('outMsgs'),
    identical: true,
  };
}
