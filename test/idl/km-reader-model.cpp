// What parseKm puts in the Schema: declaration order, origins (line/column of
// each name), implicit vs explicit enum values, @packed/@id moved into the
// model and other tags kept verbatim, and the header default mode.
// RUN: %native-cxx -I%srcroot/idl/include %s %srcroot/idl/src/km_reader.cpp %srcroot/idl/src/validate.cpp %srcroot/idl/src/names.cpp %srcroot/idl/src/primitive.cpp -o %t
// RUN: %t | FileCheck %s
// CHECK: reader model: 0 failures
#include "karmem/idl/km.h"

#include <cstdio>
#include <string>

using namespace karmem::idl;

static int failures = 0;

#define EXPECT(cond)                                                                          \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::printf("line %d: expected %s\n", __LINE__, #cond);                                 \
      ++failures;                                                                             \
    }                                                                                         \
  } while (0)

static const char *kText = "karmem demo @golang.package(`km`) @key(`a b`);\n"
                           "\n"
                           "enum Color uint8 @doc(x) {\n"
                           "    Red;\n"
                           "    Blue = 7; Green;\n"
                           "}\n"
                           "struct Leaf table @id(99) @packed() @note(`n 1`) {\n"
                           "\tId uint32;\n"
                           "}\n"
                           "enum Late int16 { Zero; }\n"
                           "struct Holder inline @packed(false) {\n"
                           "    C    Color;\n"
                           "    L    Leaf @f(1);\n"
                           "    Arr  [3]Color2;\n"
                           "}\n";

int main() {
  Schema s;
  KmError e;
  // Color2 is unknown: the error names it at line 14, column 13.
  EXPECT(!parseKm(kText, s, e));
  EXPECT(e.line == 14 && e.column == 13);
  EXPECT(e.message == "unknown type 'Color2'");

  std::string text = kText;
  text.replace(text.find("[3]Color2"), 9, "[3]uint16");
  EXPECT(parseKm(text, s, e));

  EXPECT(s.name == "demo");
  EXPECT(!s.packed); // no @packed in the header: Karmem's unpacked default
  EXPECT(s.headerTags.size() == 2);
  EXPECT(s.headerTags[0].name == "golang.package" && s.headerTags[0].value == "km");
  EXPECT(s.headerTags[1].name == "key" && s.headerTags[1].value == "a b");

  EXPECT(s.order.size() == 4);
  EXPECT(s.order[0].kind == DeclRef::Kind::Enum && s.order[0].index == 0);
  EXPECT(s.order[1].kind == DeclRef::Kind::Struct && s.order[1].index == 0);
  EXPECT(s.order[2].kind == DeclRef::Kind::Enum && s.order[2].index == 1);
  EXPECT(s.order[3].kind == DeclRef::Kind::Struct && s.order[3].index == 1);

  const Enum &color = s.enums[0];
  EXPECT(color.name == "Color" && color.underlying == Primitive::Uint8);
  EXPECT(color.origin.line == 3 && color.origin.column == 6);
  EXPECT(color.tags.size() == 1 && color.tags[0].name == "doc" && color.tags[0].value == "x");
  EXPECT(color.members.size() == 3);
  EXPECT(color.members[0].value == 0 && !color.members[0].explicitValue);
  EXPECT(color.members[1].value == 7 && color.members[1].explicitValue);
  EXPECT(color.members[2].name == "Green" && color.members[2].value == 2);
  EXPECT(color.members[2].origin.line == 5 && color.members[2].origin.column == 15);
  EXPECT(s.enums[1].underlying == Primitive::Int16);

  const Struct &leaf = s.structs[0];
  EXPECT(leaf.kind == StructKind::Table);
  EXPECT(leaf.id && *leaf.id == 99);
  EXPECT(leaf.packed && *leaf.packed);
  EXPECT(leaf.tags.size() == 1 && leaf.tags[0].name == "note" && leaf.tags[0].value == "n 1");
  EXPECT(leaf.origin.line == 7 && leaf.origin.column == 8);
  EXPECT(leaf.fields[0].origin.line == 8 && leaf.fields[0].origin.column == 2); // after a tab
  EXPECT(s.isPacked(leaf));

  const Struct &holder = s.structs[1];
  EXPECT(holder.kind == StructKind::Inline);
  EXPECT(holder.packed && !*holder.packed && !s.isPacked(holder));
  EXPECT(!holder.id);
  EXPECT(holder.fields.size() == 3);
  EXPECT(holder.fields[0].type.element.kind == TypeRef::Kind::Enum);
  EXPECT(holder.fields[0].type.element.index == 0);
  EXPECT(holder.fields[1].type.element.kind == TypeRef::Kind::Struct);
  EXPECT(holder.fields[1].type.element.index == 0);
  EXPECT(holder.fields[1].tags.size() == 1 && holder.fields[1].tags[0].value == "1");
  EXPECT(holder.fields[2].type.shape == Shape::Array && holder.fields[2].type.length == 3);
  EXPECT(holder.fields[2].type.element.kind == TypeRef::Kind::Primitive);
  EXPECT(holder.fields[2].type.element.primitive == Primitive::Uint16);

  std::printf("reader model: %d failures\n", failures);
  return failures != 0;
}
