# Install rules and the find_package(Karmem) config, so an installed
# karmem-clang is used the same way as the build tree:
#   find_package(Karmem REQUIRED)
#   karmem_generate(TARGET game_schema SOURCES game.h OUTPUT_DIR gen)
#   target_link_libraries(app PRIVATE game_schema)
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
install(TARGETS karmem_runtime EXPORT KarmemTargets)
install(EXPORT KarmemTargets NAMESPACE Karmem:: DESTINATION "${KARMEM_INSTALL_CMAKEDIR}")
