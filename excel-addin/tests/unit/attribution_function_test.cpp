// KPI.ATTRIBUTION: its arguments read into a path set, the table built from the
// core's models, and the export as Excel calls it, against the fake Excel.
#include "attribution_function.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <type_traits>

#include "excel_callback.hpp"
#include "excel_opers.hpp"
#include "excel_results.hpp"
#include "fake_excel.hpp"
#include "hand_attribution.hpp"
#include "registration.hpp"
#include "utf16.hpp"

// The generated exports, with exactly their registered arity (a wrong count would not link on x86's stdcall).
KPILOT_XLL_EXPORT XLOPER12* KPILOT_XLL_STDCALL KPI_ATTRIBUTION(XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*,
                                                               XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*,
                                                               XLOPER12*);
KPILOT_XLL_EXPORT XLOPER12* KPILOT_XLL_STDCALL KPI_EXPLAIN(XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*,
                                                           XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*,
                                                           XLOPER12*, XLOPER12*);
KPILOT_XLL_EXPORT void KPILOT_XLL_STDCALL xlAutoFree12(XLOPER12* oper);

namespace kpilot::xll {
namespace {

using attribution::Model;
using fake::FakeExcel;
using fake::Opers;
using fake::read_result;

Argument texts(std::initializer_list<Value> cells) { return Argument::range(std::vector<Value>(cells)); }

template <class Array>
Argument range_of(const Array& items) {
    std::vector<Value> cells;
    for (const auto& x : items) {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::string_view>)
            cells.emplace_back(std::string(x));
        else
            cells.emplace_back(x);
    }
    return Argument::range(std::move(cells));
}

// The hand-worked path set of hand_attribution.hpp, with the rest of the call.
std::vector<Argument> hand_call(std::vector<Argument> rest = {}) {
    std::vector<Argument> arguments{range_of(hand::paths), range_of(hand::conversions), range_of(hand::values),
                                    range_of(hand::nulls)};
    for (auto& a : rest) arguments.push_back(std::move(a));
    return arguments;
}

std::string error_text(const Result<AttributionRequest>& r) {
    if (r) return "(no error)";
    return std::string(error_code(r.error().kind)) + " " + r.error().message;
}

// ---- Reading the arguments --------------------------------------------------------

TEST(AttributionArguments, APathTableBecomesPathsWithChannelsInFirstAppearanceOrder) {
    const auto r = read_attribution_request({{texts({"Paid Search > Email > Direct", "  Email ", "Paid Search>Direct"}),
                                              texts({1, 2, 3}), texts({10, 20, 30}), texts({0, Value(), 4})}});
    ASSERT_TRUE(r) << error_text(r);
    const attribution::PathSet& paths = r.value().paths;
    const std::vector<std::string> channels{"Paid Search", "Email", "Direct"};
    EXPECT_EQ(paths.channels(), channels) << "names are trimmed, and a separator without spaces splits too";
    ASSERT_EQ(paths.paths().size(), 3u);
    EXPECT_EQ(paths.paths()[0].touches, (std::vector<attribution::ChannelId>{0, 1, 2}));
    EXPECT_EQ(paths.paths()[1].touches, (std::vector<attribution::ChannelId>{1}));
    EXPECT_EQ(paths.paths()[2].touches, (std::vector<attribution::ChannelId>{0, 2}));
    EXPECT_EQ(paths.paths()[2].conversions, 3);
    EXPECT_EQ(paths.paths()[2].value, 30);
    EXPECT_EQ(paths.paths()[1].nulls, 0) << "a blank nulls cell is 0, as the paths reader reads it";
    EXPECT_EQ(paths.paths()[2].nulls, 4);
    EXPECT_EQ(r.value().models.size(), attribution::all_models().size()) << "all models by default";
    EXPECT_EQ(r.value().measure, attribution::AttributedMeasure::conversions);
}

TEST(AttributionArguments, ARowBlankInEveryArgumentIsSkipped) {
    // A formula's "" is as blank as an empty cell.
    const auto r = read_attribution_request(
        {{texts({"A > B", Value(), "", "B"}), texts({1, Value(), Value(), 2}), texts({5, Value(), "", 6})}});
    ASSERT_TRUE(r) << error_text(r);
    ASSERT_EQ(r.value().paths.paths().size(), 2u);
    EXPECT_EQ(r.value().paths.paths()[1].conversions, 2);
    EXPECT_EQ(r.value().paths.paths()[1].value, 6);
}

TEST(AttributionArguments, ASinglePathInOneCellIsATableOfOneRow) {
    const auto r = read_attribution_request({{Argument::scalar("A > B"), Argument::scalar(3)}});
    ASSERT_TRUE(r) << error_text(r);
    ASSERT_EQ(r.value().paths.paths().size(), 1u);
    EXPECT_EQ(r.value().paths.paths()[0].conversions, 3);
    EXPECT_EQ(r.value().paths.paths()[0].value, 0) << "values omitted are 0";
}

struct BadCall {
    const char* what;
    std::vector<Argument> arguments;
    const char* explanation;  // what KPI.EXPLAIN says: the code, then the message
};

TEST(AttributionArguments, AnyOtherBadRowMakesTheCallValueNamingTheRow) {
    const BadCall calls[] = {
        {"a blank path beside numbers",
         {texts({"A", Value(), "B"}), texts({1, 2, 3})},
         "#VALUE! row 2 of paths is blank, but other cells of its row are not"},
        {"a touch without a channel name",
         {texts({"A", "B", "C", "D", "E", "F", "Paid Search > > Email"}), texts({1, 1, 1, 1, 1, 1, 1})},
         "#VALUE! row 7 of paths: touch 2 has no channel name"},
        {"a path ending in the separator",
         {texts({"A >"}), texts({1})},
         "#VALUE! row 1 of paths: touch 2 has no channel name"},
        {"a path that is a number",
         {texts({"A", 5}), texts({1, 1})},
         "#VALUE! row 2 of paths holds 5, not a path such as \"Search > Email\""},
        {"negative conversions",
         {texts({"A", "B"}), texts({1, -2})},
         "#VALUE! row 2 of conversions is -2: counts cannot be negative"},
        {"conversions as text",
         {texts({"A", "B"}), texts({1, "3"})},
         "#VALUE! row 2 of conversions holds text \"3\", not a number"},
        {"a value that is a boolean",
         {texts({"A"}), texts({1}), texts({true})},
         "#VALUE! row 1 of values holds TRUE, not a number"},
        {"blank conversions beside a path",
         {texts({"A", "B"}), texts({1, Value()})},
         "#VALUE! row 2 of conversions is blank beside a path"},
        {"negative nulls",
         {texts({"A"}), texts({1}), Argument::omitted(), texts({-1})},
         "#VALUE! row 1 of nulls is -1: counts cannot be negative"},
        {"ranges of different sizes",
         {texts({"A", "B", "C"}), texts({1, 2})},
         "#VALUE! argument 'conversions' has 2 cells and 'paths' 3: give one of each per path, side by side"},
        {"paths missing", {Argument::omitted(), texts({1})}, "#VALUE! argument 'paths' is required"},
        {"conversions missing", {texts({"A"})}, "#VALUE! argument 'conversions' is required"},
        {"an unknown model",
         {texts({"A"}), texts({1}), Argument::omitted(), Argument::omitted(), Argument::scalar("linear, markv")},
         "#VALUE! argument 'models': unknown attribution model \"markv\" (one of: all, first_touch, last_touch, "
         "last_non_direct_touch, linear, position_based, time_decay, w_shaped, markov, shapley)"},
        {"a number among the models",
         {texts({"A"}), texts({1}), Argument::omitted(), Argument::omitted(), texts({"linear", 3})},
         "#VALUE! argument 'models' holds 3, not a model id such as \"linear\""},
        {"an unknown measure",
         {texts({"A"}), texts({1}), Argument::omitted(), Argument::omitted(), Argument::omitted(),
          Argument::scalar("revenue")},
         "#VALUE! argument 'measure' must be one of \"conversions\", \"value\" or \"share\", got \"revenue\""},
        {"measure value without values",
         {texts({"A"}), texts({1}), Argument::omitted(), Argument::omitted(), Argument::omitted(),
          Argument::scalar("value")},
         "#VALUE! measure \"value\" needs the argument 'values'"},
        {"a separator that is a number",
         {texts({"A"}), texts({1}), Argument::omitted(), Argument::omitted(), Argument::omitted(), Argument::omitted(),
          Argument::scalar(2)},
         "#VALUE! argument 'separator' must be text such as \">\", got 2"},
        {"a range as the measure",
         {texts({"A"}), texts({1}), Argument::omitted(), Argument::omitted(), Argument::omitted(),
          texts({"value", "share"})},
         "#VALUE! argument 'measure' takes one value, not a range"},
    };
    for (const auto& call : calls) {
        const AttributionAnswer answer = answer_attribution(call.arguments);
        EXPECT_TRUE(answer.table.empty()) << call.what;
        EXPECT_EQ(explanation(answer), call.explanation) << call.what;
    }
}

TEST(AttributionArguments, TheFirstErrorValueAmongTheInputsComesBackUnchanged) {
    const auto r = read_attribution_request({{texts({"A", "B"}), texts({1, Value(Error{ErrorKind::na, ""})}),
                                              texts({Value(Error{ErrorKind::div0, ""}), 2})}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::na) << "conversions come before values";
    EXPECT_EQ(r.error().message, "row 2 of conversions holds #N/A");
    // Even beside a bad row: the error is what the user must fix first, as with Excel's own functions.
    const auto beside_bad_row =
        read_attribution_request({{texts({"A > > B"}), texts({1}), Argument::omitted(), Argument::omitted(),
                                   Argument::omitted(), Argument::scalar(Value(Error{ErrorKind::num, ""}))}});
    ASSERT_FALSE(beside_bad_row);
    EXPECT_EQ(beside_bad_row.error().kind, ErrorKind::num);
    EXPECT_EQ(beside_bad_row.error().message, "argument 'measure' holds #NUM!");
}

TEST(AttributionArguments, ModelsAreAListInOneCellOrARangeOfIdsInAnyCase) {
    const auto list = read_attribution_request(hand_call({Argument::scalar("linear, Markov")}));
    ASSERT_TRUE(list) << error_text(list);
    EXPECT_EQ(list.value().models, (std::vector<Model>{Model::linear, Model::markov}));
    const auto range = read_attribution_request(hand_call({texts({"first_touch", Value(), "Last Touch"})}));
    ASSERT_TRUE(range) << error_text(range);
    EXPECT_EQ(range.value().models, (std::vector<Model>{Model::first_touch, Model::last_touch}));
    const auto all = read_attribution_request(hand_call({Argument::scalar("ALL")}));
    ASSERT_TRUE(all) << error_text(all);
    EXPECT_EQ(all.value().models,
              std::vector<Model>(attribution::all_models().begin(), attribution::all_models().end()));
}

TEST(AttributionArguments, TheSeparatorIsTakenAsTyped) {
    const auto r = read_attribution_request(
        {{texts({"Search | Email", "Email|Direct"}), texts({1, 1}), Argument::omitted(), Argument::omitted(),
          Argument::omitted(), Argument::omitted(), Argument::scalar("|")}});
    ASSERT_TRUE(r) << error_text(r);
    EXPECT_EQ(r.value().paths.channels(), (std::vector<std::string>{"Search", "Email", "Direct"}));
    // With ">" left as the default, "Search | Email" is one channel of that name.
    const auto default_separator = read_attribution_request({{texts({"Search | Email"}), texts({1})}});
    ASSERT_TRUE(default_separator);
    EXPECT_EQ(default_separator.value().paths.channels(), (std::vector<std::string>{"Search | Email"}));
}

TEST(AttributionArguments, EachMeasureTheHelpListsIsOneTheCoreReads) {
    std::vector<attribution::AttributedMeasure> read;
    for (std::string_view name : measure_names()) {
        const auto m = attribution::attributed_measure_from_string(name);
        ASSERT_TRUE(m) << name;
        read.push_back(*m);
        const auto r =
            read_attribution_request(hand_call({Argument::omitted(), Argument::scalar(std::string(name) + " ")}));
        ASSERT_TRUE(r) << error_text(r);
        EXPECT_EQ(r.value().measure, *m) << name;
    }
    std::sort(read.begin(), read.end());
    EXPECT_EQ(std::unique(read.begin(), read.end()), read.end()) << "two names for one measure";
    EXPECT_EQ(read.size(), 3u);
}

TEST(AttributionArguments, TimeDecayAndWShapedAreTheModelsAPathTableCannotFeed) {
    EXPECT_EQ(models_needing_more_than_paths(), (std::vector<Model>{Model::time_decay, Model::w_shaped}));
}

// ---- The table --------------------------------------------------------------------

double number_at(const AttributionTable& table, std::size_t row, std::size_t column) {
    const Value& v = table.at(row).at(column);
    EXPECT_TRUE(v.is_number()) << "row " << row << " column " << column << ": " << to_display_text(v);
    return v.is_number() ? v.number() : -1;
}

std::size_t column_of(const AttributionTable& table, std::string_view model) {
    for (std::size_t c = 0; c < table.front().size(); ++c)
        if (table.front()[c] == Value(std::string(model))) return c;
    ADD_FAILURE() << model << " has no column";
    return 0;
}

TEST(AttributionTable, IsAHeaderThenOneRowPerChannelWithEachModelsHandWorkedCredit) {
    for (const auto& [measure, name] : {std::pair{attribution::AttributedMeasure::conversions, "conversions"},
                                        std::pair{attribution::AttributedMeasure::value, "value"},
                                        std::pair{attribution::AttributedMeasure::share, "share"}}) {
        const AttributionAnswer answer = answer_attribution(hand_call({Argument::omitted(), Argument::scalar(name)}));
        ASSERT_FALSE(answer.failure.value.is_error()) << explanation(answer);
        const AttributionTable& table = answer.table;
        ASSERT_EQ(table.size(), 3u) << "a header, A and B";
        ASSERT_EQ(table[0].size(), 1 + attribution::all_models().size());
        EXPECT_EQ(table[0][0], Value("channel"));
        for (std::size_t m = 0; m < attribution::all_models().size(); ++m)
            EXPECT_EQ(table[0][1 + m], Value(std::string(attribution::model_id(attribution::all_models()[m]))));
        EXPECT_EQ(table[1][0], Value("A"));
        EXPECT_EQ(table[2][0], Value("B"));
        for (const auto& credit : hand::credits) {
            const std::size_t c = column_of(table, credit.model);
            const double a = measure == attribution::AttributedMeasure::value ? credit.a_value
                             : measure == attribution::AttributedMeasure::share
                                 ? credit.a_conversions / hand::total_conversions
                                 : credit.a_conversions;
            const double b = measure == attribution::AttributedMeasure::value ? credit.b_value
                             : measure == attribution::AttributedMeasure::share
                                 ? credit.b_conversions / hand::total_conversions
                                 : credit.b_conversions;
            EXPECT_NEAR(number_at(table, 1, c), a, 1e-12) << credit.model << " " << name << " of A";
            EXPECT_NEAR(number_at(table, 2, c), b, 1e-12) << credit.model << " " << name << " of B";
        }
        for (std::string_view model : hand::models_without_data) {
            const std::size_t c = column_of(table, model);
            for (std::size_t row : {1u, 2u}) {
                ASSERT_TRUE(table[row][c].is_error()) << model;
                EXPECT_EQ(table[row][c].error().kind, ErrorKind::na) << model;
            }
        }
    }
}

TEST(AttributionTable, AFailedModelsReasonIsWhatExplainGives) {
    const AttributionAnswer answer = answer_attribution(hand_call({Argument::scalar("linear, time_decay")}));
    ASSERT_EQ(answer.table.size(), 3u);
    EXPECT_TRUE(answer.table[1][1].is_number());
    EXPECT_TRUE(answer.table[1][2].is_error());
    ASSERT_EQ(answer.failed_models.size(), 1u);
    const std::string why = explanation(answer);
    EXPECT_EQ(why.rfind("time_decay: #N/A time decay needs each touch's time", 0), 0u) << why;
    // Every column a value: nothing to explain.
    EXPECT_EQ(explanation(answer_attribution(hand_call({Argument::scalar("linear")}))), "");
}

TEST(AttributionTable, EveryModelFailingTheSameWayIsThatOneError) {
    const AttributionAnswer no_conversions = answer_attribution({{texts({"A > B", "B"}), texts({0, 0})}});
    ASSERT_TRUE(no_conversions.failure.value.is_error());
    EXPECT_EQ(no_conversions.failure.value.error().kind, ErrorKind::div0);
    EXPECT_TRUE(no_conversions.table.empty());
    EXPECT_EQ(explanation(no_conversions), "#DIV/0! the paths hold no conversions: there is nothing to attribute");
    // A range of blanks has no paths at all: nothing to attribute either, as AVERAGE of blanks.
    const AttributionAnswer blank = answer_attribution({{texts({Value(), Value()}), texts({Value(), Value()})}});
    ASSERT_TRUE(blank.failure.value.is_error());
    EXPECT_EQ(blank.failure.value.error().kind, ErrorKind::div0);
    // Two models, the same kind for different reasons: one #N/A, each reason in the message.
    const AttributionAnswer both = answer_attribution(hand_call({Argument::scalar("time_decay, w_shaped")}));
    ASSERT_TRUE(both.failure.value.is_error());
    EXPECT_EQ(both.failure.value.error().kind, ErrorKind::na);
    const std::string why = explanation(both);
    EXPECT_EQ(why.rfind("#N/A time_decay: ", 0), 0u) << why;
    EXPECT_NE(why.find("; w_shaped: W-shaped needs"), std::string::npos) << why;
}

TEST(AttributionTable, ModelsComeInTheOrderAsked) {
    const AttributionAnswer answer = answer_attribution(hand_call({Argument::scalar("shapley, first_touch")}));
    ASSERT_EQ(answer.table[0].size(), 3u);
    EXPECT_EQ(answer.table[0][1], Value("shapley"));
    EXPECT_EQ(answer.table[0][2], Value("first_touch"));
    EXPECT_EQ(answer.table[1][2], Value(2.0)) << "A's first touches, 1 + 1";
}

// paths, conversions, then days, lead_touches, opportunity_touches and options, the rest omitted.
std::vector<Argument> with_extras(Argument paths, Argument conversions, Argument days,
                                  Argument lead = Argument::omitted(), Argument opportunity = Argument::omitted(),
                                  Argument options = Argument::omitted()) {
    std::vector<Argument> a{std::move(paths), std::move(conversions)};
    a.resize(7, Argument::omitted());
    for (Argument* x : {&days, &lead, &opportunity, &options}) a.push_back(std::move(*x));
    return a;
}

std::vector<Argument> with_options(std::initializer_list<Value> rows) {
    return with_extras(texts({"A > B", "A > B > C"}), texts({1, 1}), Argument::omitted(), Argument::omitted(),
                       Argument::omitted(), texts(rows));
}

TEST(AttributionArguments, DaysAreReadWithThePathsSeparatorOrAsOneNumber) {
    const auto r = read_attribution_request(
        with_extras(texts({"A > B > C", "B", "C > A"}), texts({1, 1, 1}), texts({"12 > 3.5 > 0", 4, Value()})));
    ASSERT_TRUE(r) << error_text(r);
    const auto& paths = r.value().paths.paths();
    EXPECT_EQ(paths[0].days_before_conversion, (std::vector<double>{12, 3.5, 0}));
    EXPECT_EQ(paths[1].days_before_conversion, (std::vector<double>{4})) << "a one-touch path's days as a number";
    EXPECT_TRUE(paths[2].days_before_conversion.empty()) << "blank: not known";
    // The separator of the call splits the days too.
    std::vector<Argument> piped = with_extras(texts({"A|B"}), texts({1}), texts({"2|0"}));
    piped[6] = Argument::scalar("|");
    const auto p = read_attribution_request(piped);
    ASSERT_TRUE(p) << error_text(p);
    EXPECT_EQ(p.value().paths.paths()[0].days_before_conversion, (std::vector<double>{2, 0}));
}

TEST(AttributionArguments, LeadAndOpportunityTouchesAreCountedFromOne) {
    const auto r = read_attribution_request(
        with_extras(texts({"A > B > C", "B"}), texts({1, 1}), Argument::omitted(), texts({2, Value()}), texts({3, 1})));
    ASSERT_TRUE(r) << error_text(r);
    const auto& paths = r.value().paths.paths();
    EXPECT_EQ(paths[0].lead_touch, std::optional<std::size_t>(1)) << "the core counts from 0";
    EXPECT_EQ(paths[0].opportunity_touch, std::optional<std::size_t>(2));
    EXPECT_FALSE(paths[1].lead_touch) << "blank: not known";
    EXPECT_EQ(paths[1].opportunity_touch, std::optional<std::size_t>(0));
}

TEST(AttributionArguments, OptionsAreNameAndValueRowsOfModelOptionsFields) {
    const auto r = read_attribution_request(with_options({"Position First",
                                                          0.3,
                                                          "position_last",
                                                          0.5,
                                                          Value(),
                                                          Value(),
                                                          "half_life_days",
                                                          3,
                                                          "w_first",
                                                          0.2,
                                                          "w_lead",
                                                          0.2,
                                                          "w_opportunity",
                                                          0.4,
                                                          "markov_order",
                                                          2,
                                                          "markov_use_nulls",
                                                          false,
                                                          "direct_channels",
                                                          " (none), Typed "}));
    ASSERT_TRUE(r) << error_text(r);
    const attribution::ModelOptions& o = r.value().options;
    EXPECT_EQ(o.position_first, 0.3) << "names are read as model ids are: any case, spaces for underscores";
    EXPECT_EQ(o.position_last, 0.5);
    EXPECT_EQ(o.half_life_days, 3);
    EXPECT_EQ(o.w_first, 0.2);
    EXPECT_EQ(o.w_lead, 0.2);
    EXPECT_EQ(o.w_opportunity, 0.4);
    EXPECT_EQ(o.markov_order, 2);
    EXPECT_FALSE(o.markov_use_nulls);
    EXPECT_EQ(o.direct_channels, (std::vector<std::string>{"(none)", "Typed"}));
    const auto yes = read_attribution_request(with_options({"markov_use_nulls", 1, "direct_channels", Value()}));
    ASSERT_TRUE(yes) << error_text(yes);
    EXPECT_TRUE(yes.value().options.markov_use_nulls) << "1 is TRUE";
    EXPECT_TRUE(yes.value().options.direct_channels.empty()) << "blank: no channel is direct";
    // Omitted: the core's defaults.
    const auto none = read_attribution_request(hand_call());
    ASSERT_TRUE(none) << error_text(none);
    EXPECT_EQ(none.value().options.position_first, attribution::ModelOptions{}.position_first);
    EXPECT_EQ(none.value().options.direct_channels, attribution::ModelOptions{}.direct_channels);
}

TEST(AttributionArguments, EveryOptionNameIsOneTheReaderTakes) {
    // A name the help lists but the reader refused would be a help that lies.
    for (std::string_view name : option_names()) {
        const Value value = name == "direct_channels"    ? Value("direct")
                            : name == "markov_use_nulls" ? Value(true)
                            : name == "markov_order"     ? Value(2.0)
                                                         : Value(0.25);
        const auto r = read_attribution_request(with_options({std::string(name), value}));
        EXPECT_TRUE(r) << name << ": " << error_text(r);
    }
    EXPECT_EQ(option_names().size(), 9u);
}

TEST(AttributionArguments, BadDaysTouchesAndOptionsAreValueNamingTheRow) {
    const BadCall calls[] = {
        {"days for fewer touches than the path has",
         with_extras(texts({"A", "B", "A > B > C"}), texts({1, 1, 1}), texts({0, 0, "2 > 0"})),
         "#VALUE! row 3 of days: has 2 entries for a path of 3 touches"},
        {"one number of days for a path of two touches", with_extras(texts({"A > B"}), texts({1}), texts({3})),
         "#VALUE! row 1 of days: has 1 entry for a path of 2 touches"},
        {"negative days", with_extras(texts({"A > B"}), texts({1}), texts({"3 > -1"})),
         "#VALUE! row 1 of days: \"-1\" is not a number of days (0 or more)"},
        {"days as text", with_extras(texts({"A > B"}), texts({1}), texts({"3 > soon"})),
         "#VALUE! row 1 of days: \"soon\" is not a number of days (0 or more)"},
        {"an empty entry of days", with_extras(texts({"A > B"}), texts({1}), texts({"3 > "})),
         "#VALUE! row 1 of days: touch 2 has no channel name"},
        {"days that are a boolean", with_extras(texts({"A"}), texts({1}), texts({true})),
         "#VALUE! row 1 of days holds TRUE, not days such as \"12 > 3 > 0\""},
        {"a lead touch past the path's end", with_extras(texts({"A > B"}), texts({1}), Argument::omitted(), texts({3})),
         "#VALUE! row 1 of lead_touches is 3, not a touch of the path (1 to 2)"},
        {"an opportunity touch that is not whole",
         with_extras(texts({"A > B"}), texts({1}), Argument::omitted(), Argument::omitted(), texts({1.5})),
         "#VALUE! row 1 of opportunity_touches is 1.5, not a touch of the path (1 to 2)"},
        {"an opportunity touch of 0",
         with_extras(texts({"A > B"}), texts({1}), Argument::omitted(), Argument::omitted(), texts({0})),
         "#VALUE! row 1 of opportunity_touches is 0, not a touch of the path (1 to 2)"},
        {"a lead touch as text", with_extras(texts({"A > B"}), texts({1}), Argument::omitted(), texts({"2"})),
         "#VALUE! row 1 of lead_touches holds text \"2\", not a touch number such as 2"},
        {"days of a different size", with_extras(texts({"A", "B"}), texts({1, 1}), texts({0})),
         "#VALUE! argument 'days' has 1 cells and 'paths' 2: give one of each per path, side by side"},
        {"a blank path beside days", with_extras(texts({"A", Value()}), texts({1, Value()}), texts({0, 3})),
         "#VALUE! row 2 of paths is blank, but other cells of its row are not"},
        {"an unknown option", with_options({"half_life", 3}),
         "#VALUE! row 1 of options: unknown option \"half_life\" (one of position_first, position_last, "
         "half_life_days, w_first, w_lead, w_opportunity, markov_order, markov_use_nulls, direct_channels)"},
        {"an option set twice", with_options({"w_lead", 0.2, "W Lead", 0.3}),
         "#VALUE! row 2 of options: w_lead is set twice"},
        {"an option's number as text", with_options({"position_first", "0.3"}),
         "#VALUE! row 1 of options: position_first must be a number, got text \"0.3\""},
        {"an option without a value", with_options({"half_life_days", Value()}),
         "#VALUE! row 1 of options: half_life_days must be a number, got a blank"},
        {"a Markov order that is not whole", with_options({"markov_order", 1.5}),
         "#VALUE! row 1 of options: markov_order must be a whole number, got 1.5"},
        {"markov_use_nulls as 2", with_options({"markov_use_nulls", 2}),
         "#VALUE! row 1 of options: markov_use_nulls must be TRUE or FALSE (or 1 or 0), got 2"},
        {"direct channels as a number", with_options({"direct_channels", 5}),
         "#VALUE! row 1 of options: direct_channels must be text, channel names separated by commas, got 5"},
        {"an option name that is a number", with_options({1, 2}),
         "#VALUE! row 1 of options holds 1, not an option name such as \"half_life_days\""},
        {"options in one column of three cells", with_options({"half_life_days", 3, "w_lead"}),
         "#VALUE! argument 'options' has 3 cells: give two columns, an option's name and its value on each row"},
    };
    for (const auto& call : calls) {
        const AttributionAnswer answer = answer_attribution(call.arguments);
        EXPECT_TRUE(answer.table.empty()) << call.what;
        EXPECT_EQ(explanation(answer), call.explanation) << call.what;
    }
}

TEST(AttributionArguments, OptionsOutOfRangeAreTheCoresNum) {
    // The core's check_options judges the range, so the sheet refuses what the command line refuses.
    for (const auto& [rows, fragment] :
         {std::pair{std::vector<Value>{"position_first", 0.7, "position_last", 0.5}, "position-based"},
          std::pair{std::vector<Value>{"half_life_days", 0}, "half-life"},
          std::pair{std::vector<Value>{"markov_order", 5}, "Markov order"},
          std::pair{std::vector<Value>{"markov_order", 1e12}, "Markov order"}}) {
        std::vector<Argument> call = with_options({});
        call.back() = Argument::range(rows);
        const AttributionAnswer answer = answer_attribution(call);
        ASSERT_TRUE(answer.failure.value.is_error()) << fragment;
        EXPECT_EQ(answer.failure.value.error().kind, ErrorKind::num) << fragment;
        const std::string why = explanation(answer);
        EXPECT_EQ(why.rfind("#NUM! argument 'options': ", 0), 0u) << why;
        EXPECT_NE(why.find(fragment), std::string::npos) << why;
    }
}

TEST(AttributionArguments, AnErrorValueInTheNewArgumentsComesBackUnchanged) {
    const auto r = read_attribution_request(
        with_extras(texts({"A > B"}), texts({1}), Argument::omitted(), texts({Value(Error{ErrorKind::na, ""})})));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::na);
    EXPECT_EQ(r.error().message, "row 1 of lead_touches holds #N/A");
}

TEST(AttributionTable, DaysAndTouchesFeedTimeDecayAndWShapedAndOptionsChangeTheirShares) {
    // Time decay, half-life 7: A > B, 7 and 0 days before the conversion, weigh 2^-1 = 1/2 and 1,
    // so of 3 conversions A takes 1/3 (1) and B 2/3 (2).
    // W-shaped: A > B > C > D with the lead on B and the opportunity on C: 0.3 each to A, B and C,
    // 0.1 to D, of 10 conversions: 3, 3, 3, 1.
    const auto call = with_extras(texts({"A > B", "A > B > C > D"}), texts({3, 10}), texts({"7 > 0", Value()}),
                                  texts({Value(), 2}), texts({Value(), 3}));
    std::vector<Argument> time_decay = call;
    time_decay[4] = Argument::scalar("time_decay");
    time_decay[1] = texts({3, 0});  // the second path has no days: it must not convert
    const AttributionAnswer decay = answer_attribution(time_decay);
    ASSERT_EQ(decay.table.size(), 5u) << explanation(decay);
    EXPECT_NEAR(number_at(decay.table, 1, 1), 1.0, 1e-12) << "A";
    EXPECT_NEAR(number_at(decay.table, 2, 1), 2.0, 1e-12) << "B";
    std::vector<Argument> w_shaped = call;
    w_shaped[4] = Argument::scalar("w_shaped");
    w_shaped[1] = texts({0, 10});  // the first path has no lead or opportunity: it must not convert
    const AttributionAnswer w = answer_attribution(w_shaped);
    ASSERT_EQ(w.table.size(), 5u) << explanation(w);
    for (const auto& [row, expected] : {std::pair{1u, 3.0}, {2u, 3.0}, {3u, 3.0}, {4u, 1.0}})
        EXPECT_NEAR(number_at(w.table, row, 1), expected, 1e-12) << "row " << row;
    // Options: a half-life of 3.5 days makes 7 days two half-lives, 1/4 against 1: A 1/5 of 3.
    time_decay.back() = texts({"half_life_days", 3.5});
    const AttributionAnswer faster = answer_attribution(time_decay);
    ASSERT_EQ(faster.table.size(), 5u) << explanation(faster);
    EXPECT_NEAR(number_at(faster.table, 1, 1), 3.0 / 5.0, 1e-12);
    // Without days the same call is time decay's #N/A naming the row, as the core says it.
    time_decay[7] = Argument::omitted();
    EXPECT_EQ(explanation(answer_attribution(time_decay)).rfind("#N/A time decay needs each touch's time", 0), 0u)
        << explanation(answer_attribution(time_decay));
}

TEST(AttributionTable, AnOptionsRangeChangesPositionBasedShares) {
    // Position-based with first 0.3 and last 0.5: A > B has no middle, so its ends split 0.3 : 0.5,
    // 3/8 and 5/8 of 8 conversions: 3 and 5. With the default 0.4 : 0.4 they would be 4 and 4.
    std::vector<Argument> call = with_extras(texts({"A > B"}), texts({8}), Argument::omitted(), Argument::omitted(),
                                             Argument::omitted(), texts({"position_first", 0.3, "position_last", 0.5}));
    call[4] = Argument::scalar("position_based");
    const AttributionAnswer answer = answer_attribution(call);
    ASSERT_EQ(answer.table.size(), 3u) << explanation(answer);
    EXPECT_NEAR(number_at(answer.table, 1, 1), 3.0, 1e-12);
    EXPECT_NEAR(number_at(answer.table, 2, 1), 5.0, 1e-12);
}

// ---- Through the export, as Excel calls it ------------------------------------------

class AttributionExportTest : public ::testing::Test {
protected:
    void SetUp() override {
        FakeExcel::instance().reset(u"C:\\addins\\kpilot-x64.xll");
        set_excel_entry_point(&fake::fake_md_callback12);
    }
    void TearDown() override {
        for (const auto& problem : FakeExcel::instance().problems()) ADD_FAILURE() << problem;
        EXPECT_EQ(FakeExcel::instance().blocks_outstanding(), 0u) << "xlCoerce results not given back with xlFree";
        EXPECT_EQ(blocks_held_by_excel(), 0u) << "a result not handed to xlAutoFree12";
        set_excel_entry_point(nullptr);
    }
    // Calls the export and reads its result, giving back what Excel would; arguments left out are missing.
    template <class... Opers>
    fake::ReadResult call(Opers... given) {
        std::array<XLOPER12*, attribution_parameter_count> a{given...};
        for (std::size_t i = sizeof...(given); i < a.size(); ++i) a[i] = opers.missing();
        XLOPER12* result = KPI_ATTRIBUTION(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10]);
        fake::ReadResult read = read_result(result);
        if (read.dll_free) xlAutoFree12(result);
        return read;
    }
    std::string explain(XLOPER12* a1, XLOPER12* a2, XLOPER12* a3 = nullptr, XLOPER12* a4 = nullptr) {
        XLOPER12* result = KPI_EXPLAIN(opers.text(u"KPI.ATTRIBUTION"), a1, a2, a3 ? a3 : opers.missing(),
                                       a4 ? a4 : opers.missing(), opers.missing(), opers.missing(), opers.missing(),
                                       opers.missing(), opers.missing(), opers.missing(), opers.missing());
        const fake::ReadResult read = read_result(result);
        if (read.dll_free) xlAutoFree12(result);
        return read.value.is_text() ? read.value.text() : "(not text: " + fake::shown(read) + ")";
    }
    XLOPER12* column(std::initializer_list<Value> cells) {
        std::vector<XLOPER12> opers_cells;
        for (const Value& v : cells) opers_cells.push_back(opers.cell(v));
        return opers.multi(static_cast<RW>(opers_cells.size()), 1, opers_cells);
    }
    Opers opers;
};

