// The paths reader over arbitrary bytes, and every attribution model over what
// it read: streamed (PathAttributor, as kpilot attribute reads a paths file)
// and held (attribute(), as the worksheet and the bridge call it), with Markov
// of order 1 and 2 so one input stays cheap. Then the tables a front end
// writes from the runs.
#include <cstdint>
#include <string_view>

#include "../support/fuzz_input_file.hpp"
#include "kpilot/attribution_input.hpp"
#include "kpilot/attribution_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace at = kpilot::attribution;
    static kpilot::testing::FuzzInputFile file("paths");
    const std::string& path = file.holding(data, size);
    const std::vector<at::Model> all(at::all_models().begin(), at::all_models().end());

    // Streamed, with the defaults a user gets.
    {
        at::PathReadOptions read;
        at::PathSet channels;
        at::PathAttributor attributor(channels, all, {});
        auto report = at::stream_paths_csv(path, read, channels, [&](const at::Path& p) { attributor.add(p); });
        if (report) {
            const auto runs = std::move(attributor).finish();
            (void)at::attribution_long_table(channels, runs);
            (void)at::attribution_wide_table(channels, runs, at::AttributedMeasure::share);
        }
    }
    // Held, with another separator, decimal commas and a second-order chain.
    at::PathReadOptions read;
    read.touch_separator = ",";
    read.csv.separator = ';';
    read.csv.decimal_comma = true;
    for (const auto& options : {read, at::PathReadOptions{}}) {
        auto input = at::read_paths_csv(path, options);
        if (!input) continue;
        at::ModelOptions models;
        models.markov_order = 2;
        models.markov_use_nulls = false;
        models.position_first = 0.2;
        models.position_last = 0.5;
        models.half_life_days = 1.5;
        models.direct_channels = {"Direct", "email"};
        const auto runs = at::run_models(input.value().paths, all, models);
        (void)at::long_form(input.value().paths, runs);
        (void)at::attribution_wide_table(input.value().paths, runs, at::AttributedMeasure::value);
    }
    return 0;
}
