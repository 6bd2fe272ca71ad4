#include "attribution_case_file.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include "case_file.hpp"
#include "kpilot/attribution_input.hpp"
#include "kpilot/attribution_table.hpp"

namespace kpilot::testing {

namespace {

using attribution::Model;

// A line the reader cannot take; caught per line and reported as file:line.
struct Malformed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        const std::size_t at = text.find(separator);
        parts.push_back(trimmed(text.substr(0, at)));
        if (at == std::string_view::npos) return parts;
        text.remove_prefix(at + 1);
    }
}

bool starts_with_word(std::string_view line, std::string_view word) {
    return line.substr(0, word.size()) == word && (line.size() == word.size() || line[word.size()] == ' ' ||
                                                   line[word.size()] == '\t' || line[word.size()] == ':');
}

// Expected numbers are written as the arithmetic that gives them (3 * 4/9,
// 2^(-3/5) / (1 + 2^(-3/5))), so the file shows the hand calculation rather
// than a decimal copied from somewhere. + - * / ^ and parentheses.
class Arithmetic {
public:
    explicit Arithmetic(std::string_view text) : text_(text) {}

    double evaluate() {
        const double x = sum();
        skip_space();
        if (pos_ != text_.size()) fail("unexpected \"" + std::string(text_.substr(pos_)) + "\"");
        if (!std::isfinite(x)) fail("is not a finite number");
        return x;
    }

private:
    double sum() {
        double x = product();
        while (true) {
            if (accept('+'))
                x += product();
            else if (accept('-'))
                x -= product();
            else
                return x;
        }
    }
    double product() {
        double x = signed_power();
        while (true) {
            if (accept('*')) {
                x *= signed_power();
            } else if (accept('/')) {
                const double d = signed_power();
                if (d == 0.0) fail("divides by zero");
                x /= d;
            } else {
                return x;
            }
        }
    }
    double signed_power() {
        if (accept('-')) return -signed_power();
        return power();
    }
    // Right-associative, and binding tighter than a leading minus: -2^2 is -4, 2^-1 is 1/2.
    double power() {
        const double base = primary();
        if (accept('^')) return std::pow(base, signed_power());
        return base;
    }
    double primary() {
        if (accept('(')) {
            const double x = sum();
            if (!accept(')')) fail("expected ')'");
            return x;
        }
        skip_space();
        const std::size_t start = pos_;
        while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.'))
            ++pos_;
        double x = 0.0;
        const auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, x);
        if (start == pos_ || ec != std::errc() || end != text_.data() + pos_)
            fail("expected a number at \"" + std::string(text_.substr(start)) + "\"");
        return x;
    }
    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
    }
    bool accept(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw Malformed("the number \"" + std::string(trimmed(text_)) + "\" " + what);
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

double number(std::string_view text) { return Arithmetic(text).evaluate(); }

std::size_t touch_position(std::string_view text, std::string_view what) {
    std::size_t k = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || k < 1)
        throw Malformed(std::string(what) + " is a touch of the path, counted from 1: \"" + std::string(text) + "\"");
    return k - 1;
}

// "name rest": the first word and the trimmed rest.
std::pair<std::string_view, std::string_view> first_word(std::string_view text) {
    text = trimmed(text);
    const std::size_t space = text.find_first_of(" \t");
    if (space == std::string_view::npos) return {text, {}};
    return {text.substr(0, space), trimmed(text.substr(space))};
}

// path A > B > A; conversions 3; value 90; nulls 1; lead 2; opportunity 3; days 14 > 7 > 0
void read_path(std::string_view text, attribution::PathSet& paths) {
    const auto fields = split(text, ';');
    auto names = attribution::split_path(fields[0], ">");
    if (!names) throw Malformed("the path \"" + std::string(fields[0]) + "\": " + names.error().message);
    attribution::Path path;
    for (std::string_view name : names.value()) path.touches.push_back(paths.channel(name));
    std::vector<std::string_view> seen;
    for (std::size_t i = 1; i < fields.size(); ++i) {
        const auto [key, rest] = first_word(fields[i]);
        if (key.empty()) throw Malformed("an empty field after ';'");
        if (std::find(seen.begin(), seen.end(), key) != seen.end())
            throw Malformed("\"" + std::string(key) + "\" is given twice");
        seen.push_back(key);
        if (rest.empty()) throw Malformed("\"" + std::string(key) + "\" has no value");
        if (key == "conversions")
            path.conversions = number(rest);
        else if (key == "value")
            path.value = number(rest);
        else if (key == "nulls")
            path.nulls = number(rest);
        else if (key == "lead")
            path.lead_touch = touch_position(rest, "lead");
        else if (key == "opportunity")
            path.opportunity_touch = touch_position(rest, "opportunity");
        else if (key == "days")
            for (std::string_view d : split(rest, '>')) path.days_before_conversion.push_back(number(d));
        else
            throw Malformed("unknown path field \"" + std::string(key) +
                            "\" (conversions, value, nulls, lead, opportunity, days)");
    }
    // Written out so that a path without conversions reads as meant, not as forgotten.
    if (std::find(seen.begin(), seen.end(), "conversions") == seen.end())
        throw Malformed("the path gives no conversions (write \"conversions 0\" for a path that never converts)");
    paths.add(std::move(path));
}