TEST_F(AttributionExportTest, SpillsAnArrayForXlAutoFree12WithTheHeaderAndChannels) {
    const auto read = call(column({"A > B", "B", "A > B > A"}), column({1, 2, 1}), column({100, 50, 30}),
                           column({0, 0, 2}), opers.text(u"first_touch,markov"), opers.missing(), opers.missing());
    ASSERT_TRUE(read.problem.empty()) << read.problem;
    EXPECT_TRUE(read.dll_free) << "Excel must hand the array back";
    ASSERT_EQ(read.rows, 3);
    ASSERT_EQ(read.columns, 3);
    EXPECT_EQ(read.at(0, 0).value, Value("channel"));
    EXPECT_EQ(read.at(0, 2).value, Value("markov"));
    EXPECT_EQ(read.at(2, 0).value, Value("B"));
    EXPECT_EQ(read.at(1, 1).value, Value(2.0));
    EXPECT_NEAR(read.at(2, 2).value.number(), 32.0 / 15.0, 1e-12);
}

TEST_F(AttributionExportTest, ReadsReferencesThroughXlCoerce) {
    auto& excel = FakeExcel::instance();
    for (RW r = 0; r < 3; ++r) {
        excel.set_cell(r, 0, std::string(hand::paths[static_cast<std::size_t>(r)]));
        excel.set_cell(r, 1, hand::conversions[static_cast<std::size_t>(r)]);
    }
    excel.set_cell(0, 5, "linear");
    const auto read = call(opers.sref({0, 2, 0, 0}), opers.sref({0, 2, 1, 1}), opers.missing(), opers.missing(),
                           opers.sref({0, 0, 5, 5}), opers.text(u"share"), opers.missing());
    ASSERT_EQ(read.columns, 2) << fake::shown(read);
    EXPECT_NEAR(read.at(1, 1).value.number(), 7.0 / 6.0 / 4.0, 1e-12) << "linear share of A";
    EXPECT_GE(excel.coerce_calls(), 3u);
}

