// $filter is parsed into a small tree with types checked against the entity
// set, so that "Value eq 'x'" is refused up front instead of matching nothing.
#include "odata_query.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "kpilot/dates.hpp"

namespace kpilot::bridge {

enum class CompareOp { eq, ne, gt, ge, lt, le };

struct Operand {
    bool is_property = false;
    std::size_t property = 0;
    Value literal;                // Value() is the null literal
    std::optional<EdmType> type;  // none for null
};

struct FilterNode {
    enum class Kind { logical_and, logical_or, logical_not, compare } kind = Kind::compare;
    CompareOp op = CompareOp::eq;
    Operand left, right;
    std::shared_ptr<const FilterNode> a, b;
};

namespace {

Error bad_request(std::string message) { return make_error(ErrorKind::value, std::move(message)); }

struct FilterFailure {
    std::string message;
};

class FilterParser {
public:
    FilterParser(std::string_view text, const EntitySet& set) : text_(text), set_(set) {}

    std::shared_ptr<const FilterNode> parse() {
        auto node = disjunction();
        skip_space();
        if (pos_ < text_.size()) fail("unexpected '" + std::string(text_.substr(pos_, 20)) + "'");
        return node;
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        throw FilterFailure{"$filter at position " + std::to_string(pos_ + 1) + ": " + message};
    }
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    // A keyword must stand alone: "and" is not the start of "android".
    bool accept_word(std::string_view word) {
        skip_space();
        if (text_.substr(pos_, word.size()) != word) return false;
        const std::size_t end = pos_ + word.size();
        if (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_'))
            return false;
        pos_ = end;
        return true;
    }
    bool accept(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    struct DepthGuard {
        DepthGuard(FilterParser& p) : parser(p) {
            if (++parser.depth_ > deepest_filter) parser.fail("nested too deep");
        }
        ~DepthGuard() { --parser.depth_; }
        FilterParser& parser;
    };

    std::shared_ptr<const FilterNode> disjunction() {
        auto left = conjunction();
        while (accept_word("or")) {
            auto node = std::make_shared<FilterNode>();
            node->kind = FilterNode::Kind::logical_or;
            node->a = left;
            node->b = conjunction();
            left = node;
        }
        return left;
    }
    std::shared_ptr<const FilterNode> conjunction() {
        auto left = negation();
        while (accept_word("and")) {
            auto node = std::make_shared<FilterNode>();
            node->kind = FilterNode::Kind::logical_and;
            node->a = left;
            node->b = negation();
            left = node;
        }
        return left;
    }
    std::shared_ptr<const FilterNode> negation() {
        DepthGuard guard(*this);
        if (accept_word("not")) {
            auto node = std::make_shared<FilterNode>();
            node->kind = FilterNode::Kind::logical_not;
            node->a = negation();
            return node;
        }
        if (accept('(')) {
            auto inner = disjunction();
            if (!accept(')')) fail("expected ')'");
            return inner;
        }
        return comparison();
    }

    std::shared_ptr<const FilterNode> comparison() {
        auto node = std::make_shared<FilterNode>();
        node->left = operand();
        static const std::pair<std::string_view, CompareOp> ops[] = {{"eq", CompareOp::eq}, {"ne", CompareOp::ne},
                                                                     {"gt", CompareOp::gt}, {"ge", CompareOp::ge},
                                                                     {"lt", CompareOp::lt}, {"le", CompareOp::le}};
        bool found = false;
        for (const auto& [word, op] : ops)
            if (accept_word(word)) {
                node->op = op;
                found = true;
                break;
            }
        if (!found) fail("expected a comparison (eq, ne, gt, ge, lt, le)");
        node->right = operand();
        check_types(*node);
        return node;
    }

    void check_types(const FilterNode& node) const {
        const auto& l = node.left;
        const auto& r = node.right;
        if (!l.is_property && !r.is_property) fail("a comparison needs a property on at least one side");
        if (!l.type || !r.type) {
            if (node.op != CompareOp::eq && node.op != CompareOp::ne) fail("null can only be compared with eq or ne");
            return;
        }
        auto numeric = [](EdmType t) { return t == EdmType::double_ || t == EdmType::int64; };
        if (*l.type == *r.type || (numeric(*l.type) && numeric(*r.type))) return;
        auto describe = [&](const Operand& o) {
            return o.is_property ? set_.properties[o.property].name + " (" + std::string(edm_name(*o.type)) + ")"
                                 : std::string(edm_name(*o.type)) + " literal";
        };
        fail("cannot compare " + describe(l) + " with " + describe(r));
    }

    Operand operand() {
        skip_space();
        Operand o;
        if (pos_ >= text_.size()) fail("expected a property or a literal");
        const char c = text_[pos_];
        if (c == '\'') {
            std::string text;
            ++pos_;
            while (true) {
                if (pos_ >= text_.size()) fail("text literal never closed");
                if (text_[pos_] == '\'') {
                    if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
                        text += '\'';
                        pos_ += 2;
                        continue;
                    }
                    ++pos_;
                    break;
                }
                text += text_[pos_++];
            }
            o.literal = Value(text);
            o.type = EdmType::string;
            return o;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.') {
            const std::size_t start = pos_;
            while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                           text_[pos_] == '.' || text_[pos_] == '-' || text_[pos_] == '+'))
                ++pos_;
            std::string_view token = text_.substr(start, pos_ - start);
            if (token.size() == 10 && token[4] == '-' && token[7] == '-') {
                auto serial = parse_date(token, DateOrder::iso);
                if (!serial) fail("'" + std::string(token) + "' is not a date");
                o.literal = Value(static_cast<double>(*serial));
                o.type = EdmType::date;
                return o;
            }
            // OData suffixes: 12.5d, 12.5m, 12L.
            if (!token.empty() &&
                (token.back() == 'd' || token.back() == 'D' || token.back() == 'm' || token.back() == 'M' ||
                 token.back() == 'L' || token.back() == 'l' || token.back() == 'f' || token.back() == 'F'))
                token.remove_suffix(1);
            double x = 0;
            const char* first = token.data() + (token.starts_with('+') ? 1 : 0);
            const auto [end, ec] = std::from_chars(first, token.data() + token.size(), x);
            if (ec != std::errc() || end != token.data() + token.size() || !std::isfinite(x))
                fail("'" + std::string(token) + "' is not a number");
            o.literal = Value(x);
            o.type = EdmType::double_;
            return o;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            const std::size_t start = pos_;
            while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
                ++pos_;
            const std::string_view name = text_.substr(start, pos_ - start);
            if (name == "null") return o;
            if (name == "true" || name == "false") {
                o.literal = Value(name == "true");
                o.type = EdmType::boolean;
                return o;
            }
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == '(')
                fail("functions such as " + std::string(name) +
                     "() are not supported; use eq, ne, gt, ge, lt, le, and, or, not");
            const std::size_t index = set_.property_index(name);
            if (index == std::string::npos) fail("no property '" + std::string(name) + "' in " + set_.name);
            o.is_property = true;
            o.property = index;
            o.type = set_.properties[index].type;
            return o;
        }
        fail("unexpected '" + std::string(1, c) + "'");
    }

