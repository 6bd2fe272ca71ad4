// The model language parsed once more, here to print it as Excel. The core
// keeps its parse tree private, and a model reaching this point has passed
// the core's checks (types, nesting depth, length), so this parser needs the
// grammar only, not the checks or the messages.
#include "excel_formula.hpp"

#include <cctype>
#include <charconv>
#include <memory>

#include "kpilot/dates.hpp"
#include "kpilot/number_text.hpp"
#include "kpilot/value.hpp"

namespace kpilot::templates {

namespace {

struct Node {
    enum class Kind { number, text, boolean, name, call, negate, logical_not, binary };
    Kind kind = Kind::number;
    std::string op;    // binary: + - * / ^ == != < <= > >= and or
    std::string name;  // a name, or a function as written
    double number = 0.0;
    std::string text;
    bool boolean = false;
    const KpiDefinition* kpi = nullptr;  // a call of a built-in KPI
    std::vector<std::unique_ptr<Node>> children;
};
using NodePtr = std::unique_ptr<Node>;

struct ParseFailure {
    std::string message;
};

enum class Token { number, text, name, symbol, end };

struct Lexeme {
    Token kind = Token::end;
    std::string_view text;
};

// The core's grammar (kpilot/expression.hpp): or < and < not < comparison <
// + - < * / < unary minus < ^ < primary; ^ is right-associative.
class Parser {
public:
    Parser(std::string_view text, const Registry& registry) : text_(text), registry_(registry) { advance(); }

    NodePtr parse() {
        NodePtr root = disjunction();
        if (current_.kind != Token::end) throw ParseFailure{"unexpected '" + std::string(current_.text) + "'"};
        return root;
    }

private:
    void advance() { current_ = lex(); }

