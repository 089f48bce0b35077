// Compares the core's channel numbers (JSON on stdin) with channel.mjs's.
import { readFileSync } from 'node:fs';
import { channelLayout } from '../../../runtime/js/channel.mjs';

const core = JSON.parse(readFileSync(0, 'utf8'));
// A slot's stride is not a number of the table: derive it as channel.mjs does.
const host = { ...channelLayout, stride100: Math.ceil((channelLayout.slotHeaderSize + 100) / 64) * 64 };
for (const [k, v] of Object.entries(core)) console.log(`${k}: ${host[k] === v ? 'same' : `DIFFERENT (core ${v}, host ${host[k]})`}`);
const extra = Object.keys(channelLayout).filter((k) => !(k in core));
console.log(`host numbers the core does not print: ${extra.length ? extra.join(' ') : 'none'}`);
