// validateSchema on models built directly (no reader, no plugin): each rule
// fires once, at the origin it names, for the declaration it names (marked
// 'whole' when it is about what the declaration lacks); every
// violation is reported, not only the first; a valid schema gets nothing; and
// computeLayout checks declaration order itself instead of trusting it.
// RUN: %native-cxx -I%srcroot/idl/include %s %srcroot/idl/src/validate.cpp %srcroot/idl/src/layout.cpp %srcroot/idl/src/primitive.cpp -o %t
// RUN: %t | FileCheck %s --implicit-check-not=error: --implicit-check-not=note:
#include "karmem/idl/layout.h"
#include "karmem/idl/validate.h"

#include <cstdio>

using namespace karmem::idl;

namespace {

struct PrintingSink : DiagnosticSink {
  void report(const SchemaDiagnostic &d) override {
    std::printf("  %u:%u: %s [%s %zu%s]: %s\n", d.at.line, d.at.column,
                d.severity == SchemaDiagnostic::Severity::Error ? "error" : "note",
                d.decl.kind == DeclRef::Kind::Enum ? "enum" : "struct", d.decl.index,
                d.aboutWholeDeclaration ? " whole" : "", d.message.c_str());
  }
};

Origin at(uint32_t line, uint32_t column) {
  Origin o;
  o.line = line;
  o.column = column;
  return o;
}

Field field(const char *name, TypeRef element, uint32_t line, Shape shape = Shape::Single) {
  Field f;
  f.name = name;
  f.type.shape = shape;
  f.type.length = shape == Shape::Array ? 2 : 0;
  f.type.element = element;
  f.origin = at(line, 5);
  f.typeOrigin = at(line, 10);
  f.endOrigin = at(line, 20);
  return f;
}

TypeRef primitive(Primitive p) { return {TypeRef::Kind::Primitive, p, 0}; }
TypeRef structRef(size_t i) { return {TypeRef::Kind::Struct, Primitive::Uint8, i}; }
TypeRef enumRef(size_t i) { return {TypeRef::Kind::Enum, Primitive::Uint8, i}; }

Struct makeStruct(const char *name, StructKind kind, uint32_t line, std::vector<Field> fields) {
  Struct s;
  s.name = name;
  s.kind = kind;
  s.origin = at(line, 8);
  s.endOrigin = at(line + 9, 1);
  s.fields = std::move(fields);
  return s;
}

Enum makeEnum(const char *name, uint32_t line, std::vector<uint64_t> values) {
  Enum e;
  e.name = name;
  e.origin = at(line, 6);
  e.endOrigin = at(line + 9, 1);
  for (size_t i = 0; i < values.size(); ++i) {
    EnumMember m;
    m.name = "M" + std::to_string(i);
    m.value = values[i];
    m.origin = at(line + 1 + uint32_t(i), 5);
    e.members.push_back(m);
  }
  return e;
}

void inOrder(Schema &s) {
  s.order.clear();
  for (size_t i = 0; i < s.enums.size(); ++i)
    s.order.push_back({DeclRef::Kind::Enum, i});
  for (size_t i = 0; i < s.structs.size(); ++i)
    s.order.push_back({DeclRef::Kind::Struct, i});
}

void run(const char *title, const Schema &schema) {
  std::printf("%s\n", title);
  PrintingSink sink;
  std::printf("  valid=%d\n", validateSchema(schema, sink) ? 1 : 0);
}

} // namespace

