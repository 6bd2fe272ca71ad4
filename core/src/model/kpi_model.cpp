// Loading a KPI model: every problem is collected with its place, not only the
// first, because a consultant fixing a file wants the whole list at once.
#include "kpilot/kpi_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "kpilot/attribution_table.hpp"
#include "model/model_json.hpp"

namespace kpilot {

namespace {

using Json = nlohmann::ordered_json;

bool is_identifier(const std::string& name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// "KPI.CTR(clicks, impressions)": the name of the one function a formula
// calls with arguments that hold no call themselves. Scanned by hand: a
// std::regex recurses per character and overflows the stack on a long formula.
std::optional<std::string_view> single_call_name(std::string_view formula) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    auto is_letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    while (!formula.empty() && is_space(formula.front())) formula.remove_prefix(1);
    while (!formula.empty() && is_space(formula.back())) formula.remove_suffix(1);
    if (formula.empty() || !is_letter(formula.front()) || formula.back() != ')') return std::nullopt;
    std::size_t end = 1;
    while (end < formula.size() &&
           (is_letter(formula[end]) || std::isdigit(static_cast<unsigned char>(formula[end])) || formula[end] == '.'))
        ++end;
    const std::string_view name = formula.substr(0, end);
    std::size_t open = end;
    while (open < formula.size() && is_space(formula[open])) ++open;
    if (open >= formula.size() || formula[open] != '(') return std::nullopt;
    const std::string_view arguments = formula.substr(open + 1, formula.size() - open - 2);
    if (arguments.find_first_of("()") != std::string_view::npos) return std::nullopt;
    return name;
}

class ModelReader {
public:
    explicit ModelReader(std::string_view source) { model_.source_name = std::string(source); }

    LoadedModel read(const Json& root) {
        if (!root.is_object()) {
            problem("", "the model must be a JSON object with \"measures\" and \"kpis\"");
            return finish();
        }
        for (const auto& [key, value] : root.items()) {
            static const std::set<std::string> known{"name",     "description", "date_column", "date_order",  "columns",
                                                     "measures", "kpis",        "groupings",   "attributions"};
            if (!known.count(key))
                problem("", "unknown key \"" + key +
                                "\" (expected one of name, description, "
                                "date_column, date_order, columns, measures, kpis, groupings, "
                                "attributions)");
        }
        model_.name = text_field(root, "name", "");
        model_.description = text_field(root, "description", "");
        model_.date_column = text_field(root, "date_column", "");
        if (root.contains("date_order")) {
            const std::string order = text_field(root, "date_order", "iso");
            if (auto o = date_order_from_string(order))
                model_.date_order = *o;
            else
                problem("date_order", "must be \"iso\", \"dmy\" or \"mdy\", got \"" + order + "\"");
        }
        read_columns(root);
        read_measures(root);
        read_kpis(root);
        read_groupings(root);
        read_attributions(root);
        check_formulas();
        return finish();
    }

    void problem(const std::string& where, std::string message) {
        problems_.push_back({model_.source_name + (where.empty() ? "" : ": " + where), std::move(message)});
    }

private:
    LoadedModel finish() {
        LoadedModel loaded;
        loaded.problems = std::move(problems_);
        if (loaded.problems.empty()) loaded.model = std::move(model_);
        return loaded;
    }

    std::string text_field(const Json& object, const std::string& key, const std::string& fallback,
                           const std::string& where = "") {
        if (!object.contains(key)) return fallback;
        if (!object[key].is_string()) {
            problem(where.empty() ? key : where + ", " + key, "must be text");
            return fallback;
        }
        return object[key].get<std::string>();
    }

    const Json* section(const Json& root, const std::string& key, bool required) {
        if (!root.contains(key)) {
            if (required) problem("", "no \"" + key + "\" section");
            return nullptr;
        }
        if (!root[key].is_object()) {
            problem(key, "must be an object of named entries");
            return nullptr;
        }
        return &root[key];
    }

