// A nats-server for one test: JetStream in a fresh temporary store_dir, on a
// free loopback port (and a WebSocket listener on another when asked),
// started, waited for, restarted on the same ports and store, and killed by
// its pid at the end — also when the test fails or hangs (guard()).
//
//   import { startNats, guard } from '../../tools/nats-server.mjs';
//   guard(45_000);                       // exits 1, after killing the servers, past 45 s
//   const server = await startNats({ websocket: true });
//   server.url, server.wsUrl; await server.restart(); await server.stop();
//
// NATS_SERVER overrides the binary (default: nats-server on PATH, else /usr/sbin/nats-server).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const running = new Set();
const dirs = new Set();

function binary() {
  if (process.env.NATS_SERVER) return process.env.NATS_SERVER;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'nats-server'))) return join(dir, 'nats-server');
  }
  return '/usr/sbin/nats-server';
}

/** A loopback port nobody listens on now. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once the server sends its INFO line on `port`. */
async function waitForInfo(port, child, log) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise((resolve) => {
      const c = createConnection({ host: '127.0.0.1', port });
      c.once('data', (d) => { c.destroy(); resolve(d.toString().startsWith('INFO ')); });
      c.once('error', () => resolve(false));
      c.setTimeout(500, () => { c.destroy(); resolve(false); });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server not ready on ${port} after ${READY_TIMEOUT_MS} ms: ${log()}`);
}

/**
 * @param {{ websocket?: boolean, maxPayload?: number }} [options] maxPayload:
 *   the server's max_payload in bytes (its default is 1 MiB)
 */
export async function startNats({ websocket = false, maxPayload } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'karmem-nats-'));
  dirs.add(dir);
  const port = await freePort();
  const wsPort = websocket ? await freePort() : 0;
  const conf = join(dir, 'nats.conf');
  writeFileSync(conf, [
    `listen: 127.0.0.1:${port}`,
    `jetstream { store_dir: ${JSON.stringify(join(dir, 'store'))} }`,
    websocket ? `websocket { listen: "127.0.0.1:${wsPort}", no_tls: true }` : '',
    maxPayload ? `max_payload: ${maxPayload}` : '',
  ].join('\n'));

  let child = null;
  let output = '';
  const server = {
    url: `nats://127.0.0.1:${port}`,
    wsUrl: websocket ? `ws://127.0.0.1:${wsPort}` : undefined,
    dir,
    get pid() { return child?.pid; },
    async start() {
      output = '';
      child = spawn(binary(), ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(child);
      const keep = (d) => { output = (output + d).slice(-4000); };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.once('exit', () => running.delete(child));
      await waitForInfo(port, child, () => output);
    },
    /** Stops the server (SIGTERM: it flushes its store), waiting until it has exited. */
    async stop({ signal = 'SIGTERM' } = {}) {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((resolve) => c.once('exit', resolve));
      process.kill(c.pid, signal);
      const timer = setTimeout(() => { if (c.exitCode === null) process.kill(c.pid, 'SIGKILL'); }, STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    /** Stops and starts again: the same ports, the same store_dir (JetStream keeps its streams). */
    async restart() {
      await server.stop();
      await server.start();
    },
    /** Stops the server and removes its store. */
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      dirs.delete(dir);
    },
  };
  await server.start();
  return server;
}

function killAll() {
  for (const c of running) {
    try { process.kill(c.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/**
 * Kills every server this process started when it exits, and fails the test
 * (exit 1, servers killed) if it runs longer than `ms`.
 * @param {number} ms
 */
export function guard(ms) {
  process.on('exit', killAll);
  const timer = setTimeout(() => {
    console.log(`FAIL: timed out after ${ms} ms`);
    killAll();
    process.exit(1);
  }, ms);
  timer.unref();
}
