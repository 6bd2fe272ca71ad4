#include "entity_set.hpp"

#include "kpilot/dates.hpp"

namespace kpilot::bridge {

std::string_view edm_name(EdmType type) {
    switch (type) {
        case EdmType::string: return "Edm.String";
        case EdmType::date: return "Edm.Date";
        case EdmType::double_: return "Edm.Double";
        case EdmType::int64: return "Edm.Int64";
        case EdmType::boolean: return "Edm.Boolean";
    }
    return "Edm.String";
}

std::size_t EntitySet::property_index(std::string_view property) const {
    for (std::size_t i = 0; i < properties.size(); ++i)
        if (properties[i].name == property) return i;
    return std::string::npos;
}

const EntitySet* ServiceSnapshot::find(std::string_view name) const {
    for (const auto& set : sets)
        if (set.name == name) return &set;
    return nullptr;
}

std::string edm_date_text(double serial) { return iso_date_text(static_cast<std::int32_t>(serial)); }

}  // namespace kpilot::bridge
