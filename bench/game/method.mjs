// The measuring method of the game benchmark, for one process (native_main.cpp
// follows the same steps in C++). For each op in turn: at least `warmupMs` of
// calls interleaved across the implementations (V8 tiers wasm up late), then
// `rounds` rounds of `callsPerRound` calls per implementation, interleaved
// call by call, the implementations' order rotating each round. Every call,
// warm-up included, is checked by `run`, which returns the call's time in µs.
// Reports each implementation's median per op. An implementation takes part
// in the ops its `measures(op)` accepts (all when it has none): the raw floor
// has no verifier.
export const OPS = ['encode', 'decode', 'verify', 'sum_vec3', 'sum_vec3_4acc', 'sum_uint8', 'sum_stats'];

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function measure({ impls: allImpls, ops, run, now, warmupMs, rounds, callsPerRound }) {
  const out = { method: { warmupMs, rounds, callsPerRound }, checkedCalls: 0, ops: {} };
  for (const op of ops) {
    const impls = allImpls.filter((i) => !i.measures || i.measures(op));
    const start = now();
    let warmupCalls = 0;
    do {
      for (const impl of impls) run(impl, op);
      warmupCalls += impls.length;
    } while (now() - start < warmupMs);
    const samples = Object.fromEntries(impls.map((i) => [i.name, []]));
    for (let r = 0; r < rounds; r++)
      for (let c = 0; c < callsPerRound; c++)
        for (let k = 0; k < impls.length; k++) {
          const impl = impls[(k + r) % impls.length];
          samples[impl.name].push(run(impl, op));
        }
    out.checkedCalls += warmupCalls + rounds * callsPerRound * impls.length;
    out.ops[op] = { warmupCalls, medianUs: {}, minUs: {} };
    for (const impl of impls) {
      out.ops[op].medianUs[impl.name] = median(samples[impl.name]);
      out.ops[op].minUs[impl.name] = Math.min(...samples[impl.name]);
    }
  }
  return out;
}
