# karmem_generate(TARGET <name> SOURCES <header>... OUTPUT_DIR <dir>
#                 [INCLUDE_DIRS <dir>...] [FLAGS <clang flag>...]
#                 [TRIPLE <target triple>])
#
# Runs the karmem-clang plugin over each annotated header and creates an
# INTERFACE library <name> whose users get the generated `<stem>.karmem.h`
# (on the include path as <dir>/<stem>.karmem.h, and as <stem>.karmem.h) and
# the karmem runtime. `<stem>.km` lands beside it for other languages.
# Regenerates when the plugin, the header, or anything the header includes
# changes (a depfile from clang). In the style of flatbuffers_generate_headers.
#
# The plugin reads the header as the module's target sees it: TRIPLE
# (default wasm32-wasi, the modules' target) is passed as --target. Fixed-width
# field types lay out the same on every target; anything that does not (a
# `long` reaching a template parameter) makes the generated header fail to
# compile on a target of another width, naming the struct.
#
# Needs KARMEM_PLUGIN (path to libkarmem.so) and KARMEM_CLANGXX (clang++-19),
# which the karmem-clang build and find_package(Karmem) both set.
function(karmem_generate)
  cmake_parse_arguments(KG "" "TARGET;OUTPUT_DIR;TRIPLE" "SOURCES;INCLUDE_DIRS;FLAGS" ${ARGN})
  if(NOT KG_TRIPLE)
    set(KG_TRIPLE wasm32-wasi)
  endif()
  if(NOT KG_TARGET OR NOT KG_SOURCES OR NOT KG_OUTPUT_DIR)
    message(FATAL_ERROR "karmem_generate: TARGET, SOURCES and OUTPUT_DIR are required")
  endif()
  if(NOT KARMEM_PLUGIN OR NOT KARMEM_CLANGXX)
    message(FATAL_ERROR "karmem_generate: KARMEM_PLUGIN and KARMEM_CLANGXX must be set (find_package(Karmem))")
  endif()
  get_filename_component(out_dir "${KG_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  file(MAKE_DIRECTORY "${out_dir}")

  set(include_flags "-I${KARMEM_RUNTIME_INCLUDE_DIR}")
  foreach(dir IN LISTS KG_INCLUDE_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE)
    list(APPEND include_flags "-I${dir}")
  endforeach()

  set(outputs)
  foreach(src IN LISTS KG_SOURCES)
    get_filename_component(src_abs "${src}" ABSOLUTE)
    get_filename_component(stem "${src}" NAME_WE)
    set(header "${out_dir}/${stem}.karmem.h")
    set(km "${out_dir}/${stem}.km")
    add_custom_command(
      OUTPUT "${header}" "${km}"
      COMMAND "${KARMEM_CLANGXX}" "--target=${KG_TRIPLE}" -std=c++20 -x c++-header -fsyntax-only
              "-fplugin=${KARMEM_PLUGIN}" "-fplugin-arg-karmem-out-dir=${out_dir}"
              ${include_flags} ${KG_FLAGS}
              -MD -MF "${out_dir}/${stem}.karmem.d" -MT "${header}"
              "${src_abs}"
      DEPENDS "${src_abs}" "${KARMEM_PLUGIN}" ${KARMEM_PLUGIN_TARGET}
      DEPFILE "${out_dir}/${stem}.karmem.d"
      COMMENT "karmem: generating ${stem}.karmem.h and ${stem}.km"
      VERBATIM)
    list(APPEND outputs "${header}" "${km}")
  endforeach()

  add_custom_target(${KG_TARGET}_generate DEPENDS ${outputs})
  add_library(${KG_TARGET} INTERFACE)
  add_dependencies(${KG_TARGET} ${KG_TARGET}_generate)
  get_filename_component(out_parent "${out_dir}" DIRECTORY)
  target_include_directories(${KG_TARGET} INTERFACE "${out_dir}" "${out_parent}" ${KG_INCLUDE_DIRS})
  target_include_directories(${KG_TARGET} INTERFACE "${KARMEM_RUNTIME_INCLUDE_DIR}")
  target_compile_features(${KG_TARGET} INTERFACE cxx_std_20)
  set_property(TARGET ${KG_TARGET} PROPERTY KARMEM_GENERATED_FILES ${outputs})
endfunction()
