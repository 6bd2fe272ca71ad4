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

std::string percent_decode(std::string_view text);
std::string percent_encode(std::string_view text);

}  // namespace kpilot::bridge
