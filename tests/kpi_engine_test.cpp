// KPIs over rows: ratio of sums per group and in totals, every grain,
// period-over-period, running and trailing values, targets and status, and
// bad rows reported with their place.
#include <gtest/gtest.h>

#include "kpilot/kpi_engine.hpp"
#include "kpilot/kpi_tables.hpp"
#include "temp_file.hpp"

namespace kpilot {
namespace {

using testing::TempFile;

KpiModel model_of(std::string_view json) {
    LoadedModel loaded = parse_kpi_model(json, "test.json");
    EXPECT_TRUE(loaded.model) << (loaded.problems.empty() ? "" : loaded.problems[0].text());
    return loaded.model ? *loaded.model : KpiModel{};
}

const KpiModel& ctr_model() {
    static const KpiModel model = model_of(R"json({
        "date_column": "date",
        "measures": {"clicks": {"aggregate": "sum", "column": "clicks"},
                     "impressions": {"aggregate": "sum", "column": "impressions"}},
        "kpis": {"ctr": "KPI.CTR(clicks, impressions)"}})json");
    return model;
}

KpiResults compute(const KpiModel& model, const std::string& csv, ComputeOptions options, const TargetsTable* targets = nullptr) {
    TempFile data(csv);
    auto results = compute_kpis(model, data.path(), options, targets);
    EXPECT_TRUE(results) << (results ? "" : results.error().message);
    return results ? std::move(results).value() : KpiResults{};
}

// The row for a period label ("" for none) and dimension values (nullopt for rolled up).
const KpiRow* find_row(const KpiResults& r, const std::string& period, std::vector<std::optional<std::string>> dims) {
    for (const auto& row : r.rows)
        if (row.period_label == period && row.dimensions == dims) return &row;
    ADD_FAILURE() << "no row for period '" << period << "'";
    return nullptr;
}

double number(const Value& v) {
    EXPECT_TRUE(v.is_number()) << to_display_text(v) << (v.is_error() ? " " + v.error().message : "");
    return v.is_number() ? v.number() : -1;
}

TEST(KpiEngine, TotalsAreRatioOfSumsNotAverageOfRatios) {
    const auto r = compute(ctr_model(), "date,channel,clicks,impressions\n2026-07-01,A,10,100\n2026-07-01,B,1,1\n",
                           {.by = {"channel"}});
    EXPECT_DOUBLE_EQ(number(find_row(r, "", {"A"})->kpis[0]), 0.1);
    EXPECT_DOUBLE_EQ(number(find_row(r, "", {"B"})->kpis[0]), 1.0);
    EXPECT_DOUBLE_EQ(number(find_row(r, "", {std::nullopt})->kpis[0]), 11.0 / 101.0);  // not (0.1 + 1) / 2
}

TEST(KpiEngine, AZeroDenominatorGroupIsDivByZeroAndDoesNotPoisonTheTotal) {
    const auto r = compute(ctr_model(), "date,channel,clicks,impressions\n2026-07-01,Email,0,0\n2026-07-01,Search,30,200\n",
                           {.by = {"channel"}});
    const Value& email = find_row(r, "", {"Email"})->kpis[0];
    ASSERT_TRUE(email.is_error());
    EXPECT_EQ(email.error().kind, ErrorKind::div0);
    EXPECT_EQ(email.error().message, "impressions is zero, so the ratio is undefined");
    EXPECT_DOUBLE_EQ(number(find_row(r, "", {std::nullopt})->kpis[0]), 0.15);
}

TEST(KpiEngine, EveryGrainGroupsAndLabelsItsPeriods) {
    // 2026-03-30 is a Monday (ISO week 14); 2026-04-05 a Sunday of the same week.
    const std::string csv = "date,clicks,impressions\n2026-03-30,1,10\n2026-04-05,2,10\n2026-04-06,3,10\n2026-12-31,4,10\n";
    struct Expect {
        Grain grain;
        int fiscal_start;
        std::vector<std::pair<std::string, double>> periods;  // label and clicks / impressions
    };
    const std::vector<Expect> cases{
        {Grain::day, 1, {{"2026-03-30", 0.1}, {"2026-04-05", 0.2}, {"2026-04-06", 0.3}, {"2026-12-31", 0.4}}},
        {Grain::week, 1, {{"2026-W14", 0.15}, {"2026-W15", 0.3}, {"2026-W53", 0.4}}},
        {Grain::month, 1, {{"2026-03", 0.1}, {"2026-04", 0.25}, {"2026-12", 0.4}}},
        {Grain::quarter, 1, {{"2026-Q1", 0.1}, {"2026-Q2", 0.25}, {"2026-Q4", 0.4}}},
        {Grain::year, 1, {{"2026", 0.25}}},
        {Grain::fiscal_year, 4, {{"FY2026", 0.1}, {"FY2027", 0.3}}},  // April to March, named by the year it ends
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(to_string(c.grain)));
        const auto r = compute(ctr_model(), csv, {.grain = c.grain, .fiscal_year_start_month = c.fiscal_start});
        ASSERT_EQ(r.rows.size(), c.periods.size() + 1);  // and the total over all periods
        for (std::size_t i = 0; i < c.periods.size(); ++i) {
            EXPECT_EQ(r.rows[i].period_label, c.periods[i].first);
            EXPECT_DOUBLE_EQ(number(r.rows[i].kpis[0]), c.periods[i].second);
        }
        EXPECT_FALSE(r.rows.back().period.has_value());
        EXPECT_DOUBLE_EQ(number(r.rows.back().kpis[0]), 0.25);  // 10 / 40
    }
}

