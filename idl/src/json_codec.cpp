// Implements json_codec.h. One reader serves decode (lenient: what does not
// fit reads as zero, spec §7) and verify (strict: what does not fit is the
// error), so the reading rules are written once; the encoder follows the
// allocation order of spec §6.
// Tests: test/idl/karmem-encode-decode.test, test/idl/karmem-verify.test.
#include "karmem/idl/json_codec.h"

#include "karmem/idl/json_scalars.h"

#include <cstring>

namespace karmem::idl {

namespace {

bool isCharSequence(const FieldType &t) {
  return t.shape != Shape::Single && t.element.kind == TypeRef::Kind::Primitive &&
         t.element.primitive == Primitive::Char;
}

// Calls f with a value of the C++ type of a primitive.
template <class F> auto withPrimitive(Primitive p, F &&f) {
  switch (p) {
  case Primitive::Uint8: case Primitive::Byte: case Primitive::Char: return f(uint8_t{});
  case Primitive::Uint16: return f(uint16_t{});
  case Primitive::Uint32: return f(uint32_t{});
  case Primitive::Uint64: return f(uint64_t{});
  case Primitive::Int8: return f(int8_t{});
  case Primitive::Int16: return f(int16_t{});
  case Primitive::Int32: return f(int32_t{});
  case Primitive::Int64: return f(int64_t{});
  case Primitive::Float32: return f(float{});
  case Primitive::Float64: return f(double{});
  case Primitive::Bool: return f(bool{});
  }
  return f(uint8_t{});
}

Primitive scalarOf(const Schema &schema, const TypeRef &e) {
  return e.kind == TypeRef::Kind::Enum ? schema.enums[e.index].underlying : e.primitive;
}

// --- encode ----------------------------------------------------------------

class Encoder {
public:
  Encoder(const Schema &schema, const SchemaLayout &layout, std::vector<uint8_t> &out,
          std::string &error)
      : schema_(schema), layout_(layout), buf_(out), error_(error) {}

  bool root(size_t s, const json::value &v) {
    buf_.clear();
    const uint64_t at = reserve(layout_.structs[s].total);
    return putStruct(s, v, at, "");
  }

private:
  uint64_t reserve(uint64_t n) {
    const uint64_t at = buf_.size();
    buf_.resize(buf_.size() + n, 0);
    return at;
  }
  void putU32(uint64_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i)
      buf_[at + i] = uint8_t(v >> (8 * i));
  }
  bool fail(const std::string &path, const std::string &why) {
    error_ = (path.empty() ? std::string("(root)") : path) + ": " + why;
    return false;
  }

  bool putScalar(Primitive p, const json::value &v, uint64_t at, const std::string &path) {
    if (p == Primitive::Bool) {
      if (!v.is(json::value::kind::boolean))
        return fail(path, std::string("expected true or false, found ") + json::kind_name(v.type));
      buf_[at] = v.boolean ? 1 : 0;
      return true;
    }
    if (!v.is(json::value::kind::number))
      return fail(path, std::string("expected a number, found ") + json::kind_name(v.type));
    return withPrimitive(p, [&](auto zero) {
      auto x = zero;
      const std::string why = json::scalar::parse(v.text, x);
      if (!why.empty())
        return fail(path, why);
      std::memcpy(&buf_[at], &x, sizeof x); // wasm32 and the hosts we build for are little-endian
      return true;
    });
  }

  bool putElement(const TypeRef &e, const json::value &v, uint64_t at, const std::string &path) {
    if (e.kind == TypeRef::Kind::Struct)
      return putStruct(e.index, v, at, path);
    return putScalar(scalarOf(schema_, e), v, at, path);
  }

  bool putStruct(size_t s, const json::value &v, uint64_t at, const std::string &path) {
    const Struct &st = schema_.structs[s];
    const StructLayout &sl = layout_.structs[s];
    if (!v.is(json::value::kind::object))
      return fail(path, "expected an object for '" + st.name + "', found " +
                            json::kind_name(v.type));
    for (size_t k = 0; k < v.keys.size(); ++k) {
      bool known = false;
      for (const Field &f : st.fields)
        known = known || f.name == v.keys[k];
      if (!known)
        return fail(path, "'" + st.name + "' has no field '" + v.keys[k] + "'");
    }
    if (st.kind == StructKind::Table)
      putU32(at, sl.content);
    for (size_t i = 0; i < st.fields.size(); ++i) {
      const Field &f = st.fields[i];
      const json::value *fv = v.find(f.name);
      const std::string fpath = path.empty() ? f.name : path + "." + f.name;
      if (!fv || fv->is(json::value::kind::null)) {
        if (!putZeroField(s, i, at, fpath))
          return false;
        continue;
      }
      if (!putField(sl.packed, f, sl.fields[i], *fv, at + sl.fields[i].offset, fpath))
        return false;
    }
    return true;
  }

