// Checks that bench/sync/seed-baseline.mjs (the seed's design, the latency
// benchmark's comparison) follows the seed README's rules, so the benchmark
// compares against the design and not against something easier: a scan
// finds exactly the changed bytes of the changed pages, per-page patches of
// { pageIndex, patchData, vectorClock, peerId } that survive JSON; a newer
// patch applies, a stale or repeated one does not; concurrent writes to one
// page resolve to the lexicographically higher peer id on both peers; a
// malformed patch changes nothing and is counted.
import {
  applyPatches, createMemoryDistributor, getVectorClock, resizeMemory, scan,
} from '../../../bench/sync/seed-baseline.mjs';

const PAGE = 8192;
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const peer = (id) => {
  const memory = new WebAssembly.Memory({ initial: 2 }); // 16 pages of 8 KiB
  return { memory, bytes: () => new Uint8Array(memory.buffer), state: createMemoryDistributor(memory, id, { scanInterval: 0 }) };
};
const wire = (patches) => JSON.parse(JSON.stringify(patches));

const a = peer('peer-a'), b = peer('peer-b');
check(scan(a.state).patches.length === 0, 'a fresh scan finds nothing');

a.bytes().set([1, 2, 3], 3 * PAGE + 100);
a.bytes()[5 * PAGE + 7] = 9;
const first = wire(scan(a.state).patches);
check(first.length === 2 && first[0].pageIndex === 3 && first[1].pageIndex === 5, 'one patch per changed page');
check(JSON.stringify(first[0].patchData) === JSON.stringify([{ offset: 100, data: [1, 2, 3] }]), 'only the changed bytes');
check(first[0].peerId === 'peer-a' && first[0].vectorClock['peer-a'] === 1, 'the patch carries the peer id and clock');
applyPatches(b.state, first);
check(b.bytes()[3 * PAGE + 101] === 2 && b.bytes()[5 * PAGE + 7] === 9, 'b applied a newer patch');
check(scan(b.state).patches.length === 0, 'applied bytes are not sent back');
check(getVectorClock(b.state)['peer-a'] === 1, 'b merged a\'s clock');

// Concurrent writes to page 3: the higher peer id ('peer-b') wins on both.
a.bytes()[3 * PAGE + 100] = 50;
b.bytes()[3 * PAGE + 100] = 60;
const fromA = wire(scan(a.state).patches), fromB = wire(scan(b.state).patches);
applyPatches(a.state, fromB);
applyPatches(b.state, fromA);
check(a.bytes()[3 * PAGE + 100] === 60 && b.bytes()[3 * PAGE + 100] === 60, 'concurrent: the higher peer id wins on both');

// A stale patch (dominated by what the page holds) and a repeat do nothing.
b.bytes()[3 * PAGE + 100] = 61;
applyPatches(a.state, wire(scan(b.state).patches));
applyPatches(a.state, first); // older than everything since
check(a.bytes()[3 * PAGE + 100] === 61 && a.bytes()[3 * PAGE + 101] === 2, 'a stale or repeated patch is skipped');

// Malformed patches: nothing changes, each is counted.
const before = a.bytes().slice();
applyPatches(a.state, [
  { pageIndex: 99, patchData: [], vectorClock: { x: 9 }, peerId: 'x' },
  { pageIndex: 1, patchData: [{ offset: PAGE - 1, data: [1, 2] }], vectorClock: { x: 9 }, peerId: 'x' },
  { pageIndex: 1, patchData: [{ offset: 0, data: [256] }], vectorClock: { x: 9 }, peerId: 'x' },
  null,
]);
check(a.state.rejected === 4 && a.bytes().every((v, i) => v === before[i]), 'malformed patches change nothing and are counted');

// Growth: the new pages are tracked.
a.memory.grow(1);
resizeMemory(a.state, a.memory.buffer);
a.bytes()[17 * PAGE] = 1;
check(scan(a.state).patches.map((p) => p.pageIndex).join() === '17', 'a page added by growth is scanned');

if (failures.length) {
  console.log(`FAIL: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('seed baseline: scan, JSON patches, vector clocks, last-writer-wins by peer id, malformed input, growth: ok');
