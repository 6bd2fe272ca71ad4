#pragma once
// The bridge's HTTP/1.1 server on Boost.Beast: every request bounded (URL and
// header sizes, time to send it, connections), only GET and HEAD, an API key
// when configured, and a malformed request answered with a 4xx while the
// server goes on serving the others.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "odata_service.hpp"

namespace kpilot::bridge {

struct ServerLimits {
    std::size_t longest_target = 8 * 1024;
    std::size_t largest_header = 16 * 1024;
    std::chrono::seconds request_time{10};
    std::size_t most_connections = 256;
};

struct ServerOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8750;
    std::string api_key;  // empty: no key asked
    unsigned threads = 2;
    ServerLimits limits;
};

// Runs until SIGINT or SIGTERM; reports the bound port through on_listening
// (useful with port 0). Returns an error message, or empty after a clean stop.
std::string run_server(const ServerOptions& options, const ODataService& service,
                       const std::function<void(const std::string& address, unsigned short port)>& on_listening);

}  // namespace kpilot::bridge