    Lexeme lex() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
        if (pos_ >= text_.size()) return {};
        const char c = text_[pos_];
        auto take = [&](Token kind, std::size_t end) {
            Lexeme lexeme{kind, text_.substr(pos_, end - pos_)};
            pos_ = end;
            return lexeme;
        };
        auto digit = [&](std::size_t i) {
            return i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]));
        };
        if (digit(pos_) || (c == '.' && digit(pos_ + 1))) {
            std::size_t end = pos_;
            while (digit(end) || (end < text_.size() && text_[end] == '.')) ++end;
            if (end < text_.size() && (text_[end] == 'e' || text_[end] == 'E')) {
                std::size_t exponent = end + 1;
                if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-')) ++exponent;
                if (digit(exponent)) {
                    end = exponent;
                    while (digit(end)) ++end;
                }
            }
            return take(Token::number, end);
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t end = pos_;
            while (end < text_.size() &&
                   (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_' || text_[end] == '.'))
                ++end;
            return take(Token::name, end);
        }
        if (c == '"' || c == '\'') {
            const std::size_t close = text_.find(c, pos_ + 1);
            if (close == std::string_view::npos) throw ParseFailure{"text never closed"};
            return take(Token::text, close + 1);
        }
        for (std::string_view two : {"==", "!=", "<>", "<=", ">=", "&&", "||"})
            if (text_.substr(pos_, 2) == two) return take(Token::symbol, pos_ + 2);
        if (std::string_view("+-*/^()<>=!,").find(c) != std::string_view::npos) return take(Token::symbol, pos_ + 1);
        throw ParseFailure{"unexpected character '" + std::string(1, c) + "'"};
    }

    bool at_symbol(std::string_view s) const { return current_.kind == Token::symbol && current_.text == s; }
    bool at_keyword(std::string_view k) const { return current_.kind == Token::name && lowercase(current_.text) == k; }
    void expect(std::string_view s) {
        if (!at_symbol(s)) throw ParseFailure{"expected '" + std::string(s) + "'"};
        advance();
    }

    static NodePtr binary(std::string op, NodePtr left, NodePtr right) {
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::binary;
        node->op = std::move(op);
        node->children.push_back(std::move(left));
        node->children.push_back(std::move(right));
        return node;
    }

    NodePtr disjunction() {
        NodePtr left = conjunction();
        while (at_keyword("or") || at_symbol("||")) {
            advance();
            left = binary("or", std::move(left), conjunction());
        }
        return left;
    }

    NodePtr conjunction() {
        NodePtr left = negation();
        while (at_keyword("and") || at_symbol("&&")) {
            advance();
            left = binary("and", std::move(left), negation());
        }
        return left;
    }

    NodePtr negation() {
        if (at_keyword("not") || at_symbol("!")) {
            advance();
            auto node = std::make_unique<Node>();
            node->kind = Node::Kind::logical_not;
            node->children.push_back(negation());
            return node;
        }
        return comparison();
    }

    NodePtr comparison() {
        NodePtr left = additive();
        static const std::pair<std::string_view, std::string_view> operators[] = {
            {"==", "=="}, {"=", "=="}, {"!=", "!="}, {"<>", "!="}, {"<", "<"}, {"<=", "<="}, {">", ">"}, {">=", ">="}};
        for (const auto& [symbol, op] : operators) {
            if (!at_symbol(symbol)) continue;
            advance();
            return binary(std::string(op), std::move(left), additive());
        }
        return left;
    }

    NodePtr additive() {
        NodePtr left = multiplicative();
        while (at_symbol("+") || at_symbol("-")) {
            std::string op(current_.text);
            advance();
            left = binary(std::move(op), std::move(left), multiplicative());
        }
        return left;
    }

    NodePtr multiplicative() {
        NodePtr left = unary();
        while (at_symbol("*") || at_symbol("/")) {
            std::string op(current_.text);
            advance();
            left = binary(std::move(op), std::move(left), unary());
        }
        return left;
    }

    NodePtr unary() {
        if (at_symbol("-") || at_symbol("+")) {
            const bool minus = at_symbol("-");
            advance();
            NodePtr operand = unary();
            if (!minus) return operand;
            auto node = std::make_unique<Node>();
            node->kind = Node::Kind::negate;
            node->children.push_back(std::move(operand));
            return node;
        }
        return power();
    }

    NodePtr power() {
        NodePtr base = primary();
        if (!at_symbol("^")) return base;
        advance();
        return binary("^", std::move(base), unary());
    }

    NodePtr primary() {
        const Lexeme lexeme = current_;
        auto node = std::make_unique<Node>();
        switch (lexeme.kind) {
            case Token::end: throw ParseFailure{"expected a value before the end"};
            case Token::number: {
                const auto [end, ec] =
                    std::from_chars(lexeme.text.data(), lexeme.text.data() + lexeme.text.size(), node->number);
                if (ec != std::errc() || end != lexeme.text.data() + lexeme.text.size())
                    throw ParseFailure{"'" + std::string(lexeme.text) + "' is not a number"};
                advance();
                return node;
            }
            case Token::text:
                advance();
                node->kind = Node::Kind::text;
                node->text = std::string(lexeme.text.substr(1, lexeme.text.size() - 2));
                return node;
            case Token::symbol: {
                if (lexeme.text != "(") throw ParseFailure{"unexpected '" + std::string(lexeme.text) + "'"};
                advance();
                NodePtr inner = disjunction();
                expect(")");
                return inner;
            }
            case Token::name: break;
        }
        advance();
        node->name = std::string(lexeme.text);
        if (at_symbol("(")) {
            advance();
            node->kind = Node::Kind::call;
            if (!at_symbol(")")) {
                while (true) {
                    node->children.push_back(disjunction());
                    if (at_symbol(")")) break;
                    expect(",");
                }
            }
            advance();
            const std::string function = lowercase(node->name);
            if (function != "if" && function != "min" && function != "max" && function != "abs" &&
                function != "safe_divide") {
                node->kpi = registry_.find(node->name);
                if (!node->kpi) throw ParseFailure{"unknown function '" + node->name + "'"};
            }
            return node;
        }
        const std::string word = lowercase(node->name);
        if (word == "true" || word == "false") {
            node->kind = Node::Kind::boolean;
            node->boolean = word == "true";
        } else {
            node->kind = Node::Kind::name;
        }
        return node;
    }

    std::string_view text_;
    const Registry& registry_;
    std::size_t pos_ = 0;
    Lexeme current_;
};

// Excel's operator precedence, loosest first. Unary minus binds tighter than
// ^ in Excel (-2^2 is 4), the reverse of kpilot's, so the printer brackets by
// the tree rather than copying the text.
enum Level {
    comparison_level = 1,
    additive_level = 3,
    multiplicative_level = 4,
    power_level = 5,
    negation_level = 6,
    atom_level = 7
};

int level_of(const Node& node) {
    switch (node.kind) {
        case Node::Kind::negate: return negation_level;
        case Node::Kind::binary:
            if (node.op == "^") return power_level;
            if (node.op == "*" || node.op == "/") return multiplicative_level;
            if (node.op == "+" || node.op == "-") return additive_level;
            if (node.op == "and" || node.op == "or") return atom_level;  // printed as IF(...)
            return comparison_level;
        default: return atom_level;
    }
}

struct Untranslatable {
    std::string why;
};

class ExcelPrinter {
public:
    explicit ExcelPrinter(const NameInExcel& names) : names_(names) {}

