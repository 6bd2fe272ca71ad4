#include "dataset_catalog.hpp"

#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "attribution_sets.hpp"
#include "kpilot/kpi_engine.hpp"
#include "kpilot/kpi_tables.hpp"
#include "kpilot/registry.hpp"

namespace kpilot::bridge {

namespace fs = std::filesystem;

namespace {

EdmType edm_type_of(ColumnKind kind) {
    switch (kind) {
        case ColumnKind::number: return EdmType::double_;
        case ColumnKind::integer: return EdmType::int64;
        case ColumnKind::date: return EdmType::date;
        case ColumnKind::boolean: return EdmType::boolean;
        case ColumnKind::text: return EdmType::string;
    }
    return EdmType::string;
}

std::optional<DatasetFiles> dataset_in(const fs::path& folder, std::string name) {
    std::error_code ec;
    DatasetFiles files;
    files.name = odata_identifier(name);
    std::vector<fs::path> csvs;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file(ec)) continue;
        const fs::path& p = entry.path();
        if (p.filename() == "model.json" || p.filename().string().ends_with(".model.json"))
            files.model = p;
        else if (p.filename() == "targets.csv")
            files.targets = p;
        else if (p.extension() == ".csv")
            csvs.push_back(p);
    }
    if (files.model.empty()) return std::nullopt;
    std::sort(csvs.begin(), csvs.end());
    auto data = std::find_if(csvs.begin(), csvs.end(), [](const fs::path& p) { return p.filename() == "data.csv"; });
    if (data != csvs.end())
        files.data = *data;
    else if (csvs.size() == 1)
        files.data = csvs.front();
    else
        return std::nullopt;
    return files;
}

std::string capitalised(std::string text) {
    if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

// A kpilot table as an entity set keyed by row number, which stays the same
// for the same inputs.
EntitySet entity_set_of(const KpiTable& table, std::string name, std::string description,
                        const std::vector<std::pair<std::string, Value>>& leading = {}) {
    EntitySet set;
    set.name = name;
    set.entity_type = name + "_Row";
    set.description = std::move(description);
    set.key = {"row_id"};
    set.properties.push_back({"row_id", EdmType::int64, false});
    for (const auto& [column, value] : leading) set.properties.push_back({column, EdmType::string, false});
    std::set<std::string> taken{"row_id"};
    for (const auto& [column, value] : leading) taken.insert(column);
    for (const auto& column : table.columns) {
        std::string id = odata_identifier(column.name);
        while (!taken.insert(id).second) id += "_";
        set.properties.push_back({id, edm_type_of(column.kind), true});
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        std::vector<Value> row;
        row.reserve(set.properties.size());
        row.emplace_back(static_cast<double>(r + 1));
        for (const auto& [column, value] : leading) row.push_back(value);
        row.insert(row.end(), table.rows[r].begin(), table.rows[r].end());
        set.rows.push_back(std::move(row));
    }
    return set;
}

// Long-form tables of several groupings in one set: the union of their columns, by name.
EntitySet union_of(const std::vector<std::pair<std::string, KpiTable>>& tables, const std::string& name) {
    KpiTable all;
    std::vector<std::string> names;
    for (const auto& [grouping, table] : tables)
        for (const auto& column : table.columns)
            if (std::find(names.begin(), names.end(), column.name) == names.end()) {
                names.push_back(column.name);
                all.columns.push_back(column);
            }
    all.columns.insert(all.columns.begin(), TableColumn{"grouping", ColumnKind::text});
    for (const auto& [grouping, table] : tables)
        for (const auto& row : table.rows) {
            std::vector<Value> cells(all.columns.size());
            cells[0] = Value(grouping);
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                const auto at = std::find(names.begin(), names.end(), table.columns[c].name) - names.begin();
                cells[static_cast<std::size_t>(at) + 1] = row[c];
            }
            all.rows.push_back(std::move(cells));
        }
    return entity_set_of(all, name, "KPI values in long form: one row per grouping, group and KPI");
}

