#pragma once
// What the bridge answers on one connection, above the socket: the limits a
// request header is read under, the answer to each request (or to a request
// that could not be read), and the response as it goes on the wire. The
// server (http_server.cpp) only moves bytes; the fuzzer and the tests drive
// the same code with bytes from memory (serve_bytes).

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/span_body.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "odata_service.hpp"

namespace kpilot::bridge {

struct ServerLimits {
    std::size_t longest_target = 8 * 1024;
    std::size_t largest_header = 16 * 1024;
    // From a request's first byte to its last header byte; also how long an
    // idle keep-alive connection is kept.
    std::chrono::seconds request_time{10};
    // Open connections. When a new one would pass this, the one that has
    // waited longest for a request is closed to make room (see http_server.cpp).
    std::size_t most_connections = 256;
};

struct ServerOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8750;
    std::string api_key;  // empty: no key asked
    unsigned threads = 2;
    ServerLimits limits;
};

using RequestParser = boost::beast::http::request_parser<boost::beast::http::empty_body>;
using WireResponse = boost::beast::http::response<boost::beast::http::span_body<const char>>;

// A parser for the next request on a connection, with the server's limits.
void apply_limits(RequestParser& parser, const ServerLimits& limits);

struct Answer {
    std::shared_ptr<const ServiceReply> reply;  // none: close without a word (the client left)
    bool keep_alive = false;
    bool head = false;  // headers only
};

// The answer to a request whose header was read with `read` as the outcome
// (a read error is answered too: 400, 408, 431, or silence when the client
// left). Never throws: a failure inside is a 500 in kpilot's words and a line
// on stderr.
Answer answer_request(const ODataService& service, const ServerOptions& options, boost::beast::error_code read,
                      const RequestParser& parser);

// The response to write, viewing the answer's body (keep the answer alive until it is written).
WireResponse wire_response(const Answer& answer, const ServerLimits& limits);

// Every response a connection that sends `bytes` and then shuts down its
// sending side gets, as written on the wire, in order: pipelined requests one
// after another until one closes the connection or the bytes run out.
std::vector<std::string> serve_bytes(const ODataService& service, const ServerOptions& options, std::string_view bytes);

}  // namespace kpilot::bridge
