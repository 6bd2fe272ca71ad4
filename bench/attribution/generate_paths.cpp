// Writes a paths export for the attribution benchmark: one row per path over
// 20 channels, with conversions, value, non-converting journeys, the touches
// that created the lead and the opportunity, and each touch's days before the
// conversion, so every model has what it needs. Deterministic (fixed seed).
//
//   generate_paths ROWS > paths.csv
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s ROWS\n", argv[0]);
        return 2;
    }
    const long rows = std::atol(argv[1]);
    const char* channels[20] = {"Paid Search", "Organic Search", "Paid Social", "Organic Social", "Display",
                                "Video",       "Email",          "Newsletter",  "Affiliate",      "Referral",
                                "Direct",      "Webinar",        "Events",      "Partner",        "Podcast",
                                "Print",       "Radio",          "TV",          "SMS",            "Push"};
    std::mt19937_64 rng(20261126);
    // A few channels carry most touches, as in real exports.
    std::discrete_distribution<int> channel({14, 9, 10, 5, 8, 4, 9, 3, 4, 4, 8, 2, 2, 3, 2, 1, 1, 2, 4, 5});
    std::discrete_distribution<int> length({0, 30, 22, 16, 11, 8, 6, 4, 3});
    std::uniform_int_distribution<int> days_step(0, 6);
    std::uniform_int_distribution<int> journeys(0, 40);
    std::bernoulli_distribution converts(0.35);
    std::uniform_int_distribution<int> order_value(20, 900);
    std::string line;
    std::fputs("path,conversions,value,nulls,lead_touch,opportunity_touch,days_before_conversion\n", stdout);
    for (long r = 0; r < rows; ++r) {
        const int n = length(rng);
        line.clear();
        line += '"';
        int days[8];
        int total = 0;
        for (int i = 0; i < n; ++i) {
            if (i) line += " > ";
            line += channels[channel(rng)];
            days[i] = days_step(rng);
        }
        line += "\",";
        const int conversions = converts(rng) ? 1 + journeys(rng) % 4 : 0;
        const int nulls = journeys(rng);
        line += std::to_string(conversions) + ',' + std::to_string(conversions ? conversions * order_value(rng) : 0) +
                ',' + std::to_string(nulls) + ',';
        const int lead = 1 + static_cast<int>(rng() % static_cast<unsigned>(n));
        const int opportunity = lead + static_cast<int>(rng() % static_cast<unsigned>(n - lead + 1));
        line += std::to_string(lead) + ',' + std::to_string(opportunity) + ",\"";
        // Days before the conversion: the last touch 0..6 days before, earlier ones further back.
        for (int i = n - 1; i >= 0; --i) total += days[i], days[i] = total;
        for (int i = 0; i < n; ++i) {
            if (i) line += " > ";
            line += std::to_string(days[i]);
        }
        line += "\"\n";
        std::fputs(line.c_str(), stdout);
    }
    return 0;
}