// option half_life_days 3.5 / option direct_channels (none), typed / option markov_use_nulls false
void read_option(std::string_view text, AttributionCase& c) {
    const auto [name, rest] = first_word(text);
    if (rest.empty()) throw Malformed("the option \"" + std::string(name) + "\" has no value");
    for (const std::string& set : c.options_set)
        if (first_word(set).first == name) throw Malformed("the option \"" + std::string(name) + "\" is set twice");
    attribution::ModelOptions& o = c.options;
    if (name == "position_first")
        o.position_first = number(rest);
    else if (name == "position_last")
        o.position_last = number(rest);
    else if (name == "half_life_days")
        o.half_life_days = number(rest);
    else if (name == "w_first")
        o.w_first = number(rest);
    else if (name == "w_lead")
        o.w_lead = number(rest);
    else if (name == "w_opportunity")
        o.w_opportunity = number(rest);
    else if (name == "markov_order") {
        const double order = number(rest);
        if (order != std::floor(order) || std::fabs(order) > 1000) throw Malformed("markov_order is a whole number");
        o.markov_order = static_cast<int>(order);
    } else if (name == "markov_use_nulls") {
        if (rest == "true")
            o.markov_use_nulls = true;
        else if (rest == "false")
            o.markov_use_nulls = false;
        else
            throw Malformed("markov_use_nulls is true or false");
    } else if (name == "direct_channels") {
        o.direct_channels.clear();
        for (std::string_view d : split(rest, ',')) {
            if (d.empty()) throw Malformed("direct_channels has an empty name");
            o.direct_channels.emplace_back(d);
        }
    } else {
        throw Malformed("unknown option \"" + std::string(name) +
                        "\" (position_first, position_last, half_life_days, w_first, w_lead, w_opportunity, "
                        "direct_channels, markov_order, markov_use_nulls)");
    }
    c.options_set.push_back(std::string(name) + " " + std::string(rest));
}

// "A = 2, 60; B = 1, 30"
std::vector<ExpectedCredit> read_credits(std::string_view text) {
    std::vector<ExpectedCredit> credits;
    for (std::string_view entry : split(text, ';')) {
        const std::size_t equals = entry.find('=');
        if (equals == std::string_view::npos)
            throw Malformed("expected \"channel = conversions, value\", got \"" + std::string(entry) + "\"");
        const std::string_view channel = trimmed(entry.substr(0, equals));
        const auto numbers = split(entry.substr(equals + 1), ',');
        if (channel.empty() || numbers.size() != 2)
            throw Malformed("expected \"channel = conversions, value\", got \"" + std::string(entry) + "\"");
        credits.push_back({std::string(channel), number(numbers[0]), number(numbers[1])});
    }
    return credits;
}

// #N/A "fragment"
ExpectedError read_error(std::string_view text) {
    const std::size_t end = text.find_first_of(" \t");
    const std::string_view code = text.substr(0, end);
    const auto kind = error_kind_from_code(code);
    if (!kind) throw Malformed("unknown error code \"" + std::string(code) + "\" (#DIV/0!, #VALUE!, #NUM!, #N/A)");
    ExpectedError error{*kind, ""};
    const std::string_view rest = end == std::string_view::npos ? std::string_view{} : trimmed(text.substr(end));
    if (!rest.empty()) {
        if (rest.size() < 2 || rest.front() != '"' || rest.back() != '"' ||
            rest.substr(1, rest.size() - 2).find('"') != std::string_view::npos)
            throw Malformed("after the error code, expected a \"message fragment\" in quotes");
        error.message_contains = std::string(rest.substr(1, rest.size() - 2));
    }
    return error;
}

