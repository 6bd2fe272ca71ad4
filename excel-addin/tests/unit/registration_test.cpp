#include "registration.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "attribution_arguments.hpp"
#include "excel_c_api.hpp"
#include "kpilot/attribution.hpp"
#include "utf16.hpp"

namespace kpilot::xll {
namespace {

const Registry& registry() { return Registry::builtin(); }

WorksheetFunction named(const std::string& worksheet_name) {
    for (auto& f : worksheet_functions(registry()))
        if (f.worksheet_name == worksheet_name) return f;
    ADD_FAILURE() << worksheet_name << " is not among the worksheet functions";
    return {};
}

TEST(Registration, EveryKpiBecomesAThreadSafeFunctionOfXloperArguments) {
    const auto functions = worksheet_functions(registry());
    ASSERT_EQ(functions.size(), registry().all().size() + 5);  // and EXPLAIN, CATALOG, EVAL, LOADMODEL, ATTRIBUTION
    for (std::size_t i = 0; i < registry().all().size(); ++i) {
        const KpiDefinition& kpi = registry().all()[i];
        const WorksheetFunction& f = functions[i];
        EXPECT_EQ(f.worksheet_name, kpi.worksheet_name);
        EXPECT_EQ(f.kpi_index, i);
        EXPECT_EQ(f.argument_count(), kpi.parameters.size()) << kpi.id;
        EXPECT_EQ(f.type_text.front(), 'Q');
        EXPECT_EQ(f.type_text.back(), '$');
        EXPECT_EQ(f.argument_help.size(), kpi.parameters.size());
        EXPECT_EQ(f.function_help, kpi.description);
        for (std::size_t p = 0; p < kpi.parameters.size(); ++p) {
            EXPECT_EQ(f.type_text[1 + p], argument_type(kpi.parameters[p]));
            EXPECT_EQ(f.argument_help[p].rfind(kpi.parameters[p].description, 0), 0u) << f.argument_help[p];
        }
    }
}

TEST(Registration, RangesTakeReferencesAndSingleValuesTakeValues) {
    const KpiDefinition& nps = *registry().find("KPI.NPS");
    const KpiDefinition& romi = *registry().find("KPI.ROMI");
    EXPECT_EQ(worksheet_functions(registry())[static_cast<std::size_t>(&nps - registry().all().data())].type_text,
              "QU$");
    EXPECT_EQ(worksheet_functions(registry())[static_cast<std::size_t>(&romi - registry().all().data())].type_text,
              "QQQQ$");
}

TEST(Registration, ArgumentNamesAreTheRegistrysCommaJoined) {
    const auto functions = worksheet_functions(registry());
    const auto romi = std::find_if(functions.begin(), functions.end(),
                                   [](const WorksheetFunction& f) { return f.worksheet_name == "KPI.ROMI"; });
    ASSERT_NE(romi, functions.end());
    EXPECT_EQ(romi->argument_names, "incremental_revenue,contribution_margin,marketing_spend");
    EXPECT_EQ(romi->export_name, "KPI_ROMI");
}

TEST(Registration, EveryStringFitsExcelsLimit) {
    std::set<std::string> exports;
    for (const auto& f : worksheet_functions(registry())) {
        EXPECT_TRUE(exports.insert(f.export_name).second) << f.export_name;
        EXPECT_LE(utf16_from_utf8(f.argument_names).size(), xlMaxRegisterStringLength) << f.worksheet_name;
        EXPECT_LE(utf16_from_utf8(f.function_help).size(), xlMaxRegisterStringLength) << f.worksheet_name;
        EXPECT_FALSE(f.function_help.empty());
        for (const auto& help : f.argument_help) {
            EXPECT_LE(utf16_from_utf8(help).size(), xlMaxRegisterStringLength) << help;
            EXPECT_FALSE(help.empty()) << f.worksheet_name;
        }
    }
}

TEST(Registration, ArgumentHelpGivesUnitDomainChoicesAndDefault) {
    const KpiDefinition& romi = *registry().find("KPI.ROMI");
    EXPECT_EQ(argument_help(romi.parameters[2]), "What the marketing cost (currency; >= 0)");
    const KpiDefinition& win_rate = *registry().find("KPI.WINRATE");
    const std::string basis = argument_help(win_rate.parameters[3]);
    EXPECT_NE(basis.find("one of \"closed\", \"all\""), std::string::npos) << basis;
    EXPECT_NE(basis.find("optional"), std::string::npos) << basis;
    const KpiDefinition& nps = *registry().find("KPI.NPS");
    const std::string scores = argument_help(nps.parameters[0]);
    EXPECT_NE(scores.find("range"), std::string::npos) << scores;
    EXPECT_NE(scores.find("blanks and text are skipped"), std::string::npos) << scores;
}

TEST(Registration, LongTextIsCutOnACharacterWithAnEllipsis) {
    const std::string cut = within_excel_limit(std::string(300, 'a'), 255);
    EXPECT_EQ(utf16_from_utf8(cut).size(), 255u);
    EXPECT_EQ(cut.substr(cut.size() - 3), "\u2026");
    const std::string wide = within_excel_limit(std::string(200, 'a') + std::string(60, '\xe2'), 255);
    EXPECT_LE(utf16_from_utf8(wide).size(), 255u);
    std::string euros;
    for (int i = 0; i < 300; ++i) euros += "\u20ac";
    const std::string cut_euros = within_excel_limit(euros, 10);
    EXPECT_EQ(cut_euros, "\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u2026");
    EXPECT_EQ(within_excel_limit("short", 255), "short");
}

TEST(Registration, ExplainTakesAFunctionNameAndAsManyArgumentsAsTheLongestFunction) {
    const WorksheetFunction explain = named("KPI.EXPLAIN");
    EXPECT_EQ(explain.argument_count(), explain_argument_count(registry()));
    EXPECT_EQ(explain.type_text.substr(0, 2), "QQ");
    std::size_t longest = 0;
    for (const auto& kpi : registry().all()) longest = std::max(longest, kpi.parameters.size());
    // KPI.ATTRIBUTION's eleven arguments are more than any KPI's, so it sets the count.
    longest = std::max(longest, named("KPI.ATTRIBUTION").argument_count());
    EXPECT_EQ(explain.argument_count(), 1 + longest);
    EXPECT_EQ(explain.argument_count(), 12u);
    EXPECT_EQ(named("KPI.CATALOG").type_text, "Q$");
}

TEST(Registration, EvalTakesAModelKpiAndItsMeasuresAndLoadModelAPath) {
    const WorksheetFunction eval = named("KPI.EVAL");
    EXPECT_EQ(eval.argument_count(), 1 + eval_input_count);
    EXPECT_EQ(eval.type_text, std::string(1 + 1 + eval_input_count, 'Q') + "$");
    EXPECT_EQ(named("KPI.LOADMODEL").type_text, "QQ$");
}

TEST(Registration, AttributionTakesRangesByReferenceAndItsOptionsByValue) {
    const WorksheetFunction f = named("KPI.ATTRIBUTION");
    EXPECT_EQ(f.kind, WorksheetFunction::Kind::attribution);
    EXPECT_EQ(f.export_name, "KPI_ATTRIBUTION");
    // paths, conversions, values, nulls, models, days, the touches and the options may be ranges (U);
    // measure and separator are one value (Q).
    EXPECT_EQ(f.type_text, "QUUUUUQQUUUU$");
    EXPECT_EQ(f.argument_names,
              "paths,conversions,values,nulls,models,measure,separator,days,lead_touches,opportunity_touches,options");
    ASSERT_EQ(f.argument_help.size(), 11u);
    for (const auto& help : f.argument_help)
        EXPECT_EQ(help.find("\u2026"), std::string::npos) << "cut by Excel's limit: " << help;
    EXPECT_NE(f.function_help.find("(spills)"), std::string::npos) << f.function_help;
}

TEST(Registration, AttributionsModelHelpListsEveryModelOfTheCoreUncut) {
    const WorksheetFunction f = named("KPI.ATTRIBUTION");
    const std::string& models = f.argument_help[4];
    EXPECT_LE(utf16_from_utf8(models).size(), xlMaxRegisterStringLength);
    EXPECT_EQ(models.find("\u2026"), std::string::npos) << "cut: " << models;
    for (attribution::Model m : attribution::all_models())
        EXPECT_NE(models.find(std::string(attribution::model_id(m))), std::string::npos) << models;
    // The models that need more than paths, with the arguments that feed them, as the core answers.
    EXPECT_NE(models.find("time_decay needs days, w_shaped lead_touches and opportunity_touches)"), std::string::npos)
        << models;
    // The options' help names every field the options argument reads.
    for (std::string_view name : option_names())
        EXPECT_NE(f.argument_help[10].find(std::string(name)), std::string::npos) << name;
}

}  // namespace
}  // namespace kpilot::xll
