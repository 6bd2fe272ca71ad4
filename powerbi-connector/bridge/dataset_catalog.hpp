#pragma once
// The datasets a bridge serves, from a folder: the folder itself or each of
// its subfolders holding a KPI model (model.json), its data (one CSV) and
// optional targets (targets.csv). Results are computed once per version of
// those files and shared by every request until one of them changes.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "entity_set.hpp"

namespace kpilot::bridge {

struct DatasetFiles {
    std::string name;  // the OData prefix: "Marketing"
    std::filesystem::path model, data, targets;  // targets empty when absent
};

class DatasetCatalog {
public:
    explicit DatasetCatalog(std::filesystem::path root);
    ~DatasetCatalog();
    DatasetCatalog(const DatasetCatalog&) = delete;
    DatasetCatalog& operator=(const DatasetCatalog&) = delete;

    // The current results; recomputed first when any input file has changed.
    std::shared_ptr<const ServiceSnapshot> snapshot();
    const std::filesystem::path& root() const { return root_; }

private:
    std::string stamp_of_files() const;
    std::vector<DatasetFiles> discover() const;
    // True when the folders' watch reports a change since the last call, or
    // when there is no watch (then every request checks the files' times).
    bool inputs_may_have_changed();
    void watch_folders();

    std::filesystem::path root_;
    std::mutex mutex_;
    std::string stamp_;
    std::shared_ptr<const ServiceSnapshot> current_;
    std::uint64_t version_ = 0;
    int watch_fd_ = -1;  // inotify, so an unchanged folder costs one read() per request
};

// An OData identifier from any text: "lead source" -> "lead_source", "2026" -> "_2026".
std::string odata_identifier(std::string_view text);

// The sets one dataset contributes: <Name>_Kpis, <Name>_Values and one wide set per grouping.
void add_dataset_sets(const DatasetFiles& files, ServiceSnapshot& snapshot);
// KpiCatalog: every built-in KPI of the registry.
EntitySet builtin_catalog_set();

}  // namespace kpilot::bridge
