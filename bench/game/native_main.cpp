// One measuring process of the game benchmark on the native target (x86-64):
// the three implementations linked into one binary, the same method as
// method.mjs (timed with std::chrono::steady_clock), every call checked
// against expected.h. Prints one JSON object on stdout, as wasm_host.mjs does.
//
// Usage: bench-game-native --golden <game_bench1000.bin>
//                          [--warmup-ms 1000] [--rounds 20] [--calls 6]
#include "expected.h"
#include "ops.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace bench {
extern const Impl raw_impl, karmem_impl, flatbuffers_impl;
}

namespace {

using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::byte>;

const char *const kOps[] = {"encode", "decode", "verify", "sum_vec3", "sum_vec3_4acc", "sum_uint8", "sum_stats"};

[[noreturn]] void fail(const std::string &message) {
  std::fprintf(stderr, "bench-game-native: %s\n", message.c_str());
  std::exit(1);
}

struct Target {
  const bench::Impl *impl;
  Bytes encoding; // what encode() must produce and decode() is given
};

// Whether `t` takes part in `op`: the raw floor has no verifier.
bool measures(const Target &t, std::string_view op) { return op != "verify" || t.impl->verify; }

bool equal(const std::byte *p, const Bytes &b) { return std::memcmp(p, b.data(), b.size()) == 0; }

void write_input(Target &t) { std::memcpy(t.impl->input(uint32_t(t.encoding.size())), t.encoding.data(), t.encoding.size()); }

void check_encode(const Target &t, uint32_t size) {
  if (size != t.encoding.size() || !equal(t.impl->encoded(), t.encoding))
    fail(std::string(t.impl->name) + ": encoded bytes differ from the reference");
}

void check_decode(const Target &t, uint32_t ok, const bench::Expected &e) {
  if (ok != 1)
    fail(std::string(t.impl->name) + ": decode failed");
  if (std::string_view(t.impl->name) == "raw") {
    if (!equal(t.impl->decoded(), t.encoding))
      fail("raw: decoded bytes differ from the input");
  } else if (t.impl->decoded_digest() != e.digest) {
    fail(std::string(t.impl->name) + ": decoded value's digest differs from the formula's");
  }
}

// Spoils the previous output so an encode that writes nothing is caught.
void poison_output(const Target &t) {
  auto *out = const_cast<std::byte *>(t.impl->encoded());
  for (size_t at = 0; at < t.encoding.size(); at += 4096)
    out[at] = ~out[at];
}

bool same_stats(const bench::StatsSums &a, const bench::StatsSums &b) {
  return a.damage == b.damage && a.ammo == b.ammo && a.clip_size == b.clip_size &&
         std::memcmp(&a.reload_time, &b.reload_time, sizeof(float)) == 0 && a.range == b.range;
}

// One checked call of `op`; returns its time in µs.
double run(Target &t, std::string_view op, const bench::Expected &e) {
  const bench::Impl &x = *t.impl;
  auto timed = [](auto &&call) {
    const auto t0 = Clock::now();
    auto r = call();
    const auto t1 = Clock::now();
    return std::pair{r, std::chrono::duration<double, std::micro>(t1 - t0).count()};
  };
  auto expect = [&](bool ok) {
    if (!ok)
      fail(std::string(x.name) + ": " + std::string(op) + " returned a wrong result");
  };
  if (op == "encode") {
    poison_output(t);
    auto [size, us] = timed([&] { return x.encode(); });
    check_encode(t, size);
    return us;
  }
  if (op == "decode") {
    write_input(t);
    x.poison_decoded();
    auto [ok, us] = timed([&] { return x.decode(uint32_t(t.encoding.size())); });
    check_decode(t, ok, e);
    return us;
  }
  if (op == "verify") {
    auto [ok, us] = timed([&] { return x.verify(uint32_t(t.encoding.size())); });
    return expect(ok == 1), us;
  }
  if (op == "sum_vec3") {
    auto [r, us] = timed([&] { return x.sum_vec3(); });
    return expect(std::memcmp(&r, &e.sum_vec3, 4) == 0), us;
  }
  if (op == "sum_vec3_4acc") {
    auto [r, us] = timed([&] { return x.sum_vec3_4acc(); });
    return expect(std::memcmp(&r, &e.sum_vec3_4acc, 4) == 0), us;
  }
  if (op == "sum_uint8") {
    auto [r, us] = timed([&] { return x.sum_uint8(); });
    return expect(r == e.sum_uint8), us;
  }
  auto [r, us] = timed([&] { return x.sum_stats(); });
  return expect(same_stats(*r, e.stats)), us;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

} // namespace

int main(int argc, char **argv) {
  std::string golden_path;
  double warmup_ms = 1000;
  int rounds = 20, calls = 6;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 >= argc)
      fail("missing value after " + std::string(a));
    const char *v = argv[++i];
    if (a == "--golden")
      golden_path = v;
    else if (a == "--warmup-ms")
      warmup_ms = std::atof(v);
    else if (a == "--rounds")
      rounds = std::atoi(v);
    else if (a == "--calls")
      calls = std::atoi(v);
    else
      fail("unknown option " + std::string(a));
  }
  if (golden_path.empty())
    fail("usage: bench-game-native --golden <game_bench1000.bin> [--warmup-ms N] [--rounds N] [--calls N]");
  if (rounds < 1 || calls < 1 || warmup_ms < 0)
    fail("--rounds and --calls must be at least 1, --warmup-ms not negative");

  std::ifstream in(golden_path, std::ios::binary);
  if (!in)
    fail("cannot read " + golden_path);
  Bytes golden;
  for (char c : std::vector<char>(std::istreambuf_iterator<char>(in), {}))
    golden.push_back(std::byte(c));

  const bench::Expected e = bench::expected_results(1000);
  std::vector<Target> targets = {{&bench::raw_impl, golden}, {&bench::karmem_impl, golden},
                                 {&bench::flatbuffers_impl, {}}};
  for (Target &t : targets)
    if (t.impl->setup() != 0)
      fail(std::string(t.impl->name) + ": setup failed");

  // Reference encodings, as in wasm_host.mjs: karmem must reproduce Karmem's
  // own bytes, the raw floor copies them, and FlatBuffers' first encoding is
  // accepted only once decoding it gives the formula's digest.
  write_input(targets[0]);
  check_encode(targets[0], targets[0].impl->encode());
  check_encode(targets[1], targets[1].impl->encode());
  Target &fb = targets[2];
  const uint32_t fb_size = fb.impl->encode();
  if (fb_size == 0)
    fail("flatbuffers: encode failed");
  fb.encoding.assign(fb.impl->encoded(), fb.impl->encoded() + fb_size);
  write_input(fb);
  check_decode(fb, fb.impl->decode(fb_size), e);
  for (Target &t : targets)
    write_input(t);
  // A verifier that accepts anything would pass the timed calls: each must
  // refuse the message cut in half first.
  for (Target &t : targets)
    if (t.impl->verify && t.impl->verify(uint32_t(t.encoding.size() / 2)) != 0)
      fail(std::string(t.impl->name) + ": verify accepted the message cut in half");

  std::string json = "{\"platform\":\"native\",\"runtime\":\"clang " __clang_version__ "\"";
  json += ",\"sizes\":{";
  for (size_t k = 0; k < targets.size(); ++k)
    json += (k ? ",\"" : "\"") + std::string(targets[k].impl->name) + "\":" + std::to_string(targets[k].encoding.size());
  json += "},\"method\":{\"warmupMs\":" + std::to_string(warmup_ms) + ",\"rounds\":" + std::to_string(rounds) +
          ",\"callsPerRound\":" + std::to_string(calls) + "}";
  std::string ops_json;
  uint64_t checked = 0;
  for (const char *op : kOps) {
    const auto start = Clock::now();
    uint64_t warmup_calls = 0;
    std::vector<Target *> active;
    for (Target &t : targets)
      if (measures(t, op))
        active.push_back(&t);
    do {
      for (Target *t : active)
        run(*t, op, e);
      warmup_calls += active.size();
    } while (std::chrono::duration<double, std::milli>(Clock::now() - start).count() < warmup_ms);
    std::map<std::string, std::vector<double>> samples;
    for (int r = 0; r < rounds; ++r)
      for (int c = 0; c < calls; ++c)
        for (size_t k = 0; k < active.size(); ++k) {
          Target &t = *active[(k + r) % active.size()];
          samples[t.impl->name].push_back(run(t, op, e));
        }
    checked += warmup_calls + uint64_t(rounds) * calls * active.size();
    std::string medians, mins;
    for (const Target *tp : active) {
      const Target &t = *tp;
      const auto &s = samples[t.impl->name];
      const std::string key = std::string(medians.empty() ? "\"" : ",\"") + t.impl->name + "\":";
      medians += key + std::to_string(median(s));
      mins += key + std::to_string(*std::min_element(s.begin(), s.end()));
    }
    ops_json += std::string(ops_json.empty() ? "\"" : ",\"") + op + "\":{\"warmupCalls\":" +
                std::to_string(warmup_calls) + ",\"medianUs\":{" + medians + "},\"minUs\":{" + mins + "}}";
  }
  json += ",\"checkedCalls\":" + std::to_string(checked) + ",\"ops\":{" + ops_json + "}}";
  std::puts(json.c_str());
  return 0;
}
