;; A module that is not C++ and does not link the sync runtime: it exports
;; its memory and writes into it through its own functions, as a module in
;; any language would (test/sync/js-any-memory.test).
(module
  (memory (export "memory") 8 64)
  ;; Writes `len` pseudo-random bytes from `seed` at `at` (xorshift32).
  (func (export "write") (param $at i32) (param $len i32) (param $seed i32)
    (local $x i32) (local $i i32)
    (local.set $x (i32.add (i32.mul (local.get $seed) (i32.const 2654435761)) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
        (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
        (i32.store8 (i32.add (local.get $at) (local.get $i)) (local.get $x))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  ;; The byte at `at`, read by the module itself.
  (func (export "peek") (param $at i32) (result i32)
    (i32.load8_u (local.get $at)))
  ;; memory.grow from inside the module: the old size in 64 KiB pages, or -1.
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages))))
