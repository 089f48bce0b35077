// Bad arguments and bad patches given to memory-distributor.mjs: each is a
// TypeError (a value of the wrong kind) or a SyncError with its code name,
// and changes nothing (the user's bytes, the region, the clock). Prints one
// line per case: "<case>: <error class> <name>".
//
// Usage: node any-memory-args.mjs engine.wasm any-memory.wasm pair.txt
//   (pair.txt: two peer names that map to the same id, from peer-ids --collision)
import { readFileSync } from 'node:fs';
import process from 'node:process';
import {
  applyPatches, createMemoryDistributor, loadEngine, onDiff, PatchesRejected, peerIdOf, resizeMemory, scan, SyncError,
} from '../../../runtime/js/memory-distributor.mjs';

const [enginePath, watPath, pairPath] = process.argv.slice(2);
const [clashA, clashB] = readFileSync(pairPath, 'utf8').trim().split(' ');
await loadEngine(enginePath);
const wat = new WebAssembly.Module(readFileSync(watPath));

function fail(msg) {
  console.log(`FAIL: ${msg}`);
  process.exit(1);
}

function outcome(e) {
  if (e instanceof PatchesRejected) return `PatchesRejected ${e.rejected.map((r) => r.error.errorName).join(',')}`;
  if (e instanceof SyncError) return `SyncError ${e.errorName}`;
  if (e instanceof TypeError) return 'TypeError';
  throw e;
}

/** Runs `f`, which must throw; checks that `state()` is the same after. */
function refused(what, f, state = () => '') {
  const before = state();
  try {
    f();
  } catch (e) {
    const o = outcome(e);
    if (state() !== before) fail(`${what}: ${o}, but something changed`);
    console.log(`${what}: ${o}`);
    return e;
  }
  fail(`${what}: accepted`);
}

const mem = new WebAssembly.Memory({ initial: 4 });
const create = (...args) => () => createMemoryDistributor(...args);
if (peerIdOf(clashA) !== peerIdOf(clashB)) fail(`${clashA} and ${clashB} do not collide`);

refused('memory not a Memory', create({ buffer: new ArrayBuffer(65536) }, 'a'));
refused('peerId a number', create(mem, 42));
refused('peerId empty', create(mem, ''));
refused('peerId decimal', create(mem, '123'));
refused('peerId lone surrogate', create(mem, 'x\uD800'));
refused('peerId 1025 bytes', create(mem, 'é'.repeat(513)));
refused('options not an object', create(mem, 'a', 'fast'));
refused('unknown option', create(mem, 'a', { interval: 5 }));
refused('pageSize 1000', create(mem, 'a', { pageSize: 1000 }));
refused('pageSize a string', create(mem, 'a', { pageSize: '8192' }));
refused('scanInterval -1', create(mem, 'a', { scanInterval: -1 }));
refused('scanMode bogus', create(mem, 'a', { scanMode: 'sometimes' }));
refused('offset misaligned', create(mem, 'a', { offset: 100 }));
refused('offset past the memory', create(mem, 'a', { offset: 4 * 65536 }));
refused('size past the memory', create(mem, 'a', { size: 8 * 65536 }));
refused('size not a page multiple', create(mem, 'a', { size: 10000 }));
refused('capacity below size', create(mem, 'a', { capacity: 8192 }));
refused('peers not an array', create(mem, 'a', { peers: 'b' }));
refused('peers holds a number', create(mem, 'a', { peers: [7] }));
refused('two peers, one id', create(mem, 'a', { peers: [clashA, clashB] }));
refused('own name clashes', create(mem, clashA, { peers: [clashB] }));
refused('engine not a module', create(mem, 'a', { engine: 5 }));
refused('engine some other module', create(mem, 'a', { engine: wat }));

// A live distributor over a WAT module's memory, and a peer that makes patches.
const A = new WebAssembly.Instance(wat, {}).exports, B = new WebAssembly.Instance(wat, {}).exports;
const d = createMemoryDistributor(A.memory, 'a', { scanInterval: 0, capacity: 1 << 20 });
const peer = createMemoryDistributor(B.memory, 'b', { scanInterval: 0, capacity: 1 << 20 });
A.write(1000, 64, 1);
d.scan();
const state = () => JSON.stringify([Array.from(d.bytes()), d.vectorClockById(), d.region]);
B.write(5000, 64, 2);
const [good] = peer.scan();
const damaged = good.slice();
damaged[damaged.length - 9] ^= 1;
const otherPages = createMemoryDistributor(new WebAssembly.Memory({ initial: 8 }), 'c', { pageSize: 4096, scanInterval: 0 });
new Uint8Array(otherPages._memory.buffer)[10] = 1;
const [smallPages] = otherPages.scan();

refused('patches a Uint8Array', () => applyPatches(d, good), state);
refused('patches hold a string', () => applyPatches(d, ['KSYN']), state);
refused('garbage patch', () => applyPatches(d, [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])]), state);
refused('damaged patch', () => applyPatches(d, [damaged]), state);
refused('truncated patch', () => applyPatches(d, [good.subarray(0, good.length - 3)]), state);
refused('other page size', () => applyPatches(d, [smallPages]), state);
refused('state not a distributor', () => scan({ state: d }), state);
refused('onDiff callback a string', () => onDiff(d, 'send'), state);
refused('resizeMemory a string', () => resizeMemory(d, 'grown'), state);
refused('resizeMemory a foreign buffer', () => resizeMemory(d, new ArrayBuffer(65536)), state);
refused('resize past the memory', () => d.resize(64 << 20), state);
refused('markDirty negative', () => d.markDirty(-1, 4), state);
refused('markDirty past the end', () => d.markDirty(d.region.size - 2, 4), state);
applyPatches(d, [good]);
if (d.bytes()[5000] !== B.peek(5000)) fail('the good patch did not apply');
console.log('good patch: applied after all that');

// A peer's growth that the memory cannot follow (maximum reached), and one
// past the capacity: rejected, nothing changed.
const fixed = new WebAssembly.Memory({ initial: 2, maximum: 2 });
const roomy = new WebAssembly.Memory({ initial: 2, maximum: 8 });
const small = createMemoryDistributor(fixed, 'small', { scanInterval: 0, capacity: 8 * 65536 });
const tight = createMemoryDistributor(new WebAssembly.Memory({ initial: 2 }), 'tight', { scanInterval: 0 , capacity: 2 * 65536 });
const big = createMemoryDistributor(roomy, 'big', { scanInterval: 0, capacity: 8 * 65536 });
roomy.grow(2);
resizeMemory(big, roomy.buffer);
new Uint8Array(roomy.buffer).fill(7, 3 * 65536, 3 * 65536 + 10);
const grown = big.scan();
const smallState = () => JSON.stringify([Array.from(small.bytes()), small.vectorClockById(), small.region, fixed.buffer.byteLength]);
const e = refused('growth past the memory maximum', () => applyPatches(small, grown), smallState);
console.log(`  ${e.rejected[0].error.message.replace(/\(.*\)/, '(...)')}`);
const tightState = () => JSON.stringify([tight.vectorClockById(), tight.region]);
refused('growth past the capacity', () => applyPatches(tight, grown), tightState);
refused('memory past the capacity', () => { tight._memory.grow(1); resizeMemory(tight, tight._memory.buffer); }, tightState);

d.destroy();
refused('scan after destroy', () => scan(d));
refused('applyPatches after destroy', () => applyPatches(d, [good]));
d.destroy(); // twice is fine
console.log('destroy twice: fine');
