// Struct and field declarations the schema builder refuses, each an error at
// the declaration (diag-field-types.cpp has the field types): annotations on
// two declarations of one struct that disagree, a struct that contains
// itself, a flexible array member, a table used in sequences from packed and
// unpacked structs (its one generated wrapper cannot be both), an incomplete
// element type, names whose KarmemIDL form is not valid, an unnamed struct,
// and a length past 32 bits. Nothing is written.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>
#include <array>
#include <vector>

struct [[karmem::struct(inline)]] Twice; // expected-note {{earlier 'karmem::struct' is here}}
struct [[karmem::struct(table)]] Twice { int32_t a; }; // expected-error {{'karmem::struct(table, packed)' on 'Twice' conflicts with 'karmem::struct(inline, packed)' given earlier}}
struct [[karmem::struct(table)]] Same;
struct [[karmem::struct(table)]] Same { int32_t a; };

struct [[karmem::struct(table)]] Node {
  int32_t id;
  std::vector<Node> children; // expected-error {{field 'children' makes 'Node' depend on itself; KarmemIDL types may refer only to types declared before them}}
};

struct [[karmem::struct]] Flex {
  int32_t n;
  int32_t data[]; // expected-error {{flexible array member 'data' has no Karmem equivalent; use std::vector<T> or karmem::limited<T, N>}}
};

struct [[karmem::struct(table)]] Item { int32_t w; };
struct [[karmem::struct]] PackedUser { std::vector<Item> items; };
struct [[karmem::struct(unpacked)]] UnpackedUser {
  std::vector<Item> items; // expected-error {{field 'items' needs the generated wrapper 'ItemItem' in an unpacked struct, but 'ItemItem' is already generated for packed structs; KarmemIDL cannot declare it twice}}
};

struct Fwd;
struct [[karmem::struct]] UsesFwd {
  std::vector<Fwd> v; // expected-error {{field 'v' uses the incomplete type 'Fwd'}}
};

struct [[karmem::struct]] _1x { int32_t a; }; // expected-error {{'_1x' maps to the KarmemIDL struct name '1x', which is not valid (an upper-case ASCII letter, then ASCII letters and digits)}}
struct [[karmem::struct]] BadField {
  int32_t _1; // expected-error {{field '_1' maps to the KarmemIDL field name '1', which is not valid}}
};

struct [[karmem::struct]] { int32_t a; } anonymous; // expected-error {{an unnamed struct cannot be a 'karmem::struct': KarmemIDL structs are named after the C++ type}}

struct [[karmem::struct]] Huge {
  std::array<uint8_t, 0x100000001> bytes; // expected-error {{field 'bytes' has type 'std::array<uint8_t, 4294967297L>' (aka 'array<unsigned char, 4294967297L>'), whose length does not fit KarmemIDL's 32-bit lengths}}
};
