// The formula language: values, precedence, spreadsheet errors, type checks
// with the column of the mistake, and limits against hostile input.
#include <gtest/gtest.h>

#include <map>

#include "kpilot/expression.hpp"

namespace kpilot {
namespace {

// spend, revenue, margin, won, lost, zero: numbers; stage, channel: text.
class TestScope : public ExpressionScope {
public:
    std::optional<NameBinding> bind(std::string_view name) const override {
        const auto it = names.find(std::string(name));
        if (it == names.end()) return std::nullopt;
        return it->second;
    }
    std::map<std::string, NameBinding> names{
        {"spend", {0, ExprType::number}}, {"revenue", {1, ExprType::number}}, {"margin", {2, ExprType::number}},
        {"won", {3, ExprType::number}},   {"lost", {4, ExprType::number}},    {"zero", {5, ExprType::number}},
        {"stage", {6, ExprType::text}},   {"channel", {7, ExprType::text}},   {"broken", {8, ExprType::number}}};
};

std::vector<Scalar> slots() {
    return {Scalar::of_number(200),     Scalar::of_number(1000),   Scalar::of_number(0.4),
            Scalar::of_number(20),      Scalar::of_number(30),     Scalar::of_number(0),
            Scalar::of_text("Won"),     Scalar::of_text("Search"), Scalar::of_error(ErrorKind::na, "no data for broken")};
}

Scalar run(std::string_view formula) {
    auto compiled = Expression::compile(formula, TestScope{});
    if (auto* error = std::get_if<ExpressionError>(&compiled)) {
        ADD_FAILURE() << formula << ": " << error->message;
        return Scalar::of_error(ErrorKind::value, error->message);
    }
    const auto values = slots();
    return std::get<Expression>(compiled).evaluate(values);
}

double number(std::string_view formula) {
    const Scalar s = run(formula);
    EXPECT_EQ(s.kind, Scalar::Kind::number) << formula << " gave " << s.text;
    return s.number;
}

ExpressionError compile_error(std::string_view formula) {
    auto compiled = Expression::compile(formula, TestScope{});
    EXPECT_TRUE(std::holds_alternative<ExpressionError>(compiled)) << formula << " should not compile";
    if (auto* error = std::get_if<ExpressionError>(&compiled)) return *error;
    return {};
}

TEST(Expression, ArithmeticFollowsTheUsualPrecedence) {
    EXPECT_DOUBLE_EQ(number("(revenue * margin - spend) / spend"), 1.0);  // ROMI: (400 - 200) / 200
    EXPECT_DOUBLE_EQ(number("1 + 2 * 3"), 7);
    EXPECT_DOUBLE_EQ(number("(1 + 2) * 3"), 9);
    EXPECT_DOUBLE_EQ(number("2 ^ 3 ^ 2"), 512);  // right-associative
    EXPECT_DOUBLE_EQ(number("-2 ^ 2"), -4);      // as in mathematics, not as in Excel
    EXPECT_DOUBLE_EQ(number("10 - 4 - 3"), 3);   // left-associative
    EXPECT_DOUBLE_EQ(number("1.5e2 + .5"), 150.5);
}

TEST(Expression, Functions) {
    EXPECT_DOUBLE_EQ(number("min(won, lost, 25)"), 20);
    EXPECT_DOUBLE_EQ(number("max(won, lost, 25)"), 30);
    EXPECT_DOUBLE_EQ(number("abs(won - lost)"), 10);
    EXPECT_DOUBLE_EQ(number("safe_divide(won, won + lost, 0)"), 0.4);
    EXPECT_DOUBLE_EQ(number("safe_divide(won, zero, -1)"), -1);
    EXPECT_DOUBLE_EQ(number("if(won > lost, 1, 2)"), 2);
    EXPECT_DOUBLE_EQ(number("IF(won < lost, 1, 2)"), 1);  // function names ignore case
}

TEST(Expression, BuiltInKpisAreCallableByWorksheetNameOrId) {
    EXPECT_DOUBLE_EQ(number("KPI.ROMI(revenue, margin, spend)"), 1.0);
    EXPECT_DOUBLE_EQ(number("win_rate(won, lost)"), 0.4);
    EXPECT_DOUBLE_EQ(number("KPI.WINRATE(won, lost, 50, 'all')"), 0.2);
    const Scalar status = run("KPI.STATUS(won, 20, 'higher')");
    EXPECT_EQ(status.kind, Scalar::Kind::text);
    EXPECT_EQ(status.text, "on track");
    const Scalar div0 = run("KPI.CTR(won, zero)");
    EXPECT_EQ(div0.kind, Scalar::Kind::error);
    EXPECT_EQ(div0.error, ErrorKind::div0);
}

TEST(Expression, ComparisonsAndLogic) {
    const auto truth = [](std::string_view f) {
        const Scalar s = run(f);
        EXPECT_EQ(s.kind, Scalar::Kind::boolean) << f;
        return s.boolean;
    };
    EXPECT_TRUE(truth("stage == 'won'"));  // text compares without regard to case, as in Excel
    EXPECT_TRUE(truth("stage = \"WON\""));
    EXPECT_TRUE(truth("stage != 'lost' and won >= 20"));
    EXPECT_TRUE(truth("stage <> 'lost' && not (won > 20)"));
    EXPECT_FALSE(truth("channel == 'Social' or lost < 30"));
    EXPECT_TRUE(truth("!false || false"));
    EXPECT_TRUE(truth("'apple' < 'Banana'"));
}

TEST(Expression, SpreadsheetErrorsAreValues) {
    const Scalar div0 = run("revenue / zero");
    EXPECT_EQ(div0.kind, Scalar::Kind::error);
    EXPECT_EQ(div0.error, ErrorKind::div0);
    EXPECT_EQ(div0.text, "zero is zero in 'revenue / zero'");
    const Scalar nested = run("1 + (won - won) / (lost - lost)");
    EXPECT_EQ(nested.error, ErrorKind::div0);
    EXPECT_EQ(nested.text, "(lost - lost) is zero in '(won - won) / (lost - lost)'");
    // An input error comes back unchanged.
    const Scalar na = run("broken * 2 + revenue / zero");
    EXPECT_EQ(na.error, ErrorKind::na);
    EXPECT_EQ(na.text, "no data for broken");
    const Scalar num = run("(0 - 8) ^ 0.5");
    EXPECT_EQ(num.error, ErrorKind::num);
    EXPECT_EQ(run("10 ^ 400").error, ErrorKind::num);
}

TEST(Expression, OnlyTheBranchTakenIsEvaluated) {
    EXPECT_DOUBLE_EQ(number("if(zero > 0, revenue / zero, 0)"), 0);
    const Scalar s = run("zero > 0 and revenue / zero > 1");
    EXPECT_EQ(s.kind, Scalar::Kind::boolean);
    EXPECT_FALSE(s.boolean);
}

TEST(Expression, RowFiltersHoldOnlyWhenTrue) {
    auto compiled = Expression::compile("stage == 'won'", TestScope{});
    const auto& filter = std::get<Expression>(compiled);
    auto values = slots();
    EXPECT_TRUE(filter.holds(values));
    values[6] = Scalar::of_text("lost");
    EXPECT_FALSE(filter.holds(values));
    auto erroring = std::get<Expression>(Expression::compile("won / zero > 1", TestScope{}));
    EXPECT_FALSE(erroring.holds(values));
}

TEST(Expression, ReportsTheSlotsItReads) {
    auto compiled = Expression::compile("(revenue * margin - spend) / spend", TestScope{});
    EXPECT_EQ(std::get<Expression>(compiled).slots_used(), (std::vector<std::size_t>{1, 2, 0}));
}

TEST(Expression, CompileErrorsSayWhatAndWhere) {
    auto e = compile_error("revenue / spnd");
    EXPECT_EQ(e.column, 11u);
    EXPECT_EQ(e.message, "unknown name 'spnd'");
    e = compile_error("revenue + 'won'");
    EXPECT_EQ(e.column, 11u);
    EXPECT_EQ(e.message, "'+' needs numbers, but ''won'' is text");
    e = compile_error("stage > 3");
    EXPECT_EQ(e.message, "cannot compare 'stage' (text) with '3' (number)");
    e = compile_error("if(won, 1, 'x')");
    EXPECT_NE(e.message.find("both branches of if"), std::string::npos);
    e = compile_error("(revenue - spend");
    EXPECT_EQ(e.message, "expected ')' before the end");
    e = compile_error("revenue spend");
    EXPECT_EQ(e.column, 9u);
    e = compile_error("median(won)");
    EXPECT_NE(e.message.find("unknown function 'median'"), std::string::npos);
    e = compile_error("KPI.CTR(won)");
    EXPECT_EQ(e.message, "KPI.CTR takes 2 arguments, got 1");
    e = compile_error("KPI.NPS(won)");
    EXPECT_NE(e.message.find("takes a range"), std::string::npos);
    e = compile_error("KPI.BOUNCERATE(won, lost, 3)");
    EXPECT_NE(e.message.find("argument definition must be text"), std::string::npos);
    e = compile_error("'never closed");
    EXPECT_EQ(e.column, 1u);
    e = compile_error("won # lost");
    EXPECT_EQ(e.message, "unexpected character '#'");
    e = compile_error("");
    EXPECT_EQ(e.message, "expected a value before the end");
    e = compile_error("min()");
    EXPECT_NE(e.message.find("takes 1 or more arguments"), std::string::npos);
}

TEST(Expression, HostileFormulasAreRejectedNotObeyed) {
    const std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
    EXPECT_NE(compile_error(deep).message.find("longer than"), std::string::npos);
    const std::string nested = std::string(200, '(') + "1" + std::string(200, ')');
    EXPECT_NE(compile_error(nested).message.find("nesting too deep"), std::string::npos);
    std::string minus(5000, '-');
    EXPECT_NE(compile_error(minus + "1").message.find("nesting too deep"), std::string::npos);
    std::string calls;
    for (int i = 0; i < 100; ++i) calls += "abs(";
    calls += "1" + std::string(100, ')');
    EXPECT_NE(compile_error(calls).message.find("nesting too deep"), std::string::npos);
    std::string powers = "2";
    for (int i = 0; i < 200; ++i) powers += "^2";
    EXPECT_NE(compile_error(powers).message.find("nesting too deep"), std::string::npos);
    std::string chain = "1";
    for (int i = 0; i < 1000; ++i) chain += "+1";
    EXPECT_NE(compile_error(chain).message.find("too deeply nested"), std::string::npos);
    std::string fine = "1";
    for (int i = 0; i < 100; ++i) fine += "+1";
    EXPECT_DOUBLE_EQ(number(fine), 101);
}

}  // namespace
}  // namespace kpilot