  // A field the JSON leaves out: zero bytes in the slot, but tables and
  // slices still get their (empty) blocks, as a writer given a zero value
  // does. So it is written as the JSON of its zero value.
  bool putZeroField(size_t s, size_t i, uint64_t at, const std::string &path) {
    const Field &f = schema_.structs[s].fields[i];
    const bool structs = f.type.element.kind == TypeRef::Kind::Struct;
    json::value zero;
    switch (f.type.shape) {
    case Shape::Single:
      if (!structs)
        return true; // already zero
      zero.type = json::value::kind::object;
      break;
    case Shape::Array:
      if (!structs)
        return true;
      zero.type = json::value::kind::array;
      zero.items.resize(f.type.length);
      for (json::value &e : zero.items)
        e.type = json::value::kind::object;
      break;
    case Shape::Slice:
    case Shape::LimitedSlice:
      zero.type = isCharSequence(f.type) ? json::value::kind::string : json::value::kind::array;
      break;
    }
    const StructLayout &sl = layout_.structs[s];
    return putField(sl.packed, f, sl.fields[i], zero, at + sl.fields[i].offset, path);
  }

  bool putField(bool packed, const Field &f, const FieldLayout &fl, const json::value &v,
                uint64_t slot, const std::string &path) {
    const TypeRef &e = f.type.element;
    switch (f.type.shape) {
    case Shape::Single:
      if (schema_.isTable(e)) {
        const uint64_t b = reserve(layout_.structs[e.index].total);
        putU32(slot, uint32_t(b));
        return putStruct(e.index, v, b, path);
      }
      return putElement(e, v, slot, path);
    case Shape::Array: {
      if (!v.is(json::value::kind::array))
        return fail(path, std::string("expected an array, found ") + json::kind_name(v.type));
      if (v.items.size() != f.type.length)
        return fail(path, "expected " + std::to_string(f.type.length) + " elements, found " +
                              std::to_string(v.items.size()));
      for (size_t i = 0; i < v.items.size(); ++i)
        if (!putElement(e, v.items[i], slot + i * fl.stride, path + "[" + std::to_string(i) + "]"))
          return false;
      return true;
    }
    case Shape::Slice:
    case Shape::LimitedSlice:
      return putSlice(packed, f, fl, v, slot, path);
    }
    return true;
  }

  bool putSlice(bool packed, const Field &f, const FieldLayout &fl, const json::value &v,
                uint64_t slot, const std::string &path) {
    const bool limited = f.type.shape == Shape::LimitedSlice;
    uint64_t count = 0;
    if (isCharSequence(f.type)) {
      if (!v.is(json::value::kind::string))
        return fail(path, std::string("expected a string, found ") + json::kind_name(v.type));
      count = v.text.size();
    } else {
      if (!v.is(json::value::kind::array))
        return fail(path, std::string("expected an array, found ") + json::kind_name(v.type));
      count = v.items.size();
    }
    if (limited && count > f.type.length)
      return fail(path, std::to_string(count) + " elements are too many for [<" +
                            std::to_string(f.type.length) + "]");
    const uint64_t bytes = count * fl.stride;
    if (bytes > UINT32_MAX || buf_.size() + bytes > UINT32_MAX)
      return fail(path, "the message would be larger than 4 GiB");
    const uint64_t b = reserve(bytes);
    putU32(slot, uint32_t(b));
    putU32(slot + 4, uint32_t(bytes));
    if (!packed)
      putU32(slot + 8, fl.stride);
    if (isCharSequence(f.type)) {
      std::memcpy(buf_.data() + b, v.text.data(), v.text.size());
      return true;
    }
    for (size_t i = 0; i < v.items.size(); ++i)
      if (!putElement(f.type.element, v.items[i], b + i * fl.stride,
                      path + "[" + std::to_string(i) + "]"))
        return false;
    return true;
  }

  const Schema &schema_;
  const SchemaLayout &layout_;
  std::vector<uint8_t> &buf_;
  std::string &error_;
};

// --- read (decode and verify) -------------------------------------------

// Where a struct's bytes are, or that it reads as zero.
struct Place {
  bool present = false;
  uint64_t at = 0;
  uint64_t recorded = UINT64_MAX; // a table's size word: fields past it are absent
};

class Reader {
public:
  Reader(const Schema &schema, const SchemaLayout &layout, std::span<const uint8_t> bytes,
         bool strict, std::string *json)
      : schema_(schema), layout_(layout), bytes_(bytes), strict_(strict), out_(json),
        budget_(traversal_limit(bytes.size())) {}

