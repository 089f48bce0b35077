/*
 * karmem/exchange_c.h - the exchange for C modules (docs/exchange-layout.md)
 *
 * A plain C11 wasm32 module (one written by hand, or one whose Karmem code
 * comes from Karmem's own C generator) takes part in the exchange through
 * these functions: it finds and creates named regions in the shared memory,
 * publishes Karmem messages into a channel's slots in place, and receives
 * them in place. They are a thin layer over the C++ classes of
 * karmem/exchange/channel.h and table.h (runtime/exchange/c_api.cpp): the
 * same ring, the same rules, the same bytes; a C publisher and a C++
 * subscriber (or the reverse, or the host's runtime/js/channel.mjs) share one
 * channel.
 *
 * Build: karmem_add_exchange_module (cmake/KarmemExchange.cmake) compiles
 * c_api.cpp into every exchange module; a .c source in SOURCES is compiled
 * with clang -std=c11 and may include this header. Nothing here allocates:
 * handles live in storage the caller provides (a static, a stack variable, a
 * field of a struct), and a message is a pointer and a size into the slot.
 *
 * Publishing:
 *
 *   static karmem_exchange_publisher pub;           // zero-initialised
 *   karmem_exchange_channel_options o = KARMEM_EXCHANGE_CHANNEL_OPTIONS_INIT;
 *   int e = karmem_exchange_publisher_open(&pub, "packets", PACKET_ID, &o);
 *   void *slot;
 *   if (karmem_exchange_publisher_loan(&pub, size, &slot) == KARMEM_EXCHANGE_OK) {
 *     write_message(slot, size);                    // encode in place
 *     karmem_exchange_publisher_publish(&pub, size); // or _abandon(&pub)
 *   }
 *
 * Receiving:
 *
 *   static karmem_exchange_subscriber sub;
 *   karmem_exchange_subscriber_open(&sub, "packets", PACKET_ID, NULL);
 *   karmem_exchange_message m;
 *   if (karmem_exchange_subscriber_receive(&sub, &m) == KARMEM_EXCHANGE_OK) {
 *     read_message(m.data, m.size);                 // the publisher's bytes
 *     karmem_exchange_subscriber_release(&sub, &m);
 *   }
 *
 * Error codes are the values of karmem::exchange::error (error.h), in the
 * same order; every function that can fail returns one, and a function that
 * fails changes nothing. Struct ids are Karmem's (spec §3; the C generator's
 * EnumPacketIdentifier<Name>, karmem::schema<T>::id in C++).
 *
 * Thread-safety, for every function below: a handle (publisher or
 * subscriber) is used by one thread at a time; different handles, in one
 * module or several, on one thread or several, may be used concurrently, and
 * the channel's rules make that safe. Waiting (receive_wait with a timeout
 * other than 0) needs a module linked THREADS on a shared memory; in a
 * single-threaded module it returns at once (nothing else can publish while
 * it waits).
 */
#ifndef KARMEM_EXCHANGE_C_H
#define KARMEM_EXCHANGE_C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ------------------------------------------------------------ */

/* The values of karmem::exchange::error (karmem/exchange/error.h). */
typedef enum karmem_exchange_error {
  KARMEM_EXCHANGE_OK = 0,
  KARMEM_EXCHANGE_INVALID_ARGUMENT = 1,   /* a bad name, geometry, or a handle not open */
  KARMEM_EXCHANGE_NOT_FOUND = 2,          /* no region of that name */
  KARMEM_EXCHANGE_EXISTS = 3,             /* a region of that name exists */
  KARMEM_EXCHANGE_TABLE_FULL = 4,         /* the region table has no free entry */
  KARMEM_EXCHANGE_OUT_OF_MEMORY = 5,      /* the region heap is exhausted / memory cannot grow */
  KARMEM_EXCHANGE_CORRUPT = 6,            /* the table or a channel fails validation */
  KARMEM_EXCHANGE_VERSION_MISMATCH = 7,   /* made by another version of the layout */
  KARMEM_EXCHANGE_TYPE_MISMATCH = 8,      /* another struct id, or not a channel */
  KARMEM_EXCHANGE_TOO_LARGE = 9,          /* a message larger than the channel's slots */
  KARMEM_EXCHANGE_FULL = 10,              /* every slot is still held */
  KARMEM_EXCHANGE_BUSY = 11,              /* the channel has a publisher, or a loan is open */
  KARMEM_EXCHANGE_NO_SUBSCRIBER_SLOT = 12, /* 32 subscribers already */
  KARMEM_EXCHANGE_EMPTY = 13,             /* nothing to receive */
  KARMEM_EXCHANGE_TIMEOUT = 14            /* receive_wait gave up */
} karmem_exchange_error;

