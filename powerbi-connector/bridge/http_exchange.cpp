#include "http_exchange.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/write.hpp>
#include <iostream>
#include <limits>
#include <sstream>

#include "api_key.hpp"
#include "json_text.hpp"

namespace kpilot::bridge {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

Answer closing(ServiceReply reply, bool head = false) {
    return {std::make_shared<const ServiceReply>(std::move(reply)), false, head};
}

// For a log line: printable ASCII only, and short, so a request cannot forge log lines.
std::string printable(std::string_view text) {
    std::string out;
    for (unsigned char c : text.substr(0, 200)) out += c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '?';
    return out;
}

}  // namespace

void apply_limits(RequestParser& parser, const ServerLimits& limits) {
    parser.header_limit(static_cast<std::uint32_t>(limits.largest_header));
    // Only headers are read: a request with a body is answered (405 or 413)
    // and its connection closed, so no body limit applies; a limit here would
    // fail the header itself, before the method is known. (Not boost::none:
    // Boost 1.74 compares the length with the optional, and none loses.)
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
}

Answer answer_request(const ODataService& service, const ServerOptions& options, beast::error_code read,
                      const RequestParser& parser) {
    namespace asio_error = boost::asio::error;
    if (read == http::error::end_of_stream || read == asio_error::connection_reset ||
        read == asio_error::operation_aborted || read == asio_error::eof)
        return {};
    if (read == beast::error::timeout)
        return closing(ODataService::error_reply(408, "RequestTimeout", "the request took too long to arrive"));
    if (read == http::error::header_limit)
        return closing(
            ODataService::error_reply(431, "RequestHeaderFieldsTooLarge", "the request's headers are too large"));
    if (read) return closing(ODataService::error_reply(400, "BadRequest", "malformed HTTP request: " + read.message()));

    try {
        const auto& request = parser.get();
        const bool head = request.method() == http::verb::head;
        const bool get = request.method() == http::verb::get;
        // The body is never read, so a connection whose request has one cannot carry another.
        const bool body = parser.chunked() || parser.content_length().value_or(0) > 0;
        const bool keep_alive = request.keep_alive() && !body;
        if (!get && !head) {
            // RFC 9110 15.5.6: a method the resource does not support is a 405 with Allow, body or not.
            ServiceReply reply = ODataService::error_reply(405, "MethodNotAllowed",
                                                           "only GET and HEAD are served; the feed is read-only");
            reply.headers.emplace_back("Allow", "GET, HEAD");
            return {std::make_shared<const ServiceReply>(std::move(reply)), keep_alive, false};
        }
        if (body)
            return closing(
                ODataService::error_reply(413, "PayloadTooLarge", "requests to this read-only feed carry no body"),
                head);
        if (request.target().size() > options.limits.longest_target)
            return closing(ODataService::error_reply(
                               414, "URITooLong",
                               "the URL is longer than " + std::to_string(options.limits.longest_target) + " bytes"),
                           head);
        if (!options.api_key.empty() && !request_carries_key(options.api_key, view(request["X-API-Key"]),
                                                             view(request[http::field::authorization]))) {
            ServiceReply reply = ODataService::error_reply(
                401, "Unauthorized", "this bridge needs its API key (X-API-Key, or Basic/Bearer authorization)");
            reply.headers.emplace_back("WWW-Authenticate", "Basic realm=\"kpilot\"");
            return {std::make_shared<const ServiceReply>(std::move(reply)), keep_alive, head};
        }
        return {service.handle_shared({view(request.method_string()), view(request.target()),
                                       view(request[http::field::host]), view(request["Prefer"])}),
                keep_alive, head};
    } catch (const std::exception& e) {
        // A bug, not the client's doing: the client gets kpilot's words, the log gets the detail.
        std::cerr << "kpilot-bridge: internal error answering " << printable(view(parser.get().target())) << ": "
                  << printable(e.what()) << std::endl;
    } catch (...) {
        std::cerr << "kpilot-bridge: internal error answering " << printable(view(parser.get().target())) << std::endl;
    }
    return closing(ODataService::error_reply(
        500, "InternalError",
        "the bridge failed to answer this request; its log says why. Other requests are not affected."));
}

WireResponse wire_response(const Answer& answer, const ServerLimits& limits) {
    const ServiceReply& reply = *answer.reply;
    WireResponse response;
    response.result(reply.status);
    response.version(11);
    response.set(http::field::server, "kpilot-bridge");
    response.set(http::field::content_type, reply.content_type);
    for (const auto& [name, value] : reply.headers) response.set(name, value);
    response.keep_alive(answer.keep_alive);
    // Saying how long an idle connection stays open lets pooled clients avoid reusing one as it closes.
    if (answer.keep_alive)
        response.set(http::field::keep_alive, "timeout=" + std::to_string(limits.request_time.count()));
    // A HEAD reply announces the length of the body it does not send.
    if (!answer.head) response.body() = beast::span<const char>(reply.body.data(), reply.body.size());
    response.content_length(reply.body.size());
    return response;
}

std::vector<std::string> serve_bytes(const ODataService& service, const ServerOptions& options,
                                     std::string_view bytes) {
    std::vector<std::string> written;
    while (true) {
        RequestParser parser;
        apply_limits(parser, options.limits);
        beast::error_code ec;
        if (bytes.empty()) {
            ec = http::error::end_of_stream;  // the client sent nothing more and left
        } else {
            const std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
            bytes.remove_prefix(std::min(used, bytes.size()));
            // All the bytes there are, and still not a whole header: the client's end of stream ends it.
            if (ec == http::error::need_more || (!ec && !parser.is_header_done())) {
                ec = {};
                parser.put_eof(ec);
                if (!ec) ec = http::error::partial_message;
            }
        }
        const Answer answer = answer_request(service, options, ec, parser);
        if (!answer.reply) return written;
        WireResponse response = wire_response(answer, options.limits);
        std::ostringstream wire;
        if (answer.head) {
            wire << response.base();  // the header only, as async_write_header sends it
        } else {
            wire << response;
        }
        written.push_back(std::move(wire).str());
        if (!answer.keep_alive) return written;
    }
}

}  // namespace kpilot::bridge
