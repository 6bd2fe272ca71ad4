#include "kpilot/text_case.hpp"
#include "kpilot/csv.hpp"
#include "kpilot/attribution_table.hpp"

#include <array>
#include <optional>

namespace kpilot::attribution {

namespace {

std::string known_ids() {
    std::string ids;
    for (Model m : all_models()) ids += (ids.empty() ? "" : ", ") + std::string(model_id(m));
    return ids;
}

}  // namespace

Result<std::vector<Model>> parse_model_list(std::string_view text) {
    std::vector<Model> models;
    if (const std::string all = canonical_choice(text); all == "all" || all.empty())
        return std::vector<Model>(all_models().begin(), all_models().end());
    while (true) {
        const std::size_t comma = text.find(',');
        const std::string_view id = trimmed_cell(text.substr(0, comma));
        if (!id.empty()) {
            const auto model = model_from_id(canonical_choice(id));
            if (!model)
                return Error{ErrorKind::value, "unknown attribution model \"" + std::string(id) + "\" (one of: all, " +
                                                   known_ids() + ")"};
            bool seen = false;
            for (Model m : models) seen = seen || m == *model;
            if (!seen) models.push_back(*model);
        }
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    if (models.empty()) return Error{ErrorKind::value, "no attribution model named"};
    return models;
}

std::vector<ModelRun> run_models(const PathSet& paths, std::span<const Model> models, const ModelOptions& options) {
    PathAttributor attributor(paths, std::vector<Model>(models.begin(), models.end()), options);
    for (const Path& path : paths.paths()) attributor.add(path);
    return std::move(attributor).finish();
}

std::vector<AttributionRow> long_form(const PathSet& paths, const std::vector<ModelRun>& runs) {
    std::vector<AttributionRow> rows;
    const auto& channels = paths.channels();
    rows.reserve(runs.size() * channels.size());
    for (const ModelRun& run : runs) {
        for (std::size_t c = 0; c < channels.size(); ++c) {
            AttributionRow row{run.model, channels[c], {}, {}, {}, {}};
            if (!run.result) {
                row.conversions = row.value = row.share = Value(run.result.error());
                if (run.model == Model::markov) row.removal_effect = Value(run.result.error());
            } else {
                const Attribution& a = run.result.value();
                row.conversions = a.channels[c].conversions;
                row.value = a.channels[c].value;
                row.share = a.channels[c].conversions / a.total_conversions;
                if (run.model == Model::markov) row.removal_effect = a.removal_effects[c];
            }
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

KpiTable attribution_long_table(const PathSet& paths, const std::vector<ModelRun>& runs) {
    KpiTable table;
    table.columns = {{"model", ColumnKind::text},
                     {"channel", ColumnKind::text},
                     {"attributed_conversions", ColumnKind::number, Unit::count},
                     {"attributed_value", ColumnKind::number, Unit::currency},
                     {"share", ColumnKind::number, Unit::ratio},
                     {"removal_effect", ColumnKind::number, Unit::ratio},
                     {"error", ColumnKind::text},
                     {"error_message", ColumnKind::text}};
    table.key_columns = 2;
    for (const AttributionRow& row : long_form(paths, runs)) {
        std::vector<Value> cells{std::string(model_id(row.model)), row.channel};
        Value code, error_message;
        for (const Value* v : {&row.conversions, &row.value, &row.share, &row.removal_effect}) {
            if (v->is_error()) {
                code = std::string(error_code(v->error().kind));
                error_message = v->error().message;
                cells.emplace_back();
            } else {
                cells.push_back(*v);
            }
        }
        cells.push_back(code);
        cells.push_back(error_message);
        table.rows.push_back(std::move(cells));
    }
    return table;
}

namespace {
constexpr std::array<std::string_view, 3> measures_in_order{"conversions", "value", "share"};
}  // namespace

std::span<const std::string_view> attributed_measure_names() { return measures_in_order; }

std::optional<AttributedMeasure> attributed_measure_from_string(std::string_view name) {
    const std::string wanted = canonical_choice(name);
    for (std::size_t i = 0; i < measures_in_order.size(); ++i)
        if (wanted == measures_in_order[i]) return static_cast<AttributedMeasure>(i);
    return std::nullopt;
}

KpiTable attribution_wide_table(const PathSet& paths, const std::vector<ModelRun>& runs, AttributedMeasure measure) {
    KpiTable table;
    const Unit unit = measure == AttributedMeasure::conversions ? Unit::count
                      : measure == AttributedMeasure::value     ? Unit::currency
                                                                : Unit::ratio;
    table.columns.push_back({"channel", ColumnKind::text});
    for (const ModelRun& run : runs)
        table.columns.push_back({std::string(model_id(run.model)), ColumnKind::number, unit});
    table.key_columns = 1;
    const auto rows = long_form(paths, runs);
    const std::size_t channels = paths.channels().size();
    for (std::size_t c = 0; c < channels; ++c) {
        std::vector<Value> cells{paths.channels()[c]};
        for (std::size_t m = 0; m < runs.size(); ++m) {
            const AttributionRow& row = rows[m * channels + c];
            cells.push_back(measure == AttributedMeasure::conversions ? row.conversions
                            : measure == AttributedMeasure::value     ? row.value
                                                                      : row.share);
        }
        table.rows.push_back(std::move(cells));
    }
    return table;
}

}  // namespace kpilot::attribution
