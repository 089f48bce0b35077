// Runs the game benchmark: several measuring processes per platform (wasm32
// under this Node, and the native driver), then the median of the
// per-process medians, the ratios taken inside each process, their spread
// (min–max over processes), the targets of issue 4 (and issue 11's for
// Verify ÷ Decode), a Markdown table on stdout and a JSON record. bench/run.sh builds what is missing and calls
// this; see bench/README.md.
//
// Usage: node run.mjs --build-dir <cmake build dir> [--quick] [--processes 5]
//        [--warmup-ms 1000] [--rounds 20] [--calls 6] [--platforms wasm32,native]
//        [--out results.json] [--md results.md]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';
import process from 'node:process';
import { median, OPS } from './method.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const srcRoot = resolve(here, '..', '..');
const { values: opt } = parseArgs({
  options: {
    'build-dir': { type: 'string' },
    quick: { type: 'boolean', default: false },
    processes: { type: 'string' },
    'warmup-ms': { type: 'string' },
    rounds: { type: 'string' },
    calls: { type: 'string' },
    platforms: { type: 'string', default: 'wasm32,native' },
    golden: { type: 'string', default: join(srcRoot, 'test', 'golden', 'game_bench1000.bin') },
    out: { type: 'string' },
    md: { type: 'string' },
  },
});
if (!opt['build-dir']) {
  console.error('usage: node run.mjs --build-dir <cmake build dir> [--quick] [--processes N] [--warmup-ms N] [--rounds N] [--calls N] [--platforms wasm32,native] [--out file.json] [--md file.md]');
  process.exit(2);
}
const quick = opt.quick;
const setting = (name, full, short) => Number(opt[name] ?? (quick ? short : full));
const method = {
  processes: setting('processes', 5, 1),
  warmupMs: setting('warmup-ms', 1000, 30),
  rounds: setting('rounds', 20, 2),
  callsPerRound: setting('calls', 6, 2),
};
for (const [k, v] of Object.entries(method))
  if (!Number.isFinite(v) || v < (k === 'warmupMs' ? 0 : 1)) {
    console.error(`run.mjs: bad value for ${k}: ${v}`);
    process.exit(2);
  }
const gameDir = join(resolve(opt['build-dir']), 'bench', 'game');
const platforms = opt.platforms.split(',');
const timing = ['--warmup-ms', String(method.warmupMs), '--rounds', String(method.rounds), '--calls', String(method.callsPerRound)];
const commands = {
  wasm32: [process.execPath, ['--no-warnings', join(here, 'wasm_host.mjs'), '--modules', gameDir, '--golden', opt.golden, ...timing]],
  native: [join(gameDir, 'bench-game-native'), ['--golden', opt.golden, ...timing]],
};
for (const p of platforms) {
  if (!commands[p]) {
    console.error(`run.mjs: unknown platform ${p} (wasm32, native)`);
    process.exit(2);
  }
  const needed = p === 'native' ? [commands.native[0]] : ['raw', 'karmem', 'flatbuffers'].map((n) => join(gameDir, `bench-game-${n}.wasm`));
  for (const f of needed)
    if (!existsSync(f)) {
      console.error(`run.mjs: ${f} is missing: build the bench-game target first (bench/run.sh does)`);
      process.exit(2);
    }
}

// Karmem-clang ÷ raw floor and FlatBuffers ÷ karmem-clang, wasm32 (issue 4).
const TARGETS = {
  encode: { floor: 2.0, fb: 5 },
  decode: { floor: 1.5, fb: 5 },
  sum_vec3: { floor: 1.02, fb: 1 },
  sum_vec3_4acc: { floor: 1.05, fb: 1 },
  sum_uint8: { floor: 1.10, fb: 1 },
  sum_stats: { floor: 1.5, fb: 1 },
};
// Verify has no floor (raw bytes have nothing to check): its target is
// karmem's Verify ÷ karmem's Decode, in the same process (issue 11).
const VERIFY_OVER_DECODE_AT_MOST = 0.5;
const LABEL = { encode: 'Encode', decode: 'Decode', verify: 'Verify', sum_vec3: 'SumVec3', sum_vec3_4acc: 'SumVec3-4acc', sum_uint8: 'SumUint8', sum_stats: 'SumStats' };

