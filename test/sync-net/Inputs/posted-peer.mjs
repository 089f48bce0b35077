// A peer of posted-peers.mjs (BroadcastChannel or MessagePort): a wasm32
// module's region linked by `transport`, making its seeded edits
// (region-edits.mjs) a few per tick, and reporting through `report`:
// 'edited' when all are made, and its bytes and link stats when asked.
import { createDistributor } from '../../../runtime/js/sync.mjs';
import { syncOverBroadcastChannel } from '../../../runtime/js/transports/broadcast-channel.mjs';
import { syncOverMessagePort } from '../../../runtime/js/transports/message-port.mjs';
import { PAGE_SIZE, REGION_SIZE, applyEdit, edits, load } from './region-edits.mjs';

const EDITS_PER_TICK = 4;
const TICK_MS = 5;

/**
 * @param {{ wasm: string, transport: 'broadcast' | 'port', port?: MessagePort, index: number,
 *           peers: number, count: number, region: string }} o
 * @param {(message: object) => void} report
 * @returns {{ dump: () => object, close: () => Promise<void> }}
 */
export function runPeer(o, report) {
  const d = createDistributor(load(o.wasm), o.index + 1, { size: REGION_SIZE, pageSize: PAGE_SIZE, scanInterval: 10 });
  const link = o.transport === 'broadcast'
    ? syncOverBroadcastChannel(d, { region: o.region })
    : syncOverMessagePort(d, o.port, { region: o.region });
  const list = edits(o.index, o.peers, o.count);
  let next = 0;
  let timer = null;
  return {
    start() {
      timer = setInterval(() => {
        const bytes = d.bytes();
        for (let k = 0; k < EDITS_PER_TICK && next < o.count; k++) applyEdit(bytes, o.index, list, next++);
        if (next === o.count) {
          clearInterval(timer);
          report({ type: 'edited' });
        }
      }, TICK_MS);
    },
    dump: () => ({ type: 'dump', bytes: d.bytes().slice(), stats: link.stats, clock: d.vectorClock() }),
    async close() {
      clearInterval(timer);
      await link.close();
      d.destroy();
    },
  };
}