    void read_columns(const Json& root) {
        const Json* columns = section(root, "columns", false);
        if (!columns) return;
        for (const auto& [name, type] : columns->items()) {
            const std::string where = "column '" + name + "'";
            const std::string t = type.is_string() ? type.get<std::string>() : "";
            if (t == "number")
                model_.columns.push_back({name, ColumnType::number});
            else if (t == "text")
                model_.columns.push_back({name, ColumnType::text});
            else if (t == "date")
                model_.columns.push_back({name, ColumnType::date});
            else
                problem(where, "type must be \"number\", \"text\" or \"date\"");
        }
    }

    void read_measures(const Json& root) {
        const Json* measures = section(root, "measures", true);
        if (!measures) return;
        for (const auto& [name, spec] : measures->items()) {
            const std::string where = "measure '" + name + "'";
            if (!is_identifier(name))
                problem(where, "a name must start with a letter and hold only letters, digits and _");
            if (!spec.is_object()) {
                problem(where, "must be an object such as {\"aggregate\": \"sum\", \"column\": \"spend\"}");
                continue;
            }
            MeasureDefinition m;
            m.name = name;
            const std::string aggregate = text_field(spec, "aggregate", "", where);
            static const std::map<std::string, Aggregate> aggregates{
                {"sum", Aggregate::sum}, {"count", Aggregate::count}, {"count_distinct", Aggregate::count_distinct},
                {"min", Aggregate::min}, {"max", Aggregate::max},     {"average", Aggregate::average}};
            if (auto it = aggregates.find(aggregate); it != aggregates.end())
                m.aggregate = it->second;
            else
                problem(where, "aggregate must be one of sum, count, count_distinct, min, max, average" +
                                   (aggregate.empty() ? std::string() : ", got \"" + aggregate + "\""));
            m.column = text_field(spec, "column", "", where);
            if (m.column.empty() && m.aggregate != Aggregate::count)
                problem(where, "needs a \"column\" to " + std::string(to_string(m.aggregate)));
            m.filter = text_field(spec, "filter", "", where);
            for (const auto& [key, value] : spec.items())
                if (key != "aggregate" && key != "column" && key != "filter" && key != "description")
                    problem(where, "unknown key \"" + key + "\"");
            if (!m.filter.empty())
                if (auto error = Expression::check_syntax(m.filter))
                    problem(where + ", filter column " + std::to_string(error->column), error->message);
            model_.measures.push_back(std::move(m));
        }
        if (model_.measures.empty() && measures->empty()) problem("measures", "declares no measure");
    }

    void read_kpis(const Json& root) {
        const Json* kpis = section(root, "kpis", true);
        if (!kpis) return;
        for (const auto& item : kpis->items()) {
            // Named, not a structured binding: clang 14 cannot capture a binding in the lambda below.
            const std::string& name = item.key();
            const Json& spec = item.value();
            const std::string where = "kpi '" + name + "'";
            if (!is_identifier(name))
                problem(where, "a name must start with a letter and hold only letters, digits and _");
            if (std::any_of(model_.measures.begin(), model_.measures.end(),
                            [&](const auto& m) { return m.name == name; }))
                problem(where, "has the name of a measure; names must be unique");
            ModelKpi kpi;
            kpi.name = name;
            if (spec.is_string()) {
                kpi.formula = spec.get<std::string>();
                inherit_from_builtin(kpi, false, false);
            } else if (spec.is_object()) {
                kpi.formula = text_field(spec, "formula", "", where);
                kpi.title = text_field(spec, "title", "", where);
                kpi.description = text_field(spec, "description", "", where);
                const std::string unit = text_field(spec, "unit", "", where);
                if (!unit.empty()) {
                    if (auto u = unit_from_string(unit))
                        kpi.unit = *u;
                    else
                        problem(where, "unknown unit \"" + unit +
                                           "\" (ratio, multiple, currency, count, days, hours, "
                                           "months, years, score...)");
                }
                const std::string direction = text_field(spec, "direction", "", where);
                if (direction == "lower" || direction == "lower_is_better")
                    kpi.direction = Direction::lower_is_better;
                else if (!direction.empty() && direction != "higher" && direction != "higher_is_better")
                    problem(where, "direction must be \"higher\" or \"lower\"");
                for (const auto& [key, value] : spec.items())
                    if (key != "formula" && key != "title" && key != "description" && key != "unit" &&
                        key != "direction")
                        problem(where, "unknown key \"" + key + "\"");
                // A KPI that is one built-in call takes its unit, direction and title from the registry.
                inherit_from_builtin(kpi, !unit.empty(), !direction.empty());
            } else {
                problem(where, "must be a formula, or an object with a \"formula\"");
                continue;
            }
            if (kpi.formula.empty()) problem(where, "has no formula");
            if (kpi.title.empty()) kpi.title = name;
            model_.kpis.push_back(std::move(kpi));
        }
        if (kpis->empty()) problem("kpis", "declares no KPI");
    }

