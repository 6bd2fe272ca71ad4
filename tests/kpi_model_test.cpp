// Loading KPI models: what a valid model holds, and for broken or hostile
// files the problems a user sees, each with its place.
#include "kpilot/kpi_model.hpp"

#include <gtest/gtest.h>

#include <filesystem>

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
    })json",
                                         "m.json");
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
    const auto pos = [&](std::size_t k) {
        return std::find(m.kpi_order.begin(), m.kpi_order.end(), k) - m.kpi_order.begin();
    };
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
    EXPECT_TRUE(
        mentions(problems_of(R"json({"measures": {"x": {"aggregate": "sum", "column": "x"}}, "kpis": {"a": "a"}})json"),
                 "cycle: a -> a"));
}

TEST(KpiModel, RejectsMalformedFilesWithoutCrashing) {
    EXPECT_TRUE(mentions(problems_of("{\"measures\": {"), "m.json: line 1, column 15: not valid JSON"));
    EXPECT_TRUE(mentions(problems_of("[1, 2, 3]"), "must be a JSON object"));
    EXPECT_TRUE(mentions(problems_of("{}"), "no \"measures\" section"));
    EXPECT_TRUE(mentions(problems_of("{}"), "no \"kpis\" section"));
    EXPECT_TRUE(
        mentions(problems_of(R"json({"measures": {"x": 5}, "kpis": {"k": 7}})json"), "measure 'x': must be an object"));
    EXPECT_TRUE(
        mentions(problems_of(R"json({"measures": {"x": 5}, "kpis": {"k": 7}})json"), "kpi 'k': must be a formula"));
    EXPECT_TRUE(
        mentions(problems_of(R"json({"measures": {"my spend": {"aggregate": "count"}}, "kpis": {"k": "1"}})json"),
                 "measure 'my spend': a name must start with a letter"));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"x": "1"}})json"),
                         "kpi 'x': has the name of a measure"));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"k": "x"},
                                         "groupings": {"g": {"by": "channel", "grain": "month"}}})json"),
                         "\"by\" must be a list"));
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"k": "x"},
                                         "groupings": {"g": {"grain": "month"}}})json"),
                         "has a grain but the model has no \"date_column\""));
    EXPECT_TRUE(
        mentions(problems_of(R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"k": "x"}, "extra": 1})json"),
                 "unknown key \"extra\""));
}

// What kpilot check prints for a file that is not JSON, or holds a number no
// double can: the place and the problem in kpilot's words, never the JSON
// library's exception text ("[json.exception.out_of_range.406] ...").
TEST(KpiModel, JsonProblemsNameTheLineAndColumnInKpilotsWords) {
    auto only_problem = [](std::string_view json) {
        const auto problems = problems_of(json);
        EXPECT_EQ(problems.size(), 1u) << json;
        return problems.empty() ? std::string() : problems.front();
    };
    EXPECT_EQ(only_problem("{\"measures\": {\"x\": {\"aggregate\": \"count\"}},\n \"kpis\": {\"k\": 1e999}}"),
              "m.json: line 2, column 16: the number 1e999 is too large (a number can be at most about 1.8e308 "
              "either side of zero)");
    EXPECT_EQ(only_problem("[-1e400]"),
              "m.json: line 1, column 2: the number -1e400 is too large (a number can be at most about 1.8e308 "
              "either side of zero)");
    EXPECT_EQ(only_problem("{\"measures\": {"),
              "m.json: line 1, column 15: not valid JSON: the text ends before the JSON does (a '{', '[' or '\"' "
              "left open?)");
    EXPECT_EQ(only_problem("{\n  \"kpis\": tru}"), "m.json: line 2, column 11: not valid JSON: unexpected 'tru}'");
    EXPECT_EQ(only_problem("{'kpis': 1}"),
              "m.json: line 1, column 2: not valid JSON: unexpected ''' (JSON puts text in double quotes)");
    // Columns count characters, as an editor does: "\xc3\xa9" is one.
    EXPECT_EQ(only_problem("{\"\xc3\xa9\": x}"), "m.json: line 1, column 7: not valid JSON: unexpected 'x'");
    // A byte that is not UTF-8 is shown as its code, so the message itself stays UTF-8.
    EXPECT_EQ(only_problem("{\"a\xff\": 1}"),
              "m.json: line 1, column 4: not valid JSON: unexpected '\\xFF' in text (the file must be UTF-8)");
    EXPECT_EQ(only_problem("{\"a\": \"tab\there\"}"),
              "m.json: line 1, column 11: not valid JSON: unexpected '\\x09' in text (a line break or tab inside "
              "quotes is written \\n or \\t)");
}

