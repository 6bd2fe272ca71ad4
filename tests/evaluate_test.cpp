// Spreadsheet semantics that hold for every KPI, checked on a few.
#include <gtest/gtest.h>

#include <stdexcept>

#include "kpilot/registry.hpp"

namespace kpilot {
namespace {

Argument cell(Value v) { return Argument::scalar(std::move(v)); }

Result<Value> call(std::string_view name, std::vector<Argument> args) { return evaluate(name, args); }

TEST(Evaluate, AnInputErrorComesBackUnchangedAndFirstWins) {
    auto r = call("KPI.ROI", {cell(Error{ErrorKind::na, "lookup failed in B2"}), cell(Error{ErrorKind::div0, ""})});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::na);
    EXPECT_EQ(r.error().message, "lookup failed in B2");
}

TEST(Evaluate, AnErrorInsideARangeIsPropagated) {
    auto r = call("KPI.NPS", {Argument::range({Value(10.0), Value(Error{ErrorKind::value, ""}), Value(Error{ErrorKind::na, ""})})});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::value);
    EXPECT_NE(r.error().message.find("scores"), std::string::npos);
}

TEST(Evaluate, AMissingRequiredArgumentIsValueErrorNamingIt) {
    auto r = call("KPI.ROMI", {cell(1000.0), Argument::omitted(), cell(200.0)});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::value);
    EXPECT_NE(r.error().message.find("contribution_margin"), std::string::npos);
}

TEST(Evaluate, TooManyArgumentsIsValueError) {
    auto r = call("KPI.CTR", {cell(1.0), cell(2.0), cell(3.0)});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::value);
    // Trailing omitted arguments are what Excel passes for unused slots; they are fine.
    EXPECT_TRUE(call("KPI.CTR", {cell(1.0), cell(2.0), Argument::omitted()}));
}

TEST(Evaluate, AnUnknownKpiIsValueError) {
    auto r = call("KPI.NOPE", {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::value);
}

TEST(Evaluate, ARangeWhereOneValueBelongsIsValueError) {
    auto r = call("KPI.CTR", {Argument::range({Value(1.0), Value(2.0)}), cell(10.0)});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::value);
    EXPECT_NE(r.error().message.find("clicks"), std::string::npos);
    // A one-cell range is a single value.
    auto one = call("KPI.CTR", {Argument::range({Value(1.0)}), cell(10.0)});
    ASSERT_TRUE(one);
    EXPECT_DOUBLE_EQ(one.value().number(), 0.1);
}

TEST(Evaluate, ExceptionsNeverEscapeTheCore) {
    KpiDefinition broken{.id = "broken",
                         .worksheet_name = "KPI.BROKEN",
                         .title = "Broken",
                         .description = "Throws",
                         .parameters = {number("x", Unit::count, "anything")},
                         .formula = "x",
                         .source = "test",
                         .notes = "",
                         .compute = [](const Inputs&) -> Result<Value> { throw std::runtime_error("boom"); }};
    std::vector<Argument> args{cell(1.0)};
    Result<Value> r = evaluate(broken, args);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::value);
    EXPECT_NE(r.error().message.find("boom"), std::string::npos);
}

TEST(Evaluate, ANonFiniteResultIsNumError) {
    // (1e308 - 1e-308) / 1e-308 overflows a double.
    auto r = call("KPI.ROI", {cell(1e308), cell(1e-308)});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::num);
}

}  // namespace
}  // namespace kpilot

namespace kpilot {
namespace {

TEST(Evaluate, ARangeOfPlainNumbersGivesWhatTheSameCellsGive) {
    const std::vector<double> scores{10, 9, 8, 7, 6, 0, 10};
    std::vector<Value> cells(scores.begin(), scores.end());
    const std::vector<Argument> as_numbers{Argument::range_of_numbers(scores)};
    const std::vector<Argument> as_cells{Argument::range(cells)};
    auto a = evaluate("KPI.NPS", as_numbers);
    auto b = evaluate("KPI.NPS", as_cells);
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_DOUBLE_EQ(a.value().number(), b.value().number());
    EXPECT_DOUBLE_EQ(a.value().number(), 100.0 * (3 - 2) / 7);  // 3 promoters, 2 detractors of 7
    // Domain errors name the cell, as for cells.
    const std::vector<Argument> off_scale{Argument::range_of_numbers({10, 11})};
    auto c = evaluate("KPI.NPS", off_scale);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().kind, ErrorKind::num);
    EXPECT_NE(c.error().message.find("(cell 2)"), std::string::npos) << c.error().message;
    // Paired ranges keep their positions.
    const std::vector<Argument> dates{Argument::range_of_numbers({45292, 45300}), Argument::range_of_numbers({45322, 45360})};
    EXPECT_DOUBLE_EQ(evaluate("KPI.SALESCYCLE", dates).value().number(), 45.0);  // 30 and 60 days
    // A one-cell numeric range is a single value where one belongs.
    const std::vector<Argument> ctr{Argument::range_of_numbers({5}), Argument::scalar(Value(50.0))};
    EXPECT_DOUBLE_EQ(evaluate("KPI.CTR", ctr).value().number(), 0.1);
}

}  // namespace
}  // namespace kpilot
