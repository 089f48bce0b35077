// The host as a channel participant (docs/exchange-layout.md §3): JavaScript
// publishes into and receives from the same rings the modules use
// (karmem/exchange/channel.h, karmem/exchange_c.h), with the same protocol —
// pending bits, per-subscriber cursors, drop-oldest by compare-and-swap, the
// channel lock, the wake word — done with Atomics on the shared memory.
//
//   const ch = openChannel(shm, 'packets', { structId: 6799584335970905654n });
//   const sub = ch.subscribe();
//   const msg = sub.receive();            // or receiveWait(ms) off the main thread
//   if (msg) { read(msg.view()); msg.release(); }   // a DataView over the slot
//
//   const pub = ch.publish();
//   const slot = pub.loan(n);             // a Uint8Array over the slot, or null when full
//   encodeInto(slot); pub.publish(n);     // or pub.abandon()
//
// Nothing is copied: a message's view and a loan's bytes are the slot itself.
// For a module that owns its memory (it cannot import the shared one),
// bridgePublisher / bridgeSubscriber join a channel with exactly one copy per
// message. No dependencies; Node and browsers. Tests: test/exchange/js-*.

import { ExchangeError, ExchangeMemory, createRegion, findRegion, layout } from './exchange.mjs';

/**
 * The channel numbers of docs/exchange-layout.md §3, as
 * runtime/include/karmem/exchange/layout.h holds them (exchange.mjs's
 * `layout` holds the table's; test/exchange/js-layout.test checks these).
 */
export const channelLayout = Object.freeze({
  channelMagic: 0x43584d4b, // "KMXC"
  maxSubscribers: 32,
  channelHeaderSize: 320,
  maxSlots: 65536,
  slotHeaderSize: 16,
  // header fields
  magic: 0, version: 4, policy: 6, slotCount: 8, slotCapacity: 12, structId: 16, lock: 24, active: 28,
  publisher: 32, wake: 36, waiters: 40, next: 48, cursors: 64,
  // slot fields
  sequence: 0, pending: 8, size: 12, message: 16,
});
const C = channelLayout;

const HOST = -1; // 0xFFFFFFFF as an Int32: the host's id in lock and publisher words
const NEVER_USED = 0xffffffffffffffffn;
const POLICIES = { refuse: 0, drop_oldest: 1 };
const fail = (code, message) => { throw new ExchangeError(code, message); };
const stride = (capacity) => Math.ceil((C.slotHeaderSize + capacity) / 64) * 64;
const ctz = (x) => 31 - Math.clz32(x & -x);
const isShared = (buffer) => typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;

/**
 * @typedef {object} ChannelOptions
 * @property {bigint|number} structId the Karmem struct id of the messages (required)
 * @property {number} [slots] when created: a power of two, 2..65536 (default 4)
 * @property {number} [slotCapacity] when created: bytes per message, rounded up to 8 (default 65536)
 * @property {'refuse'|'drop_oldest'|0|1} [policy] when created: what a full ring does (default 'refuse')
 */

/**
 * Opens the channel `name`, creating it with the options when it does not
 * exist (an existing one keeps its creator's geometry). Throws ExchangeError:
 * type_mismatch (another struct id, or a raw region), corrupt,
 * version_mismatch, invalid_argument, and createRegion's errors.
 *
 * A channel the host creates is entered in the table before its header is
 * written (exchange.mjs's createRegion takes no initialiser): create channels
 * before starting threads whose modules open them, or those see `corrupt`.
 * @param {ExchangeMemory} shm
 * @param {string} name
 * @param {ChannelOptions} options
 * @returns {Channel}
 */
export function openChannel(shm, name, options) {
  if (!(shm instanceof ExchangeMemory)) fail('invalid_argument', 'openChannel takes the ExchangeMemory of createSharedMemory/openSharedMemory');
  const structId = toU64(options?.structId);
  let region;
  try {
    region = findRegion(shm, name);
  } catch (e) {
    if (e.code !== 'not_found') throw e;
    region = createChannel(shm, name, structId, options);
  }
  return new Channel(shm, region, structId);
}

