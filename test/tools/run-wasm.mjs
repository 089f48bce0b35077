// Runs a wasm32-wasi command module under Node's WASI and exits with its code.
// Usage: node run-wasm.mjs module.wasm [args...]
// The module sees the current directory as "/" (preopened), so tests can pass
// relative file paths.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: [file, ...args],
  env: {},
  preopens: { '/': process.cwd(), '.': process.cwd() },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
