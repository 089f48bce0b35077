// JSON <-> annotated C++ values for the golden harness, driven by the
// generated karmem::schema<T> reflection: objects list the fields in schema
// order keyed by their Karmem (PascalCase) names, enums are their integer
// values, strings are JSON strings, sequences and arrays are JSON arrays
// (the golden files' conventions, see ../index.json); a string element of a
// sequence is the object of its wrapper, {"Value": "..."}, as `karmem decode`
// writes it.
//
//   golden::trail t;  std::string error;
//   if (!golden::from_json(doc, value, t, error)) ...   // error names the path
//   std::string text = golden::to_json(value);          // compact, one line
#pragma once

#include "json.h"
#include "scalars.h"
#include "shapes.h"

#include <karmem/schema.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace golden {

// Where in a value the harness is ("Monsters[3].Data.Name"), for messages.
class trail {
public:
  size_t field(std::string_view name) {
    const size_t mark = path_.size();
    if (!path_.empty())
      path_ += '.';
    path_ += name;
    return mark;
  }
  size_t index(size_t i) {
    const size_t mark = path_.size();
    path_ += '[' + std::to_string(i) + ']';
    return mark;
  }
  void back(size_t mark) { path_.resize(mark); }
  std::string where() const { return path_.empty() ? "(root)" : path_; }

  // For same_view: a fixed array that reads as an empty range (absent from
  // a truncated message) is accepted when its expected elements are zeros.
  bool absent_arrays_ok = false;

private:
  std::string path_;
};

template <class S> inline constexpr bool unsupported_field_type = false;

template <class S> bool from_json(const json::value &j, S &out, trail &t, std::string &error);
template <class S> void print_json(std::string &o, const S &v);

namespace detail {

inline bool expect_kind(const json::value &j, json::value::kind k, const trail &t, std::string &error) {
  if (j.is(k))
    return true;
  error = t.where() + ": expected " + json::kind_name(k) + ", found " + json::kind_name(j.type);
  return false;
}

template <class T> bool struct_from_json(const json::value &j, T &out, trail &t, std::string &error) {
  if (!expect_kind(j, json::value::kind::object, t, error))
    return false;
  bool ok = true;
  size_t i = 0;
  karmem::for_each_field<T>([&](const auto &f) {
    using F = std::remove_cvref_t<decltype(f)>;
    if (!ok)
      return;
    if (i >= j.keys.size() || j.keys[i] != f.name) {
      error = t.where() + ": expected member \"" + std::string(f.name) + "\" at position " + std::to_string(i) +
              (i < j.keys.size() ? ", found \"" + j.keys[i] + "\"" : std::string(", found the end"));
      ok = false;
      return;
    }
    const size_t mark = t.field(f.name);
    ok = from_json(j.items[i], out.*F::member, t, error);
    t.back(mark);
    ++i;
  });
  if (ok && i != j.keys.size()) {
    error = t.where() + ": unexpected member \"" + j.keys[i] + "\"";
    ok = false;
  }
  return ok;
}

template <class S> bool string_from_json(const json::value &j, S &out, trail &t, std::string &error) {
  if (!expect_kind(j, json::value::kind::string, t, error))
    return false;
  if constexpr (shape::limit_v<S> != 0) { // limited<char, N> refuses to grow past N
    if (!out.assign(j.text.begin(), j.text.end())) {
      error = t.where() + ": " + std::to_string(j.text.size()) + " bytes exceed the limit of " +
              std::to_string(shape::limit_v<S>);
      return false;
    }
  } else {
    out.assign(j.text.begin(), j.text.end());
  }
  return true;
}

// A string element of a sequence is its wrapper on the wire and in JSON:
// {"Value": "..."} (struct KarmemString inline { Value []char; }).
template <class S> bool wrapped_string_from_json(const json::value &j, S &out, trail &t, std::string &error) {
  if (!expect_kind(j, json::value::kind::object, t, error))
    return false;
  if (j.keys.size() != 1 || j.keys[0] != "Value") {
    error = t.where() + ": expected the one member \"Value\" of a KarmemString";
    return false;
  }
  const size_t mark = t.field("Value");
  const bool ok = string_from_json(j.items[0], out, t, error);
  t.back(mark);
  return ok;
}

template <class E, class S> bool element_from_json(const json::value &j, S &seq, size_t i, trail &t, std::string &error) {
  const size_t mark = t.index(i);
  bool ok;
  if constexpr (shape::is_string_v<E>) {
    ok = wrapped_string_from_json(j, seq[i], t, error);
  } else if constexpr (std::is_same_v<E, bool>) { // std::vector<bool> hands out proxies
    bool b = false;
    ok = from_json(j, b, t, error);
    seq[i] = b;
  } else {
    ok = from_json(j, seq[i], t, error);
  }
  t.back(mark);
  return ok;
}

template <class S> bool sequence_from_json(const json::value &j, S &out, trail &t, std::string &error) {
  using E = shape::element_t<S>;
  if (!expect_kind(j, json::value::kind::array, t, error))
    return false;
  const size_t n = j.items.size();
  out.clear();
  if constexpr (shape::limit_v<S> != 0) {
    if (!out.resize(n)) {
      error = t.where() + ": " + std::to_string(n) + " elements exceed the limit of " +
              std::to_string(shape::limit_v<S>);
      return false;
    }
  } else {
    out.resize(n);
  }
  for (size_t i = 0; i < n; ++i)
    if (!element_from_json<E>(j.items[i], out, i, t, error))
      return false;
  return true;
}

template <class S> bool fixed_from_json(const json::value &j, S &out, trail &t, std::string &error) {
  using E = shape::element_t<S>;
  constexpr size_t n = shape::length_v<S>;
  if (!expect_kind(j, json::value::kind::array, t, error))
    return false;
  if (j.items.size() != n) {
    error = t.where() + ": expected " + std::to_string(n) + " elements, found " + std::to_string(j.items.size());
    return false;
  }
  for (size_t i = 0; i < n; ++i)
    if (!element_from_json<E>(j.items[i], out, i, t, error))
      return false;
  return true;
}

template <class S> bool scalar_from_json(const json::value &j, S &out, trail &t, std::string &error) {
  if constexpr (std::is_same_v<S, bool>) {
    if (!expect_kind(j, json::value::kind::boolean, t, error))
      return false;
    out = j.boolean;
    return true;
  } else {
    if (!expect_kind(j, json::value::kind::number, t, error))
      return false;
    const std::string why = scalar::parse(j.text, out);
    if (!why.empty())
      error = t.where() + ": " + why;
    return why.empty();
  }
}

inline void print_string(std::string &o, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  o += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      o += '\\';
      o += c;
    } else if (u < 0x20) {
      o += "\\u00";
      o += hex[u >> 4];
      o += hex[u & 15];
    } else {
      o += c; // UTF-8 passes through
    }
  }
  o += '"';
}