function toU64(id) {
  if (typeof id === 'number' && Number.isSafeInteger(id)) id = BigInt(id);
  if (typeof id !== 'bigint' || id < 0n || id >= 1n << 64n) fail('invalid_argument', `struct id ${id}: a u64 (bigint)`);
  return id;
}

function createChannel(shm, name, structId, options) {
  const { slots = 4, slotCapacity = 64 * 1024 } = options;
  const policy = typeof options.policy === 'string' ? POLICIES[options.policy] : (options.policy ?? 0);
  if (!Number.isInteger(slots) || slots < 2 || slots > C.maxSlots || (slots & (slots - 1)) ||
      !Number.isInteger(slotCapacity) || slotCapacity < 1 || slotCapacity > 0x7fffffff - 64 || (policy !== 0 && policy !== 1))
    fail('invalid_argument', `channel '${name}': ${slots} slots (a power of two, 2..65536) of ${slotCapacity} bytes, policy ${options.policy}`);
  const capacity = Math.ceil(slotCapacity / 8) * 8;
  const size = C.channelHeaderSize + slots * stride(capacity);
  if (size > 0xffffffff) fail('out_of_memory', `channel '${name}' would take ${size} bytes`);
  let region;
  try {
    region = createRegion(shm, name, size, { structId, kind: layout.kindChannel });
  } catch (e) {
    if (e.code === 'exists') return findRegion(shm, name); // created by someone else meanwhile
    throw e;
  }
  const dv = shm.view(), h = region.offset;
  dv.setUint16(h + C.version, layout.version, true);
  dv.setUint16(h + C.policy, policy, true);
  dv.setUint32(h + C.slotCount, slots, true);
  dv.setUint32(h + C.slotCapacity, capacity, true);
  dv.setBigUint64(h + C.structId, structId, true);
  for (let i = 0; i < slots; ++i) dv.setBigUint64(h + C.channelHeaderSize + i * stride(capacity) + C.sequence, NEVER_USED, true);
  Atomics.store(new Int32Array(shm.memory.buffer), (h + C.magic) / 4, C.channelMagic | 0); // last: the channel exists
  return region;
}

/** A validated channel region (channel::attach). */
export class Channel {
  /** @param {ExchangeMemory} shm @param {import('./exchange.mjs').Region} region @param {bigint} structId */
  constructor(shm, region, structId) {
    if (region.kind !== layout.kindChannel) fail('type_mismatch', `'${region.name}' is not a channel (kind ${region.kind})`);
    if (region.size < C.channelHeaderSize) fail('corrupt', `channel '${region.name}': ${region.size} bytes`);
    const dv = shm.view(), h = region.offset;
    const magic = Atomics.load(new Int32Array(shm.memory.buffer), (h + C.magic) / 4) >>> 0;
    if (magic !== C.channelMagic) fail('corrupt', `channel '${region.name}': magic 0x${magic.toString(16)}`);
    const version = dv.getUint16(h + C.version, true);
    if (version !== layout.version) fail('version_mismatch', `channel '${region.name}' version ${version}`);
    const slots = dv.getUint32(h + C.slotCount, true), capacity = dv.getUint32(h + C.slotCapacity, true);
    const policy = dv.getUint16(h + C.policy, true);
    if (slots < 2 || slots > C.maxSlots || (slots & (slots - 1)) || capacity % 8 || policy > 1 ||
        C.channelHeaderSize + slots * stride(capacity) > region.size)
      fail('corrupt', `channel '${region.name}': ${slots} slots of ${capacity} bytes, policy ${policy}, in ${region.size} bytes`);
    if (dv.getBigUint64(h + C.structId, true) !== structId || region.structId !== structId)
      fail('type_mismatch', `channel '${region.name}' carries struct id ${region.structId}, not ${structId}`);
    /** @type {ExchangeMemory} */ this.shm = shm;
    /** @type {string} */ this.name = region.name;
    /** Offset of the header in the memory. */ this.offset = h;
    /** @type {number} */ this.slotCount = slots;
    /** Bytes a message may take. */ this.slotCapacity = capacity;
    /** @type {'refuse'|'drop_oldest'} */ this.policy = policy ? 'drop_oldest' : 'refuse';
    /** @type {bigint} */ this.structId = structId;
    this.stride = stride(capacity);
    this._buffer = null;
  }

