#include "model/model_json.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace kpilot::model {

namespace {

using Json = nlohmann::ordered_json;

// Builds the document as nlohmann's parse() does, but keeps a parse error
// (with where the parser stood) instead of throwing it.
class DocumentBuilder : public nlohmann::detail::json_sax_dom_parser<Json> {
public:
    explicit DocumentBuilder(Json& document) : json_sax_dom_parser(document, false) {}

    // Hides the base's: sax_parse calls the handler's own type.
    template <class Exception>
    bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
        failure = Failure{position, token.size(), error.id};
        return false;
    }

    struct Failure {
        std::size_t bytes_read;    // through the byte the parser stopped at
        std::size_t token_length;  // of the token it read last (a number has no escaped bytes)
        int id;                    // nlohmann's exception id: 406 is a number no double holds
    };
    std::optional<Failure> failure;
};

std::size_t nesting_depth(std::string_view text) {
    std::size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

// The token as a reader can see it in a message: short, bytes that are not
// printable ASCII spelt \xNN (the message may land in a UTF-8 JSON reply).
std::string printable(std::string_view token) {
    constexpr std::size_t shown = 24;
    std::string text;
    for (std::size_t i = 0; i < token.size() && i < shown; ++i) {
        const auto byte = static_cast<unsigned char>(token[i]);
        if (byte >= 0x20 && byte < 0x7f) {
            text += static_cast<char>(byte);
        } else {
            constexpr char hex[] = "0123456789ABCDEF";
            text += "\\x";
            text += hex[byte >> 4];
            text += hex[byte & 15];
        }
    }
    if (token.size() > shown) text += "...";
    return text;
}

std::string quoted_token(std::string_view token) { return "'" + printable(token) + "'"; }

// Where the token starts: its line, and its column counted in characters
// (UTF-8 continuation bytes are not columns), both from 1.
JsonProblem problem_at(std::string_view text, std::size_t offset, std::string message) {
    JsonProblem problem{1, 1, std::move(message)};
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++problem.line;
            problem.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++problem.column;
        }
    }
    return problem;
}

// Whether the byte at `offset` lies inside a quoted string.
bool inside_text(std::string_view text, std::size_t offset) {
    bool in_string = false;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (in_string && text[i] == '\\')
            ++i;
        else if (text[i] == '"')
            in_string = !in_string;
    }
    return in_string;
}

bool is_word_byte(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == '_';
}

// The parser stopped at the byte `offset`: say what stands there, the whole
// word when it is one ("tru", "x1"), with a hint for the usual slips.
JsonProblem syntax_problem(std::string_view text, std::size_t offset) {
    if (offset >= text.size())
        return problem_at(text, text.size(),
                          "not valid JSON: the text ends before the JSON does (a '{', '[' or '\"' left open?)");
    const bool in_string = inside_text(text, offset);
    std::size_t start = offset, end = offset + 1;
    if (!in_string && is_word_byte(text[offset])) {
        while (start > 0 && is_word_byte(text[start - 1])) --start;
        while (end < text.size() && is_word_byte(text[end])) ++end;
    } else if (!in_string) {
        // "tru}": the word the parser was reading when this byte ended it.
        while (start > 0 && std::isalpha(static_cast<unsigned char>(text[start - 1]))) --start;
    }
    const auto byte = static_cast<unsigned char>(text[offset]);
    std::string what = "not valid JSON: unexpected " + quoted_token(text.substr(start, end - start));
    if (in_string && byte < 0x20)
        what += " in text (a line break or tab inside quotes is written \\n or \\t)";
    else if (in_string && byte >= 0x80)
        what += " in text (the file must be UTF-8)";
    else if (in_string && offset > 0 && text[offset - 1] == '\\')
        what += " after '\\' (an escape is \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits)";
    else if (in_string)
        what += " in text (\\u takes four hex digits)";
    else if (byte == '\'')
        what += " (JSON puts text in double quotes)";
    return problem_at(text, start, std::move(what));
}

}  // namespace

std::variant<Json, JsonProblem> read_model_json(std::string_view text) {
    if (const std::size_t deepest = nesting_depth(text); deepest > deepest_model_nesting)
        return JsonProblem{0, 0, "nests JSON " + std::to_string(deepest) + " levels deep; a model needs at most 4"};
    Json root;
    DocumentBuilder builder(root);
    const bool parsed = Json::sax_parse(text, &builder);
    if (parsed && !builder.failure) return root;
    if (!builder.failure) return JsonProblem{0, 0, "not valid JSON"};
    const auto& failure = *builder.failure;
    if (failure.id == 406) {
        const std::size_t end = std::min(failure.bytes_read, text.size());
        const std::size_t start = end - std::min(end, failure.token_length);
        return problem_at(text, start,
                          "the number " + printable(text.substr(start, end - start)) +
                              " is too large (a number can be at most about 1.8e308 either side of zero)");
    }
    return syntax_problem(text, failure.bytes_read == 0 ? 0 : failure.bytes_read - 1);
}

}  // namespace kpilot::model
