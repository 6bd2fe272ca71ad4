#pragma once
// The API key a bridge demands when it listens beyond loopback. Accepted as
// X-API-Key, as the password of Basic authentication (what a Power Query
// connector with Key authentication sends) or as a Bearer token; compared in
// constant time so response timing does not leak how much of a guess was right.

#include <string>
#include <string_view>

namespace kpilot::bridge {

bool constant_time_equals(std::string_view a, std::string_view b);

// Whether the request's headers carry the key.
bool request_carries_key(std::string_view key, std::string_view x_api_key, std::string_view authorization);

std::string base64_decode(std::string_view text);

}  // namespace kpilot::bridge