  bool root(size_t s, std::string &error) {
    const bool ok = readStruct(s, locateRoot(s, ""), "", 0);
    if (out_)
      *out_ += "\n";
    error = error_;
    return ok && error_.empty();
  }

private:
  bool fits(uint64_t at, uint64_t size) const { return at + size <= bytes_.size(); }
  uint32_t u32(uint64_t at) const {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= uint32_t(bytes_[at + i]) << (8 * i);
    return v;
  }

  // In strict mode the first fault stops the walk; lenient readers go on
  // with a zero value.
  bool fault(const std::string &path, const std::string &why) {
    if (error_.empty())
      error_ = (path.empty() ? std::string("(root)") : path) + ": " + why;
    return false;
  }
  bool spend(uint64_t bytes, const std::string &path) {
    if (bytes <= budget_) {
      budget_ -= bytes;
      return true;
    }
    exhausted_ = true;
    fault(path, "traversal limit exceeded: the message refers to its bytes more than " +
                    std::to_string(traversal_factor) + " times over");
    return false;
  }
  bool stop() const { return exhausted_ || (strict_ && !error_.empty()); }

  Place locateRoot(size_t s, const std::string &path) {
    const StructLayout &sl = layout_.structs[s];
    if (schema_.structs[s].kind == StructKind::Table)
      return locateTable(s, 0, path);
    if (!fits(0, sl.content)) {
      if (strict_)
        fault(path, "the inline root needs " + std::to_string(sl.content) + " bytes, the message has " +
                        std::to_string(bytes_.size()));
      return {};
    }
    return {true, 0};
  }

  Place locateTable(size_t s, uint64_t at, const std::string &path) {
    const StructLayout &sl = layout_.structs[s];
    if (!fits(at, sl.minimum)) {
      if (strict_)
        fault(path, "table at offset " + std::to_string(at) + " past the end (" +
                        std::to_string(bytes_.size()) + " bytes)");
      return {};
    }
    const uint32_t size = u32(at);
    if (!fits(at, size)) {
      if (strict_)
        fault(path, "size " + std::to_string(size) + " past the end at offset " + std::to_string(at));
      return {};
    }
    if (strict_ && size < 4)
      fault(path, "size word " + std::to_string(size) + " at offset " + std::to_string(at) +
                      " does not cover itself");
    if (!spend(size, path))
      return {};
    return {true, at, size};
  }

  // --- JSON output ---
  void emit(const std::string &s) {
    if (out_)
      *out_ += s;
  }
  void newline(int depth) {
    if (out_)
      *out_ += "\n" + std::string(size_t(depth) * 2, ' ');
  }
  void emitString(const uint8_t *p, uint64_t n) {
    if (!out_)
      return;
    *out_ += '"';
    static const char hex[] = "0123456789abcdef";
    for (uint64_t i = 0; i < n; ++i) {
      const uint8_t c = p[i];
      if (c == '"' || c == '\\') {
        *out_ += '\\';
        *out_ += char(c);
      } else if (c < 0x20 || c == 0x7f) {
        *out_ += "\\u00";
        *out_ += hex[c >> 4];
        *out_ += hex[c & 15];
      } else {
        *out_ += char(c); // bytes >= 0x80 as they are (see json_codec.h)
      }
    }
    *out_ += '"';
  }

  bool readScalar(Primitive p, bool present, uint64_t at, const std::string &path) {
    return withPrimitive(p, [&](auto zero) {
      auto x = zero;
      if (present) {
        if (p == Primitive::Bool) {
          const uint8_t byte = bytes_[at];
          if (strict_ && byte > 1)
            return fault(path, "bool byte " + std::to_string(byte) + " at offset " +
                                   std::to_string(at) + " is neither 0 nor 1");
          x = byte != 0;
        } else {
          std::memcpy(&x, &bytes_[at], sizeof x);
        }
      }
      emit(json::scalar::format(x));
      return true;
    });
  }

  bool readElement(const TypeRef &e, Place parent, uint64_t at, const std::string &path,
                   int depth) {
    if (e.kind == TypeRef::Kind::Struct)
      return readStruct(e.index, Place{parent.present, at}, path, depth);
    return readScalar(scalarOf(schema_, e), parent.present, at, path);
  }

