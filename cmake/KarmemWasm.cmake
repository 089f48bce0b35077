# karmem_add_wasm_module(<name> SOURCES <src>... [INCLUDE_DIRS <dir>...]
#                        [DEPENDS <target or file>...] [FLAGS <flag>...] [COMMAND])
#
# Builds <name>.wasm with clang++-19 --target=wasm32-wasi in one compile+link
# step (CMake 3.25 has no WASI platform, and these modules are small). A
# reactor (exports, no main) unless COMMAND is given. The file is
# ${CMAKE_CURRENT_BINARY_DIR}/<name>.wasm and the target is <name>.
# A module that uses the sync runtime passes ${KARMEM_SYNC_WASM32_LINK} in
# FLAGS (find_package(Karmem) sets it: the wasm32 archive, linked whole).
#
# Works in the karmem-clang build and, installed, after find_package(Karmem)
# (lib/cmake/Karmem/KarmemWasm.cmake); needs KARMEM_CLANGXX, which both set.
set(KARMEM_WASM_FLAGS -std=c++20 -O3 -fno-exceptions -msimd128 -mbulk-memory
    CACHE STRING "Flags for wasm32-wasi modules")
# The runtime headers: the source tree, or an installed tree's include/.
if(NOT KARMEM_RUNTIME_INCLUDE_DIR)
  if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/../runtime/include/karmem")
    set(KARMEM_RUNTIME_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../runtime/include")
  else()
    set(KARMEM_RUNTIME_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../../../include")
  endif()
  get_filename_component(KARMEM_RUNTIME_INCLUDE_DIR "${KARMEM_RUNTIME_INCLUDE_DIR}" ABSOLUTE)
endif()
if(NOT KARMEM_CLANGXX)
  find_program(KARMEM_CLANGXX NAMES clang++-19 REQUIRED)
endif()
file(GLOB_RECURSE KARMEM_RUNTIME_HEADERS CONFIGURE_DEPENDS
     "${KARMEM_RUNTIME_INCLUDE_DIR}/karmem/*.h")

function(karmem_add_wasm_module name)
  cmake_parse_arguments(W "COMMAND" "" "SOURCES;INCLUDE_DIRS;DEPENDS;FLAGS" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  set(flags ${KARMEM_WASM_FLAGS} ${W_FLAGS} "-I${KARMEM_RUNTIME_INCLUDE_DIR}")
  foreach(dir IN LISTS W_INCLUDE_DIRS)
    list(APPEND flags "-I${dir}")
  endforeach()
  if(NOT W_COMMAND)
    list(APPEND flags -mexec-model=reactor)
  endif()
  set(srcs)
  foreach(src IN LISTS W_SOURCES)
    get_filename_component(src "${src}" ABSOLUTE)
    list(APPEND srcs "${src}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${KARMEM_CLANGXX}" --target=wasm32-wasi ${flags} ${srcs} -o "${out}"
    DEPENDS ${srcs} ${W_DEPENDS} ${KARMEM_RUNTIME_HEADERS}
    COMMENT "wasm32: ${name}.wasm"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${out}")
endfunction()