// The processes, one at a time (2 cores: never two measurements at once),
// alternating platforms so slow drifts of the machine hit both alike.
const runs = Object.fromEntries(platforms.map((p) => [p, []]));
for (let i = 0; i < method.processes; i++)
  for (const p of platforms) {
    const [cmd, args] = commands[p];
    process.stderr.write(`game bench: ${p} process ${i + 1}/${method.processes}\n`);
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      console.error(`run.mjs: ${p} process ${i + 1} failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
      process.exit(1);
    }
    runs[p].push(JSON.parse(r.stdout));
  }

const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const summary = {};
for (const p of platforms) {
  const procs = runs[p];
  const ops = {};
  for (const op of OPS) {
    const per = (f) => spread(procs.map((r) => f(r.ops[op].medianUs)));
    const hasFloor = op !== 'verify';
    const floor = hasFloor ? per((m) => m.karmem / m.raw) : null;
    const fb = per((m) => m.flatbuffers / m.karmem);
    ops[op] = {
      us: { raw: hasFloor ? per((m) => m.raw) : null, karmem: per((m) => m.karmem), flatbuffers: per((m) => m.flatbuffers) },
      karmemOverFloor: floor,
      flatbuffersOverKarmem: fb,
    };
    if (!hasFloor) {
      const overDecode = (name) => spread(procs.map((r) => r.ops.verify.medianUs[name] / r.ops.decode.medianUs[name]));
      Object.assign(ops[op], {
        karmemVerifyOverDecode: overDecode('karmem'),
        flatbuffersVerifyOverDecode: overDecode('flatbuffers'),
        targets: { karmemVerifyOverDecodeAtMost: VERIFY_OVER_DECODE_AT_MOST },
      });
      ops[op].met = { verifyOverDecode: ops[op].karmemVerifyOverDecode.median <= VERIFY_OVER_DECODE_AT_MOST };
    } else if (p === 'wasm32')
      Object.assign(ops[op], {
        targets: { karmemOverFloorAtMost: TARGETS[op].floor, flatbuffersOverKarmemAtLeast: TARGETS[op].fb },
        met: { floor: floor.median <= TARGETS[op].floor, flatbuffers: fb.median >= TARGETS[op].fb },
      });
  }
  summary[p] = {
    runtime: procs[0].runtime,
    sizes: procs[0].sizes,
    checkedCalls: procs.reduce((n, r) => n + r.checkedCalls, 0),
    ops,
  };
}

const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const cell = (s) => `${f(s.median)} [${f(s.min)}–${f(s.max)}]`;
const lines = [];
for (const p of platforms) {
  const s = summary[p];
  lines.push(`### ${p === 'wasm32' ? 'wasm32 under' : 'native x86-64,'} ${s.runtime}`, '');
  lines.push(`${method.processes} process(es); per op ≥ ${method.warmupMs} ms warm-up, then ${method.rounds} rounds × ${method.callsPerRound} calls per implementation, interleaved. ` +
             'Times in µs per call: median of the per-process medians [min–max over processes]. Ratios are taken inside each process, then the same.', '');
  const wasm = p === 'wasm32';
  lines.push(`| op | raw floor µs | karmem µs | FlatBuffers µs | karmem ÷ floor |${wasm ? ' target |' : ''} FlatBuffers ÷ karmem |${wasm ? ' target |' : ''}`);
  lines.push(`|---|---:|---:|---:|---:|${wasm ? '---|' : ''}---:|${wasm ? '---|' : ''}`);
  for (const op of OPS) {
    const o = s.ops[op];
    if (!o.karmemOverFloor) {
      lines.push(`| ${LABEL[op]} | — | ${cell(o.us.karmem)} | ${cell(o.us.flatbuffers)} | — |${wasm ? ' — |' : ''} ${cell(o.flatbuffersOverKarmem)} |${wasm ? ' — |' : ''}`);
      continue;
    }
    const t = wasm ? [` ≤ ${TARGETS[op].floor} ${o.met.floor ? 'met' : '**missed**'} |`, ` ≥ ${TARGETS[op].fb} ${o.met.flatbuffers ? 'met' : '**missed**'} |`] : ['', ''];
    lines.push(`| ${LABEL[op]} | ${cell(o.us.raw)} | ${cell(o.us.karmem)} | ${cell(o.us.flatbuffers)} | ${cell(o.karmemOverFloor)} |${t[0]} ${cell(o.flatbuffersOverKarmem)} |${t[1]}`);
  }
  const v = s.ops.verify;
  lines.push('', `Verify ÷ Decode in the same process (Verify has no floor): karmem ${cell(v.karmemVerifyOverDecode)}, ` +
             `target ≤ ${VERIFY_OVER_DECODE_AT_MOST} ${v.met.verifyOverDecode ? 'met' : '**missed**'}; ` +
             `FlatBuffers ${cell(v.flatbuffersVerifyOverDecode)} (its Verifier ÷ its UnPackTo).`);
  lines.push('', `Message sizes: karmem ${s.sizes.karmem} B, FlatBuffers ${s.sizes.flatbuffers} B. ${s.checkedCalls} calls, every result verified against the host's own values.`, '');
}
const markdown = lines.join('\n');
console.log(markdown);

const total = platforms.reduce((n, p) => n + summary[p].checkedCalls, 0);
console.log(`verified: ${total} calls on ${platforms.join(' and ')}, every result correct`);

const record = {
  benchmark: 'game (Karmem game_bench1000: 1000 monsters)',
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, os: `${os.type()} ${os.release()}` },
  method,
  quick,
  summary,
  processes: runs,
};
const out = opt.out ?? (quick ? null : join(srcRoot, 'bench', 'results', 'game.json'));
if (out) {
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, JSON.stringify(record, null, 1) + '\n');
  console.error(`game bench: wrote ${out}`);
}
const md = opt.md ?? (out ? out.replace(/\.json$/, '.md') : null);
if (md) {
  writeFileSync(md, `# Game benchmark results (${record.date.slice(0, 10)}, ${record.machine.cpu})\n\n${markdown}\n`);
  console.error(`game bench: wrote ${md}`);
}
