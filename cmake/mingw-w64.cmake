# Cross-compiling for Windows with Debian's mingw-w64, shared by the two
# architecture toolchain files, which set KPILOT_MINGW_TRIPLE first.
#
# The -posix compilers: the default (win32 thread model) GCC 12 has no
# std::thread or std::mutex, which the core and the test host use.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER ${KPILOT_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${KPILOT_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${KPILOT_MINGW_TRIPLE}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${KPILOT_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
