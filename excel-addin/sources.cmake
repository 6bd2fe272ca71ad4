# Source lists shared by the native build (CMakeLists.txt) and the Windows
# builds (windows/CMakeLists.txt), so a new file is added in one place.
set(KPILOT_XLL_DIR ${CMAKE_CURRENT_LIST_DIR})

# The XLOPER12 conversion, registration and worksheet functions: portable C++.
set(KPILOT_XLL_CONVERSION_SOURCES
  ${KPILOT_XLL_DIR}/src/utf16.cpp
  ${KPILOT_XLL_DIR}/src/excel_callback.cpp
  ${KPILOT_XLL_DIR}/src/floating_point_state.cpp
  ${KPILOT_XLL_DIR}/src/excel_values.cpp
  ${KPILOT_XLL_DIR}/src/excel_arguments.cpp
  ${KPILOT_XLL_DIR}/src/number_buffers.cpp
  ${KPILOT_XLL_DIR}/src/excel_results.cpp
  ${KPILOT_XLL_DIR}/src/worksheet_functions.cpp
  ${KPILOT_XLL_DIR}/src/model_functions.cpp
  ${KPILOT_XLL_DIR}/src/attribution_arguments.cpp
  ${KPILOT_XLL_DIR}/src/attribution_function.cpp
  ${KPILOT_XLL_DIR}/src/registration.cpp
)
# What Excel calls, besides the generated worksheet-function exports.
set(KPILOT_XLL_ENTRY_SOURCES ${KPILOT_XLL_DIR}/src/addin_entry.cpp)

# Excel's side of the C API, played by the unit tests and by the wine host.
set(KPILOT_XLL_FAKE_EXCEL_SOURCES
  ${KPILOT_XLL_DIR}/tests/support/fake_excel.cpp
  ${KPILOT_XLL_DIR}/tests/support/excel_opers.cpp
)
