// Runs every line of tests/cases/kpis.cases through the core.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "case_file.hpp"
#include "kpilot/registry.hpp"

namespace kpilot::testing {
namespace {

const CaseFile& cases() {
    static const CaseFile file = read_case_file(KPILOT_CASES_FILE);
    return file;
}

TEST(KpiCaseFile, ParsesWithoutProblems) {
    for (const auto& problem : cases().problems) ADD_FAILURE() << problem;
    EXPECT_GT(cases().cases.size(), 200u);
}

class KpiCaseTest : public ::testing::TestWithParam<KpiCase> {};

TEST_P(KpiCaseTest, GivesTheHandCheckedValue) {
    const KpiCase& c = GetParam();
    SCOPED_TRACE(c.file + ":" + std::to_string(c.line) + ": " + c.source);
    const KpiDefinition* kpi = Registry::builtin().find(c.function);
    ASSERT_NE(kpi, nullptr) << "unknown function " << c.function;
    const Result<Value> result = evaluate(*kpi, c.arguments);
    const Value actual = result ? result.value() : Value(result.error());
    const std::string message = result ? "" : result.error().message;
    const std::string why = mismatch(c.expected, actual, message);
    EXPECT_TRUE(why.empty()) << why;
}

INSTANTIATE_TEST_SUITE_P(Cases, KpiCaseTest, ::testing::ValuesIn(cases().cases),
                         [](const ::testing::TestParamInfo<KpiCase>& case_info) {
                             std::string name;
                             for (char ch : case_info.param.function) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                             return "line" + std::to_string(case_info.param.line) + "_" + name;
                         });

// Every KPI has a hand-checked value, an error case, and a case for each of its variants.
TEST(KpiCaseFile, CoversEveryKpiAndVariant) {
    std::map<std::string, std::vector<const KpiCase*>> by_kpi;
    for (const auto& c : cases().cases) {
        if (const KpiDefinition* kpi = Registry::builtin().find(c.function)) by_kpi[kpi->id].push_back(&c);
    }
    for (const auto& kpi : Registry::builtin().all()) {
        const auto& list = by_kpi[kpi.id];
        const bool has_value = std::any_of(list.begin(), list.end(), [](auto* c) { return !c->expected.value.is_error(); });
        const bool has_error = std::any_of(list.begin(), list.end(), [](auto* c) { return c->expected.value.is_error(); });
        EXPECT_TRUE(has_value) << kpi.worksheet_name << " has no case with a value";
        EXPECT_TRUE(has_error) << kpi.worksheet_name << " has no error case";
        for (std::size_t i = 0; i < kpi.parameters.size(); ++i) {
            for (const auto& choice : kpi.parameters[i].choices) {
                const bool used = std::any_of(list.begin(), list.end(), [&](auto* c) {
                    if (c->arguments.size() <= i || c->arguments[i].cells().size() != 1) return false;
                    const Value& v = c->arguments[i].cells().front();
                    return v.is_text() && v.text() == choice && !c->expected.value.is_error();
                });
                EXPECT_TRUE(used) << kpi.worksheet_name << " has no case for " << kpi.parameters[i].name << " = \""
                                  << choice << "\"";
            }
        }
    }
}

}  // namespace
}  // namespace kpilot::testing
