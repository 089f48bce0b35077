// patch_writer: pages go into a body buffer as they come; finish() puts the
// header (whose total-length field needs the body's size) in front and the
// checksum behind.
#include "karmem/sync/patch_writer.h"

#include "karmem/sync/detail/run_token.h"
#include "karmem/sync/detail/varint.h"
#include "karmem/sync/patch_format.h"
#include "small_copy.h"

#include <cstring>

namespace karmem::sync {

void patch_writer::begin(uint32_t page_shift, uint32_t sender, uint64_t region_pages,
                         std::span<const clock_entry> clock, std::optional<uint64_t> units_digest) {
  page_shift_ = page_shift;
  units_digest_ = units_digest;
  sender_ = sender;
  region_pages_ = region_pages;
  clock_.assign(clock.begin(), clock.end());
  body_.clear();
  pages_ = 0;
  last_page_ = 0;
  tokens_ = 0;
}

void patch_writer::add_page(uint32_t index, std::span<const byte_range> runs, const uint8_t* page) {
  using namespace format;
  plan_runs(runs, groups_, plan_scratch_);

  // Reserve the worst case, write through a pointer, trim afterwards.
  const uint32_t page_size = uint32_t{1} << page_shift_;
  size_t bound = 2 * varint::max_bytes;
  for (const byte_range& r : runs) bound += 2 * varint::max_bytes + r.length;
  bound += page_size / 8 + 1;
  const size_t start = body_.size();
  body_.resize(start + bound);
  uint8_t* out = body_.data() + start;

  const uint64_t gap = pages_ == 0 ? index : index - last_page_ - 1;
  const uint64_t count = groups_.size();
  const uint64_t count_code = count - 1 < page_runs_extended ? count - 1 : page_runs_extended;
  out = varint::put(out, (gap << page_runs_bits) | count_code);
  if (count_code == page_runs_extended) out = varint::put(out, count - 1 - page_runs_extended);

  uint32_t prev_end = 0;
  for (const run_group& g : groups_) {
    const byte_range& first = runs[g.first];
    const byte_range& last = runs[g.last];
    const uint32_t length = last.offset + last.length - first.offset;
    const bool masked = g.first != g.last;
    out = run_token::put(out, first.offset - prev_end, length, masked);
    if (masked) {
      uint8_t* mask = out;
      const uint32_t mask_bytes = run_token::mask_bytes(length);
      std::memset(mask, 0, mask_bytes);
      out += mask_bytes;
      for (uint32_t r = g.first; r <= g.last; ++r) {
        const uint32_t rel = runs[r].offset - first.offset;
        for (uint32_t b = rel; b < rel + runs[r].length; ++b) mask[b >> 3] |= uint8_t(1u << (b & 7));
        detail::copy_small(out, page + runs[r].offset, runs[r].length);
        out += runs[r].length;
      }
    } else {
      detail::copy_small(out, page + first.offset, length);
      out += length;
    }
    prev_end = last.offset + last.length;
  }
  body_.resize(static_cast<size_t>(out - body_.data()));
  last_page_ = index;
  ++pages_;
  tokens_ += groups_.size();
}

void patch_writer::finish(std::vector<uint8_t>& out) {
  using namespace format;
  // Everything after the total-length varint, before the body.
  uint8_t fields[3 * varint::max_bytes + units_digest_bytes];
  uint8_t* f = fields;
  f = varint::put(f, sender_);
  f = varint::put(f, region_pages_);
  if (units_digest_) {
    for (size_t i = 0; i < units_digest_bytes; ++i) *f++ = static_cast<uint8_t>(*units_digest_ >> (8 * i));
  }
  f = varint::put(f, clock_.size());
  std::vector<uint8_t> clock_bytes;
  uint32_t prev_peer = 0;
  for (size_t i = 0; i < clock_.size(); ++i) {
    varint::append(clock_bytes, i == 0 ? clock_[i].peer : clock_[i].peer - prev_peer - 1);
    varint::append(clock_bytes, clock_[i].counter);
    prev_peer = clock_[i].peer;
  }
  const size_t fields_size = static_cast<size_t>(f - fields);
  const uint64_t rest = magic_and_version_bytes + 1 + fields_size + clock_bytes.size() + body_.size() +
                        checksum_bytes;
  // The total includes its own varint: grow until the size is stable.
  uint64_t total = rest + varint::size(rest);
  while (rest + varint::size(total) != total) total = rest + varint::size(total);

  out.resize(total);
  uint8_t* p = out.data();
  std::memcpy(p, magic, 4);
  p[4] = units_digest_ ? version_units : version;
  p[5] = static_cast<uint8_t>(page_shift_);
  p = varint::put(p + 6, total);
  std::memcpy(p, fields, fields_size);
  p += fields_size;
  if (!clock_bytes.empty()) std::memcpy(p, clock_bytes.data(), clock_bytes.size());
  p += clock_bytes.size();
  if (!body_.empty()) std::memcpy(p, body_.data(), body_.size());
  p += body_.size();
  const uint32_t sum = checksum(out.data(), static_cast<size_t>(p - out.data()));
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(sum >> (8 * i));
}

} // namespace karmem::sync
