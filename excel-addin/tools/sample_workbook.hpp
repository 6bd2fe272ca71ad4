#pragma once
// The sample workbook shipped with the add-in: every KPI with example inputs
// from kpis.cases and a live formula over them, plus the catalogue. Cached
// values come from the core, so the file reads right even before Excel
// recalculates it (or where the add-in is not loaded yet).

#include <string>

#include "case_file.hpp"
#include "kpilot/registry.hpp"

namespace kpilot::xll {

// Empty on success, else why not.
std::string write_sample_workbook(const std::string& path, const Registry& registry, const testing::CaseFile& cases);

}  // namespace kpilot::xll