TEST(KpiModel, ANumberNoDoubleHoldsInAModelFileIsAProblemNotACrash) {
    kpilot::testing::TempFile file(R"json({"measures": {"n": {"aggregate": "count"}}, "kpis": {"rows": "n"},
        "attributions": [{"name": "a", "paths": "p.csv", "models": ["all"], "half_life_days": 1e999}]})json",
                                   ".json");
    LoadedModel loaded = load_kpi_model(file.path());
    ASSERT_EQ(loaded.problems.size(), 1u);
    EXPECT_EQ(loaded.problems[0].place, file.path() + ": line 2, column 95");
    EXPECT_EQ(loaded.problems[0].message.find("json.exception"), std::string::npos);
}

TEST(KpiModel, AFiscalMonthBeyondAnIntIsRefusedNotWrappedToJanuary) {
    EXPECT_TRUE(mentions(problems_of(R"json({"date_column": "date", "measures": {"x": {"aggregate": "count"}},
        "kpis": {"k": "x"}, "groupings": {"g": {"grain": "fiscal_year", "fiscal_year_start_month": 4294967297}}})json"),
                         "fiscal_year_start_month must be a month number, 1 to 12"));
}

// A std::regex once matched each formula against "one built-in call" before
// the length check, recursing per character: a formula of 60,000 characters
// overflowed the stack instead of being refused.
TEST(KpiModel, AVeryLongFormulaIsRefusedNotACrash) {
    std::string call = "KPI.CTR(x";
    while (call.size() < 100000) call += ", x";
    call += ")";
    const auto problems =
        problems_of(R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"k": ")json" + call + "\"}}");
    EXPECT_TRUE(
        mentions(problems, "m.json: kpi 'k', formula column 10000: the formula is longer than 10000 characters"))
        << (problems.empty() ? "" : problems[0]);
    LoadedModel one_call = parse_kpi_model(
        R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"c": " KPI.CTR (x, x) "}})json", "m.json");
    ASSERT_TRUE(one_call.model) << one_call.problems[0].text();
    ASSERT_NE(one_call.model->kpis[0].builtin, nullptr);  // still found for a one-call formula
    EXPECT_EQ(one_call.model->kpis[0].title, one_call.model->kpis[0].builtin->title);
}

TEST(KpiModel, HostileFilesAreRefusedQuickly) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_TRUE(mentions(problems_of(deep), "levels deep"));
    std::string nested = R"json({"measures": {"x": {"aggregate": "count"}}, "kpis": {"k": ")json" +
                         std::string(500, '(') + "x" + std::string(500, ')') + "\"}}";
    EXPECT_TRUE(mentions(problems_of(nested), "nesting too deep"));
    const std::string huge(largest_model_file + 10, ' ');
    EXPECT_TRUE(mentions(problems_of(huge), "larger than"));
}

TEST(KpiModel, LoadsFromAFileAndNamesAMissingOne) {
    kpilot::testing::TempFile file(R"json({"measures": {"n": {"aggregate": "count"}}, "kpis": {"rows": "n"}})json",
                                   ".json");
    LoadedModel loaded = load_kpi_model(file.path());
    ASSERT_TRUE(loaded.model);
    EXPECT_EQ(loaded.model->source_name, file.path());
    LoadedModel missing = load_kpi_model("/no/such/model.json");
    ASSERT_EQ(missing.problems.size(), 1u);
    EXPECT_EQ(missing.problems[0].text(), "/no/such/model.json: cannot be opened (no such file?)");
}

// The smallest valid model, with an "attributions" list spliced in.
std::string with_attributions(std::string_view list) {
    return R"json({"measures": {"n": {"aggregate": "count"}}, "kpis": {"rows": "n"}, "attributions": )json" +
           std::string(list) + "}";
}

