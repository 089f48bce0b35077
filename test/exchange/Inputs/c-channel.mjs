// A C11 module and C++ modules on one channel, one memory, one thread
// (test/exchange/c-channel.test): the C module publishes Packets it encodes
// by hand, the C++ consumer views them at the C module's address; the C++
// producer publishes, the C module reads them at the producer's address.
import { createSharedMemory, findRegion, loadModule } from '../../../runtime/js/exchange.mjs';

const [producerFile, consumerFile, cFile] = process.argv.slice(2);
const shm = createSharedMemory({ maximumPages: 8192, heapBase: 0x05010000 });
const p = (await loadModule(shm, producerFile)).exports;
const cons = (await loadModule(shm, consumerFile)).exports;
const cm = await loadModule(shm, cFile);
const c = cm.exports;
const E = ['ok', 'invalid_argument', 'not_found', 'exists', 'table_full', 'out_of_memory', 'corrupt', 'version_mismatch',
  'type_mismatch', 'too_large', 'full', 'busy', 'no_subscriber_slot', 'empty', 'timeout'];
const said = (r) => (r < 0n ? (E[Number(-r)] ?? `${r}`) : 'ok');
const cstr = (ptr) => { const b = shm.bytes(ptr, 64); return new TextDecoder().decode(b.slice(0, b.indexOf(0))); };

console.log(`error names: ${E.map((_, i) => cstr(c.error_name(i)) === E[i]).every(Boolean)} ${cstr(c.error_name(99))}`);
console.log(`module id: ${c.module_id() === cm.range.id}`);
const at = c.regions();
const raw = findRegion(shm, 'c-raw');
console.log(`regions: ${at > 0n && Number(at) === raw.offset && raw.owner === cm.range.id && raw.structId === 42n ? 'created, found, exists, refused' : said(at)}`);

// 1. C publishes, C++ subscribes.
console.log(`C publisher: ${E[c.pub_open(4, 4096, 0)]}; C++ consumer: ${E[cons.open()]}; C++ producer: ${E[p.open(4, 4096, 0)]}; C wrong type: ${E[c.open_wrong_type()]}`);
let same = 0;
for (let seq = 1n; seq <= 100n; ++seq) {
  const wrote = c.pub_send(seq, Number(seq * 37n % 3000n));
  const read = cons.take();
  if (wrote > 0n && read === wrote && cons.last_seq() === seq && cons.last_size() === Number(seq * 37n % 3000n)) ++same;
}
console.log(`C -> C++: ${same}/100 viewed at the C module's address, torn ${cons.bad()}`);
const ab = c.pub_abandon_twice();
const next = c.pub_send(101n, 5);
console.log(`abandon: ${ab > 0n && ab === next ? 'the next loan reuses the slot' : said(ab)}, the subscriber sees ${cons.take() > 0n ? cons.last_seq() : 'nothing'} then ${said(cons.take())}`);
console.log(`too large: ${E[c.pub_too_large()]}`);
let sent = 0, r;
while ((r = c.pub_send(BigInt(200 + sent), 8)) > 0n) ++sent;
console.log(`ring of 4, C++ consumer not taking: ${sent} sent, then ${said(r)}`);
while (cons.take() > 0n);
c.pub_close();

// 2. C++ publishes, C subscribes (in place), while the C++ consumer reads too.
console.log(`C++ producer after the C one left: ${E[p.open(4, 4096, 0)]}; C subscriber: ${E[c.sub_open()]}; a second publisher: ${E[c.pub_open_second()]}`);
same = 0;
for (let seq = 1000n; seq < 1100n; ++seq) {
  const wrote = p.send(seq, Number(seq % 1500n));
  const mine = c.sub_take(), theirs = cons.take();
  if (wrote > 0n && mine === wrote && theirs === wrote && c.last_seq() === seq && c.last_size() === Number(seq % 1500n)) ++same;
}
console.log(`C++ -> C: ${same}/100 read by the C module at the producer's address, torn ${c.bad()}`);
// The C subscriber holds what it receives: the ring stays full until it releases.
sent = 0;
for (;;) {
  r = p.send(BigInt(2000 + sent), 16);
  if (r < 0n) break;
  ++sent;
  cons.take();
  c.sub_hold();
}
console.log(`C holds ${sent}: producer ${said(r)}; C++ consumer ${said(cons.take())}; after releasing ${c.release_held()}: producer ${said(p.send(3000n, 16))}`);
console.log(`C gets ${c.sub_take() > 0n ? c.last_seq() : 'nothing'}, then wait(1 ms) on one thread: ${said(c.sub_take_wait(1000000n))}`);
c.sub_close();
console.log(`C left: producer sends ${[0, 1, 2, 3].map((i) => { const x = p.send(BigInt(4000 + i), 8); cons.take(); return said(x); }).join(' ')}`);
