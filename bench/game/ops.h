// The interface every implementation of the game benchmark provides (karmem,
// FlatBuffers, the raw-struct floor), so one host drives them all the same way.
//
// An implementation defines, in its own namespace, the functions listed in
// BENCH_IMPLEMENTATION below, then writes BENCH_IMPLEMENTATION(ns, "label");
// one that can also check untrusted bytes defines verify() too and writes
// BENCH_IMPLEMENTATION_VERIFIED(ns, "label") instead.
// Built for wasm32 that exports each one as `bench_<op>` (one module per
// implementation, driven by wasm_host.mjs); built natively it defines
// `bench::ns`, a table of function pointers for native_main.cpp.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bench {

// What sum_stats() returns: the sums over every weapon of every monster.
// Mirrored by host.mjs (wasm32 layout: 5 × 4 bytes).
struct StatsSums {
  int32_t damage;
  uint32_t ammo;
  uint32_t clip_size;
  float reload_time; // float32 additions in monster, then weapon, order
  int32_t range;
};

struct Impl {
  const char *name;
  // Builds the value to encode (the golden formula's 1000 monsters); 0 on success.
  uint32_t (*setup)();
  // A buffer of n bytes for an encoded message: decode() and the view-based
  // sums read it. The host writes there.
  std::byte *(*input)(uint32_t n);
  // Encodes the value built by setup() into the module's fixed output buffer;
  // returns the size (0 when it failed). encoded() is where the bytes start.
  uint32_t (*encode)();
  const std::byte *(*encoded)();
  // Decodes input()[0, n) into the implementation's decoded value; 1 on success.
  uint32_t (*decode)(uint32_t n);
  // The content digest (digest.h) of the decoded value, and a way to spoil it
  // so a decode that did nothing is caught. The raw floor decodes into bytes:
  // its decoded() gives them instead (digest 0).
  uint32_t (*decoded_digest)();
  void (*poison_decoded)();
  const std::byte *(*decoded)();
  // The sums, read in place (views / accessors / the structs themselves).
  float (*sum_vec3)();
  float (*sum_vec3_4acc)();
  uint32_t (*sum_uint8)();
  const StatsSums *(*sum_stats)();
  // Checks that input()[0, n) is a well-formed message without decoding it
  // (karmem::verify, FlatBuffers' Verifier); 1 when it is. Null for the raw
  // floor, which has nothing to check.
  uint32_t (*verify)(uint32_t n);
};

} // namespace bench

#if defined(__wasm__)
#define BENCH_EXPORT(name) __attribute__((export_name(#name))) name
#define BENCH_IMPLEMENTATION(ns, label)                                                            \
  extern "C" {                                                                                     \
  uint32_t BENCH_EXPORT(bench_setup)() { return ns::setup(); }                                     \
  std::byte *BENCH_EXPORT(bench_input)(uint32_t n) { return ns::input(n); }                        \
  uint32_t BENCH_EXPORT(bench_encode)() { return ns::encode(); }                                   \
  const std::byte *BENCH_EXPORT(bench_encoded)() { return ns::encoded(); }                         \
  uint32_t BENCH_EXPORT(bench_decode)(uint32_t n) { return ns::decode(n); }                        \
  uint32_t BENCH_EXPORT(bench_decoded_digest)() { return ns::decoded_digest(); }                   \
  void BENCH_EXPORT(bench_poison_decoded)() { ns::poison_decoded(); }                              \
  const std::byte *BENCH_EXPORT(bench_decoded)() { return ns::decoded(); }                         \
  float BENCH_EXPORT(bench_sum_vec3)() { return ns::sum_vec3(); }                                  \
  float BENCH_EXPORT(bench_sum_vec3_4acc)() { return ns::sum_vec3_4acc(); }                        \
  uint32_t BENCH_EXPORT(bench_sum_uint8)() { return ns::sum_uint8(); }                             \
  const bench::StatsSums *BENCH_EXPORT(bench_sum_stats)() { return ns::sum_stats(); }              \
  }
// The host measures Verify on the modules that export bench_verify.
#define BENCH_IMPLEMENTATION_VERIFIED(ns, label)                                                   \
  BENCH_IMPLEMENTATION(ns, label)                                                                  \
  extern "C" uint32_t BENCH_EXPORT(bench_verify)(uint32_t n) { return ns::verify(n); }
#else
#define BENCH_DETAIL_IMPLEMENTATION(ns, label, verify)                                             \
  namespace bench {                                                                                \
  extern const Impl ns;                                                                            \
  const Impl ns = {label,          &::ns::setup,    &::ns::input,          &::ns::encode,          \
                   &::ns::encoded, &::ns::decode,   &::ns::decoded_digest, &::ns::poison_decoded,  \
                   &::ns::decoded, &::ns::sum_vec3, &::ns::sum_vec3_4acc,  &::ns::sum_uint8,       \
                   &::ns::sum_stats, verify};                                                      \
  }
#define BENCH_IMPLEMENTATION(ns, label) BENCH_DETAIL_IMPLEMENTATION(ns, label, nullptr)
#define BENCH_IMPLEMENTATION_VERIFIED(ns, label) BENCH_DETAIL_IMPLEMENTATION(ns, label, &::ns::verify)
#endif
