#pragma once
// A row of an input file left out, and why: every reader reports these, and
// every front end shows them, so nothing is dropped silently.

#include <cstddef>
#include <string>

namespace kpilot {

struct InputRejection {
    std::size_t line = 0;
    std::string column;  // empty when the whole row is malformed
    std::string reason;
};

}  // namespace kpilot
