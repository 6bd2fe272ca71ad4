# The two Windows builds (windows/CMakeLists.txt, one per architecture), the
# wine-hosted tests of both XLLs, the benchmark target and the release zip.

find_program(KPILOT_MINGW_X64 x86_64-w64-mingw32-g++-posix)
find_program(KPILOT_MINGW_X86 i686-w64-mingw32-g++-posix)
if(NOT KPILOT_MINGW_X64 OR NOT KPILOT_MINGW_X86)
  message(FATAL_ERROR
    "kpilot's Excel add-in is cross-compiled with mingw-w64, which is not installed here. Install the Debian "
    "packages g++-mingw-w64-x86-64-posix and g++-mingw-w64-i686-posix (./test.sh and scripts/install-deps.sh "
    "do), or configure with -DKPILOT_BUILD_XLL=OFF to build without the add-in.")
endif()

find_program(KPILOT_MINGW_OBJDUMP_x64 x86_64-w64-mingw32-objdump REQUIRED)
find_program(KPILOT_MINGW_OBJDUMP_x86 i686-w64-mingw32-objdump REQUIRED)

include(ExternalProject)
# The same warnings as the native build, -Werror included when it is on.
get_directory_property(kpilot_compile_options COMPILE_OPTIONS)
string(REPLACE ";" "|" kpilot_compile_options "${kpilot_compile_options}")

set(KPILOT_XLL_TOOLCHAIN_x64 ${PROJECT_SOURCE_DIR}/cmake/mingw-w64-x86_64.cmake)
set(KPILOT_XLL_TOOLCHAIN_x86 ${PROJECT_SOURCE_DIR}/cmake/mingw-w64-i686.cmake)
foreach(arch x64 x86)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${arch})
  set(KPILOT_XLL_${arch} ${dir}/kpilot-${arch}.xll)
  set(KPILOT_XLL_HOST_${arch} ${dir}/kpilot-xll-host-${arch}.exe)
  set(KPILOT_XLL_BENCH_${arch} ${dir}/kpilot-xll-bench-${arch}.exe)
  ExternalProject_Add(kpilot_xll_${arch}
    SOURCE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/windows
    BINARY_DIR ${dir}
    LIST_SEPARATOR |
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${KPILOT_XLL_TOOLCHAIN_${arch}}
      -DCMAKE_BUILD_TYPE=Release
      -DKPILOT_SOURCE_DIR=${PROJECT_SOURCE_DIR}
      -DKPILOT_XLL_ARCH=${arch}
      -DKPILOT_XLL_EXPORTS=${KPILOT_XLL_EXPORTS}
      -DKPILOT_COMPILE_OPTIONS=${kpilot_compile_options}
    # Always hand over to the sub-build: its own Ninja knows when a core source changed.
    BUILD_ALWAYS TRUE
    # One sub-build at a time (Ninja's console pool): each runs its own parallel jobs, and
    # two at once beside the native build would put three times the cores' worth of
    # compilers on the machine.
    USES_TERMINAL_BUILD TRUE
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS ${KPILOT_XLL_${arch}} ${KPILOT_XLL_HOST_${arch}} ${KPILOT_XLL_BENCH_${arch}}
    DEPENDS kpilot_xll_exports)
endforeach()

set(KPILOT_WINE_PREFIX ${CMAKE_CURRENT_BINARY_DIR}/wineprefix)
set(KPILOT_WINE_SCRIPT ${CMAKE_CURRENT_SOURCE_DIR}/tests/wine.sh)

