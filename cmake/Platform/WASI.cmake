# The WASI platform, which CMake 3.25 does not have. Found through
# CMAKE_MODULE_PATH, which the toolchain file (wasm32-wasi.cmake) points at
# this directory's parent. Modules are static executables: no shared libraries.
set(WASI 1)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
