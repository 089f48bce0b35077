// The host: loads the producer and the consumer (two separately compiled
// wasm32 modules, each with its own memory), asks the producer for 1000
// encoded monsters, copies the bytes into the consumer's memory, and prints
// what each side computed. Exit code 1 if they disagree.
//
// Usage: node host.mjs producer.wasm consumer.wasm [golden.bin]
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { WASI } from 'node:wasi';
import process from 'node:process';

async function loadReactor(path) {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const module = await WebAssembly.compile(await readFile(path));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  wasi.initialize(instance);
  return instance.exports;
}

// Mirrors examples/game/sums.h (wasm32 layout: 4 × u32, u64, i64, f64).
function readSums(memory, ptr) {
  const v = new DataView(memory.buffer, ptr, 40);
  return {
    monsters: v.getUint32(0, true),
    alive: v.getUint32(4, true),
    path_points: v.getUint32(8, true),
    name_bytes: v.getUint32(12, true),
    inventory_sum: v.getBigUint64(16, true),
    damage_sum: v.getBigInt64(24, true),
    path_sum: v.getFloat64(32, true),
  };
}

const [producerPath, consumerPath, goldenPath] = process.argv.slice(2);
const producer = await loadReactor(producerPath);
const consumer = await loadReactor(consumerPath);

const size = producer.produce(1000);
if (size === 0) throw new Error('producer: encode failed');
const messageAt = producer.message();
const bytes = new Uint8Array(producer.memory.buffer, messageAt, size);
const digest = createHash('sha256').update(bytes).digest('hex');
console.log(`producer: encoded 1000 monsters into ${size} bytes (sha256 ${digest.slice(0, 16)}…)`);
if (goldenPath) {
  const golden = await readFile(goldenPath);
  const same = golden.length === size && Buffer.compare(golden, Buffer.from(bytes)) === 0;
  console.log(`producer: bytes ${same ? 'identical to' : 'DIFFER from'} Karmem's own encoding (${goldenPath.split('/').pop()})`);
  if (!same) process.exitCode = 1;
}

// The only copy: from the producer's memory into the consumer's.
// inbox() may grow the consumer's memory, which detaches any earlier view of
// memory.buffer: ask for the address first, then view the buffer.
const inboxAt = consumer.inbox(size);
new Uint8Array(consumer.memory.buffer, inboxAt, size).set(bytes);
const theirs = readSums(consumer.memory, consumer.consume());
const ours = readSums(producer.memory, producer.producer_sums());

console.log('figure            producer (objects)    consumer (views)');
let agree = true;
for (const key of Object.keys(ours)) {
  const same = ours[key] === theirs[key];
  agree &&= same;
  console.log(`${key.padEnd(16)}  ${String(ours[key]).padEnd(20)}  ${String(theirs[key]).padEnd(20)}${same ? '' : '  MISMATCH'}`);
}
console.log(agree ? 'both sides agree' : 'the two sides DISAGREE');
if (!agree) process.exitCode = 1;
