// Prints "name id" for each line of a file, ids from peerIdOf (the engine's
// XXH3), to be compared with peer-ids.cpp's (Debian's xxHash).
//
// Usage: node peer-ids.mjs engine.wasm names.txt
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { loadEngine, peerIdOf } from '../../../runtime/js/memory-distributor.mjs';

const [enginePath, namesPath] = process.argv.slice(2);
await loadEngine(enginePath);
for (const name of readFileSync(namesPath, 'utf8').split('\n').filter((l) => l !== '')) {
  console.log(`${name} ${peerIdOf(name)}`);
}
