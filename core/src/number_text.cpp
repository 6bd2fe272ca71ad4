#include "kpilot/number_text.hpp"

#include <array>
#include <charconv>
#include <string>

namespace kpilot {

namespace {

// Spreadsheets and French typography put these between digit groups and
// before '%'; they arrive as UTF-8 in exports.
constexpr std::string_view no_break_space = "\xC2\xA0";             // U+00A0
constexpr std::string_view narrow_no_break_space = "\xE2\x80\xAF";  // U+202F

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_spaces_and_tabs(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// "12,5 %" and "12,5\u202F%": the space before the sign is typographic.
std::string_view trim_space_before_percent(std::string_view text) {
    while (true) {
        if (text.ends_with(' ') || text.ends_with('\t'))
            text.remove_suffix(1);
        else if (text.ends_with(no_break_space))
            text.remove_suffix(no_break_space.size());
        else if (text.ends_with(narrow_no_break_space))
            text.remove_suffix(narrow_no_break_space.size());
        else
            return text;
    }
}

// Bytes of the thousands separator at the start of `rest`, 0 when there is none.
std::size_t thousands_separator_at(std::string_view rest, bool decimal_comma) {
    if (rest.empty()) return 0;
    if (!decimal_comma) return rest.front() == ',' ? 1 : 0;
    if (rest.front() == ' ' || rest.front() == '.') return 1;
    if (rest.starts_with(no_break_space)) return no_break_space.size();
    if (rest.starts_with(narrow_no_break_space)) return narrow_no_break_space.size();
    return 0;
}

bool three_digits_then_no_digit(std::string_view rest) {
    return rest.size() >= 3 && is_digit(rest[0]) && is_digit(rest[1]) && is_digit(rest[2]) &&
           (rest.size() == 3 || !is_digit(rest[3]));
}

// The number rewritten as from_chars reads it ("-1234.5e-2"): no '+', no
// grouping, '.' as the decimal mark. On the stack for every realistic cell so
// reading a million cells does not allocate a million times.
class PlainSpelling {
public:
    explicit PlainSpelling(std::size_t capacity) {
        if (capacity > small_.size()) {
            large_.resize(capacity);
            data_ = large_.data();
        }
    }
    PlainSpelling(const PlainSpelling&) = delete;
    PlainSpelling& operator=(const PlainSpelling&) = delete;

    void push(char c) { data_[size_++] = c; }
    void push(std::string_view text) {
        for (char c : text) push(c);
    }
    std::optional<double> value() const {
        double x = 0;
        const auto [end, ec] = std::from_chars(data_, data_ + size_, x);
        if (ec != std::errc() || end != data_ + size_) return std::nullopt;
        return x;
    }

private:
    std::array<char, 64> small_{};
    std::string large_;
    char* data_ = small_.data();
    std::size_t size_ = 0;
};

// Large enough to overflow or underflow any double, small enough not to overflow int.
constexpr int exponent_limit = 100000;

}  // namespace

std::optional<double> parse_number_text(std::string_view text, bool decimal_comma) {
    text = trim_spaces_and_tabs(text);
    const bool percent = text.ends_with('%');
    if (percent) text = trim_space_before_percent(text.substr(0, text.size() - 1));
    if (text.empty()) return std::nullopt;

    // Room for "e-100002" on top of the text, which only ever shrinks otherwise.
    PlainSpelling plain(text.size() + 16);
    std::size_t i = 0;
    const std::size_t n = text.size();

    if (text[i] == '+' || text[i] == '-') {
        if (text[i] == '-') plain.push('-');
        ++i;
    }

    const std::size_t integer_start = i;
    while (i < n && is_digit(text[i])) plain.push(text[i++]);
    std::size_t integer_digits = i - integer_start;
    if (integer_digits >= 1 && integer_digits <= 3) {
        std::string_view separator_used;  // one number does not mix "1 234.567"
        while (const std::size_t length = thousands_separator_at(text.substr(i), decimal_comma)) {
            const std::string_view separator = text.substr(i, length);
            if (!separator_used.empty() && separator != separator_used) return std::nullopt;
            if (text[integer_start] == '0') return std::nullopt;
            if (!three_digits_then_no_digit(text.substr(i + length))) return std::nullopt;
            separator_used = separator;
            plain.push(text.substr(i + length, 3));
            i += length + 3;
            integer_digits += 3;
        }
    }

    std::size_t fraction_digits = 0;
    if (i < n && text[i] == (decimal_comma ? ',' : '.')) {
        plain.push('.');
        ++i;
        while (i < n && is_digit(text[i])) {
            plain.push(text[i++]);
            ++fraction_digits;
        }
    }
    if (integer_digits + fraction_digits == 0) return std::nullopt;

    int exponent = 0;
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
        if (i == n || !is_digit(text[i])) return std::nullopt;
        while (i < n && is_digit(text[i])) {
            if (exponent < exponent_limit) exponent = exponent * 10 + (text[i] - '0');
            ++i;
        }
        if (negative) exponent = -exponent;
    }
    if (i != n) return std::nullopt;

    // "12.3%" becomes 12.3e-2 rather than 12.3 / 100, so the result is the
    // double nearest 0.123 and not one rounding step away from it.
    if (percent) exponent -= 2;
    if (exponent != 0) {
        std::array<char, 16> digits{};
        const auto written = std::to_chars(digits.data(), digits.data() + digits.size(), exponent);
        plain.push('e');
        plain.push(std::string_view(digits.data(), static_cast<std::size_t>(written.ptr - digits.data())));
    }
    return plain.value();
}

}  // namespace kpilot
