#pragma once
// The values a spreadsheet understands: number, text, boolean, empty and error.
// Every KPI takes and returns these, so Excel, Power BI and the command line
// can hand them across without inventing their own conventions.

#include <string>
#include <string_view>
#include <variant>

namespace kpilot {

// Spreadsheet error kinds, in the meaning Excel gives them.
enum class ErrorKind {
    div0,   // #DIV/0!  a zero or empty denominator
    value,  // #VALUE!  an argument of the wrong type, or a required one missing
    num,    // #NUM!    a number outside the KPI's domain
    na,     // #N/A     data that is missing
};

// "#DIV/0!", "#VALUE!", "#NUM!", "#N/A".
std::string_view error_code(ErrorKind kind);

struct Error {
    ErrorKind kind;
    std::string message;  // names the argument and the rule it broke

    friend bool operator==(const Error&, const Error&) = default;
};

struct Empty {
    friend bool operator==(Empty, Empty) = default;
};

class Value {
public:
    Value() = default;
    Value(Empty) {}
    Value(double number) : data_(number) {}
    Value(int number) : data_(static_cast<double>(number)) {}
    Value(bool flag) : data_(flag) {}
    Value(std::string text) : data_(std::move(text)) {}
    Value(const char* text) : data_(std::string(text)) {}
    Value(Error error) : data_(std::move(error)) {}

    bool is_empty() const { return std::holds_alternative<Empty>(data_); }
    bool is_number() const { return std::holds_alternative<double>(data_); }
    bool is_text() const { return std::holds_alternative<std::string>(data_); }
    bool is_boolean() const { return std::holds_alternative<bool>(data_); }
    bool is_error() const { return std::holds_alternative<Error>(data_); }

    double number() const { return std::get<double>(data_); }
    const std::string& text() const { return std::get<std::string>(data_); }
    bool boolean() const { return std::get<bool>(data_); }
    const Error& error() const { return std::get<Error>(data_); }

    friend bool operator==(const Value&, const Value&) = default;

private:
    std::variant<Empty, double, std::string, bool, Error> data_;
};

// How a value reads in a cell: 0.25, "on track", TRUE, "", #DIV/0!.
std::string to_display_text(const Value& value);

// The shortest text that reads back as exactly the same double, for data files.
std::string to_round_trip_text(double number);

}  // namespace kpilot