    void inherit_from_builtin(ModelKpi& kpi, bool unit_given, bool direction_given) {
        const auto called = single_call_name(kpi.formula);
        if (!called) return;
        const KpiDefinition* builtin = Registry::builtin().find(*called);
        if (!builtin) return;
        kpi.builtin = builtin;
        if (!unit_given) kpi.unit = builtin->unit;
        if (!direction_given) kpi.direction = builtin->direction;
        if (kpi.title.empty()) kpi.title = builtin->title;
        if (kpi.description.empty()) kpi.description = builtin->description;
    }

    void read_groupings(const Json& root) {
        const Json* groupings = section(root, "groupings", false);
        if (!groupings) return;
        for (const auto& [name, spec] : groupings->items()) {
            const std::string where = "grouping '" + name + "'";
            if (!is_identifier(name))
                problem(where, "a name must start with a letter and hold only letters, digits and _");
            Grouping g;
            g.name = name;
            if (!spec.is_object()) {
                problem(where, "must be an object such as {\"by\": [\"channel\"], \"grain\": \"month\"}");
                continue;
            }
            if (spec.contains("by")) {
                if (!spec["by"].is_array() ||
                    !std::all_of(spec["by"].begin(), spec["by"].end(), [](const Json& j) { return j.is_string(); }))
                    problem(where, "\"by\" must be a list of column names");
                else
                    for (const auto& column : spec["by"]) g.by.push_back(column.get<std::string>());
            }
            const std::string grain = text_field(spec, "grain", "", where);
            if (!grain.empty()) {
                if (auto parsed = grain_from_string(grain))
                    g.grain = *parsed;
                else
                    problem(where, "grain must be day, week, month, quarter, year or fiscal_year");
                if (model_.date_column.empty()) problem(where, "has a grain but the model has no \"date_column\"");
            }
            if (spec.contains("fiscal_year_start_month")) {
                const Json& m = spec["fiscal_year_start_month"];
                // Read wide: a narrowing get<int>() would take 4294967297 for January.
                if (!m.is_number_integer() || m.get<std::int64_t>() < 1 || m.get<std::int64_t>() > 12)
                    problem(where, "fiscal_year_start_month must be a month number, 1 to 12");
                else
                    g.fiscal_year_start_month = static_cast<int>(m.get<std::int64_t>());
            }
            model_.groupings.push_back(std::move(g));
        }
    }

    void read_attributions(const Json& root) {
        if (!root.contains("attributions")) return;
        const Json& list = root["attributions"];
        if (!list.is_array()) {
            problem("attributions",
                    "must be a list such as [{\"name\": \"channels\", \"paths\": \"paths.csv\", "
                    "\"models\": [\"all\"]}]");
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i) read_attribution(list[i], i);
    }

