// writeKm on a Schema built in code (as the plugin builds it): enum values are
// written where they differ from the position even if not marked explicit,
// tag values are quoted only when needed, @packed/@id come from the model
// fields, and the text parses back to the same model. kmTypeName spells every
// shape.
// RUN: %native-cxx -I%srcroot/idl/include %s %srcroot/idl/src/km_writer.cpp %srcroot/idl/src/km_reader.cpp %srcroot/idl/src/validate.cpp %srcroot/idl/src/names.cpp %srcroot/idl/src/primitive.cpp -o %t
// RUN: %t | FileCheck --match-full-lines --strict-whitespace %s
#include "karmem/idl/km.h"

#include <cstdio>
#include <string>

using namespace karmem::idl;

int main() {
  Schema s;
  s.name = "model";
  s.packed = true;
  s.headerTags = {{"c.import", "../c/karmem.h"}, {"empty", ""}};

  Enum team;
  team.name = "Team";
  team.underlying = Primitive::Int16;
  team.members = {{"Humans", 0, false, {}}, {"Orcs", 1, false, {}},
                  {"Aliens", 9, false, {}}, {"Max", 0x7fff, true, {}}};
  s.enums.push_back(team);
  s.order.push_back({DeclRef::Kind::Enum, 0});

  Struct vec;
  vec.name = "Vec";
  vec.kind = StructKind::Inline;
  vec.packed = false;
  vec.tags = {{"note", "unicode \xe2\x9c\x93"}, {"plain", "abc123"}};
  Field x;
  x.name = "X";
  x.type.element.primitive = Primitive::Float32;
  vec.fields.push_back(x);
  s.structs.push_back(vec);
  s.order.push_back({DeclRef::Kind::Struct, 0});

  Struct holder;
  holder.name = "Holder";
  holder.kind = StructKind::Table;
  holder.id = 18446744073709551615ULL;
  auto add = [&](const char *name, Shape shape, uint32_t length, TypeRef el) {
    Field f;
    f.name = name;
    f.type.shape = shape;
    f.type.length = length;
    f.type.element = el;
    holder.fields.push_back(f);
  };
  TypeRef teamRef{TypeRef::Kind::Enum, Primitive::Uint8, 0};
  TypeRef vecRef{TypeRef::Kind::Struct, Primitive::Uint8, 0};
  TypeRef charRef{TypeRef::Kind::Primitive, Primitive::Char, 0};
  add("Side", Shape::Single, 0, teamRef);
  add("Path", Shape::Slice, 0, vecRef);
  add("Corners", Shape::Array, 4, vecRef);
  add("Name", Shape::LimitedSlice, 512, charRef);
  holder.fields.back().tags = {{"json", "name,omitempty"}};
  s.structs.push_back(holder);
  s.order.push_back({DeclRef::Kind::Struct, 1});

  const std::string text = writeKm(s);
  std::fputs(text.c_str(), stdout);
  // CHECK:karmem model @packed(true) @c.import(`../c/karmem.h`) @empty();
  // CHECK-EMPTY:
  // CHECK-NEXT:enum Team int16 {
  // CHECK-NEXT:    Humans;
  // CHECK-NEXT:    Orcs;
  // CHECK-NEXT:    Aliens = 9;
  // CHECK-NEXT:    Max = 32767;
  // CHECK-NEXT:}
  // CHECK-EMPTY:
  // CHECK-NEXT:struct Vec inline @packed(false) @note(`unicode ✓`) @plain(abc123) {
  // CHECK-NEXT:    X float32;
  // CHECK-NEXT:}
  // CHECK-EMPTY:
  // CHECK-NEXT:struct Holder table @id(18446744073709551615) {
  // CHECK-NEXT:    Side    Team;
  // CHECK-NEXT:    Path    []Vec;
  // CHECK-NEXT:    Corners [4]Vec;
  // CHECK-NEXT:    Name    [<512]char @json(`name,omitempty`);
  // CHECK-NEXT:}

  Schema back;
  KmError error;
  if (!parseKm(text, back, error)) {
    std::printf("reparse failed at %u:%u: %s\n", error.line, error.column, error.message.c_str());
    return 1;
  }
  const bool same = writeKm(back) == text && back.enums[0].members[2].value == 9 &&
                    back.structs[1].id == s.structs[1].id && back.structs[0].packed == false &&
                    back.packed && back.structs[1].fields[3].type.length == 512;
  std::printf("reparse: %s\n", same ? "same model" : "DIFFERENT");
  // CHECK-NEXT:reparse: same model
  return same ? 0 : 1;
}
