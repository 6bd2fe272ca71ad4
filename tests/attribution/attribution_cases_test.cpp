// Runs every case of tests/cases/attribution.cases through the core, for
// every model the case names, and checks the file itself: each model has a
// hand-checked value and an error, and a malformed line is reported where it stands.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "attribution_case_file.hpp"
#include "kpilot/attribution.hpp"
#include "temp_file.hpp"

namespace kpilot::testing {
namespace {

using attribution::Model;

const AttributionCaseFile& case_file() {
    static const AttributionCaseFile file = read_attribution_case_file(KPILOT_ATTRIBUTION_CASES_FILE);
    return file;
}

// One test per case and model, so a failure names both.
struct ModelCase {
    const AttributionCase* c;
    const ModelExpectation* expected;
};

void PrintTo(const ModelCase& m, std::ostream* os) {
    *os << m.c->file << ":" << m.expected->line << ": " << attribution::model_id(m.expected->model);
}

std::vector<ModelCase> model_cases() {
    std::vector<ModelCase> out;
    for (const AttributionCase& c : case_file().cases)
        for (const ModelExpectation& e : c.expectations) out.push_back({&c, &e});
    return out;
}

// A case file written for one test, read back.
AttributionCaseFile read_text(std::string_view text) {
    const TempFile file(text, ".cases");
    return read_attribution_case_file(file.path());
}

TEST(AttributionCaseFile, ParsesWithoutProblems) {
    for (const std::string& problem : case_file().problems) ADD_FAILURE() << problem;
    EXPECT_GE(case_file().cases.size(), 30u);
}

// The file's promise: a reader can check every case on paper.
TEST(AttributionCaseFile, EveryCaseShowsItsArithmetic) {
    for (const AttributionCase& c : case_file().cases)
        EXPECT_FALSE(c.note.empty()) << c.file << ":" << c.line << ": \"" << c.title << "\" has no note";
}

TEST(AttributionCaseFile, EveryModelHasAValueCaseAndAnErrorCase) {
    for (Model m : attribution::all_models()) {
        bool has_value = false, has_error = false;
        for (const ModelCase& mc : model_cases()) {
            if (mc.expected->model != m) continue;
            (mc.expected->error ? has_error : has_value) = true;
        }
        EXPECT_TRUE(has_value) << attribution::model_id(m) << " has no case with hand-checked credits";
        EXPECT_TRUE(has_error) << attribution::model_id(m) << " has no error case";
    }
}

class AttributionCaseTest : public ::testing::TestWithParam<ModelCase> {};

TEST_P(AttributionCaseTest, GivesTheHandCheckedCredits) {
    const AttributionCase& c = *GetParam().c;
    const ModelExpectation& expected = *GetParam().expected;
    SCOPED_TRACE(c.file + ":" + std::to_string(expected.line) + ": " + expected.source + "\n  in case \"" + c.title +
                 "\" (line " + std::to_string(c.line) + ")");
    const auto actual = attribution::attribute(c.paths, expected.model, c.options);
    for (const std::string& why : attribution_mismatches(c, expected, actual))
        ADD_FAILURE() << attribution::model_id(expected.model) << ": " << why;
}

INSTANTIATE_TEST_SUITE_P(Cases, AttributionCaseTest, ::testing::ValuesIn(model_cases()),
                         [](const ::testing::TestParamInfo<ModelCase>& case_info) {
                             return "line" + std::to_string(case_info.param.expected->line) + "_" +
                                    std::string(attribution::model_id(case_info.param.expected->model));
                         });

// The reader itself, on small files: what it builds, and where it says a line is wrong.

TEST(AttributionCaseFileReader, BuildsThePathsOptionsAndExpectationsAsWritten) {
    const AttributionCaseFile read = read_text(
        "# a file comment\n"
        "case Two paths\n"
        "# the note\n"
        "# on two lines\n"
        "option half_life_days 3.5\n"
        "option direct_channels (none), Typed\n"
        "option markov_use_nulls false\n"
        "path A > B; conversions 2; value 3 * 10; nulls 1; lead 1; opportunity 2; days 2^3 > 0\n"
        "path  B ; conversions 0\n"
        "expect linear, first_touch: A = 1/2 + 1/2, 15; B = 1, 15\n"
        "expect time_decay: #N/A \"path 2\"\n");
    ASSERT_TRUE(read.problems.empty()) << read.problems.front();
    ASSERT_EQ(read.cases.size(), 1u);
    const AttributionCase& c = read.cases.front();
    EXPECT_EQ(c.line, 2);
    EXPECT_EQ(c.title, "Two paths");
    EXPECT_EQ(c.note, "the note\non two lines");
    EXPECT_EQ(c.options.half_life_days, 3.5);
    EXPECT_EQ(c.options.direct_channels, (std::vector<std::string>{"(none)", "Typed"}));
    EXPECT_FALSE(c.options.markov_use_nulls);
    EXPECT_EQ(c.options.markov_order, 1);  // untouched options keep the core's defaults
    ASSERT_EQ(c.paths.channels(), (std::vector<std::string>{"A", "B"}));
    ASSERT_EQ(c.paths.paths().size(), 2u);
    const attribution::Path& first = c.paths.paths()[0];
    EXPECT_EQ(first.touches, (std::vector<attribution::ChannelId>{0, 1}));
    EXPECT_EQ(first.conversions, 2.0);
    EXPECT_EQ(first.value, 30.0);
    EXPECT_EQ(first.nulls, 1.0);
    EXPECT_EQ(first.lead_touch, std::optional<std::size_t>(0));  // written from 1, held from 0
    EXPECT_EQ(first.opportunity_touch, std::optional<std::size_t>(1));
    EXPECT_EQ(first.days_before_conversion, (std::vector<double>{8.0, 0.0}));
    const attribution::Path& second = c.paths.paths()[1];
    EXPECT_EQ(second.touches, (std::vector<attribution::ChannelId>{1}));
    EXPECT_EQ(second.value, 0.0);
    EXPECT_FALSE(second.lead_touch);
    EXPECT_TRUE(second.days_before_conversion.empty());
    ASSERT_EQ(c.expectations.size(), 3u);
    EXPECT_EQ(c.expectations[0].model, Model::linear);
    EXPECT_EQ(c.expectations[1].model, Model::first_touch);
    EXPECT_EQ(c.expectations[0].line, 10);
    ASSERT_EQ(c.expectations[0].credits.size(), 2u);
    EXPECT_EQ(c.expectations[0].credits[0].channel, "A");
    EXPECT_EQ(c.expectations[0].credits[0].conversions, 1.0);
    EXPECT_EQ(c.expectations[0].credits[0].value, 15.0);
    ASSERT_TRUE(c.expectations[2].error);
    EXPECT_EQ(c.expectations[2].error->kind, ErrorKind::na);
    EXPECT_EQ(c.expectations[2].error->message_contains, "path 2");
}

TEST(AttributionCaseFileReader, WritesArithmeticWithTheUsualPrecedence) {
    const AttributionCaseFile read = read_text(
        "case Arithmetic\n"
        "# -2^2 is -(2^2); 2^3^2 is 2^9; 1 - 2 - 3 is -4; 12/2/3 is 2\n"
        "path A; conversions 1\n"
        "expect first_touch: A = -2^2 + 2^3^2, 1 - 2 - 3 + 12/2/3 * (1 + 1)\n");
    ASSERT_TRUE(read.problems.empty()) << read.problems.front();
    const ExpectedCredit& credit = read.cases.at(0).expectations.at(0).credits.at(0);
    EXPECT_EQ(credit.conversions, 508.0);
    EXPECT_EQ(credit.value, 0.0);
}

TEST(AttributionCaseFileReader, NamesTheFileAndLineOfEachMalformedLine) {
    const TempFile file(
        "path A; conversions 1\n"                             // 1: outside a case
        "case Broken lines\n"                                 // 2: left with no path
        "# note\n"                                            // 3
        "path A > > B; conversions 1\n"                       // 4: empty channel
        "path A > B; value 3\n"                               // 5: no conversions
        "path A > B; conversions two\n"                       // 6: not a number
        "path A > B; conversions 1; colour red\n"             // 7: unknown field
        "option half_life 7\n"                                // 8: unknown option
        "expect linear A = 1, 1\n"                            // 9: no colon
        "expect lineal: A = 1, 1\n"                           // 10: unknown model
        "expect linear: A = 1\n"                              // 11: no value
        "expect shapley: #WHAT?\n"                            // 12: unknown error code
        "frobnicate\n"                                        // 13: unknown line
        "case Channels named wrong\n"                         // 14
        "# note\n"                                            // 15
        "path A > B; conversions 1; value 1\n"                // 16
        "expect linear: A = 1/2, 1/2\n"                       // 17: B left out
        "expect first_touch: A = 1, 1; B = 0, 0; C = 0, 0\n"  // 18: C is no channel
        "expect last_touch: A = 0, 0; B = 1, 1\n"             // 19: fine
        "expect last_touch: A = 0, 0; B = 1, 1\n"             // 20: twice
        "removal_effects: A = 1; B = 1\n"                     // 21: no expect markov
        "case Empty\n",                                       // 22: no path, no expectation
        ".cases");
    const AttributionCaseFile read = read_attribution_case_file(file.path());
    const std::string name = std::filesystem::path(file.path()).filename().string();
    std::vector<int> lines;
    for (const std::string& problem : read.problems) {
        ASSERT_EQ(problem.rfind(name + ":", 0), 0u) << problem;
        lines.push_back(std::stoi(problem.substr(name.size() + 1)));
    }
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    EXPECT_EQ(lines, (std::vector<int>{1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 18, 20, 21, 22}));
    EXPECT_TRUE(read.cases.empty()) << "a case with a malformed line must not run in part";
}

// The comparison a host reuses: it must see a wrong number, a wrong error and a missing error.
TEST(AttributionCaseFileReader, MismatchesSeeWrongNumbersAndWrongErrors) {
    const AttributionCaseFile read = read_text(
        "case One path\n"
        "# A takes all\n"
        "path A > B; conversions 2; value 10\n"
        "expect first_touch: A = 2, 10; B = 0, 0\n"
        "expect w_shaped: #N/A \"lead\"\n");
    ASSERT_TRUE(read.problems.empty()) << read.problems.front();
    const AttributionCase& c = read.cases.at(0);
    const ModelExpectation& first_touch = c.expectations.at(0);
    const ModelExpectation& w_shaped = c.expectations.at(1);

    attribution::Attribution right;
    right.model = Model::first_touch;
    right.channels = {{2.0, 10.0}, {0.0, 0.0}};
    right.total_conversions = 2.0;
    right.total_value = 10.0;
    EXPECT_TRUE(attribution_mismatches(c, first_touch, right).empty());

    attribution::Attribution close = right;
    close.channels[0].conversions = 2.0 * (1 + 5e-10);  // within 1e-9 relative
    EXPECT_TRUE(attribution_mismatches(c, first_touch, close).empty());

    attribution::Attribution wrong = right;
    wrong.channels[0].value = 9.0;
    wrong.channels[1].value = 1.0;
    const auto why = attribution_mismatches(c, first_touch, wrong);
    ASSERT_EQ(why.size(), 2u);
    EXPECT_NE(why[0].find("A value"), std::string::npos) << why[0];
    EXPECT_NE(why[1].find("B value"), std::string::npos) << why[1];

    EXPECT_FALSE(attribution_mismatches(c, first_touch, Error{ErrorKind::na, "no"}).empty());
    EXPECT_FALSE(attribution_mismatches(c, w_shaped, right).empty());
    EXPECT_FALSE(attribution_mismatches(c, w_shaped, Error{ErrorKind::num, "lead"}).empty());
    EXPECT_FALSE(attribution_mismatches(c, w_shaped, Error{ErrorKind::na, "the opportunity"}).empty());
    EXPECT_TRUE(attribution_mismatches(c, w_shaped, Error{ErrorKind::na, "the lead touch"}).empty());
}

}  // namespace
}  // namespace kpilot::testing
