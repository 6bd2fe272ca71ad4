// Writes the benchmark's fact table: one row per ad slice and day, as an ad
// platform joined with the CRM exports it, over two calendar years.
//
//   generate_facts ROWS OUT.csv
//
// The output depends on ROWS only: the generator carries its own PRNG and its own
// distributions, because <random>'s distributions differ between standard
// libraries and the benchmark must read the same file on every machine.
//
// Three channels are built to have a zero denominator for a whole month, so the
// check covers how each engine spells a division by zero: Email and Events show
// no impressions (CTR is #DIV/0!), Events has no clicks either (cost per click),
// and Organic costs nothing (ROAS and ROMI).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// splitmix64: small, fast, and the same sequence everywhere.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double between(double low, double high) { return low + (high - low) * uniform(); }
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    // Skewed like ad delivery: most slices small, a few large. The sum of three
    // uniforms is a cheap bell curve for the exponent; no libm call needed per draw.
    double skewed(double median, double spread) {
        const double bell = (uniform() + uniform() + uniform() - 1.5) * 2.0;  // about -1..1, peaked at 0
        return median * std::exp2(bell * spread);
    }
    // A count whose mean is `expected`: the fraction is kept by a coin toss, so
    // small counts (customers per slice) still sum to the right totals.
    std::int64_t count(double expected) {
        const double whole = std::floor(expected);
        return static_cast<std::int64_t>(whole) + (uniform() < expected - whole ? 1 : 0);
    }

private:
    std::uint64_t state_;
};

struct Channel {
    const char* name;
    const char* campaign_prefix;
    double impressions_median;  // per slice; 0: the channel has no impressions
    double ctr_low, ctr_high;   // of impressions; for a channel without them, clicks per slice
    double cpc_low, cpc_high;   // currency per click; for a channel without clicks, spend per slice
    double lead_rate;           // leads per click (Events: leads per slice)
    double opportunity_rate;    // per lead
    double customer_rate;       // per opportunity
    double deal_size;           // revenue per customer, median
};

// Rates as marketing benchmarks put them: search converts best, display reaches most.
constexpr Channel channels[] = {
    {"Paid Search", "search", 2500, 0.02, 0.06, 0.8, 3.5, 0.060, 0.25, 0.30, 1800},
    {"Paid Social", "social", 9000, 0.005, 0.015, 0.4, 1.5, 0.030, 0.20, 0.25, 1200},
    {"Display", "display", 30000, 0.0005, 0.003, 0.3, 1.0, 0.015, 0.15, 0.20, 900},
    {"Video", "video", 12000, 0.002, 0.008, 0.5, 2.0, 0.020, 0.18, 0.22, 1100},
    {"Affiliate", "affiliate", 3500, 0.01, 0.03, 0.5, 2.0, 0.050, 0.22, 0.28, 1500},
    {"Organic", "organic", 6000, 0.01, 0.04, 0.0, 0.0, 0.040, 0.20, 0.30, 1600},
    {"Email", "email", 0, 40, 300, 0.05, 0.25, 0.080, 0.25, 0.35, 1400},
    {"Events", "events", 0, 0, 0, 400, 4000, 25.0, 0.35, 0.40, 4000},
};
constexpr int channel_count = sizeof channels / sizeof channels[0];
// About 200 campaigns in all, more where budgets are split finer.
constexpr int campaigns_per_channel[channel_count] = {40, 35, 30, 20, 25, 10, 25, 15};

constexpr int first_year = 2023;
constexpr int days = 731;  // 2023 and 2024, a leap year