template <class S> void print_elements(std::string &o, const S &v, size_t n) {
  using E = shape::element_t<S>;
  o += '[';
  for (size_t i = 0; i < n; ++i) {
    if (i)
      o += ',';
    if constexpr (shape::is_string_v<E>) { // its wrapper, as in wrapped_string_from_json
      o += "{\"Value\":";
      print_json(o, shape::at<E>(v, i));
      o += '}';
    } else {
      print_json(o, shape::at<E>(v, i));
    }
  }
  o += ']';
}

} // namespace detail

// Reads the JSON value `j` into `out` (whose previous contents are replaced).
template <class S> bool from_json(const json::value &j, S &out, trail &t, std::string &error) {
  if constexpr (shape::is_struct_v<S>)
    return detail::struct_from_json(j, out, t, error);
  else if constexpr (shape::is_string_v<S>)
    return detail::string_from_json(j, out, t, error);
  else if constexpr (shape::is_sequence_v<S>)
    return detail::sequence_from_json(j, out, t, error);
  else if constexpr (shape::is_fixed_v<S>)
    return detail::fixed_from_json(j, out, t, error);
  else if constexpr (shape::is_scalar_v<S>)
    return detail::scalar_from_json(j, out, t, error);
  else
    static_assert(unsupported_field_type<S>, "golden harness: no JSON form for this field type");
}

// Appends the compact JSON text of `v` to `o`.
template <class S> void print_json(std::string &o, const S &v) {
  if constexpr (shape::is_struct_v<S>) {
    o += '{';
    bool first = true;
    karmem::for_each_field<S>([&](const auto &f) {
      using F = std::remove_cvref_t<decltype(f)>;
      if (!first)
        o += ',';
      first = false;
      detail::print_string(o, f.name);
      o += ':';
      print_json(o, v.*F::member);
    });
    o += '}';
  } else if constexpr (shape::is_string_v<S>) {
    detail::print_string(o, shape::chars(v));
  } else if constexpr (shape::is_sequence_v<S>) {
    detail::print_elements(o, v, v.size());
  } else if constexpr (shape::is_fixed_v<S>) {
    detail::print_elements(o, v, shape::length_v<S>);
  } else if constexpr (shape::is_scalar_v<S>) {
    o += scalar::format(v);
  } else {
    static_assert(unsupported_field_type<S>, "golden harness: no JSON form for this field type");
  }
}

template <class S> std::string to_json(const S &v) {
  std::string o;
  print_json(o, v);
  return o;
}

} // namespace golden
