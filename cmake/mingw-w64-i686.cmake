# 32-bit Windows (kpilot-x86.xll, for 32-bit Excel).
set(KPILOT_MINGW_TRIPLE i686-w64-mingw32)
set(CMAKE_SYSTEM_PROCESSOR x86)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64.cmake)