  /** Int32 and BigUint64 views of the whole memory, renewed when it grew. @private */
  _views() {
    const buffer = this.shm.memory.buffer;
    if (buffer !== this._buffer) {
      this._buffer = buffer;
      this._i32 = new Int32Array(buffer);
      this._u64 = new BigUint64Array(buffer);
    }
    return this;
  }
  /** Offset of the slot holding sequence number `s` (a bigint). */
  slotOffset(s) { return this.offset + C.channelHeaderSize + Number(s & BigInt(this.slotCount - 1)) * this.stride; }
  /** @private */ _w(field) { return (this.offset + field) / 4; }
  /** @private */ _q(field) { return (this.offset + field) / 8; }
  /** @private */ _cursor(i) { return this._q(C.cursors + 8 * i); }

  /** Spin lock on the channel's lock word, holder 0xFFFFFFFF (memory.h lock_guard). @private */
  _lock() {
    const i32 = this._views()._i32, at = this._w(C.lock);
    for (let spins = 0; ; ++spins) {
      const holder = Atomics.compareExchange(i32, at, 0, HOST);
      if (holder === 0) return;
      if (!isShared(this._buffer)) fail('busy', `channel '${this.name}': its lock is held (by ${holder >>> 0}) on an unshared memory`);
      if (spins > 1000) try { Atomics.wait(i32, at, holder, 0.05); } catch { /* a main thread cannot wait: spin */ }
    }
  }
  /** @private */ _unlock() { Atomics.store(this._i32, this._w(C.lock), 0); }

  /**
   * Becomes the channel's publisher ('busy' if it has one).
   * @returns {Publisher}
   */
  publish() { return new Publisher(this); }

  /**
   * Joins as one of the 32 subscribers ('no_subscriber_slot' when all are
   * taken); receives what is published from now on.
   * @returns {Subscriber}
   */
  subscribe() { return new Subscriber(this); }
}

/** The publishing end (publisher_end): one per channel. */
export class Publisher {
  /** @param {Channel} ch */
  constructor(ch) {
    this.channel = ch;
    if (Atomics.compareExchange(ch._views()._i32, ch._w(C.publisher), 0, HOST) !== 0)
      fail('busy', `channel '${ch.name}' already has a publisher (${Atomics.load(ch._i32, ch._w(C.publisher)) >>> 0})`);
    this._open = true;
    this._loan = null;
  }

  /**
   * Lends the next slot for a message of at most `size` bytes: a Uint8Array
   * over the slot's payload (the message goes at its offset 0), or null when
   * the ring is full (the slot is held; under drop_oldest, the oldest message
   * is first dropped for every subscriber that has not taken it). Throws
   * too_large, busy (a loan is open), invalid_argument (closed).
   * @param {number} size
   * @returns {Uint8Array|null}
   */
  loan(size) {
    const ch = this.channel;
    if (!this._open) fail('invalid_argument', 'the publisher is closed');
    if (this._loan) fail('busy', 'a loan is open: publish or abandon it first');
    if (!Number.isInteger(size) || size < 0) fail('invalid_argument', `message size ${size}`);
    if (size > ch.slotCapacity) fail('too_large', `${size} bytes; the slots of '${ch.name}' take ${ch.slotCapacity}`);
    const { _i32: i32, _u64: u64 } = ch._views();
    const s = Atomics.load(u64, ch._q(C.next));
    const slot = ch.slotOffset(s), pending = (slot + C.pending) / 4;
    let held = Atomics.load(i32, pending);
    if (held && ch.policy === 'drop_oldest' && s >= BigInt(ch.slotCount)) held = this._drop(s - BigInt(ch.slotCount), held, pending);
    if (held) return null;
    this._loan = { sequence: s, slot };
    return new Uint8Array(ch._buffer, slot + C.message, size);
  }

