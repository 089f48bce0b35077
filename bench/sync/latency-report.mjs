// The latency benchmark's table and the targets of issue 9, item 8, as
// markdown (bench/results/sync-latency.md).

const ms = (x) => x.toFixed(2);
const ratio = (n, d) => (n / d).toFixed(2);

/** @param {any[]} results @param {{ machine: any, command: string }} meta */
export function markdown(results, { machine, command }) {
  const lines = [];
  const r0 = results[0];
  lines.push('# Sync: write to converged', '');
  lines.push(`\`${command}\` — ${machine.date}, ${machine.cpus} × ${machine.model}, Node ${machine.node}, ` +
             `load average ${machine.loadavg.map((x) => x.toFixed(1)).join(' ')} at the end.`);
  if (r0) {
    lines.push(`${r0.peers} peers, ${r0.regionBytes / 2 ** 20} MiB region, ${r0.pageSize / 1024} KiB pages, ` +
               `scan every ${r0.scanIntervalMs} ms (both designs), ${r0.rounds} rounds per row after ${r0.warmup} of warm-up; ` +
               'each round one peer makes 4 writes of 1–16 bytes on each changed page, at a random moment of its scan period.');
  }
  lines.push('');
  lines.push('| transport | design | pages changed | write→converged p50 | p99 | scan→converged p50 | p99 | ' +
             'sent B / changed B | broker in B / changed B | messages per round |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const broker = r.transport === 'nats' ? ratio(r.brokerInBytes, r.changedBytes) : '–';
    lines.push(`| ${r.transport} | ${r.design} | ${r.fraction * 100} % (${r.pagesChanged}) | ${ms(r.latencyMs.p50)} ms | ` +
               `${ms(r.latencyMs.p99)} ms | ${ms(r.emitToConvergedMs.p50)} ms | ${ms(r.emitToConvergedMs.p99)} ms | ` +
               `${ratio(r.payloadBytes, r.changedBytes)} | ${broker} | ` +
               `${(r.transport === 'nats' ? r.brokerInMessages : r.payloadMessages) / r.rounds} |`);
  }
  lines.push('');
  lines.push('*write→converged*: from the write in one peer to the moment the last of the other two holds every byte of it ' +
             '(both stamps on one clock: process.hrtime across the Node processes, performance.timeOrigin + performance.now() across the pages). *scan→converged*: from the writer\'s scan handing the patches ' +
             'to the transport, i.e. without the wait for the next scan. *sent*: what the design puts on the transport ' +
             '(karmem: the binary patches; seed: the JSON text). *broker in*: every byte the three peers\' NATS connections ' +
             'published (payloads and NATS headers: patches, JetStream API and pull requests), counted by the client; ' +
             'not the protocol lines. *messages per round*: those messages (nats) or posted messages (BroadcastChannel).');
  const probed = results.filter((r) => r.clockOffsetMs !== undefined);
  if (probed.length) {
    lines.push('', `Pages' clocks: the largest offset from page 1 measured in any browser row was ` +
               `${Math.max(...probed.map((r) => r.clockOffsetMs)).toFixed(3)} ms, within ± ` +
               `${Math.max(...probed.map((r) => r.clockErrorMs)).toFixed(3)} ms (half the shortest ping round trip).`);
  }
  const targets = [];
  for (const r of results.filter((x) => x.transport === 'nats' && x.design === 'karmem')) {
    const limit = 2 + r.scanIntervalMs;
    targets.push(`${r.latencyMs.p50 <= limit ? 'met' : '**missed**'}: write→converged p50 ≤ 2 ms + one scan interval ` +
                 `(${limit} ms) over loopback NATS, 3 peers, ${r.fraction * 100} %: ${ms(r.latencyMs.p50)} ms`);
    if (r.fraction === 0.01) {
      const x = r.brokerInBytes / r.changedBytes;
      targets.push(`${x <= 1.5 ? 'met' : '**missed**'}: broker bytes ≤ 1.5 × changed bytes at 1 %: ${x.toFixed(2)} × ` +
                   `(the patches alone: ${ratio(r.payloadBytes, r.changedBytes)} ×)`);
    }
  }
  if (targets.length) lines.push('', '## Targets (issue 9, item 8)', '', ...targets.map((t) => `- ${t}`));
  return lines.join('\n') + '\n';
}
