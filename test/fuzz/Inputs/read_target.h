// The reader fuzz target for one root type: any bytes at all are a message
// (spec §7: readers never fail). A test file includes its generated header
// and this one, and calls fuzz::read_one<Root>(data, size) from
// LLVMFuzzerTestOneInput. For every input:
//   1. decode into a fresh value returns whether view_root's root is
//      present, and an absent root decodes to the zero value;
//   2. the view and the decoded value agree field by field, walking every
//      reachable field of the view (every slice and array element, nested
//      table, string byte, the raw bytes of every range) under ASan and
//      UBSan; an absent fixed array may read as an empty range where decode
//      gives zeros (spec §7.2);
//   3. decoding into a used value (the decoded value scrambled: nonzero
//      scalars, longer sequences; and a value decoded from the input's
//      second half, scrambled) gives exactly the fresh result;
//   4. the decoded value re-encodes into encoded_size bytes, decodes back to
//      itself, the new message's view reads as it with every array present,
//      and encoding the value decoded back gives the same bytes again
//      (decode∘encode is the identity on decoded values).
#pragma once

#include "fuzz_common.h"

#include <karmem/codec.h>
#include <karmem/writer.h>

#include <algorithm>

namespace fuzz {

template <class Root>
void decode_into_used(std::span<const std::byte> bytes, const Root &fresh, bool present, Root &used, const char *what) {
  scramble(used);
  const bool again = karmem::decode(bytes, used);
  FUZZ_CHECK(again == present, "decode into %s returned %d, into a fresh value %d", what, again, present);
  FUZZ_CHECK(equal_value(fresh, used), "decode into %s differs from decode into a fresh value at (root)%s", what,
             difference().c_str());
}

template <class Root> int read_one(const uint8_t *data, size_t n) {
  const std::span<const std::byte> bytes = as_bytes(data, n);

  // 1, 2. decode agrees with the view.
  const karmem::view<Root> v = karmem::view_root<Root>(bytes);
  Root fresh{};
  const bool present = karmem::decode(bytes, fresh);
  FUZZ_CHECK(present == v.karmem_present(), "decode returned %d, the view's root present: %d", present,
             v.karmem_present());
  if (!present)
    FUZZ_CHECK(equal_value(Root{}, fresh), "an absent root decodes to a nonzero value at (root)%s",
               difference().c_str());
  FUZZ_CHECK(equal_view(fresh, v, true), "the view and the decoded value disagree at (root)%s", difference().c_str());

  // 3. A used target value changes nothing.
  {
    Root used = fresh;
    decode_into_used(bytes, fresh, present, used, "the scrambled decoded value");
  }
  {
    Root used{};
    (void)karmem::decode(bytes.subspan(std::min(n, n / 2 + 1)), used);
    decode_into_used(bytes, fresh, present, used, "a scrambled value decoded from the input's second half");
  }

  // 4. Re-encoding the decoded value.
  karmem::writer w;
  FUZZ_CHECK(karmem::encode(w, fresh), "the decoded value does not encode");
  const uint64_t size = karmem::encoded_size(fresh);
  FUZZ_CHECK(w.size() == size, "encode wrote %zu bytes, encoded_size says %llu", w.size(),
             static_cast<unsigned long long>(size));
  Root back{};
  FUZZ_CHECK(karmem::decode(w.bytes(), back), "the re-encoded root is absent");
  FUZZ_CHECK(equal_value(fresh, back), "decode(encode(decoded)) differs from decoded at (root)%s",
             difference().c_str());
  FUZZ_CHECK(equal_view(fresh, karmem::view_root<Root>(w.bytes()), false),
             "the view of the re-encoded message differs from the decoded value at (root)%s", difference().c_str());
  karmem::writer w2;
  FUZZ_CHECK(karmem::encode(w2, back), "the value decoded back does not encode");
  FUZZ_CHECK(w2.size() == w.size() && std::equal(w.bytes().begin(), w.bytes().end(), w2.bytes().begin()),
             "encoding the value decoded back gives other bytes (%zu and %zu bytes)", w.size(), w2.size());
  return 0;
}

} // namespace fuzz
