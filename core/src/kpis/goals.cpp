// Goal KPIs: growth, attainment against targets, status and CAGR.
#include <cctype>
#include <cmath>

#include "kpilot/text_case.hpp"
#include "kpilot/targets.hpp"
#include "kpis/families.hpp"
#include "kpis/kpi_math.hpp"

namespace kpilot::kpis {

namespace {

// "higher", "lower", or the id or worksheet name of a KPI whose direction applies.
Result<Direction> direction_named(std::string_view name) {
    const std::string word = lowercase(name);
    if (word.empty() || word == "higher" || word == "higher_is_better") return Direction::higher_is_better;
    if (word == "lower" || word == "lower_is_better") return Direction::lower_is_better;
    if (const KpiDefinition* kpi = Registry::builtin().find(name)) return kpi->direction;
    return wrong_type("direction must be \"higher\", \"lower\" or a KPI's id or name (such as \"churn_rate\"), got \"" +
                      std::string(name) + "\"");
}

Parameter direction_parameter() {
    return text("direction", "\"higher\" (default), \"lower\", or a KPI id or name such as \"KPI.CAC\" to use its direction")
        .defaults_to("higher");
}

}  // namespace

void register_goal_kpis(Registry& r) {
    r.add({
        .id = "growth_rate",
        .worksheet_name = "KPI.GROWTH",
        .title = "Period-over-period growth",
        .description = "Change from the previous period as a fraction of the previous value.",
        .parameters = {number("current", Unit::any, "Value this period"),
                       number("previous", Unit::any, "Value the period before")},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "(current - previous) / abs(previous)",
        .source = "Standard growth rate; abs() in the denominator as in Farris et al. (2010) for negative bases",
        .notes = "Dividing by abs(previous) keeps the sign meaningful when the base is negative (a loss shrinking "
                 "from -100 to -50 is +50%). A previous value of 0 is #DIV/0!.",
        .compute =
            [](const Inputs& in) { return divide(in.number(0) - in.number(1), std::fabs(in.number(1)), "previous"); },
    });
    r.add({
        .id = "target_attainment",
        .worksheet_name = "KPI.ATTAINMENT",
        .title = "Attainment against target",
        .description = "Actual as a share of target, inverted when lower is better, so above 1 always means beaten.",
        .parameters = {number("actual", Unit::any, "The KPI's actual value"),
                       number("target", Unit::any, "Its target").at_least(0), direction_parameter()},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "higher is better: actual / target; lower is better: target / actual",
        .source = "Balanced-scorecard practice (Kaplan & Norton); inverse ratio for lower-is-better measures",
        .notes = "For a cost target of 100 and an actual of 80, attainment is 1.25.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                auto direction = direction_named(in.text(2));
                if (!direction) return direction.error();
                auto ratio = attainment(in.number(0), in.number(1), direction.value());
                if (!ratio) return ratio.error();
                return Value(ratio.value());
            },
    });
    r.add({
        .id = "target_status",
        .worksheet_name = "KPI.STATUS",
        .title = "Status against target",
        .description = "\"on track\", \"at risk\" or \"off track\" from attainment and two thresholds.",
        .parameters = {number("actual", Unit::any, "The KPI's actual value"),
                       number("target", Unit::any, "Its target").at_least(0), direction_parameter(),
                       number("on_track_at", Unit::ratio, "Attainment from which it is on track; default 1").above(0).defaults_to(1.0),
                       number("at_risk_at", Unit::ratio, "Attainment from which it is at risk; default 0.9").above(0).defaults_to(0.9)},
        .unit = Unit::status,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "attainment >= on_track_at: on track; >= at_risk_at: at risk; else off track",
        .source = "Red/amber/green reporting practice",
        .notes = "When lower is better, an actual of 0 is on track.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                auto direction = direction_named(in.text(2));
                if (!direction) return direction.error();
                auto status = status_against_target(in.number(0), in.number(1), direction.value(),
                                                    {.on_track_at = in.number(3), .at_risk_at = in.number(4)});
                if (!status) return status.error();
                return Value(std::string(to_string(status.value())));
            },
    });
    r.add({
        .id = "compound_annual_growth_rate",
        .worksheet_name = "KPI.CAGR",
        .title = "Compound annual growth rate",
        .description = "Constant yearly growth that takes the beginning value to the ending value.",
        .parameters = {number("beginning_value", Unit::currency, "Value at the start").at_least(0),
                       number("ending_value", Unit::currency, "Value at the end").at_least(0),
                       number("years", Unit::years, "Years between them").above(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "(ending_value / beginning_value) ^ (1 / years) - 1",
        .source = "CFA Institute, Quantitative Methods (compound growth)",
        .notes = "A beginning value of 0 is #DIV/0!.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                if (in.number(0) == 0) return division_by_zero("beginning_value");
                return Value(std::pow(in.number(1) / in.number(0), 1.0 / in.number(2)) - 1.0);
            },
    });
}

}  // namespace kpilot::kpis
