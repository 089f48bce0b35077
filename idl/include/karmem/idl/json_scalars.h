// Scalars in Karmem's JSON conventions (test/golden/index.json; the karmem
// tool and the golden harness): parsing a JSON number literal into the
// field's exact C++ type (float32 with strtof, float64 with strtod, 64-bit
// integers without passing through double, enums through their underlying
// type), printing them back in shortest round-trip form, and comparing them
// bit-exactly (so -0.0 differs from 0.0 and a NaN equals the same NaN).
#pragma once

#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace karmem::json::scalar {

// Parses a number literal (JSON syntax already checked) into S. Returns an
// empty string on success, otherwise what is wrong.
template <class S> std::string parse(const std::string &text, S &out) {
  static_assert(std::is_arithmetic_v<S> || std::is_enum_v<S>);
  if constexpr (std::is_enum_v<S>) {
    std::underlying_type_t<S> raw{};
    std::string why = parse(text, raw);
    if (why.empty())
      out = static_cast<S>(raw);
    return why;
  } else if constexpr (std::is_same_v<S, bool>) {
    return "booleans are written true/false, not as numbers";
  } else if constexpr (std::is_floating_point_v<S>) {
    char *end = nullptr;
    errno = 0;
    S v;
    if constexpr (std::is_same_v<S, float>)
      v = std::strtof(text.c_str(), &end);
    else
      v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size())
      return "not a number: " + text;
    if (!std::isfinite(v))
      return "out of range for float" + std::to_string(sizeof(S) * 8) + ": " + text;
    out = v;
    return {};
  } else {
    if (text.find_first_of(".eE") != std::string::npos)
      return "expected an integer, found " + text;
    char *end = nullptr;
    errno = 0;
    if constexpr (std::is_signed_v<S>) {
      const long long v = std::strtoll(text.c_str(), &end, 10);
      if (errno == ERANGE || end != text.c_str() + text.size() || v < std::numeric_limits<S>::min() ||
          v > std::numeric_limits<S>::max())
        return "out of range for int" + std::to_string(sizeof(S) * 8) + ": " + text;
      out = static_cast<S>(v);
    } else {
      if (!text.empty() && text[0] == '-')
        return "negative value for an unsigned field: " + text;
      const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
      if (errno == ERANGE || end != text.c_str() + text.size() || v > std::numeric_limits<S>::max())
        return "out of range for uint" + std::to_string(sizeof(S) * 8) + ": " + text;
      out = static_cast<S>(v);
    }
    return {};
  }
}

// The shortest text that reads back to v (floats keep a '.' or exponent so
// they read as floats; -0.0 keeps its sign).
template <class S> std::string format(S v) {
  static_assert(std::is_arithmetic_v<S> || std::is_enum_v<S>);
  if constexpr (std::is_enum_v<S>) {
    return format(static_cast<std::underlying_type_t<S>>(v));
  } else if constexpr (std::is_same_v<S, bool>) {
    return v ? "true" : "false";
  } else if constexpr (std::is_floating_point_v<S>) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, r.ptr);
    if (std::isfinite(v) && s.find_first_of(".eE") == std::string::npos)
      s += ".0";
    return s;
  } else if constexpr (sizeof(S) == 1) {
    // int8_t/uint8_t/char are character types: print them as numbers.
    if constexpr (std::is_signed_v<S>)
      return std::to_string(int(v));
    else
      return std::to_string(unsigned(v));
  } else {
    return std::to_string(v);
  }
}

// Bit-exact equality: floats by their bits, enums by their underlying value.
template <class S> bool same(S a, S b) {
  if constexpr (std::is_same_v<S, float>)
    return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b);
  else if constexpr (std::is_same_v<S, double>)
    return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
  else
    return a == b;
}

} // namespace karmem::json::scalar
