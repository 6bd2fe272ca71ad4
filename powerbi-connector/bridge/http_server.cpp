#include "http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>
#include <csignal>
#include <iostream>
#include <optional>
#include <thread>

#include "api_key.hpp"

namespace kpilot::bridge {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

struct Shared {
    const ODataService& service;
    const ServerOptions& options;
    std::atomic<std::size_t> connections{0};
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) { ++shared_.connections; }
    ~Session() { --shared_.connections; }

    void start() { read(); }

    // Over the connection limit: one short reply, then the socket closes.
    void refuse_busy() { send(ODataService::error_reply(503, "ServiceUnavailable", "too many connections; try again"), false, false); }

private:
    void read() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(shared_.options.limits.largest_header));
        parser_->body_limit(0);  // GET and HEAD carry no body
        stream_.expires_after(shared_.options.limits.request_time);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream || ec == asio::error::connection_reset || ec == asio::error::operation_aborted)
            return close();
        if (ec == beast::error::timeout) return send(ODataService::error_reply(408, "RequestTimeout", "the request took too long to arrive"), false, false);
        if (ec == http::error::header_limit)
            return send(ODataService::error_reply(431, "RequestHeaderFieldsTooLarge", "the request's headers are too large"), false, false);
        if (ec == http::error::body_limit)
            return send(ODataService::error_reply(413, "PayloadTooLarge", "requests to this read-only feed carry no body"), false, false);
        if (ec) return send(ODataService::error_reply(400, "BadRequest", "malformed HTTP request: " + ec.message()), false, false);

        const auto& request = parser_->get();
        const bool keep_alive = request.keep_alive();
        const bool head = request.method() == http::verb::head;
        if (request.target().size() > shared_.options.limits.longest_target)
            return send(ODataService::error_reply(414, "URITooLong", "the URL is longer than " +
                                                                         std::to_string(shared_.options.limits.longest_target) + " bytes"),
                        false, head);
        if (!shared_.options.api_key.empty() &&
            !request_carries_key(shared_.options.api_key, view(request["X-API-Key"]), view(request[http::field::authorization]))) {
            ServiceReply reply = ODataService::error_reply(401, "Unauthorized", "this bridge needs its API key (X-API-Key, or Basic/Bearer authorization)");
            reply.headers.emplace_back("WWW-Authenticate", "Basic realm=\"kpilot\"");
            return send(std::move(reply), keep_alive, head);
        }
        std::shared_ptr<const ServiceReply> reply;
        try {
            reply = shared_.service.handle_shared({view(request.method_string()), view(request.target()),
                                                   view(request[http::field::host]), view(request["Prefer"])});
        } catch (const std::exception& e) {
            reply = std::make_shared<const ServiceReply>(ODataService::error_reply(500, "InternalError", e.what()));
        }
        send(std::move(reply), keep_alive, head);
    }

    void send(ServiceReply reply, bool keep_alive, bool head) {
        send(std::make_shared<const ServiceReply>(std::move(reply)), keep_alive, head);
    }
    // The reply is shared with the cache and kept alive until written: no copy of its body.
    void send(std::shared_ptr<const ServiceReply> reply, bool keep_alive, bool head) {
        reply_ = std::move(reply);
        response_.emplace();
        response_->result(reply_->status);
        response_->version(11);
        response_->set(http::field::server, "kpilot-bridge");
        response_->set(http::field::content_type, reply_->content_type);
        for (const auto& [name, value] : reply_->headers) response_->set(name, value);
        response_->keep_alive(keep_alive);
        // Saying how long an idle connection stays open lets pooled clients avoid reusing one as it closes.
        if (keep_alive)
            response_->set(http::field::keep_alive, "timeout=" + std::to_string(shared_.options.limits.request_time.count()));
        const std::size_t length = reply_->body.size();
        if (!head) response_->body() = beast::span<const char>(reply_->body.data(), length);
        response_->content_length(length);
        stream_.expires_after(shared_.options.limits.request_time);
        if (head) {
            // A HEAD reply announces the length of the body it does not send.
            serializer_.emplace(*response_);
            http::async_write_header(stream_, *serializer_,
                                     beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
        } else {
            http::async_write(stream_, *response_, beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
        }
    }

    void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
        if (ec || !keep_alive) return close();
        read();
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    Shared& shared_;
    std::optional<http::request_parser<http::empty_body>> parser_;
    std::shared_ptr<const ServiceReply> reply_;
    std::optional<http::response<http::span_body<const char>>> response_;
    std::optional<http::response_serializer<http::span_body<const char>>> serializer_;
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(asio::io_context& io, tcp::acceptor& acceptor, Shared& shared) : io_(io), acceptor_(acceptor), shared_(shared) {}
    void accept() {
        acceptor_.async_accept(asio::make_strand(io_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

private:
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;  // shutting down
        if (!ec) {
            auto session = std::make_shared<Session>(std::move(socket), shared_);
            if (shared_.connections > shared_.options.limits.most_connections)
                session->refuse_busy();
            else
                session->start();
        }
        accept();
    }
    asio::io_context& io_;
    tcp::acceptor& acceptor_;
    Shared& shared_;
};

}  // namespace

std::string run_server(const ServerOptions& options, const ODataService& service,
                       const std::function<void(const std::string&, unsigned short)>& on_listening) {
    try {
        const unsigned threads = std::max(1u, options.threads);
        asio::io_context io(static_cast<int>(threads));
        beast::error_code ec;
        const auto address = asio::ip::make_address(options.address, ec);
        if (ec) return "'" + options.address + "' is not an IP address";
        tcp::acceptor acceptor(io);
        const tcp::endpoint endpoint(address, options.port);
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) return "cannot listen on " + options.address + ":" + std::to_string(options.port) + ": " + ec.message();

        Shared shared{service, options};
        std::make_shared<Listener>(io, acceptor, shared)->accept();
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](beast::error_code, int) {
            beast::error_code ignored;
            acceptor.close(ignored);
            io.stop();
        });
        on_listening(acceptor.local_endpoint().address().to_string(), acceptor.local_endpoint().port());
        std::vector<std::thread> workers;
        for (unsigned i = 1; i < threads; ++i) workers.emplace_back([&io] { io.run(); });
        io.run();
        for (auto& w : workers) w.join();
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

}  // namespace kpilot::bridge
