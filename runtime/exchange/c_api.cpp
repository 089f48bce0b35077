// The C ABI of the exchange (karmem/exchange_c.h) over the C++ ends of
// karmem/exchange/channel.h and table.h: no second implementation, only
// handles in caller storage and error codes as integers.
//
// karmem_add_exchange_module compiles this file into every exchange module
// (with -matomics in THREADS modules, so receive_wait really sleeps); wasm-ld
// drops whatever a module does not call.
#include "karmem/exchange_c.h"
#include "karmem/exchange.h"

#include <memory>
#include <new>

#if !defined(__wasm__)
#error "runtime/exchange/c_api.cpp is the wasm32 modules' C ABI (the memory is the module's own linear memory)"
#endif

namespace ex = karmem::exchange;

namespace {

constexpr uint32_t open_magic = 0x4E45504Bu; // "KPEN": the handle holds a live end

template <class End> struct handle {
  uint32_t magic;
  End end;
};
using pub_handle = handle<ex::publisher_end>;
using sub_handle = handle<ex::subscriber_end>;

static_assert(sizeof(pub_handle) <= sizeof(karmem_exchange_publisher) &&
              alignof(pub_handle) <= alignof(karmem_exchange_publisher), "karmem_exchange_publisher is too small");
static_assert(sizeof(sub_handle) <= sizeof(karmem_exchange_subscriber) &&
              alignof(sub_handle) <= alignof(karmem_exchange_subscriber), "karmem_exchange_subscriber is too small");
static_assert(int(ex::error::timeout) == KARMEM_EXCHANGE_TIMEOUT && int(ex::error::empty) == KARMEM_EXCHANGE_EMPTY &&
              int(ex::error::full) == KARMEM_EXCHANGE_FULL && int(ex::error::corrupt) == KARMEM_EXCHANGE_CORRUPT,
              "the C codes are karmem::exchange::error's");
static_assert(uint32_t(ex::when_full::drop_oldest) == KARMEM_EXCHANGE_DROP_OLDEST);

// The live handle in `storage`, or null when it is closed or zeroed.
template <class H, class S> H *live(S *storage) noexcept {
  if (!storage)
    return nullptr;
  H *h = reinterpret_cast<H *>(storage);
  return h->magic == open_magic ? h : nullptr;
}

template <class H> void close_handle(H *h) noexcept {
  if (!h)
    return;
  std::destroy_at(&h->end);
  h->magic = 0;
}

int to_int(ex::error e) noexcept { return int(e); }

bool read_name(const char *name, std::string_view &out) noexcept {
  if (!name)
    return false;
  const size_t n = strnlen(name, ex::layout::name_capacity);
  out = std::string_view(name, n);
  return ex::region_table::valid_name(out);
}

void fill(const ex::region &r, karmem_exchange_region *out) noexcept {
  out->data = ex::default_memory().at(r.offset);
  out->offset = r.offset;
  out->size = r.size;
  out->struct_id = r.struct_id;
  out->owner = r.owner;
  out->kind = r.kind;
}

void fill(const ex::channel &ch, karmem_exchange_channel_info *out) noexcept {
  out->offset = ch.offset();
  out->slots = ch.slot_count();
  out->slot_capacity = ch.slot_capacity();
  out->policy = uint32_t(ch.policy());
}

// Opens the channel for either end; `id` is this module's.
int open_channel(const char *name, uint64_t struct_id, const karmem_exchange_channel_options *options, uint32_t id,
                 ex::channel &ch) noexcept {
  std::string_view n;
  if (!read_name(name, n))
    return to_int(ex::error::invalid_argument);
  ex::channel_options o;
  if (options) {
    if (options->policy > KARMEM_EXCHANGE_DROP_OLDEST)
      return to_int(ex::error::invalid_argument);
    o = {options->slots, options->slot_capacity, ex::when_full(options->policy)};
  }
  return to_int(ex::channel::open(ex::region_table(ex::default_memory()), n, struct_id, o, id, ch));
}

} // namespace

