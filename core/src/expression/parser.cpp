// Recursive descent over a small token stream, with types checked as the tree
// is built, so a model file is rejected at load time with the column of the
// mistake rather than failing on some row later.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "expression/ast.hpp"

#include "kpilot/text_case.hpp"

namespace kpilot {

namespace {

using Node = Expression::Node;
using NodePtr = std::unique_ptr<Node>;
using Op = Node::Op;

enum class Token { number, text, name, symbol, end };

struct Lexeme {
    Token kind = Token::end;
    std::string_view text;
    std::size_t offset = 0;
};

struct CompileFailure {
    ExpressionError error;
};

[[noreturn]] void fail(std::size_t offset, std::string message) {
    throw CompileFailure{ExpressionError{offset + 1, std::move(message)}};
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    Lexeme next() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
        Lexeme lex;
        lex.offset = pos_;
        if (pos_ >= text_.size()) return lex;
        const char c = text_[pos_];
        if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && pos_ + 1 < text_.size() &&
                                                            std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
            std::size_t end = pos_;
            while (end < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[end])) || text_[end] == '.')) ++end;
            if (end < text_.size() && (text_[end] == 'e' || text_[end] == 'E')) {
                std::size_t exp = end + 1;
                if (exp < text_.size() && (text_[exp] == '+' || text_[exp] == '-')) ++exp;
                if (exp < text_.size() && std::isdigit(static_cast<unsigned char>(text_[exp]))) {
                    end = exp;
                    while (end < text_.size() && std::isdigit(static_cast<unsigned char>(text_[end]))) ++end;
                }
            }
            return take(lex, Token::number, end);
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t end = pos_;
            while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_' ||
                                          text_[end] == '.'))
                ++end;
            return take(lex, Token::name, end);
        }
        if (c == '"' || c == '\'') {
            std::size_t end = pos_ + 1;
            while (end < text_.size() && text_[end] != c) ++end;
            if (end >= text_.size()) fail(pos_, "text starting here is never closed with " + std::string(1, c));
            return take(lex, Token::text, end + 1);
        }
        for (std::string_view two : {"==", "!=", "<>", "<=", ">=", "&&", "||"})
            if (text_.substr(pos_, 2) == two) return take(lex, Token::symbol, pos_ + 2);
        if (std::string_view("+-*/^()<>=!,").find(c) != std::string_view::npos)
            return take(lex, Token::symbol, pos_ + 1);
        fail(pos_, "unexpected character '" + std::string(1, c) + "'");
    }

private:
    Lexeme take(Lexeme lex, Token kind, std::size_t end) {
        lex.kind = kind;
        lex.text = text_.substr(pos_, end - pos_);
        pos_ = end;
        return lex;
    }
    std::string_view text_;
    std::size_t pos_ = 0;
};

class Parser {
public:
    Parser(std::string_view text, const ExpressionScope* scope, const Registry& registry, std::vector<std::size_t>& slots)
        : text_(text), lexer_(text), scope_(scope), registry_(registry), slots_(slots) {
        advance();
    }

    NodePtr parse() {
        NodePtr root = disjunction();
        if (current_.kind != Token::end) fail(current_.offset, "unexpected '" + std::string(current_.text) + "'");
        return root;
    }

private:
    void advance() { current_ = lexer_.next(); }
    bool at_symbol(std::string_view s) const { return current_.kind == Token::symbol && current_.text == s; }
    bool at_keyword(std::string_view k) const { return current_.kind == Token::name && lowercase(current_.text) == k; }
    void expect_symbol(std::string_view s) {
        if (!at_symbol(s))
            fail(current_.offset, "expected '" + std::string(s) + "'" +
                                      (current_.kind == Token::end ? " before the end" : ", got '" + std::string(current_.text) + "'"));
        advance();
    }

    // Guards the recursion: each nested operand or call goes one level deeper.
    struct Depth {
        explicit Depth(Parser& p, std::size_t offset) : parser(p) {
            if (++parser.depth_ > deepest_nesting)
                fail(offset, "nesting too deep (more than " + std::to_string(deepest_nesting) + " levels)");
        }
        ~Depth() { --parser.depth_; }
        Parser& parser;
    };

    NodePtr make(Op op, ExprType type, std::size_t offset) {
        auto node = std::make_unique<Node>();
        node->op = op;
        node->type = type;
        node->column = offset + 1;
        return node;
    }

    // Evaluation recurses once per level, so a long chain such as 1+1+1+...
    // is bounded too, not only parentheses.
    static void measure_height(Node& node) {
        for (const auto& child : node.children) node.height = std::max(node.height, child->height + 1);
        if (node.height > tallest_formula_tree)
            fail(node.column - 1, "the formula is too deeply nested (more than " +
                                      std::to_string(tallest_formula_tree) + " levels of operations)");
    }

