// The Targets sheet: one target per row, edited by the user; the actual value
// is looked up on the KPIs sheet, attainment and status are formulas that
// follow the KPI's direction, and the colours follow the status.
#include <algorithm>

#include "kpilot/dates.hpp"
#include "kpilot/targets.hpp"
#include "sheet_writers.hpp"

namespace kpilot::templates {

namespace {

constexpr std::uint32_t spare_rows = 20;  // empty rows with their formulas, for targets the user adds
constexpr std::uint32_t header_row = 5;

struct TargetColumns {
    std::uint16_t kpi = 0;
    std::optional<std::uint16_t> period, group;
    std::uint16_t target = 0, on_track_at = 0, at_risk_at = 0, direction = 0, actual = 0, attainment = 0, status = 0,
                  note = 0;
};

TargetColumns columns_for(const KpiLayout& layout) {
    TargetColumns c;
    std::uint16_t next = 1;
    if (layout.by_period) c.period = next++;
    if (layout.by_group) c.group = next++;
    c.target = next++;
    c.on_track_at = next++;
    c.at_risk_at = next++;
    c.direction = next++;
    c.actual = next++;
    c.attainment = next++;
    c.status = next++;
    c.note = next;
    return c;
}

// One row of the sheet: a target as the user would type it.
struct TargetRow {
    std::string kpi;
    std::optional<std::int32_t> period;  // the first day of the month
    std::string period_text;             // a period that is not a month, kept as typed
    std::optional<std::string> group;
    std::optional<double> target;
    std::optional<double> on_track_at, at_risk_at;
    std::string note;
};

// "2026-09", or a date inside the month.
std::optional<std::int32_t> month_start(const std::string& period) {
    auto serial = parse_date(period.size() == 7 ? period + "-01" : period, DateOrder::iso);
    if (!serial) return std::nullopt;
    const CivilDate day = civil_from_serial(*serial);
    return serial_from_civil({day.year, day.month, 1});
}

std::vector<TargetRow> rows_from(const TemplateContext& context) {
    const KpiModel& model = *context.model;
    const KpiLayout& layout = *context.layout;
    std::vector<TargetRow> rows;
    if (!context.targets) {
        // No targets yet: one row per KPI, over everything, for the user to fill in.
        for (const auto& kpi : model.kpis) rows.push_back({kpi.name, {}, {}, {}, {}, {}, {}, {}});
        return rows;
    }
    const std::string& source = context.targets->source_name;
    for (const TargetEntry& entry : context.targets->entries) {
        const std::string where = source + ": line " + std::to_string(entry.line) + ": ";
        TargetRow row{entry.kpi, {}, {}, {}, entry.target, entry.thresholds.on_track_at, entry.thresholds.at_risk_at,
                      {}};
        if (!entry.period.empty()) {
            if (!layout.by_period) {
                context.notes->push_back(where + "the KPIs sheet has no months, so the period " + entry.period +
                                         " cannot be looked up; target left out");
                continue;
            }
            row.period = month_start(entry.period);
            if (!row.period) {
                row.period_text = entry.period;
                row.note = "the KPIs sheet has months, not " + entry.period;
            }
        }
        bool fits = true;
        for (const auto& [column, value] : entry.dimensions) {
            if (layout.by_group && column == layout.group_name) {
                row.group = value;
            } else {
                context.notes->push_back(where + "column \"" + column + "\" is not on the KPIs sheet; target left out");
                fits = false;
            }
        }
        if (!fits) continue;
        if (!model.find_kpi(entry.kpi)) row.note = "no KPI \"" + entry.kpi + "\" in the model";
        rows.push_back(std::move(row));
    }
    return rows;
}

// The core's values for the target's scope: the actual, its attainment and status.
struct CachedTarget {
    Value direction, actual, attainment, status;
};

CachedTarget cached_values(const TemplateContext& context, const TargetRow& target) {
    const Value not_found(Error{ErrorKind::na, "no such row on the KPIs sheet"});
    CachedTarget out{not_found, not_found, Value(std::string()), Value(std::string())};
    const KpiModel& model = *context.model;
    const auto kpi =
        std::find_if(model.kpis.begin(), model.kpis.end(), [&](const ModelKpi& k) { return k.name == target.kpi; });
    if (kpi == model.kpis.end()) {
        if (target.target) out.attainment = out.status = not_found;
        return out;
    }
    out.direction = Value(std::string(to_string(kpi->direction)));
    const auto k = static_cast<std::size_t>(kpi - model.kpis.begin());
    const auto& rows = context.results->rows;
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const KpiRow& r) {
        if (!target.period_text.empty()) return false;
        if (target.period ? r.period_start != target.period : r.period.has_value()) return false;
        if (!context.layout->by_group) return true;
        if (!target.group) return r.level == 0;
        return r.level == 1 && r.dimensions[0] == target.group;
    });
    if (row == rows.end()) {
        if (target.target) out.attainment = out.status = not_found;
        return out;
    }
    out.actual = row->kpis[k];
    if (!target.target) return out;
    const Value& actual = out.actual;
    if (!actual.is_number()) {
        out.attainment = out.status = actual.is_error() ? actual : Value(Error{ErrorKind::value, "not a number"});
        return out;
    }
    const auto a = attainment(actual.number(), *target.target, kpi->direction);
    out.attainment = a ? Value(a.value()) : Value(a.error());
    StatusThresholds thresholds;
    if (target.on_track_at) thresholds.on_track_at = *target.on_track_at;
    if (target.at_risk_at) thresholds.at_risk_at = *target.at_risk_at;
    const auto s = status_against_target(actual.number(), *target.target, kpi->direction, thresholds);
    out.status = s ? Value(std::string(to_string(s.value()))) : Value(s.error());
    return out;
}