  /** Drop oldest: moves every subscriber still at `oldest` past it, by CAS against its receive. @private */
  _drop(oldest, held, pending) {
    const ch = this.channel;
    for (let bits = held; bits; bits &= bits - 1) {
      const i = ctz(bits);
      if (Atomics.compareExchange(ch._u64, ch._cursor(i), oldest, oldest + 1n) === oldest)
        Atomics.and(ch._i32, pending, ~(1 << i));
    }
    return Atomics.load(ch._i32, pending);
  }

  /**
   * Publishes the loaned slot as its first `size` bytes and wakes blocked
   * receivers. @param {number} size @returns {bigint} the sequence number
   */
  publish(size) {
    const ch = this.channel, loan = this._loan;
    if (!loan) fail('invalid_argument', 'no loan is open');
    if (!Number.isInteger(size) || size < 0 || size > ch.slotCapacity) fail('invalid_argument', `message size ${size}`);
    this._loan = null;
    ch._lock();
    let wake;
    try {
      const { _i32: i32, _u64: u64 } = ch._views();
      const s = Atomics.load(u64, ch._q(C.next)), slot = ch.slotOffset(s);
      Atomics.store(i32, (slot + C.size) / 4, size);
      Atomics.store(i32, (slot + C.pending) / 4, Atomics.load(i32, ch._w(C.active)));
      Atomics.store(u64, (slot + C.sequence) / 8, s);
      Atomics.store(u64, ch._q(C.next), s + 1n);
      Atomics.add(i32, ch._w(C.wake), 1);
      wake = Atomics.load(i32, ch._w(C.waiters)) !== 0;
    } finally {
      ch._unlock();
    }
    if (wake) Atomics.notify(ch._i32, ch._w(C.wake));
    return loan.sequence;
  }

  /** Gives the loaned slot back unpublished. */
  abandon() { this._loan = null; }

  /** Stops publishing; another publisher may attach. */
  close() {
    if (!this._open) return;
    this._open = false;
    this._loan = null;
    Atomics.store(this.channel._views()._i32, this.channel._w(C.publisher), 0);
  }
}

/** A received message: its bytes in the slot, until released. */
export class Message {
  /** @param {Subscriber} sub @param {bigint} sequence @param {number} slot @param {number} size */
  constructor(sub, sequence, slot, size) {
    this._sub = sub;
    /** @type {bigint} */ this.sequence = sequence;
    /** Offset of the message's first byte in the memory. */ this.offset = slot + C.message;
    /** @type {number} */ this.size = size;
    this._slot = slot;
  }
  /** A DataView over the message in its slot (no copy). Stale after release, or after an unshared memory grows. */
  view() { return new DataView(this._sub.channel._views()._buffer, this.offset, this.size); }
  /** A Uint8Array over the message in its slot (no copy). */
  bytes() { return new Uint8Array(this._sub.channel._views()._buffer, this.offset, this.size); }
  /** Whether it is still held. */
  get held() { return this._slot !== -1; }
  /** Hands the slot back to the publisher; again is a no-op. */
  release() {
    if (this._slot === -1) return;
    this._sub._release(this._slot);
    this._slot = -1;
  }
}

