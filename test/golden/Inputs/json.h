// The JSON reader the harness shares with the karmem tool.
#pragma once

#include "../../../idl/include/karmem/idl/json.h" // no -I needed by the harness users

namespace golden {
namespace json = ::karmem::json;
}
