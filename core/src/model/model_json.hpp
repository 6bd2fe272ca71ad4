#pragma once
// A model file's text into a JSON document, or its first problem with the
// line and column, in kpilot's words. nlohmann's own messages and exceptions
// ("[json.exception.out_of_range.406] number overflow parsing '1e999'") name
// its internals, which a consultant cannot act on, and no exception may cross
// the core's API: the parser reports through a SAX handler here, never by
// throwing.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace kpilot::model {

struct JsonProblem {
    std::size_t line = 0;  // from 1; 0 when the problem is the whole file's
    std::size_t column = 0;
    std::string message;
};

// Deeper nesting than this is refused before parsing: the parser recurses.
inline constexpr std::size_t deepest_model_nesting = 16;

std::variant<nlohmann::ordered_json, JsonProblem> read_model_json(std::string_view text);

}  // namespace kpilot::model