EntitySet model_kpis_set(const KpiModel& model, const std::string& name) {
    EntitySet set;
    set.name = name;
    set.entity_type = name + "_Row";
    set.description = "The KPIs of the model";
    set.key = {"name"};
    for (const char* p : {"name", "title", "description", "unit", "direction", "formula", "builtin"})
        set.properties.push_back({p, EdmType::string, std::string(p) == "name" ? false : true});
    for (const auto& kpi : model.kpis)
        set.rows.push_back({Value(kpi.name), Value(kpi.title), Value(kpi.description),
                            Value(std::string(to_string(kpi.unit))), Value(std::string(to_string(kpi.direction))),
                            Value(kpi.formula), kpi.builtin ? Value(kpi.builtin->worksheet_name) : Value()});
    return set;
}

}  // namespace

std::string odata_identifier(std::string_view text) {
    std::string id;
    for (char c : text) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "_" + id;
    return id;
}

EntitySet builtin_catalog_set() {
    EntitySet set;
    set.name = "KpiCatalog";
    set.entity_type = "CatalogKpi";
    set.description = "Every built-in KPI: definition, unit, direction, family and source";
    set.key = {"id"};
    for (const char* p :
         {"id", "worksheet_name", "title", "description", "unit", "direction", "family", "timing", "formula", "source"})
        set.properties.push_back({p, EdmType::string, std::string(p) == "id" ? false : true});
    for (const auto& kpi : Registry::builtin().all())
        set.rows.push_back({Value(kpi.id), Value(kpi.worksheet_name), Value(kpi.title), Value(kpi.description),
                            Value(std::string(to_string(kpi.unit))), Value(std::string(to_string(kpi.direction))),
                            Value(std::string(to_string(kpi.family))), Value(std::string(to_string(kpi.timing))),
                            Value(kpi.formula), Value(kpi.source)});
    return set;
}

namespace {

// The KPI sets of a dataset; none when its data cannot be computed.
void add_kpi_sets(const DatasetFiles& files, const KpiModel& model, ServiceSnapshot& snapshot) {
    std::optional<TargetsTable> targets;
    if (!files.targets.empty()) {
        auto t = read_targets_file(files.targets.string(), {});
        if (t)
            targets = std::move(t).value();
        else
            snapshot.problems.push_back(t.error().message);
    }
    std::vector<Grouping> groupings = model.groupings;
    if (groupings.empty()) groupings.push_back({"total", {}, std::nullopt, 1});
    std::vector<std::pair<std::string, KpiTable>> long_tables;
    std::vector<EntitySet> wide_sets;
    for (const auto& g : groupings) {
        ComputeOptions options;
        options.by = g.by;
        options.grain = g.grain;
        options.fiscal_year_start_month = g.fiscal_year_start_month;
        auto results = compute_kpis(model, files.data.string(), options, targets ? &*targets : nullptr);
        if (!results) {
            snapshot.problems.push_back(files.name + ", grouping " + g.name + ": " + results.error().message);
            snapshot.failures.push_back(snapshot.problems.back());
            return;
        }
        // Every grouping reads the same rows: report the rejected ones once.
        if (long_tables.empty())
            for (const auto& r : results.value().rejected)
                snapshot.problems.push_back(rejected_row_problem(files.data, r));
        long_tables.emplace_back(g.name, long_form_table(results.value(), model, true));
        KpiTable wide = wide_form_table(results.value(), model);
        // Power BI shows an error as a blank cell; the reasons stay in one column.
        wide.columns.push_back({"errors", ColumnKind::text});
        for (std::size_t r = 0; r < wide.rows.size(); ++r) {
            std::string reasons;
            for (std::size_t k = 0; k < model.kpis.size(); ++k) {
                const Value& v = results.value().rows[r].kpis[k];
                if (v.is_error())
                    reasons += (reasons.empty() ? "" : "; ") + model.kpis[k].name + ": " +
                               std::string(error_code(v.error().kind)) + " " + v.error().message;
            }
            wide.rows[r].push_back(reasons.empty() ? Value() : Value(reasons));
        }
        wide_sets.push_back(entity_set_of(wide, files.name + "_" + odata_identifier(g.name),
                                          "One row per group of grouping " + g.name + ", one column per KPI"));
    }
    snapshot.sets.push_back(model_kpis_set(model, files.name + "_Kpis"));
    snapshot.sets.push_back(union_of(long_tables, files.name + "_Values"));
    for (auto& w : wide_sets) snapshot.sets.push_back(std::move(w));
}

}  // namespace