TEST(KpiEngine, PeriodOverPeriodRunningAndTrailingValuesComeFromMeasures) {
    // Months: Jan 10/100, Feb 30/100, Mar none, Apr 20/200.
    const std::string csv =
        "date,clicks,impressions\n2026-01-05,10,100\n2026-02-10,30,100\n2026-04-01,5,50\n2026-04-20,15,150\n";
    const auto r = compute(ctr_model(), csv, {.grain = Grain::month, .trailing_periods = 3});
    const KpiRow* feb = find_row(r, "2026-02", {});
    EXPECT_DOUBLE_EQ(number(feb->kpis[0]), 0.3);
    EXPECT_DOUBLE_EQ(number(feb->previous[0]), 0.1);
    EXPECT_DOUBLE_EQ(number(feb->running[0]), 40.0 / 200.0);
    EXPECT_DOUBLE_EQ(number(feb->trailing[0]), 40.0 / 200.0);
    const KpiRow* apr = find_row(r, "2026-04", {});
    EXPECT_DOUBLE_EQ(number(apr->kpis[0]), 0.1);
    ASSERT_TRUE(apr->previous[0].is_error());  // no data in March
    EXPECT_EQ(apr->previous[0].error().kind, ErrorKind::na);
    EXPECT_EQ(apr->previous[0].error().message, "no data in 2026-03");
    EXPECT_DOUBLE_EQ(number(apr->running[0]), 60.0 / 400.0);
    EXPECT_DOUBLE_EQ(number(apr->trailing[0]), 50.0 / 300.0);  // Feb to Apr, not Jan

    // The long form derives change and relative change from them.
    const KpiTable table = long_form_table(r, ctr_model());
    std::size_t change = 0, relative = 0;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].name == "change") change = c;
        if (table.columns[c].name == "relative_change") relative = c;
    }
    ASSERT_GT(change, 0u);
    EXPECT_DOUBLE_EQ(number(table.rows[1][change]), 0.2);      // Feb: 0.3 - 0.1
    EXPECT_DOUBLE_EQ(number(table.rows[1][relative]), 2.0);    // +200%
}

TEST(KpiEngine, SubtotalsForEveryLevelOfDimensions) {
    const std::string csv =
        "date,region,channel,clicks,impressions\n2026-07-01,North,A,1,10\n2026-07-01,North,B,3,10\n2026-07-01,South,A,5,10\n";
    const auto r = compute(ctr_model(), csv, {.by = {"region", "channel"}});
    ASSERT_EQ(r.rows.size(), 6u);  // 3 detail, 2 region subtotals, 1 total
    EXPECT_EQ(r.rows[0].dimensions, (std::vector<std::optional<std::string>>{"North", "A"}));
    EXPECT_EQ(r.rows[2].dimensions, (std::vector<std::optional<std::string>>{"North", std::nullopt}));
    EXPECT_DOUBLE_EQ(number(r.rows[2].kpis[0]), 0.2);
    EXPECT_EQ(r.rows[5].level, 0u);
    EXPECT_DOUBLE_EQ(number(r.rows[5].kpis[0]), 0.3);
    EXPECT_EQ(row_level_name(r.rows[2], r), "subtotal");
    EXPECT_EQ(row_level_name(r.rows[5], r), "total");
    const auto plain = compute(ctr_model(), csv, {.by = {"region", "channel"}, .subtotals = false});
    EXPECT_EQ(plain.rows.size(), 4u);  // detail rows and the grand total
}

