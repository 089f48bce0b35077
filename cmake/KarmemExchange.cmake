# Linking wasm32 modules that share one memory (docs/exchange-layout.md).
#
#   karmem_add_exchange_module(<name> SOURCES <src>... SLOT <n>
#       [SLOT_SIZE <bytes>] [STACK_SIZE <bytes>] [THREADS] [MAX_MEMORY <bytes>]
#       [INCLUDE_DIRS <dir>...] [DEPENDS <target or file>...] [FLAGS <flag>...]
#       [LINK_FLAGS <flag>...])
#
# builds ${CMAKE_CURRENT_BINARY_DIR}/<name>.wasm (target <name>): a WASI
# reactor that imports and exports the memory, lives entirely inside its
# range [base, limit), and carries that range in its `karmem.module` custom
# section, which runtime/js/exchange.mjs reads before instantiating it.
# FLAGS go to every compile and the link, LINK_FLAGS to the link only.
# C++ sources go through clang++ in the link step; .c sources are compiled
# first by clang (-std=c11).
#
# The memory map. Slot n is [64 KiB + n * 16 MiB, + SLOT_SIZE), n in 0..15,
# SLOT_SIZE 16 MiB unless given (a multiple of 64 KiB; a larger one covers the
# following slots too, which no other module may then take). The first 64 KiB
# hold the region table (at 1024); the region heap starts above the last slot,
# at 64 KiB + 16 * 16 MiB = 0x10010000 (createSharedMemory's default
# heapBase). Inside the range: data from base (--global-base), then the stack
# (STACK_SIZE, 1 MiB unless given; it grows down towards the data), then the
# heap arena from __heap_base to limit. The link uses --initial-memory=limit,
# so wasm-ld itself refuses a module whose data and stack do not fit its
# range, and the host grows the memory to the limit before instantiating.
#
# The module's own allocator (runtime/exchange: malloc, free, calloc, realloc,
# aligned_alloc, posix_memalign, malloc_usable_size, __libc_malloc,
# __libc_free, __libc_calloc) keeps malloc and operator new inside
# [__heap_base, limit); module_info.cpp, compiled alone with the range as
# defines, writes the section and karmem_module_base/limit/flags();
# c_api.cpp is the karmem_exchange_* C ABI (karmem/exchange_c.h).
#
# THREADS: compiled with -matomics -mbulk-memory (and errno_shim.h, which
# routes errno through a function: -matomics code naming wasi-libc's
# thread_local errno does not link), linked with --shared-memory
# --no-check-features (Debian's wasi-libc objects carry no atomics feature)
# --max-memory=MAX_MEMORY (4 GiB unless given; a shared memory import must
# declare a maximum, and the host's memory may not exceed it). Without
# THREADS the module imports an ordinary memory and declares no maximum.
#
# -matomics without --shared-memory (checked with clang/wasm-ld 19.1.7, see
# test/exchange/link-atomics-single-thread.test): it links (with or without
# --no-check-features), std::atomic compiles to real atomic instructions that
# work on an ordinary memory, but thread_local is broken: wasm-ld resolves
# the variable to an address unrelated to its .tdata (its initialiser is never
# seen), and memory.atomic.wait32 traps on a non-shared memory. So one set of
# -matomics objects can serve both kinds of module only if it has no
# thread_local and never waits unless the memory is shared; this function
# therefore compiles single-threaded modules without -matomics (std::atomic
# then lowers to plain loads and stores).
#
# karmem_exchange_range(<prefix> <slot> <slot size>) sets <prefix>_BASE and
# <prefix>_LIMIT, for a build that needs a module's addresses.
#
# Script mode, for tests and scripts without a CMake project (same commands):
#   cmake -DNAME=a -DSLOT=1 "-DSOURCES=a.cpp;b.cpp" -DOUT=a.wasm [-DTHREADS=ON]
#         [-DSLOT_SIZE=..] [-DSTACK_SIZE=..] [-DMAX_MEMORY=..] [-DFLAGS=..] [-DLINK_FLAGS=..]
#         [-DINCLUDE_DIRS=..] [-DKARMEM_CLANGXX=clang++-19] -P KarmemExchange.cmake
set(KARMEM_EXCHANGE_FIRST_BASE 65536)
set(KARMEM_EXCHANGE_SLOT_UNIT 16777216)
set(KARMEM_EXCHANGE_SLOT_COUNT 16)
math(EXPR KARMEM_EXCHANGE_REGION_HEAP_BASE
     "${KARMEM_EXCHANGE_FIRST_BASE} + ${KARMEM_EXCHANGE_SLOT_COUNT} * ${KARMEM_EXCHANGE_SLOT_UNIT}")

