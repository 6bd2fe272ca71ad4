#pragma once
// A path set small enough to attribute by hand, with every model's answer
// worked out below. The unit tests and the wine host both hold
// KPI.ATTRIBUTION to these numbers, and to the core called directly.
//
//   path        conversions  value  nulls (journeys that did not convert)
//   A > B       1            100    0
//   B           2            50     0
//   A > B > A   1            30     2
//
// Channels in the order the paths first name them: A, B. Totals: 4
// conversions, 180 value; each model's credits add up to them.

#include <array>
#include <string_view>

namespace kpilot::xll::hand {

inline constexpr std::array<std::string_view, 3> paths{"A > B", "B", "A > B > A"};
inline constexpr std::array<double, 3> conversions{1, 2, 1};
inline constexpr std::array<double, 3> values{100, 50, 30};
inline constexpr std::array<double, 3> nulls{0, 0, 2};
inline constexpr double total_conversions = 4;

struct Credit {
    std::string_view model;
    double a_conversions, b_conversions;
    double a_value, b_value;
};

inline constexpr std::array<Credit, 7> credits{{
    // First touch: A opens paths 1 and 3 (1 + 1 conversions, 100 + 30 value), B opens path 2 (2, 50).
    {"first_touch", 2, 2, 130, 50},
    // Last touch: B closes paths 1 and 2 (1 + 2, 100 + 50), A closes path 3 (1, 30).
    {"last_touch", 1, 3, 30, 150},
    // No channel is called "direct", so it is last touch again.
    {"last_non_direct_touch", 1, 3, 30, 150},
    // Linear: path 1 halves (0.5 and 50 each); path 2 all to B; path 3 in thirds, A twice
    // (2/3 and 20) and B once (1/3 and 10). A = 0.5 + 2/3 = 7/6, 50 + 20 = 70;
    // B = 0.5 + 2 + 1/3 = 17/6, 50 + 50 + 10 = 110.
    {"linear", 7.0 / 6.0, 17.0 / 6.0, 70, 110},
    // Position-based 0.4 / 0.2 / 0.4: path 1 has no middle, so its ends split 0.4 : 0.4, half
    // each; path 2 all to B; path 3 gives A first and last (0.8, 24) and B the middle (0.2, 6).
    // A = 0.5 + 0.8 = 1.3, 50 + 24 = 74; B = 0.5 + 2 + 0.2 = 2.7, 50 + 50 + 6 = 106.
    {"position_based", 1.3, 2.7, 74, 106},
    // Markov, order 1, nulls counted. Transitions, each path weighted by its journeys
    // (conversions + nulls: 1, 2 and 3):
    //   start -> A 1 + 3 = 4, start -> B 2                  P = 2/3, 1/3
    //   A -> B 1 + 3 = 4, A -> conversion 1, A -> null 2     P = 4/7, 1/7, 2/7
    //   B -> conversion 1 + 2 = 3, B -> A 3                  P = 1/2, 1/2
    // Conversion from A: a = 1/7 + 4/7 b; from B: b = 1/2 + a/2; so a = 3/5, b = 4/5, and
    // from the start 2/3 a + 1/3 b = 2/3.
    // Without A: b = 1/2, start gives 1/3 * 1/2 = 1/6, removal effect 1 - (1/6)/(2/3) = 3/4.
    // Without B: a = 1/7, start gives 2/3 * 1/7 = 2/21, removal effect 1 - (2/21)/(2/3) = 6/7.
    // Shares 3/4 : 6/7 = 21 : 24, so A = 4 * 21/45 = 28/15 and 180 * 21/45 = 84;
    // B = 4 * 24/45 = 32/15 and 180 * 24/45 = 96.
    {"markov", 28.0 / 15.0, 32.0 / 15.0, 84, 96},
    // Shapley: each path's conversions split evenly among its distinct channels: path 1 {A, B}
    // (0.5, 50 each), path 2 {B} (2, 50), path 3 {A, B} (0.5, 15 each).
    // A = 1, 65; B = 3, 115.
    {"shapley", 1, 3, 65, 115},
}};

// time_decay and w_shaped need touch times and lead / opportunity touches, which a path
// table does not carry: #N/A.
inline constexpr std::array<std::string_view, 2> models_without_data{"time_decay", "w_shaped"};

}  // namespace kpilot::xll::hand
