#include "attribution_sets.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include "kpilot/attribution_input.hpp"
#include "kpilot/attribution_table.hpp"

namespace kpilot::bridge {

namespace fs = std::filesystem;
namespace at = kpilot::attribution;

namespace {

// The file as it really is, when it lies inside the served folder once links
// and ".." are resolved; nothing otherwise. A model file must not make the
// bridge publish what the folder it was given does not hold.
std::optional<fs::path> inside_served_folder(const fs::path& file, const fs::path& served_root) {
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(file, ec);
    if (ec) return std::nullopt;
    const fs::path root = fs::weakly_canonical(served_root, ec);
    if (ec) return std::nullopt;
    const fs::path relative = real.lexically_relative(root);
    if (relative.empty() || relative == "." || *relative.begin() == "..") return std::nullopt;
    return real;
}

// The value columns every attribution set has; RemovalEffect only where a
// Markov model fills it.
void add_value_properties(EntitySet& set, bool removal_effect) {
    set.properties.push_back({"AttributedConversions", EdmType::double_, true});
    set.properties.push_back({"AttributedValue", EdmType::double_, true});
    set.properties.push_back({"Share", EdmType::double_, true});
    if (removal_effect) set.properties.push_back({"RemovalEffect", EdmType::double_, true});
    // Power BI shows an error as a blank cell: its code and reason stand in columns of their own.
    set.properties.push_back({"Error", EdmType::string, true});
    set.properties.push_back({"ErrorMessage", EdmType::string, true});
}

void add_values(std::vector<Value>& cells, const at::AttributionRow& row, bool removal_effect) {
    const Value* error = nullptr;
    for (const Value* v : {&row.conversions, &row.value, &row.share}) {
        cells.push_back(*v);
        if (v->is_error()) error = v;
    }
    if (removal_effect) cells.push_back(row.removal_effect);
    cells.push_back(error ? Value(std::string(error_code(error->error().kind))) : Value());
    cells.push_back(error ? Value(error->error().message) : Value());
}

EntitySet empty_set(const std::string& name, std::string description) {
    EntitySet set;
    set.name = name;
    set.entity_type = name + "_Row";
    set.description = std::move(description);
    return set;
}

Result<at::PathInput> read_journeys(const AttributionDeclaration& a, const fs::path& file) {
    if (a.input == AttributionDeclaration::Input::touchpoints)
        return at::read_touchpoints_csv(file.string(), a.touchpoint_reading);
    return at::read_paths_csv(file.string(), a.path_reading);
}

// The sets of one attribution: the long one first, then one per model in the declared order.
std::vector<EntitySet> attribution_sets(const AttributionDeclaration& a, const std::string& prefix,
                                        const at::PathSet& paths) {
    const std::vector<at::ModelRun> runs = at::run_models(paths, a.models, a.model_options);
    const std::vector<at::AttributionRow> rows = at::long_form(paths, runs);
    const bool any_markov = std::find(a.models.begin(), a.models.end(), at::Model::markov) != a.models.end();

    std::vector<EntitySet> sets;
    EntitySet all = empty_set(prefix, "Attribution " + a.name + ": one row per model and channel");
    all.key = {"Model", "Channel"};
    all.properties = {{"Model", EdmType::string, false}, {"Channel", EdmType::string, false}};
    add_value_properties(all, any_markov);
    for (const at::AttributionRow& row : rows) {
        std::vector<Value> cells{Value(std::string(at::model_id(row.model))), Value(row.channel)};
        add_values(cells, row, any_markov);
        all.rows.push_back(std::move(cells));
    }
    sets.push_back(std::move(all));

    for (const at::ModelRun& run : runs) {
        const bool markov = run.model == at::Model::markov;
        EntitySet one = empty_set(
            prefix + "_" + std::string(at::model_id(run.model)),
            "Attribution " + a.name + " by " + std::string(at::model_title(run.model)) + ": one row per channel");
        one.key = {"Channel"};
        one.properties = {{"Channel", EdmType::string, false}};
        add_value_properties(one, markov);
        for (const at::AttributionRow& row : rows) {
            if (row.model != run.model) continue;
            std::vector<Value> cells{Value(row.channel)};
            add_values(cells, row, markov);
            one.rows.push_back(std::move(cells));
        }
        sets.push_back(std::move(one));
    }
    return sets;
}

// Reads the journeys and runs the models: the sets, or the problem that leaves them out.
ComputedSets compute_attribution(const AttributionDeclaration& a, const fs::path& file, const std::string& dataset) {
    ComputedSets computed;
    auto journeys = read_journeys(a, file);
    if (!journeys) {
        computed.problems.push_back(dataset + ", attribution " + a.name + ": " + journeys.error().message);
        return computed;
    }
    for (const auto& r : journeys.value().rejected) computed.problems.push_back(rejected_row_problem(file, r));
    computed.sets = attribution_sets(a, dataset + "_" + a.name, journeys.value().paths);
    return computed;
}

}  // namespace

void add_attribution_sets(const KpiModel& model, const std::string& model_stamp, const std::string& dataset,
                          ServiceSnapshot& snapshot, SnapshotInputs& inputs) {
    for (const AttributionDeclaration& a : model.attributions) {
        const std::string place = dataset + ", attribution " + a.name + ": ";
        const auto file = inside_served_folder(a.path, inputs.served_root);
        if (!file) {
            snapshot.problems.push_back(place + a.path + " is not inside the folder the bridge serves (" +
                                        inputs.served_root.string() + "); serve a folder that holds it too");
            continue;
        }
        // Stamped before reading: an edit made while it is read still counts as a change.
        const std::string stamp = file_stamp(*file);
        inputs.files_read.push_back({*file, stamp});
        // A pipe or a device would keep the reader, and every request behind it, waiting.
        std::error_code ec;
        if (fs::exists(*file, ec) && !fs::is_regular_file(*file, ec)) {
            snapshot.problems.push_back(place + a.path + " is not a file");
            continue;
        }
        const std::string version = model_stamp + "\n" + dataset + "\n" + a.name + "\n" + stamp;
        auto computed = inputs.earlier.contains(version)
                            ? inputs.earlier.at(version)
                            : std::make_shared<const ComputedSets>(compute_attribution(a, *file, dataset));
        inputs.kept.emplace(version, computed);
        for (const auto& problem : computed->problems) snapshot.problems.push_back(problem);
        for (const EntitySet& set : computed->sets) {
            // Set names are how clients address sets: the first of two equal names keeps it.
            if (snapshot.find(set.name)) {
                snapshot.problems.push_back(place + "the set " + set.name +
                                            " is already served; rename the attribution");
                continue;
            }
            snapshot.sets.push_back(set);
        }
    }
}

}  // namespace kpilot::bridge