    // One entry of "attributions": its place is its name, or its position
    // (from 1) when it has no usable name.
    void read_attribution(const Json& spec, std::size_t index) {
        std::string where = "attribution " + std::to_string(index + 1);
        if (!spec.is_object()) {
            problem(
                where,
                "must be an object such as {\"name\": \"channels\", \"paths\": \"paths.csv\", \"models\": [\"all\"]}");
            return;
        }
        namespace at = attribution;
        AttributionDeclaration a;
        if (spec.contains("name") && spec["name"].is_string()) {
            a.name = spec["name"].get<std::string>();
            where = "attribution '" + a.name + "'";
        }
        static const std::set<std::string> known{
            "name",      "paths",          "touchpoints",  "models",    "columns",          "touch_separator",
            "separator", "lookback_days",  "markov_order", "use_nulls", "position_weights", "half_life_days",
            "w_weights", "direct_channels"};
        for (const auto& [key, value] : spec.items())
            if (!known.count(key))
                problem(where,
                        "unknown key \"" + key +
                            "\" (expected one of name, paths, touchpoints, models, columns, "
                            "touch_separator, separator, lookback_days, markov_order, use_nulls, position_weights, "
                            "half_life_days, w_weights, direct_channels)");

        if (!spec.contains("name"))
            problem(where, "has no \"name\"");
        else if (!spec["name"].is_string())
            problem(where + ", name", "must be text");
        else if (!is_identifier(a.name))
            problem(where, "a name must start with a letter and hold only letters, digits and _");
        else if (std::any_of(model_.attributions.begin(), model_.attributions.end(),
                             [&](const auto& b) { return b.name == a.name; }))
            problem(where, "has the name of an earlier attribution; names must be unique");
        else if (std::any_of(model_.groupings.begin(), model_.groupings.end(),
                             [&](const auto& g) { return g.name == a.name; }))
            problem(where, "has the name of a grouping; names must be unique");

        const bool paths = spec.contains("paths"), touchpoints = spec.contains("touchpoints");
        if (paths == touchpoints)
            problem(where,
                    paths ? "names both \"paths\" and \"touchpoints\"; give one file of journeys"
                          : "needs a file of journeys: \"paths\" (a paths export) or \"touchpoints\" (raw touches)");
        a.input =
            touchpoints && !paths ? AttributionDeclaration::Input::touchpoints : AttributionDeclaration::Input::paths;
        const std::string file_key = a.input == AttributionDeclaration::Input::paths ? "paths" : "touchpoints";
        a.file = text_field(spec, file_key, "", where);
        if (paths != touchpoints && spec[file_key].is_string() && a.file.empty())
            problem(where + ", " + file_key, "is empty");
        a.path = a.file;

        read_attribution_models(spec, where, a);
        read_attribution_reading(spec, where, a);
        const std::size_t problems_before_options = problems_.size();
        read_model_options(spec, where, a.model_options);
        // The option values are checked by the core once their types are right.
        if (problems_.size() == problems_before_options)
            if (auto ok = at::check_options(a.model_options); !ok) problem(where, ok.error().message);
        model_.attributions.push_back(std::move(a));
    }

    void read_attribution_models(const Json& spec, const std::string& where, AttributionDeclaration& a) {
        if (!spec.contains("models")) {
            problem(where, "has no \"models\": [\"all\"], or a list of model ids such as [\"linear\", \"markov\"]");
            return;
        }
        const Json& models = spec["models"];
        if (!models.is_array() || models.empty() ||
            !std::all_of(models.begin(), models.end(), [](const Json& j) { return j.is_string(); })) {
            problem(where + ", models", "must be [\"all\"], or a list of model ids such as [\"linear\", \"markov\"]");
            return;
        }
        for (const Json& id : models) {
            // The core's list parser takes "" as "all": here an empty id is a slip.
            if (id.get<std::string>().find_first_not_of(" \t") == std::string::npos) {
                problem(where + ", models", "a model id is empty");
                continue;
            }
            // The core's list parser names an unknown id and the known ones.
            auto parsed = attribution::parse_model_list(id.get<std::string>());
            if (!parsed) {
                problem(where + ", models", parsed.error().message);
                continue;
            }
            for (attribution::Model m : parsed.value())
                if (std::find(a.models.begin(), a.models.end(), m) == a.models.end()) a.models.push_back(m);
        }
    }

