#pragma once
// The formats every sheet of a template shares, made once per workbook.

#include <xlsxwriter.h>

#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "kpilot/units.hpp"

namespace kpilot::templates {

class WorkbookStyle {
public:
    explicit WorkbookStyle(lxw_workbook* workbook);

    lxw_format* title = nullptr;        // a sheet's heading
    lxw_format* subtitle = nullptr;     // the line under it
    lxw_format* header = nullptr;       // column names
    lxw_format* header_wrap = nullptr;  // long column titles
    lxw_format* section = nullptr;      // a group of rows' heading
    lxw_format* bold = nullptr;
    lxw_format* wrap = nullptr;   // prose in a cell
    lxw_format* note = nullptr;   // why a cell holds a value, not a formula
    lxw_format* input = nullptr;  // cells the user edits
    lxw_format* month = nullptr;  // 2026-07
    lxw_format* date = nullptr;   // 2026-07-31
    // Conditional formats: on track, at risk, off track.
    lxw_format* good = nullptr;
    lxw_format* warning = nullptr;
    lxw_format* bad = nullptr;

    // A number in this unit; value_only marks a cell kpilot could not write as a formula.
    lxw_format* number(Unit unit, bool value_only = false);
    lxw_format* input_number(Unit unit);

private:
    lxw_format* make(const std::string& code, bool value_only, bool input);
    lxw_workbook* workbook_;
    std::map<std::tuple<std::string, bool, bool>, lxw_format*> numbers_;
};

inline constexpr lxw_color_t good_fill = 0xC6EFCE, good_font = 0x006100;
inline constexpr lxw_color_t warning_fill = 0xFFEB9C, warning_font = 0x9C5700;
inline constexpr lxw_color_t bad_fill = 0xFFC7CE, bad_font = 0x9C0006;

}  // namespace kpilot::templates
