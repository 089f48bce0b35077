// Reads KarmemIDL (.km) text into a Schema (spec §2). It accepts what
// Karmem's own parser accepts (inkeliz/karmem, kmparser), with the same
// whitespace rules: inside a header, declaration line, enum member or field
// only spaces and tabs separate tokens; newlines are allowed only between
// them. Errors point at the offending token (1-based line, column counted in
// code points) and, for the cases in shared/karmem-schemas/VALIDITY.txt, at
// the same character as Karmem's parser (whose lines are 0-based).
//
// Deliberately stricter than Karmem's parser where it accepts text that is
// garbage or that its own generators mishandle: a file that ends (or has a NUL
// byte) inside a declaration, which Karmem takes as a silent end of input; an
// empty schema name (`karmem ;`) and anything but tags between the name and
// ';'; empty tag names and `@tag(x;` without ')'; non-ASCII identifiers and
// invalid UTF-8; spaces or stray characters inside a field type (`[ 4]uint8`,
// `uint 8`, `[6<128]char`, which Karmem reads as `[<128]char`) and tags
// before a field's type; enum members without a name, `A 5;`, `A = ;`, and
// values with leading zeros (Go and C would read `010` as octal); duplicate
// type names (Karmem checks only some pairs) and duplicate @packed/@id tags
// (Karmem takes the first). Karmem rejects an enum whose last member is named
// like an earlier type (except the latest struct); we reject it for every
// earlier type. Checked by differential fuzzing against a model of Karmem's
// parser: nothing this reader accepts is rejected by Karmem.
//
// Tests: test/idl/km-*.test, test/idl/karmem-schemas-validity.test.
#include "karmem/idl/km.h"
#include "karmem/idl/names.h"
#include "karmem/idl/validate.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace karmem::idl {

namespace {

struct Position {
  uint32_t line = 1, column = 1;
};

bool isAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
bool isAsciiLetter(char c) { return isAsciiUpper(c) || isAsciiLower(c); }
bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool isWordChar(char c) { return isAsciiLetter(c) || isAsciiDigit(c) || c == '_'; }
bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool isLineSpace(char c) { return c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Length of the UTF-8 sequence starting with `lead`, or 0 if `lead` cannot
// start one.
size_t utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

// Decodes the code point of a valid sequence of `length` bytes at `p`.
uint32_t decodeUtf8(const unsigned char *p, size_t length) {
  if (length == 1) return p[0];
  uint32_t cp = p[0] & (0x7f >> length);
  for (size_t i = 1; i < length; ++i)
    cp = (cp << 6) | (p[i] & 0x3f);
  return cp;
}

bool isValidUtf8Sequence(const unsigned char *p, size_t available, size_t &length) {
  length = utf8Length(p[0]);
  if (length == 0 || length > available) return false;
  for (size_t i = 1; i < length; ++i)
    if ((p[i] & 0xc0) != 0x80) return false;
  const uint32_t cp = decodeUtf8(p, length);
  if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10ffff)))
    return false; // overlong or out of range
  return !(cp >= 0xd800 && cp <= 0xdfff); // no surrogates
}

// Unicode White_Space other than space and tab: Karmem's parser refuses these
// inside a backquoted tag value (Go's unicode.IsSpace).
bool isUnicodeLineOrOtherSpace(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0d && cp != 0x09) || cp == 0x85 || cp == 0xa0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

bool fitsUnderlying(Primitive p, uint64_t v) {
  switch (p) {
  case Primitive::Uint8: return v <= 0xff;
  case Primitive::Uint16: return v <= 0xffff;
  case Primitive::Uint32: return v <= 0xffffffffULL;
  case Primitive::Uint64: return true;
  case Primitive::Int8: return v <= 0x7f;
  case Primitive::Int16: return v <= 0x7fff;
  case Primitive::Int32: return v <= 0x7fffffffULL;
  case Primitive::Int64: return v <= 0x7fffffffffffffffULL;
  default: return false;
  }
}

