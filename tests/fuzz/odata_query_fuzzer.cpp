// The bridge's OData query options over arbitrary bytes: the query string as
// a client sends it (percent-encoded or not), parsed against a small entity
// set of every Edm type, then evaluated ($filter, $orderby) and paged. Checks
// what a client relies on: rows are real and distinct, pages stay inside the
// rows ($top, $skip and $skiptoken never wrap), the next link's query is a
// valid URL that decodes to what was asked, and every message is valid JSON.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "json_text.hpp"
#include "odata_query.hpp"

namespace {

using kpilot::Value;
using namespace kpilot::bridge;

[[noreturn]] void broken(const char* what) {
    std::fprintf(stderr, "odata_query invariant broken: %s\n", what);
    std::abort();
}

EntitySet sample_set() {
    EntitySet set;
    set.name = "Sample";
    set.entity_type = "Sample_Row";
    set.key = {"row_id"};
    set.properties = {{"row_id", EdmType::int64, false}, {"channel", EdmType::string}, {"period_start", EdmType::date},
                      {"value", EdmType::double_},       {"active", EdmType::boolean}, {"clicks", EdmType::int64}};
    // Nulls in every nullable column, text that is not UTF-8, ties for the sort.
    set.rows = {{Value(1.0), Value("Search"), Value(46204.0), Value(0.5), Value(true), Value(10.0)},
                {Value(2.0), Value("Email"), Value(46235.0), Value(), Value(false), Value(0.0)},
                {Value(3.0), Value("Social"), Value(46235.0), Value(0.25), Value(), Value(7.0)},
                {Value(4.0), Value(), Value(46266.0), Value(1.0), Value(true), Value()},
                {Value(5.0), Value("caf\xe9 'x'"), Value(), Value(-3e300), Value(false), Value(1e18)},
                {Value(6.0), Value("Search"), Value(46204.0), Value(0.5), Value(true), Value(-2.0)}};
    return set;
}

void check_json_text(std::string_view text) {
    std::string json = "[";
    append_json_string(json, text);
    json += "]";
    if (!is_valid_utf8(json)) broken("a JSON string is not valid UTF-8");
    if (!nlohmann::json::accept(json)) broken("a JSON string does not parse");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const EntitySet set = sample_set();
    const std::string_view query(reinterpret_cast<const char*>(data), size);

    // Percent-encoding: what encode writes, decode reads back.
    if (percent_decode(percent_encode(query)) != query) broken("percent_decode(percent_encode(x)) != x");
    const std::string safe = url_safe(query);
    for (unsigned char c : safe)
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == '#' || c == '<' || c == '>' || c == '\\')
            broken("url_safe kept a byte a URL may not hold");
    if (percent_decode(safe) != percent_decode(query)) broken("url_safe changed what the query decodes to");

    auto parsed = parse_query_options(query, set);
    if (!parsed) {
        check_json_text(parsed.error().message);
        return 0;
    }
    const QueryOptions& options = parsed.value();
    check_json_text(options.passthrough);
    if (url_safe(options.passthrough) != options.passthrough) broken("the next link's query is not URL-safe");

    const std::vector<std::size_t> rows = matching_rows(options, set);
    if (rows.size() > set.rows.size()) broken("more rows than the set holds");
    std::vector<bool> seen(set.rows.size());
    for (std::size_t r : rows) {
        if (r >= set.rows.size() || seen[r]) broken("a row out of range or twice");
        seen[r] = true;
    }
    for (std::size_t page_size : {std::size_t{1}, std::size_t{2}, std::size_t{10000}}) {
        const PageBounds page = page_bounds(rows.size(), options, page_size);
        if (!(page.first <= page.start && page.start <= page.end && page.end <= page.last && page.last <= rows.size()))
            broken("page bounds out of order");
        if (page.end - page.start > page_size) broken("a page longer than its size");
        if (options.top && page.last - page.first > *options.top) broken("more rows than $top");
        // Following next links visits each row of the client's view once, then stops.
        QueryOptions next = options;
        std::size_t visited = page.end - page.start;
        for (PageBounds p = page; p.more();) {
            const std::size_t token = p.next_skiptoken();
            if (token <= next.skiptoken) broken("a next link that does not move forward");
            next.skiptoken = token;
            p = page_bounds(rows.size(), next, page_size);
            visited += p.end - p.start;
            if (visited > rows.size()) broken("paging visits more rows than there are");
        }
        if (visited != page.last - page.start) broken("paging skipped rows");
    }
    return 0;
}
