#include "kpilot/number_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>
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
    std::optional<double> value(int exponent) {
        if (exponent != 0) {
            push('e');
            size_ = static_cast<std::size_t>(std::to_chars(data_ + size_, data_ + capacity(), exponent).ptr - data_);
        }
        double x = 0;
        const auto [end, ec] = std::from_chars(data_, data_ + size_, x);
        if (ec != std::errc() || end != data_ + size_) return std::nullopt;
        return x;
    }

private:
    std::size_t capacity() const { return large_.empty() ? small_.size() : large_.size(); }

    std::array<char, 64> small_{};
    std::string large_;
    char* data_ = small_.data();
    std::size_t size_ = 0;
};

// Large enough to overflow or underflow any double, small enough not to overflow int.
constexpr int exponent_limit = 100000;

// Reads sign, integer part with its groups, fraction and exponent in one pass,
// writing the plain spelling as it goes.
class NumberReader {
public:
    NumberReader(std::string_view text, bool decimal_comma)
        // Room for "e-100002" on top of the text, which otherwise only shrinks.
        : text_(text), decimal_comma_(decimal_comma), plain_(text.size() + 16) {}

    std::optional<double> read(int exponent_shift) {
        read_sign();
        const auto integer_digits = read_integer_part();
        if (!integer_digits) return std::nullopt;
        if (*integer_digits + read_fraction() == 0) return std::nullopt;
        const auto exponent = read_exponent();
        if (!exponent || pos_ != text_.size()) return std::nullopt;
        return plain_.value(*exponent + exponent_shift);
    }

private:
    bool next_is(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
    bool next_is_digit() const { return pos_ < text_.size() && is_digit(text_[pos_]); }

    std::size_t copy_digits() {
        const std::size_t start = pos_;
        while (next_is_digit()) plain_.push(text_[pos_++]);
        return pos_ - start;
    }

    void read_sign() {
        if (next_is('-')) plain_.push('-');
        if (next_is('-') || next_is('+')) ++pos_;
    }

    // Digit count, or nullopt when the grouping is wrong.
    std::optional<std::size_t> read_integer_part() {
        const std::size_t start = pos_;
        std::size_t digits = copy_digits();
        if (digits == 0 || digits > 3) return digits;
        std::string_view separator_used;  // one number does not mix "1 234.567"
        while (const std::size_t length = thousands_separator_at(text_.substr(pos_), decimal_comma_)) {
            const std::string_view separator = text_.substr(pos_, length);
            if (!separator_used.empty() && separator != separator_used) return std::nullopt;
            if (text_[start] == '0') return std::nullopt;
            if (!three_digits_then_no_digit(text_.substr(pos_ + length))) return std::nullopt;
            separator_used = separator;
            pos_ += length;
            digits += copy_digits();
        }
        return digits;
    }

    std::size_t read_fraction() {
        if (!next_is(decimal_comma_ ? ',' : '.')) return 0;
        plain_.push('.');
        ++pos_;
        return copy_digits();
    }

    // 0 when there is none, nullopt for an 'e' without digits.
    std::optional<int> read_exponent() {
        if (!next_is('e') && !next_is('E')) return 0;
        ++pos_;
        const bool negative = next_is('-');
        if (next_is('-') || next_is('+')) ++pos_;
        if (!next_is_digit()) return std::nullopt;
        int exponent = 0;
        for (; next_is_digit(); ++pos_)
            if (exponent < exponent_limit) exponent = exponent * 10 + (text_[pos_] - '0');
        return negative ? -exponent : exponent;
    }

    std::string_view text_;
    bool decimal_comma_;
    PlainSpelling plain_;
    std::size_t pos_ = 0;
};

}  // namespace

std::optional<double> parse_number_text(std::string_view text, bool decimal_comma) {
    text = trim_spaces_and_tabs(text);
    // Most cells of a large export are whole numbers ("3", "1200"): read
    // those directly. Up to 15 digits every value is exact in a double, and
    // digits alone mean the same with either decimal mark.
    if (!text.empty() && text.size() <= 15) {
        std::uint64_t whole = 0;
        std::size_t i = 0;
        while (i < text.size() && is_digit(text[i])) whole = whole * 10 + static_cast<std::uint64_t>(text[i++] - '0');
        if (i == text.size()) return static_cast<double>(whole);
    }
    const bool percent = text.ends_with('%');
    if (percent) text = trim_space_before_percent(text.substr(0, text.size() - 1));
    if (text.empty()) return std::nullopt;
    // "12.3%" reads as 12.3e-2 rather than 12.3 / 100, so the result is the
    // double nearest 0.123 and not one rounding step away from it.
    return NumberReader(text, decimal_comma).read(percent ? -2 : 0);
}

}  // namespace kpilot
