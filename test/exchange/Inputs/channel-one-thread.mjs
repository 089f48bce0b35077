// Separately compiled modules on one thread, one memory: a producer encodes
// into a slot, three consumers view the same bytes. The host only calls
// exports; it never reads or writes a message byte, and each consumer's view
// reads at the very address the producer encoded at.
import { createSharedMemory, findRegion, loadModule } from '../../../runtime/js/exchange.mjs';

const [producerFile, ...consumerFiles] = process.argv.slice(2);
const shm = createSharedMemory({ maximumPages: 8192, heapBase: 0x05010000 });
const p = (await loadModule(shm, producerFile)).exports;
const cs = [];
for (const f of consumerFiles) cs.push((await loadModule(shm, f)).exports);
const E = ['ok', 'invalid_argument', 'not_found', 'exists', 'table_full', 'out_of_memory', 'corrupt', 'version_mismatch',
  'type_mismatch', 'too_large', 'full', 'busy', 'no_subscriber_slot', 'empty', 'timeout'];
const said = (r) => (r < 0n ? E[Number(-r)] : 'ok');

console.log(`open: producer ${E[p.open(4, 4096, 0)]}, consumers ${cs.map((c) => E[c.open()]).join(' ')}, other type ${E[cs[0].open_other()]}`);
// Count every host access to the memory's bytes from here on.
let hostTouches = 0;
for (const name of ['bytes', 'view']) {
  const f = shm[name].bind(shm);
  shm[name] = (...a) => { ++hostTouches; return f(...a); };
}
let same = 0;
const rounds = 200;
for (let seq = 1n; seq <= BigInt(rounds); ++seq) {
  const wrote = p.send(seq, Number(seq * 17n % 3000n));
  const read = cs.map((c) => c.take());
  if (wrote > 0n && read.every((r) => r === wrote) && cs.every((c) => c.last_seq() === seq)) ++same;
}
const torn = cs.reduce((n, c) => n + c.bad(), 0n);
console.log(`${rounds} messages: ${same} read by all ${cs.length} consumers at the producer's address, torn ${torn}, host touched the memory ${hostTouches} times`);
const ch = findRegion(shm, 'packets');
const last = p.send(1000n, 10);
console.log(`the slot lies in the channel region, above every module: ${last >= BigInt(ch.offset) && last < BigInt(ch.offset + ch.size) && last >= 0x05010000n}`);
for (const c of cs) c.take();

// Full ring, refuse: 4 slots; consumer 0 drains, the others do not.
let sent = 0, r;
while ((r = p.send(BigInt(2000 + sent), 8)) > 0n) ++sent;
console.log(`refuse: ${sent} sent, then ${said(r)}; too large: ${said(p.send(9n, 5000))}`);
const drained = [];
while ((r = cs[0].take()) > 0n) drained.push(cs[0].last_seq());
console.log(`consumer 0 drained ${drained.join(',')} then ${said(r)}; the ring is still full for the others: ${said(p.send(3000n, 8))}`);
for (const c of cs.slice(1)) while (c.take() > 0n);
console.log(`all drained: publish ${said(p.send(3001n, 8))}, consumer 2 gets ${cs[2].take() > 0n ? cs[2].last_seq() : 'nothing'}`);

// A held message stays valid while the memory grows (regions never move).
cs[0].take(), cs[1].take(); // 3001: every slot free again
const pages = shm.memory.buffer.byteLength / 65536;
p.send(4000n, 2500);
const heldAt = cs[0].hold();
shm.memory.grow(64);
const grownByModule = p.grow_memory(32);
console.log(`held across growth by the host and a module (${pages} -> ${shm.memory.buffer.byteLength / 65536} pages, module grow ${grownByModule >= 0 ? 'ok' : 'failed'}): ` +
  `intact ${cs[0].check_held() === 1}, same address ${heldAt > 0n}, others read it too ${cs[1].take() === heldAt && cs[2].take() === heldAt}`);

p.close();
for (const c of cs) c.close();
