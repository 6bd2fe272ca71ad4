#include "case_file.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace kpilot::testing {

namespace {

class LineParser {
public:
    explicit LineParser(std::string_view text) : text_(text) {}

    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool at_end() {
        skip_space();
        return pos_ >= text_.size();
    }
    bool accept(std::string_view token) {
        skip_space();
        if (text_.substr(pos_, token.size()) != token) return false;
        pos_ += token.size();
        return true;
    }
    void expect(std::string_view token) {
        if (!accept(token)) fail("expected '" + std::string(token) + "'");
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error(what + " at column " + std::to_string(pos_ + 1));
    }
    char peek() {
        skip_space();
        return pos_ < text_.size() ? text_[pos_] : '\0';
    }

    std::string function_name() {
        skip_space();
        const std::size_t start = pos_;
        while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.' ||
                                       text_[pos_] == '_'))
            ++pos_;
        if (start == pos_) fail("expected a function name");
        return std::string(text_.substr(start, pos_ - start));
    }

    std::string quoted() {
        expect("\"");
        std::string out;
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == '"') {
                if (pos_ < text_.size() && text_[pos_] == '"') {  // "" is a quote, as in Excel
                    out += '"';
                    ++pos_;
                    continue;
                }
                return out;
            }
            out += c;
        }
        fail("unterminated text");
    }

    Value scalar() {
        const char c = peek();
        if (c == '"') return Value(quoted());
        if (c == '#') {
            const std::size_t start = pos_;
            while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) && text_[pos_] != ',' &&
                   text_[pos_] != ')' && text_[pos_] != '}')
                ++pos_;
            auto kind = error_kind_from_code(text_.substr(start, pos_ - start));
            if (!kind) fail("unknown error code");
            return Value(Error{*kind, ""});
        }
        if (accept("TRUE")) return Value(true);
        if (accept("FALSE")) return Value(false);
        if (accept("EMPTY")) return Value();
        return Value(number());
    }

    double number() {
        skip_space();
        const std::size_t start = pos_;
        while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.' ||
                                       text_[pos_] == '-' || text_[pos_] == '+' || text_[pos_] == 'e' || text_[pos_] == 'E'))
            ++pos_;
        double x = 0;
        const auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, x);
        if (start == pos_ || ec != std::errc() || end != text_.data() + pos_) {
            pos_ = start;
            fail("expected a number, text, TRUE, FALSE, EMPTY or an error code");
        }
        return x;
    }

    // Inside braces an empty slot is an empty cell, as a blank cell in a range.
    Argument range() {
        expect("{");
        std::vector<Value> cells;
        if (accept("}")) return Argument::range(cells);
        while (true) {
            const char c = peek();
            cells.push_back(c == ',' || c == '}' ? Value() : scalar());
            if (accept("}")) return Argument::range(std::move(cells));
            expect(",");
        }
    }

    Argument argument() {
        const char c = peek();
        if (c == ',' || c == ')') return Argument::omitted();
        if (c == '{') return range();
        return Argument::scalar(scalar());
    }

    std::vector<Argument> arguments() {
        expect("(");
        std::vector<Argument> args;
        if (accept(")")) return args;
        while (true) {
            args.push_back(argument());
            if (accept(")")) return args;
            expect(",");
        }
    }

    Expected expected() {
        Expected e;
        e.value = scalar();
        if (e.value.is_error() && peek() == '"') e.message_contains = quoted();
        if (!at_end()) fail("unexpected text after the expected value");
        return e;
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// A comment starts with '#' followed by a space, so error codes such as #N/A are not comments.
std::pair<std::string, std::string> split_comment(const std::string& line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"') {
            for (++i; i < line.size() && line[i] != '"'; ++i) {
            }
            continue;
        }
        if (line[i] == '#' && (i + 1 == line.size() || line[i + 1] == ' ') && (i == 0 || line[i - 1] == ' '))
            return {line.substr(0, i), line.substr(std::min(line.size(), i + 2))};
    }
    return {line, ""};
}

}  // namespace

std::optional<ErrorKind> error_kind_from_code(std::string_view code) {
    for (ErrorKind k : {ErrorKind::div0, ErrorKind::value, ErrorKind::num, ErrorKind::na})
        if (error_code(k) == code) return k;
    return std::nullopt;
}

CaseFile read_case_file(const std::string& path) {
    CaseFile file;
    std::ifstream in(path);
    if (!in) {
        file.problems.push_back(path + ": cannot open");
        return file;
    }
    const std::string name = path.substr(path.find_last_of('/') + 1);
    std::string raw;
    int line_number = 0;
    while (std::getline(in, raw)) {
        ++line_number;
        const std::size_t first = raw.find_first_not_of(" \t");
        if (first == std::string::npos || raw[first] == '#') continue;  // blank, comment or heading
        auto [code, note] = split_comment(raw);
        if (code.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::size_t arrow = code.rfind("->");
        try {
            if (arrow == std::string::npos) throw std::runtime_error("expected '->'");
            LineParser call(std::string_view(code).substr(0, arrow));
            KpiCase c;
            c.file = name;
            c.line = line_number;
            c.source = raw;
            c.note = note;
            c.function = call.function_name();
            c.arguments = call.arguments();
            if (!call.at_end()) call.fail("unexpected text after the call");
            LineParser expectation(std::string_view(code).substr(arrow + 2));
            c.expected = expectation.expected();
            file.cases.push_back(std::move(c));
        } catch (const std::exception& e) {
            file.problems.push_back(name + ":" + std::to_string(line_number) + ": " + e.what());
        }
    }
    return file;
}

std::string mismatch(const Expected& expected, const Value& actual, const std::string& actual_message) {
    const Value& want = expected.value;
    const std::string got = to_display_text(actual) + (actual.is_error() ? " (" + actual_message + ")" : "");
    if (want.is_number()) {
        if (!actual.is_number()) return "expected " + to_display_text(want) + ", got " + got;
        const double tolerance = 1e-9 * std::max(1.0, std::fabs(want.number()));
        if (std::fabs(actual.number() - want.number()) > tolerance)
            return "expected " + to_display_text(want) + ", got " + got;
        return "";
    }
    if (want.is_error()) {
        if (!actual.is_error() || actual.error().kind != want.error().kind)
            return "expected " + to_display_text(want) + ", got " + got;
        if (actual_message.find(expected.message_contains) == std::string::npos)
            return "expected the message to mention \"" + expected.message_contains + "\", got \"" + actual_message + "\"";
        return "";
    }
    if (!(actual == want)) return "expected " + to_display_text(want) + ", got " + got;
    return "";
}

}  // namespace kpilot::testing
