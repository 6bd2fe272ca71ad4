#pragma once
// The attributions a dataset's model declares, served next to its KPIs: for
// each attribution and each of its models, <Dataset>_<name>_<model> with one
// row per channel (Marketing_channel_attribution_markov), and <Dataset>_<name>
// with one row per model and channel, for a slicer over models.

#include <string>

#include "dataset_catalog.hpp"
#include "entity_set.hpp"
#include "kpilot/kpi_model.hpp"

namespace kpilot::bridge {

// Adds the sets of every attribution the model declares. A journeys file
// outside the served folder, unreadable or without its columns is a problem
// and leaves that attribution's sets out (the dataset's KPI sets stay);
// rejected rows are problems as data.csv's are; a model the journeys cannot
// feed is null in every value column with Error and ErrorMessage saying why.
// The models run once per version of the model file and the journeys file
// (model_stamp, taken before the model was read, and the file's own stamp).
void add_attribution_sets(const KpiModel& model, const std::string& model_stamp, const std::string& dataset,
                          ServiceSnapshot& snapshot, SnapshotInputs& inputs);

}  // namespace kpilot::bridge