/** The receiving end (subscriber_end): one of the channel's 32 places. */
export class Subscriber {
  /** @param {Channel} ch */
  constructor(ch) {
    this.channel = ch;
    ch._lock();
    try {
      const { _i32: i32, _u64: u64 } = ch._views();
      const active = Atomics.load(i32, ch._w(C.active));
      if (active === -1) fail('no_subscriber_slot', `channel '${ch.name}' has 32 subscribers`);
      const i = ctz(~active);
      Atomics.store(u64, ch._cursor(i), Atomics.load(u64, ch._q(C.next)));
      Atomics.store(i32, ch._w(C.active), active | (1 << i));
      /** The subscriber place, 0..31. */ this.index = i;
    } finally {
      ch._unlock();
    }
  }

  /**
   * The next message, or null when there is nothing new. Throws corrupt for a
   * slot whose size exceeds the capacity (it is released first).
   * @returns {Message|null}
   */
  receive() {
    const ch = this.channel;
    if (this.index < 0) fail('invalid_argument', 'the subscriber left');
    const { _i32: i32, _u64: u64 } = ch._views(), bit = 1 << this.index, cursor = ch._cursor(this.index);
    for (;;) {
      const c = Atomics.load(u64, cursor), slot = ch.slotOffset(c);
      if (Atomics.load(u64, (slot + C.sequence) / 8) !== c) return null;
      const ours = (Atomics.load(i32, (slot + C.pending) / 4) & bit) !== 0;
      // Taking it races only the publisher dropping it for us (drop oldest).
      if (Atomics.compareExchange(u64, cursor, c, c + 1n) !== c || !ours) continue;
      const size = Atomics.load(i32, (slot + C.size) / 4) >>> 0;
      if (size > ch.slotCapacity) {
        this._release(slot);
        fail('corrupt', `channel '${ch.name}': message ${c} claims ${size} bytes`);
      }
      return new Message(this, c, slot, size);
    }
  }

  /**
   * Like receive, sleeping on the wake word (Atomics.wait) up to `timeoutMs`
   * (Infinity: forever) while nothing is new; null on timeout. On an
   * unshared memory nobody else can publish meanwhile, so it does not wait.
   * Where Atomics.wait is not allowed (a browser's main thread) it throws
   * invalid_argument: use receive() or receiveAsync() there.
   * @param {number} timeoutMs
   * @returns {Message|null}
   */
  receiveWait(timeoutMs) {
    const ch = this.channel, deadline = performance.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(ch._views()._i32, ch._w(C.wake));
      const msg = this.receive();
      if (msg || !isShared(ch._buffer)) return msg;
      const left = deadline - performance.now();
      if (left <= 0) return null;
      Atomics.add(ch._i32, ch._w(C.waiters), 1);
      try {
        Atomics.wait(ch._i32, ch._w(C.wake), seen, left);
      } catch (e) {
        fail('invalid_argument', `Atomics.wait is not allowed here (${e.message}): use receive() or receiveAsync()`);
      } finally {
        Atomics.sub(ch._i32, ch._w(C.waiters), 1);
      }
    }
  }

  /**
   * receiveWait without blocking the thread (Atomics.waitAsync where there is
   * one, else polling every few ms). @param {number} timeoutMs
   * @returns {Promise<Message|null>}
   */
  async receiveAsync(timeoutMs) {
    const ch = this.channel, deadline = performance.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(ch._views()._i32, ch._w(C.wake));
      const msg = this.receive();
      if (msg) return msg;
      const left = deadline - performance.now();
      if (left <= 0) return null;
      if (isShared(ch._buffer) && typeof Atomics.waitAsync === 'function') {
        Atomics.add(ch._i32, ch._w(C.waiters), 1);
        try {
          const w = Atomics.waitAsync(ch._i32, ch._w(C.wake), seen, left);
          if (w.async) await w.value;
        } finally {
          Atomics.sub(ch._i32, ch._w(C.waiters), 1);
        }
      } else {
        await new Promise((resolve) => setTimeout(resolve, Math.min(4, left)));
      }
    }
  }

  /** @private */
  _release(slot) { Atomics.and(this.channel._views()._i32, (slot + C.pending) / 4, ~(1 << this.index)); }

  /** Gives the place back, releasing whatever it still held. */
  close() {
    if (this.index < 0) return;
    const ch = this.channel, bit = 1 << this.index;
    ch._lock();
    try {
      Atomics.and(ch._views()._i32, ch._w(C.active), ~bit);
      for (let s = 0; s < ch.slotCount; ++s) Atomics.and(ch._i32, (ch.slotOffset(BigInt(s)) + C.pending) / 4, ~bit);
    } finally {
      ch._unlock();
    }
    this.index = -1;
  }
}

