#pragma once
// kpilot's formula language, for KPIs and row filters in a KPI model:
//
//   (revenue * margin - spend) / spend
//   safe_divide(won, won + lost, 0)
//   if(sessions > 0, 1 - engaged / sessions, 0)
//   KPI.CTR(clicks, impressions)            built-in KPIs by worksheet name or id
//   stage == "won" and amount >= 1000       a row filter
//
// Numbers, 'text' or "text", true/false; + - * / ^ (power binds tighter than
// unary minus, as in mathematics: -2^2 is -4); == (or =) != (or <>) < <= > >=;
// and or not (or && || !); if, min, max, abs, safe_divide. Names are whatever
// the scope binds (measures, KPIs, columns). Types are checked when compiling;
// spreadsheet errors are values when evaluating: x / 0 is #DIV/0!.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kpilot/registry.hpp"
#include "kpilot/value.hpp"

namespace kpilot {

enum class ExprType { number, text, boolean };
std::string_view to_string(ExprType type);

// One value inside the evaluator. Slots are reused from row to row, so a text
// slot keeps its capacity and reading a row allocates nothing.
struct Scalar {
    enum class Kind : std::uint8_t { number, text, boolean, error };
    Kind kind = Kind::number;
    double number = 0.0;
    bool boolean = false;
    ErrorKind error = ErrorKind::value;
    std::string text;  // the text, or the error's message

    static Scalar of_number(double x);
    static Scalar of_text(std::string_view text);
    static Scalar of_boolean(bool b);
    static Scalar of_error(ErrorKind kind, std::string message);
    static Scalar from_value(const Value& value);
    Value to_value() const;
    bool is_error() const { return kind == Kind::error; }
};

// What a name in a formula refers to: a slot in the array passed to evaluate.
struct NameBinding {
    std::size_t slot;
    ExprType type;
};

class ExpressionScope {
public:
    virtual ~ExpressionScope() = default;
    virtual std::optional<NameBinding> bind(std::string_view name) const = 0;
};

// A compile error: where (1-based column in the formula) and what.
struct ExpressionError {
    std::size_t column = 0;
    std::string message;
};

// Limits that keep a hostile model from exhausting the stack or the clock.
inline constexpr std::size_t longest_formula = 10000;
inline constexpr std::size_t deepest_nesting = 64;
inline constexpr std::size_t tallest_formula_tree = 256;  // a + b + c ... chains too

class Expression {
public:
    static std::variant<Expression, ExpressionError> compile(std::string_view text, const ExpressionScope& scope,
                                                             const Registry& registry = Registry::builtin());
    // Checks a formula's syntax (and function names and arities) before the
    // names in it have types, as a model's row filters before the data is read.
    static std::optional<ExpressionError> check_syntax(std::string_view text, const Registry& registry = Registry::builtin());
    // The names a formula uses as values (not functions or keywords), in order of first use.
    static std::vector<std::string> names_in(std::string_view text);

    Expression(Expression&&) noexcept;
    Expression& operator=(Expression&&) noexcept;
    ~Expression();

    ExprType type() const;
    const std::string& text() const { return text_; }
    // The slots the formula reads, each once, in order of first use.
    const std::vector<std::size_t>& slots_used() const { return slots_used_; }

    Scalar evaluate(std::span<const Scalar> slots) const;
    // For row filters: true only for a true result (an error or false is false).
    bool holds(std::span<const Scalar> slots) const;

    struct Node;

private:
    Expression() = default;
    std::string text_;
    std::unique_ptr<Node> root_;
    std::vector<std::size_t> slots_used_;
};

}  // namespace kpilot