    void finish_source(Node& node, std::size_t start) {
        measure_height(node);
        const std::size_t end = current_.kind == Token::end ? text_.size() : current_.offset;
        std::string_view source = text_.substr(start, end - start);
        while (!source.empty() && std::isspace(static_cast<unsigned char>(source.back()))) source.remove_suffix(1);
        node.source = std::string(source);
    }

    // Without a scope (a syntax check before the data's columns are known) names have no types to check.
    void require(const Node& node, ExprType type, std::string_view role) const {
        if (node.type == type || !scope_) return;
        // Numbers stand for truth where a condition is expected, as in spreadsheets.
        if (type == ExprType::boolean && node.type == ExprType::number) return;
        fail(node.column - 1, std::string(role) + " must be " + std::string(to_string(type)) + ", but '" + node.source +
                                  "' is " + std::string(to_string(node.type)));
    }

    NodePtr binary(Op op, ExprType type, NodePtr left, NodePtr right, std::size_t start) {
        auto node = make(op, type, left->column - 1);
        node->children.push_back(std::move(left));
        node->children.push_back(std::move(right));
        finish_source(*node, start);
        return node;
    }

    NodePtr disjunction() {
        const std::size_t start = current_.offset;
        NodePtr left = conjunction();
        while (at_keyword("or") || at_symbol("||")) {
            advance();
            NodePtr right = conjunction();
            require(*left, ExprType::boolean, "each side of 'or'");
            require(*right, ExprType::boolean, "each side of 'or'");
            left = binary(Op::logical_or, ExprType::boolean, std::move(left), std::move(right), start);
        }
        return left;
    }

    NodePtr conjunction() {
        const std::size_t start = current_.offset;
        NodePtr left = negation();
        while (at_keyword("and") || at_symbol("&&")) {
            advance();
            NodePtr right = negation();
            require(*left, ExprType::boolean, "each side of 'and'");
            require(*right, ExprType::boolean, "each side of 'and'");
            left = binary(Op::logical_and, ExprType::boolean, std::move(left), std::move(right), start);
        }
        return left;
    }

    NodePtr negation() {
        if (at_keyword("not") || at_symbol("!")) {
            const std::size_t start = current_.offset;
            Depth depth(*this, start);
            advance();
            NodePtr operand = negation();
            require(*operand, ExprType::boolean, "the operand of 'not'");
            auto node = make(Op::logical_not, ExprType::boolean, start);
            node->children.push_back(std::move(operand));
            finish_source(*node, start);
            return node;
        }
        return comparison();
    }

    NodePtr comparison() {
        const std::size_t start = current_.offset;
        NodePtr left = additive();
        static const std::pair<std::string_view, Op> operators[] = {
            {"==", Op::equal}, {"=", Op::equal},      {"!=", Op::not_equal},   {"<>", Op::not_equal},
            {"<", Op::less},   {"<=", Op::less_equal}, {">", Op::greater},     {">=", Op::greater_equal}};
        for (const auto& [symbol, op] : operators) {
            if (!at_symbol(symbol)) continue;
            const std::size_t at = current_.offset;
            advance();
            NodePtr right = additive();
            const bool ordering = op != Op::equal && op != Op::not_equal;
            if (left->type != right->type && scope_)
                fail(at, "cannot compare '" + left->source + "' (" + std::string(to_string(left->type)) + ") with '" +
                             right->source + "' (" + std::string(to_string(right->type)) + ")");
            if (ordering && left->type == ExprType::boolean && scope_) fail(at, "true and false have no order");
            return binary(op, ExprType::boolean, std::move(left), std::move(right), start);
        }
        return left;
    }

    NodePtr additive() {
        const std::size_t start = current_.offset;
        NodePtr left = multiplicative();
        while (at_symbol("+") || at_symbol("-")) {
            const Op op = at_symbol("+") ? Op::add : Op::subtract;
            advance();
            NodePtr right = multiplicative();
            arithmetic_operands(*left, *right, op == Op::add ? "+" : "-");
            left = binary(op, ExprType::number, std::move(left), std::move(right), start);
        }
        return left;
    }

    NodePtr multiplicative() {
        const std::size_t start = current_.offset;
        NodePtr left = unary();
        while (at_symbol("*") || at_symbol("/")) {
            const Op op = at_symbol("*") ? Op::multiply : Op::divide;
            advance();
            NodePtr right = unary();
            arithmetic_operands(*left, *right, op == Op::multiply ? "*" : "/");
            left = binary(op, ExprType::number, std::move(left), std::move(right), start);
        }
        return left;
    }

