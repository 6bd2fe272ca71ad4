// The KPI model loader over arbitrary bytes: JSON, then the model's formula
// language. A model that loads has every KPI evaluated on a few measure values
// (so the expression evaluator runs, through KPIs that use KPIs) and is bound
// to a small data file, compiling its measure filters against a header.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "../support/fuzz_input_file.hpp"
#include "kpilot/kpi_engine.hpp"
#include "kpilot/kpi_model.hpp"
#include "kpilot/model_kpi_evaluator.hpp"

namespace {

constexpr std::string_view data_csv =
    "date,channel,campaign,spend,clicks,impressions,leads,revenue,stage\n"
    "2026-07-01,search,brand,120.5,40,1000,4,900,won\n"
    "2026-07-02,display,,0,3,5000,0,0,lost\n"
    "2026-08-15,search,generic,80,,2000,2,150.25,open\n";

void evaluate_kpis(const kpilot::KpiModel& model) {
    using namespace kpilot;
    const ModelKpiEvaluator evaluator(model);
    static const Value samples[] = {Value(0.0),
                                    Value(1.0),
                                    Value(-3.5),
                                    Value(1e308),
                                    Value(std::numeric_limits<double>::quiet_NaN()),
                                    Value(),
                                    Value("text"),
                                    Value(Error{ErrorKind::na, "missing"})};
    for (const auto& kpi : model.kpis) {
        const std::size_t inputs = evaluator.inputs_of(kpi.name).size();
        for (std::size_t round = 0; round < 4; ++round) {
            std::vector<Argument> arguments;
            for (std::size_t i = 0; i < inputs; ++i)
                arguments.push_back(Argument::scalar(samples[(i * 3 + round * 5) % std::size(samples)]));
            (void)evaluator.evaluate(kpi.name, arguments);
        }
        // A range where a measure's single number belongs.
        std::vector<Argument> ranges(inputs, Argument::range_of_numbers({1.0, 2.0}));
        (void)evaluator.evaluate(kpi.name, ranges);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kpilot;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    LoadedModel loaded = parse_kpi_model(text, "fuzz_model.json");
    if (!loaded.model) return 0;
    evaluate_kpis(*loaded.model);

    static testing::FuzzInputFile file("data");
    static const std::string& path = file.holding(std::string(data_csv));
    ComputeOptions options;
    if (!loaded.model->groupings.empty()) {
        const Grouping& g = loaded.model->groupings.front();
        options.by = g.by;
        options.grain = g.grain;
        options.fiscal_year_start_month = g.fiscal_year_start_month;
    }
    (void)check_model_fits(*loaded.model, path, options);
    (void)compute_kpis(*loaded.model, path, options);
    return 0;
}