    std::string_view text_;
    const EntitySet& set_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;
};

const Value& operand_value(const Operand& o, const std::vector<Value>& row) {
    return o.is_property ? row[o.property] : o.literal;
}

// OData ordering: null sorts lowest; numbers and dates by value; text by code point.
int compare_values(const Value& a, const Value& b) {
    if (a.is_empty() || b.is_empty()) return a.is_empty() == b.is_empty() ? 0 : (a.is_empty() ? -1 : 1);
    if (a.is_number() && b.is_number()) return a.number() < b.number() ? -1 : (a.number() > b.number() ? 1 : 0);
    if (a.is_text() && b.is_text()) return a.text().compare(b.text()) < 0 ? -1 : (a.text() == b.text() ? 0 : 1);
    if (a.is_boolean() && b.is_boolean()) return static_cast<int>(a.boolean()) - static_cast<int>(b.boolean());
    return 0;
}

bool holds(const FilterNode& node, const std::vector<Value>& row) {
    switch (node.kind) {
        case FilterNode::Kind::logical_and: return holds(*node.a, row) && holds(*node.b, row);
        case FilterNode::Kind::logical_or: return holds(*node.a, row) || holds(*node.b, row);
        case FilterNode::Kind::logical_not: return !holds(*node.a, row);
        case FilterNode::Kind::compare: break;
    }
    const Value& a = operand_value(node.left, row);
    const Value& b = operand_value(node.right, row);
    const bool a_null = a.is_empty(), b_null = b.is_empty();
    if (a_null || b_null) {
        // null equals only null; ordering against null is false.
        if (node.op == CompareOp::eq) return a_null && b_null;
        if (node.op == CompareOp::ne) return a_null != b_null;
        return false;
    }
    const int order = compare_values(a, b);
    switch (node.op) {
        case CompareOp::eq: return order == 0;
        case CompareOp::ne: return order != 0;
        case CompareOp::gt: return order > 0;
        case CompareOp::ge: return order >= 0;
        case CompareOp::lt: return order < 0;
        case CompareOp::le: return order <= 0;
    }
    return false;
}

std::optional<std::size_t> whole_number(std::string_view text) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
}

