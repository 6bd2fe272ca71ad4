#include "http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace kpilot::bridge {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

class Session;

// The open connections, so that a full server can make room. A connection
// waiting for a request (an idle keep-alive one, one that has not sent a
// byte, or a slow one part-way through its header) may be closed for a new
// one, the longest-waiting first; one whose request is being answered never
// is. So connections that send nothing cannot lock clients out: they are the
// first to go, and each is gone after request_time anyway.
class ConnectionTable {
public:
    explicit ConnectionTable(std::size_t most) : most_(std::max<std::size_t>(1, most)) {}

    struct Admission {
        bool admitted = false;
        std::shared_ptr<Session> evicted;  // to close to make room
    };
    Admission admit(const std::shared_ptr<Session>& session) {
        Admission admission;
        std::lock_guard lock(mutex_);
        if (entries_.size() >= most_) {
            auto longest = entries_.end();
            for (auto it = entries_.begin(); it != entries_.end(); ++it)
                if (it->second.waiting && (longest == entries_.end() || it->second.since < longest->second.since))
                    longest = it;
            if (longest == entries_.end()) return admission;  // every connection is being answered
            admission.evicted = longest->second.session.lock();
            entries_.erase(longest);
        }
        entries_[session.get()] = {session, true, Clock::now()};
        admission.admitted = true;
        return admission;
    }
    void set_waiting(const Session* session, bool waiting) {
        std::lock_guard lock(mutex_);
        if (auto it = entries_.find(session); it != entries_.end()) {
            it->second.waiting = waiting;
            it->second.since = Clock::now();
        }
    }
    void leave(const Session* session) {
        std::lock_guard lock(mutex_);
        entries_.erase(session);
    }

private:
    struct Entry {
        std::weak_ptr<Session> session;
        bool waiting = true;
        Clock::time_point since;
    };
    const std::size_t most_;
    std::mutex mutex_;
    std::unordered_map<const Session*, Entry> entries_;
};

// What every session shares. Each session holds it, so it lives as long as
// the last of them, even one the io_context destroys at shutdown.
struct Shared {
    Shared(const ODataService& s, const ServerOptions& o)
        : service(s), options(o), connections(o.limits.most_connections) {}
    const ODataService& service;
    const ServerOptions& options;
    ConnectionTable connections;
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, std::shared_ptr<Shared> shared)
        : stream_(std::move(socket)), shared_(std::move(shared)) {}
    ~Session() { shared_->connections.leave(this); }

    void start() { read(); }

    // Over the connection limit with nobody to make room: one short reply, then the socket closes.
    void refuse_busy() {
        send({std::make_shared<const ServiceReply>(ODataService::error_reply(
                  503, "ServiceUnavailable", "every connection is busy answering a request; try again")),
              false, false});
    }

    // Closes the connection to make room for a new one: now if it is waiting
    // for a request, else once its answer is written. Thread-safe.
    void evict() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            self->evicted_ = true;
            if (self->waiting_) self->stream_.close();
        });
    }

private:
    void read() {
        parser_.emplace();
        apply_limits(*parser_, shared_->options.limits);
        waiting_ = true;
        shared_->connections.set_waiting(this, true);
        // One deadline for the whole header: a client sending a byte at a time cannot hold the connection.
        stream_.expires_after(shared_->options.limits.request_time);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        waiting_ = false;
        shared_->connections.set_waiting(this, false);
        if (evicted_) return close();
        Answer answer = answer_request(shared_->service, shared_->options, ec, *parser_);
        if (!answer.reply) return close();
        send(std::move(answer));
    }

    void send(Answer answer) {
        answer_ = std::move(answer);
        response_.emplace(wire_response(answer_, shared_->options.limits));
        stream_.expires_after(shared_->options.limits.request_time);
        if (answer_.head) {
            serializer_.emplace(*response_);
            http::async_write_header(stream_, *serializer_,
                                     beast::bind_front_handler(&Session::on_write, shared_from_this()));
        } else {
            http::async_write(stream_, *response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
        }
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec || !answer_.keep_alive || evicted_) return close();
        read();
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::shared_ptr<Shared> shared_;
    bool waiting_ = false;  // for a request; read and written on the session's strand only
    bool evicted_ = false;
    std::optional<RequestParser> parser_;
    Answer answer_;  // the reply is shared with the cache and kept alive until written: no copy of its body
    std::optional<WireResponse> response_;
    std::optional<http::response_serializer<http::span_body<const char>>> serializer_;
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(asio::io_context& io, tcp::acceptor& acceptor, std::shared_ptr<Shared> shared)
        : io_(io), acceptor_(acceptor), shared_(std::move(shared)) {}
    void accept() {
        acceptor_.async_accept(asio::make_strand(io_),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

private:
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;  // shutting down
        if (!ec) {
            auto session = std::make_shared<Session>(std::move(socket), shared_);
            const auto admission = shared_->connections.admit(session);
            if (admission.evicted) admission.evicted->evict();
            if (admission.admitted)
                session->start();
            else
                session->refuse_busy();
        }
        accept();
    }
    asio::io_context& io_;
    tcp::acceptor& acceptor_;
    std::shared_ptr<Shared> shared_;
};

// A worker thread's loop: a handler that throws is logged and the thread serves on; nothing reaches std::terminate.
void serve(asio::io_context& io) {
    while (true) {
        try {
            io.run();
            return;
        } catch (const std::exception& e) {
            std::cerr << "kpilot-bridge: internal error in a worker thread (" << e.what() << "); serving on"
                      << std::endl;
        } catch (...) {
            std::cerr << "kpilot-bridge: internal error in a worker thread; serving on" << std::endl;
        }
    }
}

}  // namespace

std::string run_server(const ServerOptions& options, const ODataService& service,
                       const std::function<void(const std::string&, unsigned short)>& on_listening) {
    try {
        const unsigned threads = std::max(1u, options.threads);
        auto shared = std::make_shared<Shared>(service, options);
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

        std::make_shared<Listener>(io, acceptor, shared)->accept();
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](beast::error_code, int) {
            beast::error_code ignored;
            acceptor.close(ignored);
            io.stop();
        });
        on_listening(acceptor.local_endpoint().address().to_string(), acceptor.local_endpoint().port());
        std::vector<std::thread> workers;
        for (unsigned i = 1; i < threads; ++i) workers.emplace_back([&io] { serve(io); });
        serve(io);
        for (auto& w : workers) w.join();
        // Sessions still open are destroyed with the io_context, after this; they hold `shared` themselves.
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

}  // namespace kpilot::bridge