TEST_F(AttributionExportTest, ErrorsComeBackAsExcelsAndExplainSaysWhy) {
    const auto ref = call(column({"A", Value()}), opers.multi(2, 1, {opers.cell(1), *opers.error(xlerrRef)}),
                          opers.missing(), opers.missing(), opers.missing(), opers.missing(), opers.missing());
    EXPECT_EQ(ref.excel_error, xlerrRef) << "an error the core cannot name comes back unchanged";
    EXPECT_EQ(explain(column({"A", Value()}), opers.multi(2, 1, {opers.cell(1), *opers.error(xlerrRef)})),
              "#REF! row 2 of conversions holds #REF!");

    const auto bad = call(column({"A > > B"}), column({1}), opers.missing(), opers.missing(), opers.missing(),
                          opers.missing(), opers.missing());
    EXPECT_EQ(bad.excel_error, xlerrValue);
    EXPECT_EQ(explain(column({"A > > B"}), column({1})), "#VALUE! row 1 of paths: touch 2 has no channel name");

    const auto none = call(column({"A"}), column({0}), opers.missing(), opers.missing(), opers.missing(),
                           opers.missing(), opers.missing());
    EXPECT_EQ(none.excel_error, xlerrDiv0);
    EXPECT_FALSE(none.dll_free);

    const auto missing = call(opers.missing(), column({1}), opers.missing(), opers.missing(), opers.missing(),
                              opers.missing(), opers.missing());
    EXPECT_EQ(missing.excel_error, xlerrValue);
    EXPECT_EQ(explain(opers.missing(), column({1})), "#VALUE! argument 'paths' is required");
    EXPECT_EQ(explain(column({"A"}), column({1}), opers.missing(), opers.missing()),
              "time_decay: #N/A time decay needs each touch's time before the conversion, and row 1 has none; "
              "w_shaped: #N/A W-shaped needs the touches that created the lead and the opportunity, and row 1 does "
              "not say which");
}

TEST_F(AttributionExportTest, AnInputNotCalculatedYetLeaksNothing) {
    FakeExcel::instance().set_uncalculated(1, 0, true);
    const auto read = call(opers.sref({0, 2, 0, 0}), column({1, 1, 1}), opers.missing(), opers.missing(),
                           opers.missing(), opers.missing(), opers.missing());
    EXPECT_EQ(read.excel_error, xlerrValue) << "Excel discards it and calls again";
}

}  // namespace
}  // namespace kpilot::xll