    std::string print(const Node& node) {
        switch (node.kind) {
            case Node::Kind::number: return excel_number(node.number);
            case Node::Kind::text: return excel_string(node.text);
            case Node::Kind::boolean: return node.boolean ? "TRUE" : "FALSE";
            case Node::Kind::name: {
                ExcelFormula reference = names_(node.name);
                if (!reference.ok()) throw Untranslatable{reference.untranslatable};
                return reference.text;
            }
            case Node::Kind::negate: return "-" + operand(*node.children[0], negation_level, false);
            case Node::Kind::logical_not: return "NOT(" + print(*node.children[0]) + ")";
            case Node::Kind::binary: return binary(node);
            case Node::Kind::call: return call(node);
        }
        throw Untranslatable{"an unknown operation"};
    }

private:
    // An operand inside an operator of the given level, bracketed when it
    // binds more loosely (or as loosely, on the right: a-(b-c), a/(b*c), a^(b^c)).
    std::string operand(const Node& node, int level, bool right_side) {
        const int own = level_of(node);
        std::string text = print(node);
        if (own < level || (own == level && (right_side || level == comparison_level))) return "(" + text + ")";
        return text;
    }

    std::string binary(const Node& node) {
        const Node& a = *node.children[0];
        const Node& b = *node.children[1];
        // kpilot short-circuits and/or ("lost > 0 and won / lost > 2" never
        // divides by zero); Excel's AND and OR evaluate every argument, IF does not.
        if (node.op == "and") return "IF(" + print(a) + ",IF(" + print(b) + ",TRUE,FALSE),FALSE)";
        if (node.op == "or") return "IF(" + print(a) + ",TRUE,IF(" + print(b) + ",TRUE,FALSE))";
        const int level = level_of(node);
        std::string op = node.op;
        if (level == comparison_level) {
            // Excel orders text by the locale's collation, kpilot by bytes ignoring case.
            const bool ordering = op != "==" && op != "!=";
            if (ordering && (a.kind == Node::Kind::text || b.kind == Node::Kind::text))
                throw Untranslatable{"it orders text, which Excel collates differently"};
            op = op == "==" ? "=" : (op == "!=" ? "<>" : op);
        }
        return operand(a, level, false) + op + operand(b, level, true);
    }

    std::string call(const Node& node) {
        std::vector<std::string> args;
        for (const auto& child : node.children) args.push_back(print(*child));
        auto joined = [&](std::string_view function) {
            std::string text(function);
            text += '(';
            for (std::size_t i = 0; i < args.size(); ++i) text += (i ? "," : "") + args[i];
            return text + ")";
        };
        if (node.kpi) return joined(node.kpi->worksheet_name);
        const std::string function = lowercase(node.name);
        if (function == "if") return joined("IF");
        if (function == "min") return joined("MIN");
        if (function == "max") return joined("MAX");
        if (function == "abs") return joined("ABS");
        // safe_divide(a, b, f): an error in a comes back first, then b = 0 gives f.
        const std::string quotient = operand(*node.children[0], multiplicative_level, false) + "/" +
                                     operand(*node.children[1], multiplicative_level, true);
        return "IF(ISERROR(" + args[0] + ")," + args[0] + ",IF(" + operand(*node.children[1], comparison_level, false) +
               "=0," + args[2] + "," + quotient + "))";
    }

    const NameInExcel& names_;
};

// Excel's criteria treat * ? and ~ as wildcards; ~ escapes them.
std::string criteria_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '*' || c == '?' || c == '~') out += '~';
        out += c;
    }
    return out;
}

bool holds(double x, std::string_view op, double c) {
    if (op == "==") return x == c;
    if (op == "!=") return x != c;
    if (op == "<") return x < c;
    if (op == "<=") return x <= c;
    if (op == ">") return x > c;
    return x >= c;
}

std::string_view flipped(std::string_view op) {
    if (op == "<") return ">";
    if (op == "<=") return ">=";
    if (op == ">") return "<";
    if (op == ">=") return "<=";
    return op;
}

std::optional<double> literal_number(const Node& node) {
    if (node.kind == Node::Kind::number) return node.number;
    if (node.kind == Node::Kind::negate && node.children[0]->kind == Node::Kind::number)
        return -node.children[0]->number;
    return std::nullopt;
}

void collect_conditions(const Node& node, std::vector<const Node*>& conditions) {
    if (node.kind == Node::Kind::binary && node.op == "and") {
        collect_conditions(*node.children[0], conditions);
        collect_conditions(*node.children[1], conditions);
    } else {
        conditions.push_back(&node);
    }
}