    // How the file is read: its columns, separators and (touchpoints) lookback window.
    void read_attribution_reading(const Json& spec, const std::string& where, AttributionDeclaration& a) {
        namespace at = attribution;
        const bool paths = a.input == AttributionDeclaration::Input::paths;
        CsvOptions csv;
        if (spec.contains("separator")) {
            const Json& s = spec["separator"];
            const std::string text = s.is_string() ? s.get<std::string>() : "";
            if (text.size() != 1 || text == "\"" || text == "\r" || text == "\n")
                problem(where + ", separator", "must be one character, such as \",\", \";\" or \"\\t\"");
            else
                csv.separator = text[0];
        }
        a.path_reading.csv = csv;
        a.touchpoint_reading.csv = csv;
        if (spec.contains("touch_separator")) {
            if (!paths) problem(where, "\"touch_separator\" applies to a paths file, not to touchpoints");
            const std::string text = text_field(spec, "touch_separator", ">", where);
            if (text.empty())
                problem(where + ", touch_separator", "is empty");
            else
                a.path_reading.touch_separator = text;
        }
        if (spec.contains("lookback_days")) {
            if (paths) problem(where, "\"lookback_days\" applies to touchpoints, not to a paths file");
            const Json& days = spec["lookback_days"];
            if (!days.is_number() || !std::isfinite(days.get<double>()) || days.get<double>() < 0.0)
                problem(where + ", lookback_days", "must be 0 (no window) or more days");
            else
                a.touchpoint_reading.lookback_days = days.get<double>();
        }
        if (!spec.contains("columns")) return;
        const Json& columns = spec["columns"];
        if (!columns.is_object()) {
            problem(where + ", columns",
                    "must be an object from the reader's column names to the file's, such as "
                    "{\"path\": \"Journey\"}");
            return;
        }
        at::PathColumns& p = a.path_reading.columns;
        at::TouchpointColumns& t = a.touchpoint_reading.columns;
        // Keyed by the names the reader looks for when no column is named.
        using Renamable = std::vector<std::pair<std::string, std::string*>>;
        const Renamable readable =
            paths ? Renamable{{"path", &p.path},
                              {"conversions", &p.conversions},
                              {"value", &p.value},
                              {"nulls", &p.nulls},
                              {"lead_touch", &p.lead_touch},
                              {"opportunity_touch", &p.opportunity_touch},
                              {"days_before_conversion", &p.days}}
                  : Renamable{{"journey_id", &t.journey},  {"timestamp", &t.timestamp}, {"channel", &t.channel},
                              {"converted", &t.converted}, {"value", &t.value},         {"stage", &t.stage}};
        for (const auto& item : columns.items()) {
            const std::string& key = item.key();
            std::string* column = nullptr;
            for (const auto& [reader_name, field] : readable)
                if (reader_name == key) column = field;
            if (!column) {
                std::string names;
                for (const auto& r : readable) names += (names.empty() ? "" : ", ") + r.first;
                problem(where + ", columns", "a " + std::string(paths ? "paths file" : "touchpoints file") +
                                                 " has no column \"" + key + "\" to rename (one of " + names + ")");
            } else if (!item.value().is_string() || item.value().get<std::string>().empty()) {
                problem(where + ", columns, " + key, "must be the file's column name, as text");
            } else {
                *column = item.value().get<std::string>();
            }
        }
    }

    void read_model_options(const Json& spec, const std::string& where, attribution::ModelOptions& o) {
        auto number = [&](const std::string& key, double& out) {
            if (!spec.contains(key)) return;
            if (!spec[key].is_number())
                problem(where + ", " + key, "must be a number");
            else
                out = spec[key].get<double>();
        };
        auto numbers = [&](const std::string& key, std::initializer_list<double*> out, const std::string& shape) {
            if (!spec.contains(key)) return;
            const Json& list = spec[key];
            if (!list.is_array() || list.size() != out.size() ||
                !std::all_of(list.begin(), list.end(), [](const Json& j) { return j.is_number(); })) {
                problem(where + ", " + key, "must be a list of " + std::to_string(out.size()) + " numbers, " + shape);
                return;
            }
            std::size_t i = 0;
            for (double* x : out) *x = list[i++].get<double>();
        };
        number("half_life_days", o.half_life_days);
        numbers("position_weights", {&o.position_first, &o.position_last}, "[first, last] such as [0.4, 0.4]");
        numbers("w_weights", {&o.w_first, &o.w_lead, &o.w_opportunity},
                "[first, lead, opportunity] such as [0.3, 0.3, 0.3]");
        if (spec.contains("markov_order")) {
            if (!spec["markov_order"].is_number_integer())
                problem(where + ", markov_order", "must be a whole number, 1 to 4");
            else
                o.markov_order =
                    static_cast<int>(std::clamp<std::int64_t>(spec["markov_order"].get<std::int64_t>(), -1, 5));
        }
        if (spec.contains("use_nulls")) {
            if (!spec["use_nulls"].is_boolean())
                problem(where + ", use_nulls", "must be true or false");
            else
                o.markov_use_nulls = spec["use_nulls"].get<bool>();
        }
        if (spec.contains("direct_channels")) {
            const Json& list = spec["direct_channels"];
            if (!list.is_array() || !std::all_of(list.begin(), list.end(), [](const Json& j) { return j.is_string(); }))
                problem(where + ", direct_channels", "must be a list of channel names such as [\"Direct\"]");
            else
                o.direct_channels = list.get<std::vector<std::string>>();
        }
    }