// Parses decimal digits into `out`; false on overflow of `max`.
bool parseDecimal(std::string_view digits, uint64_t max, uint64_t &out) {
  out = 0;
  for (char c : digits) {
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (out > (max - d) / 10) return false;
    out = out * 10 + d;
  }
  return true;
}

struct PositionedTag {
  Tag tag;
  Position at;
};

class KmParser {
public:
  KmParser(std::string_view text, Schema &out, KmError &error)
      : text_(text), schema_(out), error_(error) {}

  bool parse() {
    schema_ = Schema{};
    if (text_.substr(0, 3) == "\xEF\xBB\xBF")
      pos_ = 3; // a byte-order mark is skipped and not counted as a column
    if (!checkEncoding()) return false;
    if (!parseHeader()) return false;
    for (;;) {
      skipWhitespace();
      if (atEnd()) return resolveTypeNames() && validate();
      const Position at = here();
      const std::string_view word = peekWord();
      if (word == "enum") {
        if (!parseEnum()) return false;
      } else if (word == "struct") {
        if (!parseStruct()) return false;
      } else if (peek() == ';' && !schema_.order.empty()) {
        return fail(at, "unexpected ';' after '}': enum and struct declarations are not "
                        "followed by ';'");
      } else {
        return fail(at, "expected 'enum' or 'struct', got " + describeHere());
      }
    }
  }

private:
  // --- cursor -------------------------------------------------------------

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  Position here() const { return cursor_; }

  // Moves over one code point (the text is known to be valid UTF-8).
  void advance() {
    if (atEnd()) return;
    const char c = text_[pos_];
    pos_ += utf8Length(static_cast<unsigned char>(c));
    if (c == '\n') {
      ++cursor_.line;
      cursor_.column = 1;
    } else {
      ++cursor_.column;
    }
  }
  void advance(size_t codePoints) {
    while (codePoints--) advance();
  }

  void skipBlanks() {
    while (isBlank(peek())) advance();
  }
  void skipWhitespace() {
    while (isBlank(peek()) || isLineSpace(peek())) advance();
  }

  std::string_view peekWord() const {
    size_t end = pos_;
    while (end < text_.size() && isWordChar(text_[end])) ++end;
    return text_.substr(pos_, end - pos_);
  }
  std::string_view readWord() {
    const std::string_view w = peekWord();
    advance(w.size());
    return w;
  }
  std::string_view readDigits() {
    size_t end = pos_;
    while (end < text_.size() && isAsciiDigit(text_[end])) ++end;
    const std::string_view d = text_.substr(pos_, end - pos_);
    advance(d.size());
    return d;
  }