/*!
 * karmem_exchange_error_name():
 * The name of an error code, as karmem::exchange::error_name spells it
 * ("ok", "full", ...), "unknown" for a value that is not a code.
 * @return a static NUL-terminated string, never NULL.
 * Thread-safe.
 */
const char *karmem_exchange_error_name(int code);

/* ---- the module -------------------------------------------------------- */

/*!
 * karmem_exchange_module_id():
 * This module's id: the record the host wrote for its range when it loaded
 * it (loadModule in runtime/js/exchange.mjs). It is what the functions below
 * write as a region's owner and as a lock holder.
 * @return the id (1-based), or 0 when the memory has no region table or no
 *   record of this module.
 * Thread-safe.
 */
uint32_t karmem_exchange_module_id(void);

/* ---- regions ----------------------------------------------------------- */

#define KARMEM_EXCHANGE_KIND_RAW 1u
#define KARMEM_EXCHANGE_KIND_CHANNEL 2u

/* A region of the table: where it is and what it holds. */
typedef struct karmem_exchange_region {
  void *data;         /* its first byte (in wasm32, its address in the memory) */
  uint32_t offset;    /* the same, as an offset into the memory */
  uint32_t size;      /* bytes */
  uint64_t struct_id; /* the root type's Karmem id, 0 for untyped bytes */
  uint32_t owner;     /* the creating module's id, 0 for the host */
  uint32_t kind;      /* KARMEM_EXCHANGE_KIND_RAW or _CHANNEL */
} karmem_exchange_region;

/*!
 * karmem_exchange_region_find():
 * Looks up the ready region named `name` in the region table.
 * @pre `name` is a NUL-terminated string; `out` is not NULL.
 * @return KARMEM_EXCHANGE_OK and `*out` filled; NOT_FOUND; INVALID_ARGUMENT
 *   (a name of 0 or more than 31 bytes, or a NULL argument); CORRUPT or
 *   VERSION_MISMATCH when the table fails validation. `*out` is untouched
 *   unless OK.
 * Thread-safe.
 */
int karmem_exchange_region_find(const char *name, karmem_exchange_region *out);

/*!
 * karmem_exchange_region_create():
 * Creates a raw region of `size` bytes, zeroed, 64-aligned, in the region
 * heap (growing the memory when needed); it never moves or disappears. The
 * owner is this module (karmem_exchange_module_id()).
 * @pre `name` is a NUL-terminated string of 1 to 31 bytes; `out` is not NULL.
 * @return OK and `*out`; EXISTS with `*out` the existing region when the
 *   name is taken; INVALID_ARGUMENT (bad name, size 0, NULL); TABLE_FULL;
 *   OUT_OF_MEMORY; CORRUPT; VERSION_MISMATCH.
 * Thread-safe (the table lock serialises creators, the host included).
 */
int karmem_exchange_region_create(const char *name, uint32_t size, uint64_t struct_id,
                                  karmem_exchange_region *out);

/* ---- channels ---------------------------------------------------------- */

#define KARMEM_EXCHANGE_REFUSE 0u      /* a full ring refuses the loan */
#define KARMEM_EXCHANGE_DROP_OLDEST 1u /* a full ring drops what nobody took yet */

