// Starts examples/sync-browser/server.mjs as the README's command does (a
// free port instead of 8090), fetches what the page needs, and stops it by
// its pid. Prints one line per request: status, content type, and for the
// module whether it is valid WebAssembly.
//
//   node serve-sync-browser.mjs <server.mjs> <sync-board.wasm>
import { spawn } from 'node:child_process';
import process from 'node:process';

const [server, wasm] = process.argv.slice(2);
const child = spawn(process.execPath, [server, '--port', '0', '--wasm', wasm], { stdio: ['ignore', 'pipe', 'inherit'] });
const stop = () => { try { process.kill(child.pid); } catch { /* gone */ } };
const timer = setTimeout(() => { console.log('FAIL: no answer within 10 s'); stop(); process.exit(1); }, 10000);

const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/open (http:\/\/\S+\/) /);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`server.mjs exited (${code}): ${out}`)));
});
console.log(`server: ${url.replace(/:\d+\//, ':PORT/')}`);
for (const path of ['/', '/app/page.mjs', '/runtime/js/sync.mjs', '/runtime/js/transports/broadcast-channel.mjs',
  '/vendor/nats.ws/nats.js', '/wasm/sync-board.wasm', '/app/%2e%2e/server.mjs', '/runtime/js/../../README.md']) {
  const r = await fetch(new URL(path.slice(1), url));
  const body = new Uint8Array(await r.arrayBuffer());
  const valid = path.endsWith('.wasm') ? `, valid wasm: ${WebAssembly.validate(body)}` : '';
  console.log(`${path}: ${r.status} ${r.headers.get('content-type')}${valid}`);
}
clearTimeout(timer);
stop();
