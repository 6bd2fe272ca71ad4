#include "json_text.hpp"

namespace kpilot::bridge {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";

// The sequence at text[at]: a well-formed one (Unicode table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF), or, when ill-formed, its
// maximal subpart (the lead byte and the bytes that could still have continued
// it), which one U+FFFD replaces.
struct Sequence {
    std::size_t length;
    bool valid;
};

Sequence sequence_at(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) return {1, true};
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead == 0xE0)
        length = 3, low = 0xA0;
    else if (lead >= 0xE1 && lead <= 0xEC)
        length = 3;
    else if (lead == 0xED)
        length = 3, high = 0x9F;
    else if (lead >= 0xEE && lead <= 0xEF)
        length = 3;
    else if (lead == 0xF0)
        length = 4, low = 0x90;
    else if (lead >= 0xF1 && lead <= 0xF3)
        length = 4;
    else if (lead == 0xF4)
        length = 4, high = 0x8F;
    else
        return {1, false};
    for (std::size_t n = 1; n < length; ++n) {
        if (at + n >= text.size()) return {n, false};
        const auto next = static_cast<unsigned char>(text[at + n]);
        if (next < (n == 1 ? low : 0x80) || next > (n == 1 ? high : 0xBF)) return {n, false};
    }
    return {length, true};
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const Sequence sequence = sequence_at(text, i);
        if (!sequence.valid) return false;
        i += sequence.length;
    }
    return true;
}

std::string valid_utf8(std::string_view text) {
    if (is_valid_utf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size();) {
        const Sequence sequence = sequence_at(text, i);
        if (sequence.valid)
            out.append(text.substr(i, sequence.length));
        else
            out.append(replacement);
        i += sequence.length;
    }
    return out;
}

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const Sequence sequence = sequence_at(text, i);
            if (sequence.valid)
                out.append(text.substr(i, sequence.length));
            else
                out += "\\ufffd";
            i += sequence.length;
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
        ++i;
    }
    out += '"';
}

}  // namespace kpilot::bridge
