// Built-in KPIs from exported rows: ratio of sums, per group and in total.
#include <gtest/gtest.h>

#include "kpilot/grouped_kpis.hpp"

namespace kpilot {
namespace {

CsvTable table_of(std::string_view text) {
    auto table = parse_csv(text, {}, "test.csv");
    EXPECT_TRUE(table) << (table ? "" : table.error().message);
    return table.value();
}

std::size_t kpi_index(const GroupedKpis& result, std::string_view id) {
    for (std::size_t k = 0; k < result.kpis.size(); ++k)
        if (result.kpis[k]->id == id) return k;
    ADD_FAILURE() << id << " was not computed";
    return 0;
}

TEST(GroupedKpis, TotalsAreRatioOfSumsNotAverageOfRatios) {
    const auto table = table_of("channel,clicks,impressions\nA,10,100\nB,1,1\n");
    const std::vector<std::string> by{"channel"};
    auto result = compute_builtin_kpis_by_group(table, by, false);
    ASSERT_TRUE(result);
    const auto& r = result.value();
    const std::size_t ctr = kpi_index(r, "click_through_rate");
    ASSERT_EQ(r.groups.size(), 3u);  // A, B, total
    EXPECT_EQ(r.groups[0].key, std::vector<std::string>{"A"});
    EXPECT_DOUBLE_EQ(r.values[0][ctr].value().number(), 0.1);
    EXPECT_DOUBLE_EQ(r.values[1][ctr].value().number(), 1.0);
    EXPECT_TRUE(r.groups[2].key.empty());
    EXPECT_DOUBLE_EQ(r.values[2][ctr].value().number(), 11.0 / 101.0);  // not (0.1 + 1) / 2 = 0.55
}

TEST(GroupedKpis, AGroupWithAZeroDenominatorDoesNotPoisonTheTotal) {
    const auto table = table_of("channel,leads,opportunities\nEvents,0,0\nSearch,200,30\n");
    const std::vector<std::string> by{"channel"};
    auto result = compute_builtin_kpis_by_group(table, by, false);
    ASSERT_TRUE(result);
    const auto& r = result.value();
    const std::size_t ratio = kpi_index(r, "lead_to_opportunity_ratio");
    ASSERT_FALSE(r.values[0][ratio]);
    EXPECT_EQ(r.values[0][ratio].error().kind, ErrorKind::div0);
    EXPECT_DOUBLE_EQ(r.values[2][ratio].value().number(), 0.15);
}

TEST(GroupedKpis, SumsRowsWithinAGroupAndReadsEmptyCellsAsZero) {
    const auto table = table_of("month,channel,won,lost\n2026-07,Web,3,\n2026-08,Web,1,4\n2026-07,Partner,2,2\n");
    const std::vector<std::string> by{"channel"};
    auto result = compute_builtin_kpis_by_group(table, by, false);
    ASSERT_TRUE(result);
    const auto& r = result.value();
    const std::size_t win = kpi_index(r, "win_rate");
    EXPECT_EQ(r.groups[1].key, std::vector<std::string>{"Web"});
    EXPECT_EQ(r.groups[1].rows, 2u);
    EXPECT_DOUBLE_EQ(r.values[1][win].value().number(), 0.5);        // 4 won / (4 + 4)
    EXPECT_DOUBLE_EQ(r.values[2][win].value().number(), 6.0 / 12.0);  // all: 6 / (6 + 6)
}

TEST(GroupedKpis, GroupsBySeveralColumns) {
    const auto table = table_of("month,channel,won,lost\n2026-07,Web,3,1\n2026-08,Web,1,3\n2026-07,Web,1,3\n");
    const std::vector<std::string> by{"month", "channel"};
    auto result = compute_builtin_kpis_by_group(table, by, false);
    ASSERT_TRUE(result);
    const auto& r = result.value();
    ASSERT_EQ(r.groups.size(), 3u);
    EXPECT_EQ(r.groups[0].key, (std::vector<std::string>{"2026-07", "Web"}));
    EXPECT_DOUBLE_EQ(r.values[0][kpi_index(r, "win_rate")].value().number(), 0.5);   // 4 / 8
    EXPECT_DOUBLE_EQ(r.values[1][kpi_index(r, "win_rate")].value().number(), 0.25);  // 1 / 4
}

TEST(GroupedKpis, RejectsAndReportsRowsWithTextWhereANumberBelongs) {
    const auto table = table_of("channel,clicks,impressions\nA,10,100\nB,n/a,50\nA,5,\nC,1,2,3\n");
    const std::vector<std::string> by{"channel"};
    auto result = compute_builtin_kpis_by_group(table, by, false);
    ASSERT_TRUE(result);
    const auto& r = result.value();
    EXPECT_EQ(r.rows_read, 4u);
    EXPECT_EQ(r.rows_used, 2u);
    ASSERT_EQ(r.rejected.size(), 2u);
    EXPECT_EQ(r.rejected[0].line, 3u);
    EXPECT_EQ(r.rejected[0].column, "clicks");
    EXPECT_NE(r.rejected[0].reason.find("n/a"), std::string::npos);
    EXPECT_EQ(r.rejected[1].line, 5u);  // the ragged row the CSV reader set aside
    EXPECT_DOUBLE_EQ(r.values.back()[kpi_index(r, "click_through_rate")].value().number(), 15.0 / 100.0);
}

TEST(GroupedKpis, ReadsDecimalCommaNumbersWhenAsked) {
    auto table = parse_csv("channel;marketing_spend;leads\nA;1 234,50;100\n", {}, "eu.csv");
    ASSERT_TRUE(table);
    auto result = compute_builtin_kpis_by_group(table.value(), {}, true);
    ASSERT_TRUE(result);
    EXPECT_DOUBLE_EQ(result.value().values.back()[kpi_index(result.value(), "cost_per_lead")].value().number(), 12.345);
}

TEST(GroupedKpis, NeverSumsRatesIntoAKpi) {
    // contribution_margin is a rate: ROMI cannot come from a summed margin column.
    const auto table = table_of("incremental_revenue,contribution_margin,marketing_spend,leads\n1000,0.4,200,10\n");
    auto result = compute_builtin_kpis_by_group(table, {}, false);
    ASSERT_TRUE(result);
    for (const auto* kpi : result.value().kpis) EXPECT_NE(kpi->id, "romi");
}

TEST(GroupedKpis, NamesAnUnknownGroupColumn) {
    const auto table = table_of("channel,clicks,impressions\nA,1,2\n");
    const std::vector<std::string> by{"region"};
    auto result = compute_builtin_kpis_by_group(table, by, false);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("region"), std::string::npos);
}

TEST(GroupedKpis, SaysSoWhenNoKpiCanBeComputed) {
    const auto table = table_of("name,city\nAda,London\n");
    auto result = compute_builtin_kpis_by_group(table, {}, false);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("kpilot list"), std::string::npos);
}

}  // namespace
}  // namespace kpilot