// ---- copy mode: modules that own their memory ------------------------------

/**
 * @typedef {object} BridgeOptions
 * @property {WebAssembly.Memory|(() => WebAssembly.Memory)} memory the module's own memory, or
 *   a function giving it (when the bridge's functions are imports of the module being instantiated)
 */

const memoryOf = (m) => (typeof m === 'function' ? m() : m);

/**
 * A module with its own memory publishes into a channel: `publish(ptr, size)`
 * copies the message at [ptr, ptr + size) of that memory into a loaned slot
 * — the one copy — and publishes it. Hand `publish` to the module as an
 * import, or call it with a pointer the module returned.
 * @param {ExchangeMemory} shm
 * @param {string} name
 * @param {ChannelOptions & BridgeOptions} options
 */
export function bridgePublisher(shm, name, options) {
  const pub = openChannel(shm, name, options).publish();
  const bridge = {
    publisher: pub,
    /** Messages copied into the channel, and their bytes. */
    copies: 0,
    bytesCopied: 0,
    /**
     * @param {number} ptr @param {number} size
     * @returns {number} 0 published, else -(code of karmem::exchange::error): -10 full
     */
    publish(ptr, size) {
      const slot = pub.loan(size >>> 0);
      if (!slot) return -10;
      slot.set(new Uint8Array(memoryOf(options.memory).buffer, ptr >>> 0, size >>> 0)); // the one copy
      ++bridge.copies;
      bridge.bytesCopied += size >>> 0;
      pub.publish(size >>> 0);
      return 0;
    },
    close() { pub.close(); },
  };
  return bridge;
}

/**
 * A module with its own memory subscribes to a channel: `receive(ptr,
 * capacity)` copies the next message from its slot into [ptr, ptr + size) of
 * that memory — the one copy — releases the slot, and returns the size.
 * @param {ExchangeMemory} shm
 * @param {string} name
 * @param {ChannelOptions & BridgeOptions} options
 */
export function bridgeSubscriber(shm, name, options) {
  const sub = openChannel(shm, name, options).subscribe();
  const bridge = {
    subscriber: sub,
    copies: 0,
    bytesCopied: 0,
    /**
     * @param {number} ptr @param {number} capacity
     * @returns {number} the message's size; -13 empty; -9 too large for
     *   `capacity` (the message stays unread: call again with more room)
     */
    receive(ptr, capacity) {
      const ch = sub.channel, c = Atomics.load(ch._views()._u64, ch._cursor(sub.index));
      // Peek at the size first, so a message too large for the module's buffer is not lost.
      const slot = ch.slotOffset(c);
      if (Atomics.load(ch._u64, (slot + C.sequence) / 8) === c &&
          (Atomics.load(ch._i32, (slot + C.size) / 4) >>> 0) > (capacity >>> 0) &&
          (Atomics.load(ch._i32, (slot + C.pending) / 4) & (1 << sub.index)))
        return -9;
      const msg = sub.receive();
      if (!msg) return -13;
      if (msg.size > (capacity >>> 0)) { msg.release(); return -9; } // dropped-for-us race: rare
      new Uint8Array(memoryOf(options.memory).buffer, ptr >>> 0, msg.size).set(msg.bytes()); // the one copy
      ++bridge.copies;
      bridge.bytesCopied += msg.size;
      msg.release();
      return msg.size;
    },
    close() { sub.close(); },
  };
  return bridge;
}
