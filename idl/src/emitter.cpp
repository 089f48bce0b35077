// The outputs of a schema (emitter.h). Tests: test/plugin/out-*.test,
// test/golden/golden-gen-*.test.
#include "karmem/idl/emitter.h"

#include "karmem/idl/km.h"

namespace karmem::idl {

namespace {

std::string emitKm(const EmitInput &in) { return writeKm(in.schema); }

std::string emitAccessors(const EmitInput &in) {
  return emitCppHeader(in.schema, in.layout, in.cpp, in.options);
}

constexpr Emitter kOutputs[] = {
    {".km", emitKm},
    {".karmem.h", emitAccessors},
};

} // namespace

std::span<const Emitter> schemaOutputs() { return kOutputs; }

} // namespace karmem::idl
