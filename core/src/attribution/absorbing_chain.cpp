#include "absorbing_chain.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

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

Result<std::vector<double>> AbsorbingChain::conversion_probabilities(std::uint32_t start,
                                                                     const std::vector<StateSet>& removals) const {
    if (rows_.size() <= largest_dense_system) return solve_dense(start, removals);
    std::vector<double> probabilities;
    std::vector<bool> removed(rows_.size(), false);
    auto full = solve_iteratively(start, removed);
    if (!full) return full.error();
    probabilities.push_back(full.value());
    for (const StateSet& states : removals) {
        for (std::uint32_t s : states) removed[s] = true;
        auto without = removed[start] ? Result<double>(0.0) : solve_iteratively(start, removed);
        if (!without) return without.error();
        probabilities.push_back(without.value());
        for (std::uint32_t s : states) removed[s] = false;
    }
    return probabilities;
}

namespace {

// PA = LU by Gaussian elimination with partial pivoting, kept to solve for
// as many right-hand sides as needed at n^2 each.
class LuFactors {
public:
    // nullopt when the n x n matrix `a` (row-major) is singular.
    static std::optional<LuFactors> of(std::vector<double> a, std::size_t n) {
        LuFactors f;
        f.n_ = n;
        f.row_of_.resize(n);
        for (std::size_t i = 0; i < n; ++i) f.row_of_[i] = i;
        for (std::size_t col = 0; col < n; ++col) {
            std::size_t pivot = col;
            for (std::size_t r = col + 1; r < n; ++r)
                if (std::abs(a[r * n + col]) > std::abs(a[pivot * n + col])) pivot = r;
            if (std::abs(a[pivot * n + col]) < 1e-300) return std::nullopt;
            if (pivot != col) {
                for (std::size_t k = 0; k < n; ++k) std::swap(a[col * n + k], a[pivot * n + k]);
                std::swap(f.row_of_[col], f.row_of_[pivot]);
            }
            const double d = a[col * n + col];
            for (std::size_t r = col + 1; r < n; ++r) {
                const double m = a[r * n + col] / d;
                a[r * n + col] = m;
                if (m == 0.0) continue;
                for (std::size_t k = col + 1; k < n; ++k) a[r * n + k] -= m * a[col * n + k];
            }
        }
        f.lu_ = std::move(a);
        return f;
    }

    std::vector<double> solve(const std::vector<double>& rhs) const {
        std::vector<double> y(n_);
        for (std::size_t i = 0; i < n_; ++i) {
            double sum = rhs[row_of_[i]];
            for (std::size_t k = 0; k < i; ++k) sum -= lu_[i * n_ + k] * y[k];
            y[i] = sum;
        }
        for (std::size_t i = n_; i-- > 0;) {
            double sum = y[i];
            for (std::size_t k = i + 1; k < n_; ++k) sum -= lu_[i * n_ + k] * y[k];
            y[i] = sum / lu_[i * n_ + i];
        }
        return y;
    }

private:
    std::vector<double> lu_;           // U on and above the diagonal, L's multipliers below
    std::vector<std::size_t> row_of_;  // the original row now at each position
    std::size_t n_ = 0;
};

}  // namespace

Result<std::vector<double>> AbsorbingChain::solve_dense(std::uint32_t start,
                                                        const std::vector<StateSet>& removals) const {
    // (I - Q) x = p is factored once (PA = LU). Removing the states R then
    // needs no new elimination: with G = (I - Q)^-1, the chain without R has
    // x'(start) = x(start) - G[start, R] G[R, R]^-1 x(R), the correction that
    // pins x' to 0 on R. One solve per removal of an n-state system would
    // cost n^4 over all channels: 10 s for 600 channels.
    const Error singular{ErrorKind::num, "the Markov chain has states no journey leaves (singular system)"};
    const std::size_t n = rows_.size();
    std::vector<double> lu(n * n, 0.0), b(n, 0.0);
    for (std::size_t s = 0; s < n; ++s) {
        lu[s * n + s] += 1.0;
        for (const Step& step : rows_[s]) lu[s * n + step.to] -= step.p;
        b[s] = to_conversion_[s];
    }
    const auto factors = LuFactors::of(std::move(lu), n);
    if (!factors) return singular;
    auto solve = [&](const std::vector<double>& rhs) { return factors->solve(rhs); };
    const std::vector<double> x = solve(b);
    std::vector<double> probabilities{x[start]};
    // Columns of G, each solved once, for the states some removal names.
    std::vector<std::vector<double>> column(n);
    auto column_of = [&](std::uint32_t s) -> const std::vector<double>& {
        if (column[s].empty()) {
            std::vector<double> unit(n, 0.0);
            unit[s] = 1.0;
            column[s] = solve(unit);
        }
        return column[s];
    };
    std::vector<double> m, y;
    for (const StateSet& states : removals) {
        if (std::find(states.begin(), states.end(), start) != states.end()) {
            probabilities.push_back(0.0);
            continue;
        }
        const std::size_t k = states.size();
        m.assign(k * k, 0.0);
        y.assign(k, 0.0);
        for (std::size_t j = 0; j < k; ++j) {
            const std::vector<double>& g = column_of(states[j]);
            for (std::size_t i = 0; i < k; ++i) m[i * k + j] = g[states[i]];
            y[j] = x[states[j]];
        }
        const auto small = LuFactors::of(m, k);
        if (!small) return singular;
        y = small->solve(y);
        double without = x[start];
        for (std::size_t j = 0; j < k; ++j) without -= column_of(states[j])[start] * y[j];
        // The correction can overshoot 0 by rounding when R holds every converting path.
        probabilities.push_back(std::max(0.0, without));
    }
    return probabilities;
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
