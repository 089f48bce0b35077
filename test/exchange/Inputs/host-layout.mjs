// Compares the core's layout numbers (JSON on stdin) with the host's.
import { readFileSync } from 'node:fs';
import { layout } from '../../../runtime/js/exchange.mjs';

const core = JSON.parse(readFileSync(0, 'utf8'));
for (const [k, v] of Object.entries(core)) console.log(`${k}: ${layout[k] === v ? 'same' : `DIFFERENT (core ${v}, host ${layout[k]})`}`);
