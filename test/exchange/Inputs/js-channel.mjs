// The host on a channel with C++ modules, one thread (test/exchange/js-channel.test):
// a JS subscriber reads the C++ producer's Packets over DataViews of the
// slots, a JS publisher writes Packets into loaned slots that the C++
// consumer views in place; a JS subscriber that does not release holds the
// ring full; drop-oldest skips exactly the dropped messages, both ways.
import { createSharedMemory, findRegion, loadModule } from '../../../runtime/js/exchange.mjs';
import { openChannel } from '../../../runtime/js/channel.mjs';
import { PACKET_ID, readPacket, writePacket } from './js-packet.mjs';

const [producerFile, consumerFile] = process.argv.slice(2);
const E = ['ok', 'invalid_argument', 'not_found', 'exists', 'table_full', 'out_of_memory', 'corrupt', 'version_mismatch',
  'type_mismatch', 'too_large', 'full', 'busy', 'no_subscriber_slot', 'empty', 'timeout'];
const said = (r) => (r < 0n ? E[Number(-r)] : 'ok');
const code = (f) => { try { f(); return 'ok'; } catch (e) { return e.code ?? e.message; } };

async function world(options) {
  const shm = createSharedMemory({ maximumPages: 8192, heapBase: 0x05010000 });
  let ch = null;
  if (options) ch = openChannel(shm, 'packets', { structId: PACKET_ID, ...options }); // the host creates it
  const p = (await loadModule(shm, producerFile)).exports;
  const c = (await loadModule(shm, consumerFile)).exports;
  return { shm, ch, p, c };
}

// ---- 1. refuse, 4 slots: the C++ producer creates the channel --------------
{
  const { shm, p, c } = await world(null);
  console.log(`producer ${E[p.open(4, 4096, 0)]}, consumer ${E[c.open()]}`);
  const ch = openChannel(shm, 'packets', { structId: PACKET_ID });
  console.log(`host opens it: ${ch.slotCount} slots of ${ch.slotCapacity}, ${ch.policy}; wrong type: ${code(() => openChannel(shm, 'packets', { structId: 1n }))}; host publisher while the producer is attached: ${code(() => ch.publish())}`);
  const sub = ch.subscribe();
  let inPlace = 0, intact = 0;
  for (let seq = 1n; seq <= 200n; ++seq) {
    const at = p.send(seq, Number(seq * 13n % 4000n));
    const msg = sub.receive();
    c.take();
    const dv = msg.view();
    const pk = readPacket(dv);
    if (dv.buffer === shm.memory.buffer && BigInt(dv.byteOffset) === at && msg.offset === Number(at) && msg.sequence === seq - 1n) ++inPlace;
    if (pk.intact && pk.seq === seq && pk.payload.length === Number(seq * 13n % 4000n) && pk.payload.buffer === shm.memory.buffer) ++intact;
    msg.release();
  }
  console.log(`C++ -> JS: ${inPlace}/200 DataViews over the producer's slot, ${intact}/200 Packets intact`);
  console.log(`nothing new: ${sub.receive()}; receiveWait on an unshared memory: ${sub.receiveWait(20)}`);

  // A JS subscriber that does not release holds the ring full.
  const held = [];
  let r;
  for (;;) {
    r = p.send(BigInt(1000 + held.length), 8);
    if (r < 0n) break;
    held.push(sub.receive());
    c.take();
  }
  console.log(`JS holds ${held.length}: producer ${said(r)}, consumer ${said(c.take())}`);
  held[0].release();
  held[0].release(); // again: nothing
  console.log(`JS released one: producer ${said(p.send(1004n, 8))}, then ${said(p.send(1005n, 8))}`);
  held.slice(1).forEach((m) => m.release());
  const got = readPacket(sub.receive().view()).seq;
  console.log(`JS released all: producer ${said(p.send(1005n, 8))}; JS next reads ${got}`);
  sub.close();
  while (c.take() > 0n);
  console.log(`JS left holding 1004 (leaving releases it): producer ${said(p.send(1006n, 8))} ${said(p.send(1007n, 8))} ${said(p.send(1008n, 8))}`);
  while (c.take() > 0n);

  // The host publishes, the C++ consumer views its loans in place.
  p.close();
  const pub = ch.publish();
  const region = findRegion(shm, 'packets');
  let seen = 0;
  for (let seq = 5000n; seq < 5200n; ++seq) {
    const slot = pub.loan(24 + Number(seq % 3000n));
    const n = writePacket(slot, seq, Number(seq % 3000n));
    const s = pub.publish(n);
    const at = c.take();
    if (at === BigInt(slot.byteOffset) && c.last_seq() === seq && slot.buffer === shm.memory.buffer && s >= 0n) ++seen;
  }
  console.log(`JS -> C++: ${seen}/200 viewed by the consumer at the loan's address, torn ${c.bad()}; loans inside the region: ${pub.loan(8).byteOffset > region.offset}`);
  console.log(`loan while one is open: ${code(() => pub.loan(8))}; too large: ${code(() => { pub.abandon(); pub.loan(4097); })}`);
  const a = pub.loan(8); pub.abandon(); const b = pub.loan(8); pub.abandon();
  console.log(`abandon: same slot again ${a.byteOffset === b.byteOffset}, consumer ${said(c.take())}`);
  let n;
  for (n = 0; ; ++n) { const l = pub.loan(24); if (!l) break; pub.publish(writePacket(l, BigInt(6000 + n), 0)); }
  console.log(`refuse: the host published ${n}, then the loan is null (full)`);
  const drained = [];
  while (c.take() > 0n) drained.push(c.last_seq());
  console.log(`consumer drained ${drained.join(',')}; host publishes again: ${pub.loan(24) !== null}`);
  pub.abandon();
  pub.close();
  console.log(`host publisher closed: producer ${E[p.open(4, 4096, 0)]}`);
}

