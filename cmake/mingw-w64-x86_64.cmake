# 64-bit Windows (kpilot-x64.xll, for 64-bit Excel).
set(KPILOT_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64.cmake)
