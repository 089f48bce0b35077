// The C ABI (karmem/sync/c_api.h) over karmem::sync::tracker. Every entry
// point checks its arguments (a null handle, a null pointer with a length, a
// size no region can have) and answers invalid_argument rather than crash:
// its callers are hosts and C programs, not only sync.mjs.
#include "karmem/sync/c_api.h"

#include "karmem/sync.h"
#include "karmem/sync/patch_format.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>

using karmem::sync::error;
using karmem::sync::tracker;
namespace format = karmem::sync::format;
static_assert(KARMEM_SYNC_HEAD_BYTES == format::head_bytes, "c_api.h and patch_format.h disagree");

struct karmem_sync {
  std::unique_ptr<tracker> t;
  std::vector<uint8_t> batch;
  std::vector<uint8_t> snapshot; // karmem_sync_snapshot's output
  // Where a host copies a batch (karmem_sync_input_buffer). Its size comes
  // from the host, who got it from a peer: it is allocated without
  // aborting, and never past the longest batch the region accepts
  // (tracker::max_batch_bytes), so "a 4 GiB batch" is refused unallocated.
  std::unique_ptr<uint8_t[]> input;
  size_t input_size = 0;
  char api_error[200] = {}; // an argument error found here, before the tracker
};

namespace {

// The last failed karmem_sync_create or karmem_sync_reserve.
std::string create_error;
error create_code = error::ok;

const char* const no_tracker = "invalid_argument: no tracker (a null karmem_sync*)";

int32_t code(error e) { return static_cast<int32_t>(e); }

void* create_failed(error e, std::string message) {
  create_code = e;
  create_error = std::move(message);
  return nullptr;
}

__attribute__((format(printf, 3, 4))) int32_t api_fail(karmem_sync* s, error e, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(s->api_error, sizeof s->api_error, fmt, args);
  va_end(args);
  return code(e);
}

// A call that reaches the tracker: forget the previous argument error.
void clear_api_error(karmem_sync* s) { s->api_error[0] = '\0'; }

// The input buffer, at least `n` bytes, never past `limit` (the longest
// batch or snapshot the region accepts: `what`).
uint8_t* input_of(karmem_sync* s, size_t n, uint64_t limit, const char* what) {
  clear_api_error(s);
  if (n <= s->input_size && s->input) return s->input.get();
  if (n > limit) {
    api_fail(s, error::out_of_memory,
             "out_of_memory: no input buffer of %llu bytes: no %s for this region is longer than %llu",
             static_cast<unsigned long long>(n), what, static_cast<unsigned long long>(limit));
    return nullptr;
  }
  // The old buffer goes first, so that a large batch does not need room for
  // two buffers at once.
  s->input.reset();
  s->input_size = 0;
  s->input.reset(new (std::nothrow) uint8_t[n == 0 ? 1 : n]);
  if (!s->input) {
    api_fail(s, error::out_of_memory, "out_of_memory: no room for a %llu-byte input buffer",
             static_cast<unsigned long long>(n));
    return nullptr;
  }
  s->input_size = n;
  return s->input.get();
}

} // namespace