  // How the character under the cursor is shown in a message.
  std::string describeHere() const {
    if (atEnd()) return "end of file";
    const char c = peek();
    switch (c) {
    case '\n': return "a newline";
    case '\r': return "a carriage return";
    case '\t': return "a tab";
    case ' ': return "a space";
    default: break;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "a control character";
    const size_t n = utf8Length(static_cast<unsigned char>(c));
    return "'" + std::string(text_.substr(pos_, n)) + "'";
  }

  bool fail(Position at, std::string message) const {
    error_.line = at.line;
    error_.column = at.column;
    error_.message = std::move(message);
    return false;
  }
  bool failHere(std::string message) { return fail(here(), std::move(message)); }

  // The whole input must be UTF-8 without NUL bytes (Karmem's parser stops
  // silently at a NUL, dropping the rest of the file).
  bool checkEncoding() const {
    Position at = cursor_;
    size_t i = pos_;
    while (i < text_.size()) {
      const auto *p = reinterpret_cast<const unsigned char *>(text_.data() + i);
      size_t length = 0;
      if (*p == 0) return fail(at, "unexpected NUL byte");
      if (!isValidUtf8Sequence(p, text_.size() - i, length))
        return fail(at, "invalid UTF-8");
      if (*p == '\n') {
        ++at.line;
        at.column = 1;
      } else {
        ++at.column;
      }
      i += length;
    }
    return true;
  }

  // --- tags ---------------------------------------------------------------

  // `@name(value)`: a name of letters and dots; a value of ASCII letters and
  // digits, or anything between backquotes except what ends a tag in
  // Karmem's parser (')' and ';') and line breaks.
  bool parseTag(std::vector<PositionedTag> &into) {
    PositionedTag t;
    t.at = here();
    t.tag.origin = originOf(t.at);
    advance(); // '@'
    while (isAsciiLetter(peek()) || peek() == '.') {
      t.tag.name.push_back(peek());
      advance();
    }
    if (t.tag.name.empty())
      return failHere("expected a tag name (letters and dots) after '@', got " + describeHere());
    if (peek() != '(')
      return failHere("expected '(' after the tag name '" + t.tag.name + "' (tags are written "
                      "@name(value)), got " + describeHere());
    advance();
    for (;;) {
      const char c = peek();
      if (atEnd())
        return failHere("unexpected end of file in the value of tag '@" + t.tag.name + "'");
      if (c == ')') {
        advance();
        break;
      }
      if (c == '`') {
        advance();
        if (!parseQuotedTagValue(t.tag)) return false;
        continue;
      }
      if (isAsciiLetter(c) || isAsciiDigit(c)) {
        t.tag.value.push_back(c);
        advance();
        continue;
      }
      return failHere("unexpected " + describeHere() + " in the value of tag '@" + t.tag.name +
                      "': a value is letters and digits, or any text between backquotes");
    }
    into.push_back(std::move(t));
    return true;
  }

  bool parseQuotedTagValue(Tag &tag) {
    for (;;) {
      if (atEnd())
        return failHere("unexpected end of file: missing closing '`' in tag '@" + tag.name + "'");
      const char c = peek();
      if (c == '`') {
        advance();
        return true;
      }
      if (c == ')' || c == ';')
        return failHere(std::string("'") + c + "' cannot appear in a tag value, even between "
                        "backquotes: Karmem's parser ends the tag there");
      const auto *p = reinterpret_cast<const unsigned char *>(text_.data() + pos_);
      const size_t n = utf8Length(*p);
      if (isUnicodeLineOrOtherSpace(decodeUtf8(p, n)))
        return failHere("a tag value cannot contain " + describeHere() +
                        " (only spaces and tabs are allowed between backquotes)");
      tag.value.append(text_.substr(pos_, n));
      advance();
    }
  }

  // Reads the tags that follow a declaration line's head, up to `terminator`
  // ('{' or ';'), which is consumed. `terminatorAt` receives its position.
  bool parseTagsUntil(char terminator, std::vector<PositionedTag> &tags,
                      Position &terminatorAt, const std::string &what) {
    for (;;) {
      skipBlanks();
      if (peek() == '@') {
        if (!parseTag(tags)) return false;
        continue;
      }
      if (peek() == terminator) {
        terminatorAt = here();
        advance();
        return true;
      }
      std::string message = std::string("expected a tag or '") + terminator + "' " + what +
                            ", got " + describeHere();
      if (atEnd() || isLineSpace(peek()))
        message += std::string(" ('") + terminator + "' must be on the same line)";
      return failHere(std::move(message));
    }
  }

  // Interprets a @packed tag as Karmem does: empty or "true", or "false".
  bool packedValue(const PositionedTag &t, bool &packed) {
    if (t.tag.value.empty() || t.tag.value == "true") {
      packed = true;
      return true;
    }
    if (t.tag.value == "false") {
      packed = false;
      return true;
    }
    return fail(t.at, "invalid @packed value '" + t.tag.value +
                          "': expected @packed(true), @packed(false) or @packed()");
  }

  // --- header -------------------------------------------------------------

  bool parseHeader() {
    if (text_.substr(pos_, 6) != "karmem")
      return failHere("expected the header 'karmem <name> [@tag(value)...];' at the start of "
                      "the file");
    advance(6);
    if (!isBlank(peek()))
      return failHere("expected a space after 'karmem', got " + describeHere());
    skipBlanks();
    const Position nameAt = here();
    const std::string_view name = readWord();
    if (name.empty())
      return fail(nameAt, "expected the schema name after 'karmem', got " + describeHere());
    if (!isValidKmSchemaName(name))
      return fail(nameAt, "invalid schema name '" + std::string(name) +
                              "': it may contain only letters");
    schema_.name = std::string(name);
    if (!isBlank(peek()) && peek() != ';')
      return failHere("expected ';' or a tag after the schema name, got " + describeHere());

    std::vector<PositionedTag> tags;
    for (;;) {
      skipWhitespace();
      if (peek() == '@') {
        if (!parseTag(tags)) return false;
      } else if (peek() == ';') {
        advance();
        break;
      } else {
        return failHere("expected a tag or ';' to end the header, got " + describeHere());
      }
    }

    schema_.packed = false; // Karmem's legacy default
    bool sawPacked = false;
    for (const PositionedTag &t : tags) {
      if (t.tag.name == "packed") {
        if (sawPacked) return fail(t.at, "duplicate @packed tag in the header");
        sawPacked = true;
        if (!packedValue(t, schema_.packed)) return false;
      } else {
        schema_.headerTags.push_back(t.tag);
      }
    }
    return true;
  }

  // --- names --------------------------------------------------------------

  struct Declared {
    DeclRef ref;
    Position at;
  };

  bool checkIdentifier(std::string_view name, Position at, const char *what) {
    if (name.empty()) return fail(at, std::string("expected ") + what + ", got " + describeHere());
    if (isValidKmIdentifier(name)) return true;
    if (!isAsciiUpper(name.front()))
      return fail(at, std::string("invalid ") + what + " '" + std::string(name) +
                          "': it must start with an upper-case letter");
    return fail(at, std::string("invalid ") + what + " '" + std::string(name) +
                        "': it may contain only letters and digits");
  }

  // Names resolve to their first declaration; validateSchema reports a
  // second one.
  void declare(const std::string &name, DeclRef ref, Position at) {
    declared_.try_emplace(name, Declared{ref, at});
  }

  // A declaration head's keyword must be followed by a space (Karmem's
  // parser does not take a tab there).
  bool expectKeywordSpace(const char *keyword) {
    advance(std::string_view(keyword).size());
    if (peek() == ' ') return true;
    return failHere(std::string("expected a space after '") + keyword + "', got " +
                    describeHere());
  }

  // --- enums --------------------------------------------------------------

  bool parseEnum() {
    if (!expectKeywordSpace("enum")) return false;
    skipBlanks();
    Enum e;
    e.origin = originOf(here());
    const Position nameAt = here();
    e.name = std::string(readWord());
    if (e.name.empty())
      return fail(nameAt, "expected the enum name after 'enum', got " + describeHere());
    if (!isValidKmEnumName(e.name))
      return fail(nameAt, "invalid enum name '" + e.name +
                              (isAsciiUpper(e.name.front())
                                   ? "': enum names may contain only letters"
                                   : "': it must start with an upper-case letter"));
    if (!isBlank(peek()))
      return failHere("expected a space and the underlying type after the enum name '" + e.name +
                      "', got " + describeHere());
    skipBlanks();

    if (peek() == '@')
      return failHere("tags come after the underlying type: expected 'enum " + e.name +
                      " <type> [@tag(...)] {', got a tag before the type");
    const Position typeAt = here();
    const std::string type(readWord());
    if (type.empty())
      return failHere("expected the underlying type of enum '" + e.name + "', got " +
                      describeHere());
    const std::optional<Primitive> underlying = primitiveFromKm(type);
    if (!underlying || !isEnumUnderlying(*underlying))
      return fail(typeAt, "invalid underlying type '" + type + "' for enum '" + e.name +
                              "': expected uint8, uint16, uint32, uint64, int8, int16, int32 "
                              "or int64");
    e.underlying = *underlying;

    std::vector<PositionedTag> tags;
    Position braceAt;
    if (!parseTagsUntil('{', tags, braceAt, "after the type of enum '" + e.name + "'"))
      return false;
    for (PositionedTag &t : tags) e.tags.push_back(std::move(t.tag));

    Position closeAt;
    if (!parseEnumMembers(e, closeAt)) return false;
    e.endOrigin = originOf(closeAt);

    // Karmem's parser compares the last member's name with the names of the
    // types declared before the enum, and rejects the schema on a match.
    const auto clash = e.members.empty() ? declared_.end() : declared_.find(e.members.back().name);
    if (clash != declared_.end()) {
      const EnumMember &last = e.members.back();
      return fail({last.origin.line, last.origin.column},
                  "the last member of enum '" + e.name + "' is named like the type '" +
                      last.name + "' declared at line " + std::to_string(clash->second.at.line) +
                      "; Karmem's parser rejects this, rename or reorder the members");
    }

    declare(e.name, DeclRef{DeclRef::Kind::Enum, schema_.enums.size()}, nameAt);
    schema_.order.push_back({DeclRef::Kind::Enum, schema_.enums.size()});
    schema_.enums.push_back(std::move(e));
    return true;
  }

  bool parseEnumMembers(Enum &e, Position &closeAt) {
    for (;;) {
      skipWhitespace();
      if (peek() == '}') {
        closeAt = here();
        advance();
        return true;
      }
      if (atEnd())
        return failHere("unexpected end of file in enum '" + e.name + "': expected a member or "
                        "'}'");
      if (!parseEnumMember(e)) return false;
    }
  }

  bool parseEnumMember(Enum &e) {
    EnumMember m;
    const Position nameAt = here();
    m.origin = originOf(nameAt);
    m.name = std::string(readWord());
    if (m.name.empty())
      return failHere("expected an enum member name or '}', got " + describeHere());
    if (!checkIdentifier(m.name, nameAt, "enum member name")) return false;
    if (peek() == '=')
      return failHere("put a space between '" + m.name + "' and '=' (Karmem's parser needs it)");
    if (!isBlank(peek()) && peek() != ';')
      return failHere("expected ';' after enum member '" + m.name + "', got " + describeHere());
    skipBlanks();

    const uint64_t position = e.members.size();
    if (peek() == '=') {
      advance();
      skipBlanks();
      const Position valueAt = here();
      if (peek() == '-')
        return failHere("enum values are written without a sign in KarmemIDL, so they cannot "
                        "be negative");
      const std::string_view digits = readDigits();
      if (digits.empty())
        return failHere("expected a decimal value after '=', got " + describeHere());
      if (digits.size() > 1 && digits.front() == '0')
        return fail(valueAt, "enum value '" + std::string(digits) +
                                 "' has a leading zero (Karmem's generators would emit it as "
                                 "an octal literal)");
      if (!parseDecimal(digits, UINT64_MAX, m.value) || !fitsUnderlying(e.underlying, m.value))
        return fail(valueAt, "value " + std::string(digits) + " of '" + m.name +
                                 "' does not fit in " + kmName(e.underlying));
      m.explicitValue = true;
      skipBlanks();
    } else {
      m.value = position;
      m.explicitValue = false;
      if (!fitsUnderlying(e.underlying, m.value))
        return fail(nameAt, "member '" + m.name + "' gets the implicit value " +
                                std::to_string(position) + " (its position), which does not "
                                "fit in " + kmName(e.underlying));
    }
    if (peek() != ';')
      return failHere("expected ';' after enum member '" + m.name + "', got " + describeHere());
    advance();
    e.members.push_back(std::move(m));
    return true;
  }

  // --- structs ------------------------------------------------------------

  bool parseStruct() {
    if (!expectKeywordSpace("struct")) return false;
    skipBlanks();
    Struct s;
    const Position nameAt = here();
    s.origin = originOf(nameAt);
    s.name = std::string(readWord());
    if (!checkIdentifier(s.name, nameAt, "struct name")) return false;
    if (!isBlank(peek()))
      return failHere("expected a space and 'inline' or 'table' after the struct name '" +
                      s.name + "', got " + describeHere());
    skipBlanks();

    if (peek() == '@')
      return failHere("expected 'inline' or 'table' after the struct name '" + s.name +
                      "', got a tag: tags come after the kind");
    const Position kindAt = here();
    const std::string_view kind = readWord();
    if (kind == "inline")
      s.kind = StructKind::Inline;
    else if (kind == "table")
      s.kind = StructKind::Table;
    else if (kind.empty())
      return failHere("expected 'inline' or 'table' after the struct name '" + s.name +
                      "', got " + describeHere());
    else
      return fail(kindAt, "expected 'inline' or 'table' after the struct name '" + s.name +
                              "', got '" + std::string(kind) + "'");

    std::vector<PositionedTag> tags;
    Position braceAt;
    if (!parseTagsUntil('{', tags, braceAt, "after 'struct " + s.name + " " +
                                                std::string(kind) + "'"))
      return false;
    if (!applyStructTags(s, tags)) return false;

    for (;;) {
      skipWhitespace();
      if (peek() == '}') {
        s.endOrigin = originOf(here());
        advance();
        break;
      }
      if (atEnd())
        return failHere("unexpected end of file in struct '" + s.name + "': expected a field "
                        "or '}'");
      if (!parseField(s)) return false;
    }

    declare(s.name, DeclRef{DeclRef::Kind::Struct, schema_.structs.size()}, nameAt);
    schema_.order.push_back({DeclRef::Kind::Struct, schema_.structs.size()});
    schema_.structs.push_back(std::move(s));
    return true;
  }

  bool applyStructTags(Struct &s, std::vector<PositionedTag> &tags) {
    for (PositionedTag &t : tags) {
      if (t.tag.name == "packed") {
        if (s.packed) return fail(t.at, "duplicate @packed tag on struct '" + s.name + "'");
        bool packed = false;
        if (!packedValue(t, packed)) return false;
        s.packed = packed;
      } else if (t.tag.name == "id") {
        if (s.id) return fail(t.at, "duplicate @id tag on struct '" + s.name + "'");
        uint64_t id = 0;
        const bool digitsOnly =
            !t.tag.value.empty() &&
            t.tag.value.find_first_not_of("0123456789") == std::string::npos;
        if (!digitsOnly || !parseDecimal(t.tag.value, UINT64_MAX, id))
          return fail(t.at, "invalid @id value '" + t.tag.value +
                                "': expected a decimal number from 0 to 18446744073709551615");
        s.id = id;
      } else {
        s.tags.push_back(std::move(t.tag));
      }
    }
    return true;
  }

  bool parseField(Struct &s) {
    Field f;
    const Position nameAt = here();
    f.origin = originOf(nameAt);
    f.name = std::string(readWord());
    if (f.name.empty())
      return failHere("expected a field name or '}', got " + describeHere());
    if (!checkIdentifier(f.name, nameAt, "field name")) return false;
    if (!isBlank(peek()))
      return failHere("expected a space and a type after the field name '" + f.name + "', got " +
                      describeHere());
    skipBlanks();

    Position elementAt;
    std::string elementName;
    if (!parseFieldShape(f, elementAt, elementName)) return false;

    std::vector<PositionedTag> tags;
    Position semicolonAt;
    if (!parseTagsUntil(';', tags, semicolonAt, "after the type of field '" + f.name + "'"))
      return false;
    for (PositionedTag &t : tags) f.tags.push_back(std::move(t.tag));

    f.typeOrigin = originOf(elementAt);
    f.endOrigin = originOf(semicolonAt); // where Karmem's parser reports type errors
    if (const std::optional<Primitive> p = primitiveFromKm(elementName)) {
      f.type.element.kind = TypeRef::Kind::Primitive;
      f.type.element.primitive = *p;
    } else {
      // Resolved once the whole file is read, so that a later declaration is
      // reported as such (by validateSchema) and not as an unknown name.
      unresolved_.push_back({schema_.structs.size(), s.fields.size(), elementName, elementAt});
    }
    s.fields.push_back(std::move(f));
    return true;
  }

  // Reads `T`, `[N]T`, `[]T` or `[<N]T` (no spaces inside).
  bool parseFieldShape(Field &f, Position &elementAt, std::string &elementName) {
    FieldType &type = f.type;
    type.shape = Shape::Single;
    if (peek() == '[') {
      advance();
      if (peek() == ']') {
        type.shape = Shape::Slice;
      } else {
        type.shape = Shape::Array;
        if (peek() == '<') {
          type.shape = Shape::LimitedSlice;
          advance();
        }
        const Position lengthAt = here();
        const std::string_view digits = readDigits();
        if (digits.empty())
          return failHere("expected the length (decimal digits) in the type of field '" +
                          f.name + "', got " + describeHere() +
                          " (a field type is written without spaces: []T, [N]T or [<N]T)");
        uint64_t length = 0;
        if (!parseDecimal(digits, UINT32_MAX, length))
          return fail(lengthAt, "length " + std::string(digits) + " of field '" + f.name +
                                    "' does not fit in 32 bits");
        type.length = static_cast<uint32_t>(length);
      }
      if (peek() != ']')
        return failHere("expected ']' in the type of field '" + f.name + "', got " +
                        describeHere() + " (a field type is written without spaces)");
      advance();
      if (peek() == '[')
        return failHere("arrays of arrays and slices of slices are not allowed (field '" +
                        f.name + "'): wrap the inner one in an inline struct");
    }
    elementAt = here();
    elementName = std::string(readWord());
    if (elementName.empty())
      return failHere("expected a type name for field '" + f.name + "', got " + describeHere());
    return true;
  }

  // Points every field that names an enum or a struct at its declaration.
  bool resolveTypeNames() {
    for (const Unresolved &u : unresolved_) {
      const auto it = declared_.find(u.name);
      if (it == declared_.end()) return fail(u.at, "unknown type '" + u.name + "'");
      TypeRef &out = schema_.structs[u.structIndex].fields[u.fieldIndex].type.element;
      out.kind = it->second.ref.kind == DeclRef::Kind::Enum ? TypeRef::Kind::Enum
                                                            : TypeRef::Kind::Struct;
      out.index = it->second.ref.index;
    }
    return true;
  }

  // The schema rules shared with the plugin (validate.h); the first error
  // becomes the reader's error.
  bool validate() {
    struct FirstError : DiagnosticSink {
      KmError &error;
      bool reported = false;
      explicit FirstError(KmError &e) : error(e) {}
      void report(const SchemaDiagnostic &d) override {
        if (reported || d.severity != SchemaDiagnostic::Severity::Error) return;
        reported = true;
        error = {d.at.line, d.at.column, d.message};
      }
    } sink(error_);
    return validateSchema(schema_, sink);
  }

  static Origin originOf(Position p) {
    Origin o;
    o.line = p.line;
    o.column = p.column;
    return o;
  }

  std::string_view text_;
  Schema &schema_;
  KmError &error_;
  size_t pos_ = 0;
  Position cursor_;
  struct Unresolved {
    size_t structIndex, fieldIndex;
    std::string name;
    Position at;
  };
  std::map<std::string, Declared> declared_; // each type name's first declaration
  std::vector<Unresolved> unresolved_;
};

} // namespace

bool parseKm(std::string_view text, Schema &out, KmError &error) {
  return KmParser(text, out, error).parse();
}

} // namespace karmem::idl
