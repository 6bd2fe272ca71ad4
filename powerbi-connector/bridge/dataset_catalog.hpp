#pragma once
// The datasets a bridge serves, from a folder: the folder itself or each of
// its subfolders holding a KPI model (model.json), its data (one CSV) and
// optional targets (targets.csv). Results are computed once per version of
// those files and shared by every request until one of them changes.

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "entity_set.hpp"
#include "kpilot/input_rejection.hpp"

namespace kpilot::bridge {

struct DatasetFiles {
    std::string name;                            // the OData prefix: "Marketing"
    std::filesystem::path model, data, targets;  // targets empty when absent
};

// How a row an input file rejected is reported: "data.csv: line 7, column spend: ... (row rejected)".
std::string rejected_row_problem(const std::filesystem::path& file, const InputRejection& row);

// A file's path, inode, time and size: any edit changes it.
std::string file_stamp(const std::filesystem::path& path);

// A file a dataset read from wherever its model names it (an attribution's
// journeys), with its stamp from just before it was read.
struct InputFile {
    std::filesystem::path path;
    std::string stamp;
};

// Sets computed from a file a model names, with the problems met, kept by
// the version of the model and of that file: a snapshot rebuilt because
// another file changed reuses them instead of computing them again.
struct ComputedSets {
    std::vector<EntitySet> sets;
    std::vector<std::string> problems;
};
using ComputedSetsByVersion = std::unordered_map<std::string, std::shared_ptr<const ComputedSets>>;

// What building one snapshot reads besides the dataset folders, and keeps.
struct SnapshotInputs {
    std::filesystem::path served_root;  // files a model names must lie inside it
    ComputedSetsByVersion earlier;      // kept by the snapshot before
    ComputedSetsByVersion kept;         // used by this one
    std::vector<InputFile> files_read;
};

class DatasetCatalog {
public:
    explicit DatasetCatalog(std::filesystem::path root);
    ~DatasetCatalog();
    DatasetCatalog(const DatasetCatalog&) = delete;
    DatasetCatalog& operator=(const DatasetCatalog&) = delete;

    // The current results; recomputed first when any input file has changed.
    // Never serves an old version as current: when a rebuild fails, the next
    // call tries again.
    std::shared_ptr<const ServiceSnapshot> snapshot();
    // Where each rebuild reports what changed and every new problem (a line
    // at a time, without a newline). Set before the first snapshot().
    void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }
    const std::filesystem::path& root() const { return root_; }

private:
    std::string stamp_of_files() const;
    std::vector<DatasetFiles> discover() const;
    // True when the folders' watch reports a change since the last call, or
    // when there is no watch (then every request checks the files' times).
    bool inputs_may_have_changed();
    void watch_folders();
    void log_changes(const ServiceSnapshot& next) const;

    std::filesystem::path root_;
    std::mutex mutex_;
    std::string stamp_;
    // Files the models named, as the current snapshot read them, and what it computed from them.
    std::vector<InputFile> inputs_read_;
    std::string inputs_stamp_;  // their stamps when read
    ComputedSetsByVersion computed_;
    // Set when a snapshot that read such files is built: folders first watched
    // then may have changed before their watch began, so the next request
    // compares stamps.
    bool recheck_ = false;
    std::shared_ptr<const ServiceSnapshot> current_;
    // Each dataset's sets as last built without a failure, schemas only: what
    // stands in, unavailable, while its files cannot be read.
    std::unordered_map<std::string, std::vector<EntitySet>> last_good_;
    std::function<void(const std::string&)> log_;
    std::uint64_t version_ = 0;
    int watch_fd_ = -1;  // inotify, so an unchanged folder costs one read() per request
};

// An OData identifier from any text: "lead source" -> "lead_source", "2026" -> "_2026".
std::string odata_identifier(std::string_view text);

// The sets one dataset contributes: <Name>_Kpis, <Name>_Values, one wide set
// per grouping, and the sets of the attributions its model declares. Never
// throws: a model or data file it cannot read is a failure in the snapshot.
void add_dataset_sets(const DatasetFiles& files, ServiceSnapshot& snapshot, SnapshotInputs& inputs);
// KpiCatalog: every built-in KPI of the registry.
EntitySet builtin_catalog_set();

}  // namespace kpilot::bridge
