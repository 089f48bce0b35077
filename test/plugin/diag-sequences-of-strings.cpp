// What stays refused around sequences of strings (sequences-of-strings.cpp
// has what is accepted): of the sequences, only std::string may be an
// element (it gets the generated wrapper KarmemString), so a sequence of
// sequences of strings, of limited<char, N> or of a C array of strings is an
// error at the field that says why; const elements, a length of 0 and
// strings of another character type are the errors every sequence has; and a
// user type named KarmemString collides with the wrapper. Nothing is written.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>
#include <string>
#include <vector>

struct [[karmem::struct]] Refused {
  std::vector<std::vector<std::string>> shelves; // expected-error {{field 'shelves' has type 'std::vector<std::vector<std::string>>' (aka 'vector<vector<basic_string<char>>>'), a sequence of sequences; KarmemIDL has one bracket level: put the inner 'std::vector<std::string>' (aka 'vector<basic_string<char>>') in a [[karmem::struct(inline)]] struct and use a sequence of that (only std::string elements get a generated wrapper)}}
  std::vector<karmem::limited<char, 8>> tags; // expected-error {{field 'tags' has type 'std::vector<karmem::limited<char, 8>>', a sequence of sequences; KarmemIDL has one bracket level: put the inner 'karmem::limited<char, 8>' in a [[karmem::struct(inline)]] struct and use a sequence of that (only std::string elements get a generated wrapper)}}
  std::string matrix[2][2]; // expected-error {{field 'matrix' has type 'std::string[2][2]' (aka 'basic_string<char>[2][2]'), a sequence of sequences}}
  std::array<const std::string, 2> fixed; // expected-error {{field 'fixed' has type 'std::array<const std::string, 2>' (aka 'array<const basic_string<char>, 2>'), whose elements are const; karmem::decode assigns every element, so remove the qualifier}}
  std::array<std::string, 0> none; // expected-error {{field 'none' has type 'std::array<std::string, 0>' (aka 'array<basic_string<char>, 0>') with length 0, which has no Karmem equivalent}}
  std::vector<std::u16string> wide; // expected-error {{field 'wide' has type 'std::u16string' (aka 'basic_string<char16_t>'), which has no Karmem equivalent (class types must be annotated structs, std::array, std::vector, std::string or karmem::limited)}}
};

struct [[karmem::struct(inline)]] KarmemString { int32_t mine; }; // expected-note {{'::KarmemString' is declared here}}
struct [[karmem::struct]] Uses {
  KarmemString own;
  std::vector<std::string> names; // expected-error {{the wrapper 'KarmemString' generated for sequences of strings and '::KarmemString' both map to the KarmemIDL type name 'KarmemString'}}
};