std::string trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return std::string(text);
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(trim(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

}  // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '$' || c == ',' || c == '\'' ||
            c == '(' || c == ')')
            out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string url_safe(std::string_view raw) {
    static constexpr char hex[] = "0123456789ABCDEF";
    // RFC 3986's unreserved and sub-delims, and ':', '@', '/', '?'; '%' only before two hex digits.
    static constexpr std::string_view kept = "-._~!$&'()*+,;=:@/?";
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto c = static_cast<unsigned char>(raw[i]);
        const bool escape = c == '%' && i + 2 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
                            std::isxdigit(static_cast<unsigned char>(raw[i + 2]));
        if ((c < 0x80 && std::isalnum(c)) || (c != 0 && kept.find(static_cast<char>(c)) != std::string_view::npos) ||
            escape) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

namespace {
std::size_t saturating_add(std::size_t a, std::size_t b) { return b > SIZE_MAX - a ? SIZE_MAX : a + b; }
}  // namespace

PageBounds page_bounds(std::size_t matching, const QueryOptions& options, std::size_t page_size) {
    PageBounds page;
    page.first = std::min(matching, options.skip);
    page.last = options.top ? std::min(matching, saturating_add(page.first, *options.top)) : matching;
    page.start = std::min(page.last, saturating_add(page.first, options.skiptoken));
    page.end = std::min(page.last, saturating_add(page.start, std::max<std::size_t>(page_size, 1)));
    return page;
}

Result<QueryOptions> parse_query_options(std::string_view query_string, const EntitySet& set) {
    QueryOptions options;
    for (const std::string& pair : split(query_string, '&')) {
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        const std::string name = percent_decode(pair.substr(0, eq));
        const std::string value = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
        if (name != "$skiptoken") options.passthrough += (options.passthrough.empty() ? "" : "&") + url_safe(pair);
        if (name == "$filter") {
            if (value.size() > longest_filter)
                return bad_request("$filter is longer than " + std::to_string(longest_filter) + " characters");
            try {
                options.filter = FilterParser(value, set).parse();
            } catch (const FilterFailure& failure) {
                return bad_request(failure.message);
            }
        } else if (name == "$select") {
            if (trim(value) == "*") continue;
            for (const std::string& property : split(value, ',')) {
                const std::size_t index = set.property_index(property);
                if (index == std::string::npos)
                    return bad_request("$select: no property '" + property + "' in " + set.name);
                options.select.push_back(index);
            }
        } else if (name == "$orderby") {
            for (const std::string& clause : split(value, ',')) {
                const std::size_t space = clause.find(' ');
                const std::string property = clause.substr(0, space);
                const std::string direction = space == std::string::npos ? "asc" : trim(clause.substr(space + 1));
                const std::size_t index = set.property_index(property);
                if (index == std::string::npos)
                    return bad_request("$orderby: no property '" + property + "' in " + set.name);
                if (direction != "asc" && direction != "desc")
                    return bad_request("$orderby: '" + direction + "' must be asc or desc");
                options.orderby.push_back({index, direction == "desc"});
            }
        } else if (name == "$top" || name == "$skip" || name == "$skiptoken") {
            auto n = whole_number(value);
            if (!n) return bad_request(name + " must be a whole number of rows, got '" + value + "'");
            if (name == "$top") options.top = *n;
            if (name == "$skip") options.skip = *n;
            if (name == "$skiptoken") options.skiptoken = *n;
        } else if (name == "$count") {
            if (value != "true" && value != "false") return bad_request("$count must be true or false");
            options.count = value == "true";
        } else if (name == "$format") {
            if (value != "json" && !value.starts_with("application/json"))
                return bad_request("$format: only json is served");
        } else if (name.starts_with("$")) {
            return bad_request(name + " is not supported (supported: $filter, $select, $orderby, $top, $skip, $count)");
        }
        // Other (custom) options are ignored, as OData allows.
    }
    return options;
}

std::vector<std::size_t> matching_rows(const QueryOptions& options, const EntitySet& set) {
    std::vector<std::size_t> rows;
    rows.reserve(set.rows.size());
    for (std::size_t i = 0; i < set.rows.size(); ++i)
        if (!options.filter || holds(*options.filter, set.rows[i])) rows.push_back(i);
    if (!options.orderby.empty())
        std::stable_sort(rows.begin(), rows.end(), [&](std::size_t x, std::size_t y) {
            for (const OrderKey& key : options.orderby) {
                const int order = compare_values(set.rows[x][key.property], set.rows[y][key.property]);
                if (order != 0) return key.descending ? order > 0 : order < 0;
            }
            return false;
        });
    return rows;
}

}  // namespace kpilot::bridge