TEST(KpiModel, LoadsAttributionDeclarationsWithTheirReadingAndModelOptions) {
    LoadedModel loaded = parse_kpi_model(with_attributions(R"json([
        {"name": "channel_attribution", "paths": "exports/paths.csv", "models": ["linear", "markov", "linear"],
         "columns": {"path": "Journey", "conversions": "Orders", "days_before_conversion": "Days"},
         "touch_separator": "|", "separator": ";", "markov_order": 2, "use_nulls": false,
         "position_weights": [0.3, 0.5], "half_life_days": 3.5, "w_weights": [0.2, 0.3, 0.4], "direct_channels": ["Direct", "Brand"]},
        {"name": "journeys", "touchpoints": "touches.csv", "models": ["all"], "lookback_days": 14,
         "columns": {"journey_id": "session", "stage": "crm_stage"}}
    ])json"),
                                         "m.json");
    ASSERT_TRUE(loaded.model) << loaded.problems[0].text();
    const auto& list = loaded.model->attributions;
    ASSERT_EQ(list.size(), 2u);

    const AttributionDeclaration& paths = list[0];
    EXPECT_EQ(paths.name, "channel_attribution");
    EXPECT_EQ(paths.input, AttributionDeclaration::Input::paths);
    EXPECT_EQ(paths.file, "exports/paths.csv");
    EXPECT_EQ(paths.path, "exports/paths.csv");  // parsed from text: as written
    // A model named twice runs once.
    EXPECT_EQ(paths.models, (std::vector<attribution::Model>{attribution::Model::linear, attribution::Model::markov}));
    EXPECT_EQ(paths.path_reading.columns.path, "Journey");
    EXPECT_EQ(paths.path_reading.columns.conversions, "Orders");
    EXPECT_EQ(paths.path_reading.columns.days, "Days");
    EXPECT_EQ(paths.path_reading.columns.nulls, "nulls");  // not renamed: the reader's own name
    EXPECT_EQ(paths.path_reading.touch_separator, "|");
    EXPECT_EQ(paths.path_reading.csv.separator, ';');
    EXPECT_EQ(paths.model_options.markov_order, 2);
    EXPECT_FALSE(paths.model_options.markov_use_nulls);
    EXPECT_DOUBLE_EQ(paths.model_options.position_first, 0.3);
    EXPECT_DOUBLE_EQ(paths.model_options.position_last, 0.5);
    EXPECT_DOUBLE_EQ(paths.model_options.half_life_days, 3.5);
    EXPECT_DOUBLE_EQ(paths.model_options.w_opportunity, 0.4);
    EXPECT_EQ(paths.model_options.direct_channels, (std::vector<std::string>{"Direct", "Brand"}));

    const AttributionDeclaration& touches = list[1];
    EXPECT_EQ(touches.input, AttributionDeclaration::Input::touchpoints);
    EXPECT_EQ(touches.file, "touches.csv");
    EXPECT_EQ(touches.models.size(), attribution::all_models().size());
    EXPECT_DOUBLE_EQ(touches.touchpoint_reading.lookback_days, 14.0);
    EXPECT_EQ(touches.touchpoint_reading.columns.journey, "session");
    EXPECT_EQ(touches.touchpoint_reading.columns.stage, "crm_stage");
    EXPECT_EQ(touches.touchpoint_reading.csv.separator, 0);  // detected, as everywhere else
    // Options not given keep the core's defaults.
    EXPECT_EQ(touches.model_options.markov_order, attribution::ModelOptions{}.markov_order);
    EXPECT_DOUBLE_EQ(touches.model_options.half_life_days, attribution::ModelOptions{}.half_life_days);
}

TEST(KpiModel, AttributionFilesAreFoundBesideTheModelFile) {
    const std::string absolute = (std::filesystem::temp_directory_path() / "elsewhere" / "touches.csv").string();
    kpilot::testing::TempFile file(with_attributions(R"json([
        {"name": "a", "paths": "../attribution/paths.csv", "models": ["all"]},
        {"name": "b", "touchpoints": ")json" + absolute +
                                                     R"json(", "models": ["all"]}])json"),
                                   ".json");
    LoadedModel loaded = load_kpi_model(file.path());
    ASSERT_TRUE(loaded.model) << loaded.problems[0].text();
    const std::filesystem::path folder = std::filesystem::path(file.path()).parent_path();
    EXPECT_EQ(loaded.model->attributions[0].path, (folder / "../attribution/paths.csv").string());
    EXPECT_EQ(loaded.model->attributions[0].file, "../attribution/paths.csv");
    EXPECT_EQ(loaded.model->attributions[1].path, absolute);
}

