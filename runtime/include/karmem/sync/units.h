// Atomic units of a synced region: how concurrent writes are resolved.
//
// By default (per_run) every byte is resolved on its own: the write of the
// later batch wins byte by byte (docs/sync-patch-format.md §5.2). That suits
// unstructured bytes, but tears structured data: two concurrent edits of one
// encoded message can leave bytes that neither peer wrote (one peer's string
// with the other's offsets). A region with units resolves a concurrent write
// per unit instead: the whole unit comes from the winning batch, on every
// peer. A scan sends every byte of a unit any byte of which changed; apply
// writes a unit only when the batch's stamp beats the stamp of every byte of
// it. Bytes outside every unit stay per-run.
//
//   whole_region()          one unit: the region as created (for an encoded
//                           message with slices or strings)
//   records(off, size, n)   n fixed-size records [off + i*size, +size) (for an
//                           array of inline structs: one unit per element)
//   ranges({{b, e}, ...})   explicit units, sorted and disjoint
//
// Units are fixed when the tracker is created and lie inside its initial
// size; bytes a later growth adds are per-run. Every peer must use the same
// units: a region with units writes format version 2, whose header carries a
// digest of them, and rejects a batch with other units (or per-run, version
// 1) as error::unit_mismatch; it also rejects a batch that writes part of one
// of its units. karmem/sync/region.h derives the units of a region holding a
// [[karmem::struct]] type.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace karmem::sync {

// One unit: region bytes [begin, end).
struct unit_range {
  uint64_t begin = 0;
  uint64_t end = 0;
  friend bool operator==(const unit_range&, const unit_range&) = default;
};

enum class unit_kind : uint8_t { per_run = 0, whole_region = 1, records = 2, ranges = 3 };

struct unit_policy {
  unit_kind kind = unit_kind::per_run;
  uint64_t offset = 0;      // records: where the first record starts
  uint64_t record_size = 0; // records: bytes per record, >= 1
  uint64_t count = 0;       // records: how many, >= 1
  std::vector<unit_range> list; // ranges: sorted, disjoint, non-empty

  static unit_policy per_run() { return {}; }
  static unit_policy whole_region() {
    unit_policy p;
    p.kind = unit_kind::whole_region;
    return p;
  }
  static unit_policy records(uint64_t offset, uint64_t record_size, uint64_t count) {
    unit_policy p;
    p.kind = unit_kind::records;
    p.offset = offset;
    p.record_size = record_size;
    p.count = count;
    return p;
  }
  static unit_policy ranges(std::vector<unit_range> units) {
    unit_policy p;
    p.kind = unit_kind::ranges;
    p.list = std::move(units);
    return p;
  }
};

} // namespace karmem::sync
