// Loads the link-project's two modules (one ordinary, one shared memory).
import { createSharedMemory, loadModule } from '../../../runtime/js/exchange.mjs';

const [one, two] = process.argv.slice(2);
const a = await loadModule(createSharedMemory({}), one);
console.log(`one: range ${a.range.base.toString(16)}-${a.range.limit.toString(16)}, answer ${a.exports.answer()}, new inside the slot: ${a.exports.new_inside() === 1}`);
const b = await loadModule(createSharedMemory({ shared: true }), two);
console.log(`two: range ${b.range.base.toString(16)}-${b.range.limit.toString(16)}, threads ${b.range.threads}, touch ${b.exports.touch()}`);