std::string rejected_row_problem(const fs::path& file, const InputRejection& row) {
    return file.string() + ": line " + std::to_string(row.line) + (row.column.empty() ? "" : ", column " + row.column) +
           ": " + row.reason + " (row rejected)";
}

std::string file_stamp(const fs::path& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return path.string() + ":none;";
    // The inode too: a file replaced by rename, as editors save, is a new version even when
    // its size and time (kept to the kernel's clock tick) match the old one's.
    const auto time = std::int64_t{status.st_mtim.tv_sec} * 1'000'000'000 + status.st_mtim.tv_nsec;
    const auto size = S_ISREG(status.st_mode) ? static_cast<std::uint64_t>(status.st_size) : 0;
    return path.string() + ":" + std::to_string(status.st_ino) + ":" + std::to_string(time) + ":" +
           std::to_string(size) + ";";
}

void add_dataset_sets(const DatasetFiles& files, ServiceSnapshot& snapshot, SnapshotInputs& inputs) {
    const std::size_t first_set = snapshot.sets.size();
    try {
        // Stamped before it is read, so that what is computed from it is kept under the version it came from.
        const std::string model_stamp = file_stamp(files.model);
        LoadedModel loaded = load_kpi_model(files.model.string());
        if (!loaded.model) {
            for (const auto& p : loaded.problems) snapshot.problems.push_back(p.text());
            snapshot.failures.push_back(loaded.problems.empty() ? files.model.string() + ": the model cannot be loaded"
                                                                : loaded.problems.front().text());
            return;
        }
        add_kpi_sets(files, *loaded.model, snapshot);
        // Attributions read their own files: a dataset whose data fails still serves them.
        add_attribution_sets(*loaded.model, model_stamp, files.name, snapshot, inputs);
    } catch (const std::exception&) {
        // The core reports bad input as values; an exception here is a bug in a
        // reader. It costs this dataset, not the bridge, and its text is a
        // library's, not a message for an analyst.
        snapshot.sets.resize(first_set);
        snapshot.problems.push_back(files.name + ": kpilot could not read " + files.model.string() +
                                    " or the files it names " +
                                    "(an unexpected error in kpilot; please report it with the files)");
        snapshot.failures.push_back(snapshot.problems.back());
    }
}

DatasetCatalog::DatasetCatalog(fs::path root) : root_(std::move(root)) {
    watch_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
}

DatasetCatalog::~DatasetCatalog() {
    if (watch_fd_ >= 0) ::close(watch_fd_);
}

void DatasetCatalog::watch_folders() {
    if (watch_fd_ < 0) return;
    constexpr std::uint32_t changes = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                      IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF;
    std::error_code ec;
    // Adding a watch twice for one folder returns the same watch: no leak.
    ::inotify_add_watch(watch_fd_, root_.c_str(), changes);
    for (const auto& entry : fs::directory_iterator(root_, ec))
        if (entry.is_directory(ec)) ::inotify_add_watch(watch_fd_, entry.path().c_str(), changes);
    // A model may name a file deeper in the folder: its own folder is watched too.
    for (const auto& input : inputs_read_) ::inotify_add_watch(watch_fd_, input.path.parent_path().c_str(), changes);
}

bool DatasetCatalog::inputs_may_have_changed() {
    if (watch_fd_ < 0) return true;
    // The kernel queues an event before the write that caused it returns, so
    // draining the queue now sees every change made before this request.
    bool changed = false;
    alignas(inotify_event) char events[4096];
    while (::read(watch_fd_, events, sizeof events) > 0) changed = true;
    return changed;
}

std::vector<DatasetFiles> DatasetCatalog::discover() const {
    std::vector<DatasetFiles> found;
    if (auto here =
            dataset_in(root_, capitalised(root_.filename().string().empty() ? "data" : root_.filename().string())))
        found.push_back(*here);
    std::error_code ec;
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(root_, ec))
        if (entry.is_directory(ec)) folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    for (const auto& folder : folders)
        if (auto d = dataset_in(folder, capitalised(folder.filename().string()))) found.push_back(*d);
    return found;
}