    // Names, types and cycles between KPIs. Measures are numbers, and so are
    // KPIs unless they are a status.
    void check_formulas() {
        const ModelFormulaScope scope(model_);
        const std::size_t measure_count = model_.measures.size();
        std::vector<std::vector<std::size_t>> uses(model_.kpis.size());
        bool all_compiled = true;
        for (std::size_t k = 0; k < model_.kpis.size(); ++k) {
            const ModelKpi& kpi = model_.kpis[k];
            if (kpi.formula.empty()) continue;
            auto compiled = Expression::compile(kpi.formula, scope);
            if (auto* error = std::get_if<ExpressionError>(&compiled)) {
                problem("kpi '" + kpi.name + "', formula column " + std::to_string(error->column), error->message);
                all_compiled = false;
                continue;
            }
            for (std::size_t slot : std::get<Expression>(compiled).slots_used())
                if (slot >= measure_count) uses[k].push_back(slot - measure_count);
        }
        if (!all_compiled) return;
        // Depth-first search; a KPI met again while it is still open closes a cycle.
        enum class Mark { unvisited, open, done };
        std::vector<Mark> marks(model_.kpis.size(), Mark::unvisited);
        std::vector<std::size_t> path;
        std::function<bool(std::size_t)> visit = [&](std::size_t k) {
            if (marks[k] == Mark::done) return true;
            if (marks[k] == Mark::open) {
                std::string cycle;
                auto start = std::find(path.begin(), path.end(), k);
                for (auto it = start; it != path.end(); ++it) cycle += model_.kpis[*it].name + " -> ";
                problem("kpi '" + model_.kpis[k].name + "'", "is part of a cycle: " + cycle + model_.kpis[k].name);
                return false;
            }
            marks[k] = Mark::open;
            path.push_back(k);
            for (std::size_t used : uses[k])
                if (!visit(used)) return false;
            path.pop_back();
            marks[k] = Mark::done;
            model_.kpi_order.push_back(k);
            return true;
        };
        for (std::size_t k = 0; k < model_.kpis.size(); ++k)
            if (!visit(k)) return;
    }

