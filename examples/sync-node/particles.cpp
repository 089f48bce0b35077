// examples/sync-node: the application every peer runs, a wasm32 reactor.
// A world of particles lives in one region of the module's memory (reserved
// through the sync runtime, page-aligned); each peer moves only the particles
// it owns (index % peers == its index), a sixteenth of them per step, so its
// scans find a few hundred changed bytes per step. The host (peer.mjs) syncs
// the region with runtime/js/sync.mjs; nothing here knows about the network.
#include "karmem/sync/c_api.h"

#include <cstdint>
#include <cstring>

namespace {

constexpr uint32_t kPageSize = 8192;
constexpr uint32_t kMaxPeers = 4;
constexpr uint32_t kParticles = 3072;
constexpr uint32_t kSlices = 16; // a peer moves 1/kSlices of its particles per step
constexpr float kSide = 1000.0f;

struct Particle {
  float x, y, vx, vy;
};

// The region's layout: what the peers share, byte for byte.
struct World {
  uint32_t steps[kMaxPeers]; // steps each peer has made
  uint32_t peers;
  uint32_t reserved[3];
  Particle particle[kParticles];
};

constexpr uint32_t kRegionSize = (sizeof(World) + kPageSize - 1) / kPageSize * kPageSize;

World* world = nullptr;

// Every peer starts from the same bytes: positions and velocities from a
// fixed seed.
void seed(World* w, uint32_t peers) {
  uint32_t s = 2463534242u;
  auto next = [&s]() {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return static_cast<float>(s % 10000) / 10000.0f;
  };
  w->peers = peers;
  for (Particle& p : w->particle) {
    p = {next() * kSide, next() * kSide, next() * 8.0f - 4.0f, next() * 8.0f - 4.0f};
  }
}

void bounce(float& pos, float& vel) {
  pos += vel;
  if (pos < 0.0f) { pos = -pos; vel = -vel; }
  if (pos > kSide) { pos = 2.0f * kSide - pos; vel = -vel; }
}

} // namespace

extern "C" {

// Reserves and seeds the world for `peers` peers (1..4). Returns the region's
// address, or 0 when peers is out of range or there is no memory.
__attribute__((export_name("particles_init"))) World* particles_init(uint32_t peers) {
  if (world || peers == 0 || peers > kMaxPeers) return nullptr;
  void* region = karmem_sync_reserve(kRegionSize, kPageSize); // zeroed
  if (!region) return nullptr;
  world = static_cast<World*>(region);
  seed(world, peers);
  return world;
}

__attribute__((export_name("particles_region_size"))) uint32_t particles_region_size() { return kRegionSize; }
__attribute__((export_name("particles_page_size"))) uint32_t particles_page_size() { return kPageSize; }

// One step of peer `peer`: moves the slice of its particles this step's
// number selects. Returns the peer's step count afterwards (0: bad peer).
__attribute__((export_name("particles_step"))) uint32_t particles_step(uint32_t peer) {
  if (!world || peer >= world->peers) return 0;
  const uint32_t step = world->steps[peer];
  const uint32_t slice = step % kSlices;
  for (uint32_t i = peer; i < kParticles; i += world->peers) {
    if ((i / world->peers) % kSlices != slice) continue;
    Particle& p = world->particle[i];
    bounce(p.x, p.vx);
    bounce(p.y, p.vy);
  }
  return ++world->steps[peer];
}

__attribute__((export_name("particles_steps"))) uint32_t particles_steps(uint32_t peer) {
  return world && peer < kMaxPeers ? world->steps[peer] : 0;
}

} // extern "C"
