#include "attribution_arguments.hpp"

#include <array>
#include <cctype>
#include <cmath>

#include "kpilot/attribution_input.hpp"

namespace kpilot::xll {

namespace {

using attribution::AttributedMeasure;
using attribution::Model;

constexpr std::string_view default_separator = ">";

std::size_t index_of(AttributionParameter p) { return static_cast<std::size_t>(p); }

const std::string& name_of(AttributionParameter p) { return attribution_parameters()[index_of(p)].name; }

std::string quoted(AttributionParameter p) { return "'" + name_of(p) + "'"; }

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// As the core reads a choice: "Last Touch" and "last-touch" are last_touch.
std::string canonical(std::string_view text) {
    std::string out;
    for (char c : trimmed(text))
        out += (c == ' ' || c == '-') ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string joined_ids(std::span<const Model> models) {
    std::string ids;
    for (Model m : models) ids += (ids.empty() ? "" : ", ") + std::string(attribution::model_id(m));
    return ids;
}

std::string quoted_measures() {
    const auto measures = attribution::attributed_measure_names();
    std::string names;
    for (std::size_t i = 0; i < measures.size(); ++i)
        names += std::string(i == 0 ? "" : i + 1 == measures.size() ? " or " : ", ") + "\"" +
                 std::string(measures[i]) + "\"";
    return names;
}

Error wrong(std::string message) { return Error{ErrorKind::value, std::move(message)}; }

// A cell of an argument, without turning a range of plain numbers into Values.
Value cell_at(const Argument& a, std::size_t i) {
    if (a.holds_only_numbers()) return Value(a.numbers()[i]);
    return a.cells()[i];
}

// An empty cell, or text of spaces only such as a formula's "": nothing typed.
bool is_blank(const Value& v) { return v.is_empty() || (v.is_text() && trimmed(v.text()).empty()); }

std::string shown(const Value& v) {
    if (v.is_text()) return "text \"" + v.text() + "\"";
    return to_display_text(v);
}

std::string row_of(std::size_t row, AttributionParameter p) {
    return "row " + std::to_string(row + 1) + " of " + name_of(p);
}

class Reader {
public:
    explicit Reader(std::span<const Argument> arguments) : arguments_(arguments) {}

    const Argument& operator[](AttributionParameter p) const {
        static const Argument omitted = Argument::omitted();
        const std::size_t i = index_of(p);
        return i < arguments_.size() ? arguments_[i] : omitted;
    }
    bool given(AttributionParameter p) const { return !(*this)[p].is_omitted(); }

    std::optional<Error> first_input_error() const {
        for (std::size_t i = 0; i < arguments_.size(); ++i) {
            const Argument& a = arguments_[i];
            if (a.holds_only_numbers()) continue;  // numbers hold no errors
            for (const Value& v : a.cells()) {
                if (!v.is_error()) continue;
                // A placeholder for an error the core cannot name carries "holds #REF!" already.
                const std::string what =
                    v.error().message.empty() ? "holds " + std::string(error_code(v.error().kind)) : v.error().message;
                return Error{v.error().kind, error_location(arguments_, i) + " " + what};
            }
        }
        return std::nullopt;
    }

    Result<std::vector<Model>> models() const {
        const Argument& a = (*this)[AttributionParameter::models];
        // Cells of a range, or a comma-separated list in one cell, or both: one list for the core.
        std::string list;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const Value v = cell_at(a, i);
            if (is_blank(v)) continue;
            if (!v.is_text())
                return wrong("argument " + quoted(AttributionParameter::models) + " holds " + shown(v) +
                             ", not a model id such as \"linear\"");
            std::string_view items = v.text();
            while (true) {
                const std::size_t comma = items.find(',');
                list += (list.empty() ? "" : ",") + canonical(items.substr(0, comma));
                if (comma == std::string_view::npos) break;
                items.remove_prefix(comma + 1);
            }
        }
        auto models = attribution::parse_model_list(list);  // an empty list is "all", the default
        if (!models)
            return Error{models.error().kind,
                         "argument " + quoted(AttributionParameter::models) + ": " + models.error().message};
        return models;
    }

    // One cell of text, or nullopt when omitted or blank (the default then).
    Result<std::optional<std::string>> option_text(AttributionParameter p, const std::string& must_be) const {
        const Argument& a = (*this)[p];
        if (a.is_omitted()) return std::optional<std::string>();
        if (a.size() != 1) return wrong("argument " + quoted(p) + " takes one value, not a range");
        const Value v = cell_at(a, 0);
        if (v.is_empty() || (v.is_text() && v.text().empty())) return std::optional<std::string>();
        if (!v.is_text()) return wrong("argument " + quoted(p) + " must be " + must_be + ", got " + shown(v));
        return std::optional<std::string>(v.text());
    }

    Result<AttributedMeasure> measure() const {
        const std::string choices = "one of " + quoted_measures();
        auto text = option_text(AttributionParameter::measure, choices);
        if (!text) return text.error();
        if (!text.value()) return AttributedMeasure::conversions;
        if (const auto m = attribution::attributed_measure_from_string(canonical(*text.value()))) return *m;
        return wrong("argument " + quoted(AttributionParameter::measure) + " must be " + choices + ", got \"" +
                     *text.value() + "\"");
    }

    // Taken as typed: a separator of one space is a separator.
    Result<std::string> separator() const {
        auto text = option_text(AttributionParameter::separator, "text such as \">\"");
        if (!text) return text.error();
        return text.value() ? *text.value() : std::string(default_separator);
    }

    std::optional<Error> sizes_differ(std::size_t rows) const {
        for (AttributionParameter p :
             {AttributionParameter::conversions, AttributionParameter::values, AttributionParameter::nulls}) {
            if (!given(p) || (*this)[p].size() == rows) continue;
            return wrong("argument " + quoted(p) + " has " + std::to_string((*this)[p].size()) + " cells and " +
                         quoted(AttributionParameter::paths) + " " + std::to_string(rows) +
                         ": give one of each per path, side by side");
        }
        return std::nullopt;
    }

    // A count of one path's row: 0 or more. Blank reads as 0 where the paths reader says so (nulls).
    Result<double> count(AttributionParameter p, std::size_t row, bool blank_is_zero) const {
        if (!given(p)) return 0.0;
        const Value v = cell_at((*this)[p], row);
        if (is_blank(v)) {
            if (blank_is_zero) return 0.0;
            return wrong(row_of(row, p) + " is blank beside a path");
        }
        if (!v.is_number()) return wrong(row_of(row, p) + " holds " + shown(v) + ", not a number");
        if (!std::isfinite(v.number()) || v.number() < 0.0)
            return wrong(row_of(row, p) + " is " + to_display_text(v) + ": counts cannot be negative");
        return v.number();
    }

    bool numbers_blank(std::size_t row) const {
        for (AttributionParameter p :
             {AttributionParameter::conversions, AttributionParameter::values, AttributionParameter::nulls})
            if (given(p) && !is_blank(cell_at((*this)[p], row))) return false;
        return true;
    }

private:
    std::span<const Argument> arguments_;
};

}  // namespace

std::span<const std::string_view> measure_names() { return attribution::attributed_measure_names(); }

std::vector<Model> models_needing_more_than_paths() {
    // The richest path this reader can build: one touch, converting, with a value.
    attribution::PathSet probe;
    probe.add_path({"channel"}, 1.0, 1.0, 1.0);
    std::vector<Model> needing;
    for (Model m : attribution::all_models()) {
        const auto result = attribution::attribute(probe, m, attribution::ModelOptions{});
        if (!result && result.error().kind == ErrorKind::na) needing.push_back(m);
    }
    return needing;
}

const std::vector<AttributionParameterInfo>& attribution_parameters() {
    // Built once (thread-safe static initialisation): the models' text is asked of the core.
    static const std::vector<AttributionParameterInfo> parameters = [] {
        const std::vector<Model> cannot = models_needing_more_than_paths();
        const std::string all = joined_ids(attribution::all_models());
        return std::vector<AttributionParameterInfo>{
            {"paths", false, true,
             "The channels of each path, oldest first, one path per row, such as \"Paid Search > Email > Direct\" "
             "(range; names are trimmed; a row blank in every argument is skipped)"},
            {"conversions", false, true, "Conversions of each path, beside paths (range of numbers >= 0)"},
            {"values", true, true,
             "Conversion value of each path, beside paths (range of numbers >= 0; optional, default 0; "
             "measure \"value\" needs it)"},
            {"nulls", true, true,
             "Journeys along each path that did not convert, beside paths; the Markov model counts them "
             "(range of numbers >= 0; a blank is 0; optional, default 0)"},
            {"models", true, true,
             "\"all\", or model ids separated by commas or in a range: " + all + " (optional, default \"all\"" +
                 (cannot.empty() ? std::string()
                                 : "; #N/A for " + joined_ids(cannot) + ": a path table lacks their data") +
                 ")"},
            {"measure", true, false,
             "What each cell shows: " + quoted_measures() +
                 " (attributed conversions, conversion value, or fraction of all conversions; optional, "
                 "default \"conversions\")"},
            {"separator", true, false,
             "The text between two channels of a path (optional, default \"" + std::string(default_separator) + "\")"},
        };
    }();
    return parameters;
}

std::string error_location(std::span<const Argument> arguments, std::size_t position) {
    const std::string name =
        position < attribution_parameter_count ? attribution_parameters()[position].name : std::to_string(position + 1);
    if (position < arguments.size() && arguments[position].shape() == Argument::Shape::range &&
        !arguments[position].holds_only_numbers()) {
        const auto& cells = arguments[position].cells();
        for (std::size_t i = 0; i < cells.size(); ++i)
            if (cells[i].is_error()) return "row " + std::to_string(i + 1) + " of " + name;
    }
    return "argument '" + name + "'";
}

Result<AttributionRequest> read_attribution_request(std::span<const Argument> arguments) {
    const Reader in(arguments);
    if (auto e = in.first_input_error()) return *e;
    for (std::size_t i = attribution_parameter_count; i < arguments.size(); ++i)
        if (!arguments[i].is_omitted())
            return wrong("KPI.ATTRIBUTION takes at most " + std::to_string(attribution_parameter_count) +
                         " arguments, got " + std::to_string(arguments.size()));
    for (AttributionParameter p : {AttributionParameter::paths, AttributionParameter::conversions})
        if (!in.given(p)) return wrong("argument " + quoted(p) + " is required");

    AttributionRequest request;
    auto models = in.models();
    if (!models) return models.error();
    request.models = std::move(models).value();
    auto measure = in.measure();
    if (!measure) return measure.error();
    request.measure = measure.value();
    auto separator = in.separator();
    if (!separator) return separator.error();

    const Argument& paths = in[AttributionParameter::paths];
    const std::size_t rows = paths.size();
    if (auto e = in.sizes_differ(rows)) return *e;
    if (request.measure == AttributedMeasure::value && !in.given(AttributionParameter::values))
        return wrong("measure \"value\" needs the argument " + quoted(AttributionParameter::values));

    for (std::size_t row = 0; row < rows; ++row) {
        const Value path = cell_at(paths, row);
        if (is_blank(path)) {
            if (in.numbers_blank(row)) continue;
            return wrong(row_of(row, AttributionParameter::paths) +
                         " is blank, but its conversions, values or nulls are not");
        }
        if (!path.is_text())
            return wrong(row_of(row, AttributionParameter::paths) + " holds " + shown(path) +
                         ", not a path such as \"Search > Email\"");
        auto names = attribution::split_path(path.text(), separator.value());
        if (!names) return wrong(row_of(row, AttributionParameter::paths) + ": " + names.error().message);
        auto conversions = in.count(AttributionParameter::conversions, row, false);
        if (!conversions) return conversions.error();
        auto value = in.count(AttributionParameter::values, row, false);
        if (!value) return value.error();
        auto nulls = in.count(AttributionParameter::nulls, row, true);
        if (!nulls) return nulls.error();
        attribution::Path read;
        read.touches.reserve(names.value().size());
        for (std::string_view name : names.value()) read.touches.push_back(request.paths.channel(name));
        read.conversions = conversions.value();
        read.value = value.value();
        read.nulls = nulls.value();
        // A model's complaint then names the row of the range, as a worksheet user counts it.
        read.source_line = row + 1;
        read.source_kind = "row";
        request.paths.add(std::move(read));
    }
    return request;
}

}  // namespace kpilot::xll
