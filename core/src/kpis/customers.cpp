// Customer and recurring-revenue KPIs.
#include <cctype>
#include <cmath>

#include "kpis/families.hpp"
#include "kpis/kpi_math.hpp"

namespace kpilot::kpis {

namespace {

constexpr auto skok = "David Skok, SaaS Metrics 2.0 (For Entrepreneurs)";

std::string lowercase(std::string_view text) {
    std::string out;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A billing period as months: a number of months, or a word billing systems export.
Result<double> billing_period_months(const Value& cell, std::size_t position) {
    const std::string where = "billing_periods at position " + std::to_string(position);
    if (cell.is_empty()) return missing_data(where + " is blank but its amount is not");
    if (cell.is_number()) {
        if (cell.number() <= 0) return out_of_domain(where + " must be more than 0 months, got " + number_text(cell.number()));
        return cell.number();
    }
    if (cell.is_text()) {
        const std::string word = lowercase(cell.text());
        if (word == "month" || word == "monthly") return 1.0;
        if (word == "quarter" || word == "quarterly") return 3.0;
        if (word == "halfyear" || word == "halfyearly" || word == "semiannual" || word == "semiannually") return 6.0;
        if (word == "year" || word == "yearly" || word == "annual" || word == "annually") return 12.0;
        return wrong_type(where + " is \"" + cell.text() +
                          "\"; use months (1, 3, 12) or monthly, quarterly, semiannual, annual");
    }
    return wrong_type(where + " must be a number of months or a period name");
}

// Sum over subscriptions of amount / billing period in months. A single
// billing period cell applies to every amount.
Result<Value> monthly_recurring_revenue(const Inputs& in) {
    const auto& amounts = in.aligned(0);
    const Argument* periods = in.raw(1);
    const std::size_t period_count = periods ? periods->cells().size() : 0;
    if (period_count != 1 && period_count != amounts.size())
        return wrong_type("amounts has " + std::to_string(amounts.size()) + " cells but billing_periods has " +
                          std::to_string(period_count) + "; give one period per amount, or one for all");
    double mrr = 0.0;
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        if (!amounts[i]) continue;
        const Value& cell = periods->cells()[period_count == 1 ? 0 : i];
        auto months = billing_period_months(cell, period_count == 1 ? 1 : i + 1);
        if (!months) return months.error();
        mrr += *amounts[i] / months.value();
    }
    return Value(mrr);
}

Parameter subscription_amounts() {
    return aligned_numbers("amounts", Unit::currency, "Amount billed per billing period for each subscription");
}
Parameter billing_periods() {
    return aligned_numbers("billing_periods", Unit::months,
                           "Months each amount covers (1, 3, 12) or monthly/quarterly/annual; one cell for all");
}

}  // namespace

void register_customer_kpis(Registry& r) {
    r.add({
        .id = "customer_retention_rate",
        .worksheet_name = "KPI.RETENTION",
        .title = "Customer retention rate",
        .description = "Share of the customers at the start of a period still customers at its end.",
        .parameters = {number("customers_at_start", Unit::count, "Customers at the start of the period").at_least(0),
                       number("customers_at_end", Unit::count, "Customers at the end of the period").at_least(0),
                       number("new_customers", Unit::count, "Customers acquired during the period").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "(customers_at_end - new_customers) / customers_at_start",
        .source = std::string("Farris et al., Marketing Metrics, 2nd ed. (2010), ch. 5; ") + skok,
        .notes = "More new customers than customers at the end, or more retained than there were at the start "
                 "(retention above 100%), is inconsistent data and gives #NUM!.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                const double start = in.number(0), end = in.number(1), added = in.number(2);
                const double retained = end - added;
                if (retained < 0)
                    return out_of_domain("new_customers (" + number_text(added) + ") exceeds customers_at_end (" +
                                         number_text(end) + ")");
                if (start == 0) return division_by_zero("customers_at_start");
                if (retained > start)
                    return out_of_domain("customers_at_end - new_customers (" + number_text(retained) +
                                         ") exceeds customers_at_start (" + number_text(start) +
                                         "): retention above 100%");
                return Value(retained / start);
            },
    });
    r.add({
        .id = "churn_rate",
        .worksheet_name = "KPI.CHURN",
        .title = "Churn rate",
        .description = "Share of the customers at the start of a period lost during it.",
        .parameters = {number("customers_lost", Unit::count, "Customers who left during the period").at_least(0),
                       number("customers_at_start", Unit::count, "Customers at the start of the period").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::lower_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "customers_lost / customers_at_start",
        .source = skok,
        .notes = "Per period: a monthly churn rate is not an annual one (see KPI.CHURNANNUAL).",
        .compute =
            [](const Inputs& in) {
                return share_of(in.number(0), "customers_lost", in.number(1), "customers_at_start");
            },
    });
    r.add({
        .id = "annualized_churn_rate",
        .worksheet_name = "KPI.CHURNANNUAL",
        .title = "Annualised churn rate",
        .description = "Churn over a year from a per-period churn rate, compounded: 1 - (1 - m)^12.",
        .parameters = {number("period_churn_rate", Unit::ratio, "Churn rate of one period, 0.02 for 2%").between(0, 1),
                       number("periods_per_year", Unit::count, "Periods in a year: 12 (default) for monthly, 4 for quarterly")
                           .above(0)
                           .defaults_to(12.0)},
        .unit = Unit::ratio,
        .direction = Direction::lower_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "1 - (1 - period_churn_rate) ^ periods_per_year",
        .source = skok,
        .notes = "Compounded, not 12 x m: a customer can only be lost once, so 10% a month is 71.8% a year, not 120%.",
        .compute =
            [](const Inputs& in) { return Result<Value>(Value(1.0 - std::pow(1.0 - in.number(0), in.number(1)))); },
    });
    r.add({
        .id = "monthly_recurring_revenue",
        .worksheet_name = "KPI.MRR",
        .title = "Monthly recurring revenue",
        .description = "Recurring revenue normalised to a month: each amount divided by the months it covers.",
        .parameters = {subscription_amounts(), billing_periods()},
        .unit = Unit::currency,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "sum(amount / billing_period_months)",
        .source = skok,
        .notes = "A blank amount is skipped; an amount with a blank billing period is #N/A.",
        .compute = monthly_recurring_revenue,
    });
    r.add({
        .id = "annual_recurring_revenue",
        .worksheet_name = "KPI.ARR",
        .title = "Annual recurring revenue",
        .description = "Recurring revenue normalised to a year: 12 x MRR.",
        .parameters = {subscription_amounts(), billing_periods()},
        .unit = Unit::currency,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "12 * sum(amount / billing_period_months)",
        .source = skok,
        .notes = "",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                auto mrr = monthly_recurring_revenue(in);
                if (!mrr) return mrr;
                return Value(12.0 * mrr.value().number());
            },
    });
    r.add({
        .id = "net_revenue_retention",
        .worksheet_name = "KPI.NRR",
        .title = "Net revenue retention",
        .description = "Recurring revenue kept from existing customers, with expansion: can exceed 100%.",
        .parameters = {number("starting_mrr", Unit::currency, "MRR of the existing customers at the start").at_least(0),
                       number("expansion_mrr", Unit::currency, "Upsell and cross-sell MRR from them").at_least(0),
                       number("contraction_mrr", Unit::currency, "MRR lost to downgrades").at_least(0),
                       number("churned_mrr", Unit::currency, "MRR lost to cancellations").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "(starting_mrr + expansion_mrr - contraction_mrr - churned_mrr) / starting_mrr",
        .source = skok,
        .notes = "New customers' revenue is not counted. Losses larger than the starting MRR give #NUM!.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                const double kept = in.number(0) + in.number(1) - in.number(2) - in.number(3);
                if (in.number(0) == 0) return division_by_zero("starting_mrr");
                if (kept < 0)
                    return out_of_domain("contraction_mrr + churned_mrr exceed starting_mrr + expansion_mrr");
                return Value(kept / in.number(0));
            },
    });
    r.add({
        .id = "gross_revenue_retention",
        .worksheet_name = "KPI.GRR",
        .title = "Gross revenue retention",
        .description = "Recurring revenue kept from existing customers, before expansion: at most 100%.",
        .parameters = {number("starting_mrr", Unit::currency, "MRR of the existing customers at the start").at_least(0),
                       number("contraction_mrr", Unit::currency, "MRR lost to downgrades").at_least(0),
                       number("churned_mrr", Unit::currency, "MRR lost to cancellations").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "(starting_mrr - contraction_mrr - churned_mrr) / starting_mrr",
        .source = skok,
        .notes = "Losses larger than the starting MRR give #NUM!.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                if (in.number(0) == 0) return division_by_zero("starting_mrr");
                const double lost = in.number(1) + in.number(2);
                if (lost > in.number(0))
                    return out_of_domain("contraction_mrr + churned_mrr (" + number_text(lost) +
                                         ") exceed starting_mrr (" + number_text(in.number(0)) + ")");
                return Value((in.number(0) - lost) / in.number(0));
            },
    });
    r.add({
        .id = "customer_lifetime_value",
        .worksheet_name = "KPI.CLV",
        .title = "Customer lifetime value (simple)",
        .description = "Gross profit a customer brings over their expected lifetime: ARPU x margin / churn.",
        .parameters = {number("arpu", Unit::currency, "Average revenue per user per period").at_least(0),
                       number("gross_margin", Unit::ratio, "Gross margin as a fraction, 0.7 for 70%").at_most(1),
                       number("churn_rate", Unit::ratio, "Churn rate per the same period, 0.05 for 5%").between(0, 1)},
        .unit = Unit::currency,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "arpu * gross_margin / churn_rate",
        .source = skok,
        .notes = "Undiscounted; 1 / churn_rate is the expected lifetime in periods. KPI.CLVDISC discounts.",
        .compute = [](const Inputs& in) { return divide(in.number(0) * in.number(1), in.number(2), "churn_rate"); },
    });
    r.add({
        .id = "customer_lifetime_value_discounted",
        .worksheet_name = "KPI.CLVDISC",
        .title = "Customer lifetime value (retention and discounting)",
        .description = "Present value of a customer's margins given a retention and a discount rate per period.",
        .parameters =
            {number("margin_per_period", Unit::currency, "Margin a retained customer brings each period"),
             number("retention_rate", Unit::ratio, "Share of customers kept each period, 0.8 for 80%").between(0, 1),
             number("discount_rate", Unit::ratio, "Discount rate per period, 0.1 for 10%").at_least(0),
             choice("timing", {"retained", "immediate", "first_certain"},
                    "\"retained\" (default): m*r/(1+d-r); \"immediate\": m(1+d)/(1+d-r); \"first_certain\": m/(1+d-r)")},
        .unit = Unit::currency,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "retained: m*r/(1+d-r); immediate: m*(1+d)/(1+d-r); first_certain: m/(1+d-r)",
        .source = "Gupta & Lehmann, Customers as Assets, J. Interactive Marketing 17(1), 2003; Farris et al. (2010), "
                  "ch. 5",
        .notes = "retained: margins arrive at the end of each period the customer survives (Gupta & Lehmann). "
                 "immediate: adds a first margin paid now. first_certain: the first end-of-period margin is certain. "
                 "Retention 1 with discount 0 is an infinite lifetime: #DIV/0!.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                const double m = in.number(0), retention = in.number(1), d = in.number(2);
                const double numerator = in.text(3) == "immediate"       ? m * (1 + d)
                                         : in.text(3) == "first_certain" ? m
                                                                          : m * retention;
                return divide(numerator, 1 + d - retention, "1 + discount_rate - retention_rate");
            },
    });
    r.add({
        .id = "customer_lifetime_value_cohort",
        .worksheet_name = "KPI.CLVCOHORT",
        .title = "Customer lifetime value (from a cohort)",
        .description = "Discounted margin a cohort earned over its periods, per customer acquired.",
        .parameters = {aligned_numbers("cohort_revenue", Unit::currency,
                                       "Revenue of the cohort in periods 1, 2, 3... in order; a blank period earned 0"),
                       number("cohort_size", Unit::count, "Customers acquired in the cohort").at_least(0),
                       number("gross_margin", Unit::ratio, "Gross margin as a fraction; default 1 (revenue)")
                           .at_most(1)
                           .defaults_to(1.0),
                       number("discount_rate", Unit::ratio, "Discount rate per period; default 0").at_least(0).defaults_to(0.0)},
        .unit = Unit::currency,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "sum over periods t = 1..n of cohort_revenue[t] * gross_margin / (1 + discount_rate)^t, / cohort_size",
        .source = std::string("Farris et al., Marketing Metrics, 2nd ed. (2010), ch. 5 (cohort and end-of-period "
                              "discounting)"),
        .notes = "Margins are discounted as received at the end of each period, as KPI.CLVDISC's default does. A range "
                 "with no revenue at all is #N/A.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                const auto& revenue = in.aligned(0);
                const double margin = in.number(2), growth = 1 + in.number(3);
                double value = 0.0, factor = 1.0;
                bool any = false;
                for (const auto& period : revenue) {
                    factor /= growth;
                    if (!period) continue;
                    any = true;
                    value += *period * margin * factor;
                }
                if (!any) return missing_data("cohort_revenue holds no revenue figures");
                return divide(value, in.number(1), "cohort_size");
            },
    });
    r.add({
        .id = "ltv_to_cac_ratio",
        .worksheet_name = "KPI.LTVCAC",
        .title = "LTV:CAC ratio",
        .description = "Customer lifetime value per unit of acquisition cost (3 means 3:1).",
        .parameters = {number("lifetime_value", Unit::currency, "Customer lifetime value (gross-margin based)"),
                       number("acquisition_cost", Unit::currency, "Customer acquisition cost").at_least(0)},
        .unit = Unit::multiple,
        .direction = Direction::higher_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "lifetime_value / acquisition_cost",
        .source = skok,
        .notes = "Skok's rule of thumb: above 3 is healthy.",
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "acquisition_cost"); },
    });
    r.add({
        .id = "cac_payback_months",
        .worksheet_name = "KPI.CACPAYBACK",
        .title = "CAC payback period",
        .description = "Months of gross profit from a customer needed to earn back what acquiring them cost.",
        .parameters = {number("acquisition_cost", Unit::currency, "Customer acquisition cost").at_least(0),
                       number("monthly_arpa", Unit::currency, "Average revenue per account per month").at_least(0),
                       number("gross_margin", Unit::ratio, "Gross margin as a fraction, 0.8 for 80%").between(0, 1)},
        .unit = Unit::months,
        .direction = Direction::lower_is_better,
        .family = Family::efficiency,
        .timing = Timing::lagging,
        .formula = "acquisition_cost / (monthly_arpa * gross_margin)",
        .source = skok,
        .notes = "Skok's rule of thumb: under 12 months.",
        .compute =
            [](const Inputs& in) {
                return divide(in.number(0), in.number(1) * in.number(2), "monthly_arpa * gross_margin");
            },
    });
    r.add({
        .id = "average_order_value",
        .worksheet_name = "KPI.AOV",
        .title = "Average order value",
        .description = "Revenue per order.",
        .parameters = {number("revenue", Unit::currency, "Revenue from the orders"),
                       number("orders", Unit::count, "Number of orders").at_least(0)},
        .unit = Unit::currency,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "revenue / orders",
        .source = "Shopify, Average order value",
        .notes = "",
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "orders"); },
    });
    r.add({
        .id = "purchase_frequency",
        .worksheet_name = "KPI.PURCHFREQ",
        .title = "Purchase frequency",
        .description = "Orders per unique customer in a period.",
        .parameters = {number("orders", Unit::count, "Orders in the period").at_least(0),
                       number("unique_customers", Unit::count, "Distinct customers who ordered").at_least(0)},
        .unit = Unit::multiple,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "orders / unique_customers",
        .source = "Shopify, Purchase frequency",
        .notes = "",
        .compute = [](const Inputs& in) { return divide(in.number(0), in.number(1), "unique_customers"); },
    });
    r.add({
        .id = "repeat_purchase_rate",
        .worksheet_name = "KPI.REPEATRATE",
        .title = "Repeat purchase rate",
        .description = "Share of customers who ordered more than once.",
        .parameters = {number("repeat_customers", Unit::count, "Customers with two or more orders").at_least(0),
                       number("unique_customers", Unit::count, "Distinct customers who ordered").at_least(0)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::outcome,
        .timing = Timing::lagging,
        .formula = "repeat_customers / unique_customers",
        .source = "Shopify, Repeat customer rate",
        .notes = "",
        .compute =
            [](const Inputs& in) {
                return share_of(in.number(0), "repeat_customers", in.number(1), "unique_customers");
            },
    });
}

}  // namespace kpilot::kpis
