// Customer satisfaction KPIs from survey answers.
#include <algorithm>

#include "kpis/families.hpp"
#include "kpis/kpi_math.hpp"

namespace kpilot::kpis {

namespace {

// Survey answers must sit on the scale the question used; 6 on a 1-5 scale is a data error.
Result<std::span<const double>> on_scale(std::span<const double> scores, double scale_max) {
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (scores[i] > scale_max)
            return out_of_domain("scores holds " + number_text(scores[i]) + " (number " + std::to_string(i + 1) +
                                 "), above the top of the 1-" + number_text(scale_max) + " scale");
    return scores;
}

Result<Value> net_promoter_score(double promoters, double passives, double detractors) {
    return divide(100.0 * (promoters - detractors), promoters + passives + detractors, "the number of responses");
}

Parameter survey_scores(std::string scale) {
    return numbers("scores", Unit::score, "Survey answers on the " + scale + " scale; blanks and text are skipped")
        .at_least(1)
        .whole();
}
Parameter scale_top(double default_top) {
    return number("scale_max", Unit::score,
                  "Top of the answer scale; default " + number_text(default_top))
        .between(2, 100)
        .whole()
        .defaults_to(default_top);
}

}  // namespace

void register_satisfaction_kpis(Registry& r) {
    r.add({
        .id = "net_promoter_score",
        .worksheet_name = "KPI.NPS",
        .title = "Net Promoter Score",
        .description = "Promoters (9-10) minus detractors (0-6), as a share of all 0-10 answers, times 100.",
        .parameters = {numbers("scores", Unit::score, "Answers to the 0-10 recommend question; blanks and text are skipped")
                           .between(0, 10)
                           .whole()},
        .unit = Unit::score,
        .direction = Direction::higher_is_better,
        .family = Family::qualitative,
        .timing = Timing::leading,
        .formula = "100 * (count(scores >= 9) - count(scores <= 6)) / count(scores)",
        .source = "Reichheld, The One Number You Need to Grow, Harvard Business Review, Dec. 2003; Bain & Company",
        .notes = "Runs from -100 to 100: the one score the world quotes as points, not as a fraction.",
        .compute =
            [](const Inputs& in) {
                const auto s = in.numbers(0);
                const auto promoters = std::count_if(s.begin(), s.end(), [](double x) { return x >= 9; });
                const auto detractors = std::count_if(s.begin(), s.end(), [](double x) { return x <= 6; });
                const auto passives = static_cast<std::ptrdiff_t>(s.size()) - promoters - detractors;
                return net_promoter_score(static_cast<double>(promoters), static_cast<double>(passives),
                                          static_cast<double>(detractors));
            },
    });
    r.add({
        .id = "net_promoter_score_from_counts",
        .worksheet_name = "KPI.NPSCOUNTS",
        .title = "Net Promoter Score (from counts)",
        .description = "NPS from counts of promoters, passives and detractors.",
        .parameters = {number("promoters", Unit::count, "Answers of 9 or 10").at_least(0),
                       number("passives", Unit::count, "Answers of 7 or 8").at_least(0),
                       number("detractors", Unit::count, "Answers of 0 to 6").at_least(0)},
        .unit = Unit::score,
        .direction = Direction::higher_is_better,
        .family = Family::qualitative,
        .timing = Timing::leading,
        .formula = "100 * (promoters - detractors) / (promoters + passives + detractors)",
        .source = "Reichheld, The One Number You Need to Grow, Harvard Business Review, Dec. 2003",
        .notes = "Aggregates correctly: sum the counts over groups, then take the score.",
        .compute = [](const Inputs& in) { return net_promoter_score(in.number(0), in.number(1), in.number(2)); },
    });
    r.add({
        .id = "customer_satisfaction_score",
        .worksheet_name = "KPI.CSAT",
        .title = "Customer satisfaction (top-2-box)",
        .description = "Share of answers in the top two boxes of the scale (4 or 5 on 1-5).",
        .parameters = {survey_scores("1 to scale_max"), scale_top(5)},
        .unit = Unit::ratio,
        .direction = Direction::higher_is_better,
        .family = Family::qualitative,
        .timing = Timing::lagging,
        .formula = "count(scores >= scale_max - 1) / count(scores)",
        .source = "American Customer Satisfaction Index practice; Farris et al., Marketing Metrics (2010), ch. 2",
        .notes = "KPI.CSATMEAN gives the mean answer instead.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                auto scores = on_scale(in.numbers(0), in.number(1));
                if (!scores) return scores.error();
                const double top = in.number(1) - 1;
                const auto satisfied =
                    std::count_if(scores.value().begin(), scores.value().end(), [top](double x) { return x >= top; });
                return divide(static_cast<double>(satisfied), static_cast<double>(scores.value().size()),
                              "the number of answers");
            },
    });
    r.add({
        .id = "customer_satisfaction_mean",
        .worksheet_name = "KPI.CSATMEAN",
        .title = "Customer satisfaction (mean score)",
        .description = "Mean answer on the satisfaction scale (1-5 by default).",
        .parameters = {survey_scores("1 to scale_max"), scale_top(5)},
        .unit = Unit::score,
        .direction = Direction::higher_is_better,
        .family = Family::qualitative,
        .timing = Timing::lagging,
        .formula = "sum(scores) / count(scores)",
        .source = "American Customer Satisfaction Index practice",
        .notes = "",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                auto scores = on_scale(in.numbers(0), in.number(1));
                if (!scores) return scores.error();
                return mean_of(scores.value(), "scores");
            },
    });
    r.add({
        .id = "customer_effort_score",
        .worksheet_name = "KPI.CES",
        .title = "Customer effort score",
        .description = "Mean agreement that the company made it easy (1-7 by default; higher is easier).",
        .parameters = {survey_scores("1 to scale_max agreement"), scale_top(7)},
        .unit = Unit::score,
        .direction = Direction::higher_is_better,
        .family = Family::qualitative,
        .timing = Timing::leading,
        .formula = "sum(scores) / count(scores)",
        .source = "Dixon, Freeman & Toman, Stop Trying to Delight Your Customers, HBR 2010; CEB/Gartner CES 2.0 "
                  "(1-7 agreement scale)",
        .notes = "CES 2.0 asks for agreement with \"the company made it easy\", so higher is better. Surveys that "
                 "ask how much effort it took reverse the direction.",
        .compute =
            [](const Inputs& in) -> Result<Value> {
                auto scores = on_scale(in.numbers(0), in.number(1));
                if (!scores) return scores.error();
                return mean_of(scores.value(), "scores");
            },
    });
}

}  // namespace kpilot::kpis
