// Drives examples/sync-browser in headless Chromium (Debian's /usr/bin/chromium
// through playwright-core), served by the example's own server.mjs on a free
// loopback port. Prints one line per step for FileCheck; any failure prints
// "FAIL: why" and exits 1.
//
//   node sync-board.mjs --wasm sync-board.wasm --out DIR [--nats] [--copy-screenshot FILE] [--timeout-ms 40000]
//
// Without --nats, three tabs of one browser context sync over BroadcastChannel.
// With --nats, a nats-server (JetStream, WebSocket listener) is started on
// loopback and every tab has its own browser context, so no BroadcastChannel
// joins them: only the broker can.
//
// Steps: tabs A and B open offline and each paints a different cell of the
// same 8 KiB sync page by clicking the canvas; they go online and must end
// byte-identical with both cells. Then 100 random edits from A and B while
// both are online; tab C opens late and must catch up; C edits; malformed
// messages and a damaged snapshot are posted (BroadcastChannel only); every
// tab must hold the same bytes and clock. A screenshot of tab A goes to
// DIR/sync-board.png.
import process from 'node:process';
import path from 'node:path';
import { copyFile, mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startServer } from '../../../examples/sync-browser/server.mjs';
import { startNats } from '../../tools/nats-server.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const wasm = opt('--wasm');
const out = opt('--out');
const useNats = args.includes('--nats');
const copyTo = opt('--copy-screenshot');
const timeoutMs = Number(opt('--timeout-ms', '40000'));
const CONVERGE_MS = 10000;
if (!wasm || !out) {
  console.error('usage: sync-board.mjs --wasm sync-board.wasm --out DIR [--nats] [--copy-screenshot FILE]');
  process.exit(2);
}