    KpiModel model_;
    std::vector<ModelProblem> problems_;
};

LoadedModel one_problem(std::string_view place, std::string message) {
    LoadedModel loaded;
    loaded.problems.push_back({std::string(place), std::move(message)});
    return loaded;
}

// A file named relative to another file's folder. Plain text rather than
// std::filesystem, whose narrow-string conversions can throw on Windows (the XLL).
std::string beside(const std::string& file, const std::string& name) {
#ifdef _WIN32
    constexpr std::string_view separators = "/\\";
    const bool absolute = !name.empty() && (name[0] == '/' || name[0] == '\\' || (name.size() > 1 && name[1] == ':'));
#else
    constexpr std::string_view separators = "/";
    const bool absolute = !name.empty() && name[0] == '/';
#endif
    if (absolute) return name;
    const std::size_t folder_end = file.find_last_of(separators);
    return folder_end == std::string::npos ? name : file.substr(0, folder_end + 1) + name;
}

}  // namespace

std::string_view to_string(Aggregate aggregate) {
    switch (aggregate) {
        case Aggregate::sum: return "sum";
        case Aggregate::count: return "count";
        case Aggregate::count_distinct: return "count_distinct";
        case Aggregate::min: return "min";
        case Aggregate::max: return "max";
        case Aggregate::average: return "average";
    }
    return "?";
}

std::string_view to_string(ColumnType type) {
    switch (type) {
        case ColumnType::number: return "number";
        case ColumnType::text: return "text";
        case ColumnType::date: return "date";
    }
    return "?";
}

std::optional<NameBinding> ModelFormulaScope::bind(std::string_view name) const {
    for (std::size_t i = 0; i < model_.measures.size(); ++i)
        if (model_.measures[i].name == name) return NameBinding{i, ExprType::number};
    for (std::size_t i = 0; i < model_.kpis.size(); ++i)
        if (model_.kpis[i].name == name)
            return NameBinding{model_.measures.size() + i,
                               model_.kpis[i].unit == Unit::status ? ExprType::text : ExprType::number};
    return std::nullopt;
}

const ModelKpi* KpiModel::find_kpi(std::string_view kpi_name) const {
    for (const auto& k : kpis)
        if (k.name == kpi_name) return &k;
    return nullptr;
}

LoadedModel parse_kpi_model(std::string_view json_text, std::string_view source_name) {
    ModelReader reader(source_name);
    if (json_text.size() > largest_model_file) {
        reader.problem(
            "", "is larger than " + std::to_string(largest_model_file >> 20) + " MiB; a model is a page of JSON");
        return reader.read(Json());
    }
    // The last resort at the API boundary: nothing the library or the reader
    // might throw (out of memory, a type error missed) reaches a front end.
    try {
        auto document = model::read_model_json(json_text);
        if (auto* problem = std::get_if<model::JsonProblem>(&document)) {
            LoadedModel loaded;
            std::string place(source_name);
            if (problem->line > 0)
                place += ": line " + std::to_string(problem->line) + ", column " + std::to_string(problem->column);
            loaded.problems.push_back({std::move(place), std::move(problem->message)});
            return loaded;
        }
        return reader.read(std::get<Json>(document));
    } catch (const std::bad_alloc&) {
        return one_problem(source_name, "is too large to load (out of memory)");
    } catch (const std::exception&) {
        return one_problem(source_name,
                           "could not be read: kpilot failed on something in it (please report this file)");
    }
}

LoadedModel load_kpi_model(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        LoadedModel loaded;
        loaded.problems.push_back({path, "cannot be opened (no such file?)"});
        return loaded;
    }
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > largest_model_file) break;
    }
    LoadedModel loaded = parse_kpi_model(text, path);
    // A model names its attribution files as a consultant sees them: beside the model.
    if (loaded.model)
        for (auto& a : loaded.model->attributions) a.path = beside(path, a.file);
    return loaded;
}

KpiModel builtin_model_for_columns(const std::vector<std::string>& header, const Registry& registry) {
    KpiModel model;
    model.name = "built-in KPIs over the columns";
    auto has_column = [&](const std::string& name) {
        return std::find(header.begin(), header.end(), name) != header.end();
    };
    auto add_measure = [&](const std::string& column) {
        for (const auto& m : model.measures)
            if (m.name == column) return;
        model.measures.push_back({column, Aggregate::sum, column, ""});
    };
    for (const auto& kpi : registry.all()) {
        bool computable = true;
        for (const auto& p : kpi.parameters)
            if (!p.optional && (p.kind != ParameterKind::number || !is_additive(p.unit) || !has_column(p.name)))
                computable = false;
        if (!computable) continue;
        std::string formula = kpi.worksheet_name + "(";
        for (std::size_t i = 0; i < kpi.parameters.size(); ++i) {
            const Parameter& p = kpi.parameters[i];
            // Optional inputs join when their column is there, and only up to the first one that is not.
            if (p.optional && !(p.kind == ParameterKind::number && is_additive(p.unit) && has_column(p.name))) break;
            add_measure(p.name);
            formula += (i ? ", " : "") + p.name;
        }
        formula += ")";
        model.kpis.push_back({kpi.id, kpi.title, kpi.description, formula, kpi.unit, kpi.direction, &kpi});
        model.kpi_order.push_back(model.kpis.size() - 1);
    }
    return model;
}

}  // namespace kpilot