// The folder's and every input file's size and time: any edit changes it.
std::string DatasetCatalog::stamp_of_files() const {
    std::string stamp;
    std::error_code ec;
    stamp += file_stamp(root_);
    for (const auto& entry : fs::directory_iterator(root_, ec)) {
        stamp += file_stamp(entry.path());
        if (entry.is_directory(ec))
            for (const auto& inner : fs::directory_iterator(entry.path(), ec)) stamp += file_stamp(inner.path());
    }
    return stamp;
}

void DatasetCatalog::log_changes(const ServiceSnapshot& next) const {
    if (!log_) return;
    const std::vector<std::string> none;
    const auto& before = current_ ? current_->problems : none;
    for (const auto& problem : next.problems)
        if (std::find(before.begin(), before.end(), problem) == before.end()) log_(problem);
    if (!current_) return;  // the first build is reported by whoever asked for it
    std::size_t unavailable = 0;
    for (const auto& set : next.sets) unavailable += set.unavailable.empty() ? 0 : 1;
    std::string summary = std::to_string(next.sets.size() - unavailable) + " entity sets served";
    if (!next.failures.empty())
        summary += "; " + std::to_string(next.failures.size()) + " dataset(s) cannot be read, so " +
                   std::to_string(unavailable) +
                   " set(s) answer 503 until their files are fixed (the last good results are not served as current)";
    log_("inputs changed: " + summary + " (version " + std::to_string(next.version) + ")");
}

std::shared_ptr<const ServiceSnapshot> DatasetCatalog::snapshot() {
    std::lock_guard lock(mutex_);
    const bool changed = inputs_may_have_changed();
    if (current_ && !changed && !recheck_) return current_;
    recheck_ = false;
    watch_folders();
    std::string stamp = stamp_of_files();
    // The files models named, as they are now against as they were when read.
    std::string inputs_stamp;
    for (const auto& input : inputs_read_) inputs_stamp += file_stamp(input.path);
    if (current_ && stamp == stamp_ && inputs_stamp == inputs_stamp_) return current_;
    // Until this rebuild completes, the next call tries again rather than
    // taking the old snapshot for current.
    recheck_ = true;
    auto next = std::make_shared<ServiceSnapshot>();
    next->version = ++version_;
    next->sets.push_back(builtin_catalog_set());
    SnapshotInputs inputs{root_, std::move(computed_), {}, {}};
    for (const auto& files : discover()) {
        const std::size_t first_set = next->sets.size();
        const std::size_t first_failure = next->failures.size();
        add_dataset_sets(files, *next, inputs);
        if (next->failures.size() == first_failure) {
            // Only the schema is kept: the rows are set aside while each set is
            // copied, rather than copied with it and thrown away.
            auto& good = last_good_[files.name];
            good.clear();
            for (std::size_t k = first_set; k < next->sets.size(); ++k) {
                auto rows = std::move(next->sets[k].rows);
                next->sets[k].rows = {};
                good.push_back(next->sets[k]);
                next->sets[k].rows = std::move(rows);
            }
            continue;
        }
        // A dataset that cannot be read is not served from its last good
        // results as though they were current: Power BI would then report a
        // successful refresh of stale numbers. Its sets stay declared (so the
        // navigator and $metadata do not change under a client) and answer
        // 503 with the reason, so the refresh fails visibly, Power BI keeps
        // the data it had, and the log says which file to fix.
        std::string why;
        for (std::size_t f = first_failure; f < next->failures.size(); ++f)
            why += (why.empty() ? "" : "; ") + next->failures[f];
        for (const auto& kept : last_good_[files.name]) {
            if (next->find(kept.name)) continue;
            next->sets.push_back(kept);
            next->sets.back().unavailable = why;
        }
    }
    recheck_ = false;
    log_changes(*next);
    stamp_ = std::move(stamp);
    inputs_stamp_.clear();
    for (const auto& input : inputs.files_read) inputs_stamp_ += input.stamp;
    inputs_read_ = std::move(inputs.files_read);
    computed_ = std::move(inputs.kept);
    if (!inputs_read_.empty()) {
        watch_folders();
        recheck_ = true;
    }
    current_ = next;
    return current_;
}

}  // namespace kpilot::bridge
