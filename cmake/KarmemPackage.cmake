# Install rules and the find_package(Karmem) config, so an installed
# karmem-clang is used the same way as the build tree:
#   find_package(Karmem REQUIRED)
#   karmem_generate(TARGET game_schema SOURCES game.h OUTPUT_DIR gen)
#   target_link_libraries(app PRIVATE game_schema)
#
# The install (<prefix>/...):
#   bin/karmem, bin/karmem-idl          the karmem command (idl/CMakeLists.txt)
#   lib/libkarmem.so                    the plugin (plugin/CMakeLists.txt)
#   include/karmem/                     the runtime headers (Karmem::runtime)
#   lib/libkarmem_sync.a                native sync runtime (Karmem::sync)
#   lib/wasm32-wasi/libkarmem_sync_wasm32.a  wasm32 sync runtime (Karmem::sync_wasm32)
#   lib/cmake/Karmem/                   the config, KarmemGenerate.cmake (karmem_generate),
#                                       KarmemWasm.cmake (karmem_add_wasm_module),
#                                       KarmemExchange.cmake (karmem_add_exchange_module),
#                                       wasm32-wasi.cmake + Platform/WASI.cmake (toolchain)
#   share/karmem/exchange/              the exchange modules' runtime sources
#   share/karmem/js/                    the JS host code (sync.mjs, exchange.mjs, channel.mjs)
#   share/doc/karmem/                   README.md and docs/
include(CMakePackageConfigHelpers)
set(KARMEM_INSTALL_CMAKEDIR "lib/cmake/Karmem")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/KarmemConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/KarmemConfig.cmake"
  INSTALL_DESTINATION "${KARMEM_INSTALL_CMAKEDIR}")
# ARCH_INDEPENDENT: the package serves native and wasm32 (32-bit) consumers
# alike; without it the version file refuses a consumer whose
# CMAKE_SIZEOF_VOID_P differs from the build's ("version: 0.1.0 (64bit)").
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/KarmemConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES
  "${PROJECT_BINARY_DIR}/KarmemConfig.cmake"
  "${PROJECT_BINARY_DIR}/KarmemConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/KarmemGenerate.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/KarmemWasm.cmake"
  DESTINATION "${KARMEM_INSTALL_CMAKEDIR}")

# The wasm32-wasi toolchain file (configured with this build's clang) and the
# WASI platform file it finds beside it: in the build tree as
# build/cmake/wasm32-wasi.cmake, installed in lib/cmake/Karmem.
configure_file("${CMAKE_CURRENT_LIST_DIR}/wasm32-wasi.cmake.in"
               "${PROJECT_BINARY_DIR}/cmake/wasm32-wasi.cmake" @ONLY)
configure_file("${CMAKE_CURRENT_LIST_DIR}/Platform/WASI.cmake"
               "${PROJECT_BINARY_DIR}/cmake/Platform/WASI.cmake" COPYONLY)
install(FILES "${PROJECT_BINARY_DIR}/cmake/wasm32-wasi.cmake" DESTINATION "${KARMEM_INSTALL_CMAKEDIR}")
install(FILES "${CMAKE_CURRENT_LIST_DIR}/Platform/WASI.cmake" DESTINATION "${KARMEM_INSTALL_CMAKEDIR}/Platform")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/runtime/js/" DESTINATION share/karmem/js
        FILES_MATCHING PATTERN "*.mjs")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/" DESTINATION share/doc/karmem)
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION share/doc/karmem)
install(TARGETS karmem_runtime EXPORT KarmemTargets)
install(EXPORT KarmemTargets NAMESPACE Karmem:: DESTINATION "${KARMEM_INSTALL_CMAKEDIR}")
