#include "odata_service.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "csdl.hpp"
#include "json_text.hpp"
#include "odata_query.hpp"

namespace kpilot::bridge {

namespace {

// Power BI treats a reply as v4 only when it carries OData-Version and a JSON
// content type, errors included.
constexpr std::string_view json_type =
    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false";

void json_value(std::string& out, const Value& v, EdmType type) {
    if (v.is_empty() || v.is_error()) {
        out += "null";  // never 0: a missing value stays missing
        return;
    }
    if (v.is_boolean()) {
        out += v.boolean() ? "true" : "false";
        return;
    }
    if (v.is_text()) {
        append_json_string(out, v.text());
        return;
    }
    const double x = v.number();
    // A value its declared type cannot hold is null, never a wrapped integer or a made-up date.
    if (type == EdmType::date) {
        if (!(x > -2147483648.0 && x < 2147483648.0))
            out += "null";
        else
            append_json_string(out, edm_date_text(x));
    } else if (type == EdmType::int64) {
        if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0))
            out += "null";
        else
            out += std::to_string(static_cast<long long>(x));
    } else if (!std::isfinite(x)) {
        out += "null";
    } else {
        char buffer[32];
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
        out.append(buffer, end);
    }
}

// Only a plain host[:port] goes into links; anything else could inject text into the payload.
bool plausible_host(std::string_view host) {
    if (host.empty() || host.size() > 255) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    });
}

std::size_t preferred_page_size(std::string_view prefer) {
    const std::string_view key = "odata.maxpagesize=";
    const std::size_t at = prefer.find(key);
    if (at == std::string_view::npos) return 0;
    std::size_t n = 0;
    const char* first = prefer.data() + at + key.size();
    std::from_chars(first, prefer.data() + prefer.size(), n);
    return n;
}

ServiceReply json_reply(std::string body) {
    ServiceReply reply;
    reply.content_type = std::string(json_type);
    reply.body = std::move(body);
    reply.headers.emplace_back("OData-Version", "4.0");
    return reply;
}

}  // namespace

ServiceReply ODataService::error_reply(unsigned status, std::string_view code, std::string_view message) {
    std::string body = "{\"error\":{\"code\":";
    append_json_string(body, code);
    body += ",\"message\":";
    append_json_string(body, message);
    body += "}}";
    ServiceReply reply = json_reply(std::move(body));
    reply.status = status;
    return reply;
}

std::string ODataService::service_root(std::string_view host) const {
    return "http://" + std::string(plausible_host(host) ? host : std::string_view(options_.fallback_host)) +
           options_.base_path + "/";
}

std::shared_ptr<const ServiceReply> ODataService::handle_shared(const ServiceRequest& request) const {
    if (request.method != "GET" && request.method != "HEAD") {
        ServiceReply reply =
            error_reply(405, "MethodNotAllowed", "only GET and HEAD are served; the feed is read-only");
        reply.headers.emplace_back("Allow", "GET, HEAD");
        return std::make_shared<const ServiceReply>(std::move(reply));
    }
    const auto snapshot = catalog_.snapshot();
    std::string key;
    key.reserve(request.target.size() + request.host.size() + request.prefer.size() + 2);
    key.append(request.target).append(1, '\n').append(request.host).append(1, '\n').append(request.prefer);
    {
        std::lock_guard lock(cache_mutex_);
        if (cache_version_ != snapshot->version) {
            cache_.clear();
            cached_bytes_ = 0;
            cache_version_ = snapshot->version;
        }
        if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    }
    auto reply = std::make_shared<const ServiceReply>(uncached_reply(request, *snapshot));
    if (reply->status != 200) return reply;
    std::lock_guard lock(cache_mutex_);
    if (cache_version_ == snapshot->version) {
        if (cache_.size() >= most_cached_replies || cached_bytes_ + reply->body.size() > most_cached_bytes) {
            cache_.clear();
            cached_bytes_ = 0;
        }
        cached_bytes_ += reply->body.size();
        cache_.emplace(std::move(key), reply);
    }
    return reply;
}

