// Marketing and acquisition KPIs.
#include "kpis/families.hpp"
#include "kpis/kpi_math.hpp"

namespace kpilot::kpis {

namespace {
constexpr auto farris = "Farris, Bendle, Pfeifer & Reibstein, Marketing Metrics, 2nd ed. (2010)";
constexpr auto funnel_note =
    "Counted in one period, the later stage may hold items that entered the earlier stage in a previous period, "
    "so the ratio can exceed 1; it is not clamped.";
}  // namespace

void register_marketing_kpis(Registry& r) {
    r.add({
        .id = "roi",
        .worksheet_name = "KPI.ROI",
        .title = "Return on investment",
        .description = "Net gain per unit invested: (gain - cost) / cost.",
        .parameters = {number("gain", Unit::currency, "What the investment returned (revenue or value gained)"),
                       number("cost", Unit::currency, "What was invested").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "(gain - cost) / cost",
        .source = "Investopedia, Return on Investment (ROI); Farris et al. (2010), ch. 10",
        .notes = "0 means the investment paid back exactly; -1 means everything was lost.",
        .compute = [](const Inputs& in) { return divide(in.number(0) - in.number(1), in.number(1), "cost"); },
    });
    r.add({
        .id = "romi",
        .worksheet_name = "KPI.ROMI",
        .title = "Return on marketing investment (margin-based)",
        .description = "Contribution earned by marketing, net of its cost, per unit of spend.",
        .parameters = {number("incremental_revenue", Unit::currency, "Revenue the marketing added over the baseline"),
                       number("contribution_margin", Unit::ratio, "Share of revenue left after variable costs, 0.4 for 40%")
                           .at_most(1),
                       number("marketing_spend", Unit::currency, "What the marketing cost").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "(incremental_revenue * contribution_margin - marketing_spend) / marketing_spend",
        .source = std::string(farris) + ", ch. 10 (ROMI from incremental contribution)",
        .notes = "The margin-based form is the standard one: revenue that costs as much to deliver as it brings in "
                 "is no return. KPI.ROMIREV is the revenue-based form.",
        .compute =
            [](const Inputs& in) {
                return divide(in.number(0) * in.number(1) - in.number(2), in.number(2), "marketing_spend");
            },
    });
    r.add({
        .id = "romi_revenue_based",
        .worksheet_name = "KPI.ROMIREV",
        .title = "Return on marketing investment (revenue-based)",
        .description = "Revenue attributed to marketing, net of its cost, per unit of spend.",
        .parameters = {number("attributed_revenue", Unit::currency, "Revenue attributed to the marketing"),
                       number("marketing_spend", Unit::currency, "What the marketing cost").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "(attributed_revenue - marketing_spend) / marketing_spend",
        .source = "Common revenue-based practice; see Farris et al. (2010), ch. 10 for why margin-based is preferred",
        .notes = "Overstates the return whenever margins are below 100%; use KPI.ROMI where the margin is known.",
        .compute =
            [](const Inputs& in) { return divide(in.number(0) - in.number(1), in.number(1), "marketing_spend"); },
    });
    r.add({
        .id = "roas",
        .worksheet_name = "KPI.ROAS",
        .title = "Return on ad spend",
        .description = "Revenue per unit of advertising spend (4 means 4 of revenue for 1 spent).",
        .parameters = {number("attributed_revenue", Unit::currency, "Revenue attributed to the ads").at_least(0),
                       number("ad_spend", Unit::currency, "What the ads cost").at_least(0)},
        .unit = Unit::multiple,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "attributed_revenue / ad_spend",
        .source = "Google Ads Help, Return on ad spend (ROAS)",
        .notes = "A multiple, not a net return: ROAS 1 means the ads paid for themselves in revenue only.",
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "ad_spend"); },
    });
    r.add({
        .id = "customer_acquisition_cost",
        .worksheet_name = "KPI.CAC",
        .title = "Customer acquisition cost (blended)",
        .description = "All sales and marketing cost per new customer won.",
        .parameters = {number("sales_and_marketing_cost", Unit::currency,
                              "Total sales and marketing cost of the period, paid and organic")
                           .at_least(0),
                       number("new_customers", Unit::count, "Customers won in the same period").at_least(0)},
        .unit = Unit::currency,
        .direction = Direction::lower_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "sales_and_marketing_cost / new_customers",
        .source = "David Skok, SaaS Metrics 2.0 (For Entrepreneurs); Farris et al. (2010), ch. 5",
        .notes = "Blended: organic customers are counted too. KPI.CACPAID counts paid channels only.",
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "new_customers"); },
    });
    r.add({
        .id = "paid_customer_acquisition_cost",
        .worksheet_name = "KPI.CACPAID",
        .title = "Customer acquisition cost (paid)",
        .description = "Paid media spend per customer won through paid channels.",
        .parameters = {number("paid_marketing_spend", Unit::currency, "Spend on paid channels").at_least(0),
                       number("paid_new_customers", Unit::count, "Customers won through those paid channels").at_least(0)},
        .unit = Unit::currency,
        .direction = Direction::lower_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "paid_marketing_spend / paid_new_customers",
        .source = "David Skok, SaaS Metrics 2.0 (paid CAC)",
        .notes = "Lower than blended CAC when organic channels win customers at no media cost.",
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "paid_new_customers"); },
    });
    r.add({
        .id = "cost_per_lead",
        .worksheet_name = "KPI.CPL",
        .title = "Cost per lead",
        .description = "Marketing spend per lead generated.",
        .parameters = {number("marketing_spend", Unit::currency, "What the lead generation cost").at_least(0),
                       number("leads", Unit::count, "Leads generated").at_least(0)},
        .unit = Unit::currency,
        .direction = Direction::lower_is_better,
        .family = Family::efficiency,
        .timing = Timing::leading,
        .formula = "marketing_spend / leads",
        .source = std::string(farris) + ", ch. 9",
        .notes = "",
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "leads"); },
    });
    r.add({
        .id = "click_through_rate",
        .worksheet_name = "KPI.CTR",
        .title = "Click-through rate",
        .description = "Share of impressions that were clicked.",
        .parameters = {number("clicks", Unit::count, "Clicks on the ad or link").at_least(0),
                       number("impressions", Unit::count, "Times it was shown").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::activity,
        .timing = Timing::leading,
        .formula = "clicks / impressions",
        .source = std::string(farris) + ", ch. 9",
        .notes = "More clicks than impressions is impossible and gives #NUM!.",
        .compute = [](const Inputs& in) { return share_of(in.number(0), "clicks", in.number(1), "impressions"); },
    });
    r.add({
        .id = "conversion_rate",
        .worksheet_name = "KPI.CONVRATE",
        .title = "Conversion rate",
        .description = "Share of visitors (or sessions, or contacts) who converted.",
        .parameters = {number("conversions", Unit::count, "Visitors who completed the goal").at_least(0),
                       number("visitors", Unit::count, "Visitors, sessions or contacts who could have").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::leading,
        .formula = "conversions / visitors",
        .source = std::string(farris) + ", ch. 9",
        .notes = funnel_note,
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "visitors"); },
    });
    r.add({
        .id = "bounce_rate",
        .worksheet_name = "KPI.BOUNCERATE",
        .title = "Bounce rate",
        .description = "Share of sessions that bounced: single-page sessions, or sessions not engaged (GA4).",
        .parameters = {number("bounced_or_engaged_sessions", Unit::count,
                              "Single-page sessions, or engaged sessions when definition is \"engagement\"")
                           .at_least(0),
                       number("sessions", Unit::count, "All sessions").at_least(0),
                       choice("definition", {"single_page", "engagement"},
                              "\"single_page\" (default): bounces / sessions; \"engagement\": 1 - engaged / sessions")},
        .unit = Unit::ratio,
        .direction = Direction::lower_is_better,
        .family = Family::activity,
        .timing = Timing::leading,
        .formula = "single_page: bounced_sessions / sessions; engagement: 1 - engaged_sessions / sessions",
        .source = "Google Analytics Help, [UA] Bounce rate and [GA4] Engagement rate and bounce rate",
        .notes = "Universal Analytics counted single-page sessions; GA4 counts sessions that were not engaged "
                 "(under 10 s, one page view, no conversion). The two differ on the same traffic.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                const bool engagement = in.text(2) == "engagement";
                auto share = share_of(in.number(0), engagement ? "engaged sessions" : "single-page sessions", in.number(1),
                                      "sessions");
                if (!share || !engagement) return share;
                return Value(1.0 - share.value().number());
            },
    });
    r.add({
        .id = "email_open_rate",
        .worksheet_name = "KPI.OPENRATE",
        .title = "Email open rate",
        .description = "Share of delivered emails that were opened (unique opens).",
        .parameters = {number("unique_opens", Unit::count, "Recipients who opened at least once").at_least(0),
                       number("emails_delivered", Unit::count, "Emails delivered (sent minus bounced)").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::activity,
        .timing = Timing::leading,
        .formula = "unique_opens / emails_delivered",
        .source = "Mailchimp, Email Marketing Benchmarks (open rate over delivered emails)",
        .notes = "Over delivered, not sent, so bounces do not depress it. Privacy-protected opens inflate it.",
        .compute =
            [](const Inputs& in) { return share_of(in.number(0), "unique_opens", in.number(1), "emails_delivered"); },
    });
    r.add({
        .id = "email_delivery_rate",
        .worksheet_name = "KPI.DELIVERYRATE",
        .title = "Email delivery rate",
        .description = "Share of sent emails that were delivered (did not bounce).",
        .parameters = {number("emails_delivered", Unit::count, "Emails accepted by the receiving server").at_least(0),
                       number("emails_sent", Unit::count, "Emails sent").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::activity,
        .timing = Timing::leading,
        .formula = "emails_delivered / emails_sent",
        .source = "Mailchimp, About Bounces; Campaign Monitor, Email deliverability",
        .notes = "Delivered is not inboxed: spam-foldered mail counts as delivered.",
        .compute = [](const Inputs& in) { return share_of(in.number(0), "emails_delivered", in.number(1), "emails_sent"); },
    });
    r.add({
        .id = "email_bounce_rate",
        .worksheet_name = "KPI.EMAILBOUNCE",
        .title = "Email bounce rate",
        .description = "Share of sent emails that bounced (hard and soft).",
        .parameters = {number("emails_bounced", Unit::count, "Emails returned as undeliverable").at_least(0),
                       number("emails_sent", Unit::count, "Emails sent").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::lower_is_better,
        .family = Family::activity,
        .timing = Timing::leading,
        .formula = "emails_bounced / emails_sent",
        .source = "Mailchimp, About Bounces",
        .notes = "Email bounce rate and delivery rate add up to 1.",
        .compute = [](const Inputs& in) { return share_of(in.number(0), "emails_bounced", in.number(1), "emails_sent"); },
    });
    r.add({
        .id = "click_to_open_rate",
        .worksheet_name = "KPI.CTOR",
        .title = "Click-to-open rate",
        .description = "Share of recipients who opened an email and then clicked in it.",
        .parameters = {number("unique_clicks", Unit::count, "Recipients who clicked at least once").at_least(0),
                       number("unique_opens", Unit::count, "Recipients who opened at least once").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::activity,
        .timing = Timing::leading,
        .formula = "unique_clicks / unique_opens",
        .source = "Campaign Monitor, Click-to-open rate",
        .notes = "Recipients who block images click without registering an open, so the rate can exceed 1; it is "
                 "not clamped.",
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "unique_opens"); },
    });
    r.add({
        .id = "mql_to_sql_rate",
        .worksheet_name = "KPI.MQLTOSQL",
        .title = "MQL-to-SQL rate",
        .description = "Share of marketing-qualified leads that sales accepted as sales-qualified.",
        .parameters = {number("sqls", Unit::count, "Sales-qualified leads").at_least(0),
                       number("mqls", Unit::count, "Marketing-qualified leads").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::leading,
        .formula = "sqls / mqls",
        .source = "SiriusDecisions Demand Waterfall (Forrester)",
        .notes = funnel_note,
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "mqls"); },
    });
}

}  // namespace kpilot::kpis
