// Sales pipeline KPIs.
#include "kpis/families.hpp"
#include "kpis/kpi_math.hpp"

namespace kpilot::kpis {

namespace {
constexpr auto funnel_note =
    "Counted in one period, the later stage may hold items that entered the earlier stage in a previous period, "
    "so the ratio can exceed 1; it is not clamped.";
}  // namespace

void register_sales_kpis(Registry& r) {
    r.add({
        .id = "lead_to_opportunity_ratio",
        .worksheet_name = "KPI.LEADTOOPP",
        .title = "Lead-to-opportunity ratio",
        .description = "Share of leads that became sales opportunities.",
        .parameters = {number("opportunities", Unit::count, "Opportunities created from the leads").at_least(0),
                       number("leads", Unit::count, "Leads").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::leading,
        .formula = "opportunities / leads",
        .source = "Salesforce, Sales pipeline metrics; SiriusDecisions Demand Waterfall",
        .notes = funnel_note,
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "leads"); },
    });
    r.add({
        .id = "opportunity_to_customer_ratio",
        .worksheet_name = "KPI.OPPTOCUST",
        .title = "Opportunity-to-customer ratio",
        .description = "Share of opportunities that became paying customers.",
        .parameters = {number("new_customers", Unit::count, "Customers won from the opportunities").at_least(0),
                       number("opportunities", Unit::count, "Opportunities").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "new_customers / opportunities",
        .source = "Salesforce, Sales pipeline metrics",
        .notes = funnel_note,
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "opportunities"); },
    });
    r.add({
        .id = "win_rate",
        .worksheet_name = "KPI.WINRATE",
        .title = "Win rate",
        .description = "Share of decided opportunities that were won (or of all opportunities, by option).",
        .parameters = {number("won", Unit::count, "Opportunities won").at_least(0),
                       number("lost", Unit::count, "Opportunities lost").at_least(0),
                       number("open", Unit::count, "Opportunities still open; counted only when basis is \"all\"")
                           .at_least(0)
                           .defaults_to(0.0),
                       choice("basis", {"closed", "all"},
                              "\"closed\" (default): won / (won + lost); \"all\": won / (won + lost + open)")},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "closed: won / (won + lost); all: won / (won + lost + open)",
        .source = "Salesforce and HubSpot sales reporting (win rate over closed opportunities)",
        .notes = "Over closed opportunities by default, so open deals neither help nor hurt.",
        .compute =
            [](const Inputs& in) {
                const double decided = in.number(0) + in.number(1);
                const bool all = in.text(3) == "all";
                return divide(in.number(0), all ? decided + in.number(2) : decided,
                              all ? "won + lost + open" : "won + lost");
            },
    });
    r.add({
        .id = "average_deal_size",
        .worksheet_name = "KPI.AVGDEAL",
        .title = "Average deal size",
        .description = "Mean amount of the won deals in a range.",
        .parameters = {numbers("deal_amounts", Unit::currency, "Amounts of won deals; blanks and text are skipped")
                           .at_least(0)},
        .unit = Unit::currency,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "sum(deal_amounts) / count(deal_amounts)",
        .source = "Salesforce, Sales pipeline metrics",
        .notes = "An empty range gives #DIV/0!, as AVERAGE does.",
        .compute = [](const Inputs& in) { return mean_of(in.numbers(0), "deal_amounts"); },
    });
    r.add({
        .id = "sales_cycle_length",
        .worksheet_name = "KPI.SALESCYCLE",
        .title = "Sales cycle length",
        .description = "Days from opportunity created to closed, averaged over closed deals.",
        .parameters = {aligned_numbers("created_dates", Unit::date, "Date each opportunity was created").at_least(0),
                       aligned_numbers("closed_dates", Unit::date,
                                       "Date each was closed, in the same order; blank while still open")
                           .at_least(0),
                       choice("statistic", {"mean", "median"}, "\"mean\" (default) or \"median\" of the cycle lengths")},
        .unit = Unit::days,
        .direction = Direction::lower_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "mean (or median) of closed_date - created_date over deals with both dates",
        .source = "HubSpot, Sales cycle length",
        .notes = "Open deals (no close date) are left out. A close date without a created date is #N/A; a close "
                 "before creation is #NUM!; no closed deal at all is #DIV/0!.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                auto days = elapsed_between(in.aligned(0), "created_dates", in.aligned(1), "closed_dates");
                if (!days) return days.error();
                if (in.text(2) == "median") return median_of(std::move(days).value(), "closed deals");
                return mean_of(days.value(), "closed deals");
            },
    });
    r.add({
        .id = "pipeline_velocity",
        .worksheet_name = "KPI.PIPEVELOCITY",
        .title = "Pipeline velocity",
        .description = "Revenue the pipeline produces per day: opportunities x deal size x win rate / cycle days.",
        .parameters = {number("opportunities", Unit::count, "Qualified opportunities in the pipeline").at_least(0),
                       number("average_deal_size", Unit::currency, "Average won deal amount").at_least(0),
                       number("win_rate", Unit::ratio, "Win rate as a fraction, 0.25 for 25%").between(0, 1),
                       number("sales_cycle_days", Unit::days, "Average sales cycle length in days").at_least(0)},
        .unit = Unit::currency,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::leading,
        .formula = "opportunities * average_deal_size * win_rate / sales_cycle_days",
        .source = "Salesforce, Sales velocity; HubSpot, Sales velocity",
        .notes = "Currency per day.",
        .compute =
            [](const Inputs& in) {
                return divide(in.number(0) * in.number(1) * in.number(2), in.number(3), "sales_cycle_days");
            },
    });
    r.add({
        .id = "quota_attainment",
        .worksheet_name = "KPI.QUOTA",
        .title = "Quota attainment",
        .description = "Bookings achieved as a share of the quota.",
        .parameters = {number("achieved", Unit::currency, "Bookings or revenue achieved"),
                       number("quota", Unit::currency, "The quota for the same period").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "achieved / quota",
        .source = "Salesforce, Quota attainment",
        .notes = "Above 1 means the quota was beaten.",
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "quota"); },
    });
}

}  // namespace kpilot::kpis