// ---- 2. drop oldest: the host creates the channel ---------------------------
{
  const { shm, ch, p, c } = await world({ slots: 4, slotCapacity: 256, policy: 'drop_oldest' });
  console.log(`drop_oldest: producer ${E[p.open(8, 1024, 0)]} (keeps the host's geometry: ${ch.slotCount} slots), consumer ${E[c.open()]}`);
  const sub = ch.subscribe();
  for (let seq = 1n; seq <= 10n; ++seq) p.send(seq, 4);
  const js = [], cxx = [];
  for (let m; (m = sub.receive()); m.release()) js.push(readPacket(m.view()).seq);
  while (c.take() > 0n) cxx.push(c.last_seq());
  console.log(`C++ published 1..10, nobody took: JS reads ${js.join(',')}; C++ reads ${cxx.join(',')}`);
  p.close();
  const pub = ch.publish();
  const send = (seq) => { const l = pub.loan(24 + 4); if (!l) return false; pub.publish(writePacket(l, seq, 4)); return true; };
  for (let seq = 11n; seq <= 20n; ++seq) send(seq);
  js.length = 0; cxx.length = 0;
  for (let m; (m = sub.receive()); m.release()) js.push(readPacket(m.view()).seq);
  while (c.take() > 0n) cxx.push(c.last_seq());
  console.log(`JS published 11..20, nobody took: JS reads ${js.join(',')}; C++ reads ${cxx.join(',')}`);
  // A taken message is never dropped: the publisher gets full instead (21 is
  // still dropped for the C++ consumer, which had not taken it).
  send(21n);
  const hold = sub.receive();
  const sent = [22n, 23n, 24n, 25n].map((s) => send(s));
  console.log(`JS holds 21: published 22..25 ${sent.join(',')}; the held view still reads ${readPacket(hold.view()).seq}`);
  hold.release();
  console.log(`released 21: publish 25 ${send(25n)}`);
  js.length = 0; cxx.length = 0;
  for (let m; (m = sub.receive()); m.release()) js.push(readPacket(m.view()).seq);
  while (c.take() > 0n) cxx.push(c.last_seq());
  console.log(`then JS reads ${js.join(',')}; C++ reads ${cxx.join(',')}; torn ${c.bad()}`);
  // 32 subscribers at most.
  const subs = [];
  let why = 'ok';
  for (;;) { try { subs.push(ch.subscribe()); } catch (e) { why = e.code; break; } }
  console.log(`subscribers: ${subs.length} more joined (2 were there), then ${why}`);
  for (const s of subs) s.close();
  console.log(`after they left: ${code(() => ch.subscribe().close())}; shm untouched below the table: ${shm.bytes(0, 1024).every((x) => x === 0)}`);
}
