#pragma once
// A KPI model as data: measures over the columns of exported rows, and KPIs as
// formulas over measures, kept in a JSON file a consultant can edit and hand out.
//
//   {
//     "name": "Marketing",
//     "date_column": "date",
//     "columns": {"spend": "number", "stage": "text"},
//     "measures": {
//       "spend":     {"aggregate": "sum", "column": "spend"},
//       "won_deals": {"aggregate": "count", "filter": "stage == 'won'"}
//     },
//     "kpis": {
//       "romi": {"formula": "(revenue * 0.4 - spend) / spend", "unit": "ratio", "direction": "higher"},
//       "ctr":  {"formula": "KPI.CTR(clicks, impressions)"}
//     },
//     "groupings": {"by_channel_month": {"by": ["channel"], "grain": "month"}},
//     "attributions": [{"name": "channel_attribution", "paths": "paths.csv", "models": ["all"]}]
//   }
//
// Loading checks everything that can be checked without data and reports every
// problem with its place; what depends on the data's columns is checked when
// the model is bound to a file (see kpi_engine.hpp).

#include <optional>
#include <string>
#include <vector>

#include "kpilot/attribution_input.hpp"
#include "kpilot/dates.hpp"
#include "kpilot/expression.hpp"
#include "kpilot/units.hpp"

namespace kpilot {

enum class Aggregate { sum, count, count_distinct, min, max, average };
std::string_view to_string(Aggregate aggregate);

enum class ColumnType { number, text, date };
std::string_view to_string(ColumnType type);

struct MeasureDefinition {
    std::string name;
    Aggregate aggregate = Aggregate::sum;
    std::string column;  // empty: count rows
    std::string filter;  // empty: every row
};

struct ModelKpi {
    std::string name;
    std::string title;
    std::string description;
    std::string formula;
    Unit unit = Unit::any;
    Direction direction = Direction::higher_is_better;
    const KpiDefinition* builtin = nullptr;  // when the formula is one built-in KPI call
};

struct Grouping {
    std::string name;
    std::vector<std::string> by;
    std::optional<Grain> grain;
    int fiscal_year_start_month = 1;
};

// Multi-touch attribution over a file of journeys the model names beside its
// data: a paths export or raw touchpoints, read with these options, and the
// models that share its conversions out. Loading checks the declaration; the
// file itself is read by the front end that serves the attribution.
struct AttributionDeclaration {
    enum class Input { paths, touchpoints };
    std::string name;
    Input input = Input::paths;
    std::string file;  // as the model writes it
    // Where the file is: relative to the model file's folder when loaded from
    // a file (load_kpi_model), otherwise as written.
    std::string path;
    std::vector<attribution::Model> models;
    attribution::PathReadOptions path_reading;              // when input is paths
    attribution::TouchpointReadOptions touchpoint_reading;  // when input is touchpoints
    attribution::ModelOptions model_options;
};

struct DeclaredColumn {
    std::string name;
    ColumnType type;
};

// One problem in a model file: where it is ("marketing.json: kpi 'romi', formula
// column 12") and what is wrong.
struct ModelProblem {
    std::string place;
    std::string message;
    std::string text() const { return place + ": " + message; }
};

struct KpiModel {
    std::string source_name;
    std::string name;
    std::string description;
    std::string date_column;  // empty when the data has no date
    DateOrder date_order = DateOrder::iso;
    std::vector<DeclaredColumn> columns;
    std::vector<MeasureDefinition> measures;
    std::vector<ModelKpi> kpis;          // in the file's order
    std::vector<std::size_t> kpi_order;  // an order in which each KPI comes after the KPIs it uses
    std::vector<Grouping> groupings;
    std::vector<AttributionDeclaration> attributions;  // in the file's order

    const ModelKpi* find_kpi(std::string_view name) const;
};

// The names a model's KPI formulas may use: its measures, then its KPIs, each
// bound to a slot in that order (measure m is slot m, KPI k is slot measures + k).
class ModelFormulaScope : public ExpressionScope {
public:
    explicit ModelFormulaScope(const KpiModel& model) : model_(model) {}
    std::optional<NameBinding> bind(std::string_view name) const override;

private:
    const KpiModel& model_;
};

struct LoadedModel {
    std::optional<KpiModel> model;  // present only when there are no problems
    std::vector<ModelProblem> problems;
};

// Files larger than this are refused: a model is a page of JSON, not a data set.
inline constexpr std::size_t largest_model_file = std::size_t{4} << 20;

LoadedModel load_kpi_model(const std::string& path);
LoadedModel parse_kpi_model(std::string_view json_text, std::string_view source_name);

// The model implied by a data file's header when no model is given: a sum
// measure for every column named after an additive KPI argument (leads,
// marketing_spend...) and every built-in KPI whose required arguments are all
// among them. Empty when none is.
KpiModel builtin_model_for_columns(const std::vector<std::string>& header, const Registry& registry = Registry::builtin());

}  // namespace kpilot
