/* A small C module for the host tests (no libc++, quick to build): static
 * data, a heap block, and a function that proves the module still runs. */
#include <karmem_module.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(#name)))

static uint32_t calls = 7; /* initialised data: written at instantiation */
static unsigned char *block;

/* Allocates (once) and fills a block; returns calls so far plus the block's
 * checksum, so the host sees both data and heap at work. */
EXPORT(touch) uint32_t touch(void) {
  if (!block && !(block = malloc(1000)))
    return 0;
  memset(block, (int)(calls & 0xff), 1000);
  uint32_t sum = 0;
  for (int i = 0; i < 1000; ++i)
    sum += block[i];
  return ++calls * 100000u + sum;
}
EXPORT(block_address) uint32_t block_address(void) { return (uint32_t)(uintptr_t)block; }
EXPORT(grow) int32_t grow(uint32_t pages) { return (int32_t)__builtin_wasm_memory_grow(0, pages); }
EXPORT(limit) uint32_t limit(void) { return karmem_module_limit(); }
