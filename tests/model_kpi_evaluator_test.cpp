// A model KPI computed from measure values given one by one, as KPI.EVAL does.
#include <gtest/gtest.h>

#include "kpilot/model_kpi_evaluator.hpp"

namespace kpilot {
namespace {

KpiModel sample_model() {
    LoadedModel loaded = parse_kpi_model(R"json({
        "measures": {"spend": {"aggregate": "sum", "column": "spend"}, "revenue": {"aggregate": "sum", "column": "revenue"},
                     "leads": {"aggregate": "sum", "column": "leads"}, "won": {"aggregate": "count"}},
        "kpis": {"romi": {"formula": "(revenue * 0.6 - spend) / spend", "unit": "ratio"},
                 "cpl": "KPI.CPL(spend, leads)",
                 "twice_cpl": {"formula": "cpl * 2", "unit": "currency"}}})json", "m.json");
    EXPECT_TRUE(loaded.model);
    return *loaded.model;
}

Argument cell(Value v) { return Argument::scalar(std::move(v)); }

TEST(ModelKpiEvaluator, InputsAreTheMeasuresAKpiReadsInModelOrder) {
    const ModelKpiEvaluator e(sample_model());
    EXPECT_EQ(e.inputs_of("romi"), (std::vector<std::string>{"spend", "revenue"}));
    EXPECT_EQ(e.inputs_of("twice_cpl"), (std::vector<std::string>{"spend", "leads"}));  // through cpl
    EXPECT_TRUE(e.inputs_of("nothing").empty());
}

// KPIs that share KPIs, as a Fibonacci chain does (k2 = k1 + k0, ...): the
// inputs were once found by following every use afresh, 2^60 steps for this
// model, so KPI.LOADMODEL never returned.
TEST(ModelKpiEvaluator, KpisSharingKpisLoadAtOnce) {
    std::string kpis = R"json("k0": "spend", "k1": "leads")json";
    for (int k = 2; k < 60; ++k)
        kpis += ", \"k" + std::to_string(k) + "\": \"k" + std::to_string(k - 1) + " + k" + std::to_string(k - 2) + "\"";
    LoadedModel loaded = parse_kpi_model(R"json({"measures": {"spend": {"aggregate": "sum", "column": "spend"},
        "leads": {"aggregate": "sum", "column": "leads"}, "won": {"aggregate": "count"}}, "kpis": {)json" +
                                             kpis + "}}",
                                         "m.json");
    ASSERT_TRUE(loaded.model) << loaded.problems[0].text();
    const ModelKpiEvaluator e(*loaded.model);
    EXPECT_EQ(e.inputs_of("k59"), (std::vector<std::string>{"spend", "leads"}));
    // k10 = F(9) * spend + F(10) * leads with spend 1, leads 2: 34 + 2 * 55.
    const std::vector<Argument> inputs{cell(1.0), cell(2.0)};
    EXPECT_DOUBLE_EQ(e.evaluate("k10", inputs).value().number(), 144.0);
}

TEST(ModelKpiEvaluator, ComputesFromTheGivenMeasures) {
    const ModelKpiEvaluator e(sample_model());
    const std::vector<Argument> romi{cell(200.0), cell(1000.0)};  // (1000*0.6 - 200) / 200
    EXPECT_DOUBLE_EQ(e.evaluate("romi", romi).value().number(), 2.0);
    const std::vector<Argument> twice{cell(500.0), cell(20.0)};  // 2 * 500 / 20
    EXPECT_DOUBLE_EQ(e.evaluate("twice_cpl", twice).value().number(), 50.0);
}

TEST(ModelKpiEvaluator, ErrorsFollowTheSpreadsheetRules) {
    const ModelKpiEvaluator e(sample_model());
    const std::vector<Argument> zero{cell(0.0), cell(1000.0)};
    EXPECT_EQ(e.evaluate("romi", zero).error().kind, ErrorKind::div0);
    const std::vector<Argument> one{cell(200.0)};
    auto missing = e.evaluate("romi", one);
    EXPECT_EQ(missing.error().kind, ErrorKind::value);
    EXPECT_NE(missing.error().message.find("takes 2 inputs (spend, revenue), got 1"), std::string::npos);
    const std::vector<Argument> text{cell(Value("lots")), cell(1.0)};
    EXPECT_EQ(e.evaluate("romi", text).error().kind, ErrorKind::value);
    const std::vector<Argument> na{cell(Value(Error{ErrorKind::na, "lookup failed"})), cell(1.0)};
    EXPECT_EQ(e.evaluate("romi", na).error().message, "lookup failed");
    EXPECT_EQ(e.evaluate("nothing", one).error().kind, ErrorKind::value);
}

}  // namespace
}  // namespace kpilot
