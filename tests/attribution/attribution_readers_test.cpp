// The attribution readers on small files written for each test, and on the
// shipped samples: what becomes a path, and what is rejected, where and why.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "kpilot/attribution_input.hpp"
#include "kpilot/attribution_table.hpp"
#include "temp_file.hpp"

namespace kpilot::attribution {
namespace {

using kpilot::testing::TempFile;

std::vector<std::string> channel_names(const PathSet& paths, const Path& path) {
    std::vector<std::string> names;
    for (ChannelId c : path.touches) names.push_back(paths.channels().at(c));
    return names;
}

using Names = std::vector<std::string>;
using Days = std::vector<double>;

struct ExpectedRejection {
    std::size_t line;
    std::string column;  // empty: the whole row
    std::string reason_contains;
};

// Exactly these rows rejected, each with its column and a reason that says why.
void expect_rejections(const PathInput& input, const std::vector<ExpectedRejection>& wanted) {
    EXPECT_EQ(input.rejected.size(), wanted.size());
    for (const ExpectedRejection& w : wanted) {
        const auto r = std::find_if(input.rejected.begin(), input.rejected.end(),
                                    [&](const InputRejection& x) { return x.line == w.line; });
        if (r == input.rejected.end()) {
            ADD_FAILURE() << "line " << w.line << " is not rejected";
            continue;
        }
        EXPECT_EQ(r->column, w.column) << "line " << w.line;
        EXPECT_NE(r->reason.find(w.reason_contains), std::string::npos) << "line " << w.line << ": " << r->reason;
    }
}

// --- read_paths_csv ---------------------------------------------------------

TEST(AttributionPathsCsv, TrimsChannelNamesAndReadsTheCounts) {
    const TempFile file(
        "path,conversions,value,nulls\n"
        "  Search  >Email >  Paid Social ,3,90.5,1\n"
        "Email,0,0,4\n");
    const auto input = read_paths_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    const PathInput& in = input.value();
    EXPECT_EQ(in.rows_read, 2u);
    EXPECT_TRUE(in.rejected.empty());
    EXPECT_EQ(in.paths.channels(), (Names{"Search", "Email", "Paid Social"}));
    ASSERT_EQ(in.paths.paths().size(), 2u);
    const Path& first = in.paths.paths()[0];
    EXPECT_EQ(channel_names(in.paths, first), (Names{"Search", "Email", "Paid Social"}));
    EXPECT_EQ(first.conversions, 3.0);
    EXPECT_EQ(first.value, 90.5);
    EXPECT_EQ(first.nulls, 1.0);
    EXPECT_FALSE(first.lead_touch);
    EXPECT_TRUE(first.days_before_conversion.empty());
    EXPECT_EQ(in.paths.paths()[1].nulls, 4.0);
}

TEST(AttributionPathsCsv, SplitsOnACustomSeparator) {
    const TempFile pipes(
        "path,conversions,days_before_conversion\n"
        "Search|Email | Search,2,9 | 4|0\n");
    PathReadOptions options;
    options.touch_separator = "|";
    const auto by_pipe = read_paths_csv(pipes.path(), options);
    ASSERT_TRUE(by_pipe) << by_pipe.error().message;
    ASSERT_TRUE(by_pipe.value().rejected.empty()) << by_pipe.value().rejected.front().reason;
    const Path& piped = by_pipe.value().paths.paths().at(0);
    EXPECT_EQ(channel_names(by_pipe.value().paths, piped), (Names{"Search", "Email", "Search"}));
    EXPECT_EQ(piped.days_before_conversion, (Days{9, 4, 0}));  // the days use the same separator

    // "->" holds ">": with it as the separator, "A > B" is one channel name.
    const TempFile arrows(
        "path,conversions\n"
        "Search -> Email->Search,1\n"
        "A > B -> C,1\n");
    options.touch_separator = "->";
    const auto by_arrow = read_paths_csv(arrows.path(), options);
    ASSERT_TRUE(by_arrow) << by_arrow.error().message;
    const PathSet& paths = by_arrow.value().paths;
    EXPECT_EQ(channel_names(paths, paths.paths().at(0)), (Names{"Search", "Email", "Search"}));
    EXPECT_EQ(channel_names(paths, paths.paths().at(1)), (Names{"A > B", "C"}));
}

TEST(AttributionPathsCsv, ReadsCustomColumnNames) {
    // The column names a ChannelAttribution export uses, in another order.
    const TempFile file(
        "Total Conversion Value,Path,Total Null,Total Conversions\n"
        "250,Display > Search,7,2\n");
    PathReadOptions options;
    options.columns.path = "Path";
    options.columns.conversions = "Total Conversions";
    options.columns.value = "Total Conversion Value";
    options.columns.nulls = "Total Null";
    const auto input = read_paths_csv(file.path(), options);
    ASSERT_TRUE(input) << input.error().message;
    const Path& path = input.value().paths.paths().at(0);
    EXPECT_EQ(channel_names(input.value().paths, path), (Names{"Display", "Search"}));
    EXPECT_EQ(path.conversions, 2.0);
    EXPECT_EQ(path.value, 250.0);
    EXPECT_EQ(path.nulls, 7.0);
}

TEST(AttributionPathsCsv, BlankOrMissingNullsAndValueAreZero) {
    const TempFile with_nulls(
        "path,conversions,value,nulls\n"
        "A > B,2,10,\n"
        "B,1,5,   \n");
    const auto blank = read_paths_csv(with_nulls.path(), {});
    ASSERT_TRUE(blank) << blank.error().message;
    EXPECT_TRUE(blank.value().rejected.empty());
    ASSERT_EQ(blank.value().paths.paths().size(), 2u);
    EXPECT_EQ(blank.value().paths.paths()[0].nulls, 0.0);
    EXPECT_EQ(blank.value().paths.paths()[1].nulls, 0.0);

    const TempFile bare(
        "path,conversions\n"
        "A > B,2\n");
    const auto missing = read_paths_csv(bare.path(), {});
    ASSERT_TRUE(missing) << missing.error().message;
    EXPECT_EQ(missing.value().paths.paths().at(0).value, 0.0);
    EXPECT_EQ(missing.value().paths.paths().at(0).nulls, 0.0);
}

TEST(AttributionPathsCsv, ReadsLeadAndOpportunityTouchesFromOne) {
    const TempFile file(
        "path,conversions,lead_touch,opportunity_touch,days_before_conversion\n"
        "A > B > C,1,2,3,12 > 3 > 0\n"
        "A > B,1,,,\n");
    const auto input = read_paths_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    ASSERT_TRUE(input.value().rejected.empty()) << input.value().rejected.front().reason;
    const Path& first = input.value().paths.paths().at(0);
    EXPECT_EQ(first.lead_touch, std::optional<std::size_t>(1));
    EXPECT_EQ(first.opportunity_touch, std::optional<std::size_t>(2));
    EXPECT_EQ(first.days_before_conversion, (Days{12, 3, 0}));
    const Path& second = input.value().paths.paths().at(1);
    EXPECT_FALSE(second.lead_touch);
    EXPECT_FALSE(second.opportunity_touch);
    EXPECT_TRUE(second.days_before_conversion.empty());
}

TEST(AttributionPathsCsv, RejectsBadRowsWithLineColumnAndReason) {
    const TempFile file(
        "path,conversions,value,nulls,lead_touch,days_before_conversion\n"  // line 1
        "A > B,2,10,1,,\n"                                                  // 2: fine
        "A > B,-1,10,1,,\n"                                                 // 3: negative
        "A > B,two,10,1,,\n"                                                // 4: not a number
        "A >  > B,1,10,1,,\n"                                               // 5: empty channel
        "A > B,1,10\n"                                                      // 6: too few fields
        "A > B,1,10,1,3,\n"                                                 // 7: lead past the end
        "A > B,1,10,1,,5 > 4 > 0\n"                                         // 8: three days, two touches
        "A > B,1,-10,1,,\n"                                                 // 9: negative value
        "A,,10,1,,\n"                                                       // 10: blank conversions
        "B,1,5,0,,\n");                                                     // 11: fine
    const auto input = read_paths_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    const PathInput& in = input.value();
    EXPECT_EQ(in.rows_read, 10u);
    EXPECT_EQ(in.paths.paths().size(), 2u);
    EXPECT_EQ(in.paths.total_conversions(), 3.0);
    expect_rejections(in, {{3, "conversions", "negative"},
                           {4, "conversions", "\"two\" is not a number"},
                           {5, "path", "touch 2 has no channel name"},
                           {6, "", "has 3 fields, the header has 6"},
                           {7, "lead_touch", "\"3\" is not a touch of the path"},
                           {8, "days_before_conversion", "3 entries for a path of 2 touches"},
                           {9, "value", "negative"},
                           {10, "conversions", "blank"}});
}

// A row that is refused leaves nothing behind: a channel only it names
// must not turn up, with zero credit, in every model's table.
TEST(AttributionPathsCsv, ARejectedRowAddsNoChannel) {
    const TempFile file(
        "path,conversions\n"
        "A > B,1\n"
        "Typo > B,-1\n");
    const auto input = read_paths_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    EXPECT_EQ(input.value().rejected.size(), 1u);
    EXPECT_EQ(input.value().paths.channels(), (Names{"A", "B"}));
}

TEST(AttributionPathsCsv, StrictModeStopsAtTheFirstBadRowNamingFileAndLine) {
    const TempFile file(
        "path,conversions\n"
        "A > B,1\n"
        "A > B,1\n"
        "A > B,many\n"
        "A >,1\n");
    PathReadOptions options;
    options.strict = true;
    const auto input = read_paths_csv(file.path(), options);
    ASSERT_FALSE(input);
    EXPECT_EQ(input.error().kind, ErrorKind::value);
    EXPECT_NE(input.error().message.find(file.path() + ":4"), std::string::npos) << input.error().message;
    EXPECT_NE(input.error().message.find("conversions"), std::string::npos) << input.error().message;
}

TEST(AttributionPathsCsv, AMissingColumnIsAnErrorNamingIt) {
    const TempFile file(
        "path,value\n"
        "A > B,10\n");
    const auto input = read_paths_csv(file.path(), {});
    ASSERT_FALSE(input);
    EXPECT_EQ(input.error().kind, ErrorKind::value);
    EXPECT_NE(input.error().message.find("\"conversions\""), std::string::npos) << input.error().message;
    EXPECT_NE(input.error().message.find(file.path()), std::string::npos) << input.error().message;

    PathReadOptions options;
    options.columns.path = "journey";
    const TempFile renamed(
        "path,conversions\n"
        "A > B,1\n");
    const auto custom = read_paths_csv(renamed.path(), options);
    ASSERT_FALSE(custom);
    EXPECT_NE(custom.error().message.find("\"journey\""), std::string::npos) << custom.error().message;
}

TEST(AttributionPathsCsv, SplitPathNamesTheEmptyTouch) {
    const auto names = split_path(" a >b>  c ", ">");
    ASSERT_TRUE(names);
    EXPECT_EQ(names.value(), (std::vector<std::string_view>{"a", "b", "c"}));
    for (const char* bad : {"a > > b", "> a", "a >", "   "}) EXPECT_FALSE(split_path(bad, ">")) << bad;
    EXPECT_FALSE(split_path("a > b", ""));
}

// --- read_touchpoints_csv -------------------------------------------------

// Two conversions in one journey, a tail that never converts, touches out of
// file order, one beyond the 30-day window and one exactly on it.
constexpr std::string_view journeys_csv =
    "journey_id,timestamp,channel,converted,value,stage\n"
    "J1,2026-03-01,Search,0,,\n"
    "J1,2026-03-05,Email,0,,lead\n"
    "J2,2026-02-20,Email,true,50,\n"  // J2 converts first in the file, last in time
    "J1,2026-03-08,Search,1,120,opportunity\n"
    "J1,2026-03-10,Display,0,,\n"
    "J1,2026-03-12 12:00,Email,yes,80,\n"
    "J1,2026-03-20,Social,0,,\n"
    "J2,2026-01-01,Display,0,,\n"  // 50 days before J2's conversion: outside the window
    "J2,2026-02-15,Search,0,,\n"
    "J3,2026-04-01,Display,0,,\n"  // exactly 30 days before J3's conversion: inside
    "J3,2026-05-01,Search,1,10,\n"
    "J4,2026-01-01,Display,0,,\n"  // J4 never converts: 59 days before its last touch
    "J4,2026-03-01,Email,0,,\n";

TEST(AttributionTouchpointsCsv, CutsAPathAtEachConversionAndKeepsTheTailAsANull) {
    const TempFile file(journeys_csv);
    const auto input = read_touchpoints_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    const PathInput& in = input.value();
    EXPECT_TRUE(in.rejected.empty());
    EXPECT_EQ(in.rows_read, 13u);
    EXPECT_EQ(in.journeys, 4u);
    EXPECT_EQ(in.touches_outside_lookback, 2u);
    const auto& paths = in.paths.paths();
    ASSERT_EQ(paths.size(), 6u);
    // Journeys in the order the file first names them (J1, J2, ...), each in time order.
    EXPECT_EQ(channel_names(in.paths, paths[0]), (Names{"Search", "Email", "Search"}));
    EXPECT_EQ(paths[0].conversions, 1.0);
    EXPECT_EQ(paths[0].value, 120.0);
    EXPECT_EQ(paths[0].nulls, 0.0);
    EXPECT_EQ(channel_names(in.paths, paths[1]), (Names{"Display", "Email"}));
    EXPECT_EQ(paths[1].conversions, 1.0);
    EXPECT_EQ(paths[1].value, 80.0);
    EXPECT_EQ(channel_names(in.paths, paths[2]), (Names{"Social"}));
    EXPECT_EQ(paths[2].conversions, 0.0);
    EXPECT_EQ(paths[2].value, 0.0);
    EXPECT_EQ(paths[2].nulls, 1.0);
    EXPECT_EQ(channel_names(in.paths, paths[3]), (Names{"Search", "Email"}));  // Display fell out of the window
    EXPECT_EQ(paths[3].value, 50.0);
    EXPECT_EQ(channel_names(in.paths, paths[4]), (Names{"Display", "Search"}));
    EXPECT_EQ(channel_names(in.paths, paths[5]), (Names{"Email"}));
    EXPECT_EQ(paths[5].nulls, 1.0);
    EXPECT_EQ(in.paths.total_conversions(), 4.0);
    EXPECT_EQ(in.paths.total_value(), 260.0);
}

TEST(AttributionTouchpointsCsv, GivesEachTouchItsDaysBeforeTheConversion) {
    const TempFile file(journeys_csv);
    const auto input = read_touchpoints_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    const auto& paths = input.value().paths.paths();
    ASSERT_EQ(paths.size(), 6u);
    EXPECT_EQ(paths[0].days_before_conversion, (Days{7, 3, 0}));  // 1, 5 and 8 March
    ASSERT_EQ(paths[1].days_before_conversion.size(), 2u);        // 10 March, 12 March at noon
    EXPECT_NEAR(paths[1].days_before_conversion[0], 2.5, 1e-9);
    EXPECT_EQ(paths[1].days_before_conversion[1], 0.0);
    EXPECT_EQ(paths[2].days_before_conversion, (Days{0}));
    EXPECT_EQ(paths[3].days_before_conversion, (Days{5, 0}));   // 15 and 20 February
    EXPECT_EQ(paths[4].days_before_conversion, (Days{30, 0}));  // April has 30 days
}

TEST(AttributionTouchpointsCsv, AValueOnATouchThatDidNotConvertIsCountedNotUsed) {
    const TempFile file(
        "journey_id,timestamp,channel,converted,value\n"
        "J1,2026-03-01,Search,0,500\n"  // a value where nothing converted: not used, counted
        "J1,2026-03-02,Email,1,120\n"
        "J2,2026-03-01,Social,0,\n"
        "J3,2026-03-01,Display,0,abc\n");  // not a number, on a touch that did not convert: still counted
    const auto input = read_touchpoints_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    EXPECT_EQ(input.value().values_not_on_conversions, 2u);
    EXPECT_EQ(input.value().paths.total_value(), 120.0);
    EXPECT_TRUE(input.value().rejected.empty());
}

TEST(AttributionTouchpointsCsv, TheLookbackWindowCanBeWidenedOrSwitchedOff) {
    const TempFile file(journeys_csv);
    TouchpointReadOptions options;
    options.lookback_days = 0;  // keeps every touch
    const auto all = read_touchpoints_csv(file.path(), options);
    ASSERT_TRUE(all) << all.error().message;
    EXPECT_EQ(all.value().touches_outside_lookback, 0u);
    EXPECT_EQ(channel_names(all.value().paths, all.value().paths.paths().at(3)), (Names{"Display", "Search", "Email"}));
    EXPECT_EQ(all.value().paths.paths().at(3).days_before_conversion, (Days{50, 5, 0}));

    options.lookback_days = 29.5;  // now 30 days is outside too
    const auto narrow = read_touchpoints_csv(file.path(), options);
    ASSERT_TRUE(narrow) << narrow.error().message;
    EXPECT_EQ(narrow.value().touches_outside_lookback, 3u);
    EXPECT_EQ(channel_names(narrow.value().paths, narrow.value().paths.paths().at(4)), (Names{"Search"}));

    options.lookback_days = -1;
    const auto negative = read_touchpoints_csv(file.path(), options);
    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().kind, ErrorKind::num);
}

TEST(AttributionTouchpointsCsv, StagesMarkTheLeadAndOpportunityTouches) {
    const TempFile file(journeys_csv);
    const auto input = read_touchpoints_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    const auto& paths = input.value().paths.paths();
    ASSERT_EQ(paths.size(), 6u);
    EXPECT_EQ(paths[0].lead_touch, std::optional<std::size_t>(1));         // Email on 5 March
    EXPECT_EQ(paths[0].opportunity_touch, std::optional<std::size_t>(2));  // Search on 8 March
    EXPECT_FALSE(paths[1].lead_touch);
    EXPECT_FALSE(paths[1].opportunity_touch);
}

// The samples mark a touch that created both at once as "lead+opportunity".
TEST(AttributionTouchpointsCsv, OneTouchCanCreateBothTheLeadAndTheOpportunity) {
    const TempFile file(
        "journey_id,timestamp,channel,converted,stage\n"
        "J1,2026-03-01,Search,0,\n"
        "J1,2026-03-02,Email,0,lead+opportunity\n"
        "J1,2026-03-03,Direct,1,\n");
    const auto input = read_touchpoints_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    ASSERT_TRUE(input.value().rejected.empty()) << input.value().rejected.front().reason;
    const Path& path = input.value().paths.paths().at(0);
    EXPECT_EQ(path.lead_touch, std::optional<std::size_t>(1));
    EXPECT_EQ(path.opportunity_touch, std::optional<std::size_t>(1));
}

TEST(AttributionTouchpointsCsv, RejectsBadRowsWithLineColumnAndReason) {
    const TempFile file(
        "journey_id,timestamp,channel,converted,value,stage\n"  // 1
        "J1,2026-03-01,Search,0,,\n"                            // 2: fine
        "J1,yesterday,Email,0,,\n"                              // 3: not a date
        "J1,2026-02-30,Email,0,,\n"                             // 4: no such day
        "J1,2026-03-02,Email,maybe,,\n"                         // 5: not a flag
        "J1,2026-03-03,,0,,\n"                                  // 6: no channel
        "J1,2026-03-04,Email,1,-5,\n"                           // 7: negative value
        "J1,2026-03-04,Email,0,,won\n"                          // 8: not a stage
        ",2026-03-04,Email,0,,\n"                               // 9: no journey
        "J1,2026-03-05,Email\n"                                 // 10: too few fields
        "J1,2026-03-06,Search,1,30,\n");                        // 11: fine
    const auto input = read_touchpoints_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    const PathInput& in = input.value();
    expect_rejections(in, {{3, "timestamp", "\"yesterday\" is not a date"},
                           {4, "timestamp", "\"2026-02-30\""},
                           {5, "converted", "\"maybe\""},
                           {6, "channel", "blank"},
                           {7, "value", "\"-5\""},
                           {8, "stage", "won"},
                           {9, "journey_id", "blank"},
                           {10, "", "has 3 fields, the header has 6"}});
    // What is left: Search on 1 March and Search converting on 6 March.
    ASSERT_EQ(in.paths.paths().size(), 1u);
    EXPECT_EQ(channel_names(in.paths, in.paths.paths()[0]), (Names{"Search", "Search"}));
    EXPECT_EQ(in.paths.paths()[0].value, 30.0);
    EXPECT_EQ(in.paths.channels(), (Names{"Search"}));
}

// A time of day is digits: "-5:00" once read as five hours before midnight,
// and "14:xx" as midnight, moving a touch across the lookback window.
TEST(AttributionTouchpointsCsv, ATimeOfDayIsDigitsOrTheRowIsRejected) {
    const TempFile file(
        "journey_id,timestamp,channel,converted\n"
        "J1,2026-03-01 -5:00,Search,0\n"
        "J1,2026-03-01T14:xx,Search,0\n"
        "J1,2026-03-01T10:-3,Search,0\n"
        "J1,2026-03-01T14:05:30Z,Email,1\n");
    const auto input = read_touchpoints_csv(file.path(), {});
    ASSERT_TRUE(input) << input.error().message;
    expect_rejections(input.value(), {{2, "timestamp", "\"2026-03-01 -5:00\" is not a date and time"},
                                      {3, "timestamp", "\"2026-03-01T14:xx\""},
                                      {4, "timestamp", "\"2026-03-01T10:-3\""}});
    ASSERT_EQ(input.value().paths.paths().size(), 1u);
}

TEST(AttributionTouchpointsCsv, StrictModeStopsAtTheFirstBadRowNamingFileAndLine) {
    const TempFile file(
        "journey_id,timestamp,channel,converted\n"
        "J1,2026-03-01,Search,0\n"
        "J1,2026-03-02,Email,perhaps\n");
    TouchpointReadOptions options;
    options.strict = true;
    const auto input = read_touchpoints_csv(file.path(), options);
    ASSERT_FALSE(input);
    EXPECT_NE(input.error().message.find(file.path() + ":3"), std::string::npos) << input.error().message;
    EXPECT_NE(input.error().message.find("converted"), std::string::npos) << input.error().message;
}

TEST(AttributionTouchpointsCsv, AMissingColumnIsAnErrorNamingIt) {
    const TempFile file(
        "journey_id,channel,converted\n"
        "J1,Search,1\n");
    const auto input = read_touchpoints_csv(file.path(), {});
    ASSERT_FALSE(input);
    EXPECT_EQ(input.error().kind, ErrorKind::value);
    EXPECT_NE(input.error().message.find("\"timestamp\""), std::string::npos) << input.error().message;
}

// --- the shipped samples ------------------------------------------------------

// Data rows counted here, not by the reader: lines after the header that hold something.
std::size_t data_rows(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::size_t rows = 0;
    std::getline(in, line);
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) ++rows;
    return rows;
}

