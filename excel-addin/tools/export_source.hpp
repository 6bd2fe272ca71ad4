#pragma once
// The C++ source of the XLL's exports, one per worksheet function, written
// from the registry at build time (see src/kpi_entry_points.hpp for why).

#include <string>

#include "kpilot/registry.hpp"

namespace kpilot::xll {

std::string export_source(const Registry& registry);

}  // namespace kpilot::xll
