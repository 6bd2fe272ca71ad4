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
