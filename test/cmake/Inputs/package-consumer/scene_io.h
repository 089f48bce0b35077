// Shared by roundtrip.cpp and peer.cpp: the scene both encode, and a line
// describing a message's bytes (read through the view, and decoded back).
#pragma once
#include "scene.karmem.h"
#include <cstdio>

inline Scene make_scene(uint32_t frame) { return Scene{"deck", {{1, -2}, {30, 40}, {-500, 600}}, frame}; }

inline int describe(std::span<const std::byte> bytes, char* out, size_t n) {
  auto v = karmem::view_root<Scene>(bytes);
  Scene back{};
  if (!karmem::decode(bytes, back))
    return std::snprintf(out, n, "decode failed");
  const Point& last = back.points.back();
  return std::snprintf(out, n, "name=%.*s points=%u frame=%u | decoded points=%zu last=%d,%d",
                       int(v.name().size()), v.name().data(), unsigned(v.points().size()), unsigned(v.frame()),
                       back.points.size(), last.x, last.y);
}
