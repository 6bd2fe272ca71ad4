#include "attribution_arguments.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cmath>

#include "kpilot/text_case.hpp"
#include "kpilot/attribution_input.hpp"
#include "kpilot/number_text.hpp"

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


std::string joined_ids(std::span<const Model> models) {
    std::string ids;
    for (Model m : models) ids += (ids.empty() ? "" : ", ") + std::string(attribution::model_id(m));
    return ids;
}

std::string quoted_measures() {
    const auto measures = attribution::attributed_measure_names();
    std::string names;
    for (std::size_t i = 0; i < measures.size(); ++i)
        names += std::string(i == 0                     ? ""
                             : i + 1 == measures.size() ? " or "
                                                        : ", ") +
                 "\"" + std::string(measures[i]) + "\"";
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

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// ModelOptions' fields by name, as tests/cases/attribution.cases and the command line name them.
enum class OptionKind { share_or_days, whole, yes_no, channels };
struct OptionField {
    std::string_view name;
    OptionKind kind;
};
constexpr std::array<OptionField, 9> option_fields{{
    {"position_first", OptionKind::share_or_days},
    {"position_last", OptionKind::share_or_days},
    {"half_life_days", OptionKind::share_or_days},
    {"w_first", OptionKind::share_or_days},
    {"w_lead", OptionKind::share_or_days},
    {"w_opportunity", OptionKind::share_or_days},
    {"markov_order", OptionKind::whole},
    {"markov_use_nulls", OptionKind::yes_no},
    {"direct_channels", OptionKind::channels},
}};
constexpr std::array<std::string_view, option_fields.size()> option_field_names = [] {
    std::array<std::string_view, option_fields.size()> names{};
    for (std::size_t i = 0; i < option_fields.size(); ++i) names[i] = option_fields[i].name;
    return names;
}();

double* number_field(attribution::ModelOptions& o, std::string_view name) {
    if (name == "position_first") return &o.position_first;
    if (name == "position_last") return &o.position_last;
    if (name == "half_life_days") return &o.half_life_days;
    if (name == "w_first") return &o.w_first;
    if (name == "w_lead") return &o.w_lead;
    if (name == "w_opportunity") return &o.w_opportunity;
    return nullptr;
}

// The names without attribution_parameters(), which is being built when the help asks.
std::string_view name_of_parameter(AttributionParameter p) {
    constexpr std::array<std::string_view, attribution_parameter_count> names{
        "paths",        "conversions",         "values", "nulls", "models", "measure", "separator", "days",
        "lead_touches", "opportunity_touches", "options"};
    return names[index_of(p)];
}

std::string listed_options() {
    std::string names;
    for (std::string_view n : option_field_names) names += (names.empty() ? "" : ", ") + std::string(n);
    return names;
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
                list += (list.empty() ? "" : ",") + std::string(items.substr(0, comma));
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
        if (const auto m = attribution::attributed_measure_from_string(*text.value())) return *m;
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
        for (AttributionParameter p : beside_paths) {
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
        for (AttributionParameter p : beside_paths)
            if (given(p) && !is_blank(cell_at((*this)[p], row))) return false;
        return true;
    }

    // A path's days before the conversion, one per touch: "12 > 3 > 0" with the path's
    // separator, or one number for a path of one touch; empty (not known) when blank.
    Result<std::vector<double>> days(std::size_t row, std::size_t touches, std::string_view separator) const {
        constexpr AttributionParameter p = AttributionParameter::days;
        std::vector<double> days;
        if (!given(p)) return days;
        const Value v = cell_at((*this)[p], row);
        if (is_blank(v)) return days;
        const auto not_days = [&](const std::string& entry) {
            return wrong(row_of(row, p) + ": " + entry + " is not a number of days (0 or more)");
        };
        if (v.is_number()) {
            if (!std::isfinite(v.number()) || v.number() < 0.0) return not_days(to_display_text(v));
            days.push_back(v.number());
        } else if (v.is_text()) {
            auto entries = attribution::split_path(v.text(), separator);
            if (!entries) return wrong(row_of(row, p) + ": " + entries.error().message);
            for (std::string_view entry : entries.value()) {
                const auto x = parse_number_text(entry, false);
                if (!x || !std::isfinite(*x) || *x < 0.0) return not_days("\"" + std::string(entry) + "\"");
                days.push_back(*x);
            }
        } else {
            return wrong(row_of(row, p) + " holds " + shown(v) + ", not days such as \"12 > 3 > 0\"");
        }
        if (days.size() != touches)
            return wrong(row_of(row, p) + ": has " + counted(days.size(), "entry", "entries") + " for a path of " +
                         counted(touches, "touch", "touches"));
        return days;
    }

    // The touch, counted from 1 on the sheet, that created the lead or the opportunity:
    // its position from 0 for the core, or nullopt when blank (not known).
    Result<std::optional<std::size_t>> touch(AttributionParameter p, std::size_t row, std::size_t touches) const {
        if (!given(p)) return std::optional<std::size_t>();
        const Value v = cell_at((*this)[p], row);
        if (is_blank(v)) return std::optional<std::size_t>();
        if (!v.is_number()) return wrong(row_of(row, p) + " holds " + shown(v) + ", not a touch number such as 2");
        const double k = v.number();
        // As the paths reader: a touch the path does not have is a bad row, not a model's error.
        if (!(k >= 1.0 && k <= static_cast<double>(touches) && k == std::floor(k)))
            return wrong(row_of(row, p) + " is " + to_display_text(v) + ", not a touch of the path (1 to " +
                         std::to_string(touches) + ")");
        return std::optional<std::size_t>(static_cast<std::size_t>(k) - 1);
    }

    // Rows of name and value (a two-column range, read row by row); a row blank in both is skipped.
    Result<attribution::ModelOptions> options() const {
        constexpr AttributionParameter p = AttributionParameter::options;
        attribution::ModelOptions options;
        if (!given(p)) return options;
        const Argument& a = (*this)[p];
        if (a.size() % 2 != 0)
            return wrong("argument " + quoted(p) + " has " + counted(a.size(), "cell", "cells") +
                         ": give two columns, an option's name and its value on each row");
        std::vector<std::string> set;
        for (std::size_t row = 0; row < a.size() / 2; ++row) {
            const Value name_cell = cell_at(a, 2 * row);
            const Value v = cell_at(a, 2 * row + 1);
            if (is_blank(name_cell) && is_blank(v)) continue;
            const std::string where = row_of(row, p);
            if (!name_cell.is_text() || is_blank(name_cell))
                return wrong(where + " holds " + shown(name_cell) + ", not an option name such as \"half_life_days\"");
            const std::string name = canonical_choice(name_cell.text());
            const auto field = std::find_if(option_fields.begin(), option_fields.end(),
                                            [&](const OptionField& f) { return f.name == name; });
            if (field == option_fields.end())
                return wrong(where + ": unknown option \"" + name_cell.text() + "\" (one of " + listed_options() + ")");
            if (std::find(set.begin(), set.end(), name) != set.end())
                return wrong(where + ": " + name + " is set twice");
            set.push_back(name);
            const auto must_be = [&](const std::string& what) {
                return wrong(where + ": " + name + " must be " + what + ", got " +
                             (is_blank(v) ? "a blank" : shown(v)));
            };
            switch (field->kind) {
                case OptionKind::share_or_days:
                    if (!v.is_number()) return must_be("a number");
                    *number_field(options, name) = v.number();
                    break;
                case OptionKind::whole:
                    if (!v.is_number() || v.number() != std::floor(v.number())) return must_be("a whole number");
                    // Out of int's range is still a whole number: check_options refuses it as #NUM!.
                    options.markov_order = static_cast<int>(std::clamp(v.number(), double{INT_MIN}, double{INT_MAX}));
                    break;
                case OptionKind::yes_no:
                    if (v.is_boolean())
                        options.markov_use_nulls = v.boolean();
                    else if (v.is_number() && (v.number() == 0.0 || v.number() == 1.0))
                        options.markov_use_nulls = v.number() == 1.0;
                    else
                        return must_be("TRUE or FALSE (or 1 or 0)");
                    break;
                case OptionKind::channels:
                    // Blank for none: no channel is direct, and last non-direct touch is last touch.
                    options.direct_channels.clear();
                    if (is_blank(v)) break;
                    if (!v.is_text()) return must_be("text, channel names separated by commas");
                    for (std::string_view items = v.text();;) {
                        const std::size_t comma = items.find(',');
                        const std::string_view item = trimmed(items.substr(0, comma));
                        if (!item.empty()) options.direct_channels.emplace_back(item);
                        if (comma == std::string_view::npos) break;
                        items.remove_prefix(comma + 1);
                    }
                    break;
            }
        }
        // The core's own check: a value out of range is its #NUM!, naming the option.
        if (auto checked = attribution::check_options(options); !checked)
            return Error{checked.error().kind, "argument " + quoted(p) + ": " + checked.error().message};
        return options;
    }

private:
    // The arguments given cell by cell beside the paths.
    static constexpr std::array<AttributionParameter, 6> beside_paths{
        AttributionParameter::conversions,  AttributionParameter::values,
        AttributionParameter::nulls,        AttributionParameter::days,
        AttributionParameter::lead_touches, AttributionParameter::opportunity_touches};

    std::span<const Argument> arguments_;
};

}  // namespace

