// Loads the WASI module with the built-in shim (what browsers get) or with
// node:wasi, runs it, and for the shim, calls exit().
import { createSharedMemory, loadModule, WasiExit } from '../../../runtime/js/exchange.mjs';

const [file, mode] = process.argv.slice(2);
const shm = createSharedMemory({ maximumPages: 8192 });
const m = await loadModule(shm, file, mode === 'shim' ? { wasi: 'shim' } : { wasi: { env: {} } });
m.exports.run();
if (mode === 'shim') {
  try {
    m.exports.quit(3);
    console.log('exit returned');
  } catch (e) {
    console.log(`exit: ${e instanceof WasiExit ? `WasiExit code ${e.code}` : e}`);
  }
}
