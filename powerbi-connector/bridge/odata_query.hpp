#pragma once
// OData v4 system query options over an entity set: $filter, $select,
// $orderby, $top, $skip, $count and the server's own $skiptoken. Every option
// is validated against the set's properties; a bad one is a 400 with a reason.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "entity_set.hpp"
#include "kpilot/result.hpp"

namespace kpilot::bridge {

struct FilterNode;

struct OrderKey {
    std::size_t property;
    bool descending = false;
};

struct QueryOptions {
    std::shared_ptr<const FilterNode> filter;
    std::vector<std::size_t> select;  // empty: every property
    std::vector<OrderKey> orderby;
    std::optional<std::size_t> top;
    std::size_t skip = 0;
    bool count = false;
    std::size_t skiptoken = 0;  // rows already sent by earlier pages
    std::string passthrough;    // the client's options, for the next page's link
};

// Limits that keep a hostile query cheap to refuse.
inline constexpr std::size_t longest_filter = 4096;
inline constexpr std::size_t deepest_filter = 32;

// query_string: what follows '?', still percent-encoded.
Result<QueryOptions> parse_query_options(std::string_view query_string, const EntitySet& set);

// Row indices that pass the filter, in the requested order (stable otherwise).
std::vector<std::size_t> matching_rows(const QueryOptions& options, const EntitySet& set);

// The rows of one page. $skip and $top apply to the client's view of the
// matching rows, $skiptoken pages through that view. Every sum saturates:
// $top=18446744073709551615 means "all", and a skip past the end is an
// empty page, as OData allows (part 2, 11.2.6.3 and 11.2.6.4).
struct PageBounds {
    std::size_t first = 0;  // the client's view is [first, last)
    std::size_t last = 0;
    std::size_t start = 0;  // this page is [start, end)
    std::size_t end = 0;
    bool more() const { return end < last; }
    // The $skiptoken of the next page.
    std::size_t next_skiptoken() const { return end - first; }
};
PageBounds page_bounds(std::size_t matching, const QueryOptions& options, std::size_t page_size);

std::string percent_decode(std::string_view text);
std::string percent_encode(std::string_view text);
// A query string part as it may stand in a link: bytes a URL may not hold
// (non-ASCII, controls, quotes, spaces) and a '%' that starts no escape are
// percent-encoded; everything else is kept as the client wrote it, so the
// link decodes to what the request did.
std::string url_safe(std::string_view raw);

}  // namespace kpilot::bridge