int main() {
  {
    Schema s;
    s.enums.push_back(makeEnum("Color", 1, {0, 1}));
    s.structs.push_back(makeStruct("Point", StructKind::Inline, 20, {field("X", primitive(Primitive::Int32), 21)}));
    s.structs.push_back(makeStruct("Shape", StructKind::Table, 40,
                                   {field("Points", structRef(0), 41, Shape::Slice),
                                    field("Fill", enumRef(0), 42)}));
    inOrder(s);
    run("valid", s);
    // CHECK-LABEL: {{^}}valid
    // CHECK-NEXT: valid=1
    SchemaLayout layout;
    LayoutError error;
    std::printf("layout in order: %d\n", computeLayout(s, layout, error) ? 1 : 0);
    // CHECK-NEXT: layout in order: 1
    std::swap(s.order[1], s.order[2]); // Shape before the Point it holds
    run("order-swapped", s);
    // CHECK-LABEL: order-swapped
    // CHECK-NEXT: 41:10: error [struct 1]: type 'Point' is used before its declaration; KarmemIDL requires types to be declared before they are used
    // CHECK-NEXT: valid=0
    const bool laidOut = computeLayout(s, layout, error);
    std::printf("layout out of order: %d at struct %zu field %zu: %s\n", laidOut ? 1 : 0,
                error.structIndex, error.fieldIndex.value_or(99), error.message.c_str());
    // CHECK-NEXT: layout out of order: 0 at struct 1 field 0: struct 'Shape' holds 'Point', which is not declared before it
  }
  {
    // Every violation is reported, in declaration order.
    Schema s;
    s.enums.push_back(makeEnum("NoZero", 1, {1, 2}));
    s.enums.push_back(makeEnum("Empty", 20, {}));
    Enum twice = makeEnum("Twice", 40, {0, 1});
    twice.members[1].name = "M0";
    s.enums.push_back(twice);
    s.structs.push_back(makeStruct("Row", StructKind::Table, 60, {}));
    s.structs.push_back(makeStruct("NoZero", StructKind::Inline, 80, {field("A", primitive(Primitive::Uint8), 81),
                                                                      field("A", primitive(Primitive::Uint8), 82)}));
    s.structs.push_back(makeStruct("Node", StructKind::Table, 100, {field("Next", structRef(2), 101)}));
    s.structs.push_back(makeStruct("Holder", StructKind::Table, 120,
                                   {field("Colors", enumRef(2), 121, Shape::Array),
                                    field("Rows", structRef(0), 122, Shape::LimitedSlice)}));
    inOrder(s);
    run("all-rules", s);
    // CHECK-LABEL: all-rules
    // CHECK-NEXT: 10:1: error [enum 0 whole]: enum 'NoZero' has no member with value 0; Karmem requires one (it is the default value)
    // CHECK-NEXT: 29:1: error [enum 1 whole]: enum 'Empty' has no members
    // CHECK-NEXT: 42:5: error [enum 2]: duplicate member 'M0' in enum 'Twice'
    // CHECK-NEXT: 69:1: error [struct 0 whole]: struct 'Row' has no fields; Karmem requires at least one
    // CHECK-NEXT: 80:8: error [struct 1]: 'NoZero' is already declared at line 1
    // CHECK-NEXT: 82:5: error [struct 1]: duplicate field 'A' in struct 'NoZero'
    // CHECK-NEXT: 101:10: error [struct 2]: struct 'Node' cannot contain itself
    // CHECK-NEXT: 121:20: error [struct 3]: field 'Colors': an array or slice cannot hold the enum 'Twice'; wrap it in an inline struct first
    // CHECK-NEXT: 122:20: error [struct 3]: field 'Rows': an array or slice cannot hold the table 'Row'; wrap it in an inline struct first
    // CHECK-NEXT: valid=0
  }
  {
    // Declarations from C++ (a binding, no line) are named as the user
    // wrote them, with a note at the other one; an unset origin falls back
    // to the entity's name.
    Schema s;
    Struct a = makeStruct("Point", StructKind::Inline, 0, {field("X", primitive(Primitive::Int32), 0)});
    a.origin = Origin{0, 0, 111};
    Struct b = a;
    b.origin = Origin{0, 0, 222};
    b.fields[0].name = "IsAlive";
    b.fields[0].origin = Origin{0, 0, 333};
    b.fields.push_back(b.fields[0]);
    b.fields[1].origin = Origin{0, 0, 444};
    Struct empty = makeStruct("Empty", StructKind::Table, 0, {});
    empty.origin = Origin{0, 0, 555};
    empty.endOrigin = {};
    s.structs = {a, b, empty};
    inOrder(s);
    struct OpaqueSink : DiagnosticSink {
      void report(const SchemaDiagnostic &d) override {
        std::printf("  @%llu %s: %s\n", static_cast<unsigned long long>(d.at.opaque),
                    d.severity == SchemaDiagnostic::Severity::Error ? "error" : "note",
                    d.message.c_str());
      }
    } opaque;
    std::printf("from-cpp\n");
    CppBinding cpp;
    cpp.structs = {{"::a::Point", {"x"}}, {"::b::Point", {"is_alive", "IsAlive"}}, {"::Empty", {}}};
    validateSchema(s, opaque, &cpp);
    // CHECK-LABEL: from-cpp
    // CHECK-NEXT: @222 error: '::b::Point' and '::a::Point' both map to the KarmemIDL type name 'Point'
    // CHECK-NEXT: @111 note: '::a::Point' is declared here
    // CHECK-NEXT: @444 error: field 'IsAlive' and field 'is_alive' both map to the KarmemIDL field name 'IsAlive'
    // CHECK-NEXT: @333 note: field 'is_alive' is declared here
    // CHECK-NEXT: @555 error: struct 'Empty' has no fields; Karmem requires at least one
  }
  {
    // `order` must name each declaration once: checked first, since every
    // other rule walks it.
    Schema s;
    s.structs.push_back(makeStruct("A", StructKind::Table, 1, {field("X", primitive(Primitive::Uint8), 2)}));
    s.structs.push_back(makeStruct("B", StructKind::Table, 20, {}));
    s.order = {{DeclRef::Kind::Struct, 0}};
    run("order-missing", s);
    // CHECK-LABEL: order-missing
    // CHECK-NEXT: 20:8: error [struct 1]: internal error: struct 'B' is missing from the declaration order
    // CHECK-NEXT: valid=0
    s.order = {{DeclRef::Kind::Struct, 0}, {DeclRef::Kind::Struct, 0}};
    run("order-twice", s);
    // CHECK-LABEL: order-twice
    // CHECK-NEXT: 0:0: error [struct 0]: internal error: the schema's declaration order names a declaration twice or one that does not exist
    // CHECK-NEXT: valid=0
  }
  return 0;
}
