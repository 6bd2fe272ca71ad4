// Loading KPI models: what a valid model holds, and for broken or hostile
// files the problems a user sees, each with its place.
#include <gtest/gtest.h>

#include "kpilot/kpi_model.hpp"
#include "temp_file.hpp"

namespace kpilot {
namespace {

std::vector<std::string> problems_of(std::string_view json) {
    LoadedModel loaded = parse_kpi_model(json, "m.json");
    EXPECT_FALSE(loaded.model.has_value()) << json;
    std::vector<std::string> texts;
    for (const auto& p : loaded.problems) texts.push_back(p.text());
    return texts;
}

bool mentions(const std::vector<std::string>& problems, std::string_view fragment) {
    for (const auto& p : problems)
        if (p.find(fragment) != std::string::npos) return true;
    return false;
}

TEST(KpiModel, LoadsMeasuresKpisAndGroupingsInTheFilesOrder) {
    LoadedModel loaded = parse_kpi_model(R"json({
        "name": "Funnel", "date_column": "date", "date_order": "dmy",
        "columns": {"stage": "text"},
        "measures": {"spend": {"aggregate": "sum", "column": "spend"},
                     "won": {"aggregate": "count", "filter": "stage == 'won'"},
                     "leads": {"aggregate": "sum", "column": "leads"}},
        "kpis": {"cpl": "KPI.CPL(spend, leads)",
                 "cost_per_win": {"formula": "spend / won", "unit": "currency", "direction": "lower", "title": "Cost per win"},
                 "twice_cpl": {"formula": "cpl * 2", "unit": "currency"}},
        "groupings": {"monthly": {"by": ["channel"], "grain": "fiscal_year", "fiscal_year_start_month": 4}}
    })json", "m.json");
    ASSERT_TRUE(loaded.model) << (loaded.problems.empty() ? "" : loaded.problems[0].text());
    const KpiModel& m = *loaded.model;
    EXPECT_EQ(m.name, "Funnel");
    EXPECT_EQ(m.date_order, DateOrder::day_first);
    ASSERT_EQ(m.measures.size(), 3u);
    EXPECT_EQ(m.measures[1].aggregate, Aggregate::count);
    EXPECT_EQ(m.measures[1].filter, "stage == 'won'");
    ASSERT_EQ(m.kpis.size(), 3u);
    // A KPI that is one built-in call takes its unit, direction and title from the registry.
    EXPECT_EQ(m.kpis[0].unit, Unit::currency);
    EXPECT_EQ(m.kpis[0].direction, Direction::lower_is_better);
    EXPECT_EQ(m.kpis[0].title, "Cost per lead");
    EXPECT_EQ(m.kpis[1].title, "Cost per win");
    EXPECT_EQ(m.kpis[1].direction, Direction::lower_is_better);
    ASSERT_EQ(m.groupings.size(), 1u);
    EXPECT_EQ(m.groupings[0].grain, Grain::fiscal_year);
    EXPECT_EQ(m.groupings[0].fiscal_year_start_month, 4);
    // twice_cpl uses cpl, so cpl comes first in the evaluation order.
    const auto pos = [&](std::size_t k) { return std::find(m.kpi_order.begin(), m.kpi_order.end(), k) - m.kpi_order.begin(); };
    EXPECT_LT(pos(0), pos(2));
}

TEST(KpiModel, ReportsEveryProblemWithItsPlace) {
    const auto problems = problems_of(R"json({
        "measures": {"spend": {"aggregate": "total", "column": "spend"},
                     "clicks": {"aggregate": "sum"},
                     "won": {"aggregate": "count", "filter": "stage == 'won"}},
        "kpis": {"cpc": "spend / clickz",
                 "bad_type": "spend + 'x'",
                 "odd": {"formula": "1", "unit": "parsecs", "colour": "red"}}
    })json");
    EXPECT_TRUE(mentions(problems, "m.json: measure 'spend': aggregate must be one of sum, count")) << problems[0];
    EXPECT_TRUE(mentions(problems, "m.json: measure 'clicks': needs a \"column\" to sum"));
    EXPECT_TRUE(mentions(problems, "m.json: measure 'won', filter column 10: text starting here is never closed"));
    EXPECT_TRUE(mentions(problems, "m.json: kpi 'cpc', formula column 9: unknown name 'clickz'"));
    EXPECT_TRUE(mentions(problems, "m.json: kpi 'bad_type', formula column 9: '+' needs numbers"));
    EXPECT_TRUE(mentions(problems, "m.json: kpi 'odd': unknown unit \"parsecs\""));
    EXPECT_TRUE(mentions(problems, "m.json: kpi 'odd': unknown key \"colour\""));
}

