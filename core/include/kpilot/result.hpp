#pragma once
// Errors as values: a KPI either has its result or an Error saying why not.
// Nothing in the core throws across its public API.

#include <cassert>
#include <utility>
#include <variant>

#include "kpilot/value.hpp"

namespace kpilot {

template <class T>
class Result {
public:
    Result(T value) : data_(std::move(value)) {}
    Result(Error error) : data_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(data_); }
    explicit operator bool() const { return ok(); }

    const T& value() const& {
        assert(ok());
        return std::get<T>(data_);
    }
    T& value() & {
        assert(ok());
        return std::get<T>(data_);
    }
    T&& value() && {
        assert(ok());
        return std::get<T>(std::move(data_));
    }
    const Error& error() const {
        assert(!ok());
        return std::get<Error>(data_);
    }

private:
    std::variant<T, Error> data_;
};

inline Error make_error(ErrorKind kind, std::string message) { return Error{kind, std::move(message)}; }

}  // namespace kpilot