std::span<const std::string_view> measure_names() { return attribution::attributed_measure_names(); }

std::span<const std::string_view> option_names() { return option_field_names; }

namespace {

// Whether the core can run `model` on one converting touch given these extras.
bool feeds(Model model, bool days, bool stages) {
    attribution::PathSet probe;
    probe.add_path({"channel"}, 1.0, 1.0, 1.0);
    attribution::Path& path = probe.paths().front();
    if (days) path.days_before_conversion = {0.0};
    if (stages) path.lead_touch = path.opportunity_touch = 0;
    const auto result = attribution::attribute(probe, model, attribution::ModelOptions{});
    return result || result.error().kind != ErrorKind::na;
}

}  // namespace

std::vector<Model> models_needing_more_than_paths() {
    std::vector<Model> needing;
    for (Model m : attribution::all_models())
        if (!feeds(m, false, false)) needing.push_back(m);
    return needing;
}

std::vector<ModelNeed> model_needs() {
    // Asked of the core, so the help follows it: which extra arguments make each such model run.
    std::vector<ModelNeed> needs;
    for (Model m : models_needing_more_than_paths()) {
        ModelNeed need{m, {}};
        if (feeds(m, true, false))
            need.needs = {AttributionParameter::days};
        else if (feeds(m, false, true))
            need.needs = {AttributionParameter::lead_touches, AttributionParameter::opportunity_touches};
        needs.push_back(std::move(need));
    }
    return needs;
}

