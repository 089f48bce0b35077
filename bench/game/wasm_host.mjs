// One measuring process of the game benchmark under Node's V8: loads the
// three wasm32 modules (raw floor, karmem, FlatBuffers), checks every call's
// result against expected.mjs, runs the method in method.mjs and prints one
// JSON object on stdout. run.mjs starts several of these and aggregates.
//
// Usage: node wasm_host.mjs --modules <dir> --golden <game_bench1000.bin>
//                           [--warmup-ms 1000] [--rounds 20] [--calls 6]
//                           [--ops encode,decode,...]  (default: all of OPS)
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { parseArgs } from 'node:util';
import process from 'node:process';
import { expectedResults } from './expected.mjs';
import { measure, OPS } from './method.mjs';

const { values: opt } = parseArgs({
  options: {
    modules: { type: 'string' },
    golden: { type: 'string' },
    'warmup-ms': { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '20' },
    calls: { type: 'string', default: '6' },
    ops: { type: 'string', default: OPS.join(',') },
  },
});
if (!opt.modules || !opt.golden) {
  console.error('usage: node wasm_host.mjs --modules <dir> --golden <game_bench1000.bin> [--warmup-ms N] [--rounds N] [--calls N]');
  process.exit(2);
}

async function loadReactor(path) {
  const wasi = new WASI({ version: 'preview1', args: [], env: {} });
  const module = await WebAssembly.compile(await readFile(path));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  wasi.initialize(instance);
  return instance.exports;
}

const fail = (msg) => { throw new Error(msg); };
const expected = expectedResults(1000);
const golden = new Uint8Array(await readFile(opt.golden));

// One implementation: its exports and the checks of each op's result.
async function implementation(name) {
  const x = await loadReactor(`${opt.modules}/bench-game-${name}.wasm`);
  const bytes = (ptr, n) => new Uint8Array(x.memory.buffer, ptr, n);
  if (x.bench_setup() !== 0) fail(`${name}: setup failed`);
  const impl = { name, x, bytes, encoding: null, lastOut: null };
  // Verify is measured where the module exports a verifier (not the raw floor).
  impl.measures = (op) => op !== 'verify' || typeof x.bench_verify === 'function';

  impl.writeInput = (msg) => bytes(x.bench_input(msg.length), msg.length).set(msg);
  impl.checkEncode = (size) => {
    if (size !== impl.encoding.length) fail(`${name}: encode returned ${size}, expected ${impl.encoding.length}`);
    const out = bytes(x.bench_encoded(), size);
    if (Buffer.compare(out, impl.encoding) !== 0) fail(`${name}: encoded bytes differ from the reference`);
    impl.lastOut = x.bench_encoded();
  };
  impl.checkDecode = (ok) => {
    if (ok !== 1) fail(`${name}: decode failed`);
    if (name === 'raw') {
      if (Buffer.compare(bytes(x.bench_decoded(), impl.encoding.length), impl.encoding) !== 0)
        fail(`${name}: decoded bytes differ from the input`);
    } else if (x.bench_decoded_digest() !== expected.digest) {
      fail(`${name}: decoded value's digest ${x.bench_decoded_digest()} != ${expected.digest}`);
    }
  };
  // Spoils the previous output so an encode that writes nothing is caught.
  impl.poisonOutput = () => {
    if (impl.lastOut === null) return;
    const out = bytes(impl.lastOut, impl.encoding.length);
    for (let at = 0; at < out.length; at += 4096) out[at] ^= 0xff;
  };
  return impl;
}

const impls = [await implementation('raw'), await implementation('karmem'), await implementation('flatbuffers')];
const [raw, karmem, flatbuffers] = impls;

