// What every call of the game benchmark must return, computed by the host
// from the benchmark's formula (test/golden/game_bench1000.json, `generator`)
// and never from an implementation's output. Mirrors expected.h (the native
// driver's copy) and digest.h (the content digest's word order).
const f32 = Math.fround;
const scratch = new DataView(new ArrayBuffer(8));
const f32bits = (v) => (scratch.setFloat32(0, v, true), scratch.getUint32(0, true));
const f64words = (v) => (scratch.setFloat64(0, v, true), [scratch.getUint32(0, true), scratch.getUint32(4, true)]);

const NAME = [0xc7, 0xa8, 0xe7, 0xbf, 0x90, 0x70, 0xc2, 0xb1, 0xc6, 0x80, 0xe9, 0xb5, 0x81, 0xe7, 0x81,
              0x89, 0xc4, 0xac, 0xe5, 0x86, 0x96, 0xc9, 0xa0, 0x63, 0x74, 0x71, 0x6f, 0xe9, 0x85, 0x82];
const STATUS = [23123, 83859, 30123123, 34123, -23111, -923, 93123, 11123];
const HITBOX = [4.2, 313.12, 4.02, 90.0, -2942.123];
const TEAM_ALIENS = 4;
const COLOR_RED = 0;
const RELOAD = (scratch.setUint32(0, 0x3fb62c36, true), scratch.getFloat32(0, true));

// Path point j of monster i. A float32 operation done in double and rounded
// once is exact here (double has more than 2 × 24 + 2 bits), so these equal
// the C++ float expressions of examples/game/bench_monsters.h.
export function pathPoint(i, j) {
  return [f32(((i * 131 + j * 17) % 1000) / 1000), f32(i), f32(f32(i * j) * f32(0.33))];
}

export function expectedResults(n = 1000) {
  let h = 2166136261;
  const word = (w) => { h = Math.imul(h ^ w, 16777619) >>> 0; };
  const i16 = (v) => (v << 16) >> 16;
  let sumVec3 = 0;
  const acc = [0, 0, 0, 0];
  let sumUint8 = 0;
  const stats = { damage: 0, ammo: 0, clipSize: 0, reloadTime: 0, range: 0 };

  word(n);
  for (let i = 0; i < n; i++) {
    for (const v of [1, 2, 3]) word(f32bits(v));
    word(i16(i)), word(i16(2 * i));
    word(NAME.length), NAME.forEach(word);
    word(TEAM_ALIENS);
    word(100);
    for (let k = 0; k < 100; k++) word(i & 0xff);
    sumUint8 += 100 * (i & 0xff);
    word(COLOR_RED);
    for (const v of HITBOX) f64words(v).forEach(word);
    word(STATUS.length), STATUS.forEach(word);
    for (let j = 0; j < 4; j++) {
      const damage = 100 + i, ammo = j, clip = i & 0xff, range = i;
      word(damage), word(ammo), word(clip), word(f32bits(RELOAD)), word(range);
      stats.damage = (stats.damage + damage) | 0;
      stats.ammo = (stats.ammo + ammo) >>> 0;
      stats.clipSize = (stats.clipSize + clip) >>> 0;
      stats.reloadTime = f32(stats.reloadTime + RELOAD);
      stats.range = (stats.range + range) | 0;
    }
    word(100);
    for (let j = 0; j < 100; j++) {
      const [x, y, z] = pathPoint(i, j);
      word(f32bits(x)), word(f32bits(y)), word(f32bits(z));
      const v = f32(f32(x + y) + z);
      sumVec3 = f32(sumVec3 + v);
      acc[j % 4] = f32(acc[j % 4] + v);
    }
    word(i % 2 === 0 ? 1 : 0);
  }
  return {
    digest: h,
    sumVec3,
    sumVec3_4acc: f32(f32(acc[0] + acc[1]) + f32(acc[2] + acc[3])),
    sumUint8,
    stats,
  };
}