TEST(KpiEngine, AggregatesAndFilters) {
    const KpiModel model = model_of(R"json({
        "measures": {"deals": {"aggregate": "count"},
                     "won": {"aggregate": "count", "filter": "stage == 'won'"},
                     "won_amount": {"aggregate": "sum", "column": "amount", "filter": "stage = 'WON' and amount > 0"},
                     "customers": {"aggregate": "count_distinct", "column": "customer"},
                     "smallest": {"aggregate": "min", "column": "amount"},
                     "largest": {"aggregate": "max", "column": "amount"},
                     "mean": {"aggregate": "average", "column": "amount"},
                     "amounts": {"aggregate": "count", "column": "amount"}},
        "kpis": {"win_share": "won / deals", "avg_won": "won_amount / won", "deals_per_customer": "deals / customers",
                 "spread": "largest - smallest", "mean_amount": {"formula": "mean", "unit": "currency"}, "filled": "amounts"}})json");
    const auto r = compute(model,
                           "stage,customer,amount\nwon,c1,100\nlost,c2,50\nWon,c1,300\nopen,c3,\nwon,c4,-20\n", {});
    const KpiRow& total = r.rows.back();
    EXPECT_DOUBLE_EQ(number(total.kpis[0]), 3.0 / 5.0);  // text compares without case: "Won" is won
    EXPECT_DOUBLE_EQ(number(total.kpis[1]), 400.0 / 3.0);
    EXPECT_DOUBLE_EQ(number(total.kpis[2]), 5.0 / 4.0);
    EXPECT_DOUBLE_EQ(number(total.kpis[3]), 320.0);  // 300 - (-20)
    EXPECT_DOUBLE_EQ(number(total.kpis[4]), 430.0 / 4.0);  // the blank amount is not a zero
    EXPECT_DOUBLE_EQ(number(total.kpis[5]), 4.0);
}

TEST(KpiEngine, AnAverageOverNothingIsDivByZeroAndAMinimumIsMissing) {
    const KpiModel fine = model_of(R"json({
        "measures": {"mean_x": {"aggregate": "average", "column": "x"}, "low": {"aggregate": "min", "column": "x"}},
        "kpis": {"mean": "mean_x", "low_kpi": "low"}})json");
    const auto r = compute(fine, "g,x\na,\n", {});
    EXPECT_EQ(r.rows.back().kpis[0].error().kind, ErrorKind::div0);
    EXPECT_EQ(r.rows.back().kpis[1].error().kind, ErrorKind::na);
}

TEST(KpiEngine, BadRowsAreCountedAndReportedWithLineAndColumn) {
    const std::string csv = "date,clicks,impressions\n"
                            "2026-07-01,10,100\n"
                            "2026-07-02,ten,100\n"
                            "07/03/2026,1,10\n"
                            "2026-07-04,1,10,extra\n"
                            "2026-07-05,\"1,234\",10000\n";
    const auto r = compute(ctr_model(), csv, {.grain = Grain::month});
    EXPECT_EQ(r.rows_read, 5u);
    EXPECT_EQ(r.rows_used, 2u);
    ASSERT_EQ(r.rejected.size(), 3u);
    EXPECT_EQ(r.rejected[0].line, 3u);
    EXPECT_EQ(r.rejected[0].column, "clicks");
    EXPECT_EQ(r.rejected[0].reason, "\"ten\" is not a number");
    EXPECT_EQ(r.rejected[1].line, 4u);
    EXPECT_EQ(r.rejected[1].column, "date");
    EXPECT_NE(r.rejected[1].reason.find("not a date"), std::string::npos);
    EXPECT_EQ(r.rejected[2].line, 5u);
    EXPECT_EQ(r.rejected[2].reason, "has 4 fields, the header has 3");
    EXPECT_DOUBLE_EQ(number(r.rows[0].kpis[0]), 1244.0 / 10100.0);

    TempFile data(csv);
    auto strict = compute_kpis(ctr_model(), data.path(), {.grain = Grain::month, .strict = true});
    ASSERT_FALSE(strict);
    EXPECT_NE(strict.error().message.find(": line 3, column clicks: \"ten\" is not a number"), std::string::npos)
        << strict.error().message;
}