// expect linear, shapley: A = 2, 60; B = 1, 30   /   expect all: #DIV/0! "no conversions"
void read_expectation(std::string_view text, std::string_view source, int line, AttributionCase& c) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) throw Malformed("expected \"expect models: ...\"");
    const std::string_view model_text = trimmed(text.substr(0, colon));
    if (model_text.empty()) throw Malformed("expect names no model (give ids, or \"all\")");
    auto models = attribution::parse_model_list(model_text);
    if (!models) throw Malformed(models.error().message);
    const std::string_view body = trimmed(text.substr(colon + 1));
    if (body.empty()) throw Malformed("expect gives neither credits nor an error");
    ModelExpectation e;
    e.line = line;
    e.source = std::string(trimmed(source));
    if (body.front() == '#')
        e.error = read_error(body);
    else
        e.credits = read_credits(body);
    for (Model m : models.value()) {
        for (const ModelExpectation& other : c.expectations)
            if (other.model == m)
                throw Malformed(std::string(attribution::model_id(m)) + " is already expected on line " +
                                std::to_string(other.line));
        e.model = m;
        c.expectations.push_back(e);
    }
}

// Every channel of the case named once, and nothing else: a channel left out
// would go unchecked.
std::string channel_problem(const attribution::PathSet& paths, const std::vector<std::string>& named) {
    for (std::size_t i = 0; i < named.size(); ++i) {
        if (!paths.find(named[i])) return "names \"" + named[i] + "\", which no path of the case touches";
        if (std::find(named.begin(), named.begin() + static_cast<std::ptrdiff_t>(i), named[i]) !=
            named.begin() + static_cast<std::ptrdiff_t>(i))
            return "names \"" + named[i] + "\" twice";
    }
    for (const std::string& channel : paths.channels())
        if (std::find(named.begin(), named.end(), channel) == named.end())
            return "does not name the channel \"" + channel + "\"";
    return "";
}

class CaseFileReader {
public:
    explicit CaseFileReader(std::string name) : name_(std::move(name)) {}

    void read_line(std::string_view raw, int line) {
        const std::string_view text = trimmed(raw);
        if (text.empty() || text.starts_with("##")) return;  // blank, or a section heading
        if (text.front() == '#') {
            if (current_) {
                std::string_view note = text.substr(1);
                if (!note.empty() && note.front() == ' ') note.remove_prefix(1);
                current_->note += (current_->note.empty() ? "" : "\n") + std::string(note);
            }
            return;  // before the first case: the file's own comments
        }
        try {
            if (starts_with_word(text, "case")) {
                finish_case();
                const std::string_view title = trimmed(text.substr(4));
                if (title.empty()) throw Malformed("a case needs a title saying what it shows");
                current_.emplace();
                current_->file = name_;
                current_->line = line;
                current_->title = std::string(title);
                broken_ = false;
                return;
            }
            if (!current_) throw Malformed("outside a case (start one with \"case <what it shows>\")");
            if (starts_with_word(text, "path"))
                read_path(text.substr(4), current_->paths);
            else if (starts_with_word(text, "option"))
                read_option(text.substr(6), *current_);
            else if (starts_with_word(text, "expect"))
                read_expectation(text.substr(6), raw, line, *current_);
            else if (starts_with_word(text, "removal_effects"))
                read_removal_effects(text, line);
            else if (starts_with_word(text, "conversion_probability"))
                read_conversion_probability(text, line);
            else
                throw Malformed(
                    "expected case, path, option, expect, removal_effects, conversion_probability or a # note");
        } catch (const Malformed& e) {
            problem(line, e.what());
            broken_ = true;  // a case read in part would test something other than what it says
        }
    }

    AttributionCaseFile finish() && {
        finish_case();
        return std::move(file_);
    }

    void problem(int line, const std::string& what) {
        file_.problems.push_back(name_ + ":" + std::to_string(line) + ": " + what);
    }

private:
    void read_removal_effects(std::string_view text, int line) {
        const std::size_t colon = text.find(':');
        if (colon == std::string_view::npos) throw Malformed("expected \"removal_effects: A = 1/2; B = 1\"");
        if (!current_->removal_effects.empty()) throw Malformed("removal_effects is given twice");
        for (std::string_view entry : split(text.substr(colon + 1), ';')) {
            const std::size_t equals = entry.find('=');
            if (equals == std::string_view::npos || trimmed(entry.substr(0, equals)).empty())
                throw Malformed("expected \"channel = removal effect\", got \"" + std::string(entry) + "\"");
            current_->removal_effects.push_back(
                {std::string(trimmed(entry.substr(0, equals))), number(entry.substr(equals + 1))});
        }
        removal_effects_line_ = line;
    }

    void read_conversion_probability(std::string_view text, int line) {
        const std::size_t colon = text.find(':');
        if (colon == std::string_view::npos) throw Malformed("expected \"conversion_probability: 3/4\"");
        if (current_->conversion_probability) throw Malformed("conversion_probability is given twice");
        current_->conversion_probability = number(text.substr(colon + 1));
        conversion_probability_line_ = line;
    }

