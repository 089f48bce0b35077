// KarmemIDL naming rules and the C++ -> PascalCase mapping (idl/names.h).
// RUN: %native-cxx -I%srcroot/idl/include %s %srcroot/idl/src/names.cpp -o %t
// RUN: %t | FileCheck %s
// CHECK: names: 0 failures
#include "karmem/idl/names.h"

#include <cstdio>
#include <string>

using namespace karmem::idl;

static int failures = 0;

static void expectPascal(const char *in, const char *want) {
  const std::string got = toPascalCase(in);
  if (got != want) {
    std::printf("toPascalCase(\"%s\") = \"%s\", want \"%s\"\n", in, got.c_str(), want);
    ++failures;
  }
}

static void expect(bool got, bool want, const char *what, const char *name) {
  if (got != want) {
    std::printf("%s(\"%s\") = %d, want %d\n", what, name, got, want);
    ++failures;
  }
}

int main() {
  expectPascal("is_alive", "IsAlive");
  expectPascal("hitBox", "HitBox");
  expectPascal("x", "X");
  expectPascal("pos2", "Pos2");
  expectPascal("_private", "Private");
  expectPascal("a__b", "AB");
  expectPascal("trailing_", "Trailing");
  expectPascal("HTTPServer", "HTTPServer");
  expectPascal("reload_time_ms", "ReloadTimeMs");
  expectPascal("2d_pos", "2dPos");
  expectPascal("", "");

  for (const char *ok : {"X", "Pos2", "IsAlive", "A1B2", "Z"})
    expect(isValidKmIdentifier(ok), true, "isValidKmIdentifier", ok);
  for (const char *bad : {"", "pos", "2X", "A_B", "A-B", "A B", "\xc3\x84rger"})
    expect(isValidKmIdentifier(bad), false, "isValidKmIdentifier", bad);

  for (const char *ok : {"Color", "T", "UserRegion"})
    expect(isValidKmEnumName(ok), true, "isValidKmEnumName", ok);
  for (const char *bad : {"", "color", "Color2", "Team_", "2A"})
    expect(isValidKmEnumName(bad), false, "isValidKmEnumName", bad);

  for (const char *ok : {"game", "Game", "alltypes"})
    expect(isValidKmSchemaName(ok), true, "isValidKmSchemaName", ok);
  for (const char *bad : {"", "game2", "my_game", "my game"})
    expect(isValidKmSchemaName(bad), false, "isValidKmSchemaName", bad);

  std::printf("names: %d failures\n", failures);
  return failures != 0;
}
