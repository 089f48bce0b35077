// Scalar parsing, printing and bit-exact comparison, shared with the karmem tool.
#pragma once

#include "../../../idl/include/karmem/idl/json_scalars.h" // no -I needed by the harness users

namespace golden {
namespace scalar = ::karmem::json::scalar;
}
