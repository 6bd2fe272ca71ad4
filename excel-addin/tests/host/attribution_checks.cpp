#include "attribution_checks.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <span>

#include "excel_c_api.hpp"
#include "fake_excel.hpp"
#include "hand_attribution.hpp"
#include "kpilot/attribution.hpp"
#include "kpilot/attribution_table.hpp"
#include "utf16.hpp"

namespace kpilot::xll::host {

namespace {

using attribution::AttributedMeasure;
using attribution::Model;
using fake::FakeExcel;

// Where the hand-worked path table sits on the fake sheet: rows 41 to 43, columns K to N
// (paths, conversions, values, nulls), clear of the cells the other checks use.
constexpr RW first_row = 40;
constexpr COL paths_column = 10;
// The models "first_touch" and "markov" in K46:K47.
constexpr RW models_row = 45;

std::vector<Model> every_model() { return {attribution::all_models().begin(), attribution::all_models().end()}; }

// hand::paths split by hand, so the core is fed without the add-in's reading of them.
attribution::PathSet hand_path_set(bool values_and_nulls = true) {
    const double keep = values_and_nulls ? 1.0 : 0.0;
    attribution::PathSet paths;
    paths.add_path({"A", "B"}, hand::conversions[0], keep * hand::values[0], keep * hand::nulls[0]);
    paths.add_path({"B"}, hand::conversions[1], keep * hand::values[1], keep * hand::nulls[1]);
    paths.add_path({"A", "B", "A"}, hand::conversions[2], keep * hand::values[2], keep * hand::nulls[2]);
    return paths;
}

template <class Array>
std::vector<Value> values_of(const Array& items) {
    std::vector<Value> cells;
    for (const auto& x : items) cells.emplace_back(x);
    return cells;
}

std::vector<Value> hand_paths() {
    std::vector<Value> cells;
    for (std::string_view p : hand::paths) cells.emplace_back(std::string(p));
    return cells;
}

// A range as Excel passes an array: a column, or a row when `as_row`.
XLOPER12* array(Opers& o, const std::vector<Value>& cells, bool as_row = false) {
    std::vector<XLOPER12> opers;
    for (const Value& v : cells) opers.push_back(o.cell(v));
    const auto n = static_cast<RW>(opers.size());
    return as_row ? o.multi(1, n, opers) : o.multi(n, 1, opers);
}

// The hand-worked table as four arrays, then the rest of the call.
std::vector<XLOPER12*> hand_arrays(Opers& o, std::vector<XLOPER12*> rest = {}, bool as_rows = false) {
    std::vector<XLOPER12*> arguments{array(o, hand_paths(), as_rows), array(o, values_of(hand::conversions), as_rows),
                                     array(o, values_of(hand::values), as_rows),
                                     array(o, values_of(hand::nulls), as_rows)};
    arguments.insert(arguments.end(), rest.begin(), rest.end());
    return arguments;
}

XLOPER12* sheet_column(Opers& o, COL column) { return o.sref({first_row, first_row + 2, column, column}); }

double measured(const attribution::Attribution& a, std::size_t channel, AttributedMeasure measure) {
    switch (measure) {
        case AttributedMeasure::conversions: return a.channels[channel].conversions;
        case AttributedMeasure::value: return a.channels[channel].value;
        case AttributedMeasure::share: return a.channels[channel].conversions / a.total_conversions;
    }
    return NAN;
}

// The spilled table against attribution::run_models on the same paths: the same code on the
// same machine, so equal to the last bit; a failed model's column holds its error's code.
std::string core_problem(const ReadResult& read, const attribution::PathSet& paths, const std::vector<Model>& models,
                         AttributedMeasure measure) {
    if (!read.problem.empty()) return read.problem;
    if (!read.is_array()) return "gave " + fake::shown(read) + ", not a table";
    if (!read.dll_free) return "the array does not carry xlbitDLLFree";
    const auto runs = attribution::run_models(paths, models, attribution::ModelOptions{});
    const auto& channels = paths.channels();
    if (static_cast<std::size_t>(read.rows) != 1 + channels.size() ||
        static_cast<std::size_t>(read.columns) != 1 + models.size())
        return std::to_string(read.rows) + " x " + std::to_string(read.columns) + " cells for " +
               std::to_string(channels.size()) + " channels and " + std::to_string(models.size()) + " models";
    if (!(read.at(0, 0).value == Value("channel"))) return "the header starts with " + fake::shown(read.at(0, 0));
    for (std::size_t m = 0; m < models.size(); ++m)
        if (!(read.at(0, static_cast<COL>(1 + m)).value == Value(std::string(attribution::model_id(models[m])))))
            return "header column " + std::to_string(1 + m) + " is " + fake::shown(read.at(0, static_cast<COL>(1 + m)));
    for (std::size_t c = 0; c < channels.size(); ++c) {
        const auto row = static_cast<RW>(1 + c);
        if (!(read.at(row, 0).value == Value(channels[c])))
            return "row " + std::to_string(row) + " names " + fake::shown(read.at(row, 0)) + ", not " + channels[c];
        for (std::size_t m = 0; m < models.size(); ++m) {
            const ReadResult& cell = read.at(row, static_cast<COL>(1 + m));
            const std::string where = channels[c] + " by " + std::string(attribution::model_id(models[m]));
            if (!runs[m].result) {
                if (cell.excel_error != fake::code_of(runs[m].result.error().kind))
                    return where + " is " + fake::shown(cell) + ", the core gives " +
                           std::string(error_code(runs[m].result.error().kind));
            } else if (!(cell.value == Value(measured(runs[m].result.value(), c, measure)))) {
                return where + " is " + fake::shown(cell) + ", the core gives " +
                       to_display_text(Value(measured(runs[m].result.value(), c, measure)));
            }
        }
    }
    return "";
}

// The same table against the numbers worked out by hand, for the models it shows.
std::string hand_problem(const ReadResult& read, AttributedMeasure measure) {
    if (!read.is_array() || read.rows != 3) return "not a table of A and B: " + fake::shown(read);
    if (!(read.at(1, 0).value == Value("A")) || !(read.at(2, 0).value == Value("B")))
        return "the channels are not A then B, in the order the paths first name them";
    std::size_t checked = 0;
    for (COL column = 1; column < read.columns; ++column) {
        const Value& header = read.at(0, column).value;
        for (const auto& credit : hand::credits) {
            if (!(header == Value(std::string(credit.model)))) continue;
            const auto expected = [&](double conversions, double value) {
                return measure == AttributedMeasure::value   ? value
                       : measure == AttributedMeasure::share ? conversions / hand::total_conversions
                                                             : conversions;
            };
            const double a = expected(credit.a_conversions, credit.a_value);
            const double b = expected(credit.b_conversions, credit.b_value);
            const Value& got_a = read.at(1, column).value;
            const Value& got_b = read.at(2, column).value;
            if (!got_a.is_number() || !got_b.is_number() || std::abs(got_a.number() - a) > 1e-12 ||
                std::abs(got_b.number() - b) > 1e-12)
                return std::string(credit.model) + " gives A " + to_display_text(got_a) + " and B " +
                       to_display_text(got_b) + ", by hand " + to_display_text(Value(a)) + " and " +
                       to_display_text(Value(b));
            ++checked;
        }
        for (std::string_view model : hand::models_without_data) {
            if (!(header == Value(std::string(model)))) continue;
            if (read.at(1, column).excel_error != xlerrNA || read.at(2, column).excel_error != xlerrNA)
                return std::string(model) + " is not #N/A: a path table has no touch times or stages";
            ++checked;
        }
    }
    if (checked + 1 != static_cast<std::size_t>(read.columns)) return "a column that is no model worked by hand";
    return "";
}

std::string both_problems(const ReadResult& read, const std::vector<Model>& models, AttributedMeasure measure) {
    std::string why = core_problem(read, hand_path_set(), models, measure);
    if (why.empty()) why = hand_problem(read, measure);
    return why;
}

void check_tables(Host& host) {
    Tally& t = host.tally;
    {
        Opers o;
        const auto r = host.call("KPI.ATTRIBUTION", hand_arrays(o), o);
        const std::string why = both_problems(r, every_model(), AttributedMeasure::conversions);
        t.check(why.empty(), "KPI.ATTRIBUTION of arrays spills every model's conversions (core and by hand)", why);
    }
    {
        Opers o;
        const auto r = host.call("KPI.ATTRIBUTION", hand_arrays(o, {o.missing(), o.text(u"value")}, true), o);
        const std::string why = both_problems(r, every_model(), AttributedMeasure::value);
        t.check(why.empty(), "KPI.ATTRIBUTION of arrays laid as rows spills the value", why);
    }
    {
        Opers o;
        // Mixed case, as users type: the ids are read as the core's choices are.
        const auto r =
            host.call("KPI.ATTRIBUTION", hand_arrays(o, {o.text(u"Shapley, LINEAR, last-touch"), o.text(u"share")}), o);
        const std::string why =
            both_problems(r, {Model::shapley, Model::linear, Model::last_touch}, AttributedMeasure::share);
        t.check(why.empty(), "KPI.ATTRIBUTION gives the models asked for, in that order, as shares", why);
    }
    {
        Opers o;
        // A blank row between paths, as a table with a gap: skipped, not an error.
        std::vector<Value> paths = hand_paths(), conversions = values_of(hand::conversions),
                           values = values_of(hand::values), nulls = values_of(hand::nulls);
        paths.insert(paths.begin() + 1, Value());
        conversions.insert(conversions.begin() + 1, Value());
        values.insert(values.begin() + 1, Value(""));
        nulls.insert(nulls.begin() + 1, Value());
        const auto r = host.call(
            "KPI.ATTRIBUTION",
            {array(o, paths), array(o, conversions), array(o, values), array(o, nulls), o.text(u"linear, markov")}, o);
        const std::string why = both_problems(r, {Model::linear, Model::markov}, AttributedMeasure::conversions);
        t.check(why.empty(), "a row blank in every range is skipped", why);
    }
}

void check_references(Host& host) {
    FakeExcel& excel = FakeExcel::instance();
    Tally& t = host.tally;
    for (std::size_t r = 0; r < hand::paths.size(); ++r) {
        const RW row = first_row + static_cast<RW>(r);
        excel.set_cell(row, paths_column, std::string(hand::paths[r]));
        excel.set_cell(row, paths_column + 1, hand::conversions[r]);
        excel.set_cell(row, paths_column + 2, hand::values[r]);
        excel.set_cell(row, paths_column + 3, hand::nulls[r]);
    }
    excel.set_cell(models_row, paths_column, "first_touch");
    excel.set_cell(models_row + 1, paths_column, "markov");
    {
        Opers o;
        const std::size_t coerced = excel.coerce_calls();
        const auto r = host.call(
            "KPI.ATTRIBUTION",
            {sheet_column(o, paths_column), sheet_column(o, paths_column + 1), sheet_column(o, paths_column + 2),
             sheet_column(o, paths_column + 3), o.missing(), o.text(u"share")},
            o);
        const std::string why = both_problems(r, every_model(), AttributedMeasure::share);
        t.check(why.empty(), "KPI.ATTRIBUTION of references (xltypeSRef) read through xlCoerce", why);
        t.check(excel.coerce_calls() >= coerced + 4, "each of the four references was coerced",
                std::to_string(excel.coerce_calls() - coerced) + " xlCoerce calls");
        t.check(excel.blocks_outstanding() == 0, "what xlCoerce returned for KPI.ATTRIBUTION went back through xlFree");
    }
    {
        Opers o;
        // Rows 41:42 and 43 of each column as two areas, and the models as a range reference.
        auto split = [&](COL column) {
            return o.ref({{first_row, first_row + 1, column, column}, {first_row + 2, first_row + 2, column, column}},
                         FakeExcel::sheet_id);
        };
        const auto r =
            host.call("KPI.ATTRIBUTION",
                      {split(paths_column), split(paths_column + 1), split(paths_column + 2), split(paths_column + 3),
                       o.ref({{models_row, models_row + 1, paths_column, paths_column}}, FakeExcel::sheet_id)},
                      o);
        const std::string why = both_problems(r, {Model::first_touch, Model::markov}, AttributedMeasure::conversions);
        t.check(why.empty(), "multi-area references (xltypeRef) are read area by area, models from a range", why);
    }
    {
        Opers o;
        // One cell each: a path table of one row.
        attribution::PathSet one;
        one.add_path({"A", "B"}, 1, 100);
        const auto r = host.call("KPI.ATTRIBUTION",
                                 {o.sref({first_row, first_row, paths_column, paths_column}),
                                  o.sref({first_row, first_row, paths_column + 1, paths_column + 1}), o.missing(),
                                  o.missing(), o.text(u"position_based")},
                                 o);
        const std::string why = core_problem(r, one, {Model::position_based}, AttributedMeasure::conversions);
        t.check(why.empty() && r.at(1, 1).value == Value(0.5),
                "one-cell references: \"A > B\" with 1 conversion splits 0.5 : 0.5 position-based", why);
    }
    {
        // Excel answers xlretUncalced for an input not calculated yet, discards the result and calls again.
        Opers o;
        excel.set_uncalculated(first_row + 1, paths_column + 1, true);
        const auto first =
            host.call("KPI.ATTRIBUTION", {sheet_column(o, paths_column), sheet_column(o, paths_column + 1)}, o);
        t.check(first.problem.empty() && !first.dll_free && excel.blocks_outstanding() == 0,
                "KPI.ATTRIBUTION with an input not calculated yet returns at once and leaks nothing");
        excel.set_uncalculated(first_row + 1, paths_column + 1, false);
        const auto again =
            host.call("KPI.ATTRIBUTION", {sheet_column(o, paths_column), sheet_column(o, paths_column + 1)}, o);
        const std::string why =
            core_problem(again, hand_path_set(false), every_model(), AttributedMeasure::conversions);
        t.check(why.empty(), "called again once the input is calculated, it gives the table", why);
    }
}

void check_errors(Host& host) {
    Tally& t = host.tally;
    auto error_is = [](const ReadResult& r, int code) { return r.problem.empty() && r.excel_error == code; };
    {
        Opers o;
        const auto none = host.call("KPI.ATTRIBUTION", {array(o, hand_paths()), array(o, {0, 0, 0})}, o);
        t.check(error_is(none, xlerrDiv0) && !none.dll_free, "no conversions at all is one #DIV/0!", fake::shown(none));
        const std::string why = host.explain("KPI.ATTRIBUTION", {array(o, hand_paths()), array(o, {0, 0, 0})}, o);
        t.check(why == "#DIV/0! the paths hold no conversions: there is nothing to attribute",
                "KPI.EXPLAIN says there is nothing to attribute", why);
    }
    {
        Opers o;
        const auto na = host.call("KPI.ATTRIBUTION", hand_arrays(o, {o.text(u"time_decay, w_shaped")}), o);
        t.check(error_is(na, xlerrNA), "when every model asked is #N/A, the call is one #N/A", fake::shown(na));
        // All models: a table with two #N/A columns (checked above), and KPI.EXPLAIN gives their reasons.
        const std::string why = host.explain("KPI.ATTRIBUTION", hand_arrays(o), o);
        t.check(why.rfind("time_decay: #N/A time decay needs each touch's time", 0) == 0 &&
                    why.find("; w_shaped: #N/A W-shaped needs the touches that created the lead and the opportunity") !=
                        std::string::npos,
                "KPI.EXPLAIN gives the reason for each #N/A column", why);
    }
    {
        Opers o;
        // Seven paths, the seventh with an empty touch.
        const std::vector<Value> paths{"A", "B", "A > B", "B > A", "A", "B", "Paid Search > > Email"};
        const std::vector<Value> ones(7, Value(1.0));
        const auto bad = host.call("KPI.ATTRIBUTION", {array(o, paths), array(o, ones)}, o);
        t.check(error_is(bad, xlerrValue), "a path with an empty touch makes the call #VALUE!", fake::shown(bad));
        const std::string why = host.explain("KPI.ATTRIBUTION", {array(o, paths), array(o, ones)}, o);
        t.check(why == "#VALUE! row 7 of paths: touch 2 has no channel name", "KPI.EXPLAIN names the row and the touch",
                why);
    }
    {
        Opers o;
        const std::vector<XLOPER12*> negative{array(o, hand_paths()), array(o, {1, -1, 1})};
        t.check(error_is(host.call("KPI.ATTRIBUTION", negative, o), xlerrValue), "negative conversions are #VALUE!");
        const std::string why = host.explain("KPI.ATTRIBUTION", negative, o);
        t.check(why == "#VALUE! row 2 of conversions is -1: counts cannot be negative",
                "KPI.EXPLAIN of a negative count", why);
        const std::vector<XLOPER12*> text{array(o, hand_paths()), array(o, {1, "2", 1})};
        t.check(error_is(host.call("KPI.ATTRIBUTION", text, o), xlerrValue), "a count typed as text is #VALUE!");
        const std::vector<XLOPER12*> blank_path{array(o, {"A", Value(), "B"}), array(o, {1, 2, 1})};
        t.check(error_is(host.call("KPI.ATTRIBUTION", blank_path, o), xlerrValue),
                "a blank path beside a count is #VALUE!");
        const std::vector<XLOPER12*> sizes{array(o, hand_paths()), array(o, {1, 2})};
        t.check(error_is(host.call("KPI.ATTRIBUTION", sizes, o), xlerrValue), "ranges of different sizes are #VALUE!");
        const std::string sizes_why = host.explain("KPI.ATTRIBUTION", sizes, o);
        t.check(sizes_why.rfind("#VALUE! argument 'conversions' has 2 cells and 'paths' 3", 0) == 0,
                "KPI.EXPLAIN of ranges of different sizes", sizes_why);
        const std::vector<XLOPER12*> no_paths{o.missing(), array(o, {1, 2})};
        t.check(error_is(host.call("KPI.ATTRIBUTION", no_paths, o), xlerrValue), "a missing paths argument is #VALUE!");
        t.check(host.explain("KPI.ATTRIBUTION", no_paths, o) == "#VALUE! argument 'paths' is required",
                "KPI.EXPLAIN of a missing argument");
        const auto unknown = host.call("KPI.ATTRIBUTION", hand_arrays(o, {o.text(u"linear, markv")}), o);
        t.check(error_is(unknown, xlerrValue), "an unknown model id is #VALUE!", fake::shown(unknown));
    }
    {
        Opers o;
        const std::vector<XLOPER12*> ref{o.multi(3, 1, {o.cell("A"), *o.error(xlerrRef), o.cell("B")}),
                                         array(o, {1, 2, 1})};
        t.check(error_is(host.call("KPI.ATTRIBUTION", ref, o), xlerrRef), "#REF! in the paths comes back unchanged");
        const std::string why = host.explain("KPI.ATTRIBUTION", ref, o);
        t.check(why == "#REF! row 2 of paths holds #REF!", "KPI.EXPLAIN names the cell holding #REF!", why);
        const std::vector<XLOPER12*> first{array(o, hand_paths()),
                                           o.multi(3, 1, {o.cell(1), *o.error(xlerrNA), o.cell(1)}),
                                           o.multi(3, 1, {*o.error(xlerrRef), o.cell(1), o.cell(1)})};
        t.check(error_is(host.call("KPI.ATTRIBUTION", first, o), xlerrNA),
                "the first error wins: #N/A in conversions before #REF! in values");
        t.check(host.explain("KPI.ATTRIBUTION", first, o) == "#N/A row 2 of conversions holds #N/A",
                "KPI.EXPLAIN names the first error's cell");
        // The separator's text counts as an input too.
        t.check(
            error_is(host.call("KPI.ATTRIBUTION", hand_arrays(o, {o.missing(), o.missing(), o.error(xlerrName)}), o),
                     xlerrName),
            "#NAME? as the separator comes back unchanged");
    }
}

// Models' credits read from a spilled table: the number in `row` (1 = the first channel) under `model`.
double credit_at(const ReadResult& read, RW row, std::string_view model) {
    if (!read.is_array() || row >= read.rows) return NAN;
    for (COL k = 1; k < read.columns; ++k)
        if (read.at(0, k).value == Value(std::string(model)) && read.at(row, k).value.is_number())
            return read.at(row, k).value.number();
    return NAN;
}

// Not "near": windows.h defines that as a macro.
bool close_to(double a, double b) { return std::abs(a - b) <= 1e-12; }

bool error_is(const ReadResult& r, int code) { return r.problem.empty() && r.excel_error == code; }

// days, lead_touches, opportunity_touches and options through the export, against numbers worked by hand.
void check_days_touches_options(Host& host) {
    Tally& t = host.tally;
    {
        Opers o;
        // Time decay, half-life 7: two touches 7 and 0 days before the conversion weigh
        // 2^(-7/7) = 1/2 and 2^0 = 1, shares 1/3 and 2/3: of 3 conversions and 90 value,
        // A 1 and 30, B 2 and 60.
        const std::vector<XLOPER12*> call{array(o, {"A > B"}),   array(o, {3}), array(o, {90}), o.missing(),
                                          o.text(u"time_decay"), o.missing(),   o.missing(),    array(o, {"7 > 0"})};
        const auto r = host.call("KPI.ATTRIBUTION", call, o);
        t.check(close_to(credit_at(r, 1, "time_decay"), 1) && close_to(credit_at(r, 2, "time_decay"), 2),
                "time decay of days 7 and 0 gives A 1/3 and B 2/3 of 3 conversions", fake::shown(r));
        std::vector<XLOPER12*> value = call;
        value[5] = o.text(u"value");
        const auto v = host.call("KPI.ATTRIBUTION", value, o);
        t.check(close_to(credit_at(v, 1, "time_decay"), 30) && close_to(credit_at(v, 2, "time_decay"), 60),
                "time decay of days 7 and 0 gives A 30 and B 60 of 90 value", fake::shown(v));
        // Half-life 3.5 as an option: 7 days are two half-lives, 1/4 against 1: A 1/5 of 3.
        std::vector<XLOPER12*> faster = call;
        faster.insert(faster.end(), {o.missing(), o.missing(), o.multi(1, 2, {o.cell("half_life_days"), o.cell(3.5)})});
        const auto f = host.call("KPI.ATTRIBUTION", faster, o);
        t.check(close_to(credit_at(f, 1, "time_decay"), 3.0 / 5.0),
                "a half-life of 3.5 days set in options gives A 3/5", fake::shown(f));
        const std::vector<XLOPER12*> short_days{array(o, {"A", "B", "A > B > C"}),
                                                array(o, {1, 1, 1}),
                                                o.missing(),
                                                o.missing(),
                                                o.missing(),
                                                o.missing(),
                                                o.missing(),
                                                array(o, {0, 0, "2 > 0"})};
        t.check(error_is(host.call("KPI.ATTRIBUTION", short_days, o), xlerrValue),
                "days for too few touches are #VALUE!");
        const std::string why = host.explain("KPI.ATTRIBUTION", short_days, o);
        t.check(why == "#VALUE! row 3 of days: has 2 entries for a path of 3 touches", "KPI.EXPLAIN of days too short",
                why);
    }
    {
        Opers o;
        // W-shaped: A > B > C > D, lead on the 2nd touch, opportunity on the 3rd: A (first), B (lead)
        // and C (opportunity) 0.3 each, D the other touch 0.1; of 10 conversions: 3, 3, 3, 1.
        const std::vector<XLOPER12*> call{array(o, {"A > B > C > D"}),
                                          array(o, {10}),
                                          o.missing(),
                                          o.missing(),
                                          o.text(u"w_shaped, linear"),
                                          o.missing(),
                                          o.missing(),
                                          o.missing(),
                                          array(o, {2}),
                                          array(o, {3})};
        const auto r = host.call("KPI.ATTRIBUTION", call, o);
        t.check(close_to(credit_at(r, 1, "w_shaped"), 3) && close_to(credit_at(r, 2, "w_shaped"), 3) &&
                    close_to(credit_at(r, 3, "w_shaped"), 3) && close_to(credit_at(r, 4, "w_shaped"), 1) &&
                    close_to(credit_at(r, 4, "linear"), 2.5),
                "W-shaped with the lead on touch 2 and the opportunity on touch 3 gives 3, 3, 3 and 1", fake::shown(r));
        const std::vector<XLOPER12*> past{array(o, {"A > B"}), array(o, {1}), o.missing(), o.missing(),  o.missing(),
                                          o.missing(),         o.missing(),   o.missing(), array(o, {3})};
        const std::string why = host.explain("KPI.ATTRIBUTION", past, o);
        t.check(why == "#VALUE! row 1 of lead_touches is 3, not a touch of the path (1 to 2)",
                "KPI.EXPLAIN of a lead touch past the path's end", why);
    }
    {
        Opers o;
        // Position-based with first 0.3 and last 0.5 from a two-column options range: A > B has no
        // middle, so its ends split 0.3 : 0.5, 3/8 and 5/8 of 8 conversions: 3 and 5 (the default
        // 0.4 : 0.4 gives 4 and 4, so this fails if the options are not read).
        const auto options =
            o.multi(2, 2, {o.cell("position_first"), o.cell(0.3), o.cell("Position Last"), o.cell(0.5)});
        const std::vector<XLOPER12*> call{array(o, {"A > B"}),
                                          array(o, {8}),
                                          o.missing(),
                                          o.missing(),
                                          o.text(u"position_based"),
                                          o.missing(),
                                          o.missing(),
                                          o.missing(),
                                          o.missing(),
                                          o.missing(),
                                          options};
        const auto r = host.call("KPI.ATTRIBUTION", call, o);
        t.check(close_to(credit_at(r, 1, "position_based"), 3) && close_to(credit_at(r, 2, "position_based"), 5),
                "an options range of position_first 0.3 and position_last 0.5 splits A > B 3 : 5", fake::shown(r));
        const auto unknown = o.multi(1, 2, {o.cell("half_life"), o.cell(3)});
        std::vector<XLOPER12*> bad = call;
        bad.back() = unknown;
        t.check(error_is(host.call("KPI.ATTRIBUTION", bad, o), xlerrValue), "an unknown option is #VALUE!");
        const std::string why = host.explain("KPI.ATTRIBUTION", bad, o);
        t.check(why.rfind("#VALUE! row 1 of options: unknown option \"half_life\"", 0) == 0,
                "KPI.EXPLAIN names the unknown option", why);
        bad.back() = o.multi(1, 2, {o.cell("position_first"), o.cell(0.9)});
        t.check(error_is(host.call("KPI.ATTRIBUTION", bad, o), xlerrNum), "an option out of range is the core's #NUM!");
        bad.back() = o.multi(1, 2, {o.cell("position_first"), *o.error(xlerrNA)});
        t.check(error_is(host.call("KPI.ATTRIBUTION", bad, o), xlerrNA), "#N/A in the options comes back unchanged");
    }
}

// Why a case cannot be stated as a path table on a sheet, or "" when it can.
std::string not_on_a_sheet(const testing::AttributionCase& c) {
    for (const auto& channel : c.paths.channels())
        if (channel.find('>') != std::string::npos) return "a channel name holds the separator";
    return "";
}

bool has_negative_count(const testing::AttributionCase& c) {
    for (const auto& path : c.paths.paths())
        if (path.conversions < 0 || path.value < 0 || path.nulls < 0) return true;
    return false;
}

bool has_touch_past_the_end(const testing::AttributionCase& c) {
    for (const auto& path : c.paths.paths())
        for (const auto& touch : {path.lead_touch, path.opportunity_touch})
            if (touch && *touch >= path.touches.size()) return true;
    return false;
}

// Shortest text that reads back as the same double, so the sheet is given the case's exact days.
std::string exact(double x) {
    std::array<char, 32> text{};
    const auto end = std::to_chars(text.data(), text.data() + text.size(), x).ptr;
    return std::string(text.data(), end);
}

// The case's options as the two-column range a user would type: name, then the value the case file read.
XLOPER12* options_range(Opers& o, const testing::AttributionCase& c) {
    std::vector<XLOPER12> cells;
    for (const std::string& set : c.options_set) {
        const std::string name = set.substr(0, set.find(' '));
        Value value;
        const attribution::ModelOptions& v = c.options;
        if (name == "position_first")
            value = Value(v.position_first);
        else if (name == "position_last")
            value = Value(v.position_last);
        else if (name == "half_life_days")
            value = Value(v.half_life_days);
        else if (name == "w_first")
            value = Value(v.w_first);
        else if (name == "w_lead")
            value = Value(v.w_lead);
        else if (name == "w_opportunity")
            value = Value(v.w_opportunity);
        else if (name == "markov_order")
            value = Value(static_cast<double>(v.markov_order));
        else if (name == "markov_use_nulls")
            value = Value(v.markov_use_nulls);
        else if (name == "direct_channels") {
            std::string list;
            for (const auto& d : v.direct_channels) list += (list.empty() ? "" : ", ") + d;
            value = Value(list);
        }
        // An option the host does not know stays blank, and the case's expectations catch it.
        cells.push_back(o.cell(Value(name)));
        cells.push_back(o.cell(value));
    }
    return o.multi(static_cast<RW>(c.options_set.size()), 2, cells);
}

// The case's paths as the ranges a user would type, laid as a column or a row: paths,
// conversions, values and nulls; then, after `middle` (models, measure, separator), days,
// lead and opportunity touches (blank where the case gives none) and the options.
std::vector<XLOPER12*> case_ranges(Opers& o, const testing::AttributionCase& c, bool as_rows,
                                   std::vector<XLOPER12*> middle) {
    std::vector<Value> paths, conversions, values, nulls, days, leads, opportunities;
    const auto touch = [](std::optional<std::size_t> k) { return k ? Value(static_cast<double>(*k + 1)) : Value(); };
    for (const auto& path : c.paths.paths()) {
        std::string text;
        for (attribution::ChannelId id : path.touches) text += (text.empty() ? "" : " > ") + c.paths.channels()[id];
        paths.emplace_back(text);
        conversions.emplace_back(path.conversions);
        values.emplace_back(path.value);
        nulls.emplace_back(path.nulls);
        std::string day_text;
        for (double d : path.days_before_conversion) day_text += (day_text.empty() ? "" : " > ") + exact(d);
        // A one-touch path's days as a number, as a user types it; longer ones as text.
        days.push_back(path.days_before_conversion.size() == 1 ? Value(path.days_before_conversion.front())
                                                               : Value(day_text));
        leads.push_back(touch(path.lead_touch));
        opportunities.push_back(touch(path.opportunity_touch));
    }
    std::vector<XLOPER12*> arguments{array(o, paths, as_rows), array(o, conversions, as_rows),
                                     array(o, values, as_rows), array(o, nulls, as_rows)};
    arguments.insert(arguments.end(), middle.begin(), middle.end());
    arguments.push_back(array(o, days, as_rows));
    arguments.push_back(array(o, leads, as_rows));
    arguments.push_back(array(o, opportunities, as_rows));
    arguments.push_back(c.options_set.empty() ? o.missing() : options_range(o, c));
    return arguments;
}

// A model's credits as the sheet shows them, in the core's terms, so the case file's own
// comparison can judge them; or its error, with KPI.EXPLAIN's text as the message.
Result<attribution::Attribution> read_back(const testing::AttributionCase& c, Model model,
                                           const ReadResult& conversions, const ReadResult& values,
                                           const std::string& explanation) {
    auto error = [&](int code) -> Result<attribution::Attribution> {
        return Error{fake::kind_of(code).value_or(ErrorKind::value), explanation};
    };
    if (!conversions.is_array()) return error(conversions.excel_error);
    if (!values.is_array() || values.rows != conversions.rows || values.columns != conversions.columns)
        return Error{ErrorKind::value, "the value table differs in shape from the conversions table"};
    COL column = 0;
    for (COL k = 1; k < conversions.columns; ++k)
        if (conversions.at(0, k).value == Value(std::string(attribution::model_id(model)))) column = k;
    if (column == 0) return Error{ErrorKind::value, "no column for " + std::string(attribution::model_id(model))};
    attribution::Attribution a;
    a.model = model;
    a.channels.assign(c.paths.channels().size(), {});
    for (RW row = 1; row < conversions.rows; ++row) {
        const ReadResult& credit = conversions.at(row, column);
        if (credit.excel_error >= 0) return error(credit.excel_error);
        const Value& name = conversions.at(row, 0).value;
        const auto id = name.is_text() ? c.paths.find(name.text()) : std::nullopt;
        if (!id || !credit.value.is_number() || !values.at(row, column).value.is_number())
            return Error{ErrorKind::value, "row " + std::to_string(row) + " is not a channel of the case with numbers"};
        a.channels[*id] = {credit.value.number(), values.at(row, column).value.number()};
        // The totals the case checks are what the channels' credits add up to.
        a.total_conversions += credit.value.number();
        a.total_value += values.at(row, column).value.number();
    }
    return a;
}

}  // namespace

void check_attribution_cases(Host& host, const testing::AttributionCaseFile& cases) {
    std::printf("host: the attribution cases a sheet can state, through KPI.ATTRIBUTION\n");
    std::size_t run = 0;
    for (std::size_t i = 0; i < cases.cases.size(); ++i) {
        const testing::AttributionCase& c = cases.cases[i];
        const std::string what = c.file + ":" + std::to_string(c.line) + ": " + c.title;
        if (const std::string why = not_on_a_sheet(c); !why.empty()) {
            host.tally.skip(what + " (" + why + ")");
            continue;
        }
        ++run;
        Opers o;
        const bool as_rows = i % 2 == 1;
        std::string models;
        for (const auto& e : c.expectations)
            models += (models.empty() ? "" : ", ") + std::string(attribution::model_id(e.model));
        auto call = [&](const char16_t* measure) {
            return case_ranges(o, c, as_rows, {o.text(utf16_from_utf8(models)), o.text(measure), o.missing()});
        };
        const ReadResult conversions = host.call("KPI.ATTRIBUTION", call(u"conversions"), o);
        if (has_negative_count(c)) {
            // The core refuses a negative count as #NUM!; the sheet refuses it before, as a bad
            // row (#VALUE!), as it refuses text where a count belongs.
            const std::string why = host.explain("KPI.ATTRIBUTION", call(u"conversions"), o);
            host.tally.check(
                conversions.excel_error == xlerrValue && why.find("cannot be negative") != std::string::npos,
                what + " (a negative count is a bad row on a sheet: #VALUE!)", fake::shown(conversions) + " " + why);
            continue;
        }
        if (has_touch_past_the_end(c)) {
            // The core refuses it when a model runs (#NUM!); the sheet, as the paths reader, as a bad row.
            const std::string why = host.explain("KPI.ATTRIBUTION", call(u"conversions"), o);
            host.tally.check(
                conversions.excel_error == xlerrValue && why.find("not a touch of the path") != std::string::npos,
                what + " (a touch the path does not have is a bad row on a sheet: #VALUE!)",
                fake::shown(conversions) + " " + why);
            continue;
        }
        const ReadResult values = host.call("KPI.ATTRIBUTION", call(u"value"), o);
        const std::string explanation = host.explain("KPI.ATTRIBUTION", call(u"conversions"), o);
        const std::string where = c.file.substr(c.file.find_last_of("/\\") + 1) + ":" + std::to_string(c.line);
        host.record.add(where + " conversions", conversions);
        host.record.add(where + " value", values);
        host.record.add(where + " KPI.EXPLAIN", "s:" + explanation);
        // The sheet shows credits only: Markov's removal effects and P(conversion) stay the core's tests'.
        testing::AttributionCase credits_only = c;
        credits_only.removal_effects.clear();
        credits_only.conversion_probability.reset();
        for (const auto& e : c.expectations) {
            const auto actual = read_back(c, e.model, conversions, values, explanation);
            // The sheet names a path by its row, and the case's paths are the rows in order:
            // "path 2 has none" is "row 2 has none" there.
            testing::ModelExpectation on_sheet = e;
            if (on_sheet.error && on_sheet.error->message_contains.rfind("path ", 0) == 0)
                on_sheet.error->message_contains.replace(0, 4, "row");
            std::string why;
            for (const auto& m : testing::attribution_mismatches(credits_only, on_sheet, actual))
                why += (why.empty() ? "" : "; ") + m;
            host.tally.check(why.empty(), what + ": " + e.source, why);
        }
    }
    std::printf("host: %zu of %zu attribution cases run through KPI.ATTRIBUTION\n", run, cases.cases.size());
    // Guards the filter above: a change that made every case look unstatable would otherwise pass.
    host.tally.check(run > 0, "some attribution cases are ones a sheet can state",
                     "none of " + std::to_string(cases.cases.size()));
    host.tally.check(host.xll.blocks_held() == 0, "after the attribution cases, every array came back",
                     std::to_string(host.xll.blocks_held()) + " blocks still held");
}

std::string attribution_help_problems(const std::vector<std::u16string>& argument_help) {
    if (argument_help.size() != attribution_arity + 1) return "not one help string per argument and an empty one";
    const std::string models = narrow(argument_help[4]);
    for (Model m : attribution::all_models())
        if (models.find(std::string(attribution::model_id(m))) == std::string::npos)
            return "the models' help does not name " + std::string(attribution::model_id(m)) + ": " + models;
    return "";
}

void check_attribution(Host& host) {
    std::printf("host: KPI.ATTRIBUTION against the core and the hand-worked path set\n");
    check_tables(host);
    check_references(host);
    check_errors(host);
    check_days_touches_options(host);
    host.tally.check(host.xll.blocks_held() == 0, "every KPI.ATTRIBUTION array came back through xlAutoFree12",
                     std::to_string(host.xll.blocks_held()) + " blocks still held");
    host.tally.check(FakeExcel::instance().blocks_outstanding() == 0,
                     "KPI.ATTRIBUTION gave back everything xlCoerce handed it");
}

std::vector<ReadResult> attribution_calls_for_threads(const Host& host) {
    std::vector<ReadResult> results;
    Opers o;
    results.push_back(host.call("KPI.ATTRIBUTION", hand_arrays(o, {o.missing(), o.text(u"value")}), o));
    // References, so xlCoerce and xlFree run on every thread too.
    results.push_back(
        host.call("KPI.ATTRIBUTION",
                  {sheet_column(o, paths_column), sheet_column(o, paths_column + 1), sheet_column(o, paths_column + 2),
                   sheet_column(o, paths_column + 3), o.missing(), o.text(u"share")},
                  o));
    results.push_back(host.call("KPI.ATTRIBUTION", {array(o, {"A > > B"}), array(o, {1})}, o));
    return results;
}

bool same_result(const ReadResult& a, const ReadResult& b) { return fake::bits_of(a) == fake::bits_of(b); }

}  // namespace kpilot::xll::host