// Reference encodings: karmem must reproduce Karmem's own bytes; the raw floor
// copies them; FlatBuffers' first encoding is accepted only after decoding it
// gives the formula's digest, and later encodings must equal it.
karmem.encoding = golden;
raw.encoding = golden;
raw.writeInput(golden);
for (const impl of [karmem, raw]) impl.checkEncode(impl.x.bench_encode());
{
  const size = flatbuffers.x.bench_encode();
  if (size === 0) fail('flatbuffers: encode failed');
  flatbuffers.encoding = new Uint8Array(flatbuffers.bytes(flatbuffers.x.bench_encoded(), size));
  flatbuffers.writeInput(flatbuffers.encoding);
  flatbuffers.checkDecode(flatbuffers.x.bench_decode(size));
  flatbuffers.lastOut = flatbuffers.x.bench_encoded();
}
for (const impl of impls) impl.writeInput(impl.encoding);
// A verifier that accepts anything would pass the timed calls: each must
// refuse the message cut in half first.
for (const impl of impls)
  if (impl.measures('verify') && impl.x.bench_verify(impl.encoding.length >> 1) !== 0)
    fail(`${impl.name}: verify accepted the message cut in half`);

const statsOf = (impl, ptr) => {
  const v = new DataView(impl.x.memory.buffer, ptr, 20);
  return { damage: v.getInt32(0, true), ammo: v.getUint32(4, true), clipSize: v.getUint32(8, true),
           reloadTime: v.getFloat32(12, true), range: v.getInt32(16, true) };
};
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// For each op: prepare (untimed), the timed call, the check (untimed).
const calls = {
  encode: { prepare: (i) => i.poisonOutput(), call: (i) => i.x.bench_encode(), check: (i, r) => i.checkEncode(r) },
  decode: {
    prepare: (i) => { i.writeInput(i.encoding); i.x.bench_poison_decoded(); },
    call: (i) => i.x.bench_decode(i.encoding.length),
    check: (i, r) => i.checkDecode(r),
  },
  verify: { call: (i) => i.x.bench_verify(i.encoding.length),
            check: (i, r) => r === 1 || fail(`${i.name}: verify refused the message`) },
  sum_vec3: { call: (i) => i.x.bench_sum_vec3(),
              check: (i, r) => r === expected.sumVec3 || fail(`${i.name}: sum_vec3 ${r} != ${expected.sumVec3}`) },
  sum_vec3_4acc: { call: (i) => i.x.bench_sum_vec3_4acc(),
                   check: (i, r) => r === expected.sumVec3_4acc || fail(`${i.name}: sum_vec3_4acc ${r} != ${expected.sumVec3_4acc}`) },
  sum_uint8: { call: (i) => i.x.bench_sum_uint8(),
               check: (i, r) => r === expected.sumUint8 || fail(`${i.name}: sum_uint8 ${r} != ${expected.sumUint8}`) },
  sum_stats: { call: (i) => i.x.bench_sum_stats(),
               check: (i, r) => same(statsOf(i, r), expected.stats) ||
                 fail(`${i.name}: sum_stats ${JSON.stringify(statsOf(i, r))} != ${JSON.stringify(expected.stats)}`) },
};

const ops = opt.ops.split(',');
for (const op of ops) if (!OPS.includes(op)) fail(`unknown op ${op} (${OPS.join(', ')})`);
const result = measure({
  impls,
  ops,
  run(impl, op) {
    const c = calls[op];
    if (c.prepare) c.prepare(impl);
    const t0 = performance.now();
    const r = c.call(impl);
    const t1 = performance.now();
    c.check(impl, r);
    return (t1 - t0) * 1000; // µs
  },
  now: () => performance.now(),
  warmupMs: Number(opt['warmup-ms']),
  rounds: Number(opt.rounds),
  callsPerRound: Number(opt.calls),
});

console.log(JSON.stringify({
  platform: 'wasm32',
  runtime: `Node ${process.version}, V8 ${process.versions.v8}`,
  sizes: Object.fromEntries(impls.map((i) => [i.name, i.encoding.length])),
  ...result,
}));
