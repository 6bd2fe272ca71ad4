#include "kpilot/expression.hpp"

namespace kpilot {

std::string_view to_string(ExprType type) {
    switch (type) {
        case ExprType::number: return "number";
        case ExprType::text: return "text";
        case ExprType::boolean: return "boolean";
    }
    return "?";
}

Scalar Scalar::of_number(double x) {
    Scalar s;
    s.number = x;
    return s;
}
Scalar Scalar::of_text(std::string_view text) {
    Scalar s;
    s.kind = Kind::text;
    s.text = text;
    return s;
}
Scalar Scalar::of_boolean(bool b) {
    Scalar s;
    s.kind = Kind::boolean;
    s.boolean = b;
    return s;
}
Scalar Scalar::of_error(ErrorKind kind, std::string message) {
    Scalar s;
    s.kind = Kind::error;
    s.error = kind;
    s.text = std::move(message);
    return s;
}

Scalar Scalar::from_value(const Value& value) {
    if (value.is_number()) return of_number(value.number());
    if (value.is_text()) return of_text(value.text());
    if (value.is_boolean()) return of_boolean(value.boolean());
    if (value.is_error()) return of_error(value.error().kind, value.error().message);
    return of_error(ErrorKind::na, "no value");
}

Value Scalar::to_value() const {
    switch (kind) {
        case Kind::number: return Value(number);
        case Kind::text: return Value(text);
        case Kind::boolean: return Value(boolean);
        case Kind::error: return Value(Error{error, text});
    }
    return Value();
}

}  // namespace kpilot
