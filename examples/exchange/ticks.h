// How many ticks the example can record (the figures of each, on both sides).
#pragma once
#include <cstdint>
inline constexpr uint32_t ticks_capacity = 1024;
