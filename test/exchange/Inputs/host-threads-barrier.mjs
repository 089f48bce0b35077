// Two threads meet here: each adds itself, then spins until both are in, so
// what follows starts at the same moment on both.
export function arrive(barrier) {
  const word = new Int32Array(barrier);
  Atomics.add(word, 0, 1);
  const until = Date.now() + 5000;
  while (Atomics.load(word, 0) < 2)
    if (Date.now() > until) throw new Error('the other thread never arrived');
}
