// OData query options over a small hand-made entity set.
#include "odata_query.hpp"

#include <gtest/gtest.h>

#include "api_key.hpp"

namespace kpilot::bridge {
namespace {

EntitySet sample_set() {
    EntitySet set;
    set.name = "Sample";
    set.entity_type = "Sample_Row";
    set.key = {"row_id"};
    set.properties = {{"row_id", EdmType::int64, false},
                      {"channel", EdmType::string},
                      {"period_start", EdmType::date},
                      {"value", EdmType::double_}};
    // Rows: 1 Search 2026-07-01 0.5; 2 Email 2026-08-01 null; 3 Social 2026-08-01 0.25; 4 null channel 2026-09-01 1.
    set.rows = {{Value(1.0), Value("Search"), Value(46204.0), Value(0.5)},
                {Value(2.0), Value("Email"), Value(46235.0), Value()},
                {Value(3.0), Value("Social"), Value(46235.0), Value(0.25)},
                {Value(4.0), Value(), Value(46266.0), Value(1.0)}};
    return set;
}

std::vector<double> ids(std::string_view query) {
    const EntitySet set = sample_set();
    auto options = parse_query_options(query, set);
    EXPECT_TRUE(options) << query << ": " << (options ? "" : options.error().message);
    std::vector<double> out;
    if (!options) return out;
    for (std::size_t r : matching_rows(options.value(), set)) out.push_back(set.rows[r][0].number());
    return out;
}

std::string error_of(std::string_view query) {
    auto options = parse_query_options(query, sample_set());
    EXPECT_FALSE(options) << query;
    return options ? "" : options.error().message;
}

TEST(ODataFilter, ComparisonsAndLogic) {
    EXPECT_EQ(ids("$filter=channel eq 'Email'"), (std::vector<double>{2}));
    EXPECT_EQ(ids("$filter=value gt 0.3"), (std::vector<double>{1, 4}));
    EXPECT_EQ(ids("$filter=value ge 0.25 and value lt 1"), (std::vector<double>{1, 3}));
    EXPECT_EQ(ids("$filter=channel eq 'Search' or channel eq 'Social'"), (std::vector<double>{1, 3}));
    EXPECT_EQ(ids("$filter=not (channel eq 'Search')"), (std::vector<double>{2, 3, 4}));
    EXPECT_EQ(ids("$filter=period_start ge 2026-08-01 and period_start lt 2026-09-01"), (std::vector<double>{2, 3}));
    EXPECT_EQ(ids("$filter=row_id le 2"), (std::vector<double>{1, 2}));
    EXPECT_EQ(ids("$filter=%28value%20eq%200.5%29"), (std::vector<double>{1}));  // percent-encoded
}

TEST(ODataFilter, NullEqualsOnlyNullAndDoesNotOrder) {
    EXPECT_EQ(ids("$filter=value eq null"), (std::vector<double>{2}));
    EXPECT_EQ(ids("$filter=value ne null"), (std::vector<double>{1, 3, 4}));
    EXPECT_EQ(ids("$filter=channel ne 'Email'"), (std::vector<double>{1, 3, 4}));  // null ne 'Email' is true
    EXPECT_EQ(ids("$filter=value lt 100"), (std::vector<double>{1, 3, 4}));        // null lt 100 is false
}

TEST(ODataFilter, TextLiteralsEscapeQuotesByDoublingThem) {
    EntitySet set = sample_set();
    set.rows[0][1] = Value("O'Brien");
    auto options = parse_query_options("$filter=channel eq 'O''Brien'", set);
    ASSERT_TRUE(options);
    EXPECT_EQ(matching_rows(options.value(), set), (std::vector<std::size_t>{0}));
}

TEST(ODataFilter, RejectsWhatItCannotAnswerWithAReason) {
    EXPECT_EQ(error_of("$filter=value eq 'x'"),
              "$filter at position 13: cannot compare value (Edm.Double) with Edm.String literal");
    EXPECT_NE(error_of("$filter=colour eq 'red'").find("no property 'colour' in Sample"), std::string::npos);
    EXPECT_NE(error_of("$filter=channel eq").find("expected a property or a literal"), std::string::npos);
    EXPECT_NE(error_of("$filter=channel 'x'").find("expected a comparison"), std::string::npos);
    EXPECT_NE(error_of("$filter=(channel eq 'x'").find("expected ')'"), std::string::npos);
    EXPECT_NE(error_of("$filter=contains(channel,'S')").find("not supported"), std::string::npos);
    EXPECT_NE(error_of("$filter=value gt null").find("null can only be compared with eq or ne"), std::string::npos);
    EXPECT_NE(error_of("$filter=period_start eq 2026-02-30").find("is not a date"), std::string::npos);
    EXPECT_NE(
        error_of("$filter=" + std::string(100, '(') + "value eq 1" + std::string(100, ')')).find("nested too deep"),
        std::string::npos);
    EXPECT_NE(error_of("$filter=" + std::string(5000, 'x')).find("longer than"), std::string::npos);
}

TEST(ODataOptions, SelectOrderTopSkipCount) {
    EXPECT_EQ(ids("$orderby=value desc"), (std::vector<double>{4, 1, 3, 2}));  // null sorts lowest
    EXPECT_EQ(ids("$orderby=value"), (std::vector<double>{2, 3, 1, 4}));
    EXPECT_EQ(ids("$orderby=period_start desc,row_id asc"), (std::vector<double>{4, 2, 3, 1}));
    auto options = parse_query_options("$select=channel,value&$top=2&$skip=1&$count=true", sample_set());
    ASSERT_TRUE(options);
    EXPECT_EQ(options.value().select, (std::vector<std::size_t>{1, 3}));
    EXPECT_EQ(options.value().top, 2u);
    EXPECT_EQ(options.value().skip, 1u);
    EXPECT_TRUE(options.value().count);
    EXPECT_NE(error_of("$select=colour").find("$select: no property 'colour'"), std::string::npos);
    EXPECT_EQ(error_of("$top=abc"), "$top must be a whole number of rows, got 'abc'");
    EXPECT_EQ(error_of("$skip=-1"), "$skip must be a whole number of rows, got '-1'");
    EXPECT_NE(error_of("$orderby=value sideways").find("must be asc or desc"), std::string::npos);
    EXPECT_NE(error_of("$expand=x").find("$expand is not supported"), std::string::npos);
    EXPECT_TRUE(parse_query_options("custom=1&$format=json", sample_set()));  // custom options are ignored
}

// Found by fuzzing (issue 11): $skip + $top and $skip + $skiptoken wrapped around 2^64.
TEST(ODataPaging, HugeTopSkipAndSkiptokenSaturateInsteadOfWrapping) {
    const auto page = [](std::string_view query, std::size_t rows, std::size_t page_size) {
        auto options = parse_query_options(query, sample_set());
        EXPECT_TRUE(options) << query;
        return page_bounds(rows, options.value(), page_size);
    };
    const PageBounds past = page("$top=5&$skip=1&$skiptoken=18446744073709551615", 559, 100);
    EXPECT_EQ(past.end - past.start, 0u);  // past the end of the client's view: an empty last page
    EXPECT_FALSE(past.more());
    const PageBounds all = page("$top=18446744073709551615&$skip=1", 559, 100);
    EXPECT_EQ(all.start, 1u);
    EXPECT_EQ(all.end, 101u);
    EXPECT_EQ(all.last, 559u);
    EXPECT_EQ(all.next_skiptoken(), 100u);
    const PageBounds skipped = page("$skip=18446744073709551615&$top=18446744073709551615", 559, 100);
    EXPECT_EQ(skipped.end - skipped.start, 0u);
    EXPECT_EQ(page("$top=3", 559, 0).end, 1u);  // a page size of 0 still moves forward
    EXPECT_EQ(error_of("$top=18446744073709551616"), "$top must be a whole number of rows, got '18446744073709551616'");
}

TEST(ODataPaging, TheNextLinkQueryIsAValidUrlThatDecodesToTheRequest) {
    auto options = parse_query_options("$filter=channel%20eq%20'\xff'&x=\xe9\x01\"#&y=100%&$skiptoken=3", sample_set());
    ASSERT_TRUE(options);
    EXPECT_EQ(options.value().passthrough, "$filter=channel%20eq%20'%FF'&x=%E9%01%22%23&y=100%25");
    EXPECT_EQ(url_safe("a+b=c&$top=5"), "a+b=c&$top=5");  // what a URL may hold is kept as written
    EXPECT_EQ(percent_decode(url_safe("%zz%4")), "%zz%4");
}

TEST(ApiKey, AcceptedAsHeaderBasicOrBearerAndComparedInFull) {
    EXPECT_TRUE(request_carries_key("s3cret", "s3cret", ""));
    EXPECT_TRUE(request_carries_key("s3cret", "", "Basic OnMzY3JldA=="));  // base64(":s3cret")
    EXPECT_TRUE(request_carries_key("s3cret", "", "Bearer s3cret"));
    EXPECT_FALSE(request_carries_key("s3cret", "s3cre", ""));
    EXPECT_FALSE(request_carries_key("s3cret", "s3cret2", ""));
    EXPECT_FALSE(request_carries_key("s3cret", "", "Basic OnMzY3JldDI="));  // ":s3cret2"
    EXPECT_FALSE(request_carries_key("s3cret", "", ""));
    EXPECT_EQ(base64_decode("OnMzY3JldA=="), ":s3cret");
    EXPECT_TRUE(constant_time_equals("", ""));
    EXPECT_FALSE(constant_time_equals("a", ""));
}

}  // namespace
}  // namespace kpilot::bridge
