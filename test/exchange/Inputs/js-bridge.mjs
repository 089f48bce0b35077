// Copy mode (test/exchange/js-bridge.test): a module with its own memory
// publishes to and receives from the C++ modules' channel through the host's
// bridge, with exactly one copy per message, counted by watching every
// typed-array copy the host makes.
import { createSharedMemory, findRegion, loadModule } from '../../../runtime/js/exchange.mjs';
import { bridgePublisher, bridgeSubscriber } from '../../../runtime/js/channel.mjs';
import { PACKET_ID } from './js-packet.mjs';

const [producerFile, consumerFile, plainFile] = process.argv.slice(2);
const E = ['ok', 'invalid_argument', 'not_found', 'exists', 'table_full', 'out_of_memory', 'corrupt', 'version_mismatch',
  'type_mismatch', 'too_large', 'full', 'busy', 'no_subscriber_slot', 'empty', 'timeout'];
const said = (r) => (r < 0 ? E[-Number(r)] : `${r}`);

const shm = createSharedMemory({ maximumPages: 8192, heapBase: 0x05010000 });
const p = (await loadModule(shm, producerFile)).exports;
const c = (await loadModule(shm, consumerFile)).exports;

// Every copy between typed arrays the host could make, counted.
const copies = { n: 0, bytes: 0 };
for (const [proto, name] of [[Uint8Array.prototype, 'set'], [Object.getPrototypeOf(Uint8Array.prototype), 'set'],
  [Object.getPrototypeOf(Uint8Array.prototype), 'slice'], [Object.getPrototypeOf(Uint8Array.prototype), 'copyWithin']]) {
  const f = proto[name];
  Object.defineProperty(proto, name, { configurable: true, writable: true, value: function (...a) {
    ++copies.n; copies.bytes += name === 'set' ? a[0].length : this.length; return f.apply(this, a); } });
}

let instance = null;
const memory = () => instance.exports.memory;
let bridge = { publish: () => -1, receive: () => -1 };
const imports = {
  bridge: { publish: (ptr, n) => bridge.publish(ptr, n), receive: (ptr, cap) => bridge.receive(ptr, cap) },
  wasi_snapshot_preview1: new Proxy({}, { get: () => () => 52 }),
};
instance = (await WebAssembly.instantiate(await (await import('node:fs/promises')).readFile(plainFile), imports)).instance;
const m = instance.exports;
m._initialize?.();
console.log(`the plain module owns its memory: ${memory() !== shm.memory && !WebAssembly.Module.imports(new WebAssembly.Module(await (await import('node:fs/promises')).readFile(plainFile))).some((i) => i.kind === 'memory')}`);

// 1. plain module -> channel -> C++ consumer: one copy, from its memory into the slot.
const pub = bridgePublisher(shm, 'packets', { structId: PACKET_ID, slots: 4, slotCapacity: 4096, memory });
bridge = pub;
console.log(`bridge publisher: ok; C++ consumer ${E[c.open()]}; C++ producer ${E[p.open(4, 4096, 0)]}`);
const region = findRegion(shm, 'packets');
let n = 0, bytes = 0, good = 0;
copies.n = 0; copies.bytes = 0; // from here on, only the messages
const before = copies.n;
for (let seq = 1n; seq <= 300n; ++seq) {
  const size = Number(seq * 11n % 4000n);
  const r = m.produce(seq, size);
  const at = c.take();
  if (r === 0 && at >= BigInt(region.offset) && at < BigInt(region.offset + region.size) && c.last_seq() === seq && c.last_size() === size) ++good;
  ++n; bytes += 24 + size;
}
console.log(`plain -> C++: ${good}/${n} viewed in the slot by the consumer, torn ${c.bad()}; copies ${copies.n - before} (bridge says ${pub.copies}), ${copies.bytes === bytes ? 'exactly the messages\' bytes' : `${copies.bytes} bytes for ${bytes}`}`);
let sent = 0, r;
const mark = copies.n;
while ((r = m.produce(BigInt(1000 + sent), 8)) === 0) ++sent;
console.log(`consumer not taking: ${sent} published, then ${said(r)}; a refused message costs ${copies.n - mark - sent} copies`);
while (c.take() > 0n);
pub.close();

// 2. C++ producer -> channel -> plain module: one copy, from the slot into its memory.
console.log(`C++ producer after the bridge left: ${E[p.open(4, 4096, 0)]}`);
const sub = bridgeSubscriber(shm, 'packets', { structId: PACKET_ID, memory });
bridge = sub;
copies.n = 0; copies.bytes = 0; good = 0; bytes = 0;
for (let seq = 2000n; seq < 2300n; ++seq) {
  const size = Number(seq * 7n % 4000n);
  const wrote = p.send(seq, size); // four slots: this only works because the bridge releases each
  c.take();
  const got = m.consume(8192);
  if (wrote > 0n && got === 24 + size && m.last_seq() === seq && m.last_size() === size) ++good;
  bytes += 24 + size;
}
console.log(`C++ -> plain: ${good}/300 checked in the module's own memory, torn ${m.bad()}; copies ${copies.n} (bridge says ${sub.copies}), ${copies.bytes === bytes ? 'exactly the messages\' bytes' : `${copies.bytes} bytes for ${bytes}`}`);
p.send(3000n, 100);
c.take();
const small = m.consume(64);
const big = m.consume(8192);
console.log(`a buffer too small: ${said(small)}, the message waits: then ${big} bytes of ${m.last_seq()}; empty: ${said(m.consume(8192))}`);
sub.close();
