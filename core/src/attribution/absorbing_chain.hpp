#pragma once
// An absorbing Markov chain: transient states, and two absorbing ones,
// conversion and null. The probability of ending in conversion is solved
// from the linear system x = P x + p, not simulated, so the same counts
// always give the same answer.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kpilot/result.hpp"

namespace kpilot::attribution {

class AbsorbingChain {
public:
    explicit AbsorbingChain(std::size_t transient_states);

    std::size_t size() const { return rows_.size(); }
    // A new transient state's index.
    std::uint32_t add_state();
    // Counted journeys that went from one state to another (or ended).
    void count_transition(std::uint32_t from, std::uint32_t to, double journeys);
    void count_conversion(std::uint32_t from, double journeys);
    void count_null(std::uint32_t from, double journeys);

    // Turns the counts into probabilities; call once, after counting.
    void normalise();

    // P(ending in conversion) from `start`: first with every state kept, then
    // once per set of removed states, where a journey that reaches a removed
    // state ends in null. #NUM! when the system cannot be solved.
    using StateSet = std::vector<std::uint32_t>;
    Result<std::vector<double>> conversion_probabilities(std::uint32_t start,
                                                         const std::vector<StateSet>& removals) const;

private:
    struct Step {
        std::uint32_t to;
        double p;
    };
    Result<std::vector<double>> solve_dense(std::uint32_t start, const std::vector<StateSet>& removals) const;
    Result<double> solve_iteratively(std::uint32_t start, const std::vector<bool>& removed) const;

    std::vector<std::vector<Step>> rows_;  // to transient states
    std::vector<double> to_conversion_;
    std::vector<double> to_null_;
};

}  // namespace kpilot::attribution