ServiceReply ODataService::uncached_reply(const ServiceRequest& request, const ServiceSnapshot& snapshot_ref) const {
    const std::size_t question = request.target.find('?');
    const std::string path = percent_decode(request.target.substr(0, question));
    const std::string_view query =
        question == std::string_view::npos ? std::string_view() : request.target.substr(question + 1);
    const std::string& base = options_.base_path;
    if (path == "/" || path.empty()) {
        ServiceReply reply;
        reply.status = 302;
        reply.headers.emplace_back("Location", base + "/");
        reply.headers.emplace_back("OData-Version", "4.0");  // on every reply, as Power BI's v4 detection wants
        reply.content_type = "text/plain";
        reply.body = "The OData service is at " + base + "/\n";
        return reply;
    }
    if (path != base && !path.starts_with(base + "/")) return error_reply(404, "NotFound", "no resource at " + path);
    std::string_view resource = std::string_view(path).substr(std::min(path.size(), base.size() + 1));
    const ServiceSnapshot* snapshot = &snapshot_ref;
    const std::string root = service_root(request.host);

    if (resource.empty()) {
        std::string body = "{\"@odata.context\":";
        append_json_string(body, root + "$metadata");
        body += ",\"value\":[";
        for (std::size_t i = 0; i < snapshot->sets.size(); ++i) {
            const auto& set = snapshot->sets[i];
            body += i ? ",{" : "{";
            body += "\"name\":";
            append_json_string(body, set.name);
            body += ",\"kind\":\"EntitySet\",\"url\":";
            append_json_string(body, set.name);
            body += "}";
        }
        body += "]}";
        return json_reply(std::move(body));
    }
    if (resource == "$metadata") {
        ServiceReply reply;
        reply.content_type = "application/xml";
        reply.body = csdl_metadata(*snapshot);
        reply.headers.emplace_back("OData-Version", "4.0");
        return reply;
    }
    bool count_only = false;
    if (resource.ends_with("/$count")) {
        count_only = true;
        resource.remove_suffix(7);
    }
    // Sets are found by name in the snapshot, never by path on disk.
    const EntitySet* set = snapshot->find(resource);
    if (!set) {
        if (resource.find('(') != std::string_view::npos)
            return error_reply(501, "NotImplemented",
                               "addressing a single entity by key is not supported; use $filter");
        return error_reply(404, "NotFound",
                           "no entity set '" + std::string(resource) + "'; the service document lists them");
    }
    return entity_set_reply(*set, query, count_only, request);
}

ServiceReply ODataService::entity_set_reply(const EntitySet& set, std::string_view query, bool count_only,
                                            const ServiceRequest& request) const {
    if (!set.unavailable.empty())
        return error_reply(503, "DatasetUnavailable",
                           set.name + " is not served: " + set.unavailable +
                               ". Its last good results are kept back rather than served as current; the set returns "
                               "once the file is fixed.");
    auto parsed = parse_query_options(query, set);
    if (!parsed) return error_reply(400, "BadRequest", parsed.error().message);
    const QueryOptions& options = parsed.value();
    const std::vector<std::size_t> rows = matching_rows(options, set);

    if (count_only) {
        ServiceReply reply;
        reply.content_type = "text/plain";
        reply.body = std::to_string(rows.size());
        reply.headers.emplace_back("OData-Version", "4.0");
        return reply;
    }
    const std::size_t asked = preferred_page_size(request.prefer);
    const std::size_t page_size =
        std::max<std::size_t>(1, asked ? std::min(asked, options_.largest_page_size) : options_.default_page_size);
    const PageBounds page = page_bounds(rows.size(), options, page_size);
    const std::size_t start = page.start, end = page.end;

    std::vector<std::size_t> columns = options.select;
    if (columns.empty())
        for (std::size_t c = 0; c < set.properties.size(); ++c) columns.push_back(c);

    const std::string root = service_root(request.host);
    std::string body;
    body.reserve(128 + (end - start) * columns.size() * 16);
    body += "{\"@odata.context\":";
    std::string context = root + "$metadata#" + set.name;
    if (!options.select.empty()) {
        context += "(";
        for (std::size_t i = 0; i < options.select.size(); ++i)
            context += (i ? "," : "") + set.properties[options.select[i]].name;
        context += ")";
    }
    append_json_string(body, context);
    // The count is of the filtered collection, before $top and $skip (OData 4.0 part 2, 11.2.5.5).
    if (options.count) body += ",\"@odata.count\":" + std::to_string(rows.size());
    body += ",\"value\":[";
    for (std::size_t r = start; r < end; ++r) {
        body += r == start ? "{" : ",{";
        const auto& row = set.rows[rows[r]];
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const Property& p = set.properties[columns[i]];
            if (i) body += ',';
            append_json_string(body, p.name);
            body += ':';
            json_value(body, row[columns[i]], p.type);
        }
        body += '}';
    }
    body += ']';
    // A next link only while rows remain, so clients that follow it always stop.
    if (page.more()) {
        std::string next = root + set.name + "?" + options.passthrough + (options.passthrough.empty() ? "" : "&") +
                           "$skiptoken=" + std::to_string(page.next_skiptoken());
        body += ",\"@odata.nextLink\":";
        append_json_string(body, next);
    }
    body += '}';
    ServiceReply reply = json_reply(std::move(body));
    if (asked) reply.headers.emplace_back("Preference-Applied", "odata.maxpagesize=" + std::to_string(page_size));
    return reply;
}

}  // namespace kpilot::bridge