/* The geometry of a channel its opener creates (ignored when it exists). */
typedef struct karmem_exchange_channel_options {
  uint32_t slots;         /* a power of two, 2 to 65536 */
  uint32_t slot_capacity; /* bytes a message may take, rounded up to 8 */
  uint32_t policy;        /* KARMEM_EXCHANGE_REFUSE or _DROP_OLDEST */
} karmem_exchange_channel_options;

/* The defaults of karmem::exchange::channel_options: 4 slots of 64 KiB, refuse. */
#define KARMEM_EXCHANGE_CHANNEL_OPTIONS_INIT {4u, 65536u, KARMEM_EXCHANGE_REFUSE}

/* Handle storage, opaque: the C++ ends live in it (c_api.cpp checks that
 * they fit). Zero-initialise it (a static, or = {0}) before the first open. */
#define KARMEM_EXCHANGE_HANDLE_WORDS 8
typedef struct karmem_exchange_publisher {
  uint64_t opaque[KARMEM_EXCHANGE_HANDLE_WORDS];
} karmem_exchange_publisher;
typedef struct karmem_exchange_subscriber {
  uint64_t opaque[KARMEM_EXCHANGE_HANDLE_WORDS];
} karmem_exchange_subscriber;

/* The geometry of an open channel. */
typedef struct karmem_exchange_channel_info {
  uint32_t offset;        /* the channel region's offset in the memory */
  uint32_t slots;
  uint32_t slot_capacity; /* the largest message, in bytes */
  uint32_t policy;
} karmem_exchange_channel_info;

/*!
 * karmem_exchange_publisher_open():
 * Opens the channel `name` as its (only) publisher, creating it with
 * `options` when it does not exist; an existing channel keeps its creator's
 * geometry. A handle that is open is closed first.
 * @pre `pub` points at zero-initialised storage, or at a handle opened or
 *   closed by these functions; `name` is NUL-terminated; `options` may be
 *   NULL (KARMEM_EXCHANGE_CHANNEL_OPTIONS_INIT).
 * @return OK; BUSY (the channel has a publisher); TYPE_MISMATCH (another
 *   struct id, or a raw region of that name); INVALID_ARGUMENT (bad name or
 *   geometry); TABLE_FULL; OUT_OF_MEMORY; CORRUPT; VERSION_MISMATCH. On
 *   failure the handle is closed.
 * Thread-safety: see the top of this file.
 */
int karmem_exchange_publisher_open(karmem_exchange_publisher *pub, const char *name, uint64_t struct_id,
                                   const karmem_exchange_channel_options *options);

/*!
 * karmem_exchange_publisher_loan():
 * Lends the next slot for a message of at most `size` bytes: `*out` points
 * at its payload, where the caller writes the message (root at offset 0).
 * Under drop-oldest, a full ring first drops the oldest message for every
 * subscriber that has not taken it.
 * @pre `pub` is open; `out` is not NULL.
 * @return OK and `*out`; TOO_LARGE (above the slot capacity); FULL (the
 *   slot is still held by a subscriber); BUSY (a loan is already open);
 *   INVALID_ARGUMENT (not open). `*out` is untouched unless OK.
 */
int karmem_exchange_publisher_loan(karmem_exchange_publisher *pub, uint32_t size, void **out);

/*!
 * karmem_exchange_publisher_publish():
 * Publishes the loaned slot as its first `size` bytes: every subscriber
 * joined now will receive it; blocked receivers are woken. The loan is spent.
 * @pre `pub` holds an open loan.
 * @return OK; INVALID_ARGUMENT (no loan open, or `size` above the slot
 *   capacity: the loan stays open).
 */
int karmem_exchange_publisher_publish(karmem_exchange_publisher *pub, uint32_t size);

/*!
 * karmem_exchange_publisher_abandon():
 * Gives the loaned slot back unpublished (no-op when no loan is open).
 * @pre `pub` is open or zeroed.
 */
void karmem_exchange_publisher_abandon(karmem_exchange_publisher *pub);

