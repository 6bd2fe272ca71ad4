#pragma once
// $metadata: the service's entity types and sets as CSDL XML, the document
// Power BI reads to type every column before it reads a row.

#include <string>

#include "entity_set.hpp"

namespace kpilot::bridge {

inline constexpr std::string_view schema_namespace = "Kpilot";

std::string csdl_metadata(const ServiceSnapshot& snapshot);
std::string xml_escaped(std::string_view text);

}  // namespace kpilot::bridge