let browser = null, server = null, nats = null;
let finished = false;
async function finish(code, why) {
  if (finished) return;
  finished = true;
  clearTimeout(watchdog);
  if (why) console.log(`FAIL: ${why}`);
  await Promise.race([browser?.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  await server?.close();
  await nats?.close();
  process.exit(code);
}
const watchdog = setTimeout(() => finish(1, `not done within ${timeoutMs} ms`), timeoutMs);
const fail = (why) => { throw new Error(why); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A seeded PRNG, so a failing run replays.
let seed = 20240917;
const rand = (n) => { seed = (seed * 1103515245 + 12345) >>> 0; return Math.floor((seed / 2 ** 32) * n); };

async function openTab(name, context, url) {
  const page = await context.newPage();
  page.on('console', (m) => process.stderr.write(`[console ${name}] ${m.type()}: ${m.text()}\n`));
  page.on('pageerror', (e) => process.stderr.write(`[console ${name}] pageerror: ${e.stack ?? e.message}\n`));
  await page.goto(url, { timeout: 15000 });
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
  const error = await page.textContent('#error');
  if (error.trim()) fail(`tab ${name} shows an error: ${error.trim()}`);
  page.tabName = name;
  return page;
}

/** Drags across the canvas from cell `from` to cell `to` (pointer events
 *  every few cells) with colour `c`; checks both ends and the middle. */
async function dragLine(page, from, to, c) {
  await page.click(`#palette button:nth-child(${c + 1})`);
  const box = await page.locator('#board').boundingBox();
  const { width, height } = await page.evaluate(() => ({ width: syncBoard.width, height: syncBoard.height }));
  const at = ([x, y]) => [box.x + (x + 0.5) * (box.width / width), box.y + (y + 0.5) * (box.height / height)];
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 8 });
  await page.mouse.up();
  const mid = [Math.round((from[0] + to[0]) / 2), Math.round((from[1] + to[1]) / 2)];
  for (const [x, y] of [from, mid, to]) {
    const got = await page.evaluate(([x, y]) => syncBoard.cell(x, y), [x, y]);
    if (got !== c) fail(`tab ${page.tabName}: dragged from (${from}) to (${to}) in colour ${c}; cell (${x},${y}) holds ${got}`);
  }
}

/** Clicks the canvas at cell (x, y) with colour `c` chosen in the palette. */
async function clickCell(page, x, y, c) {
  await page.click(`#palette button:nth-child(${c + 1})`);
  const box = await page.locator('#board').boundingBox();
  const { width, height } = await page.evaluate(() => ({ width: syncBoard.width, height: syncBoard.height }));
  await page.mouse.click(box.x + (x + 0.5) * (box.width / width), box.y + (y + 0.5) * (box.height / height));
  const got = await page.evaluate(([x, y]) => syncBoard.cell(x, y), [x, y]);
  if (got !== c) fail(`tab ${page.tabName}: clicked cell (${x},${y}) with colour ${c}, the board holds ${got}`);
}

const bytesOf = (page) => page.evaluate(() => syncBoard.bytes());
const clockOf = (page) => page.evaluate(() => JSON.stringify(syncBoard.clock(), Object.keys(syncBoard.clock()).sort()));

/** Where two byte arrays first differ, or -1. */
function firstDifference(a, b) {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Waits until every tab holds the same bytes and clock; returns the bytes. */
async function converged(step, pages) {
  const deadline = Date.now() + CONVERGE_MS;
  for (;;) {
    const all = await Promise.all(pages.map(bytesOf));
    const clocks = await Promise.all(pages.map(clockOf));
    const diff = all.map((b) => firstDifference(all[0], b)).find((i) => i >= 0);
    if (diff === undefined && clocks.every((c) => c === clocks[0])) return { bytes: all[0], clock: JSON.parse(clocks[0]) };
    if (Date.now() > deadline) {
      fail(`${step}: not converged after ${CONVERGE_MS} ms: ` + (diff !== undefined
        ? `byte ${diff} differs (${all.map((b, i) => `${pages[i].tabName}=${b[diff]}`).join(' ')})`
        : `clocks ${clocks.join(' vs ')}`));
    }
    await sleep(50);
  }
}

try {
  await mkdir(out, { recursive: true });
  server = await startServer({ wasm });
  let query = '';
  if (useNats) {
    nats = await startNats({ websocket: true });
    query = `nats=${encodeURIComponent(nats.wsUrl)}`;
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'], timeout: 20000 });
  const shared = useNats ? null : await browser.newContext({ viewport: { width: 1180, height: 700 } });
  const context = async () => shared ?? browser.newContext({ viewport: { width: 1180, height: 700 } });
  const url = (q) => `${server.url}?${[q, query].filter(Boolean).join('&')}`;

  const a = await openTab('A', await context(), url('offline'));
  const b = await openTab('B', await context(), url('offline'));
  const pageSize = await a.evaluate(() => syncBoard.pageSize);
  const width = await a.evaluate(() => syncBoard.width);
  console.log(`tabs A and B open offline (${useNats ? 'separate browser contexts, NATS over WebSocket' : 'one browser context, BroadcastChannel'})`);

  // Two cells of row 20: both in sync page 0 (rows 0-63 at 128 cells a row).
  const cellA = [10, 20, 5], cellB = [40, 20, 9];
  for (const [x, y] of [cellA, cellB]) if (Math.floor((y * width + x) / pageSize) !== 0) fail('cells not in page 0');
  await clickCell(a, ...cellA);
  await clickCell(b, ...cellB);
  await sleep(200); // several scan intervals: nothing may cross while offline
  if (await a.evaluate(([x, y]) => syncBoard.cell(x, y), cellB) !== 0 ||
      await b.evaluate(([x, y]) => syncBoard.cell(x, y), cellA) !== 0) fail('an offline edit crossed over');
  const differ = firstDifference(await bytesOf(a), await bytesOf(b));
  console.log(`offline: A clicked (${cellA}) and B clicked (${cellB}), both in sync page ${Math.floor(differ / pageSize)} of ${pageSize} bytes; A and B differ`);

  await a.evaluate(() => syncBoard.setOnline(true));
  await b.evaluate(() => syncBoard.setOnline(true));
  let state = await converged('online', [a, b]);
  for (const [x, y, c] of [cellA, cellB]) {
    if (state.bytes[y * width + x] !== c) fail(`online: cell (${x},${y}) is ${state.bytes[y * width + x]}, not ${c}`);
  }
  console.log(`online: A and B identical (${state.bytes.length} bytes), both edits kept, clock has ${Object.keys(state.clock).length} peers`);

  // Live edits from both tabs at once, in both pages of the board.
  const edits = (n) => Array.from({ length: n }, () => [rand(width), rand(128), 1 + rand(15)]);
  await Promise.all([a, b].map((p) => p.evaluate(async (list) => {
    for (const [x, y, c] of list) {
      syncBoard.paint(x, y, c);
      await new Promise((r) => setTimeout(r, 2));
    }
  }, edits(50))));
  await Promise.all([dragLine(a, [8, 100], [120, 76], 4), dragLine(b, [8, 122], [120, 110], 12)]);
  state = await converged('live', [a, b]);
  console.log('live: 100 edits and a drag from each of A and B at once, identical');

  const c = await openTab('C', await context(), url(''));
  state = await converged('late tab', [a, b, c]);
  const catchUp = await c.evaluate(() => syncBoard.catchUp());
  const how = useNats ? `replayed the region's stream: ${(await c.evaluate(() => syncBoard.traffic())).NATS.patchesReceived} patches over NATS`
    : `${catchUp.snapshotsApplied} snapshots applied, ${await c.evaluate(() => syncBoard.skippedPatches)} covered patches skipped`;
  console.log(`late tab C: caught up, identical to A and B (${how})`);

  await clickCell(c, 100, 100, 3);
  state = await converged('C edited', [a, b, c]);
  console.log(`C edited: all 3 identical, clock has ${Object.keys(state.clock).length} peers`);

  if (!useNats) {
    // Malformed traffic on both channels, from a fourth BroadcastChannel object:
    // every tab must count it and apply nothing. Each tab is also sent a
    // real snapshot with one byte flipped.
    const ids = await Promise.all([a, b, c].map((p) => p.evaluate(() => syncBoard.catchUpId)));
    await c.evaluate((ids) => {
      const link = new BroadcastChannel('karmem.sync.board');
      link.postMessage('junk');
      link.postMessage({ karmemSync: 1, region: 'board', origin: '0123456789abcdef', patches: [new Uint8Array([1, 2, 3, 4])] });
      link.close();
      const catchUp = new BroadcastChannel('karmem.sync.board.catch-up');
      catchUp.postMessage({ karmemCatchUp: 1, type: 'snapshot', from: 'zz', to: ids[0], snapshot: new Uint8Array(8) });
      const damaged = syncBoard.snapshot();
      damaged[damaged.length >> 1] ^= 0x40;
      for (const to of ids) catchUp.postMessage({ karmemCatchUp: 1, type: 'snapshot', from: '0123456789abcdef', to, snapshot: damaged });
      catchUp.close();
    }, ids);
    await sleep(300);
    const rejected = await Promise.all([a, b, c].map((p) => p.evaluate(() => JSON.stringify({
      link: syncBoard.traffic().BroadcastChannel.rejected, catchUp: syncBoard.catchUp().rejected }))));
    if (!rejected.every((r) => r === rejected[0])) fail(`tabs counted different rejections: ${rejected.join(' vs ')}`);
    const after = await converged('after malformed', [a, b, c]);
    if (firstDifference(after.bytes, state.bytes) >= 0) fail('malformed traffic changed the board');
    console.log(`malformed: every tab rejected ${rejected[0]}, boards unchanged`);
  }

  for (const p of [a, b, c]) {
    const t = await p.evaluate(() => syncBoard.traffic());
    const line = Object.entries(t).map(([name, s]) => `${name} sent ${s.patchesSent} patches (${s.bytesSent} bytes), received ${s.patchesReceived} (${s.bytesReceived} bytes)`);
    console.log(`traffic ${p.tabName}: ${line.join('; ')}`);
  }

  await a.bringToFront();
  await sleep(300); // a panel refresh, so the picture shows the last figures
  const shot = path.resolve(out, 'sync-board.png');
  await a.screenshot({ path: shot });
  if (copyTo) await copyFile(shot, copyTo);
  console.log(`screenshot: ${shot}`);
  await finish(0, null);
} catch (e) {
  await finish(1, e.stack ?? String(e));
}