  bool readStruct(size_t s, Place place, const std::string &path, int depth) {
    const Struct &st = schema_.structs[s];
    const StructLayout &sl = layout_.structs[s];
    emit("{");
    for (size_t i = 0; i < st.fields.size(); ++i) {
      if (stop())
        return false;
      const Field &f = st.fields[i];
      const FieldLayout &fl = sl.fields[i];
      emit(i ? "," : "");
      newline(depth + 1);
      emit("\"" + f.name + "\": ");
      // A table's field is there only when its whole slot is inside the
      // recorded size (spec §7.2); inline fields always are.
      Place field = place;
      field.present = place.present && fl.offset + uint64_t(fl.slot) <= place.recorded;
      field.at = place.at + fl.offset;
      field.recorded = UINT64_MAX;
      const std::string fpath = path.empty() ? f.name : path + "." + f.name;
      readField(f, fl, field, fpath, depth + 1);
    }
    newline(depth);
    emit("}");
    return !stop();
  }

  void readField(const Field &f, const FieldLayout &fl, Place slot, const std::string &path,
                 int depth) {
    const TypeRef &e = f.type.element;
    switch (f.type.shape) {
    case Shape::Single:
      if (schema_.isTable(e)) {
        const Place table = slot.present ? locateTable(e.index, u32(slot.at), path) : Place{};
        readStruct(e.index, table, path, depth);
        return;
      }
      readElement(e, slot, slot.at, path, depth);
      return;
    case Shape::Array:
      emit("[");
      for (uint32_t i = 0; i < f.type.length && !stop(); ++i) {
        emit(i ? ", " : "");
        readElement(e, slot, slot.at + uint64_t(i) * fl.stride,
                    path + "[" + std::to_string(i) + "]", depth);
      }
      emit("]");
      return;
    case Shape::Slice:
    case Shape::LimitedSlice:
      readSlice(f, fl, slot, path, depth);
      return;
    }
  }

  void readSlice(const Field &f, const FieldLayout &fl, Place slot, const std::string &path,
                 int depth) {
    uint64_t off = 0, count = 0;
    if (slot.present) {
      off = u32(slot.at);
      const uint64_t len = u32(slot.at + 4);
      if (!fits(off, len)) {
        if (strict_)
          fault(path, "size " + std::to_string(len) + " past the end at offset " + std::to_string(off));
      } else if (spend(len, path)) {
        count = fl.stride ? len / fl.stride : 0;
        if (strict_ && fl.stride && len % fl.stride)
          fault(path, "byte length " + std::to_string(len) + " at offset " + std::to_string(slot.at) +
                          " is not a whole number of " + std::to_string(fl.stride) + "-byte elements");
        if (f.type.shape == Shape::LimitedSlice && count > f.type.length) {
          if (strict_)
            fault(path, std::to_string(count) + " elements, more than its limit of " +
                            std::to_string(f.type.length));
          count = f.type.length; // readers clamp (spec §7.4)
        }
      }
    }
    if (stop())
      return;
    if (isCharSequence(f.type)) {
      emitString(bytes_.data() + off, count);
      return;
    }
    emit("[");
    const bool structs = f.type.element.kind == TypeRef::Kind::Struct;
    for (uint64_t i = 0; i < count && !stop(); ++i) {
      emit(i ? "," : "");
      if (structs)
        newline(depth + 1);
      else if (i)
        emit(" ");
      readElement(f.type.element, Place{true, 0}, off + i * fl.stride,
                  path + "[" + std::to_string(i) + "]", depth + 1);
    }
    if (structs && count)
      newline(depth);
    emit("]");
  }

  const Schema &schema_;
  const SchemaLayout &layout_;
  std::span<const uint8_t> bytes_;
  bool strict_;
  std::string *out_;
  uint64_t budget_;
  bool exhausted_ = false;
  std::string error_;
};

} // namespace

bool encodeJson(const Schema &schema, const SchemaLayout &layout, size_t root,
                const json::value &value, std::vector<uint8_t> &out, std::string &error) {
  return Encoder(schema, layout, out, error).root(root, value);
}

bool decodeJson(const Schema &schema, const SchemaLayout &layout, size_t root,
                std::span<const uint8_t> bytes, std::string &out, std::string &error) {
  out.clear();
  return Reader(schema, layout, bytes, /*strict=*/false, &out).root(root, error);
}

bool verifyMessage(const Schema &schema, const SchemaLayout &layout, size_t root,
                   std::span<const uint8_t> bytes, std::string &error) {
  return Reader(schema, layout, bytes, /*strict=*/true, nullptr).root(root, error);
}

} // namespace karmem::idl