const std::vector<AttributionParameterInfo>& attribution_parameters() {
    // Built once (thread-safe static initialisation): the models' text is asked of the core.
    static const std::vector<AttributionParameterInfo> parameters = [] {
        const std::string all = joined_ids(attribution::all_models());
        // "time_decay needs days, w_shaped lead_touches and opportunity_touches": else the core answers #N/A.
        std::string needs;
        for (const ModelNeed& need : model_needs()) {
            std::string what;
            for (std::size_t i = 0; i < need.needs.size(); ++i)
                what += std::string(i == 0 ? "" : " and ") + std::string(name_of_parameter(need.needs[i]));
            needs += std::string(needs.empty() ? "" : ", ") + std::string(attribution::model_id(need.model)) +
                     (needs.empty() ? " needs " : " ") + (what.empty() ? "data a sheet cannot give" : what);
        }
        return std::vector<AttributionParameterInfo>{
            {std::string(name_of_parameter(AttributionParameter::paths)), false, true,
             "The channels of each path, oldest first, one path per row, such as \"Paid Search > Email > Direct\" "
             "(range; names are trimmed; a row blank in every argument is skipped)"},
            {std::string(name_of_parameter(AttributionParameter::conversions)), false, true,
             "Conversions of each path, beside paths (range of numbers >= 0)"},
            {std::string(name_of_parameter(AttributionParameter::values)), true, true,
             "Conversion value of each path, beside paths (range of numbers >= 0; optional, default 0; "
             "measure \"value\" needs it)"},
            {std::string(name_of_parameter(AttributionParameter::nulls)), true, true,
             "Journeys along each path that did not convert, beside paths; the Markov model counts them "
             "(range of numbers >= 0; a blank is 0; optional, default 0)"},
            {std::string(name_of_parameter(AttributionParameter::models)), true, true,
             // Within Excel's 255 characters, uncut: what the models need, not what they give without it (#N/A).
             "\"all\" or model ids, comma-separated or a range: " + all + " (optional, default \"all\"" +
                 (needs.empty() ? std::string() : "; " + needs) + ")"},
            {std::string(name_of_parameter(AttributionParameter::measure)), true, false,
             "What each cell shows: " + quoted_measures() +
                 " (attributed conversions, conversion value, or fraction of all conversions; optional, "
                 "default \"conversions\")"},
            {std::string(name_of_parameter(AttributionParameter::separator)), true, false,
             "The text between two channels of a path (optional, default \"" + std::string(default_separator) + "\")"},
            {std::string(name_of_parameter(AttributionParameter::days)), true, true,
             "Days before the conversion of each touch, beside paths, with the path's separator: \"12 > 3 > 0\", or "
             "one number for a one-touch path (range of numbers >= 0; a blank is not known; optional)"},
            {std::string(name_of_parameter(AttributionParameter::lead_touches)), true, true,
             "The touch, counted from 1, that created the lead, beside paths (range; a blank is not known; optional)"},
            {std::string(name_of_parameter(AttributionParameter::opportunity_touches)), true, true,
             "The touch, counted from 1, that created the opportunity, beside paths (range; a blank is not known; "
             "optional)"},
            {std::string(name_of_parameter(AttributionParameter::options)), true, true,
             "Model options, a name and a value on each row: " + listed_options() +
                 " (two-column range; optional, default the core's)"},
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
    auto options = in.options();
    if (!options) return options.error();
    request.options = std::move(options).value();

    const Argument& paths = in[AttributionParameter::paths];
    const std::size_t rows = paths.size();
    if (auto e = in.sizes_differ(rows)) return *e;
    if (request.measure == AttributedMeasure::value && !in.given(AttributionParameter::values))
        return wrong("measure \"value\" needs the argument " + quoted(AttributionParameter::values));

    for (std::size_t row = 0; row < rows; ++row) {
        const Value path = cell_at(paths, row);
        if (is_blank(path)) {
            if (in.numbers_blank(row)) continue;
            return wrong(row_of(row, AttributionParameter::paths) + " is blank, but other cells of its row are not");
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
        const std::size_t touches = names.value().size();
        auto days = in.days(row, touches, separator.value());
        if (!days) return days.error();
        auto lead = in.touch(AttributionParameter::lead_touches, row, touches);
        if (!lead) return lead.error();
        auto opportunity = in.touch(AttributionParameter::opportunity_touches, row, touches);
        if (!opportunity) return opportunity.error();
        attribution::Path read;
        read.touches.reserve(names.value().size());
        for (std::string_view name : names.value()) read.touches.push_back(request.paths.channel(name));
        read.conversions = conversions.value();
        read.value = value.value();
        read.nulls = nulls.value();
        read.days_before_conversion = std::move(days).value();
        read.lead_touch = lead.value();
        read.opportunity_touch = opportunity.value();
        // A model's complaint then names the row of the range, as a worksheet user counts it.
        read.source_line = row + 1;
        read.source_kind = "row";
        request.paths.add(std::move(read));
    }
    return request;
}

}  // namespace kpilot::xll
