// Instantiates the link-atomics module in an ordinary memory and reports what
// works: atomic read-modify-write, thread_local, memory.atomic.wait32.
import { readFileSync } from 'node:fs';

const memory = new WebAssembly.Memory({ initial: 4 });
const instance = await WebAssembly.instantiate(await WebAssembly.compile(readFileSync(process.argv[2])), { env: { memory } });
const e = instance.exports;
e._initialize?.();
console.log(`atomics: ${e.add(2) === 2 && e.add(3) === 5 ? 'work' : 'wrong'}`);
const tdata = new DataView(memory.buffer).getInt32(65536, true); // --global-base=65536: .tdata comes first
console.log(`thread_local: value ${e.tl_value()} (initialiser ${tdata}), at its .tdata: ${e.tl_address() === 65536}`);
if (e.wait_not_equal) {
  try {
    console.log(`wait: returned ${e.wait_not_equal()}`);
  } catch (err) {
    console.log(`wait: trapped (${err.constructor.name})`);
  }
}
