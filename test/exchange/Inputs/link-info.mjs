// Prints a module's karmem.module section field by field, and its memory
// import and exports, as the host sees them before instantiating.
import { readFileSync } from 'node:fs';

const module = await WebAssembly.compile(readFileSync(process.argv[2]));
const sections = WebAssembly.Module.customSections(module, 'karmem.module');
const hex = (n) => `0x${n.toString(16).padStart(8, '0')}`;
for (const s of sections) {
  const dv = new DataView(s);
  const magic = String.fromCharCode(...new Uint8Array(s, 0, 4));
  console.log(`karmem.module: ${s.byteLength} bytes, magic ${magic}, version ${dv.getUint32(4, true)}, ` +
    `base ${hex(dv.getUint32(8, true))}, limit ${hex(dv.getUint32(12, true))}, flags ${dv.getUint32(16, true)}`);
}
console.log(`sections: ${sections.length}`);
console.log(`imports: ${WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name} (${i.kind})`).join(', ')}`);
console.log(`exports: ${WebAssembly.Module.exports(module).map((e) => e.name).filter((n) => n === 'memory' || n.startsWith('_')).join(', ')}`);