set(KARMEM_EXCHANGE_CXX_FLAGS -std=c++20 -O3 -fno-exceptions -msimd128 -mbulk-memory
    CACHE STRING "Compile flags of exchange modules' C++ sources")
set(KARMEM_EXCHANGE_C_FLAGS -std=c11 -O3 -msimd128 -mbulk-memory
    CACHE STRING "Compile flags of exchange modules' C sources")

# The source tree, or an installed tree (lib/cmake/Karmem, share/karmem/exchange, include).
if(NOT KARMEM_EXCHANGE_RUNTIME_DIR)
  if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/../runtime/exchange/module_info.cpp")
    set(KARMEM_EXCHANGE_RUNTIME_DIR "${CMAKE_CURRENT_LIST_DIR}/../runtime/exchange")
  else()
    set(KARMEM_EXCHANGE_RUNTIME_DIR "${CMAKE_CURRENT_LIST_DIR}/../../../share/karmem/exchange")
  endif()
endif()
get_filename_component(KARMEM_EXCHANGE_RUNTIME_DIR "${KARMEM_EXCHANGE_RUNTIME_DIR}" ABSOLUTE)
if(NOT KARMEM_RUNTIME_INCLUDE_DIR)
  if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/../runtime/include/karmem")
    set(KARMEM_RUNTIME_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../runtime/include")
  else()
    set(KARMEM_RUNTIME_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../../../include")
  endif()
endif()
if(NOT KARMEM_CLANGXX)
  find_program(KARMEM_CLANGXX NAMES clang++-19 REQUIRED)
endif()
if(NOT KARMEM_CLANG)
  get_filename_component(_karmem_dir "${KARMEM_CLANGXX}" DIRECTORY)
  find_program(KARMEM_CLANG NAMES clang clang-19 HINTS "${_karmem_dir}" NO_DEFAULT_PATH)
  find_program(KARMEM_CLANG NAMES clang-19 REQUIRED)
endif()

# Errors are indented: CMake prints indented text as it is instead of
# re-wrapping it, so a message stays on one line (greppable, testable).
function(_karmem_exchange_error text)
  message(FATAL_ERROR " ${text}")
endfunction()

# The range of a slot: sets <prefix>_BASE and <prefix>_LIMIT, or stops with
# an error naming what is wrong.
function(karmem_exchange_range prefix slot slot_size)
  if(NOT slot MATCHES "^[0-9]+$" OR slot GREATER_EQUAL KARMEM_EXCHANGE_SLOT_COUNT)
    _karmem_exchange_error("karmem exchange: SLOT '${slot}' is not a slot number 0..${KARMEM_EXCHANGE_SLOT_COUNT}-1")
  endif()
  if(NOT slot_size MATCHES "^[0-9]+$")
    _karmem_exchange_error("karmem exchange: SLOT_SIZE '${slot_size}' is not a number of bytes")
  endif()
  math(EXPR rem "${slot_size} % 65536")
  if(slot_size LESS 131072 OR NOT rem EQUAL 0)
    _karmem_exchange_error("karmem exchange: SLOT_SIZE ${slot_size} must be a multiple of 64 KiB, at least 128 KiB")
  endif()
  math(EXPR base "${KARMEM_EXCHANGE_FIRST_BASE} + ${slot} * ${KARMEM_EXCHANGE_SLOT_UNIT}")
  math(EXPR limit "${base} + ${slot_size}")
  if(limit GREATER KARMEM_EXCHANGE_REGION_HEAP_BASE)
    _karmem_exchange_error("karmem exchange: slot ${slot} of ${slot_size} bytes ends at ${limit}, past the last slot (the region heap starts at ${KARMEM_EXCHANGE_REGION_HEAP_BASE})")
  endif()
  set(${prefix}_BASE ${base} PARENT_SCOPE)
  set(${prefix}_LIMIT ${limit} PARENT_SCOPE)
endfunction()

# The commands that build one module, shared by the function and script mode.
# Sets <p>_STEPS (a list of step names); for each step s: <p>_<s>_COMMAND,
# <p>_<s>_OUTPUT, <p>_<s>_INPUTS.
function(_karmem_exchange_plan p name out)
  cmake_parse_arguments(X "THREADS" "SLOT;SLOT_SIZE;STACK_SIZE;MAX_MEMORY" "SOURCES;INCLUDE_DIRS;FLAGS;LINK_FLAGS;DEPENDS" ${ARGN})
  if(X_UNPARSED_ARGUMENTS)
    _karmem_exchange_error("karmem_add_exchange_module(${name}): unknown arguments ${X_UNPARSED_ARGUMENTS}")
  endif()
  set(${p}_DEPENDS ${X_DEPENDS} PARENT_SCOPE)
  foreach(opt SLOT SOURCES)
    if(NOT DEFINED X_${opt})
      _karmem_exchange_error("karmem_add_exchange_module(${name}): ${opt} is required")
    endif()
  endforeach()
  if(NOT X_SLOT_SIZE)
    set(X_SLOT_SIZE ${KARMEM_EXCHANGE_SLOT_UNIT})
  endif()
  if(NOT X_STACK_SIZE)
    set(X_STACK_SIZE 1048576)
  endif()
  if(NOT X_MAX_MEMORY)
    set(X_MAX_MEMORY 4294967296)
  endif()
  karmem_exchange_range(R "${X_SLOT}" "${X_SLOT_SIZE}")
  set(rem 1)
  if(X_STACK_SIZE MATCHES "^[0-9]+$")
    math(EXPR rem "${X_STACK_SIZE} % 16")
  endif()
  if(NOT rem EQUAL 0 OR X_STACK_SIZE LESS 4096 OR NOT X_STACK_SIZE LESS X_SLOT_SIZE)
    _karmem_exchange_error("karmem_add_exchange_module(${name}): STACK_SIZE ${X_STACK_SIZE} must be a multiple of 16, at least 4096 and below SLOT_SIZE ${X_SLOT_SIZE}")
  endif()
  set(rem 1)
  if(X_MAX_MEMORY MATCHES "^[0-9]+$")
    math(EXPR rem "${X_MAX_MEMORY} % 65536")
  endif()
  if(NOT rem EQUAL 0 OR X_MAX_MEMORY LESS R_LIMIT OR X_MAX_MEMORY GREATER 4294967296)
    _karmem_exchange_error("karmem_add_exchange_module(${name}): MAX_MEMORY ${X_MAX_MEMORY} must be a multiple of 64 KiB, at least the range's limit ${R_LIMIT} and at most 4 GiB")
  endif()

  set(common --target=wasm32-wasi "-I${KARMEM_RUNTIME_INCLUDE_DIR}" "-I${KARMEM_EXCHANGE_RUNTIME_DIR}")
  foreach(dir IN LISTS X_INCLUDE_DIRS)
    list(APPEND common "-I${dir}")
  endforeach()
  set(flags 0)
  set(atomics)
  set(parts heap malloc)
  if(X_THREADS)
    # errno_shim.h: errno through a function (errno.cpp), see its comment.
    set(atomics -matomics -mbulk-memory -include "${KARMEM_EXCHANGE_RUNTIME_DIR}/errno_shim.h")
    set(flags 1) # KARMEM_MODULE_FLAG_THREADS
    list(APPEND parts errno)
  endif()
  # The runtime's own objects are compiled without -matomics: they set errno,
  # which wasi-libc declares thread_local, and -matomics code referencing it
  # does not link against Debian's non-threaded libc (R_WASM_MEMORY_ADDR_TLS_SLEB
  # against the non-TLS errno). They need no atomics: one instance, one thread.
  set(rt_cxx "${KARMEM_CLANGXX}" ${common} ${KARMEM_EXCHANGE_CXX_FLAGS} ${X_FLAGS})
  set(cxx ${rt_cxx} ${atomics})
  get_filename_component(objdir "${out}" DIRECTORY)
  set(objdir "${objdir}/${name}.exchange")

  set(info_cpp "${KARMEM_EXCHANGE_RUNTIME_DIR}/module_info.cpp")
  set(steps info)
  set(${p}_info_OUTPUT "${objdir}/module_info.o" PARENT_SCOPE)
  set(${p}_info_INPUTS "${info_cpp}" "${KARMEM_EXCHANGE_RUNTIME_DIR}/karmem_module.h" PARENT_SCOPE)
  set(${p}_info_COMMAND ${rt_cxx} -DKARMEM_MODULE_BASE=${R_BASE} -DKARMEM_MODULE_LIMIT=${R_LIMIT}
      -DKARMEM_MODULE_FLAGS=${flags} -c "${info_cpp}" -o "${objdir}/module_info.o" PARENT_SCOPE)

  set(objs "${objdir}/module_info.o")
  foreach(part IN LISTS parts)
    list(APPEND steps ${part})
    set(${p}_${part}_OUTPUT "${objdir}/${part}.o" PARENT_SCOPE)
    set(${p}_${part}_INPUTS "${KARMEM_EXCHANGE_RUNTIME_DIR}/${part}.cpp" "${KARMEM_EXCHANGE_RUNTIME_DIR}/heap.h"
        "${KARMEM_EXCHANGE_RUNTIME_DIR}/karmem_module.h" PARENT_SCOPE)
    set(${p}_${part}_COMMAND ${rt_cxx} -c "${KARMEM_EXCHANGE_RUNTIME_DIR}/${part}.cpp" -o "${objdir}/${part}.o" PARENT_SCOPE)
    list(APPEND objs "${objdir}/${part}.o")
  endforeach()

  # The C ABI (karmem/exchange_c.h) for C modules: compiled like the
  # module's own sources (with -matomics under THREADS, so receive_wait
  # sleeps); it sets no errno. wasm-ld drops what a module does not call.
  list(APPEND steps c_api)
  set(${p}_c_api_OUTPUT "${objdir}/c_api.o" PARENT_SCOPE)
  set(${p}_c_api_INPUTS "${KARMEM_EXCHANGE_RUNTIME_DIR}/c_api.cpp" PARENT_SCOPE)
  set(${p}_c_api_COMMAND ${cxx} -c "${KARMEM_EXCHANGE_RUNTIME_DIR}/c_api.cpp" -o "${objdir}/c_api.o" PARENT_SCOPE)
  list(APPEND objs "${objdir}/c_api.o")

  set(cxx_srcs)
  set(i 0)
  foreach(src IN LISTS X_SOURCES)
    get_filename_component(src "${src}" ABSOLUTE)
    if(src MATCHES "\\.c$")
      get_filename_component(stem "${src}" NAME_WE)
      set(obj "${objdir}/c${i}_${stem}.o")
      list(APPEND steps c${i})
      set(${p}_c${i}_OUTPUT "${obj}" PARENT_SCOPE)
      set(${p}_c${i}_INPUTS "${src}" PARENT_SCOPE)
      set(${p}_c${i}_COMMAND "${KARMEM_CLANG}" ${common} ${atomics} ${KARMEM_EXCHANGE_C_FLAGS} ${X_FLAGS} -c "${src}" -o "${obj}" PARENT_SCOPE)
      list(APPEND objs "${obj}")
      math(EXPR i "${i} + 1")
    else()
      list(APPEND cxx_srcs "${src}")
    endif()
  endforeach()

  set(link -mexec-model=reactor -Wl,--import-memory -Wl,--export-memory
      -Wl,--global-base=${R_BASE} -Wl,-z,stack-size=${X_STACK_SIZE}
      -Wl,--initial-memory=${R_LIMIT} -Wl,--strip-debug)
  if(X_THREADS)
    list(APPEND link -Wl,--shared-memory -Wl,--no-check-features -Wl,--max-memory=${X_MAX_MEMORY})
  endif()
  list(APPEND steps link)
  set(${p}_link_OUTPUT "${out}" PARENT_SCOPE)
  set(${p}_link_INPUTS ${cxx_srcs} ${objs} "${KARMEM_EXCHANGE_RUNTIME_DIR}/errno_shim.h" PARENT_SCOPE)
  set(${p}_link_COMMAND ${cxx} ${cxx_srcs} ${objs} ${link} ${X_LINK_FLAGS} -o "${out}" PARENT_SCOPE)
  set(${p}_STEPS ${steps} PARENT_SCOPE)
  set(${p}_OBJDIR "${objdir}" PARENT_SCOPE)
endfunction()

function(karmem_add_exchange_module name)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS "${KARMEM_RUNTIME_INCLUDE_DIR}/karmem/*.h")
  _karmem_exchange_plan(P "${name}" "${out}" ${ARGN})
  file(MAKE_DIRECTORY "${P_OBJDIR}")
  foreach(step IN LISTS P_STEPS)
    add_custom_command(
      OUTPUT "${P_${step}_OUTPUT}"
      COMMAND ${P_${step}_COMMAND}
      DEPENDS ${P_${step}_INPUTS} ${P_DEPENDS} ${headers}
      COMMENT "wasm32 exchange: ${name} (${step})"
      VERBATIM)
  endforeach()
  add_custom_target(${name} ALL DEPENDS "${out}")
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  foreach(var NAME OUT)
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "KarmemExchange.cmake -P: -D${var}=... is required")
    endif()
  endforeach()
  set(args SLOT "${SLOT}" SOURCES ${SOURCES})
  foreach(var SLOT_SIZE STACK_SIZE MAX_MEMORY)
    if(DEFINED ${var})
      list(APPEND args ${var} "${${var}}")
    endif()
  endforeach()
  foreach(var INCLUDE_DIRS FLAGS LINK_FLAGS)
    if(DEFINED ${var})
      list(APPEND args ${var} ${${var}})
    endif()
  endforeach()
  if(THREADS)
    list(APPEND args THREADS)
  endif()
  get_filename_component(OUT "${OUT}" ABSOLUTE)
  _karmem_exchange_plan(P "${NAME}" "${OUT}" ${args})
  file(MAKE_DIRECTORY "${P_OBJDIR}")
  foreach(step IN LISTS P_STEPS)
    execute_process(COMMAND ${P_${step}_COMMAND} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      _karmem_exchange_error("karmem exchange: ${NAME} (${step}) failed")
    endif()
  endforeach()
endif()
