#include "workbook_style.hpp"

#include "kpilot/display_format.hpp"

namespace kpilot::templates {

namespace {

constexpr lxw_color_t header_fill = 0xDDEBF7;
constexpr lxw_color_t input_fill = 0xFFF9E5;
constexpr lxw_color_t value_only_fill = 0xEDEDED;
constexpr lxw_color_t quiet_text = 0x595959;

}  // namespace

WorkbookStyle::WorkbookStyle(lxw_workbook* workbook) : workbook_(workbook) {
    title = workbook_add_format(workbook);
    format_set_bold(title);
    format_set_font_size(title, 16);
    subtitle = workbook_add_format(workbook);
    format_set_italic(subtitle);
    format_set_font_color(subtitle, quiet_text);
    header = workbook_add_format(workbook);
    format_set_bold(header);
    format_set_bg_color(header, header_fill);
    format_set_bottom(header, LXW_BORDER_THIN);
    header_wrap = workbook_add_format(workbook);
    format_set_bold(header_wrap);
    format_set_text_wrap(header_wrap);
    format_set_align(header_wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_color(header_wrap, quiet_text);
    section = workbook_add_format(workbook);
    format_set_bold(section);
    format_set_font_size(section, 12);
    format_set_top(section, LXW_BORDER_THIN);
    bold = workbook_add_format(workbook);
    format_set_bold(bold);
    wrap = workbook_add_format(workbook);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    note = workbook_add_format(workbook);
    format_set_italic(note);
    format_set_font_color(note, quiet_text);
    input = workbook_add_format(workbook);
    format_set_bg_color(input, input_fill);
    month = workbook_add_format(workbook);
    format_set_num_format(month, "yyyy-mm");
    format_set_align(month, LXW_ALIGN_LEFT);
    date = workbook_add_format(workbook);
    format_set_num_format(date, "yyyy-mm-dd");
    good = workbook_add_format(workbook);
    format_set_bg_color(good, good_fill);
    format_set_font_color(good, good_font);
    warning = workbook_add_format(workbook);
    format_set_bg_color(warning, warning_fill);
    format_set_font_color(warning, warning_font);
    bad = workbook_add_format(workbook);
    format_set_bg_color(bad, bad_fill);
    format_set_font_color(bad, bad_font);
}

lxw_format* WorkbookStyle::make(const std::string& code, bool value_only, bool is_input) {
    auto& format = numbers_[{code, value_only, is_input}];
    if (!format) {
        format = workbook_add_format(workbook_);
        if (code != "General") format_set_num_format(format, code.c_str());
        if (value_only) {
            format_set_italic(format);
            format_set_bg_color(format, value_only_fill);
        }
        if (is_input) format_set_bg_color(format, input_fill);
    }
    return format;
}

lxw_format* WorkbookStyle::number(Unit unit, bool value_only) {
    const std::string code = spreadsheet_number_format(unit);
    if (code == "General" && !value_only) return nullptr;
    return make(code, value_only, false);
}

lxw_format* WorkbookStyle::input_number(Unit unit) { return make(spreadsheet_number_format(unit), false, true); }

}  // namespace kpilot::templates