extern "C" {

uint32_t karmem_sync_version(void) { return format::version; }

karmem_sync* karmem_sync_create(uint32_t peer, void* base, size_t size, size_t capacity, uint32_t page_size) {
  karmem::sync::options opts;
  opts.page_size = page_size == 0 ? 8192 : page_size;
  opts.capacity = capacity;
  error e = error::ok;
  std::string why;
  auto t = tracker::create(peer, base, size, opts, &e, &why);
  if (!t) return static_cast<karmem_sync*>(create_failed(e, std::move(why)));
  auto* s = new (std::nothrow) karmem_sync();
  if (!s) return static_cast<karmem_sync*>(create_failed(error::out_of_memory, "out_of_memory: no room for a handle"));
  s->t = std::move(t);
  create_code = error::ok;
  create_error.clear();
  return s;
}

const char* karmem_sync_create_error(void) { return create_error.c_str(); }
int32_t karmem_sync_create_error_code(void) { return code(create_code); }

void karmem_sync_destroy(karmem_sync* s) { delete s; }

int32_t karmem_sync_set_units(karmem_sync* s, int32_t kind, size_t offset, size_t record_size, size_t count,
                              const size_t* ranges) {
  using karmem::sync::unit_policy;
  if (!s) return code(error::invalid_argument);
  clear_api_error(s);
  const bool others_zero = offset == 0 && record_size == 0 && count == 0 && ranges == nullptr;
  unit_policy policy;
  switch (kind) {
  case KARMEM_SYNC_UNITS_PER_RUN:
  case KARMEM_SYNC_UNITS_WHOLE_REGION:
    if (!others_zero)
      return api_fail(s, error::invalid_argument,
                      "invalid_argument: units of kind %d take no offset, record size, count or ranges", kind);
    policy = kind == KARMEM_SYNC_UNITS_PER_RUN ? unit_policy::per_run() : unit_policy::whole_region();
    break;
  case KARMEM_SYNC_UNITS_RECORDS:
    if (ranges != nullptr)
      return api_fail(s, error::invalid_argument, "invalid_argument: records take no ranges");
    policy = unit_policy::records(offset, record_size, count);
    break;
  case KARMEM_SYNC_UNITS_RANGES: {
    if (offset != 0 || record_size != 0)
      return api_fail(s, error::invalid_argument, "invalid_argument: ranges take no offset or record size");
    if (count > 0 && ranges == nullptr)
      return api_fail(s, error::invalid_argument, "invalid_argument: %llu ranges at a null pointer",
                      static_cast<unsigned long long>(count));
    // Disjoint non-empty units of one region: at most one per byte.
    if (count > s->t->size())
      return api_fail(s, error::invalid_argument, "invalid_argument: %llu units in a region of %llu bytes",
                      static_cast<unsigned long long>(count), static_cast<unsigned long long>(s->t->size()));
    std::vector<karmem::sync::unit_range> list(count);
    for (size_t i = 0; i < count; ++i) list[i] = {ranges[2 * i], ranges[2 * i + 1]};
    policy = unit_policy::ranges(std::move(list));
    break;
  }
  default:
    return api_fail(s, error::invalid_argument, "invalid_argument: unit kind %d (0 per run, 1 whole region, 2 "
                    "records, 3 ranges)", kind);
  }
  return code(s->t->set_units(policy));
}

void* karmem_sync_reserve(size_t size, uint32_t page_size) {
  char why[160];
  if (!format::valid_page_size(page_size)) {
    std::snprintf(why, sizeof why, "invalid_argument: page size %u is not a power of two from 1024 to 65536",
                  page_size);
    return create_failed(error::invalid_argument, why);
  }
  if (size == 0 || static_cast<uint64_t>(size) > format::max_region_bytes) {
    std::snprintf(why, sizeof why, "invalid_argument: a region of %llu bytes (1 byte to 4 GiB)",
                  static_cast<unsigned long long>(size));
    return create_failed(error::invalid_argument, why);
  }
  const size_t rounded = (size + page_size - 1) / page_size * page_size;
  void* p = rounded < size ? nullptr : std::aligned_alloc(page_size, rounded);
  if (!p) {
    std::snprintf(why, sizeof why, "out_of_memory: no room for a %llu-byte region",
                  static_cast<unsigned long long>(size));
    return create_failed(error::out_of_memory, why);
  }
  std::memset(p, 0, rounded);
  create_code = error::ok;
  create_error.clear();
  return p;
}

void karmem_sync_release(void* p) { std::free(p); }

void karmem_sync_mark_dirty(karmem_sync* s, const void* p, size_t n) {
  if (s) s->t->mark_dirty(p, n);
}

int32_t karmem_sync_scan(karmem_sync* s, int32_t mode) {
  if (!s) return code(error::invalid_argument);
  clear_api_error(s);
  if (mode != 0 && mode != 1)
    return api_fail(s, error::invalid_argument, "invalid_argument: the scan mode is 0 (full) or 1 (marked)");
  return code(s->t->scan(mode == 0 ? karmem::sync::scan_mode::full : karmem::sync::scan_mode::marked, s->batch));
}

const uint8_t* karmem_sync_batch_data(const karmem_sync* s) { return s ? s->batch.data() : nullptr; }
size_t karmem_sync_batch_size(const karmem_sync* s) { return s ? s->batch.size() : 0; }

int32_t karmem_sync_check_head(karmem_sync* s, const uint8_t* head, size_t head_size, size_t n) {
  if (!s) return code(error::invalid_argument);
  clear_api_error(s);
  return code(s->t->check_head({head, head_size}, n));
}


uint8_t* karmem_sync_input_buffer(karmem_sync* s, size_t n) {
  return s ? input_of(s, n, s->t->max_batch_bytes(), "batch") : nullptr;
}

uint8_t* karmem_sync_snapshot_input(karmem_sync* s, size_t n) {
  return s ? input_of(s, n, s->t->max_snapshot_bytes(), "snapshot") : nullptr;
}

int32_t karmem_sync_snapshot(karmem_sync* s) {
  if (!s) return code(error::invalid_argument);
  clear_api_error(s);
  return code(s->t->snapshot(s->snapshot));
}

const uint8_t* karmem_sync_snapshot_data(const karmem_sync* s) { return s ? s->snapshot.data() : nullptr; }
size_t karmem_sync_snapshot_size(const karmem_sync* s) { return s ? s->snapshot.size() : 0; }

void karmem_sync_snapshot_free(karmem_sync* s) {
  if (s) std::vector<uint8_t>().swap(s->snapshot);
}

int32_t karmem_sync_check_snapshot_head(karmem_sync* s, const uint8_t* head, size_t head_size, size_t n) {
  if (!s) return code(error::invalid_argument);
  clear_api_error(s);
  return code(s->t->check_snapshot_head({head, head_size}, n));
}

int32_t karmem_sync_apply_snapshot(karmem_sync* s, const uint8_t* snapshot, size_t n) {
  if (!s) return code(error::invalid_argument);
  clear_api_error(s);
  if (!snapshot && n > 0)
    return api_fail(s, error::invalid_argument, "invalid_argument: a null snapshot of %llu bytes",
                    static_cast<unsigned long long>(n));
  return code(s->t->apply_snapshot({snapshot, n}));
}

uint64_t karmem_sync_skipped(const karmem_sync* s) { return s ? s->t->skipped() : 0; }

int32_t karmem_sync_apply(karmem_sync* s, const uint8_t* batch, size_t n) {
  if (!s) return code(error::invalid_argument);
  clear_api_error(s);
  if (!batch && n > 0) return api_fail(s, error::invalid_argument, "invalid_argument: a null batch of %llu bytes",
                                       static_cast<unsigned long long>(n));
  return code(s->t->apply({batch, n}));
}

int32_t karmem_sync_resize(karmem_sync* s, size_t new_size) {
  if (!s) return code(error::invalid_argument);
  clear_api_error(s);
  return code(s->t->resize(new_size));
}

const char* karmem_sync_last_error(const karmem_sync* s) {
  if (!s) return no_tracker;
  return s->api_error[0] != '\0' ? s->api_error : s->t->last_error();
}

const char* karmem_sync_error_name(int32_t c) { return karmem::sync::error_name(static_cast<error>(c)); }

void* karmem_sync_base(const karmem_sync* s) { return s ? s->t->base() : nullptr; }
size_t karmem_sync_size(const karmem_sync* s) { return s ? s->t->size() : 0; }
size_t karmem_sync_capacity(const karmem_sync* s) { return s ? s->t->capacity() : 0; }
uint32_t karmem_sync_page_size(const karmem_sync* s) { return s ? s->t->page_size() : 0; }
uint32_t karmem_sync_peer(const karmem_sync* s) { return s ? s->t->peer() : 0; }

uint32_t karmem_sync_clock_count(const karmem_sync* s) { return s ? static_cast<uint32_t>(s->t->clock().size()) : 0; }

uint32_t karmem_sync_clock_peer(const karmem_sync* s, uint32_t i) {
  return s && i < s->t->clock().size() ? s->t->clock()[i].peer : 0;
}

uint64_t karmem_sync_clock_counter(const karmem_sync* s, uint32_t i) {
  return s && i < s->t->clock().size() ? s->t->clock()[i].counter : 0;
}

uint64_t karmem_sync_scan_stat(const karmem_sync* s, uint32_t which) {
  if (!s) return 0;
  const auto& st = s->t->last_scan();
  switch (which) {
  case 0: return st.pages_hashed;
  case 1: return st.pages_diffed;
  case 2: return st.pages_changed;
  case 3: return st.runs;
  case 4: return st.tokens;
  case 5: return st.bytes_changed;
  case 6: return st.bytes_sent;
  default: return 0;
  }
}

} // extern "C"
