#pragma once
// The bridge's HTTP/1.1 server on Boost.Beast: every request bounded (URL and
// header sizes, time to send it, connections), only GET and HEAD, an API key
// when configured, and a malformed request answered with a 4xx while the
// server goes on serving the others. What each request is answered is in
// http_exchange.hpp; this moves the bytes.

#include <functional>
#include <string>

#include "http_exchange.hpp"

namespace kpilot::bridge {

// Runs until SIGINT or SIGTERM; reports the bound port through on_listening
// (useful with port 0). Returns an error message, or empty after a clean stop.
std::string run_server(const ServerOptions& options, const ODataService& service,
                       const std::function<void(const std::string& address, unsigned short port)>& on_listening);

}  // namespace kpilot::bridge
