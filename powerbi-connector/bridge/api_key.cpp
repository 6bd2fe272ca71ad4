#include "api_key.hpp"

#include <cstdint>

namespace kpilot::bridge {

bool constant_time_equals(std::string_view a, std::string_view b) {
    // Every byte of the longer one is looked at whatever the contents, and
    // the lengths are folded in instead of returning early on them.
    std::size_t difference = a.size() ^ b.size();
    const std::size_t n = a.size() > b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
        const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0u;
        difference |= x ^ y;
    }
    return difference == 0;
}

std::string base64_decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = value(c);
        if (v < 0) continue;  // padding and whitespace
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

bool request_carries_key(std::string_view key, std::string_view x_api_key, std::string_view authorization) {
    bool ok = false;
    if (!x_api_key.empty()) ok |= constant_time_equals(x_api_key, key);
    if (authorization.starts_with("Basic ")) {
        // Power Query sends the key as a password with an empty user name: ":" + key.
        const std::string decoded = base64_decode(authorization.substr(6));
        const std::size_t colon = decoded.find(':');
        ok |= constant_time_equals(colon == std::string::npos ? decoded : std::string_view(decoded).substr(colon + 1), key);
    } else if (authorization.starts_with("Bearer ")) {
        ok |= constant_time_equals(authorization.substr(7), key);
    }
    return ok;
}

}  // namespace kpilot::bridge
