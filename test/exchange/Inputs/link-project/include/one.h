// Found through INCLUDE_DIRS.
#pragma once
inline constexpr int one_answer = 42;
