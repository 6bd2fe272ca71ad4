#include "kpilot/attribution_table.hpp"

namespace kpilot::attribution {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string known_ids() {
    std::string ids;
    for (Model m : all_models()) ids += (ids.empty() ? "" : ", ") + std::string(model_id(m));
    return ids;
}

}  // namespace

Result<std::vector<Model>> parse_model_list(std::string_view text) {
    std::vector<Model> models;
    if (trimmed(text) == "all" || trimmed(text).empty()) return std::vector<Model>(all_models().begin(), all_models().end());
    while (true) {
        const std::size_t comma = text.find(',');
        const std::string_view id = trimmed(text.substr(0, comma));
        if (!id.empty()) {
            const auto model = model_from_id(id);
            if (!model) return Error{ErrorKind::value, "unknown attribution model \"" + std::string(id) + "\" (one of: all, " + known_ids() + ")"};
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
    std::vector<ModelRun> runs;
    runs.reserve(models.size());
    for (Model m : models) runs.push_back({m, attribute(paths, m, options)});
    return runs;
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

}  // namespace kpilot::attribution
