#pragma once
// What the bridge serves: named entity sets of typed rows, as OData sees them.

#include <memory>
#include <string>
#include <vector>

#include "kpilot/value.hpp"

namespace kpilot::bridge {

enum class EdmType { string, date, double_, int64, boolean };
std::string_view edm_name(EdmType type);  // "Edm.String", ...

struct Property {
    std::string name;
    EdmType type = EdmType::string;
    bool nullable = true;
};

// Rows hold kpilot Values: text for strings, numbers for doubles, int64s and
// dates (spreadsheet serials), booleans, and Value() for null.
struct EntitySet {
    std::string name;         // "Marketing_Values"
    std::string entity_type;  // "Marketing_Value"
    std::string description;
    std::vector<Property> properties;
    std::vector<std::string> key;
    std::vector<std::vector<Value>> rows;
    // Empty when served. Otherwise why not: the set's dataset cannot be read
    // now, and this is its last good schema (no rows), kept so that $metadata
    // and the service document do not change under a client while every
    // request for the set is answered with this reason.
    std::string unavailable;

    // The index of a property, or npos.
    std::size_t property_index(std::string_view property) const;
};

// Everything served at one version of the inputs; immutable once built, so
// requests share it across threads without locks.
struct ServiceSnapshot {
    std::vector<EntitySet> sets;
    std::vector<std::string> problems;  // everything worth telling the operator: rejected rows, unreadable files
    std::vector<std::string> failures;  // the problems that keep a dataset from being served
    std::uint64_t version = 0;

    const EntitySet* find(std::string_view name) const;
};

// "2026-07-31" from a spreadsheet serial.
std::string edm_date_text(double serial);

}  // namespace kpilot::bridge
