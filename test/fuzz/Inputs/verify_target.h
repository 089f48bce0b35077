// The verifier fuzz target for one root type: karmem::verify<Root> on any
// bytes at all. A test file includes its generated header and this one, and
// calls fuzz::verify_one<Root>(data, size) from LLVMFuzzerTestOneInput. For
// every input, under ASan and UBSan:
//   1. verify returns (no crash, no read outside the input), and its result
//      is coherent: ok with no path and no message, or a fault with a
//      message; verifying again says the same;
//   2. when verify says ok: decode succeeds (the root is present and the
//      message is within the traversal limit), the view and the decoded
//      value agree field by field while every reachable byte of the view is
//      read (Inputs/fuzz_common.h: equal_view, which also reads past every
//      range's end), and the decoded value re-encodes into a message that
//      verifies too.
// Inputs verified ok are counted; the count is printed at exit, so a run
// shows that the second branch was taken ("verify: N of M inputs ok").
#pragma once

#include "fuzz_common.h"

#include <karmem/codec.h>
#include <karmem/verify.h>
#include <karmem/writer.h>

#include <cstdio>
#include <cstdlib>

namespace fuzz {

struct verify_counts {
  unsigned long long inputs = 0, ok = 0;
  static verify_counts &get() {
    static verify_counts counts;
    static const bool printed_at_exit = [] {
      std::atexit([] { std::printf("verify: %llu of %llu inputs ok\n", get().ok, get().inputs); });
      return true;
    }();
    (void)printed_at_exit;
    return counts;
  }
};

template <class Root> int verify_one(const uint8_t *data, size_t n) {
  const std::span<const std::byte> bytes = as_bytes(data, n);
  verify_counts &counts = verify_counts::get();
  ++counts.inputs;

  // 1. verify returns, coherently, and twice alike.
  const karmem::verify_result r = karmem::verify<Root>(bytes);
  FUZZ_CHECK(r.ok == static_cast<bool>(r), "verify_result's ok and operator bool disagree");
  if (r.ok)
    FUZZ_CHECK(r.path.empty() && r.message.empty(), "verify said ok with a fault: %s: %s", r.path.c_str(),
               r.message.c_str());
  else
    FUZZ_CHECK(!r.message.empty(), "verify found a fault without a message (path '%s')", r.path.c_str());
  const karmem::verify_result again = karmem::verify<Root>(bytes);
  FUZZ_CHECK(again.ok == r.ok && again.path == r.path && again.message == r.message,
             "verifying twice gave two results");
  if (!r.ok)
    return 0;
  ++counts.ok;

  // 2. A verified message decodes, views in bounds and re-encodes verifiably.
  Root decoded{};
  FUZZ_CHECK(karmem::decode(bytes, decoded), "verify said ok, decode returned false (%zu bytes)", n);
  const karmem::view<Root> v = karmem::view_root<Root>(bytes);
  FUZZ_CHECK(v.karmem_present(), "verify said ok, the view's root is absent");
  FUZZ_CHECK(equal_view(decoded, v, true), "verified message: the view and the decoded value disagree at (root)%s",
             difference().c_str());
  karmem::writer w;
  FUZZ_CHECK(karmem::encode(w, decoded), "the decoded value of a verified message does not encode");
  const karmem::verify_result re = karmem::verify<Root>(w.bytes());
  FUZZ_CHECK(re.ok, "the re-encoded message does not verify: %s: %s", re.path.c_str(), re.message.c_str());
  return 0;
}

} // namespace fuzz
