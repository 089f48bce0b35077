// The outputs of a schema (emitter.h). Tests: test/plugin/out-*.test,
// test/golden/golden-gen-*.test.
#include "karmem/idl/emitter.h"

#include "karmem/idl/fingerprint.h"
#include "karmem/idl/km.h"

namespace karmem::idl {

namespace {

// Each struct carries its layout fingerprint, so a .km tells its readers (and
// `karmem check`) which layout it was written for.
std::string emitKm(const EmitInput &in) {
  Schema recorded = in.schema;
  recordFingerprints(recorded, in.layout);
  return writeKm(recorded);
}

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
