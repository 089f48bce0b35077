// The round-trip property target for one root type: the fuzzer's bytes do not
// form a message but drive a generator (FuzzedDataProvider underneath) that
// builds a random VALUE of the root type: random scalars (floats often NaNs
// with payloads, infinities, -0.0, subnormals), enums among their declared
// enumerators, random strings (any bytes; also as elements of sequences), sequence sizes from 0 up to a
// limited<>'s bound, nested tables and inline structs. A test file includes
// its generated header and this one, lists its enums' values
// (fuzz::enum_values<E>) and calls fuzz::roundtrip_one<Root>(data, size)
// from LLVMFuzzerTestOneInput. For every value:
//   1. encoded_size equals the bytes karmem::writer produces, and a reused
//      writer (it held the previous inputs' messages) produces the same bytes;
//   2. a fixed_writer of exactly encoded_size bytes produces the same bytes,
//      at the start of its buffer, writing nothing past its end; one byte
//      too small refuses and writes nothing;
//   3. decode gives back the value (bit for bit, floats included), also into
//      a used value (the value scrambled: nonzero scalars, longer sequences),
//      and view_root reads as the value with every array present;
//   4. the message followed by random bytes reads the same (bytes after the
//      message are never looked at, spec §7.1), and four random prefixes of
//      the message (each in an exactly sized heap block) read alike through
//      the view and decode (the reader's rules for truncated data, with no
//      read outside the prefix).
// The input's first 8 bytes are not the generator's: they seed the choice
// of trailing bytes and prefixes (the generator usually consumes all of its
// bytes, so what it leaves over would make nearly every prefix empty), and
// the first of them also picks the value's budget.
#pragma once

#include "fuzz_common.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <karmem/codec.h>
#include <karmem/writer.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

namespace fuzz {

// The enumerators of an enum, for the generator: specialise per schema,
//   template <> struct fuzz::enum_values<game::Team> {
//     static constexpr game::Team values[] = {game::Team::Humans, ...};
//   };
template <class E> struct enum_values;

class generator {
public:
  // `budget`: about how many bytes the value's message may take (each
  // table, string character and sequence element is charged its wire
  // size); a sequence stops growing when it is spent. It keeps every value
  // fast to check while a limited<> of small elements can still reach its
  // bound (game's [<2000]Vec3 path: 24000 bytes).
  generator(const uint8_t *data, size_t n, size_t budget) : in_(data, n), budget_(budget) {}

  template <class S> void fill(S &v);

  FuzzedDataProvider &input() { return in_; }

private:
  // A sequence length for a sequence with at most `limit` elements (0: no
  // limit): mostly small, sometimes anything up to the bound, sometimes
  // exactly the bound or one less.
  size_t length(size_t limit) {
    const size_t cap = std::min(limit ? limit : unbounded_cap, budget_);
    size_t n;
    switch (in_.ConsumeIntegralInRange<unsigned>(0, 15)) {
    case 13:
      n = cap;
      break;
    case 14:
      n = cap ? cap - 1 : 0;
      break;
    case 10:
    case 11:
    case 12:
      n = in_.ConsumeIntegralInRange<size_t>(0, cap);
      break;
    default:
      n = in_.ConsumeIntegralInRange<size_t>(0, std::min<size_t>(cap, 3));
    }
    return n;
  }

  void charge(size_t bytes) { budget_ = budget_ > bytes ? budget_ - bytes : 0; }

  // What one element of a sequence of E takes in its block (a table
  // element is a reference; the table charges its own bytes when filled).
  template <class E> static constexpr size_t element_bytes() {
    if constexpr (shape::is_string_v<E>) // its wrapper's slice header; fill charges the characters
      return 8;
    else if constexpr (shape::is_struct_v<E>)
      return karmem::schema<E>::table ? 4 : karmem::schema<E>::total;
    else
      return sizeof(E);
  }

  template <class F> F floating() {
    using U = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
    using L = std::numeric_limits<F>;
    constexpr U sign = U(1) << (sizeof(U) * 8 - 1);
    constexpr U exponent = std::bit_cast<U>(L::infinity());
    const F special[] = {
        F(0), -F(0), F(1), F(-1.5), L::infinity(), -L::infinity(), L::quiet_NaN(), -L::quiet_NaN(),
        std::bit_cast<F>(U(exponent | 1)),                   // signalling NaN
        std::bit_cast<F>(U(sign | exponent | U(1) << (L::digits - 2) | 5)), // negative quiet NaN, payload 5
        L::denorm_min(), -L::denorm_min(), L::min(), L::max(), L::lowest(), L::epsilon(),
    };
    switch (in_.ConsumeIntegralInRange<unsigned>(0, 3)) {
    case 0:
      return special[in_.ConsumeIntegralInRange<size_t>(0, std::size(special) - 1)];
    case 1:
      return F(in_.ConsumeIntegralInRange<int>(-1000, 1000)) / F(8);
    default:
      return std::bit_cast<F>(in_.ConsumeIntegral<U>()); // any bits, NaNs included
    }
  }

