// The C ABI (karmem/sync/c_api.h) over karmem::sync::tracker.
#include "karmem/sync/c_api.h"

#include "karmem/sync.h"
#include "karmem/sync/patch_format.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

using karmem::sync::error;
using karmem::sync::tracker;

struct karmem_sync {
  std::unique_ptr<tracker> t;
  std::vector<uint8_t> batch;
  std::vector<uint8_t> input;
  const char* api_error = ""; // an argument error found here, before the tracker
};

namespace {
std::string create_error;
}

extern "C" {

uint32_t karmem_sync_version(void) { return karmem::sync::format::version; }

karmem_sync* karmem_sync_create(uint32_t peer, void* base, size_t size, size_t capacity, uint32_t page_size) {
  karmem::sync::options opts;
  opts.page_size = page_size == 0 ? 8192 : page_size;
  opts.capacity = capacity;
  error e = error::ok;
  auto t = tracker::create(peer, base, size, opts, &e, &create_error);
  if (!t) return nullptr;
  create_error.clear();
  auto* s = new (std::nothrow) karmem_sync();
  if (!s) return nullptr;
  s->t = std::move(t);
  return s;
}

const char* karmem_sync_create_error(void) { return create_error.c_str(); }

void karmem_sync_destroy(karmem_sync* s) { delete s; }

void* karmem_sync_reserve(size_t size, uint32_t page_size) {
  if (page_size == 0 || (page_size & (page_size - 1)) != 0 || size == 0) return nullptr;
  const size_t rounded = (size + page_size - 1) / page_size * page_size;
  if (rounded < size) return nullptr;
  void* p = std::aligned_alloc(page_size, rounded);
  if (p) std::memset(p, 0, rounded);
  return p;
}

void karmem_sync_release(void* p) { std::free(p); }

void karmem_sync_mark_dirty(karmem_sync* s, const void* p, size_t n) { s->t->mark_dirty(p, n); }

int32_t karmem_sync_scan(karmem_sync* s, int32_t mode) {
  s->api_error = "";
  if (mode != 0 && mode != 1) {
    s->api_error = "invalid_argument: the scan mode is 0 (full) or 1 (marked)";
    return static_cast<int32_t>(error::invalid_argument);
  }
  return static_cast<int32_t>(
      s->t->scan(mode == 0 ? karmem::sync::scan_mode::full : karmem::sync::scan_mode::marked, s->batch));
}

const uint8_t* karmem_sync_batch_data(const karmem_sync* s) { return s->batch.data(); }
size_t karmem_sync_batch_size(const karmem_sync* s) { return s->batch.size(); }

uint8_t* karmem_sync_input_buffer(karmem_sync* s, size_t n) {
  if (n > s->input.max_size()) return nullptr;
  if (s->input.size() < n) s->input.resize(n);
  return s->input.data();
}

int32_t karmem_sync_apply(karmem_sync* s, const uint8_t* batch, size_t n) {
  s->api_error = "";
  return static_cast<int32_t>(s->t->apply({batch, n}));
}

int32_t karmem_sync_resize(karmem_sync* s, size_t new_size) {
  s->api_error = "";
  return static_cast<int32_t>(s->t->resize(new_size));
}

const char* karmem_sync_last_error(const karmem_sync* s) {
  return s->api_error[0] != '\0' ? s->api_error : s->t->last_error();
}

const char* karmem_sync_error_name(int32_t code) { return karmem::sync::error_name(static_cast<error>(code)); }

void* karmem_sync_base(const karmem_sync* s) { return s->t->base(); }
size_t karmem_sync_size(const karmem_sync* s) { return s->t->size(); }
size_t karmem_sync_capacity(const karmem_sync* s) { return s->t->capacity(); }
uint32_t karmem_sync_page_size(const karmem_sync* s) { return s->t->page_size(); }
uint32_t karmem_sync_peer(const karmem_sync* s) { return s->t->peer(); }

uint32_t karmem_sync_clock_count(const karmem_sync* s) { return static_cast<uint32_t>(s->t->clock().size()); }

uint32_t karmem_sync_clock_peer(const karmem_sync* s, uint32_t i) {
  return i < s->t->clock().size() ? s->t->clock()[i].peer : 0;
}

uint64_t karmem_sync_clock_counter(const karmem_sync* s, uint32_t i) {
  return i < s->t->clock().size() ? s->t->clock()[i].counter : 0;
}

uint64_t karmem_sync_scan_stat(const karmem_sync* s, uint32_t which) {
  const auto& st = s->t->last_scan();
  switch (which) {
  case 0: return st.pages_hashed;
  case 1: return st.pages_diffed;
  case 2: return st.pages_changed;
  case 3: return st.runs;
  case 4: return st.tokens;
  case 5: return st.bytes_changed;
  default: return 0;
  }
}

} // extern "C"
