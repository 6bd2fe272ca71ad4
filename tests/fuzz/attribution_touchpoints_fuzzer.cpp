// The touchpoints reader over arbitrary bytes (timestamps, flags, stages,
// the lookback window), and every attribution model over the paths it made.
#include <cstdint>
#include <string_view>

#include "../support/fuzz_input_file.hpp"
#include "kpilot/attribution_input.hpp"
#include "kpilot/attribution_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace at = kpilot::attribution;
    static kpilot::testing::FuzzInputFile file("touchpoints");
    const std::string& path = file.holding(data, size);
    const std::vector<at::Model> all(at::all_models().begin(), at::all_models().end());

    struct Reading {
        kpilot::DateOrder order;
        double lookback_days;
        bool decimal_comma;
        int markov_order;
    };
    static const Reading readings[] = {
        {kpilot::DateOrder::iso, 30.0, false, 1},
        {kpilot::DateOrder::day_first, 0.0, true, 2},
        {kpilot::DateOrder::month_first, 0.25, false, 1},
    };
    for (const Reading& r : readings) {
        at::TouchpointReadOptions read;
        read.date_order = r.order;
        read.lookback_days = r.lookback_days;
        read.csv.decimal_comma = r.decimal_comma;
        auto input = at::read_touchpoints_csv(path, read);
        if (!input) continue;
        at::ModelOptions models;
        models.markov_order = r.markov_order;
        const auto runs = at::run_models(input.value().paths, all, models);
        (void)at::attribution_long_table(input.value().paths, runs);
    }
    return 0;
}