if(KPILOT_BUILD_TESTS)
  find_program(KPILOT_WINE wine)
  find_program(KPILOT_WINESERVER wineserver)
  if(NOT KPILOT_WINE OR NOT KPILOT_WINESERVER)
    message(FATAL_ERROR
      "The Excel add-in's tests run the XLLs under wine, which is not installed here. Install the Debian packages "
      "wine and wine64 (./test.sh and scripts/install-deps.sh do), or configure with -DKPILOT_BUILD_XLL=OFF.")
  endif()

  # One wine prefix for every wine test, booted once (a fixture) and shut down after.
  add_test(NAME xll_wine_start COMMAND ${KPILOT_WINE_SCRIPT} start ${KPILOT_WINE_PREFIX})
  add_test(NAME xll_wine_stop COMMAND ${KPILOT_WINE_SCRIPT} stop ${KPILOT_WINE_PREFIX})
  set_tests_properties(xll_wine_start PROPERTIES FIXTURES_SETUP xll_wine TIMEOUT 300)
  set_tests_properties(xll_wine_stop PROPERTIES FIXTURES_CLEANUP xll_wine)

  foreach(arch x64 x86)
    # Each run writes every case's result to the bit, for xll_x86_matches_x64.
    set(KPILOT_XLL_RESULTS_${arch} ${CMAKE_CURRENT_BINARY_DIR}/host-results-${arch}.txt)
    add_test(NAME xll_host_${arch}
      COMMAND ${KPILOT_WINE_SCRIPT} run ${KPILOT_WINE_PREFIX} ${arch}
              ${KPILOT_XLL_HOST_${arch}} ${KPILOT_XLL_${arch}} ${KPILOT_CASES_FILE} ${KPILOT_ATTRIBUTION_CASES_FILE}
              ${KPILOT_XLL_RESULTS_${arch}})
    # The closing line must say nothing failed, since wine can exit 0 when it could not
    # run a program; wine.sh adds "FAILED:" when the host's exit code is not 0, or when this
    # machine's wine cannot run 32-bit programs.
    set_tests_properties(xll_host_${arch} PROPERTIES
      FIXTURES_REQUIRED xll_wine
      PASS_REGULAR_EXPRESSION "(^|\n)[1-9][0-9]* passed, 0 failed"
      FAIL_REGULAR_EXPRESSION "(^|\n)FAILED:"
      TIMEOUT 300)
  endforeach()

  # A KPI gives the same double in 32-bit Excel as in 64-bit Excel (src/floating_point_state.hpp).
  add_test(NAME xll_x86_matches_x64
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tests/compare_results.sh ${KPILOT_XLL_RESULTS_x64} ${KPILOT_XLL_RESULTS_x86})
  set_tests_properties(xll_x86_matches_x64 PROPERTIES
    DEPENDS "xll_host_x64;xll_host_x86"
    PASS_REGULAR_EXPRESSION "bit for bit the same"
    FAIL_REGULAR_EXPRESSION "(^|\n)FAILED:")

  foreach(arch x64 x86)
    add_test(NAME xll_file_${arch}
      COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tests/check_xll_file.sh ${KPILOT_MINGW_OBJDUMP_${arch}} ${KPILOT_XLL_${arch}})
  endforeach()

  # A short run of the benchmark, so it keeps working; the full one is the xll-bench target.
  add_test(NAME xll_bench_quick_x64
    COMMAND ${KPILOT_WINE_SCRIPT} run ${KPILOT_WINE_PREFIX} x64 ${KPILOT_XLL_BENCH_x64} ${KPILOT_XLL_x64} --quick)
  set_tests_properties(xll_bench_quick_x64 PROPERTIES
    FIXTURES_REQUIRED xll_wine
    FAIL_REGULAR_EXPRESSION "(^|\n)(FAILED:|MISMATCH)"
    TIMEOUT 300)
endif()

# cmake --build build --target xll-bench: the full benchmark, both XLLs.
add_custom_target(xll-bench
  COMMAND ${KPILOT_WINE_SCRIPT} start ${KPILOT_WINE_PREFIX}
  COMMAND ${KPILOT_WINE_SCRIPT} bench ${KPILOT_WINE_PREFIX} x64 ${KPILOT_XLL_BENCH_x64} ${KPILOT_XLL_x64}
  COMMAND ${KPILOT_WINE_SCRIPT} bench ${KPILOT_WINE_PREFIX} x86 ${KPILOT_XLL_BENCH_x86} ${KPILOT_XLL_x86}
  COMMAND ${KPILOT_WINE_SCRIPT} stop ${KPILOT_WINE_PREFIX}
  DEPENDS kpilot_xll_x64 kpilot_xll_x86
  USES_TERMINAL
  COMMENT "Benchmarking the XLLs against the core under wine")

include(${PROJECT_SOURCE_DIR}/cmake/ExcelAddinPackage.cmake)
if(KPILOT_BUILD_TESTS)
  add_test(NAME xll_release_zip
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tests/release_zip.sh ${CMAKE_CPACK_COMMAND} ${CMAKE_COMMAND}
            ${CMAKE_BINARY_DIR}/CPackConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/release-zip-test)
  set_tests_properties(xll_release_zip PROPERTIES FAIL_REGULAR_EXPRESSION "(^|\n)FAILED:")
endif()
