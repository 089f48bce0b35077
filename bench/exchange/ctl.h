// The control region of the exchange benchmark ("bench.ctl", a raw region
// the host creates in the shared memory): what the producer module, the
// consumer module and the host agree on besides the channels themselves.
#pragma once
#include <cstdint>

namespace ctl {
constexpr uint32_t ack = 0;       // u32: messages the consumer has finished in this phase
constexpr uint32_t bad = 4;       // u32: messages that failed a check (must stay 0)
constexpr uint32_t t_start = 8;   // f64 ms: the producer's clock before its first loan
constexpr uint32_t t_end = 16;    // f64 ms: the consumer's clock after its last message
constexpr uint32_t stamps = 64;   // per sequence number mod stamp_count, 16 bytes:
constexpr uint32_t stamp_count = 65536;
constexpr uint32_t stamp_size = 16; // f64 t0 (ms, just before publish), u32 address of the message, u32 size
constexpr uint32_t bytes = stamps + stamp_count * stamp_size;
} // namespace ctl

// The shared clock: performance.now() of the calling thread, in ms. Node's
// worker_threads share one time origin (host.mjs checks it at start), so
// stamps from the producer's thread and the consumer's are comparable.
extern "C" __attribute__((import_module("bench"), import_name("now"))) double bench_now();

#define EXPORT(name) extern "C" __attribute__((export_name(name)))

template <class T> inline T *at(uint32_t address) { return reinterpret_cast<T *>(uintptr_t(address)); }
inline uint32_t load_acquire(uint32_t address) { return __atomic_load_n(at<uint32_t>(address), __ATOMIC_ACQUIRE); }
inline void store_release(uint32_t address, uint32_t v) { __atomic_store_n(at<uint32_t>(address), v, __ATOMIC_RELEASE); }