TEST(AttributionSamples, PathsSampleReadsWithoutRejectedRows) {
    const std::string path = std::string(KPILOT_ATTRIBUTION_SAMPLES_DIR) + "/paths.csv";
    const auto input = read_paths_csv(path, {});
    ASSERT_TRUE(input) << input.error().message;
    for (const InputRejection& r : input.value().rejected)
        ADD_FAILURE() << path << ":" << r.line << " " << r.column << ": " << r.reason;
    EXPECT_EQ(input.value().rows_read, data_rows(path));
    EXPECT_EQ(input.value().paths.paths().size(), data_rows(path));
    EXPECT_GT(input.value().paths.total_conversions(), 0.0);
}

TEST(AttributionSamples, TouchpointsSampleReadsWithoutRejectedRows) {
    const std::string path = std::string(KPILOT_ATTRIBUTION_SAMPLES_DIR) + "/touchpoints.csv";
    const auto input = read_touchpoints_csv(path, {});
    ASSERT_TRUE(input) << input.error().message;
    for (const InputRejection& r : input.value().rejected)
        ADD_FAILURE() << path << ":" << r.line << " " << r.column << ": " << r.reason;
    EXPECT_EQ(input.value().rows_read, data_rows(path));
    // Every converting row closes exactly one path with one conversion.
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::size_t converting_rows = 0;
    while (std::getline(in, line)) {
        std::stringstream fields(line);
        std::string field;
        for (int k = 0; k < 4; ++k) std::getline(fields, field, ',');
        converting_rows += field == "1" ? 1 : 0;
    }
    EXPECT_GT(converting_rows, 0u);
    EXPECT_EQ(input.value().paths.total_conversions(), static_cast<double>(converting_rows));
}

TEST(AttributionModelList, ReadsIdsAsUsersTypeThem) {
    auto models = parse_model_list(" Last Touch, MARKOV ,position-based");
    ASSERT_TRUE(models) << models.error().message;
    EXPECT_EQ(models.value(), (std::vector<Model>{Model::last_touch, Model::markov, Model::position_based}));
    auto all = parse_model_list("All");
    ASSERT_TRUE(all);
    EXPECT_EQ(all.value().size(), all_models().size());
    auto unknown = parse_model_list("linear, lasttouch");
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("\"lasttouch\""), std::string::npos) << unknown.error().message;
    EXPECT_EQ(attributed_measure_from_string("Value"), AttributedMeasure::value);
    EXPECT_FALSE(attributed_measure_from_string("revenue"));
}

}  // namespace
}  // namespace kpilot::attribution