    void arithmetic_operands(const Node& left, const Node& right, std::string_view op) const {
        if (!scope_) return;
        for (const Node* n : {&left, &right})
            if (n->type != ExprType::number)
                fail(n->column - 1, "'" + std::string(op) + "' needs numbers, but '" + n->source + "' is " +
                                        std::string(to_string(n->type)));
    }

    NodePtr unary() {
        if (at_symbol("-") || at_symbol("+")) {
            const std::size_t start = current_.offset;
            Depth depth(*this, start);
            const bool minus = at_symbol("-");
            advance();
            NodePtr operand = unary();
            arithmetic_operands(*operand, *operand, minus ? "-" : "+");
            if (!minus) return operand;
            auto node = make(Op::negate, ExprType::number, start);
            node->children.push_back(std::move(operand));
            finish_source(*node, start);
            return node;
        }
        return power();
    }

    NodePtr power() {
        const std::size_t start = current_.offset;
        NodePtr base = primary();
        if (!at_symbol("^")) return base;
        Depth depth(*this, current_.offset);
        advance();
        NodePtr exponent = unary();  // right-associative: 2^3^2 is 2^(3^2)
        arithmetic_operands(*base, *exponent, "^");
        return binary(Op::power, ExprType::number, std::move(base), std::move(exponent), start);
    }

    NodePtr primary() {
        const Lexeme lex = current_;
        switch (lex.kind) {
            case Token::end: fail(lex.offset, "expected a value before the end");
            case Token::number: {
                double x = 0;
                const auto [end, ec] = std::from_chars(lex.text.data(), lex.text.data() + lex.text.size(), x);
                if (ec != std::errc() || end != lex.text.data() + lex.text.size())
                    fail(lex.offset, "'" + std::string(lex.text) + "' is not a number");
                advance();
                auto node = make(Op::number, ExprType::number, lex.offset);
                node->number = x;
                node->source = std::string(lex.text);
                return node;
            }
            case Token::text: {
                advance();
                auto node = make(Op::text, ExprType::text, lex.offset);
                node->text = std::string(lex.text.substr(1, lex.text.size() - 2));
                node->source = std::string(lex.text);
                return node;
            }
            case Token::symbol: {
                if (lex.text != "(") fail(lex.offset, "unexpected '" + std::string(lex.text) + "'");
                Depth depth(*this, lex.offset);
                advance();
                NodePtr inner = disjunction();
                expect_symbol(")");
                inner->source = "(" + inner->source + ")";
                return inner;
            }
            case Token::name: break;
        }
        advance();
        if (at_symbol("(")) return call(lex);
        const std::string lower = lowercase(lex.text);
        if (lower == "true" || lower == "false") {
            auto node = make(Op::boolean, ExprType::boolean, lex.offset);
            node->boolean = lower == "true";
            node->source = std::string(lex.text);
            return node;
        }
        const auto binding = scope_ ? scope_->bind(lex.text) : std::optional<NameBinding>(NameBinding{slots_.size(), ExprType::number});
        if (!binding) fail(lex.offset, "unknown name '" + std::string(lex.text) + "'");
        auto node = make(Op::slot, binding->type, lex.offset);
        node->slot = binding->slot;
        node->source = std::string(lex.text);
        if (std::find(slots_.begin(), slots_.end(), binding->slot) == slots_.end()) slots_.push_back(binding->slot);
        return node;
    }

