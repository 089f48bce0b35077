// Serves a page of test/browser/Inputs on a free loopback port and runs it in
// headless Chromium (Debian's /usr/bin/chromium through playwright-core),
// then prints what the page wrote into its #result element.
//
//   node run-page.mjs --wasm <dir> [--isolated|--not-isolated] [--page exchange-workers.html]
//                     [--query count=20000] [--timeout-ms 25000]
//
// The server answers only under three roots: /runtime/js/ (the repository's
// runtime/js), /test/browser/Inputs/ (the pages) and /wasm/ (the built
// modules, from --wasm). --isolated (the default) sends the cross-origin
// isolation headers a shared WebAssembly.Memory needs (COOP same-origin, COEP
// require-corp, CORP same-origin on every response); --not-isolated sends
// none of them. The page sets data-state="done" or "error" on #result when it
// is finished. The browser's console and page errors go to stderr as
// "[console] ..." lines (lit shows them when the test fails). The run is
// bounded: without a result within --timeout-ms, or on any unexpected error,
// this prints why, closes the browser and the server, and exits 1.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const isolated = !args.includes('--not-isolated');
const wasmDir = opt('--wasm');
const pageName = opt('--page', 'exchange-workers.html');
const query = opt('--query', '');
const timeoutMs = Number(opt('--timeout-ms', '25000'));
if (!wasmDir) { console.error('usage: run-page.mjs --wasm <dir> [--isolated|--not-isolated] ...'); process.exit(2); }

const roots = [
  ['/runtime/js/', path.join(repo, 'runtime/js')],
  ['/test/browser/Inputs/', here],
  ['/wasm/', path.resolve(wasmDir)],
];
const types = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const served = [];
const server = http.createServer(async (req, res) => {
  const headers = { 'Cache-Control': 'no-store', ...(isolated ? isolation : {}) };
  const url = new URL(req.url, 'http://127.0.0.1');
  const pathname = decodeURIComponent(url.pathname);
  if (pathname === '/favicon.ico') { res.writeHead(204, headers); res.end(); return; }
  const root = roots.find(([prefix]) => pathname.startsWith(prefix));
  const file = root && path.resolve(root[1], '.' + pathname.slice(root[0].length - 1));
  if (!file || !file.startsWith(root[1] + path.sep) || req.method !== 'GET') {
    served.push(`404 ${pathname}`);
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
    res.end('not found');
    return;
  }
  try {
    const body = await readFile(file);
    served.push(`200 ${pathname}`);
    res.writeHead(200, { ...headers, 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    served.push(`404 ${pathname}`);
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
    res.end('not found');
  }
});

const log = [];
const note = (line) => { log.push(line); process.stderr.write(`[console] ${line}\n`); };
let browser = null;
let finished = false;
const finish = async (code, why) => {
  if (finished) return;
  finished = true;
  clearTimeout(watchdog);
  if (why) {
    console.log(`run-page: FAILED: ${why}`);
    console.error(`run-page: requests: ${served.join(', ') || 'none'}`);
  }
  await Promise.race([browser?.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  server.close();
  server.closeAllConnections?.();
  process.exit(code);
};
const watchdog = setTimeout(() => finish(1, `no result within ${timeoutMs} ms (the page or a Worker hung)`), timeoutMs);

try {
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  const origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'], timeout: 20000 });
  const page = await browser.newPage();
  page.on('console', (m) => note(`${m.type()}: ${m.text()}${m.type() === 'error' && m.location()?.url ? ` (${m.location().url})` : ''}`));
  page.on('pageerror', (e) => note(`pageerror: ${e.stack ?? e.message}`));
  page.on('crash', () => note('page crashed'));
  page.on('worker', (w) => {
    note(`worker started: ${new URL(w.url()).pathname}`);
    w.on('close', () => note(`worker closed: ${new URL(w.url()).pathname}`));
  });
  await page.goto(`${origin}/test/browser/Inputs/${pageName}${query ? `?${query}` : ''}`, { timeout: 15000 });
  const result = await page.waitForSelector('#result[data-state]', { timeout: timeoutMs });
  const state = await result.getAttribute('data-state');
  console.log(`page state: ${state}`);
  console.log((await result.textContent()).trim());
  await finish(0, null);
} catch (e) {
  await finish(1, e.stack ?? String(e));
}
