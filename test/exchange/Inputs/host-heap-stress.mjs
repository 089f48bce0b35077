// Runs the stress module's random traffic in slot 5 and checks from outside
// that nothing beyond its range changed.
import { createSharedMemory, loadModule } from '../../../runtime/js/exchange.mjs';
import { changedOutside, snapshot } from './host-util.mjs';

const [file, steps] = process.argv.slice(2);
const shm = createSharedMemory({ maximumPages: 8192 });
const m = await loadModule(shm, file);
const before = snapshot(shm);
for (const seed of [1, 2, 3]) {
  const t = performance.now();
  const r = m.exports.stress(seed, Number(steps));
  console.log(`seed ${seed}: ${r === 0 ? 'ok' : `failed at step ${Math.floor(r / 8)}, reason ${r % 8}`} (${steps} steps, ${Math.round(performance.now() - t)} ms)`);
}
console.log(`bytes changed outside its range: ${changedOutside(shm, before, [[m.range.base, m.range.limit]])}`);