TEST(KpiModel, ReportsEveryAttributionProblemWithItsPlace) {
    const auto problems = problems_of(with_attributions(R"json([
        {"name": "both", "paths": "p.csv", "touchpoints": "t.csv", "models": ["all"]},
        {"name": "neither", "models": ["all"]},
        {"paths": "p.csv", "models": ["all"]},
        {"name": "odd", "paths": "p.csv", "models": ["linear", "magic"], "colour": "red", "lookback_days": 7,
         "columns": {"journey_id": "session", "conversions": 5}, "separator": ";;"},
        {"name": "odd", "touchpoints": "t.csv", "models": "all", "touch_separator": "|", "lookback_days": -1},
        {"name": "weights", "paths": "p.csv", "models": ["all"], "position_weights": [0.7, 0.6]},
        {"name": "order", "paths": "p.csv", "models": ["markov"], "markov_order": 7},
        {"name": "types", "paths": "p.csv", "models": ["all"], "markov_order": 1.5, "use_nulls": "yes",
         "w_weights": [0.3, 0.3], "half_life_days": "a week", "direct_channels": "Direct"},
        {"name": "lone channel", "paths": "", "models": []},
        {"name": "blank", "paths": "p.csv", "models": ["linear", " "]},
        7
    ])json"));
    for (const char* expected : {
             "m.json: attribution 'both': names both \"paths\" and \"touchpoints\"",
             "m.json: attribution 'neither': needs a file of journeys: \"paths\" (a paths export) or \"touchpoints\"",
             "m.json: attribution 3: has no \"name\"",
             "m.json: attribution 'odd', models: unknown attribution model \"magic\" (one of: all, first_touch,",
             "m.json: attribution 'odd': unknown key \"colour\" (expected one of name, paths, touchpoints, models,",
             "m.json: attribution 'odd': \"lookback_days\" applies to touchpoints, not to a paths file",
             "m.json: attribution 'odd', columns: a paths file has no column \"journey_id\" to rename (one of path, "
             "conversions, value, nulls, lead_touch, opportunity_touch, days_before_conversion)",
             "m.json: attribution 'odd', columns, conversions: must be the file's column name, as text",
             "m.json: attribution 'odd', separator: must be one character",
             "m.json: attribution 'odd': has the name of an earlier attribution; names must be unique",
             "m.json: attribution 'odd', models: must be [\"all\"], or a list of model ids",
             "m.json: attribution 'odd': \"touch_separator\" applies to a paths file, not to touchpoints",
             "m.json: attribution 'odd', lookback_days: must be 0 (no window) or more days",
             // The core's own check of the option values, word for word.
             "m.json: attribution 'weights': position-based shares of the first and last touch must be between 0 and 1",
             "m.json: attribution 'order': the Markov order must be 1, 2, 3 or 4",
             "m.json: attribution 'types', markov_order: must be a whole number, 1 to 4",
             "m.json: attribution 'types', use_nulls: must be true or false",
             "m.json: attribution 'types', w_weights: must be a list of 3 numbers, [first, lead, opportunity]",
             "m.json: attribution 'types', half_life_days: must be a number",
             "m.json: attribution 'types', direct_channels: must be a list of channel names",
             "m.json: attribution 'lone channel': a name must start with a letter and hold only letters, digits and _",
             "m.json: attribution 'lone channel', paths: is empty",
             "m.json: attribution 'lone channel', models: must be [\"all\"]",
             "m.json: attribution 'blank', models: a model id is empty",
             "m.json: attribution 11: must be an object",
         })
        EXPECT_TRUE(mentions(problems, expected)) << expected;
    EXPECT_TRUE(
        mentions(problems_of(with_attributions(R"json({"name": "a"})json")), "m.json: attributions: must be a list"));
    // A grouping and an attribution both become tables named after them.
    EXPECT_TRUE(mentions(problems_of(R"json({"measures": {"n": {"aggregate": "count"}}, "kpis": {"rows": "n"},
                                            "groupings": {"by_channel": {"by": ["channel"]}},
                                            "attributions": [{"name": "by_channel", "paths": "p.csv", "models": ["all"]}]})json"),
                         "m.json: attribution 'by_channel': has the name of a grouping; names must be unique"));
}

TEST(KpiModel, AModelWithoutAttributionsDeclaresNone) {
    LoadedModel loaded =
        parse_kpi_model(R"json({"measures": {"n": {"aggregate": "count"}}, "kpis": {"rows": "n"}})json", "m.json");
    ASSERT_TRUE(loaded.model);
    EXPECT_TRUE(loaded.model->attributions.empty());
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
