// Finance, production and people KPIs.
#include "kpis/families.hpp"
#include "kpis/kpi_math.hpp"

namespace kpilot::kpis {

namespace {

constexpr auto nakajima = "Nakajima, Introduction to TPM (1988); OEE Foundation, OEE calculation";

Result<Value> availability(double run_time, double planned_time) {
    return share_of(run_time, "run_time", planned_time, "planned_production_time");
}
Result<Value> performance(double ideal_cycle_time, double total_count, double run_time) {
    return share_of(ideal_cycle_time * total_count, "ideal_cycle_time * total_count", run_time, "run_time");
}
Result<Value> quality(double good_count, double total_count) {
    return share_of(good_count, "good_count", total_count, "total_count");
}

Parameter planned_production_time() {
    return number("planned_production_time", Unit::duration, "Time the equipment was scheduled to run").at_least(0);
}
Parameter run_time() {
    return number("run_time", Unit::duration, "Time it actually ran (planned time less stops), same unit").at_least(0);
}
Parameter ideal_cycle_time() {
    return number("ideal_cycle_time", Unit::duration, "Fastest possible time for one piece, same unit").at_least(0);
}
Parameter total_count() { return number("total_count", Unit::count, "Pieces produced, good and bad").at_least(0); }
Parameter good_count() { return number("good_count", Unit::count, "Pieces right first time").at_least(0); }

}  // namespace

void register_operations_kpis(Registry& r) {
    r.add({
        .id = "gross_margin",
        .worksheet_name = "KPI.GROSSMARGIN",
        .title = "Gross margin",
        .description = "Share of revenue left after the cost of goods sold.",
        .parameters = {number("revenue", Unit::currency, "Revenue").at_least(0),
                       number("cost_of_goods_sold", Unit::currency, "Direct cost of what was sold").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "(revenue - cost_of_goods_sold) / revenue",
        .source = "Farris et al., Marketing Metrics, 2nd ed. (2010), ch. 3; IFRS/GAAP gross profit",
        .notes = "Negative when goods cost more than they sold for.",
        .compute = [](const Inputs& in) { return divide(in.number(0) - in.number(1), in.number(0), "revenue"); },
    });
    r.add({
        .id = "overall_equipment_effectiveness",
        .worksheet_name = "KPI.OEE",
        .title = "Overall equipment effectiveness",
        .description = "Availability x performance x quality of a machine or line, from its times and counts.",
        .parameters = {planned_production_time(), run_time(), ideal_cycle_time(), total_count(), good_count()},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "(run_time / planned_production_time) * (ideal_cycle_time * total_count / run_time) * "
                   "(good_count / total_count)",
        .source = nakajima,
        .notes = "Each factor is also a KPI: KPI.AVAILABILITY, KPI.PERFORMANCE, KPI.QUALITY. A factor above 1 is "
                 "impossible and gives #NUM!. No run time and no pieces is an OEE of 0.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                auto a = availability(in.number(1), in.number(0));
                if (!a) return a;
                // A machine that never ran has no speed to measure, but its OEE is plainly 0.
                if (in.number(1) == 0 && in.number(3) == 0) return Value(0.0);
                auto p = performance(in.number(2), in.number(3), in.number(1));
                if (!p) return p;
                auto q = quality(in.number(4), in.number(3));
                if (!q) return q;
                return Value(a.value().number() * p.value().number() * q.value().number());
            },
    });
    r.add({
        .id = "oee_availability",
        .worksheet_name = "KPI.AVAILABILITY",
        .title = "OEE availability",
        .description = "Share of planned production time the equipment actually ran.",
        .parameters = {run_time(), planned_production_time()},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "run_time / planned_production_time",
        .source = nakajima,
        .notes = "",
        .compute = [](const Inputs& in) { return availability(in.number(0), in.number(1)); },
    });
    r.add({
        .id = "oee_performance",
        .worksheet_name = "KPI.PERFORMANCE",
        .title = "OEE performance",
        .description = "Speed while running, as a share of the ideal: ideal cycle time x count / run time.",
        .parameters = {ideal_cycle_time(), total_count(), run_time()},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "ideal_cycle_time * total_count / run_time",
        .source = nakajima,
        .notes = "Above 1 means the ideal cycle time is set too slow: #NUM!.",
        .compute = [](const Inputs& in) { return performance(in.number(0), in.number(1), in.number(2)); },
    });
    r.add({
        .id = "oee_quality",
        .worksheet_name = "KPI.QUALITY",
        .title = "OEE quality",
        .description = "Share of pieces produced that were good first time.",
        .parameters = {good_count(), total_count()},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "good_count / total_count",
        .source = nakajima,
        .notes = "",
        .compute = [](const Inputs& in) { return quality(in.number(0), in.number(1)); },
    });
    r.add({
        .id = "employee_retention_rate",
        .worksheet_name = "KPI.EMPRETENTION",
        .title = "Employee retention rate",
        .description = "Share of the employees at the start of a period still employed at its end.",
        .parameters = {number("employees_retained", Unit::count, "Of those at the start, how many are still employed")
                           .at_least(0),
                       number("employees_at_start", Unit::count, "Headcount at the start of the period").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "employees_retained / employees_at_start",
        .source = "SHRM, How to determine retention and turnover rates",
        .notes = "Hires during the period are not counted.",
        .compute =
            [](const Inputs& in) {
                return share_of(in.number(0), "employees_retained", in.number(1), "employees_at_start");
            },
    });
    r.add({
        .id = "employee_turnover_rate",
        .worksheet_name = "KPI.TURNOVER",
        .title = "Employee turnover rate",
        .description = "Separations as a share of average headcount over the period.",
        .parameters = {number("separations", Unit::count, "Employees who left, voluntarily or not").at_least(0),
                       number("employees_at_start", Unit::count, "Headcount at the start of the period").at_least(0),
                       number("employees_at_end", Unit::count, "Headcount at the end of the period").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::lower_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "separations / ((employees_at_start + employees_at_end) / 2)",
        .source = "U.S. Bureau of Labor Statistics, JOLTS separations rate; SHRM",
        .notes = "Can exceed 1 where roles turn over more than once in the period.",
        .compute =
            [](const Inputs& in) {
                return divide(in.number(0), (in.number(1) + in.number(2)) / 2.0, "average headcount");
            },
    });
    r.add({
        .id = "average_resolution_time",
        .worksheet_name = "KPI.RESOLUTIONTIME",
        .title = "Average ticket resolution time",
        .description = "Mean hours from a ticket being opened to being resolved, over resolved tickets.",
        .parameters = {aligned_numbers("opened_at", Unit::date, "Date and time each ticket was opened").at_least(0),
                       aligned_numbers("resolved_at", Unit::date,
                                       "Date and time each was resolved, same order; blank while open")
                           .at_least(0)},
        .unit = Unit::hours,
        .direction = Direction::lower_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "24 * mean(resolved_at - opened_at) over resolved tickets",
        .source = "HDI, Support center metrics (mean time to resolve)",
        .notes = "Dates are spreadsheet date-times (days), so the mean is multiplied by 24 for hours. Open tickets "
                 "are left out; no resolved ticket is #DIV/0!.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                auto days = elapsed_between(in.aligned(0), "opened_at", in.aligned(1), "resolved_at");
                if (!days) return days.error();
                auto mean = mean_of(days.value(), "resolved tickets");
                if (!mean) return mean;
                return Value(24.0 * mean.value().number());
            },
    });
}

}  // namespace kpilot::kpis
