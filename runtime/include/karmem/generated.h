// For generated code only: `<stem>.karmem.h` files include this header and
// nothing else from the runtime. Users include their generated header.
#pragma once

#include "karmem/codec.h"
#include "karmem/karmem.h"
#include "karmem/schema.h"
#include "karmem/verify.h"
#include "karmem/version.h"
#include "karmem/view.h"
#include "karmem/writer.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
