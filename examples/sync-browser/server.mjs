// Serves examples/sync-browser (Node's standard library only):
//
//   node examples/sync-browser/server.mjs [--port 8090] [--host 127.0.0.1] [--wasm <sync-board.wasm>]
//
// then open http://127.0.0.1:8090/ in several tabs (add ?nats=ws://HOST:PORT
// to sync through a NATS server's WebSocket listener as well).
//
// It answers GET and HEAD under four roots and nothing else (404):
//   /                  index.html          /app/...        this directory's app/
//   /runtime/js/...    the repository's runtime/js (sync.mjs, transports/)
//   /wasm/sync-board.wasm   the module (--wasm; default build/examples/sync-browser/)
//   /vendor/nats.ws/nats.js node_modules/nats.ws's ESM build (one self-contained file)
// A path that leaves its root after decoding (../, %2e%2e) is a 404;
// /favicon.ico is an empty 204.
// Imported, startServer() does the same for tests.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm',
};

/**
 * @param {{ port?: number, host?: string, wasm?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer({ port = 0, host = '127.0.0.1', wasm, log = () => {} } = {}) {
  const wasmFile = path.resolve(wasm ?? path.join(repo, 'build/examples/sync-browser/sync-board.wasm'));
  // Fixed files, and directories whose files are served (resolved inside them only).
  const files = new Map([
    ['/', path.join(here, 'index.html')],
    ['/index.html', path.join(here, 'index.html')],
    ['/wasm/sync-board.wasm', wasmFile],
    ['/vendor/nats.ws/nats.js', path.join(repo, 'node_modules/nats.ws/esm/nats.js')],
  ]);
  const dirs = [['/app/', path.join(here, 'app')], ['/runtime/js/', path.join(repo, 'runtime/js')]];

  const fileFor = (pathname) => {
    if (files.has(pathname)) return files.get(pathname);
    for (const [prefix, dir] of dirs) {
      if (!pathname.startsWith(prefix)) continue;
      const file = path.resolve(dir, '.' + pathname.slice(prefix.length - 1));
      return file.startsWith(dir + path.sep) ? file : null;
    }
    return null;
  };

  const server = http.createServer(async (req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
      log(`${status} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'only GET and HEAD\n');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'text/plain', 'bad path\n');
    }
    if (pathname === '/favicon.ico') return send(204, 'text/plain', '');
    const file = fileFor(pathname);
    if (!file) return send(404, 'text/plain', 'not found\n');
    try {
      send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch (e) {
      const hint = file === wasmFile ? ' (build it: cmake --build build --target sync-board)'
        : file.includes('nats.ws') ? ' (install the npm packages: npm ci)' : '';
      send(404, 'text/plain', `not found: ${path.relative(repo, file)}${hint}\n`);
      if (e.code !== 'ENOENT') log(`error reading ${file}: ${e.message}`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    if (key === '--port') {
      o.port = Number(value);
      if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`--port ${value}: not a port number`);
    } else if (key === '--host') o.host = value;
    else if (key === '--wasm') o.wasm = value;
    else throw new Error(`unknown option ${key}`);
  }
  return o;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`server.mjs: ${e.message}\nusage: node server.mjs [--port 8090] [--host 127.0.0.1] [--wasm sync-board.wasm]`);
    process.exit(2);
  }
  const { url } = await startServer({ port: 8090, ...options });
  console.log(`examples/sync-browser: open ${url} in several tabs (Ctrl-C stops the server)`);
}