    NodePtr call(const Lexeme& name) {
        Depth depth(*this, name.offset);
        advance();  // (
        std::vector<NodePtr> args;
        if (!at_symbol(")")) {
            while (true) {
                args.push_back(disjunction());
                if (at_symbol(")")) break;
                expect_symbol(",");
            }
        }
        advance();  // )
        const std::string function = lowercase(name.text);
        NodePtr node;
        auto arity = [&](std::size_t low, std::size_t high) {
            if (args.size() < low || args.size() > high)
                fail(name.offset, std::string(name.text) + " takes " +
                                      (low == high ? std::to_string(low) : std::to_string(low) + " or more") +
                                      " arguments, got " + std::to_string(args.size()));
        };
        if (function == "if") {
            arity(3, 3);
            require(*args[0], ExprType::boolean, "the condition of if");
            if (args[1]->type != args[2]->type && scope_)
                fail(args[2]->column - 1, "both branches of if must have one type, but '" + args[1]->source + "' is " +
                                              std::string(to_string(args[1]->type)) + " and '" + args[2]->source +
                                              "' is " + std::string(to_string(args[2]->type)));
            node = make(Op::if_then_else, args[1]->type, name.offset);
        } else if (function == "min" || function == "max") {
            arity(1, 255);
            for (const auto& a : args) arithmetic_operands(*a, *a, function);
            node = make(function == "min" ? Op::minimum : Op::maximum, ExprType::number, name.offset);
        } else if (function == "abs") {
            arity(1, 1);
            arithmetic_operands(*args[0], *args[0], "abs");
            node = make(Op::absolute, ExprType::number, name.offset);
        } else if (function == "safe_divide") {
            arity(3, 3);
            for (const auto& a : args) arithmetic_operands(*a, *a, "safe_divide");
            node = make(Op::safe_divide, ExprType::number, name.offset);
        } else if (const KpiDefinition* kpi = registry_.find(name.text)) {
            const std::size_t required = kpi->required_parameter_count();
            if (args.size() < required || args.size() > kpi->parameters.size())
                fail(name.offset, kpi->worksheet_name + " takes " + std::to_string(required) +
                                      (required == kpi->parameters.size() ? "" : " to " + std::to_string(kpi->parameters.size())) +
                                      " arguments, got " + std::to_string(args.size()));
            for (std::size_t i = 0; i < args.size(); ++i) {
                const Parameter& p = kpi->parameters[i];
                const bool wants_text = p.kind == ParameterKind::choice || p.kind == ParameterKind::text;
                if (p.kind == ParameterKind::numbers || p.kind == ParameterKind::aligned_numbers)
                    fail(args[i]->column - 1, kpi->worksheet_name + " takes a range for " + p.name +
                                                  ", which a formula over measures cannot give");
                require(*args[i], wants_text ? ExprType::text : ExprType::number, "argument " + p.name);
            }
            node = make(Op::kpi_call, kpi->unit == Unit::status ? ExprType::text : ExprType::number, name.offset);
            node->kpi = kpi;
        } else {
            fail(name.offset, "unknown function '" + std::string(name.text) +
                                  "' (if, min, max, abs, safe_divide or a built-in KPI such as KPI.CTR)");
        }
        node->children = std::move(args);
        finish_source(*node, name.offset);
        return node;
    }

    std::string_view text_;
    Lexer lexer_;
    const ExpressionScope* scope_;
    const Registry& registry_;
    std::vector<std::size_t>& slots_;
    Lexeme current_;
    std::size_t depth_ = 0;
};

}  // namespace

std::variant<Expression, ExpressionError> Expression::compile(std::string_view text, const ExpressionScope& scope,
                                                              const Registry& registry) {
    if (text.size() > longest_formula)
        return ExpressionError{longest_formula, "the formula is longer than " + std::to_string(longest_formula) + " characters"};
    Expression expression;
    expression.text_ = std::string(text);
    try {
        Parser parser(expression.text_, &scope, registry, expression.slots_used_);
        expression.root_ = parser.parse();
    } catch (const CompileFailure& failure) {
        return failure.error;
    }
    return expression;
}

std::optional<ExpressionError> Expression::check_syntax(std::string_view text, const Registry& registry) {
    if (text.size() > longest_formula)
        return ExpressionError{longest_formula, "the formula is longer than " + std::to_string(longest_formula) + " characters"};
    std::vector<std::size_t> slots;
    try {
        Parser(text, nullptr, registry, slots).parse();
    } catch (const CompileFailure& failure) {
        return failure.error;
    }
    return std::nullopt;
}

std::vector<std::string> Expression::names_in(std::string_view text) {
    std::vector<std::string> names;
    try {
        Lexer lexer(text);
        std::optional<Lexeme> previous;
        for (Lexeme lex = lexer.next(); lex.kind != Token::end; lex = lexer.next()) {
            if (previous && previous->kind == Token::name) {
                const bool is_call = lex.kind == Token::symbol && lex.text == "(";
                const std::string word = lowercase(previous->text);
                const bool keyword = word == "and" || word == "or" || word == "not" || word == "true" || word == "false";
                if (!is_call && !keyword && std::find(names.begin(), names.end(), previous->text) == names.end())
                    names.emplace_back(previous->text);
            }
            previous = lex;
        }
        if (previous && previous->kind == Token::name) {
            const std::string word = lowercase(previous->text);
            if (word != "true" && word != "false" && std::find(names.begin(), names.end(), previous->text) == names.end())
                names.emplace_back(previous->text);
        }
    } catch (const CompileFailure&) {
    }
    return names;
}

Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

ExprType Expression::type() const { return root_->type; }

}  // namespace kpilot
