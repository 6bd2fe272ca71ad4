#pragma once
// The last resort at the core's API: whatever a reader still throws (out of
// memory on a huge export, a library's exception no check foresaw) comes back
// as a #VALUE! naming the file. No exception may reach a front end (an Excel
// calculation thread, a bridge worker, the command line's main), and a
// library's exception text is nothing a user can act on, so it is not shown.
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "kpilot/result.hpp"

namespace kpilot {

template <class Read>
auto errors_as_values(std::string_view source, Read&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const std::bad_alloc&) {
        return make_error(ErrorKind::value, std::string(source) + ": too large to read into memory");
    } catch (const std::exception&) {
        return make_error(ErrorKind::value, std::string(source) +
                                                ": could not be read (kpilot failed on something in it; please report "
                                                "the file)");
    }
}

}  // namespace kpilot