void validate(lxw_worksheet* sheet, std::uint32_t first, std::uint32_t last, std::uint16_t column,
              lxw_data_validation rule) {
    worksheet_data_validation_range(sheet, first, column, last, column, &rule);
}

// A number compared with a value; the message is shown when a cell breaks the rule.
lxw_data_validation number_rule(std::uint8_t criteria, double value, const std::string& message) {
    lxw_data_validation rule{};
    rule.validate = LXW_VALIDATION_TYPE_DECIMAL;
    rule.criteria = criteria;
    rule.value_number = value;
    rule.error_message = writable(message);
    return rule;
}

// One of the values a defined name holds; warn_only lets a value not (yet) on the list in.
lxw_data_validation list_rule(const std::string& name_formula, bool warn_only) {
    lxw_data_validation rule{};
    rule.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    rule.value_formula = writable(name_formula);
    if (warn_only) rule.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    return rule;
}

}  // namespace

void write_targets_sheet(const TemplateContext& context, lxw_worksheet* sheet) {
    const KpiLayout& layout = *context.layout;
    const KpiModel& model = *context.model;
    WorkbookStyle& style = *context.style;
    const TargetColumns c = columns_for(layout);
    const std::vector<TargetRow> targets = rows_from(context);

    worksheet_write_string(sheet, 0, 0, (model.name + ": targets").c_str(), style.title);
    std::string scope = "Edit the shaded cells, one target per row.";
    if (layout.by_period) scope += " A blank period means all months together.";
    if (layout.by_group) scope += " A blank " + layout.group_name + " means every " + layout.group_name + " together.";
    const std::string lines[] = {scope,
                                 "Attainment is actual / target when higher is better and target / actual when lower "
                                 "is better, so above 1 is beaten.",
                                 "Status is on track from on_track_at (default 1), at risk from at_risk_at (default "
                                 "0.9), else off track: the rule of "
                                 "kpilot compute --targets and KPI.STATUS."};
    for (std::uint32_t i = 0; i < 3; ++i) worksheet_write_string(sheet, 1 + i, 0, lines[i].c_str(), style.subtitle);

    std::vector<std::pair<std::uint16_t, std::string>> headers{{c.kpi, "kpi"},
                                                               {c.target, "target"},
                                                               {c.on_track_at, "on_track_at"},
                                                               {c.at_risk_at, "at_risk_at"},
                                                               {c.direction, "direction"},
                                                               {c.actual, "actual"},
                                                               {c.attainment, "attainment"},
                                                               {c.status, "status"},
                                                               {c.note, "note"}};
    if (c.period) headers.emplace_back(*c.period, "period");
    if (c.group) headers.emplace_back(*c.group, layout.group_name);
    for (const auto& [column, name] : headers)
        worksheet_write_string(sheet, header_row, column, name.c_str(), style.header);

    const std::uint32_t first = header_row + 1;
    const std::uint32_t last = first + static_cast<std::uint32_t>(targets.size()) + spare_rows - 1;
    for (std::uint32_t r = first; r <= last; ++r) {
        const TargetRow* target = r - first < targets.size() ? &targets[r - first] : nullptr;
        const std::string kpi = cell(r, c.kpi, true, false);
        const std::string target_cell = cell(r, c.target, true, false);
        const std::string direction = cell(r, c.direction, true, false);
        const std::string actual = cell(r, c.actual, true, false);
        const std::string attained = cell(r, c.attainment, true, false);
        const std::string blank = "IF(OR(" + kpi + "=\"\"," + target_cell + "=\"\"),\"\",";

        // The user's cells.
        if (target) {
            worksheet_write_string(sheet, r, c.kpi, target->kpi.c_str(), style.input);
            if (c.period) {
                if (target->period)
                    worksheet_write_number(sheet, r, *c.period, *target->period, style.month);
                else if (!target->period_text.empty())
                    worksheet_write_string(sheet, r, *c.period, target->period_text.c_str(), style.input);
            }
            if (c.group && target->group)
                worksheet_write_string(sheet, r, *c.group, target->group->c_str(), style.input);
            if (target->target)
                worksheet_write_number(sheet, r, c.target, *target->target, style.input_number(Unit::any));
            if (target->on_track_at)
                worksheet_write_number(sheet, r, c.on_track_at, *target->on_track_at, style.input_number(Unit::any));
            if (target->at_risk_at)
                worksheet_write_number(sheet, r, c.at_risk_at, *target->at_risk_at, style.input_number(Unit::any));
            if (!target->note.empty()) worksheet_write_string(sheet, r, c.note, target->note.c_str(), style.note);
        }

        // The scope's lookup key, as the KPIs sheet's hidden key column spells it.
        const std::string period_key = c.period ? "IF(" + cell(r, *c.period, true, false) + "=\"\",\"" +
                                                      std::string(all_periods_label) + "\"," +
                                                      cell(r, *c.period, true, false) + ")"
                                                : "";
        const std::string group_key = c.group
                                          ? "IF(" + cell(r, *c.group, true, false) + "=\"\",\"" +
                                                std::string(total_label) + "\"," + cell(r, *c.group, true, false) + ")"
                                          : "";
        const std::string key = c.period && c.group ? period_key + "&\"|\"&" + group_key
                                : c.period          ? period_key + "&\"\""
                                : c.group           ? group_key + "&\"\""
                                                    : "\"" + std::string(total_label) + "\"";
        const CachedTarget cached = target ? cached_values(context, *target) : CachedTarget{};
        const Value none(std::string{});
        write_formula_with_value(
            sheet, r, c.direction,
            "IF(" + kpi + "=\"\",\"\",INDEX(" + kpi_directions_name + ",MATCH(" + kpi + "," + kpi_names_name + ",0)))",
            target ? cached.direction : none, nullptr);
        const Unit unit = [&] {
            const ModelKpi* k = target ? model.find_kpi(target->kpi) : nullptr;
            return k ? k->unit : Unit::any;
        }();
        write_formula_with_value(sheet, r, c.actual,
                                 "IF(" + kpi + "=\"\",\"\",INDEX(" + kpi_values_name + ",MATCH(" + key + "," +
                                     kpi_keys_name + ",0),MATCH(" + kpi + "," + kpi_header_name + ",0)))",
                                 target ? cached.actual : none, style.number(unit));
        write_formula_with_value(sheet, r, c.attainment,
                                 blank + "IF(" + direction + "=\"lower is better\"," + target_cell + "/" + actual +
                                     "," + actual + "/" + target_cell + "))",
                                 target ? cached.attainment : none, style.number(Unit::ratio));
        // Nothing beats zero when lower is better, although target / 0 has no value.
        const std::string on_track_at =
            "IF(" + cell(r, c.on_track_at, true, false) + "=\"\",1," + cell(r, c.on_track_at, true, false) + ")";
        const std::string at_risk_at =
            "IF(" + cell(r, c.at_risk_at, true, false) + "=\"\",0.9," + cell(r, c.at_risk_at, true, false) + ")";
        write_formula_with_value(sheet, r, c.status,
                                 blank + "IF(AND(" + direction + "=\"lower is better\"," + actual +
                                     "=0),\"on track\",IF(" + attained + ">=" + on_track_at + ",\"on track\",IF(" +
                                     attained + ">=" + at_risk_at + ",\"at risk\",\"off track\"))))",
                                 target ? cached.status : none, nullptr);
    }

    // Green, amber and red by status; the status already follows the KPI's direction.
    const std::string status = cell(first, c.status, true, false);
    const std::pair<const char*, lxw_format*> colours[] = {
        {"on track", style.good}, {"at risk", style.warning}, {"off track", style.bad}};
    for (const auto& [word, format] : colours) {
        const std::string rule = "=" + status + "=\"" + word + "\"";
        for (std::uint16_t column : {c.actual, c.attainment, c.status}) {
            lxw_conditional_format conditional{};
            conditional.type = LXW_CONDITIONAL_TYPE_FORMULA;
            conditional.value_string = writable(rule);
            conditional.format = format;
            worksheet_conditional_format_range(sheet, first, column, last, column, &conditional);
        }
    }

    // Inputs the formulas can read: a KPI of the model, a month, a known group, a target >= 0.
    const std::string kpis = std::string("=") + kpi_names_name;
    validate(sheet, first, last, c.kpi, list_rule(kpis, false));
    const std::string groups = std::string("=") + group_values_name;
    if (c.group) validate(sheet, first, last, *c.group, list_rule(groups, true));
    if (c.period) {
        const std::string title = "Month";
        const std::string message = "The first day of a month, such as 2026-09-01; blank for all months together.";
        lxw_data_validation month = number_rule(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 1, message);
        month.validate = LXW_VALIDATION_TYPE_DATE_NUMBER;
        month.input_title = writable(title);
        month.input_message = writable(message);
        validate(sheet, first, last, *c.period, month);
    }
    const std::string target_message = "A target is 0 or more, in the KPI's unit (0.25 for 25%).";
    validate(sheet, first, last, c.target,
             number_rule(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 0, target_message));
    const std::string threshold_message =
        "A threshold on attainment is above 0; at_risk_at must not exceed on_track_at.";
    for (std::uint16_t column : {c.on_track_at, c.at_risk_at})
        validate(sheet, first, last, column, number_rule(LXW_VALIDATION_CRITERIA_GREATER_THAN, 0, threshold_message));

    worksheet_set_column(sheet, c.kpi, c.kpi, 30, nullptr);
    worksheet_set_column(sheet, static_cast<std::uint16_t>(c.kpi + 1), c.status, 14, nullptr);
    worksheet_set_column(sheet, c.direction, c.direction, 16, nullptr);
    worksheet_set_column(sheet, c.note, c.note, 40, nullptr);
    worksheet_freeze_panes(sheet, first, 1);
    worksheet_autofilter(sheet, header_row, 0, last, c.note);
    set_print_layout(sheet, header_row, header_row);
}

}  // namespace kpilot::templates