std::string iso_date(int day_index) {
    static constexpr int month_days[2][12] = {{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
                                              {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};
    int year = first_year;
    for (;;) {
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        const int length = leap ? 366 : 365;
        if (day_index < length) {
            int month = 0;
            while (day_index >= month_days[leap][month]) day_index -= month_days[leap][month++];
            char text[32];
            std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month + 1, day_index + 1);
            return text;
        }
        day_index -= length;
        ++year;
    }
}

// Money is kept in whole cents so the file holds exactly two decimals.
std::int64_t cents(double amount) { return std::llround(amount * 100.0); }

class Output {
public:
    explicit Output(std::FILE* file) : file_(file) { buffer_.reserve(capacity + 256); }
    void text(std::string_view s) { buffer_.append(s); }
    void comma() { buffer_.push_back(','); }
    void integer(std::int64_t n) {
        char digits[24];
        buffer_.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
    }
    void money(std::int64_t amount_cents) {
        integer(amount_cents / 100);
        const int rest = static_cast<int>(amount_cents % 100);
        const char decimals[4] = {'.', static_cast<char>('0' + rest / 10), static_cast<char>('0' + rest % 10), 0};
        buffer_.append(decimals, 3);
    }
    void end_row() {
        buffer_.push_back('\n');
        if (buffer_.size() >= capacity) flush();
    }
    bool flush() {
        const bool ok = std::fwrite(buffer_.data(), 1, buffer_.size(), file_) == buffer_.size();
        buffer_.clear();
        return ok;
    }

private:
    static constexpr std::size_t capacity = 1 << 20;
    std::FILE* file_;
    std::string buffer_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s ROWS OUT.csv\n", argv[0]);
        return 2;
    }
    const long long rows = std::atoll(argv[1]);
    if (rows <= 0) {
        std::fprintf(stderr, "generate_facts: ROWS must be a positive number, got '%s'\n", argv[1]);
        return 2;
    }
    std::FILE* file = std::fopen(argv[2], "wb");
    if (!file) {
        std::perror(argv[2]);
        return 1;
    }

    std::vector<std::string> dates;
    for (int d = 0; d < days; ++d) dates.push_back(iso_date(d));
    std::vector<std::vector<std::string>> campaigns(channel_count);
    for (int c = 0; c < channel_count; ++c)
        for (int k = 1; k <= campaigns_per_channel[c]; ++k) {
            char name[48];
            std::snprintf(name, sizeof name, "%s-%03d", channels[c].campaign_prefix, k);
            campaigns[c].push_back(name);
        }
    // Campaigns differ in size: the largest has about eight times the smallest's delivery.
    std::vector<std::vector<double>> campaign_scale(channel_count);
    Random setup(20240601);
    for (int c = 0; c < channel_count; ++c)
        for (int k = 0; k < campaigns_per_channel[c]; ++k) campaign_scale[c].push_back(setup.skewed(1.0, 1.5));

    Random random(0x6b70696c6f74ull);  // "kpilot"
    Output out(file);
    out.text("date,channel,campaign,spend,impressions,clicks,leads,opportunities,customers,revenue\n");
    for (long long i = 0; i < rows; ++i) {
        // Rows come in date order, as daily exports are appended.
        const int day = static_cast<int>(i * days / rows);
        const int c = static_cast<int>(random.below(channel_count));
        const Channel& ch = channels[c];
        const int k = static_cast<int>(random.below(static_cast<std::uint64_t>(campaigns_per_channel[c])));
        const double scale = campaign_scale[c][k];

        std::int64_t impressions = 0, clicks = 0, leads = 0;
        double spend = 0.0;
        if (ch.impressions_median > 0) {
            impressions = random.count(random.skewed(ch.impressions_median * scale, 1.2));
            clicks = random.count(static_cast<double>(impressions) * random.between(ch.ctr_low, ch.ctr_high));
            spend = static_cast<double>(clicks) * random.between(ch.cpc_low, ch.cpc_high);
            leads = random.count(static_cast<double>(clicks) * ch.lead_rate * random.between(0.5, 1.5));
        } else if (ch.ctr_high > 0) {  // email: clicks without impressions
            clicks = random.count(random.between(ch.ctr_low, ch.ctr_high) * scale);
            spend = static_cast<double>(clicks) * random.between(ch.cpc_low, ch.cpc_high);
            leads = random.count(static_cast<double>(clicks) * ch.lead_rate * random.between(0.5, 1.5));
        } else {  // events: a cost and the leads met there
            spend = random.between(ch.cpc_low, ch.cpc_high) * scale;
            leads = random.count(ch.lead_rate * scale * random.between(0.5, 1.5));
        }
        const std::int64_t opportunities =
            random.count(static_cast<double>(leads) * ch.opportunity_rate * random.between(0.6, 1.4));
        const std::int64_t customers =
            random.count(static_cast<double>(opportunities) * ch.customer_rate * random.between(0.6, 1.4));
        double revenue = 0.0;
        for (std::int64_t n = 0; n < customers; ++n) revenue += random.skewed(ch.deal_size, 1.0);

        out.text(dates[static_cast<std::size_t>(day)]);
        out.comma();
        out.text(ch.name);
        out.comma();
        out.text(campaigns[c][k]);
        out.comma();
        out.money(cents(spend));
        out.comma();
        out.integer(impressions);
        out.comma();
        out.integer(clicks);
        out.comma();
        out.integer(leads);
        out.comma();
        out.integer(opportunities);
        out.comma();
        out.integer(customers);
        out.comma();
        out.money(cents(revenue));
        out.end_row();
    }
    if (!out.flush() || std::fclose(file) != 0) {
        std::perror(argv[2]);
        return 1;
    }
    return 0;
}