TEST(KpiModel, FindsCyclesBetweenKpis) {
    const auto problems = problems_of(R"json({
        "measures": {"x": {"aggregate": "sum", "column": "x"}},
        "kpis": {"a": "b + 1", "b": "c * 2", "c": "a - x", "d": "x"}
    })json");
    EXPECT_TRUE(mentions(problems, "is part of a cycle: a -> b -> c -> a")) << (problems.empty() ? "" : problems[0]);
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": {"aggregate": "sum", "column": "x"}}, "kpis": {"a": "a"}})json"),
                         "cycle: a -> a"));
}

TEST(KpiModel, RejectsMalformedFilesWithoutCrashing) {
    EXPECT_TRUE(mentions(problems_of("{\"measures\": {"), "is not valid JSON"));
    EXPECT_TRUE(mentions(problems_of("[1, 2, 3]"), "must be a JSON object"));
    EXPECT_TRUE(mentions(problems_of("{}"), "no \"measures\" section"));
    EXPECT_TRUE(mentions(problems_of("{}"), "no \"kpis\" section"));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": 5}, "kpis": {"k": 7}})json"), "measure 'x': must be an object"));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": 5}, "kpis": {"k": 7}})json"), "kpi 'k': must be a formula"));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"my spend": {"aggregate": "count"}}, "kpis": {"k": "1"}})json"),
                         "measure 'my spend': a name must start with a letter"));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"x": "1"}})json"),
                         "kpi 'x': has the name of a measure"));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"k": "x"},
                                         "groupings": {"g": {"by": "channel", "grain": "month"}}})json"),
                         "\"by\" must be a list"));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"k": "x"},
                                         "groupings": {"g": {"grain": "month"}}})json"),
                         "has a grain but the model has no \"date_column\""));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"k": "x"}, "extra": 1})json"),
                         "unknown key \"extra\""));
}

TEST(KpiModel, HostileFilesAreRefusedQuickly) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_TRUE(mentions(problems_of(deep), "levels deep"));
    std::string nested = R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"k": ")json" + std::string(500, '(') + "x" +
                         std::string(500, ')') + "\"}}";
    EXPECT_TRUE(mentions(problems_of(nested), "nesting too deep"));
    const std::string huge(largest_model_file + 10, ' ');
    EXPECT_TRUE(mentions(problems_of(huge), "larger than"));
}

TEST(KpiModel, LoadsFromAFileAndNamesAMissingOne) {
    kpilot::testing::TempFile file(R"json({"measures": {"n": {"aggregate": "count"}}, "kpis": {"rows": "n"}})json", ".json");
    LoadedModel loaded = load_kpi_model(file.path());
    ASSERT_TRUE(loaded.model);
    EXPECT_EQ(loaded.model->source_name, file.path());
    LoadedModel missing = load_kpi_model("/no/such/model.json");
    ASSERT_EQ(missing.problems.size(), 1u);
    EXPECT_EQ(missing.problems[0].text(), "/no/such/model.json: cannot be opened (no such file?)");
}

TEST(KpiModel, BuiltInModelFromColumnsSumsOnlyAdditiveInputs) {
    const KpiModel m = builtin_model_for_columns({"channel", "clicks", "impressions", "contribution_margin",
                                                  "incremental_revenue", "marketing_spend", "won", "lost", "open"});
    std::vector<std::string> names;
    for (const auto& k : m.kpis) names.push_back(k.name);
    EXPECT_NE(std::find(names.begin(), names.end(), "click_through_rate"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "win_rate"), names.end());
    // contribution_margin is a rate: ROMI cannot come from a summed margin column.
    EXPECT_EQ(std::find(names.begin(), names.end(), "romi"), names.end());
    for (const auto& k : m.kpis) {
        if (k.name == "win_rate") {
            EXPECT_EQ(k.formula, "KPI.WINRATE(won, lost, open)");
        }
    }
}

}  // namespace
}  // namespace kpilot
