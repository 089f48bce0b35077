// The C++ types of a schema read from a .km: `.km -> model -> annotated C++`,
// which the plugin then reads like any user header (the usual accessors and a
// .km of the same model come out of it). Each enum becomes an `enum class`
// with its values spelled out, each struct a KARMEM_STRUCT(table|inline
// [, unpacked]) struct whose members have the standard types the plugin maps
// back to the same wire types: uint32_t, std::array<T, N>, std::vector<T>,
// std::string for []char, karmem::limited<T, N>, structs by value.
//
// What C++ spells differently but writes the same bytes: `[]uint8` and
// `[]byte` are both std::vector<uint8_t>, which the plugin writes as `[]byte`;
// a single `char` and `[N]char` (which Karmem's own generators mishandle,
// spec §2.6) become uint8_t and std::array<char, N>, written as `uint8` and
// `[N]uint8`. `struct KarmemString inline @packed(true) { Value []char; }`,
// the plugin's wrapper for sequences of strings, is not declared in C++ when
// only sequences hold it: they become sequences of std::string. Tags other than @packed are not C++'s business and are dropped;
// an @id cannot be said in C++ yet, so a struct with one is an error.
#pragma once

#include "karmem/idl/cpp_binding.h"

#include <string>
#include <vector>

namespace karmem::idl {

struct CppTypesError {
  Origin at; // the struct or field at fault
  std::string message;
};

// The namespace the types go in unless the caller names one: the schema's
// name (`karmem game;` -> `game`), with `_km` after a C++ keyword, std or karmem.
std::string defaultCppNamespace(const Schema &schema);

// Names for the C++ types of `schema`: types as in the .km inside namespace
// `cppNamespace` (a C++ identifier), data members in snake_case when that
// maps back to the field's name (`HitBox` -> `hit_box`), else as in the .km;
// keywords and the view's reserved names get a trailing '_' (`Class` ->
// `class_`).
CppBinding bindKmSchema(const Schema &schema, const std::string &cppNamespace);

// The annotated header for `cpp` (from bindKmSchema with the same namespace).
// Returns false, with the first error, when `schema` holds something C++
// cannot carry (see above).
bool emitCppTypes(const Schema &schema, const CppBinding &cpp, const std::string &cppNamespace,
                  const std::string &sourceName, std::string &out, CppTypesError &error);

} // namespace karmem::idl
