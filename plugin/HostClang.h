// Which clang the plugin was loaded into (HostClang.cpp stops a load into
// any clang but the one it was built for).
#pragma once

#include <optional>
#include <string_view>

namespace karmem::plugin {

// The major version in a clang::getClangFullVersion() string
// ("Debian clang version 14.0.6" -> 14), or nullopt when it names none.
std::optional<unsigned> clangMajorVersion(std::string_view fullVersion);

} // namespace karmem::plugin