extern "C" {

const char *karmem_exchange_error_name(int code) {
  if (code < 0 || code > KARMEM_EXCHANGE_TIMEOUT)
    return "unknown";
  return ex::error_name(ex::error(code));
}

uint32_t karmem_exchange_module_id(void) { return ex::module_id(); }

int karmem_exchange_region_find(const char *name, karmem_exchange_region *out) {
  std::string_view n;
  if (!out || !read_name(name, n))
    return to_int(ex::error::invalid_argument);
  const ex::region_result r = ex::region_table(ex::default_memory()).find(n);
  if (r)
    fill(r.value, out);
  return to_int(r.status);
}

int karmem_exchange_region_create(const char *name, uint32_t size, uint64_t struct_id, karmem_exchange_region *out) {
  std::string_view n;
  if (!out || !read_name(name, n))
    return to_int(ex::error::invalid_argument);
  const ex::region_result r =
      ex::region_table(ex::default_memory()).create(n, size, ex::layout::kind_raw, struct_id, ex::module_id());
  if (r.status == ex::error::ok || r.status == ex::error::exists)
    fill(r.value, out);
  return to_int(r.status);
}

// ---- publisher ---------------------------------------------------------

int karmem_exchange_publisher_open(karmem_exchange_publisher *pub, const char *name, uint64_t struct_id,
                                   const karmem_exchange_channel_options *options) {
  if (!pub)
    return to_int(ex::error::invalid_argument);
  close_handle(live<pub_handle>(pub));
  const uint32_t id = ex::module_id();
  ex::channel ch;
  if (int e = open_channel(name, struct_id, options, id, ch); e != KARMEM_EXCHANGE_OK)
    return e;
  auto *h = new (pub) pub_handle{0, {}};
  if (ex::error e = h->end.attach(ch, id); e != ex::error::ok) {
    h->end.~publisher_end();
    return to_int(e);
  }
  h->magic = open_magic;
  return KARMEM_EXCHANGE_OK;
}

int karmem_exchange_publisher_loan(karmem_exchange_publisher *pub, uint32_t size, void **out) {
  pub_handle *h = live<pub_handle>(pub);
  if (!h || !out)
    return to_int(ex::error::invalid_argument);
  std::byte *slot = nullptr;
  const ex::error e = h->end.loan(size, slot);
  if (e == ex::error::ok)
    *out = slot;
  return to_int(e);
}

int karmem_exchange_publisher_publish(karmem_exchange_publisher *pub, uint32_t size) {
  pub_handle *h = live<pub_handle>(pub);
  if (!h)
    return to_int(ex::error::invalid_argument);
  return to_int(h->end.publish(size));
}

void karmem_exchange_publisher_abandon(karmem_exchange_publisher *pub) {
  if (pub_handle *h = live<pub_handle>(pub))
    h->end.abandon();
}

int karmem_exchange_publisher_info(const karmem_exchange_publisher *pub, karmem_exchange_channel_info *out) {
  const pub_handle *h = live<const pub_handle>(pub);
  if (!h || !out)
    return to_int(ex::error::invalid_argument);
  fill(h->end.chan(), out);
  return KARMEM_EXCHANGE_OK;
}

void karmem_exchange_publisher_close(karmem_exchange_publisher *pub) { close_handle(live<pub_handle>(pub)); }

// ---- subscriber --------------------------------------------------------

int karmem_exchange_subscriber_open(karmem_exchange_subscriber *sub, const char *name, uint64_t struct_id,
                                    const karmem_exchange_channel_options *options) {
  if (!sub)
    return to_int(ex::error::invalid_argument);
  close_handle(live<sub_handle>(sub));
  const uint32_t id = ex::module_id();
  ex::channel ch;
  if (int e = open_channel(name, struct_id, options, id, ch); e != KARMEM_EXCHANGE_OK)
    return e;
  auto *h = new (sub) sub_handle{0, {}};
  if (ex::error e = h->end.join(ch, id); e != ex::error::ok) {
    h->end.~subscriber_end();
    return to_int(e);
  }
  h->magic = open_magic;
  return KARMEM_EXCHANGE_OK;
}

static int take(ex::error e, const ex::received &got, karmem_exchange_message *out) {
  if (e == ex::error::ok)
    *out = karmem_exchange_message{got.data, got.size, got.sequence, got.slot};
  return to_int(e);
}

int karmem_exchange_subscriber_receive(karmem_exchange_subscriber *sub, karmem_exchange_message *out) {
  sub_handle *h = live<sub_handle>(sub);
  if (!h || !out)
    return to_int(ex::error::invalid_argument);
  ex::received got;
  return take(h->end.receive(got), got, out);
}

int karmem_exchange_subscriber_receive_wait(karmem_exchange_subscriber *sub, karmem_exchange_message *out,
                                            int64_t timeout_ns) {
  sub_handle *h = live<sub_handle>(sub);
  if (!h || !out)
    return to_int(ex::error::invalid_argument);
  ex::received got;
  return take(h->end.receive_wait(got, std::chrono::nanoseconds(timeout_ns)), got, out);
}

void karmem_exchange_subscriber_release(karmem_exchange_subscriber *sub, karmem_exchange_message *msg) {
  sub_handle *h = live<sub_handle>(sub);
  if (!h || !msg || !msg->slot_)
    return;
  h->end.release(static_cast<std::byte *>(msg->slot_));
  msg->slot_ = nullptr;
}

int karmem_exchange_subscriber_info(const karmem_exchange_subscriber *sub, karmem_exchange_channel_info *out,
                                    uint32_t *index) {
  const sub_handle *h = live<const sub_handle>(sub);
  if (!h || !out)
    return to_int(ex::error::invalid_argument);
  fill(h->end.chan(), out);
  if (index)
    *index = h->end.index();
  return KARMEM_EXCHANGE_OK;
}

void karmem_exchange_subscriber_close(karmem_exchange_subscriber *sub) { close_handle(live<sub_handle>(sub)); }

} // extern "C"
