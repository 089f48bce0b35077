// The page of examples/sync-browser: loads the board module, syncs its
// region over BroadcastChannel (and NATS with ?nats=ws://host:port), draws
// the board, turns clicks and drags into calls of the module, and shows this
// peer's id, the vector clock and the patch traffic.
//
// Query: ?nats=ws://127.0.0.1:PORT  also sync through a NATS server's WebSocket listener
//        ?offline                   start offline (the "Go online" button, or syncBoard.setOnline(true))
// window.syncBoard is the page's handle for tests (test/browser/sync-board.test).
import { createDistributor } from '/runtime/js/sync.mjs';
import { syncOverBroadcastChannel } from '/runtime/js/transports/broadcast-channel.mjs';
import { syncOverNats } from '/runtime/js/transports/nats.mjs';
import { loadBoard } from './board-module.mjs';
import { PatchHub } from './patch-hub.mjs';
import { catchUpOverBroadcastChannel } from './catch-up.mjs';

const REGION = 'board';
const SCAN_INTERVAL_MS = 50;
const PANEL_INTERVAL_MS = 200;

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const natsUrl = params.get('nats');
if (natsUrl !== null && !/^wss?:\/\/[^\s/]+\/?$/.test(natsUrl)) {
  throw new Error(`?nats=${natsUrl}: expected a WebSocket URL such as ws://127.0.0.1:8222`);
}

function showError(e) {
  $('error').textContent = `${$('error').textContent}${e?.stack ?? e}\n`;
  document.body.dataset.error = 'true';
}
addEventListener('error', (e) => showError(e.error ?? e.message));
addEventListener('unhandledrejection', (e) => showError(e.reason));

/** A random peer id (1 .. 2^32-1): a new one every time the page loads, so
 *  a reloaded tab is a new peer, never an old one whose clock restarted.
 *  Two of n tabs collide with probability about n^2 / 2^33. */
function newPeerId() {
  const [id] = crypto.getRandomValues(new Uint32Array(1));
  return id === 0 ? 1 : id;
}

const board = await loadBoard('/wasm/sync-board.wasm');
const peerId = newPeerId();
const d = createDistributor(board.instance, peerId, {
  pageSize: board.pageSize, scanInterval: SCAN_INTERVAL_MS, base: board.region.base, size: board.region.size,
});
let dirty = true;
const redrawSoon = () => { dirty = true; };
const hub = new PatchHub(d, { onChange: redrawSoon });

// ---- links ---------------------------------------------------------------

/** Traffic of links already closed, per transport, so going offline keeps the totals. */
const closedTraffic = {};
/** @type {{ name: string, link: any }[]} */
let links = [];
let catchUp = null;
let closedCatchUp = null;
let session = 0; // bumped by every online/offline switch; a NATS join of an old session is dropped
let online = false;
let natsState = natsUrl ? 'not connected' : null;

function addTraffic(into, s) {
  for (const k of ['patchesSent', 'bytesSent', 'patchesReceived', 'bytesReceived']) into[k] = (into[k] ?? 0) + s[k];
  into.rejected ??= {};
  for (const [why, n] of Object.entries(s.rejected)) into.rejected[why] = (into.rejected[why] ?? 0) + n;
  return into;
}

function addCatchUp(into, s) {
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'number') into[k] = (into[k] ?? 0) + v;
  }
  into.rejected ??= {};
  for (const [why, n] of Object.entries(s.rejected)) into.rejected[why] = (into.rejected[why] ?? 0) + n;
  return into;
}

// The NATS link (when asked for) joins first, the BroadcastChannel link
// second, in one turn of the event loop once NATS has joined: scans start
// with the first link, and a batch scanned before a link opens is never sent
// over it (the hub keeps no batches to resend), so both must be open before the
// first automatic scan. A tab with ?nats does not relay between the two: a
// tab without it syncs only with the tabs of its own browser.
async function goOnline() {
  if (online) return;
  online = true;
  const mine = ++session;
  const opened = [];
  if (natsUrl) {
    natsState = 'joining';
    try {
      const client = await import('/vendor/nats.ws/nats.js');
      const link = await syncOverNats(hub.view(), {
        client, servers: natsUrl, region: REGION,
        onError: (e) => { natsState = `failed: ${e.message}`; showError(e); },
      });
      if (mine !== session) { await link.close(); return; }
      redrawSoon(); // the stream's replay
      opened.push({ name: 'NATS', link });
      natsState = 'joined';
    } catch (e) {
      if (mine !== session) return;
      natsState = `failed: ${e.message}`;
      showError(e);
    }
  }
  opened.push({ name: 'BroadcastChannel', link: syncOverBroadcastChannel(hub.view(), { region: REGION }) });
  links = opened;
  catchUp = catchUpOverBroadcastChannel(hub, { region: REGION });
  catchUp.request();
}

async function goOffline() {
  if (!online) return;
  online = false;
  session++;
  const closing = links;
  links = [];
  for (const { name, link } of closing) {
    await link.close(); // publishes the last scan first
    closedTraffic[name] = addTraffic(closedTraffic[name] ?? {}, link.stats);
  }
  // Null when going offline while the NATS link was still joining.
  if (catchUp) {
    closedCatchUp = addCatchUp(closedCatchUp ?? {}, catchUp.stats);
    catchUp.close();
    catchUp = null;
  }
  if (natsUrl) natsState = 'offline';
}

async function setOnline(on) {
  const button = $('online');
  button.disabled = true;
  try {
    await (on ? goOnline() : goOffline());
  } finally {
    button.disabled = false;
    button.textContent = online ? 'Go offline' : 'Go online';
    document.body.dataset.online = String(online);
  }
}
$('online').addEventListener('click', () => setOnline(!online));