TEST(KpiEngine, ReadsDecimalCommasSemicolonsAndDayFirstDates) {
    const std::string csv = "date;clicks;impressions\n31/07/2026;1,5;10\n01/08/2026;2,5;1 000\n";
    const auto r = compute(ctr_model(), csv,
                           {.grain = Grain::month, .date_order = DateOrder::day_first, .csv = {.separator = 0, .decimal_comma = true}});
    EXPECT_EQ(r.rows[0].period_label, "2026-07");
    EXPECT_DOUBLE_EQ(number(r.rows[0].kpis[0]), 0.15);
    EXPECT_DOUBLE_EQ(number(r.rows[1].kpis[0]), 0.0025);
}

TEST(KpiEngine, SaysWhatDoesNotFitBeforeReadingTheRows) {
    const KpiModel model = model_of(R"json({
        "date_column": "day",
        "measures": {"spend": {"aggregate": "sum", "column": "cost"},
                     "big": {"aggregate": "count", "filter": "channel > 3"}},
        "kpis": {"k": "spend"}})json");
    TempFile data("date,channel,spend\n2026-07-01,A,1\n");
    const ComputeOptions options{.by = {"region"}, .grain = Grain::month};
    const auto problems = check_model_fits(model, data.path(), options);
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_NE(problems[0].find("no column \"region\" to group by; the columns are date, channel, spend"), std::string::npos);
    EXPECT_NE(problems[1].find("no date column \"day\""), std::string::npos);
    EXPECT_NE(problems[2].find("measure 'spend': no column \"cost\""), std::string::npos);
    EXPECT_NE(problems[3].find("measure 'big', filter column 9: cannot compare 'channel' (text) with '3' (number)"),
              std::string::npos);
    EXPECT_FALSE(compute_kpis(model, data.path(), options));
}

TEST(KpiEngine, TargetsGiveAttainmentAndStatusByTheKpisDirection) {
    const KpiModel model = model_of(R"json({
        "date_column": "date",
        "measures": {"spend": {"aggregate": "sum", "column": "spend"}, "leads": {"aggregate": "sum", "column": "leads"}},
        "kpis": {"cpl": "KPI.CPL(spend, leads)", "leads_kpi": {"formula": "leads", "unit": "count"}}})json");
    TempFile targets_csv(
        "kpi,period,channel,target,on_track_at,at_risk_at\n"
        "cpl,,,20,,\n"
        "cpl,2026-08,B,50,,\n"
        "leads_kpi,,,100,1,0.8\n"
        "nonsense,,,1,,\n"
        "cpl,,,abc,,\n");
    auto targets = read_targets_file(targets_csv.path(), {});
    ASSERT_TRUE(targets);
    const std::string csv = "date,channel,spend,leads\n2026-07-01,A,1000,40\n2026-08-01,B,1000,50\n2026-08-02,A,1000,100\n";
    const auto r = compute(model, csv, {.by = {"channel"}, .grain = Grain::month}, &targets.value());
    // July, A: CPL 25 against 20, lower is better: attainment 0.8, off track.
    const KpiRow* july_a = find_row(r, "2026-07", {"A"});
    EXPECT_DOUBLE_EQ(*july_a->targets[0], 20);
    EXPECT_DOUBLE_EQ(number(july_a->attainment[0]), 0.8);
    EXPECT_EQ(july_a->status[0], Value("off track"));
    // August, B: the more specific target (50) wins; CPL 20 beats it: 2.5, on track.
    const KpiRow* august_b = find_row(r, "2026-08", {"B"});
    EXPECT_DOUBLE_EQ(*august_b->targets[0], 50);
    EXPECT_EQ(august_b->status[0], Value("on track"));
    // Leads, higher is better, with thresholds from the file: 40 of 100 is off track, 100 on track, 50/100... 
    EXPECT_EQ(july_a->status[1], Value("off track"));
    const KpiRow* august_total = find_row(r, "2026-08", {std::nullopt});
    EXPECT_DOUBLE_EQ(number(august_total->attainment[1]), 1.5);
    EXPECT_EQ(august_total->status[1], Value("on track"));
    ASSERT_EQ(r.notes.size(), 2u);
    EXPECT_NE(r.notes[0].find("no KPI \"nonsense\""), std::string::npos);
    EXPECT_NE(r.notes[1].find("line 6: target \"abc\" is not a number"), std::string::npos);
}

TEST(KpiEngine, NamesAMissingDataFile) {
    auto r = compute_kpis(ctr_model(), "/no/such/data.csv", {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "/no/such/data.csv: no such file");
}

}  // namespace
}  // namespace kpilot