Criterion criterion(const Node& condition, const ColumnTypeOf& column_type, std::string_view aggregated_column) {
    if (condition.kind != Node::Kind::binary || level_of(condition) != comparison_level)
        throw Untranslatable{"only comparisons of a column with a value, joined by 'and', have a SUMIFS form"};
    const Node* column = condition.children[0].get();
    const Node* value = condition.children[1].get();
    std::string_view op = condition.op;
    if (column->kind != Node::Kind::name) {
        std::swap(column, value);
        op = flipped(op);
    }
    if (column->kind != Node::Kind::name || value->kind == Node::Kind::name)
        throw Untranslatable{"only comparisons of a column with a value have a SUMIFS form"};
    const std::optional<ColumnType> type = column_type(column->name);
    if (!type) throw Untranslatable{"the filter names '" + column->name + "', which is not a column of the data"};
    if (*type == ColumnType::date)
        throw Untranslatable{"the filter compares the date column '" + column->name + "' as text"};
    const std::string excel_op = op == "==" ? "=" : (op == "!=" ? "<>" : std::string(op));

    if (const auto number = literal_number(*value)) {
        if (*type != ColumnType::number)
            throw Untranslatable{"the filter compares the text column '" + column->name + "' with a number"};
        // kpilot reads a blank cell as 0 in a comparison; *IFS criteria skip
        // blanks except for "<>". A blank in the aggregated column adds nothing
        // either way, so only other columns must agree.
        if (column->name != aggregated_column && holds(0.0, op, *number) != (op == "!="))
            throw Untranslatable{"kpilot reads a blank '" + column->name + "' as 0 in '" + excel_op +
                                 excel_number(*number) + "', and Excel's criteria do not"};
        // A fraction joins as a number, so Excel spells it with the reader's decimal mark.
        if (*number != static_cast<double>(static_cast<long long>(*number)))
            return {column->name, excel_string(excel_op) + "&" + excel_number(*number)};
        return {column->name, excel_string(excel_op + excel_number(*number))};
    }
    if (value->kind == Node::Kind::text) {
        if (*type != ColumnType::text)
            throw Untranslatable{"the filter compares the number column '" + column->name + "' with text"};
        if (op != "==" && op != "!=") throw Untranslatable{"the filter orders text, which Excel collates differently"};
        // Criteria read "5", "TRUE" or "2026-07-01" as a number, a truth value or a date.
        const std::string lower = lowercase(value->text);
        if (parse_number_text(value->text, false) || parse_date(value->text, DateOrder::iso) || lower == "true" ||
            lower == "false")
            throw Untranslatable{"Excel's criteria would read '" + value->text + "' as a value, not as text"};
        return {column->name, excel_string(excel_op + criteria_text(value->text))};
    }
    throw Untranslatable{"the filter compares '" + column->name + "' with something other than a number or a text"};
}

void collect_named_arguments(const Node& node, std::vector<NamedArgument>& out) {
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        const Node& child = *node.children[i];
        if (node.kpi && child.kind == Node::Kind::name && i < node.kpi->parameters.size())
            out.push_back({node.kpi, i, child.name});
        collect_named_arguments(child, out);
    }
}

}  // namespace

std::vector<NamedArgument> named_kpi_arguments(std::string_view formula, const Registry& registry) {
    std::vector<NamedArgument> out;
    try {
        collect_named_arguments(*Parser(formula, registry).parse(), out);
    } catch (const ParseFailure&) {
    }
    return out;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string excel_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string text_equal_criterion(std::string_view text) {
    return text.empty() ? std::string("\"\"") : excel_string("=" + criteria_text(text));
}

std::string excel_number(double x) {
    std::string text = to_round_trip_text(x);
    for (char& c : text)
        if (c == 'e') c = 'E';
    return text;
}

ExcelFormula excel_formula(std::string_view formula, const NameInExcel& names, const Registry& registry) {
    try {
        const NodePtr root = Parser(formula, registry).parse();
        std::string text = ExcelPrinter(names).print(*root);
        if (text.size() + 1 > longest_excel_formula)
            return ExcelFormula::cannot("its Excel form is longer than Excel's " +
                                        std::to_string(longest_excel_formula) + " characters");
        return ExcelFormula::of(std::move(text));
    } catch (const ParseFailure& failure) {
        return ExcelFormula::cannot("the formula does not read: " + failure.message);
    } catch (const Untranslatable& untranslatable) {
        return ExcelFormula::cannot(untranslatable.why);
    }
}

CriteriaTranslation excel_criteria(std::string_view filter, const ColumnTypeOf& column_type,
                                   std::string_view aggregated_column, const Registry& registry) {
    CriteriaTranslation out;
    try {
        const NodePtr root = Parser(filter, registry).parse();
        std::vector<const Node*> conditions;
        collect_conditions(*root, conditions);
        for (const Node* condition : conditions)
            out.criteria.push_back(criterion(*condition, column_type, aggregated_column));
    } catch (const ParseFailure& failure) {
        out.criteria.clear();
        out.untranslatable = "the filter does not read: " + failure.message;
    } catch (const Untranslatable& untranslatable) {
        out.criteria.clear();
        out.untranslatable = untranslatable.why;
    }
    return out;
}

}  // namespace kpilot::templates
