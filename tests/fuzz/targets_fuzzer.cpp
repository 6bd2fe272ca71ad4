// The targets file reader over arbitrary bytes, then the targets it read
// matched against a small fixed result (periods at every grain, dimensions),
// as kpilot compute --targets does.
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string_view>

#include "../support/fuzz_input_file.hpp"
#include "kpilot/kpi_engine.hpp"
#include "kpilot/kpi_tables.hpp"
#include "kpilot/targets_file.hpp"

namespace {

constexpr std::string_view model_json = R"json({
  "name": "fuzz",
  "date_column": "date",
  "measures": {
    "spend": {"aggregate": "sum", "column": "spend"},
    "leads": {"aggregate": "sum", "column": "leads"},
    "opportunities": {"aggregate": "sum", "column": "opportunities"}
  },
  "kpis": {
    "cost_per_lead": "KPI.CPL(spend, leads)",
    "lead_to_opportunity_ratio": "KPI.LEADTOOPP(opportunities, leads)",
    "spend_status": {"formula": "if(spend > 100, 'on track', 'off track')", "unit": "status"}
  }
})json";

constexpr std::string_view data_csv =
    "date,channel,region,spend,leads,opportunities\n"
    "2026-07-01,search,EMEA,120.5,40,4\n"
    "2026-07-20,display,AMER,0,3,0\n"
    "2026-10-02,search,AMER,80,0,2\n"
    "2027-02-28,email,EMEA,10,5,1\n";

const kpilot::KpiModel& model() {
    static const kpilot::KpiModel fixed = [] {
        auto loaded = kpilot::parse_kpi_model(model_json, "fuzz_model.json");
        if (!loaded.model) std::abort();
        return std::move(*loaded.model);
    }();
    return fixed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kpilot;
    static testing::FuzzInputFile targets_file("targets");
    static testing::FuzzInputFile data_file("data");
    static const std::string& data_path = data_file.holding(std::string(data_csv));
    const std::string& targets_path = targets_file.holding(data, size);

    for (const bool decimal_comma : {false, true}) {
        CsvOptions csv;
        csv.decimal_comma = decimal_comma;
        auto targets = read_targets_file(targets_path, csv);
        if (!targets) continue;
        // Monthly, as most targets are set, and one more grain chosen by the input's size.
        static const Grain others[] = {Grain::quarter, Grain::fiscal_year, Grain::week, Grain::year, Grain::day};
        for (const Grain grain : {Grain::month, others[size % std::size(others)]}) {
            ComputeOptions options;
            options.by = {"channel", "region"};
            options.grain = grain;
            options.fiscal_year_start_month = 4;
            auto results = compute_kpis(model(), data_path, options, &targets.value());
            if (results) (void)long_form_table(results.value(), model(), true);
        }
        ComputeOptions all_periods;
        all_periods.by = {"region"};
        (void)compute_kpis(model(), data_path, all_periods, &targets.value());
    }
    return 0;
}