  template <class S> S scalar() {
    if constexpr (std::is_same_v<S, bool>) {
      return in_.ConsumeBool();
    } else if constexpr (std::is_same_v<S, std::byte>) { // an enum, but not one of the schema's
      return std::byte{in_.ConsumeIntegral<uint8_t>()};
    } else if constexpr (std::is_enum_v<S>) {
      constexpr auto &values = enum_values<S>::values;
      return values[in_.ConsumeIntegralInRange<size_t>(0, std::size(values) - 1)];
    } else if constexpr (std::is_floating_point_v<S>) {
      return floating<S>();
    } else {
      static_assert(std::is_integral_v<S>);
      return in_.ConsumeIntegral<S>();
    }
  }

  static constexpr size_t unbounded_cap = 40;
  FuzzedDataProvider in_;
  size_t budget_;
};

template <class S> void generator::fill(S &v) {
  if constexpr (shape::is_struct_v<S>) {
    if constexpr (karmem::schema<S>::table)
      charge(karmem::schema<S>::total);
    karmem::for_each_field<S>([&](const auto &f) {
      using F = std::remove_cvref_t<decltype(f)>;
      fill(v.*F::member);
    });
  } else if constexpr (shape::is_string_v<S>) {
    const size_t n = length(shape::limit_v<S>);
    charge(n);
    std::string text = in_.ConsumeBytesAsString(n);
    for (size_t i = text.size(); i < n; ++i) // the input ran out: still n characters
      text += char('a' + i % 26);
    if constexpr (shape::limit_v<S> != 0)
      FUZZ_CHECK(v.assign(std::string_view(text)), "limited<char> refused %zu characters", n);
    else if constexpr (std::is_same_v<S, std::string>)
      v = std::move(text);
    else // std::vector<char>, a basic_string with another allocator
      v.assign(text.begin(), text.end());
  } else if constexpr (shape::is_sequence_v<S>) {
    using E = shape::element_t<S>;
    const size_t n = length(shape::limit_v<S>);
    v.clear();
    // One element at a time: the sequence ends early when the budget is
    // spent, and a large n costs nothing until its elements are made.
    for (size_t i = 0; i < n && (i == 0 || budget_ > 0); ++i) {
      if constexpr (shape::limit_v<S> != 0)
        FUZZ_CHECK(v.resize(i + 1), "limited<> refused %zu elements", i + 1);
      else
        v.resize(i + 1);
      if constexpr (shape::is_struct_v<E> || shape::is_string_v<E>)
        fill(v[i]);
      else
        v[i] = scalar<E>(); // also through std::vector<bool>'s proxy
      charge(element_bytes<E>());
    }
  } else if constexpr (shape::is_fixed_v<S>) {
    using E = shape::element_t<S>;
    for (auto &e : v) {
      if constexpr (shape::is_struct_v<E> || shape::is_string_v<E>)
        fill(e);
      else
        e = scalar<E>();
    }
  } else {
    v = scalar<S>();
  }
}

inline constexpr std::byte sentinel{0xA5};
inline constexpr size_t guard_bytes = 16;

[[gnu::noinline]] FUZZ_NO_COVERAGE inline bool all_sentinel(std::span<const std::byte> b) {
  for (std::byte x : b)
    if (x != sentinel)
      return false;
  return true;
}

[[gnu::noinline]] FUZZ_NO_COVERAGE inline bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

// splitmix64: the checks' own choices (trailing bytes, prefix lengths).
class knobs {
public:
  explicit knobs(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  size_t upto(size_t max) { return size_t(next() % (uint64_t(max) + 1)); } // [0, max]

private:
  uint64_t s_;
};

// `max_budget`: the largest message (bytes, roughly) a value may have; one
// value in 32 (by its first input byte) gets it all, the others 1/32 of it.
template <class Root> int roundtrip_one(const uint8_t *data, size_t n, size_t max_budget = 32768) {
  const size_t head = std::min<size_t>(n, 8);
  uint64_t seed = 0;
  std::memcpy(&seed, data, head);
  knobs k(seed);
  const size_t budget = head > 0 && data[0] >= 0xF8 ? max_budget : max_budget / 32;
  generator g(data + head, n - head, budget);
  Root value{};
  g.fill(value);

  // 1. encoded_size, writer, reused writer.
  const uint64_t size = karmem::encoded_size(value);
  karmem::writer w;
  FUZZ_CHECK(karmem::encode(w, value), "encode returned false (%llu bytes)", static_cast<unsigned long long>(size));
  FUZZ_CHECK(w.size() == size, "encode wrote %zu bytes, encoded_size says %llu", w.size(),
             static_cast<unsigned long long>(size));
  const std::span<const std::byte> message = w.bytes();
  static karmem::writer reused;
  FUZZ_CHECK(karmem::encode(reused, value) && same_bytes(reused.bytes(), message),
             "a reused writer gives other bytes (%zu, expected %zu)", reused.size(), message.size());

  // 2. fixed_writer: exactly the size, and one byte less.
  {
    std::vector<std::byte> buf(size + guard_bytes, sentinel);
    karmem::fixed_writer fw(std::span<std::byte>(buf.data(), size));
    FUZZ_CHECK(karmem::encode(fw, value), "fixed_writer(%llu) refused the message",
               static_cast<unsigned long long>(size));
    FUZZ_CHECK(fw.bytes().data() == buf.data() && same_bytes(fw.bytes(), message),
               "fixed_writer(%llu) gives other bytes than writer", static_cast<unsigned long long>(size));
    FUZZ_CHECK(all_sentinel(std::span<const std::byte>(buf).subspan(size)), "fixed_writer wrote past its end");
  }
  if (size > 0) {
    std::vector<std::byte> buf(size - 1 + guard_bytes, sentinel);
    karmem::fixed_writer fw(std::span<std::byte>(buf.data(), size - 1));
    FUZZ_CHECK(!karmem::encode(fw, value), "fixed_writer(%llu) accepted a message of %llu bytes",
               static_cast<unsigned long long>(size - 1), static_cast<unsigned long long>(size));
    FUZZ_CHECK(all_sentinel(buf) && fw.size() == 0, "fixed_writer(%llu) refused but wrote into its buffer",
               static_cast<unsigned long long>(size - 1));
  }

  // 3. decode and view.
  Root back{};
  FUZZ_CHECK(karmem::decode(message, back), "decode says the root is absent");
  FUZZ_CHECK(equal_value(value, back), "decode(encode(value)) differs from value at (root)%s", difference().c_str());
  {
    Root used = value;
    scramble(used);
    FUZZ_CHECK(karmem::decode(message, used), "decode into a used value says the root is absent");
    FUZZ_CHECK(equal_value(value, used), "decode into a used value differs from value at (root)%s",
               difference().c_str());
  }
  FUZZ_CHECK(equal_view(value, karmem::view_root<Root>(message), false),
             "view_root(encode(value)) differs from value at (root)%s", difference().c_str());

  // 4. Trailing bytes change nothing; a prefix reads alike both ways.
  {
    std::vector<std::byte> longer(message.begin(), message.end());
    const size_t extra = 1 + k.upto(63);
    for (size_t i = 0; i < extra; ++i)
      longer.push_back(std::byte(k.next()));
    Root from_longer{};
    FUZZ_CHECK(karmem::decode(longer, from_longer) && equal_value(value, from_longer),
               "the message followed by %zu bytes decodes differently at (root)%s", extra, difference().c_str());
  }
  for (int round = 0; round < 4; ++round) {
    const size_t cut = k.upto(message.size());
    auto block = std::make_unique<std::byte[]>(cut ? cut : 1); // exactly `cut` bytes for ASan
    std::copy(message.begin(), message.begin() + std::ptrdiff_t(cut), block.get());
    const std::span<const std::byte> prefix(block.get(), cut);
    Root decoded{};
    const bool present = karmem::decode(prefix, decoded);
    const auto v = karmem::view_root<Root>(prefix);
    FUZZ_CHECK(present == v.karmem_present(), "the first %zu bytes: decode returned %d, the view's root present: %d",
               cut, present, v.karmem_present());
    FUZZ_CHECK(equal_view(decoded, v, true), "the first %zu bytes: view and decode disagree at (root)%s", cut,
               difference().c_str());
  }
  return 0;
}

} // namespace fuzz