// ---- drawing and painting ------------------------------------------------

const canvas = $('board');
const ctx = canvas.getContext('2d');
const image = ctx.createImageData(board.width, board.height);
function draw() {
  if (dirty) {
    dirty = false;
    image.data.set(board.render());
    ctx.putImageData(image, 0, 0);
  }
  requestAnimationFrame(draw);
}
// Cells change without an event here when this tab's own scans run: a
// remote patch or snapshot always comes through the hub (onChange), a local paint
// through paintAt.
requestAnimationFrame(draw);

const palette = new Uint32Array(board.instance.exports.memory.buffer, board.instance.exports.board_palette() >>> 0,
                                board.colors).slice();
let color = 2;
for (let i = 0; i < board.colors; i++) {
  const w = palette[i];
  const b = document.createElement('button');
  b.type = 'button';
  b.setAttribute('role', 'radio');
  b.setAttribute('aria-label', `colour ${i}`);
  b.style.background = `rgb(${w & 255} ${(w >>> 8) & 255} ${(w >>> 16) & 255})`;
  b.addEventListener('click', () => { color = i; markColor(); });
  $('palette').append(b);
}
function markColor() {
  [...$('palette').children].forEach((b, i) => b.setAttribute('aria-checked', String(i === color)));
}
markColor();

function cellAt(event) {
  const r = canvas.getBoundingClientRect();
  const x = Math.floor(((event.clientX - r.left) / r.width) * board.width);
  const y = Math.floor(((event.clientY - r.top) / r.height) * board.height);
  return [Math.min(board.width - 1, Math.max(0, x)), Math.min(board.height - 1, Math.max(0, y))];
}
let last = null;
canvas.addEventListener('pointerdown', (e) => {
  canvas.setPointerCapture(e.pointerId);
  last = cellAt(e);
  board.paint(last[0], last[1], color);
  redrawSoon();
});
canvas.addEventListener('pointermove', (e) => {
  if (!last) return;
  const next = cellAt(e);
  board.line(last[0], last[1], next[0], next[1], color);
  last = next;
  redrawSoon();
});
const endStroke = () => { last = null; };
canvas.addEventListener('pointerup', endStroke);
canvas.addEventListener('pointercancel', endStroke);

// ---- the panel -----------------------------------------------------------

function traffic() {
  const rows = {};
  for (const [name, s] of Object.entries(closedTraffic)) rows[name] = addTraffic({}, s);
  for (const { name, link } of links) rows[name] = addTraffic(rows[name] ?? {}, link.stats);
  return rows;
}

function catchUpStats() {
  const s = addCatchUp({}, closedCatchUp ?? { rejected: {} });
  return catchUp ? addCatchUp(s, catchUp.stats) : s;
}

function row(cells, className) {
  const tr = document.createElement('tr');
  if (className) tr.className = className;
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = String(c);
    tr.append(td);
  }
  return tr;
}

function updatePanel() {
  $('peer-id').textContent = String(peerId);
  $('state').textContent = online ? 'online' : 'offline (edits stay here until you go online)';
  const names = links.map((l) => l.name);
  if (natsUrl && !names.includes('NATS')) names.push(`NATS ${natsState}`);
  else if (natsUrl) names[names.indexOf('NATS')] = `NATS ${natsUrl}`;
  $('links').textContent = names.join(', ') || 'none';
  const clock = d.vectorClock();
  $('clock').tBodies[0].replaceChildren(...Object.keys(clock).sort((a, b) => a - b)
    .map((p) => row([Number(p) === peerId ? `${p} (this tab)` : p, clock[p]], Number(p) === peerId ? 'self' : '')));
  $('traffic').tBodies[0].replaceChildren(...Object.entries(traffic()).map(([name, s]) => row([
    name, s.patchesSent, s.bytesSent, s.patchesReceived, s.bytesReceived,
    Object.entries(s.rejected).map(([why, n]) => `${why} ${n}`).join(', ') || 0])));
  const c = catchUpStats();
  const refused = Object.entries(c.rejected).map(([why, n]) => `${why} ${n}`).join(', ');
  $('catch-up').textContent = `catch-up: ${c.requestsSent ?? 0} requests sent, ${c.snapshotsApplied ?? 0} snapshots ` +
    `applied (${c.snapshotBytes ?? 0} bytes), ${c.requestsAnswered ?? 0} requests answered` +
    (refused ? `, refused: ${refused}` : '') + `; ${d.skippedPatches} patches skipped (already held)`;
}
setInterval(updatePanel, PANEL_INTERVAL_MS);

// ---- the handle for tests ------------------------------------------------

window.syncBoard = {
  peerId,
  width: board.width,
  height: board.height,
  pageSize: board.pageSize,
  paint(x, y, c) { board.paint(x, y, c); redrawSoon(); },
  cell: (x, y) => board.cell(x, y),
  /** The region's bytes, as an array of numbers. */
  bytes: () => Array.from(d.bytes()),
  clock: () => d.vectorClock(),
  traffic,
  catchUp: catchUpStats,
  /** This tab's id on the catch-up channel (null offline). */
  get catchUpId() { return catchUp?.id ?? null; },
  snapshot: () => d.snapshot(),
  get skippedPatches() { return d.skippedPatches; },
  get online() { return online; },
  get nats() { return natsState; },
  setOnline,
};

await setOnline(!params.has('offline'));
updatePanel();
document.body.dataset.state = 'ready';
