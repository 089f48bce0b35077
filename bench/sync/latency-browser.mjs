// A group of 3 peers for latency-driver.mjs: 3 pages (latency-page.html) of
// one headless Chromium (Debian's /usr/bin/chromium through playwright-core),
// served by a loopback HTTP server this file starts, synced through
// BroadcastChannel. The pages are cross-origin isolated (COOP/COEP), so
// performance.now() has its fine resolution; their stamps are
// performance.timeOrigin + performance.now(). Whether that is one clock
// across the pages is measured, not assumed: group.clocks holds each page's
// offset from page 1 (BroadcastChannel ping-pong, shortest round trip).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const PEERS = 3;
const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
const HEADERS = {
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Serves /bench/sync/*.{html,mjs}, /runtime/js/**.mjs and /peer.wasm, nothing else. */
function serve(wasm) {
  const roots = [['/bench/sync/', here], ['/runtime/js/', path.join(repo, 'runtime', 'js')]];
  return http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    let file = null;
    if (pathname === '/peer.wasm') file = wasm;
    const root = roots.find(([prefix]) => pathname.startsWith(prefix));
    if (root) {
      const f = path.resolve(root[1], '.' + pathname.slice(root[0].length - 1));
      if (f.startsWith(root[1] + path.sep) && TYPES[path.extname(f)]) file = f;
    }
    try {
      if (!file || req.method !== 'GET') throw new Error('not served');
      const body = await readFile(file);
      res.writeHead(200, { ...HEADERS, 'Content-Type': TYPES[path.extname(file)] });
      res.end(body);
    } catch {
      res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
}

/** Starts the server and the browser; close() stops both. */
export async function launchBrowser(wasm) {
  const server = serve(wasm);
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', timeout: 20_000,
    // Pages in the background must keep their scan timers at full rate.
    args: ['--no-sandbox', '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
           '--disable-backgrounding-occluded-windows'],
  });
  return {
    browser,
    origin: `http://127.0.0.1:${server.address().port}`,
    async close() {
      await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
      server.close();
      server.closeAllConnections?.();
    },
  };
}

/**
 * @param {Awaited<ReturnType<typeof launchBrowser>>} b
 * @param {{ design: string, region: string, regionBytes: number, pageSize: number, scanInterval: number }} o
 * @param {import('./latency-driver.mjs').Inbox} inbox
 */
export async function browserGroup(b, o, inbox) {
  const context = await b.browser.newContext();
  let reject;
  const failed = new Promise((_, r) => { reject = r; });
  failed.catch(() => {});
  const pages = [];
  for (let i = 0; i < PEERS; i++) {
    const page = await context.newPage();
    page.on('pageerror', (e) => reject(new Error(`page ${i + 1}: ${e.stack ?? e.message}`)));
    page.on('crash', () => reject(new Error(`page ${i + 1} crashed`)));
    await page.exposeFunction('benchReport', (m) => inbox.put(i, m));
    await page.goto(`${b.origin}/bench/sync/latency-page.html`, { timeout: 15_000 });
    await page.evaluate((args) => window.benchStart(args), { ...o, index: i });
    pages.push(page);
  }
  for (let i = 1; i < PEERS; i++) await pages[i].evaluate(() => window.benchClockAnswer());
  const clocks = await pages[0].evaluate(([n, samples]) => window.benchClockProbe(n, samples), [PEERS - 1, 50]);
  return {
    peers: PEERS,
    failed,
    clocks,
    send: (i, m) => { pages[i].evaluate((msg) => window.benchMessage(msg), m).catch(reject); },
    async close() {
      for (const p of pages) await p.evaluate(() => window.benchClose()).catch(() => {});
      await context.close();
    },
  };
}
