#pragma once
// The OData v4 service as a function from a request to a reply, with no
// network in sight: the HTTP server hands requests in, tests call it directly.

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dataset_catalog.hpp"

namespace kpilot::bridge {

struct ServiceRequest {
    std::string_view method;  // GET or HEAD
    std::string_view target;  // "/odata/Marketing_Values?$top=5"
    std::string_view host;    // the Host header, for absolute links
    std::string_view prefer;  // the Prefer header ("odata.maxpagesize=500")
};

struct ServiceReply {
    unsigned status = 200;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

struct ServiceOptions {
    std::string base_path = "/odata";
    std::size_t default_page_size = 10000;
    std::size_t largest_page_size = 50000;
    std::string fallback_host = "127.0.0.1";  // when a request's Host header is missing or odd
};

class ODataService {
public:
    ODataService(DatasetCatalog& catalog, ServiceOptions options) : catalog_(catalog), options_(std::move(options)) {}
    // Thread-safe. Replies to the same request against the same inputs come
    // from a cache: the feed changes only when its files do.
    ServiceReply handle(const ServiceRequest& request) const { return *handle_shared(request); }
    std::shared_ptr<const ServiceReply> handle_shared(const ServiceRequest& request) const;

    // Links use the Host header; this is for requests without a usable one.
    // Set it before serving (it is not guarded for concurrent use).
    void set_fallback_host(std::string host) { options_.fallback_host = std::move(host); }

    // An OData error body with the headers every reply carries.
    static ServiceReply error_reply(unsigned status, std::string_view code, std::string_view message);

private:
    std::string service_root(std::string_view host) const;
    ServiceReply entity_set_reply(const EntitySet& set, std::string_view query, bool count_only, const ServiceRequest& request) const;
    ServiceReply uncached_reply(const ServiceRequest& request, const ServiceSnapshot& snapshot) const;

    DatasetCatalog& catalog_;
    ServiceOptions options_;

    // Bounded by entries and bytes; cleared whole when the inputs change or it fills.
    static constexpr std::size_t most_cached_replies = 1024;
    static constexpr std::size_t most_cached_bytes = std::size_t{128} << 20;
    mutable std::mutex cache_mutex_;
    mutable std::unordered_map<std::string, std::shared_ptr<const ServiceReply>> cache_;
    mutable std::uint64_t cache_version_ = 0;
    mutable std::size_t cached_bytes_ = 0;
};

}  // namespace kpilot::bridge