/*!
 * karmem_exchange_publisher_info():
 * The channel's geometry. @pre `pub`, `out` not NULL.
 * @return OK, or INVALID_ARGUMENT when `pub` is not open.
 */
int karmem_exchange_publisher_info(const karmem_exchange_publisher *pub, karmem_exchange_channel_info *out);

/*!
 * karmem_exchange_publisher_close():
 * Stops publishing (another publisher may then attach); an open loan is
 * abandoned. No-op on a closed or zeroed handle.
 */
void karmem_exchange_publisher_close(karmem_exchange_publisher *pub);

/* A received message, in place in its slot, until released. */
typedef struct karmem_exchange_message {
  const void *data;  /* the message's first byte (the root), in the slot */
  uint32_t size;     /* its bytes */
  uint64_t sequence; /* its sequence number in the channel */
  void *slot_;       /* private: the slot to release; NULL once released */
} karmem_exchange_message;

/*!
 * karmem_exchange_subscriber_open():
 * Opens the channel `name` (creating it like publisher_open) and joins it
 * as one of its 32 subscribers: it receives what is published from now on.
 * A handle that is open is closed first.
 * @pre as karmem_exchange_publisher_open.
 * @return OK; NO_SUBSCRIBER_SLOT; TYPE_MISMATCH; INVALID_ARGUMENT;
 *   TABLE_FULL; OUT_OF_MEMORY; CORRUPT; VERSION_MISMATCH. On failure the
 *   handle is closed.
 */
int karmem_exchange_subscriber_open(karmem_exchange_subscriber *sub, const char *name, uint64_t struct_id,
                                    const karmem_exchange_channel_options *options);

/*!
 * karmem_exchange_subscriber_receive():
 * Takes the next message without waiting. `out->data` points into the slot
 * (the publisher's bytes, not a copy) and stays valid until
 * karmem_exchange_subscriber_release(); the slot is not reused before.
 * Several messages may be held at once (each holds its slot: hold them all
 * and the publisher sees FULL).
 * @pre `sub` is open; `out` is not NULL.
 * @return OK and `*out`; EMPTY (nothing new); CORRUPT (a slot whose size
 *   exceeds the capacity: it is released and skipped); INVALID_ARGUMENT.
 *   `*out` is untouched unless OK.
 */
int karmem_exchange_subscriber_receive(karmem_exchange_subscriber *sub, karmem_exchange_message *out);

/*!
 * karmem_exchange_subscriber_receive_wait():
 * Like receive, sleeping on the channel's wake word up to `timeout_ns`
 * nanoseconds (negative: forever) while there is nothing new.
 * @pre as receive. Needs a THREADS module on a shared memory to actually
 *   sleep; a browser's main thread cannot wait (use receive there).
 * @return as receive, with TIMEOUT instead of EMPTY.
 */
int karmem_exchange_subscriber_receive_wait(karmem_exchange_subscriber *sub, karmem_exchange_message *out,
                                            int64_t timeout_ns);

/*!
 * karmem_exchange_subscriber_release():
 * Hands the message's slot back to the publisher; `msg->data` must not be
 * read afterwards. Releasing twice (or a message that was never received,
 * zeroed) does nothing.
 * @pre `msg` came from this handle's receive or receive_wait.
 */
void karmem_exchange_subscriber_release(karmem_exchange_subscriber *sub, karmem_exchange_message *msg);

/*!
 * karmem_exchange_subscriber_info():
 * The channel's geometry, and in `*index` (when not NULL) the subscriber
 * place (0..31) this handle took. @return OK or INVALID_ARGUMENT.
 */
int karmem_exchange_subscriber_info(const karmem_exchange_subscriber *sub, karmem_exchange_channel_info *out,
                                    uint32_t *index);

/*!
 * karmem_exchange_subscriber_close():
 * Leaves the channel, releasing every message it still held. No-op on a
 * closed or zeroed handle.
 */
void karmem_exchange_subscriber_close(karmem_exchange_subscriber *sub);

#ifdef __cplusplus
}
#endif
#endif /* KARMEM_EXCHANGE_C_H */
