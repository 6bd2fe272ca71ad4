#include "absorbing_chain.hpp"

#include <algorithm>
#include <cmath>

namespace kpilot::attribution {

namespace {

// Gaussian elimination costs n^3/3 and is exact to rounding; beyond this many
// states (higher-order chains) an iteration that converges to the same answer
// is cheaper.
constexpr std::size_t largest_dense_system = 600;
constexpr int most_sweeps = 100000;

}  // namespace

AbsorbingChain::AbsorbingChain(std::size_t transient_states)
    : rows_(transient_states), to_conversion_(transient_states, 0.0), to_null_(transient_states, 0.0) {}

std::uint32_t AbsorbingChain::add_state() {
    rows_.emplace_back();
    to_conversion_.push_back(0.0);
    to_null_.push_back(0.0);
    return static_cast<std::uint32_t>(rows_.size() - 1);
}

void AbsorbingChain::count_transition(std::uint32_t from, std::uint32_t to, double journeys) {
    auto& row = rows_[from];
    for (Step& s : row)
        if (s.to == to) {
            s.p += journeys;
            return;
        }
    row.push_back({to, journeys});
}

void AbsorbingChain::count_conversion(std::uint32_t from, double journeys) { to_conversion_[from] += journeys; }
void AbsorbingChain::count_null(std::uint32_t from, double journeys) { to_null_[from] += journeys; }

void AbsorbingChain::normalise() {
    for (std::size_t s = 0; s < rows_.size(); ++s) {
        double total = to_conversion_[s] + to_null_[s];
        for (const Step& step : rows_[s]) total += step.p;
        if (total <= 0.0) continue;  // a state no journey left: never reached either
        for (Step& step : rows_[s]) step.p /= total;
        to_conversion_[s] /= total;
        to_null_[s] /= total;
    }
}

Result<double> AbsorbingChain::conversion_probability(std::uint32_t start, const std::vector<bool>& removed) const {
    if (removed[start]) return 0.0;
    if (rows_.size() <= largest_dense_system) return solve_dense(start, removed);
    return solve_iteratively(start, removed);
}

Result<double> AbsorbingChain::solve_dense(std::uint32_t start, const std::vector<bool>& removed) const {
    // (I - Q) x = p over the states kept; a removed state has x = 0.
    std::vector<std::uint32_t> index(rows_.size(), UINT32_MAX);
    std::size_t n = 0;
    for (std::size_t s = 0; s < rows_.size(); ++s)
        if (!removed[s]) index[s] = static_cast<std::uint32_t>(n++);
    std::vector<double> a(n * n, 0.0), b(n, 0.0);
    for (std::size_t s = 0; s < rows_.size(); ++s) {
        if (removed[s]) continue;
        const std::size_t i = index[s];
        a[i * n + i] += 1.0;
        for (const Step& step : rows_[s])
            if (!removed[step.to]) a[i * n + index[step.to]] -= step.p;
        b[i] = to_conversion_[s];
    }
    for (std::size_t col = 0; col < n; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < n; ++r)
            if (std::abs(a[r * n + col]) > std::abs(a[pivot * n + col])) pivot = r;
        if (std::abs(a[pivot * n + col]) < 1e-300)
            return Error{ErrorKind::num, "the Markov chain has states no journey leaves (singular system)"};
        if (pivot != col) {
            for (std::size_t k = 0; k < n; ++k) std::swap(a[col * n + k], a[pivot * n + k]);
            std::swap(b[col], b[pivot]);
        }
        const double d = a[col * n + col];
        for (std::size_t r = col + 1; r < n; ++r) {
            const double f = a[r * n + col] / d;
            if (f == 0.0) continue;
            for (std::size_t k = col; k < n; ++k) a[r * n + k] -= f * a[col * n + k];
            b[r] -= f * b[col];
        }
    }
    std::vector<double> x(n, 0.0);
    for (std::size_t r = n; r-- > 0;) {
        double sum = b[r];
        for (std::size_t k = r + 1; k < n; ++k) sum -= a[r * n + k] * x[k];
        x[r] = sum / a[r * n + r];
    }
    return x[index[start]];
}

Result<double> AbsorbingChain::solve_iteratively(std::uint32_t start, const std::vector<bool>& removed) const {
    // Gauss-Seidel from x = 0 rises monotonically to the solution (every
    // state reaches an absorbing one); stop when a sweep changes nothing
    // beyond rounding.
    std::vector<double> x(rows_.size(), 0.0);
    for (int sweep = 0; sweep < most_sweeps; ++sweep) {
        double largest_change = 0.0;
        for (std::size_t s = 0; s < rows_.size(); ++s) {
            if (removed[s]) continue;
            double next = to_conversion_[s];
            for (const Step& step : rows_[s])
                if (!removed[step.to]) next += step.p * x[step.to];
            largest_change = std::max(largest_change, std::abs(next - x[s]));
            x[s] = next;
        }
        if (largest_change <= 1e-16) return x[start];
    }
    return Error{ErrorKind::num, "the Markov chain did not settle within " + std::to_string(most_sweeps) +
                                     " sweeps: use a lower order"};
}

}  // namespace kpilot::attribution
