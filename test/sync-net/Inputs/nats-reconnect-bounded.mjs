// Reconnecting is bounded: with reconnect { attempts: 4, waitMs: 100 } a link
// whose broker never comes back gives up after about half a second, reports
// it once (onError, link.error), keeps the patches it could not publish
// (stats.unsent), and closes promptly; a new link on the same distributor,
// given them (takeUnsent), publishes them once the broker is back. A broker
// that comes back within the bound is tested by nats-three-peers.test.
//
// Usage: node nats-reconnect-bounded.mjs module.wasm
import process from 'node:process';
import * as nats from 'nats';
import { createDistributor } from '../../../runtime/js/sync.mjs';
import { syncOverNats } from '../../../runtime/js/transports/nats.mjs';
import { guard, startNats } from '../../tools/nats-server.mjs';
import { PAGE_SIZE, REGION_SIZE, load } from './region-edits.mjs';

guard(20_000);
const [wasm] = process.argv.slice(2);
const server = await startNats();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

const d = createDistributor(load(wasm), 1, { size: REGION_SIZE, pageSize: PAGE_SIZE, scanInterval: 10 });
const errors = [];
const link = await syncOverNats(d, {
  client: nats, servers: server.url, region: 'bounded',
  reconnect: { attempts: 4, waitMs: 100, jitterMs: 0 },
  onError: (e) => errors.push(e),
});
d.bytes()[0] = 1;
await sleep(100);
if (link.stats.patchesSent !== 1) fail(`sent ${link.stats.patchesSent} patches before the outage`);
await server.stop();
const stopped = Date.now();
d.bytes()[1] = 2;
while (!link.error && Date.now() - stopped < 10_000) await sleep(20);
const gaveUp = Date.now() - stopped;
if (!link.error) fail('still retrying 10 s after the broker went away');
if (gaveUp > 3000) fail(`gave up after ${gaveUp} ms; 4 attempts 100 ms apart should take well under 3 s`);
console.log(`gave up after the bound: ${link.error.message}`);
await sleep(100);
if (errors.length !== 1 || errors[0] !== link.error) fail(`onError called ${errors.length} times`);
console.log(`onError called once; unsent patches kept: ${link.stats.unsent}`);
if (link.stats.unsent < 1) fail('the patch made during the outage is not in the outbox');
const unsent = link.takeUnsent();
const closing = Date.now();
await link.close();
console.log(`closed in ${Date.now() - closing < 1000 ? 'under a second' : `${Date.now() - closing} ms`}`);

// The broker comes back: a new link on the same distributor publishes what
// the failed one could not, and a new peer gets every write.
await server.start();
d.bytes()[2] = 3;
const again = await syncOverNats(d, { client: nats, servers: server.url, region: 'bounded', unsent });
const other = createDistributor(load(wasm), 2, { size: REGION_SIZE, pageSize: PAGE_SIZE, scanInterval: 10 });
const otherLink = await syncOverNats(other, { client: nats, servers: server.url, region: 'bounded' });
const deadline = Date.now() + 5000;
while (other.bytes().subarray(0, 3).join() !== '1,2,3' && Date.now() < deadline) await sleep(20);
if (other.bytes().subarray(0, 3).join() !== '1,2,3') fail(`the other peer has ${other.bytes().subarray(0, 3).join()}`);
console.log(`a new link sent the ${unsent.length} unsent patch(es) and its own scans: another peer has every write`);
await again.close();
await otherLink.close();
d.destroy();
other.destroy();
await server.close();
