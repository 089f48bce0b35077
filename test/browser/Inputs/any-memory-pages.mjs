// Two headless Chromium pages (Debian's /usr/bin/chromium through
// playwright-core, one browser context) each sync a bare
// `new WebAssembly.Memory` with createMemoryDistributor over
// BroadcastChannel (syncOverBroadcastChannel); the engine is loaded by
// loadEngine(url), i.e. by fetch. Each page writes its own bytes, both in
// the same 8 KiB page and elsewhere; both must end with the same region and
// both writes. Served by a Node HTTP server on a free loopback port
// (/runtime/js/ and /engine.wasm only). Bounded: gives up after 30 s,
// printing why, and closes the browser and the server either way.
//
// Usage: node any-memory-pages.mjs karmem_sync_engine.wasm
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const [enginePath] = process.argv.slice(2);
const jsRoot = path.join(repo, 'runtime/js');
const page = `<!doctype html><meta charset="utf-8"><title>any memory</title><script type="module">
import { loadEngine, createMemoryDistributor } from '/runtime/js/memory-distributor.mjs';
import { syncOverBroadcastChannel } from '/runtime/js/transports/broadcast-channel.mjs';
const me = new URLSearchParams(location.search).get('peer');
await loadEngine('/engine.wasm');
const memory = new WebAssembly.Memory({ initial: 2 });
const d = createMemoryDistributor(memory, me, { scanInterval: 20, peers: ['tab-a', 'tab-b'].filter((p) => p !== me) });
const link = syncOverBroadcastChannel(d, { region: 'anymem' });
window.sync = { d, link, bytes: () => Array.from(new Uint8Array(memory.buffer)), write: (at, values) => new Uint8Array(memory.buffer).set(values, at) };
document.title = 'ready';
</script>`;

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  try {
    if (url.pathname === '/page.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(page);
    }
    if (url.pathname === '/engine.wasm') {
      res.writeHead(200, { 'Content-Type': 'application/wasm' });
      return res.end(await readFile(enginePath));
    }
    const file = path.resolve(jsRoot, '.' + url.pathname.slice('/runtime/js'.length));
    if (url.pathname.startsWith('/runtime/js/') && file.startsWith(jsRoot + path.sep) && file.endsWith('.mjs')) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      return res.end(await readFile(file));
    }
  } catch { /* 404 below */ }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found');
});

let browser = null;
let done = false;
async function finish(code, message) {
  if (done) return;
  done = true;
  console.log(message);
  await browser?.close().catch(() => {});
  server.close();
  process.exit(code);
}
setTimeout(() => finish(1, 'FAIL: no result within 30 s'), 30_000).unref();

try {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const context = await browser.newContext();
  const open = async (peer) => {
    const p = await context.newPage();
    p.on('console', (m) => process.stderr.write(`[console ${peer}] ${m.text()}\n`));
    p.on('pageerror', (e) => process.stderr.write(`[pageerror ${peer}] ${e.message}\n`));
    await p.goto(`${origin}/page.html?peer=${peer}`);
    await p.waitForFunction(() => document.title === 'ready', null, { timeout: 15_000 });
    return p;
  };
  const a = await open('tab-a'), b = await open('tab-b');
  await a.evaluate(() => { window.sync.write(10, [1, 2, 3]); window.sync.write(70000, [7, 7]); });
  await b.evaluate(() => { window.sync.write(20, [4, 5, 6]); window.sync.write(100000, [9]); });
  const want = (bytes) => bytes[10] === 1 && bytes[12] === 3 && bytes[20] === 4 && bytes[22] === 6 && bytes[70001] === 7 && bytes[100000] === 9;
  const deadline = Date.now() + 15_000;
  let x, y;
  for (;;) {
    x = await a.evaluate(() => window.sync.bytes());
    y = await b.evaluate(() => window.sync.bytes());
    if (want(x) && want(y) && x.every((v, i) => v === y[i])) break;
    if (Date.now() > deadline) await finish(1, 'FAIL: the pages did not converge');
    await new Promise((r) => setTimeout(r, 50));
  }
  const clock = await a.evaluate(() => JSON.stringify(window.sync.d.vectorClock()));
  const stats = await a.evaluate(() => window.sync.link.stats);
  await finish(0, `two pages: identical (${x.length} bytes), both writes kept; clock ${clock}; ` +
                  `tab A sent ${stats.patchesSent > 0 ? 'patches' : 'nothing'}, received ${stats.patchesReceived > 0 ? 'patches' : 'nothing'}`);
} catch (e) {
  await finish(1, `FAIL: ${e.stack ?? e}`);
}