    void finish_case() {
        if (!current_) return;
        AttributionCase& c = *current_;
        if (c.paths.paths().empty()) problem(c.line, "the case has no path");
        if (c.expectations.empty()) problem(c.line, "the case expects nothing");
        bool ok = !broken_ && !c.paths.paths().empty() && !c.expectations.empty();
        for (const ModelExpectation& e : c.expectations) {
            if (e.error) continue;
            std::vector<std::string> named;
            for (const ExpectedCredit& credit : e.credits) named.push_back(credit.channel);
            if (const std::string why = channel_problem(c.paths, named); !why.empty()) {
                problem(e.line, "expect " + std::string(attribution::model_id(e.model)) + " " + why);
                ok = false;
            }
        }
        const bool markov_has_values = std::any_of(c.expectations.begin(), c.expectations.end(),
                                                   [](const auto& e) { return e.model == Model::markov && !e.error; });
        if (!c.removal_effects.empty()) {
            std::vector<std::string> named;
            for (const ExpectedRemovalEffect& r : c.removal_effects) named.push_back(r.channel);
            std::string why = channel_problem(c.paths, named);
            if (why.empty() && !markov_has_values) why = "needs an \"expect markov\" with credits in the same case";
            if (!why.empty()) {
                problem(removal_effects_line_, "removal_effects " + why);
                ok = false;
            }
        }
        if (c.conversion_probability && !markov_has_values) {
            problem(conversion_probability_line_,
                    "conversion_probability needs an \"expect markov\" with credits in the same case");
            ok = false;
        }
        if (ok) file_.cases.push_back(std::move(c));
        current_.reset();
    }

    std::string name_;
    AttributionCaseFile file_;
    std::optional<AttributionCase> current_;
    bool broken_ = false;
    int removal_effects_line_ = 0;
    int conversion_probability_line_ = 0;
};

std::string number_mismatch(std::string_view what, double expected, double actual) {
    const std::string why = mismatch(Expected{Value(expected), ""}, Value(actual), "");
    return why.empty() ? "" : std::string(what) + ": " + why;
}

}  // namespace

AttributionCaseFile read_attribution_case_file(const std::string& path) {
    const std::string name = path.substr(path.find_last_of('/') + 1);
    CaseFileReader reader(name);
    std::ifstream in(path);
    if (!in) {
        AttributionCaseFile file;
        file.problems.push_back(path + ": cannot open");
        return file;
    }
    std::string raw;
    int line = 0;
    while (std::getline(in, raw)) reader.read_line(raw, ++line);
    return std::move(reader).finish();
}

std::vector<std::string> attribution_mismatches(const AttributionCase& c, const ModelExpectation& expected,
                                                const Result<attribution::Attribution>& actual) {
    std::vector<std::string> out;
    const auto add = [&](std::string why) {
        if (!why.empty()) out.push_back(std::move(why));
    };
    if (expected.error) {
        const Value want(Error{expected.error->kind, ""});
        if (actual) {
            add("expected " + to_display_text(want) + ", got a result");
            return out;
        }
        add(mismatch(Expected{want, expected.error->message_contains}, Value(actual.error()), actual.error().message));
        return out;
    }
    if (!actual) {
        add("expected credits, got " + to_display_text(Value(actual.error())) + " (" + actual.error().message + ")");
        return out;
    }
    const attribution::Attribution& a = actual.value();
    if (a.channels.size() != c.paths.channels().size()) {
        add("expected " + std::to_string(c.paths.channels().size()) + " channels, got " +
            std::to_string(a.channels.size()));
        return out;
    }
    add(number_mismatch("total conversions", c.paths.total_conversions(), a.total_conversions));
    add(number_mismatch("total value", c.paths.total_value(), a.total_value));
    for (const ExpectedCredit& credit : expected.credits) {
        const auto id = c.paths.find(credit.channel);
        if (!id) {
            add("no channel \"" + credit.channel + "\" in the case");
            continue;
        }
        add(number_mismatch(credit.channel + " conversions", credit.conversions, a.channels[*id].conversions));
        add(number_mismatch(credit.channel + " value", credit.value, a.channels[*id].value));
    }
    if (expected.model == Model::markov) {
        for (const ExpectedRemovalEffect& r : c.removal_effects) {
            const auto id = c.paths.find(r.channel);
            if (!id || *id >= a.removal_effects.size()) {
                add("no removal effect for \"" + r.channel + "\"");
                continue;
            }
            add(number_mismatch(r.channel + " removal effect", r.effect, a.removal_effects[*id]));
        }
        if (c.conversion_probability)
            add(number_mismatch("conversion probability", *c.conversion_probability, a.conversion_probability));
    }
    return out;
}

}  // namespace kpilot::testing
