// A small JSON reader (for the karmem tool's encode and the golden test
// harness): parses a document into a tree that keeps object members in file order and numbers as their literal
// text, so that the typed layer (json_reflect.h) can parse each number with
// the parser its field needs (strtof for float32, strtod for float64, 64-bit
// integer parsing for uint64/int64). No exceptions: works in -fno-exceptions
// wasm32 builds. Errors name the line and column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace karmem::json {

struct value {
  enum class kind : uint8_t { null, boolean, number, string, array, object };
  kind type = kind::null;
  bool boolean = false;
  std::string text;               // a number's literal text, or a string's UTF-8 contents
  std::vector<std::string> keys;  // object member names, in file order
  std::vector<value> items;       // array elements, or object member values (parallel to keys)

  bool is(kind k) const noexcept { return type == k; }
  // The member called `key` of an object, or nullptr.
  const value *find(std::string_view key) const noexcept {
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key)
        return &items[i];
    return nullptr;
  }
};

// Name of a kind, for error messages.
inline const char *kind_name(value::kind k) noexcept {
  switch (k) {
  case value::kind::null: return "null";
  case value::kind::boolean: return "a boolean";
  case value::kind::number: return "a number";
  case value::kind::string: return "a string";
  case value::kind::array: return "an array";
  case value::kind::object: return "an object";
  }
  return "?";
}

namespace detail {

// Nesting deeper than this is refused rather than risking the stack.
inline constexpr int max_depth = 64;

class parser {
public:
  explicit parser(std::string_view text) : text_(text) {}

  bool document(value &out, std::string &error) {
    skip_space();
    if (!parse_value(out, 0))
      return report(error);
    skip_space();
    if (pos_ != text_.size()) {
      fail("unexpected text after the document");
      return report(error);
    }
    return true;
  }

private:
  bool report(std::string &error) const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < error_pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    error = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message_;
    return false;
  }

  bool fail(const char *message) {
    if (message_.empty()) {
      message_ = message;
      error_pos_ = pos_;
    }
    return false;
  }

  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word)
      return fail("invalid literal");
    pos_ += word.size();
    return true;
  }

  bool parse_value(value &out, int depth) {
    if (depth > max_depth)
      return fail("nesting too deep");
    if (pos_ >= text_.size())
      return fail("unexpected end of input");
    switch (text_[pos_]) {
    case '{': return parse_object(out, depth);
    case '[': return parse_array(out, depth);
    case '"': out.type = value::kind::string; return parse_string(out.text);
    case 't': out.type = value::kind::boolean; out.boolean = true; return literal("true");
    case 'f': out.type = value::kind::boolean; out.boolean = false; return literal("false");
    case 'n': out.type = value::kind::null; return literal("null");
    default: return parse_number(out);
    }
  }

  bool parse_object(value &out, int depth) {
    out.type = value::kind::object;
    ++pos_; // '{'
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"')
        return fail("expected a member name");
      std::string key;
      if (!parse_string(key))
        return false;
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':')
        return fail("expected ':'");
      ++pos_;
      skip_space();
      out.keys.push_back(std::move(key));
      out.items.emplace_back();
      if (!parse_value(out.items.back(), depth + 1))
        return false;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  bool parse_array(value &out, int depth) {
    out.type = value::kind::array;
    ++pos_; // '['
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_space();
      out.items.emplace_back();
      if (!parse_value(out.items.back(), depth + 1))
        return false;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or ']'");
    }
  }

  // RFC 8259 number grammar; the literal text is kept for typed parsing.
  bool parse_number(value &out) {
    const size_t start = pos_;
    auto digits = [&] {
      size_t n = 0;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
        ++pos_, ++n;
      return n;
    };
    if (pos_ < text_.size() && text_[pos_] == '-')
      ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      pos_ = start;
      return fail("invalid value");
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0)
        return fail("expected digits after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
        ++pos_;
      if (digits() == 0)
        return fail("expected digits in the exponent");
    }
    out.type = value::kind::number;
    out.text.assign(text_.substr(start, pos_ - start));
    return true;
  }

  bool hex4(uint32_t &code) {
    if (pos_ + 4 > text_.size())
      return fail("truncated \\u escape");
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      code <<= 4;
      if (c >= '0' && c <= '9')
        code |= uint32_t(c - '0');
      else if (c >= 'a' && c <= 'f')
        code |= uint32_t(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        code |= uint32_t(c - 'A' + 10);
      else
        return fail("invalid hex digit in \\u escape");
    }
    return true;
  }

  static void put_utf8(std::string &out, uint32_t code) {
    if (code < 0x80) {
      out += char(code);
    } else if (code < 0x800) {
      out += char(0xC0 | (code >> 6));
      out += char(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += char(0xE0 | (code >> 12));
      out += char(0x80 | ((code >> 6) & 0x3F));
      out += char(0x80 | (code & 0x3F));
    } else {
      out += char(0xF0 | (code >> 18));
      out += char(0x80 | ((code >> 12) & 0x3F));
      out += char(0x80 | ((code >> 6) & 0x3F));
      out += char(0x80 | (code & 0x3F));
    }
  }

  bool parse_string(std::string &out) {
    ++pos_; // opening quote
    for (;;) {
      if (pos_ >= text_.size())
        return fail("unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20)
        return fail("control character in string");
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= text_.size())
        return fail("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t code;
        if (!hex4(code))
          return false;
        if (code >= 0xD800 && code < 0xDC00) {
          uint32_t low;
          if (text_.substr(pos_, 2) != "\\u")
            return fail("unpaired surrogate in \\u escape");
          pos_ += 2;
          if (!hex4(low))
            return false;
          if (low < 0xDC00 || low >= 0xE000)
            return fail("invalid low surrogate in \\u escape");
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        } else if (code >= 0xDC00 && code < 0xE000) {
          return fail("unpaired surrogate in \\u escape");
        }
        put_utf8(out, code);
        break;
      }
      default: return fail("invalid escape");
      }
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string message_;
  size_t error_pos_ = 0;
};

} // namespace detail

// Parses `text` into `out`. On failure returns false with `error` set to
// "line L, column C: what".
inline bool parse(std::string_view text, value &out, std::string &error) {
  out = value();
  return detail::parser(text).document(out, error);
}

} // namespace karmem::json
